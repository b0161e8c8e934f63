//! Taylor mode: all derivatives of a scalar function of one variable at once, by propagating
//! truncated Taylor series ("jets") through the elementwise operations.
//!
//! Nested reverse mode grows the graph with every order; a jet of degree `n` costs `O(n²)` per
//! operation, so `n = 20` is cheap. Write the function once against the [`Real`] trait and
//! evaluate it on a [`Jet`] (for [`derivatives`]) or on a [`Tensor`] (for autograd).

use crate::Tensor;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Numbers a function can be written against once and evaluated as a [`Tensor`] (autograd) or a
/// [`Jet`] (Taylor mode). Operators take owned values; constants mix in as `f64`.
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
    /// `e^x`.
    fn exp(&self) -> Self;
    /// Natural logarithm.
    fn ln(&self) -> Self;
    /// `ln(1 + x)`.
    fn ln_1p(&self) -> Self;
    /// Sine.
    fn sin(&self) -> Self;
    /// Cosine.
    fn cos(&self) -> Self;
    /// Tangent.
    fn tan(&self) -> Self;
    /// Hyperbolic tangent.
    fn tanh(&self) -> Self;
    /// Logistic sigmoid.
    fn sigmoid(&self) -> Self;
    /// Square root.
    fn sqrt(&self) -> Self;
    /// `|x|`.
    fn abs(&self) -> Self;
    /// `max(x, 0)`.
    fn relu(&self) -> Self;
    /// `x^p` for a constant exponent.
    fn powf(&self, p: f64) -> Self;
}

macro_rules! real_for_tensor {
    ($($m:ident => $op:ident),*) => {
        impl Real for Tensor {
            $(fn $m(&self) -> Self { Tensor::$op(self) })*
            fn powf(&self, p: f64) -> Self {
                self.pow(p)
            }
        }
    };
}
real_for_tensor!(exp => exp, ln => log, ln_1p => log1p, sin => sin, cos => cos, tan => tan,
    tanh => tanh, sigmoid => sigmoid, sqrt => sqrt, abs => abs, relu => relu);

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
    fn map0(&self, f: impl Fn(f64) -> f64) -> Jet {
        let mut c = vec![0.0; self.c.len()];
        c[0] = f(self.c[0]);
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
    fn exp(&self) -> Jet {
        // y' = y·x'
        self.ode(self.c[0].exp(), |y, m| y[m])
    }
    fn ln(&self) -> Jet {
        let n = self.n();
        let mut l = vec![0.0; n + 1];
        l[0] = self.c[0].ln();
        for k in 1..=n {
            let s: f64 = (1..k).map(|j| j as f64 * l[j] * self.c[k - j]).sum();
            l[k] = (self.c[k] - s / k as f64) / self.c[0];
        }
        Jet { c: l }
    }
    fn ln_1p(&self) -> Jet {
        let mut l = (self.clone() + 1.0).ln();
        l.c[0] = self.c[0].ln_1p();
        l
    }
    fn sin(&self) -> Jet {
        self.sin_cos().0
    }
    fn cos(&self) -> Jet {
        self.sin_cos().1
    }
    fn tan(&self) -> Jet {
        // y' = (1 + y²)·x'
        self.ode(self.c[0].tan(), |y, m| {
            conv(y, y, m) + if m == 0 { 1.0 } else { 0.0 }
        })
    }
    fn tanh(&self) -> Jet {
        // y' = (1 - y²)·x'
        self.ode(
            self.c[0].tanh(),
            |y, m| if m == 0 { 1.0 } else { 0.0 } - conv(y, y, m),
        )
    }
    fn sigmoid(&self) -> Jet {
        // y' = (y - y²)·x'
        let s0 = 1.0 / (1.0 + (-self.c[0]).exp());
        self.ode(s0, |y, m| y[m] - conv(y, y, m))
    }
    fn sqrt(&self) -> Jet {
        let n = self.n();
        let mut r = vec![0.0; n + 1];
        r[0] = self.c[0].sqrt();
        for k in 1..=n {
            let s: f64 = (1..k).map(|j| r[j] * r[k - j]).sum();
            r[k] = (self.c[k] - s) / (2.0 * r[0]);
        }
        Jet { c: r }
    }
    fn abs(&self) -> Jet {
        if self.c[0] < 0.0 {
            -self.clone()
        } else if self.c[0] > 0.0 {
            self.clone()
        } else {
            // the derivative at a kink is taken as 0, as PyTorch does
            self.map0(f64::abs)
        }
    }
    fn relu(&self) -> Jet {
        if self.c[0] > 0.0 {
            self.clone()
        } else {
            Jet::constant(0.0, self.n())
        }
    }
    fn powf(&self, p: f64) -> Jet {
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
