//! `clamp` with tensor bounds: `clamp(min=t, max=u)` (`ClampBackward0`), `clamp_min(t)`
//! (`ClampMinBackward1`), `clamp_max(t)` (`ClampMaxBackward1`) and their in-place forms. The
//! bounds broadcast against the input and are differentiated too.
//!
//! The gradients are PyTorch 2.15's, measured on it: with one bound, those of `maximum` /
//! `minimum` (a tie splits the gradient, NaN passes to both); with two, the input's gradient
//! flows inside `[min, max]` (halved at a bound when `min < max`, whole for a NaN input), the
//! lower bound's below it and the upper bound's above it or wherever `max < min`. Every
//! gradient is selected, not multiplied, so an infinite gradient gives 0 where a part is flat.

use super::{cast_raw, reduce_grad, result_type_of, Scalar};
use crate::autograd::record;
use crate::error::{runtime, Result};
use crate::{DType, Tensor};

/// `g` where `pass` holds, `g / 2` where `half` holds (and `pass` does not), else 0.
fn pick(g: &Tensor, pass: &Tensor, half: &Tensor) -> Result<Tensor> {
    let zero = Tensor::scalar_tensor(0.0, g.dtype());
    let halved = Tensor::try_where(half, &g.try_div_scalar(2.0)?, &zero)?;
    Tensor::try_where(pass, g, &halved)
}

/// The gradients of `maximum(x, b)`-like clamping (`lower`) or `minimum(x, b)`-like, for
/// the input and the bound: the side that wins takes the gradient, a tie splits it, NaN
/// passes to both.
fn one_bound_grads(g: &Tensor, x: &Tensor, b: &Tensor, lower: bool) -> Result<(Tensor, Tensor)> {
    let tie = x.try_eq(b)?;
    let (x_loses, b_loses) = if lower {
        (x.try_lt(b)?, x.try_gt(b)?)
    } else {
        (x.try_gt(b)?, x.try_lt(b)?)
    };
    let not = |t: &Tensor| t.logical_not();
    let gx = pick(g, &not(&x_loses).logical_and(&not(&tie)), &tie)?;
    let gb = pick(g, &not(&b_loses).logical_and(&not(&tie)), &tie)?;
    Ok((gx, gb))
}

/// The gradients of `clamp(x, lo, hi)` for the input and both bounds (see the module notes).
fn two_bound_grads(g: &Tensor, x: &Tensor, lo: &Tensor, hi: &Tensor) -> Result<[Tensor; 3]> {
    let below = x.try_lt(lo)?;
    let above = x.try_gt(hi)?;
    let ordered = lo.try_lt(hi)?;
    let usable = lo.try_le(hi)?;
    let at_lo = x.try_eq(lo)?;
    let at_hi = x.try_eq(hi)?;
    let outside = below.logical_or(&above);
    let tie = ordered.logical_and(&at_lo.logical_or(&at_hi));
    let inside = outside.logical_not().logical_and(&tie.logical_not());
    let gx = pick(
        g,
        &x.isnan().logical_or(&inside),
        &outside.logical_not().logical_and(&tie),
    )?;
    let gl = pick(g, &below.logical_and(&usable), &ordered.logical_and(&at_lo))?;
    let gh = pick(
        g,
        &above.logical_and(&usable).logical_or(&hi.try_lt(lo)?),
        &ordered.logical_and(&at_hi),
    )?;
    Ok([gx, gl, gh])
}

/// `min(max(x, lo), hi)` over the present bounds, without recording: NaN wherever any
/// operand is NaN; `max` wins where `lo > hi`.
fn clamp_values(x: &Tensor, lo: Option<&Tensor>, hi: Option<&Tensor>, dt: DType) -> Result<Tensor> {
    let _ng = crate::no_grad();
    let mut y = cast_raw(&x.detach(), dt);
    if let Some(lo) = lo {
        y = y.try_maximum(&cast_raw(&lo.detach(), dt))?;
    }
    if let Some(hi) = hi {
        y = y.try_minimum(&cast_raw(&hi.detach(), dt))?;
    }
    Ok(y)
}

impl Tensor {
    /// Elementwise clamp into tensor bounds `[min, max]` (either optional), broadcasting all
    /// three (`ClampBackward0`); the bounds get gradients too. Where `min > max` the result is
    /// `max`, and a NaN anywhere gives NaN, as in PyTorch.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([-2.0, 0.5, 3.0]).requires_grad_(true);
    /// let lo = Tensor::new([-1.0, 1.0, 0.0]).requires_grad_(true);
    /// let y = x.try_clamp_tensors(Some(&lo), Some(&Tensor::new(2.0))).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![-1.0, 1.0, 2.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 0.0]);
    /// assert_eq!(lo.grad().unwrap().to_vec::<f32>(), vec![1.0, 1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_tensors(&self, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
        match (min, max) {
            (None, None) => Err(runtime(
                "torch.clamp: At least one of 'min' or 'max' must not be None",
            )),
            (Some(lo), None) => self.one_bound(lo, true, "ClampBackward0"),
            (None, Some(hi)) => self.one_bound(hi, false, "ClampBackward0"),
            (Some(lo), Some(hi)) => {
                let dt = result_type_of(&[self, lo, hi]);
                if dt == DType::Bool {
                    return Err(crate::error::not_implemented(
                        "\"clamp_cpu\" not implemented for 'Bool'",
                    ));
                }
                let out = clamp_values(self, Some(lo), Some(hi), dt)?;
                let shapes = [self.dims(), lo.dims(), hi.dims()];
                let dts = [self.dtype(), lo.dtype(), hi.dtype()];
                record(
                    "ClampBackward0",
                    out,
                    &[self, lo, hi],
                    &[("self", self), ("min", lo), ("max", hi)],
                    false,
                    move |c| {
                        let (x, lo, hi) = (&c.saved[0], &c.saved[1], &c.saved[2]);
                        let grads = two_bound_grads(c.grad, x, lo, hi)?;
                        let mut out = Vec::with_capacity(3);
                        for (i, g) in grads.iter().enumerate() {
                            out.push(c.grad_if(i, || reduce_grad(g, &shapes[i], dts[i]))?);
                        }
                        Ok(out)
                    },
                )
            }
        }
    }

    /// Elementwise `maximum(x, min)` for a tensor bound, broadcasting (`ClampMinBackward1`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]);
    /// let y = x.try_clamp_min_tensor(&ferrograd::Tensor::new([0.0, 1.0])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_min_tensor(&self, min: &Tensor) -> Result<Tensor> {
        self.one_bound(min, true, "ClampMinBackward1")
    }

    /// Elementwise `minimum(x, max)` for a tensor bound, broadcasting (`ClampMaxBackward1`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]);
    /// let y = x.try_clamp_max_tensor(&ferrograd::Tensor::new(0.0)).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![-2.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_max_tensor(&self, max: &Tensor) -> Result<Tensor> {
        self.one_bound(max, false, "ClampMaxBackward1")
    }

    /// In-place [`Tensor::try_clamp_tensors`]: the broadcast result must keep this tensor's
    /// shape, and its dtype must be this tensor's (a float bound on an integer tensor is
    /// refused), as in PyTorch.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([-2.0, 0.5, 3.0]);
    /// x.try_clamp_tensors_(None, Some(&Tensor::new([0.0, 0.0, 1.0]))).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![-2.0, 0.0, 1.0]);
    /// let e = Tensor::new([1.0]).try_clamp_tensors_(Some(&Tensor::ones(&[2, 1])), None).unwrap_err();
    /// assert_eq!(e.to_string(), "output with shape [1] doesn't match the broadcast shape [2, 1]");
    /// ```
    #[track_caller]
    pub fn try_clamp_tensors_(
        &self,
        min: Option<&Tensor>,
        max: Option<&Tensor>,
    ) -> Result<&Tensor> {
        self.clamp_tensor_inplace(|x| x.try_clamp_tensors(min, max), [min, max])
    }

    /// In-place [`Tensor::try_clamp_min_tensor`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]);
    /// x.try_clamp_min_tensor_(&ferrograd::Tensor::new(0.0)).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.5]);
    /// ```
    #[track_caller]
    pub fn try_clamp_min_tensor_(&self, min: &Tensor) -> Result<&Tensor> {
        self.clamp_tensor_inplace(|x| x.try_clamp_min_tensor(min), [Some(min), None])
    }

    /// In-place [`Tensor::try_clamp_max_tensor`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([-2.0, 0.5]);
    /// x.try_clamp_max_tensor_(&ferrograd::Tensor::new(0.0)).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![-2.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_max_tensor_(&self, max: &Tensor) -> Result<&Tensor> {
        self.clamp_tensor_inplace(|x| x.try_clamp_max_tensor(max), [None, Some(max)])
    }

    /// A clamp by a number on one side and a tensor on the other, as PyTorch's
    /// `clamp(min=t, max=2.0)`: the number becomes a 0-dim tensor of the input's kind
    /// (`ClampBackward0`).
    ///
    /// ```
    /// use ferrograd::{Scalar, Tensor};
    /// let x = Tensor::new([1.0, 5.0]);
    /// let y = x.try_clamp_mixed(Some(&Tensor::new(0.0)), None, None, Some(Scalar::Float(3.0))).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_mixed(
        &self,
        min: Option<&Tensor>,
        min_number: Option<Scalar>,
        max: Option<&Tensor>,
        max_number: Option<Scalar>,
    ) -> Result<Tensor> {
        let (lo, hi) = self.mixed_bounds(min, min_number, max, max_number);
        self.try_clamp_tensors(lo.as_ref(), hi.as_ref())
    }

    /// In-place [`Tensor::try_clamp_mixed`].
    ///
    /// ```
    /// use ferrograd::{Scalar, Tensor};
    /// let x = Tensor::new([1.0, 5.0]);
    /// x.try_clamp_mixed_(None, Some(Scalar::Int(2)), Some(&Tensor::new(4.0)), None).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![2.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn try_clamp_mixed_(
        &self,
        min: Option<&Tensor>,
        min_number: Option<Scalar>,
        max: Option<&Tensor>,
        max_number: Option<Scalar>,
    ) -> Result<&Tensor> {
        let (lo, hi) = self.mixed_bounds(min, min_number, max, max_number);
        self.try_clamp_tensors_(lo.as_ref(), hi.as_ref())
    }

    /// The bounds as tensors: a number becomes a 0-dim tensor in the dtype it promotes the
    /// input to (so it does not widen a floating input).
    fn mixed_bounds(
        &self,
        min: Option<&Tensor>,
        min_number: Option<Scalar>,
        max: Option<&Tensor>,
        max_number: Option<Scalar>,
    ) -> (Option<Tensor>, Option<Tensor>) {
        let wrap = |t: Option<&Tensor>, s: Option<Scalar>| {
            t.cloned()
                .or_else(|| s.map(|s| Tensor::from_scalar(s, super::result_type_scalar(self, s))))
        };
        (wrap(min, min_number), wrap(max, max_number))
    }

    fn one_bound(&self, b: &Tensor, lower: bool, name: &'static str) -> Result<Tensor> {
        let dt = result_type_of(&[self, b]);
        let out = if lower {
            clamp_values(self, Some(b), None, dt)?
        } else {
            clamp_values(self, None, Some(b), dt)?
        };
        let shapes = [self.dims(), b.dims()];
        let dts = [self.dtype(), b.dtype()];
        let bound_name = if lower { "min" } else { "max" };
        record(
            name,
            out,
            &[self, b],
            &[("self", self), (bound_name, b)],
            false,
            move |c| {
                let (gx, gb) = one_bound_grads(c.grad, &c.saved[0], &c.saved[1], lower)?;
                Ok(vec![
                    c.grad_if(0, || reduce_grad(&gx, &shapes[0], dts[0]))?,
                    c.grad_if(1, || reduce_grad(&gb, &shapes[1], dts[1]))?,
                ])
            },
        )
    }

    /// Computes `f(self)` out of place (on a copy of the old values when the node will read
    /// them) and writes it back, keeping the node.
    fn clamp_tensor_inplace(
        &self,
        f: impl Fn(&Tensor) -> Result<Tensor>,
        bounds: [Option<&Tensor>; 2],
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let recorded = crate::is_grad_enabled()
            && (self.requires_grad() || bounds.iter().flatten().any(|b| b.requires_grad()));
        let start = if recorded {
            self.try_clone_op()?
        } else {
            self.clone()
        };
        let new = f(&start)?;
        // (a result of a wider dtype of the same kind is cast back, as PyTorch writes it)
        self.try_assign_(&new)
    }
}

#[cfg(test)]
mod tests {
    use crate::Tensor;

    #[test]
    fn two_bound_gradients_are_pytorchs_at_ties_nan_and_crossed_bounds() {
        // recorded from PyTorch 2.15 (x, lo, hi) -> (y, gx, glo, ghi), output gradient 1
        let nan = f32::NAN;
        let cases: [[f32; 7]; 12] = [
            [-1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0],
            [0.0, 0.0, 1.0, 0.0, 0.5, 0.5, 0.0],
            [0.5, 0.0, 1.0, 0.5, 1.0, 0.0, 0.0],
            [1.0, 0.0, 1.0, 1.0, 0.5, 0.0, 0.5],
            [2.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0],
            [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            [-1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            [0.5, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0],
            [nan, 1.0, 0.0, nan, 1.0, 0.0, 1.0],
            [nan, 0.0, 1.0, nan, 1.0, 0.0, 0.0],
            [2.0, nan, 1.0, nan, 0.0, 0.0, 0.0],
            [0.0, 0.0, nan, nan, 1.0, 0.0, 0.0],
        ];
        for c in cases {
            let x = Tensor::new([c[0]]).requires_grad_(true);
            let lo = Tensor::new([c[1]]).requires_grad_(true);
            let hi = Tensor::new([c[2]]).requires_grad_(true);
            let y = x.try_clamp_tensors(Some(&lo), Some(&hi)).unwrap();
            let v = y.item() as f32;
            assert!(v == c[3] || v.is_nan() && c[3].is_nan(), "{c:?}: {v}");
            y.sum().backward();
            let got = [
                x.grad().unwrap().item(),
                lo.grad().unwrap().item(),
                hi.grad().unwrap().item(),
            ];
            assert_eq!(got.map(|g| g as f32), [c[4], c[5], c[6]], "{c:?}");
        }
    }

    #[test]
    fn one_bound_gradients_split_ties_and_pass_nan_to_both() {
        let inf = f32::INFINITY;
        let x = Tensor::new([-1.0, 0.0, 1.0, f32::NAN, 1.0]).requires_grad_(true);
        let b = Tensor::new([0.0, 0.0, 0.0, 0.0, f32::NAN]).requires_grad_(true);
        let y = x.try_clamp_min_tensor(&b).unwrap();
        assert_eq!(y.grad_fn().unwrap().name(), "ClampMinBackward1");
        y.backward_with(&Tensor::full(&[5], inf));
        assert_eq!(x.grad().unwrap().to_vec::<f32>(), [0.0, inf, inf, inf, inf]);
        assert_eq!(b.grad().unwrap().to_vec::<f32>(), [inf, inf, 0.0, inf, inf]);
        let x = Tensor::new([-1.0, 0.0, 1.0]).requires_grad_(true);
        let b = Tensor::new(0.0).requires_grad_(true);
        let y = x.try_clamp_max_tensor(&b).unwrap();
        assert_eq!(y.grad_fn().unwrap().name(), "ClampMaxBackward1");
        y.sum().backward();
        assert_eq!(x.grad().unwrap().to_vec::<f32>(), [1.0, 0.5, 0.0]);
        // the broadcast bound's gradient is summed back to its shape
        assert_eq!(b.grad().unwrap().item(), 1.5);
    }

    #[test]
    fn tensor_bounds_promote_broadcast_and_write_in_place_as_pytorch() {
        let ints = Tensor::new([1i64, 5]);
        let y = ints
            .try_clamp_tensors(Some(&Tensor::new([2.5])), None)
            .unwrap();
        assert_eq!(y.dtype(), crate::DType::Float32);
        let y = ints
            .try_clamp_tensors(Some(&Tensor::new(2.0)), None)
            .unwrap();
        assert_eq!(y.dtype(), crate::DType::Float32);
        // recorded from PyTorch 2.15: the 0-dim bounds promote among themselves first
        let f64_max = Tensor::new_with_dtype(3.0, crate::DType::Float64);
        let y = ints
            .try_clamp_tensors(Some(&Tensor::new(2.0)), Some(&f64_max))
            .unwrap();
        assert_eq!(y.dtype(), crate::DType::Float64);
        let y = Tensor::new([1.0, 5.0])
            .try_clamp_tensors(Some(&Tensor::ones(&[2, 2])), None)
            .unwrap();
        assert_eq!(y.shape(), &[2, 2]);
        let e = ints
            .try_clamp_tensors_(Some(&Tensor::new([2.5, 1.0])), None)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "result type Float can't be cast to the desired output type Long"
        );
        // in place under autograd: the node reads the old values
        let a = Tensor::new([1.0, 5.0]).requires_grad_(true);
        let x = &a * 1.0;
        let lo = Tensor::new([2.0, 2.0]).requires_grad_(true);
        x.try_clamp_min_tensor_(&lo).unwrap();
        assert_eq!(x.grad_fn().unwrap().name(), "ClampMinBackward1");
        x.sum().backward();
        assert_eq!(a.grad().unwrap().to_vec::<f32>(), [0.0, 1.0]);
        assert_eq!(lo.grad().unwrap().to_vec::<f32>(), [1.0, 0.0]);
    }
}
