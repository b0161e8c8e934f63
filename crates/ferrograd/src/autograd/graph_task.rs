//! One backward pass over the graph, in phases (as PyTorch's engine runs a `GraphTask`):
//!
//! 1. **discovery** ([`GraphTask::discover`]): from the roots, every node reachable, its
//!    dependency count, and whether its rule can reach a wanted gradient (others are pruned);
//! 2. **seeding** ([`GraphTask::seed`]): the roots' gradients go into their nodes' buffers and the
//!    nodes nothing else feeds are queued;
//! 3. **node execution** ([`GraphTask::execute`]), in reverse creation order: pre-hooks, the
//!    node's rule on its summed gradient, anomaly NaN checks, freeing the saved tensors unless the
//!    graph is kept, then the results passed on to the next nodes or buffered for leaves;
//! 4. **leaf delivery** ([`GraphTask::deliver_leaves`]): each leaf's summed gradient through its
//!    hooks, then into its `.grad` or returned as a target's gradient.
//!
//! The task table and its index keep their capacity between passes on the same thread, so a
//! pass allocates nothing per node beyond what the rules themselves build.

use super::{set_grad_enabled, BackwardCtx, Edge, Node};
use crate::error::{runtime, Result};
use crate::tensor::{Tensor, TensorImpl};
use smallvec::SmallVec;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A fast hasher for pointer keys.
#[derive(Default)]
struct PtrHasher(u64);
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
type PtrMap<V> = HashMap<usize, V, BuildHasherDefault<PtrHasher>>;

fn ptr<T: ?Sized>(a: &Arc<T>) -> usize {
    Arc::as_ptr(a) as *const u8 as usize
}

/// No task: the edge leads to a leaf or nowhere.
const NO_TASK: u32 = u32::MAX;

/// A node of the pass: its place in the graph and the gradient gathered for it.
struct Task {
    /// Taken out when the task runs (the node is released as soon as nothing else holds it).
    node: Option<Arc<Node>>,
    seq: u64,
    /// The task of each next edge (`NO_TASK` for leaves and empty edges), filled by discovery.
    children: SmallVec<[u32; 3]>,
    deps: usize,
    buffer: Option<Tensor>,
    /// Whether running this node's rule can reach a wanted gradient.
    needed: bool,
    queued: bool,
}

impl Task {
    fn new(node: Arc<Node>, deps: usize, needed: bool) -> Task {
        Task {
            seq: node.seq,
            node: Some(node),
            children: SmallVec::new(),
            deps,
            buffer: None,
            needed,
            queued: false,
        }
    }
}

type Scratch = (PtrMap<usize>, Vec<Task>);

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
    /// Targets that are leaves, keyed by tensor, and non-leaves, keyed by their grad_fn.
    leaf_targets: PtrMap<Vec<usize>>,
    node_targets: PtrMap<Vec<usize>>,
    index: PtrMap<usize>,
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
        let mut leaf_targets: PtrMap<Vec<usize>> = PtrMap::default();
        let mut node_targets: PtrMap<Vec<usize>> = PtrMap::default();
        for (i, t) in targets.unwrap_or(&[]).iter().enumerate() {
            match t.grad_fn_arc() {
                Some(n) => node_targets.entry(ptr(&n)).or_default().push(i),
                None => leaf_targets.entry(ptr(&t.0)).or_default().push(i),
            }
        }
        let (index, tasks) = SCRATCH.with(|s| s.borrow_mut().take()).unwrap_or_default();
        GraphTask {
            purpose,
            keep_graph: false,
            create_graph: false,
            batch: None,
            targets,
            leaf_targets,
            node_targets,
            index,
            tasks,
            ready: BinaryHeap::new(),
            leaf_bufs: Vec::new(),
            leaf_index: PtrMap::default(),
            results: vec![None; targets.map_or(0, |t| t.len())],
            saved_buf: Vec::new(),
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
        let (root_tasks, root_leaves) = self.discover(roots);
        self.seed(root_tasks, root_leaves)?;
        while let Some((_, ti)) = self.ready.pop() {
            self.execute(ti)?;
        }
        self.deliver_leaves()?;
        Ok(std::mem::take(&mut self.results))
    }

    /// Discovery: the task of every node reachable from the roots, with its dependency count,
    /// and (with targets) whether it can reach one. Returns the roots' tasks and the roots that
    /// are leaves, each with its gradient.
    #[allow(clippy::type_complexity)]
    fn discover(
        &mut self,
        roots: Vec<(Tensor, Tensor)>,
    ) -> (Vec<(usize, Tensor)>, Vec<(Arc<TensorImpl>, Tensor)>) {
        let mut root_tasks = Vec::new();
        let mut root_leaves = Vec::new();
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for (out, g) in roots {
            match out.grad_fn_arc() {
                Some(node) => {
                    let key = ptr(&node);
                    let ti = match self.index.get(&key) {
                        Some(&ti) => ti,
                        None => {
                            let ti = self.tasks.len();
                            self.index.insert(key, ti);
                            self.tasks.push(Task::new(node, 0, self.all()));
                            stack.push((ti, 0));
                            self.discover_from(&mut stack);
                            ti
                        }
                    };
                    root_tasks.push((ti, g));
                }
                None => root_leaves.push((out.0.clone(), g)),
            }
        }
        (root_tasks, root_leaves)
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
                let Some(Edge::Node(child)) = &node.next[pos] else {
                    tasks[ti].children.push(NO_TASK);
                    continue;
                };
                let key = ptr(child);
                if let Some(&ci) = index.get(&key) {
                    tasks[ci].deps += 1;
                    tasks[ti].children.push(ci as u32);
                } else {
                    let child = child.clone();
                    let ci = tasks.len();
                    index.insert(key, ci);
                    tasks[ti].children.push(ci as u32);
                    tasks.push(Task::new(child, 1, all));
                    stack.push((ci, 0));
                }
            } else {
                stack.pop();
                if !all {
                    let needed = node.next.iter().any(|e| match e {
                        Some(Edge::Node(c)) => {
                            let k = ptr(c);
                            self.node_targets.contains_key(&k)
                                || index.get(&k).is_some_and(|&ci| tasks[ci].needed)
                        }
                        Some(Edge::Leaf(l)) => self.leaf_targets.contains_key(&ptr(l)),
                        None => false,
                    });
                    tasks[ti].needed = needed;
                }
            }
        }
    }

    /// Seeding: the roots' gradients into their tasks' buffers (and wanted leaves' buffers),
    /// and every task nothing else feeds into the ready queue.
    fn seed(
        &mut self,
        root_tasks: Vec<(usize, Tensor)>,
        root_leaves: Vec<(Arc<TensorImpl>, Tensor)>,
    ) -> Result<()> {
        for (ti, g) in root_tasks {
            accumulate_buffer(&mut self.tasks[ti].buffer, g)?;
        }
        for (ti, t) in self.tasks.iter_mut().enumerate() {
            if t.deps == 0 && t.buffer.is_some() && !t.queued {
                t.queued = true;
                self.ready.push((t.seq, ti));
            }
        }
        for (leaf, g) in root_leaves {
            if self.wants_leaf(&leaf) {
                self.buffer_leaf(&leaf, g)?;
            }
        }
        Ok(())
    }

    /// Node execution: runs task `ti` on its summed gradient and passes the results on.
    fn execute(&mut self, ti: usize) -> Result<()> {
        let Some(node) = self.tasks[ti].node.take() else {
            return Ok(());
        };
        let mut grad = self.tasks[ti].buffer.take();
        if let Some(g) = grad.take() {
            grad = Some(apply_pre_hooks(&node, g, self.create_graph)?);
        }
        if let Some(g) = &grad {
            self.capture_node_target(&node, g)?;
        }
        let input_grads = if self.tasks[ti].needed {
            self.call_rule(&node, grad.as_ref())?
        } else {
            Vec::new()
        };
        drop(grad);
        self.pass_on(ti, &node, input_grads)
    }

    /// A non-leaf target's gradient: returned, and with [`PassPurpose::Accumulate`] added to
    /// its `.grad`.
    fn capture_node_target(&mut self, node: &Arc<Node>, g: &Tensor) -> Result<()> {
        if self.node_targets.is_empty() {
            return Ok(());
        }
        let Some(idx) = self.node_targets.get(&ptr(node)) else {
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

    /// The node's rule on `grad` (one gradient per next edge). The saved tensors are unpacked
    /// under one lock and, unless the graph is kept, taken out (freed once the rule has run);
    /// a node whose saved tensors were freed by an earlier pass is an error.
    fn call_rule(
        &mut self,
        node: &Arc<Node>,
        grad: Option<&Tensor>,
    ) -> Result<Vec<Option<Tensor>>> {
        let freed = {
            let mut guard = node.saved.lock().unwrap_or_else(|e| e.into_inner());
            let release = !self.keep_graph && guard.as_ref().is_some_and(|s| !s.is_empty());
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
        let Some(g) = grad else {
            return Ok(Vec::new());
        };
        let ctx = BackwardCtx {
            grad: g,
            saved: std::mem::take(&mut self.saved_buf),
            next: &node.next,
        };
        let mut input_grads = match self.batch {
            Some(b) if !node.batched => {
                // a rule that knows nothing of batches: once per element
                super::batch::per_element(b, |i| {
                    let gi = g.try_select(0, i as isize)?;
                    let ctx_i = BackwardCtx {
                        grad: &gi,
                        saved: ctx.saved.clone(),
                        next: &node.next,
                    };
                    (node.backward)(&ctx_i)
                })?
            }
            _ => (node.backward)(&ctx)?,
        };
        self.saved_buf = ctx.saved;
        self.saved_buf.clear();
        if node.post_hooks.touched() {
            let hooks = node
                .post_hooks
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            for h in &hooks {
                input_grads = h.run(input_grads, g)?;
            }
        }
        if super::is_anomaly_enabled() {
            check_nan(node, &input_grads)?;
        }
        drop(freed);
        Ok(input_grads)
    }

    /// Each result to the next node's buffer (queued once all its inputs are in) or to its
    /// leaf's buffer.
    fn pass_on(
        &mut self,
        ti: usize,
        node: &Arc<Node>,
        input_grads: Vec<Option<Tensor>>,
    ) -> Result<()> {
        let children = std::mem::take(&mut self.tasks[ti].children);
        let mut grads = input_grads.into_iter();
        for (k, edge) in node.next.iter().enumerate() {
            let g = grads.next().flatten();
            match edge {
                None => {}
                Some(Edge::Node(_)) => {
                    let ci = children.get(k).copied().unwrap_or(NO_TASK);
                    if ci == NO_TASK {
                        continue;
                    }
                    let ci = ci as usize;
                    let t = &mut self.tasks[ci];
                    if let Some(g) = g {
                        accumulate_buffer(&mut t.buffer, g)?;
                    }
                    t.deps -= 1;
                    if t.deps == 0 && t.buffer.is_some() && !t.queued {
                        t.queued = true;
                        self.ready.push((t.seq, ci));
                    }
                }
                Some(Edge::Leaf(leaf)) => {
                    if let Some(g) = g
                        && self.wants_leaf(leaf)
                    {
                        self.buffer_leaf(leaf, g)?;
                    }
                }
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
        for (leaf, g) in std::mem::take(&mut self.leaf_bufs) {
            if let Some(g) = g {
                self.deliver_to_leaf(&leaf, g)?;
            }
        }
        Ok(())
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
    /// The task table and its index go back to this thread's scratch (also after an error).
    fn drop(&mut self) {
        let mut index = std::mem::take(&mut self.index);
        let mut tasks = std::mem::take(&mut self.tasks);
        index.clear();
        tasks.clear();
        if tasks.capacity() <= 1 << 20 {
            SCRATCH.with(|s| *s.borrow_mut() = Some((index, tasks)));
        }
    }
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

fn accumulate_buffer(slot: &mut Option<Tensor>, g: Tensor) -> Result<()> {
    *slot = Some(match slot.take() {
        None => g,
        Some(old) => old.try_add(&g)?,
    });
    Ok(())
}

fn apply_pre_hooks(node: &Arc<Node>, mut g: Tensor, create_graph: bool) -> Result<Tensor> {
    if node.pre_hooks.touched() {
        let hooks = node
            .pre_hooks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        g = super::hooks::run_all(&hooks, g)?;
    }
    if node.retained.touched() {
        let retained = node
            .retained
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .and_then(|w| w.upgrade());
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
        &gt.tasks[gt.index[&ptr(&t.grad_fn_arc().unwrap())]]
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
    fn discovery_counts_the_edges_into_each_node() {
        let [_x, a, b, c, y] = diamond();
        let mut gt = GraphTask::new(PassPurpose::Accumulate, None);
        let (roots, leaves) = gt.discover(vec![one(&y)]);
        assert_eq!(roots.len(), 1);
        assert!(leaves.is_empty());
        assert_eq!(gt.tasks.len(), 4);
        let deps: Vec<usize> = [&y, &b, &c, &a].iter().map(|t| task(&gt, t).deps).collect();
        assert_eq!(deps, vec![0, 1, 1, 2]);
        // a's node leads to the leaf x: no task for that edge
        assert_eq!(task(&gt, &a).children.as_slice(), &[NO_TASK, NO_TASK]);
        assert!(gt.tasks.iter().all(|t| t.needed));
    }

    #[test]
    fn discovery_prunes_what_cannot_reach_a_target() {
        let (x, z) = (leaf(1.0), leaf(2.0));
        let (ex, sz) = (x.exp(), z.sin());
        let y = &ex + &sz;
        let targets = [x.clone()];
        let mut gt = GraphTask::new(PassPurpose::ReturnGrads, Some(&targets));
        gt.discover(vec![one(&y)]);
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
        gt.discover(vec![one(&y)]);
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
        let (roots, leaves) = gt.discover(vec![one(&y), one(&y), one(&x)]);
        assert_eq!(roots.iter().map(|r| r.0).collect::<Vec<_>>(), vec![0, 0]);
        gt.seed(roots, leaves).unwrap();
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
            let (roots, leaves) = gt.discover(vec![one(&y)]);
            gt.seed(roots, leaves).unwrap();
            let (_, ti) = gt.ready.pop().unwrap();
            gt.execute(ti).unwrap();
            assert!(gt.tasks[ti].node.is_none());
            for t in [&b, &c] {
                assert_eq!(task(&gt, t).buffer.as_ref().unwrap().item(), 1.0);
                assert!(task(&gt, t).queued && task(&gt, t).deps == 0);
            }
            // a waits for both branches
            assert_eq!(task(&gt, &a).deps, 2);
            let sin = c.grad_fn_arc().unwrap();
            let ti = gt.index[&ptr(&sin)];
            gt.execute(ti).unwrap();
            assert_eq!(task(&gt, &a).deps, 1);
            assert_eq!(task(&gt, &a).buffer.as_ref().unwrap().item(), 1f64.cos());
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
        assert!(gt.tasks.is_empty() && gt.index.is_empty());
        assert!(gt.tasks.capacity() >= 1);
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
