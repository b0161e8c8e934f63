//! Forward-mode AD (`torch.autograd.forward_ad`): the dual level of the current thread, and
//! `make_dual` / `unpack_dual`. The Python layer (`ferrograd/autograd/forward_ad.py`) adds the
//! `dual_level` context manager, level numbers and the `UnpackedDualTensor` namedtuple.

use crate::errors::{runtime, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::autograd::forward_ad::{self, DualLevel};
use pyo3::prelude::*;
use std::cell::RefCell;

thread_local! {
    /// The dual level entered on this thread (tangents are dropped when it ends).
    static LEVEL: RefCell<Option<DualLevel>> = const { RefCell::new(None) };
}

/// Enters a dual level on this thread; levels do not nest.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _enter_dual_level() -> PyResult<i64> {
    let level = forward_ad::dual_level().py()?;
    LEVEL.with(|l| *l.borrow_mut() = Some(level));
    Ok(0)
}

/// Ends this thread's dual level: every tangent created in it is dropped.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _exit_dual_level() -> PyResult<()> {
    let level = LEVEL.with(|l| l.borrow_mut().take());
    match level {
        Some(level) => {
            drop(level);
            Ok(())
        }
        None => Err(runtime("Dual level must be a positive number.")),
    }
}

/// A dual tensor: `primal` (sharing its storage) carrying `tangent`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _make_dual(primal: &Bound<'_, PyTensor>, tangent: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    forward_ad::make_dual(&primal.get().t, &tangent.get().t)
        .py()
        .map(PyTensor::from)
}

/// The primal (a view without tangent) and the tangent (or `None`) of a tensor.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _unpack_dual(t: &Bound<'_, PyTensor>) -> (PyTensor, Option<PyTensor>) {
    let (p, d) = forward_ad::unpack_dual(&t.get().t);
    (p.into(), d.map(PyTensor::from))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_enter_dual_level, m)?)?;
    m.add_function(wrap_pyfunction!(_exit_dual_level, m)?)?;
    m.add_function(wrap_pyfunction!(_make_dual, m)?)?;
    m.add_function(wrap_pyfunction!(_unpack_dual, m)?)?;
    Ok(())
}
