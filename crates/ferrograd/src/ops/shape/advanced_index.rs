//! Advanced indexing along the first dimension with an int64 index tensor: `x[index]` (and,
//! through the positions of its true elements, `x[mask]`) with `IndexBackward0`, its adjoint
//! `index_add` along dimension 0, and in-place assignment `x[index] = values`.

use crate::autograd::{self, record_unbatched};
use crate::error::{index_err, runtime, Result};
use crate::ops::{cast_raw, dispatch_any};
use crate::tensor::{for_each_offset, Element};
use crate::{DType, Tensor};

impl Tensor {
    /// Rows of this tensor picked along dimension 0 by an int64 tensor of indices (negative ones
    /// count from the end): the result has shape `index.shape + self.shape[1..]` (`IndexBackward0`,
    /// Python's `x[index]` and, through the positions of its true elements, `x[mask]`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).requires_grad_(true);
    /// let y = x.try_index_dim0(&Tensor::new([2, 0, 2])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![5.0, 6.0, 1.0, 2.0, 5.0, 6.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "IndexBackward0");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0, 1.0, 0.0, 0.0, 2.0, 2.0]);
    /// let e = x.try_index_dim0(&Tensor::new([3])).unwrap_err();
    /// assert_eq!(e.to_string(), "index 3 is out of bounds for dimension 0 with size 3");
    /// ```
    pub fn try_index_dim0(&self, index: &Tensor) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(index_err("too many indices for tensor of dimension 0"));
        }
        let rows = normalize_indices(index, self.shape()[0])?;
        let row_len: usize = self.shape()[1..].iter().product();
        let dt = self.dtype();
        // the rows are read in place (a copy of the whole source only if it is strided): a
        // data loader picks a batch of rows from a large tensor at every step
        let buf = dispatch_any!(dt, T => {
            let out = self.with_slice::<T, _>(|src| {
                let mut out: Vec<T> = Vec::with_capacity(rows.len() * row_len);
                for &r in &rows {
                    out.extend_from_slice(&src[r * row_len..(r + 1) * row_len]);
                }
                out
            });
            T::into_buffer(out)
        });
        let mut shape = index.shape().to_vec();
        shape.extend_from_slice(&self.shape()[1..]);
        let out = Tensor::from_buffer(buf, shape);
        let (in_shape, idx) = (self.shape().to_vec(), index.clone());
        record_unbatched("IndexBackward0", out, &[self], &[], false, move |c| {
            Ok(vec![Some(
                Tensor::zeros_dtype(&in_shape, c.grad.dtype()).try_index_add_dim0(&idx, c.grad)?,
            )])
        })
    }

    /// `self` with `source` rows added at the rows `index` names along dimension 0 (repeated
    /// indices accumulate), out of place (`IndexPutBackward0`); `source` has shape
    /// `index.shape + self.shape[1..]`. The backward of [`Tensor::try_index_dim0`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let z = Tensor::zeros(&[3]);
    /// let r = z.try_index_add_dim0(&Tensor::new([0, 2, 0]), &Tensor::new([1.0, 2.0, 3.0])).unwrap();
    /// assert_eq!(r.to_vec::<f32>(), vec![4.0, 0.0, 2.0]);
    /// ```
    pub fn try_index_add_dim0(&self, index: &Tensor, source: &Tensor) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(index_err("too many indices for tensor of dimension 0"));
        }
        let rows = normalize_indices(index, self.shape()[0])?;
        let mut want = index.shape().to_vec();
        want.extend_from_slice(&self.shape()[1..]);
        if source.shape() != want.as_slice() {
            return Err(runtime(format!(
                "shape mismatch: value tensor of shape {} cannot be broadcast to indexing result of shape {}",
                crate::tensor::fmt_list(source.shape()),
                crate::tensor::fmt_list(&want)
            )));
        }
        let row_len: usize = self.shape()[1..].iter().product();
        let dt = crate::ops::result_type(self, source);
        let buf = if dt == DType::Bool {
            let mut out = self.to_vec::<bool>();
            let src = source.to_vec::<bool>();
            for (k, &r) in rows.iter().enumerate() {
                for j in 0..row_len {
                    out[r * row_len + j] |= src[k * row_len + j];
                }
            }
            bool::into_buffer(out)
        } else {
            crate::ops::dispatch_num!(dt, T => {
                let mut out = cast_raw(self, dt).to_vec::<T>();
                let src = cast_raw(source, dt).to_vec::<T>();
                for (k, &r) in rows.iter().enumerate() {
                    for j in 0..row_len {
                        let cur = out[r * row_len + j];
                        out[r * row_len + j] = cur + src[k * row_len + j];
                    }
                }
                T::into_buffer(out)
            })
        };
        let out = Tensor::from_buffer(buf, self.shape().to_vec());
        let out = cast_raw(&out, dt);
        let idx = index.clone();
        let (ds, dsrc) = (self.dtype(), source.dtype());
        record_unbatched(
            "IndexPutBackward0",
            out,
            &[self, source],
            &[],
            false,
            move |c| {
                let ga = c.grad_if(0, || c.grad.try_to_dtype(ds))?;
                let gb = c.grad_if(1, || c.grad.try_index_dim0(&idx)?.try_to_dtype(dsrc))?;
                Ok(vec![ga, gb])
            },
        )
    }

    /// Writes `values` (broadcast to `index.shape + self.shape[1..]`, cast to this dtype) into the
    /// rows `index` names along dimension 0, in place and without recording (Python's
    /// `x[index] = values` outside autograd). Refused, as every in-place op is, on a leaf that
    /// requires grad while grad mode is on.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[2, 2]);
    /// x.try_index_put_dim0_(&Tensor::new([1]), &Tensor::new(7.0)).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0, 7.0, 7.0]);
    /// ```
    pub fn try_index_put_dim0_(&self, index: &Tensor, values: &Tensor) -> Result<&Tensor> {
        if self.dim() == 0 {
            return Err(index_err("too many indices for tensor of dimension 0"));
        }
        if autograd::is_grad_enabled() && (self.requires_grad() || values.requires_grad()) {
            if self.is_leaf() && self.requires_grad() {
                return Err(runtime(
                    "a leaf Variable that requires grad is being used in an in-place operation.",
                ));
            }
            return Err(runtime(
                "index assignment with tensor indices is not differentiable in ferrograd; assign under torch.no_grad() or build the result out of place (torch.where)",
            ));
        }
        let rows = normalize_indices(index, self.shape()[0])?;
        let mut want = index.shape().to_vec();
        want.extend_from_slice(&self.shape()[1..]);
        let shape = crate::ops::broadcast_shapes(&want, values.shape())?;
        if shape != want {
            return Err(runtime(format!(
                "shape mismatch: value tensor of shape {} cannot be broadcast to indexing result of shape {}",
                crate::tensor::fmt_list(values.shape()),
                crate::tensor::fmt_list(&want)
            )));
        }
        let row_len: usize = self.shape()[1..].iter().product();
        let row_shape = &self.shape()[1..];
        let row_strides = &self.strides()[1..];
        let dt = self.dtype();
        dispatch_any!(dt, T => {
            let vals: Vec<T> = cast_raw(values, dt).expand_raw(&want).to_vec::<T>();
            let mut buf = self.0.storage.write();
            let dst = T::slice_mut(&mut buf).expect("dtype");
            for (k, &r) in rows.iter().enumerate() {
                let mut it = vals[k * row_len..(k + 1) * row_len].iter();
                let base = self.storage_offset() + r * self.strides()[0];
                for_each_offset(row_shape, row_strides, base, |o| {
                    dst[o] = *it.next().expect("length");
                });
            }
        });
        self.0.counter().bump();
        Ok(self)
    }
}

fn normalize_indices(index: &Tensor, size: usize) -> Result<Vec<usize>> {
    if index.dtype() != DType::Int64 {
        return Err(runtime(format!(
            "tensors used as indices must be long, int, byte or bool tensors, not {}",
            index.dtype().scalar_name()
        )));
    }
    index
        .to_vec::<i64>()
        .into_iter()
        .map(|i| {
            let n = size as i64;
            if i < -n || i >= n {
                Err(index_err(format!(
                    "index {i} is out of bounds for dimension 0 with size {size}"
                )))
            } else {
                Ok(if i < 0 { (i + n) as usize } else { i as usize })
            }
        })
        .collect()
}
