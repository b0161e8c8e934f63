//! Elementwise operations: clamp, comparisons, logical operations, `where`, the aliases made by
//! `unary!`, and closeness tests.

use super::*;

/// A clamp bound given from Python: `None`, a number or a tensor.
enum ClampBound {
    Absent,
    Number(Scalar),
    Tensor(Tensor),
}

impl ClampBound {
    fn read(b: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        match b {
            None => Ok(ClampBound::Absent),
            Some(b) if b.is_none() => Ok(ClampBound::Absent),
            Some(b) => {
                if let Ok(t) = b.cast::<PyTensor>() {
                    return Ok(ClampBound::Tensor(t.get().t.clone()));
                }
                match convert::scalar(b)? {
                    Some(s) => Ok(ClampBound::Number(s)),
                    None => Err(type_err(format!(
                        "clamp(): argument 'min' and 'max' must be Number or Tensor, not {}",
                        type_name(b)
                    ))),
                }
            }
        }
    }

    fn number(&self) -> Option<Scalar> {
        match self {
            ClampBound::Number(s) => Some(*s),
            _ => None,
        }
    }

    fn tensor(&self) -> Option<&Tensor> {
        match self {
            ClampBound::Tensor(t) => Some(t),
            _ => None,
        }
    }
}

/// `clamp`/`clip` (in place when `inplace`): numbers only take the scalar form
/// (`ClampBackward1`), any tensor the tensor form (`ClampBackward0`).
fn clamp_any(
    t: &Tensor,
    min: Option<&Bound<'_, PyAny>>,
    max: Option<&Bound<'_, PyAny>>,
    inplace: bool,
) -> PyResult<Tensor> {
    let (lo, hi) = (ClampBound::read(min)?, ClampBound::read(max)?);
    let tensors = lo.tensor().is_some() || hi.tensor().is_some();
    match (tensors, inplace) {
        (false, false) => t.try_clamp_bounds(lo.number(), hi.number()).py(),
        (false, true) => {
            t.try_clamp_bounds_(lo.number(), hi.number()).py()?;
            Ok(t.clone())
        }
        (true, false) => t
            .try_clamp_mixed(lo.tensor(), lo.number(), hi.tensor(), hi.number())
            .py(),
        (true, true) => {
            t.try_clamp_mixed_(lo.tensor(), lo.number(), hi.tensor(), hi.number())
                .py()?;
            Ok(t.clone())
        }
    }
}

fn clamp(
    t: &Tensor,
    min: Option<&Bound<'_, PyAny>>,
    max: Option<&Bound<'_, PyAny>>,
) -> PyResult<Tensor> {
    clamp_any(t, min, max, false)
}

/// `clamp_min`/`clamp_max` and their in-place forms: a number or a tensor bound.
fn clamp_one(t: &Tensor, b: &Bound<'_, PyAny>, lower: bool, inplace: bool) -> PyResult<Tensor> {
    let name = if lower { "clamp_min" } else { "clamp_max" };
    match ClampBound::read(Some(b))? {
        ClampBound::Absent => Err(type_err(format!(
            "{name}(): argument '{}' must be Number or Tensor, not NoneType",
            if lower { "min" } else { "max" }
        ))),
        ClampBound::Number(s) => match (lower, inplace) {
            (true, false) => t.try_clamp_min(s).py(),
            (false, false) => t.try_clamp_max(s).py(),
            (true, true) => t.try_clamp_min_(s).py().cloned(),
            (false, true) => t.try_clamp_max_(s).py().cloned(),
        },
        ClampBound::Tensor(b) => match (lower, inplace) {
            (true, false) => t.try_clamp_min_tensor(&b).py(),
            (false, false) => t.try_clamp_max_tensor(&b).py(),
            (true, true) => t.try_clamp_min_tensor_(&b).py().cloned(),
            (false, true) => t.try_clamp_max_tensor_(&b).py().cloned(),
        },
    }
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
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
        Ok(clamp_one(&self.t, min, true, false)?.into())
    }
    /// clamp_max(max) -> Tensor
    ///
    /// Clamps all elements to be at most :attr:`max`.
    ///
    /// See :func:`torch.clamp`.
    fn clamp_max(&self, max: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(clamp_one(&self.t, max, false, false)?.into())
    }
    /// clamp_(min=None, max=None) -> Tensor
    ///
    /// In-place :meth:`clamp`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([-2.0, 0.5, 3.0])
    ///     >>> x.clamp_(-1, 1)
    ///     tensor([-1.0000,  0.5000,  1.0000])
    #[pyo3(signature = (min=None, max=None))]
    fn clamp_<'py>(
        slf: &Bound<'py, Self>,
        min: Option<&Bound<'_, PyAny>>,
        max: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        clamp_any(&slf.get().t, min, max, true)?;
        Ok(slf.clone())
    }
    /// clip_(min=None, max=None) -> Tensor
    ///
    /// Alias for :meth:`clamp_`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([5.0]).clip_(max=1)
    ///     tensor([1.])
    #[pyo3(signature = (min=None, max=None))]
    fn clip_<'py>(
        slf: &Bound<'py, Self>,
        min: Option<&Bound<'_, PyAny>>,
        max: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        Self::clamp_(slf, min, max)
    }
    /// clamp_min_(min) -> Tensor
    ///
    /// In-place :meth:`clamp_min`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([-2.0, 0.5]).clamp_min_(0)
    ///     tensor([0.0000, 0.5000])
    fn clamp_min_<'py>(
        slf: &Bound<'py, Self>,
        min: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        clamp_one(&slf.get().t, min, true, true)?;
        Ok(slf.clone())
    }
    /// clamp_max_(max) -> Tensor
    ///
    /// In-place :meth:`clamp_max`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([-2.0, 0.5]).clamp_max_(0)
    ///     tensor([-2.,  0.])
    fn clamp_max_<'py>(
        slf: &Bound<'py, Self>,
        max: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        clamp_one(&slf.get().t, max, false, true)?;
        Ok(slf.clone())
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
}

/// Aliases of elementwise functions (`absolute`, `negative`), each as a method and a module
/// function, with the docstrings of both made from the entry's summary and example. The
/// functions themselves are rows of the core op table (see `table.rs`).
macro_rules! unary {
    ($($name:ident => $body:expr, $summary:literal, $example:literal;)*) => {
        #[ferrograd_py_macros::catch_panics]
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
                #[ferrograd_py_macros::catch_panics]
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

/// clamp(input, min=None, max=None) -> Tensor
///
/// Clamps all elements in :attr:`input` into the range ``[min, max]``:
/// ``out_i = min(max(input_i, min), max)``. If :attr:`min` is ``None`` there is no lower bound,
/// if :attr:`max` is ``None`` no upper bound. ``torch.clip`` is an alias.
///
/// Args:
///     input (Tensor): the input tensor.
///     min (Number or Tensor, optional): lower-bound of the range to be clamped to.
///     max (Number or Tensor, optional): upper-bound of the range to be clamped to.
///
/// With tensor bounds (broadcast against :attr:`input`) the bounds are differentiated too
/// (``ClampBackward0``).
///
/// Example::
///
///     >>> torch.clamp(torch.tensor([-1.5, 0.2, 0.9]), min=-0.5, max=0.5)
///     tensor([-0.5000,  0.2000,  0.5000])
///     >>> torch.clamp(torch.tensor([-2.0, 2.0]), min=0.0)
///     tensor([0., 2.])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, min=None, max=None))]
pub(super) fn clamp_fn(
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "where", signature = (condition, input=None, other=None))]
pub(super) fn where_fn(
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, other, rtol=1e-5, atol=1e-8, equal_nan=false))]
pub(super) fn isclose(
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, other, rtol=1e-5, atol=1e-8, equal_nan=false))]
pub(super) fn allclose(
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
pub(super) fn equal(input: &Bound<'_, PyTensor>, other: &Bound<'_, PyTensor>) -> PyResult<bool> {
    let (a, b) = (&input.get().t, &other.get().t);
    if a.shape() != b.shape() {
        return Ok(false);
    }
    Ok(a.try_eq(b).py()?.to_vec::<bool>().into_iter().all(|x| x))
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// equal(other) -> bool
    ///
    /// ``True`` if :attr:`other` has the same size and elements. See :func:`torch.equal`.
    fn equal(slf: &Bound<'_, Self>, other: &Bound<'_, PyTensor>) -> PyResult<bool> {
        equal(slf, other)
    }

    /// allclose(other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool
    ///
    /// Whether every element is close to :attr:`other`'s. See :func:`torch.allclose`.
    #[pyo3(signature = (other, rtol=1e-5, atol=1e-8, equal_nan=false))]
    fn allclose(
        slf: &Bound<'_, Self>,
        other: &Bound<'_, PyAny>,
        rtol: f64,
        atol: f64,
        equal_nan: bool,
    ) -> PyResult<bool> {
        allclose(slf, other, rtol, atol, equal_nan)
    }

    /// isclose(other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor
    ///
    /// Elementwise closeness to :attr:`other`. See :func:`torch.isclose`.
    #[pyo3(signature = (other, rtol=1e-5, atol=1e-8, equal_nan=false))]
    fn isclose(
        slf: &Bound<'_, Self>,
        other: &Bound<'_, PyAny>,
        rtol: f64,
        atol: f64,
        equal_nan: bool,
    ) -> PyResult<PyTensor> {
        isclose(slf, other, rtol, atol, equal_nan)
    }
}
