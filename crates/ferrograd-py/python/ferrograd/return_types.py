"""Named results of reductions along a dimension (``torch.return_types.max`` ...)."""


class _NamedPair(tuple):
    """A named tuple of tensors as PyTorch prints it: ``torch.return_types.<name>(...)``."""

    __slots__ = ()
    _name = ""
    _fields = ("", "")

    def __new__(cls, seq):
        return tuple.__new__(cls, seq)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"torch.return_types.{self._name}(\n{body})"

    def __reduce__(self):
        return (type(self), (tuple(self),))


class _ValuesIndices(_NamedPair):
    __slots__ = ()
    _fields = ("values", "indices")

    @property
    def values(self):
        """The values of the reduction (element 0 of the tuple)."""
        return self[0]

    @property
    def indices(self):
        """The indices of the values along the reduced dimension (element 1 of the tuple)."""
        return self[1]


class max(_ValuesIndices):
    """The result of ``torch.max(input, dim)``: a named tuple ``(values, indices)``.

    Example::

        >>> torch.max(torch.tensor([[1.0, 3.0], [4.0, 2.0]]), 1).indices
        tensor([1, 0])
    """
    __slots__ = ()
    _name = "max"


class min(_ValuesIndices):
    """The result of ``torch.min(input, dim)``: a named tuple ``(values, indices)``.

    Example::

        >>> torch.min(torch.tensor([[1.0, 3.0], [4.0, 2.0]]), 1).values
        tensor([1., 2.])
    """
    __slots__ = ()
    _name = "min"


class topk(_ValuesIndices):
    """The result of ``torch.topk(input, k)``: a named tuple ``(values, indices)``.

    Example::

        >>> torch.topk(torch.tensor([1.0, 3.0, 2.0]), 2).indices
        tensor([1, 2])
    """
    __slots__ = ()
    _name = "topk"


class sort(_ValuesIndices):
    """The result of ``torch.sort(input)``: a named tuple ``(values, indices)``.

    Example::

        >>> torch.sort(torch.tensor([3.0, 1.0, 2.0])).values
        tensor([1., 2., 3.])
    """
    __slots__ = ()
    _name = "sort"


class _SignLogabsdet(_NamedPair):
    __slots__ = ()
    _fields = ("sign", "logabsdet")

    @property
    def sign(self):
        """The sign of the determinant (element 0 of the tuple; 0 for a singular matrix)."""
        return self[0]

    @property
    def logabsdet(self):
        """The log of the determinant's absolute value (element 1 of the tuple)."""
        return self[1]


class linalg_slogdet(_SignLogabsdet):
    """The result of ``torch.linalg.slogdet(A)``: a named tuple ``(sign, logabsdet)``.

    Example::

        >>> torch.linalg.slogdet(torch.tensor([[0.0, 2.0], [1.0, 0.0]])).sign
        tensor(-1.)
    """
    __slots__ = ()
    _name = "linalg_slogdet"


class slogdet(_SignLogabsdet):
    """The result of ``torch.slogdet(A)``: a named tuple ``(sign, logabsdet)``.

    Example::

        >>> torch.slogdet(torch.tensor([[2.0, 0.0], [0.0, 2.0]])).logabsdet
        tensor(1.3863)
    """
    __slots__ = ()
    _name = "slogdet"


class linalg_svd(_NamedPair):
    """The result of ``torch.linalg.svd(A)``: a named tuple ``(U, S, Vh)``.

    Example::

        >>> torch.linalg.svd(torch.tensor([[2.0, 0.0], [0.0, 1.0]])).S
        tensor([2., 1.])
    """
    __slots__ = ()
    _name = "linalg_svd"
    _fields = ("U", "S", "Vh")

    @property
    def U(self):
        """The left singular vectors, as columns (element 0 of the tuple)."""
        return self[0]

    @property
    def S(self):
        """The singular values in descending order (element 1 of the tuple)."""
        return self[1]

    @property
    def Vh(self):
        """The right singular vectors, as rows (element 2 of the tuple)."""
        return self[2]
