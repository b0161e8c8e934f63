"""``MaxPool2d``, ``AvgPool2d``, ``AdaptiveAvgPool2d``, ``MaxUnpool1d``, ``MaxUnpool2d``, ``MaxUnpool3d``,
``Dropout2d``."""

from .. import functional as F
from .module import Module

__all__ = ["MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "Dropout2d"]


class MaxPool2d(Module):
    r"""2-d max pooling over an input of shape :math:`(N, C, H, W)` or :math:`(C, H, W)`
    (:func:`torch.nn.functional.max_pool2d`).

    Example::

        >>> m = nn.MaxPool2d(2)
        >>> m
        MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
        >>> m(torch.arange(16.).reshape(1, 1, 4, 4))
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.max_pool2d(
            input, self.kernel_size, self.stride, self.padding, self.dilation,
            ceil_mode=self.ceil_mode, return_indices=self.return_indices,
        )

    def extra_repr(self):
        """The arguments shown in the repr."""
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
            f", dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool2d(Module):
    r"""2-d average pooling (:func:`torch.nn.functional.avg_pool2d`).

    Example::

        >>> m = nn.AvgPool2d(2)
        >>> m
        AvgPool2d(kernel_size=2, stride=2, padding=0)
        >>> m(torch.arange(16.).reshape(1, 1, 4, 4))
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.avg_pool2d(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
            self.count_include_pad, self.divisor_override,
        )

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    r"""Average pooling to a fixed output size
    (:func:`torch.nn.functional.adaptive_avg_pool2d`).

    Example::

        >>> m = nn.AdaptiveAvgPool2d((5, 7))
        >>> m
        AdaptiveAvgPool2d(output_size=(5, 7))
        >>> m(torch.ones(1, 64, 8, 9)).shape
        torch.Size([1, 64, 5, 7])
    """

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"output_size={self.output_size}"


class _MaxUnpoolNd(Module):
    """What the unpooling modules share: their options, and ``forward`` through the functional
    form of their dimension."""

    _dims = 0
    _unpool = None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = _ntuple(kernel_size, self._dims)
        self.stride = _ntuple(stride if (stride is not None) else kernel_size, self._dims)
        self.padding = _ntuple(padding, self._dims)

    def forward(self, input, indices, output_size=None):
        """The module applied to its input(s)."""
        return self._unpool(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    r"""The partial inverse of :class:`MaxPool1d` (:func:`torch.nn.functional.max_unpool1d`):
    ``forward(input, indices, output_size=None)`` puts each element at its index in a zero
    output.

    Example::

        >>> m = nn.MaxUnpool1d(2)
        >>> m
        MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))
        >>> y, i = F.max_pool1d(torch.tensor([[1., 5., 2., 4.]]), 2, return_indices=True)
        >>> m(y, i)
        tensor([[0., 5., 0., 4.]])
    """

    _dims = 1
    _unpool = staticmethod(F.max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    r"""The partial inverse of :class:`MaxPool2d` (:func:`torch.nn.functional.max_unpool2d`):
    ``forward(input, indices, output_size=None)`` puts each element at its index in zero
    planes.

    Example::

        >>> m = nn.MaxUnpool2d(2)
        >>> m
        MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))
        >>> y, i = F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2, return_indices=True)
        >>> m(y, i, output_size=(5, 5)).shape
        torch.Size([1, 1, 5, 5])
    """

    _dims = 2
    _unpool = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    r"""The partial inverse of 3-d max pooling (:func:`torch.nn.functional.max_unpool3d`):
    ``forward(input, indices, output_size=None)`` puts each element at its index in zero
    volumes.

    Example::

        >>> m = nn.MaxUnpool3d(2)
        >>> m
        MaxUnpool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2), padding=(0, 0, 0))
        >>> y, i = torch.ones(1, 1, 2, 2, 2), torch.tensor([0, 3, 12, 15, 48, 51, 60, 63]).reshape(1, 1, 2, 2, 2)
        >>> m(y, i).shape
        torch.Size([1, 1, 4, 4, 4])
        >>> m(y, i, output_size=(4, 4, 5)).sum()
        tensor(8.)
    """

    _dims = 3
    _unpool = staticmethod(F.max_unpool3d)


def _ntuple(v, n):
    # PyTorch's _single / _pair: an iterable is kept as a tuple, a number repeated
    if isinstance(v, (list, tuple)):
        return tuple(v)
    return (v,) * n


class Dropout2d(Module):
    r"""Zeroes whole channels with probability ``p`` during training
    (:func:`torch.nn.functional.dropout2d`); the identity in evaluation mode.

    Example::

        >>> m = nn.Dropout2d(p=0.2)
        >>> m
        Dropout2d(p=0.2, inplace=False)
        >>> m(torch.ones(2, 3, 4, 4)).shape
        torch.Size([2, 3, 4, 4])
    """

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.dropout2d(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"p={self.p}, inplace={self.inplace}"
