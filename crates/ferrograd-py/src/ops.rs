//! Tensor operations as methods and as module functions: Python operators with tensors or
//! numbers on either side, elementwise math, reductions, linear algebra and shape operations.

use crate::convert::{self, arg, dims_arg, int_list_args, opt_dtype, type_name, Arg};
use crate::errors::{guard, runtime, type_err, IntoPyResult};
use crate::tensor::{logical_reduce, op, wrap_dim, PyTensor};
use ferrograd::{DType, Scalar, Tensor};
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyNotImplemented, PyTuple};

#[derive(Clone, Copy)]
pub enum Bin {
    Add,
    Sub,
    RSub,
    Mul,
    Div,
    RDiv,
    Pow,
    RPow,
    MatMul,
}

/// `a op b` for a tensor `a` and a tensor or number `b`.
pub fn bin_op(a: &Tensor, b: &Arg, op: Bin) -> ferrograd::Result<Tensor> {
    match (op, b) {
        (Bin::Add, Arg::T(b)) => a.try_add(b),
        (Bin::Add, Arg::S(s)) => a.try_add_scalar(*s),
        (Bin::Sub, Arg::T(b)) => a.try_sub(b),
        (Bin::Sub, Arg::S(s)) => a.try_sub_scalar(*s),
        (Bin::RSub, Arg::T(b)) => b.try_sub(a),
        (Bin::RSub, Arg::S(s)) => a.try_rsub_scalar(*s),
        (Bin::Mul, Arg::T(b)) => a.try_mul(b),
        (Bin::Mul, Arg::S(s)) => a.try_mul_scalar(*s),
        (Bin::Div, Arg::T(b)) => a.try_div(b),
        (Bin::Div, Arg::S(s)) => a.try_div_scalar(*s),
        // `other / self` for a tensor `other` (a NumPy array on the left): PyTorch's
        // `__rtruediv__` is `self.reciprocal() * other`, with its rounding
        (Bin::RDiv, Arg::T(b)) => a.try_reciprocal()?.try_mul(b),
        (Bin::RDiv, Arg::S(s)) => a.try_rdiv_scalar(*s),
        (Bin::Pow, Arg::T(b)) => a.try_pow_tensor(b),
        (Bin::Pow, Arg::S(s)) => a.try_pow(*s),
        (Bin::RPow, Arg::T(b)) => b.try_pow_tensor(a),
        (Bin::RPow, Arg::S(s)) => a.try_rpow(*s),
        (Bin::MatMul, Arg::T(b)) => a.try_matmul(b),
        (Bin::MatMul, Arg::S(_)) => unreachable!("checked by the caller"),
    }
}

fn size_of(a: &Tensor, b: &Arg) -> usize {
    match b {
        Arg::T(b) => a.numel().max(b.numel()),
        Arg::S(_) => a.numel(),
    }
}

/// An operator's other operand: a tensor, a number, or a NumPy array (taken as a tensor, as
/// PyTorch does; `Tensor.__array_priority__` makes NumPy hand `ndarray + t` to the tensor too).
fn operator_arg(obj: &Bound<'_, PyAny>) -> PyResult<Option<Arg>> {
    // tensors and Python numbers first: checking for an array would import NumPy
    if obj.is_instance_of::<PyTensor>()
        || obj.is_instance_of::<pyo3::types::PyInt>()
        || obj.is_instance_of::<pyo3::types::PyFloat>()
        || obj.is_none()
    {
        return arg(obj);
    }
    if crate::numpy_interop::is_ndarray(obj) {
        return Ok(Some(Arg::T(crate::numpy_interop::from_numpy(obj, None)?)));
    }
    arg(obj)
}

/// The two operands of a matrix product with a NumPy array, in their promoted dtype (PyTorch
/// gives float64 for `float32_tensor @ float64_array`, while two tensors must agree).
fn promoted_pair(a: &Tensor, b: &Tensor) -> PyResult<(Tensor, Tensor)> {
    if a.dtype() == b.dtype() {
        return Ok((a.clone(), b.clone()));
    }
    let rank = |d: DType| match d {
        DType::Bool => 0,
        DType::Int64 => 1,
        DType::Float32 => 2,
        DType::Float64 => 3,
    };
    let d = if rank(a.dtype()) > rank(b.dtype()) {
        a.dtype()
    } else {
        b.dtype()
    };
    Ok((a.try_to_dtype(d).py()?, b.try_to_dtype(d).py()?))
}

/// An operator: `NotImplemented` for operands that are neither tensors nor numbers.
fn operator(
    py: Python<'_>,
    a: &Tensor,
    other: &Bound<'_, PyAny>,
    kind: Bin,
) -> PyResult<Py<PyAny>> {
    let b = match operator_arg(other)? {
        Some(Arg::S(_)) if matches!(kind, Bin::MatMul) => None,
        Some(Arg::T(b))
            if matches!(kind, Bin::MatMul)
                && !other.is_instance_of::<PyTensor>()
                && crate::numpy_interop::is_ndarray(other) =>
        {
            let (a, b) = promoted_pair(a, &b)?;
            let r = op(py, a.numel().max(b.numel()), || a.try_matmul(&b))?;
            return Ok(Py::new(py, r)?.into_any());
        }
        b => b,
    };
    match b {
        None => Ok(PyNotImplemented::get(py).to_owned().into_any().unbind()),
        Some(b) => {
            let r = op(py, size_of(a, &b), || bin_op(a, &b, kind))?;
            Ok(Py::new(py, r)?.into_any())
        }
    }
}

/// A method or function argument that must be a tensor or a number.
fn operand(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Arg> {
    arg(obj)?.ok_or_else(|| {
        type_err(format!(
            "{what}(): argument 'other' (position 1) must be Tensor, not {}",
            type_name(obj)
        ))
    })
}

fn scaled(b: Arg, alpha: Option<&Bound<'_, PyAny>>) -> PyResult<Arg> {
    let Some(alpha) = alpha else { return Ok(b) };
    let Some(s) = convert::scalar(alpha)? else {
        return Err(type_err("alpha must be a number"));
    };
    if s.to_f64() == 1.0 {
        return Ok(b);
    }
    Ok(match b {
        Arg::T(t) => Arg::T(t.try_mul_scalar(s).py()?),
        Arg::S(v) => Arg::S(match (v, s) {
            (Scalar::Float(_), _) | (_, Scalar::Float(_)) => Scalar::Float(v.to_f64() * s.to_f64()),
            _ => Scalar::Int((v.to_f64() * s.to_f64()) as i64),
        }),
    })
}

fn compare(t: &Tensor, b: &Arg, op: CompareOp) -> PyResult<Tensor> {
    match b {
        Arg::T(b) => match op {
            CompareOp::Eq => t.try_eq(b),
            CompareOp::Ne => t.try_ne(b),
            CompareOp::Lt => t.try_lt(b),
            CompareOp::Le => t.try_le(b),
            CompareOp::Gt => t.try_gt(b),
            CompareOp::Ge => t.try_ge(b),
        }
        .py(),
        Arg::S(s) => {
            let s = *s;
            guard(|| match op {
                CompareOp::Eq => t.eq_scalar(s),
                CompareOp::Ne => t.ne_scalar(s),
                CompareOp::Lt => t.lt_scalar(s),
                CompareOp::Le => t.le_scalar(s),
                CompareOp::Gt => t.gt_scalar(s),
                CompareOp::Ge => t.ge_scalar(s),
            })
        }
    }
}

fn logical_not(t: &Tensor) -> PyResult<Tensor> {
    t.try_eq(&Tensor::scalar_tensor(0.0, t.dtype())).py()
}

fn as_bool(b: &Arg) -> Tensor {
    match b {
        Arg::T(t) => t.clone(),
        Arg::S(s) => Tensor::new(s.to_f64() != 0.0),
    }
}

fn logical(a: &Tensor, b: &Arg, which: &str) -> PyResult<Tensor> {
    let b = as_bool(b);
    let (a, b) = (
        a.try_to_dtype(DType::Bool).py()?,
        b.try_to_dtype(DType::Bool).py()?,
    );
    // broadcast check with PyTorch's message
    a.try_eq(&b).py()?;
    match which {
        "and" => guard(|| a.logical_and(&b)),
        "or" => {
            let (na, nb) = (logical_not(&a)?, logical_not(&b)?);
            let both = guard(|| na.logical_and(&nb))?;
            logical_not(&both)
        }
        _ => a.try_ne(&b).py(),
    }
}

fn bitwise(
    py: Python<'_>,
    a: &Tensor,
    other: &Bound<'_, PyAny>,
    which: &str,
) -> PyResult<Py<PyAny>> {
    let Some(b) = arg(other)? else {
        return Ok(PyNotImplemented::get(py).to_owned().into_any().unbind());
    };
    let bt = as_bool(&b);
    if a.dtype() != DType::Bool || bt.dtype() != DType::Bool {
        return Err(runtime(format!(
            "\"bitwise_{which}_cpu\" is implemented for bool tensors only in ferrograd"
        )));
    }
    Ok(Py::new(py, PyTensor::from(logical(a, &b, which)?))?.into_any())
}

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
        Some(d) if d.is_instance_of::<PyTensor>() => Err(runtime(
            "elementwise max/min of two tensors is not available in ferrograd; use torch.where",
        )),
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

/// A shape with at most one `-1`, resolved against `numel` with PyTorch's error text.
fn infer_shape(shape: &[i64], numel: usize) -> PyResult<Vec<usize>> {
    let mut infer = None;
    let mut known = 1usize;
    for (i, &s) in shape.iter().enumerate() {
        if s == -1 {
            if infer.is_some() {
                return Err(runtime("only one dimension can be inferred"));
            }
            infer = Some(i);
        } else if s < 0 {
            return Err(runtime(format!("invalid shape dimension {s}")));
        } else {
            known *= s as usize;
        }
    }
    let invalid = || {
        let parts: Vec<String> = shape.iter().map(|v| v.to_string()).collect();
        runtime(format!(
            "shape '[{}]' is invalid for input of size {numel}",
            parts.join(", ")
        ))
    };
    let mut out: Vec<usize> = shape.iter().map(|&s| s.max(0) as usize).collect();
    match infer {
        Some(i) => {
            if known == 0 || numel % known != 0 {
                return Err(invalid());
            }
            out[i] = numel / known;
        }
        None if known != numel => return Err(invalid()),
        None => {}
    }
    Ok(out)
}

fn flatten_range(t: &Tensor, start: isize, end: isize) -> PyResult<Tensor> {
    if t.dim() == 0 {
        return t.try_reshape(&[1]).py();
    }
    let s = wrap_dim(start, t.dim())?;
    let e = wrap_dim(end, t.dim())?;
    if s > e {
        return Err(runtime(
            "flatten() has invalid args: start_dim cannot come after end_dim",
        ));
    }
    let mut shape: Vec<usize> = t.shape()[..s].to_vec();
    shape.push(t.shape()[s..=e].iter().product());
    shape.extend_from_slice(&t.shape()[e + 1..]);
    t.try_reshape(&shape).py()
}

fn expand_sizes(t: &Tensor, sizes: &[i64]) -> PyResult<Vec<usize>> {
    let lead = sizes.len().saturating_sub(t.dim());
    sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            if s == -1 {
                if i < lead {
                    Err(runtime(format!(
                        "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension {i}"
                    )))
                } else {
                    Ok(t.shape()[i - lead])
                }
            } else {
                Ok(s.max(0) as usize)
            }
        })
        .collect()
}

fn clamp(
    t: &Tensor,
    min: Option<&Bound<'_, PyAny>>,
    max: Option<&Bound<'_, PyAny>>,
) -> PyResult<Tensor> {
    let bound = |b: Option<&Bound<'_, PyAny>>| -> PyResult<Option<f64>> {
        match b {
            None => Ok(None),
            Some(b) if b.is_none() => Ok(None),
            Some(b) => match convert::scalar(b)? {
                Some(s) => Ok(Some(s.to_f64())),
                None => Err(type_err(
                    "clamp(): min and max must be numbers in ferrograd (tensor bounds are not supported)",
                )),
            },
        }
    };
    t.try_clamp(bound(min)?, bound(max)?).py()
}

fn tensors_of(seq: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Tensor>> {
    let mut v = Vec::new();
    for item in seq.try_iter()? {
        let item = item?;
        match item.cast::<PyTensor>() {
            Ok(t) => v.push(t.get().t.clone()),
            Err(_) => {
                return Err(type_err(format!(
                    "expected Tensor as element {} in argument 0, but got {}",
                    v.len(),
                    type_name(&item)
                )))
            }
        }
    }
    if v.is_empty() {
        return Err(runtime(format!(
            "{what}(): expected a non-empty list of Tensors"
        )));
    }
    Ok(v)
}

fn check_1d(a: &Tensor, b: &Tensor, what: &str) -> PyResult<()> {
    if a.dim() != 1 || b.dim() != 1 {
        return Err(runtime(format!(
            "{what}: Expected 1-D argument self, but got {}-D",
            if a.dim() != 1 { a.dim() } else { b.dim() }
        )));
    }
    Ok(())
}

fn inplace<'py>(
    slf: &Bound<'py, PyTensor>,
    other: &Bound<'py, PyAny>,
    which: Bin,
    alpha: Option<&Bound<'py, PyAny>>,
) -> PyResult<()> {
    let t = &slf.get().t;
    let b = scaled(operand(other, "in-place op")?, alpha)?;
    let py = slf.py();
    let n = size_of(t, &b);
    crate::tensor::compute(py, n, || {
        match (which, &b) {
            (Bin::Add, Arg::T(o)) => t.try_add_(o),
            (Bin::Sub, Arg::T(o)) => t.try_sub_(o),
            (Bin::Mul, Arg::T(o)) => t.try_mul_(o),
            (Bin::Div, Arg::T(o)) => t.try_div_(o),
            (Bin::Add, Arg::S(s)) => t.try_add_(scalar_operand(t, *s)),
            (Bin::Sub, Arg::S(s)) => t.try_sub_(scalar_operand(t, *s)),
            (Bin::Mul, Arg::S(s)) => t.try_mul_(scalar_operand(t, *s)),
            (Bin::Div, Arg::S(s)) => t.try_div_(scalar_operand(t, *s)),
            _ => unreachable!("in-place ops are + - * /"),
        }
        .map(|_| ())
    })
}

/// A number as an in-place operand: a 0-dim tensor of the type PyTorch computes in.
fn scalar_operand(like: &Tensor, s: Scalar) -> Tensor {
    let dt = match s {
        Scalar::Float(_) if !like.dtype().is_floating_point() => DType::Float32,
        Scalar::Float(_) => like.dtype(),
        Scalar::Int(_) if like.dtype() == DType::Bool => DType::Int64,
        Scalar::Int(_) => like.dtype(),
        Scalar::Bool(_) => like.dtype(),
    };
    Tensor::scalar_tensor(s.to_f64(), dt)
}

#[pymethods]
impl PyTensor {
    // ---- operators --------------------------------------------------------------------------

    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::Add)
    }
    fn __radd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::Add)
    }
    fn __sub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::Sub)
    }
    fn __rsub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::RSub)
    }
    fn __mul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::Mul)
    }
    fn __rmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::Mul)
    }
    fn __truediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::Div)
    }
    fn __rtruediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::RDiv)
    }
    fn __matmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::MatMul)
    }
    fn __rmatmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        match operator_arg(other)? {
            Some(Arg::T(o)) => {
                let (o, t) = promoted_pair(&o, &self.t)?;
                Ok(Py::new(py, PyTensor::from(o.try_matmul(&t).py()?))?.into_any())
            }
            _ => Ok(PyNotImplemented::get(py).to_owned().into_any().unbind()),
        }
    }
    fn __pow__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        _modulo: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::Pow)
    }
    fn __rpow__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        _modulo: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        operator(py, &self.t, other, Bin::RPow)
    }
    fn __neg__(&self) -> PyResult<PyTensor> {
        neg(&self.t)
    }
    fn __pos__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }
    fn __abs__(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_abs().py()?.into())
    }
    fn __invert__(&self) -> PyResult<PyTensor> {
        match self.t.dtype() {
            DType::Bool => Ok(logical_not(&self.t)?.into()),
            DType::Int64 => {
                let _g = ferrograd::no_grad();
                Ok(self.t.try_neg().py()?.try_sub_scalar(1).py()?.into())
            }
            _ => Err(type_err(
                "~ (operator.invert) is only implemented on integer and Boolean-type tensors",
            )),
        }
    }
    fn __and__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, "and")
    }
    fn __rand__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, "and")
    }
    fn __or__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, "or")
    }
    fn __ror__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, "or")
    }
    fn __xor__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, "xor")
    }
    fn __rxor__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, "xor")
    }

    fn __richcmp__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        cmp: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        match operator_arg(other)? {
            None => Ok(PyNotImplemented::get(py).to_owned().into_any().unbind()),
            Some(b) => Ok(Py::new(py, PyTensor::from(compare(&self.t, &b, cmp)?))?.into_any()),
        }
    }

    fn __iadd__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, other, Bin::Add, None)
    }
    fn __isub__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, other, Bin::Sub, None)
    }
    fn __imul__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, other, Bin::Mul, None)
    }
    fn __itruediv__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, other, Bin::Div, None)
    }

    // ---- arithmetic methods -----------------------------------------------------------------

    /// add(other, *, alpha=1) -> Tensor
    ///
    /// Adds :attr:`other` (a tensor or a number), scaled by :attr:`alpha`, to this tensor.
    ///
    /// See :func:`torch.add`.
    #[pyo3(signature = (other, *, alpha=None))]
    fn add(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        alpha: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let b = scaled(operand(other, "add")?, alpha)?;
        op(py, size_of(&self.t, &b), || bin_op(&self.t, &b, Bin::Add))
    }
    /// sub(other, *, alpha=1) -> Tensor
    ///
    /// Subtracts :attr:`other`, scaled by :attr:`alpha`, from this tensor.
    ///
    /// See :func:`torch.sub`.
    #[pyo3(signature = (other, *, alpha=None))]
    fn sub(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        alpha: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let b = scaled(operand(other, "sub")?, alpha)?;
        op(py, size_of(&self.t, &b), || bin_op(&self.t, &b, Bin::Sub))
    }
    /// subtract(other, *, alpha=1) -> Tensor
    ///
    /// Alias for :meth:`~Tensor.sub`.
    ///
    /// See :func:`torch.subtract`.
    #[pyo3(signature = (other, *, alpha=None))]
    fn subtract(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        alpha: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        self.sub(py, other, alpha)
    }
    /// mul(other) -> Tensor
    ///
    /// Multiplies this tensor by :attr:`other` (a tensor or a number).
    ///
    /// See :func:`torch.mul`.
    fn mul(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = operand(other, "mul")?;
        op(py, size_of(&self.t, &b), || bin_op(&self.t, &b, Bin::Mul))
    }
    /// multiply(other) -> Tensor
    ///
    /// Alias for :meth:`~Tensor.mul`.
    ///
    /// See :func:`torch.multiply`.
    fn multiply(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.mul(py, other)
    }
    /// div(other, *, rounding_mode=None) -> Tensor
    ///
    /// Divides this tensor by :attr:`other` (a tensor or a number).
    ///
    /// See :func:`torch.div`.
    #[pyo3(signature = (other, *, rounding_mode=None))]
    fn div(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        rounding_mode: Option<&str>,
    ) -> PyResult<PyTensor> {
        if rounding_mode.is_some() {
            return Err(runtime(
                "div(): rounding_mode is not supported in ferrograd",
            ));
        }
        let b = operand(other, "div")?;
        op(py, size_of(&self.t, &b), || bin_op(&self.t, &b, Bin::Div))
    }
    /// divide(other) -> Tensor
    ///
    /// Alias for :meth:`~Tensor.div`.
    ///
    /// See :func:`torch.divide`.
    fn divide(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.div(py, other, None)
    }
    /// true_divide(other) -> Tensor
    ///
    /// Alias for :meth:`~Tensor.div` without rounding.
    ///
    /// See :func:`torch.true_divide`.
    fn true_divide(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.div(py, other, None)
    }
    /// pow(exponent) -> Tensor
    ///
    /// Raises each element to :attr:`exponent` (a tensor or a number).
    ///
    /// See :func:`torch.pow`.
    fn pow(&self, py: Python<'_>, exponent: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = operand(exponent, "pow")?;
        op(py, size_of(&self.t, &b), || bin_op(&self.t, &b, Bin::Pow))
    }
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

    // ---- in-place ---------------------------------------------------------------------------

    /// add_(other, *, alpha=1) -> Tensor
    ///
    /// In-place version of :meth:`~Tensor.add`: adds ``alpha * other`` to this tensor and
    /// returns it.
    ///
    /// Example::
    ///
    ///     >>> x = torch.ones(2)
    ///     >>> x.add_(torch.tensor([1.0, 2.0]), alpha=2)
    ///     tensor([3., 5.])
    #[pyo3(signature = (other, *, alpha=None))]
    fn add_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
        alpha: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        inplace(slf, other, Bin::Add, alpha)?;
        Ok(slf.clone())
    }
    /// sub_(other, *, alpha=1) -> Tensor
    ///
    /// In-place version of :meth:`~Tensor.sub`.
    #[pyo3(signature = (other, *, alpha=None))]
    fn sub_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
        alpha: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        inplace(slf, other, Bin::Sub, alpha)?;
        Ok(slf.clone())
    }
    /// mul_(other) -> Tensor
    ///
    /// In-place version of :meth:`~Tensor.mul`.
    fn mul_<'py>(slf: &Bound<'py, Self>, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        inplace(slf, other, Bin::Mul, None)?;
        Ok(slf.clone())
    }
    /// div_(other) -> Tensor
    ///
    /// In-place version of :meth:`~Tensor.div`.
    fn div_<'py>(slf: &Bound<'py, Self>, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        inplace(slf, other, Bin::Div, None)?;
        Ok(slf.clone())
    }
    /// zero_() -> Tensor
    ///
    /// Fills this tensor with zeros and returns it.
    ///
    /// Example::
    ///
    ///     >>> torch.ones(2).zero_()
    ///     tensor([0., 0.])
    fn zero_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().t;
        t.try_fill_(0).py()?;
        Ok(slf.clone())
    }
    /// fill_(value) -> Tensor
    ///
    /// Fills this tensor with :attr:`value` (a number or a one-element tensor) and returns it.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2).fill_(1.5)
    ///     tensor([1.5000, 1.5000])
    fn fill_<'py>(slf: &Bound<'py, Self>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().t;
        match arg(value)? {
            Some(Arg::S(s)) => t.try_fill_(s).py()?,
            Some(Arg::T(v)) if v.numel() == 1 => t.try_fill_(v.item()).py()?,
            _ => return Err(runtime("fill_ only supports 0-dimension value tensor")),
        };
        Ok(slf.clone())
    }
    /// copy_(src, non_blocking=False) -> Tensor
    ///
    /// Copies the elements from :attr:`src` (broadcast to this tensor's shape, converted to its
    /// dtype) into this tensor and returns it.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 2).copy_(torch.tensor([1.0, 2.0]))
    ///     tensor([[1., 2.],
    ///             [1., 2.]])
    #[pyo3(signature = (src, non_blocking=false))]
    fn copy_<'py>(
        slf: &Bound<'py, Self>,
        src: &Bound<'py, PyAny>,
        non_blocking: bool,
    ) -> PyResult<Bound<'py, Self>> {
        let _ = non_blocking;
        let t = &slf.get().t;
        let s = convert::tensor_like(src, "copy_(): argument 'src'")?;
        t.try_copy_(&s).py()?;
        Ok(slf.clone())
    }

    // ---- elementwise ------------------------------------------------------------------------

    /// clamp(min=None, max=None) -> Tensor
    ///
    /// Clamps all elements into the range ``[min, max]``.
    ///
    /// See :func:`torch.clamp`.
    #[pyo3(signature = (min=None, max=None))]
    fn clamp(
        &self,
        min: Option<&Bound<'_, PyAny>>,
        max: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        Ok(clamp(&self.t, min, max)?.into())
    }
    /// clip(min=None, max=None) -> Tensor
    ///
    /// Alias for :meth:`~Tensor.clamp`.
    ///
    /// See :func:`torch.clamp`.
    #[pyo3(signature = (min=None, max=None))]
    fn clip(
        &self,
        min: Option<&Bound<'_, PyAny>>,
        max: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        Ok(clamp(&self.t, min, max)?.into())
    }
    /// clamp_min(min) -> Tensor
    ///
    /// Clamps all elements to be at least :attr:`min`.
    ///
    /// See :func:`torch.clamp`.
    fn clamp_min(&self, min: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(clamp(&self.t, Some(min), None)?.into())
    }
    /// clamp_max(max) -> Tensor
    ///
    /// Clamps all elements to be at most :attr:`max`.
    ///
    /// See :func:`torch.clamp`.
    fn clamp_max(&self, max: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(clamp(&self.t, None, Some(max))?.into())
    }
    /// eq(other) -> Tensor
    ///
    /// Elementwise ``self == other`` as a bool tensor.
    ///
    /// See :func:`torch.eq`.
    fn eq(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(compare(&self.t, &operand(other, "eq")?, CompareOp::Eq)?.into())
    }
    /// ne(other) -> Tensor
    ///
    /// Elementwise ``self != other`` as a bool tensor.
    ///
    /// See :func:`torch.ne`.
    fn ne(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(compare(&self.t, &operand(other, "ne")?, CompareOp::Ne)?.into())
    }
    /// lt(other) -> Tensor
    ///
    /// Elementwise ``self < other`` as a bool tensor.
    ///
    /// See :func:`torch.lt`.
    fn lt(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(compare(&self.t, &operand(other, "lt")?, CompareOp::Lt)?.into())
    }
    /// le(other) -> Tensor
    ///
    /// Elementwise ``self <= other`` as a bool tensor.
    ///
    /// See :func:`torch.le`.
    fn le(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(compare(&self.t, &operand(other, "le")?, CompareOp::Le)?.into())
    }
    /// gt(other) -> Tensor
    ///
    /// Elementwise ``self > other`` as a bool tensor.
    ///
    /// See :func:`torch.gt`.
    fn gt(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(compare(&self.t, &operand(other, "gt")?, CompareOp::Gt)?.into())
    }
    /// ge(other) -> Tensor
    ///
    /// Elementwise ``self >= other`` as a bool tensor.
    ///
    /// See :func:`torch.ge`.
    fn ge(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(compare(&self.t, &operand(other, "ge")?, CompareOp::Ge)?.into())
    }
    /// logical_not() -> Tensor
    ///
    /// Elementwise logical NOT as a bool tensor.
    ///
    /// See :func:`torch.logical_not`.
    fn logical_not(&self) -> PyResult<PyTensor> {
        Ok(logical_not(&self.t)?.into())
    }
    /// logical_and(other) -> Tensor
    ///
    /// Elementwise logical AND as a bool tensor.
    ///
    /// See :func:`torch.logical_and`.
    fn logical_and(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(logical(&self.t, &operand(other, "logical_and")?, "and")?.into())
    }
    /// logical_or(other) -> Tensor
    ///
    /// Elementwise logical OR as a bool tensor.
    ///
    /// See :func:`torch.logical_or`.
    fn logical_or(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(logical(&self.t, &operand(other, "logical_or")?, "or")?.into())
    }
    /// logical_xor(other) -> Tensor
    ///
    /// Elementwise logical XOR as a bool tensor.
    ///
    /// See :func:`torch.logical_xor`.
    fn logical_xor(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(logical(&self.t, &operand(other, "logical_xor")?, "xor")?.into())
    }
    /// where(condition, y) -> Tensor
    ///
    /// ``self.where(condition, y)`` is ``torch.where(condition, self, y)``.
    ///
    /// See :func:`torch.where`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, -1.0])
    ///     >>> x.where(x > 0, 0.0)
    ///     tensor([1., 0.])
    #[pyo3(name = "where")]
    fn where_method(
        &self,
        condition: &Bound<'_, PyTensor>,
        other: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        let y = convert::tensor_like(other, "where(): argument 'other'")?;
        Ok(Tensor::try_where(&condition.get().t, &self.t, &y)
            .py()?
            .into())
    }
    /// masked_fill(mask, value) -> Tensor
    ///
    /// A copy of this tensor with :attr:`value` where the bool tensor :attr:`mask` (broadcast
    /// to this tensor's shape) is ``True``.
    ///
    /// See :func:`torch.masked_fill`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, 2.0, 3.0])
    ///     >>> x.masked_fill(x > 1.5, 0.0)
    ///     tensor([1., 0., 0.])
    fn masked_fill(
        &self,
        mask: &Bound<'_, PyTensor>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        let v = convert::tensor_like(value, "masked_fill(): argument 'value'")?;
        let v = v.try_to_dtype(self.t.dtype()).py()?;
        Ok(Tensor::try_where(&mask.get().t, &v, &self.t).py()?.into())
    }

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
    /// max(dim=None, keepdim=False) -> Tensor or (Tensor, Tensor)
    ///
    /// The largest element, or ``(values, indices)`` along :attr:`dim`.
    ///
    /// See :func:`torch.max`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn max(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
    ) -> PyResult<Py<PyAny>> {
        max_min(py, &self.t, dim, keepdim, true)
    }
    /// min(dim=None, keepdim=False) -> Tensor or (Tensor, Tensor)
    ///
    /// The smallest element, or ``(values, indices)`` along :attr:`dim`.
    ///
    /// See :func:`torch.min`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn min(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
    ) -> PyResult<Py<PyAny>> {
        max_min(py, &self.t, dim, keepdim, false)
    }
    /// amax(dim=None, keepdim=False) -> Tensor
    ///
    /// The largest elements along :attr:`dim` (or over all).
    ///
    /// See :func:`torch.amax`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn amax(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        match dims_arg(dim)? {
            None => Ok(self.t.try_max().py()?.into()),
            Some(d) if d.len() == 1 => Ok(self.t.try_max_dim(d[0], keepdim).py()?.0.into()),
            Some(_) => Err(runtime(
                "amax over several dimensions is not supported in ferrograd",
            )),
        }
    }
    /// amin(dim=None, keepdim=False) -> Tensor
    ///
    /// The smallest elements along :attr:`dim` (or over all).
    ///
    /// See :func:`torch.amin`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn amin(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        match dims_arg(dim)? {
            None => Ok(self.t.try_min().py()?.into()),
            Some(d) if d.len() == 1 => Ok(self.t.try_min_dim(d[0], keepdim).py()?.0.into()),
            Some(_) => Err(runtime(
                "amin over several dimensions is not supported in ferrograd",
            )),
        }
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

    // ---- shape ------------------------------------------------------------------------------

    /// reshape(*shape) -> Tensor
    ///
    /// The same elements in the given shape: a view when possible, else a copy.
    ///
    /// See :func:`torch.reshape`.
    #[pyo3(signature = (*shape))]
    fn reshape(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let s = int_list_args(shape)?;
        let s = infer_shape(&s, self.t.numel())?;
        Ok(self.t.try_reshape(&s).py()?.into())
    }
    /// view(*shape) -> Tensor
    ///
    /// Returns a new tensor with the same data as this tensor but of a different :attr:`shape`
    /// (one dimension may be ``-1``, inferred from the others). The tensor must be contiguous
    /// enough for a view; otherwise use :meth:`~Tensor.reshape`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.arange(6.0)
    ///     >>> x.view(2, 3)
    ///     tensor([[0., 1., 2.],
    ///             [3., 4., 5.]])
    ///     >>> x.view(-1, 2).shape
    ///     torch.Size([3, 2])
    #[pyo3(signature = (*shape))]
    fn view(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        if shape.len() == 1 {
            if let Ok(d) = crate::convert::dtype_arg(&shape.get_item(0)?) {
                if d == self.t.dtype() {
                    return Ok(self.t.try_reshape(self.t.shape()).py()?.into());
                }
                return Err(runtime("view(dtype) is not supported in ferrograd"));
            }
        }
        let s = int_list_args(shape)?;
        let s = infer_shape(&s, self.t.numel())?;
        Ok(self.t.try_view(&s).py()?.into())
    }
    /// view_as(other) -> Tensor
    ///
    /// View this tensor as the same size as :attr:`other`: ``self.view(other.size())``.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(4).view_as(torch.zeros(2, 2))
    ///     tensor([[0, 1],
    ///             [2, 3]])
    fn view_as(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        Ok(self.t.try_view(other.get().t.shape()).py()?.into())
    }
    /// reshape_as(other) -> Tensor
    ///
    /// Returns this tensor in the shape of :attr:`other`: ``self.reshape(other.size())``.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(4).reshape_as(torch.zeros(2, 2)).shape
    ///     torch.Size([2, 2])
    fn reshape_as(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        Ok(self.t.try_reshape(other.get().t.shape()).py()?.into())
    }
    /// flatten(start_dim=0, end_dim=-1) -> Tensor
    ///
    /// Flattens the dimensions from :attr:`start_dim` to :attr:`end_dim` into one.
    ///
    /// See :func:`torch.flatten`.
    #[pyo3(signature = (start_dim=0, end_dim=-1))]
    fn flatten(&self, start_dim: isize, end_dim: isize) -> PyResult<PyTensor> {
        Ok(flatten_range(&self.t, start_dim, end_dim)?.into())
    }
    /// ravel() -> Tensor
    ///
    /// A contiguous flattened tensor.
    ///
    /// See :func:`torch.ravel`.
    fn ravel(&self) -> PyResult<PyTensor> {
        Ok(flatten_range(&self.t, 0, -1)?.into())
    }
    /// transpose(dim0, dim1) -> Tensor
    ///
    /// A view with dimensions :attr:`dim0` and :attr:`dim1` swapped.
    ///
    /// See :func:`torch.transpose`.
    fn transpose(&self, dim0: isize, dim1: isize) -> PyResult<PyTensor> {
        Ok(self.t.try_transpose(dim0, dim1).py()?.into())
    }
    /// swapaxes(axis0, axis1) -> Tensor
    ///
    /// Alias for :meth:`~Tensor.transpose`.
    ///
    /// See :func:`torch.swapaxes`.
    fn swapaxes(&self, axis0: isize, axis1: isize) -> PyResult<PyTensor> {
        self.transpose(axis0, axis1)
    }
    /// t() -> Tensor
    ///
    /// Transposes a tensor of at most 2 dimensions.
    ///
    /// See :func:`torch.t`.
    fn t(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_t().py()?.into())
    }
    /// Returns a view of this tensor with its dimensions reversed (``x.permute(n-1, ..., 0)``);
    /// for a matrix, its transpose.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1, 2], [3, 4]]).T
    ///     tensor([[1, 3],
    ///             [2, 4]])
    #[getter(T)]
    fn big_t(&self) -> PyResult<PyTensor> {
        let d: Vec<isize> = (0..self.t.dim() as isize).rev().collect();
        Ok(self.t.try_permute(&d).py()?.into())
    }
    /// Returns a view of this tensor with the last two dimensions transposed (a batch of
    /// transposed matrices).
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(5, 2, 3).mT.shape
    ///     torch.Size([5, 3, 2])
    #[getter(mT)]
    fn m_t(&self) -> PyResult<PyTensor> {
        if self.t.dim() < 2 {
            return Err(runtime(
                "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.",
            ));
        }
        Ok(self.t.try_transpose(-2, -1).py()?.into())
    }
    /// expand(*sizes) -> Tensor
    ///
    /// Returns a new view of this tensor with singleton dimensions expanded to a larger size,
    /// without copying. Passing ``-1`` as the size of a dimension keeps it; new dimensions are
    /// added at the front.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([[1], [2], [3]])
    ///     >>> x.expand(3, 4)
    ///     tensor([[1, 1, 1, 1],
    ///             [2, 2, 2, 2],
    ///             [3, 3, 3, 3]])
    ///     >>> x.expand(-1, 2)
    ///     tensor([[1, 1],
    ///             [2, 2],
    ///             [3, 3]])
    #[pyo3(signature = (*sizes))]
    fn expand(&self, sizes: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let s = int_list_args(sizes)?;
        let s = expand_sizes(&self.t, &s)?;
        Ok(self.t.try_expand(&s).py()?.into())
    }
    /// expand_as(other) -> Tensor
    ///
    /// Expands this tensor to the size of :attr:`other`: ``self.expand(other.size())``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).expand_as(torch.zeros(2, 2))
    ///     tensor([[1, 2],
    ///             [1, 2]])
    fn expand_as(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        Ok(self.t.try_expand(other.get().t.shape()).py()?.into())
    }
    /// unsqueeze(dim) -> Tensor
    ///
    /// A view with a dimension of size one inserted at :attr:`dim`.
    ///
    /// See :func:`torch.unsqueeze`.
    fn unsqueeze(&self, dim: isize) -> PyResult<PyTensor> {
        Ok(self.t.try_unsqueeze(dim).py()?.into())
    }
    /// squeeze(dim=None) -> Tensor
    ///
    /// A view with the dimensions of size 1 removed (all of them, or those in :attr:`dim`).
    ///
    /// See :func:`torch.squeeze`.
    #[pyo3(signature = (dim=None))]
    fn squeeze(&self, dim: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        match dims_arg(dim)? {
            None => guard(|| self.t.squeeze().into()),
            Some(ds) => {
                let mut t = self.t.clone();
                let mut idx: Vec<usize> = ds
                    .iter()
                    .map(|&d| wrap_dim(d, self.t.dim()))
                    .collect::<PyResult<_>>()?;
                idx.sort_unstable();
                idx.dedup();
                for &d in idx.iter().rev() {
                    t = t.try_squeeze_dim(d as isize).py()?;
                }
                Ok(t.into())
            }
        }
    }
    /// select(dim, index) -> Tensor
    ///
    /// Slices this tensor along :attr:`dim` at :attr:`index`, removing that dimension.
    ///
    /// See :func:`torch.select`.
    fn select(&self, dim: isize, index: isize) -> PyResult<PyTensor> {
        Ok(self.t.try_select(dim, index).py()?.into())
    }
    /// narrow(dim, start, length) -> Tensor
    ///
    /// A view of :attr:`length` elements of :attr:`dim` from :attr:`start`.
    ///
    /// See :func:`torch.narrow`.
    fn narrow(&self, dim: isize, start: isize, length: usize) -> PyResult<PyTensor> {
        Ok(self.t.try_narrow(dim, start, length).py()?.into())
    }
    /// unbind(dim=0) -> tuple of Tensors
    ///
    /// Removes a dimension, returning the slices along it.
    ///
    /// See :func:`torch.unbind`.
    #[pyo3(signature = (dim=0))]
    fn unbind<'py>(&self, py: Python<'py>, dim: isize) -> PyResult<Bound<'py, PyTuple>> {
        let d = wrap_dim(dim, self.t.dim())?;
        let parts = (0..self.t.shape()[d])
            .map(|i| {
                Ok(PyTensor::from(
                    self.t.try_select(d as isize, i as isize).py()?,
                ))
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, parts)
    }

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
        op(py, x.numel(), || x.try_log_softmax(dim))
    }
}

fn neg(t: &Tensor) -> PyResult<PyTensor> {
    if t.dtype() == DType::Bool {
        return Err(pyo3::exceptions::PyNotImplementedError::new_err("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."));
    }
    Ok(t.try_neg().py()?.into())
}

/// Aliases of elementwise functions (`absolute`, `negative`), each as a method and a module
/// function, with the docstrings of both made from the entry's summary and example. The
/// functions themselves are rows of the core op table (see `table.rs`).
macro_rules! unary {
    ($($name:ident => $body:expr, $summary:literal, $example:literal;)*) => {
        #[pymethods]
        impl PyTensor {
            $(
                #[doc = concat!(
                    stringify!($name), "() -> Tensor\n\n", $summary, "\n\nSee :func:`torch.",
                    stringify!($name), "`."
                )]
                fn $name(&self, py: Python<'_>) -> PyResult<PyTensor> {
                    let t = &self.t;
                    let f: fn(&Tensor) -> ferrograd::Result<Tensor> = $body;
                    op(py, t.numel(), || f(t))
                }
            )*
        }

        /// Elementwise functions as module functions (`torch.sin(x)`).
        pub mod unary_fns {
            use super::*;
            $(
                #[pyfunction]
                #[doc = concat!(
                    $summary, "\n\nArgs:\n    input (Tensor): the input tensor.\n\n",
                    "Example::\n\n", $example
                )]
                pub fn $name(py: Python<'_>, input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
                    let t = &input.get().t;
                    let f: fn(&Tensor) -> ferrograd::Result<Tensor> = $body;
                    op(py, t.numel(), || f(t))
                }
            )*
            pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
                $( m.add_function(wrap_pyfunction!($name, m)?)?; )*
                Ok(())
            }
        }
    };
}

unary!(
    absolute => |t| t.try_abs(),
        "Alias for :func:`torch.abs`: the absolute value of each element in :attr:`input`.",
        "    >>> torch.absolute(torch.tensor([-1.5, 2.0]))\n    tensor([1.5000, 2.0000])";
    negative => |t| t.try_neg(),
        "Alias for :func:`torch.neg`: returns a new tensor with the negative of the elements of :attr:`input`.",
        "    >>> torch.negative(torch.tensor([1.0, -2.0]))\n    tensor([-1.,  2.])";
);

#[pymethods]
impl PyTensor {
    /// neg() -> Tensor
    ///
    /// The negative of each element.
    ///
    /// See :func:`torch.neg`.
    fn neg(&self) -> PyResult<PyTensor> {
        neg(&self.t)
    }
}

// ---- module functions ---------------------------------------------------------------------

/// neg(input) -> Tensor
///
/// Returns a new tensor with the negative of the elements of :attr:`input`: ``out = -1 * input``.
///
/// Args:
///     input (Tensor): the input tensor.
///
/// Example::
///
///     >>> torch.neg(torch.tensor([1.5, -2.0, 0.0]))
///     tensor([-1.5000,  2.0000, -0.0000])
#[pyfunction]
#[pyo3(name = "neg")]
fn neg_fn(input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    neg(&input.get().t)
}

fn first_tensor<'py>(
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    what: &str,
) -> PyResult<(Tensor, Arg, bool)> {
    if let Ok(t) = a.cast::<PyTensor>() {
        return Ok((t.get().t.clone(), operand(b, what)?, false));
    }
    if let Ok(t) = b.cast::<PyTensor>() {
        return Ok((t.get().t.clone(), operand(a, what)?, true));
    }
    Err(type_err(format!(
        "{what}(): argument 'input' (position 1) must be Tensor, not {}",
        type_name(a)
    )))
}

/// add(input, other, *, alpha=1) -> Tensor
///
/// Adds :attr:`other`, scaled by :attr:`alpha`, to :attr:`input`: ``out = input + alpha * other``.
///
/// Supports broadcasting to a common shape and type promotion.
///
/// Args:
///     input (Tensor): the input tensor.
///     other (Tensor or Number): the tensor or number to add to :attr:`input`.
///
/// Keyword args:
///     alpha (Number): the multiplier for :attr:`other`.
///
/// Example::
///
///     >>> a = torch.tensor([1.0, 2.0])
///     >>> torch.add(a, 20)
///     tensor([21., 22.])
///     >>> torch.add(a, torch.tensor([[1.0], [2.0]]), alpha=10)
///     tensor([[11., 12.],
///             [21., 22.]])
#[pyfunction]
#[pyo3(signature = (input, other, *, alpha=None))]
fn add(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let (t, b, _) = first_tensor(input, other, "add")?;
    if alpha.is_some() && !input.is_instance_of::<PyTensor>() {
        return Err(type_err(
            "add(): argument 'input' (position 1) must be Tensor",
        ));
    }
    let b = scaled(b, alpha)?;
    op(py, size_of(&t, &b), || bin_op(&t, &b, Bin::Add))
}

/// sub(input, other, *, alpha=1) -> Tensor
///
/// Subtracts :attr:`other`, scaled by :attr:`alpha`, from :attr:`input`:
/// ``out = input - alpha * other``. Supports broadcasting and type promotion.
///
/// Args:
///     input (Tensor): the input tensor.
///     other (Tensor or Number): the tensor or number to subtract from :attr:`input`.
///
/// Keyword args:
///     alpha (Number): the multiplier for :attr:`other`.
///
/// Example::
///
///     >>> a = torch.tensor((1, 2))
///     >>> b = torch.tensor((0, 1))
///     >>> torch.sub(a, b, alpha=2)
///     tensor([1, 0])
#[pyfunction]
#[pyo3(signature = (input, other, *, alpha=None))]
fn sub(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let (t, b, swapped) = first_tensor(input, other, "sub")?;
    let b = scaled(b, alpha)?;
    let kind = if swapped { Bin::RSub } else { Bin::Sub };
    op(py, size_of(&t, &b), || bin_op(&t, &b, kind))
}

/// mul(input, other) -> Tensor
///
/// Multiplies :attr:`input` by :attr:`other`: ``out_i = input_i * other_i``. Supports
/// broadcasting and type promotion.
///
/// Args:
///     input (Tensor): the input tensor.
///     other (Tensor or Number): the tensor or number to multiply input by.
///
/// Example::
///
///     >>> torch.mul(torch.tensor([0.5, -1.0, 2.0]), 100)
///     tensor([  50., -100.,  200.])
///     >>> torch.mul(torch.tensor([[1.0], [2.0]]), torch.tensor([1.0, 2.0, 3.0]))
///     tensor([[1., 2., 3.],
///             [2., 4., 6.]])
#[pyfunction]
fn mul(py: Python<'_>, input: &Bound<'_, PyAny>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    let (t, b, _) = first_tensor(input, other, "mul")?;
    op(py, size_of(&t, &b), || bin_op(&t, &b, Bin::Mul))
}

/// div(input, other, *, rounding_mode=None) -> Tensor
///
/// Divides each element of :attr:`input` by the corresponding element of :attr:`other`
/// (true division: integer inputs give a floating point result). Supports broadcasting and type
/// promotion.
///
/// Args:
///     input (Tensor): the dividend.
///     other (Tensor or Number): the divisor.
///
/// Keyword args:
///     rounding_mode (str, optional): only ``None`` (true division); PyTorch's ``"trunc"``
///         and ``"floor"`` raise ``RuntimeError`` in ferrograd.
///
/// Example::
///
///     >>> torch.div(torch.tensor([1.0, -3.0, 5.0]), 2)
///     tensor([ 0.5000, -1.5000,  2.5000])
///     >>> torch.div(torch.tensor([7, -7]), 2)
///     tensor([ 3.5000, -3.5000])
#[pyfunction]
#[pyo3(signature = (input, other, *, rounding_mode=None))]
fn div(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    rounding_mode: Option<&str>,
) -> PyResult<PyTensor> {
    if rounding_mode.is_some() {
        return Err(runtime(
            "div(): rounding_mode is not supported in ferrograd",
        ));
    }
    let (t, b, swapped) = first_tensor(input, other, "div")?;
    let kind = if swapped { Bin::RDiv } else { Bin::Div };
    op(py, size_of(&t, &b), || bin_op(&t, &b, kind))
}

/// pow(input, exponent) -> Tensor
///
/// Takes the power of each element in :attr:`input` with :attr:`exponent` and returns a tensor
/// with the result. :attr:`exponent` can be a number or a tensor broadcastable with
/// :attr:`input`; :attr:`input` can be a number when :attr:`exponent` is a tensor.
///
/// Args:
///     input (Tensor or Number): the base.
///     exponent (Tensor or Number): the exponent value.
///
/// Example::
///
///     >>> torch.pow(torch.tensor([1.0, 2.0, 3.0]), 2)
///     tensor([1., 4., 9.])
///     >>> torch.pow(2, torch.tensor([1.0, 2.0, 3.0]))
///     tensor([2., 4., 8.])
#[pyfunction]
fn pow(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    exponent: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let (t, b, swapped) = first_tensor(input, exponent, "pow")?;
    let kind = if swapped { Bin::RPow } else { Bin::Pow };
    op(py, size_of(&t, &b), || bin_op(&t, &b, kind))
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
#[pyfunction]
fn matmul(
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
#[pyfunction]
fn mm(
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
#[pyfunction]
fn mv(
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
#[pyfunction]
fn dot(
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
#[pyfunction]
fn outer(input: &Bound<'_, PyTensor>, vec2: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    input.get().outer(vec2)
}

/// clamp(input, min=None, max=None) -> Tensor
///
/// Clamps all elements in :attr:`input` into the range ``[min, max]``:
/// ``out_i = min(max(input_i, min), max)``. If :attr:`min` is ``None`` there is no lower bound,
/// if :attr:`max` is ``None`` no upper bound. ``torch.clip`` is an alias.
///
/// Args:
///     input (Tensor): the input tensor.
///     min (Number, optional): lower-bound of the range to be clamped to.
///     max (Number, optional): upper-bound of the range to be clamped to.
///
/// Example::
///
///     >>> torch.clamp(torch.tensor([-1.5, 0.2, 0.9]), min=-0.5, max=0.5)
///     tensor([-0.5000,  0.2000,  0.5000])
///     >>> torch.clamp(torch.tensor([-2.0, 2.0]), min=0.0)
///     tensor([0., 2.])
#[pyfunction]
#[pyo3(signature = (input, min=None, max=None))]
fn clamp_fn(
    input: &Bound<'_, PyTensor>,
    min: Option<&Bound<'_, PyAny>>,
    max: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    Ok(clamp(&input.get().t, min, max)?.into())
}

/// where(condition, input, other) -> Tensor
///
/// Returns a tensor of elements selected from either :attr:`input` or :attr:`other`, depending
/// on :attr:`condition`: ``out_i = input_i if condition_i else other_i``. The three broadcast to
/// a common shape. ``torch.where(condition)`` is ``condition.nonzero(as_tuple=True)``.
///
/// Args:
///     condition (BoolTensor): when True (nonzero), yield input, otherwise yield other.
///     input (Tensor or Scalar): value(s) at indices where :attr:`condition` is ``True``.
///     other (Tensor or Scalar): value(s) at indices where :attr:`condition` is ``False``.
///
/// Example::
///
///     >>> x = torch.tensor([-1.0, 2.0, -3.0])
///     >>> torch.where(x > 0, x, torch.zeros(3))
///     tensor([0., 2., 0.])
///     >>> torch.where(x > 0, x, 0.0)
///     tensor([0., 2., 0.])
#[pyfunction]
#[pyo3(name = "where", signature = (condition, input=None, other=None))]
fn where_fn(
    condition: &Bound<'_, PyTensor>,
    input: Option<&Bound<'_, PyAny>>,
    other: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let (Some(a), Some(b)) = (input, other) else {
        return Err(runtime(
            "where(condition) with one argument is not supported in ferrograd",
        ));
    };
    let a = convert::tensor_like(a, "where(): argument 'input'")?;
    let b = convert::tensor_like(b, "where(): argument 'other'")?;
    Ok(Tensor::try_where(&condition.get().t, &a, &b).py()?.into())
}

/// cat(tensors, dim=0) -> Tensor
///
/// Concatenates the given sequence of tensors in the given dimension. All tensors must have the
/// same shape except in the concatenating dimension. ``torch.concat`` and
/// ``torch.concatenate`` are aliases.
///
/// Args:
///     tensors (sequence of Tensors): the tensors to concatenate.
///     dim (int, optional): the dimension over which the tensors are concatenated.
///
/// Example::
///
///     >>> x = torch.tensor([[1.0, 2.0]])
///     >>> torch.cat((x, x, x), 0)
///     tensor([[1., 2.],
///             [1., 2.],
///             [1., 2.]])
///     >>> torch.cat((x, x), 1)
///     tensor([[1., 2., 1., 2.]])
#[pyfunction]
#[pyo3(signature = (tensors, dim=0))]
fn cat(py: Python<'_>, tensors: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    let ts = tensors_of(tensors, "cat")?;
    let n = ts.iter().map(|t| t.numel()).sum();
    op(py, n, || Tensor::try_cat(&ts, dim))
}

/// stack(tensors, dim=0) -> Tensor
///
/// Concatenates a sequence of tensors along a new dimension. All tensors need to be of the same
/// size.
///
/// Args:
///     tensors (sequence of Tensors): sequence of tensors to concatenate.
///     dim (int, optional): dimension to insert. Has to be between 0 and the number of
///         dimensions of concatenated tensors (inclusive).
///
/// Example::
///
///     >>> a, b = torch.tensor([1, 2]), torch.tensor([3, 4])
///     >>> torch.stack((a, b))
///     tensor([[1, 2],
///             [3, 4]])
///     >>> torch.stack((a, b), dim=1)
///     tensor([[1, 3],
///             [2, 4]])
#[pyfunction]
#[pyo3(signature = (tensors, dim=0))]
fn stack(py: Python<'_>, tensors: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    let ts = tensors_of(tensors, "stack")?;
    let n = ts.iter().map(|t| t.numel()).sum();
    op(py, n, || Tensor::try_stack(&ts, dim))
}

/// isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor
///
/// Returns a new bool tensor telling where each element of :attr:`input` is "close" to the
/// corresponding element of :attr:`other`: ``|input - other| <= atol + rtol * |other|``.
///
/// Args:
///     input (Tensor): first tensor to compare.
///     other (Tensor): second tensor to compare.
///     rtol (float, optional): relative tolerance. Default: 1e-05.
///     atol (float, optional): absolute tolerance. Default: 1e-08.
///     equal_nan (bool, optional): if ``True``, two ``NaN`` s are considered equal.
///
/// Example::
///
///     >>> torch.isclose(torch.tensor((1.0, 2, 3)), torch.tensor((1.0 + 1e-10, 3, 4)))
///     tensor([ True, False, False])
#[pyfunction]
#[pyo3(signature = (input, other, rtol=1e-5, atol=1e-8, equal_nan=false))]
fn isclose(
    input: &Bound<'_, PyTensor>,
    other: &Bound<'_, PyAny>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> PyResult<PyTensor> {
    let a = input.get().t.detach();
    let b = convert::tensor_like(other, "isclose(): argument 'other'")?.detach();
    let shape = {
        let _g = ferrograd::no_grad();
        a.try_add(&b).py()?.shape().to_vec()
    };
    let (av, bv) = (
        a.try_expand(&shape).py()?.to_f64_vec(),
        b.try_expand(&shape).py()?.to_f64_vec(),
    );
    let v: Vec<bool> = av
        .iter()
        .zip(&bv)
        .map(|(&x, &y)| {
            if x.is_nan() || y.is_nan() {
                equal_nan && x.is_nan() && y.is_nan()
            } else if x == y {
                true
            } else {
                (x - y).abs() <= atol + rtol * y.abs()
            }
        })
        .collect();
    Ok(Tensor::try_from_vec(v, &shape).py()?.into())
}

/// allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool
///
/// Whether all elements of :attr:`input` and :attr:`other` are close:
/// ``|input - other| <= atol + rtol * |other|`` elementwise (see :func:`torch.isclose`).
///
/// Args:
///     input (Tensor): first tensor to compare.
///     other (Tensor): second tensor to compare.
///     rtol (float, optional): relative tolerance. Default: 1e-05.
///     atol (float, optional): absolute tolerance. Default: 1e-08.
///     equal_nan (bool, optional): if ``True``, two ``NaN`` s are considered equal.
///
/// Example::
///
///     >>> torch.allclose(torch.tensor([10000.0, 1e-07]), torch.tensor([10000.1, 1e-08]))
///     False
///     >>> torch.allclose(torch.tensor([10000.0, 1e-08]), torch.tensor([10000.1, 1e-09]))
///     True
#[pyfunction]
#[pyo3(signature = (input, other, rtol=1e-5, atol=1e-8, equal_nan=false))]
fn allclose(
    input: &Bound<'_, PyTensor>,
    other: &Bound<'_, PyAny>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> PyResult<bool> {
    let c = isclose(input, other, rtol, atol, equal_nan)?;
    Ok(c.t.to_vec::<bool>().into_iter().all(|b| b))
}

/// equal(input, other) -> bool
///
/// ``True`` if two tensors have the same size and elements, ``False`` otherwise.
///
/// Args:
///     input (Tensor): the first tensor.
///     other (Tensor): the second tensor.
///
/// Example::
///
///     >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))
///     True
///     >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1]))
///     False
#[pyfunction]
fn equal(input: &Bound<'_, PyTensor>, other: &Bound<'_, PyTensor>) -> PyResult<bool> {
    let (a, b) = (&input.get().t, &other.get().t);
    if a.shape() != b.shape() {
        return Ok(false);
    }
    Ok(a.try_eq(b).py()?.to_vec::<bool>().into_iter().all(|x| x))
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
#[pyfunction]
#[pyo3(signature = (input, dim=None, keepdim=false))]
fn all(
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
#[pyfunction]
#[pyo3(signature = (input, dim=None, keepdim=false))]
fn any(
    input: &Bound<'_, PyTensor>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    logical_reduce(&input.get().t, dims_arg(dim)?, keepdim, false)
}

/// numel(input) -> int
///
/// Returns the total number of elements in the :attr:`input` tensor.
///
/// Args:
///     input (Tensor): the input tensor.
///
/// Example::
///
///     >>> torch.numel(torch.zeros(4, 4))
///     16
#[pyfunction]
fn numel(input: &Bound<'_, PyTensor>) -> usize {
    input.get().t.numel()
}

/// is_tensor(obj) -> bool
///
/// Returns True if :attr:`obj` is a ferrograd tensor.
///
/// Args:
///     obj (object): object to test.
///
/// Example::
///
///     >>> torch.is_tensor(torch.tensor([1, 2, 3]))
///     True
///     >>> torch.is_tensor([1, 2, 3])
///     False
#[pyfunction]
fn is_tensor(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyTensor>()
}

/// is_floating_point(input) -> bool
///
/// Returns True if the data type of :attr:`input` is a floating point data type
/// (``torch.float32`` or ``torch.float64``).
///
/// Args:
///     input (Tensor): the input tensor.
///
/// Example::
///
///     >>> torch.is_floating_point(torch.tensor([1.0]))
///     True
///     >>> torch.is_floating_point(torch.tensor([1]))
///     False
#[pyfunction]
fn is_floating_point(input: &Bound<'_, PyTensor>) -> bool {
    input.get().t.dtype().is_floating_point()
}

#[pyfunction]
#[pyo3(name = "_cross_entropy", signature = (input, target, reduction = "mean"))]
fn cross_entropy(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let (x, t) = (&input.get().t, &target.get().t);
    let r = ferrograd::Reduction::from_name(reduction).py()?;
    op(py, x.numel(), || x.try_cross_entropy_with(t, r))
}

#[pyfunction]
#[pyo3(name = "_nll_loss", signature = (input, target, reduction = "mean"))]
fn nll_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let (x, t) = (&input.get().t, &target.get().t);
    let r = ferrograd::Reduction::from_name(reduction).py()?;
    op(py, x.numel(), || x.try_nll_loss_with(t, r))
}

#[pyfunction]
#[pyo3(name = "_mse_loss")]
fn mse_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    let (x, t) = (&input.get().t, &target.get().t);
    op(py, x.numel(), || x.try_mse_loss(t))
}

#[pyfunction]
#[pyo3(signature = (input, weight, bias=None))]
fn linear(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    bias: Option<&Bound<'_, PyTensor>>,
) -> PyResult<PyTensor> {
    let (x, w) = (&input.get().t, &weight.get().t);
    let b = bias.map(|b| b.get().t.clone());
    op(py, x.numel().max(w.numel()), || x.try_linear(w, b.as_ref()))
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
#[pyfunction]
#[pyo3(signature = (input, mat1, mat2, *, beta=1.0, alpha=1.0))]
fn addmm(
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
        Tensor::try_addmm(b, m1, m2)
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    unary_fns::register(m)?;
    m.add_function(wrap_pyfunction!(neg_fn, m)?)?;
    m.add_function(wrap_pyfunction!(add, m)?)?;
    m.add_function(wrap_pyfunction!(sub, m)?)?;
    m.add_function(wrap_pyfunction!(mul, m)?)?;
    m.add_function(wrap_pyfunction!(div, m)?)?;
    m.add_function(wrap_pyfunction!(pow, m)?)?;
    m.add_function(wrap_pyfunction!(matmul, m)?)?;
    m.add_function(wrap_pyfunction!(mm, m)?)?;
    m.add_function(wrap_pyfunction!(mv, m)?)?;
    m.add_function(wrap_pyfunction!(dot, m)?)?;
    m.add_function(wrap_pyfunction!(outer, m)?)?;
    m.add("clamp", wrap_pyfunction!(clamp_fn, m)?)?;
    m.add("clip", wrap_pyfunction!(clamp_fn, m)?)?;
    m.add_function(wrap_pyfunction!(where_fn, m)?)?;
    m.add_function(wrap_pyfunction!(cat, m)?)?;
    m.add("concat", wrap_pyfunction!(cat, m)?)?;
    m.add("concatenate", wrap_pyfunction!(cat, m)?)?;
    m.add_function(wrap_pyfunction!(stack, m)?)?;
    m.add_function(wrap_pyfunction!(isclose, m)?)?;
    m.add_function(wrap_pyfunction!(allclose, m)?)?;
    m.add_function(wrap_pyfunction!(equal, m)?)?;
    m.add_function(wrap_pyfunction!(all, m)?)?;
    m.add_function(wrap_pyfunction!(any, m)?)?;
    m.add_function(wrap_pyfunction!(numel, m)?)?;
    m.add_function(wrap_pyfunction!(is_tensor, m)?)?;
    m.add_function(wrap_pyfunction!(is_floating_point, m)?)?;
    m.add_function(wrap_pyfunction!(cross_entropy, m)?)?;
    m.add_function(wrap_pyfunction!(nll_loss, m)?)?;
    m.add_function(wrap_pyfunction!(mse_loss, m)?)?;
    m.add_function(wrap_pyfunction!(linear, m)?)?;
    m.add_function(wrap_pyfunction!(addmm, m)?)?;
    Ok(())
}
