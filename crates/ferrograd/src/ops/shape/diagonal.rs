//! Diagonals and rotations: `diagonal diag diag_embed trace roll`, and `nonzero
//! count_nonzero`.

use crate::autograd::{batch, record};
use crate::error::{runtime, unwrap, Result};
use crate::ops::wrap_dim;
use crate::Tensor;

/// The diagonal `offset` of dimensions `d1`, `d2` of a tensor of `shape` and `strides` at
/// `storage`: its shape (the two dimensions removed, the diagonal last), strides and storage
/// offset.
fn diagonal_layout(
    shape: &[usize],
    strides: &[usize],
    storage: usize,
    offset: i64,
    d1: usize,
    d2: usize,
) -> (Vec<usize>, Vec<usize>, usize) {
    let (n1, n2) = (shape[d1] as i64, shape[d2] as i64);
    let len = if offset >= 0 {
        n1.min(n2.saturating_sub(offset))
    } else {
        n1.saturating_add(offset).min(n2)
    }
    .max(0) as usize;
    let start = if len == 0 {
        storage
    } else if offset >= 0 {
        storage + offset as usize * strides[d2]
    } else {
        storage + (-offset) as usize * strides[d1]
    };
    let mut s = Vec::with_capacity(shape.len() - 1);
    let mut st = Vec::with_capacity(shape.len() - 1);
    for d in (0..shape.len()).filter(|&d| d != d1 && d != d2) {
        s.push(shape[d]);
        st.push(strides[d]);
    }
    s.push(len);
    st.push(strides[d1] + strides[d2]);
    (s, st, start)
}

/// Zeros of `shape` with `g` written on the diagonal `offset` of `d1`, `d2`: the backward of
/// taking a diagonal, itself differentiable (its backward takes the diagonal again).
fn embed_diagonal(
    g: &Tensor,
    shape: &[usize],
    offset: i64,
    d1: usize,
    d2: usize,
) -> Result<Tensor> {
    let out = Tensor::zeros_dtype(shape, g.dtype());
    {
        let (s, st, start) = diagonal_layout(shape, &out.stride_dims(), 0, offset, d1, d2);
        out.alias(s, st, start).copy_raw(g)?;
    }
    record(
        "DiagonalBackwardBackward0",
        out,
        &[g],
        &[],
        false,
        move |c| {
            let (a, b) = (batch::dim(d1) as isize, batch::dim(d2) as isize);
            Ok(vec![Some(c.grad.try_diagonal(offset, a, b)?)])
        },
    )
}

impl Tensor {
    /// The diagonal `offset` (above the main one if positive, below if negative) of dimensions
    /// `dim1` and `dim2`, as a view whose last dimension runs along it (`DiagonalBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(12.0).reshape(&[3, 4]);
    /// assert_eq!(x.try_diagonal(1, 0, 1).unwrap().to_vec::<f32>(), vec![1.0, 6.0, 11.0]);
    /// assert_eq!(x.try_diagonal(-1, 0, 1).unwrap().to_vec::<f32>(), vec![4.0, 9.0]);
    /// assert_eq!(x.try_diagonal(i64::MIN, 0, 1).unwrap().numel(), 0);
    /// ```
    #[track_caller]
    pub fn try_diagonal(&self, offset: i64, dim1: isize, dim2: isize) -> Result<Tensor> {
        let nd = self.dim();
        // PyTorch wraps the dimensions first: a vector's dim2 = 1 is out of range
        let (d1, d2) = (wrap_dim(dim1, nd)?, wrap_dim(dim2, nd)?);
        if d1 == d2 {
            return Err(runtime(format!(
                "diagonal dimensions cannot be identical {dim1}, {dim2}"
            )));
        }
        let (s, st, start) = diagonal_layout(
            self.shape(),
            &self.stride_dims(),
            self.storage_offset(),
            offset,
            d1,
            d2,
        );
        let out = self.alias(s, st, start);
        let in_shape = self.dims();
        record("DiagonalBackward0", out, &[self], &[], false, move |c| {
            let shape = batch::shape(&in_shape);
            Ok(vec![Some(embed_diagonal(
                c.grad,
                &shape,
                offset,
                batch::dim(d1),
                batch::dim(d2),
            )?)])
        })
    }

    /// `diag`: of a vector, the square matrix with it on diagonal `offset`
    /// (`DiagEmbedBackward0`); of a matrix, a copy of its diagonal `offset`
    /// (`DiagonalBackward0_copy`).
    ///
    /// ```
    /// let v = ferrograd::Tensor::new([1.0, 2.0]);
    /// assert_eq!(v.try_diag(0).unwrap().to_vec::<f32>(), vec![1.0, 0.0, 0.0, 2.0]);
    /// let m = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(m.try_diag(0).unwrap().to_vec::<f32>(), vec![1.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn try_diag(&self, offset: i64) -> Result<Tensor> {
        match self.dim() {
            1 => self.try_diag_embed(offset),
            2 => {
                let out = {
                    let _ng = crate::no_grad();
                    self.detach().try_diagonal(offset, 0, 1)?.contiguous()
                };
                let in_shape = self.dims();
                record(
                    "DiagonalBackward0_copy",
                    out,
                    &[self],
                    &[],
                    false,
                    move |c| {
                        let shape = batch::shape(&in_shape);
                        Ok(vec![Some(embed_diagonal(
                            c.grad,
                            &shape,
                            offset,
                            batch::dim(0),
                            batch::dim(1),
                        )?)])
                    },
                )
            }
            n => Err(runtime(format!(
                "diag(): Supports 1D or 2D tensors. Got {n}D"
            ))),
        }
    }

    /// Each vector along the last dimension put on diagonal `offset` of a square matrix in the
    /// last two dimensions (`DiagEmbedBackward0`).
    ///
    /// ```
    /// let v = ferrograd::Tensor::new([[1.0, 2.0]]);
    /// let m = v.try_diag_embed(0).unwrap();
    /// assert_eq!(m.shape(), &[1, 2, 2]);
    /// ```
    #[track_caller]
    pub fn try_diag_embed(&self, offset: i64) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(runtime(
                "diag_embed(): expected a tensor with at least one dimension",
            ));
        }
        let n = self.shape()[self.dim() - 1] + offset.unsigned_abs() as usize;
        let mut shape = self.shape()[..self.dim() - 1].to_vec();
        shape.extend([n, n]);
        let k = shape.len();
        let out = {
            let _ng = crate::no_grad();
            embed_diagonal(&self.detach(), &shape, offset, k - 2, k - 1)?
        };
        record("DiagEmbedBackward0", out, &[self], &[], false, move |c| {
            Ok(vec![Some(c.grad.try_diagonal(offset, -2, -1)?)])
        })
    }

    /// The sum of a matrix's main diagonal (`TraceBackward0`).
    ///
    /// ```
    /// let m = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(m.try_trace().unwrap().item(), 5.0);
    /// ```
    #[track_caller]
    pub fn try_trace(&self) -> Result<Tensor> {
        if self.dim() != 2 {
            return Err(runtime(format!(
                "trace: expected a matrix, but got tensor with dim {}",
                self.dim()
            )));
        }
        let out = {
            let _ng = crate::no_grad();
            self.detach().try_diagonal(0, 0, 1)?.try_sum()?
        };
        let in_shape = self.dims();
        let len = in_shape[0].min(in_shape[1]);
        record("TraceBackward0", out, &[self], &[], false, move |c| {
            let g = c
                .grad
                .try_unsqueeze(batch::dim(0) as isize)?
                .try_expand(&batch::shape(&[len]))?;
            let shape = batch::shape(&in_shape);
            Ok(vec![Some(embed_diagonal(
                &g,
                &shape,
                0,
                batch::dim(0),
                batch::dim(1),
            )?)])
        })
    }

    /// The elements shifted by `shifts[i]` along `dims[i]`, those pushed past the end coming
    /// back at the start (`RollBackward0`); with no `dims`, the flattened tensor is rolled by
    /// the one shift and given back its shape.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2, 3, 4]);
    /// assert_eq!(x.try_roll(&[1], &[0]).unwrap().to_vec::<i64>(), vec![4, 1, 2, 3]);
    /// assert_eq!(x.try_roll(&[-1], &[]).unwrap().to_vec::<i64>(), vec![2, 3, 4, 1]);
    /// ```
    #[track_caller]
    pub fn try_roll(&self, shifts: &[i64], dims: &[isize]) -> Result<Tensor> {
        if dims.is_empty() && shifts.len() != 1 || !dims.is_empty() && shifts.len() != dims.len() {
            return Err(runtime(format!(
                "shifts and dimensions must align. shifts: {}, dims:{}",
                shifts.len(),
                dims.len()
            )));
        }
        let wrapped = dims
            .iter()
            .map(|&d| wrap_dim(d, self.dim()))
            .collect::<Result<Vec<_>>>()?;
        let out = {
            let _ng = crate::no_grad();
            let x = self.detach();
            if dims.is_empty() {
                roll_raw(&x.try_reshape(&[x.numel()])?, shifts[0], 0)?.try_reshape(x.shape())?
            } else {
                let mut y = x;
                for (&s, &d) in shifts.iter().zip(&wrapped) {
                    if self.dim() > 0 {
                        y = roll_raw(&y, s, d)?;
                    }
                }
                y.contiguous()
            }
        };
        let shape = self.dims();
        let back: Vec<i64> = shifts.iter().map(|s| -s).collect();
        record("RollBackward0", out, &[self], &[], false, move |c| {
            let g = if wrapped.is_empty() {
                let n: usize = shape.iter().product();
                c.grad
                    .try_reshape(&batch::shape(&[n]))?
                    .try_roll(&back, &[batch::dim(0) as isize])?
                    .try_reshape(&batch::shape(&shape))?
            } else if shape.is_empty() {
                c.grad.clone()
            } else {
                let ds: Vec<isize> = wrapped.iter().map(|&d| batch::dim(d) as isize).collect();
                c.grad.try_roll(&back, &ds)?
            };
            Ok(vec![Some(g)])
        })
    }

    /// The indices of the nonzero elements (NaN counts as nonzero), one row per element, as an
    /// int64 tensor of shape `(n, ndim)`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[0, 1], [2, 0]]);
    /// assert_eq!(x.nonzero().to_vec::<i64>(), vec![0, 1, 1, 0]);
    /// ```
    pub fn nonzero(&self) -> Tensor {
        let nd = self.dim();
        let flags: Vec<bool> = self.to_f64_vec().into_iter().map(|v| v != 0.0).collect();
        let strides = crate::tensor::contiguous_strides(self.shape());
        let mut out = Vec::new();
        let mut n = 0;
        for i in (0..flags.len()).filter(|&i| flags[i]) {
            n += 1;
            let mut rest = i;
            for &s in &strides {
                out.push((rest / s) as i64);
                rest %= s;
            }
        }
        Tensor::from_vec(out, &[n, nd])
    }

    /// How many elements are nonzero over `dims` (all of them if empty), as int64.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[0, 1], [2, 0]]);
    /// assert_eq!(x.try_count_nonzero(&[0]).unwrap().to_vec::<i64>(), vec![1, 1]);
    /// ```
    #[track_caller]
    pub fn try_count_nonzero(&self, dims: &[isize]) -> Result<Tensor> {
        let nz = {
            let _ng = crate::no_grad();
            self.detach().ne_scalar(0)
        };
        if dims.is_empty() {
            nz.try_sum()
        } else {
            nz.try_sum_dims(dims, false)
        }
    }

    /// Panicking [`Tensor::try_diagonal`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.diagonal(0, 0, 1).to_vec::<f32>(), vec![1.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn diagonal(&self, offset: i64, dim1: isize, dim2: isize) -> Tensor {
        unwrap(self.try_diagonal(offset, dim1, dim2))
    }
}

/// `x` rolled by `shift` along `d`, without recording.
fn roll_raw(x: &Tensor, shift: i64, d: usize) -> Result<Tensor> {
    let n = x.shape()[d];
    if n == 0 {
        return Ok(x.clone());
    }
    let s = shift.rem_euclid(n as i64) as usize;
    if s == 0 {
        return Ok(x.clone());
    }
    let di = d as isize;
    Tensor::try_cat(
        &[
            x.try_narrow(di, (n - s) as isize, s)?,
            x.try_narrow(di, 0, n - s)?,
        ],
        di,
    )
}
