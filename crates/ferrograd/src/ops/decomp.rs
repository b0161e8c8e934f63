//! Square linear algebra through an LU factorisation with partial pivoting (as LAPACK's
//! `getrf`): `linalg.solve`, `linalg.inv`, `linalg.det` and `linalg.slogdet`, batched over
//! leading dimensions, each recorded with PyTorch's grad_fn and a backward written in these
//! same ops, so that it differentiates again.

use super::{dispatch_float, reduce_grad, Float};
use crate::autograd::record;
use crate::error::{not_implemented, runtime, Error, ErrorKind, Result};
use crate::tensor::Element;
use crate::Tensor;

/// An LU factorisation `P A = L U` of one `n × n` matrix, in place (`L` unit lower below the
/// diagonal, `U` on and above it), with the row swaps made and the first zero pivot (1-based,
/// as LAPACK's `info`).
struct Lu<T> {
    a: Vec<T>,
    n: usize,
    swaps: Vec<(usize, usize)>,
    odd_swaps: bool,
    zero_pivot: Option<usize>,
}

fn lu<T: Float>(m: &[T], n: usize) -> Lu<T> {
    let mut a = m.to_vec();
    let mut swaps = Vec::new();
    let mut odd_swaps = false;
    let mut zero_pivot = None;
    for k in 0..n {
        // the largest magnitude in column k at or below the diagonal (the first of ties)
        let mut p = k;
        for i in k + 1..n {
            if a[i * n + k].abs().to_f64() > a[p * n + k].abs().to_f64() {
                p = i;
            }
        }
        if p != k {
            for j in 0..n {
                a.swap(k * n + j, p * n + j);
            }
            swaps.push((k, p));
            odd_swaps = !odd_swaps;
        }
        let pivot = a[k * n + k];
        if pivot.to_f64() == 0.0 {
            zero_pivot.get_or_insert(k + 1);
            continue;
        }
        for i in k + 1..n {
            let l = a[i * n + k] / pivot;
            a[i * n + k] = l;
            for j in k + 1..n {
                a[i * n + j] = a[i * n + j] - l * a[k * n + j];
            }
        }
    }
    Lu {
        a,
        n,
        swaps,
        odd_swaps,
        zero_pivot,
    }
}

impl<T: Float> Lu<T> {
    /// Solves `A X = B` for `B` of `n × k` (row-major), in place.
    fn solve(&self, b: &mut [T], k: usize) {
        let (n, a) = (self.n, &self.a);
        for &(r, p) in &self.swaps {
            for j in 0..k {
                b.swap(r * k + j, p * k + j);
            }
        }
        for i in 0..n {
            for m in 0..i {
                let l = a[i * n + m];
                for j in 0..k {
                    b[i * k + j] = b[i * k + j] - l * b[m * k + j];
                }
            }
        }
        for i in (0..n).rev() {
            for m in i + 1..n {
                let u = a[i * n + m];
                for j in 0..k {
                    b[i * k + j] = b[i * k + j] - u * b[m * k + j];
                }
            }
            let d = a[i * n + i];
            for j in 0..k {
                b[i * k + j] = b[i * k + j] / d;
            }
        }
    }

    /// `(sign, log|det|)` and `det`: the product of `U`'s diagonal, signed by the swaps.
    fn det(&self) -> (T, T, T) {
        let n = self.n;
        let mut det = if self.odd_swaps { -T::ONE } else { T::ONE };
        let mut sign = det;
        let mut logabs = T::ZERO;
        for i in 0..n {
            let d = self.a[i * n + i];
            det = det * d;
            if d.to_f64() < 0.0 {
                sign = -sign;
            }
            logabs = logabs + d.abs().ln();
        }
        // a singular matrix, or a NaN anywhere (as LAPACK's factorisation reports it): sign 0
        if self.zero_pivot.is_some() || logabs.to_f64().is_nan() {
            sign = T::ZERO;
        }
        (sign, logabs, det)
    }
}

/// The LinAlgError of a singular matrix.
fn singular(msg: String) -> Error {
    Error::new(ErrorKind::LinAlg, msg)
}

/// Checks `a` is a batch of square floating matrices; returns `n`.
fn square(a: &Tensor, op: &str) -> Result<usize> {
    if a.dim() < 2 {
        return Err(runtime(format!(
            "{op}: The input tensor A must have at least 2 dimensions."
        )));
    }
    if !a.dtype().is_floating_point() {
        return Err(not_implemented(format!(
            "{op}: Expected a floating point or complex tensor as input. Got {}",
            a.dtype().scalar_name()
        )));
    }
    let (r, c) = (a.shape()[a.dim() - 2], a.shape()[a.dim() - 1]);
    if r != c {
        return Err(runtime(format!(
            "{op}: A must be batches of square matrices, but they are {r} by {c} matrices"
        )));
    }
    Ok(r)
}

/// Each matrix of a contiguous batch, factorised.
fn factor_all<T: Float>(a: &Tensor, n: usize) -> Vec<Lu<T>> {
    let v = a.contiguous().to_vec::<T>();
    let nn = n * n;
    let count: usize = a.shape()[..a.dim() - 2].iter().product();
    (0..count)
        .map(|b| lu(&v[b * nn..(b + 1) * nn], n))
        .collect()
}

/// The batch prefix of an error message, as PyTorch words it for batched inputs.
fn batch_prefix(a: &Tensor, b: usize) -> String {
    if a.dim() > 2 {
        format!("(Batch element {b}): ")
    } else {
        String::new()
    }
}

/// `X` with `A X = B` for matrices `B` (`a`: `(*, n, n)`, `b`: `(*, n, k)`, batch dims
/// broadcast), without recording; a fresh tensor (`(*, n)` when `vector`, `k` being 1).
fn solve_raw(a: &Tensor, b: &Tensor, op: &str, vector: bool) -> Result<Tensor> {
    let n = a.shape()[a.dim() - 1];
    let k = b.shape()[b.dim() - 1];
    let batch = super::broadcast_shapes(&a.shape()[..a.dim() - 2], &b.shape()[..b.dim() - 2])?;
    let mut sa = batch.clone();
    sa.extend([n, n]);
    let mut sb = batch.clone();
    sb.extend([n, k]);
    let (a, b) = (a.try_expand(&sa)?, b.try_expand(&sb)?);
    let dt = a.dtype();
    let buf = dispatch_float!(dt, T => {
        let lus = factor_all::<T>(&a, n);
        let mut x = b.contiguous().to_vec::<T>();
        for (i, f) in lus.iter().enumerate() {
            if let Some(z) = f.zero_pivot {
                return Err(singular(if op == "linalg.inv" {
                    format!("linalg.inv: {}The diagonal element {z} is zero, the inversion could not be completed because the input matrix is singular.", batch_prefix(&a, i))
                } else {
                    format!("torch.linalg.solve: {}The solver failed because the input matrix is singular.", batch_prefix(&a, i))
                }));
            }
            f.solve(&mut x[i * n * k..(i + 1) * n * k], k);
        }
        T::into_buffer(x)
    });
    Ok(Tensor::from_buffer(
        buf,
        if vector { &sb[..sb.len() - 1] } else { &sb },
    ))
}

/// The cofactor matrix of each square matrix, `C_ij = (-1)^(i+j) det(minor_ij)`, built from
/// recorded ops (so differentiable): the gradient of `det` where `A` is singular and
/// `det · A^{-T}` cannot be formed. `O(n^2)` determinants of size `n - 1`.
fn cofactors(a: &Tensor) -> Result<Tensor> {
    let n = a.shape()[a.dim() - 1];
    let others = |skip: usize| -> Tensor {
        let idx: Vec<i64> = (0..n as i64).filter(|&k| k != skip as i64).collect();
        let len = idx.len();
        Tensor::from_vec(idx, &[len])
    };
    let mut entries = Vec::with_capacity(n * n);
    for i in 0..n {
        let rows = a.try_index_select(-2, &others(i))?;
        for j in 0..n {
            let minor = rows.try_index_select(-1, &others(j))?;
            let d = minor.try_linalg_det()?;
            entries.push(if (i + j) % 2 == 1 { d.try_neg()? } else { d });
        }
    }
    let mut shape = a.shape().to_vec();
    if entries.is_empty() {
        return Ok(Tensor::zeros_dtype(&shape, a.dtype()));
    }
    let flat = Tensor::try_stack(&entries, -1)?;
    shape.truncate(a.dim() - 2);
    shape.extend([n, n]);
    flat.try_reshape(&shape)
}

/// `det(A) · A^{-T}` (the cofactor matrix), through the inverse where every matrix of the
/// batch is invertible, else through the cofactors.
fn det_times_inv_t(a: &Tensor, det: &Tensor) -> Result<Tensor> {
    let invertible = {
        let _ng = crate::no_grad();
        det.ne_scalar(0.0).to_vec::<bool>().iter().all(|&b| b)
    };
    if invertible {
        let scale = det.try_unsqueeze(-1)?.try_unsqueeze(-1)?;
        scale.try_mul(&mt(&a.try_linalg_inv()?)?)
    } else {
        cofactors(a)
    }
}

/// The last two dimensions swapped.
/// `linalg.solve`'s check that `A` and `B` have one dtype.
fn same_dtype(a: &Tensor, b: &Tensor) -> Result<()> {
    if b.dtype() != a.dtype() {
        return Err(runtime(format!(
            "linalg.solve: Expected A and B to have the same dtype, but found A of type {} and B of type {} instead",
            a.dtype().scalar_name(),
            b.dtype().scalar_name()
        )));
    }
    Ok(())
}

/// Records `out`, the solution of a system in `a` with right-hand side `b`, as
/// `LinalgSolveExBackward0` saving `A` and the result: `gb(g, A)` is `B`'s gradient and
/// `ga(gB, X)` then `A`'s (before both are summed to their inputs' shapes).
#[track_caller]
fn record_solve(
    a: &Tensor,
    b: &Tensor,
    out: Tensor,
    gb: impl Fn(&Tensor, &Tensor) -> Result<Tensor> + Send + Sync + 'static,
    ga: impl Fn(&Tensor, &Tensor) -> Result<Tensor> + Send + Sync + 'static,
) -> Result<Tensor> {
    let (sa, sb, da, db) = (a.dims(), b.dims(), a.dtype(), b.dtype());
    record(
        "LinalgSolveExBackward0",
        out,
        &[a, b],
        &[("A", a)],
        true,
        move |c| {
            let (a, x) = (&c.saved[0], &c.saved[1]);
            let g_b = gb(c.grad, a)?;
            let g_a = c.grad_if(0, || reduce_grad(&ga(&g_b, x)?, &sa, da))?;
            let g_b = c.grad_if(1, || reduce_grad(&g_b, &sb, db))?;
            Ok(vec![g_a, g_b])
        },
    )
}

fn mt(t: &Tensor) -> Result<Tensor> {
    t.try_transpose(-2, -1)
}

impl Tensor {
    /// The solution `X` of `A X = B` (`torch.linalg.solve`; `self` is `A`, `(*, n, n)`), with
    /// `B` of `(*, n, k)` or a vector `(*, n)` (then `X` is one too), batch dimensions
    /// broadcast (`LinalgSolveExBackward0`). A singular `A` is a `LinAlgError`.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let a = Tensor::new_with_dtype([[2.0, 1.0], [1.0, 3.0]], DType::Float64);
    /// let x = a.try_linalg_solve(&Tensor::new_with_dtype([1.0, 2.0], DType::Float64)).unwrap();
    /// assert!((x.to_vec::<f64>()[0] - 0.2).abs() < 1e-15 && (x.to_vec::<f64>()[1] - 0.6).abs() < 1e-15);
    /// let e = Tensor::ones(&[2, 2]).try_linalg_solve(&Tensor::ones(&[2])).unwrap_err();
    /// assert_eq!(e.to_string(), "torch.linalg.solve: The solver failed because the input matrix is singular.");
    /// ```
    #[track_caller]
    pub fn try_linalg_solve(&self, b: &Tensor) -> Result<Tensor> {
        let n = square(self, "linalg.solve")?;
        if b.dim() == 0 {
            return Err(runtime(
                "linalg.solve: The input tensor B must have at least 2 dimensions.",
            ));
        }
        same_dtype(self, b)?;
        // PyTorch's rule: B is a vector if it is 1-D or A's batch shape plus n
        let vector = b.dim() == 1
            || (b.dim() == self.dim() - 1 && b.shape() == &self.shape()[..self.dim() - 1]);
        let bm = if vector {
            b.try_unsqueeze(-1)?
        } else {
            b.clone()
        };
        if bm.dim() < 2 || bm.shape()[bm.dim() - 2] != n {
            let (r, c) = if bm.dim() >= 2 {
                (bm.shape()[bm.dim() - 2], bm.shape()[bm.dim() - 1])
            } else {
                (bm.numel(), 1)
            };
            return Err(runtime(format!(
                "linalg.solve: Incompatible shapes of A and B for the equation AX = B ({n}x{n} and {r}x{c})"
            )));
        }
        let out = {
            let _ng = crate::no_grad();
            // (a vector result is made as one, not as a view of a column)
            solve_raw(&self.detach(), &bm.detach(), "linalg.solve", vector)?
        };
        // gB = A^{-T} g; gA = -gB X^T
        // (a vector right-hand side is solved as a column, so that a batch of gradients in
        // front is not read as matrices)
        record_solve(
            self,
            b,
            out,
            move |g, a| {
                if vector {
                    mt(a)?
                        .try_linalg_solve(&g.try_unsqueeze(-1)?)?
                        .try_squeeze_dim(-1)
                } else {
                    mt(a)?.try_linalg_solve(g)
                }
            },
            move |gb, x| {
                let outer = if vector {
                    gb.try_unsqueeze(-1)?.try_matmul(&x.try_unsqueeze(-2)?)?
                } else {
                    gb.try_matmul(&mt(x)?)?
                };
                outer.try_neg()
            },
        )
    }

    /// The solution `X` of `X A = B` (`torch.linalg.solve(A, B, left=False)`; `self` is `A`,
    /// `(*, n, n)`, and `B` is `(*, k, n)`), recorded as one `LinalgSolveExBackward0` over `A`
    /// and `B`, as PyTorch records it.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let a = Tensor::new_with_dtype([[2.0, 1.0], [1.0, 3.0]], DType::Float64).requires_grad_(true);
    /// let b = Tensor::new_with_dtype([[1.0, 2.0]], DType::Float64);
    /// let x = a.try_linalg_solve_right(&b).unwrap();
    /// assert_eq!(x.grad_fn().unwrap().name(), "LinalgSolveExBackward0");
    /// let back = x.try_matmul(&a).unwrap().to_vec::<f64>();
    /// assert!((back[0] - 1.0).abs() < 1e-15 && (back[1] - 2.0).abs() < 1e-15);
    /// ```
    #[track_caller]
    pub fn try_linalg_solve_right(&self, b: &Tensor) -> Result<Tensor> {
        let n = square(self, "linalg.solve")?;
        if b.dim() == 0 {
            return Err(runtime(
                "linalg.solve: The input tensor B must have at least 2 dimensions.",
            ));
        }
        let vector = b.dim() == 1
            || (b.dim() + 1 == self.dim() && b.shape() == &self.shape()[..self.dim() - 1]);
        if vector {
            return Err(runtime(format!(
                "linalg.solve: Incompatible shapes of A and B for the equation XA = B ({n}x{n} and {}x1)",
                b.shape().last().copied().unwrap_or(1)
            )));
        }
        if b.shape()[b.dim() - 1] != n {
            return Err(runtime(format!(
                "linalg.solve: Incompatible shapes of A and B for the equation XA = B ({n}x{n} and {}x{})",
                b.shape()[b.dim() - 2],
                b.shape()[b.dim() - 1]
            )));
        }
        same_dtype(self, b)?;
        // X A = B  <=>  A^T X^T = B^T
        let out = {
            let _ng = crate::no_grad();
            let xt = solve_raw(
                &mt(&self.detach())?,
                &mt(&b.detach())?,
                "linalg.solve",
                false,
            )?;
            mt(&xt)?.contiguous()
        };
        // X = B A^{-1}: gB = g A^{-T} (the solution of Y A^T = g), gA = -X^T gB
        record_solve(
            self,
            b,
            out,
            |g, a| mt(&a.try_linalg_solve(&mt(g)?)?),
            |gb, x| mt(x)?.try_matmul(gb)?.try_neg(),
        )
    }

    /// The inverse of each square matrix (`torch.linalg.inv`, `LinalgInvExBackward0`); a
    /// singular matrix is a `LinAlgError` naming the first zero pivot, as LAPACK.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[2.0, 1.0], [1.0, 3.0]]);
    /// assert_eq!(a.try_linalg_inv().unwrap().to_vec::<f32>(), vec![0.6, -0.2, -0.2, 0.4]);
    /// let e = Tensor::new([[1.0, 2.0], [2.0, 4.0]]).try_linalg_inv().unwrap_err();
    /// assert_eq!(e.to_string(), "linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.");
    /// ```
    #[track_caller]
    pub fn try_linalg_inv(&self) -> Result<Tensor> {
        let n = square(self, "linalg.inv")?;
        let out = {
            let _ng = crate::no_grad();
            let eye = Tensor::try_eye(n, n, self.dtype())?;
            solve_raw(&self.detach(), &eye, "linalg.inv", false)?
        };
        record("LinalgInvExBackward0", out, &[self], &[], true, |c| {
            // gA = -A^{-T} g A^{-T}
            let inv_t = mt(&c.saved[0])?;
            Ok(vec![Some(
                inv_t.try_matmul(c.grad)?.try_matmul(&inv_t)?.try_neg()?,
            )])
        })
    }

    /// The determinant of each square matrix (`torch.linalg.det`, `LinalgDetBackward0`),
    /// from the LU factorisation. Its gradient is `g det A^{-T}`, and where a matrix of the
    /// batch is singular, `g` times the cofactor matrix (PyTorch goes through an SVD there;
    /// the values agree).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[2.0, 1.0], [1.0, 3.0]]).requires_grad_(true);
    /// let d = a.try_linalg_det().unwrap();
    /// assert_eq!(d.item(), 5.0);
    /// d.backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![3.0, -1.0, -1.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_linalg_det(&self) -> Result<Tensor> {
        let n = square(self, "linalg.det")?;
        let (out, _) = slogdet_raw(self, n)?;
        record(
            "LinalgDetBackward0",
            out,
            &[self],
            &[("A", self)],
            true,
            |c| {
                let (a, det) = (&c.saved[0], &c.saved[1]);
                let g = c.grad.try_unsqueeze(-1)?.try_unsqueeze(-1)?;
                Ok(vec![Some(g.try_mul(&det_times_inv_t(a, det)?)?)])
            },
        )
    }

    /// The sign and the log of the absolute determinant of each square matrix
    /// (`torch.linalg.slogdet`, `LinalgSlogdetBackward0`): `(0, -inf)` for a singular one.
    /// The gradient flows through `logabsdet` (`g A^{-T}`); the sign's is zero.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[0.0, 2.0], [1.0, 0.0]]);
    /// let (sign, logabs) = a.try_linalg_slogdet().unwrap();
    /// assert_eq!((sign.item(), logabs.item()), (-1.0, 2f64.ln() as f32 as f64));
    /// ```
    #[track_caller]
    pub fn try_linalg_slogdet(&self) -> Result<(Tensor, Tensor)> {
        let n = square(self, "linalg.slogdet")?;
        let (_, (sign, logabs)) = slogdet_raw(self, n)?;
        let shape = self.dims();
        let sign = record(
            "LinalgSlogdetBackward0",
            sign,
            &[self],
            &[],
            false,
            move |c| {
                Ok(vec![Some(Tensor::zeros_dtype(
                    &crate::autograd::batch::shape(&shape),
                    c.grad.dtype(),
                ))])
            },
        )?;
        let logabs = record(
            "LinalgSlogdetBackward0",
            logabs,
            &[self],
            &[("A", self)],
            false,
            |c| {
                // A^{-T} = cofactors / det: infinite where A is singular, as PyTorch's
                let a = &c.saved[0];
                let g = c.grad.try_unsqueeze(-1)?.try_unsqueeze(-1)?;
                let inv_t = match a.try_linalg_inv() {
                    Ok(inv) => mt(&inv)?,
                    // singular: cofactors / 0, infinite as PyTorch's
                    Err(e) if e.kind() == ErrorKind::LinAlg => {
                        let det = a.try_linalg_det()?.try_unsqueeze(-1)?.try_unsqueeze(-1)?;
                        cofactors(a)?.try_div(&det)?
                    }
                    Err(e) => return Err(e),
                };
                Ok(vec![Some(g.try_mul(&inv_t)?)])
            },
        )?;
        Ok((sign, logabs))
    }
}

/// `det` and `(sign, logabsdet)` of each matrix, without recording.
fn slogdet_raw(a: &Tensor, n: usize) -> Result<(Tensor, (Tensor, Tensor))> {
    let batch = a.shape()[..a.dim() - 2].to_vec();
    let dt = a.dtype();
    let (det, sign, logabs) = dispatch_float!(dt, T => {
        let lus = factor_all::<T>(&a.detach(), n);
        let (mut det, mut sign, mut logabs) = (Vec::new(), Vec::new(), Vec::new());
        for f in &lus {
            let (s, l, d) = f.det();
            det.push(d);
            sign.push(s);
            logabs.push(l);
        }
        (T::into_buffer(det), T::into_buffer(sign), T::into_buffer(logabs))
    });
    Ok((
        Tensor::from_buffer(det, &batch),
        (
            Tensor::from_buffer(sign, &batch),
            Tensor::from_buffer(logabs, &batch),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use crate::{DType, Tensor};

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol * (1.0 + y.abs()), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn solve_inv_det_agree_on_a_pivoting_batch() {
        // the first matrix needs a row swap (zero top-left); the second is well conditioned
        let a = Tensor::new_with_dtype(
            [
                [[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [3.0, 0.0, 1.0]],
                [[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]],
            ],
            DType::Float64,
        );
        let inv = a.try_linalg_inv().unwrap();
        let eye = a.try_matmul(&inv).unwrap();
        let want: Vec<f64> = (0..2)
            .flat_map(|_| [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0])
            .collect();
        close(&eye.to_f64_vec(), &want, 1e-14);
        // det: 0(1-0) - 2(1-0) + 1(0-3) = -5; 4(6-1) - 1(2-0) = 18
        close(
            &a.try_linalg_det().unwrap().to_f64_vec(),
            &[-5.0, 18.0],
            1e-14,
        );
        let (s, l) = a.try_linalg_slogdet().unwrap();
        assert_eq!(s.to_f64_vec(), vec![-1.0, 1.0]);
        close(&l.to_f64_vec(), &[5f64.ln(), 18f64.ln()], 1e-14);
        // a broadcast right-hand side: one vector for both matrices
        let b = Tensor::new_with_dtype([[1.0, 2.0, 3.0]], DType::Float64);
        let x = a.try_linalg_solve(&b.try_expand(&[2, 3]).unwrap()).unwrap();
        let back = a.try_matmul(&x.try_unsqueeze(-1).unwrap()).unwrap();
        close(&back.to_f64_vec(), &[1.0, 2.0, 3.0, 1.0, 2.0, 3.0], 1e-14);
    }

    #[test]
    fn singular_matrices_differentiate_through_their_cofactors() {
        // rank 2 of 3 (PyTorch 2.15 gives the same cofactors up to rounding); and the
        // gradient of det at [[3, 0], [0, 0]] is [[0, 0], [0, 3]]
        let a = Tensor::new_with_dtype(
            [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]],
            DType::Float64,
        )
        .requires_grad_(true);
        a.try_linalg_det().unwrap().backward();
        close(
            &a.grad().unwrap().to_f64_vec(),
            &[4.0, 4.0, -4.0, -2.0, -2.0, 2.0, 0.0, 0.0, 0.0],
            1e-14,
        );
        let b =
            Tensor::new_with_dtype([[3.0, 0.0], [0.0, 0.0]], DType::Float64).requires_grad_(true);
        b.try_linalg_det().unwrap().backward();
        assert_eq!(b.grad().unwrap().to_f64_vec(), vec![0.0, 0.0, 0.0, 3.0]);
        // logabsdet's gradient is infinite there, as PyTorch's
        let c =
            Tensor::new_with_dtype([[1.0, 2.0], [2.0, 4.0]], DType::Float64).requires_grad_(true);
        c.try_linalg_slogdet().unwrap().1.backward();
        let g = c.grad().unwrap().to_f64_vec();
        assert!(g.iter().all(|v| v.is_infinite()), "{g:?}");
    }

    #[test]
    fn a_vector_solution_is_its_own_tensor_not_a_view() {
        let a = Tensor::new([[2.0, 1.0], [1.0, 3.0]]).requires_grad_(true);
        let x = a.try_linalg_solve(&Tensor::new([1.0, 2.0])).unwrap();
        assert!(!x.is_view());
        assert_eq!(x.grad_fn().unwrap().name(), "LinalgSolveExBackward0");
    }

    #[test]
    fn singular_and_malformed_inputs_get_pytorchs_errors() {
        let e = Tensor::ones(&[2, 3]).try_linalg_inv().unwrap_err();
        assert_eq!(
            e.to_string(),
            "linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices"
        );
        let e = Tensor::new([1i64, 2]).try_linalg_det().unwrap_err();
        assert_eq!(
            e.to_string(),
            "linalg.det: The input tensor A must have at least 2 dimensions."
        );
        let e = Tensor::ones_dtype(&[2, 2], DType::Int64)
            .try_linalg_inv()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "linalg.inv: Expected a floating point or complex tensor as input. Got Long"
        );
        let e = Tensor::eye(2)
            .try_linalg_solve(&Tensor::ones(&[3]))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "linalg.solve: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1)"
        );
        let e = Tensor::zeros(&[2, 2, 2]).try_linalg_inv().unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::LinAlg);
        assert!(e
            .to_string()
            .starts_with("linalg.inv: (Batch element 0): The diagonal element 1 is zero"));
        assert_eq!(Tensor::ones(&[2, 2]).try_linalg_det().unwrap().item(), 0.0);
        let (s, l) = Tensor::zeros(&[2, 2]).try_linalg_slogdet().unwrap();
        assert_eq!((s.item(), l.item()), (0.0, f64::NEG_INFINITY));
        assert_eq!(Tensor::zeros(&[0, 0]).try_linalg_det().unwrap().item(), 1.0);
        assert_eq!(
            Tensor::zeros(&[0, 0]).try_linalg_inv().unwrap().shape(),
            &[0, 0]
        );
    }
}
