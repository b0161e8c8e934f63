"""``torch.linalg``: vector norms (``vector_norm``) and square linear algebra through an LU
factorisation with partial pivoting (``solve``, ``inv``, ``det``, ``slogdet``), differentiable
to any order, with PyTorch's grad_fn names and errors (a singular matrix raises
:class:`LinAlgError`)."""

from . import _ferrograd as _C
from . import return_types as _rt
from ._ferrograd import Tensor as _Tensor, vector_norm

__all__ = ["vector_norm", "solve", "inv", "det", "slogdet", "LinAlgError"]

LinAlgError = _C._LinAlgError
LinAlgError.__module__ = "torch.linalg"


def _tensor_arg(name, what, x):
    if not isinstance(x, _Tensor):
        raise TypeError(f"linalg_{name}(): argument '{what}' (position 1) must be Tensor, not {type(x).__name__}")


def solve(A, B, *, left=True, out=None):
    """solve(A, B, *, left=True, out=None) -> Tensor

    The solution ``X`` of ``A X = B`` for square ``A`` of shape ``(*, n, n)`` and ``B`` of
    ``(*, n, k)`` or a vector ``(*, n)``, batch dimensions broadcast; with ``left=False``,
    of ``X A = B``. A singular ``A`` raises :class:`LinAlgError`. Records
    ``LinalgSolveExBackward0``.

    Example::

        >>> A = torch.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=torch.float64)
        >>> torch.linalg.solve(A, torch.tensor([1.0, 2.0], dtype=torch.float64))
        tensor([0.2000, 0.6000], dtype=torch.float64)
    """
    _tensor_arg("solve", "A", A)
    if out is not None:
        raise TypeError("linalg.solve(): out= is not supported in ferrograd")
    if left:
        return _C._linalg_solve(A, B)
    # X A = B  <=>  A^T X^T = B^T
    return _C._linalg_solve(A.transpose(-2, -1), B.transpose(-2, -1)).transpose(-2, -1)


def inv(A, *, out=None):
    """inv(A, *, out=None) -> Tensor

    The inverse of each square matrix of ``A`` (``(*, n, n)``). A singular matrix raises
    :class:`LinAlgError`. Records ``LinalgInvExBackward0``.

    Example::

        >>> torch.linalg.inv(torch.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    _tensor_arg("inv", "A", A)
    if out is not None:
        raise TypeError("linalg.inv(): out= is not supported in ferrograd")
    return _C._linalg_inv(A)


def det(A, *, out=None):
    """det(A, *, out=None) -> Tensor

    The determinant of each square matrix of ``A`` (``(*, n, n)``), from its LU
    factorisation. Records ``LinalgDetBackward0``; its gradient ``g det(A) A^{-T}`` needs an
    invertible matrix.

    Example::

        >>> torch.linalg.det(torch.tensor([[2.0, 1.0], [1.0, 3.0]]))
        tensor(5.)
    """
    _tensor_arg("det", "A", A)
    if out is not None:
        raise TypeError("linalg.det(): out= is not supported in ferrograd")
    return _C._linalg_det(A)


def slogdet(A, *, out=None):
    """slogdet(A, *, out=None) -> (Tensor, Tensor)

    The sign and the natural log of the absolute value of the determinant of each square
    matrix of ``A``, as a named tuple ``(sign, logabsdet)``: ``(0, -inf)`` for a singular
    matrix. Records ``LinalgSlogdetBackward0``.

    Example::

        >>> torch.linalg.slogdet(torch.tensor([[0.0, 2.0], [1.0, 0.0]]))
        torch.return_types.linalg_slogdet(
        sign=tensor(-1.),
        logabsdet=tensor(0.6931))
    """
    _tensor_arg("slogdet", "A", A)
    if out is not None:
        raise TypeError("linalg.slogdet(): out= is not supported in ferrograd")
    return _rt.linalg_slogdet(_C._linalg_slogdet(A))
