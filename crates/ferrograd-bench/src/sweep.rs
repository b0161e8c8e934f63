//! `ferrograd-bench --sweep`: how the cost grows with the amount of work, against PyTorch (and
//! JAX) in the same run.
//!
//! Five families, each a list of sizes: a scalar chain of 1k to 10M nodes (ns per node), the
//! elementwise workload on 1k to 100M elements (GB/s), a square matmul of 32 to 4096 (GFLOP/s),
//! the Rosenbrock Hessian for n = 10 to 1000 (ns per Hessian entry) and the derivatives of
//! sin(x)·exp(x) of order 1 to 12 (µs). The parent process runs one child per library and
//! family, one after the other: `ferrograd-bench --sweep-family NAME` for ferrograd, and
//! `scripts/sweep.py --lib torch|jax` for the others. Each child prints one line per point as it
//! finishes (a crash, or the memory of the largest size, costs only that child). The parent
//! writes `sweep.csv` and one log-log PNG per family (`sweep_plot.rs`).
//!
//! Every point is cheap to measure: one or two untimed warm-up runs, then as many timed runs as
//! fit in the time budget (at least one, at most 200). Each point records the median wall-clock
//! time of those runs and their mean CPU time (every thread of the process); the figures and
//! plots use the CPU time, which the other jobs of a shared machine change much less. A point whose single
//! run is predicted (from the previous points of its line) to take longer than `--max-single`
//! CPU seconds, or to need more memory than `--mem-limit-gib`, is skipped and reported as such.
//! Each point also records the mean number of minor page faults per run.

use crate::{bench_adaptive, hessian, matmul, nth, scalar_chain_n};
use ferrograd::Tensor;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

/// One family of the sweep: its sizes, how its figure is computed and how its work grows.
pub(crate) struct Family {
    /// Name on the command line and in the CSV.
    pub(crate) name: &'static str,
    /// Plot title.
    pub(crate) title: &'static str,
    /// Label of the x axis (the size).
    pub(crate) x_label: &'static str,
    /// Label of the y axis (the figure, with its unit).
    pub(crate) y_label: &'static str,
    /// Sizes of the full sweep.
    pub(crate) full: &'static [usize],
    /// Sizes of `--quick`.
    pub(crate) quick: &'static [usize],
    /// Time grows as size^work (None: as the ratio of the last two points, per step).
    pub(crate) work: Option<f64>,
    /// Memory grows as size^mem.
    pub(crate) mem: f64,
    /// Whether a higher figure is better (a rate) or a lower one (a cost).
    pub(crate) higher_is_better: bool,
}

impl Family {
    /// The figure plotted for a point of size `x` measured at `secs` seconds.
    pub(crate) fn figure(&self, x: f64, secs: f64) -> f64 {
        match self.name {
            "chain" => secs / x * 1e9,
            // a fully fused forward and backward: read a, b, c; read a, b and write the gradient
            "elementwise" => 24.0 * x / secs / 1e9,
            // forward product and the two products of the backward pass
            "matmul" => 6.0 * x.powi(3) / secs / 1e9,
            "hessian" => secs / (x * x) * 1e9,
            _ => secs * 1e6,
        }
    }
}

/// The five families.
pub(crate) const FAMILIES: [Family; 5] = [
    Family {
        name: "chain",
        title: "scalar chain y = sin(y)·1.0001 + 0.001, forward + backward",
        x_label: "nodes in the graph",
        y_label: "ns per node (lower is better)",
        full: &[
            999, 3_000, 9_999, 30_000, 99_999, 300_000, 999_999, 3_000_000, 9_999_999,
        ],
        quick: &[999, 3_000],
        work: Some(1.0),
        mem: 1.0,
        higher_is_better: false,
    },
    Family {
        name: "elementwise",
        title: "(exp(a)·b + c).sum(), forward + backward, float32",
        x_label: "elements",
        y_label: "GB/s, 24 bytes per element (higher is better)",
        full: &[
            1_000,
            3_000,
            10_000,
            30_000,
            100_000,
            300_000,
            1_000_000,
            3_000_000,
            10_000_000,
            30_000_000,
            100_000_000,
        ],
        quick: &[1_000, 10_000],
        work: Some(1.0),
        mem: 1.0,
        higher_is_better: true,
    },
    Family {
        name: "matmul",
        title: "tanh(A @ B).sum(), forward + backward, n×n float32",
        x_label: "n",
        y_label: "GFLOP/s, 6n³ flops (higher is better)",
        full: &[32, 64, 128, 256, 512, 1024, 2048, 4096],
        quick: &[32, 64],
        work: Some(3.0),
        mem: 2.0,
        higher_is_better: true,
    },
    Family {
        name: "hessian",
        title: "Hessian of the Rosenbrock function, float64",
        x_label: "n (the Hessian is n×n)",
        y_label: "ns per Hessian entry (lower is better)",
        full: &[10, 30, 100, 300, 1000],
        quick: &[10, 30],
        work: Some(2.0),
        mem: 2.0,
        higher_is_better: false,
    },
    Family {
        name: "order",
        title: "derivatives of sin(x)·exp(x) at 0.7, float64",
        x_label: "derivative order",
        y_label: "µs per evaluation (lower is better)",
        full: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        quick: &[1, 2, 3],
        work: None,
        mem: 0.0,
        higher_is_better: false,
    },
];

/// Looks a family up by name.
pub(crate) fn family(name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.name == name)
}

/// Limits of one point's measurement.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Seconds of timed runs per point (after the warm-up).
    pub(crate) budget: f64,
    /// A point whose single run is predicted to take longer is skipped.
    pub(crate) max_single: f64,
    /// A point predicted to raise the peak resident memory above this is skipped (GiB).
    pub(crate) mem_limit_gib: f64,
}

/// What the previous points of one line predict for the next.
#[derive(Default)]
pub(crate) struct History {
    /// (size, CPU seconds, peak resident MiB) of the points measured so far.
    pub(crate) points: Vec<(f64, f64, f64)>,
}

impl History {
    /// Predicted CPU seconds of one run at size `x`.
    pub(crate) fn predict_secs(&self, fam: &Family, x: f64) -> Option<f64> {
        let &(x1, t1, _) = self.points.last()?;
        Some(match fam.work {
            Some(p) => t1 * (x / x1).powf(p),
            None => {
                let growth = match self.points.len() {
                    n if n >= 2 => (t1 / self.points[n - 2].1).max(1.0),
                    _ => 1.0,
                };
                t1 * growth.powf(x - x1)
            }
        })
    }

    /// Predicted peak resident MiB at size `x`, from the growth above the baseline `base`.
    pub(crate) fn predict_mib(&self, fam: &Family, x: f64, base: f64) -> Option<f64> {
        let &(x1, _, m1) = self.points.last()?;
        Some(m1 + (m1 - base).max(0.0) * ((x / x1).powf(fam.mem) - 1.0))
    }

    /// Why the point at `x` is skipped, if it is.
    pub(crate) fn skip_reason(
        &self,
        fam: &Family,
        x: f64,
        base: f64,
        lim: &Limits,
    ) -> Option<String> {
        if let Some(t) = self.predict_secs(fam, x) {
            if t > lim.max_single {
                return Some(format!("predicted {t:.1} CPU s per run"));
            }
        }
        if let Some(m) = self.predict_mib(fam, x, base) {
            if m > lim.mem_limit_gib * 1024.0 {
                return Some(format!("predicted {:.1} GiB peak", m / 1024.0));
            }
        }
        None
    }
}

/// Peak resident memory of this process so far (VmHWM), in MiB.
pub(crate) fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// CPU time of this process so far, all its threads (`CLOCK_PROCESS_CPUTIME_ID`), in seconds.
///
/// On a machine shared with other jobs the wall-clock time of a run includes the time it waited
/// for a core; the CPU time does not, and is what the plots show.
pub(crate) fn cpu_seconds() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Minor page faults of this process so far (`/proc/self/stat`, field 10).
pub(crate) fn minor_faults() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            s.rsplit(')')
                .next()?
                .split_whitespace()
                .nth(7)?
                .parse()
                .ok()
        })
        .unwrap_or(0.0)
}

/// The 1-minute load average.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// Memory the kernel reports as available, in GiB.
pub(crate) fn mem_available_gib() -> f64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(8.0, |kib| kib / 1024.0 / 1024.0)
}

fn elementwise_n(n: usize) -> impl FnMut() {
    ferrograd::manual_seed(0);
    let a = Tensor::rand(&[n]).requires_grad_(true);
    let b = Tensor::rand(&[n]);
    let c = Tensor::rand(&[n]);
    move || {
        let y = (a.exp() * &b + &c).sum();
        y.backward();
        a.set_grad(None);
    }
}

fn taylor(order: usize) -> impl FnMut() {
    use ferrograd::autograd::taylor::{derivatives, Real};
    move || {
        std::hint::black_box(derivatives(|x| x.sin() * x.exp(), 0.7, order));
    }
}

/// A workload, ready to run.
type Workload = Box<dyn FnMut()>;
/// A series of a family: its name and the constructor of its workload at a size.
type Series = (&'static str, fn(usize) -> Workload);

/// The series of one family on ferrograd.
fn series(fam: &str) -> Vec<Series> {
    match fam {
        "chain" => vec![("ferrograd", |n| Box::new(move || scalar_chain_n(n)))],
        "elementwise" => vec![("ferrograd", |n| Box::new(elementwise_n(n)))],
        "matmul" => vec![("ferrograd", |n| Box::new(matmul(n)))],
        "hessian" => vec![
            ("ferrograd", |n| Box::new(hessian(n, false))),
            ("ferrograd vectorized", |n| Box::new(hessian(n, true))),
        ],
        _ => vec![
            ("ferrograd Taylor", |k| Box::new(taylor(k))),
            ("ferrograd nested", |k| Box::new(move || nth(k))),
        ],
    }
}

/// The child: measures one family on ferrograd, one line per point on stdout.
pub(crate) fn run_family(fam: &Family, sizes: &[usize], lim: &Limits) {
    let base = peak_rss_mib();
    let out = std::io::stdout();
    for (name, make) in series(fam.name) {
        let mut hist = History::default();
        for &x in sizes {
            if let Some(why) = hist.skip_reason(fam, x as f64, base, lim) {
                let _ = writeln!(out.lock(), "skip\t{}\t{name}\t{x}\t{why}", fam.name);
                continue;
            }
            let mut w = make(x);
            let (wall, cpu, faults, reps) = bench_adaptive(lim.budget, &mut w);
            drop(w);
            let mib = peak_rss_mib();
            hist.points.push((x as f64, cpu, mib));
            let _ = writeln!(
                out.lock(),
                "point\t{}\t{name}\t{x}\t{wall:.9}\t{cpu:.9}\t{faults:.1}\t{reps}\t{mib:.0}",
                fam.name
            );
        }
    }
}

/// One measured point of the sweep.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Point {
    /// Family name.
    pub(crate) family: String,
    /// Library and variant.
    pub(crate) series: String,
    /// Size.
    pub(crate) x: f64,
    /// Median wall-clock seconds of one run.
    pub(crate) wall: f64,
    /// Mean CPU seconds of one run (every thread of the process).
    pub(crate) secs: f64,
    /// Mean minor page faults of one run.
    pub(crate) faults: f64,
    /// Timed runs behind the median.
    pub(crate) reps: usize,
    /// Peak resident memory of the child process after this point, MiB.
    pub(crate) peak_mib: f64,
}

/// Parses a child's line: `Ok(Some(point))`, `Ok(None)` for a skip (printed), `Err` otherwise.
pub(crate) fn parse_line(line: &str) -> Result<Option<Point>, String> {
    let f: Vec<&str> = line.split('\t').collect();
    match f.first() {
        Some(&"point") if f.len() == 9 => {
            let num = |i: usize| f[i].parse::<f64>().map_err(|e| format!("{line}: {e}"));
            Ok(Some(Point {
                family: f[1].into(),
                series: f[2].into(),
                x: num(3)?,
                wall: num(4)?,
                secs: num(5)?,
                faults: num(6)?,
                reps: num(7)? as usize,
                peak_mib: num(8)?,
            }))
        }
        Some(&"skip") if f.len() == 5 => Ok(None),
        _ => Err(format!("unexpected line from a sweep child: {line:?}")),
    }
}

/// Options of the parent process.
pub(crate) struct SweepOptions {
    /// Reduced sizes and budgets: a smoke test of a few seconds.
    pub(crate) quick: bool,
    /// Only these families (all if empty).
    pub(crate) only: Vec<String>,
    /// Directory for sweep.csv and the PNGs.
    pub(crate) out: std::path::PathBuf,
    /// Python with torch, and the sweep script.
    pub(crate) torch_python: Option<String>,
    /// Python with jax.
    pub(crate) jax_python: Option<String>,
    /// The `scripts/sweep.py` to run with those.
    pub(crate) script: std::path::PathBuf,
    /// Compute threads per library.
    pub(crate) threads: usize,
    /// Overrides of the default limits.
    pub(crate) limits: Limits,
}

/// Runs one child and collects its points, echoing every line to stderr as progress.
fn collect(mut cmd: Command, label: &str, points: &mut Vec<Point>) {
    let mut child = match cmd.stdout(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sweep: cannot start {label}: {e}");
            return;
        }
    };
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        eprintln!("  {line}");
        match parse_line(&line) {
            Ok(Some(p)) => points.push(p),
            Ok(None) => {}
            Err(e) => eprintln!("sweep: {e}"),
        }
    }
    match child.wait() {
        Ok(s) if s.success() => {}
        Ok(s) => eprintln!("sweep: {label} ended with {s}; its later points are missing"),
        Err(e) => eprintln!("sweep: {label}: {e}"),
    }
}

/// The parent: every family on every library, then the CSV, the plots and a summary.
pub(crate) fn run_sweep(o: &SweepOptions) -> Result<(), Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    let load_before = load_average();
    let started = std::time::Instant::now();
    let mut points = Vec::new();
    let lim = o.limits;
    let common = |fam: &Family| -> Vec<String> {
        let sizes = if o.quick { fam.quick } else { fam.full };
        let sizes: Vec<String> = sizes.iter().map(|s| s.to_string()).collect();
        vec![
            "--sizes".into(),
            sizes.join(","),
            "--budget".into(),
            lim.budget.to_string(),
            "--max-single".into(),
            lim.max_single.to_string(),
            "--mem-limit-gib".into(),
            lim.mem_limit_gib.to_string(),
            "--threads".into(),
            o.threads.to_string(),
        ]
    };
    for fam in FAMILIES.iter() {
        if !o.only.is_empty() && !o.only.iter().any(|n| n == fam.name) {
            continue;
        }
        eprintln!("sweep: {} (load average {})", fam.name, load_average());
        let mut cmd = Command::new(&exe);
        cmd.arg("--sweep-family").arg(fam.name).args(common(fam));
        collect(cmd, &format!("ferrograd {}", fam.name), &mut points);
        for (lib, py) in [("torch", &o.torch_python), ("jax", &o.jax_python)] {
            if let Some(py) = py {
                let mut cmd = Command::new(py);
                cmd.arg(&o.script)
                    .args(["--lib", lib, "--family", fam.name])
                    .args(common(fam));
                collect(cmd, &format!("{lib} {}", fam.name), &mut points);
            }
        }
    }
    let load_after = load_average();
    let header = format!(
        "load average (1 min) before/after: {load_before} / {load_after}; {:.0} s",
        started.elapsed().as_secs_f64()
    );
    std::fs::create_dir_all(&o.out)?;
    crate::sweep_plot::write_csv(&o.out.join("sweep.csv"), &header, &points)?;
    let note = format!("2 cores, shared; load average {load_before} → {load_after}");
    write_plots(&points, &note, &o.out)?;
    out!("{header}\n");
    print!("{}", crate::sweep_plot::summary(&points));
    out!("\nwrote {}", o.out.display());
    Ok(())
}

/// One PNG per family with points, `sweep_<family>.png` in `out`.
fn write_plots(
    points: &[Point],
    note: &str,
    out: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    for fam in FAMILIES.iter() {
        let pts: Vec<&Point> = points.iter().filter(|p| p.family == fam.name).collect();
        if !pts.is_empty() {
            let path = out.join(format!("sweep_{}.png", fam.name));
            crate::sweep_plot::plot(fam, &pts, note, &path)?;
        }
    }
    Ok(())
}

/// `--plot-csv FILE`: draws the plots of a saved `sweep.csv` again, next to it, and prints its
/// tables.
pub(crate) fn replot(csv: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let (header, points) = crate::sweep_plot::read_csv(csv)?;
    // "load average (1 min) before/after: A / B; N s" → "A → B"
    let loads = header
        .split(": ")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .map_or_else(|| "?".to_string(), |r| r.replace(" / ", " → "));
    let note = format!("2 cores, shared; load average {loads}");
    let dir = csv.parent().unwrap_or(std::path::Path::new("."));
    write_plots(&points, &note, dir)?;
    out!("{header}\n");
    print!("{}", crate::sweep_plot::summary(&points));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_have_their_units() {
        let f = |n| family(n).unwrap();
        assert_eq!(f("chain").figure(1000.0, 1e-3), 1000.0); // 1 µs per node
        assert_eq!(f("elementwise").figure(1e9, 1.0), 24.0);
        assert_eq!(f("matmul").figure(1000.0, 6.0), 1.0);
        assert_eq!(f("hessian").figure(100.0, 1e-3), 100.0);
        assert_eq!(f("order").figure(6.0, 2e-6), 2.0);
    }

    #[test]
    fn skips_what_would_take_too_long_or_too_much_memory() {
        let lim = Limits {
            budget: 0.1,
            max_single: 10.0,
            mem_limit_gib: 1.0,
        };
        let mat = family("matmul").unwrap();
        let mut h = History::default();
        assert_eq!(h.skip_reason(mat, 32.0, 10.0, &lim), None);
        h.points.push((1024.0, 1.0, 110.0));
        // 2× the size: 8× the time, 4× the memory above the 10 MiB baseline
        assert_eq!(h.predict_secs(mat, 2048.0), Some(8.0));
        assert_eq!(h.predict_mib(mat, 2048.0, 10.0), Some(410.0));
        assert_eq!(h.skip_reason(mat, 2048.0, 10.0, &lim), None);
        assert_eq!(
            h.skip_reason(mat, 4096.0, 10.0, &lim).as_deref(),
            Some("predicted 64.0 CPU s per run")
        );
        h.points.push((4096.0, 1.0, 410.0));
        assert_eq!(
            h.skip_reason(mat, 8192.0, 10.0, &lim).as_deref(),
            Some("predicted 1.6 GiB peak")
        );
        // orders: the time grows by the last step's ratio per order
        let ord = family("order").unwrap();
        let mut h = History::default();
        h.points.push((5.0, 1.0, 0.0));
        assert_eq!(h.predict_secs(ord, 7.0), Some(1.0));
        h.points.push((6.0, 3.0, 0.0));
        assert_eq!(h.predict_secs(ord, 8.0), Some(27.0));
    }

    #[test]
    fn parses_the_children_lines() {
        let p = parse_line("point\tmatmul\tPyTorch\t64\t0.000125\t0.0001\t2.5\t40\t700").unwrap();
        assert_eq!(
            p,
            Some(Point {
                family: "matmul".into(),
                series: "PyTorch".into(),
                x: 64.0,
                wall: 0.000125,
                secs: 0.0001,
                faults: 2.5,
                reps: 40,
                peak_mib: 700.0
            })
        );
        assert_eq!(
            parse_line("skip\tchain\tPyTorch\t9999999\tpredicted 130.0 CPU s per run"),
            Ok(None)
        );
        assert!(parse_line("point\tmatmul\tx\t64\tslow\t1\t1\t1\t1").is_err());
        assert!(parse_line("point\tmatmul\tx\t64\t1\t1\t1\t1").is_err());
        assert!(parse_line("Traceback (most recent call last):").is_err());
    }
}
