//! What the digits examples share: the per-epoch curves and their plot.

use plotters::prelude::*;
use plotters::style::FontStyle;

/// Per-epoch figures: the mean training loss, and the training and test accuracy.
#[derive(Default)]
pub struct Curves {
    pub loss: Vec<f64>,
    pub train_accuracy: Vec<f64>,
    pub test_accuracy: Vec<f64>,
}

impl Curves {
    /// Two panels side by side: the loss, and both accuracies, against the epoch.
    pub fn plot(&self, path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
        plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../../../../assets/DejaVuSans.ttf"),
        )
        .map_err(|_| "the bundled font could not be read")?;
        let root = BitMapBackend::new(path, (1000, 400)).into_drawing_area();
        root.fill(&WHITE)?;
        let (left, right) = root.split_horizontally(500);
        let epochs = self.loss.len().max(1) as f64;
        let points = |ys: &[f64]| -> Vec<(f64, f64)> {
            ys.iter()
                .enumerate()
                .map(|(i, &y)| ((i + 1) as f64, y))
                .collect()
        };
        let blue = RGBColor(31, 119, 180);
        let orange = RGBColor(255, 127, 14);

        let top = self.loss.iter().cloned().fold(0.0, f64::max) * 1.05;
        let mut chart = ChartBuilder::on(&left)
            .caption("training loss", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(1.0..epochs, 0.0..top.max(1e-3))?;
        chart
            .configure_mesh()
            .x_desc("epoch")
            .y_desc("cross-entropy")
            .draw()?;
        chart.draw_series(LineSeries::new(points(&self.loss), blue.stroke_width(2)))?;

        let low = self
            .train_accuracy
            .iter()
            .chain(&self.test_accuracy)
            .cloned()
            .fold(1.0, f64::min);
        let mut chart = ChartBuilder::on(&right)
            .caption("accuracy", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(1.0..epochs, (low - 0.02).max(0.0)..1.0)?;
        chart.configure_mesh().x_desc("epoch").draw()?;
        chart
            .draw_series(LineSeries::new(
                points(&self.train_accuracy),
                blue.stroke_width(2),
            ))?
            .label("train")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], blue));
        chart
            .draw_series(LineSeries::new(
                points(&self.test_accuracy),
                orange.stroke_width(2),
            ))?
            .label("test")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], orange));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
        Ok(())
    }
}
