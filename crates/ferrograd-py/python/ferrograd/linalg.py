"""``torch.linalg``: vector norms (``vector_norm``) and square linear algebra through an LU
factorisation with partial pivoting (``solve``, ``inv``, ``det``, ``slogdet``), differentiable
to any order, with PyTorch's grad_fn names and errors (a singular matrix raises
:class:`LinAlgError`)."""

from . import _ferrograd as _C
from . import return_types as _rt
from ._ferrograd import Tensor as _Tensor, vector_norm
from ._functions import _scalar_type_name

__all__ = ["vector_norm", "matrix_norm", "norm", "solve", "inv", "det", "slogdet", "svd", "svdvals",
           "LinAlgError"]

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
    return _C._linalg_solve_right(A, B)


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


def _wrap(d, n, op):
    if not -n <= d < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {d})")
    return d % n


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False, *, dtype=None) -> Tensor

    A matrix norm over the two dimensions :attr:`dim`: ``'fro'`` (Frobenius, the default),
    ``1``/``-1`` (the largest/smallest column sum of absolute values), ``inf``/``-inf`` (row
    sums), ``'nuc'`` (the sum of the singular values), ``2``/``-2`` (the largest/smallest
    singular value). Composed of ``vector_norm``, ``abs``, ``sum``, ``amax``/``amin`` and
    :func:`svdvals`, with their grad_fns, as PyTorch composes it.

    Example::

        >>> A = torch.tensor([[1.0, -2.0], [3.0, 4.0]])
        >>> torch.linalg.matrix_norm(A), torch.linalg.matrix_norm(A, 1)
        (tensor(5.4772), tensor(6.))
    """
    import math

    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    if not A.is_floating_point():
        raise NotImplementedError(
            f"linalg.matrix_norm: Expected a floating point or complex tensor as input. Got {_scalar_type_name(A.dtype)}"
        )
    if dtype is not None:
        if str(A.dtype) == "torch.float64" and str(dtype) == "torch.float32":
            raise RuntimeError(
                "linalg.matrix_norm: the dtype of the input (Double) should be convertible without narrowing "
                "to the specified dtype (Float)"
            )
        A = A.to(dtype)
    dim = tuple(dim)
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dim))}")
    d0, d1 = (_wrap(d, A.dim(), "matrix_norm") for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    if ord == "fro":
        return vector_norm(A, 2, (d0, d1), keepdim)
    if ord in ("nuc", 2, -2):
        # the singular values of the matrices in the last two dimensions, as PyTorch composes it
        s = svdvals(A.movedim((d0, d1), (-2, -1)))
        out = (s.sum(-1, keepdim=keepdim) if ord == "nuc" else s.amax(-1, keepdim=keepdim) if ord == 2
               else s.amin(-1, keepdim=keepdim))
        if keepdim:
            out = out.unsqueeze(-1).movedim((-2, -1), (d0, d1))
        return out
    if isinstance(ord, str) or ord not in (1, -1, math.inf, -math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if abs(ord) == math.inf:
        d0, d1 = d1, d0
    if A.shape[d0] == 0 or A.shape[d1] == 0:
        # PyTorch's norm of an empty matrix is 0
        shape = [1 if d in (d0, d1) else s for d, s in enumerate(A.shape)] if keepdim else [
            s for d, s in enumerate(A.shape) if d not in (d0, d1)
        ]
        return A.new_zeros(shape)
    if not keepdim and d0 < d1:
        d1 -= 1
    sums = A.abs().sum(d0, keepdim=keepdim)
    return sums.amax(d1, keepdim=keepdim) if ord > 0 else sums.amin(d1, keepdim=keepdim)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """norm(A, ord=None, dim=None, keepdim=False, *, dtype=None) -> Tensor

    A vector or matrix norm: without :attr:`ord` and :attr:`dim`, the 2-norm of all elements;
    with one dimension (or a 1-D input), :func:`vector_norm`; with two (or a 2-D input and an
    :attr:`ord`), :func:`matrix_norm` (Frobenius by default).

    Example::

        >>> torch.linalg.norm(torch.tensor([[3.0, 0.0], [0.0, 4.0]]))
        tensor(5.)
        >>> torch.linalg.norm(torch.tensor([[3.0, 0.0], [0.0, 4.0]]), float("inf"))
        tensor(4.)
    """
    if dim is not None:
        dim = (dim,) if isinstance(dim, int) else tuple(dim)
    if ord is None and dim is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype)
    if isinstance(ord, str):
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    if dim is None:
        if A.dim() not in (1, 2):
            raise RuntimeError(
                f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {A.dim()}D."
            )
        dim = (0,) if A.dim() == 1 else (0, 1)
    if len(dim) == 1:
        return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)
    return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)


def svd(A, full_matrices=True, *, driver=None, out=None):
    """svd(A, full_matrices=True, *, driver=None, out=None) -> (Tensor, Tensor, Tensor)

    The singular value decomposition ``A = U diag(S) Vh`` of each matrix of a batch, as a
    named tuple ``(U, S, Vh)``: with :attr:`full_matrices`, ``U`` is ``m × m`` and ``Vh`` is
    ``n × n``, else ``m × k`` and ``k × n`` with ``k = min(m, n)``; ``S`` is in descending
    order. One ``LinalgSvdBackward0`` node records the three outputs, with PyTorch's backward
    (the extra columns of a full decomposition get no gradient). The singular vectors are
    determined up to sign, as LAPACK's (computed here by one-sided Jacobi rotations in double
    precision, so their signs may differ from PyTorch's). ``driver`` is for CUDA in PyTorch
    and must be None.

    Example::

        >>> A = torch.tensor([[3.0, 0.0], [0.0, -2.0], [0.0, 0.0]])
        >>> U, S, Vh = torch.linalg.svd(A, full_matrices=False)
        >>> S
        tensor([3., 2.])
        >>> torch.allclose(U @ torch.diag(S) @ Vh, A)
        True
    """
    from . import return_types

    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER backend.")
    if out is not None:
        raise NotImplementedError("torch.linalg.svd: out= is not supported by ferrograd")
    return return_types.linalg_svd(_C._linalg_svd(A, bool(full_matrices)))


def svdvals(A, *, driver=None, out=None):
    """svdvals(A, *, driver=None, out=None) -> Tensor

    The singular values of each matrix of a batch, in descending order (``S`` of :func:`svd`;
    its grad_fn is ``LinalgSvdBackward0``, as PyTorch's).

    Example::

        >>> torch.linalg.svdvals(torch.tensor([[3.0, 4.0], [0.0, 0.0]]))
        tensor([5., 0.])
    """
    if driver is not None:
        raise RuntimeError("torch.linalg.svdvals: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER backend.")
    if out is not None:
        raise NotImplementedError("torch.linalg.svdvals: out= is not supported by ferrograd")
    return _C._linalg_svdvals(A)


def _install_batching():
    """The functions become entry points of ``vmap``'s batching rules (``ferrograd._batched``;
    ``vector_norm`` has a rule, the others run once per example)."""
    from . import _batched

    _batched.install(globals(), [n for n in __all__ if n != "LinAlgError"], prefix="linalg.")


_install_batching()
