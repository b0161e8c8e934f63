//! One driver over the OpInfo table (`common/op_info.rs`, `common/op_entries.rs`): every
//! differentiable op, each sample input (0-dim, odd sizes, broadcasting) in float64 (tight
//! tolerances) and float32 (loose ones), runs
//! - `gradcheck` (reverse mode against central differences) and `gradgradcheck` (float64);
//! - the forward-mode Jacobian against the reverse-mode one;
//! - a Hessian-vector product by forward-over-reverse against double backward;
//! - one batched backward pass (`is_grads_batched`) against separate passes;
//!
//! and, for the rows of the elementwise op tables, Taylor mode against nested `grad` and
//! PyTorch's recorded values and gradients (`data/gen_unary_ops.py` → `unary_ops.json`,
//! `data/gen_binary_ops.py` → `binary_ops.json`: smooth domains, kinks, ties, signed zeros,
//! NaN, infinities, subnormals). A failure names the op, the check, the shapes and the dtype.

mod common;
#[path = "common/loss_entries.rs"]
mod loss_entries;
#[path = "common/op_entries.rs"]
mod op_entries;
#[path = "common/op_info.rs"]
mod op_info;

use common::{recorded_f64 as dec, same_as_recorded};
use ferrograd::autograd::forward_ad::{dual_level, make_dual, unpack_dual};
use ferrograd::autograd::functional::{hvp, Options};
use ferrograd::autograd::taylor::{derivatives, Jet, Real};
use ferrograd::autograd::{self, grad_with, GradOptions, GradcheckOptions};
use ferrograd::ops::{BinaryOp, UnaryOp, BINARY_OPS, UNARY_OPS};
use ferrograd::{DType, Tensor};
use op_info::{Check, OpInfo, Row, CHECKS};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Relative tolerance of comparisons between two exact methods (no finite differences).
fn exact_tol(e: &OpInfo, dt: DType) -> f64 {
    if dt == DType::Float32 || e.tol64.is_some() {
        1e-4
    } else {
        1e-10
    }
}

fn compare(what: &str, got: &[f64], want: &[f64], tol: f64) -> Result<(), String> {
    if got.len() != want.len() {
        return Err(format!("{what}: {} values vs {}", got.len(), want.len()));
    }
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        if !((g - w).abs() <= tol * (1.0 + w.abs()) || (g.is_nan() && w.is_nan())) {
            return Err(format!("{what}: element {k}: {g:e} vs {w:e}"));
        }
    }
    Ok(())
}

type Res = Result<(), String>;

fn leaves(xs: &[Tensor]) -> Vec<Tensor> {
    xs.iter().map(|x| x.detach().requires_grad_(true)).collect()
}

fn check_grad(e: &OpInfo, xs: &[Tensor], dt: DType, second: bool) -> Res {
    let opts = match dt {
        DType::Float64 => e.tol64.unwrap_or_default(),
        _ => GradcheckOptions {
            eps: 1e-3,
            atol: 1e-2,
            rtol: 1e-2,
            fast_mode: false,
        },
    };
    let f = |x: &[Tensor]| Ok(vec![(e.f)(x)]);
    let r = if second {
        autograd::gradgradcheck(f, &leaves(xs), opts)
    } else {
        autograd::gradcheck(f, &leaves(xs), opts)
    };
    r.map(|_| ()).map_err(|err| err.to_string())
}

fn check_forward(e: &OpInfo, xs: &[Tensor], dt: DType) -> Res {
    let f = |x: &[Tensor]| Ok(vec![(e.f)(x)]);
    let xs = leaves(xs);
    let fw = autograd::forward_jacobian(f, &xs).map_err(|e| e.to_string())?;
    let rev = autograd::analytical_jacobian(f, &xs).map_err(|e| e.to_string())?;
    for (i, (a, b)) in fw[0].iter().zip(&rev[0]).enumerate() {
        let what = format!("input {i}");
        compare(&what, &a.to_f64_vec(), &b.to_f64_vec(), exact_tol(e, dt))?;
    }
    Ok(())
}

fn check_fwd_over_rev(e: &OpInfo, xs: &[Tensor], dt: DType) -> Res {
    let (ts, w) = common::seeded(7, || {
        let ts: Vec<Tensor> = xs
            .iter()
            .map(|x| Tensor::randn_dtype(x.shape(), dt))
            .collect();
        (ts, Tensor::randn_dtype((e.f)(xs).shape(), dt))
    });
    // a scalar with a non-zero Hessian even where the op is linear
    let s = |x: &[Tensor]| {
        let y = (e.f)(x);
        (&y * &y * &w).sum()
    };
    let (_, want) =
        hvp(|x| Ok(vec![s(x)]), xs, &ts, Options::default()).map_err(|e| e.to_string())?;
    let _level = dual_level().map_err(|e| e.to_string())?;
    let duals = xs
        .iter()
        .zip(&ts)
        .map(|(x, t)| make_dual(x, t).map(|d| d.requires_grad_(true)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let g = grad_with(&[s(&duals)], &duals, &GradOptions::new().allow_unused(true))
        .map_err(|e| e.to_string())?;
    for (k, (gk, wk)) in g.iter().zip(&want).enumerate() {
        let got = match gk.as_ref().and_then(|g| unpack_dual(g).1) {
            Some(t) => t.to_f64_vec(),
            None => vec![0.0; wk.numel()],
        };
        compare(
            &format!("input {k}"),
            &got,
            &wk.to_f64_vec(),
            exact_tol(e, dt),
        )?;
    }
    Ok(())
}

fn check_batched(e: &OpInfo, xs: &[Tensor], dt: DType) -> Res {
    let xs = leaves(xs);
    let y = (e.f)(&xs);
    for batch in [1usize, 3] {
        let mut shape = vec![batch];
        shape.extend_from_slice(y.shape());
        let v = common::seeded(batch as u64, || Tensor::randn_dtype(&shape, y.dtype()));
        let o = GradOptions::new()
            .grad_outputs(vec![v.clone()])
            .is_grads_batched(true)
            .retain_graph(true)
            .materialize_grads(true);
        let got = grad_with(std::slice::from_ref(&y), &xs, &o).map_err(|e| e.to_string())?;
        for i in 0..batch {
            let o = GradOptions::new()
                .grad_outputs(vec![v.select(0, i as isize)])
                .retain_graph(true)
                .materialize_grads(true);
            let want = grad_with(std::slice::from_ref(&y), &xs, &o).map_err(|e| e.to_string())?;
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                let g = g.as_ref().unwrap().select(0, i as isize);
                let w = w.as_ref().unwrap();
                if g.shape() != w.shape() {
                    return Err(format!(
                        "input {k}: shape {:?} vs {:?}",
                        g.shape(),
                        w.shape()
                    ));
                }
                let what = format!("batch {batch} row {i} input {k}");
                compare(&what, &g.to_f64_vec(), &w.to_f64_vec(), exact_tol(e, dt))?;
            }
        }
    }
    Ok(())
}

/// `f` and its derivatives in `x` to order 4 by nested `grad(create_graph=True)` (0 once a
/// derivative no longer depends on `x`).
fn nested_derivatives(mut f: Tensor, x: &Tensor) -> Result<Vec<f64>, String> {
    let mut nested = vec![f.item()];
    while nested.len() < 5 {
        let o = GradOptions::new().create_graph(true).allow_unused(true);
        let g = grad_with(std::slice::from_ref(&f), std::slice::from_ref(x), &o)
            .map_err(|e| e.to_string())?[0]
            .clone();
        match g {
            Some(g) if g.requires_grad() => {
                nested.push(g.item());
                f = g;
            }
            Some(g) => {
                nested.push(g.item());
                nested.resize(5, 0.0);
            }
            None => nested.resize(5, 0.0),
        }
    }
    Ok(nested)
}

/// Taylor mode (the row's recurrence, or the generic `y' = f'(x)·x'`) against nested
/// `grad(create_graph=True)`, to order 4, at a point of the row's domain that is not its centre.
fn check_taylor(op: &'static UnaryOp) -> Res {
    let x0 = op.domain.0 + 0.37 * (op.domain.1 - op.domain.0);
    let p = op.default_params();
    let jets = derivatives(|x: &Jet| op.jet(x, &p), x0, 4);
    let x = Tensor::new_with_dtype(x0, DType::Float64).requires_grad_(true);
    let f = op.apply(&x, &p).map_err(|e| e.to_string())?;
    let nested = nested_derivatives(f, &x)?;
    for (k, (a, b)) in jets.iter().zip(&nested).enumerate() {
        if (a - b).abs() > 1e-9 * (1.0 + b.abs()) {
            return Err(format!("at {x0}: order {k}: taylor {a} vs nested grad {b}"));
        }
    }
    Ok(())
}

/// Binary rows: Taylor mode of `t ↦ f(a0 + t, b0 + 0.6·t)` at `t = 0` against nested
/// `grad(create_graph=True)` in `t`, to order 4 (both arguments move, so both partial
/// derivatives and their cross terms are exercised).
fn check_taylor_binary(op: &'static BinaryOp) -> Res {
    let ((alo, ahi), (blo, bhi)) = op.domain;
    let (a0, b0) = (alo + 0.37 * (ahi - alo), blo + 0.61 * (bhi - blo));
    let jets = derivatives(
        |t: &Jet| {
            let a = t.clone() + t.full_like(a0);
            let b = t.clone() * t.full_like(0.6) + t.full_like(b0);
            a.binary(op, &b)
        },
        0.0,
        4,
    );
    let t = Tensor::new_with_dtype(0.0, DType::Float64).requires_grad_(true);
    let a = &t + a0;
    let b = &t * 0.6 + b0;
    let f = op.apply(&a, &b).map_err(|e| e.to_string())?;
    let nested = nested_derivatives(f, &t)?;
    for (k, (x, y)) in jets.iter().zip(&nested).enumerate() {
        if (x - y).abs() > 1e-9 * (1.0 + y.abs()) {
            return Err(format!(
                "at ({a0}, {b0}): order {k}: taylor {x} vs nested grad {y}"
            ));
        }
    }
    Ok(())
}

fn unary_data() -> Value {
    serde_json::from_str(include_str!("data/unary_ops.json")).expect("valid JSON")
}

fn binary_data() -> Value {
    serde_json::from_str(include_str!("data/binary_ops.json")).expect("valid JSON")
}

/// PyTorch's recorded values and gradients of a unary row, in float32 and float64: NaN must be
/// NaN, infinities and the sign of a zero must match, other values within a few ulps down to
/// the subnormals (float64 values of the smooth grid lose a few more digits to cancellation,
/// e.g. log near 1). Returns the failures and the number of values compared.
fn recorded_unary(op: &'static UnaryOp, data: &Value) -> (Vec<String>, usize) {
    let (mut failures, mut checked) = (Vec::new(), 0);
    let entry = &data["ops"][op.name];
    let p = op.default_params();
    for (dtname, dt, rel, abs) in [
        ("float32", DType::Float32, 4.8e-7, 1e-44),
        ("float64", DType::Float64, 1e-14, 1e-322),
    ] {
        let e = &entry[dtname];
        let xs: Vec<f64> = e["x"].as_array().unwrap().iter().map(dec).collect();
        for (i, &x0) in xs.iter().enumerate() {
            let (want_y, want_g) = (dec(&e["y"][i]), dec(&e["grad"][i]));
            let x = Tensor::new_with_dtype([x0], dt).requires_grad_(true);
            let y = op.apply(&x, &p).unwrap();
            y.sum().backward();
            let (got_y, got_g) = (y.item(), x.grad().unwrap().item());
            if !same_as_recorded(got_y, want_y, rel, abs) {
                failures.push(format!(
                    "{dtname} f({x0:e}) = {got_y:e}, PyTorch {want_y:e}"
                ));
            }
            if !same_as_recorded(got_g, want_g, rel * 4.0, abs) {
                failures.push(format!(
                    "{dtname} f'({x0:e}) = {got_g:e}, PyTorch {want_g:e}"
                ));
            }
            checked += 2;
        }
    }
    (failures, checked)
}

/// PyTorch's recorded values and both gradients of a binary row, in float32 and float64.
fn recorded_binary(op: &'static BinaryOp, data: &Value) -> (Vec<String>, usize) {
    let (mut failures, mut checked) = (Vec::new(), 0);
    let entry = &data["ops"][op.name];
    for (dtname, dt, rel, subnormal) in [
        ("float32", DType::Float32, 2.4e-7, 1e-44),
        ("float64", DType::Float64, 1e-15, 1e-322),
    ] {
        for row in entry[dtname].as_array().unwrap() {
            let v: Vec<f64> = row.as_array().unwrap().iter().map(dec).collect();
            let a = Tensor::new_with_dtype([v[0]], dt).requires_grad_(true);
            let b = Tensor::new_with_dtype([v[1]], dt).requires_grad_(true);
            let y = op.apply(&a, &b).unwrap();
            y.sum().backward();
            let got = [y.item(), a.grad().unwrap().item(), b.grad().unwrap().item()];
            for (k, what) in ["f", "df/da", "df/db"].iter().enumerate() {
                if !same_as_recorded(got[k], v[2 + k], rel * 4.0, subnormal) {
                    failures.push(format!(
                        "{dtname} {what}({:e}, {:e}) = {:e}, PyTorch {:e}",
                        v[0],
                        v[1],
                        got[k],
                        v[2 + k]
                    ));
                }
                checked += 1;
            }
        }
    }
    (failures, checked)
}

fn run_one(f: impl FnOnce() -> Res) -> Res {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => Err(p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .map_or("panicked".into(), |s| format!("panicked: {s}"))),
    }
}

/// What the driver did: failures (each naming op, check, shapes, dtype) and counts.
#[derive(Default)]
struct Report {
    failures: Vec<String>,
    checks: usize,
    recorded: usize,
}

/// The driver: every check that applies, on every sample and dtype of every entry.
fn drive(entries: &[OpInfo]) -> Report {
    let mut r = Report::default();
    let (unary, binary) = (unary_data(), binary_data());
    for e in entries {
        for s in 0..e.samples.len() {
            for &dt in &e.dtypes {
                let xs = e.inputs(s, dt);
                for check in CHECKS.iter().copied().filter(|&c| e.runs(c)) {
                    if check == Check::GradGrad && dt != DType::Float64 {
                        continue;
                    }
                    let res = run_one(|| match check {
                        Check::Grad => check_grad(e, &xs, dt, false),
                        Check::GradGrad => check_grad(e, &xs, dt, true),
                        Check::Forward => check_forward(e, &xs, dt),
                        Check::FwdOverRev => check_fwd_over_rev(e, &xs, dt),
                        Check::Batched => check_batched(e, &xs, dt),
                    });
                    r.checks += 1;
                    if let Err(m) = res {
                        let shapes = e.shapes(s);
                        r.failures.push(format!(
                            "{} [{check:?}] shapes {shapes:?} {dt:?}: {m}",
                            e.name
                        ));
                    }
                }
            }
        }
        let (fails, n) = match e.row {
            Some(Row::Unary(op)) => {
                r.checks += 1;
                if let Err(m) = run_one(|| check_taylor(op)) {
                    r.failures
                        .push(format!("{} [Taylor] shape [] Float64: {m}", e.name));
                }
                recorded_unary(op, &unary)
            }
            Some(Row::Binary(op)) => {
                r.checks += 1;
                if let Err(m) = run_one(|| check_taylor_binary(op)) {
                    r.failures
                        .push(format!("{} [Taylor] shape [] Float64: {m}", e.name));
                }
                recorded_binary(op, &binary)
            }
            None => (Vec::new(), 0),
        };
        r.recorded += n;
        for m in fails {
            r.failures
                .push(format!("{} [Recorded] shape [1] {m}", e.name));
        }
    }
    r
}

#[track_caller]
fn assert_passes(r: &Report) {
    assert!(
        r.failures.is_empty(),
        "{} of {} checks failed:\n{}",
        r.failures.len(),
        r.checks,
        r.failures.join("\n")
    );
}

#[test]
fn every_unary_table_row_passes_every_check() {
    let r = drive(&op_info::unary_rows());
    assert_passes(&r);
    assert!(r.recorded > 2000, "only {} recorded values", r.recorded);
}

#[test]
fn every_binary_table_row_passes_every_check() {
    let r = drive(&op_info::binary_rows());
    assert_passes(&r);
    assert!(r.recorded > 1500, "only {} recorded values", r.recorded);
}

#[test]
fn every_hand_written_entry_passes_every_check() {
    let entries = op_entries::entries();
    let r = drive(&entries);
    assert_passes(&r);
    assert!(entries.len() > 100, "{}", entries.len());
}

/// The table rows enter the sweep by iteration: one entry per row, in order, nothing else; and
/// every row has PyTorch's values recorded.
#[test]
fn every_table_row_is_in_the_sweep_with_recorded_values() {
    let u = op_info::unary_rows();
    assert_eq!(u.len(), UNARY_OPS.len());
    for (e, op) in u.iter().zip(UNARY_OPS) {
        assert_eq!(e.name, op.name);
        assert!(matches!(e.row, Some(Row::Unary(r)) if std::ptr::eq(r, *op)));
        assert!(CHECKS.iter().all(|&c| e.runs(c)), "{}", e.name);
    }
    let b = op_info::binary_rows();
    assert_eq!(b.len(), BINARY_OPS.len());
    for (e, op) in b.iter().zip(BINARY_OPS) {
        assert_eq!(e.name, op.name);
        assert!(matches!(e.row, Some(Row::Binary(r)) if std::ptr::eq(r, *op)));
    }
    let (ud, bd) = (unary_data(), binary_data());
    for op in UNARY_OPS {
        assert!(
            ud["ops"].get(op.name).is_some(),
            "{}: add it to tests/data/gen_unary_ops.py and record PyTorch's values",
            op.name
        );
    }
    for op in BINARY_OPS {
        assert!(
            bd["ops"][op.name].is_object(),
            "{}: record PyTorch's values",
            op.name
        );
    }
}

/// The driver catches a wrong first derivative, a wrong second derivative and a wrong batched
/// rule, and names the op, the check, the shapes and the dtype.
#[test]
fn failures_name_the_op_check_shapes_and_dtype() {
    let wrong = OpInfo::new(
        "x.detach() * x",
        |x| &x[0].detach() * &x[0],
        op_info::fixed(&[&[3]], op_info::Domain::Range(0.5, 1.0)),
    );
    // x0² + 2·x0·(x - x0) with x0 = x.detach(): value and first derivative of x², no second
    let frozen = OpInfo::new(
        "frozen slope",
        |x| {
            let x0 = x[0].detach();
            &x0 * &x0 + 2.0 * &x0 * (&x[0] - &x0)
        },
        op_info::fixed(&[&[3]], op_info::Domain::Range(0.5, 1.0)),
    )
    .f64_only();
    let r = drive(&[wrong, frozen]);
    let has = |s: &str| r.failures.iter().any(|f| f.starts_with(s));
    assert!(
        has("x.detach() * x [Grad] shapes [[3]] Float64: Jacobian mismatch"),
        "{:?}",
        r.failures
    );
    assert!(has(
        "x.detach() * x [Grad] shapes [[3]] Float32: Jacobian mismatch"
    ));
    assert!(has(
        "frozen slope [GradGrad] shapes [[3]] Float64: Jacobian mismatch"
    ));
    assert!(!has("frozen slope [Grad]"), "{:?}", r.failures);
}

#[test]
fn broadcasting_sums_gradients_back_to_each_shape() {
    let a = Tensor::new_with_dtype([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], DType::Float64)
        .requires_grad_(true);
    let b = Tensor::new_with_dtype([2.0, 2.0, 2.0], DType::Float64).requires_grad_(true);
    a.atan2(&b).sum().backward();
    assert_eq!(a.grad().unwrap().shape(), &[2, 3]);
    assert_eq!(b.grad().unwrap().shape(), &[3]);
    let want: f64 = [1.0f64, 4.0].iter().map(|&x| -x / (x * x + 4.0)).sum();
    assert!((b.grad().unwrap().to_vec::<f64>()[0] - want).abs() < 1e-15);
    let e = BinaryOp::find("hypot")
        .unwrap()
        .apply(&Tensor::zeros(&[2]), &Tensor::zeros(&[3]));
    assert_eq!(
        e.unwrap_err().to_string(),
        "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"
    );
}

#[test]
fn integer_rows_stay_integers_as_in_pytorch() {
    let a = Tensor::new([7, -7, 5]);
    let b = Tensor::new([3, 3, -2]);
    assert_eq!(a.fmod(&b).to_vec::<i64>(), vec![1, -1, 1]);
    assert_eq!(a.remainder(&b).to_vec::<i64>(), vec![1, 2, -1]);
    assert_eq!(a.maximum(&b).to_vec::<i64>(), vec![7, 3, 5]);
    assert_eq!(a.fmin(&b).dtype(), DType::Int64);
    assert_eq!(a.atan2(&b).dtype(), DType::Float32);
    let e = a.try_fmod(&Tensor::new([0, 1, 1])).unwrap_err();
    assert_eq!(e.to_string(), "ZeroDivisionError");
}
