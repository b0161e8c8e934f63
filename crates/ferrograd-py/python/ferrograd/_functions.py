"""Module-level forms of tensor methods (``torch.sum(x, 0)`` is ``x.sum(0)``)."""

import builtins as _builtins
import operator as _operator

from . import _ferrograd as _C
from ._ferrograd import Tensor, dtype
from ._function_docs import DOCS as _DOCS


def _method(name, doc=None):
    method = getattr(Tensor, name)

    def fn(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(
                f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}"
            )
        return method(input, *args, **kwargs)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = _DOCS.get(name, doc)
    return fn


def _alias(fn, name, of):
    """``fn`` under another name, documented as an alias (``torch.greater`` of ``torch.gt``)."""
    out = _method(fn.__name__)
    out.__name__ = out.__qualname__ = name
    out.__doc__ = f"{name}(input, other) -> Tensor\n\nAlias for :func:`torch.{of}`.\n\n" + (fn.__doc__ or "").split("\n\n", 1)[1]
    return out


sum = _method("sum")
mean = _method("mean")
max = _method("max")
min = _method("min")
amax = _method("amax")
amin = _method("amin")
argmax = _method("argmax")
argmin = _method("argmin")
reshape = _method("reshape")
flatten = _method("flatten")
ravel = _method("ravel")
transpose = _method("transpose")
swapaxes = _method("swapaxes")
t = _method("t")
permute = _method("permute")
squeeze = _method("squeeze")
unsqueeze = _method("unsqueeze")
select = _method("select")
narrow = _method("narrow")
unbind = _method("unbind")
eq = _method("eq")
ne = _method("ne")
lt = _method("lt")
le = _method("le")
gt = _method("gt")
ge = _method("ge")
greater = _alias(gt, "greater", "gt")
greater_equal = _alias(ge, "greater_equal", "ge")
less = _alias(lt, "less", "lt")
less_equal = _alias(le, "less_equal", "le")
not_equal = _alias(ne, "not_equal", "ne")
logical_not = _method("logical_not")
logical_and = _method("logical_and")
logical_or = _method("logical_or")
logical_xor = _method("logical_xor")


def _bitwise(name, reflected):
    """``torch.<name>(input, other)``: ``input`` a tensor, or a number with ``other`` a tensor
    (PyTorch's ``(Number self, Tensor other)`` overload, through the reflected operator)."""
    method = getattr(Tensor, name)
    rmethod = getattr(Tensor, reflected)

    def fn(input, other):
        if isinstance(input, Tensor):
            return method(input, other)
        if isinstance(other, Tensor) and isinstance(input, (bool, int, float)):
            return rmethod(other, input)
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got "
            f"({type(input).__name__}, {type(other).__name__}), but expected one of:\n"
            " * (Tensor input, Tensor other)\n * (Number self, Tensor other)\n"
            " * (Tensor input, Number other)"
        )

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = _DOCS[name]
    return fn


bitwise_and = _bitwise("bitwise_and", "__rand__")
bitwise_or = _bitwise("bitwise_or", "__ror__")
bitwise_xor = _bitwise("bitwise_xor", "__rxor__")
bitwise_left_shift = _bitwise("bitwise_left_shift", "__rlshift__")
bitwise_right_shift = _bitwise("bitwise_right_shift", "__rrshift__")
bitwise_not = _method("bitwise_not")
clone = _method("clone")
detach = _method("detach")
masked_fill = _method("masked_fill")
multiply = _method("multiply")
subtract = _method("subtract")
divide = _method("divide")
true_divide = _method("true_divide")
clamp_min = _method("clamp_min")
clamp_max = _method("clamp_max")


def _method_doc(name, signature):
    """``torch.<name>(input, ...)``, documented by the method's docstring under the function's
    signature (the examples call the method, which is the same operation)."""
    body = getattr(Tensor, name).__doc__.split("\n\n", 1)[1]
    return _method(name, f"{signature}\n\n{body}")


gather = _method_doc("gather", "gather(input, dim, index) -> Tensor")
scatter = _method_doc("scatter", "scatter(input, dim, index, src) -> Tensor")
scatter_add = _method_doc("scatter_add", "scatter_add(input, dim, index, src) -> Tensor")
index_select = _method_doc("index_select", "index_select(input, dim, index) -> Tensor")
index_add = _method_doc("index_add", "index_add(input, dim, index, source, *, alpha=1) -> Tensor")
index_fill = _method_doc("index_fill", "index_fill(input, dim, index, value) -> Tensor")
index_put = _method_doc("index_put", "index_put(input, indices, values, accumulate=False) -> Tensor")
index_put_ = _method_doc("index_put_", "index_put_(input, indices, values, accumulate=False) -> Tensor")
masked_select = _method_doc("masked_select", "masked_select(input, mask) -> Tensor")
take_along_dim = _method_doc("take_along_dim", "take_along_dim(input, indices, dim=None) -> Tensor")
topk = _method_doc("topk", "topk(input, k, dim=-1, largest=True, sorted=True) -> (Tensor, LongTensor)")
sort = _method_doc("sort", "sort(input, dim=-1, descending=False, stable=False) -> (Tensor, LongTensor)")
argsort = _method_doc("argsort", "argsort(input, dim=-1, descending=False, stable=False) -> LongTensor")
cumsum = _method_doc("cumsum", "cumsum(input, dim, *, dtype=None) -> Tensor")
cumprod = _method_doc("cumprod", "cumprod(input, dim, *, dtype=None) -> Tensor")
var = _method_doc("var", "var(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor")
std = _method_doc("std", "std(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor")
prod = _method_doc("prod", "prod(input, dim=None, keepdim=False, *, dtype=None) -> Tensor")
logsumexp = _method_doc("logsumexp", "logsumexp(input, dim, keepdim=False) -> Tensor")
split_with_sizes = _method_doc("split_with_sizes", "split_with_sizes(input, split_sizes, dim=0) -> tuple of Tensors")
chunk = _method_doc("chunk", "chunk(input, chunks, dim=0) -> tuple of Tensors")
tensor_split = _method_doc("tensor_split", "tensor_split(input, indices_or_sections, dim=0) -> tuple of Tensors")
tril = _method_doc("tril", "tril(input, diagonal=0) -> Tensor")
triu = _method_doc("triu", "triu(input, diagonal=0) -> Tensor")
movedim = _method_doc("movedim", "movedim(input, source, destination) -> Tensor")
moveaxis = _method_doc("moveaxis", "moveaxis(input, source, destination) -> Tensor")
unflatten = _method_doc("unflatten", "unflatten(input, dim, sizes) -> Tensor")
bmm = _method_doc("bmm", "bmm(input, mat2) -> Tensor")
isnan = _method_doc("isnan", "isnan(input) -> Tensor")
isinf = _method_doc("isinf", "isinf(input) -> Tensor")
isposinf = _method_doc("isposinf", "isposinf(input) -> Tensor")
isneginf = _method_doc("isneginf", "isneginf(input) -> Tensor")
isfinite = _method_doc("isfinite", "isfinite(input) -> Tensor")
nan_to_num = _method_doc("nan_to_num", "nan_to_num(input, nan=0.0, posinf=None, neginf=None) -> Tensor")
broadcast_to = _method_doc("broadcast_to", "broadcast_to(input, shape) -> Tensor")
diagonal = _method_doc("diagonal", "diagonal(input, offset=0, dim1=0, dim2=1) -> Tensor")
diag = _method_doc("diag", "diag(input, diagonal=0) -> Tensor")
diag_embed = _method_doc("diag_embed", "diag_embed(input, offset=0, dim1=-2, dim2=-1) -> Tensor")
trace = _method_doc("trace", "trace(input) -> Tensor")
roll = _method_doc("roll", "roll(input, shifts, dims=None) -> Tensor")
nonzero = _method_doc("nonzero", "nonzero(input, *, as_tuple=False) -> LongTensor or tuple of LongTensors")
argwhere = _method_doc("argwhere", "argwhere(input) -> LongTensor")
count_nonzero = _method_doc("count_nonzero", "count_nonzero(input, dim=None) -> LongTensor")
lerp = _method_doc("lerp", "lerp(input, end, weight) -> Tensor")
addcmul = _method_doc("addcmul", "addcmul(input, tensor1, tensor2, *, value=1) -> Tensor")
addcdiv = _method_doc("addcdiv", "addcdiv(input, tensor1, tensor2, *, value=1) -> Tensor")
clamp_ = _method_doc("clamp_", "clamp_(input, min=None, max=None) -> Tensor")
clip_ = _method_doc("clip_", "clip_(input, min=None, max=None) -> Tensor")
clamp_min_ = _method_doc("clamp_min_", "clamp_min_(input, min) -> Tensor")
clamp_max_ = _method_doc("clamp_max_", "clamp_max_(input, max) -> Tensor")


def _scalar_type_name(dtype):
    """PyTorch's ScalarType name of a dtype (``Float``, ``Long``…), as its messages print it."""
    return {"torch.float32": "Float", "torch.float64": "Double", "torch.int64": "Long", "torch.bool": "Bool"}[str(dtype)]


def _dtype_rank(d):
    if not isinstance(d, dtype):
        raise TypeError(f"promote_types(): argument must be torch.dtype, not {type(d).__name__}")
    return ["torch.bool", "torch.int64", "torch.float32", "torch.float64"].index(str(d))


def promote_types(type1, type2):
    """promote_types(type1, type2) -> dtype

    The smallest dtype that both :attr:`type1` and :attr:`type2` convert to without losing
    their kind (bool < int64 < float32 < float64).

    Example::

        >>> torch.promote_types(torch.int64, torch.float32)
        torch.float32
        >>> torch.promote_types(torch.bool, torch.int64)
        torch.int64
    """
    return type1 if _dtype_rank(type1) >= _dtype_rank(type2) else type2


def can_cast(from_, to):
    """can_cast(from_, to) -> bool

    Whether PyTorch's casting rules allow writing :attr:`from_` into :attr:`to` (no floating
    into integral, no non-bool into bool).

    Example::

        >>> torch.can_cast(torch.float64, torch.float32)
        True
        >>> torch.can_cast(torch.float32, torch.int64)
        False
    """
    a, b = _dtype_rank(from_), _dtype_rank(to)
    if a >= 2 and b < 2:
        return False
    return not (a >= 1 and b == 0)


def broadcast_shapes(*shapes):
    """broadcast_shapes(*shapes) -> Size

    The shape that tensors of the given shapes broadcast to, without making any tensor.

    Example::

        >>> torch.broadcast_shapes((2,), (3, 1), (1, 1, 1))
        torch.Size([1, 3, 2])
    """
    shapes = [(shape,) if isinstance(shape, int) else tuple(shape) for shape in shapes]
    out = []
    for shape in shapes:
        for s in shape:
            if not isinstance(s, int) or isinstance(s, bool):
                raise TypeError(f"broadcast_shapes(): expected an int or a sequence of ints, got {type(s).__name__}")
            if s < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
        if len(shape) > len(out):
            out = [1] * (len(shape) - len(out)) + out
        for i, s in enumerate(shape):
            j = len(out) - len(shape) + i
            if out[j] == 1:
                out[j] = s
    # PyTorch checks every shape against the result, naming the first that does not fit
    for idx, shape in enumerate(shapes):
        for i, s in enumerate(shape):
            k = len(shape) - i
            if s != 1 and s != out[-k]:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {s} at {-k}! Mismatching argument at index {idx} "
                    f"had {tuple(shape)}; but expected shape should be broadcastable to {list(out)}"
                )
    from ._size import Size

    return Size(out)


def broadcast_tensors(*tensors):
    """broadcast_tensors(*tensors) -> tuple of Tensors

    The tensors broadcast to one shape (views, as :meth:`Tensor.expand`).

    Example::

        >>> a, b = torch.broadcast_tensors(torch.tensor([1, 2]), torch.tensor([[0], [10]]))
        >>> a
        tensor([[1, 2],
                [1, 2]])
        >>> b
        tensor([[ 0,  0],
                [10, 10]])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(f"broadcast_tensors(): expected Tensors, got {type(t).__name__}")
    shape = []
    for t in tensors:
        b = list(t.shape)
        n = _builtins.max(len(shape), len(b))
        a, b = [1] * (n - len(shape)) + shape, [1] * (n - len(b)) + b
        for i in range(n):
            if a[i] != b[i] and a[i] != 1 and b[i] != 1:
                raise RuntimeError(
                    f"The size of tensor a ({a[i]}) must match the size of tensor b ({b[i]}) at non-singleton dimension {i}"
                )
        shape = [y if x == 1 else x for x, y in zip(a, b)]
    return tuple(t.expand(shape) for t in tensors)


def split(tensor, split_size_or_sections, dim=0):
    """split(tensor, split_size_or_sections, dim=0) -> tuple of Tensors

    Splits :attr:`tensor` into pieces along :attr:`dim`: of size
    :attr:`split_size_or_sections` (an int; the last piece smaller if the size does not
    divide), or of the sizes in a list. The pieces are views of :attr:`tensor`.

    Example::

        >>> torch.split(torch.arange(5), 2)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        >>> torch.split(torch.arange(5), [1, 4])
        (tensor([0]), tensor([1, 2, 3, 4]))
    """
    if not isinstance(tensor, Tensor):
        raise TypeError(f"split(): argument 'tensor' (position 1) must be Tensor, not {type(tensor).__name__}")
    return tensor.split(split_size_or_sections, dim)


def tile(input, dims):
    """tile(input, dims) -> Tensor

    Repeats :attr:`input` along each dimension the number of times in :attr:`dims`; with
    fewer counts than dimensions the leading ones are taken as 1, with more the input gains
    leading dimensions.

    Example::

        >>> torch.tile(torch.tensor([1, 2]), (2, 2))
        tensor([[1, 2, 1, 2],
                [1, 2, 1, 2]])
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"tile(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input.tile(dims)


def _split_along(name, dim_of, min_dim):
    def fn(input, indices_or_sections):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
        if input.dim() < min_dim:
            raise RuntimeError(
                f"torch.{name} requires a tensor with at least {min_dim} dimension, but got a tensor with {input.dim()} dimensions!"
            )
        dim = dim_of(input)
        if isinstance(indices_or_sections, int) and (
            indices_or_sections == 0 or input.shape[dim] % indices_or_sections
        ):
            raise RuntimeError(
                f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension {input.shape[dim]} "
                f"is not divisible by the split_size {indices_or_sections}!"
            )
        return input.tensor_split(indices_or_sections, dim)

    fn.__name__ = fn.__qualname__ = name
    return fn


hsplit = _split_along("hsplit", lambda t: 0 if t.dim() == 1 else 1, 1)
hsplit.__doc__ = """hsplit(input, indices_or_sections) -> tuple of Tensors

Splits :attr:`input` horizontally (along dimension 1, or 0 for a 1-D input) with
:func:`tensor_split`; an int must divide the size.

Example::

    >>> torch.hsplit(torch.arange(8).reshape(2, 4), 2)
    (tensor([[0, 1],
            [4, 5]]), tensor([[2, 3],
            [6, 7]]))
"""
vsplit = _split_along("vsplit", lambda t: 0, 2)
vsplit.__doc__ = """vsplit(input, indices_or_sections) -> tuple of Tensors

Splits :attr:`input` vertically (along dimension 0) with :func:`tensor_split`; the input has
at least two dimensions and an int must divide the size.

Example::

    >>> torch.vsplit(torch.arange(8).reshape(4, 2), [3])
    (tensor([[0, 1],
            [2, 3],
            [4, 5]]), tensor([[6, 7]]))
"""
dsplit = _split_along("dsplit", lambda t: 2, 3)
dsplit.__doc__ = """dsplit(input, indices_or_sections) -> tuple of Tensors

Splits :attr:`input` depthwise (along dimension 2) with :func:`tensor_split`; the input has at
least three dimensions and an int must divide the size.

Example::

    >>> [p.shape for p in torch.dsplit(torch.zeros(2, 2, 4), 2)]
    [torch.Size([2, 2, 2]), torch.Size([2, 2, 2])]
"""


def softmax(input, dim, dtype=None):
    """softmax(input, dim, dtype=None) -> Tensor

    Applies the softmax function along :attr:`dim`: ``exp(x_i) / sum_j exp(x_j)``, so the
    elements along :attr:`dim` lie in ``[0, 1]`` and sum to 1.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which softmax is computed.
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> torch.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.0900, 0.2447, 0.6652])
    """
    return input.softmax(dim, dtype)


def log_softmax(input, dim, dtype=None):
    """log_softmax(input, dim, dtype=None) -> Tensor

    Applies the softmax function followed by a logarithm along :attr:`dim`, computed in a
    numerically stable way: ``x_i - log(sum_j exp(x_j))``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which log_softmax is computed.
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> torch.log_softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    return input.log_softmax(dim, dtype)


def get_default_dtype():
    """get_default_dtype() -> torch.dtype

    Gets the current default floating point :class:`torch.dtype` (``torch.float32`` unless
    :func:`set_default_dtype` changed it).

    Example::

        >>> torch.get_default_dtype()
        torch.float32
    """
    return _C._get_default_dtype()


def set_default_dtype(d):
    """set_default_dtype(d) -> None

    Sets the default floating point dtype to :attr:`d`, ``torch.float32`` or ``torch.float64``
    (ferrograd holds no 16-bit floats). It is the dtype of Python floats turned into tensors,
    of float factories (``zeros``, ``rand``, ``linspace`` …), of modules' parameters, and of
    integer-to-float promotions (``torch.tensor([3]) / 2``); tensors of the other floating dtype
    print a ``dtype=`` suffix.

    Args:
        d (:class:`torch.dtype`): the floating point dtype to make the default.

    Example::

        >>> torch.set_default_dtype(torch.float64)
        >>> torch.tensor([1.2])
        tensor([1.2000])
        >>> torch.tensor([1.2], dtype=torch.float32)
        tensor([1.2000], dtype=torch.float32)
        >>> torch.set_default_dtype(torch.float32)
    """
    if not isinstance(d, dtype):
        raise TypeError(f"set_default_dtype(): argument 'd' (position 1) must be torch.dtype, not {type(d).__name__}")
    _C._set_default_dtype(d)


def flip(input, dims):
    """flip(input, dims) -> Tensor

    :attr:`input` with the order of its elements reversed along each of :attr:`dims`.

    Example::

        >>> torch.flip(torch.tensor([[1, 2], [3, 4]]), [0, 1])
        tensor([[4, 3],
                [2, 1]])
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"flip(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input.flip(dims)


def set_num_threads(n):
    """set_num_threads(int)

    Sets the number of threads used for intraop parallelism on CPU: the threads a large
    elementwise op, reduction, matrix product or convolution is split across (the calling
    thread and a team of workers). Unset, it is the number of CPUs (or ``RAYON_NUM_THREADS``).

    Example::

        >>> n = torch.get_num_threads()
        >>> torch.set_num_threads(1)
        >>> torch.get_num_threads()
        1
        >>> torch.set_num_threads(n)
    """
    if isinstance(n, bool):
        raise RuntimeError("set_num_threads expects an int, but got bool")
    try:
        n = _operator.index(n)
    except TypeError:
        raise RuntimeError(f"set_num_threads expects an int, but got {type(n).__name__}") from None
    if n <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _C._set_num_threads(n)


def get_num_threads():
    """get_num_threads() -> int

    Returns the number of threads used for parallelizing CPU operations
    (:func:`set_num_threads`).

    Example::

        >>> torch.get_num_threads() >= 1
        True
    """
    return _C.get_num_threads()
