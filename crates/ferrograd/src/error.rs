//! The one error type of the library.
//!
//! Every fallible operation has a `try_` form returning [`Result`]; the plain form panics with the
//! same text. Messages follow PyTorch's word for word where PyTorch has one, and the [`ErrorKind`]
//! names the Python exception PyTorch raises, so bindings can raise the same class.

use std::fmt;

/// Which Python exception PyTorch raises for this error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `RuntimeError`: shape mismatches, autograd misuse, in-place conflicts.
    Runtime,
    /// `IndexError`: a dimension or index out of range.
    Index,
    /// `TypeError`: an argument of the wrong kind.
    Type,
    /// `ValueError`: a malformed value, such as a ragged nested list.
    Value,
    /// `NotImplementedError` (a `RuntimeError` in Python): a combination of options that
    /// PyTorch does not implement either.
    NotImplemented,
    /// `torch.linalg.LinAlgError` (a `RuntimeError`): a singular matrix where an inverse is
    /// needed.
    LinAlg,
}

impl ErrorKind {
    /// The Python exception class name (`"RuntimeError"`, ...).
    ///
    /// ```
    /// assert_eq!(ferrograd::ErrorKind::Index.python_name(), "IndexError");
    /// ```
    pub fn python_name(self) -> &'static str {
        match self {
            ErrorKind::Runtime => "RuntimeError",
            ErrorKind::Index => "IndexError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Value => "ValueError",
            ErrorKind::NotImplemented => "NotImplementedError",
            ErrorKind::LinAlg => "_LinAlgError",
        }
    }
}

/// An error from a tensor operation or from autograd.
///
/// ```
/// use ferrograd::Tensor;
/// let a = Tensor::zeros(&[2]);
/// let b = Tensor::zeros(&[3]);
/// let err = a.try_add(&b).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error {
    /// An error of the given kind with the given message.
    ///
    /// ```
    /// let e = ferrograd::Error::new(ferrograd::ErrorKind::Value, "bad");
    /// assert_eq!(e.message(), "bad");
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }
    /// Which Python exception this corresponds to.
    ///
    /// ```
    /// let e = ferrograd::Error::new(ferrograd::ErrorKind::Type, "bad");
    /// assert_eq!(e.kind(), ferrograd::ErrorKind::Type);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The message, as PyTorch words it.
    ///
    /// ```
    /// let e = ferrograd::Error::new(ferrograd::ErrorKind::Runtime, "oops");
    /// assert_eq!(e.message(), "oops");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// `Result<T, ferrograd::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn runtime(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Runtime, msg)
}
pub(crate) fn not_implemented(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::NotImplemented, msg)
}
pub(crate) fn index_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Index, msg)
}
pub(crate) fn value_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Value, msg)
}
pub(crate) fn type_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Type, msg)
}

/// Unwraps a result, panicking with the error's own message (the plain, non-`try_` forms).
#[track_caller]
pub(crate) fn unwrap<T>(r: Result<T>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{}", e.message),
    }
}
