//! `gather`, `scatter` (a source tensor or a value), `scatter_add` and `take_along_dim`: values
//! read from, or written to, the positions an int64 index tensor names along one dimension.
//!
//! The backward of each is another of them (`gather` ↔ `scatter_add`, `scatter` → `gather` and
//! `scatter` of zeros), so every rule differentiates again.

use super::{dispatch_any, wrap_dim};
use crate::autograd::{batch, record_batching, Batching};
use crate::error::{index_err, runtime, unwrap, Result};
use crate::tensor::{fmt_list, Element};
use crate::{DType, Tensor};

/// Row-major strides of a contiguous tensor of `shape`.
pub(crate) fn contiguous_strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1usize; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        s[d] = s[d + 1] * shape[d + 1];
    }
    s
}

/// Calls `f(p, a, b)` for every position `p` (row-major) of `shape`, with `a` and `b` its
/// offsets under the strides `sa` and `sb`.
pub(crate) fn walk2(
    shape: &[usize],
    sa: &[usize],
    sb: &[usize],
    mut f: impl FnMut(usize, usize, usize),
) {
    let n: usize = shape.iter().product();
    if n == 0 {
        return;
    }
    let nd = shape.len();
    let mut coord = vec![0usize; nd];
    let (mut a, mut b) = (0usize, 0usize);
    for p in 0..n {
        f(p, a, b);
        for d in (0..nd).rev() {
            coord[d] += 1;
            a += sa[d];
            b += sb[d];
            if coord[d] < shape[d] {
                break;
            }
            a -= sa[d] * shape[d];
            b -= sb[d] * shape[d];
            coord[d] = 0;
        }
    }
}

/// The shape used for indexing: a 0-dim tensor is indexed as one of shape `[1]`.
fn shape1(t: &Tensor) -> Vec<usize> {
    if t.dim() == 0 {
        vec![1]
    } else {
        t.dims().to_vec()
    }
}

/// The int64 indices, checked against `size` (negative indices are out of bounds, as in
/// PyTorch's `gather` and `scatter`).
fn checked_indices(index: &Tensor, size: usize, dim: usize) -> Result<Vec<i64>> {
    let idx = index.to_vec::<i64>();
    if let Some(&i) = idx.iter().find(|&&i| i < 0 || i >= size as i64) {
        return Err(runtime(format!(
            "index {i} is out of bounds for dimension {dim} with size {size}"
        )));
    }
    Ok(idx)
}

fn index_dtype(index: &Tensor, op: &str) -> Result<()> {
    if index.dtype() != DType::Int64 {
        return Err(runtime(format!(
            "{op}(): Expected dtype int32/int64 for index"
        )));
    }
    Ok(())
}

/// What `scatter` writes: the elements of a tensor, or one value.
#[derive(Clone, Copy)]
enum Source<'a> {
    Tensor(&'a Tensor),
    Value(f64),
}

impl Tensor {
    /// The elements of this tensor at `index` along `dim`: `out[i][j] = self[index[i][j]][j]`
    /// for `dim = 0` (`GatherBackward0`). `index` is int64 with this tensor's number of
    /// dimensions and sizes no larger than this tensor's outside `dim`; the result has its shape.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let y = x.try_gather(1, &Tensor::new([[0, 0], [1, 0]])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 1.0, 4.0, 3.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "GatherBackward0");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 0.0, 1.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_gather(&self, dim: isize, index: &Tensor) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        index_dtype(index, "gather")?;
        if index.dim() != self.dim() && index.numel() > 1 || index.dim().max(1) != self.dim().max(1)
        {
            return Err(runtime(
                "Index tensor must have the same number of dimensions as input tensor",
            ));
        }
        let (xs, is) = (shape1(self), shape1(index));
        for k in 0..xs.len() {
            if k != d && is[k] > xs[k] {
                return Err(runtime(format!(
                    "Size does not match at dimension {k} expected index {} to be no larger than self {} apart from dimension {d}",
                    fmt_list(index.shape()),
                    fmt_list(self.shape())
                )));
            }
        }
        let idx = checked_indices(index, xs[d], d)?;
        let mut sx = contiguous_strides(&xs);
        let step = sx[d];
        sx[d] = 0;
        let zero = vec![0; is.len()];
        let buf = dispatch_any!(self.dtype(), T => {
            let src = self.to_vec::<T>();
            let mut out: Vec<T> = Vec::with_capacity(idx.len());
            walk2(&is, &sx, &zero, |p, o, _| out.push(src[o + idx[p] as usize * step]));
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, index.dims());
        let (in_shape, ix) = (self.dims(), index.detach());
        record_batching(
            Batching::whole_if(self.dim() > 0),
            "GatherBackward0",
            out,
            &[self],
            &[("index", index)],
            false,
            move |c| {
                let z = Tensor::zeros_dtype(&batch::shape(&in_shape), c.grad.dtype());
                Ok(vec![Some(z.try_scatter_add(
                    batch::dim(d) as isize,
                    &batch::index(&ix)?,
                    c.grad,
                )?)])
            },
        )
    }

    /// Panicking [`Tensor::try_gather`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([5.0, 6.0, 7.0]);
    /// assert_eq!(x.gather(0, &ferrograd::Tensor::new([2, 2])).to_vec::<f32>(), vec![7.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn gather(&self, dim: isize, index: &Tensor) -> Tensor {
        unwrap(self.try_gather(dim, index))
    }

    fn scatter_impl(
        &self,
        dim: isize,
        index: &Tensor,
        src: Source<'_>,
        add: bool,
    ) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        index_dtype(index, "scatter")?;
        if let Source::Tensor(s) = src
            && s.dtype() != self.dtype()
        {
            return Err(runtime(
                "scatter(): Expected self.dtype to be equal to src.dtype",
            ));
        }
        if index.numel() > 0 && index.dim().max(1) != self.dim().max(1) {
            return Err(runtime(
                "Index tensor must have the same number of dimensions as self tensor",
            ));
        }
        let (xs, is) = (shape1(self), shape1(index));
        let ss = match src {
            Source::Tensor(s) => shape1(s),
            Source::Value(_) => is.clone(),
        };
        let too_big = index.numel() > 0
            && (0..is.len()).any(|k| (k != d && is[k] > xs[k]) || is[k] > *ss.get(k).unwrap_or(&0));
        if too_big {
            let src_shape = match src {
                Source::Tensor(s) => fmt_list(s.shape()),
                Source::Value(_) => fmt_list(index.shape()),
            };
            return Err(runtime(format!(
                "Expected index {} to be no larger than self {} apart from dimension {d} and to be no larger size than src {src_shape}",
                fmt_list(index.shape()),
                fmt_list(self.shape())
            )));
        }
        let idx = checked_indices(index, xs[d], d)?;
        let mut sx = contiguous_strides(&xs);
        let step = sx[d];
        sx[d] = 0;
        let dt = self.dtype();
        let buf = dispatch_any!(dt, T => {
            let mut out = self.to_vec::<T>();
            let (vals, st): (Vec<T>, Vec<usize>) = match src {
                Source::Tensor(s) => (s.to_vec::<T>(), contiguous_strides(&ss)),
                Source::Value(v) => (
                    Tensor::scalar_tensor(v, dt).to_vec::<T>(),
                    vec![0; is.len()],
                ),
            };
            walk2(&is, &sx, &st, |p, o, so| {
                let at = o + idx[p] as usize * step;
                out[at] = if add { out[at].add_elem(vals[so]) } else { vals[so] };
            });
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, self.dims());
        let ix = index.detach();
        let whole = Batching::whole_if(self.dim() > 0);
        let bd = move || batch::dim(d) as isize;
        match (src, add) {
            (Source::Tensor(s), true) => record_batching(
                whole,
                "ScatterAddBackward0",
                out,
                &[self, s],
                &[("index", index)],
                false,
                move |c| {
                    Ok(vec![
                        c.grad_if(0, || Ok(c.grad.clone()))?,
                        c.grad_if(1, || c.grad.try_gather(bd(), &batch::index(&ix)?))?,
                    ])
                },
            ),
            (Source::Tensor(s), false) => record_batching(
                whole,
                "ScatterBackward0",
                out,
                &[self, s],
                &[("index", index)],
                false,
                move |c| {
                    Ok(vec![
                        c.grad_if(0, || {
                            c.grad.try_scatter_value(bd(), &batch::index(&ix)?, 0.0)
                        })?,
                        c.grad_if(1, || c.grad.try_gather(bd(), &batch::index(&ix)?))?,
                    ])
                },
            ),
            (Source::Value(_), _) => record_batching(
                whole,
                "ScatterBackward1",
                out,
                &[self],
                &[("index", index)],
                false,
                move |c| {
                    Ok(vec![Some(c.grad.try_scatter_value(
                        bd(),
                        &batch::index(&ix)?,
                        0.0,
                    )?)])
                },
            ),
        }
    }

    /// A copy of this tensor with `src`'s elements written at `index` along `dim`:
    /// `out[index[i][j]][j] = src[i][j]` for `dim = 0` (`ScatterBackward0`). Where indices repeat,
    /// the last write wins. `src` has this tensor's dtype and sizes no smaller than `index`'s.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[2, 3]);
    /// let y = x.try_scatter(1, &Tensor::new([[2], [0]]), &Tensor::new([[5.0], [6.0]])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0, 5.0, 6.0, 0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_scatter(&self, dim: isize, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        self.scatter_impl(dim, index, Source::Tensor(src), false)
    }

    /// Panicking [`Tensor::try_scatter`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let y = Tensor::zeros(&[3]).scatter(0, &Tensor::new([1]), &Tensor::new([2.0]));
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 2.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn scatter(&self, dim: isize, index: &Tensor, src: &Tensor) -> Tensor {
        unwrap(self.try_scatter(dim, index, src))
    }

    /// A copy of this tensor with `value` written at `index` along `dim` (`ScatterBackward1`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let y = Tensor::ones(&[2, 2]).try_scatter_value(0, &Tensor::new([[1, 0]]), 9.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 9.0, 9.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_scatter_value(&self, dim: isize, index: &Tensor, value: f64) -> Result<Tensor> {
        self.scatter_impl(dim, index, Source::Value(value), false)
    }

    /// Panicking [`Tensor::try_scatter_value`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let y = Tensor::zeros(&[2]).scatter_value(0, &Tensor::new([0]), 1.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn scatter_value(&self, dim: isize, index: &Tensor, value: f64) -> Tensor {
        unwrap(self.try_scatter_value(dim, index, value))
    }

    /// A copy of this tensor with `src`'s elements added at `index` along `dim`; repeated
    /// indices accumulate (`ScatterAddBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[3]).requires_grad_(true);
    /// let s = Tensor::new([1.0, 2.0, 4.0]).requires_grad_(true);
    /// let y = x.try_scatter_add(0, &Tensor::new([2, 0, 2]), &s).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 0.0, 5.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "ScatterAddBackward0");
    /// ```
    #[track_caller]
    pub fn try_scatter_add(&self, dim: isize, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        self.scatter_impl(dim, index, Source::Tensor(src), true)
    }

    /// Panicking [`Tensor::try_scatter_add`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let y = Tensor::zeros(&[2]).scatter_add(0, &Tensor::new([1, 1]), &Tensor::new([1.0, 2.0]));
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn scatter_add(&self, dim: isize, index: &Tensor, src: &Tensor) -> Tensor {
        unwrap(self.try_scatter_add(dim, index, src))
    }

    /// In-place [`Tensor::try_scatter`] (`ScatterBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[3]);
    /// x.try_scatter_(0, &Tensor::new([2]), &Tensor::new([1.0])).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_scatter_(&self, dim: isize, index: &Tensor, src: &Tensor) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_scatter(dim, index, src)?;
        self.assign_result(&new)
    }

    /// In-place [`Tensor::try_scatter_value`] (`ScatterBackward1`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[3]);
    /// x.try_scatter_value_(0, &Tensor::new([0]), 4.0).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![4.0, 0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_scatter_value_(&self, dim: isize, index: &Tensor, value: f64) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_scatter_value(dim, index, value)?;
        self.assign_result(&new)
    }

    /// In-place [`Tensor::try_scatter_add`] (`ScatterAddBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::ones(&[2]);
    /// x.try_scatter_add_(0, &Tensor::new([0, 0]), &Tensor::new([1.0, 1.0])).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![3.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_scatter_add_(&self, dim: isize, index: &Tensor, src: &Tensor) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_scatter_add(dim, index, src)?;
        self.assign_result(&new)
    }

    /// The elements at `indices` along `dim` (`GatherBackward0`): `indices` broadcasts against
    /// this tensor outside `dim`. With `dim` `None`, both are flattened first.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[10.0, 30.0, 20.0], [60.0, 40.0, 50.0]]);
    /// let i = x.argsort(1, false);
    /// let s = x.try_take_along_dim(&i, Some(1)).unwrap();
    /// assert_eq!(s.to_vec::<f32>(), vec![10.0, 20.0, 30.0, 40.0, 50.0, 60.0]);
    /// let f = x.try_take_along_dim(&Tensor::new([5, 0]), None).unwrap();
    /// assert_eq!(f.to_vec::<f32>(), vec![50.0, 10.0]);
    /// ```
    #[track_caller]
    pub fn try_take_along_dim(&self, indices: &Tensor, dim: Option<isize>) -> Result<Tensor> {
        if indices.dtype() != DType::Int64 {
            return Err(runtime(format!(
                "torch.take_along_dim(): dtype of indices should be Long but got {}",
                indices.dtype().scalar_name()
            )));
        }
        let Some(dim) = dim else {
            let flat = self.try_reshape(&[self.numel()])?;
            return flat.try_gather(0, &indices.try_reshape(&[indices.numel()])?);
        };
        if self.dim() != indices.dim() {
            return Err(runtime(format!(
                "torch.take_along_dim(): input and indices should have the same number of dimensions, but got {} dimensions for input, and {} dimensions for indices",
                self.dim(),
                indices.dim()
            )));
        }
        let d = wrap_dim(dim, self.dim())?;
        let (mut a, mut b) = (self.dims(), indices.dims());
        if self.dim() > 0 {
            a[d] = 1;
            b[d] = 1;
        }
        let shape = super::broadcast_shapes(&a, &b)?;
        let (mut sa, mut sb) = (shape.clone(), shape);
        if self.dim() > 0 {
            sa[d] = self.shape()[d];
            sb[d] = indices.shape()[d];
        }
        let x = if sa == self.shape() {
            self.clone()
        } else {
            self.try_expand(&sa)?
        };
        let i = indices.expand_raw(&sb);
        x.try_gather(d as isize, &i)
    }

    /// Panicking [`Tensor::try_take_along_dim`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// let t = x.take_along_dim(&Tensor::new([[1], [0]]), Some(1));
    /// assert_eq!(t.to_vec::<f32>(), vec![2.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn take_along_dim(&self, indices: &Tensor, dim: Option<isize>) -> Tensor {
        unwrap(self.try_take_along_dim(indices, dim))
    }

    /// One-hot encoding of an int64 tensor of class indices: shape `self.shape + [num_classes]`,
    /// int64 (`num_classes` `None` is one more than the largest index).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let h = Tensor::new([0, 2]).try_one_hot(None).unwrap();
    /// assert_eq!(h.to_vec::<i64>(), vec![1, 0, 0, 0, 0, 1]);
    /// let e = Tensor::new([3]).try_one_hot(Some(3)).unwrap_err();
    /// assert_eq!(e.to_string(), "Class values must be smaller than num_classes.");
    /// ```
    #[track_caller]
    pub fn try_one_hot(&self, num_classes: Option<usize>) -> Result<Tensor> {
        if self.dtype() != DType::Int64 {
            return Err(runtime(
                "one_hot is only applicable to index tensor of type LongTensor.",
            ));
        }
        let v = self.to_vec::<i64>();
        let n = match num_classes {
            Some(n) => n,
            None if v.is_empty() => {
                return Err(runtime(
                    "Can not infer total number of classes from empty tensor.",
                ))
            }
            None => (v.iter().copied().max().unwrap_or(0).saturating_add(1)).max(0) as usize,
        };
        if v.iter().any(|&i| i < 0) {
            return Err(runtime("Class values must be non-negative."));
        }
        if v.iter().any(|&i| i as usize >= n) {
            return Err(runtime("Class values must be smaller than num_classes."));
        }
        let mut shape = self.dims();
        shape.push(n);
        // a hostile number of classes fails with the allocator's error, not an abort
        let total = crate::tensor::size::checked_storage_numel(&shape, DType::Int64)?;
        let mut out = crate::tensor::storage::try_vec::<i64>(total)?;
        out.resize(total, 0);
        for (k, &i) in v.iter().enumerate() {
            out[k * n + i as usize] = 1;
        }
        Ok(Tensor::from_vec(out, &shape))
    }

    /// Panicking [`Tensor::try_one_hot`].
    ///
    /// ```
    /// let h = ferrograd::Tensor::new([1]).one_hot(Some(3));
    /// assert_eq!(h.to_vec::<i64>(), vec![0, 1, 0]);
    /// ```
    #[track_caller]
    pub fn one_hot(&self, num_classes: Option<usize>) -> Tensor {
        unwrap(self.try_one_hot(num_classes))
    }

    /// Makes any out-of-place result this tensor's in-place op: `new` (computed from this
    /// tensor, or from a copy of it when the op's node must read the old values) is written
    /// into this tensor, which takes over `new`'s node, as PyTorch records `x.pow_(2)` with
    /// `PowBackward0`. The shape must be this tensor's; the dtype must cast to it (a floating
    /// result is refused for an integer tensor).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let x = &a * 1.0;
    /// let old = x.try_clone_op().unwrap(); // the node of pow reads the old values
    /// x.try_assign_(&old.try_pow(3.0).unwrap()).unwrap();
    /// assert_eq!(x.grad_fn().unwrap().name(), "PowBackward0");
    /// x.sum().backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![3.0, 12.0]);
    /// let e = Tensor::new([1i64]).try_assign_(&Tensor::new([0.5])).unwrap_err();
    /// assert_eq!(e.to_string(), "result type Float can't be cast to the desired output type Long");
    /// ```
    #[track_caller]
    pub fn try_assign_(&self, new: &Tensor) -> Result<&Tensor> {
        self.check_inplace()?;
        if self
            .shape()
            .iter()
            .zip(self.strides())
            .any(|(&n, &s)| n > 1 && s == 0)
        {
            return Err(crate::error::runtime(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
            ));
        }
        if new.shape() != self.shape() {
            return Err(crate::error::runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                crate::tensor::fmt_list(self.shape()),
                crate::tensor::fmt_list(new.shape())
            )));
        }
        let (from, to) = (new.dtype(), self.dtype());
        if from == to {
            return self.assign_result(new);
        }
        if from.category() > to.category() {
            return Err(crate::error::runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                from.scalar_name(),
                to.scalar_name()
            )));
        }
        self.assign_result(&new.try_to_dtype(to)?)
    }

    /// Writes `new` (this tensor's shape and dtype, computed out of place from it) into this
    /// tensor, which takes over `new`'s history: an in-place op recorded under the out-of-place
    /// op's node. The caller has checked the leaf rule first.
    #[track_caller]
    pub(crate) fn assign_result(&self, new: &Tensor) -> Result<&Tensor> {
        self.check_view_autograd(new.requires_grad())?;
        self.copy_raw(new)?;
        self.0.counter().bump();
        if let Some(node) = new.grad_fn_arc() {
            crate::autograd::set_inplace_history(self, node)?;
        }
        Ok(self)
    }
}

/// Checks an index for `index_select`-style ops: a vector or a scalar of int64 values in
/// `0..size`.
pub(crate) fn vector_indices(index: &Tensor, size: usize, op: &str) -> Result<Vec<usize>> {
    if index.dim() > 1 {
        return Err(index_err(format!(
            "{op}(): Index is supposed to be a vector"
        )));
    }
    index
        .to_vec::<i64>()
        .into_iter()
        .map(|i| {
            if i < 0 || i >= size as i64 {
                Err(index_err("index out of range in self"))
            } else {
                Ok(i as usize)
            }
        })
        .collect()
}

/// Addition in an element type (bool: logical or), for the accumulating loops.
pub(crate) trait AddElem: Element {
    fn add_elem(self, other: Self) -> Self;
}
macro_rules! add_elem {
    ($($t:ty),*) => {$(
        impl AddElem for $t {
            #[inline]
            fn add_elem(self, other: Self) -> Self {
                self + other
            }
        }
    )*};
}
add_elem!(f32, f64);
impl AddElem for i64 {
    #[inline]
    fn add_elem(self, other: Self) -> Self {
        self.wrapping_add(other)
    }
}
impl AddElem for bool {
    #[inline]
    fn add_elem(self, other: Self) -> Self {
        self | other
    }
}
