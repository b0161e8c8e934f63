//! Broadcasting arithmetic (`+ - * /`, `pow`), comparisons and `where`, with Rust operators.

use super::{
    broadcast_shapes, cast_cow, cast_raw, dispatch_any, dispatch_float, reduce_grad, result_type,
    result_type_scalar, Float, Scalar,
};
use crate::autograd::{record, record_with};
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::{Data, Element};
use crate::{DType, Tensor};

#[derive(Clone, Copy)]
enum Bin {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

/// Elementwise `a op b` in `dtype` over the broadcast shape, without autograd.
#[track_caller]
fn bin_raw(a: &Tensor, b: &Tensor, dtype: DType, op: Bin) -> Result<Tensor> {
    let shape = super::broadcast_dims(a.shape(), b.shape())?;
    crate::tensor::size::checked_storage_numel(&shape, dtype)?;
    let (ac, bc) = (cast_cow(a, dtype), cast_cow(b, dtype));
    let buf = match dtype {
        DType::Float32 => f32::into_buffer(zip_float::<f32>(&ac, &bc, &shape, op)),
        DType::Float64 => f64::into_buffer(zip_float::<f64>(&ac, &bc, &shape, op)),
        _ => {
            let (ac, bc) = (cast_raw(&ac, DType::Int64), cast_raw(&bc, DType::Int64));
            let v: Data<i64> = match op {
                Bin::Add => cpu::zip(&ac, &bc, &shape, |x: i64, y| x.wrapping_add(y)),
                Bin::Sub => cpu::zip(&ac, &bc, &shape, |x: i64, y| x.wrapping_sub(y)),
                Bin::Mul => cpu::zip(&ac, &bc, &shape, |x: i64, y| x.wrapping_mul(y)),
                Bin::Div => unreachable!("integer division is promoted to float"),
                Bin::Pow => cpu::zip(&ac, &bc, &shape, int_pow),
            };
            return Ok(cast_raw(
                &Tensor::from_buffer(i64::into_buffer(v), shape),
                dtype,
            ));
        }
    };
    Ok(Tensor::from_buffer(buf, shape))
}

#[track_caller]
fn zip_float<T: Float>(a: &Tensor, b: &Tensor, shape: &[usize], op: Bin) -> Data<T> {
    match op {
        Bin::Add => cpu::zip(a, b, shape, |x: T, y: T| x + y),
        Bin::Sub => cpu::zip(a, b, shape, |x: T, y: T| x - y),
        Bin::Mul => cpu::zip(a, b, shape, |x: T, y: T| x * y),
        Bin::Div => cpu::zip(a, b, shape, |x: T, y: T| x / y),
        Bin::Pow => cpu::zip(a, b, shape, |x: T, y: T| x.powf(y)),
    }
}

/// `x op s` for a number, in `dtype`, without autograd (an integer `s` exactly, for int64;
/// integer arithmetic wraps, as PyTorch's).
#[track_caller]
pub(crate) fn scalar_raw(x: &Tensor, s: Scalar, dtype: DType, op: ScalarOp) -> Tensor {
    let buf = match dtype {
        DType::Float32 | DType::Float64 => dispatch_float!(dtype, T => {
            let xc = cast_cow(x, dtype);
            let c = T::from_scalar(s);
            let v: Data<T> = match op {
                ScalarOp::Add => cpu::map(&xc, move |v: T| v + c),
                ScalarOp::Sub => cpu::map(&xc, move |v: T| v - c),
                ScalarOp::RSub => cpu::map(&xc, move |v: T| c - v),
                ScalarOp::Mul => cpu::map(&xc, move |v: T| v * c),
                ScalarOp::Div => cpu::map(&xc, move |v: T| v / c),
            };
            T::into_buffer(v)
        }),
        _ => {
            let xc = cast_cow(x, DType::Int64);
            let c = i64::from_scalar(s);
            let v: Data<i64> = match op {
                ScalarOp::Add => cpu::map(&xc, move |v: i64| v.wrapping_add(c)),
                ScalarOp::Sub => cpu::map(&xc, move |v: i64| v.wrapping_sub(c)),
                ScalarOp::RSub => cpu::map(&xc, move |v: i64| c.wrapping_sub(v)),
                ScalarOp::Mul => cpu::map(&xc, move |v: i64| v.wrapping_mul(c)),
                ScalarOp::Div => unreachable!("integer division is promoted to float"),
            };
            i64::into_buffer(v)
        }
    };
    let t = Tensor::from_buffer(buf, x.dims());
    if dtype == DType::Bool {
        cast_raw(&t, DType::Bool)
    } else {
        t
    }
}

/// The second operand of an op with an `alpha` factor: a tensor, or a number (which PyTorch
/// wraps in a tensor of the result dtype).
#[derive(Clone, Copy)]
enum Other<'a> {
    T(&'a Tensor),
    S(Scalar),
}

/// Which of PyTorch's arithmetic ops with an `alpha` factor.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AlphaOp {
    /// `self + alpha * other`
    Add,
    /// `self - alpha * other`
    Sub,
    /// `other - alpha * self`
    RSub,
}

impl AlphaOp {
    fn name(self) -> &'static str {
        match self {
            AlphaOp::Add => "AddBackward0",
            AlphaOp::Sub => "SubBackward0",
            AlphaOp::RSub => "RsubBackward0",
        }
    }
}

/// Whether `alpha` is 1 (PyTorch then neither scales the gradient nor keeps a product).
pub(crate) fn is_one(alpha: Scalar) -> bool {
    match alpha {
        Scalar::Float(v) => v == 1.0,
        Scalar::Int(v) => v == 1,
        Scalar::Bool(v) => v,
    }
}

/// PyTorch's `maybe_multiply`: the gradient `g` scaled by `alpha`, with no product (and no
/// recorded node) for alpha 1.
pub(crate) fn maybe_multiply(g: Tensor, alpha: Scalar) -> Result<Tensor> {
    if is_one(alpha) {
        Ok(g)
    } else {
        g.try_mul_scalar(alpha)
    }
}

/// `-alpha`, exact for integers (wrapping, as PyTorch's int64 arithmetic).
fn neg_scalar(alpha: Scalar) -> Scalar {
    match alpha {
        Scalar::Float(v) => Scalar::Float(-v),
        Scalar::Int(v) => Scalar::Int(v.wrapping_neg()),
        b @ Scalar::Bool(_) => b,
    }
}

/// PyTorch's checks of an `alpha` factor against the result dtype `dt`.
pub(crate) fn check_alpha(dt: DType, alpha: Scalar) -> Result<()> {
    match alpha {
        Scalar::Float(_) if !dt.is_floating_point() => Err(runtime(
            "For integral input tensors, argument alpha must not be a floating point number.",
        )),
        Scalar::Bool(_) if dt != DType::Bool => {
            Err(runtime("Boolean alpha only supported for Boolean results."))
        }
        _ => Ok(()),
    }
}

/// `x + a * y` in `dtype` over the broadcast shape, without autograd: rounded once for floats
/// (a fused multiply-add, as PyTorch's `add` with `alpha`), wrapping for int64, and
/// `x | (a & y)` for bool (a nonzero `a` is true).
#[track_caller]
fn axpy_raw(x: &Tensor, y: &Tensor, a: Scalar, dtype: DType) -> Result<Tensor> {
    let shape = super::broadcast_dims(x.shape(), y.shape())?;
    crate::tensor::size::checked_storage_numel(&shape, dtype)?;
    let (xc, yc) = (cast_cow(x, dtype), cast_cow(y, dtype));
    let buf = match dtype {
        DType::Float32 | DType::Float64 => dispatch_float!(dtype, T => {
            let a = T::from_scalar(a);
            T::into_buffer(cpu::with_fma(|| {
                cpu::zip(&xc, &yc, &shape, move |p: T, q: T| q.mul_add(a, p))
            }))
        }),
        DType::Bool => {
            let a = a.to_f64() != 0.0;
            bool::into_buffer(cpu::zip(&xc, &yc, &shape, move |p: bool, q: bool| {
                p | (a & q)
            }))
        }
        _ => {
            let a = i64::from_scalar(a);
            let v: Data<i64> = cpu::zip(&xc, &yc, &shape, move |p: i64, q: i64| {
                p.wrapping_add(a.wrapping_mul(q))
            });
            i64::into_buffer(v)
        }
    };
    Ok(Tensor::from_buffer(buf, shape))
}

/// PyTorch's refusal of a subtraction with a bool operand (`a` and `b` are the operands'
/// dtypes; a number counts as bool only when it is one).
pub(crate) fn sub_check(a: DType, b: DType) -> Result<()> {
    match (a == DType::Bool, b == DType::Bool) {
        (true, true) => Err(not_implemented(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
        )),
        (true, false) | (false, true) => Err(not_implemented(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
        )),
        (false, false) => Ok(()),
    }
}

#[derive(Clone, Copy)]
pub(crate) enum ScalarOp {
    Add,
    Sub,
    RSub,
    Mul,
    Div,
}

impl Tensor {
    /// `self + other` with broadcasting (`AddBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[1.0], [2.0]]);
    /// let b = Tensor::new([10.0, 20.0]);
    /// assert_eq!(a.try_add(&b).unwrap().to_vec::<f32>(), vec![11.0, 21.0, 12.0, 22.0]);
    /// ```
    #[track_caller]
    pub fn try_add(&self, other: &Tensor) -> Result<Tensor> {
        // two bool tensors add as bool (a logical OR), as in PyTorch
        let dt = result_type(self, other);
        let out = bin_raw(self, other, dt, Bin::Add)?;
        let (sa, da, sb, db) = (self.dims(), self.dtype(), other.dims(), other.dtype());
        record("AddBackward0", out, &[self, other], &[], false, move |c| {
            Ok(vec![
                c.grad_if(0, || reduce_grad(c.grad, &sa, da))?,
                c.grad_if(1, || reduce_grad(c.grad, &sb, db))?,
            ])
        })
    }

    /// `self - other` with broadcasting (`SubBackward0`).
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([5, 7]);
    /// assert_eq!(a.try_sub(&ferrograd::Tensor::new([1, 2])).unwrap().to_vec::<i64>(), vec![4, 5]);
    /// ```
    #[track_caller]
    pub fn try_sub(&self, other: &Tensor) -> Result<Tensor> {
        sub_check(self.dtype(), other.dtype())?;
        let dt = result_type(self, other);
        let out = bin_raw(self, other, dt, Bin::Sub)?;
        let (sa, da, sb, db) = (self.dims(), self.dtype(), other.dims(), other.dtype());
        record("SubBackward0", out, &[self, other], &[], false, move |c| {
            Ok(vec![
                c.grad_if(0, || reduce_grad(c.grad, &sa, da))?,
                c.grad_if(1, || reduce_grad(&c.grad.try_neg()?, &sb, db))?,
            ])
        })
    }

    /// `self + alpha * other` with broadcasting (PyTorch's `add(self, other, alpha=alpha)`, one
    /// `AddBackward0` node that keeps `alpha`). A float result is rounded once (a fused
    /// multiply-add, as PyTorch's kernel computes it), an integer one wraps, and a bool one is
    /// `self | (alpha & other)`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let b = Tensor::new([10.0, 20.0]).requires_grad_(true);
    /// let y = a.try_add_alpha(&b, 0.5).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![6.0, 12.0]);
    /// y.sum().backward();
    /// assert_eq!(b.grad().unwrap().to_vec::<f32>(), vec![0.5, 0.5]);
    /// assert_eq!(y.grad_fn().unwrap().saved_value("alpha"), Some(ferrograd::Scalar::Float(0.5)));
    /// // a float alpha cannot scale an integer result
    /// assert!(Tensor::new([1]).try_add_alpha(&Tensor::new([1]), 0.5).is_err());
    /// ```
    #[track_caller]
    pub fn try_add_alpha(&self, other: &Tensor, alpha: impl Into<Scalar>) -> Result<Tensor> {
        self.alpha_op(Other::T(other), alpha.into(), AlphaOp::Add)
    }

    /// `self - alpha * other` with broadcasting (PyTorch's `sub(self, other, alpha=alpha)`,
    /// `SubBackward0`), rounded as [`Tensor::try_add_alpha`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([5, 7]);
    /// assert_eq!(a.try_sub_alpha(&Tensor::new([1, 2]), 2).unwrap().to_vec::<i64>(), vec![3, 3]);
    /// ```
    #[track_caller]
    pub fn try_sub_alpha(&self, other: &Tensor, alpha: impl Into<Scalar>) -> Result<Tensor> {
        self.alpha_op(Other::T(other), alpha.into(), AlphaOp::Sub)
    }

    /// `other - alpha * self` with broadcasting (PyTorch's `torch.rsub(self, other, alpha=alpha)`,
    /// `RsubBackward0`), rounded as [`Tensor::try_add_alpha`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = a.try_rsub(&Tensor::new([3.0, 5.0]), 2).unwrap();
    /// assert_eq!(y.to_string(), "tensor([1., 1.], grad_fn=<RsubBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![-2.0, -2.0]);
    /// ```
    #[track_caller]
    pub fn try_rsub(&self, other: &Tensor, alpha: impl Into<Scalar>) -> Result<Tensor> {
        self.alpha_op(Other::T(other), alpha.into(), AlphaOp::RSub)
    }

    /// [`Tensor::try_rsub`] that panics on error.
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1.0, 2.0]);
    /// assert_eq!(a.rsub(&ferrograd::Tensor::new(4.0), 1).to_vec::<f32>(), vec![3.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn rsub(&self, other: &Tensor, alpha: impl Into<Scalar>) -> Tensor {
        unwrap(self.try_rsub(other, alpha))
    }

    /// `self + alpha * s` for a number (PyTorch's `add(self, s, alpha=alpha)`: `AddBackward0`,
    /// with the number's empty edge), rounded as [`Tensor::try_add_alpha`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1.0, 2.0]);
    /// assert_eq!(a.try_add_scalar_alpha(2, 3).unwrap().to_vec::<f32>(), vec![7.0, 8.0]);
    /// ```
    #[track_caller]
    pub fn try_add_scalar_alpha(
        &self,
        s: impl Into<Scalar>,
        alpha: impl Into<Scalar>,
    ) -> Result<Tensor> {
        self.alpha_op(Other::S(s.into()), alpha.into(), AlphaOp::Add)
    }

    /// `self - alpha * s` for a number (`SubBackward0`), rounded as [`Tensor::try_add_alpha`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1.0, 2.0]);
    /// assert_eq!(a.try_sub_scalar_alpha(2, 3).unwrap().to_vec::<f32>(), vec![-5.0, -4.0]);
    /// ```
    #[track_caller]
    pub fn try_sub_scalar_alpha(
        &self,
        s: impl Into<Scalar>,
        alpha: impl Into<Scalar>,
    ) -> Result<Tensor> {
        self.alpha_op(Other::S(s.into()), alpha.into(), AlphaOp::Sub)
    }

    /// `s - alpha * self` for a number (PyTorch's `torch.rsub(self, s, alpha)`:
    /// `RsubBackward1`), rounded as [`Tensor::try_add_alpha`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = a.try_rsub_scalar_alpha(2, 3).unwrap();
    /// assert_eq!(y.to_string(), "tensor([-1., -4.], grad_fn=<RsubBackward1>)");
    /// ```
    #[track_caller]
    pub fn try_rsub_scalar_alpha(
        &self,
        s: impl Into<Scalar>,
        alpha: impl Into<Scalar>,
    ) -> Result<Tensor> {
        self.alpha_op(Other::S(s.into()), alpha.into(), AlphaOp::RSub)
    }

    #[track_caller]
    fn alpha_op(&self, other: Other<'_>, alpha: Scalar, op: AlphaOp) -> Result<Tensor> {
        let (odt, dt) = match other {
            Other::T(o) => (o.dtype(), result_type(self, o)),
            Other::S(s) => (s.default_dtype(), result_type_scalar(self, s)),
        };
        match op {
            AlphaOp::Add => {}
            AlphaOp::Sub => sub_check(self.dtype(), odt)?,
            AlphaOp::RSub => sub_check(odt, self.dtype())?,
        }
        check_alpha(dt, alpha)?;
        // a number takes part as PyTorch's wrapped tensor: in the result dtype
        let wrapped;
        let o = match other {
            Other::T(o) => o,
            Other::S(s) => {
                wrapped = Tensor::from_scalar(s, dt);
                &wrapped
            }
        };
        // `x + a * y`: for `rsub`, `other - alpha * self`
        let (x, y, a) = match op {
            AlphaOp::Add => (self, o, alpha),
            AlphaOp::Sub => (self, o, neg_scalar(alpha)),
            AlphaOp::RSub => (o, self, neg_scalar(alpha)),
        };
        let out = axpy_raw(x, y, a, dt)?;
        let (sa, da, sb, db) = (self.dims(), self.dtype(), o.dims(), o.dtype());
        let scaled = move |g: Tensor| maybe_multiply(g, alpha);
        let self_grad = move |g: &Tensor| -> Result<Tensor> {
            let g = match op {
                AlphaOp::Add | AlphaOp::Sub => g.clone(),
                AlphaOp::RSub => scaled(g.try_neg()?)?,
            };
            reduce_grad(&g, &sa, da)
        };
        let out = match other {
            Other::T(o) => record(op.name(), out, &[self, o], &[], false, move |c| {
                let gb = match op {
                    AlphaOp::Add => c.grad_if(1, || scaled(c.grad.clone()))?,
                    AlphaOp::Sub => c.grad_if(1, || scaled(c.grad.try_neg()?))?,
                    AlphaOp::RSub => c.grad_if(1, || Ok(c.grad.clone()))?,
                };
                Ok(vec![
                    c.grad_if(0, || self_grad(c.grad))?,
                    gb.map(|g| reduce_grad(&g, &sb, db)).transpose()?,
                ])
            })?,
            // the number shows as an empty edge, but for `rsub`, which takes it as an attribute
            Other::S(_) if op == AlphaOp::RSub => record_with(
                "RsubBackward1",
                out,
                &[self],
                0,
                &[],
                false,
                false,
                move |c| Ok(vec![Some(self_grad(c.grad)?)]),
            )?,
            Other::S(_) => record_with(op.name(), out, &[self], 1, &[], false, false, move |c| {
                Ok(vec![Some(self_grad(c.grad)?), None])
            })?,
        };
        if !is_one(alpha) {
            let node = match other {
                Other::S(_) if op == AlphaOp::RSub => "RsubBackward1",
                _ => op.name(),
            };
            crate::autograd::keep_value(&out, node, "alpha", alpha);
        }
        Ok(out)
    }

    /// `self * other` with broadcasting (`MulBackward0`).
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1.0, 2.0]);
    /// assert_eq!(a.try_mul(&a).unwrap().to_vec::<f32>(), vec![1.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn try_mul(&self, other: &Tensor) -> Result<Tensor> {
        // two bool tensors multiply as bool (a logical AND)
        let dt = result_type(self, other);
        let out = bin_raw(self, other, dt, Bin::Mul)?;
        let (sa, da, sb, db) = (self.dims(), self.dtype(), other.dims(), other.dtype());
        record(
            "MulBackward0",
            out,
            &[self, other],
            &[("self", self), ("other", other)],
            false,
            move |c| {
                let (a, b) = (&c.saved[0], &c.saved[1]);
                Ok(vec![
                    c.grad_if(0, || reduce_grad(&c.grad.try_mul(b)?, &sa, da))?,
                    c.grad_if(1, || reduce_grad(&c.grad.try_mul(a)?, &sb, db))?,
                ])
            },
        )
    }

    /// `self / other` with broadcasting; integers divide as floats (`DivBackward0`).
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1, 3]);
    /// assert_eq!(a.try_div(&ferrograd::Tensor::new(2)).unwrap().to_vec::<f32>(), vec![0.5, 1.5]);
    /// ```
    #[track_caller]
    pub fn try_div(&self, other: &Tensor) -> Result<Tensor> {
        let mut dt = result_type(self, other);
        if !dt.is_floating_point() {
            dt = crate::get_default_dtype();
        }
        let out = bin_raw(self, other, dt, Bin::Div)?;
        let (sa, da, sb, db) = (self.dims(), self.dtype(), other.dims(), other.dtype());
        record(
            "DivBackward0",
            out,
            &[self, other],
            &[("self", self), ("other", other)],
            false,
            move |c| {
                let (a, b) = (&c.saved[0], &c.saved[1]);
                Ok(vec![
                    c.grad_if(0, || reduce_grad(&c.grad.try_div(b)?, &sa, da))?,
                    if c.needs(1) {
                        // PyTorch's -g * ((a / b) / b): b² would overflow or underflow
                        let gb = c.grad.try_neg()?.try_mul(&a.try_div(b)?.try_div(b)?)?;
                        Some(reduce_grad(&gb, &sb, db)?)
                    } else {
                        None
                    },
                ])
            },
        )
    }

    /// `self ** exponent` elementwise for a tensor exponent (`PowBackward1`).
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([2.0, 3.0]);
    /// let e = ferrograd::Tensor::new([3.0, 2.0]);
    /// assert_eq!(a.try_pow_tensor(&e).unwrap().to_vec::<f32>(), vec![8.0, 9.0]);
    /// ```
    #[track_caller]
    pub fn try_pow_tensor(&self, exponent: &Tensor) -> Result<Tensor> {
        let dt = result_type(self, exponent);
        if dt == DType::Bool {
            return Err(not_implemented("\"pow\" not implemented for 'Bool'"));
        }
        let out = bin_raw(self, exponent, dt, Bin::Pow)?;
        let (sa, da, sb, db) = (self.dims(), self.dtype(), exponent.dims(), exponent.dtype());
        record(
            "PowBackward1",
            out,
            &[self, exponent],
            &[("self", self), ("exponent", exponent)],
            true,
            move |c| {
                let (a, b, r) = (&c.saved[0], &c.saved[1], &c.saved[2]);
                let ga = if c.needs(0) {
                    // g * b * a^(b-1)
                    let t = c
                        .grad
                        .try_mul(b)?
                        .try_mul(&a.try_pow_tensor(&b.try_sub_scalar(1.0)?)?)?;
                    // taken as 0 where the exponent is 0 (0 · 0^-1 would be nan), as PyTorch does
                    let t = Tensor::try_where(
                        &b.eq_scalar(0.0),
                        &Tensor::scalar_tensor(0.0, t.dtype()),
                        &t,
                    )?;
                    Some(reduce_grad(&t, &sa, da)?)
                } else {
                    None
                };
                let gb = if c.needs(1) {
                    // g * a^b * ln(a), taken as 0 where a == 0 and b >= 0
                    let t = c.grad.try_mul(&r.try_mul(&a.try_log()?)?)?;
                    let mask = a.eq_scalar(0.0).logical_and(&b.ge_scalar(0.0));
                    let t = Tensor::try_where(&mask, &Tensor::scalar_tensor(0.0, t.dtype()), &t)?;
                    Some(reduce_grad(&t, &sb, db)?)
                } else {
                    None
                };
                Ok(vec![ga, gb])
            },
        )
    }

    /// `self ** exponent` for a scalar exponent (`PowBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(9.0).requires_grad_(true);
    /// let y = x.try_pow(2.0).unwrap();
    /// assert_eq!(y.to_string(), "tensor(81., grad_fn=<PowBackward0>)");
    /// ```
    #[track_caller]
    pub fn try_pow(&self, exponent: impl Into<Scalar>) -> Result<Tensor> {
        let e = exponent.into();
        let dt = result_type_scalar(self, e);
        let ef = e.to_f64();
        let xc = cast_raw(self, dt);
        let buf = match dt {
            DType::Float32 | DType::Float64 => dispatch_float!(dt, T => {
                let c = T::from_f64(ef);
                T::into_buffer(pow_scalar_kernel::<T>(&xc, ef, c))
            }),
            _ => {
                let ei = ef as i64;
                if ei < 0 {
                    return Err(runtime(
                        "Integers to negative integer powers are not allowed.",
                    ));
                }
                i64::into_buffer(cpu::map(&cast_raw(&xc, DType::Int64), move |v: i64| {
                    int_pow(v, ei)
                }))
            }
        };
        let out = Tensor::from_buffer(buf, self.dims());
        let out = if dt == DType::Bool {
            cast_raw(&out, DType::Bool)
        } else {
            out
        };
        let da = self.dtype();
        record(
            "PowBackward0",
            out,
            &[self],
            &[("self", self)],
            false,
            move |c| {
                if ef == 0.0 {
                    return Ok(vec![Some(c.grad.zeros_like().try_to_dtype(da)?)]);
                }
                let x = &c.saved[0];
                if let Some(g) = fused_pow_backward(c.grad, x, ef, da) {
                    return Ok(vec![Some(g)]);
                }
                let d = x.try_pow(ef - 1.0)?.try_mul_scalar(ef)?;
                Ok(vec![Some(reduce_grad(
                    &c.grad.try_mul(&d)?,
                    x.shape(),
                    da,
                )?)])
            },
        )
    }

    /// `base ** self` for a scalar base (`PowBackward2`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([0.0, 3.0]);
    /// assert_eq!(x.try_rpow(2.0).unwrap().to_vec::<f32>(), vec![1.0, 8.0]);
    /// ```
    #[track_caller]
    pub fn try_rpow(&self, base: impl Into<Scalar>) -> Result<Tensor> {
        let b = base.into();
        let mut dt = result_type_scalar(self, b);
        if !dt.is_floating_point() && b.to_f64().fract() != 0.0 {
            dt = crate::get_default_dtype();
        }
        let bf = b.to_f64();
        let base_t = Tensor::scalar_tensor(bf, dt);
        let out = bin_raw(&base_t, self, dt, Bin::Pow)?;
        let da = self.dtype();
        record("PowBackward2", out, &[self], &[], true, move |c| {
            let r = &c.saved[0];
            // base 0: the derivative is taken as 0 where the exponent is >= 0, as PyTorch does
            let t = if bf == 0.0 {
                // 0^x is finite (0 or 1) exactly where x >= 0
                let t = c.grad.try_mul(r)?.try_mul_scalar(f64::NEG_INFINITY)?;
                Tensor::try_where(
                    &r.le_scalar(1.0),
                    &Tensor::scalar_tensor(0.0, t.dtype()),
                    &t,
                )?
            } else {
                c.grad.try_mul(r)?.try_mul_scalar(bf.ln())?
            };
            Ok(vec![Some(reduce_grad(&t, r.shape(), da)?)])
        })
    }

    #[track_caller]
    pub(crate) fn scalar_op(&self, s: Scalar, op: ScalarOp) -> Result<Tensor> {
        let mut dt = result_type_scalar(self, s);
        if matches!(op, ScalarOp::Div) && !dt.is_floating_point() {
            dt = crate::get_default_dtype();
        }
        if matches!(op, ScalarOp::Sub | ScalarOp::RSub) {
            sub_check(self.dtype(), s.default_dtype())?;
        }
        let v = s.to_f64();
        let out = scalar_raw(self, s, dt, op);
        let da = self.dtype();
        type Rule = fn(&Tensor, f64) -> Result<Tensor>;
        let (name, f): (&'static str, Rule) = match op {
            ScalarOp::Add => ("AddBackward0", |g, _| Ok(g.clone())),
            ScalarOp::Sub => ("SubBackward0", |g, _| Ok(g.clone())),
            ScalarOp::RSub => ("RsubBackward1", |g, _| g.try_neg()),
            ScalarOp::Mul => ("MulBackward0", |g, v| g.try_mul_scalar(v)),
            ScalarOp::Div => ("DivBackward0", |g, v| g.try_div_scalar(v)),
        };
        // PyTorch wraps the number in a tensor that does not require grad, which shows as a
        // second, empty edge in `next_functions` (`rsub` takes the number as an attribute).
        let extra = usize::from(!matches!(op, ScalarOp::RSub));
        // PyTorch saves the number of a product or quotient (a wrapped tensor): a second
        // backward pass through it is refused
        let holds = matches!(op, ScalarOp::Mul | ScalarOp::Div);
        record_with(name, out, &[self], extra, &[], false, holds, move |c| {
            let g = f(c.grad, v)?;
            Ok(vec![Some(if g.dtype() != da {
                g.try_to_dtype(da)?
            } else {
                g
            })])
        })
    }

    /// `self + s` for a Rust number (`AddBackward0`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1, 2]).try_add_scalar(1).unwrap().to_vec::<i64>(), vec![2, 3]);
    /// ```
    #[track_caller]
    pub fn try_add_scalar(&self, s: impl Into<Scalar>) -> Result<Tensor> {
        self.scalar_op(s.into(), ScalarOp::Add)
    }
    /// `self - s` for a Rust number (`SubBackward0`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.5]).try_sub_scalar(1).unwrap().item(), 0.5);
    /// ```
    #[track_caller]
    pub fn try_sub_scalar(&self, s: impl Into<Scalar>) -> Result<Tensor> {
        self.scalar_op(s.into(), ScalarOp::Sub)
    }
    /// `s - self` for a Rust number (`RsubBackward1`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([0.25]).try_rsub_scalar(1.0).unwrap().item(), 0.75);
    /// ```
    #[track_caller]
    pub fn try_rsub_scalar(&self, s: impl Into<Scalar>) -> Result<Tensor> {
        self.scalar_op(s.into(), ScalarOp::RSub)
    }
    /// `self * s` for a Rust number (`MulBackward0`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([2.0]).try_mul_scalar(3).unwrap().item(), 6.0);
    /// ```
    #[track_caller]
    pub fn try_mul_scalar(&self, s: impl Into<Scalar>) -> Result<Tensor> {
        self.scalar_op(s.into(), ScalarOp::Mul)
    }
    /// `self / s` for a Rust number (`DivBackward0`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([3]).try_div_scalar(2).unwrap().item(), 1.5);
    /// ```
    #[track_caller]
    pub fn try_div_scalar(&self, s: impl Into<Scalar>) -> Result<Tensor> {
        self.scalar_op(s.into(), ScalarOp::Div)
    }
    /// `s / self` for a Rust number: `reciprocal(self) * s` (`MulBackward0` over `ReciprocalBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(4.0).requires_grad_(true);
    /// let y = x.try_rdiv_scalar(2.0).unwrap();
    /// assert_eq!(y.item(), 0.5);
    /// assert_eq!(y.grad_fn().unwrap().name(), "MulBackward0");
    /// ```
    #[track_caller]
    pub fn try_rdiv_scalar(&self, s: impl Into<Scalar>) -> Result<Tensor> {
        self.try_reciprocal()?.try_mul_scalar(s)
    }

    /// `self ** e` for a scalar exponent; see [`Tensor::try_pow`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(3.0).pow(2.0).item(), 9.0);
    /// ```
    #[track_caller]
    pub fn pow(&self, exponent: impl Into<Scalar>) -> Tensor {
        unwrap(self.try_pow(exponent))
    }
    /// `self ** e` for a tensor exponent; see [`Tensor::try_pow_tensor`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::new(2.0);
    /// assert_eq!(a.pow_tensor(&ferrograd::Tensor::new(10.0)).item(), 1024.0);
    /// ```
    #[track_caller]
    pub fn pow_tensor(&self, exponent: &Tensor) -> Tensor {
        unwrap(self.try_pow_tensor(exponent))
    }
    /// `base ** self`; see [`Tensor::try_rpow`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(3.0).rpow(2.0).item(), 8.0);
    /// ```
    #[track_caller]
    pub fn rpow(&self, base: impl Into<Scalar>) -> Tensor {
        unwrap(self.try_rpow(base))
    }

    /// `where(condition, a, b)`: elements of `a` where `condition` is true, else of `b`
    /// (`WhereBackward0`; all three broadcast).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let c = Tensor::new([true, false]);
    /// let r = Tensor::try_where(&c, &Tensor::new([1.0, 2.0]), &Tensor::new(0.0)).unwrap();
    /// assert_eq!(r.to_vec::<f32>(), vec![1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_where(condition: &Tensor, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        if condition.dtype() != DType::Bool {
            return Err(runtime(format!(
                "where expected condition to be a boolean tensor, but got a tensor with dtype {}",
                condition.dtype().scalar_name()
            )));
        }
        let dt = result_type(a, b);
        let shape = broadcast_shapes(&broadcast_shapes(condition.shape(), a.shape())?, b.shape())?;
        let (ac, bc) = (cast_raw(a, dt), cast_raw(b, dt));
        let ce = condition.expand_raw(&shape);
        let (ae, be) = (ac.expand_raw(&shape), bc.expand_raw(&shape));
        let cond = ce.to_vec::<bool>();
        let buf = dispatch_any!(dt, T => {
            let x = ae.to_vec::<T>();
            let y = be.to_vec::<T>();
            let v: Vec<T> = cond.iter().zip(x.iter().zip(&y)).map(|(&c, (&p, &q))| if c { p } else { q }).collect();
            T::into_buffer(v)
        });
        let out = Tensor::from_buffer(buf, shape);
        let (sa, da, sb, db) = (a.dims(), a.dtype(), b.dims(), b.dtype());
        record(
            "WhereBackward0",
            out,
            &[a, b],
            &[("condition", condition)],
            false,
            move |c| {
                let cond = &c.saved[0];
                let zero = Tensor::scalar_tensor(0.0, c.grad.dtype());
                Ok(vec![
                    c.grad_if(0, || {
                        reduce_grad(&Tensor::try_where(cond, c.grad, &zero)?, &sa, da)
                    })?,
                    c.grad_if(1, || {
                        reduce_grad(&Tensor::try_where(cond, &zero, c.grad)?, &sb, db)
                    })?,
                ])
            },
        )
    }

    /// Panicking [`Tensor::try_where`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([-1.0, 2.0]);
    /// let r = Tensor::where_(&x.gt_scalar(0.0), &x, &Tensor::new(0.0));
    /// assert_eq!(r.to_vec::<f32>(), vec![0.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn where_(condition: &Tensor, a: &Tensor, b: &Tensor) -> Tensor {
        unwrap(Tensor::try_where(condition, a, b))
    }

    /// Elementwise logical and of two bool tensors (broadcasting).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let r = Tensor::new([true, true]).logical_and(&Tensor::new([true, false]));
    /// assert_eq!(r.to_vec::<bool>(), vec![true, false]);
    /// ```
    #[track_caller]
    pub fn logical_and(&self, other: &Tensor) -> Tensor {
        let shape = unwrap(broadcast_shapes(self.shape(), other.shape()));
        let (a, b) = (cast_raw(self, DType::Bool), cast_raw(other, DType::Bool));
        Tensor::from_buffer(
            bool::into_buffer(cpu::zip(&a, &b, &shape, |x: bool, y: bool| x && y)),
            shape,
        )
    }

    /// Elementwise logical or (nonzero is true), broadcasting, as a bool tensor.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let r = Tensor::new([true, false]).logical_or(&Tensor::new([false, false]));
    /// assert_eq!(r.to_vec::<bool>(), vec![true, false]);
    /// ```
    #[track_caller]
    pub fn logical_or(&self, other: &Tensor) -> Tensor {
        let shape = unwrap(broadcast_shapes(self.shape(), other.shape()));
        let (a, b) = (cast_raw(self, DType::Bool), cast_raw(other, DType::Bool));
        Tensor::from_buffer(
            bool::into_buffer(cpu::zip(&a, &b, &shape, |x: bool, y: bool| x || y)),
            shape,
        )
    }

    /// Elementwise logical not (zero is false), as a bool tensor.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::new([0.0, 2.0]).logical_not().to_vec::<bool>(), vec![true, false]);
    /// ```
    pub fn logical_not(&self) -> Tensor {
        self.eq_scalar(false)
    }
}

/// `v ** e` as the forward kernel computes it (`c` is `e` in `T`).
#[inline(always)]
/// `x ** y` for integers, wrapping on overflow as PyTorch does; a negative exponent gives
/// `1 / x ** -y` truncated: 1 for 1, ±1 for -1, 0 otherwise.
fn int_pow(x: i64, y: i64) -> i64 {
    if y < 0 {
        return match x {
            1 => 1,
            -1 if y % 2 != 0 => -1,
            -1 => 1,
            _ => 0,
        };
    }
    let (mut base, mut e, mut acc) = (x, y as u64, 1i64);
    while e > 0 {
        if e & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        e >>= 1;
    }
    acc
}

/// `v ** e` as PyTorch's scalar-exponent kernel computes it: products for 2 and 3, `sqrt` for
/// 0.5, `1 / sqrt` for -0.5, reciprocals for -1 and -2, else `pow` (so `(-0.0) ** 0.5` is -0.0
/// and `(-0.0) ** -0.5` is -inf, where `pow` gives 0.0 and inf).
fn pow_elem<T: Float>(v: T, e: f64, c: T) -> T {
    if e == 2.0 {
        v * v
    } else if e == 0.0 {
        T::ONE
    } else if e == 1.0 {
        v
    } else if e == 3.0 {
        v * v * v
    } else if e == 0.5 {
        v.sqrt()
    } else if e == -0.5 {
        T::ONE / v.sqrt()
    } else if e == -1.0 {
        T::ONE / v
    } else if e == -2.0 {
        T::ONE / (v * v)
    } else {
        v.powf(c)
    }
}

/// The backward of `x ** e` in one pass when no graph is being created: `g * (x^(e-1) * e)`,
/// the same operations in the same order as the rule written with ops.
fn fused_pow_backward(g: &Tensor, x: &Tensor, ef: f64, da: DType) -> Option<Tensor> {
    if crate::is_grad_enabled() || crate::autograd::forward_ad::active() {
        return None;
    }
    if g.dtype() != da || x.dtype() != da || g.shape() != x.shape() {
        return None;
    }
    let e = ef - 1.0;
    let buf = match da {
        DType::Float32 => {
            let (ce, cf) = (e as f32, ef as f32);
            f32::into_buffer(cpu::zip(g, x, g.shape(), move |g: f32, v: f32| {
                g * (pow_elem(v, e, ce) * cf)
            }))
        }
        DType::Float64 => f64::into_buffer(cpu::zip(g, x, g.shape(), move |g: f64, v: f64| {
            g * (pow_elem(v, e, e) * ef)
        })),
        _ => return None,
    };
    Some(Tensor::from_buffer(buf, g.dims()))
}

#[track_caller]
fn pow_scalar_kernel<T: Float>(x: &Tensor, ef: f64, c: T) -> Data<T> {
    cpu::map(x, move |v: T| pow_elem(v, ef, c))
}

#[derive(Clone, Copy)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[allow(clippy::bool_comparison)]
#[track_caller]
fn compare(a: &Tensor, b: &Tensor, op: Cmp) -> Result<Tensor> {
    let dt = result_type(a, b);
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let (ac, bc) = (cast_raw(a, dt), cast_raw(b, dt));
    let v: Data<bool> = dispatch_any!(dt, T => match op {
        Cmp::Eq => cpu::zip(&ac, &bc, &shape, |x: T, y: T| x == y),
        Cmp::Ne => cpu::zip(&ac, &bc, &shape, |x: T, y: T| x != y),
        Cmp::Lt => cpu::zip(&ac, &bc, &shape, |x: T, y: T| x < y),
        Cmp::Le => cpu::zip(&ac, &bc, &shape, |x: T, y: T| x <= y),
        Cmp::Gt => cpu::zip(&ac, &bc, &shape, |x: T, y: T| x > y),
        Cmp::Ge => cpu::zip(&ac, &bc, &shape, |x: T, y: T| x >= y),
    });
    Ok(Tensor::from_buffer(bool::into_buffer(v), shape))
}

macro_rules! comparisons {
    ($($name:ident, $try:ident, $sname:ident, $op:ident, $sym:literal);*) => {
        impl Tensor {
            $(
                #[doc = concat!("Elementwise `self ", $sym, " other` as a bool tensor (broadcasting).")]
                ///
                /// ```
                /// let a = ferrograd::Tensor::new([1.0, 2.0, 3.0]);
                #[doc = concat!("let r = a.", stringify!($try), "(&ferrograd::Tensor::new(2.0)).unwrap();")]
                /// assert_eq!(r.dtype(), ferrograd::DType::Bool);
                /// ```
                #[track_caller]
                pub fn $try(&self, other: &Tensor) -> Result<Tensor> {
                    compare(self, other, Cmp::$op)
                }
                #[doc = concat!("Panicking form of [`Tensor::", stringify!($try), "`].")]
                ///
                /// ```
                /// let a = ferrograd::Tensor::new([1, 2]);
                #[doc = concat!("assert_eq!(a.", stringify!($name), "(&a).numel(), 2);")]
                /// ```
                #[track_caller]
                pub fn $name(&self, other: &Tensor) -> Tensor {
                    unwrap(self.$try(other))
                }
                #[doc = concat!("Elementwise `self ", $sym, " s` for a Rust number, as a bool tensor.")]
                ///
                /// ```
                /// let a = ferrograd::Tensor::new([1.0, 2.0]);
                #[doc = concat!("assert_eq!(a.", stringify!($sname), "(1.5).dtype(), ferrograd::DType::Bool);")]
                /// ```
                #[track_caller]
                pub fn $sname(&self, s: impl Into<Scalar>) -> Tensor {
                    let s = s.into();
                    let dt = result_type_scalar(self, s);
                    unwrap(compare(self, &Tensor::from_scalar(s, dt), Cmp::$op))
                }
            )*
        }
    };
}
comparisons!(
    eq, try_eq, eq_scalar, Eq, "==";
    ne, try_ne, ne_scalar, Ne, "!=";
    lt, try_lt, lt_scalar, Lt, "<";
    le, try_le, le_scalar, Le, "<=";
    gt, try_gt, gt_scalar, Gt, ">";
    ge, try_ge, ge_scalar, Ge, ">="
);

macro_rules! plain_binary {
    ($($name:ident => $try:ident, $doc:literal);*) => {
        impl Tensor {
            $(
                #[doc = concat!($doc, " Panics on error; see [`Tensor::", stringify!($try), "`].")]
                ///
                /// ```
                /// let a = ferrograd::Tensor::new([4.0, 6.0]);
                #[doc = concat!("let r = a.", stringify!($name), "(&ferrograd::Tensor::new(2.0));")]
                /// assert_eq!(r.numel(), 2);
                /// ```
                #[track_caller]
                pub fn $name(&self, other: &Tensor) -> Tensor {
                    unwrap(self.$try(other))
                }
            )*
        }
    };
}
plain_binary!(
    add => try_add, "`self + other` with broadcasting.";
    sub => try_sub, "`self - other` with broadcasting.";
    mul => try_mul, "`self * other` with broadcasting.";
    div => try_div, "`self / other` with broadcasting."
);

// ---- Rust operators -------------------------------------------------------------------------

macro_rules! tensor_ops {
    ($Trait:ident, $method:ident, $try:ident, $sop:ident, $rsop:expr) => {
        impl std::ops::$Trait<&Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                unwrap(self.$try(rhs))
            }
        }
        impl std::ops::$Trait<Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                unwrap(self.$try(&rhs))
            }
        }
        impl std::ops::$Trait<&Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                unwrap(self.$try(rhs))
            }
        }
        impl std::ops::$Trait<Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                unwrap(self.$try(&rhs))
            }
        }
        tensor_ops!(@scalar $Trait, $method, $sop, $rsop, f64, i64);
    };
    (@scalar $Trait:ident, $method:ident, $sop:ident, $rsop:expr, $($t:ty),*) => {$(
        impl std::ops::$Trait<$t> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: $t) -> Tensor {
                unwrap(self.scalar_op(Scalar::from(rhs), ScalarOp::$sop))
            }
        }
        impl std::ops::$Trait<$t> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: $t) -> Tensor {
                unwrap(self.scalar_op(Scalar::from(rhs), ScalarOp::$sop))
            }
        }
        impl std::ops::$Trait<&Tensor> for $t {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                let f: fn(&Tensor, Scalar) -> Result<Tensor> = $rsop;
                unwrap(f(rhs, Scalar::from(self)))
            }
        }
        impl std::ops::$Trait<Tensor> for $t {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                let f: fn(&Tensor, Scalar) -> Result<Tensor> = $rsop;
                unwrap(f(&rhs, Scalar::from(self)))
            }
        }
    )*};
}

tensor_ops!(Add, add, try_add, Add, |t, s| t.scalar_op(s, ScalarOp::Add));
tensor_ops!(Sub, sub, try_sub, Sub, |t, s| t
    .scalar_op(s, ScalarOp::RSub));
tensor_ops!(Mul, mul, try_mul, Mul, |t, s| t.scalar_op(s, ScalarOp::Mul));
tensor_ops!(Div, div, try_div, Div, |t, s| t.try_rdiv_scalar(s));

impl std::ops::Neg for &Tensor {
    type Output = Tensor;
    #[track_caller]
    fn neg(self) -> Tensor {
        unwrap(self.try_neg())
    }
}
impl std::ops::Neg for Tensor {
    type Output = Tensor;
    #[track_caller]
    fn neg(self) -> Tensor {
        unwrap(self.try_neg())
    }
}

#[cfg(test)]
mod tests {
    use crate::autograd::test_ops::fused_and_recorded;
    use crate::{DType, ErrorKind, Tensor};

    /// `add`, `sub` and `rsub` with `alpha` round once (a fused multiply-add), as PyTorch's
    /// kernels: checked against `mul_add` on every element, at sizes that take the vector loop
    /// and its tail, over a broadcast and a transposed operand.
    #[test]
    fn alpha_ops_round_once() {
        crate::manual_seed(3);
        for n in [1usize, 7, 8, 9, 33, 1000] {
            for dt in [DType::Float32, DType::Float64] {
                let a = Tensor::randn_dtype(&[n], dt);
                let b = Tensor::randn_dtype(&[n], dt);
                let (av, bv) = (a.to_vec::<f64>(), b.to_vec::<f64>());
                let al = 0.3;
                let expect = |f: &dyn Fn(f64, f64) -> f64| -> Vec<f64> {
                    av.iter().zip(&bv).map(|(&x, &y)| f(x, y)).collect()
                };
                let (add, sub, rsub): (Vec<f64>, Vec<f64>, Vec<f64>) = if dt == DType::Float32 {
                    let a32 = al as f32;
                    (
                        expect(&|x, y| (y as f32).mul_add(a32, x as f32) as f64),
                        expect(&|x, y| (y as f32).mul_add(-a32, x as f32) as f64),
                        expect(&|x, y| (x as f32).mul_add(-a32, y as f32) as f64),
                    )
                } else {
                    (
                        expect(&|x, y| y.mul_add(al, x)),
                        expect(&|x, y| y.mul_add(-al, x)),
                        expect(&|x, y| x.mul_add(-al, y)),
                    )
                };
                assert_eq!(
                    a.try_add_alpha(&b, al).unwrap().to_vec::<f64>(),
                    add,
                    "{n} {dt:?}"
                );
                assert_eq!(
                    a.try_sub_alpha(&b, al).unwrap().to_vec::<f64>(),
                    sub,
                    "{n} {dt:?}"
                );
                assert_eq!(
                    a.try_rsub(&b, al).unwrap().to_vec::<f64>(),
                    rsub,
                    "{n} {dt:?}"
                );
                // in place, with the fast update and with a recorded history
                let c = a.detach().clone_tensor();
                c.try_add_alpha_(&b, al).unwrap();
                assert_eq!(c.to_vec::<f64>(), add);
                let c = a.detach().clone_tensor();
                c.try_sub_alpha_(&b, al).unwrap();
                assert_eq!(c.to_vec::<f64>(), sub);
                let w = b.detach().clone_tensor().requires_grad_(true);
                let c = a.detach().clone_tensor();
                c.try_add_alpha_(&w, al).unwrap();
                assert_eq!(c.to_vec::<f64>(), add);
                assert_eq!(c.grad_fn().unwrap().name(), "AddBackward0");
            }
        }
        // broadcast and strided operands
        let m = Tensor::arange(6.0).reshape(&[2, 3]).t();
        let r = Tensor::new([0.5, -1.5]);
        assert_eq!(
            m.try_add_alpha(&r, 2).unwrap().to_vec::<f32>(),
            vec![1.0, 0.0, 2.0, 1.0, 3.0, 2.0]
        );
    }

    /// Integers wrap, bools follow PyTorch (`self | (alpha & other)`), and `alpha` is checked
    /// against the result dtype with PyTorch's messages.
    #[test]
    fn alpha_ops_integers_bools_and_errors() {
        let i = Tensor::new([1i64, i64::MAX]);
        assert_eq!(
            i.try_add_alpha(&Tensor::new([1i64, 1]), 2)
                .unwrap()
                .to_vec::<i64>(),
            vec![3, i64::MIN + 1]
        );
        assert_eq!(
            i.try_rsub_scalar_alpha(5, 3).unwrap().to_vec::<i64>(),
            vec![2, 5i64.wrapping_sub(i64::MAX.wrapping_mul(3))]
        );
        let b = Tensor::new([true, false, false]);
        let c = Tensor::new([false, true, false]);
        assert_eq!(
            b.try_add_alpha(&c, true).unwrap().to_vec::<bool>(),
            vec![true, true, false]
        );
        assert_eq!(
            b.try_add_alpha(&c, 0).unwrap().to_vec::<bool>(),
            vec![true, false, false]
        );
        for (r, msg) in [
            (
                i.try_add_alpha(&i, 0.5),
                "For integral input tensors, argument alpha must not be a floating point number.",
            ),
            (
                i.try_sub_scalar_alpha(1, 1.5),
                "For integral input tensors, argument alpha must not be a floating point number.",
            ),
            (i.try_add_alpha(&i, true), "Boolean alpha only supported for Boolean results."),
            (
                b.try_rsub(&c, 2),
                "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
            ),
            (
                Tensor::new([1.0, 2.0]).try_rsub(&Tensor::ones(&[3]), 1),
                "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0",
            ),
        ] {
            assert_eq!(r.unwrap_err().to_string(), msg);
        }
        let x = Tensor::new([1i64, 2]);
        assert!(x.try_add_alpha_(x.detach().clone_tensor(), 0.5).is_err());
        assert_eq!(x.to_vec::<i64>(), vec![1, 2]);
    }

    /// The nodes: PyTorch's names, one node (no separate product), `alpha` kept, and the
    /// gradients of first and second order checked against finite differences.
    #[test]
    fn alpha_ops_nodes_and_gradients() {
        use crate::autograd::test_ops::assert_node_and_gradients;
        use crate::Scalar;
        let a = Tensor::new_with_dtype([[0.3, -1.2, 0.7]], DType::Float64).requires_grad_(true);
        let b = Tensor::new_with_dtype([[0.5], [1.5]], DType::Float64).requires_grad_(true);
        type Op = fn(&Tensor, &Tensor) -> crate::Result<Tensor>;
        let ops: [(&str, Op); 6] = [
            ("AddBackward0", |x, y| x.try_add_alpha(y, 2.5)),
            ("SubBackward0", |x, y| x.try_sub_alpha(y, -3)),
            ("RsubBackward0", |x, y| x.try_rsub(y, 0.5)),
            ("RsubBackward0", |x, y| x.try_rsub(y, 1)),
            ("MulBackward0", |x, y| {
                x.try_add_scalar_alpha(2.0, 3.0)?.try_mul(y)
            }),
            ("MulBackward0", |x, y| {
                x.try_rsub_scalar_alpha(2.0, 3.0)?.try_mul(y)
            }),
        ];
        for (name, f) in ops {
            assert_node_and_gradients(name, |x| f(&x[0], &x[1]).unwrap(), &[a.clone(), b.clone()]);
        }
        let y = a.try_add_alpha(&b, 2.5).unwrap();
        let f = y.grad_fn().unwrap();
        assert_eq!(f.saved_value("alpha"), Some(Scalar::Float(2.5)));
        assert_eq!(f.next_functions().len(), 2);
        // the edges go straight to the leaves: no product node in between
        assert!(f
            .next_functions()
            .iter()
            .all(|n| matches!(n, Some(crate::NextFunction::AccumulateGrad(_)))));
        let y = a.try_rsub_scalar_alpha(2, 3).unwrap();
        let f = y.grad_fn().unwrap();
        assert_eq!((f.name(), f.next_functions().len()), ("RsubBackward1", 1));
        assert_eq!(f.saved_value("alpha"), Some(Scalar::Int(3)));
        let y = a.try_sub_scalar_alpha(2, 3).unwrap();
        assert_eq!(y.grad_fn().unwrap().next_functions().len(), 2);
        assert_eq!(y.to_vec::<f64>(), vec![0.3 - 6.0, -1.2 - 6.0, 0.7 - 6.0]);
        // in place: the rebased node keeps alpha and scales the other gradient
        let c = a.try_mul_scalar(1.0).unwrap();
        c.try_sub_alpha_(b.try_sum().unwrap(), 4).unwrap();
        assert_eq!(
            c.grad_fn().unwrap().saved_value("alpha"),
            Some(Scalar::Int(4))
        );
        c.sum().backward();
        assert_eq!(b.grad().unwrap().to_vec::<f64>(), vec![-12.0, -12.0]);
    }

    /// As PyTorch 2.15: two bool operands add (OR) and multiply (AND) as bool, a bool number
    /// with a bool tensor likewise; any bool operand of `-` is refused, with PyTorch's two
    /// messages; `pow` of two bools is refused.
    #[test]
    fn bool_arithmetic_stays_bool_or_is_refused() {
        let b = Tensor::new([true, false, true]);
        let c = Tensor::new([true, true, false]);
        let or = b.try_add(&c).unwrap();
        assert_eq!(
            (or.dtype(), or.to_vec::<bool>()),
            (DType::Bool, vec![true, true, true])
        );
        assert_eq!(
            b.try_mul(&c).unwrap().to_vec::<bool>(),
            vec![true, false, false]
        );
        assert_eq!(
            b.try_add_scalar(true).unwrap().to_vec::<bool>(),
            vec![true; 3]
        );
        assert_eq!(b.try_mul_scalar(3).unwrap().to_vec::<i64>(), vec![3, 0, 3]);
        let two = "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.";
        let one = "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";
        for (r, msg) in [
            (b.try_sub(&c), two),
            (b.try_sub_scalar(true), two),
            (b.try_rsub_scalar(1), one),
            (b.try_sub_scalar(1.5), one),
            (Tensor::new([1.0]).try_sub(&b), one),
            (Tensor::new([1i64]).try_sub_scalar(false), one),
        ] {
            let e = r.unwrap_err();
            assert_eq!(
                (e.kind(), e.to_string()),
                (ErrorKind::NotImplemented, msg.to_string())
            );
        }
        let x = Tensor::new([1.0, 2.0]);
        assert!(x.try_sub_(Tensor::new([true, false])).is_err());
        assert_eq!(x.to_vec::<f32>(), vec![1.0, 2.0]);
        assert_eq!(
            b.try_pow_tensor(&c).unwrap_err().to_string(),
            "\"pow\" not implemented for 'Bool'"
        );
        assert_eq!(
            b.try_pow_tensor(&Tensor::new(2i64))
                .unwrap()
                .to_vec::<i64>(),
            vec![1, 0, 1]
        );
    }

    /// Integer numbers reach int64 arithmetic and comparisons exactly (2^62 + 1 is not a
    /// float64), and the arithmetic wraps as PyTorch's.
    #[test]
    fn int64_numbers_are_exact() {
        let big = (1i64 << 62) + 1;
        let i = Tensor::new([big, -5]);
        assert_eq!(
            i.try_add_scalar(big).unwrap().to_vec::<i64>(),
            vec![big.wrapping_add(big), big - 5]
        );
        assert_eq!(
            i.try_sub_scalar(big).unwrap().to_vec::<i64>(),
            vec![0, -5 - big]
        );
        assert_eq!(
            i.try_rsub_scalar(big).unwrap().to_vec::<i64>(),
            vec![0, big + 5]
        );
        assert_eq!(
            i.try_mul_scalar((1i64 << 53) + 1).unwrap().to_vec::<i64>(),
            vec![big.wrapping_mul((1 << 53) + 1), -5 * ((1 << 53) + 1)]
        );
        assert_eq!(i.eq_scalar(big).to_vec::<bool>(), vec![true, false]);
        assert_eq!(i.gt_scalar(big - 1).to_vec::<bool>(), vec![true, false]);
        let m = Tensor::new([false, true]);
        assert_eq!(
            i.try_masked_fill(&m, big + 2).unwrap().to_vec::<i64>(),
            vec![big, big + 2]
        );
        assert_eq!(
            i.try_index_fill(0, &Tensor::new([1i64]), big + 2)
                .unwrap()
                .to_vec::<i64>(),
            vec![big, big + 2]
        );
        assert_eq!(
            i.try_masked_fill(&m, f64::NAN).unwrap_err().to_string(),
            "value cannot be converted to type int64_t without overflow"
        );
        assert_eq!(
            i.try_masked_fill(&m, 2.7).unwrap().to_vec::<i64>(),
            vec![big, 2]
        );
        let c = i
            .try_clamp_bounds(Some(crate::Scalar::Int(big + 4)), None)
            .unwrap();
        assert_eq!(c.to_vec::<i64>(), vec![big + 4, big + 4]);
        let c = i
            .try_clamp_bounds(None, Some(crate::Scalar::Int(big - 1)))
            .unwrap();
        assert_eq!(c.to_vec::<i64>(), vec![big - 1, -5]);
        // min above max: max wins, as PyTorch
        let c = i
            .try_clamp_bounds(Some(crate::Scalar::Int(3)), Some(crate::Scalar::Int(1)))
            .unwrap();
        assert_eq!(c.to_vec::<i64>(), vec![1, 1]);
    }

    /// Rows of the op table whose PyTorch kernel has no bool form refuse two bool operands.
    #[test]
    fn table_rows_without_a_bool_kernel_refuse_bools() {
        use crate::ops::BinaryOp;
        let b = Tensor::new([true, false]);
        for name in ["hypot", "fmod", "remainder"] {
            let e = BinaryOp::find(name).unwrap().apply(&b, &b).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("\"{name}_cpu\" not implemented for 'Bool'")
            );
        }
        let m = BinaryOp::find("maximum")
            .unwrap()
            .apply(&b, &Tensor::new([false, true]))
            .unwrap();
        assert_eq!(
            (m.dtype(), m.to_vec::<bool>()),
            (DType::Bool, vec![true, true])
        );
    }

    #[test]
    fn integer_powers_follow_pytorch() {
        let x = Tensor::new([-2i64, -1, 0, 1, 3]);
        let e = Tensor::new([-1i64, -3, -2, -5, 2]);
        assert_eq!(x.pow_tensor(&e).to_vec::<i64>(), vec![0, -1, 0, 1, 9]);
        assert_eq!(x.pow(3).to_vec::<i64>(), vec![-8, -1, 0, 1, 27]);
        assert_eq!(
            Tensor::new([3i64]).pow(41).to_vec::<i64>(),
            vec![3i64.wrapping_pow(41)]
        );
        assert_eq!(
            x.try_pow(-1).unwrap_err().to_string(),
            "Integers to negative integer powers are not allowed."
        );
        // a float exponent promotes: no error
        assert_eq!(Tensor::new([2i64]).pow(-1.0).to_vec::<f32>(), vec![0.5]);
    }

    /// The one-pass backward of `x ** e` (no graph) gives the values of the rule written with ops.
    #[test]
    fn fused_pow_backward_matches_the_op_built_rule() {
        crate::manual_seed(5);
        for dt in [DType::Float32, DType::Float64] {
            for e in [2.0, 3.0, 1.0, 0.5, -1.0, 2.5, -0.75, 4.0] {
                for shape in [vec![1usize], vec![9], vec![4, 7]] {
                    let base = Tensor::rand_dtype(&shape, dt) + 0.5;
                    let x = if shape.len() == 2 { base.t() } else { base }.requires_grad_(true);
                    let y = x.pow(e);
                    let gv = Tensor::randn_dtype(y.shape(), dt);
                    let (fast, slow) = fused_and_recorded(&y, &x, &gv);
                    assert_eq!(fast.to_f64_vec(), slow.to_f64_vec(), "{dt:?} e={e}");
                }
            }
        }
    }
}
