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
        self.try_diag_embed_dims(offset, -2, -1)
    }

    /// [`Tensor::try_diag_embed`] with the diagonals placed in dimensions `dim1` and `dim2` of
    /// the result (counted in the result's rank; PyTorch's `torch.diag_embed(x, offset, dim1,
    /// dim2)`), so that `result.diagonal(offset, dim1, dim2)` is `self`.
    ///
    /// ```
    /// let v = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// let m = v.try_diag_embed_dims(0, 0, 2).unwrap();
    /// assert_eq!(m.shape(), &[2, 2, 2]);
    /// assert_eq!(m.diagonal(0, 0, 2).to_vec::<f32>(), v.to_vec::<f32>());
    /// ```
    #[track_caller]
    pub fn try_diag_embed_dims(&self, offset: i64, dim1: isize, dim2: isize) -> Result<Tensor> {
        // (a 0-dim input has a rank-1 result, where the two dimensions cannot differ)
        let k = self.dim() + 1;
        let (d1, d2) = (wrap_dim(dim1, k)?, wrap_dim(dim2, k)?);
        if d1 == d2 {
            return Err(runtime(format!(
                "diagonal dimensions cannot be identical {dim1}, {dim2}"
            )));
        }
        let n = (self.shape()[self.dim() - 1] as u64)
            .checked_add(offset.unsigned_abs())
            .filter(|&n| n <= i64::MAX as u64)
            .ok_or_else(|| {
                runtime(format!(
                    "diag_embed(): the size {} plus the offset {offset} is too large",
                    self.shape()[self.dim() - 1]
                ))
            })? as usize;
        let mut rest = self.shape()[..self.dim() - 1].iter();
        let shape: Vec<usize> = (0..k)
            .map(|d| {
                if d == d1 || d == d2 {
                    n
                } else {
                    *rest
                        .next()
                        .expect("one input dimension per other output dimension")
                }
            })
            .collect();
        let out = {
            let _ng = crate::no_grad();
            embed_diagonal(&self.detach(), &shape, offset, d1, d2)?
        };
        let (a, b) = (d1 as isize, d2 as isize);
        record("DiagEmbedBackward0", out, &[self], &[], false, move |c| {
            let (a, b) = (
                batch::dim(a as usize) as isize,
                batch::dim(b as usize) as isize,
            );
            Ok(vec![Some(c.grad.try_diagonal(offset, a, b)?)])
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
        if self.dtype() == crate::DType::Bool {
            return Err(crate::error::not_implemented(
                "\"trace\" not implemented for 'Bool'",
            ));
        }
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
        if shifts.is_empty() {
            return Err(runtime("`shifts` required"));
        }
        if dims.is_empty() && shifts.len() != 1 || !dims.is_empty() && shifts.len() != dims.len() {
            return Err(runtime(format!(
                "shifts and dimensions must align. shifts: {}, dims:{}",
                shifts.len(),
                dims.len()
            )));
        }
        if self.dim() == 0 && !dims.is_empty() {
            return Err(crate::error::index_err(format!(
                "Dimension specified as {} but tensor has no dimensions",
                dims[0]
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
        // the backward rolls by the negated shift, taken modulo the size (i64::MIN has no
        // negation in i64)
        let back: Vec<i64> = if dims.is_empty() {
            vec![neg_shift(shifts[0], self.numel())]
        } else {
            shifts
                .iter()
                .zip(&wrapped)
                .map(|(&s, &d)| neg_shift(s, self.shape().get(d).copied().unwrap_or(1)))
                .collect()
        };
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
    /// int64 tensor of shape `(n, ndim)` (panicking [`Tensor::try_nonzero`]).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[0, 1], [2, 0]]);
    /// assert_eq!(x.nonzero().to_vec::<i64>(), vec![0, 1, 1, 0]);
    /// ```
    #[track_caller]
    pub fn nonzero(&self) -> Tensor {
        unwrap(self.try_nonzero())
    }

    /// The indices of the nonzero elements, as [`Tensor::nonzero`]. A broadcast view is read
    /// through its distinct elements only, and an output too large for memory is an error.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([0.0, 3.0]).expand(&[3, 2]);
    /// assert_eq!(x.try_nonzero().unwrap().to_vec::<i64>(), vec![0, 1, 1, 1, 2, 1]);
    /// ```
    pub fn try_nonzero(&self) -> Result<Tensor> {
        let nd = self.dim();
        let (core, broadcast) = distinct_elements(self)?;
        let flags: Vec<bool> = {
            let _ng = crate::no_grad();
            core.ne_scalar(0).contiguous().to_vec::<bool>()
        };
        let per_core = flags.iter().filter(|&&f| f).count();
        let total = broadcast
            .iter()
            .try_fold(per_core, |n, &k| n.checked_mul(k));
        let total = total.ok_or_else(|| crate::tensor::storage::out_of_memory(usize::MAX))?;
        if total == 0 {
            return Ok(Tensor::from_vec(Vec::<i64>::new(), &[0, nd]));
        }
        let len = total
            .checked_mul(nd.max(1))
            .ok_or_else(|| crate::tensor::storage::out_of_memory(usize::MAX))?;
        let mut out = crate::tensor::storage::try_vec::<i64>(len)?;
        // walk the full index space in order; the flag of an index is that of its element in
        // the core (broadcast dimensions read index 0)
        let shape = self.shape();
        let core_strides = crate::tensor::contiguous_strides(core.shape());
        let mut idx = vec![0usize; nd];
        for _ in 0..self.numel() {
            let at: usize = (0..nd)
                .map(|d| {
                    if core.shape()[d] == 1 {
                        0
                    } else {
                        idx[d] * core_strides[d]
                    }
                })
                .sum();
            if flags[at] {
                out.extend(idx.iter().map(|&i| i as i64));
            }
            for d in (0..nd).rev() {
                idx[d] += 1;
                if idx[d] < shape[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
        Ok(Tensor::from_vec(out, &[total, nd]))
    }

    /// How many elements are nonzero over `dims` (all of them if empty), as int64. A
    /// broadcast view is counted through its distinct elements only.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[0, 1], [2, 0]]);
    /// assert_eq!(x.try_count_nonzero(&[0]).unwrap().to_vec::<i64>(), vec![1, 1]);
    /// ```
    #[track_caller]
    pub fn try_count_nonzero(&self, dims: &[isize]) -> Result<Tensor> {
        let _ng = crate::no_grad();
        let (core, broadcast) = distinct_elements(self)?;
        let nz = core.ne_scalar(0);
        if dims.is_empty() {
            let k: usize = broadcast.iter().product();
            return nz.try_sum()?.try_mul_scalar(k as i64);
        }
        let flags = crate::ops::reduce::normalize_dims(dims, self.dim())?;
        // each counted core element stands for the broadcast copies along the reduced dims
        let k: usize = (0..self.dim())
            .filter(|&d| flags[d])
            .map(|d| broadcast[d])
            .product();
        let counted = nz.try_sum_dims(dims, true)?.try_mul_scalar(k as i64)?;
        let kept: Vec<usize> = (0..self.dim())
            .map(|d| if flags[d] { 1 } else { self.shape()[d] })
            .collect();
        let out_shape: Vec<usize> = (0..self.dim())
            .filter(|&d| !flags[d])
            .map(|d| self.shape()[d])
            .collect();
        counted
            .try_expand(&kept)?
            .contiguous()
            .try_reshape(&out_shape)
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

/// `-shift` modulo `n` (0 for an empty dimension), defined for every `i64`.
fn neg_shift(shift: i64, n: usize) -> i64 {
    if n == 0 {
        0
    } else {
        (-(shift as i128)).rem_euclid(n as i128) as i64
    }
}

/// `x` without its broadcast copies: each dimension of stride 0 (and size above 1) narrowed to
/// one element, with how many copies each dimension had (1 where none).
fn distinct_elements(x: &Tensor) -> Result<(Tensor, Vec<usize>)> {
    let mut core = x.detach();
    let mut copies = vec![1; x.dim()];
    for (d, copies) in copies.iter_mut().enumerate() {
        if x.strides()[d] == 0 && x.shape()[d] > 1 {
            *copies = x.shape()[d];
            core = core.try_narrow(d as isize, 0, 1)?;
        }
    }
    Ok((core, copies))
}

/// `x` rolled by `shift` along `d`, without recording.
fn roll_raw(x: &Tensor, shift: i64, d: usize) -> Result<Tensor> {
    let n = x.shape()[d];
    if n == 0 {
        return Ok(x.clone());
    }
    // i128: a shift of i64::MIN has no i64 negation
    let s = (shift as i128).rem_euclid(n as i128) as usize;
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

#[cfg(test)]
mod tests {
    use crate::Tensor;

    #[test]
    fn broadcast_views_are_searched_through_their_distinct_elements() {
        // two billion copies of one zero: counted without materialising them
        let zeros = Tensor::zeros(&[1]).expand(&[2_000_000_000]);
        assert_eq!(zeros.try_count_nonzero(&[]).unwrap().item(), 0.0);
        assert_eq!(zeros.try_nonzero().unwrap().shape(), &[0, 1]);
        let col = Tensor::new([[0i64], [1]]).expand(&[2, 1_000_000_000]);
        let by_row = col.try_count_nonzero(&[1]).unwrap();
        assert_eq!(by_row.to_vec::<i64>(), vec![0, 1_000_000_000]);
        let by_col = col.try_count_nonzero(&[0]).unwrap();
        assert_eq!(by_col.shape(), &[1_000_000_000]);
        assert_eq!(by_col.try_sum().unwrap().item(), 1e9);
        let x = Tensor::new([0.0, 3.0]).expand(&[3, 2]);
        assert_eq!(x.nonzero().to_vec::<i64>(), vec![0, 1, 1, 1, 2, 1]);
        assert_eq!(
            Tensor::new([f32::NAN, 0.0]).nonzero().to_vec::<i64>(),
            vec![0]
        );
        assert_eq!(Tensor::new(2.0).nonzero().shape(), &[1, 0]);
    }

    #[test]
    fn roll_takes_every_shift_and_refuses_what_pytorch_refuses() {
        let x = Tensor::arange(3.0).requires_grad_(true);
        // −2⁶³ ≡ 1 (mod 3)
        let y = x.try_roll(&[i64::MIN], &[0]).unwrap();
        assert_eq!(y.to_vec::<f32>(), vec![2.0, 0.0, 1.0]);
        y.try_mul(&Tensor::new([1.0, 2.0, 3.0]))
            .unwrap()
            .sum()
            .backward();
        assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 3.0, 1.0]);
        let e = Tensor::new(1.0).try_roll(&[1], &[0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Dimension specified as 0 but tensor has no dimensions"
        );
        let e = x.try_roll(&[], &[]).unwrap_err();
        assert_eq!(e.to_string(), "`shifts` required");
    }

    #[test]
    fn diag_embed_places_the_diagonals_in_any_two_dimensions() {
        let x = Tensor::arange(6.0).reshape(&[3, 2]).requires_grad_(true);
        let y = x.try_diag_embed_dims(1, 0, 2).unwrap();
        assert_eq!(y.shape(), &[3, 3, 3]);
        assert_eq!(y.grad_fn().unwrap().name(), "DiagEmbedBackward0");
        assert_eq!(y.diagonal(1, 0, 2).to_vec::<f32>(), x.to_vec::<f32>());
        let w = Tensor::arange(27.0).reshape(&[3, 3, 3]);
        y.try_mul(&w).unwrap().sum().backward();
        assert_eq!(
            x.grad().unwrap().to_vec::<f32>(),
            w.diagonal(1, 0, 2).contiguous().to_vec::<f32>()
        );
        let e = Tensor::new(1.0).try_diag_embed(0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Dimension out of range (expected to be in range of [-1, 0], but got -2)"
        );
        let e = Tensor::ones(&[2, 2])
            .try_diag_embed_dims(0, 1, 1)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "diagonal dimensions cannot be identical 1, 1"
        );
        let e = Tensor::new([[true, false], [false, true]])
            .try_trace()
            .unwrap_err();
        assert_eq!(e.to_string(), "\"trace\" not implemented for 'Bool'");
    }
}
