//! Linear algebra: matrix and vector products as methods and module functions.

use super::*;

fn check_1d(a: &Tensor, b: &Tensor, what: &str) -> PyResult<()> {
    if a.dim() != 1 || b.dim() != 1 {
        return Err(runtime(format!(
            "{what}: Expected 1-D argument self, but got {}-D",
            if a.dim() != 1 { a.dim() } else { b.dim() }
        )));
    }
    Ok(())
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// matmul(other) -> Tensor
    ///
    /// Matrix product with :attr:`other` (``self @ other``).
    ///
    /// See :func:`torch.matmul`.
    fn matmul(&self, py: Python<'_>, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        let b = &other.get().t;
        op(py, self.t.numel().max(b.numel()), || self.t.try_matmul(b))
    }
    /// mm(mat2) -> Tensor
    ///
    /// Matrix product of this matrix with :attr:`mat2`.
    ///
    /// See :func:`torch.mm`.
    fn mm(&self, py: Python<'_>, mat2: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        let b = &mat2.get().t;
        op(py, self.t.numel().max(b.numel()), || self.t.try_mm(b))
    }
    /// mv(vec) -> Tensor
    ///
    /// Product of this matrix with the vector :attr:`vec`.
    ///
    /// See :func:`torch.mv`.
    fn mv(&self, py: Python<'_>, vec: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        let b = &vec.get().t;
        op(py, self.t.numel(), || self.t.try_mv(b))
    }
    /// dot(other) -> Tensor
    ///
    /// Dot product of this 1-D tensor with :attr:`other`.
    ///
    /// See :func:`torch.dot`.
    fn dot(&self, py: Python<'_>, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        let b = &other.get().t;
        op(py, self.t.numel(), || self.t.try_dot(b))
    }
    /// outer(vec2) -> Tensor
    ///
    /// Outer product of this 1-D tensor with :attr:`vec2`.
    ///
    /// See :func:`torch.outer`.
    fn outer(&self, vec2: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        let b = &vec2.get().t;
        check_1d(&self.t, b, "outer")?;
        guard(|| self.t.outer(b).into())
    }
}

/// matmul(input, other) -> Tensor
///
/// Matrix product of two tensors: the dot product of two 1-D tensors, the matrix-matrix product
/// of two 2-D tensors, a matrix-vector product, or a batched matrix product (with broadcast
/// batch dimensions) when either argument has more than two dimensions.
///
/// Args:
///     input (Tensor): the first tensor to be multiplied.
///     other (Tensor): the second tensor to be multiplied.
///
/// Example::
///
///     >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
///     >>> torch.matmul(a, torch.tensor([1.0, 1.0]))
///     tensor([3., 7.])
///     >>> torch.matmul(torch.ones(5, 2, 3), torch.ones(3, 4)).shape
///     torch.Size([5, 2, 4])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn matmul(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    other: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    input.get().matmul(py, other)
}

/// mm(input, mat2) -> Tensor
///
/// Performs a matrix multiplication of the matrices :attr:`input` (n x m) and :attr:`mat2`
/// (m x p), giving an (n x p) tensor. It does not broadcast; see :func:`torch.matmul`.
///
/// Args:
///     input (Tensor): the first matrix to be multiplied.
///     mat2 (Tensor): the second matrix to be multiplied.
///
/// Example::
///
///     >>> torch.mm(torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0], [4.0]]))
///     tensor([[11.]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn mm(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    mat2: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    input.get().mm(py, mat2)
}

/// mv(input, vec) -> Tensor
///
/// Performs a matrix-vector product of the matrix :attr:`input` (n x m) and the vector
/// :attr:`vec` (size m), giving a vector of size n.
///
/// Args:
///     input (Tensor): matrix to be multiplied.
///     vec (Tensor): vector to be multiplied.
///
/// Example::
///
///     >>> torch.mv(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([1.0, -1.0]))
///     tensor([-1., -1.])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn mv(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    vec: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    input.get().mv(py, vec)
}

/// dot(input, tensor) -> Tensor
///
/// Computes the dot product of two 1-D tensors with the same number of elements.
///
/// Args:
///     input (Tensor): first tensor in the dot product, must be 1D.
///     tensor (Tensor): second tensor in the dot product, must be 1D.
///
/// Example::
///
///     >>> torch.dot(torch.tensor([2.0, 3.0]), torch.tensor([2.0, 1.0]))
///     tensor(7.)
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn dot(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    other: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    input.get().dot(py, other)
}

/// outer(input, vec2) -> Tensor
///
/// Outer product of :attr:`input` (size n) and :attr:`vec2` (size m): an (n x m) matrix.
///
/// Args:
///     input (Tensor): 1-D input vector.
///     vec2 (Tensor): 1-D input vector.
///
/// Example::
///
///     >>> torch.outer(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 10.0, 100.0]))
///     tensor([[  1.,  10., 100.],
///             [  2.,  20., 200.]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn outer(input: &Bound<'_, PyTensor>, vec2: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    input.get().outer(vec2)
}

/// addmm(input, mat1, mat2, *, beta=1, alpha=1) -> Tensor
///
/// Performs a matrix multiplication of the matrices :attr:`mat1` and :attr:`mat2` and adds
/// :attr:`input` (broadcast to the result's shape): ``out = input + mat1 @ mat2`` (PyTorch's
/// ``beta * input + alpha * (mat1 @ mat2)`` with ``beta = alpha = 1``).
///
/// Args:
///     input (Tensor): matrix to be added.
///     mat1 (Tensor): the first matrix to be matrix multiplied.
///     mat2 (Tensor): the second matrix to be matrix multiplied.
///
/// Keyword args:
///     beta (Number, optional): multiplier for :attr:`input`; only ``1`` is supported in
///         ferrograd (another value raises ``RuntimeError``).
///     alpha (Number, optional): multiplier for ``mat1 @ mat2``; only ``1`` is supported.
///
/// Example::
///
///     >>> torch.addmm(torch.ones(2, 2), torch.eye(2), torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
///     tensor([[2., 3.],
///             [4., 5.]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, mat1, mat2, *, beta=1.0, alpha=1.0))]
pub(super) fn addmm(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    mat1: &Bound<'_, PyTensor>,
    mat2: &Bound<'_, PyTensor>,
    beta: f64,
    alpha: f64,
) -> PyResult<PyTensor> {
    if beta != 1.0 || alpha != 1.0 {
        return Err(runtime(
            "addmm(): beta and alpha other than 1 are not supported in ferrograd",
        ));
    }
    let (b, m1, m2) = (&input.get().t, &mat1.get().t, &mat2.get().t);
    op(py, m1.numel().max(m2.numel()), || {
        // PyTorch names the op in the shape error
        Tensor::try_addmm(b, m1, m2).map_err(|e| match e.message().strip_prefix("mm: ") {
            Some(rest) => ferrograd::Error::new(e.kind(), format!("addmm: {rest}")),
            None => e,
        })
    })
}

/// `_linalg_solve(A, B)`: `torch.linalg.solve` (documented in Python).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn _linalg_solve(
    a: &Bound<'_, PyTensor>,
    b: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    Ok(a.get().t.try_linalg_solve(&b.get().t).py()?.into())
}

/// `_linalg_solve_right(A, B)`: `torch.linalg.solve(A, B, left=False)` (documented in Python).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn _linalg_solve_right(
    a: &Bound<'_, PyTensor>,
    b: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    Ok(a.get().t.try_linalg_solve_right(&b.get().t).py()?.into())
}

/// `_linalg_inv(A)`: `torch.linalg.inv` (documented in Python).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn _linalg_inv(a: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    Ok(a.get().t.try_linalg_inv().py()?.into())
}

/// `_linalg_det(A)`: `torch.linalg.det` (documented in Python).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn _linalg_det(a: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    Ok(a.get().t.try_linalg_det().py()?.into())
}

/// `_linalg_slogdet(A)`: `(sign, logabsdet)` of `torch.linalg.slogdet` (documented in Python).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn _linalg_slogdet(a: &Bound<'_, PyTensor>) -> PyResult<(PyTensor, PyTensor)> {
    let (s, l) = a.get().t.try_linalg_slogdet().py()?;
    Ok((s.into(), l.into()))
}

/// `_linalg_svd(A, full_matrices)`: `(U, S, Vh)` of `torch.linalg.svd` (documented in Python).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn _linalg_svd(
    a: &Bound<'_, PyTensor>,
    full_matrices: bool,
) -> PyResult<(PyTensor, PyTensor, PyTensor)> {
    let (u, s, vh) = a.get().t.try_linalg_svd(full_matrices).py()?;
    Ok((u.into(), s.into(), vh.into()))
}

/// `_linalg_svdvals(A)`: `torch.linalg.svdvals` (documented in Python).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn _linalg_svdvals(a: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    Ok(a.get().t.try_linalg_svdvals().py()?.into())
}
