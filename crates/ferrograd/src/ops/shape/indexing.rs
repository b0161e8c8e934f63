//! Indexing along a dimension: `select slice narrow`, and the backward of slicing.

use crate::autograd::record;
use crate::error::{index_err, runtime, unwrap, Result};
use crate::ops::wrap_dim;
use crate::Tensor;

impl Tensor {
    /// The slice at `index` along `dim`, which is removed (`SelectBackward0`; Python's `x[i]`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1, 2], [3, 4]]);
    /// assert_eq!(x.try_select(0, -1).unwrap().to_vec::<i64>(), vec![3, 4]);
    /// assert_eq!(
    ///     x.try_select(0, 5).unwrap_err().to_string(),
    ///     "index 5 is out of bounds for dimension 0 with size 2"
    /// );
    /// ```
    #[track_caller]
    pub fn try_select(&self, dim: isize, index: isize) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(index_err("select() cannot be applied to a 0-dim tensor."));
        }
        let d = wrap_dim(dim, self.dim())?;
        let size = self.shape()[d] as isize;
        if index < -size || index >= size {
            return Err(index_err(format!(
                "index {index} is out of bounds for dimension {d} with size {size}"
            )));
        }
        let i = if index < 0 { index + size } else { index } as usize;
        self.select_recorded_as(d, i, "SelectBackward0")
    }

    /// The slice at `i` along `d` (both in range), recorded as `name`.
    #[track_caller]
    pub(crate) fn select_recorded_as(
        &self,
        d: usize,
        i: usize,
        name: &'static str,
    ) -> Result<Tensor> {
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        let offset = self.storage_offset() + i * strides[d];
        shape.remove(d);
        strides.remove(d);
        let out = self.alias(shape, strides, offset);
        let in_shape = self.dims();
        record(name, out, &[self], &[], false, move |c| {
            let bd = crate::autograd::batch::dim(d);
            let g = c.grad.try_unsqueeze(bd as isize)?;
            Ok(vec![Some(embed_slice(
                &g,
                &crate::autograd::batch::shape(&in_shape),
                bd,
                i,
                1,
            )?)])
        })
    }

    /// Panicking [`Tensor::try_select`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([5, 6]).select(0, 1).item(), 6.0);
    /// ```
    #[track_caller]
    pub fn select(&self, dim: isize, index: isize) -> Tensor {
        unwrap(self.try_select(dim, index))
    }

    /// Python's `x[start:end:step]` along `dim` (`SliceBackward0`), a view. Bounds are clamped
    /// as in Python; negative bounds count from the end.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(6);
    /// assert_eq!(x.try_slice(0, 1, 6, 2).unwrap().to_vec::<i64>(), vec![1, 3, 5]);
    /// assert_eq!(x.try_slice(0, -2, isize::MAX, 1).unwrap().to_vec::<i64>(), vec![4, 5]);
    /// ```
    #[track_caller]
    pub fn try_slice(&self, dim: isize, start: isize, end: isize, step: usize) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(index_err("slice() cannot be applied to a 0-dim tensor."));
        }
        if step == 0 {
            return Err(runtime("slice step must be positive"));
        }
        let d = wrap_dim(dim, self.dim())?;
        let size = self.shape()[d] as isize;
        let clamp = |v: isize| -> usize {
            let v = if v < 0 { v + size } else { v };
            v.clamp(0, size) as usize
        };
        let (s, e) = (clamp(start), clamp(end));
        let len = if e > s { (e - s).div_ceil(step) } else { 0 };
        self.slice_recorded_as(d, s, len, step, "SliceBackward0")
    }

    /// `len` elements from `s` every `step` along `d` (all in range), a view recorded as
    /// `name`.
    #[track_caller]
    pub(crate) fn slice_recorded_as(
        &self,
        d: usize,
        s: usize,
        len: usize,
        step: usize,
        name: &'static str,
    ) -> Result<Tensor> {
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        let offset = self.storage_offset() + s * strides[d];
        shape[d] = len;
        strides[d] *= step;
        let out = self.alias(shape, strides, offset);
        let in_shape = self.dims();
        record(name, out, &[self], &[], false, move |c| {
            let shape = crate::autograd::batch::shape(&in_shape);
            Ok(vec![Some(embed_slice(
                c.grad,
                &shape,
                crate::autograd::batch::dim(d),
                s,
                step,
            )?)])
        })
    }

    /// Panicking [`Tensor::try_slice`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::arange(4).slice(0, 1, 4, 1).to_vec::<i64>(), vec![1, 2, 3]);
    /// ```
    #[track_caller]
    pub fn slice(&self, dim: isize, start: isize, end: isize, step: usize) -> Tensor {
        unwrap(self.try_slice(dim, start, end, step))
    }

    /// `length` elements from `start` along `dim` (`SliceBackward0`), a view.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(5);
    /// assert_eq!(x.try_narrow(0, 1, 2).unwrap().to_vec::<i64>(), vec![1, 2]);
    /// assert!(x.try_narrow(0, 4, 2).is_err());
    /// ```
    #[track_caller]
    pub fn try_narrow(&self, dim: isize, start: isize, length: usize) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        let size = self.shape()[d] as isize;
        let s = if start < 0 { start + size } else { start };
        if s < 0 || s > size {
            return Err(index_err(format!(
                "start out of range (expected to be in range of [{}, {}], but got {start})",
                -size, size
            )));
        }
        if s + length as isize > size {
            return Err(runtime(format!(
                "start ({s}) + length ({length}) exceeds dimension size ({size})."
            )));
        }
        self.try_slice(d as isize, s, s + length as isize, 1)
    }

    /// Panicking [`Tensor::try_narrow`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::arange(5).narrow(0, 3, 2).to_vec::<i64>(), vec![3, 4]);
    /// ```
    #[track_caller]
    pub fn narrow(&self, dim: isize, start: isize, length: usize) -> Tensor {
        unwrap(self.try_narrow(dim, start, length))
    }
}

/// Zeros of `shape` with `g` written at `start, start+step, ...` along `dim`: the backward of
/// slicing, itself differentiable (its backward slices again).
#[track_caller]
pub(crate) fn embed_slice(
    g: &Tensor,
    shape: &[usize],
    dim: usize,
    start: usize,
    step: usize,
) -> Result<Tensor> {
    let out = Tensor::zeros_dtype(shape, g.dtype());
    {
        let len = g.shape()[dim];
        let mut strides = out.stride_dims();
        let offset = start * strides[dim];
        let mut vshape = shape.to_vec();
        vshape[dim] = len;
        strides[dim] *= step;
        let view = out.alias(vshape, strides, offset);
        view.copy_raw(g)?;
    }
    let (d, s, st) = (dim as isize, start as isize, step);
    let end = start as isize + (g.shape()[dim] as isize) * step as isize;
    record("SliceBackwardBackward0", out, &[g], &[], false, move |c| {
        let d = crate::autograd::batch::dim(d as usize) as isize;
        Ok(vec![Some(c.grad.try_slice(d, s, end, st)?)])
    })
}
