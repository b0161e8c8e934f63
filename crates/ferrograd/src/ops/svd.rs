//! The singular value decomposition (`torch.linalg.svd`, `torch.linalg.svdvals`) by one-sided
//! Jacobi rotations, batched over leading dimensions, recorded as one `LinalgSvdBackward0`
//! node with PyTorch's backward (written in tensor ops, so it differentiates again). The
//! spectral and nuclear matrix norms are made of it.

use crate::autograd::{record_multi, BackwardCtx};
use crate::error::{not_implemented, runtime, Error, ErrorKind, Result};
use crate::tensor::Element;
use crate::{DType, Tensor};

/// `(U, S, V)` of one `m × n` matrix (row-major) with `m >= n`, the singular vectors as lists of
/// columns: `U`'s `n` columns (length `m`) are orthonormal, `S` holds the `n` singular values in
/// descending order, `V`'s `n` columns (length `n`) are the right singular vectors.
type Columns = Vec<Vec<f64>>;

fn jacobi_tall(a: &[f64], m: usize, n: usize) -> (Columns, Vec<f64>, Columns) {
    // columns of A, contiguous, and of V
    let mut cols: Vec<Vec<f64>> = (0..n)
        .map(|j| (0..m).map(|i| a[i * n + j]).collect())
        .collect();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|j| (0..n).map(|i| f64::from(u8::from(i == j))).collect())
        .collect();
    let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f64>();
    for _sweep in 0..60 {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let alpha = dot(&cols[p], &cols[p]);
                let beta = dot(&cols[q], &cols[q]);
                let gamma = dot(&cols[p], &cols[q]);
                if gamma == 0.0 || gamma.abs() <= f64::EPSILON * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                // the rotation that makes columns p and q orthogonal (Hestenes)
                let zeta = (beta - alpha) / (2.0 * gamma);
                // (signum(0) is 1: equal norms rotate by 45 degrees)
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for x in [&mut cols, &mut v] {
                    let (lo, hi) = x.split_at_mut(q);
                    for (xp, xq) in lo[p].iter_mut().zip(hi[0].iter_mut()) {
                        let (a0, b0) = (*xp, *xq);
                        *xp = c * a0 - s * b0;
                        *xq = s * a0 + c * b0;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<f64> = cols.iter().map(|c| dot(c, c).sqrt()).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| norms[j].total_cmp(&norms[i]));
    let s: Vec<f64> = order.iter().map(|&j| norms[j]).collect();
    let scale = s.first().copied().unwrap_or(0.0);
    let mut u_cols: Vec<Vec<f64>> = Vec::with_capacity(n);
    for (&j, &sj) in order.iter().zip(&s) {
        if sj > scale * f64::EPSILON * (m.max(n) as f64) && sj > 0.0 {
            u_cols.push(cols[j].iter().map(|x| x / sj).collect());
        } else {
            u_cols.push(Vec::new()); // completed below
        }
    }
    complete_basis(&mut u_cols, m);
    let v_cols = order.iter().map(|&j| std::mem::take(&mut v[j])).collect();
    (u_cols, s, v_cols)
}

/// Fills the empty vectors of `cols` (each of length `m` once filled) so that all are
/// orthonormal: Gram-Schmidt on the standard basis vectors.
fn complete_basis(cols: &mut [Vec<f64>], m: usize) {
    let mut e = 0;
    for j in 0..cols.len() {
        if !cols[j].is_empty() {
            continue;
        }
        loop {
            assert!(e < m + cols.len(), "a basis completes within m candidates");
            let mut x = vec![0.0; m];
            x[e % m] = 1.0;
            e += 1;
            for _ in 0..2 {
                for c in cols.iter().filter(|c| !c.is_empty()) {
                    let d: f64 = c.iter().zip(&x).map(|(p, q)| p * q).sum();
                    for (xi, ci) in x.iter_mut().zip(c) {
                        *xi -= d * ci;
                    }
                }
            }
            let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm > 1e-6 {
                cols[j] = x.into_iter().map(|v| v / norm).collect();
                break;
            }
        }
    }
}

/// `(U, S, Vh)` of one `m × n` matrix: `U` is `m × k` (`m × m` with `full`), `S` has
/// `k = min(m, n)` values, `Vh` is `k × n` (`n × n` with `full`); all row-major.
fn svd_one(a: &[f64], m: usize, n: usize, full: bool) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    // U's and V's columns (k = min(m, n) of each)
    let (mut u_cols, s, mut v_cols) = if m >= n {
        jacobi_tall(a, m, n)
    } else {
        // A^T = U' S V'^T, so A = V' S U'^T
        let at: Vec<f64> = (0..n * m).map(|x| a[(x % m) * n + x / m]).collect();
        let (u2, s, v2) = jacobi_tall(&at, n, m);
        (v2, s, u2)
    };
    if full {
        u_cols.resize(m, Vec::new());
        complete_basis(&mut u_cols, m);
        v_cols.resize(n, Vec::new());
        complete_basis(&mut v_cols, n);
    }
    let (ku, kv) = (u_cols.len(), v_cols.len());
    let mut u = vec![0.0; m * ku];
    for (j, c) in u_cols.iter().enumerate() {
        for i in 0..m {
            u[i * ku + j] = c[i];
        }
    }
    let mut vh = vec![0.0; kv * n];
    for (j, c) in v_cols.iter().enumerate() {
        vh[j * n..(j + 1) * n].copy_from_slice(c);
    }
    (u, s, vh)
}

/// Checks `a` is a batch of floating matrices for `op`; returns `(m, n)`.
fn matrices(a: &Tensor, op: &str) -> Result<(usize, usize)> {
    if a.dim() < 2 {
        return Err(runtime(format!(
            "{op}: The input tensor A must have at least 2 dimensions."
        )));
    }
    if !matches!(a.dtype(), DType::Float32 | DType::Float64) {
        return Err(not_implemented(format!(
            "{op}: Expected a floating point or complex tensor as input. Got {}",
            a.dtype().scalar_name()
        )));
    }
    Ok((a.shape()[a.dim() - 2], a.shape()[a.dim() - 1]))
}

/// `(U, S, Vh)` of every matrix of `a`, without recording.
fn svd_raw(a: &Tensor, full: bool) -> Result<(Tensor, Tensor, Tensor)> {
    let (m, n) = matrices(a, "linalg.svd")?;
    let batch = a.shape()[..a.dim() - 2].to_vec();
    let count: usize = batch.iter().product();
    let k = m.min(n);
    let (ku, kv) = if full { (m, n) } else { (k, k) };
    let vals = a
        .detach()
        .try_to_dtype(DType::Float64)?
        .contiguous()
        .to_vec::<f64>();
    if vals.iter().any(|x| !x.is_finite()) {
        return Err(Error::new(
            ErrorKind::LinAlg,
            "linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.",
        ));
    }
    let (mut us, mut ss, mut vhs) = (Vec::new(), Vec::new(), Vec::new());
    for b in 0..count {
        let (u, s, vh) = svd_one(&vals[b * m * n..(b + 1) * m * n], m, n, full);
        us.extend(u);
        ss.extend(s);
        vhs.extend(vh);
    }
    let shaped = |v: Vec<f64>, tail: &[usize]| -> Result<Tensor> {
        let mut shape = batch.clone();
        shape.extend_from_slice(tail);
        Tensor::from_buffer(f64::into_buffer(v), &shape).try_to_dtype(a.dtype())
    };
    Ok((
        shaped(us, &[m, ku])?,
        shaped(ss, &[k])?,
        shaped(vhs, &[kv, n])?,
    ))
}

fn mt(t: &Tensor) -> Result<Tensor> {
    t.try_transpose(-2, -1)
}

/// PyTorch's `svd_backward` (real case), from the saved `U`, `S`, `Vh` (narrowed to
/// `k = min(m, n)` columns when the decomposition was full) and the outputs' gradients.
fn svd_backward(c: &BackwardCtx<'_>, full: bool) -> Result<Vec<Option<Tensor>>> {
    let (u, s, vh) = (&c.saved[0], &c.saved[1], &c.saved[2]);
    let (gu, gs, gvh) = (
        c.grads[0].as_ref(),
        c.grads[1].as_ref(),
        c.grads[2].as_ref(),
    );
    let k = s.shape()[s.dim() - 1];
    let (m, n) = (u.shape()[u.dim() - 2], vh.shape()[vh.dim() - 1]);
    let narrow_u = |t: &Tensor| -> Result<Tensor> {
        if full && m > k {
            t.try_narrow(-1, 0, k)
        } else {
            Ok(t.clone())
        }
    };
    let narrow_vh = |t: &Tensor| -> Result<Tensor> {
        if full && n > k {
            t.try_narrow(-2, 0, k)
        } else {
            Ok(t.clone())
        }
    };
    let (u, vh) = (narrow_u(u)?, narrow_vh(vh)?);
    let gu = gu.map(narrow_u).transpose()?;
    let gvh = gvh.map(narrow_vh).transpose()?;
    if gu.is_none() && gvh.is_none() {
        let Some(gs) = gs else {
            return Ok(vec![None]);
        };
        // U diag(gS) Vh
        return Ok(vec![Some(
            u.try_mul(&gs.try_unsqueeze(-2)?)?.try_matmul(&vh)?,
        )]);
    }
    let skew = |x: &Tensor| -> Result<Tensor> { x.try_sub(&mt(x)?) };
    let s2 = s.try_mul(s)?;
    // E[i, j] = S[j]^2 - S[i]^2, with ones on the diagonal
    let e = s2.try_unsqueeze(-2)?.try_sub(&s2.try_unsqueeze(-1)?)?;
    let eye = Tensor::try_eye(k, k, e.dtype())?;
    let e = e.try_add(&eye)?;
    let uhgu = gu.as_ref().map(|g| mt(&u)?.try_matmul(g)).transpose()?;
    let vhgv = gvh.as_ref().map(|g| vh.try_matmul(&mt(g)?)).transpose()?;
    let mut ga = match (&uhgu, &vhgv) {
        (Some(a), Some(b)) => skew(a)?
            .try_mul(&s.try_unsqueeze(-2)?)?
            .try_add(&s.try_unsqueeze(-1)?.try_mul(&skew(b)?)?)?
            .try_div(&e)?,
        (Some(a), None) => skew(a)?.try_div(&e)?.try_mul(&s.try_unsqueeze(-2)?)?,
        (None, Some(b)) => s.try_unsqueeze(-1)?.try_mul(&skew(b)?)?.try_div(&e)?,
        (None, None) => unreachable!("checked above"),
    };
    if let Some(gs) = gs {
        ga = ga.try_add(&gs.try_diag_embed(0)?)?;
    }
    let ga = match (&gu, &gvh) {
        (Some(gu), _) if m > k => {
            let g = u.try_matmul(&ga)?;
            let gusinv = gu.try_div(&s.try_unsqueeze(-2)?)?;
            let g = g
                .try_add(&gusinv)?
                .try_sub(&u.try_matmul(&mt(&u)?.try_matmul(&gusinv)?)?)?;
            g.try_matmul(&vh)?
        }
        (_, Some(gvh)) if n > k => {
            let g = ga.try_matmul(&vh)?;
            let gvhsinv = gvh.try_div(&s.try_unsqueeze(-1)?)?;
            let g = g
                .try_add(&gvhsinv)?
                .try_sub(&gvhsinv.try_matmul(&mt(&vh)?)?.try_matmul(&vh)?)?;
            u.try_matmul(&g)?
        }
        _ if m >= n => u.try_matmul(&ga.try_matmul(&vh)?)?,
        _ => u.try_matmul(&ga)?.try_matmul(&vh)?,
    };
    Ok(vec![Some(ga)])
}

impl Tensor {
    /// The singular value decomposition `A = U diag(S) Vh` of each matrix of a batch
    /// (`torch.linalg.svd`): with `full_matrices`, `U` is `m × m` and `Vh` is `n × n`, else
    /// `m × k` and `k × n` with `k = min(m, n)`; `S` is in descending order. The three
    /// outputs share one `LinalgSvdBackward0` node with PyTorch's backward (the gradients of
    /// the extra columns of a full decomposition are ignored, as PyTorch ignores them). The
    /// singular vectors are determined up to sign (and within repeated singular values), as
    /// LAPACK's; computed by one-sided Jacobi rotations in double precision.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[3.0, 0.0], [0.0, -2.0], [0.0, 0.0]]);
    /// let (u, s, vh) = a.try_linalg_svd(false).unwrap();
    /// assert_eq!(s.to_vec::<f32>(), vec![3.0, 2.0]);
    /// assert_eq!((u.shape(), vh.shape()), (&[3, 2][..], &[2, 2][..]));
    /// let back = u.try_mul(&s.try_unsqueeze(0).unwrap()).unwrap().try_matmul(&vh).unwrap();
    /// assert!(back.try_sub(&a).unwrap().abs().max().item() < 1e-6);
    /// ```
    #[track_caller]
    pub fn try_linalg_svd(&self, full_matrices: bool) -> Result<(Tensor, Tensor, Tensor)> {
        let (u, s, vh) = {
            let _ng = crate::no_grad();
            svd_raw(self, full_matrices)?
        };
        let outs = record_multi(
            "LinalgSvdBackward0",
            vec![u, s, vh],
            &[self],
            &[],
            &[0, 1, 2],
            move |c| svd_backward(c, full_matrices),
        )?;
        let mut it = outs.into_iter();
        let (u, s, vh) = (it.next(), it.next(), it.next());
        Ok((
            u.expect("three outputs"),
            s.expect("three outputs"),
            vh.expect("three outputs"),
        ))
    }

    /// The singular values of each matrix, in descending order (`torch.linalg.svdvals`; its
    /// grad_fn is PyTorch's `LinalgSvdBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[1.0, 1.0], [0.0, 1.0]]).requires_grad_(true);
    /// let s = a.try_linalg_svdvals().unwrap();
    /// let golden = (1.0 + 5f32.sqrt()) / 2.0;
    /// assert!((s.to_vec::<f32>()[0] - golden).abs() < 1e-6);
    /// assert_eq!(s.grad_fn().unwrap().name(), "LinalgSvdBackward0");
    /// ```
    #[track_caller]
    pub fn try_linalg_svdvals(&self) -> Result<Tensor> {
        if !self.requires_grad() || !crate::is_grad_enabled() {
            let _ng = crate::no_grad();
            return Ok(svd_raw(self, false)?.1);
        }
        Ok(self.try_linalg_svd(false)?.1)
    }
}

#[cfg(test)]
mod tests {
    use crate::Tensor;

    fn check(a: &Tensor, full: bool) {
        let (u, s, vh) = a.try_linalg_svd(full).unwrap();
        let (m, n) = (a.shape()[a.dim() - 2], a.shape()[a.dim() - 1]);
        let k = m.min(n);
        let uk = u.try_narrow(-1, 0, k).unwrap();
        let vk = vh.try_narrow(-2, 0, k).unwrap();
        let back = uk
            .try_mul(&s.try_unsqueeze(-2).unwrap())
            .unwrap()
            .try_matmul(&vk)
            .unwrap();
        let err = back.try_sub(a).unwrap().abs().max().item();
        assert!(err < 1e-10, "reconstruction error {err}");
        let eye_u = u.try_transpose(-2, -1).unwrap().try_matmul(&u).unwrap();
        let ku = u.shape()[u.dim() - 1];
        let d = eye_u
            .try_sub(&Tensor::try_eye(ku, ku, a.dtype()).unwrap())
            .unwrap();
        assert!(d.abs().max().item() < 1e-10);
        let kv = vh.shape()[vh.dim() - 2];
        let eye_v = vh.try_matmul(&vh.try_transpose(-2, -1).unwrap()).unwrap();
        let d = eye_v
            .try_sub(&Tensor::try_eye(kv, kv, a.dtype()).unwrap())
            .unwrap();
        assert!(d.abs().max().item() < 1e-10);
        let sv = s.contiguous().to_vec::<f64>();
        for w in sv.chunks(k) {
            assert!(w.windows(2).all(|p| p[0] >= p[1]) && w.iter().all(|&x| x >= 0.0));
        }
    }

    #[test]
    fn decomposes_every_shape_including_rank_deficient_and_batched() {
        crate::manual_seed(3);
        for &(m, n) in &[
            (1, 1),
            (3, 3),
            (5, 2),
            (2, 5),
            (4, 4),
            (1, 4),
            (4, 1),
            (6, 3),
        ] {
            let a = Tensor::randn(&[m, n])
                .try_to_dtype(crate::DType::Float64)
                .unwrap();
            check(&a, false);
            check(&a, true);
        }
        // rank one, zeros, repeated singular values, a batch
        let r1 = Tensor::new([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]])
            .try_to_dtype(crate::DType::Float64)
            .unwrap();
        check(&r1, false);
        check(&r1, true);
        check(&Tensor::zeros_dtype(&[3, 2], crate::DType::Float64), true);
        check(&Tensor::try_eye(3, 3, crate::DType::Float64).unwrap(), true);
        let b = Tensor::randn(&[2, 3, 4, 3])
            .try_to_dtype(crate::DType::Float64)
            .unwrap();
        check(&b, false);
        check(&b, true);
    }

    #[test]
    fn refuses_what_pytorch_refuses() {
        let e = Tensor::new([1.0, 2.0]).try_linalg_svd(false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "linalg.svd: The input tensor A must have at least 2 dimensions."
        );
        let nan = Tensor::new([[f32::NAN, 1.0], [0.0, 1.0]]);
        assert!(nan
            .try_linalg_svd(false)
            .unwrap_err()
            .to_string()
            .contains("non-finite"));
    }
}
