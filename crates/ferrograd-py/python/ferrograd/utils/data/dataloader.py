"""``DataLoader`` and ``default_collate`` (single process)."""

import ferrograd as torch

from .sampler import BatchSampler, RandomSampler, SequentialSampler


def default_collate(batch):
    """Stacks a list of samples into a batch as PyTorch's ``default_collate``: tensors are
    stacked, Python floats/ints/bools become a tensor, dicts and sequences are collated field by
    field (a tuple of fields gives a list), strings stay a list.

    Example::

        >>> default_collate([(torch.tensor([1.0, 2.0]), 3), (torch.tensor([3.0, 4.0]), 5)])
        [tensor([[1., 2.],
                [3., 4.]]), tensor([3, 5])]
    """
    elem = batch[0]
    if isinstance(elem, torch.Tensor):
        return torch.stack(list(batch), 0)
    if isinstance(elem, bool):
        return torch.tensor(batch)
    if isinstance(elem, float):
        return torch.tensor(batch, dtype=torch.float64)
    if isinstance(elem, int):
        return torch.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, dict):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, (list, tuple)):
        size = len(elem)
        if any(len(e) != size for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(samples)) for samples in zip(*batch)]
    raise TypeError(
        "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
        f"found {type(elem)}"
    )


class DataLoader:
    """Iterates over ``dataset`` in batches (in this process): ``batch_size``, ``shuffle`` (a
    ``RandomSampler`` drawing PyTorch's order from ``generator`` or the default generator),
    ``sampler``/``batch_sampler``, ``drop_last`` and ``collate_fn`` (``default_collate``).

    Example::

        >>> ds = TensorDataset(torch.arange(5.0), torch.tensor([0, 1, 0, 1, 0]))
        >>> [x.tolist() for x, _ in DataLoader(ds, batch_size=2)]
        [[0.0, 1.0], [2.0, 3.0], [4.0]]
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, generator=None, **kwargs):
        if num_workers != 0:
            raise ValueError("ferrograd's DataLoader loads in the calling process: num_workers must be 0")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"
                )
            batch_size = None
            drop_last = False
        if sampler is None:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        self.num_workers = 0
        self.collate_fn = default_collate if collate_fn is None else collate_fn

    def __iter__(self):
        # PyTorch's iterator draws a base seed for its workers first (even with none), from
        # the loader's generator or the default one: the sampler's draws come after it
        kwargs = {} if self.generator is None else {"generator": self.generator}
        self._base_seed = int(torch.empty((), dtype=torch.int64).random_(**kwargs).item())
        if self.batch_sampler is None:
            for i in self.sampler:
                yield self.dataset[i]
            return
        for indices in self.batch_sampler:
            yield self.collate_fn([self.dataset[i] for i in indices])

    def __len__(self):
        if self.batch_sampler is None:
            return len(self.sampler)
        return len(self.batch_sampler)
