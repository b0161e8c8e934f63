//! Taylor mode (`ferrograd.autograd.taylor`): the library's jets — truncated Taylor series — as
//! Python numbers with operators and the elementwise functions as methods, so a Python function
//! written with them gives all derivatives up to order `n` in one pass.

use crate::convert::type_name;
use crate::errors::{type_err, value_err};
use ferrograd::autograd::taylor::{Jet, Real};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt};

/// A truncated Taylor series ``Σ cₖ·hᵏ``, ``k = 0..=degree`` (``cₖ = f⁽ᵏ⁾(x)/k!``), the value
/// ferrograd's Taylor mode evaluates a function on (see :func:`derivatives`). Jets support
/// ``+ - * / **`` with numbers and jets and the elementwise methods below.
///
/// Example::
///
///     >>> from ferrograd.autograd.taylor import Jet
///     >>> x = Jet.variable(0.0, 3)
///     >>> y = x.exp() * 2
///     >>> y.derivatives()
///     [2.0, 2.0, 2.0, 2.0]
///     >>> y.degree, y.value
///     (3, 2.0)
#[pyclass(name = "Jet", module = "ferrograd.autograd.taylor", frozen)]
#[derive(Clone)]
pub struct PyJet {
    j: Jet,
}

impl From<Jet> for PyJet {
    fn from(j: Jet) -> Self {
        PyJet { j }
    }
}

/// The other operand of an arithmetic operator: a jet of the same degree, or a real number.
enum Operand {
    Jet(Jet),
    Number(f64),
}

impl PyJet {
    fn degree(&self) -> usize {
        self.j.coefficients().len() - 1
    }

    /// `None` when `other` is neither a jet nor a real number (Python's `NotImplemented`).
    fn operand(&self, other: &Bound<'_, PyAny>) -> PyResult<Option<Operand>> {
        if let Ok(o) = other.cast::<PyJet>() {
            let o = &o.get().j;
            if o.coefficients().len() != self.j.coefficients().len() {
                return Err(value_err(format!(
                    "jets of different degrees ({} and {}) cannot be combined",
                    self.degree(),
                    o.coefficients().len() - 1
                )));
            }
            return Ok(Some(Operand::Jet(o.clone())));
        }
        if other.is_instance_of::<PyFloat>()
            || other.is_instance_of::<PyInt>()
            || other.is_instance_of::<PyBool>()
        {
            return Ok(Some(Operand::Number(other.extract()?)));
        }
        // NumPy scalars and other numbers
        if other.hasattr("__float__")? && !other.hasattr("shape")? {
            return Ok(Some(Operand::Number(other.extract()?)));
        }
        Ok(None)
    }

    fn constant_like(&self, v: f64) -> Jet {
        Jet::constant(v, self.degree())
    }

    fn binary(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        f: impl FnOnce(Jet, Operand) -> Jet,
    ) -> PyResult<Py<PyAny>> {
        match self.operand(other)? {
            Some(o) => Ok(Py::new(py, PyJet::from(f(self.j.clone(), o)))?.into_any()),
            None => Ok(py.NotImplemented()),
        }
    }
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyJet {
    /// The independent variable at ``x``, to degree ``n``: ``x + h``.
    #[staticmethod]
    fn variable(x: f64, n: usize) -> PyJet {
        Jet::variable(x, n).into()
    }

    /// A constant to degree ``n``.
    #[staticmethod]
    fn constant(v: f64, n: usize) -> PyJet {
        Jet::constant(v, n).into()
    }

    /// The Taylor coefficients ``f⁽ᵏ⁾(x)/k!``.
    fn coefficients(&self) -> Vec<f64> {
        self.j.coefficients().to_vec()
    }

    /// The derivatives ``f(x), f'(x), ..., f⁽ⁿ⁾(x)``.
    fn derivatives(&self) -> Vec<f64> {
        self.j.derivatives()
    }

    /// The truncation degree ``n``.
    #[getter(degree)]
    fn get_degree(&self) -> usize {
        self.degree()
    }

    /// The value ``f(x)``.
    #[getter]
    fn value(&self) -> f64 {
        self.j.coefficients()[0]
    }

    fn __repr__(&self) -> String {
        let c: Vec<String> = self
            .j
            .coefficients()
            .iter()
            .map(|v| format!("{v:?}"))
            .collect();
        format!("Jet([{}])", c.join(", "))
    }

    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => a + b,
            Operand::Number(v) => a + v,
        })
    }
    fn __radd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.__add__(py, other)
    }
    fn __sub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => a - b,
            Operand::Number(v) => a - v,
        })
    }
    fn __rsub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => b - a,
            Operand::Number(v) => -a + v,
        })
    }
    fn __mul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => a * b,
            Operand::Number(v) => a * v,
        })
    }
    fn __rmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.__mul__(py, other)
    }
    fn __truediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => a / b,
            Operand::Number(v) => a / v,
        })
    }
    fn __rtruediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let n = self.degree();
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => b / a,
            Operand::Number(v) => Jet::constant(v, n) / a,
        })
    }
    /// ``x ** p`` for a constant ``p``, or ``exp(p·log x)`` for a jet ``p``.
    fn __pow__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        modulo: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        if !modulo.is_none() {
            return Ok(py.NotImplemented());
        }
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => (b * a.ln()).exp(),
            Operand::Number(p) => a.powf(p),
        })
    }
    /// ``c ** x`` = ``exp(x·log c)``.
    fn __rpow__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        modulo: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        if !modulo.is_none() {
            return Ok(py.NotImplemented());
        }
        self.binary(py, other, |a, o| match o {
            Operand::Jet(b) => (a * b.ln()).exp(),
            Operand::Number(c) => (a * c.ln()).exp(),
        })
    }
    fn __neg__(&self) -> PyJet {
        (-self.j.clone()).into()
    }
    fn __pos__(&self) -> PyJet {
        self.clone()
    }
    fn __abs__(&self) -> PyJet {
        self.j.abs().into()
    }
    /// The Taylor series of ``exp`` of this jet.
    fn exp(&self) -> PyJet {
        self.j.exp().into()
    }
    /// The Taylor series of the natural logarithm of this jet.
    fn log(&self) -> PyJet {
        self.j.ln().into()
    }
    /// The Taylor series of ``log(1 + x)`` of this jet.
    fn log1p(&self) -> PyJet {
        self.j.ln_1p().into()
    }
    /// The Taylor series of the sine of this jet.
    fn sin(&self) -> PyJet {
        self.j.sin().into()
    }
    /// The Taylor series of the cosine of this jet.
    fn cos(&self) -> PyJet {
        self.j.cos().into()
    }
    /// The Taylor series of the tangent of this jet.
    fn tan(&self) -> PyJet {
        self.j.tan().into()
    }
    /// The Taylor series of the hyperbolic tangent of this jet.
    fn tanh(&self) -> PyJet {
        self.j.tanh().into()
    }
    /// The Taylor series of the logistic sigmoid ``1 / (1 + exp(-x))`` of this jet.
    fn sigmoid(&self) -> PyJet {
        self.j.sigmoid().into()
    }
    /// The Taylor series of the square root of this jet.
    fn sqrt(&self) -> PyJet {
        self.j.sqrt().into()
    }
    /// The Taylor series of ``1 / sqrt(x)`` of this jet.
    fn rsqrt(&self) -> PyJet {
        self.j.powf(-0.5).into()
    }
    /// The Taylor series of ``|x|`` of this jet (the sign of its value times the jet).
    fn abs(&self) -> PyJet {
        self.j.abs().into()
    }
    /// The Taylor series of ``max(x, 0)`` of this jet (the jet, or zero, by the sign of its value).
    fn relu(&self) -> PyJet {
        self.j.relu().into()
    }
    /// The Taylor series of ``x * x`` of this jet.
    fn square(&self) -> PyJet {
        (self.j.clone() * self.j.clone()).into()
    }
    /// The Taylor series of ``1 / x`` of this jet.
    fn reciprocal(&self) -> PyJet {
        (self.constant_like(1.0) / self.j.clone()).into()
    }
    /// The negated jet, ``-x``.
    fn neg(&self) -> PyResult<PyJet> {
        self.__neg__()
    }
    /// ``x ** exponent``.
    fn pow(&self, py: Python<'_>, exponent: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let r = self.__pow__(py, exponent, &py.None().into_bound(py))?;
        if r.is(py.NotImplemented()) {
            return Err(type_err(format!(
                "pow(): exponent must be a number or a Jet, not {}",
                type_name(exponent)
            )));
        }
        Ok(r)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyJet>()?;
    Ok(())
}
