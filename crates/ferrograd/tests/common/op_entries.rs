//! The hand-written entries of the OpInfo table: the ops outside the elementwise op tables
//! (arithmetic operators and scalars, powers, reductions, products, joining, views, softmax,
//! losses, casts, in-place ops) and compositions that run one rule's backward through another's.

use super::common::{seeded, uniform};
use super::op_info::{binary, fixed, unary, unary_in, Check, Domain, OpInfo, PAIRS, SHAPES};
use ferrograd::autograd::GradcheckOptions;
use ferrograd::{DType, Tensor};

use Domain::{AwayFrom, Distinct, NonZero, Range};

/// An entry's function that captures nothing.
type Plain = fn(&[Tensor]) -> Tensor;

const ANY: Domain = Range(-1.0, 1.0);
const WIDE: Domain = Range(-1.5, 1.5);
const POS: Domain = Range(0.4, 2.0);

fn sq(t: Tensor) -> Tensor {
    &t * &t
}

/// Every hand-written entry.
pub fn entries() -> Vec<OpInfo> {
    let mut v = Vec::new();
    arithmetic(&mut v);
    powers_and_functions(&mut v);
    reductions_and_products(&mut v);
    statistics(&mut v);
    pieces(&mut v);
    joining_and_nn(&mut v);
    convolutions(&mut v);
    views(&mut v);
    casts_and_inplace(&mut v);
    super::loss_entries::entries(&mut v);
    v
}

fn arithmetic(v: &mut Vec<OpInfo>) {
    v.push(OpInfo::new("add", |x| &x[0] + &x[1], binary(ANY, ANY)));
    v.push(OpInfo::new("sub", |x| &x[0] - &x[1], binary(ANY, ANY)));
    v.push(OpInfo::new("mul", |x| &x[0] * &x[1], binary(ANY, ANY)));
    v.push(OpInfo::new("div", |x| &x[0] / &x[1], binary(ANY, NonZero)));
    v.push(OpInfo::new("mul self", |x| &x[0] * &x[0], unary(ANY)));
    let scalar: Vec<(&str, Plain, Domain)> = vec![
        ("x + 2.5", |x| &x[0] + 2.5, ANY),
        ("2.5 + x", |x| 2.5 + &x[0], ANY),
        ("x + 3 (int)", |x| &x[0] + 3i64, ANY),
        ("x - 2.5", |x| &x[0] - 2.5, ANY),
        ("2.5 - x (rsub)", |x| 2.5 - &x[0], ANY),
        (
            "try_rsub_scalar",
            |x| x[0].try_rsub_scalar(-1.5).unwrap(),
            ANY,
        ),
        ("x * 2.5", |x| &x[0] * 2.5, ANY),
        ("2.5 * x", |x| 2.5 * &x[0], ANY),
        ("x * 3 (int)", |x| &x[0] * 3i64, ANY),
        ("x / 2.5", |x| &x[0] / 2.5, ANY),
        ("x / 4 (int)", |x| &x[0] / 4i64, ANY),
        ("(x * x) * 2.5", |x| (&x[0] * &x[0]) * 2.5, ANY),
        ("2.5 / x", |x| 2.5 / &x[0], NonZero),
        (
            "try_rdiv_scalar",
            |x| x[0].try_rdiv_scalar(-3).unwrap(),
            NonZero,
        ),
        ("neg", |x| -&x[0], ANY),
        ("neg(x*x)", |x| (&x[0] * &x[0]).neg(), ANY),
    ];
    for (name, f, d) in scalar {
        v.push(OpInfo::new(name, f, unary(d)));
    }
}

fn powers_and_functions(v: &mut Vec<OpInfo>) {
    let pows: Vec<(&str, Plain, Domain)> = vec![
        ("x**2", |x| x[0].pow(2), WIDE),
        ("x**3", |x| x[0].pow(3.0), WIDE),
        ("x**1", |x| x[0].pow(1.0), WIDE),
        ("x**0", |x| x[0].pow(0.0), WIDE),
        ("x**4 (int)", |x| x[0].pow(4i64), WIDE),
        ("x**0.5", |x| x[0].pow(0.5), POS),
        ("x**-1", |x| x[0].pow(-1.0), POS),
        ("x**-1.5", |x| x[0].pow(-1.5), POS),
        ("x**2.7", |x| x[0].pow(2.7), POS),
        ("2**x", |x| x[0].rpow(2.0), WIDE),
        ("0.5**x", |x| x[0].rpow(0.5), WIDE),
        ("3**x (int)", |x| x[0].rpow(3i64), WIDE),
        ("2**(x*x)", |x| (&x[0] * &x[0]).rpow(2.0), WIDE),
        (
            "sin(exp(x)) * cos(x)",
            |x| x[0].exp().sin() * x[0].cos(),
            Range(-2.0, 2.0),
        ),
        ("relu(x) * x", |x| x[0].relu() * &x[0], NonZero),
        ("abs(x) * x", |x| x[0].abs() * &x[0], NonZero),
    ];
    for (name, f, d) in pows {
        v.push(OpInfo::new(name, f, unary(d)));
    }
    v.push(OpInfo::new(
        "pow_tensor",
        |x| x[0].pow_tensor(&x[1]),
        binary(POS, WIDE),
    ));
    const KINKS: &[f64] = &[-0.5, 0.5, -0.3, 0.4];
    let clamps: Vec<(&str, Plain)> = vec![
        ("clamp(-0.5, 0.5)", |x| x[0].clamp(Some(-0.5), Some(0.5))),
        ("clamp(min=-0.3)", |x| x[0].clamp(Some(-0.3), None)),
        ("clamp(max=0.4)", |x| x[0].clamp(None, Some(0.4))),
        ("clamp(x)**2", |x| x[0].clamp(Some(-0.5), Some(0.5)).pow(2)),
    ];
    for (name, f) in clamps {
        v.push(OpInfo::new(name, f, unary(AwayFrom(KINKS))));
    }
}

fn reductions_and_products(v: &mut Vec<OpInfo>) {
    let x3: &[&[usize]] = &[&[2, 3, 2], &[]];
    v.push(OpInfo::new("sum", |x| x[0].sum(), unary_in(x3, ANY)));
    v.push(OpInfo::new("mean", |x| x[0].mean(), unary_in(x3, ANY)));
    v.push(OpInfo::new(
        "sum(x*x)",
        |x| sq(x[0].clone()).sum(),
        unary_in(x3, ANY),
    ));
    v.push(OpInfo::new(
        "mean(x*x)",
        |x| sq(x[0].clone()).mean(),
        unary_in(x3, ANY),
    ));
    for keepdim in [false, true] {
        for dims in [&[0isize][..], &[1], &[-1], &[0, 2], &[-1, 0], &[0, 1, 2]] {
            v.push(OpInfo::new(
                format!("sum_dims {dims:?} keepdim={keepdim}"),
                move |x| sq(x[0].clone()).sum_dims(dims, keepdim),
                fixed(&[&[2, 3, 2]], ANY),
            ));
            v.push(OpInfo::new(
                format!("mean_dims {dims:?} keepdim={keepdim}"),
                move |x| x[0].exp().mean_dims(dims, keepdim),
                fixed(&[&[2, 3, 2]], ANY),
            ));
        }
    }
    // vector norms: every kind of ord, over all dimensions and over some, keepdim or not
    for ord in [2.0, 1.0, 3.0, 1.5, 0.5, f64::INFINITY, f64::NEG_INFINITY] {
        let domain = || {
            if ord.is_infinite() {
                Range(0.1, 2.0)
            } else {
                NonZero
            }
        };
        v.push(OpInfo::new(
            format!("vector_norm ord={ord}"),
            move |x| x[0].vector_norm(ord, None, false),
            unary_in(x3, domain()),
        ));
        for (dims, keepdim) in [(&[1isize][..], false), (&[0, 2], true), (&[-1], true)] {
            v.push(OpInfo::new(
                format!("vector_norm ord={ord} dims={dims:?} keepdim={keepdim}"),
                move |x| x[0].vector_norm(ord, Some(dims), keepdim),
                fixed(&[&[2, 3, 2]], domain()),
            ));
        }
    }
    let ranks: &[&[usize]] = &[&[5], &[2, 3], &[2, 2, 3]];
    v.push(OpInfo::new(
        "max",
        |x| x[0].max(),
        unary_in(ranks, Distinct),
    ));
    v.push(OpInfo::new(
        "min",
        |x| x[0].min(),
        unary_in(ranks, Distinct),
    ));
    v.push(OpInfo::new(
        "max(x*x)",
        |x| sq(x[0].clone()).max(),
        unary_in(ranks, Distinct),
    ));
    v.push(OpInfo::new(
        "min(x)*min(x)",
        |x| x[0].min() * x[0].min(),
        unary_in(ranks, Distinct),
    ));
    for keepdim in [false, true] {
        for dim in [0isize, -1] {
            v.push(OpInfo::new(
                format!("max_dim {dim} keepdim={keepdim}"),
                move |x| x[0].try_max_dim(dim, keepdim).unwrap().0,
                unary_in(ranks, Distinct),
            ));
            v.push(OpInfo::new(
                format!("min_dim {dim} keepdim={keepdim}"),
                move |x| sq(x[0].clone()).try_min_dim(dim, keepdim).unwrap().0,
                unary_in(ranks, Distinct),
            ));
        }
    }
    v.push(OpInfo::new(
        "dot",
        |x| x[0].dot(&x[1]),
        fixed(&[&[5], &[5]], ANY),
    ));
    v.push(OpInfo::new(
        "dot self",
        |x| x[0].dot(&x[0]),
        fixed(&[&[4]], ANY),
    ));
    v.push(OpInfo::new(
        "mm",
        |x| x[0].mm(&x[1]),
        fixed(&[&[2, 3], &[3, 4]], ANY),
    ));
    v.push(OpInfo::new(
        "mm transposed operands",
        |x| x[1].t().mm(&x[0].t()),
        fixed(&[&[2, 3], &[3, 4]], ANY),
    ));
    v.push(OpInfo::new(
        "mm self",
        |x| x[0].mm(&x[0].t()),
        fixed(&[&[2, 3]], ANY),
    ));
    v.push(OpInfo::new(
        "mv",
        |x| x[0].mv(&x[1]),
        fixed(&[&[2, 3], &[3]], ANY),
    ));
    v.push(OpInfo::new(
        "mv transposed",
        |x| x[0].t().mv(&x[1].sin()),
        fixed(&[&[2, 3], &[2]], ANY),
    ));
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
    v.push(OpInfo::new(
        "matmul",
        |x| x[0].matmul(&x[1]),
        cases
            .iter()
            .map(|(a, b)| vec![(a.to_vec(), ANY), (b.to_vec(), ANY)])
            .collect(),
    ));
    v.push(OpInfo::new(
        "matmul of a transposed batch",
        |x| x[0].transpose(-1, -2).matmul(&x[0]),
        fixed(&[&[2, 3, 2]], ANY),
    ));
    let addmm = |x: &[Tensor]| Tensor::try_addmm(&x[0], &x[1], &x[2]).unwrap();
    v.push(OpInfo::new("addmm", addmm, {
        let mut s = fixed(&[&[3], &[2, 4], &[4, 3]], ANY);
        s.extend(fixed(&[&[2, 3], &[2, 4], &[4, 3]], ANY));
        s
    }));
    v.push(OpInfo::new(
        "linear",
        |x| x[0].try_linear(&x[1], Some(&x[2])).unwrap(),
        {
            let mut s = fixed(&[&[2, 4], &[3, 4], &[3]], ANY);
            s.extend(fixed(&[&[2, 2, 4], &[3, 4], &[3]], ANY));
            s
        },
    ));
    v.push(OpInfo::new(
        "linear without bias",
        |x| x[0].try_linear(&x[1], None).unwrap(),
        {
            let mut s = fixed(&[&[2, 4], &[3, 4]], ANY);
            s.extend(fixed(&[&[2, 2, 4], &[3, 4]], ANY));
            s
        },
    ));
}

/// Convolutions: strides, paddings, dilations, groups, bias, 1-D, transposed.
fn statistics(v: &mut Vec<OpInfo>) {
    let x3: &[&[usize]] = &[&[2, 3, 2]];
    for (dims, correction, keepdim) in [
        (None, 1.0, false),
        (Some(&[1isize][..]), 1.0, false),
        (Some(&[0, 2][..]), 0.0, true),
        (Some(&[-1][..]), 0.5, false),
    ] {
        v.push(OpInfo::new(
            format!("var {dims:?} correction={correction} keepdim={keepdim}"),
            move |x| x[0].try_var(dims, correction, keepdim).unwrap(),
            unary_in(x3, ANY),
        ));
        v.push(OpInfo::new(
            format!("std {dims:?} correction={correction} keepdim={keepdim}"),
            move |x| x[0].try_std(dims, correction, keepdim).unwrap(),
            unary_in(x3, ANY),
        ));
        v.push(OpInfo::new(
            format!("var_mean {dims:?} correction={correction} keepdim={keepdim}"),
            move |x| {
                let (a, b) = x[0].try_var_mean(dims, correction, keepdim).unwrap();
                &a + &(&b * &b)
            },
            unary_in(x3, ANY),
        ));
        v.push(OpInfo::new(
            format!("std_mean {dims:?} correction={correction} keepdim={keepdim}"),
            move |x| {
                let (a, b) = x[0].try_std_mean(dims, correction, keepdim).unwrap();
                &a * &b.exp()
            },
            unary_in(x3, ANY),
        ));
    }
    for (dims, keepdim) in [
        (&[0isize][..], false),
        (&[-1, 0][..], true),
        (&[][..], false),
    ] {
        v.push(OpInfo::new(
            format!("logsumexp {dims:?} keepdim={keepdim}"),
            move |x| x[0].try_logsumexp(dims, keepdim).unwrap(),
            unary_in(&[&[2, 3, 2], &[3, 1]], WIDE),
        ));
    }
    v.push(OpInfo::new(
        "logsumexp 0-dim",
        |x| x[0].try_logsumexp(&[0], false).unwrap(),
        unary_in(&[&[]], WIDE),
    ));
    v.push(OpInfo::new(
        "prod",
        |x| x[0].prod(),
        unary_in(&[&[2, 3], &[4], &[]], NonZero),
    ));
    for (dim, keepdim) in [(0isize, false), (-1, true), (1, false)] {
        v.push(OpInfo::new(
            format!("prod_dim {dim} keepdim={keepdim}"),
            move |x| x[0].try_prod_dim(dim, keepdim).unwrap(),
            unary_in(&[&[2, 3, 2]], NonZero),
        ));
    }
    // a zero in the product: the gradient is the product of the others (one zero) or 0
    v.push(OpInfo::new(
        "prod with a zero",
        |x| {
            let z = x[0]
                .try_mul(&Tensor::new_with_dtype(
                    vec![1.0, 0.0, 1.0, 1.0],
                    x[0].dtype(),
                ))
                .unwrap();
            z.try_prod_dim(0, false).unwrap() + x[0].prod()
        },
        unary_in(&[&[4]], NonZero),
    ));
}

/// Each piece scaled by its position and squared, then joined: every piece's gradient differs.
fn weigh(pieces: Vec<Tensor>, dim: isize) -> Tensor {
    let scaled: Vec<Tensor> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| sq(p.try_mul_scalar(i as f64 + 1.0).unwrap()))
        .collect();
    Tensor::cat(&scaled, dim)
}

fn pieces(v: &mut Vec<OpInfo>) {
    let x3: &[&[usize]] = &[&[2, 5, 3]];
    v.push(OpInfo::new(
        "split 2 dim 1",
        |x| weigh(x[0].split(2, 1), 1),
        unary_in(x3, ANY),
    ));
    v.push(OpInfo::new(
        "split_with_sizes [1, 3, 1] dim -2",
        |x| weigh(x[0].try_split_with_sizes(&[1, 3, 1], -2).unwrap(), 1),
        unary_in(x3, ANY),
    ));
    v.push(OpInfo::new(
        "chunk 3 dim 2",
        |x| weigh(x[0].chunk(3, 2), 2),
        unary_in(x3, ANY),
    ));
    v.push(OpInfo::new(
        "tensor_split 3 dim 1",
        |x| weigh(x[0].try_tensor_split(3, 1).unwrap(), 1),
        unary_in(x3, ANY),
    ));
    v.push(OpInfo::new(
        "unbind dim 1",
        |x| {
            Tensor::stack(
                &x[0]
                    .try_unbind(1)
                    .unwrap()
                    .iter()
                    .enumerate()
                    .map(|(i, p)| sq(p.try_mul_scalar(i as f64 + 1.0).unwrap()))
                    .collect::<Vec<_>>(),
                0,
            )
        },
        unary_in(x3, ANY),
    ));
    for k in [0i64, 1, -1] {
        v.push(OpInfo::new(
            format!("tril {k}"),
            move |x| sq(x[0].tril(k)),
            unary_in(&[&[3, 4], &[2, 3, 2]], ANY),
        ));
        v.push(OpInfo::new(
            format!("triu {k}"),
            move |x| sq(x[0].triu(k)),
            unary_in(&[&[3, 4], &[2, 3, 2]], ANY),
        ));
    }
    v.push(OpInfo::new(
        "repeat [2, 1, 3]",
        |x| sq(x[0].repeat(&[2, 1, 3])),
        unary_in(&[&[2, 3], &[3], &[]], ANY),
    ));
    v.push(OpInfo::new(
        "tile [2]",
        |x| sq(x[0].try_tile(&[2]).unwrap()),
        unary_in(&[&[2, 3], &[3]], ANY),
    ));
    v.push(OpInfo::new(
        "movedim [0, 2] -> [2, 0]",
        |x| sq(x[0].try_movedim(&[0, 2], &[2, 0]).unwrap()).cumsum(0, None),
        unary_in(x3, ANY),
    ));
    v.push(OpInfo::new(
        "unflatten 1 [5, 1]",
        |x| sq(x[0].try_unflatten(1, &[-1, 1]).unwrap()).cumsum(1, None),
        unary_in(x3, ANY),
    ));
    v.push(OpInfo::new(
        "bmm",
        |x| x[0].try_bmm(&x[1]).unwrap(),
        fixed(&[&[2, 3, 4], &[2, 4, 2]], ANY),
    ));
    for k in [0i64, 1, -1] {
        v.push(OpInfo::new(
            format!("diagonal {k}"),
            move |x| sq(x[0].try_diagonal(k, 0, 1).unwrap()),
            unary_in(&[&[3, 4], &[4, 3]], ANY),
        ));
        v.push(OpInfo::new(
            format!("diagonal {k} of dims 2, 0"),
            move |x| sq(x[0].try_diagonal(k, 2, 0).unwrap()),
            unary_in(&[&[3, 2, 4]], ANY),
        ));
        v.push(OpInfo::new(
            format!("diag {k}"),
            move |x| sq(x[0].try_diag(k).unwrap()).cumsum(0, None),
            unary_in(&[&[3], &[3, 4]], ANY),
        ));
        v.push(OpInfo::new(
            format!("diag_embed {k}"),
            move |x| sq(x[0].try_diag_embed(k).unwrap()).cumsum(-1, None),
            unary_in(&[&[2, 3]], ANY),
        ));
    }
    v.push(OpInfo::new(
        "trace",
        |x| sq(x[0].try_trace().unwrap()),
        unary_in(&[&[3, 4], &[2, 2]], ANY),
    ));
    v.push(OpInfo::new(
        "roll along dims",
        |x| sq(x[0].try_roll(&[1, -2], &[0, 2]).unwrap()).cumsum(2, None),
        unary_in(&[&[2, 3, 4]], ANY),
    ));
    v.push(OpInfo::new(
        "roll flattened",
        |x| sq(x[0].try_roll(&[5], &[]).unwrap()).cumsum(0, None),
        unary_in(&[&[2, 3], &[4]], ANY),
    ));
    v.push(OpInfo::new(
        "lerp scalar weight",
        |x| x[0].try_lerp(&x[1], 0.3).unwrap(),
        binary(ANY, ANY),
    ));
    v.push(OpInfo::new(
        "lerp scalar weight above one half",
        |x| sq(x[0].try_lerp(&x[1], 0.8).unwrap()),
        binary(ANY, ANY),
    ));
    v.push(OpInfo::new(
        "lerp tensor weight",
        |x| sq(x[0].try_lerp(&x[1], &x[2]).unwrap()),
        fixed(&[&[2, 3], &[3], &[2, 1]], Range(0.1, 0.9)),
    ));
    v.push(OpInfo::new(
        "addcmul",
        |x| sq(x[0].try_addcmul(&x[1], &x[2], 0.5).unwrap()),
        fixed(&[&[2, 3], &[3], &[2, 1]], ANY),
    ));
    v.push(OpInfo::new(
        "addcdiv",
        |x| sq(x[0].try_addcdiv(&x[1], &x[2], -1.5).unwrap()),
        vec![vec![
            (vec![2, 3], ANY),
            (vec![3], ANY),
            (vec![2, 1], NonZero),
        ]],
    ));
    v.push(
        OpInfo::new(
            "addcmul_ then lerp_ in place",
            |x| {
                let y = &x[0] * 1.0;
                y.try_addcmul_(&x[1], &x[2], 2.0).unwrap();
                y.try_lerp_(
                    &x[1].try_expand(&[2, 3]).unwrap(),
                    &x[2].try_expand(&[2, 3]).unwrap(),
                )
                .unwrap();
                sq(y)
            },
            fixed(&[&[2, 3], &[2, 3], &[2, 3]], Range(0.1, 0.9)),
        )
        .skip(&[Check::Forward, Check::FwdOverRev]),
    );
    v.push(OpInfo::new(
        "clamp tensor bounds",
        |x| sq(x[0].try_clamp_tensors(Some(&x[1]), Some(&x[2])).unwrap()),
        vec![vec![
            (vec![2, 3], Range(-2.0, 2.0)),
            (vec![3], Range(-1.0, -0.2)),
            (vec![2, 1], Range(0.2, 1.0)),
        ]],
    ));
    v.push(OpInfo::new(
        "clamp_min and clamp_max tensor bounds",
        |x| {
            let y = x[0].try_clamp_min_tensor(&x[1]).unwrap();
            sq(y.try_clamp_max_tensor(&x[2]).unwrap())
        },
        vec![vec![
            (vec![2, 3], Range(-2.0, 2.0)),
            (vec![2, 1], Range(-1.0, -0.2)),
            (vec![], Range(0.2, 1.0)),
        ]],
    ));
    v.push(
        OpInfo::new(
            "clamp_ tensor bounds in place",
            |x| {
                let y = &x[0] * 1.0;
                y.try_clamp_tensors_(Some(&x[1]), None).unwrap();
                y.try_clamp_max_tensor_(&x[2]).unwrap();
                sq(y)
            },
            vec![vec![
                (vec![2, 3], Range(-2.0, 2.0)),
                (vec![3], Range(-1.0, -0.2)),
                (vec![2, 3], Range(0.2, 1.0)),
            ]],
        )
        .skip(&[Check::Forward, Check::FwdOverRev]),
    );
    // linear algebra on well-conditioned matrices (the input plus 3 I)
    let well = |x: &Tensor| {
        let n = x.shape()[x.dim() - 1];
        x + &Tensor::eye_dtype(n, x.dtype()).try_mul_scalar(3.0).unwrap()
    };
    v.push(OpInfo::new(
        "linalg.solve matrix right-hand side, broadcast batch",
        move |x| sq(well(&x[0]).try_linalg_solve(&x[1]).unwrap()),
        fixed(&[&[2, 3, 3], &[3, 2]], ANY),
    ));
    v.push(OpInfo::new(
        "linalg.solve vector right-hand side",
        move |x| sq(well(&x[0]).try_linalg_solve(&x[1]).unwrap()),
        fixed(&[&[3, 3], &[3]], ANY),
    ));
    v.push(OpInfo::new(
        "linalg.solve(left=False), broadcast batch",
        move |x| sq(well(&x[0]).try_linalg_solve_right(&x[1]).unwrap()),
        fixed(&[&[2, 3, 3], &[4, 3]], ANY),
    ));
    v.push(OpInfo::new(
        "linalg.svdvals, a batch of wide matrices",
        move |x| x[0].try_linalg_svdvals().unwrap(),
        fixed(&[&[2, 3, 4]], ANY),
    ));
    for full in [false, true] {
        v.push(OpInfo::new(
            if full {
                "linalg.svd(full_matrices=True), sign-invariant products of the vectors"
            } else {
                "linalg.svd, sign-invariant products of the vectors, tall batch"
            },
            move |x| {
                let (u, s, vh) = x[0].try_linalg_svd(full).unwrap();
                let k = s.shape()[s.dim() - 1];
                let u = u.try_narrow(-1, 0, k).unwrap();
                let vh = vh.try_narrow(-2, 0, k).unwrap();
                let us2 = u
                    .try_mul(&s.try_mul(&s).unwrap().try_unsqueeze(-2).unwrap())
                    .unwrap();
                let first = u
                    .try_narrow(-1, 0, 1)
                    .unwrap()
                    .try_matmul(&vh.try_narrow(-2, 0, 1).unwrap())
                    .unwrap();
                us2.try_matmul(&vh).unwrap().try_add(&first).unwrap()
            },
            fixed(&[if full { &[2, 3, 4] } else { &[2, 4, 3] }], ANY),
        ));
    }
    v.push(OpInfo::new(
        "linalg.inv",
        move |x| sq(well(&x[0]).try_linalg_inv().unwrap()),
        fixed(&[&[2, 3, 3]], ANY),
    ));
    v.push(OpInfo::new(
        "linalg.det",
        move |x| well(&x[0]).try_linalg_det().unwrap(),
        fixed(&[&[2, 3, 3]], ANY),
    ));
    v.push(OpInfo::new(
        "linalg.slogdet",
        move |x| {
            let (s, l) = well(&x[0]).try_linalg_slogdet().unwrap();
            s.try_mul(&l).unwrap()
        },
        fixed(&[&[3, 3]], ANY),
    ));
    v.push(OpInfo::new(
        "nan_to_num",
        |x| sq(x[0].nan_to_num()),
        unary_in(&[&[2, 3], &[]], ANY),
    ));
}

fn convolutions(v: &mut Vec<OpInfo>) {
    use ferrograd::ops::{ConvOptions, Padding};
    v.push(OpInfo::new(
        "conv2d",
        |x| x[0].conv2d(&x[1], Some(&x[2]), &ConvOptions::new().padding(1)),
        fixed(&[&[2, 2, 4, 3], &[3, 2, 2, 2], &[3]], ANY),
    ));
    v.push(OpInfo::new(
        "conv2d strided, dilated, grouped",
        |x| {
            let o = ConvOptions::new()
                .stride([2, 1])
                .padding([1, 0])
                .dilation([1, 2])
                .groups(2);
            x[0].conv2d(&x[1], None, &o)
        },
        fixed(&[&[1, 4, 5, 5], &[2, 2, 2, 2]], ANY),
    ));
    v.push(OpInfo::new(
        "conv1d same",
        |x| {
            x[0].conv1d(
                &x[1],
                Some(&x[2]),
                &ConvOptions::new().padding(Padding::Same),
            )
        },
        fixed(&[&[2, 2, 5], &[2, 2, 2], &[2]], ANY),
    ));
    v.push(OpInfo::new(
        "conv_transpose2d",
        |x| {
            let o = ConvOptions::new().stride(2).padding(1).output_padding(1);
            x[0].conv_transpose2d(&x[1], Some(&x[2]), &o)
        },
        fixed(&[&[1, 2, 2, 3], &[2, 3, 3, 2], &[3]], ANY),
    ));
}

fn joining_and_nn(v: &mut Vec<OpInfo>) {
    v.push(OpInfo::new(
        "cat dim 0",
        |x| Tensor::cat(&[x[0].clone(), x[1].sin()], 0),
        fixed(&[&[2, 3], &[1, 3]], ANY),
    ));
    v.push(OpInfo::new(
        "cat dim -1, three parts",
        |x| Tensor::cat(&[x[0].clone(), &x[1] * &x[1], x[0].exp()], -1),
        fixed(&[&[2, 3], &[2, 2]], ANY),
    ));
    for dim in [0isize, 1, -1] {
        v.push(OpInfo::new(
            format!("stack dim {dim}"),
            move |x| Tensor::stack(&[x[0].clone(), &x[1] * &x[0]], dim),
            fixed(&[&[2, 3], &[2, 3]], ANY),
        ));
    }
    let cond = seeded(1500, || uniform(&[2, 3], 0.0, 1.0).gt_scalar(0.5));
    let c = cond.clone();
    v.push(OpInfo::new(
        "where(c, a, b[3])",
        move |x| Tensor::where_(&c, &(&x[0] * &x[0]), &x[1].exp()),
        fixed(&[&[2, 3], &[3]], ANY),
    ));
    v.push(OpInfo::new(
        "where(c, a, 0-dim)",
        move |x| Tensor::where_(&cond, &x[0], &x[1].sin()),
        fixed(&[&[2, 3], &[]], ANY),
    ));
    v.push(OpInfo::new(
        "where(a > b, a, b)",
        |x| Tensor::where_(&x[0].gt(&x[1]), &x[0], &x[1]),
        fixed(&[&[2, 3], &[2, 3]], Distinct),
    ));
    let x34: &[&[usize]] = &[&[3, 4]];
    for dim in [0isize, 1, -1] {
        v.push(OpInfo::new(
            format!("softmax {dim}"),
            move |x| x[0].softmax(dim),
            unary_in(x34, Range(-2.0, 2.0)),
        ));
        v.push(OpInfo::new(
            format!("log_softmax {dim}"),
            move |x| x[0].log_softmax(dim),
            unary_in(x34, Range(-2.0, 2.0)),
        ));
    }
    v.push(OpInfo::new(
        "softmax 1-D",
        |x| x[0].softmax(0),
        unary_in(&[&[5]], Range(-2.0, 2.0)),
    ));
    let tgt = Tensor::new([1i64, 3, 0]);
    let t = tgt.clone();
    v.push(OpInfo::new(
        "cross_entropy",
        move |x| x[0].cross_entropy(&t),
        unary_in(x34, Range(-2.0, 2.0)),
    ));
    v.push(OpInfo::new(
        "cross_entropy 1-D",
        |x| x[0].cross_entropy(&Tensor::new(2i64)),
        unary_in(&[&[5]], Range(-2.0, 2.0)),
    ));
    let t = tgt.clone();
    v.push(OpInfo::new(
        "nll_loss of log_softmax",
        move |x| x[0].log_softmax(1).try_nll_loss(&t).unwrap(),
        unary_in(x34, Range(-2.0, 2.0)),
    ));
    v.push(OpInfo::new(
        "nll_loss of a product",
        move |x| (&x[0] * &x[0]).try_nll_loss(&tgt).unwrap(),
        unary_in(x34, Range(-2.0, 2.0)),
    ));
    v.push(OpInfo::new("mse_loss", |x| x[0].mse_loss(&x[1]), {
        let mut s = fixed(&[&[3, 4], &[3, 4]], ANY);
        s.extend(fixed(&[&[3, 4], &[4]], ANY));
        s
    }));
    v.push(OpInfo::new(
        "mse_loss of sin",
        |x| x[0].sin().mse_loss(&x[1]),
        fixed(&[&[3, 4], &[4]], ANY),
    ));
}

fn views(v: &mut Vec<OpInfo>) {
    // squared, so that second order runs through their backward
    let list: Vec<(&str, Plain)> = vec![
        ("reshape", |x| sq(x[0].reshape(&[3, 4]))),
        ("reshape_infer", |x| {
            sq(x[0].try_reshape_infer(&[-1, 2]).unwrap())
        }),
        ("view", |x| sq(x[0].view(&[6, 2]))),
        ("flatten", |x| sq(x[0].flatten())),
        ("reshape of a transposed view", |x| {
            sq(x[0].transpose(0, 2).reshape(&[12]))
        }),
        ("transpose", |x| sq(x[0].transpose(0, -1))),
        ("permute", |x| sq(x[0].permute(&[2, 0, 1]))),
        ("t", |x| sq(x[0].select(2, 1).t())),
        ("t of 1-D", |x| sq(x[0].flatten().t())),
        ("squeeze/unsqueeze", |x| {
            sq(x[0].unsqueeze(1).unsqueeze(-1).squeeze())
        }),
        ("squeeze_dim", |x| sq(x[0].unsqueeze(0).squeeze_dim(0))),
        ("squeeze_dim of a non-1 dim", |x| sq(x[0].squeeze_dim(1))),
        ("unsqueeze -1", |x| sq(x[0].unsqueeze(-1))),
        ("select", |x| sq(x[0].select(1, -1))),
        ("select twice", |x| sq(x[0].select(0, 1).select(0, 0))),
        ("slice with step", |x| sq(x[0].slice(1, 0, 3, 2))),
        ("slice with negative start", |x| {
            sq(x[0].slice(-1, -1, isize::MAX, 1))
        }),
        ("narrow", |x| sq(x[0].narrow(1, 1, 2))),
        ("clone_tensor", |x| sq(x[0].clone_tensor())),
        ("contiguous of a transposed view", |x| {
            sq(x[0].transpose(0, 1).contiguous())
        }),
        // unsquared: the views' own first-order rules, linear
        ("transpose (linear)", |x| x[0].transpose(0, 1)),
        ("expand (linear)", |x| {
            x[0].unsqueeze(0).expand(&[2, 2, 3, 2])
        }),
        ("slice (linear)", |x| x[0].slice(1, 0, 3, 2)),
    ];
    for (name, f) in list {
        v.push(OpInfo::new(name, f, fixed(&[&[2, 3, 2]], ANY)));
    }
    let e: &[&[usize]] = &[&[3, 1]];
    v.push(OpInfo::new(
        "expand",
        |x| sq(x[0].expand(&[2, 3, 4])),
        fixed(e, ANY),
    ));
    // KNOWN BUG: the batched backward of a 0-dim transpose fails ("Dimension out of range")
    v.push(
        OpInfo::new(
            "transpose of a 0-dim",
            |x| sq(x[0].select(0, 2).select(0, 0).transpose(0, -1)),
            fixed(e, ANY),
        )
        .skip(&[Check::Batched]),
    );
    v.push(OpInfo::new(
        "expand of a 0-dim",
        |x| sq(x[0].select(0, 1).select(0, 0).expand(&[3])),
        fixed(e, ANY),
    ));
}

fn casts_and_inplace(v: &mut Vec<OpInfo>) {
    // A float32 intermediate rounds to ~6e-8, which central differences with eps 1e-6 would
    // magnify to ~0.06; the cast is linear, so a larger step stays exact up to that rounding.
    let tol = GradcheckOptions {
        eps: 1e-2,
        atol: 1e-4,
        rtol: 1e-3,
        fast_mode: false,
    };
    let casts: Vec<(&str, Plain)> = vec![
        ("to_dtype round trip", |x| {
            x[0].to_dtype(DType::Float32).to_dtype(DType::Float64)
        }),
        ("to_dtype of a square", |x| {
            sq(x[0].to_dtype(DType::Float32)).to_dtype(DType::Float64)
        }),
        ("mixed float32 * float64", |x| {
            &x[0].to_dtype(DType::Float32) * &x[1]
        }),
    ];
    for (name, f) in casts {
        let mut e = OpInfo::new(name, f, fixed(&[&[2, 3], &[3]], ANY)).f64_only();
        e.tol64 = Some(tol);
        v.push(e);
    }
    let nz: Vec<Vec<_>> = vec![vec![(vec![2, 3], ANY), (vec![3], NonZero)]];
    let inplace: Vec<(&str, Plain)> = vec![
        ("mul_", |x| {
            let y = &x[0] * 1.5;
            y.mul_(&x[1]);
            y
        }),
        ("add_", |x| {
            let y = x[0].sin();
            y.add_(&x[1]);
            &y * &y
        }),
        ("sub_", |x| {
            let y = x[0].sin();
            y.sub_(&(&x[1] * &x[1]));
            y
        }),
        ("div_", |x| {
            let y = &x[0] * &x[0];
            y.div_(&x[1]);
            y
        }),
        ("mul_ by a scalar then add_ of itself", |x| {
            let y = x[0].cos();
            y.mul_(2.0);
            y.add_(&(&x[0] * &x[0]));
            y.mul_(&x[0]);
            y
        }),
    ];
    // KNOWN BUG: in-place ops on a non-leaf do not update forward-mode tangents (the tangent
    // stays that of the tensor before the in-place op), so forward mode is not checked here.
    for (name, f) in inplace {
        v.push(OpInfo::new(name, f, nz.clone()).skip(&[Check::Forward, Check::FwdOverRev]));
    }
    let clamps: Vec<(&str, Plain)> = vec![
        ("clamp_min", |x| sq(x[0].try_clamp_min(-0.5).unwrap())),
        ("clamp_max", |x| sq(x[0].try_clamp_max(0.5).unwrap())),
        ("clamp_ in place", |x| {
            let y = &x[0] * 1.0;
            y.try_clamp_(Some(-0.5), Some(0.5)).unwrap();
            sq(y)
        }),
        ("clamp_min_ then clamp_max_ in place", |x| {
            // (exp would save its output, which the in-place op overwrites: an error)
            let y = &x[0] * 2.0;
            y.try_clamp_min_(0.7).unwrap();
            y.try_clamp_max_(2.0).unwrap();
            &y * &x[0]
        }),
    ];
    // away from the bounds, and from where 2x meets 0.7 and 2
    const BOUNDS: &[f64] = &[-0.5, 0.5, 0.35, 1.0];
    for (name, f) in clamps {
        v.push(
            OpInfo::new(name, f, unary(AwayFrom(BOUNDS)))
                .skip(&[Check::Forward, Check::FwdOverRev]),
        );
    }
    let _ = (PAIRS, SHAPES);
}
