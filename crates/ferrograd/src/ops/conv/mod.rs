//! Convolutions: `conv1d`, `conv2d` and `conv_transpose2d` (`ConvolutionBackward0`, saving
//! `input` and `weight`), with PyTorch's argument checks and messages.
//!
//! A 1-D convolution runs as a 2-D one of height 1. The kernels are im2col + GEMM
//! (`kernels/cpu/conv.rs`); the backward is made of the three products of [`product`], which
//! differentiate again, so double backward (gradgradcheck) and higher orders work.

mod options;
mod product;

pub use options::{ConvOptions, IntList, Padding};

use crate::autograd::{batch, record_with};
use crate::error::{runtime, type_err, unwrap, Result};
use crate::kernels::cpu::Geom;
use crate::tensor::fmt_list;
use crate::Tensor;
use product::{batched_product, raw, Product};

/// `[a, b]` as PyTorch prints a size inside a message (`(3 x 3)`).
fn fmt_x(v: &[i64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    parts.join(" x ")
}

/// One convolution (`transposed` or not) with `k` spatial dimensions, `name` being PyTorch's
/// function name for its messages.
#[track_caller]
fn convolution(
    name: &str,
    k: usize,
    transposed: bool,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    opts: &ConvOptions,
) -> Result<Tensor> {
    if input.dim() != k + 1 && input.dim() != k + 2 {
        return Err(runtime(format!(
            "Expected {}D (unbatched) or {}D (batched) input to {name}, but got input of size: {}",
            k + 1,
            k + 2,
            fmt_list(input.shape())
        )));
    }
    if transposed && matches!(opts.padding, Padding::Same | Padding::Valid) {
        return Err(type_err(format!(
            "{name}(): argument 'padding' must be tuple of ints, not str"
        )));
    }
    if input.dim() == k + 1 {
        let y = convolution(
            name,
            k,
            transposed,
            &input.try_unsqueeze(0)?,
            weight,
            bias,
            opts,
        )?;
        return y.try_squeeze_dim(0);
    }
    // one value stands for all `k` dimensions of the function (as PyTorch's argument parser
    // expands `stride=2`); the lists are then checked against the weight's dimensions
    let spread = |v: &IntList| {
        if v.0.len() == 1 {
            IntList(vec![v.0[0]; k])
        } else {
            v.clone()
        }
    };
    let opts = &ConvOptions {
        stride: spread(&opts.stride),
        padding: match &opts.padding {
            Padding::Explicit(p) => Padding::Explicit(spread(&IntList(p.clone())).0),
            p => p.clone(),
        },
        dilation: spread(&opts.dilation),
        groups: opts.groups,
        output_padding: spread(&opts.output_padding),
    };
    let kw = weight.dim().saturating_sub(2);
    let p = opts.check(kw, transposed)?;
    let (wd, xd) = (weight.dim(), input.dim());
    let ws = weight.shape();
    if wd != xd {
        return Err(runtime(format!(
            "Expected {wd}-dimensional input for {wd}-dimensional weight {}, but got {xd}-dimensional input of size {} instead",
            fmt_list(ws),
            fmt_list(input.shape())
        )));
    }
    // PyTorch checks the bias of a convolution first; a transposed convolution takes a bias
    // of another dtype in the input's
    if let Some(b) = bias
        && b.dtype() != input.dtype()
        && !transposed
    {
        return Err(runtime(format!(
            "Input type ({}) and bias type ({}) should be the same",
            input.dtype().cpp_name(),
            b.dtype().cpp_name()
        )));
    }
    if input.dtype() != weight.dtype() {
        return Err(runtime(format!(
            "expected scalar type {} but found {}",
            input.dtype().scalar_name(),
            weight.dtype().scalar_name()
        )));
    }
    let cast_bias;
    let bias = match bias {
        Some(b) if b.dtype() != input.dtype() => {
            cast_bias = b.try_to_dtype(input.dtype())?;
            Some(&cast_bias)
        }
        b => b,
    };
    let groups = p.groups;
    if ws[0] < groups {
        return Err(runtime(format!(
            "Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got weight of size {} instead",
            fmt_list(ws)
        )));
    }
    if !ws[0].is_multiple_of(groups) {
        return Err(runtime(format!(
            "Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size [{}] instead",
            fmt_list(ws)
        )));
    }
    let xs = input.shape();
    let (sp, ksz) = (&xs[2..], &ws[2..]);
    let bias_len = if transposed { ws[1] * groups } else { ws[0] };
    let expect_c = if transposed { ws[0] } else { ws[1] * groups };
    if xs[1] != expect_c {
        let given = if transposed {
            "transposed=1".to_string()
        } else {
            format!("groups={groups}")
        };
        return Err(runtime(format!(
            "Given {given}, weight of size {}, expected input{} to have {expect_c} channels, but got {} channels instead",
            fmt_list(ws),
            fmt_list(xs),
            xs[1]
        )));
    }
    if let Some(b) = bias
        && (b.dim() != 1 || b.shape()[0] != bias_len)
    {
        let given = if transposed {
            "Given transposed=1, weight".to_string()
        } else {
            "Given weight".to_string()
        };
        return Err(runtime(format!(
                "{given} of size {}, expected bias to be 1-dimensional with {bias_len} elements, but got bias of size {} instead",
                fmt_list(ws),
                fmt_list(b.shape())
            )));
    }
    if ksz.contains(&0) {
        let (kh, kw) = if k == 1 {
            (1, ksz[0])
        } else {
            (ksz[0], ksz[1])
        };
        return Err(runtime(format!(
            "kernel size should be greater than zero, but got kernel_height: {kh} kernel_width: {kw}"
        )));
    }
    // padding before (top/left) and the total of both sides, per spatial dimension
    let (pad_lo, pad_total): (Vec<usize>, Vec<usize>) = match &p.padding {
        Some(pd) => (pd.clone(), pd.iter().map(|v| 2 * v).collect()),
        None => (0..k)
            .map(|i| {
                let t = p.dilation[i] * (ksz[i] - 1);
                (t / 2, t)
            })
            .unzip(),
    };
    let span: Vec<usize> = (0..k).map(|i| p.dilation[i] * (ksz[i] - 1) + 1).collect();
    let out: Vec<i64> = if transposed {
        if k == 2
            && (0..k)
                .any(|i| p.output_padding[i] >= p.stride[i] && p.output_padding[i] >= p.dilation[i])
        {
            return Err(runtime(format!(
                "output padding must be smaller than either stride or dilation, but got output_padding_height: {} output_padding_width: {} stride_height: {} stride_width: {} dilation_height: {} dilation_width: {}",
                p.output_padding[0], p.output_padding[1], p.stride[0], p.stride[1], p.dilation[0], p.dilation[1]
            )));
        }
        let out: Vec<i64> = (0..k)
            .map(|i| {
                (sp[i] as i64 - 1) * p.stride[i] as i64 - pad_total[i] as i64
                    + span[i] as i64
                    + p.output_padding[i] as i64
            })
            .collect();
        if out.iter().any(|&v| v < 1) {
            let sizes: Vec<i64> = sp.iter().map(|&v| v as i64).collect();
            return Err(runtime(format!(
                "Given input size per channel: ({}). Calculated output size per channel: ({}). Output size is too small",
                fmt_x(&sizes),
                fmt_x(&out)
            )));
        }
        out
    } else {
        let padded: Vec<i64> = (0..k).map(|i| (sp[i] + pad_total[i]) as i64).collect();
        let spans: Vec<i64> = span.iter().map(|&v| v as i64).collect();
        if (0..k).any(|i| padded[i] < spans[i]) {
            return Err(runtime(format!(
                "Calculated padded input size per channel: ({}). Kernel size: ({}). Kernel size can't be greater than actual input size",
                fmt_x(&padded),
                fmt_x(&spans)
            )));
        }
        (0..k)
            .map(|i| (padded[i] - spans[i]) / p.stride[i] as i64 + 1)
            .collect()
    };
    let out: Vec<usize> = out.into_iter().map(|v| v as usize).collect();
    // the geometry of the convolution whose input is `x` (for a transposed one, the output)
    let (xsp, ysp) = if transposed {
        (out.clone(), sp.to_vec())
    } else {
        (sp.to_vec(), out.clone())
    };
    let last = |v: &[usize], d: usize| if k == 1 { d } else { v[0] };
    let g = Geom {
        n: xs[0],
        c: if transposed { ws[1] * groups } else { xs[1] },
        o: ws[0],
        groups,
        h: last(&xsp, 1),
        w: xsp[k - 1],
        kh: last(ksz, 1),
        kw: ksz[k - 1],
        oh: last(&ysp, 1),
        ow: ysp[k - 1],
        sh: last(&p.stride, 1),
        sw: p.stride[k - 1],
        ph: last(&pad_lo, 0),
        pw: pad_lo[k - 1],
        dh: last(&p.dilation, 1),
        dw: p.dilation[k - 1],
    };
    crate::tensor::size::checked_storage_numel(
        &[
            g.n,
            if transposed { g.c } else { g.o },
            g.oh.max(g.h),
            g.ow.max(g.w),
        ],
        input.dtype(),
    )?;
    // (the height of a 1-D convolution is the second-to-last dimension, also for a batched
    // gradient with its batch in front)
    let to4 = move |t: &Tensor| -> Result<Tensor> {
        if k == 1 {
            t.try_unsqueeze(-2)
        } else {
            Ok(t.clone())
        }
    };
    let from4 = move |t: Tensor| -> Result<Tensor> {
        if k == 1 {
            t.try_squeeze_dim(-2)
        } else {
            Ok(t)
        }
    };
    let (x4, w4) = (to4(&input.detach())?, to4(&weight.detach())?);
    let bias_d = bias.map(|b| b.detach());
    let kind = if transposed {
        Product::InputGrad
    } else {
        Product::Forward
    };
    let y = from4(raw(kind, &g, &x4, &w4, bias_d.as_ref())?)?;
    let y = y.contiguous().detach();
    let mut inputs = vec![input, weight];
    inputs.extend(bias);
    let bias_dims: Vec<isize> = if k == 1 { vec![0, -1] } else { vec![0, -2, -1] };
    record_with(
        "ConvolutionBackward0",
        y,
        &inputs,
        usize::from(bias.is_none()),
        &[("input", input), ("weight", weight)],
        false,
        false,
        move |c| {
            // made contiguous once for the products and the bias (the gradient of a sum is an
            // expanded scalar, which each would otherwise gather)
            let u = to4(c.grad)?.contiguous();
            let (x, w) = (&c.saved[0], &c.saved[1]);
            Ok(vec![
                c.grad_if(0, || {
                    let p = if transposed {
                        Product::Forward
                    } else {
                        Product::InputGrad
                    };
                    from4(batched_product(p, g, &u, &to4(w)?)?)
                })?,
                c.grad_if(1, || {
                    from4(if transposed {
                        batched_product(Product::WeightGrad, g, &u, &to4(x)?)?
                    } else {
                        batched_product(Product::WeightGrad, g, &to4(x)?, &u)?
                    })
                })?,
                c.grad_if(2, || {
                    // recorded (with create_graph) under PyTorch's name for the nodes of a
                    // convolution's backward
                    const NAME: &str = "ConvolutionBackwardBackward0";
                    if batch::size().is_none() && !c.grad.requires_grad() {
                        // per output channel, over the contiguous gradient: the sums of each
                        // plane, then over the batch (`sum_dims`' fast path)
                        return u.sum_dims_recorded_as(&[0, 2, 3], false, NAME);
                    }
                    // recorded: the node's input is the output gradient itself, as PyTorch's
                    let dims: Vec<isize> =
                        bias_dims.iter().map(|&d| batch::dim_signed(d)).collect();
                    c.grad.sum_dims_recorded_as(&dims, false, NAME)
                })?,
            ])
        },
    )
}

impl Tensor {
    /// The 1-D convolution (cross-correlation, as PyTorch's) of `self` (`(N, C, L)` or
    /// unbatched `(C, L)`) with `weight` (`(O, C / groups, K)`), plus `bias` (`(O,)`)
    /// (`ConvolutionBackward0`).
    ///
    /// ```
    /// use ferrograd::{ops::ConvOptions, Tensor};
    /// let x = Tensor::new([[[1.0, 2.0, 3.0, 4.0]]]).requires_grad_(true);
    /// let w = Tensor::new([[[1.0, -1.0]]]);
    /// let y = x.try_conv1d(&w, None, &ConvOptions::new()).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![-1.0, -1.0, -1.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "ConvolutionBackward0");
    /// ```
    #[track_caller]
    pub fn try_conv1d(
        &self,
        weight: &Tensor,
        bias: Option<&Tensor>,
        opts: &ConvOptions,
    ) -> Result<Tensor> {
        convolution("conv1d", 1, false, self, weight, bias, opts)
    }

    /// Panicking [`Tensor::try_conv1d`].
    ///
    /// ```
    /// use ferrograd::{ops::ConvOptions, Tensor};
    /// let y = Tensor::ones(&[1, 2, 5]).conv1d(&Tensor::ones(&[3, 2, 3]), None, &ConvOptions::new());
    /// assert_eq!(y.shape(), &[1, 3, 3]);
    /// ```
    #[track_caller]
    pub fn conv1d(&self, weight: &Tensor, bias: Option<&Tensor>, opts: &ConvOptions) -> Tensor {
        unwrap(self.try_conv1d(weight, bias, opts))
    }

    /// The 2-D convolution of `self` (`(N, C, H, W)` or unbatched `(C, H, W)`) with `weight`
    /// (`(O, C / groups, KH, KW)`), plus `bias` (`(O,)`) (`ConvolutionBackward0`, saving `input`
    /// and `weight`). Errors are PyTorch's:
    ///
    /// ```
    /// use ferrograd::{ops::ConvOptions, Tensor};
    /// let x = Tensor::ones(&[1, 1, 3, 3]).requires_grad_(true);
    /// let y = x.try_conv2d(&Tensor::ones(&[1, 1, 2, 2]), None, &ConvOptions::new()).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![4.0; 4]);
    /// let e = Tensor::ones(&[1, 3, 5, 5]).try_conv2d(&Tensor::ones(&[2, 4, 3, 3]), None, &ConvOptions::new());
    /// assert_eq!(
    ///     e.unwrap_err().to_string(),
    ///     "Given groups=1, weight of size [2, 4, 3, 3], expected input[1, 3, 5, 5] to have 4 channels, but got 3 channels instead"
    /// );
    /// ```
    #[track_caller]
    pub fn try_conv2d(
        &self,
        weight: &Tensor,
        bias: Option<&Tensor>,
        opts: &ConvOptions,
    ) -> Result<Tensor> {
        convolution("conv2d", 2, false, self, weight, bias, opts)
    }

    /// Panicking [`Tensor::try_conv2d`].
    ///
    /// ```
    /// use ferrograd::{ops::{ConvOptions, Padding}, Tensor};
    /// let opts = ConvOptions::new().padding(Padding::Same);
    /// let y = Tensor::ones(&[2, 3, 5, 5]).conv2d(&Tensor::ones(&[4, 3, 3, 3]), None, &opts);
    /// assert_eq!(y.shape(), &[2, 4, 5, 5]);
    /// ```
    #[track_caller]
    pub fn conv2d(&self, weight: &Tensor, bias: Option<&Tensor>, opts: &ConvOptions) -> Tensor {
        unwrap(self.try_conv2d(weight, bias, opts))
    }

    /// The 2-D transposed convolution (the gradient of [`Tensor::try_conv2d`] with respect to its
    /// input) of `self` (`(N, C, H, W)` or `(C, H, W)`) with `weight` (`(C, O / groups, KH,
    /// KW)`), plus `bias` (`(O,)`); `output_padding` adds to one side of the output
    /// (`ConvolutionBackward0`).
    ///
    /// ```
    /// use ferrograd::{ops::ConvOptions, Tensor};
    /// let x = Tensor::ones(&[1, 1, 2, 2]);
    /// let opts = ConvOptions::new().stride(2).output_padding(1);
    /// let y = x.try_conv_transpose2d(&Tensor::ones(&[1, 1, 2, 2]), None, &opts).unwrap();
    /// assert_eq!(y.shape(), &[1, 1, 5, 5]);
    /// ```
    #[track_caller]
    pub fn try_conv_transpose2d(
        &self,
        weight: &Tensor,
        bias: Option<&Tensor>,
        opts: &ConvOptions,
    ) -> Result<Tensor> {
        convolution("conv_transpose2d", 2, true, self, weight, bias, opts)
    }

    /// Panicking [`Tensor::try_conv_transpose2d`].
    ///
    /// ```
    /// use ferrograd::{ops::ConvOptions, Tensor};
    /// let y = Tensor::ones(&[1, 2, 3, 3]).conv_transpose2d(&Tensor::ones(&[2, 1, 3, 3]), None, &ConvOptions::new());
    /// assert_eq!(y.shape(), &[1, 1, 5, 5]);
    /// ```
    #[track_caller]
    pub fn conv_transpose2d(
        &self,
        weight: &Tensor,
        bias: Option<&Tensor>,
        opts: &ConvOptions,
    ) -> Tensor {
        unwrap(self.try_conv_transpose2d(weight, bias, opts))
    }
}
