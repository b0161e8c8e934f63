//! `vmap`: a function of examples mapped over a batch dimension of its inputs.

use crate::error::{runtime, Result};
use crate::Tensor;
use std::cell::Cell;

thread_local! {
    /// How many `vmap`s are running on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Whether a [`vmap`] is running on this thread (the Python bindings refuse `.item()` and
/// data-dependent control flow on tensors then, as PyTorch does).
///
/// ```
/// use ferrograd::{func, Tensor};
/// assert!(!func::in_vmap());
/// let f = func::vmap(|x: &[Tensor]| { assert!(func::in_vmap()); Ok(vec![x[0].clone()]) }, &[Some(0)], &[Some(0)]);
/// f(&[Tensor::zeros(&[2])]).unwrap();
/// ```
pub fn in_vmap() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Marks a `vmap` as running on this thread until dropped (for bindings that map a function
/// themselves).
///
/// ```
/// use ferrograd::func::{in_vmap, VmapLevel};
/// {
///     let _level = VmapLevel::enter();
///     assert!(in_vmap());
/// }
/// assert!(!in_vmap());
/// ```
#[must_use = "the level ends when this guard is dropped"]
pub struct VmapLevel {
    _private: (),
}

impl VmapLevel {
    /// Enters a level.
    ///
    /// ```
    /// let level = ferrograd::func::VmapLevel::enter();
    /// assert!(ferrograd::func::in_vmap());
    /// drop(level);
    /// assert!(!ferrograd::func::in_vmap());
    /// ```
    pub fn enter() -> VmapLevel {
        DEPTH.with(|d| d.set(d.get() + 1));
        VmapLevel { _private: () }
    }
}

impl Drop for VmapLevel {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// `in_dims` as Python prints the tuple: `(0,)`, `(0, None)`.
fn py_tuple(dims: &[Option<isize>]) -> String {
    let items: Vec<String> = dims
        .iter()
        .map(|d| d.map_or("None".to_string(), |d| d.to_string()))
        .collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

fn wrap(dim: isize, rank: usize) -> Option<usize> {
    let r = rank as isize;
    let d = if dim < 0 { dim + r } else { dim };
    (0..r).contains(&d).then_some(d as usize)
}

/// A mapped dimension of size 0: `f` runs once on zero-filled examples (for the shapes of its
/// outputs; a floating example is the sum over the empty dimension, so the outputs stay in the
/// inputs' graph), and each mapped output is empty along its out_dim; an output with out_dim
/// `None` is returned as `f` gave it. The generator is left where it was.
fn empty_batch<F>(
    f: &F,
    args: &[Tensor],
    dims: &[Option<usize>],
    out_dims: &[Option<isize>],
) -> Result<Vec<Tensor>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let example: Vec<Tensor> = args
        .iter()
        .zip(dims)
        .map(|(x, d)| match d {
            None => Ok(x.clone()),
            // a floating example is the sum over the empty dimension: zeros, in the inputs'
            // graph
            Some(d) if x.dtype().is_floating_point() => x.try_sum_dims(&[*d as isize], false),
            Some(d) => {
                let mut shape = x.shape().to_vec();
                shape.remove(*d);
                Ok(Tensor::zeros_dtype(&shape, x.dtype()))
            }
        })
        .collect::<Result<_>>()?;
    let state = crate::random::get_rng_state();
    let ys = f(&example);
    crate::random::set_rng_state(&state);
    let ys = ys?;
    if out_dims.len() != 1 && out_dims.len() != ys.len() {
        return Err(runtime(format!("vmap(f, in_dims=..., out_dims=...): out_dims is not compatible with the structure of `outputs`. out_dims has {} entries but outputs has {} tensors", out_dims.len(), ys.len())));
    }
    ys.into_iter()
        .enumerate()
        .map(|(j, y)| {
            let od = if out_dims.len() == 1 {
                out_dims[0]
            } else {
                out_dims[j]
            };
            let Some(d) = od else { return Ok(y) };
            let rank = y.dim() + 1;
            let Some(w) = wrap(d, rank) else {
                return Err(crate::error::index_err(format!(
                    "Dimension out of range (expected to be in range of [{}, {}], but got {d})",
                    -(rank as isize),
                    rank - 1
                )));
            };
            y.try_unsqueeze(w as isize)?.try_narrow(w as isize, 0, 0)
        })
        .collect()
}

/// `torch.func.vmap(f, in_dims, out_dims)`: `f` written for one example, mapped over dimension
/// `in_dims[i]` of input `i` (`None`: the input is shared by all examples); output `j` gets
/// the batch as dimension `out_dims[j]` (`None`: the output is the same for every example and
/// is returned once). `out_dims` of one entry applies to every output.
///
/// `f` runs once per example on the slices, under a [`VmapLevel`], and the results are stacked,
/// so any function works, transforms included (`vmap(grad(f))` gives per-example gradients).
///
/// ```
/// use ferrograd::{func, Tensor};
/// let dot = |x: &[Tensor]| Ok(vec![x[0].dot(&x[1])]);
/// let batched = func::vmap(dot, &[Some(0), None], &[Some(0)]);
/// let xs = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
/// let y = Tensor::new([1.0, 1.0]);
/// assert_eq!(batched(&[xs, y]).unwrap()[0].to_vec::<f32>(), vec![3.0, 7.0]);
/// ```
pub fn vmap<F>(
    f: F,
    in_dims: &[Option<isize>],
    out_dims: &[Option<isize>],
) -> impl Fn(&[Tensor]) -> Result<Vec<Tensor>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let in_dims = in_dims.to_vec();
    let out_dims = out_dims.to_vec();
    move |args: &[Tensor]| {
        if in_dims.len() != args.len() {
            return Err(crate::error::value_err(format!("vmap(f, in_dims={}, ...)(<inputs>): in_dims is not compatible with the structure of `inputs`. in_dims has {} entries but inputs has {} tensors", py_tuple(&in_dims), in_dims.len(), args.len())));
        }
        let mut dims = Vec::with_capacity(args.len());
        let mut size: Option<usize> = None;
        let mut sizes = Vec::new();
        for (x, d) in args.iter().zip(&in_dims) {
            let Some(d) = *d else {
                dims.push(None);
                continue;
            };
            let Some(w) = wrap(d, x.dim()) else {
                let r = x.dim();
                return Err(crate::error::value_err(format!("vmap(f, in_dims={}, ...)(<inputs>): Got in_dim={d} for some input, but that input is a Tensor of dimensionality {r} so expected in_dim to satisfy -{r} <= in_dim < {r}.", py_tuple(&in_dims))));
            };
            let n = x.shape()[w];
            sizes.push(n);
            size.get_or_insert(n);
            dims.push(Some(w));
        }
        let Some(size) = size else {
            return Err(crate::error::value_err(
                "vmap: Expected at least one Tensor to vmap over",
            ));
        };
        if sizes.iter().any(|&n| n != size) {
            let list: Vec<String> = sizes.iter().map(|n| n.to_string()).collect();
            return Err(crate::error::value_err(format!("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [{}] for the mapped dimension", list.join(", "))));
        }
        let _level = VmapLevel::enter();
        if size == 0 {
            return empty_batch(&f, args, &dims, &out_dims);
        }
        let mut per_output: Vec<Vec<Tensor>> = Vec::new();
        for b in 0..size {
            let xs = args
                .iter()
                .zip(&dims)
                .map(|(x, d)| match d {
                    Some(d) => x.try_select(*d as isize, b as isize),
                    None => Ok(x.clone()),
                })
                .collect::<Result<Vec<_>>>()?;
            let ys = f(&xs)?;
            if b == 0 {
                per_output = vec![Vec::with_capacity(size); ys.len()];
            } else if ys.len() != per_output.len() {
                return Err(runtime("vmap: the function returned a different number of outputs for different examples"));
            }
            for (p, y) in per_output.iter_mut().zip(ys) {
                p.push(y);
            }
        }
        let n_out = per_output.len();
        if out_dims.len() != 1 && out_dims.len() != n_out {
            return Err(runtime(format!("vmap(f, in_dims=..., out_dims=...): out_dims is not compatible with the structure of `outputs`. out_dims has {} entries but outputs has {} tensors", out_dims.len(), n_out)));
        }
        per_output
            .into_iter()
            .enumerate()
            .map(|(j, ys)| {
                let od = if out_dims.len() == 1 { out_dims[0] } else { out_dims[j] };
                match od {
                    None => Ok(ys.into_iter().next().expect("a non-empty batch")),
                    Some(d) => {
                        let rank = ys[0].dim() + 1;
                        let Some(w) = wrap(d, rank) else {
                            return Err(crate::error::index_err(format!("Dimension out of range (expected to be in range of [{}, {}], but got {d})", -(rank as isize), rank - 1)));
                        };
                        Tensor::try_stack(&ys, w as isize)
                    }
                }
            })
            .collect()
    }
}
