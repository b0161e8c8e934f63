//! The three products of a convolution as differentiable ops on 4-D tensors.
//!
//! With `B(x, w) = y` the convolution, its two adjoints are `Bxᵀ(gy, w) = gx` and
//! `Bwᵀ(x, gy) = gw`. Each of the three is bilinear, and the derivatives of each are the other
//! two (by `⟨gy, B(x, w)⟩ = ⟨Bxᵀ(gy, w), x⟩ = ⟨Bwᵀ(x, gy), w⟩`), so these three ops close
//! under differentiation: the backward of a convolution is made of them, and so is the backward
//! of that backward, to any order.

use crate::autograd::record_unbatched;
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
    record_unbatched(
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
                    c.grad_if(0, || product(InputGrad, g, u, b))?,
                    c.grad_if(1, || product(WeightGrad, g, a, u))?,
                ],
                // gx = Bxᵀ(gy, w)
                InputGrad => vec![
                    c.grad_if(0, || product(Forward, g, u, b))?,
                    c.grad_if(1, || product(WeightGrad, g, u, a))?,
                ],
                // gw = Bwᵀ(x, gy)
                WeightGrad => vec![
                    c.grad_if(0, || product(InputGrad, g, b, u))?,
                    c.grad_if(1, || product(Forward, g, a, u))?,
                ],
            })
        },
    )
}
