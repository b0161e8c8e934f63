//! Recording a custom function in the graph.
//!
//! One differentiable output is recorded as one node, as any op. Several differentiable
//! outputs share one node with an output per output of `forward` (PyTorch's multi-output
//! nodes): the engine gathers every output's gradient (`None` for outputs that received none)
//! and the rule calls `backward` once.

use super::{validate, FunctionCtx, MultiFunction, Single};
use crate::autograd::forward_ad::{self, Suspend};
use crate::autograd::{
    attach_multi, attach_node, edge_for, is_grad_enabled, rebase_history, BackwardCtx, SavedList,
    SavedTensor,
};
use crate::error::{not_implemented, runtime, Result};
use crate::{no_grad, DType, Tensor};
use std::sync::Arc;

type Meta = (Vec<usize>, DType);

/// Runs a custom [`Function`](super::Function) on `inputs` and records it in the graph
/// (`MyFn.apply(...)`).
///
/// ```
/// # use ferrograd::autograd::{apply, Function, FunctionCtx};
/// # use ferrograd::{Result, Tensor};
/// struct Double;
/// impl Function for Double {
///     fn forward(&self, _: &mut FunctionCtx, x: &[Tensor]) -> Result<Tensor> { x[0].try_mul_scalar(2.0) }
///     fn backward(&self, _: &FunctionCtx, g: &Tensor) -> Result<Vec<Option<Tensor>>> { Ok(vec![Some(g.try_mul_scalar(2.0)?)]) }
/// }
/// let y = apply(Double, &[Tensor::new(1.0)]).unwrap();
/// assert!(!y.requires_grad());
/// ```
pub fn apply<F: super::Function + 'static>(function: F, inputs: &[Tensor]) -> Result<Tensor> {
    Ok(apply_multi(Single(function), inputs)?.remove(0))
}

/// Where a tensor given to `save_for_backward` comes from.
#[derive(Clone, Copy)]
enum Saved {
    /// Saved as is (an input, or any other tensor).
    Plain,
    /// Output `j`: saved without its graph, which is reattached when backward reads it.
    Output(usize),
}

/// Runs a custom [`MultiFunction`] on `inputs` and records it in the graph; returns its
/// outputs (the differentiable ones with the function as `grad_fn`).
///
/// ```
/// use ferrograd::autograd::{apply_multi, FunctionCtx, MultiFunction};
/// use ferrograd::{Result, Tensor};
///
/// /// `(2x, argmax)`: the second output is not differentiable.
/// struct Twice;
/// impl MultiFunction for Twice {
///     fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> Result<Vec<Tensor>> {
///         let idx = x[0].argmax(0);
///         ctx.mark_non_differentiable(&[idx.clone()]);
///         Ok(vec![x[0].try_mul_scalar(2.0)?, idx])
///     }
///     fn backward(&self, _: &FunctionCtx, g: &[Option<Tensor>]) -> Result<Vec<Option<Tensor>>> {
///         Ok(vec![g[0].as_ref().map(|g| g.try_mul_scalar(2.0)).transpose()?])
///     }
/// }
/// let x = Tensor::new([1.0, 3.0]).requires_grad_(true);
/// let y = apply_multi(Twice, &[x.clone()]).unwrap();
/// assert!(y[0].requires_grad() && !y[1].requires_grad());
/// y[0].sum().backward();
/// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 2.0]);
/// ```
pub fn apply_multi<F: MultiFunction + 'static>(
    function: F,
    inputs: &[Tensor],
) -> Result<Vec<Tensor>> {
    let recording = is_grad_enabled();
    let mut ctx = FunctionCtx {
        needs: inputs
            .iter()
            .map(|t| recording && t.requires_grad())
            .collect(),
        ..FunctionCtx::default()
    };
    let (outs, dirty_of) = {
        let _g = no_grad();
        let _s = Suspend::new();
        let detached: Vec<Tensor> = inputs.iter().map(|t| t.detach()).collect();
        let outs = function.forward(&mut ctx, &detached)?;
        // forward may see the detached inputs or (from a binding) the caller's tensors
        let input_of = |s: &Tensor| {
            (detached.iter().zip(inputs)).position(|(d, x)| d.is_same(s) || x.is_same(s))
        };
        // Saved inputs must be the caller's tensors (with their graphs) for higher derivatives.
        ctx.saved = ctx
            .saved
            .iter()
            .map(|s| input_of(s).map_or_else(|| s.clone(), |i| inputs[i].clone()))
            .collect();
        let dirty: Vec<usize> = ctx.dirty.iter().filter_map(input_of).collect();
        let mut dirty_of = vec![None; outs.len()];
        for &i in &dirty {
            match outs.iter().position(|o| o.is_same(&detached[i]) || o.is_same(&inputs[i])) {
                Some(j) => dirty_of[j] = Some(i),
                None => return Err(runtime("Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.")),
            }
        }
        // Fresh handles on the outputs, so that saving them creates no reference cycle.
        let outs: Vec<Tensor> = outs.iter().map(|o| o.detach()).collect();
        (outs, dirty_of)
    };
    let name = function.name();
    let is_out = |s: &Tensor, o: &Tensor| s.shares_storage(o) && s.shape() == o.shape();
    let diff: Vec<bool> = outs
        .iter()
        .map(|o| {
            o.dtype().is_floating_point() && !ctx.non_differentiable.iter().any(|n| is_out(n, o))
        })
        .collect();
    let saved_kind: Vec<Saved> = ctx
        .saved
        .iter()
        .map(|s| {
            outs.iter()
                .position(|o| is_out(s, o))
                .map_or(Saved::Plain, Saved::Output)
        })
        .collect();
    let metas: Vec<Meta> = inputs.iter().map(meta).collect();
    let out_metas: Vec<Meta> = outs.iter().map(meta).collect();
    let n_diff = diff.iter().filter(|&&d| d).count();

    let has_tangents = forward_ad::active() && inputs.iter().any(|t| t.tangent().is_some());
    if has_tangents && function.has_jvp() {
        let tangents: Vec<Option<Tensor>> = inputs.iter().map(|t| t.tangent()).collect();
        let touts = {
            let _s = Suspend::new();
            function.jvp(&ctx, &tangents)?
        };
        if touts.len() != outs.len() {
            return Err(runtime(format!(
                "function {name} returned an incorrect number of tangents (expected {}, got {})",
                outs.len(),
                touts.len()
            )));
        }
        for ((o, t), &d) in outs.iter().zip(touts).zip(&diff) {
            if let (Some(t), true) = (t, d) {
                forward_ad::attach_tangent(o, t);
            }
        }
    } else if has_tangents && n_diff > 1 {
        return Err(not_implemented(
            "You must implement the jvp function for custom autograd.Function to use it with forward mode AD.",
        ));
    }

    let needed = ctx.needs.iter().any(|&n| n);
    if n_diff == 0 || !(needed || has_tangents && !function.has_jvp()) {
        return Ok(outs);
    }
    let state = function.state();
    let f = Arc::new(function);
    let refs: Vec<&Tensor> = inputs.iter().collect();
    let materialize = ctx.materialize_grads;

    let mut outs = outs;
    if n_diff == 1 {
        let k = diff
            .iter()
            .position(|&d| d)
            .expect("one differentiable output");
        // The output itself is saved as PyTorch's `result` (reattached to the node on unpack).
        let save_output = saved_kind
            .iter()
            .any(|s| matches!(s, Saved::Output(j) if *j == k));
        let plain: Vec<Tensor> = ctx
            .saved
            .iter()
            .zip(&saved_kind)
            .filter(|(_, s)| !matches!(s, Saved::Output(j) if *j == k))
            .map(|(t, s)| match s {
                Saved::Output(_) => t.alias_same_layout(),
                Saved::Plain => t.clone(),
            })
            .collect();
        let kinds = saved_kind.clone();
        let f2 = f.clone();
        let metas2 = metas.clone();
        let rule = move |c: &BackwardCtx<'_>| {
            let mut rest = c.saved.iter();
            let output = save_output.then(|| c.saved.last().cloned()).flatten();
            let saved = kinds
                .iter()
                .map(|s| match s {
                    Saved::Output(j) if *j == k => output.clone().expect("saved output"),
                    _ => rest.next().expect("saved tensor").clone(),
                })
                .collect();
            let mut grads: Vec<Option<Tensor>> = vec![None; out_metas.len()];
            grads[k] = Some(c.grad.clone());
            let needs = (0..metas2.len()).map(|i| c.needs(i)).collect();
            run_backward(&*f2, saved, needs, grads, materialize, &out_metas, &metas2)
        };
        let srefs: Vec<(&'static str, &Tensor)> =
            plain.iter().map(|t| ("saved_tensors", t)).collect();
        if has_tangents && !f.has_jvp() {
            let prefs: Vec<&Tensor> = plain.iter().collect();
            forward_ad::propagate(name, &outs[k], &refs, &prefs, save_output, &rule)?;
        }
        if !needed {
            return Ok(outs);
        }
        if let Some(i) = dirty_of[k] {
            // ctx.mark_dirty: the input itself becomes the output, its history rebased here
            let x = &inputs[i];
            if x.is_leaf() && x.requires_grad() {
                return Err(runtime(
                    "a leaf Variable that requires grad has been used in an in-place operation.",
                ));
            }
            let edges = inputs.iter().map(edge_for).collect();
            let mut sv: Vec<SavedTensor> = srefs
                .iter()
                .map(|&(n, t)| SavedTensor::input(n, t))
                .collect();
            if save_output {
                sv.push(SavedTensor::output(x));
            }
            rebase_history(x, name, edges, sv, rule)?;
            // PyTorch bumps the version of a tensor marked dirty, on top of the in-place op
            x.0.counter().bump();
            outs[k] = x.clone();
        } else {
            let o = outs[k].clone();
            outs[k] = attach_node(name, o, &refs, 0, &srefs, save_output, false, false, rule);
        }
    } else {
        record_shared(
            f,
            &mut outs,
            &refs,
            &ctx,
            &saved_kind,
            &diff,
            materialize,
            metas,
            out_metas,
        )?;
    }
    if let Some(state) = state {
        for (o, _) in outs.iter().zip(&diff).filter(|(_, d)| **d) {
            if let Some(node) = o.meta().grad_fn.as_ref() {
                let _ = node.extras().state.set(state.clone());
            }
        }
    }
    Ok(outs)
}

fn meta(t: &Tensor) -> Meta {
    (t.shape().to_vec(), t.dtype())
}

/// Several differentiable outputs: one node with an output per output of `forward` (the
/// non-differentiable ones get no `grad_fn`), whose rule calls `backward` once with every
/// output's gradient. Saved outputs are saved without their graph and given the node back
/// (with their output index) when backward reads them.
#[allow(clippy::too_many_arguments)]
fn record_shared<F: MultiFunction + 'static>(
    f: Arc<F>,
    outs: &mut [Tensor],
    refs: &[&Tensor],
    ctx: &FunctionCtx,
    kinds: &[Saved],
    diff: &[bool],
    materialize: bool,
    metas: Vec<Meta>,
    out_metas: Vec<Meta>,
) -> Result<()> {
    let name = f.name();
    let saved: SavedList = ctx
        .saved
        .iter()
        .zip(kinds)
        .map(|(t, s)| match s {
            Saved::Output(j) => SavedTensor::output_nr(&outs[*j], "saved_tensors", *j as u32),
            Saved::Plain => SavedTensor::input("saved_tensors", t),
        })
        .collect();
    let rule = move |c: &BackwardCtx<'_>| {
        let needs: Vec<bool> = (0..metas.len()).map(|i| c.needs(i)).collect();
        let grads = c.grads.to_vec();
        run_backward(
            &*f,
            c.saved.clone(),
            needs,
            grads,
            materialize,
            &out_metas,
            &metas,
        )
    };
    // the rule knows nothing of batches: a batched pass runs it once per element
    attach_multi(name, outs, Some(diff), refs, saved, false, rule)?;
    Ok(())
}

/// Calls the user's `backward` with the output gradients (zeros for missing ones when
/// materializing) and checks what it returns (PyTorch's `validate_outputs`).
fn run_backward<F: MultiFunction + ?Sized>(
    f: &F,
    saved: Vec<Tensor>,
    needs: Vec<bool>,
    mut grads: Vec<Option<Tensor>>,
    materialize: bool,
    out_metas: &[Meta],
    metas: &[Meta],
) -> Result<Vec<Option<Tensor>>> {
    if materialize {
        for (g, (shape, dtype)) in grads.iter_mut().zip(out_metas) {
            if g.is_none() {
                *g = Some(Tensor::zeros_dtype(shape, *dtype));
            }
        }
    }
    let ctx = FunctionCtx {
        saved,
        needs,
        ..FunctionCtx::default()
    };
    let g = f.backward(&ctx, &grads)?;
    let n = metas.len();
    if g.len() != n {
        return Err(runtime(format!(
            "function {} returned an incorrect number of gradients (expected {n}, got {})",
            f.name(),
            g.len()
        )));
    }
    g.into_iter()
        .enumerate()
        .map(|(i, g)| g.map(|g| validate(f.name(), i, g, &metas[i])).transpose())
        .collect()
}
