//! Forward-mode automatic differentiation with dual tensors (`torch.autograd.forward_ad`).
//!
//! Inside a [`dual_level`], [`make_dual`] pairs a primal tensor with a tangent; every operation
//! on dual tensors carries the tangent forward (`J·t`), and [`unpack_dual`] reads it back. Each
//! op's tangent rule is derived from its reverse rule, which is linear in the output gradient:
//! `J·t = d/du ⟨Jᵀu, t⟩`. Tangents flow through the backward pass too, so differentiating a
//! gradient forward gives Hessian-vector products (forward-over-reverse).

use super::{enable_grad, grad_with, BackwardCtx, Edge, GradOptions};
use crate::error::{runtime, Result};
use crate::tensor::TensorImpl;
use crate::Tensor;
use std::cell::{Cell, RefCell};
use std::sync::Weak;

thread_local! {
    static LEVEL_ACTIVE: Cell<bool> = const { Cell::new(false) };
    /// Counts the levels entered on this thread: tangents saved under one level are not
    /// revived under a later one.
    static LEVEL_ID: Cell<u64> = const { Cell::new(0) };
    static SUSPENDED: Cell<bool> = const { Cell::new(false) };
    static DUALS: RefCell<Vec<Weak<TensorImpl>>> = const { RefCell::new(Vec::new()) };
}

/// Whether tangents are being propagated on this thread.
#[inline]
pub(crate) fn active() -> bool {
    LEVEL_ACTIVE.with(|l| l.get()) && !SUSPENDED.with(|s| s.get())
}

/// A forward-AD level: tangents live until it is dropped (`with fwAD.dual_level():`).
#[must_use = "the dual level ends when this guard is dropped"]
pub struct DualLevel {
    _private: (),
}

impl Drop for DualLevel {
    fn drop(&mut self) {
        LEVEL_ACTIVE.with(|l| l.set(false));
        let duals = DUALS.with(|d| std::mem::take(&mut *d.borrow_mut()));
        for w in duals {
            if let Some(t) = w.upgrade() {
                Tensor(t).meta().tangent = None;
            }
        }
    }
}

/// Enters a dual level on this thread. Levels do not nest, as in PyTorch.
///
/// ```
/// use ferrograd::autograd::forward_ad;
/// let _level = forward_ad::dual_level().unwrap();
/// assert!(forward_ad::dual_level().is_err());
/// ```
pub fn dual_level() -> Result<DualLevel> {
    if LEVEL_ACTIVE.with(|l| l.replace(true)) {
        return Err(runtime(
            "Nested forward mode AD is not supported at the moment",
        ));
    }
    LEVEL_ID.with(|l| l.set(l.get() + 1));
    Ok(DualLevel { _private: () })
}

/// The current dual level on this thread, if one is entered.
#[inline]
pub(crate) fn level_id() -> Option<u64> {
    if LEVEL_ACTIVE.with(|l| l.get()) {
        Some(LEVEL_ID.with(|l| l.get()))
    } else {
        None
    }
}

/// Gives `t` a tangent for the current level (cleared when the level ends).
pub(crate) fn attach_tangent(t: &Tensor, tangent: Tensor) {
    t.meta().tangent = Some(tangent);
    register(t);
}

fn register(t: &Tensor) {
    DUALS.with(|d| d.borrow_mut().push(std::sync::Arc::downgrade(&t.0)));
}

/// A dual tensor: `primal` (shared storage) carrying `tangent` (`fwAD.make_dual`).
///
/// ```
/// use ferrograd::{autograd::forward_ad, Tensor};
/// let _level = forward_ad::dual_level().unwrap();
/// let x = forward_ad::make_dual(&Tensor::new([1.0, 2.0]), &Tensor::new([1.0, 0.0])).unwrap();
/// assert_eq!(x.to_string(), "tensor([1., 2.], tangent=tensor([1., 0.]))");
/// let y = x.pow(2);
/// assert_eq!(forward_ad::unpack_dual(&y).1.unwrap().to_vec::<f32>(), vec![2.0, 0.0]);
/// ```
pub fn make_dual(primal: &Tensor, tangent: &Tensor) -> Result<Tensor> {
    if !LEVEL_ACTIVE.with(|l| l.get()) {
        return Err(runtime("Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first."));
    }
    if tangent.shape() != primal.shape() {
        return Err(runtime(format!(
            "Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size {} while the given forward gradient is of size {}.",
            crate::tensor::fmt_list(primal.shape()),
            crate::tensor::fmt_list(tangent.shape())
        )));
    }
    if !primal.dtype().is_floating_point() {
        return Err(runtime(
            "Expected primal to be floating point or complex, but got: Long",
        ));
    }
    let dual = super::record(
        "AliasBackward0",
        primal.alias_same_layout(),
        &[primal],
        &[],
        false,
        |c| Ok(vec![Some(c.grad.clone())]),
    );
    let t = if tangent.dtype() != primal.dtype() {
        tangent.to_dtype(primal.dtype())
    } else {
        tangent.clone()
    };
    dual.meta().tangent = Some(t);
    register(&dual);
    Ok(dual)
}

/// The primal (a view without tangent) and the tangent of a tensor (`fwAD.unpack_dual`).
///
/// ```
/// use ferrograd::{autograd::forward_ad, Tensor};
/// let (p, t) = forward_ad::unpack_dual(&Tensor::new(1.0));
/// assert!(t.is_none());
/// assert_eq!(p.item(), 1.0);
/// ```
pub fn unpack_dual(t: &Tensor) -> (Tensor, Option<Tensor>) {
    let tangent = t.meta().tangent.clone();
    let primal = if tangent.is_some() {
        let _s = Suspend::new();
        super::record(
            "AliasBackward0",
            t.alias_same_layout(),
            &[t],
            &[],
            false,
            |c| Ok(vec![Some(c.grad.clone())]),
        )
    } else {
        t.clone()
    };
    (primal, tangent)
}

/// Turns tangent propagation off while alive (used while deriving a tangent).
struct Suspend {
    prev: bool,
}
impl Suspend {
    fn new() -> Self {
        Suspend {
            prev: SUSPENDED.with(|s| s.replace(true)),
        }
    }
}
impl Drop for Suspend {
    fn drop(&mut self) {
        SUSPENDED.with(|s| s.set(self.prev));
    }
}

/// The output tangent of an op, derived from its reverse rule: `J·t = d/du Σᵢ ⟨Jᵢᵀu, tᵢ⟩`.
pub(crate) fn propagate(
    out: &Tensor,
    inputs: &[&Tensor],
    saved: &[&Tensor],
    save_output: bool,
    backward: &dyn Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>>,
) {
    let tangents: Vec<Option<Tensor>> = inputs.iter().map(|t| t.meta().tangent.clone()).collect();
    if tangents.iter().all(|t| t.is_none()) || !out.dtype().is_floating_point() {
        return;
    }
    let tangent = (|| -> Result<Tensor> {
        let _s = Suspend::new();
        let _g = enable_grad();
        let u = out.zeros_like().requires_grad_(true);
        let next: Vec<Option<Edge>> = inputs
            .iter()
            .zip(&tangents)
            .map(|(t, tg)| tg.as_ref().map(|_| Edge::Leaf(t.0.clone())))
            .collect();
        let mut sv: Vec<Tensor> = saved.iter().map(|t| t.alias_same_layout()).collect();
        if save_output {
            sv.push(out.alias_same_layout());
        }
        let ctx = BackwardCtx {
            grad: &u,
            saved: sv,
            next: &next,
        };
        let vjps = backward(&ctx)?;
        let mut s: Option<Tensor> = None;
        for (v, t) in vjps.iter().zip(&tangents) {
            if let (Some(v), Some(t)) = (v, t) {
                if !v.requires_grad() {
                    continue;
                }
                let term = v.try_mul(t)?.try_sum()?;
                s = Some(match s {
                    None => term,
                    Some(a) => a.try_add(&term)?,
                });
            }
        }
        let z = match s {
            None => return Ok(out.zeros_like()),
            Some(s) => grad_with(
                &[s],
                std::slice::from_ref(&u),
                &GradOptions::new().allow_unused(true),
            )?,
        };
        Ok(z.into_iter()
            .next()
            .flatten()
            .unwrap_or_else(|| out.zeros_like())
            .detach())
    })();
    if let Ok(t) = tangent {
        out.meta().tangent = Some(t);
        register(out);
    }
}

impl Tensor {
    /// The forward-mode tangent of a dual tensor, if any.
    ///
    /// ```
    /// assert!(ferrograd::Tensor::new(1.0).tangent().is_none());
    /// ```
    pub fn tangent(&self) -> Option<Tensor> {
        self.meta().tangent.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    #[test]
    fn saved_output_tangents_stay_with_their_level() {
        let x = Tensor::new_with_dtype([0.5, 1.0], DType::Float64).requires_grad_(true);
        let y = {
            let _level = dual_level().unwrap();
            let xd = make_dual(&x, &x.ones_like()).unwrap();
            xd.exp().sum()
        };
        let _level = dual_level().unwrap();
        let g = crate::autograd::grad(&[y], std::slice::from_ref(&x)).unwrap();
        assert!(g[0].tangent().is_none());
        assert_eq!(g[0].to_vec::<f64>(), vec![0.5f64.exp(), 1f64.exp()]);
    }

    #[test]
    fn forward_over_reverse_gives_hessian_vector_products() {
        let x = Tensor::new_with_dtype([0.3, -0.8, 1.7], DType::Float64);
        let v = Tensor::new_with_dtype([1.0, 2.0, -1.0], DType::Float64);
        let _level = dual_level().unwrap();
        let xd = make_dual(&x, &v).unwrap().requires_grad_(true);
        let f = (xd.pow(3) * xd.sin()).sum();
        let g = crate::autograd::grad(&[f], std::slice::from_ref(&xd)).unwrap();
        let hv = unpack_dual(&g[0]).1.unwrap().to_vec::<f64>();
        // f = Σ x³ sin x: Hessian is diagonal with 6x sin x + 6x² cos x − x³ sin x
        for ((h, xi), vi) in hv.iter().zip(x.to_vec::<f64>()).zip(v.to_vec::<f64>()) {
            let d = 6.0 * xi * xi.sin() + 6.0 * xi * xi * xi.cos() - xi.powi(3) * xi.sin();
            assert!((h - d * vi).abs() < 1e-12, "{h} vs {}", d * vi);
        }
    }

    #[test]
    fn tangents_end_with_the_level_and_print() {
        let y;
        {
            let _level = dual_level().unwrap();
            let x = make_dual(&Tensor::new(3.0), &Tensor::new(1.0)).unwrap();
            assert_eq!(x.to_string(), "tensor(3., tangent=1.0)");
            y = &x * 2.0;
            assert_eq!(y.tangent().unwrap().item(), 2.0);
        }
        assert!(y.tangent().is_none());
        assert!(make_dual(&Tensor::new(1.0), &Tensor::new(1.0)).is_err());
        let _level = dual_level().unwrap();
        let e = make_dual(&Tensor::new([1.0, 2.0]), &Tensor::new([1.0])).unwrap_err();
        assert!(e
            .to_string()
            .contains("Tensor is of size [2] while the given forward gradient is of size [1]"));
    }
}
