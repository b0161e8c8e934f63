//! The three products of a convolution as differentiable ops on 4-D tensors.
//!
//! With `B(x, w) = y` the convolution, its two adjoints are `Bxᵀ(gy, w) = gx` and
//! `Bwᵀ(x, gy) = gw`. Each of the three is bilinear, and the derivatives of each are the other
//! two (by `⟨gy, B(x, w)⟩ = ⟨Bxᵀ(gy, w), x⟩ = ⟨Bwᵀ(x, gy), w⟩`), so these three ops close
//! under differentiation: the backward of a convolution is made of them, and so is the backward
//! of that backward, to any order.

use crate::autograd::record;
use crate::error::{runtime, Result};
use crate::kernels::cpu::{self, ConvFloat, Geom};
use crate::ops::cast_raw;
use crate::tensor::Element;
use crate::{DType, Tensor};

/// Which product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Product {
    /// `y = B(x, w)`: operands `(x, w)`.
    Forward,
    /// `gx = Bxᵀ(gy, w)`: operands `(gy, w)`; also the transposed convolution.
    InputGrad,
    /// `gw = Bwᵀ(x, gy)`: operands `(x, gy)`.
    WeightGrad,
}

impl Product {
    fn out_shape(self, g: &Geom) -> [usize; 4] {
        match self {
            Product::Forward => [g.n, g.o, g.oh, g.ow],
            Product::InputGrad => [g.n, g.c, g.h, g.w],
            Product::WeightGrad => [g.o, g.c / g.groups, g.kh, g.kw],
        }
    }
    fn saved_names(self) -> [&'static str; 2] {
        match self {
            Product::Forward => ["input", "weight"],
            Product::InputGrad => ["grad_output", "weight"],
            Product::WeightGrad => ["input", "grad_output"],
        }
    }
}

fn run<T: ConvFloat + Element>(
    p: Product,
    g: &Geom,
    a: &Tensor,
    b: &Tensor,
    bias: Option<&Tensor>,
) -> Tensor {
    let shape = p.out_shape(g);
    let n = shape.iter().product();
    let mut out = crate::tensor::take_vec::<T>(n);
    out.resize(n, T::default());
    a.with_slice::<T, _>(|a| {
        b.with_slice::<T, _>(|b| match p {
            Product::Forward => match bias {
                Some(bt) => {
                    bt.with_slice::<T, _>(|bs| cpu::conv_forward(g, a, b, Some(bs), &mut out))
                }
                None => cpu::conv_forward(g, a, b, None, &mut out),
            },
            Product::InputGrad => cpu::conv_input_grad(g, a, b, &mut out),
            Product::WeightGrad => cpu::conv_weight_grad(g, a, b, &mut out),
        })
    });
    if let (Product::InputGrad, Some(bt)) = (p, bias) {
        // the transposed convolution's bias, one value per output channel
        let plane = shape[2] * shape[3];
        bt.with_slice::<T, _>(|bs| {
            for (i, chunk) in out.chunks_mut(plane.max(1)).enumerate() {
                let v = bs[i % shape[1]];
                for x in chunk {
                    *x += v;
                }
            }
        });
    }
    Tensor::from_vec(out, &shape)
}

/// The product `p` of `a` and `b` (and `bias`, added per output channel of a forward or
/// transposed product), computed without recording.
pub(super) fn raw(
    p: Product,
    g: &Geom,
    a: &Tensor,
    b: &Tensor,
    bias: Option<&Tensor>,
) -> Result<Tensor> {
    Ok(match a.dtype() {
        DType::Float32 => run::<f32>(p, g, a, b, bias),
        DType::Float64 => run::<f64>(p, g, a, b, bias),
        DType::Int64 => {
            // integers go through float64 (exact below 2^53) and back
            let f = |t: &Tensor| cast_raw(t, DType::Float64);
            let bias = bias.map(f);
            cast_raw(&run::<f64>(p, g, &f(a), &f(b), bias.as_ref()), DType::Int64)
        }
        DType::Bool => {
            return Err(runtime(
                "\"slow_conv2d_cpu\" not implemented for 'Bool'".to_string(),
            ));
        }
    })
}

/// The product `p` of `a` and `b`, recorded (`ConvolutionBackwardBackward0`, PyTorch's name for
/// the nodes of a convolution's backward) so that it differentiates again.
pub(super) fn product(p: Product, g: Geom, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = raw(p, &g, a, b, None)?;
    let [na, nb] = p.saved_names();
    record(
        "ConvolutionBackwardBackward0",
        out,
        &[a, b],
        &[(na, a), (nb, b)],
        false,
        move |c| {
            let (a, b, u) = (&c.saved[0], &c.saved[1], c.grad);
            use Product::*;
            Ok(match p {
                // y = B(x, w)
                Forward => vec![
                    c.grad_if(0, || batched_product(InputGrad, g, u, b))?,
                    c.grad_if(1, || batched_product(WeightGrad, g, a, u))?,
                ],
                // gx = Bxᵀ(gy, w)
                InputGrad => vec![
                    c.grad_if(0, || batched_product(Forward, g, u, b))?,
                    c.grad_if(1, || batched_product(WeightGrad, g, u, a))?,
                ],
                // gw = Bwᵀ(x, gy)
                WeightGrad => vec![
                    c.grad_if(0, || batched_product(InputGrad, g, b, u))?,
                    c.grad_if(1, || batched_product(Forward, g, a, u))?,
                ],
            })
        },
    )
}

/// [`product`] where one operand may carry a batch dimension in front (the gradient of a
/// batched backward pass, 5-D): the batch folds into the images when that operand is indexed by
/// image (`x` of `Forward`, `gy` of `InputGrad`), and into the channels otherwise, so that the
/// whole batch runs as one product. The folds are reshapes and permutations, recorded, so the
/// result differentiates again.
pub(super) fn batched_product(p: Product, g: Geom, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    use Product::*;
    let (batched_a, batched_b) = (a.dim() == 5, b.dim() == 5);
    if !batched_a && !batched_b {
        return product(p, g, a, b);
    }
    let bs = if batched_a {
        a.shape()[0]
    } else {
        b.shape()[0]
    };
    let groups = g.groups;
    match (p, batched_a) {
        (Forward | InputGrad, true) => {
            let s = a.shape();
            let a4 = a.try_reshape(&[s[0] * s[1], s[2], s[3], s[4]])?;
            let y = product(p, Geom { n: g.n * bs, ..g }, &a4, b)?;
            let ys = y.shape().to_vec();
            y.try_reshape(&[bs, g.n, ys[1], ys[2], ys[3]])
        }
        // the weight batched: its output channels carry the batch
        (Forward, false) => {
            let w = fold(b, 0, groups)?;
            let y = product(p, Geom { o: g.o * bs, ..g }, a, &w)?;
            unfold(&y, 1, groups, bs)
        }
        // the weight batched: its input channels (within a group) carry the batch
        (InputGrad, false) => {
            let w = fold(b, 1, 1)?;
            let y = product(p, Geom { c: g.c * bs, ..g }, a, &w)?;
            unfold(&y, 1, groups, bs)
        }
        (WeightGrad, true) => {
            let x = fold(a, 1, groups)?;
            let y = product(p, Geom { c: g.c * bs, ..g }, &x, b)?;
            unfold(&y, 1, 1, bs)
        }
        (WeightGrad, false) => {
            let gy = fold(b, 1, groups)?;
            let y = product(p, Geom { o: g.o * bs, ..g }, a, &gy)?;
            unfold(&y, 0, groups, bs)
        }
    }
}

/// A batched 5-D tensor `[B, ...]` as a 4-D one whose dimension `ch` has `B` times the
/// channels, ordered (group, batch, channel within the group) so that each group of `groups`
/// keeps its channels together.
fn fold(t: &Tensor, ch: usize, groups: usize) -> Result<Tensor> {
    let s = t.shape().to_vec();
    let (bs, c) = (s[0], s[1 + ch]);
    let mut split = s[..1 + ch].to_vec();
    split.extend([groups, c / groups]);
    split.extend_from_slice(&s[2 + ch..]);
    // [B, pre.., G, C/G, post..] -> [pre.., G, B, C/G, post..]
    let mut perm: Vec<usize> = (1..1 + ch).collect();
    perm.extend([1 + ch, 0, 2 + ch]);
    perm.extend(3 + ch..split.len());
    let mut out = s[1..1 + ch].to_vec();
    out.push(bs * c);
    out.extend_from_slice(&s[2 + ch..]);
    let perm: Vec<isize> = perm.into_iter().map(|d| d as isize).collect();
    t.try_reshape(&split)?.try_permute(&perm)?.try_reshape(&out)
}

/// The inverse of [`fold`]: dimension `ch` of the 4-D `t` holds (group, batch, channel within
/// the group); the batch of `bs` goes back in front.
fn unfold(t: &Tensor, ch: usize, groups: usize, bs: usize) -> Result<Tensor> {
    let s = t.shape().to_vec();
    let c = s[ch] / bs;
    let mut split = s[..ch].to_vec();
    split.extend([groups, bs, c / groups]);
    split.extend_from_slice(&s[ch + 1..]);
    // [pre.., G, B, C/G, post..] -> [B, pre.., G, C/G, post..]
    let mut perm = vec![ch + 1];
    perm.extend(0..ch);
    perm.extend([ch, ch + 2]);
    perm.extend(ch + 3..split.len());
    let mut out = vec![bs];
    out.extend_from_slice(&s[..ch]);
    out.push(c);
    out.extend_from_slice(&s[ch + 1..]);
    let perm: Vec<isize> = perm.into_iter().map(|d| d as isize).collect();
    t.try_reshape(&split)?.try_permute(&perm)?.try_reshape(&out)
}
