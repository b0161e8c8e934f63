//! The op tables: one declarative row per elementwise op, and what is made from each row.
//!
//! A row of [`unary`](self::unary) gives an op's PyTorch name, its grad_fn name, its parameters
//! with PyTorch's defaults, its forward function and its derivative, written once against the
//! [`Real`] trait. From that row come:
//! - the `Tensor` methods (`x.atan()`, `x.try_atan()`), recorded with the grad_fn name;
//! - the recorded backward rule, `grad * f'(x)` built from tensor ops, so it differentiates again;
//! - the fused first-order kernel (the same derivative instantiated on `f32`/`f64`), used when no
//!   graph is being created;
//! - forward mode (through the recorded rule) and Taylor mode (the generic rule `y' = f'(x)·x'`
//!   integrated term by term, or a closed recurrence where the row gives one);
//! - the [`Real`] trait's method, the list [`UNARY_OPS`] that the Python bindings, the command
//!   line and the test sweeps read, and the macro [`for_each_unary_op`](crate::for_each_unary_op)
//!   that generates code elsewhere from the same rows.
//!
//! `docs/adding-an-op.md` walks through adding a row.

#[doc(hidden)]
pub mod binary;
#[doc(hidden)]
pub mod unary;

use crate::autograd::record;
use crate::autograd::taylor::{Jet, Real};
use crate::error::Result;
use crate::kernels::cpu;
use crate::ops::{cast_cow, Float};
use crate::tensor::{Data, Element};
use crate::{DType, Tensor};
use smallvec::SmallVec;
use std::mem::MaybeUninit;

pub use binary::{BinInts, BinaryOp, BINARY_OPS};
pub use unary::UNARY_OPS;

/// A row's check of its input dtype and parameters before computing.
pub type RowCheck = fn(DType, &[f64]) -> Result<()>;

/// An op's parameters (`alpha`, `negative_slope`, …) in the order of its row.
pub type Params = SmallVec<[f64; 2]>;

/// What an op's derivative is written in, and so what its node saves for backward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrt {
    /// `f'` as a function of the input `x` (the input is saved).
    Input,
    /// `f'` as a function of the output `y = f(x)` (the output is saved).
    Output,
    /// `f' = 0` wherever it is defined (floor, sign, …): nothing is saved, the gradient is zeros.
    Zero,
}

/// How integer and bool inputs are treated.
#[derive(Clone, Copy, Debug)]
pub enum Ints {
    /// Computed in the default floating dtype (float32), as `torch.sin(int_tensor)`.
    ToFloat,
    /// Kept in their dtype, with this integer function (as `torch.abs(int_tensor)`).
    Keep(fn(i64) -> i64),
}

/// Comparisons used by derivatives at kinks ([`Real::mask`], [`Real::select`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `x > t`
    Gt,
    /// `x >= t`
    Ge,
    /// `x < t`
    Lt,
    /// `x <= t`
    Le,
    /// `x == t`
    Eq,
}

impl Cmp {
    /// Whether `x cmp t` holds (false for NaN, as IEEE comparisons).
    #[inline]
    pub fn holds(self, x: f64, t: f64) -> bool {
        match self {
            Cmp::Gt => x > t,
            Cmp::Ge => x >= t,
            Cmp::Lt => x < t,
            Cmp::Le => x <= t,
            Cmp::Eq => x == t,
        }
    }
}

/// A row's check that refuses integer and bool inputs, naming PyTorch's kernel.
pub(crate) fn floats_only(dt: DType, kernel: &str) -> Result<()> {
    if dt.is_floating_point() {
        Ok(())
    } else {
        Err(crate::error::not_implemented(format!(
            "\"{kernel}\" not implemented for '{}'",
            dt.scalar_name()
        )))
    }
}

/// `softshrink`'s check: `lambd` in `[0, largest finite value of the dtype]`.
pub(crate) fn lambda_in_range(dt: DType, lambd: f64) -> Result<()> {
    let (max, shown) = if dt == DType::Float64 {
        (f64::MAX, "1.79769e+308")
    } else {
        (f64::from(f32::MAX), "3.40282e+38")
    };
    if (0.0..=max).contains(&lambd) {
        return Ok(());
    }
    let found = if lambd.is_nan() {
        "nan".to_string()
    } else if lambd.is_infinite() {
        if lambd > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        cpp_default_format(lambd)
    };
    Err(crate::error::runtime(format!(
        "lambda must be in range [0, {shown}] for input dtype {}, but found {found}",
        dt.scalar_name()
    )))
}

/// A double as C++ streams print it by default (`%g` with six significant digits), as in
/// PyTorch's messages: `-1`, `0.5`, `1e+40`.
fn cpp_default_format(v: f64) -> String {
    fn trim(m: &str) -> &str {
        if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        }
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let sci = format!("{v:.5e}");
    let (mantissa, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("an integer exponent");
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exp.abs())
    } else {
        let digits = (5 - exp) as usize;
        trim(&format!("{v:.digits$}")).to_string()
    }
}

/// A fused backward loop of a row: `(grad, saved, shape, params)` to the input's gradient.
pub(crate) type FusedBackward<T> = fn(&Tensor, &Tensor, &[usize], &[f64]) -> Data<T>;

/// `g · d`, or 0 where `d` is 0 (a gated row's gradient).
#[inline(always)]
pub(crate) fn gate<T: Float>(g: T, d: T) -> T {
    if d == T::ZERO {
        T::ZERO
    } else {
        g * d
    }
}

/// A vectorised float32 forward over a contiguous run.
pub(crate) type SliceKernel = fn(&[f32], &mut [MaybeUninit<f32>]);

/// One row of the elementwise op table. Rows are written with the `unary_table!` macro in
/// [`unary`](self::unary); this is what the rest of the library reads.
pub struct UnaryOp {
    /// PyTorch's name (`"atan"`): the method, the Python function and the command line's name.
    pub name: &'static str,
    /// The grad_fn recorded (`"AtanBackward0"`).
    pub grad_fn: &'static str,
    /// The grad_fn the in-place form records (`elu_` records `"EluBackward1"`; most rows record
    /// the same as out of place).
    pub inplace_grad_fn: &'static str,
    /// Parameter names with PyTorch's defaults (`[("alpha", 1.0)]`).
    pub params: &'static [(&'static str, f64)],
    /// One sentence on what the op computes.
    pub doc: &'static str,
    /// Whether PyTorch has it in `torch.nn.functional` only (no `torch.X`, no Tensor method).
    pub functional_only: bool,
    /// What the derivative reads.
    pub wrt: Wrt,
    /// Whether the gradient is divided by the derivative expression rather than multiplied
    /// (PyTorch's form for `log`, `atan`, …: it shows in the grad_fn of a second derivative).
    pub divides: bool,
    /// Whether the gradient is gated rather than multiplied: `0` where the derivative is `0`,
    /// `grad · f'` elsewhere (PyTorch's form for kinks such as `relu`, `hardtanh`,
    /// `hardshrink`: an infinite or NaN gradient gives 0 where the op is flat, not NaN).
    pub gates: bool,
    /// What the op refuses before computing (PyTorch's checks of dtype and parameters).
    pub check: Option<RowCheck>,
    /// Integer inputs.
    pub ints: Ints,
    /// An open interval where the op is smooth, for tests and plots (`(-0.9, 0.9)` for `asin`).
    pub domain: (f64, f64),
    pub(crate) f32: fn(f32, &[f64]) -> f32,
    pub(crate) f64: fn(f64, &[f64]) -> f64,
    /// The fused backward `grad ⊙ f'(saved)` over tensors of one shape (the derivative
    /// inlined into the loop).
    pub(crate) fused32: FusedBackward<f32>,
    pub(crate) fused64: FusedBackward<f64>,
    pub(crate) d_tensor: fn(&Tensor, &[f64]) -> Tensor,
    pub(crate) d_jet: fn(&Jet, &[f64]) -> Jet,
    pub(crate) taylor: Option<fn(&Jet, &[f64]) -> Jet>,
    pub(crate) fast_f32: Option<SliceKernel>,
}

impl std::fmt::Debug for UnaryOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UnaryOp({})", self.name)
    }
}

impl UnaryOp {
    /// The row named `name` (PyTorch's name), if there is one.
    ///
    /// ```
    /// let op = ferrograd::ops::UnaryOp::find("atan").unwrap();
    /// assert_eq!(op.grad_fn, "AtanBackward0");
    /// assert!(ferrograd::ops::UnaryOp::find("nonsense").is_none());
    /// ```
    pub fn find(name: &str) -> Option<&'static UnaryOp> {
        UNARY_OPS.iter().copied().find(|op| op.name == name)
    }

    /// The parameters with PyTorch's defaults.
    ///
    /// ```
    /// let op = ferrograd::ops::UnaryOp::find("leaky_relu").unwrap();
    /// assert_eq!(op.default_params().as_slice(), &[0.01]);
    /// ```
    pub fn default_params(&self) -> Params {
        self.params.iter().map(|p| p.1).collect()
    }

    /// Applies the op to `x` with parameters `p` (as many as [`UnaryOp::params`]), recording
    /// its grad_fn when `x` requires grad.
    ///
    /// ```
    /// use ferrograd::{ops::UnaryOp, DType, Tensor};
    /// let x = Tensor::new_with_dtype([0.5], DType::Float64).requires_grad_(true);
    /// let y = UnaryOp::find("elu").unwrap().apply(&x, &[2.0]).unwrap();
    /// assert_eq!(y.item(), 0.5);
    /// assert_eq!(y.grad_fn().unwrap().name(), "EluBackward0");
    /// ```
    #[track_caller]
    pub fn apply(&'static self, x: &Tensor, p: &[f64]) -> Result<Tensor> {
        if p.len() != self.params.len() {
            return Err(crate::error::type_err(format!(
                "{}() takes {} parameter(s) but {} were given",
                self.name,
                self.params.len(),
                p.len()
            )));
        }
        if let Some(check) = self.check {
            check(x.dtype(), p)?;
        }
        let p: Params = p.iter().copied().collect();
        let out = self.forward(x, &p);
        if !out.dtype().is_floating_point() {
            return Ok(out);
        }
        let dt = out.dtype();
        let (saved, save_out): (&[(&str, &Tensor)], bool) = match self.wrt {
            Wrt::Input => (&[("self", x)], false),
            Wrt::Output => (&[], true),
            Wrt::Zero => (&[], false),
        };
        record(self.grad_fn, out, &[x], saved, save_out, self.rule(p, dt))
    }

    /// The recorded backward rule: `grad · f'(saved)` (or `grad / ...` for dividing rows), fused
    /// when no graph is being created.
    fn rule(
        &'static self,
        p: Params,
        dt: DType,
    ) -> impl Fn(&crate::autograd::BackwardCtx<'_>) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static
    {
        move |c| {
            if self.wrt == Wrt::Zero {
                return Ok(vec![Some(c.grad.zeros_like())]);
            }
            let s = &c.saved[0];
            if let Some(g) = self.fused_backward(c.grad, s, &p, dt) {
                return Ok(vec![Some(g)]);
            }
            let d = (self.d_tensor)(s, &p);
            let g = if self.divides {
                c.grad.try_div(&d)?
            } else if self.gates {
                let flat = d.eq_scalar(0.0);
                Tensor::try_where(&flat, &c.grad.zeros_like(), &c.grad.try_mul(&d)?)?
            } else {
                c.grad.try_mul(&d)?
            };
            Ok(vec![Some(if g.dtype() != dt {
                g.try_to_dtype(dt)?
            } else {
                g
            })])
        }
    }

    /// The in-place form (`x.cos_()`, PyTorch's `torch.cos_` and `F.elu(x, inplace=True)`):
    /// writes `f(x)` into `x` and returns it. Under autograd the tensor's history is rebased
    /// onto a node named [`UnaryOp::inplace_grad_fn`] (the input's old value is saved as a
    /// clone, as PyTorch saves `original_self`); a leaf that requires grad is refused, and an
    /// integer tensor is refused for rows computed in floating point.
    ///
    /// ```
    /// use ferrograd::{ops::UnaryOp, DType, Tensor};
    /// let w = Tensor::new_with_dtype([0.5, 1.0], DType::Float64).requires_grad_(true);
    /// let x = &w * 2.0;
    /// let op = UnaryOp::find("cos").unwrap();
    /// op.apply_(&x, &[]).unwrap();
    /// assert_eq!(x.grad_fn().unwrap().name(), "CosBackward0");
    /// assert_eq!(x.to_vec::<f64>(), vec![1f64.cos(), 2f64.cos()]);
    /// x.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_vec::<f64>(), vec![-2.0 * 1f64.sin(), -2.0 * 2f64.sin()]);
    /// let e = op.apply_(&w, &[]).unwrap_err().to_string();
    /// assert_eq!(e, "a leaf Variable that requires grad is being used in an in-place operation.");
    /// ```
    #[track_caller]
    pub fn apply_<'t>(&'static self, x: &'t Tensor, p: &[f64]) -> Result<&'t Tensor> {
        if p.len() != self.params.len() {
            return Err(crate::error::type_err(format!(
                "{}_() takes {} parameter(s) but {} were given",
                self.name,
                self.params.len(),
                p.len()
            )));
        }
        x.check_inplace()?;
        let dt = x.dtype();
        if let Some(check) = self.check {
            check(dt, p)?;
        }
        if !dt.is_floating_point() && !matches!(self.ints, Ints::Keep(_)) {
            return Err(crate::error::runtime(format!(
                "result type Float can't be cast to the desired output type {}",
                dt.scalar_name()
            )));
        }
        x.check_view_autograd(false)?;
        let p: Params = p.iter().copied().collect();
        let record = crate::is_grad_enabled() && x.requires_grad() && dt.is_floating_point();
        let old = if record && self.wrt == Wrt::Input {
            Some(x.try_clone_op()?)
        } else {
            None
        };
        let out = self.forward(x, &p);
        x.copy_raw(&out)?;
        x.0.counter().bump();
        if record {
            let saved = match (&old, self.wrt) {
                (Some(o), _) => vec![crate::autograd::SavedTensor::input("self", o)],
                (None, Wrt::Output) => vec![crate::autograd::SavedTensor::output(x)],
                _ => vec![],
            };
            let edges = vec![crate::autograd::edge_for(x)];
            crate::autograd::rebase_history(
                x,
                self.inplace_grad_fn,
                edges,
                saved,
                self.rule(p, dt),
            )?;
        }
        Ok(x)
    }

    /// The forward values, no autograd.
    fn forward(&self, x: &Tensor, p: &[f64]) -> Tensor {
        let dt = x.dtype();
        if let (Ints::Keep(fi), false) = (self.ints, dt.is_floating_point()) {
            // integers stay integers; bool computes as int64 and comes back as bool
            let xi = cast_cow(x, DType::Int64);
            let out = Tensor::from_buffer(i64::into_buffer(cpu::map(&xi, fi)), x.dims());
            return if dt == DType::Bool {
                crate::ops::cast_raw(&out, DType::Bool)
            } else {
                out
            };
        }
        let dt = crate::dtype::float_or_default(dt);
        let xc = cast_cow(x, dt);
        let buf = match dt {
            DType::Float64 => {
                let f = self.f64;
                f64::into_buffer(cpu::map(&xc, move |v: f64| f(v, p)))
            }
            _ => {
                let f = self.f32;
                match self.fast_f32 {
                    Some(kernel) if p.is_empty() => {
                        f32::into_buffer(cpu::map_f32_with(&xc, kernel, move |v| f(v, p)))
                    }
                    _ => f32::into_buffer(cpu::map(&xc, move |v: f32| f(v, p))),
                }
            }
        };
        Tensor::from_buffer(buf, x.dims())
    }

    /// `grad · f'(saved)` in one pass, when no graph is being created (the recorded rule gives
    /// the same values and is what `create_graph` runs).
    fn fused_backward(&self, g: &Tensor, s: &Tensor, p: &[f64], dt: DType) -> Option<Tensor> {
        if crate::is_grad_enabled() || crate::autograd::forward_ad::active() {
            return None;
        }
        if g.dtype() != dt || s.dtype() != dt || g.shape() != s.shape() {
            return None;
        }
        let sh = g.shape();
        let buf = match dt {
            DType::Float32 => f32::into_buffer((self.fused32)(g, s, sh, p)),
            DType::Float64 => f64::into_buffer((self.fused64)(g, s, sh, p)),
            _ => return None,
        };
        Some(Tensor::from_buffer(buf, g.dims()))
    }

    /// Taylor mode: the jet of `f(x)`, from the row's closed recurrence if it has one, else by
    /// integrating `y' = f'(x)·x'` term by term.
    ///
    /// ```
    /// use ferrograd::autograd::taylor::derivatives;
    /// let op = ferrograd::ops::UnaryOp::find("exp").unwrap();
    /// let d = derivatives(|x| op.jet(x, &[]), 0.0, 3);
    /// assert!(d.iter().all(|&v| (v - 1.0).abs() < 1e-15));
    /// ```
    pub fn jet(&self, x: &Jet, p: &[f64]) -> Jet {
        if let Some(t) = self.taylor {
            return t(x, p);
        }
        let c = x.coefficients();
        let n = c.len() - 1;
        let mut y = vec![0.0; n + 1];
        y[0] = (self.f64)(c[0], p);
        if n == 0 || self.wrt == Wrt::Zero {
            return Jet::from_coefficients(y);
        }
        // y_k = (1/k) Σ_{j=1..k} j·x_j·w_{k-j}, where w = f'(·) as a series.
        let step = |y: &mut Vec<f64>, w: &[f64], k: usize| {
            let s: f64 = (1..=k).map(|j| j as f64 * c[j] * w[k - j]).sum();
            y[k] = s / k as f64;
        };
        let series = |arg: Jet| {
            let d = (self.d_jet)(&arg, p);
            if self.divides {
                d.full_like(1.0) / d
            } else {
                d
            }
        };
        match self.wrt {
            Wrt::Input => {
                let w = series(Jet::from_coefficients(c[..n].to_vec()));
                for k in 1..=n {
                    step(&mut y, w.coefficients(), k);
                }
            }
            _ => {
                // f' reads the output: each new coefficient needs f' of y up to the one before.
                for k in 1..=n {
                    let w = series(Jet::from_coefficients(y[..k].to_vec()));
                    step(&mut y, w.coefficients(), k);
                }
            }
        }
        Jet::from_coefficients(y)
    }
}

/// A floating element (`f32`, `f64`) as a [`Real`], for the fused kernels: derivatives written
/// once against `Real` compile to plain arithmetic on it.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub(crate) struct Sc<T>(pub(crate) T);

macro_rules! sc_ops {
    ($($tr:ident $m:ident $op:tt),*) => {$(
        impl<T: Float> std::ops::$tr for Sc<T> {
            type Output = Sc<T>;
            #[inline(always)]
            fn $m(self, o: Sc<T>) -> Sc<T> { Sc(self.0 $op o.0) }
        }
        impl<T: Float> std::ops::$tr<f64> for Sc<T> {
            type Output = Sc<T>;
            #[inline(always)]
            fn $m(self, o: f64) -> Sc<T> { Sc(self.0 $op T::from_f64(o)) }
        }
    )*};
}
sc_ops!(Add add +, Sub sub -, Mul mul *, Div div /);

impl<T: Float> std::ops::Neg for Sc<T> {
    type Output = Sc<T>;
    #[inline(always)]
    fn neg(self) -> Sc<T> {
        Sc(-self.0)
    }
}

impl<T: Float> Real for Sc<T> {
    #[inline(always)]
    fn full_like(&self, v: f64) -> Self {
        Sc(T::from_f64(v))
    }
    #[inline(always)]
    fn mask(&self, cmp: Cmp, t: f64) -> Self {
        Sc(if cmp.holds(self.0.to_f64(), t) {
            T::ONE
        } else {
            T::ZERO
        })
    }
    #[inline(always)]
    fn select(&self, cmp: Cmp, t: f64, a: Self, b: Self) -> Self {
        if cmp.holds(self.0.to_f64(), t) {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn where_cmp(&self, cmp: Cmp, other: &Self, a: Self, b: Self) -> Self {
        if cmp.holds(self.0.to_f64(), other.0.to_f64()) {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn unary(&self, op: &'static UnaryOp, p: &[f64]) -> Self {
        Sc(T::unary(op, self.0, p))
    }
    /// The row's own scalar `exp` (in float32 the vectorisable one the forward uses), called
    /// directly so that a fused backward loop over it vectorises.
    #[inline(always)]
    fn exp(&self) -> Self {
        Sc(T::fast_exp(self.0))
    }
    /// `1 / (1 + e^-x)` over the same `exp`.
    #[inline(always)]
    fn sigmoid(&self) -> Self {
        Sc(T::ONE / (T::ONE + T::fast_exp(-self.0)))
    }
    #[inline(always)]
    fn binary(&self, op: &'static BinaryOp, other: &Self) -> Self {
        Sc(T::binary(op, self.0, other.0))
    }
    #[inline(always)]
    fn mul_add(&self, a: &Self, b: &Self) -> Self {
        Sc(self.0.mul_add(a.0, b.0))
    }
    #[inline(always)]
    fn powf(&self, e: f64) -> Self {
        Sc(self.0.powf(T::from_f64(e)))
    }
    #[inline(always)]
    fn hypot(&self, other: &Self) -> Self {
        Sc(self.0.hypot(other.0))
    }
    #[inline(always)]
    fn floor_divide_values(&self, other: &Self) -> Self {
        Sc(crate::ops::floor_divide_value(self.0, other.0))
    }
}

#[cfg(test)]
mod check_tests {
    use super::cpp_default_format as f;

    #[test]
    fn doubles_print_as_cpp_streams_print_them() {
        let cases = [
            (-1.0, "-1"),
            (0.5, "0.5"),
            (1e40, "1e+40"),
            (3.5e38, "3.5e+38"),
            (123456.0, "123456"),
            (1234567.0, "1.23457e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (1.0 / 3.0, "0.333333"),
        ];
        for (v, want) in cases {
            assert_eq!(f(v), want, "{v}");
        }
    }
}

#[cfg(test)]
mod tests;
