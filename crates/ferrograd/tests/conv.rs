//! Convolutions against PyTorch (`data/gen_conv.py` → `data/conv.json`): values, grad_fn names
//! and gradients of `(out * gout).sum()` for conv1d, conv2d and conv_transpose2d over strides,
//! paddings ('same', 'valid'), dilations, groups, bias, unbatched inputs and both float dtypes;
//! PyTorch's messages for bad arguments; gradcheck and gradgradcheck in float64; the modules'
//! initial weights after `manual_seed(0)` and their reprs.

use ferrograd::autograd::{grad_with, gradcheck, gradgradcheck, GradOptions, GradcheckOptions};
use ferrograd::nn::{Conv1d, Conv2d, ConvTranspose2d, Module};
use ferrograd::ops::{ConvOptions, Padding};
use ferrograd::{DType, Tensor};
use serde_json::Value;

#[path = "support/close.rs"]
mod support;
use support::close;

/// The global generator is shared by the tests of this binary, which run in parallel: every
/// test that seeds it or draws from it holds this lock, so each sees its own stream.
fn rng_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn data() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/conv.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect()
}

fn dec(v: &Value, dtype: DType) -> Tensor {
    let d: Vec<f64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    Tensor::from_vec(d, &usizes(&v["shape"])).to_dtype(dtype)
}

fn ints(v: &Value) -> Vec<i64> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_i64().unwrap()).collect(),
        _ => vec![v.as_i64().unwrap()],
    }
}

/// The keyword arguments of a case as options (`padding` strings parsed as PyTorch does).
fn options(kw: &Value) -> ferrograd::Result<ConvOptions> {
    let mut o = ConvOptions::new();
    let kw = kw.as_object().unwrap();
    if let Some(v) = kw.get("stride") {
        o = o.stride(ints(v));
    }
    if let Some(v) = kw.get("padding") {
        o = o.padding(match v.as_str() {
            Some(s) => Padding::parse(s)?,
            None => Padding::from(ints(v)),
        });
    }
    if let Some(v) = kw.get("dilation") {
        o = o.dilation(ints(v));
    }
    if let Some(v) = kw.get("groups") {
        o = o.groups(v.as_i64().unwrap());
    }
    if let Some(v) = kw.get("output_padding") {
        o = o.output_padding(ints(v));
    }
    Ok(o)
}

fn call(
    f: &str,
    x: &Tensor,
    w: &Tensor,
    b: Option<&Tensor>,
    o: &ConvOptions,
) -> ferrograd::Result<Tensor> {
    match f {
        "conv1d" => x.try_conv1d(w, b, o),
        "conv2d" => x.try_conv2d(w, b, o),
        "conv_transpose2d" => x.try_conv_transpose2d(w, b, o),
        _ => panic!("unknown {f}"),
    }
}

#[test]
fn values_grad_fns_and_gradients_match_pytorch() {
    let d = data();
    let cases = d["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for c in cases {
        let f = c["fn"].as_str().unwrap();
        let what = format!("{f} {} {}", c["kwargs"], c["x"]["shape"]);
        let dt = if c["dtype"] == "float32" {
            DType::Float32
        } else {
            DType::Float64
        };
        let tol = if dt == DType::Float32 { 2e-5 } else { 1e-12 };
        let x = dec(&c["x"], dt).requires_grad_(true);
        let w = dec(&c["w"], dt).requires_grad_(true);
        let b = (!c["b"].is_null()).then(|| dec(&c["b"], dt).requires_grad_(true));
        let y = call(f, &x, &w, b.as_ref(), &options(&c["kwargs"]).unwrap()).unwrap();
        close(&what, &y, &dec(&c["y"], dt), tol);
        assert_eq!(
            y.grad_fn().unwrap().name(),
            c["grad_fn"].as_str().unwrap(),
            "{what}"
        );
        (&y * &dec(&c["gout"], dt)).sum().backward();
        close(
            &format!("{what} gx"),
            &x.grad().unwrap(),
            &dec(&c["gx"], dt),
            tol,
        );
        close(
            &format!("{what} gw"),
            &w.grad().unwrap(),
            &dec(&c["gw"], dt),
            tol,
        );
        if let Some(b) = &b {
            close(
                &format!("{what} gb"),
                &b.grad().unwrap(),
                &dec(&c["gb"], dt),
                tol,
            );
        }
    }
}

#[test]
fn bad_arguments_give_pytorch_messages() {
    let d = data();
    for e in d["errors"].as_array().unwrap() {
        let f = e["fn"].as_str().unwrap();
        let dt = |k: &str| {
            if e[k] == "float64" {
                DType::Float64
            } else {
                DType::Float32
            }
        };
        let x = Tensor::zeros_dtype(&usizes(&e["x"]), dt("x_dtype"));
        let w = Tensor::zeros_dtype(&usizes(&e["w"]), dt("w_dtype"));
        let b = (!e["b"].is_null()).then(|| Tensor::zeros(&usizes(&e["b"])));
        let err = options(&e["kwargs"])
            .and_then(|o| call(f, &x, &w, b.as_ref(), &o))
            .unwrap_err();
        assert_eq!(err.to_string(), e["message"].as_str().unwrap(), "{e}");
        assert_eq!(err.kind().python_name(), e["type"].as_str().unwrap(), "{e}");
    }
}

#[test]
fn the_node_saves_input_and_weight_and_shows_a_missing_bias() {
    let x = Tensor::ones(&[1, 2, 4, 4]).requires_grad_(true);
    let w = Tensor::ones(&[3, 2, 3, 3]).requires_grad_(true);
    let y = x.conv2d(&w, None, &ConvOptions::new());
    let f = y.grad_fn().unwrap();
    assert_eq!(f.saved_names(), vec!["input", "weight"]);
    assert_eq!(f.next_functions().len(), 3);
    assert!(f.next_functions()[2].is_none());
    // the gradients computed with create_graph are themselves convolutions
    let g = grad_with(
        &[y.sum()],
        std::slice::from_ref(&x),
        &GradOptions::new().create_graph(true),
    )
    .unwrap()[0]
        .clone()
        .unwrap();
    assert_eq!(g.grad_fn().unwrap().name(), "ConvolutionBackwardBackward0");
}

/// With create_graph, the bias gradient of each convolution is a node of the convolution's
/// backward (PyTorch's `ConvolutionBackwardBackward0`, not a sum's node), and it differentiates
/// with respect to the output gradient: `d(Σ gb)/du` is all ones (PyTorch 2.15).
#[test]
fn bias_gradients_with_create_graph_are_convolution_backward_nodes() {
    let opts = ConvOptions::new();
    let cases: [(&str, Vec<usize>, Vec<usize>); 3] = [
        ("conv1d", vec![2, 3, 5], vec![4, 3, 3]),
        ("conv2d", vec![2, 3, 5, 5], vec![4, 3, 3, 3]),
        ("conv_transpose2d", vec![2, 3, 5, 5], vec![3, 4, 3, 3]),
    ];
    for (op, xs, ws) in cases {
        let x = Tensor::ones_dtype(&xs, DType::Float64).requires_grad_(true);
        let w = Tensor::ones_dtype(&ws, DType::Float64).requires_grad_(true);
        let b = Tensor::zeros_dtype(&[4], DType::Float64).requires_grad_(true);
        let y = match op {
            "conv1d" => x.conv1d(&w, Some(&b), &opts),
            "conv2d" => x.conv2d(&w, Some(&b), &opts),
            _ => x.conv_transpose2d(&w, Some(&b), &opts),
        };
        let u = Tensor::ones_dtype(y.shape(), DType::Float64).requires_grad_(true);
        let create = GradOptions::new().create_graph(true);
        let gb = grad_with(&[(&y * &u).sum()], std::slice::from_ref(&b), &create).unwrap()[0]
            .clone()
            .unwrap();
        assert_eq!(
            gb.grad_fn().unwrap().name(),
            "ConvolutionBackwardBackward0",
            "{op}"
        );
        // its input is the output gradient (the product's node), not a reshaped copy of it
        match &gb.grad_fn().unwrap().next_functions()[0] {
            Some(ferrograd::NextFunction::Backward(f)) => assert_eq!(f.name(), "MulBackward0"),
            _ => panic!("{op}: the bias gradient's node follows the output gradient"),
        }
        let per_channel = (y.numel() / 4) as f64;
        assert_eq!(gb.to_vec::<f64>(), vec![per_channel; 4], "{op}");
        let gu = grad_with(&[gb.sum()], std::slice::from_ref(&u), &create).unwrap()[0]
            .clone()
            .unwrap();
        assert_eq!(gu.shape(), y.shape(), "{op}");
        assert!(gu.to_vec::<f64>().iter().all(|&v| v == 1.0), "{op}");
    }
}

/// One gradcheck problem: the op, the input and weight shapes, whether there is a bias, options.
type Case = (&'static str, Vec<usize>, Vec<usize>, bool, ConvOptions);

/// Small float64 problems over strides, paddings, dilations, groups, bias, 1-D and transposed.
fn gradcheck_cases() -> Vec<Case> {
    let o = ConvOptions::new;
    vec![
        ("conv2d", vec![2, 2, 5, 4], vec![3, 2, 2, 3], true, o()),
        (
            "conv2d",
            vec![1, 4, 5, 6],
            vec![2, 2, 3, 2],
            true,
            o().stride([2, 1])
                .padding([1, 2])
                .dilation([1, 2])
                .groups(2),
        ),
        (
            "conv2d",
            vec![2, 3, 4],
            vec![2, 2, 2, 2],
            false,
            o().padding(Padding::Same).groups(1).dilation(1),
        ),
        (
            "conv1d",
            vec![2, 2, 7],
            vec![4, 1, 3],
            true,
            o().stride(2).padding(1).dilation(2).groups(2),
        ),
        (
            "conv1d",
            vec![1, 2, 5],
            vec![2, 2, 2],
            false,
            o().padding(Padding::Same),
        ),
        (
            "conv_transpose2d",
            vec![1, 2, 3, 3],
            vec![2, 2, 3, 2],
            true,
            o().stride(2).padding(1).output_padding(1),
        ),
        (
            "conv_transpose2d",
            vec![2, 4, 2, 3],
            vec![4, 1, 2, 2],
            false,
            o().stride([1, 2]).dilation([2, 1]).groups(2),
        ),
    ]
}

#[test]
fn gradcheck_and_gradgradcheck_pass_in_float64() {
    let _rng = rng_lock();
    ferrograd::manual_seed(0);
    for (f, xs, ws, bias, opts) in gradcheck_cases() {
        let x = Tensor::randn_dtype(&xs, DType::Float64).requires_grad_(true);
        let w = Tensor::randn_dtype(&ws, DType::Float64).requires_grad_(true);
        let cout = if f == "conv_transpose2d" {
            ws[1] * opts.groups as usize
        } else {
            ws[0]
        };
        let mut inputs = vec![x, w];
        if bias {
            inputs.push(Tensor::randn_dtype(&[cout], DType::Float64).requires_grad_(true));
        }
        let o2 = opts.clone();
        let fun = move |v: &[Tensor]| Ok(vec![call(f, &v[0], &v[1], v.get(2), &o2)?]);
        let go = GradcheckOptions::default();
        assert!(gradcheck(&fun, &inputs, go).unwrap(), "{f} {opts:?}");
        assert!(gradgradcheck(&fun, &inputs, go).unwrap(), "{f} {opts:?}");
    }
}

#[test]
fn unbatched_inputs_end_in_a_squeeze_and_match_the_batch_of_one() {
    let _rng = rng_lock();
    let x = Tensor::randn_dtype(&[2, 5, 5], DType::Float64);
    let w = Tensor::randn_dtype(&[3, 2, 3, 3], DType::Float64).requires_grad_(true);
    let o = ConvOptions::new().padding(1);
    let y = x.conv2d(&w, None, &o);
    assert_eq!(y.grad_fn().unwrap().name(), "SqueezeBackward1");
    let y1 = x.unsqueeze(0).conv2d(&w, None, &o);
    assert_eq!(y.to_vec::<f64>(), y1.to_vec::<f64>());
}

#[test]
fn integer_inputs_convolve_exactly() {
    let x = Tensor::new([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    let w = Tensor::new([[[[1, 0], [0, -1]]]]);
    let y = x.conv2d(&w, None, &ConvOptions::new());
    assert_eq!(y.dtype(), DType::Int64);
    assert_eq!(y.to_vec::<i64>(), vec![-4, -4, -4, -4]);
}

#[test]
fn a_large_batch_splits_across_threads_with_the_same_result() {
    let _rng = rng_lock();
    // the threaded split (many samples) against one sample at a time
    ferrograd::manual_seed(1);
    let x = Tensor::randn_dtype(&[9, 8, 10, 10], DType::Float64).requires_grad_(true);
    let w = Tensor::randn_dtype(&[16, 8, 3, 3], DType::Float64).requires_grad_(true);
    let o = ConvOptions::new().padding(1);
    let y = x.conv2d(&w, None, &o);
    y.sum().backward();
    let gw = w.grad().unwrap();
    let mut gw_sum = Tensor::zeros_dtype(&[16, 8, 3, 3], DType::Float64);
    for i in 0..9 {
        let xi = x.detach().narrow(0, i, 1);
        let wi = w.detach().requires_grad_(true);
        let yi = xi.conv2d(&wi, None, &o);
        close("sample", &yi, &y.detach().narrow(0, i, 1), 1e-12);
        yi.sum().backward();
        gw_sum = &gw_sum + &wi.grad().unwrap();
    }
    close("gw", &gw, &gw_sum, 1e-12);
}

#[test]
fn modules_start_with_pytorch_weights_after_manual_seed() {
    let _rng = rng_lock();
    let d = data();
    for m in d["modules"].as_array().unwrap() {
        let module = build(m).unwrap();
        assert_eq!(module.repr(), m["repr"].as_str().unwrap());
        let params = module.named_parameters();
        let want = m["params"].as_object().unwrap();
        assert_eq!(params.len(), want.len(), "{m}");
        for (name, p) in params {
            close(
                &format!("{} {name}", m["repr"]),
                &p.to_dtype(DType::Float64),
                &dec(&want[&name], DType::Float64),
                1e-7,
            );
        }
    }
}

#[test]
fn module_reprs_and_errors_match_pytorch() {
    let _rng = rng_lock();
    let d = data();
    for r in d["reprs"].as_array().unwrap() {
        assert_eq!(build(r).unwrap().repr(), r["repr"].as_str().unwrap());
    }
    for e in d["module_errors"].as_array().unwrap() {
        let err = build(e).unwrap_err();
        let want = e["message"].as_str().unwrap();
        if want.starts_with("Invalid padding string") {
            // PyTorch prints a Python set, whose order varies between runs
            assert!(err
                .to_string()
                .starts_with("Invalid padding string 'foo', should be one of {"));
        } else {
            assert_eq!(err.to_string(), want);
        }
        assert_eq!(err.kind().python_name(), e["type"].as_str().unwrap());
    }
}

/// `manual_seed(0)` and the module of a recorded case.
fn build(m: &Value) -> ferrograd::Result<Box<dyn Module>> {
    ferrograd::manual_seed(0);
    let args = m["args"].as_array().unwrap();
    let (cin, cout) = (args[0].as_i64().unwrap(), args[1].as_i64().unwrap());
    let kernel = ints(&args[2]);
    let mut kw = m["kwargs"].clone();
    let pad = kw.as_object_mut().unwrap().remove("padding");
    let mut o = options(&kw)?;
    match pad.as_ref() {
        Some(Value::String(s)) => o.padding = ferrograd::nn::conv_padding(s)?,
        Some(v) => o.padding = Padding::from(ints(v)),
        None => {}
    }
    let bias = m["kwargs"].get("bias").is_none_or(|b| b.as_bool().unwrap());
    Ok(match m["kind"].as_str().unwrap() {
        "Conv1d" => Box::new(Conv1d::try_new(cin, cout, kernel, o, bias)?),
        "Conv2d" => Box::new(Conv2d::try_new(cin, cout, kernel, o, bias)?),
        "ConvTranspose2d" => Box::new(ConvTranspose2d::try_new(cin, cout, kernel, o, bias)?),
        k => panic!("unknown {k}"),
    })
}
