//! Differentiable operations, one file per family; in each, an op's forward and its backward rule
//! side by side. Backward rules are written with these same ops, so they differentiate again.
//!
//! The elementwise functions are rows of one table ([`UNARY_OPS`]); what is public here is that
//! table, which the Python bindings, the command line and the tests read.

pub(crate) mod amax;
pub(crate) mod binary;
pub(crate) mod bitwise;
pub(crate) mod blend;
pub(crate) mod clamp_bounds;
pub(crate) mod class_loss;
pub(crate) mod conv;
pub(crate) mod decomp;
pub(crate) mod einsum;
pub(crate) mod embedding;
pub(crate) mod finite;
pub(crate) mod gather;
pub(crate) mod index_ops;
pub(crate) mod inplace;
pub(crate) mod linalg;
pub(crate) mod linear_map;
pub(crate) mod loss;
pub(crate) mod max_pool;
pub(crate) mod max_unpool;
pub(crate) mod nn;
pub(crate) mod norm;
pub(crate) mod normalization;
pub(crate) mod pad;
pub(crate) mod pool;
pub(crate) mod pool_extra;
pub(crate) mod reduce;
pub(crate) mod resample;
pub(crate) mod rounded_div;
pub(crate) mod scan;
pub(crate) mod shape;
pub(crate) mod sort;
pub(crate) mod stats;
pub(crate) mod stl_sort;
pub(crate) mod svd;
#[doc(hidden)]
pub mod table;
pub(crate) mod unary;

pub use bitwise::BitOp;
pub use blend::Weight;
pub use conv::{ConvOptions, IntList, Padding};
pub(crate) use rounded_div::floor_f as floor_divide_value;
pub use rounded_div::RoundingMode;
pub use table::{BinInts, BinaryOp, Cmp, Ints, Params, UnaryOp, Wrt, BINARY_OPS, UNARY_OPS};

/// SELU's `alpha` (PyTorch's constant).
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
/// SELU's `scale` (PyTorch's constant).
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_5;

use crate::error::{runtime, Result};
use crate::tensor::{Dims, Element};
use crate::{DType, Tensor};

/// A Rust number used as an operand (`&x * 3.0`, `1.0 - &x`): a constant, never differentiated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    /// A floating-point number (a Python `float`).
    Float(f64),
    /// An integer (a Python `int`).
    Int(i64),
    /// A boolean.
    Bool(bool),
}

impl Scalar {
    /// The value as `f64`.
    ///
    /// ```
    /// assert_eq!(ferrograd::Scalar::from(3).to_f64(), 3.0);
    /// ```
    pub fn to_f64(self) -> f64 {
        match self {
            Scalar::Float(v) => v,
            Scalar::Int(v) => v as f64,
            Scalar::Bool(b) => b as u8 as f64,
        }
    }
    /// The value as an element of `dtype`, or PyTorch's error when it does not fit: a float
    /// into int64 must be a number within its range (it is truncated toward zero), a finite
    /// float into float32 within float32's range (infinities pass). Anything goes into bool.
    ///
    /// ```
    /// use ferrograd::{DType, Scalar};
    /// assert_eq!(Scalar::Float(-2.7).checked_to(DType::Int64).unwrap(), Scalar::Int(-2));
    /// assert_eq!(Scalar::Int(1 << 60).checked_to(DType::Int64).unwrap(), Scalar::Int(1 << 60));
    /// assert_eq!(
    ///     Scalar::Float(1e30).checked_to(DType::Int64).unwrap_err().to_string(),
    ///     "value cannot be converted to type int64_t without overflow"
    /// );
    /// assert!(Scalar::Float(1e39).checked_to(DType::Float32).is_err());
    /// assert!(Scalar::Float(f64::INFINITY).checked_to(DType::Float32).is_ok());
    /// ```
    pub fn checked_to(self, dtype: DType) -> crate::Result<Scalar> {
        let overflow = |ty: &str| {
            crate::error::runtime(format!(
                "value cannot be converted to type {ty} without overflow"
            ))
        };
        match (dtype, self) {
            // NaN is true, as any nonzero value
            (DType::Bool, s) => Ok(Scalar::Bool(s.to_f64() != 0.0)),
            (DType::Int64, Scalar::Float(v)) => {
                // i64's range is [-2^63, 2^63); NaN is outside it
                if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&v) {
                    Ok(Scalar::Int(v as i64))
                } else {
                    Err(overflow("int64_t"))
                }
            }
            (DType::Int64, Scalar::Bool(b)) => Ok(Scalar::Int(b as i64)),
            (DType::Float32, Scalar::Float(v)) if v.is_finite() && v.abs() > f32::MAX as f64 => {
                Err(overflow("float"))
            }
            (DType::Float32 | DType::Float64, s) => Ok(Scalar::Float(s.to_f64())),
            (DType::Int64, s) => Ok(s),
        }
    }

    pub(crate) fn default_dtype(self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int(_) => DType::Int64,
            Scalar::Float(_) => crate::get_default_dtype(),
        }
    }
}

macro_rules! scalar_from {
    ($($t:ty => $v:ident),*) => {$(
        impl From<$t> for Scalar {
            fn from(x: $t) -> Scalar { Scalar::$v(x.into()) }
        }
    )*};
}
scalar_from!(f64 => Float, f32 => Float, i64 => Int, i32 => Int, u8 => Int, bool => Bool);

impl From<usize> for Scalar {
    fn from(x: usize) -> Scalar {
        Scalar::Int(x as i64)
    }
}

/// Arithmetic element types (float32, float64, int64).
pub(crate) trait Num:
    Element
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
}
impl Num for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
}
impl Num for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
}
impl Num for i64 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
}

/// Floating element types with the math functions.
pub(crate) trait Float: Num {
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn tan(self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn sqrt(self) -> Self;
    fn tanh(self) -> Self;
    fn powf(self, e: Self) -> Self;
    fn mul_add(self, a: Self, b: Self) -> Self;
    fn asin(self) -> Self;
    fn acos(self) -> Self;
    fn atan(self) -> Self;
    fn sinh(self) -> Self;
    fn cosh(self) -> Self;
    fn asinh(self) -> Self;
    fn acosh(self) -> Self;
    fn atanh(self) -> Self;
    fn exp_m1(self) -> Self;
    fn log2(self) -> Self;
    fn log10(self) -> Self;
    fn floor(self) -> Self;
    fn ceil(self) -> Self;
    fn trunc(self) -> Self;
    fn abs(self) -> Self;
    fn round_even(self) -> Self;
    fn erf(self) -> Self;
    fn erfc(self) -> Self;
    fn erfinv(self) -> Self;
    fn atan2(self, o: Self) -> Self;
    fn hypot(self, o: Self) -> Self;
    fn copysign(self, o: Self) -> Self;
    fn fmod(self, o: Self) -> Self;
    fn fmax(self, o: Self) -> Self;
    fn fmin(self, o: Self) -> Self;
    fn is_nan(self) -> bool;
    /// The op-table row `op` applied to one element (its forward function for this type).
    fn unary(op: &table::UnaryOp, x: Self, p: &[f64]) -> Self;
    /// `e^x` as the op table's `exp` row computes it on one element (in float32 the
    /// vectorisable kernel's scalar, within 2 ulp of `expf`).
    fn fast_exp(self) -> Self;
    /// The binary op-table row `op` applied to one pair of elements.
    fn binary(op: &table::BinaryOp, a: Self, b: Self) -> Self;
}
macro_rules! float_impl {
    ($t:ident, $erf:path, $erfc:path, $asinh:path, $acosh:path, $fast_exp:path) => {
        impl Float for $t {
            #[inline]
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            #[inline]
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            #[inline]
            fn tan(self) -> Self {
                <$t>::tan(self)
            }
            #[inline]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline]
            fn tanh(self) -> Self {
                <$t>::tanh(self)
            }
            #[inline]
            fn powf(self, e: Self) -> Self {
                <$t>::powf(self, e)
            }
            #[inline]
            fn mul_add(self, a: Self, b: Self) -> Self {
                <$t>::mul_add(self, a, b)
            }
            std_delegate!($t: asin acos atan sinh cosh atanh exp_m1 log2 log10 floor ceil trunc abs);
            #[inline]
            fn round_even(self) -> Self {
                <$t>::round_ties_even(self)
            }
            // libm's (musl's) forms, which stay finite up to the largest float where the
            // standard library's overflow (asinh(3e38f32) is 89.29, as in PyTorch, not inf)
            #[inline]
            fn asinh(self) -> Self {
                $asinh(self)
            }
            #[inline]
            fn acosh(self) -> Self {
                $acosh(self)
            }
            #[inline]
            fn erf(self) -> Self {
                $erf(self)
            }
            #[inline]
            fn erfc(self) -> Self {
                $erfc(self)
            }
            #[inline]
            fn erfinv(self) -> Self {
                erfinv_f64(self as f64) as $t
            }
            #[inline]
            fn atan2(self, o: Self) -> Self {
                <$t>::atan2(self, o)
            }
            #[inline]
            fn hypot(self, o: Self) -> Self {
                <$t>::hypot(self, o)
            }
            #[inline]
            fn copysign(self, o: Self) -> Self {
                <$t>::copysign(self, o)
            }
            #[inline]
            fn fmod(self, o: Self) -> Self {
                self % o
            }
            #[inline]
            fn fmax(self, o: Self) -> Self {
                <$t>::max(self, o)
            }
            #[inline]
            fn fmin(self, o: Self) -> Self {
                <$t>::min(self, o)
            }
            #[inline]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline(always)]
            fn unary(op: &table::UnaryOp, x: Self, p: &[f64]) -> Self {
                (op.$t)(x, p)
            }
            #[inline(always)]
            fn fast_exp(self) -> Self {
                $fast_exp(self)
            }
            #[inline(always)]
            fn binary(op: &table::BinaryOp, a: Self, b: Self) -> Self {
                (op.$t)(a, b)
            }
        }
    };
}
macro_rules! std_delegate {
    ($t:ty: $($m:ident)*) => {$(
        #[inline]
        fn $m(self) -> Self {
            <$t>::$m(self)
        }
    )*};
}
float_impl!(
    f32,
    libm::erff,
    libm::erfcf,
    libm::asinhf,
    libm::acoshf,
    crate::kernels::cpu::exp_f32
);
float_impl!(
    f64,
    libm::erf,
    libm::erfc,
    libm::asinh,
    libm::acosh,
    f64::exp
);

/// The inverse error function: a starting point from the logarithmic form of the inverse normal
/// tail, then Newton steps on `erf(x) = y` (exact to a few ulps in `f64`). `±1` gives `±inf`,
/// `|y| > 1` and NaN give NaN.
pub(crate) fn erfinv_f64(y: f64) -> f64 {
    if y.is_nan() || y.abs() > 1.0 {
        return f64::NAN;
    }
    if y.abs() == 1.0 {
        return y * f64::INFINITY;
    }
    if y == 0.0 {
        return y;
    }
    // Giles' single-precision approximation as the start.
    let w = -((1.0 - y) * (1.0 + y)).ln();
    let mut x = if w < 5.0 {
        let w = w - 2.5;
        let mut p = 2.810_226_36e-08;
        for c in [
            3.432_739_39e-07,
            -3.523_387_7e-06,
            -4.391_506_54e-06,
            0.000_218_580_87,
            -0.001_253_725_03,
            -0.004_177_681_64,
            0.246_640_727,
            1.501_409_41,
        ] {
            p = p * w + c;
        }
        p * y
    } else {
        let w = w.sqrt() - 3.0;
        let mut p = -0.000_200_214_257;
        for c in [
            0.000_100_950_558,
            0.001_349_343_22,
            -0.003_673_428_44,
            0.005_739_507_73,
            -0.007_622_461_3,
            0.009_438_870_47,
            1.001_674_06,
            2.832_976_82,
        ] {
            p = p * w + c;
        }
        p * y
    };
    // Newton on erf(x) - y, with erf'(x) = 2/√π e^{-x²}; in the tails erf(x) - y is written
    // with erfc, which keeps its digits there.
    for _ in 0..3 {
        let err = if y > 0.5 {
            (1.0 - y) - libm::erfc(x)
        } else if y < -0.5 {
            libm::erfc(-x) - (1.0 + y)
        } else {
            libm::erf(x) - y
        };
        let d = std::f64::consts::FRAC_2_SQRT_PI * (-x * x).exp();
        if d == 0.0 || !d.is_finite() {
            break;
        }
        x -= err / d;
    }
    x
}

/// Runs `$body` with `$T` bound to the Rust type of an arithmetic dtype (bool computes as int64).
macro_rules! dispatch_num {
    ($dt:expr, $T:ident => $body:expr) => {
        match $dt {
            $crate::DType::Float32 => {
                type $T = f32;
                $body
            }
            $crate::DType::Float64 => {
                type $T = f64;
                $body
            }
            $crate::DType::Int64 | $crate::DType::Bool => {
                type $T = i64;
                $body
            }
        }
    };
}
pub(crate) use dispatch_num;

/// Runs `$body` with `$T` bound to the Rust type of a floating dtype.
macro_rules! dispatch_float {
    ($dt:expr, $T:ident => $body:expr) => {
        match $dt {
            $crate::DType::Float64 => {
                type $T = f64;
                $body
            }
            _ => {
                type $T = f32;
                $body
            }
        }
    };
}
pub(crate) use dispatch_float;

/// Runs `$body` with `$T` bound to the Rust element type of any dtype.
macro_rules! dispatch_any {
    ($dt:expr, $T:ident => $body:expr) => {
        match $dt {
            $crate::DType::Float32 => {
                type $T = f32;
                $body
            }
            $crate::DType::Float64 => {
                type $T = f64;
                $body
            }
            $crate::DType::Int64 => {
                type $T = i64;
                $body
            }
            $crate::DType::Bool => {
                type $T = bool;
                $body
            }
        }
    };
}
pub(crate) use dispatch_any;

/// The broadcast shape of two shapes, or PyTorch's error.
pub(crate) fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    broadcast_dims(a, b).map(|d| d.to_vec())
}

/// [`broadcast_shapes`] as an inline list.
pub(crate) fn broadcast_dims(a: &[usize], b: &[usize]) -> Result<Dims> {
    if a == b {
        return Ok(Dims::from_slice(a));
    }
    let nd = a.len().max(b.len());
    let mut out: Dims = smallvec::SmallVec::from_elem(0, nd);
    for i in (0..nd).rev() {
        let da = (i + a.len()).checked_sub(nd).map_or(1, |j| a[j]);
        let db = (i + b.len()).checked_sub(nd).map_or(1, |j| b[j]);
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(runtime(format!(
                "The size of tensor a ({da}) must match the size of tensor b ({db}) at non-singleton dimension {i}"
            )));
        };
    }
    crate::tensor::size::checked_numel(&out)?;
    Ok(out)
}

/// PyTorch's type promotion for two tensors: dimensioned tensors outrank zero-dim ones within a
/// category (bool < integer < floating).
pub(crate) fn result_type(a: &Tensor, b: &Tensor) -> DType {
    let (da, db) = (a.dtype(), b.dtype());
    if da == db {
        return da;
    }
    match (a.dim() == 0, b.dim() == 0) {
        (false, true) => combine(da, db),
        (true, false) => combine(db, da),
        _ => DType::promote(da, db),
    }
}

/// PyTorch's `result_type` over several tensors: the dtypes of tensors with dimensions outrank
/// those of 0-dim tensors unless the 0-dim ones are of a higher category.
pub(crate) fn result_type_of(ts: &[&Tensor]) -> DType {
    let promote_all = |zero: bool| {
        ts.iter()
            .filter(|t| (t.dim() == 0) == zero)
            .map(|t| t.dtype())
            .reduce(DType::promote)
    };
    match (promote_all(false), promote_all(true)) {
        (Some(dims), Some(zero)) => combine(dims, zero),
        (Some(d), None) | (None, Some(d)) => d,
        (None, None) => crate::get_default_dtype(),
    }
}

/// PyTorch's `combine_categories`: `higher` is the dtype of the higher-priority operand group.
fn combine(higher: DType, lower: DType) -> DType {
    if higher.is_floating_point() {
        higher
    } else if higher == DType::Bool || lower.is_floating_point() {
        DType::promote(higher, lower)
    } else {
        higher
    }
}

/// Result type of a tensor with a Rust scalar operand (a Python number: lowest priority).
pub(crate) fn result_type_scalar(a: &Tensor, s: Scalar) -> DType {
    combine(a.dtype(), s.default_dtype())
}

/// `t` in `dtype`, sharing `t` itself when it already has it (no autograd recorded).
pub(crate) fn cast_raw(t: &Tensor, dtype: DType) -> Tensor {
    if t.dtype() == dtype {
        return t.clone();
    }
    let buf = dispatch_any!(dtype, T => T::into_buffer(t.to_vec::<T>()));
    Tensor::from_buffer(buf, t.dims())
}

/// `t` in `dtype`, borrowed when it already has it (no handle is cloned), else converted.
pub(crate) fn cast_cow(t: &Tensor, dtype: DType) -> std::borrow::Cow<'_, Tensor> {
    if t.dtype() == dtype {
        std::borrow::Cow::Borrowed(t)
    } else {
        std::borrow::Cow::Owned(cast_raw(t, dtype))
    }
}

/// Reduces a broadcast gradient back to `shape` by summing (differentiable), then casts to `dtype`.
pub(crate) fn reduce_grad(g: &Tensor, shape: &[usize], dtype: DType) -> Result<Tensor> {
    let g = sum_to(g, shape)?;
    if g.dtype() != dtype {
        g.try_to_dtype(dtype)
    } else {
        Ok(g)
    }
}

/// Sums `g` down to `shape` (the inverse of broadcasting), differentiably. In a batched backward
/// pass the batch dimension in front of `g` is kept.
pub(crate) fn sum_to(g: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let b = usize::from(crate::autograd::batch::size().is_some());
    let target = crate::autograd::batch::shape(shape);
    if g.shape() == target.as_slice() {
        return Ok(g.clone());
    }
    let Some(lead) = g.dim().checked_sub(b + shape.len()) else {
        // a gradient without the batch dimension: the same for every element of the batch
        let r = {
            let _unbatched = crate::autograd::batch::Scope::new(None);
            sum_to(g, shape)?
        };
        return r.try_unsqueeze(0)?.try_expand(&target);
    };
    let mut dims: Vec<isize> = (b..b + lead).map(|d| d as isize).collect();
    for (i, &s) in shape.iter().enumerate() {
        if s == 1 && g.shape()[b + lead + i] != 1 {
            dims.push((b + lead + i) as isize);
        }
    }
    let r = if dims.is_empty() {
        g.clone()
    } else {
        g.try_sum_dims(&dims, true)?
    };
    r.try_reshape(&target)
}

/// Normalises a possibly negative dimension index, with PyTorch's IndexError text.
pub(crate) fn wrap_dim(d: isize, ndim: usize) -> Result<usize> {
    let n = ndim.max(1) as isize;
    if d < -n || d >= n {
        return Err(crate::error::index_err(format!(
            "Dimension out of range (expected to be in range of [{}, {}], but got {d})",
            -n,
            n - 1
        )));
    }
    Ok(if d < 0 { (d + n) as usize } else { d as usize })
}

/// A shape seen as `(outer, size, inner)` around dimension `dim` (`(1, 1, 1)` for a 0-dim
/// tensor): the layout the ops along one dimension (sort, scans, index ops) work on.
pub(crate) fn split_at_dim(shape: &[usize], dim: usize) -> (usize, usize, usize) {
    if shape.is_empty() {
        return (1, 1, 1);
    }
    (
        shape[..dim].iter().product(),
        shape[dim],
        shape[dim + 1..].iter().product(),
    )
}
