//! Storage: the shared, versioned element buffer behind tensors and their views.

use crate::DType;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The elements of a storage, by dtype.
#[derive(Clone, Debug)]
#[doc(hidden)]
#[allow(missing_docs)]
pub enum Buffer {
    Bool(Vec<bool>),
    I64(Vec<i64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
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
        match dtype {
            DType::Bool => Buffer::Bool(vec![false; n]),
            DType::Int64 => Buffer::I64(vec![0; n]),
            DType::Float32 => Buffer::F32(vec![0.0; n]),
            DType::Float64 => Buffer::F64(vec![0.0; n]),
        }
    }
    pub(crate) fn full(dtype: DType, n: usize, v: f64) -> Buffer {
        match dtype {
            DType::Bool => Buffer::Bool(vec![v != 0.0; n]),
            DType::Int64 => Buffer::I64(vec![v as i64; n]),
            DType::Float32 => Buffer::F32(vec![v as f32; n]),
            DType::Float64 => Buffer::F64(vec![v; n]),
        }
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

/// A reference-counted buffer shared by a tensor and all its views, with the version counter that
/// in-place operations bump and autograd checks.
#[derive(Debug)]
pub(crate) struct Storage {
    data: RwLock<Buffer>,
    version: AtomicU64,
    /// Where the last in-place modification was called (for anomaly-mode messages).
    modified_at: Mutex<Option<&'static Location<'static>>>,
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
    fn into_buffer(v: Vec<Self>) -> Buffer;
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
            fn into_buffer(v: Vec<Self>) -> Buffer {
                Buffer::$var(v)
            }
            fn slice(b: &Buffer) -> Option<&[Self]> {
                match b {
                    Buffer::$var(v) => Some(v),
                    _ => None,
                }
            }
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
