//! The bindings behind `torch.nn.init` (`python/ferrograd/nn/init.py`): argument handling is
//! Python's, the formulas and draws are `ferrograd::nn::init`.

use crate::errors::{type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::nn::init;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// `_init_fill(tensor, name, *numbers)`: runs the named `nn::init` function on the tensor and
/// returns the same tensor object.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (tensor, name, *args, generator=None))]
fn _init_fill<'py>(
    tensor: &Bound<'py, PyTensor>,
    name: &str,
    args: &Bound<'py, PyTuple>,
    generator: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTensor>> {
    let t = &tensor.get().t;
    let g = crate::random::gen_arg(generator)?;
    let g = g.as_ref();
    let a: Vec<f64> = args.extract()?;
    let n = |i: usize| a.get(i).copied().unwrap_or(0.0);
    match name {
        "uniform_" => init::uniform_with(t, n(0), n(1), g),
        "normal_" => init::normal_with(t, n(0), n(1), g),
        "trunc_normal_" => init::trunc_normal_with(t, n(0), n(1), n(2), n(3), g),
        "constant_" => init::constant_(t, n(0)),
        "ones_" => init::ones_(t),
        "zeros_" => init::zeros_(t),
        "eye_" => init::eye_(t),
        "xavier_uniform_" => init::xavier_uniform_with(t, n(0), g),
        "xavier_normal_" => init::xavier_normal_with(t, n(0), g),
        other => return Err(type_err(format!("unknown init function {other}"))),
    }
    .py()?;
    Ok(tensor.clone())
}

/// `_init_kaiming(tensor, name, a, mode, nonlinearity)`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (tensor, name, a, mode, nonlinearity, generator=None))]
fn _init_kaiming<'py>(
    tensor: &Bound<'py, PyTensor>,
    name: &str,
    a: f64,
    mode: &str,
    nonlinearity: &str,
    generator: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTensor>> {
    let t = &tensor.get().t;
    let g = crate::random::gen_arg(generator)?;
    if name == "kaiming_normal_" {
        init::kaiming_normal_with(t, a, mode, nonlinearity, g.as_ref()).py()?;
    } else {
        init::kaiming_uniform_with(t, a, mode, nonlinearity, g.as_ref()).py()?;
    }
    Ok(tensor.clone())
}

/// `_init_calculate_gain(nonlinearity, param)`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (nonlinearity, param=None))]
fn _init_calculate_gain(nonlinearity: &str, param: Option<f64>) -> PyResult<f64> {
    init::calculate_gain(nonlinearity, param).py()
}

/// `_init_fan_in_and_fan_out(tensor)`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _init_fan_in_and_fan_out(tensor: &Bound<'_, PyTensor>) -> PyResult<(usize, usize)> {
    init::calculate_fan_in_and_fan_out(&tensor.get().t).py()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_init_fill, m)?)?;
    m.add_function(wrap_pyfunction!(_init_kaiming, m)?)?;
    m.add_function(wrap_pyfunction!(_init_calculate_gain, m)?)?;
    m.add_function(wrap_pyfunction!(_init_fan_in_and_fan_out, m)?)?;
    Ok(())
}
