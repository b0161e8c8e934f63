//! Windowed pooling (average, adaptive average, adaptive max), max unpooling (1-d to 3-d, ops
//! and modules) and the errors of hostile sizes against PyTorch (`data/gen_pool_windows.py` →
//! `data/pool_windows.json`): values, grad_fn names, first and second derivatives in float32
//! and float64, messages, reprs; gradcheck and gradgradcheck on odd sizes, strides and
//! paddings; batched backward; and a
//! window as large as a 200×200 image (whose map, one entry per output and window element,
//! would be quadratic in the image), forward and both backwards.

use ferrograd::autograd::{grad_with, gradcheck, gradgradcheck, GradOptions, GradcheckOptions};
use ferrograd::nn::{MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, Module};
use ferrograd::{DType, ErrorKind, PadMode, Pool2d, Result, Tensor};
use serde_json::Value;

#[path = "support/close.rs"]
mod support;

fn data() -> Value {
    let s = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pool_windows.json"
    ))
    .unwrap();
    serde_json::from_str(&s).unwrap()
}

fn dec(v: &Value) -> Tensor {
    let shape: Vec<usize> = usizes(&v["shape"]);
    let d = v["data"].as_array().unwrap();
    if v["dtype"] == "int64" {
        let d: Vec<i64> = d.iter().map(|x| x.as_i64().unwrap()).collect();
        return Tensor::from_vec(d, &shape);
    }
    // NaN is written as a bare `NaN`, which JSON readers take as null
    let f: Vec<f64> = d.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect();
    let t = Tensor::from_vec(f, &shape);
    match v["dtype"].as_str().unwrap() {
        "float32" => t.to_dtype(DType::Float32),
        _ => t,
    }
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}

/// Equal to `tol` relative (NaN where PyTorch has NaN), in the same dtype.
fn close(what: &str, got: &Tensor, want: &Tensor, tol: f64) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    support::close_within(what, got, want, tol, 1e-30);
}

fn pair(kw: &Value, key: &str, default: [usize; 2]) -> [usize; 2] {
    match &kw[key] {
        Value::Null => default,
        Value::Number(n) => [n.as_u64().unwrap() as usize; 2],
        v => {
            let v = usizes(v);
            [v[0], v[v.len() - 1]]
        }
    }
}

/// The op of a case through the Rust API.
fn apply(op: &str, kw: &Value, x: &Tensor) -> Tensor {
    let flag = |k: &str, d: bool| kw[k].as_bool().unwrap_or(d);
    let one = |k: &str| kw[k].as_u64().map(|v| v as usize);
    match op {
        "avg_pool2d" => {
            let k = pair(kw, "kernel_size", [0, 0]);
            let mut p = Pool2d::new(k)
                .padding(pair(kw, "padding", [0, 0]))
                .ceil_mode(flag("ceil_mode", false))
                .count_include_pad(flag("count_include_pad", true));
            p.stride = Some(pair(kw, "stride", k));
            p.divisor_override = kw["divisor_override"].as_i64();
            x.try_avg_pool2d(&p).unwrap()
        }
        "avg_pool1d" => x
            .try_avg_pool1d(
                one("kernel_size").unwrap(),
                one("stride"),
                one("padding").unwrap_or(0),
                flag("ceil_mode", false),
                flag("count_include_pad", true),
            )
            .unwrap(),
        "adaptive_avg_pool2d" => x
            .try_adaptive_avg_pool2d(pair(kw, "output_size", [0, 0]))
            .unwrap(),
        "adaptive_avg_pool1d" => x
            .try_adaptive_avg_pool1d(one("output_size").unwrap())
            .unwrap(),
        "adaptive_max_pool2d" => {
            x.try_adaptive_max_pool2d(pair(kw, "output_size", [0, 0]))
                .unwrap()
                .0
        }
        _ => panic!("unknown op {op}"),
    }
}

/// `d(sum(out * gout))/dx` with `create_graph`, then the gradient of `sum(gx * v)` with respect
/// to `gout` (the backward's backward).
fn derivatives(x: &Tensor, out: &Tensor, gout: &Tensor, v: &Tensor) -> (Tensor, Tensor) {
    let o = GradOptions::new()
        .grad_outputs(vec![gout.clone()])
        .create_graph(true);
    let gx = grad_with(std::slice::from_ref(out), std::slice::from_ref(x), &o).unwrap()[0]
        .clone()
        .unwrap();
    let s = (&gx * v).sum();
    let ggo = grad_with(&[s], std::slice::from_ref(gout), &GradOptions::new()).unwrap()[0]
        .clone()
        .unwrap();
    (gx, ggo)
}

/// float32 results agree to a few ulps (the same sums in the same order), float64 closer.
fn tol(dtype: &str) -> f64 {
    if dtype == "float32" {
        4e-7
    } else {
        1e-14
    }
}

#[test]
fn windowed_pools_match_pytorch_in_both_precisions() {
    let d = data();
    let cases = d["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let (op, kw) = (case["op"].as_str().unwrap(), &case["kwargs"]);
        for (dtype, run) in case["runs"].as_object().unwrap() {
            let what = format!("{op} {kw} {dtype}");
            let want_out = dec(&run["out"]);
            let x = dec(&case["x"])
                .to_dtype(want_out.dtype())
                .requires_grad_(true);
            let out = apply(op, kw, &x);
            close(&format!("{what}: out"), &out, &want_out, tol(dtype));
            assert_eq!(out.grad_fn().unwrap().name(), run["grad_fn"], "{what}");
            let gout = dec(&run["gout"]).requires_grad_(true);
            let (gx, ggo) = derivatives(&x, &out, &gout, &dec(&run["v"]));
            close(&format!("{what}: gx"), &gx, &dec(&run["gx"]), tol(dtype));
            assert_eq!(gx.grad_fn().unwrap().name(), run["gx_grad_fn"], "{what}");
            close(&format!("{what}: ggo"), &ggo, &dec(&run["ggo"]), tol(dtype));
            if op == "adaptive_max_pool2d" {
                let (_, idx) = x
                    .try_adaptive_max_pool2d(pair(kw, "output_size", [0, 0]))
                    .unwrap();
                assert_eq!(
                    idx.to_vec::<i64>(),
                    dec(&run["indices"]).to_vec::<i64>(),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn integers_average_in_their_own_dtype_truncating() {
    let d = data();
    for case in d["int_cases"].as_array().unwrap() {
        let (op, kw) = (case["op"].as_str().unwrap(), &case["kwargs"]);
        let out = apply(op, kw, &dec(&case["x"]));
        assert_eq!(out.dtype(), DType::Int64, "{op} {kw}");
        assert_eq!(out.shape(), dec(&case["out"]).shape(), "{op} {kw}");
        assert_eq!(
            out.to_vec::<i64>(),
            dec(&case["out"]).to_vec::<i64>(),
            "{op} {kw}"
        );
    }
}

/// `N` sizes as PyTorch's `_single`/`_pair`/`_triple` read them (an int repeated), if given.
fn ntuple<const N: usize>(kw: &Value, key: &str) -> Option<[usize; N]> {
    match &kw[key] {
        Value::Null => None,
        Value::Number(n) => Some([n.as_u64().unwrap() as usize; N]),
        v => Some(usizes(v).try_into().unwrap()),
    }
}

/// `nn.MaxUnpool{1,2,3}d(**kw)(y, idx, output_size)` through the Rust modules, which work out
/// the output size as PyTorch does.
fn unpool(dims: u64, kw: &Value, y: &Tensor, idx: &Tensor) -> Result<Tensor> {
    let given = match &kw["output_size"] {
        Value::Null => None,
        v => Some(usizes(v)),
    };
    let given = given.as_deref();
    match dims {
        1 => MaxUnpool1d::with_options(
            ntuple(kw, "kernel_size").unwrap(),
            ntuple(kw, "stride"),
            ntuple(kw, "padding").unwrap_or([0]),
        )
        .forward_with(y, idx, given),
        2 => MaxUnpool2d::with_options(
            ntuple(kw, "kernel_size").unwrap(),
            ntuple(kw, "stride"),
            ntuple(kw, "padding").unwrap_or([0; 2]),
        )
        .forward_with(y, idx, given),
        _ => MaxUnpool3d::with_options(
            ntuple(kw, "kernel_size").unwrap(),
            ntuple(kw, "stride"),
            ntuple(kw, "padding").unwrap_or([0; 3]),
        )
        .forward_with(y, idx, given),
    }
}

#[test]
fn unpooling_matches_pytorch_in_both_precisions() {
    let d = data();
    let cases = d["unpool"].as_array().unwrap();
    assert_eq!(cases.iter().filter(|c| c["dims"] == 3).count(), 4);
    for case in cases {
        let (dims, kw) = (case["dims"].as_u64().unwrap(), &case["kwargs"]);
        let idx = dec(&case["indices"]);
        for (dtype, run) in case["runs"].as_object().unwrap() {
            let what = format!("max_unpool{dims}d {kw} {dtype}");
            let want = dec(&run["out"]);
            let y = dec(&case["y"]).to_dtype(want.dtype()).requires_grad_(true);
            let out = unpool(dims, kw, &y, &idx).unwrap();
            close(&format!("{what}: out"), &out, &want, 0.0);
            assert_eq!(out.grad_fn().unwrap().name(), run["grad_fn"], "{what}");
            let gout = dec(&run["gout"]).requires_grad_(true);
            let (gy, ggo) = derivatives(&y, &out, &gout, &dec(&run["v"]));
            close(&format!("{what}: gy"), &gy, &dec(&run["gy"]), 0.0);
            assert_eq!(gy.grad_fn().unwrap().name(), run["gy_grad_fn"], "{what}");
            close(&format!("{what}: ggo"), &ggo, &dec(&run["ggo"]), 0.0);
        }
    }
    // repeated indices: the last write wins (PyTorch's serial order; its threads may pick
    // another), and each repeat reads the gradient back
    let dup = &d["duplicates"];
    let x = dec(&dup["x"]).requires_grad_(true);
    let out = x.try_max_unpool2d(&dec(&dup["indices"]), [4, 4]).unwrap();
    let mut want = vec![0.0f32; 16];
    (want[0], want[5]) = (3.0, 4.0);
    assert_eq!(out.to_vec::<f32>(), want);
    out.backward_with(&Tensor::arange(16.0).reshape(&[1, 1, 4, 4]));
    close("duplicates: gx", &x.grad().unwrap(), &dec(&dup["gx"]), 0.0);
}

#[test]
fn empty_batches_and_empty_volumes_unpool_as_in_pytorch() {
    let d = data();
    let e = &d["unpool_edges"];
    let idx = Tensor::from_vec(vec![0i64, 3, 12, 15, 48, 51, 60, 63], &[1, 1, 2, 2, 2]);
    let y = Tensor::arange(8.0)
        .reshape(&[1, 1, 2, 2, 2])
        .requires_grad_(true);
    let out = MaxUnpool3d::new(2)
        .forward_with(&y.slice(0, 0, 0, 1), &idx.slice(0, 0, 0, 1), None)
        .unwrap();
    assert_eq!(out.shape(), usizes(&e["zero_batch"]).as_slice());
    // indices past an empty volume are not looked at, but the backward gathers at them
    let out = y.try_max_unpool3d(&idx, [0, 4, 4], [2; 3]).unwrap();
    assert_eq!(out.shape(), usizes(&e["zero_output"]).as_slice());
    let err = ferrograd::autograd::grad(&[out.sum()], &[y]).unwrap_err();
    assert_eq!(err.to_string(), e["zero_output_backward"].as_str().unwrap());
}

#[test]
fn unpooling_modules_print_as_pytorch_and_take_their_indices_in_forward_with() {
    let d = data();
    let reprs: Vec<(&str, Box<dyn Module>)> = vec![
        ("MaxUnpool1d(2)", Box::new(MaxUnpool1d::new(2))),
        (
            "MaxUnpool1d(3, 2, 1)",
            Box::new(MaxUnpool1d::with_options([3], Some([2]), [1])),
        ),
        ("MaxUnpool2d(2)", Box::new(MaxUnpool2d::new(2))),
        (
            "MaxUnpool2d((2, 3), stride=1, padding=(1, 0))",
            Box::new(MaxUnpool2d::with_options([2, 3], Some([1, 1]), [1, 0])),
        ),
        ("MaxUnpool3d(2)", Box::new(MaxUnpool3d::new(2))),
        (
            "MaxUnpool3d((1, 2, 3), stride=1, padding=(1, 0, 1))",
            Box::new(MaxUnpool3d::with_options(
                [1, 2, 3],
                Some([1; 3]),
                [1, 0, 1],
            )),
        ),
    ];
    assert_eq!(reprs.len(), d["reprs"].as_object().unwrap().len());
    for (key, m) in reprs {
        assert_eq!(m.to_string(), d["reprs"][key].as_str().unwrap(), "{key}");
        // one tensor is not enough: the indices go through forward_with
        let e = m.forward(&Tensor::ones(&[1, 1, 2, 2, 2])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Runtime);
        assert!(e.to_string().contains("forward_with"), "{e}");
    }
}

#[test]
fn hostile_sizes_and_bad_arguments_raise_pytorchs_errors() {
    let d = data();
    let img = Tensor::ones(&[1, 1, 4, 4]);
    let img3 = Tensor::ones(&[1, 4, 4]);
    let (y2, i2) = Tensor::arange(16.0)
        .reshape(&[1, 1, 4, 4])
        .try_max_pool2d_with_indices(&Pool2d::new([2, 2]))
        .unwrap();
    let (y1, i1) = Tensor::arange(8.0)
        .reshape(&[1, 1, 8])
        .try_max_pool1d_with_indices(2, None, 0, 1, false)
        .unwrap();
    let (y3, i3) = {
        // max_pool3d(arange(64).view(1, 1, 4, 4, 4), 2, return_indices=True)
        let idx: Vec<i64> = (0..8)
            .map(|j| 21 + 32 * (j / 4) + 8 * (j / 2 % 2) + 2 * (j % 2))
            .collect();
        let y: Vec<f32> = idx.iter().map(|&i| i as f32).collect();
        (
            Tensor::from_vec(y, &[1, 1, 2, 2, 2]),
            Tensor::from_vec(idx, &[1, 1, 2, 2, 2]),
        )
    };
    let one3 = |v: i64| {
        let mut d = vec![0i64; 8];
        d[5] = v;
        &i3 + &Tensor::from_vec(d, &[1, 1, 2, 2, 2])
    };
    let corner = |t: &Tensor| t.slice(2, 0, 1, 1).slice(3, 0, 1, 1).slice(4, 0, 1, 1);
    let un3 =
        |k: usize, s: Option<[usize; 3]>, p: [usize; 3]| MaxUnpool3d::with_options([k; 3], s, p);
    let (m1, m2, m3) = (
        MaxUnpool1d::new(2),
        MaxUnpool2d::new(2),
        MaxUnpool3d::new(2),
    );
    let scale = |x: &Tensor, s: f64, mode: &str| x.try_interpolate(None, Some(&[s]), mode, None);
    let p62 = 1usize << 62;
    // one bad index each: with several, which one PyTorch names depends on its threads
    let bump = |v: &[i64], s: &[usize]| Tensor::from_vec(v.to_vec(), s);
    let cases: Vec<(&str, Result<Tensor>)> = vec![
        ("interpolate_scale_1e30", scale(&img, 1e30, "nearest")),
        ("interpolate_scale_nan", scale(&img, f64::NAN, "nearest")),
        (
            "interpolate_scale_2p61",
            scale(&img, 2f64.powi(61), "nearest"),
        ),
        ("interpolate_scale_1e10", scale(&img, 1e10, "nearest")),
        ("interpolate_scale_1e5", scale(&img, 1e5, "nearest")),
        (
            "interpolate_scale_1e5_bilinear",
            scale(&img, 1e5, "bilinear"),
        ),
        (
            "interpolate_size_1e9_bilinear",
            img.try_interpolate(Some(&[1_000_000_000]), None, "bilinear", None),
        ),
        (
            "interpolate_size_2p62",
            img.try_interpolate(Some(&[p62]), None, "nearest", None),
        ),
        (
            "interpolate_1d_scale_negative",
            scale(&img3, -0.3, "nearest"),
        ),
        ("interpolate_2d_scale_small", scale(&img, 0.1, "nearest")),
        (
            "pad_huge",
            Tensor::ones(&[1, 4]).try_pad(&[0, 100_000_000_000], PadMode::Constant, 0.0),
        ),
        (
            "adaptive_avg_pool2d_1e9",
            img.try_adaptive_avg_pool2d([1_000_000_000; 2]),
        ),
        (
            "adaptive_avg_pool2d_2p62",
            img.try_adaptive_avg_pool2d([p62; 2]),
        ),
        (
            "adaptive_avg_pool2d_2p31",
            img.try_adaptive_avg_pool2d([1 << 31, 1 << 30]),
        ),
        (
            "adaptive_avg_pool1d_1e12",
            img3.try_adaptive_avg_pool1d(1_000_000_000_000),
        ),
        (
            "adaptive_max_pool2d_1e9",
            img.try_adaptive_max_pool2d([1_000_000_000; 2]).map(|r| r.0),
        ),
        (
            "adaptive_max_pool2d_2p62",
            img.try_adaptive_max_pool2d([p62; 2]).map(|r| r.0),
        ),
        (
            "max_pool1d_int64",
            Tensor::new([[1i64, 5, 2, 4, 3]]).try_max_pool1d(2, None, 0, 1, false),
        ),
        (
            "avg_pool2d_bool",
            Tensor::new([[[true, true], [true, true]]]).try_avg_pool2d(&Pool2d::new([2, 2])),
        ),
        (
            "max_pool1d_bool",
            Tensor::new([[true, false]]).try_max_pool1d(2, None, 0, 1, false),
        ),
        (
            "max_unpool2d_small_output",
            y2.try_max_unpool2d(&i2, [3, 3]),
        ),
        (
            "max_unpool2d_index_high",
            y2.try_max_unpool2d(&(&i2 + &bump(&[0, 0, 0, 100], &[1, 1, 2, 2])), [4, 4]),
        ),
        (
            "max_unpool2d_index_negative",
            y2.try_max_unpool2d(&(&i2 - &bump(&[0, 100, 0, 0], &[1, 1, 2, 2])), [4, 4]),
        ),
        (
            "max_unpool2d_float_indices",
            y2.try_max_unpool2d(&i2.to_dtype(DType::Float32), [4, 4]),
        ),
        (
            "max_unpool2d_indices_shape",
            y2.try_max_unpool2d(&i2.slice(3, 0, 1, 1), [4, 4]),
        ),
        (
            "max_unpool2d_2d_input",
            y2.select(0, 0)
                .select(0, 0)
                .try_max_unpool2d(&i2.select(0, 0).select(0, 0), [4, 4]),
        ),
        (
            "max_unpool2d_int64_input",
            y2.to_dtype(DType::Int64).try_max_unpool2d(&i2, [4, 4]),
        ),
        (
            "max_unpool2d_empty_channels",
            y2.slice(1, 0, 0, 1)
                .try_max_unpool2d(&i2.slice(1, 0, 0, 1), [4, 4]),
        ),
        (
            "max_unpool2d_raw_huge_output",
            y2.try_max_unpool2d(&i2, [1 << 40, 1 << 40]),
        ),
        (
            "max_unpool2d_raw_large_output",
            y2.try_max_unpool2d(&i2, [1_000_000_000; 2]),
        ),
        (
            "max_unpool1d_index_high",
            y1.try_max_unpool1d(&(&i1 + &bump(&[0, 0, 100, 0], &[1, 1, 4])), 8),
        ),
        (
            "max_unpool1d_1d_input",
            y1.select(0, 0)
                .select(0, 0)
                .try_max_unpool1d(&i1.select(0, 0).select(0, 0), 8),
        ),
        (
            "max_unpool2d_huge_output",
            m2.forward_with(&y2, &i2, Some(&[1 << 40, 1 << 40])),
        ),
        (
            "max_unpool2d_output_size_range",
            m2.forward_with(&y2, &i2, Some(&[6, 6])),
        ),
        (
            "max_unpool2d_output_size_length",
            m2.forward_with(&y2, &i2, Some(&[1, 5, 5])),
        ),
        (
            "max_unpool2d_negative_size",
            MaxUnpool2d::with_options([1, 1], None, [2, 2]).forward_with(
                &Tensor::ones(&[1, 1, 1, 1]),
                &Tensor::zeros_dtype(&[1, 1, 1, 1], DType::Int64),
                None,
            ),
        ),
        (
            "max_unpool1d_output_size_range",
            m1.forward_with(&y1, &i1, Some(&[12])),
        ),
        (
            "max_unpool3d_small_output",
            m3.forward_with(&corner(&y3), &corner(&i3), Some(&[2, 3, 1])),
        ),
        (
            "max_unpool3d_index_high",
            m3.forward_with(&y3, &one3(100), None),
        ),
        (
            "max_unpool3d_index_negative",
            m3.forward_with(&y3, &one3(-100), None),
        ),
        (
            "max_unpool3d_float_indices",
            m3.forward_with(&y3, &i3.to_dtype(DType::Float32), None),
        ),
        (
            "max_unpool3d_bool_indices",
            m3.forward_with(&y3, &i3.to_dtype(DType::Bool), None),
        ),
        (
            "max_unpool3d_indices_shape",
            m3.forward_with(&y3, &i3.slice(4, 0, 1, 1), None),
        ),
        (
            "max_unpool3d_3d_input",
            y3.select(0, 0).select(0, 0).try_max_unpool3d(
                &i3.select(0, 0).select(0, 0),
                [4; 3],
                [2; 3],
            ),
        ),
        (
            "max_unpool3d_6d_input",
            m3.forward_with(&y3.unsqueeze(0), &i3.unsqueeze(0), None),
        ),
        (
            "max_unpool3d_int64_input",
            m3.forward_with(&y3.to_dtype(DType::Int64), &i3, None),
        ),
        (
            "max_unpool3d_empty_channels",
            m3.forward_with(&y3.slice(1, 0, 0, 1), &i3.slice(1, 0, 0, 1), None),
        ),
        (
            "max_unpool3d_empty_depth_stride_zero",
            un3(2, Some([0; 3]), [0; 3]).forward_with(
                &y3.slice(2, 0, 0, 1),
                &i3.slice(2, 0, 0, 1),
                None,
            ),
        ),
        (
            "max_unpool3d_stride_zero",
            MaxUnpool3d::with_options([2; 3], Some([2, 0, 2]), [0; 3]).forward_with(&y3, &i3, None),
        ),
        (
            "max_unpool3d_huge_output",
            m3.forward_with(&y3, &i3, Some(&[1 << 40; 3])),
        ),
        (
            "max_unpool3d_raw_huge_output",
            y3.try_max_unpool3d(&i3, [1 << 40; 3], [2; 3]),
        ),
        (
            "max_unpool3d_raw_large_output",
            y3.try_max_unpool3d(&i3, [1_000_000; 3], [2; 3]),
        ),
        (
            "max_unpool3d_raw_huge_int64_input",
            y3.to_dtype(DType::Int64)
                .try_max_unpool3d(&i3, [1 << 40; 3], [2; 3]),
        ),
        (
            "max_unpool3d_output_size_range",
            m3.forward_with(&y3, &i3, Some(&[6, 4, 4])),
        ),
        (
            "max_unpool3d_output_size_length",
            m3.forward_with(&y3, &i3, Some(&[1, 4, 4, 4])),
        ),
        (
            "max_unpool3d_negative_size",
            un3(1, None, [0, 2, 0]).forward_with(
                &Tensor::ones(&[1, 1, 1, 1, 1]),
                &Tensor::zeros_dtype(&[1, 1, 1, 1, 1], DType::Int64),
                None,
            ),
        ),
    ];
    for (name, got) in cases {
        let want = &d["errors"][name];
        let e = match got {
            Err(e) => e,
            Ok(t) => panic!("{name}: no error, a tensor of shape {:?}", t.shape()),
        };
        assert_eq!(e.to_string(), want["message"].as_str().unwrap(), "{name}");
        let kind = match want["type"].as_str().unwrap() {
            "RuntimeError" => ErrorKind::Runtime,
            "NotImplementedError" => ErrorKind::NotImplemented,
            "ValueError" => ErrorKind::Value,
            t => panic!("{name}: {t}"),
        };
        assert_eq!(e.kind(), kind, "{name}");
    }
}

fn checks(name: &str, f: impl Fn(&[Tensor]) -> Result<Vec<Tensor>> + Copy, x: &Tensor) {
    let x = x.detach().requires_grad_(true);
    let opts = GradcheckOptions::default();
    let inputs = std::slice::from_ref(&x);
    assert!(gradcheck(f, inputs, opts).unwrap(), "{name}: gradcheck");
    assert!(
        gradgradcheck(f, inputs, opts).unwrap(),
        "{name}: gradgradcheck"
    );
}

#[test]
fn gradcheck_and_gradgradcheck_on_odd_windows() {
    ferrograd::manual_seed(12);
    let x = Tensor::randn_dtype(&[2, 5, 7], DType::Float64);
    for (k, s, p, ceil, cip, over) in [
        ([3, 2], [2, 3], [1, 1], true, true, None),
        ([3, 4], [2, 1], [1, 2], true, false, None),
        ([2, 3], [3, 2], [0, 1], false, true, Some(-4)),
        ([5, 7], [5, 7], [0, 0], false, true, None),
    ] {
        let mut o = Pool2d::new(k)
            .padding(p)
            .ceil_mode(ceil)
            .count_include_pad(cip);
        o.stride = Some(s);
        o.divisor_override = over;
        checks(
            &format!("avg_pool2d {o:?}"),
            |x| Ok(vec![x[0].try_avg_pool2d(&o)?]),
            &x,
        );
    }
    checks(
        "avg_pool1d",
        |x| Ok(vec![x[0].try_avg_pool1d(3, Some(2), 1, true, false)?]),
        &x,
    );
    for size in [[2, 3], [4, 9], [5, 1]] {
        checks(
            &format!("adaptive_avg_pool2d {size:?}"),
            |x| Ok(vec![x[0].try_adaptive_avg_pool2d(size)?]),
            &x,
        );
        checks(
            &format!("adaptive_max_pool2d {size:?}"),
            |x| Ok(vec![x[0].try_adaptive_max_pool2d(size)?.0]),
            &x,
        );
    }
    checks(
        "adaptive_avg_pool1d",
        |x| Ok(vec![x[0].try_adaptive_avg_pool1d(4)?]),
        &x,
    );
    // unpooling at the indices of a max pooling with disjoint windows (so distinct indices:
    // where two inputs land on one output, the last write wins and only its gradient is
    // true, in PyTorch too), to a larger output
    let (y, idx) = x
        .try_max_pool2d_with_indices(&Pool2d::new([2, 3]).stride([2, 3]))
        .unwrap();
    checks(
        "max_unpool2d",
        |v| Ok(vec![v[0].try_max_unpool2d(&idx, [6, 8])?]),
        &y,
    );
    let (y, idx) = x
        .try_max_pool1d_with_indices(3, Some(3), 1, 1, false)
        .unwrap();
    checks(
        "max_unpool1d",
        |v| Ok(vec![v[0].try_max_unpool1d(&idx, 8)?]),
        &y,
    );
    // 3-d: distinct indices in each volume of 3 × 5 × 4, unbatched and batched
    for lead in [&[3][..], &[2, 1][..]] {
        let mut shape = lead.to_vec();
        shape.extend([2, 3, 2]);
        let (y, idx) = volumes(&shape, 60);
        let m = MaxUnpool3d::with_options([2, 3, 2], Some([1, 2, 3]), [0, 1, 1]);
        checks(
            &format!("max_unpool3d {shape:?}"),
            |v| Ok(vec![m.forward_with(&v[0], &idx, Some(&[3, 5, 4]))?]),
            &y,
        );
    }
}

/// float64 values of `shape` and an index into a volume of `out_volume` (coprime with 7) for
/// each, distinct within each volume of the last three dimensions.
fn volumes(shape: &[usize], out_volume: i64) -> (Tensor, Tensor) {
    let n: usize = shape.iter().product();
    let v: i64 = shape[shape.len() - 3..].iter().product::<usize>() as i64;
    let idx: Vec<i64> = (0..n as i64)
        .map(|j| ((j % v) * 7 + (j / v) * 3) % out_volume)
        .collect();
    (
        Tensor::randn_dtype(shape, DType::Float64),
        Tensor::from_vec(idx, shape),
    )
}

/// A batch of grad_outputs through one batched pass against one pass per row.
fn batched_equals_rows(name: &str, f: impl Fn(&Tensor) -> Tensor, x: &Tensor) {
    let x = x.detach().requires_grad_(true);
    let y = f(&x);
    let mut shape = vec![3];
    shape.extend_from_slice(y.shape());
    let v = Tensor::randn_dtype(&shape, DType::Float64);
    let o = GradOptions::new()
        .grad_outputs(vec![v.clone()])
        .is_grads_batched(true)
        .retain_graph(true);
    let got = grad_with(std::slice::from_ref(&y), std::slice::from_ref(&x), &o).unwrap()[0]
        .clone()
        .unwrap();
    for i in 0..3 {
        let o = GradOptions::new()
            .grad_outputs(vec![v.select(0, i)])
            .retain_graph(true);
        let want = grad_with(std::slice::from_ref(&y), std::slice::from_ref(&x), &o).unwrap()[0]
            .clone()
            .unwrap();
        close(&format!("{name} row {i}"), &got.select(0, i), &want, 1e-12);
    }
}

#[test]
fn batched_backward_takes_whole_batches() {
    ferrograd::manual_seed(13);
    let x = Tensor::randn_dtype(&[2, 3, 7, 6], DType::Float64);
    batched_equals_rows(
        "adaptive_max_pool2d",
        |x| x.try_adaptive_max_pool2d([3, 4]).unwrap().0,
        &x,
    );
    let (y, idx) = x.try_max_pool2d_with_indices(&Pool2d::new([2, 2])).unwrap();
    batched_equals_rows(
        "max_unpool2d",
        |y| y.try_max_unpool2d(&idx, [7, 6]).unwrap(),
        &y,
    );
    let (y, idx) = volumes(&[2, 3, 2, 3, 2], 60);
    batched_equals_rows(
        "max_unpool3d",
        |y| y.try_max_unpool3d(&idx, [3, 5, 4], [1, 2, 3]).unwrap(),
        &y,
    );
    // the backward of an average pooling, as a function of its grad_output
    let o = Pool2d::new([3, 3]).stride([2, 2]).padding([1, 1]);
    let g = Tensor::randn_dtype(x.avg_pool2d(&o).shape(), DType::Float64);
    let xr = x.detach().requires_grad_(true);
    batched_equals_rows(
        "avg_pool2d backward",
        |g| {
            let out = xr.try_avg_pool2d(&o).unwrap();
            let opts = GradOptions::new()
                .grad_outputs(vec![g.clone()])
                .create_graph(true);
            grad_with(&[out], std::slice::from_ref(&xr), &opts).unwrap()[0]
                .clone()
                .unwrap()
        },
        &g,
    );
}

#[test]
fn a_window_as_large_as_the_image_runs_in_the_memory_of_the_image() {
    // one window of 200 × 200 (and below, 100² windows of 100²: a map with an entry per output
    // and window element would hold 10^8 entries)
    let x = Tensor::arange(40000.0)
        .to_dtype(DType::Float64)
        .reshape(&[1, 1, 200, 200])
        .requires_grad_(true);
    let y = x.try_avg_pool2d(&Pool2d::new([200, 200])).unwrap();
    assert_eq!(y.to_vec::<f64>(), vec![19999.5]);
    let gout = Tensor::ones_like(&y).requires_grad_(true);
    let g = grad_with(
        std::slice::from_ref(&y),
        std::slice::from_ref(&x),
        &GradOptions::new()
            .grad_outputs(vec![gout])
            .create_graph(true),
    )
    .unwrap()[0]
        .clone()
        .unwrap();
    assert!(g.to_vec::<f64>().iter().all(|&v| v == 1.0 / 40000.0));
    assert_eq!(g.grad_fn().unwrap().name(), "AvgPool2DBackwardBackward0");
    // every window of 100 × 100 on a 199 × 199 image: 100² outputs of 100² elements each
    let big = Tensor::ones(&[1, 1, 199, 199]);
    let o = Pool2d::new([100, 100]).stride([1, 1]);
    let y = big.try_avg_pool2d(&o).unwrap();
    assert_eq!(y.shape(), &[1, 1, 100, 100]);
    assert!(y.to_vec::<f32>().iter().all(|&v| v == 1.0));
}
