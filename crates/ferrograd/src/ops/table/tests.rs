//! Checks made from every row of the op table that need the crate's internals. The sweeps over
//! every op (gradcheck, gradgradcheck, forward mode, forward-over-reverse, batched backward,
//! Taylor mode, PyTorch's values) are in `tests/op_info.rs`.

use super::{UnaryOp, Wrt, UNARY_OPS};
use crate::autograd::test_ops::fused_and_recorded;
use crate::{DType, Tensor};

#[test]
fn rows_are_well_formed() {
    let mut names = std::collections::HashSet::new();
    for op in UNARY_OPS {
        assert!(names.insert(op.name), "{} twice", op.name);
        assert!(op.grad_fn.ends_with("Backward0"), "{}", op.grad_fn);
        assert!(op.domain.0 < op.domain.1, "{}", op.name);
        assert!(!op.doc.is_empty() && !op.doc.ends_with('.'), "{}", op.name);
        assert_eq!(UnaryOp::find(op.name).map(|o| o.name), Some(op.name));
        assert_eq!(op.default_params().len(), op.params.len());
    }
    // the proof that rows reach every surface is in the Python and CLI tests; here, the names
    for name in [
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "asinh",
        "acosh",
        "atanh",
        "erf",
        "erfc",
        "erfinv",
        "expm1",
        "log2",
        "log10",
        "rsqrt",
        "reciprocal",
        "square",
        "sign",
        "floor",
        "ceil",
        "round",
        "trunc",
        "frac",
        "softplus",
        "gelu",
        "gelu_tanh",
        "silu",
        "mish",
        "elu",
        "selu",
        "celu",
        "leaky_relu",
        "hardtanh",
        "logsigmoid",
        "sinc",
    ] {
        assert!(UnaryOp::find(name).is_some(), "{name} has no row");
    }
}

#[test]
fn wrong_parameter_count_is_a_type_error() {
    let op = UnaryOp::find("elu").unwrap();
    let e = op.apply(&Tensor::new([1.0]), &[]).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Type);
    assert_eq!(e.to_string(), "elu() takes 1 parameter(s) but 0 were given");
}

/// The one-pass backward gives the values of the recorded rule, in float32 and float64, on a
/// strided input and a broadcast gradient.
#[test]
fn fused_backward_matches_the_recorded_rule_on_every_row() {
    crate::manual_seed(11);
    for op in UNARY_OPS {
        if op.wrt == Wrt::Zero {
            continue;
        }
        let p = op.default_params();
        for dt in [DType::Float32, DType::Float64] {
            let (lo, hi) = op.domain;
            let base = (Tensor::rand_dtype(&[5, 3], dt) * (hi - lo) + lo).t();
            let x = base.requires_grad_(true);
            let y = op.apply(&x, &p).unwrap();
            let g = Tensor::new_with_dtype(0.75, dt).expand(y.shape());
            let (fast, slow) = fused_and_recorded(&y, &x, &g);
            for (a, b) in fast.to_f64_vec().iter().zip(slow.to_f64_vec()) {
                let tol = if dt == DType::Float32 { 2e-6 } else { 1e-14 };
                assert!(
                    (a - b).abs() <= tol * (1.0 + b.abs()),
                    "{} {dt:?}: {a} vs {b}",
                    op.name
                );
            }
        }
    }
}

#[test]
fn integer_inputs_follow_the_row() {
    let i = Tensor::new([-3, 0, 2]);
    assert_eq!(i.abs().to_vec::<i64>(), vec![3, 0, 2]);
    assert_eq!(i.sign().to_vec::<i64>(), vec![-1, 0, 1]);
    assert_eq!(i.square().to_vec::<i64>(), vec![9, 0, 4]);
    assert_eq!(i.floor().dtype(), DType::Int64);
    assert_eq!(i.relu().to_vec::<i64>(), vec![0, 0, 2]);
    let s = i.sin();
    assert_eq!(s.dtype(), DType::Float32);
    assert_eq!(s.to_vec::<f32>()[2], 2f32.sin());
    let b = Tensor::new([true, false]);
    assert_eq!(b.abs().dtype(), DType::Bool);
}

#[test]
fn erfinv_inverts_erf() {
    for i in -99..=99 {
        let y = i as f64 / 100.0;
        let x = crate::ops::erfinv_f64(y);
        assert!((libm::erf(x) - y).abs() <= 4e-16, "{y}: {x}");
    }
    for y in [1e-300, 1e-10, 0.999_999_999, -0.999_999_999_999] {
        let x = crate::ops::erfinv_f64(y);
        assert!(
            (libm::erf(x) - y).abs() <= 2e-16 * y.abs().max(1e-300) + 1e-300,
            "{y}"
        );
    }
    assert_eq!(crate::ops::erfinv_f64(1.0), f64::INFINITY);
    assert_eq!(crate::ops::erfinv_f64(-1.0), f64::NEG_INFINITY);
    assert!(crate::ops::erfinv_f64(1.5).is_nan());
    assert_eq!(crate::ops::erfinv_f64(-0.0).to_bits(), (-0.0f64).to_bits());
}

#[test]
fn rounding_is_half_to_even_as_pytorch() {
    let x = Tensor::new_with_dtype([0.5, 1.5, 2.5, -0.5, -2.5, 2.6], DType::Float64);
    assert_eq!(
        x.round().to_vec::<f64>(),
        vec![0.0, 2.0, 2.0, -0.0, -2.0, 3.0]
    );
}

#[test]
fn every_row_in_place_equals_out_of_place_with_its_grad_fn() {
    for op in UNARY_OPS {
        let p = op.default_params();
        let (lo, hi) = op.domain;
        let vals = [
            lo + 0.2 * (hi - lo),
            lo + 0.5 * (hi - lo),
            lo + 0.9 * (hi - lo),
        ];
        for dt in [DType::Float64, DType::Float32] {
            let w = Tensor::new_with_dtype(vals, dt).requires_grad_(true);
            let want = op.apply(&w, &p).unwrap();
            let weights = Tensor::new_with_dtype([1.0, -2.0, 0.5], dt);
            let gw = crate::autograd::grad(&[want.mul(&weights).sum()], std::slice::from_ref(&w))
                .unwrap()[0]
                .clone();
            // a non-leaf, updated in place: same values, same gradient, the in-place grad_fn
            let x = &w * 1.0;
            let v0 = x.version();
            let r = op.apply_(&x, &p).unwrap();
            assert_eq!(r.id(), x.id(), "{}", op.name);
            assert!(x.version() > v0, "{}: version bump", op.name);
            assert_eq!(x.to_f64_vec(), want.to_f64_vec(), "{} {dt:?}", op.name);
            assert_eq!(
                x.grad_fn().unwrap().name(),
                op.inplace_grad_fn,
                "{}",
                op.name
            );
            let g = crate::autograd::grad(&[x.mul(&weights).sum()], std::slice::from_ref(&w))
                .unwrap()[0]
                .clone();
            assert_eq!(
                g.to_f64_vec(),
                gw.to_f64_vec(),
                "{} {dt:?}: gradient",
                op.name
            );
            // outside autograd: the values alone
            let y = Tensor::new_with_dtype(vals, dt);
            op.apply_(&y, &p).unwrap();
            assert_eq!(y.to_f64_vec(), want.to_f64_vec(), "{} {dt:?}", op.name);
        }
        // a leaf that requires grad is refused, as in PyTorch
        let leaf = Tensor::new_with_dtype([lo], DType::Float64).requires_grad_(true);
        assert_eq!(
            op.apply_(&leaf, &p).unwrap_err().to_string(),
            "a leaf Variable that requires grad is being used in an in-place operation."
        );
    }
}

#[test]
fn in_place_rows_differentiate_twice() {
    // the saved input is a differentiable clone of the old value, as PyTorch's original_self
    let op = UnaryOp::find("sin").unwrap();
    let w = Tensor::new_with_dtype([0.3, 1.1], DType::Float64).requires_grad_(true);
    let x = &w * 2.0;
    op.apply_(&x, &[]).unwrap();
    let o = crate::autograd::GradOptions::new().create_graph(true);
    let g = crate::autograd::grad_with(&[x.sum()], std::slice::from_ref(&w), &o).unwrap()[0]
        .clone()
        .unwrap();
    let gg = crate::autograd::grad(&[g.sum()], std::slice::from_ref(&w)).unwrap()[0].clone();
    let want: Vec<f64> = [0.3f64, 1.1]
        .iter()
        .map(|v| -4.0 * (2.0 * v).sin())
        .collect();
    let got = gg.to_f64_vec();
    for (a, b) in got.iter().zip(&want) {
        assert!((a - b).abs() < 1e-14, "{got:?} vs {want:?}");
    }
}

#[test]
fn gated_rows_give_zero_where_flat_even_for_infinite_gradients() {
    // recorded from PyTorch 2.15: x = [-2, -1, 0, 0.5, 1, 2, nan], output gradient all inf
    let inf = f32::INFINITY;
    let want: [(&str, &[f64], [f32; 7]); 5] = [
        ("relu", &[], [0.0, 0.0, 0.0, inf, inf, inf, inf]),
        (
            "hardtanh",
            &[-1.0, 1.0],
            [0.0, 0.0, inf, inf, 0.0, 0.0, inf],
        ),
        ("hardsigmoid", &[], [inf, inf, inf, inf, inf, inf, 0.0]),
        ("hardshrink", &[0.5], [inf, inf, 0.0, 0.0, inf, inf, inf]),
        ("softshrink", &[0.5], [inf, inf, 0.0, 0.0, inf, inf, inf]),
    ];
    for (name, p, grad) in want {
        let op = UnaryOp::find(name).unwrap();
        assert!(op.gates, "{name}");
        for create_graph in [false, true] {
            let x = Tensor::new([-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, f32::NAN]).requires_grad_(true);
            let y = op.apply(&x, p).unwrap();
            let opts = crate::autograd::GradOptions {
                grad_outputs: Some(vec![Tensor::full(&[7], inf)]),
                create_graph,
                ..Default::default()
            };
            let g = crate::autograd::grad_with(&[y], std::slice::from_ref(&x), &opts).unwrap();
            let g = g[0].as_ref().unwrap().to_vec::<f32>();
            assert_eq!(g, grad, "{name} create_graph={create_graph}");
        }
    }
}

#[test]
fn shrink_rows_check_dtype_and_lambda_as_pytorch() {
    let soft = UnaryOp::find("softshrink").unwrap();
    let hard = UnaryOp::find("hardshrink").unwrap();
    let ints = Tensor::new([1i64, 2]);
    let msg = |r: crate::Result<Tensor>| r.unwrap_err().to_string();
    assert_eq!(
        msg(soft.apply(&ints, &[0.5])),
        "\"softshrink_check\" not implemented for 'Long'"
    );
    assert_eq!(
        msg(hard.apply(&ints, &[0.5])),
        "\"hardshrink_cpu\" not implemented for 'Long'"
    );
    let x = Tensor::new([1.0]);
    assert_eq!(
        msg(soft.apply(&x, &[-1.0])),
        "lambda must be in range [0, 3.40282e+38] for input dtype Float, but found -1"
    );
    assert_eq!(
        msg(soft.apply(&x, &[f64::INFINITY])),
        "lambda must be in range [0, 3.40282e+38] for input dtype Float, but found inf"
    );
    let d = Tensor::new_with_dtype([1.0], crate::DType::Float64);
    assert_eq!(
        msg(soft.apply(&d, &[-0.5])),
        "lambda must be in range [0, 1.79769e+308] for input dtype Double, but found -0.5"
    );
    // hardshrink takes any lambda: with a negative one nothing is zeroed
    assert_eq!(
        hard.apply(&Tensor::new([1.0, 0.5, -2.0]), &[-1.0])
            .unwrap()
            .to_vec::<f32>(),
        vec![1.0, 0.5, -2.0]
    );
    assert!(soft.apply_(&Tensor::new([1i64]), &[0.5]).is_err());
}
