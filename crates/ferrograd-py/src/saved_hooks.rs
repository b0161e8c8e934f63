//! `torch.autograd.graph.saved_tensors_hooks` over the library's saved-tensor hooks: Python's
//! `pack_hook` and `unpack_hook` called back with the interpreter held.

use crate::convert::type_name;
use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::autograd::{
    disable_saved_tensors_hooks, saved_tensors_hooks, Packed, SavedTensorHooks,
    SavedTensorHooksGuard,
};
use ferrograd::{Error, ErrorKind, Tensor};
use pyo3::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    /// The guards of the `with` blocks entered on this thread, innermost last.
    static GUARDS: RefCell<Vec<SavedTensorHooksGuard>> = const { RefCell::new(Vec::new()) };
}

struct PyHooks {
    pack: Py<PyAny>,
    unpack: Py<PyAny>,
}

/// A Python exception as a library error (its type name kept in the message).
fn lib_err(e: PyErr) -> Error {
    let msg = Python::attach(|py| {
        let name = e
            .get_type(py)
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        format!("{name}: {}", e.value(py))
    });
    Error::new(ErrorKind::Runtime, msg)
}

impl SavedTensorHooks for PyHooks {
    fn pack(&self, t: &Tensor) -> ferrograd::Result<Packed> {
        Python::attach(|py| {
            let r = self.pack.bind(py).call1((PyTensor::from(t.clone()),))?;
            Ok::<Packed, PyErr>(Box::new(r.unbind()))
        })
        .map_err(lib_err)
    }

    fn unpack(&self, packed: &Packed) -> ferrograd::Result<Tensor> {
        Python::attach(|py| {
            let obj = packed
                .downcast_ref::<Py<PyAny>>()
                .ok_or_else(|| runtime("saved tensor packed by other hooks"))?;
            let r = self.unpack.bind(py).call1((obj.bind(py),))?;
            match r.cast::<PyTensor>() {
                Ok(t) => Ok(t.get().t.clone()),
                Err(_) => Err(type_err(format!(
                    "Output of saved tensor unpack_hook expected to be a Tensor but got result of type {}",
                    type_name(&r)
                ))),
            }
        })
        .map_err(|e: PyErr| {
            let msg = e.to_string();
            crate::autograd::stash_hook_error(e);
            Error::new(ErrorKind::Runtime, msg)
        })
    }
}

/// Enters a `saved_tensors_hooks` block on this thread.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _push_saved_tensors_hooks(pack_hook: Py<PyAny>, unpack_hook: Py<PyAny>) -> PyResult<()> {
    let g = saved_tensors_hooks(Arc::new(PyHooks {
        pack: pack_hook,
        unpack: unpack_hook,
    }))
    .py()?;
    GUARDS.with(|s| s.borrow_mut().push(g));
    Ok(())
}

/// Enters a `disable_saved_tensors_hooks(error_message)` block on this thread.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _disable_saved_tensors_hooks(error_message: &str) {
    let g = disable_saved_tensors_hooks(error_message);
    GUARDS.with(|s| s.borrow_mut().push(g));
}

/// Leaves the innermost block entered by the two functions above.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _pop_saved_tensors_hooks() {
    let g = GUARDS.with(|s| s.borrow_mut().pop());
    drop(g);
}

/// `torch.autograd.graph.increment_version`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _increment_version(t: &Bound<'_, PyTensor>) {
    ferrograd::autograd::increment_version(&t.get().t);
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_push_saved_tensors_hooks, m)?)?;
    m.add_function(wrap_pyfunction!(_disable_saved_tensors_hooks, m)?)?;
    m.add_function(wrap_pyfunction!(_pop_saved_tensors_hooks, m)?)?;
    m.add_function(wrap_pyfunction!(_increment_version, m)?)?;
    Ok(())
}
