//! The hand-written ops (those outside the elementwise op tables) at IEEE edges, against
//! PyTorch's recorded values, gradients and error messages (`data/gen_edge_ops.py` →
//! `data/edge_ops.json`): pow with scalar and tensor exponents, clamp and its one-sided forms,
//! max/min (whole and along a dimension, ties, NaN), amax/amin, argmax/argmin, maximum/minimum/fmax/fmin,
//! sum and mean, softmax and log_softmax, div, floor_divide, remainder and fmod on floats and
//! int64 (division by zero), mse_loss and cross_entropy, at NaN, ±inf, ±0, subnormals and
//! values near the largest finite one, in float32 and float64.
//!
//! NaN must be NaN, infinities and the sign of a zero must match, finite values agree to about
//! an ulp (the float32 kernels of both libraries round differently in the last place), integers
//! and indices exactly. The rows of the op tables get the same edges in `op_info.rs`.

mod common;

use common::{recorded_f64 as dec, same_as_recorded};
use ferrograd::{BackwardOptions, DType, Tensor};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn data() -> Value {
    serde_json::from_str(include_str!("data/edge_ops.json")).expect("valid JSON")
}

fn dtype(name: &str) -> DType {
    match name {
        "float32" => DType::Float32,
        "float64" => DType::Float64,
        "int64" => DType::Int64,
        "bool" => DType::Bool,
        other => panic!("unexpected dtype {other}"),
    }
}

fn shape(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect()
}

/// A recorded tensor (`dtype`, `shape`, `data`) as a tensor; floats require gradients.
fn input(v: &Value) -> Tensor {
    let sh = shape(&v["shape"]);
    let vals = v["data"].as_array().unwrap();
    match dtype(v["dtype"].as_str().unwrap()) {
        DType::Int64 => Tensor::from_vec(vals.iter().map(|x| x.as_i64().unwrap()).collect(), &sh),
        DType::Float32 => {
            Tensor::from_vec(vals.iter().map(|x| dec(x) as f32).collect(), &sh).requires_grad_(true)
        }
        DType::Float64 => {
            Tensor::from_vec(vals.iter().map(dec).collect::<Vec<f64>>(), &sh).requires_grad_(true)
        }
        DType::Bool => panic!("no bool inputs"),
    }
}

/// A clamp bound as PyTorch was given it: a Python int stays an integer (and keeps an
/// integer tensor integral), a float is a float.
fn bound(v: &Value) -> Option<ferrograd::Scalar> {
    if v.is_null() {
        None
    } else if let Some(i) = v.as_i64() {
        Some(ferrograd::Scalar::Int(i))
    } else {
        Some(ferrograd::Scalar::Float(dec(v)))
    }
}

fn opt_dim(v: &Value) -> Option<isize> {
    v.as_i64().map(|d| d as isize)
}

/// Reduction over all elements as PyTorch's `argmax()`/`argmin()` without a dimension: the index
/// in the flattened tensor.
fn arg_extreme(x: &Tensor, dim: Option<isize>, max: bool) -> ferrograd::Result<Tensor> {
    let (src, d) = match dim {
        None => (x.try_reshape(&[x.numel()])?, 0),
        Some(d) => (x.clone(), d),
    };
    let (_, i) = if max {
        src.try_max_dim(d, false)?
    } else {
        src.try_min_dim(d, false)?
    };
    Ok(i)
}

/// The op of a case, as the Rust API spells it.
fn apply(op: &str, p: &Value, x: &[Tensor]) -> ferrograd::Result<Vec<Tensor>> {
    let one = |r: ferrograd::Result<Tensor>| r.map(|t| vec![t]);
    match op {
        "pow_scalar" => {
            let e = &p["exponent"];
            match e.as_i64() {
                Some(i) if e.is_i64() => one(x[0].try_pow(i)),
                _ => one(x[0].try_pow(dec(e))),
            }
        }
        "pow_tensor" => one(x[0].try_pow_tensor(&x[1])),
        "clamp" => one(x[0].try_clamp_bounds(bound(&p["min"]), bound(&p["max"]))),
        "clamp_min" => one(x[0].try_clamp_bounds(bound(&p["min"]), None)),
        "clamp_max" => one(x[0].try_clamp_bounds(None, bound(&p["max"]))),
        "max" => one(x[0].try_max()),
        "min" => one(x[0].try_min()),
        "max_dim" | "min_dim" => {
            let (d, keep) = (p["dim"].as_i64().unwrap() as isize, p["keepdim"] == true);
            let r = if op == "max_dim" {
                x[0].try_max_dim(d, keep)
            } else {
                x[0].try_min_dim(d, keep)
            };
            r.map(|(v, i)| vec![v, i])
        }
        "argmax" => one(arg_extreme(&x[0], opt_dim(&p["dim"]), true)),
        "argmin" => one(arg_extreme(&x[0], opt_dim(&p["dim"]), false)),
        "amax" | "amin" => {
            let dims: Vec<isize> = opt_dim(&p["dim"]).into_iter().collect();
            one(if op == "amax" {
                x[0].try_amax(&dims, false)
            } else {
                x[0].try_amin(&dims, false)
            })
        }
        "maximum" => one(x[0].try_maximum(&x[1])),
        "minimum" => one(x[0].try_minimum(&x[1])),
        "fmax" => one(x[0].try_fmax(&x[1])),
        "fmin" => one(x[0].try_fmin(&x[1])),
        "sum" => one(match opt_dim(&p["dim"]) {
            None => x[0].try_sum(),
            Some(d) => x[0].try_sum_dims(&[d], false),
        }),
        "mean" => one(match opt_dim(&p["dim"]) {
            None => x[0].try_mean(),
            Some(d) => x[0].try_mean_dims(&[d], false),
        }),
        "softmax" => one(x[0].try_softmax(p["dim"].as_i64().unwrap() as isize)),
        "log_softmax" => one(x[0].try_log_softmax(p["dim"].as_i64().unwrap() as isize)),
        "div" => one(x[0].try_div(&x[1])),
        "floor_divide" => one(x[0].try_floor_divide(&x[1])),
        "remainder" => one(x[0].try_remainder(&x[1])),
        "fmod" => one(x[0].try_fmod(&x[1])),
        "mse_loss" => one(x[0].try_mse_loss(&x[1])),
        "cross_entropy" => one(x[0].try_cross_entropy(&x[1])),
        other => panic!("no Rust call for op {other}: add it to apply()"),
    }
}

/// Relative and absolute tolerance of finite values: about an ulp.
fn tol(dt: DType) -> (f64, f64) {
    match dt {
        DType::Float32 => (2.5e-7, 1e-44),
        _ => (5e-16, 1e-322),
    }
}

/// The ops whose gradient is a difference of two rounded terms (`g - exp(out) * sum(g)`): a few
/// ulps more, as the two libraries sum in different orders.
const CANCELLING: &[&str] = &["softmax", "log_softmax", "cross_entropy"];

/// The known difference: ferrograd accumulates float32 sums in float64, so a float32 sum whose
/// partial sums overflow in PyTorch's float32 accumulation (3e38 + 3e38 = inf) stays finite.
/// Returns whether `got` vs `want` is that difference.
fn float32_accumulation(op: &str, dt: DType, got: f64, want: f64) -> bool {
    matches!(op, "sum" | "mean") && dt == DType::Float32 && want.is_infinite() && got.is_finite()
}

fn compare_values(what: &str, got: &Tensor, want: &Value, ctx: &mut Ctx) {
    let wdt = dtype(want["dtype"].as_str().unwrap());
    if got.dtype() != wdt || got.shape() != shape(&want["shape"]).as_slice() {
        ctx.fails.push(format!(
            "{what}: {:?} {:?}, PyTorch {wdt:?} {:?}",
            got.dtype(),
            got.shape(),
            shape(&want["shape"])
        ));
        return;
    }
    compare_data(what, got, &want["data"], wdt, ctx);
}

/// What one case compares with: its op, the failures so far, the known differences met.
struct Ctx {
    op: String,
    fails: Vec<String>,
    known: Vec<String>,
}

fn compare_data(what: &str, got: &Tensor, want: &Value, dt: DType, ctx: &mut Ctx) {
    let want = want.as_array().unwrap();
    if dt == DType::Int64 || dt == DType::Bool {
        let got: Vec<i64> = match dt {
            DType::Bool => got.to_vec::<bool>().into_iter().map(i64::from).collect(),
            _ => got.to_vec::<i64>(),
        };
        for (k, (g, w)) in got.iter().zip(want).enumerate() {
            let w = w.as_i64().or(w.as_bool().map(i64::from)).unwrap();
            if *g != w {
                ctx.fails.push(format!("{what}[{k}]: {g}, PyTorch {w}"));
            }
        }
        return;
    }
    let (mut rel, abs) = tol(dt);
    if CANCELLING.contains(&ctx.op.as_str()) {
        rel *= 8.0;
    }
    for (k, (g, w)) in got.to_f64_vec().iter().zip(want).enumerate() {
        let w = dec(w);
        let line = format!("{what}[{k}]: {g:e}, PyTorch {w:e}");
        if float32_accumulation(&ctx.op, dt, *g, w) {
            ctx.known.push(line);
        } else if !same_as_recorded(*g, w, rel, abs) {
            ctx.fails.push(line);
        }
    }
}

/// Runs one recorded case; returns what it found and the number of values compared.
fn run_case(c: &Value) -> (Ctx, usize) {
    let op = c["op"].as_str().unwrap();
    let mut ctx = Ctx {
        op: op.to_string(),
        fails: Vec::new(),
        known: Vec::new(),
    };
    let xs: Vec<Tensor> = c["inputs"].as_array().unwrap().iter().map(input).collect();
    let name = format!(
        "{} ({})",
        c["py"].as_str().unwrap(),
        c["inputs"][0]["dtype"].as_str().unwrap()
    );
    let mut n = 0;
    match (apply(op, &c["p"], &xs), c.get("error")) {
        (Err(e), Some(want)) => {
            n += 1;
            if e.to_string() != want["msg"].as_str().unwrap() {
                ctx.fails
                    .push(format!("{name}: error {e:?}, PyTorch {want}"));
            }
        }
        (Ok(_), Some(want)) => ctx
            .fails
            .push(format!("{name}: no error, PyTorch raises {want}")),
        (Err(e), None) => ctx.fails.push(format!("{name}: error {e}")),
        (Ok(outs), None) => {
            for (i, (o, w)) in outs.iter().zip(c["out"].as_array().unwrap()).enumerate() {
                compare_values(&format!("{name} out{i}"), o, w, &mut ctx);
                n += o.numel();
            }
            let y = &outs[0];
            if y.requires_grad() {
                n += check_grads(c, &name, y, &xs, &mut ctx);
            }
        }
    }
    (ctx, n)
}

/// The gradients after `y.backward(gw)` against the recorded ones (or the recorded error).
fn check_grads(c: &Value, name: &str, y: &Tensor, xs: &[Tensor], ctx: &mut Ctx) -> usize {
    let gw = match c.get("gw") {
        Some(w) => Tensor::from_vec(
            w.as_array().unwrap().iter().map(dec).collect::<Vec<f64>>(),
            y.shape(),
        )
        .to_dtype(y.dtype()),
        None => Tensor::ones(y.shape()).to_dtype(y.dtype()),
    };
    let mut n = 0;
    match (
        y.try_backward_opts(&BackwardOptions::new().gradient(gw)),
        c.get("backward_error"),
    ) {
        (Err(e), Some(want)) => {
            n += 1;
            if e.to_string() != want["msg"].as_str().unwrap() {
                ctx.fails
                    .push(format!("{name}: backward error {e}, PyTorch {want}"));
            }
        }
        (Ok(()), Some(want)) => ctx
            .fails
            .push(format!("{name}: backward ran, PyTorch raises {want}")),
        (Err(e), None) => ctx.fails.push(format!("{name}: backward error {e}")),
        (Ok(()), None) => {
            for (i, (x, w)) in xs.iter().zip(c["grads"].as_array().unwrap()).enumerate() {
                match (x.grad(), w.is_null()) {
                    (None, true) => {}
                    (Some(g), false) => {
                        compare_data(&format!("{name} grad{i}"), &g, w, g.dtype(), ctx);
                        n += g.numel();
                    }
                    (g, _) => ctx.fails.push(format!(
                        "{name} grad{i}: {}, PyTorch {}",
                        g.map_or("None".into(), |g| format!("{:?}", g.to_f64_vec())),
                        if w.is_null() { "None" } else { "a gradient" }
                    )),
                }
            }
        }
    }
    n
}

#[test]
fn hand_written_ops_match_pytorch_at_ieee_edges() {
    let d = data();
    let cases = d["cases"].as_array().unwrap();
    let (mut fails, mut known, mut compared, mut ran) = (Vec::new(), Vec::new(), 0, 0);
    for c in cases {
        match catch_unwind(AssertUnwindSafe(|| run_case(c))) {
            Ok((ctx, n)) => {
                fails.extend(ctx.fails);
                known.extend(ctx.known);
                compared += n;
                ran += usize::from(n > 0);
            }
            Err(_) => fails.push(format!("{}: panicked", c["py"])),
        }
    }
    assert!(
        fails.is_empty(),
        "{} mismatches in {ran} cases:\n{}",
        fails.len(),
        fails.join("\n")
    );
    assert!(
        ran > 450 && compared > 10_000,
        "{ran} cases, {compared} values"
    );
    // the one known difference (float32 sums accumulated in float64), exactly where it is
    assert_eq!(
        known,
        [
            "x0.sum() (float32) out0[0]: -3.0000000054977558e38, PyTorch -inf",
            "x0.mean() (float32) out0[0]: -4.999999840142846e37, PyTorch -inf",
            "x0.mean(dim=1) (float32) out0[0]: -1.9999999360571385e38, PyTorch -inf",
        ]
    );
}

/// The comparison is strict where it must be: the sign of a zero, NaN against a number, an
/// infinity against a large finite value.
#[test]
fn the_comparison_tells_signed_zeros_nan_and_infinity_apart() {
    let (rel, abs) = tol(DType::Float32);
    assert!(!same_as_recorded(-0.0, 0.0, rel, abs));
    assert!(!same_as_recorded(f64::NAN, 0.0, rel, abs));
    assert!(!same_as_recorded(3e38, f64::INFINITY, rel, abs));
    assert!(!same_as_recorded(1e-40, 2e-40, rel, abs));
    assert!(same_as_recorded(1.0 + 1e-7, 1.0, rel, abs));
    let mut ctx = Ctx {
        op: "sum".into(),
        fails: Vec::new(),
        known: Vec::new(),
    };
    let want = serde_json::json!({"dtype": "float32", "shape": [2], "data": ["-0.0", 1.0]});
    compare_values("t", &Tensor::new([0.0f32, 1.0]), &want, &mut ctx);
    assert_eq!(ctx.fails, vec!["t[0]: 0e0, PyTorch -0e0"]);
    let want = serde_json::json!({"dtype": "float32", "shape": [1], "data": ["inf"]});
    compare_values("s", &Tensor::new([3e38f32]), &want, &mut ctx);
    assert_eq!(ctx.known, vec!["s[0]: 3.0000000054977558e38, PyTorch inf"]);
}

/// An empty view can start past the end of its storage (`zeros(2, 0)[1]` has offset 1 into an
/// empty storage, as in PyTorch): every op reads no element of it (found by fuzzing the Python
/// API, where it raised a caught panic).
#[test]
fn empty_views_past_the_end_of_their_storage_are_ordinary_tensors() {
    for dt in [DType::Float32, DType::Float64, DType::Int64, DType::Bool] {
        let t = Tensor::zeros(&[2, 0]).to_dtype(dt).select(0, 1);
        assert_eq!((t.shape(), t.storage_offset()), (&[0usize][..], 1));
        assert_eq!(
            t.to_string(),
            format!(
                "tensor([]{})",
                match dt {
                    DType::Float32 => "",
                    DType::Float64 => ", dtype=torch.float64",
                    DType::Int64 => ", dtype=torch.int64",
                    DType::Bool => ", dtype=torch.bool",
                }
            )
        );
        assert_eq!(t.to_f64_vec(), Vec::<f64>::new());
        assert_eq!(t.sum().item(), 0.0);
        assert_eq!(t.clone_tensor().numel(), 0);
        assert_eq!(t.eq(&t).numel(), 0);
        if dt.is_floating_point() {
            assert_eq!((&t + &t).exp().numel(), 0);
            assert_eq!(
                t.try_amax(&[0], false).unwrap_err().to_string(),
                "amax(): Expected reduction dim 0 to have non-zero size."
            );
        }
    }
}
