//! Elementwise, reduction and matrix kernels over typed slices.

use crate::tensor::{Element, Tensor};
use rayon::prelude::*;

/// Elements above which elementwise work is split across threads.
pub(crate) const PAR_GRAIN: usize = 1 << 15;

/// Applies `f` to every element of `t` (read as `T`), producing a contiguous `Vec<U>`.
pub(crate) fn map<T: Element, U: Element>(t: &Tensor, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    if t.numel() > 1 && is_single_value(t) {
        return vec![f(first_value::<T>(t)); t.numel()];
    }
    t.with_slice::<T, _>(|s| {
        if s.len() >= PAR_GRAIN {
            let mut out = Vec::with_capacity(s.len());
            s.par_iter().map(|&x| f(x)).collect_into_vec(&mut out);
            out
        } else {
            s.iter().map(|&x| f(x)).collect()
        }
    })
}

/// Broadcast strides of `t` for `out_shape` (stride 0 on broadcast dimensions).
pub(crate) fn broadcast_strides(t: &Tensor, out_shape: &[usize]) -> Vec<usize> {
    let nd = out_shape.len();
    let off = nd - t.dim();
    let mut st = vec![0; nd];
    for i in 0..t.dim() {
        st[off + i] = if t.shape()[i] == 1 { 0 } else { t.strides()[i] };
    }
    st
}

/// Applies `f` elementwise over `a` and `b` broadcast to `out_shape`.
pub(crate) fn zip<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    out_shape: &[usize],
    f: impl Fn(T, T) -> U + Sync,
) -> Vec<U> {
    let n: usize = out_shape.iter().product();
    let same = a.shape() == out_shape && b.shape() == out_shape;
    if same && a.is_contiguous() && b.is_contiguous() {
        return a.with_slice::<T, _>(|x| {
            b.with_slice::<T, _>(|y| {
                if n >= PAR_GRAIN {
                    let mut out = Vec::with_capacity(n);
                    x.par_iter()
                        .zip(y.par_iter())
                        .map(|(&p, &q)| f(p, q))
                        .collect_into_vec(&mut out);
                    out
                } else {
                    x.iter().zip(y.iter()).map(|(&p, &q)| f(p, q)).collect()
                }
            })
        });
    }
    // One operand is a single value (possibly broadcast with zero strides): a map.
    if is_single_value(b) && a.shape() == out_shape {
        let s = first_value::<T>(b);
        return map::<T, U>(a, |x| f(x, s));
    }
    if is_single_value(a) && b.shape() == out_shape {
        let s = first_value::<T>(a);
        return map::<T, U>(b, |y| f(s, y));
    }
    if is_single_value(a) && is_single_value(b) {
        let v = f(first_value::<T>(a), first_value::<T>(b));
        return vec![v; n];
    }
    // General broadcast: walk both with their own strides.
    let sa = broadcast_strides(a, out_shape);
    let sb = broadcast_strides(b, out_shape);
    let ba = a.0.storage.read();
    let bb = b.0.storage.read();
    let xa = T::slice(&ba).expect("dtype");
    let xb = T::slice(&bb).expect("dtype");
    let mut out = Vec::with_capacity(n);
    for_each_offset2(
        out_shape,
        &sa,
        a.storage_offset(),
        &sb,
        b.storage_offset(),
        |oa, ob| out.push(f(xa[oa], xb[ob])),
    );
    out
}

/// Whether every element of `t` is the same storage element (numel 1, or all strides 0).
pub(crate) fn is_single_value(t: &Tensor) -> bool {
    t.numel() == 1 || (t.numel() > 0 && t.strides().iter().all(|&s| s == 0))
}

fn first_value<T: Element>(t: &Tensor) -> T {
    let buf = t.0.storage.read();
    T::slice(&buf).expect("dtype")[t.storage_offset()]
}

/// Walks two strided layouts of the same shape together.
pub(crate) fn for_each_offset2(
    shape: &[usize],
    sa: &[usize],
    oa: usize,
    sb: &[usize],
    ob: usize,
    mut f: impl FnMut(usize, usize),
) {
    let n: usize = shape.iter().product();
    if n == 0 {
        return;
    }
    let nd = shape.len();
    if nd == 0 {
        f(oa, ob);
        return;
    }
    let inner = shape[nd - 1];
    let (ia, ib) = (sa[nd - 1], sb[nd - 1]);
    let mut idx = vec![0usize; nd];
    let (mut base_a, mut base_b) = (oa, ob);
    loop {
        let (mut pa, mut pb) = (base_a, base_b);
        for _ in 0..inner {
            f(pa, pb);
            pa += ia;
            pb += ib;
        }
        let mut d = nd - 1;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            base_a += sa[d];
            base_b += sb[d];
            if idx[d] < shape[d] {
                break;
            }
            base_a -= sa[d] * shape[d];
            base_b -= sb[d] * shape[d];
            idx[d] = 0;
        }
    }
}

/// Pairwise (cascade) sum of a slice in f64 accumulation order-stable blocks.
pub(crate) fn sum_slice<T: Element>(s: &[T]) -> f64 {
    const BLOCK: usize = 128;
    if s.len() <= BLOCK {
        let mut acc = [0.0f64; 4];
        let chunks = s.chunks_exact(4);
        let rem = chunks.remainder();
        for c in chunks {
            acc[0] += c[0].to_f64();
            acc[1] += c[1].to_f64();
            acc[2] += c[2].to_f64();
            acc[3] += c[3].to_f64();
        }
        let mut tot = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        for x in rem {
            tot += x.to_f64();
        }
        return tot;
    }
    if s.len() >= PAR_GRAIN * 4 {
        let mid = s.len() / 2;
        let (l, r) = rayon::join(|| sum_slice(&s[..mid]), || sum_slice(&s[mid..]));
        return l + r;
    }
    let mid = (s.len() / 2 / BLOCK).max(1) * BLOCK;
    sum_slice(&s[..mid]) + sum_slice(&s[mid..])
}

/// Sums `t` over the dimensions flagged in `reduce` (kept as size 1), returning values in row-major
/// order of the kept-dims shape.
pub(crate) fn sum_dims<T: Element>(t: &Tensor, reduce: &[bool]) -> Vec<f64> {
    let shape = t.shape();
    let nd = shape.len();
    // Output layout: reduced dims become 1.
    let out_shape: Vec<usize> = (0..nd)
        .map(|i| if reduce[i] { 1 } else { shape[i] })
        .collect();
    let n_out: usize = out_shape.iter().product();
    let mut out = vec![0.0f64; n_out];
    // Strides of the output indexed by input coordinates (0 on reduced dims).
    let ostr = crate::tensor::contiguous_strides(&out_shape);
    let ostr: Vec<usize> = (0..nd)
        .map(|i| if reduce[i] { 0 } else { ostr[i] })
        .collect();
    // Fast path: contiguous input reducing only the trailing dims.
    let k = reduce.iter().rev().take_while(|&&r| r).count();
    if t.is_contiguous() && k > 0 && reduce[..nd - k].iter().all(|&r| !r) {
        let inner: usize = shape[nd - k..].iter().product();
        t.with_slice::<T, _>(|s| {
            for (o, chunk) in out.iter_mut().zip(s.chunks(inner.max(1))) {
                *o = sum_slice(chunk);
            }
        });
        return out;
    }
    let buf = t.0.storage.read();
    let x = T::slice(&buf).expect("dtype");
    for_each_offset2(shape, t.strides(), t.storage_offset(), &ostr, 0, |i, o| {
        out[o] += x[i].to_f64()
    });
    out
}

/// `C = A · B` for 2-D operands given as (slice, offset, row stride, col stride).
#[allow(clippy::too_many_arguments)]
pub(crate) fn gemm_f32(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    ao: usize,
    (ars, acs): (usize, usize),
    b: &[f32],
    bo: usize,
    (brs, bcs): (usize, usize),
    c: &mut [f32],
) {
    assert_eq!(c.len(), m * n);
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        c.fill(0.0);
        return;
    }
    check_extent(a.len(), ao, m, k, ars, acs);
    check_extent(b.len(), bo, k, n, brs, bcs);
    // SAFETY: the extents of A (m×k from `ao` with strides ars/acs) and B (k×n from `bo`) were
    // checked against their slices above, and C is an exclusively borrowed m×n row-major slice.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr().add(ao),
            ars as isize,
            acs as isize,
            b.as_ptr().add(bo),
            brs as isize,
            bcs as isize,
            0.0,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// Double-precision [`gemm_f32`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn gemm_f64(
    m: usize,
    k: usize,
    n: usize,
    a: &[f64],
    ao: usize,
    (ars, acs): (usize, usize),
    b: &[f64],
    bo: usize,
    (brs, bcs): (usize, usize),
    c: &mut [f64],
) {
    assert_eq!(c.len(), m * n);
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        c.fill(0.0);
        return;
    }
    check_extent(a.len(), ao, m, k, ars, acs);
    check_extent(b.len(), bo, k, n, brs, bcs);
    // SAFETY: as in `gemm_f32`: operand extents checked against their slices, C exclusive m×n.
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr().add(ao),
            ars as isize,
            acs as isize,
            b.as_ptr().add(bo),
            brs as isize,
            bcs as isize,
            0.0,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

fn check_extent(len: usize, off: usize, rows: usize, cols: usize, rs: usize, cs: usize) {
    let last = off + (rows - 1) * rs + (cols - 1) * cs;
    assert!(last < len, "matrix operand out of bounds");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(m: usize, k: usize, n: usize, a: &[f64], b: &[f64]) -> Vec<f64> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                for p in 0..k {
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }
        c
    }

    #[test]
    fn gemm_matches_naive_on_odd_sizes_and_transposes() {
        for &(m, k, n) in &[(1, 1, 1), (3, 5, 7), (17, 9, 33), (2, 64, 1)] {
            let a: Vec<f64> = (0..m * k).map(|i| (i as f64 * 0.37).sin()).collect();
            let b: Vec<f64> = (0..k * n).map(|i| (i as f64 * 0.11).cos()).collect();
            let want = naive(m, k, n, &a, &b);
            let mut c = vec![0.0; m * n];
            gemm_f64(m, k, n, &a, 0, (k, 1), &b, 0, (n, 1), &mut c);
            for (x, y) in c.iter().zip(&want) {
                assert!((x - y).abs() < 1e-12);
            }
            // B given transposed in memory: bt is n×k, read with strides (1, k).
            let mut bt = vec![0.0; k * n];
            for p in 0..k {
                for j in 0..n {
                    bt[j * k + p] = b[p * n + j];
                }
            }
            let mut c2 = vec![0.0; m * n];
            gemm_f64(m, k, n, &a, 0, (k, 1), &bt, 0, (1, k), &mut c2);
            for (x, y) in c2.iter().zip(&want) {
                assert!((x - y).abs() < 1e-12);
            }
            let af: Vec<f32> = a.iter().map(|&x| x as f32).collect();
            let bf: Vec<f32> = b.iter().map(|&x| x as f32).collect();
            let mut cf = vec![0.0f32; m * n];
            gemm_f32(m, k, n, &af, 0, (k, 1), &bf, 0, (n, 1), &mut cf);
            for (x, y) in cf.iter().zip(&want) {
                assert!((*x as f64 - y).abs() < 1e-4);
            }
        }
    }

    #[test]
    #[should_panic(expected = "out of bounds")]
    fn gemm_rejects_short_operands() {
        let a = vec![0.0f64; 3];
        let b = vec![0.0f64; 4];
        let mut c = vec![0.0f64; 4];
        gemm_f64(2, 2, 2, &a, 0, (2, 1), &b, 0, (2, 1), &mut c);
    }

    #[test]
    fn pairwise_sum_is_accurate() {
        let v = vec![0.1f32; 1_000_000];
        let s = sum_slice(&v);
        assert!((s - 100000.0014901161).abs() < 1e-6, "{s}");
    }
}
