//! Batched backward passes: many vector-Jacobian products in one walk of the graph
//! (`torch.autograd.grad(..., is_grads_batched=True)`).
//!
//! During a batched pass every gradient carries one extra leading dimension, the batch. The
//! backward rules of most ops are written so that they work on such gradients directly: the
//! elementwise rules broadcast against the saved tensors, and the rules that name dimensions or
//! shapes ask this module for the batched ones ([`shape`], [`dim`], [`per_sample`]). A rule whose
//! node was recorded as not taking batches (custom Functions) runs once per batch element
//! inside the same pass, and its results are stacked, so every op works and the built-in ones
//! run as whole batches. Each node says which it is (`Node::batched`), set when it is recorded.

use crate::error::Result;
use crate::Tensor;
use std::cell::Cell;

thread_local! {
    /// The batch size of the backward pass running on this thread (0: not batched).
    static BATCH: Cell<usize> = const { Cell::new(0) };
}

/// The batch size of the running backward pass, if it is batched.
#[inline]
pub(crate) fn size() -> Option<usize> {
    match BATCH.with(|b| b.get()) {
        0 => None,
        n => Some(n),
    }
}

/// Sets the batch size of this thread's backward pass until dropped (`None`: not batched).
pub(crate) struct Scope {
    previous: usize,
}

impl Scope {
    pub(crate) fn new(batch: Option<usize>) -> Scope {
        Scope {
            previous: BATCH.with(|b| b.replace(batch.unwrap_or(0))),
        }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        BATCH.with(|b| b.set(self.previous));
    }
}

/// `shape` with the batch dimension in front, when batched.
pub(crate) fn shape(shape: &[usize]) -> Vec<usize> {
    prepend(size(), shape)
}

/// `shape` with a batch of `b` in front (unchanged for `None`).
pub(crate) fn prepend(b: Option<usize>, shape: &[usize]) -> Vec<usize> {
    b.into_iter().chain(shape.iter().copied()).collect()
}

/// A (non-negative) dimension of the unbatched tensor, as a dimension of the batched one.
pub(crate) fn dim(d: usize) -> usize {
    d + usize::from(size().is_some())
}

/// A dimension of the unbatched tensor, as a dimension of the batched one: negative
/// dimensions (counted from the end) are the same in both.
pub(crate) fn dim_signed(d: isize) -> isize {
    if d < 0 {
        d
    } else {
        dim(d as usize) as isize
    }
}

/// An index tensor of a per-element op (`gather`, `scatter`, `sort`'s indices), with the batch
/// in front when batched: expanded, not copied, so that every element of the batch reads the
/// same indices.
pub(crate) fn index(ix: &Tensor) -> Result<Tensor> {
    match size() {
        Some(b) => ix
            .try_unsqueeze(0)?
            .try_expand(&prepend(Some(b), ix.shape())),
        None => Ok(ix.clone()),
    }
}

/// The sum of all elements of each element of the batch (`[B]`), or of the whole tensor.
pub(crate) fn sum_all(t: &Tensor) -> Result<Tensor> {
    match size() {
        Some(b) if t.dim() > 1 => t
            .try_reshape(&[b, t.numel() / b.max(1)])?
            .try_sum_dims(&[1], false),
        Some(_) => Ok(t.clone()),
        None => t.try_sum(),
    }
}

/// A gradient of a reduction's output, reshaped so that it broadcasts against a tensor of
/// `rank` dimensions per sample: a batched `[B]` becomes `[B, 1, ..., 1]`.
pub(crate) fn per_sample(g: &Tensor, rank: usize) -> Result<Tensor> {
    match size() {
        Some(b) if g.dim() == 1 && rank > 0 => {
            let mut s = vec![1; rank + 1];
            s[0] = b;
            g.try_reshape(&s)
        }
        _ => Ok(g.clone()),
    }
}

/// `a · b` for the rules of matrix products: `mm` of two matrices, or, when one of them is a
/// batched gradient, `matmul` with the batch broadcast.
pub(crate) fn mm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if size().is_some() {
        a.try_matmul(b)
    } else {
        a.try_mm(b)
    }
}

/// Whether a matrix is laid out column by column (PyTorch's test in `mm_mat1_backward`:
/// `strides[0] == 1 && strides[1] == sizes[0]`, as a transposed contiguous matrix is).
pub(crate) fn column_major(t: &Tensor) -> bool {
    t.dim() == 2 && t.strides()[0] == 1 && t.strides()[1] == t.shape()[0]
}

/// The gradient of `mat1` in `mat1 @ mat2` from the output's `grad`. As PyTorch's
/// `mm_mat1_backward`, a column-major `mat1` gets a column-major gradient
/// (`(mat2 @ gradᵀ)ᵀ`), so that a transposed leaf's gradient comes out contiguous.
pub(crate) fn mm_mat1_grad(
    grad: &Tensor,
    mat2: &Tensor,
    mat1_column_major: bool,
) -> Result<Tensor> {
    if mat1_column_major && size().is_none() {
        mat2.try_mm(&grad.try_t()?)?.try_t()
    } else {
        mm(grad, &mat2.try_t()?)
    }
}

/// The gradient of `mat2` in `mat1 @ mat2`, as PyTorch's `mm_mat2_backward`: `(gradᵀ @ mat1)ᵀ`
/// for a column-major `mat2` (the weight of `F.linear`, whose gradient then arrives
/// contiguous), else `mat1ᵀ @ grad`.
pub(crate) fn mm_mat2_grad(
    grad: &Tensor,
    mat1: &Tensor,
    mat2_column_major: bool,
) -> Result<Tensor> {
    if mat2_column_major && size().is_none() {
        grad.try_t()?.try_mm(mat1)?.try_t()
    } else {
        mm(&mat1.try_t()?, grad)
    }
}

/// A reduction's dimension `d` (non-negative) in a rule whose saved tensor has `rank`
/// dimensions: the batched dimension, or `None` for a 0-dim tensor in a batched pass (there
/// is nothing to reduce per element).
pub(crate) fn reduce_dim(d: isize, rank: usize) -> Option<isize> {
    match size() {
        Some(_) if rank == 0 => None,
        Some(_) => Some(d + 1),
        None => Some(d),
    }
}

/// Runs a rule that does not handle batches once per batch element and stacks the results
/// (custom functions, and any node recorded as not taking batches):
/// `rule(i)` computes the input gradients for element `i` of the batch.
pub(crate) fn per_element(
    batch: usize,
    mut rule: impl FnMut(usize) -> Result<Vec<Option<Tensor>>>,
) -> Result<Vec<Option<Tensor>>> {
    let mut columns: Vec<Vec<Option<Tensor>>> = Vec::new();
    {
        let _unbatched = Scope::new(None);
        for i in 0..batch {
            let gs = rule(i)?;
            if columns.len() < gs.len() {
                columns.resize_with(gs.len(), || Vec::with_capacity(batch));
            }
            for (k, g) in gs.into_iter().enumerate() {
                columns[k].push(g);
            }
        }
    }
    columns
        .into_iter()
        .map(|col| {
            let Some(like) = col.iter().flatten().next().cloned() else {
                return Ok(None);
            };
            let parts: Vec<Tensor> = col
                .into_iter()
                .map(|g| g.unwrap_or_else(|| like.zeros_like()))
                .collect();
            Tensor::try_stack(&parts, 0).map(Some)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::autograd::functional::{hessian, jacobian, Options, Strategy};
    use crate::autograd::test_ops::{all_ops, pos};
    use crate::autograd::{grad_with, GradOptions};
    use crate::{DType, Tensor};

    fn close(a: &Tensor, b: &Tensor, what: &str) {
        assert_eq!(a.shape(), b.shape(), "{what}: shapes");
        for (x, y) in a.to_vec::<f64>().iter().zip(b.to_vec::<f64>()) {
            assert!(
                (x - y).abs() <= 1e-10 * (1.0 + y.abs()),
                "{what}: {x} vs {y}\n{a}\n{b}"
            );
        }
    }

    /// Batched against separate passes for `f` at `xs`, with batch sizes 1, 2 and 5.
    fn check_batched(name: &str, f: impl Fn(&[Tensor]) -> Tensor, xs: Vec<Tensor>) {
        check_batched_sizes(name, f, xs, &[1, 2, 5]);
    }

    /// Every built-in rule declares, on its node, that it takes a batch: the sweep's ops, the
    /// vector-matrix product (`SqueezeBackward4`) and the loss over extra dimensions
    /// (`NllLoss2DBackward0`), which a list of names used to miss.
    #[test]
    fn every_built_in_node_takes_a_batch() {
        use crate::autograd::{Edge, Node};
        use std::sync::Arc;
        fn walk(n: &Arc<Node>, names: &mut Vec<&'static str>) {
            assert!(n.batched, "{} does not take a batch", n.name());
            names.push(n.name());
            for e in n.next.iter().flatten() {
                if let Edge::Node(c, _) = e {
                    walk(c, names);
                }
            }
        }
        let mut names = Vec::new();
        for (_, f) in all_ops() {
            let x = [
                pos(&[2, 3]).requires_grad_(true),
                pos(&[2, 3]).requires_grad_(true),
            ];
            walk(&f(&x).grad_fn().expect("recorded").0, &mut names);
        }
        let v = pos(&[3]).requires_grad_(true);
        let m = pos(&[3, 2]).requires_grad_(true);
        walk(&v.matmul(&m).grad_fn().unwrap().0, &mut names);
        let logits = pos(&[2, 3, 4]).requires_grad_(true);
        let target = Tensor::new([[0i64, 1, 2, 0], [2, 2, 1, 0]]);
        walk(
            &logits.cross_entropy(&target).grad_fn().unwrap().0,
            &mut names,
        );
        for must in [
            "SqueezeBackward4",
            "NllLoss2DBackward0",
            "AtanBackward0",
            "MmBackward0",
        ] {
            assert!(names.contains(&must), "{must} not reached");
        }
    }

    /// The rules of convolution (and its backward's), pooling, padding, interpolation,
    /// normalization, gathering, sorting, scans and advanced indexing take whole batches: no
    /// node of their graphs runs per element (`tests/batched_rules.rs` checks the values).
    #[test]
    fn the_cnn_rules_take_whole_batches() {
        use crate::autograd::{grad_with, Edge, GradOptions, Node};
        use crate::ops::ConvOptions;
        use crate::{PadMode, Pool2d, TensorIndex};
        use std::sync::Arc;
        fn walk(n: &Arc<Node>, names: &mut Vec<&'static str>) {
            assert!(n.batched, "{} runs per element", n.name());
            names.push(n.name());
            for e in n.next.iter().flatten() {
                if let Edge::Node(c, _) = e {
                    walk(c, names);
                }
            }
        }
        let x = pos(&[2, 2, 5, 5]).requires_grad_(true);
        let w = pos(&[3, 2, 3, 3]).requires_grad_(true);
        let ix = Tensor::new([[1i64, 0], [2, 2]]);
        let ys = [
            x.conv2d(&w, None, &ConvOptions::new().padding(1)),
            x.select(2, 0)
                .conv1d(&w.select(2, 0), None, &ConvOptions::new()),
            x.try_max_pool2d(&Pool2d::new([2, 2])).unwrap(),
            x.select(0, 0)
                .try_avg_pool1d(2, None, 0, false, true)
                .unwrap(),
            x.try_adaptive_max_pool2d([2, 3]).unwrap().0,
            x.try_pad(&[1, 1, 1, 1], PadMode::Reflect, 0.0).unwrap(),
            x.try_interpolate(Some(&[7, 7]), None, "bilinear", Some(false))
                .unwrap(),
            x.try_group_norm(2, None, None, 1e-5).unwrap(),
            x.try_layer_norm(&[5], None, None, 1e-5).unwrap(),
            x.try_batch_norm(&crate::BatchNormArgs {
                training: true,
                ..Default::default()
            })
            .unwrap(),
            x.select(0, 0).select(0, 0).try_gather(1, &ix).unwrap(),
            x.try_index_select(2, &Tensor::new([0i64, 4])).unwrap(),
            x.try_sort(-1, false, None).unwrap().0,
            x.try_cumprod(1, None).unwrap().flip(&[0]),
            x.try_masked_fill(&x.gt_scalar(1.0), 0.5).unwrap(),
            x.try_index(&[
                TensorIndex::Tensor(Tensor::new([1i64, 0])),
                TensorIndex::FULL,
                TensorIndex::Tensor(Tensor::new([0i64, 3])),
            ])
            .unwrap(),
        ];
        let mut names = Vec::new();
        for y in &ys {
            walk(&y.grad_fn().expect("recorded").0, &mut names);
        }
        // the nodes of a convolution's backward, recorded with create_graph
        let y = x.conv2d(&w, None, &ConvOptions::new());
        let o = GradOptions::new()
            .grad_outputs(vec![y.ones_like()])
            .create_graph(true);
        let g = grad_with(&[y], &[x.clone(), w.clone()], &o).unwrap();
        for g in g.iter().flatten() {
            walk(&g.grad_fn().expect("a graph").0, &mut names);
        }
        for must in [
            "ConvolutionBackward0",
            "ConvolutionBackwardBackward0",
            "MaxPool2DWithIndicesBackward0",
            "NativeBatchNormBackward0",
            "NativeGroupNormBackward0",
            "GatherBackward0",
            "SortBackward0",
            "CumprodBackward0",
            "IndexBackward0",
        ] {
            assert!(names.contains(&must), "{must} not reached");
        }
    }

    /// A batch of random vectors through one batched pass against one pass per vector.
    fn check_batched_sizes(
        name: &str,
        f: impl Fn(&[Tensor]) -> Tensor,
        xs: Vec<Tensor>,
        sizes: &[usize],
    ) {
        let xs: Vec<Tensor> = xs.iter().map(|x| x.detach().requires_grad_(true)).collect();
        let y = f(&xs);
        for &batch in sizes {
            let mut shape = vec![batch];
            shape.extend_from_slice(y.shape());
            let v = Tensor::randn_dtype(&shape, DType::Float64);
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
                    let g = g.as_ref().unwrap().select(0, i as isize);
                    close(
                        &g,
                        w.as_ref().unwrap(),
                        &format!("{name} batch {batch} row {i} input {k}"),
                    );
                }
            }
        }
    }

    /// Ranks the op sweep does not reach: 0-dim and 1-D inputs, 3-D reductions.
    #[test]
    fn batched_passes_on_scalars_vectors_and_3d() {
        crate::manual_seed(23);
        let s = Tensor::randn_dtype(&[], DType::Float64);
        let v = Tensor::randn_dtype(&[4], DType::Float64);
        let m = Tensor::randn_dtype(&[3, 4], DType::Float64);
        let t = Tensor::randn_dtype(&[2, 3, 4], DType::Float64);
        check_batched("softmax 0-dim", |x| x[0].softmax(0), vec![s.clone()]);
        check_batched(
            "log_softmax 0-dim",
            |x| x[0].log_softmax(0),
            vec![s.clone()],
        );
        check_batched("sum 0-dim", |x| x[0].exp().sum(), vec![s.clone()]);
        check_batched(
            "mul 0-dim by vector",
            |x| &x[0] * &x[1],
            vec![s.clone(), v.clone()],
        );
        check_batched("softmax 1-D", |x| x[0].softmax(-1), vec![v.clone()]);
        check_batched("log_softmax 3-D", |x| x[0].log_softmax(1), vec![t.clone()]);
        check_batched("dot", |x| x[0].dot(&x[1]), vec![v.clone(), v.sin()]);
        check_batched("mv", |x| x[0].mv(&x[1]), vec![m.clone(), v.clone()]);
        check_batched("mm", |x| x[0].mm(&x[1]), vec![m.clone(), m.t()]);
        check_batched(
            "batched matmul",
            |x| x[0].matmul(&x[1]),
            vec![t.clone(), m.t()],
        );
        check_batched(
            "vector @ matrix",
            |x| x[0].matmul(&x[1]),
            vec![v.clone(), m.t()],
        );
        check_batched("max 3-D", |x| x[0].max(), vec![t.clone()]);
        check_batched(
            "max_dim 3-D",
            |x| x[0].try_max_dim(-1, true).unwrap().0,
            vec![t.clone()],
        );
        check_batched(
            "mean dims 3-D",
            |x| x[0].mean_dims(&[0, 2], false),
            vec![t.clone()],
        );
        check_batched(
            "cross_entropy 1-D",
            |x| x[0].cross_entropy(&Tensor::new(2)),
            vec![v.clone()],
        );
        check_batched(
            "mse broadcast",
            |x| x[0].mse_loss(&x[1]),
            vec![m.clone(), v.clone()],
        );
        check_batched("t of a vector", |x| x[0].t() * 2.0, vec![v.clone()]);
        check_batched(
            "permute 3-D",
            |x| x[0].permute(&[2, 0, 1]).sin(),
            vec![t.clone()],
        );
        check_batched(
            "in place",
            |x| {
                let y = &x[0] + 1.0;
                y.mul_(&x[1]).add_(&x[0]).div_(x[1].cos()).sub_(1.5);
                let z = x[1].sin();
                z.zero_();
                let w = &x[0] * 2.0;
                w.fill_(3.0);
                let c = &x[0] * 1.0;
                c.copy_(&x[1].exp());
                &(&(&y + &z) + &w) + &c
            },
            vec![m.clone(), m.sin()],
        );
        check_batched(
            "chain",
            |x| {
                (x[0].matmul(&x[1]).tanh() + 1.0)
                    .log()
                    .sum_dims(&[1], false)
            },
            vec![m.clone(), m.t()],
        );
    }

    /// A custom function whose backward knows nothing of batches (it expands to the input's
    /// exact shape) runs once per batch element inside the batched pass.
    #[test]
    fn custom_functions_run_per_element_in_a_batched_pass() {
        use crate::autograd::{apply, Function, FunctionCtx};
        struct RowSum;
        impl Function for RowSum {
            fn name(&self) -> &'static str {
                "RowSumBackward"
            }
            fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> crate::Result<Tensor> {
                ctx.save_for_backward(&x[..1]);
                x[0].try_sum_dims(&[1], false)
            }
            fn backward(
                &self,
                ctx: &FunctionCtx,
                g: &Tensor,
            ) -> crate::Result<Vec<Option<Tensor>>> {
                let x = &ctx.saved_tensors()[0];
                Ok(vec![Some(g.try_unsqueeze(1)?.try_expand(x.shape())?)])
            }
        }
        crate::manual_seed(24);
        let m = Tensor::randn_dtype(&[3, 4], DType::Float64);
        check_batched(
            "custom function",
            |x| apply(RowSum, &[x[0].sin()]).unwrap().exp(),
            vec![m],
        );
    }

    /// Every op: vectorized Jacobians and Hessians, and forward-mode (forward-over-reverse)
    /// ones, equal the row-by-row ones.
    #[test]
    fn vectorized_jacobian_and_hessian_equal_row_by_row_on_every_op() {
        crate::manual_seed(22);
        let vec_opts = Options {
            vectorize: true,
            ..Default::default()
        };
        let fwd_opts = Options {
            vectorize: true,
            strategy: Strategy::ForwardMode,
            ..Default::default()
        };
        for (name, f) in all_ops() {
            let x = [pos(&[2, 3]), pos(&[2, 3])];
            let j0 = jacobian(|x| Ok(vec![f(x)]), &x, Options::default()).unwrap();
            let j1 = jacobian(|x| Ok(vec![f(x)]), &x, vec_opts).unwrap();
            let j2 = jacobian(|x| Ok(vec![f(x)]), &x, fwd_opts).unwrap();
            for k in 0..2 {
                close(&j1[0][k], &j0[0][k], &format!("{name}: jacobian block {k}"));
                close(
                    &j2[0][k],
                    &j0[0][k],
                    &format!("{name}: forward jacobian block {k}"),
                );
            }
            let w = Tensor::randn_dtype(f(&x).shape(), DType::Float64);
            let s = |x: &[Tensor]| {
                let y = f(x);
                Ok(vec![(&y * &y * &w).sum()])
            };
            let h0 = hessian(s, &x, Options::default()).unwrap();
            let h1 = hessian(s, &x, vec_opts).unwrap();
            let h2 = hessian(s, &x, fwd_opts).unwrap();
            for i in 0..2 {
                for k in 0..2 {
                    close(
                        &h1[i][k],
                        &h0[i][k],
                        &format!("{name}: hessian block {i},{k}"),
                    );
                    close(
                        &h2[i][k],
                        &h0[i][k],
                        &format!("{name}: forward-over-reverse {i},{k}"),
                    );
                }
            }
        }
    }

    #[test]
    fn vectorized_results_keep_their_graph() {
        // d/dx of the Jacobian of x ↦ x³ (diag 3x²) is 6x on the diagonal
        let x = Tensor::new_with_dtype([1.0, 2.0], DType::Float64).requires_grad_(true);
        let o = Options {
            create_graph: true,
            vectorize: true,
            ..Default::default()
        };
        let j = jacobian(|v| Ok(vec![v[0].pow(3.0)]), std::slice::from_ref(&x), o).unwrap();
        assert!(j[0][0].requires_grad());
        let d = crate::autograd::grad(&[j[0][0].sum()], std::slice::from_ref(&x)).unwrap();
        assert_eq!(d[0].to_vec::<f64>(), vec![6.0, 12.0]);
    }

    #[test]
    fn batched_grad_outputs_are_checked() {
        let x = Tensor::new_with_dtype([1.0, 2.0], DType::Float64).requires_grad_(true);
        let y = x.exp();
        let o = GradOptions::new()
            .grad_outputs(vec![Tensor::ones_dtype(&[4, 3], DType::Float64)])
            .is_grads_batched(true);
        let e = grad_with(std::slice::from_ref(&y), std::slice::from_ref(&x), &o).unwrap_err();
        assert_eq!(e.to_string(), "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: grad_output[0] has a shape of torch.Size([]) and output[0] has a shape of torch.Size([2]). If you only want some tensors in `grad_output` to be considered batched, consider using vmap.");
        let strict = Options {
            strict: true,
            vectorize: true,
            ..Default::default()
        };
        let e = jacobian(|v| Ok(vec![v[0].exp()]), std::slice::from_ref(&x), strict).unwrap_err();
        assert!(e.to_string().starts_with("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together."));
        // forward mode: PyTorch's conditions and texts
        let f = |v: &[Tensor]| Ok(vec![v[0].exp()]);
        let fwd = |create_graph, strict, vectorize| Options {
            create_graph,
            strict,
            vectorize,
            strategy: Strategy::ForwardMode,
        };
        let msg = |o| {
            let e = jacobian(f, std::slice::from_ref(&x), o).unwrap_err();
            format!("{}: {e}", e.kind().python_name())
        };
        assert_eq!(msg(fwd(true, false, true)), "NotImplementedError: torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `create_graph=False` or `strategy=\"reverse-mode\"`.");
        assert_eq!(msg(fwd(false, true, true)), "RuntimeError: torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `strict=False` or `strategy=\"reverse-mode\"`.");
        assert_eq!(msg(fwd(false, false, false)), "NotImplementedError: Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.");
        // an empty batch gives empty results
        let o = GradOptions::new()
            .grad_outputs(vec![Tensor::zeros_dtype(&[0, 2], DType::Float64)])
            .is_grads_batched(true);
        let g = grad_with(std::slice::from_ref(&y), std::slice::from_ref(&x), &o).unwrap();
        assert_eq!(g[0].as_ref().unwrap().shape(), &[0, 2]);
    }

    /// Rules without batch support run per element inside the one pass; the batch size is
    /// restored afterwards, also for a nested unbatched pass.
    #[test]
    fn the_batch_scope_nests() {
        assert_eq!(super::size(), None);
        {
            let _b = super::Scope::new(Some(4));
            assert_eq!(super::shape(&[2]), vec![4, 2]);
            assert_eq!(super::dim(1), 2);
            {
                let _n = super::Scope::new(None);
                assert_eq!(super::size(), None);
                assert_eq!(super::dim(1), 1);
            }
            assert_eq!(super::size(), Some(4));
        }
        assert_eq!(super::size(), None);
    }
}
