//! The per-parameter updates of the optimizers: one fused loop over the contiguous buffers of
//! a parameter, its gradient and its state, in PyTorch's order of floating-point operations
//! (the single-tensor path of `torch/optim/*.py`, which PyTorch takes on the CPU by default).
//!
//! Scalars (`lr`, `1 - beta1`, …) are computed in `f64` as PyTorch's Python code does, then cast
//! to the element type as ATen's kernels cast them. The optimizers call these, and so do the
//! Python bindings, so a step from Python runs the same loops.

// Updates are written `x = x + v` as in ATen's kernels (the element traits have no `+=`).
#![allow(clippy::assign_op_pattern)]

use super::{AdagradOptions, AdamOptions, RMSpropOptions, SgdOptions};
use crate::error::{runtime, Result};
use crate::ops::Float;
use crate::tensor::Element;
use crate::{DType, Tensor};

/// Elements per task above which a loop is split across threads.
const GRAIN: usize = 32768;

/// PyTorch's `lerp` (`weight < 0.5 ? a + w·(b − a) : b − (b − a)·(1 − w)`).
#[inline(always)]
fn lerp<T: Float>(a: T, b: T, w: T, small: bool) -> T {
    if small {
        a + w * (b - a)
    } else {
        b - (b - a) * (T::ONE - w)
    }
}

/// `torch.maximum`: NaN if either is NaN.
#[inline(always)]
fn maximum<T: Float>(a: T, b: T) -> T {
    #[allow(clippy::eq_op)]
    let a_nan = a != a;
    if a_nan || a > b {
        a
    } else {
        b
    }
}

/// A tensor to update in place: its contiguous working copy when it is strided.
struct Slot {
    target: Tensor,
    work: Tensor,
}

impl Slot {
    fn new(t: &Tensor) -> Slot {
        let work = if t.is_contiguous() {
            t.clone()
        } else {
            t.contiguous()
        };
        Slot {
            target: t.clone(),
            work,
        }
    }
    fn finish(&self, bumps: usize) -> Result<()> {
        if !self.work.is_same(&self.target) {
            self.target.copy_raw(&self.work)?;
        }
        for _ in 0..bumps {
            self.target.0.counter().bump();
        }
        Ok(())
    }
}

/// Runs `f(param, grad, buffers)` over chunks of the elements (several threads for large
/// tensors), then bumps the parameter's version `bumps` times (once per in-place op PyTorch
/// applies to it) and each buffer's once.
fn fused<T: Float>(
    param: &Tensor,
    grad: &Tensor,
    bufs: &[&Tensor],
    bumps: usize,
    f: impl Fn(&mut [T], &[T], &mut [&mut [T]]) + Sync,
) -> Result<()> {
    let n = param.numel();
    for t in std::iter::once(grad).chain(bufs.iter().copied()) {
        if t.shape() != param.shape() {
            return Err(runtime(format!(
                "optimizer state of shape {:?} does not match its parameter's shape {:?}",
                t.shape(),
                param.shape()
            )));
        }
    }
    for b in bufs {
        if b.dtype() != param.dtype() {
            return Err(runtime("optimizer state must have its parameter's dtype"));
        }
    }
    let slots: Vec<Slot> = std::iter::once(param)
        .chain(bufs.iter().copied())
        .map(Slot::new)
        .collect();
    for (i, a) in slots.iter().enumerate() {
        if slots[..i].iter().any(|b| a.work.shares_storage(&b.work)) {
            return Err(runtime(
                "a parameter and its optimizer state must not share storage",
            ));
        }
    }
    // The gradient, read-only: a contiguous copy of the parameter's dtype if it is not one already.
    let g = if grad.dtype() == param.dtype()
        && grad.is_contiguous()
        && !slots.iter().any(|s| s.work.shares_storage(grad))
    {
        grad.clone()
    } else {
        grad.to_dtype(param.dtype()).clone_tensor()
    };
    {
        let gb = g.0.storage.read();
        let gs = &T::slice(&gb).expect("dtype")[g.storage_offset()..g.storage_offset() + n];
        let mut guards: Vec<_> = slots.iter().map(|s| s.work.0.storage.write()).collect();
        let mut views: Vec<&mut [T]> = guards
            .iter_mut()
            .zip(&slots)
            .map(|(gd, s)| {
                let o = s.work.storage_offset();
                &mut T::slice_mut(gd).expect("dtype")[o..o + n]
            })
            .collect();
        if n <= GRAIN {
            let (p, rest) = views.split_first_mut().expect("param");
            f(p, gs, rest);
        } else {
            let mut chunked: Vec<std::slice::ChunksMut<'_, T>> =
                views.iter_mut().map(|v| v.chunks_mut(GRAIN)).collect();
            let tasks: Vec<(Vec<&mut [T]>, &[T])> = gs
                .chunks(GRAIN)
                .map(|gc| {
                    (
                        chunked
                            .iter_mut()
                            .map(|c| c.next().expect("chunk"))
                            .collect(),
                        gc,
                    )
                })
                .collect();
            crate::kernels::cpu::team::for_each(tasks, |_, (mut v, gc)| {
                let (p, rest) = v.split_first_mut().expect("param");
                f(p, gc, rest);
            });
        }
    }
    slots[0].finish(bumps)?;
    for s in &slots[1..] {
        s.finish(1)?;
    }
    Ok(())
}

macro_rules! float_dispatch {
    ($p:expr, $T:ident => $body:expr) => {
        match $p.dtype() {
            DType::Float32 => {
                type $T = f32;
                $body
            }
            DType::Float64 => {
                type $T = f64;
                $body
            }
            d => Err(runtime(format!(
                "optimizers update floating-point parameters only, not {}",
                d.scalar_name()
            ))),
        }
    };
}

fn c<T: Element>(v: f64) -> T {
    T::from_f64(v)
}

/// One SGD update of `param` (PyTorch's `_single_tensor_sgd`). `momentum_buffer` is the state
/// from the previous step; the buffer to keep is returned (created on the first step with
/// momentum, as a copy of the gradient).
///
/// ```
/// use ferrograd::optim::{kernels, SgdOptions};
/// use ferrograd::Tensor;
/// let p = Tensor::new([1.0f32, 2.0]);
/// let o = SgdOptions { lr: 0.5, momentum: 0.9, ..Default::default() };
/// let buf = kernels::sgd(&p, &Tensor::new([1.0f32, -1.0]), None, &o).unwrap();
/// assert_eq!(p.to_vec::<f32>(), vec![0.5, 2.5]);
/// assert_eq!(buf.unwrap().to_vec::<f32>(), vec![1.0, -1.0]);
/// ```
pub fn sgd(
    param: &Tensor,
    grad: &Tensor,
    momentum_buffer: Option<&Tensor>,
    o: &SgdOptions,
) -> Result<Option<Tensor>> {
    let created = if o.momentum != 0.0 && momentum_buffer.is_none() {
        Some(param.zeros_like())
    } else {
        None
    };
    let buf = momentum_buffer.or(created.as_ref());
    let first = created.is_some();
    float_dispatch!(param, T => {
        let (neg_lr, wd, mom, damp1): (T, T, T, T) =
            (c(-o.lr), c(o.weight_decay), c(o.momentum), c(1.0 - o.dampening));
        let (has_wd, maximize, nesterov) = (o.weight_decay != 0.0, o.maximize, o.nesterov);
        let bufs: Vec<&Tensor> = buf.into_iter().collect();
        fused::<T>(param, grad, &bufs, 1, |p, g, b| {
            let (neg_lr, wd, mom, damp1) = (neg_lr, wd, mom, damp1);
            let (has_wd, maximize, nesterov, first) = (has_wd, maximize, nesterov, first);
            let step = |p: &mut T, g: T| -> T {
                let g = if maximize { -g } else { g };
                if has_wd { g + wd * *p } else { g }
            };
            match b.first_mut() {
                None => {
                    for (p, &g) in p.iter_mut().zip(g) {
                        let d = step(p, g);
                        *p = *p + neg_lr * d;
                    }
                }
                Some(m) => {
                    for ((p, &g), m) in p.iter_mut().zip(g).zip(m.iter_mut()) {
                        let d = step(p, g);
                        *m = if first { d } else { *m * mom + damp1 * d };
                        let d = if nesterov { d + mom * *m } else { *m };
                        *p = *p + neg_lr * d;
                    }
                }
            }
        })
    })?;
    Ok(created)
}

/// One Adam or AdamW update (PyTorch's `_single_tensor_adam`, `decoupled_weight_decay` for
/// AdamW); `step` is the step count after this step (1 on the first) and `max_exp_avg_sq` is
/// required with `amsgrad`.
///
/// ```
/// use ferrograd::optim::{kernels, AdamOptions};
/// use ferrograd::Tensor;
/// let p = Tensor::from_vec(vec![1.0f64], &[1]);
/// let (m, v) = (p.zeros_like(), p.zeros_like());
/// let o = AdamOptions { lr: 0.1, ..Default::default() };
/// kernels::adam(&p, &Tensor::from_vec(vec![2.0f64], &[1]), &m, &v, None, 1.0, &o).unwrap();
/// assert!((p.item() - 0.9).abs() < 1e-7);
/// ```
pub fn adam(
    param: &Tensor,
    grad: &Tensor,
    exp_avg: &Tensor,
    exp_avg_sq: &Tensor,
    max_exp_avg_sq: Option<&Tensor>,
    step: f64,
    o: &AdamOptions,
) -> Result<()> {
    let (beta1, beta2) = o.betas;
    let bias_correction1 = 1.0 - beta1.powf(step);
    let bias_correction2 = 1.0 - beta2.powf(step);
    let step_size = o.lr / bias_correction1;
    let bc2_sqrt = bias_correction2.powf(0.5);
    let decoupled = o.decoupled_weight_decay && o.weight_decay != 0.0;
    let coupled = !o.decoupled_weight_decay && o.weight_decay != 0.0;
    let amsgrad = o.amsgrad;
    let mut bufs = vec![exp_avg, exp_avg_sq];
    if amsgrad {
        bufs.push(max_exp_avg_sq.ok_or_else(|| runtime("amsgrad needs max_exp_avg_sq"))?);
    }
    float_dispatch!(param, T => {
        let (wd, decay, w1, b2, w2, bc2s, eps, neg_step): (T, T, T, T, T, T, T, T) = (
            c(o.weight_decay), c(1.0 - o.lr * o.weight_decay), c(1.0 - beta1), c(beta2),
            c(1.0 - beta2), c(bc2_sqrt), c(o.eps), c(-step_size),
        );
        let small = (1.0 - beta1).abs() < 0.5;
        let maximize = o.maximize;
        fused::<T>(param, grad, &bufs, 1 + decoupled as usize, |p, g, b| {
            // Local copies: the loops then keep the constants in registers (no reloads through
            // the closure's captures, which the stores might alias) and vectorise.
            let (wd, decay, w1, b2, w2, bc2s, eps, neg_step) = (wd, decay, w1, b2, w2, bc2s, eps, neg_step);
            let (small, maximize, decoupled, coupled) = (small, maximize, decoupled, coupled);
            let (m, rest) = b.split_first_mut().expect("exp_avg");
            let (v, rest) = rest.split_first_mut().expect("exp_avg_sq");
            // One element: the new parameter value and second moment, from the gradient.
            let moments = |p: T, g: T, m: &mut T, v: &mut T| -> (T, T) {
                let mut g = if maximize { -g } else { g };
                let mut p = p;
                if decoupled {
                    p = p * decay;
                } else if coupled {
                    g = g + wd * p;
                }
                *m = lerp(*m, g, w1, small);
                *v = *v * b2 + w2 * g * g;
                (p, *v)
            };
            let update = |p: T, m: T, v: T| p + neg_step * m / (v.sqrt() / bc2s + eps);
            // Separate zipped loops (no bounds checks, no per-element branch on amsgrad) so that
            // the compiler vectorises them.
            match rest.first_mut() {
                Some(vmax) => {
                    for (((p, &g), (m, v)), x) in p.iter_mut().zip(g).zip(m.iter_mut().zip(v.iter_mut())).zip(vmax.iter_mut()) {
                        let (pi, vi) = moments(*p, g, m, v);
                        *x = maximum(*x, vi);
                        *p = update(pi, *m, *x);
                    }
                }
                None => {
                    for ((p, &g), (m, v)) in p.iter_mut().zip(g).zip(m.iter_mut().zip(v.iter_mut())) {
                        let (pi, vi) = moments(*p, g, m, v);
                        *p = update(pi, *m, vi);
                    }
                }
            }
        })
    })
}

/// One RMSprop update (PyTorch's `_single_tensor_rmsprop`); `grad_avg` is required when
/// `centered`, `momentum_buffer` when `momentum > 0`.
///
/// ```
/// use ferrograd::optim::{kernels, RMSpropOptions};
/// use ferrograd::Tensor;
/// let p = Tensor::from_vec(vec![1.0f64], &[1]);
/// let sq = p.zeros_like();
/// let o = RMSpropOptions { lr: 0.01, alpha: 0.0, eps: 0.0, ..Default::default() };
/// kernels::rmsprop(&p, &Tensor::from_vec(vec![4.0f64], &[1]), &sq, None, None, &o).unwrap();
/// assert_eq!(p.item(), 0.99);
/// ```
pub fn rmsprop(
    param: &Tensor,
    grad: &Tensor,
    square_avg: &Tensor,
    grad_avg: Option<&Tensor>,
    momentum_buffer: Option<&Tensor>,
    o: &RMSpropOptions,
) -> Result<()> {
    let mut bufs = vec![square_avg];
    if o.centered {
        bufs.push(grad_avg.ok_or_else(|| runtime("centered RMSprop needs grad_avg"))?);
    }
    let with_momentum = o.momentum > 0.0;
    if with_momentum {
        bufs.push(
            momentum_buffer
                .ok_or_else(|| runtime("RMSprop with momentum needs momentum_buffer"))?,
        );
    }
    let centered = o.centered;
    float_dispatch!(param, T => {
        let (neg_lr, wd, alpha, w, eps, mom): (T, T, T, T, T, T) =
            (c(-o.lr), c(o.weight_decay), c(o.alpha), c(1.0 - o.alpha), c(o.eps), c(o.momentum));
        let small = (1.0 - o.alpha).abs() < 0.5;
        let (has_wd, maximize) = (o.weight_decay != 0.0, o.maximize);
        let minus_one: T = c(-1.0);
        fused::<T>(param, grad, &bufs, 1, |p, g, b| {
            let (neg_lr, wd, alpha, w, eps, mom, minus_one) = (neg_lr, wd, alpha, w, eps, mom, minus_one);
            let (small, has_wd, maximize) = (small, has_wd, maximize);
            let (sq, rest) = b.split_first_mut().expect("square_avg");
            let (mut ga, rest) = if centered {
                let (a, r) = rest.split_first_mut().expect("grad_avg");
                (Some(a), r)
            } else {
                (None, rest)
            };
            let mut mb = rest.first_mut();
            for i in 0..p.len() {
                let mut g = if maximize { -g[i] } else { g[i] };
                if has_wd {
                    g = g + wd * p[i];
                }
                let s = sq[i] * alpha + w * g * g;
                sq[i] = s;
                let avg = match ga.as_mut() {
                    Some(a) => {
                        let m = lerp(a[i], g, w, small);
                        a[i] = m;
                        (s + minus_one * m * m).sqrt()
                    }
                    None => s.sqrt(),
                } + eps;
                match mb.as_mut() {
                    Some(buf) => {
                        let nb = buf[i] * mom + g / avg;
                        buf[i] = nb;
                        p[i] = p[i] + neg_lr * nb;
                    }
                    None => p[i] = p[i] + neg_lr * g / avg,
                }
            }
        })
    })
}

/// One Adagrad update (PyTorch's `_single_tensor_adagrad`); `step` is the step count after
/// this step (1 on the first).
///
/// ```
/// use ferrograd::optim::{kernels, AdagradOptions};
/// use ferrograd::Tensor;
/// let p = Tensor::from_vec(vec![1.0f64], &[1]);
/// let sum = p.zeros_like();
/// let o = AdagradOptions { lr: 0.1, eps: 0.0, ..Default::default() };
/// kernels::adagrad(&p, &Tensor::from_vec(vec![3.0f64], &[1]), &sum, 1.0, &o).unwrap();
/// assert_eq!((p.item(), sum.item()), (0.9, 9.0));
/// ```
pub fn adagrad(
    param: &Tensor,
    grad: &Tensor,
    sum: &Tensor,
    step: f64,
    o: &AdagradOptions,
) -> Result<()> {
    let clr = o.lr / (1.0 + (step - 1.0) * o.lr_decay);
    float_dispatch!(param, T => {
        let (neg_clr, wd, eps, one): (T, T, T, T) = (c(-clr), c(o.weight_decay), c(o.eps), c(1.0));
        let (has_wd, maximize) = (o.weight_decay != 0.0, o.maximize);
        fused::<T>(param, grad, &[sum], 1, |p, g, b| {
            let (neg_clr, wd, eps, one, has_wd, maximize) = (neg_clr, wd, eps, one, has_wd, maximize);
            for ((p, &g), s) in p.iter_mut().zip(g).zip(b[0].iter_mut()) {
                let mut g = if maximize { -g } else { g };
                if has_wd {
                    g = g + wd * *p;
                }
                *s = *s + one * g * g;
                let std = s.sqrt() + eps;
                *p = *p + neg_clr * g / std;
            }
        })
    })
}
