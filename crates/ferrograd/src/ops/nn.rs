//! Neural-network functions: `softmax`, `log_softmax`, `cross_entropy` (via `nll_loss`),
//! `mse_loss` and `linear` (`addmm`).

use super::{reduce_grad, wrap_dim};
use crate::autograd::record;
use crate::error::{index_err, runtime, unwrap, value_err, Result};
use crate::kernels::cpu::softmax::{self, Lanes};
use crate::{no_grad, ClassLossOptions, DType, Tensor};

/// Softmax (or log-softmax) of a floating tensor along `d` in one pass per lane; `None` for
/// the composite (an integer input).
fn fused_softmax(x: &Tensor, d: usize, log: bool) -> Option<Tensor> {
    if x.numel() == 0 {
        // nothing to compute (an empty reduced dimension included, as in PyTorch)
        return x
            .dtype()
            .is_floating_point()
            .then(|| Tensor::zeros_dtype(x.shape(), x.dtype()));
    }
    let l = Lanes::of(x.shape(), d);
    match x.dtype() {
        DType::Float32 => Some(forward_t::<f32>(x, l, log)),
        DType::Float64 => Some(forward_t::<f64>(x, l, log)),
        _ => None,
    }
}

fn forward_t<T: softmax::ExpInto>(x: &Tensor, l: Lanes, log: bool) -> Tensor {
    let out = x.with_slice(|s: &[T]| softmax::softmax(s, l, log));
    Tensor::from_buffer(T::into_buffer(out), x.dims())
}

/// Softmax (or log-softmax) of `x` along `d`, not recorded: fused for a floating input, else
/// the stable formula in ops (`max`, subtract, `exp`, `sum`, then divide or subtract the log).
fn softmax_values(x: &Tensor, d: isize, log: bool) -> Result<Tensor> {
    if let Some(out) = fused_softmax(x, d as usize, log) {
        return Ok(out);
    }
    let _ng = no_grad();
    let x = x.float_input();
    let (m, _) = x.try_max_dim(d, true)?;
    let sh = x.try_sub(&m)?;
    let e = sh.try_exp()?;
    let s = e.try_sum_dims(&[d], true)?;
    Ok(if log {
        sh.try_sub(&s.try_log()?)?
    } else {
        e.try_div(&s)?
    }
    .detach())
}

/// The backward of [`fused_softmax`] in one pass per lane, when no graph is being created and
/// the gradient is the output's shape and dtype (`None`: the rule written with ops runs, which
/// `create_graph` differentiates again and which takes batched gradients).
/// The fused first-order gradient of softmax (or log-softmax), not recorded: `None` for the
/// dtypes and shapes (a batch of gradients, an empty output) it does not take.
fn fused_softmax_backward(g: &Tensor, r: &Tensor, d: usize, log: bool) -> Option<Tensor> {
    if g.dtype() != r.dtype() || g.shape() != r.shape() || r.numel() == 0 {
        return None;
    }
    let l = Lanes::of(r.shape(), d);
    match r.dtype() {
        DType::Float32 => Some(backward_t::<f32>(g, r, l, log)),
        DType::Float64 => Some(backward_t::<f64>(g, r, l, log)),
        _ => None,
    }
}

/// The gradient of softmax (or, with `log`, log-softmax) along `d` for the output gradient `g`
/// and the output `r`. When the pass records a graph (`create_graph`), it is the output of a node
/// of its own over `g` and `r`, as PyTorch records it (`SoftmaxBackwardDataBackward0`,
/// `LogSoftmaxBackwardDataBackward0`), whose rule is PyTorch's double-backward formula; a batch
/// of gradients and forward mode take the composite formula instead.
fn softmax_grad(g: &Tensor, r: &Tensor, d: isize, log: bool) -> Result<Tensor> {
    let unrecorded = || match fused_softmax_backward(g, r, d as usize, log) {
        Some(v) => Ok(v),
        None => softmax_grad_composite(g, r, d, log),
    };
    let forward_ad = crate::autograd::forward_ad::active();
    if !crate::is_grad_enabled() && !forward_ad {
        return unrecorded();
    }
    if forward_ad || crate::autograd::batch::size().is_some() {
        return softmax_grad_composite(g, r, d, log);
    }
    let value = {
        let _g = no_grad();
        unrecorded()?
    };
    let name = if log {
        "LogSoftmaxBackwardDataBackward0"
    } else {
        "SoftmaxBackwardDataBackward0"
    };
    let saved = [("grad_output", g), ("output", r)];
    record(name, value, &[g, r], &saved, false, move |c| {
        let (go, out, gg) = (&c.saved[0], &c.saved[1], c.grad);
        let sum_gg = |t: Tensor| sum_with_grad(t, d, out.dim());
        if log {
            // f = go - exp(out)·Σ go
            let e = out.try_exp()?;
            let d_go = c.grad_if(0, || gg.try_sub(&sum_gg(gg.try_mul(&e)?)?))?;
            let d_out = c.grad_if(1, || {
                e.try_mul(gg)?
                    .try_mul(&go.try_sum_dims(&[d], true)?)?
                    .try_neg()
            })?;
            Ok(vec![d_go, d_out])
        } else {
            // f = out·(go - Σ go·out)
            let s_gg = sum_gg(gg.try_mul(out)?)?;
            let d_go = c.grad_if(0, || out.try_mul(&gg.try_sub(&s_gg)?))?;
            let d_out = c.grad_if(1, || {
                let s = go.try_mul(out)?.try_sum_dims(&[d], true)?;
                gg.try_mul(&go.try_sub(&s)?)?.try_sub(&go.try_mul(&s_gg)?)
            })?;
            Ok(vec![d_go, d_out])
        }
    })
}

/// The sum along `d` of `t`, a product with a (maybe batched) gradient of a rule whose saved
/// tensor has `rank` dimensions (nothing to sum for a 0-dim tensor in a batched pass).
fn sum_with_grad(t: Tensor, d: isize, rank: usize) -> Result<Tensor> {
    match crate::autograd::batch::reduce_dim(d, rank) {
        Some(k) => t.try_sum_dims(&[k], true),
        None => Ok(t),
    }
}

/// [`softmax_grad`] built from ops (recorded as they are).
fn softmax_grad_composite(g: &Tensor, r: &Tensor, d: isize, log: bool) -> Result<Tensor> {
    if log {
        g.try_sub(
            &r.try_exp()?
                .try_mul(&sum_with_grad(g.clone(), d, r.dim())?)?,
        )
    } else {
        // PyTorch's output * (grad - sum(grad * output)): 0 * a negative is -0.0 as there
        r.try_mul(&g.try_sub(&sum_with_grad(g.try_mul(r)?, d, r.dim())?)?)
    }
}

fn backward_t<T: softmax::ExpInto>(g: &Tensor, r: &Tensor, l: Lanes, log: bool) -> Tensor {
    let out =
        g.with_slice(|gs: &[T]| r.with_slice(|rs: &[T]| softmax::softmax_backward(gs, rs, l, log)));
    Tensor::from_buffer(T::into_buffer(out), r.dims())
}

impl Tensor {
    /// Softmax along `dim` (`SoftmaxBackward0`), computed stably (shifted by the maximum).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new_with_dtype([1.0, 2.0, 3.0], ferrograd::DType::Float64);
    /// let s = x.try_softmax(0).unwrap();
    /// assert!((s.sum().item() - 1.0).abs() < 1e-12);
    /// ```
    #[track_caller]
    pub fn try_softmax(&self, dim: isize) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())? as isize;
        let out = softmax_values(self, d, false)?;
        record("SoftmaxBackward0", out, &[self], &[], true, move |c| {
            Ok(vec![Some(softmax_grad(c.grad, &c.saved[0], d, false)?)])
        })
    }

    /// Panicking [`Tensor::try_softmax`].
    ///
    /// ```
    /// let s = ferrograd::Tensor::new([0.0, 0.0]).softmax(-1);
    /// assert_eq!(s.to_vec::<f32>(), vec![0.5, 0.5]);
    /// ```
    #[track_caller]
    pub fn softmax(&self, dim: isize) -> Tensor {
        unwrap(self.try_softmax(dim))
    }

    /// Log of softmax along `dim` (`LogSoftmaxBackward0`), computed stably.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new_with_dtype([1000.0, 1000.0], ferrograd::DType::Float64);
    /// let l = x.try_log_softmax(0).unwrap();
    /// assert!((l.to_vec::<f64>()[0] + 2f64.ln()).abs() < 1e-12);
    /// ```
    #[track_caller]
    pub fn try_log_softmax(&self, dim: isize) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())? as isize;
        let out = softmax_values(self, d, true)?;
        record("LogSoftmaxBackward0", out, &[self], &[], true, move |c| {
            Ok(vec![Some(softmax_grad(c.grad, &c.saved[0], d, true)?)])
        })
    }

    /// Panicking [`Tensor::try_log_softmax`].
    ///
    /// ```
    /// let l = ferrograd::Tensor::new([0.0, 0.0]).log_softmax(0);
    /// assert!((l.to_vec::<f32>()[0] + 0.6931472).abs() < 1e-6);
    /// ```
    #[track_caller]
    pub fn log_softmax(&self, dim: isize) -> Tensor {
        unwrap(self.try_log_softmax(dim))
    }

    #[track_caller]
    fn float_input(&self) -> Tensor {
        if self.dtype().is_floating_point() {
            self.clone()
        } else {
            super::cast_raw(self, crate::get_default_dtype())
        }
    }

    /// Negative log-likelihood of class indices `target` under log-probabilities `self` (`(N, C)`
    /// or `(C,)`), averaged over the batch (`NllLossBackward0`). With `(N, C, d1, ..., dk)`
    /// inputs and `(N, d1, ..., dk)` targets, averaged over every position
    /// (`NllLoss2DBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let logp = Tensor::new([[-1.0, -2.0], [-3.0, -0.5]]);
    /// let l = logp.try_nll_loss(&Tensor::new([0, 1])).unwrap();
    /// assert_eq!(l.item(), 0.75);
    /// ```
    #[track_caller]
    pub fn try_nll_loss(&self, target: &Tensor) -> Result<Tensor> {
        self.try_nll_loss_with(target, Reduction::Mean)
    }

    /// [`Tensor::try_nll_loss`] with PyTorch's `reduction`: the mean over the samples (and
    /// positions), their sum, or each sample's loss in the target's shape.
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let logp = Tensor::new([[-1.0, -2.0], [-3.0, -0.5]]);
    /// let t = Tensor::new([0, 1]);
    /// assert_eq!(logp.try_nll_loss_with(&t, Reduction::Sum).unwrap().item(), 1.5);
    /// let each = logp.try_nll_loss_with(&t, Reduction::None).unwrap();
    /// assert_eq!(each.to_vec::<f32>(), vec![1.0, 0.5]);
    /// ```
    #[track_caller]
    pub fn try_nll_loss_with(&self, target: &Tensor, reduction: Reduction) -> Result<Tensor> {
        self.try_nll_loss_opts(target, &ClassLossOptions::new().reduction(reduction))
    }

    /// [`Tensor::try_nll_loss`] with every option of PyTorch's `nll_loss`: `reduction`, class
    /// `weight` (each sample's loss is multiplied by its class's weight, and `mean` divides by
    /// the sum of those weights) and `ignore_index` (targets equal to it add nothing).
    ///
    /// ```
    /// use ferrograd::{ClassLossOptions, Tensor};
    /// let logp = Tensor::new([[-1.0, -2.0], [-3.0, -0.5]]);
    /// let opts = ClassLossOptions::new().weight(Tensor::new([1.0, 3.0])).ignore_index(0);
    /// let l = logp.try_nll_loss_opts(&Tensor::new([0, 1]), &opts).unwrap();
    /// assert_eq!(l.item(), 0.5);
    /// ```
    #[track_caller]
    pub fn try_nll_loss_opts(&self, target: &Tensor, opts: &ClassLossOptions) -> Result<Tensor> {
        let reduction = opts.reduction;
        // PyTorch's autograd refuses a weight that requires grad before the kernel runs
        if crate::autograd::is_grad_enabled()
            && opts.weight.as_ref().is_some_and(|w| w.requires_grad())
        {
            let f = if self.dim() > 2 {
                "nll_loss2d_forward"
            } else {
                "nll_loss_forward"
            };
            return Err(runtime(format!(
                "The function '{f}' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True."
            )));
        }
        // PyTorch's checks, in its order.
        let squeeze = match self.dim() {
            0 => {
                return Err(value_err(format!(
                    "Expected 1 or more dimensions (got {})",
                    self.dim()
                )))
            }
            1 => true,
            2 => false,
            _ => return nll_loss_nd(self, target, opts),
        };
        // a single sample `(C,)` reads as a batch of one
        let (n, c) = if squeeze {
            (1, self.shape()[0])
        } else {
            (self.shape()[0], self.shape()[1])
        };
        if !squeeze {
            let tb = target.shape().first().copied().unwrap_or(0);
            if tb != n {
                return Err(value_err(format!(
                    "Expected input batch_size ({n}) to match target batch_size ({tb})."
                )));
            }
        }
        if target.dim() > 1 {
            return Err(runtime(
                "0D or 1D target tensor expected, multi-target not supported",
            ));
        }
        if target.dtype() != DType::Int64 {
            return Err(runtime(format!(
                "expected target dtype to be Long or Byte, but got {}",
                target.dtype().scalar_name()
            )));
        }
        if squeeze && target.dim() == 1 && target.numel() != 1 {
            return Err(value_err(format!(
                "For 1D input, 1D target must have size 1, but got target size: {}",
                target.numel()
            )));
        }
        let t = target.detach().try_reshape(&[n])?.to_vec::<i64>();
        let w = class_weights(opts, c)?;
        // PyTorch computes a single sample's loss against a target of shape (1,), but its
        // backward refuses the pair
        let refused = (squeeze && target.dim() == 1).then(|| {
            format!(
                "size mismatch (got input: {}, target: {})",
                crate::tensor::fmt_list(self.shape()),
                crate::tensor::fmt_list(target.shape())
            )
        });
        let nll = Nll {
            c,
            p: 1,
            // a single sample's loss is 0-dim, whatever the target's shape
            tshape: if squeeze { &[] } else { target.shape() },
            reduction,
            weight: w,
            ignore_index: opts.ignore_index,
            refused,
        };
        nll.record(self, t, "NllLossBackward0")
    }

    /// Cross-entropy of logits `self` (`(N, C)`, `(C,)` or `(N, C, d1, ..., dk)`) against class
    /// indices, mean over the batch (and positions): `nll_loss(log_softmax(self, 1), target)`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let logits = Tensor::new_with_dtype([[0.0, 0.0], [0.0, 0.0]], ferrograd::DType::Float64).requires_grad_(true);
    /// let l = logits.try_cross_entropy(&Tensor::new([0, 1])).unwrap();
    /// assert!((l.item() - 2f64.ln()).abs() < 1e-12);
    /// assert_eq!(l.grad_fn().unwrap().name(), "NllLossBackward0");
    /// ```
    #[track_caller]
    pub fn try_cross_entropy(&self, target: &Tensor) -> Result<Tensor> {
        self.try_cross_entropy_with(target, Reduction::Mean)
    }

    /// [`Tensor::try_cross_entropy`] with PyTorch's `reduction` (see
    /// [`Tensor::try_nll_loss_with`]).
    ///
    /// ```
    /// use ferrograd::{Reduction, Tensor};
    /// let logits = Tensor::new([[0.0, 0.0], [0.0, 0.0]]);
    /// let l = logits.try_cross_entropy_with(&Tensor::new([0, 1]), Reduction::None).unwrap();
    /// assert_eq!(l.shape(), &[2]);
    /// ```
    #[track_caller]
    pub fn try_cross_entropy_with(&self, target: &Tensor, reduction: Reduction) -> Result<Tensor> {
        let d = if self.dim() == 1 { 0 } else { 1 };
        self.try_log_softmax(d)?
            .try_nll_loss_with(target, reduction)
    }

    /// Panicking [`Tensor::try_cross_entropy`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let l = Tensor::new([10.0, 0.0]).cross_entropy(&Tensor::new(0));
    /// assert!(l.item() < 1e-4);
    /// ```
    #[track_caller]
    pub fn cross_entropy(&self, target: &Tensor) -> Tensor {
        unwrap(self.try_cross_entropy(target))
    }

    /// Mean squared error `mean((self - target)²)` (`MseLossBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let l = Tensor::new([1.0, 3.0]).try_mse_loss(&Tensor::new([0.0, 1.0])).unwrap();
    /// assert_eq!(l.item(), 2.5);
    /// ```
    #[track_caller]
    pub fn try_mse_loss(&self, target: &Tensor) -> Result<Tensor> {
        let out = {
            let _ng = no_grad();
            self.try_sub(target)?.try_pow(2.0)?.try_mean()?
        };
        let n = super::broadcast_shapes(self.shape(), target.shape())?
            .iter()
            .product::<usize>();
        let (sa, da, sb, db) = (self.dims(), self.dtype(), target.dims(), target.dtype());
        record(
            "MseLossBackward0",
            out,
            &[self, target],
            &[("self", self), ("target", target)],
            false,
            move |c| {
                // PyTorch's mse_loss_backward: (input - target) · 2/n · grad, and for the
                // target the same with the roles swapped (so 0, not -0.0, where they agree)
                let (x, t) = (&c.saved[0], &c.saved[1]);
                let g = crate::autograd::batch::per_sample(c.grad, x.dim().max(t.dim()))?;
                let norm = 2.0 / n as f64;
                let half = |a: &Tensor, b: &Tensor| a.try_sub(b)?.try_mul_scalar(norm)?.try_mul(&g);
                Ok(vec![
                    c.grad_if(0, || reduce_grad(&half(x, t)?, &sa, da))?,
                    c.grad_if(1, || reduce_grad(&half(t, x)?, &sb, db))?,
                ])
            },
        )
    }

    /// Panicking [`Tensor::try_mse_loss`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([2.0]);
    /// assert_eq!(a.mse_loss(&ferrograd::Tensor::new([0.0])).item(), 4.0);
    /// ```
    #[track_caller]
    pub fn mse_loss(&self, target: &Tensor) -> Tensor {
        unwrap(self.try_mse_loss(target))
    }

    /// `bias + a @ b` for matrices `a`, `b` (`AddmmBackward0`); `bias` broadcasts.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let r = Tensor::try_addmm(&Tensor::new([1.0, 2.0]), &Tensor::eye(2), &Tensor::ones(&[2, 2])).unwrap();
    /// assert_eq!(r.to_vec::<f32>(), vec![2.0, 3.0, 2.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn try_addmm(bias: &Tensor, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        let out = {
            let _ng = no_grad();
            a.try_mm(b)?.try_add(bias)?
        };
        let (sb, db) = (bias.dims(), bias.dtype());
        use crate::autograd::batch;
        let (a_cm, b_cm) = (batch::column_major(a), batch::column_major(b));
        record(
            "AddmmBackward0",
            out,
            &[bias, a, b],
            &[("mat1", a), ("mat2", b)],
            false,
            move |c| {
                let (a, b) = (&c.saved[0], &c.saved[1]);
                Ok(vec![
                    c.grad_if(0, || reduce_grad(c.grad, &sb, db))?,
                    c.grad_if(1, || batch::mm_mat1_grad(c.grad, b, a_cm))?,
                    c.grad_if(2, || batch::mm_mat2_grad(c.grad, a, b_cm))?,
                ])
            },
        )
    }

    /// `x @ weightᵀ + bias` (PyTorch's `F.linear`; `AddmmBackward0` for 2-D input).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::ones(&[4, 3]);
    /// let w = Tensor::ones(&[2, 3]);
    /// let y = x.try_linear(&w, Some(&Tensor::zeros(&[2]))).unwrap();
    /// assert_eq!(y.shape(), &[4, 2]);
    /// ```
    #[track_caller]
    pub fn try_linear(&self, weight: &Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
        // the dtypes as PyTorch's `addmm` checks them (bias, then input, against the weight),
        // before the shapes; `mm` checks the shapes first
        let (x, w) = (self.dtype(), weight.dtype());
        match bias {
            Some(b) if b.dtype() != w => {
                return Err(runtime(format!(
                    "self and mat2 must have the same dtype, but got {} and {}",
                    b.dtype().scalar_name(),
                    w.scalar_name()
                )))
            }
            Some(_) if x != w => {
                return Err(runtime(format!(
                    "mat1 and mat2 must have the same dtype, but got {} and {}",
                    x.scalar_name(),
                    w.scalar_name()
                )))
            }
            _ => {}
        }
        // PyTorch's message names the (folded) matrix product it would run
        if let (Some(&k), &[n, k2]) = (self.shape().last(), weight.shape())
            && k != k2
        {
            let rows: usize = self.shape()[..self.dim() - 1].iter().product();
            return Err(runtime(format!(
                "{}: mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and {k2}x{n})",
                if bias.is_some() { "addmm" } else { "mm" }
            )));
        }
        if x != w {
            return Err(runtime(format!(
                "expected m1 and m2 to have the same dtype, but got: {} != {}",
                x.cpp_name(),
                w.cpp_name()
            )));
        }
        match (self.dim(), bias) {
            (2, Some(b)) => Tensor::try_addmm(b, self, &weight.try_t()?),
            // PyTorch folds the leading dimensions into one addmm and unfolds the result
            (d, Some(b)) if d > 2 => {
                let k = self.shape()[d - 1];
                let rows: usize = self.shape()[..d - 1].iter().product();
                let flat = self.try_reshape(&[rows, k])?;
                let out = Tensor::try_addmm(b, &flat, &weight.try_t()?)?;
                let mut shape = self.dims();
                shape[d - 1] = out.shape()[1];
                out.unsafe_view(&shape)
            }
            (_, Some(b)) => self.try_matmul(&weight.try_t()?)?.try_add(b),
            (_, None) => self.try_matmul(&weight.try_t()?),
        }
    }
}

/// The mean negative log-likelihood of `(N, C, d1, ..., dk)` log-probabilities against
/// `(N, d1, ..., dk)` class indices (`NllLoss2DBackward0`, as PyTorch names it for any k).
/// How a loss combines the losses of its samples (PyTorch's `reduction`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    /// Each sample's loss, in the target's shape (`"none"`).
    None,
    /// The mean (`"mean"`, the default).
    Mean,
    /// The sum (`"sum"`).
    Sum,
}

impl Reduction {
    /// The reduction named as in PyTorch (`"none"`, `"mean"`, `"sum"`), or PyTorch's error.
    ///
    /// ```
    /// assert_eq!(ferrograd::Reduction::from_name("sum").unwrap(), ferrograd::Reduction::Sum);
    /// assert_eq!(
    ///     ferrograd::Reduction::from_name("avg").unwrap_err().to_string(),
    ///     "avg is not a valid value for reduction"
    /// );
    /// ```
    pub fn from_name(name: &str) -> Result<Reduction> {
        match name {
            "none" => Ok(Reduction::None),
            "mean" => Ok(Reduction::Mean),
            "sum" => Ok(Reduction::Sum),
            other => Err(value_err(format!(
                "{other} is not a valid value for reduction"
            ))),
        }
    }
}

#[track_caller]
fn nll_loss_nd(logp: &Tensor, target: &Tensor, opts: &ClassLossOptions) -> Result<Tensor> {
    let reduction = opts.reduction;
    let shape = logp.dims();
    let (n, c) = (shape[0], shape[1]);
    let mut want: Vec<usize> = vec![n];
    want.extend_from_slice(&shape[2..]);
    if target.shape() != want.as_slice() {
        return Err(runtime(format!(
            "Expected target size {}, got {}",
            crate::tensor::fmt_list(&want),
            crate::tensor::fmt_list(target.shape())
        )));
    }
    if target.dtype() != DType::Int64 {
        return Err(runtime(format!(
            "expected target dtype to be Long or Byte, but got {}",
            target.dtype().scalar_name()
        )));
    }
    let p: usize = shape[2..].iter().product();
    let t = target.to_vec::<i64>();
    let weight = class_weights(opts, c)?;
    let ignore_index = opts.ignore_index;
    if shape.len() == 4 {
        let nll = Nll {
            c,
            p,
            tshape: target.shape(),
            reduction,
            weight,
            ignore_index,
            refused: None,
        };
        return nll.record(logp, t, "NllLoss2DBackward0");
    }
    // As PyTorch: other ranks are viewed as (N, C, 1, P), and `none` viewed back.
    let x4 = logp.try_reshape(&[n, c, 1, p])?;
    let nll = Nll {
        c,
        p,
        tshape: &[n, 1, p],
        reduction,
        weight,
        ignore_index,
        refused: None,
    };
    let out = nll.record(&x4, t, "NllLoss2DBackward0")?;
    if reduction == Reduction::None {
        out.try_reshape(target.shape())
    } else {
        Ok(out)
    }
}

/// A negative log-likelihood over `x` laid out as `(N, C, P)`: `c` classes, `p` positions,
/// the target's shape (which `none` gives), the reduction, class weights and the ignored class.
struct Nll<'a> {
    c: usize,
    p: usize,
    tshape: &'a [usize],
    reduction: Reduction,
    weight: Option<Vec<f64>>,
    ignore_index: i64,
    /// The backward's error, for an input and target it refuses.
    refused: Option<String>,
}

impl Nll<'_> {
    /// `-w[t]·x[i, t[i·P + j], j]` for each sample `i` and position `j` (0 where the target is
    /// ignored), reduced as asked (`mean` divides by the total weight of the targets), recorded
    /// under `name`. Only the targeted elements are read; the backward scatters the weighted
    /// output gradient to them (zeros elsewhere, as PyTorch's `nll_loss_backward`).
    #[track_caller]
    fn record(self, x: &Tensor, t: Vec<i64>, name: &'static str) -> Result<Tensor> {
        let (c, p, reduction) = (self.c, self.p, self.reduction);
        for &k in &t {
            if k != self.ignore_index && (k < 0 || k as usize >= c) {
                return Err(index_err(format!("Target {k} is out of bounds.")));
            }
        }
        // the targets that count (an ignored one may name no class, and reads nothing)
        let live: Vec<usize> = (0..t.len())
            .filter(|&m| t[m] != self.ignore_index)
            .collect();
        // element (i, k, j) sits at i·C·P + k·P + j; its target is t[i·P + j]
        let at: Vec<usize> = live
            .iter()
            .map(|&m| (m / p) * c * p + t[m] as usize * p + m % p)
            .collect();
        let w: Vec<f64> = live
            .iter()
            .map(|&m| self.weight.as_ref().map_or(1.0, |w| w[t[m] as usize]))
            .collect();
        let lp = gather_f64(x, &at);
        let total: f64 = w.iter().sum();
        // `-w·x` for every target that counts, as PyTorch computes it (a zero weight times an
        // infinite log-probability is NaN there too); 0 for an ignored one
        let mut losses = vec![0.0; t.len()];
        for (k, &m) in live.iter().enumerate() {
            losses[m] = -lp[k] * w[k];
        }
        let (out, scale) = match reduction {
            Reduction::Mean => (
                Tensor::from_vec(vec![losses.iter().fold(0.0, |a, b| a + b) / total], &[]),
                1.0 / total,
            ),
            Reduction::Sum => (
                Tensor::from_vec(vec![losses.iter().fold(0.0, |a, b| a + b)], &[]),
                1.0,
            ),
            Reduction::None => (Tensor::from_vec(losses, self.tshape), 1.0),
        };
        let out = super::cast_raw(&out, x.dtype());
        // the gradient's entries: (position in the input, coefficient, index of the target whose
        // output gradient it scales)
        let entries: std::sync::Arc<[(usize, f64, usize)]> = at
            .iter()
            .zip(&w)
            .zip(&live)
            .map(|((&pos, &wk), &m)| (pos, -scale * wk, m))
            .collect();
        let nt = t.len();
        let (shape, dt) = (x.dims(), x.dtype());
        // where a per-sample gradient (shape of the target) goes in the input: its class dimension
        let class_dim = usize::from(shape.len() > 1);
        let grad_name = match name {
            "NllLossBackward0" => "NllLossBackwardBackward0",
            _ => "NllLoss2DBackwardBackward0",
        };
        let refused = self.refused;
        record(name, out, &[x], &[("self", x)], false, move |cx| {
            if let Some(msg) = &refused {
                return Err(runtime(msg.clone()));
            }
            let b = usize::from(crate::autograd::batch::size().is_some());
            let per_loss = if matches!(reduction, Reduction::None) {
                nt
            } else {
                1
            };
            let graphed = crate::is_grad_enabled()
                && (cx.grad.requires_grad() || cx.saved[0].requires_grad());
            if b == 0
                && !graphed
                && !crate::autograd::forward_ad::active()
                && cx.grad.numel() == per_loss
            {
                // no graph (or tangent) through the gradient: its values scattered where the
                // targets are (g[0] for a reduced loss, g[m] for target m under `none`)
                let g = cx.grad.to_vec::<f64>();
                let vals = entries
                    .iter()
                    .map(|&(pos, w, m)| (pos, w * g[if g.len() == 1 { 0 } else { m }]));
                return Ok(vec![Some(scatter(&shape, dt, vals))]);
            }
            let g = match reduction {
                // (N, d1, ..., dk) → (N, 1, d1, ..., dk), after the batch dimension if any; a
                // single sample's 0-dim loss broadcasts as it is, or needs a dimension after the
                // batch
                Reduction::None if class_dim + b > 0 => {
                    cx.grad.try_unsqueeze((b + class_dim) as isize)?
                }
                Reduction::None => cx.grad.clone(),
                _ => crate::autograd::batch::per_sample(cx.grad, shape.len())?,
            };
            // the constant weights of each input element times the gradient (broadcast over a
            // batch of gradients)
            let w = scatter(&shape, dt, entries.iter().map(|&(pos, w, _)| (pos, w)));
            if b == 1 {
                // a batch of gradients: recorded as the product it is
                return Ok(vec![Some(w.try_mul(&g)?)]);
            }
            // As PyTorch, the gradient is the output of a node of its own over the output
            // gradient and the input (`NllLossBackwardBackward0`): linear in the first, and
            // with a zero derivative (not none) with respect to the second.
            let value = {
                let _g = no_grad();
                w.try_mul(&g)?
            };
            let entries = entries.clone();
            let shape = shape.clone();
            record(
                grad_name,
                value,
                &[cx.grad, &cx.saved[0]],
                &[],
                false,
                move |cx| {
                    let b = usize::from(crate::autograd::batch::size().is_some());
                    let w = scatter(&shape, dt, entries.iter().map(|&(pos, w, _)| (pos, w)));
                    let for_grad = cx.grad_if(0, || {
                        let wg = w.try_mul(cx.grad)?;
                        match reduction {
                            // each target's gradient is its own element's (the class dimension
                            // holds one nonzero)
                            Reduction::None => wg.try_sum_dims(&[(b + class_dim) as isize], false),
                            _ => {
                                let dims: Vec<isize> = (b..wg.dim()).map(|d| d as isize).collect();
                                wg.try_sum_dims(&dims, false)
                            }
                        }
                    })?;
                    let for_self = cx.grad_if(1, || Ok(cx.grad.zeros_like()))?;
                    Ok(vec![for_grad, for_self])
                },
            )
            .map(|g| vec![Some(g)])
        })
    }
}

/// The elements of `x` at row-major positions `at`, as numbers.
fn gather_f64(x: &Tensor, at: &[usize]) -> Vec<f64> {
    match x.dtype() {
        DType::Float32 => x.with_slice(|s: &[f32]| at.iter().map(|&i| s[i] as f64).collect()),
        DType::Float64 => x.with_slice(|s: &[f64]| at.iter().map(|&i| s[i]).collect()),
        _ => {
            let all = x.to_vec::<f64>();
            at.iter().map(|&i| all[i]).collect()
        }
    }
}

/// Zeros of `shape` and `dt` with `values` written at their row-major positions.
fn scatter(shape: &[usize], dt: DType, values: impl Iterator<Item = (usize, f64)>) -> Tensor {
    let n: usize = shape.iter().product();
    fn fill<T: crate::tensor::Element>(
        n: usize,
        shape: &[usize],
        values: impl Iterator<Item = (usize, f64)>,
    ) -> Tensor {
        let mut v = crate::tensor::storage::filled(n, T::from_f64(0.0));
        for (i, x) in values {
            v[i] = T::from_f64(x);
        }
        Tensor::from_buffer(T::into_buffer(v), shape)
    }
    match dt {
        DType::Float32 => fill::<f32>(n, shape, values),
        _ => super::cast_raw(&fill::<f64>(n, shape, values), dt),
    }
}

/// The class weights of `opts` as numbers, checked against the number of classes.
fn class_weights(opts: &ClassLossOptions, c: usize) -> Result<Option<Vec<f64>>> {
    match &opts.weight {
        None => Ok(None),
        Some(w) if w.dim() == 1 && w.numel() == c => Ok(Some(w.to_vec::<f64>())),
        Some(w) => Err(runtime(format!(
            "weight tensor should be defined either for all {c} classes or no classes but got weight tensor of shape: {}",
            crate::tensor::fmt_list(w.shape())
        ))),
    }
}

#[cfg(test)]
mod nd_tests {
    use crate::autograd::{gradcheck, gradgradcheck, GradcheckOptions};
    use crate::{DType, Tensor};

    /// As PyTorch 2.15: a class weight that requires grad is refused while recording (the
    /// loss is not differentiable in it), accepted under no_grad and with class probabilities;
    /// label smoothing of a single sample `(C,)` with a `(1,)` target is PyTorch's in-place
    /// broadcast error.
    #[test]
    fn class_weights_requiring_grad_and_single_sample_smoothing() {
        use crate::ClassLossOptions;
        let x = Tensor::new([[1.0, 2.0, 0.5]]).requires_grad_(true);
        let w = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
        let opts = ClassLossOptions::new().weight(w.clone());
        let msg = "The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have requires_grad True.";
        let t = Tensor::new([1i64]);
        assert_eq!(
            x.try_cross_entropy_opts(&t, &opts).unwrap_err().to_string(),
            msg
        );
        let ls = opts.clone().label_smoothing(0.2);
        assert_eq!(
            x.try_cross_entropy_opts(&t, &ls).unwrap_err().to_string(),
            msg
        );
        let x4 = Tensor::zeros(&[1, 3, 2, 2]);
        let t4 = Tensor::zeros_dtype(&[1, 2, 2], DType::Int64);
        let e = x4
            .try_log_softmax(1)
            .unwrap()
            .try_nll_loss_opts(&t4, &opts)
            .unwrap_err();
        assert!(e
            .to_string()
            .starts_with("The function 'nll_loss2d_forward'"));
        {
            let _ng = crate::no_grad();
            let l = x
                .try_log_softmax(1)
                .unwrap()
                .try_nll_loss_opts(&t, &opts)
                .unwrap();
            assert!(
                (l.item() + x.try_log_softmax(1).unwrap().to_vec::<f32>()[1] as f64).abs() < 1e-6
            );
        }
        let probs = Tensor::new([[0.2, 0.3, 0.5]]);
        assert!(x.try_cross_entropy_opts(&probs, &opts).is_ok());
        let single = Tensor::new([1.0, 2.0, 0.5]);
        let s = ClassLossOptions::new().label_smoothing(0.1);
        assert_eq!(
            single
                .try_cross_entropy_opts(&t, &s)
                .unwrap_err()
                .to_string(),
            "output with shape [] doesn't match the broadcast shape [1]"
        );
        assert!(single
            .try_cross_entropy_opts(&Tensor::new(1i64), &s)
            .is_ok());
        assert!(single
            .try_cross_entropy_opts(&t, &ClassLossOptions::new())
            .is_ok());
    }

    /// `(N, C, d1, d2)` cross-entropy equals the 2-D one over the positions moved into the
    /// batch, is recorded as PyTorch records it, and passes gradcheck and gradgradcheck.
    #[test]
    fn cross_entropy_over_extra_dimensions() {
        crate::manual_seed(41);
        let x = Tensor::randn_dtype(&[2, 3, 4, 5], DType::Float64).requires_grad_(true);
        let t = Tensor::randint(0, 3, &[2, 4, 5]);
        let l = x.cross_entropy(&t);
        assert_eq!(l.grad_fn().unwrap().name(), "NllLoss2DBackward0");
        let flat = x.permute(&[0, 2, 3, 1]).reshape(&[40, 3]);
        let want = flat.cross_entropy(&t.reshape(&[40]));
        assert!((l.item() - want.item()).abs() < 1e-12);
        let f = |v: &[Tensor]| Ok(vec![v[0].cross_entropy(&t)]);
        let x3 = Tensor::randn_dtype(&[2, 3, 4], DType::Float64).requires_grad_(true);
        let t3 = Tensor::randint(0, 3, &[2, 4]);
        let f3 = |v: &[Tensor]| Ok(vec![v[0].log_softmax(1).try_nll_loss(&t3)?]);
        for (g, xs) in [
            (&f as &dyn Fn(&[Tensor]) -> crate::Result<Vec<Tensor>>, &x),
            (&f3, &x3),
        ] {
            assert!(gradcheck(g, std::slice::from_ref(xs), GradcheckOptions::default()).unwrap());
            assert!(
                gradgradcheck(g, std::slice::from_ref(xs), GradcheckOptions::default()).unwrap()
            );
        }
        let e = x3
            .try_nll_loss(&Tensor::randint(0, 3, &[2, 5]))
            .unwrap_err();
        assert_eq!(e.to_string(), "Expected target size [2, 4], got [2, 5]");
    }
}

#[cfg(test)]
mod fused_tests {
    use crate::autograd::{grad_with, gradcheck, gradgradcheck, GradOptions, GradcheckOptions};
    use crate::{ClassLossOptions, DType, Reduction, Tensor};

    /// With `create_graph`, the gradient of softmax and log-softmax is recorded as PyTorch
    /// records it, and its second and third derivatives (in the input and in the output
    /// gradient) equal those of the same function written with elementary ops.
    #[test]
    fn softmax_gradient_is_a_node_with_pytorchs_double_backward() {
        crate::manual_seed(9);
        let create = GradOptions::new().create_graph(true);
        let close = |a: &Tensor, b: &Tensor| {
            let (a, b) = (a.to_vec::<f64>(), b.to_vec::<f64>());
            assert_eq!(a.len(), b.len());
            for (p, q) in a.iter().zip(&b) {
                assert!((p - q).abs() <= 1e-12 * (1.0 + q.abs()), "{a:?} != {b:?}");
            }
        };
        let grad1 = |y: &Tensor, x: &Tensor| {
            grad_with(std::slice::from_ref(y), std::slice::from_ref(x), &create).unwrap()[0]
                .clone()
                .unwrap()
        };
        for log in [false, true] {
            for d in [0isize, 1, 2] {
                let x = Tensor::randn_dtype(&[2, 3, 4], DType::Float64).requires_grad_(true);
                let w = Tensor::randn_dtype(&[2, 3, 4], DType::Float64);
                let v = w.detach().requires_grad_(true);
                let f = |x: &Tensor| if log { x.log_softmax(d) } else { x.softmax(d) };
                let by_ops = |x: &Tensor| {
                    let e = x.exp();
                    let s = e.sum_dims(&[d], true);
                    if log {
                        x - &s.log()
                    } else {
                        &e / &s
                    }
                };
                let mut third = Vec::new();
                for (i, func) in [&f as &dyn Fn(&Tensor) -> Tensor, &by_ops]
                    .iter()
                    .enumerate()
                {
                    let y = func(&x);
                    let g = grad_with(
                        &[y],
                        std::slice::from_ref(&x),
                        &create.clone().grad_outputs(vec![v.clone()]),
                    )
                    .unwrap()[0]
                        .clone()
                        .unwrap();
                    if i == 0 {
                        let want = if log {
                            "LogSoftmaxBackwardDataBackward0"
                        } else {
                            "SoftmaxBackwardDataBackward0"
                        };
                        assert_eq!(g.grad_fn().unwrap().name(), want);
                    }
                    let q = (&g * &w).sum();
                    let h = grad1(&q, &x);
                    let hv = grad1(&q, &v);
                    let t = grad1(&(&h * &h).sum(), &x);
                    let tv = grad1(&(&hv * &x).sum(), &x);
                    third.push([g, h, hv, t, tv]);
                }
                for (a, b) in third[0].iter().zip(&third[1]) {
                    close(a, b);
                }
            }
        }
    }

    /// With `create_graph`, the gradient is the output of `NllLossBackwardBackward0` over the
    /// output gradient and the input (PyTorch 2.15's values): it requires grad, its derivative
    /// in the input is zeros (not none) and in the output gradient the weighted targets.
    #[test]
    fn nll_loss_gradient_is_differentiable() {
        let x = Tensor::new_with_dtype([[-1.0, -2.0, -3.0], [-0.5, -1.5, -2.5]], DType::Float64)
            .requires_grad_(true);
        let t = Tensor::new([2i64, 0]);
        let w = Tensor::new_with_dtype([0.5, 2.0, 3.0], DType::Float64);
        let create = GradOptions::new().create_graph(true);
        for red in [Reduction::Mean, Reduction::Sum, Reduction::None] {
            let opts = ClassLossOptions::new().reduction(red).weight(w.clone());
            let l = x.try_nll_loss_opts(&t, &opts).unwrap();
            let g = grad_with(&[l.sum()], std::slice::from_ref(&x), &create).unwrap()[0]
                .clone()
                .unwrap();
            assert_eq!(g.grad_fn().unwrap().name(), "NllLossBackwardBackward0");
            let g2 = grad_with(&[(&g * &g).sum()], std::slice::from_ref(&x), &create).unwrap();
            assert_eq!(g2[0].as_ref().unwrap().to_vec::<f64>(), vec![0.0; 6]);
            // d(sum(g * c))/dv for the output gradient v: -w[t]·c[target] (÷ total weight)
            let v = Tensor::new_with_dtype([1.0, 2.0], DType::Float64).requires_grad_(true);
            let lv = if red == Reduction::None {
                l.clone()
            } else {
                &l * &v.sum()
            };
            let seed = if red == Reduction::None {
                v.clone()
            } else {
                Tensor::new_with_dtype(1.0, DType::Float64)
            };
            let g = grad_with(
                &[lv],
                std::slice::from_ref(&x),
                &create.clone().grad_outputs(vec![seed]),
            )
            .unwrap()[0]
                .clone()
                .unwrap();
            let c = Tensor::arange(6.0)
                .to_dtype(DType::Float64)
                .reshape(&[2, 3]);
            let gv = grad_with(&[(&g * &c).sum()], std::slice::from_ref(&v), &create).unwrap()[0]
                .clone()
                .unwrap()
                .to_vec::<f64>();
            let scale = if red == Reduction::Mean { 3.5 } else { 1.0 };
            let want = match red {
                Reduction::None => vec![-3.0 * 2.0, -0.5 * 3.0],
                _ => vec![(-3.0 * 2.0 - 0.5 * 3.0) / scale; 2],
            };
            assert_eq!(gv, want, "{red:?}");
            let f = |v: &[Tensor]| Ok(vec![v[0].try_nll_loss_opts(&t, &opts)?]);
            let xs = std::slice::from_ref(&x);
            assert!(gradcheck(f, xs, GradcheckOptions::default()).unwrap());
            assert!(gradgradcheck(f, xs, GradcheckOptions::default()).unwrap());
        }
        // a single sample against a (1,)-shaped target: a 0-dim loss; backward refuses it
        let x1 = Tensor::new([-1.0f32, -2.0, -3.0]).requires_grad_(true);
        let l = x1.try_nll_loss(&Tensor::new([1i64])).unwrap();
        assert_eq!((l.shape(), l.item()), (&[][..], 2.0));
        assert_eq!(
            l.try_backward().unwrap_err().to_string(),
            "size mismatch (got input: [3], target: [1])"
        );
    }

    /// PyTorch 2.15's values: an ignored target outside the classes is read nowhere, and the
    /// gradient is the output gradient scattered to the targets (zeros elsewhere, even for a NaN
    /// output gradient).
    #[test]
    fn nll_loss_reads_and_writes_only_the_targets() {
        let x = Tensor::new([
            [-1.0f32, -2.0, -3.0],
            [-0.5, -1.5, -2.5],
            [-4.0, -5.0, -6.0],
        ])
        .requires_grad_(true);
        let t = Tensor::new([2i64, 7, 0]);
        let opts = ClassLossOptions::new().ignore_index(7);
        let l = x.try_nll_loss_opts(&t, &opts).unwrap();
        assert_eq!(l.item(), 3.5);
        (&l * f64::NAN).backward();
        let g = x.grad().unwrap().to_vec::<f32>();
        assert!(g[2].is_nan() && g[6].is_nan());
        assert!(g
            .iter()
            .enumerate()
            .all(|(i, v)| i == 2 || i == 6 || *v == 0.0));
        x.set_grad(None);
        let none = opts.reduction(Reduction::None);
        let l = x.try_nll_loss_opts(&t, &none).unwrap();
        assert_eq!(l.to_vec::<f32>(), vec![3.0, 0.0, 4.0]);
        l.backward_with(&Tensor::new([1.0f32, 2.0, 3.0]));
        assert_eq!(
            x.grad().unwrap().to_vec::<f32>(),
            vec![0.0, 0.0, -1.0, 0.0, 0.0, 0.0, -3.0, 0.0, 0.0]
        );
    }

    /// The fused softmax and log-softmax (forward and first-order backward) agree with the
    /// composite ops, along every dimension, in both float dtypes.
    #[test]
    fn fused_softmax_matches_the_composite() {
        crate::manual_seed(5);
        for dt in [DType::Float32, DType::Float64] {
            let x = Tensor::randn_dtype(&[3, 4, 5], dt).requires_grad_(true);
            let g = Tensor::randn_dtype(&[3, 4, 5], dt);
            for d in 0..3isize {
                for log in [false, true] {
                    let y = if log { x.log_softmax(d) } else { x.softmax(d) };
                    let (m, _) = x.detach().try_max_dim(d, true).unwrap();
                    let e = (&x.detach() - &m).exp();
                    let s = e.sum_dims(&[d], true);
                    let want = if log {
                        &(&x.detach() - &m) - &s.log()
                    } else {
                        &e / &s
                    };
                    let close = |a: &Tensor, b: &Tensor, tol: f64| {
                        let (a, b) = (a.to_vec::<f64>(), b.to_vec::<f64>());
                        a.iter()
                            .zip(&b)
                            .all(|(p, q)| (p - q).abs() <= tol * (1.0 + q.abs()))
                    };
                    let tol = if dt == DType::Float32 { 1e-6 } else { 1e-14 };
                    assert!(close(&y, &want, tol), "{dt:?} d={d} log={log}");
                    y.backward_with(&g);
                    let gx = x.grad().unwrap();
                    x.set_grad(None);
                    let r = y.detach();
                    let want = if log {
                        &g - &(&r.exp() * &g.sum_dims(&[d], true))
                    } else {
                        &r * &(&g - &(&g * &r).sum_dims(&[d], true))
                    };
                    assert!(
                        close(&gx, &want, tol * 10.0),
                        "backward {dt:?} d={d} log={log}"
                    );
                }
            }
        }
    }
}
