from typing import Any, Callable, List, Union

from .. import Tensor

_Operand = Union["Jet", int, float]

class Jet:
    """A truncated Taylor series ``Σ cₖ·hᵏ``, ``k = 0..=degree`` (``cₖ = f⁽ᵏ⁾(x)/k!``), the value
    ferrograd's Taylor mode evaluates a function on (see :func:`derivatives`). Jets support
    ``+ - * / **`` with numbers and jets and the elementwise methods below.

    Example::

        >>> from ferrograd.autograd.taylor import Jet
        >>> x = Jet.variable(0.0, 3)
        >>> y = x.exp() * 2
        >>> y.derivatives()
        [2.0, 2.0, 2.0, 2.0]
        >>> y.degree, y.value
        (3, 2.0)
    """
    @staticmethod
    def variable(x: float, n: int) -> Jet:
        """The independent variable at ``x``, to degree ``n``: ``x + h``."""
    @staticmethod
    def constant(v: float, n: int) -> Jet:
        """A constant to degree ``n``."""
    @property
    def degree(self) -> int:
        """The truncation degree ``n``."""
    @property
    def value(self) -> float:
        """The value ``f(x)``."""
    def coefficients(self) -> List[float]:
        """The Taylor coefficients ``f⁽ᵏ⁾(x)/k!``."""
    def derivatives(self) -> List[float]:
        """The derivatives ``f(x), f'(x), ..., f⁽ⁿ⁾(x)``."""
    def __add__(self, other: _Operand) -> Jet: ...
    def __radd__(self, other: _Operand) -> Jet: ...
    def __sub__(self, other: _Operand) -> Jet: ...
    def __rsub__(self, other: _Operand) -> Jet: ...
    def __mul__(self, other: _Operand) -> Jet: ...
    def __rmul__(self, other: _Operand) -> Jet: ...
    def __truediv__(self, other: _Operand) -> Jet: ...
    def __rtruediv__(self, other: _Operand) -> Jet: ...
    def __pow__(self, other: _Operand) -> Jet: ...
    def __rpow__(self, other: _Operand) -> Jet: ...
    def __neg__(self) -> Jet: ...
    def __pos__(self) -> Jet: ...
    def __abs__(self) -> Jet: ...
    def exp(self) -> Jet:
        """The Taylor series of ``exp`` of this jet."""
    def log(self) -> Jet:
        """The Taylor series of the natural logarithm of this jet."""
    def log1p(self) -> Jet:
        """The Taylor series of ``log(1 + x)`` of this jet."""
    def sin(self) -> Jet:
        """The Taylor series of the sine of this jet."""
    def cos(self) -> Jet:
        """The Taylor series of the cosine of this jet."""
    def tan(self) -> Jet:
        """The Taylor series of the tangent of this jet."""
    def tanh(self) -> Jet:
        """The Taylor series of the hyperbolic tangent of this jet."""
    def sigmoid(self) -> Jet:
        """The Taylor series of the logistic sigmoid ``1 / (1 + exp(-x))`` of this jet."""
    def sqrt(self) -> Jet:
        """The Taylor series of the square root of this jet."""
    def rsqrt(self) -> Jet:
        """The Taylor series of ``1 / sqrt(x)`` of this jet."""
    def abs(self) -> Jet:
        """The Taylor series of ``|x|`` of this jet (the sign of its value times the jet)."""
    def relu(self) -> Jet:
        """The Taylor series of ``max(x, 0)`` of this jet (the jet, or zero, by the sign of its value)."""
    def square(self) -> Jet:
        """The Taylor series of ``x * x`` of this jet."""
    def reciprocal(self) -> Jet:
        """The Taylor series of ``1 / x`` of this jet."""
    def neg(self) -> Jet:
        """The negated jet, ``-x``."""
    def pow(self, exponent: _Operand) -> Jet:
        """``x ** exponent``."""

def derivatives(f: Callable[[Jet], Any], x: Union[float, Tensor], n: int) -> List[float]:
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
