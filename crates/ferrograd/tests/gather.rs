//! Indexing, gathering, sorting and scanning against PyTorch (`data/gen_gather.py` →
//! `data/gather.json`): values, index outputs (ties and NaN included), grad_fn names, gradients
//! for a recorded upstream gradient, and error types and messages. Then gradcheck and
//! gradgradcheck (float64) of every differentiable recorded case.

use ferrograd::autograd::{self, GradcheckOptions};
use ferrograd::{DType, Result, Tensor};
use serde_json::Value;

fn dec(v: &Value) -> Tensor {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect();
    let d = v["data"].as_array().unwrap();
    let f = |x: &Value| match x.as_str() {
        Some(s) => match s {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            _ => f64::NEG_INFINITY,
        },
        None => x.as_f64().unwrap(),
    };
    match v["dtype"].as_str().unwrap() {
        "int64" => Tensor::from_vec(d.iter().map(|x| x.as_i64().unwrap()).collect(), &shape),
        "bool" => Tensor::from_vec(d.iter().map(|x| x.as_bool().unwrap()).collect(), &shape),
        "float32" => Tensor::from_vec(d.iter().map(|x| f(x) as f32).collect(), &shape),
        _ => Tensor::from_vec(d.iter().map(f).collect::<Vec<f64>>(), &shape),
    }
}

fn int(a: &Value, k: &str) -> isize {
    a[k].as_i64().unwrap() as isize
}

fn flag(a: &Value, k: &str) -> bool {
    a[k].as_bool().unwrap()
}

/// The op of a case applied to `t` (its tensor arguments by name, some replaced by the
/// caller); values and, for sort/topk, indices.
fn apply(op: &str, a: &Value, t: &dyn Fn(&str) -> Tensor) -> Result<(Tensor, Option<Tensor>)> {
    let one = |r: Result<Tensor>| r.map(|v| (v, None));
    let two = |r: Result<(Tensor, Tensor)>| r.map(|(v, i)| (v, Some(i)));
    match op {
        "gather" => one(t("x").try_gather(int(a, "dim"), &t("i"))),
        "take_along_dim" => {
            one(t("x").try_take_along_dim(&t("i"), a["dim"].as_i64().map(|d| d as isize)))
        }
        "scatter" => one(t("x").try_scatter(int(a, "dim"), &t("i"), &t("src"))),
        "scatter_value" => {
            one(t("x").try_scatter_value(int(a, "dim"), &t("i"), a["value"].as_f64().unwrap()))
        }
        "scatter_add" => one(t("x").try_scatter_add(int(a, "dim"), &t("i"), &t("src"))),
        "index_select" => one(t("x").try_index_select(int(a, "dim"), &t("i"))),
        "index_add" => one(t("x").try_index_add(
            int(a, "dim"),
            &t("i"),
            &t("src"),
            a["alpha"].as_f64().unwrap(),
        )),
        "index_fill" => {
            one(t("x").try_index_fill(int(a, "dim"), &t("i"), a["value"].as_f64().unwrap()))
        }
        "masked_select" => one(t("x").try_masked_select(&t("m"))),
        "masked_fill" => one(t("x").try_masked_fill(&t("m"), a["value"].as_f64().unwrap())),
        "masked_fill_tensor" => one(t("x").try_masked_fill_tensor(&t("m"), &t("v"))),
        "one_hot" => {
            let n = a["n"].as_i64().unwrap();
            one(t("i").try_one_hot(if n < 0 { None } else { Some(n as usize) }))
        }
        "sort" => two(t("x").try_sort(
            int(a, "dim"),
            flag(a, "descending"),
            Some(flag(a, "stable")),
        )),
        "topk" => {
            let k = a["k"].as_i64().unwrap();
            if k < 0 {
                return Err(ferrograd::Error::new(
                    ferrograd::ErrorKind::Runtime,
                    "selected index k out of range",
                ));
            }
            two(t("x").try_topk(
                k as usize,
                int(a, "dim"),
                flag(a, "largest"),
                flag(a, "sorted_"),
            ))
        }
        "argmax" | "argmin" => {
            let x = t("x");
            let flat = x.try_reshape(&[x.numel()])?;
            let (_, i) = if op == "argmax" {
                flat.try_max_dim(0, false)?
            } else {
                flat.try_min_dim(0, false)?
            };
            Ok((i, None))
        }
        "argmax_dim" => Ok((t("x").try_max_dim(int(a, "dim"), false)?.1, None)),
        "cumsum" => one(t("x").try_cumsum(int(a, "dim"), None)),
        "cumsum_dtype" => one(t("x").try_cumsum(int(a, "dim"), Some(DType::Float64))),
        "cumprod" => one(t("x").try_cumprod(int(a, "dim"), None)),
        "einsum" => {
            let ops: Vec<Tensor> = (0..)
                .map(|k| format!("t{k}"))
                .take_while(|n| a.get(n).is_some())
                .map(|n| t(&n))
                .collect();
            one(Tensor::try_einsum(a["eq"].as_str().unwrap(), &ops))
        }
        other => panic!("unknown op {other}"),
    }
}

fn check_values(what: &str, got: &Tensor, want: &Value) {
    let want = dec(want);
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    if want.dtype() == DType::Int64 || want.dtype() == DType::Bool {
        assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
        assert_eq!(got.to_vec::<f64>(), want.to_vec::<f64>(), "{what}");
        return;
    }
    let tol = if want.dtype() == DType::Float32 {
        1e-6
    } else {
        1e-12
    };
    for (k, (a, b)) in got
        .to_vec::<f64>()
        .iter()
        .zip(want.to_vec::<f64>())
        .enumerate()
    {
        let ok = (a.is_nan() && b.is_nan()) || (a - b).abs() <= tol * (1.0 + b.abs());
        assert!(ok, "{what}[{k}]: {a} vs {b}");
    }
}

fn cases() -> Vec<Value> {
    let text = include_str!("data/gather.json");
    let v: Value = serde_json::from_str(text).unwrap();
    v["cases"].as_array().unwrap().clone()
}

fn label(c: &Value) -> String {
    format!("{} {}", c["expr"].as_str().unwrap(), c["args"])
        .chars()
        .take(300)
        .collect()
}

#[test]
fn values_indices_grads_and_messages_match_pytorch() {
    for c in cases() {
        let (op, a) = (c["op"].as_str().unwrap(), &c["args"]);
        if op.starts_with("py_") {
            continue; // Python indexing syntax: test_gather.py
        }
        let what = label(&c);
        let grad_names: Vec<String> = c["grad"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap().to_string())
            .collect();
        let leaves: Vec<(String, Tensor)> = grad_names
            .iter()
            .filter(|n| {
                a[n.as_str()]["dtype"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("float"))
            })
            .map(|n| (n.clone(), dec(&a[n.as_str()]).requires_grad_(true)))
            .collect();
        let t = |n: &str| {
            leaves
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| dec(&a[n]))
        };
        let r = apply(op, a, &t);
        if let Some(e) = c.get("error") {
            let err = match r {
                Err(err) => err,
                Ok(_) => panic!("{what}: expected {e}"),
            };
            assert_eq!(err.to_string(), e["message"].as_str().unwrap(), "{what}");
            assert_eq!(
                err.kind().python_name(),
                e["type"].as_str().unwrap(),
                "{what}"
            );
            continue;
        }
        let (v, i) = r.unwrap_or_else(|e| panic!("{what}: {e}"));
        check_values(&what, &v, &c["out"]);
        if let Some(want) = c.get("indices") {
            check_values(&format!("{what} indices"), i.as_ref().unwrap(), want);
        }
        let name = v.grad_fn().map(|g| g.name().to_string());
        if op != "einsum" {
            assert_eq!(name.as_deref(), c["grad_fn"].as_str(), "{what}: grad_fn");
        }
        if let Some(grads) = c.get("grads") {
            let g = dec(&c["upstream"]);
            let ins: Vec<Tensor> = leaves.iter().map(|(_, t)| t.clone()).collect();
            let got = autograd::grad_with(
                std::slice::from_ref(&v),
                &ins,
                &autograd::GradOptions::new()
                    .grad_outputs(vec![g])
                    .allow_unused(true),
            )
            .unwrap();
            for ((n, _), gr) in leaves.iter().zip(got) {
                match (&grads[n.as_str()], gr) {
                    (Value::Null, None) => {}
                    (Value::Null, Some(g)) => {
                        assert!(g.to_vec::<f64>().iter().all(|&x| x == 0.0), "{what}: d{n}")
                    }
                    (want, Some(g)) => check_values(&format!("{what}: d{n}"), &g, want),
                    (_, None) => panic!("{what}: no gradient for {n}"),
                }
            }
        }
    }
}

#[test]
fn gradcheck_and_gradgradcheck_of_every_differentiable_case() {
    let opts = GradcheckOptions::default();
    for c in cases() {
        if c.get("error").is_some() || c.get("grads").is_none() {
            continue;
        }
        let (op, a) = (c["op"].as_str().unwrap(), &c["args"]);
        if op.starts_with("py_") {
            continue;
        }
        let names: Vec<String> = c["grad"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap().to_string())
            .filter(|n| a[n.as_str()]["dtype"].as_str() == Some("float64"))
            .collect();
        // finite differences move tied or NaN values across each other: checked elsewhere
        if matches!(op, "sort" | "topk") && !distinct(&dec(&a["x"])) {
            continue;
        }
        let inputs: Vec<Tensor> = names
            .iter()
            .map(|n| dec(&a[n.as_str()]).requires_grad_(true))
            .collect();
        if inputs.iter().all(|t| t.numel() == 0) {
            continue;
        }
        let f = |v: &[Tensor]| -> Result<Vec<Tensor>> {
            let t = |n: &str| {
                names
                    .iter()
                    .position(|k| k == n)
                    .map(|p| v[p].clone())
                    .unwrap_or_else(|| dec(&a[n]))
            };
            Ok(vec![apply(op, a, &t)?.0])
        };
        let what = label(&c);
        assert!(
            autograd::gradcheck(f, &inputs, opts).unwrap_or_else(|e| panic!("{what}: {e}")),
            "{what}"
        );
        if c["out"]["data"].as_array().unwrap().len() <= 40 {
            assert!(
                autograd::gradgradcheck(f, &inputs, opts).unwrap_or_else(|e| panic!("{what}: {e}")),
                "{what}"
            );
        }
    }
}

fn distinct(x: &Tensor) -> bool {
    if x.dtype() == DType::Bool {
        return x.numel() <= 1;
    }
    let mut v = x.to_vec::<f64>();
    if v.iter().any(|x| x.is_nan()) {
        return false;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v.windows(2).all(|w| (w[1] - w[0]).abs() > 1e-3)
}

#[test]
fn cumprod_backward_with_zeros_differentiates_again() {
    // the quadratic rule for inputs with zeros is built from ops: Hessian-vector products work
    let x = Tensor::new_with_dtype([2.0, 0.0, 3.0, 0.0, 1.5], DType::Float64).requires_grad_(true);
    let f = |v: &[Tensor]| Ok(vec![v[0].try_cumprod(0, None)?]);
    assert!(autograd::gradgradcheck(f, &[x], GradcheckOptions::default()).unwrap());
}

#[test]
fn in_place_forms_take_the_out_of_place_history() {
    let w = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let y = &w * 1.0;
    y.try_scatter_add_(0, &Tensor::new([0, 0]), &Tensor::new([1.0, 1.0]))
        .unwrap();
    assert_eq!(y.grad_fn().unwrap().name(), "ScatterAddBackward0");
    y.try_index_fill_(0, &Tensor::new([1]), 0.0).unwrap();
    assert_eq!(y.grad_fn().unwrap().name(), "IndexFillBackward0");
    y.try_masked_fill_(&Tensor::new([false, false, true]), 5.0)
        .unwrap();
    assert_eq!(y.grad_fn().unwrap().name(), "MaskedFillBackward0");
    assert_eq!(y.to_vec::<f32>(), vec![3.0, 0.0, 5.0]);
    y.sum().backward();
    assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![1.0, 0.0, 0.0]);
    let e = w
        .try_index_add_(0, &Tensor::new([0]), &Tensor::new([1.0]), 1.0)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a leaf Variable that requires grad is being used in an in-place operation."
    );
}
