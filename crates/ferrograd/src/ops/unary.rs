//! The elementwise functions that are not rows of the op table (`ops::table`): `neg` and
//! `clamp` (optional bounds).

use super::{cast_raw, dispatch_float, dispatch_num, Scalar};
use crate::autograd::record;
use crate::error::{unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::{Data, Element};
use crate::{DType, Tensor};

impl Tensor {
    /// Elementwise `-x` (`NegBackward0`); integers stay integers.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1, -2]).try_neg().unwrap().to_vec::<i64>(), vec![-1, 2]);
    /// ```
    #[track_caller]
    pub fn try_neg(&self) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return Err(crate::error::not_implemented("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."));
        }
        let buf = dispatch_num!(self.dtype(), T => T::into_buffer(cpu::map(self, |v: T| -v)));
        let out = Tensor::from_buffer(buf, self.dims());
        record("NegBackward0", out, &[self], &[], false, |c| {
            Ok(vec![Some(c.grad.try_neg()?)])
        })
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

    /// Elementwise clamp into `[min, max]` (either bound optional; `ClampBackward1`). The
    /// gradient flows where `min < x < max`. The bounds are floating-point numbers (Python
    /// floats), so an integer tensor is clamped into the default floating dtype, as in PyTorch;
    /// [`Tensor::try_clamp_bounds`] takes integer bounds too.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5, 3.0]);
    /// assert_eq!(x.try_clamp(Some(-1.0), Some(1.0)).unwrap().to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp(&self, min: Option<f64>, max: Option<f64>) -> Result<Tensor> {
        self.try_clamp_bounds(min.map(Scalar::Float), max.map(Scalar::Float))
    }

    /// [`Tensor::try_clamp`] with bounds of any scalar kind: the result has the dtype PyTorch
    /// promotes the tensor and the bounds to (an integer tensor stays integer under integer
    /// bounds).
    ///
    /// ```
    /// use ferrograd::{DType, Scalar, Tensor};
    /// let x = Tensor::new([1i64, 5]);
    /// let y = x.try_clamp_bounds(Some(Scalar::Int(2)), None).unwrap();
    /// assert_eq!((y.dtype(), y.to_vec::<i64>()), (DType::Int64, vec![2, 5]));
    /// let y = x.try_clamp_bounds(Some(Scalar::Float(2.5)), None).unwrap();
    /// assert_eq!((y.dtype(), y.to_vec::<f32>()), (DType::Float32, vec![2.5, 5.0]));
    /// ```
    #[track_caller]
    pub fn try_clamp_bounds(&self, min: Option<Scalar>, max: Option<Scalar>) -> Result<Tensor> {
        // PyTorch records `clamp(min=…)`, `clamp(max=…)` and `clamp(a, b)` with Python numbers
        // as ClampBackward1 (ClampMin/ClampMaxBackward0 belong to `clamp_min`/`clamp_max`).
        self.clamp_recorded_as(min, max, "ClampBackward1")
    }

    /// Elementwise `max(x, min)` (`ClampMinBackward0`; the gradient flows where `x > min`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]).requires_grad_(true);
    /// let y = x.try_clamp_min(0.0).unwrap();
    /// assert_eq!(y.to_string(), "tensor([0.0000, 0.5000], grad_fn=<ClampMinBackward0>)");
    /// ```
    #[track_caller]
    pub fn try_clamp_min(&self, min: impl Into<Scalar>) -> Result<Tensor> {
        self.clamp_recorded_as(Some(min.into()), None, "ClampMinBackward0")
    }

    /// Elementwise `min(x, max)` (`ClampMaxBackward0`; the gradient flows where `x < max`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]);
    /// assert_eq!(x.try_clamp_max(0.0).unwrap().to_vec::<f32>(), vec![-2.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_max(&self, max: impl Into<Scalar>) -> Result<Tensor> {
        self.clamp_recorded_as(None, Some(max.into()), "ClampMaxBackward0")
    }

    /// In-place [`Tensor::try_clamp`] (`ClampBackward1`), returning `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5, 3.0]);
    /// x.try_clamp_(Some(-1.0), Some(1.0)).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_(&self, min: Option<f64>, max: Option<f64>) -> Result<&Tensor> {
        self.try_clamp_bounds_(min.map(Scalar::Float), max.map(Scalar::Float))
    }

    /// In-place [`Tensor::try_clamp_bounds`]. The promoted dtype must cast back to this
    /// tensor's: a float bound on an integer tensor is refused, as in PyTorch.
    ///
    /// ```
    /// use ferrograd::{Scalar, Tensor};
    /// let x = Tensor::new([1i64, 5]);
    /// x.try_clamp_bounds_(None, Some(Scalar::Int(3))).unwrap();
    /// assert_eq!(x.to_vec::<i64>(), vec![1, 3]);
    /// let e = x.try_clamp_bounds_(None, Some(Scalar::Float(2.5))).unwrap_err();
    /// assert_eq!(e.to_string(), "result type Float can't be cast to the desired output type long int");
    /// ```
    #[track_caller]
    pub fn try_clamp_bounds_(&self, min: Option<Scalar>, max: Option<Scalar>) -> Result<&Tensor> {
        self.clamp_inplace(min, max, "ClampBackward1")
    }

    /// In-place [`Tensor::try_clamp_min`] (`ClampMinBackward0`), returning `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]);
    /// assert_eq!(x.try_clamp_min_(0.0).unwrap().to_vec::<f32>(), vec![0.0, 0.5]);
    /// ```
    #[track_caller]
    pub fn try_clamp_min_(&self, min: impl Into<Scalar>) -> Result<&Tensor> {
        self.clamp_inplace(Some(min.into()), None, "ClampMinBackward0")
    }

    /// In-place [`Tensor::try_clamp_max`] (`ClampMaxBackward0`), returning `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]);
    /// assert_eq!(x.try_clamp_max_(0.0).unwrap().to_vec::<f32>(), vec![-2.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_max_(&self, max: impl Into<Scalar>) -> Result<&Tensor> {
        self.clamp_inplace(None, Some(max.into()), "ClampMaxBackward0")
    }

    /// An in-place clamp: the values written into `self`, whose history continues at a node
    /// `name` that saves where the gradient flows (the old values are overwritten).
    #[track_caller]
    fn clamp_inplace(
        &self,
        min: Option<Scalar>,
        max: Option<Scalar>,
        name: &'static str,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let out = {
            let _ng = crate::no_grad();
            self.detach().clamp_recorded_as(min, max, name)?
        };
        let dt = self.dtype();
        let to = out.dtype();
        if to.category() > dt.category() {
            return Err(crate::error::runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                to.scalar_name(),
                match dt {
                    DType::Int64 => "long int",
                    DType::Bool => "bool",
                    other => other.scalar_name(),
                }
            )));
        }
        let out = cast_raw(&out, dt);
        if !dt.is_floating_point() {
            self.copy_raw(&out)?;
            self.0.counter().bump();
            return Ok(self);
        }
        let (lo, hi) = (min.map(Scalar::to_f64), max.map(Scalar::to_f64));
        let mask = clamp_mask(&self.detach(), lo, hi);
        let new = record(name, out, &[self], &[("", &mask)], false, |c| {
            gated(c.grad, &c.saved[0])
        })?;
        self.assign_result(&new)
    }

    #[track_caller]
    fn clamp_recorded_as(
        &self,
        min: Option<Scalar>,
        max: Option<Scalar>,
        name: &'static str,
    ) -> Result<Tensor> {
        let bounds = match (min, max) {
            (None, None) => {
                return Err(crate::error::runtime(
                    "torch.clamp: At least one of 'min' or 'max' must not be None",
                ))
            }
            (Some(a), None) | (None, Some(a)) => a.default_dtype(),
            (Some(a), Some(b)) => DType::promote(a.default_dtype(), b.default_dtype()),
        };
        let dt = super::combine(self.dtype(), bounds);
        if dt == DType::Bool {
            return Err(crate::error::not_implemented(format!(
                "\"{}\" not implemented for 'Bool'",
                match (min, max) {
                    (Some(_), None) => "clamp_min_scalar_cpu",
                    (None, Some(_)) => "clamp_max_scalar_cpu",
                    _ => "clamp_scalar_cpu",
                }
            )));
        }
        let (lo, hi) = (min.map(Scalar::to_f64), max.map(Scalar::to_f64));
        let (lo_v, hi_v) = (lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY));
        let x = cast_raw(self, dt);
        let buf = if dt == DType::Int64 {
            // integer bounds exactly (not through f64): min(max(x, min), max)
            let lo = min.map_or(i64::MIN, i64::from_scalar);
            let hi = max.map_or(i64::MAX, i64::from_scalar);
            i64::into_buffer(cpu::map(&x, move |v: i64| v.max(lo).min(hi)))
        } else {
            dispatch_float!(dt, T => {
            let v: Data<T> = cpu::map(&x, move |v: T| {
                // min(max(x, min), max), as PyTorch: `max` wins when min > max; NaN stays NaN,
                // and a NaN bound makes every element NaN
                if lo_v.is_nan() || hi_v.is_nan() {
                    return T::from_f64(f64::NAN);
                }
                let f = v.to_f64();
                let r = if f < lo_v { T::from_f64(lo_v) } else { v };
                if r.to_f64() > hi_v { T::from_f64(hi_v) } else { r }
            });
            T::into_buffer(v)
            })
        };
        let out = Tensor::from_buffer(buf, self.dims());
        // only a floating input is recorded, and the bounds keep its dtype
        record(name, out, &[self], &[("self", self)], false, move |c| {
            gated(c.grad, &clamp_mask(&c.saved[0], lo, hi))
        })
    }

    /// Panicking [`Tensor::try_clamp`]. With `min > max` every element is `max`, as in PyTorch:
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([0.0, 5.0]);
    /// assert_eq!(x.clamp(Some(2.0), Some(1.0)).to_vec::<f32>(), vec![1.0, 1.0]);
    /// assert_eq!(ferrograd::Tensor::new(5.0).clamp(None, Some(1.0)).item(), 1.0);
    /// assert!(ferrograd::Tensor::new(f64::NAN).clamp(Some(0.0), Some(1.0)).item().is_nan());
    /// ```
    #[track_caller]
    pub fn clamp(&self, min: Option<f64>, max: Option<f64>) -> Tensor {
        unwrap(self.try_clamp(min, max))
    }
}

/// The gradient where `pass` holds, else 0 (selected, not multiplied: an infinite gradient
/// gives 0 where the clamp is flat, as in PyTorch).
fn gated(g: &Tensor, pass: &Tensor) -> Result<Vec<Option<Tensor>>> {
    Ok(vec![Some(Tensor::try_where(
        pass,
        g,
        &Tensor::scalar_tensor(0.0, g.dtype()),
    )?)])
}

/// Where a clamp passes the gradient: strictly inside the given bounds, as PyTorch 2.15 (0 at
/// a bound and for NaN).
fn clamp_mask(x: &Tensor, min: Option<f64>, max: Option<f64>) -> Tensor {
    match (min, max) {
        (Some(lo), Some(hi)) => x.gt_scalar(lo).logical_and(&x.lt_scalar(hi)),
        (Some(lo), None) => x.gt_scalar(lo),
        (None, Some(hi)) => x.lt_scalar(hi),
        (None, None) => Tensor::ones_dtype(x.shape(), DType::Bool),
    }
}

#[cfg(test)]
mod tests {
    use crate::autograd::test_ops::fused_and_recorded;
    use crate::{DType, Scalar, Tensor};

    #[test]
    fn clamp_gradients_are_selected_so_infinite_gradients_give_zero_where_flat() {
        // recorded from PyTorch 2.15 with an all-inf output gradient
        let inf = f32::INFINITY;
        let run = |f: &dyn Fn(&Tensor) -> Tensor| {
            let x = Tensor::new([-1.0, 0.0, 0.5, 1.0, 2.0, f32::NAN]).requires_grad_(true);
            f(&x).backward_with(&Tensor::full(&[6], inf));
            x.grad().unwrap().to_vec::<f32>()
        };
        assert_eq!(
            run(&|x| x.try_clamp_min(0.0).unwrap()),
            [0.0, 0.0, inf, inf, inf, 0.0]
        );
        assert_eq!(
            run(&|x| x.clamp(Some(0.0), Some(1.0))),
            [0.0, 0.0, inf, 0.0, 0.0, 0.0]
        );
        assert_eq!(
            run(&|x| {
                let y = x * 1.0;
                y.try_clamp_min_(0.0).unwrap();
                y
            }),
            [0.0, 0.0, inf, inf, inf, 0.0]
        );
    }

    #[test]
    fn clamp_bounds_promote_as_pytorch_and_in_place_refuses_narrowing() {
        let ints = Tensor::new([1i64, 5]);
        let y = ints.try_clamp_min(2.5).unwrap();
        assert_eq!(
            (y.dtype(), y.to_vec::<f32>()),
            (DType::Float32, vec![2.5, 5.0])
        );
        let y = ints
            .try_clamp_bounds(Some(Scalar::Int(2)), Some(Scalar::Int(3)))
            .unwrap();
        assert_eq!((y.dtype(), y.to_vec::<i64>()), (DType::Int64, vec![2, 3]));
        let e = ints.try_clamp_min_(2.5).unwrap_err().to_string();
        assert_eq!(
            e,
            "result type Float can't be cast to the desired output type long int"
        );
        let bools = Tensor::new([true, false]);
        let y = bools.try_clamp_min(Scalar::Int(0)).unwrap();
        assert_eq!((y.dtype(), y.to_vec::<i64>()), (DType::Int64, vec![1, 0]));
        let e = bools
            .try_clamp_bounds_(Some(Scalar::Int(0)), None)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "result type Long can't be cast to the desired output type bool"
        );
        let e = bools.try_clamp_min(Scalar::Bool(true)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"clamp_min_scalar_cpu\" not implemented for 'Bool'"
        );
        let f64s = Tensor::new_with_dtype([1.0], DType::Float64);
        assert_eq!(f64s.try_clamp_min(0.5).unwrap().dtype(), DType::Float64);
        assert_eq!(
            Tensor::new([1.0]).try_clamp_min(true).unwrap().dtype(),
            DType::Float32
        );
    }

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
