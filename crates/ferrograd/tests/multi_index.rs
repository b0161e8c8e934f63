//! Advanced indexing with several index tensors (`Tensor::try_index`, `try_index_put`),
//! the 1-d and adaptive pools and the convolution modules' `padding_mode`, against PyTorch's
//! results recorded by `crates/ferrograd-py/tests/data/gen_surface_cases.py` (the Python suite
//! runs every recorded case; these are the Rust spellings of some of them).

use ferrograd::autograd::{grad_with, GradOptions};
use ferrograd::nn::{Conv1d, Conv2d, ConvTranspose2d, Module};
use ferrograd::ops::{ConvOptions, Padding};
use ferrograd::{DType, Tensor, TensorIndex};
use serde_json::Value;

fn data() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ferrograd-py/tests/data/surface_cases.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn case<'a>(d: &'a Value, group: &str, expr: &str) -> &'a Value {
    d[group]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["expr"] == expr)
        .unwrap_or_else(|| panic!("no recorded case {expr}"))
}

fn dec(v: &Value) -> Tensor {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect();
    match v["dtype"].as_str().unwrap() {
        "int64" => {
            let d: Vec<i64> = v["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_i64().unwrap())
                .collect();
            Tensor::from_vec(d, &shape)
        }
        "bool" => {
            let d: Vec<bool> = v["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_bool().unwrap())
                .collect();
            Tensor::from_vec(d, &shape)
        }
        dt => {
            let d: Vec<f64> = v["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            let t = Tensor::from_vec(d, &shape);
            if dt == "float32" {
                t.to_dtype(DType::Float32)
            } else {
                t
            }
        }
    }
}

fn close(a: &Tensor, b: &Tensor, what: &str) {
    assert_eq!(a.shape(), b.shape(), "{what}: shapes");
    for (x, y) in a.to_vec::<f64>().iter().zip(b.to_vec::<f64>()) {
        assert!(
            (x - y).abs() <= 1e-10 * (1.0 + y.abs()),
            "{what}: {x} vs {y}"
        );
    }
}

/// `f` over the case's tensor arguments `names` (those requiring grad as recorded): its value,
/// grad_fn and gradients for the recorded upstream gradient.
fn check(
    d: &Value,
    group: &str,
    expr: &str,
    names: &[&str],
    f: impl Fn(&[Tensor]) -> ferrograd::Result<Tensor>,
) {
    let c = case(d, group, expr);
    let grads: Vec<&str> = c["grad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let xs: Vec<Tensor> = names
        .iter()
        .map(|n| {
            let t = dec(&c["args"][*n]);
            if grads.contains(n) {
                t.requires_grad_(true)
            } else {
                t
            }
        })
        .collect();
    let out = f(&xs);
    if let Some(e) = c.get("error") {
        let e2 = out.expect_err(expr);
        assert_eq!(e2.to_string(), e["message"].as_str().unwrap(), "{expr}");
        assert_eq!(
            e2.kind().python_name(),
            e["type"].as_str().unwrap(),
            "{expr}"
        );
        return;
    }
    let out = out.unwrap();
    close(&out, &dec(&c["out"]), expr);
    assert_eq!(
        out.grad_fn().map(|g| g.name()),
        c["grad_fn"].as_str(),
        "{expr}"
    );
    let wrt: Vec<(usize, &str)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| grads.contains(n))
        .map(|(i, n)| (i, *n))
        .collect();
    let inputs: Vec<Tensor> = wrt.iter().map(|&(i, _)| xs[i].clone()).collect();
    let o = GradOptions::new()
        .grad_outputs(vec![dec(&c["upstream"])])
        .allow_unused(true);
    let g = grad_with(&[out], &inputs, &o).unwrap();
    for ((_, n), g) in wrt.iter().zip(g) {
        match (&c["grads"][*n], g) {
            (Value::Null, g) => assert!(g.is_none(), "{expr} d{n}"),
            (w, g) => close(&g.unwrap(), &dec(w), &format!("{expr} d{n}")),
        }
    }
}

fn t(v: &[i64]) -> TensorIndex {
    TensorIndex::Tensor(Tensor::new(v.to_vec()))
}

#[test]
fn advanced_indexing_as_pytorch() {
    use TensorIndex::{Ellipsis, Int, NewAxis};
    const FULL: TensorIndex = TensorIndex::FULL;
    let d = data();
    let i1 = || t(&[0, 2, 2]);
    let i2 = || TensorIndex::Tensor(Tensor::new([[1i64], [2]]));
    check(&d, "index", "x[[0, 1], [1, 2]]", &["x"], |x| {
        x[0].try_index(&[t(&[0, 1]), t(&[1, 2])])
    });
    check(&d, "index", "x[i1, :, i1]", &["x"], |x| {
        x[0].try_index(&[i1(), FULL, i1()])
    });
    check(&d, "index", "x[:, i2, i1]", &["x"], |x| {
        x[0].try_index(&[FULL, i2(), i1()])
    });
    check(&d, "index", "x[i2, i1]", &["x"], |x| {
        x[0].try_index(&[i2(), i1()])
    });
    check(&d, "index", "x[i1, 1:4:2, i2]", &["x"], |x| {
        x[0].try_index(&[
            i1(),
            TensorIndex::Slice {
                start: Some(1),
                stop: Some(4),
                step: 2,
            },
            i2(),
        ])
    });
    check(&d, "index", "x[None, i1, ..., [0, 1, 2]]", &["x"], |x| {
        x[0].try_index(&[NewAxis, i1(), Ellipsis, t(&[0, 1, 2])])
    });
    check(&d, "index", "y[0, :, [0, 1], [1, 2]]", &["y"], |x| {
        x[0].try_index(&[Int(0), FULL, t(&[0, 1]), t(&[1, 2])])
    });
    check(&d, "index", "y[[0, 1], :, 0, [1, 2]]", &["y"], |x| {
        x[0].try_index(&[t(&[0, 1]), FULL, Int(0), t(&[1, 2])])
    });
    check(&d, "index", "x[m, 0]", &["x", "m"], |x| {
        x[0].try_index(&[TensorIndex::Tensor(x[1].clone()), Int(0)])
    });
    check(&d, "index", "x[[-1, 0], [-4, 3]]", &["x"], |x| {
        x[0].try_index(&[t(&[-1, 0]), t(&[-4, 3])])
    });
    check(&d, "index", "x[[0, 1], [1, 5]]", &["x"], |x| {
        x[0].try_index(&[t(&[0, 1]), t(&[1, 5])])
    });
    check(&d, "index", "x[[0, 1], [1, 2, 0]]", &["x"], |x| {
        x[0].try_index(&[t(&[0, 1]), t(&[1, 2, 0])])
    });
    check(&d, "index", "x[[0, 1], [1, 2], [0, 1], [0]]", &["x"], |x| {
        x[0].try_index(&[t(&[0, 1]), t(&[1, 2]), t(&[0, 1]), t(&[0])])
    });
    check(
        &d,
        "index",
        "x[torch.ones(3, 3, dtype=torch.bool), 0]",
        &["x"],
        |x| {
            x[0].try_index(&[
                TensorIndex::Tensor(Tensor::ones_dtype(&[3, 3], DType::Bool)),
                Int(0),
            ])
        },
    );
    let ix =
        |a: &[i64], b: &[i64]| vec![Some(Tensor::new(a.to_vec())), Some(Tensor::new(b.to_vec()))];
    check(
        &d,
        "index",
        "put(x * 1, ([0, 0], [1, 1]), v)",
        &["x", "v"],
        |x| {
            let y = x[0].try_mul_scalar(1.0)?;
            y.try_index_assign(&[t(&[0, 0]), t(&[1, 1])], &x[1])?;
            Ok(y)
        },
    );
    check(
        &d,
        "index",
        "(x * 1).index_put((torch.tensor([0, 0]), torch.tensor([1, 1])), v, accumulate=True)",
        &["x", "v"],
        |x| {
            x[0].try_mul_scalar(1.0)?
                .try_index_put(&ix(&[0, 0], &[1, 1]), &x[1], true)
        },
    );
    check(
        &d,
        "index",
        "put(x * 1, ([0, 1], [1, 2]), v[:, :3])",
        &["x", "v"],
        |x| {
            x[0].try_mul_scalar(1.0)?.try_index_put(
                &ix(&[0, 1], &[1, 2]),
                &x[1].try_narrow(1, 0, 3)?,
                false,
            )
        },
    );
}

#[test]
fn pools_as_pytorch() {
    let d = data();
    check(
        &d,
        "aliases",
        "torch.avg_pool1d(x, 4, 2, 2, True, False)",
        &["x"],
        |x| x[0].try_avg_pool1d(4, Some(2), 2, true, false),
    );
    check(
        &d,
        "aliases",
        "torch.adaptive_avg_pool1d(x, 4)",
        &["x"],
        |x| x[0].try_adaptive_avg_pool1d(4),
    );
    check(
        &d,
        "aliases",
        "F.adaptive_max_pool2d(x, (2, 4))",
        &["x"],
        |x| Ok(x[0].try_adaptive_max_pool2d([2, 4])?.0),
    );
    check(&d, "aliases", "torch.avg_pool1d(x[0, 0], 2)", &["x"], |x| {
        x[0].select(0, 0)
            .select(0, 0)
            .try_avg_pool1d(2, None, 0, false, true)
    });
    check(&d, "aliases", "torch.avg_pool1d(x, 2, 1, 2)", &["x"], |x| {
        x[0].try_avg_pool1d(2, Some(1), 2, false, true)
    });
    let c = case(
        &d,
        "aliases",
        "F.adaptive_max_pool2d(x, 3, return_indices=True)",
    );
    let (_, i) = dec(&c["args"]["x"])
        .try_adaptive_max_pool2d([3, 3])
        .unwrap();
    assert_eq!(i.to_vec::<i64>(), dec(&c["indices"]).to_vec::<i64>());
}

#[test]
fn conv_padding_modes_as_pytorch() {
    let d = data();
    for mode in ["reflect", "replicate", "circular"] {
        let expr = format!("(lambda m: (m.weight.data.copy_(w), m.bias.data.copy_(b3), m(x))[-1])(nn.Conv2d(4, 3, (3, 2), padding=(2, 1), padding_mode='{mode}', dtype=torch.float64))");
        let m = Conv2d::try_new(
            4,
            3,
            vec![3i64, 2],
            ConvOptions::new().padding(vec![2i64, 1]),
            true,
        )
        .unwrap()
        .try_padding_mode(mode)
        .unwrap();
        let c = case(&d, "aliases", &expr);
        {
            let _g = ferrograd::no_grad();
            m.weight()
                .copy_(&dec(&c["args"]["w"]).to_dtype(DType::Float32));
            m.bias()
                .unwrap()
                .copy_(&dec(&c["args"]["b3"]).to_dtype(DType::Float32));
        }
        let y = m
            .forward(&dec(&c["args"]["x"]).to_dtype(DType::Float32))
            .unwrap();
        assert_eq!(y.grad_fn().unwrap().name(), "ConvolutionBackward0");
        let want = dec(&c["out"]);
        assert_eq!(y.shape(), want.shape());
        for (a, b) in y.to_vec::<f64>().iter().zip(want.to_vec::<f64>()) {
            assert!((a - b).abs() < 1e-4, "{expr}: {a} vs {b}");
        }
        let expr = format!("(lambda m: (m.weight.data.copy_(w), m(x))[-1])(nn.Conv1d(4, 3, 3, padding='same', dilation=2, bias=False, padding_mode='{mode}', dtype=torch.float64))");
        let c = case(&d, "aliases", &expr);
        let m = Conv1d::try_new(
            4,
            3,
            3,
            ConvOptions::new().padding(Padding::Same).dilation(2),
            false,
        )
        .unwrap()
        .try_padding_mode(mode)
        .unwrap();
        let _g = ferrograd::no_grad();
        m.weight()
            .copy_(&dec(&c["args"]["w"]).to_dtype(DType::Float32));
        let y = m
            .forward(&dec(&c["args"]["x"]).to_dtype(DType::Float32))
            .unwrap();
        let want = dec(&c["out"]);
        for (a, b) in y.to_vec::<f64>().iter().zip(want.to_vec::<f64>()) {
            assert!((a - b).abs() < 1e-4, "{expr}: {a} vs {b}");
        }
        let r = case(
            &d,
            "aliases",
            &format!("repr(nn.Conv2d(4, 3, 3, padding=1, padding_mode='{mode}'))"),
        );
        let m = Conv2d::try_new(4, 3, 3, ConvOptions::new().padding(1), true)
            .unwrap()
            .try_padding_mode(mode)
            .unwrap();
        assert_eq!(m.to_string(), r["repr"].as_str().unwrap());
    }
    let e = ConvTranspose2d::new(2, 3, 3)
        .try_padding_mode("reflect")
        .unwrap_err();
    let c = case(
        &d,
        "aliases",
        "nn.ConvTranspose2d(2, 3, 3, padding_mode='reflect')",
    );
    assert_eq!(e.to_string(), c["error"]["message"].as_str().unwrap());
}
