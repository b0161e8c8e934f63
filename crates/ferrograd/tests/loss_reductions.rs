//! `nll_loss` and `cross_entropy` with PyTorch's three reductions, on `(C,)`, `(N, C)` and
//! `(N, C, d1, ..., dk)` inputs, against values and gradients recorded from PyTorch
//! (`data/cross_entropy_reductions.json`), with gradcheck, gradgradcheck and batched backward.

use ferrograd::autograd::{grad_with, gradcheck, gradgradcheck, GradOptions, GradcheckOptions};
use ferrograd::{DType, Reduction, Tensor};
use serde_json::Value;

fn input(shape: &[usize]) -> (Tensor, Tensor) {
    let n: usize = shape.iter().product();
    let x = (Tensor::arange(n as f64).to_dtype(DType::Float64).sin() * 2.0).reshape(shape);
    let c = if shape.len() > 1 { shape[1] } else { shape[0] };
    let tshape: Vec<usize> = if shape.len() > 1 {
        std::iter::once(shape[0])
            .chain(shape[2..].iter().copied())
            .collect()
    } else {
        vec![]
    };
    let m: usize = tshape.iter().product::<usize>().max(1);
    let t: Vec<i64> = (0..m as i64).map(|i| i * 7 % c as i64).collect();
    (x, Tensor::from_vec(t, &tshape))
}

fn flat(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().flat_map(flat).collect(),
        v => vec![v.as_f64().unwrap()],
    }
}

#[test]
fn reductions_match_pytorch() {
    let data: Value =
        serde_json::from_str(include_str!("data/cross_entropy_reductions.json")).unwrap();
    for (shape, key) in [
        (vec![3, 3, 3], "(3, 3, 3)"),
        (vec![2, 3, 4], "(2, 3, 4)"),
        (vec![4, 3], "(4, 3)"),
        (vec![3], "(3,)"),
    ] {
        for (red, name) in [
            (Reduction::None, "none"),
            (Reduction::Sum, "sum"),
            (Reduction::Mean, "mean"),
        ] {
            let rec = &data[format!("{key}-{name}")];
            let (x, t) = input(&shape);
            assert_eq!(flat(&rec["t"]), t.to_f64_vec(), "{key}");
            let x = x.requires_grad_(true);
            let l = x.try_cross_entropy_with(&t, red).unwrap();
            assert_eq!(
                l.grad_fn().unwrap().name(),
                rec["grad_fn"].as_str().unwrap(),
                "{key} {name}"
            );
            let want = flat(&rec["loss"]);
            let got = l.to_f64_vec();
            assert_eq!(got.len(), want.len(), "{key} {name}");
            for (a, b) in got.iter().zip(&want) {
                assert!((a - b).abs() < 1e-12, "{key} {name}: {got:?} vs {want:?}");
            }
            l.sum().backward();
            for (a, b) in x
                .grad()
                .unwrap()
                .to_f64_vec()
                .iter()
                .zip(flat(&rec["grad"]))
            {
                assert!((a - b).abs() < 1e-12, "{key} {name} grad");
            }
        }
    }
}

#[test]
fn reductions_pass_gradcheck_gradgradcheck_and_batched_backward() {
    for shape in [vec![3usize], vec![4, 3], vec![2, 3, 4]] {
        for red in [Reduction::None, Reduction::Sum, Reduction::Mean] {
            let (x, t) = input(&shape);
            let x = x.requires_grad_(true);
            let f = |v: &[Tensor]| Ok(vec![v[0].try_cross_entropy_with(&t, red)?]);
            let o = GradcheckOptions::default();
            assert!(
                gradcheck(f, std::slice::from_ref(&x), o).unwrap(),
                "{shape:?} {red:?}"
            );
            assert!(
                gradgradcheck(f, std::slice::from_ref(&x), o).unwrap(),
                "{shape:?} {red:?}"
            );
            // nll_loss on log-probabilities directly: a batch of output gradients at once
            let y = x
                .log_softmax(if shape.len() > 1 { 1 } else { 0 })
                .try_nll_loss_with(&t, red)
                .unwrap();
            let mut bshape = vec![3];
            bshape.extend_from_slice(y.shape());
            let v = Tensor::randn_dtype(&bshape, DType::Float64);
            let opts = GradOptions::new()
                .grad_outputs(vec![v.clone()])
                .is_grads_batched(true)
                .retain_graph(true);
            let got = grad_with(std::slice::from_ref(&y), std::slice::from_ref(&x), &opts).unwrap()
                [0]
            .clone()
            .unwrap();
            for i in 0..3 {
                let o = GradOptions::new()
                    .grad_outputs(vec![v.select(0, i)])
                    .retain_graph(true);
                let want = grad_with(std::slice::from_ref(&y), std::slice::from_ref(&x), &o)
                    .unwrap()[0]
                    .clone()
                    .unwrap();
                for (a, b) in got.select(0, i).to_f64_vec().iter().zip(want.to_f64_vec()) {
                    assert!((a - b).abs() < 1e-12, "{shape:?} {red:?} batch {i}");
                }
            }
        }
    }
}
