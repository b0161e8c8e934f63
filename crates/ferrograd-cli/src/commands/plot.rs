//! `ferrograd plot`: a function of one variable and its derivatives over a range, drawn by
//! [`crate::chart`] as SVG, or rasterised from that SVG into an anti-aliased PNG.
//!
//! The variable is one `linspace` tensor, so the function is evaluated in one pass; since the
//! expression is elementwise in it, the derivative at every point is the gradient of the sum, and
//! each higher derivative is the gradient of the previous one's sum (`create_graph`).
//!
//! Curves are broken where they are undefined (NaN, ±inf) and at poles: between two neighbours
//! whose values change sign across a jump larger than half the curve's range, and (where the
//! next derivative is known) against the sign of the derivative on both sides.

use crate::bindings::parse_range;
use crate::chart::{self, Panel, Rgb, Scale, Series};
use crate::cli::PlotArgs;
use crate::error::CliError;
use crate::eval::{eval, EvalOptions};
use crate::format::{derivative_name, fmt_num};
use crate::problem::{check_growth, gradients, Problem};
use ferrograd::{DType, Tensor};

/// The most points a plot takes.
pub const MAX_POINTS: usize = 1_000_000;
/// The highest derivative a plot draws.
pub const MAX_ORDER: usize = 8;

/// The colours of the curves: the function, then each derivative in turn.
pub const PALETTE: [Rgb; 8] = [
    Rgb(255, 0, 0),
    Rgb(0, 128, 0),
    Rgb(0, 0, 255),
    Rgb(255, 140, 0),
    Rgb(128, 0, 128),
    Rgb(0, 128, 128),
    Rgb(139, 69, 19),
    Rgb(255, 0, 255),
];

/// Runs `plot`, returning what it prints.
pub fn run(args: &PlotArgs) -> Result<String, CliError> {
    let (name, lo, hi) = parse_range(&args.over)?;
    if args.points < 2 || args.points > MAX_POINTS {
        return Err(CliError::new(format!(
            "--points must be between 2 and {MAX_POINTS}, not {}",
            args.points
        )));
    }
    if args.order > MAX_ORDER {
        return Err(CliError::new(format!(
            "--order must be between 0 and {MAX_ORDER}, not {}",
            args.order
        )));
    }
    let ylim = args.ylim.as_deref().map(parse_ylim).transpose()?;
    if args.logy && ylim.is_some_and(|(lo, _)| lo <= 0.0) {
        return Err(CliError::new(
            "--ylim with --logy: the lower limit must be positive",
        ));
    }
    let n_panels = if args.panels { args.order + 1 } else { 1 };
    let size = match &args.size {
        Some(s) => parse_size(s)?,
        None => (
            640,
            if args.panels {
                240 * n_panels as u32
            } else {
                480
            },
        ),
    };
    let format = Format::of(&args.out)?;
    let src = crate::cli::expression(&args.expr, &args.file)?;
    let p = Problem::new(&src, &args.at, &[name.as_str()], args.dtype.into())?;
    let curves = compute(&p, &name, lo, hi, args.points, args.order)?;
    let xs = Tensor::linspace_dtype(lo, hi, args.points, p.dtype).to_vec::<f64>();
    let scale = if args.logy { Scale::Log } else { Scale::Linear };
    let mut series = Vec::new();
    let mut dropped: Vec<(String, usize)> = Vec::new();
    for (k, ys) in curves.iter().enumerate() {
        let label = if k == 0 {
            format!("f({name})")
        } else {
            derivative_name(&name, k)
        };
        let mut ys = std::borrow::Cow::Borrowed(ys);
        if args.logy {
            let bad = ys.iter().filter(|v| !v.is_nan() && **v <= 0.0).count();
            if bad > 0 {
                dropped.push((label.clone(), bad));
            }
            for v in ys.to_mut() {
                if *v <= 0.0 {
                    *v = f64::NAN;
                }
            }
        }
        let slopes = if args.logy { None } else { curves.get(k + 1) };
        series.push(Series {
            segments: split_curve(&xs, &ys, slopes.map(|v| v.as_slice())),
            label,
            color: PALETTE[k % PALETTE.len()],
        });
    }
    drop(curves);
    let title = format!("f({name}) = {}", p.one_line());
    let panel =
        |title: Option<String>, y_label: Option<String>, series: Vec<Series>, last: bool| Panel {
            title,
            x_label: last.then(|| name.clone()),
            y_label,
            legend: series.len() > 1,
            series,
            x_range: (lo, hi),
            y_limits: ylim,
            y_scale: scale,
        };
    let panels = if args.panels {
        let n = series.len();
        series
            .into_iter()
            .enumerate()
            .map(|(k, s)| {
                let t = if k == 0 { Some(title.clone()) } else { None };
                panel(t, Some(s.label.clone()), vec![s], k + 1 == n)
            })
            .collect()
    } else {
        let y_label = if args.order == 0 {
            format!("f({name})")
        } else {
            "f and its derivatives".to_string()
        };
        vec![panel(Some(title), Some(y_label), series, true)]
    };
    let fig = chart::Figure { size, panels };
    render(&fig, &args.out, format)?;
    let mut out = format!(
        "wrote {} (f and {} derivative{}, {} points over {name} in [{}, {}])\n",
        args.out,
        args.order,
        if args.order == 1 { "" } else { "s" },
        args.points,
        fmt_num(lo, DType::Float64),
        fmt_num(hi, DType::Float64)
    );
    if !dropped.is_empty() {
        let parts: Vec<String> = dropped.iter().map(|(l, n)| format!("{n} of {l}")).collect();
        out.push_str(&format!(
            "note: --logy leaves out values <= 0, which a log scale cannot show: {}\n",
            parts.join(", ")
        ));
    }
    Ok(out)
}

/// `LO,HI` of `--ylim`: two finite numbers, LO < HI.
fn parse_ylim(text: &str) -> Result<(f64, f64), CliError> {
    let bad = || {
        CliError::new(format!(
            "--ylim {text}: expected LO,HI with LO < HI (e.g. --ylim -10,10)"
        ))
    };
    let (a, b) = text.split_once(',').ok_or_else(bad)?;
    let num = |s: &str| crate::bindings::parse_number(s.trim()).ok_or_else(bad);
    let (lo, hi) = (num(a)?, num(b)?);
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(bad());
    }
    Ok((lo, hi))
}

/// The runs of a curve to join by lines: breaks where a value is not finite, and at poles,
/// where neighbours change sign across a jump of more than half the curve's range and, when
/// the curve's derivative `slopes` is known, the jump goes against the derivative's sign on
/// both sides (a continuous steep rise does not).
///
/// ```
/// use ferrograd_cli::plot::split_curve;
/// let xs = [-2.0, -1.0, 1.0, 2.0];
/// let ys: Vec<f64> = xs.iter().map(|x| 1.0 / x).collect();
/// assert_eq!(split_curve(&xs, &ys, None).len(), 2);
/// ```
pub fn split_curve(xs: &[f64], ys: &[f64], slopes: Option<&[f64]>) -> Vec<Vec<(f64, f64)>> {
    let finite = |v: f64| v.is_finite() && v.abs() < 1e300;
    let (lo, hi) = ys
        .iter()
        .copied()
        .filter(|v| finite(*v))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let span = hi - lo;
    let pole = |i: usize| {
        let (a, b) = (ys[i - 1], ys[i]);
        if !(a * b < 0.0 && (b - a).abs() > 0.5 * span) {
            return false;
        }
        match slopes {
            Some(d) if d.len() == ys.len() => {
                let against = |s: f64| !s.is_finite() || s * (b - a) < 0.0;
                against(d[i - 1]) && against(d[i])
            }
            _ => true,
        }
    };
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
        if !finite(y) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !cur.is_empty() && pole(i) {
            out.push(std::mem::take(&mut cur));
        }
        cur.push((x, y));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// How many points [`compute`] evaluates at once. The autograd graph of the derivatives (which
/// for `--order 8` holds hundreds of tensors as long as the points) is only ever built for this
/// many, so that its memory does not grow with `--points`.
pub const CHUNK: usize = 4096;

/// The function and its derivatives of order 1..=order at `points` points from `lo` to `hi`,
/// computed [`CHUNK`] points at a time (the expression is elementwise in the variable, so every
/// point's values are the same as in one pass over all of them).
pub fn compute(
    p: &Problem,
    name: &str,
    lo: f64,
    hi: f64,
    points: usize,
    order: usize,
) -> Result<Vec<Vec<f64>>, CliError> {
    let xs = Tensor::linspace_dtype(lo, hi, points, p.dtype).to_vec::<f64>();
    let mut vars: Vec<(String, Tensor)> = Vec::new();
    for b in &p.bindings {
        vars.push((b.name.clone(), b.tensor(p.dtype)?));
    }
    let mut curves: Vec<Vec<f64>> = (0..=order).map(|_| Vec::with_capacity(points)).collect();
    for (c, chunk) in xs.chunks(CHUNK).enumerate() {
        let x =
            crate::bindings::tensor_of(&[chunk.len()], chunk, p.dtype)?.try_requires_grad_(true)?;
        vars.push((name.to_string(), x.clone()));
        let values = compute_chunk(p, &vars, &x, name, order, c == 0, points);
        vars.pop();
        for (curve, v) in curves.iter_mut().zip(values?) {
            curve.extend(v);
        }
    }
    Ok(curves)
}

/// The function and its derivatives at the points of `x` (the last of `vars`); the growth of the
/// derivatives' graphs is checked on the `first` chunk (it is the same for every chunk).
fn compute_chunk(
    p: &Problem,
    vars: &[(String, Tensor)],
    x: &Tensor,
    name: &str,
    order: usize,
    first: bool,
    points: usize,
) -> Result<Vec<Vec<f64>>, CliError> {
    let n = x.numel();
    let opts = EvalOptions {
        dtype: p.dtype,
        elementwise: true,
    };
    let y = eval(&p.expr, vars, &opts).map_err(|e| CliError::eval(&e, &p.expr.source))?;
    let y = if y.shape() == [n] {
        y
    } else if y.numel() == 1 && !y.requires_grad() {
        // Constant in x: the same value everywhere.
        Tensor::zeros_dtype(&[n], p.dtype).try_add(&y)?
    } else {
        return Err(CliError::new(format!(
            "a plot needs an expression elementwise in {name}: its value has shape {:?}, not [{points}]",
            y.shape()
        )));
    };
    let mut curves = vec![y.to_vec::<f64>()];
    let mut cur = y;
    for k in 1..=order {
        if k > 1 && first {
            check_growth(&cur, name, k - 1)?;
        }
        let g = gradients(&cur.try_sum()?, std::slice::from_ref(x), None, k < order)?.remove(0);
        curves.push(g.to_vec::<f64>());
        cur = g;
    }
    Ok(curves)
}

/// The picture formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PNG, rasterised from the SVG (anti-aliased).
    Png,
    /// SVG.
    Svg,
}

impl Format {
    /// The format a file name asks for by its extension.
    pub fn of(path: &str) -> Result<Format, CliError> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".png") {
            Ok(Format::Png)
        } else if lower.ends_with(".svg") {
            Ok(Format::Svg)
        } else {
            Err(CliError::new(format!(
                "--out {path}: the file name must end in .png or .svg"
            )))
        }
    }
}

fn parse_size(text: &str) -> Result<(u32, u32), CliError> {
    let bad = || {
        CliError::new(format!(
            "--size {text}: expected WIDTHxHEIGHT in pixels, each 100 to 8000 (e.g. 640x480)"
        ))
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(100..=8000).contains(&w) || !(100..=8000).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

/// Draws `fig` into `path` in `format`.
pub fn render(fig: &chart::Figure, path: &str, format: Format) -> Result<(), CliError> {
    let svg = chart::to_svg(fig);
    match format {
        Format::Svg => crate::raster::write_file(path, svg.as_bytes()),
        Format::Png => crate::raster::write_file(path, &crate::raster::svg_to_png(&svg)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_split_curves() {
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0];
        let ys = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY];
        assert_eq!(
            split_curve(&xs, &ys, None),
            vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]
        );
    }

    #[test]
    fn poles_split_curves_and_steep_rises_do_not() {
        let xs: Vec<f64> = (0..8).map(|i| -1.0 + 2.0 * i as f64 / 7.0).collect();
        // 1/x: -1/x^2 < 0 on both sides of the jump up at 0.
        let ys: Vec<f64> = xs.iter().map(|x| 1.0 / x).collect();
        let d: Vec<f64> = xs.iter().map(|x| -1.0 / (x * x)).collect();
        let segs = split_curve(&xs, &ys, Some(&d));
        assert_eq!(segs.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4]);
        // tanh(50x) jumps as much, but rises with its derivative: one piece.
        let ys: Vec<f64> = xs.iter().map(|x| (50.0 * x).tanh()).collect();
        let d: Vec<f64> = ys.iter().map(|t| 50.0 * (1.0 - t * t)).collect();
        assert_eq!(split_curve(&xs, &ys, Some(&d)).len(), 1);
        // sin crosses zero in small steps: one piece.
        let ys: Vec<f64> = xs.iter().map(|x| (3.0 * x).sin()).collect();
        assert_eq!(split_curve(&xs, &ys, None).len(), 1);
    }

    #[test]
    fn chunks_give_the_values_of_one_pass() {
        let p = Problem::new(
            "tanh(x)*sin(a*x)",
            &["a=1.5".into()],
            &["x"],
            DType::Float64,
        )
        .unwrap();
        let n = 2 * CHUNK + 3;
        let curves = compute(&p, "x", -3.0, 3.0, n, 2).unwrap();
        assert_eq!(curves.len(), 3);
        let x = Tensor::linspace_dtype(-3.0, 3.0, n, DType::Float64)
            .try_requires_grad_(true)
            .unwrap();
        let vars = vec![
            ("a".to_string(), Tensor::scalar_tensor(1.5, DType::Float64)),
            ("x".to_string(), x.clone()),
        ];
        let mut cur = eval(&p.expr, &vars, &EvalOptions::new(DType::Float64)).unwrap();
        for (k, curve) in curves.iter().enumerate() {
            assert_eq!(curve, &cur.to_vec::<f64>(), "order {k}");
            let sum = cur.try_sum().unwrap();
            cur = gradients(&sum, std::slice::from_ref(&x), None, true)
                .unwrap()
                .remove(0);
        }
    }

    #[test]
    fn options() {
        assert_eq!(parse_ylim("-10,10").unwrap(), (-10.0, 10.0));
        assert_eq!(parse_ylim(" -1e3 , pi ").unwrap().0, -1000.0);
        assert!(parse_ylim("3,1").is_err());
        assert!(parse_ylim("3").is_err());
        assert!(parse_ylim("nan,1").is_err());
        assert_eq!(parse_size("800x600").unwrap(), (800, 600));
        assert!(parse_size("800").is_err());
        assert!(Format::of("a.jpg").is_err());
    }
}
