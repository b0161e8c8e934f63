//! Normalization kernels over a tensor laid out as `(A, C, B)`: statistics of each of the `C`
//! groups over its `A × B` elements, a per-group affine map, and batch normalization's fused
//! backward. Batch norm is `(N, C, H·W)`; layer and group norm are `(1, rows, row length)`.

use super::{build, PAR_GRAIN};
use crate::ops::Float;
use crate::tensor::Data;

/// The layout `(a, c, b)` of a contiguous tensor: group `j` holds `x[i, j, k]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Groups {
    pub(crate) a: usize,
    pub(crate) c: usize,
    pub(crate) b: usize,
}

impl Groups {
    /// The elements of each group.
    pub(crate) fn count(&self) -> usize {
        self.a * self.b
    }
    /// Runs `f(j)` for every group, in parallel when the tensor is large.
    fn per_group<R: Send>(&self, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
        if self.a * self.b * self.c >= PAR_GRAIN && self.c > 1 {
            super::team::map(self.c, f)
        } else {
            (0..self.c).map(f).collect()
        }
    }
    /// The rows of group `j`.
    fn rows<'s, T>(&self, x: &'s [T], j: usize) -> impl Iterator<Item = &'s [T]> + 's {
        let (c, b) = (self.c, self.b);
        (0..self.a).map(move |i| &x[(i * c + j) * b..(i * c + j + 1) * b])
    }
}

/// `Σ f(v)` over a row in eight `f64` lanes (independent additions, which vectorise; a single
/// running sum waits on each addition's latency), the lanes added pairwise at the end.
#[inline]
fn lanes_sum<T: Float>(r: &[T], f: impl Fn(T) -> f64) -> f64 {
    let mut l = [0.0f64; 8];
    let chunks = r.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (acc, &v) in l.iter_mut().zip(c) {
            *acc += f(v);
        }
    }
    let mut s = fold_lanes(l);
    for &v in rest {
        s += f(v);
    }
    s
}

/// The eight lanes of a sum, added pairwise.
#[inline]
fn fold_lanes<T: Float>(l: [T; 8]) -> T {
    ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]))
}

/// The mean and the sum of squared deviations of each group, accumulated in `f64` (two passes,
/// as PyTorch's CPU batch norm).
pub(crate) fn moments<T: Float>(x: &[T], g: Groups) -> Vec<(f64, f64)> {
    two_pass_moments(x, g, false)
}

/// Batch norm's statistics as PyTorch's CPU kernel takes them: the mean summed in `f64` and
/// rounded to the input's type, then the squared deviations from that rounded mean, each in
/// the input's type, summed in `f64` (in eight lanes: the `f64` sums differ from a single
/// running sum by far less than the input type's rounding).
pub(crate) fn batch_moments<T: Float>(x: &[T], g: Groups) -> Vec<(f64, f64)> {
    two_pass_moments(x, g, true)
}

/// Each group's mean and sum of squared deviations: the deviations from the `f64` mean in `f64`,
/// or (`in_input_type`) from the mean rounded to `T`, in `T`.
fn two_pass_moments<T: Float>(x: &[T], g: Groups, in_input_type: bool) -> Vec<(f64, f64)> {
    let n = g.count() as f64;
    g.per_group(|j| {
        let mut s = 0.0f64;
        for r in g.rows(x, j) {
            s += lanes_sum(r, |v| v.to_f64());
        }
        let mut q = 0.0f64;
        if in_input_type {
            let mean = T::from_f64(s / n);
            for r in g.rows(x, j) {
                q += lanes_sum(r, |v| {
                    let d = v - mean;
                    (d * d).to_f64()
                });
            }
            (mean.to_f64(), q)
        } else {
            let mean = s / n;
            for r in g.rows(x, j) {
                q += lanes_sum(r, |v| {
                    let d = v.to_f64() - mean;
                    d * d
                });
            }
            (mean, q)
        }
    })
}

/// `f(x, j)` for every element `x` of group `j`.
fn per_group<T: Float>(x: &[T], g: Groups, f: impl Fn(T, usize) -> T + Sync) -> Data<T> {
    build(x.len(), |start, out| {
        let mut pos = start;
        let mut rest = out;
        while !rest.is_empty() {
            let j = (pos / g.b) % g.c;
            let take = (g.b - pos % g.b).min(rest.len());
            let (now, later) = rest.split_at_mut(take);
            for (o, &v) in now.iter_mut().zip(&x[pos..pos + take]) {
                o.write(f(v, j));
            }
            pos += take;
            rest = later;
        }
    })
}

/// `x · alpha[j] + beta[j]` for each group `j`.
pub(crate) fn affine<T: Float>(x: &[T], g: Groups, alpha: &[T], beta: &[T]) -> Data<T> {
    per_group(x, g, |v, j| v * alpha[j] + beta[j])
}

/// `(x - mean[j]) · scale[j]` for each group `j` (the shift first, so that a large mean does
/// not cancel the deviations, as PyTorch's layer and group norm).
pub(crate) fn shift_scale<T: Float>(x: &[T], g: Groups, mean: &[T], scale: &[T]) -> Data<T> {
    per_group(x, g, |v, j| (v - mean[j]) * scale[j])
}

/// The output gradient: a slice, or one value broadcast everywhere (the gradient of a sum).
#[derive(Clone, Copy)]
pub(crate) enum GradIn<'a, T> {
    Slice(&'a [T]),
    Const(T),
}

impl<T: Float> GradIn<'_, T> {
    #[inline]
    fn rows(&self, g: Groups, j: usize) -> impl Iterator<Item = RowG<'_, T>> + '_ {
        let (c, b) = (g.c, g.b);
        (0..g.a).map(move |i| match self {
            GradIn::Slice(s) => RowG::Slice(&s[(i * c + j) * b..(i * c + j + 1) * b]),
            GradIn::Const(v) => RowG::Const(*v, b),
        })
    }
}

enum RowG<'a, T> {
    Slice(&'a [T]),
    Const(T, usize),
}

/// Batch normalization's backward in two passes (training statistics `mean`, `invstd` of each
/// channel; `weight` 1 when absent): per channel `Σg` and `Σg·(x-mean)`, then
/// `gx = (g - Σg/M - (x-mean)·invstd²·Σg(x-mean)/M) · invstd · w`, PyTorch's formula in
/// PyTorch's order (the deviation first); in evaluation `gx = g · invstd · w`.
/// Returns `(gx, gw, gb)`; `gx` only when `want_x`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn batch_norm_backward<T: Float>(
    x: &[T],
    grad: GradIn<'_, T>,
    g: Groups,
    mean: &[T],
    invstd: &[T],
    weight: Option<&[T]>,
    training: bool,
    want_x: bool,
) -> (Option<Data<T>>, Vec<T>, Vec<T>) {
    let m = g.count() as f64;
    let sums: Vec<(f64, f64)> = g.per_group(|j| {
        let mu = mean[j];
        let (mut sg, mut sgx) = (0.0f64, 0.0f64);
        for (xr, gr) in g.rows(x, j).zip(grad.rows(g, j)) {
            match gr {
                RowG::Slice(gs) => {
                    // eight lanes of each sum (independent additions, which vectorise)
                    let (mut a, mut b) = ([T::ZERO; 8], [T::ZERO; 8]);
                    let (xc, gc) = (xr.chunks_exact(8), gs.chunks_exact(8));
                    let (xt, gt) = (xc.remainder(), gc.remainder());
                    for (xs, gvs) in xc.zip(gc) {
                        for l in 0..8 {
                            a[l] = a[l] + gvs[l];
                            b[l] = b[l] + gvs[l] * (xs[l] - mu);
                        }
                    }
                    let (mut a, mut b) = (fold_lanes(a), fold_lanes(b));
                    for (&v, &gv) in xt.iter().zip(gt) {
                        a = a + gv;
                        b = b + gv * (v - mu);
                    }
                    sg += a.to_f64();
                    sgx += b.to_f64();
                }
                RowG::Const(gv, n) => {
                    let mut d = [T::ZERO; 8];
                    let xc = xr.chunks_exact(8);
                    let xt = xc.remainder();
                    for xs in xc {
                        for l in 0..8 {
                            d[l] = d[l] + (xs[l] - mu);
                        }
                    }
                    let d = xt.iter().fold(fold_lanes(d), |a, &v| a + (v - mu));
                    sg += gv.to_f64() * n as f64;
                    sgx += (gv * d).to_f64();
                }
            }
        }
        (sg, sgx)
    });
    let w = |j: usize| weight.map_or(T::ONE, |w| w[j]);
    let gw: Vec<T> = (0..g.c)
        .map(|j| T::from_f64(sums[j].1) * invstd[j])
        .collect();
    let gb: Vec<T> = sums.iter().map(|s| T::from_f64(s.0)).collect();
    if !want_x {
        return (None, gw, gb);
    }
    // per channel: k = Σg(x-mean)·invstd²/M and the mean gradient; the deviation `x - mean`
    // is formed first, so a large mean does not cancel it (PyTorch's order of operations)
    let coef: Vec<(T, T, T, T)> = (0..g.c)
        .map(|j| {
            if !training {
                return (T::ZERO, T::ZERO, T::ZERO, invstd[j]);
            }
            let k = T::from_f64(sums[j].1) * invstd[j] * invstd[j] / T::from_f64(m);
            (mean[j], k, T::from_f64(sums[j].0 / m), invstd[j])
        })
        .collect();
    let gx = build(x.len(), |start, out| {
        let mut pos = start;
        let mut rest = out;
        while !rest.is_empty() {
            let j = (pos / g.b) % g.c;
            let take = (g.b - pos % g.b).min(rest.len());
            let (now, later) = rest.split_at_mut(take);
            let (mu, k, gm, r) = coef[j];
            let wj = w(j);
            let xs = &x[pos..pos + take];
            // one loop per case, so that each vectorises
            match (grad, training) {
                (GradIn::Slice(gs), true) => {
                    for ((o, &v), &gv) in now.iter_mut().zip(xs).zip(&gs[pos..pos + take]) {
                        o.write((gv - gm - (v - mu) * k) * r * wj);
                    }
                }
                (GradIn::Const(gv), true) => {
                    for (o, &v) in now.iter_mut().zip(xs) {
                        o.write((gv - gm - (v - mu) * k) * r * wj);
                    }
                }
                (GradIn::Slice(gs), false) => {
                    for (o, &gv) in now.iter_mut().zip(&gs[pos..pos + take]) {
                        o.write(gv * r * wj);
                    }
                }
                (GradIn::Const(gv), false) => {
                    for o in now.iter_mut() {
                        o.write(gv * r * wj);
                    }
                }
            }
            pos += take;
            rest = later;
        }
    });
    (Some(gx), gw, gb)
}
