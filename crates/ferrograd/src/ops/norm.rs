//! Vector norms: `torch.linalg.vector_norm` and `Tensor.norm` (`LinalgVectorNormBackward0`),
//! with PyTorch's gradient at every order, at zero, at ties of the infinity norms and at NaN.

use crate::autograd::record;
use crate::error::{not_implemented, unwrap, Result};
use crate::ops::{wrap_dim, Float};
use crate::{DType, Tensor};

/// The reduced dimensions (sorted, distinct) and the shapes of the result with and without
/// `keepdim`.
fn plan(x: &Tensor, dims: Option<&[isize]>) -> Result<Vec<usize>> {
    let nd = x.dim();
    let mut out = match dims {
        None | Some([]) => (0..nd).collect(),
        Some(ds) => {
            let mut v = Vec::with_capacity(ds.len());
            for &d in ds {
                let d = wrap_dim(d, nd)?;
                if nd > 0 && v.contains(&d) {
                    return Err(crate::error::runtime(format!(
                        "dim {d} appears multiple times in the list of dims"
                    )));
                }
                if nd > 0 {
                    v.push(d);
                }
            }
            v
        }
    };
    out.sort_unstable();
    Ok(out)
}

/// The `ord`-norm of one row, computed in the tensor's own precision as PyTorch computes it
/// (squares of float32 values overflow and underflow as in float32).
fn row_norm<T: Float>(row: &[T], ord: f64) -> T {
    let zero = T::from_f64(0.0);
    if ord.is_infinite() {
        // NaN anywhere makes the norm NaN
        if let Some(&v) = row.iter().find(|v| v.is_nan()) {
            return v;
        }
        let abs = row.iter().map(|v| v.abs());
        if ord > 0.0 {
            abs.fold(zero, |m, v| if v > m { v } else { m })
        } else {
            abs.fold(T::from_f64(f64::INFINITY), |m, v| if v < m { v } else { m })
        }
    } else if ord == 0.0 {
        T::from_f64(row.iter().filter(|&&v| v != zero).count() as f64)
    } else if ord == 1.0 {
        row.iter().fold(zero, |s, &v| s + v.abs())
    } else if ord == 2.0 {
        row.iter().fold(zero, |s, &v| s + v * v).sqrt()
    } else {
        let p = T::from_f64(ord);
        row.iter()
            .fold(zero, |s, &v| s + v.abs().powf(p))
            .powf(T::from_f64(1.0 / ord))
    }
}

impl Tensor {
    /// The `ord`-norm of this tensor over `dims` (all dimensions when `None` or empty),
    /// `torch.linalg.vector_norm(x, ord, dim, keepdim)`: `ord` is any float, `inf` (largest
    /// absolute value), `-inf` (smallest) or `0` (number of non-zeros). Recorded as
    /// `LinalgVectorNormBackward0` with PyTorch's gradient: 0 where the norm is 0 (for
    /// `ord ≥ 1`) or where an element is 0 (for `ord < 1`), shared equally among the elements
    /// that reach the infinity norms, none for `ord = 0`.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let x = Tensor::new_with_dtype([3.0, -4.0], DType::Float64).requires_grad_(true);
    /// let n = x.try_vector_norm(2.0, None, false).unwrap();
    /// assert_eq!(n.item(), 5.0);
    /// assert_eq!(n.grad_fn().unwrap().name(), "LinalgVectorNormBackward0");
    /// n.backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![0.6, -0.8]);
    /// let m = Tensor::new([[3.0, 0.0], [1.0, 2.0]]);
    /// assert_eq!(m.try_vector_norm(1.0, Some(&[1]), true).unwrap().to_vec::<f32>(), vec![3.0, 3.0]);
    /// let e = Tensor::new([1, 2]).try_vector_norm(2.0, None, false).unwrap_err();
    /// assert_eq!(e.to_string(), "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long");
    /// ```
    #[track_caller]
    pub fn try_vector_norm(
        &self,
        ord: f64,
        dims: Option<&[isize]>,
        keepdim: bool,
    ) -> Result<Tensor> {
        let dt = self.dtype();
        if !dt.is_floating_point() {
            return Err(not_implemented(format!(
                "linalg.vector_norm: Expected a floating point or complex tensor as input. Got {}",
                dt.scalar_name()
            )));
        }
        let reduced = plan(self, dims)?;
        let shape = self.shape().to_vec();
        let kept: Vec<usize> = (0..shape.len()).filter(|d| !reduced.contains(d)).collect();
        // rows: the kept dimensions outside, the reduced ones inside
        let order: Vec<isize> = kept.iter().chain(&reduced).map(|&d| d as isize).collect();
        let inner: usize = reduced.iter().map(|&d| shape[d]).product();
        let outer: usize = kept.iter().map(|&d| shape[d]).product();
        if ord.is_infinite() && inner == 0 && outer > 0 {
            return Err(crate::error::runtime(format!(
                "linalg.vector_norm cannot compute the {} norm on an empty tensor because the operation does not have an identity",
                if ord > 0.0 { "inf" } else { "-inf" }
            )));
        }
        let rows = {
            let _ng = crate::no_grad();
            self.detach().try_permute(&order)?
        };
        let norms: Vec<f64> = if dt == DType::Float32 {
            let v = rows.to_vec::<f32>();
            (0..outer)
                .map(|r| row_norm(&v[r * inner..(r + 1) * inner], ord) as f64)
                .collect()
        } else {
            let v = rows.to_vec::<f64>();
            (0..outer)
                .map(|r| row_norm(&v[r * inner..(r + 1) * inner], ord))
                .collect()
        };
        let out_shape: Vec<usize> = (0..shape.len())
            .filter_map(|d| {
                if reduced.contains(&d) {
                    keepdim.then_some(1)
                } else {
                    Some(shape[d])
                }
            })
            .collect();
        let out = Tensor::from_f64_values(&norms, &out_shape, dt);
        // the gradient reads the norm with the reduced dimensions kept, to broadcast against x
        let keep_shape: Vec<usize> = (0..shape.len())
            .map(|d| if reduced.contains(&d) { 1 } else { shape[d] })
            .collect();
        let reduced_i: Vec<isize> = reduced.iter().map(|&d| d as isize).collect();
        record(
            "LinalgVectorNormBackward0",
            out,
            &[self],
            &[("self", self)],
            true,
            move |c| {
                let (x, norm) = (&c.saved[0], &c.saved[1]);
                if ord == 0.0 {
                    return Ok(vec![None]);
                }
                // a batch of gradients (vectorised backward) keeps its leading dimension
                let g = match crate::autograd::batch::size() {
                    Some(b) => {
                        let mut s = vec![b];
                        s.extend_from_slice(&keep_shape);
                        c.grad.try_reshape(&s)?
                    }
                    None => c.grad.try_reshape(&keep_shape)?,
                };
                let n = norm.try_reshape(&keep_shape)?;
                let zero = x.zeros_like();
                let gx = if ord.is_infinite() {
                    // shared among the elements that reach the norm; 0 elsewhere (and for NaN)
                    let hit = x.try_abs()?.try_eq(&n)?;
                    let count = hit.to_dtype(x.dtype()).try_sum_dims(&reduced_i, true)?;
                    let share = x.try_sign()?.try_mul(&g.try_div(&count)?)?;
                    Tensor::try_where(&hit, &share, &zero)?
                } else if ord < 1.0 {
                    let scaled = x.try_abs()?.try_pow(ord - 1.0)?;
                    let scaled = Tensor::try_where(&x.eq_scalar(0.0), &zero, &scaled)?;
                    x.try_sign()?
                        .try_mul(&scaled)?
                        .try_mul(&g)?
                        .try_mul(&n.try_pow(1.0 - ord)?)?
                } else if ord == 1.0 {
                    x.try_sign()?.try_mul(&g)?
                } else if ord == 2.0 {
                    let q = Tensor::try_where(&n.eq_scalar(0.0), &zero, &x.try_div(&n)?)?;
                    g.try_mul(&q)?
                } else {
                    let scaled = x.try_mul(&x.try_abs()?.try_pow(ord - 2.0)?)?;
                    // below 2, |x|^(ord-2) is infinite at 0: the element's gradient is 0 there
                    let scaled = if ord < 2.0 {
                        Tensor::try_where(&x.eq_scalar(0.0), &zero, &scaled)?
                    } else {
                        scaled
                    };
                    let scale = g.try_div(&n.try_pow(ord - 1.0)?)?;
                    let scale = Tensor::try_where(&n.eq_scalar(0.0), &n.zeros_like(), &scale)?;
                    scaled.try_mul(&scale)?
                };
                Ok(vec![Some(gx)])
            },
        )
    }

    /// Panicking [`Tensor::try_vector_norm`].
    ///
    /// ```
    /// let n = ferrograd::Tensor::new([3.0, 0.0, -4.0]).vector_norm(f64::INFINITY, None, false);
    /// assert_eq!(n.item(), 4.0);
    /// ```
    #[track_caller]
    pub fn vector_norm(&self, ord: f64, dims: Option<&[isize]>, keepdim: bool) -> Tensor {
        unwrap(self.try_vector_norm(ord, dims, keepdim))
    }

    /// The `p`-norm of all elements (`x.norm(p)`; `p = 2` is PyTorch's default, `"fro"`), as
    /// [`Tensor::try_vector_norm`] over every dimension.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 2.0], [2.0, 4.0]]);
    /// assert_eq!(x.try_norm(2.0).unwrap().item(), 5.0);
    /// assert_eq!(x.try_norm(1.0).unwrap().item(), 9.0);
    /// ```
    #[track_caller]
    pub fn try_norm(&self, p: f64) -> Result<Tensor> {
        self.try_vector_norm(p, None, false)
    }

    /// Panicking [`Tensor::try_norm`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([3.0, 4.0]).norm(2.0).item(), 5.0);
    /// ```
    #[track_caller]
    pub fn norm(&self, p: f64) -> Tensor {
        unwrap(self.try_norm(p))
    }

    /// A tensor of `dtype` holding `values` (row-major) with `shape`.
    pub(crate) fn from_f64_values(values: &[f64], shape: &[usize], dtype: DType) -> Tensor {
        Tensor::new_with_dtype(values.to_vec(), dtype).reshape(shape)
    }
}
