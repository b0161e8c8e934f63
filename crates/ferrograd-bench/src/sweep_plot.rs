//! The sweep's outputs: `sweep.csv`, one log-log PNG per family (plotters), and a Markdown
//! summary of every point's figure (computed from the CPU time of a run).

use crate::sweep::{Family, Point, FAMILIES};
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::collections::BTreeMap;
use std::path::Path;

/// Writes the points, one line each, after a `#` line with `header`.
pub(crate) fn write_csv(path: &Path, header: &str, points: &[Point]) -> std::io::Result<()> {
    let mut s = format!(
        "# {header}\nfamily,series,size,wall_seconds,cpu_seconds,page_faults,reps,figure,peak_rss_mib\n"
    );
    for p in points {
        let fam = FAMILIES.iter().find(|f| f.name == p.family);
        let fig = fam.map_or(f64::NAN, |f| f.figure(p.x, p.secs));
        s.push_str(&format!(
            "{},{},{},{:.9},{:.9},{:.1},{},{:.4},{:.0}\n",
            p.family, p.series, p.x, p.wall, p.secs, p.faults, p.reps, fig, p.peak_mib
        ));
    }
    std::fs::write(path, s)
}

/// Reads back a `sweep.csv`: its header line (after `# `) and its points.
pub(crate) fn read_csv(path: &Path) -> Result<(String, Vec<Point>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut header = String::new();
    let mut points = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(h) = line.strip_prefix("# ") {
            header = h.to_string();
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        if f.first() == Some(&"family") || line.is_empty() {
            continue;
        }
        let num = |j: usize| {
            f.get(j)
                .and_then(|v| v.parse::<f64>().ok())
                .ok_or_else(|| format!("{}:{}: bad field {j}: {line}", path.display(), i + 1))
        };
        points.push(Point {
            family: f[0].to_string(),
            series: f.get(1).unwrap_or(&"").to_string(),
            x: num(2)?,
            wall: num(3)?,
            secs: num(4)?,
            faults: num(5)?,
            reps: num(6)? as usize,
            peak_mib: num(8)?,
        });
    }
    Ok((header, points))
}

/// Series in the order they were measured.
fn by_series<'a>(points: &[&'a Point]) -> Vec<(String, Vec<&'a Point>)> {
    let mut out: Vec<(String, Vec<&Point>)> = Vec::new();
    for p in points {
        match out.iter_mut().find(|(s, _)| *s == p.series) {
            Some((_, v)) => v.push(p),
            None => out.push((p.series.clone(), vec![p])),
        }
    }
    out
}

/// Colour of a series: ferrograd blue, PyTorch orange, JAX green; a library's second variant a
/// lighter shade of its colour.
fn colour(series: &str) -> RGBColor {
    let second = series.contains("vectorized") || series.contains("nested");
    match (series.split_whitespace().next().unwrap_or(""), second) {
        ("ferrograd", false) => RGBColor(31, 119, 180),
        ("ferrograd", true) => RGBColor(120, 180, 230),
        ("PyTorch", false) => RGBColor(230, 100, 0),
        ("PyTorch", true) => RGBColor(250, 180, 90),
        ("JAX", false) => RGBColor(44, 160, 44),
        ("JAX", true) => RGBColor(140, 210, 120),
        _ => RGBColor(120, 120, 120),
    }
}

/// A range of whole decades holding every value, for a log axis.
fn decades(vals: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = vals
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)));
    if lo > hi {
        return (1.0, 10.0);
    }
    let lo = 10f64.powf(lo.log10().floor());
    let hi = 10f64.powf(hi.log10().ceil());
    if hi <= lo {
        (lo, lo * 10.0)
    } else {
        (lo, hi)
    }
}

/// One log-log plot of a family: a line per series, the unit on each axis, `note` under the title.
pub(crate) fn plot(
    fam: &Family,
    points: &[&Point],
    note: &str,
    path: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    plotters::style::register_font(
        "sans-serif",
        FontStyle::Normal,
        include_bytes!("../../../assets/DejaVuSans.ttf"),
    )
    .map_err(|_| "the bundled font could not be read")?;
    let series = by_series(points);
    let (x0, x1) = {
        let xs: Vec<f64> = points.iter().map(|p| p.x).collect();
        let lo = xs.iter().cloned().fold(f64::MAX, f64::min);
        let hi = xs.iter().cloned().fold(f64::MIN, f64::max);
        (lo / 1.3, hi * 1.3)
    };
    // one decade more on the side of the legend, which then covers no line
    let (mut y0, mut y1) = decades(points.iter().map(|p| fam.figure(p.x, p.secs)));
    if fam.higher_is_better {
        y0 /= 10.0;
    } else {
        y1 *= 10.0;
    }
    let root = BitMapBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, body) = root.split_vertically(56);
    top.draw(&Text::new(
        fam.title.to_string(),
        (16, 8),
        ("sans-serif", 20).into_font(),
    ))?;
    top.draw(&Text::new(
        note.to_string(),
        (16, 33),
        ("sans-serif", 14).into_font().color(&RGBColor(90, 90, 90)),
    ))?;
    let mut chart = ChartBuilder::on(&body)
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())?;
    chart
        .configure_mesh()
        .x_desc(fam.x_label)
        .y_desc(fam.y_label)
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    for (name, pts) in &series {
        let c = colour(name);
        let xy: Vec<(f64, f64)> = pts.iter().map(|p| (p.x, fam.figure(p.x, p.secs))).collect();
        chart
            .draw_series(LineSeries::new(xy.clone(), c.stroke_width(2)))?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
        chart.draw_series(xy.iter().map(|&p| Circle::new(p, 3, c.filled())))?;
    }
    // costs fall or stay flat with the size, except the derivatives' (which rise)
    let pos = match (fam.higher_is_better, fam.name) {
        (true, _) => SeriesLabelPosition::LowerRight,
        (false, "order") => SeriesLabelPosition::UpperLeft,
        (false, _) => SeriesLabelPosition::UpperRight,
    };
    chart
        .configure_series_labels()
        .position(pos)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

/// 1000 → "1k", 1e6 → "1M", 0.01 → "0.01", 2048 → "2048"; sizes such as 9,999 (3,333 steps of
/// three nodes), within 1 of two significant digits, are shown as those (10k).
fn short(v: f64) -> String {
    let v = if v.abs() >= 100.0 {
        let scale = 10f64.powf(v.abs().log10().floor() - 1.0);
        let r = (v / scale).round() * scale;
        if (r - v).abs() <= 1.0 {
            r
        } else {
            return format!("{v}");
        }
    } else {
        v
    };
    let a = v.abs();
    let s = if a >= 1e6 {
        format!("{}M", trim(v / 1e6))
    } else if a >= 1e3 {
        format!("{}k", trim(v / 1e3))
    } else {
        trim(v)
    };
    s
}

fn trim(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Three significant digits (whole numbers from 100 up).
fn sig3(v: f64) -> String {
    match v.abs() {
        a if a >= 100.0 => format!("{v:.0}"),
        a if a >= 10.0 => format!("{v:.1}"),
        a if a >= 1.0 => format!("{v:.2}"),
        _ => format!("{v:.3}"),
    }
}

/// A Markdown table per family: a row per size, a column per series, the figure in each cell.
pub(crate) fn summary(points: &[Point]) -> String {
    let mut s = String::new();
    for fam in FAMILIES.iter() {
        let pts: Vec<&Point> = points.iter().filter(|p| p.family == fam.name).collect();
        if pts.is_empty() {
            continue;
        }
        let series = by_series(&pts);
        let mut rows: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        for (i, (_, ps)) in series.iter().enumerate() {
            for p in ps {
                let row = rows
                    .entry(p.x as u64)
                    .or_insert_with(|| vec![String::new(); series.len()]);
                row[i] = sig3(fam.figure(p.x, p.secs));
            }
        }
        s.push_str(&format!(
            "\n{}: {}\n\n| {} |",
            fam.name, fam.y_label, fam.x_label
        ));
        for (name, _) in &series {
            s.push_str(&format!(" {name} |"));
        }
        s.push_str(&format!("\n|---:|{}\n", "---:|".repeat(series.len())));
        for (x, cells) in rows {
            s.push_str(&format!(
                "| {} | {} |\n",
                short(x as f64),
                cells.join(" | ")
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(series: &str, x: f64, secs: f64) -> Point {
        Point {
            family: "matmul".into(),
            series: series.into(),
            x,
            wall: secs * 2.0,
            secs,
            faults: 1.5,
            reps: 3,
            peak_mib: 50.0,
        }
    }

    #[test]
    fn axis_labels_and_ranges() {
        assert_eq!(short(1000.0), "1k");
        assert_eq!(short(3_000_000.0), "3M");
        assert_eq!(short(0.05), "0.05");
        assert_eq!(short(12.0), "12");
        assert_eq!(short(9_999.0), "10k");
        assert_eq!(short(999_999.0), "1M");
        assert_eq!(short(2_048.0), "2048");
        assert_eq!(short(4_096.0), "4096");
        assert_eq!(short(3_000_000.0), "3M");
        assert_eq!(short(300.0), "300");
        assert_eq!(decades([0.3, 42.0].into_iter()), (0.1, 100.0));
        assert_eq!(decades([10.0].into_iter()), (10.0, 100.0));
    }

    #[test]
    fn summary_has_a_column_per_series_and_a_row_per_size() {
        let pts = vec![
            pt("ferrograd", 1000.0, 6.0),
            pt("PyTorch", 1000.0, 3.0),
            pt("ferrograd", 2000.0, 48.0),
        ];
        let s = summary(&pts);
        assert!(s.contains("| n | ferrograd | PyTorch |"), "{s}");
        assert!(s.contains("| 1k | 1.00 | 2.00 |"), "{s}");
        assert!(s.contains("| 2k | 1.00 |  |"), "{s}");
        assert_eq!(sig3(28708.7), "28709");
        assert_eq!(sig3(12.345), "12.3");
        assert_eq!(sig3(0.4931), "0.493");
    }

    #[test]
    fn writes_a_png_and_a_csv() {
        let dir = std::env::temp_dir().join(format!("ferrograd-sweep-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pts = [pt("ferrograd", 32.0, 1e-5), pt("ferrograd", 64.0, 5e-5)];
        let refs: Vec<&Point> = pts.iter().collect();
        let fam = crate::sweep::family("matmul").unwrap();
        plot(fam, &refs, "test", &dir.join("m.png")).unwrap();
        let png = std::fs::read(dir.join("m.png")).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        write_csv(&dir.join("s.csv"), "h", &pts).unwrap();
        let (header, back) = read_csv(&dir.join("s.csv")).unwrap();
        assert_eq!((header.as_str(), back.as_slice()), ("h", &pts[..]));
        let csv = std::fs::read_to_string(dir.join("s.csv")).unwrap();
        assert_eq!(
            csv.lines().nth(2),
            Some("matmul,ferrograd,32,0.000020000,0.000010000,1.5,3,19.6608,50")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
