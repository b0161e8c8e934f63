//! The guided tour: two lines saying what it shows, the five seed programs, each under a short
//! heading, printing exactly what their PyTorch scripts print, and three commands to try next.
//! Seed 003's plot is written to `seed_003.png` in the output directory (by default
//! `ferrograd-tour` in the system's temporary directory), whose full path the tour prints.
//!
//! The programs are those of `crates/ferrograd/examples/seed_00N.rs`, written with the library's
//! `try_` forms so that nothing here can panic.

use crate::chart::{Figure, Panel, Scale, Series, GREEN, RED};
use crate::cli::TourArgs;
use crate::error::CliError;
use crate::plot::{render, Format};
use ferrograd::autograd::{grad_with, GradOptions};
use ferrograd::{BackwardOptions, PyRepr, Tensor};
use std::path::{Path, PathBuf};

/// The name of seed 003's plot in the output directory.
pub const SEED_003_PLOT: &str = "seed_003.png";

/// The first two lines of the tour.
pub const INTRO: &str = "\
The five seeds: PyTorch autograd tutorial programs re-run on ferrograd, each printing exactly
what PyTorch prints for it (the text below each heading is the script's output, byte for byte).
";

/// One seed: its heading and its program (which writes its pictures into the directory).
type Seed = (&'static str, fn(&mut String, &Path) -> Result<(), CliError>);

/// The seeds in order, with their headings.
pub const SEEDS: [Seed; 5] = [
    (
        "== seed 000: derivatives, the numerical limit, gradients of vectors and vector-Jacobian products",
        seed_000,
    ),
    (
        "== seed 001: derivatives of x², sin(x / 2^1.5) and the partial derivatives of u² + v³ + uv",
        seed_001,
    ),
    (
        "== seed 002: leaves and non-leaves (data, grad, grad_fn, is_leaf, requires_grad), n-th derivatives",
        seed_002,
    ),
    (
        "== seed 003: derivatives at a point, partial derivatives, and 10x³ over a linspace (plotted)",
        seed_003,
    ),
    (
        "== seed 004: y = x², the attributes of a leaf and of a computed tensor, partials of uv + u²",
        seed_004,
    ),
];

macro_rules! say {
    ($out:expr, $($fmt:tt)*) => {{
        $out.push_str(&format!($($fmt)*));
        $out.push('\n');
    }};
}

/// The directory the tour writes to: `--out-dir`, or `ferrograd-tour` in the temporary
/// directory.
pub fn out_dir(args: &TourArgs) -> PathBuf {
    args.out_dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("ferrograd-tour"))
}

/// Runs the tour, returning what it prints (and writing [`SEED_003_PLOT`] into [`out_dir`]).
pub fn run(args: &TourArgs) -> Result<String, CliError> {
    let dir = out_dir(args);
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    let dir = dir.canonicalize().unwrap_or(dir);
    let mut out = String::from(INTRO);
    for (heading, seed) in SEEDS.iter() {
        out.push('\n');
        say!(out, "{heading}");
        seed(&mut out, &dir)?;
    }
    let plot = dir.join(SEED_003_PLOT);
    let tan = dir.join("tan.svg");
    let graph = dir.join("graph.svg");
    out.push('\n');
    say!(out, "Seed 003's plot: {}", plot.display());
    say!(out, "Try next:");
    say!(
        out,
        "  cargo run --release -- grad \"x^2*sin(x)\" --at x=1.5 --order 2"
    );
    say!(
        out,
        "  cargo run --release -- plot \"tan(x)\" --over x=-pi:pi --ylim -10,10 --out {}",
        shell_word(&tan)
    );
    say!(
        out,
        "  cargo run --release -- graph \"x*y + sin(x)\" --at x=1,y=2 --grad --out {}",
        shell_word(&graph)
    );
    Ok(out)
}

/// A path as one shell word: quoted when it holds anything but plain characters.
fn shell_word(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:,=@%".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn grad_of(t: &Tensor) -> Result<Tensor, CliError> {
    t.grad().ok_or_else(|| {
        CliError::new("internal error: a gradient expected after backward() is missing")
    })
}

fn backward_with(y: &Tensor, gradient: &Tensor) -> Result<(), CliError> {
    Ok(y.try_backward_opts(&BackwardOptions::new().gradient(gradient.clone()))?)
}

fn leaf(v: f64) -> Result<Tensor, CliError> {
    Ok(Tensor::try_new(v)?.try_requires_grad_(true)?)
}

/// Seed 000: derivatives, the numerical limit, gradients of vectors and VJPs.
fn seed_000(out: &mut String, _dir: &Path) -> Result<(), CliError> {
    fn f(x: f64) -> f64 {
        3.0 * x.powi(2) - 4.0 * x
    }
    fn numerical_lim(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
        (f(x + h) - f(x)) / h
    }
    let mut h = 0.1;
    for _ in 0..6 {
        say!(
            out,
            "h={h:.6}, numerical limit={:.6}",
            numerical_lim(f, 1.0, h)
        );
        h *= 0.1;
    }

    let x = Tensor::try_arange_step(0, 4.0, 1)?.try_requires_grad_(true)?;
    say!(out, "{x}");
    say!(out, "{}", x.grad().py());
    let y = x.try_dot(&x)?;
    say!(out, "{y}");
    y.try_backward()?;
    say!(out, "{}", x.grad().py());
    say!(out, "{}", grad_of(&x)?.try_eq(&x.try_mul_scalar(2.0)?)?);

    grad_of(&x)?.try_fill_(0.0)?;
    let y = x.try_sum()?;
    y.try_backward()?;
    say!(out, "{}", x.grad().py());

    let x = Tensor::try_arange_step(0, 3.0, 1)?.try_requires_grad_(true)?;
    let y = x.try_mul(&x)?;
    backward_with(&y, &Tensor::try_new([1.0, 1.0, 1.0])?)?;
    say!(out, "{}", x.grad().py());

    let x = Tensor::try_arange_step(0, 3.0, 1)?.try_requires_grad_(true)?;
    let y = x.try_mul(&x)?;
    backward_with(&y, &Tensor::try_new([1.0, 1.0, 0.0])?)?;
    say!(out, "{}", x.grad().py());

    let a = Tensor::try_new([2.0, 3.0])?.try_requires_grad_(true)?;
    let b = Tensor::try_new([6.0, 4.0])?.try_requires_grad_(true)?;
    let q = a.try_pow(3)?.try_mul_scalar(3.0)?.try_sub(&b.try_pow(2)?)?;
    let external_grad = Tensor::try_new([1, 1])?;
    backward_with(&q, &external_grad)?;
    say!(out, "{} {}", a.grad().py(), b.grad().py());
    Ok(())
}

/// Seed 001: derivatives of `x²`, `sin(x / 2^1.5)` and the partials of `u² + v³ + uv`.
fn seed_001(out: &mut String, _dir: &Path) -> Result<(), CliError> {
    let x = leaf(9.0)?;
    say!(out, "{x}");
    let y = x.try_pow(2)?;
    say!(out, "{y}");
    y.try_backward()?;
    say!(out, "{}", x.grad().py());

    let x = leaf(100.0)?;
    let y = x.try_div_scalar(2f64.powf(1.5))?.try_sin()?;
    say!(out, "{x}");
    say!(out, "{y}");
    y.try_backward()?;
    say!(out, "{}", x.grad().py());

    let u = leaf(2.0)?;
    let v = leaf(4.0)?;
    let f = u
        .try_pow(2)?
        .try_add(&v.try_pow(3)?)?
        .try_add(&u.try_mul(&v)?)?;
    say!(out, "{u}");
    say!(out, "{v}");
    say!(out, "{f}");
    f.try_backward()?;
    say!(out, "{}", u.grad().py());
    say!(out, "{}", v.grad().py());
    Ok(())
}

/// Seed 002: the attributes of leaves and non-leaves, partials, and n-th derivatives.
fn seed_002(out: &mut String, _dir: &Path) -> Result<(), CliError> {
    fn nth_derivative(f: Tensor, wrt: &Tensor, n: usize) -> Result<Tensor, CliError> {
        let mut f = f;
        let mut grads = None;
        let opts = GradOptions::new().create_graph(true);
        for _ in 0..n {
            let g = grad_with(&[f], std::slice::from_ref(wrt), &opts)?
                .remove(0)
                .ok_or_else(|| CliError::new("internal error: an unused input"))?;
            f = g.try_sum()?;
            grads = Some(g);
        }
        grads.ok_or_else(|| CliError::new("internal error: n must be at least 1"))
    }

    let x = leaf(3.0)?;
    say!(out, "{x}");
    let y = x.try_pow(2)?.try_mul_scalar(3)?;
    say!(out, "{y}");
    y.try_backward()?;
    say!(
        out,
        "Derivative of the equation at x=3 is: {}",
        x.grad().py()
    );

    say!(out, "data attribute of the tensor: {}", x.data());
    say!(out, "grad attribute of the tensor:: {}", x.grad().py());
    say!(
        out,
        "grad_fn attribute of the tensor:: {}",
        x.grad_fn().py()
    );
    say!(
        out,
        "is_leaf attribute of the tensor:: {}",
        x.is_leaf().py()
    );
    say!(
        out,
        "requires_grad attribute of the tensor:: {}",
        x.requires_grad().py()
    );

    say!(out, "data attribute of the tensor: {}", y.data());
    say!(
        out,
        "grad attribute of the tensor: {}",
        y.try_retain_grad()?.py()
    );
    say!(out, "grad_fn attribute of the tensor: {}", y.grad_fn().py());
    say!(out, "is_leaf attribute of the tensor: {}", y.is_leaf().py());
    say!(
        out,
        "requires_grad attribute of the tensor: {}",
        y.requires_grad().py()
    );

    let x = leaf(3.0)?;
    let y = x
        .try_pow(2)?
        .try_mul_scalar(6)?
        .try_add(&x.try_mul_scalar(2)?)?
        .try_add_scalar(4)?;
    say!(out, "Result of the equation is: {y}");
    y.try_backward()?;
    say!(
        out,
        "Derivative of the equation at x = 3 is: {}",
        x.grad().py()
    );

    let u = leaf(3.0)?;
    let v = leaf(4.0)?;
    let f = u
        .try_pow(3)?
        .try_add(&v.try_pow(2)?)?
        .try_add(&u.try_mul_scalar(4)?.try_mul(&v)?)?;
    say!(out, "{u}");
    say!(out, "{v}");
    say!(out, "{f}");
    f.try_backward()?;
    say!(out, "Partial Derivative w.r.t. u: {}", u.grad().py());
    say!(out, "Partial Derivative w.r.t. v: {}", v.grad().py());

    let x = leaf(5.0)?;
    let f = x.try_pow(2)?.try_add(&x.try_pow(3)?)?;
    say!(out, "{}", nth_derivative(f, &x, 2)?);
    Ok(())
}

/// Seed 003: derivatives at a point, partials, and `10x³` over `linspace(-10, 10, 100)` with
/// its derivative, plotted into `seed_003.png` in `dir`.
fn seed_003(out: &mut String, dir: &Path) -> Result<(), CliError> {
    let x = leaf(3.0)?;
    say!(out, "{x}");
    let y = x.try_pow(2)?.try_mul_scalar(3.0)?;
    say!(out, "Value of function at x=3 is: {y}");
    y.try_backward()?;
    say!(out, "Derivative of Above equation is: {}", x.grad().py());

    let x = leaf(3.0)?;
    let y = x
        .try_pow(2)?
        .try_mul_scalar(6.0)?
        .try_add(&x.try_mul_scalar(2.0)?)?
        .try_add_scalar(4.0)?;
    say!(out, "Result of the equation is:  {y}");
    y.try_backward()?;
    say!(
        out,
        "Derivative of the equation at x = 3 is:  {}",
        x.grad().py()
    );

    let u = leaf(3.0)?;
    let v = leaf(4.0)?;
    let f = u
        .try_pow(2)?
        .try_add(&v.try_pow(3)?)?
        .try_add(&u.try_mul_scalar(2.0)?.try_mul(&v)?)?
        .try_add(&u)?
        .try_add(&v)?;
    say!(out, "{u}");
    say!(out, "{v}");
    say!(out, "{f}");
    f.try_backward()?;
    say!(
        out,
        "Partial derivative with respect to u:  {}",
        u.grad().py()
    );
    say!(
        out,
        "Partial derivative with respect to v:  {}",
        v.grad().py()
    );

    let x = Tensor::linspace(-10.0, 10.0, 100).try_requires_grad_(true)?;
    let big_y = x.try_pow(3)?.try_mul_scalar(10.0)?;
    let y = big_y.try_sum()?;
    y.try_backward()?;
    say!(out, "{x}");
    say!(out, "{big_y}");
    say!(out, "{}", x.grad().py());

    let fig = seed_003_figure(
        x.detach().to_vec::<f64>(),
        big_y.detach().to_vec::<f64>(),
        grad_of(&x)?.to_vec::<f64>(),
    );
    let path = dir.join(SEED_003_PLOT);
    render(&fig, &path.to_string_lossy(), Format::Png)
}

/// Seed 003's figure as its Matplotlib script draws it: the function in red and its derivative
/// in green over `xs`, the x axis labelled `x`, the legend where it covers no curve.
pub fn seed_003_figure(xs: Vec<f64>, f: Vec<f64>, df: Vec<f64>) -> Figure {
    let x_range = (
        xs.first().copied().unwrap_or(0.0),
        xs.last().copied().unwrap_or(1.0),
    );
    let pts = |ys: Vec<f64>| vec![xs.iter().copied().zip(ys).collect::<Vec<_>>()];
    Figure {
        size: (640, 480),
        panels: vec![Panel {
            title: None,
            x_label: Some("x".into()),
            y_label: None,
            series: vec![
                Series {
                    label: "Main Function".into(),
                    color: RED,
                    segments: pts(f),
                },
                Series {
                    label: "Derivative of function".into(),
                    color: GREEN,
                    segments: pts(df),
                },
            ],
            x_range,
            y_limits: None,
            y_scale: Scale::Linear,
            legend: true,
        }],
    }
}

/// Seed 004: `y = x²`, the attributes of a leaf and of a computed tensor, partials of `uv + u²`.
fn seed_004(out: &mut String, _dir: &Path) -> Result<(), CliError> {
    let x = leaf(2.0)?;
    say!(out, "The tensor x:  {x}");
    let y = x.try_pow(2)?;
    say!(out, "The result of y = x^2:  {y}");
    y.try_backward()?;
    say!(out, "The dervative at x = 2:  {}", x.grad().py());

    say!(out, "data: {}", x.data());
    say!(out, "grad_fn: {}", x.grad_fn().py());
    say!(out, "grad: {}", x.grad().py());
    say!(out, "is_leaf: {}", x.is_leaf().py());
    say!(out, "requires_grad: {}", x.requires_grad().py());

    say!(out, "data: {}", y.data());
    say!(out, "grad_fn: {}", y.grad_fn().py());
    let quiet_grad = if y.grad_access_warns() {
        None
    } else {
        y.grad()
    };
    say!(out, "grad: {}", quiet_grad.py());
    say!(out, "is_leaf: {}", y.is_leaf().py());
    say!(out, "requires_grad: {}", y.requires_grad().py());

    let u = leaf(1.0)?;
    let v = leaf(2.0)?;
    let f = u.try_mul(&v)?.try_add(&u.try_pow(2)?)?;
    say!(out, "The result of v * u + u^2:  {f}");
    f.try_backward()?;
    say!(
        out,
        "The partial derivative with respect to u:  {}",
        u.grad().py()
    );
    say!(
        out,
        "The partial derivative with respect to v:  {}",
        v.grad().py()
    );
    Ok(())
}
