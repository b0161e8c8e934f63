//! Custom differentiable functions written in Python (`ferrograd.autograd.Function`), over the
//! library's `Function` trait: the forward and backward of the Python class are called back
//! with the interpreter held. The Python layer (`ferrograd/autograd/function.py`) resolves
//! `forward`/`setup_context` and `backward`/`vjp`; here arguments, saved tensors and returned
//! gradients are checked and converted as PyTorch does.

use crate::autograd::{isolate_hook_errors, stash_hook_error};
use crate::convert::type_name;
use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::autograd::{Function, FunctionCtx};
use ferrograd::{DType, Error, ErrorKind, Tensor};
use pyo3::gc::PyVisit;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use pyo3::PyTraverseError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The grad_fn names of custom Functions (`CubeBackward`), one leaked string per name.
fn names() -> MutexGuard<'static, HashMap<String, &'static str>> {
    static NAMES: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// `<ClassName>Backward`, PyTorch's grad_fn name for a custom Function, as a `'static` string
/// created once per name.
fn backward_name(class_name: &str) -> &'static str {
    let name = format!("{class_name}Backward");
    let mut map = names();
    if let Some(s) = map.get(&name) {
        return s;
    }
    let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
    map.insert(name, leaked);
    leaked
}

/// Whether `name` is the grad_fn name of a custom Function.
pub fn is_custom_name(name: &str) -> bool {
    names().contains_key(name)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Keeps a Python exception for the caller and gives the library an error to unwind with.
fn stash(e: PyErr) -> Error {
    let msg = e.to_string();
    stash_hook_error(e);
    Error::new(ErrorKind::Runtime, msg)
}

/// The context object of one application, shared with the graph node so that the garbage
/// collector can be shown it (a context that refers to the output forms a collectable cycle).
pub(crate) struct PyCtxState {
    ctx: Py<PyAny>,
}

impl PyCtxState {
    pub(crate) fn visit(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.ctx)
    }
}

/// One application of a Python Function class: its context object and what backward needs to
/// check the gradients it returns.
struct PyFunction {
    cls: Py<PyAny>,
    ctx: Arc<PyCtxState>,
    name: &'static str,
    /// The arguments of `apply`, until forward has run.
    args: Mutex<Option<Py<PyTuple>>>,
    /// Per argument of `apply`: whether it is a tensor.
    is_tensor: Vec<bool>,
    /// Shape and dtype of each tensor argument.
    input_meta: Vec<(Vec<usize>, DType)>,
    /// Per entry of `save_for_backward`: whether it was a tensor (`None` entries are kept).
    saved_mask: Mutex<Vec<bool>>,
}

impl PyFunction {
    /// `ctx.needs_input_grad`: one flag per argument of `apply`.
    fn needs_tuple<'py>(
        &self,
        py: Python<'py>,
        ctx: &FunctionCtx,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let mut k = 0;
        let flags: Vec<bool> = self
            .is_tensor
            .iter()
            .map(|&is_t| {
                if !is_t {
                    return false;
                }
                k += 1;
                ctx.needs_input_grad(k - 1)
            })
            .collect();
        PyTuple::new(py, flags)
    }

    fn forward_py(&self, py: Python<'_>, ctx: &mut FunctionCtx) -> PyResult<Tensor> {
        // forward sees the caller's tensors, as in PyTorch (it runs without recording)
        let args = lock(&self.args)
            .take()
            .ok_or_else(|| runtime("custom Function forward called twice"))?;
        let pyctx = self.ctx.ctx.bind(py);
        pyctx.setattr("needs_input_grad", self.needs_tuple(py, ctx)?)?;
        let out = self
            .cls
            .bind(py)
            .call_method1("_ferrograd_forward", (pyctx, args))?;
        let out = match out.cast::<PyTensor>() {
            Ok(t) => t.get().t.clone(),
            Err(_) => {
                return Err(type_err(format!(
                "ferrograd's custom Functions return one Tensor from forward, but {} returned {}",
                self.name.trim_end_matches("Backward"),
                type_name(&out)
            )))
            }
        };
        if pyctx.hasattr("to_save")? {
            let to_save = pyctx.getattr("to_save")?;
            pyctx.delattr("to_save")?;
            let mut mask = Vec::new();
            let mut tensors = Vec::new();
            for (i, item) in to_save.try_iter()?.enumerate() {
                let item = item?;
                if item.is_none() {
                    mask.push(false);
                } else if let Ok(t) = item.cast::<PyTensor>() {
                    mask.push(true);
                    tensors.push(t.get().t.clone());
                } else {
                    return Err(type_err(format!(
                        "save_for_backward can only save variables, but argument {i} is of type {}",
                        type_name(&item)
                    )));
                }
            }
            ctx.save_for_backward(&tensors);
            *lock(&self.saved_mask) = mask;
        }
        Ok(out)
    }

    fn backward_py(
        &self,
        py: Python<'_>,
        ctx: &FunctionCtx,
        grad: &Tensor,
    ) -> PyResult<Vec<Option<Tensor>>> {
        let pyctx = self.ctx.ctx.bind(py);
        let mut it = ctx.saved_tensors().iter();
        let mut saved: Vec<Bound<'_, PyAny>> = Vec::new();
        for &is_t in lock(&self.saved_mask).iter() {
            match if is_t { it.next() } else { None } {
                Some(t) => saved.push(Bound::new(py, PyTensor::from(t.clone()))?.into_any()),
                None => saved.push(py.None().into_bound(py)),
            }
        }
        pyctx.setattr("_saved_tensors", PyTuple::new(py, saved)?)?;
        pyctx.setattr("needs_input_grad", self.needs_tuple(py, ctx)?)?;
        let r = self
            .cls
            .bind(py)
            .call_method1("_ferrograd_backward", (pyctx, PyTensor::from(grad.clone())));
        // the saved tensors live in the graph, not in the context object
        pyctx.setattr("_saved_tensors", py.None())?;
        let r = r?;
        let mut items: Vec<Bound<'_, PyAny>> = if let Ok(t) = r.cast::<PyTuple>() {
            t.iter().collect()
        } else if let Ok(l) = r.cast::<PyList>() {
            l.iter().collect()
        } else {
            vec![r]
        };
        let n = self.is_tensor.len();
        if items.len() > n && items[n..].iter().all(|g| g.is_none()) {
            items.truncate(n);
        }
        if items.len() != n {
            return Err(runtime(format!(
                "function {} returned an incorrect number of gradients (expected {n}, got {})",
                self.name,
                items.len()
            )));
        }
        let mut grads = Vec::with_capacity(self.input_meta.len());
        for (i, (g, &is_t)) in items.iter().zip(&self.is_tensor).enumerate() {
            if !is_t {
                if !g.is_none() {
                    return Err(runtime(format!(
                        "function {} returned a gradient different than None at position {}, but the corresponding forward input was not a Variable",
                        self.name,
                        i + 1
                    )));
                }
                continue;
            }
            if g.is_none() {
                grads.push(None);
                continue;
            }
            let Ok(t) = g.cast::<PyTensor>() else {
                return Err(runtime(format!(
                    "expected Variable or None (got {})",
                    type_name(g)
                )));
            };
            // the library checks the shape and casts the dtype (PyTorch's validate_outputs)
            grads.push(Some(t.get().t.clone()));
        }
        Ok(grads)
    }
}

impl Function for PyFunction {
    fn name(&self) -> &'static str {
        self.name
    }

    fn state(&self) -> Option<Arc<dyn std::any::Any + Send + Sync>> {
        Some(self.ctx.clone())
    }

    fn forward(&self, ctx: &mut FunctionCtx, _inputs: &[Tensor]) -> ferrograd::Result<Tensor> {
        Python::attach(|py| self.forward_py(py, ctx)).map_err(stash)
    }

    fn backward(
        &self,
        ctx: &FunctionCtx,
        grad_output: &Tensor,
    ) -> ferrograd::Result<Vec<Option<Tensor>>> {
        Python::attach(|py| self.backward_py(py, ctx, grad_output)).map_err(stash)
    }
}

/// `Function.apply`: runs the class's forward on `args` and records it in the graph, its node
/// named `<ClassName>Backward`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _function_apply(
    cls: &Bound<'_, PyAny>,
    ctx: &Bound<'_, PyAny>,
    args: &Bound<'_, PyTuple>,
) -> PyResult<PyTensor> {
    let mut tensors = Vec::new();
    let mut is_tensor = Vec::with_capacity(args.len());
    for a in args.iter() {
        match a.cast::<PyTensor>() {
            Ok(t) => {
                tensors.push(t.get().t.clone());
                is_tensor.push(true);
            }
            Err(_) => is_tensor.push(false),
        }
    }
    let class_name: String = cls.getattr("__name__")?.extract()?;
    let f = PyFunction {
        cls: cls.clone().unbind(),
        ctx: Arc::new(PyCtxState {
            ctx: ctx.clone().unbind(),
        }),
        name: backward_name(&class_name),
        args: Mutex::new(Some(args.clone().unbind())),
        is_tensor,
        input_meta: tensors
            .iter()
            .map(|t| (t.shape().to_vec(), t.dtype()))
            .collect(),
        saved_mask: Mutex::new(Vec::new()),
    };
    let (r, err) = isolate_hook_errors(|| ferrograd::autograd::apply(f, &tensors));
    // a Python exception from forward (or from backward, run to carry forward-mode tangents)
    if let Some(e) = err {
        return Err(e);
    }
    let out = r.py()?;
    if !out.dtype().is_floating_point() {
        // integer and bool outputs are not differentiable, as in PyTorch
        return Ok(out.detach().into());
    }
    Ok(out.into())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_function_apply, m)?)?;
    Ok(())
}
