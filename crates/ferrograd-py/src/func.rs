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

/// Whether `obj` is one of `ferrograd._batched`'s tensors (a batched tensor of `vmap` or a
/// meta tensor): a tensor, never a number, even when its examples are 0-dim.
pub fn is_wrapped_tensor(obj: &Bound<'_, PyAny>) -> bool {
    BATCHED
        .get(obj.py())
        .is_some_and(|(cls, _)| obj.is_instance(cls.bind(obj.py())).unwrap_or(false))
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

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_set_batched_dispatch, m)?)?;
    m.add_function(wrap_pyfunction!(_captures_grad, m)?)?;
    Ok(())
}
