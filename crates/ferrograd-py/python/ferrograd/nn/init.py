"""``torch.nn.init``: parameter initialisation with PyTorch's formulas and random draws.

Each function fills its tensor in place (with gradient recording off) and returns it; after
:func:`torch.manual_seed` the values are PyTorch's. The numerics are the Rust library's
``ferrograd::nn::init``.
"""

import math
import warnings

from .. import _ferrograd as _C
from .. import _meta
from .._ferrograd import Tensor

__all__ = [
    "calculate_gain",
    "uniform_",
    "normal_",
    "trunc_normal_",
    "constant_",
    "ones_",
    "zeros_",
    "eye_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
]


def _fill(tensor, kind, *args, **kwargs):
    """``tensor`` filled in place by the rule ``kind``; a meta tensor gets the checks of its
    shape only (no values, and no random numbers drawn)."""
    if type(tensor) is _meta.MetaTensor:
        if kind.startswith("xavier"):
            _fan_in_and_fan_out(tensor)
        return tensor
    return _C._init_fill(tensor, kind, *args, **kwargs)


def calculate_gain(nonlinearity, param=None):
    r"""Return the recommended gain value for the given nonlinearity function.

    ================= ====================================================
    nonlinearity      gain
    ================= ====================================================
    Linear / Identity :math:`1`
    Conv{1,2,3}D      :math:`1`
    Sigmoid           :math:`1`
    Tanh              :math:`\frac{5}{3}`
    ReLU              :math:`\sqrt{2}`
    Leaky Relu        :math:`\sqrt{\frac{2}{1 + \text{negative\_slope}^2}}`
    SELU              :math:`\frac{3}{4}`
    ================= ====================================================

    Args:
        nonlinearity: the non-linear function (`nn.functional` name)
        param: optional parameter for the non-linear function

    Example::

        >>> torch.nn.init.calculate_gain("leaky_relu", 0.2)
        1.3867504905630728
    """
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d")
    if nonlinearity in linear or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "leaky_relu" and param is not None:
        if isinstance(param, bool) or not isinstance(param, (int, float)):
            raise ValueError(f"negative_slope {param} not a valid number")
    if nonlinearity == "leaky_relu" or nonlinearity in ("tanh", "relu", "selu"):
        return _C._init_calculate_gain(nonlinearity, None if param is None else float(param))
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    r"""Fill the input Tensor with values drawn from the uniform distribution
    :math:`\mathcal{U}(a, b)`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.uniform_(w)
    """
    return _fill(tensor, "uniform_", float(a), float(b), generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    r"""Fill the input Tensor with values drawn from the normal distribution
    :math:`\mathcal{N}(\text{mean}, \text{std}^2)`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.normal_(w)
    """
    return _fill(tensor, "normal_", float(mean), float(std), generator=generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    r"""Fill the input Tensor with values drawn from a truncated normal distribution: values
    outside :math:`[a, b]` are redrawn until they are within the bounds (PyTorch's rejection
    sampling, in the same order of draws).

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.trunc_normal_(w)
    """
    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    return _fill(
        tensor, "trunc_normal_", float(mean), float(std), float(a), float(b), generator=generator
    )


def constant_(tensor, val):
    r"""Fill the input Tensor with the value :math:`\text{val}`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.constant_(w, 0.3)
    """
    return _fill(tensor, "constant_", float(val))


def ones_(tensor):
    r"""Fill the input Tensor with the scalar value `1`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.ones_(w)
    """
    return _fill(tensor, "ones_")


def zeros_(tensor):
    r"""Fill the input Tensor with the scalar value `0`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.zeros_(w)
    """
    return _fill(tensor, "zeros_")


def eye_(tensor):
    r"""Fill the 2-dimensional input `Tensor` with the identity matrix.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.eye_(w)
    """
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(tensor, "eye_")


def _fan_in_and_fan_out(tensor):
    if type(tensor) is _meta.MetaTensor:
        return _C._init_fan_in_and_fan_out(tensor._stand_in())
    return _C._init_fan_in_and_fan_out(tensor)


_calculate_fan_in_and_fan_out = _fan_in_and_fan_out


def xavier_uniform_(tensor, gain=1.0, generator=None):
    r"""Fill the input `Tensor` with values using a Xavier uniform distribution:
    :math:`\mathcal{U}(-a, a)` with
    :math:`a = \text{gain} \times \sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.xavier_uniform_(w, gain=torch.nn.init.calculate_gain("relu"))
    """
    return _fill(tensor, "xavier_uniform_", float(gain), generator=generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    r"""Fill the input `Tensor` with values using a Xavier normal distribution:
    :math:`\mathcal{N}(0, \text{std}^2)` with
    :math:`\text{std} = \text{gain} \times \sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.xavier_normal_(w)
    """
    return _fill(tensor, "xavier_normal_", float(gain), generator=generator)


def _kaiming(name, tensor, a, mode, nonlinearity, generator):
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return tensor
    if nonlinearity == "leaky_relu" and (isinstance(a, bool) or not isinstance(a, (int, float))):
        raise ValueError(f"negative_slope {a} not a valid number")
    if type(tensor) is _meta.MetaTensor:
        # PyTorch's checks of the arguments and the shape; a meta tensor has no values to draw
        if mode not in ("fan_in", "fan_out"):
            raise ValueError(f"Mode {mode} not supported, please use one of {['fan_in', 'fan_out']}")
        calculate_gain(nonlinearity, a)
        _fan_in_and_fan_out(tensor)
        return tensor
    return _C._init_kaiming(tensor, name, float(a), mode, nonlinearity, generator=generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    r"""Fill the input `Tensor` with values using a Kaiming uniform distribution:
    :math:`\mathcal{U}(-\text{bound}, \text{bound})` with
    :math:`\text{bound} = \text{gain} \times \sqrt{\frac{3}{\text{fan\_mode}}}`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu")
    """
    return _kaiming("kaiming_uniform_", tensor, a, mode, nonlinearity, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    r"""Fill the input `Tensor` with values using a Kaiming normal distribution:
    :math:`\mathcal{N}(0, \text{std}^2)` with
    :math:`\text{std} = \frac{\text{gain}}{\sqrt{\text{fan\_mode}}}`.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    """
    return _kaiming("kaiming_normal_", tensor, a, mode, nonlinearity, generator)
