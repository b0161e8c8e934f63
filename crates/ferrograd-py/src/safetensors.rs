//! The safetensors format for Python (`ferrograd.safetensors`, as `safetensors.torch`): bytes
//! to and from `(name, tensor)` pairs, through `ferrograd::serialize`.

use crate::tensor::PyTensor;
use ferrograd::serialize;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// The safetensors bytes of the named tensors.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _safetensors_dumps<'py>(
    py: Python<'py>,
    names: Vec<String>,
    tensors: Vec<PyRef<'py, PyTensor>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let items: Vec<(String, ferrograd::Tensor)> = names
        .into_iter()
        .zip(tensors.iter().map(|t| t.t.clone()))
        .collect();
    let bytes = serialize::to_safetensors(&items)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The named tensors of safetensors bytes, in the file's order.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _safetensors_loads(data: &[u8]) -> PyResult<Vec<(String, PyTensor)>> {
    let items = serialize::from_safetensors(data)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    Ok(items
        .into_iter()
        .map(|(n, t)| (n, PyTensor::from(t)))
        .collect())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_safetensors_dumps, m)?)?;
    m.add_function(wrap_pyfunction!(_safetensors_loads, m)?)?;
    Ok(())
}
