//! Reduction kernels: pairwise sums over slices and sums over dimensions.

use super::{walk_runs, PAR_GRAIN};
use crate::tensor::{Dims, Element, Tensor};

/// Walks two strided layouts of the same shape together.
pub(crate) fn for_each_offset2(
    shape: &[usize],
    sa: &[usize],
    oa: usize,
    sb: &[usize],
    ob: usize,
    mut f: impl FnMut(usize, usize),
) {
    let n: usize = shape.iter().product();
    let nd = shape.len();
    let (ia, ib) = if nd == 0 {
        (0, 0)
    } else {
        (sa[nd - 1], sb[nd - 1])
    };
    walk_runs(shape, [sa, sb], [oa, ob], 0, n, |_, [pa, pb], cnt| {
        for i in 0..cnt {
            f(pa + i * ia, pb + i * ib);
        }
    });
}

/// Pairwise (cascade) sum of a slice in f64 accumulation order-stable blocks.
pub(crate) fn sum_slice<T: Element>(s: &[T]) -> f64 {
    const BLOCK: usize = 128;
    if s.len() <= BLOCK {
        let mut acc = [0.0f64; 4];
        let chunks = s.chunks_exact(4);
        let rem = chunks.remainder();
        for c in chunks {
            acc[0] += c[0].to_f64();
            acc[1] += c[1].to_f64();
            acc[2] += c[2].to_f64();
            acc[3] += c[3].to_f64();
        }
        let mut tot = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        for x in rem {
            tot += x.to_f64();
        }
        return tot;
    }
    if s.len() >= PAR_GRAIN * 4 {
        // the same halves as below a split, the right one on another thread: the sum does not
        // depend on the number of threads
        let mid = s.len() / 2;
        let halves = super::team::map(2, |h| sum_slice(if h == 0 { &s[..mid] } else { &s[mid..] }));
        return halves[0] + halves[1];
    }
    let mid = (s.len() / 2 / BLOCK).max(1) * BLOCK;
    sum_slice(&s[..mid]) + sum_slice(&s[mid..])
}

/// Sums `t` over the dimensions flagged in `reduce` (kept as size 1), returning values in row-major
/// order of the kept-dims shape. A contiguous input is reduced one block of adjacent reduced
/// dimensions at a time, from the right (dimensions 0, 2 and 3 of `N×C×H×W`: the sums of each
/// plane, then the column sums of those over the batch): pairwise sums for a trailing block,
/// blocked column sums for a leading or middle one.
pub(crate) fn sum_dims<T: Element>(t: &Tensor, reduce: &[bool]) -> Vec<f64> {
    let shape = t.shape();
    let nd = shape.len();
    let n_out: usize = (0..nd).filter(|&i| !reduce[i]).map(|i| shape[i]).product();
    let buf = t.0.storage.read();
    let x = T::slice(&buf).expect("dtype mismatch in sum_dims");
    let off = t.storage_offset();
    let numel = t.numel();
    if numel == 0 {
        return vec![0.0; n_out];
    }
    if t.is_contiguous() {
        let s = &x[off..off + numel];
        let mut dims: Vec<(usize, bool)> =
            shape.iter().copied().zip(reduce.iter().copied()).collect();
        // the rightmost block of reduced dimensions first, then the next on those sums, ...
        let Some(q) = dims.iter().rposition(|d| d.1) else {
            return s.iter().map(|v| v.to_f64()).collect();
        };
        let p = dims[..q].iter().rposition(|d| !d.1).map_or(0, |i| i + 1);
        let (outer, mid, inner) = block(&dims, p, q);
        let mut sums = sum_block(s, outer, mid, inner);
        dims.drain(p..=q);
        while let Some(q) = dims.iter().rposition(|d| d.1) {
            let p = dims[..q].iter().rposition(|d| !d.1).map_or(0, |i| i + 1);
            let (outer, mid, inner) = block(&dims, p, q);
            sums = sum_block(&sums, outer, mid, inner);
            dims.drain(p..=q);
        }
        return sums;
    }
    // General layout: accumulate each element into its output slot.
    let kept: Dims = (0..nd)
        .map(|i| if reduce[i] { 1 } else { shape[i] })
        .collect();
    let ostr = crate::tensor::contiguous_strides(&kept);
    let ostr: Dims = (0..nd)
        .map(|i| if reduce[i] { 0 } else { ostr[i] })
        .collect();
    let mut out = vec![0.0f64; n_out];
    for_each_offset2(shape, t.strides(), off, &ostr, 0, |i, o| {
        out[o] += x[i].to_f64()
    });
    out
}

/// The sizes before, of, and after dimensions `p..=q` of `dims`.
fn block(dims: &[(usize, bool)], p: usize, q: usize) -> (usize, usize, usize) {
    let prod = |d: &[(usize, bool)]| d.iter().map(|d| d.0).product::<usize>();
    (prod(&dims[..p]), prod(&dims[p..=q]), prod(&dims[q + 1..]))
}

/// Sums of a dense `outer × mid × inner` block over its middle dimension: pairwise sums
/// (`inner == 1`) or blocked column sums, split across threads when large.
fn sum_block<T: Element>(s: &[T], outer: usize, mid: usize, inner: usize) -> Vec<f64> {
    let numel = outer * mid * inner;
    let mut out = vec![0.0f64; outer * inner];
    if numel == 0 {
        return out;
    }
    let par = numel >= PAR_GRAIN * 4;
    if inner == 1 {
        if par && outer > 1 {
            let rows = outer.div_ceil(super::team_size());
            let items: Vec<_> = out.chunks_mut(rows).zip(s.chunks(rows * mid)).collect();
            super::team::for_each(items, |_, (o, c)| {
                for (o, c) in o.iter_mut().zip(c.chunks(mid)) {
                    *o = sum_slice(c);
                }
            });
        } else {
            for (o, c) in out.iter_mut().zip(s.chunks(mid)) {
                *o = sum_slice(c);
            }
        }
    } else if par && outer > 1 {
        let items: Vec<_> = out.chunks_mut(inner).zip(s.chunks(mid * inner)).collect();
        super::team::for_each(items, |_, (o, c)| column_sums(c, mid, inner, 0, o));
    } else if par {
        let cw = inner.div_ceil(super::team_size() * 2).max(64);
        super::team::for_each_chunk(&mut out, cw, |i, o| column_sums(s, mid, inner, i * cw, o));
    } else {
        for (o, c) in out.chunks_mut(inner).zip(s.chunks(mid * inner)) {
            column_sums(c, mid, inner, 0, o);
        }
    }
    out
}

/// `out[j] += Σ_r s[r * cols + c0 + j]` for `r < rows`, in blocks of rows (each block summed
/// apart, then added), so the error grows with the number of blocks, not of rows.
fn column_sums<T: Element>(s: &[T], rows: usize, cols: usize, c0: usize, out: &mut [f64]) {
    const BLOCK: usize = 64;
    let w = out.len();
    let mut part = vec![0.0f64; w];
    let mut r0 = 0;
    while r0 < rows {
        part.fill(0.0);
        for r in r0..(r0 + BLOCK).min(rows) {
            let row = &s[r * cols + c0..r * cols + c0 + w];
            for (p, &v) in part.iter_mut().zip(row) {
                *p += v.to_f64();
            }
        }
        for (o, p) in out.iter_mut().zip(&part) {
            *o += p;
        }
        r0 += BLOCK;
    }
}
