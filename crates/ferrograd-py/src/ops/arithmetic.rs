//! Arithmetic: Python operators, add/sub/mul/div/pow as methods and module functions, and the
//! in-place forms.

use super::*;

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
    for t in [a, &bt] {
        if t.dtype().is_floating_point() {
            return Err(pyo3::exceptions::PyNotImplementedError::new_err(format!(
                "\"bitwise_{which}_cpu\" not implemented for '{}'",
                t.dtype().scalar_name()
            )));
        }
    }
    if a.dtype() != DType::Bool || bt.dtype() != DType::Bool {
        return Err(runtime(format!(
            "\"bitwise_{which}_cpu\" is implemented for bool tensors only in ferrograd"
        )));
    }
    Ok(Py::new(py, PyTensor::from(logical(a, &b, which)?))?.into_any())
}

fn inplace<'py>(
    slf: &Bound<'py, PyTensor>,
    other: &Bound<'py, PyAny>,
    which: Bin,
    alpha: Option<&Bound<'py, PyAny>>,
) -> PyResult<()> {
    let t = &slf.get().t;
    let b = scaled(t, operand(other, "in-place op")?, alpha)?;
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
        Scalar::Float(_) if !like.dtype().is_floating_point() => ferrograd::get_default_dtype(),
        Scalar::Float(_) => like.dtype(),
        Scalar::Int(_) if like.dtype() == DType::Bool => DType::Int64,
        Scalar::Int(_) => like.dtype(),
        Scalar::Bool(_) => like.dtype(),
    };
    Tensor::scalar_tensor(s.to_f64(), dt)
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
        let b = scaled(&self.t, operand(other, "add")?, alpha)?;
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
        let b = scaled(&self.t, operand(other, "sub")?, alpha)?;
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
    if t.dtype() == DType::Bool {
        return Err(pyo3::exceptions::PyNotImplementedError::new_err("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."));
    }
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
    let (t, b, _) = first_tensor(input, other, "add")?;
    if alpha.is_some() && !input.is_instance_of::<PyTensor>() {
        return Err(type_err(
            "add(): argument 'input' (position 1) must be Tensor",
        ));
    }
    let b = scaled(&t, b, alpha)?;
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
    let b = scaled(&t, b, alpha)?;
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
