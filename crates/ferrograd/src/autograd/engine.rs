//! The backward engine: an iterative walk of the graph in reverse creation order.

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

/// No task: the edge leads to a leaf or nowhere.
const NO_TASK: u32 = u32::MAX;

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

/// Options of [`grad_with`], PyTorch's keyword arguments of `torch.autograd.grad`.
///
/// ```
/// use ferrograd::{autograd, Tensor};
/// let x = Tensor::new(2.0).requires_grad_(true);
/// let y = x.pow(3.0);
/// let opts = autograd::GradOptions::new().create_graph(true);
/// let dy = autograd::grad_with(&[y], &[x.clone()], &opts).unwrap()[0].clone().unwrap();
/// assert_eq!(dy.item(), 12.0);
/// let d2 = autograd::grad(&[dy], &[x]).unwrap();
/// assert_eq!(d2[0].item(), 12.0);
/// ```
#[derive(Clone, Default)]
pub struct GradOptions {
    /// The "vector" of the vector-Jacobian product, one per output (`None`: ones for scalars).
    pub grad_outputs: Option<Vec<Tensor>>,
    /// Keep the graph's saved tensors (defaults to `create_graph`).
    pub retain_graph: Option<bool>,
    /// Record the backward pass itself, so the results can be differentiated again.
    pub create_graph: bool,
    /// Return `None` for inputs the outputs do not depend on, instead of an error.
    pub allow_unused: bool,
    /// Return zeros for unused inputs (implies `allow_unused`).
    pub materialize_grads: bool,
    /// The first dimension of each grad_output is a batch: one vector-Jacobian product per
    /// element, all computed in one backward pass (results get the same batch dimension).
    pub is_grads_batched: bool,
}

impl GradOptions {
    /// Defaults: no grad_outputs, retain_graph = create_graph = false, unused inputs are an error.
    ///
    /// ```
    /// let o = ferrograd::autograd::GradOptions::new();
    /// assert!(!o.create_graph);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets `grad_outputs`.
    ///
    /// ```
    /// use ferrograd::{autograd, Tensor};
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = &x * &x;
    /// let o = autograd::GradOptions::new().grad_outputs(vec![Tensor::new([1.0, 0.0])]);
    /// let g = autograd::grad_with(&[y], &[x], &o).unwrap();
    /// assert_eq!(g[0].as_ref().unwrap().to_vec::<f32>(), vec![2.0, 0.0]);
    /// ```
    pub fn grad_outputs(mut self, g: Vec<Tensor>) -> Self {
        self.grad_outputs = Some(g);
        self
    }
    /// Sets `retain_graph`.
    ///
    /// ```
    /// let o = ferrograd::autograd::GradOptions::new().retain_graph(true);
    /// assert_eq!(o.retain_graph, Some(true));
    /// ```
    pub fn retain_graph(mut self, keep: bool) -> Self {
        self.retain_graph = Some(keep);
        self
    }
    /// Sets `create_graph`.
    ///
    /// ```
    /// let o = ferrograd::autograd::GradOptions::new().create_graph(true);
    /// assert!(o.create_graph);
    /// ```
    pub fn create_graph(mut self, create: bool) -> Self {
        self.create_graph = create;
        self
    }
    /// Sets `allow_unused`.
    ///
    /// ```
    /// use ferrograd::{autograd, Tensor};
    /// let x = Tensor::new(1.0).requires_grad_(true);
    /// let z = Tensor::new(1.0).requires_grad_(true);
    /// let o = autograd::GradOptions::new().allow_unused(true);
    /// let g = autograd::grad_with(&[x.exp()], &[x, z], &o).unwrap();
    /// assert!(g[1].is_none());
    /// ```
    pub fn allow_unused(mut self, allow: bool) -> Self {
        self.allow_unused = allow;
        self
    }
    /// Sets `materialize_grads`.
    ///
    /// ```
    /// use ferrograd::{autograd, Tensor};
    /// let x = Tensor::new(1.0).requires_grad_(true);
    /// let z = Tensor::new(1.0).requires_grad_(true);
    /// let o = autograd::GradOptions::new().materialize_grads(true);
    /// let g = autograd::grad_with(&[x.exp()], &[x, z], &o).unwrap();
    /// assert_eq!(g[1].as_ref().unwrap().item(), 0.0);
    /// ```
    pub fn materialize_grads(mut self, m: bool) -> Self {
        self.materialize_grads = m;
        self
    }
    /// Sets `is_grads_batched`: each grad_output has a leading batch dimension, and the pass
    /// computes one vector-Jacobian product per batch element, all at once.
    ///
    /// ```
    /// use ferrograd::{autograd, DType, Tensor};
    /// let x = Tensor::new_with_dtype([1.0, 2.0], DType::Float64).requires_grad_(true);
    /// let y = x.pow(2.0);
    /// // the rows of the identity give the whole Jacobian, diag(2x), in one pass
    /// let o = autograd::GradOptions::new()
    ///     .grad_outputs(vec![Tensor::eye_dtype(2, DType::Float64)])
    ///     .is_grads_batched(true);
    /// let j = autograd::grad_with(&[y], &[x], &o).unwrap()[0].clone().unwrap();
    /// assert_eq!(j.to_vec::<f64>(), vec![2.0, 0.0, 0.0, 4.0]);
    /// ```
    pub fn is_grads_batched(mut self, b: bool) -> Self {
        self.is_grads_batched = b;
        self
    }
}

/// `torch.autograd.grad(outputs, inputs)`: the gradients of the outputs' sum with respect to each
/// input, without touching any `.grad`. Unused inputs are an error; see [`grad_with`] for options.
///
/// ```
/// use ferrograd::{autograd, Tensor};
/// let x = Tensor::new(5.0).requires_grad_(true);
/// let y = x.pow(2.0) + x.pow(3.0);
/// let g = autograd::grad(&[y], &[x.clone()]).unwrap();
/// assert_eq!(g[0].item(), 85.0);
/// assert!(x.grad().is_none());
/// ```
pub fn grad(outputs: &[Tensor], inputs: &[Tensor]) -> Result<Vec<Tensor>> {
    let r = grad_with(outputs, inputs, &GradOptions::default())?;
    Ok(r.into_iter()
        .map(|g| g.expect("checked by allow_unused=false"))
        .collect())
}

/// `torch.autograd.grad` with all its options.
///
/// ```
/// use ferrograd::{autograd, autograd::GradOptions, Tensor};
/// let x = Tensor::new(3.0).requires_grad_(true);
/// let y = 3.0 * x.pow(2.0);
/// let g = autograd::grad_with(&[y], &[x], &GradOptions::new().create_graph(true)).unwrap();
/// let g = g[0].as_ref().unwrap();
/// assert_eq!(g.to_string(), "tensor(18., grad_fn=<MulBackward0>)");
/// ```
pub fn grad_with(
    outputs: &[Tensor],
    inputs: &[Tensor],
    opts: &GradOptions,
) -> Result<Vec<Option<Tensor>>> {
    if inputs.is_empty() {
        return Err(runtime("`inputs` argument to `grad()` cannot be empty."));
    }
    for t in inputs {
        if !t.requires_grad() {
            return Err(runtime(
                "One of the differentiated Tensors does not require grad",
            ));
        }
    }
    let batch = if opts.is_grads_batched {
        Some(batch_size(outputs, opts.grad_outputs.as_deref())?)
    } else {
        None
    };
    if batch == Some(0) {
        // an empty batch: no vector-Jacobian products to compute
        return Ok(inputs
            .iter()
            .map(|x| {
                let shape = super::batch::prepend(Some(0), x.shape());
                Some(Tensor::zeros_dtype(&shape, x.dtype()))
            })
            .collect());
    }
    let roots = make_roots_batched(
        outputs,
        opts.grad_outputs.as_deref(),
        "grad_outputs",
        batch.is_some(),
    )?;
    let keep = opts.retain_graph.unwrap_or(opts.create_graph);
    let res = run(roots, Some(inputs), keep, opts.create_graph, false, batch)?;
    let mut out = Vec::with_capacity(res.len());
    for (i, g) in res.into_iter().enumerate() {
        match (g, batch) {
            // a gradient that does not vary over the batch (it never met the batched gradient)
            (Some(g), Some(b)) if g.dim() == inputs[i].dim() => {
                let shape = super::batch::prepend(Some(b), g.shape());
                out.push(Some(g.try_unsqueeze(0)?.try_expand(&shape)?.contiguous()));
            }
            (Some(g), _) => out.push(Some(g)),
            (None, _) if opts.materialize_grads => {
                let _ng = super::no_grad();
                let shape = super::batch::prepend(batch, inputs[i].shape());
                out.push(Some(Tensor::zeros_dtype(&shape, inputs[i].dtype())))
            }
            (None, _) if opts.allow_unused => out.push(None),
            (None, _) => {
                return Err(runtime(format!(
                    "The differentiated Tensor at index {i} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior."
                )))
            }
        }
    }
    Ok(out)
}

/// The batch size of batched grad_outputs: the first dimension, the same for all.
fn batch_size(outputs: &[Tensor], grads: Option<&[Tensor]>) -> Result<usize> {
    let Some(grads) = grads else {
        return Err(runtime(
            "If `is_grads_batched=True`, grad_outputs must be given, each with the batch as its first dimension.",
        ));
    };
    let mut size = None;
    for (i, (g, out)) in grads.iter().zip(outputs).enumerate() {
        if g.dim() != out.dim() + 1 {
            return Err(batched_shape_error(i, g, out));
        }
        let b = g.shape()[0];
        if *size.get_or_insert(b) != b {
            return Err(runtime(format!(
                "If `is_grads_batched=True`, every grad_output must have the same batch size (the first dimension): grad_output[0] has {} and grad_output[{i}] has {b}.",
                size.unwrap_or(0)
            )));
        }
    }
    Ok(size.unwrap_or(1))
}

fn batched_shape_error(i: usize, g: &Tensor, out: &Tensor) -> crate::Error {
    // PyTorch shows the shape of `grad_output[i][0]` without its first dimension, i.e. the
    // batched gradient's shape from its third dimension on; the text follows it.
    let per_sample = crate::tensor::Size(g.shape().get(2..).unwrap_or(&[]).to_vec());
    runtime(format!(
        "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: grad_output[{i}] has a shape of {per_sample} and output[{i}] has a shape of {}. If you only want some tensors in `grad_output` to be considered batched, consider using vmap.",
        out.size()
    ))
}

/// Pairs each output with its starting gradient, checking shapes and casting dtypes as PyTorch does.
pub(crate) fn make_roots(
    outputs: &[Tensor],
    grads: Option<&[Tensor]>,
    what: &str,
) -> Result<Vec<(Tensor, Tensor)>> {
    make_roots_batched(outputs, grads, what, false)
}

/// [`make_roots`], where each gradient may carry a leading batch dimension.
fn make_roots_batched(
    outputs: &[Tensor],
    grads: Option<&[Tensor]>,
    what: &str,
    batched: bool,
) -> Result<Vec<(Tensor, Tensor)>> {
    if let Some(g) = grads {
        if g.len() != outputs.len() {
            return Err(runtime(format!(
                "{what} sequence length ({}) must equal outputs length ({})",
                g.len(),
                outputs.len()
            )));
        }
    }
    let mut roots = Vec::with_capacity(outputs.len());
    for (i, out) in outputs.iter().enumerate() {
        if !out.requires_grad() {
            return Err(runtime(format!(
                "element {i} of tensors does not require grad and does not have a grad_fn"
            )));
        }
        let g = match grads {
            Some(g) => {
                let g = &g[i];
                if batched && g.shape().get(1..) != Some(out.shape()) {
                    return Err(batched_shape_error(i, g, out));
                }
                if !batched && g.shape() != out.shape() {
                    return Err(runtime(format!(
                        "Mismatch in shape: grad_output[{i}] has a shape of {} and output[{i}] has a shape of {}.",
                        g.size(),
                        out.size()
                    )));
                }
                if g.dtype() != out.dtype() {
                    let _ng = super::no_grad();
                    g.to_dtype(out.dtype())
                } else {
                    g.clone()
                }
            }
            None => {
                if out.numel() != 1 {
                    return Err(runtime(
                        "grad can be implicitly created only for scalar outputs",
                    ));
                }
                out.ones_like()
            }
        };
        roots.push((out.clone(), g));
    }
    Ok(roots)
}

fn ptr<T: ?Sized>(a: &Arc<T>) -> usize {
    Arc::as_ptr(a) as *const u8 as usize
}

/// Runs backward from `roots`.
///
/// With `targets`, returns the gradient reaching each target (a leaf's incoming gradient, or a
/// non-leaf's output gradient) and prunes what cannot reach them. With `accumulate`, leaves'
/// `.grad` are filled (only the targets' if given).
pub(crate) fn run(
    roots: Vec<(Tensor, Tensor)>,
    targets: Option<&[Tensor]>,
    keep_graph: bool,
    create_graph: bool,
    accumulate: bool,
    batch: Option<usize>,
) -> Result<Vec<Option<Tensor>>> {
    let _batch = super::batch::Scope::new(batch);
    // Targets: leaves are keyed by tensor, non-leaves by their grad_fn.
    let mut leaf_targets: PtrMap<Vec<usize>> = PtrMap::default();
    let mut node_targets: PtrMap<Vec<usize>> = PtrMap::default();
    let n_targets = targets.map_or(0, |t| t.len());
    if let Some(ts) = targets {
        for (i, t) in ts.iter().enumerate() {
            match t.grad_fn_arc() {
                Some(n) => node_targets.entry(ptr(&n)).or_default().push(i),
                None => leaf_targets.entry(ptr(&t.0)).or_default().push(i),
            }
        }
    }
    let all = targets.is_none();
    let mut results: Vec<Option<Tensor>> = vec![None; n_targets];
    let _mode = set_grad_enabled(create_graph);

    // Discover the graph: dependency counts and which nodes are needed (post-order).
    // The task table and its index keep their capacity between passes on this thread.
    let (mut index, mut tasks) = SCRATCH.with(|s| s.borrow_mut().take()).unwrap_or_default();
    let mut root_leaves: Vec<(Arc<TensorImpl>, Tensor)> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut root_tasks: Vec<(usize, Tensor)> = Vec::new();
    for (out, g) in roots {
        match out.grad_fn_arc() {
            Some(node) => {
                let key = ptr(&node);
                let ti = match index.get(&key) {
                    Some(&ti) => ti,
                    None => {
                        let ti = tasks.len();
                        index.insert(key, ti);
                        tasks.push(Task {
                            seq: node.seq,
                            node: Some(node),
                            children: SmallVec::new(),
                            deps: 0,
                            buffer: None,
                            needed: all,
                            queued: false,
                        });
                        stack.push((ti, 0));
                        discover(
                            &mut tasks,
                            &mut index,
                            &mut stack,
                            all,
                            &leaf_targets,
                            &node_targets,
                        );
                        ti
                    }
                };
                root_tasks.push((ti, g));
            }
            None => root_leaves.push((out.0.clone(), g)),
        }
    }

    // Seed the buffers and the ready queue.
    let mut ready: BinaryHeap<(u64, usize)> = BinaryHeap::new();
    for (ti, g) in root_tasks {
        accumulate_buffer(&mut tasks[ti].buffer, g)?;
    }
    for (ti, t) in tasks.iter_mut().enumerate() {
        if t.deps == 0 && t.buffer.is_some() && !t.queued {
            t.queued = true;
            ready.push((t.seq, ti));
        }
    }
    // Gradients reaching each leaf are summed first, then delivered once (hooks see the sum, as
    // PyTorch's AccumulateGrad does), in order of first arrival.
    let mut leaf_bufs: Vec<(Arc<TensorImpl>, Option<Tensor>)> = Vec::new();
    let mut leaf_index: PtrMap<usize> = PtrMap::default();
    for (leaf, g) in root_leaves {
        if all || leaf_targets.contains_key(&ptr(&leaf)) {
            buffer_leaf(&mut leaf_bufs, &mut leaf_index, &leaf, g)?;
        }
    }

    let mut saved_buf: Vec<Tensor> = Vec::new();
    while let Some((_, ti)) = ready.pop() {
        let Some(node) = tasks[ti].node.take() else {
            continue;
        };
        let mut grad = tasks[ti].buffer.take();
        if let Some(g) = grad.take() {
            grad = Some(apply_pre_hooks(&node, g, create_graph)?);
        }
        if !node_targets.is_empty() {
            if let (Some(g), Some(idx)) = (&grad, node_targets.get(&ptr(&node))) {
                for &i in idx {
                    add_result(&mut results[i], g.clone())?;
                }
                if accumulate {
                    if let Some(ts) = targets {
                        for &i in idx {
                            accumulate_nonleaf(&ts[i], g.clone(), create_graph)?;
                        }
                    }
                }
            }
        }
        let mut input_grads: Vec<Option<Tensor>> = Vec::new();
        if tasks[ti].needed {
            // One lock: unpack the saved tensors, and take them out when the graph is not kept
            // (they are freed once the rule has run).
            let freed = {
                let mut guard = node.saved.lock().unwrap_or_else(|e| e.into_inner());
                let release = !keep_graph && guard.as_ref().is_some_and(|s| !s.is_empty());
                if grad.is_some() {
                    match guard.as_ref() {
                        None => return Err(runtime(FREED_MSG)),
                        Some(sv) => {
                            for s in sv.iter() {
                                saved_buf.push(s.unpack(&node)?);
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
            if let Some(g) = &grad {
                let ctx = BackwardCtx {
                    grad: g,
                    saved: std::mem::take(&mut saved_buf),
                    next: &node.next,
                };
                input_grads = match batch {
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
                saved_buf = ctx.saved;
                saved_buf.clear();
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
                    check_nan(&node, &input_grads)?;
                }
            }
            drop(freed);
        }
        drop(grad);
        let children = std::mem::take(&mut tasks[ti].children);
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
                    if let Some(g) = g {
                        accumulate_buffer(&mut tasks[ci].buffer, g)?;
                    }
                    let t = &mut tasks[ci];
                    t.deps -= 1;
                    if t.deps == 0 && t.buffer.is_some() && !t.queued {
                        t.queued = true;
                        ready.push((t.seq, ci));
                    }
                }
                Some(Edge::Leaf(leaf)) => {
                    if let Some(g) = g {
                        if all || leaf_targets.contains_key(&ptr(leaf)) {
                            buffer_leaf(&mut leaf_bufs, &mut leaf_index, leaf, g)?;
                        }
                    }
                }
            }
        }
    }
    for (leaf, g) in leaf_bufs {
        if let Some(g) = g {
            deliver_to_leaf(
                &leaf,
                g,
                &leaf_targets,
                &mut results,
                all,
                accumulate,
                create_graph,
            )?;
        }
    }
    index.clear();
    tasks.clear();
    if tasks.capacity() <= 1 << 20 {
        SCRATCH.with(|s| *s.borrow_mut() = Some((index, tasks)));
    }
    Ok(results)
}

type Scratch = (PtrMap<usize>, Vec<Task>);

thread_local! {
    static SCRATCH: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) };
}

fn buffer_leaf(
    bufs: &mut Vec<(Arc<TensorImpl>, Option<Tensor>)>,
    index: &mut PtrMap<usize>,
    leaf: &Arc<TensorImpl>,
    g: Tensor,
) -> Result<()> {
    let i = *index.entry(ptr(leaf)).or_insert_with(|| {
        bufs.push((leaf.clone(), None));
        bufs.len() - 1
    });
    accumulate_buffer(&mut bufs[i].1, g)
}

pub(crate) const FREED_MSG: &str = "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/// Anomaly mode: a rule that returned NaN names itself and its forward call site.
fn check_nan(node: &Node, grads: &[Option<Tensor>]) -> Result<()> {
    for (i, g) in grads.iter().enumerate() {
        if let Some(g) = g {
            if g.dtype().is_floating_point() && g.to_f64_vec().iter().any(|v| v.is_nan()) {
                return Err(runtime(format!(
                    "Function '{}' returned nan values in its {i}th output. The node was created by the forward call at {}.",
                    node.name, node.location
                )));
            }
        }
    }
    Ok(())
}

fn discover(
    tasks: &mut Vec<Task>,
    index: &mut PtrMap<usize>,
    stack: &mut Vec<(usize, usize)>,
    all: bool,
    leaf_targets: &PtrMap<Vec<usize>>,
    node_targets: &PtrMap<Vec<usize>>,
) {
    while let Some(top) = stack.last_mut() {
        let (ti, pos) = *top;
        let node = tasks[ti]
            .node
            .as_ref()
            .expect("discovered nodes are present");
        if pos < node.next.len() {
            top.1 += 1;
            let key = match &node.next[pos] {
                Some(Edge::Node(child)) => Some(ptr(child)),
                _ => None,
            };
            match key.map(|k| (k, index.get(&k).copied())) {
                Some((_, Some(ci))) => {
                    tasks[ci].deps += 1;
                    tasks[ti].children.push(ci as u32);
                }
                Some((key, None)) => {
                    let child = match &node.next[pos] {
                        Some(Edge::Node(child)) => child.clone(),
                        _ => unreachable!("a node edge"),
                    };
                    let ci = tasks.len();
                    index.insert(key, ci);
                    tasks[ti].children.push(ci as u32);
                    tasks.push(Task {
                        seq: child.seq,
                        node: Some(child),
                        children: SmallVec::new(),
                        deps: 1,
                        buffer: None,
                        needed: all,
                        queued: false,
                    });
                    stack.push((ci, 0));
                }
                None => tasks[ti].children.push(NO_TASK),
            }
        } else {
            stack.pop();
            if !all {
                // All children are finished (the graph is acyclic): decide whether this node is needed.
                let needed = node.next.iter().any(|e| match e {
                    Some(Edge::Node(c)) => {
                        let k = ptr(c);
                        node_targets.contains_key(&k)
                            || index.get(&k).is_some_and(|&ci| tasks[ci].needed)
                    }
                    Some(Edge::Leaf(l)) => leaf_targets.contains_key(&ptr(l)),
                    None => false,
                });
                tasks[ti].needed = needed;
            }
        }
    }
}

fn accumulate_buffer(slot: &mut Option<Tensor>, g: Tensor) -> Result<()> {
    *slot = Some(match slot.take() {
        None => g,
        Some(old) => old.try_add(&g)?,
    });
    Ok(())
}

fn add_result(slot: &mut Option<Tensor>, g: Tensor) -> Result<()> {
    accumulate_buffer(slot, g)
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

/// `.grad` of a non-leaf (retain_grad or backward(inputs=)): out-of-place accumulation.
fn accumulate_nonleaf(t: &Tensor, g: Tensor, create_graph: bool) -> Result<()> {
    let g = if create_graph {
        g
    } else {
        let d = g.detach();
        drop(g);
        d
    };
    let mut m = t.meta();
    let new = match m.grad.take() {
        None => fresh_copy(&g),
        Some(old) => old.try_add(&g)?,
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

fn deliver_to_leaf(
    leaf: &Arc<TensorImpl>,
    g: Tensor,
    leaf_targets: &PtrMap<Vec<usize>>,
    results: &mut [Option<Tensor>],
    all: bool,
    accumulate: bool,
    create_graph: bool,
) -> Result<()> {
    let key = ptr(leaf);
    let is_target = leaf_targets.get(&key);
    if is_target.is_none() && !(accumulate && all) {
        return Ok(());
    }
    // The leaf's hooks run on the summed gradient, for backward and for grad() alike.
    let t = Tensor(leaf.clone());
    let hooks = t.meta().hooks.clone();
    let g = super::hooks::run_all(&hooks, g)?;
    if !accumulate {
        if let Some(idx) = is_target {
            for &i in idx {
                add_result(&mut results[i], g.clone())?;
            }
        }
        return Ok(());
    }
    let g = if create_graph {
        g
    } else {
        // Drop the attached handle first, so that a gradient nobody else holds is kept as is.
        let d = g.detach();
        drop(g);
        d
    };
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

#[cfg(test)]
mod tests {
    use crate::Tensor;

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
