//! Convolution kernels: the three products of a 2-D convolution (a 1-D one is a 2-D one of
//! height 1), each an im2col (or col2im) per sample and group into a buffer reused across the
//! samples of a thread, and one GEMM on matrixmultiply's kernels.
//!
//! With `x` of shape `(n, c, h, w)`, `w` of shape `(o, c / groups, kh, kw)` and `y` of shape
//! `(n, o, oh, ow)`:
//! - [`conv_forward`]: `y = conv(x, w)`,
//! - [`conv_input_grad`]: `gx` from `gy` and `w` (the transposed convolution),
//! - [`conv_weight_grad`]: `gw` from `x` and `gy`.
//!
//! Samples are split across threads (each with its own column buffer); a batch too small to
//! split hands the threads to the GEMM instead.

use super::gemm::direct_kernel;
use super::gemm_direct::{sgemm_direct, Isa};
use super::team_size;
use crate::tensor::{give_vec, take_vec, Element};

/// The geometry of a 2-D convolution. The padding is the top/left one only: the output size is
/// given, so the bottom/right padding (possibly different, as for `padding='same'` with an even
/// kernel, or the `output_padding` of a transposed convolution) is implied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Geom {
    pub n: usize,
    pub c: usize,
    pub o: usize,
    pub groups: usize,
    pub h: usize,
    pub w: usize,
    pub kh: usize,
    pub kw: usize,
    pub oh: usize,
    pub ow: usize,
    pub sh: usize,
    pub sw: usize,
    pub ph: usize,
    pub pw: usize,
    pub dh: usize,
    pub dw: usize,
}

impl Geom {
    fn cg(&self) -> usize {
        self.c / self.groups
    }
    fn og(&self) -> usize {
        self.o / self.groups
    }
    /// Rows of a column buffer: one per (input channel of a group, kernel position).
    fn krows(&self) -> usize {
        self.cg() * self.kh * self.kw
    }
    fn plane(&self) -> usize {
        self.oh * self.ow
    }
    fn in_plane(&self) -> usize {
        self.h * self.w
    }
    /// A 1×1 kernel with unit stride and no padding reads the input as its own column buffer.
    fn pointwise(&self) -> bool {
        self.kh == 1
            && self.kw == 1
            && self.sh == 1
            && self.sw == 1
            && self.ph == 0
            && self.pw == 0
            && self.oh == self.h
            && self.ow == self.w
    }
    /// Multiply-accumulates of one product (the three cost the same).
    fn macs(&self) -> usize {
        self.n * self.o * self.plane() * self.krows()
    }
}

/// The float types the kernels run on, with matrixmultiply's GEMM.
pub(crate) trait ConvFloat:
    Element + Default + std::ops::Add<Output = Self> + std::ops::AddAssign
{
    const ONE: Self;
    /// Whether a single-threaded [`ConvFloat::gemm`] of this shape runs on the direct (unpacked)
    /// kernel when B's rows are contiguous.
    fn direct(m: usize, k: usize, n: usize) -> bool;
    /// This thread's spare scratch buffers of this type.
    fn scratch_cache() -> &'static std::thread::LocalKey<std::cell::RefCell<Vec<Vec<Self>>>>;
    /// `C = A·B + beta·C` on row-major `C` (row stride `rsc`), single-threaded; on the direct
    /// kernel when [`ConvFloat::direct`] says so, `B`'s column stride is 1 and `beta` is 0 or 1.
    #[allow(clippy::too_many_arguments)]
    fn gemm(
        m: usize,
        k: usize,
        n: usize,
        a: &[Self],
        sa: (usize, usize),
        b: &[Self],
        sb: (usize, usize),
        beta: Self,
        c: &mut [Self],
        rsc: usize,
    );
}

fn extent(rows: usize, cols: usize, rs: usize, cs: usize) -> usize {
    if rows == 0 || cols == 0 {
        0
    } else {
        (rows - 1) * rs + (cols - 1) * cs + 1
    }
}

/// Products up to this many rows, this inner length or this many columns skip the packing of
/// their operands (the direct kernel): packing costs about as much as their multiply-adds.
const DIRECT_SIDE: usize = 128;

/// The direct f32 kernel's instruction set for a product of this shape, if it should run there.
fn direct_f32(m: usize, k: usize, n: usize) -> Option<Isa> {
    direct_kernel().filter(|_| m <= DIRECT_SIDE || k <= DIRECT_SIDE || n <= DIRECT_SIDE / 2)
}

/// `C = A·B (+ C)` on the direct kernel, if its instruction set is here and the operands suit it
/// (`B` rows contiguous, `beta` 0 or 1); `false` if the caller must multiply instead. The
/// extents of A, B and C are checked against their slices here (a panic, not a bad read).
#[allow(clippy::too_many_arguments)]
fn gemm_direct_f32(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    sa: (usize, usize),
    b: &[f32],
    (rsb, csb): (usize, usize),
    beta: f32,
    c: &mut [f32],
    rsc: usize,
) -> bool {
    let Some(isa) = direct_f32(m, k, n) else {
        return false;
    };
    if csb != 1 || (beta != 0.0 && beta != 1.0) {
        return false;
    }
    if m == 0 || n == 0 {
        return true;
    }
    assert!(c.len() >= extent(m, n, rsc, 1), "conv: C out of bounds");
    assert!(
        k == 0 || a.len() >= extent(m, k, sa.0, sa.1),
        "conv: A out of bounds"
    );
    assert!(
        k == 0 || b.len() >= extent(k, n, rsb, 1),
        "conv: B out of bounds"
    );
    // SAFETY: A (m×k, strides sa), B (k×n, row stride rsb, column stride 1) and C (m×n, row
    // stride rsc) lie inside their slices (checked just above); C is borrowed exclusively and,
    // when accumulating (beta = 1), initialised; `isa` was detected on this CPU.
    unsafe {
        sgemm_direct(
            isa,
            m,
            k,
            n,
            a.as_ptr(),
            sa,
            b.as_ptr(),
            rsb,
            c.as_mut_ptr(),
            rsc,
            beta == 1.0,
        );
    }
    true
}

macro_rules! conv_float {
    ($t:ty, $mm:path, $gemm_direct:path, $direct:expr) => {
        impl ConvFloat for $t {
            const ONE: Self = 1.0;
            fn direct(m: usize, k: usize, n: usize) -> bool {
                $direct && direct_f32(m, k, n).is_some()
            }
            fn scratch_cache() -> &'static std::thread::LocalKey<std::cell::RefCell<Vec<Vec<Self>>>>
            {
                thread_local! {
                    static CACHE: std::cell::RefCell<Vec<Vec<$t>>> =
                        const { std::cell::RefCell::new(Vec::new()) };
                }
                &CACHE
            }
            fn gemm(
                m: usize,
                k: usize,
                n: usize,
                a: &[Self],
                (rsa, csa): (usize, usize),
                b: &[Self],
                (rsb, csb): (usize, usize),
                beta: Self,
                c: &mut [Self],
                rsc: usize,
            ) {
                if m == 0 || n == 0 {
                    return;
                }
                assert!(c.len() >= extent(m, n, rsc, 1), "conv: C out of bounds");
                if k == 0 {
                    for i in 0..m {
                        for v in &mut c[i * rsc..i * rsc + n] {
                            *v = if beta == 0.0 { 0.0 } else { *v * beta };
                        }
                    }
                    return;
                }
                assert!(a.len() >= extent(m, k, rsa, csa), "conv: A out of bounds");
                assert!(b.len() >= extent(k, n, rsb, csb), "conv: B out of bounds");
                if $gemm_direct(m, k, n, a, (rsa, csa), b, (rsb, csb), beta, c, rsc) {
                    return;
                }
                // SAFETY: the extents of A (m×k), B (k×n) and C (m×n, row stride rsc) were
                // checked against their slices just above; C is borrowed exclusively.
                unsafe {
                    $mm(
                        m,
                        k,
                        n,
                        1.0,
                        a.as_ptr(),
                        rsa as isize,
                        csa as isize,
                        b.as_ptr(),
                        rsb as isize,
                        csb as isize,
                        beta,
                        c.as_mut_ptr(),
                        rsc as isize,
                        1,
                    );
                }
            }
        }
    };
}
/// No direct kernel for this type: the caller multiplies.
#[allow(clippy::too_many_arguments)]
fn no_direct<T>(
    _: usize,
    _: usize,
    _: usize,
    _: &[T],
    _: (usize, usize),
    _: &[T],
    _: (usize, usize),
    _: T,
    _: &mut [T],
    _: usize,
) -> bool {
    false
}

conv_float!(f32, matrixmultiply::sgemm, gemm_direct_f32, true);
conv_float!(f64, matrixmultiply::dgemm, no_direct, false);

/// Below this many multiply-accumulates a product runs on the calling thread alone.
const PAR_MACS: usize = 1 << 18;

/// The output positions `o` in `0..len` whose input `o * stride + off` lies in `0..size`.
#[inline]
fn valid_range(len: usize, stride: usize, off: isize, size: usize) -> (usize, usize) {
    // smallest o with o*stride + off >= 0
    let lo = if off >= 0 {
        0
    } else {
        ((-off) as usize).div_ceil(stride)
    };
    // smallest o with o*stride + off >= size
    let hi = if (size as isize) <= off {
        0
    } else {
        (size as isize - off) as usize
    }
    .div_ceil(stride);
    (lo.min(len), hi.min(len).max(lo.min(len)))
}

/// Copies a short run; runs of up to 64 elements (the rows of small and middling images) are
/// copied as fixed-size blocks of 8 rather than through a `memcpy` call, whose cost would
/// dominate runs this short.
#[inline(always)]
fn copy_run<T: Copy>(d: &mut [T], s: &[T]) {
    let n = d.len();
    if n > 64 {
        d.copy_from_slice(&s[..n]);
        return;
    }
    let s = &s[..n];
    let mut dc = d.chunks_exact_mut(8);
    let mut sc = s.chunks_exact(8);
    for (dd, ss) in (&mut dc).zip(&mut sc) {
        let dd: &mut [T; 8] = dd.try_into().expect("a chunk of 8");
        *dd = ss.try_into().expect("a chunk of 8");
    }
    for (dd, &ss) in dc.into_remainder().iter_mut().zip(sc.remainder()) {
        *dd = ss;
    }
}

/// Adds a short run (`d += s`), as [`copy_run`].
#[inline(always)]
fn add_run<T: ConvFloat>(d: &mut [T], s: &[T]) {
    let n = d.len();
    for (a, &b) in d.iter_mut().zip(&s[..n]) {
        *a += b;
    }
}

impl Geom {
    /// Unit stride and dilation: each row of a column buffer reads a window of the padded image
    /// row by row.
    fn unit(&self) -> bool {
        self.sh == 1 && self.sw == 1 && self.dh == 1 && self.dw == 1
    }
    /// The padded image a unit-stride product reads: `(oh + kh - 1) × (ow + kw - 1)`.
    fn padded(&self) -> (usize, usize) {
        (self.oh + self.kh - 1, self.ow + self.kw - 1)
    }
}

/// Writes one channel `xc` (`h × w`) into `pad` (the padded image of [`Geom::padded`]), zeros
/// around it.
fn pad_image<T: ConvFloat>(xc: &[T], g: &Geom, pad: &mut [T]) {
    let (hp, wp) = g.padded();
    let cols = g.w.min(wp.saturating_sub(g.pw));
    for (r, row) in pad[..hp * wp].chunks_mut(wp).enumerate() {
        let y = r as isize - g.ph as isize;
        if y < 0 || y >= g.h as isize || cols == 0 {
            row.fill(T::default());
            continue;
        }
        let y = y as usize;
        row[..g.pw].fill(T::default());
        copy_run(&mut row[g.pw..g.pw + cols], &xc[y * g.w..y * g.w + cols]);
        row[g.pw + cols..].fill(T::default());
    }
}

/// The columns (`krows` rows of `oh·ow`, at column `c0` of rows `ld` apart in `col`) of one
/// sample's group of channels `x` (`cg × h × w`); `pad` is scratch for a padded image.
fn im2col<T: ConvFloat>(x: &[T], g: &Geom, col: &mut [T], ld: usize, c0: usize, pad: &mut [T]) {
    let (p, ow) = (g.plane(), g.ow);
    let mut row = 0;
    for ci in 0..g.cg() {
        let xc = &x[ci * g.in_plane()..(ci + 1) * g.in_plane()];
        if g.unit() {
            // every (ki, kj) row is the padded image's window at (ki, kj), one run per output row
            let wp = g.padded().1;
            pad_image(xc, g, pad);
            for ki in 0..g.kh {
                for kj in 0..g.kw {
                    let dst = &mut col[row * ld + c0..row * ld + c0 + p];
                    for (oi, d) in dst.chunks_exact_mut(ow).enumerate() {
                        let at = (oi + ki) * wp + kj;
                        copy_run(d, &pad[at..at + ow]);
                    }
                    row += 1;
                }
            }
            continue;
        }
        for ki in 0..g.kh {
            let offh = (ki * g.dh) as isize - g.ph as isize;
            let (ilo, ihi) = valid_range(g.oh, g.sh, offh, g.h);
            for kj in 0..g.kw {
                let offw = (kj * g.dw) as isize - g.pw as isize;
                let (jlo, jhi) = valid_range(ow, g.sw, offw, g.w);
                let dst = &mut col[row * ld + c0..row * ld + c0 + p];
                dst[..ilo * ow].fill(T::default());
                dst[ihi * ow..].fill(T::default());
                for oi in ilo..ihi {
                    let ih = (oi * g.sh) as isize + offh;
                    let src = &xc[ih as usize * g.w..(ih as usize + 1) * g.w];
                    let d = &mut dst[oi * ow..(oi + 1) * ow];
                    d[..jlo].fill(T::default());
                    d[jhi..].fill(T::default());
                    if jlo < jhi {
                        let iw0 = (jlo * g.sw) as isize + offw;
                        if g.sw == 1 {
                            copy_run(&mut d[jlo..jhi], &src[iw0 as usize..]);
                        } else {
                            for (k, v) in d[jlo..jhi].iter_mut().enumerate() {
                                *v = src[iw0 as usize + k * g.sw];
                            }
                        }
                    }
                }
                row += 1;
            }
        }
    }
}

/// Adds columns (laid out as [`im2col`] writes them) back into one sample's group of channels
/// `x` (the adjoint of [`im2col`]); `pad` is scratch for a padded image.
fn col2im<T: ConvFloat>(col: &[T], g: &Geom, x: &mut [T], ld: usize, c0: usize, pad: &mut [T]) {
    let (p, ow) = (g.plane(), g.ow);
    let mut row = 0;
    for ci in 0..g.cg() {
        let xc = &mut x[ci * g.in_plane()..(ci + 1) * g.in_plane()];
        if g.unit() {
            // sum into the padded image, then add its interior to the channel
            let (hp, wp) = g.padded();
            let pad = &mut pad[..hp * wp];
            pad.fill(T::default());
            for ki in 0..g.kh {
                for kj in 0..g.kw {
                    let src = &col[row * ld + c0..row * ld + c0 + p];
                    for (oi, s) in src.chunks_exact(ow).enumerate() {
                        let at = (oi + ki) * wp + kj;
                        add_run(&mut pad[at..at + ow], s);
                    }
                    row += 1;
                }
            }
            let cols = g.w.min(wp.saturating_sub(g.pw));
            for y in 0..g.h {
                let r = y + g.ph;
                if r >= hp {
                    break;
                }
                add_run(
                    &mut xc[y * g.w..y * g.w + cols],
                    &pad[r * wp + g.pw..r * wp + g.pw + cols],
                );
            }
            continue;
        }
        for ki in 0..g.kh {
            let offh = (ki * g.dh) as isize - g.ph as isize;
            let (ilo, ihi) = valid_range(g.oh, g.sh, offh, g.h);
            for kj in 0..g.kw {
                let offw = (kj * g.dw) as isize - g.pw as isize;
                let (jlo, jhi) = valid_range(ow, g.sw, offw, g.w);
                let srcrow = &col[row * ld + c0..row * ld + c0 + p];
                if jlo < jhi {
                    for oi in ilo..ihi {
                        let ih = (oi * g.sh) as isize + offh;
                        let d = &mut xc[ih as usize * g.w..(ih as usize + 1) * g.w];
                        let s = &srcrow[oi * ow + jlo..oi * ow + jhi];
                        let iw0 = ((jlo * g.sw) as isize + offw) as usize;
                        if g.sw == 1 {
                            add_run(&mut d[iw0..iw0 + s.len()], s);
                        } else {
                            for (k, &sv) in s.iter().enumerate() {
                                d[iw0 + k * g.sw] += sv;
                            }
                        }
                    }
                }
                row += 1;
            }
        }
    }
}

/// A scratch buffer of `n` elements from this thread's cache of them (its contents are
/// whatever the last user left: every user writes before it reads), returned when dropped.
struct Scratch<T: ConvFloat>(Vec<T>);

impl<T: ConvFloat> std::ops::Deref for Scratch<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}
impl<T: ConvFloat> std::ops::DerefMut for Scratch<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}
impl<T: ConvFloat> Drop for Scratch<T> {
    fn drop(&mut self) {
        let v = std::mem::take(&mut self.0);
        if v.capacity() > 0 && v.capacity() <= SCRATCH_KEEP {
            T::scratch_cache().with(|c| {
                let mut c = c.borrow_mut();
                if c.len() < 4 {
                    c.push(v);
                }
            });
        } else {
            give_vec(v);
        }
    }
}

/// Scratch buffers up to this many elements stay in the thread's cache.
const SCRATCH_KEEP: usize = 1 << 20;

fn scratch<T: ConvFloat>(n: usize) -> Scratch<T> {
    if n == 0 {
        return Scratch(Vec::new());
    }
    let cached = T::scratch_cache().with(|c| {
        let mut c = c.borrow_mut();
        // the smallest cached buffer that holds `n`, else the largest (to grow)
        let i = (0..c.len())
            .filter(|&i| c[i].len() >= n)
            .min_by_key(|&i| c[i].len())
            .or_else(|| (0..c.len()).max_by_key(|&i| c[i].len()));
        i.map(|i| c.swap_remove(i))
    });
    let mut v = cached.unwrap_or_else(|| take_vec::<T>(n));
    if v.len() < n {
        // only the growth is written (zeros); the rest keeps earlier contents
        v.resize(n, T::default());
    }
    Scratch(v)
}

/// At most this many column-buffer elements per GEMM (256 KiB of f32): small images put the
/// columns of several samples side by side, so that one GEMM packs the weight once for all.
const COL_ELEMS: usize = 1 << 16;

/// The scratch of one thread: the column buffer of up to `batch` samples (`krows × batch·oh·ow`),
/// a matrix of `og × batch·oh·ow` (a GEMM's output, or the output gradient gathered), and a
/// padded image.
struct Bufs<T: ConvFloat> {
    batch: usize,
    col: Scratch<T>,
    mat: Scratch<T>,
    pad: Scratch<T>,
}

impl<T: ConvFloat> Bufs<T> {
    fn new(g: &Geom) -> Self {
        let (k, p) = (g.krows(), g.plane());
        // a pointwise product reads its input in place, one sample at a time
        let batch = if g.pointwise() {
            1
        } else {
            (COL_ELEMS / (k * p).max(1)).clamp(1, g.n.max(1))
        };
        let cols = if g.pointwise() { 0 } else { k * p * batch };
        let mat = if batch > 1 { g.og() * p * batch } else { 0 };
        let pad = if g.unit() && !g.pointwise() {
            let (hp, wp) = g.padded();
            hp * wp
        } else {
            0
        };
        Bufs {
            batch,
            col: scratch(cols),
            mat: scratch(mat),
            pad: scratch(pad),
        }
    }
}

/// Gathers the output-gradient rows of group `gi` of `cnt` samples (from `gy`, `o·p` a sample)
/// side by side into `mat` (`og × cnt·p`).
fn gather_rows<T: ConvFloat>(g: &Geom, gy: &[T], gi: usize, cnt: usize, mat: &mut [T]) {
    let (p, og) = (g.plane(), g.og());
    let cols = cnt * p;
    for s in 0..cnt {
        for oc in 0..og {
            let src = &gy[s * g.o * p + (gi * og + oc) * p..][..p];
            copy_run(&mut mat[oc * cols + s * p..oc * cols + (s + 1) * p], src);
        }
    }
}

/// Writes the output-gradient rows of group `gi` of `cnt` samples (from `gy`, `o·p` a sample)
/// transposed into `mat` (`cnt·p × og`: row `s·p + q` holds position `q` of sample `s`).
fn transpose_rows<T: ConvFloat>(g: &Geom, gy: &[T], gi: usize, cnt: usize, mat: &mut [T]) {
    let (p, og) = (g.plane(), g.og());
    // blocks of positions, so that the og rows read stay in cache while the block is written
    const BLOCK: usize = 64;
    for s in 0..cnt {
        let src = &gy[s * g.o * p + gi * og * p..][..og * p];
        let dst = &mut mat[s * p * og..(s + 1) * p * og];
        for q0 in (0..p).step_by(BLOCK) {
            let q1 = (q0 + BLOCK).min(p);
            for oc in 0..og {
                let row = &src[oc * p + q0..oc * p + q1];
                for (i, &v) in row.iter().enumerate() {
                    dst[(q0 + i) * og + oc] = v;
                }
            }
        }
    }
}

/// How many parts to split `n` samples into for a product of `macs` multiply-accumulates.
fn parts(g: &Geom) -> usize {
    if g.macs() < PAR_MACS {
        1
    } else {
        team_size().min(g.n).max(1)
    }
}

/// Runs `f(first sample, samples' outputs)` over the chunks of `out` (`per` elements a sample),
/// split into `parts` contiguous ranges of samples, in parallel.
fn over_samples<T: ConvFloat>(
    out: &mut [T],
    per: usize,
    n: usize,
    parts: usize,
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    if n == 0 || per == 0 {
        return;
    }
    let chunk = n.div_ceil(parts.max(1));
    if parts <= 1 {
        f(0, out);
        return;
    }
    super::team::for_each_chunk(out, chunk * per, |i, c| f(i * chunk, c));
}

/// `y = conv(x, w) (+ bias)`: `x` is `n×c×h×w`, `w` is `o×cg×kh×kw`, `y` is `n×o×oh×ow`, all
/// dense row-major.
pub(crate) fn conv_forward<T: ConvFloat>(
    g: &Geom,
    x: &[T],
    w: &[T],
    bias: Option<&[T]>,
    y: &mut [T],
) {
    let (k, p, og) = (g.krows(), g.plane(), g.og());
    let per_y = g.o * p;
    let per_x = g.c * g.in_plane();
    let per_g = g.cg() * g.in_plane();
    over_samples(y, per_y, g.n, parts(g), |n0, ys| {
        let ns = ys.len() / per_y;
        let mut b = Bufs::<T>::new(g);
        for s0 in (0..ns).step_by(b.batch) {
            let cnt = b.batch.min(ns - s0);
            let cols = cnt * p;
            for gi in 0..g.groups {
                let xg = |s: usize| {
                    let at = (n0 + s0 + s) * per_x + gi * per_g;
                    &x[at..at + per_g]
                };
                let bm: &[T] = if g.pointwise() {
                    xg(0)
                } else {
                    for s in 0..cnt {
                        im2col(xg(s), g, &mut b.col, cols, s * p, &mut b.pad);
                    }
                    &b.col
                };
                let wg = &w[gi * og * k..(gi + 1) * og * k];
                let bias_of = |oc: usize| bias.map(|bv| bv[gi * og + oc]);
                if cnt == 1 {
                    // one sample: the GEMM writes the output in place (over the bias)
                    let yg = &mut ys[s0 * per_y + gi * og * p..s0 * per_y + (gi + 1) * og * p];
                    let mut beta = T::default();
                    if bias.is_some() {
                        for (oc, row) in yg.chunks_mut(p).enumerate() {
                            row.fill(bias_of(oc).unwrap_or_default());
                        }
                        beta = T::ONE;
                    }
                    T::gemm(og, k, p, wg, (k, 1), bm, (p, 1), beta, yg, p);
                    continue;
                }
                // several samples: one GEMM into `mat` (og × cnt·p), then each sample's rows
                T::gemm(
                    og,
                    k,
                    cols,
                    wg,
                    (k, 1),
                    bm,
                    (cols, 1),
                    T::default(),
                    &mut b.mat,
                    cols,
                );
                for s in 0..cnt {
                    for oc in 0..og {
                        let at = (s0 + s) * per_y + (gi * og + oc) * p;
                        let dst = &mut ys[at..at + p];
                        let src = &b.mat[oc * cols + s * p..oc * cols + (s + 1) * p];
                        match bias_of(oc) {
                            Some(bv) => {
                                for (d, &v) in dst.iter_mut().zip(src) {
                                    *d = v + bv;
                                }
                            }
                            None => copy_run(dst, src),
                        }
                    }
                }
            }
        }
    });
}

/// `gx`, the gradient of [`conv_forward`] with respect to `x`, from `gy` (`n×o×oh×ow`) and `w`;
/// also the forward of the transposed convolution.
pub(crate) fn conv_input_grad<T: ConvFloat>(g: &Geom, gy: &[T], w: &[T], gx: &mut [T]) {
    let (k, p, og) = (g.krows(), g.plane(), g.og());
    let per_y = g.o * p;
    let per_x = g.c * g.in_plane();
    let per_g = g.cg() * g.in_plane();
    over_samples(gx, per_x, g.n, parts(g), |n0, xs| {
        let ns = xs.len() / per_x;
        let mut b = Bufs::<T>::new(g);
        for s0 in (0..ns).step_by(b.batch) {
            let cnt = b.batch.min(ns - s0);
            let cols = cnt * p;
            let ys = &gy[(n0 + s0) * per_y..(n0 + s0 + cnt) * per_y];
            for gi in 0..g.groups {
                let wg = &w[gi * og * k..(gi + 1) * og * k];
                let xg0 = s0 * per_x + gi * per_g;
                if g.pointwise() {
                    // gx_g (cg × p) = w_gᵀ (cg × og) · gy_g (og × p)
                    let yg = &ys[gi * og * p..(gi + 1) * og * p];
                    let xg = &mut xs[xg0..xg0 + per_g];
                    T::gemm(k, og, p, wg, (1, k), yg, (p, 1), T::default(), xg, p);
                    continue;
                }
                // columns (k × cnt·p) = w_gᵀ (k × og) · the samples' gy_g side by side
                let (a, lda): (&[T], usize) = if cnt == 1 {
                    (&ys[gi * og * p..(gi + 1) * og * p], p)
                } else {
                    gather_rows(g, ys, gi, cnt, &mut b.mat);
                    (&b.mat, cols)
                };
                T::gemm(
                    k,
                    og,
                    cols,
                    wg,
                    (1, k),
                    a,
                    (lda, 1),
                    T::default(),
                    &mut b.col,
                    cols,
                );
                for s in 0..cnt {
                    let at = xg0 + s * per_x;
                    let xg = &mut xs[at..at + per_g];
                    xg.fill(T::default());
                    col2im(&b.col, g, xg, cols, s * p, &mut b.pad);
                }
            }
        }
    });
}

/// `gw`, the gradient of [`conv_forward`] with respect to `w` (`o×cg×kh×kw`), from `x` and `gy`.
pub(crate) fn conv_weight_grad<T: ConvFloat>(g: &Geom, x: &[T], gy: &[T], gw: &mut [T]) {
    let (k, p, og) = (g.krows(), g.plane(), g.og());
    let per_y = g.o * p;
    let per_x = g.c * g.in_plane();
    let per_g = g.cg() * g.in_plane();
    let parts = parts(g);
    let chunk = g.n.div_ceil(parts.max(1)).max(1);
    // each part sums its samples into its own buffer; the buffers are added at the end
    let run = |n0: usize, acc: &mut [T]| {
        let n1 = (n0 + chunk).min(g.n);
        let mut b = Bufs::<T>::new(g);
        // On the direct kernel the product is taken transposed, gw_gᵀ (k × og) = col (k × cnt·p)
        // · gy_gᵀ (cnt·p × og), whose right operand (the small output gradient, transposed
        // once) has contiguous rows; the columns are read in place instead of packed.
        let direct = T::direct(k, b.batch * p, og);
        let mut gyt = scratch::<T>(if direct { og * p * b.batch } else { 0 });
        let mut acct = scratch::<T>(if direct { g.groups * og * k } else { 0 });
        let mut first = true;
        let mut s0 = n0;
        while s0 < n1 {
            let cnt = b.batch.min(n1 - s0);
            let cols = cnt * p;
            let ys = &gy[s0 * per_y..(s0 + cnt) * per_y];
            for gi in 0..g.groups {
                let xg = |s: usize| {
                    let at = (s0 + s) * per_x + gi * per_g;
                    &x[at..at + per_g]
                };
                let bm: &[T] = if g.pointwise() {
                    xg(0)
                } else {
                    for s in 0..cnt {
                        im2col(xg(s), g, &mut b.col, cols, s * p, &mut b.pad);
                    }
                    &b.col
                };
                if direct {
                    transpose_rows(g, ys, gi, cnt, &mut gyt);
                    T::gemm(
                        k,
                        cols,
                        og,
                        bm,
                        (cols, 1),
                        &gyt,
                        (og, 1),
                        if first { T::default() } else { T::ONE },
                        &mut acct[gi * og * k..(gi + 1) * og * k],
                        og,
                    );
                    continue;
                }
                let (a, lda): (&[T], usize) = if cnt == 1 {
                    (&ys[gi * og * p..(gi + 1) * og * p], p)
                } else {
                    gather_rows(g, ys, gi, cnt, &mut b.mat);
                    (&b.mat, cols)
                };
                // gw_g (og × k) += gy_g (og × cnt·p) · colᵀ (cnt·p × k)
                T::gemm(
                    og,
                    cols,
                    k,
                    a,
                    (lda, 1),
                    bm,
                    (1, cols),
                    if first { T::default() } else { T::ONE },
                    &mut acc[gi * og * k..(gi + 1) * og * k],
                    k,
                );
            }
            first = false;
            s0 += cnt;
        }
        if first {
            acc.fill(T::default());
        } else if direct {
            // gw_g (og × k) from its transpose
            for gi in 0..g.groups {
                let (src, dst) = (&acct[gi * og * k..], &mut acc[gi * og * k..]);
                for kk in 0..k {
                    for oc in 0..og {
                        dst[oc * k + kk] = src[kk * og + oc];
                    }
                }
            }
        }
    };
    if parts <= 1 || g.n == 0 {
        run(0, gw);
        return;
    }
    let gw_len = gw.len();
    let mut partial = vec![T::default(); gw_len * (parts - 1)];
    {
        // part 0 accumulates into `gw`, part i > 0 into the (i-1)th partial buffer
        let mut bufs: Vec<&mut [T]> = vec![&mut *gw];
        bufs.extend(partial.chunks_mut(gw_len));
        super::team::for_each(bufs, |i, buf| run(i * chunk, buf));
    }
    for buf in partial.chunks(gw.len()) {
        for (a, &b) in gw.iter_mut().zip(buf) {
            *a += b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The convolution by its definition, for comparison.
    fn direct(g: &Geom, x: &[f64], w: &[f64]) -> Vec<f64> {
        let (cg, og) = (g.c / g.groups, g.o / g.groups);
        let mut y = vec![0.0; g.n * g.o * g.oh * g.ow];
        for n in 0..g.n {
            for o in 0..g.o {
                let gi = o / og;
                for oi in 0..g.oh {
                    for oj in 0..g.ow {
                        let mut s = 0.0;
                        for ci in 0..cg {
                            for ki in 0..g.kh {
                                for kj in 0..g.kw {
                                    let ih = (oi * g.sh + ki * g.dh) as isize - g.ph as isize;
                                    let iw = (oj * g.sw + kj * g.dw) as isize - g.pw as isize;
                                    if ih < 0 || iw < 0 || ih >= g.h as isize || iw >= g.w as isize
                                    {
                                        continue;
                                    }
                                    let c = gi * cg + ci;
                                    s += x[((n * g.c + c) * g.h + ih as usize) * g.w + iw as usize]
                                        * w[((o * cg + ci) * g.kh + ki) * g.kw + kj];
                                }
                            }
                        }
                        y[((n * g.o + o) * g.oh + oi) * g.ow + oj] = s;
                    }
                }
            }
        }
        y
    }

    fn geoms() -> Vec<Geom> {
        let mut v = Vec::new();
        for &(n, c, o, groups) in &[(2, 4, 6, 2), (3, 3, 2, 1), (1, 2, 2, 2)] {
            for &(kh, kw, sh, sw, ph, pw, dh, dw) in &[
                (3, 3, 1, 1, 1, 1, 1, 1),
                (2, 3, 2, 1, 0, 2, 1, 2),
                (1, 1, 1, 1, 0, 0, 1, 1),
                (3, 2, 3, 2, 2, 1, 2, 1),
            ] {
                let (h, w) = (7, 6);
                let oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
                let ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
                v.push(Geom {
                    n,
                    c,
                    o,
                    groups,
                    h,
                    w,
                    kh,
                    kw,
                    oh,
                    ow,
                    sh,
                    sw,
                    ph,
                    pw,
                    dh,
                    dw,
                });
            }
        }
        // unit stride with more padding below and right than above and left (`padding='same'`
        // with even kernels), and a batch of 9 whose columns share GEMMs
        for (n, kh, kw, ph, pw) in [(3, 2, 4, 0, 1), (9, 3, 3, 1, 1), (9, 4, 2, 1, 0)] {
            v.push(Geom {
                n,
                c: 3,
                o: 4,
                groups: 1,
                h: 7,
                w: 6,
                kh,
                kw,
                oh: 7,
                ow: 6,
                sh: 1,
                sw: 1,
                ph,
                pw,
                dh: 1,
                dw: 1,
            });
        }
        v
    }

    fn vals(len: usize, seed: usize) -> Vec<f64> {
        (0..len)
            .map(|i| (((i * 7919 + seed * 104729) % 1009) as f64) / 500.0 - 1.0)
            .collect()
    }

    fn dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn the_three_products_agree_with_the_definition_and_are_adjoint() {
        for g in geoms() {
            let x = vals(g.n * g.c * g.h * g.w, 1);
            let w = vals(g.o * g.c / g.groups * g.kh * g.kw, 2);
            let gy = vals(g.n * g.o * g.oh * g.ow, 3);
            let mut y = vec![0.0; gy.len()];
            conv_forward(&g, &x, &w, None, &mut y);
            let want = direct(&g, &x, &w);
            for (a, b) in y.iter().zip(&want) {
                assert!((a - b).abs() < 1e-12, "{g:?}");
            }
            // <gy, conv(x, w)> = <input_grad(gy, w), x> = <weight_grad(x, gy), w>
            let mut gx = vec![1.0; x.len()];
            conv_input_grad(&g, &gy, &w, &mut gx);
            let mut gw = vec![1.0; w.len()];
            conv_weight_grad(&g, &x, &gy, &mut gw);
            let lhs = dot(&gy, &y);
            assert!((lhs - dot(&gx, &x)).abs() < 1e-9, "{g:?}");
            assert!((lhs - dot(&gw, &w)).abs() < 1e-9, "{g:?}");
        }
    }

    /// The float32 products (on the direct kernel where the CPU has one, with the weight
    /// gradient taken transposed) against the float64 ones, on the odd geometries and on
    /// batches large enough to be split across threads and to accumulate over several GEMMs.
    #[test]
    fn float32_products_agree_with_float64() {
        let mut gs = geoms();
        for (n, c, o, groups, h) in [(5, 8, 12, 2, 20), (7, 16, 32, 1, 16), (3, 4, 70, 1, 9)] {
            gs.push(Geom {
                n,
                c,
                o,
                groups,
                h,
                w: h + 1,
                kh: 3,
                kw: 3,
                oh: h,
                ow: h + 1,
                sh: 1,
                sw: 1,
                ph: 1,
                pw: 1,
                dh: 1,
                dw: 1,
            });
        }
        let f32s = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
        let close = |got: &[f32], want: &[f64], what: &str, g: &Geom| {
            let scale = want.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            for (i, (&a, &b)) in got.iter().zip(want).enumerate() {
                assert!(
                    (a as f64 - b).abs() <= 2e-5 * scale,
                    "{what} {g:?} at {i}: {a} vs {b}"
                );
            }
        };
        for g in gs {
            // values exact in float32, so both types multiply the same numbers
            let x = vals(g.n * g.c * g.h * g.w, 1);
            let w = vals(g.o * g.c / g.groups * g.kh * g.kw, 2);
            let gy = vals(g.n * g.o * g.oh * g.ow, 3);
            let bias = vals(g.o, 4);
            let (mut y, mut gx, mut gw) =
                (vec![0.0; gy.len()], vec![0.0; x.len()], vec![0.0; w.len()]);
            conv_forward(&g, &x, &w, Some(&bias), &mut y);
            conv_input_grad(&g, &gy, &w, &mut gx);
            conv_weight_grad(&g, &x, &gy, &mut gw);
            let (x32, w32, gy32) = (f32s(&x), f32s(&w), f32s(&gy));
            let (mut y32, mut gx32, mut gw32) = (
                vec![f32::NAN; y.len()],
                vec![f32::NAN; x.len()],
                vec![f32::NAN; w.len()],
            );
            conv_forward(&g, &x32, &w32, Some(&f32s(&bias)), &mut y32);
            conv_input_grad(&g, &gy32, &w32, &mut gx32);
            conv_weight_grad(&g, &x32, &gy32, &mut gw32);
            close(&y32, &y, "forward", &g);
            close(&gx32, &gx, "input gradient", &g);
            close(&gw32, &gw, "weight gradient", &g);
        }
    }
}
