//! Runs the `ferrograd` binary on large and hostile inputs: expressions read from a file or
//! standard input, graphs past the node limit, layouts of long sums, plots of a million points,
//! values that overflow, and output to a full disk (`/dev/full`).

use assert_cmd::Command;
use std::path::Path;
use std::process::Stdio;

fn ferrograd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferrograd"))
}

/// Runs the command expecting failure: status 2, empty stdout; returns stderr.
fn fails(cmd: &mut Command) -> String {
    let out = cmd.assert().code(2).stdout("").get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.starts_with("error: "), "{err}");
    err
}

/// `x+x+...+x` with `n` terms, on one line.
fn long_sum(n: usize) -> String {
    vec!["x"; n].join("+") + "\n"
}

// ---- expressions from a file or standard input ---------------------------------------------

#[test]
fn expressions_from_a_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.txt");
    std::fs::write(&file, "x^2 *\n  sin(x)\n").unwrap();
    let out = ferrograd()
        .args([
            "grad",
            "--file",
            file.to_str().unwrap(),
            "--at",
            "x=2",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["value"], 4.0 * 2f64.sin());
    assert_eq!(v["grad"]["x"], 4.0 * 2f64.sin() + 4.0 * 2f64.cos());
    // The heading shows it on one line.
    ferrograd()
        .args(["check", "--file", "-", "--at", "x=1"])
        .write_stdin("3*x^2\n- 4*x\n")
        .assert()
        .success()
        .stdout(predicates::str::starts_with("f(x) = 3*x^2 - 4*x\n"));
    // A sum too long for a command line argument (128 KiB on Linux), from stdin.
    let out = ferrograd()
        .args(["grad", "--file", "-", "--at", "x=0.5", "--json"])
        .write_stdin(long_sum(100_000))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["value"], 50_000.0);
    assert_eq!(v["grad"]["x"], 100_000.0);
}

#[test]
fn errors_in_a_file_name_the_line_and_column() {
    let err = fails(
        ferrograd()
            .args(["grad", "--file", "-", "--at", "x=1"])
            .write_stdin("x^2 +\n  sin(x))\n"),
    );
    assert_eq!(
        err,
        "error: unmatched ')' at line 2, column 9\n    sin(x))\n          ^\n"
    );
    // Past the end: just after the last line's text.
    let err = fails(
        ferrograd()
            .args(["grad", "--file", "-", "--at", "x=1"])
            .write_stdin("x^2 +\n"),
    );
    assert!(
        err.contains("at line 1, column 6\n  x^2 +\n       ^\n"),
        "{err}"
    );
    // An unknown name on line 3.
    let err = fails(
        ferrograd()
            .args(["grad", "--file", "-", "--at", "x=1"])
            .write_stdin("x\n+\n y\n"),
    );
    assert!(
        err.starts_with("error: 'y' at line 3, column 2: no value"),
        "{err}"
    );
    // Files that cannot be read, or hold nothing.
    let err = fails(ferrograd().args(["grad", "--file", "/no/such/file", "--at", "x=1"]));
    assert!(
        err.starts_with("error: --file /no/such/file: cannot read it: "),
        "{err}"
    );
    let err = fails(
        ferrograd()
            .args(["grad", "--file", "-"])
            .write_stdin(vec![b'x', 0xff, b'\n']),
    );
    assert_eq!(err, "error: --file -: the file is not UTF-8 text\n");
    let err = fails(ferrograd().args(["grad", "--file", "-"]).write_stdin(" \n"));
    assert_eq!(err, "error: --file -: the file holds no expression\n");
    // Not both.
    let err = fails(ferrograd().args(["grad", "x", "--file", "-"]));
    assert!(err.contains("cannot be used with"), "{err}");
}

// ---- values that overflow ------------------------------------------------------------------

#[test]
fn values_that_overflow_are_refused_as_inf_is() {
    let inf = fails(ferrograd().args(["grad", "x^2", "--at", "x=inf"]));
    assert!(inf.contains("'inf' is not a number (a value is a number or a constant expression like pi/4) at column 3"), "{inf}");
    let err = fails(ferrograd().args(["grad", "x^2", "--at", "x=1e400"]));
    assert_eq!(
        err,
        "error: --at x=1e400: '1e400' is not a finite number (a value is a number or a constant expression like pi/4) at column 3\n  --at x=1e400\n         ^^^^^\n"
    );
    let err = fails(ferrograd().args(["grad", "x^2", "--at", "x=-1e400"]));
    assert!(err.contains("'-1e400' is not a finite number"), "{err}");
    let err = fails(ferrograd().args(["grad", "sum(v)", "--at", "v=[1, 1/0]"]));
    assert!(err.contains("'1/0' is not a finite number (a value is a number or a constant expression like pi/4) at column 7"), "{err}");
    let err = fails(ferrograd().args(["grad", "x", "--at", "x=1e39", "--dtype", "f32"]));
    assert_eq!(
        err,
        "error: --at x: 1e39 is not a finite float32 number (at most 3.4028235e38 in magnitude)\n"
    );
    // The largest float64 is still a number.
    ferrograd()
        .args(["grad", "x", "--at", "x=1.7976931348623157e308", "--json"])
        .assert()
        .success();
}

// ---- graph: the node limit and a near-linear layout ------------------------------------------

#[test]
fn graphs_past_the_node_limit_are_refused() {
    let err = fails(
        ferrograd()
            .args(["graph", "--file", "-", "--at", "x=1", "--max-nodes", "500"])
            .write_stdin(long_sum(1000)),
    );
    assert_eq!(
        err,
        "error: the graph has 1002 nodes, more than the limit of 500 (--max-nodes); give --max-nodes 1002 or more to draw it anyway\n"
    );
    // The default limit, 10000.
    let err = fails(
        ferrograd()
            .args(["graph", "--file", "-", "--at", "x=1"])
            .write_stdin(long_sum(20_000)),
    );
    assert!(
        err.contains("more than the limit of 10000 (--max-nodes)"),
        "{err}"
    );
    ferrograd()
        .args(["graph", "--file", "-", "--at", "x=1", "--max-nodes", "1002"])
        .write_stdin(long_sum(1000))
        .assert()
        .success();
}

#[test]
fn long_sums_lay_out_in_linear_size() {
    // n - 1 AddBackward0 in a chain, x's AccumulateGrad feeding each: edges crossing 1, 2, ...,
    // n - 2 layers. One dummy node per layer crossed would be n²/2 (2 million here), each drawn as a
    // straight piece ` L `; now there are at most 8 per node and edge.
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("g.svg");
    let n = 2000;
    ferrograd()
        .args(["graph", "--file", "-", "--at", "x=1", "--out"])
        .arg(&svg)
        .write_stdin(long_sum(n))
        .assert()
        .success()
        .stdout(format!(
            "wrote {} ({} nodes, {} edges)\n",
            svg.display(),
            n + 2,
            2 * n - 1
        ));
    let text = std::fs::read_to_string(&svg).unwrap();
    let pieces = text.matches(" L ").count();
    assert!(
        pieces > 0 && pieces <= 8 * (3 * n + 3),
        "{pieces} straight pieces"
    );
    assert_eq!(text.matches("class=\"edge\"").count(), 2 * n - 1);
    assert_eq!(text.matches("class=\"node\"").count(), n + 2);
}

// ---- plot: bounded memory ----------------------------------------------------------------------

#[test]
fn million_point_plots_stay_within_600_mb() {
    if !Path::new("/bin/sh").exists() {
        return;
    }
    // Holding the autograd graph of the 4th derivative at a million points at once took about
    // 1 GB; computed in chunks it takes about 150 MB. Address space limited to 600 MB.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.svg");
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg("ulimit -v 600000 && exec \"$0\" plot 'sin(x)*x' --over x=-3:3 --points 1000000 --order 4 --out \"$1\"")
        .arg(env!("CARGO_BIN_EXE_ferrograd"))
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{status}");
    // The curves have at most four points per pixel column: the picture stays small.
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(size < 400_000, "{size} bytes");
}

// ---- a full disk -----------------------------------------------------------------------------

/// A command with stdout on `/dev/full`: status 2, `error: cannot write to stdout` on stderr.
fn stdout_full(args: &[&str], stdin: &str) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ferrograd"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.starts_with("error: cannot write to stdout: No space left on device"),
        "{args:?}: {err}"
    );
}

#[test]
fn every_write_to_a_full_disk_exits_2() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().to_str().unwrap().to_string();
    stdout_full(&["grad", "x^2", "--at", "x=3"], "");
    stdout_full(&["grad", "x^2", "--at", "x=3", "--json"], "");
    // An error reported as JSON on stdout cannot be written either: said on stderr.
    stdout_full(&["grad", "x^", "--at", "x=3", "--json"], "");
    stdout_full(&["check", "x^2", "--at", "x=3"], "");
    stdout_full(&["graph", "x^2", "--at", "x=3"], "");
    stdout_full(&["graph", "--file", "-", "--at", "x=3"], "x*x\n");
    stdout_full(
        &[
            "plot",
            "x",
            "--over",
            "x=0:1",
            "--out",
            &format!("{p}/ok.svg"),
        ],
        "",
    );
    stdout_full(&["tour", "--out-dir", &format!("{p}/tour")], "");
    // Files on a full disk: the plot's PNG and SVG, the graph's DOT, SVG and PNG, the tour's
    // picture.
    for name in ["p.png", "p.svg", "g.dot", "g.svg", "g.png", "seed_003.png"] {
        std::os::unix::fs::symlink("/dev/full", dir.path().join(name)).unwrap();
    }
    for name in ["p.png", "p.svg"] {
        let path = format!("{p}/{name}");
        let err = fails(ferrograd().args(["plot", "x", "--over", "x=0:1", "--out", &path]));
        assert!(
            err.starts_with(&format!(
                "error: cannot write {path}: No space left on device"
            )),
            "{err}"
        );
    }
    for name in ["g.dot", "g.svg", "g.png"] {
        let path = format!("{p}/{name}");
        let err = fails(ferrograd().args(["graph", "x*x", "--at", "x=1", "--out", &path]));
        assert!(
            err.starts_with(&format!(
                "error: cannot write {path}: No space left on device"
            )),
            "{err}"
        );
    }
    let out = ferrograd()
        .args(["tour", "--out-dir", &p])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.starts_with(&format!(
            "error: cannot write {p}/seed_003.png: No space left on device"
        )),
        "{err}"
    );
}
