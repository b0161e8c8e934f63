"""Datasets: ``Dataset``, ``TensorDataset``, ``Subset`` and ``random_split``."""

import itertools
import math
import warnings

import ferrograd as torch


class Dataset:
    """An indexable collection of samples: subclasses define ``__getitem__`` (and usually
    ``__len__``).

    Example::

        >>> class Squares(Dataset):
        ...     def __len__(self):
        ...         return 3
        ...     def __getitem__(self, i):
        ...         return i * i
        >>> [Squares()[i] for i in range(3)]
        [0, 1, 4]
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")


class TensorDataset(Dataset):
    """Samples that are the rows of tensors of equal first dimension: item ``i`` is the tuple
    of each tensor's row ``i``.

    Example::

        >>> ds = TensorDataset(torch.tensor([[1.0], [2.0]]), torch.tensor([0, 1]))
        >>> len(ds), ds[1]
        (2, (tensor([2.]), tensor(1)))
    """

    def __init__(self, *tensors):
        if not all(tensors[0].size(0) == t.size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order.

    Example::

        >>> Subset([10, 20, 30], [2, 0])[0]
        30
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=None):
    """Splits ``dataset`` into non-overlapping subsets of the given lengths (or fractions that
    sum to 1), through one ``randperm`` of the generator (the default one if ``None``), as
    PyTorch does: the same seed gives PyTorch's split.

    Example::

        >>> g = torch.Generator().manual_seed(42)
        >>> [list(s) for s in random_split(range(6), [2, 4], generator=g)]
        [[0, 3], [2, 4, 1, 5]]
    """
    if generator is None:
        generator = torch.default_generator
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        subset_lengths = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            subset_lengths.append(math.floor(len(dataset) * frac))
        remainder = len(dataset) - sum(subset_lengths)
        for i in range(remainder):
            subset_lengths[i % len(subset_lengths)] += 1
        lengths = subset_lengths
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(
                    f"Length of split at index {i} is 0. This might result in an empty dataset.",
                    stacklevel=2,
                )
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    indices = torch.randperm(sum(lengths), generator=generator).tolist()
    return [
        Subset(dataset, indices[offset - length : offset])
        for offset, length in zip(itertools.accumulate(lengths), lengths)
    ]
