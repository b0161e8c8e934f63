//! Elementwise kernels: maps, broadcasting zips, strided copies and updates, and the
//! vectorised `tanh`.

use super::{build, team_size, walk_runs, PAR_GRAIN};
use crate::tensor::{Data, Dims, Element, Tensor, INLINE};
use std::mem::MaybeUninit;

/// Writes `f(x)` for each `x` of `src` into `out` (same length): a loop the compiler vectorises.
#[inline(always)]
fn write_map<T: Copy, U>(out: &mut [MaybeUninit<U>], src: &[T], f: &impl Fn(T) -> U) {
    for (o, &x) in out.iter_mut().zip(src) {
        o.write(f(x));
    }
}

/// Applies `f` to every element of `t` (read as `T`), producing a contiguous row-major result.
pub(crate) fn map<T: Element, U: Element>(t: &Tensor, f: impl Fn(T) -> U + Sync) -> Data<U> {
    let n = t.numel();
    let buf = t.0.storage.read();
    let x = T::slice(&buf).expect("dtype mismatch in map");
    let off = t.storage_offset();
    if n == 0 {
        // an empty view may start past the end of its storage (`zeros(2, 0)[1]`)
        return Data::new();
    }
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
    let kf = x * LOG2E + ROUND;
    let n = kf - ROUND;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e = p * r * r + r + 1.0;
    e * f32::from_bits(((round_bits_to_int(kf) + 127) as u32) << 23)
}

/// The integer `n` held in `kf = t + 1.5·2^23` (|n| < 2^22) read from its bits: integer
/// arithmetic that vectorises, where `as i32` on a float does not.
#[inline(always)]
fn round_bits_to_int(kf: f32) -> i32 {
    (kf.to_bits() as i32).wrapping_sub(12_582_912f32.to_bits() as i32)
}

/// `e^x` in f32 for every `x` (Cody-Waite reduction and Cephes' minimax polynomial, within 2
/// ulp; subnormal results, overflow to infinity, `e^-inf = 0` and NaN as `expf`), in f32
/// arithmetic only, so that loops over it vectorise.
#[inline(always)]
pub(crate) fn exp_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23: adding and subtracting it rounds to an integer
                                     // Below -104 the result rounds to 0, above 89 to infinity; NaN passes through the clamp.
    let x = x.clamp(-104.0, 89.0);
    let kf = x * LOG2E + ROUND;
    let n = kf - ROUND;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e = p * r * r + r + 1.0;
    // 2^n in two normal factors (n is in -150..=129): exact scaling wherever the result is
    // normal, one rounding into the subnormals below.
    // (for a NaN x, ni is arbitrary and the result NaN through `e`)
    let ni = round_bits_to_int(kf);
    let n1 = ni >> 1;
    let s1 = f32::from_bits(((n1 + 127) as u32) << 23);
    let s2 = f32::from_bits(((ni - n1 + 127) as u32) << 23);
    e * s1 * s2
}

#[inline(always)]
fn exp_slice_generic(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    for (o, &x) in out.iter_mut().zip(src) {
        o.write(exp_f32(x));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn exp_slice_avx512(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    exp_slice_generic(src, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn exp_slice_avx2(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    exp_slice_generic(src, out)
}

/// [`exp_f32`] over a slice, in the widest vectors the CPU has (the same operations in each
/// width, so the same results).
pub(crate) fn exp_slice_f32(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            return unsafe { exp_slice_avx512(src, out) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            return unsafe { exp_slice_avx2(src, out) };
        }
    }
    exp_slice_generic(src, out)
}

/// [`exp_slice_f32`] into an initialised buffer.
pub(crate) fn exp_into_f32(src: &[f32], out: &mut [f32]) {
    // SAFETY: `MaybeUninit<f32>` has the layout of `f32`, and `exp_slice_f32` only writes
    // initialised values, so `out` holds valid floats afterwards (as before).
    let out = unsafe { &mut *(out as *mut [f32] as *mut [MaybeUninit<f32>]) };
    exp_slice_f32(src, out)
}

/// `relu(x)` in f32: 0 below 0, else `x` (NaN and -0 pass through, as the table's row).
#[inline(always)]
pub(crate) fn relu_f32(x: f32) -> f32 {
    if x < 0.0 {
        0.0
    } else {
        x
    }
}

/// [`relu_f32`] over a slice, a loop the compiler vectorises (the table's row calls its
/// function through a pointer, element by element).
pub(crate) fn relu_slice_f32(src: &[f32], out: &mut [MaybeUninit<f32>]) {
    for (o, &x) in out.iter_mut().zip(src) {
        o.write(relu_f32(x));
    }
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
    if n == 0 {
        return Data::new();
    }
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
        super::team::for_each_chunk(d, chunk, |i, c| run(i * chunk, c));
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
