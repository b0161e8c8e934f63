"""``Size``: the type of ``Tensor.shape``, a tuple that prints like PyTorch's."""


class Size(tuple):
    """:class:`torch.Size` is the result type of a call to :meth:`Tensor.size` and of
    :attr:`Tensor.shape`. It describes the size of all dimensions of the original tensor. As a
    subclass of ``tuple``, it supports common sequence operations like indexing and length.

    Example::

        >>> s = torch.zeros(10, 20, 30).size()
        >>> s
        torch.Size([10, 20, 30])
        >>> s[1], len(s), s[1:]
        (20, 3, torch.Size([20, 30]))
    """

    __slots__ = ()

    def __new__(cls, sizes=()):
        return tuple.__new__(cls, (int(s) for s in sizes))

    def __repr__(self):
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self):
        """numel() -> int

        Returns the number of elements a tensor of this size would contain.

        Example::

            >>> torch.Size([2, 3]).numel()
            6
        """
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, key):
        r = tuple.__getitem__(self, key)
        # a slice of a Size holds ints already: no conversion
        return tuple.__new__(Size, r) if isinstance(key, slice) else r

    def __add__(self, other):
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __reduce__(self):
        return (Size, (tuple(self),))
