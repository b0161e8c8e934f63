//! `torch.func`'s hooks in the extension: the check that a transform's results depend on
//! tensors other than its own inputs, and the hand-off of `vmap`'s batched tensors from the
//! op-table functions to `ferrograd._batched`. The transforms themselves are
//! `python/ferrograd/func.py`.

use pyo3::prelude::*;

/// Whether `outs` depend on a tensor that requires grad other than `own` (the transform's own
/// inputs), with grad mode on: a transform's results then stay differentiable.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _captures_grad(
    outs: Vec<PyRef<'_, crate::tensor::PyTensor>>,
    own: Vec<PyRef<'_, crate::tensor::PyTensor>>,
) -> bool {
    ferrograd::func::captures_grad(
        &crate::functional::tensors(outs),
        &crate::functional::tensors(own),
    )
}

/// `(wrapper class, dispatch function)` of `ferrograd._batched`, once it is imported: the base
/// class of `vmap`'s batched tensors and of meta tensors.
static BATCHED: pyo3::sync::PyOnceLock<(Py<PyAny>, Py<PyAny>)> = pyo3::sync::PyOnceLock::new();

/// Registers `ferrograd._batched`'s wrapper class (batched and meta tensors) and its
/// `dispatch(name, fn, args, kwargs)`: the op-table functions hand such a tensor to it.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_batched_dispatch(py: Python<'_>, cls: Py<PyAny>, dispatch: Py<PyAny>) -> PyResult<()> {
    let _ = BATCHED.set(py, (cls, dispatch));
    Ok(())
}

/// The op-table function `name` called with `input` that is not a tensor: a batched tensor
/// of `vmap` or a meta tensor goes through `dispatch`; anything else raises `err` (the
/// argument's type error).
pub fn batched(
    py: Python<'_>,
    name: &str,
    input: &Bound<'_, PyAny>,
    params: &[f64],
    err: PyErr,
) -> PyResult<Py<PyAny>> {
    let Some((cls, dispatch)) = BATCHED.get(py) else {
        return Err(err);
    };
    if !input.is_instance(cls.bind(py))? {
        return Err(err);
    }
    let f = py.import("ferrograd._ferrograd")?.getattr(name)?;
    let mut args: Vec<Bound<'_, PyAny>> = vec![input.clone()];
    for p in params {
        args.push(pyo3::types::PyFloat::new(py, *p).into_any());
    }
    let args = pyo3::types::PyTuple::new(py, args)?;
    dispatch.call1(py, (name, f, args, pyo3::types::PyDict::new(py)))
}

/// `ferrograd._meta`'s `Tensor.to` for the meta device, once it is imported.
static META_TO: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();

/// Registers `ferrograd._meta`'s `to(tensor, *args, **kwargs)` for the meta device.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_meta_to(py: Python<'_>, f: Py<PyAny>) -> PyResult<()> {
    let _ = META_TO.set(py, f);
    Ok(())
}

/// Whether an argument of `Tensor.to` names the meta device: `'meta'` (or `'meta:0'`), a
/// `torch.device` of type `'meta'`, or a meta tensor (whose device the result takes).
pub fn names_meta(a: &Bound<'_, PyAny>) -> bool {
    if let Ok(s) = a.cast::<pyo3::types::PyString>() {
        return s
            .to_cow()
            .is_ok_and(|s| s == "meta" || s.starts_with("meta:"));
    }
    if a.is_none()
        || a.is_instance_of::<crate::convert::PyDType>()
        || a.cast::<crate::tensor::PyTensor>().is_ok()
        || a.is_instance_of::<pyo3::types::PyBool>()
    {
        return false;
    }
    if let Ok(t) = a.getattr("type") {
        if t.cast::<pyo3::types::PyString>()
            .is_ok_and(|t| t.to_cow().is_ok_and(|t| t == "meta"))
        {
            return true;
        }
    }
    a.getattr("is_meta")
        .is_ok_and(|m| m.is_truthy().unwrap_or(false))
}

/// `Tensor.to` for the meta device (see [`names_meta`]), through `ferrograd._meta`.
pub fn meta_to(
    slf: &Bound<'_, crate::tensor::PyTensor>,
    args: &Bound<'_, pyo3::types::PyTuple>,
    kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    let Some(f) = META_TO.get(py) else {
        return Err(crate::errors::runtime(
            "ferrograd runs on the CPU only; device 'meta' is not available",
        ));
    };
    let mut all = vec![slf.clone().into_any()];
    all.extend(args.iter());
    Ok(f.bind(py)
        .call(pyo3::types::PyTuple::new(py, all)?, kwargs)?
        .unbind())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_set_meta_to, m)?)?;
    m.add_function(wrap_pyfunction!(_set_batched_dispatch, m)?)?;
    m.add_function(wrap_pyfunction!(_captures_grad, m)?)?;
    Ok(())
}
