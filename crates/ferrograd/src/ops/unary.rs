//! Elementwise functions: `neg exp log log1p sin cos tan tanh sigmoid sqrt reciprocal relu abs clamp`.

use super::{cast_raw, dispatch_num, Float, Num};
use crate::autograd::record;
use crate::error::{unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::{Data, Element};
use crate::{DType, Tensor};

/// `f` applied elementwise in a floating dtype (integers compute as float32), no autograd.
#[track_caller]
fn float_map(x: &Tensor, f32f: fn(f32) -> f32, f64f: fn(f64) -> f64) -> Tensor {
    let dt = if x.dtype() == DType::Float64 {
        DType::Float64
    } else {
        DType::Float32
    };
    let xc = super::cast_cow(x, dt);
    let buf = match dt {
        DType::Float64 => f64::into_buffer(cpu::map(&xc, f64f)),
        _ => f32::into_buffer(cpu::map(&xc, f32f)),
    };
    Tensor::from_buffer(buf, x.dims())
}

/// The backward of an elementwise function in one pass, when no graph is being created (the rule
/// written with ops, below, gives the same values and is what `create_graph` records).
fn fused_backward(name: &str, g: &Tensor, saved: &[Tensor], dt: DType) -> Option<Tensor> {
    if crate::is_grad_enabled() || crate::autograd::forward_ad::active() || saved.len() != 1 {
        return None;
    }
    let s = &saved[0];
    if g.dtype() != dt || s.dtype() != dt || g.shape() != s.shape() {
        return None;
    }
    fn run<T: Float>(name: &str, g: &Tensor, s: &Tensor) -> Option<Data<T>> {
        let sh = g.shape();
        Some(match name {
            "SinBackward0" => cpu::zip(g, s, sh, |g: T, x: T| g * x.cos()),
            "CosBackward0" => cpu::zip(g, s, sh, |g: T, x: T| -(g * x.sin())),
            "ExpBackward0" => cpu::zip(g, s, sh, |g: T, r: T| g * r),
            "TanhBackward0" => cpu::zip(g, s, sh, |g: T, r: T| g * (T::ONE - r * r)),
            "SigmoidBackward0" => cpu::zip(g, s, sh, |g: T, r: T| g * (r * (T::ONE - r))),
            "ReluBackward0" => {
                cpu::zip(g, s, sh, |g: T, r: T| if r > T::ZERO { g } else { T::ZERO })
            }
            _ => return None,
        })
    }
    let buf = match dt {
        DType::Float32 => f32::into_buffer(run::<f32>(name, g, s)?),
        DType::Float64 => f64::into_buffer(run::<f64>(name, g, s)?),
        _ => return None,
    };
    Some(Tensor::from_buffer(buf, g.dims()))
}

#[track_caller]
fn sigmoid<T: Float>(v: T) -> T {
    T::ONE / (T::ONE + (-v).exp())
}

macro_rules! unary_ops {
    ($($name:ident, $try:ident, $grad_fn:literal, $f:expr, $save_in:expr, $save_out:expr, $rule:expr, $doc:literal, $ex:literal);* $(;)?) => {
        impl Tensor {
            $(
                #[doc = concat!($doc, " (`", $grad_fn, "`).")]
                ///
                /// ```
                /// let x = ferrograd::Tensor::new_with_dtype([0.5], ferrograd::DType::Float64).requires_grad_(true);
                #[doc = concat!("let y = x.", stringify!($try), "().unwrap();")]
                #[doc = concat!("assert_eq!(y.grad_fn().unwrap().name(), \"", $grad_fn, "\");")]
                #[doc = concat!("assert!((y.item() - ", $ex, ").abs() < 1e-12);")]
                /// ```
                #[track_caller]
                pub fn $try(&self) -> Result<Tensor> {
                    let out = {
                        #[track_caller]
                        fn f<T: Float>(v: T) -> T {
                            let g: fn(T) -> T = $f;
                            g(v)
                        }
                        if $grad_fn == "TanhBackward0" && self.dtype() != DType::Float64 {
                            let xc = super::cast_cow(self, DType::Float32);
                            let v = cpu::map_f32_with(&xc, cpu::tanh_slice_f32, cpu::tanh_f32);
                            Tensor::from_buffer(f32::into_buffer(v), self.dims())
                        } else {
                            float_map(self, f::<f32>, f::<f64>)
                        }
                    };
                    let saved: &[&Tensor] = if $save_in { &[self] } else { &[] };
                    let dt = self.dtype();
                    Ok(record($grad_fn, out, &[self], saved, $save_out, move |c| {
                        if let Some(g) = fused_backward($grad_fn, c.grad, &c.saved, dt) {
                            return Ok(vec![Some(g)]);
                        }
                        let rule: fn(&Tensor, &[Tensor]) -> Result<Tensor> = $rule;
                        let g = rule(c.grad, &c.saved)?;
                        Ok(vec![Some(if g.dtype() != dt { g.try_to_dtype(dt)? } else { g })])
                    }))
                }
                #[doc = concat!("Panicking form of [`Tensor::", stringify!($try), "`].")]
                ///
                /// ```
                #[doc = concat!("let y = ferrograd::Tensor::new(0.5f64).", stringify!($name), "();")]
                #[doc = concat!("assert!((y.item() - ", $ex, ").abs() < 1e-6);")]
                /// ```
                #[track_caller]
                pub fn $name(&self) -> Tensor {
                    unwrap(self.$try())
                }
            )*
        }
    };
}

unary_ops!(
    exp, try_exp, "ExpBackward0", |v| v.exp(), false, true,
        |g, s| g.try_mul(&s[0]), "Elementwise `e^x`", "0.5f64.exp()";
    log, try_log, "LogBackward0", |v| v.ln(), true, false,
        |g, s| g.try_div(&s[0]), "Elementwise natural logarithm", "0.5f64.ln()";
    log1p, try_log1p, "Log1PBackward0", |v| v.ln_1p(), true, false,
        |g, s| g.try_div(&s[0].try_add_scalar(1.0)?), "Elementwise `ln(1 + x)`", "0.5f64.ln_1p()";
    sin, try_sin, "SinBackward0", |v| v.sin(), true, false,
        |g, s| g.try_mul(&s[0].try_cos()?), "Elementwise sine", "0.5f64.sin()";
    cos, try_cos, "CosBackward0", |v| v.cos(), true, false,
        |g, s| g.try_mul(&s[0].try_sin()?.try_neg()?), "Elementwise cosine", "0.5f64.cos()";
    tan, try_tan, "TanBackward0", |v| v.tan(), false, true,
        |g, s| g.try_mul(&s[0].try_pow(2.0)?.try_add_scalar(1.0)?), "Elementwise tangent", "0.5f64.tan()";
    tanh, try_tanh, "TanhBackward0", |v| v.tanh(), false, true,
        |g, s| g.try_mul(&s[0].try_pow(2.0)?.try_rsub_scalar(1.0)?), "Elementwise hyperbolic tangent", "0.5f64.tanh()";
    sigmoid, try_sigmoid, "SigmoidBackward0", sigmoid, false, true,
        |g, s| g.try_mul(&s[0].try_mul(&s[0].try_rsub_scalar(1.0)?)?), "Elementwise logistic sigmoid `1 / (1 + e^-x)`", "1.0 / (1.0 + (-0.5f64).exp())";
    sqrt, try_sqrt, "SqrtBackward0", |v| v.sqrt(), false, true,
        |g, s| g.try_div(&s[0].try_mul_scalar(2.0)?), "Elementwise square root", "0.5f64.sqrt()";
    reciprocal, try_reciprocal, "ReciprocalBackward0", |v| T::ONE / v, false, true,
        |g, s| g.try_mul(&s[0].try_mul(&s[0])?.try_neg()?), "Elementwise `1 / x`", "2.0";
);

impl Tensor {
    /// Elementwise `-x` (`NegBackward0`); integers stay integers.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1, -2]).try_neg().unwrap().to_vec::<i64>(), vec![-1, 2]);
    /// ```
    #[track_caller]
    pub fn try_neg(&self) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return Err(crate::error::runtime("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."));
        }
        let buf = dispatch_num!(self.dtype(), T => T::into_buffer(cpu::map(self, |v: T| -v)));
        let out = Tensor::from_buffer(buf, self.dims());
        Ok(record("NegBackward0", out, &[self], &[], false, |c| {
            Ok(vec![Some(c.grad.try_neg()?)])
        }))
    }

    /// Panicking [`Tensor::try_neg`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(2.0).neg().item(), -2.0);
    /// ```
    #[track_caller]
    #[allow(clippy::should_implement_trait)]
    pub fn neg(&self) -> Tensor {
        unwrap(self.try_neg())
    }

    /// Elementwise `|x|` (`AbsBackward0`; the gradient at 0 is 0).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([-1.5, 2.0]).abs().to_vec::<f32>(), vec![1.5, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_abs(&self) -> Result<Tensor> {
        let buf = dispatch_num!(self.dtype(), T => T::into_buffer(cpu::map(self, |v: T| if v < T::ZERO { -v } else { v })));
        let out = cast_raw(&Tensor::from_buffer(buf, self.dims()), self.dtype());
        Ok(record("AbsBackward0", out, &[self], &[self], false, |c| {
            Ok(vec![Some(c.grad.try_mul(&c.saved[0].sign())?)])
        }))
    }

    /// Panicking [`Tensor::try_abs`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(-3).abs().item(), 3.0);
    /// ```
    #[track_caller]
    pub fn abs(&self) -> Tensor {
        unwrap(self.try_abs())
    }

    /// Elementwise sign (-1, 0 or 1), never differentiated.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([-2.0, 0.0, 3.0]).sign().to_vec::<f32>(), vec![-1.0, 0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn sign(&self) -> Tensor {
        let buf = dispatch_num!(self.dtype(), T => T::into_buffer(cpu::map(self, |v: T| {
            if v > T::ZERO { T::ONE } else if v < T::ZERO { -T::ONE } else { v }
        })));
        cast_raw(&Tensor::from_buffer(buf, self.dims()), self.dtype())
    }

    /// Elementwise `max(x, 0)` (`ReluBackward0`; the gradient at 0 is 0).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([-1.0, 2.0]).relu().to_vec::<f32>(), vec![0.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_relu(&self) -> Result<Tensor> {
        let buf = dispatch_num!(self.dtype(), T => T::into_buffer(cpu::map(self, |v: T| if v > T::ZERO { v } else { T::ZERO })));
        let out = cast_raw(&Tensor::from_buffer(buf, self.dims()), self.dtype());
        let dt = self.dtype();
        Ok(record("ReluBackward0", out, &[self], &[], true, move |c| {
            if let Some(g) = fused_backward("ReluBackward0", c.grad, &c.saved, dt) {
                return Ok(vec![Some(g)]);
            }
            let mask = c.saved[0].gt_scalar(0.0).to_dtype(c.grad.dtype());
            Ok(vec![Some(c.grad.try_mul(&mask)?)])
        }))
    }

    /// Panicking [`Tensor::try_relu`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(-2.0).relu().item(), 0.0);
    /// ```
    #[track_caller]
    pub fn relu(&self) -> Tensor {
        unwrap(self.try_relu())
    }

    /// Elementwise clamp into `[min, max]` (either bound optional; `ClampBackward1`). The
    /// gradient flows where `min < x < max`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5, 3.0]);
    /// assert_eq!(x.try_clamp(Some(-1.0), Some(1.0)).unwrap().to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp(&self, min: Option<f64>, max: Option<f64>) -> Result<Tensor> {
        if min.is_none() && max.is_none() {
            return Err(crate::error::runtime(
                "torch.clamp: At least one of 'min' or 'max' must not be None",
            ));
        }
        let (lo, hi) = (
            min.unwrap_or(f64::NEG_INFINITY),
            max.unwrap_or(f64::INFINITY),
        );
        let dt = self.dtype();
        let buf = dispatch_num!(dt, T => {
            let v: Data<T> = cpu::map(&cast_raw(self, if dt == DType::Bool { DType::Int64 } else { dt }), move |v: T| {
                let f = v.to_f64();
                if f < lo { T::from_f64(lo) } else if f > hi { T::from_f64(hi) } else { v }
            });
            T::into_buffer(v)
        });
        let out = cast_raw(&Tensor::from_buffer(buf, self.dims()), dt);
        // PyTorch records `clamp(min=…)`, `clamp(max=…)` and `clamp(a, b)` with Python numbers
        // as ClampBackward1 (ClampMin/ClampMaxBackward0 belong to `clamp_min`/`clamp_max`).
        let name = "ClampBackward1";
        Ok(record(name, out, &[self], &[self], false, move |c| {
            // PyTorch 2.15 passes the gradient strictly inside the bounds (0 at a bound).
            let x = &c.saved[0];
            let mask = match (min, max) {
                (Some(_), Some(_)) => x.gt_scalar(lo).logical_and(&x.lt_scalar(hi)),
                (Some(_), None) => x.gt_scalar(lo),
                _ => x.lt_scalar(hi),
            }
            .to_dtype(c.grad.dtype());
            Ok(vec![Some(c.grad.try_mul(&mask)?)])
        }))
    }

    /// Panicking [`Tensor::try_clamp`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(5.0).clamp(None, Some(1.0)).item(), 1.0);
    /// ```
    #[track_caller]
    pub fn clamp(&self, min: Option<f64>, max: Option<f64>) -> Tensor {
        unwrap(self.try_clamp(min, max))
    }
}

#[cfg(test)]
mod tests {
    use crate::autograd::test_ops::fused_and_recorded;
    use crate::{DType, Tensor};

    /// The one-pass backward (no graph) gives the values of the rule written with ops (which
    /// `create_graph` runs), on odd sizes, transposed inputs and broadcast gradients.
    #[test]
    fn fused_backward_matches_the_op_built_rule() {
        crate::manual_seed(3);
        type F = fn(&Tensor) -> Tensor;
        let ops: [(&str, F); 6] = [
            ("sin", |x| x.sin()),
            ("cos", |x| x.cos()),
            ("exp", |x| x.exp()),
            ("tanh", |x| x.tanh()),
            ("sigmoid", |x| x.sigmoid()),
            ("relu", |x| x.relu()),
        ];
        for dt in [DType::Float32, DType::Float64] {
            for (name, f) in ops {
                for shape in [vec![1usize], vec![7], vec![5, 3], vec![70_001]] {
                    let base = Tensor::randn_dtype(&shape, dt);
                    // a transposed (strided) input when 2-D
                    let x = if shape.len() == 2 { base.t() } else { base }.requires_grad_(true);
                    let y = f(&x);
                    // the gradient: a broadcast scalar, or a strided tensor
                    let gv = if shape.len() == 2 {
                        Tensor::randn_dtype(&[shape[0], shape[1]], dt).t()
                    } else {
                        Tensor::new_with_dtype(0.75, dt).expand(y.shape())
                    };
                    let (fast, slow) = fused_and_recorded(&y, &x, &gv);
                    assert_eq!(fast.shape(), slow.shape(), "{name}");
                    for (a, b) in fast.to_f64_vec().iter().zip(slow.to_f64_vec()) {
                        let tol = if dt == DType::Float32 { 1e-6 } else { 1e-14 };
                        assert!(
                            (a - b).abs() <= tol * (1.0 + b.abs()),
                            "{name} {dt:?}: {a} vs {b}"
                        );
                    }
                }
            }
        }
    }
}
