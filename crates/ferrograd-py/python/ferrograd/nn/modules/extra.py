"""More modules over the functional API: activations (``ReLU6 Softsign Tanhshrink Softmin``),
distances (``CosineSimilarity PairwiseDistance``), padding (``ConstantPad*d ZeroPad*d
ReflectionPad*d ReplicationPad*d CircularPad*d``), 1-D pooling, ``Upsample``, and the parameter
containers ``ParameterList``/``ParameterDict``."""

from collections import OrderedDict

from ... import empty
from ..._ferrograd import Tensor
from .. import init
from .. import functional as F
from ..parameter import Parameter
from .module import Module

__all__ = [
    "ReLU6", "Softsign", "Tanhshrink", "Softmin", "CosineSimilarity", "PairwiseDistance",
    "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d",
    "ReflectionPad1d", "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d",
    "CircularPad1d", "CircularPad2d", "MaxPool1d", "AvgPool1d", "AdaptiveAvgPool1d",
    "AdaptiveMaxPool2d", "Upsample", "ParameterList", "ParameterDict", "PReLU", "Threshold", "GLU",
    "Softmax2d", "PixelShuffle", "PixelUnshuffle",
]


class ReLU6(Module):
    r"""Applies ``min(max(0, x), 6)`` element-wise.

    Example::

        >>> nn.ReLU6()(torch.tensor([-1.0, 3.0, 8.0]))
        tensor([0., 3., 6.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.relu6(input, self.inplace)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return "inplace=True" if self.inplace else ""


class Softsign(Module):
    r"""Applies ``x / (1 + |x|)`` element-wise.

    Example::

        >>> nn.Softsign()(torch.tensor([-1.0, 3.0]))
        tensor([-0.5000,  0.7500])
    """

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.softsign(input)


class Tanhshrink(Module):
    r"""Applies ``x - tanh(x)`` element-wise.

    Example::

        >>> nn.Tanhshrink()(torch.tensor([0.0, 1.0]))
        tensor([0.0000, 0.2384])
    """

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.tanhshrink(input)


class Softmin(Module):
    r"""Applies ``softmax(-x)`` along :attr:`dim`.

    Example::

        >>> nn.Softmin(dim=0)(torch.tensor([1.0, 2.0, 3.0]))
        tensor([0.6652, 0.2447, 0.0900])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"dim={self.dim}"


class CosineSimilarity(Module):
    r"""The cosine similarity of two inputs along :attr:`dim` (:func:`F.cosine_similarity`).

    Example::

        >>> nn.CosineSimilarity(dim=0)(torch.tensor([1.0, 0.0]), torch.tensor([1.0, 1.0]))
        tensor(0.7071)
    """

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim = dim
        self.eps = eps

    def forward(self, x1, x2):
        """The module applied to its input(s)."""
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    r"""The :attr:`p`-norm distance between rows of two inputs (:func:`F.pairwise_distance`).

    Example::

        >>> nn.PairwiseDistance()(torch.tensor([[0.0, 0.0]]), torch.tensor([[3.0, 4.0]]))
        tensor([5.0000])
    """

    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm = p
        self.eps = eps
        self.keepdim = keepdim

    def forward(self, x1, x2):
        """The module applied to its input(s)."""
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


def _ntuple_pad(padding, n):
    if isinstance(padding, int):
        return (padding,) * (2 * n)
    padding = tuple(padding)
    if len(padding) != 2 * n:
        raise ValueError(f"expected padding of {2 * n} values, got {len(padding)}")
    return padding


class _PadNd(Module):
    _mode = "constant"
    _n = 1

    def __init__(self, padding, value=None):
        super().__init__()
        self.padding = _ntuple_pad(padding, self._n)
        if value is not None:
            self.value = value

    def forward(self, input):
        """The module applied to its input(s)."""
        if self._mode == "constant":
            return F.pad(input, self.padding, "constant", getattr(self, "value", 0.0))
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        """The arguments shown in the repr."""
        if type(self).__name__.startswith("Zero") or self._mode != "constant":
            return f"{self.padding}"
        if self._mode == "constant" and hasattr(self, "value"):
            return f"padding={self.padding}, value={self.value}"
        return f"padding={self.padding}"


def _pad_class(name, mode, n, doc_example):
    def __init__(self, padding, *args):
        if mode == "constant" and not name.startswith("Zero"):
            if len(args) != 1:
                raise TypeError(f"{name}.__init__() missing 1 required positional argument: 'value'")
            _PadNd.__init__(self, padding, args[0])
        else:
            if args:
                raise TypeError(f"{name}.__init__() takes 2 positional arguments but {len(args) + 2} were given")
            _PadNd.__init__(self, padding, 0.0 if name.startswith("Zero") else None)

    doc = f"Pads the last {n} dimension{'s' if n > 1 else ''} of the input ({mode} padding).\n\n"
    doc += f"    Example::\n\n{doc_example}"
    return type(name, (_PadNd,), {"__init__": __init__, "_mode": mode, "_n": n, "__doc__": doc})


ConstantPad1d = _pad_class("ConstantPad1d", "constant", 1, "        >>> nn.ConstantPad1d(1, 9.0)(torch.tensor([[1.0, 2.0]]))\n        tensor([[9., 1., 2., 9.]])\n")
ConstantPad2d = _pad_class("ConstantPad2d", "constant", 2, "        >>> nn.ConstantPad2d(1, 0.5)(torch.ones(1, 1, 1)).shape\n        torch.Size([1, 3, 3])\n")
ConstantPad3d = _pad_class("ConstantPad3d", "constant", 3, "        >>> nn.ConstantPad3d(1, 0.0)(torch.ones(1, 1, 1, 1)).shape\n        torch.Size([1, 3, 3, 3])\n")
ZeroPad1d = _pad_class("ZeroPad1d", "constant", 1, "        >>> nn.ZeroPad1d((1, 0))(torch.tensor([[1.0, 2.0]]))\n        tensor([[0., 1., 2.]])\n")
ZeroPad2d = _pad_class("ZeroPad2d", "constant", 2, "        >>> nn.ZeroPad2d(1)(torch.ones(1, 1, 1))\n        tensor([[[0., 0., 0.],\n                 [0., 1., 0.],\n                 [0., 0., 0.]]])\n")
ZeroPad3d = _pad_class("ZeroPad3d", "constant", 3, "        >>> nn.ZeroPad3d(1)(torch.ones(1, 1, 1, 1)).shape\n        torch.Size([1, 3, 3, 3])\n")
ReflectionPad1d = _pad_class("ReflectionPad1d", "reflect", 1, "        >>> nn.ReflectionPad1d(2)(torch.tensor([[[1.0, 2.0, 3.0]]]))\n        tensor([[[3., 2., 1., 2., 3., 2., 1.]]])\n")
ReflectionPad2d = _pad_class("ReflectionPad2d", "reflect", 2, "        >>> nn.ReflectionPad2d(1)(torch.ones(1, 1, 2, 2)).shape\n        torch.Size([1, 1, 4, 4])\n")
ReplicationPad1d = _pad_class("ReplicationPad1d", "replicate", 1, "        >>> nn.ReplicationPad1d(2)(torch.tensor([[[1.0, 2.0]]]))\n        tensor([[[1., 1., 1., 2., 2., 2.]]])\n")
ReplicationPad2d = _pad_class("ReplicationPad2d", "replicate", 2, "        >>> nn.ReplicationPad2d(1)(torch.ones(1, 1, 2, 2)).shape\n        torch.Size([1, 1, 4, 4])\n")
CircularPad1d = _pad_class("CircularPad1d", "circular", 1, "        >>> nn.CircularPad1d(1)(torch.tensor([[[1.0, 2.0, 3.0]]]))\n        tensor([[[3., 1., 2., 3., 1.]]])\n")
CircularPad2d = _pad_class("CircularPad2d", "circular", 2, "        >>> nn.CircularPad2d(1)(torch.ones(1, 1, 2, 2)).shape\n        torch.Size([1, 1, 4, 4])\n")


class MaxPool1d(Module):
    r"""1-D max pooling (:func:`F.max_pool1d`).

    Example::

        >>> nn.MaxPool1d(2)(torch.tensor([[[1.0, 3.0, 2.0, 5.0]]]))
        tensor([[[3., 5.]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool1d(Module):
    r"""1-D average pooling (:func:`F.avg_pool1d`).

    Example::

        >>> nn.AvgPool1d(2)(torch.tensor([[[1.0, 3.0, 2.0, 6.0]]]))
        tensor([[[2., 4.]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"kernel_size=({self.kernel_size},), stride=({self.stride},), padding=({self.padding},)"


class AdaptiveAvgPool1d(Module):
    r"""1-D adaptive average pooling to :attr:`output_size` (:func:`F.adaptive_avg_pool1d`).

    Example::

        >>> nn.AdaptiveAvgPool1d(1)(torch.tensor([[[1.0, 3.0]]]))
        tensor([[[2.]]])
    """

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.adaptive_avg_pool1d(input, self.output_size)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"output_size={self.output_size}"


class AdaptiveMaxPool2d(Module):
    r"""2-D adaptive max pooling to :attr:`output_size` (:func:`F.adaptive_max_pool2d`).

    Example::

        >>> nn.AdaptiveMaxPool2d(1)(torch.tensor([[[[1.0, 3.0], [4.0, 2.0]]]]))
        tensor([[[[4.]]]])
    """

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"output_size={self.output_size}"


class Upsample(Module):
    r"""Upsamples its input to :attr:`size` or by :attr:`scale_factor` (:func:`F.interpolate`).

    Example::

        >>> nn.Upsample(scale_factor=2)(torch.tensor([[[1.0, 2.0]]]))
        tensor([[[1., 1., 2., 2.]]])
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        self.size = size
        self.scale_factor = float(scale_factor) if isinstance(scale_factor, (int, float)) else scale_factor
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self):
        """The arguments shown in the repr."""
        if self.scale_factor is not None:
            info = f"scale_factor={self.scale_factor!r}"
        else:
            info = f"size={self.size!r}"
        return info + f", mode={self.mode!r}"


def _as_parameter(value):
    if value is None or isinstance(value, Parameter) or not isinstance(value, Tensor):
        return value
    return Parameter(value)


class ParameterList(Module):
    r"""Holds parameters in a list, registered under the names ``"0"``, ``"1"``, …; plain
    tensors given to it become parameters.

    Example::

        >>> params = nn.ParameterList([torch.zeros(2), nn.Parameter(torch.ones(3))])
        >>> len(params), [tuple(p.shape) for p in params]
        (2, [(2,), (3,)])
        >>> [name for name, _ in params.named_parameters()]
        ['0', '1']
    """

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def _key(self, idx):
        if not isinstance(idx, int):
            raise TypeError(f"ParameterList indices must be integers, not {type(idx).__name__}")
        if not -self._size <= idx < self._size:
            raise IndexError(f"index {idx} is out of range")
        return str(idx % self._size)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__([self[i] for i in range(self._size)[idx]])
        return getattr(self, self._key(idx))

    def __setitem__(self, idx, param):
        setattr(self, self._key(idx), _as_parameter(param))

    def __len__(self):
        return self._size

    def __iter__(self):
        return iter(self[i] for i in range(self._size))

    def __iadd__(self, parameters):
        return self.extend(parameters)

    def __dir__(self):
        return [k for k in super().__dir__() if not k.isdigit()]

    def append(self, value):
        """Appends a parameter (a plain tensor becomes one) at the end."""
        i = self._size
        self._size += 1
        setattr(self, str(i), _as_parameter(value))
        return self

    def extend(self, values):
        """Appends the parameters of an iterable."""
        for v in values:
            self.append(v)
        return self

    def extra_repr(self):
        """The arguments shown in the repr."""
        lines = []
        for i, p in enumerate(self):
            if isinstance(p, Tensor):
                size = "x".join(str(s) for s in p.size())
                lines.append(f"  ({i}): Parameter containing: [{p.dtype} of size {size}]")
            else:
                lines.append(f"  ({i}): Object of type: {type(p).__name__}")
        return "\n".join(lines)


class ParameterDict(Module):
    r"""Holds parameters in a dictionary, registered under their keys; plain tensors given to it
    become parameters.

    Example::

        >>> params = nn.ParameterDict({"w": torch.zeros(2), "b": torch.zeros(1)})
        >>> list(params.keys()), isinstance(params["w"], nn.Parameter)
        (['b', 'w'], True)
    """

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = OrderedDict()
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(key)
        return getattr(self, key)

    def __setitem__(self, key, value):
        if not isinstance(key, str):
            raise TypeError(f"ParameterDict keys must be strings, not {type(key).__name__}")
        self._keys[key] = None
        setattr(self, key, _as_parameter(value))

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, key)

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __contains__(self, key):
        return key in self._keys

    def keys(self):
        """The keys, in insertion order."""
        return self._keys.keys()

    def items(self):
        """``(key, parameter)`` pairs."""
        return ((k, self[k]) for k in self._keys)

    def values(self):
        """The parameters."""
        return (self[k] for k in self._keys)

    def get(self, key, default=None):
        """The parameter under :attr:`key`, or :attr:`default`."""
        return self[key] if key in self else default

    def pop(self, key):
        """Removes :attr:`key` and returns its parameter."""
        v = self[key]
        del self[key]
        return v

    def update(self, parameters):
        """Adds the pairs of a mapping or an iterable of pairs; a plain ``dict`` is added in
        sorted key order (as PyTorch does), an ``OrderedDict`` or ``ParameterDict`` in its own."""
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            items = list(parameters.items())
        elif hasattr(parameters, "items"):
            items = sorted(parameters.items())
        else:
            items = list(parameters)
        for k, v in items:
            self[k] = v

    def extra_repr(self):
        """The arguments shown in the repr."""
        lines = []
        for k, p in self.items():
            if isinstance(p, Tensor):
                size = "x".join(str(s) for s in p.size())
                lines.append(f"  ({k}): Parameter containing: [{p.type()} of size {size}]")
            else:
                lines.append(f"  ({k}): Object of type: {type(p).__name__}")
        return "\n".join(lines)


class PReLU(Module):
    r"""``x`` where positive, ``a * x`` elsewhere, with a learnt ``a`` (one, or one per channel),
    initialised to :attr:`init` (:func:`F.prelu`).

    Example::

        >>> nn.PReLU()(torch.tensor([-1.0, 2.0]))
        tensor([-0.2500,  2.0000], grad_fn=<WhereBackward0>)
    """

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(empty(num_parameters, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        """Sets the weight to :attr:`init`."""
        init.constant_(self.weight, self.init)

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.prelu(input, self.weight)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"num_parameters={self.num_parameters}"


class Threshold(Module):
    r"""``x`` where ``x > threshold``, else :attr:`value` (:func:`F.threshold`).

    Example::

        >>> nn.Threshold(0.5, -1.0)(torch.tensor([0.2, 0.7]))
        tensor([-1.0000,  0.7000])
    """

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class GLU(Module):
    r"""The gated linear unit along :attr:`dim` (:func:`F.glu`).

    Example::

        >>> nn.GLU()(torch.tensor([1.0, 2.0, 0.0, 100.0]))
        tensor([0.5000, 2.0000])
    """

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.glu(input, self.dim)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"dim={self.dim}"


class Softmax2d(Module):
    r"""Softmax over the channels (dimension -3) at every position.

    Example::

        >>> nn.Softmax2d()(torch.zeros(1, 2, 1, 1)).flatten()
        tensor([0.5000, 0.5000])
    """

    def forward(self, input):
        """The module applied to its input(s)."""
        if input.dim() not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D instead")
        return input.softmax(-3)


class PixelShuffle(Module):
    r"""``(*, C r^2, H, W)`` to ``(*, C, H r, W r)`` (:func:`F.pixel_shuffle`).

    Example::

        >>> nn.PixelShuffle(2)(torch.zeros(1, 8, 3, 3)).shape
        torch.Size([1, 2, 6, 6])
    """

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    r"""``(*, C, H r, W r)`` to ``(*, C r^2, H, W)`` (:func:`F.pixel_unshuffle`).

    Example::

        >>> nn.PixelUnshuffle(2)(torch.zeros(1, 2, 6, 6)).shape
        torch.Size([1, 8, 3, 3])
    """

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"downscale_factor={self.downscale_factor}"
