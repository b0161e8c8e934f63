//! Batched backward (`is_grads_batched`) through the rules of convolution, pooling,
//! normalization, padding, interpolation, gathering and scattering, sorting, scans and einsum:
//! one batched pass equals the per-row passes stacked (to 1e-12 in float64), for first
//! derivatives and, through `create_graph`, for the rules of the backward itself (convolution's
//! double backward). Vectorized Jacobians and Hessians of a small CNN equal the row-by-row ones.
//! PyTorch's own batched results are compared in the Python suite (`test_batched_rules.py`).

use ferrograd::autograd::functional::{hessian, jacobian, Options};
use ferrograd::autograd::{grad_with, GradOptions};
use ferrograd::ops::ConvOptions;
use ferrograd::{BatchNormArgs, DType, PadMode, Pool2d, Tensor};

fn rng_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn randn(shape: &[usize]) -> Tensor {
    Tensor::randn_dtype(shape, DType::Float64)
}

fn close(a: &Tensor, b: &Tensor, what: &str) {
    assert_eq!(a.shape(), b.shape(), "{what}: shapes");
    for (x, y) in a.to_vec::<f64>().iter().zip(b.to_vec::<f64>()) {
        assert!(
            (x - y).abs() <= 1e-12 * (1.0 + y.abs()),
            "{what}: {x} vs {y}"
        );
    }
}

/// A batch of random grad_outputs through one batched pass against one pass per row.
fn check(name: &str, f: impl Fn(&[Tensor]) -> Tensor, xs: &[Tensor]) {
    let xs: Vec<Tensor> = xs.iter().map(|x| x.detach().requires_grad_(true)).collect();
    let y = f(&xs);
    for batch in [1, 3] {
        let mut shape = vec![batch];
        shape.extend_from_slice(y.shape());
        let v = randn(&shape);
        let o = GradOptions::new()
            .grad_outputs(vec![v.clone()])
            .is_grads_batched(true)
            .retain_graph(true)
            .materialize_grads(true);
        let got = grad_with(std::slice::from_ref(&y), &xs, &o).unwrap();
        for i in 0..batch {
            let o = GradOptions::new()
                .grad_outputs(vec![v.select(0, i as isize)])
                .retain_graph(true)
                .materialize_grads(true);
            let want = grad_with(std::slice::from_ref(&y), &xs, &o).unwrap();
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                let g = g.as_ref().unwrap();
                assert_eq!(g.shape()[0], batch, "{name}: batch dimension");
                close(
                    &g.select(0, i as isize),
                    w.as_ref().unwrap(),
                    &format!("{name}: batch {batch} row {i} input {k}"),
                );
            }
        }
    }
}

/// The gradient of `(f(x) · u).sum()` with respect to every input, with its graph: a function
/// whose backward runs the rules of `f`'s backward (double backward).
fn first_grad(f: impl Fn(&[Tensor]) -> Tensor, x: &[Tensor], u: &Tensor, k: usize) -> Tensor {
    let y = f(x);
    let o = GradOptions::new()
        .grad_outputs(vec![u.clone()])
        .create_graph(true);
    grad_with(&[y], std::slice::from_ref(&x[k]), &o).unwrap()[0]
        .clone()
        .unwrap()
}

/// A named function of its inputs, and the inputs.
type Case = (&'static str, Box<dyn Fn(&[Tensor]) -> Tensor>, Vec<Tensor>);

fn conv_cases() -> Vec<Case> {
    let o = ConvOptions::new;
    vec![
        (
            "conv2d stride 2, padding 1, bias",
            Box::new(move |x: &[Tensor]| {
                x[0].conv2d(&x[1], Some(&x[2]), &o().stride(2).padding(1))
            }),
            vec![randn(&[2, 3, 5, 6]), randn(&[4, 3, 3, 2]), randn(&[4])],
        ),
        (
            "conv2d groups 2, dilation 2",
            Box::new(move |x: &[Tensor]| x[0].conv2d(&x[1], None, &o().groups(2).dilation(2))),
            vec![randn(&[2, 4, 6, 5]), randn(&[6, 2, 2, 2])],
        ),
        (
            "conv2d unbatched input",
            Box::new(move |x: &[Tensor]| x[0].conv2d(&x[1], None, &o().padding(1))),
            vec![randn(&[2, 4, 4]), randn(&[3, 2, 3, 3])],
        ),
        (
            "conv1d groups 3, bias",
            Box::new(move |x: &[Tensor]| x[0].conv1d(&x[1], Some(&x[2]), &o().groups(3).stride(2))),
            vec![randn(&[2, 3, 9]), randn(&[6, 1, 3]), randn(&[6])],
        ),
        (
            "conv_transpose2d groups 2, bias",
            Box::new(move |x: &[Tensor]| {
                x[0].conv_transpose2d(
                    &x[1],
                    Some(&x[2]),
                    &o().stride(2).groups(2).output_padding(1),
                )
            }),
            vec![randn(&[2, 4, 3, 3]), randn(&[4, 3, 2, 3]), randn(&[6])],
        ),
    ]
}

#[test]
fn convolutions_and_their_double_backward_take_whole_batches() {
    let _l = rng_lock();
    ferrograd::manual_seed(1);
    for (name, f, x) in conv_cases() {
        check(name, &f, &x);
        // the rules of the backward (ConvolutionBackwardBackward0), for input and weight
        let u = randn(f(&x).shape());
        for k in 0..2 {
            let g = |xs: &[Tensor]| first_grad(&f, xs, &u, k);
            check(&format!("{name}: double backward wrt {k}"), g, &x);
        }
    }
}

#[test]
fn pooling_padding_and_interpolation_take_whole_batches() {
    let _l = rng_lock();
    ferrograd::manual_seed(2);
    let x4 = randn(&[2, 3, 7, 6]);
    let x3 = randn(&[2, 3, 9]);
    let mut mp = Pool2d::new([3, 2]);
    mp.stride = Some([2, 2]);
    mp.padding = [1, 1];
    mp.ceil_mode = true;
    check(
        "max_pool2d",
        |x| x[0].try_max_pool2d(&mp).unwrap(),
        std::slice::from_ref(&x4),
    );
    let mut ap = Pool2d::new([2, 3]);
    ap.padding = [1, 1];
    check(
        "avg_pool2d",
        |x| x[0].try_avg_pool2d(&ap).unwrap(),
        std::slice::from_ref(&x4),
    );
    check(
        "adaptive_avg_pool2d",
        |x| x[0].try_adaptive_avg_pool2d([3, 4]).unwrap(),
        std::slice::from_ref(&x4),
    );
    check(
        "max_pool1d",
        |x| x[0].try_max_pool1d(3, Some(2), 1, 1, false).unwrap(),
        std::slice::from_ref(&x3),
    );
    for mode in [
        PadMode::Constant,
        PadMode::Reflect,
        PadMode::Replicate,
        PadMode::Circular,
    ] {
        check(
            &format!("pad {mode:?}"),
            |x| x[0].try_pad(&[1, 2, 2, 1], mode, 0.5).unwrap(),
            std::slice::from_ref(&x4),
        );
    }
    check(
        "interpolate nearest",
        |x| {
            x[0].try_interpolate(Some(&[9, 4]), None, "nearest", None)
                .unwrap()
        },
        std::slice::from_ref(&x4),
    );
    check(
        "interpolate bilinear",
        |x| {
            x[0].try_interpolate(None, Some(&[1.5, 2.0]), "bilinear", Some(false))
                .unwrap()
        },
        std::slice::from_ref(&x4),
    );
    // the gradient of a pooling (linear in its grad_output), differentiated again: the
    // transposed map
    let u = randn(x4.try_avg_pool2d(&ap).unwrap().shape());
    check(
        "avg_pool2d double backward",
        |x| {
            first_grad(
                |x: &[Tensor]| x[0].try_avg_pool2d(&ap).unwrap(),
                &x[..1],
                &x[1],
                0,
            )
        },
        &[x4.clone(), u],
    );
}

#[test]
fn normalizations_take_whole_batches() {
    let _l = rng_lock();
    ferrograd::manual_seed(3);
    let x = randn(&[3, 4, 5]);
    let (w, b) = (randn(&[4]), randn(&[4]));
    let bn = |x: &[Tensor], training: bool| {
        let (rm, rv) = (
            Tensor::zeros_dtype(&[4], DType::Float64),
            Tensor::ones_dtype(&[4], DType::Float64),
        );
        let a = BatchNormArgs {
            running_mean: Some(&rm),
            running_var: Some(&rv),
            weight: Some(&x[1]),
            bias: Some(&x[2]),
            training,
            ..Default::default()
        };
        x[0].try_batch_norm(&a).unwrap()
    };
    let xs = [x.clone(), w.clone(), b.clone()];
    check("batch_norm training", |x| bn(x, true), &xs);
    check("batch_norm eval", |x| bn(x, false), &xs);
    let u = randn(&[3, 4, 5]);
    check(
        "batch_norm double backward",
        |x| first_grad(|x: &[Tensor]| bn(x, true), x, &u, 0),
        &xs,
    );
    let (lw, lb) = (randn(&[5]), randn(&[5]));
    check(
        "layer_norm",
        |x| {
            x[0].try_layer_norm(&[5], Some(&x[1]), Some(&x[2]), 1e-5)
                .unwrap()
        },
        &[x.clone(), lw.clone(), lb.clone()],
    );
    check(
        "layer_norm over two dims, double backward",
        |x| {
            first_grad(
                |x: &[Tensor]| x[0].try_layer_norm(&[4, 5], None, None, 1e-5).unwrap(),
                x,
                &u,
                0,
            )
        },
        std::slice::from_ref(&x),
    );
    check(
        "group_norm",
        |x| {
            x[0].try_group_norm(2, Some(&x[1]), Some(&x[2]), 1e-5)
                .unwrap()
        },
        &xs,
    );
}

#[test]
fn gathering_sorting_and_scans_take_whole_batches() {
    let _l = rng_lock();
    ferrograd::manual_seed(4);
    let x = randn(&[3, 4]);
    let s = randn(&[2, 4]);
    let ix = Tensor::new([[2i64, 0, 1, 1], [0, 3, 3, 2]]);
    check(
        "gather",
        |x| x[0].try_gather(1, &ix).unwrap(),
        std::slice::from_ref(&x),
    );
    check(
        "scatter",
        |x| {
            x[0].try_scatter(0, &Tensor::new([[2i64, 0, 1, 1], [0, 2, 1, 2]]), &x[1])
                .unwrap()
        },
        &[x.clone(), s.clone()],
    );
    check(
        "scatter_add",
        |x| x[0].try_scatter_add(1, &ix, &x[1]).unwrap(),
        &[x.clone(), s.clone()],
    );
    check(
        "scatter value",
        |x| x[0].try_scatter_value(1, &ix, 2.0).unwrap(),
        std::slice::from_ref(&x),
    );
    let v = Tensor::new([2i64, 0, 2]);
    check(
        "index_select",
        |x| x[0].try_index_select(1, &v).unwrap(),
        std::slice::from_ref(&x),
    );
    check(
        "index_add",
        |x| x[0].try_index_add(1, &v, &x[1], 0.5).unwrap(),
        &[x.clone(), randn(&[3, 3])],
    );
    check(
        "index_fill",
        |x| x[0].try_index_fill(0, &v, 1.5).unwrap(),
        std::slice::from_ref(&x),
    );
    let m = x.gt_scalar(0.2);
    check(
        "masked_select",
        |x| x[0].try_masked_select(&m).unwrap(),
        std::slice::from_ref(&x),
    );
    check(
        "masked_fill",
        |x| x[0].try_masked_fill(&m, 3.0).unwrap(),
        std::slice::from_ref(&x),
    );
    check(
        "masked_fill with a tensor value",
        |x| x[0].try_masked_fill_tensor(&m, &x[1]).unwrap(),
        &[x.clone(), randn(&[])],
    );
    check(
        "take_along_dim",
        |x| x[0].try_take_along_dim(&ix, Some(1)).unwrap(),
        &[randn(&[2, 4])],
    );
    check(
        "sort",
        |x| x[0].try_sort(1, true, None).unwrap().0,
        std::slice::from_ref(&x),
    );
    check(
        "topk",
        |x| x[0].try_topk(2, 0, true, true).unwrap().0,
        std::slice::from_ref(&x),
    );
    check(
        "cumsum",
        |x| x[0].try_cumsum(1, None).unwrap(),
        std::slice::from_ref(&x),
    );
    check(
        "cumprod",
        |x| x[0].try_cumprod(0, None).unwrap(),
        std::slice::from_ref(&x),
    );
    let with_zero = Tensor::new_with_dtype([[1.5, 0.0, 2.0], [0.5, -1.0, 0.0]], DType::Float64);
    check(
        "cumprod through zeros",
        |x| x[0].try_cumprod(1, None).unwrap(),
        &[with_zero],
    );
    check(
        "flip",
        |x| x[0].try_flip(&[0, -1]).unwrap(),
        std::slice::from_ref(&x),
    );
    check(
        "einsum with a diagonal",
        |x| Tensor::try_einsum("ii,ij->j", &[x[0].clone(), x[1].clone()]).unwrap(),
        &[randn(&[3, 3]), x.clone()],
    );
    check(
        "einsum batched product",
        |x| Tensor::try_einsum("bij,bjk->bik", &[x[0].clone(), x[1].clone()]).unwrap(),
        &[randn(&[2, 3, 4]), randn(&[2, 4, 2])],
    );
    // 0-dim inputs run per element (their dimension 0 has no batched counterpart)
    check(
        "cumsum 0-dim",
        |x| x[0].try_cumsum(0, None).unwrap(),
        &[randn(&[])],
    );
    check(
        "sort 0-dim",
        |x| x[0].try_sort(0, false, None).unwrap().0,
        &[randn(&[])],
    );
}

/// A small CNN (conv, batch norm, relu, max pool, linear): its vectorized Jacobian and Hessian
/// (batched passes through every rule) equal the row-by-row ones.
#[test]
fn vectorized_jacobian_and_hessian_of_a_cnn() {
    let _l = rng_lock();
    ferrograd::manual_seed(5);
    let w = randn(&[3, 2, 3, 3]);
    let lin = randn(&[2, 12]);
    let net = move |x: &Tensor| -> Tensor {
        let y = x.conv2d(&w, None, &ConvOptions::new().padding(1));
        let y = y
            .try_batch_norm(&BatchNormArgs {
                training: true,
                ..Default::default()
            })
            .unwrap();
        let mut p = Pool2d::new([2, 2]);
        p.stride = Some([2, 2]);
        let y = y.tanh().try_max_pool2d(&p).unwrap();
        y.try_group_norm(3, None, None, 1e-5)
            .unwrap()
            .reshape(&[2, 12])
            .matmul(&lin.t())
    };
    let x = [randn(&[2, 2, 4, 4])];
    let f = |x: &[Tensor]| Ok(vec![net(&x[0])]);
    let vec_opts = Options {
        vectorize: true,
        ..Default::default()
    };
    let j0 = jacobian(f, &x, Options::default()).unwrap();
    let j1 = jacobian(f, &x, vec_opts).unwrap();
    close(&j1[0][0], &j0[0][0], "jacobian");
    let s = |x: &[Tensor]| Ok(vec![net(&x[0]).sin().sum()]);
    let h0 = hessian(s, &x, Options::default()).unwrap();
    let h1 = hessian(s, &x, vec_opts).unwrap();
    close(&h1[0][0], &h0[0][0], "hessian");
}
