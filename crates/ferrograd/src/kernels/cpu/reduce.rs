//! Reduction kernels: pairwise sums over slices and sums over dimensions.

use super::{walk_runs, PAR_GRAIN};
use crate::tensor::{Dims, Element, Tensor};
use rayon::prelude::*;

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
        let mid = s.len() / 2;
        let mut r = 0.0;
        let l = rayon::in_place_scope(|sc| {
            let right = &mut r;
            sc.spawn(move |_| *right = sum_slice(&s[mid..]));
            sum_slice(&s[..mid])
        });
        return l + r;
    }
    let mid = (s.len() / 2 / BLOCK).max(1) * BLOCK;
    sum_slice(&s[..mid]) + sum_slice(&s[mid..])
}

/// Sums `t` over the dimensions flagged in `reduce` (kept as size 1), returning values in row-major
/// order of the kept-dims shape. A contiguous input whose reduced dimensions form one block takes
/// pairwise sums (trailing block) or blocked column sums (leading or middle block).
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
    let first = reduce.iter().position(|&r| r);
    let last = reduce.iter().rposition(|&r| r);
    if let (Some(p), Some(q), true) = (first, last, t.is_contiguous())
        && reduce[p..=q].iter().all(|&r| r)
    {
        let outer: usize = shape[..p].iter().product();
        let mid: usize = shape[p..=q].iter().product();
        let inner: usize = shape[q + 1..].iter().product();
        let s = &x[off..off + numel];
        let mut out = vec![0.0f64; outer * inner];
        let par = numel >= PAR_GRAIN * 4;
        if inner == 1 {
            if par && outer > 1 {
                out.par_iter_mut()
                    .zip(s.par_chunks(mid))
                    .for_each(|(o, c)| *o = sum_slice(c));
            } else {
                for (o, c) in out.iter_mut().zip(s.chunks(mid)) {
                    *o = sum_slice(c);
                }
            }
        } else if par && outer > 1 {
            out.par_chunks_mut(inner)
                .zip(s.par_chunks(mid * inner))
                .for_each(|(o, c)| column_sums(c, mid, inner, 0, o));
        } else if par {
            let cw = inner
                .div_ceil(rayon::current_num_threads().max(1) * 2)
                .max(64);
            out.par_chunks_mut(cw)
                .enumerate()
                .for_each(|(i, o)| column_sums(s, mid, inner, i * cw, o));
        } else {
            for (o, c) in out.chunks_mut(inner).zip(s.chunks(mid * inner)) {
                column_sums(c, mid, inner, 0, o);
            }
        }
        return out;
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
