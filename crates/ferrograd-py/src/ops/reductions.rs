//! Reductions: sum, mean, max/min, argmax/argmin, all and any.

use super::*;

fn max_min(
    py: Python<'_>,
    t: &Tensor,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    is_max: bool,
) -> PyResult<Py<PyAny>> {
    match dim {
        None => Ok(Py::new(
            py,
            PyTensor::from(if is_max { t.try_max() } else { t.try_min() }.py()?),
        )?
        .into_any()),
        // `torch.max(a, b)` is `torch.maximum(a, b)` (recorded as MaximumBackward0)
        Some(d) if d.is_instance_of::<PyTensor>() => {
            let other = &d.cast::<PyTensor>()?.get().t;
            let row = ferrograd::ops::BinaryOp::find(if is_max { "maximum" } else { "minimum" })
                .expect("maximum and minimum are rows of the binary table");
            Ok(Py::new(py, PyTensor::from(row.apply(t, other).py()?))?.into_any())
        }
        Some(d) => {
            let d: isize = d.extract()?;
            let (v, i) = if is_max {
                t.try_max_dim(d, keepdim)
            } else {
                t.try_min_dim(d, keepdim)
            }
            .py()?;
            return_type(py, if is_max { "max" } else { "min" }, v, i)
        }
    }
}

/// `torch.return_types.max(values=..., indices=...)`.
pub fn return_type(py: Python<'_>, name: &str, v: Tensor, i: Tensor) -> PyResult<Py<PyAny>> {
    let cls = py.import("ferrograd.return_types")?.getattr(name)?;
    Ok(cls
        .call1(((PyTensor::from(v), PyTensor::from(i)),))?
        .unbind())
}

fn argmax_min(t: &Tensor, dim: Option<isize>, keepdim: bool, is_max: bool) -> PyResult<Tensor> {
    let (src, d) = match dim {
        None => (t.try_reshape(&[t.numel()]).py()?, 0),
        Some(d) => (t.clone(), d),
    };
    if src.numel() == 0 {
        return Err(crate::errors::index_err(format!(
            "{}(): Expected reduction dim 0 to have non-zero size.",
            if is_max { "argmax" } else { "argmin" }
        )));
    }
    let (_, i) = if is_max {
        src.try_max_dim(d, keepdim)
    } else {
        src.try_min_dim(d, keepdim)
    }
    .py()?;
    if dim.is_none() && keepdim {
        return i.try_reshape(&vec![1; t.dim()]).py();
    }
    Ok(i)
}

fn sum_mean(
    t: &Tensor,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    dtype: Option<&Bound<'_, PyAny>>,
    mean: bool,
) -> PyResult<Tensor> {
    let src = match opt_dtype(dtype)? {
        Some(d) => t.try_to_dtype(d).py()?,
        None => t.clone(),
    };
    if mean && !src.dtype().is_floating_point() {
        return Err(pyo3::exceptions::PyNotImplementedError::new_err(format!(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {}",
            src.dtype().scalar_name()
        )));
    }
    match (dims_arg(dim)?, mean) {
        (None, false) if !keepdim => src.try_sum().py(),
        (None, true) if !keepdim => src.try_mean().py(),
        (d, m) => {
            let d = d.unwrap_or_else(|| (0..src.dim() as isize).collect());
            if m {
                src.try_mean_dims(&d, keepdim).py()
            } else {
                src.try_sum_dims(&d, keepdim).py()
            }
        }
    }
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    // ---- reductions -------------------------------------------------------------------------

    /// sum(dim=None, keepdim=False, *, dtype=None) -> Tensor
    ///
    /// Sum of the elements, over all of them or along :attr:`dim`.
    ///
    /// See :func:`torch.sum`.
    #[pyo3(signature = (dim=None, keepdim=false, *, dtype=None))]
    fn sum(
        &self,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        Ok(sum_mean(&self.t, dim, keepdim, dtype, false)?.into())
    }
    /// mean(dim=None, keepdim=False, *, dtype=None) -> Tensor
    ///
    /// Mean of the elements, over all of them or along :attr:`dim`.
    ///
    /// See :func:`torch.mean`.
    #[pyo3(signature = (dim=None, keepdim=false, *, dtype=None))]
    fn mean(
        &self,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        Ok(sum_mean(&self.t, dim, keepdim, dtype, true)?.into())
    }
    /// max(dim=None, keepdim=False, *, other=None) -> Tensor or (Tensor, Tensor)
    ///
    /// The largest element, or ``(values, indices)`` along :attr:`dim`; with a tensor
    /// (as :attr:`dim` or :attr:`other`), the elementwise maximum.
    ///
    /// See :func:`torch.max`.
    #[pyo3(signature = (dim=None, keepdim=false, *, other=None))]
    fn max(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        other: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        // `x.max(other=y)` is `x.max(y)`
        max_min(py, &self.t, other.or(dim), keepdim, true)
    }
    /// min(dim=None, keepdim=False, *, other=None) -> Tensor or (Tensor, Tensor)
    ///
    /// The smallest element, or ``(values, indices)`` along :attr:`dim`; with a tensor
    /// (as :attr:`dim` or :attr:`other`), the elementwise minimum.
    ///
    /// See :func:`torch.min`.
    #[pyo3(signature = (dim=None, keepdim=false, *, other=None))]
    fn min(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        other: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        // `x.min(other=y)` is `x.min(y)`
        max_min(py, &self.t, other.or(dim), keepdim, false)
    }
    /// amax(dim=None, keepdim=False) -> Tensor
    ///
    /// The largest elements along :attr:`dim` (or over all).
    ///
    /// See :func:`torch.amax`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn amax(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        let dims = dims_arg(dim)?.unwrap_or_default();
        Ok(self.t.try_amax(&dims, keepdim).py()?.into())
    }
    /// amin(dim=None, keepdim=False) -> Tensor
    ///
    /// The smallest elements along :attr:`dim` (or over all).
    ///
    /// See :func:`torch.amin`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn amin(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        let dims = dims_arg(dim)?.unwrap_or_default();
        Ok(self.t.try_amin(&dims, keepdim).py()?.into())
    }
    /// argmax(dim=None, keepdim=False) -> LongTensor
    ///
    /// The indices of the largest elements.
    ///
    /// See :func:`torch.argmax`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn argmax(&self, dim: Option<isize>, keepdim: bool) -> PyResult<PyTensor> {
        Ok(argmax_min(&self.t, dim, keepdim, true)?.into())
    }
    /// argmin(dim=None, keepdim=False) -> LongTensor
    ///
    /// The indices of the smallest elements.
    ///
    /// See :func:`torch.argmin`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn argmin(&self, dim: Option<isize>, keepdim: bool) -> PyResult<PyTensor> {
        Ok(argmax_min(&self.t, dim, keepdim, false)?.into())
    }
}

/// all(input, dim=None, keepdim=False) -> Tensor
///
/// Tests if all elements in :attr:`input` evaluate to ``True`` (over all elements, or along
/// :attr:`dim`), returning a bool tensor.
///
/// Args:
///     input (Tensor): the input tensor.
///     dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
///     keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.
///
/// Example::
///
///     >>> a = torch.tensor([[True, False], [True, True]])
///     >>> torch.all(a)
///     tensor(False)
///     >>> torch.all(a, dim=0)
///     tensor([ True, False])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, dim=None, keepdim=false))]
pub(super) fn all(
    input: &Bound<'_, PyTensor>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    logical_reduce(&input.get().t, dims_arg(dim)?, keepdim, true)
}

/// any(input, dim=None, keepdim=False) -> Tensor
///
/// Tests if any element in :attr:`input` evaluates to ``True`` (over all elements, or along
/// :attr:`dim`), returning a bool tensor.
///
/// Args:
///     input (Tensor): the input tensor.
///     dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
///     keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.
///
/// Example::
///
///     >>> a = torch.tensor([[0.0, 0.0], [0.0, 1.5]])
///     >>> torch.any(a)
///     tensor(True)
///     >>> torch.any(a, dim=1)
///     tensor([False,  True])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, dim=None, keepdim=false))]
pub(super) fn any(
    input: &Bound<'_, PyTensor>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    logical_reduce(&input.get().t, dims_arg(dim)?, keepdim, false)
}

/// The order of a vector norm as PyTorch's ``p``/``ord``: a number, ``inf``, or ``"fro"`` (the
/// 2-norm of the elements); ``"nuc"`` is the nuclear matrix norm (`Tensor.norm` hands it to
/// `linalg.matrix_norm`).
fn norm_order(p: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let Some(p) = p else { return Ok(2.0) };
    if p.is_none() {
        return Ok(2.0);
    }
    if let Ok(s) = p.extract::<String>() {
        return match s.as_str() {
            "fro" => Ok(2.0),
            "nuc" => Err(pyo3::exceptions::PyRuntimeError::new_err(
                "linalg.vector_norm: the nuclear norm is a matrix norm (use linalg.matrix_norm)",
            )),
            other => Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "linalg.matrix_norm: Order {other} not supported."
            ))),
        };
    }
    p.extract::<f64>()
}

/// `norm` and `linalg.vector_norm`: the order, dims and keepdim, after an optional cast.
fn vector_norm_impl(
    t: &Tensor,
    ord: f64,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let src = match opt_dtype(dtype)? {
        Some(d) => t.try_to_dtype(d).py()?,
        None => t.clone(),
    };
    let dims = dims_arg(dim)?;
    Ok(src
        .try_vector_norm(ord, dims.as_deref(), keepdim)
        .py()?
        .into())
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// norm(p='fro', dim=None, keepdim=False, dtype=None) -> Tensor
    ///
    /// The vector ``p``-norm of the elements, over all of them or along :attr:`dim`
    /// (``LinalgVectorNormBackward0``); ``p='nuc'`` is the nuclear norm of the matrices in
    /// the two dimensions :attr:`dim` (the sum of their singular values). See
    /// :func:`torch.norm`.
    #[pyo3(signature = (p=None, dim=None, keepdim=false, dtype=None))]
    fn norm(
        slf: &Bound<'_, Self>,
        p: Option<&Bound<'_, PyAny>>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        if let Some(p) = p.filter(|p| p.extract::<String>().is_ok_and(|s| s == "nuc")) {
            // the nuclear norm: `linalg.matrix_norm` over `dim` (every dimension when None)
            let dims: Vec<isize> = match dims_arg(dim)? {
                Some(d) => d,
                None => (0..slf.get().t.dim() as isize).collect(),
            };
            let kwargs = pyo3::types::PyDict::new(py);
            if let Some(d) = dtype {
                kwargs.set_item("dtype", d)?;
            }
            return Ok(py
                .import("ferrograd.linalg")?
                .getattr("matrix_norm")?
                .call((slf, p, dims, keepdim), Some(&kwargs))?
                .unbind());
        }
        let out = vector_norm_impl(&slf.get().t, norm_order(p)?, dim, keepdim, dtype)?;
        Ok(Py::new(py, out)?.into_any())
    }
}

/// norm(input, p='fro', dim=None, keepdim=False, dtype=None) -> Tensor
///
/// The vector ``p``-norm of :attr:`input` over all elements or along :attr:`dim`: ``p`` is a
/// number, ``inf``, ``-inf`` or ``'fro'`` (the 2-norm). Recorded as
/// ``LinalgVectorNormBackward0``, with PyTorch's gradient (0 at a zero vector, shared among
/// ties of the infinity norms). ``p='nuc'`` is the nuclear norm of the matrices in the two
/// dimensions :attr:`dim` (``linalg.matrix_norm``).
///
/// Args:
///     input (Tensor): a floating point tensor.
///     p (float or str, optional): the order of the norm (``'nuc'``: nuclear). Default: ``'fro'``.
///     dim (int or tuple of ints, optional): the dimensions to reduce. Default: all.
///     keepdim (bool, optional): whether the reduced dimensions are kept with size 1.
///     dtype (torch.dtype, optional): the dtype :attr:`input` is cast to first.
///
/// Example::
///
///     >>> torch.norm(torch.tensor([3.0, 4.0]))
///     tensor(5.)
///     >>> torch.norm(torch.tensor([[1.0, -2.0], [3.0, 0.0]]), p=1, dim=1)
///     tensor([3., 3.])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "norm", signature = (input, p=None, dim=None, keepdim=false, dtype=None))]
pub(super) fn norm_fn(
    input: &Bound<'_, PyTensor>,
    p: Option<&Bound<'_, PyAny>>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    PyTensor::norm(input, p, dim, keepdim, dtype)
}

/// vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None) -> Tensor
///
/// The vector ``ord``-norm of :attr:`x` (``torch.linalg.vector_norm``): ``ord`` is any
/// number, ``inf`` (largest absolute value), ``-inf`` (smallest) or ``0`` (count of non-zero
/// elements).
///
/// Args:
///     x (Tensor): a floating point tensor.
///     ord (float, optional): the order of the norm. Default: ``2``.
///     dim (int or tuple of ints, optional): the dimensions to reduce. Default: all.
///     keepdim (bool, optional): whether the reduced dimensions are kept with size 1.
///     dtype (torch.dtype, optional): the dtype :attr:`x` is cast to first.
///
/// Example::
///
///     >>> torch.linalg.vector_norm(torch.tensor([3.0, -4.0]), ord=float("inf"))
///     tensor(4.)
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (x, ord=2.0, dim=None, keepdim=false, *, dtype=None))]
pub(super) fn vector_norm(
    x: &Bound<'_, PyTensor>,
    ord: f64,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    vector_norm_impl(&x.get().t, ord, dim, keepdim, dtype)
}
