//! Operations with several outputs recorded as one node, as PyTorch 2.15 records them
//! (`split`, `split_with_sizes`, `chunk`, `unbind`, `var_mean`, `std_mean`, custom Functions):
//! every output shows the same `grad_fn` with its own `output_nr`, the rule runs once with one
//! gradient per output (outputs that received none count as zeros), hooks and `retain_grad`
//! belong to one output, and an output view refuses in-place writes with PyTorch's message.
//! Expected values were recorded from PyTorch 2.15.

use ferrograd::autograd::forward_ad::{dual_level, make_dual, unpack_dual};
use ferrograd::autograd::{
    apply_multi, grad, gradcheck, gradgradcheck, FunctionCtx, GradcheckOptions, MultiFunction,
};
use ferrograd::{DType, NextFunction, Result, Tensor};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn x23() -> Tensor {
    Tensor::arange(6.0).reshape(&[2, 3]).requires_grad_(true)
}

fn f64s(t: &Tensor) -> Vec<f64> {
    t.to_f64_vec()
}

#[test]
fn the_pieces_of_a_split_share_one_node_with_their_output_indices() {
    let y = &x23() * 1.0;
    let p = y.split(1, 0);
    let (a, b) = (&p[0], &p[1]);
    assert!(a.grad_fn().unwrap().ptr_eq(&b.grad_fn().unwrap()));
    assert_eq!(a.grad_fn().unwrap().name(), "SplitBackward0");
    assert_eq!(a.grad_fn().unwrap().num_outputs(), 2);
    assert_eq!((a.output_nr(), b.output_nr()), (0, 1));
    // a consumer's edges name the output they come from: ((MulBackward0, 0), (SplitBackward0, 1))
    let c = &(a * 2.0) + b;
    assert_eq!(c.output_nr(), 0);
    let next = c.grad_fn().unwrap().next_edges();
    let (f, nr) = next[1].as_ref().unwrap();
    match f {
        NextFunction::Backward(g) => assert_eq!((g.name(), *nr), ("SplitBackward0", 1)),
        NextFunction::AccumulateGrad(_) => panic!("a node was expected"),
    }
    for (name, pieces) in [
        (
            "SplitWithSizesBackward0",
            y.try_split_with_sizes(&[1, 1], 0).unwrap(),
        ),
        ("SplitBackward0", y.chunk(2, 1)),
        ("UnbindBackward0", y.try_unbind(1).unwrap()),
    ] {
        let f = pieces[0].grad_fn().unwrap();
        assert_eq!(f.name(), name);
        assert!(pieces.iter().all(|p| p.grad_fn().unwrap().ptr_eq(&f)));
        let nrs: Vec<usize> = pieces.iter().map(|p| p.output_nr()).collect();
        assert_eq!(nrs, (0..pieces.len()).collect::<Vec<_>>());
    }
}

#[test]
fn gradients_of_the_pieces_meet_in_one_pass_with_zeros_for_unused_pieces() {
    // x = arange(10.).reshape(2, 5); a, b, c = x.split(2, 1); a.sum() + 2 b.sum() + 3 c.sum()
    let x = Tensor::arange(10.0).reshape(&[2, 5]).requires_grad_(true);
    let p = x.split(2, 1);
    (&(&p[0].sum() + &(&p[1].sum() * 2.0)) + &(&p[2].sum() * 3.0)).backward();
    assert_eq!(
        f64s(&x.grad().unwrap()),
        [1., 1., 2., 2., 3., 1., 1., 2., 2., 3.]
    );
    // only the last row of an unbind used: the others get zeros
    let x = x23();
    let u = x.try_unbind(0).unwrap();
    (&u[1] * &u[1]).sum().backward();
    assert_eq!(f64s(&x.grad().unwrap()), [0., 0., 0., 6., 8., 10.]);
    // pieces as targets of grad(): (a * 2 + b * 5).sum() w.r.t. [b, a]
    let y = &x23() * 1.0;
    let p = y.split(1, 0);
    let out = (&(&p[0] * 2.0) + &(&p[1] * 5.0)).sum();
    let g = grad(&[out], &[p[1].clone(), p[0].clone()]).unwrap();
    assert_eq!((f64s(&g[0]), f64s(&g[1])), (vec![5.0; 3], vec![2.0; 3]));
}

#[test]
fn hooks_and_retained_gradients_belong_to_one_output() {
    let y = &x23() * 1.0;
    let p = y.split(1, 0);
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    for (i, piece) in p.iter().enumerate() {
        let seen = seen.clone();
        piece.register_hook(move |g| {
            seen.lock().unwrap().push((i, g.to_f64_vec()));
            None
        });
    }
    p[1].retain_grad();
    (&p[0].sum() + &(&p[1].sum() * 3.0)).backward();
    let mut seen = seen.lock().unwrap().clone();
    seen.sort_by_key(|s| s.0);
    assert_eq!(seen, vec![(0, vec![1.0; 3]), (1, vec![3.0; 3])]);
    assert_eq!(f64s(&p[1].grad().unwrap()), [3.0; 3]);
    assert!(p[0].grad().is_none());
}

#[test]
fn an_output_view_of_a_multi_output_node_refuses_in_place_writes() {
    let y = &x23() * 1.0;
    let p = y.split(1, 0);
    let e = p[1].try_mul_(2.0).unwrap_err().to_string();
    assert_eq!(
        e,
        "Output 1 of Split is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one."
    );
    assert_eq!(f64s(&y), [0., 1., 2., 3., 4., 5.], "nothing was written");
    let u = y.try_unbind(1).unwrap();
    let e = u[2].try_add_(1.0).unwrap_err().to_string();
    assert!(e.starts_with("Output 2 of Unbind is a view"), "{e}");
    // without grad mode the write goes through, into the base
    {
        let _g = ferrograd::no_grad();
        p[1].mul_(2.0);
    }
    assert_eq!(f64s(&y), [0., 1., 2., 6., 8., 10.]);
    // pieces of a tensor that does not require grad are ordinary views
    let z = Tensor::arange(4.0);
    let q = z.split(2, 0);
    q[1].mul_(2.0);
    assert_eq!(f64s(&z), [0., 1., 4., 6.]);
}

#[test]
fn output_views_whose_base_changed_have_an_invalid_history() {
    // PyTorch 2.15: `grad_fn=<Invalid>`; reading the grad_fn or differentiating through the
    // view raises "Output 0 of Split is a view and its base ... has been modified inplace."
    let y = &x23() * 1.0;
    let p = y.split(1, 0);
    y.add_(1.0);
    assert!(
        format!("{}", p[0]).ends_with("grad_fn=<Invalid>)"),
        "{}",
        p[0]
    );
    let want = "Output 0 of Split is a view and its base or another view of its base has been modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.";
    assert_eq!(p[0].try_grad_fn().unwrap_err().to_string(), want);
    let e = (&p[0] * 2.0).sum().try_backward().unwrap_err().to_string();
    assert_eq!(e, want);
    assert!(p[1]
        .try_grad_fn()
        .unwrap_err()
        .to_string()
        .starts_with("Output 1 of Split"));
    // the base keeps its own history
    assert_eq!(y.grad_fn().unwrap().name(), "AddBackward0");
    // a write under no_grad into one piece invalidates every piece
    let z = &x23() * 1.0;
    let u = z.try_unbind(0).unwrap();
    {
        let _g = ferrograd::no_grad();
        u[0].mul_(2.0);
    }
    assert!(u[1]
        .try_grad_fn()
        .unwrap_err()
        .to_string()
        .starts_with("Output 1 of Unbind is a view and its base"));
    // unaffected pieces of another node still differentiate
    let w = &x23() * 1.0;
    let c = w.try_chunk(2, 1).unwrap();
    c[1].sum().backward();
}

#[test]
fn var_mean_and_std_mean_are_one_node_and_differentiate_each_output() {
    let x = Tensor::from_vec(vec![1.0f64, 2.0, 4.0, 7.0], &[2, 2]).requires_grad_(true);
    let (v, m) = x.try_var_mean(Some(&[1]), 1.0, false).unwrap();
    assert!(v.grad_fn().unwrap().ptr_eq(&m.grad_fn().unwrap()));
    assert_eq!((v.output_nr(), m.output_nr()), (0, 1));
    assert_eq!(v.grad_fn().unwrap().saved_names(), vec!["self"]);
    // d/dx of var.sum(): 2 (x - mean) / (N - 1); of mean.sum(): 1/N
    let g = grad(&[v.sum()], std::slice::from_ref(&x)).unwrap();
    assert_eq!(f64s(&g[0]), [-1.0, 1.0, -3.0, 3.0]);
    let (_, m) = x.try_var_mean(Some(&[1]), 1.0, false).unwrap();
    let g = grad(&[m.sum()], std::slice::from_ref(&x)).unwrap();
    assert_eq!(f64s(&g[0]), [0.5; 4]);
    let (v, m) = x.try_var_mean(Some(&[1]), 1.0, false).unwrap();
    let g = grad(&[(&v.sum() + &m.sum())], std::slice::from_ref(&x)).unwrap();
    assert_eq!(f64s(&g[0]), [-0.5, 1.5, -2.5, 3.5]);
    let (s, m) = x.try_std_mean(None, 0.0, false).unwrap();
    assert_eq!(s.grad_fn().unwrap().name(), "StdMeanBackward0");
    assert_eq!(s.grad_fn().unwrap().saved_names(), vec!["self", "result0"]);
    assert!(s.grad_fn().unwrap().ptr_eq(&m.grad_fn().unwrap()));
    let opts = GradcheckOptions::default();
    for std in [false, true] {
        let f = move |t: &[Tensor]| -> Result<Vec<Tensor>> {
            let (a, b) = if std {
                t[0].try_std_mean(Some(&[0]), 1.0, true)?
            } else {
                t[0].try_var_mean(Some(&[0]), 1.0, true)?
            };
            Ok(vec![a, b])
        };
        let inp = [
            Tensor::from_vec(vec![0.3f64, -1.2, 2.5, 0.7, 1.1, -0.4], &[3, 2]).requires_grad_(true),
        ];
        assert!(gradcheck(f, &inp, opts).unwrap());
        assert!(gradgradcheck(f, &inp, opts).unwrap());
    }
}

#[test]
fn pieces_pass_gradcheck_first_and_second_order() {
    let opts = GradcheckOptions::default();
    let inp = [Tensor::from_vec(
        vec![
            0.3f64, -1.2, 2.5, 0.7, 1.1, -0.4, 0.9, 1.7, -2.2, 0.05, 0.6, -0.8,
        ],
        &[3, 4],
    )
    .requires_grad_(true)];
    type Case = fn(&[Tensor]) -> Result<Vec<Tensor>>;
    let cases: [Case; 4] = [
        |t| Ok(t[0].try_split(3, 1)?.iter().map(|p| p * p).collect()),
        |t| {
            // one piece unused, another used twice
            let p = t[0].try_split_with_sizes(&[1, 2], 0)?;
            Ok(vec![&p[1] * &p[1], p[1].sin()])
        },
        |t| Ok(t[0].try_unbind(1)?.iter().map(|p| p.exp()).collect()),
        |t| Ok(vec![t[0].try_chunk(2, 0)?[0].sin()]),
    ];
    for f in cases {
        assert!(gradcheck(f, &inp, opts).unwrap());
        assert!(gradgradcheck(f, &inp, opts).unwrap());
    }
}

#[test]
fn batched_vector_jacobian_products_go_through_the_pieces() {
    use ferrograd::autograd::functional::{jacobian, Options};
    let x = Tensor::from_vec(vec![0.5f64, -1.0, 2.0, 0.25, 3.0, -0.5], &[2, 3]);
    let f = |t: &[Tensor]| -> Result<Vec<Tensor>> {
        let u = t[0].try_unbind(1)?;
        let (v, m) = t[0].try_var_mean(Some(&[1]), 1.0, false)?;
        Ok(vec![&(&u[0] * &u[2]) + &(&v * &m)])
    };
    let rows = jacobian(f, std::slice::from_ref(&x), Options::default()).unwrap();
    let batched = jacobian(
        f,
        &[x],
        Options {
            vectorize: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(f64s(&rows[0][0]), f64s(&batched[0][0]));
}

#[test]
fn forward_mode_tangents_of_each_output() {
    let _level = dual_level().unwrap();
    let x = make_dual(
        &Tensor::from_vec(vec![1.0f64, 2.0, 4.0, 7.0], &[2, 2]),
        &Tensor::from_vec(vec![1.0f64, 0.0, 0.0, 2.0], &[2, 2]),
    )
    .unwrap();
    let u = x.try_unbind(0).unwrap();
    assert_eq!(f64s(&unpack_dual(&u[1]).1.unwrap()), [0.0, 2.0]);
    let (v, m) = x.try_var_mean(Some(&[1]), 1.0, false).unwrap();
    // var: 2 (x - mean) · t / (N - 1), mean: mean of t
    assert_eq!(f64s(&unpack_dual(&v).1.unwrap()), [-1.0, 6.0]);
    assert_eq!(f64s(&unpack_dual(&m).1.unwrap()), [0.5, 1.0]);
}

/// `(2x, x²)`, counting the calls of `backward` and saving its second output.
struct TwoOutputs(Arc<AtomicUsize>);

impl MultiFunction for TwoOutputs {
    fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> Result<Vec<Tensor>> {
        let (a, b) = (x[0].try_mul_scalar(2.0)?, x[0].try_mul(&x[0])?);
        ctx.save_for_backward(&[x[0].clone(), b.clone()]);
        Ok(vec![a, b])
    }
    fn backward(&self, ctx: &FunctionCtx, g: &[Option<Tensor>]) -> Result<Vec<Option<Tensor>>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        let (x, b) = (&ctx.saved_tensors()[0], &ctx.saved_tensors()[1]);
        let (ga, gb) = (g[0].as_ref().unwrap(), g[1].as_ref().unwrap());
        // d(x²)/dx written through the saved output: 2 x² / x
        let db = b.try_mul_scalar(2.0)?.try_div(x)?;
        Ok(vec![Some(
            ga.try_mul_scalar(2.0)?.try_add(&gb.try_mul(&db)?)?,
        )])
    }
    fn name(&self) -> &'static str {
        "TwoOutputsBackward"
    }
}

#[test]
fn a_custom_function_with_two_outputs_is_one_node_and_runs_backward_once() {
    let calls = Arc::new(AtomicUsize::new(0));
    let x = Tensor::from_vec(vec![1.0f64, 3.0], &[2]).requires_grad_(true);
    let o = apply_multi(TwoOutputs(calls.clone()), std::slice::from_ref(&x)).unwrap();
    assert!(o[0].grad_fn().unwrap().ptr_eq(&o[1].grad_fn().unwrap()));
    assert_eq!((o[0].output_nr(), o[1].output_nr()), (0, 1));
    let g = ferrograd::autograd::grad_with(
        &[(&o[0].sum() + &o[1].sum())],
        std::slice::from_ref(&x),
        &ferrograd::autograd::GradOptions::new().create_graph(true),
    )
    .unwrap();
    let g = g[0].clone().unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(f64s(&g), [4.0, 8.0]);
    // the saved output came back with its node: the gradient is differentiable again (through
    // the function's backward once more)
    let gg = grad(&[g.sum()], std::slice::from_ref(&x)).unwrap();
    assert_eq!(f64s(&gg[0]), [2.0, 2.0]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // one output used: the other's gradient is materialized as zeros
    let o = apply_multi(TwoOutputs(calls.clone()), std::slice::from_ref(&x)).unwrap();
    o[1].sum().backward();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_eq!(f64s(&x.grad().unwrap()), [2.0, 6.0]);
    assert_eq!(o[1].dtype(), DType::Float64);
}

#[test]
fn unbinding_many_rows_backward_writes_the_input_gradient_once() {
    // 4096 rows: one pass through the pieces' gradients (row by row it was 4096 full-size
    // gradients added together)
    let x = Tensor::ones(&[4096, 64]).requires_grad_(true);
    let rows = x.try_unbind(0).unwrap();
    let mut acc = rows[0].sum();
    for r in rows.iter().skip(1).step_by(2) {
        acc = &acc + &r.sum();
    }
    acc.backward();
    let g = x.grad().unwrap().sum_dims(&[1], false);
    let expect: Vec<f64> = (0..4096)
        .map(|i| if i == 0 || i % 2 == 1 { 64.0 } else { 0.0 })
        .collect();
    assert_eq!(f64s(&g), expect);
}

#[test]
fn node_hooks_see_every_output_gradient() {
    use ferrograd::autograd::NodeHook;
    let x = Tensor::arange(4.0).requires_grad_(true);
    let y = &x * 1.0;
    let p = y.split(2, 0);
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let s = seen.clone();
    let f = p[0].grad_fn().unwrap();
    f.register_outputs_prehook(NodeHook::new(move |go, _| {
        s.lock()
            .unwrap()
            .push(go.iter().map(|g| g.as_ref().map(f64s)).collect::<Vec<_>>());
        Ok(Some(vec![go[0].as_ref().map(|g| g * 10.0), go[1].clone()]))
    }));
    let s = seen.clone();
    f.register_hook(NodeHook::new(move |_, go| {
        s.lock()
            .unwrap()
            .push(go.iter().map(|g| g.as_ref().map(f64s)).collect::<Vec<_>>());
        Ok(None)
    }));
    (&p[0].sum() + &(&p[1].sum() * 2.0)).backward();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0], vec![Some(vec![1.0, 1.0]), Some(vec![2.0, 2.0])]);
    // the post hook sees the outputs' gradients after the prehook replaced them
    assert_eq!(seen[1], vec![Some(vec![10.0, 10.0]), Some(vec![2.0, 2.0])]);
    assert_eq!(f64s(&x.grad().unwrap()), [10.0, 10.0, 2.0, 2.0]);
    // a wrong number of replacements is PyTorch's error
    let y = &x * 1.0;
    let p = y.split(2, 0);
    p[0].grad_fn().unwrap().register_outputs_prehook(
        NodeHook::new(|go, _| Ok(Some(vec![go[0].clone()]))).named("one"),
    );
    let e = (&p[0].sum() + &p[1].sum())
        .try_backward()
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "hook 'one' has returned an incorrect number of values (got 1, but expected 2)"
    );
    // an output that received nothing is None
    let y = &x * 1.0;
    let p = y.split(2, 0);
    let got = Arc::new(std::sync::Mutex::new(None));
    let g2 = got.clone();
    p[0].grad_fn()
        .unwrap()
        .register_outputs_prehook(NodeHook::new(move |go, _| {
            *g2.lock().unwrap() = Some((go[0].is_some(), go[1].is_some()));
            Ok(None)
        }));
    p[0].sum().backward();
    assert_eq!(*got.lock().unwrap(), Some((true, false)));
}

#[test]
fn views_of_output_views_and_pieces_of_leaves_are_refused_as_pytorch_refuses_them() {
    let msg = |nr: usize, op: &str| {
        format!("Output {nr} of {op} is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.")
    };
    // pieces of a leaf: the multi-output message comes first (PyTorch 2.15)
    let x = Tensor::arange(4.0).requires_grad_(true);
    let p = x.split(2, 0);
    assert_eq!(p[1].try_mul_(2.0).unwrap_err().to_string(), msg(1, "Split"));
    let u = x.try_unbind(0).unwrap();
    assert_eq!(
        u[1].try_add_(1.0).unwrap_err().to_string(),
        msg(1, "Unbind")
    );
    // a view of a piece inherits the refusal, named after its own node
    let y = &x * 1.0;
    let p = y.split(2, 0);
    let c = p[0].view(&[2]);
    assert_eq!(c.try_mul_(2.0).unwrap_err().to_string(), msg(0, "View"));
    assert_eq!(c.grad_fn().unwrap().name(), "ViewBackward0");
}
