//! The options of the classification losses (`weight`, `ignore_index`, `label_smoothing`,
//! `reduction`) and `cross_entropy` with all of them: class indices or class probabilities,
//! with label smoothing, composed as PyTorch composes it.

use crate::error::{runtime, Result};
use crate::{Reduction, Tensor};

/// PyTorch's keyword arguments of `nll_loss` and `cross_entropy`.
///
/// ```
/// use ferrograd::{ClassLossOptions, Reduction};
/// let o = ClassLossOptions::new().reduction(Reduction::Sum).label_smoothing(0.1);
/// assert_eq!(o.ignore_index, -100);
/// ```
#[derive(Clone, Debug)]
pub struct ClassLossOptions {
    /// How the samples' losses combine (`mean` by default).
    pub reduction: Reduction,
    /// A weight per class (`(C,)`), or none.
    pub weight: Option<Tensor>,
    /// A target value that contributes nothing (PyTorch's default -100).
    pub ignore_index: i64,
    /// Mixes the target with the uniform distribution (cross-entropy only), in `[0, 1]`.
    pub label_smoothing: f64,
}

impl Default for ClassLossOptions {
    fn default() -> Self {
        ClassLossOptions {
            reduction: Reduction::Mean,
            weight: None,
            ignore_index: -100,
            label_smoothing: 0.0,
        }
    }
}

impl ClassLossOptions {
    /// PyTorch's defaults: `mean`, no weight, `ignore_index=-100`, no smoothing.
    ///
    /// ```
    /// assert_eq!(ferrograd::ClassLossOptions::new().label_smoothing, 0.0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the reduction.
    ///
    /// ```
    /// let o = ferrograd::ClassLossOptions::new().reduction(ferrograd::Reduction::None);
    /// assert_eq!(o.reduction, ferrograd::Reduction::None);
    /// ```
    pub fn reduction(mut self, r: Reduction) -> Self {
        self.reduction = r;
        self
    }
    /// Sets the class weights.
    ///
    /// ```
    /// let o = ferrograd::ClassLossOptions::new().weight(ferrograd::Tensor::new([1.0, 2.0]));
    /// assert!(o.weight.is_some());
    /// ```
    pub fn weight(mut self, w: Tensor) -> Self {
        self.weight = Some(w);
        self
    }
    /// Sets the ignored target value.
    ///
    /// ```
    /// assert_eq!(ferrograd::ClassLossOptions::new().ignore_index(3).ignore_index, 3);
    /// ```
    pub fn ignore_index(mut self, i: i64) -> Self {
        self.ignore_index = i;
        self
    }
    /// Sets the label smoothing.
    ///
    /// ```
    /// assert_eq!(ferrograd::ClassLossOptions::new().label_smoothing(0.2).label_smoothing, 0.2);
    /// ```
    pub fn label_smoothing(mut self, s: f64) -> Self {
        self.label_smoothing = s;
        self
    }
}

/// `x / n` recorded as `DivBackward1` (PyTorch's division by a C++ number, which its
/// composites use where Python's `x / n` would show `DivBackward0`).
fn div_number(x: &Tensor, n: f64) -> Result<Tensor> {
    let out = {
        let _ng = crate::no_grad();
        x.try_div_scalar(n)?
    };
    crate::autograd::record("DivBackward1", out, &[x], &[], false, move |c| {
        Ok(vec![Some(c.grad.try_div_scalar(n)?)])
    })
}

impl Tensor {
    /// Cross-entropy of logits `self` with every option of PyTorch's `cross_entropy`. A target
    /// of the input's shape holds class probabilities (floating point); otherwise class
    /// indices. Label smoothing mixes the target with the uniform distribution over the `C`
    /// classes.
    ///
    /// ```
    /// use ferrograd::{ClassLossOptions, DType, Tensor};
    /// let x = Tensor::new_with_dtype([[0.0, 0.0]], DType::Float64);
    /// let probs = Tensor::new_with_dtype([[0.25, 0.75]], DType::Float64);
    /// let l = x.try_cross_entropy_opts(&probs, &ClassLossOptions::new()).unwrap();
    /// assert!((l.item() - 2f64.ln()).abs() < 1e-12);
    /// let s = ClassLossOptions::new().label_smoothing(0.5);
    /// let l = x.try_cross_entropy_opts(&Tensor::new([1]), &s).unwrap();
    /// assert!((l.item() - 2f64.ln()).abs() < 1e-12);
    /// ```
    #[track_caller]
    pub fn try_cross_entropy_opts(
        &self,
        target: &Tensor,
        opts: &ClassLossOptions,
    ) -> Result<Tensor> {
        let ls = opts.label_smoothing;
        if !(0.0..=1.0).contains(&ls) {
            return Err(runtime(format!(
                "label_smoothing must be between 0.0 and 1.0. Got: {ls}"
            )));
        }
        let class_dim: isize = if self.dim() == 1 { 0 } else { 1 };
        if self.dim() == 0 {
            return self.try_log_softmax(0)?.try_nll_loss_opts(target, opts);
        }
        let n_classes = self.shape()[class_dim as usize];
        // the weight viewed to broadcast along the class dimension
        let weight_view = |w: &Tensor| -> Result<Tensor> {
            if self.dim() > 1 {
                let mut s = vec![1; self.dim()];
                s[1] = w.numel();
                w.try_reshape(&s)
            } else {
                Ok(w.clone())
            }
        };
        if self.shape() == target.shape() {
            if !target.dtype().is_floating_point() {
                return Err(runtime(format!(
                    "Expected floating point type for target with class probabilities, got {}",
                    target.dtype().scalar_name()
                )));
            }
            if opts.ignore_index >= 0 {
                return Err(runtime(
                    "ignore_index is not supported for floating point target",
                ));
            }
            let input = self.try_log_softmax(class_dim)?;
            let target = if ls > 0.0 {
                target
                    .try_mul_scalar(1.0 - ls)?
                    .try_add_scalar(ls / n_classes as f64)?
            } else {
                target.clone()
            };
            let mut prod = input.try_mul(&target)?;
            if let Some(w) = &opts.weight {
                prod = prod.try_mul(&weight_view(w)?)?;
            }
            return match opts.reduction {
                Reduction::Mean => div_number(
                    &prod.try_sum()?.try_neg()?,
                    (self.numel() / n_classes) as f64,
                ),
                Reduction::Sum => prod.try_sum()?.try_neg(),
                Reduction::None => prod.try_sum_dims(&[class_dim], false)?.try_neg(),
            };
        }
        let input = self.try_log_softmax(class_dim)?;
        let nll = input.try_nll_loss_opts(target, opts)?;
        if ls == 0.0 {
            return Ok(nll);
        }
        // PyTorch's label smoothing: (1 - ε)·nll + ε/C · (the loss against the uniform target)
        let smooth = match &opts.weight {
            Some(w) => input.try_mul(&weight_view(w)?)?,
            None => input.clone(),
        };
        let smooth = smooth.try_sum_dims(&[class_dim], false)?.try_neg()?;
        let kept = target.ne_scalar(opts.ignore_index);
        // PyTorch zeroes the ignored entries in place: a 0-dim loss cannot take a (1,) mask
        let shape = super::broadcast_shapes(smooth.shape(), kept.shape())?;
        if shape != smooth.shape() {
            return Err(runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                crate::tensor::fmt_list(smooth.shape()),
                crate::tensor::fmt_list(&shape)
            )));
        }
        let smooth = smooth.try_mul(&kept.try_to_dtype(smooth.dtype())?)?;
        let ret = match opts.reduction {
            Reduction::Mean => {
                let den = match &opts.weight {
                    Some(w) => {
                        let wv = w.to_vec::<f64>();
                        let t = target.to_vec::<i64>();
                        t.iter()
                            .filter(|&&k| k != opts.ignore_index)
                            .map(|&k| wv[k as usize])
                            .sum::<f64>()
                    }
                    None => kept.to_vec::<bool>().iter().filter(|&&b| b).count() as f64,
                };
                smooth.try_sum()?.try_div_scalar(den)?
            }
            Reduction::Sum => smooth.try_sum()?,
            Reduction::None => smooth,
        };
        nll.try_mul_scalar(1.0 - ls)?
            .try_add(&ret.try_mul_scalar(ls / n_classes as f64)?)
    }
}
