//! Tests for special floating values (`isnan isinf isposinf isneginf isfinite`) and
//! `nan_to_num`.

use super::dispatch_float;
use crate::autograd::record;
use crate::error::{unwrap, Result};
use crate::tensor::Element;
use crate::Tensor;

/// A bool tensor of `pred` on each element; integers and bools are finite numbers.
fn classify(x: &Tensor, pred: fn(f64) -> bool) -> Tensor {
    let v: Vec<bool> = if x.dtype().is_floating_point() {
        dispatch_float!(x.dtype(), T => x.to_vec::<T>().into_iter().map(|a| pred(a.to_f64())).collect())
    } else {
        vec![pred(0.0); x.numel()]
    };
    Tensor::from_vec(v, x.shape())
}

impl Tensor {
    /// Where the elements are NaN, as a bool tensor (never for integers).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, f32::NAN]);
    /// assert_eq!(x.isnan().to_vec::<bool>(), vec![false, true]);
    /// ```
    pub fn isnan(&self) -> Tensor {
        classify(self, f64::is_nan)
    }

    /// Where the elements are +∞ or −∞.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, f32::NEG_INFINITY]);
    /// assert_eq!(x.isinf().to_vec::<bool>(), vec![false, true]);
    /// ```
    pub fn isinf(&self) -> Tensor {
        classify(self, f64::is_infinite)
    }

    /// Where the elements are +∞.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([f32::INFINITY, f32::NEG_INFINITY]);
    /// assert_eq!(x.isposinf().to_vec::<bool>(), vec![true, false]);
    /// ```
    pub fn isposinf(&self) -> Tensor {
        classify(self, |a| a == f64::INFINITY)
    }

    /// Where the elements are −∞.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([f32::INFINITY, f32::NEG_INFINITY]);
    /// assert_eq!(x.isneginf().to_vec::<bool>(), vec![false, true]);
    /// ```
    pub fn isneginf(&self) -> Tensor {
        classify(self, |a| a == f64::NEG_INFINITY)
    }

    /// Where the elements are finite (neither NaN nor infinite; always for integers).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, f32::NAN, f32::INFINITY]);
    /// assert_eq!(x.isfinite().to_vec::<bool>(), vec![true, false, false]);
    /// ```
    pub fn isfinite(&self) -> Tensor {
        classify(self, f64::is_finite)
    }

    /// NaN, +∞ and −∞ replaced by `nan`, `posinf` and `neginf` (by default 0, the dtype's
    /// largest and its lowest finite value), as `NanToNumBackward0`: the gradient passes where
    /// the input was finite and is multiplied by 0 elsewhere (`grad · isfinite(x)`). Integer tensors are returned as a copy.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, f32::NAN, f32::INFINITY]);
    /// let y = x.try_nan_to_num(0.0, None, None).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0, f32::MAX]);
    /// ```
    #[track_caller]
    pub fn try_nan_to_num(
        &self,
        nan: f64,
        posinf: Option<f64>,
        neginf: Option<f64>,
    ) -> Result<Tensor> {
        if !self.dtype().is_floating_point() {
            return self.try_clone_op();
        }
        let out = dispatch_float!(self.dtype(), T => {
            let (nan, pos, neg) = (
                nan as T,
                posinf.map_or(T::MAX, |v| v as T),
                neginf.map_or(T::MIN, |v| v as T),
            );
            let v: Vec<T> = self
                .to_vec::<T>()
                .into_iter()
                .map(|a| {
                    if a.is_nan() {
                        nan
                    } else if a == T::INFINITY {
                        pos
                    } else if a == T::NEG_INFINITY {
                        neg
                    } else {
                        a
                    }
                })
                .collect();
            Tensor::from_vec(v, self.shape())
        });
        record(
            "NanToNumBackward0",
            out,
            &[self],
            &[("self", self)],
            false,
            |c| {
                // PyTorch multiplies by the mask: an infinite gradient at a NaN gives NaN
                let finite = c.saved[0].isfinite().try_to_dtype(c.grad.dtype())?;
                Ok(vec![Some(c.grad.try_mul(&finite)?)])
            },
        )
    }

    /// Panicking [`Tensor::try_nan_to_num`] with PyTorch's defaults.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([f32::NEG_INFINITY]);
    /// assert_eq!(x.nan_to_num().to_vec::<f32>(), vec![f32::MIN]);
    /// ```
    #[track_caller]
    pub fn nan_to_num(&self) -> Tensor {
        unwrap(self.try_nan_to_num(0.0, None, None))
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, Tensor};

    #[test]
    fn nan_to_num_multiplies_the_gradient_by_isfinite() {
        // recorded from PyTorch 2.15: an infinite gradient at a NaN gives NaN (inf · 0)
        let x = Tensor::new([1.0, f32::NAN]).requires_grad_(true);
        x.nan_to_num()
            .backward_with(&Tensor::full(&[2], f32::INFINITY));
        let g = x.grad().unwrap().to_vec::<f32>();
        assert_eq!(g[0], f32::INFINITY);
        assert!(g[1].is_nan());
    }

    #[test]
    fn integers_are_finite_and_kept_by_nan_to_num() {
        let i = Tensor::new([1i64, 2]);
        assert_eq!(i.isnan().to_vec::<bool>(), vec![false, false]);
        assert_eq!(i.isfinite().to_vec::<bool>(), vec![true, true]);
        let j = i.nan_to_num();
        assert_eq!((j.dtype(), j.to_vec::<i64>()), (DType::Int64, vec![1, 2]));
        let b = Tensor::ones_dtype(&[2], DType::Bool).isinf();
        assert_eq!(b.to_vec::<bool>(), vec![false, false]);
    }

    #[test]
    fn nan_to_num_gradient_passes_only_where_finite() {
        // recorded from PyTorch: grad [1, 0, 0, 0] for [1, nan, inf, -inf]
        let x = Tensor::new_with_dtype(
            vec![1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
            DType::Float64,
        )
        .requires_grad_(true);
        let y = x.try_nan_to_num(1.0, Some(2.0), Some(3.0)).unwrap();
        assert_eq!(y.to_vec::<f64>(), vec![1.0, 1.0, 2.0, 3.0]);
        assert_eq!(y.grad_fn().unwrap().name(), "NanToNumBackward0");
        y.sum().backward();
        assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![1.0, 0.0, 0.0, 0.0]);
    }
}
