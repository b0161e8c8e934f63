//! Optimizers, schedulers and gradient clipping against PyTorch's recorded values
//! (`tests/data/optim.json`, written by `tests/data/gen_optim.py`): 100-step trajectories in
//! float64, learning-rate sequences, clip_grad_norm_ totals, state dicts and messages.

use ferrograd::optim::*;
use ferrograd::{DType, Tensor};
use serde_json::Value;

fn data() -> Value {
    let text = include_str!("data/optim.json");
    serde_json::from_str(text).unwrap()
}

fn params() -> Vec<Tensor> {
    let w = Tensor::from_vec(vec![-1.2f64, 1.0, 0.5], &[3]).requires_grad_(true);
    let m = Tensor::from_vec(vec![0.3f64, -0.7, 1.1, 0.2], &[2, 2]).requires_grad_(true);
    let b = Tensor::new_with_dtype(0.8, DType::Float64).requires_grad_(true);
    vec![w, m, b]
}

/// The recorded loss: Rosenbrock in w, a quartic in m, a coupling through b.
fn loss(p: &[Tensor]) -> Tensor {
    let (w, m, b) = (&p[0], &p[1], &p[2]);
    let (hi, lo) = (w.slice(0, 1, 3, 1), w.slice(0, 0, 2, 1));
    let rosen = (100.0 * (&hi - lo.pow(2)).pow(2) + (1.0 - &lo).pow(2)).sum();
    let quartic = 0.1 * (m - 0.5).pow(4).sum() + (m * m).sum();
    let coupling = (m.sum() * b - 1.0).pow(2) + 0.5 * b * b;
    rosen * 0.01 + quartic + coupling
}

fn flat(p: &[Tensor]) -> Vec<f64> {
    p.iter().flat_map(|t| t.to_vec::<f64>()).collect()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn opt_f(o: &Value, k: &str, d: f64) -> f64 {
    o.get(k).map(f).unwrap_or(d)
}

fn opt_b(o: &Value, k: &str) -> bool {
    o.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn sgd_opts(o: &Value, d: &SgdOptions) -> SgdOptions {
    SgdOptions {
        lr: opt_f(o, "lr", d.lr),
        momentum: opt_f(o, "momentum", d.momentum),
        dampening: opt_f(o, "dampening", d.dampening),
        weight_decay: opt_f(o, "weight_decay", d.weight_decay),
        nesterov: opt_b(o, "nesterov") || d.nesterov,
        maximize: opt_b(o, "maximize") || d.maximize,
    }
}

fn adam_opts(o: &Value, d: &AdamOptions) -> AdamOptions {
    let betas = o
        .get("betas")
        .map(|b| (f(&b[0]), f(&b[1])))
        .unwrap_or(d.betas);
    AdamOptions {
        lr: opt_f(o, "lr", d.lr),
        betas,
        eps: opt_f(o, "eps", d.eps),
        weight_decay: opt_f(o, "weight_decay", d.weight_decay),
        amsgrad: opt_b(o, "amsgrad") || d.amsgrad,
        maximize: opt_b(o, "maximize") || d.maximize,
        decoupled_weight_decay: d.decoupled_weight_decay,
    }
}

fn rmsprop_opts(o: &Value, d: &RMSpropOptions) -> RMSpropOptions {
    RMSpropOptions {
        lr: opt_f(o, "lr", d.lr),
        alpha: opt_f(o, "alpha", d.alpha),
        eps: opt_f(o, "eps", d.eps),
        weight_decay: opt_f(o, "weight_decay", d.weight_decay),
        momentum: opt_f(o, "momentum", d.momentum),
        centered: opt_b(o, "centered") || d.centered,
        maximize: opt_b(o, "maximize") || d.maximize,
    }
}

fn adagrad_opts(o: &Value, d: &AdagradOptions) -> AdagradOptions {
    AdagradOptions {
        lr: opt_f(o, "lr", d.lr),
        lr_decay: opt_f(o, "lr_decay", d.lr_decay),
        weight_decay: opt_f(o, "weight_decay", d.weight_decay),
        initial_accumulator_value: opt_f(
            o,
            "initial_accumulator_value",
            d.initial_accumulator_value,
        ),
        eps: opt_f(o, "eps", d.eps),
        maximize: opt_b(o, "maximize") || d.maximize,
    }
}

/// The groups of a recorded case: all parameters, or [w, m] and [b] with the second options.
fn groups<O: Clone>(p: &[Tensor], first: O, second: Option<O>) -> Vec<ParamGroup<O>> {
    match second {
        None => vec![ParamGroup::new(p.to_vec(), first)],
        Some(s) => vec![
            ParamGroup::new(p[..2].to_vec(), first),
            ParamGroup::new(p[2..].to_vec(), s),
        ],
    }
}

fn build(case: &Value, p: &[Tensor]) -> Box<dyn FnMut() -> Vec<f64>> {
    let (o, g2) = (&case["options"], &case["group2"]);
    let two = !g2.is_null();
    macro_rules! make {
        ($ty:ty, $opts:ident, $default:expr) => {{
            let first = $opts(o, &$default);
            let second = two.then(|| $opts(g2, &first));
            let mut opt = <$ty>::with_groups(groups(p, first, second)).unwrap();
            let p = p.to_vec();
            Box::new(move || {
                opt.zero_grad(true);
                loss(&p).backward();
                opt.step().unwrap();
                flat(&p)
            })
        }};
    }
    match case["optimizer"].as_str().unwrap() {
        "sgd" => make!(SGD, sgd_opts, SgdOptions::default()),
        "adam" => make!(Adam, adam_opts, AdamOptions::default()),
        "adamw" => make!(AdamW, adam_opts, AdamOptions::adamw()),
        "rmsprop" => make!(RMSprop, rmsprop_opts, RMSpropOptions::default()),
        "adagrad" => make!(Adagrad, adagrad_opts, AdagradOptions::default()),
        other => panic!("unknown optimizer {other}"),
    }
}

fn rel_dev(a: &[f64], b: &[Value]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            let y = f(y);
            (x - y).abs() / y.abs().max(1e-3)
        })
        .fold(0.0, f64::max)
}

/// The largest relative deviation over the 100 steps of each recorded case, per optimizer.
#[test]
fn trajectories_match_pytorch() {
    let d = data();
    let mut worst: std::collections::BTreeMap<String, f64> = Default::default();
    for case in d["trajectories"].as_array().unwrap() {
        let p = params();
        let mut step = build(case, &p);
        let mut dev: f64 = 0.0;
        for (i, want) in case["params"].as_array().unwrap().iter().enumerate() {
            let got = step();
            let di = rel_dev(&got, want.as_array().unwrap());
            assert!(
                di < 1e-10,
                "{} {}: step {i} deviates by {di:e}",
                case["optimizer"],
                case["options"]
            );
            dev = dev.max(di);
        }
        let w = worst
            .entry(case["optimizer"].as_str().unwrap().to_string())
            .or_default();
        *w = w.max(dev);
    }
    for (name, dev) in &worst {
        println!("{name}: max relative deviation from PyTorch over 100 steps {dev:.3e}");
    }
}

#[test]
fn adam_with_step_lr() {
    let d = data();
    let p = params();
    let mut opt = Adam::new(
        p.clone(),
        AdamOptions {
            lr: 0.05,
            ..Default::default()
        },
    )
    .unwrap();
    let mut sched = StepLR::new(&mut opt, 20, 0.5);
    for want in d["adam_steplr"]["params"].as_array().unwrap() {
        opt.zero_grad(true);
        loss(&p).backward();
        opt.step().unwrap();
        sched.step(&mut opt);
        assert!(rel_dev(&flat(&p), want.as_array().unwrap()) < 1e-10);
    }
}

fn sgd_two_groups() -> (SGD, Tensor) {
    let p1 = Tensor::zeros_dtype(&[2], DType::Float64).requires_grad_(true);
    let p2 = Tensor::zeros_dtype(&[1], DType::Float64).requires_grad_(true);
    let opt = SGD::with_groups(vec![
        ParamGroup::new(
            vec![p1.clone()],
            SgdOptions {
                lr: 0.1,
                ..Default::default()
            },
        ),
        ParamGroup::new(
            vec![p2],
            SgdOptions {
                lr: 0.02,
                ..Default::default()
            },
        ),
    ])
    .unwrap();
    (opt, p1)
}

#[test]
fn schedulers_match_pytorch() {
    let d = data();
    let metrics: Vec<f64> = d["metrics"].as_array().unwrap().iter().map(f).collect();
    for s in d["schedulers"].as_array().unwrap() {
        let (mut opt, _) = sgd_two_groups();
        let k = &s["kwargs"];
        let name = s["scheduler"].as_str().unwrap();
        let mut lrs = vec![];
        enum Any {
            Step(StepLR),
            Multi(MultiStepLR),
            Exp(ExponentialLR),
            Cos(CosineAnnealingLR),
            Lambda(LambdaLR),
            Plateau(ReduceLROnPlateau),
        }
        let mut sched = match name {
            "StepLR" => Any::Step(StepLR::new(
                &mut opt,
                k["step_size"].as_u64().unwrap() as usize,
                f(&k["gamma"]),
            )),
            "MultiStepLR" => {
                let ms: Vec<usize> = k["milestones"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap() as usize)
                    .collect();
                Any::Multi(MultiStepLR::new(&mut opt, &ms, f(&k["gamma"])))
            }
            "ExponentialLR" => Any::Exp(ExponentialLR::new(&mut opt, f(&k["gamma"]))),
            "CosineAnnealingLR" => Any::Cos(CosineAnnealingLR::new(
                &mut opt,
                k["T_max"].as_u64().unwrap() as usize,
                k.get("eta_min").map(f).unwrap_or(0.0),
            )),
            "LambdaLR" => Any::Lambda(LambdaLR::new(&mut opt, |e| 1.0 / (1.0 + 0.3 * e as f64))),
            "ReduceLROnPlateau" => {
                let mut r = ReduceLROnPlateau::new(&opt);
                if let Some(m) = k.get("mode") {
                    r.mode = PlateauMode::parse(m.as_str().unwrap()).unwrap();
                }
                if let Some(m) = k.get("threshold_mode") {
                    r.threshold_mode = ThresholdMode::parse(m.as_str().unwrap()).unwrap();
                }
                r.factor = opt_f(k, "factor", r.factor);
                r.patience = k
                    .get("patience")
                    .map(|v| v.as_u64().unwrap())
                    .unwrap_or(r.patience);
                r.threshold = opt_f(k, "threshold", r.threshold);
                r.cooldown = k
                    .get("cooldown")
                    .map(|v| v.as_u64().unwrap())
                    .unwrap_or(r.cooldown);
                r.eps = opt_f(k, "eps", r.eps);
                match k.get("min_lr") {
                    Some(Value::Array(v)) => r.min_lrs = v.iter().map(f).collect(),
                    Some(v) => r.min_lrs = vec![f(v); 2],
                    None => {}
                }
                r.validate().unwrap();
                Any::Plateau(r)
            }
            _ => panic!("{name}"),
        };
        lrs.push(opt.lrs());
        for &metric in metrics.iter() {
            opt.step().unwrap();
            match &mut sched {
                Any::Step(s) => s.step(&mut opt),
                Any::Multi(s) => s.step(&mut opt),
                Any::Exp(s) => s.step(&mut opt),
                Any::Cos(s) => s.step(&mut opt),
                Any::Lambda(s) => s.step(&mut opt),
                Any::Plateau(s) => s.step(&mut opt, metric),
            }
            lrs.push(opt.lrs());
        }
        let want = s["lrs"].as_array().unwrap();
        assert_eq!(want.len(), lrs.len());
        for (epoch, (got, want)) in lrs.iter().zip(want).enumerate() {
            for (g, w) in got.iter().zip(want.as_array().unwrap()) {
                let w = f(w);
                assert!(
                    (g - w).abs() <= 1e-15 * w.abs(),
                    "{name} {k}: epoch {epoch}: {g} vs {w}"
                );
            }
        }
    }
}

fn clip_params(grads: &[Vec<f64>; 3]) -> Vec<Tensor> {
    let shapes: [&[usize]; 3] = [&[3], &[2, 2], &[]];
    grads
        .iter()
        .zip(shapes)
        .map(|(g, s)| {
            let p = Tensor::zeros_dtype(s, DType::Float64).requires_grad_(true);
            p.set_grad(Some(Tensor::from_vec(g.clone(), s)));
            p
        })
        .collect()
}

#[test]
fn clip_grad_matches_pytorch() {
    let d = data();
    let grads = [vec![3.0, -4.0, 0.5], vec![1.0, 2.0, -2.0, 0.25], vec![-6.0]];
    for c in d["clip_grad_norm"].as_array().unwrap() {
        let ps = clip_params(&grads);
        let nt = match &c["norm_type"] {
            Value::String(_) => f64::INFINITY,
            v => f(v),
        };
        let total = clip_grad_norm_(&ps, f(&c["max_norm"]), nt);
        let want = f(&c["total"]);
        assert!(
            (total.item() - want).abs() <= 1e-14 * want,
            "{nt}: {} vs {want}",
            total.item()
        );
        for (p, w) in ps.iter().zip(c["grads"].as_array().unwrap()) {
            assert!(rel_dev(&p.grad().unwrap().to_vec::<f64>(), w.as_array().unwrap()) < 1e-14);
        }
    }
    let ps = clip_params(&grads);
    clip_grad_value_(&ps, 1.5);
    for (p, w) in ps
        .iter()
        .zip(d["clip_grad_value"]["grads"].as_array().unwrap())
    {
        assert_eq!(
            p.grad().unwrap().to_vec::<f64>(),
            w.as_array().unwrap().iter().map(f).collect::<Vec<_>>()
        );
    }
    let e = try_clip_grad_norm_(
        &clip_params(&[vec![f64::NAN, 1.0, 0.0], vec![0.0; 4], vec![0.0]]),
        1.0,
        ClipGradNormOptions {
            error_if_nonfinite: true,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        d["messages"]["clip_nonfinite"]["message"].as_str().unwrap()
    );
}

#[test]
fn messages_match_pytorch() {
    let d = &data()["messages"];
    let p = || vec![Tensor::zeros(&[2]).requires_grad_(true)];
    let msg = |k: &str| d[k]["message"].as_str().unwrap().to_string();
    let err = |r: ferrograd::Result<()>| r.unwrap_err().to_string();
    let sgd = |o: SgdOptions| SGD::new(p(), o).map(|_| ());
    let adam = |o: AdamOptions| Adam::new(p(), o).map(|_| ());
    assert_eq!(
        err(sgd(SgdOptions {
            lr: -0.1,
            ..Default::default()
        })),
        msg("sgd_lr")
    );
    assert_eq!(
        err(sgd(SgdOptions {
            momentum: -0.5,
            ..Default::default()
        })),
        msg("sgd_momentum")
    );
    assert_eq!(
        err(sgd(SgdOptions {
            weight_decay: -1.0,
            ..Default::default()
        })),
        msg("sgd_weight_decay")
    );
    assert_eq!(
        err(sgd(SgdOptions {
            nesterov: true,
            ..Default::default()
        })),
        msg("sgd_nesterov")
    );
    assert_eq!(
        err(adam(AdamOptions {
            lr: -0.1,
            ..Default::default()
        })),
        msg("adam_lr")
    );
    assert_eq!(
        err(adam(AdamOptions {
            eps: -1.0,
            ..Default::default()
        })),
        msg("adam_eps")
    );
    assert_eq!(
        err(adam(AdamOptions {
            betas: (1.0, 0.999),
            ..Default::default()
        })),
        msg("adam_beta0")
    );
    assert_eq!(
        err(adam(AdamOptions {
            betas: (0.9, -0.1),
            ..Default::default()
        })),
        msg("adam_beta1")
    );
    assert_eq!(
        err(adam(AdamOptions {
            weight_decay: -0.1,
            ..Default::default()
        })),
        msg("adam_weight_decay")
    );
    let rms = |o: RMSpropOptions| RMSprop::new(p(), o).map(|_| ());
    assert_eq!(
        err(rms(RMSpropOptions {
            alpha: -0.1,
            ..Default::default()
        })),
        msg("rmsprop_alpha")
    );
    assert_eq!(
        err(rms(RMSpropOptions {
            momentum: -0.1,
            ..Default::default()
        })),
        msg("rmsprop_momentum")
    );
    let ada = |o: AdagradOptions| Adagrad::new(p(), o).map(|_| ());
    assert_eq!(
        err(ada(AdagradOptions {
            lr_decay: -0.1,
            ..Default::default()
        })),
        msg("adagrad_lr_decay")
    );
    assert_eq!(
        err(ada(AdagradOptions {
            initial_accumulator_value: -0.1,
            ..Default::default()
        })),
        msg("adagrad_initial_accumulator_value")
    );
    let x = Tensor::zeros(&[2]).requires_grad_(true);
    let e = SGD::new(vec![&x * 2.0], SgdOptions::default())
        .err()
        .unwrap();
    assert_eq!(
        (e.to_string(), e.kind().python_name()),
        (msg("non_leaf"), "ValueError")
    );
    assert_eq!(
        err(Adam::new(vec![], AdamOptions::default()).map(|_| ())),
        msg("empty")
    );
    let q = Tensor::zeros(&[2]).requires_grad_(true);
    let two = SGD::with_groups(vec![
        ParamGroup::new(vec![q.clone()], SgdOptions::default()),
        ParamGroup::new(vec![q], SgdOptions::default()),
    ]);
    assert_eq!(err(two.map(|_| ())), msg("two_groups"));
    let opt = SGD::new(p(), SgdOptions::default()).unwrap();
    let mut r = ReduceLROnPlateau::new(&opt);
    r.factor = 1.0;
    assert_eq!(err(r.validate()), msg("plateau_factor"));
    assert_eq!(
        PlateauMode::parse("up").unwrap_err().to_string(),
        msg("plateau_mode")
    );
}

/// The state dict after three steps: PyTorch's keys, indices and values; a round trip through
/// JSON and load_state_dict continues the same trajectory.
#[test]
fn state_dicts_match_pytorch_and_round_trip() {
    let d = data();
    for (name, rec) in d["state_dicts"].as_object().unwrap() {
        let p = params();
        let case = serde_json::json!({"optimizer": name, "options": rec["options"], "group2": {"lr": 0.001}});
        // A fresh optimizer stepped three times, to compare; a second copy to load into.
        let mut step = build(&case, &p);
        for _ in 0..3 {
            step();
        }
        let sd = match name.as_str() {
            "sgd" => state_of::<SGD>(&case, &p),
            "adam" => state_of::<Adam>(&case, &p),
            "rmsprop" => state_of::<RMSprop>(&case, &p),
            _ => state_of::<Adagrad>(&case, &p),
        };
        let want = rec["state"].as_object().unwrap();
        assert_eq!(sd.state.len(), want.len(), "{name}");
        for (i, entries) in want {
            let got = &sd.state[&i.parse::<usize>().unwrap()];
            let mut keys: Vec<&String> = entries.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(got.keys().collect::<Vec<_>>(), keys, "{name}");
            for (k, v) in entries.as_object().unwrap() {
                let vals: Vec<Value> = match v {
                    Value::Array(a) => a.clone(),
                    x => vec![x.clone()],
                };
                let g = match &got[k] {
                    StateValue::Step(s) => vec![*s],
                    StateValue::Tensor { data, .. } => data.clone(),
                };
                assert!(rel_dev(&g, &vals) < 1e-12, "{name} {k}");
            }
        }
        let groups = rec["param_groups"].as_array().unwrap();
        for (g, w) in sd.param_groups.iter().zip(groups) {
            let ids: Vec<usize> = w["params"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect();
            assert_eq!(g["params"], OptionValue::Params(ids));
            assert_eq!(g["lr"], OptionValue::Float(f(&w["lr"])));
            for key in g.keys() {
                assert!(
                    w.get(key).is_some(),
                    "{name}: {key} is not one of PyTorch's keys"
                );
            }
        }
        let json = serde_json::to_string(&sd).unwrap();
        let back: StateDict = serde_json::from_str(&json).unwrap();
        assert_eq!(back, sd);
    }
}

/// Steps an optimizer of type `O` three times, saves its state, loads it into a fresh optimizer
/// over copies of the parameters, and checks both continue identically; returns the state dict.
fn state_of<O: Optimizer + Steppable>(case: &Value, _p: &[Tensor]) -> StateDict {
    let p = params();
    let mut a = O::make(case, &p);
    for _ in 0..3 {
        a.zero_grad(true);
        loss(&p).backward();
        a.step().unwrap();
    }
    let sd = a.state_dict();
    let q: Vec<Tensor> = p
        .iter()
        .map(|t| t.detach().clone_tensor().requires_grad_(true))
        .collect();
    let mut b = O::make(case, &q);
    b.load_state_dict(&sd).unwrap();
    for _ in 0..5 {
        for (o, ps) in [(&mut a as &mut O, &p), (&mut b, &q)] {
            o.zero_grad(true);
            loss(ps).backward();
            o.step().unwrap();
        }
    }
    assert_eq!(flat(&p), flat(&q));
    sd
}

trait Steppable: Sized {
    fn make(case: &Value, p: &[Tensor]) -> Self;
}
macro_rules! steppable {
    ($ty:ty, $opts:ident, $default:expr) => {
        impl Steppable for $ty {
            fn make(case: &Value, p: &[Tensor]) -> Self {
                let first = $opts(&case["options"], &$default);
                let second = $opts(&case["group2"], &first);
                <$ty>::with_groups(groups(p, first, Some(second))).unwrap()
            }
        }
    };
}
steppable!(SGD, sgd_opts, SgdOptions::default());
steppable!(Adam, adam_opts, AdamOptions::default());
steppable!(RMSprop, rmsprop_opts, RMSpropOptions::default());
steppable!(Adagrad, adagrad_opts, AdagradOptions::default());

/// Each step bumps a parameter's version once per in-place op PyTorch applies (AdamW with
/// weight decay: mul_ then addcdiv_); parameters without a gradient are left alone.
#[test]
fn version_counters_and_skipped_params() {
    let p = params();
    let idle = Tensor::zeros(&[2]).requires_grad_(true);
    let mut all = p.clone();
    all.push(idle.clone());
    let mut opt = AdamW::new(all, AdamOptions::adamw()).unwrap();
    let v0 = p[0].version();
    for _ in 0..3 {
        opt.zero_grad(true);
        loss(&p).backward();
        opt.step().unwrap();
    }
    assert_eq!(p[0].version() - v0, 6);
    assert_eq!(idle.version(), 0);
    assert!(opt.state()[3].is_empty());
    let mut sgd = SGD::new(p.clone(), SgdOptions::default()).unwrap();
    loss(&p).backward();
    let v = p[1].version();
    sgd.step().unwrap();
    assert_eq!(p[1].version() - v, 1);
}

/// float32 parameters: the update runs in float32 and stays close to the float64 trajectory.
#[test]
fn float32_follows_float64() {
    let p64 = params();
    let p32: Vec<Tensor> = p64
        .iter()
        .map(|t| t.detach().to_dtype(DType::Float32).requires_grad_(true))
        .collect();
    let o = AdamOptions {
        lr: 0.01,
        ..Default::default()
    };
    let mut a = Adam::new(p64.clone(), o.clone()).unwrap();
    let mut b = Adam::new(p32.clone(), o).unwrap();
    for _ in 0..50 {
        for (opt, ps) in [(&mut a, &p64), (&mut b, &p32)] {
            opt.zero_grad(true);
            loss(ps).backward();
            opt.step().unwrap();
        }
    }
    assert_eq!(p32[0].dtype(), DType::Float32);
    let (x, y) = (flat(&p64), flat(&p32));
    for (x, y) in x.iter().zip(&y) {
        assert!((x - y).abs() < 1e-4, "{x} vs {y}");
    }
}

/// A large, strided parameter: the threaded path and the write-back of a non-contiguous
/// parameter give the same values as a small contiguous one.
#[test]
fn large_and_strided_parameters() {
    let n = 300;
    let base: Vec<f64> = (0..n * n).map(|i| ((i % 17) as f64 - 8.0) / 7.0).collect();
    let grads: Vec<f64> = (0..n * n).map(|i| ((i % 13) as f64 - 6.0) / 5.0).collect();
    let big = Tensor::from_vec(base.clone(), &[n, n]);
    let strided = Tensor::from_vec(base.clone(), &[n, n]).t();
    let o = AdamOptions {
        lr: 0.1,
        amsgrad: true,
        ..Default::default()
    };
    for t in [&big, &strided] {
        let g = Tensor::from_vec(grads.clone(), &[n, n]);
        let g = if t.is_contiguous() { g } else { g.t() };
        let (m, v, vm) = (t.zeros_like(), t.zeros_like(), t.zeros_like());
        kernels::adam(t, &g, &m, &v, Some(&vm), 1.0, &o).unwrap();
    }
    let small = Tensor::from_vec(base[..5].to_vec(), &[5]);
    let (m, v, vm) = (small.zeros_like(), small.zeros_like(), small.zeros_like());
    kernels::adam(
        &small,
        &Tensor::from_vec(grads[..5].to_vec(), &[5]),
        &m,
        &v,
        Some(&vm),
        1.0,
        &o,
    )
    .unwrap();
    assert_eq!(big.to_vec::<f64>()[..5], small.to_vec::<f64>()[..]);
    assert_eq!(strided.t().to_vec::<f64>(), big.to_vec::<f64>());
}

/// A parameter large enough for the update to be split across threads gets, element for
/// element, the update of the same values held in parameters too small to be split.
#[test]
fn split_updates_of_a_large_parameter_equal_the_unsplit_ones() {
    let n = 3 * 32768 + 17;
    let vals = |seed: f64| -> Vec<f32> {
        (0..n)
            .map(|i| ((i as f64 * 0.618 + seed).sin() * 2.0) as f32)
            .collect()
    };
    let (p0, g0) = (vals(0.1), vals(0.7));
    let big = Tensor::from_vec(p0.clone(), &[n]).requires_grad_(true);
    let small: Vec<Tensor> = p0
        .chunks(1000)
        .map(|c| Tensor::from_vec(c.to_vec(), &[c.len()]).requires_grad_(true))
        .collect();
    let opts = AdamOptions {
        weight_decay: 0.01,
        amsgrad: true,
        ..AdamOptions::default()
    };
    let mut a = Adam::new(vec![big.clone()], opts.clone()).unwrap();
    let mut b = Adam::new(small.clone(), opts).unwrap();
    for step in 0..3 {
        let g: Vec<f32> = g0.iter().map(|v| v * (step as f32 + 1.0)).collect();
        big.set_grad(Some(Tensor::from_vec(g.clone(), &[n])));
        for (t, c) in small.iter().zip(g.chunks(1000)) {
            t.set_grad(Some(Tensor::from_vec(c.to_vec(), &[c.len()])));
        }
        a.step().unwrap();
        b.step().unwrap();
    }
    let joined: Vec<f32> = small.iter().flat_map(|t| t.to_vec::<f32>()).collect();
    assert_eq!(big.to_vec::<f32>(), joined);
}
