//! `amax` and `amin`: the extreme values over several dimensions, whose gradient is shared
//! evenly among the elements equal to the result (PyTorch's `AmaxBackward0`/`AminBackward0`),
//! where `max(dim)` sends all of it to the one index it returns.

use super::wrap_dim;
use crate::autograd::record;
use crate::error::{unwrap, Result};
use crate::Tensor;

impl Tensor {
    fn extreme_dims(&self, dims: &[isize], keepdim: bool, is_max: bool) -> Result<Tensor> {
        let nd = self.dim();
        // every dimension when none is given; each reduced in turn, kept as size 1
        let mut ds: Vec<usize> = if dims.is_empty() {
            (0..nd).collect()
        } else {
            dims.iter()
                .map(|&d| wrap_dim(d, nd.max(1)).map(|d| d.min(nd.saturating_sub(1))))
                .collect::<Result<_>>()?
        };
        ds.sort_unstable();
        ds.dedup();
        let op = if is_max { "amax" } else { "amin" };
        if dims.is_empty() && self.numel() == 0 {
            return Err(crate::error::runtime(format!(
                "{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."
            )));
        }
        if let Some(&d) = ds.iter().find(|&&d| nd > 0 && self.shape()[d] == 0) {
            return Err(crate::error::index_err(format!(
                "{op}(): Expected reduction dim {d} to have non-zero size."
            )));
        }
        let src = self.detach();
        let mut v = if nd == 0 { src.try_reshape(&[1])? } else { src };
        for &d in &ds {
            v = if is_max {
                v.try_max_dim(d as isize, true)?.0
            } else {
                v.try_min_dim(d as isize, true)?.0
            };
        }
        let kept_shape: Vec<usize> = v.shape().to_vec();
        let out_shape: Vec<usize> = if nd == 0 {
            vec![]
        } else if keepdim {
            kept_shape.clone()
        } else {
            (0..nd)
                .filter(|d| !ds.contains(d))
                .map(|d| self.shape()[d])
                .collect()
        };
        let out = v.try_reshape(&out_shape)?;
        let name = if is_max {
            "AmaxBackward0"
        } else {
            "AminBackward0"
        };
        let kept = if nd == 0 { vec![] } else { kept_shape };
        let rdims: Vec<isize> = ds.iter().map(|&d| d as isize).collect();
        record(name, out, &[self], &[("self", self)], true, move |c| {
            // (grad / count) · mask, mask = (self == result): a NaN result leaves every mask 0,
            // so its row's gradient is 0/0·0 = NaN, as PyTorch's
            let (x, r) = (&c.saved[0], &c.saved[1]);
            let shape = crate::autograd::batch::shape(&kept);
            let r = r.try_reshape(&crate::autograd::batch::shape(&kept))?;
            let mask = x.try_eq(&r)?.to_dtype(c.grad.dtype());
            let count = if rdims.is_empty() || x.dim() == 0 {
                mask.clone()
            } else {
                mask.try_sum_dims(&rdims, true)?
            };
            let g = c.grad.try_reshape(&shape)?;
            Ok(vec![Some(g.try_div(&count)?.try_mul(&mask)?)])
        })
    }

    /// The largest values over `dims` (every dimension when empty), kept as size 1 with
    /// `keepdim` (`AmaxBackward0`: ties share the gradient evenly; NaN propagates).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]]).requires_grad_(true);
    /// let m = x.try_amax(&[1], false).unwrap();
    /// assert_eq!(m.to_vec::<f32>(), vec![3.0, 2.0]);
    /// m.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.5, 0.5, 0.5, 0.5, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_amax(&self, dims: &[isize], keepdim: bool) -> Result<Tensor> {
        self.extreme_dims(dims, keepdim, true)
    }
    /// Panicking [`Tensor::try_amax`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0, 5.0]).amax(&[], false).item(), 5.0);
    /// ```
    #[track_caller]
    pub fn amax(&self, dims: &[isize], keepdim: bool) -> Tensor {
        unwrap(self.try_amax(dims, keepdim))
    }
    /// The smallest values over `dims` (`AminBackward0`), as [`Tensor::try_amax`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 3.0], [0.0, 0.0]]);
    /// assert_eq!(x.try_amin(&[1], true).unwrap().to_vec::<f32>(), vec![1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_amin(&self, dims: &[isize], keepdim: bool) -> Result<Tensor> {
        self.extreme_dims(dims, keepdim, false)
    }
    /// Panicking [`Tensor::try_amin`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0, 5.0]).amin(&[0], false).item(), 1.0);
    /// ```
    #[track_caller]
    pub fn amin(&self, dims: &[isize], keepdim: bool) -> Tensor {
        unwrap(self.try_amin(dims, keepdim))
    }
}
