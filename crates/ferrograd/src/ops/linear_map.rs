//! Sparse linear maps over the trailing dimensions of a tensor: the primitive behind padding
//! and interpolation.
//!
//! Each output element of a plane is a weighted sum of input elements of the same plane
//! (`out[o] = Σ w·x[src]`). The map's transpose is its backward, and the map is the transpose's
//! backward, so one pair of nodes serves every order of derivative: bilinear `interpolate`
//! records `UpsampleBilinear2DBackward0`, its gradient (with `create_graph`) records
//! `UpsampleBilinear2DBackwardBackward0`, whose gradient is the interpolation again.

use std::sync::Arc;

use crate::autograd::record;
use crate::error::Result;
use crate::ops::Float;
use crate::{DType, Tensor};

/// A linear map from planes of shape `in_dims` to planes of shape `out_dims` (compressed rows:
/// output `o` reads `src[start[o]..start[o + 1]]` with weights `w`).
#[derive(Debug)]
pub(crate) struct LinearMap {
    pub(crate) in_dims: Vec<usize>,
    pub(crate) out_dims: Vec<usize>,
    pub(crate) start: Vec<usize>,
    pub(crate) src: Vec<usize>,
    pub(crate) w: Vec<f64>,
}

impl LinearMap {
    /// An empty map with room for `rows` outputs and `entries` terms, reserved fallibly: a map
    /// too large for memory is the allocator's error, not an abort.
    pub(crate) fn try_with_capacity(
        in_dims: Vec<usize>,
        out_dims: Vec<usize>,
        rows: usize,
        entries: usize,
    ) -> Result<Self> {
        use crate::tensor::storage::try_vec;
        let mut start = try_vec(rows.saturating_add(1))?;
        start.push(0);
        Ok(LinearMap {
            in_dims,
            out_dims,
            start,
            src: try_vec(entries)?,
            w: try_vec(entries)?,
        })
    }
    /// Adds input `src` with weight `w` to the output being built.
    #[inline]
    pub(crate) fn push(&mut self, src: usize, w: f64) {
        self.src.push(src);
        self.w.push(w);
    }
    /// Ends the current output row.
    #[inline]
    pub(crate) fn end_row(&mut self) {
        self.start.push(self.src.len());
    }
    fn in_plane(&self) -> usize {
        self.in_dims.iter().product()
    }
    fn out_plane(&self) -> usize {
        self.out_dims.iter().product()
    }

    /// The forward direction on `planes` planes of `x`. With `copies`, each sum starts from its
    /// first term (an output that reads one input is an exact copy: `-0.0` stays `-0.0`);
    /// without, from `+0.0`, as PyTorch's kernels that accumulate into zeros.
    fn forward<T: Float>(&self, x: &[T], planes: usize, fill: f64, copies: bool) -> Vec<T> {
        let (ip, op) = (self.in_plane(), self.out_plane());
        let mut out = Vec::with_capacity(planes * op);
        let fill = T::from_f64(fill);
        for p in 0..planes {
            let xp = &x[p * ip..(p + 1) * ip];
            for o in 0..op {
                let (a, b) = (self.start[o], self.start[o + 1]);
                if a == b {
                    out.push(fill);
                    continue;
                }
                // -0.0 is the identity of IEEE addition: starting there is starting at the first term
                let mut s = if copies { -T::ZERO } else { T::ZERO };
                for k in a..b {
                    let v = xp[self.src[k]];
                    let w = self.w[k];
                    s = s + if w == 1.0 { v } else { v * T::from_f64(w) };
                }
                out.push(s);
            }
        }
        out
    }

    /// The transposed direction (the forward's backward) on `planes` planes of `g`. With
    /// `copies`, an input reached by one output gets that output's gradient exactly (a slice, as
    /// PyTorch's constant padding takes it); inputs reached by none are `+0.0`.
    fn transpose<T: Float>(&self, g: &[T], planes: usize, copies: bool) -> Vec<T> {
        let (ip, op) = (self.in_plane(), self.out_plane());
        let mut out = vec![T::ZERO; planes * ip];
        let mut touched = vec![false; if copies { ip } else { 0 }];
        for p in 0..planes {
            let gp = &g[p * op..(p + 1) * op];
            let dst = &mut out[p * ip..(p + 1) * ip];
            if copies {
                touched.fill(false);
            }
            for (o, &go) in gp.iter().enumerate() {
                for k in self.start[o]..self.start[o + 1] {
                    let w = self.w[k];
                    let i = self.src[k];
                    let v = if w == 1.0 { go } else { go * T::from_f64(w) };
                    dst[i] = if copies && !std::mem::replace(&mut touched[i], true) {
                        v
                    } else {
                        dst[i] + v
                    };
                }
            }
        }
        out
    }

    /// The forward direction of a map whose outputs each read at most one input with weight 1
    /// (padding), on elements of any type: a copy, `fill` where an output reads nothing.
    pub(crate) fn gather<T: Copy>(&self, x: &[T], planes: usize, fill: T) -> Vec<T> {
        let (ip, op) = (self.in_plane(), self.out_plane());
        let mut out = Vec::with_capacity(planes * op);
        for p in 0..planes {
            let xp = &x[p * ip..(p + 1) * ip];
            out.extend((0..op).map(|o| {
                let (a, b) = (self.start[o], self.start[o + 1]);
                debug_assert!(b - a <= 1 && self.w[a..b].iter().all(|&w| w == 1.0));
                if a == b {
                    fill
                } else {
                    xp[self.src[a]]
                }
            }));
        }
        out
    }
}

/// The names of the two nodes of a map: the forward's, and its transpose's; and whether each
/// direction copies (see [`LinearMap::forward`], [`LinearMap::transpose`]) as PyTorch's kernel
/// for it does: a gather (padding, nearest or bilinear resampling, max pooling's values) keeps
/// a `-0.0`, a gradient accumulated into zeros does not.
#[derive(Clone, Copy)]
pub(crate) struct MapNames {
    pub(crate) forward: &'static str,
    pub(crate) transpose: &'static str,
    /// Whether the forward and the transposed direction copy.
    pub(crate) copies: [bool; 2],
}

impl MapNames {
    /// Names of a map whose directions both accumulate from `+0.0` (circular padding).
    pub(crate) const fn summing(forward: &'static str, transpose: &'static str) -> Self {
        MapNames {
            forward,
            transpose,
            copies: [false, false],
        }
    }
    /// Names of a map whose forward copies and whose transpose accumulates into zeros.
    pub(crate) const fn gathering(forward: &'static str, transpose: &'static str) -> Self {
        MapNames {
            forward,
            transpose,
            copies: [true, false],
        }
    }
}

/// Applies `map` (or its transpose) to the trailing plane dimensions of `x`, recording the
/// node `names.forward` (or `names.transpose`) whose rule is the other direction.
#[track_caller]
pub(crate) fn apply(
    x: &Tensor,
    map: &Arc<LinearMap>,
    names: MapNames,
    transposed: bool,
) -> Result<Tensor> {
    let copies = names.copies[usize::from(transposed)];
    apply_filled(x, map, names, transposed, 0.0, copies)
}

/// [`apply`] with outputs that read no input set to `fill` (constant padding), copying as
/// `copies` says for this call (the recorded backward follows `names.copies`); the gradient
/// maps never fill.
#[track_caller]
pub(crate) fn apply_filled(
    x: &Tensor,
    map: &Arc<LinearMap>,
    names: MapNames,
    transposed: bool,
    fill: f64,
    copies: bool,
) -> Result<Tensor> {
    let (from, to) = if transposed {
        (&map.out_dims, &map.in_dims)
    } else {
        (&map.in_dims, &map.out_dims)
    };
    let nd = x.dim();
    let lead = &x.shape()[..nd - from.len()];
    debug_assert_eq!(&x.shape()[nd - from.len()..], &from[..]);
    let planes: usize = lead.iter().product();
    let mut shape = lead.to_vec();
    shape.extend_from_slice(to);
    let out = match x.dtype() {
        DType::Float64 => run::<f64>(x, map, planes, transposed, &shape, fill, copies),
        _ => run::<f32>(
            &x.float_input_f32(),
            map,
            planes,
            transposed,
            &shape,
            fill,
            copies,
        ),
    };
    let m = map.clone();
    let name = if transposed {
        names.transpose
    } else {
        names.forward
    };
    // the map acts on trailing planes, so a batch in front is more planes: whole batches
    record(name, out, &[x], &[], false, move |c| {
        Ok(vec![c.grad_if(0, || apply(c.grad, &m, names, !transposed))?])
    })
}

fn run<T: Float>(
    x: &Tensor,
    map: &LinearMap,
    planes: usize,
    transposed: bool,
    shape: &[usize],
    fill: f64,
    copies: bool,
) -> Tensor {
    let v = x.with_slice::<T, _>(|s| {
        if transposed {
            map.transpose(s, planes, copies)
        } else {
            map.forward(s, planes, fill, copies)
        }
    });
    Tensor::from_vec(v, shape)
}

impl Tensor {
    /// The tensor itself if it is float32 or float64, else cast to float32.
    pub(crate) fn float_input_f32(&self) -> Tensor {
        match self.dtype() {
            DType::Float32 | DType::Float64 => self.clone(),
            _ => super::cast_raw(self, DType::Float32),
        }
    }
}
