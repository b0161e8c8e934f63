//! Seed 003: derivatives at a point, partial derivatives, and the derivative of `10x³` over
//! `linspace(-10, 10, 100)`, plotted beside the function into `seed_003.png` (or the file named
//! by the first argument), drawn in the style of `ferrograd tour`'s plot: Matplotlib's defaults.
//! Prints exactly what `seed_003.py` prints on PyTorch.

use ferrograd::{PyRepr, Tensor};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let x = Tensor::new(3.0).requires_grad_(true);
    println!("{x}");
    let y = 3.0 * x.pow(2);
    println!("Value of function at x=3 is: {y}");
    y.backward();
    println!("Derivative of Above equation is: {}", x.grad().py());

    let x = Tensor::new(3.0).requires_grad_(true);
    let y = 6.0 * x.pow(2) + 2.0 * &x + 4.0;
    println!("Result of the equation is:  {y}");
    y.backward();
    println!("Derivative of the equation at x = 3 is:  {}", x.grad().py());

    let u = Tensor::new(3.0).requires_grad_(true);
    let v = Tensor::new(4.0).requires_grad_(true);
    let f = u.pow(2) + v.pow(3) + 2.0 * &u * &v + &u + &v;
    println!("{u}");
    println!("{v}");
    println!("{f}");
    f.backward();
    println!("Partial derivative with respect to u:  {}", u.grad().py());
    println!("Partial derivative with respect to v:  {}", v.grad().py());

    let x = Tensor::linspace(-10.0, 10.0, 100).requires_grad_(true);
    let big_y = 10.0 * x.pow(3);
    let y = big_y.sum();
    y.backward();
    println!("{x}");
    println!("{big_y}");
    println!("{}", x.grad().py());

    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "seed_003.png".to_string());
    plot(
        &path,
        &x.detach().to_vec::<f64>(),
        &big_y.detach().to_vec::<f64>(),
        &x.grad().expect("filled by backward").to_vec::<f64>(),
    )
}

/// Pixels per point at Matplotlib's 100 dpi, and the text size (10 pt) as an em in pixels.
const PT: f64 = 100.0 / 72.0;
const FS: f64 = 10.0 * PT;
/// Plotters sizes text by ascent + descent, which is 1.164 em in DejaVu Sans.
const FONT_PX: f64 = FS * 1.164;
/// The figure and its axes, as Matplotlib's defaults (and `ferrograd tour`) place them.
const SIZE: (u32, u32) = (640, 480);
const AXES: (f64, f64, f64, f64) = (80.0, 576.0, 57.6, 427.2); // left, right, top, bottom

/// Ticks at multiples of 1, 2, 2.5 or 5 times a power of ten, at most 9 intervals (Matplotlib's
/// `MaxNLocator`), with labels in one format (as many decimals as the step needs, `−` for minus).
fn ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let raw = (hi - lo) / 9.0;
    let scale = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * scale)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * scale);
    let mut decimals = (-step.log10().floor()).max(0.0) as usize;
    while ((step * 10f64.powi(decimals as i32)).fract()).abs() > 1e-6 {
        decimals += 1;
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            let label = format!("{:.decimals$}", if k == 0 { 0.0 } else { v });
            (v, label.replacen('-', "\u{2212}", 1))
        })
        .collect()
}

/// The function (red) and its derivative (green) over the domain, as the seed's Matplotlib plot
/// and `ferrograd tour` draw it: the same axes, ticks, font, colours, line widths and legend
/// (in the corner, of Matplotlib's order of preference, that covers the fewest points).
fn plot(path: &str, xs: &[f64], f: &[f64], df: &[f64]) -> Result<(), Box<dyn std::error::Error>> {
    plotters::style::register_font(
        "sans-serif",
        FontStyle::Normal,
        include_bytes!("../../../assets/DejaVuSans.ttf"),
    )
    .map_err(|_| "the bundled font could not be read")?;
    let root = BitMapBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let margins = |lo: f64, hi: f64| (lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05);
    let (x0, x1) = margins(xs[0], xs[xs.len() - 1]);
    let lo = f.iter().chain(df).cloned().fold(f64::INFINITY, f64::min);
    let hi = f
        .iter()
        .chain(df)
        .cloned()
        .fold(f64::NEG_INFINITY, f64::max);
    let (y0, y1) = margins(lo, hi);
    let (left, right, top, bottom) = AXES;
    let px = |x: f64| left + (x - x0) / (x1 - x0) * (right - left);
    let py = |y: f64| bottom - (y - y0) / (y1 - y0) * (bottom - top);
    let at = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let font = ("sans-serif", FONT_PX).into_font();
    let text = |pos: Pos| TextStyle::from(font.clone()).pos(pos);

    let curves = [
        (f, RED, "Main Function"),
        (df, RGBColor(0, 128, 0), "Derivative of function"),
    ];
    let mut drawn = Vec::new();
    for (ys, colour, _) in &curves {
        let pts: Vec<(i32, i32)> = xs
            .iter()
            .zip(ys.iter())
            .map(|(&x, &y)| at(px(x), py(y)))
            .collect();
        drawn.extend(pts.windows(2).flat_map(|w| {
            (0..8).map(move |t| {
                let s = f64::from(t) / 8.0;
                (
                    f64::from(w[0].0) + f64::from(w[1].0 - w[0].0) * s,
                    f64::from(w[0].1) + f64::from(w[1].1 - w[0].1) * s,
                )
            })
        }));
        root.draw(&PathElement::new(pts, colour.stroke_width(2)))?;
    }
    root.draw(&Rectangle::new(
        [at(left, top), at(right, bottom)],
        BLACK.stroke_width(1),
    ))?;
    let tick = 3.5 * PT;
    for (v, label) in ticks(x0, x1) {
        let x = px(v);
        root.draw(&PathElement::new(
            vec![at(x, bottom), at(x, bottom + tick)],
            BLACK,
        ))?;
        root.draw(&Text::new(
            label,
            at(x, bottom + 2.0 * tick),
            text(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    for (v, label) in ticks(y0, y1) {
        let y = py(v);
        root.draw(&PathElement::new(
            vec![at(left - tick, y), at(left, y)],
            BLACK,
        ))?;
        root.draw(&Text::new(
            label,
            at(left - 2.0 * tick, y),
            text(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    let x_label_top = bottom + 2.0 * tick + 1.2 * FS + 4.0 * PT;
    root.draw(&Text::new(
        "x",
        at((left + right) / 2.0, x_label_top),
        text(Pos::new(HPos::Center, VPos::Top)),
    ))?;

    // The legend: handle, gap and label in a box, in the emptiest corner.
    let text_w = curves
        .iter()
        .map(|c| {
            root.estimate_text_size(c.2, &TextStyle::from(font.clone()))
                .map(|s| f64::from(s.0))
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let (w, h) = (3.6 * FS + text_w, 0.8 * FS + 2.0 * 1.04 * FS + 0.5 * FS);
    let pad = 0.5 * FS;
    let corners = [
        (right - pad - w, top + pad),
        (left + pad, top + pad),
        (left + pad, bottom - pad - h),
        (right - pad - w, bottom - pad - h),
    ];
    let covered = |&(x, y): &(f64, f64)| {
        drawn
            .iter()
            .filter(|p| p.0 >= x && p.0 <= x + w && p.1 >= y && p.1 <= y + h)
            .count()
    };
    let (bx, by) = corners
        .iter()
        .copied()
        .min_by_key(|c| covered(c))
        .unwrap_or(corners[1]);
    root.draw(&Rectangle::new(
        [at(bx, by), at(bx + w, by + h)],
        WHITE.mix(0.8).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [at(bx, by), at(bx + w, by + h)],
        RGBColor(204, 204, 204),
    ))?;
    for (k, (_, colour, label)) in curves.iter().enumerate() {
        let cy = by + 0.4 * FS + k as f64 * 1.54 * FS + 0.52 * FS;
        let hx = bx + 0.4 * FS;
        root.draw(&PathElement::new(
            vec![at(hx, cy), at(hx + 2.0 * FS, cy)],
            colour.stroke_width(2),
        ))?;
        root.draw(&Text::new(
            *label,
            at(hx + 2.8 * FS, cy),
            text(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    root.present()?;
    Ok(())
}
