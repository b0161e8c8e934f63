//! What the fuzz tests and the corpus replay share: running one expression through every command
//! in-process, and a reference evaluator (dual numbers) for well-formed expression trees.

#![allow(dead_code)]

use ferrograd_cli::cli::{CheckArgs, Dtype, GradArgs, GraphArgs};
use ferrograd_cli::commands::{check, grad};
use ferrograd_cli::parse::parse;
use ferrograd_cli::problem::Problem;
use ferrograd_cli::{graph, plot, CliError};

/// The value a variable of that name gets: `x`, `y` and other names scalars, `v` and `w`
/// vectors of different lengths, `u` an empty vector, `m` a matrix.
pub fn value_for(name: &str) -> &'static str {
    match name {
        "x" => "0.7",
        "y" => "-1.3",
        "z" => "0",
        "v" => "[1, 2, 3]",
        "w" => "[0.5, -2]",
        "u" => "[]",
        "m" => "[[1, 2], [3, 4]]",
        _ => "0.3",
    }
}

fn grad_args(expr: &str, at: Vec<String>) -> GradArgs {
    GradArgs {
        expr: Some(expr.to_string()),
        file: None,
        at,
        order: None,
        hessian: false,
        grad_output: None,
        dtype: Dtype::F64,
        json: true,
    }
}

/// Runs `expr` through parsing, `grad` (JSON and text, both dtypes, with `--order`,
/// `--hessian` and `--grad-output` where they apply), `check`, `graph` (DOT and SVG) and the
/// computation of `plot`. Errors are expected for most random inputs; a panic is a failure.
/// Returns whether `grad` succeeded.
pub fn exercise(expr: &str) -> bool {
    let parsed = match parse(expr) {
        Ok(p) => p,
        Err(e) => {
            let shown = CliError::parse(&e, expr).to_string();
            assert!(shown.starts_with("error: ") && shown.contains('^'));
            return false;
        }
    };
    let names: Vec<String> = parsed
        .variables()
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    let at: Vec<String> = names
        .iter()
        .map(|n| format!("{n}={}", value_for(n)))
        .collect();
    let all_scalar = names.iter().all(|n| !value_for(n).starts_with('['));

    let ok = grad::run(&grad_args(expr, at.clone())).is_ok();
    let mut text = grad_args(expr, at.clone());
    text.json = false;
    text.dtype = Dtype::F32;
    let _ = grad::run(&text);
    if names.len() == 1 && all_scalar {
        let mut a = grad_args(expr, at.clone());
        a.order = Some(3);
        let _ = grad::run(&a);
    }
    if all_scalar && !names.is_empty() {
        let mut a = grad_args(expr, at.clone());
        a.hessian = true;
        let _ = grad::run(&a);
    }
    for g in ["[1, -1, 2]", "2"] {
        let mut a = grad_args(expr, at.clone());
        a.grad_output = Some(g.to_string());
        let _ = grad::run(&a);
    }
    let _ = check::run(&CheckArgs {
        expr: Some(expr.to_string()),
        file: None,
        at: at.clone(),
        dtype: Dtype::F64,
    });
    let _ = graph::run(&GraphArgs {
        expr: Some(expr.to_string()),
        file: None,
        at: at.clone(),
        out: None,
        grad: true,
        dtype: Dtype::F64,
        max_nodes: ferrograd_cli::cli::DEFAULT_MAX_NODES,
    });
    if let Ok(p) = Problem::new(expr, &at, &[], ferrograd::DType::Float64) {
        if let Ok(leaves) = p.leaves() {
            if let Ok(y) = p.eval(&leaves) {
                let vars: Vec<(String, ferrograd::Tensor)> =
                    names.iter().cloned().zip(leaves).collect();
                if let Ok(g) = graph::build(&y, &vars, &graph::Values::default()) {
                    let svg = graph::to_svg(&g, expr);
                    assert!(svg.starts_with("<svg"));
                }
            }
        }
    }
    if names.iter().any(|n| n == "x") {
        let others: Vec<String> = at
            .iter()
            .filter(|a| !a.starts_with("x="))
            .cloned()
            .collect();
        if let Ok(p) = Problem::new(expr, &others, &["x"], ferrograd::DType::Float64) {
            let _ = plot::compute(&p, "x", -2.0, 2.0, 7, 2);
        }
    }
    ok
}

/// A well-formed expression over two scalar variables `x` and `y`.
#[derive(Clone, Debug)]
pub enum Tree {
    /// A non-negative literal.
    Num(f64),
    /// `pi` or `e`.
    Const(bool),
    /// `x` (0) or `y` (1).
    Var(usize),
    /// Unary minus.
    Neg(Box<Tree>),
    /// `+ - * / ^` (0..5).
    Bin(u8, Box<Tree>, Box<Tree>),
    /// A one-argument function by index into [`FUNCS`].
    Fun(usize, Box<Tree>),
}

/// The one-argument functions the trees use.
pub const FUNCS: [&str; 13] = [
    "sin", "cos", "tan", "exp", "log", "log1p", "sqrt", "abs", "tanh", "sigmoid", "relu", "sum",
    "mean",
];

/// How a tree is written: spacing, `**` or `^`, minimal or full parentheses, number style.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// The names the two variables are written with (`x` and `y` for dual-number checks).
    pub vars: [&'static str; 2],
    pub spaces: bool,
    pub star_star: bool,
    pub full_parens: bool,
    pub exponent_numbers: bool,
}

impl Tree {
    /// Binding strength: 1 `+ -`, 2 `* /`, 3 unary minus, 4 power, 5 atoms.
    fn prec(&self) -> u8 {
        match self {
            Tree::Bin(0 | 1, ..) => 1,
            Tree::Bin(2 | 3, ..) => 2,
            Tree::Neg(_) => 3,
            Tree::Bin(..) => 4,
            _ => 5,
        }
    }

    /// The tree as text that parses back to the same structure.
    pub fn render(&self, s: Style) -> String {
        let wrap = |t: &Tree, need: u8| {
            let inner = t.render(s);
            if s.full_parens && t.prec() < 5 || t.prec() < need {
                format!("({inner})")
            } else {
                inner
            }
        };
        let sp = if s.spaces { " " } else { "" };
        match self {
            Tree::Num(v) => {
                if s.exponent_numbers {
                    format!("{v:e}")
                } else {
                    format!("{v:?}")
                }
            }
            Tree::Const(pi) => if *pi { "pi" } else { "e" }.to_string(),
            Tree::Var(i) => s.vars[*i].to_string(),
            Tree::Neg(a) => format!("-{}", wrap(a, 3)),
            Tree::Bin(op, a, b) => {
                let (sym, la, rb) = match op {
                    0 => ("+", 1, 2),
                    1 => ("-", 1, 2),
                    2 => ("*", 2, 3),
                    3 => ("/", 2, 3),
                    _ => (if s.star_star { "**" } else { "^" }, 5, 3),
                };
                format!("{}{sp}{sym}{sp}{}", wrap(a, la), wrap(b, rb))
            }
            Tree::Fun(f, a) => format!("{}({})", FUNCS[*f], a.render(s)),
        }
    }

    /// The value and the partial derivatives by forward-mode dual numbers, with PyTorch's
    /// conventions, and bounds on their rounding errors; `None` where the comparison is not
    /// meaningful (a non-finite or huge intermediate, or a point where conventions differ).
    pub fn reference(&self, at: [f64; 2]) -> Option<Reference> {
        let mut scale = 1.0f64;
        let d = self.dual(at, &mut scale)?;
        // Beyond 1e100, products of two terms taken in another order may overflow.
        (scale < 1e100).then_some(Reference {
            value: d.v,
            grad: d.d,
            value_err: d.ev,
            grad_err: d.ed,
        })
    }

    fn dual(&self, at: [f64; 2], scale: &mut f64) -> Option<Dual> {
        let r = match self {
            Tree::Num(v) => Dual::constant(*v),
            Tree::Const(pi) => Dual::constant(if *pi {
                std::f64::consts::PI
            } else {
                std::f64::consts::E
            }),
            Tree::Var(i) => {
                let mut d = [0.0; 2];
                d[*i] = 1.0;
                Dual {
                    v: at[*i],
                    d,
                    ev: 0.0,
                    ed: [0.0; 2],
                    var: true,
                }
            }
            Tree::Neg(a) => {
                let a = a.dual(at, scale)?;
                Dual {
                    v: -a.v,
                    d: [-a.d[0], -a.d[1]],
                    ..a
                }
            }
            Tree::Bin(op, a, b) => {
                let (a, b) = (a.dual(at, scale)?, b.dual(at, scale)?);
                binary(*op, a, b)?
            }
            Tree::Fun(f, a) => {
                let a = a.dual(at, scale)?;
                function(FUNCS[*f], a)?
            }
        };
        // Numbers alone are computed identically (as Python numbers) on both sides.
        let r = if r.var {
            r
        } else {
            Dual {
                ev: 0.0,
                ed: [0.0; 2],
                ..r
            }
        };
        for x in [r.v, r.d[0], r.d[1], r.ev, r.ed[0], r.ed[1]] {
            if !x.is_finite() {
                return None;
            }
            *scale = scale.max(x.abs());
        }
        // Below 1e-100, a product of two terms (PyTorch's `b * b` in DivBackward0) may underflow.
        if [r.v, r.d[0], r.d[1]]
            .iter()
            .any(|x| *x != 0.0 && x.abs() < 1e-100)
        {
            return None;
        }
        Some(r)
    }
}

/// A reference result with bounds on the rounding errors of any faithful evaluation.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    pub value: f64,
    pub grad: [f64; 2],
    pub value_err: f64,
    pub grad_err: [f64; 2],
}

/// The rounding error allowed for one operation, relative to the magnitudes involved (a few
/// ulps: the library may compute a rule in another order than the reference).
const U: f64 = 4.0 * f64::EPSILON;

/// A value, its partial derivatives with respect to x and y, and first-order bounds on their
/// absolute rounding errors.
#[derive(Clone, Copy, Debug)]
struct Dual {
    v: f64,
    d: [f64; 2],
    ev: f64,
    ed: [f64; 2],
    /// Whether it depends on a variable (so the CLI holds it as a tensor).
    var: bool,
}

impl Dual {
    fn constant(v: f64) -> Dual {
        Dual {
            v,
            d: [0.0; 2],
            ev: 0.0,
            ed: [0.0; 2],
            var: false,
        }
    }
}

fn binary(op: u8, a: Dual, b: Dual) -> Option<Dual> {
    let var = a.var || b.var;
    let mut d = [0.0; 2];
    let mut ed = [0.0; 2];
    let (v, ev) = match op {
        0 | 1 => {
            let s = if op == 0 { 1.0 } else { -1.0 };
            let v = a.v + s * b.v;
            for i in 0..2 {
                d[i] = a.d[i] + s * b.d[i];
                ed[i] = a.ed[i] + b.ed[i] + U * (a.d[i].abs() + b.d[i].abs());
            }
            (v, a.ev + b.ev + U * (a.v.abs() + b.v.abs()))
        }
        2 => {
            let v = a.v * b.v;
            for i in 0..2 {
                let (p, q) = (a.d[i] * b.v, a.v * b.d[i]);
                d[i] = p + q;
                ed[i] = b.v.abs() * a.ed[i]
                    + a.d[i].abs() * b.ev
                    + a.v.abs() * b.ed[i]
                    + b.d[i].abs() * a.ev
                    + U * (p.abs() + q.abs());
            }
            (v, b.v.abs() * a.ev + a.v.abs() * b.ev + U * v.abs())
        }
        3 => {
            if b.var && b.v.abs() <= b.ev {
                return None; // the divisor's sign is rounding noise
            }
            let v = a.v / b.v;
            let ib = 1.0 / b.v.abs();
            for i in 0..2 {
                let (p, q) = (a.d[i] / b.v, v * b.d[i] / b.v);
                d[i] = p - q;
                ed[i] = a.ed[i] * ib
                    + v.abs() * ib * b.ed[i]
                    + b.d[i].abs() * ib * ib * a.ev
                    + (a.d[i].abs() * ib * ib + 2.0 * (v * b.d[i]).abs() * ib * ib) * b.ev
                    + U * (p.abs() + q.abs());
            }
            (v, a.ev * ib + v.abs() * ib * b.ev + U * v.abs())
        }
        _ => {
            // d(a^b) = b a^(b-1) a' + a^b ln(a) b'; the first term is absent for a constant
            // exponent 0 (PowBackward0 gives zeros). Zero or negative bases, where PyTorch's
            // conventions and non-finite terms meet, are not compared.
            let base_term = a.var && (b.var || b.v != 0.0);
            if base_term && a.v.abs() <= a.ev.max(0.0) || b.var && a.v <= a.ev {
                return None;
            }
            let v = a.v.powf(b.v);
            let (da, daa) = if base_term {
                (
                    b.v * a.v.powf(b.v - 1.0),
                    b.v * (b.v - 1.0) * a.v.powf(b.v - 2.0),
                )
            } else {
                (0.0, 0.0)
            };
            let ln = if b.var { a.v.ln() } else { 0.0 };
            let (db, dbb) = (v * ln, v * ln * ln);
            let dab = if base_term && b.var {
                a.v.powf(b.v - 1.0) * (1.0 + b.v * ln)
            } else {
                0.0
            };
            // The library raises to b - 1 (rounded) and multiplies by ln(a) in its own order.
            let r = U * (1.0 + (b.v - 1.0).abs() * a.v.abs().ln().abs());
            for i in 0..2 {
                let (p, q) = (da * a.d[i], db * b.d[i]);
                d[i] = p + q;
                ed[i] = da.abs() * a.ed[i]
                    + db.abs() * b.ed[i]
                    + ((daa * a.d[i]).abs() + (dab * b.d[i]).abs()) * a.ev
                    + ((dab * a.d[i]).abs() + (dbb * b.d[i]).abs()) * b.ev
                    + r * (p.abs() + q.abs());
            }
            (v, da.abs() * a.ev + db.abs() * b.ev + r * v.abs())
        }
    };
    Some(Dual { v, d, ev, ed, var })
}

fn function(name: &str, a: Dual) -> Option<Dual> {
    let x = a.v;
    let sig = |x: f64| 1.0 / (1.0 + (-x).exp());
    // f, f' and f''.
    let (v, f1, f2) = match name {
        "sin" => (x.sin(), x.cos(), -x.sin()),
        "cos" => (x.cos(), -x.sin(), -x.cos()),
        "tan" => {
            let t = x.tan();
            (t, 1.0 + t * t, 2.0 * t * (1.0 + t * t))
        }
        "exp" => (x.exp(), x.exp(), x.exp()),
        "log" => (x.ln(), 1.0 / x, -1.0 / (x * x)),
        "log1p" => (x.ln_1p(), 1.0 / (x + 1.0), -1.0 / ((x + 1.0) * (x + 1.0))),
        "sqrt" => (x.sqrt(), 0.5 / x.sqrt(), -0.25 / (x * x.sqrt())),
        "abs" => (
            x.abs(),
            if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else {
                0.0
            },
            0.0,
        ),
        "tanh" => {
            let t = x.tanh();
            (t, 1.0 - t * t, -2.0 * t * (1.0 - t * t))
        }
        "sigmoid" => {
            let s = sig(x);
            (s, s * (1.0 - s), s * (1.0 - s) * (1.0 - 2.0 * s))
        }
        "relu" => (
            if x > 0.0 { x } else { 0.0 },
            if x > 0.0 { 1.0 } else { 0.0 },
            0.0,
        ),
        "sum" | "mean" => (x, 1.0, 0.0),
        _ => return None,
    };
    if !a.var {
        return Some(Dual { v, ..a });
    }
    if !f1.is_finite() || matches!(name, "abs" | "relu") && a.ev > 0.0 && x.abs() <= a.ev {
        return None; // a singular derivative, or a kink within rounding noise
    }
    let mut d = [0.0; 2];
    let mut ed = [0.0; 2];
    for i in 0..2 {
        d[i] = if a.d[i] == 0.0 { 0.0 } else { f1 * a.d[i] };
        // f' as the library computes it (often from the saved output) is off by a few ulps of
        // itself and of 1.
        ed[i] =
            f1.abs() * a.ed[i] + (f2 * a.d[i]).abs() * a.ev + U * (f1.abs() + 1.0) * a.d[i].abs();
    }
    Some(Dual {
        v,
        d,
        ev: f1.abs() * a.ev + U * v.abs(),
        ed,
        var: true,
    })
}

/// Reads a JSON number of the CLI's output (non-finite numbers are strings).
pub fn json_num(v: &serde_json::Value) -> f64 {
    match v {
        serde_json::Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        serde_json::Value::String(s) => match s.as_str() {
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            _ => f64::NAN,
        },
        _ => f64::NAN,
    }
}

/// Evaluates a tree through `ferrograd grad --json` (in-process) and compares the value and
/// both partial derivatives with the reference. Panics with the details on a mismatch. Returns
/// whether a comparison was made (points where conventions differ are only run).
pub fn check_tree(tree: &Tree, style: Style, at: [f64; 2]) -> bool {
    assert_eq!(style.vars, ["x", "y"]);
    let src = tree.render(style);
    let parsed = parse(&src).unwrap_or_else(|e| panic!("well-formed {src:?} did not parse: {e}"));
    let names: Vec<String> = parsed
        .variables()
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    let args: Vec<String> = names
        .iter()
        .map(|n| format!("{n}={:e}", if n == "x" { at[0] } else { at[1] }))
        .collect();
    let out = grad::run(&grad_args(&src, args));
    let Some(r) = tree.reference(at) else {
        return false; // only "no panic" is asked of such points
    };
    let out = out.unwrap_or_else(|e| panic!("{src:?} at {at:?}: {e}"));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Both sides are within the error bound of the exact result.
    let value = json_num(&j["value"]);
    let tol = 2.0 * r.value_err + 1e-300;
    assert!(
        (value - r.value).abs() <= tol,
        "{src:?} at {at:?}: value {value} != {} (tol {tol})",
        r.value
    );
    for (i, n) in ["x", "y"].iter().enumerate() {
        let g = j["grad"].get(*n).map_or(0.0, json_num);
        let tol = 2.0 * r.grad_err[i] + 1e-300;
        assert!(
            (g - r.grad[i]).abs() <= tol,
            "{src:?} at {at:?}: d/d{n} {g} != {} (tol {tol})",
            r.grad[i]
        );
    }
    true
}
