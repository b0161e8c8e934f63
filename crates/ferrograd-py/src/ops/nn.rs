//! Neural network functions: softmax, log_softmax, losses and linear.

use super::*;
use ferrograd::ClassLossOptions;

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

/// PyTorch's class-loss keywords as [`ClassLossOptions`].
fn class_options(
    reduction: &str,
    weight: Option<&Bound<'_, PyTensor>>,
    ignore_index: i64,
    label_smoothing: f64,
) -> PyResult<ClassLossOptions> {
    let mut o = ClassLossOptions::new()
        .reduction(ferrograd::Reduction::from_name(reduction).py()?)
        .ignore_index(ignore_index)
        .label_smoothing(label_smoothing);
    o.weight = weight.map(|w| w.get().t.clone());
    Ok(o)
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_cross_entropy", signature = (input, target, reduction = "mean", weight = None, ignore_index = -100, label_smoothing = 0.0))]
pub(super) fn cross_entropy(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    weight: Option<&Bound<'_, PyTensor>>,
    ignore_index: i64,
    label_smoothing: f64,
) -> PyResult<PyTensor> {
    let o = class_options(reduction, weight, ignore_index, label_smoothing)?;
    let (x, t) = (&input.get().t, &target.get().t);
    op(py, x.numel(), || x.try_cross_entropy_opts(t, &o))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_nll_loss", signature = (input, target, reduction = "mean", weight = None, ignore_index = -100))]
pub(super) fn nll_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    weight: Option<&Bound<'_, PyTensor>>,
    ignore_index: i64,
) -> PyResult<PyTensor> {
    let o = class_options(reduction, weight, ignore_index, 0.0)?;
    let (x, t) = (&input.get().t, &target.get().t);
    op(py, x.numel(), || x.try_nll_loss_opts(t, &o))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_mse_loss", signature = (input, target, reduction = "mean"))]
pub(super) fn mse_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let r = ferrograd::Reduction::from_name(reduction).py()?;
    let (x, t) = (&input.get().t, &target.get().t);
    op(py, x.numel(), || x.try_mse_loss_with(t, r))
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
