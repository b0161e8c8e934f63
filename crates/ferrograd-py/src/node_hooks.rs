//! Hooks on graph nodes: `grad_fn.register_hook(hook(grad_inputs, grad_outputs))` and
//! `grad_fn.register_prehook(hook(grad_outputs))`. The library checks what they return (count,
//! dtype, size); here Python's values become gradients, with PyTorch's `TypeError`s.

use crate::autograd::{stash, PyHookHandle, PyHookState, PyNode};
use crate::convert::type_name;
use crate::errors::type_err;
use crate::tensor::PyTensor;
use ferrograd::autograd::NodeHook;
use ferrograd::Tensor;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The callable of a node hook, for the garbage collector (see `PyTensor::__traverse__`).
pub(crate) struct PyNodeHookState(pub(crate) Py<PyAny>, Arc<AtomicBool>);

/// PyTorch's name of a hook in messages: its `__name__`, else `<unknown>`.
fn hook_name(hook: &Bound<'_, PyAny>) -> String {
    hook.getattr("__name__")
        .ok()
        .and_then(|n| n.extract::<String>().ok())
        .unwrap_or_else(|| "<unknown>".to_string())
}

/// Gradients as a Python tuple (`None` for missing ones).
fn grads_tuple<'py>(py: Python<'py>, grads: &[Option<Tensor>]) -> PyResult<Bound<'py, PyTuple>> {
    let items: Vec<Bound<'py, PyAny>> = grads
        .iter()
        .map(|g| match g {
            Some(t) => Ok(Bound::new(py, PyTensor::from(t.clone()))?.into_any()),
            None => Ok(py.None().into_bound(py)),
        })
        .collect::<PyResult<_>>()?;
    PyTuple::new(py, items)
}

/// What a node hook returned: `None`, or a tuple (or list) of tensors and `None`s.
fn returned_grads(r: &Bound<'_, PyAny>) -> PyResult<Option<Vec<Option<Tensor>>>> {
    if r.is_none() {
        return Ok(None);
    }
    let items: Vec<Bound<'_, PyAny>> = if let Ok(t) = r.cast::<PyTuple>() {
        t.iter().collect()
    } else if let Ok(l) = r.cast::<PyList>() {
        l.iter().collect()
    } else {
        return Err(type_err(format!(
            "expected tuple, but hook returned '{}'",
            type_name(r)
        )));
    };
    items
        .iter()
        .map(|g| {
            if g.is_none() {
                Ok(None)
            } else if let Ok(t) = g.cast::<PyTensor>() {
                Ok(Some(t.get().t.clone()))
            } else {
                Err(type_err(format!(
                    "expected Variable, but hook returned '{}'",
                    type_name(g)
                )))
            }
        })
        .collect::<PyResult<_>>()
        .map(Some)
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyNode {
    /// register_hook(hook) -> RemovableHandle
    ///
    /// Registers a hook run after this node computed the gradients of its inputs:
    /// ``hook(grad_inputs, grad_outputs) -> tuple of Tensor or None``. A returned tuple replaces
    /// ``grad_inputs`` (one entry per input, same shapes and dtypes).
    fn register_hook(&self, hook: &Bound<'_, PyAny>) -> PyHookHandle {
        let enabled = Arc::new(AtomicBool::new(true));
        let state = Arc::new(PyNodeHookState(hook.clone().unbind(), enabled.clone()));
        let st = state.clone();
        let h = NodeHook::new(move |grad_inputs, grad_outputs| {
            if !st.1.load(Ordering::Acquire) {
                return Ok(None);
            }
            Python::attach(|py| {
                let gi = grads_tuple(py, grad_inputs)?;
                let go = grads_tuple(py, grad_outputs)?;
                let r = st.0.call1(py, (gi, go))?;
                returned_grads(r.bind(py))
            })
            .map_err(stash)
        })
        .named(&hook_name(hook))
        .with_state(state);
        self.f.register_hook(h);
        PyHookHandle { enabled }
    }

    /// register_prehook(hook) -> RemovableHandle
    ///
    /// Registers a hook run on the gradients of this node's outputs before the node runs:
    /// ``hook(grad_outputs) -> tuple of Tensor or None`` (one gradient per output, ``None``
    /// for an output that received none).
    fn register_prehook(&self, hook: &Bound<'_, PyAny>) -> PyHookHandle {
        let name = hook_name(hook);
        let enabled = Arc::new(AtomicBool::new(true));
        let state = Arc::new(PyHookState {
            f: hook.clone().unbind(),
            enabled: enabled.clone(),
        });
        let st = state.clone();
        let h = NodeHook::new(move |grad_outputs, _| {
            if !st.enabled.load(Ordering::Acquire) {
                return Ok(None);
            }
            Python::attach(|py| {
                let go = grads_tuple(py, grad_outputs)?;
                let r = st.f.call1(py, (go,))?;
                returned_grads(r.bind(py))
            })
            .map_err(stash)
        })
        .named(&name)
        .with_state(state);
        self.f.register_outputs_prehook(h);
        PyHookHandle { enabled }
    }
}
