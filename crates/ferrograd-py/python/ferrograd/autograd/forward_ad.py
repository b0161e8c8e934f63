"""``torch.autograd.forward_ad``: forward-mode automatic differentiation with dual tensors.

Inside ``with dual_level():``, ``make_dual(x, t)`` pairs a primal tensor with a tangent; every
operation on dual tensors carries the tangent forward (the Jacobian-vector product ``J·t``) and
``unpack_dual(y)`` reads it back as ``(primal, tangent)``. Dual tensors print with a
``tangent=`` suffix, as in PyTorch::

    >>> import ferrograd as torch
    >>> import ferrograd.autograd.forward_ad as fwAD
    >>> with fwAD.dual_level():
    ...     x = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
    ...     y = x ** 2
    ...     print(y)
    ...     print(fwAD.unpack_dual(y).tangent)
    tensor([1., 4.], tangent=tensor([2., 0.]))
    tensor([2., 0.])

Levels do not nest (as in PyTorch) and belong to the thread that entered them; tangents are
dropped when the level ends.
"""

import threading
from typing import Any, NamedTuple, Optional

from .. import _ferrograd as _C
from .._ferrograd import Tensor
from .._grad_mode import _GradModeBase

__all__ = [
    "UnpackedDualTensor",
    "enter_dual_level",
    "exit_dual_level",
    "make_dual",
    "unpack_dual",
    "dual_level",
]


class _Level(threading.local):
    current = -1


_state = _Level()


def enter_dual_level() -> int:
    """Enters a new forward grad level (the only one: levels do not nest) and returns it."""
    new_level = _C._enter_dual_level()
    _state.current = new_level
    return new_level


def exit_dual_level(*, level: Optional[int] = None) -> None:
    """Exits the forward grad level: every tangent created in it is dropped."""
    if level is None:
        level = _state.current
    if level != _state.current:
        raise RuntimeError(
            "Trying to exit a forward AD level that was not the last one "
            "that was created. This is not supported."
        )
    _C._exit_dual_level()
    _state.current = level - 1


def make_dual(tensor: Tensor, tangent: Tensor, *, level: Optional[int] = None) -> Tensor:
    """A dual tensor: a new tensor aliased to ``tensor`` carrying ``tangent`` (same shape).

    The result is backward differentiable with respect to ``tensor``."""
    if level is None:
        level = _state.current
    if level < 0:
        raise RuntimeError(
            "Trying to create a dual Tensor for forward AD but no level "
            "exists, make sure to enter_dual_level() first."
        )
    if not tensor.is_floating_point():
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not tangent.is_floating_point():
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    return _C._make_dual(tensor, tangent)


class UnpackedDualTensor(NamedTuple):
    """Namedtuple returned by :func:`unpack_dual`: the primal and the tangent (or ``None``)."""

    primal: Tensor
    tangent: Optional[Tensor]


def unpack_dual(tensor: Tensor, *, level: Optional[int] = None) -> UnpackedDualTensor:
    """``(primal, tangent)`` of a tensor: ``primal`` is a view without tangent, ``tangent`` is
    ``None`` for a tensor that is not dual. Also unpackable as a pair:
    ``y, jvp = unpack_dual(out)``."""
    if level is None:
        level = _state.current
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    primal, dual = _C._unpack_dual(tensor)
    return UnpackedDualTensor(primal, dual)


class dual_level(_GradModeBase):
    """Context manager (and decorator) for forward AD: dual tensors are made and used inside.

    ``with dual_level():`` enters the level and returns its number; leaving it drops every
    tangent."""

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        exit_dual_level()
