//! Three-operand elementwise ops: `lerp`, `addcmul`, `addcdiv` and their in-place forms.

use super::{cast_cow, reduce_grad, result_type, Scalar};
use crate::autograd::record;
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::{DType, Tensor};

/// A weight of `lerp`: a number or a tensor.
#[derive(Clone, Debug)]
pub enum Weight {
    /// A Python number: `LerpBackward0`.
    Scalar(f64),
    /// A tensor (broadcast against the others): `LerpBackward1`, which differentiates it too.
    Tensor(Tensor),
}

impl From<f64> for Weight {
    fn from(w: f64) -> Weight {
        Weight::Scalar(w)
    }
}

impl From<&Tensor> for Weight {
    fn from(w: &Tensor) -> Weight {
        Weight::Tensor(w.clone())
    }
}

/// The dtype a three-operand op computes in, with `input`'s dtype winning over 0-dim tensors'
/// as in binary ops.
fn common_dtype(a: &Tensor, b: &Tensor, c: &Tensor) -> DType {
    let ab = result_type(a, b);
    let probe = Tensor::zeros_dtype(
        if a.dim() == 0 && b.dim() == 0 {
            &[]
        } else {
            &[1]
        },
        ab,
    );
    result_type(&probe, c)
}

/// `start + w (end − start)` for `w < 0.5`, else `end − (end − start)(1 − w)`: PyTorch's form,
/// exact at both ends.
fn lerp_values(start: &Tensor, end: &Tensor, w: &Tensor) -> Result<Tensor> {
    let diff = end.try_sub(start)?;
    let low = start.try_add(&w.try_mul(&diff)?)?;
    let high = end.try_sub(&diff.try_mul(&w.try_rsub_scalar(1.0)?)?)?;
    Tensor::try_where(&w.lt_scalar(0.5), &low, &high)
}

impl Tensor {
    /// Linear interpolation `self + weight · (end − self)`, broadcasting (`LerpBackward0` for
    /// a number weight, `LerpBackward1` for a tensor). `self` and `end` have one floating
    /// dtype, as PyTorch requires.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([0.0, 10.0]);
    /// let b = Tensor::new([10.0, 20.0]);
    /// assert_eq!(a.try_lerp(&b, 0.25).unwrap().to_vec::<f32>(), vec![2.5, 12.5]);
    /// let w = Tensor::new([0.0, 1.0]);
    /// assert_eq!(a.try_lerp(&b, &w).unwrap().to_vec::<f32>(), vec![0.0, 20.0]);
    /// ```
    #[track_caller]
    pub fn try_lerp(&self, end: &Tensor, weight: impl Into<Weight>) -> Result<Tensor> {
        let weight = weight.into();
        let dt = self.dtype();
        if !dt.is_floating_point() {
            return Err(not_implemented(format!(
                "\"lerp_kernel_scalar\" not implemented for '{}'",
                dt.scalar_name()
            )));
        }
        let check = |t: &Tensor, what: &str| {
            if t.dtype() != dt {
                Err(runtime(format!(
                    "expected dtype {} for `{what}` but got dtype {}",
                    dt.cpp_name(),
                    t.dtype().cpp_name()
                )))
            } else {
                Ok(())
            }
        };
        check(end, "end")?;
        let w = match &weight {
            Weight::Scalar(w) => Tensor::scalar_tensor(*w, dt),
            Weight::Tensor(w) => {
                check(w, "weight")?;
                w.clone()
            }
        };
        let out = {
            let _ng = crate::no_grad();
            lerp_values(&self.detach(), &end.detach(), &w.detach())?
        };
        let (ss, es, ws) = (self.dims(), end.dims(), w.dims());
        match weight {
            Weight::Scalar(wv) => {
                record("LerpBackward0", out, &[self, end], &[], false, move |c| {
                    let gs = c.grad_if(0, || {
                        reduce_grad(&c.grad.try_mul_scalar(1.0 - wv)?, &ss, dt)
                    })?;
                    let ge = c.grad_if(1, || reduce_grad(&c.grad.try_mul_scalar(wv)?, &es, dt))?;
                    Ok(vec![gs, ge])
                })
            }
            Weight::Tensor(w) => record(
                "LerpBackward1",
                out,
                &[self, end, &w],
                &[("self", self), ("end", end), ("weight", &w)],
                false,
                move |c| {
                    let (s, e, w) = (&c.saved[0], &c.saved[1], &c.saved[2]);
                    let gs = c.grad_if(0, || {
                        reduce_grad(&c.grad.try_mul(&w.try_rsub_scalar(1.0)?)?, &ss, dt)
                    })?;
                    let ge = c.grad_if(1, || reduce_grad(&c.grad.try_mul(w)?, &es, dt))?;
                    let gw =
                        c.grad_if(2, || reduce_grad(&c.grad.try_mul(&e.try_sub(s)?)?, &ws, dt))?;
                    Ok(vec![gs, ge, gw])
                },
            ),
        }
    }

    /// `self + value · tensor1 · tensor2`, broadcasting (`AddcmulBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// let y = x.try_addcmul(&Tensor::new([3.0, 5.0]), &Tensor::new([0.5, 2.0]), 2.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![4.0, 22.0]);
    /// ```
    #[track_caller]
    pub fn try_addcmul(
        &self,
        tensor1: &Tensor,
        tensor2: &Tensor,
        value: impl Into<Scalar>,
    ) -> Result<Tensor> {
        self.addc(tensor1, tensor2, value.into().to_f64(), false)
    }

    /// `self + value · tensor1 / tensor2`, broadcasting (`AddcdivBackward0`); integer
    /// operands are refused, as in PyTorch.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// let y = x.try_addcdiv(&Tensor::new([3.0, 5.0]), &Tensor::new([0.5, 2.0]), 2.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![13.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn try_addcdiv(
        &self,
        tensor1: &Tensor,
        tensor2: &Tensor,
        value: impl Into<Scalar>,
    ) -> Result<Tensor> {
        self.addc(tensor1, tensor2, value.into().to_f64(), true)
    }

    #[track_caller]
    fn addc(&self, t1: &Tensor, t2: &Tensor, value: f64, div: bool) -> Result<Tensor> {
        if div && !t1.dtype().is_floating_point() && !t2.dtype().is_floating_point() {
            return Err(runtime("Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes."));
        }
        let dt = common_dtype(self, t1, t2);
        let out = {
            let _ng = crate::no_grad();
            let (x, a, b) = (
                cast_cow(&self.detach(), dt).into_owned(),
                cast_cow(&t1.detach(), dt).into_owned(),
                cast_cow(&t2.detach(), dt).into_owned(),
            );
            let va = if dt.is_floating_point() {
                a.try_mul_scalar(value)?
            } else {
                a.try_mul_scalar(value as i64)?
            };
            let term = if div {
                va.try_div(&b)?
            } else {
                va.try_mul(&b)?
            };
            x.try_add(&term)?
        };
        if !dt.is_floating_point() {
            return Ok(out);
        }
        let (xs, s1, s2) = (self.dims(), t1.dims(), t2.dims());
        let (d0, d1, d2) = (self.dtype(), t1.dtype(), t2.dtype());
        let name = if div {
            "AddcdivBackward0"
        } else {
            "AddcmulBackward0"
        };
        record(
            name,
            out,
            &[self, t1, t2],
            &[("tensor1", t1), ("tensor2", t2)],
            false,
            move |c| {
                let (a, b) = (&c.saved[0], &c.saved[1]);
                let gx = c.grad_if(0, || reduce_grad(c.grad, &xs, d0))?;
                let (g1, g2) = if div {
                    (
                        c.grad_if(1, || {
                            reduce_grad(&c.grad.try_mul_scalar(value)?.try_div(b)?, &s1, d1)
                        })?,
                        c.grad_if(2, || {
                            let q = a.try_div(&b.try_mul(b)?)?;
                            reduce_grad(&c.grad.try_mul_scalar(-value)?.try_mul(&q)?, &s2, d2)
                        })?,
                    )
                } else {
                    (
                        c.grad_if(1, || {
                            reduce_grad(&c.grad.try_mul_scalar(value)?.try_mul(b)?, &s1, d1)
                        })?,
                        c.grad_if(2, || {
                            reduce_grad(&c.grad.try_mul_scalar(value)?.try_mul(a)?, &s2, d2)
                        })?,
                    )
                };
                Ok(vec![gx, g1, g2])
            },
        )
    }

    /// In-place [`Tensor::try_lerp`], returning `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([0.0, 10.0]);
    /// x.try_lerp_(&ferrograd::Tensor::new([10.0, 20.0]), 0.5).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![5.0, 15.0]);
    /// ```
    #[track_caller]
    pub fn try_lerp_(&self, end: &Tensor, weight: impl Into<Weight>) -> Result<&Tensor> {
        self.check_inplace()?;
        let weight = weight.into();
        // a tensor weight's gradient reads the old values, which the write replaces
        let start = match weight {
            Weight::Tensor(_) if self.requires_grad() => self.try_clone_op()?,
            _ => self.clone(),
        };
        let new = start.try_lerp(end, weight)?;
        self.check_same_shape_result(&new, "lerp_")?;
        self.assign_result(&new)
    }

    /// In-place [`Tensor::try_addcmul`], returning `self`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// x.try_addcmul_(&Tensor::new([3.0, 5.0]), &Tensor::new([0.5, 2.0]), 1.0).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![2.5, 12.0]);
    /// ```
    #[track_caller]
    pub fn try_addcmul_(
        &self,
        tensor1: &Tensor,
        tensor2: &Tensor,
        value: impl Into<Scalar>,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_addcmul(tensor1, tensor2, value)?;
        self.check_same_shape_result(&new, "addcmul_")?;
        self.assign_result(&new)
    }

    /// In-place [`Tensor::try_addcdiv`], returning `self`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// x.try_addcdiv_(&Tensor::new([3.0, 5.0]), &Tensor::new([0.5, 2.0]), 1.0).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![7.0, 4.5]);
    /// ```
    #[track_caller]
    pub fn try_addcdiv_(
        &self,
        tensor1: &Tensor,
        tensor2: &Tensor,
        value: impl Into<Scalar>,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_addcdiv(tensor1, tensor2, value)?;
        self.check_same_shape_result(&new, "addcdiv_")?;
        self.assign_result(&new)
    }

    /// An in-place op's result must keep this tensor's shape and dtype (PyTorch's messages).
    fn check_same_shape_result(&self, new: &Tensor, _op: &str) -> Result<()> {
        if new.shape() != self.shape() {
            return Err(runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                crate::tensor::fmt_list(self.shape()),
                crate::tensor::fmt_list(new.shape())
            )));
        }
        if new.dtype() != self.dtype() {
            return Err(runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                new.dtype().scalar_name(),
                self.dtype().scalar_name()
            )));
        }
        Ok(())
    }

    /// Panicking [`Tensor::try_lerp`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([0.0]);
    /// assert_eq!(a.lerp(&ferrograd::Tensor::new([4.0]), 0.5).item(), 2.0);
    /// ```
    #[track_caller]
    pub fn lerp(&self, end: &Tensor, weight: impl Into<Weight>) -> Tensor {
        unwrap(self.try_lerp(end, weight))
    }
}
