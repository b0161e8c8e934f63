//! `Display`/`Debug` for tensors (PyTorch's repr) and [`PyRepr`], Python-style printing of
//! optional values and booleans.

use super::format::{format_tensor, FormatData};
use super::{Buffer, Tensor};
use crate::autograd::GradFn;
use std::fmt;

impl Tensor {
    /// The repr with explicit extra suffixes (after dtype), e.g. a `tangent=` suffix.
    pub(crate) fn repr_with(&self, extra: &[String]) -> String {
        let data = self.contiguous_copy();
        let buf = data.0.storage.read();
        let fd = match &*buf {
            Buffer::F32(v) => FormatData::F32(v),
            Buffer::F64(v) => FormatData::F64(v),
            Buffer::I64(v) => FormatData::I64(v),
            Buffer::Bool(v) => FormatData::Bool(v),
        };
        format_tensor(self.shape(), fd, extra)
    }

    pub(crate) fn autograd_suffixes(&self) -> Vec<String> {
        let m = self.meta();
        let mut s = if let Some(gf) = &m.grad_fn {
            vec![format!("grad_fn=<{}>", gf.name())]
        } else if m.requires_grad {
            vec!["requires_grad=True".to_string()]
        } else {
            vec![]
        };
        if let Some(t) = &m.tangent {
            // A 0-dim tangent prints as a Python float, others as their own repr.
            s.push(if t.dim() == 0 {
                format!("tangent={:?}", t.item())
            } else {
                format!("tangent={}", t.repr_with(&[]))
            });
        }
        s
    }
}

impl fmt::Display for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr_with(&self.autograd_suffixes()))
    }
}

impl fmt::Debug for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Python-style printing: `None` for a missing value, `True`/`False` for booleans, and the
/// PyTorch repr for tensors, so Rust code can print exactly what a Python script prints.
///
/// ```
/// use ferrograd::{PyRepr, Tensor};
/// let x = Tensor::new(3.0).requires_grad_(true);
/// assert_eq!(x.grad().py().to_string(), "None");
/// assert_eq!(x.is_leaf().py().to_string(), "True");
/// assert_eq!(x.grad_fn().py().to_string(), "None");
/// ```
pub trait PyRepr {
    /// A value that displays as Python would print `self`.
    fn py(&self) -> PyDisplay<'_, Self> {
        PyDisplay(self)
    }
    /// Writes the Python form.
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

/// The [`Display`](fmt::Display) adapter returned by [`PyRepr::py`].
pub struct PyDisplay<'a, T: ?Sized>(&'a T);

impl<T: PyRepr + ?Sized> fmt::Display for PyDisplay<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_py(f)
    }
}

/// Python's `None`, the value of a call that returns nothing (like `retain_grad()`).
impl PyRepr for () {
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("None")
    }
}

impl PyRepr for bool {
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if *self { "True" } else { "False" })
    }
}
impl PyRepr for Tensor {
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
impl PyRepr for GradFn {
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
impl<T: PyRepr> PyRepr for Option<T> {
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(v) => v.fmt_py(f),
            None => f.write_str("None"),
        }
    }
}
impl PyRepr for crate::tensor::Size {
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
