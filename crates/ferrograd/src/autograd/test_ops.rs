//! The op list shared by the sweeps that check every differentiable op (forward mode against
//! reverse mode, gradcheck and gradgradcheck).

use crate::{DType, Tensor};

/// A named function of two `2×3` float64 inputs.
pub(crate) type Op = (&'static str, OpFn);
/// The function of an [`Op`].
pub(crate) type OpFn = std::sync::Arc<dyn Fn(&[Tensor]) -> Tensor + Send + Sync>;

/// Positive inputs in `[0.5, 1.5)`, away from every op's singular points.
pub(crate) fn pos(shape: &[usize]) -> Tensor {
    Tensor::rand_dtype(shape, DType::Float64)
        .try_add_scalar(0.5)
        .unwrap()
}

/// The gradient of `y` with respect to `x` for the output gradient `g`, twice: by the one-pass
/// (fused) backward taken without `create_graph`, and by the rule written with ops, which
/// `create_graph` records.
pub(crate) fn fused_and_recorded(y: &Tensor, x: &Tensor, g: &Tensor) -> (Tensor, Tensor) {
    use crate::autograd::{grad_with, GradOptions};
    let o = GradOptions::new()
        .grad_outputs(vec![g.clone()])
        .retain_graph(true);
    let one = |o: &GradOptions| {
        grad_with(std::slice::from_ref(y), std::slice::from_ref(x), o).unwrap()[0]
            .clone()
            .unwrap()
    };
    let fast = one(&o);
    (fast, one(&o.create_graph(true)))
}

/// Asserts that `f(xs)` ends in the node `name` and that its gradients pass gradcheck and
/// gradgradcheck (first and second order against finite differences).
#[track_caller]
pub(crate) fn assert_node_and_gradients(
    name: &str,
    f: impl Fn(&[Tensor]) -> Tensor,
    xs: &[Tensor],
) {
    use crate::autograd::{gradcheck, gradgradcheck, GradcheckOptions};
    assert_eq!(f(xs).grad_fn().unwrap().name(), name);
    let g = |x: &[Tensor]| Ok(vec![f(x)]);
    assert!(
        gradcheck(g, xs, GradcheckOptions::default()).unwrap(),
        "{name}"
    );
    assert!(
        gradgradcheck(g, xs, GradcheckOptions::default()).unwrap(),
        "{name}"
    );
}

/// Every differentiable op of the library, applied to two `2×3` inputs: the ops below, then
/// every row of the elementwise op tables with [`pos`]'s inputs mapped into the row's domain
/// (binary rows broadcast their second argument).
pub(crate) fn all_ops() -> Vec<Op> {
    let mut ops: Vec<Op> = fixed_ops()
        .into_iter()
        .map(|(name, f)| (name, std::sync::Arc::new(f) as OpFn))
        .collect();
    for &op in crate::ops::UNARY_OPS {
        ops.push((
            op.name,
            std::sync::Arc::new(move |x: &[Tensor]| table_op(op, &x[0])),
        ));
    }
    ops
}

/// The row `op` with its default parameters at `x` in `[0.5, 1.5)`, mapped affinely into the
/// row's domain.
pub(crate) fn table_op(op: &'static crate::ops::UnaryOp, x: &Tensor) -> Tensor {
    let (lo, hi) = op.domain;
    let arg = (x - 0.5) * (hi - lo) + lo;
    op.apply(&arg, &op.default_params()).unwrap()
}

type FixedOp = (&'static str, fn(&[Tensor]) -> Tensor);

fn fixed_ops() -> Vec<FixedOp> {
    vec![
        ("add", |x| &x[0] + &x[1]),
        ("sub", |x| &x[0] - &x[1]),
        ("mul", |x| &x[0] * &x[1]),
        ("div", |x| &x[0] / &x[1]),
        ("add_scalar", |x| &x[0] + 2.0),
        ("rsub", |x| 1.0 - &x[0]),
        ("mul_scalar", |x| 3.0 * &x[0]),
        ("div_scalar", |x| &x[0] / 2.0),
        ("rdiv", |x| 2.0 / &x[0]),
        ("neg", |x| -&x[0]),
        ("pow", |x| x[0].pow(2.5)),
        ("pow_tensor", |x| x[0].pow_tensor(&x[1])),
        ("rpow", |x| x[0].rpow(2.0)),
        ("relu_kink", |x| (&x[0] - 0.9).relu()),
        ("abs_kink", |x| (&x[0] - 0.9).abs()),
        ("clamp", |x| x[0].clamp(Some(0.8), Some(1.2))),
        ("sum", |x| x[0].sum()),
        ("sum_dims", |x| x[0].sum_dims(&[0], true)),
        ("mean", |x| x[0].mean()),
        ("mean_dims", |x| x[0].mean_dims(&[1], false)),
        ("max", |x| x[0].max()),
        ("max_dim", |x| x[0].try_max_dim(1, false).unwrap().0),
        ("mm", |x| x[0].mm(&x[1].t())),
        ("matmul", |x| x[0].matmul(&x[1].t())),
        ("matmul_batched", |x| {
            x[0].reshape(&[2, 1, 3]).matmul(&x[1].reshape(&[1, 3, 2]))
        }),
        ("mv", |x| x[0].mv(&x[1].select(0, 0))),
        ("dot", |x| x[0].flatten().dot(&x[1].flatten())),
        ("cat", |x| Tensor::cat(&[x[0].clone(), x[1].clone()], 1)),
        ("stack", |x| Tensor::stack(&[x[0].clone(), x[1].clone()], 0)),
        ("where", |x| Tensor::where_(&x[0].gt(&x[1]), &x[0], &x[1])),
        ("softmax", |x| x[0].softmax(1)),
        ("log_softmax", |x| x[0].log_softmax(0)),
        ("cross_entropy", |x| {
            x[0].cross_entropy(&Tensor::new([1, 0]))
        }),
        ("mse_loss", |x| x[0].mse_loss(&x[1])),
        ("addmm", |x| {
            Tensor::try_addmm(&x[1].select(1, 0), &x[0], &x[1].t()).unwrap()
        }),
        ("reshape", |x| x[0].reshape(&[3, 2])),
        ("transpose", |x| x[0].transpose(0, 1)),
        ("permute", |x| x[0].permute(&[1, 0])),
        ("expand", |x| x[0].unsqueeze(0).expand(&[2, 2, 3])),
        ("squeeze", |x| x[0].unsqueeze(1).squeeze()),
        ("select", |x| x[0].select(1, 2)),
        ("slice", |x| x[0].slice(1, 0, 3, 2)),
        ("narrow", |x| x[0].narrow(1, 1, 2)),
        ("clone", |x| x[0].clone_tensor()),
        ("contiguous", |x| x[0].t().contiguous()),
    ]
}

#[test]
fn pow_gradients_at_zero_follow_pytorch() {
    let x = Tensor::new_with_dtype([0.0, 2.0], DType::Float64).requires_grad_(true);
    let y = Tensor::new_with_dtype([0.0, 3.0], DType::Float64).requires_grad_(true);
    x.pow_tensor(&y).sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![0.0, 12.0]);
    assert_eq!(
        y.grad().unwrap().to_vec::<f64>(),
        vec![0.0, 8.0 * 2f64.ln()]
    );
    let e = Tensor::new_with_dtype([2.0, 0.0], DType::Float64).requires_grad_(true);
    e.rpow(0.0).sum().backward();
    assert_eq!(e.grad().unwrap().to_vec::<f64>(), vec![0.0, 0.0]);
}
