//! Seed 003: derivatives at a point, partial derivatives, and the derivative of `10x³` over
//! `linspace(-10, 10, 100)`, plotted beside the function into `seed_003.png`.
//! Prints exactly what `seed_003.py` prints on PyTorch.

use ferrograd::{PyRepr, Tensor};
use plotters::prelude::*;
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

/// The function (red) and its derivative (green) over the domain, as the seed's Matplotlib plot.
fn plot(path: &str, xs: &[f64], f: &[f64], df: &[f64]) -> Result<(), Box<dyn std::error::Error>> {
    plotters::style::register_font(
        "sans-serif",
        FontStyle::Normal,
        include_bytes!("../../../assets/DejaVuSans.ttf"),
    )
    .map_err(|_| "the bundled font could not be read")?;
    let root = BitMapBackend::new(path, (640, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    let lo = f.iter().chain(df).cloned().fold(f64::INFINITY, f64::min);
    let hi = f
        .iter()
        .chain(df)
        .cloned()
        .fold(f64::NEG_INFINITY, f64::max);
    let pad = (hi - lo) * 0.05;
    let mut chart = ChartBuilder::on(&root)
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(xs[0] - 1.0..xs[xs.len() - 1] + 1.0, lo - pad..hi + pad)?;
    chart.configure_mesh().disable_mesh().x_desc("x").draw()?;
    let pts = |ys: &[f64]| {
        xs.iter()
            .cloned()
            .zip(ys.iter().cloned())
            .collect::<Vec<_>>()
    };
    chart
        .draw_series(LineSeries::new(pts(f), RED.stroke_width(2)))?
        .label("Main Function")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(pts(df), GREEN.stroke_width(2)))?
        .label("Derivative of function")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], GREEN.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(())
}
