//! Gradient checks of every differentiable operation, in float64: the analytical Jacobian (one
//! vector-Jacobian product per output element) against central finite differences
//! (eps 1e-6, atol 1e-5, rtol 1e-3), and second derivatives (the gradient of
//! `sum(grad * w)` computed with `create_graph`) against finite differences of the first-order
//! gradient. Inputs are drawn from the seeded generator and kept away from points where an op
//! is not differentiable.

mod common;

use common::{
    away_from_zero, check_both, check_first_order_tol, check_second_order_tol, distinct, seeded,
    t64, uniform, Tol,
};
use ferrograd::{DType, Tensor};

/// Broadcast-compatible shape pairs: equal, trailing, both sides, 0-dim, rank 3 against rank 2.
const PAIRS: &[(&[usize], &[usize])] = &[
    (&[3], &[3]),
    (&[2, 3], &[3]),
    (&[2, 1], &[1, 3]),
    (&[], &[2, 2]),
    (&[2, 1, 2], &[3, 1]),
    (&[2, 3], &[]),
];

/// Unary shapes: 0-dim, 1-D, 2-D, 3-D.
const SHAPES: &[&[usize]] = &[&[], &[4], &[2, 3], &[2, 1, 3]];

fn positive(shape: &[usize], lo: f64, hi: f64) -> Tensor {
    uniform(shape, lo, hi)
}

// ---- binary arithmetic -------------------------------------------------------------------

#[test]
fn add_sub_mul_tensor_tensor_with_broadcasting() {
    for (n, &(sa, sb)) in PAIRS.iter().enumerate() {
        let (a, b) = seeded(100 + n as u64, || {
            (uniform(sa, -1.0, 1.0), uniform(sb, -1.0, 1.0))
        });
        let ins = [a, b];
        check_both(&format!("add {sa:?} {sb:?}"), |x| &x[0] + &x[1], &ins);
        check_both(&format!("sub {sa:?} {sb:?}"), |x| &x[0] - &x[1], &ins);
        check_both(&format!("mul {sa:?} {sb:?}"), |x| &x[0] * &x[1], &ins);
        check_both(&format!("mul self {sa:?}"), |x| &x[0] * &x[0], &ins[..1]);
    }
}

#[test]
fn div_tensor_tensor_with_broadcasting() {
    for (n, &(sa, sb)) in PAIRS.iter().enumerate() {
        let (a, b) = seeded(200 + n as u64, || {
            (uniform(sa, -1.0, 1.0), away_from_zero(sb))
        });
        check_both(&format!("div {sa:?} {sb:?}"), |x| &x[0] / &x[1], &[a, b]);
    }
}

#[test]
fn scalar_operands_on_either_side() {
    for (n, &s) in SHAPES.iter().enumerate() {
        let (x, nz) = seeded(300 + n as u64, || {
            (uniform(s, -1.0, 1.0), away_from_zero(s))
        });
        let ins = [x];
        check_both("x + 2.5", |x| &x[0] + 2.5, &ins);
        check_both("2.5 + x", |x| 2.5 + &x[0], &ins);
        check_both("x + 3 (int)", |x| &x[0] + 3i64, &ins);
        check_both("x - 2.5", |x| &x[0] - 2.5, &ins);
        check_both("2.5 - x (rsub)", |x| 2.5 - &x[0], &ins);
        check_both(
            "try_rsub_scalar",
            |x| x[0].try_rsub_scalar(-1.5).unwrap(),
            &ins,
        );
        check_both("x * 2.5", |x| &x[0] * 2.5, &ins);
        check_both("2.5 * x", |x| 2.5 * &x[0], &ins);
        check_both("x * 3 (int)", |x| &x[0] * 3i64, &ins);
        check_both("x / 2.5", |x| &x[0] / 2.5, &ins);
        check_both("x / 4 (int)", |x| &x[0] / 4i64, &ins);
        check_both("(x * x) * 2.5", |x| (&x[0] * &x[0]) * 2.5, &ins);
        let nz = [nz];
        check_both("2.5 / x", |x| 2.5 / &x[0], &nz);
        check_both(
            "try_rdiv_scalar",
            |x| x[0].try_rdiv_scalar(-3).unwrap(),
            &nz,
        );
        check_both("neg", |x| -&x[0], &ins);
        check_both("neg(x*x)", |x| (&x[0] * &x[0]).neg(), &ins);
    }
}

// ---- powers ------------------------------------------------------------------------------

#[test]
fn pow_with_scalar_exponents() {
    for (n, &s) in SHAPES.iter().enumerate() {
        let (x, p) = seeded(400 + n as u64, || {
            (uniform(s, -1.5, 1.5), positive(s, 0.4, 2.0))
        });
        let any = [x];
        check_both("x**2", |x| x[0].pow(2), &any);
        check_both("x**3", |x| x[0].pow(3.0), &any);
        check_both("x**1", |x| x[0].pow(1.0), &any);
        check_both("x**0", |x| x[0].pow(0.0), &any);
        check_both("x**4 (int)", |x| x[0].pow(4i64), &any);
        let pos = [p];
        check_both("x**0.5", |x| x[0].pow(0.5), &pos);
        check_both("x**-1", |x| x[0].pow(-1.0), &pos);
        check_both("x**-1.5", |x| x[0].pow(-1.5), &pos);
        check_both("x**2.7", |x| x[0].pow(2.7), &pos);
    }
}

#[test]
fn pow_tensor_exponent_with_broadcasting() {
    for (n, &(sa, sb)) in PAIRS.iter().enumerate() {
        let (a, b) = seeded(500 + n as u64, || {
            (positive(sa, 0.4, 2.0), uniform(sb, -1.5, 1.5))
        });
        check_both(
            &format!("pow_tensor {sa:?} {sb:?}"),
            |x| x[0].pow_tensor(&x[1]),
            &[a, b],
        );
    }
}

#[test]
fn rpow_scalar_base() {
    for (n, &s) in SHAPES.iter().enumerate() {
        let x = seeded(600 + n as u64, || uniform(s, -1.5, 1.5));
        let ins = [x];
        check_both("2**x", |x| x[0].rpow(2.0), &ins);
        check_both("0.5**x", |x| x[0].rpow(0.5), &ins);
        check_both("3**x (int)", |x| x[0].rpow(3i64), &ins);
        check_both("2**(x*x)", |x| (&x[0] * &x[0]).rpow(2.0), &ins);
    }
}

// ---- elementwise functions ---------------------------------------------------------------

#[test]
fn smooth_unary_functions() {
    for (n, &s) in SHAPES.iter().enumerate() {
        let (x, p, nz, small) = seeded(700 + n as u64, || {
            (
                uniform(s, -2.0, 2.0),
                positive(s, 0.3, 2.0),
                away_from_zero(s),
                uniform(s, -1.0, 1.0),
            )
        });
        let x = [x];
        let p = [p];
        let small = [small];
        check_both("exp", |x| x[0].exp(), &x);
        check_both("sin", |x| x[0].sin(), &x);
        check_both("cos", |x| x[0].cos(), &x);
        check_both("tanh", |x| x[0].tanh(), &x);
        check_both("sigmoid", |x| x[0].sigmoid(), &x);
        check_both("tan", |x| x[0].tan(), &small);
        check_both("log1p", |x| x[0].log1p(), &small);
        check_both("log", |x| x[0].log(), &p);
        check_both("sqrt", |x| x[0].sqrt(), &p);
        check_both("reciprocal", |x| x[0].reciprocal(), &[nz]);
        check_both(
            "sin(exp(x)) * cos(x)",
            |x| x[0].exp().sin() * x[0].cos(),
            &x,
        );
    }
}

/// Values in `[-2, 2)` at least 0.05 away from each of `kinks`.
fn away_from(shape: &[usize], kinks: &[f64]) -> Tensor {
    let v = uniform(shape, -2.0, 2.0)
        .to_vec::<f64>()
        .into_iter()
        .map(|mut v| {
            for &k in kinks {
                if (v - k).abs() < 0.05 {
                    v = k + if v < k { -0.1 } else { 0.1 };
                }
            }
            v
        })
        .collect();
    t64(v, shape)
}

#[test]
fn piecewise_functions_away_from_kinks() {
    for (n, &s) in SHAPES.iter().enumerate() {
        let (x, c) = seeded(800 + n as u64, || {
            (away_from_zero(s), away_from(s, &[-0.5, 0.5, -0.3, 0.4]))
        });
        let x = [x];
        let c = [c];
        check_both("relu", |x| x[0].relu(), &x);
        check_both("abs", |x| x[0].abs(), &x);
        check_both("relu(x) * x", |x| x[0].relu() * &x[0], &x);
        check_both("abs(x) * x", |x| x[0].abs() * &x[0], &x);
        check_both(
            "clamp(-0.5, 0.5)",
            |x| x[0].clamp(Some(-0.5), Some(0.5)),
            &c,
        );
        check_both("clamp(min=-0.3)", |x| x[0].clamp(Some(-0.3), None), &c);
        check_both("clamp(max=0.4)", |x| x[0].clamp(None, Some(0.4)), &c);
        check_both(
            "clamp(x)**2",
            |x| x[0].clamp(Some(-0.5), Some(0.5)).pow(2),
            &c,
        );
    }
}

// ---- reductions --------------------------------------------------------------------------

#[test]
fn sum_and_mean_over_everything_and_dims() {
    let x = seeded(900, || uniform(&[2, 3, 2], -1.0, 1.0));
    let ins = [x];
    check_both("sum", |x| x[0].sum(), &ins);
    check_both("mean", |x| x[0].mean(), &ins);
    check_both("sum(x*x)", |x| (&x[0] * &x[0]).sum(), &ins);
    check_both("mean(x*x)", |x| (&x[0] * &x[0]).mean(), &ins);
    for keepdim in [false, true] {
        for dims in [&[0isize][..], &[1], &[-1], &[0, 2], &[-1, 0], &[0, 1, 2]] {
            check_both(
                &format!("sum_dims {dims:?} keepdim={keepdim}"),
                |x| (&x[0] * &x[0]).sum_dims(dims, keepdim),
                &ins,
            );
            check_both(
                &format!("mean_dims {dims:?} keepdim={keepdim}"),
                |x| x[0].exp().mean_dims(dims, keepdim),
                &ins,
            );
        }
    }
    let s = seeded(901, || uniform(&[], -1.0, 1.0));
    check_both(
        "sum of 0-dim",
        |x| (&x[0] * &x[0]).sum(),
        std::slice::from_ref(&s),
    );
    check_both("mean of 0-dim", |x| (&x[0] * &x[0]).mean(), &[s]);
}

#[test]
fn max_min_over_everything_and_along_a_dim() {
    for (n, shape) in [&[5usize][..], &[2, 3], &[2, 2, 3]].into_iter().enumerate() {
        let x = [seeded(1000 + n as u64, || distinct(shape))];
        check_both("max", |x| x[0].max(), &x);
        check_both("min", |x| x[0].min(), &x);
        check_both("max(x*x)", |x| (&x[0] * &x[0]).max(), &x);
        check_both("min(x)*min(x)", |x| x[0].min() * x[0].min(), &x);
        for keepdim in [false, true] {
            for dim in [0isize, -1] {
                check_both(
                    &format!("max_dim {dim} keepdim={keepdim}"),
                    |x| x[0].try_max_dim(dim, keepdim).unwrap().0,
                    &x,
                );
                check_both(
                    &format!("min_dim {dim} keepdim={keepdim}"),
                    |x| (&x[0] * &x[0]).try_min_dim(dim, keepdim).unwrap().0,
                    &x,
                );
            }
        }
    }
}

// ---- products ----------------------------------------------------------------------------

#[test]
fn dot_mm_mv() {
    let (a, b, m, k, v, u) = seeded(1100, || {
        (
            uniform(&[4], -1.0, 1.0),
            uniform(&[4], -1.0, 1.0),
            uniform(&[2, 3], -1.0, 1.0),
            uniform(&[3, 4], -1.0, 1.0),
            uniform(&[3], -1.0, 1.0),
            uniform(&[2], -1.0, 1.0),
        )
    });
    check_both("dot", |x| x[0].dot(&x[1]), &[a.clone(), b]);
    check_both("dot self", |x| x[0].dot(&x[0]), &[a]);
    check_both("mm", |x| x[0].mm(&x[1]), &[m.clone(), k.clone()]);
    check_both(
        "mm transposed operands",
        |x| x[1].t().mm(&x[0].t()),
        &[m.clone(), k],
    );
    check_both("mm self", |x| x[0].mm(&x[0].t()), std::slice::from_ref(&m));
    check_both("mv", |x| x[0].mv(&x[1]), &[m.clone(), v]);
    check_both("mv transposed", |x| x[0].t().mv(&x[1].sin()), &[m, u]);
}

#[test]
fn matmul_all_ranks_and_broadcast_batches() {
    let cases: &[(&[usize], &[usize])] = &[
        (&[3], &[3]),
        (&[2, 3], &[3]),
        (&[3], &[3, 2]),
        (&[2, 3], &[3, 4]),
        (&[2, 2, 3], &[2, 3, 2]),
        (&[2, 2, 3], &[3, 2]),
        (&[2, 3], &[2, 3, 2]),
        (&[2, 1, 2, 3], &[3, 3, 2]),
        (&[3], &[2, 3, 2]),
        (&[2, 2, 3], &[3]),
    ];
    for (n, &(sa, sb)) in cases.iter().enumerate() {
        let (a, b) = seeded(1200 + n as u64, || {
            (uniform(sa, -1.0, 1.0), uniform(sb, -1.0, 1.0))
        });
        check_both(
            &format!("matmul {sa:?} @ {sb:?}"),
            |x| x[0].matmul(&x[1]),
            &[a, b],
        );
    }
    let a = seeded(1250, || uniform(&[2, 3, 2], -1.0, 1.0));
    check_both(
        "matmul of a transposed batch",
        |x| x[0].transpose(-1, -2).matmul(&x[0]),
        &[a],
    );
}

#[test]
fn addmm_and_linear() {
    let (bias_row, bias_full, a, b, x3, w, bw) = seeded(1300, || {
        (
            uniform(&[3], -1.0, 1.0),
            uniform(&[2, 3], -1.0, 1.0),
            uniform(&[2, 4], -1.0, 1.0),
            uniform(&[4, 3], -1.0, 1.0),
            uniform(&[2, 2, 4], -1.0, 1.0),
            uniform(&[3, 4], -1.0, 1.0),
            uniform(&[3], -1.0, 1.0),
        )
    });
    let f = |x: &[Tensor]| Tensor::try_addmm(&x[0], &x[1], &x[2]).unwrap();
    check_both(
        "addmm, bias broadcast",
        f,
        &[bias_row.clone(), a.clone(), b.clone()],
    );
    check_both("addmm, full bias", f, &[bias_full, a.clone(), b]);
    let lin = |x: &[Tensor]| x[0].try_linear(&x[1], Some(&x[2])).unwrap();
    check_both("linear 2-D", lin, &[a.clone(), w.clone(), bw.clone()]);
    check_both("linear 3-D", lin, &[x3.clone(), w.clone(), bw]);
    let nob = |x: &[Tensor]| x[0].try_linear(&x[1], None).unwrap();
    check_both("linear without bias", nob, &[a, w.clone()]);
    check_both("linear 3-D without bias", nob, &[x3, w]);
    let _ = bias_row;
}

// ---- joining, selecting, nn --------------------------------------------------------------

#[test]
fn cat_and_stack() {
    let (a, b, c, d) = seeded(1400, || {
        (
            uniform(&[2, 3], -1.0, 1.0),
            uniform(&[1, 3], -1.0, 1.0),
            uniform(&[2, 2], -1.0, 1.0),
            uniform(&[2, 3], -1.0, 1.0),
        )
    });
    check_both(
        "cat dim 0",
        |x| Tensor::cat(&[x[0].clone(), x[1].sin()], 0),
        &[a.clone(), b],
    );
    check_both(
        "cat dim -1, three parts",
        |x| Tensor::cat(&[x[0].clone(), &x[1] * &x[1], x[0].exp()], -1),
        &[a.clone(), c],
    );
    for dim in [0isize, 1, -1] {
        check_both(
            &format!("stack dim {dim}"),
            |x| Tensor::stack(&[x[0].clone(), &x[1] * &x[0]], dim),
            &[a.clone(), d.clone()],
        );
    }
}

#[test]
fn where_with_broadcasting() {
    let (cond, a, b, s) = seeded(1500, || {
        let c = uniform(&[2, 3], 0.0, 1.0).gt_scalar(0.5);
        (
            c,
            uniform(&[2, 3], -1.0, 1.0),
            uniform(&[3], -1.0, 1.0),
            uniform(&[], -1.0, 1.0),
        )
    });
    let c1 = cond.clone();
    check_both(
        "where(c, a, b[3])",
        move |x| Tensor::where_(&c1, &(&x[0] * &x[0]), &x[1].exp()),
        &[a.clone(), b],
    );
    let c2 = cond.clone();
    check_both(
        "where(c, a, 0-dim)",
        move |x| Tensor::where_(&c2, &x[0], &x[1].sin()),
        &[a, s],
    );
}

#[test]
fn softmax_log_softmax_and_losses() {
    let (x, t, tgt, x1, row) = seeded(1600, || {
        (
            uniform(&[3, 4], -2.0, 2.0),
            uniform(&[3, 4], -1.0, 1.0),
            Tensor::new([1i64, 3, 0]),
            uniform(&[5], -2.0, 2.0),
            uniform(&[4], -1.0, 1.0),
        )
    });
    for dim in [0isize, 1, -1] {
        check_both(
            &format!("softmax {dim}"),
            |x| x[0].softmax(dim),
            std::slice::from_ref(&x),
        );
        check_both(
            &format!("log_softmax {dim}"),
            |x| x[0].log_softmax(dim),
            std::slice::from_ref(&x),
        );
    }
    check_both(
        "softmax 1-D",
        |x| x[0].softmax(0),
        std::slice::from_ref(&x1),
    );
    let tg = tgt.clone();
    check_both(
        "cross_entropy",
        move |x| x[0].cross_entropy(&tg),
        std::slice::from_ref(&x),
    );
    let tg = Tensor::new(2i64);
    check_both("cross_entropy 1-D", move |x| x[0].cross_entropy(&tg), &[x1]);
    let tg = tgt.clone();
    check_both(
        "nll_loss of log_softmax",
        move |x| x[0].log_softmax(1).try_nll_loss(&tg).unwrap(),
        std::slice::from_ref(&x),
    );
    let tg = tgt;
    check_both(
        "nll_loss of a product",
        move |x| (&x[0] * &x[0]).try_nll_loss(&tg).unwrap(),
        std::slice::from_ref(&x),
    );
    check_both("mse_loss", |x| x[0].mse_loss(&x[1]), &[x.clone(), t]);
    check_both("mse_loss of sin", |x| x[0].sin().mse_loss(&x[1]), &[x, row]);
}

// ---- shape operations (squared, so that second order runs through their backward) -------

#[test]
fn views_and_reshapes() {
    let x = [seeded(1700, || uniform(&[2, 3, 2], -1.0, 1.0))];
    let sq = |t: Tensor| &t * &t;
    check_both("reshape", |x| sq(x[0].reshape(&[3, 4])), &x);
    check_both(
        "reshape_infer",
        |x| sq(x[0].try_reshape_infer(&[-1, 2]).unwrap()),
        &x,
    );
    check_both("view", |x| sq(x[0].view(&[6, 2])), &x);
    check_both("flatten", |x| sq(x[0].flatten()), &x);
    check_both(
        "reshape of a transposed view",
        |x| sq(x[0].transpose(0, 2).reshape(&[12])),
        &x,
    );
    check_both("transpose", |x| sq(x[0].transpose(0, -1)), &x);
    check_both("permute", |x| sq(x[0].permute(&[2, 0, 1])), &x);
    check_both("t", |x| sq(x[0].select(2, 1).t()), &x);
    check_both("t of 1-D", |x| sq(x[0].flatten().t()), &x);
    check_both(
        "squeeze/unsqueeze",
        |x| sq(x[0].unsqueeze(1).unsqueeze(-1).squeeze()),
        &x,
    );
    check_both("squeeze_dim", |x| sq(x[0].unsqueeze(0).squeeze_dim(0)), &x);
    check_both(
        "squeeze_dim of a non-1 dim",
        |x| sq(x[0].squeeze_dim(1)),
        &x,
    );
    check_both("unsqueeze -1", |x| sq(x[0].unsqueeze(-1)), &x);
    check_both("select", |x| sq(x[0].select(1, -1)), &x);
    check_both("select twice", |x| sq(x[0].select(0, 1).select(0, 0)), &x);
    check_both("slice with step", |x| sq(x[0].slice(1, 0, 3, 2)), &x);
    check_both(
        "slice with negative start",
        |x| sq(x[0].slice(-1, -1, isize::MAX, 1)),
        &x,
    );
    check_both("narrow", |x| sq(x[0].narrow(1, 1, 2)), &x);
    check_both("clone_tensor", |x| sq(x[0].clone_tensor()), &x);
    check_both(
        "contiguous of a transposed view",
        |x| sq(x[0].transpose(0, 1).contiguous()),
        &x,
    );
    let e = [seeded(1701, || uniform(&[3, 1], -1.0, 1.0))];
    check_both("expand", |x| sq(x[0].expand(&[2, 3, 4])), &e);
    check_both(
        "transpose of a 0-dim",
        |x| sq(x[0].select(0, 2).select(0, 0).transpose(0, -1)),
        &e,
    );
    check_both(
        "expand of a 0-dim",
        |x| sq(x[0].select(0, 1).select(0, 0).expand(&[3])),
        &e,
    );
}

#[test]
fn dtype_casts() {
    // A float32 intermediate rounds to ~6e-8, which central differences with eps 1e-6 would
    // magnify to ~0.06; the cast is linear, so a larger step stays exact up to that rounding.
    let tol = Tol {
        eps: 1e-2,
        atol: 1e-4,
        rtol: 1e-3,
    };
    let x = [seeded(1800, || uniform(&[2, 3], -1.0, 1.0))];
    let f = |x: &[Tensor]| x[0].to_dtype(DType::Float32).to_dtype(DType::Float64);
    check_first_order_tol("to_dtype round trip", f, &x, tol);
    check_second_order_tol("to_dtype round trip", f, &x, tol);
    let g = |x: &[Tensor]| {
        let h = x[0].to_dtype(DType::Float32);
        (&h * &h).to_dtype(DType::Float64)
    };
    check_first_order_tol("to_dtype of a square", g, &x, tol);
    check_second_order_tol("to_dtype of a square", g, &x, tol);
    // A float32 tensor combined with a float64 one promotes; each input gets its own dtype back.
    let m = |x: &[Tensor]| &x[0].to_dtype(DType::Float32) * &x[1];
    let y = [x[0].clone(), seeded(1801, || uniform(&[3], -1.0, 1.0))];
    check_first_order_tol("mixed float32 * float64", m, &y, tol);
    check_second_order_tol("mixed float32 * float64", m, &y, tol);
}

// ---- in-place operations on non-leaves ---------------------------------------------------

#[test]
fn inplace_ops_on_a_non_leaf() {
    let (a, b) = seeded(1900, || (uniform(&[2, 3], -1.0, 1.0), away_from_zero(&[3])));
    let ins = [a, b];
    check_both(
        "mul_",
        |x| {
            let y = &x[0] * 1.5;
            y.mul_(&x[1]);
            y
        },
        &ins,
    );
    check_both(
        "add_",
        |x| {
            let y = x[0].sin();
            y.add_(&x[1]);
            &y * &y
        },
        &ins,
    );
    check_both(
        "sub_",
        |x| {
            let y = x[0].sin();
            y.sub_(&(&x[1] * &x[1]));
            y
        },
        &ins,
    );
    check_both(
        "div_",
        |x| {
            let y = &x[0] * &x[0];
            y.div_(&x[1]);
            y
        },
        &ins,
    );
    check_both(
        "mul_ by a scalar then add_ of itself",
        |x| {
            let y = x[0].cos();
            y.mul_(2.0);
            y.add_(&(&x[0] * &x[0]));
            y.mul_(&x[0]);
            y
        },
        &ins[..1],
    );
}

// ---- the checker itself ------------------------------------------------------------------

#[test]
#[should_panic(expected = "Jacobian mismatch for `x.detach() * x` with respect to input 0")]
fn the_checker_catches_a_wrong_first_derivative() {
    let x = [seeded(2000, || uniform(&[3], 0.5, 1.0))];
    common::check_first_order("x.detach() * x", |x| &x[0].detach() * &x[0], &x);
}

#[test]
#[should_panic(expected = "second-order gradient mismatch for `frozen slope`")]
fn the_checker_catches_a_wrong_second_derivative() {
    // x0² + 2·x0·(x - x0) with x0 = x.detach(): the value and the first derivative are those of
    // x², but the first derivative is a constant to autograd, so the second derivative is lost.
    let x = [seeded(2001, || uniform(&[3], 0.5, 1.0))];
    let f = |x: &[Tensor]| {
        let x0 = x[0].detach();
        &x0 * &x0 + 2.0 * &x0 * (&x[0] - &x0)
    };
    common::check_first_order("frozen slope", f, &x);
    common::check_second_order("frozen slope", f, &x);
}
