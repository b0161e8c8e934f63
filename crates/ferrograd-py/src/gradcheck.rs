//! The numerics of `torch.autograd.gradcheck` / `gradgradcheck`, from the library: the Python
//! layer (`ferrograd.autograd.gradcheck`) handles arguments, validation and PyTorch's messages,
//! and calls these with a function of the differentiable inputs (a tensor or a tuple of tensors).

use crate::functional::{list, tensors, PyFn};
use crate::tensor::PyTensor;
use ferrograd::autograd::{self, GradcheckOptions, Jacobians};
use ferrograd::Tensor;
use pyo3::prelude::*;

fn options(eps: f64, atol: f64, rtol: f64, fast_mode: bool) -> GradcheckOptions {
    GradcheckOptions {
        eps,
        atol,
        rtol,
        fast_mode,
    }
}

fn lists(j: Jacobians) -> Vec<Vec<PyTensor>> {
    j.into_iter().map(list).collect()
}

/// The library's `gradcheck` (slow mode, reverse mode) of `func` at `inputs` (those that require
/// grad): `None` when the gradients agree, PyTorch's `Jacobian mismatch ...` text when they do not.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, eps, atol, rtol))]
fn _gradcheck(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    eps: f64,
    atol: f64,
    rtol: f64,
) -> PyResult<Option<String>> {
    let f = PyFn::new(func, "gradcheck");
    let xs = tensors(inputs);
    let opts = options(eps, atol, rtol, false);
    let r = match autograd::gradcheck(|x: &[Tensor]| f.call(x), &xs, opts) {
        Ok(_) => Ok(None),
        Err(e) if e.message().starts_with("Jacobian mismatch for output") => {
            Ok(Some(e.message().to_string()))
        }
        Err(e) => Err(e),
    };
    f.finish(r)
}

/// Central differences of `func` at `inputs`: `jac[o][i]`, `numel(input i) × numel(output o)`,
/// in the output's dtype.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, eps))]
fn _numerical_jacobian(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    eps: f64,
) -> PyResult<Vec<Vec<PyTensor>>> {
    let f = PyFn::new(func, "gradcheck");
    let xs = tensors(inputs);
    let r = autograd::numerical_jacobian(|x: &[Tensor]| f.call(x), &xs, eps);
    f.finish(r).map(lists)
}

/// Analytical Jacobians of `func` at `inputs`, laid out as `_numerical_jacobian`'s: by reverse
/// mode (in the input's dtype), or by forward mode with dual tensors (in the output's dtype).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, forward))]
fn _analytical_jacobian(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    forward: bool,
) -> PyResult<Vec<Vec<PyTensor>>> {
    let f = PyFn::new(func, "gradcheck");
    let xs = tensors(inputs);
    let r = if forward {
        autograd::forward_jacobian(|x: &[Tensor]| f.call(x), &xs)
    } else {
        autograd::analytical_jacobian(|x: &[Tensor]| f.call(x), &xs)
    };
    f.finish(r).map(lists)
}

type Mismatch = (usize, usize, PyTensor, PyTensor);

/// Fast mode's check of `func` at `inputs`: `None`, or the first disagreement as
/// `(output, input, numerical, analytical)` (0-d `vᵀ·J·u` in reverse mode, `J·u` in forward mode).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, eps, atol, rtol, forward))]
fn _fast_mismatch(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    eps: f64,
    atol: f64,
    rtol: f64,
    forward: bool,
) -> PyResult<Option<Mismatch>> {
    let f = PyFn::new(func, "gradcheck");
    let xs = tensors(inputs);
    let opts = options(eps, atol, rtol, true);
    let r = autograd::fast_mismatch(|x: &[Tensor]| f.call(x), &xs, opts, forward);
    Ok(f.finish(r)?.map(|m| {
        (
            m.output,
            m.input,
            PyTensor::from(m.numerical),
            PyTensor::from(m.analytical),
        )
    }))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_gradcheck, m)?)?;
    m.add_function(wrap_pyfunction!(_numerical_jacobian, m)?)?;
    m.add_function(wrap_pyfunction!(_analytical_jacobian, m)?)?;
    m.add_function(wrap_pyfunction!(_fast_mismatch, m)?)?;
    Ok(())
}
