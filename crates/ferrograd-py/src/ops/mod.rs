//! Tensor operations as methods and as module functions: Python operators with tensors or
//! numbers on either side, elementwise math, reductions, linear algebra and shape operations.

mod arithmetic;
mod conv;
mod elementwise;
mod gather;
mod linalg;
mod losses;
mod nn;
mod pooling;
mod reductions;
mod rounding;
mod shape;
mod stats;

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

/// A number as the other operand of an in-place op or a division: a 0-dim tensor of the dtype
/// PyTorch wraps it in (a float in the tensor's floating dtype or the default one, an int in
/// the tensor's dtype or int64 beside bool, a bool as bool: `x -= True` is the bool-operand
/// error, as in PyTorch).
fn number_operand(like: &Tensor, s: Scalar) -> Tensor {
    let dt = match s {
        Scalar::Float(_) if !like.dtype().is_floating_point() => ferrograd::get_default_dtype(),
        Scalar::Int(_) if like.dtype() == DType::Bool => DType::Int64,
        Scalar::Bool(_) => DType::Bool,
        _ => like.dtype(),
    };
    Tensor::from_scalar(s, dt)
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

/// A Python `alpha=` of `name` as a number (`None` when not given).
fn alpha_of(alpha: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Scalar>> {
    let Some(alpha) = alpha else { return Ok(None) };
    match convert::scalar(alpha)? {
        Some(s) => Ok(Some(s)),
        None => Err(type_err(format!(
            "{name}(): argument 'alpha' must be Number, not {}",
            type_name(alpha)
        ))),
    }
}

/// `a + alpha * b` (`Add`), `a - alpha * b` (`Sub`) or `b - alpha * a` (`RSub`, PyTorch's
/// `rsub`): one node that keeps `alpha`, rounded once, as PyTorch computes them.
fn alpha_bin_op(a: &Tensor, b: &Arg, op: Bin, alpha: Scalar) -> ferrograd::Result<Tensor> {
    match (op, b) {
        (Bin::Add, Arg::T(b)) => a.try_add_alpha(b, alpha),
        (Bin::Add, Arg::S(s)) => a.try_add_scalar_alpha(*s, alpha),
        (Bin::Sub, Arg::T(b)) => a.try_sub_alpha(b, alpha),
        (Bin::Sub, Arg::S(s)) => a.try_sub_scalar_alpha(*s, alpha),
        (Bin::RSub, Arg::T(b)) => a.try_rsub(b, alpha),
        (Bin::RSub, Arg::S(s)) => a.try_rsub_scalar_alpha(*s, alpha),
        _ => unreachable!("alpha scales additions and subtractions"),
    }
}

/// `add`, `sub` or `rsub` of `t` and `b` (see [`alpha_bin_op`]), with or without `alpha`.
fn with_alpha(
    py: Python<'_>,
    t: &Tensor,
    b: &Arg,
    which: Bin,
    alpha: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<PyTensor> {
    let n = size_of(t, b);
    match alpha_of(alpha, name)? {
        Some(s) => op(py, n, || alpha_bin_op(t, b, which, s)),
        // `torch.rsub` of two tensors is a node of its own (`RsubBackward0`)
        None if matches!((which, b), (Bin::RSub, Arg::T(_))) => {
            op(py, n, || alpha_bin_op(t, b, which, Scalar::Int(1)))
        }
        None => op(py, n, || bin_op(t, b, which)),
    }
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
#[ferrograd_py_macros::catch_panics]
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
#[ferrograd_py_macros::catch_panics]
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
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn is_floating_point(input: &Bound<'_, PyTensor>) -> bool {
    input.get().t.dtype().is_floating_point()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    elementwise::unary_fns::register(m)?;
    m.add_function(wrap_pyfunction!(arithmetic::neg_fn, m)?)?;
    m.add_function(wrap_pyfunction!(reductions::norm_fn, m)?)?;
    m.add_function(wrap_pyfunction!(reductions::vector_norm, m)?)?;
    m.add_function(wrap_pyfunction!(arithmetic::add, m)?)?;
    m.add_function(wrap_pyfunction!(arithmetic::sub, m)?)?;
    m.add_function(wrap_pyfunction!(arithmetic::rsub, m)?)?;
    m.add_function(wrap_pyfunction!(arithmetic::mul, m)?)?;
    m.add_function(wrap_pyfunction!(arithmetic::div, m)?)?;
    m.add_function(wrap_pyfunction!(rounding::floor_divide, m)?)?;
    m.add_function(wrap_pyfunction!(arithmetic::pow, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::matmul, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::_linalg_solve, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::_linalg_solve_right, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::_linalg_inv, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::_linalg_det, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::_linalg_slogdet, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::_linalg_svd, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::_linalg_svdvals, m)?)?;
    m.add(
        "_LinAlgError",
        m.py().get_type::<crate::errors::LinAlgError>(),
    )?;
    m.add_function(wrap_pyfunction!(linalg::mm, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::mv, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::dot, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::outer, m)?)?;
    m.add("clamp", wrap_pyfunction!(elementwise::clamp_fn, m)?)?;
    m.add("clip", wrap_pyfunction!(elementwise::clamp_fn, m)?)?;
    m.add_function(wrap_pyfunction!(elementwise::where_fn, m)?)?;
    m.add_function(wrap_pyfunction!(shape::cat, m)?)?;
    m.add("concat", wrap_pyfunction!(shape::cat, m)?)?;
    m.add("concatenate", wrap_pyfunction!(shape::cat, m)?)?;
    m.add_function(wrap_pyfunction!(shape::stack, m)?)?;
    m.add_function(wrap_pyfunction!(elementwise::isclose, m)?)?;
    m.add_function(wrap_pyfunction!(elementwise::allclose, m)?)?;
    m.add_function(wrap_pyfunction!(elementwise::equal, m)?)?;
    m.add_function(wrap_pyfunction!(reductions::all, m)?)?;
    m.add_function(wrap_pyfunction!(reductions::any, m)?)?;
    m.add_function(wrap_pyfunction!(numel, m)?)?;
    m.add_function(wrap_pyfunction!(is_tensor, m)?)?;
    m.add_function(wrap_pyfunction!(is_floating_point, m)?)?;
    m.add_function(wrap_pyfunction!(nn::cross_entropy, m)?)?;
    m.add_function(wrap_pyfunction!(nn::nll_loss, m)?)?;
    m.add_function(wrap_pyfunction!(nn::mse_loss, m)?)?;
    m.add_function(wrap_pyfunction!(nn::linear, m)?)?;
    m.add_function(wrap_pyfunction!(losses::l1_loss, m)?)?;
    m.add_function(wrap_pyfunction!(losses::smooth_l1_loss, m)?)?;
    m.add_function(wrap_pyfunction!(losses::huber_loss, m)?)?;
    m.add_function(wrap_pyfunction!(losses::binary_cross_entropy, m)?)?;
    m.add_function(wrap_pyfunction!(
        losses::binary_cross_entropy_with_logits,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(losses::kl_div, m)?)?;
    m.add_function(wrap_pyfunction!(losses::embedding, m)?)?;
    m.add_function(wrap_pyfunction!(losses::bilinear, m)?)?;
    m.add_function(wrap_pyfunction!(linalg::addmm, m)?)?;
    m.add_function(wrap_pyfunction!(conv::convolution, m)?)?;
    m.add_function(wrap_pyfunction!(gather::einsum, m)?)?;
    m.add_function(wrap_pyfunction!(gather::one_hot, m)?)?;
    m.add_function(wrap_pyfunction!(stats::var_mean, m)?)?;
    m.add_function(wrap_pyfunction!(stats::std_mean, m)?)?;
    pooling::register(m)?;
    Ok(())
}
