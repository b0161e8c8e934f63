//! Scans along a dimension, `cumsum` and `cumprod` (accumulated in `f64` for floats, as
//! PyTorch's CPU kernels do), and `flip`, which their backward rules use: the gradient of a
//! cumulative sum is the cumulative sum of the reversed gradient, reversed.

use super::{dispatch_any, dispatch_num, wrap_dim};
use crate::autograd::{batch, record_batching, Batching};
use crate::error::{runtime, unwrap, Result};
use crate::tensor::Element;
use crate::{DType, Tensor};

/// `(outer, n, inner)` of `shape` around `dim` (a 0-dim tensor is `(1, 1, 1)`).
use super::split_at_dim as split;

/// The dtype a scan computes in: the requested one, else the input's with integers and bools
/// promoted to int64.
fn scan_dtype(t: &Tensor, dtype: Option<DType>) -> DType {
    dtype.unwrap_or(if t.dtype() == DType::Bool {
        DType::Int64
    } else {
        t.dtype()
    })
}

/// A running sum (`prod` false) or product along the middle axis of `(outer, n, inner)`, with
/// the accumulator in `f64` for floats and `i64` (wrapping) for integers.
fn scan<T: Copy + crate::tensor::Element>(
    v: &[T],
    (outer, n, inner): (usize, usize, usize),
    prod: bool,
) -> Vec<T> {
    let mut out = v.to_vec();
    let float = T::DTYPE.is_floating_point();
    for o in 0..outer {
        for i in 0..inner {
            let (mut af, mut ai) = if prod { (1.0f64, 1i64) } else { (0.0f64, 0i64) };
            for k in 0..n {
                let at = (o * n + k) * inner + i;
                if float {
                    let x = v[at].to_f64();
                    af = if prod { af * x } else { af + x };
                    out[at] = T::from_f64(af);
                } else {
                    let x = v[at].to_f64() as i64;
                    ai = if prod {
                        ai.wrapping_mul(x)
                    } else {
                        ai.wrapping_add(x)
                    };
                    out[at] = T::from_f64(ai as f64);
                }
            }
        }
    }
    out
}

impl Tensor {
    fn scan_op(&self, dim: isize, dtype: Option<DType>, prod: bool) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        let dt = scan_dtype(self, dtype);
        let x = if dt == self.dtype() {
            self.clone()
        } else {
            self.try_to_dtype(dt)?
        };
        let lay = split(x.shape(), d);
        let buf = if dt == DType::Int64 {
            // integers exactly: wrapping i64 arithmetic rather than through f64
            let v = x.to_vec::<i64>();
            let mut out = v.clone();
            let (outer, n, inner) = lay;
            for o in 0..outer {
                for i in 0..inner {
                    let mut acc: i64 = i64::from(prod);
                    for k in 0..n {
                        let at = (o * n + k) * inner + i;
                        acc = if prod {
                            acc.wrapping_mul(v[at])
                        } else {
                            acc.wrapping_add(v[at])
                        };
                        out[at] = acc;
                    }
                }
            }
            i64::into_buffer(out)
        } else {
            dispatch_num!(dt, T => T::into_buffer(scan(&x.to_vec::<T>(), lay, prod)))
        };
        let out = Tensor::from_buffer(buf, x.dims());
        let single = x.numel() <= 1 || x.dim() == 0 || x.shape()[d] == 1;
        let whole = Batching::whole_if(x.dim() > 0);
        if !prod {
            return record_batching(whole, "CumsumBackward0", out, &[&x], &[], false, move |c| {
                if single {
                    return Ok(vec![Some(c.grad.clone())]);
                }
                let di = batch::dim(d) as isize;
                Ok(vec![Some(
                    c.grad
                        .try_flip(&[di])?
                        .try_cumsum(di, None)?
                        .try_flip(&[di])?,
                )])
            });
        }
        record_batching(
            whole,
            "CumprodBackward0",
            out,
            &[&x],
            &[("self", &x)],
            true,
            move |c| {
                if single {
                    return Ok(vec![Some(c.grad.clone())]);
                }
                let (input, output) = (&c.saved[0], &c.saved[1]);
                Ok(vec![Some(cumprod_backward(c.grad, input, d, output)?)])
            },
        )
    }

    /// The cumulative sum along `dim` (`CumsumBackward0`), computed in `dtype` when given
    /// (integers and bools otherwise give int64).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).requires_grad_(true);
    /// let y = x.try_cumsum(1, None).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 3.0, 6.0, 4.0, 9.0, 15.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0, 2.0, 1.0, 3.0, 2.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_cumsum(&self, dim: isize, dtype: Option<DType>) -> Result<Tensor> {
        self.scan_op(dim, dtype, false)
    }

    /// Panicking [`Tensor::try_cumsum`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([true, false, true]);
    /// assert_eq!(x.cumsum(0, None).to_vec::<i64>(), vec![1, 1, 2]);
    /// ```
    #[track_caller]
    pub fn cumsum(&self, dim: isize, dtype: Option<DType>) -> Tensor {
        unwrap(self.try_cumsum(dim, dtype))
    }

    /// The cumulative product along `dim` (`CumprodBackward0`; its gradient is exact where the
    /// input has zeros, as PyTorch's).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([2.0, 0.0, 3.0]).requires_grad_(true);
    /// let y = x.try_cumprod(0, None).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 0.0, 0.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0, 8.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_cumprod(&self, dim: isize, dtype: Option<DType>) -> Result<Tensor> {
        self.scan_op(dim, dtype, true)
    }

    /// Panicking [`Tensor::try_cumprod`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2, 3]);
    /// assert_eq!(x.cumprod(0, None).to_vec::<i64>(), vec![1, 2, 6]);
    /// ```
    #[track_caller]
    pub fn cumprod(&self, dim: isize, dtype: Option<DType>) -> Tensor {
        unwrap(self.try_cumprod(dim, dtype))
    }

    /// In-place [`Tensor::try_cumsum`] (the result cast back to this tensor's dtype).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0, 3.0]);
    /// x.try_cumsum_(0, None).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![1.0, 3.0, 6.0]);
    /// ```
    #[track_caller]
    pub fn try_cumsum_(&self, dim: isize, dtype: Option<DType>) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_cumsum(dim, dtype)?.try_to_dtype(self.dtype())?;
        self.assign_result(&new)
    }

    /// In-place [`Tensor::try_cumprod`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([2.0, 2.0, 3.0]);
    /// x.try_cumprod_(0, None).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![2.0, 4.0, 12.0]);
    /// ```
    #[track_caller]
    pub fn try_cumprod_(&self, dim: isize, dtype: Option<DType>) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_cumprod(dim, dtype)?.try_to_dtype(self.dtype())?;
        self.assign_result(&new)
    }

    /// This tensor with the order of the elements reversed along each of `dims`
    /// (`FlipBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.try_flip(&[1]).unwrap().to_vec::<f32>(), vec![2.0, 1.0, 4.0, 3.0]);
    /// assert_eq!(x.try_flip(&[0, 1]).unwrap().to_vec::<f32>(), vec![4.0, 3.0, 2.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_flip(&self, dims: &[isize]) -> Result<Tensor> {
        let mut flip = vec![false; self.dim()];
        for &d in dims {
            let w = wrap_dim(d, self.dim())?;
            if self.dim() == 0 {
                continue;
            }
            if flip[w] {
                return Err(runtime(format!(
                    "dim {w} appears multiple times in the list of dims"
                )));
            }
            flip[w] = true;
        }
        let shape = self.dims();
        let strides = super::gather::contiguous_strides(&shape);
        let n = self.numel();
        let buf = dispatch_any!(self.dtype(), T => {
            let v = self.to_vec::<T>();
            let mut out = Vec::with_capacity(n);
            let mut coord = vec![0usize; shape.len()];
            for _ in 0..n {
                let mut at = 0;
                for k in 0..shape.len() {
                    let c = if flip[k] { shape[k] - 1 - coord[k] } else { coord[k] };
                    at += c * strides[k];
                }
                out.push(v[at]);
                for k in (0..shape.len()).rev() {
                    coord[k] += 1;
                    if coord[k] < shape[k] {
                        break;
                    }
                    coord[k] = 0;
                }
            }
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, shape);
        let ds = dims.to_vec();
        let whole = Batching::whole_if(self.dim() > 0);
        record_batching(whole, "FlipBackward0", out, &[self], &[], false, move |c| {
            let ds: Vec<isize> = ds.iter().map(|&d| batch::dim_signed(d)).collect();
            Ok(vec![Some(c.grad.try_flip(&ds)?)])
        })
    }

    /// Panicking [`Tensor::try_flip`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2, 3]);
    /// assert_eq!(x.flip(&[0]).to_vec::<i64>(), vec![3, 2, 1]);
    /// ```
    #[track_caller]
    pub fn flip(&self, dims: &[isize]) -> Tensor {
        unwrap(self.try_flip(dims))
    }
}

/// PyTorch's `cumprod_backward`. Without zeros in the input: the reversed cumulative sum of
/// `output · grad`, divided by the input. With zeros, input `k` gets
/// `Σ_{j≥k} grad_j · Π_{i≤j, i≠k} input_i`: the cumulative product of the input with element
/// `k` replaced by one, for each `k` — quadratic, but written with differentiable ops, so it
/// differentiates again (PyTorch's own rule when a graph is being created).
///
/// In a batched pass `grad` has the batch in front: what is computed from it runs along the
/// batched dimension `db`, what is computed from `input` alone along `di`, and broadcasts.
fn cumprod_backward(grad: &Tensor, input: &Tensor, d: usize, output: &Tensor) -> Result<Tensor> {
    let (di, db) = (d as isize, batch::dim(d) as isize);
    let w = output.try_mul(grad)?;
    let has_zero = {
        let _ng = crate::no_grad();
        input.eq_scalar(0.0).to_vec::<bool>().iter().any(|&z| z)
    };
    if !has_zero {
        let rev = w.try_flip(&[db])?.try_cumsum(db, None)?.try_flip(&[db])?;
        return rev.try_div(input);
    }
    let n = input.shape()[d];
    let mut pos_shape = vec![1usize; input.dim()];
    pos_shape[d] = n;
    let one = Tensor::scalar_tensor(1.0, input.dtype());
    let mut parts = Vec::with_capacity(n);
    for k in 0..n {
        let at_k = Tensor::from_vec((0..n).map(|j| j == k).collect::<Vec<bool>>(), &pos_shape);
        let omitted = Tensor::try_where(&at_k, &one, input)?.try_cumprod(di, None)?;
        let terms = grad.try_mul(&omitted)?.try_narrow(db, k as isize, n - k)?;
        parts.push(terms.try_sum_dims(&[db], true)?);
    }
    Tensor::try_cat(&parts, db)
}
