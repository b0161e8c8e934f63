//! Every loss function, reduction and option against PyTorch (`data/gen_nn.py` →
//! `data/nn.json`): values, grad_fn names, gradients of `(loss * gout).sum()` with respect to
//! the input and (where recorded) the target; the loss modules agree with the functions; the
//! messages of bad options.

use ferrograd::nn::{
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, Loss, MSELoss,
    NLLLoss, SmoothL1Loss,
};
use ferrograd::{ClassLossOptions, Reduction, Tensor};
use serde_json::Value;

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
        _ => Tensor::from_vec(
            d.iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>(),
            &shape,
        ),
    }
}

fn close(what: &str, got: &Tensor, want: &Tensor) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    for (i, (a, b)) in got
        .to_vec::<f64>()
        .iter()
        .zip(want.to_vec::<f64>())
        .enumerate()
    {
        assert!(
            (a - b).abs() <= 1e-10 * (1.0 + b.abs()),
            "{what}[{i}]: {a} vs {b}"
        );
    }
}

/// The loss `fn` of the case, as a function and as a module.
fn run(case: &Value, x: &Tensor, t: &Tensor) -> (Tensor, Tensor) {
    let kw = &case["kwargs"];
    let tensors = &case["tensors"];
    let rn = kw["reduction"].as_str().unwrap();
    let r = if rn == "batchmean" {
        Reduction::Sum
    } else {
        Reduction::from_name(rn).unwrap()
    };
    let w = tensors.get("weight").map(dec);
    let pw = tensors.get("pos_weight").map(dec);
    let f = |k: &str, d: f64| kw.get(k).and_then(Value::as_f64).unwrap_or(d);
    let ignore = kw
        .get("ignore_index")
        .and_then(Value::as_i64)
        .unwrap_or(-100);
    let mut opts = ClassLossOptions::new()
        .reduction(r)
        .ignore_index(ignore)
        .label_smoothing(f("label_smoothing", 0.0));
    opts.weight = w.clone();
    match case["fn"].as_str().unwrap() {
        "mse_loss" => (
            x.try_mse_loss_with(t, r).unwrap(),
            MSELoss::new(r).loss(x, t).unwrap(),
        ),
        "l1_loss" => (
            x.try_l1_loss(t, r).unwrap(),
            L1Loss::new(r).loss(x, t).unwrap(),
        ),
        "smooth_l1_loss" => {
            let b = f("beta", 1.0);
            (
                x.try_smooth_l1_loss(t, r, b).unwrap(),
                SmoothL1Loss::new(r, b).loss(x, t).unwrap(),
            )
        }
        "huber_loss" => {
            let d = f("delta", 1.0);
            (
                x.try_huber_loss(t, r, d).unwrap(),
                HuberLoss::new(r, d).loss(x, t).unwrap(),
            )
        }
        "binary_cross_entropy" => (
            x.try_binary_cross_entropy(t, w.as_ref(), r).unwrap(),
            BCELoss::new(w.clone(), r).loss(x, t).unwrap(),
        ),
        "binary_cross_entropy_with_logits" => (
            x.try_binary_cross_entropy_with_logits(t, w.as_ref(), pw.as_ref(), r)
                .unwrap(),
            BCEWithLogitsLoss::new(w.clone(), r, pw.clone())
                .loss(x, t)
                .unwrap(),
        ),
        "kl_div" => {
            let lt = kw
                .get("log_target")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            (
                x.try_kl_div(t, rn, lt).unwrap(),
                KLDivLoss::new(rn, lt).unwrap().loss(x, t).unwrap(),
            )
        }
        "nll_loss" => (
            x.try_nll_loss_opts(t, &opts).unwrap(),
            NLLLoss::new(w.clone(), ignore, r).loss(x, t).unwrap(),
        ),
        "cross_entropy" => (
            x.try_cross_entropy_opts(t, &opts).unwrap(),
            CrossEntropyLoss::new(w.clone(), ignore, r, opts.label_smoothing)
                .loss(x, t)
                .unwrap(),
        ),
        other => panic!("unknown loss {other}"),
    }
}

#[test]
fn every_loss_option_and_reduction_matches_pytorch() {
    let data: Value = serde_json::from_str(include_str!("data/nn.json")).unwrap();
    let cases = data["losses"].as_array().unwrap();
    assert!(cases.len() > 80);
    for case in cases {
        let what = format!("{} {}", case["fn"], case["kwargs"]);
        let x = dec(&case["input"]).requires_grad_(true);
        let t = dec(&case["target"]);
        let t = if case["target_grad"].is_null() {
            t
        } else {
            t.requires_grad_(true)
        };
        let (l, lm) = run(case, &x, &t);
        close(&what, &l, &dec(&case["value"]));
        close(&format!("{what} module"), &lm, &dec(&case["value"]));
        assert_eq!(
            l.grad_fn().unwrap().name(),
            case["grad_fn"].as_str().unwrap(),
            "{what}"
        );
        (l * dec(&case["gout"])).sum().backward();
        close(
            &format!("{what} input grad"),
            &x.grad().unwrap(),
            &dec(&case["input_grad"]),
        );
        if !case["target_grad"].is_null() {
            close(
                &format!("{what} target grad"),
                &t.grad().unwrap(),
                &dec(&case["target_grad"]),
            );
        }
    }
}

#[test]
fn bad_loss_options_have_pytorchs_texts() {
    let data: Value = serde_json::from_str(include_str!("data/nn.json")).unwrap();
    let m = |k: &str| data["errors"][k]["message"].as_str().unwrap().to_string();
    let z = |s: &[usize]| Tensor::zeros(s);
    assert_eq!(
        Reduction::from_name("avg").unwrap_err().to_string(),
        m("reduction")
    );
    let e = Tensor::new([1.5]).try_binary_cross_entropy(&Tensor::new([1.0]), None, Reduction::Mean);
    assert_eq!(e.unwrap_err().to_string(), m("bce_range"));
    let e = z(&[3, 1]).try_binary_cross_entropy(&z(&[3]), None, Reduction::Mean);
    assert_eq!(e.unwrap_err().to_string(), m("bce_size"));
    let e = z(&[3, 1]).try_binary_cross_entropy_with_logits(&z(&[3]), None, None, Reduction::Mean);
    assert_eq!(e.unwrap_err().to_string(), m("bce_logits_size"));
    let o = ClassLossOptions::new().weight(Tensor::ones(&[2]));
    let e = z(&[2, 3]).try_nll_loss_opts(&Tensor::new([0, 1]), &o);
    assert_eq!(e.unwrap_err().to_string(), m("nll_weight_size"));
    let o = ClassLossOptions::new().label_smoothing(1.5);
    let e = z(&[2, 3]).try_cross_entropy_opts(&Tensor::new([0, 1]), &o);
    assert_eq!(e.unwrap_err().to_string(), m("label_smoothing_range"));
    let o = ClassLossOptions::new().ignore_index(1);
    let e = z(&[2, 3]).try_cross_entropy_opts(&z(&[2, 3]), &o);
    assert_eq!(e.unwrap_err().to_string(), m("probs_ignore_index"));
    let e = z(&[2]).try_smooth_l1_loss(&z(&[2]), Reduction::Mean, -1.0);
    assert_eq!(e.unwrap_err().to_string(), m("smooth_l1_beta"));
    let e = z(&[2]).try_huber_loss(&z(&[2]), Reduction::Mean, 0.0);
    assert_eq!(e.unwrap_err().to_string(), m("huber_delta"));
}
