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
        // a view whose base changed gets its current history first (`grad_fn=<Invalid>` for an
        // output view of a multi-output node, as PyTorch prints it)
        drop(self.grad_fn());
        let Some(m) = self.meta_if_any() else {
            return vec![];
        };
        let mut s = if let Some(gf) = &m.grad_fn {
            vec![format!("grad_fn=<{}>", short_node_name(gf.name()))]
        } else if m.requires_grad {
            vec!["requires_grad=True".to_string()]
        } else {
            vec![]
        };
        if let Some(t) = &m.tangent {
            // A 0-dim tangent prints as a Python float (`Tensor.__format__`), others as their
            // own repr.
            s.push(if t.dim() == 0 {
                format!("tangent={}", t.item().py())
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
/// Python's `repr(float)`: the shortest digits that read back to the same value, in fixed
/// notation for decimal exponents -4 to 15 and scientific (`1e-05`, `1.5e+16`) outside.
///
/// ```
/// use ferrograd::PyRepr;
/// assert_eq!(1.0f64.py().to_string(), "1.0");
/// assert_eq!(1e-5f64.py().to_string(), "1e-05");
/// assert_eq!(0.0001f64.py().to_string(), "0.0001");
/// assert_eq!((-2.5e16f64).py().to_string(), "-2.5e+16");
/// assert_eq!(f64::NAN.py().to_string(), "nan");
/// ```
impl PyRepr for f64 {
    fn fmt_py(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = *self;
        if x.is_nan() {
            return f.write_str("nan");
        }
        if x.is_infinite() {
            return f.write_str(if x > 0.0 { "inf" } else { "-inf" });
        }
        // Rust's `{:e}` gives the shortest round-trip digits: `d.ddde±x`.
        let sci = format!("{x:e}");
        let (mant, exp) = sci.split_once('e').expect("`{:e}` has an exponent");
        let exp: i32 = exp.parse().expect("`{:e}` has an integer exponent");
        if (-4..16).contains(&exp) {
            let s = format!("{x}");
            if s.contains('.') {
                f.write_str(&s)
            } else {
                write!(f, "{s}.0")
            }
        } else {
            let sign = if exp < 0 { '-' } else { '+' };
            write!(f, "{mant}e{sign}{:02}", exp.abs())
        }
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

/// A node's name as PyTorch prints it in a tensor's repr: without a C++ namespace
/// (`torch::autograd::NotImplemented` prints as `NotImplemented`).
fn short_node_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `repr(x)` as CPython 3.11 prints it, for edge values and random bit patterns.
    #[test]
    fn floats_print_as_python_repr() {
        let cases: &[(f64, &str)] = &[
            (f64::from_bits(0x0000000000000000), "0.0"),
            (f64::from_bits(0x8000000000000000), "-0.0"),
            (f64::from_bits(0x3ff0000000000000), "1.0"),
            (f64::from_bits(0xbff0000000000000), "-1.0"),
            (f64::from_bits(0x3fb999999999999a), "0.1"),
            (f64::from_bits(0x3f1a36e2eb1c432d), "0.0001"),
            (f64::from_bits(0x3f1a36371ea531a8), "9.999e-05"),
            (f64::from_bits(0x3ee4f8b588e368f1), "1e-05"),
            (f64::from_bits(0x3eef75104d551d69), "1.5e-05"),
            (f64::from_bits(0x42dc12218377de66), "123456789012345.6"),
            (f64::from_bits(0x430c6bf526340000), "1000000000000000.0"),
            (f64::from_bits(0x4341c37937e07fff), "9999999999999998.0"),
            (f64::from_bits(0x4341c37937e08000), "1e+16"),
            (f64::from_bits(0x4345eddb25e04800), "1.2345e+16"),
            (f64::from_bits(0x4480f0cf064dd592), "1e+22"),
            (f64::from_bits(0x54b249ad2594c37d), "1e+100"),
            (f64::from_bits(0x0000000000000001), "5e-324"),
            (
                f64::from_bits(0x7fefffffffffffff),
                "1.7976931348623157e+308",
            ),
            (f64::from_bits(0x3fd3333333333334), "0.30000000000000004"),
            (f64::from_bits(0x3fe5555555555555), "0.6666666666666666"),
            (f64::from_bits(0x000012688b70e62b), "1e-310"),
            (f64::from_bits(0x4059000000000000), "100.0"),
            (f64::from_bits(0x3e951535e4d57213), "3.14159e-07"),
            (
                f64::from_bits(0xa0b26c1c9f767c45),
                "-3.517436879206498e-151",
            ),
            (f64::from_bits(0x58608fefcb91ce37), "5.220687878897814e+117"),
            (f64::from_bits(0x3b9985edd7210dff), "1.3511848613554075e-21"),
            (
                f64::from_bits(0x06a3209ca6233255),
                "1.0790205420931878e-276",
            ),
            (f64::from_bits(0xaf96ecbf1cfb10f6), "-1.933421489398353e-79"),
            (
                f64::from_bits(0x9f8fb2d4de527100),
                "-1.1543880163725095e-156",
            ),
            (f64::from_bits(0x0d0d7f438b33e968), "8.437489215997029e-246"),
            (f64::from_bits(0x5d976d90035b7399), "7.142212753190354e+142"),
            (f64::from_bits(0x23c6140e687c966c), "2.373113365899864e-136"),
            (
                f64::from_bits(0xef08e64eea959c21),
                "-7.373265110238823e+226",
            ),
            (f64::from_bits(0x6186c5bb28dbd25e), "6.403187897752385e+161"),
            (
                f64::from_bits(0xcf18348e238642ea),
                "-1.0691763104575802e+73",
            ),
            (f64::from_bits(0xbe40087c3f8ca539), "-7.466015348994606e-09"),
            (f64::from_bits(0x3e44496746b12be5), "9.446745793730727e-09"),
            (f64::from_bits(0xbf77cd242b474543), "-0.005810872350097643"),
            (f64::from_bits(0x3f4e27a6d8f1a992), "0.0009202542004349992"),
            (f64::from_bits(0x401dcae939aa3344), "7.4481553087360375"),
            (f64::from_bits(0xbf6e880733fd2a95), "-0.003726972645300928"),
            (f64::from_bits(0x4266d4c0983106ce), "784469377416.2126"),
            (f64::from_bits(0x3f307ace2838176d), "0.0002514603913542555"),
        ];
        for &(x, want) in cases {
            assert_eq!(x.py().to_string(), want, "{x:e}");
        }
        assert_eq!(f64::INFINITY.py().to_string(), "inf");
        assert_eq!(f64::NEG_INFINITY.py().to_string(), "-inf");
    }

    #[test]
    fn zero_dim_tangents_print_as_python_floats() {
        use crate::autograd::forward_ad::{dual_level, make_dual};
        let _level = dual_level().unwrap();
        let x = make_dual(&Tensor::new(3.0), &Tensor::new(1e-6)).unwrap();
        assert_eq!(x.to_string(), "tensor(3., tangent=9.999999974752427e-07)");
        let x = make_dual(&Tensor::new(3.0), &Tensor::new(2.0)).unwrap();
        assert_eq!(x.to_string(), "tensor(3., tangent=2.0)");
    }
}
