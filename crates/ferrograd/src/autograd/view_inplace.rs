//! In-place operations on views, as PyTorch records them.
//!
//! A view (`y[0]`, `y.t()`, `y.view(6)` …) shares its base's storage, so an in-place op on the
//! view changes the base too. The op's node is not given to the view: the base takes a
//! `CopySlices` node whose rule splits the base's gradient into the part outside the view
//! (passed to the base's former history) and the part inside it (given to the op's node, whose
//! gradient for the view's former value flows back through the view's former history, which
//! leads to the base's former history as well). The view then takes an `AsStridedBackward0`
//! node that reads its elements out of the base's new history.
//!
//! Other views of the same base see the change through the storage's version: a view whose
//! version is behind takes a new `AsStridedBackward0` node from its base when it is next used
//! (PyTorch regenerates such a view's `grad_fn` the same way).

use super::{edge_of, is_grad_enabled, Edge, Node};
use crate::error::{runtime, Result};
use crate::tensor::for_each_offset;
use crate::{DType, Tensor};
use std::collections::HashMap;
use std::panic::Location;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// PyTorch's name of the node an in-place op on a view gives the base.
pub(crate) const COPY_SLICES: &str = "torch::autograd::CopySlices";

/// The base of a differentiable view.
#[inline]
pub(crate) fn base_of(t: &Tensor) -> Option<&Tensor> {
    t.0.base.as_ref()
}

/// PyTorch's checks before an in-place op on `t` that may be recorded (`other_requires`: an
/// operand requires grad): no element of `t` may share memory with another, and a view of a
/// leaf that requires grad, or a view whose base requires grad but that was made without
/// recording (in no-grad mode), cannot be written to with grad mode on.
pub(crate) fn check(t: &Tensor, other_requires: bool) -> Result<()> {
    if t.shape()
        .iter()
        .zip(t.strides())
        .any(|(&n, &s)| n > 1 && s == 0)
    {
        return Err(runtime(
            "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
        ));
    }
    let Some(base) = base_of(t) else {
        return Ok(());
    };
    if !is_grad_enabled() || !(base.requires_grad() || t.requires_grad() || other_requires) {
        return Ok(());
    }
    if t.0.multi_output_view.load(Ordering::Relaxed) {
        let m = t.meta();
        if let Some(node) = m.grad_fn.as_ref() {
            return Err(runtime(format!(
                "Output {} of {} is a view and is being modified inplace. {MULTI_OUTPUT_ADVICE}",
                m.output_nr,
                op_of(node)
            )));
        }
    }
    if base.is_leaf() && base.requires_grad() {
        return Err(runtime(
            "a view of a leaf Variable that requires grad is being used in an in-place operation.",
        ));
    }
    if base.requires_grad() && !t.requires_grad() {
        return Err(runtime(
            "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).",
        ));
    }
    Ok(())
}

/// PyTorch's explanation after its multi-output view errors.
const MULTI_OUTPUT_ADVICE: &str = "This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.";

/// The op of a node as PyTorch's view errors name it (`SplitBackward0` → `Split`).
fn op_of(node: &Node) -> &'static str {
    let op = node.name().trim_end_matches(|c: char| c.is_ascii_digit());
    op.strip_suffix("Backward").unwrap_or(op)
}

/// Why a tensor's history is `Invalid` (kept in the invalid node's state).
pub(crate) struct InvalidHistory(pub(crate) String);

/// The positions of the view's elements (in its row-major order) among its base's elements
/// (in the base's row-major order), as an int64 vector.
fn positions(view: &Tensor, base: &Tensor) -> Result<Tensor> {
    let mut out = Vec::with_capacity(view.numel());
    let (b_off, b_strides) = (base.storage_offset(), base.strides());
    if base.is_contiguous() {
        let end = b_off + base.numel();
        let mut bad = false;
        for_each_offset(view.shape(), view.strides(), view.storage_offset(), |o| {
            bad |= o < b_off || o >= end;
            out.push(o.wrapping_sub(b_off) as i64);
        });
        if bad {
            return Err(runtime(
                "setStorage: the view's elements are not all elements of its base",
            ));
        }
    } else {
        let mut at = HashMap::with_capacity(base.numel());
        let mut i = 0i64;
        for_each_offset(base.shape(), b_strides, b_off, |o| {
            at.entry(o).or_insert(i);
            i += 1;
        });
        let mut missing = false;
        for_each_offset(
            view.shape(),
            view.strides(),
            view.storage_offset(),
            |o| match at.get(&o) {
                Some(&p) => out.push(p),
                None => missing = true,
            },
        );
        if missing {
            return Err(runtime(
                "setStorage: the view's elements are not all elements of its base",
            ));
        }
    }
    Ok(Tensor::from_vec(out, &[view.numel()]))
}

fn new_node(
    name: &'static str,
    next: Vec<Option<Edge>>,
    location: &'static Location<'static>,
    backward: impl Fn(&super::BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Arc<Node> {
    let next: super::Edges = next.into();
    Arc::new(Node {
        name,
        seq: super::next_seq(&next),
        task: std::sync::atomic::AtomicU64::new(0),
        // the rules index the flattened gradient: a batched pass runs them per element
        batched: false,
        holds_values: false,
        outputs: 1,
        next,
        saved: Mutex::new(Some(Vec::new().into())),
        backward,
        extras: std::sync::OnceLock::new(),
        location,
    })
}

/// Makes `node` the `grad_fn` of `t` (which requires grad from now on).
fn set_grad_fn(t: &Tensor, node: Arc<Node>) {
    let old = {
        let mut m = t.meta();
        m.requires_grad = true;
        m.set_grad_fn(node, 0)
    };
    if let Some(o) = old {
        super::release_node(o);
    }
}

/// Gives `view` an `AsStridedBackward0` node over its base's history `base_edge` (the view's
/// gradient, written at its positions into zeros of the base's shape), current for the
/// storage's present version.
fn set_as_strided(view: &Tensor, base: &Tensor, base_edge: Option<Edge>, pos: Tensor) {
    let b_shape = base.shape().to_vec();
    let node = new_node(
        "AsStridedBackward0",
        vec![base_edge],
        Location::caller(),
        move |c| {
            let numel = b_shape.iter().product::<usize>();
            let flat = Tensor::zeros_dtype(&[numel], c.grad.dtype()).try_index_add(
                0,
                &pos,
                &c.grad.try_reshape(&[c.grad.numel()])?,
                1.0,
            )?;
            Ok(vec![Some(flat.try_reshape(&b_shape)?)])
        },
    );
    set_grad_fn(view, node);
    view.0
        .view_version
        .store(view.0.counter().get(), Ordering::Release);
}

/// Records the in-place op `node` (already applied to `view`'s elements; its first edge is
/// the view's former history) on the view and its base, as described in the module docs.
pub(crate) fn rebase(view: &Tensor, base: &Tensor, node: Arc<Node>) -> Result<()> {
    let pos = positions(view, base)?;
    let base_edge = edge_of(base);
    let location = node.location;
    let (v_shape, b_shape) = (view.shape().to_vec(), base.shape().to_vec());
    // 1 outside the view, 0 inside it
    // in the base's dtype (the gradient's), so that backward does not convert it
    let dt = if base.dtype().is_floating_point() {
        base.dtype()
    } else {
        DType::Float64
    };
    let outside = Tensor::ones_dtype(&[base.numel()], dt)
        .try_index_fill(0, &pos, 0.0)?
        .try_reshape(&b_shape)?;
    let pos_in = pos.clone();
    let copy_slices = new_node(
        COPY_SLICES,
        vec![base_edge, Some(Edge::Node(node, 0))],
        location,
        move |c| {
            let g = c.grad;
            let rest = c.grad_if(0, || g.try_mul(&outside.try_to_dtype(g.dtype())?))?;
            let inside = c.grad_if(1, || {
                g.try_reshape(&[g.numel()])?
                    .try_index_select(0, &pos_in)?
                    .try_reshape(&v_shape)
            })?;
            Ok(vec![rest, inside])
        },
    );
    set_grad_fn(base, copy_slices.clone());
    set_as_strided(view, base, Some(Edge::Node(copy_slices, 0)), pos);
    Ok(())
}

/// Brings a view's `grad_fn` up to date after an in-place change of its storage made through
/// another tensor: the view reads its elements out of its base's present history.
#[inline]
pub(crate) fn refresh(t: &Tensor) {
    let Some(base) = base_of(t) else {
        return;
    };
    let version = t.0.counter().get();
    if t.0.view_version.load(Ordering::Acquire) == version {
        return;
    }
    refresh_slow(t, base, version);
}

#[cold]
fn refresh_slow(t: &Tensor, base: &Tensor, version: u64) {
    if t.0.multi_output_view.load(Ordering::Relaxed) {
        // PyTorch cannot give an output view of a multi-output node a new history: it becomes
        // `Invalid` (printed `grad_fn=<Invalid>`; reading it or differentiating through it is
        // an error)
        let m = t.meta();
        if let Some(node) = m.grad_fn.as_ref().filter(|n| n.name() != "Invalid") {
            let msg = format!(
                "Output {} of {} is a view and its base or another view of its base has been modified inplace. {MULTI_OUTPUT_ADVICE}",
                m.output_nr,
                op_of(node)
            );
            drop(m);
            let why = msg.clone();
            let invalid = new_node("Invalid", Vec::new(), Location::caller(), move |_| {
                Err(runtime(why.clone()))
            });
            let _ = invalid.extras().state.set(Arc::new(InvalidHistory(msg)));
            set_grad_fn(t, invalid);
            t.0.view_version.store(version, Ordering::Release);
            return;
        }
    }
    let base_edge = edge_of(base);
    match (base_edge, positions(t, base)) {
        (Some(e), Ok(pos)) => set_as_strided(t, base, Some(e), pos),
        (None, _) => {
            // the base has no history: neither has the view (unless it is itself a leaf)
            let mut m = t.meta();
            if let Some(o) = m.grad_fn.take() {
                m.output_nr = 0;
                m.requires_grad = false;
                drop(m);
                super::release_node(o);
            }
            t.0.view_version.store(version, Ordering::Release);
        }
        (Some(_), Err(_)) => t.0.view_version.store(version, Ordering::Release),
    }
}
