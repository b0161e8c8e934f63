//! Elementwise, reduction and matrix kernels over typed slices.

use crate::tensor::{take_vec, Data, Dims, Element, Tensor, INLINE};
use rayon::prelude::*;
use std::mem::MaybeUninit;

/// Elements above which elementwise work is split across threads (measured: below this the
/// hand-off to the pool costs more than the second core gains).
pub(crate) const PAR_GRAIN: usize = 1 << 15;

/// Allocates `n` outputs and has `write(start, chunk)` initialise every slot of each chunk
/// (chunk `i` holds outputs `start..start + chunk.len()` in row-major order); chunks are written
/// in parallel above [`PAR_GRAIN`]. Scalars stay inline, large buffers come from the pool.
pub(crate) fn build<U: Element>(
    n: usize,
    write: impl Fn(usize, &mut [MaybeUninit<U>]) + Sync,
) -> Data<U> {
    if n <= INLINE {
        let mut tmp = [MaybeUninit::<U>::uninit(); INLINE];
        write(0, &mut tmp[..n]);
        // SAFETY: `write` initialises every slot of the chunk it is given, here `tmp[..n]`.
        return tmp[..n]
            .iter()
            .map(|x| unsafe { x.assume_init() })
            .collect();
    }
    let mut v = take_vec::<U>(n);
    {
        let spare = &mut v.spare_capacity_mut()[..n];
        if n >= PAR_GRAIN {
            let parts = rayon::current_num_threads().max(1) * 4;
            let chunk = n.div_ceil(parts).max(PAR_GRAIN / 4);
            spare
                .par_chunks_mut(chunk)
                .enumerate()
                .for_each(|(i, c)| write(i * chunk, c));
        } else {
            write(0, spare);
        }
    }
    // SAFETY: the capacity is at least `n` and `write` initialised all of `spare[..n]` (every
    // chunk of it); on a panic inside `write` this line is never reached.
    unsafe { v.set_len(n) };
    Data::from_vec(v)
}

/// Writes `f(x)` for each `x` of `src` into `out` (same length): a loop the compiler vectorises.
#[inline(always)]
fn write_map<T: Copy, U>(out: &mut [MaybeUninit<U>], src: &[T], f: &impl Fn(T) -> U) {
    for (o, &x) in out.iter_mut().zip(src) {
        o.write(f(x));
    }
}

/// Walks outputs `start..start + len` of `shape` in row-major order as runs along the last
/// dimension, calling `seg(position in chunk, operand offsets, run length)`; each operand has its
/// own strides (0 on broadcast dimensions) and offset.
#[inline]
pub(crate) fn walk_runs<const K: usize>(
    shape: &[usize],
    strides: [&[usize]; K],
    offsets: [usize; K],
    start: usize,
    len: usize,
    mut seg: impl FnMut(usize, [usize; K], usize),
) {
    if len == 0 {
        return;
    }
    let nd = shape.len();
    if nd == 0 {
        seg(0, offsets, 1);
        return;
    }
    let inner = shape[nd - 1];
    // Unravel `start` into a multi-index.
    let mut idx: Dims = smallvec::SmallVec::from_elem(0, nd);
    let mut rem = start;
    for d in (0..nd).rev() {
        idx[d] = rem % shape[d];
        rem /= shape[d];
    }
    let mut base = offsets;
    for k in 0..K {
        for d in 0..nd {
            base[k] += idx[d] * strides[k][d];
        }
    }
    let mut pos = 0;
    let mut left = len;
    loop {
        let cnt = (inner - idx[nd - 1]).min(left);
        seg(pos, base, cnt);
        pos += cnt;
        left -= cnt;
        if left == 0 {
            return;
        }
        // Back to the start of the row, then carry into the outer dimensions.
        for k in 0..K {
            base[k] -= idx[nd - 1] * strides[k][nd - 1];
        }
        idx[nd - 1] = 0;
        let mut d = nd - 1;
        loop {
            d -= 1;
            idx[d] += 1;
            for k in 0..K {
                base[k] += strides[k][d];
            }
            if idx[d] < shape[d] {
                break;
            }
            for k in 0..K {
                base[k] -= strides[k][d] * shape[d];
            }
            idx[d] = 0;
        }
    }
}

/// Applies `f` to every element of `t` (read as `T`), producing a contiguous row-major result.
pub(crate) fn map<T: Element, U: Element>(t: &Tensor, f: impl Fn(T) -> U + Sync) -> Data<U> {
    let n = t.numel();
    let buf = t.0.storage.read();
    let x = T::slice(&buf).expect("dtype mismatch in map");
    let off = t.storage_offset();
    if n == 1 {
        return smallvec::smallvec![f(x[off])];
    }
    if n > 1 && is_single_value(t) {
        return crate::tensor::storage::filled(n, f(x[off]));
    }
    if t.is_contiguous() {
        let s = &x[off..off + n];
        return build(n, |start, out| {
            write_map(out, &s[start..start + out.len()], &f)
        });
    }
    let (shape, st) = (t.shape(), t.strides());
    build(n, |start, out| {
        walk_runs(shape, [st], [off], start, out.len(), |p, [o], cnt| {
            let dst = &mut out[p..p + cnt];
            let step = st[st.len() - 1];
            if step == 1 {
                write_map(dst, &x[o..o + cnt], &f);
            } else {
                for (i, d) in dst.iter_mut().enumerate() {
                    d.write(f(x[o + i * step]));
                }
            }
        })
    })
}

/// Broadcast strides of `t` for `out_shape` (stride 0 on broadcast dimensions).
pub(crate) fn broadcast_strides(t: &Tensor, out_shape: &[usize]) -> Dims {
    let nd = out_shape.len();
    let off = nd - t.dim();
    let mut st: Dims = smallvec::SmallVec::from_elem(0, nd);
    for i in 0..t.dim() {
        st[off + i] = if t.shape()[i] == 1 { 0 } else { t.strides()[i] };
    }
    st
}

/// Applies `f` elementwise over `a` and `b` broadcast to `out_shape`, without materialising the
/// broadcast: each operand is read through its own strides.
pub(crate) fn zip<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    out_shape: &[usize],
    f: impl Fn(T, T) -> U + Sync,
) -> Data<U> {
    let n: usize = out_shape.iter().product();
    let ga = a.0.storage.read();
    let xa = T::slice(&ga).expect("dtype mismatch in zip");
    let same_storage = std::sync::Arc::ptr_eq(&a.0.storage, &b.0.storage);
    let gb = if same_storage {
        None
    } else {
        Some(b.0.storage.read())
    };
    let xb = match &gb {
        Some(g) => T::slice(g).expect("dtype mismatch in zip"),
        None => xa,
    };
    let (oa, ob) = (a.storage_offset(), b.storage_offset());
    if n == 1 {
        return smallvec::smallvec![f(xa[oa], xb[ob])];
    }
    let ca = a.shape() == out_shape && a.is_contiguous();
    let cb = b.shape() == out_shape && b.is_contiguous();
    let sa1 = n > 0 && is_single_value(a);
    let sb1 = n > 0 && is_single_value(b);
    if ca && cb {
        let (x, y) = (&xa[oa..oa + n], &xb[ob..ob + n]);
        return build(n, |s, out| {
            for (o, (&p, &q)) in out.iter_mut().zip(x[s..].iter().zip(&y[s..])) {
                o.write(f(p, q));
            }
        });
    }
    if ca && sb1 {
        let (x, q) = (&xa[oa..oa + n], xb[ob]);
        return build(n, |s, out| {
            write_map(out, &x[s..s + out.len()], &|p| f(p, q))
        });
    }
    if cb && sa1 {
        let (p, y) = (xa[oa], &xb[ob..ob + n]);
        return build(n, |s, out| {
            write_map(out, &y[s..s + out.len()], &|q| f(p, q))
        });
    }
    if sa1 && sb1 {
        return crate::tensor::storage::filled(n, f(xa[oa], xb[ob]));
    }
    // General broadcast: runs along the last dimension, each operand with its own strides.
    let sa = broadcast_strides(a, out_shape);
    let sb = broadcast_strides(b, out_shape);
    let nd = out_shape.len();
    let (ia, ib) = (sa[nd - 1], sb[nd - 1]);
    build(n, |start, out| {
        walk_runs(
            out_shape,
            [&sa, &sb],
            [oa, ob],
            start,
            out.len(),
            |p, [pa, pb], cnt| {
                let dst = &mut out[p..p + cnt];
                match (ia, ib) {
                    (1, 1) => {
                        for (o, (&u, &v)) in dst
                            .iter_mut()
                            .zip(xa[pa..pa + cnt].iter().zip(&xb[pb..pb + cnt]))
                        {
                            o.write(f(u, v));
                        }
                    }
                    (1, 0) => {
                        let v = xb[pb];
                        write_map(dst, &xa[pa..pa + cnt], &|u| f(u, v));
                    }
                    (0, 1) => {
                        let u = xa[pa];
                        write_map(dst, &xb[pb..pb + cnt], &|v| f(u, v));
                    }
                    _ => {
                        for (i, o) in dst.iter_mut().enumerate() {
                            o.write(f(xa[pa + i * ia], xb[pb + i * ib]));
                        }
                    }
                }
            },
        )
    })
}

/// Whether every element of `t` is the same storage element (numel 1, or all strides 0).
#[inline]
pub(crate) fn is_single_value(t: &Tensor) -> bool {
    t.numel() == 1
        || (t.numel() > 0
            && t.strides()
                .iter()
                .zip(t.shape())
                .all(|(&s, &d)| s == 0 || d == 1))
}

/// Copies `src` (already broadcast to `dst`'s shape, same element type) into the strided
/// elements of `dst` (a slice of the destination storage).
pub(crate) fn copy_into<T: Element>(
    dst: &mut [T],
    dshape: &[usize],
    dstrides: &[usize],
    doff: usize,
    src: &[T],
    sstrides: &[usize],
    soff: usize,
) {
    let n: usize = dshape.iter().product();
    let nd = dshape.len();
    if nd == 0 {
        if n == 1 {
            dst[doff] = src[soff];
        }
        return;
    }
    let (id, is) = (dstrides[nd - 1], sstrides[nd - 1]);
    walk_runs(
        dshape,
        [dstrides, sstrides],
        [doff, soff],
        0,
        n,
        |_, [pd, ps], cnt| match (id, is) {
            (1, 1) => dst[pd..pd + cnt].copy_from_slice(&src[ps..ps + cnt]),
            (1, 0) => dst[pd..pd + cnt].fill(src[ps]),
            _ => {
                for i in 0..cnt {
                    dst[pd + i * id] = src[ps + i * is];
                }
            }
        },
    );
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
    let nd = shape.len();
    let (ia, ib) = if nd == 0 {
        (0, 0)
    } else {
        (sa[nd - 1], sb[nd - 1])
    };
    walk_runs(shape, [sa, sb], [oa, ob], 0, n, |_, [pa, pb], cnt| {
        for i in 0..cnt {
            f(pa + i * ia, pb + i * ib);
        }
    });
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
/// order of the kept-dims shape. A contiguous input whose reduced dimensions form one block takes
/// pairwise sums (trailing block) or blocked column sums (leading or middle block).
pub(crate) fn sum_dims<T: Element>(t: &Tensor, reduce: &[bool]) -> Vec<f64> {
    let shape = t.shape();
    let nd = shape.len();
    let n_out: usize = (0..nd).filter(|&i| !reduce[i]).map(|i| shape[i]).product();
    let buf = t.0.storage.read();
    let x = T::slice(&buf).expect("dtype mismatch in sum_dims");
    let off = t.storage_offset();
    let numel = t.numel();
    if numel == 0 {
        return vec![0.0; n_out];
    }
    let first = reduce.iter().position(|&r| r);
    let last = reduce.iter().rposition(|&r| r);
    if let (Some(p), Some(q), true) = (first, last, t.is_contiguous()) {
        if reduce[p..=q].iter().all(|&r| r) {
            let outer: usize = shape[..p].iter().product();
            let mid: usize = shape[p..=q].iter().product();
            let inner: usize = shape[q + 1..].iter().product();
            let s = &x[off..off + numel];
            let mut out = vec![0.0f64; outer * inner];
            let par = numel >= PAR_GRAIN * 4;
            if inner == 1 {
                if par && outer > 1 {
                    out.par_iter_mut()
                        .zip(s.par_chunks(mid))
                        .for_each(|(o, c)| *o = sum_slice(c));
                } else {
                    for (o, c) in out.iter_mut().zip(s.chunks(mid)) {
                        *o = sum_slice(c);
                    }
                }
            } else if par && outer > 1 {
                out.par_chunks_mut(inner)
                    .zip(s.par_chunks(mid * inner))
                    .for_each(|(o, c)| column_sums(c, mid, inner, 0, o));
            } else if par {
                let cw = inner
                    .div_ceil(rayon::current_num_threads().max(1) * 2)
                    .max(64);
                out.par_chunks_mut(cw)
                    .enumerate()
                    .for_each(|(i, o)| column_sums(s, mid, inner, i * cw, o));
            } else {
                for (o, c) in out.chunks_mut(inner).zip(s.chunks(mid * inner)) {
                    column_sums(c, mid, inner, 0, o);
                }
            }
            return out;
        }
    }
    // General layout: accumulate each element into its output slot.
    let kept: Dims = (0..nd)
        .map(|i| if reduce[i] { 1 } else { shape[i] })
        .collect();
    let ostr = crate::tensor::contiguous_strides(&kept);
    let ostr: Dims = (0..nd)
        .map(|i| if reduce[i] { 0 } else { ostr[i] })
        .collect();
    let mut out = vec![0.0f64; n_out];
    for_each_offset2(shape, t.strides(), off, &ostr, 0, |i, o| {
        out[o] += x[i].to_f64()
    });
    out
}

/// `out[j] += Σ_r s[r * cols + c0 + j]` for `r < rows`, in blocks of rows (each block summed
/// apart, then added), so the error grows with the number of blocks, not of rows.
fn column_sums<T: Element>(s: &[T], rows: usize, cols: usize, c0: usize, out: &mut [f64]) {
    const BLOCK: usize = 64;
    let w = out.len();
    let mut part = vec![0.0f64; w];
    let mut r0 = 0;
    while r0 < rows {
        part.fill(0.0);
        for r in r0..(r0 + BLOCK).min(rows) {
            let row = &s[r * cols + c0..r * cols + c0 + w];
            for (p, &v) in part.iter_mut().zip(row) {
                *p += v.to_f64();
            }
        }
        for (o, p) in out.iter_mut().zip(&part) {
            *o += p;
        }
        r0 += BLOCK;
    }
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
