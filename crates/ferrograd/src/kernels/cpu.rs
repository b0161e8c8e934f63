//! Elementwise, reduction and matrix kernels over typed slices.

use crate::tensor::{take_vec, Data, Dims, Element, Tensor, INLINE};
use rayon::prelude::*;
use std::mem::MaybeUninit;

/// Elements from which elementwise work is split across threads (128 KiB of f32). At this size
/// two threads already beat one on an f32 add (`ferrograd-bench --grain`: 4.1 µs on one thread,
/// 3.2 µs on two); costlier ops such as `exp` gain more.
pub(crate) const PAR_GRAIN: usize = 1 << 15;

/// Threads that take part in a parallel region started here: the pool's, plus the calling thread
/// when it is outside the pool (it computes the first block itself rather than waiting).
pub(crate) fn team_size() -> usize {
    rayon::current_num_threads().max(1) + usize::from(rayon::current_thread_index().is_none())
}

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
        let parts = if n >= PAR_GRAIN { team_size() } else { 1 };
        if parts > 1 {
            // The calling thread writes the first chunk while pool threads write the others.
            let chunk = n.div_ceil(parts);
            let write = &write;
            rayon::in_place_scope(|sc| {
                let mut chunks = spare.chunks_mut(chunk).enumerate();
                let first = chunks.next();
                for (i, c) in chunks {
                    sc.spawn(move |_| write(i * chunk, c));
                }
                if let Some((_, c)) = first {
                    write(0, c);
                }
            });
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

/// [`map`] for an f32 function that has a slice kernel (`kernel` over contiguous runs, `scalar`
/// for strided inputs; the two give identical results).
pub(crate) fn map_f32_with(
    t: &Tensor,
    kernel: fn(&[f32], &mut [MaybeUninit<f32>]),
    scalar: impl Fn(f32) -> f32 + Sync,
) -> Data<f32> {
    let n = t.numel();
    if n <= INLINE || !t.is_contiguous() {
        return map(t, scalar);
    }
    let buf = t.0.storage.read();
    let x = f32::slice(&buf).expect("dtype mismatch in map");
    let s = &x[t.storage_offset()..t.storage_offset() + n];
    build(n, |start, out| kernel(&s[start..start + out.len()], out))
}

/// `e^x` for `0 <= x <= 88` in f32 arithmetic only (Cody-Waite reduction and Cephes' minimax
/// polynomial, within 2 ulp), so that loops over it vectorise.
#[inline(always)]
fn exp_pos_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23: adding and subtracting it rounds to an integer
    let n = (x * LOG2E + ROUND) - ROUND;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e = p * r * r + r + 1.0;
    e * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

/// `tanh(x)` in f32 (Cephes' method, within 2 ulp): an odd polynomial below 0.625, else
/// `1 - 2 / (e^{2|x|} + 1)`; NaN stays NaN, ±inf gives ±1.
#[inline(always)]
pub(crate) fn tanh_f32(x: f32) -> f32 {
    let ax = x.abs();
    let z = x * x;
    let small =
        ((((-5.704_988_7e-3 * z + 2.063_909e-2) * z - 5.373_971_6e-2) * z + 1.333_144_2e-1) * z
            - 3.333_328e-1)
            * z
            * x
            + x;
    let e = exp_pos_f32((2.0 * ax).min(40.0));
    let large = 1.0 - 2.0 / (e + 1.0);
    // tanh is odd: the sign of x (which also keeps -0.0).
    let r = (if ax < 0.625 { small } else { large }).copysign(x);
    if x.is_nan() {
        x
    } else {
        r
    }
}

#[inline(always)]
fn tanh_slice_generic(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    for (o, &x) in out.iter_mut().zip(src) {
        o.write(tanh_f32(x));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn tanh_slice_avx512(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    tanh_slice_generic(src, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn tanh_slice_avx2(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    tanh_slice_generic(src, out)
}

/// [`tanh_f32`] over a slice, in the widest vectors the CPU has (the same operations in each
/// width, so the same results).
pub(crate) fn tanh_slice_f32(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            return unsafe { tanh_slice_avx512(src, out) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            return unsafe { tanh_slice_avx2(src, out) };
        }
    }
    tanh_slice_generic(src, out)
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

/// `dst[i] = f(dst[i], src[i])` over the strided elements of `dst`, with `src` already broadcast
/// to `dst`'s shape (stride 0 on broadcast dimensions); a dense destination with a dense or
/// single-value source is split across threads above [`PAR_GRAIN`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn update<T: Element>(
    dst: &mut [T],
    shape: &[usize],
    dstrides: &[usize],
    doff: usize,
    src: &[T],
    sstrides: &[usize],
    soff: usize,
    f: impl Fn(T, T) -> T + Sync,
) {
    let n: usize = shape.iter().product();
    if n == 0 {
        return;
    }
    let dense = |st: &[usize]| crate::tensor::contiguous_strides(shape).as_slice() == st;
    let single = sstrides.iter().zip(shape).all(|(&s, &d)| s == 0 || d == 1);
    if dense(dstrides) && (dense(sstrides) || single) {
        let d = &mut dst[doff..doff + n];
        let chunk = if n >= PAR_GRAIN {
            n.div_ceil(team_size())
        } else {
            n
        };
        let f = &f;
        let run = move |start: usize, c: &mut [T]| {
            if single {
                let v = src[soff];
                for x in c.iter_mut() {
                    *x = f(*x, v);
                }
            } else {
                let len = c.len();
                for (x, &v) in c.iter_mut().zip(&src[soff + start..soff + start + len]) {
                    *x = f(*x, v);
                }
            }
        };
        rayon::in_place_scope(|sc| {
            let mut chunks = d.chunks_mut(chunk).enumerate();
            let first = chunks.next();
            for (i, c) in chunks {
                sc.spawn(move |_| run(i * chunk, c));
            }
            if let Some((_, c)) = first {
                run(0, c);
            }
        });
        return;
    }
    let nd = shape.len();
    let (id, is) = if nd == 0 {
        (0, 0)
    } else {
        (dstrides[nd - 1], sstrides[nd - 1])
    };
    walk_runs(
        shape,
        [dstrides, sstrides],
        [doff, soff],
        0,
        n,
        |_, [pd, ps], cnt| {
            for i in 0..cnt {
                let x = &mut dst[pd + i * id];
                *x = f(*x, src[ps + i * is]);
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
        let mut r = 0.0;
        let l = rayon::in_place_scope(|sc| {
            let right = &mut r;
            sc.spawn(move |_| *right = sum_slice(&s[mid..]));
            sum_slice(&s[..mid])
        });
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

/// Multiply-accumulates above which a product is split across threads (below, one core's
/// packing and kernel finish before a second core would have started).
const GEMM_PAR_MACS: usize = 1 << 19;

/// Splits `C (m×n) = A (m×k) · B (k×n)` into column blocks (or row blocks when `C` is narrow), one
/// per thread, each a single-threaded product on matrixmultiply's kernels; `run(i0, i1, j0, j1)`
/// computes the block of rows `i0..i1` and columns `j0..j1`.
fn split_gemm(m: usize, k: usize, n: usize, run: impl Fn(usize, usize, usize, usize) + Sync) {
    let threads = team_size();
    let parts = (m * k * n / GEMM_PAR_MACS).clamp(1, threads);
    if parts == 1 {
        run(0, m, 0, n);
        return;
    }
    // Each block packs its share of one operand and all of the other: split the dimension whose
    // operand is larger (columns of B when m <= n, else rows of A), in multiples of the kernels'
    // register tile where possible.
    let blocks: Vec<(usize, usize, usize, usize)> = if n >= m && n >= 2 * parts {
        let w = n.div_ceil(parts).next_multiple_of(16).min(n);
        (0..n.div_ceil(w))
            .map(|p| (0, m, p * w, ((p + 1) * w).min(n)))
            .collect()
    } else {
        let h = m.div_ceil(parts).next_multiple_of(8).min(m);
        (0..m.div_ceil(h))
            .map(|p| (p * h, ((p + 1) * h).min(m), 0, n))
            .collect()
    };
    // The calling thread computes the first block while pool threads take the others.
    let run = &run;
    rayon::in_place_scope(|sc| {
        for &(i0, i1, j0, j1) in &blocks[1..] {
            sc.spawn(move |_| run(i0, i1, j0, j1));
        }
        let (i0, i1, j0, j1) = blocks[0];
        run(i0, i1, j0, j1);
    });
}

macro_rules! gemm_fn {
    ($name:ident, $uninit:ident, $core:ident, $batched:ident, $t:ty, $mm:path) => {
        /// `C = A · B` for 2-D operands given as (slice, offset, row stride, col stride), with `C`
        /// a dense row-major `m×n` slice; transposed and strided operands are read in place.
        #[allow(clippy::too_many_arguments)]
        #[cfg_attr(not(test), allow(dead_code))]
        pub(crate) fn $name(
            m: usize,
            k: usize,
            n: usize,
            a: &[$t],
            ao: usize,
            sa: (usize, usize),
            b: &[$t],
            bo: usize,
            sb: (usize, usize),
            c: &mut [$t],
        ) {
            assert_eq!(c.len(), m * n);
            if k == 0 {
                c.fill(0.0);
                return;
            }
            $core(m, k, n, a, ao, sa, b, bo, sb, c.as_mut_ptr() as usize);
        }

        /// The same product, writing every element of the (uninitialised) `c`.
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $uninit(
            m: usize,
            k: usize,
            n: usize,
            a: &[$t],
            ao: usize,
            sa: (usize, usize),
            b: &[$t],
            bo: usize,
            sb: (usize, usize),
            c: &mut [MaybeUninit<$t>],
        ) {
            assert_eq!(c.len(), m * n);
            if k == 0 {
                for x in c.iter_mut() {
                    x.write(0.0);
                }
                return;
            }
            // matrixmultiply with beta = 0 writes C without reading it.
            $core(m, k, n, a, ao, sa, b, bo, sb, c.as_mut_ptr() as usize);
        }

        /// The product into the `m×n` elements at address `cp` (exclusively borrowed by the
        /// caller, `k > 0`).
        #[allow(clippy::too_many_arguments)]
        fn $core(
            m: usize,
            k: usize,
            n: usize,
            a: &[$t],
            ao: usize,
            (ars, acs): (usize, usize),
            b: &[$t],
            bo: usize,
            (brs, bcs): (usize, usize),
            cp: usize,
        ) {
            if m == 0 || n == 0 {
                return;
            }
            check_extent(a.len(), ao, m, k, ars, acs);
            check_extent(b.len(), bo, k, n, brs, bcs);
            let (ap, bp) = (a.as_ptr() as usize, b.as_ptr() as usize);
            split_gemm(m, k, n, |i0, i1, j0, j1| {
                // SAFETY: the extents of A (m×k from `ao`, strides ars/acs) and B (k×n from `bo`)
                // were checked against their slices above, and every block reads inside them;
                // `cp` addresses the m×n row-major elements the caller borrows exclusively, and
                // the blocks (rows i0..i1, columns j0..j1) of the different calls are disjoint,
                // so no two calls write the same element; with beta = 0 matrixmultiply writes
                // each element of its block without reading it; all calls return before
                // `split_gemm` does.
                unsafe {
                    $mm(
                        i1 - i0,
                        k,
                        j1 - j0,
                        1.0,
                        (ap as *const $t).add(ao + i0 * ars),
                        ars as isize,
                        acs as isize,
                        (bp as *const $t).add(bo + j0 * bcs),
                        brs as isize,
                        bcs as isize,
                        0.0,
                        (cp as *mut $t).add(i0 * n + j0),
                        n as isize,
                        1,
                    );
                }
            });
        }

        /// `bsz` products `A[i] (m×k) · B[i] (k×n)` into a new dense `bsz×m×n` buffer. Operand
        /// `i` starts `i * s[0]` elements after its offset; rows and columns step by `s[1]`, `s[2]`.
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $batched(
            bsz: usize,
            m: usize,
            k: usize,
            n: usize,
            a: &[$t],
            ao: usize,
            sa: [usize; 3],
            b: &[$t],
            bo: usize,
            sb: [usize; 3],
        ) -> Data<$t> {
            let total = bsz * m * n;
            let mut v = take_vec::<$t>(total);
            {
                let spare = &mut v.spare_capacity_mut()[..total];
                for (i, chunk) in spare.chunks_mut((m * n).max(1)).enumerate() {
                    $uninit(
                        m,
                        k,
                        n,
                        a,
                        ao + i * sa[0],
                        (sa[1], sa[2]),
                        b,
                        bo + i * sb[0],
                        (sb[1], sb[2]),
                        chunk,
                    );
                }
            }
            // SAFETY: the capacity is at least `total`, and each of the `bsz` chunks of `m * n`
            // elements was written in full by the product above (zeros when k = 0).
            unsafe { v.set_len(total) };
            Data::from_vec(v)
        }
    };
}
gemm_fn!(
    gemm_f32,
    gemm_f32_uninit,
    gemm_f32_core,
    batched_gemm_f32,
    f32,
    matrixmultiply::sgemm
);
gemm_fn!(
    gemm_f64,
    gemm_f64_uninit,
    gemm_f64_core,
    batched_gemm_f64,
    f64,
    matrixmultiply::dgemm
);

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
    fn split_gemm_matches_naive_on_large_odd_and_strided_operands() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        for &(m, k, n) in &[(97, 131, 203), (300, 70, 33), (20, 600, 150)] {
            let a: Vec<f64> = (0..m * k).map(|i| (i as f64 * 0.37).sin()).collect();
            let b: Vec<f64> = (0..k * n).map(|i| (i as f64 * 0.11).cos()).collect();
            let want = naive(m, k, n, &a, &b);
            // A read transposed from an (k×m) buffer, B read with row stride n+3 from a padded one.
            let mut at = vec![0.0; k * m];
            for i in 0..m {
                for p in 0..k {
                    at[p * m + i] = a[i * k + p];
                }
            }
            let mut bpad = vec![0.0; 5 + k * (n + 3)];
            for p in 0..k {
                for j in 0..n {
                    bpad[5 + p * (n + 3) + j] = b[p * n + j];
                }
            }
            let mut c = vec![0.0; m * n];
            pool.install(|| gemm_f64(m, k, n, &at, 0, (1, m), &bpad, 5, (n + 3, 1), &mut c));
            for (x, y) in c.iter().zip(&want) {
                assert!((x - y).abs() < 1e-9, "{m}x{k}x{n}");
            }
            let af: Vec<f32> = a.iter().map(|&x| x as f32).collect();
            let bf: Vec<f32> = b.iter().map(|&x| x as f32).collect();
            let mut cf = vec![0.0f32; m * n];
            pool.install(|| gemm_f32(m, k, n, &af, 0, (k, 1), &bf, 0, (n, 1), &mut cf));
            for (x, y) in cf.iter().zip(&want) {
                assert!((*x as f64 - y).abs() < 1e-3, "{m}x{k}x{n}");
            }
        }
    }

    #[test]
    fn strided_and_broadcast_elementwise_kernels_match_a_plain_walk() {
        use crate::Tensor;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        for &(r, c) in &[(1usize, 1usize), (3, 5), (7, 1), (301, 257)] {
            let x = Tensor::from_vec((0..r * c).map(|i| i as f64 * 0.5 - 3.0).collect(), &[r, c]);
            let y = Tensor::from_vec((0..c).map(|j| j as f64 + 1.0).collect(), &[c]);
            let col = Tensor::from_vec((0..r).map(|i| i as f64 - 2.0).collect(), &[r, 1]);
            let xt = x.t(); // (c, r), strided
            let want_t: Vec<f64> = (0..c)
                .flat_map(|j| (0..r).map(move |i| (i * c + j) as f64 * 0.5 - 3.0))
                .collect();
            let got = pool.install(|| map::<f64, f64>(&xt, |v| v * 2.0));
            assert_eq!(
                got.to_vec(),
                want_t.iter().map(|v| v * 2.0).collect::<Vec<_>>()
            );
            let shape = [r, c];
            let z =
                pool.install(|| zip::<f64, f64>(&x, &y.expand_raw(&shape), &shape, |a, b| a * b));
            let zc = pool.install(|| zip::<f64, f64>(&col, &x, &shape, |a, b| a - b));
            for i in 0..r {
                for j in 0..c {
                    let xv = (i * c + j) as f64 * 0.5 - 3.0;
                    assert_eq!(z[i * c + j], xv * (j as f64 + 1.0));
                    assert_eq!(zc[i * c + j], (i as f64 - 2.0) - xv);
                }
            }
            // sums over leading, trailing and all dims
            let s0 = sum_dims::<f64>(&x, &[true, false]);
            let s1 = sum_dims::<f64>(&xt, &[false, true]);
            for j in 0..c {
                let w: f64 = (0..r).map(|i| (i * c + j) as f64 * 0.5 - 3.0).sum();
                assert!((s0[j] - w).abs() < 1e-9 && (s1[j] - w).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn vector_tanh_is_within_two_ulp_and_handles_special_values() {
        let ulp = |v: f32| (v.abs().max(f32::MIN_POSITIVE) * f32::EPSILON) as f64;
        let mut xs: Vec<f32> = (-20_000..=20_000).map(|i| i as f32 * 1e-3).collect();
        xs.extend([
            1e-30,
            -1e-30,
            1e-6,
            0.624_999_9,
            0.625,
            40.0,
            -88.0,
            1e30,
            f32::MIN_POSITIVE,
        ]);
        let mut out = vec![MaybeUninit::<f32>::uninit(); xs.len()];
        // odd lengths: the vector loop's tail
        for cut in [xs.len(), xs.len() - 3] {
            tanh_slice_f32(&xs[..cut], &mut out[..cut]);
            for (i, &x) in xs[..cut].iter().enumerate() {
                // SAFETY: tanh_slice_f32 wrote out[..cut].
                let got = unsafe { out[i].assume_init() };
                assert_eq!(
                    got.to_bits(),
                    tanh_f32(x).to_bits(),
                    "{x}: slice and scalar differ"
                );
                let want = (x as f64).tanh();
                assert!(
                    (got as f64 - want).abs() <= 2.0 * ulp(want as f32),
                    "{x}: {got} vs {want}"
                );
            }
        }
        assert!(tanh_f32(f32::NAN).is_nan());
        assert_eq!(tanh_f32(f32::INFINITY), 1.0);
        assert_eq!(tanh_f32(f32::NEG_INFINITY), -1.0);
        assert_eq!(tanh_f32(-0.0).to_bits(), (-0.0f32).to_bits());
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
