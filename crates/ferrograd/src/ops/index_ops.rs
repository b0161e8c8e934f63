//! Whole slices picked or written along one dimension: `index_select`, `index_add`,
//! `index_fill`, Python's `x[..., index]` (`IndexBackward0`) and its assignment
//! (`IndexPutBackward0`), and the mask ops `masked_select` and `masked_fill`.
//!
//! Every op views its tensor as `(outer, n, inner)` around the indexed dimension; each backward
//! is another op of this file, so the rules differentiate again.

use super::gather::{vector_indices, AddElem};
use super::{broadcast_shapes, dispatch_any, reduce_grad, wrap_dim, Scalar};
use crate::autograd::{batch, record_batching, record_unbatched, Batching};
use crate::error::{index_err, runtime, unwrap, Result};
use crate::tensor::{fmt_list, Element};

use crate::{DType, Tensor};

/// `(outer, n, inner)` of `shape` around `dim` (a 0-dim tensor is `(1, 1, 1)`).
use super::split_at_dim as split;

/// Rows `idx` of `src` viewed as `(outer, n, inner)`: an `(outer, idx.len(), inner)` buffer.
fn take_rows<T: Copy>(
    src: &[T],
    (outer, n, inner): (usize, usize, usize),
    idx: &[usize],
) -> Vec<T> {
    let mut out = Vec::with_capacity(outer * idx.len() * inner);
    for o in 0..outer {
        for &r in idx {
            let at = (o * n + r) * inner;
            out.extend_from_slice(&src[at..at + inner]);
        }
    }
    out
}

/// Writes (or, with `add`, adds) the `(outer, idx.len(), inner)` buffer `vals` into rows `idx`
/// of `dst`, viewed as `(outer, n, inner)`.
fn put_rows<T: AddElem>(
    dst: &mut [T],
    (outer, n, inner): (usize, usize, usize),
    idx: &[usize],
    vals: &[T],
    add: bool,
) {
    let m = idx.len();
    for o in 0..outer {
        for (k, &r) in idx.iter().enumerate() {
            let at = (o * n + r) * inner;
            let from = (o * m + k) * inner;
            for j in 0..inner {
                dst[at + j] = if add {
                    dst[at + j].add_elem(vals[from + j])
                } else {
                    vals[from + j]
                };
            }
        }
    }
}

/// Python-style indices (negative ones count from the end), with Python's out-of-bounds error.
fn python_indices(index: &Tensor, size: usize, dim: usize) -> Result<Vec<usize>> {
    if index.dtype() != DType::Int64 {
        return Err(index_err(
            "tensors used as indices must be long, int, byte or bool tensors",
        ));
    }
    index
        .to_vec::<i64>()
        .into_iter()
        .map(|i| {
            let n = size as i64;
            if i < -n || i >= n {
                Err(index_err(format!(
                    "index {i} is out of bounds for dimension {dim} with size {size}"
                )))
            } else {
                Ok(if i < 0 { (i + n) as usize } else { i as usize })
            }
        })
        .collect()
}

/// `shape` with the dimensions `dim..dim + span` merged into one.
fn merge(shape: &[usize], dim: usize, span: usize) -> Vec<usize> {
    let mut s = shape[..dim].to_vec();
    s.push(shape[dim..dim + span].iter().product());
    s.extend_from_slice(&shape[dim + span..]);
    s
}

/// The shape `self.shape` with dimension `dim` replaced by `index_shape`.
fn indexed_shape(shape: &[usize], dim: usize, index_shape: &[usize]) -> Vec<usize> {
    let mut s = shape[..dim].to_vec();
    s.extend_from_slice(index_shape);
    s.extend_from_slice(&shape[dim + 1..]);
    s
}

impl Tensor {
    /// The slices at `index` (a vector of int64 in `0..size`) along `dim`
    /// (`IndexSelectBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).requires_grad_(true);
    /// let y = x.try_index_select(1, &Tensor::new([2, 0, 2])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, 1.0, 3.0, 6.0, 4.0, 6.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "IndexSelectBackward0");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0, 0.0, 2.0, 1.0, 0.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_index_select(&self, dim: isize, index: &Tensor) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        if index.dtype() != DType::Int64 {
            return Err(runtime(
                "index_select(): Expected dtype int32 or int64 for index",
            ));
        }
        let sh = if self.dim() == 0 {
            vec![1]
        } else {
            self.dims().to_vec()
        };
        let idx = vector_indices(index, sh[d], "index_select")?;
        let lay = split(&sh, d);
        let buf = dispatch_any!(self.dtype(), T => T::into_buffer(take_rows(&self.to_vec::<T>(), lay, &idx)));
        let shape = if self.dim() == 0 {
            index.dims().to_vec()
        } else {
            indexed_shape(&sh, d, &[idx.len()])
        };
        let out = Tensor::from_buffer(buf, shape);
        let (in_shape, ix) = (self.dims(), index.detach());
        record_batching(
            Batching::whole_if(self.dim() > 0),
            "IndexSelectBackward0",
            out,
            &[self],
            &[("index", index)],
            false,
            move |c| {
                let z = Tensor::zeros_dtype(&batch::shape(&in_shape), c.grad.dtype());
                let g = if in_shape.is_empty() {
                    c.grad.try_reshape(&[])?
                } else {
                    c.grad.clone()
                };
                Ok(vec![Some(z.try_index_add(
                    batch::dim(d) as isize,
                    &ix,
                    &g,
                    1.0,
                )?)])
            },
        )
    }

    /// Panicking [`Tensor::try_index_select`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([7.0, 8.0]);
    /// assert_eq!(x.index_select(0, &ferrograd::Tensor::new([1])).to_vec::<f32>(), vec![8.0]);
    /// ```
    #[track_caller]
    pub fn index_select(&self, dim: isize, index: &Tensor) -> Tensor {
        unwrap(self.try_index_select(dim, index))
    }

    /// A copy of this tensor with `alpha * source` added to the slices `index` names along
    /// `dim`; repeated indices accumulate (`IndexAddBackward0`). `source` has this tensor's
    /// shape with `dim` of size `index.len()`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[2, 3]);
    /// let s = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// let y = x.try_index_add(1, &Tensor::new([2, 2]), &s, 1.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0, 3.0, 0.0, 0.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn try_index_add(
        &self,
        dim: isize,
        index: &Tensor,
        source: &Tensor,
        alpha: f64,
    ) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        if index.dtype() != DType::Int64 {
            return Err(runtime(format!(
                "index_add_(): Expected dtype int32/int64 for index but got: {}",
                index.dtype().scalar_name()
            )));
        }
        if index.dim() > 1 {
            return Err(index_err(format!(
                "index_add_(): Index is supposed to be a vector, but got dim: {} with type: Long and size: {}",
                index.dim(),
                fmt_list(index.shape())
            )));
        }
        if source.dtype() != self.dtype() {
            return Err(runtime(format!(
                "index_add_(): self ({}) and source ({}) must have the same scalar type",
                self.dtype().scalar_name(),
                source.dtype().scalar_name()
            )));
        }
        let sh = if self.dim() == 0 {
            vec![1]
        } else {
            self.dims().to_vec()
        };
        let src_sh = if source.dim() == 0 {
            vec![1]
        } else {
            source.dims().to_vec()
        };
        let m = index.numel();
        if src_sh.len() == sh.len() && src_sh[d] != m {
            return Err(runtime(format!(
                "index_add_(): Number of indices ({m}) should be equal to source.size(dim): ({}), for dim: {d}",
                src_sh[d]
            )));
        }
        if src_sh != indexed_shape(&sh, d, &[m]) {
            return Err(runtime(format!(
                "source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = {} source.shape = {}",
                fmt_list(self.shape()),
                fmt_list(source.shape())
            )));
        }
        let raw = index.to_vec::<i64>();
        let size = sh[d] as i64;
        if let Some(&i) = raw.iter().find(|&&i| i < 0 || i >= size) {
            return Err(runtime(format!(
                "index {i} is out of bounds for dimension {d} with size {size}"
            )));
        }
        let idx: Vec<usize> = raw.into_iter().map(|i| i as usize).collect();
        let lay = split(&sh, d);
        let dt = self.dtype();
        let scaled = if alpha == 1.0 {
            source.detach()
        } else {
            let _ng = crate::no_grad();
            source.try_mul(&Tensor::scalar_tensor(alpha, dt))?
        };
        let buf = dispatch_any!(dt, T => {
            let mut out = self.to_vec::<T>();
            put_rows(&mut out, lay, &idx, &scaled.to_vec::<T>(), true);
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, self.dims());
        let (ix, ss) = (index.detach(), source.dims());
        record_batching(
            Batching::whole_if(self.dim() > 0),
            "IndexAddBackward0",
            out,
            &[self, source],
            &[("index", index)],
            false,
            move |c| {
                Ok(vec![
                    c.grad_if(0, || Ok(c.grad.clone()))?,
                    c.grad_if(1, || {
                        let g = c.grad.try_index_select(batch::dim(d) as isize, &ix)?;
                        let g = if alpha == 1.0 {
                            g
                        } else {
                            g.try_mul_scalar(alpha)?
                        };
                        g.try_reshape(&batch::shape(&ss))
                    })?,
                ])
            },
        )
    }

    /// Panicking [`Tensor::try_index_add`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let y = Tensor::zeros(&[2]).index_add(0, &Tensor::new([1]), &Tensor::new([5.0]), 2.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 10.0]);
    /// ```
    #[track_caller]
    pub fn index_add(&self, dim: isize, index: &Tensor, source: &Tensor, alpha: f64) -> Tensor {
        unwrap(self.try_index_add(dim, index, source, alpha))
    }

    /// In-place [`Tensor::try_index_add`] (`IndexAddBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::ones(&[3]);
    /// x.try_index_add_(0, &Tensor::new([0, 0]), &Tensor::new([1.0, 1.0]), 1.0).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![3.0, 1.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_index_add_(
        &self,
        dim: isize,
        index: &Tensor,
        source: &Tensor,
        alpha: f64,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_index_add(dim, index, source, alpha)?;
        self.assign_result(&new)
    }

    /// A copy of this tensor with `value` in the slices `index` names along `dim`
    /// (`IndexFillBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::ones(&[2, 2]);
    /// let y = x.try_index_fill(1, &Tensor::new([1]), -1.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, -1.0, 1.0, -1.0]);
    /// ```
    #[track_caller]
    pub fn try_index_fill(
        &self,
        dim: isize,
        index: &Tensor,
        value: impl Into<Scalar>,
    ) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        let value = value.into().checked_to(self.dtype())?;
        if index.dtype() != DType::Int64 {
            return Err(index_err("index_fill_(): Expected dtype int64 for index."));
        }
        if index.dim() > 1 {
            return Err(index_err("Index has to be a vector/scalar"));
        }
        let sh = if self.dim() == 0 {
            vec![1]
        } else {
            self.dims().to_vec()
        };
        let idx = python_indices(index, sh[d], d)?;
        let lay = split(&sh, d);
        let dt = self.dtype();
        let buf = dispatch_any!(dt, T => {
            let mut out = self.to_vec::<T>();
            let v = T::from_scalar(value);
            let vals = vec![v; lay.0 * idx.len() * lay.2];
            put_rows(&mut out, lay, &idx, &vals, false);
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, self.dims());
        let ix = index.detach();
        record_batching(
            Batching::whole_if(self.dim() > 0),
            "IndexFillBackward0",
            out,
            &[self],
            &[("index", index)],
            false,
            move |c| {
                Ok(vec![Some(c.grad.try_index_fill(
                    batch::dim(d) as isize,
                    &ix,
                    0.0,
                )?)])
            },
        )
    }

    /// In-place [`Tensor::try_index_fill`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[3]);
    /// x.try_index_fill_(0, &Tensor::new([0, 2]), 1.0).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![1.0, 0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_index_fill_(
        &self,
        dim: isize,
        index: &Tensor,
        value: impl Into<Scalar>,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_index_fill(dim, index, value)?;
        self.assign_result(&new)
    }

    /// Python's `x[:, ..., index]` with the int64 tensor `index` at dimension `dim` (negative
    /// indices count from the end): the result has shape
    /// `self.shape[..dim] + index.shape + self.shape[dim + 1..]` (`IndexBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).requires_grad_(true);
    /// let y = x.try_index_along(1, &Tensor::new([[-1, 0]])).unwrap();
    /// assert_eq!(y.shape(), &[2, 1, 2]);
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, 1.0, 6.0, 4.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "IndexBackward0");
    /// ```
    #[track_caller]
    pub fn try_index_along(&self, dim: usize, index: &Tensor) -> Result<Tensor> {
        self.index_span(dim, 1, index)
    }

    /// Python's `x[:, ..., mask]` with the bool tensor `mask` over dimensions
    /// `dim..dim + mask.dim()`: those dimensions become one, of the true elements
    /// (`IndexBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, -2.0], [-3.0, 4.0]]);
    /// let y = x.try_index_mask(0, &x.gt_scalar(0.0)).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn try_index_mask(&self, dim: usize, mask: &Tensor) -> Result<Tensor> {
        let pos = self.mask_positions(dim, mask)?;
        self.index_span(dim, mask.dim(), &pos)
    }

    /// The positions of `mask`'s true elements, after checking its shape against this
    /// tensor's dimensions `dim..`.
    fn mask_positions(&self, dim: usize, mask: &Tensor) -> Result<Tensor> {
        if mask.dtype() != DType::Bool {
            return Err(index_err(
                "tensors used as indices must be long, int, byte or bool tensors",
            ));
        }
        if dim + mask.dim() > self.dim() {
            return Err(index_err(format!(
                "too many indices for tensor of dimension {}",
                self.dim()
            )));
        }
        for j in 0..mask.dim() {
            if mask.shape()[j] != self.shape()[dim + j] {
                return Err(index_err(format!(
                    "The shape of the mask {} at index {j} does not match the shape of the indexed tensor {} at index {}",
                    fmt_list(mask.shape()),
                    fmt_list(self.shape()),
                    dim + j
                )));
            }
        }
        let m = mask.to_vec::<bool>();
        let pos: Vec<i64> = (0..m.len()).filter(|&i| m[i]).map(|i| i as i64).collect();
        let n = pos.len();
        Tensor::try_from_vec(pos, &[n])
    }

    /// `index` picks along the dimensions `dim..dim + span` taken as one.
    fn index_span(&self, dim: usize, span: usize, index: &Tensor) -> Result<Tensor> {
        if dim + span > self.dim() || span == 0 {
            return Err(index_err(format!(
                "too many indices for tensor of dimension {}",
                self.dim()
            )));
        }
        let merged = merge(self.shape(), dim, span);
        // PyTorch names the dimension by the index tensor's place among the tensor indices
        let idx = python_indices(index, merged[dim], 0)?;
        let lay = split(&merged, dim);
        let buf = dispatch_any!(self.dtype(), T => T::into_buffer(take_rows(&self.to_vec::<T>(), lay, &idx)));
        let mut shape = self.shape()[..dim].to_vec();
        shape.extend_from_slice(index.shape());
        shape.extend_from_slice(&self.shape()[dim + span..]);
        let out = Tensor::from_buffer(buf, shape);
        let (in_shape, ix) = (self.dims(), index.detach());
        record_unbatched(
            "IndexBackward0",
            out,
            &[self],
            &[("indices", index)],
            false,
            move |c| {
                let z = Tensor::zeros_dtype(&in_shape, c.grad.dtype());
                Ok(vec![Some(z.index_put_span(dim, span, &ix, c.grad, true)?)])
            },
        )
    }

    /// A copy of this tensor with `values` (broadcast to the shape of
    /// [`Tensor::try_index_along`]'s result, cast to this dtype) written at (with `accumulate`,
    /// added to) the slices `index` names along `dim` (`IndexPutBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[2, 3]);
    /// let y = x.try_index_put_along(1, &Tensor::new([0, 0]), &Tensor::new(1.0), true).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_index_put_along(
        &self,
        dim: usize,
        index: &Tensor,
        values: &Tensor,
        accumulate: bool,
    ) -> Result<Tensor> {
        self.index_put_span(dim, 1, index, values, accumulate)
    }

    /// In-place [`Tensor::try_index_put_along`]: Python's `x[:, idx] = values`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[3]);
    /// x.try_index_put_along_(0, &Tensor::new([2]), &Tensor::new([5.0]), false).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0, 5.0]);
    /// ```
    #[track_caller]
    pub fn try_index_put_along_(
        &self,
        dim: usize,
        index: &Tensor,
        values: &Tensor,
        accumulate: bool,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.index_put_span(dim, 1, index, values, accumulate)?;
        self.assign_result(&new)
    }

    /// Python's `x[:, mask] = values` in place (`IndexPutBackward0`): `values` broadcasts to
    /// the shape of [`Tensor::try_index_mask`]'s result.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, -2.0], [-3.0, 4.0]]);
    /// x.try_index_put_mask_(0, &x.lt_scalar(0.0), &Tensor::new([7.0, 8.0])).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![1.0, 7.0, 8.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn try_index_put_mask_(
        &self,
        dim: usize,
        mask: &Tensor,
        values: &Tensor,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let pos = self.mask_positions(dim, mask)?;
        let new = self.index_put_span(dim, mask.dim(), &pos, values, false)?;
        self.assign_result(&new)
    }

    fn index_put_span(
        &self,
        dim: usize,
        span: usize,
        index: &Tensor,
        values: &Tensor,
        accumulate: bool,
    ) -> Result<Tensor> {
        if dim + span > self.dim() || span == 0 {
            return Err(index_err(format!(
                "too many indices for tensor of dimension {}",
                self.dim()
            )));
        }
        let merged = merge(self.shape(), dim, span);
        // PyTorch names the dimension by the index tensor's place among the tensor indices
        let idx = python_indices(index, merged[dim], 0)?;
        let mut want = self.shape()[..dim].to_vec();
        want.extend_from_slice(index.shape());
        want.extend_from_slice(&self.shape()[dim + span..]);
        if broadcast_shapes(&want, values.shape()).ok().as_deref() != Some(want.as_slice()) {
            return Err(runtime(format!(
                "shape mismatch: value tensor of shape {} cannot be broadcast to indexing result of shape {}",
                fmt_list(values.shape()),
                fmt_list(&want)
            )));
        }
        let lay = split(&merged, dim);
        let dt = self.dtype();
        let buf = dispatch_any!(dt, T => {
            let mut out = self.to_vec::<T>();
            let vals = super::cast_raw(values, dt).expand_raw(&want).to_vec::<T>();
            put_rows(&mut out, lay, &idx, &vals, accumulate);
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, self.dims());
        let (ix, vs, vd) = (index.detach(), values.dims(), values.dtype());
        record_unbatched(
            "IndexPutBackward0",
            out,
            &[self, values],
            &[("indices", index)],
            false,
            move |c| {
                Ok(vec![
                    c.grad_if(0, || {
                        if accumulate {
                            Ok(c.grad.clone())
                        } else {
                            let zero = Tensor::scalar_tensor(0.0, c.grad.dtype());
                            c.grad.index_put_span(dim, span, &ix, &zero, false)
                        }
                    })?,
                    c.grad_if(1, || {
                        reduce_grad(&c.grad.index_span(dim, span, &ix)?, &vs, vd)
                    })?,
                ])
            },
        )
    }

    /// The elements where the bool `mask` (broadcast with this tensor) is true, as a vector
    /// (`MaskedSelectBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, -2.0], [-3.0, 4.0]]).requires_grad_(true);
    /// let y = x.try_masked_select(&x.gt_scalar(0.0)).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 4.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "MaskedSelectBackward0");
    /// ```
    #[track_caller]
    pub fn try_masked_select(&self, mask: &Tensor) -> Result<Tensor> {
        if mask.dtype() != DType::Bool {
            return Err(runtime("masked_select: expected BoolTensor for mask"));
        }
        let shape = broadcast_shapes(mask.shape(), self.shape())?;
        let m = mask.expand_raw(&shape).to_vec::<bool>();
        let pos: Vec<usize> = (0..m.len()).filter(|&i| m[i]).collect();
        let x = self.expand_raw(&shape);
        let buf = dispatch_any!(self.dtype(), T => {
            let v = x.to_vec::<T>();
            T::into_buffer(pos.iter().map(|&p| v[p]).collect::<Vec<T>>())
        });
        let out = Tensor::from_buffer(buf, vec![pos.len()]);
        let positions = Tensor::from_vec(
            pos.iter().map(|&p| p as i64).collect::<Vec<_>>(),
            &[pos.len()],
        );
        let (in_shape, dt) = (self.dims(), self.dtype());
        record_batching(
            Batching::Whole,
            "MaskedSelectBackward0",
            out,
            &[self],
            &[("mask", mask)],
            false,
            move |c| {
                let n: usize = shape.iter().product();
                let z = Tensor::zeros_dtype(&batch::shape(&[n]), c.grad.dtype());
                let full = z.try_index_put_along(batch::dim(0), &positions, c.grad, true)?;
                Ok(vec![Some(reduce_grad(
                    &full.try_reshape(&batch::shape(&shape))?,
                    &in_shape,
                    dt,
                )?)])
            },
        )
    }

    /// Panicking [`Tensor::try_masked_select`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0]);
    /// assert_eq!(x.masked_select(&Tensor::new([true, false, true])).to_vec::<f32>(), vec![1.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn masked_select(&self, mask: &Tensor) -> Tensor {
        unwrap(self.try_masked_select(mask))
    }

    fn check_mask(mask: &Tensor, op: &str) -> Result<()> {
        if mask.dtype() != DType::Bool {
            let name = if mask.dtype() == DType::Int64 {
                "long int".to_string()
            } else {
                mask.dtype().scalar_name().to_lowercase()
            };
            return Err(runtime(format!(
                "{op} only supports boolean masks, but got mask with dtype {name}"
            )));
        }
        Ok(())
    }

    /// A copy of this tensor (broadcast with `mask`) holding `value` where the bool `mask` is
    /// true (`MaskedFillBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    /// let y = x.try_masked_fill(&x.gt_scalar(1.5), 0.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0, 0.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "MaskedFillBackward0");
    /// ```
    #[track_caller]
    pub fn try_masked_fill(&self, mask: &Tensor, value: impl Into<Scalar>) -> Result<Tensor> {
        Self::check_mask(mask, "masked_fill_")?;
        let v = Tensor::from_scalar(value.into().checked_to(self.dtype())?, self.dtype());
        let out = {
            let _ng = crate::no_grad();
            Tensor::try_where(mask, &v, self)?
        };
        let (in_shape, dt) = (self.dims(), self.dtype());
        record_batching(
            Batching::Whole,
            "MaskedFillBackward0",
            out,
            &[self],
            &[("mask", mask)],
            false,
            move |c| {
                let g = c.grad.try_masked_fill(&c.saved[0], 0.0)?;
                Ok(vec![Some(reduce_grad(&g, &in_shape, dt)?)])
            },
        )
    }

    /// [`Tensor::try_masked_fill`] with a 0-dim tensor `value`, which receives the sum of the
    /// gradient at the filled elements (`MaskedFillBackward1`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let v = Tensor::new(5.0).requires_grad_(true);
    /// let y = Tensor::zeros(&[3]).try_masked_fill_tensor(&Tensor::new([true, false, true]), &v).unwrap();
    /// y.sum().backward();
    /// assert_eq!(v.grad().unwrap().item(), 2.0);
    /// ```
    #[track_caller]
    pub fn try_masked_fill_tensor(&self, mask: &Tensor, value: &Tensor) -> Result<Tensor> {
        Self::check_mask(mask, "masked_fill_")?;
        if value.dim() != 0 {
            return Err(runtime(format!(
                "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with {} dimension(s).",
                value.dim()
            )));
        }
        // PyTorch reads the value as a number, with its overflow check (NaN into int64)
        value.try_item_scalar()?.checked_to(self.dtype())?;
        let out = {
            let _ng = crate::no_grad();
            Tensor::try_where(mask, &value.try_to_dtype(self.dtype())?, self)?
        };
        let (in_shape, dt, vd) = (self.dims(), self.dtype(), value.dtype());
        record_batching(
            Batching::Whole,
            "MaskedFillBackward1",
            out,
            &[self, value],
            &[("mask", mask)],
            false,
            move |c| {
                let m = &c.saved[0];
                Ok(vec![
                    c.grad_if(0, || {
                        reduce_grad(&c.grad.try_masked_fill(m, 0.0)?, &in_shape, dt)
                    })?,
                    c.grad_if(1, || {
                        let zero = Tensor::scalar_tensor(0.0, c.grad.dtype());
                        batch::sum_all(&Tensor::try_where(m, c.grad, &zero)?)?.try_to_dtype(vd)
                    })?,
                ])
            },
        )
    }

    /// In-place [`Tensor::try_masked_fill`] (`mask` broadcasts to this tensor's shape).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, -1.0]);
    /// x.try_masked_fill_(&Tensor::new([false, true]), 0.0).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_masked_fill_(&self, mask: &Tensor, value: impl Into<Scalar>) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_masked_fill(mask, value)?;
        self.assign_result(&new)
    }

    /// In-place [`Tensor::try_masked_fill_tensor`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[2]);
    /// x.try_masked_fill_tensor_(&Tensor::new([true, false]), &Tensor::new(3.0)).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![3.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_masked_fill_tensor_(&self, mask: &Tensor, value: &Tensor) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_masked_fill_tensor(mask, value)?;
        self.assign_result(&new)
    }
}
