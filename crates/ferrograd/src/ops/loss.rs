//! Regression and binary losses with PyTorch's `reduction`: `mse_loss`, `l1_loss`,
//! `smooth_l1_loss`, `huber_loss`, `binary_cross_entropy` (with logits), `kl_div`.
//!
//! Each pointwise loss is one node under PyTorch's grad_fn name whose rule is written in tensor
//! ops on the saved input and target (so it differentiates again); `l1_loss` and `kl_div` are
//! composites, as in PyTorch.

use super::{broadcast_shapes, reduce_grad};
use crate::autograd::taylor::Real;
use crate::autograd::{batch, record};
use crate::error::{runtime, unwrap, value_err, Result};
use crate::ops::Cmp;
use crate::{no_grad, Reduction, Tensor};

/// The elementwise derivative of a loss with respect to its input or target.
type Deriv = Box<dyn Fn(&Tensor, &Tensor) -> Result<Tensor> + Send + Sync>;

/// Records a loss computed elementwise by `value` and reduced as asked; `dx`/`dt` give its
/// elementwise derivatives in tensor ops of the saved input and target.
#[track_caller]
fn pointwise_loss(
    name: &'static str,
    x: &Tensor,
    t: &Tensor,
    reduction: Reduction,
    value: impl Fn(&Tensor, &Tensor) -> Result<Tensor>,
    dx: Deriv,
    dt: Deriv,
) -> Result<Tensor> {
    let shape = broadcast_shapes(x.shape(), t.shape())?;
    let n = shape.iter().product::<usize>();
    let out = {
        let _ng = no_grad();
        let l = value(x, t)?;
        match reduction {
            Reduction::None => l,
            Reduction::Mean => l.try_mean()?,
            Reduction::Sum => l.try_sum()?,
        }
    };
    let (sx, dtx, st, dtt) = (x.dims(), x.dtype(), t.dims(), t.dtype());
    let rank = shape.len();
    record(
        name,
        out,
        &[x, t],
        &[("self", x), ("target", t)],
        false,
        move |c| {
            let (x, t) = (&c.saved[0], &c.saved[1]);
            let g = match reduction {
                Reduction::None => c.grad.clone(),
                Reduction::Mean => batch::per_sample(c.grad, rank)?.try_div_scalar(n as f64)?,
                Reduction::Sum => batch::per_sample(c.grad, rank)?,
            };
            Ok(vec![
                c.grad_if(0, || reduce_grad(&g.try_mul(&dx(x, t)?)?, &sx, dtx))?,
                c.grad_if(1, || reduce_grad(&g.try_mul(&dt(x, t)?)?, &st, dtt))?,
            ])
        },
    )
}

/// The reduction of an elementwise loss built from differentiable ops (PyTorch's composites).
fn reduce(l: Tensor, reduction: Reduction) -> Result<Tensor> {
    match reduction {
        Reduction::None => Ok(l),
        Reduction::Mean => l.try_mean(),
        Reduction::Sum => l.try_sum(),
    }
}

impl Tensor {
    /// Squared error `(self - target)²` reduced as asked (`MseLossBackward0`).
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let l = Tensor::new([1.0, 3.0]).try_mse_loss_with(&Tensor::new([0.0, 1.0]), Reduction::Sum).unwrap();
    /// assert_eq!(l.item(), 5.0);
    /// ```
    #[track_caller]
    pub fn try_mse_loss_with(&self, target: &Tensor, reduction: Reduction) -> Result<Tensor> {
        if reduction == Reduction::Mean {
            return self.try_mse_loss(target);
        }
        pointwise_loss(
            "MseLossBackward0",
            self,
            target,
            reduction,
            |x, t| x.try_sub(t)?.try_pow(2.0),
            Box::new(|x, t| x.try_sub(t)?.try_mul_scalar(2.0)),
            Box::new(|x, t| t.try_sub(x)?.try_mul_scalar(2.0)),
        )
    }

    /// Absolute error `|self - target|` reduced as asked; a composite, as in PyTorch
    /// (`AbsBackward0`, then `MeanBackward0` or `SumBackward0`).
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let l = Tensor::new([1.0, -2.0]).try_l1_loss(&Tensor::new([0.0, 0.0]), Reduction::Mean).unwrap();
    /// assert_eq!(l.item(), 1.5);
    /// ```
    #[track_caller]
    pub fn try_l1_loss(&self, target: &Tensor, reduction: Reduction) -> Result<Tensor> {
        reduce(self.try_sub(target)?.try_abs()?, reduction)
    }

    /// Smooth L1: `0.5 d² / beta` where `|d| < beta`, else `|d| - 0.5 beta`, for `d = self -
    /// target` (`SmoothL1LossBackward0`); `beta = 0` is [`Tensor::try_l1_loss`], as in PyTorch.
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let l = Tensor::new([0.5, 3.0]).try_smooth_l1_loss(&Tensor::new([0.0, 0.0]), Reduction::None, 1.0).unwrap();
    /// assert_eq!(l.to_vec::<f32>(), vec![0.125, 2.5]);
    /// ```
    #[track_caller]
    pub fn try_smooth_l1_loss(
        &self,
        target: &Tensor,
        reduction: Reduction,
        beta: f64,
    ) -> Result<Tensor> {
        if beta < 0.0 {
            return Err(runtime(
                "smooth_l1_loss does not support negative values for beta.",
            ));
        }
        if beta == 0.0 {
            // as PyTorch: the L1 loss, composed
            return self.try_l1_loss(target, reduction);
        }
        let d = move |x: &Tensor, t: &Tensor| -> Result<Tensor> {
            let d = x.try_sub(t)?;
            let inside = d.try_abs()?.mask(Cmp::Lt, beta);
            let outside = d.try_abs()?.mask(Cmp::Ge, beta);
            inside
                .try_mul(&d.try_div_scalar(beta)?)?
                .try_add(&outside.try_mul(&d.try_sign()?)?)
        };
        pointwise_loss(
            "SmoothL1LossBackward0",
            self,
            target,
            reduction,
            |x, t| {
                let z = x.try_sub(t)?.try_abs()?;
                let quad = z.try_pow(2.0)?.try_mul_scalar(0.5)?.try_div_scalar(beta)?;
                let lin = z.try_sub_scalar(0.5 * beta)?;
                Tensor::try_where(&z.lt_scalar(beta), &quad, &lin)
            },
            Box::new(d),
            Box::new(move |x, t| d(x, t)?.try_neg()),
        )
    }

    /// Huber loss: `0.5 d²` where `|d| < delta`, else `delta (|d| - 0.5 delta)`, for `d = self -
    /// target` (`HuberLossBackward0`).
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let l = Tensor::new([0.5, 3.0]).try_huber_loss(&Tensor::new([0.0, 0.0]), Reduction::None, 2.0).unwrap();
    /// assert_eq!(l.to_vec::<f32>(), vec![0.125, 4.0]);
    /// ```
    #[track_caller]
    pub fn try_huber_loss(
        &self,
        target: &Tensor,
        reduction: Reduction,
        delta: f64,
    ) -> Result<Tensor> {
        if delta <= 0.0 {
            return Err(runtime(
                "huber_loss does not support non-positive values for delta.",
            ));
        }
        let d = move |x: &Tensor, t: &Tensor| -> Result<Tensor> {
            let d = x.try_sub(t)?;
            let inside = d.try_abs()?.mask(Cmp::Lt, delta);
            let outside = d.try_abs()?.mask(Cmp::Ge, delta);
            inside
                .try_mul(&d)?
                .try_add(&outside.try_mul(&d.try_sign()?.try_mul_scalar(delta)?)?)
        };
        pointwise_loss(
            "HuberLossBackward0",
            self,
            target,
            reduction,
            |x, t| {
                let z = x.try_sub(t)?.try_abs()?;
                let quad = z.try_pow(2.0)?.try_mul_scalar(0.5)?;
                let lin = z.try_sub_scalar(0.5 * delta)?.try_mul_scalar(delta)?;
                Tensor::try_where(&z.lt_scalar(delta), &quad, &lin)
            },
            Box::new(d),
            Box::new(move |x, t| d(x, t)?.try_neg()),
        )
    }

    /// Binary cross-entropy of probabilities `self` against `target` (same shape), each log
    /// clamped at -100 as PyTorch does, times `weight` (`BinaryCrossEntropyBackward0`).
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let p = Tensor::new_with_dtype([0.5, 0.5], ferrograd::DType::Float64);
    /// let l = p.try_binary_cross_entropy(&Tensor::new_with_dtype([1.0, 0.0], ferrograd::DType::Float64), None, Reduction::Mean).unwrap();
    /// assert!((l.item() - 2f64.ln()).abs() < 1e-12);
    /// ```
    #[track_caller]
    pub fn try_binary_cross_entropy(
        &self,
        target: &Tensor,
        weight: Option<&Tensor>,
        reduction: Reduction,
    ) -> Result<Tensor> {
        if self.shape() != target.shape() {
            return Err(value_err(format!(
                "Using a target size ({}) that is different to the input size ({}) is deprecated. Please ensure they have the same size.",
                target.size(),
                self.size()
            )));
        }
        {
            let _ng = no_grad();
            let v = self.to_vec::<f64>();
            if v.iter().any(|&p| !(0.0..=1.0).contains(&p)) {
                return Err(runtime("all elements of input should be between 0 and 1"));
            }
        }
        let w = weight.map(|w| w.detach());
        let w2 = w.clone();
        let w3 = w.clone();
        let weighted = move |l: Tensor, w: &Option<Tensor>| match w {
            Some(w) => l.try_mul(w),
            None => Ok(l),
        };
        pointwise_loss(
            "BinaryCrossEntropyBackward0",
            self,
            target,
            reduction,
            |x, t| {
                let lx = x.try_log()?.try_clamp(Some(-100.0), None)?;
                let l1x = x.try_neg()?.try_log1p()?.try_clamp(Some(-100.0), None)?;
                let l = t
                    .try_sub_scalar(1.0)?
                    .try_mul(&l1x)?
                    .try_sub(&t.try_mul(&lx)?)?;
                weighted(l, &w)
            },
            Box::new(move |x, t| {
                // (x - t) / max(x (1 - x), 1e-12), as PyTorch's kernel
                let den = x
                    .try_rsub_scalar(1.0)?
                    .try_mul(x)?
                    .try_clamp(Some(1e-12), None)?;
                weighted(x.try_sub(t)?.try_div(&den)?, &w2)
            }),
            Box::new(move |x, _| {
                let lx = x.try_log()?.try_clamp(Some(-100.0), None)?;
                let l1x = x.try_neg()?.try_log1p()?.try_clamp(Some(-100.0), None)?;
                weighted(l1x.try_sub(&lx)?, &w3)
            }),
        )
    }

    /// Binary cross-entropy of logits `self` against `target`: `(1 - t) x - lw · logsigmoid(x)`
    /// with `lw = 1 + (pos_weight - 1) t`, times `weight`
    /// (`BinaryCrossEntropyWithLogitsBackward0`).
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let x = Tensor::new_with_dtype([0.0], ferrograd::DType::Float64);
    /// let t = Tensor::new_with_dtype([1.0], ferrograd::DType::Float64);
    /// let l = x.try_binary_cross_entropy_with_logits(&t, None, None, Reduction::Sum).unwrap();
    /// assert!((l.item() - 2f64.ln()).abs() < 1e-12);
    /// ```
    #[track_caller]
    pub fn try_binary_cross_entropy_with_logits(
        &self,
        target: &Tensor,
        weight: Option<&Tensor>,
        pos_weight: Option<&Tensor>,
        reduction: Reduction,
    ) -> Result<Tensor> {
        if self.shape() != target.shape() {
            return Err(value_err(format!(
                "Target size ({}) must be the same as input size ({})",
                target.size(),
                self.size()
            )));
        }
        let w = weight.map(|w| w.detach());
        let pw = pos_weight.map(|w| w.detach());
        let (w2, w3, pw2, pw3) = (w.clone(), w.clone(), pw.clone(), pw.clone());
        let weighted = move |l: Tensor, w: &Option<Tensor>| match w {
            Some(w) => l.try_mul(w),
            None => Ok(l),
        };
        // lw = 1 + (pos_weight - 1) t
        let log_weight = move |t: &Tensor, pw: &Option<Tensor>| match pw {
            Some(pw) => Ok(Some(
                pw.try_sub_scalar(1.0)?.try_mul(t)?.try_add_scalar(1.0)?,
            )),
            None => Ok(None),
        };
        pointwise_loss(
            "BinaryCrossEntropyWithLogitsBackward0",
            self,
            target,
            reduction,
            |x, t| {
                let mut ls = x.try_logsigmoid()?;
                if let Some(lw) = log_weight(t, &pw)? {
                    ls = ls.try_mul(&lw)?;
                }
                let l = t.try_rsub_scalar(1.0)?.try_mul(x)?.try_sub(&ls)?;
                weighted(l, &w)
            },
            Box::new(move |x, t| {
                let g = match &pw2 {
                    // (pos_weight t + 1 - t) sigmoid(x) - pos_weight t
                    Some(pw) => {
                        let pt = pw.try_mul(t)?;
                        pt.try_add_scalar(1.0)?
                            .try_sub(t)?
                            .try_mul(&x.try_sigmoid()?)?
                            .try_sub(&pt)?
                    }
                    None => x.try_sigmoid()?.try_sub(t)?,
                };
                weighted(g, &w2)
            }),
            Box::new(move |x, _| {
                let mut g = x.try_neg()?;
                if let Some(pw) = &pw3 {
                    g = g.try_sub(&pw.try_sub_scalar(1.0)?.try_mul(&x.try_logsigmoid()?)?)?;
                }
                weighted(g, &w3)
            }),
        )
    }

    /// Kullback–Leibler divergence of log-probabilities `self` from `target` (probabilities, or
    /// log-probabilities with `log_target`), reduced by PyTorch's `reduction` name: `"none"`,
    /// `"mean"` (over every element), `"batchmean"` (the sum over the batch size) or `"sum"`.
    /// A composite, as in PyTorch.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let logq = Tensor::new([0.5f64.ln(), 0.5f64.ln()]);
    /// let p = Tensor::new([0.5, 0.5]);
    /// assert!(logq.try_kl_div(&p, "sum", false).unwrap().item().abs() < 1e-6);
    /// ```
    #[track_caller]
    pub fn try_kl_div(&self, target: &Tensor, reduction: &str, log_target: bool) -> Result<Tensor> {
        let r = match reduction {
            "batchmean" => Reduction::Sum,
            other => Reduction::from_name(other)?,
        };
        let l = if log_target {
            target.try_exp()?.try_mul(&target.try_sub(self)?)?
        } else {
            target.try_xlogy(target)?.try_sub(&target.try_mul(self)?)?
        };
        let out = reduce(l, r)?;
        if reduction == "batchmean" && self.dim() != 0 {
            out.try_div_scalar(self.shape()[0] as f64)
        } else {
            Ok(out)
        }
    }

    /// Panicking [`Tensor::try_kl_div`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-1.0]);
    /// assert!(x.kl_div(&ferrograd::Tensor::new([1.0]), "mean", false).item() > 0.0);
    /// ```
    #[track_caller]
    pub fn kl_div(&self, target: &Tensor, reduction: &str, log_target: bool) -> Tensor {
        unwrap(self.try_kl_div(target, reduction, log_target))
    }
}
