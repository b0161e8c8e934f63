//! Runs the `ferrograd` binary: every subcommand, values checked against known derivatives, and
//! every error path (exit status 2, nothing on stdout, `error: …` on stderr).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::f64::consts::{E, LN_2, PI};
use std::path::Path;

fn ferrograd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferrograd"))
}

/// Runs `grad … --json` and returns the one JSON object it prints.
fn json(args: &[&str]) -> Value {
    let out = ferrograd()
        .arg("grad")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v.is_object());
    v
}

/// Runs the command expecting bad input: status 2, empty stdout, stderr `error: …` containing
/// each of `needles`. Returns stderr.
fn fails(args: &[&str], needles: &[&str]) -> String {
    let out = ferrograd()
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: "), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
    err
}

fn close(a: &Value, b: f64) -> bool {
    let a = a.as_f64().unwrap_or(f64::NAN);
    (a - b).abs() <= 1e-12 * (1.0 + b.abs())
}

#[track_caller]
fn assert_close(a: &Value, b: f64) {
    assert!(close(a, b), "{a} != {b}");
}

#[track_caller]
fn assert_list(a: &Value, b: &[f64]) {
    let items = a.as_array().unwrap_or_else(|| panic!("not a list: {a}"));
    assert_eq!(items.len(), b.len(), "{a}");
    for (x, y) in items.iter().zip(b) {
        assert_close(x, *y);
    }
}

// ---- grad, JSON ------------------------------------------------------------------------------

#[test]
fn json_has_the_documented_shape() {
    let v = json(&["x^2*sin(x)", "--at", "x=1.5"]);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["expr", "at", "value", "grad"]);
    assert_eq!(v["expr"], "x^2*sin(x)");
    assert_eq!(v["at"]["x"], 1.5);
    let x: f64 = 1.5;
    assert_close(&v["value"], x * x * x.sin());
    assert_close(&v["grad"]["x"], 2.0 * x * x.sin() + x * x * x.cos());
}

#[test]
fn derivatives_of_each_function() {
    let cases: &[(&str, f64, f64, f64)] = &[
        ("sin(x)", 0.3, 0.3f64.sin(), 0.3f64.cos()),
        ("cos(x)", 0.3, 0.3f64.cos(), -0.3f64.sin()),
        ("tan(x)", 0.3, 0.3f64.tan(), 1.0 + 0.3f64.tan().powi(2)),
        ("exp(x)", 1.0, E, E),
        ("log(x)", 2.0, LN_2, 0.5),
        ("log1p(x)", 1.0, LN_2, 0.5),
        ("sqrt(x)", 4.0, 2.0, 0.25),
        ("abs(x)", -2.0, 2.0, -1.0),
        ("tanh(x)", 0.0, 0.0, 1.0),
        ("sigmoid(x)", 0.0, 0.5, 0.25),
        ("relu(x)", -1.0, 0.0, 0.0),
        ("relu(x)", 3.0, 3.0, 1.0),
        ("atan(x)", 1.0, PI / 4.0, 0.5),
        ("leaky_relu(x, 0.2)", -1.0, -0.2, 0.2),
        ("leaky_relu(x)", -1.0, -0.01, 0.01),
        ("elu(x)", -1.0, 1.0 / E - 1.0, 1.0 / E),
        ("hardtanh(x, -2, 2)", 1.5, 1.5, 1.0),
        ("sum(x)", 3.0, 3.0, 1.0),
        ("mean(x)", 3.0, 3.0, 1.0),
        ("2^x", 3.0, 8.0, 8.0 * LN_2),
        ("e^x", 0.0, 1.0, 1.0),
        ("x**3", 2.0, 8.0, 12.0),
        ("-x^2", 3.0, -9.0, -6.0),
        ("1/x", 4.0, 0.25, -1.0 / 16.0),
        ("1e-3*x - x/2", 1.0, 1e-3 - 0.5, 1e-3 - 0.5),
        ("sin(pi*x)", 0.5, 1.0, PI * (PI * 0.5).cos()),
        ("2^-1 + 0*x", 1.0, 0.5, 0.0),
    ];
    for &(expr, x, value, grad) in cases {
        let v = json(&[expr, "--at", &format!("x={x}")]);
        assert!(
            close(&v["value"], value),
            "{expr}: value {} != {value}",
            v["value"]
        );
        assert!(
            close(&v["grad"]["x"], grad),
            "{expr}: grad {} != {grad}",
            v["grad"]["x"]
        );
    }
}

#[test]
fn partials_and_the_hessian() {
    let v = json(&["x*y + y^2", "--at", "x=1,y=2", "--hessian"]);
    assert_close(&v["value"], 6.0);
    assert_close(&v["grad"]["x"], 2.0);
    assert_close(&v["grad"]["y"], 5.0);
    assert_eq!(v["hessian"], serde_json::json!([[0.0, 1.0], [1.0, 2.0]]));

    // The Hessian follows the order the variables are given in.
    let v = json(&["x^2*y^3", "--at", "y=2", "--at", "x=1", "--hessian"]);
    let keys: Vec<&String> = v["grad"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["y", "x"]);
    assert_eq!(
        v["hessian"],
        serde_json::json!([[12.0, 24.0], [24.0, 16.0]])
    );
    assert_close(&v["grad"]["x"], 16.0);
    assert_close(&v["grad"]["y"], 12.0);

    let v = json(&["x^y", "--at", "x=2", "--at", "y=3"]);
    assert_close(&v["grad"]["x"], 12.0);
    assert_close(&v["grad"]["y"], 8.0 * LN_2);
}

#[test]
fn derivatives_of_higher_order() {
    let v = json(&["x^3 - 3*x", "--at", "x=2", "--order", "4"]);
    assert_eq!(v["derivatives"], serde_json::json!([9.0, 12.0, 6.0, 0.0]));
    assert_close(&v["grad"]["x"], 9.0);
    let v = json(&["sin(x)", "--at", "x=0", "--order", "5"]);
    assert_list(&v["derivatives"], &[1.0, 0.0, -1.0, 0.0, 1.0]);
    // Seed 002's nth_derivative: d²/dx² (x² + x³) at 5 = 2 + 6·5.
    let v = json(&["x^2 + x^3", "--at", "x=5", "--order", "2"]);
    assert_list(&v["derivatives"], &[85.0, 32.0]);
}

#[test]
fn vectors_and_vector_jacobian_products() {
    let v = json(&["sum(v^2)", "--at", "v=[1,2,3]"]);
    assert_close(&v["value"], 14.0);
    assert_list(&v["grad"]["v"], &[2.0, 4.0, 6.0]);
    assert_list(&v["at"]["v"], &[1.0, 2.0, 3.0]);

    // Seed 000: y = x*x, y.backward([1, 1, 0]).
    let v = json(&["v*v", "--at", "v=[0,1,2]", "--grad-output", "[1,1,0]"]);
    assert_list(&v["value"], &[0.0, 1.0, 4.0]);
    assert_list(&v["grad"]["v"], &[0.0, 2.0, 0.0]);

    // Seed 000: Q = 3a³ - b², Q.backward([1, 1]).
    let v = json(&[
        "3*a^3 - b^2",
        "--at",
        "a=[2,3]",
        "--at",
        "b=[6,4]",
        "--grad-output",
        "[1,1]",
    ]);
    assert_list(&v["grad"]["a"], &[36.0, 81.0]);
    assert_list(&v["grad"]["b"], &[-12.0, -8.0]);

    let v = json(&["dot(v, w) + mean(v)", "--at", "v=[1,2]", "--at", "w=[3,4]"]);
    assert_close(&v["value"], 12.5);
    assert_list(&v["grad"]["v"], &[3.5, 4.5]);
    assert_list(&v["grad"]["w"], &[1.0, 2.0]);

    // A scalar broadcasts against a vector; its gradient sums over the vector.
    let v = json(&["sum(x*v)", "--at", "x=2,v=[1,2,3]"]);
    assert_close(&v["grad"]["x"], 6.0);
    assert_list(&v["grad"]["v"], &[2.0, 2.0, 2.0]);

    // Matrices are nested lists.
    let v = json(&["sum(m^2)", "--at", "m=[[1,2],[3,4]]"]);
    assert_eq!(v["grad"]["m"], serde_json::json!([[2.0, 4.0], [6.0, 8.0]]));
}

#[test]
fn float32_and_non_finite_numbers() {
    let v = json(&["sin(x)", "--at", "x=pi/4", "--dtype", "f32"]);
    assert_eq!(v["value"].to_string(), "0.70710677");
    assert_eq!(v["at"]["x"], PI / 4.0);
    let v = json(&["log(x)", "--at", "x=0"]);
    assert_eq!(v["value"], "-Infinity");
    assert_eq!(v["grad"]["x"], "Infinity");
    let v = json(&["sqrt(x)", "--at", "x=-1"]);
    assert_eq!(v["value"], "NaN");
}

#[test]
fn constants_alone() {
    let v = json(&["2^10 - pi*0"]);
    assert_eq!(v["value"], 1024.0);
    assert_eq!(v["grad"], serde_json::json!({}));
    assert_eq!(v["at"], serde_json::json!({}));
}

// ---- grad, text ------------------------------------------------------------------------------

#[test]
fn text_output_is_readable() {
    ferrograd()
        .args([
            "grad",
            "x*y + y^2",
            "--at",
            "x=1",
            "--at",
            "y=2",
            "--hessian",
        ])
        .assert()
        .success()
        .stdout(
            "f(x, y) = x*y + y^2\n  at x = 1, y = 2\nf     = 6\n∂f/∂x = 2\n∂f/∂y = 5\n\
             Hessian (∂²f/∂row∂column):\n     x  y\n  x  0  1\n  y  1  2\n",
        );
    ferrograd()
        .args(["grad", "x^3 - 3*x", "--at", "x=2", "--order", "3"])
        .assert()
        .success()
        .stdout(
            "f(x) = x^3 - 3*x\n  at x = 2\nf       = 2\ndf/dx   = 9\nd²f/dx² = 12\nd³f/dx³ = 6\n",
        );
    // Tensors print as PyTorch prints them.
    ferrograd()
        .args([
            "grad",
            "v^2",
            "--at",
            "v=[1,2,3]",
            "--grad-output",
            "[1,1,0]",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "f         = tensor([1., 4., 9.], dtype=torch.float64, grad_fn=<PowBackward0>)\n\
             ∂(u·f)/∂v = tensor([2., 4., 0.], dtype=torch.float64)\n",
        ));
    ferrograd()
        .args(["grad", "sum(v)", "--at", "v=[1.5,2]", "--dtype", "f32"])
        .assert()
        .success()
        .stdout(predicate::str::contains("df/dv = tensor([1., 1.])\n"));
}

#[test]
fn an_expression_may_start_with_a_minus() {
    ferrograd()
        .args(["grad", "-x^2", "--at", "x=3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("df/dx = -6\n"));
}

// ---- check -----------------------------------------------------------------------------------

#[test]
fn check_prints_seed_000s_table_beside_autograd() {
    let out = ferrograd()
        .args(["check", "3*x^2 - 4*x", "--at", "x=1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let golden = include_str!("golden/seed_000.out");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("h=")).collect();
    assert_eq!(rows.len(), 6);
    for (row, want) in rows.iter().zip(golden.lines().take(6)) {
        assert!(
            row.starts_with(want),
            "{row:?} does not start with {want:?}"
        );
        assert!(row.contains("autograd=2.000000"), "{row}");
    }
    assert!(rows[0].ends_with("gap=+3.000e-1"), "{}", rows[0]);
    assert!(out.contains("df/dx = 2 by autograd"));
}

#[test]
fn check_with_two_variables() {
    ferrograd()
        .args(["check", "x*y", "--at", "x=2,y=3"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("∂f/∂x = 3 by autograd")
                .and(predicate::str::contains("∂f/∂y = 2 by autograd")),
        );
}

// ---- errors ----------------------------------------------------------------------------------

#[test]
fn parse_errors_show_column_and_caret() {
    let err = fails(&["grad", "x + )", "--at", "x=1"], &["at column 5"]);
    assert_eq!(
        err,
        "error: expected a number, a name or '(' but found ')' at column 5\n  x + )\n      ^\n"
    );
    fails(
        &["grad", "2x", "--at", "x=1"],
        &["column 2", "'*' to multiply", "  2x\n   ^\n"],
    );
    fails(
        &["grad", "(x", "--at", "x=1"],
        &["'(' is never closed at column 1"],
    );
    fails(
        &["grad", "x $ 1", "--at", "x=1"],
        &["unexpected character '$' at column 3"],
    );
    fails(&["grad", ""], &["empty expression"]);
    fails(
        &["grad", "dot(x)", "--at", "x=1"],
        &["dot() takes 2 arguments"],
    );
    fails(
        &["plot", "x +", "--over", "x=0:1", "--out", "a.png"],
        &["end of expression"],
    );
    fails(&["graph", "x ** * 2", "--at", "x=1"], &["column 6"]);
    fails(
        &["check", "x)", "--at", "x=1"],
        &["unmatched ')' at column 2"],
    );
}

#[test]
fn unknown_names_and_variables_without_values() {
    fails(
        &["grad", "sinhh(x)", "--at", "x=1"],
        &["unknown function 'sinhh'", "  sinhh(x)\n  ^^^^^\n"],
    );
    fails(
        &["grad", "x + y", "--at", "x=1"],
        &[
            "'y' at column 5: no value: give it with --at y=VALUE",
            "      ^\n",
        ],
    );
    fails(
        &["grad", "x", "--at", "x=1", "--at", "z=2"],
        &["'z' does not appear in the expression"],
    );
    fails(
        &["grad", "x", "--at", "pi=3"],
        &["'pi' is a built-in function or constant"],
    );
    fails(
        &["grad", "x", "--at", "x=1", "--at", "x=2"],
        &["'x' is given more than once"],
    );
    fails(
        &["plot", "x*k", "--over", "x=0:1", "--out", "a.png"],
        &["'k' at column 3: no value"],
    );
    fails(
        &[
            "plot", "x", "--over", "x=0:1", "--at", "x=1", "--out", "a.png",
        ],
        &["both with --at and with --over"],
    );
    fails(&["check", "x*y", "--at", "x=1"], &["'y' at column 3"]);
    fails(&["graph", "q", "--at", "x=1"], &["'q' at column 1"]);
}

#[test]
fn shapes_that_do_not_match() {
    fails(
        &["grad", "sum(v*w)", "--at", "v=[1,2]", "--at", "w=[1,2,3]"],
        &[
            "'*' at column 6: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
            "  sum(v*w)\n       ^\n",
        ],
    );
    fails(
        &["grad", "dot(v, w)", "--at", "v=[1,2]", "--at", "w=[1,2,3]"],
        &["inconsistent tensor size"],
    );
    fails(
        &["grad", "dot(x, x)", "--at", "x=1"],
        &["1D tensors expected, but got 0D and 0D tensors"],
    );
    fails(
        &["grad", "v^2", "--at", "v=[1,2,3]", "--grad-output", "[1,1]"],
        &["--grad-output: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3])."],
    );
    fails(
        &[
            "plot", "x*v", "--over", "x=0:1", "--at", "v=[1,2]", "--out", "a.png",
        ],
        &["The size of tensor a (100) must match the size of tensor b (2)"],
    );
}

#[test]
fn non_scalar_output_needs_grad_output() {
    fails(
        &["grad", "v^2", "--at", "v=[1,2,3]"],
        &["the value has shape [3], not a scalar: give --grad-output VEC"],
    );
    fails(
        &["check", "v", "--at", "v=[1,2]"],
        &["check needs scalar variables"],
    );
}

#[test]
fn bad_option_values() {
    fails(
        &["grad", "x", "--at", "x=[1,,2]"],
        &[
            "--at x=[1,,2]: a number is missing at column 6",
            "  --at x=[1,,2]\n            ^\n",
        ],
    );
    fails(&["grad", "x", "--at", "x"], &["expected NAME=VALUE"]);
    fails(&["grad", "x", "--at", "x=abc"], &["'abc' is not a number"]);
    fails(&["grad", "v", "--at", "v=[[1,2],[3]]"], &["ragged list"]);
    fails(
        &["grad", "x", "--at", "x=1", "--dtype", "f16"],
        &["invalid value 'f16'"],
    );
    fails(
        &["grad", "x", "--at", "x=1", "--order", "0"],
        &["--order must be between 1 and"],
    );
    fails(
        &["grad", "x", "--at", "x=1", "--order", "-1"],
        &["unexpected argument '-1'"],
    );
    fails(
        &["grad", "sum(v)", "--at", "v=[1,2]", "--order", "2"],
        &["--order needs exactly one scalar variable"],
    );
    fails(
        &["grad", "x*y", "--at", "x=1,y=2", "--order", "2"],
        &["--order needs exactly one scalar variable"],
    );
    fails(
        &["grad", "sum(v)", "--at", "v=[1,2]", "--hessian"],
        &["--hessian needs scalar variables"],
    );
    fails(
        &[
            "grad",
            "x",
            "--at",
            "x=1",
            "--order",
            "2",
            "--grad-output",
            "1",
        ],
        &["cannot be used with"],
    );
    fails(
        &["grad", "x", "--at", "x=1", "--grad-output", "[1,"],
        &["--grad-output [1,"],
    );
    fails(&["grad"], &["required"]);
    fails(&["frobnicate"], &["unrecognized subcommand"]);
    fails(
        &["plot", "x", "--over", "x=1:0", "--out", "a.png"],
        &["the range is empty"],
    );
    fails(
        &["plot", "x", "--over", "x=0", "--out", "a.png"],
        &["expected a range LO:HI"],
    );
    fails(
        &[
            "plot", "x", "--over", "x=0:1", "--points", "1", "--out", "a.png",
        ],
        &["--points must be between 2"],
    );
    fails(
        &[
            "plot", "x", "--over", "x=0:1", "--order", "9", "--out", "a.png",
        ],
        &["--order must be between 0 and 8"],
    );
    fails(
        &[
            "plot", "x", "--over", "x=0:1", "--size", "big", "--out", "a.png",
        ],
        &["--size big"],
    );
    fails(
        &["plot", "x", "--over", "x=0:1", "--out", "a.jpg"],
        &["must end in .png or .svg"],
    );
    fails(
        &["graph", "x", "--at", "x=1", "--out", "g.pdf"],
        &["must end in .dot, .gv, .svg or .png"],
    );
}

#[test]
fn what_cannot_be_computed() {
    fails(
        &["plot", "x*sum(x)", "--over", "x=0:1", "--out", "a.png"],
        &["'sum' at column 3: sum() reduces over the plotted variable"],
    );
    fails(&["graph", "2+2"], &["depends on no variable"]);
    fails(&["check", "2"], &["check needs a variable"]);
    fails(
        &["grad", "1", "--hessian"],
        &["--hessian needs at least one variable"],
    );
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/a.png");
    fails(
        &[
            "plot",
            "x",
            "--over",
            "x=0:1",
            "--out",
            missing.to_str().unwrap(),
        ],
        &["cannot write", "No such file or directory"],
    );
    // Derivatives whose graphs explode are refused instead of exhausting the machine.
    fails(
        &["grad", "tanh(x)", "--at", "x=0.5", "--order", "20"],
        &["more than 200000 nodes", "--order 13 or less"],
    );
}

/// Powers at zero give PyTorch's masked gradients (0), not 0 · log 0 = NaN.
#[test]
fn powers_at_zero_follow_pytorch() {
    let v = json(&["0^x", "--at", "x=1"]);
    assert_close(&v["grad"]["x"], 0.0);
    let v = json(&["x^y", "--at", "x=0,y=2"]);
    assert_close(&v["grad"]["x"], 0.0);
    assert_close(&v["grad"]["y"], 0.0);
}

// ---- JSON errors and failed writes -----------------------------------------------------------

/// Runs `args` expecting a JSON error: status 2, nothing on stderr, one line on stdout holding
/// `{"error": …}` alone. Returns the message.
fn json_error(args: &[&str]) -> String {
    let out = ferrograd()
        .args(args)
        .assert()
        .code(2)
        .stderr("")
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let obj = v.as_object().unwrap();
    assert_eq!(obj.len(), 1, "{text}");
    obj["error"].as_str().unwrap().to_string()
}

#[test]
fn errors_are_json_with_json() {
    let m = json_error(&["grad", "x^", "--at", "x=1", "--json"]);
    assert!(m.contains("at column 3"), "{m}");
    let m = json_error(&["grad", "x*y", "--at", "x=1", "--json"]);
    assert_eq!(m, "'y' at column 3: no value: give it with --at y=VALUE");
    let m = json_error(&["grad", "x", "--at", "x=[1,,2]", "--json"]);
    assert!(m.starts_with("--at x=[1,,2]: "), "{m}");
    // Errors of the command line itself too.
    let m = json_error(&["grad", "--json"]);
    assert!(m.contains("required"), "{m}");
    let m = json_error(&["grad", "x", "--at", "x=1", "--order", "two", "--json"]);
    assert!(m.contains("two"), "{m}");
    // Without --json, the same error is text on stderr.
    fails(&["grad", "x*y", "--at", "x=1"], &["no value"]);
}

#[test]
fn failed_writes_exit_2() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ferrograd"))
        .args(["grad", "x^2", "--at", "x=3"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: cannot write to stdout: "), "{err}");
    fails(
        &["plot", "x", "--over", "x=0:1", "--out", "/dev/full/p.svg"],
        &["cannot write /dev/full/p.svg"],
    );
    fails(
        &["graph", "x", "--at", "x=1", "--out", "/dev/full/g.png"],
        &["cannot write /dev/full/g.png"],
    );
}
