//! Arithmetic: Python operators, add/sub/mul/div/pow as methods and module functions, and the
//! in-place forms.

use super::*;
use ferrograd::ops::BitOp;

/// `a op b` for a bitwise operator (`b op a` when `reflected`), with `b` a tensor, a number or
/// a NumPy array.
fn bitwise_of(a: &Tensor, b: Arg, op: BitOp, reflected: bool) -> PyResult<Tensor> {
    match b {
        Arg::S(s) if reflected => a.try_rbitwise_scalar(s, op),
        Arg::S(s) => a.try_bitwise_scalar(s, op),
        Arg::T(t) if reflected => t.try_bitwise(a, op),
        Arg::T(t) => a.try_bitwise(&t, op),
    }
    .py()
}

/// A bitwise operator: `NotImplemented` for an operand that is neither a tensor nor a number.
fn bitwise(
    py: Python<'_>,
    a: &Tensor,
    other: &Bound<'_, PyAny>,
    op: BitOp,
    reflected: bool,
) -> PyResult<Py<PyAny>> {
    match operator_arg(other)? {
        None => Ok(PyNotImplemented::get(py).to_owned().into_any().unbind()),
        Some(b) => Ok(Py::new(py, PyTensor::from(bitwise_of(a, b, op, reflected)?))?.into_any()),
    }
}

/// A bitwise method's tensor-or-number argument, with PyTorch's message for anything else.
fn bitwise_arg(other: &Bound<'_, PyAny>, name: &str) -> PyResult<Arg> {
    operator_arg(other)?.ok_or_else(|| {
        type_err(format!(
            "{name}() received an invalid combination of arguments - got ({}), but expected one of:\n * (Tensor other)\n * (Number other)",
            type_name(other)
        ))
    })
}

/// A bitwise method (`bitwise_and`, ...): `t op other`.
fn bitwise_method(
    t: &Tensor,
    other: &Bound<'_, PyAny>,
    op: BitOp,
    name: &str,
) -> PyResult<PyTensor> {
    Ok(bitwise_of(t, bitwise_arg(other, name)?, op, false)?.into())
}

/// An in-place bitwise operator (`&=`, `bitwise_and_`, ...).
fn bitwise_inplace(t: &Tensor, other: &Bound<'_, PyAny>, op: BitOp, name: &str) -> PyResult<()> {
    match bitwise_arg(other, name)? {
        Arg::T(o) => t.try_bitwise_(&o, op).py()?,
        Arg::S(s) => t.try_bitwise_scalar_(s, op).py()?,
    };
    Ok(())
}

fn inplace<'py>(
    slf: &Bound<'py, PyTensor>,
    other: &Bound<'py, PyAny>,
    which: Bin,
    alpha: Option<&Bound<'py, PyAny>>,
) -> PyResult<()> {
    let t = &slf.get().t;
    let b = operand(other, "in-place op")?;
    let alpha = alpha_of(
        alpha,
        if matches!(which, Bin::Sub) {
            "sub_"
        } else {
            "add_"
        },
    )?;
    let py = slf.py();
    let n = size_of(t, &b);
    crate::tensor::compute(py, n, || {
        if let Some(al) = alpha {
            let o = match &b {
                Arg::T(o) => o.clone(),
                Arg::S(s) => number_operand(t, *s),
            };
            return match which {
                Bin::Add => t.try_add_alpha_(o, al),
                _ => t.try_sub_alpha_(o, al),
            }
            .map(|_| ());
        }
        match (which, &b) {
            (Bin::Add, Arg::T(o)) => t.try_add_(o),
            (Bin::Sub, Arg::T(o)) => t.try_sub_(o),
            (Bin::Mul, Arg::T(o)) => t.try_mul_(o),
            (Bin::Div, Arg::T(o)) => t.try_div_(o),
            (Bin::Add, Arg::S(s)) => t.try_add_(number_operand(t, *s)),
            (Bin::Sub, Arg::S(s)) => t.try_sub_(number_operand(t, *s)),
            (Bin::Mul, Arg::S(s)) => t.try_mul_(number_operand(t, *s)),
            (Bin::Div, Arg::S(s)) => t.try_div_(number_operand(t, *s)),
            _ => unreachable!("in-place ops are + - * /"),
        }
        .map(|_| ())
    })
}

#[ferrograd_py_macros::catch_panics]
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
        if self.t.dtype().is_floating_point() {
            return Err(type_err(
                "~ (operator.invert) is only implemented on integer and Boolean-type tensors",
            ));
        }
        Ok(self.t.try_bitwise_not().py()?.into())
    }
    fn __and__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::And, false)
    }
    fn __rand__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::And, true)
    }
    fn __or__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::Or, false)
    }
    fn __ror__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::Or, true)
    }
    fn __xor__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::Xor, false)
    }
    fn __rxor__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::Xor, true)
    }
    fn __lshift__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::LeftShift, false)
    }
    fn __rlshift__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::LeftShift, true)
    }
    fn __rshift__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::RightShift, false)
    }
    fn __rrshift__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bitwise(py, &self.t, other, BitOp::RightShift, true)
    }
    fn __iand__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        bitwise_inplace(&self.t, other, BitOp::And, "bitwise_and_")
    }
    fn __ior__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        bitwise_inplace(&self.t, other, BitOp::Or, "bitwise_or_")
    }
    fn __ixor__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        bitwise_inplace(&self.t, other, BitOp::Xor, "bitwise_xor_")
    }
    fn __ilshift__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        bitwise_inplace(&self.t, other, BitOp::LeftShift, "bitwise_left_shift_")
    }
    fn __irshift__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        bitwise_inplace(&self.t, other, BitOp::RightShift, "bitwise_right_shift_")
    }

    /// bitwise_and(other) -> Tensor
    ///
    /// The bitwise AND of this integer or bool tensor with :attr:`other` (a tensor or a
    /// number), with broadcasting: logical AND for two bool operands.
    ///
    /// See :func:`torch.bitwise_and`.
    fn bitwise_and(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        bitwise_method(&self.t, other, BitOp::And, "bitwise_and")
    }
    /// bitwise_or(other) -> Tensor
    ///
    /// The bitwise OR of this integer or bool tensor with :attr:`other`.
    ///
    /// See :func:`torch.bitwise_or`.
    fn bitwise_or(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        bitwise_method(&self.t, other, BitOp::Or, "bitwise_or")
    }
    /// bitwise_xor(other) -> Tensor
    ///
    /// The bitwise XOR of this integer or bool tensor with :attr:`other`.
    ///
    /// See :func:`torch.bitwise_xor`.
    fn bitwise_xor(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        bitwise_method(&self.t, other, BitOp::Xor, "bitwise_xor")
    }
    /// bitwise_left_shift(other) -> Tensor
    ///
    /// This integer tensor shifted left by :attr:`other` bits (0 for a shift below 0 or
    /// above 63).
    ///
    /// See :func:`torch.bitwise_left_shift`.
    fn bitwise_left_shift(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        bitwise_method(&self.t, other, BitOp::LeftShift, "bitwise_left_shift")
    }
    /// bitwise_right_shift(other) -> Tensor
    ///
    /// This integer tensor shifted right (arithmetically) by :attr:`other` bits.
    ///
    /// See :func:`torch.bitwise_right_shift`.
    fn bitwise_right_shift(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        bitwise_method(&self.t, other, BitOp::RightShift, "bitwise_right_shift")
    }
    /// bitwise_not() -> Tensor
    ///
    /// The one's complement of this integer tensor, or the logical NOT of a bool one.
    ///
    /// See :func:`torch.bitwise_not`.
    fn bitwise_not(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_bitwise_not().py()?.into())
    }
    /// bitwise_and_(other) -> Tensor
    ///
    /// In-place :meth:`bitwise_and`.
    fn bitwise_and_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        bitwise_inplace(&slf.get().t, other, BitOp::And, "bitwise_and_")?;
        Ok(slf.clone())
    }
    /// bitwise_or_(other) -> Tensor
    ///
    /// In-place :meth:`bitwise_or`.
    fn bitwise_or_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        bitwise_inplace(&slf.get().t, other, BitOp::Or, "bitwise_or_")?;
        Ok(slf.clone())
    }
    /// bitwise_xor_(other) -> Tensor
    ///
    /// In-place :meth:`bitwise_xor`.
    fn bitwise_xor_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        bitwise_inplace(&slf.get().t, other, BitOp::Xor, "bitwise_xor_")?;
        Ok(slf.clone())
    }
    /// bitwise_left_shift_(other) -> Tensor
    ///
    /// In-place :meth:`bitwise_left_shift`.
    fn bitwise_left_shift_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        bitwise_inplace(&slf.get().t, other, BitOp::LeftShift, "bitwise_left_shift_")?;
        Ok(slf.clone())
    }
    /// bitwise_right_shift_(other) -> Tensor
    ///
    /// In-place :meth:`bitwise_right_shift`.
    fn bitwise_right_shift_<'py>(
        slf: &Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        bitwise_inplace(
            &slf.get().t,
            other,
            BitOp::RightShift,
            "bitwise_right_shift_",
        )?;
        Ok(slf.clone())
    }
    /// bitwise_not_() -> Tensor
    ///
    /// In-place :meth:`bitwise_not`.
    fn bitwise_not_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().t;
        let r = t.try_bitwise_not().py()?;
        t.try_copy_(&r).py()?;
        Ok(slf.clone())
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
        let b = operand(other, "add")?;
        with_alpha(py, &self.t, &b, Bin::Add, alpha, "add")
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
        let b = operand(other, "sub")?;
        with_alpha(py, &self.t, &b, Bin::Sub, alpha, "sub")
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
        let b = operand(other, "div")?;
        if let Some(mode) = rounding_mode {
            return super::rounding::rounded(py, &self.t, &b, mode, false);
        }
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
        // a number (read once, as a fill value), else a tensor
        match crate::convert::fill_scalar(value)? {
            Some(s) => t.try_fill_(s).py()?,
            None => match arg(value)? {
                Some(Arg::T(v)) => t.try_fill_tensor_(&v).py()?,
                _ => return Err(runtime("fill_ only supports 0-dimension value tensor")),
            },
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
}

fn neg(t: &Tensor) -> PyResult<PyTensor> {
    Ok(t.try_neg().py()?.into())
}

#[ferrograd_py_macros::catch_panics]
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "neg")]
pub(super) fn neg_fn(input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    neg(&input.get().t)
}

pub(super) fn first_tensor<'py>(
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    what: &str,
) -> PyResult<(Tensor, Arg, bool)> {
    if let Ok(t) = a.cast::<PyTensor>() {
        let b = arg(b)?.ok_or_else(|| {
            type_err(format!(
                "{what}(): argument 'other' (position 2) must be Tensor, not {}",
                type_name(b)
            ))
        })?;
        return Ok((t.get().t.clone(), b, false));
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, other, *, alpha=None))]
pub(super) fn add(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let (t, b, swapped) = first_tensor(input, other, "add")?;
    if alpha.is_some() && !input.is_instance_of::<PyTensor>() {
        return Err(type_err(
            "add(): argument 'input' (position 1) must be Tensor",
        ));
    }
    let (t, b) = number_first(t, b, swapped);
    with_alpha(py, &t, &b, Bin::Add, alpha, "add")
}

/// For a number given as `input` (`torch.sub(2, x)`), the operands as PyTorch takes them: the
/// number wrapped in a tensor first (an empty first edge in `next_functions`).
fn number_first(t: Tensor, b: Arg, swapped: bool) -> (Tensor, Arg) {
    match b {
        Arg::S(s) if swapped => (number_operand(&t, s), Arg::T(t)),
        b => (t, b),
    }
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, other, *, alpha=None))]
pub(super) fn sub(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let (t, b, swapped) = first_tensor(input, other, "sub")?;
    let (t, b) = number_first(t, b, swapped);
    with_alpha(py, &t, &b, Bin::Sub, alpha, "sub")
}

/// rsub(input, other, *, alpha=1) -> Tensor
///
/// Subtracts :attr:`input`, scaled by :attr:`alpha`, from :attr:`other`:
/// ``out = other - alpha * input``. Supports broadcasting and type promotion.
///
/// Args:
///     input (Tensor): the tensor to subtract.
///     other (Tensor or Number): the tensor or number to subtract from.
///
/// Keyword args:
///     alpha (Number): the multiplier for :attr:`input`.
///
/// Example::
///
///     >>> a = torch.tensor([1.0, 2.0])
///     >>> torch.rsub(a, torch.tensor([3.0, 5.0]), alpha=2)
///     tensor([1., 1.])
///     >>> torch.rsub(a, 1)
///     tensor([ 0., -1.])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, other, *args, alpha=None), text_signature = "(input, other, alpha=1)")]
pub(super) fn rsub(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    args: &Bound<'_, pyo3::types::PyTuple>,
    alpha: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    // PyTorch takes alpha by position only beside a number `other`
    let positional = match args.len() {
        0 => None,
        1 if alpha.is_none() && !other.is_instance_of::<PyTensor>() => Some(args.get_item(0)?),
        _ => None,
    };
    let invalid = || {
        let mut got = vec![type_name(input), type_name(other)];
        got.extend(args.iter().map(|a| type_name(&a)));
        if let Some(a) = alpha {
            got.push(format!("alpha={}", type_name(a)));
        }
        type_err(format!(
            "rsub() received an invalid combination of arguments - got ({}), but expected one of:\n * (Tensor input, Tensor other, *, Number alpha = 1)\n * (Tensor input, Number other, Number alpha = 1)\n",
            got.join(", ")
        ))
    };
    let t = match input.cast::<PyTensor>() {
        Ok(t) => t.get().t.clone(),
        Err(_) => return Err(invalid()),
    };
    let b = arg(other)?.ok_or_else(invalid)?;
    if !args.is_empty() && positional.is_none() {
        return Err(invalid());
    }
    let alpha = positional.as_ref().or(alpha);
    if alpha.is_some_and(|a| convert::scalar(a).ok().flatten().is_none()) {
        return Err(invalid());
    }
    with_alpha(py, &t, &b, Bin::RSub, alpha, "rsub")
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn mul(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
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
///     rounding_mode (str, optional): ``None`` (true division), ``"trunc"`` (rounded toward
///         zero) or ``"floor"`` (rounded toward minus infinity; integers stay integers).
///
/// Example::
///
///     >>> torch.div(torch.tensor([1.0, -3.0, 5.0]), 2)
///     tensor([ 0.5000, -1.5000,  2.5000])
///     >>> torch.div(torch.tensor([7, -7]), 2)
///     tensor([ 3.5000, -3.5000])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, other, *, rounding_mode=None))]
pub(super) fn div(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    rounding_mode: Option<&str>,
) -> PyResult<PyTensor> {
    let (t, b, swapped) = first_tensor(input, other, "div")?;
    if let Some(mode) = rounding_mode {
        return super::rounding::rounded(py, &t, &b, mode, swapped);
    }
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn pow(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    exponent: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let (t, b, swapped) = first_tensor(input, exponent, "pow")?;
    let kind = if swapped { Bin::RPow } else { Bin::Pow };
    op(py, size_of(&t, &b), || bin_op(&t, &b, kind))
}
