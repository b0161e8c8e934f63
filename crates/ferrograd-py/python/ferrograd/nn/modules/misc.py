"""``Flatten``, ``Unflatten``, ``Dropout``, ``Embedding``."""

from ... import empty
from .. import functional as F
from .. import init
from ..._grad_mode import no_grad
from ..parameter import Parameter
from .module import Module

__all__ = ["Flatten", "Unflatten", "Dropout", "Embedding"]


class Flatten(Module):
    r"""Flattens a contiguous range of dims into a tensor.

    Example::

        >>> nn.Flatten()(torch.zeros(32, 1, 5, 5)).size()
        torch.Size([32, 25])
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        """The module applied to its input(s)."""
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    r"""Unflattens dimension ``dim`` of a tensor into ``unflattened_size``.

    Example::

        >>> nn.Unflatten(1, (2, 5))(torch.zeros(2, 10)).size()
        torch.Size([2, 2, 5])
    """

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if not isinstance(dim, int):
            raise TypeError("invalid argument type for dim parameter")
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError("unflattened_size must be tuple of ints, but found type {}".format(type(unflattened_size).__name__))
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        """The module applied to its input(s)."""
        d = self.dim % input.dim() if input.dim() else 0
        n = 1
        for s in self.unflattened_size:
            n *= s
        if n != input.shape[d]:
            raise RuntimeError(
                f"unflatten: Provided sizes {list(self.unflattened_size)} don't multiply up to the size of dim "
                f"{self.dim} ({input.shape[d]}) in the input tensor"
            )
        shape = list(input.shape[:d]) + list(self.unflattened_size) + list(input.shape[d + 1:])
        return input.reshape(shape)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Dropout(Module):
    r"""During training, randomly zeroes some of the elements of the input tensor with
    probability :attr:`p` and scales the others by :math:`1/(1-p)`; the identity in evaluation
    mode.

    Example::

        >>> m = nn.Dropout(p=0.2).eval()
        >>> m(torch.ones(2))
        tensor([1., 1.])
    """

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"p={self.p}, inplace={self.inplace}"


class Embedding(Module):
    r"""A lookup table of ``num_embeddings`` vectors of size ``embedding_dim``, initialised from
    :math:`\mathcal{N}(0, 1)`; the row at ``padding_idx`` is zero and receives no gradient.

    Example::

        >>> e = nn.Embedding(10, 3, padding_idx=0)
        >>> e(torch.tensor([[0, 2], [4, 9]])).size()
        torch.Size([2, 2, 3])
    """

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None:
            if padding_idx > 0:
                assert padding_idx < self.num_embeddings, "Padding_idx must be within num_embeddings"
            elif padding_idx < 0:
                assert padding_idx >= -self.num_embeddings, "Padding_idx must be within num_embeddings"
                padding_idx = self.num_embeddings + padding_idx
        if scale_grad_by_freq or sparse:
            raise NotImplementedError("Embedding(scale_grad_by_freq=, sparse=) is not supported in ferrograd")
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        if _weight is None:
            self.weight = Parameter(empty((num_embeddings, embedding_dim), dtype=dtype), requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError("Shape of weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self):
        """PyTorch's initialisation: ``N(0, 1)``, the padding row zeroed."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type)

    def extra_repr(self):
        """The arguments shown in the repr."""
        s = "{num_embeddings}, {embedding_dim}"
        if self.padding_idx is not None:
            s += ", padding_idx={padding_idx}"
        if self.max_norm is not None:
            s += ", max_norm={max_norm}"
        if self.norm_type != 2:
            s += ", norm_type={norm_type}"
        return s.format(**self.__dict__)

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                        scale_grad_by_freq=False, sparse=False):
        """An embedding whose table is ``embeddings`` (frozen unless ``freeze=False``)."""
        assert embeddings.dim() == 2, "Embeddings parameter is expected to be 2-dimensional"
        rows, cols = embeddings.shape
        return cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings, _freeze=freeze,
                   padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type,
                   scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)
