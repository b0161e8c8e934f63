//! The elementwise op table: ferrograd's calculus of one-argument functions on one page.
//!
//! Each row reads:
//!
//! ```text
//! name(param = default, ...) => "GradFnName" {
//!     doc: "what it computes",
//!     py: functional,                        // optional: Python has it in torch.nn.functional
//!                                            // only (no torch.X, no Tensor method)
//!     ints: float | keep(|v: i64| ...),      // integer inputs: to float32, or kept with this fn
//!     domain: (lo, hi),                      // where it is smooth (tests, plots)
//!     f: |x| forward on a float T,           // T: f32 or f64; params are f64 (T::from_f64)
//!     d: input|output|zero  mul|div  |x| f' written against `Real`,
//!     taylor: |x, p| closed recurrence,      // optional: otherwise y' = f'(x)·x' integrated
//!     fast_f32: (slice kernel, scalar fn),   // optional vectorised float32 forward, and the
//!                                            // scalar function it agrees with exactly
//! }
//! ```
//!
//! `d: input mul |x| e` means `grad_input = grad * e(x)` with the input saved; `output` means
//! the derivative is written in the output `y` (saved instead); `div` divides the gradient by
//! `e` (PyTorch's form for `log`, `atan`, …, which shows in the grad_fn of a second
//! derivative); `zero` ops (floor, sign, …) give a zero gradient. Kinks follow PyTorch's
//! choices, NaN included: `select(Cmp::Le, 0.0, a, b)` is `x <= 0 ? a : b`, false for NaN.
//!
//! Rows are read by [`for_each_unary_op`](crate::for_each_unary_op), which hands them to a
//! macro: here to make the ops and `Tensor` methods, in `autograd::taylor` to make the methods
//! of [`Real`](crate::autograd::taylor::Real), and in the Python bindings to make the
//! functions and methods of `torch`.

/// Hands every row of the elementwise op table to the macro `$callback`.
///
/// The rows are the tokens described in the `ops::table::unary` module; a callback that only
/// needs the names, parameters and docs can match each row as
/// `$name:ident ($($p:ident = $pd:literal),*) => $gf:literal { doc: $doc:literal, $($rest:tt)* }`.
///
/// ```
/// macro_rules! names {
///     ($($name:ident ($($p:ident = $pd:literal),*) => $gf:literal { $($rest:tt)* })*) => {
///         [$(stringify!($name)),*]
///     };
/// }
/// let names = ferrograd::for_each_unary_op!(names);
/// assert!(names.contains(&"atan") && names.contains(&"leaky_relu"));
/// assert_eq!(names.len(), ferrograd::ops::UNARY_OPS.len());
/// ```
#[macro_export]
macro_rules! for_each_unary_op {
    ($callback:ident) => {
        $callback! {
            exp() => "ExpBackward0" {
                doc: "The exponential `e^x`",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.exp(),
                d: output mul |y| y,
                taylor: |x, _p| x.exp_jet(),
                fast_f32: ($crate::kernels::cpu::exp_slice_f32, $crate::kernels::cpu::exp_f32),
            }
            log() => "LogBackward0" {
                doc: "The natural logarithm",
                ints: float, domain: (0.2, 3.0),
                f: |x| x.ln(),
                d: input div |x| x,
                taylor: |x, _p| x.ln_jet(),
            }
            log1p() => "Log1PBackward0" {
                doc: "`ln(1 + x)`, accurate for small `x`",
                ints: float, domain: (-0.5, 3.0),
                f: |x| x.ln_1p(),
                d: input div |x| x + 1.0,
                taylor: |x, _p| x.ln_1p_jet(),
            }
            log2() => "Log2Backward0" {
                doc: "The base-2 logarithm",
                ints: float, domain: (0.2, 3.0),
                f: |x| x.log2(),
                d: input div |x| x * std::f64::consts::LN_2,
            }
            log10() => "Log10Backward0" {
                doc: "The base-10 logarithm",
                ints: float, domain: (0.2, 3.0),
                f: |x| x.log10(),
                d: input div |x| x * std::f64::consts::LN_10,
            }
            expm1() => "Expm1Backward0" {
                doc: "`e^x - 1`, accurate for small `x`",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.exp_m1(),
                d: output mul |y| y + 1.0,
            }
            exp2() => "Exp2Backward0" {
                doc: "The base-2 exponential `2^x`",
                ints: float, domain: (-2.0, 2.0),
                f: |x| T::from_f64(2.0).powf(x),
                d: output mul |y| y * std::f64::consts::LN_2,
            }
            sqrt() => "SqrtBackward0" {
                doc: "The square root",
                ints: float, domain: (0.2, 3.0),
                f: |x| x.sqrt(),
                d: output div |y| y * 2.0,
                taylor: |x, _p| x.sqrt_jet(),
            }
            rsqrt() => "RsqrtBackward0" {
                doc: "The reciprocal of the square root, `1 / sqrt(x)`",
                ints: float, domain: (0.2, 3.0),
                f: |x| T::ONE / x.sqrt(),
                d: output mul |y| y.powf(3.0) * -0.5,
            }
            reciprocal() => "ReciprocalBackward0" {
                doc: "The reciprocal `1 / x`",
                ints: float, domain: (0.3, 3.0),
                f: |x| T::ONE / x,
                d: output mul |y| -(y.clone() * y),
            }
            square() => "PowBackward0" {
                doc: "The square `x * x` (recorded as `pow(x, 2)`, as in PyTorch)",
                ints: keep(|v: i64| v.wrapping_mul(v)), domain: (-2.0, 2.0),
                f: |x| x * x,
                d: input mul |x| x * 2.0,
            }
            sin() => "SinBackward0" {
                doc: "The sine",
                ints: float, domain: (-3.0, 3.0),
                f: |x| x.sin(),
                d: input mul |x| x.cos(),
                taylor: |x, _p| x.sin_jet(),
            }
            cos() => "CosBackward0" {
                doc: "The cosine",
                ints: float, domain: (-3.0, 3.0),
                f: |x| x.cos(),
                d: input mul |x| -x.sin(),
                taylor: |x, _p| x.cos_jet(),
            }
            tan() => "TanBackward0" {
                doc: "The tangent",
                ints: float, domain: (-1.2, 1.2),
                f: |x| x.tan(),
                d: output mul |y| y.clone() * y + 1.0,
                taylor: |x, _p| x.tan_jet(),
            }
            asin() => "AsinBackward0" {
                doc: "The arcsine",
                ints: float, domain: (-0.9, 0.9),
                f: |x| x.asin(),
                d: input mul |x| (-(x.clone() * x) + 1.0).rsqrt(),
            }
            acos() => "AcosBackward0" {
                doc: "The arccosine",
                ints: float, domain: (-0.9, 0.9),
                f: |x| x.acos(),
                d: input mul |x| -(-(x.clone() * x) + 1.0).rsqrt(),
            }
            atan() => "AtanBackward0" {
                doc: "The arctangent",
                ints: float, domain: (-3.0, 3.0),
                f: |x| x.atan(),
                d: input div |x| x.clone() * x + 1.0,
            }
            sinh() => "SinhBackward0" {
                doc: "The hyperbolic sine",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.sinh(),
                d: input mul |x| x.cosh(),
            }
            cosh() => "CoshBackward0" {
                doc: "The hyperbolic cosine",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.cosh(),
                d: input mul |x| x.sinh(),
            }
            tanh() => "TanhBackward0" {
                doc: "The hyperbolic tangent",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.tanh(),
                d: output mul |y| -(y.clone() * y) + 1.0,
                taylor: |x, _p| x.tanh_jet(),
                fast_f32: ($crate::kernels::cpu::tanh_slice_f32, $crate::kernels::cpu::tanh_f32),
            }
            asinh() => "AsinhBackward0" {
                doc: "The inverse hyperbolic sine",
                inplace: "AsinhBackward1",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.asinh(),
                d: input mul |x| (x.clone() * x + 1.0).rsqrt(),
            }
            acosh() => "AcoshBackward0" {
                doc: "The inverse hyperbolic cosine",
                inplace: "AcoshBackward1",
                ints: float, domain: (1.2, 3.0),
                f: |x| x.acosh(),
                d: input mul |x| (x.clone() * x - 1.0).rsqrt(),
            }
            atanh() => "AtanhBackward0" {
                doc: "The inverse hyperbolic tangent",
                inplace: "AtanhBackward1",
                ints: float, domain: (-0.9, 0.9),
                f: |x| x.atanh(),
                d: input div |x| -(x.clone() * x) + 1.0,
            }
            sigmoid() => "SigmoidBackward0" {
                doc: "The logistic sigmoid `1 / (1 + e^-x)`",
                ints: float, domain: (-3.0, 3.0),
                f: |x| T::ONE / (T::ONE + (-x).exp()),
                d: output mul |y| y.clone() * (-y + 1.0),
                taylor: |x, _p| x.sigmoid_jet(),
            }
            logsigmoid() => "LogSigmoidBackward0" {
                doc: "`log(sigmoid(x))`, computed without overflow",
                py: functional,
                ints: float, domain: (-3.0, 3.0),
                f: |x| {
                    let m = if x < T::ZERO { x } else { T::ZERO };
                    m - (-x.abs()).exp().ln_1p()
                },
                d: input mul |x| (-x).sigmoid(),
            }
            erf() => "ErfBackward0" {
                doc: "The error function",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.erf(),
                d: input mul |x| (-(x.clone() * x)).exp() * std::f64::consts::FRAC_2_SQRT_PI,
            }
            erfc() => "ErfcBackward0" {
                doc: "The complementary error function `1 - erf(x)`",
                ints: float, domain: (-2.0, 2.0),
                f: |x| x.erfc(),
                d: input mul |x| (-(x.clone() * x)).exp() * -std::f64::consts::FRAC_2_SQRT_PI,
            }
            erfinv() => "ErfinvBackward0" {
                doc: "The inverse of the error function",
                ints: float, domain: (-0.9, 0.9),
                f: |x| x.erfinv(),
                d: output mul |y| (y.clone() * y).exp() * (0.5 * std::f64::consts::PI.sqrt()),
            }
            sinc() => "SincBackward0" {
                doc: "The normalized sinc function `sin(pi x) / (pi x)` (1 at 0)",
                ints: float, domain: (0.2, 2.5),
                f: |x| {
                    if x == T::ZERO {
                        T::ONE
                    } else {
                        let px = x * T::from_f64(std::f64::consts::PI);
                        px.sin() / px
                    }
                },
                d: input mul |x| {
                    // PyTorch's form: 0 where `pi x²` is 0 (also where it underflows)
                    let px = x.clone() * std::f64::consts::PI;
                    let den = px.clone() * x.clone();
                    let v = (px.clone() * px.cos() - px.sin()) / den.clone();
                    den.select($crate::ops::Cmp::Eq, 0.0, x.full_like(0.0), v)
                },
            }
            abs() => "AbsBackward0" {
                doc: "The absolute value (the gradient at 0 is 0)",
                ints: keep(|v: i64| v.wrapping_abs()), domain: (0.2, 3.0),
                f: |x| x.abs(),
                d: input mul |x| x.sign(),
            }
            sign() => "SignBackward0" {
                doc: "The sign: -1, 0 or 1 (the gradient is 0)",
                ints: keep(|v: i64| v.signum()), domain: (0.2, 3.0),
                f: |x| if x > T::ZERO { T::ONE } else if x < T::ZERO { -T::ONE } else { T::ZERO },
                d: zero mul |x| x.full_like(0.0),
            }
            floor() => "FloorBackward0" {
                doc: "The largest integer not greater than `x` (the gradient is 0)",
                ints: keep(|v: i64| v), domain: (0.2, 0.8),
                f: |x| x.floor(),
                d: zero mul |x| x.full_like(0.0),
            }
            ceil() => "CeilBackward0" {
                doc: "The smallest integer not less than `x` (the gradient is 0)",
                ints: keep(|v: i64| v), domain: (0.2, 0.8),
                f: |x| x.ceil(),
                d: zero mul |x| x.full_like(0.0),
            }
            round() => "RoundBackward0" {
                doc: "The nearest integer, halves to even (the gradient is 0)",
                ints: keep(|v: i64| v), domain: (0.1, 0.4),
                f: |x| x.round_even(),
                d: zero mul |x| x.full_like(0.0),
            }
            trunc() => "TruncBackward0" {
                doc: "The integer part, rounded toward zero (the gradient is 0)",
                ints: keep(|v: i64| v), domain: (0.2, 0.8),
                f: |x| x.trunc(),
                d: zero mul |x| x.full_like(0.0),
            }
            frac() => "FracBackward0" {
                doc: "The fractional part `x - trunc(x)`",
                ints: float, domain: (0.2, 0.8),
                f: |x| x - x.trunc(),
                d: input mul |x| x.full_like(1.0),
            }
            relu() => "ReluBackward0" {
                doc: "The rectified linear unit `max(x, 0)` (the gradient at 0 is 0; NaN and -0 pass through)",
                ints: keep(|v: i64| v.max(0)), domain: (0.2, 3.0),
                f: |x| if x < T::ZERO { T::ZERO } else { x },
                d: output gate |y| y.select($crate::ops::Cmp::Le, 0.0, y.full_like(0.0), y.full_like(1.0)),
                fast_f32: ($crate::kernels::cpu::relu_slice_f32, $crate::kernels::cpu::relu_f32),
            }
            leaky_relu(negative_slope = 0.01) => "LeakyReluBackward0" {
                doc: "`x` for positive `x`, else `negative_slope * x`",
                py: functional,
                inplace: "LeakyReluBackward1",
                ints: float, domain: (0.2, 3.0),
                f: |x| if x > T::ZERO { x } else { x * T::from_f64(negative_slope) },
                d: input mul |x| x.select($crate::ops::Cmp::Gt, 0.0, x.full_like(1.0), x.full_like(negative_slope)),
            }
            hardtanh(min_val = -1.0, max_val = 1.0) => "HardtanhBackward0" {
                doc: "`x` clamped to `[min_val, max_val]` (the gradient is 0 at and beyond the bounds)",
                py: functional,
                ints: float, domain: (-0.8, 0.8),
                f: |x| {
                    if x < T::from_f64(min_val) {
                        T::from_f64(min_val)
                    } else if x > T::from_f64(max_val) {
                        T::from_f64(max_val)
                    } else {
                        x
                    }
                },
                d: input gate |x| -(x.mask($crate::ops::Cmp::Le, min_val) + x.mask($crate::ops::Cmp::Ge, max_val)) + 1.0,
            }
            hardshrink(lambd = 0.5) => "HardshrinkBackward0" {
                doc: "`x` where `|x| > lambd`, else 0 (NaN passes through)",
                check: |dt, _| $crate::ops::table::floats_only(dt, "hardshrink_cpu"),
                ints: float, domain: (0.6, 3.0),
                f: |x| {
                    if x >= T::from_f64(-lambd) && x <= T::from_f64(lambd) {
                        T::ZERO
                    } else {
                        x
                    }
                },
                d: input gate |x| -(x.mask($crate::ops::Cmp::Ge, -lambd) * x.mask($crate::ops::Cmp::Le, lambd)) + 1.0,
            }
            softshrink(lambd = 0.5) => "SoftshrinkBackward0" {
                doc: "`x - lambd` above `lambd`, `x + lambd` below `-lambd`, else 0 (`x * 0`, keeping NaN and the sign of zero)",
                py: functional,
                check: |dt, p| {
                    $crate::ops::table::floats_only(dt, "softshrink_check")?;
                    $crate::ops::table::lambda_in_range(dt, p[0])
                },
                ints: float, domain: (0.6, 3.0),
                f: |x| {
                    if x > T::from_f64(lambd) {
                        x - T::from_f64(lambd)
                    } else if x < T::from_f64(-lambd) {
                        x + T::from_f64(lambd)
                    } else {
                        x * T::ZERO
                    }
                },
                d: input gate |x| -(x.mask($crate::ops::Cmp::Ge, -lambd) * x.mask($crate::ops::Cmp::Le, lambd)) + 1.0,
            }
            hardsigmoid() => "HardsigmoidBackward0" {
                doc: "`relu6(x + 3) / 6`: 0 below -3, 1 above 3, linear between",
                py: functional,
                ints: float, domain: (-2.0, 2.0),
                f: |x| {
                    let r = x + T::from_f64(3.0);
                    let r = if r < T::ZERO { T::ZERO } else if r > T::from_f64(6.0) { T::from_f64(6.0) } else { r };
                    r / T::from_f64(6.0)
                },
                // PyTorch's kernel scales by the float32 1/6, in float64 too
                d: input gate |x| (x.mask($crate::ops::Cmp::Gt, -3.0) * x.mask($crate::ops::Cmp::Lt, 3.0))
                    * f64::from(1.0f32 / 6.0f32),
            }
            hardswish() => "HardswishBackward0" {
                doc: "`x * relu6(x + 3) / 6`: 0 below -3, `x` above 3, quadratic between",
                py: functional,
                ints: float, domain: (-2.5, 2.5),
                f: |x| {
                    let r = x + T::from_f64(3.0);
                    let r = if r < T::ZERO { T::ZERO } else if r > T::from_f64(6.0) { T::from_f64(6.0) } else { r };
                    x * r / T::from_f64(6.0)
                },
                // 0 at and below -3, 1 at and above 3 (and for NaN), x/3 + 1/2 between
                d: input gate |x| x.select(
                    $crate::ops::Cmp::Le,
                    -3.0,
                    x.full_like(0.0),
                    x.select($crate::ops::Cmp::Lt, 3.0, x.clone() / 3.0 + 0.5, x.full_like(1.0)),
                ),
            }
            elu(alpha = 1.0) => "EluBackward0" {
                doc: "`x` for positive `x`, else `alpha * (e^x - 1)`",
                py: functional,
                inplace: "EluBackward1",
                ints: float, domain: (0.2, 3.0),
                f: |x| if x <= T::ZERO { x.exp_m1() * T::from_f64(alpha) } else { x },
                d: input mul |x| x.select($crate::ops::Cmp::Le, 0.0, x.exp() * alpha, x.full_like(1.0)),
            }
            selu() => "EluBackward0" {
                doc: "`scale * elu(x, alpha)` with PyTorch's self-normalising constants",
                inplace: "EluBackward1",
                ints: float, domain: (0.2, 3.0),
                f: |x| {
                    let (a, s) = (T::from_f64($crate::ops::SELU_ALPHA), T::from_f64($crate::ops::SELU_SCALE));
                    if x <= T::ZERO { x.exp_m1() * (a * s) } else { x * s }
                },
                d: input mul |x| x.select(
                    $crate::ops::Cmp::Le,
                    0.0,
                    x.exp() * ($crate::ops::SELU_ALPHA * $crate::ops::SELU_SCALE),
                    x.full_like($crate::ops::SELU_SCALE),
                ),
            }
            celu(alpha = 1.0) => "CeluBackward0" {
                doc: "`x` for positive `x`, else `alpha * (e^(x / alpha) - 1)`",
                inplace: "CeluBackward1",
                ints: float, domain: (0.2, 3.0),
                f: |x| {
                    let a = T::from_f64(alpha);
                    if x <= T::ZERO { (x / a).exp_m1() * a } else { x }
                },
                d: input mul |x| x.select($crate::ops::Cmp::Le, 0.0, (x.clone() / alpha).exp(), x.full_like(1.0)),
            }
            softplus(beta = 1.0, threshold = 20.0) => "SoftplusBackward0" {
                doc: "`log(1 + e^(beta x)) / beta`, and `x` where `beta x > threshold`",
                py: functional,
                ints: float, domain: (-3.0, 3.0),
                f: |x| {
                    let bx = x * T::from_f64(beta);
                    if bx > T::from_f64(threshold) { x } else { bx.exp().ln_1p() / T::from_f64(beta) }
                },
                d: input mul |x| {
                    let bx = x * beta;
                    bx.select($crate::ops::Cmp::Gt, threshold, bx.full_like(1.0), bx.sigmoid())
                },
            }
            silu() => "SiluBackward0" {
                doc: "`x * sigmoid(x)` (also called swish)",
                py: functional,
                ints: float, domain: (-3.0, 3.0),
                f: |x| x / (T::ONE + (-x).exp()),
                d: input mul |x| {
                    let s = x.sigmoid();
                    s.clone() * (x * (-s + 1.0) + 1.0)
                },
            }
            mish() => "MishBackward0" {
                doc: "`x * tanh(softplus(x))`",
                py: functional,
                ints: float, domain: (-3.0, 3.0),
                f: |x| {
                    let sp = if x > T::from_f64(20.0) { x } else { x.exp().ln_1p() };
                    x * sp.tanh()
                },
                d: input mul |x| {
                    let t = x.softplus(1.0, 20.0).tanh();
                    // the row's sigmoid (a loop over the fused backward's inlined one ran slower)
                    let s = x.unary(&$crate::ops::table::unary::sigmoid::OP, &[]);
                    t.clone() + x.clone() * s * (-(t.clone() * t) + 1.0)
                },
            }
            gelu() => "GeluBackward0" {
                doc: "The Gaussian error linear unit `x * Φ(x)` (`approximate='none'`)",
                py: functional,
                ints: float, domain: (-3.0, 3.0),
                f: |x| x * T::from_f64(0.5) * (T::ONE + (x * T::from_f64(std::f64::consts::FRAC_1_SQRT_2)).erf()),
                d: input mul |x| {
                    let cdf = ((x.clone() * std::f64::consts::FRAC_1_SQRT_2).erf() + 1.0) * 0.5;
                    let pdf = (x.clone() * x.clone() * -0.5).exp() * (0.5 * std::f64::consts::FRAC_2_SQRT_PI * std::f64::consts::FRAC_1_SQRT_2);
                    cdf + x * pdf
                },
            }
            gelu_tanh() => "GeluBackward0" {
                doc: "The tanh approximation of GELU (`approximate='tanh'`)",
                py: functional,
                ints: float, domain: (-3.0, 3.0),
                f: |x| {
                    let k = T::from_f64(std::f64::consts::FRAC_2_SQRT_PI * std::f64::consts::FRAC_1_SQRT_2);
                    let inner = k * (x + T::from_f64(0.044715) * x * x * x);
                    T::from_f64(0.5) * x * (T::ONE + inner.tanh())
                },
                d: input mul |x| {
                    let k = std::f64::consts::FRAC_2_SQRT_PI * std::f64::consts::FRAC_1_SQRT_2;
                    // PyTorch's order of operations (1 - tanh² cancels near |x| = 3)
                    let x2 = x.clone() * x.clone();
                    let x3 = x2.clone() * x.clone();
                    let t = ((x.clone() + x3 * 0.044715) * k).tanh();
                    let left = x * 0.5;
                    let left_d = (t.clone() + 1.0) * 0.5;
                    let right_d = left * (-t.clone()).mul_add(&t, &t.full_like(1.0));
                    let inner_d = (x2 * (3.0 * 0.044715) + 1.0) * k;
                    left_d + right_d * inner_d
                },
            }
        }
    };
}

use super::{Ints, Sc, UnaryOp, Wrt};
use crate::autograd::taylor::Real;
use crate::error::{unwrap, Result};
use crate::ops::Float;
use crate::Tensor;

/// The `d:` part of a row: `(what f' reads, whether the gradient is divided by it)`.
macro_rules! wrt {
    (input) => {
        Wrt::Input
    };
    (output) => {
        Wrt::Output
    };
    (zero) => {
        Wrt::Zero
    };
}
macro_rules! divides {
    (mul) => {
        false
    };
    (div) => {
        true
    };
    (gate) => {
        false
    };
}
/// A gradient `g` combined with the derivative `d`, as the row's `d:` form says.
macro_rules! combine {
    (mul, $g:expr, $d:expr) => {
        $g * $d
    };
    (div, $g:expr, $d:expr) => {
        $g / $d
    };
    (gate, $g:expr, $d:expr) => {
        $crate::ops::table::gate($g, $d)
    };
}
macro_rules! gates {
    (gate) => {
        true
    };
    ($other:ident) => {
        false
    };
}
macro_rules! ints {
    (float) => {
        Ints::ToFloat
    };
    (keep($f:expr)) => {
        Ints::Keep($f)
    };
}

/// `py: functional` in a row.
macro_rules! py_functional {
    (functional) => {
        true
    };
}

/// The first of its arguments (an optional field's value, else the default).
macro_rules! first {
    ($a:expr $(, $rest:expr)*) => {
        $a
    };
}

/// Makes, from the rows: one module per op holding its [`UnaryOp`], the list [`UNARY_OPS`], and
/// the `Tensor` methods.
macro_rules! define_unary_ops {
    ($(
        $name:ident ($($p:ident = $pd:literal),*) => $gf:literal {
            doc: $doc:literal,
            $(py: $py:ident,)?
            $(inplace: $ig:literal,)?
            $(check: $check:expr,)?
            ints: $ints:ident $(($ik:expr))?, domain: ($lo:literal, $hi:literal),
            f: |$x:ident| $f:expr,
            d: $wrt:ident $how:ident |$dx:ident| $d:expr,
            $(taylor: $taylor:expr,)?
            $(fast_f32: ($kernel:expr, $scalar:expr),)?
        }
    )*) => {
        $(
            #[doc(hidden)]
            #[allow(non_snake_case, clippy::module_inception)]
            pub mod $name {
                use super::*;

                #[allow(unused_variables, unused_mut, unused_assignments, clippy::eq_op)]
                #[inline(always)]
                fn f<T: Float>($x: T, p: &[f64]) -> T {
                    let mut _k = 0;
                    $(let $p: f64 = p[_k]; _k += 1;)*
                    $f
                }

                #[allow(unused_variables, unused_mut, unused_assignments, clippy::redundant_clone)]
                #[inline(always)]
                fn d<R: Real>($dx: R, p: &[f64]) -> R {
                    let mut _k = 0;
                    $(let $p: f64 = p[_k]; _k += 1;)*
                    $d
                }

                /// The fused backward: the derivative inlined into the loop (parameters
                /// read once), so that the compiler can vectorise it.
                #[allow(unused_variables, unused_mut, unused_assignments, clippy::redundant_clone)]
                fn fused<T: Float + $crate::tensor::Element>(
                    g: &Tensor,
                    s: &Tensor,
                    sh: &[usize],
                    p: &[f64],
                ) -> $crate::tensor::Data<T> {
                    let mut _k = 0;
                    $(let $p: f64 = p[_k]; _k += 1;)*
                    $crate::kernels::cpu::zip(g, s, sh, move |g: T, x: T| {
                        let $dx = Sc(x);
                        let dv: Sc<T> = $d;
                        combine!($how, g, dv.0)
                    })
                }

                /// The row.
                pub static OP: UnaryOp = UnaryOp {
                    name: stringify!($name),
                    grad_fn: $gf,
                    inplace_grad_fn: first!($($ig,)? $gf),
                    params: &[$((stringify!($p), $pd)),*],
                    doc: $doc,
                    functional_only: first!($(py_functional!($py),)? false),
                    wrt: wrt!($wrt),
                    divides: divides!($how),
                    gates: gates!($how),
                    check: first!($(Some($check),)? None),
                    ints: ints!($ints $(($ik))?),
                    domain: ($lo, $hi),
                    f32: first!($(|x: f32, _p: &[f64]| $scalar(x),)? f::<f32>),
                    f64: f::<f64>,
                    fused32: fused::<f32>,
                    fused64: fused::<f64>,
                    d_tensor: |x, p| d(x.clone(), p),
                    d_jet: |x, p| d(x.clone(), p),
                    taylor: first!($(Some($taylor),)? None),
                    fast_f32: first!($(Some($kernel),)? None),
                };
            }
        )*

        /// Every row of the elementwise op table, in table order:
        #[doc = concat!($("`", stringify!($name), "` "),*)]
        pub static UNARY_OPS: &[&UnaryOp] = &[$(&$name::OP),*];

        pastey::paste! {
            impl Tensor {
                $(
                    #[doc = concat!($doc, ", elementwise (`", $gf, "`).")]
                    ///
                    /// ```
                    /// use ferrograd::{DType, Tensor};
                    #[doc = concat!("let x = Tensor::new_with_dtype([", stringify!($lo), " * 0.5 + ", stringify!($hi), " * 0.5], DType::Float64).requires_grad_(true);")]
                    #[doc = concat!("let y = x.try_", stringify!($name), "(", $(stringify!($pd), ", ",)* ").unwrap();")]
                    #[doc = concat!("assert_eq!(y.grad_fn().unwrap().name(), \"", $gf, "\");")]
                    /// y.sum().backward();
                    /// assert_eq!(x.grad().unwrap().shape(), &[1]);
                    /// ```
                    #[track_caller]
                    pub fn [<try_ $name>](&self $(, $p: f64)*) -> Result<Tensor> {
                        $name::OP.apply(self, &[$($p),*])
                    }

                    #[doc = concat!("Panicking form of [`Tensor::try_", stringify!($name), "`].")]
                    ///
                    /// ```
                    #[doc = concat!("let y = ferrograd::Tensor::new([", stringify!($lo), ", ", stringify!($hi), "]).", stringify!($name), "(", $(stringify!($pd), ", ",)* ");")]
                    /// assert_eq!(y.shape(), &[2]);
                    /// ```
                    #[track_caller]
                    pub fn $name(&self $(, $p: f64)*) -> Tensor {
                        unwrap(self.[<try_ $name>]($($p),*))
                    }

                    #[doc = concat!("In-place [`Tensor::try_", stringify!($name), "`] (`", stringify!($name), "_`): writes the result into this tensor and records `", first!($($ig,)? $gf), "` (see [`UnaryOp::apply_`](crate::ops::UnaryOp::apply_)).")]
                    ///
                    /// ```
                    /// use ferrograd::{DType, Tensor};
                    #[doc = concat!("let w = Tensor::new_with_dtype([", stringify!($lo), " * 0.5 + ", stringify!($hi), " * 0.5], DType::Float64).requires_grad_(true);")]
                    /// let x = &w * 1.0;
                    #[doc = concat!("x.try_", stringify!($name), "_(", $(stringify!($pd), ", ",)* ").unwrap();")]
                    #[doc = concat!("assert_eq!(x.grad_fn().unwrap().name(), \"", first!($($ig,)? $gf), "\");")]
                    #[doc = concat!("assert_eq!(x.to_vec::<f64>(), w.", stringify!($name), "(", $(stringify!($pd), ", ",)* ").to_vec::<f64>());")]
                    /// ```
                    #[track_caller]
                    pub fn [<try_ $name _>](&self $(, $p: f64)*) -> Result<&Tensor> {
                        $name::OP.apply_(self, &[$($p),*])
                    }

                    #[doc = concat!("Panicking form of [`Tensor::try_", stringify!($name), "_`].")]
                    ///
                    /// ```
                    #[doc = concat!("let x = ferrograd::Tensor::new([", stringify!($lo), ", ", stringify!($hi), "]);")]
                    #[doc = concat!("let y = x.", stringify!($name), "(", $(stringify!($pd), ", ",)* ");")]
                    #[doc = concat!("x.", stringify!($name), "_(", $(stringify!($pd), ", ",)* ");")]
                    /// assert_eq!(x.to_vec::<f32>(), y.to_vec::<f32>());
                    /// ```
                    #[track_caller]
                    pub fn [<$name _>](&self $(, $p: f64)*) -> &Tensor {
                        unwrap(self.[<try_ $name _>]($($p),*))
                    }
                )*
            }
        }
    };
}

for_each_unary_op!(define_unary_ops);
