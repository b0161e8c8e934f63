//! The binary elementwise op table: functions of two tensors, with broadcasting.
//!
//! Each row reads:
//!
//! ```text
//! name => "GradFnName" {
//!     doc: "what it computes",
//!     [scalar_other: "GradFnName",]          // `other` may be a number (PyTorch's Scalar overload)
//!     [scalar_self: "GradFnName",]           // `input` may be a number
//!     ints: float | keep(|a: i64, b: i64| -> Result<i64, &str>),  // integer inputs
//!     [bools: refuse,]                       // two bool operands are PyTorch's dtype error
//!     domain: ((lo, hi), (lo, hi)),          // where it is smooth in each argument
//!     f: |a, b| forward on a float T,
//!     da: |a, b| ∂f/∂a written against `Real`,
//!     db: |a, b| ∂f/∂b written against `Real`,
//! }
//! ```
//!
//! The gradient of each input is `grad · ∂f/∂input`, summed back to the input's shape where it
//! was broadcast. Ties and NaN follow PyTorch's choices (`maximum` splits the gradient at a tie;
//! `fmax` gives it to the argument that is not NaN), written with [`Real::where_cmp`].

/// Hands every row of the binary elementwise op table to the macro `$callback` (see
/// [`for_each_unary_op`](crate::for_each_unary_op) for the pattern).
///
/// ```
/// macro_rules! names {
///     ($($name:ident => $gf:literal { $($rest:tt)* })*) => { [$(stringify!($name)),*] };
/// }
/// let names = ferrograd::for_each_binary_op!(names);
/// assert!(names.contains(&"atan2") && names.contains(&"xlogy"));
/// ```
#[macro_export]
macro_rules! for_each_binary_op {
    ($callback:ident) => {
        $callback! {
            atan2 => "Atan2Backward0" {
                doc: "The arctangent of `input / other`, in the quadrant of the point (`other`, `input`)",
                ints: float, domain: ((-2.0, 2.0), (0.5, 2.0)),
                f: |a, b| a.atan2(b),
                // PyTorch's form: 1 / (a² + b²), taken as 0 where a = b = 0
                da: |a, b| b.clone() * atan2_recip(a, b),
                db: |a, b| -a.clone() * atan2_recip(a, b),
            }
            hypot => "HypotBackward0" {
                doc: "The hypotenuse `sqrt(input² + other²)`",
                ints: float, bools: refuse, domain: ((0.5, 2.0), (-2.0, -0.5)),
                f: |a, b| a.hypot(b),
                // PyTorch's `grad * input / result`: no overflow or underflow of the squares
                da: |a, b| a.clone() / a.hypot(&b),
                db: |a, b| b.clone() / a.hypot(&b),
            }
            maximum => "MaximumBackward0" {
                doc: "The larger of `input` and `other` (NaN if either is NaN; a tie splits the gradient)",
                ints: keep(|a: i64, b: i64| Ok(a.max(b))), domain: ((0.2, 0.8), (1.2, 1.8)),
                // C++'s std::max(a, b) (`a` unless a < b: `a` at a tie of signed zeros), as
                // PyTorch's elementwise kernel
                f: |a, b| if a.is_nan() || b.is_nan() { a + b } else if a < b { b } else { a },
                da: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Lt, &b, a.full_like(0.0), a.full_like(1.0))),
                db: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Gt, &b, a.full_like(0.0), a.full_like(1.0))),
            }
            minimum => "MinimumBackward0" {
                doc: "The smaller of `input` and `other` (NaN if either is NaN; a tie splits the gradient)",
                ints: keep(|a: i64, b: i64| Ok(a.min(b))), domain: ((0.2, 0.8), (1.2, 1.8)),
                // std::min(a, b): `a` unless b < a
                f: |a, b| if a.is_nan() || b.is_nan() { a + b } else if b < a { b } else { a },
                da: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Gt, &b, a.full_like(0.0), a.full_like(1.0))),
                db: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Lt, &b, a.full_like(0.0), a.full_like(1.0))),
            }
            fmax => "FmaxBackward0" {
                doc: "The larger of `input` and `other`, ignoring a NaN (a tie splits the gradient)",
                ints: keep(|a: i64, b: i64| Ok(a.max(b))), domain: ((0.2, 0.8), (1.2, 1.8)),
                f: |a, b| a.fmax(b),
                da: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Gt, &b, a.full_like(1.0), nan_mask(b.clone()))),
                db: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Lt, &b, a.full_like(1.0), nan_mask(a.clone()) * (b.full_like(1.0) - nan_mask(b.clone())))),
            }
            fmin => "FminBackward0" {
                doc: "The smaller of `input` and `other`, ignoring a NaN (a tie splits the gradient)",
                ints: keep(|a: i64, b: i64| Ok(a.min(b))), domain: ((0.2, 0.8), (1.2, 1.8)),
                f: |a, b| a.fmin(b),
                da: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Lt, &b, a.full_like(1.0), nan_mask(b.clone()))),
                db: |a, b| a.where_cmp($crate::ops::Cmp::Eq, &b, a.full_like(0.5),
                    a.where_cmp($crate::ops::Cmp::Gt, &b, a.full_like(1.0), nan_mask(a.clone()) * (b.full_like(1.0) - nan_mask(b.clone())))),
            }
            fmod => "FmodBackward1" {
                doc: "The remainder of `input / other` with the sign of `input` (C's `fmod`)",
                scalar_other: "FmodBackward0",
                ints: keep(|a: i64, b: i64| if b == 0 { Err("ZeroDivisionError") } else { Ok(a.wrapping_rem(b)) }),
                bools: refuse, domain: ((2.1, 2.6), (0.9, 1.0)), // a / b stays in (2, 3): no jump
                f: |a, b| a.fmod(b),
                da: |a, _b| a.full_like(1.0),
                db: |a, b| -(a / b).trunc(),
            }
            remainder => "RemainderBackward1" {
                doc: "The remainder of `input / other` with the sign of `other` (Python's `%`)",
                scalar_other: "RemainderBackward0",
                ints: keep(|a: i64, b: i64| if b == 0 { Err("ZeroDivisionError") } else {
                    let r = a.wrapping_rem(b);
                    Ok(if r != 0 && ((r < 0) != (b < 0)) { r + b } else { r })
                }),
                bools: refuse, domain: ((2.1, 2.6), (0.9, 1.0)), // a / b stays in (2, 3): no jump
                f: |a, b| {
                    let r = a.fmod(b);
                    if r != T::ZERO && ((r < T::ZERO) != (b < T::ZERO)) { r + b } else { r }
                },
                da: |a, _b| a.full_like(1.0),
                // PyTorch's floor division gives NaN for an infinite dividend: `a - a` carries it
                // `-floor_divide(input, other)`, PyTorch's floor division (`a / b` at b = 0)
                db: |a, b| -a.floor_divide_values(&b),
            }
            copysign => "CopysignBackward0" {
                doc: "The magnitude of `input` with the sign of `other`",
                scalar_other: "CopysignBackward1",
                ints: float, domain: ((0.5, 2.0), (-2.0, -0.5)),
                f: |a, b| a.copysign(b),
                da: |a, b| {
                    // PyTorch's `result / input`, 0 where the input is 0; the sign of `other`
                    // is its sign bit (-0.0 and -inf negative: 1 / other tells -0.0 apart)
                    let lt = $crate::ops::Cmp::Lt;
                    let by_recip = (b.full_like(1.0) / b.clone()).select(lt, 0.0, b.full_like(-1.0), b.full_like(1.0));
                    let s = b.select(lt, 0.0, b.full_like(-1.0), by_recip);
                    let r = a.abs() * s / a.clone();
                    a.select($crate::ops::Cmp::Eq, 0.0, a.full_like(0.0), r)
                },
                db: |a, _b| a.full_like(0.0),
            }
            xlogy => "XlogyBackward0" {
                doc: "`input * log(other)`, and 0 where `input` is 0 (unless `other` is NaN)",
                scalar_other: "XlogyBackward2", scalar_self: "XlogyBackward1",
                ints: float, domain: ((0.5, 2.0), (0.5, 2.0)),
                f: |a, b| if b.is_nan() { b } else if a == T::ZERO { T::ZERO } else { a * b.ln() },
                da: |a, b| {
                    let l = b.log();
                    a.select($crate::ops::Cmp::Eq, 0.0,
                        b.select($crate::ops::Cmp::Le, 0.0, a.full_like(0.0), l.clone()), l)
                },
                db: |a, b| a / b,
            }
        }
    };
}

use crate::autograd::record;
use crate::autograd::taylor::{Jet, Real};
use crate::error::{runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::ops::{
    broadcast_shapes, cast_raw, reduce_grad, result_type, result_type_scalar, Float, Scalar,
};
use crate::tensor::{Data, Element};
use crate::{DType, Tensor};

/// 1 where `x` is NaN, else 0 (not differentiated).
pub(crate) fn nan_mask<R: Real>(x: R) -> R {
    x.where_cmp(crate::ops::Cmp::Eq, &x, x.full_like(0.0), x.full_like(1.0))
}

/// `1 / (a² + b²)`, and 0 where that is infinite (both 0), as PyTorch's `atan2` backward.
pub(crate) fn atan2_recip<R: Real>(a: R, b: R) -> R {
    let den = a.clone() * a + b.clone() * b;
    den.select(
        crate::ops::Cmp::Eq,
        0.0,
        den.full_like(0.0),
        den.full_like(1.0) / den.clone(),
    )
}

/// How a binary row treats integer and bool inputs.
#[derive(Clone, Copy, Debug)]
pub enum BinInts {
    /// Computed in the default floating dtype (float32).
    ToFloat,
    /// Kept as int64, with this function (an `Err` is the error's name, e.g. a division by 0).
    Keep(fn(i64, i64) -> std::result::Result<i64, &'static str>),
}

/// One row of the binary elementwise op table.
pub struct BinaryOp {
    /// PyTorch's name (`"atan2"`).
    pub name: &'static str,
    /// Whether two bool operands are accepted (`false`: PyTorch's kernel has no bool form, and
    /// `"<name>_cpu" not implemented for 'Bool'` is the error).
    pub bools: bool,
    /// The grad_fn recorded (`"Atan2Backward0"`).
    pub grad_fn: &'static str,
    /// One sentence on what the op computes.
    pub doc: &'static str,
    /// The grad_fn recorded when `other` is a number, where PyTorch has that overload
    /// (`fmod(x, 2.0)` records `FmodBackward0`); `None`: `other` must be a tensor.
    pub scalar_other: Option<&'static str>,
    /// The grad_fn recorded when `input` is a number, where PyTorch has that overload.
    pub scalar_self: Option<&'static str>,
    /// Integer inputs.
    pub ints: BinInts,
    /// Intervals of each argument where the op is smooth, for tests and plots.
    pub domain: ((f64, f64), (f64, f64)),
    pub(crate) f32: fn(f32, f32) -> f32,
    pub(crate) f64: fn(f64, f64) -> f64,
    pub(crate) da: fn(&Tensor, &Tensor) -> Tensor,
    pub(crate) db: fn(&Tensor, &Tensor) -> Tensor,
    pub(crate) da_jet: fn(&Jet, &Jet) -> Jet,
    pub(crate) db_jet: fn(&Jet, &Jet) -> Jet,
}

impl std::fmt::Debug for BinaryOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BinaryOp({})", self.name)
    }
}

impl BinaryOp {
    /// Taylor mode: the jet of `f(a, b)`, by integrating `y' = ∂f/∂a·a' + ∂f/∂b·b'` term by
    /// term with the row's derivatives evaluated on the arguments' jets. The jets must have
    /// the same order.
    ///
    /// ```
    /// use ferrograd::autograd::taylor::{derivatives, Jet};
    /// let op = ferrograd::ops::BinaryOp::find("hypot").unwrap();
    /// // d/dx hypot(x, 4) at x = 3: x / hypot = 0.6; d²: 16 / 125
    /// let d = derivatives(|x| op.jet(x, &Jet::constant(4.0, 2)), 3.0, 2);
    /// assert!((d[1] - 0.6).abs() < 1e-15 && (d[2] - 16.0 / 125.0).abs() < 1e-15);
    /// ```
    pub fn jet(&self, a: &Jet, b: &Jet) -> Jet {
        let (ca, cb) = (a.coefficients(), b.coefficients());
        let n = ca.len().min(cb.len()) - 1;
        let mut y = vec![0.0; n + 1];
        y[0] = (self.f64)(ca[0], cb[0]);
        if n == 0 {
            return Jet::from_coefficients(y);
        }
        let (ta, tb) = (
            Jet::from_coefficients(ca[..n].to_vec()),
            Jet::from_coefficients(cb[..n].to_vec()),
        );
        let (wa, wb) = ((self.da_jet)(&ta, &tb), (self.db_jet)(&ta, &tb));
        let (wa, wb) = (wa.coefficients(), wb.coefficients());
        // y_k = (1/k) Σ_{j=1..k} j·(a_j·wa_{k-j} + b_j·wb_{k-j})
        for k in 1..=n {
            let s: f64 = (1..=k)
                .map(|j| j as f64 * (ca[j] * wa[k - j] + cb[j] * wb[k - j]))
                .sum();
            y[k] = s / k as f64;
        }
        Jet::from_coefficients(y)
    }

    /// The row named `name` (PyTorch's name), if there is one.
    ///
    /// ```
    /// let op = ferrograd::ops::BinaryOp::find("hypot").unwrap();
    /// assert_eq!(op.grad_fn, "HypotBackward0");
    /// ```
    pub fn find(name: &str) -> Option<&'static BinaryOp> {
        BINARY_OPS.iter().copied().find(|op| op.name == name)
    }

    /// Applies the op to `a` and `b` with broadcasting, recording its grad_fn when either
    /// requires grad.
    ///
    /// ```
    /// use ferrograd::{ops::BinaryOp, DType, Tensor};
    /// let y = Tensor::new_with_dtype([3.0], DType::Float64).requires_grad_(true);
    /// let x = Tensor::new_with_dtype([4.0], DType::Float64);
    /// let r = BinaryOp::find("hypot").unwrap().apply(&y, &x).unwrap();
    /// assert_eq!(r.item(), 5.0);
    /// r.backward();
    /// assert_eq!(y.grad().unwrap().item(), 0.6);
    /// ```
    #[track_caller]
    pub fn apply(&'static self, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.apply_as(a, b, Operand::Tensors)
    }

    /// Applies the op with `other` a number (a 0-dim tensor that does not require grad): the
    /// row's PyTorch Scalar overload, recording [`BinaryOp::scalar_other`] with only `input`
    /// differentiated. An error for rows without that overload.
    ///
    /// ```
    /// use ferrograd::{ops::BinaryOp, Tensor};
    /// let x = Tensor::new([2.5, -2.5]).requires_grad_(true);
    /// let r = BinaryOp::find("fmod").unwrap().apply_scalar_other(&x, 2.0).unwrap();
    /// assert_eq!(r.to_vec::<f32>(), vec![0.5, -0.5]);
    /// assert_eq!(r.grad_fn().unwrap().name(), "FmodBackward0");
    /// assert!(BinaryOp::find("atan2").unwrap().apply_scalar_other(&x, 2.0).is_err());
    /// ```
    #[track_caller]
    pub fn apply_scalar_other(&'static self, a: &Tensor, b: impl Into<Scalar>) -> Result<Tensor> {
        let name = self
            .scalar_other
            .ok_or_else(|| self.not_a_tensor("other", 2))?;
        let b = b.into();
        let bt = Tensor::from_scalar(b, result_type_scalar(a, b));
        self.apply_as(a, &bt, Operand::ScalarOther(name))
    }

    /// Applies the op with `input` a number: the row's Scalar-self overload, recording
    /// [`BinaryOp::scalar_self`] with only `other` differentiated.
    ///
    /// ```
    /// use ferrograd::{ops::BinaryOp, Tensor};
    /// let y = Tensor::new([1.0, 4.0]).requires_grad_(true);
    /// let r = BinaryOp::find("xlogy").unwrap().apply_scalar_self(0.0, &y).unwrap();
    /// assert_eq!(r.to_vec::<f32>(), vec![0.0, 0.0]);
    /// assert_eq!(r.grad_fn().unwrap().name(), "XlogyBackward1");
    /// ```
    #[track_caller]
    pub fn apply_scalar_self(&'static self, a: impl Into<Scalar>, b: &Tensor) -> Result<Tensor> {
        let name = self
            .scalar_self
            .ok_or_else(|| self.not_a_tensor("input", 1))?;
        let a = a.into();
        let at = Tensor::from_scalar(a, result_type_scalar(b, a));
        self.apply_as(&at, b, Operand::ScalarSelf(name))
    }

    fn not_a_tensor(&self, arg: &str, position: usize) -> crate::Error {
        crate::Error::new(
            crate::ErrorKind::Type,
            format!(
                "{}(): argument '{arg}' (position {position}) must be Tensor, not float",
                self.name
            ),
        )
    }

    #[track_caller]
    fn apply_as(&'static self, a: &Tensor, b: &Tensor, operand: Operand) -> Result<Tensor> {
        let shape = broadcast_shapes(a.shape(), b.shape())?;
        let rt = result_type(a, b);
        if rt == DType::Bool && !self.bools {
            return Err(crate::error::not_implemented(format!(
                "\"{}_cpu\" not implemented for 'Bool'",
                self.name
            )));
        }
        crate::tensor::size::checked_storage_numel(&shape, rt)?;
        if !rt.is_floating_point()
            && let BinInts::Keep(fi) = self.ints
        {
            let (ai, bi) = (cast_raw(a, DType::Int64), cast_raw(b, DType::Int64));
            let err = std::sync::OnceLock::new();
            let v: Data<i64> = cpu::zip(&ai, &bi, &shape, |x: i64, y: i64| {
                fi(x, y).unwrap_or_else(|e| {
                    let _ = err.set(e);
                    0
                })
            });
            if let Some(e) = err.get() {
                return Err(runtime(*e));
            }
            let out = Tensor::from_buffer(i64::into_buffer(v), shape);
            return Ok(if rt == DType::Bool {
                cast_raw(&out, DType::Bool)
            } else {
                out
            });
        }
        let dt = crate::dtype::float_or_default(rt);
        let (ac, bc) = (cast_raw(a, dt), cast_raw(b, dt));
        let buf = match dt {
            DType::Float64 => f64::into_buffer(cpu::zip(&ac, &bc, &shape, self.f64)),
            _ => f32::into_buffer(cpu::zip(&ac, &bc, &shape, self.f32)),
        };
        let out = Tensor::from_buffer(buf, shape);
        let (sa, da, sb, db) = (a.dims(), a.dtype(), b.dims(), b.dtype());
        // a number's wrapped tensor is saved unnamed: PyTorch saves the number, not a tensor
        let (name, inputs, saved): (_, &[&Tensor], _) = match operand {
            Operand::Tensors => (self.grad_fn, &[a, b], [("self", a), ("other", b)]),
            Operand::ScalarOther(name) => (name, &[a], [("self", a), ("", b)]),
            Operand::ScalarSelf(name) => (name, &[b], [("", a), ("other", b)]),
        };
        record(name, out, inputs, &saved, false, move |c| {
            let (x, y) = (&c.saved[0], &c.saved[1]);
            let ga = || reduce_grad(&c.grad.try_mul(&(self.da)(x, y))?, &sa, da);
            let gb = || reduce_grad(&c.grad.try_mul(&(self.db)(x, y))?, &sb, db);
            Ok(match operand {
                Operand::Tensors => vec![c.grad_if(0, ga)?, c.grad_if(1, gb)?],
                Operand::ScalarOther(_) => vec![c.grad_if(0, ga)?],
                Operand::ScalarSelf(_) => vec![c.grad_if(0, gb)?],
            })
        })
    }
}

/// Which arguments of a binary row are tensors (the others are numbers: PyTorch's Scalar
/// overloads, recorded under their own grad_fn with one input).
#[derive(Clone, Copy)]
enum Operand {
    Tensors,
    ScalarOther(&'static str),
    ScalarSelf(&'static str),
}

macro_rules! opt_name {
    () => {
        None
    };
    ($name:literal) => {
        Some($name)
    };
}

macro_rules! bools_ok {
    () => {
        true
    };
    (refuse) => {
        false
    };
}

macro_rules! bin_ints {
    (float) => {
        BinInts::ToFloat
    };
    (keep($f:expr)) => {
        BinInts::Keep($f)
    };
}

/// Makes, from the rows: one module per op holding its [`BinaryOp`], the list [`BINARY_OPS`],
/// and the `Tensor` methods.
macro_rules! define_binary_ops {
    ($(
        $name:ident => $gf:literal {
            doc: $doc:literal,
            $(scalar_other: $so:literal,)? $(scalar_self: $ss:literal,)?
            ints: $ints:ident $(($ik:expr))?, $(bools: $bools:ident,)? domain: (($alo:literal, $ahi:literal), ($blo:literal, $bhi:literal)),
            f: |$a:ident, $b:ident| $f:expr,
            da: |$xa:ident, $ya:ident| $da:expr,
            db: |$xb:ident, $yb:ident| $db:expr,
        }
    )*) => {
        $(
            #[doc(hidden)]
            #[allow(non_snake_case, clippy::module_inception)]
            pub mod $name {
                use super::*;

                #[allow(unused_variables, clippy::eq_op)]
                #[inline(always)]
                fn f<T: Float>($a: T, $b: T) -> T {
                    $f
                }

                #[allow(unused_variables, clippy::redundant_clone)]
                #[inline(always)]
                fn da<R: Real>($xa: R, $ya: R) -> R {
                    $da
                }

                #[allow(unused_variables, clippy::redundant_clone)]
                #[inline(always)]
                fn db<R: Real>($xb: R, $yb: R) -> R {
                    $db
                }

                /// The row.
                pub static OP: BinaryOp = BinaryOp {
                    name: stringify!($name),
                    grad_fn: $gf,
                    doc: $doc,
                    scalar_other: opt_name!($($so)?),
                    scalar_self: opt_name!($($ss)?),
                    ints: bin_ints!($ints $(($ik))?),
                    bools: bools_ok!($($bools)?),
                    domain: (($alo, $ahi), ($blo, $bhi)),
                    f32: f::<f32>,
                    f64: f::<f64>,
                    da: |x, y| da(x.clone(), y.clone()),
                    db: |x, y| db(x.clone(), y.clone()),
                    da_jet: |x, y| da(x.clone(), y.clone()),
                    db_jet: |x, y| db(x.clone(), y.clone()),
                };
            }
        )*

        /// Every row of the binary elementwise op table, in table order:
        #[doc = concat!($("`", stringify!($name), "` "),*)]
        pub static BINARY_OPS: &[&BinaryOp] = &[$(&$name::OP),*];

        pastey::paste! {
            impl Tensor {
                $(
                    #[doc = concat!($doc, ", elementwise with broadcasting (`", $gf, "`).")]
                    ///
                    /// ```
                    /// use ferrograd::{DType, Tensor};
                    /// let a = Tensor::new_with_dtype([1.5, 2.5], DType::Float64).requires_grad_(true);
                    /// let b = Tensor::new_with_dtype([0.75], DType::Float64);
                    #[doc = concat!("let y = a.try_", stringify!($name), "(&b).unwrap();")]
                    #[doc = concat!("assert_eq!(y.grad_fn().unwrap().name(), \"", $gf, "\");")]
                    /// assert_eq!(y.shape(), &[2]);
                    /// ```
                    #[track_caller]
                    pub fn [<try_ $name>](&self, other: &Tensor) -> Result<Tensor> {
                        $name::OP.apply(self, other)
                    }

                    #[doc = concat!("Panicking form of [`Tensor::try_", stringify!($name), "`].")]
                    ///
                    /// ```
                    /// let a = ferrograd::Tensor::new([1.5, 2.5]);
                    #[doc = concat!("assert_eq!(a.", stringify!($name), "(&a).shape(), &[2]);")]
                    /// ```
                    #[track_caller]
                    pub fn $name(&self, other: &Tensor) -> Tensor {
                        unwrap(self.[<try_ $name>](other))
                    }
                )*
            }
        }
    };
}

for_each_binary_op!(define_binary_ops);
