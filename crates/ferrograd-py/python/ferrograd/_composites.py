"""Functions PyTorch itself composes from other ops (so they record the same nodes): stacking
(``hstack vstack dstack column_stack``), ``atleast_*d``, ``meshgrid``, ``cartesian_prod``,
``repeat_interleave``, ``fliplr flipud``, ``diff``, ``swapdims``. The ones that are also tensor
methods in PyTorch are installed on :class:`Tensor` by the package."""

import warnings

from ._ferrograd import Tensor


def _seq(tensors, name):
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


def _varargs(tensors):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return list(tensors[0])
    return list(tensors)


def atleast_1d(*tensors):
    """atleast_1d(*tensors) -> Tensor or tuple of Tensors

    Each tensor with at least one dimension (a 0-dim tensor becomes one element).

    Example::

        >>> torch.atleast_1d(torch.tensor(1.0))
        tensor([1.])
    """
    ts = [t if t.dim() >= 1 else t.reshape(1) for t in _varargs(tensors)]
    return ts[0] if len(tensors) == 1 and isinstance(tensors[0], Tensor) else tuple(ts)


def atleast_2d(*tensors):
    """atleast_2d(*tensors) -> Tensor or tuple of Tensors

    Each tensor with at least two dimensions (a vector becomes one row).

    Example::

        >>> torch.atleast_2d(torch.tensor([1.0, 2.0]))
        tensor([[1., 2.]])
    """

    def two(t):
        if t.dim() == 0:
            return t.reshape(1, 1)
        return t.unsqueeze(0) if t.dim() == 1 else t

    ts = [two(t) for t in _varargs(tensors)]
    return ts[0] if len(tensors) == 1 and isinstance(tensors[0], Tensor) else tuple(ts)


def atleast_3d(*tensors):
    """atleast_3d(*tensors) -> Tensor or tuple of Tensors

    Each tensor with at least three dimensions (a vector ``(n,)`` becomes ``(1, n, 1)``, a
    matrix ``(m, n)`` becomes ``(m, n, 1)``).

    Example::

        >>> torch.atleast_3d(torch.ones(2, 3)).shape
        torch.Size([2, 3, 1])
    """

    def three(t):
        if t.dim() == 0:
            return t.reshape(1, 1, 1)
        if t.dim() == 1:
            return t.unsqueeze(0).unsqueeze(-1)
        return t.unsqueeze(-1) if t.dim() == 2 else t

    ts = [three(t) for t in _varargs(tensors)]
    return ts[0] if len(tensors) == 1 and isinstance(tensors[0], Tensor) else tuple(ts)


def hstack(tensors):
    """hstack(tensors) -> Tensor

    Stacks tensors horizontally: along dimension 1, or 0 for vectors.

    Example::

        >>> torch.hstack([torch.tensor([1, 2]), torch.tensor([3])])
        tensor([1, 2, 3])
    """
    from . import cat

    ts = atleast_1d(*_seq(tensors, "hstack"))
    ts = ts if isinstance(ts, tuple) else (ts,)
    return cat(ts, 0 if ts[0].dim() == 1 else 1)


def vstack(tensors):
    """vstack(tensors) -> Tensor

    Stacks tensors vertically: along dimension 0, after making vectors rows.

    Example::

        >>> torch.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])])
        tensor([[1, 2],
                [3, 4]])
    """
    from . import cat

    ts = atleast_2d(*_seq(tensors, "vstack"))
    return cat(ts if isinstance(ts, tuple) else (ts,), 0)


def row_stack(tensors):
    """row_stack(tensors) -> Tensor

    Alias for :func:`vstack`.

    Example::

        >>> torch.row_stack([torch.tensor([1]), torch.tensor([2])])
        tensor([[1],
                [2]])
    """
    return vstack(tensors)


def dstack(tensors):
    """dstack(tensors) -> Tensor

    Stacks tensors depthwise: along dimension 2, after making them at least 3-dimensional.

    Example::

        >>> torch.dstack([torch.ones(2, 3), torch.zeros(2, 3)]).shape
        torch.Size([2, 3, 2])
    """
    from . import cat

    ts = atleast_3d(*_seq(tensors, "dstack"))
    return cat(ts if isinstance(ts, tuple) else (ts,), 2)


def column_stack(tensors):
    """column_stack(tensors) -> Tensor

    Stacks tensors as columns: vectors (and 0-dim tensors) become columns, then everything is
    joined along dimension 1.

    Example::

        >>> torch.column_stack([torch.tensor([1, 2]), torch.tensor([3, 4])])
        tensor([[1, 3],
                [2, 4]])
    """
    from . import cat

    ts = [t.reshape(t.numel(), 1) if t.dim() <= 1 else t for t in _seq(tensors, "column_stack")]
    return cat(ts, 1)


def meshgrid(*tensors, indexing=None):
    """meshgrid(*tensors, indexing=None) -> tuple of Tensors

    Coordinate grids of 1-D tensors: output ``i`` holds ``tensors[i]`` along dimension ``i``
    (``indexing='ij'``, the default, with PyTorch's warning when not given), or with the first
    two dimensions swapped (``'xy'``). The outputs are expanded views.

    Example::

        >>> a, b = torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]), indexing='ij')
        >>> a
        tensor([[1, 1, 1],
                [2, 2, 2]])
        >>> b
        tensor([[3, 4, 5],
                [3, 4, 5]])
    """
    ts = _varargs(tensors)
    if not ts:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing is None:
        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    for t in ts:
        if t.dim() > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
    swap = indexing == "xy" and len(ts) >= 2
    order = list(range(len(ts)))
    if swap:
        order[0], order[1] = 1, 0
    sizes = [ts[i].numel() for i in order]
    out = []
    for i, t in enumerate(ts):
        pos = order.index(i)
        shape = [1] * len(ts)
        shape[pos] = -1
        out.append(t.reshape(*shape).expand(*sizes))
    return tuple(out)


def cartesian_prod(*tensors):
    """cartesian_prod(*tensors) -> Tensor

    The Cartesian product of 1-D tensors: one row per combination (a single tensor is
    returned as it is).

    Example::

        >>> torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
        tensor([[1, 3],
                [1, 4],
                [2, 3],
                [2, 4]])
    """
    from . import stack

    ts = _varargs(tensors)
    for t in ts:
        if t.dim() != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(ts) == 1:
        return ts[0]
    grids = meshgrid(*ts, indexing="ij")
    return stack([g.flatten() for g in grids], 1)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """repeat_interleave(input, repeats, dim=None, *, output_size=None) -> Tensor

    Repeats each element (or each slice along :attr:`dim`) :attr:`repeats` times in place,
    ``[a, b] -> [a, a, b, b]``; :attr:`repeats` may be a tensor giving a count per element.
    Without :attr:`dim` the input is flattened first. ``repeat_interleave(counts)`` alone gives
    the indices ``0, 1, …`` each repeated its count.

    Example::

        >>> torch.repeat_interleave(torch.tensor([1, 2]), 2)
        tensor([1, 1, 2, 2])
        >>> torch.repeat_interleave(torch.tensor([1, 2]))
        tensor([0, 1, 1])
    """
    from . import arange, tensor as _tensor

    if repeats is None:
        counts = input
        if counts.dim() != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        return repeat_interleave(arange(counts.numel(), device="cpu"), counts, 0)
    if isinstance(repeats, float) or isinstance(repeats, bool):
        raise TypeError(
            f"repeat_interleave(): argument 'repeats' must be Tensor or int, not {type(repeats).__name__}"
        )
    if dim is not None and input.dim() == 0:
        # PyTorch reads dim against the input with a dimension added
        raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but got {dim + 1})")
    x = input.flatten() if dim is None else input
    d = 0 if dim is None else dim
    d = d + x.dim() if d < 0 else d
    n = x.shape[d]
    if isinstance(repeats, Tensor):
        if repeats.dim() == 0 or repeats.numel() == 1:
            repeats = int(repeats.item())
        else:
            if repeats.dim() != 1 or repeats.numel() != n:
                raise RuntimeError(
                    f"repeats must have the same size as input along dim, but got repeats.size(0) = {repeats.numel()} and input.size({d}) = {n}"
                )
            counts = repeats.tolist()
            if any(c < 0 for c in counts):
                raise RuntimeError("repeats can not be negative")
            index = _tensor([i for i, c in enumerate(counts) for _ in range(c)], dtype=repeats.dtype, device="cpu")
            return x.index_select(d, index)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    shape = list(x.shape)
    expanded = x.unsqueeze(d + 1).expand(*shape[: d + 1], repeats, *shape[d + 1 :])
    shape[d] = n * repeats
    return expanded.contiguous().view(shape)


def fliplr(input):
    """fliplr(input) -> Tensor

    Reverses the order of the columns (dimension 1); the input has at least two dimensions.

    Example::

        >>> torch.fliplr(torch.tensor([[1, 2], [3, 4]]))
        tensor([[2, 1],
                [4, 3]])
    """
    if input.dim() < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return input.flip([1])


def flipud(input):
    """flipud(input) -> Tensor

    Reverses the order of the rows (dimension 0); the input has at least one dimension.

    Example::

        >>> torch.flipud(torch.tensor([[1, 2], [3, 4]]))
        tensor([[3, 4],
                [1, 2]])
    """
    if input.dim() < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return input.flip([0])


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """diff(input, n=1, dim=-1, prepend=None, append=None) -> Tensor

    The :attr:`n`-th forward difference along :attr:`dim`, ``x[i + 1] - x[i]`` applied
    :attr:`n` times, after joining :attr:`prepend` and :attr:`append` to the input.

    Example::

        >>> torch.diff(torch.tensor([1, 3, 6, 10]))
        tensor([2, 3, 4])
        >>> torch.diff(torch.tensor([1, 3, 6, 10]), n=2)
        tensor([1, 1])
    """
    from . import bool as bool_, cat

    if input.dim() == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    for t in (prepend, append):
        if t is not None and t.dim() != input.dim():
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    parts = [t for t in (prepend, input, append) if t is not None]
    x = cat(parts, dim) if len(parts) > 1 else input
    for _ in range(n):
        m = x.shape[dim]
        if m == 0:
            break
        later, earlier = x.narrow(dim, 1, m - 1), x.narrow(dim, 0, m - 1)
        # booleans differ by exclusive or, as in PyTorch
        x = later.logical_xor(earlier) if x.dtype == bool_ else later - earlier
    return x


def swapdims(input, dim0, dim1):
    """swapdims(input, dim0, dim1) -> Tensor

    Alias for :func:`transpose`.

    Example::

        >>> torch.swapdims(torch.zeros(2, 3), 0, 1).shape
        torch.Size([3, 2])
    """
    return input.transpose(dim0, dim1)


# PyTorch has these as tensor methods too
def inverse(input):
    """inverse(input) -> Tensor

    Alias for :func:`torch.linalg.inv`.

    Example::

        >>> torch.inverse(torch.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    from .linalg import inv

    return inv(input)


def det(input):
    """det(input) -> Tensor

    Alias for :func:`torch.linalg.det`.

    Example::

        >>> torch.det(torch.tensor([[2.0, 1.0], [1.0, 3.0]]))
        tensor(5.)
    """
    from .linalg import det as _det

    return _det(input)


def slogdet(input):
    """slogdet(input) -> (Tensor, Tensor)

    Alias for :func:`torch.linalg.slogdet`, as the named tuple ``torch.return_types.slogdet``.

    Example::

        >>> torch.slogdet(torch.tensor([[2.0, 0.0], [0.0, 2.0]])).logabsdet
        tensor(1.3863)
    """
    from . import _ferrograd as _C, return_types

    return return_types.slogdet(_C._linalg_slogdet(input))


def logdet(input):
    """logdet(input) -> Tensor

    The natural log of the determinant of each square matrix: NaN where the determinant is
    negative, ``-inf`` where it is zero (composed of ``slogdet`` and ``where``).

    Example::

        >>> torch.logdet(torch.tensor([[2.0, 0.0], [0.0, 2.0]]))
        tensor(1.3863)
    """
    from . import _ferrograd as _C, where

    from ._functions import _scalar_type_name

    if isinstance(input, Tensor) and not input.is_floating_point():
        raise NotImplementedError(
            f"logdet: Expected a floating point or complex tensor as input. Got {_scalar_type_name(input.dtype)}"
        )
    sign, logabsdet = _C._linalg_slogdet(input)
    return where(sign == -1, logabsdet.new_full((), float("nan")), logabsdet)


def _inplace_of(name):
    """``Tensor.<name>_``: the out-of-place method computed, then written into the tensor,
    which takes over its node (``x.pow_(2)`` records ``PowBackward0``). When a gradient may be
    recorded, the op reads a copy of the old values, which the write replaces."""
    from . import _ferrograd as _C, is_grad_enabled

    method = getattr(Tensor, name)

    def fn(self, *args, **kwargs):
        reads_old = is_grad_enabled() and (
            self.requires_grad
            or any(isinstance(a, Tensor) and a.requires_grad for a in (*args, *kwargs.values()))
        )
        start = self.clone() if reads_old and not (self.is_leaf and self.requires_grad) else self
        return _C._assign_inplace(self, method(start, *args, **kwargs))

    fn.__name__ = fn.__qualname__ = name + "_"
    head = (method.__doc__ or "").split("\n", 1)[0]
    head = head.replace(f"{name}(", f"{name}_(", 1) if head.startswith(f"{name}(") else f"{name}_() -> Tensor"
    fn.__doc__ = (
        f"{head}\n\nIn-place version of :meth:`~Tensor.{name}`.\n\n"
        f"Example::\n\n    >>> x = torch.tensor([1.0, -2.0])\n    >>> x.{name}_({_EXAMPLE_ARGS.get(name, '')}) is x\n    True\n"
    )
    return fn


# example arguments of the in-place forms' docstrings
_EXAMPLE_ARGS = {
    "pow": "2",
    "fmod": "1.5",
    "remainder": "1.5",
    "atan2": "torch.tensor([1.0, 1.0])",
    "hypot": "torch.tensor([1.0, 1.0])",
    "xlogy": "torch.tensor([2.0, 2.0])",
    "true_divide": "2.0",
    "logical_and": "torch.tensor([True, False])",
    "logical_or": "torch.tensor([True, False])",
    "logical_xor": "torch.tensor([True, False])",
}

# out-of-place methods whose in-place form PyTorch has and ferrograd writes back generically
_GENERIC_INPLACE = [
    "neg", "pow", "fmod", "remainder", "atan2", "hypot", "xlogy", "true_divide", "nan_to_num",
    "logical_not", "logical_and", "logical_or", "logical_xor", "negative", "square",
]

TENSOR_METHODS = {
    "inverse": inverse,
    "det": det,
    "slogdet": slogdet,
    "logdet": logdet,
    "repeat_interleave": repeat_interleave,
    "fliplr": fliplr,
    "flipud": flipud,
    "diff": diff,
    "swapdims": swapdims,
}
for _name in _GENERIC_INPLACE:
    if hasattr(Tensor, _name) and not hasattr(Tensor, _name + "_"):
        TENSOR_METHODS[_name + "_"] = _inplace_of(_name)


def _triangle_inplace(name):
    method = _inplace_of(name)

    def fn(self, diagonal=0):
        return method(self, diagonal)

    fn.__name__ = fn.__qualname__ = name + "_"
    fn.__doc__ = (
        f"{name}_(diagonal=0) -> Tensor\n\nIn-place version of :meth:`~Tensor.{name}`.\n\n"
        f"Example::\n\n    >>> x = torch.ones(2, 2)\n    >>> x.{name}_() is x\n    True\n"
    )
    return fn


TENSOR_METHODS["tril_"] = _triangle_inplace("tril")
TENSOR_METHODS["triu_"] = _triangle_inplace("triu")
