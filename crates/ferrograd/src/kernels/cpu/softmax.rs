//! Softmax and log-softmax along one dimension, and their backward, in one pass over each lane
//! (a contiguous tensor seen as `(outer, n, inner)`: lane `(o, j)` holds `x[o, 0..n, j]`).
//!
//! They compute what the composite ops compute (`m = max`, `e = exp(x - m)`, `s = Σ e`, then
//! `e / s`, or `(x - m) - ln s`), without the five intermediate tensors; the maximum propagates
//! NaN as `max` does, so a lane holding NaN (or only `-inf`) gives NaN as in PyTorch.

use super::PAR_GRAIN;
use crate::ops::Float;
use crate::tensor::storage::filled;
use crate::tensor::Data;

/// The layout of a reduction along one dimension of a contiguous tensor.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lanes {
    pub(crate) outer: usize,
    pub(crate) n: usize,
    pub(crate) inner: usize,
}

impl Lanes {
    /// `shape` seen along dimension `d` (a 0-d tensor is one lane of one element).
    pub(crate) fn of(shape: &[usize], d: usize) -> Lanes {
        if shape.is_empty() {
            return Lanes {
                outer: 1,
                n: 1,
                inner: 1,
            };
        }
        Lanes {
            outer: shape[..d].iter().product(),
            n: shape[d],
            inner: shape[d + 1..].iter().product(),
        }
    }

    fn block(&self) -> usize {
        self.n * self.inner
    }

    /// Runs `f(first block, output blocks)` over `out` in runs of whole blocks, in parallel
    /// when the tensor is large.
    fn run<T: Send>(&self, out: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
        let block = self.block();
        if out.len() >= PAR_GRAIN && self.outer > 1 {
            let per = PAR_GRAIN.div_ceil(block).clamp(1, self.outer);
            super::team::for_each_chunk(out, per * block, |i, c| f(i * per, c));
        } else {
            f(0, out);
        }
    }
}

/// Softmax (`log` false) or log-softmax (`log` true) of `x` along the lanes `l`.
pub(crate) fn softmax<T: ExpInto>(x: &[T], l: Lanes, log: bool) -> Data<T> {
    let mut out = filled(x.len(), T::ZERO);
    let (inner, block) = (l.inner, l.block());
    l.run(&mut out, |o0, chunk| {
        let mut m = vec![T::ZERO; inner];
        let mut s = vec![T::ZERO; inner];
        if inner == 1 {
            let xs = &x[o0 * block..o0 * block + chunk.len()];
            rows(xs, chunk, block, &mut Vec::with_capacity(chunk.len()), log);
            return;
        }
        for (b, ob) in chunk.chunks_mut(block).enumerate() {
            let xb = &x[(o0 + b) * block..(o0 + b + 1) * block];
            m.copy_from_slice(&xb[..inner]);
            for row in xb.chunks(inner).skip(1) {
                for (mj, &v) in m.iter_mut().zip(row) {
                    if v.is_nan() || v > *mj {
                        *mj = v;
                    }
                }
            }
            s.fill(T::ZERO);
            for (orow, row) in ob.chunks_mut(inner).zip(xb.chunks(inner)) {
                for j in 0..inner {
                    let e = (row[j] - m[j]).fast_exp();
                    s[j] = s[j] + e;
                    orow[j] = e;
                }
            }
            if log {
                for sj in s.iter_mut() {
                    *sj = sj.ln();
                }
                for (orow, row) in ob.chunks_mut(inner).zip(xb.chunks(inner)) {
                    for j in 0..inner {
                        orow[j] = (row[j] - m[j]) - s[j];
                    }
                }
            } else {
                for orow in ob.chunks_mut(inner) {
                    for (o, &sj) in orow.iter_mut().zip(&s) {
                        *o = *o / sj;
                    }
                }
            }
        }
    });
    out
}

/// `e^x` of a slice into another, as the op table's `exp` computes it (in float32 the
/// vectorised kernel).
pub(crate) trait ExpInto: Float {
    fn exp_into(src: &[Self], out: &mut [Self]);
}

impl ExpInto for f32 {
    fn exp_into(src: &[f32], out: &mut [f32]) {
        super::elementwise::exp_into_f32(src, out)
    }
}

impl ExpInto for f64 {
    fn exp_into(src: &[f64], out: &mut [f64]) {
        for (o, &x) in out.iter_mut().zip(src) {
            *o = x.fast_exp();
        }
    }
}

/// `Σ x` in eight independent lanes (which vectorise), added pairwise at the end.
fn sum<T: Float>(x: &[T]) -> T {
    let mut acc = [T::ZERO; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a = *a + v;
        }
    }
    for (a, &v) in acc.iter_mut().zip(chunks.remainder()) {
        *a = *a + v;
    }
    ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]))
}

/// [`softmax`] of contiguous lanes of `n` elements (the last dimension's), all the rows of
/// `x` at once (one vectorised `exp` for all of them); `shifted` is scratch space.
fn rows<T: ExpInto>(x: &[T], out: &mut [T], n: usize, shifted: &mut Vec<T>, log: bool) {
    shifted.clear();
    for r in x.chunks(n) {
        let m = r[1..]
            .iter()
            .fold(r[0], |m, &v| if v.is_nan() || v > m { v } else { m });
        shifted.extend(r.iter().map(|&v| v - m));
    }
    T::exp_into(shifted, out);
    for (o, sh) in out.chunks_mut(n).zip(shifted.chunks(n)) {
        let s = sum(o);
        if log {
            let ls = s.ln();
            for (o, &v) in o.iter_mut().zip(sh) {
                *o = v - ls;
            }
        } else {
            for o in o.iter_mut() {
                *o = *o / s;
            }
        }
    }
}

/// The backward of [`softmax`] from its output `r` and the output's gradient `g`:
/// `r · (g - Σ g·r)` for softmax, `g - exp(r) · Σ g` for log-softmax.
pub(crate) fn softmax_backward<T: ExpInto>(g: &[T], r: &[T], l: Lanes, log: bool) -> Data<T> {
    let mut out = filled(g.len(), T::ZERO);
    let (inner, block) = (l.inner, l.block());
    l.run(&mut out, |o0, chunk| {
        let mut s = vec![T::ZERO; inner];
        for (b, ob) in chunk.chunks_mut(block).enumerate() {
            let range = (o0 + b) * block..(o0 + b + 1) * block;
            let (gb, rb) = (&g[range.clone()], &r[range]);
            if inner == 1 {
                if log {
                    let s = sum(gb);
                    T::exp_into(rb, ob);
                    for (o, &g) in ob.iter_mut().zip(gb) {
                        *o = g - *o * s;
                    }
                } else {
                    for ((o, &g), &r) in ob.iter_mut().zip(gb).zip(rb) {
                        *o = g * r;
                    }
                    let s = sum(ob);
                    for ((o, &g), &r) in ob.iter_mut().zip(gb).zip(rb) {
                        *o = r * (g - s);
                    }
                }
                continue;
            }
            s.fill(T::ZERO);
            for (grow, rrow) in gb.chunks(inner).zip(rb.chunks(inner)) {
                for j in 0..inner {
                    s[j] = s[j] + if log { grow[j] } else { grow[j] * rrow[j] };
                }
            }
            for ((orow, grow), rrow) in ob
                .chunks_mut(inner)
                .zip(gb.chunks(inner))
                .zip(rb.chunks(inner))
            {
                for j in 0..inner {
                    orow[j] = if log {
                        grow[j] - rrow[j].fast_exp() * s[j]
                    } else {
                        rrow[j] * (grow[j] - s[j])
                    };
                }
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The composite formula, lane by lane, in f64.
    fn reference(x: &[f64], l: Lanes, log: bool) -> Vec<f64> {
        let mut out = vec![0.0; x.len()];
        for o in 0..l.outer {
            for j in 0..l.inner {
                let at = |k: usize| o * l.n * l.inner + k * l.inner + j;
                let m = (0..l.n).map(|k| x[at(k)]).fold(f64::NEG_INFINITY, f64::max);
                let s: f64 = (0..l.n).map(|k| (x[at(k)] - m).exp()).sum();
                for k in 0..l.n {
                    out[at(k)] = if log {
                        x[at(k)] - m - s.ln()
                    } else {
                        (x[at(k)] - m).exp() / s
                    };
                }
            }
        }
        out
    }

    #[test]
    fn lanes_of_every_dimension_and_odd_sizes_match_the_formula() {
        for shape in [
            vec![1usize],
            vec![7],
            vec![3, 5],
            vec![2, 3, 4],
            vec![5, 1, 3],
            vec![300, 129],
        ] {
            let numel: usize = shape.iter().product();
            let x: Vec<f64> = (0..numel)
                .map(|i| ((i * 37 % 101) as f64 - 50.0) / 7.0)
                .collect();
            for d in 0..shape.len() {
                let l = Lanes::of(&shape, d);
                for log in [false, true] {
                    let got = softmax(&x, l, log);
                    let want = reference(&x, l, log);
                    for (a, b) in got.iter().zip(&want) {
                        assert!(
                            (a - b).abs() < 1e-12,
                            "{shape:?} d={d} log={log}: {a} vs {b}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn nan_and_infinite_lanes_give_nan_as_max_does() {
        let l = Lanes::of(&[3, 2], 1);
        let x = [
            f64::NAN,
            1.0,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            0.0,
        ];
        let out = softmax(&x, l, true);
        assert!(out[0].is_nan() && out[1].is_nan());
        assert!(out[2].is_nan() && out[3].is_nan());
        assert!(out[4].is_nan() && out[5].is_nan());
        let soft = softmax(&x, l, false);
        assert!(soft.iter().all(|v| v.is_nan()));
        // a 0-d tensor: one lane of one element
        let l0 = Lanes::of(&[], 0);
        assert_eq!(
            (
                &softmax(&[2.0f64], l0, true)[..],
                &softmax(&[2.0f64], l0, false)[..]
            ),
            (&[0.0][..], &[1.0][..])
        );
    }

    #[test]
    fn backward_matches_the_formula_in_parallel_blocks() {
        // large enough to run in parallel blocks
        let shape = [600usize, 7, 20];
        let numel: usize = shape.iter().product();
        let x: Vec<f32> = (0..numel)
            .map(|i| ((i * 13 % 29) as f32 - 14.0) / 3.0)
            .collect();
        let g: Vec<f32> = (0..numel)
            .map(|i| ((i * 7 % 11) as f32 - 5.0) / 2.0)
            .collect();
        let l = Lanes::of(&shape, 1);
        for log in [false, true] {
            let r = softmax(&x, l, log);
            let got = softmax_backward(&g, &r, l, log);
            for o in 0..l.outer {
                for j in 0..l.inner {
                    let at = |k: usize| o * l.n * l.inner + k * l.inner + j;
                    let s: f64 = (0..l.n)
                        .map(|k| {
                            if log {
                                g[at(k)] as f64
                            } else {
                                (g[at(k)] * r[at(k)]) as f64
                            }
                        })
                        .sum();
                    for k in 0..l.n {
                        let (gk, rk) = (g[at(k)] as f64, r[at(k)] as f64);
                        let want = if log {
                            gk - rk.exp() * s
                        } else {
                            rk * (gk - s)
                        };
                        assert!((got[at(k)] as f64 - want).abs() < 1e-4, "log={log}");
                    }
                }
            }
        }
    }
}
