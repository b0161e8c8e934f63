//! One backward pass over the graph, in phases (as PyTorch's engine runs a `GraphTask`):
//!
//! 1. **discovery** ([`GraphTask::discover`]), only when the pass wants some gradients and not
//!    all: from the roots, every node reachable and whether its rule can reach a wanted gradient
//!    (others are pruned);
//! 2. **seeding** ([`GraphTask::seed`]): the roots' gradients go into their nodes' buffers and
//!    those nodes are queued;
//! 3. **node execution** ([`GraphTask::execute`]), in decreasing sequence number: pre-hooks, the
//!    node's rule on its summed gradient, anomaly NaN checks, freeing the saved tensors unless the
//!    graph is kept, then the results passed on to the next nodes (queued on their first
//!    gradient) or buffered for leaves;
//! 4. **leaf delivery** ([`GraphTask::deliver_leaves`]): each leaf's summed gradient through its
//!    hooks, then into its `.grad` or returned as a target's gradient.
//!
//! No dependency counts are needed: a node's sequence number is above those of every node it
//! feeds (`autograd::next_seq`), so by the time the ready queue hands out a node, every node that
//! could still pass it a gradient has a higher number and has run. A pass over all leaves
//! (`backward()`) therefore visits each node once, when it runs, instead of a discovery walk over
//! the whole graph first and the run after it.
//!
//! The task table and its index keep their capacity between passes on the same thread, so a
//! pass allocates nothing per node beyond what the rules themselves build.

use super::task_index::TaskIndex;
use super::{set_grad_enabled, BackwardCtx, Edge, Node};
use crate::error::{runtime, Result};
use crate::tensor::{Tensor, TensorImpl};
use smallvec::SmallVec;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A fast hasher for pointer keys.
#[derive(Default)]
pub(crate) struct PtrHasher(u64);
impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ *b as u64).wrapping_mul(0x100000001b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64 ^ (n as u64 >> 29)).wrapping_mul(0x9E3779B97F4A7C15);
    }
}
pub(crate) type PtrMap<V> = HashMap<usize, V, BuildHasherDefault<PtrHasher>>;
/// A table keyed by a node's output (the node's address and the output's index).
type OutputMap<V> = HashMap<(usize, u32), V, BuildHasherDefault<PtrHasher>>;

pub(crate) fn ptr<T: ?Sized>(a: &Arc<T>) -> usize {
    Arc::as_ptr(a) as *const u8 as usize
}

/// A node of the pass: its place in the graph and the gradient gathered for it.
struct Task {
    /// Taken out when the task runs (the node is released as soon as nothing else holds it).
    node: Option<Arc<Node>>,
    seq: u64,
    /// The gradient gathered for output 0, and for the others of a node with several outputs.
    buffer: Option<Tensor>,
    more: Option<Box<[Option<Tensor>]>>,
    /// Whether running this node's rule can reach a wanted gradient.
    needed: bool,
    queued: bool,
}

impl Task {
    fn new(node: Arc<Node>, needed: bool) -> Task {
        Task {
            seq: node.seq,
            node: Some(node),
            buffer: None,
            more: None,
            needed,
            queued: false,
        }
    }
}

/// Which targets a leaf tensor or a node output is (usually one).
type TargetIdx = SmallVec<[usize; 1]>;

/// The tables of a pass, kept empty with their capacity between passes on one thread, so that
/// a pass over a small graph (a Hessian row, one order of a nested derivative) allocates no
/// tables of its own.
#[derive(Default)]
struct Scratch {
    overflow: PtrMap<usize>,
    tasks: Vec<Task>,
    ready: BinaryHeap<(u64, usize)>,
    leaf_targets: PtrMap<TargetIdx>,
    node_targets: OutputMap<TargetIdx>,
    leaf_bufs: Vec<(Arc<TensorImpl>, Option<Tensor>)>,
    leaf_index: PtrMap<usize>,
    saved_buf: Vec<Tensor>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) };
}

/// What a backward pass is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PassPurpose {
    /// `backward()`: fill the leaves' `.grad` (only the targets', when targets are given; a
    /// non-leaf target's `.grad` too).
    Accumulate,
    /// `autograd.grad()`: return the gradient reaching each target, touching no `.grad`.
    ReturnGrads,
}

/// One backward pass: its configuration and its state.
///
/// ```text
/// let grads = GraphTask::new(PassPurpose::ReturnGrads, Some(inputs))
///     .keep_graph(retain)
///     .create_graph(create)
///     .run(roots)?;
/// ```
pub(crate) struct GraphTask<'t> {
    purpose: PassPurpose,
    /// Keep the saved tensors (`retain_graph`).
    keep_graph: bool,
    /// Record the pass itself (`create_graph`).
    create_graph: bool,
    /// `is_grads_batched`: the gradients carry a batch dimension of this size in front.
    batch: Option<usize>,
    targets: Option<&'t [Tensor]>,
    /// Targets that are leaves, keyed by tensor, and non-leaves, keyed by their grad_fn and
    /// output index.
    leaf_targets: PtrMap<TargetIdx>,
    node_targets: OutputMap<TargetIdx>,
    index: TaskIndex,
    tasks: Vec<Task>,
    ready: BinaryHeap<(u64, usize)>,
    /// Gradients reaching each leaf are summed first, then delivered once (hooks see the sum,
    /// as PyTorch's AccumulateGrad does), in order of first arrival.
    leaf_bufs: Vec<(Arc<TensorImpl>, Option<Tensor>)>,
    leaf_index: PtrMap<usize>,
    results: Vec<Option<Tensor>>,
    /// The saved tensors handed to a rule, reused from node to node.
    saved_buf: Vec<Tensor>,
}

impl<'t> GraphTask<'t> {
    /// A pass for `purpose`, wanting the gradients of `targets` (all leaves when `None`); the
    /// graph is freed and not recorded unless set otherwise.
    pub(crate) fn new(purpose: PassPurpose, targets: Option<&'t [Tensor]>) -> Self {
        let mut sc = SCRATCH.with(|s| s.borrow_mut().take()).unwrap_or_default();
        for (i, t) in targets.unwrap_or(&[]).iter().enumerate() {
            match t.grad_fn_arc() {
                Some(n) => sc
                    .node_targets
                    .entry(output_key(&n, t.meta().output_nr))
                    .or_default()
                    .push(i),
                None => sc.leaf_targets.entry(ptr(&t.0)).or_default().push(i),
            }
        }
        GraphTask {
            purpose,
            keep_graph: false,
            create_graph: false,
            batch: None,
            targets,
            leaf_targets: sc.leaf_targets,
            node_targets: sc.node_targets,
            index: TaskIndex::new(sc.overflow),
            tasks: sc.tasks,
            ready: sc.ready,
            leaf_bufs: sc.leaf_bufs,
            leaf_index: sc.leaf_index,
            results: vec![None; targets.map_or(0, |t| t.len())],
            saved_buf: sc.saved_buf,
        }
    }

    /// Keeps the saved tensors for another pass (`retain_graph`).
    pub(crate) fn keep_graph(mut self, keep: bool) -> Self {
        self.keep_graph = keep;
        self
    }

    /// Records the pass, so that its results can be differentiated again (`create_graph`).
    pub(crate) fn create_graph(mut self, create: bool) -> Self {
        self.create_graph = create;
        self
    }

    /// The root gradients carry a batch dimension of this size in front (`is_grads_batched`).
    pub(crate) fn batch(mut self, batch: Option<usize>) -> Self {
        self.batch = batch;
        self
    }

    fn all(&self) -> bool {
        self.targets.is_none()
    }

    fn wants_leaf(&self, leaf: &Arc<TensorImpl>) -> bool {
        self.all() || self.leaf_targets.contains_key(&ptr(leaf))
    }

    /// Runs the pass from `roots` (each output with its starting gradient); returns the
    /// gradient reaching each target (a leaf's incoming gradient, or a non-leaf's output
    /// gradient, `None` when none arrives).
    pub(crate) fn run(mut self, roots: Vec<(Tensor, Tensor)>) -> Result<Vec<Option<Tensor>>> {
        let _batch = super::batch::Scope::new(self.batch);
        let _mode = set_grad_enabled(self.create_graph);
        if !self.all() {
            self.discover(&roots);
        }
        self.seed(roots)?;
        while let Some((_, ti)) = self.ready.pop() {
            self.execute(ti)?;
        }
        self.deliver_leaves()?;
        Ok(std::mem::take(&mut self.results))
    }

    /// The task of `node`, made on first sight.
    fn task_of(&mut self, node: &Arc<Node>) -> usize {
        if let Some(ti) = self.index.get(node) {
            return ti;
        }
        let ti = self.tasks.len();
        self.tasks.push(Task::new(node.clone(), self.all()));
        self.index.insert(node, ti);
        ti
    }

    /// Discovery (a pass with targets): the task of every node reachable from the roots, and
    /// whether it can reach a target.
    fn discover(&mut self, roots: &[(Tensor, Tensor)]) {
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for (out, _) in roots {
            if let Some(node) = out.grad_fn_arc()
                && self.index.get(&node).is_none()
            {
                let ti = self.task_of(&node);
                stack.push((ti, 0));
                self.discover_from(&mut stack);
            }
        }
    }

    /// Depth-first from the tasks on `stack`, without recursion; a node's `needed` is decided
    /// once all its children are (post-order: the graph is acyclic).
    fn discover_from(&mut self, stack: &mut Vec<(usize, usize)>) {
        let all = self.all();
        let tasks = &mut self.tasks;
        let index = &mut self.index;
        while let Some(top) = stack.last_mut() {
            let (ti, pos) = *top;
            let node = tasks[ti]
                .node
                .as_ref()
                .expect("discovered nodes are present");
            if pos < node.next.len() {
                top.1 += 1;
                let Some(Edge::Node(child, _)) = &node.next[pos] else {
                    continue;
                };
                if index.get(child).is_none() {
                    let child = child.clone();
                    let ci = tasks.len();
                    index.insert(&child, ci);
                    tasks.push(Task::new(child, all));
                    stack.push((ci, 0));
                }
            } else {
                stack.pop();
                if !all {
                    let needed = node.next.iter().any(|e| match e {
                        Some(Edge::Node(c, nr)) => {
                            self.node_targets.contains_key(&output_key(c, *nr))
                                || index.get(c).is_some_and(|ci| tasks[ci].needed)
                        }
                        Some(Edge::Leaf(l)) => self.leaf_targets.contains_key(&ptr(l)),
                        None => false,
                    });
                    tasks[ti].needed = needed;
                }
            }
        }
    }

    /// Seeding: the roots' gradients into their tasks' buffers (each such task queued once)
    /// and into wanted leaves' buffers.
    fn seed(&mut self, roots: Vec<(Tensor, Tensor)>) -> Result<()> {
        for (out, g) in roots {
            match out.grad_fn_arc() {
                Some(node) => {
                    let nr = out.meta().output_nr;
                    let ti = self.task_of(&node);
                    self.tasks[ti].accumulate(nr, g)?;
                    self.queue(ti);
                }
                None if self.wants_leaf(&out.0) => self.buffer_leaf(&out.0, g)?,
                None => {}
            }
        }
        Ok(())
    }

    /// Puts task `ti` in the ready queue, once (it runs after every task of higher sequence
    /// number, so all its gradients are in by then).
    fn queue(&mut self, ti: usize) {
        let t = &mut self.tasks[ti];
        if !t.queued {
            t.queued = true;
            self.ready.push((t.seq, ti));
        }
    }

    /// Node execution: runs task `ti` on its summed gradients and passes the results on.
    fn execute(&mut self, ti: usize) -> Result<()> {
        let Some(node) = self.tasks[ti].node.take() else {
            return Ok(());
        };
        self.index.release(&node);
        let task = &mut self.tasks[ti];
        let needed = task.needed;
        let mut grads: OutputGrads = smallvec::smallvec![task.buffer.take()];
        if node.outputs > 1 {
            grads.extend(task.more.take().into_iter().flat_map(|m| m.into_vec()));
            grads.resize(node.outputs as usize, None);
        }
        if node.extras_if_any().is_some() || !self.node_targets.is_empty() {
            for (nr, slot) in grads.iter_mut().enumerate() {
                if let Some(g) = slot.take() {
                    let g = apply_pre_hooks(&node, nr as u32, g, self.create_graph)?;
                    self.capture_node_target(&node, nr as u32, &g)?;
                    *slot = Some(g);
                }
            }
            let pre = node
                .extras_if_any()
                .and_then(|x| x.outputs_pre_hooks.cloned_if_touched());
            if let Some(hooks) = pre {
                for h in &hooks {
                    let new = h.run(grads.to_vec(), &[])?;
                    grads = new.into_iter().collect();
                }
            }
        }
        let input_grads = if needed {
            self.call_rule(&node, &grads)?
        } else {
            Vec::new()
        };
        drop(grads);
        self.pass_on(&node, input_grads)
    }

    /// A non-leaf target's gradient: returned, and with [`PassPurpose::Accumulate`] added to
    /// its `.grad`.
    fn capture_node_target(&mut self, node: &Arc<Node>, nr: u32, g: &Tensor) -> Result<()> {
        if self.node_targets.is_empty() {
            return Ok(());
        }
        let Some(idx) = self.node_targets.get(&output_key(node, nr)) else {
            return Ok(());
        };
        for &i in idx {
            accumulate_buffer(&mut self.results[i], g.clone())?;
        }
        if self.purpose == PassPurpose::Accumulate
            && let Some(ts) = self.targets
        {
            for &i in idx {
                accumulate_nonleaf(&ts[i], g.clone(), self.create_graph)?;
            }
        }
        Ok(())
    }

    /// The node's rule on `grads` (one per output; it returns one gradient per next edge). The
    /// saved tensors are unpacked under one lock and, unless the graph is kept, taken out
    /// (freed once the rule has run); a node whose saved tensors were freed by an earlier pass
    /// is an error.
    fn call_rule(
        &mut self,
        node: &Arc<Node>,
        grads: &[Option<Tensor>],
    ) -> Result<Vec<Option<Tensor>>> {
        let grad = grads.iter().flatten().next();
        let freed = {
            let mut guard = node.saved.lock().unwrap_or_else(|e| e.into_inner());
            let release = !self.keep_graph
                && guard
                    .as_ref()
                    .is_some_and(|s| !s.is_empty() || node.holds_values);
            if grad.is_some() {
                match guard.as_ref() {
                    None => return Err(runtime(FREED_MSG)),
                    Some(sv) => {
                        for s in sv.iter() {
                            self.saved_buf.push(s.unpack(node)?);
                        }
                    }
                }
            }
            if release {
                guard.take()
            } else {
                None
            }
        };
        if grad.is_none() {
            return Ok(Vec::new());
        }
        let ctx = BackwardCtx::new(grads, std::mem::take(&mut self.saved_buf), &node.next);
        let mut input_grads = match self.batch {
            Some(b) if !node.batched => {
                // a rule that knows nothing of batches: once per element
                super::batch::per_element(b, |i| {
                    let gi = grads
                        .iter()
                        .map(|g| g.as_ref().map(|g| g.try_select(0, i as isize)).transpose())
                        .collect::<Result<OutputGrads>>()?;
                    (node.backward)(&BackwardCtx::new(&gi, ctx.saved.clone(), &node.next))
                })?
            }
            _ => (node.backward)(&ctx)?,
        };
        self.saved_buf = ctx.saved;
        self.saved_buf.clear();
        if let Some(hooks) = node
            .extras_if_any()
            .and_then(|x| x.post_hooks.cloned_if_touched())
        {
            for h in &hooks {
                input_grads = h.run(input_grads, grads)?;
            }
        }
        if super::is_anomaly_enabled() {
            check_nan(node, &input_grads)?;
        }
        drop(freed);
        Ok(input_grads)
    }

    /// Each result to the next node's buffer (queueing it) or to its leaf's buffer.
    fn pass_on(&mut self, node: &Arc<Node>, input_grads: Vec<Option<Tensor>>) -> Result<()> {
        let mut grads = input_grads.into_iter();
        for edge in node.next.iter() {
            let Some(g) = grads.next().flatten() else {
                continue;
            };
            match edge {
                None => {}
                Some(Edge::Node(child, nr)) => {
                    let ci = self.task_of(child);
                    let t = &mut self.tasks[ci];
                    debug_assert!(
                        t.node.is_some(),
                        "a gradient reached a node that already ran"
                    );
                    t.accumulate(*nr, g)?;
                    self.queue(ci);
                }
                Some(Edge::Leaf(leaf)) if self.wants_leaf(leaf) => self.buffer_leaf(leaf, g)?,
                Some(Edge::Leaf(_)) => {}
            }
        }
        Ok(())
    }

    fn buffer_leaf(&mut self, leaf: &Arc<TensorImpl>, g: Tensor) -> Result<()> {
        let bufs = &mut self.leaf_bufs;
        let i = *self.leaf_index.entry(ptr(leaf)).or_insert_with(|| {
            bufs.push((leaf.clone(), None));
            bufs.len() - 1
        });
        accumulate_buffer(&mut bufs[i].1, g)
    }

    /// Leaf delivery: every buffered leaf gradient, in order of first arrival.
    fn deliver_leaves(&mut self) -> Result<()> {
        let mut bufs = std::mem::take(&mut self.leaf_bufs);
        let mut res = Ok(());
        for (leaf, g) in bufs.drain(..) {
            if let Some(g) = g
                && res.is_ok()
            {
                res = self.deliver_to_leaf(&leaf, g);
            }
        }
        self.leaf_bufs = bufs;
        res
    }

    /// One leaf's summed gradient: through the leaf's hooks (for backward and grad() alike),
    /// then returned for a target, or accumulated into `.grad`.
    fn deliver_to_leaf(&mut self, leaf: &Arc<TensorImpl>, g: Tensor) -> Result<()> {
        let accumulate = self.purpose == PassPurpose::Accumulate;
        let is_target = self.leaf_targets.get(&ptr(leaf));
        if is_target.is_none() && !(accumulate && self.all()) {
            return Ok(());
        }
        let t = Tensor(leaf.clone());
        let hooks = t.meta().hooks.clone();
        let g = super::hooks::run_all(&hooks, g)?;
        if !accumulate {
            if let Some(idx) = is_target {
                for &i in idx {
                    accumulate_buffer(&mut self.results[i], g.clone())?;
                }
            }
            return Ok(());
        }
        accumulate_leaf(&t, g, self.create_graph)
    }
}

impl Drop for GraphTask<'_> {
    /// The tables go back, emptied, to this thread's scratch (also after an error).
    fn drop(&mut self) {
        for t in &self.tasks {
            if let Some(n) = &t.node {
                self.index.release(n);
            }
        }
        let mut sc = Scratch {
            overflow: self.index.take_table(),
            tasks: std::mem::take(&mut self.tasks),
            ready: std::mem::take(&mut self.ready),
            leaf_targets: std::mem::take(&mut self.leaf_targets),
            node_targets: std::mem::take(&mut self.node_targets),
            leaf_bufs: std::mem::take(&mut self.leaf_bufs),
            leaf_index: std::mem::take(&mut self.leaf_index),
            saved_buf: std::mem::take(&mut self.saved_buf),
        };
        sc.tasks.clear();
        sc.ready.clear();
        sc.leaf_targets.clear();
        sc.node_targets.clear();
        sc.leaf_bufs.clear();
        sc.leaf_index.clear();
        sc.saved_buf.clear();
        // a pass over a huge graph does not pin its tables' memory for the thread's lifetime
        if sc.tasks.capacity() <= 1 << 20 && sc.leaf_bufs.capacity() <= 1 << 16 {
            SCRATCH.with(|s| *s.borrow_mut() = Some(sc));
        }
    }
}

/// The key of output `nr` of `node` in a table of node outputs.
fn output_key(node: &Arc<Node>, nr: u32) -> (usize, u32) {
    (ptr(node), nr)
}

pub(crate) const FREED_MSG: &str = "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/// Anomaly mode: a rule that returned NaN names itself and its forward call site.
fn check_nan(node: &Node, grads: &[Option<Tensor>]) -> Result<()> {
    for (i, g) in grads.iter().enumerate() {
        if let Some(g) = g
            && g.dtype().is_floating_point()
            && g.to_f64_vec().iter().any(|v| v.is_nan())
        {
            return Err(runtime(format!(
                    "Function '{}' returned nan values in its {i}th output. The node was created by the forward call at {}.",
                    node.name, node.location
                )));
        }
    }
    Ok(())
}

/// The gradients of a node's outputs, inline for one.
type OutputGrads = SmallVec<[Option<Tensor>; 1]>;

impl Task {
    /// Adds `g` to the gradient gathered for output `nr`.
    fn accumulate(&mut self, nr: u32, g: Tensor) -> Result<()> {
        let slot = match nr {
            0 => &mut self.buffer,
            _ => {
                let outputs = self.node.as_ref().map_or(0, |n| n.outputs as usize);
                let more = self
                    .more
                    .get_or_insert_with(|| vec![None; outputs.saturating_sub(1)].into());
                match more.get_mut(nr as usize - 1) {
                    Some(slot) => slot,
                    None => {
                        return Err(runtime(
                            "a gradient reached an output the node does not have",
                        ))
                    }
                }
            }
        };
        accumulate_buffer(slot, g)
    }
}

fn accumulate_buffer(slot: &mut Option<Tensor>, g: Tensor) -> Result<()> {
    *slot = Some(match slot.take() {
        None => g,
        Some(old) => old.try_add(&g)?,
    });
    Ok(())
}

/// The hooks of output `nr` of `node` on its gradient `g`, then the output's `.grad` when it
/// retains it.
fn apply_pre_hooks(node: &Arc<Node>, nr: u32, mut g: Tensor, create_graph: bool) -> Result<Tensor> {
    let Some(x) = node.extras_if_any() else {
        return Ok(g);
    };
    if x.pre_hooks.touched() {
        let hooks: Vec<_> = x
            .pre_hooks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(i, _)| *i == nr)
            .map(|(_, h)| h.clone())
            .collect();
        g = super::hooks::run_all(&hooks, g)?;
    }
    if x.retained.touched() {
        let retained = x
            .retained
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(i, _)| *i == nr)
            .and_then(|(_, w)| w.upgrade());
        if let Some(t) = retained {
            accumulate_nonleaf(&Tensor(t), g.clone(), create_graph)?;
        }
    }
    Ok(g)
}

/// Drops the attached handle first (unless recording), so that a gradient nobody else holds
/// is kept as is.
fn detach_unless(create_graph: bool, g: Tensor) -> Tensor {
    if create_graph {
        g
    } else {
        let d = g.detach();
        drop(g);
        d
    }
}

/// `.grad` of a non-leaf (retain_grad or backward(inputs=)): out-of-place accumulation.
fn accumulate_nonleaf(t: &Tensor, g: Tensor, create_graph: bool) -> Result<()> {
    let g = detach_unless(create_graph, g);
    let mut m = t.meta();
    let new = match m.grad.take() {
        None => fresh_copy(&g),
        Some(old) => old.try_add(&g)?,
    };
    m.grad = Some(new);
    Ok(())
}

/// A leaf's `.grad` += `g`: in place when neither is recorded, out of place otherwise.
fn accumulate_leaf(t: &Tensor, g: Tensor, create_graph: bool) -> Result<()> {
    let g = detach_unless(create_graph, g);
    // The leaf's lock is held across the update, so concurrent backward passes into one leaf
    // accumulate without losing a contribution (nothing below locks this leaf's state).
    let mut m = t.meta();
    let new = match m.grad.take() {
        None => fresh_copy(&g),
        Some(old) if create_graph || old.requires_grad() => match old.try_add(&g) {
            Ok(sum) => sum,
            Err(e) => {
                m.grad = Some(old);
                return Err(e);
            }
        },
        Some(old) => {
            let r = {
                let _ng = super::no_grad();
                old.try_add_inplace_raw(&g)
            };
            m.grad = Some(old);
            return r;
        }
    };
    m.grad = Some(new);
    Ok(())
}

/// A contiguous tensor that owns its storage alone (so in-place updates of `.grad` touch nothing else).
fn fresh_copy(g: &Tensor) -> Tensor {
    let unique = Arc::strong_count(&g.0) == 1
        && Arc::strong_count(&g.0.storage) == 1
        && g.is_contiguous()
        && g.0.offset == 0
        && g.0.storage.read().len() == g.numel();
    if unique {
        g.clone()
    } else {
        g.contiguous_copy()
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn leaf(v: f64) -> Tensor {
        Tensor::new_with_dtype(v, crate::DType::Float64).requires_grad_(true)
    }

    fn one(t: &Tensor) -> (Tensor, Tensor) {
        (t.clone(), t.ones_like())
    }

    /// The task of `t`'s grad_fn after discovery.
    fn task<'a>(gt: &'a GraphTask<'_>, t: &Tensor) -> &'a Task {
        &gt.tasks[gt.index.get(&t.grad_fn_arc().unwrap()).unwrap()]
    }

    /// x → a = 2x → (b = exp a, c = sin a) → y = b + c
    fn diamond() -> [Tensor; 5] {
        let x = leaf(0.5);
        let a = &x * 2.0;
        let (b, c) = (a.exp(), a.sin());
        let y = &b + &c;
        [x, a, b, c, y]
    }

    #[test]
    fn sequence_numbers_order_every_edge() {
        let [_x, a, b, c, y] = diamond();
        let seq = |t: &Tensor| t.grad_fn_arc().unwrap().seq;
        assert!(seq(&y) > seq(&b) && seq(&y) > seq(&c));
        assert!(seq(&b) > seq(&a) && seq(&c) > seq(&a));
        // a node made on a thread whose counter is behind (a new thread's starts at 0) still
        // comes after its inputs, and a pass over the mixed graph gets the chain rule right
        let x = leaf(0.5);
        let far = (&x * 2.0).exp().exp();
        let below = seq(&far);
        let z = std::thread::spawn(move || far.sin()).join().unwrap();
        assert!(seq(&z) > below, "{} > {below}", seq(&z));
        z.backward();
        let e = 1f64.exp();
        let want = e.exp().cos() * e.exp() * e * 2.0;
        let got = x.grad().unwrap().item();
        assert!((got - want).abs() <= 1e-12 * want.abs(), "{got} vs {want}");
    }

    #[test]
    fn a_full_pass_makes_tasks_only_for_the_nodes_it_reaches() {
        let [_x, _a, b, _c, y] = diamond();
        let mut gt = GraphTask::new(PassPurpose::Accumulate, None);
        gt.seed(vec![one(&y)]).unwrap();
        // no discovery: only the root has a task until it runs
        assert_eq!(gt.tasks.len(), 1);
        let (_, ti) = gt.ready.pop().unwrap();
        gt.execute(ti).unwrap();
        assert_eq!(gt.tasks.len(), 3);
        assert!(task(&gt, &b).queued && task(&gt, &b).needed);
    }

    #[test]
    fn discovery_prunes_what_cannot_reach_a_target() {
        let (x, z) = (leaf(1.0), leaf(2.0));
        let (ex, sz) = (x.exp(), z.sin());
        let y = &ex + &sz;
        let targets = [x.clone()];
        let mut gt = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets));
        gt.discover(&[one(&y)]);
        assert!(task(&gt, &y).needed);
        assert!(task(&gt, &ex).needed);
        assert!(!task(&gt, &sz).needed);
        // and the pass does not run the pruned rule: z's graph stays intact
        let g = gt.run(vec![one(&y)]).unwrap();
        assert_eq!(g[0].as_ref().unwrap().item(), 1f64.exp());
        assert!(sz.grad_fn_arc().unwrap().saved.lock().unwrap().is_some());
    }

    #[test]
    fn a_non_leaf_target_gets_its_output_gradient() {
        let x = leaf(0.5);
        let a = &x * 3.0;
        let y = a.exp();
        let targets = [a.clone()];
        let mut gt = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets));
        gt.discover(&[one(&y)]);
        assert!(task(&gt, &y).needed);
        // beyond the target there is nothing wanted
        assert!(!task(&gt, &a).needed);
        drop(gt);
        let g = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets))
            .run(vec![one(&y)])
            .unwrap();
        assert_eq!(g[0].as_ref().unwrap().item(), 1.5f64.exp());
        assert!(x.grad().is_none() && a.grad().is_none());
        // backward(inputs=[a]) fills a's .grad instead
        let a = &x * 3.0;
        let y = a.exp();
        GraphTask::new(PassPurpose::Accumulate, Some(std::slice::from_ref(&a)))
            .run(vec![one(&y)])
            .unwrap();
        assert_eq!(a.grad().unwrap().item(), 1.5f64.exp());
        assert!(x.grad().is_none());
    }

    #[test]
    fn seeding_sums_repeated_roots_and_queues_each_node_once() {
        let x = leaf(2.0);
        let y = x.pow(2.0);
        let mut gt = GraphTask::new(PassPurpose::Accumulate, None);
        gt.seed(vec![one(&y), one(&y), one(&x)]).unwrap();
        assert_eq!(gt.tasks.len(), 1);
        assert_eq!(task(&gt, &y).buffer.as_ref().unwrap().item(), 2.0);
        assert_eq!(gt.ready.len(), 1);
        // the leaf root's gradient waits in its buffer for delivery
        assert_eq!(gt.leaf_bufs.len(), 1);
        assert_eq!(gt.leaf_bufs[0].1.as_ref().unwrap().item(), 1.0);
    }

    #[test]
    fn executing_a_node_feeds_its_children_and_frees_its_saved_tensors() {
        for keep in [false, true] {
            let [_x, a, b, c, y] = diamond();
            let mut gt = GraphTask::new(PassPurpose::Accumulate, None).keep_graph(keep);
            gt.seed(vec![one(&y)]).unwrap();
            let (_, ti) = gt.ready.pop().unwrap();
            gt.execute(ti).unwrap();
            assert!(gt.tasks[ti].node.is_none());
            for t in [&b, &c] {
                assert_eq!(task(&gt, t).buffer.as_ref().unwrap().item(), 1.0);
                assert!(task(&gt, t).queued);
            }
            let sin = c.grad_fn_arc().unwrap();
            let ti = gt.index.get(&sin).unwrap();
            gt.ready.retain(|&(_, t)| t != ti);
            gt.execute(ti).unwrap();
            assert_eq!(task(&gt, &a).buffer.as_ref().unwrap().item(), 1f64.cos());
            // a is queued with its first gradient, but waits for the other branch: exp's node
            // has the higher sequence number, so it comes out of the queue first
            assert!(task(&gt, &a).queued);
            let (_, next) = gt.ready.pop().unwrap();
            assert!(gt.tasks[next].node.as_ref().unwrap().name() == "ExpBackward0");
            gt.execute(next).unwrap();
            let (_, last) = gt.ready.pop().unwrap();
            assert_eq!(last, gt.index.get(&a.grad_fn_arc().unwrap()).unwrap());
            assert_eq!(
                task(&gt, &a).buffer.as_ref().unwrap().item(),
                1f64.cos() + 1f64.exp()
            );
            assert_eq!(
                sin.saved.lock().unwrap().is_some(),
                keep,
                "keep_graph={keep}"
            );
        }
    }

    #[test]
    fn pre_hooks_replace_the_gradient_before_the_rule() {
        let x = leaf(3.0);
        let a = &x * 2.0;
        a.register_hook(|g| Some(g * 10.0));
        let y = a.pow(2.0);
        let targets = [x.clone()];
        let g = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets))
            .run(vec![one(&y)])
            .unwrap();
        // dy/da = 2a = 12, hooked to 120, times da/dx = 2
        assert_eq!(g[0].as_ref().unwrap().item(), 240.0);
    }

    /// The anomaly check on a rule's results (anomaly mode itself is process-wide, tested in
    /// `anomaly.rs` through a whole pass).
    #[test]
    fn the_nan_check_names_the_rule_and_the_output() {
        let x = leaf(4.0);
        let node = x.sqrt().grad_fn_arc().unwrap();
        let ok = [Some(Tensor::new(1.0)), None, Some(Tensor::new([1i64]))];
        assert!(check_nan(&node, &ok).is_ok());
        let bad = [None, Some(Tensor::new([1.0, f64::NAN]))];
        let e = check_nan(&node, &bad).unwrap_err().to_string();
        assert!(
            e.starts_with("Function 'SqrtBackward0' returned nan values in its 1th output. The node was created by the forward call at ")
                && e.contains("graph_task.rs:"),
            "{e}"
        );
    }

    #[test]
    fn a_kept_graph_runs_twice_and_a_freed_one_is_an_error() {
        let x = leaf(2.0);
        let y = x.pow(3.0);
        let targets = [x.clone()];
        for _ in 0..2 {
            let g = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets))
                .keep_graph(true)
                .run(vec![one(&y)])
                .unwrap();
            assert_eq!(g[0].as_ref().unwrap().item(), 12.0);
        }
        GraphTask::new(PassPurpose::Accumulate, None)
            .run(vec![one(&y)])
            .unwrap();
        assert_eq!(x.grad().unwrap().item(), 12.0);
        let e = GraphTask::new(PassPurpose::Accumulate, None)
            .run(vec![one(&y)])
            .unwrap_err();
        assert_eq!(e.to_string(), FREED_MSG);
        // the failed pass touched no .grad
        assert_eq!(x.grad().unwrap().item(), 12.0);
    }

    #[test]
    fn an_unused_target_gets_no_gradient() {
        let (x, z) = (leaf(1.0), leaf(2.0));
        let y = x.exp();
        let targets = [z.clone(), x.clone()];
        let g = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets))
            .run(vec![one(&y)])
            .unwrap();
        assert!(g[0].is_none());
        assert_eq!(g[1].as_ref().unwrap().item(), 1f64.exp());
    }

    /// A leaf reached along two paths: its hook sees the sum once; then the sum is returned
    /// (grad) or accumulated into `.grad` (backward, twice with a kept graph).
    #[test]
    fn leaf_delivery_runs_hooks_on_the_sum_then_returns_or_accumulates() {
        let calls = Arc::new(AtomicUsize::new(0));
        let x = leaf(3.0);
        let seen = calls.clone();
        x.register_hook(move |g| {
            seen.fetch_add(1, Ordering::SeqCst);
            Some(g + 1.0)
        });
        let y = &x * &x + &x; // dy/dx = 2x + 1 = 7
        let targets = [x.clone()];
        let g = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets))
            .keep_graph(true)
            .run(vec![one(&y)])
            .unwrap();
        assert_eq!(g[0].as_ref().unwrap().item(), 8.0);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(x.grad().is_none());
        for want in [8.0, 16.0] {
            let r = GraphTask::new(PassPurpose::Accumulate, None)
                .keep_graph(true)
                .run(vec![one(&y)])
                .unwrap();
            assert!(r.is_empty());
            assert_eq!(x.grad().unwrap().item(), want);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn the_scratch_tables_are_reused_after_a_failed_pass() {
        let x = leaf(2.0);
        let y = x.pow(3.0);
        GraphTask::new(PassPurpose::Accumulate, None)
            .run(vec![one(&y)])
            .unwrap();
        assert!(GraphTask::new(PassPurpose::Accumulate, None)
            .run(vec![one(&y)])
            .is_err());
        let gt = GraphTask::new(PassPurpose::Accumulate, None);
        assert!(gt.tasks.is_empty() && gt.index.overflow_is_empty());
        assert!(gt.tasks.capacity() >= 1);
    }

    /// Two passes over one kept graph at once (as a pass inside a hook makes): the second
    /// finds the nodes' slots held and keeps its tasks in its own table; both are right, and
    /// every slot is free afterwards, also those of nodes a pass never ran.
    #[test]
    fn overlapping_passes_share_the_nodes_and_free_their_slots() {
        let [x, a, b, c, y] = diamond();
        let free = |t: &Tensor| t.grad_fn_arc().unwrap().task.load(Ordering::SeqCst) == 0;
        let want = 2.0 * (1f64.exp() + 1f64.cos());
        let mut outer = GraphTask::new(PassPurpose::Accumulate, None).keep_graph(true);
        outer.seed(vec![one(&y)]).unwrap();
        let (_, ti) = outer.ready.pop().unwrap();
        outer.execute(ti).unwrap();
        // the outer pass holds b's and c's slots; the inner one runs the whole graph
        assert!(!free(&b) && !free(&c));
        let targets = [x.clone()];
        let inner = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets))
            .keep_graph(true)
            .run(vec![one(&y)])
            .unwrap();
        assert_eq!(inner[0].as_ref().unwrap().item(), want);
        assert!(
            !free(&b) && !free(&c),
            "the inner pass left the outer one's slots"
        );
        while let Some((_, ti)) = outer.ready.pop() {
            outer.execute(ti).unwrap();
        }
        outer.deliver_leaves().unwrap();
        drop(outer);
        assert_eq!(x.grad().unwrap().item(), want);
        assert!([&a, &b, &c, &y].iter().all(|t| free(t)));
        // a pass that prunes (z's node never runs) or fails frees its slots too
        let z = leaf(1.0);
        let (ez, s) = (z.exp(), &a * 1.0);
        let t = &ez + &s;
        let targets = [z.clone()];
        GraphTask::new(PassPurpose::ReturnGrads, Some(&targets))
            .keep_graph(true)
            .run(vec![one(&t)])
            .unwrap();
        assert!([&ez, &s, &t, &a].iter().all(|t| free(t)));
        GraphTask::new(PassPurpose::Accumulate, None)
            .run(vec![one(&t)])
            .unwrap();
        assert!(GraphTask::new(PassPurpose::Accumulate, None)
            .run(vec![one(&t)])
            .is_err());
        assert!([&ez, &s, &t].iter().all(|t| free(t)));
    }

    #[test]
    fn tensors_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Tensor>();
        check::<crate::autograd::GradFn>();
    }

    #[test]
    fn concurrent_backward_passes_accumulate_into_one_leaf() {
        let w = Tensor::new([1.0f64, 2.0]).requires_grad_(true);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..50 {
                        (&w * 3.0).sum().backward();
                    }
                });
            }
        });
        assert_eq!(w.grad().unwrap().to_vec::<f64>(), vec![600.0, 600.0]);
    }
}
