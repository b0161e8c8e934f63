//! Elementwise, reduction and matrix kernels over typed slices.

mod avg_pool;
mod conv;
mod elementwise;
mod gemm;
mod gemm_direct;
pub(crate) mod norm;
mod pool;
mod reduce;
pub(crate) mod softmax;
pub(crate) mod team;

pub(crate) use avg_pool::*;
pub(crate) use conv::*;
pub(crate) use elementwise::*;
pub(crate) use gemm::*;
pub(crate) use pool::*;
pub(crate) use reduce::*;

use crate::tensor::{take_vec, Data, Dims, Element, INLINE};
use std::mem::MaybeUninit;

/// Elements from which elementwise work is split across threads (128 KiB of f32). At this size
/// two threads already beat one on an f32 add (`ferrograd-bench --grain`: 4.1 µs on one thread,
/// 3.2 µs on two); costlier ops such as `exp` gain more.
pub(crate) const PAR_GRAIN: usize = 1 << 15;

/// Threads that take part in a parallel region started here: the count given to
/// [`crate::set_num_threads`], else the size of the rayon pool the caller runs under (the
/// global pool's: `RAYON_NUM_THREADS` or the number of CPUs). The calling thread counts as one
/// of them whether or not it is a pool thread (it takes blocks itself, [`team::run_parts`]):
/// counting it as one more outside the pool had put three workers on two cores, and every
/// region waited for a descheduled block (an f32 multiply of 784×256 elements from the main
/// thread: 45–67 µs that way, 23–37 µs this way, on a 2-core host).
pub(crate) fn team_size() -> usize {
    match THREADS.load(std::sync::atomic::Ordering::Relaxed) {
        0 => rayon::current_num_threads().max(1),
        n => n,
    }
}

/// The thread count set by [`crate::set_num_threads`], 0 when unset.
static THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub(crate) fn set_threads(n: usize) {
    THREADS.store(n, std::sync::atomic::Ordering::Relaxed);
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
            // The calling thread writes the first chunk while the team writes the others.
            let chunk = n.div_ceil(parts);
            team::for_each_chunk(spare, chunk, |i, c| write(i * chunk, c));
        } else {
            write(0, spare);
        }
    }
    // SAFETY: the capacity is at least `n` and `write` initialised all of `spare[..n]` (every
    // chunk of it); on a panic inside `write` this line is never reached.
    unsafe { v.set_len(n) };
    Data::from_vec(v)
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

/// Runs `f` compiled for fused multiply-add when the CPU has it, so that `mul_add` inside `f`
/// (inlined) is one instruction rather than a call into the C library. The results are the same
/// either way: a fused multiply-add rounds once, in hardware or in software.
#[inline]
pub(crate) fn with_fma<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "fma")]
        unsafe fn call<R>(f: impl FnOnce() -> R) -> R {
            f()
        }
        if std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the feature the function is compiled for is present on this CPU.
            return unsafe { call(f) };
        }
    }
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks `build` writes `n` elements in, as `(start, len)`, sorted.
    fn blocks_of(n: usize) -> Vec<(usize, usize)> {
        let seen = std::sync::Mutex::new(Vec::new());
        let out = build::<f32>(n, |start, chunk| {
            seen.lock().unwrap().push((start, chunk.len()));
            for (i, c) in chunk.iter_mut().enumerate() {
                c.write((start + i) as f32);
            }
        });
        assert!(out.iter().enumerate().all(|(i, &v)| v == i as f32));
        let mut v = seen.into_inner().unwrap();
        v.sort();
        v
    }

    #[test]
    fn a_region_has_as_many_blocks_as_the_pool_has_threads_inside_or_outside_it() {
        let n = 4 * PAR_GRAIN + 3;
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            // inside the pool: one block per pool thread
            let inside = pool.install(|| blocks_of(n));
            assert_eq!(inside.len(), threads);
            // outside it (the caller writes the first block): still one per pool thread, not
            // one more, which would put threads + 1 workers on the pool's cores
            let outside = std::thread::scope(|s| {
                s.spawn(|| {
                    assert!(rayon::current_thread_index().is_none());
                    blocks_of(n)
                })
                .join()
                .unwrap()
            });
            assert_eq!(outside.len(), rayon::current_num_threads());
            assert_eq!(inside.iter().map(|b| b.1).sum::<usize>(), n);
        }
        assert_eq!(blocks_of(PAR_GRAIN - 1), vec![(0, PAR_GRAIN - 1)]);
    }

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
    fn vector_exp_is_within_two_ulp_and_handles_special_values() {
        let ulp = |v: f32| (v.abs().max(f32::MIN_POSITIVE) * f32::EPSILON) as f64;
        // -110 to 95 in steps of 0.001: overflow, underflow into the subnormals and to 0
        let mut xs: Vec<f32> = (-110_000..=95_000).map(|i| i as f32 * 1e-3).collect();
        xs.extend([
            1e-30,
            -1e-30,
            88.722_83,
            88.722_84,
            -87.336_55,
            -103.972_08,
            -103.972_09,
            f32::MIN_POSITIVE,
            f32::MAX,
            f32::MIN,
        ]);
        let mut out = vec![MaybeUninit::<f32>::uninit(); xs.len()];
        // odd lengths: the vector loop's tail
        for cut in [xs.len(), xs.len() - 5] {
            exp_slice_f32(&xs[..cut], &mut out[..cut]);
            for (i, &x) in xs[..cut].iter().enumerate() {
                // SAFETY: exp_slice_f32 wrote out[..cut].
                let got = unsafe { out[i].assume_init() };
                assert_eq!(
                    got.to_bits(),
                    exp_f32(x).to_bits(),
                    "{x}: slice and scalar differ"
                );
                let want = (x as f64).exp();
                if want > f32::MAX as f64 * (1.0 + 0.5 * f32::EPSILON as f64) {
                    assert_eq!(got, f32::INFINITY, "{x}");
                } else {
                    assert!(
                        (got as f64 - want).abs() <= 2.0 * ulp(want as f32),
                        "{x}: {got} vs {want}"
                    );
                }
            }
        }
        assert!(exp_f32(f32::NAN).is_nan());
        assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp_f32(f32::NEG_INFINITY).to_bits(), 0);
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(-0.0), 1.0);
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
