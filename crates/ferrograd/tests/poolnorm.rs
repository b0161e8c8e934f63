//! Pooling, normalization, padding, interpolation and channel dropout against PyTorch
//! (`data/gen_poolnorm.py` → `data/poolnorm.json`): values, grad_fn names, gradients of
//! `(out * gout).sum()` for the input, weight and bias, running statistics, module reprs and
//! state-dict keys, messages; gradcheck and gradgradcheck over odd sizes, strides and paddings;
//! batch norm's fused backward against the rule written with ops.

use ferrograd::autograd::{grad_with, gradcheck, gradgradcheck, GradOptions, GradcheckOptions};
use ferrograd::nn::{
    AdaptiveAvgPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, BatchNormOptions, Dropout2d, GroupNorm,
    LayerNorm, MaxPool2d, Module, Sequential,
};
use ferrograd::{BatchNormArgs, DType, PadMode, Pool2d, Result, Tensor};
use serde_json::Value;

#[path = "support/close.rs"]
mod support;

/// The global generator is shared by the tests of this binary, which run in parallel: every
/// test that seeds it or draws from it holds this lock, so each sees its own stream.
fn rng_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn data() -> Value {
    let s = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/poolnorm.json"
    ))
    .unwrap();
    serde_json::from_str(&s).unwrap()
}

fn dec(v: &Value) -> Tensor {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect();
    let d = v["data"].as_array().unwrap();
    let t = match v["dtype"].as_str().unwrap() {
        "int64" => {
            return Tensor::from_vec(
                d.iter().map(|x| x.as_i64().unwrap()).collect::<Vec<_>>(),
                &shape,
            )
        }
        _ => Tensor::from_vec(
            d.iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>(),
            &shape,
        ),
    };
    match v["dtype"].as_str().unwrap() {
        "float32" => t.to_dtype(DType::Float32),
        _ => t,
    }
}

fn close(what: &str, got: &Tensor, want: &Tensor, tol: f64) {
    support::close_within(what, got, want, tol, 1.0);
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}

fn pair(v: &Value, default: [usize; 2]) -> [usize; 2] {
    match v {
        Value::Null => default,
        _ => {
            let u = usizes(v);
            [u[0], u[u.len() - 1]]
        }
    }
}

fn pool_opts(kw: &Value) -> Pool2d {
    let k = pair(&kw["kernel_size"], [1, 1]);
    let mut p = Pool2d::new(k)
        .padding(pair(&kw["padding"], [0, 0]))
        .dilation(pair(&kw["dilation"], [1, 1]))
        .ceil_mode(kw["ceil_mode"].as_bool().unwrap_or(false))
        .count_include_pad(kw["count_include_pad"].as_bool().unwrap_or(true));
    if !kw["stride"].is_null() {
        p = p.stride(pair(&kw["stride"], k));
    }
    if let Some(d) = kw["divisor_override"].as_i64() {
        p = p.divisor_override(d);
    }
    p
}

/// The case's op on `x` (and `w`, `b`, the running statistics); the max-pool indices too.
fn apply(
    case: &Value,
    x: &Tensor,
    w: Option<&Tensor>,
    b: Option<&Tensor>,
    running: Option<(&Tensor, &Tensor)>,
) -> Result<(Tensor, Option<Tensor>)> {
    let kw = &case["kwargs"];
    let f = |k: &str| kw[k].as_f64().unwrap();
    Ok(match case["op"].as_str().unwrap() {
        "max_pool2d" => {
            let (y, i) = x.try_max_pool2d_with_indices(&pool_opts(kw))?;
            (y, Some(i))
        }
        "max_pool1d" => {
            let k = kw["kernel_size"].as_u64().unwrap() as usize;
            let s = kw["stride"].as_u64().map(|v| v as usize);
            let p = kw["padding"].as_u64().unwrap_or(0) as usize;
            let d = kw["dilation"].as_u64().unwrap_or(1) as usize;
            let c = kw["ceil_mode"].as_bool().unwrap_or(false);
            let (y, i) = x.try_max_pool1d_with_indices(k, s, p, d, c)?;
            (y, Some(i))
        }
        "avg_pool2d" => (x.try_avg_pool2d(&pool_opts(kw))?, None),
        "adaptive_avg_pool2d" => (
            x.try_adaptive_avg_pool2d(pair(&kw["output_size"], [1, 1]))?,
            None,
        ),
        "pad" => {
            let pad: Vec<i64> = kw["pad"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            let mode = PadMode::parse(kw["mode"].as_str().unwrap())?;
            (
                x.try_pad(&pad, mode, kw["value"].as_f64().unwrap_or(0.0))?,
                None,
            )
        }
        "interpolate" => {
            let size = (!kw["size"].is_null()).then(|| usizes(&kw["size"]));
            let sf: Option<Vec<f64>> = kw["scale_factor"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_f64().unwrap()).collect());
            (
                x.try_interpolate(
                    size.as_deref(),
                    sf.as_deref(),
                    kw["mode"].as_str().unwrap(),
                    kw["align_corners"].as_bool(),
                )?,
                None,
            )
        }
        "batch_norm" => {
            let mut a = BatchNormArgs::new()
                .affine(w, b)
                .training(kw["training"].as_bool().unwrap())
                .momentum(f("momentum"))
                .eps(f("eps"));
            if let Some((m, v)) = running {
                a = a.running(m, v);
            }
            (x.try_batch_norm(&a)?, None)
        }
        "layer_norm" => (
            x.try_layer_norm(&usizes(&kw["normalized_shape"]), w, b, f("eps"))?,
            None,
        ),
        "group_norm" => (
            x.try_group_norm(kw["num_groups"].as_u64().unwrap() as usize, w, b, f("eps"))?,
            None,
        ),
        op => panic!("unknown op {op}"),
    })
}

#[test]
fn values_gradients_and_names_match_pytorch() {
    let d = data();
    let cases = d["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    for (n, case) in cases.iter().enumerate() {
        let what = format!("case {n} {} {}", case["op"], case["kwargs"]);
        let f32_case = case["x"]["dtype"] == "float32";
        let tol = if f32_case { 1e-5 } else { 1e-10 };
        let x = dec(&case["x"]).requires_grad_(true);
        let w = case.get("w").map(|v| dec(v).requires_grad_(true));
        let b = case.get("b").map(|v| dec(v).requires_grad_(true));
        let rm = case.get("rm").map(dec);
        let rv = case.get("rv").map(dec);
        let running = rm.as_ref().zip(rv.as_ref());
        let (y, idx) = apply(case, &x, w.as_ref(), b.as_ref(), running).unwrap();
        close(&format!("{what} out"), &y, &dec(&case["out"]), tol);
        assert_eq!(
            y.grad_fn().unwrap().name(),
            case["grad_fn"].as_str().unwrap(),
            "{what}"
        );
        if let Some(i) = idx {
            assert_eq!(
                i.to_vec::<i64>(),
                dec(&case["indices"]).to_vec::<i64>(),
                "{what}"
            );
        }
        if let (Some(m), Some(v)) = (&rm, &rv) {
            close(
                &format!("{what} running_mean"),
                m,
                &dec(&case["rm_after"]),
                tol,
            );
            close(
                &format!("{what} running_var"),
                v,
                &dec(&case["rv_after"]),
                tol,
            );
        }
        y.try_mul(&dec(&case["gout"])).unwrap().sum().backward();
        close(
            &format!("{what} grad x"),
            &x.grad().unwrap(),
            &dec(&case["gx"]),
            tol,
        );
        if let Some(w) = &w {
            close(
                &format!("{what} grad w"),
                &w.grad().unwrap(),
                &dec(&case["gw"]),
                tol,
            );
        }
        if let Some(b) = &b {
            close(
                &format!("{what} grad b"),
                &b.grad().unwrap(),
                &dec(&case["gb"]),
                tol,
            );
        }
    }
}

fn check_both(name: &str, f: impl Fn(&[Tensor]) -> Result<Vec<Tensor>> + Copy, inputs: &[Tensor]) {
    let opts = GradcheckOptions::default();
    assert!(gradcheck(f, inputs, opts).unwrap(), "{name}: gradcheck");
    assert!(
        gradgradcheck(f, inputs, opts).unwrap(),
        "{name}: gradgradcheck"
    );
}

fn leaf(shape: &[usize]) -> Tensor {
    Tensor::randn_dtype(shape, DType::Float64).requires_grad_(true)
}

#[test]
fn pooling_padding_and_interpolation_pass_gradcheck_and_gradgradcheck() {
    let _rng = rng_lock();
    ferrograd::manual_seed(1);
    let x = leaf(&[2, 3, 7, 6]);
    check_both(
        "max_pool2d",
        |v| {
            Ok(vec![v[0].try_max_pool2d(
                &Pool2d::new([3, 2])
                    .stride([2, 1])
                    .padding([1, 1])
                    .dilation([1, 2])
                    .ceil_mode(true),
            )?])
        },
        std::slice::from_ref(&x),
    );
    check_both(
        "max_pool1d",
        |v| Ok(vec![v[0].try_max_pool1d(3, Some(2), 1, 1, true)?]),
        &[leaf(&[2, 3, 9])],
    );
    check_both(
        "avg_pool2d",
        |v| {
            Ok(vec![v[0].try_avg_pool2d(
                &Pool2d::new([3, 3])
                    .stride([2, 2])
                    .padding([1, 1])
                    .ceil_mode(true)
                    .count_include_pad(false),
            )?])
        },
        std::slice::from_ref(&x),
    );
    check_both(
        "adaptive_avg_pool2d",
        |v| Ok(vec![v[0].try_adaptive_avg_pool2d([4, 5])?]),
        std::slice::from_ref(&x),
    );
    for mode in [
        PadMode::Constant,
        PadMode::Reflect,
        PadMode::Replicate,
        PadMode::Circular,
    ] {
        let f = move |v: &[Tensor]| Ok(vec![v[0].try_pad(&[1, 2, 2, 1], mode, 0.5)?]);
        assert!(gradcheck(f, std::slice::from_ref(&x), GradcheckOptions::default()).unwrap());
        assert!(gradgradcheck(f, std::slice::from_ref(&x), GradcheckOptions::default()).unwrap());
    }
    check_both(
        "nearest",
        |v| {
            Ok(vec![v[0].try_interpolate(
                None,
                Some(&[1.7]),
                "nearest",
                None,
            )?])
        },
        std::slice::from_ref(&x),
    );
    for ac in [true, false] {
        let f = move |v: &[Tensor]| {
            Ok(vec![v[0].try_interpolate(
                Some(&[5, 9]),
                None,
                "bilinear",
                Some(ac),
            )?])
        };
        assert!(gradcheck(f, std::slice::from_ref(&x), GradcheckOptions::default()).unwrap());
        assert!(gradgradcheck(f, std::slice::from_ref(&x), GradcheckOptions::default()).unwrap());
    }
}

#[test]
fn normalizations_pass_gradcheck_and_gradgradcheck() {
    let _rng = rng_lock();
    ferrograd::manual_seed(2);
    let (x, w, b) = (leaf(&[3, 4, 3, 5]), leaf(&[4]), leaf(&[4]));
    let inputs = [x.clone(), w.clone(), b.clone()];
    check_both(
        "batch_norm training",
        |v| {
            Ok(vec![v[0].try_batch_norm(
                &BatchNormArgs::new()
                    .affine(Some(&v[1]), Some(&v[2]))
                    .training(true),
            )?])
        },
        &inputs,
    );
    check_both(
        "batch_norm eval",
        |v| {
            let (m, r) = (
                Tensor::zeros_dtype(&[4], DType::Float64),
                Tensor::full_dtype(&[4], 2.0, DType::Float64),
            );
            Ok(vec![v[0].try_batch_norm(
                &BatchNormArgs::new()
                    .running(&m, &r)
                    .affine(Some(&v[1]), Some(&v[2])),
            )?])
        },
        &inputs,
    );
    check_both(
        "batch_norm 2-d, no affine",
        |v| {
            Ok(vec![
                v[0].try_batch_norm(&BatchNormArgs::new().training(true))?
            ])
        },
        &[leaf(&[5, 3])],
    );
    check_both(
        "layer_norm",
        |v| {
            Ok(vec![v[0].try_layer_norm(
                &[3, 5],
                Some(&v[1]),
                Some(&v[2]),
                1e-5,
            )?])
        },
        &[x.clone(), leaf(&[3, 5]), leaf(&[3, 5])],
    );
    check_both(
        "group_norm",
        |v| {
            Ok(vec![v[0].try_group_norm(
                2,
                Some(&v[1]),
                Some(&v[2]),
                1e-5,
            )?])
        },
        &inputs,
    );
}

/// The fused batch-norm backward (no graph) and the rule written with ops (`create_graph`)
/// give the same gradients, in training and evaluation, float32 and float64, for a dense
/// output gradient and for the broadcast one of a `sum`.
#[test]
fn fused_batch_norm_backward_matches_the_op_built_rule() {
    let _rng = rng_lock();
    ferrograd::manual_seed(3);
    for dt in [DType::Float32, DType::Float64] {
        for training in [true, false] {
            for dense in [true, false] {
                let x = Tensor::randn_dtype(&[4, 3, 5, 7], dt).requires_grad_(true);
                let w = Tensor::randn_dtype(&[3], dt).requires_grad_(true);
                let b = Tensor::randn_dtype(&[3], dt).requires_grad_(true);
                let (m, r) = (
                    Tensor::randn_dtype(&[3], dt),
                    Tensor::full_dtype(&[3], 1.5, dt),
                );
                let args = BatchNormArgs::new()
                    .running(&m, &r)
                    .affine(Some(&w), Some(&b))
                    .training(training);
                let y = x.try_batch_norm(&args).unwrap();
                let l = if dense {
                    (&y * &Tensor::randn_dtype(y.shape(), dt)).sum()
                } else {
                    y.sum()
                };
                let ins = [x.clone(), w.clone(), b.clone()];
                let o = GradOptions::new().retain_graph(true);
                let fast = grad_with(std::slice::from_ref(&l), &ins, &o).unwrap();
                let slow =
                    grad_with(std::slice::from_ref(&l), &ins, &o.create_graph(true)).unwrap();
                let tol = if dt == DType::Float32 { 1e-4 } else { 1e-11 };
                for (f, s) in fast.iter().zip(&slow) {
                    close(
                        "fused vs recorded",
                        f.as_ref().unwrap(),
                        &s.as_ref().unwrap().detach(),
                        tol,
                    );
                }
                assert!(slow[0].as_ref().unwrap().grad_fn().is_some());
            }
        }
    }
}

#[test]
fn running_statistics_after_training_steps_match_pytorch() {
    for rec in data()["running_stats"].as_array().unwrap() {
        let momentum = rec["momentum"].as_f64();
        let m = BatchNorm2d::with_options(
            4,
            BatchNormOptions {
                momentum,
                ..Default::default()
            },
        );
        let xs: Vec<Tensor> = rec["xs"].as_array().unwrap().iter().map(dec).collect();
        for x in &xs {
            m.forward(x).unwrap();
        }
        let buf = |n: &str| m.core().buffer(n).unwrap().clone();
        close(
            "running_mean",
            &buf("running_mean"),
            &dec(&rec["running_mean"]),
            1e-6,
        );
        close(
            "running_var",
            &buf("running_var"),
            &dec(&rec["running_var"]),
            1e-6,
        );
        assert_eq!(
            buf("num_batches_tracked").to_vec::<i64>(),
            vec![rec["num_batches_tracked"].as_i64().unwrap()]
        );
        m.eval();
        close(
            "eval output",
            &m.forward(&xs[0]).unwrap(),
            &dec(&rec["eval_out"]),
            1e-5,
        );
    }
}

#[test]
fn dropout2d_draws_pytorch_channels() {
    let _rng = rng_lock();
    for rec in data()["dropout2d"].as_array().unwrap() {
        ferrograd::manual_seed(rec["seed"].as_u64().unwrap());
        let x = Tensor::ones(&usizes(&rec["shape"])).requires_grad_(true);
        let y = x
            .try_dropout2d(rec["p"].as_f64().unwrap(), true, None)
            .unwrap();
        assert_eq!(y.to_vec::<f32>(), dec(&rec["out"]).to_vec::<f32>());
        assert_eq!(
            y.grad_fn().unwrap().name(),
            rec["grad_fn"].as_str().unwrap()
        );
    }
}

#[test]
fn module_reprs_and_state_dict_keys_match_pytorch() {
    let d = data();
    let r = &d["reprs"];
    let no_affine = BatchNormOptions {
        affine: false,
        momentum: None,
        ..Default::default()
    };
    let no_bias = BatchNormOptions {
        bias: false,
        track_running_stats: false,
        ..Default::default()
    };
    let ours: Vec<(&str, String)> = vec![
        ("BatchNorm2d(6)", BatchNorm2d::new(6).to_string()),
        (
            "BatchNorm1d(3, affine=False, momentum=None)",
            BatchNorm1d::with_options(3, no_affine).to_string(),
        ),
        (
            "BatchNorm2d(3, bias=False, track_running_stats=False)",
            BatchNorm2d::with_options(3, no_bias).to_string(),
        ),
        ("LayerNorm((3, 4))", LayerNorm::new(&[3, 4]).to_string()),
        (
            "LayerNorm(5, elementwise_affine=False, bias=False)",
            LayerNorm::with_options(&[5], 1e-5, false, false).to_string(),
        ),
        ("GroupNorm(2, 4)", GroupNorm::new(2, 4).unwrap().to_string()),
        ("MaxPool2d(2)", MaxPool2d::new(2).to_string()),
        (
            "MaxPool2d((2, 3), stride=1, padding=1, dilation=2, ceil_mode=True)",
            MaxPool2d::with_options(
                Pool2d::new([2, 3])
                    .stride([1, 1])
                    .padding([1, 1])
                    .dilation([2, 2])
                    .ceil_mode(true),
            )
            .to_string(),
        ),
        ("AvgPool2d(3)", AvgPool2d::new(3).to_string()),
        (
            "AdaptiveAvgPool2d((5, 7))",
            AdaptiveAvgPool2d::new([5, 7]).to_string(),
        ),
        (
            "AdaptiveAvgPool2d(5)",
            AdaptiveAvgPool2d::new([5, 5]).to_string(),
        ),
        ("Dropout2d()", Dropout2d::new(0.5).unwrap().to_string()),
        ("Dropout2d(0.3)", Dropout2d::new(0.3).unwrap().to_string()),
    ];
    for (k, v) in ours {
        assert_eq!(v, r[k].as_str().unwrap(), "{k}");
    }
    let seq = Sequential::new()
        .add(BatchNorm2d::new(2))
        .add(LayerNorm::new(&[3]))
        .add(GroupNorm::new(1, 2).unwrap());
    let keys: Vec<String> = seq.state_dict().into_iter().map(|(k, _)| k).collect();
    let want: Vec<String> = d["state_dict_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, want);
}

#[test]
fn messages_match_pytorch() {
    let _rng = rng_lock();
    let d = data();
    let m = &d["messages"];
    let x4 = Tensor::randn(&[1, 2, 5, 5]);
    let x2 = x4.select(0, 0).select(0, 0);
    let msg = |k: &str| m[k][1].as_str().unwrap().to_string();
    let err = |r: Result<Tensor>| r.unwrap_err().to_string();
    let p = |k: usize| Pool2d::new([k, k]);
    assert_eq!(
        err(x4.try_max_pool2d(&p(2).padding([2, 2]))),
        msg("max_pool2d_pad")
    );
    assert_eq!(err(x4.try_max_pool2d(&p(7))), msg("max_pool2d_small"));
    assert_eq!(err(x2.try_max_pool2d(&p(2))), msg("max_pool2d_dim"));
    let mut zero = p(2);
    zero.stride = Some([0, 0]);
    assert_eq!(err(x4.try_max_pool2d(&zero)), msg("max_pool2d_stride0"));
    assert_eq!(
        err(x4.try_max_pool2d(&p(2).dilation([0, 0]))),
        msg("max_pool2d_dilation0")
    );
    assert_eq!(
        err(x4.try_avg_pool2d(&p(2).padding([2, 2]))),
        msg("avg_pool2d_pad")
    );
    assert_eq!(err(x4.try_avg_pool2d(&p(7))), msg("avg_pool2d_small"));
    assert_eq!(
        err(x4.try_avg_pool2d(&p(2).divisor_override(0))),
        msg("avg_pool2d_divisor0")
    );
    assert_eq!(
        err(x2.try_adaptive_avg_pool2d([2, 2])),
        msg("adaptive_avg_pool2d_dim")
    );
    let x3 = x4.select(0, 0);
    assert_eq!(
        err(x3.try_max_pool1d(7, None, 0, 1, false)),
        msg("max_pool1d_small")
    );
    assert_eq!(
        err(x4.try_max_pool1d(2, None, 0, 1, false)),
        msg("max_pool1d_dim")
    );
    assert_eq!(
        err(x4.try_pad(&[1, 2, 3], PadMode::Constant, 0.0)),
        msg("pad_odd")
    );
    let x1 = x2.select(0, 0);
    assert_eq!(
        err(x1.try_pad(&[1, 1], PadMode::Reflect, 0.0)),
        msg("pad_reflect_size")
    );
    assert_eq!(
        err(x4.try_pad(&[5, 5], PadMode::Reflect, 0.0)),
        msg("pad_reflect_too_big")
    );
    assert_eq!(
        PadMode::parse("foo").unwrap_err().to_string(),
        msg("pad_mode")
    );
    let (z, o) = (Tensor::zeros(&[3]), Tensor::ones(&[3]));
    assert_eq!(
        err(x4.try_batch_norm(&BatchNormArgs::new().running(&z, &o).training(true))),
        msg("batch_norm_running")
    );
    let one = x4.slice(0, 0, 1, 1).slice(2, 0, 1, 1).slice(3, 0, 1, 1);
    assert_eq!(
        err(one.try_batch_norm(&BatchNormArgs::new().training(true))),
        msg("batch_norm_one_value")
    );
    assert_eq!(
        err(x4.try_layer_norm(&[4], None, None, 1e-5)),
        msg("layer_norm_shape")
    );
    assert_eq!(
        err(x4.try_group_norm(3, None, None, 1e-5)),
        msg("group_norm_groups")
    );
    assert_eq!(
        err(x3.try_interpolate(None, Some(&[2.0]), "bilinear", None)),
        msg("interpolate_bilinear_3d")
    );
    assert_eq!(
        err(x4.try_interpolate(None, None, "nearest", None)),
        msg("interpolate_none")
    );
    assert_eq!(
        err(x4.try_interpolate(Some(&[3]), Some(&[2.0]), "nearest", None)),
        msg("interpolate_both")
    );
    assert_eq!(
        err(x4.try_interpolate(Some(&[3]), None, "nearest", Some(true))),
        msg("interpolate_align")
    );
    assert_eq!(err(x4.try_dropout2d(1.5, true, None)), msg("dropout2d_p"));
    assert_eq!(
        err(BatchNorm2d::new(2).forward(&x3)),
        msg("batchnorm2d_dim")
    );
    assert_eq!(
        err(BatchNorm1d::new(2).forward(&x4)),
        msg("batchnorm1d_dim")
    );
    assert_eq!(
        GroupNorm::new(3, 4).unwrap_err().to_string(),
        msg("groupnorm_module")
    );
}

/// Integer max pooling (values and indices in the input's dtype), the messages for bool and for
/// `max_pool1d` on integers, and max pooling's second and third derivatives: the backward node,
/// its gradient with respect to the output gradient (`view`, `gather`, `view`, PyTorch's
/// `max_pool_double_backward`) and the zeros it gives the input.
#[test]
fn integer_max_pooling_and_higher_derivatives_match_pytorch() {
    let d = data();
    let m = &d["max_pool_more"];
    for case in m["ints"].as_array().unwrap() {
        let x = dec(&case["x"]);
        let (y, i) = x
            .try_max_pool2d_with_indices(&pool_opts(&case["kwargs"]))
            .unwrap();
        assert_eq!(y.dtype(), DType::Int64);
        assert_eq!(y.shape(), dec(&case["out"]).shape());
        assert_eq!(y.to_vec::<i64>(), dec(&case["out"]).to_vec::<i64>());
        assert_eq!(i.to_vec::<i64>(), dec(&case["indices"]).to_vec::<i64>());
    }
    let msg = |k: &str| m["messages"][k][1].as_str().unwrap().to_string();
    let xi = dec(&m["ints"][0]["x"]);
    let xb = xi.to_dtype(DType::Bool);
    assert_eq!(
        xb.try_max_pool2d(&Pool2d::new([2, 2]))
            .unwrap_err()
            .to_string(),
        msg("max_pool2d_bool")
    );
    assert_eq!(
        xi.select(0, 0)
            .try_max_pool1d(2, None, 0, 1, false)
            .unwrap_err()
            .to_string(),
        msg("max_pool1d_long")
    );

    let x = dec(&m["x"]).requires_grad_(true);
    let u = dec(&m["u"]).requires_grad_(true);
    let v = dec(&m["v"]).requires_grad_(true);
    let y = x
        .try_max_pool2d(&Pool2d::new([2, 2]).stride([1, 1]))
        .unwrap();
    let opts = GradOptions::new().create_graph(true);
    let g = grad_with(
        std::slice::from_ref(&y),
        std::slice::from_ref(&x),
        &GradOptions::new()
            .create_graph(true)
            .grad_outputs(vec![u.clone()]),
    )
    .unwrap()[0]
        .clone()
        .unwrap();
    assert_eq!(
        g.grad_fn().unwrap().name(),
        m["g_grad_fn"].as_str().unwrap()
    );
    close("g", &g, &dec(&m["g"]), 1e-12);
    let gg = grad_with(
        std::slice::from_ref(&g),
        &[u.clone(), x.clone()],
        &opts.grad_outputs(vec![v.clone()]),
    )
    .unwrap();
    let (gu, gx) = (gg[0].clone().unwrap(), gg[1].clone().unwrap());
    close("gu", &gu, &dec(&m["gu"]), 1e-12);
    close("gx", &gx, &dec(&m["gx"]), 0.0);
    let f = gu.grad_fn().unwrap();
    let names: Vec<&str> = m["gu_grad_fns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(f.name(), names[0]);
    match &f.next_functions()[0] {
        Some(ferrograd::NextFunction::Backward(n)) => assert_eq!(n.name(), names[1]),
        _ => panic!("{} has no backward node before it", f.name()),
    }
}

/// A dilated window that lies wholly in the padding gives `-inf` with index 6 (past the plane)
/// and no gradient, as in PyTorch 2.15.
#[test]
fn a_window_wholly_in_the_padding() {
    let x = Tensor::arange(4.0)
        .reshape(&[1, 1, 2, 2])
        .requires_grad_(true);
    let o = Pool2d::new([2, 2])
        .stride([1, 1])
        .padding([1, 1])
        .dilation([3, 3]);
    let (y, i) = x.try_max_pool2d_with_indices(&o).unwrap();
    assert_eq!(
        (y.to_vec::<f32>(), i.to_vec::<i64>()),
        (vec![f32::NEG_INFINITY], vec![6])
    );
    y.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0; 4]);
}

/// Layer and group norm subtract the mean before scaling, so a large mean does not cancel the
/// deviations (PyTorch 2.15 gives ±1.3416, ±0.4472 here).
#[test]
fn a_large_mean_keeps_the_deviations() {
    let x = Tensor::new([[1e6f32 + 1.0, 1e6 + 2.0, 1e6 + 3.0, 1e6 + 4.0]]);
    let want = [-1.341_635_5f32, -0.447_211_8, 0.447_211_8, 1.341_635_5];
    let y = x.try_layer_norm(&[4], None, None, 1e-5).unwrap();
    for (g, w) in y.to_vec::<f32>().iter().zip(want) {
        assert!((g - w).abs() < 2e-6, "{g} against {w}");
    }
    let y = x
        .reshape(&[1, 2, 2])
        .try_group_norm(1, None, None, 1e-5)
        .unwrap();
    for (g, w) in y.to_vec::<f32>().iter().zip(want) {
        assert!((g - w).abs() < 2e-6, "{g} against {w}");
    }
}
