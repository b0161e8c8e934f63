//! Library errors as Python exceptions of the class PyTorch raises, and panics kept from
//! reaching Python as crashes.

use ferrograd::{Error, ErrorKind};
use pyo3::exceptions::{
    PyIndexError, PyNotImplementedError, PyRuntimeError, PyTypeError, PyValueError,
};
use pyo3::PyErr;
use std::panic::{catch_unwind, AssertUnwindSafe};

pyo3::create_exception!(
    ferrograd,
    _LinAlgError,
    PyRuntimeError,
    "Error raised by torch.linalg functions when the cause of error is a numerical inconsistency \
     in the data, such as a singular matrix."
);
/// `torch.linalg.LinAlgError`.
pub use _LinAlgError as LinAlgError;

/// The Python exception for a library error: `RuntimeError`, `IndexError`, `TypeError` or
/// `ValueError`, with PyTorch's message.
pub fn to_py(e: Error) -> PyErr {
    let msg = e.message().to_string();
    match e.kind() {
        ErrorKind::Runtime => PyRuntimeError::new_err(msg),
        ErrorKind::Index => PyIndexError::new_err(msg),
        ErrorKind::Type => PyTypeError::new_err(msg),
        ErrorKind::Value => PyValueError::new_err(msg),
        ErrorKind::NotImplemented => PyNotImplementedError::new_err(msg),
        ErrorKind::LinAlg => LinAlgError::new_err(msg),
    }
}

/// Library results in Python form.
pub trait IntoPyResult<T> {
    /// Converts the error, if any, to its Python exception.
    fn py(self) -> pyo3::PyResult<T>;
}

impl<T> IntoPyResult<T> for ferrograd::Result<T> {
    #[inline]
    fn py(self) -> pyo3::PyResult<T> {
        self.map_err(to_py)
    }
}

/// Runs a library call that has no fallible form, turning a panic into a `RuntimeError` with the
/// panic's message instead of aborting the interpreter.
pub fn guard<T>(f: impl FnOnce() -> T) -> pyo3::PyResult<T> {
    guard_value(f)
}

thread_local! {
    /// How many guarded binding bodies are running on this thread (their panics are reported
    /// as Python exceptions, so the panic hook stays quiet for them).
    static GUARDED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The body of a binding (wrapped by `#[catch_panics]`): a panic becomes a `RuntimeError` with
/// the panic's message, so no `PanicException` reaches Python.
pub fn guard_value<T>(f: impl FnOnce() -> T) -> pyo3::PyResult<T> {
    GUARDED.with(|g| g.set(g.get() + 1));
    let r = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get() - 1));
    r.map_err(|payload| {
        let msg = if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else {
            "internal error".to_string()
        };
        PyRuntimeError::new_err(msg)
    })
}

/// [`guard_value`] for a body that returns a `PyResult`.
pub fn guard_result<T>(f: impl FnOnce() -> pyo3::PyResult<T>) -> pyo3::PyResult<T> {
    guard_value(f).and_then(|r| r)
}

/// Installs a panic hook that prints nothing for panics inside guarded bindings (they become
/// Python exceptions with the same message) and defers to the previous hook otherwise.
pub fn install_quiet_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(|g| g.get()) == 0 {
            previous(info);
        }
    }));
}

pub fn runtime(msg: impl Into<String>) -> PyErr {
    PyRuntimeError::new_err(msg.into())
}

pub fn type_err(msg: impl Into<String>) -> PyErr {
    PyTypeError::new_err(msg.into())
}

pub fn value_err(msg: impl Into<String>) -> PyErr {
    PyValueError::new_err(msg.into())
}

pub fn index_err(msg: impl Into<String>) -> PyErr {
    PyIndexError::new_err(msg.into())
}

/// `_ferrograd._panic_for_tests(msg)`: panics with `msg`, so tests can check that a panic in a
/// binding reaches Python as a `RuntimeError` (not part of the public API).
#[ferrograd_py_macros::catch_panics]
#[pyo3::pyfunction]
pub fn _panic_for_tests(msg: String) {
    panic!("{msg}");
}
