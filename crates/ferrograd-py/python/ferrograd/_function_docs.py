"""Docstrings of the module functions that are forms of tensor methods (``torch.sum(x)`` is
``x.sum()``), in PyTorch's wording, with examples that run as shown."""

_IN = "    input (Tensor): the input tensor."
_KEEP = "    keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not."


def _cmp(name, op, example, result):
    return f"""{name}(input, other) -> Tensor

Computes ``input {op} other`` element-wise, as a bool tensor. The second argument can be a
number or a tensor whose shape is broadcastable with the first argument.

Args:
{_IN}
    other (Tensor or float): the tensor or value to compare.

Example::

    >>> torch.{name}(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
    {result}
"""


def _bitwise(name, what, sym, result):
    return f"""{name}(input, other) -> Tensor

Computes the bitwise {what} of ``input`` and ``other`` (``input {sym} other``), with
broadcasting. The input tensor must be of integral or Boolean types; for bool tensors it
computes the logical {what}. ``input`` may be a number when ``other`` is a tensor.

Args:
{_IN}
    other (Tensor or Number): the second input.

Example::

    >>> torch.{name}(torch.tensor([-1, -2, 3]), torch.tensor([1, 0, 3]))
    {result}
"""


def _shift(name, direction, sym, edge, result):
    return f"""{name}(input, other) -> Tensor

Computes the {direction} shift of ``input`` by ``other`` bits (``input {sym} other``),
elementwise with broadcasting, for integer tensors {edge}.

Args:
{_IN}
    other (Tensor or Number): the number of bits to shift by.

Example::

    >>> torch.{name}(torch.tensor([-1, -2, 3]), torch.tensor([2, 2, 3]))
    {result}
"""


def _logical(name, what, result):
    return f"""{name}(input, other) -> Tensor

Computes the element-wise logical {what} of the given input tensors (zeros are treated as
``False`` and nonzeros as ``True``), as a bool tensor.

Args:
{_IN}
    other (Tensor): the tensor to compute {what} with.

Example::

    >>> torch.{name}(torch.tensor([True, False, True]), torch.tensor([True, False, False]))
    {result}
"""


DOCS = {
    "sum": f"""sum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

Returns the sum of all elements in :attr:`input`, or of each row of :attr:`input` in the
given dimension(s) :attr:`dim`. With :attr:`keepdim` the reduced dimensions are retained with
size 1.

Args:
{_IN}
    dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
{_KEEP}

Keyword args:
    dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

Example::

    >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> torch.sum(a)
    tensor(10.)
    >>> torch.sum(a, 1)
    tensor([3., 7.])
    >>> torch.sum(a, dim=0, keepdim=True)
    tensor([[4., 6.]])
""",
    "mean": f"""mean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

Returns the mean value of all elements in :attr:`input`, or of each row in the given
dimension(s) :attr:`dim`. :attr:`input` must be floating point (or :attr:`dtype` given).

Args:
{_IN}
    dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
{_KEEP}

Keyword args:
    dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

Example::

    >>> a = torch.tensor([[1.0, 2.0], [3.0, 5.0]])
    >>> torch.mean(a)
    tensor(2.7500)
    >>> torch.mean(a, 1)
    tensor([1.5000, 4.0000])
""",
    "max": f"""max(input, dim=None, keepdim=False) -> Tensor or (Tensor, LongTensor)

Returns the maximum value of all elements in :attr:`input`; with :attr:`dim`, a namedtuple
``(values, indices)`` where ``values`` is the maximum of each row of :attr:`input` in
dimension :attr:`dim` and ``indices`` the index location of each maximum value found.

Args:
{_IN}
    dim (int, optional): the dimension to reduce.
{_KEEP}

Example::

    >>> a = torch.tensor([[1.0, 5.0], [4.0, 2.0]])
    >>> torch.max(a)
    tensor(5.)
    >>> torch.max(a, 1)
    torch.return_types.max(
    values=tensor([5., 4.]),
    indices=tensor([1, 0]))
""",
    "min": f"""min(input, dim=None, keepdim=False) -> Tensor or (Tensor, LongTensor)

Returns the minimum value of all elements in :attr:`input`; with :attr:`dim`, a namedtuple
``(values, indices)`` where ``values`` is the minimum of each row of :attr:`input` in
dimension :attr:`dim` and ``indices`` the index location of each minimum value found.

Args:
{_IN}
    dim (int, optional): the dimension to reduce.
{_KEEP}

Example::

    >>> a = torch.tensor([[1.0, 5.0], [4.0, 2.0]])
    >>> torch.min(a)
    tensor(1.)
    >>> torch.min(a, 0).indices
    tensor([0, 1])
""",
    "amax": f"""amax(input, dim=None, keepdim=False) -> Tensor

Returns the maximum value of each slice of the :attr:`input` tensor in the given dimension
:attr:`dim` (or of all elements). Unlike :func:`torch.max`, it returns no indices.

Args:
{_IN}
    dim (int, optional): the dimension to reduce.
{_KEEP}

Example::

    >>> torch.amax(torch.tensor([[1.0, 5.0], [4.0, 2.0]]), 1)
    tensor([5., 4.])
""",
    "amin": f"""amin(input, dim=None, keepdim=False) -> Tensor

Returns the minimum value of each slice of the :attr:`input` tensor in the given dimension
:attr:`dim` (or of all elements). Unlike :func:`torch.min`, it returns no indices.

Args:
{_IN}
    dim (int, optional): the dimension to reduce.
{_KEEP}

Example::

    >>> torch.amin(torch.tensor([[1.0, 5.0], [4.0, 2.0]]), 1)
    tensor([1., 2.])
""",
    "argmax": f"""argmax(input, dim=None, keepdim=False) -> LongTensor

Returns the indices of the maximum value of all elements in the :attr:`input` tensor (into
the flattened tensor), or along dimension :attr:`dim`.

Args:
{_IN}
    dim (int, optional): the dimension to reduce. If ``None``, the argmax of the flattened
        input is returned.
{_KEEP}

Example::

    >>> a = torch.tensor([[1.0, 5.0], [4.0, 2.0]])
    >>> torch.argmax(a)
    tensor(1)
    >>> torch.argmax(a, dim=0)
    tensor([1, 0])
""",
    "argmin": f"""argmin(input, dim=None, keepdim=False) -> LongTensor

Returns the indices of the minimum value(s) of the flattened tensor or along a dimension.

Args:
{_IN}
    dim (int, optional): the dimension to reduce. If ``None``, the argmin of the flattened
        input is returned.
{_KEEP}

Example::

    >>> torch.argmin(torch.tensor([[1.0, 5.0], [4.0, 0.5]]), dim=1)
    tensor([0, 1])
""",
    "reshape": f"""reshape(input, shape) -> Tensor

Returns a tensor with the same data and number of elements as :attr:`input`, but with the
specified shape. When possible, the returned tensor will be a view of :attr:`input`; otherwise
it is a copy. A single dimension may be ``-1``, inferred from the remaining dimensions.

Args:
{_IN}
    shape (tuple of int): the new shape.

Example::

    >>> torch.reshape(torch.arange(4.0), (2, 2))
    tensor([[0., 1.],
            [2., 3.]])
    >>> torch.reshape(torch.tensor([[0, 1], [2, 3]]), (-1,))
    tensor([0, 1, 2, 3])
""",
    "flatten": f"""flatten(input, start_dim=0, end_dim=-1) -> Tensor

Flattens :attr:`input` by reshaping it into a one-dimensional tensor. If :attr:`start_dim` or
:attr:`end_dim` are passed, only dimensions starting with :attr:`start_dim` and ending with
:attr:`end_dim` are flattened.

Args:
{_IN}
    start_dim (int): the first dim to flatten.
    end_dim (int): the last dim to flatten.

Example::

    >>> t = torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    >>> torch.flatten(t)
    tensor([1, 2, 3, 4, 5, 6, 7, 8])
    >>> torch.flatten(t, start_dim=1)
    tensor([[1, 2, 3, 4],
            [5, 6, 7, 8]])
""",
    "ravel": f"""ravel(input) -> Tensor

Return a contiguous flattened tensor. A copy is made only if needed.

Args:
{_IN}

Example::

    >>> torch.ravel(torch.tensor([[1, 2], [3, 4]]))
    tensor([1, 2, 3, 4])
""",
    "transpose": f"""transpose(input, dim0, dim1) -> Tensor

Returns a tensor that is a transposed version of :attr:`input`: the given dimensions
:attr:`dim0` and :attr:`dim1` are swapped. The result shares memory with :attr:`input`.

Args:
{_IN}
    dim0 (int): the first dimension to be transposed.
    dim1 (int): the second dimension to be transposed.

Example::

    >>> torch.transpose(torch.tensor([[1, 2, 3], [4, 5, 6]]), 0, 1)
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
""",
    "swapaxes": f"""swapaxes(input, axis0, axis1) -> Tensor

Alias for :func:`torch.transpose`.

Args:
{_IN}
    axis0 (int): the first dimension to be swapped.
    axis1 (int): the second dimension to be swapped.

Example::

    >>> torch.swapaxes(torch.zeros(2, 3, 4), 0, 2).shape
    torch.Size([4, 3, 2])
""",
    "t": f"""t(input) -> Tensor

Expects :attr:`input` to be <= 2-D tensor and transposes dimensions 0 and 1. 0-D and 1-D
tensors are returned as is.

Args:
{_IN}

Example::

    >>> torch.t(torch.tensor([[1, 2], [3, 4]]))
    tensor([[1, 3],
            [2, 4]])
""",
    "permute": f"""permute(input, dims) -> Tensor

Returns a view of the original tensor :attr:`input` with its dimensions permuted.

Args:
{_IN}
    dims (tuple of int): the desired ordering of dimensions.

Example::

    >>> torch.permute(torch.zeros(2, 3, 5), (2, 0, 1)).size()
    torch.Size([5, 2, 3])
""",
    "squeeze": f"""squeeze(input, dim=None) -> Tensor

Returns a tensor with all specified dimensions of :attr:`input` of size 1 removed (all of
them when :attr:`dim` is not given). The result shares memory with :attr:`input`.

Args:
{_IN}
    dim (int or tuple of ints, optional): if given, the input will be squeezed only in the
        specified dimensions.

Example::

    >>> x = torch.zeros(2, 1, 2, 1)
    >>> torch.squeeze(x).size()
    torch.Size([2, 2])
    >>> torch.squeeze(x, 1).size()
    torch.Size([2, 2, 1])
""",
    "unsqueeze": f"""unsqueeze(input, dim) -> Tensor

Returns a new tensor with a dimension of size one inserted at the specified position. The
result shares memory with :attr:`input`.

Args:
{_IN}
    dim (int): the index at which to insert the singleton dimension.

Example::

    >>> x = torch.tensor([1, 2, 3])
    >>> torch.unsqueeze(x, 0)
    tensor([[1, 2, 3]])
    >>> torch.unsqueeze(x, 1)
    tensor([[1],
            [2],
            [3]])
""",
    "select": f"""select(input, dim, index) -> Tensor

Slices the :attr:`input` tensor along the selected dimension at the given index, removing
that dimension: ``torch.select(x, 0, i)`` is ``x[i]``.

Args:
{_IN}
    dim (int): the dimension to slice.
    index (int): the index to select with.

Example::

    >>> torch.select(torch.tensor([[1, 2], [3, 4]]), 1, 0)
    tensor([1, 3])
""",
    "narrow": f"""narrow(input, dim, start, length) -> Tensor

Returns a new tensor that is a narrowed version of :attr:`input` tensor: dimension
:attr:`dim` is input from :attr:`start` to ``start + length``. The result shares memory.

Args:
{_IN}
    dim (int): the dimension along which to narrow.
    start (int): index of the element to start the narrowed dimension from.
    length (int): length of the narrowed dimension.

Example::

    >>> x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    >>> torch.narrow(x, 0, 0, 2)
    tensor([[1, 2, 3],
            [4, 5, 6]])
""",
    "unbind": f"""unbind(input, dim=0) -> seq

Removes a tensor dimension, returning a tuple of all slices along a given dimension.

Args:
{_IN}
    dim (int): dimension to remove.

Example::

    >>> torch.unbind(torch.tensor([[1, 2], [3, 4]]))
    (tensor([1, 2]), tensor([3, 4]))
""",
    "eq": _cmp("eq", "==", None, "tensor([[ True, False],\n            [False,  True]])"),
    "ne": _cmp("ne", "!=", None, "tensor([[False,  True],\n            [ True, False]])"),
    "lt": _cmp("lt", "<", None, "tensor([[False, False],\n            [ True, False]])"),
    "le": _cmp("le", "<=", None, "tensor([[ True, False],\n            [ True,  True]])"),
    "gt": _cmp("gt", ">", None, "tensor([[False,  True],\n            [False, False]])"),
    "ge": _cmp("ge", ">=", None, "tensor([[ True,  True],\n            [False,  True]])"),
    "logical_not": f"""logical_not(input) -> Tensor

Computes the element-wise logical NOT of the given input tensor (zeros are ``False``), as a
bool tensor.

Args:
{_IN}

Example::

    >>> torch.logical_not(torch.tensor([True, False]))
    tensor([False,  True])
    >>> torch.logical_not(torch.tensor([0.0, 1.5, -10.0]))
    tensor([ True, False, False])
""",
    "logical_and": _logical("logical_and", "AND", "tensor([ True, False, False])"),
    "logical_or": _logical("logical_or", "OR", "tensor([ True, False,  True])"),
    "logical_xor": _logical("logical_xor", "XOR", "tensor([False, False,  True])"),
    "bitwise_and": _bitwise("bitwise_and", "AND", "&", "tensor([1, 0, 3])"),
    "bitwise_or": _bitwise("bitwise_or", "OR", "|", "tensor([-1, -2,  3])"),
    "bitwise_xor": _bitwise("bitwise_xor", "XOR", "^", "tensor([-2, -2,  0])"),
    "bitwise_left_shift": _shift(
        "bitwise_left_shift", "left", "<<", "(0 for a shift below 0 or above 63)",
        "tensor([-4, -8, 24])",
    ),
    "bitwise_right_shift": _shift(
        "bitwise_right_shift", "right (arithmetically)", ">>",
        "(the sign for a shift below 0 or above 63)", "tensor([-1, -1,  0])",
    ),
    "bitwise_not": f"""bitwise_not(input) -> Tensor

Computes the bitwise NOT of the given input tensor: the one's complement of an integer tensor,
the logical NOT of a bool one. A floating tensor is an error.

Args:
{_IN}

Example::

    >>> torch.bitwise_not(torch.tensor([-1, -2, 3]))
    tensor([ 0,  1, -4])
""",
    "clone": f"""clone(input) -> Tensor

Returns a copy of :attr:`input`. This function is differentiable: gradients flowing to the
result flow back to :attr:`input`. To create a tensor without an autograd relationship to
:attr:`input` see :meth:`~Tensor.detach`.

Args:
{_IN}

Example::

    >>> x = torch.tensor([1.0, 2.0])
    >>> torch.clone(x)
    tensor([1., 2.])
""",
    "detach": f"""detach(input) -> Tensor

Returns a new tensor, detached from the current graph: it shares :attr:`input`'s memory and
never requires grad.

Args:
{_IN}

Example::

    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> torch.detach(x).requires_grad
    False
""",
    "masked_fill": f"""masked_fill(input, mask, value) -> Tensor

Returns a copy of :attr:`input` with :attr:`value` where :attr:`mask` is ``True``. The shape
of :attr:`mask` must be broadcastable with the shape of :attr:`input`.

Args:
{_IN}
    mask (BoolTensor): the boolean mask.
    value (float): the value to fill in with.

Example::

    >>> x = torch.tensor([1.0, -2.0, 3.0])
    >>> torch.masked_fill(x, x < 0, 0.0)
    tensor([1., 0., 3.])
""",
    "multiply": f"""multiply(input, other) -> Tensor

Alias for :func:`torch.mul`.

Args:
{_IN}
    other (Tensor or Number): the tensor or number to multiply input by.

Example::

    >>> torch.multiply(torch.tensor([1.0, 2.0]), 3)
    tensor([3., 6.])
""",
    "subtract": f"""subtract(input, other, *, alpha=1) -> Tensor

Alias for :func:`torch.sub`.

Args:
{_IN}
    other (Tensor or Number): the tensor or number to subtract from :attr:`input`.

Example::

    >>> torch.subtract(torch.tensor([5.0, 2.0]), 1)
    tensor([4., 1.])
""",
    "divide": f"""divide(input, other, *, rounding_mode=None) -> Tensor

Alias for :func:`torch.div`.

Args:
{_IN}
    other (Tensor or Number): the divisor.

Example::

    >>> torch.divide(torch.tensor([1, 2]), 4)
    tensor([0.2500, 0.5000])
""",
    "true_divide": f"""true_divide(dividend, divisor) -> Tensor

Alias for :func:`torch.div` with ``rounding_mode=None``.

Example::

    >>> torch.true_divide(torch.tensor([3]), 2)
    tensor([1.5000])
""",
    "clamp_min": f"""clamp_min(input, min) -> Tensor

Clamps all elements in :attr:`input` to be at least :attr:`min`: ``torch.clamp(input, min=min)``.

Args:
{_IN}
    min (Number): lower bound.

Example::

    >>> torch.clamp_min(torch.tensor([-1.0, 2.0]), 0.5)
    tensor([0.5000, 2.0000])
""",
    "clamp_max": f"""clamp_max(input, max) -> Tensor

Clamps all elements in :attr:`input` to be at most :attr:`max`: ``torch.clamp(input, max=max)``.

Args:
{_IN}
    max (Number): upper bound.

Example::

    >>> torch.clamp_max(torch.tensor([-1.0, 2.0]), 0.5)
    tensor([-1.0000,  0.5000])
""",
}
