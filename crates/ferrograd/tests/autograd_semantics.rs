//! Autograd behaviour, as PyTorch defines it: `.grad` accumulation, leaves, grad mode, hooks,
//! `backward(inputs=…)`, `autograd::grad`, higher derivatives, grad_fn names and the structure
//! of `next_functions`, dtype promotion, and graphs of a million nodes on a small stack.

mod common;

use common::assert_close;
use ferrograd::autograd::{grad, grad_with, GradOptions};
use ferrograd::{
    enable_grad, is_grad_enabled, no_grad, tensor, BackwardOptions, DType, NextFunction, PyRepr,
    Tensor,
};
use std::sync::{Arc, Mutex};

fn v32(t: &Tensor) -> Vec<f32> {
    t.to_vec::<f32>()
}

fn grad_of(t: &Tensor) -> Vec<f32> {
    v32(&t.grad().expect("a gradient"))
}

fn name(t: &Tensor) -> &'static str {
    t.grad_fn().expect("a grad_fn").name()
}

// ---- .grad ---------------------------------------------------------------------------------

#[test]
fn grad_starts_none_accumulates_zeroes_and_resets() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    assert!(x.grad().is_none());
    assert_eq!(x.grad().py().to_string(), "None");
    (&x * &x).sum().backward();
    assert_eq!(grad_of(&x), vec![2.0, 4.0]);
    (&x * 3.0).sum().backward();
    assert_eq!(grad_of(&x), vec![5.0, 7.0]);
    // The accumulated gradient is updated in place: a handle taken earlier sees it.
    let g = x.grad().unwrap();
    x.sum().backward();
    assert_eq!(v32(&g), vec![6.0, 8.0]);
    g.zero_();
    assert_eq!(grad_of(&x), vec![0.0, 0.0]);
    assert_eq!(x.grad().unwrap().to_string(), "tensor([0., 0.])");
    x.sum().backward();
    assert_eq!(grad_of(&x), vec![1.0, 1.0]);
    x.set_grad(None);
    assert!(x.grad().is_none());
    (&x * 4.0).sum().backward();
    assert_eq!(grad_of(&x), vec![4.0, 4.0]);
    // The gradient itself is a leaf outside the graph.
    let g = x.grad().unwrap();
    assert!(!g.requires_grad() && g.is_leaf() && g.grad_fn().is_none());
    assert_eq!(g.dtype(), DType::Float32);
    // A gradient can be set by hand.
    x.set_grad(Some(Tensor::new([9.0, 9.0])));
    x.sum().backward();
    assert_eq!(grad_of(&x), vec![10.0, 10.0]);
}

#[test]
fn is_leaf_and_requires_grad_rules() {
    let plain = Tensor::new([1.0, 2.0]);
    assert!(plain.is_leaf() && !plain.requires_grad());
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    assert!(x.is_leaf() && x.requires_grad());
    let y = &x * 2.0;
    assert!(!y.is_leaf() && y.requires_grad());
    // An op over tensors that do not require grad gives a leaf.
    let z = &plain * 2.0;
    assert!(z.is_leaf() && !z.requires_grad() && z.grad_fn().is_none());
    // One input requiring grad is enough.
    let m = &plain * &x;
    assert!(!m.is_leaf() && m.requires_grad());
    // Under no_grad, results are leaves that do not require grad.
    {
        let _g = no_grad();
        let n = &x * 2.0;
        assert!(n.is_leaf() && !n.requires_grad());
    }
    // Leaves made by the tensor! macro and by requires_grad_ print the same.
    let t = tensor!([1.0, 2.0], requires_grad = true);
    assert_eq!(t.to_string(), x.to_string());
    assert_eq!(t.to_string(), "tensor([1., 2.], requires_grad=True)");
    // A non-leaf prints its grad_fn, never requires_grad=True.
    assert_eq!(y.to_string(), "tensor([2., 4.], grad_fn=<MulBackward0>)");
    // Turning requires_grad off on a leaf is allowed.
    let l = Tensor::new([1.0]).requires_grad_(true);
    l.try_set_requires_grad(false).unwrap();
    assert!(!l.requires_grad() && l.is_leaf());
}

#[test]
fn detach_gives_a_leaf_sharing_storage() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0;
    let d = y.detach();
    assert!(d.is_leaf() && !d.requires_grad() && d.grad_fn().is_none());
    assert!(d.shares_storage(&y));
    let dx = x.detach();
    assert!(dx.shares_storage(&x));
    // Writing through the detached alias changes the original and bumps the shared version.
    dx.add_(1.0);
    assert_eq!(v32(&x), vec![2.0, 3.0]);
    assert_eq!(x.version(), 1);
    assert_eq!(dx.version(), 1);
    // data() is the same alias.
    assert!(x.data().shares_storage(&x) && !x.data().requires_grad());
    // The graph of y is untouched by detaching.
    y.sum().backward();
    assert_eq!(grad_of(&x), vec![3.0, 3.0]);
}

// ---- grad mode -----------------------------------------------------------------------------

#[test]
fn no_grad_and_enable_grad_nest() {
    let x = Tensor::new([1.0]).requires_grad_(true);
    let recorded = (&x * 2.0).sum();
    assert!(is_grad_enabled());
    {
        let _off = no_grad();
        assert!(!is_grad_enabled());
        assert!(!x.exp().requires_grad());
        {
            let _on = enable_grad();
            assert!(is_grad_enabled());
            let y = x.exp();
            assert!(y.requires_grad());
            assert_eq!(name(&y), "ExpBackward0");
            {
                let _off2 = no_grad();
                assert!(!x.sin().requires_grad());
            }
            assert!(x.sin().requires_grad());
        }
        assert!(!is_grad_enabled());
        assert!(!(&x * 2.0).requires_grad());
        // Nothing was recorded under no_grad, so there is nothing to differentiate.
        assert_eq!(
            x.exp().sum().try_backward().unwrap_err().message(),
            "element 0 of tensors does not require grad and does not have a grad_fn"
        );
        // A graph recorded before still runs backward under no_grad.
        recorded.backward();
        assert_eq!(grad_of(&x), vec![2.0]);
    }
    assert!(is_grad_enabled());
    assert!(x.exp().requires_grad());
    {
        let _s = ferrograd::set_grad_enabled(false);
        assert!(!is_grad_enabled());
    }
    assert!(is_grad_enabled());
}

#[test]
fn grad_mode_is_thread_local() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let _off = no_grad();
    assert!(!is_grad_enabled());
    let xs = x.clone();
    let handle = std::thread::spawn(move || {
        assert!(is_grad_enabled());
        let y = (&xs * &xs).sum();
        assert!(y.requires_grad());
        y.backward();
        let _off_here = no_grad();
        assert!(!is_grad_enabled());
    });
    handle.join().unwrap();
    // The main thread is still in no_grad; the other thread's no_grad did not leak here either.
    assert!(!is_grad_enabled());
    assert!(!(&x * 2.0).requires_grad());
    assert_eq!(grad_of(&x), vec![2.0, 4.0]);
    drop(_off);
    assert!(is_grad_enabled());
}

// ---- retain_grad and hooks -----------------------------------------------------------------

#[test]
fn retain_grad_on_a_non_leaf_accumulates() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0;
    y.retain_grad();
    assert!(y.retains_grad());
    assert!(y.grad().is_none());
    let s = (&y * &y).sum();
    s.try_backward_opts(&BackwardOptions::new().retain_graph(true))
        .unwrap();
    assert_eq!(grad_of(&y), vec![6.0, 12.0]);
    s.backward();
    assert_eq!(grad_of(&y), vec![12.0, 24.0]);
    assert_eq!(grad_of(&x), vec![36.0, 72.0]);
    // On a leaf, retain_grad does nothing.
    x.retain_grad();
    assert!(!x.retains_grad());
}

#[test]
fn register_hook_replaces_the_gradient() {
    // y = x * 3; y.register_hook(lambda g: g * 10) gives x.grad == [30., 30.]
    let x = Tensor::new([1.0, 1.0]).requires_grad_(true);
    let y = &x * 3.0;
    y.register_hook(|g| Some(g * 10.0));
    y.sum().backward();
    assert_eq!(grad_of(&x), vec![30.0, 30.0]);

    // retain_grad sees the gradient after the hooks, whichever was registered first.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0;
    y.retain_grad();
    y.register_hook(|g| Some(g * 10.0));
    y.sum().backward();
    assert_eq!(grad_of(&y), vec![10.0, 10.0]);
    assert_eq!(grad_of(&x), vec![30.0, 30.0]);

    // On a leaf the hook changes what is accumulated.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    x.register_hook(|g| Some(g * 10.0));
    (&x * 3.0).sum().backward();
    assert_eq!(grad_of(&x), vec![30.0, 30.0]);

    // A hook returning None observes without replacing; hooks chain in order.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let s1 = seen.clone();
    x.register_hook(move |g| {
        s1.lock().unwrap().push(g.to_vec::<f32>());
        None
    });
    x.register_hook(|g| Some(g + 1.0));
    let s2 = seen.clone();
    x.register_hook(move |g| {
        s2.lock().unwrap().push(g.to_vec::<f32>());
        None
    });
    (&x * 2.0).sum().backward();
    assert_eq!(*seen.lock().unwrap(), vec![vec![2.0, 2.0], vec![3.0, 3.0]]);
    assert_eq!(grad_of(&x), vec![3.0, 3.0]);
}

#[test]
fn a_hook_runs_once_on_the_summed_gradient() {
    // x used twice: PyTorch sums the two contributions before the hook, which runs once.
    let calls = Arc::new(Mutex::new(Vec::new()));
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let c = calls.clone();
    x.register_hook(move |g| {
        c.lock().unwrap().push(g.to_vec::<f32>());
        None
    });
    (&x * 2.0 + &x * 3.0).sum().backward();
    assert_eq!(*calls.lock().unwrap(), vec![vec![5.0, 5.0]]);
    assert_eq!(grad_of(&x), vec![5.0, 5.0]);

    // A non-linear hook sees the sum: (2 + 3)² = 25, on a leaf and on a non-leaf.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    x.register_hook(|g| Some(g * g));
    (&x * 2.0 + &x * 3.0).sum().backward();
    assert_eq!(grad_of(&x), vec![25.0, 25.0]);
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 1.0;
    y.register_hook(|g| Some(g * g));
    (&y * 2.0 + &y * 3.0).sum().backward();
    assert_eq!(grad_of(&x), vec![25.0, 25.0]);
}

#[test]
fn hooks_apply_to_autograd_grad_too() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    x.register_hook(|g| Some(g * 10.0));
    let g = grad(&[(&x * 3.0).sum()], std::slice::from_ref(&x)).unwrap();
    assert_eq!(v32(&g[0]), vec![30.0, 30.0]);
    let g = grad(&[(&x * 2.0 + &x * 3.0).sum()], std::slice::from_ref(&x)).unwrap();
    assert_eq!(v32(&g[0]), vec![50.0, 50.0]);
    assert!(x.grad().is_none());

    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0;
    y.register_hook(|g| Some(g * 10.0));
    let g = grad(&[y.sum()], std::slice::from_ref(&x)).unwrap();
    assert_eq!(v32(&g[0]), vec![30.0, 30.0]);
}

// ---- backward(inputs=…) and autograd::grad -------------------------------------------------

#[test]
fn backward_with_inputs_fills_only_those() {
    let a = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let b = Tensor::new([3.0, 4.0]).requires_grad_(true);
    (&a * &b)
        .sum()
        .try_backward_opts(&BackwardOptions::new().inputs(vec![a.clone()]))
        .unwrap();
    assert_eq!(grad_of(&a), vec![3.0, 4.0]);
    assert!(b.grad().is_none());

    // A hook on a leaf outside `inputs` does not run.
    let ran = Arc::new(Mutex::new(false));
    let r = ran.clone();
    b.register_hook(move |_| {
        *r.lock().unwrap() = true;
        None
    });
    (&a * &b)
        .sum()
        .try_backward_opts(&BackwardOptions::new().inputs(vec![a.clone()]))
        .unwrap();
    assert!(!*ran.lock().unwrap());
    assert_eq!(grad_of(&a), vec![6.0, 8.0]);

    // A non-leaf in `inputs` gets a .grad; the leaves behind it do not.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0;
    (&y * &y)
        .sum()
        .try_backward_opts(&BackwardOptions::new().inputs(vec![y.clone()]))
        .unwrap();
    assert_eq!(grad_of(&y), vec![6.0, 12.0]);
    assert!(x.grad().is_none());
}

#[test]
fn autograd_grad_never_touches_grad_and_works_for_non_leaves() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0;
    y.retain_grad();
    let s = (&y * &y).sum();
    let keep = GradOptions::new().retain_graph(true);
    let g = grad_with(std::slice::from_ref(&s), &[y.clone(), x.clone()], &keep).unwrap();
    assert_eq!(v32(g[0].as_ref().unwrap()), vec![6.0, 12.0]);
    assert_eq!(v32(g[1].as_ref().unwrap()), vec![18.0, 36.0]);
    assert!(x.grad().is_none());
    // A non-leaf that retains its grad is filled by grad() too, as in PyTorch.
    assert_eq!(grad_of(&y), vec![6.0, 12.0]);
    // Results without create_graph are outside the graph.
    assert!(!g[0].as_ref().unwrap().requires_grad());
    // Several outputs: the gradients of their sum.
    let g = grad(&[s.clone(), x.sum()], std::slice::from_ref(&x)).unwrap();
    assert_eq!(v32(&g[0]), vec![19.0, 37.0]);
    // grad_outputs weights the outputs.
    let opts = GradOptions::new().grad_outputs(vec![Tensor::new([1.0, 0.5])]);
    let g = grad_with(&[&x * &x], std::slice::from_ref(&x), &opts).unwrap();
    assert_eq!(v32(g[0].as_ref().unwrap()), vec![2.0, 2.0]);
}

#[test]
fn create_graph_results_have_a_grad_fn() {
    let x = Tensor::new(2.0).requires_grad_(true);
    let y = x.pow(3);
    let opts = GradOptions::new().create_graph(true);
    let g = grad_with(&[y], std::slice::from_ref(&x), &opts).unwrap()[0]
        .clone()
        .unwrap();
    assert_eq!(g.to_string(), "tensor(12., grad_fn=<MulBackward0>)");
    assert!(g.requires_grad() && !g.is_leaf());
    let g2 = grad(&[g], std::slice::from_ref(&x)).unwrap();
    assert_eq!(g2[0].item(), 12.0);

    // backward(create_graph=True) leaves a .grad with a graph.
    let x = Tensor::new(3.0).requires_grad_(true);
    x.pow(3)
        .try_backward_opts(&BackwardOptions::new().create_graph(true))
        .unwrap();
    let gx = x.grad().unwrap();
    assert_eq!(gx.to_string(), "tensor(27., grad_fn=<MulBackward0>)");
    let g2 = grad(&[gx], std::slice::from_ref(&x)).unwrap();
    assert_eq!(g2[0].item(), 18.0);
}

fn nth_derivative(f: Tensor, wrt: &Tensor, n: usize) -> Tensor {
    let mut f = f;
    let mut last = None;
    let opts = GradOptions::new().create_graph(true);
    for _ in 0..n {
        let g = grad_with(&[f], std::slice::from_ref(wrt), &opts).unwrap()[0]
            .clone()
            .unwrap();
        f = g.sum();
        last = Some(g);
    }
    last.expect("n >= 1")
}

#[test]
fn higher_derivatives() {
    // Seed 002: d²/dx² (x² + x³) at 5 = 2 + 6·5 = 32.
    let x = Tensor::new(5.0).requires_grad_(true);
    let d2 = nth_derivative(x.pow(2) + x.pow(3), &x, 2);
    assert_eq!(d2.to_string(), "tensor(32., grad_fn=<AddBackward0>)");
    let d3 = nth_derivative(x.pow(2) + x.pow(3), &x, 3);
    assert_eq!(d3.item(), 6.0);
    let d4 = nth_derivative(x.pow(2) + x.pow(3), &x, 4);
    assert_eq!(d4.item(), 0.0);

    // f = sin(x)·eˣ has f⁽ⁿ⁾(x) = (√2)ⁿ·eˣ·sin(x + nπ/4); the 6th derivative is -8·eˣ·cos(x).
    let x0 = 0.7f64;
    let x = Tensor::new_with_dtype(x0, DType::Float64).requires_grad_(true);
    for n in 1..=6 {
        let d = nth_derivative(x.sin() * x.exp(), &x, n);
        let exact = 2f64.sqrt().powi(n as i32)
            * x0.exp()
            * (x0 + n as f64 * std::f64::consts::FRAC_PI_4).sin();
        assert!(
            (d.item() - exact).abs() <= 1e-12 * exact.abs().max(1.0),
            "derivative {n}: {} vs {exact}",
            d.item()
        );
    }
    let d6 = nth_derivative(x.sin() * x.exp(), &x, 6).item();
    let closed = -8.0 * x0.exp() * x0.cos();
    assert!((d6 - closed).abs() < 1e-12, "{d6} vs {closed}");
}

// ---- names and structure -------------------------------------------------------------------

#[test]
fn grad_fn_names() {
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    let w = Tensor::new([[0.5, 1.5], [2.5, 3.5]]).requires_grad_(true);
    let v = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let cases: Vec<(&str, Tensor)> = vec![
        ("AddBackward0", &x + &w),
        ("AddBackward0", &x + 1.0),
        ("AddBackward0", 1.0 + &x),
        ("AddBackward0", &x + 1i64),
        ("SubBackward0", &x - &w),
        ("SubBackward0", &x - 1.0),
        ("RsubBackward1", 1.0 - &x),
        ("MulBackward0", &x * &w),
        ("MulBackward0", 3.0 * &x),
        ("MulBackward0", &x * 3i64),
        ("DivBackward0", &x / &w),
        ("DivBackward0", &x / 2.0),
        ("MulBackward0", 2.0 / &x),
        ("PowBackward0", x.pow(2)),
        ("PowBackward0", x.pow(0.5)),
        ("PowBackward1", x.pow_tensor(&w)),
        ("PowBackward2", x.rpow(2.0)),
        ("NegBackward0", -&x),
        ("SinBackward0", x.sin()),
        ("CosBackward0", x.cos()),
        ("TanBackward0", x.tan()),
        ("ExpBackward0", x.exp()),
        ("LogBackward0", x.log()),
        ("Log1PBackward0", x.log1p()),
        ("TanhBackward0", x.tanh()),
        ("SigmoidBackward0", x.sigmoid()),
        ("ReluBackward0", x.relu()),
        ("SqrtBackward0", x.sqrt()),
        ("AbsBackward0", x.abs()),
        ("ReciprocalBackward0", x.reciprocal()),
        ("SumBackward0", x.sum()),
        ("SumBackward1", x.sum_dims(&[0], false)),
        ("MeanBackward0", x.mean()),
        ("MeanBackward1", x.mean_dims(&[1], true)),
        ("MaxBackward1", x.max()),
        ("MinBackward1", x.min()),
        ("MaxBackward0", x.try_max_dim(1, false).unwrap().0),
        ("MinBackward0", x.try_min_dim(0, true).unwrap().0),
        ("DotBackward0", v.dot(&v)),
        ("MmBackward0", x.mm(&w)),
        ("MvBackward0", x.mv(&v)),
        ("MmBackward0", x.matmul(&w)),
        ("MvBackward0", x.matmul(&v)),
        ("DotBackward0", v.matmul(&v)),
        ("UnsafeViewBackward0", x.unsqueeze(0).matmul(&w)),
        ("AddmmBackward0", x.try_linear(&w, Some(&v)).unwrap()),
        ("AddmmBackward0", Tensor::try_addmm(&v, &x, &w).unwrap()),
        ("MmBackward0", x.try_linear(&w, None).unwrap()),
        ("ExpandBackward0", v.expand(&[3, 2])),
        ("ViewBackward0", x.view(&[4])),
        ("ViewBackward0", x.reshape(&[4, 1])),
        ("ViewBackward0", x.flatten()),
        ("UnsafeViewBackward0", x.t().reshape(&[4])),
        ("TBackward0", x.t()),
        ("PermuteBackward0", x.permute(&[1, 0])),
        ("TransposeBackward0", x.transpose(0, 1)),
        ("SelectBackward0", x.select(0, 0)),
        ("SliceBackward0", x.slice(0, 1, isize::MAX, 1)),
        ("SliceBackward0", x.narrow(1, 0, 1)),
        ("UnsqueezeBackward0", x.unsqueeze(0)),
        ("SqueezeBackward0", x.unsqueeze(0).squeeze()),
        ("SqueezeBackward1", x.unsqueeze(0).squeeze_dim(0)),
        ("CatBackward0", Tensor::cat(&[x.clone(), w.clone()], 0)),
        ("StackBackward0", Tensor::stack(&[x.clone(), w.clone()], 0)),
        ("CloneBackward0", x.clone_tensor()),
        ("CloneBackward0", x.t().contiguous()),
        ("ToCopyBackward0", x.to_dtype(DType::Float64)),
        ("WhereBackward0", Tensor::where_(&x.gt_scalar(2.0), &x, &w)),
        ("SoftmaxBackward0", x.softmax(1)),
        ("LogSoftmaxBackward0", x.log_softmax(-1)),
        ("ClampBackward1", x.clamp(Some(1.5), Some(3.5))),
        ("ClampBackward1", x.clamp(Some(1.5), None)),
        ("ClampBackward1", x.clamp(None, Some(3.5))),
        ("MseLossBackward0", x.mse_loss(&w)),
        ("NllLossBackward0", x.cross_entropy(&Tensor::new([0, 1]))),
        ("NllLossBackward0", v.cross_entropy(&Tensor::new(1))),
        (
            "NllLossBackward0",
            x.log_softmax(1).try_nll_loss(&Tensor::new([1, 1])).unwrap(),
        ),
    ];
    for (expected, t) in &cases {
        assert_eq!(name(t), *expected, "for {t}");
        assert!(
            t.to_string().ends_with(&format!("grad_fn=<{expected}>)")),
            "{t}"
        );
        assert!(t
            .grad_fn()
            .unwrap()
            .to_string()
            .starts_with(&format!("<{expected} object at 0x")));
    }
    // Contiguous input: contiguous() is the tensor itself, no new node.
    assert!(x.contiguous().is_same(&x));
    // A cast to the same dtype is the tensor itself.
    assert!(x.to_dtype(DType::Float32).is_same(&x));
    // Leaves have no grad_fn.
    assert!(x.grad_fn().is_none());
    assert_eq!(x.grad_fn().py().to_string(), "None");
}

/// The name of a next function, or "AccumulateGrad", and for those the leaf it accumulates into.
fn next_names(t: &Tensor) -> Vec<Option<String>> {
    t.grad_fn()
        .unwrap()
        .next_functions()
        .into_iter()
        .map(|n| {
            n.map(|n| match n {
                NextFunction::Backward(f) => f.name().to_string(),
                NextFunction::AccumulateGrad(_) => "AccumulateGrad".to_string(),
            })
        })
        .collect()
}

fn s(v: &[Option<&str>]) -> Vec<Option<String>> {
    v.iter().map(|o| o.map(str::to_string)).collect()
}

#[test]
fn next_functions_structure() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let w = Tensor::new([3.0, 4.0]).requires_grad_(true);
    let c = Tensor::new([3.0, 4.0]);
    let acc = Some("AccumulateGrad");
    // Measured on PyTorch 2.15.0 with [(f.name() if f else None) for f, _ in y.grad_fn.next_functions]
    assert_eq!(next_names(&(&x + 1.0)), s(&[acc, None]));
    assert_eq!(next_names(&(1.0 + &x)), s(&[acc, None]));
    assert_eq!(next_names(&(&x - 1.0)), s(&[acc, None]));
    assert_eq!(next_names(&(1.0 - &x)), s(&[acc]));
    assert_eq!(next_names(&(&x * 3.0)), s(&[acc, None]));
    assert_eq!(next_names(&(&x / 2.0)), s(&[acc, None]));
    assert_eq!(
        next_names(&(2.0 / &x)),
        s(&[Some("ReciprocalBackward0"), None])
    );
    assert_eq!(next_names(&x.pow(2)), s(&[acc]));
    assert_eq!(next_names(&x.rpow(2.0)), s(&[acc]));
    assert_eq!(next_names(&x.pow_tensor(&w)), s(&[acc, acc]));
    assert_eq!(next_names(&(&x + &c)), s(&[acc, None]));
    assert_eq!(next_names(&(&c * &x)), s(&[None, acc]));
    assert_eq!(next_names(&(2.0 - &x * &w)), s(&[Some("MulBackward0")]));
    assert_eq!(next_names(&x.sum()), s(&[acc]));
    assert_eq!(
        next_names(&x.reshape(&[1, 2]).mm(&w.reshape(&[2, 1]))),
        s(&[Some("ViewBackward0"), Some("ViewBackward0")])
    );
    assert_eq!(
        next_names(
            &Tensor::try_addmm(
                &c.slice(0, 0, 1, 1),
                &x.reshape(&[1, 2]),
                &w.reshape(&[2, 1])
            )
            .unwrap()
        ),
        s(&[None, Some("ViewBackward0"), Some("ViewBackward0")])
    );
    assert_eq!(
        next_names(
            &x.reshape(&[1, 2])
                .try_linear(&w.reshape(&[1, 2]), None)
                .unwrap()
        ),
        s(&[Some("ViewBackward0"), Some("TBackward0")])
    );
    assert_eq!(
        next_names(&Tensor::where_(&c.gt_scalar(3.0), &x, &w)),
        s(&[acc, acc])
    );
    assert_eq!(
        next_names(&Tensor::cat(&[x.clone(), c.clone(), w.clone()], 0)),
        s(&[acc, None, acc])
    );
    assert_eq!(
        next_names(&Tensor::stack(&[x.clone(), c.clone()], 0)),
        s(&[acc, None])
    );
    assert_eq!(next_names(&x.mse_loss(&c)), s(&[acc, None]));
    assert_eq!(
        next_names(&x.reshape(&[1, 2]).cross_entropy(&Tensor::new([1]))),
        s(&[Some("LogSoftmaxBackward0")])
    );
    // In-place ops on a non-leaf rebase its history onto a new node.
    let y = &x * 2.0;
    y.mul_(&w);
    assert_eq!(name(&y), "MulBackward0");
    assert_eq!(next_names(&y), s(&[Some("MulBackward0"), acc]));
    let y = &x * 2.0;
    y.add_(1i64);
    assert_eq!(name(&y), "AddBackward0");
    assert_eq!(next_names(&y), s(&[Some("MulBackward0"), None]));
    let y = &x * 2.0;
    y.mul_(2i64);
    assert_eq!(next_names(&y), s(&[Some("MulBackward0"), None]));
    // AccumulateGrad holds the leaf itself.
    match &(&x * &w).grad_fn().unwrap().next_functions()[1] {
        Some(NextFunction::AccumulateGrad(t)) => assert!(t.is_same(&w)),
        _ => panic!("expected AccumulateGrad"),
    }
    // A chain: next of next.
    let z = x.sin().exp();
    let f = z.grad_fn().unwrap();
    let sin = match &f.next_functions()[0] {
        Some(NextFunction::Backward(g)) => g.clone(),
        _ => panic!("expected SinBackward0"),
    };
    assert_eq!(sin.name(), "SinBackward0");
    assert!(
        matches!(&sin.next_functions()[0], Some(NextFunction::AccumulateGrad(t)) if t.is_same(&x))
    );
    assert!(f.ptr_eq(&z.grad_fn().unwrap()));
    assert!(!f.ptr_eq(&sin));
}

// ---- dtypes --------------------------------------------------------------------------------

#[test]
fn dtype_promotion() {
    let f32s = Tensor::new([1.0, 2.0]);
    let f64_0d = Tensor::new_with_dtype(1.5, DType::Float64);
    let ints = Tensor::new([1, 2]);
    let f64_1d = Tensor::new_with_dtype([1.5], DType::Float64);
    // Measured on PyTorch 2.15.0.
    assert_eq!((&f32s + &f64_0d).dtype(), DType::Float32);
    assert_eq!((&ints * 2.5).dtype(), DType::Float32);
    assert_eq!((&ints + &f64_1d).dtype(), DType::Float64);
    assert_eq!((&ints + &f64_0d).dtype(), DType::Float64);
    assert_eq!(
        (&Tensor::new([true]) + &Tensor::new(3)).dtype(),
        DType::Int64
    );
    assert_eq!(
        (&Tensor::new(1) + &Tensor::new(1.5)).dtype(),
        DType::Float32
    );
    assert_eq!((&f32s + &f64_1d).dtype(), DType::Float64);
    assert_eq!((&ints / 2i64).dtype(), DType::Float32);
    assert_eq!(
        ints.try_div(&Tensor::new(2)).unwrap().dtype(),
        DType::Float32
    );
    assert_eq!((&ints * 2i64).dtype(), DType::Int64);
    assert_eq!((&f64_1d * 2.5).dtype(), DType::Float64);
    assert_eq!(ints.sum().dtype(), DType::Int64);
    assert_eq!(ints.exp().dtype(), DType::Float32);
    // Values are computed in the promoted type.
    assert_eq!((&ints * 2.5).to_vec::<f32>(), vec![2.5, 5.0]);
    assert_eq!((&f32s + &f64_0d).to_string(), "tensor([2.5000, 3.5000])");
}

#[test]
fn mixed_dtype_backward_gives_each_input_its_own_dtype() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let w = Tensor::new_with_dtype([3.0, 4.0], DType::Float64).requires_grad_(true);
    let y = &x * &w;
    assert_eq!(y.dtype(), DType::Float64);
    y.sum().backward();
    assert_eq!(x.grad().unwrap().dtype(), DType::Float32);
    assert_eq!(w.grad().unwrap().dtype(), DType::Float64);
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0, 4.0]);
    assert_eq!(w.grad().unwrap().to_vec::<f64>(), vec![1.0, 2.0]);
    // A 0-dim float64 operand keeps the float32 result; its own grad is float64 and 0-dim.
    let s = Tensor::new_with_dtype(2.0, DType::Float64).requires_grad_(true);
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * &s;
    assert_eq!(y.dtype(), DType::Float32);
    y.sum().backward();
    assert_eq!(s.grad().unwrap().dtype(), DType::Float64);
    assert_eq!(s.grad().unwrap().shape(), &[] as &[usize]);
    assert_eq!(s.grad().unwrap().item(), 3.0);
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 2.0]);
    // Through a cast.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    x.to_dtype(DType::Float64).pow(2).sum().backward();
    assert_eq!(x.grad().unwrap().dtype(), DType::Float32);
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 4.0]);
}

#[test]
fn integer_and_float64_gradients_are_cast_to_the_output_dtype() {
    // Seed 000: Q.backward(gradient=torch.tensor([1, 1])).
    let a = tensor!([2.0, 3.0], requires_grad = true);
    let b = tensor!([6.0, 4.0], requires_grad = true);
    let q = 3.0 * a.pow(3) - b.pow(2);
    q.backward_with(&Tensor::new([1, 1]));
    assert_eq!(
        format!("{} {}", a.grad().py(), b.grad().py()),
        "tensor([36., 81.]) tensor([-12.,  -8.])"
    );
    assert_eq!(a.grad().unwrap().dtype(), DType::Float32);
    // A float64 gradient for a float32 output, and a bool one.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    (&x * &x).backward_with(&Tensor::new_with_dtype([0.5, 1.0], DType::Float64));
    assert_eq!(x.grad().unwrap().dtype(), DType::Float32);
    assert_eq!(grad_of(&x), vec![1.0, 4.0]);
    (&x * 1.0).backward_with(&Tensor::new([true, false]));
    assert_eq!(grad_of(&x), vec![2.0, 4.0]);
    // Seed 000's other vectors.
    let x = Tensor::arange(3.0).requires_grad_(true);
    (&x * &x).backward_with(&Tensor::new([1.0, 1.0, 0.0]));
    assert_eq!(x.grad().unwrap().to_string(), "tensor([0., 2., 0.])");
}

// ---- deep graphs ---------------------------------------------------------------------------

/// Runs `f` on a thread with a 2 MiB stack: anything recursing per node would overflow it.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the small-stack thread finished without panicking");
}

const MILLION: usize = 1_000_000;

#[test]
fn backward_through_a_million_node_chain_on_a_small_stack() {
    on_small_stack(|| {
        let c = 1.000_000_1f64;
        let x = Tensor::new_with_dtype(2.0, DType::Float64).requires_grad_(true);
        let mut y = x.clone();
        for _ in 0..MILLION {
            y = &y * c;
        }
        assert_eq!(y.grad_fn().unwrap().name(), "MulBackward0");
        let expected = c.powi(MILLION as i32);
        assert!((y.item() - 2.0 * expected).abs() < 1e-9 * expected);
        y.backward();
        let g = x.grad().unwrap().item();
        assert!((g - expected).abs() < 1e-9 * expected, "{g} vs {expected}");
        drop(y); // the graph, freed by backward, is dropped here
    });
}

#[test]
fn dropping_a_million_node_graph_without_backward_on_a_small_stack() {
    on_small_stack(|| {
        let x = Tensor::new([0.5, 1.0]).requires_grad_(true);
        let mut y = x.clone();
        for _ in 0..MILLION {
            y = y.sin();
        }
        assert_eq!(y.grad_fn().unwrap().name(), "SinBackward0");
        drop(y); // a chain of a million nodes, each holding its saved input
        assert!(x.grad().is_none());
        // A tensor handle from the middle of a chain keeps its part alive, and drops it later.
        let mut y = &x * 1.0;
        let mut middle = None;
        for i in 0..MILLION {
            y = &y + 1.0;
            if i == MILLION / 2 {
                middle = Some(y.clone());
            }
        }
        drop(y);
        let m = middle.unwrap();
        m.sum().backward();
        assert_eq!(grad_of(&x), vec![1.0, 1.0]);
        drop(m);
    });
}

#[test]
fn second_derivative_through_a_ten_thousand_node_chain() {
    on_small_stack(|| {
        // y_{k+1} = sin(y_k): y' and y'' by the chain rule, in plain f64.
        let x0 = 1.0f64;
        let (mut y, mut d1, mut d2) = (x0, 1.0f64, 0.0f64);
        let n = 10_000;
        for _ in 0..n {
            let (s, c) = (y.sin(), y.cos());
            d2 = -s * d1 * d1 + c * d2;
            d1 *= c;
            y = s;
        }
        let x = Tensor::new_with_dtype(x0, DType::Float64).requires_grad_(true);
        let mut t = x.clone();
        for _ in 0..n {
            t = t.sin();
        }
        assert!((t.item() - y).abs() < 1e-12);
        let opts = GradOptions::new().create_graph(true);
        let g = grad_with(&[t], std::slice::from_ref(&x), &opts).unwrap()[0]
            .clone()
            .unwrap();
        assert!(
            (g.item() - d1).abs() <= 1e-9 * d1.abs(),
            "{} vs {d1}",
            g.item()
        );
        let h = grad(&[g], std::slice::from_ref(&x)).unwrap();
        assert!(
            (h[0].item() - d2).abs() <= 1e-9 * d2.abs(),
            "{} vs {d2}",
            h[0].item()
        );
    });
}

#[test]
fn a_wide_graph_sums_every_path() {
    // 1000 uses of one leaf, each a separate path: the gradient is their sum.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let mut total = &x * 0.0;
    for k in 1..=1000 {
        total = &total + &x * k as f64;
    }
    total.sum().backward();
    assert_eq!(grad_of(&x), vec![500_500.0, 500_500.0]);
    assert_close(
        &x.grad().unwrap().to_f64_vec(),
        &[500_500.0, 500_500.0],
        0.0,
    );
}

#[test]
fn gradients_at_kinks_and_ties_follow_pytorch() {
    // Measured on PyTorch 2.15.0.
    let back = |f: &dyn Fn(&Tensor) -> Tensor, v: &[f32]| {
        let x = Tensor::from_vec(v.to_vec(), &[v.len()]).requires_grad_(true);
        f(&x).sum().backward();
        grad_of(&x)
    };
    // max()/min() share the gradient evenly among ties.
    assert_eq!(back(&|x| x.max(), &[1.0, 3.0, 3.0]), vec![0.0, 0.5, 0.5]);
    assert_eq!(back(&|x| x.min(), &[1.0, 1.0, 3.0]), vec![0.5, 0.5, 0.0]);
    // max along a dim gives it all to the first maximum.
    assert_eq!(
        back(
            &|x| x.reshape(&[1, 3]).try_max_dim(1, false).unwrap().0,
            &[1.0, 3.0, 3.0]
        ),
        vec![0.0, 1.0, 0.0]
    );
    // clamp passes the gradient strictly inside its bounds.
    let k = [-1.0, 0.0, 1.0];
    assert_eq!(
        back(&|x| x.clamp(Some(-1.0), Some(1.0)), &k),
        vec![0.0, 1.0, 0.0]
    );
    assert_eq!(back(&|x| x.clamp(Some(0.0), None), &k), vec![0.0, 0.0, 1.0]);
    assert_eq!(back(&|x| x.clamp(None, Some(0.0)), &k), vec![1.0, 0.0, 0.0]);
    assert_eq!(
        back(&|x| x.clamp(Some(0.0), Some(0.0)), &k),
        vec![0.0, 0.0, 0.0]
    );
    // relu and abs have gradient 0 at 0.
    assert_eq!(back(&|x| x.relu(), &k), vec![0.0, 0.0, 1.0]);
    assert_eq!(back(&|x| x.abs(), &k), vec![-1.0, 0.0, 1.0]);
    // sqrt at 0 is infinite; x**2.5 at 0 is 0.
    let g = back(&|x| x.sqrt(), &[0.0, 2.0]);
    assert!(g[0].is_infinite() && (g[1] - 0.353_553_4).abs() < 1e-6);
    let g = back(&|x| x.pow(2.5), &[0.0, 2.0]);
    assert!(g[0] == 0.0 && (g[1] - 7.071_068).abs() < 1e-5);
}

#[test]
fn zero_dim_views_stay_in_the_graph() {
    let s = Tensor::new(2.0).requires_grad_(true);
    for (expected, t) in [
        ("TransposeBackward0", s.transpose(0, 0)),
        ("TransposeBackward0", s.transpose(-1, 0)),
        ("TBackward0", s.t()),
        ("SqueezeBackward0", s.squeeze()),
        ("UnsqueezeBackward0", s.unsqueeze(0)),
    ] {
        assert_eq!(name(&t), expected);
        s.set_grad(None);
        (&t * 3.0).sum().backward();
        assert_eq!(s.grad().unwrap().item(), 3.0, "{expected}");
    }
}

/// As PyTorch's `mm_mat1_backward` / `mm_mat2_backward`: a column-major (transposed) operand of
/// a matrix product gets a column-major gradient, so the weight of `F.linear` (used as `Wᵀ`)
/// receives a contiguous gradient, and with create_graph the chain is PyTorch's
/// (TBackward0 → TBackward0 → MmBackward0; recorded from PyTorch 2.15: strides (5, 1)).
#[test]
fn transposed_operands_of_matrix_products_get_contiguous_gradients() {
    let x = Tensor::arange(20.0).reshape(&[4, 5]).requires_grad_(true);
    let w = (Tensor::arange(15.0).reshape(&[3, 5]) * 0.1).requires_grad_(true);
    let b = Tensor::zeros(&[3]).requires_grad_(true);
    let u = Tensor::arange(12.0).reshape(&[4, 3]);
    for with_bias in [true, false] {
        let y = x.try_linear(&w, with_bias.then_some(&b)).unwrap();
        let create = GradOptions::new().create_graph(true);
        let g = grad_with(&[(&y * &u).sum()], &[x.clone(), w.clone()], &create).unwrap();
        let (gx, gw) = (g[0].clone().unwrap(), g[1].clone().unwrap());
        assert_eq!(gw.strides(), &[5, 1]);
        assert_eq!(gx.strides(), &[5, 1]);
        assert_eq!(name(&gw), "TBackward0");
        match &gw.grad_fn().unwrap().next_functions()[0] {
            Some(ferrograd::NextFunction::Backward(f)) => assert_eq!(f.name(), "TBackward0"),
            _ => panic!("the gradient's transpose follows a transpose"),
        }
        // the values: gw = uᵀ x, gx = u w
        let want_gw = u.t().mm(&x.detach());
        assert_eq!(v32(&gw), v32(&want_gw));
        assert_eq!(v32(&gx), v32(&u.mm(&w.detach())));
    }
    // a transposed first operand: its gradient is column-major too
    let a = Tensor::arange(20.0).reshape(&[5, 4]).requires_grad_(true);
    let m = Tensor::ones(&[5, 3]);
    let y = a.t().mm(&m);
    let ga = grad(&[y.sum()], std::slice::from_ref(&a)).unwrap()[0].clone();
    assert_eq!(ga.strides(), &[4, 1]);
    assert_eq!(v32(&ga), vec![3.0; 20]);
}
