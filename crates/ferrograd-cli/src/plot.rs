//! `ferrograd plot`: a function of one variable and its derivatives over a range, drawn with
//! plotters into a PNG or an SVG.
//!
//! The variable is one `linspace` tensor, so the function is evaluated in one pass; since the
//! expression is elementwise in it, the derivative at every point is the gradient of the sum, and
//! each higher derivative is the gradient of the previous one's sum (`create_graph`).

use crate::bindings::parse_range;
use crate::cli::PlotArgs;
use crate::commands::{check_growth, gradients, Problem};
use crate::error::CliError;
use crate::eval::{eval, EvalOptions};
use crate::format::{derivative_name, fmt_num};
use ferrograd::{DType, Tensor};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::sync::Once;

/// The most points a plot takes.
pub const MAX_POINTS: usize = 1_000_000;
/// The highest derivative a plot draws.
pub const MAX_ORDER: usize = 8;

/// The colours of the curves: the function, then each derivative in turn.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(255, 0, 0),
    RGBColor(0, 128, 0),
    RGBColor(0, 0, 255),
    RGBColor(255, 140, 0),
    RGBColor(128, 0, 128),
    RGBColor(0, 128, 128),
    RGBColor(139, 69, 19),
    RGBColor(255, 0, 255),
];

/// One curve.
#[derive(Clone, Debug)]
pub struct Series {
    /// Its name in the legend.
    pub label: String,
    /// Its values at the figure's `xs` (non-finite values leave gaps).
    pub ys: Vec<f64>,
    /// Its colour.
    pub color: RGBColor,
}

/// A line chart.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The title above the chart, if any.
    pub title: Option<String>,
    /// The x axis' label.
    pub x_label: String,
    /// The y axis' label, if any.
    pub y_label: Option<String>,
    /// The abscissae shared by every curve.
    pub xs: Vec<f64>,
    /// The curves.
    pub series: Vec<Series>,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

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
    let size = parse_size(&args.size)?;
    let format = Format::of(&args.out)?;
    let p = Problem::new(&args.expr, &args.at, &[name.as_str()], args.dtype.into())?;
    let curves = compute(&p, &name, lo, hi, args.points, args.order)?;
    let mut series = Vec::new();
    for (k, ys) in curves.into_iter().enumerate() {
        series.push(Series {
            label: if k == 0 {
                format!("f({name})")
            } else {
                derivative_name(&name, k)
            },
            ys,
            color: PALETTE[k % PALETTE.len()],
        });
    }
    let xs = Tensor::linspace_dtype(lo, hi, args.points, p.dtype).to_vec::<f64>();
    let fig = Figure {
        title: Some(format!("f({name}) = {}", p.expr.source.trim())),
        x_label: name.clone(),
        y_label: Some(if args.order == 0 {
            format!("f({name})")
        } else {
            "f and its derivatives".to_string()
        }),
        xs,
        series,
        size,
    };
    render(&fig, &args.out, format)?;
    Ok(format!(
        "wrote {} (f and {} derivative{}, {} points over {name} in [{}, {}])\n",
        args.out,
        args.order,
        if args.order == 1 { "" } else { "s" },
        args.points,
        fmt_num(lo, DType::Float64),
        fmt_num(hi, DType::Float64)
    ))
}

/// The function and its derivatives of order 1..=order at `points` points from `lo` to `hi`.
pub fn compute(
    p: &Problem,
    name: &str,
    lo: f64,
    hi: f64,
    points: usize,
    order: usize,
) -> Result<Vec<Vec<f64>>, CliError> {
    let x = Tensor::linspace_dtype(lo, hi, points, p.dtype).try_requires_grad_(true)?;
    let mut vars: Vec<(String, Tensor)> = Vec::new();
    for b in &p.bindings {
        vars.push((b.name.clone(), b.tensor(p.dtype)?));
    }
    vars.push((name.to_string(), x.clone()));
    let opts = EvalOptions {
        dtype: p.dtype,
        elementwise: true,
    };
    let y = eval(&p.expr, &vars, &opts).map_err(|e| CliError::eval(&e, &p.expr.source))?;
    let y = if y.shape() == [points] {
        y
    } else if y.numel() == 1 && !y.requires_grad() {
        // Constant in x: the same value everywhere.
        Tensor::zeros_dtype(&[points], p.dtype).try_add(&y)?
    } else {
        return Err(CliError::new(format!(
            "a plot needs an expression elementwise in {name}: its value has shape {:?}, not [{points}]",
            y.shape()
        )));
    };
    let mut curves = vec![y.to_vec::<f64>()];
    let mut cur = y;
    for k in 1..=order {
        if k > 1 {
            check_growth(&cur, name, k - 1)?;
        }
        let g = gradients(&cur.try_sum()?, std::slice::from_ref(&x), None, k < order)?.remove(0);
        curves.push(g.to_vec::<f64>());
        cur = g;
    }
    Ok(curves)
}

/// The picture formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PNG, through plotters' bitmap backend.
    Png,
    /// SVG, through plotters' SVG backend.
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

/// Registers the bundled DejaVu Sans as plotters' "sans-serif" (once).
fn register_font() -> Result<(), CliError> {
    static ONCE: Once = Once::new();
    let mut ok = true;
    ONCE.call_once(|| {
        ok = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../../../assets/DejaVuSans.ttf"),
        )
        .is_ok();
    });
    if ok {
        Ok(())
    } else {
        Err(CliError::new("the bundled font could not be read"))
    }
}

/// Draws `fig` into `path` in `format`.
pub fn render(fig: &Figure, path: &str, format: Format) -> Result<(), CliError> {
    register_font()?;
    let fail = |e: String| CliError::new(format!("cannot write {path}: {e}"));
    // Plotters reports I/O errors only when it finally writes; find them first, plainly.
    std::fs::File::create(path).map_err(|e| fail(e.to_string()))?;
    match format {
        Format::Png => {
            let root = BitMapBackend::new(path, fig.size).into_drawing_area();
            draw(fig, &root, true).map_err(fail)?;
            root.present().map_err(|e| fail(e.to_string()))
        }
        Format::Svg => {
            let root = SVGBackend::new(path, fig.size).into_drawing_area();
            draw(fig, &root, false).map_err(fail)?;
            root.present().map_err(|e| fail(e.to_string()))
        }
    }
}

/// The y range covering every finite value, padded by 5 % (as Matplotlib's margins).
fn y_range(fig: &Figure) -> (f64, f64) {
    let finite = fig
        .series
        .iter()
        .flat_map(|s| s.ys.iter().copied())
        .filter(|v| v.is_finite() && v.abs() < 1e300);
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if lo > hi {
        return (-1.0, 1.0);
    }
    let span = hi - lo;
    if span <= f64::EPSILON * hi.abs().max(lo.abs()).max(1e-300) {
        let pad = (hi.abs() * 0.1).max(1.0);
        return (lo - pad, hi + pad);
    }
    (lo - span * 0.05, hi + span * 0.05)
}

/// The runs of consecutive finite points of a curve (gaps where it is undefined).
fn segments(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (&x, &y) in xs.iter().zip(ys) {
        if y.is_finite() && y.abs() < 1e300 {
            if let Some(last) = out.last_mut() {
                last.push((x, y));
            }
        } else if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Draws the chart. With `pixel_strokes`, curves are drawn as 1-pixel paths side by side rather
/// than as 2-pixel strokes, whose joins plotters' bitmap backend extends far beyond steep turns.
fn draw<DB: DrawingBackend>(
    fig: &Figure,
    root: &DrawingArea<DB, Shift>,
    pixel_strokes: bool,
) -> Result<(), String> {
    let e = |err: DrawingAreaErrorKind<DB::ErrorType>| err.to_string();
    root.fill(&WHITE).map_err(e)?;
    let (x0, x1) = match (fig.xs.first(), fig.xs.last()) {
        (Some(&a), Some(&b)) if b > a => (a, b),
        _ => (0.0, 1.0),
    };
    let xpad = (x1 - x0) * 0.05;
    let (y0, y1) = y_range(fig);
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(70);
    if let Some(t) = &fig.title {
        builder.caption(t, ("sans-serif", 20));
    }
    let mut chart = builder
        .build_cartesian_2d(x0 - xpad..x1 + xpad, y0..y1)
        .map_err(e)?;
    let mut mesh = chart.configure_mesh();
    mesh.disable_mesh()
        .x_desc(fig.x_label.as_str())
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 15))
        .y_label_formatter(&|v| short(*v))
        .x_label_formatter(&|v| short(*v));
    if let Some(y) = &fig.y_label {
        mesh.y_desc(y.as_str());
    }
    mesh.draw().map_err(e)?;
    for s in &fig.series {
        let style = s.color.stroke_width(2);
        for seg in segments(&fig.xs, &s.ys) {
            if pixel_strokes {
                let area = chart.plotting_area();
                let px: Vec<(i32, i32)> = seg.iter().map(|p| area.map_coordinate(p)).collect();
                for (dx, dy) in [(0, 0), (0, 1), (1, 0)] {
                    let shifted: Vec<(i32, i32)> =
                        px.iter().map(|&(x, y)| (x + dx, y + dy)).collect();
                    root.draw(&PathElement::new(shifted, s.color.stroke_width(1)))
                        .map_err(e)?;
                }
            } else {
                chart.draw_series(LineSeries::new(seg, style)).map_err(e)?;
            }
        }
        let color = s.color;
        chart
            .draw_series(LineSeries::new(Vec::<(f64, f64)>::new(), style))
            .map_err(e)?
            .label(s.label.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(e)?;
    Ok(())
}

/// A tick label: few digits, like Matplotlib's (`-7.5`, `2500`, `1e6`).
fn short(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        let s = format!("{v:.1e}");
        return s.replace(".0e", "e");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
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
            segments(&xs, &ys),
            vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]
        );
    }

    #[test]
    fn ranges_and_ticks() {
        let fig = |ys: Vec<f64>| Figure {
            title: None,
            x_label: "x".into(),
            y_label: None,
            xs: vec![0.0; ys.len()],
            series: vec![Series {
                label: "f".into(),
                ys,
                color: RED,
            }],
            size: (640, 480),
        };
        assert_eq!(y_range(&fig(vec![0.0, 10.0])), (-0.5, 10.5));
        assert_eq!(y_range(&fig(vec![f64::NAN])), (-1.0, 1.0));
        assert_eq!(y_range(&fig(vec![3.0, 3.0])), (2.0, 4.0));
        assert_eq!(short(2500.0), "2500");
        assert_eq!(short(-7.5), "-7.5");
        assert_eq!(short(1e7), "1e7");
        assert_eq!(short(-0.0), "0");
        assert_eq!(parse_size("800x600").unwrap(), (800, 600));
        assert!(parse_size("800").is_err());
        assert!(Format::of("a.jpg").is_err());
    }
}
