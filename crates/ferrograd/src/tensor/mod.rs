//! The [`Tensor`] handle: shared storage, shape, strides and offset, plus its autograd state.

pub(crate) mod create;
pub(crate) mod display;
pub(crate) mod format;
mod python_support;
pub(crate) mod size;
pub(crate) mod storage;

use crate::autograd::AutogradMeta;
use crate::error::{runtime, unwrap, Result};
use crate::DType;
use smallvec::SmallVec;
use std::sync::{Arc, Mutex, MutexGuard};
pub use storage::Element;
pub(crate) use storage::{give_vec, take_vec, Buffer, Data, Storage, VersionCounter, INLINE};

/// A shape or a list of strides: up to four dimensions inline.
pub(crate) type Dims = SmallVec<[usize; 4]>;

/// Anything a shape or stride list can be made from, copied without per-element iteration.
pub(crate) trait IntoDims {
    fn into_dims(self) -> Dims;
}
impl IntoDims for Dims {
    #[inline]
    fn into_dims(self) -> Dims {
        self
    }
}
impl IntoDims for Vec<usize> {
    #[inline]
    fn into_dims(self) -> Dims {
        Dims::from_vec(self)
    }
}
impl IntoDims for &[usize] {
    #[inline]
    fn into_dims(self) -> Dims {
        Dims::from_slice(self)
    }
}
impl IntoDims for &Vec<usize> {
    #[inline]
    fn into_dims(self) -> Dims {
        Dims::from_slice(self)
    }
}
impl IntoDims for &Dims {
    #[inline]
    fn into_dims(self) -> Dims {
        Dims::from_slice(self)
    }
}
impl<const N: usize> IntoDims for [usize; N] {
    #[inline]
    fn into_dims(self) -> Dims {
        Dims::from_slice(&self)
    }
}
impl<const N: usize> IntoDims for &[usize; N] {
    #[inline]
    fn into_dims(self) -> Dims {
        Dims::from_slice(self)
    }
}

/// A multi-dimensional array that records the operations applied to it, so that
/// [`backward`](Tensor::backward) can fill the `.grad` of its leaves by the chain rule.
///
/// A `Tensor` is a cheap handle (one reference count): cloning it gives the *same* tensor, as
/// assigning a Python variable does. Views ([`reshape`](Tensor::reshape), [`t`](Tensor::t),
/// [`select`](Tensor::select), ...) share storage with their base.
///
/// ```
/// use ferrograd::Tensor;
/// let x = Tensor::new([2.0, 3.0]).requires_grad_(true);
/// let y = (&x * &x).sum();
/// y.backward();
/// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![4.0, 6.0]);
/// assert_eq!(y.to_string(), "tensor(13., grad_fn=<SumBackward0>)");
/// ```
#[derive(Clone)]
pub struct Tensor(pub(crate) Arc<TensorImpl>);

pub(crate) struct TensorImpl {
    pub(crate) storage: Arc<Storage>,
    pub(crate) shape: Dims,
    pub(crate) strides: Dims,
    pub(crate) offset: usize,
    pub(crate) dtype: DType,
    /// Whether this tensor is a view of another's storage.
    pub(crate) is_view: bool,
    /// Whether this view comes from an op with several output views (`split`, `unbind`), or
    /// from a view of one: PyTorch refuses to write to it in place while recording.
    pub(crate) multi_output_view: std::sync::atomic::AtomicBool,
    /// The tensor this view was made from (PyTorch's `_base`: the root, never itself a view
    /// with a base); `None` for tensors that are not differentiable views (fresh tensors,
    /// `detach()`).
    pub(crate) base: Option<Tensor>,
    /// The storage version for which this view's `grad_fn` is current: an in-place change of
    /// the storage through another tensor makes the view take a new `grad_fn` from its base
    /// when it is next used (`crate::autograd::view_inplace`).
    pub(crate) view_version: std::sync::atomic::AtomicU64,
    /// A version counter of its own, for `.data` (which shares the storage but not the
    /// version, as in PyTorch) and the views and aliases made from it; `None`: the storage's.
    pub(crate) own_version: Option<Arc<VersionCounter>>,
    /// Whether `meta` may differ from its default: set by [`Tensor::meta`] before any change
    /// and never cleared, so that a tensor with no autograd state (nearly every tensor that
    /// does not require grad) is read without taking the lock ([`Tensor::meta_if_any`]).
    pub(crate) has_meta: std::sync::atomic::AtomicBool,
    pub(crate) meta: Mutex<AutogradMeta>,
}

impl TensorImpl {
    /// This tensor's version counter (PyTorch's `_version`).
    #[inline]
    pub(crate) fn counter(&self) -> &VersionCounter {
        self.own_version.as_deref().unwrap_or(&self.storage.counter)
    }
}

impl Drop for TensorImpl {
    fn drop(&mut self) {
        let meta = self.meta.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(node) = meta.grad_fn.take() {
            crate::autograd::release_node(node);
        }
    }
}

#[inline]
pub(crate) fn contiguous_strides(shape: &[usize]) -> Dims {
    // Only shapes with a zero dimension can overflow here (others are checked by
    // `size::checked_numel`); their strides are never used to address an element.
    let next = |acc: usize, d: usize| acc.saturating_mul(d.max(1));
    match *shape {
        // the common ranks, built inline without a loop over a zeroed list
        [] => Dims::new(),
        [_] => Dims::from_buf_and_len([1, 0, 0, 0], 1),
        [_, c] => Dims::from_buf_and_len([c.max(1), 1, 0, 0], 2),
        [_, b, c] => {
            let s1 = c.max(1);
            Dims::from_buf_and_len([next(s1, b), s1, 1, 0], 3)
        }
        _ => {
            let mut strides: Dims = SmallVec::from_elem(0, shape.len());
            let mut acc: usize = 1;
            for i in (0..shape.len()).rev() {
                strides[i] = acc;
                acc = next(acc, shape[i]);
            }
            strides
        }
    }
}

/// Calls `f(offset)` for every element of a strided layout, in row-major order.
#[inline]
pub(crate) fn for_each_offset(
    shape: &[usize],
    strides: &[usize],
    offset: usize,
    mut f: impl FnMut(usize),
) {
    let n: usize = shape.iter().product();
    if n == 0 {
        return;
    }
    let nd = shape.len();
    if nd == 0 {
        f(offset);
        return;
    }
    let inner = shape[nd - 1];
    let inner_stride = strides[nd - 1];
    let mut idx: Dims = SmallVec::from_elem(0, nd);
    let mut base = offset;
    loop {
        let mut o = base;
        for _ in 0..inner {
            f(o);
            o += inner_stride;
        }
        // advance the outer dims
        let mut d = nd - 1;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            base += strides[d];
            if idx[d] < shape[d] {
                break;
            }
            base -= strides[d] * shape[d];
            idx[d] = 0;
        }
    }
}

impl Tensor {
    pub(crate) fn from_parts(
        storage: Arc<Storage>,
        shape: Dims,
        strides: Dims,
        offset: usize,
        dtype: DType,
        is_view: bool,
        own_version: Option<Arc<VersionCounter>>,
    ) -> Tensor {
        Tensor(Arc::new(TensorImpl {
            storage,
            shape,
            strides,
            offset,
            dtype,
            is_view,
            multi_output_view: std::sync::atomic::AtomicBool::new(false),
            base: None,
            view_version: std::sync::atomic::AtomicU64::new(0),
            own_version,
            has_meta: std::sync::atomic::AtomicBool::new(false),
            meta: Mutex::new(AutogradMeta::default()),
        }))
    }

    /// A new contiguous tensor (no autograd) owning `buf`.
    pub(crate) fn from_buffer(buf: Buffer, shape: impl IntoDims) -> Tensor {
        let shape: Dims = shape.into_dims();
        debug_assert_eq!(buf.len(), shape.iter().product::<usize>());
        let dtype = buf.dtype();
        let strides = contiguous_strides(&shape);
        Tensor::from_parts(
            Arc::new(Storage::new(buf)),
            shape,
            strides,
            0,
            dtype,
            false,
            None,
        )
    }

    /// A new contiguous tensor holding `data` with the given shape.
    ///
    /// ```
    /// let t = ferrograd::Tensor::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(t.to_string(), "tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)");
    /// ```
    ///
    /// # Panics
    /// If `data.len()` is not the product of `shape`; see [`Tensor::try_from_vec`].
    #[track_caller]
    pub fn from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Tensor {
        unwrap(Self::try_from_vec(data, shape))
    }

    /// Fallible [`Tensor::from_vec`].
    ///
    /// ```
    /// assert!(ferrograd::Tensor::try_from_vec(vec![1i64, 2, 3], &[2, 2]).is_err());
    /// ```
    pub fn try_from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Result<Tensor> {
        let n: usize = shape.iter().product();
        if n != data.len() {
            return Err(runtime(format!(
                "shape '{}' is invalid for input of size {}",
                fmt_list(shape),
                data.len()
            )));
        }
        Ok(Tensor::from_buffer(T::into_buffer(data), shape))
    }

    /// A view of this tensor's storage with another layout (no autograd recorded here), whose
    /// base is this tensor's base, or this tensor.
    pub(crate) fn alias(
        &self,
        shape: impl IntoDims,
        strides: impl IntoDims,
        offset: usize,
    ) -> Tensor {
        let base = self.0.base.clone().unwrap_or_else(|| self.clone());
        Tensor(Arc::new(TensorImpl {
            view_version: std::sync::atomic::AtomicU64::new(self.0.counter().get()),
            own_version: self.0.own_version.clone(),
            storage: self.0.storage.clone(),
            shape: shape.into_dims(),
            strides: strides.into_dims(),
            offset,
            dtype: self.0.dtype,
            is_view: true,
            multi_output_view: std::sync::atomic::AtomicBool::new(
                self.0
                    .multi_output_view
                    .load(std::sync::atomic::Ordering::Relaxed),
            ),
            base: Some(base),
            has_meta: std::sync::atomic::AtomicBool::new(false),
            meta: Mutex::new(AutogradMeta::default()),
        }))
    }

    /// This tensor's autograd state, locked, for reading or changing it.
    #[inline]
    pub(crate) fn meta(&self) -> MutexGuard<'_, AutogradMeta> {
        use std::sync::atomic::Ordering;
        // set before the lock is taken: a reader that sees the flag clear ran before any change
        if !self.0.has_meta.load(Ordering::Relaxed) {
            self.0.has_meta.store(true, Ordering::Release);
        }
        self.0.meta.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// This tensor's autograd state, locked, for reading; `None` when it was never set (the
    /// default state: no grad required, no history, no hooks), without taking the lock.
    #[inline]
    pub(crate) fn meta_if_any(&self) -> Option<MutexGuard<'_, AutogradMeta>> {
        self.has_meta()
            .then(|| self.0.meta.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Whether this tensor's autograd state was ever set (read without the lock).
    #[inline]
    pub(crate) fn has_meta(&self) -> bool {
        self.0.has_meta.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The shape (sizes of each dimension).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).shape(), &[2, 3]);
    /// ```
    #[inline]
    pub fn shape(&self) -> &[usize] {
        &self.0.shape
    }

    /// The shape as an inline list (cheap to capture in a backward rule).
    #[inline]
    pub(crate) fn dims(&self) -> Dims {
        Dims::from_slice(&self.0.shape)
    }

    /// The strides as an inline list.
    #[inline]
    pub(crate) fn stride_dims(&self) -> Dims {
        Dims::from_slice(&self.0.strides)
    }

    /// PyTorch's `size()`: the shape, as a [`Size`] that prints like `torch.Size([2, 3])`.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).size().to_string(), "torch.Size([2, 3])");
    /// ```
    pub fn size(&self) -> Size {
        Size(self.0.shape.to_vec())
    }

    /// The strides, in elements.
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros(&[2, 3]);
    /// assert_eq!(t.strides(), &[3, 1]);
    /// assert_eq!(t.t().strides(), &[1, 3]);
    /// ```
    #[inline]
    pub fn strides(&self) -> &[usize] {
        &self.0.strides
    }

    /// Offset of the first element in the storage.
    ///
    /// ```
    /// let t = ferrograd::Tensor::arange(6.0);
    /// assert_eq!(t.slice(0, 2, 6, 1).storage_offset(), 2);
    /// ```
    #[inline]
    pub fn storage_offset(&self) -> usize {
        self.0.offset
    }

    /// Number of dimensions.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(1.0).dim(), 0);
    /// ```
    #[inline]
    pub fn dim(&self) -> usize {
        self.0.shape.len()
    }

    /// Number of elements.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 3]).numel(), 6);
    /// ```
    #[inline]
    pub fn numel(&self) -> usize {
        self.0.shape.iter().product()
    }

    /// The element type.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(true).dtype(), ferrograd::DType::Bool);
    /// ```
    #[inline]
    pub fn dtype(&self) -> DType {
        self.0.dtype
    }

    /// Whether the elements are laid out densely in row-major order.
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros(&[2, 3]);
    /// assert!(t.is_contiguous());
    /// assert!(!t.t().is_contiguous());
    /// ```
    #[inline]
    pub fn is_contiguous(&self) -> bool {
        let mut expected = 1;
        for i in (0..self.dim()).rev() {
            if self.0.shape[i] != 1 && self.0.strides[i] != expected {
                return false;
            }
            expected *= self.0.shape[i];
        }
        true
    }

    /// The version counter of the underlying storage (bumped by every in-place operation).
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros(&[2]);
    /// assert_eq!(t.version(), 0);
    /// t.add_(1.0);
    /// assert_eq!(t.version(), 1);
    /// ```
    pub fn version(&self) -> u64 {
        self.0.counter().get()
    }

    /// Whether two tensors share the same storage.
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros(&[4]);
    /// assert!(t.shares_storage(&t.reshape(&[2, 2])));
    /// ```
    pub fn shares_storage(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0.storage, &other.0.storage)
    }

    /// Whether two handles denote the very same tensor object (Python's `is`).
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros(&[1]);
    /// assert!(t.is_same(&t.clone()));
    /// ```
    pub fn is_same(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Runs `f` on the elements as one contiguous row-major slice (copying only if the layout is strided).
    pub(crate) fn with_slice<T: Element, R>(&self, f: impl FnOnce(&[T]) -> R) -> R {
        let buf = self.0.storage.read();
        let all = T::slice(&buf).expect("dtype mismatch in with_slice");
        let n = self.numel();
        if n == 0 {
            // an empty view may start past the end of its storage (`zeros(2, 0)[1]`)
            f(&[])
        } else if self.is_contiguous() {
            f(&all[self.0.offset..self.0.offset + n])
        } else {
            let v = gather(all, &self.0.shape, &self.0.strides, self.0.offset);
            drop(buf);
            let r = f(&v);
            storage::give_vec(v);
            r
        }
    }

    /// The elements in row-major order in a buffer from the pool of large buffers (for a new
    /// tensor's storage: no fresh pages to fault in).
    pub(crate) fn to_vec_pooled<T: Element>(&self) -> Vec<T> {
        if self.dtype() != T::DTYPE {
            return self.to_vec();
        }
        let buf = self.0.storage.read();
        let all = T::slice(&buf).expect("dtype checked above");
        let n = self.numel();
        if n == 0 {
            Vec::new()
        } else if self.is_contiguous() {
            let mut v = storage::take_vec(n);
            v.extend_from_slice(&all[self.0.offset..self.0.offset + n]);
            v
        } else {
            gather(all, &self.0.shape, &self.0.strides, self.0.offset)
        }
    }

    /// The elements in row-major order, converted to `T`.
    ///
    /// ```
    /// let t = ferrograd::Tensor::new([[1, 2], [3, 4]]);
    /// assert_eq!(t.t().to_vec::<i64>(), vec![1, 3, 2, 4]);
    /// assert_eq!(t.to_vec::<f64>(), vec![1.0, 2.0, 3.0, 4.0]);
    /// ```
    pub fn to_vec<T: Element>(&self) -> Vec<T> {
        if self.dtype() == T::DTYPE {
            let buf = self.0.storage.read();
            let all = T::slice(&buf).expect("dtype checked above");
            match self.numel() {
                0 => Vec::new(),
                n if self.is_contiguous() => all[self.0.offset..self.0.offset + n].to_vec(),
                _ => {
                    let v = gather(all, &self.0.shape, &self.0.strides, self.0.offset);
                    // a pooled buffer may be up to twice as large as needed: the caller keeps
                    // this one, so it gets an exact copy only when that wastes memory
                    if v.capacity() > v.len() + v.len() / 8 {
                        let exact = v.clone();
                        storage::give_vec(v);
                        exact
                    } else {
                        v
                    }
                }
            }
        } else {
            let buf = self.0.storage.read();
            let mut out = Vec::with_capacity(self.numel());
            for_each_offset(&self.0.shape, &self.0.strides, self.0.offset, |o| {
                out.push(T::from_f64(buf.get_f64(o)))
            });
            out
        }
    }

    /// The elements as `f64` in row-major order.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([true, false]).to_f64_vec(), vec![1.0, 0.0]);
    /// ```
    pub fn to_f64_vec(&self) -> Vec<f64> {
        self.to_vec::<f64>()
    }

    /// The value of a one-element tensor, as `f64`.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new(2.5).item(), 2.5);
    /// ```
    ///
    /// # Panics
    /// If the tensor does not have exactly one element; see [`Tensor::try_item`].
    #[track_caller]
    pub fn item(&self) -> f64 {
        unwrap(self.try_item())
    }

    /// Fallible [`Tensor::item`].
    ///
    /// ```
    /// let err = ferrograd::Tensor::zeros(&[2]).try_item().unwrap_err();
    /// assert_eq!(err.to_string(), "a Tensor with 2 elements cannot be converted to Scalar");
    /// ```
    pub fn try_item(&self) -> Result<f64> {
        if self.numel() != 1 {
            return Err(runtime(format!(
                "a Tensor with {} elements cannot be converted to Scalar",
                self.numel()
            )));
        }
        Ok(self.0.storage.read().get_f64(self.0.offset))
    }

    /// The value of a one-element tensor as a number of its kind: bool, int (an int64 exactly,
    /// not through `f64`) or float; [`Tensor::try_item`]'s error for another size.
    ///
    /// ```
    /// use ferrograd::{Scalar, Tensor};
    /// let big = (1i64 << 62) + 1;
    /// assert_eq!(Tensor::new(big).try_item_scalar().unwrap(), Scalar::Int(big));
    /// assert_eq!(Tensor::new(true).try_item_scalar().unwrap(), Scalar::Bool(true));
    /// assert_eq!(Tensor::new(2.5).try_item_scalar().unwrap(), Scalar::Float(2.5));
    /// ```
    pub fn try_item_scalar(&self) -> Result<crate::Scalar> {
        let v = self.try_item()?;
        Ok(match self.dtype() {
            DType::Bool => crate::Scalar::Bool(v != 0.0),
            DType::Int64 => crate::Scalar::Int(self.to_vec::<i64>()[0]),
            _ => crate::Scalar::Float(v),
        })
    }
}

pub(crate) fn gather<T: Element>(
    src: &[T],
    shape: &[usize],
    strides: &[usize],
    offset: usize,
) -> Vec<T> {
    let n: usize = shape.iter().product();
    let mut out = unwrap(storage::try_take_vec(n));
    if n > 0 && strides.iter().all(|&s| s == 0) {
        // one value broadcast (the gradient of a sum arrives as one)
        out.resize(n, src[offset]);
        return out;
    }
    if let ([rows, cols], [1, col_stride]) = (shape, strides) {
        // a transposed matrix (a weight's gradient arrives as one): read it in square tiles,
        // so that both the strided reads and the contiguous writes stay within a few cache lines
        const TILE: usize = 16;
        let (rows, cols, cs) = (*rows, *cols, *col_stride);
        if n > 0 {
            out.resize(n, src[offset]);
        }
        for i0 in (0..rows).step_by(TILE) {
            for j0 in (0..cols).step_by(TILE) {
                for j in j0..(j0 + TILE).min(cols) {
                    let from = &src[offset + j * cs + i0..offset + j * cs + (i0 + TILE).min(rows)];
                    for (k, &v) in from.iter().enumerate() {
                        out[(i0 + k) * cols + j] = v;
                    }
                }
            }
        }
        return out;
    }
    for_each_offset(shape, strides, offset, |o| out.push(src[o]));
    out
}

pub(crate) fn fmt_list(v: &[usize]) -> String {
    let parts: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// A tensor shape that prints like PyTorch's `torch.Size([2, 3])`.
///
/// ```
/// let s = ferrograd::Tensor::zeros(&[2, 2, 3]).size();
/// assert_eq!(format!("{s}"), "torch.Size([2, 2, 3])");
/// assert_eq!(s[2], 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Size(pub Vec<usize>);

impl std::ops::Deref for Size {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.0
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "torch.Size({})", fmt_list(&self.0))
    }
}

impl PartialEq<[usize]> for Size {
    fn eq(&self, other: &[usize]) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::{contiguous_strides, for_each_offset, gather};
    use crate::Tensor;

    /// A tensor with no autograd state is read without its lock and reports the defaults; each
    /// way of giving it some (requires_grad, a recorded op, a gradient set from outside, a
    /// tangent) is seen by the readers that skip the lock.
    #[test]
    fn autograd_state_is_seen_once_set() {
        use crate::autograd::forward_ad;
        let fresh = Tensor::new([1.0, 2.0]) * 2.0;
        assert!(fresh.meta_if_any().is_none());
        assert!(!fresh.requires_grad() && fresh.is_leaf() && fresh.grad().is_none());
        assert!(fresh.grad_fn().is_none() && fresh.tangent().is_none());
        assert_eq!(fresh.to_string(), "tensor([2., 4.])");
        assert!(fresh.meta_if_any().is_none(), "reading sets nothing");

        let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
        assert!(x.requires_grad() && x.is_leaf());
        let y = &x * &fresh;
        assert_eq!(y.grad_fn().unwrap().name(), "MulBackward0");
        assert!(!y.is_leaf());
        y.sum().backward();
        assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 4.0]);

        let g = Tensor::new([1.0, 2.0]);
        g.set_grad(Some(Tensor::new([3.0, 4.0])));
        assert_eq!(g.grad().unwrap().to_vec::<f32>(), vec![3.0, 4.0]);

        let _level = forward_ad::dual_level().unwrap();
        let d = forward_ad::make_dual(&Tensor::new(1.0), &Tensor::new(5.0)).unwrap();
        assert_eq!(d.tangent().unwrap().item(), 5.0);
    }

    /// The inline cases for ranks 0 to 3 agree with the general loop (zero dimensions count
    /// as one, products saturate).
    #[test]
    fn contiguous_strides_of_every_rank() {
        fn by_loop(shape: &[usize]) -> Vec<usize> {
            let mut st = vec![0; shape.len()];
            let mut acc = 1usize;
            for i in (0..shape.len()).rev() {
                st[i] = acc;
                acc = acc.saturating_mul(shape[i].max(1));
            }
            st
        }
        let sizes = [0, 1, 2, 7, usize::MAX / 3];
        let mut shapes: Vec<Vec<usize>> = vec![vec![]];
        for rank in 1..=5 {
            let mut next = Vec::new();
            for s in shapes.iter().filter(|s| s.len() == rank - 1) {
                for &d in &sizes {
                    let mut t = s.clone();
                    t.push(d);
                    next.push(t);
                }
            }
            shapes.extend(next);
        }
        for shape in &shapes {
            assert_eq!(
                contiguous_strides(shape).to_vec(),
                by_loop(shape),
                "{shape:?}"
            );
        }
        assert_eq!(contiguous_strides(&[2, 3, 4]).to_vec(), vec![12, 4, 1]);
    }

    /// As PyTorch: `detach()` and views share a tensor's version counter; `.data` has its own,
    /// which its views and aliases share in turn.
    #[test]
    fn data_has_a_version_counter_of_its_own() {
        let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
        let one = Tensor::new(1.0);
        let d = x.data();
        let dv = d.narrow(0, 1, 2);
        dv.add_(&one);
        assert_eq!((x.version(), d.version(), dv.version()), (0, 1, 1));
        d.detach().add_(&one);
        assert_eq!((x.version(), d.version(), dv.version()), (0, 2, 2));
        x.detach().add_(&one);
        let xv = x.detach().narrow(0, 0, 1);
        assert_eq!((x.version(), xv.version(), d.version()), (1, 1, 2));
        xv.add_(&one);
        assert_eq!((x.version(), d.version()), (2, 2));
        assert_eq!(x.data().version(), 0);
        assert_eq!(x.to_vec::<f32>(), vec![4.0, 5.0, 6.0]);
    }

    #[test]
    fn gather_of_transposed_matrices_reads_every_element_in_row_major_order() {
        for (rows, cols, pad, offset) in [
            (0, 3, 0, 0),
            (3, 0, 0, 0),
            (1, 1, 0, 2),
            (5, 7, 0, 1),
            (16, 16, 3, 0),
            (33, 17, 2, 5),
            (64, 10, 0, 0),
        ] {
            // column j of the view starts at offset + j * (rows + pad) in the source
            let cs = rows + pad;
            let src: Vec<i64> = (0..offset + cols * cs + 1).map(|v| v as i64).collect();
            let mut want = Vec::new();
            for_each_offset(&[rows, cols], &[1, cs], offset, |o| want.push(src[o]));
            assert_eq!(
                gather(&src, &[rows, cols], &[1, cs], offset),
                want,
                "{rows}x{cols}"
            );
        }
    }
}
