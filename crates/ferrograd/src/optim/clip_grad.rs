//! Gradient clipping (`torch.nn.utils.clip_grad_norm_`, `clip_grad_value_`).

use super::py_float;
use crate::error::{runtime, unwrap, Result};
use crate::{DType, Tensor};

/// The options of [`try_clip_grad_norm_`] beyond the maximum norm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClipGradNormOptions {
    /// The p of the p-norm (default 2; `f64::INFINITY` for the largest magnitude).
    pub norm_type: f64,
    /// Fail when the total norm is NaN or infinite instead of scaling by it (default false).
    pub error_if_nonfinite: bool,
}

impl Default for ClipGradNormOptions {
    fn default() -> Self {
        ClipGradNormOptions {
            norm_type: 2.0,
            error_if_nonfinite: false,
        }
    }
}

/// The p-norm of a tensor's elements, in its dtype (`torch.linalg.vector_norm`).
fn vector_norm(t: &Tensor, p: f64) -> Result<Tensor> {
    let a = t.try_abs()?;
    if p == f64::INFINITY {
        a.try_max()
    } else if p == f64::NEG_INFINITY {
        a.try_min()
    } else if p == 2.0 {
        (&a * &a).try_sum()?.try_sqrt()
    } else if p == 1.0 {
        a.try_sum()
    } else if p == 0.0 {
        a.ne_scalar(0.0).to_dtype(t.dtype()).try_sum()
    } else {
        a.try_pow(p)?.try_sum()?.try_pow(1.0 / p)
    }
}

/// Scales the gradients of `params` so that their joint `norm_type`-norm is at most
/// `max_norm`; returns the total norm before clipping (a 0-dim tensor of the gradients'
/// dtype; `tensor(0.)` when no parameter has a gradient). The gradients are multiplied by
/// `min(max_norm / (total + 1e-6), 1)`, in place, as PyTorch does.
///
/// ```
/// use ferrograd::Tensor;
/// let w = Tensor::zeros(&[2]).requires_grad_(true);
/// w.set_grad(Some(Tensor::new([3.0f32, 4.0])));
/// let total = ferrograd::optim::clip_grad_norm_(&[w.clone()], 1.0, 2.0);
/// assert_eq!(total.item(), 5.0);
/// let g = w.grad().unwrap().to_vec::<f32>();
/// assert!((g[0] - 0.6).abs() < 1e-6 && (g[1] - 0.8).abs() < 1e-6);
/// ```
#[track_caller]
pub fn clip_grad_norm_(params: &[Tensor], max_norm: f64, norm_type: f64) -> Tensor {
    unwrap(try_clip_grad_norm_(
        params,
        max_norm,
        ClipGradNormOptions {
            norm_type,
            error_if_nonfinite: false,
        },
    ))
}

/// Fallible [`clip_grad_norm_`] with all of PyTorch's options.
///
/// ```
/// use ferrograd::optim::{try_clip_grad_norm_, ClipGradNormOptions};
/// use ferrograd::Tensor;
/// let w = Tensor::zeros(&[2]).requires_grad_(true);
/// w.set_grad(Some(Tensor::new([f32::NAN, 1.0])));
/// let o = ClipGradNormOptions { error_if_nonfinite: true, ..Default::default() };
/// let e = try_clip_grad_norm_(&[w], 1.0, o).unwrap_err();
/// assert!(e.to_string().starts_with("The total norm of order 2.0 for gradients from `parameters` is non-finite"));
/// ```
pub fn try_clip_grad_norm_(
    params: &[Tensor],
    max_norm: f64,
    o: ClipGradNormOptions,
) -> Result<Tensor> {
    let _ng = crate::no_grad();
    let grads: Vec<Tensor> = params.iter().filter_map(|p| p.grad()).collect();
    if grads.is_empty() {
        return Ok(Tensor::new(0.0f32));
    }
    let norms = grads
        .iter()
        .map(|g| vector_norm(g, o.norm_type))
        .collect::<Result<Vec<_>>>()?;
    let total = vector_norm(&Tensor::try_stack(&norms, 0)?, o.norm_type)?;
    let t = total.item();
    if o.error_if_nonfinite && !t.is_finite() {
        return Err(runtime(format!(
            "The total norm of order {} for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
            py_float(o.norm_type)
        )));
    }
    // max_norm / (total + 1e-6), clamped to 1, in the norm's dtype.
    let coef = if total.dtype() == DType::Float64 {
        (max_norm / (t + 1e-6)).min(1.0)
    } else {
        let c = max_norm as f32 / (t as f32 + 1e-6f32);
        (if c > 1.0 { 1.0 } else { c }) as f64
    };
    for g in &grads {
        g.try_mul_(coef)?;
    }
    Ok(total)
}

/// Clamps every gradient of `params` to `[-clip_value, clip_value]`, in place.
///
/// ```
/// use ferrograd::Tensor;
/// let w = Tensor::zeros(&[3]).requires_grad_(true);
/// w.set_grad(Some(Tensor::new([-3.0f32, 0.5, 2.0])));
/// ferrograd::optim::clip_grad_value_(&[w.clone()], 1.0);
/// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
/// ```
pub fn clip_grad_value_(params: &[Tensor], clip_value: f64) {
    let _ng = crate::no_grad();
    for g in params.iter().filter_map(|p| p.grad()) {
        let c = g.clamp(Some(-clip_value), Some(clip_value));
        unwrap(g.try_copy_(&c));
    }
}
