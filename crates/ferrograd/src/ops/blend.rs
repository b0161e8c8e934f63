//! Three-operand elementwise ops: `lerp`, `addcmul`, `addcdiv` and their in-place forms.

use super::{cast_cow, reduce_grad, result_type_of, Scalar};
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

/// `start + w (end − start)` for `|w| < 0.5`, else `end − (end − start)(1 − w)`: PyTorch's form,
/// exact at both ends.
fn lerp_values(start: &Tensor, end: &Tensor, w: &Tensor) -> Result<Tensor> {
    let diff = end.try_sub(start)?;
    let low = start.try_add(&w.try_mul(&diff)?)?;
    let high = end.try_sub(&diff.try_mul(&w.try_rsub_scalar(1.0)?)?)?;
    Tensor::try_where(&w.try_abs()?.lt_scalar(0.5), &low, &high)
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
            // a 0-dim weight of another dtype is used in this one, as in PyTorch
            Weight::Tensor(w) if w.dim() == 0 => w.try_to_dtype(dt)?,
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
            Weight::Tensor(_) => {
                // as PyTorch's LerpBackward1: the weight is saved for the gradients of self and
                // end, self and end for the weight's
                let for_weight = w.requires_grad();
                let mut saved = Vec::with_capacity(3);
                if for_weight {
                    saved.extend([("self", self), ("end", end)]);
                }
                if self.requires_grad() || end.requires_grad() {
                    saved.push(("weight", &w));
                }
                record(
                    "LerpBackward1",
                    out,
                    &[self, end, &w],
                    &saved,
                    false,
                    move |c| {
                        let w = || &c.saved[if for_weight { 2 } else { 0 }];
                        let gs = c.grad_if(0, || {
                            reduce_grad(&c.grad.try_mul(&w().try_rsub_scalar(1.0)?)?, &ss, dt)
                        })?;
                        let ge = c.grad_if(1, || reduce_grad(&c.grad.try_mul(w())?, &es, dt))?;
                        let gw = c.grad_if(2, || {
                            let (s, e) = (&c.saved[0], &c.saved[1]);
                            reduce_grad(&c.grad.try_mul(&e.try_sub(s)?)?, &ws, dt)
                        })?;
                        Ok(vec![gs, ge, gw])
                    },
                )
            }
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
        let dt = result_type_of(&[self, t1, t2]);
        if dt == DType::Bool {
            return Err(not_implemented(format!(
                "\"{}_cpu_out\" not implemented for 'Bool'",
                if div { "addcdiv" } else { "addcmul" }
            )));
        }
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
        // as PyTorch: tensor1 is saved only for tensor2's gradient, tensor2 for tensor1's (and,
        // dividing, for its own)
        let save1 = t2.requires_grad();
        let save2 = t1.requires_grad() || (div && t2.requires_grad());
        let mut saved = Vec::with_capacity(2);
        if save1 {
            saved.push(("tensor1", t1));
        }
        if save2 {
            saved.push(("tensor2", t2));
        }
        record(name, out, &[self, t1, t2], &saved, false, move |c| {
            let a = || &c.saved[0];
            let b = || &c.saved[usize::from(save1)];
            let gx = c.grad_if(0, || reduce_grad(c.grad, &xs, d0))?;
            let (g1, g2) = if div {
                (
                    c.grad_if(1, || {
                        reduce_grad(&c.grad.try_mul_scalar(value)?.try_div(b())?, &s1, d1)
                    })?,
                    c.grad_if(2, || {
                        let q = a().try_div(&b().try_mul(b())?)?;
                        reduce_grad(&c.grad.try_mul_scalar(-value)?.try_mul(&q)?, &s2, d2)
                    })?,
                )
            } else {
                (
                    c.grad_if(1, || {
                        reduce_grad(&c.grad.try_mul_scalar(value)?.try_mul(b())?, &s1, d1)
                    })?,
                    c.grad_if(2, || {
                        reduce_grad(&c.grad.try_mul_scalar(value)?.try_mul(a())?, &s2, d2)
                    })?,
                )
            };
            Ok(vec![gx, g1, g2])
        })
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
        let start = match &weight {
            Weight::Tensor(w) if w.requires_grad() && crate::is_grad_enabled() => {
                self.try_clone_op()?
            }
            _ => self.clone(),
        };
        let new = start.try_lerp(end, weight)?;
        // (a result of a wider dtype of the same kind is cast back, as PyTorch writes it)
        self.try_assign_(&new)
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
        self.addc_(tensor1, tensor2, value.into().to_f64(), false)
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
        self.addc_(tensor1, tensor2, value.into().to_f64(), true)
    }

    /// The in-place `addcmul_`/`addcdiv_`: computed out of place (its node saves the two
    /// tensors, not `self`), written back with the node taken over.
    #[track_caller]
    fn addc_(&self, t1: &Tensor, t2: &Tensor, value: f64, div: bool) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.addc(t1, t2, value, div)?;
        // (a result of a wider dtype of the same kind is cast back, as PyTorch writes it)
        self.try_assign_(&new)
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

#[cfg(test)]
mod tests {
    use crate::{DType, Tensor};

    #[test]
    fn lerp_takes_pytorchs_branch_by_the_weights_magnitude() {
        // recorded from PyTorch 2.15: |w| < 0.5 computes start + w (end − start)
        let start = Tensor::new_with_dtype([0.1], DType::Float64);
        let end = Tensor::new_with_dtype([0.7], DType::Float64);
        assert_eq!(start.lerp(&end, -3.0).item(), -1.7);
        let inf = Tensor::new([f32::INFINITY]);
        assert!(Tensor::new([0.0]).lerp(&inf, -1.0).item().is_nan());
        let w = Tensor::new([-1.0]);
        assert!(Tensor::new([0.0]).lerp(&inf, &w).item().is_nan());
    }

    #[test]
    fn in_place_lerp_keeps_the_old_values_its_weight_gradient_reads() {
        // recorded from PyTorch 2.15
        let s = Tensor::new([1.0, 2.0]);
        let e = Tensor::new([5.0, 10.0]).requires_grad_(true);
        let w = Tensor::new([0.25, 0.75]).requires_grad_(true);
        s.try_lerp_(&e, &w).unwrap();
        s.sum().backward();
        assert_eq!(s.to_vec::<f32>(), vec![2.0, 8.0]);
        assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![4.0, 8.0]);
        assert_eq!(e.grad().unwrap().to_vec::<f32>(), vec![0.25, 0.75]);
    }

    #[test]
    fn a_zero_dim_weight_of_another_float_dtype_is_used_in_the_inputs_dtype() {
        let a = Tensor::new([1.0, 2.0]).requires_grad_(true);
        let w = Tensor::new_with_dtype(0.25, DType::Float64).requires_grad_(true);
        let y = a.try_lerp(&Tensor::new([3.0, 6.0]), &w).unwrap();
        assert_eq!(
            (y.dtype(), y.to_vec::<f32>()),
            (DType::Float32, vec![1.5, 3.0])
        );
        y.sum().backward();
        let g = w.grad().unwrap();
        assert_eq!((g.dtype(), g.item()), (DType::Float64, 6.0));
        let e = a
            .try_lerp(
                &Tensor::new([3.0, 6.0]),
                &Tensor::new_with_dtype([0.5, 0.5], DType::Float64),
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected dtype float for `weight` but got dtype double"
        );
    }

    #[test]
    fn addcmul_saves_only_what_its_gradients_read() {
        // self as tensor1: tensor1 is not saved (tensor2 needs no gradient), so the write is fine
        let a = Tensor::new([1.0, 2.0]).requires_grad_(true);
        let x = &a * 1.0;
        x.try_addcmul_(&x, &Tensor::new([3.0, 4.0]), 1.0).unwrap();
        x.sum().backward();
        assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![4.0, 5.0]);
        // addcdiv_'s gradients, recorded from PyTorch 2.15
        let x = Tensor::new([1.0, 2.0]);
        let t1 = Tensor::new([3.0, 4.0]).requires_grad_(true);
        let t2 = Tensor::new([2.0, 8.0]).requires_grad_(true);
        x.try_addcdiv_(&t1, &t2, 2.0).unwrap();
        x.sum().backward();
        assert_eq!(x.to_vec::<f32>(), vec![4.0, 3.0]);
        assert_eq!(t1.grad().unwrap().to_vec::<f32>(), vec![1.0, 0.25]);
        assert_eq!(t2.grad().unwrap().to_vec::<f32>(), vec![-1.5, -0.125]);
    }

    #[test]
    fn three_operand_ops_promote_as_pytorch() {
        // 0-dim floating operands raise an integer input's category; their dtypes promote
        let ints = Tensor::new([1i64, 2]);
        let (f, d) = (
            Tensor::new(2.0),
            Tensor::new_with_dtype(3.0, DType::Float64),
        );
        assert_eq!(
            ints.try_addcmul(&f, &d, 1.0).unwrap().dtype(),
            DType::Float64
        );
        assert_eq!(
            ints.try_addcdiv(&f, &d, 1.0).unwrap().dtype(),
            DType::Float64
        );
        let one = Tensor::new([1.0]);
        assert_eq!(
            one.try_addcmul(&d, &one, 1.0).unwrap().dtype(),
            DType::Float32
        );
        let b = Tensor::new([true]);
        let e = b.try_addcmul(&b, &b, 1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"addcmul_cpu_out\" not implemented for 'Bool'"
        );
        assert_eq!(
            ints.try_addcmul(&Tensor::new([3i64, 4]), &Tensor::new([1i64, 1]), 0.5)
                .unwrap()
                .to_vec::<i64>(),
            vec![1, 2]
        );
    }
}
