"""Named results of reductions along a dimension (``torch.return_types.max`` ...)."""


class _ValuesIndices(tuple):
    __slots__ = ()
    _name = ""

    def __new__(cls, seq):
        return tuple.__new__(cls, seq)

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"

    def __reduce__(self):
        return (type(self), (tuple(self),))


class max(_ValuesIndices):
    __slots__ = ()
    _name = "max"


class min(_ValuesIndices):
    __slots__ = ()
    _name = "min"
