//! The autograd surface: `requires_grad`, `.grad` (with PyTorch's warning for non-leaves),
//! `grad_fn` nodes, `backward`, hooks, grad mode, anomaly mode, and `torch.autograd.grad` /
//! `backward`.

use crate::convert::type_name;
use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::autograd::{GradOptions, TensorHook, NONLEAF_GRAD_WARNING};
use ferrograd::{BackwardOptions, GradFn, NextFunction, Tensor};
use pyo3::exceptions::PyUserWarning;
use pyo3::gc::PyVisit;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::PyTraverseError;
use std::cell::RefCell;
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

thread_local! {
    /// The first exception Python code (a hook, a custom Function) raised during the current
    /// backward pass.
    static HOOK_ERROR: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

pub(crate) fn take_hook_error() -> Option<PyErr> {
    HOOK_ERROR.with(|e| e.borrow_mut().take())
}

pub(crate) fn stash_hook_error(e: PyErr) {
    HOOK_ERROR.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(e);
        }
    });
}

/// Keeps a Python exception for the caller and gives the library an error to unwind with.
pub(crate) fn stash(e: PyErr) -> ferrograd::Error {
    let msg = e.to_string();
    stash_hook_error(e);
    ferrograd::Error::new(ferrograd::ErrorKind::Runtime, msg)
}

/// What a Python tensor hook holds: its callable, reported to the garbage collector by the
/// tensor object that owns the hook.
pub(crate) struct PyHookState {
    pub(crate) f: Py<PyAny>,
    pub(crate) enabled: Arc<AtomicBool>,
}

/// Runs `f` with a slot of its own for the exceptions of hooks and custom Functions: returns
/// what `f` returned and the first exception raised meanwhile. An exception already pending
/// (for an enclosing backward pass, when `f` runs inside one) is kept for that pass.
pub(crate) fn isolate_hook_errors<R>(f: impl FnOnce() -> R) -> (R, Option<PyErr>) {
    let outer = take_hook_error();
    let r = f();
    let inner = take_hook_error();
    if let Some(e) = outer {
        stash_hook_error(e);
    }
    (r, inner)
}

/// Runs a backward pass with the interpreter released, then raises what a hook raised.
pub(crate) fn run_backward<R: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> ferrograd::Result<R> + Send,
) -> PyResult<R> {
    let (r, err) = isolate_hook_errors(|| py.detach(f));
    if let Some(e) = err {
        return Err(e);
    }
    r.py()
}

/// PyTorch's warning for `backward(create_graph=True)`.
fn warn_create_graph(py: Python<'_>) -> PyResult<()> {
    PyErr::warn(
        py,
        &py.get_type::<PyUserWarning>(),
        c"Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak.",
        1,
    )
}

/// A node of the graph (`grad_fn`), printed `<MulBackward0 object at 0x...>`.
#[pyclass(name = "Node", module = "ferrograd.autograd.graph", frozen, weakref)]
pub struct PyNode {
    pub(crate) f: GradFn,
}

/// The node that accumulates into a leaf's `.grad`.
#[pyclass(name = "AccumulateGrad", module = "ferrograd.autograd.graph", frozen)]
pub struct PyAccumulateGrad {
    variable: Tensor,
}

/// The Python objects of the graph's nodes, by node address, held weakly: while a node's object
/// lives, every `grad_fn` and `next_functions` entry that denotes the node returns that same
/// object (`a.grad_fn is b.grad_fn` for the pieces of a `split`, as in PyTorch). An object
/// holds its node, so an address in the table cannot be reused while its object lives.
static NODE_OBJECTS: std::sync::Mutex<Option<NodeObjects>> = std::sync::Mutex::new(None);

#[derive(Default)]
struct NodeObjects {
    map: std::collections::HashMap<usize, Py<pyo3::types::PyWeakrefReference>>,
    /// The size above which dead entries are swept out.
    sweep_at: usize,
}

fn node_objects() -> std::sync::MutexGuard<'static, Option<NodeObjects>> {
    NODE_OBJECTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The Python object of node `f`: the living one if there is one, else a new one.
pub(crate) fn node_object<'py>(py: Python<'py>, f: GradFn) -> PyResult<Bound<'py, PyNode>> {
    use pyo3::types::PyWeakrefMethods;
    let key = f.address();
    let living = node_objects()
        .as_ref()
        .and_then(|t| t.map.get(&key).map(|w| w.clone_ref(py)));
    if let Some(obj) = living.and_then(|w| w.bind(py).upgrade()) {
        if let Ok(node) = obj.cast_into::<PyNode>() {
            return Ok(node);
        }
    }
    // made outside the lock: creating objects may run the garbage collector, and with it
    // finalizers that reach this table
    let obj = Bound::new(py, PyNode { f })?;
    let weak = pyo3::types::PyWeakrefReference::new(&obj)?.unbind();
    let swept = {
        let mut guard = node_objects();
        let t = guard.get_or_insert_with(NodeObjects::default);
        let old = t.map.insert(key, weak);
        let mut dead = Vec::new();
        if t.map.len() > t.sweep_at {
            let keys: Vec<usize> = t
                .map
                .iter()
                .filter(|(_, w)| w.bind(py).upgrade().is_none())
                .map(|(k, _)| *k)
                .collect();
            dead.extend(keys.into_iter().filter_map(|k| t.map.remove(&k)));
            t.sweep_at = (2 * t.map.len()).max(1024);
        }
        (old, dead)
    };
    drop(swept); // outside the lock
    Ok(obj)
}

fn next_functions<'py>(py: Python<'py>, f: &GradFn) -> PyResult<Bound<'py, PyTuple>> {
    let mut items = Vec::new();
    for nf in f.next_edges() {
        let (node, nr): (Bound<'py, PyAny>, usize) = match nf {
            None => (py.None().into_bound(py), 0),
            Some((NextFunction::Backward(g), nr)) => (node_object(py, g)?.into_any(), nr),
            Some((NextFunction::AccumulateGrad(t), nr)) => (
                Bound::new(py, PyAccumulateGrad { variable: t })?.into_any(),
                nr,
            ),
        };
        items.push(PyTuple::new(py, [node, nr.into_pyobject(py)?.into_any()])?);
    }
    PyTuple::new(py, items)
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyNode {
    fn name(&self) -> &'static str {
        self.f.name()
    }
    #[getter]
    fn next_functions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        next_functions(py, &self.f)
    }
    fn __repr__(&self) -> String {
        if crate::function::is_custom_name(self.f.name()) {
            // PyTorch's nodes of custom Functions are classes of torch.autograd.function
            return format!(
                "<ferrograd.autograd.function.{} object at {:#x}>",
                self.f.name(),
                self.f.address()
            );
        }
        self.f.to_string()
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyNode>()
            .is_ok_and(|o| o.get().f.ptr_eq(&self.f))
    }
    fn __hash__(&self) -> isize {
        self.f.address() as isize
    }
    #[getter]
    fn __name__(&self) -> &'static str {
        self.f.name()
    }
    /// ``grad_fn._saved_<name>``: a tensor the node saved for backward (``_saved_self``,
    /// ``_saved_other``, ``_saved_result``...), as PyTorch names it.
    /// A number the node keeps (``_saved_alpha``) is returned as a Python number.
    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let custom = crate::function::is_custom_name(self.f.name());
        if let Some(saved) = name.strip_prefix("_saved_").filter(|_| !custom) {
            if let Some(t) = self.f.saved_tensor(saved).py()? {
                return Ok(Bound::new(py, PyTensor::from(t))?.into_any());
            }
            if let Some(v) = self.f.saved_value(saved) {
                return Ok(match v {
                    ferrograd::Scalar::Float(x) => x.into_pyobject(py)?.into_any(),
                    ferrograd::Scalar::Int(x) => x.into_pyobject(py)?.into_any(),
                    ferrograd::Scalar::Bool(x) => x.into_pyobject(py)?.to_owned().into_any(),
                });
            }
        }
        Err(pyo3::exceptions::PyAttributeError::new_err(format!(
            "'{}' object has no attribute '{name}'",
            self.f.name()
        )))
    }
    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        let mut names: Vec<String> = slf
            .get_type()
            .dir()?
            .iter()
            .map(|n| n.extract::<String>())
            .collect::<PyResult<_>>()?;
        if !crate::function::is_custom_name(slf.get().f.name()) {
            let f = &slf.get().f;
            names.extend(
                f.saved_names()
                    .into_iter()
                    .chain(f.saved_value_names())
                    .map(|n| format!("_saved_{n}")),
            );
        }
        names.sort();
        names.dedup();
        Ok(names)
    }
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyAccumulateGrad {
    fn name(&self) -> &'static str {
        "torch::autograd::AccumulateGrad"
    }
    #[getter]
    fn variable(&self) -> PyTensor {
        self.variable.clone().into()
    }
    #[getter]
    fn next_functions<'py>(&self, py: Python<'py>) -> Bound<'py, PyTuple> {
        PyTuple::empty(py)
    }
    fn __repr__(&self) -> String {
        format!("<AccumulateGrad object at {:#x}>", self.variable.id())
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAccumulateGrad>()
            .is_ok_and(|o| o.get().variable.is_same(&self.variable))
    }
    fn __hash__(&self) -> isize {
        self.variable.id() as isize
    }
}

/// What `register_hook` returns: `remove()` disables the hook.
#[pyclass(name = "RemovableHandle", module = "ferrograd.utils.hooks", frozen)]
pub struct PyHookHandle {
    pub(crate) enabled: Arc<AtomicBool>,
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyHookHandle {
    fn remove(&self) {
        self.enabled.store(false, Ordering::Release);
    }
    fn __enter__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }
    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, PyTuple>) {
        self.enabled.store(false, Ordering::Release);
    }
}

/// A tensor or a sequence of tensors, as a list.
pub fn tensor_seq(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Tensor>> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        return Ok(vec![t.get().t.clone()]);
    }
    let mut v = Vec::new();
    for item in obj.try_iter().map_err(|_| {
        type_err(format!(
            "{what} must be a Tensor or a sequence of Tensors, not {}",
            type_name(obj)
        ))
    })? {
        let item = item?;
        match item.cast::<PyTensor>() {
            Ok(t) => v.push(t.get().t.clone()),
            Err(_) => {
                return Err(type_err(format!(
                    "{what} must contain Tensors, but got {}",
                    type_name(&item)
                )))
            }
        }
    }
    Ok(v)
}

/// Gradient arguments: tensors, numbers (0-dim tensors) or `None` (the default) per output.
fn grad_seq(obj: &Bound<'_, PyAny>, n: usize) -> PyResult<Option<Vec<Option<Tensor>>>> {
    if obj.is_none() {
        return Ok(None);
    }
    let items: Vec<Bound<'_, PyAny>> = if obj.is_instance_of::<PyTensor>() {
        vec![obj.clone()]
    } else {
        obj.try_iter()?.collect::<PyResult<_>>()?
    };
    if items.len() != n {
        return Err(runtime(format!(
            "grad_outputs sequence length ({}) must equal outputs length ({n})",
            items.len()
        )));
    }
    items
        .iter()
        .map(|g| {
            if g.is_none() {
                Ok(None)
            } else {
                crate::convert::tensor_like(g, "gradient").map(Some)
            }
        })
        .collect::<PyResult<Vec<_>>>()
        .map(Some)
}

/// Fills `None` gradients with ones (only allowed for one-element outputs).
fn fill_grads(
    outputs: &[Tensor],
    grads: Option<Vec<Option<Tensor>>>,
) -> PyResult<Option<Vec<Tensor>>> {
    let Some(grads) = grads else { return Ok(None) };
    if grads.iter().all(|g| g.is_none()) {
        return Ok(None);
    }
    outputs
        .iter()
        .zip(grads)
        .map(|(o, g)| match g {
            Some(g) => Ok(g),
            None if o.numel() == 1 => Ok(o.ones_like()),
            None => Err(runtime(
                "grad can be implicitly created only for scalar outputs",
            )),
        })
        .collect::<PyResult<Vec<_>>>()
        .map(Some)
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// Is ``True`` if gradients need to be computed for this tensor. Set it on a leaf to have
    /// autograd record operations on it (floating point tensors only).
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, 2.0])
    ///     >>> x.requires_grad
    ///     False
    ///     >>> x.requires_grad = True
    ///     >>> (x * 2).requires_grad
    ///     True
    #[getter]
    fn get_requires_grad(&self) -> bool {
        self.t.requires_grad()
    }

    #[setter]
    fn set_requires_grad(&self, flag: bool) -> PyResult<()> {
        self.t.try_set_requires_grad(flag).py()
    }

    /// requires_grad_(requires_grad=True) -> Tensor
    ///
    /// Sets whether autograd should record operations on this tensor, in place, and returns it.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0]).requires_grad_()
    ///     tensor([1.], requires_grad=True)
    #[pyo3(signature = (requires_grad=true))]
    fn requires_grad_<'py>(
        slf: &Bound<'py, Self>,
        requires_grad: bool,
    ) -> PyResult<Bound<'py, Self>> {
        slf.get().t.try_requires_grad_(requires_grad).py()?;
        Ok(slf.clone())
    }

    /// This attribute is ``None`` by default and becomes a tensor the first time a call to
    /// :meth:`backward` computes gradients for this tensor (a leaf, or a tensor that called
    /// :meth:`retain_grad`). Later backward calls accumulate into it.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    ///     >>> (x * x).sum().backward()
    ///     >>> x.grad
    ///     tensor([2., 4.])
    #[getter]
    fn get_grad(&self, py: Python<'_>) -> PyResult<Option<PyTensor>> {
        if self.t.grad_access_warns() {
            let msg = CString::new(NONLEAF_GRAD_WARNING).expect("no NUL in the warning text");
            PyErr::warn(py, &py.get_type::<PyUserWarning>(), &msg, 1)?;
            return Ok(None);
        }
        Ok(self.t.grad().map(PyTensor::from))
    }

    #[setter]
    fn set_grad(&self, grad: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        match grad {
            None => self.t.try_set_grad(None).py(),
            Some(g) if g.is_none() => self.t.try_set_grad(None).py(),
            Some(g) => match g.cast::<PyTensor>() {
                Ok(g) => self.t.try_set_grad(Some(g.get().t.clone())).py(),
                Err(_) => Err(type_err(format!(
                    "assigned grad expected to be a Tensor or None but got grad of type {}",
                    type_name(g)
                ))),
            },
        }
    }

    /// The autograd node that created this tensor (``None`` for leaves and for tensors that do
    /// not require grad).
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0], requires_grad=True)
    ///     >>> (x * 2).grad_fn
    ///     <MulBackward0 object at 0x...>
    #[getter]
    fn grad_fn<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyNode>>> {
        self.t
            .try_grad_fn()
            .py()?
            .map(|f| node_object(py, f))
            .transpose()
    }

    /// The tensor this view was made from, ``None`` when this tensor is not a view.
    ///
    /// Example::
    ///
    ///     >>> y = torch.zeros(2, 3)
    ///     >>> y[0]._base.shape, y._base
    ///     (torch.Size([2, 3]), None)
    #[getter]
    fn _base(&self) -> Option<PyTensor> {
        self.t.base().map(PyTensor::from)
    }

    /// Whether this tensor is a view of another (its :attr:`_base`).
    ///
    /// Example::
    ///
    ///     >>> y = torch.zeros(2, 3)
    ///     >>> y.t()._is_view(), y._is_view(), y.t().detach()._is_view()
    ///     (True, False, False)
    fn _is_view(&self) -> bool {
        self.t.is_view()
    }

    /// All tensors that have :attr:`requires_grad` which is ``False`` are leaf tensors by
    /// convention; tensors that require grad are leaves if they were created by the user rather
    /// than by an operation (their ``grad_fn`` is ``None``). Only leaves get their :attr:`grad`
    /// populated by :meth:`backward`.
    ///
    /// Example::
    ///
    ///     >>> a = torch.rand(2, requires_grad=True)
    ///     >>> a.is_leaf, (a * 2).is_leaf
    ///     (True, False)
    #[getter]
    fn is_leaf(&self) -> PyResult<bool> {
        // an invalid history (see `grad_fn`) is PyTorch's error here too
        self.t.try_grad_fn().py()?;
        Ok(self.t.is_leaf())
    }

    /// The tensor's data as a tensor that does not require grad (sharing memory). Assigning to
    /// it replaces this tensor's data.
    #[getter]
    fn get_data(&self) -> PyTensor {
        self.t.data().into()
    }

    /// `x.data = t`: the values of `t` replace this tensor's (same shape and dtype), without
    /// autograd.
    #[setter]
    fn set_data(&self, value: &Bound<'_, PyTensor>) -> PyResult<()> {
        let v = &value.get().t;
        if v.shape() != self.t.shape() || v.dtype() != self.t.dtype() {
            return Err(runtime(format!(
                "ferrograd can assign .data only from a tensor of the same shape and dtype (got {} {}, expected {} {})",
                v.size(),
                v.dtype(),
                self.t.size(),
                self.t.dtype()
            )));
        }
        let _g = ferrograd::no_grad();
        // through `.data`'s own version counter: as in PyTorch, this tensor's version stays
        self.t.data().try_copy_(v).py()?;
        Ok(())
    }

    /// retain_grad() -> None
    ///
    /// Enables this non-leaf tensor to have its :attr:`grad` populated during :meth:`backward`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0], requires_grad=True)
    ///     >>> y = x * 3
    ///     >>> y.retain_grad()
    ///     >>> (y * y).sum().backward()
    ///     >>> y.grad
    ///     tensor([6.])
    fn retain_grad(&self) -> PyResult<()> {
        self.t.try_retain_grad().py()
    }

    /// Is ``True`` if this tensor is non-leaf and its :attr:`grad` is enabled to be populated
    /// during :meth:`backward`.
    #[getter]
    fn retains_grad(&self) -> bool {
        self.t.retains_grad()
    }

    /// detach() -> Tensor
    ///
    /// Returns a new tensor, detached from the current graph: it shares this tensor's memory
    /// and never requires grad.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0], requires_grad=True)
    ///     >>> x.detach()
    ///     tensor([1.])
    fn detach(&self) -> PyTensor {
        self.t.detach().into()
    }

    /// detach_() -> Tensor
    ///
    /// Detaches this tensor from the graph that created it, making it a leaf, in place.
    fn detach_<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.get().t.detach_();
        slf.clone()
    }

    /// The index of this tensor among the outputs of the operation that created it.
    #[getter]
    fn output_nr(&self) -> usize {
        self.t.output_nr()
    }

    #[getter]
    fn _version(&self) -> u64 {
        self.t.version()
    }

    /// backward(gradient=None, retain_graph=None, create_graph=False, inputs=None) -> None
    ///
    /// Computes the gradient of this tensor with respect to the graph leaves and accumulates it
    /// in their :attr:`grad`. For a tensor with more than one element, :attr:`gradient` (of the
    /// same shape) must be given.
    ///
    /// See :func:`torch.autograd.backward`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    ///     >>> y = (x ** 2).sum()
    ///     >>> y.backward()
    ///     >>> x.grad
    ///     tensor([2., 4.])
    #[pyo3(signature = (gradient=None, retain_graph=None, create_graph=false, inputs=None))]
    fn backward(
        &self,
        py: Python<'_>,
        gradient: Option<&Bound<'_, PyAny>>,
        retain_graph: Option<bool>,
        create_graph: bool,
        inputs: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        if create_graph {
            warn_create_graph(py)?;
        }
        let mut opts = BackwardOptions::new().create_graph(create_graph);
        if let Some(g) = gradient.filter(|g| !g.is_none()) {
            opts = opts.gradient(crate::convert::tensor_like(g, "gradient")?);
        }
        if let Some(r) = retain_graph {
            opts = opts.retain_graph(r);
        }
        if let Some(i) = inputs.filter(|i| !i.is_none()) {
            opts = opts.inputs(tensor_seq(i, "inputs")?);
        }
        let t = &self.t;
        run_backward(py, || t.try_backward_opts(&opts))
    }

    /// register_hook(hook) -> RemovableHandle
    ///
    /// Registers a backward hook, called with the gradient of this tensor each time it is
    /// computed: ``hook(grad) -> Tensor or None``. A returned tensor replaces the gradient.
    /// Returns a handle whose ``remove()`` removes the hook.
    ///
    /// Example::
    ///
    ///     >>> v = torch.tensor([0.0, 0.0, 0.0], requires_grad=True)
    ///     >>> h = v.register_hook(lambda grad: grad * 2)
    ///     >>> v.backward(torch.tensor([1.0, 2.0, 3.0]))
    ///     >>> v.grad
    ///     tensor([2., 4., 6.])
    ///     >>> h.remove()
    fn register_hook(&self, hook: &Bound<'_, PyAny>) -> PyResult<PyHookHandle> {
        // PyTorch names the hook in its messages by `__name__`
        let name = hook
            .getattr("__name__")
            .ok()
            .and_then(|n| n.extract::<String>().ok())
            .unwrap_or_else(|| "<unknown>".to_string());
        let enabled = Arc::new(AtomicBool::new(true));
        let state = Arc::new(PyHookState {
            f: hook.clone().unbind(),
            enabled: enabled.clone(),
        });
        let st = state.clone();
        let h = TensorHook::fallible(move |g: &Tensor| {
            if !st.enabled.load(Ordering::Acquire) {
                return Ok(None);
            }
            Python::attach(|py| {
                let r =
                    st.f.call1(py, (PyTensor::from(g.clone()),))
                        .map_err(stash)?;
                if r.is_none(py) {
                    return Ok(None);
                }
                match r.bind(py).cast::<PyTensor>() {
                    Ok(t) => Ok(Some(t.get().t.clone())),
                    Err(_) => Err(stash(type_err(format!(
                        "expected Variable, but hook returned '{}'",
                        type_name(r.bind(py))
                    )))),
                }
            })
        })
        .named(&name)
        .with_state(state);
        self.t.try_register_tensor_hook(h).py()?;
        Ok(PyHookHandle { enabled })
    }

    /// The garbage collector's view of the tensor: the callables of its hooks, when this
    /// object is the only way to reach them (see `Tensor::exclusive_hook_states`), so that a
    /// hook that refers back to its tensor forms a cycle Python can collect.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        for s in self.t.exclusive_hook_states() {
            if let Some(h) = s.downcast_ref::<PyHookState>() {
                visit.call(&h.f)?;
            }
            if let Some(h) = s.downcast_ref::<crate::node_hooks::PyNodeHookState>() {
                visit.call(&h.0)?;
            }
            if let Some(c) = s.downcast_ref::<crate::function::PyCtxState>() {
                c.visit(&visit)?;
            }
        }
        Ok(())
    }

    fn __clear__(&self) {
        if !self.t.exclusive_hook_states().is_empty() {
            self.t.clear_hooks();
        }
    }
}

/// grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False) -> tuple of Tensors
///
/// Computes and returns the sum of gradients of outputs with respect to the inputs, without
/// accumulating them in the inputs' :attr:`grad`.
///
/// :attr:`grad_outputs` should be a sequence of length matching :attr:`outputs` containing the
/// "vector" in the vector-Jacobian product, usually the pre-computed gradients w.r.t. each of the
/// outputs. If an output does not require grad (or has one element), its gradient can be
/// ``None``.
///
/// Args:
///     outputs (sequence of Tensor or Tensor): outputs of the differentiated function.
///     inputs (sequence of Tensor or Tensor): inputs w.r.t. which the gradient will be returned
///         (and not accumulated into ``.grad``).
///     grad_outputs (sequence of Tensor, optional): the "vector" in the vector-Jacobian product.
///     retain_graph (bool, optional): if ``False``, the graph used to compute the grad will be
///         freed. Defaults to the value of :attr:`create_graph`.
///     create_graph (bool, optional): if ``True``, the graph of the derivative will be
///         constructed, allowing to compute higher order derivative products.
///     allow_unused (bool, optional): if ``False``, specifying inputs that were not used when
///         computing outputs (and therefore their grad is always zero) is an error; if ``True``
///         their gradient is ``None`` (or zeros with :attr:`materialize_grads`).
///     is_grads_batched (bool, optional): if ``True``, the first dimension of each tensor in
///         :attr:`grad_outputs` is a batch dimension.
///     materialize_grads (bool, optional): if ``True``, set the gradient for unused inputs to
///         zero instead of ``None``.
///
/// Example::
///
///     >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
///     >>> y = (x ** 3).sum()
///     >>> (g,) = torch.autograd.grad(y, x, create_graph=True)
///     >>> g
///     tensor([ 3., 12.], grad_fn=<MulBackward0>)
///     >>> torch.autograd.grad(g.sum(), x)
///     (tensor([ 6., 12.]),)
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=false, only_inputs=true, allow_unused=None, is_grads_batched=false, materialize_grads=false))]
#[allow(clippy::too_many_arguments)]
fn grad<'py>(
    py: Python<'py>,
    outputs: &Bound<'py, PyAny>,
    inputs: &Bound<'py, PyAny>,
    grad_outputs: Option<&Bound<'py, PyAny>>,
    retain_graph: Option<bool>,
    create_graph: bool,
    only_inputs: bool,
    allow_unused: Option<bool>,
    is_grads_batched: bool,
    materialize_grads: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let _ = only_inputs;
    let outs = tensor_seq(outputs, "outputs")?;
    let ins = tensor_seq(inputs, "inputs")?;
    for (i, o) in outs.iter().enumerate() {
        if !o.requires_grad() {
            return Err(runtime(format!(
                "element {i} of tensors does not require grad and does not have a grad_fn"
            )));
        }
    }
    let mut opts = GradOptions::new()
        .create_graph(create_graph)
        .allow_unused(allow_unused.unwrap_or(materialize_grads))
        .materialize_grads(materialize_grads)
        .is_grads_batched(is_grads_batched);
    if allow_unused == Some(false) && materialize_grads {
        return Err(crate::errors::value_err(
            "Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.",
        ));
    }
    if let Some(r) = retain_graph {
        opts = opts.retain_graph(r);
    }
    if let Some(g) = grad_outputs {
        if let Some(g) = fill_grads(&outs, grad_seq(g, outs.len())?)? {
            opts = opts.grad_outputs(g);
        }
    }
    let r = run_backward(py, || ferrograd::autograd::grad_with(&outs, &ins, &opts))?;
    let items: Vec<Option<PyTensor>> = r.into_iter().map(|g| g.map(PyTensor::from)).collect();
    PyTuple::new(py, items)
}

/// backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None) -> None
///
/// Computes the sum of gradients of given tensors with respect to graph leaves, accumulating
/// them in the leaves' :attr:`grad`.
///
/// The graph is differentiated using the chain rule. If any of :attr:`tensors` are non-scalar
/// and require gradient, then the Jacobian-vector product is computed and :attr:`grad_tensors`
/// must give the "vector" (a tensor of matching shape for each of them).
///
/// Args:
///     tensors (Sequence[Tensor] or Tensor): tensors of which the derivative will be computed.
///     grad_tensors (Sequence[Tensor or None] or Tensor, optional): the "vector" in the
///         Jacobian-vector product, usually gradients w.r.t. each element of corresponding
///         tensors. ``None`` values can be specified for scalar tensors.
///     retain_graph (bool, optional): if ``False``, the graph used to compute the grad will be
///         freed. Defaults to the value of :attr:`create_graph`.
///     create_graph (bool, optional): if ``True``, the graph of the derivative will be
///         constructed, allowing to compute higher order derivative products.
///     inputs (Sequence[Tensor] or Tensor, optional): inputs w.r.t. which the gradient will be
///         accumulated into ``.grad``; all other tensors are ignored.
///
/// Example::
///
///     >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
///     >>> y = x * 3
///     >>> torch.autograd.backward(y, torch.tensor([1.0, 0.5]))
///     >>> x.grad
///     tensor([3.0000, 1.5000])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (tensors, grad_tensors=None, retain_graph=None, create_graph=false, grad_variables=None, inputs=None))]
fn backward(
    py: Python<'_>,
    tensors: &Bound<'_, PyAny>,
    grad_tensors: Option<&Bound<'_, PyAny>>,
    retain_graph: Option<bool>,
    create_graph: bool,
    grad_variables: Option<&Bound<'_, PyAny>>,
    inputs: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let ts = tensor_seq(tensors, "tensors")?;
    if create_graph {
        warn_create_graph(py)?;
    }
    let g = grad_tensors.or(grad_variables);
    let grads = match g {
        Some(g) => fill_grads(&ts, grad_seq(g, ts.len())?)?,
        None => None,
    };
    let ins = match inputs.filter(|i| !i.is_none()) {
        Some(i) => Some(tensor_seq(i, "inputs")?),
        None => None,
    };
    run_backward(py, || {
        Tensor::backward_many(
            &ts,
            grads.as_deref(),
            retain_graph,
            create_graph,
            ins.as_deref(),
        )
    })
}

/// is_grad_enabled() -> bool
///
/// Returns True if grad mode is currently enabled (in this thread).
///
/// Example::
///
///     >>> torch.is_grad_enabled()
///     True
///     >>> with torch.no_grad():
///     ...     torch.is_grad_enabled()
///     False
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn is_grad_enabled() -> bool {
    ferrograd::is_grad_enabled()
}

/// Sets grad mode on this thread; returns the previous mode.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_grad_enabled(enabled: bool) -> bool {
    let prev = ferrograd::is_grad_enabled();
    std::mem::forget(ferrograd::set_grad_enabled(enabled));
    prev
}

/// is_inference_mode_enabled() -> bool
///
/// Returns True if inference mode is currently enabled (in this thread).
///
/// Example::
///
///     >>> torch.is_inference_mode_enabled()
///     False
///     >>> with torch.inference_mode():
///     ...     torch.is_inference_mode_enabled()
///     True
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn is_inference_mode_enabled() -> bool {
    ferrograd::is_inference_mode_enabled()
}

/// Sets inference mode (and, when turning it on, turns grad mode off) on this thread; returns
/// the previous (inference mode, grad mode).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_inference_mode(mode: bool) -> (bool, bool) {
    let prev = (
        ferrograd::is_inference_mode_enabled(),
        ferrograd::is_grad_enabled(),
    );
    std::mem::forget(ferrograd::inference_mode(mode));
    prev
}

/// Restores the inference mode and grad mode returned by `_set_inference_mode`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _restore_inference_mode(inference: bool, grad: bool) {
    std::mem::forget(ferrograd::inference_mode(inference));
    std::mem::forget(ferrograd::set_grad_enabled(grad));
}

/// is_anomaly_enabled() -> bool
///
/// Returns True if anomaly detection is currently enabled (see
/// :class:`torch.autograd.detect_anomaly`).
///
/// Example::
///
///     >>> torch.is_anomaly_enabled()
///     False
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn is_anomaly_enabled() -> bool {
    ferrograd::autograd::is_anomaly_enabled()
}

/// Turns anomaly detection on or off; returns the previous mode.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_anomaly_enabled(enabled: bool) -> bool {
    let prev = ferrograd::autograd::is_anomaly_enabled();
    std::mem::forget(ferrograd::autograd::set_detect_anomaly(enabled));
    prev
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNode>()?;
    m.add_class::<PyAccumulateGrad>()?;
    m.add_class::<PyHookHandle>()?;
    m.add_function(wrap_pyfunction!(grad, m)?)?;
    m.add_function(wrap_pyfunction!(backward, m)?)?;
    m.add_function(wrap_pyfunction!(is_grad_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(_set_grad_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(is_inference_mode_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(_set_inference_mode, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_inference_mode, m)?)?;
    m.add_function(wrap_pyfunction!(is_anomaly_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(_set_anomaly_enabled, m)?)?;
    Ok(())
}
