//! A float32 GEMM that reads both operands in place, without packing: for products with few rows
//! or a short inner dimension (a 64-row batch through a `Linear`, or its weight gradient with
//! k = 64), packing the operands costs as much as the multiply-adds it prepares.
//!
//! `C (m×n) = A (m×k) · B (k×n)` where B's rows are contiguous (column stride 1); A may have any
//! strides (a transposed view is read in place). The register tile is 8 rows × 32 columns with
//! AVX-512 and 6 rows × 16 columns with AVX2 and FMA, chosen at run time; partial tiles at the
//! right and bottom edges use masked loads and stores and the same multiply-adds, so every
//! element of `C` is `Σ_p a[i,p]·b[p,j]` accumulated by fused multiply-adds in the order
//! p = 0, 1, …, k−1, whatever its position and the CPU's vector width.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// The instruction sets the direct kernel is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Isa {
    /// AVX-512F: tiles of 8 × 32.
    Avx512,
    /// AVX2 with FMA: tiles of 6 × 16.
    Avx2,
}

impl Isa {
    /// The widest instruction set of this CPU that the kernel has, if any.
    pub(crate) fn detect() -> Option<Isa> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                return Some(Isa::Avx512);
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                return Some(Isa::Avx2);
            }
        }
        None
    }

    /// Whether this CPU can run `self`.
    pub(crate) fn available(self) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            match self {
                Isa::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
                Isa::Avx2 => {
                    std::arch::is_x86_feature_detected!("avx2")
                        && std::arch::is_x86_feature_detected!("fma")
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            false
        }
    }
}

/// `C = A · B` (or `C += A · B` when `accumulate`) for the `m×n` block at `c` (row stride
/// `ldc`), A at `a` with strides `(ars, acs)`, B at `b` with row stride `brs` and column stride
/// 1; without `accumulate`, `C` is written, not read. Accumulating starts each element's sum
/// from its value in `C`, then adds the products in order.
///
/// # Safety
/// `isa` must be available on this CPU ([`Isa::available`]); every `a + i·ars + p·acs`
/// (i < m, p < k) and `b + p·brs + j` (p < k, j < n) must be readable f32s, and every
/// `c + i·ldc + j` (i < m, j < n) readable (when accumulating), writable and not read or written
/// by anyone else meanwhile.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn sgemm_direct(
    isa: Isa,
    m: usize,
    k: usize,
    n: usize,
    a: *const f32,
    (ars, acs): (usize, usize),
    b: *const f32,
    brs: usize,
    c: *mut f32,
    ldc: usize,
    accumulate: bool,
) {
    #[cfg(target_arch = "x86_64")]
    {
        let g = Geometry {
            k,
            ars,
            acs,
            brs,
            ldc,
            accumulate,
        };
        // SAFETY: the caller's contract, passed on (the ISA is available, the extents valid).
        unsafe {
            match isa {
                Isa::Avx512 => avx512::block(m, n, a, b, c, g),
                Isa::Avx2 => avx2::block(m, n, a, b, c, g),
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = (isa, m, k, n, a, ars, acs, b, brs, c, ldc, accumulate);
        unreachable!("no direct GEMM kernel on this architecture");
    }
}

/// Inner lengths up to which a block is walked row tile by row tile (else column strip by strip).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const SHORT_K: usize = 128;

/// The strides and inner length shared by every tile of one product.
#[derive(Clone, Copy)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
struct Geometry {
    k: usize,
    ars: usize,
    acs: usize,
    brs: usize,
    ldc: usize,
    /// Whether the tiles start from C's values (else from zero).
    accumulate: bool,
}

/// One kernel per vector width: `tile::<ROWS, FULL>` computes a ROWS × NR tile (`FULL`: all NR
/// columns, else the first `cols` under a mask) and `block` walks the block in tiles, column
/// strips or row tiles outside, by the inner length (see `block`). The helpers
/// `mask(cnt)`, `mload(p, mask)` and `mstore(p, mask, v)` are each module's own.
macro_rules! direct_kernel {
    ($feat:literal, $mr:literal, $nr:literal, $vec:ty, $lanes:literal, $masktype:ty,
     zero: $zero:path, set1: $set1:path, fma: $fma:path, load: $load:path, store: $store:path,
     [$($r:literal),*]) => {
        const MR: usize = $mr;
        const NR: usize = $nr;
        const V: usize = NR / $lanes;

        #[target_feature(enable = $feat)]
        #[inline]
        unsafe fn tile<const ROWS: usize, const FULL: bool>(
            a: *const f32,
            b: *const f32,
            c: *mut f32,
            cols: usize,
            g: Geometry,
        ) {
            let mut masks = [mask(0); V];
            for (v, m) in masks.iter_mut().enumerate() {
                *m = mask((cols as i64 - (v * $lanes) as i64).clamp(0, $lanes) as i32);
            }
            let mut acc = [[$zero(); V]; ROWS];
            if g.accumulate {
                for (r, row) in acc.iter_mut().enumerate() {
                    // SAFETY: as for the stores below; an accumulating caller vouches that
                    // these elements of C are readable.
                    let cp = unsafe { c.add(r * g.ldc) };
                    for (v, (x, &k)) in row.iter_mut().zip(&masks).enumerate() {
                        *x = unsafe {
                            if FULL {
                                $load(cp.add(v * $lanes))
                            } else {
                                mload(cp.wrapping_add(v * $lanes), k)
                            }
                        };
                    }
                }
            }
            let mut bv = [$zero(); V];
            // SAFETY (the loads and stores below): the caller guarantees that rows 0..ROWS of
            // A and the first `cols` columns of B and C are in bounds for `g.k` steps; full
            // tiles touch exactly NR columns, partial ones only the lanes below `cols` (their
            // vector addresses are formed with `wrapping_add`: a vector wholly past `cols`
            // may point past the allocation, and its empty mask touches nothing).
            for p in 0..g.k {
                let bp = unsafe { b.add(p * g.brs) };
                for (v, (x, &k)) in bv.iter_mut().zip(&masks).enumerate() {
                    *x = unsafe {
                        if FULL {
                            $load(bp.add(v * $lanes))
                        } else {
                            mload(bp.wrapping_add(v * $lanes), k)
                        }
                    };
                }
                let ap = unsafe { a.add(p * g.acs) };
                for (r, row) in acc.iter_mut().enumerate() {
                    let av = $set1(unsafe { *ap.add(r * g.ars) });
                    for (x, &bx) in row.iter_mut().zip(&bv) {
                        *x = $fma(av, bx, *x);
                    }
                }
            }
            for (r, row) in acc.iter().enumerate() {
                let cp = unsafe { c.add(r * g.ldc) };
                for (v, (&x, &k)) in row.iter().zip(&masks).enumerate() {
                    unsafe {
                        if FULL {
                            $store(cp.add(v * $lanes), x);
                        } else {
                            mstore(cp.wrapping_add(v * $lanes), k, x);
                        }
                    }
                }
            }
        }

        /// The tile whose top left corner is row `i`, column `j` of the `m × n` block.
        #[target_feature(enable = $feat)]
        #[inline]
        #[allow(clippy::too_many_arguments)]
        unsafe fn tile_at(
            i: usize,
            j: usize,
            m: usize,
            n: usize,
            a: *const f32,
            b: *const f32,
            c: *mut f32,
            g: Geometry,
        ) {
            let (rows, cols) = ((m - i).min(MR), (n - j).min(NR));
            // SAFETY: rows i..i+rows and columns j..j+cols lie inside the block the caller
            // vouched for, and this function runs with the feature on.
            unsafe {
                let (ap, bp, cp) = (a.add(i * g.ars), b.add(j), c.add(i * g.ldc + j));
                match (rows, cols == NR) {
                    $(
                        ($r, true) => tile::<$r, true>(ap, bp, cp, cols, g),
                        ($r, false) => tile::<$r, false>(ap, bp, cp, cols, g),
                    )*
                    _ => unreachable!("a tile has 1 to MR rows"),
                }
            }
        }

        #[target_feature(enable = $feat)]
        pub(super) unsafe fn block(
            m: usize,
            n: usize,
            a: *const f32,
            b: *const f32,
            c: *mut f32,
            g: Geometry,
        ) {
            if g.k <= SHORT_K {
                // A short inner dimension: a row tile of A (MR × k) stays in L1 while the
                // block of B (k × n) streams past it from L1 or L2.
                for i in (0..m).step_by(MR) {
                    for j in (0..n).step_by(NR) {
                        // SAFETY: (i, j) is a tile corner inside the block, as `tile_at` needs.
                        unsafe { tile_at(i, j, m, n, a, b, c, g) };
                    }
                }
            } else {
                // A long one: a column strip of B (k × NR) stays in L2 while the rows of A
                // stream past it.
                for j in (0..n).step_by(NR) {
                    for i in (0..m).step_by(MR) {
                        // SAFETY: (i, j) is a tile corner inside the block, as `tile_at` needs.
                        unsafe { tile_at(i, j, m, n, a, b, c, g) };
                    }
                }
            }
        }
    };
}

// The AVX-512 intrinsics are stable from rustc 1.89, the workspace's declared minimum.
#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::*;

    #[inline]
    fn mask(cnt: i32) -> __mmask16 {
        ((1u32 << cnt) - 1) as __mmask16
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn mload(p: *const f32, k: __mmask16) -> __m512 {
        // SAFETY: the caller guarantees the lanes set in `k` are readable.
        unsafe { _mm512_maskz_loadu_ps(k, p) }
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn mstore(p: *mut f32, k: __mmask16, v: __m512) {
        // SAFETY: the caller guarantees the lanes set in `k` are writable.
        unsafe { _mm512_mask_storeu_ps(p, k, v) }
    }

    direct_kernel!("avx512f", 8, 32, __m512, 16, __mmask16,
        zero: _mm512_setzero_ps, set1: _mm512_set1_ps, fma: _mm512_fmadd_ps,
        load: _mm512_loadu_ps, store: _mm512_storeu_ps,
        [1, 2, 3, 4, 5, 6, 7, 8]);
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::*;

    #[target_feature(enable = "avx2")]
    #[inline]
    fn mask(cnt: i32) -> __m256i {
        _mm256_cmpgt_epi32(
            _mm256_set1_epi32(cnt),
            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
        )
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn mload(p: *const f32, k: __m256i) -> __m256 {
        // SAFETY: the caller guarantees the lanes set in `k` are readable.
        unsafe { _mm256_maskload_ps(p, k) }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn mstore(p: *mut f32, k: __m256i, v: __m256) {
        // SAFETY: the caller guarantees the lanes set in `k` are writable.
        unsafe { _mm256_maskstore_ps(p, k, v) }
    }

    direct_kernel!("avx2,fma", 6, 16, __m256, 8, __m256i,
        zero: _mm256_setzero_ps, set1: _mm256_set1_ps, fma: _mm256_fmadd_ps,
        load: _mm256_loadu_ps, store: _mm256_storeu_ps,
        [1, 2, 3, 4, 5, 6]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Σ_p a·b` by fused multiply-adds in the kernel's order, element by element.
    #[allow(clippy::too_many_arguments)]
    fn reference(
        m: usize,
        k: usize,
        n: usize,
        a: &[f32],
        (ao, ars, acs): (usize, usize, usize),
        b: &[f32],
        (bo, brs): (usize, usize),
        start: impl Fn(usize, usize) -> f32,
    ) -> Vec<f32> {
        let mut c = vec![0.0f32; m * n];
        for i in 0..m {
            for j in 0..n {
                let mut s = start(i, j);
                for p in 0..k {
                    s = a[ao + i * ars + p * acs].mul_add(b[bo + p * brs + j], s);
                }
                c[i * n + j] = s;
            }
        }
        c
    }

    #[test]
    fn direct_kernel_matches_the_definition_on_odd_sizes_and_strides() {
        let isas: Vec<Isa> = [Isa::Avx512, Isa::Avx2]
            .into_iter()
            .filter(|i| i.available())
            .collect();
        let data: Vec<f32> = (0..40_000)
            .map(|i| ((i * 7919 % 2003) as f32 - 1001.0) / 313.0)
            .collect();
        // (m, k, n): tile-sized, ragged in every direction, one row, one column, k = 1
        let sizes = [
            (8, 5, 32),
            (6, 7, 16),
            (13, 17, 37),
            (1, 9, 3),
            (9, 1, 50),
            (64, 33, 70),
            (17, 64, 31),
            (7, 3, 1),
            (9, 150, 40),
            (21, 129, 33),
        ];
        for isa in isas {
            for &(m, k, n) in &sizes {
                // A row-major with padding, A transposed, B with a row stride wider than n
                let layouts = [((3, k + 2, 1), (5, n + 3)), ((11, 1, m + 1), (0, n))];
                for ((la, lb), accumulate) in
                    layouts.into_iter().flat_map(|l| [(l, false), (l, true)])
                {
                    let ldc = n + 4; // C rows padded: the padding must stay untouched
                                     // accumulating starts from these values, else C is only written
                    let start =
                        |i: usize, j: usize| if accumulate { data[i * 31 + j] } else { 0.0 };
                    let mut c = vec![f32::NAN; m * ldc];
                    if accumulate {
                        for i in 0..m {
                            for j in 0..n {
                                c[i * ldc + j] = start(i, j);
                            }
                        }
                    }
                    // SAFETY: the offsets and strides keep every read inside `data` (40,000
                    // elements, far more than these sizes reach), C is m × ldc, and the ISA
                    // was checked available.
                    unsafe {
                        sgemm_direct(
                            isa,
                            m,
                            k,
                            n,
                            data.as_ptr().add(la.0),
                            (la.1, la.2),
                            data.as_ptr().add(lb.0),
                            lb.1,
                            c.as_mut_ptr(),
                            ldc,
                            accumulate,
                        );
                    }
                    let want = reference(m, k, n, &data, la, &data, lb, start);
                    for i in 0..m {
                        for j in 0..ldc {
                            let got = c[i * ldc + j];
                            if j < n {
                                assert_eq!(
                                    got.to_bits(),
                                    want[i * n + j].to_bits(),
                                    "{isa:?} {m}x{k}x{n} (accumulate {accumulate}) at ({i}, {j}): {got} vs {}",
                                    want[i * n + j]
                                );
                            } else {
                                assert!(got.is_nan(), "{isa:?} wrote C's padding at ({i}, {j})");
                            }
                        }
                    }
                }
            }
        }
    }
}
