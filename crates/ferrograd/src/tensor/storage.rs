//! Storage: the shared, versioned element buffer behind tensors and their views.

use crate::error::{runtime, Error, Result};
use crate::DType;
use parking_lot::RwLock;
use smallvec::SmallVec;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// A storage's buffer, locked for reading.
pub(crate) type BufferRead<'a> = parking_lot::RwLockReadGuard<'a, Buffer>;
/// A storage's buffer, locked for writing.
pub(crate) type BufferWrite<'a> = parking_lot::RwLockWriteGuard<'a, Buffer>;

/// Elements kept inline in a [`Data`] (no heap allocation): scalars and pairs.
pub(crate) const INLINE: usize = 2;

/// The element vector of a storage: up to [`INLINE`] elements inline, larger ones on the heap.
#[doc(hidden)]
pub type Data<T> = SmallVec<[T; INLINE]>;

/// The elements of a storage, by dtype.
#[derive(Clone, Debug)]
#[doc(hidden)]
#[allow(missing_docs)]
pub enum Buffer {
    Bool(Data<bool>),
    I64(Data<i64>),
    F32(Data<f32>),
    F64(Data<f64>),
}

impl Buffer {
    pub(crate) fn dtype(&self) -> DType {
        match self {
            Buffer::Bool(_) => DType::Bool,
            Buffer::I64(_) => DType::Int64,
            Buffer::F32(_) => DType::Float32,
            Buffer::F64(_) => DType::Float64,
        }
    }
    pub(crate) fn len(&self) -> usize {
        match self {
            Buffer::Bool(v) => v.len(),
            Buffer::I64(v) => v.len(),
            Buffer::F32(v) => v.len(),
            Buffer::F64(v) => v.len(),
        }
    }
    pub(crate) fn zeros(dtype: DType, n: usize) -> Buffer {
        Buffer::full(dtype, n, 0.0)
    }
    #[track_caller]
    pub(crate) fn full(dtype: DType, n: usize, v: f64) -> Buffer {
        crate::error::unwrap(Buffer::try_full(dtype, n, v))
    }
    /// `n` copies of `s` as `dtype`, converted by [`Element::from_scalar`] (an integer into
    /// int64 exactly, not through `f64`), or PyTorch's out-of-memory error when the allocation
    /// fails.
    pub(crate) fn try_full_scalar(dtype: DType, n: usize, s: crate::Scalar) -> Result<Buffer> {
        Ok(crate::ops::dispatch_any!(dtype, T => T::into_buffer(try_filled(n, T::from_scalar(s))?)))
    }
    /// `n` copies of `v` in `dtype` (see [`Buffer::try_full_scalar`]).
    pub(crate) fn try_full(dtype: DType, n: usize, v: f64) -> Result<Buffer> {
        Buffer::try_full_scalar(dtype, n, crate::Scalar::Float(v))
    }
    /// `n` elements of `dtype` with unspecified values ([`try_unspecified`]: zeros unless a
    /// recycled buffer is reused as it is).
    pub(crate) fn try_unspecified(dtype: DType, n: usize) -> Result<Buffer> {
        Ok(match dtype {
            DType::Bool => Buffer::Bool(try_unspecified(n)?),
            DType::Int64 => Buffer::I64(try_unspecified(n)?),
            DType::Float32 => Buffer::F32(try_unspecified(n)?),
            DType::Float64 => Buffer::F64(try_unspecified(n)?),
        })
    }
    pub(crate) fn get_f64(&self, i: usize) -> f64 {
        match self {
            Buffer::Bool(v) => v[i] as u8 as f64,
            Buffer::I64(v) => v[i] as f64,
            Buffer::F32(v) => v[i] as f64,
            Buffer::F64(v) => v[i],
        }
    }
}

/// `n` copies of `v`, in a (possibly recycled) buffer.
///
/// # Panics
/// With PyTorch's out-of-memory message when the buffer cannot be allocated.
#[track_caller]
pub(crate) fn filled<T: Element>(n: usize, v: T) -> Data<T> {
    crate::error::unwrap(try_filled(n, v))
}

/// Fallible [`filled`].
pub(crate) fn try_filled<T: Element>(n: usize, v: T) -> Result<Data<T>> {
    if n <= INLINE {
        return Ok(SmallVec::from_elem(v, n));
    }
    let mut out = try_take_vec::<T>(n)?;
    out.resize(n, v);
    Ok(Data::from_vec(out))
}

/// PyTorch's error for an allocation of `bytes` that the system refused.
pub(crate) fn out_of_memory(bytes: usize) -> Error {
    runtime(format!(
        "DefaultCPUAllocator: can't allocate memory: you tried to allocate {bytes} bytes. Error code 12 (Cannot allocate memory)"
    ))
}

/// An empty vector with capacity for exactly `n` elements, allocated fallibly: a request the
/// system refuses (or one larger than `isize::MAX` bytes) is an [`out_of_memory`] error, not
/// an abort.
pub(crate) fn try_vec<T>(n: usize) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| out_of_memory(n.saturating_mul(std::mem::size_of::<T>())))?;
    Ok(v)
}

/// Buffers at least this large (in bytes) are recycled through a pool when freed: fresh large
/// allocations come from the kernel as untouched pages, and writing them page-faults every time.
pub(crate) const POOL_MIN_BYTES: usize = 1 << 18;
/// At most this many bytes are kept in each pool.
const POOL_MAX_BYTES: usize = 1 << 30;

/// A cache of freed large buffers of one element type, reused by new tensors of a similar size.
pub(crate) struct Pool<T> {
    inner: Mutex<PoolInner<T>>,
}

struct PoolInner<T> {
    bufs: Vec<Vec<T>>,
    bytes: usize,
}

impl<T> Pool<T> {
    pub(crate) const fn new() -> Self {
        Pool {
            inner: Mutex::new(PoolInner {
                bufs: Vec::new(),
                bytes: 0,
            }),
        }
    }

    /// The smallest cached buffer that holds `n` elements without wasting more than half of
    /// it (and, when `initialized`, whose first `n` elements hold values), taken out of the
    /// pool.
    fn find(&self, n: usize, initialized: bool) -> Option<Vec<T>> {
        let mut p = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut best: Option<usize> = None;
        for (i, b) in p.bufs.iter().enumerate() {
            let c = b.capacity();
            if c >= n
                && c / 2 <= n
                && (!initialized || b.len() >= n)
                && best.is_none_or(|j| c < p.bufs[j].capacity())
            {
                best = Some(i);
            }
        }
        let v = p.bufs.swap_remove(best?);
        p.bytes -= v.capacity() * std::mem::size_of::<T>();
        Some(v)
    }

    /// An empty vector with capacity for at least `n` elements: a cached buffer (see
    /// [`Pool::find`]), else a new allocation.
    fn take(&self, n: usize) -> Result<Vec<T>> {
        match self.find(n, false) {
            Some(mut v) => {
                v.clear();
                Ok(v)
            }
            None => try_vec(n),
        }
    }

    /// A vector of `n` elements whose values are left from the buffer's last use, if the pool
    /// has one that fits; `None` otherwise.
    fn take_initialized(&self, n: usize) -> Option<Vec<T>> {
        let mut v = self.find(n, true)?;
        v.truncate(n);
        Some(v)
    }

    /// Caches `v`, keeping its elements (a later [`Pool::take_initialized`] may hand them out).
    fn give(&self, v: Vec<T>) {
        let bytes = v.capacity() * std::mem::size_of::<T>();
        if bytes > POOL_MAX_BYTES {
            return;
        }
        let evicted = {
            let mut p = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            p.bytes += bytes;
            p.bufs.push(v);
            let mut evicted = Vec::new();
            while p.bytes > POOL_MAX_BYTES {
                let old = p.bufs.remove(0);
                p.bytes -= old.capacity() * std::mem::size_of::<T>();
                evicted.push(old);
            }
            evicted
        };
        drop(evicted);
    }
}

static POOL_F32: Pool<f32> = Pool::new();
static POOL_F64: Pool<f64> = Pool::new();
static POOL_I64: Pool<i64> = Pool::new();
static POOL_BOOL: Pool<bool> = Pool::new();

fn pool_of<T: Element>() -> &'static Pool<T> {
    let p: &'static dyn std::any::Any = match T::DTYPE {
        DType::Float32 => &POOL_F32,
        DType::Float64 => &POOL_F64,
        DType::Int64 => &POOL_I64,
        DType::Bool => &POOL_BOOL,
    };
    p.downcast_ref::<Pool<T>>()
        .expect("one pool per element type")
}

/// An empty vector with capacity for `n` elements, recycled from the pool when large.
///
/// # Panics
/// With PyTorch's out-of-memory message when the buffer cannot be allocated (the Python
/// bindings turn that panic into a `RuntimeError`; an allocation failure would abort).
#[inline]
#[track_caller]
pub(crate) fn take_vec<T: Element>(n: usize) -> Vec<T> {
    crate::error::unwrap(try_take_vec(n))
}

/// Fallible [`take_vec`].
#[inline]
pub(crate) fn try_take_vec<T: Element>(n: usize) -> Result<Vec<T>> {
    if n.saturating_mul(std::mem::size_of::<T>()) >= POOL_MIN_BYTES {
        pool_of::<T>().take(n)
    } else {
        try_vec(n)
    }
}

/// `n` elements of unspecified values (PyTorch's uninitialised memory, but always values of
/// `T`): a recycled buffer's old contents when the pool has one that fits, else zeros.
/// Writing a fresh buffer costs a pass over memory (and its page faults) that a caller about to
/// overwrite every element does not need.
pub(crate) fn try_unspecified<T: Element>(n: usize) -> Result<Data<T>> {
    if n.saturating_mul(std::mem::size_of::<T>()) >= POOL_MIN_BYTES
        && let Some(v) = pool_of::<T>().take_initialized(n)
    {
        return Ok(Data::from_vec(v));
    }
    try_filled(n, T::from_f64(0.0))
}

/// Returns a scratch buffer taken with [`take_vec`] to its pool (small ones are simply freed).
pub(crate) fn give_vec<T: Element>(v: Vec<T>) {
    if v.capacity() * std::mem::size_of::<T>() >= POOL_MIN_BYTES {
        pool_of::<T>().give(v);
    }
}

/// Returns a large buffer to its pool (small ones are simply freed).
fn recycle<T: Element>(d: &mut Data<T>) {
    if d.spilled() && d.capacity() * std::mem::size_of::<T>() >= POOL_MIN_BYTES {
        pool_of::<T>().give(std::mem::take(d).into_vec());
    }
}

/// A reference-counted buffer shared by a tensor and all its views, with the version counter that
/// in-place operations bump and autograd checks.
#[derive(Debug)]
pub(crate) struct Storage {
    data: RwLock<Buffer>,
    /// The version counter of the tensors over this storage (but `.data` aliases, which have
    /// their own: `TensorImpl::own_version`).
    pub(crate) counter: VersionCounter,
}

/// How many times a tensor was modified in place (PyTorch's `_version`), shared by a tensor, its
/// views and its detached aliases; saved tensors compare it when unpacked.
#[derive(Debug)]
pub(crate) struct VersionCounter {
    version: AtomicU64,
    /// Where the last in-place modification was called (for anomaly-mode messages).
    modified_at: Mutex<Option<&'static Location<'static>>>,
}

impl VersionCounter {
    pub(crate) fn new() -> Self {
        VersionCounter {
            version: AtomicU64::new(0),
            modified_at: Mutex::new(None),
        }
    }
    pub(crate) fn get(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }
    #[track_caller]
    pub(crate) fn bump(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        *self.modified_at.lock().unwrap_or_else(|e| e.into_inner()) = Some(Location::caller());
    }
    pub(crate) fn modified_at(&self) -> Option<&'static Location<'static>> {
        *self.modified_at.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        match self.data.get_mut() {
            Buffer::Bool(v) => recycle(v),
            Buffer::I64(v) => recycle(v),
            Buffer::F32(v) => recycle(v),
            Buffer::F64(v) => recycle(v),
        }
    }
}

// A panic while the buffer is locked for writing leaves the elements written so far, as the
// std lock did once its poisoning was passed over (every access here does): a tensor stays
// usable across `catch_unwind`.
impl std::panic::RefUnwindSafe for Storage {}
impl std::panic::UnwindSafe for Storage {}

impl Storage {
    pub(crate) fn new(buf: Buffer) -> Self {
        Storage {
            data: RwLock::new(buf),
            counter: VersionCounter::new(),
        }
    }
    pub(crate) fn read(&self) -> BufferRead<'_> {
        self.data.read()
    }
    pub(crate) fn write(&self) -> BufferWrite<'_> {
        self.data.write()
    }
}

/// A Rust element type that a tensor can hold.
pub trait Element: Copy + Send + Sync + PartialOrd + std::fmt::Debug + 'static {
    /// The dtype of tensors holding this element type.
    const DTYPE: DType;
    /// Converts to `f64` (bool: 0 or 1).
    fn to_f64(self) -> f64;
    /// Converts from `f64` (truncating for integers, `!= 0` for bool).
    fn from_f64(v: f64) -> Self;
    /// Converts a number as a C cast would: an integer into `i64` exactly (not through
    /// `f64`), a float truncated, anything into bool as `!= 0`.
    #[doc(hidden)]
    fn from_scalar(s: crate::Scalar) -> Self;
    #[doc(hidden)]
    fn into_buffer(v: impl Into<Data<Self>>) -> Buffer;

    #[doc(hidden)]
    fn slice(b: &Buffer) -> Option<&[Self]>;
    #[doc(hidden)]
    fn slice_mut(b: &mut Buffer) -> Option<&mut [Self]>;
}

macro_rules! element {
    ($t:ty, $dt:ident, $var:ident, $to:expr, $from:expr, $from_int:expr) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            #[inline]
            fn to_f64(self) -> f64 {
                ($to)(self)
            }
            #[inline]
            fn from_f64(v: f64) -> Self {
                ($from)(v)
            }
            #[inline]
            fn from_scalar(s: crate::Scalar) -> Self {
                match s {
                    crate::Scalar::Float(v) => ($from)(v),
                    crate::Scalar::Int(i) => ($from_int)(i),
                    crate::Scalar::Bool(b) => ($from_int)(b as i64),
                }
            }
            #[inline]
            fn into_buffer(v: impl Into<Data<Self>>) -> Buffer {
                Buffer::$var(v.into())
            }

            #[inline]
            fn slice(b: &Buffer) -> Option<&[Self]> {
                match b {
                    Buffer::$var(v) => Some(v),
                    _ => None,
                }
            }
            #[inline]
            fn slice_mut(b: &mut Buffer) -> Option<&mut [Self]> {
                match b {
                    Buffer::$var(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}
element!(
    f32,
    Float32,
    F32,
    |x: f32| x as f64,
    |v: f64| v as f32,
    |i: i64| i as f32
);
element!(f64, Float64, F64, |x: f64| x, |v: f64| v, |i: i64| i as f64);
element!(i64, Int64, I64, |x: i64| x as f64, f64_to_i64, |i: i64| i);

/// A float as int64 as PyTorch's CPU casts give it on x86-64 (C's conversion, the
/// `cvttsd2si` instruction): truncated toward zero, and `i64::MIN` for NaN or a value outside
/// int64's range (where Rust's `as` would saturate).
#[inline]
pub(crate) fn f64_to_i64(v: f64) -> i64 {
    if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&v) {
        v as i64
    } else {
        i64::MIN
    }
}
element!(
    bool,
    Bool,
    Bool,
    |x: bool| x as u8 as f64,
    |v: f64| v != 0.0,
    |i: i64| i != 0
);

#[cfg(test)]
mod tests {
    /// Floats into int64 as PyTorch's casts on x86-64: truncation, and `i64::MIN` for NaN,
    /// the infinities and anything outside [-2^63, 2^63).
    #[test]
    fn floats_cast_to_int64_as_on_x86() {
        use super::f64_to_i64;
        assert_eq!(f64_to_i64(-2.7), -2);
        assert_eq!(f64_to_i64(2.7), 2);
        assert_eq!(f64_to_i64(-9.223_372_036_854_776e18), i64::MIN);
        assert_eq!(
            f64_to_i64(9.223_372_036_854_775e18),
            9_223_372_036_854_774_784
        );
        for v in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9.223_372_036_854_776e18,
            1e30,
            -1e30,
        ] {
            assert_eq!(f64_to_i64(v), i64::MIN, "{v}");
        }
        let t = crate::Tensor::new([1e30f32, f32::NAN, -3.5]).to_dtype(crate::DType::Int64);
        assert_eq!(t.to_vec::<i64>(), vec![i64::MIN, i64::MIN, -3]);
    }

    use super::*;

    #[test]
    fn a_pool_hands_out_empty_buffers_or_kept_values_and_fits_sizes() {
        let pool = Pool::<f32>::new();
        let n = 1 << 16;
        let mut v = try_vec::<f32>(n).unwrap();
        v.extend((0..n).map(|i| i as f32));
        let ptr = v.as_ptr();
        pool.give(v);
        // too small for the buffer (it would waste more than half), and too large
        assert!(pool.take_initialized(n / 2 - 1).is_none());
        assert!(pool.take_initialized(n + 1).is_none());
        // a request that fits gets the old values
        let w = pool.take_initialized(n - 5).unwrap();
        assert_eq!(w.as_ptr(), ptr);
        assert_eq!(w.len(), n - 5);
        assert!(w.iter().enumerate().all(|(i, &x)| x == i as f32));
        // a buffer cached with fewer values than asked for is not handed out as values…
        let mut short = w;
        short.truncate(10);
        pool.give(short);
        assert!(pool.take_initialized(n / 2 + 1).is_none());
        // …but serves as scratch space, handed out empty
        let s = pool.take(n / 2 + 1).unwrap();
        assert_eq!((s.len(), s.as_ptr()), (0, ptr));
        assert!(s.capacity() > n / 2);
    }

    #[test]
    fn unspecified_buffers_are_zeros_when_small_or_fresh_and_reuse_freed_ones() {
        // small: inline or freshly allocated, always zeros
        assert!(try_unspecified::<f64>(3).unwrap().iter().all(|&x| x == 0.0));
        assert!(try_unspecified::<i64>(1000)
            .unwrap()
            .iter()
            .all(|&x| x == 0));
        // large: either a recycled buffer (whatever values a freed tensor left) or zeros; the
        // length is right either way, and the values are valid for the type
        let n = POOL_MIN_BYTES; // bools: one byte each
        let b = try_unspecified::<bool>(n).unwrap();
        assert_eq!(b.len(), n);
        assert!(b.iter().all(|&x| u8::from(x) <= 1));
    }
}
