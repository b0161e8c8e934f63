//! PyTorch's `torch.autograd.functional`: [`vjp`], [`jvp`], [`jacobian`], [`hessian`], [`hvp`]
//! and [`vhp`] over functions of one or several tensors returning one or several tensors.
//!
//! Functions take `&[Tensor]` and return `Result<Vec<Tensor>>`, so any number of inputs and
//! outputs is possible; results follow PyTorch's shapes (a Jacobian block has shape
//! `output.shape + input.shape`) and zeros stand for outputs that do not depend on an input.

use super::{grad_with, GradOptions};
use crate::error::{not_implemented, runtime, Result};
use crate::Tensor;

/// `create_graph`, `strict` and `vectorize`, PyTorch's options of the functional API.
///
/// ```
/// use ferrograd::autograd::functional::Options;
/// let o = Options { create_graph: true, ..Default::default() };
/// assert!(o.create_graph && !o.strict && !o.vectorize);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Keep the graph of the results, so they can be differentiated again.
    pub create_graph: bool,
    /// Fail when an output does not depend on an input (instead of returning zeros).
    pub strict: bool,
    /// [`jacobian`] and [`hessian`]: compute all the rows of each Jacobian in one batched
    /// backward pass (`is_grads_batched`) instead of one backward pass per output element.
    pub vectorize: bool,
    /// How [`jacobian`] computes the Jacobian, and [`hessian`] its outer Jacobian (PyTorch's
    /// `strategy` and `outer_jacobian_strategy`).
    pub strategy: Strategy,
}

/// Reverse mode (a vector-Jacobian product per output element, PyTorch's default) or forward
/// mode (a Jacobian-vector product per input element, through dual tensors; for a Hessian,
/// forward-over-reverse). Forward mode pays off when there are more outputs than inputs.
///
/// As in PyTorch, forward mode needs `vectorize: true` and supports neither `create_graph` nor
/// `strict`.
///
/// ```
/// use ferrograd::autograd::functional::{self, Options, Strategy};
/// use ferrograd::{DType, Tensor};
/// let x = Tensor::new_with_dtype([1.0, 2.0], DType::Float64);
/// let fwd = Options { vectorize: true, strategy: Strategy::ForwardMode, ..Default::default() };
/// let f = |v: &[Tensor]| Ok(vec![v[0].pow(3.0).sum()]);
/// let h = functional::hessian(f, &[x], fwd).unwrap();
/// assert_eq!(h[0][0].to_vec::<f64>(), vec![6.0, 0.0, 0.0, 12.0]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Strategy {
    /// One backward pass per output element (or one batched pass with `vectorize`).
    #[default]
    ReverseMode,
    /// One forward pass with dual tensors per input element.
    ForwardMode,
}

fn prepare(inputs: &[Tensor], create_graph: bool) -> Vec<Tensor> {
    inputs
        .iter()
        .map(|x| {
            if create_graph && x.requires_grad() {
                // keep the caller's graph: a differentiable alias
                x.reshape(x.shape())
            } else {
                x.detach().requires_grad_(true)
            }
        })
        .collect()
}

fn finish(ts: Vec<Tensor>, create_graph: bool) -> Vec<Tensor> {
    if create_graph {
        ts
    } else {
        ts.into_iter().map(|t| t.detach()).collect()
    }
}

fn check_outputs_differentiable(outs: &[Tensor], strict: bool) -> Result<()> {
    if strict {
        for (i, o) in outs.iter().enumerate() {
            if !o.requires_grad() {
                return Err(runtime(format!("Output {i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.")));
            }
        }
    }
    Ok(())
}

/// Gradients of `outs` (weighted by `v`) w.r.t. `xs`, zeros for unused inputs (an error in
/// strict mode, with the text of `what`).
fn grads_or_zeros(
    outs: &[Tensor],
    xs: &[Tensor],
    v: Vec<Tensor>,
    create_graph: bool,
    strict: Option<&dyn Fn(usize) -> String>,
) -> Result<Vec<Tensor>> {
    let diff: Vec<usize> = (0..outs.len())
        .filter(|&i| outs[i].requires_grad())
        .collect();
    if diff.is_empty() {
        if let Some(msg) = strict {
            return Err(runtime(msg(0)));
        }
        return Ok(xs.iter().map(|x| x.zeros_like()).collect());
    }
    let o: Vec<Tensor> = diff.iter().map(|&i| outs[i].clone()).collect();
    let vv: Vec<Tensor> = diff.iter().map(|&i| v[i].clone()).collect();
    let opts = GradOptions::new()
        .grad_outputs(vv)
        .create_graph(create_graph)
        .retain_graph(true)
        .allow_unused(true);
    let g = grad_with(&o, xs, &opts)?;
    g.into_iter()
        .enumerate()
        .map(|(i, g)| match g {
            Some(g) => Ok(g),
            None => match strict {
                Some(msg) => Err(runtime(msg(i))),
                None => Ok(xs[i].zeros_like()),
            },
        })
        .collect()
}

fn check_v(v: &[Tensor], like: &[Tensor], name: &str) -> Result<()> {
    if v.len() != like.len() {
        return Err(runtime(format!(
            "The given {name} should contain {} Tensors, but it contains {}",
            like.len(),
            v.len()
        )));
    }
    for (a, b) in v.iter().zip(like) {
        if a.shape() != b.shape() {
            return Err(runtime(format!(
                "{name} has invalid size: should be {} but got {}.",
                b.size(),
                a.size()
            )));
        }
    }
    Ok(())
}

/// Vector-Jacobian product: `(f(inputs), vᵀ·J)`. `v` may be `None` only for a single
/// one-element output.
///
/// ```
/// use ferrograd::{autograd::functional, Tensor};
/// let f = |x: &[Tensor]| Ok(vec![&x[0] * &x[0]]);
/// let (out, g) = functional::vjp(f, &[Tensor::new([1.0, 2.0])], Some(&[Tensor::new([1.0, 1.0])]), Default::default()).unwrap();
/// assert_eq!(out[0].to_vec::<f32>(), vec![1.0, 4.0]);
/// assert_eq!(g[0].to_vec::<f32>(), vec![2.0, 4.0]);
/// ```
pub fn vjp<F>(
    f: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    opts: Options,
) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let xs = prepare(inputs, opts.create_graph);
    let outs = {
        let _g = super::enable_grad();
        f(&xs)?
    };
    check_outputs_differentiable(&outs, opts.strict)?;
    let v: Vec<Tensor> = match v {
        Some(v) => {
            check_v(v, &outs, "v")?;
            v.to_vec()
        }
        None => {
            if outs.len() != 1 || outs[0].numel() != 1 {
                return Err(runtime("The vector v can only be None if the user-provided function returns a single Tensor with a single element."));
            }
            vec![outs[0].ones_like()]
        }
    };
    let msg = |i: usize| {
        format!("The output of the user-provided function is independent of input {i}. This is not allowed in strict mode.")
    };
    let g = grads_or_zeros(
        &outs,
        &xs,
        v,
        opts.create_graph,
        opts.strict.then_some(&msg as &dyn Fn(usize) -> String),
    )?;
    Ok((
        finish(outs, opts.create_graph),
        finish(g, opts.create_graph),
    ))
}

/// Jacobian-vector product: `(f(inputs), J·v)`, by the double-vjp construction (the vjp is
/// linear in its vector, so differentiating it with respect to that vector gives J·v).
///
/// ```
/// use ferrograd::{autograd::functional, Tensor};
/// let f = |x: &[Tensor]| Ok(vec![x[0].pow(3)]);
/// let (_, jv) = functional::jvp(f, &[Tensor::new([1.0, 2.0])], Some(&[Tensor::new([1.0, 0.0])]), Default::default()).unwrap();
/// assert_eq!(jv[0].to_vec::<f32>(), vec![3.0, 0.0]);
/// ```
pub fn jvp<F>(
    f: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    opts: Options,
) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let xs = prepare(inputs, opts.create_graph);
    let v: Vec<Tensor> = match v {
        Some(v) => {
            check_v(v, &xs, "v")?;
            v.to_vec()
        }
        None => {
            if xs.len() != 1 || xs[0].numel() != 1 {
                return Err(runtime("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element."));
            }
            vec![xs[0].ones_like()]
        }
    };
    let _g = super::enable_grad();
    let outs = f(&xs)?;
    check_outputs_differentiable(&outs, opts.strict)?;
    let us: Vec<Tensor> = outs
        .iter()
        .map(|o| o.zeros_like().requires_grad_(true))
        .collect();
    let g = grads_or_zeros(&outs, &xs, us.clone(), true, None)?;
    // J·v = d(uᵀJ·v)/du
    let gs: Vec<Tensor> = g.iter().filter(|t| t.requires_grad()).cloned().collect();
    let vs: Vec<Tensor> = g
        .iter()
        .zip(&v)
        .filter(|(t, _)| t.requires_grad())
        .map(|(_, v)| v.clone())
        .collect();
    let jv = if gs.is_empty() {
        if opts.strict {
            return Err(runtime("The output of the user-provided function is independent of input 0. This is not allowed in strict mode."));
        }
        outs.iter().map(|o| o.zeros_like()).collect()
    } else {
        grads_or_zeros(&gs, &us, vs, opts.create_graph, None)?
    };
    Ok((
        finish(outs, opts.create_graph),
        finish(jv, opts.create_graph),
    ))
}

/// The Jacobian of `f` at `inputs`: `result[i][j]` is d output i / d input j, of shape
/// `outputs[i].shape + inputs[j].shape` (one vector-Jacobian product per output element).
///
/// ```
/// use ferrograd::{autograd::functional, Tensor};
/// let f = |x: &[Tensor]| Ok(vec![x[0].exp()]);
/// let j = functional::jacobian(f, &[Tensor::new_with_dtype([0.0, 1.0], ferrograd::DType::Float64)], Default::default()).unwrap();
/// assert_eq!(j[0][0].shape(), &[2, 2]);
/// assert_eq!(j[0][0].to_vec::<f64>(), vec![1.0, 0.0, 0.0, 1f64.exp()]);
/// ```
pub fn jacobian<F>(f: F, inputs: &[Tensor], opts: Options) -> Result<Vec<Vec<Tensor>>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    if opts.strategy == Strategy::ForwardMode {
        return jacobian_forward(f, inputs, opts, false);
    }
    let xs = prepare(inputs, opts.create_graph);
    let outs = {
        let _g = super::enable_grad();
        f(&xs)?
    };
    check_outputs_differentiable(&outs, opts.strict)?;
    if opts.vectorize {
        return jacobian_vectorized(&outs, &xs, opts);
    }
    let mut result = Vec::with_capacity(outs.len());
    for (oi, out) in outs.iter().enumerate() {
        let n = out.numel();
        let flat = out.reshape(&[n]);
        // rows[k][j]: gradient of out.flat[k] w.r.t. input j
        let mut per_input: Vec<Vec<Tensor>> = vec![Vec::with_capacity(n); xs.len()];
        for k in 0..n {
            let msg = |j: usize| {
                format!("Output {oi} of the user-provided function is independent of input {j}. This is not allowed in strict mode.")
            };
            let elem = flat.select(0, k as isize);
            let g = grads_or_zeros(
                std::slice::from_ref(&elem),
                &xs,
                vec![elem.ones_like()],
                opts.create_graph,
                opts.strict.then_some(&msg as &dyn Fn(usize) -> String),
            )?;
            for (j, gj) in g.into_iter().enumerate() {
                per_input[j].push(gj);
            }
        }
        let mut blocks = Vec::with_capacity(xs.len());
        for (j, rows) in per_input.into_iter().enumerate() {
            let mut shape = out.shape().to_vec();
            shape.extend_from_slice(xs[j].shape());
            let block = if rows.is_empty() {
                Tensor::zeros_dtype(&shape, xs[j].dtype())
            } else {
                Tensor::try_stack(&rows, 0)?.try_reshape(&shape)?
            };
            blocks.push(block);
        }
        result.push(finish(blocks, opts.create_graph));
    }
    Ok(result)
}

/// The Jacobian blocks of each output, all rows at once: the rows of the identity as one batch of
/// grad_outputs through a single backward pass.
fn jacobian_vectorized(outs: &[Tensor], xs: &[Tensor], opts: Options) -> Result<Vec<Vec<Tensor>>> {
    if opts.strict {
        return Err(runtime("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please either set `strict=False` or `vectorize=False`."));
    }
    let mut result = Vec::with_capacity(outs.len());
    for out in outs {
        let n = out.numel();
        let block_shape = |x: &Tensor| {
            let mut shape = out.shape().to_vec();
            shape.extend_from_slice(x.shape());
            shape
        };
        let grads = if n == 0 || !out.requires_grad() {
            vec![None; xs.len()]
        } else {
            let batch_shape = super::batch::prepend(Some(n), out.shape());
            let rows = Tensor::eye_dtype(n, out.dtype()).try_reshape(&batch_shape)?;
            let o = GradOptions::new()
                .grad_outputs(vec![rows])
                .is_grads_batched(true)
                .create_graph(opts.create_graph)
                .retain_graph(true)
                .allow_unused(true);
            grad_with(std::slice::from_ref(out), xs, &o)?
        };
        let blocks = grads
            .into_iter()
            .zip(xs)
            .map(|(g, x)| match g {
                Some(g) => g.try_reshape(&block_shape(x)),
                None => Ok(Tensor::zeros_dtype(&block_shape(x), x.dtype())),
            })
            .collect::<Result<Vec<_>>>()?;
        result.push(finish(blocks, opts.create_graph));
    }
    Ok(result)
}

/// The Jacobian by forward mode: for each element of each input, one pass of `f` on dual
/// tensors whose tangent is that basis vector gives a column of every block. With
/// `need_grad`, the inputs also require grad (`f` differentiates itself: forward-over-reverse).
fn jacobian_forward<F>(
    f: F,
    inputs: &[Tensor],
    opts: Options,
    need_grad: bool,
) -> Result<Vec<Vec<Tensor>>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    if opts.create_graph {
        return Err(not_implemented("torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `create_graph=False` or `strategy=\"reverse-mode\"`."));
    }
    if opts.strict {
        return Err(runtime("torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `strict=False` or `strategy=\"reverse-mode\"`."));
    }
    if !opts.vectorize {
        // PyTorch's text, without the space it lacks between "is" and "only"
        return Err(not_implemented("Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`."));
    }
    let base: Vec<Tensor> = inputs.iter().map(|x| x.detach()).collect();
    let prepared = |xs: Vec<Tensor>| -> Vec<Tensor> {
        if need_grad {
            xs.into_iter().map(|x| x.requires_grad_(true)).collect()
        } else {
            xs
        }
    };
    let _g = super::enable_grad();
    // the outputs' shapes and dtypes, from a plain pass
    let outs = f(&prepared(base.iter().map(|x| x.detach()).collect()))?;
    // columns[i][j]: the tangents of output i, one per element of input j
    let mut columns: Vec<Vec<Vec<Tensor>>> = vec![vec![Vec::new(); base.len()]; outs.len()];
    let _level = super::forward_ad::dual_level()?;
    for (j, xj) in base.iter().enumerate() {
        let n = xj.numel();
        for k in 0..n {
            let mut e = vec![0.0; n];
            e[k] = 1.0;
            let tangent = Tensor::from_vec(e, xj.shape()).try_to_dtype(xj.dtype())?;
            let xs: Vec<Tensor> = base
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    if i == j {
                        super::forward_ad::make_dual(x, &tangent)
                    } else {
                        Ok(x.detach())
                    }
                })
                .collect::<Result<_>>()?;
            let ys = f(&prepared(xs))?;
            if ys.len() != outs.len() {
                return Err(runtime(format!(
                    "The user-provided function returned {} outputs, then {}",
                    outs.len(),
                    ys.len()
                )));
            }
            for (i, y) in ys.iter().enumerate() {
                let t = match super::forward_ad::unpack_dual(y).1 {
                    Some(t) => t,
                    None => y.detach().zeros_like(),
                };
                columns[i][j].push(t);
            }
        }
    }
    outs.iter()
        .zip(columns)
        .map(|(o, cols)| {
            cols.into_iter()
                .zip(&base)
                .map(|(col, x)| {
                    let mut shape = o.shape().to_vec();
                    shape.extend_from_slice(x.shape());
                    if col.is_empty() {
                        return Ok(Tensor::zeros_dtype(&shape, o.dtype()));
                    }
                    Tensor::try_stack(&col, o.dim() as isize)?.try_reshape(&shape)
                })
                .collect()
        })
        .collect()
}

/// The Hessian of a scalar function: `result[i][j]` of shape `inputs[i].shape + inputs[j].shape`.
///
/// The outer Jacobian (of the gradient) follows `opts.strategy`: reverse-over-reverse by
/// default, forward-over-reverse with [`Strategy::ForwardMode`]; `vectorize` batches it.
/// ```
/// use ferrograd::{autograd::functional, DType, Tensor};
/// let f = |x: &[Tensor]| Ok(vec![(x[0].pow(3)).sum()]);
/// let h = functional::hessian(f, &[Tensor::new_with_dtype([1.0, 2.0], DType::Float64)], Default::default()).unwrap();
/// assert_eq!(h[0][0].to_vec::<f64>(), vec![6.0, 0.0, 0.0, 12.0]);
/// ```
pub fn hessian<F>(f: F, inputs: &[Tensor], opts: Options) -> Result<Vec<Vec<Tensor>>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let grad_fn = |xs: &[Tensor]| -> Result<Vec<Tensor>> {
        let outs = f(xs)?;
        if outs.len() != 1 || outs[0].numel() != 1 {
            return Err(runtime("The Tensor returned by the function given to hessian should contain a single element"));
        }
        check_outputs_differentiable(&outs, opts.strict)?;
        grads_or_zeros(&outs, xs, vec![outs[0].ones_like()], true, None)
    };
    if opts.strategy == Strategy::ForwardMode {
        return jacobian_forward(grad_fn, inputs, opts, true);
    }
    jacobian(grad_fn, inputs, opts)
}

/// Vector-Hessian product of a scalar function: `(f(inputs), vᵀ·H)`.
///
/// ```
/// use ferrograd::{autograd::functional, DType, Tensor};
/// let f = |x: &[Tensor]| Ok(vec![(x[0].pow(3)).sum()]);
/// let x = Tensor::new_with_dtype([1.0, 2.0], DType::Float64);
/// let (_, r) = functional::vhp(f, &[x], &[Tensor::new_with_dtype([1.0, 1.0], DType::Float64)], Default::default()).unwrap();
/// assert_eq!(r[0].to_vec::<f64>(), vec![6.0, 12.0]);
/// ```
pub fn vhp<F>(
    f: F,
    inputs: &[Tensor],
    v: &[Tensor],
    opts: Options,
) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let xs = prepare(inputs, opts.create_graph);
    check_v(v, &xs, "v")?;
    let _g = super::enable_grad();
    let outs = f(&xs)?;
    if outs.len() != 1 || outs[0].numel() != 1 {
        return Err(runtime(
            "The Tensor returned by the function given to hvp should contain a single element",
        ));
    }
    check_outputs_differentiable(&outs, opts.strict)?;
    let g = grads_or_zeros(&outs, &xs, vec![outs[0].ones_like()], true, None)?;
    let gs: Vec<Tensor> = g.iter().filter(|t| t.requires_grad()).cloned().collect();
    let vs: Vec<Tensor> = g
        .iter()
        .zip(v)
        .filter(|(t, _)| t.requires_grad())
        .map(|(_, v)| v.clone())
        .collect();
    let r = if gs.is_empty() {
        xs.iter().map(|x| x.zeros_like()).collect()
    } else {
        grads_or_zeros(&gs, &xs, vs, opts.create_graph, None)?
    };
    Ok((
        finish(outs, opts.create_graph),
        finish(r, opts.create_graph),
    ))
}

/// Hessian-vector product of a scalar function: `(f(inputs), H·v)`, by differentiating the
/// gradient forward along `v` (double-vjp).
///
/// ```
/// use ferrograd::{autograd::functional, DType, Tensor};
/// let f = |x: &[Tensor]| Ok(vec![(&x[0] * &x[1]).sum()]);
/// let a = Tensor::new_with_dtype([1.0], DType::Float64);
/// let b = Tensor::new_with_dtype([2.0], DType::Float64);
/// let one = Tensor::new_with_dtype([1.0], DType::Float64);
/// let zero = Tensor::new_with_dtype([0.0], DType::Float64);
/// let (_, hv) = functional::hvp(f, &[a, b], &[one, zero], Default::default()).unwrap();
/// assert_eq!((hv[0].item(), hv[1].item()), (0.0, 1.0));
/// ```
pub fn hvp<F>(
    f: F,
    inputs: &[Tensor],
    v: &[Tensor],
    opts: Options,
) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let value = std::cell::RefCell::new(None);
    let grad_fn = |xs: &[Tensor]| -> Result<Vec<Tensor>> {
        let outs = f(xs)?;
        if outs.len() != 1 || outs[0].numel() != 1 {
            return Err(runtime(
                "The Tensor returned by the function given to hvp should contain a single element",
            ));
        }
        check_outputs_differentiable(&outs, opts.strict)?;
        *value.borrow_mut() = Some(outs[0].clone());
        grads_or_zeros(&outs, xs, vec![outs[0].ones_like()], true, None)
    };
    let (_, hv) = jvp(grad_fn, inputs, Some(v), opts)?;
    let out = value.into_inner().expect("function evaluated");
    Ok((finish(vec![out], opts.create_graph), hv))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    fn rosenbrock(x: &Tensor) -> Tensor {
        let n = x.shape()[0] as isize;
        let (h, t) = (x.slice(0, 0, n - 1, 1), x.slice(0, 1, n, 1));
        (100.0 * (&t - h.pow(2)).pow(2) + (1.0 - &h).pow(2)).sum()
    }

    #[test]
    fn rosenbrock_hessian_matches_closed_form() {
        crate::manual_seed(3);
        let n = 7;
        let x = Tensor::randn_dtype(&[n], DType::Float64);
        for vectorize in [false, true] {
            let opts = Options {
                vectorize,
                ..Default::default()
            };
            let h = hessian(
                |v| Ok(vec![rosenbrock(&v[0])]),
                std::slice::from_ref(&x),
                opts,
            );
            check_rosenbrock_hessian(&x, &h.unwrap()[0][0]);
        }
    }

    fn check_rosenbrock_hessian(x: &Tensor, h: &Tensor) {
        let n = x.numel();
        let h = h.to_vec::<f64>();
        let xv = x.to_vec::<f64>();
        for i in 0..n {
            for j in 0..n {
                let want = if i == j {
                    let mut d = 0.0;
                    if i < n - 1 {
                        d += 1200.0 * xv[i] * xv[i] - 400.0 * xv[i + 1] + 2.0;
                    }
                    if i > 0 {
                        d += 200.0;
                    }
                    d
                } else if j == i + 1 {
                    -400.0 * xv[i]
                } else if i == j + 1 {
                    -400.0 * xv[j]
                } else {
                    0.0
                };
                assert!(
                    (h[i * n + j] - want).abs() < 1e-9,
                    "H[{i},{j}] = {} want {want}",
                    h[i * n + j]
                );
            }
        }
    }

    #[test]
    fn jacobian_of_two_inputs_two_outputs() {
        let a = Tensor::new_with_dtype([1.0, 2.0], DType::Float64);
        let b = Tensor::new_with_dtype(3.0, DType::Float64);
        let f = |x: &[Tensor]| Ok(vec![&x[0] * &x[1], x[0].sum()]);
        let j = jacobian(f, &[a, b], Options::default()).unwrap();
        assert_eq!(j[0][0].shape(), &[2, 2]);
        assert_eq!(j[0][0].to_vec::<f64>(), vec![3.0, 0.0, 0.0, 3.0]);
        assert_eq!(j[0][1].shape(), &[2]);
        assert_eq!(j[0][1].to_vec::<f64>(), vec![1.0, 2.0]);
        assert_eq!(j[1][0].shape(), &[2]);
        assert_eq!(j[1][0].to_vec::<f64>(), vec![1.0, 1.0]);
        assert_eq!(j[1][1].shape(), &[] as &[usize]);
        assert_eq!(j[1][1].item(), 0.0);
    }

    #[test]
    fn strict_mode_messages() {
        let x = Tensor::new([1.0, 2.0]);
        let e = jacobian(
            |_| Ok(vec![Tensor::zeros(&[2])]),
            std::slice::from_ref(&x),
            Options {
                create_graph: false,
                strict: true,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "Output 0 of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.");
        let y = Tensor::new(1.0);
        let e = jacobian(
            |v| Ok(vec![v[0].exp()]),
            &[x.clone(), y],
            Options {
                create_graph: false,
                strict: true,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "Output 0 of the user-provided function is independent of input 1. This is not allowed in strict mode.");
        let e = hessian(
            |v| Ok(vec![v[0].exp()]),
            std::slice::from_ref(&x),
            Options::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "The Tensor returned by the function given to hessian should contain a single element"
        );
        let e = vjp(
            |v| Ok(vec![v[0].exp()]),
            std::slice::from_ref(&x),
            None,
            Options::default(),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "The vector v can only be None if the user-provided function returns a single Tensor with a single element.");
        let e = vjp(
            |v| Ok(vec![v[0].exp()]),
            std::slice::from_ref(&x),
            Some(&[Tensor::zeros(&[3])]),
            Options::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "v has invalid size: should be torch.Size([2]) but got torch.Size([3])."
        );
    }

    #[test]
    fn hvp_vhp_and_jvp_agree_with_the_hessian() {
        crate::manual_seed(5);
        let x = Tensor::randn_dtype(&[5], DType::Float64);
        let v = Tensor::randn_dtype(&[5], DType::Float64);
        let f = |t: &[Tensor]| Ok(vec![rosenbrock(&t[0])]);
        let h = hessian(f, std::slice::from_ref(&x), Options::default()).unwrap()[0][0].clone();
        let hv = h.mv(&v).to_vec::<f64>();
        let (_, a) = hvp(
            f,
            std::slice::from_ref(&x),
            std::slice::from_ref(&v),
            Options::default(),
        )
        .unwrap();
        let (_, b) = vhp(
            f,
            std::slice::from_ref(&x),
            std::slice::from_ref(&v),
            Options::default(),
        )
        .unwrap();
        for ((p, q), r) in a[0]
            .to_vec::<f64>()
            .iter()
            .zip(b[0].to_vec::<f64>())
            .zip(hv)
        {
            assert!((p - r).abs() < 1e-9 && (q - r).abs() < 1e-9);
        }
        // jvp of the gradient is H·v too; jvp of sin is cos·v.
        let (_, jv) = jvp(
            |t| Ok(vec![t[0].sin()]),
            std::slice::from_ref(&x),
            Some(std::slice::from_ref(&v)),
            Options::default(),
        )
        .unwrap();
        let want: Vec<f64> = x
            .to_vec::<f64>()
            .iter()
            .zip(v.to_vec::<f64>())
            .map(|(a, b)| a.cos() * b)
            .collect();
        for (p, q) in jv[0].to_vec::<f64>().iter().zip(want) {
            assert!((p - q).abs() < 1e-12);
        }
    }

    #[test]
    fn create_graph_results_differentiate_again() {
        let x = Tensor::new_with_dtype([2.0], DType::Float64).requires_grad_(true);
        let (_, g) = vjp(
            |t| Ok(vec![t[0].pow(3).sum()]),
            std::slice::from_ref(&x),
            None,
            Options {
                create_graph: true,
                strict: false,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(g[0].requires_grad());
        let d2 = crate::autograd::grad(&[g[0].sum()], std::slice::from_ref(&x)).unwrap();
        assert_eq!(d2[0].item(), 12.0);
    }
}
