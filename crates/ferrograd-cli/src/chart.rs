//! Line charts drawn as SVG in Matplotlib's default style: a 640×480 figure whose axes fill
//! the same fraction of it, DejaVu Sans at 10 pt (at 100 dpi), 1.5 pt curves, outward ticks
//! on a frame of four spines, "nice" tick steps (1, 2, 2.5 or 5 times a power of ten), and the
//! legend in the corner where it covers the fewest plotted points.
//!
//! Coordinates are written with two decimals (not rounded to whole pixels), so that the PNG
//! rasterised from the SVG by [`crate::raster`] is anti-aliased and both look the same.

use std::fmt::Write as _;

/// The bundled font, DejaVu Sans: the only one used, for measuring text and for drawing it.
pub static FONT: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
/// Its family name, as SVG text refers to it.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// Pixels per point at Matplotlib's default 100 dpi.
const PT: f64 = 100.0 / 72.0;
/// The text size (10 pt).
const FS: f64 = 10.0 * PT;
/// The title's size (12 pt).
const TITLE_FS: f64 = 12.0 * PT;
/// The curves' width (1.5 pt).
const LINE_W: f64 = 1.5 * PT;
/// The spines' and ticks' width (0.8 pt).
const AXIS_W: f64 = 0.8 * PT;
/// The ticks' length and the gap between a tick and its label (3.5 pt each).
const TICK: f64 = 3.5 * PT;
/// The gap between the tick labels and an axis label (4 pt).
const LABEL_PAD: f64 = 4.0 * PT;
/// Matplotlib's minus sign in tick labels.
const MINUS: char = '\u{2212}';

/// An RGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Matplotlib's "red".
pub const RED: Rgb = Rgb(255, 0, 0);
/// Matplotlib's "green".
pub const GREEN: Rgb = Rgb(0, 128, 0);

/// One curve: its pieces between gaps (undefined values, poles), in data coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub label: String,
    /// Its colour.
    pub color: Rgb,
    /// The runs of points joined by lines.
    pub segments: Vec<Vec<(f64, f64)>>,
}

/// A y axis' scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Linear.
    Linear,
    /// Base-10 logarithmic (every y must be positive).
    Log,
}

/// One set of axes with its curves.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The title above the axes, if any.
    pub title: Option<String>,
    /// The x axis' label, if any.
    pub x_label: Option<String>,
    /// The y axis' label, if any.
    pub y_label: Option<String>,
    /// The curves.
    pub series: Vec<Series>,
    /// The x range shown (without margins added).
    pub x_range: (f64, f64),
    /// The y range shown; `None` for the data's range with 5 % margins.
    pub y_limits: Option<(f64, f64)>,
    /// The y axis' scale.
    pub y_scale: Scale,
    /// Whether to draw the legend (when there is more than one curve, by default).
    pub legend: bool,
}

/// A figure: panels stacked from top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// The panels.
    pub panels: Vec<Panel>,
}

/// Text widths in the bundled font.
struct Metrics {
    face: Option<ttf_parser::Face<'static>>,
}

impl Metrics {
    fn new() -> Metrics {
        Metrics {
            face: ttf_parser::Face::parse(FONT, 0).ok(),
        }
    }

    /// The advance width of `text` at `size` pixels.
    fn width(&self, text: &str, size: f64) -> f64 {
        let Some(face) = &self.face else {
            return text.chars().count() as f64 * size * 0.6;
        };
        let upem = f64::from(face.units_per_em());
        let units: f64 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(0.6 * upem, f64::from)
            })
            .sum();
        units / upem * size
    }
}

/// The advance width of `text` at `size` pixels in the bundled font.
pub fn text_width(text: &str, size: f64) -> f64 {
    Metrics::new().width(text, size)
}

/// Ticks on a linear axis, as Matplotlib's `MaxNLocator` with steps 1, 2, 2.5, 5 and 10: at most
/// `nbins` intervals, at multiples of the step, inside `[lo, hi]`. Returns the step and ticks.
///
/// ```
/// let (step, ticks) = ferrograd_cli::chart::nice_ticks(-11.0, 11.0, 9);
/// assert_eq!(step, 2.5);
/// assert_eq!(ticks, [-10.0, -7.5, -5.0, -2.5, 0.0, 2.5, 5.0, 7.5, 10.0]);
/// ```
pub fn nice_ticks(lo: f64, hi: f64, nbins: usize) -> (f64, Vec<f64>) {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return (1.0, vec![lo]);
    }
    let raw = span / nbins.max(1) as f64;
    let scale = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * scale)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * scale);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    // Multiples of the step, rounded to its decimals so that 0 is 0 and 0.3 is 0.3.
    let decimals = decimals_of(step);
    let ticks = (first..=last)
        .map(|k| round_to(k as f64 * step, decimals + 1))
        .collect();
    (step, ticks)
}

/// The number of decimals that write every multiple of `step` exactly (0.25 → 2, 2.5 → 1).
fn decimals_of(step: f64) -> i32 {
    let mut d = (-step.log10().floor()).max(0.0) as i32;
    while d < 17 && ((step * 10f64.powi(d)).round() - step * 10f64.powi(d)).abs() > 1e-6 {
        d += 1;
    }
    d
}

fn round_to(v: f64, decimals: i32) -> f64 {
    if decimals > 15 {
        return v;
    }
    let f = 10f64.powi(decimals);
    let r = (v * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The labels of linear ticks `ticks` spaced by `step`, all in one format: fixed decimals (as
/// many as the step needs), or, for very large or very small numbers, a mantissa with a shared
/// exponent (`0.25e-3`, `0.50e-3`). Zero is `0` and negatives use Matplotlib's minus sign.
///
/// ```
/// use ferrograd_cli::chart::tick_labels;
/// assert_eq!(tick_labels(&[-5.0, -2.5, 0.0, 2.5], 2.5), ["\u{2212}5.0", "\u{2212}2.5", "0.0", "2.5"]);
/// assert_eq!(tick_labels(&[0.0, 5e-4, 1e-3], 5e-4), ["0", "0.5e-3", "1.0e-3"]);
/// ```
pub fn tick_labels(ticks: &[f64], step: f64) -> Vec<String> {
    let biggest = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let sci = biggest >= 1e6 || (biggest > 0.0 && biggest < 1e-2);
    let minus = |s: String| match s.strip_prefix('-') {
        Some(rest) => format!("{MINUS}{rest}"),
        None => s,
    };
    if !sci {
        let d = decimals_of(step) as usize;
        return ticks
            .iter()
            .map(|t| minus(format!("{:.d$}", if *t == 0.0 { 0.0 } else { *t })))
            .collect();
    }
    let exp = biggest.log10().floor() as i32;
    let scale = 10f64.powi(exp);
    let d = decimals_of(step / scale) as usize;
    ticks
        .iter()
        .map(|t| {
            if *t == 0.0 {
                "0".to_string()
            } else {
                minus(format!("{:.d$}e{exp}", t / scale))
            }
        })
        .collect()
}

/// Ticks on a log axis over `[lo, hi]` (positive): the powers of ten inside (with 2× and 5×
/// when fewer than two fit, linear ticks when even those are too few), with their labels in
/// one format: plain numbers from 0.001 to 100000, `1e6` style otherwise.
///
/// ```
/// let (ticks, labels) = ferrograd_cli::chart::log_ticks(0.05, 2000.0);
/// assert_eq!(ticks, [0.1, 1.0, 10.0, 100.0, 1000.0]);
/// assert_eq!(labels, ["0.1", "1", "10", "100", "1000"]);
/// ```
pub fn log_ticks(lo: f64, hi: f64) -> (Vec<f64>, Vec<String>) {
    let (a, b) = (lo.log10(), hi.log10());
    let powers: Vec<i32> = ((a - 1e-9).ceil() as i32..=(b + 1e-9).floor() as i32).collect();
    let every = powers.len().div_ceil(9).max(1) as i32;
    let mut ticks: Vec<(f64, i32)> = powers
        .iter()
        .filter(|p| p.rem_euclid(every) == 0)
        .map(|&p| (10f64.powi(p), p))
        .collect();
    if ticks.len() < 2 {
        ticks.clear();
        for p in (a.floor() as i32)..=(b.ceil() as i32) {
            for m in [1.0, 2.0, 5.0] {
                let v = m * 10f64.powi(p);
                if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                    ticks.push((v, p));
                }
            }
        }
    }
    if ticks.len() < 2 {
        let (step, lin) = nice_ticks(lo, hi, 5);
        let labels = tick_labels(&lin, step);
        return (lin, labels);
    }
    let plain = ticks.iter().all(|(_, p)| (-3..=5).contains(p));
    let labels = ticks
        .iter()
        .map(|&(v, p)| {
            if plain {
                let d = (-p).max(0) as usize;
                format!("{v:.d$}")
            } else {
                let m = (v / 10f64.powi(p)).round();
                if m == 1.0 {
                    format!("1e{p}")
                } else {
                    format!("{m}e{p}")
                }
            }
        })
        .collect();
    (ticks.into_iter().map(|(v, _)| v).collect(), labels)
}

/// `[lo, hi]` widened by 5 % on each side (Matplotlib's margins); a point widened to a range.
fn with_margins(lo: f64, hi: f64) -> (f64, f64) {
    let span = hi - lo;
    if span <= f64::EPSILON * hi.abs().max(lo.abs()).max(1e-300) {
        let pad = (hi.abs() * 0.1).max(1.0);
        return (lo - pad, hi + pad);
    }
    (lo - span * 0.05, hi + span * 0.05)
}

/// The y range of a panel: its limits, or its points' range with margins (in log space on a
/// log axis).
pub fn y_range(p: &Panel) -> (f64, f64) {
    if let Some(l) = p.y_limits {
        return l;
    }
    let ys = p
        .series
        .iter()
        .flat_map(|s| s.segments.iter().flatten().map(|q| q.1))
        .filter(|v| v.is_finite() && (p.y_scale == Scale::Linear || *v > 0.0));
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    match p.y_scale {
        Scale::Linear if lo <= hi => with_margins(lo, hi),
        Scale::Linear => (-1.0, 1.0),
        Scale::Log if lo <= hi => {
            let (a, b) = with_margins(lo.log10(), hi.log10());
            (10f64.powf(a), 10f64.powf(b))
        }
        Scale::Log => (0.1, 10.0),
    }
}

/// The legend's corners, in Matplotlib's order of preference for `loc="best"`.
const CORNERS: [(&str, bool, bool); 4] = [
    ("upper right", true, true),
    ("upper left", false, true),
    ("lower left", false, false),
    ("lower right", true, false),
];

/// Where one panel's parts go, in pixels.
struct Axes {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    x: (f64, f64),
    y: (f64, f64),
    log: bool,
}

impl Axes {
    fn px(&self, x: f64) -> f64 {
        self.left + (x - self.x.0) / (self.x.1 - self.x.0) * (self.right - self.left)
    }
    fn py(&self, y: f64) -> f64 {
        let (v, a, b) = if self.log {
            (y.log10(), self.y.0.log10(), self.y.1.log10())
        } else {
            (y, self.y.0, self.y.1)
        };
        self.bottom - (v - a) / (b - a) * (self.bottom - self.top)
    }
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The figure as an SVG document.
pub fn to_svg(fig: &Figure) -> String {
    let m = Metrics::new();
    let (w, h) = (f64::from(fig.size.0), f64::from(fig.size.1));
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{FONT_FAMILY}, sans-serif">"#,
        fig.size.0, fig.size.1, fig.size.0, fig.size.1
    );
    let _ = writeln!(
        s,
        r#"<rect class="background" width="{w}" height="{h}" fill="white"/>"#
    );
    let n = fig.panels.len().max(1) as f64;
    for (i, p) in fig.panels.iter().enumerate() {
        let band = (h / n * i as f64, h / n);
        draw_panel(&mut s, &m, p, i, w, band);
    }
    s.push_str("</svg>\n");
    s
}

fn draw_panel(s: &mut String, m: &Metrics, p: &Panel, index: usize, w: f64, band: (f64, f64)) {
    let (band_top, band_h) = band;
    let (x0, x1) = if p.x_range.1 > p.x_range.0 {
        with_margins(p.x_range.0, p.x_range.1)
    } else {
        with_margins(p.x_range.0, p.x_range.0)
    };
    let (y0, y1) = y_range(p);
    let log = p.y_scale == Scale::Log;

    // Ticks first: the labels' widths decide the left margin.
    let nbins = |len_px: f64, per: f64| ((len_px / PT / (10.0 * per)).floor() as usize).clamp(1, 9);
    let top = band_top
        + (0.12 * band_h).max(if p.title.is_some() {
            TITLE_FS * 1.6
        } else {
            0.0
        });
    let bottom_needed = 2.0 * TICK
        + FS * 1.2
        + if p.x_label.is_some() {
            LABEL_PAD + FS * 1.2
        } else {
            0.0
        };
    let bottom = band_top + band_h - (0.11 * band_h).max(bottom_needed);
    let (yticks, ylabels) = if log {
        log_ticks(y0, y1)
    } else {
        let (step, t) = nice_ticks(y0, y1, nbins(bottom - top, 2.0));
        let l = tick_labels(&t, step);
        (t, l)
    };
    let label_w = ylabels.iter().map(|l| m.width(l, FS)).fold(0.0, f64::max);
    let left_needed = label_w
        + 2.0 * TICK
        + 4.0
        + if p.y_label.is_some() {
            LABEL_PAD + FS * 1.2
        } else {
            0.0
        };
    let left = (0.125 * w).max(left_needed);
    let right = 0.9 * w;
    let (xstep, xticks) = nice_ticks(x0, x1, nbins(right - left, 3.0));
    let xlabels = tick_labels(&xticks, xstep);
    let ax = Axes {
        left,
        right,
        top,
        bottom,
        x: (x0, x1),
        y: (y0, y1),
        log,
    };

    let _ = writeln!(s, r#"<g class="axes" id="axes{index}">"#);
    if let Some(t) = &p.title {
        let _ = writeln!(
            s,
            r#"<text class="title" x="{:.2}" y="{:.2}" font-size="{TITLE_FS:.2}" text-anchor="middle">{}</text>"#,
            (left + right) / 2.0,
            top - 6.0 * PT,
            xml(t)
        );
    }
    // The curves, clipped to the axes.
    let _ = writeln!(
        s,
        r#"<clipPath id="clip{index}"><rect x="{left:.2}" y="{top:.2}" width="{:.2}" height="{:.2}"/></clipPath>"#,
        right - left,
        bottom - top
    );
    let _ = writeln!(s, r#"<g clip-path="url(#clip{index})">"#);
    let mut drawn: Vec<(f64, f64)> = Vec::new();
    for (k, se) in p.series.iter().enumerate() {
        for seg in &se.segments {
            let pts = thin(
                seg.iter()
                    .filter(|q| q.1.is_finite() && (!log || q.1 > 0.0))
                    .map(|&(x, y)| (ax.px(x), ax.py(y))),
            );
            if pts.is_empty() {
                continue;
            }
            let mut d = String::new();
            for (j, (x, y)) in pts.iter().enumerate() {
                let _ = write!(d, "{}{x:.2},{y:.2}", if j == 0 { "" } else { " " });
            }
            let _ = writeln!(
                s,
                r#"<polyline class="curve" data-series="{k}" points="{d}" fill="none" stroke="{}" stroke-width="{LINE_W:.2}" stroke-linejoin="round" stroke-linecap="square"/>"#,
                se.color.hex()
            );
            // What the legend must not cover: the points and the lines between them.
            for pair in pts.windows(2) {
                for t in 0..8 {
                    let f = t as f64 / 8.0;
                    drawn.push((
                        pair[0].0 + (pair[1].0 - pair[0].0) * f,
                        pair[0].1 + (pair[1].1 - pair[0].1) * f,
                    ));
                }
            }
            if let Some(last) = pts.last() {
                drawn.push(*last);
            }
        }
    }
    s.push_str("</g>\n");

    // The frame and the ticks.
    let _ = writeln!(
        s,
        r#"<rect class="frame" x="{left:.2}" y="{top:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="black" stroke-width="{AXIS_W:.2}" stroke-linejoin="miter"/>"#,
        right - left,
        bottom - top
    );
    for (t, l) in xticks.iter().zip(&xlabels) {
        let x = ax.px(*t);
        if x < left - 0.5 || x > right + 0.5 {
            continue;
        }
        let _ = writeln!(
            s,
            r#"<g class="xtick"><line x1="{x:.2}" y1="{bottom:.2}" x2="{x:.2}" y2="{:.2}" stroke="black" stroke-width="{AXIS_W:.2}"/><text class="xtick-label" x="{x:.2}" y="{:.2}" font-size="{FS:.2}" text-anchor="middle">{}</text></g>"#,
            bottom + TICK,
            bottom + 2.0 * TICK + 0.76 * FS,
            xml(l)
        );
    }
    for (t, l) in yticks.iter().zip(&ylabels) {
        let y = ax.py(*t);
        if !y.is_finite() || y < top - 0.5 || y > bottom + 0.5 {
            continue;
        }
        let _ = writeln!(
            s,
            r#"<g class="ytick"><line x1="{left:.2}" y1="{y:.2}" x2="{:.2}" y2="{y:.2}" stroke="black" stroke-width="{AXIS_W:.2}"/><text class="ytick-label" x="{:.2}" y="{:.2}" font-size="{FS:.2}" text-anchor="end">{}</text></g>"#,
            left - TICK,
            left - 2.0 * TICK,
            y + 0.36 * FS,
            xml(l)
        );
    }
    if let Some(l) = &p.x_label {
        let _ = writeln!(
            s,
            r#"<text class="xlabel" x="{:.2}" y="{:.2}" font-size="{FS:.2}" text-anchor="middle">{}</text>"#,
            (left + right) / 2.0,
            bottom + 2.0 * TICK + 1.2 * FS + LABEL_PAD + 0.76 * FS,
            xml(l)
        );
    }
    if let Some(l) = &p.y_label {
        let x = left - 2.0 * TICK - label_w - LABEL_PAD;
        let y = (top + bottom) / 2.0;
        let _ = writeln!(
            s,
            r#"<text class="ylabel" x="{x:.2}" y="{y:.2}" font-size="{FS:.2}" text-anchor="middle" transform="rotate(-90 {x:.2} {y:.2})">{}</text>"#,
            xml(l)
        );
    }
    if p.legend && !p.series.is_empty() {
        draw_legend(s, m, p, &ax, &drawn);
    }
    s.push_str("</g>\n");
}

/// The legend box's size for these labels.
fn legend_size(m: &Metrics, p: &Panel) -> (f64, f64) {
    let text_w = p
        .series
        .iter()
        .map(|se| m.width(&se.label, FS))
        .fold(0.0, f64::max);
    let rows = p.series.len() as f64;
    let w = 2.0 * 0.4 * FS + 2.0 * FS + 0.8 * FS + text_w;
    let h = 2.0 * 0.4 * FS + rows * 1.04 * FS + (rows - 1.0) * 0.5 * FS;
    (w, h)
}

/// The points of a curve in pixels, with every run of more than four consecutive points in one
/// pixel column reduced to its first, lowest, highest and last (in their order): the line drawn
/// looks the same, and a curve has at most four points per column however many were computed.
///
/// ```
/// // 100 points in the column from 0 to 1, then two in the next.
/// let pts = (0..100).map(|i| (i as f64 / 128.0, (i % 7) as f64));
/// let thin = ferrograd_cli::chart::thin(pts.chain([(1.0, 5.0), (1.5, 2.0)]));
/// assert_eq!(thin, [(0.0, 0.0), (6.0 / 128.0, 6.0), (99.0 / 128.0, 1.0), (1.0, 5.0), (1.5, 2.0)]);
/// ```
pub fn thin(pts: impl IntoIterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64)>, out: &mut Vec<(f64, f64)>| {
        if run.len() <= 4 {
            out.append(run);
            return;
        }
        let (mut lo, mut hi) = (0, 0);
        for (i, p) in run.iter().enumerate() {
            if p.1 < run[lo].1 {
                lo = i;
            }
            if p.1 > run[hi].1 {
                hi = i;
            }
        }
        let mut keep = [0, lo.min(hi), lo.max(hi), run.len() - 1];
        keep.sort_unstable();
        let mut last = usize::MAX;
        for i in keep {
            if i != last {
                out.push(run[i]);
                last = i;
            }
        }
        run.clear();
    };
    for p in pts {
        if run.first().is_some_and(|q| q.0.floor() != p.0.floor()) {
            flush(&mut run, &mut out);
        }
        run.push(p);
    }
    flush(&mut run, &mut out);
    out
}

/// The corner (of [`CORNERS`]) whose legend box holds the fewest of `drawn`, and that count.
fn best_corner(ax: &Axes, size: (f64, f64), drawn: &[(f64, f64)]) -> (usize, (f64, f64), usize) {
    let pad = 0.5 * FS;
    let mut best = (0, (0.0, 0.0), usize::MAX);
    for (i, &(_, right, upper)) in CORNERS.iter().enumerate() {
        let x = if right {
            ax.right - pad - size.0
        } else {
            ax.left + pad
        };
        let y = if upper {
            ax.top + pad
        } else {
            ax.bottom - pad - size.1
        };
        let inside = drawn
            .iter()
            .filter(|q| q.0 >= x && q.0 <= x + size.0 && q.1 >= y && q.1 <= y + size.1)
            .count();
        if inside < best.2 {
            best = (i, (x, y), inside);
        }
    }
    best
}

fn draw_legend(s: &mut String, m: &Metrics, p: &Panel, ax: &Axes, drawn: &[(f64, f64)]) {
    let size = legend_size(m, p);
    let (corner, (x, y), _) = best_corner(ax, size, drawn);
    let _ = writeln!(
        s,
        r##"<g class="legend" data-corner="{}"><rect class="legend-box" x="{x:.2}" y="{y:.2}" width="{:.2}" height="{:.2}" rx="{:.2}" fill="white" fill-opacity="0.8" stroke="#cccccc" stroke-width="{AXIS_W:.2}"/>"##,
        CORNERS[corner].0,
        size.0,
        size.1,
        0.2 * FS
    );
    for (k, se) in p.series.iter().enumerate() {
        let cy = y + 0.4 * FS + k as f64 * 1.54 * FS + 0.52 * FS;
        let hx = x + 0.4 * FS;
        let _ = writeln!(
            s,
            r#"<line x1="{hx:.2}" y1="{cy:.2}" x2="{:.2}" y2="{cy:.2}" stroke="{}" stroke-width="{LINE_W:.2}" stroke-linecap="square"/><text class="legend-label" x="{:.2}" y="{:.2}" font-size="{FS:.2}">{}</text>"#,
            hx + 2.0 * FS,
            se.color.hex(),
            hx + 2.8 * FS,
            cy + 0.36 * FS,
            xml(&se.label)
        );
    }
    s.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_snapped_and_labelled_alike() {
        let (step, t) = nice_ticks(-0.3, 0.3, 9);
        assert_eq!(step, 0.1);
        assert_eq!(t, [-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3]);
        assert_eq!(
            tick_labels(&t, step),
            ["−0.3", "−0.2", "−0.1", "0.0", "0.1", "0.2", "0.3"]
        );
        let (step, t) = nice_ticks(-11000.0, 11000.0, 9);
        assert_eq!(step, 2500.0);
        assert_eq!(tick_labels(&t, step)[4], "0");
        assert_eq!(tick_labels(&t, step)[5], "2500");
        let (step, t) = nice_ticks(0.0, 0.0011, 9);
        assert_eq!(step, 0.0002);
        assert_eq!(
            tick_labels(&t, step),
            ["0", "0.2e-3", "0.4e-3", "0.6e-3", "0.8e-3", "1.0e-3"]
        );
        let (step, t) = nice_ticks(0.0, 3.5e7, 5);
        assert_eq!(step, 1e7);
        assert_eq!(tick_labels(&t, step), ["0", "1e7", "2e7", "3e7"]);
        let (ticks, labels) = log_ticks(1e-5, 1e8);
        assert_eq!(ticks.len(), 7);
        assert_eq!(labels[0], "1e-4");
        let (ticks, labels) = log_ticks(3.0, 40.0);
        assert_eq!(ticks, [5.0, 10.0, 20.0]);
        assert_eq!(labels, ["5", "10", "20"]);
    }

    #[test]
    fn the_legend_takes_the_emptiest_corner() {
        let ax = Axes {
            left: 0.0,
            right: 100.0,
            top: 0.0,
            bottom: 100.0,
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            log: false,
        };
        let pts = [(85.0, 15.0), (10.0, 10.0), (12.0, 12.0)];
        let (corner, _, count) = best_corner(&ax, (20.0, 20.0), &pts);
        assert_eq!((CORNERS[corner].0, count), ("lower left", 0));
        let (corner, _, _) = best_corner(&ax, (20.0, 20.0), &[]);
        assert_eq!(CORNERS[corner].0, "upper right");
    }
}
