//! The differentiating transforms: `grad`, `grad_and_value`, `vjp`, `jvp`, `jacrev`, `jacfwd`
//! and `hessian` (see the module documentation of [`crate::func`] for how they work).

use crate::autograd::{enable_grad, grad_with, GradOptions};
use crate::error::{runtime, Result};
use crate::Tensor;
use std::cell::Cell;

thread_local! {
    /// How many differentiating transforms are running on this thread: inside one, a
    /// transform records the graph of its own backward pass for the one outside.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Marks a differentiating transform as running on this thread until dropped.
struct Level;

impl Level {
    fn enter() -> Level {
        DEPTH.with(|d| d.set(d.get() + 1));
        Level
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// Whether the results must stay differentiable: another transform is differentiating
/// around this one, or one of the tensors already requires grad (ordinary autograd outside).
fn must_record(ts: &[Tensor]) -> bool {
    DEPTH.with(|d| d.get() > 0) || ts.iter().any(|t| t.requires_grad())
}

/// Whether `outs` depend on a tensor that requires grad other than the level's own inputs
/// `own` (a tensor the function closes over, such as a module's parameter) while grad mode is
/// on around the transform: the results then stay differentiable with respect to it, as
/// PyTorch's do. Used by the Python bindings too.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let w = Tensor::new([2.0]).requires_grad_(true);
/// let x = Tensor::new([3.0]).requires_grad_(true);
/// let y = &x * &w;
/// assert!(func::captures_grad(&[y.clone()], &[x.clone()]));
/// assert!(!func::captures_grad(&[&x * 2.0], &[x]));
/// ```
pub fn captures_grad(outs: &[Tensor], own: &[Tensor]) -> bool {
    if !crate::is_grad_enabled() {
        return false;
    }
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<crate::GradFn> = Vec::new();
    for t in outs {
        match t.grad_fn() {
            Some(f) => stack.push(f),
            None if t.requires_grad() && !own.iter().any(|o| o.is_same(t)) => return true,
            None => {}
        }
    }
    while let Some(f) = stack.pop() {
        if !seen.insert(f.address()) {
            continue;
        }
        for next in f.next_functions().into_iter().flatten() {
            match next {
                crate::NextFunction::Backward(g) => stack.push(g),
                crate::NextFunction::AccumulateGrad(t) => {
                    if !own.iter().any(|o| o.is_same(&t)) {
                        return true;
                    }
                }
            }
        }
    }
    false
}

/// A differentiable alias of `x`, or a detached copy of the handle that requires grad: the
/// tensor this level differentiates with respect to, never the caller's own.
fn level_input(x: &Tensor) -> Result<Tensor> {
    if x.requires_grad() {
        x.try_reshape(x.shape())
    } else {
        x.detach().try_requires_grad_(true)
    }
}

fn finish(ts: Vec<Tensor>, record: bool) -> Vec<Tensor> {
    if record {
        ts
    } else {
        ts.into_iter().map(|t| t.detach()).collect()
    }
}

fn check_argnums(name: &str, argnums: &[usize], n: usize) -> Result<()> {
    if argnums.is_empty() {
        return Err(runtime(format!("{name}: argnums must be non-empty")));
    }
    for (i, &a) in argnums.iter().enumerate() {
        if a >= n {
            return Err(runtime(format!(
                "Got argnum={a}, but only {n} positional inputs"
            )));
        }
        if argnums[..i].contains(&a) {
            let list: Vec<String> = argnums.iter().map(|a| a.to_string()).collect();
            return Err(runtime(format!(
                "argnums elements must be unique, got ({})",
                list.join(", ")
            )));
        }
    }
    Ok(())
}

/// The inputs with those of `argnums` replaced by this level's aliases, and the aliases.
fn level_inputs(args: &[Tensor], argnums: &[usize]) -> Result<(Vec<Tensor>, Vec<Tensor>)> {
    let mut xs = args.to_vec();
    let mut diff = Vec::with_capacity(argnums.len());
    for &a in argnums {
        xs[a] = level_input(&args[a])?;
        diff.push(xs[a].clone());
    }
    Ok((xs, diff))
}

/// `∂ Σ(outputs · weights) / ∂ inputs`, zeros for inputs the outputs do not depend on.
fn vjp_or_zeros(
    outs: &[Tensor],
    weights: Vec<Tensor>,
    inputs: &[Tensor],
    record: bool,
    batch: Option<usize>,
) -> Result<Vec<Tensor>> {
    let zeros = |x: &Tensor| {
        let shape = crate::autograd::batch::prepend(batch, x.shape());
        Tensor::zeros_dtype(&shape, x.dtype())
    };
    let (outs, weights): (Vec<Tensor>, Vec<Tensor>) = outs
        .iter()
        .zip(weights)
        .filter(|(o, _)| o.requires_grad())
        .map(|(o, w)| (o.clone(), w))
        .unzip();
    if outs.is_empty() {
        return Ok(inputs.iter().map(zeros).collect());
    }
    let opts = GradOptions::new()
        .grad_outputs(weights)
        .create_graph(record)
        .retain_graph(true)
        .allow_unused(true)
        .is_grads_batched(batch.is_some());
    let g = grad_with(&outs, inputs, &opts)?;
    Ok(g.into_iter()
        .zip(inputs)
        .map(|(g, x)| g.unwrap_or_else(|| zeros(x)))
        .collect())
}

/// The gradients, the value and the auxiliary outputs of [`grad_and_value_aux`].
///
/// ```
/// use ferrograd::{func, Tensor};
/// let f = func::grad_and_value_aux(|x: &[Tensor]| Ok((x[0].sum(), vec![])), &[0]);
/// let (grads, value, aux): func::GradValueAux = f(&[Tensor::new([1.0, 2.0])]).unwrap();
/// assert_eq!((grads[0].to_vec::<f32>(), value.item(), aux.len()), (vec![1.0, 1.0], 3.0, 0));
/// ```
pub type GradValueAux = (Vec<Tensor>, Tensor, Vec<Tensor>);

/// `grad_and_value` with an auxiliary output: `f` returns `(loss, aux)`; the transform returns
/// `(gradients w.r.t. the inputs of argnums, loss, aux)` (`has_aux=True`).
///
/// ```
/// use ferrograd::{func, Tensor};
/// let f = func::grad_and_value_aux(|x: &[Tensor]| Ok((x[0].pow(2).sum(), vec![x[0].cos()])), &[0]);
/// let (g, loss, aux) = f(&[Tensor::new([1.0, 2.0])]).unwrap();
/// assert_eq!(g[0].to_vec::<f32>(), vec![2.0, 4.0]);
/// assert_eq!(loss.item(), 5.0);
/// assert_eq!(aux[0].to_string(), "tensor([ 0.5403, -0.4161])");
/// ```
pub fn grad_and_value_aux<F>(f: F, argnums: &[usize]) -> impl Fn(&[Tensor]) -> Result<GradValueAux>
where
    F: Fn(&[Tensor]) -> Result<(Tensor, Vec<Tensor>)>,
{
    let argnums = argnums.to_vec();
    move |args: &[Tensor]| {
        check_argnums("grad_and_value(f)(*args)", &argnums, args.len())?;
        let record = must_record(args);
        let (xs, diff) = level_inputs(args, &argnums)?;
        let (out, aux) = {
            let _level = Level::enter();
            let _g = enable_grad();
            f(&xs)?
        };
        let record = record || captures_grad(std::slice::from_ref(&out), &xs);
        if out.dim() != 0 {
            return Err(runtime(format!("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with {} dims. Maybe you wanted to use the vjp or jacrev APIs instead?", out.dim())));
        }
        let g = vjp_or_zeros(
            std::slice::from_ref(&out),
            vec![out.ones_like()],
            &diff,
            record,
            None,
        )?;
        let value = finish(vec![out], record).remove(0);
        Ok((finish(g, record), value, finish(aux, record)))
    }
}

/// `torch.func.grad_and_value`: the gradients of a scalar function w.r.t. the inputs of
/// `argnums`, and its value.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let f = func::grad_and_value(|x: &[Tensor]| Ok((&x[0] * &x[1]).sum()), &[0, 1]);
/// let (g, v) = f(&[Tensor::new([1.0, 2.0]), Tensor::new([3.0, 4.0])]).unwrap();
/// assert_eq!(g[0].to_vec::<f32>(), vec![3.0, 4.0]);
/// assert_eq!(g[1].to_vec::<f32>(), vec![1.0, 2.0]);
/// assert_eq!(v.item(), 11.0);
/// ```
pub fn grad_and_value<F>(
    f: F,
    argnums: &[usize],
) -> impl Fn(&[Tensor]) -> Result<(Vec<Tensor>, Tensor)>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let inner = grad_and_value_aux(move |x: &[Tensor]| Ok((f(x)?, Vec::new())), argnums);
    move |args: &[Tensor]| inner(args).map(|(g, v, _)| (g, v))
}

/// `torch.func.grad(f, argnums)`: the gradients of a scalar function w.r.t. the inputs of
/// `argnums`.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let g = func::grad_argnums(|x: &[Tensor]| Ok((&x[0] * &x[1]).sum()), &[1]);
/// assert_eq!(g(&[Tensor::new([1.0, 2.0]), Tensor::new([3.0, 4.0])]).unwrap()[0].to_vec::<f32>(), vec![1.0, 2.0]);
/// ```
pub fn grad_argnums<F>(f: F, argnums: &[usize]) -> impl Fn(&[Tensor]) -> Result<Vec<Tensor>>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let inner = grad_and_value(f, argnums);
    move |args: &[Tensor]| inner(args).map(|(g, _)| g)
}

/// `torch.func.grad(f)` for a function of one tensor: `grad(f)(x)` is `df/dx`, a tensor of
/// `x`'s shape. Compose it freely: `grad(grad(f))` is the second derivative.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let df = func::grad(|x: &Tensor| Ok(x.pow(3.0).sum()));
/// assert_eq!(df(&Tensor::new([1.0, 2.0])).unwrap().to_vec::<f32>(), vec![3.0, 12.0]);
/// let d2f = func::grad(move |x: &Tensor| Ok(df(x)?.sum()));
/// assert_eq!(d2f(&Tensor::new([1.0, 2.0])).unwrap().to_vec::<f32>(), vec![6.0, 12.0]);
/// ```
pub fn grad<F>(f: F) -> impl Fn(&Tensor) -> Result<Tensor>
where
    F: Fn(&Tensor) -> Result<Tensor>,
{
    let inner = grad_argnums(move |x: &[Tensor]| f(&x[0]), &[0]);
    move |x: &Tensor| inner(std::slice::from_ref(x)).map(|mut g| g.remove(0))
}

/// The function returned by [`vjp`]: cotangents (one per output) to the vector-Jacobian
/// products (one per primal). It may be called any number of times.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let (_, vjp_fn) = func::vjp(|x: &[Tensor]| Ok(vec![x[0].exp()]), &[Tensor::new([0.0])]).unwrap();
/// assert_eq!(vjp_fn.call(&[Tensor::new([2.0])]).unwrap()[0].item(), 2.0);
/// assert_eq!(vjp_fn.call(&[Tensor::new([3.0])]).unwrap()[0].item(), 3.0);
/// ```
pub struct VjpFn {
    outs: Vec<Tensor>,
    inputs: Vec<Tensor>,
    record: bool,
}

impl VjpFn {
    /// `vjp_fn(cotangents)`: `Σ cotangentᵢ · ∂outputᵢ/∂primal` for each primal.
    ///
    /// ```
    /// use ferrograd::{func, Tensor};
    /// let (out, vjp_fn) = func::vjp(|x: &[Tensor]| Ok(vec![x[0].pow(2.0)]), &[Tensor::new([1.0, 3.0])]).unwrap();
    /// assert_eq!(out[0].to_vec::<f32>(), vec![1.0, 9.0]);
    /// assert_eq!(vjp_fn.call(&[Tensor::new([1.0, 0.5])]).unwrap()[0].to_vec::<f32>(), vec![2.0, 3.0]);
    /// ```
    pub fn call(&self, cotangents: &[Tensor]) -> Result<Vec<Tensor>> {
        if cotangents.len() != self.outs.len() {
            return Err(runtime(format!(
                "Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. cotangents: {} tensors, primal output: {} tensors",
                cotangents.len(),
                self.outs.len()
            )));
        }
        for (i, (c, o)) in cotangents.iter().zip(&self.outs).enumerate() {
            if c.shape() != o.shape() {
                return Err(runtime(format!(
                    "Mismatch in shape: grad_output[{i}] has a shape of {} and output[{i}] has a shape of {}.",
                    c_size(c),
                    c_size(o)
                )));
            }
        }
        let g = vjp_or_zeros(
            &self.outs,
            cotangents.to_vec(),
            &self.inputs,
            self.record,
            None,
        )?;
        Ok(finish(g, self.record))
    }
}

/// `torch.func.vjp`: `f`'s outputs at `primals`, and the function that maps cotangents to
/// vector-Jacobian products.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let (out, vjp_fn) = func::vjp(|x: &[Tensor]| Ok(vec![&x[0] * &x[1]]), &[Tensor::new([2.0]), Tensor::new([5.0])]).unwrap();
/// let g = vjp_fn.call(&[Tensor::new([1.0])]).unwrap();
/// assert_eq!((g[0].item(), g[1].item()), (5.0, 2.0));
/// ```
pub fn vjp<F>(f: F, primals: &[Tensor]) -> Result<(Vec<Tensor>, VjpFn)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let record = must_record(primals);
    let all: Vec<usize> = (0..primals.len()).collect();
    let (xs, _) = level_inputs(primals, &all)?;
    let outs = {
        let _level = Level::enter();
        let _g = enable_grad();
        f(&xs)?
    };
    let record = record || captures_grad(&outs, &xs);
    let shown = finish(outs.clone(), record);
    Ok((
        shown,
        VjpFn {
            outs,
            inputs: xs,
            record,
        },
    ))
}

/// `torch.func.jvp`: `f`'s outputs at `primals`, and the Jacobian-vector products `J·tangents`
/// (one per output).
///
/// ```
/// use ferrograd::{func, Tensor};
/// let (out, jv) = func::jvp(|x: &[Tensor]| Ok(vec![x[0].pow(3.0)]), &[Tensor::new([1.0, 2.0])], &[Tensor::new([1.0, 1.0])]).unwrap();
/// assert_eq!(out[0].to_vec::<f32>(), vec![1.0, 8.0]);
/// assert_eq!(jv[0].to_vec::<f32>(), vec![3.0, 12.0]);
/// ```
pub fn jvp<F>(f: F, primals: &[Tensor], tangents: &[Tensor]) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    if primals.len() != tangents.len() {
        return Err(runtime(format!("jvp(f, primals, tangents): Expected primals and tangents to have the same python structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure of {} tensors and tangents with structure of {} tensors", primals.len(), tangents.len())));
    }
    for (p, t) in primals.iter().zip(tangents) {
        if p.shape() != t.shape() {
            return Err(runtime(format!("Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size {} while the given forward gradient is of size {}.", crate::tensor::fmt_list(p.shape()), crate::tensor::fmt_list(t.shape()))));
        }
    }
    let record = must_record(primals) || must_record(tangents);
    let outer = crate::is_grad_enabled();
    let all: Vec<usize> = (0..primals.len()).collect();
    let (xs, _) = level_inputs(primals, &all)?;
    let _level = Level::enter();
    let _g = enable_grad();
    let outs = f(&xs)?;
    let record = record || (outer && captures_grad(&outs, &xs));
    let jv = forward_products(&outs, &xs, tangents, record, None)?;
    Ok((finish(outs, record), finish(jv, record)))
}

/// `J·v` for every output, by double vjp: `g(u) = Jᵀu` is linear in `u`, and its vjp with `v` is
/// `J·v`. With `batch`, the tangents carry a leading batch of `batch` directions.
fn forward_products(
    outs: &[Tensor],
    xs: &[Tensor],
    tangents: &[Tensor],
    record: bool,
    batch: Option<usize>,
) -> Result<Vec<Tensor>> {
    let us = outs
        .iter()
        .map(|o| o.zeros_like().try_requires_grad_(true))
        .collect::<Result<Vec<_>>>()?;
    let g = vjp_or_zeros(outs, us.clone(), xs, true, None)?;
    let (g, v): (Vec<Tensor>, Vec<Tensor>) = g
        .into_iter()
        .zip(tangents)
        .filter(|(g, _)| g.requires_grad())
        .map(|(g, t)| (g, t.clone()))
        .unzip();
    vjp_or_zeros(&g, v, &us, record, batch)
}

fn check_chunk_size(name: &str, chunk_size: Option<usize>) -> Result<()> {
    if chunk_size == Some(0) {
        return Err(crate::error::value_err(format!(
            "{name}: `chunk_size` should be greater than 0."
        )));
    }
    Ok(())
}

/// The rows `start..end` of the identity of size `n`, shaped `[end - start, *shape]`.
fn identity_rows(
    n: usize,
    start: usize,
    end: usize,
    like: &Tensor,
    shape: &[usize],
) -> Result<Tensor> {
    let eye = Tensor::eye_dtype(n, like.dtype()).try_narrow(0, start as isize, end - start)?;
    eye.try_reshape(&crate::autograd::batch::prepend(Some(end - start), shape))
}

fn chunks(n: usize, chunk_size: Option<usize>) -> Vec<(usize, usize)> {
    let c = chunk_size.unwrap_or(n).max(1);
    (0..n).step_by(c).map(|s| (s, (s + c).min(n))).collect()
}

fn block_shape(out: &Tensor, x: &Tensor) -> Vec<usize> {
    out.shape().iter().chain(x.shape()).copied().collect()
}

/// `torch.func.jacrev`: the Jacobians of every output of `f` w.r.t. the inputs of `argnums`, by
/// reverse mode: all rows of a block in one batched backward pass (`chunk_size` rows at a time
/// if given). The result lists the blocks output by output, `result[i * argnums.len() + j]`
/// being `∂output_i/∂input_argnums[j]`, of shape `output_i.shape + input.shape`.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let j = func::jacrev(|x: &[Tensor]| Ok(vec![x[0].pow(2.0)]), &[0], None);
/// let jx = j(&[Tensor::new([1.0, 2.0])]).unwrap();
/// assert_eq!(jx[0].to_string(), "tensor([[2., 0.],\n        [0., 4.]])");
/// ```
pub fn jacrev<F>(
    f: F,
    argnums: &[usize],
    chunk_size: Option<usize>,
) -> impl Fn(&[Tensor]) -> Result<Vec<Tensor>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let argnums = argnums.to_vec();
    move |args: &[Tensor]| {
        check_chunk_size("jacrev", chunk_size)?;
        check_argnums("jacrev(f, argnums)", &argnums, args.len())?;
        let record = must_record(args);
        let (xs, diff) = level_inputs(args, &argnums)?;
        let outs = {
            let _level = Level::enter();
            let _g = enable_grad();
            f(&xs)?
        };
        let record = record || captures_grad(&outs, &xs);
        let mut result = Vec::with_capacity(outs.len() * diff.len());
        for out in &outs {
            let n = out.numel();
            let mut parts: Vec<Vec<Tensor>> = vec![Vec::new(); diff.len()];
            for (s, e) in chunks(n, chunk_size) {
                let rows = identity_rows(n, s, e, out, out.shape())?;
                let g = vjp_or_zeros(
                    std::slice::from_ref(out),
                    vec![rows],
                    &diff,
                    record,
                    Some(e - s),
                )?;
                for (p, gj) in parts.iter_mut().zip(g) {
                    p.push(gj);
                }
            }
            for (p, x) in parts.into_iter().zip(&diff) {
                let shape = block_shape(out, x);
                let block = if p.is_empty() {
                    Tensor::zeros_dtype(&shape, x.dtype())
                } else {
                    Tensor::try_cat(&p, 0)?.try_reshape(&shape)?
                };
                result.push(block);
            }
        }
        Ok(finish(result, record))
    }
}

/// `torch.func.jacfwd`: the Jacobians of every output of `f` w.r.t. the inputs of `argnums`, by
/// forward products: all columns of a block in one batched pass of Jacobian-vector products
/// (`chunk_size` columns at a time if given). Same layout as [`jacrev`].
///
/// ```
/// use ferrograd::{func, Tensor};
/// let j = func::jacfwd(|x: &[Tensor]| Ok(vec![x[0].sin()]), &[0], None);
/// let jx = j(&[Tensor::new([0.0, 0.0])]).unwrap();
/// assert_eq!(jx[0].to_string(), "tensor([[1., 0.],\n        [0., 1.]])");
/// ```
pub fn jacfwd<F>(
    f: F,
    argnums: &[usize],
    chunk_size: Option<usize>,
) -> impl Fn(&[Tensor]) -> Result<Vec<Tensor>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let argnums = argnums.to_vec();
    move |args: &[Tensor]| {
        check_chunk_size("jacfwd", chunk_size)?;
        check_argnums("jacfwd(f, argnums)", &argnums, args.len())?;
        let record = must_record(args);
        let outer = crate::is_grad_enabled();
        let (xs, diff) = level_inputs(args, &argnums)?;
        let _level = Level::enter();
        let _g = enable_grad();
        let outs = f(&xs)?;
        let record = record || (outer && captures_grad(&outs, &xs));
        let us = outs
            .iter()
            .map(|o| o.zeros_like().try_requires_grad_(true))
            .collect::<Result<Vec<_>>>()?;
        // g_j = Σ_i J_ijᵀ u_i, linear in the u_i
        let g = vjp_or_zeros(&outs, us.clone(), &diff, true, None)?;
        // blocks[i][j]: ∂output_i/∂input_j
        let mut blocks: Vec<Vec<Tensor>> = vec![Vec::with_capacity(diff.len()); outs.len()];
        for (gj, x) in g.iter().zip(&diff) {
            let m = x.numel();
            let mut parts: Vec<Vec<Tensor>> = vec![Vec::new(); outs.len()];
            for (s, e) in chunks(m, chunk_size) {
                let cols = identity_rows(m, s, e, x, x.shape())?;
                let jv = if gj.requires_grad() {
                    vjp_or_zeros(
                        std::slice::from_ref(gj),
                        vec![cols],
                        &us,
                        record,
                        Some(e - s),
                    )?
                } else {
                    us.iter()
                        .map(|u| {
                            let shape = crate::autograd::batch::prepend(Some(e - s), u.shape());
                            Tensor::zeros_dtype(&shape, u.dtype())
                        })
                        .collect()
                };
                for (p, t) in parts.iter_mut().zip(jv) {
                    p.push(t);
                }
            }
            for (i, (p, out)) in parts.into_iter().zip(&outs).enumerate() {
                let n = out.numel();
                let block = if p.is_empty() {
                    Tensor::zeros_dtype(&block_shape(out, x), x.dtype())
                } else {
                    // [m, *out.shape] -> [n, m] -> out.shape + x.shape
                    Tensor::try_cat(&p, 0)?
                        .try_reshape(&[m, n])?
                        .try_t()?
                        .try_reshape(&block_shape(out, x))?
                };
                blocks[i].push(block);
            }
        }
        Ok(finish(blocks.into_iter().flatten().collect(), record))
    }
}

/// `torch.func.hessian`: `jacfwd(jacrev(f, argnums), argnums)` for a function returning one
/// tensor. The result lists the blocks `∂²f/∂input_i∂input_j` row by row
/// (`result[i * argnums.len() + j]`), of shape `f.shape + input_i.shape + input_j.shape`.
///
/// ```
/// use ferrograd::{func, Tensor};
/// let h = func::hessian(|x: &[Tensor]| Ok(x[0].pow(3.0).sum()), &[0]);
/// let hx = h(&[Tensor::new([1.0, 2.0])]).unwrap();
/// assert_eq!(hx[0].to_vec::<f32>(), vec![6.0, 0.0, 0.0, 12.0]);
/// ```
pub fn hessian<F>(f: F, argnums: &[usize]) -> impl Fn(&[Tensor]) -> Result<Vec<Tensor>>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let inner = jacrev(move |x: &[Tensor]| Ok(vec![f(x)?]), argnums, None);
    jacfwd(inner, argnums, None)
}

fn c_size(t: &Tensor) -> crate::Size {
    t.size()
}
