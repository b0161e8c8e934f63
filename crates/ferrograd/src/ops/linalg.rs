//! Products: `dot`, `mv`, `mm`, batched `matmul` (and `outer`), on matrixmultiply's kernels,
//! reading transposed and strided operands in place.

use super::{broadcast_shapes, cast_raw, reduce_grad};
use crate::autograd::batch;
use crate::autograd::record;
use crate::error::{runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::size::{checked_numel, checked_storage_numel};
use crate::tensor::Element;
use crate::{DType, Tensor};

/// PyTorch's dtype check of `mm` (also reached by `matmul` when it folds into one `mm`).
#[track_caller]
fn mm_same_dtype(a: &Tensor, b: &Tensor) -> Result<()> {
    if a.dtype() != b.dtype() {
        return Err(runtime(format!(
            "expected m1 and m2 to have the same dtype, but got: {} != {}",
            c_name(a.dtype()),
            c_name(b.dtype())
        )));
    }
    Ok(())
}

/// PyTorch's dtype check of `mv` (an `addmv`: the vector's dtype, the matrix's, the vector's).
#[track_caller]
fn mv_same_dtype(mat: &Tensor, vec: &Tensor) -> Result<()> {
    if mat.dtype() != vec.dtype() {
        return Err(runtime(format!(
            "addmv input tensors must have the same dtype, but got {}, {}, and {}",
            vec.dtype().scalar_name(),
            mat.dtype().scalar_name(),
            vec.dtype().scalar_name()
        )));
    }
    Ok(())
}

#[track_caller]
fn c_name(d: DType) -> &'static str {
    match d {
        DType::Float32 => "float",
        DType::Float64 => "double",
        DType::Int64 => "long int",
        DType::Bool => "bool",
    }
}

/// `out[b] = a[b] @ c[b]` for broadcast-expanded 3-D views `a: (B, m, k)`, `c: (B, k, n)`.
#[track_caller]
fn batched_raw(a: &Tensor, c: &Tensor, bsz: usize, m: usize, k: usize, n: usize) -> Tensor {
    let dt = a.dtype();
    let (sa, sc) = (a.stride_dims(), c.stride_dims());
    let (oa, oc) = (a.storage_offset(), c.storage_offset());
    let ga = a.0.storage.read();
    let gc = c.0.storage.read();
    let buf = match dt {
        DType::Float32 => {
            let (x, y) = (f32::slice(&ga).unwrap(), f32::slice(&gc).unwrap());
            let out = cpu::batched_gemm_f32(
                bsz,
                m,
                k,
                n,
                x,
                oa,
                [sa[0], sa[1], sa[2]],
                y,
                oc,
                [sc[0], sc[1], sc[2]],
            );
            f32::into_buffer(out)
        }
        DType::Float64 => {
            let (x, y) = (f64::slice(&ga).unwrap(), f64::slice(&gc).unwrap());
            let out = cpu::batched_gemm_f64(
                bsz,
                m,
                k,
                n,
                x,
                oa,
                [sa[0], sa[1], sa[2]],
                y,
                oc,
                [sc[0], sc[1], sc[2]],
            );
            f64::into_buffer(out)
        }
        _ => {
            drop((ga, gc));
            let (x, y) = (
                cast_raw(a, DType::Int64).to_vec::<i64>(),
                cast_raw(c, DType::Int64).to_vec::<i64>(),
            );
            let mut out = vec![0i64; bsz * m * n];
            for bi in 0..bsz {
                for i in 0..m {
                    for p in 0..k {
                        let av = x[bi * m * k + i * k + p];
                        for j in 0..n {
                            out[bi * m * n + i * n + j] = out[bi * m * n + i * n + j]
                                .wrapping_add(av.wrapping_mul(y[bi * k * n + p * n + j]));
                        }
                    }
                }
            }
            return cast_raw(&Tensor::from_vec(out, &[bsz, m, n]), dt);
        }
    };
    Tensor::from_buffer(buf, vec![bsz, m, n])
}

/// A 2-D tensor viewed as a batch of one.
#[track_caller]
fn as_batch(t: &Tensor) -> Tensor {
    let mut shape = vec![1];
    shape.extend_from_slice(t.shape());
    let mut strides = vec![0];
    strides.extend_from_slice(t.strides());
    t.alias(shape, strides, t.storage_offset())
}

impl Tensor {
    /// Batched matrix product of `(b, n, m)` and `(b, m, p)` tensors, giving `(b, n, p)`
    /// (`BmmBackward0`); no broadcasting, as PyTorch's `bmm`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::ones(&[2, 3, 4]);
    /// assert_eq!(a.try_bmm(&Tensor::ones(&[2, 4, 5])).unwrap().shape(), &[2, 3, 5]);
    /// assert_eq!(
    ///     a.try_bmm(&a).unwrap_err().to_string(),
    ///     "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 3]."
    /// );
    /// ```
    #[track_caller]
    pub fn try_bmm(&self, other: &Tensor) -> Result<Tensor> {
        if self.dim() != 3 {
            return Err(runtime("batch1 must be a 3D tensor"));
        }
        if other.dim() != 3 {
            return Err(runtime("batch2 must be a 3D tensor"));
        }
        let (b, k) = (self.shape()[0], self.shape()[2]);
        if other.shape()[0] != b || other.shape()[1] != k {
            return Err(runtime(format!(
                "Expected size for first two dimensions of batch2 tensor to be: [{b}, {k}] but got: [{}, {}].",
                other.shape()[0],
                other.shape()[1]
            )));
        }
        if self.dtype() != other.dtype() {
            return Err(runtime(format!(
                "expected scalar type {} but found {}",
                self.dtype().scalar_name(),
                other.dtype().scalar_name()
            )));
        }
        let out = {
            let _ng = crate::no_grad();
            self.detach().try_matmul(&other.detach())?
        };
        record(
            "BmmBackward0",
            out,
            &[self, other],
            &[("self", self), ("mat2", other)],
            false,
            |c| {
                let (a, m) = (&c.saved[0], &c.saved[1]);
                let ga = c.grad_if(0, || c.grad.try_matmul(&m.try_transpose(-1, -2)?))?;
                let gm = c.grad_if(1, || a.try_transpose(-1, -2)?.try_matmul(c.grad))?;
                Ok(vec![ga, gm])
            },
        )
    }

    /// Matrix product of two 2-D tensors (`MmBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// let i = Tensor::eye(2);
    /// assert_eq!(a.try_mm(&i).unwrap().to_vec::<f32>(), vec![1.0, 2.0, 3.0, 4.0]);
    /// let e = Tensor::zeros(&[1, 2]).try_mm(&Tensor::zeros(&[1, 2])).unwrap_err();
    /// assert_eq!(e.to_string(), "mm: mat1 and mat2 shapes cannot be multiplied (1x2 and 1x2)");
    /// ```
    #[track_caller]
    pub fn try_mm(&self, other: &Tensor) -> Result<Tensor> {
        if self.dim() != 2 {
            return Err(runtime(format!(
                "mm: self must be a matrix, got {}-D tensor",
                self.dim()
            )));
        }
        if other.dim() != 2 {
            return Err(runtime(format!(
                "mm: mat2 must be a matrix, got {}-D tensor",
                other.dim()
            )));
        }
        let (m, k) = (self.shape()[0], self.shape()[1]);
        let (k2, n) = (other.shape()[0], other.shape()[1]);
        if k != k2 {
            return Err(runtime(format!(
                "mm: mat1 and mat2 shapes cannot be multiplied ({m}x{k} and {k2}x{n})"
            )));
        }
        mm_same_dtype(self, other)?;
        checked_storage_numel(&[m, n], self.dtype())?;
        let out = batched_raw(&as_batch(self), &as_batch(other), 1, m, k, n);
        let out = out.alias(vec![m, n], vec![n, 1], 0);
        let (a_cm, b_cm) = (batch::column_major(self), batch::column_major(other));
        record(
            "MmBackward0",
            out,
            &[self, other],
            &[("self", self), ("mat2", other)],
            false,
            move |c| {
                let (a, b) = (&c.saved[0], &c.saved[1]);
                Ok(vec![
                    c.grad_if(0, || batch::mm_mat1_grad(c.grad, b, a_cm))?,
                    c.grad_if(1, || batch::mm_mat2_grad(c.grad, a, b_cm))?,
                ])
            },
        )
    }

    /// Panicking [`Tensor::try_mm`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::ones(&[2, 3]);
    /// assert_eq!(a.mm(&ferrograd::Tensor::ones(&[3, 4])).shape(), &[2, 4]);
    /// ```
    #[track_caller]
    pub fn mm(&self, other: &Tensor) -> Tensor {
        unwrap(self.try_mm(other))
    }

    /// Matrix-vector product (`MvBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(a.try_mv(&Tensor::new([1.0, 1.0])).unwrap().to_vec::<f32>(), vec![3.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn try_mv(&self, v: &Tensor) -> Result<Tensor> {
        if self.dim() != 2 || v.dim() != 1 {
            return Err(runtime(format!(
                "vector + matrix @ vector expected, got 1, {}, {}",
                self.dim(),
                v.dim()
            )));
        }
        let (m, k) = (self.shape()[0], self.shape()[1]);
        if v.shape()[0] != k {
            return Err(runtime(format!(
                "size mismatch, got input ({m}), mat ({m}x{k}), vec ({})",
                v.shape()[0]
            )));
        }
        mv_same_dtype(self, v)?;
        let vb = v.alias(
            vec![1, k, 1],
            vec![0, v.strides()[0], 1],
            v.storage_offset(),
        );
        let out = batched_raw(&as_batch(self), &vb, 1, m, k, 1);
        let out = out.alias(vec![m], vec![1], 0);
        record(
            "MvBackward0",
            out,
            &[self, v],
            &[("self", self), ("vec", v)],
            false,
            |c| {
                let (a, v) = (&c.saved[0], &c.saved[1]);
                Ok(vec![
                    c.grad_if(0, || {
                        c.grad.try_unsqueeze(-1)?.try_mul(&v.try_unsqueeze(0)?)
                    })?,
                    c.grad_if(1, || {
                        Ok(match crate::autograd::batch::size() {
                            // a batch of gradient rows times the matrix
                            Some(_) => c.grad.try_matmul(a)?,
                            None => a.try_t()?.try_mv(c.grad)?,
                        })
                    })?,
                ])
            },
        )
    }

    /// Panicking [`Tensor::try_mv`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::ones(&[2, 3]);
    /// assert_eq!(a.mv(&ferrograd::Tensor::ones(&[3])).to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn mv(&self, v: &Tensor) -> Tensor {
        unwrap(self.try_mv(v))
    }

    /// Inner product of two 1-D tensors of equal length (`DotBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(4.0).requires_grad_(true);
    /// let y = x.try_dot(&x).unwrap();
    /// assert_eq!(y.to_string(), "tensor(14., grad_fn=<DotBackward0>)");
    /// ```
    #[track_caller]
    pub fn try_dot(&self, other: &Tensor) -> Result<Tensor> {
        if self.dim() != 1 || other.dim() != 1 {
            return Err(runtime(format!(
                "1D tensors expected, but got {}D and {}D tensors",
                self.dim(),
                other.dim()
            )));
        }
        if self.dtype() != other.dtype() {
            return Err(runtime(format!(
                "dot : expected both vectors to have same dtype, but found {} and {}",
                self.dtype().scalar_name(),
                other.dtype().scalar_name()
            )));
        }
        let (n, n2) = (self.numel(), other.numel());
        if n != n2 {
            return Err(runtime(format!(
                "inconsistent tensor size, expected tensor [{n}] and src [{n2}] to have the same number of elements, but got {n} and {n2} elements respectively"
            )));
        }
        let a = self.alias(
            vec![1, 1, n],
            vec![0, 0, self.strides()[0]],
            self.storage_offset(),
        );
        let b = other.alias(
            vec![1, n, 1],
            vec![0, other.strides()[0], 1],
            other.storage_offset(),
        );
        let out = batched_raw(&a, &b, 1, 1, n, 1).alias(vec![], vec![], 0);
        record(
            "DotBackward0",
            out,
            &[self, other],
            &[("self", self), ("tensor", other)],
            false,
            |c| {
                let (a, b) = (&c.saved[0], &c.saved[1]);
                let g = crate::autograd::batch::per_sample(c.grad, 1)?;
                Ok(vec![
                    c.grad_if(0, || g.try_mul(b))?,
                    c.grad_if(1, || g.try_mul(a))?,
                ])
            },
        )
    }

    /// Panicking [`Tensor::try_dot`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2, 3]);
    /// assert_eq!(x.dot(&x).item(), 14.0);
    /// ```
    #[track_caller]
    pub fn dot(&self, other: &Tensor) -> Tensor {
        unwrap(self.try_dot(other))
    }

    /// Outer product of two 1-D tensors (via broadcasting multiply).
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1.0, 2.0]);
    /// assert_eq!(a.outer(&a).to_vec::<f32>(), vec![1.0, 2.0, 2.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn outer(&self, other: &Tensor) -> Tensor {
        unwrap(
            self.try_unsqueeze(1)
                .and_then(|a| a.try_mul(&other.try_unsqueeze(0)?)),
        )
    }

    /// PyTorch's `matmul` (`@`): dot for 1-D × 1-D, `mm`/`mv` for matrices, and broadcast batched
    /// products for more dimensions (1-D operands get a temporary dimension).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::ones(&[5, 2, 3]);
    /// let b = Tensor::ones(&[3, 4]);
    /// assert_eq!(a.try_matmul(&b).unwrap().shape(), &[5, 2, 4]);
    /// let e = Tensor::ones(&[2, 3]).try_matmul(&Tensor::ones(&[4, 5])).unwrap_err();
    /// assert_eq!(e.to_string(), "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
    /// ```
    #[track_caller]
    pub fn try_matmul(&self, other: &Tensor) -> Result<Tensor> {
        let (da, db) = (self.dim(), other.dim());
        if da == 0 || db == 0 {
            return Err(runtime(format!(
                "both arguments to matmul need to be at least 1D, but they are {da}D and {db}D"
            )));
        }
        match (da, db) {
            (1, 1) => return self.try_dot(other),
            (2, 1) => return self.try_mv(other),
            (2, 2) => return self.try_mm(other),
            // PyTorch's grad_fn names: a vector times a matrix ends in a squeeze, times a batch
            // of matrices in the view that unfolds the batch
            (1, 2) => {
                return self
                    .try_unsqueeze(0)?
                    .try_matmul(other)?
                    .squeeze_dim_as(-2, "SqueezeBackward4")
            }
            (1, _) => {
                let out = self.try_unsqueeze(0)?.try_matmul(other)?;
                let mut shape = out.dims();
                shape.remove(shape.len() - 2);
                return out.unsafe_view(&shape);
            }
            (_, 1) => {
                // PyTorch folds the batch into the rows of one matrix-vector product: its checks.
                let k = self.shape()[da - 1];
                if other.shape()[0] != k {
                    let rows: usize = self.shape()[..da - 1].iter().product();
                    return Err(runtime(format!(
                        "size mismatch, got input ({rows}), mat ({rows}x{k}), vec ({})",
                        other.shape()[0]
                    )));
                }
                mv_same_dtype(self, other)?;
                let out = self.try_matmul(&other.try_unsqueeze(1)?)?;
                let shape = &out.shape()[..out.dim() - 1];
                return out.unsafe_view(shape);
            }
            _ => {}
        }
        let (m, k) = (self.shape()[da - 2], self.shape()[da - 1]);
        let (k2, n) = (other.shape()[db - 2], other.shape()[db - 1]);
        if db == 2 {
            // A batch times a matrix: PyTorch folds the batch into the rows of one `mm`.
            if k != k2 {
                let rows: usize = self.shape()[..da - 1].iter().product();
                return Err(runtime(format!(
                    "mm: mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and {k2}x{n})"
                )));
            }
            mm_same_dtype(self, other)?;
        }
        let batch = broadcast_shapes(&self.shape()[..da - 2], &other.shape()[..db - 2])?;
        let bsz: usize = batch.iter().product();
        if k != k2 {
            return Err(runtime(format!(
                "Expected size for first two dimensions of batch2 tensor to be: [{bsz}, {k}] but got: [{bsz}, {k2}]."
            )));
        }
        if self.dtype() != other.dtype() {
            return Err(runtime(format!(
                "expected scalar type {} but found {}",
                self.dtype().scalar_name(),
                other.dtype().scalar_name()
            )));
        }
        let mut sa = batch.clone();
        sa.extend([m, k]);
        let mut sb = batch.clone();
        sb.extend([k, n]);
        let mut oshape = batch.clone();
        oshape.extend([m, n]);
        checked_numel(&sa)?;
        checked_numel(&sb)?;
        checked_storage_numel(&oshape, self.dtype())?;
        // Flatten the (broadcast) batch dims of each operand to one, copying only if needed.
        let flat = |t: &Tensor, s: &[usize], r: usize, c: usize| -> Tensor {
            let e = t.expand_raw(s);
            let nb = s.len() - 2;
            let st = e.strides();
            // Batch dims collapse to one stride if they are uniformly laid out.
            let mut ok = true;
            for i in 0..nb.saturating_sub(1) {
                if st[i] != st[i + 1] * s[i + 1] {
                    ok = false;
                }
            }
            if ok {
                let bst = if nb == 0 { 0 } else { st[nb - 1] };
                e.alias(
                    vec![bsz, r, c],
                    vec![bst, st[nb], st[nb + 1]],
                    e.storage_offset(),
                )
            } else {
                let d = e.contiguous_copy();
                d.alias(vec![bsz, r, c], vec![r * c, c, 1], 0)
            }
        };
        let out = batched_raw(
            &flat(self, &sa, m, k),
            &flat(other, &sb, k, n),
            bsz,
            m,
            k,
            n,
        );
        let out = out.alias(
            oshape.clone(),
            crate::tensor::contiguous_strides(&oshape),
            0,
        );
        let (ash, adt, bsh, bdt) = (self.dims(), self.dtype(), other.dims(), other.dtype());
        record(
            "UnsafeViewBackward0",
            out,
            &[self, other],
            &[("self", self), ("other", other)],
            false,
            move |c| {
                let (a, b) = (&c.saved[0], &c.saved[1]);
                Ok(vec![
                    c.grad_if(0, || {
                        reduce_grad(&c.grad.try_matmul(&b.try_transpose(-1, -2)?)?, &ash, adt)
                    })?,
                    c.grad_if(1, || {
                        reduce_grad(&a.try_transpose(-1, -2)?.try_matmul(c.grad)?, &bsh, bdt)
                    })?,
                ])
            },
        )
    }

    /// Panicking [`Tensor::try_matmul`].
    ///
    /// ```
    /// let a = ferrograd::Tensor::ones(&[3]);
    /// assert_eq!(a.matmul(&ferrograd::Tensor::ones(&[3, 2])).to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn matmul(&self, other: &Tensor) -> Tensor {
        unwrap(self.try_matmul(other))
    }
}

#[cfg(test)]
mod tests {
    use crate::autograd::test_ops::assert_node_and_gradients;
    use crate::{DType, Tensor};

    /// The last node of each product is the one PyTorch 2.15 shows, and the gradients through
    /// it pass gradcheck and gradgradcheck.
    #[test]
    fn products_end_in_pytorch_grad_fns_with_correct_gradients() {
        crate::manual_seed(31);
        let r = |s: &[usize]| Tensor::randn_dtype(s, DType::Float64).requires_grad_(true);
        type Case = (&'static str, fn(&[Tensor]) -> Tensor, Vec<Tensor>);
        let cases: Vec<Case> = vec![
            (
                "SqueezeBackward4",
                |x| x[0].matmul(&x[1]),
                vec![r(&[3]), r(&[3, 4])],
            ),
            (
                "UnsafeViewBackward0",
                |x| x[0].matmul(&x[1]),
                vec![r(&[3]), r(&[2, 3, 4])],
            ),
            (
                "UnsafeViewBackward0",
                |x| x[0].matmul(&x[1]),
                vec![r(&[2, 4, 3]), r(&[3])],
            ),
            (
                "MvBackward0",
                |x| x[0].matmul(&x[1]),
                vec![r(&[4, 3]), r(&[3])],
            ),
            (
                "UnsafeViewBackward0",
                |x| x[0].try_linear(&x[1], Some(&x[2])).unwrap(),
                vec![r(&[2, 5, 3]), r(&[4, 3]), r(&[4])],
            ),
            (
                "AddmmBackward0",
                |x| x[0].try_linear(&x[1], Some(&x[2])).unwrap(),
                vec![r(&[5, 3]), r(&[4, 3]), r(&[4])],
            ),
            (
                "ExpandBackward0",
                |x| x[0].expand(&[2, 3]),
                vec![r(&[2, 3])],
            ),
        ];
        for (name, f, xs) in cases {
            assert_node_and_gradients(name, f, &xs);
        }
        // a tensor that does not require grad gets a view, not a node
        assert!(Tensor::zeros(&[2]).expand(&[2]).grad_fn().is_none());
    }
}
