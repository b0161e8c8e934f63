//! Forward-mode automatic differentiation with dual tensors (`torch.autograd.forward_ad`).
//!
//! Inside a [`dual_level`], [`make_dual`] pairs a primal tensor with a tangent; every operation
//! on dual tensors carries the tangent forward (`J·t`), and [`unpack_dual`] reads it back. Each
//! op's tangent rule is derived from its reverse rule, which is linear in the output gradient:
//! `J·t = d/du ⟨Jᵀu, t⟩`. Tangents flow through the backward pass too, so differentiating a
//! gradient forward gives Hessian-vector products (forward-over-reverse).

use super::{enable_grad, grad_with, BackwardCtx, Edge, GradOptions};
use crate::error::{runtime, value_err, Result};
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
    // PyTorch's order: the dtypes (ValueError), then the size (RuntimeError)
    for (what, t) in [("primal", primal), ("tangent", tangent)] {
        if !t.dtype().is_floating_point() {
            return Err(value_err(format!(
                "Expected {what} to be floating point or complex, but got: {}",
                t.dtype().torch_name()
            )));
        }
    }
    if tangent.shape() != primal.shape() {
        return Err(runtime(format!(
            "Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size {} while the given forward gradient is of size {}.",
            crate::tensor::fmt_list(primal.shape()),
            crate::tensor::fmt_list(tangent.shape())
        )));
    }
    let dual = {
        // the primal's own tangent, if any, is replaced below
        let _s = Suspend::new();
        super::record(
            "AliasBackward0",
            primal.alias_same_layout(),
            &[primal],
            &[],
            false,
            |c| Ok(vec![Some(c.grad.clone())]),
        )?
    };
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
    let tangent = t.meta_if_any().and_then(|m| m.tangent.clone());
    let primal = if tangent.is_some() {
        super::attach_node(
            "AliasBackward0",
            t.alias_same_layout(),
            &[t],
            0,
            &[],
            false,
            true,
            false,
            |c| Ok(vec![Some(c.grad.clone())]),
        )
    } else {
        t.clone()
    };
    (primal, tangent)
}

/// Turns tangent propagation off while alive (used while deriving a tangent).
pub(crate) struct Suspend {
    prev: bool,
}
impl Suspend {
    pub(crate) fn new() -> Self {
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

/// The output tangent of op `name`, derived from its reverse rule:
/// `J·t = d/du Σᵢ ⟨Jᵢᵀu, tᵢ⟩` (the rule is evaluated at `u = 0` with `u` requiring grad).
///
/// An error of the rule, or a rule that is not a linear function of `u` (its gradient at
/// `u = 0` is non-zero without depending on `u`, so no tangent can be read off it), is
/// returned: the op fails rather than silently producing a dual tensor without its tangent.
pub(crate) fn propagate(
    name: &str,
    out: &Tensor,
    inputs: &[&Tensor],
    saved: &[&Tensor],
    save_output: bool,
    backward: &dyn Fn(&BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>>,
) -> Result<()> {
    let tangents: Vec<Option<Tensor>> = inputs.iter().map(|t| t.tangent()).collect();
    if tangents.iter().all(|t| t.is_none()) || !out.dtype().is_floating_point() {
        return Ok(());
    }
    let tangent = {
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
        let grads = [Some(u.clone())];
        let ctx = BackwardCtx::new(&grads, sv, &next);
        let vjps = backward(&ctx)?;
        let mut s: Option<Tensor> = None;
        for (v, t) in vjps.iter().zip(&tangents) {
            if let (Some(v), Some(t)) = (v, t) {
                if !v.requires_grad() {
                    // A constant gradient (floor, sign): zero at u = 0 when the rule is linear.
                    if v.to_f64_vec().iter().any(|x| *x != 0.0) {
                        return Err(not_supported(name));
                    }
                    continue;
                }
                let term = v.try_mul(t)?.try_sum()?;
                s = Some(match s {
                    None => term,
                    Some(a) => a.try_add(&term)?,
                });
            }
        }
        match s {
            None => out.zeros_like(),
            Some(s) => grad_with(
                &[s],
                std::slice::from_ref(&u),
                &GradOptions::new().allow_unused(true),
            )?
            .into_iter()
            .next()
            .flatten()
            .unwrap_or_else(|| out.zeros_like())
            .detach(),
        }
    };
    out.meta().tangent = Some(tangent);
    register(out);
    Ok(())
}

/// PyTorch's error for an op without a forward-mode formula.
fn not_supported(name: &str) -> crate::Error {
    let op = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let op = op.strip_suffix("Backward").unwrap_or(op);
    crate::error::not_implemented(format!(
        "Trying to use forward AD with {op} that does not support it because it has not been implemented yet."
    ))
}

impl Tensor {
    /// The forward-mode tangent of a dual tensor, if any.
    ///
    /// ```
    /// assert!(ferrograd::Tensor::new(1.0).tangent().is_none());
    /// ```
    pub fn tangent(&self) -> Option<Tensor> {
        self.meta_if_any()?.tangent.clone()
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

    /// A custom function of `x` with a configurable backward rule.
    struct Custom(fn(&Tensor) -> Result<Vec<Option<Tensor>>>);
    impl crate::autograd::Function for Custom {
        fn name(&self) -> &'static str {
            "TwiceBackward"
        }
        fn forward(&self, _: &mut crate::autograd::FunctionCtx, x: &[Tensor]) -> Result<Tensor> {
            x[0].try_mul_scalar(2.0)
        }
        fn backward(
            &self,
            _: &crate::autograd::FunctionCtx,
            g: &Tensor,
        ) -> Result<Vec<Option<Tensor>>> {
            (self.0)(g)
        }
    }

    fn dual_input() -> Tensor {
        make_dual(
            &Tensor::new_with_dtype([1.0, 2.0], DType::Float64),
            &Tensor::new_with_dtype([1.0, -1.0], DType::Float64),
        )
        .unwrap()
    }

    #[test]
    fn a_linear_custom_rule_gives_the_tangent() {
        let _level = dual_level().unwrap();
        let y = crate::autograd::apply(
            Custom(|g| Ok(vec![Some(g.try_mul_scalar(2.0)?)])),
            &[dual_input()],
        )
        .unwrap();
        assert_eq!(y.tangent().unwrap().to_vec::<f64>(), vec![2.0, -2.0]);
    }

    /// The rule's error reaches the caller of the op (it used to leave the output without tangent).
    #[test]
    fn an_error_deriving_the_tangent_fails_the_op() {
        let _level = dual_level().unwrap();
        let e =
            crate::autograd::apply(Custom(|_| Err(runtime("the rule failed"))), &[dual_input()])
                .unwrap_err();
        assert_eq!(e.to_string(), "the rule failed");
        let e =
            crate::autograd::apply(Custom(|g| Ok(vec![Some(g.clone()), None])), &[dual_input()])
                .unwrap_err();
        assert_eq!(
            e.to_string(),
            "function TwiceBackward returned an incorrect number of gradients (expected 1, got 2)"
        );
        // outside a dual level the rule is not run by the forward pass
        drop(_level);
        let x = Tensor::new([1.0]).requires_grad_(true);
        assert!(crate::autograd::apply(Custom(|_| Err(runtime("the rule failed"))), &[x]).is_ok());
    }

    /// A rule that is not linear in the output gradient (here it ignores it) has no tangent to
    /// read off: PyTorch's NotImplementedError for an op without a forward-mode formula.
    #[test]
    fn a_rule_not_linear_in_the_gradient_is_not_supported() {
        let _level = dual_level().unwrap();
        let e = crate::autograd::apply(Custom(|g| Ok(vec![Some(g.ones_like())])), &[dual_input()])
            .unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::NotImplemented);
        assert_eq!(
            e.to_string(),
            "Trying to use forward AD with Twice that does not support it because it has not been implemented yet."
        );
        // a constant zero gradient (floor, sign) is a zero tangent
        let y = crate::autograd::apply(Custom(|g| Ok(vec![Some(g.zeros_like())])), &[dual_input()])
            .unwrap();
        assert_eq!(y.tangent().unwrap().to_vec::<f64>(), vec![0.0, 0.0]);
        let f = dual_input().floor();
        assert_eq!(f.tangent().unwrap().to_vec::<f64>(), vec![0.0, 0.0]);
    }

    /// `fwAD.make_dual`'s checks, in PyTorch's order, types and words.
    #[test]
    fn make_dual_checks_dtypes_then_size() {
        let _level = dual_level().unwrap();
        let (f, i) = (Tensor::new([1.0, 2.0]), Tensor::new([1i64, 2]));
        let e = make_dual(&f, &i).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Value);
        assert_eq!(
            e.to_string(),
            "Expected tangent to be floating point or complex, but got: torch.int64"
        );
        let e = make_dual(&i, &Tensor::new([1.0])).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Value);
        assert_eq!(
            e.to_string(),
            "Expected primal to be floating point or complex, but got: torch.int64"
        );
        let e = make_dual(&f, &Tensor::new([1.0])).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Runtime);
    }
}
