//! Neural network functions: softmax, log_softmax, losses and linear.

use super::*;

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    // ---- nn ---------------------------------------------------------------------------------

    /// softmax(dim, dtype=None) -> Tensor
    ///
    /// Softmax along :attr:`dim`.
    ///
    /// See :func:`torch.softmax`.
    #[pyo3(signature = (dim, dtype=None))]
    fn softmax(
        &self,
        py: Python<'_>,
        dim: isize,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let x = match opt_dtype(dtype)? {
            Some(d) => self.t.try_to_dtype(d).py()?,
            None => self.t.clone(),
        };
        integral_softmax_check(&x, dim, "softmax")?;
        op(py, x.numel(), || x.try_softmax(dim))
    }
    /// log_softmax(dim, dtype=None) -> Tensor
    ///
    /// Logarithm of the softmax along :attr:`dim`.
    ///
    /// See :func:`torch.log_softmax`.
    #[pyo3(signature = (dim, dtype=None))]
    fn log_softmax(
        &self,
        py: Python<'_>,
        dim: isize,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let x = match opt_dtype(dtype)? {
            Some(d) => self.t.try_to_dtype(d).py()?,
            None => self.t.clone(),
        };
        integral_softmax_check(&x, dim, "log_softmax")?;
        op(py, x.numel(), || x.try_log_softmax(dim))
    }
}

/// A classification loss of `input` against `target` with PyTorch's `reduction` name.
fn class_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    loss: fn(&Tensor, &Tensor, ferrograd::Reduction) -> ferrograd::Result<Tensor>,
) -> PyResult<PyTensor> {
    let (x, t) = (&input.get().t, &target.get().t);
    let r = ferrograd::Reduction::from_name(reduction).py()?;
    op(py, x.numel(), || loss(x, t, r))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_cross_entropy", signature = (input, target, reduction = "mean"))]
pub(super) fn cross_entropy(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
) -> PyResult<PyTensor> {
    class_loss(py, input, target, reduction, Tensor::try_cross_entropy_with)
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_nll_loss", signature = (input, target, reduction = "mean"))]
pub(super) fn nll_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
) -> PyResult<PyTensor> {
    class_loss(py, input, target, reduction, Tensor::try_nll_loss_with)
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_mse_loss")]
pub(super) fn mse_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    let (x, t) = (&input.get().t, &target.get().t);
    op(py, x.numel(), || x.try_mse_loss(t))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, weight, bias=None))]
pub(super) fn linear(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    bias: Option<&Bound<'_, PyTensor>>,
) -> PyResult<PyTensor> {
    let (x, w) = (&input.get().t, &weight.get().t);
    let b = bias.map(|b| b.get().t.clone());
    op(py, x.numel().max(w.numel()), || x.try_linear(w, b.as_ref()))
}

/// PyTorch has no softmax kernel for integer and bool tensors (a `dtype=` casts first).
fn integral_softmax_check(x: &Tensor, dim: isize, what: &str) -> PyResult<()> {
    if x.dtype().is_floating_point() {
        return Ok(());
    }
    let d = wrap_dim(dim, x.dim())?;
    let kernel = if d + 1 >= x.dim() {
        "lastdim_kernel_impl"
    } else {
        "kernel_impl"
    };
    Err(pyo3::exceptions::PyNotImplementedError::new_err(format!(
        "\"{what}_{kernel}\" not implemented for '{}'",
        x.dtype().scalar_name()
    )))
}
