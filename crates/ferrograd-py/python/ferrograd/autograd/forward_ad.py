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

    def __init__(self) -> None:
        # the tangents given to make_dual in the current level: unpack_dual returns the same
        # objects, as PyTorch does
        self.tangents: dict = {}


_state = _Level()


def enter_dual_level() -> int:
    """enter_dual_level() -> int

    Enter a new forward grad level, where dual tensors can be made and used; returns it. Levels
    do not nest in ferrograd. Prefer the :class:`dual_level` context manager.

    Example::

        >>> import ferrograd.autograd.forward_ad as fwAD
        >>> level = fwAD.enter_dual_level()
        >>> fwAD.exit_dual_level(level=level)
    """
    new_level = _C._enter_dual_level()
    _state.current = new_level
    return new_level


def exit_dual_level(*, level: Optional[int] = None) -> None:
    """exit_dual_level(*, level=None) -> None

    Exit a forward grad level: every tangent created in it is dropped. Prefer the
    :class:`dual_level` context manager.

    Example::

        >>> import ferrograd.autograd.forward_ad as fwAD
        >>> level = fwAD.enter_dual_level()
        >>> fwAD.exit_dual_level(level=level)
    """
    if level is None:
        level = _state.current
    if level != _state.current:
        raise RuntimeError(
            "Trying to exit a forward AD level that was not the last one "
            "that was created. This is not supported."
        )
    _C._exit_dual_level()
    _state.current = level - 1
    _state.tangents = {}


def make_dual(tensor: Tensor, tangent: Tensor, *, level: Optional[int] = None) -> Tensor:
    """make_dual(tensor, tangent, *, level=None) -> Tensor

    Associate a tensor value with its tangent to create a "dual tensor" for forward AD
    gradient computation: a new tensor aliased to :attr:`tensor` carrying :attr:`tangent` (of
    the same shape). The result is backward differentiable with respect to :attr:`tensor`.

    Args:
        tensor (Tensor): the primal value.
        tangent (Tensor): the tangent (the direction of the Jacobian-vector product).

    Example::

        >>> import ferrograd.autograd.forward_ad as fwAD
        >>> with fwAD.dual_level():
        ...     x = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
        ...     y = x ** 2
        ...     fwAD.unpack_dual(y).tangent
        tensor([2., 0.])
    """
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
    dual = _C._make_dual(tensor, tangent)
    _state.tangents.setdefault(tangent.data_ptr(), []).append(tangent)
    return dual


class UnpackedDualTensor(NamedTuple):
    """Namedtuple returned by :func:`unpack_dual` containing the primal and tangent components
    of the dual tensor (the tangent is ``None`` if it has none).
    """

    primal: Tensor
    tangent: Optional[Tensor]


def unpack_dual(tensor: Tensor, *, level: Optional[int] = None) -> UnpackedDualTensor:
    """unpack_dual(tensor, *, level=None) -> UnpackedDualTensor

    Unpack a "dual tensor" to get both its Tensor value and its forward AD gradient. The
    result is a namedtuple ``(primal, tangent)``: ``primal`` is a view of :attr:`tensor`'s
    primal and ``tangent`` is its tangent as is (``None`` if it has none).

    Example::

        >>> import ferrograd.autograd.forward_ad as fwAD
        >>> with fwAD.dual_level():
        ...     x = fwAD.make_dual(torch.tensor(3.0), torch.tensor(1.0))
        ...     primal, tangent = fwAD.unpack_dual(x.sin())
        ...     tangent
        tensor(-0.9900)
    """
    if level is None:
        level = _state.current
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    primal, dual = _C._unpack_dual(tensor)
    if dual is not None:
        for t in _state.tangents.get(dual.data_ptr(), ()):
            if _C._tensor_is_same(t, dual):
                dual = t
                break
    return UnpackedDualTensor(primal, dual)


class dual_level(_GradModeBase):
    """Context-manager for forward AD, where all forward AD computation must occur within the
    ``dual_level`` context. Entering it makes a new level in which dual tensors are made
    (:func:`make_dual`) and used; on exit every tangent created in it is dropped. Also a
    decorator.

    Example::

        >>> import ferrograd.autograd.forward_ad as fwAD
        >>> x = torch.tensor([1.0])
        >>> with fwAD.dual_level():
        ...     inp = fwAD.make_dual(x, torch.tensor([2.0]))
        ...     out = inp * 3
        ...     fwAD.unpack_dual(out).tangent
        tensor([6.])
        >>> fwAD.unpack_dual(out).tangent is None
        True
    """

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        exit_dual_level()
