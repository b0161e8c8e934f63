//! Division with rounding: [`Tensor::floor_divide`] (Python's `//`) and
//! [`Tensor::div_rounding`] (`div(..., rounding_mode='trunc' | 'floor')`).
//!
//! Values follow PyTorch (`c10::div_floor_floating`, integer division rounding toward −∞, and
//! `ZeroDivisionError` for an integer division by zero). PyTorch records `floor_divide` as a
//! node without derivative (backward fails), while `div` with a rounding mode has a zero
//! gradient (`DivBackward2`); both are kept.

use crate::autograd::record;
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::ops::{broadcast_shapes, cast_raw, result_type, Float};
use crate::tensor::{Data, Element};
use crate::{DType, Tensor};
use std::sync::atomic::{AtomicBool, Ordering};

/// How [`Tensor::div_rounding`] rounds the quotient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    /// Toward zero (`rounding_mode='trunc'`).
    Trunc,
    /// Toward −∞ (`rounding_mode='floor'`, Python's `//`).
    Floor,
}

impl RoundingMode {
    /// Reads PyTorch's `rounding_mode` string (`"trunc"` or `"floor"`).
    ///
    /// ```
    /// use ferrograd::ops::RoundingMode;
    /// assert_eq!(RoundingMode::parse("floor").unwrap(), RoundingMode::Floor);
    /// assert_eq!(
    ///     RoundingMode::parse("up").unwrap_err().to_string(),
    ///     "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'up'"
    /// );
    /// ```
    pub fn parse(s: &str) -> Result<RoundingMode> {
        match s {
            "trunc" => Ok(RoundingMode::Trunc),
            "floor" => Ok(RoundingMode::Floor),
            _ => Err(runtime(format!(
                "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{s}'"
            ))),
        }
    }
    fn kernel(self) -> &'static str {
        match self {
            RoundingMode::Trunc => "div_trunc_cpu",
            RoundingMode::Floor => "div_floor_cpu",
        }
    }
}

/// PyTorch's floating floor division (`c10::div_floor_floating`): exact for representable
/// quotients, `a / b` when `b` is 0, and the sign of zero from `a / b`.
pub(crate) fn floor_f<T: Float>(a: T, b: T) -> T {
    if b == T::ZERO {
        return a / b;
    }
    let m = a.fmod(b);
    let mut div = (a - m) / b;
    if m != T::ZERO && ((b < T::ZERO) != (m < T::ZERO)) {
        div = div - T::ONE;
    }
    if div != T::ZERO {
        let fl = div.floor();
        if div - fl > T::ONE / (T::ONE + T::ONE) {
            fl + T::ONE
        } else {
            fl
        }
    } else {
        T::ZERO.copysign(a / b)
    }
}

fn trunc_f<T: Float>(a: T, b: T) -> T {
    (a / b).trunc()
}

fn floor_i(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    let q = a.wrapping_div(b);
    Some(if a.wrapping_rem(b) != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    })
}

fn trunc_i(a: i64, b: i64) -> Option<i64> {
    (b != 0).then(|| a.wrapping_div(b))
}

/// The rounded quotient, not recorded.
fn forward(a: &Tensor, b: &Tensor, mode: RoundingMode) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let rt = result_type(a, b);
    match rt {
        DType::Bool => Err(not_implemented(format!(
            "\"{}\" not implemented for 'Bool'",
            mode.kernel()
        ))),
        DType::Int64 => {
            let (ai, bi) = (cast_raw(a, DType::Int64), cast_raw(b, DType::Int64));
            let f = match mode {
                RoundingMode::Trunc => trunc_i,
                RoundingMode::Floor => floor_i,
            };
            let zero = AtomicBool::new(false);
            let v: Data<i64> = cpu::zip(&ai, &bi, &shape, |x: i64, y: i64| {
                f(x, y).unwrap_or_else(|| {
                    zero.store(true, Ordering::Relaxed);
                    0
                })
            });
            if zero.into_inner() {
                return Err(runtime("ZeroDivisionError"));
            }
            Ok(Tensor::from_buffer(i64::into_buffer(v), shape))
        }
        dt => {
            let (ac, bc) = (cast_raw(a, dt), cast_raw(b, dt));
            let buf = match (dt, mode) {
                (DType::Float64, RoundingMode::Floor) => {
                    f64::into_buffer(cpu::zip(&ac, &bc, &shape, floor_f::<f64>))
                }
                (DType::Float64, RoundingMode::Trunc) => {
                    f64::into_buffer(cpu::zip(&ac, &bc, &shape, trunc_f::<f64>))
                }
                (_, RoundingMode::Floor) => {
                    f32::into_buffer(cpu::zip(&ac, &bc, &shape, floor_f::<f32>))
                }
                (_, RoundingMode::Trunc) => {
                    f32::into_buffer(cpu::zip(&ac, &bc, &shape, trunc_f::<f32>))
                }
            };
            Ok(Tensor::from_buffer(buf, shape))
        }
    }
}

impl Tensor {
    /// The quotient rounded toward −∞, elementwise with broadcasting (`torch.floor_divide`,
    /// Python's `//`). Integer inputs stay integers, and an integer division by zero is an
    /// error (`ZeroDivisionError`); floats divide by zero to ±inf or NaN.
    ///
    /// As in PyTorch, the result is recorded without a derivative: a backward pass through it
    /// fails (use [`Tensor::try_div_rounding`] for a zero gradient).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([7i64, -7]);
    /// assert_eq!(a.try_floor_divide(&Tensor::new(2i64)).unwrap().to_vec::<i64>(), vec![3, -4]);
    /// let e = a.try_floor_divide(&Tensor::new(0i64)).unwrap_err();
    /// assert_eq!(e.to_string(), "ZeroDivisionError");
    ///
    /// let x = Tensor::new([7.5f32, -7.5]).requires_grad_(true);
    /// let y = x.try_floor_divide(&Tensor::new(2.0)).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, -4.0]);
    /// let e = y.sum().try_backward().unwrap_err();
    /// assert_eq!(e.to_string(), "derivative for aten::floor_divide is not implemented");
    /// ```
    #[track_caller]
    pub fn try_floor_divide(&self, other: &Tensor) -> Result<Tensor> {
        let out = forward(self, other, RoundingMode::Floor)?;
        if !out.dtype().is_floating_point() {
            return Ok(out);
        }
        record(
            "torch::autograd::NotImplemented",
            out,
            &[self, other],
            &[],
            false,
            |_| {
                Err(runtime(
                    "derivative for aten::floor_divide is not implemented",
                ))
            },
        )
    }

    /// Panicking [`Tensor::try_floor_divide`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([5.0, -5.0]);
    /// assert_eq!(a.floor_divide(&ferrograd::Tensor::new(0.0)).to_vec::<f32>(), vec![f32::INFINITY, f32::NEG_INFINITY]);
    /// ```
    #[track_caller]
    pub fn floor_divide(&self, other: &Tensor) -> Tensor {
        unwrap(self.try_floor_divide(other))
    }

    /// In-place [`Tensor::try_floor_divide`] (`floor_divide_`, Python's `//=`): the quotient
    /// must fit this tensor's dtype.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let t = Tensor::new([7i64, -7]);
    /// t.try_floor_divide_(&Tensor::new(2i64)).unwrap();
    /// assert_eq!(t.to_vec::<i64>(), vec![3, -4]);
    /// let e = t.try_floor_divide_(&Tensor::new(2.5)).unwrap_err();
    /// assert_eq!(e.to_string(), "result type Float can't be cast to the desired output type Long");
    /// ```
    #[track_caller]
    pub fn try_floor_divide_(&self, other: &Tensor) -> Result<&Tensor> {
        let rt = result_type(self, other);
        if rt.category() > self.dtype().category() {
            return Err(runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                rt.scalar_name(),
                self.dtype().scalar_name()
            )));
        }
        let q = {
            let _g = crate::no_grad();
            forward(self, other, RoundingMode::Floor)?
        };
        self.try_copy_(&q)
    }

    /// The quotient rounded as `mode` says (`torch.div(a, b, rounding_mode=...)`), with
    /// PyTorch's zero gradient (`DivBackward2`).
    ///
    /// ```
    /// use ferrograd::{ops::RoundingMode, Tensor};
    /// let x = Tensor::new([7.0f32, -7.0]).requires_grad_(true);
    /// let y = x.try_div_rounding(&Tensor::new(2.0), RoundingMode::Trunc).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, -3.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "DivBackward2");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_div_rounding(&self, other: &Tensor, mode: RoundingMode) -> Result<Tensor> {
        let out = forward(self, other, mode)?;
        if !out.dtype().is_floating_point() {
            return Ok(out);
        }
        let (sa, da, sb, db) = (
            self.shape().to_vec(),
            self.dtype(),
            other.shape().to_vec(),
            other.dtype(),
        );
        record("DivBackward2", out, &[self, other], &[], false, move |c| {
            let ga = c.grad_if(0, || Ok(Tensor::zeros_dtype(&sa, da)))?;
            let gb = c.grad_if(1, || Ok(Tensor::zeros_dtype(&sb, db)))?;
            Ok(vec![ga, gb])
        })
    }

    /// Panicking [`Tensor::try_div_rounding`].
    ///
    /// ```
    /// use ferrograd::{ops::RoundingMode, Tensor};
    /// let y = Tensor::new([7i64, -7]).div_rounding(&Tensor::new(2i64), RoundingMode::Floor);
    /// assert_eq!(y.to_vec::<i64>(), vec![3, -4]);
    /// ```
    #[track_caller]
    pub fn div_rounding(&self, other: &Tensor, mode: RoundingMode) -> Tensor {
        unwrap(self.try_div_rounding(other, mode))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_of_floats_matches_pytorch() {
        // PyTorch: tensor([-7.5, 7.5, -0.0, 0.5, -0.5]) // tensor([2.0, -2.0, 3.0, -1.0, 1.0])
        let a = Tensor::new([-7.5f32, 7.5, -0.0, 0.5, -0.5]);
        let b = Tensor::new([2.0f32, -2.0, 3.0, -1.0, 1.0]);
        let r = a.floor_divide(&b).to_vec::<f32>();
        assert_eq!(r, vec![-4.0, -4.0, -0.0, -1.0, -1.0]);
        assert!(r[2].is_sign_negative());
        let z = Tensor::new([1.0f64, -1.0, 0.0]).floor_divide(&Tensor::new(0.0f64));
        let z = z.to_vec::<f64>();
        assert_eq!(&z[..2], &[f64::INFINITY, f64::NEG_INFINITY]);
        assert!(z[2].is_nan());
    }

    #[test]
    fn floor_of_ints_rounds_down_and_refuses_zero() {
        let a = Tensor::new([7i64, -7, 7, -7, 0, i64::MIN]);
        let b = Tensor::new([2i64, 2, -2, -2, 3, -1]);
        assert_eq!(
            a.floor_divide(&b).to_vec::<i64>(),
            vec![3, -4, -4, 3, 0, i64::MIN]
        );
        let t = a.div_rounding(&b, RoundingMode::Trunc).to_vec::<i64>();
        assert_eq!(t, vec![3, -3, -3, 3, 0, i64::MIN]);
        let e = a
            .try_div_rounding(&Tensor::new(0i64), RoundingMode::Trunc)
            .unwrap_err();
        assert_eq!(e.to_string(), "ZeroDivisionError");
        let e = Tensor::new([true])
            .try_floor_divide(&Tensor::new([true]))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"div_floor_cpu\" not implemented for 'Bool'"
        );
    }

    #[test]
    fn rounding_div_has_zero_gradient_for_both_inputs() {
        let x = Tensor::new([3.0f64, -3.0]).requires_grad_(true);
        let y = Tensor::new([2.0f64]).requires_grad_(true);
        let q = x.div_rounding(&y, RoundingMode::Floor);
        assert_eq!(q.to_vec::<f64>(), vec![1.0, -2.0]);
        q.sum().backward();
        assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![0.0, 0.0]);
        assert_eq!(y.grad().unwrap().to_vec::<f64>(), vec![0.0]);
        assert_eq!(y.grad().unwrap().shape(), &[1]);
    }
}
