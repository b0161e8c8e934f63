//! Pieces and rearrangements: `split chunk tensor_split unbind`, `tril triu`, `repeat tile`,
//! `movedim unflatten`. The pieces of a split are views of the input.

use crate::autograd::{batch, record, record_multi};
use crate::error::{index_err, runtime, unwrap, Result};
use crate::ops::wrap_dim;
use crate::Tensor;

impl Tensor {
    /// Pieces of `split_size` along `dim` (the last one smaller if the size does not divide),
    /// views of `self` recorded as `SplitBackward0`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(5);
    /// let p = x.try_split(2, 0).unwrap();
    /// assert_eq!(p.iter().map(|t| t.numel()).collect::<Vec<_>>(), vec![2, 2, 1]);
    /// assert_eq!(
    ///     x.try_split(0, 0).unwrap_err().to_string(),
    ///     "split_size can only be 0 if dimension size is 0, but got dimension size of 5"
    /// );
    /// ```
    #[track_caller]
    pub fn try_split(&self, split_size: usize, dim: isize) -> Result<Vec<Tensor>> {
        if self.dim() == 0 {
            return Err(runtime("split expects at least a 1-dimensional tensor"));
        }
        let d = wrap_dim(dim, self.dim())?;
        let n = self.shape()[d];
        if split_size == 0 && n != 0 {
            return Err(runtime(format!(
                "split_size can only be 0 if dimension size is 0, but got dimension size of {n}"
            )));
        }
        let pieces = if split_size == 0 {
            1
        } else {
            n.div_ceil(split_size).max(1)
        };
        let bounds: Vec<(usize, usize)> = (0..pieces)
            .map(|p| {
                let s = p * split_size;
                (s, split_size.min(n - s))
            })
            .collect();
        self.pieces_recorded_as(d, &bounds, false, "SplitBackward0")
    }

    /// Views of `self` along `d`, piece `j` being `bounds[j].1` elements from `bounds[j].0`
    /// (with `d` removed when `squeeze`, each piece then one element long), recorded as the
    /// outputs of one node `name`: its rule concatenates the pieces' gradients (zeros for the
    /// pieces that received none) in one pass.
    #[track_caller]
    fn pieces_recorded_as(
        &self,
        d: usize,
        bounds: &[(usize, usize)],
        squeeze: bool,
        name: &'static str,
    ) -> Result<Vec<Tensor>> {
        let outs: Vec<Tensor> = bounds
            .iter()
            .map(|&(s, len)| {
                let mut shape = self.dims();
                let mut strides = self.stride_dims();
                let offset = self.storage_offset() + s * strides[d];
                if squeeze {
                    shape.remove(d);
                    strides.remove(d);
                } else {
                    shape[d] = len;
                }
                self.alias(shape, strides, offset)
            })
            .collect();
        let (in_shape, dtype) = (self.dims(), self.dtype());
        let lens: Vec<usize> = bounds.iter().map(|b| b.1).collect();
        record_multi(name, outs, &[self], &[], &[], move |c| {
            let bd = batch::dim(d);
            let parts = c
                .grads
                .iter()
                .zip(&lens)
                .map(|(g, &len)| match g {
                    Some(g) if squeeze => g.try_unsqueeze(bd as isize),
                    Some(g) => Ok(g.clone()),
                    None => {
                        let mut shape = batch::shape(&in_shape);
                        shape[bd] = len;
                        Ok(Tensor::zeros_dtype(&shape, dtype))
                    }
                })
                .collect::<Result<Vec<Tensor>>>()?;
            Ok(vec![Some(Tensor::try_cat(&parts, bd as isize)?)])
        })
    }

    /// Pieces of the given sizes along `dim`, which must add up to its size
    /// (`SplitWithSizesBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(5);
    /// let p = x.try_split_with_sizes(&[1, 4], 0).unwrap();
    /// assert_eq!(p[1].to_vec::<i64>(), vec![1, 2, 3, 4]);
    /// assert!(x.try_split_with_sizes(&[1, 2], 0).is_err());
    /// ```
    #[track_caller]
    pub fn try_split_with_sizes(&self, sizes: &[usize], dim: isize) -> Result<Vec<Tensor>> {
        if self.dim() == 0 {
            return Err(runtime("split expects at least a 1-dimensional tensor"));
        }
        let d = wrap_dim(dim, self.dim())?;
        let n = self.shape()[d];
        if sizes.iter().sum::<usize>() != n {
            return Err(runtime(format!(
                "split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at dimension {d}), but got split_sizes={sizes:?}"
            )));
        }
        let mut s = 0;
        let bounds: Vec<(usize, usize)> = sizes
            .iter()
            .map(|&len| {
                s += len;
                (s - len, len)
            })
            .collect();
        self.pieces_recorded_as(d, &bounds, false, "SplitWithSizesBackward0")
    }

    /// `chunks` pieces along `dim` as [`Tensor::try_split`] makes them, of size
    /// `ceil(n / chunks)` (fewer pieces when the last ones would be empty).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(6);
    /// assert_eq!(x.try_chunk(4, 0).unwrap().len(), 3);
    /// assert_eq!(
    ///     x.try_chunk(0, 0).unwrap_err().to_string(),
    ///     "chunk expects `chunks` to be greater than 0, got: 0"
    /// );
    /// ```
    #[track_caller]
    pub fn try_chunk(&self, chunks: usize, dim: isize) -> Result<Vec<Tensor>> {
        if self.dim() == 0 {
            return Err(runtime("chunk expects at least a 1-dimensional tensor"));
        }
        if chunks == 0 {
            return Err(runtime(
                "chunk expects `chunks` to be greater than 0, got: 0",
            ));
        }
        let d = wrap_dim(dim, self.dim())?;
        let n = self.shape()[d];
        if n == 0 {
            // PyTorch gives `chunks` empty pieces
            let mut sizes = reserve(chunks, "chunk")?;
            sizes.resize(chunks, 0);
            return self.try_split_with_sizes(&sizes, dim);
        }
        self.try_split(n.div_ceil(chunks), dim)
    }

    /// `sections` pieces along `dim` whose sizes differ by at most one (the first ones
    /// larger), as NumPy's `array_split`; each is recorded as `SliceBackward0`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(5);
    /// let p = x.try_tensor_split(3, 0).unwrap();
    /// assert_eq!(p.iter().map(|t| t.numel()).collect::<Vec<_>>(), vec![2, 2, 1]);
    /// ```
    #[track_caller]
    pub fn try_tensor_split(&self, sections: usize, dim: isize) -> Result<Vec<Tensor>> {
        if self.dim() == 0 {
            return Err(runtime(
                "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims",
            ));
        }
        if sections == 0 {
            return Err(runtime(format!(
                "number of sections must be larger than 0, got {sections}"
            )));
        }
        let d = wrap_dim(dim, self.dim())?;
        let n = self.shape()[d];
        let (base, extra) = (n / sections, n % sections);
        let mut s = 0;
        let mut bounds = reserve(sections, "tensor_split")?;
        for i in 0..sections {
            let len = base + usize::from(i < extra);
            bounds.push((s + len) as isize);
            s += len;
        }
        bounds.pop();
        self.try_tensor_split_indices(&bounds, dim)
    }

    /// Pieces between the given indices along `dim` (`[0, i0)`, `[i0, i1)`, …, `[ik, n)`;
    /// indices are clamped to the size, as Python slices), each recorded as `SliceBackward0`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(5);
    /// let p = x.try_tensor_split_indices(&[1, 3], 0).unwrap();
    /// assert_eq!(p[1].to_vec::<i64>(), vec![1, 2]);
    /// ```
    #[track_caller]
    pub fn try_tensor_split_indices(&self, indices: &[isize], dim: isize) -> Result<Vec<Tensor>> {
        if self.dim() == 0 {
            return Err(runtime(
                "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims",
            ));
        }
        let d = wrap_dim(dim, self.dim())? as isize;
        let mut start = 0isize;
        let mut out = reserve(indices.len() + 1, "tensor_split")?;
        for &i in indices {
            out.push(self.try_slice(d, start, i, 1)?);
            start = i;
        }
        out.push(self.try_slice(d, start, isize::MAX, 1)?);
        Ok(out)
    }

    /// The slices along `dim`, with `dim` removed (`UnbindBackward0`), views of `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1, 2], [3, 4]]);
    /// let cols = x.try_unbind(1).unwrap();
    /// assert_eq!(cols[1].to_vec::<i64>(), vec![2, 4]);
    /// ```
    #[track_caller]
    pub fn try_unbind(&self, dim: isize) -> Result<Vec<Tensor>> {
        if self.dim() == 0 {
            return Err(index_err(
                "Dimension specified as 0 but tensor has no dimensions",
            ));
        }
        let d = wrap_dim(dim, self.dim())?;
        let bounds: Vec<(usize, usize)> = (0..self.shape()[d]).map(|i| (i, 1)).collect();
        self.pieces_recorded_as(d, &bounds, true, "UnbindBackward0")
    }

    /// The lower triangle of the last two dimensions: elements with `col − row ≤ diagonal`
    /// kept, the others 0 (`TrilBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[2, 3]);
    /// assert_eq!(x.try_tril(0).unwrap().to_vec::<f32>(), vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_tril(&self, diagonal: i64) -> Result<Tensor> {
        triangle(self, diagonal, true)
    }

    /// The upper triangle of the last two dimensions: elements with `col − row ≥ diagonal`
    /// kept, the others 0 (`TriuBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[2, 3]);
    /// assert_eq!(x.try_triu(1).unwrap().to_vec::<f32>(), vec![0.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_triu(&self, diagonal: i64) -> Result<Tensor> {
        triangle(self, diagonal, false)
    }

    /// `self` repeated `reps[i]` times along dimension `i` (`RepeatBackward0`); `reps` may be
    /// longer than the rank (new leading dimensions), not shorter.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2]);
    /// let r = x.try_repeat(&[2, 2]).unwrap();
    /// assert_eq!(r.shape(), &[2, 4]);
    /// assert_eq!(r.to_vec::<i64>(), vec![1, 2, 1, 2, 1, 2, 1, 2]);
    /// ```
    #[track_caller]
    pub fn try_repeat(&self, reps: &[usize]) -> Result<Tensor> {
        let nd = self.dim();
        if reps.len() < nd {
            return Err(runtime(
                "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
            ));
        }
        let lead = reps.len() - nd;
        let padded: Vec<usize> = std::iter::repeat_n(1, lead)
            .chain(self.shape().iter().copied())
            .collect();
        // [r0, s0, r1, s1, …]: the input broadcast along the r's, then merged pairwise
        let pairs: Vec<usize> = reps
            .iter()
            .zip(&padded)
            .flat_map(|(&r, &s)| [r, s])
            .collect();
        let singles: Vec<usize> = padded.iter().flat_map(|&s| [1, s]).collect();
        let out_shape: Vec<usize> = reps.iter().zip(&padded).map(|(&r, &s)| r * s).collect();
        crate::tensor::size::checked_storage_numel(&out_shape, self.dtype())?;
        let out = {
            let _ng = crate::no_grad();
            self.detach()
                .try_reshape(&singles)?
                .try_expand(&pairs)?
                .contiguous()
                .try_reshape(&out_shape)?
        };
        let in_shape = self.dims();
        let k = reps.len();
        record("RepeatBackward0", out, &[self], &[], false, move |c| {
            let g = c.grad.try_reshape(&batch::shape(&pairs))?;
            let dims: Vec<isize> = (0..k).map(|i| batch::dim(2 * i) as isize).collect();
            let g = if dims.is_empty() {
                g
            } else {
                g.try_sum_dims(&dims, false)?
            };
            Ok(vec![Some(g.try_reshape(&batch::shape(&in_shape))?)])
        })
    }

    /// `self` repeated `reps[i]` times along dimension `i`, as [`Tensor::try_repeat`], except
    /// that a `reps` shorter than the rank is padded with leading 1s (`RepeatBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[2, 3]);
    /// assert_eq!(x.try_tile(&[2]).unwrap().shape(), &[2, 6]);
    /// ```
    #[track_caller]
    pub fn try_tile(&self, reps: &[usize]) -> Result<Tensor> {
        let nd = self.dim();
        if reps.len() >= nd {
            return self.try_repeat(reps);
        }
        let padded: Vec<usize> = std::iter::repeat_n(1, nd - reps.len())
            .chain(reps.iter().copied())
            .collect();
        self.try_repeat(&padded)
    }

    /// The dimensions `source` moved to the positions `destination`, the others keeping their
    /// order (`PermuteBackward0`), a view.
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 3, 4]);
    /// assert_eq!(x.try_movedim(&[0], &[-1]).unwrap().shape(), &[3, 4, 2]);
    /// assert_eq!(ferrograd::Tensor::new(1.0).try_movedim(&[0], &[-1]).unwrap().dim(), 0);
    /// ```
    #[track_caller]
    pub fn try_movedim(&self, source: &[isize], destination: &[isize]) -> Result<Tensor> {
        let nd = self.dim();
        if source.len() != destination.len() {
            return Err(runtime(format!(
                "movedim: Invalid source or destination dims: source ({source:?} dims) should contain the same number of dims as destination ({destination:?} dims)"
            )));
        }
        let src = source
            .iter()
            .map(|&d| wrap_dim(d, nd))
            .collect::<Result<Vec<_>>>()?;
        let dst = destination
            .iter()
            .map(|&d| wrap_dim(d, nd))
            .collect::<Result<Vec<_>>>()?;
        for (name, v, given) in [("source", &src, source), ("destination", &dst, destination)] {
            for (i, a) in v.iter().enumerate() {
                if v[..i].contains(a) {
                    return Err(runtime(format!(
                        "movedim: repeated dim in `{name}` ({given:?})"
                    )));
                }
            }
        }
        if nd == 0 {
            // a 0-dim tensor's only dimension index (0 or -1) moves nowhere
            return self.try_permute(&[]);
        }
        let mut order: Vec<Option<usize>> = vec![None; nd];
        for (&s, &d) in src.iter().zip(&dst) {
            order[d] = Some(s);
        }
        let mut rest = (0..nd).filter(|d| !src.contains(d));
        let perm: Vec<isize> = order
            .into_iter()
            .map(|o| {
                o.or_else(|| rest.next())
                    .expect("a dimension for every place") as isize
            })
            .collect();
        self.try_permute(&perm)
    }

    /// Dimension `dim` unflattened into `sizes` (one of which may be −1, inferred), as a
    /// reshape (`ViewBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[3, 4]);
    /// assert_eq!(x.try_unflatten(1, &[2, -1]).unwrap().shape(), &[3, 2, 2]);
    /// ```
    #[track_caller]
    pub fn try_unflatten(&self, dim: isize, sizes: &[isize]) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(runtime("Cannot unflatten a 0-dimensional tensor"));
        }
        let d = wrap_dim(dim, self.dim())?;
        if sizes.is_empty() {
            return Err(runtime("unflatten: sizes must be non-empty"));
        }
        let n = self.shape()[d];
        let given = || format!("{sizes:?}");
        let infer: Vec<usize> = (0..sizes.len()).filter(|&i| sizes[i] == -1).collect();
        if infer.len() > 1 {
            return Err(runtime("only one dimension can be inferred"));
        }
        if let Some(&bad) = sizes.iter().find(|&&s| s < -1) {
            return Err(runtime(format!("invalid shape dimension {bad}")));
        }
        let known: usize = sizes
            .iter()
            .filter(|&&s| s >= 0)
            .map(|&s| s as usize)
            .product();
        let mut out: Vec<usize> = sizes.iter().map(|&s| s.max(0) as usize).collect();
        if let Some(&i) = infer.first() {
            if known == 0 || !n.is_multiple_of(known) {
                return Err(runtime(format!(
                    "unflatten: Provided sizes {} don't multiply up to the size of dim {d} ({n}) in the input tensor",
                    given()
                )));
            }
            out[i] = n / known;
        } else if known != n {
            return Err(runtime(format!(
                "unflatten: Provided sizes {} don't multiply up to the size of dim {d} ({n}) in the input tensor",
                given()
            )));
        }
        let mut shape = self.shape()[..d].to_vec();
        shape.extend(out);
        shape.extend_from_slice(&self.shape()[d + 1..]);
        self.try_reshape(&shape)
    }

    /// Panicking [`Tensor::try_split`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[4]).split(2, 0).len(), 2);
    /// ```
    #[track_caller]
    pub fn split(&self, split_size: usize, dim: isize) -> Vec<Tensor> {
        unwrap(self.try_split(split_size, dim))
    }

    /// Panicking [`Tensor::try_chunk`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[5]).chunk(3, 0).len(), 3);
    /// ```
    #[track_caller]
    pub fn chunk(&self, chunks: usize, dim: isize) -> Vec<Tensor> {
        unwrap(self.try_chunk(chunks, dim))
    }

    /// Panicking [`Tensor::try_tril`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::ones(&[2, 2]).tril(-1).to_vec::<f32>(), vec![0.0, 0.0, 1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn tril(&self, diagonal: i64) -> Tensor {
        unwrap(self.try_tril(diagonal))
    }

    /// Panicking [`Tensor::try_triu`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::ones(&[2, 2]).triu(0).to_vec::<f32>(), vec![1.0, 1.0, 0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn triu(&self, diagonal: i64) -> Tensor {
        unwrap(self.try_triu(diagonal))
    }

    /// Panicking [`Tensor::try_repeat`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0]).repeat(&[3]).to_vec::<f32>(), vec![1.0; 3]);
    /// ```
    #[track_caller]
    pub fn repeat(&self, reps: &[usize]) -> Tensor {
        unwrap(self.try_repeat(reps))
    }
}

/// An empty list with room for `n` pieces, or an error where that much memory is not there
/// (a hostile count of sections is refused, not an abort).
fn reserve<T>(n: usize, what: &str) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| {
        runtime(format!(
            "{what}: cannot allocate {n} pieces (not enough memory)"
        ))
    })?;
    Ok(v)
}

/// `tril` (`lower`) or `triu` of the last two dimensions.
#[track_caller]
fn triangle(x: &Tensor, diagonal: i64, lower: bool) -> Result<Tensor> {
    let (name, grad_fn) = if lower {
        ("tril", "TrilBackward0")
    } else {
        ("triu", "TriuBackward0")
    };
    let nd = x.dim();
    if nd < 2 {
        return Err(runtime(format!(
            "{name}: input tensor must have at least 2 dimensions"
        )));
    }
    let (rows, cols) = (x.shape()[nd - 2], x.shape()[nd - 1]);
    // the mask is as large as one matrix: allocated fallibly (a broadcast view can be huge)
    let cells = rows
        .checked_mul(cols)
        .ok_or_else(|| crate::tensor::storage::out_of_memory(usize::MAX))?;
    let mut keep = crate::tensor::storage::try_vec::<bool>(cells)?;
    keep.extend((0..rows).flat_map(|i| {
        (0..cols).map(move |j| {
            let off = j as i64 - i as i64;
            if lower {
                off <= diagonal
            } else {
                off >= diagonal
            }
        })
    }));
    let out = {
        let _ng = crate::no_grad();
        let mask = Tensor::from_vec(keep, &[rows, cols]);
        let zero = Tensor::zeros_dtype(&[], x.dtype());
        Tensor::try_where(&mask, &x.detach(), &zero)?
    };
    record(grad_fn, out, &[x], &[], false, move |c| {
        Ok(vec![Some(triangle(c.grad, diagonal, lower)?)])
    })
}
