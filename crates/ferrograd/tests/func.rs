//! `ferrograd::func` against PyTorch's `torch.func` (`data/gen_func.py` → `data/func.json`):
//! each transform, their compositions, per-sample gradients of a small MLP, model ensembling,
//! and the recorded error messages. The functions are those of the generator, op for op.

use ferrograd::{func, Result, Tensor};
use serde_json::Value;

fn data() -> Value {
    serde_json::from_str(include_str!("data/func.json")).unwrap()
}

fn dec(v: &Value) -> Tensor {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect();
    let vals: Vec<f64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    Tensor::from_vec(vals, &shape)
}

#[track_caller]
fn close(got: &Tensor, want: &Value) {
    let want = dec(want);
    assert_eq!(got.shape(), want.shape(), "shape");
    let (g, w) = (got.to_vec::<f64>(), want.to_vec::<f64>());
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 + 1e-10 * b.abs(),
            "element {i}: got {a}, PyTorch {b}"
        );
    }
}

#[track_caller]
fn close_all(got: &[Tensor], want: &Value) {
    let want = want.as_array().unwrap();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        close(g, w);
    }
}

struct Inputs {
    w: Tensor,
    x: Tensor,
    y: Tensor,
    c: Tensor,
    t: Tensor,
    xs: Tensor,
    ys: Tensor,
    s0: Tensor,
}

fn inputs(d: &Value) -> Inputs {
    let i = &d["inputs"];
    Inputs {
        w: dec(&i["W"]),
        x: dec(&i["x"]),
        y: dec(&i["y"]),
        c: dec(&i["c"]),
        t: dec(&i["t"]),
        xs: dec(&i["X"]),
        ys: dec(&i["Y"]),
        s0: dec(&i["s0"]),
    }
}

fn f1(x: &Tensor) -> Result<Tensor> {
    Ok((x.sin() * x.exp()).sum())
}

fn f2(a: &[Tensor]) -> Result<Tensor> {
    Ok((&a[0] * a[1].tanh()).sum() + (a[0].pow(2.0) * &a[1]).sum())
}

fn g_of(w: &Tensor) -> impl Fn(&[Tensor]) -> Result<Vec<Tensor>> + Clone {
    let w = w.clone();
    move |a: &[Tensor]| Ok(vec![w.try_matmul(&a[0].tanh())? * a[0].sum()])
}

fn h(a: &[Tensor]) -> Result<Vec<Tensor>> {
    Ok(vec![a[0].sin() * &a[1]])
}

#[test]
fn grad_and_grad_and_value() {
    let d = data();
    let (r, i) = (&d["results"], inputs(&d));
    close(&func::grad(f1)(&i.x).unwrap(), &r["grad_F1"]);
    let (g, v) = func::grad_and_value(f2, &[0, 1])(&[i.x.clone(), i.y.clone()]).unwrap();
    close_all(&g, &r["grad_and_value_F2"]["grads"]);
    close(&v, &r["grad_and_value_F2"]["value"]);
    let g1 = func::grad_argnums(f2, &[1])(&[i.x.clone(), i.y.clone()]).unwrap();
    close(&g1[0], &r["grad_F2_argnum1"]);
    let aux = func::grad_and_value_aux(|a: &[Tensor]| Ok((f1(&a[0])?, vec![a[0].cos()])), &[0]);
    let (g, _, aux) = aux(std::slice::from_ref(&i.x)).unwrap();
    close(&g[0], &r["grad_aux"]["grad"]);
    close(&aux[0], &r["grad_aux"]["aux"]);
    // at the top level the results are plain tensors
    assert!(g[0].grad_fn().is_none() && !g[0].requires_grad());
}

#[test]
fn vjp_and_jvp() {
    let d = data();
    let (r, i) = (&d["results"], inputs(&d));
    let (o, vjp_fn) = func::vjp(g_of(&i.w), std::slice::from_ref(&i.x)).unwrap();
    close(&o[0], &r["vjp_G"]["out"]);
    close(
        &vjp_fn.call(std::slice::from_ref(&i.c)).unwrap()[0],
        &r["vjp_G"]["vjp"],
    );
    // the vjp function may be called again
    close(
        &vjp_fn.call(std::slice::from_ref(&i.c)).unwrap()[0],
        &r["vjp_G"]["vjp"],
    );
    let (o, vjp_fn) = func::vjp(h, &[i.x.clone(), i.y.clone()]).unwrap();
    close(&o[0], &r["vjp_H"]["out"]);
    close_all(
        &vjp_fn.call(std::slice::from_ref(&i.t)).unwrap(),
        &r["vjp_H"]["vjp"],
    );

    let (o, jv) = func::jvp(
        g_of(&i.w),
        std::slice::from_ref(&i.x),
        std::slice::from_ref(&i.t),
    )
    .unwrap();
    close(&o[0], &r["jvp_G"]["out"]);
    close(&jv[0], &r["jvp_G"]["jvp"]);
    let ty = dec(&r["jvp_H"]["tangent_y"]);
    let (o, jv) = func::jvp(h, &[i.x.clone(), i.y.clone()], &[i.t.clone(), ty]).unwrap();
    close(&o[0], &r["jvp_H"]["out"]);
    close(&jv[0], &r["jvp_H"]["jvp"]);
}

#[test]
fn jacobians_and_hessians() {
    let d = data();
    let (r, i) = (&d["results"], inputs(&d));
    let x1 = std::slice::from_ref(&i.x);
    let xy = [i.x.clone(), i.y.clone()];
    close(
        &func::jacrev(g_of(&i.w), &[0], None)(x1).unwrap()[0],
        &r["jacrev_G"],
    );
    for chunk in [Some(1), Some(2), Some(7)] {
        close(
            &func::jacrev(g_of(&i.w), &[0], chunk)(x1).unwrap()[0],
            &r["jacrev_G"],
        );
        close(
            &func::jacfwd(g_of(&i.w), &[0], chunk)(x1).unwrap()[0],
            &r["jacfwd_G"],
        );
    }
    close(
        &func::jacfwd(g_of(&i.w), &[0], None)(x1).unwrap()[0],
        &r["jacfwd_G"],
    );
    close_all(
        &func::jacrev(h, &[0, 1], None)(&xy).unwrap(),
        &r["jacrev_H_01"],
    );
    close_all(
        &func::jacfwd(h, &[0, 1], None)(&xy).unwrap(),
        &r["jacfwd_H_01"],
    );
    close(
        &func::hessian(|a: &[Tensor]| f1(&a[0]), &[0])(x1).unwrap()[0],
        &r["hessian_F1"],
    );
    // PyTorch's ((H00, H01), (H10, H11)), row by row
    let want: Vec<Value> = r["hessian_F2_01"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().clone())
        .collect();
    close_all(
        &func::hessian(f2, &[0, 1])(&xy).unwrap(),
        &Value::Array(want),
    );
}

#[test]
fn compositions() {
    let d = data();
    let (r, i) = (&d["results"], inputs(&d));
    let x1 = std::slice::from_ref(&i.x);
    let g = g_of(&i.w);
    close(
        &func::jacrev(func::jacfwd(g.clone(), &[0], None), &[0], None)(x1).unwrap()[0],
        &r["jacrev_jacfwd_G"],
    );
    close(
        &func::jacrev(func::jacrev(g.clone(), &[0], None), &[0], None)(x1).unwrap()[0],
        &r["jacrev_jacrev_G"],
    );
    close(
        &func::jacfwd(func::jacrev(g.clone(), &[0], None), &[0], None)(x1).unwrap()[0],
        &r["jacfwd_jacrev_G"],
    );

    let s = |x: &Tensor| Ok(x.sin() * x.pow(3.0));
    let ds = func::grad(s);
    let d2s = func::grad(move |x: &Tensor| ds(x));
    close(&d2s(&i.s0).unwrap(), &r["grad_grad_S"]);
    let d3s = func::grad(move |x: &Tensor| d2s(x));
    close(&d3s(&i.s0).unwrap(), &r["grad_grad_grad_S"]);

    // a closure over the outer input: the inner derivative is y, not 2y
    let y0 = Tensor::new(3.0f64);
    let outer = func::grad(|y: &Tensor| {
        let yy = y.clone();
        func::grad(move |x: &Tensor| Ok(x * &yy))(y)
    });
    assert_eq!(outer(&y0).unwrap().item(), 1.0);
}

#[test]
fn vmap_and_its_compositions() {
    let d = data();
    let (r, i) = (&d["results"], inputs(&d));
    let grad_f1 = |a: &[Tensor]| Ok(vec![func::grad(f1)(&a[0])?]);
    close(
        &func::vmap(grad_f1, &[Some(0)], &[Some(0)])(std::slice::from_ref(&i.xs)).unwrap()[0],
        &r["vmap_grad_F1"],
    );
    let f2v = |a: &[Tensor]| Ok(vec![f2(a)?]);
    close(
        &func::vmap(f2v, &[Some(0), None], &[Some(0)])(&[i.xs.clone(), i.y.clone()]).unwrap()[0],
        &r["vmap_F2_in_dims_0_none"],
    );
    close(
        &func::vmap(h, &[Some(0), Some(0)], &[Some(1)])(&[i.xs.clone(), i.ys.clone()]).unwrap()[0],
        &r["vmap_H_out_dims_1"],
    );
    close(
        &func::vmap(h, &[Some(1), None], &[Some(0)])(&[i.xs.t().contiguous(), i.y.clone()])
            .unwrap()[0],
        &r["vmap_H_in_dims_1"],
    );
    let inner = func::vmap(
        |a: &[Tensor]| Ok(vec![&a[0] * &a[1]]),
        &[None, Some(0)],
        &[Some(0)],
    );
    let outer = func::vmap(inner, &[Some(0), None], &[Some(0)]);
    close(
        &outer(&[i.xs.select(1, 0), i.ys.select(0, 0)]).unwrap()[0],
        &r["vmap_vmap_outer"],
    );
    let jac = func::jacrev(g_of(&i.w), &[0], None);
    close(
        &func::vmap(jac, &[Some(0)], &[Some(0)])(std::slice::from_ref(&i.xs)).unwrap()[0],
        &r["vmap_jacrev_G"],
    );
    let hes = func::hessian(|a: &[Tensor]| f1(&a[0]), &[0]);
    close(
        &func::vmap(hes, &[Some(0)], &[Some(0)])(std::slice::from_ref(&i.xs)).unwrap()[0],
        &r["vmap_hessian_F1"],
    );
    let total = func::grad(|x: &Tensor| {
        let per = func::vmap(|a: &[Tensor]| Ok(vec![f1(&a[0])?]), &[Some(0)], &[Some(0)])(
            std::slice::from_ref(x),
        )?;
        Ok(per[0].sum())
    });
    close(&total(&i.xs).unwrap(), &r["grad_vmap_sum"]);
}

fn mlp(p: &[Tensor], x: &Tensor) -> Result<Tensor> {
    x.try_linear(&p[0], Some(&p[1]))?
        .try_relu()?
        .try_linear(&p[2], Some(&p[3]))
}

const PARAMS: [&str; 4] = ["0.weight", "0.bias", "2.weight", "2.bias"];

#[test]
fn per_sample_gradients_of_an_mlp() {
    let d = data();
    let ps = &d["per_sample"];
    let params: Vec<Tensor> = PARAMS.iter().map(|k| dec(&ps["params"][k])).collect();
    let xb = dec(&ps["x"]);
    let yb = Tensor::new(
        ps["y"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect::<Vec<_>>(),
    );
    // args: the four parameters, one example, its label
    let loss =
        |a: &[Tensor]| mlp(&a[..4], &a[4].unsqueeze(0))?.try_cross_entropy(&a[5].unsqueeze(0));
    let per_sample = func::vmap(
        func::grad_argnums(loss, &[0, 1, 2, 3]),
        &[None, None, None, None, Some(0), Some(0)],
        &[Some(0)],
    );
    let mut args = params.clone();
    args.extend([xb.clone(), yb.clone()]);
    let g = per_sample(&args).unwrap();
    for (gi, k) in g.iter().zip(PARAMS) {
        close(gi, &ps["grads"][k]);
    }
    let losses = func::vmap(
        move |a: &[Tensor]| Ok(vec![loss(a)?]),
        &[None, None, None, None, Some(0), Some(0)],
        &[Some(0)],
    );
    close(&losses(&args).unwrap()[0], &ps["loss"]);
}

#[test]
fn model_ensembling_with_stacked_parameters() {
    let d = data();
    let e = &d["ensemble"];
    let stacked: Vec<Tensor> = PARAMS.iter().map(|k| dec(&e["stacked"][k])).collect();
    let model = |a: &[Tensor]| Ok(vec![mlp(&a[..4], &a[4])?]);
    let mut args = stacked.clone();
    args.push(dec(&e["x"]));
    let same = func::vmap(
        model,
        &[Some(0), Some(0), Some(0), Some(0), None],
        &[Some(0)],
    );
    close(&same(&args).unwrap()[0], &e["same"]);
    args[4] = dec(&e["x3"]);
    let different = func::vmap(model, &[Some(0); 5], &[Some(0)]);
    close(&different(&args).unwrap()[0], &e["different"]);
}

#[track_caller]
fn message<T>(r: Result<T>, want: &Value) {
    let Err(e) = r else {
        panic!("expected an error")
    };
    assert_eq!(e.to_string(), want["message"].as_str().unwrap());
}

#[test]
fn pytorch_messages() {
    let d = data();
    let (e, i) = (&d["errors"], inputs(&d));
    let x1 = std::slice::from_ref(&i.x);
    message(
        func::grad(|x: &Tensor| Ok(x * 2.0))(&i.x),
        &e["grad_nonscalar"],
    );
    message(
        func::grad_argnums(|a: &[Tensor]| f1(&a[0]), &[2])(x1),
        &e["grad_argnum_range"],
    );
    message(
        func::grad_argnums(f2, &[0, 0])(&[i.x.clone(), i.y.clone()]),
        &e["grad_argnums_dup"],
    );
    message(
        func::jacrev(g_of(&i.w), &[0], Some(0))(x1),
        &e["jacrev_chunk_size"],
    );
    message(
        func::jvp(g_of(&i.w), x1, std::slice::from_ref(&i.c)),
        &e["jvp_shape"],
    );
    let (_, vjp_fn) = func::vjp(g_of(&i.w), x1).unwrap();
    message(vjp_fn.call(std::slice::from_ref(&i.t)), &e["vjp_shape"]);
    let f2v = |a: &[Tensor]| Ok(vec![f2(a)?]);
    message(
        func::vmap(f2v, &[Some(0), Some(0)], &[Some(0)])(&[i.xs.clone(), i.ys.narrow(0, 0, 3)]),
        &e["vmap_sizes"],
    );
    message(
        func::vmap(f2v, &[None, None], &[Some(0)])(&[i.x.clone(), i.y.clone()]),
        &e["vmap_no_batched"],
    );
    // Rust has no function name to show: `f` stands for it, as in PyTorch's message for a def f
    let ident = |a: &[Tensor]| Ok(vec![a[0].clone()]);
    message(
        func::vmap(ident, &[Some(2)], &[Some(0)])(std::slice::from_ref(&i.xs)),
        &e["vmap_in_dim_range"],
    );
}

#[test]
fn readme_per_example_gradients() {
    // the README's example: d/dw (x·w - y)² = 2 (x·w - y) x, one row per example
    let loss = |a: &[Tensor]| Ok((a[1].matmul(&a[0]) - &a[2]).pow(2.0).sum());
    let per_example = func::vmap(
        func::grad_argnums(loss, &[0]),
        &[None, Some(0), Some(0)],
        &[Some(0)],
    );
    let w = Tensor::new([1.0, -1.0]);
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    let g = per_example(&[w, x, Tensor::new([0.0, 1.0])]).unwrap();
    assert_eq!(g[0].to_vec::<f32>(), vec![-2.0, -4.0, -12.0, -16.0]);
    assert!(!func::in_vmap());
}

/// A tensor the function closes over (a module's parameter) keeps the transforms' results
/// differentiable with respect to it, as PyTorch's (values recorded from PyTorch 2.15:
/// `grad(lambda x: (x*x*w).sum())(3.)` is 12 with a grad_fn and gives `w.grad = 6`).
#[test]
fn results_stay_differentiable_with_respect_to_captured_tensors() {
    let w = Tensor::new([2.0]).requires_grad_(true);
    let x = Tensor::new([3.0]);
    let wf = w.clone();
    let f = move |a: &[Tensor]| Ok(vec![a[0].try_mul(&a[0])?.try_mul(&wf)?]);
    let fc = f.clone();
    let g =
        func::grad(move |x: &Tensor| Ok(fc(std::slice::from_ref(x))?.remove(0).sum()))(&x).unwrap();
    assert_eq!((g.item(), g.requires_grad()), (12.0, true));
    g.sum().backward();
    assert_eq!(w.grad().unwrap().item(), 6.0);

    w.set_grad(None);
    let j = func::jacrev(f.clone(), &[0], None)(std::slice::from_ref(&x)).unwrap();
    assert_eq!(
        (j[0].to_vec::<f32>(), j[0].requires_grad()),
        (vec![12.0], true)
    );
    j[0].sum().backward();
    assert_eq!(w.grad().unwrap().item(), 6.0);

    w.set_grad(None);
    let (o, t) = func::jvp(f.clone(), std::slice::from_ref(&x), &[Tensor::new([1.0])]).unwrap();
    assert!(o[0].requires_grad() && t[0].requires_grad());
    t[0].sum().backward();
    assert_eq!(w.grad().unwrap().item(), 6.0);

    let (o, _) = func::vjp(f.clone(), std::slice::from_ref(&x)).unwrap();
    assert!(o[0].requires_grad());
    let j = func::jacfwd(f.clone(), &[0], None)(std::slice::from_ref(&x)).unwrap();
    assert!(j[0].requires_grad());

    // no captured tensor, or grad mode off: plain results
    let plain = func::grad(|x: &Tensor| Ok(x.try_mul(x)?.sum()))(&x);
    assert!(!plain.unwrap().requires_grad());
    let _g = ferrograd::no_grad();
    let g =
        func::grad(move |x: &Tensor| Ok(f(std::slice::from_ref(x))?.remove(0).sum()))(&x).unwrap();
    assert!(!g.requires_grad());
}

/// A mapped dimension of size 0 gives empty outputs of the right shape, as PyTorch 2.15
/// (`vmap(torch.sin)(randn(0, 3))` is `[0, 3]`, `vmap(lambda x: x.sum())(...)` is `[0]`,
/// `out_dims=1` puts the 0 second), and leaves the generator where it was.
#[test]
fn vmap_over_an_empty_dimension() {
    let x = Tensor::zeros(&[0, 3]);
    let sin = func::vmap(|a: &[Tensor]| Ok(vec![a[0].sin()]), &[Some(0)], &[Some(0)]);
    assert_eq!(sin(std::slice::from_ref(&x)).unwrap()[0].shape(), &[0, 3]);
    let sum = func::vmap(|a: &[Tensor]| Ok(vec![a[0].sum()]), &[Some(0)], &[Some(0)]);
    assert_eq!(sum(std::slice::from_ref(&x)).unwrap()[0].shape(), &[0]);
    let outer = func::vmap(
        |a: &[Tensor]| Ok(vec![a[0].unsqueeze(1).mm(&a[1].unsqueeze(0)), a[1].clone()]),
        &[Some(1), None],
        &[Some(1), None],
    );
    let ys = outer(&[Tensor::zeros(&[2, 0]), Tensor::ones(&[4])]).unwrap();
    assert_eq!(ys[0].shape(), &[2, 0, 4]);
    assert_eq!(ys[1].to_vec::<f32>(), vec![1.0; 4]);
    let state = ferrograd::get_rng_state();
    let noisy = func::vmap(
        |a: &[Tensor]| Ok(vec![&a[0] + Tensor::randn(&[3])]),
        &[Some(0)],
        &[Some(0)],
    );
    assert_eq!(noisy(std::slice::from_ref(&x)).unwrap()[0].shape(), &[0, 3]);
    assert_eq!(
        ferrograd::get_rng_state().to_vec::<i64>(),
        state.to_vec::<i64>()
    );
    // the empty output stays in the input's graph
    let x = Tensor::zeros(&[0, 3]).requires_grad_(true);
    let double = func::vmap(|a: &[Tensor]| Ok(vec![&a[0] * 2.0]), &[Some(0)], &[Some(0)]);
    double(std::slice::from_ref(&x)).unwrap()[0]
        .sum()
        .backward();
    assert_eq!(x.grad().unwrap().shape(), &[0, 3]);
}
