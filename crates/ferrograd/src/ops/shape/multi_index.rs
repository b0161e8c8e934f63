//! Advanced indexing with several index tensors at once, as PyTorch's `x[i, j]`, `x[i, :, j]`,
//! `x[mask, 0]` (`aten::index`, `IndexBackward0`) and `x[i, j] = v` (`aten::index_put_`,
//! `IndexPutBackward0`).
//!
//! The integer and slice entries of an expression apply first, as views; the tensor entries
//! then pick elements: their shapes broadcast together to one shape `S`, which replaces the
//! indexed dimensions in the result where they are adjacent, and goes in front when they are
//! not (NumPy's rule). A bool mask stands for the coordinates of its true elements. Both
//! directions are one list of element offsets ([`Plan`]); gathering through it and adding
//! through it are each other's backward, and a batch (or any leading dimensions) in front runs
//! as more planes, so batched backward passes run whole.

use std::sync::Arc;

use super::super::gather::AddElem;
use crate::autograd::record;
use crate::error::{index_err, runtime, Result};
use crate::ops::{broadcast_shapes, cast_raw, dispatch_any, reduce_grad};
use crate::tensor::{fmt_list, Element};
use crate::{DType, Tensor};

/// One entry of an indexing expression, as Python's `x[...]` takes them.
#[derive(Clone, Debug)]
pub enum TensorIndex {
    /// An integer (negative counts from the end): selects, removing the dimension.
    Int(i64),
    /// `start:stop:step` (`None`: from the start, to the end); `step` is positive.
    Slice {
        /// The first index (`None`: 0).
        start: Option<i64>,
        /// One past the last index (`None`: the size).
        stop: Option<i64>,
        /// The step, at least 1.
        step: i64,
    },
    /// `None`: a new dimension of size 1.
    NewAxis,
    /// `...`: as many full slices as the other entries leave.
    Ellipsis,
    /// An int64 tensor of indices, or a bool mask over as many dimensions as it has.
    Tensor(Tensor),
}

impl TensorIndex {
    /// The full slice `:`.
    pub const FULL: TensorIndex = TensorIndex::Slice {
        start: None,
        stop: None,
        step: 1,
    };

    fn consumed(&self) -> usize {
        match self {
            TensorIndex::Int(_) | TensorIndex::Slice { .. } => 1,
            TensorIndex::Tensor(t) if t.dtype() == DType::Bool => t.dim(),
            TensorIndex::Tensor(_) => 1,
            TensorIndex::NewAxis | TensorIndex::Ellipsis => 0,
        }
    }
}

impl From<i64> for TensorIndex {
    fn from(i: i64) -> Self {
        TensorIndex::Int(i)
    }
}

impl From<Tensor> for TensorIndex {
    fn from(t: Tensor) -> Self {
        TensorIndex::Tensor(t)
    }
}

impl From<&Tensor> for TensorIndex {
    fn from(t: &Tensor) -> Self {
        TensorIndex::Tensor(t.clone())
    }
}

/// Where every element of an advanced-indexing result comes from.
#[derive(Debug)]
struct Plan {
    /// The shape of the indexed tensor (its trailing dimensions, under any leading ones).
    src: Vec<usize>,
    /// The shape of the result (likewise).
    out: Vec<usize>,
    /// For each element of the result, in order, its offset in the contiguous indexed tensor.
    offsets: Vec<usize>,
}

impl Plan {
    /// The plan of `aten::index(self, indices)` for a tensor of shape `shape`: `None` entries
    /// are full slices.
    fn new(shape: &[usize], indices: &[Option<Tensor>]) -> Result<Plan> {
        // masks become the coordinates of their true elements, one int64 tensor per dimension
        let mut d = 0usize;
        let mut picks: Vec<(usize, Tensor)> = Vec::new();
        let too_many = || {
            index_err(format!(
                "too many indices for tensor of dimension {}",
                shape.len()
            ))
        };
        for ix in indices {
            match ix {
                None => d += 1,
                Some(t) if t.dtype() == DType::Bool => {
                    if d + t.dim() > shape.len() {
                        return Err(too_many());
                    }
                    for j in 0..t.dim() {
                        if t.shape()[j] != shape[d + j] {
                            return Err(index_err(format!(
                                "The shape of the mask {} at index {j} does not match the shape of the indexed tensor {} at index {}",
                                fmt_list(t.shape()),
                                fmt_list(shape),
                                d + j
                            )));
                        }
                    }
                    let m = t.to_vec::<bool>();
                    let strides = crate::ops::gather::contiguous_strides(t.shape());
                    let hits: Vec<usize> = (0..m.len()).filter(|&i| m[i]).collect();
                    for (j, &s) in strides.iter().enumerate() {
                        let n = t.shape()[j];
                        let c: Vec<i64> = hits.iter().map(|&i| ((i / s) % n) as i64).collect();
                        picks.push((d + j, Tensor::from_vec(c, &[hits.len()])));
                    }
                    d += t.dim();
                }
                Some(t) if t.dtype() == DType::Int64 => {
                    if d >= shape.len() {
                        return Err(too_many());
                    }
                    picks.push((d, t.clone()));
                    d += 1;
                }
                Some(_) => {
                    return Err(index_err(
                        "tensors used as indices must be long, int, byte or bool tensors",
                    ))
                }
            }
        }
        if d > shape.len() {
            return Err(too_many());
        }
        // the broadcast shape of all index tensors
        let mut s: Vec<usize> = Vec::new();
        for (_, t) in &picks {
            s = broadcast_shapes(&s, t.shape()).map_err(|_| {
                let all: Vec<String> = picks.iter().map(|(_, t)| fmt_list(t.shape())).collect();
                index_err(format!(
                    "shape mismatch: indexing tensors could not be broadcast together with shapes {}",
                    all.join(", ")
                ))
            })?;
        }
        let s_numel: usize = s.iter().product();
        let strides = crate::ops::gather::contiguous_strides(shape);
        // base[k]: the offset of the k-th combination of indices
        let mut base = vec![0usize; s_numel];
        for (d, t) in &picks {
            let n = shape[*d] as i64;
            for (b, i) in base.iter_mut().zip(t.expand_raw(&s).to_vec::<i64>()) {
                if i < -n || i >= n {
                    return Err(index_err(format!(
                        "index {i} is out of bounds for dimension {d} with size {n}"
                    )));
                }
                *b += (if i < 0 { i + n } else { i }) as usize * strides[*d];
            }
        }
        let dims: Vec<usize> = picks.iter().map(|(d, _)| *d).collect();
        // the dimensions not indexed, before and after the block of the index shape
        let adjacent = dims.windows(2).all(|w| w[1] == w[0] + 1);
        let first = dims.first().copied().unwrap_or(0);
        let rest: Vec<usize> = (0..shape.len()).filter(|d| !dims.contains(d)).collect();
        let (pre, post): (Vec<usize>, Vec<usize>) = if adjacent {
            rest.iter().partition(|&&d| d < first)
        } else {
            (Vec::new(), rest)
        };
        let mut out: Vec<usize> = pre.iter().map(|&d| shape[d]).collect();
        out.extend_from_slice(&s);
        out.extend(post.iter().map(|&d| shape[d]));
        // a hostile size fails here, with the allocator's error, before the offsets are built
        let numel = crate::tensor::size::checked_numel(&out)?;
        drop(crate::tensor::storage::try_vec::<usize>(numel)?);
        let pre_off = offsets_of(shape, &strides, &pre);
        let post_off = offsets_of(shape, &strides, &post);
        let mut offsets = Vec::with_capacity(pre_off.len() * s_numel * post_off.len());
        for &p in &pre_off {
            for &b in &base {
                for &q in &post_off {
                    offsets.push(p + b + q);
                }
            }
        }
        Ok(Plan {
            src: shape.to_vec(),
            out,
            offsets,
        })
    }

    /// The leading dimensions of `t` (indexed as this plan's source) in front of the plan's.
    fn lead(&self, t: &Tensor, plan_shape: &[usize]) -> Result<Vec<usize>> {
        let nd = t.dim();
        if nd < plan_shape.len() || t.shape()[nd - plan_shape.len()..] != *plan_shape {
            return Err(runtime(format!(
                "index: expected a tensor of shape [*, {}], got {}",
                plan_shape
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                fmt_list(t.shape())
            )));
        }
        Ok(t.shape()[..nd - plan_shape.len()].to_vec())
    }
}

/// The offsets of all positions over the dimensions `dims` of a tensor with `strides`.
fn offsets_of(shape: &[usize], strides: &[usize], dims: &[usize]) -> Vec<usize> {
    let mut out = vec![0usize];
    for &d in dims {
        let mut next = Vec::with_capacity(out.len() * shape[d]);
        for &o in &out {
            for i in 0..shape[d] {
                next.push(o + i * strides[d]);
            }
        }
        out = next;
    }
    out
}

/// The elements of `x` (shape `lead + plan.src`) at the plan's offsets: shape `lead + plan.out`
/// (`IndexBackward0`, whose rule adds the gradient back through the same plan).
fn gather_plan(x: &Tensor, plan: &Arc<Plan>) -> Result<Tensor> {
    let lead = plan.lead(x, &plan.src)?;
    let planes: usize = lead.iter().product();
    let n: usize = plan.src.iter().product();
    let buf = dispatch_any!(x.dtype(), T => {
        let src = x.contiguous().to_vec::<T>();
        let mut out: Vec<T> = Vec::with_capacity(planes * plan.offsets.len());
        for p in 0..planes {
            out.extend(plan.offsets.iter().map(|&o| src[p * n + o]));
        }
        T::into_buffer(out)
    });
    let mut shape = lead;
    shape.extend_from_slice(&plan.out);
    let out = Tensor::from_buffer(buf, shape);
    let (pl, dt) = (plan.clone(), x.dtype());
    record("IndexBackward0", out, &[x], &[], false, move |c| {
        let z = Tensor::zeros_dtype(&zeros_shape(c.grad, &pl)?, c.grad.dtype());
        Ok(vec![Some(
            put_plan(&z, &pl, c.grad, true)?.try_to_dtype(dt)?,
        )])
    })
}

/// The shape of the source of `pl` under the leading dimensions of `g` (a gradient of the
/// result, batched or not).
fn zeros_shape(g: &Tensor, pl: &Plan) -> Result<Vec<usize>> {
    let mut s = pl.lead(g, &pl.out)?;
    s.extend_from_slice(&pl.src);
    Ok(s)
}

/// `x` with `values` (broadcast to the result shape `lead + plan.out`, cast to `x`'s dtype)
/// written at (or, with `accumulate`, added to) the plan's offsets (`IndexPutBackward0`).
fn put_plan(x: &Tensor, plan: &Arc<Plan>, values: &Tensor, accumulate: bool) -> Result<Tensor> {
    let lead = plan.lead(x, &plan.src)?;
    let mut want = lead.clone();
    want.extend_from_slice(&plan.out);
    if broadcast_shapes(&want, values.shape()).ok().as_deref() != Some(want.as_slice()) {
        return Err(runtime(format!(
            "shape mismatch: value tensor of shape {} cannot be broadcast to indexing result of shape {}",
            fmt_list(values.shape()),
            fmt_list(&plan.out)
        )));
    }
    let planes: usize = lead.iter().product();
    let n: usize = plan.src.iter().product();
    let dt = x.dtype();
    let buf = dispatch_any!(dt, T => {
        let mut out = x.contiguous().to_vec::<T>();
        let vals = cast_raw(values, dt).expand_raw(&want).to_vec::<T>();
        let mut it = vals.into_iter();
        for p in 0..planes {
            for &o in &plan.offsets {
                let v = it.next().expect("values of the result's shape");
                let at = p * n + o;
                out[at] = if accumulate { out[at].add_elem(v) } else { v };
            }
        }
        T::into_buffer(out)
    });
    let out = Tensor::from_buffer(buf, x.dims());
    let (pl, vs, vd) = (plan.clone(), values.dims(), values.dtype());
    record(
        "IndexPutBackward0",
        out,
        &[x, values],
        &[],
        false,
        move |c| {
            Ok(vec![
                c.grad_if(0, || {
                    if accumulate {
                        Ok(c.grad.clone())
                    } else {
                        let zero = Tensor::scalar_tensor(0.0, c.grad.dtype());
                        put_plan(c.grad, &pl, &zero, false)
                    }
                })?,
                c.grad_if(1, || reduce_grad(&gather_plan(c.grad, &pl)?, &vs, vd))?,
            ])
        },
    )
}

impl Tensor {
    /// PyTorch's `aten::index`: the elements at the index tensors `indices` (int64, or bool
    /// masks), one entry per dimension from the first, `None` for a full slice. The index
    /// tensors broadcast together to a shape `S`; the result has the dimensions not indexed,
    /// with `S` in place of the indexed ones when they are adjacent and in front otherwise
    /// (`IndexBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::arange(12.0).reshape(&[3, 4]).requires_grad_(true);
    /// let y = x.try_index_tensors(&[Some(Tensor::new([0, 2])), Some(Tensor::new([1, 3]))]).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 11.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "IndexBackward0");
    /// let e = x.try_index_tensors(&[None, Some(Tensor::new([4]))]).unwrap_err();
    /// assert_eq!(e.to_string(), "index 4 is out of bounds for dimension 1 with size 4");
    /// ```
    #[track_caller]
    pub fn try_index_tensors(&self, indices: &[Option<Tensor>]) -> Result<Tensor> {
        let plan = Arc::new(Plan::new(self.shape(), indices)?);
        gather_plan(self, &plan)
    }

    /// PyTorch's `index_put` (out of place): a copy of this tensor with `values` (broadcast to
    /// the shape of [`Tensor::try_index_tensors`]'s result, cast to this dtype) written at the
    /// indexed elements, or added to them with `accumulate` (repeated indices then add up)
    /// (`IndexPutBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let i = [Some(Tensor::new([0, 0])), Some(Tensor::new([1, 1]))];
    /// let y = Tensor::zeros(&[2, 2]).try_index_put(&i, &Tensor::new([1.0, 2.0]), true).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 3.0, 0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_index_put(
        &self,
        indices: &[Option<Tensor>],
        values: &Tensor,
        accumulate: bool,
    ) -> Result<Tensor> {
        let plan = Arc::new(Plan::new(self.shape(), indices)?);
        put_plan(self, &plan, values, accumulate)
    }

    /// In-place [`Tensor::try_index_put`] (`index_put_`; Python's `x[i, j] = v`): this tensor
    /// takes the result and its history (`IndexPutBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::zeros(&[2, 3]);
    /// x.try_index_put_(&[None, Some(Tensor::new([2]))], &Tensor::new(5.0), false).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0, 5.0, 0.0, 0.0, 5.0]);
    /// ```
    #[track_caller]
    pub fn try_index_put_(
        &self,
        indices: &[Option<Tensor>],
        values: &Tensor,
        accumulate: bool,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        let new = self.try_index_put(indices, values, accumulate)?;
        self.assign_result(&new)
    }

    /// Python's `x[...]` with any mix of integers, slices, `None`, `...` and index tensors or
    /// masks: the basic entries apply first, as views (`SelectBackward0`, `SliceBackward0`,
    /// `UnsqueezeBackward0`), then the tensors as [`Tensor::try_index_tensors`]. With no tensor
    /// entry the result is a view.
    ///
    /// ```
    /// use ferrograd::{Tensor, TensorIndex};
    /// let x = Tensor::arange(24.0).reshape(&[2, 3, 4]);
    /// // non-adjacent tensor indices: their dimension goes in front
    /// let y = x.try_index(&[Tensor::new([0, 1]).into(), TensorIndex::FULL, Tensor::new([3, 0]).into()]).unwrap();
    /// assert_eq!(y.shape(), &[2, 3]);
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, 7.0, 11.0, 12.0, 16.0, 20.0]);
    /// let z = x.try_index(&[TensorIndex::Int(1), TensorIndex::Ellipsis, Tensor::new([0, 0]).into()]).unwrap();
    /// assert_eq!(z.shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn try_index(&self, indices: &[TensorIndex]) -> Result<Tensor> {
        let (view, tensors) = self.basic_index(indices)?;
        if tensors.iter().all(Option::is_none) {
            return Ok(view);
        }
        view.try_index_tensors(&tensors)
    }

    /// Python's `x[...] = values` (`x[i, j] += v` is `x[i, j] = x[i, j] + v`): the basic
    /// entries give a view, written in place, through [`Tensor::try_index_put_`] when there are
    /// index tensors.
    ///
    /// ```
    /// use ferrograd::{Tensor, TensorIndex};
    /// let x = Tensor::zeros(&[2, 3]);
    /// x.try_index_assign(&[Tensor::new([0, 1]).into(), Tensor::new([2, 0]).into()], &Tensor::new([1.0, 2.0])).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0, 1.0, 2.0, 0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_index_assign(&self, indices: &[TensorIndex], values: &Tensor) -> Result<()> {
        let (view, tensors) = self.basic_index(indices)?;
        if tensors.iter().all(Option::is_none) {
            let v = values.try_to_dtype(view.dtype())?;
            let v = if v.shape() == view.shape() {
                v
            } else {
                v.try_expand(view.shape())?
            };
            view.try_copy_(&v)?;
        } else {
            view.try_index_put_(&tensors, values, false)?;
        }
        Ok(())
    }

    /// Applies the integers, slices, `None` and `...` of `indices` as views, and lists the
    /// tensor entries by the dimension of the view they index (`None` elsewhere).
    fn basic_index(&self, indices: &[TensorIndex]) -> Result<(Tensor, Vec<Option<Tensor>>)> {
        let consumed: usize = indices.iter().map(TensorIndex::consumed).sum();
        if consumed > self.dim() {
            return Err(index_err(format!(
                "too many indices for tensor of dimension {}",
                self.dim()
            )));
        }
        if indices
            .iter()
            .filter(|i| matches!(i, TensorIndex::Ellipsis))
            .count()
            > 1
        {
            return Err(index_err(
                "an index can only have a single ellipsis ('...')",
            ));
        }
        let mut t = self.clone();
        let mut d = 0usize;
        // integers selected so far: PyTorch names a dimension by its place in the expression
        let mut selected = 0usize;
        let mut tensors: Vec<Option<Tensor>> = Vec::new();
        for it in indices {
            match it {
                TensorIndex::Int(i) => {
                    let size = t.shape()[d] as i64;
                    if *i < -size || *i >= size {
                        return Err(index_err(format!(
                            "index {i} is out of bounds for dimension {} with size {size}",
                            d + selected
                        )));
                    }
                    t = t.try_select(d as isize, *i as isize)?;
                    selected += 1;
                }
                TensorIndex::Slice { start, stop, step } => {
                    if *step <= 0 {
                        return Err(crate::error::value_err("step must be greater than zero"));
                    }
                    let n = t.shape()[d] as i64;
                    let clamp = |v: Option<i64>, dflt: i64| {
                        let v = v.unwrap_or(dflt);
                        (if v < 0 { v + n } else { v }).clamp(0, n)
                    };
                    let (a, b) = (clamp(*start, 0), clamp(*stop, n));
                    // a full slice is the tensor itself, as in PyTorch (no SliceBackward0)
                    if (a, b, *step) != (0, n, 1) {
                        t =
                            t.try_slice(d as isize, a as isize, b.max(a) as isize, *step as usize)?;
                    }
                    tensors.push(None);
                    d += 1;
                }
                TensorIndex::NewAxis => {
                    t = t.try_unsqueeze(d as isize)?;
                    tensors.push(None);
                    d += 1;
                }
                TensorIndex::Ellipsis => {
                    for _ in 0..self.dim() - consumed {
                        tensors.push(None);
                        d += 1;
                    }
                }
                TensorIndex::Tensor(x) => {
                    // a mask spans as many dimensions as it has
                    tensors.push(Some(x.clone()));
                    d += if x.dtype() == DType::Bool { x.dim() } else { 1 };
                }
            }
        }
        Ok((t, tensors))
    }
}
