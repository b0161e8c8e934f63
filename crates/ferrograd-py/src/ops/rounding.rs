//! Division with rounding: `//` and its reflected and in-place forms, `floor_divide` (method,
//! in-place method and function) and `div(..., rounding_mode=...)`.

use super::*;
use ferrograd::ops::RoundingMode;

fn as_tensor(like: &Tensor, b: &Arg) -> Tensor {
    match b {
        Arg::T(t) => t.clone(),
        Arg::S(s) => super::number_operand(like, *s),
    }
}

/// `a // b`, or `b // a` when `reflected`.
fn floor_div(py: Python<'_>, a: &Tensor, b: &Arg, reflected: bool) -> PyResult<PyTensor> {
    let b = as_tensor(a, b);
    let (l, r) = if reflected { (&b, a) } else { (a, &b) };
    op(py, a.numel().max(b.numel()), || l.try_floor_divide(r))
}

/// `a / b` rounded as `mode` says (`"trunc"`, `"floor"`), or `b / a` when `reflected`.
pub(super) fn rounded(
    py: Python<'_>,
    a: &Tensor,
    b: &Arg,
    mode: &str,
    reflected: bool,
) -> PyResult<PyTensor> {
    let mode = RoundingMode::parse(mode).py()?;
    let b = as_tensor(a, b);
    let (l, r) = if reflected { (&b, a) } else { (a, &b) };
    op(py, a.numel().max(b.numel()), || l.try_div_rounding(r, mode))
}

fn operator_floor(
    py: Python<'_>,
    a: &Tensor,
    other: &Bound<'_, PyAny>,
    reflected: bool,
) -> PyResult<Py<PyAny>> {
    match operator_arg(other)? {
        None => Ok(PyNotImplemented::get(py).to_owned().into_any().unbind()),
        Some(b) => Ok(Py::new(py, floor_div(py, a, &b, reflected)?)?.into_any()),
    }
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    fn __floordiv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator_floor(py, &self.t, other, false)
    }
    fn __rfloordiv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        operator_floor(py, &self.t, other, true)
    }
    fn __ifloordiv__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<()> {
        Self::floor_divide_(slf, other).map(|_| ())
    }
    /// floor_divide(other) -> Tensor
    ///
    /// Divides this tensor by :attr:`other` and rounds the quotient toward minus infinity.
    ///
    /// See :func:`torch.floor_divide`.
    fn floor_divide(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = operand(other, "floor_divide")?;
        floor_div(py, &self.t, &b, false)
    }
    /// floor_divide_(other) -> Tensor
    ///
    /// In-place version of :meth:`~Tensor.floor_divide`.
    fn floor_divide_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().t;
        let b = as_tensor(t, &operand(other, "floor_divide_")?);
        t.try_floor_divide_(&b).py()?;
        Ok(slf.clone())
    }
}

/// floor_divide(input, other) -> Tensor
///
/// Divides :attr:`input` by :attr:`other` elementwise and rounds the quotient toward minus
/// infinity (Python's ``//``). Supports broadcasting and type promotion: integer inputs give
/// integers, and an integer division by zero raises ``RuntimeError: ZeroDivisionError``.
///
/// Args:
///     input (Tensor or Number): the dividend.
///     other (Tensor or Number): the divisor.
///
/// Example::
///
///     >>> torch.floor_divide(torch.tensor([4.0, -3.0]), 2)
///     tensor([ 2., -2.])
///     >>> torch.floor_divide(torch.tensor([7, -7]), torch.tensor([2, 2]))
///     tensor([ 3, -4])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn floor_divide(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let (t, b, swapped) = super::arithmetic::first_tensor(input, other, "floor_divide")?;
    floor_div(py, &t, &b, swapped)
}
