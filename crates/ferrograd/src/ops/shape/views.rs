//! Views: `reshape view flatten permute transpose t expand unsqueeze squeeze`. Views share
//! storage.

use crate::autograd::record;
use crate::error::{runtime, unwrap, Result};
use crate::ops::wrap_dim;
use crate::tensor::{contiguous_strides, fmt_list};
use crate::Tensor;

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
        let n = crate::tensor::size::checked_numel(shape)?;
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
        view_recorded(&base, shape, name, self.dims())
    }

    /// A reshape recorded as `UnsafeViewBackward0`, as PyTorch's `_unsafe_view` at the end of
    /// a folded matrix product; `self` holds `shape`'s number of elements.
    #[track_caller]
    pub(crate) fn unsafe_view(&self, shape: &[usize]) -> Result<Tensor> {
        if crate::tensor::size::checked_numel(shape)? != self.numel() {
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
        view_recorded(&base, shape, "UnsafeViewBackward0", self.dims())
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
) -> Result<Tensor> {
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
                // an overflowing product cannot equal the element count (at most `i64::MAX`)
                known = known.saturating_mul(s as usize);
            } else {
                return Err(runtime(format!(
                    "invalid shape dimension {s} at index {i} of shape {shown}"
                )));
            }
        }
        let fits = numel == known || (infer.is_some() && known > 0 && numel.is_multiple_of(known));
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
        if !self.is_contiguous() && crate::tensor::size::checked_numel(shape)? == self.numel() {
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
        record("PermuteBackward0", out, &[self], &[], false, move |c| {
            if crate::autograd::batch::size().is_none() {
                return Ok(vec![Some(c.grad.try_permute(&inv)?)]);
            }
            // the batch dimension stays first
            let inv: Vec<isize> = std::iter::once(0)
                .chain(inv.iter().map(|&d| d + 1))
                .collect();
            Ok(vec![Some(c.grad.try_permute(&inv)?)])
        })
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
        record("TransposeBackward0", out, &[self], &[], false, move |c| {
            let (a, b) = (
                crate::autograd::batch::dim(a) as isize,
                crate::autograd::batch::dim(b) as isize,
            );
            Ok(vec![Some(c.grad.try_transpose(a, b)?)])
        })
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
        record("TBackward0", out, &[self], &[], false, |c| {
            Ok(vec![Some(match crate::autograd::batch::size() {
                // a batch of matrices: swap the last two dimensions; vectors stay as they are
                Some(_) if c.grad.dim() == 3 => c.grad.try_transpose(1, 2)?,
                Some(_) => c.grad.clone(),
                None => c.grad.try_t()?,
            })])
        })
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
            return record(
                "ExpandBackward0",
                self.alias_same_layout_view(),
                &[self],
                &[],
                false,
                |c| Ok(vec![Some(c.grad.clone())]),
            );
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
        crate::tensor::size::checked_numel(shape)?;
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
        record("ExpandBackward0", out, &[self], &[], false, move |c| {
            Ok(vec![Some(crate::ops::sum_to(c.grad, &in_shape)?)])
        })
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
        record("UnsqueezeBackward0", out, &[self], &[], false, move |c| {
            Ok(vec![Some(c.grad.try_squeeze_dim(
                crate::autograd::batch::dim(d) as isize,
            )?)])
        })
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
            return record(
                name,
                self.alias_same_layout_view(),
                &[self],
                &[],
                false,
                |c| Ok(vec![Some(c.grad.clone())]),
            );
        }
        let mut shape = self.dims();
        let mut strides = self.stride_dims();
        shape.remove(d);
        strides.remove(d);
        let out = self.alias(shape, strides, self.storage_offset());
        record(name, out, &[self], &[], false, move |c| {
            Ok(vec![Some(
                c.grad
                    .try_unsqueeze(crate::autograd::batch::dim(d) as isize)?,
            )])
        })
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
        unwrap(record(
            "SqueezeBackward0",
            out,
            &[self],
            &[],
            false,
            move |c| {
                Ok(vec![Some(
                    c.grad
                        .try_reshape(&crate::autograd::batch::shape(&in_shape))?,
                )])
            },
        ))
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

    #[track_caller]
    fn alias_same_layout_view(&self) -> Tensor {
        self.alias(self.dims(), self.stride_dims(), self.storage_offset())
    }
}
