//! `torch.autograd.functional`: `vjp`, `jvp`, `jacobian`, `hessian`, `hvp`, `vhp` over Python
//! functions. The Python layer (`ferrograd.autograd.functional`) shapes inputs and results
//! as PyTorch does (a tensor or a tuple); here inputs and outputs are lists.

use crate::autograd::{stash_hook_error, take_hook_error};
use crate::convert::type_name;
use crate::errors::{to_py, type_err};
use crate::tensor::PyTensor;
use ferrograd::autograd::functional::{self, Options};
use ferrograd::{Error, ErrorKind, Tensor};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::cell::{Cell, RefCell};

/// A Python function of tensors, callable from the library's functional API; a Python
/// exception is kept and raised again once the library returns.
pub(crate) struct PyFn<'py> {
    py: Python<'py>,
    func: Bound<'py, PyAny>,
    name: &'static str,
    error: RefCell<Option<PyErr>>,
    /// An exception pending for an enclosing backward pass when this call started.
    outer: RefCell<Option<PyErr>>,
    tuple_output: Cell<bool>,
}

impl<'py> PyFn<'py> {
    pub(crate) fn new(func: &Bound<'py, PyAny>, name: &'static str) -> Self {
        PyFn {
            py: func.py(),
            func: func.clone(),
            name,
            error: RefCell::new(None),
            outer: RefCell::new(take_hook_error()),
            tuple_output: Cell::new(false),
        }
    }

    pub(crate) fn call(&self, xs: &[Tensor]) -> ferrograd::Result<Vec<Tensor>> {
        let r = self.call_py(xs);
        r.map_err(|e| {
            self.error.borrow_mut().get_or_insert(e);
            Error::new(ErrorKind::Runtime, "error in the user-provided function")
        })
    }

    fn call_py(&self, xs: &[Tensor]) -> PyResult<Vec<Tensor>> {
        let args = PyTuple::new(self.py, xs.iter().map(|x| PyTensor::from(x.clone())))?;
        let out = self.func.call1(args)?;
        if let Ok(t) = out.cast::<PyTensor>() {
            self.tuple_output.set(false);
            return Ok(vec![t.get().t.clone()]);
        }
        let tup = if let Ok(l) = out.cast::<pyo3::types::PyList>() {
            Some(l.to_tuple())
        } else {
            out.cast::<PyTuple>().ok().cloned()
        };
        let Some(tup) = tup else {
            return Err(type_err(format!(
                "The outputs of the user-provided function given to {} must be either a Tensor or a tuple of Tensors but the given outputs of the user-provided function has type {}.",
                self.name,
                type_name(&out)
            )));
        };
        self.tuple_output.set(true);
        let mut v = Vec::with_capacity(tup.len());
        for (i, item) in tup.iter().enumerate() {
            match item.cast::<PyTensor>() {
                Ok(t) => v.push(t.get().t.clone()),
                Err(_) => {
                    return Err(type_err(format!(
                        "The outputs of the user-provided function given to {} must be either a Tensor or a tuple of Tensors but the value at index {i} has type {}.",
                        self.name,
                        type_name(&item)
                    )))
                }
            }
        }
        Ok(v)
    }

    pub(crate) fn finish<T>(&self, r: ferrograd::Result<T>) -> PyResult<T> {
        // raised by a hook or a custom Function during a backward pass of the library
        let hook_error = take_hook_error();
        if let Some(e) = self.outer.borrow_mut().take() {
            stash_hook_error(e);
        }
        if let Some(e) = self.error.borrow_mut().take() {
            return Err(e);
        }
        if let Some(e) = hook_error {
            return Err(e);
        }
        r.map_err(to_py)
    }
}

pub(crate) fn list(ts: Vec<Tensor>) -> Vec<PyTensor> {
    ts.into_iter().map(PyTensor::from).collect()
}

pub(crate) fn tensors(v: Vec<PyRef<'_, PyTensor>>) -> Vec<Tensor> {
    v.iter().map(|t| t.t.clone()).collect()
}

type Pair = (Vec<PyTensor>, bool, Vec<PyTensor>);

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, v, create_graph, strict))]
fn _vjp(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    v: Option<Vec<PyRef<'_, PyTensor>>>,
    create_graph: bool,
    strict: bool,
) -> PyResult<Pair> {
    let f = PyFn::new(func, "vjp");
    let xs = tensors(inputs);
    let v = v.map(tensors);
    let r = functional::vjp(
        |x: &[Tensor]| f.call(x),
        &xs,
        v.as_deref(),
        Options {
            create_graph,
            strict,
            ..Default::default()
        },
    );
    let (o, g) = f.finish(r)?;
    Ok((list(o), f.tuple_output.get(), list(g)))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, v, create_graph, strict))]
fn _jvp(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    v: Option<Vec<PyRef<'_, PyTensor>>>,
    create_graph: bool,
    strict: bool,
) -> PyResult<Pair> {
    let f = PyFn::new(func, "jvp");
    let xs = tensors(inputs);
    let v = v.map(tensors);
    let r = functional::jvp(
        |x: &[Tensor]| f.call(x),
        &xs,
        v.as_deref(),
        Options {
            create_graph,
            strict,
            ..Default::default()
        },
    );
    let (o, g) = f.finish(r)?;
    Ok((list(o), f.tuple_output.get(), list(g)))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, v, create_graph, strict))]
fn _vhp(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    v: Vec<PyRef<'_, PyTensor>>,
    create_graph: bool,
    strict: bool,
) -> PyResult<Pair> {
    let f = PyFn::new(func, "vhp");
    let xs = tensors(inputs);
    let v = tensors(v);
    let r = functional::vhp(
        |x: &[Tensor]| f.call(x),
        &xs,
        &v,
        Options {
            create_graph,
            strict,
            ..Default::default()
        },
    );
    let (o, g) = f.finish(r)?;
    Ok((list(o), f.tuple_output.get(), list(g)))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, v, create_graph, strict))]
fn _hvp(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    v: Vec<PyRef<'_, PyTensor>>,
    create_graph: bool,
    strict: bool,
) -> PyResult<Pair> {
    let f = PyFn::new(func, "hvp");
    let xs = tensors(inputs);
    let v = tensors(v);
    let r = functional::hvp(
        |x: &[Tensor]| f.call(x),
        &xs,
        &v,
        Options {
            create_graph,
            strict,
            ..Default::default()
        },
    );
    let (o, g) = f.finish(r)?;
    Ok((list(o), f.tuple_output.get(), list(g)))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, create_graph, strict, vectorize=false, forward_mode=false))]
fn _jacobian(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    create_graph: bool,
    strict: bool,
    vectorize: bool,
    forward_mode: bool,
) -> PyResult<(Vec<Vec<PyTensor>>, bool)> {
    let f = PyFn::new(func, "jacobian");
    let xs = tensors(inputs);
    let r = functional::jacobian(
        |x: &[Tensor]| f.call(x),
        &xs,
        Options {
            create_graph,
            strict,
            vectorize,
            strategy: strategy(forward_mode),
        },
    );
    let j = f.finish(r)?;
    Ok((j.into_iter().map(list).collect(), f.tuple_output.get()))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (func, inputs, create_graph, strict, vectorize=false, forward_mode=false))]
fn _hessian(
    func: &Bound<'_, PyAny>,
    inputs: Vec<PyRef<'_, PyTensor>>,
    create_graph: bool,
    strict: bool,
    vectorize: bool,
    forward_mode: bool,
) -> PyResult<Vec<Vec<PyTensor>>> {
    let f = PyFn::new(func, "hessian");
    let xs = tensors(inputs);
    let r = functional::hessian(
        |x: &[Tensor]| f.call(x),
        &xs,
        Options {
            create_graph,
            strict,
            vectorize,
            strategy: strategy(forward_mode),
        },
    );
    let h = f.finish(r)?;
    Ok(h.into_iter().map(list).collect())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_vjp, m)?)?;
    m.add_function(wrap_pyfunction!(_jvp, m)?)?;
    m.add_function(wrap_pyfunction!(_vhp, m)?)?;
    m.add_function(wrap_pyfunction!(_hvp, m)?)?;
    m.add_function(wrap_pyfunction!(_jacobian, m)?)?;
    m.add_function(wrap_pyfunction!(_hessian, m)?)?;
    Ok(())
}

fn strategy(forward_mode: bool) -> functional::Strategy {
    if forward_mode {
        functional::Strategy::ForwardMode
    } else {
        functional::Strategy::ReverseMode
    }
}
