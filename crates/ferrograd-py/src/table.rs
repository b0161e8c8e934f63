//! The elementwise op table's rows as Python functions and Tensor methods, made from the rows
//! themselves (`ferrograd::for_each_unary_op!`): a row added to the core table appears here, in
//! `torch.*` (or `torch.nn.functional.*` for `py: functional` rows) and as a Tensor method, with
//! its parameters, PyTorch's defaults and a docstring, without an edit in this crate.
//!
//! `_ferrograd._unary_ops` lists the rows for the Python package: `(name, functional_only,
//! ((param, default), ...))`, in table order; `_ferrograd._binary_ops` the binary rows' names.

use crate::tensor::{op, PyTensor};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The docstring of a row's function: the signature, what it computes, its arguments and an
/// example that shows the recorded grad_fn.
macro_rules! row_doc {
    ($prefix:expr, $name:ident, $gf:literal, $doc:literal, $lo:literal, $hi:literal, $($p:ident = $pd:literal),*) => {
        concat!(
            stringify!($name), "(input", $(", ", stringify!($p), "=", stringify!($pd),)* ") -> Tensor\n\n",
            $doc, ", elementwise. Records ``", $gf, "`` when :attr:`input` requires grad.\n\n",
            "Args:\n    input (Tensor): the input tensor.\n",
            $("    ", stringify!($p), " (float): default ``", stringify!($pd), "``.\n",)*
            "\nExample::\n\n",
            "    >>> x = torch.tensor([", stringify!($lo), " * 0.5 + ", stringify!($hi), " * 0.5], requires_grad=True)\n",
            "    >>> ", $prefix, stringify!($name), "(x).grad_fn.name()\n",
            "    '", $gf, "'\n"
        )
    };
}

/// Where the docstring's example calls the function from.
macro_rules! doc_prefix {
    (functional) => {
        "torch.nn.functional."
    };
    () => {
        "torch."
    };
}

/// A Tensor method for a row, unless the row is `py: functional`.
macro_rules! row_method {
    (functional; $($rest:tt)*) => {};
    (; $name:ident, $gf:literal, $doc:literal, $lo:literal, $hi:literal, $($p:ident = $pd:literal),*) => {
        pastey::paste! {
        #[ferrograd_py_macros::catch_panics]
        #[pymethods]
        impl PyTensor {
            #[doc = concat!(
                stringify!($name), "(", $(stringify!($p), "=", stringify!($pd), ", ",)* ") -> Tensor\n\n",
                $doc, ", elementwise (``", $gf, "``). See :func:`torch.", stringify!($name), "`."
            )]
            #[pyo3(signature = ($($p = $pd),*))]
            fn $name(&self, py: Python<'_> $(, $p: f64)*) -> PyResult<PyTensor> {
                let t = &self.t;
                op(py, t.numel(), || ferrograd::ops::table::unary::$name::OP.apply(t, &[$($p),*]))
            }

                #[doc = concat!(
                    stringify!($name), "_(", $(stringify!($p), "=", stringify!($pd), ", ",)* ") -> Tensor\n\n",
                    "In-place version of :meth:`~Tensor.", stringify!($name), "`."
                )]
                #[pyo3(signature = ($($p = $pd),*))]
                fn [<$name _>]<'py>(slf: &Bound<'py, Self> $(, $p: f64)*) -> PyResult<Bound<'py, Self>> {
                    let t = &slf.get().t;
                    crate::tensor::compute(slf.py(), t.numel(), || {
                        ferrograd::ops::table::unary::$name::OP.apply_(t, &[$($p),*]).map(|_| ())
                    })?;
                    Ok(slf.clone())
                }
        }
        }
    };
}

macro_rules! py_unary_ops {
    ($(
        $name:ident ($($p:ident = $pd:literal),*) => $gf:literal {
            doc: $doc:literal,
            $(py: $py:ident,)?
            $(inplace: $ig:literal,)?
            $(check: $check:expr,)?
            ints: $ints:ident $(($ik:expr))?, domain: ($lo:literal, $hi:literal),
            $($rest:tt)*
        }
    )*) => {
        /// The rows' module functions (`torch.atan(x)`, `F.elu(x, alpha=1.0)`).
        pub mod fns {
            use super::*;
            $(
                #[ferrograd_py_macros::catch_panics]
                #[pyfunction]
                #[doc = row_doc!(doc_prefix!($($py)?), $name, $gf, $doc, $lo, $hi, $($p = $pd),*)]
                #[pyo3(signature = (input, $($p = $pd),*))]
                pub fn $name(py: Python<'_>, input: &Bound<'_, PyAny> $(, $p: f64)*) -> PyResult<Py<PyAny>> {
                    match input.cast::<PyTensor>() {
                        Ok(input) => {
                            let t = &input.get().t;
                            let out = op(py, t.numel(), || ferrograd::ops::table::unary::$name::OP.apply(t, &[$($p),*]))?;
                            Ok(Py::new(py, out)?.into_any())
                        }
                        // a batched tensor of `vmap` goes through its batching rule
                        Err(e) => crate::func::batched(py, stringify!($name), input, &[$($p),*], e.into()),
                    }
                }
            )*

            pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
                $( m.add_function(wrap_pyfunction!($name, m)?)?; )*
                Ok(())
            }
        }

        $( row_method!($($py)?; $name, $gf, $doc, $lo, $hi, $($p = $pd),*); )*
    };
}

ferrograd::for_each_unary_op!(py_unary_ops);

/// `_unary_inplace(name, input, params)`: the in-place form of row `name` on `input`, which is
/// returned (the Python functions `torch.<name>_`, `F.<name>_` and `inplace=True` call it).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _unary_inplace<'py>(
    name: &str,
    input: &Bound<'py, PyTensor>,
    params: Vec<f64>,
) -> PyResult<Bound<'py, PyTensor>> {
    let row = ferrograd::ops::UnaryOp::find(name).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("no elementwise op named {name}"))
    })?;
    let t = &input.get().t;
    crate::tensor::compute(input.py(), t.numel(), || row.apply_(t, &params).map(|_| ()))?;
    Ok(input.clone())
}

/// `_assign_inplace(target, new)`: `new`, computed out of place, written into `target`, which
/// takes over its node (the in-place forms made in Python from out-of-place methods); returns
/// `target`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _assign_inplace<'py>(
    target: &Bound<'py, PyTensor>,
    new: &Bound<'py, PyTensor>,
) -> PyResult<Bound<'py, PyTensor>> {
    use crate::errors::IntoPyResult;
    target.get().t.try_assign_(&new.get().t).py()?;
    Ok(target.clone())
}

/// Adds the rows' functions and `_unary_ops` to the extension module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    fns::register(m)?;
    binary_fns::register(m)?;
    m.add_function(wrap_pyfunction!(_unary_inplace, m)?)?;
    m.add_function(wrap_pyfunction!(_assign_inplace, m)?)?;
    let py = m.py();
    let rows: Vec<Bound<'_, PyTuple>> = ferrograd::ops::UNARY_OPS
        .iter()
        .map(|op| {
            let params: Vec<(&str, f64)> = op.params.to_vec();
            PyTuple::new(
                py,
                [
                    op.name.into_pyobject(py)?.into_any(),
                    pyo3::types::PyBool::new(py, op.functional_only)
                        .to_owned()
                        .into_any(),
                    params.into_pyobject(py)?.into_any(),
                ],
            )
        })
        .collect::<PyResult<_>>()?;
    m.add("_unary_ops", PyTuple::new(py, rows)?)?;
    // each row's smooth interval, for the scripts that record PyTorch's values
    let domains = pyo3::types::PyDict::new(py);
    for op in ferrograd::ops::UNARY_OPS {
        domains.set_item(op.name, op.domain)?;
    }
    m.add("_unary_domains", domains)?;
    Ok(())
}

/// Calls a binary row as PyTorch's overloads do: two tensors, or a Python number where the row
/// has a Scalar overload (`fmod(x, 2)`), else PyTorch's TypeError. `other_position` is 2 for
/// `torch.fmod(input, other)` and 1 for `Tensor.fmod(other)`.
fn binary_call(
    py: Python<'_>,
    row: &'static ferrograd::ops::BinaryOp,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
    other_position: usize,
) -> PyResult<PyTensor> {
    use crate::convert::{scalar, type_name};
    use crate::errors::type_err;
    let not_tensor = |arg: &str, position: usize, obj: &Bound<'_, PyAny>| {
        type_err(format!(
            "{}(): argument '{arg}' (position {position}) must be Tensor, not {}",
            row.name,
            type_name(obj)
        ))
    };
    match input.cast::<PyTensor>() {
        Ok(a) => {
            let a = &a.get().t;
            if let Ok(b) = other.cast::<PyTensor>() {
                let b = &b.get().t;
                return op(py, a.numel().max(b.numel()), || row.apply(a, b));
            }
            match (row.scalar_other, scalar(other)?) {
                (Some(_), Some(s)) => op(py, a.numel(), || row.apply_scalar_other(a, s)),
                _ => Err(not_tensor("other", other_position, other)),
            }
        }
        Err(_) => match (row.scalar_self, scalar(input)?, other.cast::<PyTensor>()) {
            (Some(_), Some(s), Ok(b)) => {
                let b = &b.get().t;
                op(py, b.numel(), || row.apply_scalar_self(s, b))
            }
            _ => Err(not_tensor("input", 1, input)),
        },
    }
}

/// The binary rows: `torch.atan2(input, other)` and `Tensor.atan2(other)`.
macro_rules! py_binary_ops {
    ($(
        $name:ident => $gf:literal {
            doc: $doc:literal,
            $($rest:tt)*
        }
    )*) => {
        /// The binary rows' module functions.
        pub mod binary_fns {
            use super::*;
            $(
                #[ferrograd_py_macros::catch_panics]
                #[pyfunction]
                #[doc = concat!(
                    stringify!($name), "(input, other) -> Tensor\n\n", $doc,
                    ", elementwise with broadcasting. Records ``", $gf, "`` when an argument requires grad.\n\n",
                    "Args:\n    input (Tensor): the first argument.\n    other (Tensor or Number): the second argument.\n\n",
                    "Example::\n\n",
                    "    >>> a = torch.tensor([1.5, 2.5], requires_grad=True)\n",
                    "    >>> torch.", stringify!($name), "(a, torch.tensor([0.75])).grad_fn.name()\n",
                    "    '", $gf, "'\n"
                )]
                pub fn $name(py: Python<'_>, input: &Bound<'_, PyAny>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
                    binary_call(py, &ferrograd::ops::table::binary::$name::OP, input, other, 2)
                }
            )*

            pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
                $( m.add_function(wrap_pyfunction!($name, m)?)?; )*
                m.add("_binary_ops", ($(stringify!($name),)*))?;
                // which rows take a Python number as `other` / as `input` (PyTorch's Scalar overloads)
                let scalars = pyo3::types::PyDict::new(m.py());
                for row in ferrograd::ops::BINARY_OPS {
                    scalars.set_item(row.name, (row.scalar_other.is_some(), row.scalar_self.is_some()))?;
                }
                m.add("_binary_scalar_overloads", scalars)?;
                Ok(())
            }
        }

        #[ferrograd_py_macros::catch_panics]
        #[pymethods]
        impl PyTensor {
            $(
                #[doc = concat!(
                    stringify!($name), "(other) -> Tensor\n\n", $doc,
                    ", elementwise (``", $gf, "``). See :func:`torch.", stringify!($name), "`."
                )]
                fn $name(slf: &Bound<'_, Self>, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
                    binary_call(py, &ferrograd::ops::table::binary::$name::OP, slf.as_any(), other, 1)
                }
            )*

            /// ``self % other``: :func:`torch.remainder`, with the sign of the divisor.
            fn __mod__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                if crate::func::is_wrapped_tensor(other) {
                    // a batched or meta tensor answers with its own `__rmod__`
                    return Ok(py.NotImplemented());
                }
                let t = &self.t;
                let row = &ferrograd::ops::table::binary::remainder::OP;
                let out = match crate::convert::arg(other)? {
                    Some(crate::convert::Arg::S(s)) => op(py, t.numel(), || row.apply_scalar_other(t, s)),
                    _ => {
                        let o = crate::convert::tensor_like(other, "other")?;
                        op(py, t.numel(), || row.apply(t, &o))
                    }
                }?;
                Ok(Bound::new(py, out)?.into_any().unbind())
            }

            /// ``other % self``: :func:`torch.remainder` with the operands swapped.
            fn __rmod__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                if crate::func::is_wrapped_tensor(other) {
                    return Ok(py.NotImplemented());
                }
                let t = &self.t;
                let o = crate::convert::tensor_like(other, "other")?;
                let out = op(py, t.numel(), || ferrograd::ops::table::binary::remainder::OP.apply(&o, t))?;
                Ok(Bound::new(py, out)?.into_any().unbind())
            }
        }
    };
}

ferrograd::for_each_binary_op!(py_binary_ops);
