//! Average pooling kernels over planes (the last two dimensions of a contiguous tensor), as
//! ATen's CPU kernels compute them: each output is its window's sum, in row-major order,
//! divided by the window's divisor; the backward adds each output's gradient, divided the same
//! way, into its window. Windows are computed from their index, never stored, so the memory is
//! that of the input and the output whatever the window's size.

use super::PAR_GRAIN;
use crate::tensor::Element;
use std::ops::{Add, Div};

/// An element the average kernels compute in (`f32`, `f64`, and `i64`, whose division
/// truncates as ATen's does).
pub(crate) trait AvgFloat: Element + Add<Output = Self> + Div<Output = Self> {
    /// The integer `v` converted as C++ converts an `int64_t` to this type.
    fn from_i64(v: i64) -> Self;
}
impl AvgFloat for i64 {
    #[inline]
    fn from_i64(v: i64) -> Self {
        v
    }
}
impl AvgFloat for f32 {
    #[inline]
    fn from_i64(v: i64) -> Self {
        v as f32
    }
}
impl AvgFloat for f64 {
    #[inline]
    fn from_i64(v: i64) -> Self {
        v as f64
    }
}

/// How an average pooling finds its windows and divides their sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AvgWindows {
    /// `avg_pool2d`: windows of `kernel` every `stride`, `padding` on both sides; the sum is
    /// divided by `divisor_override`, or the window's size counting the padding (clipped to
    /// `padding` past the end) when `count_include_pad`, or the size of its part in the image.
    Fixed {
        kernel: [usize; 2],
        stride: [usize; 2],
        padding: [usize; 2],
        count_include_pad: bool,
        divisor_override: Option<i64>,
    },
    /// `adaptive_avg_pool2d`: output `o` of `out` covers `floor(o·n/out) .. ceil((o+1)·n/out)`,
    /// and the sum is divided by the window's height, then by its width.
    Adaptive,
}

/// An average pooling of `planes` planes of `h × w` to planes of `oh × ow`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AvgGeom {
    pub planes: usize,
    pub h: usize,
    pub w: usize,
    pub oh: usize,
    pub ow: usize,
    pub windows: AvgWindows,
}

/// One window along one dimension: the input positions `start..end` it reads, and its length
/// counting padding.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    end: usize,
    padded: i64,
}

/// Window `o` of an adaptive pooling of `n` inputs to `out` outputs: `floor(o·n/out)` to
/// `ceil((o+1)·n/out)`, as ATen's `start_index` / `end_index` compute them.
#[inline]
pub(crate) fn adaptive_window(o: usize, out: usize, n: usize) -> (usize, usize) {
    (
        (o / out) * n + ((o % out) * n) / out,
        1 + ((o + 1) * n - 1) / out,
    )
}

impl AvgGeom {
    /// Window `o` along dimension `axis` (0: height, 1: width).
    #[inline]
    fn span(&self, axis: usize, o: usize) -> Span {
        let (n, out) = if axis == 0 {
            (self.h, self.oh)
        } else {
            (self.w, self.ow)
        };
        match self.windows {
            AvgWindows::Fixed {
                kernel,
                stride,
                padding,
                ..
            } => {
                let (k, s, p) = (
                    kernel[axis] as i64,
                    stride[axis] as i64,
                    padding[axis] as i64,
                );
                let start = o as i64 * s - p;
                let end = (start + k).min(n as i64 + p);
                Span {
                    start: start.max(0) as usize,
                    end: end.clamp(0, n as i64) as usize,
                    padded: end - start,
                }
            }
            AvgWindows::Adaptive => {
                let (start, end) = adaptive_window(o, out, n);
                Span {
                    start,
                    end,
                    padded: (end - start) as i64,
                }
            }
        }
    }

    /// `v` (a window's sum, or a gradient) divided by the divisor of window `(r, c)`.
    #[inline]
    fn divide<T: AvgFloat>(&self, v: T, r: &Span, c: &Span) -> T {
        match self.windows {
            AvgWindows::Fixed {
                divisor_override: Some(d),
                ..
            } => v / T::from_i64(d),
            AvgWindows::Fixed {
                count_include_pad: true,
                ..
            } => v / T::from_i64(r.padded * c.padded),
            AvgWindows::Fixed { .. } => {
                v / T::from_i64(((r.end - r.start) * (c.end - c.start)) as i64)
            }
            AvgWindows::Adaptive => {
                v / T::from_i64((r.end - r.start) as i64) / T::from_i64((c.end - c.start) as i64)
            }
        }
    }

    fn in_plane(&self) -> usize {
        self.h * self.w
    }
    fn out_plane(&self) -> usize {
        self.oh * self.ow
    }
    /// Planes per parallel task: whole planes, about [`PAR_GRAIN`] elements each.
    fn planes_per_task(&self) -> usize {
        (PAR_GRAIN / self.in_plane().max(self.out_plane()).max(1)).max(1)
    }
}

/// Runs `plane(src, dst)` on every pair of planes, whole planes per parallel task.
fn each_plane<T: Element>(
    g: &AvgGeom,
    src: &[T],
    src_plane: usize,
    dst: &mut [T],
    dst_plane: usize,
    plane: impl Fn(&[T], &mut [T]) + Sync,
) {
    let (src, dst) = (
        &src[..g.planes * src_plane],
        &mut dst[..g.planes * dst_plane],
    );
    if src_plane == 0 || dst_plane == 0 {
        return;
    }
    let per = g.planes_per_task();
    if g.planes > per {
        let items: Vec<_> = src
            .chunks(per * src_plane)
            .zip(dst.chunks_mut(per * dst_plane))
            .collect();
        super::team::for_each(items, |_, (s, d)| {
            for (sp, dp) in s.chunks(src_plane).zip(d.chunks_mut(dst_plane)) {
                plane(sp, dp);
            }
        });
    } else {
        for (sp, dp) in src.chunks(src_plane).zip(dst.chunks_mut(dst_plane)) {
            plane(sp, dp);
        }
    }
}

/// `out[o]` = the sum of window `o` (row by row) divided by its divisor; a window wholly in the
/// padding gives 0. `x` holds `planes × h × w` elements, `out` `planes × oh × ow`.
pub(crate) fn avg_pool2d<T: AvgFloat>(g: &AvgGeom, x: &[T], out: &mut [T]) {
    assert!(x.len() >= g.planes * g.in_plane() && out.len() >= g.planes * g.out_plane());
    let zero = T::from_f64(0.0);
    each_plane(g, x, g.in_plane(), out, g.out_plane(), |xp, yp| {
        for (oy, yrow) in yp.chunks_exact_mut(g.ow).enumerate() {
            let r = g.span(0, oy);
            for (ox, y) in yrow.iter_mut().enumerate() {
                let c = g.span(1, ox);
                if r.start >= r.end || c.start >= c.end {
                    *y = zero;
                    continue;
                }
                let mut s = zero;
                for row in r.start..r.end {
                    for &v in &xp[row * g.w + c.start..row * g.w + c.end] {
                        s = s + v;
                    }
                }
                *y = g.divide(s, &r, &c);
            }
        }
    });
}

/// The gradient of [`avg_pool2d`]: `gx` (`planes × h × w`, overwritten) receives each
/// `gy[o]`, divided by window `o`'s divisor, added at every position of the window.
pub(crate) fn avg_pool2d_backward<T: AvgFloat>(g: &AvgGeom, gy: &[T], gx: &mut [T]) {
    assert!(gy.len() >= g.planes * g.out_plane() && gx.len() >= g.planes * g.in_plane());
    let zero = T::from_f64(0.0);
    gx[..g.planes * g.in_plane()].fill(zero);
    each_plane(g, gy, g.out_plane(), gx, g.in_plane(), |gyp, gxp| {
        for (oy, grow) in gyp.chunks_exact(g.ow).enumerate() {
            let r = g.span(0, oy);
            for (ox, &go) in grow.iter().enumerate() {
                let c = g.span(1, ox);
                if r.start >= r.end || c.start >= c.end {
                    continue;
                }
                let d = g.divide(go, &r, &c);
                for row in r.start..r.end {
                    for v in &mut gxp[row * g.w + c.start..row * g.w + c.end] {
                        *v = *v + d;
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows and divisors by their definition, one input position at a time.
    fn direct(g: &AvgGeom, x: &[f64]) -> Vec<f64> {
        let mut out = vec![];
        for p in 0..g.planes {
            for oy in 0..g.oh {
                for ox in 0..g.ow {
                    let (mut s, mut inside, mut padded) = (0.0, 0i64, 0i64);
                    let (y0, y1, x0, x1) = match g.windows {
                        AvgWindows::Fixed {
                            kernel,
                            stride,
                            padding,
                            ..
                        } => {
                            let y0 = (oy * stride[0]) as i64 - padding[0] as i64;
                            let x0 = (ox * stride[1]) as i64 - padding[1] as i64;
                            (y0, y0 + kernel[0] as i64, x0, x0 + kernel[1] as i64)
                        }
                        AvgWindows::Adaptive => {
                            let f = |o: usize, n: usize, out: usize| {
                                ((o * n / out) as i64, ((o + 1) * n).div_ceil(out) as i64)
                            };
                            let (y0, y1) = f(oy, g.h, g.oh);
                            let (x0, x1) = f(ox, g.w, g.ow);
                            (y0, y1, x0, x1)
                        }
                    };
                    for y in y0..y1 {
                        for xi in x0..x1 {
                            let (pad_h, pad_w) = match g.windows {
                                AvgWindows::Fixed { padding, .. } => {
                                    (padding[0] as i64, padding[1] as i64)
                                }
                                AvgWindows::Adaptive => (0, 0),
                            };
                            if y < g.h as i64 + pad_h && xi < g.w as i64 + pad_w {
                                padded += 1;
                            }
                            if y >= 0 && xi >= 0 && y < g.h as i64 && xi < g.w as i64 {
                                s += x[p * g.h * g.w + y as usize * g.w + xi as usize];
                                inside += 1;
                            }
                        }
                    }
                    out.push(match g.windows {
                        _ if inside == 0 => 0.0,
                        AvgWindows::Fixed {
                            divisor_override: Some(d),
                            ..
                        } => s / d as f64,
                        AvgWindows::Fixed {
                            count_include_pad: true,
                            ..
                        } => s / padded as f64,
                        _ => s / inside as f64,
                    });
                }
            }
        }
        out
    }

    #[test]
    fn windows_on_odd_sizes_agree_with_the_definition_and_scatter_back() {
        let mut cases = vec![];
        for &(planes, h, w) in &[(3, 7, 5), (1, 1, 9), (700, 5, 6)] {
            for (k, s, p) in [
                ([2, 2], [2, 2], [0, 0]),
                ([3, 3], [1, 2], [1, 1]),
                ([3, 2], [2, 1], [1, 1]),
                ([1, 3], [1, 2], [0, 1]),
            ] {
                for (cip, over) in [(true, None), (false, None), (true, Some(-3))] {
                    let size = |n: usize, a: usize| {
                        (n + 2 * p[a])
                            .checked_sub(k[a])
                            .map(|v| v.div_ceil(s[a]) + 1)
                    };
                    let (Some(oh), Some(ow)) = (size(h, 0), size(w, 1)) else {
                        continue;
                    };
                    // ceil mode: the last window starts inside the image or its left padding
                    let (oh, ow) = (
                        oh - usize::from((oh - 1) * s[0] >= h + p[0]),
                        ow - usize::from((ow - 1) * s[1] >= w + p[1]),
                    );
                    cases.push(AvgGeom {
                        planes,
                        h,
                        w,
                        oh,
                        ow,
                        windows: AvgWindows::Fixed {
                            kernel: k,
                            stride: s,
                            padding: p,
                            count_include_pad: cip,
                            divisor_override: over,
                        },
                    });
                }
            }
            for (oh, ow) in [(1, 1), (3, 2), (h + 2, w), (2 * h + 1, 3)] {
                cases.push(AvgGeom {
                    planes,
                    h,
                    w,
                    oh,
                    ow,
                    windows: AvgWindows::Adaptive,
                });
            }
        }
        assert!(cases.len() > 30);
        for g in cases {
            let n = g.planes * g.h * g.w;
            let x: Vec<f64> = (0..n).map(|i| ((i * 7919) % 17) as f64 - 8.0).collect();
            let want = direct(&g, &x);
            let m = g.planes * g.oh * g.ow;
            let mut out = vec![f64::NAN; m];
            avg_pool2d(&g, &x, &mut out);
            for (a, b) in out.iter().zip(&want) {
                assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{g:?}: {a} {b}");
            }
            // the backward is the transpose: <avg(x), gy> = <x, avg'(gy)>
            let gy: Vec<f64> = (0..m).map(|i| (i % 5) as f64 + 0.5).collect();
            let mut gx = vec![7.0; n];
            avg_pool2d_backward(&g, &gy, &mut gx);
            let lhs: f64 = out.iter().zip(&gy).map(|(a, b)| a * b).sum();
            let rhs: f64 = x.iter().zip(&gx).map(|(a, b)| a * b).sum();
            assert!((lhs - rhs).abs() <= 1e-9 * lhs.abs().max(1.0), "{g:?}");
        }
    }

    #[test]
    fn a_window_as_large_as_the_image_reads_each_element_once() {
        let g = AvgGeom {
            planes: 1,
            h: 200,
            w: 200,
            oh: 1,
            ow: 1,
            windows: AvgWindows::Fixed {
                kernel: [200, 200],
                stride: [200, 200],
                padding: [0, 0],
                count_include_pad: true,
                divisor_override: None,
            },
        };
        let x = vec![0.5f32; 40000];
        let mut out = [0.0f32];
        avg_pool2d(&g, &x, &mut out);
        assert_eq!(out, [0.5]);
        let mut gx = vec![0.0f32; 40000];
        avg_pool2d_backward(&g, &[4.0f32], &mut gx);
        assert!(gx.iter().all(|&v| v == 1e-4));
    }
}
