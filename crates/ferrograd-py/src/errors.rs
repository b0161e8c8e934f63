//! Library errors as Python exceptions of the class PyTorch raises, and panics kept from
//! reaching Python as crashes.

use ferrograd::{Error, ErrorKind};
use pyo3::exceptions::{
    PyIndexError, PyNotImplementedError, PyRuntimeError, PyTypeError, PyValueError,
};
use pyo3::PyErr;
use std::panic::{catch_unwind, AssertUnwindSafe};

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
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
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
