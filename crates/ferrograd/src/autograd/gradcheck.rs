//! `gradcheck` and `gradgradcheck`: analytical Jacobians (reverse mode) against central finite
//! differences, with PyTorch's defaults and failure text.

use super::{grad_with, GradOptions};
use crate::error::{runtime, Result};
use crate::{DType, Tensor};

/// Tolerances and mode of [`gradcheck`]; the defaults are PyTorch's.
///
/// ```
/// let o = ferrograd::autograd::GradcheckOptions::default();
/// assert_eq!((o.eps, o.atol, o.rtol), (1e-6, 1e-5, 1e-3));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct GradcheckOptions {
    /// Perturbation of the central differences.
    pub eps: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// Relative tolerance (of the numerical value).
    pub rtol: f64,
    /// Compare `vᵀ·J·u` for random `u`, `v` instead of whole Jacobians (one vjp per output, two
    /// evaluations per input).
    pub fast_mode: bool,
}

impl Default for GradcheckOptions {
    fn default() -> Self {
        GradcheckOptions {
            eps: 1e-6,
            atol: 1e-5,
            rtol: 1e-3,
            fast_mode: false,
        }
    }
}

fn differentiable(inputs: &[Tensor]) -> Result<Vec<usize>> {
    let idx: Vec<usize> = (0..inputs.len())
        .filter(|&i| inputs[i].requires_grad())
        .collect();
    if idx.is_empty() {
        return Err(runtime("gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True."));
    }
    Ok(idx)
}

fn eval_flat(f: DynFn<'_>, xs: &[Tensor]) -> Result<Vec<Vec<f64>>> {
    // Evaluated with grad mode on: `f` may itself differentiate (as gradgradcheck's does).
    Ok(f(xs)?.iter().map(|o| o.to_f64_vec()).collect())
}

/// `xs` with input `i` replaced by a copy whose element `k` is shifted by `delta` (or, with
/// `dir`, shifted by `delta · dir`).
fn perturbed(
    xs: &[Tensor],
    i: usize,
    k: Option<usize>,
    delta: f64,
    dir: Option<&[f64]>,
) -> Vec<Tensor> {
    let mut v = xs[i].to_f64_vec();
    match (k, dir) {
        (Some(k), _) => v[k] += delta,
        (None, Some(d)) => v.iter_mut().zip(d).for_each(|(a, b)| *a += delta * b),
        _ => {}
    }
    let t = crate::ops::cast_raw(&Tensor::from_vec(v, xs[i].shape()), xs[i].dtype());
    let mut out: Vec<Tensor> = xs
        .iter()
        .map(|x| x.detach().requires_grad_(x.requires_grad()))
        .collect();
    out[i] = t.requires_grad_(xs[i].requires_grad());
    out
}

fn matrix(rows: usize, cols: usize, data: Vec<f64>, dtype: DType) -> Tensor {
    crate::ops::cast_raw(&Tensor::from_vec(data, &[rows, cols]), dtype)
}

fn mismatch(o: usize, i: usize, numerical: &Tensor, analytical: &Tensor) -> crate::Error {
    runtime(format!(
        "Jacobian mismatch for output {o} with respect to input {i},\nnumerical:{numerical}\nanalytical:{analytical}\n"
    ))
}

fn close(a: f64, n: f64, o: &GradcheckOptions) -> bool {
    (a - n).abs() <= o.atol + o.rtol * n.abs() || (a.is_nan() && n.is_nan())
}

/// Checks the gradients of `f` at `inputs` (those that require grad) against central finite
/// differences, one element at a time (`torch.autograd.gradcheck`). Returns `Ok(true)`, or the
/// error PyTorch raises: `Jacobian mismatch for output 0 with respect to input 0, ...`.
/// Use float64 inputs: float32 is too coarse for the default tolerances.
///
/// ```
/// use ferrograd::{autograd, DType, Tensor};
/// let x = Tensor::new_with_dtype([0.3, -1.2], DType::Float64).requires_grad_(true);
/// let ok = autograd::gradcheck(|v| Ok(vec![v[0].sin() * v[0].exp()]), &[x], Default::default());
/// assert!(ok.unwrap());
/// ```
pub fn gradcheck<F>(f: F, inputs: &[Tensor], opts: GradcheckOptions) -> Result<bool>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    check(&f, inputs, opts)
}

type DynFn<'a> = &'a dyn Fn(&[Tensor]) -> Result<Vec<Tensor>>;

fn check(f: DynFn<'_>, inputs: &[Tensor], opts: GradcheckOptions) -> Result<bool> {
    let diff = differentiable(inputs)?;
    let outs = {
        let _g = super::enable_grad();
        f(inputs)?
    };
    if opts.fast_mode {
        return fast_check(f, inputs, &diff, &outs, &opts);
    }
    for (o, out) in outs.iter().enumerate() {
        if !out.dtype().is_floating_point() {
            continue;
        }
        let m = out.numel();
        let flat = out.reshape(&[m]);
        // analytical[i]: (numel_i × m), column c = d out[c] / d input i
        let mut analytical: Vec<Vec<f64>> = diff
            .iter()
            .map(|&i| vec![0.0; inputs[i].numel() * m])
            .collect();
        if out.requires_grad() {
            let dins: Vec<Tensor> = diff.iter().map(|&i| inputs[i].clone()).collect();
            for c in 0..m {
                let e = flat.select(0, c as isize);
                let g = grad_with(
                    &[e],
                    &dins,
                    &GradOptions::new().retain_graph(true).allow_unused(true),
                )?;
                for (d, gd) in g.iter().enumerate() {
                    if let Some(gd) = gd {
                        for (r, v) in gd.to_f64_vec().into_iter().enumerate() {
                            analytical[d][r * m + c] = v;
                        }
                    }
                }
            }
        }
        for (d, &i) in diff.iter().enumerate() {
            let n_in = inputs[i].numel();
            let mut numerical = vec![0.0; n_in * m];
            for r in 0..n_in {
                let plus = eval_flat(f, &perturbed(inputs, i, Some(r), opts.eps, None))?;
                let minus = eval_flat(f, &perturbed(inputs, i, Some(r), -opts.eps, None))?;
                for c in 0..m {
                    numerical[r * m + c] = (plus[o][c] - minus[o][c]) / (2.0 * opts.eps);
                }
            }
            if !numerical
                .iter()
                .zip(&analytical[d])
                .all(|(n, a)| close(*a, *n, &opts))
            {
                let dt = inputs[i].dtype();
                return Err(mismatch(
                    o,
                    i,
                    &matrix(n_in, m, numerical, dt),
                    &matrix(n_in, m, analytical[d].clone(), dt),
                ));
            }
        }
    }
    Ok(true)
}

fn fast_check(
    f: DynFn<'_>,
    inputs: &[Tensor],
    diff: &[usize],
    outs: &[Tensor],
    opts: &GradcheckOptions,
) -> Result<bool> {
    for (o, out) in outs.iter().enumerate() {
        if !out.dtype().is_floating_point() {
            continue;
        }
        let v = Tensor::randn_dtype(out.shape(), DType::Float64);
        let vv = v.to_f64_vec();
        let dins: Vec<Tensor> = diff.iter().map(|&i| inputs[i].clone()).collect();
        let g = if out.requires_grad() {
            let vd = v.to_dtype(out.dtype());
            grad_with(
                std::slice::from_ref(out),
                &dins,
                &GradOptions::new()
                    .grad_outputs(vec![vd])
                    .retain_graph(true)
                    .allow_unused(true),
            )?
        } else {
            vec![None; dins.len()]
        };
        for (d, &i) in diff.iter().enumerate() {
            let u = Tensor::randn_dtype(inputs[i].shape(), DType::Float64).to_f64_vec();
            let plus = eval_flat(f, &perturbed(inputs, i, None, opts.eps, Some(&u)))?;
            let minus = eval_flat(f, &perturbed(inputs, i, None, -opts.eps, Some(&u)))?;
            let numerical: f64 = plus[o]
                .iter()
                .zip(&minus[o])
                .zip(&vv)
                .map(|((p, m), w)| (p - m) / (2.0 * opts.eps) * w)
                .sum();
            let analytical: f64 = match &g[d] {
                Some(gd) => gd.to_f64_vec().iter().zip(&u).map(|(a, b)| a * b).sum(),
                None => 0.0,
            };
            if !close(analytical, numerical, opts) {
                let slow = GradcheckOptions {
                    fast_mode: false,
                    ..*opts
                };
                let detail = match check(f, inputs, slow) {
                    Err(e) => e.to_string(),
                    Ok(_) => String::new(),
                };
                return Err(runtime(format!(
                    "Jacobian mismatch for output {o} with respect to input {i},\nnumerical:{}\nanalytical:{}\n\nThe above quantities relating the numerical and analytical jacobians are computed \nin fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \nabout fast mode. Below, we recompute numerical and analytical jacobians in slow mode:\n\n{detail}",
                    Tensor::scalar_tensor(numerical, DType::Float64),
                    Tensor::scalar_tensor(analytical, DType::Float64),
                )));
            }
        }
    }
    Ok(true)
}

/// Checks second derivatives: [`gradcheck`] of the function
/// `(inputs, v) ↦ vjp(f, inputs, v)` (with `create_graph`), for random `v`
/// (`torch.autograd.gradgradcheck`).
///
/// ```
/// use ferrograd::{autograd, DType, Tensor};
/// let x = Tensor::new_with_dtype([0.5, 2.0], DType::Float64).requires_grad_(true);
/// assert!(autograd::gradgradcheck(|v| Ok(vec![v[0].pow(3).tanh()]), &[x], Default::default()).unwrap());
/// ```
pub fn gradgradcheck<F>(f: F, inputs: &[Tensor], opts: GradcheckOptions) -> Result<bool>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let diff = differentiable(inputs)?;
    let outs = {
        let _g = super::enable_grad();
        f(inputs)?
    };
    let grad_outs: Vec<Tensor> = outs
        .iter()
        .filter(|o| o.requires_grad())
        .map(|o| Tensor::randn_dtype(o.shape(), o.dtype()).requires_grad_(true))
        .collect();
    let n_in = inputs.len();
    let new_f = |all: &[Tensor]| -> Result<Vec<Tensor>> {
        let (xs, vs) = all.split_at(n_in);
        let outs: Vec<Tensor> = f(xs)?.into_iter().filter(|o| o.requires_grad()).collect();
        let dins: Vec<Tensor> = diff.iter().map(|&i| xs[i].clone()).collect();
        if outs.is_empty() {
            return Ok(vec![]);
        }
        let g = grad_with(
            &outs,
            &dins,
            &GradOptions::new()
                .grad_outputs(vs.to_vec())
                .create_graph(true)
                .allow_unused(true),
        )?;
        Ok(g.into_iter().flatten().collect())
    };
    let mut all: Vec<Tensor> = inputs.to_vec();
    all.extend(grad_outs);
    gradcheck(new_f, &all, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autograd::{apply, Function, FunctionCtx};

    /// sin with a deliberately wrong derivative (cos scaled by 1.01).
    struct WrongSin;
    impl Function for WrongSin {
        fn name(&self) -> &'static str {
            "WrongSinBackward"
        }
        fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> Result<Tensor> {
            ctx.save_for_backward(&x[..1]);
            x[0].try_sin()
        }
        fn backward(&self, ctx: &FunctionCtx, g: &Tensor) -> Result<Vec<Option<Tensor>>> {
            Ok(vec![Some(g.try_mul(
                &ctx.saved_tensors()[0].try_cos()?.try_mul_scalar(1.01)?,
            )?)])
        }
    }

    /// A correct custom function whose derivative is right but whose second derivative is wrong.
    struct SquareBadSecond;
    impl Function for SquareBadSecond {
        fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> Result<Tensor> {
            ctx.save_for_backward(&x[..1]);
            x[0].try_pow(2)
        }
        fn backward(&self, ctx: &FunctionCtx, g: &Tensor) -> Result<Vec<Option<Tensor>>> {
            // 2x·g, but computed through a detached x: first order right, second order wrong.
            Ok(vec![Some(g.try_mul(
                &ctx.saved_tensors()[0].detach().try_mul_scalar(2.0)?,
            )?)])
        }
    }

    fn x64(v: &[f64]) -> Tensor {
        Tensor::from_vec(v.to_vec(), &[v.len()]).requires_grad_(true)
    }

    #[test]
    fn passes_on_correct_ops() {
        let x = x64(&[0.3, -0.7, 1.1]);
        let y = x64(&[1.5, 0.2, -0.4]);
        let f = |v: &[Tensor]| Ok(vec![(&v[0] * &v[1]).tanh(), v[0].exp().sum()]);
        assert!(gradcheck(f, &[x.clone(), y.clone()], GradcheckOptions::default()).unwrap());
        assert!(gradcheck(
            f,
            &[x.clone(), y.clone()],
            GradcheckOptions {
                fast_mode: true,
                ..Default::default()
            }
        )
        .unwrap());
        assert!(gradgradcheck(f, &[x, y], GradcheckOptions::default()).unwrap());
    }

    #[test]
    fn fails_with_pytorchs_message_on_a_wrong_backward() {
        let x = x64(&[0.5, 1.0]);
        let e = gradcheck(
            |v| apply(WrongSin, v).map(|t| vec![t]),
            std::slice::from_ref(&x),
            GradcheckOptions::default(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor([[0.8776, 0.0000],\n        [0.0000, 0.5403]], dtype=torch.float64)\nanalytical:tensor([[0.8864, 0.0000],\n        [0.0000, 0.5457]], dtype=torch.float64)\n"), "{msg}");
        let e = gradcheck(
            |v| apply(WrongSin, v).map(|t| vec![t]),
            &[x],
            GradcheckOptions {
                fast_mode: true,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("in fast mode"));
    }

    #[test]
    fn gradgradcheck_catches_a_wrong_second_derivative() {
        let x = x64(&[0.5, 1.5]);
        let f = |v: &[Tensor]| apply(SquareBadSecond, v).map(|t| vec![t]);
        assert!(gradcheck(f, std::slice::from_ref(&x), GradcheckOptions::default()).unwrap());
        let e = gradgradcheck(f, &[x], GradcheckOptions::default()).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("Jacobian mismatch for output 0 with respect to input 0,"));
    }

    #[test]
    fn needs_an_input_that_requires_grad() {
        let e = gradcheck(
            |v| Ok(vec![v[0].exp()]),
            &[Tensor::new(1.0)],
            GradcheckOptions::default(),
        )
        .unwrap_err();
        assert!(e
            .to_string()
            .starts_with("gradcheck expects at least one input tensor to require gradient"));
    }
}
