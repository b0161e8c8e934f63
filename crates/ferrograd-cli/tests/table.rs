//! The command line against the library's elementwise op table: every row of `UNARY_OPS` is a
//! function of the calculator, with the value and derivative that the library's autograd gives,
//! its parameters passed or defaulted, and listed in the help.

use assert_cmd::Command;
use ferrograd::ops::{BinaryOp, UnaryOp, BINARY_OPS, UNARY_OPS};
use ferrograd::{DType, Tensor};
use ferrograd_cli::cli::{functions_help, Dtype, GradArgs};
use ferrograd_cli::commands::grad;
use ferrograd_cli::parse::{known_functions, parse, Func, Op};
use serde_json::Value;

fn grad_json(expr: &str, at: &[&str]) -> Result<Value, String> {
    let args = GradArgs {
        expr: Some(expr.to_string()),
        file: None,
        at: at.iter().map(|s| s.to_string()).collect(),
        order: None,
        hessian: false,
        grad_output: None,
        dtype: Dtype::F64,
        json: true,
    };
    let text = grad::run(&args).map_err(|e| e.to_string())?;
    Ok(serde_json::from_str(&text).unwrap())
}

/// The value and derivative of `name(expr)` at `x` by `ferrograd grad`.
#[track_caller]
fn cli(expr: &str, x: f64) -> (f64, f64) {
    let v = grad_json(expr, &[&format!("x={x}")]).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let value = v["value"].as_f64().unwrap_or(f64::NAN);
    let d = v["grad"]["x"].as_f64().unwrap_or(f64::NAN);
    (value, d)
}

/// The value and derivative of `op` with parameters `p` at `x` by the library: `op.apply`, then
/// `backward`.
fn library(op: &'static UnaryOp, p: &[f64], x: f64) -> (f64, f64) {
    let t = Tensor::scalar_tensor(x, DType::Float64).requires_grad_(true);
    let y = op.apply(&t, p).unwrap();
    y.backward();
    (y.item(), t.grad().unwrap().item())
}

#[track_caller]
fn assert_same(what: &str, got: (f64, f64), want: (f64, f64)) {
    let same = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-15 * (1.0 + b.abs());
    assert!(
        same(got.0, want.0) && same(got.1, want.1),
        "{what}: (value, derivative) {got:?} by the command, {want:?} by the library"
    );
}

#[test]
fn every_row_of_the_table_is_a_function() {
    assert!(UNARY_OPS.len() >= 40, "{} rows", UNARY_OPS.len());
    for &op in UNARY_OPS {
        let f = Func::from_name(op.name).unwrap_or_else(|| panic!("{} is not known", op.name));
        assert_eq!(f, Func::Unary(op));
        assert_eq!(f.name(), op.name);
        let expr = format!("{}(x)", op.name);
        let code = parse(&expr).unwrap_or_else(|e| panic!("{expr}: {e}")).code;
        assert_eq!(code.last().unwrap().op, Op::Call(Func::Unary(op), 1));
        let x = (op.domain.0 + op.domain.1) / 2.0;
        assert_same(&expr, cli(&expr, x), library(op, &op.default_params(), x));
    }
    assert_eq!(Func::all().count(), UNARY_OPS.len() + BINARY_OPS.len() + 3);
}

/// Every row of the binary table is a function of two arguments in PyTorch's order
/// (`atan2(y, x)`), with both partial derivatives as the library gives them.
#[test]
fn every_binary_row_is_a_function() {
    assert!(BINARY_OPS.len() >= 10, "{} rows", BINARY_OPS.len());
    for &op in BINARY_OPS {
        let f = Func::from_name(op.name).unwrap_or_else(|| panic!("{} is not known", op.name));
        assert_eq!(f, Func::Binary(op));
        assert_eq!(f.arity(), (2, 2));
        let expr = format!("{}(a, b)", op.name);
        let ((alo, ahi), (blo, bhi)) = op.domain;
        let (a0, b0) = ((alo + ahi) / 2.0, (blo + bhi) / 2.0);
        let v = grad_json(&expr, &[&format!("a={a0}"), &format!("b={b0}")]).unwrap();
        let (ta, tb) = (
            Tensor::scalar_tensor(a0, DType::Float64).requires_grad_(true),
            Tensor::scalar_tensor(b0, DType::Float64).requires_grad_(true),
        );
        let y = BinaryOp::find(op.name).unwrap().apply(&ta, &tb).unwrap();
        y.backward();
        assert_eq!(v["value"].as_f64().unwrap(), y.item(), "{expr}");
        assert_eq!(
            v["grad"]["a"].as_f64().unwrap(),
            ta.grad().unwrap().item(),
            "{expr}"
        );
        assert_eq!(
            v["grad"]["b"].as_f64().unwrap(),
            tb.grad().unwrap().item(),
            "{expr}"
        );
    }
    assert_eq!(Func::from_name("atan2").unwrap().signature(), "atan2(y, x)");
    let e = parse("hypot(x)").unwrap_err().to_string();
    assert!(e.contains("hypot() takes 2 arguments"), "{e}");
}

#[test]
fn every_parameter_can_be_given() {
    for &op in UNARY_OPS.iter().filter(|op| !op.params.is_empty()) {
        let x = (op.domain.0 + op.domain.1) / 2.0;
        // The defaults written out give what they give left out.
        let defaults: Vec<String> = op.params.iter().map(|p| format!("{}", p.1)).collect();
        let expr = format!("{}(x, {})", op.name, defaults.join(", "));
        assert_same(&expr, cli(&expr, x), library(op, &op.default_params(), x));
        // Each parameter changed in turn (the ones after it defaulted), as a constant
        // expression.
        for k in 0..op.params.len() {
            let mut p = op.default_params();
            p[k] += 0.5;
            let written: Vec<String> = p[..=k].iter().map(|v| format!("({v} + 1) - 1")).collect();
            let expr = format!("{}(x, {})", op.name, written.join(", "));
            let want = library(op, &p, x);
            let got = cli(&expr, x);
            assert!(
                (got.0 - want.0).abs() <= 1e-12 && (got.1 - want.1).abs() <= 1e-12,
                "{expr}: {got:?} != {want:?}"
            );
        }
    }
}

#[test]
fn parameters_passed_and_defaulted() {
    let cases: &[(&str, f64, f64)] = &[
        ("leaky_relu(x, 0.2)", -1.0, 0.2),
        ("leaky_relu(x)", -1.0, 0.01),
        ("leaky_relu(x, 1/5)", -2.0, 0.2),
        ("elu(x)", -1.0, (-1.0f64).exp()),
        ("elu(x, 2)", -1.0, 2.0 * (-1.0f64).exp()),
        ("hardtanh(x)", 1.5, 0.0),
        ("hardtanh(x, -2, 2)", 1.5, 1.0),
        ("hardtanh(x, -2)", 0.5, 1.0),
        ("hardtanh(x, -pi, 2*e)", 5.0, 1.0),
        ("softplus(x)", 0.0, 0.5),
        ("softplus(x, 2)", 0.0, 0.5),
        ("softplus(x, 2, 0.1)", 1.0, 1.0),
        ("celu(x, 2)", -2.0, (-1.0f64).exp()),
    ];
    for &(expr, x, d) in cases {
        let got = cli(expr, x).1;
        assert!((got - d).abs() <= 1e-12, "{expr} at {x}: {got} != {d}");
    }
    // Parameters are numbers: a constant argument folds, as in Python.
    let v = grad_json("leaky_relu(-1, 0.2)", &[]).unwrap();
    assert_eq!(v["value"], -0.2);
}

#[test]
fn parameters_must_be_constants() {
    let e = grad_json("leaky_relu(x, y)", &["x=1", "y=2"]).unwrap_err();
    assert_eq!(
        e,
        "error: the parameter negative_slope of leaky_relu() must be a constant (numbers, pi, e \
         and arithmetic of them), but it depends on the variable 'y' at column 15\n  \
         leaky_relu(x, y)\n                ^"
    );
    let e = parse("hardtanh(x, -1, 2*x + 1)").unwrap_err();
    assert_eq!(e.span.column(), 19);
    assert!(
        e.message.starts_with("the parameter max_val of hardtanh()"),
        "{e}"
    );
    // The input itself may be anything.
    assert!(parse("leaky_relu(x*y, 0.2)").is_ok());
}

#[test]
fn too_many_arguments() {
    let e = grad_json("sin(x, 2)", &["x=1"]).unwrap_err();
    assert_eq!(
        e,
        "error: sin() takes 1 argument, but 2 were given at column 1\n  sin(x, 2)\n  ^^^"
    );
    let e = grad_json("1 + hardtanh(x, -2, 2, 3)", &["x=1"]).unwrap_err();
    assert_eq!(
        e,
        "error: hardtanh() takes 1 to 3 arguments (x, min_val=-1, max_val=1), but 4 were given \
         at column 5\n  1 + hardtanh(x, -2, 2, 3)\n      ^^^^^^^^"
    );
    let e = parse("leaky_relu()").unwrap_err();
    assert_eq!(
        e.message,
        "leaky_relu() takes 1 to 2 arguments (x, negative_slope=0.01), but 0 were given"
    );
    let e = parse("sum(v, 2)").unwrap_err();
    assert_eq!(e.message, "sum() takes 1 argument, but 2 were given");
}

#[test]
fn the_help_lists_every_row() {
    let out = Command::new(env!("CARGO_BIN_EXE_ferrograd"))
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let long = String::from_utf8(out).unwrap();
    let short = functions_help(false);
    let known = known_functions();
    for f in Func::all() {
        let sig = f.signature();
        assert!(long.contains(&format!("  {sig} ")), "{sig} not in --help");
        assert!(short.contains(&sig), "{sig} not in -h");
        if let Func::Unary(op) = f {
            assert!(long.contains(&f.doc()), "{}'s doc not in --help", op.name);
            let shown = if op.params.is_empty() {
                op.name.to_string()
            } else {
                sig.clone()
            };
            assert!(known.contains(&shown), "{shown} not in the known functions");
        }
    }
    assert!(long.contains("leaky_relu(x, negative_slope=0.01)"));
    assert!(long.contains("hardtanh(x, min_val=-1, max_val=1)"));
    assert!(long.contains("softplus(x, beta=1, threshold=20)"));
    assert!(long.contains("gelu_tanh(x) is PyTorch's gelu(x, approximate='tanh')"));
    // The subcommands' help lists them too.
    for sub in ["grad", "plot", "graph", "check"] {
        Command::new(env!("CARGO_BIN_EXE_ferrograd"))
            .args([sub, "-h"])
            .assert()
            .success()
            .stdout(predicates::str::contains(
                "leaky_relu(x, negative_slope=0.01)",
            ));
    }
    // So does the error for an unknown function.
    let e = parse("sinhh(x)").unwrap_err();
    assert_eq!(
        e.message,
        format!("unknown function 'sinhh' (known: {known})")
    );
    assert!(known.contains("atan, sinh, cosh"), "{known}");
}
