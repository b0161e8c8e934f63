//! Taylor mode: all derivatives of a scalar function of one variable at once, by propagating
//! truncated Taylor series ("jets") through the elementwise operations.
//!
//! Nested reverse mode grows the graph with every order; a jet of degree `n` costs `O(n²)` per
//! operation, so `n = 20` is cheap. Write the function once against the [`Real`] trait and
//! evaluate it on a [`Jet`] (for [`derivatives`]) or on a [`Tensor`] (for autograd).

use crate::ops::{BinaryOp, Cmp, UnaryOp};
use crate::Tensor;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Makes the [`Real`] trait from the rows of the op table: one provided method per op.
macro_rules! define_real {
    ($(
        $name:ident ($($p:ident = $pd:literal),*) => $gf:literal { doc: $doc:literal, $($rest:tt)* }
    )*) => {
        /// Numbers a function can be written against once and evaluated as a [`Tensor`]
        /// (autograd), a [`Jet`] (Taylor mode) or a plain float (the fused kernels). Operators
        /// take owned values; constants mix in as `f64`. Every elementwise op of the op table is
        /// a method, with PyTorch's name and parameters.
        ///
        /// ```
        /// use ferrograd::autograd::taylor::{derivatives, Real};
        /// fn f<T: Real>(x: &T) -> T {
        ///     x.sin() * x.exp()
        /// }
        /// let d = derivatives(|x| f(x), 0.0, 3);
        /// assert_eq!(d, vec![0.0, 1.0, 2.0, 2.0]);
        /// let t = f(&ferrograd::Tensor::new(0.0));
        /// assert_eq!(t.item(), 0.0);
        /// ```
        pub trait Real:
            Clone
            + Add<Self, Output = Self>
            + Sub<Self, Output = Self>
            + Mul<Self, Output = Self>
            + Div<Self, Output = Self>
            + Neg<Output = Self>
            + Add<f64, Output = Self>
            + Sub<f64, Output = Self>
            + Mul<f64, Output = Self>
            + Div<f64, Output = Self>
        {
            /// The constant `v` in this one's shape, not differentiated.
            fn full_like(&self, v: f64) -> Self;
            /// 1 where `self cmp t` holds, else 0 (NaN compares false); not differentiated.
            fn mask(&self, cmp: Cmp, t: f64) -> Self;
            /// `a` where `self cmp t` holds, else `b`, elementwise.
            fn select(&self, cmp: Cmp, t: f64, a: Self, b: Self) -> Self;
            /// `a` where `self cmp other` holds, else `b`, elementwise (NaN compares false).
            fn where_cmp(&self, cmp: Cmp, other: &Self, a: Self, b: Self) -> Self;
            /// The op-table row `op` with parameters `p`.
            fn unary(&self, op: &'static UnaryOp, p: &[f64]) -> Self;
            /// The binary op-table row `op` with `other` as its second argument
            /// (`x.binary(BinaryOp::find("atan2").unwrap(), &y)` is `atan2(x, y)`).
            fn binary(&self, op: &'static BinaryOp, other: &Self) -> Self;
            /// `x^p` for a constant exponent.
            fn powf(&self, p: f64) -> Self;
            /// `self * a + b`, rounded once on plain floats (a fused multiply-add, as PyTorch's
            /// kernels are compiled); tensors and jets compute it as written.
            fn mul_add(&self, a: &Self, b: &Self) -> Self {
                self.clone() * a.clone() + b.clone()
            }
            /// `sqrt(self² + other²)` without overflow or underflow of the squares.
            fn hypot(&self, other: &Self) -> Self;
            /// PyTorch's floor division of the values (`self // other`, `self / other` where
            /// `other` is 0), a constant: not differentiated.
            fn floor_divide_values(&self, other: &Self) -> Self;
            /// The natural logarithm (Rust's name for [`Real::log`]).
            fn ln(&self) -> Self {
                self.log()
            }
            /// `ln(1 + x)` (Rust's name for [`Real::log1p`]).
            fn ln_1p(&self) -> Self {
                self.log1p()
            }
            $(
                #[doc = concat!($doc, ".")]
                fn $name(&self $(, $p: f64)*) -> Self {
                    self.unary(&crate::ops::table::unary::$name::OP, &[$($p),*])
                }
            )*
        }
    };
}
crate::for_each_unary_op!(define_real);

impl Real for Tensor {
    fn full_like(&self, v: f64) -> Self {
        Tensor::full_like(self, v)
    }
    fn mask(&self, cmp: Cmp, t: f64) -> Self {
        cmp_tensor(self, cmp, t).to_dtype(self.dtype())
    }
    fn select(&self, cmp: Cmp, t: f64, a: Self, b: Self) -> Self {
        Tensor::where_(&cmp_tensor(self, cmp, t), &a, &b)
    }
    fn where_cmp(&self, cmp: Cmp, other: &Self, a: Self, b: Self) -> Self {
        let c = match cmp {
            Cmp::Gt => self.gt(other),
            Cmp::Ge => self.ge(other),
            Cmp::Lt => self.lt(other),
            Cmp::Le => self.le(other),
            Cmp::Eq => self.eq(other),
        };
        Tensor::where_(&c, &a, &b)
    }
    fn unary(&self, op: &'static UnaryOp, p: &[f64]) -> Self {
        crate::error::unwrap(op.apply(self, p))
    }
    fn binary(&self, op: &'static BinaryOp, other: &Self) -> Self {
        crate::error::unwrap(op.apply(self, other))
    }
    fn powf(&self, p: f64) -> Self {
        self.pow(p)
    }
    fn hypot(&self, other: &Self) -> Self {
        crate::error::unwrap(self.try_hypot(other))
    }
    fn floor_divide_values(&self, other: &Self) -> Self {
        let (a, b) = (self.detach(), other.detach());
        crate::error::unwrap(a.try_div_rounding(&b, crate::ops::RoundingMode::Floor))
    }
}

/// `x cmp t` as a bool tensor.
fn cmp_tensor(x: &Tensor, cmp: Cmp, t: f64) -> Tensor {
    match cmp {
        Cmp::Gt => x.gt_scalar(t),
        Cmp::Ge => x.ge_scalar(t),
        Cmp::Lt => x.lt_scalar(t),
        Cmp::Le => x.le_scalar(t),
        Cmp::Eq => x.eq_scalar(t),
    }
}

/// A truncated Taylor series `Σ cₖ·hᵏ`, `k = 0..=n` (the coefficients are `f⁽ᵏ⁾/k!`).
///
/// ```
/// use ferrograd::autograd::taylor::{Jet, Real};
/// let x = Jet::variable(0.0, 4);
/// assert_eq!(x.exp().coefficients(), &[1.0, 1.0, 0.5, 1.0 / 6.0, 1.0 / 24.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Jet {
    c: Vec<f64>,
}

impl Jet {
    /// The independent variable at `x`, to degree `n`: `x + h`.
    ///
    /// ```
    /// let x = ferrograd::autograd::taylor::Jet::variable(2.0, 3);
    /// assert_eq!(x.coefficients(), &[2.0, 1.0, 0.0, 0.0]);
    /// ```
    pub fn variable(x: f64, n: usize) -> Jet {
        let mut c = vec![0.0; n + 1];
        c[0] = x;
        if n > 0 {
            c[1] = 1.0;
        }
        Jet { c }
    }
    /// A constant to degree `n`.
    ///
    /// ```
    /// assert_eq!(ferrograd::autograd::taylor::Jet::constant(5.0, 1).coefficients(), &[5.0, 0.0]);
    /// ```
    pub fn constant(v: f64, n: usize) -> Jet {
        let mut c = vec![0.0; n + 1];
        c[0] = v;
        Jet { c }
    }
    /// The Taylor coefficients `f⁽ᵏ⁾(x)/k!`.
    ///
    /// ```
    /// let x = ferrograd::autograd::taylor::Jet::variable(1.0, 2);
    /// assert_eq!((x.clone() * x).coefficients(), &[1.0, 2.0, 1.0]);
    /// ```
    pub fn coefficients(&self) -> &[f64] {
        &self.c
    }
    /// The derivatives `f(x), f'(x), ..., f⁽ⁿ⁾(x)`.
    ///
    /// ```
    /// let x = ferrograd::autograd::taylor::Jet::variable(3.0, 2);
    /// assert_eq!((x.clone() * x).derivatives(), vec![9.0, 6.0, 2.0]);
    /// ```
    pub fn derivatives(&self) -> Vec<f64> {
        let mut fact = 1.0;
        self.c
            .iter()
            .enumerate()
            .map(|(k, v)| {
                if k > 0 {
                    fact *= k as f64;
                }
                v * fact
            })
            .collect()
    }
    fn n(&self) -> usize {
        self.c.len() - 1
    }
    /// A jet from its Taylor coefficients `f⁽ᵏ⁾/k!` (at least one).
    ///
    /// ```
    /// let j = ferrograd::autograd::taylor::Jet::from_coefficients(vec![1.0, 2.0]);
    /// assert_eq!(j.derivatives(), vec![1.0, 2.0]);
    /// ```
    pub fn from_coefficients(c: Vec<f64>) -> Jet {
        assert!(!c.is_empty(), "a jet has at least one coefficient");
        Jet { c }
    }
    /// `y` with `y' = w(y)·x'`, where `w` gives the coefficients of `w(y)` up to degree `m` from
    /// those of `y` up to `m`: the recurrence behind exp, tanh and sigmoid.
    fn ode(&self, y0: f64, w: impl Fn(&[f64], usize) -> f64) -> Jet {
        let n = self.n();
        let mut y = vec![0.0; n + 1];
        let mut wv = vec![0.0; n + 1];
        y[0] = y0;
        for k in 1..=n {
            wv[k - 1] = w(&y, k - 1);
            let s: f64 = (1..=k).map(|j| j as f64 * self.c[j] * wv[k - j]).sum();
            y[k] = s / k as f64;
        }
        Jet { c: y }
    }
    fn sin_cos(&self) -> (Jet, Jet) {
        let n = self.n();
        let (mut s, mut c) = (vec![0.0; n + 1], vec![0.0; n + 1]);
        s[0] = self.c[0].sin();
        c[0] = self.c[0].cos();
        for k in 1..=n {
            let (mut ss, mut cc) = (0.0, 0.0);
            for j in 1..=k {
                let ja = j as f64 * self.c[j];
                ss += ja * c[k - j];
                cc += ja * s[k - j];
            }
            s[k] = ss / k as f64;
            c[k] = -cc / k as f64;
        }
        (Jet { c: s }, Jet { c })
    }
}

/// Cauchy product coefficient `k` of `a·b`.
fn conv(a: &[f64], b: &[f64], k: usize) -> f64 {
    (0..=k).map(|j| a[j] * b[k - j]).sum()
}

impl Add for Jet {
    type Output = Jet;
    fn add(self, o: Jet) -> Jet {
        Jet {
            c: self.c.iter().zip(&o.c).map(|(a, b)| a + b).collect(),
        }
    }
}
impl Sub for Jet {
    type Output = Jet;
    fn sub(self, o: Jet) -> Jet {
        Jet {
            c: self.c.iter().zip(&o.c).map(|(a, b)| a - b).collect(),
        }
    }
}
impl Mul for Jet {
    type Output = Jet;
    fn mul(self, o: Jet) -> Jet {
        Jet {
            c: (0..self.c.len()).map(|k| conv(&self.c, &o.c, k)).collect(),
        }
    }
}
impl Div for Jet {
    type Output = Jet;
    fn div(self, o: Jet) -> Jet {
        let n = self.n();
        let mut q = vec![0.0; n + 1];
        for k in 0..=n {
            let s: f64 = (1..=k).map(|j| o.c[j] * q[k - j]).sum();
            q[k] = (self.c[k] - s) / o.c[0];
        }
        Jet { c: q }
    }
}
impl Neg for Jet {
    type Output = Jet;
    fn neg(self) -> Jet {
        Jet {
            c: self.c.iter().map(|a| -a).collect(),
        }
    }
}
impl Add<f64> for Jet {
    type Output = Jet;
    fn add(mut self, v: f64) -> Jet {
        self.c[0] += v;
        self
    }
}
impl Sub<f64> for Jet {
    type Output = Jet;
    fn sub(mut self, v: f64) -> Jet {
        self.c[0] -= v;
        self
    }
}
impl Mul<f64> for Jet {
    type Output = Jet;
    fn mul(self, v: f64) -> Jet {
        Jet {
            c: self.c.iter().map(|a| a * v).collect(),
        }
    }
}
impl Div<f64> for Jet {
    type Output = Jet;
    fn div(self, v: f64) -> Jet {
        Jet {
            c: self.c.iter().map(|a| a / v).collect(),
        }
    }
}

impl Real for Jet {
    fn full_like(&self, v: f64) -> Jet {
        Jet::constant(v, self.n())
    }
    fn mask(&self, cmp: Cmp, t: f64) -> Jet {
        self.full_like(if cmp.holds(self.c[0], t) { 1.0 } else { 0.0 })
    }
    fn select(&self, cmp: Cmp, t: f64, a: Jet, b: Jet) -> Jet {
        if cmp.holds(self.c[0], t) {
            a
        } else {
            b
        }
    }
    fn where_cmp(&self, cmp: Cmp, other: &Jet, a: Jet, b: Jet) -> Jet {
        self.select(cmp, other.c[0], a, b)
    }
    fn unary(&self, op: &'static UnaryOp, p: &[f64]) -> Jet {
        op.jet(self, p)
    }
    fn binary(&self, op: &'static BinaryOp, other: &Jet) -> Jet {
        op.jet(self, other)
    }
    fn powf(&self, p: f64) -> Jet {
        self.powf_jet(p)
    }
    fn hypot(&self, other: &Jet) -> Jet {
        (self.clone() * self.clone() + other.clone() * other.clone()).sqrt()
    }
    fn floor_divide_values(&self, other: &Jet) -> Jet {
        self.full_like(crate::ops::floor_divide_value(self.c[0], other.c[0]))
    }
}

/// The closed recurrences of the op table's rows that have one (`taylor:`).
impl Jet {
    pub(crate) fn exp_jet(&self) -> Jet {
        // y' = y·x'
        self.ode(self.c[0].exp(), |y, m| y[m])
    }
    pub(crate) fn ln_jet(&self) -> Jet {
        let n = self.n();
        let mut l = vec![0.0; n + 1];
        l[0] = self.c[0].ln();
        for k in 1..=n {
            let s: f64 = (1..k).map(|j| j as f64 * l[j] * self.c[k - j]).sum();
            l[k] = (self.c[k] - s / k as f64) / self.c[0];
        }
        Jet { c: l }
    }
    pub(crate) fn ln_1p_jet(&self) -> Jet {
        let mut l = (self.clone() + 1.0).ln_jet();
        l.c[0] = self.c[0].ln_1p();
        l
    }
    pub(crate) fn sin_jet(&self) -> Jet {
        self.sin_cos().0
    }
    pub(crate) fn cos_jet(&self) -> Jet {
        self.sin_cos().1
    }
    pub(crate) fn tan_jet(&self) -> Jet {
        // y' = (1 + y²)·x'
        self.ode(self.c[0].tan(), |y, m| {
            conv(y, y, m) + if m == 0 { 1.0 } else { 0.0 }
        })
    }
    pub(crate) fn tanh_jet(&self) -> Jet {
        // y' = (1 - y²)·x'
        self.ode(
            self.c[0].tanh(),
            |y, m| if m == 0 { 1.0 } else { 0.0 } - conv(y, y, m),
        )
    }
    pub(crate) fn sigmoid_jet(&self) -> Jet {
        // y' = (y - y²)·x'
        let s0 = 1.0 / (1.0 + (-self.c[0]).exp());
        self.ode(s0, |y, m| y[m] - conv(y, y, m))
    }
    pub(crate) fn sqrt_jet(&self) -> Jet {
        let n = self.n();
        let mut r = vec![0.0; n + 1];
        r[0] = self.c[0].sqrt();
        for k in 1..=n {
            let s: f64 = (1..k).map(|j| r[j] * r[k - j]).sum();
            r[k] = (self.c[k] - s) / (2.0 * r[0]);
        }
        Jet { c: r }
    }
    pub(crate) fn powf_jet(&self, p: f64) -> Jet {
        if p == 0.0 {
            return Jet::constant(1.0, self.n());
        }
        if p.fract() == 0.0 && (1.0..=64.0).contains(&p.abs()) {
            // exact at 0 and for negative bases: repeated products
            let mut r = Jet::constant(1.0, self.n());
            let mut b = self.clone();
            let mut e = p.abs() as u64;
            while e > 0 {
                if e & 1 == 1 {
                    r = r * b.clone();
                }
                b = b.clone() * b;
                e >>= 1;
            }
            return if p < 0.0 {
                Jet::constant(1.0, self.n()) / r
            } else {
                r
            };
        }
        // y_k = 1/(k·a₀) Σ_{j=1..k} ((p+1)·j − k)·a_j·y_{k−j}
        let n = self.n();
        let mut y = vec![0.0; n + 1];
        y[0] = self.c[0].powf(p);
        for k in 1..=n {
            let s: f64 = (1..=k)
                .map(|j| ((p + 1.0) * j as f64 - k as f64) * self.c[j] * y[k - j])
                .sum();
            y[k] = s / (k as f64 * self.c[0]);
        }
        Jet { c: y }
    }
}

/// `f(x), f'(x), ..., f⁽ⁿ⁾(x)` for a scalar function of one variable, in one Taylor-mode pass.
///
/// ```
/// use ferrograd::autograd::taylor::{derivatives, Real};
/// // d^k/dx^k e^(2x) at 0 is 2^k
/// let d = derivatives(|x| (x.clone() * 2.0).exp(), 0.0, 20);
/// let want = 2f64.powi(20);
/// assert!((d[20] - want).abs() <= 1e-12 * want, "{} vs {want}", d[20]);
/// ```
pub fn derivatives(f: impl Fn(&Jet) -> Jet, x: f64, n: usize) -> Vec<f64> {
    f(&Jet::variable(x, n)).derivatives()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autograd::{grad_with, GradOptions};
    use crate::DType;

    fn nested(f: impl Fn(&Tensor) -> Tensor, x: f64, n: usize) -> Vec<f64> {
        let xt = Tensor::new_with_dtype(x, DType::Float64).requires_grad_(true);
        let mut y = f(&xt);
        let mut out = vec![y.item()];
        let opts = GradOptions::new().create_graph(true).allow_unused(true);
        for _ in 0..n {
            y = match grad_with(&[y.clone()], std::slice::from_ref(&xt), &opts).unwrap()[0].clone()
            {
                Some(g) => g,
                None => xt.zeros_like(),
            };
            out.push(y.item());
            if !y.requires_grad() {
                // constant from here on
                y = y.detach() + &xt * 0.0;
            }
        }
        out
    }

    fn check<F1: Fn(&Jet) -> Jet, F2: Fn(&Tensor) -> Tensor>(name: &str, fj: F1, ft: F2, x: f64) {
        let a = derivatives(fj, x, 8);
        let b = nested(ft, x, 8);
        for (k, (p, q)) in a.iter().zip(&b).enumerate() {
            assert!(
                (p - q).abs() <= 1e-9 * (1.0 + q.abs()),
                "{name} order {k}: taylor {p} vs nested {q}"
            );
        }
    }

    macro_rules! both {
        ($name:literal, $x:expr, |$v:ident| $body:expr) => {{
            fn f<T: Real>($v: &T) -> T {
                $body
            }
            check($name, |j| f(j), |t| f(t), $x);
        }};
    }

    #[test]
    fn taylor_mode_agrees_with_nested_grad_to_order_8() {
        both!("sin*exp", 0.7, |x| x.sin() * x.exp());
        both!("cos", 0.3, |x| x.cos());
        both!("tan", 0.4, |x| x.tan());
        both!("tanh", -0.6, |x| x.tanh());
        both!("sigmoid", 0.9, |x| x.sigmoid());
        both!("log", 1.7, |x| x.ln());
        both!("log1p", 0.2, |x| x.ln_1p());
        both!("sqrt", 2.3, |x| x.sqrt());
        both!("pow2.5", 1.3, |x| x.powf(2.5));
        both!("pow3 neg base", -1.3, |x| x.powf(3.0));
        both!("pow-2", 0.8, |x| x.powf(-2.0));
        both!("div", 0.5, |x| x.sin() / (x.clone() * x.clone() + 1.0));
        both!("abs", -0.5, |x| x.abs() * x.exp());
        both!("relu", 0.5, |x| x.relu() * x.sin());
        both!("poly", 5.0, |x| x.powf(2.0) + x.powf(3.0));
        both!("composite", 0.25, |x| (x.clone() * 3.0 - 1.0).tanh().exp()
            - x.sqrt() / 2.0);
    }

    #[test]
    fn order_20_is_exact_on_known_series() {
        let d = derivatives(|x| x.sin(), 0.0, 20);
        for (k, v) in d.iter().enumerate() {
            let want = [0.0, 1.0, 0.0, -1.0][k % 4];
            assert!((v - want).abs() < 1e-9, "sin^({k})(0) = {v}");
        }
        let d = derivatives(|x| (Jet::constant(1.0, 20) - x.clone()).powf(-1.0), 0.0, 20);
        let mut fact = 1.0;
        for (k, v) in d.iter().enumerate() {
            if k > 0 {
                fact *= k as f64;
            }
            assert!((v - fact).abs() <= 1e-9 * fact, "1/(1-x) order {k}");
        }
    }
}
