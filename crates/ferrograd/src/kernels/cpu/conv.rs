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
    /// `C = A·B + beta·C` on row-major `C` (row stride `rsc`), single-threaded.
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

macro_rules! conv_float {
    ($t:ty, $mm:path) => {
        impl ConvFloat for $t {
            const ONE: Self = 1.0;
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
conv_float!(f32, matrixmultiply::sgemm);
conv_float!(f64, matrixmultiply::dgemm);

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

/// The column buffer (`krows × oh·ow`) of one sample's group of channels `x` (`cg × h × w`).
fn im2col<T: ConvFloat>(x: &[T], g: &Geom, col: &mut [T]) {
    let (p, ow) = (g.plane(), g.ow);
    let mut row = 0;
    for ci in 0..g.cg() {
        let xc = &x[ci * g.in_plane()..(ci + 1) * g.in_plane()];
        for ki in 0..g.kh {
            let offh = (ki * g.dh) as isize - g.ph as isize;
            let (ilo, ihi) = valid_range(g.oh, g.sh, offh, g.h);
            for kj in 0..g.kw {
                let offw = (kj * g.dw) as isize - g.pw as isize;
                let (jlo, jhi) = valid_range(ow, g.sw, offw, g.w);
                let dst = &mut col[row * p..(row + 1) * p];
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
                            d[jlo..jhi]
                                .copy_from_slice(&src[iw0 as usize..iw0 as usize + (jhi - jlo)]);
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

/// Adds a column buffer back into one sample's group of channels `x` (the adjoint of
/// [`im2col`]).
fn col2im<T: ConvFloat>(col: &[T], g: &Geom, x: &mut [T]) {
    let (p, ow) = (g.plane(), g.ow);
    let mut row = 0;
    for ci in 0..g.cg() {
        let xc = &mut x[ci * g.in_plane()..(ci + 1) * g.in_plane()];
        for ki in 0..g.kh {
            let offh = (ki * g.dh) as isize - g.ph as isize;
            let (ilo, ihi) = valid_range(g.oh, g.sh, offh, g.h);
            for kj in 0..g.kw {
                let offw = (kj * g.dw) as isize - g.pw as isize;
                let (jlo, jhi) = valid_range(ow, g.sw, offw, g.w);
                let srcrow = &col[row * p..(row + 1) * p];
                if jlo < jhi {
                    for oi in ilo..ihi {
                        let ih = (oi * g.sh) as isize + offh;
                        let d = &mut xc[ih as usize * g.w..(ih as usize + 1) * g.w];
                        let s = &srcrow[oi * ow + jlo..oi * ow + jhi];
                        let iw0 = ((jlo * g.sw) as isize + offw) as usize;
                        if g.sw == 1 {
                            for (dv, &sv) in d[iw0..iw0 + s.len()].iter_mut().zip(s) {
                                *dv += sv;
                            }
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

/// A column buffer of `n` elements from the buffer pool (none for a pointwise product),
/// returned to the pool when dropped.
struct Scratch<T: Element>(Vec<T>);

impl<T: Element> std::ops::Deref for Scratch<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}
impl<T: Element> std::ops::DerefMut for Scratch<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}
impl<T: Element> Drop for Scratch<T> {
    fn drop(&mut self) {
        give_vec(std::mem::take(&mut self.0));
    }
}

fn scratch<T: ConvFloat>(g: &Geom, n: usize) -> Scratch<T> {
    if g.pointwise() {
        return Scratch(Vec::new());
    }
    let mut v = take_vec::<T>(n);
    v.resize(n, T::default());
    Scratch(v)
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
    let f = &f;
    rayon::in_place_scope(|sc| {
        let mut it = out.chunks_mut(chunk * per).enumerate();
        let first = it.next();
        for (i, c) in it {
            sc.spawn(move |_| f(i * chunk, c));
        }
        if let Some((_, c)) = first {
            f(0, c);
        }
    });
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
    over_samples(y, per_y, g.n, parts(g), |n0, ys| {
        let mut col = scratch::<T>(g, k * p);
        for (s, yn) in ys.chunks_mut(per_y).enumerate() {
            let xn = &x[(n0 + s) * per_x..(n0 + s + 1) * per_x];
            for gi in 0..g.groups {
                let xg = &xn[gi * g.cg() * g.in_plane()..(gi + 1) * g.cg() * g.in_plane()];
                let b: &[T] = if g.pointwise() {
                    xg
                } else {
                    im2col(xg, g, &mut col);
                    &col
                };
                let yg = &mut yn[gi * og * p..(gi + 1) * og * p];
                let beta = match bias {
                    Some(bv) => {
                        for (oc, row) in yg.chunks_mut(p).enumerate() {
                            row.fill(bv[gi * og + oc]);
                        }
                        T::ONE
                    }
                    None => T::default(),
                };
                T::gemm(
                    og,
                    k,
                    p,
                    &w[gi * og * k..(gi + 1) * og * k],
                    (k, 1),
                    b,
                    (p, 1),
                    beta,
                    yg,
                    p,
                );
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
    over_samples(gx, per_x, g.n, parts(g), |n0, xs| {
        let mut col = scratch::<T>(g, k * p);
        for (s, xn) in xs.chunks_mut(per_x).enumerate() {
            let yn = &gy[(n0 + s) * per_y..(n0 + s + 1) * per_y];
            for gi in 0..g.groups {
                let xg = &mut xn[gi * g.cg() * g.in_plane()..(gi + 1) * g.cg() * g.in_plane()];
                let wg = &w[gi * og * k..(gi + 1) * og * k];
                let yg = &yn[gi * og * p..(gi + 1) * og * p];
                if g.pointwise() {
                    // gx_g (cg × p) = w_gᵀ (cg × og) · gy_g (og × p)
                    T::gemm(k, og, p, wg, (1, k), yg, (p, 1), T::default(), xg, p);
                } else {
                    T::gemm(k, og, p, wg, (1, k), yg, (p, 1), T::default(), &mut col, p);
                    xg.fill(T::default());
                    col2im(&col, g, xg);
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
    let parts = parts(g);
    let chunk = g.n.div_ceil(parts.max(1)).max(1);
    // each part sums its samples into its own buffer; the buffers are added at the end
    let run = |n0: usize, acc: &mut [T]| {
        let mut col = scratch::<T>(g, k * p);
        let mut first = true;
        for s in n0..(n0 + chunk).min(g.n) {
            let xn = &x[s * per_x..(s + 1) * per_x];
            let yn = &gy[s * per_y..(s + 1) * per_y];
            for gi in 0..g.groups {
                let xg = &xn[gi * g.cg() * g.in_plane()..(gi + 1) * g.cg() * g.in_plane()];
                let b: &[T] = if g.pointwise() {
                    xg
                } else {
                    im2col(xg, g, &mut col);
                    &col
                };
                // gw_g (og × k) += gy_g (og × p) · colᵀ (p × k)
                T::gemm(
                    og,
                    p,
                    k,
                    &yn[gi * og * p..(gi + 1) * og * p],
                    (p, 1),
                    b,
                    (1, p),
                    if first { T::default() } else { T::ONE },
                    &mut acc[gi * og * k..(gi + 1) * og * k],
                    k,
                );
            }
            first = false;
        }
        if first {
            acc.fill(T::default());
        }
    };
    if parts <= 1 || g.n == 0 {
        run(0, gw);
        return;
    }
    let mut partial = vec![T::default(); gw.len() * (parts - 1)];
    {
        let run = &run;
        rayon::in_place_scope(|sc| {
            for (i, buf) in partial.chunks_mut(gw.len()).enumerate() {
                sc.spawn(move |_| run((i + 1) * chunk, buf));
            }
            run(0, gw);
        });
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
}
