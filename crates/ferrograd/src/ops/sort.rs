//! `sort`, `argsort` and `topk` along a dimension, with PyTorch's order for ties and NaN (NaN is
//! larger than every number): the same standard-library algorithms its CPU kernels run
//! (`stl_sort`). Their gradient goes back to the positions the indices name
//! (`SortBackward0`, `TopkBackward0`: zeros with the gradient scattered in).

use super::stl_sort;
use super::{dispatch_any, wrap_dim};
use crate::autograd::{batch, record_batching, Batching};
use crate::error::{runtime, unwrap, Result};
use crate::tensor::Element;
use crate::Tensor;

/// `(outer, n, inner)` of `shape` around `dim` (a 0-dim tensor is `(1, 1, 1)`).
use super::split_at_dim as split;

#[allow(clippy::eq_op)]
fn nan<T: PartialEq>(x: &T) -> bool {
    x != x
}

/// PyTorch's `KeyValueCompAsc`: NaN after every number.
fn asc<T: PartialOrd>(a: &(T, i64), b: &(T, i64)) -> bool {
    (!nan(&a.0) && nan(&b.0)) || a.0 < b.0
}

/// PyTorch's `KeyValueCompDesc`: NaN before every number.
fn desc<T: PartialOrd>(a: &(T, i64), b: &(T, i64)) -> bool {
    (nan(&a.0) && !nan(&b.0)) || a.0 > b.0
}

/// How a slice along the dimension is ordered.
#[derive(Clone, Copy)]
enum Order {
    Sort {
        descending: bool,
        stable: bool,
    },
    Topk {
        k: usize,
        largest: bool,
        sorted: bool,
    },
}

/// Orders one slice of `(value, index)` pairs as PyTorch's CPU kernel does.
fn order_slice<T: Element>(q: &mut [(T, i64)], how: Order) {
    match how {
        Order::Sort { descending, stable } => {
            let less = if descending { desc::<T> } else { asc::<T> };
            if stable {
                // std::stable_sort: a merge sort; Rust's sort is stable too, same result
                q.sort_by(|a, b| {
                    if less(a, b) {
                        std::cmp::Ordering::Less
                    } else if less(b, a) {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                });
            } else {
                stl_sort::sort(q, &less);
            }
        }
        Order::Topk { k, largest, sorted } => {
            if k == 0 {
                return;
            }
            let less = if largest { desc::<T> } else { asc::<T> };
            if k * 64 <= q.len() {
                stl_sort::partial_sort(q, k, &less);
            } else {
                stl_sort::nth_element(q, k - 1, &less);
                if sorted {
                    stl_sort::sort(&mut q[..k - 1], &less);
                }
            }
        }
    }
}

impl Tensor {
    /// Values and indices of the first `keep` elements of each slice along `dim`, ordered by
    /// `how`, and the grad_fn recording it.
    fn ordered(
        &self,
        dim: isize,
        keep: Option<usize>,
        how: Order,
        name: &'static str,
    ) -> Result<(Tensor, Tensor)> {
        let d = wrap_dim(dim, self.dim())?;
        let sh = if self.dim() == 0 {
            vec![1]
        } else {
            self.dims().to_vec()
        };
        let (outer, n, inner) = split(&sh, d);
        let k = keep.unwrap_or(n);
        let mut out_shape = self.dims();
        if self.dim() > 0 {
            out_shape[d] = k;
        }
        let mut idx_out = vec![0i64; outer * k * inner];
        let buf = dispatch_any!(self.dtype(), T => {
            let v = self.to_vec::<T>();
            let mut vals: Vec<T> = Vec::with_capacity(outer * k * inner);
            vals.resize(outer * k * inner, v.first().copied().unwrap_or_else(|| T::from_f64(0.0)));
            let mut q: Vec<(T, i64)> = Vec::with_capacity(n);
            for o in 0..outer {
                for i in 0..inner {
                    q.clear();
                    q.extend((0..n).map(|j| (v[(o * n + j) * inner + i], j as i64)));
                    order_slice(&mut q, how);
                    for (j, &(x, ix)) in q.iter().take(k).enumerate() {
                        vals[(o * k + j) * inner + i] = x;
                        idx_out[(o * k + j) * inner + i] = ix;
                    }
                }
            }
            T::into_buffer(vals)
        });
        let values = Tensor::from_buffer(buf, out_shape.clone());
        let indices = Tensor::from_vec(idx_out, &out_shape);
        let in_shape = self.dims();
        let ix = indices.clone();
        let values = record_batching(
            Batching::whole_if(self.dim() > 0),
            name,
            values,
            &[self],
            &[("indices", &indices)],
            false,
            move |c| {
                let z = Tensor::zeros_dtype(&batch::shape(&in_shape), c.grad.dtype());
                Ok(vec![Some(z.try_scatter(
                    batch::dim(d) as isize,
                    &batch::index(&ix)?,
                    c.grad,
                )?)])
            },
        )?;
        Ok((values, indices))
    }

    /// The elements sorted along `dim` and the indices they came from. NaN sorts after every
    /// number (before, with `descending`); `Some(true)` for `stable` keeps equal elements in their
    /// order, and otherwise ties land where PyTorch's (unstable) sort puts them. As in PyTorch,
    /// passing `stable` at all is the other overload: `SortBackward1` rather than
    /// `SortBackward0`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([3.0, 1.0, f32::NAN, 2.0]).requires_grad_(true);
    /// let (v, i) = x.try_sort(0, false, None).unwrap();
    /// assert_eq!(i.to_vec::<i64>(), vec![1, 3, 0, 2]);
    /// assert_eq!(v.grad_fn().unwrap().name(), "SortBackward0");
    /// let (w, i) = x.try_sort(0, true, Some(true)).unwrap();
    /// assert_eq!(i.to_vec::<i64>(), vec![2, 0, 3, 1]);
    /// assert_eq!(w.grad_fn().unwrap().name(), "SortBackward1");
    /// ```
    #[track_caller]
    pub fn try_sort(
        &self,
        dim: isize,
        descending: bool,
        stable: Option<bool>,
    ) -> Result<(Tensor, Tensor)> {
        let name = if stable.is_some() {
            "SortBackward1"
        } else {
            "SortBackward0"
        };
        let stable = stable.unwrap_or(false);
        self.ordered(dim, None, Order::Sort { descending, stable }, name)
    }

    /// Panicking [`Tensor::try_sort`].
    ///
    /// ```
    /// let (v, _) = ferrograd::Tensor::new([2, 1]).sort(0, false, None);
    /// assert_eq!(v.to_vec::<i64>(), vec![1, 2]);
    /// ```
    #[track_caller]
    pub fn sort(&self, dim: isize, descending: bool, stable: Option<bool>) -> (Tensor, Tensor) {
        unwrap(self.try_sort(dim, descending, stable))
    }

    /// The indices that sort this tensor along `dim` (PyTorch's `argsort`, the indices of
    /// [`Tensor::try_sort`]).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[3.0, 1.0, 2.0]]);
    /// assert_eq!(x.try_argsort(1, true).unwrap().to_vec::<i64>(), vec![0, 2, 1]);
    /// ```
    #[track_caller]
    pub fn try_argsort(&self, dim: isize, descending: bool) -> Result<Tensor> {
        let _ng = crate::no_grad();
        Ok(self.try_sort(dim, descending, None)?.1)
    }

    /// Panicking [`Tensor::try_argsort`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([3.0, 1.0, 2.0]);
    /// assert_eq!(x.argsort(0, false).to_vec::<i64>(), vec![1, 2, 0]);
    /// ```
    #[track_caller]
    pub fn argsort(&self, dim: isize, descending: bool) -> Tensor {
        unwrap(self.try_argsort(dim, descending))
    }

    /// The `k` largest (or, without `largest`, smallest) elements along `dim` and their indices
    /// (`TopkBackward0`), in order when `sorted`; NaN counts as the largest value, and ties come
    /// out as PyTorch's.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 3.0, 3.0, 2.0]).requires_grad_(true);
    /// let (v, i) = x.try_topk(2, -1, true, true).unwrap();
    /// assert_eq!(v.to_vec::<f32>(), vec![3.0, 3.0]);
    /// assert_eq!(v.grad_fn().unwrap().name(), "TopkBackward0");
    /// v.sum().backward();
    /// let g = x.grad().unwrap().to_vec::<f32>();
    /// assert_eq!(g, vec![0.0, 1.0, 1.0, 0.0]);
    /// assert_eq!(i.numel(), 2);
    /// ```
    #[track_caller]
    pub fn try_topk(
        &self,
        k: usize,
        dim: isize,
        largest: bool,
        sorted: bool,
    ) -> Result<(Tensor, Tensor)> {
        let d = wrap_dim(dim, self.dim())?;
        let n = if self.dim() == 0 { 1 } else { self.shape()[d] };
        if k > n {
            return Err(runtime("selected index k out of range"));
        }
        // a 0-dim tensor is its own top-k, for any k PyTorch accepts
        let k = if self.dim() == 0 { 1 } else { k };
        self.ordered(
            dim,
            Some(k),
            Order::Topk { k, largest, sorted },
            "TopkBackward0",
        )
    }

    /// Panicking [`Tensor::try_topk`].
    ///
    /// ```
    /// let (v, i) = ferrograd::Tensor::new([1.0, 5.0, 2.0]).topk(1, 0, false, true);
    /// assert_eq!((v.item(), i.to_vec::<i64>()), (1.0, vec![0]));
    /// ```
    #[track_caller]
    pub fn topk(&self, k: usize, dim: isize, largest: bool, sorted: bool) -> (Tensor, Tensor) {
        unwrap(self.try_topk(k, dim, largest, sorted))
    }
}
