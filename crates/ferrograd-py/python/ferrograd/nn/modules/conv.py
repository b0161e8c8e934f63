"""``Conv1d``, ``Conv2d``, ``ConvTranspose2d``."""

import math

from ... import empty
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Conv1d", "Conv2d", "ConvTranspose2d"]


def _tuple(v, n):
    if isinstance(v, (list, tuple)):
        return tuple(int(x) for x in v)
    return (int(v),) * n


class _ConvNd(Module):
    """What the convolution modules share: arguments, parameters, initialisation, repr."""

    _dims = 2

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, transposed,
                 output_padding, groups, bias, padding_mode, dtype=None):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if transposed and padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        n = self._dims
        stride = _tuple(stride, n)
        valid_padding_strings = {"same", "valid"}
        if isinstance(padding, str):
            if padding not in valid_padding_strings:
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {valid_padding_strings}")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}
        if padding_mode not in valid_padding_modes:
            raise ValueError(f"padding_mode must be one of {valid_padding_modes}, but got padding_mode='{padding_mode}'")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _tuple(kernel_size, n)
        self.stride = stride
        self.padding = padding if isinstance(padding, str) else _tuple(padding, n)
        self.dilation = _tuple(dilation, n)
        self.transposed = transposed
        self.output_padding = _tuple(output_padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        # what F.pad takes for the other padding modes: last dimension first, (left, right) each
        if self.padding == "valid":
            self._reversed_padding_repeated_twice = [0, 0] * n
        elif isinstance(self.padding, str):
            pads = []
            for d, k in zip(reversed(self.dilation), reversed(self.kernel_size)):
                total = d * (k - 1)
                pads += [total // 2, total - total // 2]
            self._reversed_padding_repeated_twice = pads
        else:
            self._reversed_padding_repeated_twice = [p for p in reversed(self.padding) for _ in range(2)]
        if transposed:
            shape = (in_channels, out_channels // groups, *self.kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(empty(shape, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """PyTorch's initialisation: Kaiming-uniform weight (``a=sqrt(5)``), uniform bias."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        """The arguments shown in the repr."""
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.padding):
            s += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)


class Conv1d(_ConvNd):
    r"""Applies a 1D convolution over an input of shape ``(N, C_in, L)``.

    The weight has shape ``(out_channels, in_channels / groups, kernel_size)``, initialised
    as PyTorch does (``kaiming_uniform_`` with ``a=sqrt(5)``; the bias from
    ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``).

    Example::

        >>> m = nn.Conv1d(16, 33, 3, stride=2)
        >>> m(torch.randn(20, 16, 50)).size()
        torch.Size([20, 33, 24])
    """

    _dims = 1

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0,
                         groups, bias, padding_mode, dtype)

    def forward(self, input):
        """The module applied to its input(s)."""
        if self.padding_mode != "zeros":
            input = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return F.conv1d(input, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
        return F.conv1d(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)


class Conv2d(_ConvNd):
    r"""Applies a 2D convolution over an input of shape ``(N, C_in, H, W)``.

    The weight has shape ``(out_channels, in_channels / groups, kH, kW)``, initialised as
    PyTorch does (``kaiming_uniform_`` with ``a=sqrt(5)``; the bias from
    ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``).

    Example::

        >>> m = nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))
        >>> m
        Conv2d(16, 33, kernel_size=(3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))
        >>> m(torch.randn(2, 16, 10, 10)).size()
        torch.Size([2, 33, 6, 10])
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0,
                         groups, bias, padding_mode, dtype)

    def forward(self, input):
        """The module applied to its input(s)."""
        if self.padding_mode != "zeros":
            input = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return F.conv2d(input, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
        return F.conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)


class ConvTranspose2d(_ConvNd):
    r"""Applies a 2D transposed convolution over an input of shape ``(N, C_in, H, W)``.

    The weight has shape ``(in_channels, out_channels / groups, kH, kW)``; the output size
    is ``(H - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1``.

    Example::

        >>> m = nn.ConvTranspose2d(16, 33, 3, stride=2)
        >>> m(torch.randn(2, 16, 5, 5)).size()
        torch.Size([2, 33, 11, 11])
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if isinstance(padding, str):
            raise ValueError(f'Only "zeros" padding mode with int padding is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, True,
                         output_padding, groups, bias, padding_mode, dtype)

    def forward(self, input, output_size=None):
        """The module applied to its input(s); :attr:`output_size` picks the output padding."""
        output_padding = self.output_padding
        if output_size is not None:
            n = len(self.kernel_size)
            output_size = list(output_size)[-n:]
            spatial = input.shape[-n:]
            output_padding = tuple(
                output_size[d] - ((spatial[d] - 1) * self.stride[d] - 2 * self.padding[d]
                                  + self.dilation[d] * (self.kernel_size[d] - 1) + 1)
                for d in range(n)
            )
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding, output_padding,
                                  self.groups, self.dilation)
