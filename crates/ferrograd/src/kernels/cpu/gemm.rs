//! Matrix multiplication kernels (GEMM), single and batched, split across threads.

use super::gemm_direct::{sgemm_direct, Isa};
use super::team_size;
use crate::tensor::{take_vec, Data};
use std::mem::MaybeUninit;
use std::sync::OnceLock;

/// Which kernels a product may use: `FERROGRAD_GEMM=packed` keeps every product on
/// matrixmultiply, `FERROGRAD_GEMM=direct` sends every product whose layout allows it to the
/// direct kernel (for measuring one against the other); unset, the shape decides.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Auto,
    Packed,
    Direct,
}

fn choice() -> Choice {
    static C: OnceLock<Choice> = OnceLock::new();
    *C.get_or_init(|| match std::env::var("FERROGRAD_GEMM").as_deref() {
        Ok("packed") => Choice::Packed,
        Ok("direct") => Choice::Direct,
        _ => Choice::Auto,
    })
}

/// Rows or inner length up to which the direct (unpacked) f32 kernel beats packing: packing
/// copies `k·n` elements of B for every `m·k·n` multiply-adds, and the rows of A once per
/// column block, which does not pay for itself when `m` or `k` is this small
/// (`ferrograd-bench --gemm-shapes`).
const DIRECT_MAX_SIDE: usize = 128;

/// The direct kernel's instruction set on this CPU, unless `FERROGRAD_GEMM=packed` keeps every
/// product on matrixmultiply (`FERROGRAD_GEMM_ISA=avx2` runs the AVX2 kernel on an AVX-512 CPU,
/// for measuring it).
pub(super) fn direct_kernel() -> Option<Isa> {
    static ISA: OnceLock<Option<Isa>> = OnceLock::new();
    let isa = *ISA.get_or_init(|| match std::env::var("FERROGRAD_GEMM_ISA").as_deref() {
        Ok("avx2") if Isa::Avx2.available() => Some(Isa::Avx2),
        _ => Isa::detect(),
    });
    isa.filter(|_| choice() != Choice::Packed)
}

/// The direct kernel's instruction set for an f32 product of this shape and B column stride, if
/// the product should use it.
fn direct_isa(m: usize, k: usize, bcs: usize) -> Option<Isa> {
    let isa = direct_kernel()?;
    let ok = bcs == 1
        && match choice() {
            Choice::Packed => false,
            Choice::Direct => true,
            Choice::Auto => m <= DIRECT_MAX_SIDE || k <= DIRECT_MAX_SIDE,
        };
    ok.then_some(isa)
}

/// The element types' route to the direct kernel (float32 only; f64 products are packed).
trait Direct: Sized {
    fn isa(m: usize, k: usize, bcs: usize) -> Option<Isa>;
    /// # Safety
    /// As [`sgemm_direct`].
    #[allow(clippy::too_many_arguments)]
    unsafe fn run(
        isa: Isa,
        m: usize,
        k: usize,
        n: usize,
        a: *const Self,
        sa: (usize, usize),
        b: *const Self,
        brs: usize,
        c: *mut Self,
        ldc: usize,
    );
}

impl Direct for f32 {
    fn isa(m: usize, k: usize, bcs: usize) -> Option<Isa> {
        direct_isa(m, k, bcs)
    }
    unsafe fn run(
        isa: Isa,
        m: usize,
        k: usize,
        n: usize,
        a: *const f32,
        sa: (usize, usize),
        b: *const f32,
        brs: usize,
        c: *mut f32,
        ldc: usize,
    ) {
        // SAFETY: the caller's contract is sgemm_direct's.
        unsafe { sgemm_direct(isa, m, k, n, a, sa, b, brs, c, ldc, false) }
    }
}

impl Direct for f64 {
    fn isa(_: usize, _: usize, _: usize) -> Option<Isa> {
        None
    }
    unsafe fn run(
        _: Isa,
        _: usize,
        _: usize,
        _: usize,
        _: *const f64,
        _: (usize, usize),
        _: *const f64,
        _: usize,
        _: *mut f64,
        _: usize,
    ) {
        unreachable!("no direct f64 kernel")
    }
}

/// Multiply-accumulates above which a product is split across threads (below, one core's
/// packing and kernel finish before a second core would have started).
const GEMM_PAR_MACS: usize = 1 << 19;

/// Splits `C (m×n) = A (m×k) · B (k×n)` into column blocks (or row blocks when `C` is narrow), one
/// per thread, each a single-threaded product; `run(i0, i1, j0, j1)`
/// computes the block of rows `i0..i1` and columns `j0..j1`.
pub(super) fn split_gemm(
    m: usize,
    k: usize,
    n: usize,
    run: impl Fn(usize, usize, usize, usize) + Sync,
) {
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
        let w = n.div_ceil(parts).next_multiple_of(32).min(n);
        (0..n.div_ceil(w))
            .map(|p| (0, m, p * w, ((p + 1) * w).min(n)))
            .collect()
    } else {
        let h = m.div_ceil(parts).next_multiple_of(8).min(m);
        (0..m.div_ceil(h))
            .map(|p| (p * h, ((p + 1) * h).min(m), 0, n))
            .collect()
    };
    // The calling thread computes the first block while the team takes the others.
    super::team::run_parts(blocks.len(), &|p| {
        let (i0, i1, j0, j1) = blocks[p];
        run(i0, i1, j0, j1)
    });
}

/// The element arithmetic of [`vector_product`].
trait Real: Copy + Default + std::ops::Mul<Output = Self> + std::ops::AddAssign {}
impl Real for f32 {}
impl Real for f64 {}

/// `Σ x[i]·y[i]` over contiguous slices, in eight independent lanes (which vectorise).
fn dot<T: Real>(x: &[T], y: &[T]) -> T {
    let mut lanes = [T::default(); 8];
    let (xc, yc) = (x.chunks_exact(8), y.chunks_exact(8));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (xa, ya) in xc.zip(yc) {
        for l in 0..8 {
            lanes[l] += xa[l] * ya[l];
        }
    }
    let mut s = T::default();
    for l in lanes {
        s += l;
    }
    for (a, b) in xr.iter().zip(yr) {
        s += *a * *b;
    }
    s
}

/// A product with one row (`m == 1`) or one column (`n == 1`) as dot products of contiguous
/// runs, or for one row against a row-major `B`, as a sum of scaled rows of `B`: matrixmultiply
/// would pack the whole matrix operand for a single row or column (per-example passes of a
/// `Linear`, matrix-vector products). Calls `put(index, value)` for every element of `C` and
/// returns true, or returns false (and writes nothing) for the layouts it does not take.
#[allow(clippy::too_many_arguments)]
fn vector_product<T: Real>(
    m: usize,
    k: usize,
    n: usize,
    a: &[T],
    ao: usize,
    (ars, acs): (usize, usize),
    b: &[T],
    bo: usize,
    (brs, bcs): (usize, usize),
    mut put: impl FnMut(usize, T),
) -> bool {
    if m == 1 && acs == 1 && brs == 1 {
        let x = &a[ao..ao + k];
        for j in 0..n {
            put(j, dot(x, &b[bo + j * bcs..bo + j * bcs + k]));
        }
        true
    } else if n == 1 && acs == 1 && brs == 1 {
        let y = &b[bo..bo + k];
        for i in 0..m {
            put(i, dot(&a[ao + i * ars..ao + i * ars + k], y));
        }
        true
    } else if m == 1 && bcs == 1 {
        let mut acc = vec![T::default(); n];
        for kk in 0..k {
            let av = a[ao + kk * acs];
            let row = &b[bo + kk * brs..bo + kk * brs + n];
            for (c, r) in acc.iter_mut().zip(row) {
                *c += av * *r;
            }
        }
        for (j, v) in acc.into_iter().enumerate() {
            put(j, v);
        }
        true
    } else {
        false
    }
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
            if vector_product(m, k, n, a, ao, sa, b, bo, sb, |p, v| c[p] = v) {
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
            if vector_product(m, k, n, a, ao, sa, b, bo, sb, |p, v| {
                c[p].write(v);
            }) {
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
            let direct = <$t as Direct>::isa(m, k, bcs);
            split_gemm(m, k, n, |i0, i1, j0, j1| {
                if let Some(isa) = direct {
                    // SAFETY: as below for matrixmultiply: the block's operands lie inside the
                    // checked extents, its rows i0..i1 and columns j0..j1 of C are this call's
                    // alone, and `isa` was detected on this CPU; B's column stride is 1.
                    unsafe {
                        <$t as Direct>::run(
                            isa,
                            i1 - i0,
                            k,
                            j1 - j0,
                            (ap as *const $t).add(ao + i0 * ars),
                            (ars, acs),
                            (bp as *const $t).add(bo + j0 * bcs),
                            brs,
                            (cp as *mut $t).add(i0 * n + j0),
                            n,
                        );
                    }
                    return;
                }
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
    use super::vector_product;

    /// `C = A·B` element by element, for operands given as (offset, row stride, col stride).
    fn naive(
        m: usize,
        k: usize,
        n: usize,
        a: &[f64],
        sa: (usize, usize, usize),
        b: &[f64],
        sb: (usize, usize, usize),
    ) -> Vec<f64> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                for kk in 0..k {
                    c[i * n + j] += a[sa.0 + i * sa.1 + kk * sa.2] * b[sb.0 + kk * sb.1 + j * sb.2];
                }
            }
        }
        c
    }

    #[test]
    fn one_row_or_column_products_agree_with_the_definition() {
        let data: Vec<f64> = (0..4000)
            .map(|i| ((i * 37 % 101) as f64 - 50.0) / 7.0)
            .collect();
        // (m, k, n, A layout, B layout): row-major, transposed, offset operands
        let cases = [
            (1, 19, 13, (3, 19, 1), (5, 1, 19)), // x · Wᵀ (Linear on one example)
            (1, 19, 13, (0, 19, 1), (2, 13, 1)), // x · B, B row-major (its backward)
            (17, 23, 1, (1, 23, 1), (4, 1, 1)),  // A · v (mv)
            (1, 3, 1, (0, 3, 1), (0, 1, 1)),
        ];
        for (m, k, n, sa, sb) in cases {
            let mut c = vec![f64::NAN; m * n];
            assert!(vector_product(
                m,
                k,
                n,
                &data,
                sa.0,
                (sa.1, sa.2),
                &data,
                sb.0,
                (sb.1, sb.2),
                |p, v| c[p] = v
            ));
            let want = naive(m, k, n, &data, sa, &data, sb);
            for (x, y) in c.iter().zip(&want) {
                assert!(
                    (x - y).abs() <= 1e-12 * y.abs().max(1.0),
                    "{m}x{k}x{n}: {x} vs {y}"
                );
            }
        }
        // layouts it leaves to matrixmultiply
        assert!(!vector_product(
            2,
            3,
            2,
            &data,
            0,
            (3, 1),
            &data,
            0,
            (2, 1),
            |_, _| ()
        ));
        assert!(!vector_product(
            1,
            3,
            2,
            &data,
            0,
            (3, 1),
            &data,
            0,
            (2, 3),
            |_, _| ()
        ));
    }
}
