//! Storage: the shared, versioned element buffer behind tensors and their views.

use crate::error::{runtime, Error, Result};
use crate::DType;
use smallvec::SmallVec;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

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
    /// `n` copies of `v` in `dtype`, or PyTorch's out-of-memory error when the allocation fails.
    pub(crate) fn try_full(dtype: DType, n: usize, v: f64) -> Result<Buffer> {
        Ok(match dtype {
            DType::Bool => Buffer::Bool(try_filled(n, v != 0.0)?),
            DType::Int64 => Buffer::I64(try_filled(n, v as i64)?),
            DType::Float32 => Buffer::F32(try_filled(n, v as f32)?),
            DType::Float64 => Buffer::F64(try_filled(n, v)?),
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

    /// An empty vector with capacity for at least `n` elements: the smallest cached buffer that
    /// fits without wasting more than half of it, else a new allocation.
    fn take(&self, n: usize) -> Result<Vec<T>> {
        let mut p = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut best: Option<usize> = None;
        for (i, b) in p.bufs.iter().enumerate() {
            let c = b.capacity();
            if c >= n && c / 2 <= n && best.is_none_or(|j| c < p.bufs[j].capacity()) {
                best = Some(i);
            }
        }
        match best {
            Some(i) => {
                let v = p.bufs.swap_remove(i);
                p.bytes -= v.capacity() * std::mem::size_of::<T>();
                Ok(v)
            }
            None => {
                drop(p);
                try_vec(n)
            }
        }
    }

    fn give(&self, mut v: Vec<T>) {
        let bytes = v.capacity() * std::mem::size_of::<T>();
        if bytes > POOL_MAX_BYTES {
            return;
        }
        v.clear();
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
    version: AtomicU64,
    /// Where the last in-place modification was called (for anomaly-mode messages).
    modified_at: Mutex<Option<&'static Location<'static>>>,
}

impl Drop for Storage {
    fn drop(&mut self) {
        match self.data.get_mut().unwrap_or_else(|e| e.into_inner()) {
            Buffer::Bool(v) => recycle(v),
            Buffer::I64(v) => recycle(v),
            Buffer::F32(v) => recycle(v),
            Buffer::F64(v) => recycle(v),
        }
    }
}

impl Storage {
    pub(crate) fn new(buf: Buffer) -> Self {
        Storage {
            data: RwLock::new(buf),
            version: AtomicU64::new(0),
            modified_at: Mutex::new(None),
        }
    }
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Buffer> {
        self.data.read().unwrap_or_else(|e| e.into_inner())
    }
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Buffer> {
        self.data.write().unwrap_or_else(|e| e.into_inner())
    }
    pub(crate) fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }
    #[track_caller]
    pub(crate) fn bump_version(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        *self.modified_at.lock().unwrap_or_else(|e| e.into_inner()) = Some(Location::caller());
    }
    pub(crate) fn modified_at(&self) -> Option<&'static Location<'static>> {
        *self.modified_at.lock().unwrap_or_else(|e| e.into_inner())
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
    #[doc(hidden)]
    fn into_buffer(v: impl Into<Data<Self>>) -> Buffer;

    #[doc(hidden)]
    fn slice(b: &Buffer) -> Option<&[Self]>;
    #[doc(hidden)]
    fn slice_mut(b: &mut Buffer) -> Option<&mut [Self]>;
}

macro_rules! element {
    ($t:ty, $dt:ident, $var:ident, $to:expr, $from:expr) => {
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
element!(f32, Float32, F32, |x: f32| x as f64, |v: f64| v as f32);
element!(f64, Float64, F64, |x: f64| x, |v: f64| v);
element!(i64, Int64, I64, |x: i64| x as f64, |v: f64| v as i64);
element!(bool, Bool, Bool, |x: bool| x as u8 as f64, |v: f64| v
    != 0.0);
