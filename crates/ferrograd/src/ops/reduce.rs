//! Reductions: `sum`, `mean`, `max`, `min` over everything or over dimensions.

use super::{cast_raw, dispatch_any, dispatch_num, wrap_dim};
use crate::autograd::record;
use crate::error::{runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::Element;
use crate::{DType, Tensor};

/// Integer (and bool) sums over the dimensions flagged in `reduce`, exact in int64 and wrapping
/// on overflow as PyTorch's (a float64 accumulator would round past 2⁵³ and saturate).
fn int_sums(x: &Tensor, reduce: &[bool]) -> Result<Vec<i64>> {
    let x = cast_raw(x, DType::Int64);
    let kept: Vec<usize> = (0..x.dim()).filter(|&d| !reduce[d]).collect();
    let gone: Vec<usize> = (0..x.dim()).filter(|&d| reduce[d]).collect();
    let order: Vec<isize> = kept.iter().chain(&gone).map(|&d| d as isize).collect();
    let n_out: usize = kept.iter().map(|&d| x.shape()[d]).product();
    let vals = x.try_permute(&order)?.contiguous().to_vec::<i64>();
    let m = vals.len().checked_div(n_out).unwrap_or(0);
    Ok((0..n_out)
        .map(|i| {
            vals[i * m..(i + 1) * m]
                .iter()
                .fold(0i64, |a, &b| a.wrapping_add(b))
        })
        .collect())
}

#[track_caller]
fn sum_dtype(dt: DType) -> DType {
    if dt.is_floating_point() {
        dt
    } else {
        DType::Int64
    }
}

#[track_caller]
pub(crate) fn normalize_dims(dims: &[isize], nd: usize) -> Result<Vec<bool>> {
    let mut flags = vec![false; nd];
    for &d in dims {
        let d = wrap_dim(d, nd)?;
        if nd == 0 {
            continue;
        }
        if flags[d] {
            return Err(runtime(format!(
                "dim {d} appears multiple times in the list of dims"
            )));
        }
        flags[d] = true;
    }
    Ok(flags)
}

#[track_caller]
pub(crate) fn reduced_shape(shape: &[usize], flags: &[bool], keepdim: bool) -> Vec<usize> {
    shape
        .iter()
        .zip(flags)
        .filter_map(|(&s, &f)| if f { keepdim.then_some(1) } else { Some(s) })
        .collect()
}

impl Tensor {
    /// Sum of all elements, a 0-dim tensor (`SumBackward0`); integers sum as int64.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(4.0);
    /// assert_eq!(x.sum().to_string(), "tensor(6.)");
    /// ```
    #[track_caller]
    pub fn try_sum(&self) -> Result<Tensor> {
        let dt = sum_dtype(self.dtype());
        let out = if dt == DType::Int64 {
            Tensor::from_vec(int_sums(self, &vec![true; self.dim()])?, &[])
        } else {
            let s = dispatch_any!(self.dtype(), T => self.with_slice::<T, _>(cpu::sum_slice));
            cast_raw(&Tensor::from_vec(vec![s], &[]), dt)
        };
        let shape = self.dims();
        record("SumBackward0", out, &[self], &[], false, move |c| {
            let g = crate::autograd::batch::per_sample(c.grad, shape.len())?;
            Ok(vec![Some(
                g.try_expand(&crate::autograd::batch::shape(&shape))?,
            )])
        })
    }

    /// Panicking [`Tensor::try_sum`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1, 2, 3]).sum().item(), 6.0);
    /// ```
    #[track_caller]
    pub fn sum(&self) -> Tensor {
        unwrap(self.try_sum())
    }

    /// Sum over `dims` (negative counts from the end), keeping them as size 1 with `keepdim`
    /// (`SumBackward1`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.try_sum_dims(&[0], false).unwrap().to_vec::<f32>(), vec![4.0, 6.0]);
    /// assert_eq!(x.try_sum_dims(&[-1], true).unwrap().shape(), &[2, 1]);
    /// ```
    #[track_caller]
    pub fn try_sum_dims(&self, dims: &[isize], keepdim: bool) -> Result<Tensor> {
        self.sum_dims_recorded_as(dims, keepdim, "SumBackward1")
    }

    /// [`Tensor::try_sum_dims`] recorded under the node name `name` (a sum inside another op's
    /// backward takes that op's name, as a convolution's bias gradient does).
    #[track_caller]
    pub(crate) fn sum_dims_recorded_as(
        &self,
        dims: &[isize],
        keepdim: bool,
        name: &'static str,
    ) -> Result<Tensor> {
        let flags = normalize_dims(dims, self.dim())?;
        let dt = sum_dtype(self.dtype());
        let out_shape = reduced_shape(self.shape(), &flags, keepdim);
        let out = if dt == DType::Int64 {
            Tensor::from_vec(int_sums(self, &flags)?, &out_shape)
        } else {
            let vals = dispatch_any!(self.dtype(), T => cpu::sum_dims::<T>(self, &flags));
            cast_raw(&Tensor::from_vec(vals, &out_shape), dt)
        };
        let shape = self.dims();
        record(name, out, &[self], &[], false, move |c| {
            Ok(vec![Some(
                unsqueeze_reduced(c.grad, &flags, keepdim)?
                    .try_expand(&crate::autograd::batch::shape(&shape))?,
            )])
        })
    }

    /// Panicking [`Tensor::try_sum_dims`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[2, 3]);
    /// assert_eq!(x.sum_dims(&[1], false).to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn sum_dims(&self, dims: &[isize], keepdim: bool) -> Tensor {
        unwrap(self.try_sum_dims(dims, keepdim))
    }

    /// Mean of all elements (`MeanBackward0`); floating tensors only, as in PyTorch.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0, 2.0, 6.0]).mean().item(), 3.0);
    /// ```
    #[track_caller]
    pub fn try_mean(&self) -> Result<Tensor> {
        self.check_mean_dtype()?;
        let n = self.numel();
        let s = dispatch_any!(self.dtype(), T => self.with_slice::<T, _>(cpu::sum_slice));
        let out = cast_raw(&Tensor::from_vec(vec![s / n as f64], &[]), self.dtype());
        let shape = self.dims();
        record("MeanBackward0", out, &[self], &[], false, move |c| {
            let g = crate::autograd::batch::per_sample(c.grad, shape.len())?;
            Ok(vec![Some(
                g.try_expand(&crate::autograd::batch::shape(&shape))?
                    .try_div_scalar(n as f64)?,
            )])
        })
    }

    #[track_caller]
    fn check_mean_dtype(&self) -> Result<()> {
        if !self.dtype().is_floating_point() {
            return Err(runtime(format!(
                "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {}",
                self.dtype().scalar_name()
            )));
        }
        Ok(())
    }

    /// Panicking [`Tensor::try_mean`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::ones(&[4]).mean().item(), 1.0);
    /// ```
    #[track_caller]
    pub fn mean(&self) -> Tensor {
        unwrap(self.try_mean())
    }

    /// Mean over `dims` (`MeanBackward1`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.try_mean_dims(&[1], false).unwrap().to_vec::<f32>(), vec![1.5, 3.5]);
    /// ```
    #[track_caller]
    pub fn try_mean_dims(&self, dims: &[isize], keepdim: bool) -> Result<Tensor> {
        self.check_mean_dtype()?;
        let flags = normalize_dims(dims, self.dim())?;
        let count: usize = self
            .shape()
            .iter()
            .zip(&flags)
            .filter(|&(_, &f)| f)
            .map(|(&s, _)| s)
            .product();
        let vals: Vec<f64> = dispatch_any!(self.dtype(), T => cpu::sum_dims::<T>(self, &flags))
            .into_iter()
            .map(|v| v / count as f64)
            .collect();
        let out_shape = reduced_shape(self.shape(), &flags, keepdim);
        let out = cast_raw(&Tensor::from_vec(vals, &out_shape), self.dtype());
        let shape = self.dims();
        record("MeanBackward1", out, &[self], &[], false, move |c| {
            Ok(vec![Some(
                unsqueeze_reduced(c.grad, &flags, keepdim)?
                    .try_expand(&crate::autograd::batch::shape(&shape))?
                    .try_div_scalar(count as f64)?,
            )])
        })
    }

    /// Panicking [`Tensor::try_mean_dims`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::ones(&[2, 2]).mean_dims(&[0], true).shape(), &[1, 2]);
    /// ```
    #[track_caller]
    pub fn mean_dims(&self, dims: &[isize], keepdim: bool) -> Tensor {
        unwrap(self.try_mean_dims(dims, keepdim))
    }

    #[allow(clippy::bool_comparison)]
    #[track_caller]
    fn extreme_all(&self, is_max: bool) -> Result<Tensor> {
        if self.numel() == 0 {
            return Err(runtime(format!(
                "{}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
                if is_max { "max" } else { "min" }
            )));
        }
        let out = dispatch_any!(self.dtype(), T => {
            let v = self.with_slice::<T, _>(|s| {
                let mut best = s[0];
                for &x in s {
                    if is_nan(x) {
                        return x; // NaN propagates
                    }
                    // the last of equal values, as PyTorch's reduction (max of [0.0, -0.0] is -0.0)
                    if (is_max && x >= best) || (!is_max && x <= best) {
                        best = x;
                    }
                }
                best
            });
            Tensor::from_vec(vec![v], &[])
        });
        let name = if is_max {
            "MaxBackward1"
        } else {
            "MinBackward1"
        };
        record(name, out, &[self], &[("self", self)], true, |c| {
            // Evenly distributed among ties, as PyTorch does (`evenly_distribute_backward`):
            // among the NaN elements when the result is NaN, and exactly 0 elsewhere.
            let (x, r) = (&c.saved[0], &c.saved[1]);
            let mask = if r.item().is_nan() {
                x.try_ne(x)?
            } else {
                x.try_eq(r)?
            };
            let count = mask.to_dtype(c.grad.dtype()).sum();
            let g = crate::autograd::batch::per_sample(c.grad, x.dim())?;
            let share = g.try_div(&count)?;
            Ok(vec![Some(Tensor::try_where(
                &mask,
                &share,
                &share.zeros_like(),
            )?)])
        })
    }

    /// The largest element (`MaxBackward1`; ties share the gradient evenly).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0, 5.0, 2.0]).try_max().unwrap().item(), 5.0);
    /// ```
    #[track_caller]
    pub fn try_max(&self) -> Result<Tensor> {
        self.extreme_all(true)
    }
    /// Panicking [`Tensor::try_max`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([3, 1]).max().item(), 3.0);
    /// ```
    #[track_caller]
    pub fn max(&self) -> Tensor {
        unwrap(self.try_max())
    }
    /// The smallest element (`MinBackward1`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0, 5.0]).try_min().unwrap().item(), 1.0);
    /// ```
    #[track_caller]
    pub fn try_min(&self) -> Result<Tensor> {
        self.extreme_all(false)
    }
    /// Panicking [`Tensor::try_min`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([3, 1]).min().item(), 1.0);
    /// ```
    #[track_caller]
    pub fn min(&self) -> Tensor {
        unwrap(self.try_min())
    }

    #[track_caller]
    fn extreme_dim(&self, dim: isize, keepdim: bool, is_max: bool) -> Result<(Tensor, Tensor)> {
        let d = wrap_dim(dim, self.dim())?;
        if self.dim() == 0 {
            let idx = Tensor::from_vec(vec![0i64], &[]);
            return Ok((self.try_clone_op()?, idx));
        }
        let size = self.shape()[d];
        if size == 0 {
            return Err(index_zero(is_max, d));
        }
        // Move `dim` last, then scan rows.
        let moved = self.try_movedim_raw(d);
        let rows = moved.numel() / size;
        let mut idx = Vec::with_capacity(rows);
        let vals = dispatch_num!(self.dtype(), T => {
            let mc = cast_raw(&moved, T::DTYPE);
            let mut vals: Vec<T> = Vec::with_capacity(rows);
            mc.with_slice::<T, _>(|s| {
                for r in 0..rows {
                    let row = &s[r * size..(r + 1) * size];
                    let mut bi = 0;
                    for (i, &x) in row.iter().enumerate() {
                        if is_nan(x) { bi = i; break; }
                        if (is_max && x > row[bi]) || (!is_max && x < row[bi]) { bi = i; }
                    }
                    idx.push(bi as i64);
                    vals.push(row[bi]);
                }
            });
            T::into_buffer(vals)
        });
        let mut kept = self.dims();
        kept[d] = 1;
        let out_shape = if keepdim {
            kept.clone()
        } else {
            let mut s = self.dims();
            s.remove(d);
            s
        };
        let values = cast_raw(&Tensor::from_buffer(vals, out_shape.clone()), self.dtype());
        let indices = Tensor::from_vec(idx, &out_shape);
        let shape = self.dims();
        let name = if is_max {
            "MaxBackward0"
        } else {
            "MinBackward0"
        };
        let saved = [("indices", &indices)];
        let values = record(name, values, &[self], &saved, false, move |c| {
            let ind = &c.saved[0];
            let onehot = one_hot_along(&ind.reshape(&kept), &shape, d).to_dtype(c.grad.dtype());
            let g = c.grad.try_reshape(&crate::autograd::batch::shape(&kept))?;
            Ok(vec![Some(g.try_mul(&onehot)?)])
        })?;
        Ok((values, indices))
    }

    /// Largest values along `dim` and their indices (`MaxBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 7.0], [9.0, 2.0]]);
    /// let (v, i) = x.try_max_dim(1, false).unwrap();
    /// assert_eq!(v.to_vec::<f32>(), vec![7.0, 9.0]);
    /// assert_eq!(i.to_vec::<i64>(), vec![1, 0]);
    /// ```
    #[track_caller]
    pub fn try_max_dim(&self, dim: isize, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.extreme_dim(dim, keepdim, true)
    }
    /// Smallest values along `dim` and their indices (`MinBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 7.0], [9.0, 2.0]]);
    /// let (v, _) = x.try_min_dim(0, false).unwrap();
    /// assert_eq!(v.to_vec::<f32>(), vec![1.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_min_dim(&self, dim: isize, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.extreme_dim(dim, keepdim, false)
    }
    /// Indices of the largest values along `dim`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 7.0], [9.0, 2.0]]);
    /// assert_eq!(x.argmax(1).to_vec::<i64>(), vec![1, 0]);
    /// ```
    #[track_caller]
    pub fn argmax(&self, dim: isize) -> Tensor {
        unwrap(self.try_max_dim(dim, false)).1
    }
}

/// NaN test for any element type (only floats can differ from themselves).
#[allow(clippy::eq_op)]
#[track_caller]
fn is_nan<T: PartialEq + Copy>(x: T) -> bool {
    x != x
}

#[track_caller]
fn index_zero(is_max: bool, d: usize) -> crate::Error {
    crate::error::index_err(format!(
        "{}(): Expected reduction dim {d} to have non-zero size.",
        if is_max { "max" } else { "min" }
    ))
}

/// A bool tensor of `shape` that is true where the coordinate along `dim` equals `index` (which
/// has size 1 along `dim` and broadcasts elsewhere).
#[track_caller]
pub(crate) fn one_hot_along(index: &Tensor, shape: &[usize], dim: usize) -> Tensor {
    let mut ar_shape = vec![1usize; shape.len()];
    ar_shape[dim] = shape[dim];
    let ar = Tensor::from_vec((0..shape[dim] as i64).collect::<Vec<_>>(), &ar_shape);
    let b = ar.eq(index);
    b.expand_raw(shape).contiguous_copy()
}

/// The gradient of a reduction over the dims of `flags`, with those dims back as size 1:
/// PyTorch's `unsqueeze` per reduced dim (so that its double backward records
/// `SqueezeBackward1`, as PyTorch's), nothing with `keepdim`.
pub(crate) fn unsqueeze_reduced(g: &Tensor, flags: &[bool], keepdim: bool) -> Result<Tensor> {
    let mut g = g.clone();
    if !keepdim {
        for (d, _) in flags.iter().enumerate().filter(|(_, f)| **f) {
            g = g.try_unsqueeze(crate::autograd::batch::dim(d) as isize)?;
        }
    }
    Ok(g)
}
