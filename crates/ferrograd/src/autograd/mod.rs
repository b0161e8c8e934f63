//! Reverse-mode automatic differentiation: the graph, the engine, grad mode and `grad()`.
//!
//! Every differentiable operation whose inputs require grad records a [`Node`] holding its backward
//! rule, written with ordinary tensor operations, so the same rule gives first and higher
//! derivatives (`create_graph`). An op with several outputs (`split`, `unbind`, `var_mean`, a
//! custom Function's) records one node with an output index per output. The engine walks the
//! graph iteratively in decreasing sequence number (a topological order): nothing recurses per
//! node, neither backward nor dropping a graph.

mod anomaly;
pub(crate) mod batch;
pub(crate) mod engine;
pub mod forward_ad;
mod function;
pub mod functional;
mod grad_mode;
mod gradcheck;
pub(crate) mod graph_task;
mod hooks;
mod saved_hooks;
mod task_index;
pub mod taylor;
mod tensor_api;
#[cfg(test)]
pub(crate) mod test_ops;
pub(crate) mod view_inplace;

pub use anomaly::{is_anomaly_enabled, set_detect_anomaly, AnomalyGuard};
pub use engine::{grad, grad_with, GradOptions};
pub use function::{apply, apply_multi, Function, FunctionCtx, MultiFunction};
pub use grad_mode::{
    enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
    set_grad_enabled, GradModeGuard, InferenceModeGuard,
};
pub use gradcheck::{
    analytical_jacobian, fast_mismatch, forward_jacobian, gradcheck, gradgradcheck,
    numerical_jacobian, FastMismatch, GradcheckOptions, Jacobians,
};
pub use hooks::{NodeHook, TensorHook};
pub use saved_hooks::{
    disable_saved_tensors_hooks, increment_version, saved_tensors_hooks, Packed, SavedTensorHooks,
    SavedTensorHooksGuard,
};
pub use tensor_api::{BackwardOptions, NONLEAF_GRAD_WARNING};

use crate::error::{runtime, Result};
use crate::tensor::{Tensor, TensorImpl};
use smallvec::SmallVec;
use std::cell::Cell;
use std::panic::Location;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// A gradient hook: receives the gradient flowing into a tensor and may return a replacement.
pub(crate) type Hook = TensorHook;

/// The autograd state of one tensor.
#[derive(Default)]
pub(crate) struct AutogradMeta {
    pub(crate) requires_grad: bool,
    pub(crate) grad_fn: Option<Arc<Node>>,
    pub(crate) grad: Option<Tensor>,
    pub(crate) retains_grad: bool,
    /// Hooks of a leaf (a non-leaf's hooks live on its node).
    pub(crate) hooks: Vec<Hook>,
    /// The forward-mode tangent (inside a dual level).
    pub(crate) tangent: Option<Tensor>,
    /// Which output of `grad_fn` this tensor is (PyTorch's `output_nr`): 0 but for the pieces
    /// of an op with several outputs (`split`, `unbind`, `var_mean`, a custom Function's).
    pub(crate) output_nr: u32,
}

impl AutogradMeta {
    /// Makes `node`'s output `nr` this tensor's history; returns the former `grad_fn`.
    pub(crate) fn set_grad_fn(&mut self, node: Arc<Node>, nr: u32) -> Option<Arc<Node>> {
        self.output_nr = nr;
        self.grad_fn.replace(node)
    }
}

/// Where a gradient goes next: output `nr` of another node, or a leaf tensor whose `.grad`
/// accumulates it.
pub(crate) enum Edge {
    Node(Arc<Node>, u32),
    Leaf(Arc<TensorImpl>),
}

/// A tensor saved for backward, with the storage version it had when saved.
pub(crate) struct SavedTensor {
    /// PyTorch's name for it (`grad_fn._saved_<name>`): `self`, `other`, `result`, ...;
    /// empty for a value PyTorch does not save as a tensor (a wrapped Python number).
    name: &'static str,
    data: Tensor,
    version: u64,
    is_output: bool,
    /// For a saved output: which output of the node it is.
    output_nr: u32,
    /// What forward mode or saved-tensor hooks add, boxed: nearly every saved tensor has
    /// neither, and a node keeps its saved tensors inline, so they are kept small.
    rare: Option<Box<SavedRare>>,
}

/// The seldom-used part of a [`SavedTensor`].
struct SavedRare {
    /// A saved output's forward-mode tangent and its dual level: the saved alias is a new
    /// tensor, so the tangent is carried here and reattached on unpack (forward-over-reverse).
    tangent: Option<(u64, Tensor)>,
    /// What the saved-tensor hooks in force when it was saved made of it (or their error,
    /// reported when backward reads it).
    packed: Option<Result<saved_hooks::PackedTensor>>,
}

impl SavedRare {
    fn boxed(
        tangent: Option<(u64, Tensor)>,
        packed: Option<Result<saved_hooks::PackedTensor>>,
    ) -> Option<Box<SavedRare>> {
        (tangent.is_some() || packed.is_some()).then(|| Box::new(SavedRare { tangent, packed }))
    }
}

/// The saved-tensor hooks' packing of `t`, when hooks are in force.
fn pack(t: &Tensor) -> Option<Result<saved_hooks::PackedTensor>> {
    let hooks = saved_hooks::current()?;
    Some(
        hooks
            .pack(t)
            .map(|packed| saved_hooks::PackedTensor { hooks, packed }),
    )
}

impl SavedTensor {
    pub(crate) fn input(name: &'static str, t: &Tensor) -> SavedTensor {
        SavedTensor {
            name,
            data: t.clone(),
            version: t.version(),
            is_output: false,
            output_nr: 0,
            rare: SavedRare::boxed(None, pack(t)),
        }
    }
    /// Saves an op's own output without a reference cycle: the node is reattached on unpack.
    pub(crate) fn output(t: &Tensor) -> SavedTensor {
        Self::output_nr(t, "result", 0)
    }
    /// Saves output `nr` of a node with several outputs, under `name` (`result0`, ...).
    pub(crate) fn output_nr(t: &Tensor, name: &'static str, nr: u32) -> SavedTensor {
        SavedTensor {
            name,
            data: t.alias_same_layout(),
            version: t.version(),
            is_output: true,
            output_nr: nr,
            rare: SavedRare::boxed(
                forward_ad::level_id().and_then(|id| t.meta().tangent.clone().map(|tg| (id, tg))),
                pack(t),
            ),
        }
    }

    fn unpack(&self, node: &Arc<Node>) -> Result<Tensor> {
        let anomaly = anomaly::is_anomaly_enabled();
        let now = self.data.version();
        if now != self.version {
            let t = &self.data;
            let producer = if self.is_output {
                Some(node.name)
            } else {
                t.meta().grad_fn.as_ref().map(|n| n.name)
            };
            let which = match producer {
                Some(name) => format!(
                    ", which is output {} of {},",
                    if self.is_output {
                        self.output_nr
                    } else {
                        t.meta().output_nr
                    },
                    name.trim_end_matches(|c: char| c.is_ascii_digit())
                        .trim_end_matches("Backward")
                ),
                None => String::new(),
            };
            return Err(runtime(format!(
                "one of the variables needed for gradient computation has been modified by an inplace operation: [{} {}]{} is at version {}; expected version {} instead. {}",
                t.dtype().legacy_type_name(),
                crate::tensor::fmt_list(t.shape()),
                which,
                now,
                self.version,
                if anomaly {
                    let modified = t.0.counter().modified_at().map_or(String::new(), |l| format!(" It was last modified in place at {l}."));
                    format!(
                        "Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck! The tensor was saved by {} (forward call at {}).{modified}",
                        node.name, node.location
                    )
                } else {
                    "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).".to_string()
                }
            )));
        }
        let (tangent, packed) = match &self.rare {
            Some(r) => (r.tangent.as_ref(), r.packed.as_ref()),
            None => (None, None),
        };
        let unpacked = match packed {
            None => None,
            Some(Ok(p)) => Some(p.hooks.unpack(&p.packed)?),
            Some(Err(e)) => return Err(e.clone()),
        };
        if self.is_output {
            let t = unpacked.as_ref().unwrap_or(&self.data).alias_same_layout();
            {
                let mut m = t.meta();
                m.requires_grad = true;
                m.set_grad_fn(node.clone(), self.output_nr);
            }
            if let Some((id, tg)) = tangent
                && forward_ad::level_id() == Some(*id)
            {
                forward_ad::attach_tangent(&t, tg.clone());
            }
            Ok(t)
        } else {
            Ok(unpacked.unwrap_or_else(|| self.data.clone()))
        }
    }
}

/// What a backward rule sees: the gradient of the node's output, the saved tensors (unpacked and
/// version-checked) and which inputs need a gradient.
pub(crate) struct BackwardCtx<'a> {
    /// The gradient of the output (for a node with several outputs, the first one that
    /// received a gradient: such a rule reads [`BackwardCtx::grads`]).
    pub(crate) grad: &'a Tensor,
    /// One gradient per output of the node, `None` for an output that received none.
    pub(crate) grads: &'a [Option<Tensor>],
    pub(crate) saved: Vec<Tensor>,
    next: &'a [Option<Edge>],
}

impl<'a> BackwardCtx<'a> {
    /// The context of a rule of a node with `next` edges, given the output gradients (at least
    /// one present).
    pub(crate) fn new(
        grads: &'a [Option<Tensor>],
        saved: Vec<Tensor>,
        next: &'a [Option<Edge>],
    ) -> BackwardCtx<'a> {
        BackwardCtx {
            grad: grads
                .iter()
                .flatten()
                .next()
                .expect("a rule runs with at least one output gradient"),
            grads,
            saved,
            next,
        }
    }

    /// Whether input `i` needs a gradient (compute only those).
    pub(crate) fn needs(&self, i: usize) -> bool {
        self.next.get(i).is_some_and(|e| e.is_some())
    }

    /// The gradient of input `i` computed by `f`, or `None` (without running `f`) when that
    /// input needs none.
    pub(crate) fn grad_if(
        &self,
        i: usize,
        f: impl FnOnce() -> Result<Tensor>,
    ) -> Result<Option<Tensor>> {
        if self.needs(i) {
            f().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// A backward rule, stored unboxed at the end of its node.
pub(crate) type BackwardDyn = dyn Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync;

/// The next edges of a node, inline for up to three inputs.
pub(crate) type Edges = SmallVec<[Option<Edge>; 3]>;
/// The saved tensors of a node, inline for up to two.
pub(crate) type SavedList = SmallVec<[SavedTensor; 2]>;

/// One recorded operation of the graph: its backward rule, saved tensors and next edges.
///
/// The rule is stored in the node itself (one allocation per node): a node is created with its
/// concrete closure type `F` and used through `Arc<Node>`, whose `F` is the unsized rule type.
#[allow(private_interfaces)]
pub struct Node<F: ?Sized = BackwardDyn> {
    name: &'static str,
    seq: u64,
    /// The task this node has in a running backward pass (`task_index`), 0 when none.
    pub(crate) task: std::sync::atomic::AtomicU64,
    /// Whether the rule takes a batched gradient (a batch dimension in front, as
    /// `is_grads_batched` passes): every built-in rule does; a custom Function's does not, and
    /// runs once per batch element.
    pub(crate) batched: bool,
    /// Whether the rule keeps values that PyTorch saves as tensors (the number of `x * 2`,
    /// a wrapped scalar in PyTorch): the node is then freed after a backward pass like a node
    /// with saved tensors, and a second pass through it is the freed-graph error.
    pub(crate) holds_values: bool,
    /// How many outputs the op has (its rule gets one gradient per output).
    pub(crate) outputs: u32,
    pub(crate) next: Edges,
    saved: Mutex<Option<SavedList>>,
    /// Hooks, a retained output and a Function's state: made on first use (most nodes never
    /// have any), so that the node stays small.
    extras: std::sync::OnceLock<Box<NodeExtras>>,
    /// Where the forward operation was called (reported in anomaly mode).
    pub(crate) location: &'static Location<'static>,
    backward: F,
}

/// The outputs of a node that retain their grad, by output index.
pub(crate) type Retained = SmallVec<[(u32, Weak<TensorImpl>); 1]>;

/// What a node has only when asked for: hooks, its retained output, a Function's state.
#[derive(Default)]
pub(crate) struct NodeExtras {
    /// Hooks registered on the node's output tensors (run before the rule), each with the
    /// index of its output.
    pub(crate) pre_hooks: TouchedMutex<Vec<(u32, Hook)>>,
    /// The output tensors that retain their grad, with their indices.
    pub(crate) retained: TouchedMutex<Retained>,
    /// Hooks on the gradients the rule computed (`grad_fn.register_hook`).
    pub(crate) post_hooks: TouchedMutex<Vec<hooks::NodeHook>>,
    /// Hooks on all the outputs' gradients before the rule (`grad_fn.register_prehook`).
    pub(crate) outputs_pre_hooks: TouchedMutex<Vec<hooks::NodeHook>>,
    /// What a custom Function keeps for a binding ([`Function::state`]).
    pub(crate) state: std::sync::OnceLock<Arc<dyn std::any::Any + Send + Sync>>,
    /// Numbers the rule keeps that PyTorch shows as `grad_fn._saved_<name>` (an `alpha` other
    /// than 1).
    pub(crate) values: std::sync::OnceLock<Vec<(&'static str, crate::Scalar)>>,
}

/// Keeps `value` under `name` on the node `out` was just given, when that node is `node_name`
/// (nothing when `out` has none, or shows another: an in-place op on a view leaves the view
/// with a view node of its own).
pub(crate) fn keep_value(out: &Tensor, node_name: &str, name: &'static str, value: crate::Scalar) {
    if let Some(node) = out.grad_fn_arc().filter(|n| n.name() == node_name) {
        let values = &node.extras().values;
        if values.set(vec![(name, value)]).is_err() {
            debug_assert!(false, "a node keeps its values once");
        }
    }
}

/// The nodes that PyTorch gives an `alpha` (1 unless the op was given another).
const ALPHA_NODES: [&str; 4] = [
    "AddBackward0",
    "SubBackward0",
    "RsubBackward0",
    "RsubBackward1",
];

/// A mutex that remembers whether it was ever locked, so that the engine can skip the lock (an
/// atomic read-modify-write per node) for the hook lists that nearly every node leaves empty.
pub(crate) struct TouchedMutex<T> {
    touched: AtomicBool,
    inner: Mutex<T>,
}

impl<T: Default> Default for TouchedMutex<T> {
    fn default() -> Self {
        TouchedMutex {
            touched: AtomicBool::new(false),
            inner: Mutex::new(T::default()),
        }
    }
}

impl<T> TouchedMutex<T> {
    /// Locks (and marks as touched).
    pub(crate) fn lock(&self) -> std::sync::LockResult<std::sync::MutexGuard<'_, T>> {
        self.touched.store(true, Ordering::Release);
        self.inner.lock()
    }
    /// The value, unless another thread holds the lock (does not mark as touched).
    pub(crate) fn try_lock(&self) -> Option<std::sync::MutexGuard<'_, T>> {
        match self.inner.try_lock() {
            Ok(g) => Some(g),
            Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }
    /// Whether [`TouchedMutex::lock`] was ever called: if not, the value is the initial one.
    pub(crate) fn touched(&self) -> bool {
        self.touched.load(Ordering::Acquire)
    }
    /// A copy of the value if it was ever locked (else it is the initial one: `None`).
    pub(crate) fn cloned_if_touched(&self) -> Option<T>
    where
        T: Clone,
    {
        self.touched()
            .then(|| self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

thread_local! {
    static SEQ: Cell<u64> = const { Cell::new(0) };
}

/// The sequence number of a new node with edges `next`: this thread's creation order, and
/// always above every node it feeds into, also one made on another thread. The engine relies on
/// that (a topological order): it runs nodes in decreasing sequence number, so a node runs only
/// after every node that can pass it a gradient, without counting dependencies first.
fn next_seq(next: &[Option<Edge>]) -> u64 {
    let below = next
        .iter()
        .map(|e| match e {
            Some(Edge::Node(n, _)) => n.seq,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    SEQ.with(|s| {
        let v = s.get().max(below) + 1;
        s.set(v);
        v
    })
}

impl Node {
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }
    /// The node's hooks and state, made on first use.
    pub(crate) fn extras(&self) -> &NodeExtras {
        self.extras.get_or_init(Box::default)
    }
    /// The node's hooks and state, if it was ever given any.
    pub(crate) fn extras_if_any(&self) -> Option<&NodeExtras> {
        self.extras.get().map(|b| &**b)
    }
}

impl<F: ?Sized> Drop for Node<F> {
    fn drop(&mut self) {
        // Iterative teardown: take the children out so that dropping a long chain never recurses.
        let mut stack: NodeStack = SmallVec::new();
        collect_children(self, &mut stack);
        while let Some(mut n) = stack.pop() {
            // The last handle on a node (nodes have no weak handles): empty it before it drops.
            if let Some(inner) = Arc::get_mut(&mut n) {
                collect_children(inner, &mut stack);
            }
            drop(n);
        }
    }
}

type NodeStack = SmallVec<[Arc<Node>; 8]>;

fn collect_children<F: ?Sized>(node: &mut Node<F>, stack: &mut NodeStack) {
    while let Some(e) = node.next.pop() {
        match e {
            Some(Edge::Node(n, _)) => stack.push(n),
            Some(Edge::Leaf(l)) => take_grad_fn_if_unique(l, stack),
            None => {}
        }
    }
    if let Some(saved) = node.saved.get_mut().unwrap_or_else(|e| e.into_inner()) {
        while let Some(s) = saved.pop() {
            take_grad_fn_if_unique(s.data.0, stack);
        }
    }
}

fn take_grad_fn_if_unique(t: Arc<TensorImpl>, stack: &mut NodeStack) {
    if let Ok(inner) = Arc::try_unwrap(t) {
        let mut meta = inner.meta.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = meta.grad_fn.take() {
            stack.push(n);
        }
        if let Some(g) = meta.grad.take() {
            take_grad_fn_if_unique(g.0, stack);
        }
    }
}

/// Drops a node reference without recursion through long chains.
pub(crate) fn release_node(node: Arc<Node>) {
    drop(node); // Node::drop is itself iterative.
}

#[inline]
fn edge_of(t: &Tensor) -> Option<Edge> {
    view_inplace::refresh(t);
    current_edge_of(t)
}

/// [`edge_of`] for a tensor whose history is current (a view refreshed from its base).
#[inline]
fn current_edge_of(t: &Tensor) -> Option<Edge> {
    let m = t.meta_if_any()?;
    if let Some(gf) = &m.grad_fn {
        Some(Edge::Node(gf.clone(), m.output_nr))
    } else if m.requires_grad {
        Some(Edge::Leaf(t.0.clone()))
    } else {
        None
    }
}

/// Records `out` as the result of op `name` over `inputs`, when any input requires grad and grad
/// mode is on; otherwise returns `out` untouched.
///
/// `saved` tensors, each under PyTorch's name for it (`("self", x)`), are version-checked on
/// unpack; with `save_output` the output is saved last, as `result`. Inside a dual level the
/// output's tangent is derived first; an error deriving it is returned.
#[track_caller]
#[inline]
pub(crate) fn record(
    name: &'static str,
    out: Tensor,
    inputs: &[&Tensor],
    saved: &[(&'static str, &Tensor)],
    save_output: bool,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<Tensor> {
    record_batching(
        Batching::Whole,
        name,
        out,
        inputs,
        saved,
        save_output,
        backward,
    )
}

/// [`record`] for a rule that does not take batched gradients (custom Functions): in a
/// vectorized pass the engine runs it once per batch element.
#[track_caller]
#[inline]
pub(crate) fn record_unbatched(
    name: &'static str,
    out: Tensor,
    inputs: &[&Tensor],
    saved: &[(&'static str, &Tensor)],
    save_output: bool,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<Tensor> {
    record_batching(
        Batching::PerElement,
        name,
        out,
        inputs,
        saved,
        save_output,
        backward,
    )
}

/// How a node's rule meets a batched gradient (`is_grads_batched`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Batching {
    /// The rule takes the whole batch at once (its gradient has the batch dimension in front).
    Whole,
    /// The engine runs the rule once per element of the batch and stacks the results.
    PerElement,
}

impl Batching {
    /// `Whole` when `whole` holds (a rule that takes batches only for some inputs, such as
    /// those with at least one dimension), else `PerElement`.
    pub(crate) fn whole_if(whole: bool) -> Batching {
        if whole {
            Batching::Whole
        } else {
            Batching::PerElement
        }
    }
}

/// [`record`] or [`record_unbatched`], as `batching` says.
#[track_caller]
#[inline]
pub(crate) fn record_batching(
    batching: Batching,
    name: &'static str,
    out: Tensor,
    inputs: &[&Tensor],
    saved: &[(&'static str, &Tensor)],
    save_output: bool,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<Tensor> {
    record_impl(
        name,
        out,
        inputs,
        0,
        saved,
        save_output,
        batching == Batching::Whole,
        false,
        backward,
    )
}

/// [`record`] with `extra_edges` empty edges after the inputs' (a Python number that PyTorch
/// wraps in a tensor not requiring grad shows as one in `next_functions`); `holds_values`: the
/// rule keeps a value PyTorch saves as a tensor (see `Node::holds_values`).
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_with(
    name: &'static str,
    out: Tensor,
    inputs: &[&Tensor],
    extra_edges: usize,
    saved: &[(&'static str, &Tensor)],
    save_output: bool,
    holds_values: bool,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<Tensor> {
    record_impl(
        name,
        out,
        inputs,
        extra_edges,
        saved,
        save_output,
        true,
        holds_values,
        backward,
    )
}

#[track_caller]
#[allow(clippy::too_many_arguments)]
fn record_impl(
    name: &'static str,
    out: Tensor,
    inputs: &[&Tensor],
    extra_edges: usize,
    saved: &[(&'static str, &Tensor)],
    save_output: bool,
    batched: bool,
    holds_values: bool,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<Tensor> {
    if forward_ad::active() {
        let tensors: SmallVec<[&Tensor; 3]> = saved.iter().map(|&(_, t)| t).collect();
        forward_ad::propagate(name, &out, inputs, &tensors, save_output, &backward)?;
    }
    Ok(attach_node(
        name,
        out,
        inputs,
        extra_edges,
        saved,
        save_output,
        batched,
        holds_values,
        backward,
    ))
}

/// The edges of a node over `inputs`, or `None` when no input requires grad.
fn edges_of(inputs: &[&Tensor]) -> Option<Edges> {
    let mut state = false;
    for t in inputs {
        // a view whose base changed takes its new history first
        view_inplace::refresh(t);
        state |= t.has_meta();
    }
    if !state {
        // tensors that never had autograd state: nothing to record, no list to build
        return None;
    }
    let mut next = Edges::new();
    let mut any = false;
    for t in inputs {
        let e = current_edge_of(t);
        any |= e.is_some();
        next.push(e);
    }
    any.then_some(next)
}

/// `saved` as saved inputs, each under its name.
fn saved_inputs(saved: &[(&'static str, &Tensor)]) -> SavedList {
    saved
        .iter()
        .map(|&(name, t)| SavedTensor::input(name, t))
        .collect()
}

/// The reverse-mode half of [`record`]: gives `out` a node when grad mode is on and an input
/// requires grad (no tangent is propagated).
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub(crate) fn attach_node(
    name: &'static str,
    out: Tensor,
    inputs: &[&Tensor],
    extra_edges: usize,
    saved: &[(&'static str, &Tensor)],
    save_output: bool,
    batched: bool,
    holds_values: bool,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Tensor {
    if !is_grad_enabled() {
        return out;
    }
    let Some(mut next) = edges_of(inputs) else {
        return out;
    };
    for _ in 0..extra_edges {
        next.push(None);
    }
    let mut sv = saved_inputs(saved);
    if save_output {
        sv.push(SavedTensor::output(&out));
    }
    let node: Arc<Node> = Arc::new(Node {
        name,
        seq: next_seq(&next),
        task: std::sync::atomic::AtomicU64::new(0),
        batched,
        holds_values,
        outputs: 1,
        next,
        saved: Mutex::new(Some(sv)),
        backward,
        extras: std::sync::OnceLock::new(),
        location: Location::caller(),
    });
    {
        let mut m = out.meta();
        m.requires_grad = true;
        m.set_grad_fn(node, 0);
    }
    out
}

/// Records `outs` as the outputs of one node `name` over `inputs` (PyTorch's multi-output
/// nodes: `split`, `unbind`, `var_mean`): every output shows the same `grad_fn`, with its
/// index as `output_nr`, and the rule runs once, with one gradient per output in
/// [`BackwardCtx::grads`] (`None` for outputs that received none). The outputs listed in
/// `save_outputs` are saved after `saved`, in that order, as `result0`, `result1`, ... (by
/// their index). Inside a dual level each output's tangent is derived from the rule, one
/// output at a time.
#[track_caller]
pub(crate) fn record_multi(
    name: &'static str,
    outs: Vec<Tensor>,
    inputs: &[&Tensor],
    saved: &[(&'static str, &Tensor)],
    save_outputs: &[usize],
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<Vec<Tensor>> {
    if forward_ad::active() {
        let tensors: SmallVec<[&Tensor; 3]> = saved.iter().map(|&(_, t)| t).collect();
        let n = outs.len();
        for (j, out) in outs.iter().enumerate() {
            // output j's rule: the node's with a gradient for output j alone
            let one = |c: &BackwardCtx<'_>| {
                let mut grads: Vec<Option<Tensor>> = vec![None; n];
                grads[j] = Some(c.grad.clone());
                let mut saved = c.saved.clone();
                saved.extend(save_outputs.iter().map(|&k| outs[k].alias_same_layout()));
                backward(&BackwardCtx::new(&grads, saved, c.next))
            };
            forward_ad::propagate(name, out, inputs, &tensors, false, &one)?;
        }
    }
    if !is_grad_enabled() {
        return Ok(outs);
    }
    let mut sv = saved_inputs(saved);
    const NAMES: [&str; 4] = ["result0", "result1", "result2", "result3"];
    for &j in save_outputs {
        let name = NAMES.get(j).copied().unwrap_or("");
        sv.push(SavedTensor::output_nr(&outs[j], name, j as u32));
    }
    attach_multi(name, &outs, None, inputs, sv, true, backward)?;
    Ok(outs)
}

/// The reverse-mode half of [`record_multi`]: one node `name` over `inputs` with an output per
/// tensor of `outs`, given as `grad_fn` to those that `attach` marks (all when `None`), when
/// an input requires grad (grad mode is on). Returns the node, if one was made.
#[track_caller]
pub(crate) fn attach_multi(
    name: &'static str,
    outs: &[Tensor],
    attach: Option<&[bool]>,
    inputs: &[&Tensor],
    saved: SavedList,
    batched: bool,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<Option<Arc<Node>>> {
    let Some(next) = edges_of(inputs) else {
        return Ok(None);
    };
    let outputs = u32::try_from(outs.len())
        .map_err(|_| runtime(format!("{name}: too many outputs ({})", outs.len())))?;
    let node: Arc<Node> = Arc::new(Node {
        name,
        seq: next_seq(&next),
        task: std::sync::atomic::AtomicU64::new(0),
        batched,
        holds_values: false,
        outputs,
        next,
        saved: Mutex::new(Some(saved)),
        backward,
        extras: std::sync::OnceLock::new(),
        location: Location::caller(),
    });
    for (j, o) in outs.iter().enumerate() {
        if outs.len() > 1 && o.0.is_view {
            o.0.multi_output_view.store(true, Ordering::Relaxed);
        }
        if attach.is_none_or(|a| a[j]) {
            let mut m = o.meta();
            m.requires_grad = true;
            m.set_grad_fn(node.clone(), j as u32);
        }
    }
    Ok(Some(node))
}

/// Replaces the history of `t` (an in-place op): `t` becomes the output of a new node.
#[track_caller]
pub(crate) fn rebase_history(
    t: &Tensor,
    name: &'static str,
    inputs: Vec<Option<Edge>>,
    saved: Vec<SavedTensor>,
    backward: impl Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Result<()> {
    let next: Edges = inputs.into();
    let node: Arc<Node> = Arc::new(Node {
        name,
        seq: next_seq(&next),
        task: std::sync::atomic::AtomicU64::new(0),
        batched: true,
        holds_values: false,
        outputs: 1,
        next,
        saved: Mutex::new(Some(saved.into())),
        backward,
        extras: std::sync::OnceLock::new(),
        location: Location::caller(),
    });
    set_inplace_history(t, node)
}

/// Makes `node` (an in-place op applied to `t`, whose first edge is `t`'s former history) the
/// history of `t`; on a view, of its base too (`CopySlices`, see [`view_inplace`]).
pub(crate) fn set_inplace_history(t: &Tensor, node: Arc<Node>) -> Result<()> {
    if let Some(base) = view_inplace::base_of(t) {
        return view_inplace::rebase(t, base, node);
    }
    let mut m = t.meta();
    m.requires_grad = true;
    let old = m.set_grad_fn(node, 0);
    drop(m);
    if let Some(o) = old {
        release_node(o);
    }
    Ok(())
}

pub(crate) fn edge_for(t: &Tensor) -> Option<Edge> {
    edge_of(t)
}

/// A handle on a tensor's `grad_fn`: the node that produced it.
///
/// Prints like PyTorch: `<MulBackward0 object at 0x55d0c3a1b2c0>`.
///
/// ```
/// use ferrograd::Tensor;
/// let x = Tensor::new(3.0).requires_grad_(true);
/// let y = &x * 2.0;
/// let f = y.grad_fn().unwrap();
/// assert_eq!(f.name(), "MulBackward0");
/// assert!(f.to_string().starts_with("<MulBackward0 object at 0x"));
/// ```
#[derive(Clone)]
pub struct GradFn(pub(crate) Arc<Node>);

/// One entry of [`GradFn::next_functions`].
#[derive(Clone)]
pub enum NextFunction {
    /// The gradient flows into another node.
    Backward(GradFn),
    /// The gradient accumulates into this leaf's `.grad` (PyTorch's `AccumulateGrad`).
    AccumulateGrad(Tensor),
}

impl GradFn {
    /// The node's name, as PyTorch's `grad_fn.name()` (`"SinBackward0"`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// assert_eq!(x.sin().grad_fn().unwrap().name(), "SinBackward0");
    /// ```
    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// Where the gradient goes next, one entry per input (`None` for inputs without grad).
    ///
    /// ```
    /// use ferrograd::{NextFunction, Tensor};
    /// let x = Tensor::new(1.0).requires_grad_(true);
    /// let y = x.sin().exp();
    /// let next = y.grad_fn().unwrap().next_functions();
    /// match &next[0] {
    ///     Some(NextFunction::Backward(f)) => assert_eq!(f.name(), "SinBackward0"),
    ///     _ => panic!(),
    /// }
    /// ```
    pub fn next_functions(&self) -> Vec<Option<NextFunction>> {
        self.next_edges()
            .into_iter()
            .map(|e| e.map(|(f, _)| f))
            .collect()
    }

    /// [`GradFn::next_functions`] with the index of the output each gradient goes to (PyTorch's
    /// `(node, output_nr)` pairs; 0 for a leaf and for single-output nodes).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(4.0).requires_grad_(true);
    /// let p = x.try_split(2, 0).unwrap();
    /// let y = &p[1] * 2.0;
    /// let next = y.grad_fn().unwrap().next_edges();
    /// match &next[0] {
    ///     Some((ferrograd::NextFunction::Backward(f), nr)) => {
    ///         assert_eq!((f.name(), *nr), ("SplitBackward0", 1))
    ///     }
    ///     _ => panic!("a node was expected"),
    /// }
    /// ```
    pub fn next_edges(&self) -> Vec<Option<(NextFunction, usize)>> {
        self.0
            .next
            .iter()
            .map(|e| {
                e.as_ref().map(|e| match e {
                    Edge::Node(n, nr) => (NextFunction::Backward(GradFn(n.clone())), *nr as usize),
                    Edge::Leaf(l) => (NextFunction::AccumulateGrad(Tensor(l.clone())), 0),
                })
            })
            .collect()
    }

    /// How many outputs the node's operation has (1 but for ops such as `split`, `unbind`,
    /// `var_mean` and custom Functions with several differentiable outputs).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(4.0).requires_grad_(true);
    /// assert_eq!(x.try_unbind(0).unwrap()[0].grad_fn().unwrap().num_outputs(), 4);
    /// ```
    pub fn num_outputs(&self) -> usize {
        self.0.outputs as usize
    }

    /// Whether two handles denote the same node.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// let y = x.exp();
    /// assert!(y.grad_fn().unwrap().ptr_eq(&y.grad_fn().unwrap()));
    /// ```
    pub fn ptr_eq(&self, other: &GradFn) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The node's address (what the printed form shows).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// assert!(x.exp().grad_fn().unwrap().address() != 0);
    /// ```
    pub fn address(&self) -> usize {
        Arc::as_ptr(&self.0) as *const u8 as usize
    }

    /// The names of the tensors the node saved for its backward rule, as PyTorch names them
    /// (`grad_fn._saved_self`, `_saved_other`, `_saved_result`, ...), in the order saved; empty
    /// once they are freed.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// assert_eq!(x.sin().grad_fn().unwrap().saved_names(), vec!["self"]);
    /// assert_eq!(x.exp().grad_fn().unwrap().saved_names(), vec!["result"]);
    /// assert!((&x + &x).grad_fn().unwrap().saved_names().is_empty());
    /// ```
    pub fn saved_names(&self) -> Vec<&'static str> {
        let guard = self.0.saved.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .map(|sv| {
                sv.iter()
                    .map(|s| s.name)
                    .filter(|n| !n.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The number kept under `name` (PyTorch's `grad_fn._saved_<name>` for a value that is not
    /// a tensor): the `alpha` of an addition or subtraction node, 1 unless the op was given
    /// another.
    ///
    /// ```
    /// use ferrograd::{Scalar, Tensor};
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let f = x.try_sub_alpha(&x, 2).unwrap().grad_fn().unwrap();
    /// assert_eq!(f.saved_value("alpha"), Some(Scalar::Int(2)));
    /// assert_eq!((&x + &x).grad_fn().unwrap().saved_value("alpha"), Some(Scalar::Int(1)));
    /// assert_eq!(x.sin().grad_fn().unwrap().saved_value("alpha"), None);
    /// ```
    pub fn saved_value(&self, name: &str) -> Option<crate::Scalar> {
        let kept = self
            .0
            .extras_if_any()
            .and_then(|x| x.values.get())
            .and_then(|v| v.iter().find(|(n, _)| *n == name));
        match kept {
            Some(&(_, v)) => Some(v),
            None => (name == "alpha" && ALPHA_NODES.contains(&self.0.name()))
                .then_some(crate::Scalar::Int(1)),
        }
    }

    /// The names [`GradFn::saved_value`] answers for.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// assert_eq!((&x - 1.0).grad_fn().unwrap().saved_value_names(), vec!["alpha"]);
    /// ```
    pub fn saved_value_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .0
            .extras_if_any()
            .and_then(|x| x.values.get())
            .map(|v| v.iter().map(|&(n, _)| n).collect())
            .unwrap_or_default();
        if ALPHA_NODES.contains(&self.0.name()) && !names.contains(&"alpha") {
            names.push("alpha");
        }
        names
    }

    /// The tensor saved under `name` (PyTorch's `grad_fn._saved_<name>`), version-checked as
    /// backward checks it: `Ok(None)` if the node saved no tensor of that name, and PyTorch's
    /// error once the saved tensors were freed by a backward pass without `retain_graph`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.exp();
    /// let f = y.grad_fn().unwrap();
    /// let saved = f.saved_tensor("result").unwrap().unwrap();
    /// assert_eq!(saved.to_vec::<f32>(), y.detach().to_vec::<f32>());
    /// assert!(f.saved_tensor("self").unwrap().is_none());
    /// y.sum().backward();
    /// let err = f.saved_tensor("result").unwrap_err().to_string();
    /// assert!(err.starts_with("Trying to backward through the graph a second time"));
    /// ```
    pub fn saved_tensor(&self, name: &str) -> Result<Option<Tensor>> {
        let guard = self.0.saved.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_ref() {
            None => Err(runtime(graph_task::FREED_MSG)),
            Some(sv) => sv
                .iter()
                .find(|s| s.name == name && !name.is_empty())
                .map(|s| s.unpack(&self.0))
                .transpose(),
        }
    }
}

impl std::fmt::Display for GradFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let short = self.0.name.rsplit("::").next().unwrap_or(self.0.name);
        write!(f, "<{short} object at {:#x}>", self.address())
    }
}

impl std::fmt::Debug for GradFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}
