//! Edge cases of padding, pooling, resampling and normalization against PyTorch
//! (`data/gen_pad_norm_edges.py` → `data/pad_norm_edges.json`): negative and mixed paddings in
//! every mode and 1-3 dimensions, int64 values above 2^53, the constant's conversion, the sign
//! of `-0.0` through values and first and second gradients, batch/layer/group norm on inputs
//! with a large mean, with `eps = 0` and empty, and the messages of mixed dtypes.

use ferrograd::autograd::{grad_with, GradOptions};
use ferrograd::ops::ConvOptions;
use ferrograd::{BatchNormArgs, DType, PadMode, Pool2d, Result, Tensor};
use serde_json::Value;

fn data() -> &'static Value {
    static DATA: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let s = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/pad_norm_edges.json"
        ))
        .unwrap();
        serde_json::from_str(&s).unwrap()
    })
}

fn num(v: &Value) -> f64 {
    match v.as_str() {
        Some("nan") => f64::NAN,
        Some("inf") => f64::INFINITY,
        Some("-inf") => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap(),
    }
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect()
}

fn dtype(name: &str) -> DType {
    match name {
        "float32" => DType::Float32,
        "float64" => DType::Float64,
        "int64" => DType::Int64,
        _ => DType::Bool,
    }
}

fn dec(v: &Value) -> Tensor {
    let shape = usizes(&v["shape"]);
    let d = v["data"].as_array().unwrap();
    match v["dtype"].as_str().unwrap() {
        "int64" => Tensor::from_vec(d.iter().map(|x| x.as_i64().unwrap()).collect(), &shape),
        "bool" => Tensor::from_vec(d.iter().map(|x| x.as_bool().unwrap()).collect(), &shape),
        "float32" => Tensor::from_vec(d.iter().map(|x| num(x) as f32).collect(), &shape),
        _ => Tensor::from_vec(d.iter().map(num).collect::<Vec<f64>>(), &shape),
    }
}

/// The same dtype, shape and elements: floats bit for bit (the sign of zero included), NaN
/// matching NaN.
fn exact(what: &str, got: &Tensor, want: &Value) {
    let w = dec(want);
    assert_eq!(got.dtype(), w.dtype(), "{what}: dtype");
    assert_eq!(got.shape(), w.shape(), "{what}: shape");
    match got.dtype() {
        DType::Int64 => assert_eq!(got.to_vec::<i64>(), w.to_vec::<i64>(), "{what}"),
        DType::Bool => assert_eq!(got.to_vec::<bool>(), w.to_vec::<bool>(), "{what}"),
        _ => {
            for (i, (a, b)) in got
                .to_vec::<f64>()
                .iter()
                .zip(w.to_vec::<f64>())
                .enumerate()
            {
                assert!(
                    a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan(),
                    "{what}[{i}]: {a:?} against {b:?}"
                );
            }
        }
    }
}

/// Zeros with the sign bit of `want`, other values within 1e-15 (bilinear weights are summed
/// in another order than PyTorch's).
fn signs(what: &str, got: &Tensor, want: &Value) {
    let w = dec(want).to_vec::<f64>();
    assert_eq!(got.shape(), &usizes(&want["shape"])[..], "{what}: shape");
    for (i, (a, b)) in got.to_vec::<f64>().iter().zip(&w).enumerate() {
        let ok = if *b == 0.0 {
            a.to_bits() == b.to_bits()
        } else {
            (a - b).abs() <= 1e-15
        };
        assert!(ok, "{what}[{i}]: {a:?} against {b:?}");
    }
}

/// Within `tol` relative to the largest magnitude of `want` (NaN and infinities exactly).
fn close(what: &str, got: &Tensor, want: &Value, tol: f64) {
    let w = dec(want);
    assert_eq!(got.shape(), w.shape(), "{what}: shape");
    assert_eq!(got.dtype(), w.dtype(), "{what}: dtype");
    let w = w.to_vec::<f64>();
    let scale = w
        .iter()
        .filter(|v| v.is_finite())
        .fold(1.0f64, |m, v| m.max(v.abs()));
    for (i, (a, b)) in got.to_vec::<f64>().iter().zip(&w).enumerate() {
        let ok = if b.is_finite() {
            (a - b).abs() <= tol * scale
        } else {
            a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan()
        };
        assert!(ok, "{what}[{i}]: {a:?} against {b:?}");
    }
}

fn expect_err<T: std::fmt::Debug>(what: &str, r: Result<T>, case: &Value) {
    let want = case["error"][1].as_str().unwrap();
    match r {
        Err(e) => assert_eq!(e.to_string(), want, "{what}"),
        Ok(v) => panic!("{what}: expected `{want}`, got {v:?}"),
    }
}

fn mode(case: &Value) -> PadMode {
    PadMode::parse(case["mode"].as_str().unwrap()).unwrap()
}

fn pads(case: &Value) -> Vec<i64> {
    case["pad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_i64().unwrap())
        .collect()
}

/// Circular padding that PyTorch fills from memory it never wrote: something is padded
/// beyond what is left of a dimension after cropping, and nothing is left.
fn unwritten(shape: &[usize], pad: &[i64]) -> bool {
    let k = pad.len() / 2;
    let nd = shape.len();
    let sides: Vec<(i64, i64, i64)> = (0..k)
        .map(|i| {
            (
                shape[nd - k + i] as i64,
                pad[2 * (k - 1 - i)],
                pad[2 * (k - 1 - i) + 1],
            )
        })
        .collect();
    let out: i64 = sides.iter().map(|&(n, l, r)| n + l + r).product::<i64>()
        * shape[..nd - k].iter().product::<usize>() as i64;
    let bad = |&&(n, l, r): &&(i64, i64, i64), empty: bool| {
        let kept = n + l.min(0) + r.min(0);
        ((l > 0 && l > kept) || (r > 0 && r > kept)) && (kept <= 0) == empty
    };
    let valid = sides
        .iter()
        .all(|&(n, l, r)| l <= n && r <= n && n + l + r >= 0);
    valid && out > 0 && sides.iter().any(|s| bad(&s, true)) && !sides.iter().any(|s| bad(&s, false))
}

#[test]
fn padding_crops_and_wraps_as_pytorch() {
    for case in data()["pad"].as_array().unwrap() {
        let shape = usizes(&case["shape"]);
        let pad = pads(case);
        let what = format!("{} {:?} {:?}", case["mode"], shape, pad);
        let n: usize = shape.iter().product();
        let x = Tensor::arange(n as f64 + 1.0)
            .to_dtype(DType::Float64)
            .slice(0, 1, isize::MAX, 1)
            .reshape(&shape)
            .requires_grad_(true);
        let y = x.try_pad(&pad, mode(case), case["value"].as_f64().unwrap_or(0.0));
        if mode(case) == PadMode::Circular && unwritten(&shape, &pad) {
            // PyTorch returns uninitialised memory here
            let e = y.unwrap_err().to_string();
            assert_eq!(
                e, "Padding value causes wrapping around more than once.",
                "{what}"
            );
            continue;
        }
        if case.get("error").is_some() {
            expect_err(&what, y, case);
            continue;
        }
        let y = y.unwrap();
        exact(&what, &y, &case["out"]);
        assert_eq!(y.grad_fn().unwrap().name(), case["grad_fn"], "{what}");
        let g = Tensor::arange(y.numel() as f64)
            .to_dtype(DType::Float64)
            .reshape(y.shape());
        let opts = GradOptions::new().grad_outputs(vec![g]).allow_unused(true);
        let gx = grad_with(&[y], std::slice::from_ref(&x), &opts).unwrap()[0]
            .clone()
            .unwrap_or_else(|| x.detach().zeros_like());
        exact(&format!("{what} gx"), &gx, &case["gx"]);
    }
}

#[test]
fn integer_and_boolean_padding_is_exact() {
    for case in data()["pad_exact"].as_array().unwrap() {
        let x = dec(&case["x"]);
        let pad = pads(case);
        let value = case.get("value").map_or(0.0, num);
        let what = format!("{} {:?} {:?} value {value}", case["mode"], x.dtype(), pad);
        let y = x.try_pad(&pad, mode(case), value);
        if case.get("error").is_some() {
            expect_err(&what, y, case);
        } else {
            exact(&what, &y.unwrap(), &case["out"]);
        }
    }
}

/// The op of a signed-zero case, as the generator calls it.
fn signed_zero_op(name: &str, x: &Tensor) -> Result<Tensor> {
    let v = |s: &[usize]| x.try_reshape(s);
    let near = |s: &[usize], size: Option<&[usize]>, scale: Option<&[f64]>, m, ac| {
        v(s)?.try_interpolate(size, scale, m, ac)
    };
    match name {
        "pad_constant" => v(&[1, 1, 6])?.try_pad(&[2, 1], PadMode::Constant, -0.0),
        "pad_constant_pos" => v(&[1, 1, 6])?.try_pad(&[2, 1], PadMode::Constant, 0.0),
        "pad_constant_crop" => v(&[1, 1, 6])?.try_pad(&[-1, 1], PadMode::Constant, 0.0),
        "pad_reflect" => v(&[1, 1, 6])?.try_pad(&[2, 1], PadMode::Reflect, 0.0),
        "pad_replicate" => v(&[1, 2, 3])?.try_pad(&[1, 2, 1, 0], PadMode::Replicate, 0.0),
        "pad_circular" => v(&[1, 1, 6])?.try_pad(&[2, -1], PadMode::Circular, 0.0),
        "max_pool1d" => v(&[1, 1, 6])?.try_max_pool1d(2, Some(1), 0, 1, false),
        "max_pool2d" => {
            v(&[1, 1, 2, 3])?.try_max_pool2d(&Pool2d::new([1, 3]).stride([1, 1]).padding([0, 1]))
        }
        "max_pool2d_zeros" => x
            .try_mul_scalar(0.0)?
            .try_reshape(&[1, 1, 2, 3])?
            .try_max_pool2d(&Pool2d::new([2, 2]).stride([1, 1]).padding([1, 1])),
        "adaptive_max_pool2d" => Ok(v(&[1, 1, 2, 3])?.try_adaptive_max_pool2d([2, 2])?.0),
        "nearest1d" => near(&[1, 1, 6], None, Some(&[2.0]), "nearest", None),
        "nearest2d" => near(&[1, 1, 2, 3], Some(&[3, 7]), None, "nearest", None),
        "bilinear" => near(&[1, 1, 2, 3], Some(&[3, 5]), None, "bilinear", Some(false)),
        "bilinear_same" => near(&[1, 1, 2, 3], Some(&[2, 3]), None, "bilinear", Some(true)),
        "avg_pool2d" => v(&[1, 1, 2, 3])?.try_avg_pool2d(&Pool2d::new([1, 1])),
        "adaptive_avg_pool2d" => v(&[1, 1, 2, 3])?.try_adaptive_avg_pool2d([2, 2]),
        _ => panic!("unknown case {name}"),
    }
}

#[test]
fn negative_zero_keeps_its_sign_where_pytorch_keeps_it() {
    let zx = [-0.0, 0.0, -0.0, -1.0, -0.0, -0.0f64];
    for (name, case) in data()["signed_zero"].as_object().unwrap() {
        let x = Tensor::from_vec(zx.to_vec(), &[6]).requires_grad_(true);
        let y = signed_zero_op(name, &x).unwrap();
        signs(name, &y, &case["out"]);
        let g = y.detach().zeros_like().neg().requires_grad_(true);
        let opts = GradOptions::new()
            .grad_outputs(vec![g.clone()])
            .create_graph(true);
        let gx = grad_with(&[y], std::slice::from_ref(&x), &opts).unwrap()[0]
            .clone()
            .unwrap();
        if name == "pad_circular" {
            // PyTorch's circular padding is a sequence of copies into slices whose backward
            // sums into zeros by turns; here the gradient sums into zeros at once: the same
            // values, a zero's sign may differ
            close(&format!("{name} gx"), &gx, &case["gx"], 0.0);
            continue;
        }
        signs(&format!("{name} gx"), &gx, &case["gx"]);
        let opts = GradOptions::new().grad_outputs(vec![gx.detach().zeros_like().neg()]);
        let gg = grad_with(&[gx], &[g], &opts).unwrap()[0].clone().unwrap();
        signs(&format!("{name} gg"), &gg, &case["gg"]);
    }
}

/// Runs a norm case; with `create_graph` the backward is the rule written with ops, else
/// (batch norm) the fused kernel.
fn run_norm(case: &Value, create_graph: bool) -> Result<Vec<(String, Tensor)>> {
    let x = dec(&case["x"]).requires_grad_(true);
    let get = |k: &str| case.get(k).map(dec);
    let (w, b) = (
        get("w").map(|t| t.requires_grad_(true)),
        get("b").map(|t| t.requires_grad_(true)),
    );
    let (rm, rv) = (get("rm"), get("rv"));
    let kw = &case["kwargs"];
    let eps = kw["eps"].as_f64().unwrap();
    let y = match case["op"].as_str().unwrap() {
        "batch_norm" => {
            let mut args = BatchNormArgs::new()
                .affine(w.as_ref(), b.as_ref())
                .training(kw["training"].as_bool().unwrap())
                .eps(eps);
            args.running_mean = rm.as_ref();
            args.running_var = rv.as_ref();
            x.try_batch_norm(&args)?
        }
        "layer_norm" => x.try_layer_norm(
            &usizes(&kw["normalized_shape"]),
            w.as_ref(),
            b.as_ref(),
            eps,
        )?,
        _ => x.try_group_norm(
            kw["num_groups"].as_u64().unwrap() as usize,
            w.as_ref(),
            b.as_ref(),
            eps,
        )?,
    };
    let mut out = vec![
        ("out".to_string(), y.detach()),
        ("grad_fn".to_string(), Tensor::new(0.0)),
    ];
    assert_eq!(y.grad_fn().unwrap().name(), case["grad_fn"], "grad_fn");
    let mut inputs = vec![x.clone()];
    inputs.extend(w.iter().cloned());
    inputs.extend(b.iter().cloned());
    let opts = GradOptions::new()
        .grad_outputs(vec![dec(&case["gout"])])
        .create_graph(create_graph);
    let grads = grad_with(&[y], &inputs, &opts)?;
    let names = ["gx", "gw", "gb"];
    for (name, g) in names.iter().zip(grads) {
        out.push((name.to_string(), g.unwrap().detach()));
    }
    if let (Some(rm), Some(rv)) = (rm, rv) {
        out.push(("rm_after".into(), rm));
        out.push(("rv_after".into(), rv));
    }
    Ok(out)
}

#[test]
fn norms_with_large_means_empty_inputs_and_zero_variance_match_pytorch() {
    for case in data()["norm"].as_array().unwrap() {
        let what = format!(
            "{} {} {:?} {}",
            case["op"], case["kwargs"], case["x"]["shape"], case["x"]["dtype"]
        );
        if case["error"][1]
            .as_str()
            .is_some_and(|e| e.starts_with("batch_norm eps"))
        {
            // `torch.nn.functional.batch_norm`'s own check, in the Python layer: the Rust
            // method is ATen's `batch_norm` there (tests/test_pad_norm_edges.py checks it)
            continue;
        }
        for create_graph in [false, true] {
            let r = run_norm(case, create_graph);
            if case.get("error").is_some() {
                expect_err(&what, r, case);
                continue;
            }
            let f32 = case["x"]["dtype"] == "float32";
            let eps_zero = case["kwargs"]["eps"].as_f64() == Some(0.0);
            for (name, got) in r.unwrap() {
                if name == "grad_fn" {
                    continue;
                }
                let what = format!("{what} {name} ({create_graph})");
                if let Some(r) = case.get("ref64") {
                    // float32 layer and group norm of a mean of 1e6: PyTorch's own statistics
                    // are ~0.3 off, so the float64 normalization of the same values is the
                    // reference, within what rounding the mean to float32 leaves (0.03)
                    let got = got.to_dtype(DType::Float64);
                    close(&what, &got, &r[&name], 0.05);
                    continue;
                }
                if case["op"] == "group_norm" && eps_zero && name == "gw" {
                    // PyTorch forms Σg·x - Σg·mean, zero up to its rounding, times an infinite
                    // invstd: inf or NaN by the rounding; either way not finite
                    let want = dec(&case["gw"]).to_vec::<f64>();
                    assert!(want.iter().all(|v| !v.is_finite()), "{what}");
                    assert!(got.to_vec::<f64>().iter().all(|v| !v.is_finite()), "{what}");
                    continue;
                }
                // PyTorch's batch norm forward folds the mean into one multiply-add
                // (`x·α + β`): in float32 a mean of 1e6 leaves its own rounding in the output
                let tol = match (f32, name.as_str()) {
                    (true, "out") if case["op"] == "batch_norm" => 1e-7 * 1e6,
                    (true, _) => 2e-5,
                    (false, _) => 1e-9,
                };
                close(&what, &got, &case[&name], tol);
            }
        }
    }
}

/// `ones` of a dtype named in the data, or nothing.
fn ones(shape: &[usize], d: &Value) -> Option<Tensor> {
    d.as_str().map(|d| Tensor::ones_dtype(shape, dtype(d)))
}

fn mixed_op(case: &Value) -> Result<Tensor> {
    let op = case["op"].as_str().unwrap();
    let d = case["dtypes"].as_array().unwrap();
    let (xd, pd) = (&d[0], &d[1]);
    let bd = d.get(2).unwrap_or(&Value::Null);
    let conv = ConvOptions::default();
    let randn = |shape: &[usize]| Tensor::randn(shape).to_dtype(dtype(xd.as_str().unwrap()));
    match op {
        "conv1d" => ones(&[1, 2, 4], xd).unwrap().try_conv1d(
            &ones(&[3, 2, 2], pd).unwrap(),
            ones(&[3], bd).as_ref(),
            &conv,
        ),
        "conv2d" => ones(&[1, 2, 4, 4], xd).unwrap().try_conv2d(
            &ones(&[3, 2, 2, 2], pd).unwrap(),
            ones(&[3], bd).as_ref(),
            &conv,
        ),
        "conv_transpose2d" => ones(&[1, 2, 4, 4], xd).unwrap().try_conv_transpose2d(
            &ones(&[2, 3, 2, 2], pd).unwrap(),
            ones(&[3], bd).as_ref(),
            &conv,
        ),
        "linear1d" | "linear2d" | "linear3d" => {
            let shape: &[usize] = match op {
                "linear1d" => &[3],
                "linear2d" => &[2, 3],
                _ => &[2, 2, 3],
            };
            ones(shape, xd)
                .unwrap()
                .try_linear(&ones(&[4, 3], pd).unwrap(), ones(&[4], bd).as_ref())
        }
        _ if op.starts_with("batch_norm") => {
            let training = op.contains("train");
            let which = op.rsplit('_').next().unwrap();
            let which = if op.ends_with("w_only") {
                "w_only"
            } else {
                which
            };
            let p = |k: &str, shape: &[usize]| {
                let mixed = which == "all" || (which != "w_only" && which.contains(k));
                ones(shape, if mixed { pd } else { xd }).unwrap()
            };
            let x = randn(&[4, 3, 2]);
            if which == "w_only" {
                let w = ones(&[3], pd).unwrap();
                let (rm, rv) = (ones(&[3], xd).unwrap(), ones(&[3], xd).unwrap());
                let mut args = BatchNormArgs::new()
                    .affine(Some(&w), None)
                    .training(training);
                if !training {
                    args = args.running(&rm, &rv);
                }
                return x.try_batch_norm(&args);
            }
            let (w, b, rm, rv) = (p("w", &[3]), p("b", &[3]), p("rm", &[3]), p("rv", &[3]));
            x.try_batch_norm(
                &BatchNormArgs::new()
                    .affine(Some(&w), Some(&b))
                    .running(&rm, &rv)
                    .training(training),
            )
        }
        _ => {
            let which = op.split_once("_norm_").unwrap().1;
            let wd = if ["w", "wb", "w_only"].contains(&which) {
                pd
            } else {
                xd
            };
            let bd = if ["b", "wb", "b_only"].contains(&which) {
                pd
            } else {
                xd
            };
            let n = if op.starts_with("layer") { 3 } else { 4 };
            let w = (which != "b_only").then(|| ones(&[n], wd).unwrap());
            let b = (which != "w_only").then(|| ones(&[n], bd).unwrap());
            if op.starts_with("layer") {
                randn(&[2, 3]).try_layer_norm(&[3], w.as_ref(), b.as_ref(), 1e-5)
            } else {
                randn(&[2, 4, 3]).try_group_norm(2, w.as_ref(), b.as_ref(), 1e-5)
            }
        }
    }
}

#[test]
fn mixed_dtypes_are_refused_as_pytorch_refuses_them() {
    for case in data()["mixed"].as_array().unwrap() {
        let what = format!("{} {}", case["op"], case["dtypes"]);
        let r = mixed_op(case);
        if case.get("error").is_some() {
            expect_err(&what, r, case);
        } else {
            let y = r.unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(
                y.dtype(),
                dtype(case["out_dtype"].as_str().unwrap()),
                "{what}"
            );
        }
    }
}

#[test]
fn norm_and_linear_checks_come_in_pytorch_order() {
    let m = &data()["messages"];
    let d = |s: &[usize]| Tensor::ones_dtype(s, DType::Float64);
    let f = |s: &[usize]| Tensor::ones(s);
    let x = d(&[4, 3]);
    let bn = |args: BatchNormArgs<'_>| x.try_batch_norm(&args).map(|_| ());
    let (m3, v3, z2, w3) = (
        Tensor::zeros_dtype(&[3], DType::Float64),
        d(&[3]),
        f(&[2]),
        f(&[3]),
    );
    let cases: Vec<(&str, Result<()>)> = vec![
        ("bn_eval_no_mean", {
            let mut a = BatchNormArgs::new();
            a.running_var = Some(&v3);
            bn(a)
        }),
        ("bn_eval_no_var", {
            let mut a = BatchNormArgs::new();
            a.running_mean = Some(&m3);
            bn(a)
        }),
        ("bn_eval_none", bn(BatchNormArgs::new())),
        (
            "bn_eval_none_mixed",
            bn(BatchNormArgs::new().affine(Some(&w3), None)),
        ),
        ("bn_size_mixed", bn(BatchNormArgs::new().running(&z2, &w3))),
        (
            "ln_shape_mixed",
            x.try_layer_norm(&[3], Some(&z2), None, 1e-5).map(|_| ()),
        ),
        (
            "gn_groups_mixed",
            x.try_group_norm(2, Some(&w3), None, 1e-5).map(|_| ()),
        ),
        (
            "linear_shape_mixed",
            x.try_linear(&f(&[4, 5]), None).map(|_| ()),
        ),
        (
            "linear_shape_mixed_bias",
            x.try_linear(&f(&[4, 5]), Some(&f(&[4]))).map(|_| ()),
        ),
        (
            "linear_bias_shape_mixed",
            x.try_linear(&f(&[4, 3]), Some(&f(&[5]))).map(|_| ()),
        ),
    ];
    for (name, r) in cases {
        let want = m[name][1].as_str().unwrap();
        assert_eq!(r.unwrap_err().to_string(), want, "{name}");
    }
}
