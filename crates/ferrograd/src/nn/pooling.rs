//! Pooling modules (`MaxPool2d`, `AvgPool2d`, `AdaptiveAvgPool2d`), unpooling modules
//! (`MaxUnpool1d`, `MaxUnpool2d`, `MaxUnpool3d`) and channel dropout (`Dropout2d`), with
//! PyTorch's reprs.

use super::activation::py_float;
use super::{core_methods, module_boilerplate, Module, ModuleCore};
use crate::error::{runtime, value_err, Result};
use crate::{Pool2d, Tensor};

/// A pair as PyTorch prints a size given as one int (`2`) or two (`(2, 3)`).
fn pair_text(p: [usize; 2]) -> String {
    if p[0] == p[1] {
        p[0].to_string()
    } else {
        format!("({}, {})", p[0], p[1])
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// 2-d max pooling (PyTorch's `nn.MaxPool2d`): [`Tensor::try_max_pool2d`] with the options.
///
/// ```
/// use ferrograd::nn::{MaxPool2d, Module};
/// let m = MaxPool2d::new(2);
/// assert_eq!(m.to_string(), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
/// let y = m.forward(&ferrograd::Tensor::ones(&[1, 1, 4, 4])).unwrap();
/// assert_eq!(y.shape(), &[1, 1, 2, 2]);
/// ```
#[derive(Debug)]
pub struct MaxPool2d {
    core: ModuleCore,
    /// The window.
    pub opts: Pool2d,
}

impl MaxPool2d {
    /// A square window of `kernel`, stride equal to it.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::MaxPool2d::new(3).opts.kernel, [3, 3]);
    /// ```
    pub fn new(kernel: usize) -> Self {
        Self::with_options(Pool2d::new([kernel, kernel]))
    }
    /// Pooling with `opts`.
    ///
    /// ```
    /// use ferrograd::{nn::MaxPool2d, Pool2d};
    /// let m = MaxPool2d::with_options(Pool2d::new([2, 3]).stride([1, 1]).ceil_mode(true));
    /// assert_eq!(m.to_string(), "MaxPool2d(kernel_size=(2, 3), stride=1, padding=0, dilation=1, ceil_mode=True)");
    /// ```
    pub fn with_options(opts: Pool2d) -> Self {
        MaxPool2d {
            core: ModuleCore::new(),
            opts,
        }
    }
}

impl Module for MaxPool2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "MaxPool2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_max_pool2d(&self.opts)
    }
    fn extra_repr(&self) -> String {
        let o = &self.opts;
        format!(
            "kernel_size={}, stride={}, padding={}, dilation={}, ceil_mode={}",
            pair_text(o.kernel),
            pair_text(o.stride.unwrap_or(o.kernel)),
            pair_text(o.padding),
            pair_text(o.dilation),
            py_bool(o.ceil_mode)
        )
    }
}
module_boilerplate!(MaxPool2d);

/// 2-d average pooling (PyTorch's `nn.AvgPool2d`): [`Tensor::try_avg_pool2d`] with the options.
///
/// ```
/// use ferrograd::nn::{AvgPool2d, Module};
/// let m = AvgPool2d::new(3);
/// assert_eq!(m.to_string(), "AvgPool2d(kernel_size=3, stride=3, padding=0)");
/// ```
#[derive(Debug)]
pub struct AvgPool2d {
    core: ModuleCore,
    /// The window.
    pub opts: Pool2d,
}

impl AvgPool2d {
    /// A square window of `kernel`, stride equal to it.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::AvgPool2d::new(2).opts.kernel, [2, 2]);
    /// ```
    pub fn new(kernel: usize) -> Self {
        Self::with_options(Pool2d::new([kernel, kernel]))
    }
    /// Pooling with `opts`.
    ///
    /// ```
    /// use ferrograd::{nn::{AvgPool2d, Module}, Pool2d, Tensor};
    /// let m = AvgPool2d::with_options(Pool2d::new([2, 2]).divisor_override(1));
    /// assert_eq!(m.forward(&Tensor::ones(&[1, 2, 2])).unwrap().item(), 4.0);
    /// ```
    pub fn with_options(opts: Pool2d) -> Self {
        AvgPool2d {
            core: ModuleCore::new(),
            opts,
        }
    }
}

impl Module for AvgPool2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "AvgPool2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_avg_pool2d(&self.opts)
    }
    fn extra_repr(&self) -> String {
        let o = &self.opts;
        format!(
            "kernel_size={}, stride={}, padding={}",
            pair_text(o.kernel),
            pair_text(o.stride.unwrap_or(o.kernel)),
            pair_text(o.padding)
        )
    }
}
module_boilerplate!(AvgPool2d);

/// Average pooling to a fixed output size (PyTorch's `nn.AdaptiveAvgPool2d`).
///
/// ```
/// use ferrograd::nn::{AdaptiveAvgPool2d, Module};
/// let m = AdaptiveAvgPool2d::new([5, 7]);
/// assert_eq!(m.to_string(), "AdaptiveAvgPool2d(output_size=(5, 7))");
/// assert_eq!(AdaptiveAvgPool2d::new([1, 1]).to_string(), "AdaptiveAvgPool2d(output_size=1)");
/// ```
#[derive(Debug)]
pub struct AdaptiveAvgPool2d {
    core: ModuleCore,
    /// The output's height and width.
    pub output_size: [usize; 2],
}

impl AdaptiveAvgPool2d {
    /// Pooling to `output_size`.
    ///
    /// ```
    /// use ferrograd::nn::{AdaptiveAvgPool2d, Module};
    /// let y = AdaptiveAvgPool2d::new([1, 1]).forward(&ferrograd::Tensor::ones(&[1, 3, 3])).unwrap();
    /// assert_eq!(y.shape(), &[1, 1, 1]);
    /// ```
    pub fn new(output_size: [usize; 2]) -> Self {
        AdaptiveAvgPool2d {
            core: ModuleCore::new(),
            output_size,
        }
    }
}

impl Module for AdaptiveAvgPool2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "AdaptiveAvgPool2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_adaptive_avg_pool2d(self.output_size)
    }
    fn extra_repr(&self) -> String {
        format!("output_size={}", pair_text(self.output_size))
    }
}
module_boilerplate!(AdaptiveAvgPool2d);

/// Zeroes whole channels with probability `p` in training mode, scaling the rest by
/// `1 / (1 - p)` (PyTorch's `nn.Dropout2d`, [`Tensor::try_dropout2d`]); the identity in
/// evaluation mode.
///
/// ```
/// use ferrograd::nn::{Dropout2d, Module};
/// let d = Dropout2d::new(0.5).unwrap();
/// assert_eq!(d.to_string(), "Dropout2d(p=0.5, inplace=False)");
/// d.eval();
/// let x = ferrograd::Tensor::ones(&[1, 2, 2, 2]);
/// assert!(d.forward(&x).unwrap().is_same(&x));
/// ```
#[derive(Debug)]
pub struct Dropout2d {
    core: ModuleCore,
    /// The probability of zeroing a channel.
    pub p: f64,
}

impl Dropout2d {
    /// Channel dropout with probability `p` in `[0, 1]`.
    ///
    /// ```
    /// let e = ferrograd::nn::Dropout2d::new(-0.5).unwrap_err();
    /// assert_eq!(e.to_string(), "dropout probability has to be between 0 and 1, but got -0.5");
    /// ```
    pub fn new(p: f64) -> Result<Self> {
        if !(0.0..=1.0).contains(&p) {
            return Err(value_err(format!(
                "dropout probability has to be between 0 and 1, but got {p}"
            )));
        }
        Ok(Dropout2d {
            core: ModuleCore::new(),
            p,
        })
    }
}

impl Module for Dropout2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "Dropout2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_dropout2d(self.p, self.is_training(), None)
    }
    fn extra_repr(&self) -> String {
        format!("p={}, inplace=False", py_float(self.p))
    }
}
module_boilerplate!(Dropout2d);

/// PyTorch's `_unpool_output_size` for `N` spatial dimensions of an input of `shape`: by
/// default `(in - 1) * stride + kernel - 2 * padding` each; a given size (`N` entries, or
/// `N + 2` with the batch and channel sizes in front) must lie strictly within one stride of
/// that. `None` when the input has fewer than `N` dimensions (the op then names its rank).
fn unpool_output_size<const N: usize>(
    shape: &[usize],
    kernel: [usize; N],
    stride: [usize; N],
    padding: [usize; N],
    given: Option<&[usize]>,
) -> Result<Option<[usize; N]>> {
    let Some(lead) = shape.len().checked_sub(N) else {
        return Ok(None);
    };
    let default: Vec<i64> = (0..N)
        .map(|d| {
            (shape[lead + d] as i64 - 1) * stride[d] as i64 + kernel[d] as i64
                - 2 * padding[d] as i64
        })
        .collect();
    let size: Vec<i64> = match given {
        None => default,
        Some(g) => {
            let g = if g.len() == N + 2 { &g[2..] } else { g };
            if g.len() != N {
                return Err(value_err(format!(
                    "output_size should be a sequence containing {N} or {} elements, but it has a length of '{}'",
                    N + 2,
                    g.len()
                )));
            }
            for d in 0..N {
                let (lo, hi) = (default[d] - stride[d] as i64, default[d] + stride[d] as i64);
                if !(lo < g[d] as i64 && (g[d] as i64) < hi) {
                    return Err(value_err(format!(
                        "invalid output_size \"{}\" (dim {d} must be between {lo} and {hi})",
                        super::py_tuple(g)
                    )));
                }
            }
            g.iter().map(|&v| v as i64).collect()
        }
    };
    let mut out = [0; N];
    for d in 0..N {
        out[d] = usize::try_from(size[d]).map_err(|_| {
            value_err(format!(
                "max_unpooling: output_size must contain non-negative spatial dimensions, but got output_size[{d}]={}",
                size[d]
            ))
        })?;
    }
    Ok(Some(out))
}

macro_rules! max_unpool_module {
    (
        $(#[$doc:meta])*
        $name:ident, $n:literal, $dims:literal, $example:literal,
        |$x:ident, $i:ident, $size:ident, $stride:ident| $op:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            core: ModuleCore,
            /// The pooling window being inverted.
            pub kernel_size: [usize; $n],
            /// The pooling's stride.
            pub stride: [usize; $n],
            /// The pooling's padding.
            pub padding: [usize; $n],
        }

        impl $name {
            #[doc = concat!(
                "The inverse of a pooling with a window of `kernel` in each dimension, stride equal to it, no padding.\n\n",
                "```\n",
                "let m = ferrograd::nn::", stringify!($name), "::new(3);\n",
                "assert_eq!(m.stride, [3; ", stringify!($n), "]);\n",
                "```"
            )]
            pub fn new(kernel: usize) -> Self {
                Self::with_options([kernel; $n], None, [0; $n])
            }

            #[doc = concat!(
                "The inverse of a pooling with `kernel_size`, `stride` (`None`: the kernel size) and `padding`.\n\n",
                "```\n",
                "use ferrograd::nn::", stringify!($name), ";\n",
                "let m = ", stringify!($name), "::with_options([2; ", stringify!($n), "], Some([1; ", stringify!($n), "]), [1; ", stringify!($n), "]);\n",
                "assert_eq!((m.kernel_size[0], m.stride[0], m.padding[0]), (2, 1, 1));\n",
                "```"
            )]
            pub fn with_options(
                kernel_size: [usize; $n],
                stride: Option<[usize; $n]>,
                padding: [usize; $n],
            ) -> Self {
                $name {
                    core: ModuleCore::new(),
                    kernel_size,
                    stride: stride.unwrap_or(kernel_size),
                    padding,
                }
            }

            #[doc = concat!(
                "Unpools `input` at `indices` (as the pooling returned them) to `output_size` (",
                stringify!($n), " sizes, or ", stringify!($dims),
                " with the batch and channel sizes in front; within one stride of the default), ",
                "or by default to `(in - 1) * stride + kernel_size - 2 * padding` in each dimension: ",
                "PyTorch's `forward(input, indices, output_size)`.\n\n",
                "```\n", $example, "\n```"
            )]
            pub fn forward_with(
                &self,
                input: &Tensor,
                indices: &Tensor,
                output_size: Option<&[usize]>,
            ) -> Result<Tensor> {
                let sizes = unpool_output_size(
                    input.shape(),
                    self.kernel_size,
                    self.stride,
                    self.padding,
                    output_size,
                )?;
                let ($x, $i, $size, $stride) = (input, indices, sizes.unwrap_or([0; $n]), self.stride);
                $op
            }
        }

        impl Module for $name {
            core_methods!();
            fn type_name(&self) -> &str {
                stringify!($name)
            }
            /// Unpooling takes an input and its indices: this is an error; see
            #[doc = concat!("[`", stringify!($name), "::forward_with`].")]
            fn forward(&self, _x: &Tensor) -> Result<Tensor> {
                Err(runtime(concat!(
                    stringify!($name),
                    " takes an input and its indices: call ",
                    stringify!($name),
                    "::forward_with(input, indices, output_size)"
                )))
            }
            fn extra_repr(&self) -> String {
                format!(
                    "kernel_size={}, stride={}, padding={}",
                    super::py_tuple(&self.kernel_size),
                    super::py_tuple(&self.stride),
                    super::py_tuple(&self.padding)
                )
            }
        }
        module_boilerplate!($name);
    };
}

max_unpool_module!(
    /// The partial inverse of a 1-d max pooling (PyTorch's `nn.MaxUnpool1d`):
    /// [`Tensor::try_max_unpool1d`] to the output size worked out as PyTorch does.
    ///
    /// ```
    /// use ferrograd::nn::MaxUnpool1d;
    /// let m = MaxUnpool1d::new(2);
    /// assert_eq!(m.to_string(), "MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))");
    /// ```
    MaxUnpool1d, 1, 3,
    "use ferrograd::{nn::MaxUnpool1d, Tensor};
let x = Tensor::new([[1.0, 5.0, 2.0, 4.0, 3.0]]);
let (y, i) = x.try_max_pool1d_with_indices(2, None, 0, 1, false).unwrap();
let m = MaxUnpool1d::new(2);
assert_eq!(m.forward_with(&y, &i, None).unwrap().to_vec::<f32>(), vec![0.0, 5.0, 0.0, 4.0]);
let u = m.forward_with(&y, &i, Some(&[5])).unwrap();
assert_eq!(u.to_vec::<f32>(), vec![0.0, 5.0, 0.0, 4.0, 0.0]);
let e = m.forward_with(&y, &i, Some(&[6])).unwrap_err();
assert_eq!(e.to_string(), \"invalid output_size \\\"(6,)\\\" (dim 0 must be between 2 and 6)\");",
    |x, i, size, _stride| x.try_max_unpool1d(i, size[0])
);

max_unpool_module!(
    /// The partial inverse of a 2-d max pooling (PyTorch's `nn.MaxUnpool2d`):
    /// [`Tensor::try_max_unpool2d`] to the output size worked out as PyTorch does.
    ///
    /// ```
    /// use ferrograd::nn::MaxUnpool2d;
    /// let m = MaxUnpool2d::new(2);
    /// assert_eq!(m.to_string(), "MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))");
    /// ```
    MaxUnpool2d, 2, 4,
    "use ferrograd::{nn::MaxUnpool2d, Pool2d, Tensor};
let x = Tensor::arange(16.0).reshape(&[1, 1, 4, 4]);
let (y, i) = x.try_max_pool2d_with_indices(&Pool2d::new([2, 2])).unwrap();
let m = MaxUnpool2d::new(2);
assert_eq!(m.forward_with(&y, &i, None).unwrap().shape(), &[1, 1, 4, 4]);
let u = m.forward_with(&y, &i, Some(&[1, 1, 5, 5])).unwrap();
assert_eq!(u.shape(), &[1, 1, 5, 5]);",
    |x, i, size, _stride| x.try_max_unpool2d(i, size)
);

max_unpool_module!(
    /// The partial inverse of a 3-d max pooling (PyTorch's `nn.MaxUnpool3d`):
    /// [`Tensor::try_max_unpool3d`] to the output size worked out as PyTorch does.
    ///
    /// ```
    /// use ferrograd::nn::MaxUnpool3d;
    /// let m = MaxUnpool3d::with_options([1, 2, 3], Some([1, 1, 1]), [1, 0, 1]);
    /// assert_eq!(
    ///     m.to_string(),
    ///     "MaxUnpool3d(kernel_size=(1, 2, 3), stride=(1, 1, 1), padding=(1, 0, 1))"
    /// );
    /// ```
    MaxUnpool3d, 3, 5,
    "use ferrograd::{nn::MaxUnpool3d, Tensor};
let y = Tensor::new([[[[[4.0]]]]]);
let i = Tensor::new([[[[[7i64]]]]]);
let u = MaxUnpool3d::new(2).forward_with(&y, &i, None).unwrap();
assert_eq!(u.to_vec::<f32>(), vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0]);",
    |x, i, size, stride| x.try_max_unpool3d(i, size, stride)
);
