"""Taylor mode: every derivative of a scalar function of one variable up to order ``n`` in one
pass, by evaluating the function on a truncated Taylor series (a :class:`Jet`).

Write the function with arithmetic operators (``+ - * / **`` with jets or numbers) and the
methods ``exp``, ``log``, ``log1p``, ``sin``, ``cos``, ``tan``, ``tanh``, ``sigmoid``,
``sqrt``, ``rsqrt``, ``abs``, ``relu``, ``square``, ``reciprocal`` and ``pow``; the same
function then runs on a tensor too::

    >>> from ferrograd.autograd.taylor import derivatives
    >>> derivatives(lambda x: x.sin() * x.exp(), 0.0, 4)
    [0.0, 1.0, 2.0, 2.0, 0.0]

Nested ``autograd.grad(..., create_graph=True)`` grows the graph with every order; a jet of
degree ``n`` costs ``O(n²)`` per operation, so ``n = 20`` is cheap. PyTorch has no counterpart.
"""

import operator
from typing import Any, Callable, List

from .._ferrograd import Jet, Tensor

__all__ = ["Jet", "derivatives"]


def derivatives(f: Callable[[Jet], Any], x: Any, n: int) -> List[float]:
    """derivatives(f, x, n) -> list of float

    ``[f(x), f'(x), ..., f⁽ⁿ⁾(x)]`` for a function of one real variable, as floats, in one
    Taylor-mode pass (ferrograd only).

    ``x`` is a number (or a one-element tensor); ``f`` receives a :class:`Jet` and returns a
    jet (or a constant).

    Example::

        >>> from ferrograd.autograd.taylor import derivatives
        >>> derivatives(lambda t: t.sin() * t.exp(), 0.0, 5)
        [0.0, 1.0, 2.0, 2.0, 0.0, -4.0]
    """
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"derivatives(): the order n must be non-negative, got {n}")
    if isinstance(x, Tensor):
        x = x.item()
    y = f(Jet.variable(float(x), n))
    if isinstance(y, Jet):
        if y.degree != n:
            raise ValueError(f"derivatives(): f returned a Jet of degree {y.degree}, expected {n}")
        return y.derivatives()
    if isinstance(y, (int, float)):
        return [float(y)] + [0.0] * n
    raise TypeError(f"derivatives(): f must return a Jet or a number, not {type(y).__name__}")
