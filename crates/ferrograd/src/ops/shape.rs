//! Views and shape operations: `reshape view flatten transpose t permute expand squeeze unsqueeze
//! select slice narrow`, plus `cat stack contiguous clone to_dtype`. Views share storage.

use super::{cast_raw, dispatch_any, result_type, wrap_dim};
use crate::autograd::record;
use crate::error::{index_err, runtime, unwrap, Result};
use crate::tensor::{contiguous_strides, fmt_list, Element};
use crate::{DType, Tensor};

impl Tensor {
    /// The same elements under another shape (`ViewBackward0`); a view when the layout allows,
    /// otherwise a copy. The number of elements must match.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(6.0);
    /// assert_eq!(x.try_reshape(&[2, 3]).unwrap().shape(), &[2, 3]);
    /// assert_eq!(
    ///     x.try_reshape(&[4]).unwrap_err().to_string(),
    ///     "shape '[4]' is invalid for input of size 6"
    /// );
    /// ```
    #[track_caller]
    pub fn try_reshape(&self, shape: &[usize]) -> Result<Tensor> {
        let n: usize = shape.iter().product();
        if n != self.numel() {
            return Err(runtime(format!(
                "shape '{}' is invalid for input of size {}",
                fmt_list(shape),
                self.numel()
            )));
        }
        let (base, name) = if self.is_contiguous() {
            (self.clone(), "ViewBackward0")
        } else {
            (self.try_clone_op()?, "UnsafeViewBackward0")
        };
        Ok(view_recorded(&base, shape, name, self.dims()))
    }

    /// A reshape recorded as `UnsafeViewBackward0`, as PyTorch's `_unsafe_view` at the end of
    /// a folded matrix product; `self` holds `shape`'s number of elements.
    #[track_caller]
    pub(crate) fn unsafe_view(&self, shape: &[usize]) -> Result<Tensor> {
        if shape.iter().product::<usize>() != self.numel() {
            return Err(runtime(format!(
                "shape '{}' is invalid for input of size {}",
                fmt_list(shape),
                self.numel()
            )));
        }
        let base = if self.is_contiguous() {
            self.clone()
        } else {
            self.try_clone_op()?
        };
        Ok(view_recorded(
            &base,
            shape,
            "UnsafeViewBackward0",
            self.dims(),
        ))
    }
}

/// `base` (contiguous) seen with `shape`, recorded under `name`; its backward reshapes the
/// gradient back to `in_shape`.
#[track_caller]
fn view_recorded(
    base: &Tensor,
    shape: &[usize],
    name: &'static str,
    in_shape: crate::tensor::Dims,
) -> Tensor {
    let out = base.alias(
        shape.to_vec(),
        contiguous_strides(shape),
        base.storage_offset(),
    );
    record(name, out, &[base], &[], false, move |c| {
        Ok(vec![Some(
            c.grad
                .try_reshape(&crate::autograd::batch::shape(&in_shape))?,
        )])
    })
}

impl Tensor {
    /// Panicking [`Tensor::try_reshape`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[6]).reshape(&[3, 2]).shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn reshape(&self, shape: &[usize]) -> Tensor {
        unwrap(self.try_reshape(shape))
    }

    /// [`Tensor::try_reshape`] where one entry may be `-1`, inferred from the others.
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 6]);
    /// assert_eq!(x.try_reshape_infer(&[-1, 4]).unwrap().shape(), &[3, 4]);
    /// ```
    #[track_caller]
    pub fn try_reshape_infer(&self, shape: &[isize]) -> Result<Tensor> {
        // PyTorch's infer_size: checks in order of the dimensions, then the element count.
        let shown = format!(
            "[{}]",
            shape
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let numel = self.numel();
        let mut known = 1usize;
        let mut infer: Option<usize> = None;
        for (i, &s) in shape.iter().enumerate() {
            if s == -1 {
                if infer.is_some() {
                    return Err(runtime("only one dimension can be inferred"));
                }
                infer = Some(i);
            } else if s >= 0 {
                known *= s as usize;
            } else {
                return Err(runtime(format!(
                    "invalid shape dimension {s} at index {i} of shape {shown}"
                )));
            }
        }
        let fits = numel == known || (infer.is_some() && known > 0 && numel % known == 0);
        if !fits {
            return Err(runtime(format!(
                "shape '{shown}' is invalid for input of size {numel}"
            )));
        }
        let mut resolved: Vec<usize> = shape.iter().map(|&s| s.max(0) as usize).collect();
        if let Some(i) = infer {
            if known == 0 {
                return Err(runtime(format!(
                    "cannot reshape tensor of 0 elements into shape {shown} because the unspecified dimension size -1 can be any value and is ambiguous"
                )));
            }
            resolved[i] = numel / known;
        }
        self.try_reshape(&resolved)
    }

    /// Like [`Tensor::try_reshape`] but never copies: fails on layouts that cannot be viewed.
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 3]);
    /// assert!(x.try_view(&[6]).is_ok());
    /// assert!(x.t().try_view(&[6]).is_err());
    /// ```
    #[track_caller]
    pub fn try_view(&self, shape: &[usize]) -> Result<Tensor> {
        if !self.is_contiguous() && shape.iter().product::<usize>() == self.numel() {
            return Err(runtime("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."));
        }
        self.try_reshape(shape)
    }

    /// Panicking [`Tensor::try_view`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[4]).view(&[2, 2]).shape(), &[2, 2]);
    /// ```
    #[track_caller]
    pub fn view(&self, shape: &[usize]) -> Tensor {
        unwrap(self.try_view(shape))
    }

    /// All dimensions flattened into one (`ViewBackward0`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).flatten().shape(), &[6]);
    /// ```
    #[track_caller]
    pub fn flatten(&self) -> Tensor {
        unwrap(self.try_reshape(&[self.numel()]))
    }

    /// Dimensions reordered (`PermuteBackward0`), a view.
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 3, 4]);
    /// assert_eq!(x.try_permute(&[2, 0, 1]).unwrap().shape(), &[4, 2, 3]);
    /// ```
    #[track_caller]
    pub fn try_permute(&self, dims: &[isize]) -> Result<Tensor> {
        let nd = self.dim();
        if dims.len() != nd {
            return Err(runtime(format!(
                "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to len(dims) = {}",
                dims.len()
            )));
        }
        let mut seen = vec![false; nd];
        let mut perm = Vec::with_capacity(nd);
        for &d in dims {
            let d = wrap_dim(d, nd)?;
            if seen[d] {
                return Err(runtime("permute(): duplicate dims are not allowed."));
            }
            seen[d] = true;
            perm.push(d);
        }
        let shape: crate::tensor::Dims = perm.iter().map(|&p| self.shape()[p]).collect();
        let strides: crate::tensor::Dims = perm.iter().map(|&p| self.strides()[p]).collect();
        let out = self.alias(shape, strides, self.storage_offset());
        let mut inv = vec![0isize; nd];
        for (i, &p) in perm.iter().enumerate() {
            inv[p] = i as isize;
        }
        Ok(record(
            "PermuteBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| {
                if crate::autograd::batch::size().is_none() {
                    return Ok(vec![Some(c.grad.try_permute(&inv)?)]);
                }
                // the batch dimension stays first
                let inv: Vec<isize> = std::iter::once(0)
                    .chain(inv.iter().map(|&d| d + 1))
                    .collect();
                Ok(vec![Some(c.grad.try_permute(&inv)?)])
            },
        ))
    }

    /// Panicking [`Tensor::try_permute`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).permute(&[1, 0]).shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn permute(&self, dims: &[isize]) -> Tensor {
        unwrap(self.try_permute(dims))
    }

    #[track_caller]
    fn swap_dims_raw(&self, d0: usize, d1: usize) -> Tensor {
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        shape.swap(d0, d1);
        strides.swap(d0, d1);
        self.alias(shape, strides, self.storage_offset())
    }

    /// Dimensions `d0` and `d1` swapped (`TransposeBackward0`), a view.
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 3, 4]);
    /// assert_eq!(x.try_transpose(0, -1).unwrap().shape(), &[4, 3, 2]);
    /// ```
    #[track_caller]
    pub fn try_transpose(&self, d0: isize, d1: isize) -> Result<Tensor> {
        let (a, b) = (wrap_dim(d0, self.dim())?, wrap_dim(d1, self.dim())?);
        // A 0-dim tensor transposes to a view of itself, still recorded (its gradient flows).
        let out = if self.dim() == 0 {
            self.alias_same_layout_view()
        } else {
            self.swap_dims_raw(a, b)
        };
        Ok(record(
            "TransposeBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| {
                let (a, b) = (
                    crate::autograd::batch::dim(a) as isize,
                    crate::autograd::batch::dim(b) as isize,
                );
                Ok(vec![Some(c.grad.try_transpose(a, b)?)])
            },
        ))
    }

    /// Panicking [`Tensor::try_transpose`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).transpose(0, 1).shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn transpose(&self, d0: isize, d1: isize) -> Tensor {
        unwrap(self.try_transpose(d0, d1))
    }

    /// The transpose of a tensor of at most 2 dimensions (`TBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1, 2, 3]]);
    /// assert_eq!(x.try_t().unwrap().shape(), &[3, 1]);
    /// ```
    #[track_caller]
    pub fn try_t(&self) -> Result<Tensor> {
        if self.dim() > 2 {
            return Err(runtime(format!(
                "t() expects a tensor with <= 2 dimensions, but self is {}D",
                self.dim()
            )));
        }
        let out = if self.dim() == 2 {
            self.swap_dims_raw(0, 1)
        } else {
            self.alias_same_layout_view()
        };
        Ok(record("TBackward0", out, &[self], &[], false, |c| {
            Ok(vec![Some(match crate::autograd::batch::size() {
                // a batch of matrices: swap the last two dimensions; vectors stay as they are
                Some(_) if c.grad.dim() == 3 => c.grad.try_transpose(1, 2)?,
                Some(_) => c.grad.clone(),
                None => c.grad.try_t()?,
            })])
        }))
    }

    /// Panicking [`Tensor::try_t`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).t().shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn t(&self) -> Tensor {
        unwrap(self.try_t())
    }

    /// A view with size-1 (or missing leading) dimensions repeated to `shape` without copying
    /// (`ExpandBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0], [2.0]]);
    /// let e = x.try_expand(&[2, 3]).unwrap();
    /// assert_eq!(e.to_vec::<f32>(), vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0]);
    /// assert_eq!(e.strides(), &[1, 0]);
    /// ```
    #[track_caller]
    pub fn try_expand(&self, shape: &[usize]) -> Result<Tensor> {
        if shape == self.shape() {
            // a view all the same, recorded as PyTorch does
            return Ok(record(
                "ExpandBackward0",
                self.alias_same_layout_view(),
                &[self],
                &[],
                false,
                |c| Ok(vec![Some(c.grad.clone())]),
            ));
        }
        if shape.len() < self.dim() {
            return Err(runtime(format!(
                "expand({}{{{}}}, size={}): the number of sizes provided ({}) must be greater or equal to the number of dimensions in the tensor ({})",
                self.dtype().legacy_type_name(),
                fmt_list(self.shape()),
                fmt_list(shape),
                shape.len(),
                self.dim()
            )));
        }
        let off = shape.len() - self.dim();
        // From the last dimension, as PyTorch checks (it reports the last mismatch).
        for i in (0..self.dim()).rev() {
            let (s, t) = (self.shape()[i], shape[off + i]);
            if s != t && s != 1 {
                return Err(runtime(format!(
                    "The expanded size of the tensor ({t}) must match the existing size ({s}) at non-singleton dimension {}.  Target sizes: {}.  Tensor sizes: {}",
                    off + i, fmt_list(shape), fmt_list(self.shape())
                )));
            }
        }
        let out = self.expand_raw(shape);
        let in_shape = self.dims();
        Ok(record(
            "ExpandBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| Ok(vec![Some(super::sum_to(c.grad, &in_shape)?)]),
        ))
    }

    /// Panicking [`Tensor::try_expand`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(1.0).expand(&[3]).to_vec::<f32>(), vec![1.0; 3]);
    /// ```
    #[track_caller]
    pub fn expand(&self, shape: &[usize]) -> Tensor {
        unwrap(self.try_expand(shape))
    }

    /// Broadcast view without checks or autograd (the caller has checked `shape`).
    #[track_caller]
    pub(crate) fn expand_raw(&self, shape: &[usize]) -> Tensor {
        if shape == self.shape() {
            return self.clone();
        }
        let strides = crate::kernels::cpu::broadcast_strides(self, shape);
        self.alias(shape.to_vec(), strides, self.storage_offset())
    }

    /// A size-1 dimension inserted at `dim` (`UnsqueezeBackward0`), a view.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[3]).try_unsqueeze(0).unwrap().shape(), &[1, 3]);
    /// assert_eq!(ferrograd::Tensor::zeros(&[3]).try_unsqueeze(-1).unwrap().shape(), &[3, 1]);
    /// ```
    #[track_caller]
    pub fn try_unsqueeze(&self, dim: isize) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim() + 1)?;
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        let st = if d < self.dim() {
            strides[d] * shape[d]
        } else {
            1
        };
        shape.insert(d, 1);
        strides.insert(d, st);
        let out = self.alias(shape, strides, self.storage_offset());
        Ok(record(
            "UnsqueezeBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| {
                Ok(vec![Some(c.grad.try_squeeze_dim(
                    crate::autograd::batch::dim(d) as isize,
                )?)])
            },
        ))
    }

    /// Panicking [`Tensor::try_unsqueeze`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(1.0).unsqueeze(0).shape(), &[1]);
    /// ```
    #[track_caller]
    pub fn unsqueeze(&self, dim: isize) -> Tensor {
        unwrap(self.try_unsqueeze(dim))
    }

    /// Dimension `dim` removed if it has size 1 (`SqueezeBackward1`), a view.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[1, 3]).try_squeeze_dim(0).unwrap().shape(), &[3]);
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).try_squeeze_dim(0).unwrap().shape(), &[2, 3]);
    /// ```
    #[track_caller]
    pub fn try_squeeze_dim(&self, dim: isize) -> Result<Tensor> {
        self.squeeze_dim_as(dim, "SqueezeBackward1")
    }

    /// [`Tensor::try_squeeze_dim`] recorded under `name` (PyTorch's matmul of a vector and a
    /// matrix ends in `SqueezeBackward4`).
    #[track_caller]
    pub(crate) fn squeeze_dim_as(&self, dim: isize, name: &'static str) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        if self.dim() == 0 || self.shape()[d] != 1 {
            return Ok(record(
                name,
                self.alias_same_layout_view(),
                &[self],
                &[],
                false,
                |c| Ok(vec![Some(c.grad.clone())]),
            ));
        }
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        shape.remove(d);
        strides.remove(d);
        let out = self.alias(shape, strides, self.storage_offset());
        Ok(record(name, out, &[self], &[], false, move |c| {
            Ok(vec![Some(
                c.grad
                    .try_unsqueeze(crate::autograd::batch::dim(d) as isize)?,
            )])
        }))
    }

    /// All size-1 dimensions removed (`SqueezeBackward0`), a view.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[1, 3, 1]).squeeze().shape(), &[3]);
    /// ```
    #[track_caller]
    pub fn squeeze(&self) -> Tensor {
        let keep: Vec<usize> = (0..self.dim()).filter(|&i| self.shape()[i] != 1).collect();
        let shape: crate::tensor::Dims = keep.iter().map(|&i| self.shape()[i]).collect();
        let strides: crate::tensor::Dims = keep.iter().map(|&i| self.strides()[i]).collect();
        let out = self.alias(shape, strides, self.storage_offset());
        let in_shape = self.dims();
        record("SqueezeBackward0", out, &[self], &[], false, move |c| {
            Ok(vec![Some(
                c.grad
                    .try_reshape(&crate::autograd::batch::shape(&in_shape))?,
            )])
        })
    }

    /// Panicking [`Tensor::try_squeeze_dim`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[3, 1]).squeeze_dim(1).shape(), &[3]);
    /// ```
    #[track_caller]
    pub fn squeeze_dim(&self, dim: isize) -> Tensor {
        unwrap(self.try_squeeze_dim(dim))
    }

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
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        let offset = self.storage_offset() + i * strides[d];
        shape.remove(d);
        strides.remove(d);
        let out = self.alias(shape, strides, offset);
        let in_shape = self.dims();
        Ok(record(
            "SelectBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| {
                let bd = crate::autograd::batch::dim(d);
                let g = c.grad.try_unsqueeze(bd as isize)?;
                Ok(vec![Some(embed_slice(
                    &g,
                    &crate::autograd::batch::shape(&in_shape),
                    bd,
                    i,
                    1,
                )?)])
            },
        ))
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
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        let offset = self.storage_offset() + s * strides[d];
        shape[d] = len;
        strides[d] *= step;
        let out = self.alias(shape, strides, offset);
        let in_shape = self.dims();
        Ok(record(
            "SliceBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| {
                let shape = crate::autograd::batch::shape(&in_shape);
                Ok(vec![Some(embed_slice(
                    c.grad,
                    &shape,
                    crate::autograd::batch::dim(d),
                    s,
                    step,
                )?)])
            },
        ))
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

    /// Tensors joined along an existing dimension (`CatBackward0`); dtypes are promoted.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[1, 2]]);
    /// let b = Tensor::new([[3, 4], [5, 6]]);
    /// assert_eq!(Tensor::try_cat(&[a, b], 0).unwrap().shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn try_cat(tensors: &[Tensor], dim: isize) -> Result<Tensor> {
        if tensors.is_empty() {
            return Err(crate::error::value_err(
                "torch.cat(): expected a non-empty list of Tensors",
            ));
        }
        // Legacy rule: 1-D empty tensors are skipped.
        let parts: Vec<&Tensor> = tensors
            .iter()
            .filter(|t| !(t.dim() == 1 && t.numel() == 0))
            .collect();
        let first = match parts.first() {
            Some(f) => *f,
            None => return Ok(tensors[0].clone()),
        };
        if first.dim() == 0 {
            return Err(runtime(
                "zero-dimensional tensor (at position 0) cannot be concatenated",
            ));
        }
        let d = wrap_dim(dim, first.dim())?;
        let mut dt = first.dtype();
        for (i, t) in parts.iter().enumerate() {
            if t.dim() != first.dim() {
                return Err(runtime(format!(
                    "Tensors must have same number of dimensions: got {} and {}",
                    first.dim(),
                    t.dim()
                )));
            }
            for k in 0..first.dim() {
                if k != d && t.shape()[k] != first.shape()[k] {
                    return Err(runtime(format!(
                        "Sizes of tensors must match except in dimension {d}. Expected size {} but got size {} for tensor number {i} in the list.",
                        first.shape()[k],
                        t.shape()[k]
                    )));
                }
            }
            dt = result_type(&Tensor::scalar_like_dtype(dt, 1), t);
        }
        let mut shape = first.dims();
        shape[d] = parts.iter().map(|t| t.shape()[d]).sum();
        let outer: usize = shape[..d].iter().product();
        let buf = dispatch_any!(dt, T => {
            let datas: Vec<(Vec<T>, usize)> = parts
                .iter()
                .map(|t| (cast_raw(t, dt).to_vec::<T>(), t.shape()[d..].iter().product::<usize>()))
                .collect();
            let mut out: Vec<T> = Vec::with_capacity(shape.iter().product());
            for o in 0..outer {
                for (v, chunk) in &datas {
                    out.extend_from_slice(&v[o * chunk..(o + 1) * chunk]);
                }
            }
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, shape);
        let sizes: Vec<(usize, DType)> = parts.iter().map(|t| (t.shape()[d], t.dtype())).collect();
        Ok(record("CatBackward0", out, &parts, &[], false, move |c| {
            let mut start = 0;
            let mut grads = Vec::with_capacity(sizes.len());
            for (i, &(len, idt)) in sizes.iter().enumerate() {
                grads.push(if c.needs(i) {
                    let g = c.grad.try_narrow(
                        crate::autograd::batch::dim(d) as isize,
                        start as isize,
                        len,
                    )?;
                    Some(if g.dtype() != idt {
                        g.try_to_dtype(idt)?
                    } else {
                        g
                    })
                } else {
                    None
                });
                start += len;
            }
            Ok(grads)
        }))
    }

    /// Panicking [`Tensor::try_cat`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let c = Tensor::cat(&[Tensor::new([1.0]), Tensor::new([2.0, 3.0])], 0);
    /// assert_eq!(c.to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn cat(tensors: &[Tensor], dim: isize) -> Tensor {
        unwrap(Tensor::try_cat(tensors, dim))
    }

    /// Tensors of equal shape joined along a new dimension (`StackBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let s = Tensor::try_stack(&[Tensor::new([1, 2]), Tensor::new([3, 4])], 1).unwrap();
    /// assert_eq!(s.to_vec::<i64>(), vec![1, 3, 2, 4]);
    /// ```
    #[track_caller]
    pub fn try_stack(tensors: &[Tensor], dim: isize) -> Result<Tensor> {
        if tensors.is_empty() {
            return Err(runtime("stack expects a non-empty TensorList"));
        }
        let shape0 = tensors[0].shape();
        for (i, t) in tensors.iter().enumerate() {
            if t.shape() != shape0 {
                return Err(runtime(format!(
                    "stack expects each tensor to be equal size, but got {} at entry 0 and {} at entry {i}",
                    fmt_list(shape0),
                    fmt_list(t.shape())
                )));
            }
        }
        let d = wrap_dim(dim, tensors[0].dim() + 1)?;
        let parts: Vec<Tensor> = {
            let _ng = crate::no_grad();
            tensors
                .iter()
                .map(|t| t.try_unsqueeze(d as isize))
                .collect::<Result<_>>()?
        };
        let out = {
            let _ng = crate::no_grad();
            Tensor::try_cat(&parts, d as isize)?
        };
        let inputs: Vec<&Tensor> = tensors.iter().collect();
        let dts: Vec<DType> = tensors.iter().map(|t| t.dtype()).collect();
        Ok(record(
            "StackBackward0",
            out,
            &inputs,
            &[],
            false,
            move |c| {
                (0..dts.len())
                    .map(|i| {
                        if !c.needs(i) {
                            return Ok(None);
                        }
                        let g = c
                            .grad
                            .try_select(crate::autograd::batch::dim(d) as isize, i as isize)?;
                        Ok(Some(if g.dtype() != dts[i] {
                            g.try_to_dtype(dts[i])?
                        } else {
                            g
                        }))
                    })
                    .collect()
            },
        ))
    }

    /// Panicking [`Tensor::try_stack`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::stack(&[Tensor::new(1.0), Tensor::new(2.0)], 0).shape(), &[2]);
    /// ```
    #[track_caller]
    pub fn stack(tensors: &[Tensor], dim: isize) -> Tensor {
        unwrap(Tensor::try_stack(tensors, dim))
    }

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
        Ok(record("CloneBackward0", out, &[self], &[], false, |c| {
            Ok(vec![Some(c.grad.clone())])
        }))
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
        Ok(record(
            "ToCopyBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| Ok(vec![Some(c.grad.try_to_dtype(src)?)]),
        ))
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
        let buf = dispatch_any!(self.dtype(), T => T::into_buffer(self.to_vec::<T>()));
        Tensor::from_buffer(buf, self.dims())
    }

    /// A new handle on the same storage and layout, without autograd state.
    #[track_caller]
    pub(crate) fn alias_same_layout(&self) -> Tensor {
        let mut t = self.alias(self.dims(), self.stride_dims(), self.storage_offset());
        if let Some(i) = std::sync::Arc::get_mut(&mut t.0) {
            i.is_view = self.0.is_view;
        }
        t
    }

    #[track_caller]
    fn alias_same_layout_view(&self) -> Tensor {
        self.alias(self.dims(), self.stride_dims(), self.storage_offset())
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
    Ok(record(
        "SliceBackwardBackward0",
        out,
        &[g],
        &[],
        false,
        move |c| {
            let d = crate::autograd::batch::dim(d as usize) as isize;
            Ok(vec![Some(c.grad.try_slice(d, s, end, st)?)])
        },
    ))
}
