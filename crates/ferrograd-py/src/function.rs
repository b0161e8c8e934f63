//! Custom differentiable functions written in Python (`ferrograd.autograd.Function`), over the
//! library's `Function` trait: the forward and backward of the Python class are called back
//! with the interpreter held. The Python layer (`ferrograd/autograd/function.py`) resolves
//! `forward`/`setup_context` and `backward`/`vjp`; here arguments, saved tensors and returned
//! gradients are checked and converted as PyTorch does.

use crate::autograd::{isolate_hook_errors, stash_hook_error};
use crate::convert::type_name;
use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::autograd::{FunctionCtx, MultiFunction};
use ferrograd::{Error, ErrorKind, Tensor};
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
    /// What forward returned, as Python gave it (the tensors are replaced by the recorded ones).
    raw_out: Mutex<Option<Py<PyAny>>>,
    /// Per output of forward: whether it is a tensor.
    out_is_tensor: Mutex<Vec<bool>>,
    /// Per entry of `save_for_backward`: whether it was a tensor (`None` entries are kept).
    saved_mask: Mutex<Vec<bool>>,
    /// Whether the class defines `jvp`.
    has_jvp: bool,
}

/// The tensors of a Python sequence attribute of the context (`mark_dirty`, ...).
fn ctx_tensors(pyctx: &Bound<'_, PyAny>, attr: &str) -> PyResult<Vec<Tensor>> {
    if !pyctx.hasattr(attr)? {
        return Ok(Vec::new());
    }
    let items = pyctx.getattr(attr)?;
    pyctx.delattr(attr)?;
    let mut v = Vec::new();
    for item in items.try_iter()? {
        let item = item?;
        match item.cast::<PyTensor>() {
            Ok(t) => v.push(t.get().t.clone()),
            Err(_) => {
                return Err(type_err(format!(
                    "{attr} only accepts Tensors, but got {}",
                    type_name(&item)
                )))
            }
        }
    }
    Ok(v)
}

/// Gradients or tangents as Python arguments: `None` where there is none, and for every
/// non-tensor position of `mask`.
fn spread<'py>(
    py: Python<'py>,
    mask: &[bool],
    values: &[Option<Tensor>],
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let mut it = values.iter();
    mask.iter()
        .map(|&is_t| {
            match if is_t {
                it.next().cloned().flatten()
            } else {
                None
            } {
                Some(t) => Ok(Bound::new(py, PyTensor::from(t))?.into_any()),
                None => Ok(py.None().into_bound(py)),
            }
        })
        .collect()
}

/// A returned tuple or list as its items; anything else as one item.
fn items_of<'py>(r: &Bound<'py, PyAny>) -> Vec<Bound<'py, PyAny>> {
    if let Ok(t) = r.cast::<PyTuple>() {
        t.iter().collect()
    } else if let Ok(l) = r.cast::<PyList>() {
        l.iter().collect()
    } else {
        vec![r.clone()]
    }
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

    fn forward_py(&self, py: Python<'_>, ctx: &mut FunctionCtx) -> PyResult<Vec<Tensor>> {
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
        let items: Vec<Bound<'_, PyAny>> = match out.cast::<PyTuple>() {
            Ok(t) => t.iter().collect(),
            Err(_) => vec![out.clone()],
        };
        let mut outs = Vec::new();
        let mut mask = Vec::new();
        for item in &items {
            match item.cast::<PyTensor>() {
                Ok(t) => {
                    mask.push(true);
                    outs.push(t.get().t.clone());
                }
                Err(_) => mask.push(false),
            }
        }
        *lock(&self.out_is_tensor) = mask;
        *lock(&self.raw_out) = Some(out.clone().unbind());
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
        ctx.mark_non_differentiable(&ctx_tensors(pyctx, "non_differentiable")?);
        ctx.mark_dirty(&ctx_tensors(pyctx, "dirty_tensors")?);
        if let Ok(m) = pyctx.getattr("materialize_grads") {
            ctx.set_materialize_grads(m.is_truthy()?);
        }
        Ok(outs)
    }

    /// `ctx.saved_tensors` for backward, `None` entries in place.
    fn set_saved(
        &self,
        py: Python<'_>,
        pyctx: &Bound<'_, PyAny>,
        ctx: &FunctionCtx,
    ) -> PyResult<()> {
        let mut it = ctx.saved_tensors().iter();
        let mut saved: Vec<Bound<'_, PyAny>> = Vec::new();
        for &is_t in lock(&self.saved_mask).iter() {
            match if is_t { it.next() } else { None } {
                Some(t) => saved.push(Bound::new(py, PyTensor::from(t.clone()))?.into_any()),
                None => saved.push(py.None().into_bound(py)),
            }
        }
        pyctx.setattr("_saved_tensors", PyTuple::new(py, saved)?)
    }

    fn backward_py(
        &self,
        py: Python<'_>,
        ctx: &FunctionCtx,
        grads: &[Option<Tensor>],
    ) -> PyResult<Vec<Option<Tensor>>> {
        let pyctx = self.ctx.ctx.bind(py);
        self.set_saved(py, pyctx, ctx)?;
        pyctx.setattr("needs_input_grad", self.needs_tuple(py, ctx)?)?;
        let gargs = spread(py, &lock(&self.out_is_tensor), grads)?;
        let r = self
            .cls
            .bind(py)
            .call_method1("_ferrograd_backward", (pyctx, PyTuple::new(py, gargs)?));
        // the saved tensors live in the graph, not in the context object
        pyctx.setattr("_saved_tensors", py.None())?;
        let r = r?;
        let mut items = items_of(&r);
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
        let mut grads = Vec::new();
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

    fn jvp_py(
        &self,
        py: Python<'_>,
        ctx: &FunctionCtx,
        tangents: &[Option<Tensor>],
    ) -> PyResult<Vec<Option<Tensor>>> {
        let pyctx = self.ctx.ctx.bind(py);
        let targs = spread(py, &self.is_tensor, tangents)?;
        let _ = ctx;
        let r = self
            .cls
            .bind(py)
            .call_method1("_ferrograd_jvp", (pyctx, PyTuple::new(py, targs)?))?;
        let mask = lock(&self.out_is_tensor).clone();
        let items = items_of(&r);
        if items.len() != mask.len() {
            return Err(runtime(format!(
                "jvp() returned an incorrect number of tangents (expected {}, got {})",
                mask.len(),
                items.len()
            )));
        }
        let mut out = Vec::new();
        for (t, &is_t) in items.iter().zip(&mask) {
            if !is_t {
                continue;
            }
            if t.is_none() {
                out.push(None);
            } else if let Ok(t) = t.cast::<PyTensor>() {
                out.push(Some(t.get().t.clone()));
            } else {
                return Err(type_err(format!(
                    "expected Variable or None (got {})",
                    type_name(t)
                )));
            }
        }
        Ok(out)
    }
}

impl MultiFunction for PyFunction {
    fn name(&self) -> &'static str {
        self.name
    }

    fn state(&self) -> Option<Arc<dyn std::any::Any + Send + Sync>> {
        Some(self.ctx.clone())
    }

    fn forward(&self, ctx: &mut FunctionCtx, _inputs: &[Tensor]) -> ferrograd::Result<Vec<Tensor>> {
        Python::attach(|py| self.forward_py(py, ctx)).map_err(stash)
    }

    fn backward(
        &self,
        ctx: &FunctionCtx,
        grads: &[Option<Tensor>],
    ) -> ferrograd::Result<Vec<Option<Tensor>>> {
        Python::attach(|py| self.backward_py(py, ctx, grads)).map_err(stash)
    }

    fn has_jvp(&self) -> bool {
        self.has_jvp
    }

    fn jvp(
        &self,
        ctx: &FunctionCtx,
        tangents: &[Option<Tensor>],
    ) -> ferrograd::Result<Vec<Option<Tensor>>> {
        Python::attach(|py| self.jvp_py(py, ctx, tangents)).map_err(stash)
    }
}

/// `Function.apply`: runs the class's forward on `args` and records it in the graph, its node
/// named `<ClassName>Backward`. Returns what forward returned and the recorded tensors that
/// replace its tensors, in order.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _function_apply(
    py: Python<'_>,
    cls: &Bound<'_, PyAny>,
    ctx: &Bound<'_, PyAny>,
    args: &Bound<'_, PyTuple>,
    has_jvp: bool,
) -> PyResult<(Py<PyAny>, Vec<PyTensor>)> {
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
    let state = Arc::new(PyCtxState {
        ctx: ctx.clone().unbind(),
    });
    let f = PyFunction {
        cls: cls.clone().unbind(),
        ctx: state,
        name: backward_name(&class_name),
        args: Mutex::new(Some(args.clone().unbind())),
        is_tensor,
        raw_out: Mutex::new(None),
        out_is_tensor: Mutex::new(Vec::new()),
        saved_mask: Mutex::new(Vec::new()),
        has_jvp,
    };
    let raw = Arc::new(Mutex::new(None));
    let f = RawOut(f, raw.clone());
    let (r, err) = isolate_hook_errors(|| ferrograd::autograd::apply_multi(f, &tensors));
    // a Python exception from forward (or from backward, run to carry forward-mode tangents)
    if let Some(e) = err {
        return Err(e);
    }
    let outs = r.py()?;
    let raw = lock(&raw).take().unwrap_or_else(|| py.None());
    Ok((raw, outs.into_iter().map(PyTensor::from).collect()))
}

/// A [`PyFunction`] that hands what Python's forward returned back to `_function_apply`.
struct RawOut(PyFunction, Arc<Mutex<Option<Py<PyAny>>>>);

impl MultiFunction for RawOut {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn state(&self) -> Option<Arc<dyn std::any::Any + Send + Sync>> {
        self.0.state()
    }
    fn forward(&self, ctx: &mut FunctionCtx, inputs: &[Tensor]) -> ferrograd::Result<Vec<Tensor>> {
        let outs = self.0.forward(ctx, inputs)?;
        *lock(&self.1) = lock(&self.0.raw_out).take();
        Ok(outs)
    }
    fn backward(
        &self,
        ctx: &FunctionCtx,
        g: &[Option<Tensor>],
    ) -> ferrograd::Result<Vec<Option<Tensor>>> {
        self.0.backward(ctx, g)
    }
    fn has_jvp(&self) -> bool {
        self.0.has_jvp()
    }
    fn jvp(
        &self,
        ctx: &FunctionCtx,
        t: &[Option<Tensor>],
    ) -> ferrograd::Result<Vec<Option<Tensor>>> {
        self.0.jvp(ctx, t)
    }
}

/// Whether two Python tensors are handles on the same tensor.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _tensor_is_same(a: &Bound<'_, PyTensor>, b: &Bound<'_, PyTensor>) -> bool {
    a.get().t.is_same(&b.get().t)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_function_apply, m)?)?;
    m.add_function(wrap_pyfunction!(_tensor_is_same, m)?)?;
    Ok(())
}
