//! Copies and conversions: `clone contiguous to_dtype`, and raw copies and aliases.

use crate::autograd::record;
use crate::error::{unwrap, Result};
use crate::ops::{cast_raw, dispatch_any};
use crate::tensor::Element;
use crate::tensor::VersionCounter;
use crate::{DType, Tensor};
use std::sync::Arc;

impl Tensor {
    /// A copy with its own storage (`CloneBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0]);
    /// let y = x.clone_tensor();
    /// assert!(!y.shares_storage(&x));
    /// ```
    #[track_caller]
    pub fn try_clone_op(&self) -> Result<Tensor> {
        let out = self.contiguous_copy();
        record("CloneBackward0", out, &[self], &[], false, |c| {
            Ok(vec![Some(c.grad.clone())])
        })
    }

    /// PyTorch's `clone()`: a copy with its own storage, differentiable (`CloneBackward0`).
    /// (Rust's `Clone` gives another handle on the same tensor.)
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// assert_eq!(x.clone_tensor().grad_fn().unwrap().name(), "CloneBackward0");
    /// ```
    #[track_caller]
    pub fn clone_tensor(&self) -> Tensor {
        unwrap(self.try_clone_op())
    }

    /// This tensor if already contiguous, else a contiguous copy (`CloneBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 3]).t();
    /// assert!(x.contiguous().is_contiguous());
    /// ```
    #[track_caller]
    pub fn contiguous(&self) -> Tensor {
        if self.is_contiguous() {
            self.clone()
        } else {
            unwrap(self.try_clone_op())
        }
    }

    /// A copy in another dtype (`ToCopyBackward0`); the same tensor if the dtype already matches.
    ///
    /// ```
    /// use ferrograd::DType;
    /// let x = ferrograd::Tensor::new([1.7, -2.2]);
    /// assert_eq!(x.try_to_dtype(DType::Int64).unwrap().to_vec::<i64>(), vec![1, -2]);
    /// ```
    #[track_caller]
    pub fn try_to_dtype(&self, dtype: DType) -> Result<Tensor> {
        if dtype == self.dtype() {
            return Ok(self.clone());
        }
        let out = cast_raw(self, dtype);
        if !dtype.is_floating_point() {
            return Ok(out);
        }
        let src = self.dtype();
        record("ToCopyBackward0", out, &[self], &[], false, move |c| {
            Ok(vec![Some(c.grad.try_to_dtype(src)?)])
        })
    }

    /// Panicking [`Tensor::try_to_dtype`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2]).to_dtype(ferrograd::DType::Float64);
    /// assert_eq!(x.to_string(), "tensor([1., 2.], dtype=torch.float64)");
    /// ```
    #[track_caller]
    pub fn to_dtype(&self, dtype: DType) -> Tensor {
        unwrap(self.try_to_dtype(dtype))
    }

    /// A dense copy, with no autograd.
    #[track_caller]
    pub(crate) fn contiguous_copy(&self) -> Tensor {
        let buf = dispatch_any!(self.dtype(), T => T::into_buffer(self.to_vec_pooled::<T>()));
        Tensor::from_buffer(buf, self.dims())
    }

    /// A new handle on the same storage, layout and version counter, without autograd state
    /// and without a base (`detach()`).
    #[track_caller]
    pub(crate) fn alias_same_layout(&self) -> Tensor {
        self.alias_versioned(self.0.own_version.clone())
    }

    /// [`Tensor::alias_same_layout`] with a version counter of its own (`.data`: an in-place
    /// change through it is not one that a saved tensor of this tensor detects, as in PyTorch).
    pub(crate) fn alias_own_version(&self) -> Tensor {
        self.alias_versioned(Some(Arc::new(VersionCounter::new())))
    }

    fn alias_versioned(&self, own_version: Option<Arc<VersionCounter>>) -> Tensor {
        Tensor::from_parts(
            self.0.storage.clone(),
            self.dims(),
            self.stride_dims(),
            self.storage_offset(),
            self.dtype(),
            self.0.is_view,
            own_version,
        )
    }

    /// `dim` moved last, as a contiguous copy (no autograd).
    #[track_caller]
    pub(crate) fn try_movedim_raw(&self, d: usize) -> Tensor {
        let mut perm: Vec<usize> = (0..self.dim()).filter(|&i| i != d).collect();
        perm.push(d);
        let shape: crate::tensor::Dims = perm.iter().map(|&p| self.shape()[p]).collect();
        let strides: crate::tensor::Dims = perm.iter().map(|&p| self.strides()[p]).collect();
        self.alias(shape, strides, self.storage_offset())
            .contiguous_copy()
    }

    #[track_caller]
    pub(crate) fn scalar_like_dtype(dt: DType, dim: usize) -> Tensor {
        Tensor::from_buffer(crate::tensor::Buffer::zeros(dt, 1), vec![1; dim])
    }
}
