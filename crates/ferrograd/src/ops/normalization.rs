//! Normalization: `batch_norm` (training statistics with running averages, or the running
//! statistics in evaluation), `layer_norm` and `group_norm`, recorded as PyTorch's
//! `NativeBatchNormBackward0`, `NativeLayerNormBackward0` and `NativeGroupNormBackward0`.
//!
//! All three normalize groups of elements, `x̂ = (x - mean) / sqrt(var + eps)`, then apply a
//! per-channel (or per-element) affine map. The forward statistics come from one kernel over an
//! `(A, C, B)` layout; the backward is one rule written with tensor ops over a view of the input
//! (so `create_graph` differentiates it again). Batch norm's first-order backward, when no graph
//! is being created, is a fused two-pass kernel that agrees with the rule.

use crate::autograd::{batch, record};
use crate::error::{runtime, unwrap, value_err, Result};
use crate::kernels::cpu::norm::{self as kernel, GradIn, Groups};
use crate::ops::Float;
use crate::{no_grad, DType, Tensor};

/// The arguments of [`Tensor::try_batch_norm`], PyTorch's `F.batch_norm`: running statistics
/// (updated in place in training), the affine `weight` and `bias`, `training`, `momentum`
/// and `eps`.
///
/// ```
/// let args = ferrograd::BatchNormArgs::new().training(true).eps(1e-3);
/// assert_eq!((args.momentum, args.eps), (0.1, 1e-3));
/// ```
#[derive(Clone, Debug)]
pub struct BatchNormArgs<'a> {
    /// The running mean (`C` values), updated in training.
    pub running_mean: Option<&'a Tensor>,
    /// The running variance (unbiased), updated in training.
    pub running_var: Option<&'a Tensor>,
    /// The per-channel scale.
    pub weight: Option<&'a Tensor>,
    /// The per-channel shift.
    pub bias: Option<&'a Tensor>,
    /// Whether to use the batch's statistics (and update the running ones).
    pub training: bool,
    /// The weight of the new statistics in the running averages.
    pub momentum: f64,
    /// Added to the variance.
    pub eps: f64,
}

impl Default for BatchNormArgs<'_> {
    fn default() -> Self {
        BatchNormArgs {
            running_mean: None,
            running_var: None,
            weight: None,
            bias: None,
            training: false,
            momentum: 0.1,
            eps: 1e-5,
        }
    }
}

impl<'a> BatchNormArgs<'a> {
    /// PyTorch's defaults: no running statistics, no affine map, evaluation, momentum 0.1,
    /// eps 1e-5.
    ///
    /// ```
    /// assert!(!ferrograd::BatchNormArgs::new().training);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the running statistics.
    ///
    /// ```
    /// let (m, v) = (ferrograd::Tensor::zeros(&[2]), ferrograd::Tensor::ones(&[2]));
    /// assert!(ferrograd::BatchNormArgs::new().running(&m, &v).running_mean.is_some());
    /// ```
    pub fn running(mut self, mean: &'a Tensor, var: &'a Tensor) -> Self {
        self.running_mean = Some(mean);
        self.running_var = Some(var);
        self
    }
    /// Sets the affine weight and bias.
    ///
    /// ```
    /// let (w, b) = (ferrograd::Tensor::ones(&[2]), ferrograd::Tensor::zeros(&[2]));
    /// assert!(ferrograd::BatchNormArgs::new().affine(Some(&w), Some(&b)).weight.is_some());
    /// ```
    pub fn affine(mut self, weight: Option<&'a Tensor>, bias: Option<&'a Tensor>) -> Self {
        self.weight = weight;
        self.bias = bias;
        self
    }
    /// Sets `training`.
    ///
    /// ```
    /// assert!(ferrograd::BatchNormArgs::new().training(true).training);
    /// ```
    pub fn training(mut self, t: bool) -> Self {
        self.training = t;
        self
    }
    /// Sets `momentum`.
    ///
    /// ```
    /// assert_eq!(ferrograd::BatchNormArgs::new().momentum(0.5).momentum, 0.5);
    /// ```
    pub fn momentum(mut self, m: f64) -> Self {
        self.momentum = m;
        self
    }
    /// Sets `eps`.
    ///
    /// ```
    /// assert_eq!(ferrograd::BatchNormArgs::new().eps(0.1).eps, 0.1);
    /// ```
    pub fn eps(mut self, e: f64) -> Self {
        self.eps = e;
        self
    }
}

/// How a normalization sees its input for the backward rule: the input viewed as `view`,
/// statistics over `stats`, the affine parameters viewed as `param_view` and their gradients
/// summed over `param_sum`.
#[derive(Clone, Debug)]
struct NormView {
    view: Vec<usize>,
    stats: Vec<isize>,
    param_view: Vec<usize>,
    param_sum: Vec<isize>,
    /// The shape of the weight and bias.
    param_shape: Vec<usize>,
    eps: f64,
    /// Batch norm's invstd is 0 where the variance and eps are both 0 ([`batch_invstd`]); layer
    /// and group norm's is infinite there.
    zero_invstd_at_zero: bool,
}

/// A tensor standing for an absent argument (an empty edge in `next_functions`).
fn absent() -> Tensor {
    Tensor::zeros(&[0])
}

fn sum_or_self(t: &Tensor, dims: &[isize]) -> Result<Tensor> {
    if dims.is_empty() {
        Ok(t.clone())
    } else {
        t.try_sum_dims(dims, false)
    }
}

/// The normalization's input gradients written with tensor ops: `x̂` recomputed from `x` (or
/// from the constants `fixed = (mean, invstd)` of evaluation-mode batch norm), then
/// `gx = invstd · (ĝ - mean(ĝ) - x̂ · mean(ĝ · x̂))` with `ĝ = g · w`, `gw = Σ g · x̂`, `gb = Σ g`.
fn rule(
    grad: &Tensor,
    x: &Tensor,
    w: Option<&Tensor>,
    fixed: Option<(&Tensor, &Tensor)>,
    nv: &NormView,
    needs: [bool; 3],
) -> Result<Vec<Option<Tensor>>> {
    // a batched gradient has the batch in front: the per-sample statistics of `x` broadcast
    // against it, and the dimensions reduced over move one place
    let shift =
        |dims: &[isize]| -> Vec<isize> { dims.iter().map(|&d| batch::dim_signed(d)).collect() };
    let xv = x.try_reshape(&nv.view)?;
    let g = grad.try_reshape(&batch::shape(&nv.view))?;
    let (xhat, invstd) = match fixed {
        Some((m, r)) => (xv.try_sub(m)?.try_mul(r)?, r.clone()),
        None => {
            let m = xv.try_mean_dims(&nv.stats, true)?;
            let xc = xv.try_sub(&m)?;
            let var = xc.try_mul(&xc)?.try_mean_dims(&nv.stats, true)?;
            let r = if nv.zero_invstd_at_zero && nv.eps == 0.0 {
                // as the forward pass: 0, not infinity, for a constant group; its rsqrt is
                // taken of 1 there so that no infinity reaches the derivatives either
                let zero = var.eq_scalar(0.0);
                var.try_masked_fill(&zero, 1.0)?
                    .try_rsqrt()?
                    .try_masked_fill(&zero, 0.0)?
            } else {
                var.try_add_scalar(nv.eps)?.try_rsqrt()?
            };
            (xc.try_mul(&r)?, r)
        }
    };
    let gx = if needs[0] {
        let gh = match w {
            Some(w) => g.try_mul(&w.try_reshape(&nv.param_view)?)?,
            None => g.clone(),
        };
        let gx = match fixed {
            Some(_) => gh.try_mul(&invstd)?,
            None => {
                let stats = shift(&nv.stats);
                let a = gh.try_mean_dims(&stats, true)?;
                let b = gh.try_mul(&xhat)?.try_mean_dims(&stats, true)?;
                gh.try_sub(&a)?
                    .try_sub(&xhat.try_mul(&b)?)?
                    .try_mul(&invstd)?
            }
        };
        Some(gx.try_reshape(&batch::shape(x.shape()))?)
    } else {
        None
    };
    let gw = if needs[1] {
        Some(
            sum_or_self(&g.try_mul(&xhat)?, &shift(&nv.param_sum))?
                .try_reshape(&batch::shape(&nv.param_shape))?,
        )
    } else {
        None
    };
    let gb = if needs[2] {
        Some(sum_or_self(&g, &shift(&nv.param_sum))?.try_reshape(&batch::shape(&nv.param_shape))?)
    } else {
        None
    };
    Ok(vec![gx, gw, gb])
}

/// PyTorch's mixed-dtype check of a normalization's parameters (`is_mixed_type` and
/// `check_mixed_data_type`): when the first parameter given has another dtype than the
/// input, PyTorch takes the mixed path, which only reduced-precision inputs with float32
/// parameters may take, so for float32 and float64 inputs it is an error.
fn check_mixed(input: DType, params: &[Option<&Tensor>]) -> Result<()> {
    let given = || params.iter().flatten();
    match given().next() {
        Some(p) if p.dtype() != input && input.is_floating_point() => {}
        _ => return Ok(()),
    }
    if given().any(|p| p.dtype() != DType::Float32) {
        return Err(runtime(
            "mixed dtype (CPU): expect parameter to have scalar type of Float",
        ));
    }
    Err(runtime(
        "mixed dtype (CPU): all inputs must share same datatype.",
    ))
}

/// The kernel's check that every parameter has the input's dtype (after [`check_mixed`]).
fn check_same(input: DType, params: &[Option<&Tensor>]) -> Result<()> {
    match params.iter().flatten().find(|p| p.dtype() != input) {
        Some(p) if input.is_floating_point() => Err(runtime(format!(
            "expected scalar type {} but found {}",
            input.scalar_name(),
            p.dtype().scalar_name()
        ))),
        _ => Ok(()),
    }
}

/// The per-group statistics `(mean, invstd)` (and the raw sums of squares) of `x` in `g`.
fn stats<T: Float>(x: &[T], g: Groups, eps: f64) -> (Vec<T>, Vec<T>, Vec<(f64, f64)>) {
    stats_of(kernel::moments(x, g), g, eps, |var, eps| {
        1.0 / (var + eps).sqrt()
    })
}

/// Batch norm's `1/sqrt(var + eps)`, which PyTorch takes as 0 when both are 0 (so a channel
/// with a single repeated value normalises to zeros, not NaN, under `torch.batch_norm` with
/// `eps = 0`).
fn batch_invstd(var: f64, eps: f64) -> f64 {
    if var == 0.0 && eps == 0.0 {
        0.0
    } else {
        1.0 / (var + eps).sqrt()
    }
}

/// `(mean, invstd)` from the moments `mo` of the groups of `g`, `invstd(var, eps)` each.
fn stats_of<T: Float>(
    mo: Vec<(f64, f64)>,
    g: Groups,
    eps: f64,
    invstd: fn(f64, f64) -> f64,
) -> (Vec<T>, Vec<T>, Vec<(f64, f64)>) {
    let n = g.count() as f64;
    let mean = mo.iter().map(|m| T::from_f64(m.0)).collect();
    let invstd = mo
        .iter()
        .map(|m| T::from_f64(invstd(m.1 / n, eps)))
        .collect();
    (mean, invstd, mo)
}

fn vec_of<T: Float>(t: Option<&Tensor>) -> Option<Vec<T>> {
    t.map(|t| t.detach().to_vec::<T>())
}

impl Tensor {
    /// Batch normalization over the channel dimension 1 of an `(N, C, ...)` tensor
    /// (`torch.nn.functional.batch_norm`), recorded as `NativeBatchNormBackward0`. In training
    /// the batch's mean and biased variance normalize, and the running statistics (if given)
    /// become `(1 - momentum)·running + momentum·batch` (the variance unbiased); in evaluation
    /// the running statistics normalize.
    ///
    /// ```
    /// use ferrograd::{BatchNormArgs, DType, Tensor};
    /// let x = Tensor::new_with_dtype([[1.0], [3.0]], DType::Float64).requires_grad_(true);
    /// let (rm, rv) = (Tensor::zeros_dtype(&[1], DType::Float64), Tensor::ones_dtype(&[1], DType::Float64));
    /// let y = x.try_batch_norm(&BatchNormArgs::new().running(&rm, &rv).training(true).eps(0.0)).unwrap();
    /// assert_eq!(y.to_vec::<f64>(), vec![-1.0, 1.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "NativeBatchNormBackward0");
    /// assert_eq!(rm.to_vec::<f64>(), vec![0.2]);
    /// assert_eq!(rv.to_vec::<f64>(), vec![1.1]);
    /// ```
    #[track_caller]
    pub fn try_batch_norm(&self, args: &BatchNormArgs<'_>) -> Result<Tensor> {
        let shape = self.shape().to_vec();
        // `F.batch_norm`'s own checks come first, then an empty input short-cuts everything
        if args.training
            && !shape.is_empty()
            && shape[0] * shape[2.min(shape.len())..].iter().product::<usize>() == 1
        {
            return Err(value_err(format!(
                "Expected more than 1 value per channel when training, got input size {}",
                self.size()
            )));
        }
        self.try_native_batch_norm(args)
    }

    /// [`Tensor::try_batch_norm`] without `F.batch_norm`'s batch-size check (`torch.batch_norm`,
    /// PyTorch's op under the functional: one value per channel in training normalises to
    /// zeros rather than raising).
    ///
    /// ```
    /// use ferrograd::{BatchNormArgs, Tensor};
    /// let x = Tensor::new([[1.0f32, 2.0]]);
    /// assert!(x.try_batch_norm(&BatchNormArgs::new().training(true)).is_err());
    /// let y = x.try_native_batch_norm(&BatchNormArgs::new().training(true)).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_native_batch_norm(&self, args: &BatchNormArgs<'_>) -> Result<Tensor> {
        let shape = self.shape().to_vec();
        if self.numel() == 0 {
            return self.empty_batch_norm(args);
        }
        if shape.len() < 2 {
            return Err(value_err(format!(
                "Expected 2D or higher input (got {}D input)",
                shape.len()
            )));
        }
        let c = shape[1];
        for (name, t) in [
            ("running_mean", args.running_mean),
            ("running_var", args.running_var),
            ("weight", args.weight),
            ("bias", args.bias),
        ] {
            if let Some(t) = t
                && t.numel() != c
            {
                return Err(runtime(format!(
                    "{name} should contain {c} elements not {}",
                    t.numel()
                )));
            }
        }
        let g = Groups {
            a: shape[0],
            c,
            b: shape[2..].iter().product(),
        };
        if !args.training {
            for (name, t) in [
                ("running_mean", args.running_mean),
                ("running_var", args.running_var),
            ] {
                if t.is_none() {
                    return Err(runtime(format!(
                        "{name} must be defined in evaluation mode"
                    )));
                }
            }
        }
        let params = [args.weight, args.bias, args.running_mean, args.running_var];
        check_mixed(self.dtype(), &params)?;
        check_same(self.dtype(), &params)?;
        match self.dtype() {
            DType::Float64 => self.batch_norm_t::<f64>(args, g),
            DType::Float32 => self.batch_norm_t::<f32>(args, g),
            d => Err(crate::error::not_implemented(format!(
                "\"batch_norm\" not implemented for '{}'",
                d.scalar_name()
            ))),
        }
    }

    /// Panicking [`Tensor::try_batch_norm`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 6.0]]);
    /// let y = x.batch_norm(&ferrograd::BatchNormArgs::new().training(true).eps(0.0));
    /// assert_eq!(y.to_vec::<f32>(), vec![-1.0, -1.0, 1.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn batch_norm(&self, args: &BatchNormArgs<'_>) -> Tensor {
        unwrap(self.try_batch_norm(args))
    }

    /// Batch norm of an empty tensor, as PyTorch takes it: no statistics, no checks of the
    /// other arguments, the running statistics untouched, and a graph that still reaches the
    /// affine parameters (`input.clone() * weight[0] + bias[0]`).
    fn empty_batch_norm(&self, args: &BatchNormArgs<'_>) -> Result<Tensor> {
        // `weight[0]` in ATen: `select`'s message
        let first = |t: &Tensor| {
            if t.dim() > 0 && t.shape()[0] == 0 {
                return Err(crate::error::index_err(format!(
                    "select(): index 0 out of range for tensor of size {} at dimension 0",
                    crate::tensor::fmt_list(t.shape())
                )));
            }
            t.try_select(0, 0)
        };
        let mut out = self.try_clone_op()?;
        if let Some(w) = args.weight {
            out = out.try_mul(&first(w)?)?;
        }
        if let Some(b) = args.bias {
            out = out.try_add(&first(b)?)?;
        }
        Ok(out)
    }

    #[track_caller]
    fn batch_norm_t<T: Float>(&self, args: &BatchNormArgs<'_>, g: Groups) -> Result<Tensor> {
        let x = self.detach();
        let (mean, invstd) = if args.training {
            let mo = x.with_slice::<T, _>(|s| kernel::batch_moments(s, g));
            let (mean, invstd, mo) = stats_of::<T>(mo, g, args.eps, batch_invstd);
            if let (Some(rm), Some(rv)) = (args.running_mean, args.running_var) {
                let _ng = no_grad();
                let n = g.count() as f64;
                let m = args.momentum;
                let old_m = rm.to_f64_vec();
                let old_v = rv.to_f64_vec();
                let new_m: Vec<f64> = (0..g.c)
                    .map(|j| m * mo[j].0 + (1.0 - m) * old_m[j])
                    .collect();
                let new_v: Vec<f64> = (0..g.c)
                    .map(|j| m * (mo[j].1 / (n - 1.0)) + (1.0 - m) * old_v[j])
                    .collect();
                rm.try_copy_(&Tensor::from_f64_values(&new_m, rm.shape(), rm.dtype()))?;
                rv.try_copy_(&Tensor::from_f64_values(&new_v, rv.shape(), rv.dtype()))?;
            }
            (mean, invstd)
        } else {
            let rm = args
                .running_mean
                .map(|t| t.to_f64_vec())
                .unwrap_or_default();
            let rv = args.running_var.map(|t| t.to_f64_vec()).unwrap_or_default();
            (
                rm.iter().map(|&v| T::from_f64(v)).collect::<Vec<T>>(),
                rv.iter()
                    .map(|&v| T::from_f64(1.0 / (v + args.eps).sqrt()))
                    .collect(),
            )
        };
        let w = vec_of::<T>(args.weight);
        let b = vec_of::<T>(args.bias);
        // y = x·alpha + beta, alpha = invstd·w, beta = b - mean·alpha (PyTorch's CPU form)
        let alpha: Vec<T> = (0..g.c)
            .map(|j| invstd[j] * w.as_ref().map_or(T::ONE, |w| w[j]))
            .collect();
        let beta: Vec<T> = (0..g.c)
            .map(|j| b.as_ref().map_or(T::ZERO, |b| b[j]) - mean[j] * alpha[j])
            .collect();
        let data = x.with_slice::<T, _>(|s| kernel::affine(s, g, &alpha, &beta));
        let out = Tensor::from_buffer(T::into_buffer(data), self.dims());
        let mean_t = Tensor::from_vec(mean, &[g.c]);
        let invstd_t = Tensor::from_vec(invstd, &[g.c]);
        let (wt, bt) = (
            args.weight.cloned().unwrap_or_else(absent),
            args.bias.cloned().unwrap_or_else(absent),
        );
        let has_w = args.weight.is_some();
        let training = args.training;
        let nv = NormView {
            view: vec![g.a, g.c, g.b],
            stats: vec![0, 2],
            param_view: vec![1, g.c, 1],
            param_sum: vec![0, 2],
            param_shape: vec![g.c],
            eps: args.eps,
            zero_invstd_at_zero: true,
        };
        let mut saved = vec![("input", self)];
        if has_w {
            saved.push(("weight", &wt));
        }
        saved.push(("result1", &mean_t));
        saved.push(("result2", &invstd_t));
        record(
            "NativeBatchNormBackward0",
            out,
            &[self, &wt, &bt],
            &saved,
            false,
            move |c| {
                let x = &c.saved[0];
                let w = has_w.then(|| &c.saved[1]);
                let (mean, invstd) = (&c.saved[c.saved.len() - 2], &c.saved[c.saved.len() - 1]);
                let needs = [c.needs(0), c.needs(1), c.needs(2)];
                if let Some(r) = fused_bn_backward(c.grad, x, w, mean, invstd, training, g, needs) {
                    return Ok(r);
                }
                let pv = [1, g.c, 1];
                let fixed = if training {
                    None
                } else {
                    Some((mean.try_reshape(&pv)?, invstd.try_reshape(&pv)?))
                };
                rule(
                    c.grad,
                    x,
                    w,
                    fixed.as_ref().map(|(m, r)| (m, r)),
                    &nv,
                    needs,
                )
            },
        )
    }

    /// Layer normalization over the trailing dimensions `normalized_shape`
    /// (`torch.nn.functional.layer_norm`), with an element-wise affine `weight` and `bias` of
    /// that shape; recorded as `NativeLayerNormBackward0`.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let x = Tensor::new_with_dtype([[1.0, 3.0], [4.0, 2.0]], DType::Float64).requires_grad_(true);
    /// let y = x.try_layer_norm(&[2], None, None, 0.0).unwrap();
    /// assert_eq!(y.to_vec::<f64>(), vec![-1.0, 1.0, 1.0, -1.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "NativeLayerNormBackward0");
    /// ```
    #[track_caller]
    pub fn try_layer_norm(
        &self,
        normalized_shape: &[usize],
        weight: Option<&Tensor>,
        bias: Option<&Tensor>,
        eps: f64,
    ) -> Result<Tensor> {
        check_mixed(self.dtype(), &[weight, bias])?;
        let shape = self.shape().to_vec();
        let k = normalized_shape.len();
        let fits = k > 0 && shape.len() >= k && shape[shape.len() - k..] == *normalized_shape;
        if !fits {
            let ns: Vec<String> = normalized_shape.iter().map(|v| v.to_string()).collect();
            let mut star = vec!["*".to_string()];
            star.extend(ns.iter().cloned());
            return Err(runtime(format!(
                "Given normalized_shape=[{}], expected input with shape [{}], but got input of size{}",
                ns.join(", "),
                star.join(", "),
                crate::tensor::fmt_list(&shape)
            )));
        }
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let Some(t) = t
                && t.shape() != normalized_shape
            {
                return Err(runtime(format!(
                        "Expected {name} to be of same shape as normalized_shape, but got {name} of shape {} and normalized_shape = {}",
                        crate::tensor::fmt_list(t.shape()),
                        crate::tensor::fmt_list(normalized_shape)
                    )));
            }
        }
        check_same(self.dtype(), &[weight, bias])?;
        let m: usize = normalized_shape.iter().product();
        let rows = self.numel() / m.max(1);
        let nd = shape.len();
        let nv = NormView {
            view: shape.clone(),
            stats: ((nd - k)..nd).map(|d| d as isize).collect(),
            param_view: normalized_shape.to_vec(),
            param_sum: (0..nd - k).map(|d| d as isize).collect(),
            param_shape: normalized_shape.to_vec(),
            eps,
            zero_invstd_at_zero: false,
        };
        self.rowwise_norm(
            "NativeLayerNormBackward0",
            Groups {
                a: 1,
                c: rows,
                b: m,
            },
            weight,
            bias,
            nv,
            |t, w, b| {
                // (x·rstd - mean·rstd)·w + b, element-wise affine over the trailing dims
                let t = match w {
                    Some(w) => t.try_mul(w)?,
                    None => t,
                };
                match b {
                    Some(b) => t.try_add(b),
                    None => Ok(t),
                }
            },
        )
    }

    /// Group normalization of an `(N, C, ...)` tensor over `num_groups` groups of channels
    /// (`torch.nn.functional.group_norm`), with a per-channel affine `weight` and `bias`;
    /// recorded as `NativeGroupNormBackward0`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 3.0, 7.0, 5.0]]).requires_grad_(true);
    /// let y = x.try_group_norm(2, None, None, 0.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![-1.0, 1.0, 1.0, -1.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "NativeGroupNormBackward0");
    /// ```
    #[track_caller]
    pub fn try_group_norm(
        &self,
        num_groups: usize,
        weight: Option<&Tensor>,
        bias: Option<&Tensor>,
        eps: f64,
    ) -> Result<Tensor> {
        let shape = self.shape().to_vec();
        if shape.len() < 2 {
            return Err(runtime(format!(
                "Expected at least 2 dimensions for input tensor but received {}",
                shape.len()
            )));
        }
        let (n, c) = (shape[0], shape[1]);
        // `F.group_norm` checks the groups as a batch of `n·c/num_groups` (its
        // `_verify_batch_size`)
        if num_groups > 0 && n * c / num_groups * shape[2..].iter().product::<usize>() == 1 {
            let mut size = vec![n * c / num_groups, num_groups];
            size.extend(&shape[2..]);
            return Err(value_err(format!(
                "Expected more than 1 value per channel when training, got input size {}",
                crate::tensor::fmt_list(&size)
            )));
        }
        if num_groups == 0 || c % num_groups != 0 {
            return Err(runtime(format!(
                "Expected number of channels in input to be divisible by num_groups, but got input of shape {} and num_groups={num_groups}",
                crate::tensor::fmt_list(&shape)
            )));
        }
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let Some(t) = t
                && (t.dim() != 1 || t.numel() != c)
            {
                return Err(runtime(format!(
                        "Expected {name} to be a vector of size equal to the number of channels in input, but got {name} of shape {} and input of shape {}",
                        crate::tensor::fmt_list(t.shape()),
                        crate::tensor::fmt_list(&shape)
                    )));
            }
        }
        check_mixed(self.dtype(), &[weight, bias])?;
        let s: usize = shape[2..].iter().product();
        if c == 0 {
            return Err(runtime(
                "Expected number of channels to be greater than 0, got 0",
            ));
        }
        if s == 0 {
            return Err(runtime("Expected HxW to be greater than 0, got 0"));
        }
        check_same(self.dtype(), &[weight, bias])?;
        let cg = c / num_groups;
        let nv = NormView {
            view: vec![n, num_groups, cg, s],
            stats: vec![2, 3],
            param_view: vec![1, num_groups, cg, 1],
            param_sum: vec![0, 3],
            param_shape: vec![c],
            eps,
            zero_invstd_at_zero: false,
        };
        let mut pshape = vec![1usize; shape.len()];
        pshape[1] = c;
        self.rowwise_norm(
            "NativeGroupNormBackward0",
            Groups {
                a: 1,
                c: n * num_groups,
                b: cg * s,
            },
            weight,
            bias,
            nv,
            move |t, w, b| {
                let t = match w {
                    Some(w) => t.try_mul(&w.try_reshape(&pshape)?)?,
                    None => t,
                };
                match b {
                    Some(b) => t.try_add(&b.try_reshape(&pshape)?),
                    None => Ok(t),
                }
            },
        )
    }

    /// The common path of layer and group norm: statistics of each contiguous row of `g`,
    /// `x̂` from the kernel, the affine map applied by `affine` without recording, and one node
    /// whose rule is [`rule`].
    #[track_caller]
    fn rowwise_norm(
        &self,
        name: &'static str,
        g: Groups,
        weight: Option<&Tensor>,
        bias: Option<&Tensor>,
        nv: NormView,
        affine: impl Fn(Tensor, Option<&Tensor>, Option<&Tensor>) -> Result<Tensor>,
    ) -> Result<Tensor> {
        let x = self.detach();
        let xhat = match self.dtype() {
            DType::Float64 => normalize_rows::<f64>(&x, g, nv.eps),
            DType::Float32 => normalize_rows::<f32>(&x, g, nv.eps),
            d => {
                return Err(crate::error::not_implemented(format!(
                    "\"{}\" not implemented for '{}'",
                    if name.contains("Layer") {
                        "LayerNormKernelImpl"
                    } else {
                        "GroupNormKernelImpl"
                    },
                    d.scalar_name()
                )))
            }
        };
        let out = {
            let _ng = no_grad();
            let w = weight.map(|w| w.detach());
            let b = bias.map(|b| b.detach());
            affine(xhat, w.as_ref(), b.as_ref())?.detach()
        };
        let (wt, bt) = (
            weight.cloned().unwrap_or_else(absent),
            bias.cloned().unwrap_or_else(absent),
        );
        let has_w = weight.is_some();
        let mut saved = vec![("input", self)];
        if has_w {
            saved.push(("weight", &wt));
        }
        record(name, out, &[self, &wt, &bt], &saved, false, move |c| {
            let w = has_w.then(|| &c.saved[1]);
            rule(
                c.grad,
                &c.saved[0],
                w,
                None,
                &nv,
                [c.needs(0), c.needs(1), c.needs(2)],
            )
        })
    }
}

/// `(x - mean)·invstd` of each row of `g`, in `x`'s shape.
fn normalize_rows<T: Float>(x: &Tensor, g: Groups, eps: f64) -> Tensor {
    x.with_slice::<T, _>(|s| {
        let (mean, invstd, _) = stats(s, g, eps);
        Tensor::from_buffer(
            T::into_buffer(kernel::shift_scale(s, g, &mean, &invstd)),
            x.dims(),
        )
    })
}

/// Batch norm's backward in the fused kernel, when no graph is being created; `None` otherwise
/// (the rule written with ops then runs).
#[allow(clippy::too_many_arguments)]
fn fused_bn_backward(
    grad: &Tensor,
    x: &Tensor,
    w: Option<&Tensor>,
    mean: &Tensor,
    invstd: &Tensor,
    training: bool,
    g: Groups,
    needs: [bool; 3],
) -> Option<Vec<Option<Tensor>>> {
    if crate::is_grad_enabled() || crate::autograd::forward_ad::active() {
        return None;
    }
    if grad.dtype() != x.dtype() || grad.shape() != x.shape() {
        return None;
    }
    match x.dtype() {
        DType::Float32 => Some(fused_t::<f32>(grad, x, w, mean, invstd, training, g, needs)),
        DType::Float64 => Some(fused_t::<f64>(grad, x, w, mean, invstd, training, g, needs)),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn fused_t<T: Float>(
    grad: &Tensor,
    x: &Tensor,
    w: Option<&Tensor>,
    mean: &Tensor,
    invstd: &Tensor,
    training: bool,
    g: Groups,
    needs: [bool; 3],
) -> Vec<Option<Tensor>> {
    let mean = mean.to_vec::<T>();
    let invstd = invstd.to_vec::<T>();
    let wv = w.map(|w| w.to_vec::<T>());
    let run = |gi: GradIn<'_, T>| {
        x.with_slice::<T, _>(|xs| {
            kernel::batch_norm_backward(
                xs,
                gi,
                g,
                &mean,
                &invstd,
                wv.as_deref(),
                training,
                needs[0],
            )
        })
    };
    // the gradient of a sum is one value broadcast: read it once
    let (gx, gw, gb) = if !grad.is_contiguous() && grad.strides().iter().all(|&s| s == 0) {
        run(GradIn::Const(first::<T>(grad)))
    } else {
        grad.with_slice::<T, _>(|gs| run(GradIn::Slice(gs)))
    };
    let c = g.c;
    vec![
        gx.map(|d| Tensor::from_buffer(T::into_buffer(d), x.dims())),
        (needs[1] && w.is_some()).then(|| Tensor::from_vec(gw, &[c])),
        needs[2].then(|| Tensor::from_vec(gb, &[c])),
    ]
}

/// The first element of a tensor, read in place (the whole of a broadcast one).
fn first<T: Float>(t: &Tensor) -> T {
    let buf = t.0.storage.read();
    T::slice(&buf).expect("dtype checked by the caller")[t.0.offset]
}
