//! Max pooling kernels over planes (the last two dimensions of a contiguous tensor): the
//! forward writes each window's largest element and its index in the plane (`h * W + w`, as
//! ATen's `return_indices`), the backward adds each output's gradient at its index.

use super::PAR_GRAIN;
use crate::tensor::Element;

/// The windows of a 2-d max pooling: `planes` planes of `h × w` to planes of `oh × ow`, with
/// kernel, stride, top/left padding and dilation per dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PoolGeom {
    pub planes: usize,
    pub h: usize,
    pub w: usize,
    pub oh: usize,
    pub ow: usize,
    pub kh: usize,
    pub kw: usize,
    pub sh: usize,
    pub sw: usize,
    pub ph: usize,
    pub pw: usize,
    pub dh: usize,
    pub dw: usize,
}

impl PoolGeom {
    fn in_plane(&self) -> usize {
        self.h * self.w
    }
    fn out_plane(&self) -> usize {
        self.oh * self.ow
    }
}

/// The input positions of window `o` along one dimension: the first valid one and the end
/// (exclusive), stepping by `d` (padding reads nothing).
#[inline]
fn window(o: usize, s: usize, p: usize, k: usize, d: usize, size: usize) -> (usize, usize) {
    let start = (o * s) as isize - p as isize;
    let end = (start + ((k - 1) * d) as isize + 1).min(size as isize);
    let first = if start < 0 {
        // the first position of the window at or after 0
        start + ((-start) as usize).div_ceil(d) as isize * d as isize
    } else {
        start
    };
    (first as usize, end.max(first) as usize)
}

/// Planes per parallel task: whole planes, about [`PAR_GRAIN`] input elements each.
fn planes_per_task(g: &PoolGeom) -> usize {
    (PAR_GRAIN / g.in_plane().max(1)).max(1)
}

/// `out[o]` = the largest element of window `o`, `idx[o]` its index in the plane: the first
/// largest one, NaN counting as larger than everything (ATen's `val > max || isnan(val)`).
/// `x` holds `planes × h × w` elements, `out` and `idx` `planes × oh × ow`.
pub(crate) fn max_pool2d<T: Element>(g: &PoolGeom, x: &[T], out: &mut [T], idx: &mut [i64]) {
    let (ip, op) = (g.in_plane(), g.out_plane());
    assert!(x.len() >= g.planes * ip && out.len() >= g.planes * op && idx.len() >= out.len());
    if op == 0 || g.planes == 0 {
        return;
    }
    let lowest = T::from_f64(f64::NEG_INFINITY);
    // the column range of every window, computed once
    let cols: Vec<(usize, usize)> = (0..g.ow)
        .map(|ox| window(ox, g.sw, g.pw, g.kw, g.dw, g.w))
        .collect();
    let (dh, dw) = (g.dh, g.dw);
    // every window inside the image: each kernel position is compared across a whole output
    // row at once (the same order of comparisons per window, without data-dependent branches)
    let inside = g.ph == 0
        && g.pw == 0
        && (g.oh - 1) * g.sh + (g.kh - 1) * dh < g.h
        && (g.ow - 1) * g.sw + (g.kw - 1) * dw < g.w;
    let plane_inside = |xp: &[T], yp: &mut [T], ip_: &mut [i64]| {
        for ((oy, yrow), irow) in yp
            .chunks_exact_mut(g.ow)
            .enumerate()
            .zip(ip_.chunks_exact_mut(g.ow))
        {
            yrow.fill(lowest);
            for (ox, i) in irow.iter_mut().enumerate() {
                *i = (oy * g.sh * g.w + ox * g.sw) as i64;
            }
            for ky in 0..g.kh {
                let y = oy * g.sh + ky * dh;
                let row = &xp[y * g.w..(y + 1) * g.w];
                for kx in 0..g.kw {
                    let base = kx * dw;
                    for (ox, (m, i)) in yrow.iter_mut().zip(irow.iter_mut()).enumerate() {
                        let xi = ox * g.sw + base;
                        let v = row[xi];
                        #[allow(clippy::eq_op)]
                        let take = (v > *m) | (v != v);
                        *m = if take { v } else { *m };
                        *i = if take { (y * g.w + xi) as i64 } else { *i };
                    }
                }
            }
        }
    };
    // the common 2×2 window with stride 2: the four candidates of each output read directly
    // (the same comparisons in the same order as the general loops)
    let two_by_two = inside && (g.kh, g.kw, g.sh, g.sw, dh, dw) == (2, 2, 2, 2, 1, 1);
    let plane_2x2 = |xp: &[T], yp: &mut [T], ip_: &mut [i64]| {
        let w = g.w;
        for ((oy, yrow), irow) in yp
            .chunks_exact_mut(g.ow)
            .enumerate()
            .zip(ip_.chunks_exact_mut(g.ow))
        {
            let (y0, y1) = (2 * oy * w, (2 * oy + 1) * w);
            let (r0, r1) = (&xp[y0..y0 + 2 * g.ow], &xp[y1..y1 + 2 * g.ow]);
            for (ox, (m, i)) in yrow.iter_mut().zip(irow.iter_mut()).enumerate() {
                let x0 = 2 * ox;
                let mut best = y0 + x0;
                let mut top = lowest;
                for (v, at) in [
                    (r0[x0], y0 + x0),
                    (r0[x0 + 1], y0 + x0 + 1),
                    (r1[x0], y1 + x0),
                    (r1[x0 + 1], y1 + x0 + 1),
                ] {
                    #[allow(clippy::eq_op)]
                    let take = (v > top) | (v != v);
                    top = if take { v } else { top };
                    best = if take { at } else { best };
                }
                *m = top;
                *i = best as i64;
            }
        }
    };
    let plane = |xp: &[T], yp: &mut [T], ip_: &mut [i64]| {
        if two_by_two {
            return plane_2x2(xp, yp, ip_);
        }
        if inside {
            return plane_inside(xp, yp, ip_);
        }
        for oy in 0..g.oh {
            let (y0, y1) = window(oy, g.sh, g.ph, g.kh, g.dh, g.h);
            let (yrow, irow) = (
                &mut yp[oy * g.ow..(oy + 1) * g.ow],
                &mut ip_[oy * g.ow..(oy + 1) * g.ow],
            );
            for ((ym, im), &(x0, x1)) in yrow.iter_mut().zip(irow.iter_mut()).zip(&cols) {
                let mut best = y0 * g.w + x0;
                let mut m = lowest;
                // plain loops: `step_by` divides to find its length
                let mut y = y0;
                while y < y1 {
                    let row = &xp[y * g.w..y * g.w + x1];
                    let mut xi = x0;
                    while xi < x1 {
                        let v = row[xi];
                        // `v != v`: NaN, which wins (and the last NaN is kept, as ATen's);
                        // `|` and selects rather than branches, which mispredict on data
                        #[allow(clippy::eq_op)]
                        let take = (v > m) | (v != v);
                        m = if take { v } else { m };
                        best = if take { y * g.w + xi } else { best };
                        xi += dw;
                    }
                    y += dh;
                }
                *ym = m;
                *im = best as i64;
            }
        }
    };
    each_plane(x, ip, out, idx, op, g.planes, planes_per_task(g), plane);
}

/// Runs `plane(input plane, output plane, index plane)` over `planes` planes (`ip` input and
/// `op` output elements each), `per` planes a task, in parallel when there are more.
#[allow(clippy::too_many_arguments)]
fn each_plane<T: Sync, U: Send>(
    x: &[T],
    ip: usize,
    out: &mut [U],
    idx: &mut [i64],
    op: usize,
    planes: usize,
    per: usize,
    plane: impl Fn(&[T], &mut [U], &mut [i64]) + Sync,
) {
    let (x, out, idx) = (
        &x[..planes * ip],
        &mut out[..planes * op],
        &mut idx[..planes * op],
    );
    let ip = ip.max(1);
    if planes > per {
        let items: Vec<_> = x
            .chunks(per * ip)
            .zip(out.chunks_mut(per * op))
            .zip(idx.chunks_mut(per * op))
            .collect();
        super::team::for_each(items, |_, ((xs, ys), is)| {
            for ((xp, yp), ipl) in xs.chunks(ip).zip(ys.chunks_mut(op)).zip(is.chunks_mut(op)) {
                plane(xp, yp, ipl);
            }
        });
    } else {
        for ((xp, yp), ipl) in x.chunks(ip).zip(out.chunks_mut(op)).zip(idx.chunks_mut(op)) {
            plane(xp, yp, ipl);
        }
    }
}

/// The gradient of [`max_pool2d`]: `gx` (`planes × in_plane`, overwritten) is zero except for
/// `gx[idx[o]] += gy[o]` in each plane. `gy` and `idx` hold `planes × out_plane` elements; an
/// index outside the plane is an error naming it.
pub(crate) fn max_pool2d_backward<T: Element + std::ops::Add<Output = T>>(
    planes: usize,
    in_plane: usize,
    out_plane: usize,
    gy: &[T],
    idx: &[i64],
    gx: &mut [T],
) {
    let zero = T::from_f64(0.0);
    let gx = &mut gx[..planes * in_plane];
    gx.fill(zero);
    if out_plane == 0 || in_plane == 0 {
        return;
    }
    let plane = |gyp: &[T], ipl: &[i64], gxp: &mut [T]| {
        for (&g, &i) in gyp.iter().zip(ipl) {
            // a window that lies wholly in the padding (dilation) has an index past the plane,
            // as in PyTorch, and its gradient goes nowhere
            if let Some(slot) = usize::try_from(i).ok().and_then(|i| gxp.get_mut(i)) {
                *slot = *slot + g;
            }
        }
    };
    let per = (PAR_GRAIN / in_plane).max(1);
    let (gy, idx) = (&gy[..planes * out_plane], &idx[..planes * out_plane]);
    if planes > per {
        let items: Vec<_> = gy
            .chunks(per * out_plane)
            .zip(idx.chunks(per * out_plane))
            .zip(gx.chunks_mut(per * in_plane))
            .collect();
        super::team::for_each(items, |_, ((gys, is), gxs)| {
            gys.chunks(out_plane)
                .zip(is.chunks(out_plane))
                .zip(gxs.chunks_mut(in_plane))
                .for_each(|((a, b), c)| plane(a, b, c))
        })
    } else {
        gy.chunks(out_plane)
            .zip(idx.chunks(out_plane))
            .zip(gx.chunks_mut(in_plane))
            .for_each(|((a, b), c)| plane(a, b, c))
    }
}

/// Adaptive max pooling of `planes` planes of `h × w` to `oh × ow`: window `(oy, ox)` spans
/// [`adaptive_window`] in each dimension; `out` gets its largest element and `idx` that
/// element's index in the plane (the first largest one; NaN counts as larger than everything,
/// and the last NaN is kept, as ATen's `val > max || isnan(val)`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn adaptive_max_pool2d<T: Element>(
    planes: usize,
    [h, w]: [usize; 2],
    [oh, ow]: [usize; 2],
    x: &[T],
    out: &mut [T],
    idx: &mut [i64],
) {
    let (ip, op) = (h * w, oh * ow);
    if op == 0 || planes == 0 {
        return;
    }
    let lowest = T::from_f64(f64::NEG_INFINITY);
    let plane = |xp: &[T], yp: &mut [T], ipl: &mut [i64]| {
        for oy in 0..oh {
            let (y0, y1) = super::adaptive_window(oy, oh, h);
            for ox in 0..ow {
                let (x0, x1) = super::adaptive_window(ox, ow, w);
                let (mut m, mut best) = (lowest, y0 * w + x0);
                for y in y0..y1 {
                    for (xi, &v) in xp[y * w + x0..y * w + x1].iter().enumerate() {
                        #[allow(clippy::eq_op)]
                        let take = (v > m) | (v != v);
                        m = if take { v } else { m };
                        best = if take { y * w + x0 + xi } else { best };
                    }
                }
                yp[oy * ow + ox] = m;
                ipl[oy * ow + ox] = best as i64;
            }
        }
    };
    let per = (PAR_GRAIN / ip.max(op).max(1)).max(1);
    each_plane(x, ip, out, idx, op, planes, per, plane);
}

/// The inverse of [`max_pool2d`] (`max_unpool2d`, and `max_unpool3d` with a volume as the
/// plane): in each plane `out[idx[i]] = x[i]` (the last write wins where indices repeat), zeros
/// elsewhere. `x` and `idx` hold `planes × in_plane` elements, `out` `planes × out_plane`. An
/// index outside the plane writes nothing; the result is then the last such index (ATen's, in
/// its serial order).
pub(crate) fn max_unpool2d<T: Element>(
    planes: usize,
    in_plane: usize,
    out_plane: usize,
    x: &[T],
    idx: &[i64],
    out: &mut [T],
) -> Result<(), i64> {
    let out = &mut out[..planes * out_plane];
    out.fill(T::from_f64(0.0));
    let mut bad = None;
    if in_plane == 0 {
        return Ok(());
    }
    for ((xp, ip), op) in x[..planes * in_plane]
        .chunks(in_plane)
        .zip(idx[..planes * in_plane].chunks(in_plane))
        .zip(out.chunks_mut(out_plane.max(1)))
    {
        for (&v, &i) in xp.iter().zip(ip) {
            match usize::try_from(i).ok().filter(|&i| i < out_plane) {
                Some(i) => op[i] = v,
                None => bad = Some(i),
            }
        }
    }
    bad.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windows by their definition (padding as -inf, positions checked one by one).
    fn direct(g: &PoolGeom, x: &[f64]) -> (Vec<f64>, Vec<i64>) {
        let (mut out, mut idx) = (vec![], vec![]);
        for p in 0..g.planes {
            for oy in 0..g.oh {
                for ox in 0..g.ow {
                    let (mut m, mut best) = (f64::NEG_INFINITY, None);
                    for ky in 0..g.kh {
                        for kx in 0..g.kw {
                            let y = (oy * g.sh + ky * g.dh) as isize - g.ph as isize;
                            let xi = (ox * g.sw + kx * g.dw) as isize - g.pw as isize;
                            if y < 0 || xi < 0 || y >= g.h as isize || xi >= g.w as isize {
                                continue;
                            }
                            let i = y as usize * g.w + xi as usize;
                            best.get_or_insert(i);
                            let v = x[p * g.h * g.w + i];
                            if v > m || v.is_nan() {
                                m = v;
                                best = Some(i);
                            }
                        }
                    }
                    out.push(m);
                    idx.push(best.unwrap() as i64);
                }
            }
        }
        (out, idx)
    }

    /// The windows, if they fit in the padded image.
    fn geom(planes: usize, h: usize, w: usize, k: [usize; 6], d: [usize; 2]) -> Option<PoolGeom> {
        let [kh, kw, sh, sw, ph, pw] = k;
        let [dh, dw] = d;
        let span_h = (h + 2 * ph).checked_sub(dh * (kh - 1) + 1)?;
        let span_w = (w + 2 * pw).checked_sub(dw * (kw - 1) + 1)?;
        Some(PoolGeom {
            planes,
            h,
            w,
            oh: span_h / sh + 1,
            ow: span_w / sw + 1,
            kh,
            kw,
            sh,
            sw,
            ph,
            pw,
            dh,
            dw,
        })
    }

    #[test]
    fn windows_on_odd_sizes_agree_with_the_definition_and_scatter_back() {
        let mut cases = vec![];
        for &(planes, h, w) in &[(3, 7, 5), (1, 1, 9), (5, 4, 4), (600, 9, 11)] {
            for k in [
                [2, 2, 2, 2, 0, 0],
                [3, 3, 1, 1, 1, 1],
                [3, 2, 2, 1, 1, 1],
                [1, 3, 1, 2, 0, 1],
            ] {
                for d in [[1, 1], [2, 1], [1, 2]] {
                    // windows that start in the padding end in the image (ATen's rule)
                    cases.extend(geom(planes, h, w, k, d).filter(|g| {
                        (g.oh - 1) * g.sh < g.h + g.ph && (g.ow - 1) * g.sw < g.w + g.pw
                    }));
                }
            }
        }
        assert!(cases.len() > 20);
        for g in cases {
            let n = g.planes * g.h * g.w;
            // repeated values (ties), a NaN in every 13th place and -inf in every 11th
            let x: Vec<f64> = (0..n)
                .map(|i| {
                    if i % 13 == 5 {
                        f64::NAN
                    } else if i % 11 == 3 {
                        f64::NEG_INFINITY
                    } else {
                        ((i * 7919) % 17) as f64
                    }
                })
                .collect();
            let (want, want_i) = direct(&g, &x);
            let m = g.planes * g.oh * g.ow;
            let (mut out, mut idx) = (vec![0.0; m], vec![0i64; m]);
            max_pool2d(&g, &x, &mut out, &mut idx);
            assert_eq!(idx, want_i, "{g:?}");
            for (a, b) in out.iter().zip(&want) {
                assert!(a == b || a.is_nan() && b.is_nan(), "{g:?}");
            }
            // integers: the same indices where there is no NaN
            let xi: Vec<i64> = x
                .iter()
                .map(|v| if v.is_finite() { *v as i64 } else { -1 })
                .collect();
            let xf: Vec<f64> = xi.iter().map(|&v| v as f64).collect();
            let (_, want_i) = direct(&g, &xf);
            let (mut out_i, mut idx) = (vec![0i64; m], vec![0i64; m]);
            max_pool2d(&g, &xi, &mut out_i, &mut idx);
            assert_eq!(idx, want_i, "{g:?}");
            // the backward adds each gradient at its index
            let gy: Vec<f64> = (0..m).map(|i| i as f64 + 0.5).collect();
            let mut gx = vec![7.0; n];
            max_pool2d_backward(g.planes, g.h * g.w, m / g.planes, &gy, &idx, &mut gx);
            let mut want = vec![0.0; n];
            for (o, &i) in idx.iter().enumerate() {
                want[o / (g.oh * g.ow) * g.h * g.w + i as usize] += gy[o];
            }
            assert_eq!(gx, want, "{g:?}");
        }
    }

    #[test]
    fn unpooling_writes_at_the_indices_and_names_the_last_bad_index() {
        let mut out = vec![9.0f64; 8];
        // plane 0: 1 at 3, 2 at 0; plane 1: 3 and 4 both at 2 (the last write wins)
        let r = max_unpool2d(2, 2, 4, &[1.0, 2.0, 3.0, 4.0], &[3, 0, 2, 2], &mut out);
        assert_eq!(r, Ok(()));
        assert_eq!(out, vec![2.0, 0.0, 0.0, 1.0, 0.0, 0.0, 4.0, 0.0]);
        let x = [1.0f32; 6];
        let r = max_unpool2d(3, 2, 4, &x, &[0, 5, 9, 7, -1, 0], &mut [0.0; 12]);
        assert_eq!(r, Err(-1));
        let r = max_unpool2d(3, 2, 4, &x, &[0, 5, 9, 7, 1, 0], &mut [0.0; 12]);
        assert_eq!(r, Err(7));
    }

    #[test]
    fn an_index_outside_the_plane_is_skipped() {
        // (a window wholly in the padding has an index past its plane, as in PyTorch)
        let mut gx = vec![5.0f32; 8];
        max_pool2d_backward(2, 4, 1, &[1.0, 2.0], &[3, 4], &mut gx);
        assert_eq!(gx, vec![0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
        max_pool2d_backward(2, 4, 1, &[1.0, 2.0], &[-1, 0], &mut gx);
        assert_eq!(gx, vec![0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0]);
    }
}
