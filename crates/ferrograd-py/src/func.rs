//! `torch.func`'s hooks in the extension: the vmap level of the current thread (entered by
//! `ferrograd.func.vmap`), under which `.item()` and truth-testing a tensor raise PyTorch's
//! vmap errors. The transforms themselves are `python/ferrograd/func.py`.

use ferrograd::func::VmapLevel;
use pyo3::prelude::*;
use std::cell::RefCell;

thread_local! {
    /// The vmap levels entered from Python on this thread, innermost last.
    static LEVELS: RefCell<Vec<VmapLevel>> = const { RefCell::new(Vec::new()) };
}

/// PyTorch's error for `.item()` on a tensor inside vmap.
pub const ITEM_IN_VMAP: &str = "vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over calling .item() on a Tensor, please try to rewrite what you're doing with other operations. If error is occurring somewhere inside PyTorch internals, please file a bug report.";

/// PyTorch's error for a tensor used as a condition inside vmap.
pub const CONTROL_FLOW_IN_VMAP: &str = "vmap: It looks like you're attempting to use a Tensor in some data-dependent control flow. We don't support that yet, please file an issue at https://github.com/pytorch/pytorch/issues .";

/// Enters a vmap level on this thread; returns the new depth.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _vmap_increment_nesting() -> usize {
    LEVELS.with(|l| {
        let mut l = l.borrow_mut();
        l.push(VmapLevel::enter());
        l.len()
    })
}

/// Leaves the innermost vmap level of this thread; returns the new depth.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _vmap_decrement_nesting() -> usize {
    LEVELS.with(|l| {
        let mut l = l.borrow_mut();
        l.pop();
        l.len()
    })
}

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

/// `(BatchedTensor class, dispatch function)` of `ferrograd._batched`, once it is imported.
static BATCHED: pyo3::sync::PyOnceLock<(Py<PyAny>, Py<PyAny>)> = pyo3::sync::PyOnceLock::new();

/// Registers `ferrograd._batched`'s batched tensor class and its `dispatch(name, fn, args,
/// kwargs)`: the op-table functions hand a batched tensor to it.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_batched_dispatch(py: Python<'_>, cls: Py<PyAny>, dispatch: Py<PyAny>) -> PyResult<()> {
    let _ = BATCHED.set(py, (cls, dispatch));
    Ok(())
}

/// The op-table function `name` called with `input` that is not a tensor: a batched tensor
/// of `vmap` goes through `dispatch`; anything else raises `err` (the argument's type error).
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
    if !input.get_type().is(cls.bind(py)) {
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
    m.add_function(wrap_pyfunction!(_vmap_increment_nesting, m)?)?;
    m.add_function(wrap_pyfunction!(_vmap_decrement_nesting, m)?)?;
    Ok(())
}
