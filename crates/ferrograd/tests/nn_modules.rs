//! `ferrograd::nn` modules against PyTorch (`data/gen_nn.py` → `data/nn.json`): with the
//! recorded state dict loaded, outputs, grad_fn names, input and parameter gradients, reprs,
//! parameter names and state-dict keys; errors and their texts.

use ferrograd::nn::{
    Activation, Bilinear, Dropout, Embedding, Flatten, Identity, Linear, LogSoftmax, Module,
    ModuleDict, ModuleList, ReLU, Sequential, Softmax, Tanh, Unflatten,
};
use ferrograd::{DType, Tensor};
use serde_json::Value;

fn data() -> Value {
    serde_json::from_str(include_str!("data/nn.json")).unwrap()
}

/// A recorded tensor (`{"shape", "data", "dtype"}`).
fn dec(v: &Value) -> Tensor {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect();
    let d = v["data"].as_array().unwrap();
    match v["dtype"].as_str().unwrap() {
        "int64" => Tensor::from_vec(
            d.iter().map(|x| x.as_i64().unwrap()).collect::<Vec<_>>(),
            &shape,
        ),
        "float32" => Tensor::from_vec(
            d.iter()
                .map(|x| x.as_f64().unwrap() as f32)
                .collect::<Vec<_>>(),
            &shape,
        ),
        _ => Tensor::from_vec(
            d.iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>(),
            &shape,
        ),
    }
}

fn close(what: &str, got: &Tensor, want: &Tensor, tol: f64) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    for (i, (a, b)) in got
        .to_vec::<f64>()
        .iter()
        .zip(want.to_vec::<f64>())
        .enumerate()
    {
        assert!(
            (a - b).abs() <= tol * (1.0 + b.abs()),
            "{what}[{i}]: {a} vs {b}"
        );
    }
}

fn usize_arg(v: &Value, i: usize) -> usize {
    v["args"][i].as_u64().unwrap() as usize
}

fn build(case: &Value) -> Box<dyn Module> {
    let a = &case["args"];
    match case["kind"].as_str().unwrap() {
        "Linear" => Box::new(Linear::with_bias(
            usize_arg(case, 0),
            usize_arg(case, 1),
            a[2].as_bool().unwrap(),
        )),
        "Bilinear" => Box::new(Bilinear::new(
            usize_arg(case, 0),
            usize_arg(case, 1),
            usize_arg(case, 2),
        )),
        "MLP" => Box::new(
            Sequential::new()
                .add(Linear::new(usize_arg(case, 0), usize_arg(case, 1)))
                .add(Tanh::new())
                .add(Linear::new(usize_arg(case, 1), usize_arg(case, 2))),
        ),
        "Flatten" => Box::new(Flatten::with_dims(
            a[0].as_i64().unwrap() as isize,
            a[1].as_i64().unwrap() as isize,
        )),
        "Unflatten" => {
            let sizes: Vec<usize> = a[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_u64().unwrap() as usize)
                .collect();
            Box::new(Unflatten::new(a[0].as_i64().unwrap() as isize, &sizes))
        }
        "Identity" => Box::new(Identity::new()),
        "Softmax" => Box::new(Softmax::new(Some(a[0].as_i64().unwrap() as isize))),
        "LogSoftmax" => Box::new(LogSoftmax::new(Some(a[0].as_i64().unwrap() as isize))),
        "Embedding" => {
            Box::new(Embedding::new(usize_arg(case, 0), usize_arg(case, 1), a[2].as_i64()).unwrap())
        }
        "Dropout" => {
            let d = Dropout::new(a[0].as_f64().unwrap()).unwrap();
            d.eval();
            Box::new(d)
        }
        k => panic!("unknown kind {k}"),
    }
}

/// The tests share the process-wide generator: those that construct modules (which draw
/// their initial weights) run one at a time, so a seeded draw sees only its own calls.
fn rng_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn modules_match_pytorch_with_recorded_weights() {
    let _rng = rng_lock();
    let data = data();
    for case in data["modules"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut m = build(case);
        m.to_dtype(DType::Float64).unwrap();
        assert_eq!(m.repr(), case["repr"].as_str().unwrap(), "{name}: repr");
        let state: Vec<(String, Tensor)> = case["state_dict"]
            .as_array()
            .unwrap()
            .iter()
            .map(|kv| (kv[0].as_str().unwrap().to_string(), dec(&kv[1])))
            .collect();
        let keys: Vec<String> = m.state_dict().into_iter().map(|(k, _)| k).collect();
        let want: Vec<String> = state.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, want, "{name}: state_dict keys");
        let (missing, unexpected) = m.load_state_dict(&state, true).unwrap();
        assert!(missing.is_empty() && unexpected.is_empty());
        let names: Vec<String> = m.named_parameters().into_iter().map(|(k, _)| k).collect();
        let want: Vec<String> = case["named_parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, want, "{name}: named_parameters");
        let inputs: Vec<Tensor> = case["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let t = dec(v);
                if t.dtype().is_floating_point() {
                    t.requires_grad_(true)
                } else {
                    t
                }
            })
            .collect();
        let out = if name == "bilinear" {
            let b = Bilinear::new(3, 2, 4);
            let mut b = b;
            b.to_dtype(DType::Float64).unwrap();
            b.load_state_dict(&state, true).unwrap();
            let y = b.forward2(&inputs[0], &inputs[1]).unwrap();
            (y.clone() * dec(&case["gout"])).sum().backward();
            for (k, p) in b.named_parameters() {
                let g = case["param_grads"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|kv| kv[0] == k.as_str())
                    .unwrap();
                close(
                    &format!("{name} grad {k}"),
                    &p.grad().unwrap(),
                    &dec(&g[1]),
                    1e-12,
                );
            }
            y
        } else {
            let y = m.forward(&inputs[0]).unwrap();
            if y.requires_grad() {
                (y.clone() * dec(&case["gout"])).sum().backward();
            }
            for (k, p) in m.named_parameters() {
                let g = case["param_grads"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|kv| kv[0] == k.as_str())
                    .unwrap();
                close(
                    &format!("{name} grad {k}"),
                    &p.grad().unwrap(),
                    &dec(&g[1]),
                    1e-12,
                );
            }
            y
        };
        close(
            &format!("{name} output"),
            &out,
            &dec(&case["output"]),
            1e-12,
        );
        assert_eq!(
            out.grad_fn().map(|g| g.name().to_string()),
            case["grad_fn"].as_str().map(str::to_string),
            "{name}: grad_fn"
        );
        for (x, g) in inputs.iter().zip(case["input_grads"].as_array().unwrap()) {
            if !g.is_null() {
                close(
                    &format!("{name} input grad"),
                    &x.grad().unwrap(),
                    &dec(g),
                    1e-12,
                );
            }
        }
    }
}

#[test]
fn embedding_padding_repr_and_gradient() {
    let _rng = rng_lock();
    let e = Embedding::new(5, 3, Some(1)).unwrap();
    assert_eq!(e.to_string(), "Embedding(5, 3, padding_idx=1)");
    assert_eq!(e.weight().select(0, 1).to_vec::<f32>(), vec![0.0; 3]);
    assert_eq!(Embedding::new(5, 3, Some(-1)).unwrap().padding_idx, Some(4));
}

fn activation_from(kind: &str, args: &Value) -> Activation {
    if kind == "GELU" {
        return Activation::gelu(args[0].as_str().unwrap()).unwrap();
    }
    let p: Vec<f64> = args
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    Activation::new(kind, &p).unwrap()
}

#[test]
fn every_activation_module_matches_pytorch() {
    let _rng = rng_lock();
    let data = data();
    let cases = data["activations"].as_array().unwrap();
    // one case per activation class
    for (class, _) in ferrograd::nn::ACTIVATIONS {
        assert!(
            cases.iter().any(|c| c["kind"] == *class),
            "{class} has no recorded case"
        );
    }
    for case in cases {
        let kind = case["kind"].as_str().unwrap();
        let m = activation_from(kind, &case["args"]);
        assert_eq!(m.to_string(), case["repr"].as_str().unwrap());
        let x = dec(&case["input"]).requires_grad_(true);
        let y = m.forward(&x).unwrap();
        close(kind, &y, &dec(&case["output"]), 1e-12);
        assert_eq!(
            y.grad_fn().unwrap().name(),
            case["grad_fn"].as_str().unwrap()
        );
        (y * dec(&case["gout"])).sum().backward();
        close(
            &format!("{kind} grad"),
            &x.grad().unwrap(),
            &dec(&case["input_grad"]),
            1e-12,
        );
    }
}

#[test]
fn container_and_loss_reprs_match_pytorch() {
    let _rng = rng_lock();
    let data = data();
    let r = &data["reprs"];
    let s = Sequential::new().add(Linear::new(3, 1)).add(ReLU::new());
    assert_eq!(
        s.to_string(),
        r["nn.Sequential(nn.Linear(3, 1), nn.ReLU())"]
    );
    let inner = Sequential::new()
        .add(Linear::new(2, 2))
        .add(Dropout::new(0.25).unwrap());
    let s = Sequential::new().add(inner).add(Flatten::with_dims(0, -1));
    assert_eq!(
        s.to_string(),
        r["nn.Sequential(nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.25)), nn.Flatten(0, -1))"]
    );
    let l = ModuleList::new().add(ReLU::new()).add(Linear::new(1, 2));
    assert_eq!(
        l.to_string(),
        r["nn.ModuleList([nn.ReLU(), nn.Linear(1, 2)])"]
    );
    let d = ModuleDict::new()
        .insert("act", ReLU::new())
        .insert("fc", Linear::with_bias(1, 2, false));
    assert_eq!(
        d.to_string(),
        r["nn.ModuleDict({'act': nn.ReLU(), 'fc': nn.Linear(1, 2, bias=False)})"]
    );
    assert_eq!(Sequential::new().to_string(), r["nn.Sequential()"]);
    assert_eq!(
        Embedding::new(10, 3, None).unwrap().to_string(),
        r["nn.Embedding(10, 3)"]
    );
    assert_eq!(Softmax::new(None).to_string(), r["nn.Softmax()"]);
    use ferrograd::nn::{BCEWithLogitsLoss, CrossEntropyLoss, KLDivLoss, MSELoss};
    use ferrograd::Reduction;
    assert_eq!(MSELoss::new(Reduction::Mean).to_string(), r["nn.MSELoss()"]);
    assert_eq!(
        CrossEntropyLoss::new(None, -100, Reduction::Mean, 0.1).to_string(),
        r["nn.CrossEntropyLoss(label_smoothing=0.1)"]
    );
    let b = BCEWithLogitsLoss::new(None, Reduction::Mean, Some(Tensor::ones(&[2])));
    assert_eq!(
        b.to_string(),
        r["nn.BCEWithLogitsLoss(pos_weight=torch.ones(2))"]
    );
    assert_eq!(b.state_dict()[0].0, "pos_weight");
    assert_eq!(
        KLDivLoss::new("batchmean", false).unwrap().to_string(),
        r["nn.KLDivLoss(reduction='batchmean')"]
    );
}

fn message(data: &Value, key: &str) -> String {
    data["errors"][key]["message"].as_str().unwrap().to_string()
}

#[test]
fn errors_have_pytorchs_texts() {
    let _rng = rng_lock();
    let data = data();
    let lin = Linear::new(3, 2);
    let e = lin.forward(&Tensor::zeros(&[2, 4])).unwrap_err();
    assert_eq!(e.to_string(), message(&data, "linear_in_features"));
    let seq = || {
        Sequential::new()
            .add(Linear::new(3, 2))
            .add(ReLU::new())
            .add(Linear::new(2, 1))
    };
    let sd = seq().state_dict();
    let missing: Vec<_> = sd.iter().filter(|(k, _)| k != "2.bias").cloned().collect();
    let e = seq().load_state_dict(&missing, true).unwrap_err();
    assert_eq!(e.to_string(), message(&data, "missing_keys"));
    let mut extra = sd.clone();
    extra.push(("3.weight".into(), Tensor::zeros(&[1])));
    assert_eq!(
        seq().load_state_dict(&extra, true).unwrap_err().to_string(),
        message(&data, "unexpected_keys")
    );
    let mut both = missing.clone();
    both.push(("x".into(), Tensor::zeros(&[1])));
    assert_eq!(
        seq().load_state_dict(&both, true).unwrap_err().to_string(),
        message(&data, "missing_and_unexpected")
    );
    let (m, u) = seq().load_state_dict(&both, false).unwrap();
    assert_eq!((m, u), (vec!["2.bias".to_string()], vec!["x".to_string()]));
    let wrong: Vec<_> = sd
        .iter()
        .map(|(k, v)| {
            if k == "0.weight" {
                (k.clone(), Tensor::zeros(&[2, 4]))
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect();
    assert_eq!(
        seq().load_state_dict(&wrong, true).unwrap_err().to_string(),
        message(&data, "size_mismatch")
    );
    assert_eq!(
        seq()
            .load_state_dict(&wrong, false)
            .unwrap_err()
            .to_string(),
        message(&data, "size_mismatch_not_strict")
    );
    assert_eq!(
        Dropout::new(1.5).unwrap_err().to_string(),
        message(&data, "dropout_p")
    );
    let e = Embedding::new(3, 2, None)
        .unwrap()
        .forward(&Tensor::new([3]))
        .unwrap_err();
    assert_eq!(e.to_string(), message(&data, "embedding_range"));
    let e = Unflatten::new(1, &[2, 5])
        .forward(&Tensor::zeros(&[3, 12]))
        .unwrap_err();
    assert_eq!(e.to_string(), message(&data, "unflatten_sizes"));
    let e = ModuleList::new()
        .add(ReLU::new())
        .forward(&Tensor::zeros(&[1]))
        .unwrap_err();
    assert_eq!(e.to_string(), message(&data, "module_list_forward"));
}

#[test]
fn module_state_and_modes() {
    let _rng = rng_lock();
    let net = Sequential::new()
        .add(Linear::new(3, 4))
        .add(Dropout::new(0.5).unwrap())
        .add(Linear::new(4, 1));
    assert!(net.is_training());
    net.eval();
    assert!(net.modules().iter().all(|m| !m.is_training()));
    let names: Vec<String> = net.named_modules().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["", "0", "1", "2"]);
    assert_eq!(net.children().len(), 3);
    let x = Tensor::ones(&[2, 3]);
    // dropout is the identity in evaluation mode: two passes agree
    assert_eq!(
        net.forward(&x).unwrap().to_vec::<f32>(),
        net.forward(&x).unwrap().to_vec::<f32>()
    );
    net.forward(&x).unwrap().sum().backward();
    assert!(net.parameters().iter().all(|p| p.grad().is_some()));
    net.zero_grad();
    assert!(net.parameters().iter().all(|p| p.grad().is_none()));
    net.requires_grad_(false).unwrap();
    assert!(net.parameters().iter().all(|p| !p.requires_grad()));
    let mut net = net;
    net.to_dtype(DType::Float64).unwrap();
    assert!(net
        .parameters()
        .iter()
        .all(|p| p.dtype() == DType::Float64 && p.is_leaf()));
    assert_eq!(net.to_dtype(DType::Int64).unwrap_err().to_string(),
        "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64");
    // a state dict copies values, not tensors
    let sd = net.state_dict();
    assert!(!sd[0].1.requires_grad());
}

#[test]
fn default_init_matches_pytorch() {
    let _rng = rng_lock();
    let data = data();
    ferrograd::manual_seed(0);
    let lin = Linear::new(3, 2);
    for (k, t) in lin.state_dict() {
        close(&k, &t, &dec(&data["default_init"]["linear_3_2"][&k]), 1e-7);
    }
    ferrograd::manual_seed(0);
    let e = Embedding::new(4, 3, None).unwrap();
    close(
        "embedding",
        e.weight(),
        &dec(&data["default_init"]["embedding_4_3"]["weight"]),
        1e-7,
    );
}
