//! `Conv1d`, `Conv2d` and `ConvTranspose2d`: PyTorch's convolution modules, with its default
//! initialisation (`kaiming_uniform_(weight, a=√5)`, bias `U(-1/√fan_in, 1/√fan_in)`), argument
//! checks and reprs.

use super::{core_methods, init, module_boilerplate, Module, ModuleCore};
use crate::error::{value_err, Result};
use crate::ops::{ConvOptions, IntList, Padding};
use crate::{PadMode, Tensor};

/// PyTorch's padding strings for a module, with its message (a `ValueError`) for any other.
///
/// ```
/// use ferrograd::{nn::conv_padding, ops::Padding};
/// assert_eq!(conv_padding("same").unwrap(), Padding::Same);
/// assert!(conv_padding("full").unwrap_err().to_string().starts_with("Invalid padding string 'full'"));
/// ```
pub fn conv_padding(s: &str) -> Result<Padding> {
    match s {
        "same" => Ok(Padding::Same),
        "valid" => Ok(Padding::Valid),
        _ => Err(value_err(format!(
            "Invalid padding string '{s}', should be one of {{'valid', 'same'}}"
        ))),
    }
}

/// What the three modules share: the arguments expanded to one value per spatial dimension.
#[derive(Debug)]
struct ConvParams {
    in_channels: usize,
    out_channels: usize,
    kernel_size: Vec<usize>,
    stride: Vec<i64>,
    padding: Padding,
    dilation: Vec<i64>,
    output_padding: Vec<i64>,
    groups: i64,
    transposed: bool,
    /// `None` for `'zeros'`; otherwise the input is padded with this mode first.
    padding_mode: Option<PadMode>,
}

fn expand(v: &IntList, k: usize) -> Vec<i64> {
    if v.0.len() == 1 {
        vec![v.0[0]; k]
    } else {
        v.0.clone()
    }
}

impl ConvParams {
    #[allow(clippy::too_many_arguments)]
    fn new(
        k: usize,
        in_channels: i64,
        out_channels: i64,
        kernel_size: IntList,
        opts: ConvOptions,
        transposed: bool,
    ) -> Result<ConvParams> {
        if opts.groups <= 0 {
            return Err(value_err("groups must be a positive integer"));
        }
        if in_channels % opts.groups != 0 {
            return Err(value_err("in_channels must be divisible by groups"));
        }
        if out_channels % opts.groups != 0 {
            return Err(value_err("out_channels must be divisible by groups"));
        }
        let stride = expand(&opts.stride, k);
        if opts.padding == Padding::Same && stride.iter().any(|&s| s != 1) {
            return Err(value_err(
                "padding='same' is not supported for strided convolutions",
            ));
        }
        let padding = match opts.padding {
            Padding::Explicit(p) => Padding::Explicit(expand(&IntList(p), k)),
            p => p,
        };
        Ok(ConvParams {
            in_channels: in_channels.max(0) as usize,
            out_channels: out_channels.max(0) as usize,
            kernel_size: expand(&kernel_size, k)
                .into_iter()
                .map(|v| v.max(0) as usize)
                .collect(),
            stride,
            padding,
            dilation: expand(&opts.dilation, k),
            output_padding: if transposed {
                expand(&opts.output_padding, k)
            } else {
                vec![0; k]
            },
            groups: opts.groups,
            transposed,
            padding_mode: None,
        })
    }

    /// PyTorch's `padding_mode`: `'zeros'`, or a mode of `pad` applied before a convolution
    /// without padding (not for transposed convolutions), with its messages.
    fn set_padding_mode(&mut self, mode: &str, name: &str) -> Result<()> {
        if self.transposed && mode != "zeros" {
            return Err(value_err(format!(
                "Only \"zeros\" padding mode is supported for {name}"
            )));
        }
        self.padding_mode = match mode {
            "zeros" => None,
            "reflect" | "replicate" | "circular" => Some(PadMode::parse(mode)?),
            _ => {
                return Err(value_err(format!(
                    "padding_mode must be one of {{'zeros', 'reflect', 'replicate', 'circular'}}, but got padding_mode='{mode}'"
                )))
            }
        };
        Ok(())
    }

    /// The convolution of `x`: through `pad` first for a padding mode other than zeros
    /// (PyTorch's `_reversed_padding_repeated_twice`: last dimension first, both sides).
    fn forward(
        &self,
        x: &Tensor,
        w: &Tensor,
        b: Option<&Tensor>,
        conv: fn(&Tensor, &Tensor, Option<&Tensor>, &ConvOptions) -> Result<Tensor>,
    ) -> Result<Tensor> {
        let Some(mode) = self.padding_mode else {
            return conv(x, w, b, &self.options());
        };
        let mut pads = Vec::new();
        for d in (0..self.kernel_size.len()).rev() {
            let (lo, hi) = match &self.padding {
                Padding::Explicit(p) => (p[d], p[d]),
                Padding::Valid => (0, 0),
                Padding::Same => {
                    let total = self.dilation[d] * (self.kernel_size[d] as i64 - 1);
                    (total / 2, total - total / 2)
                }
            };
            pads.extend([lo, hi]);
        }
        let opts = self.options().padding(vec![0]);
        conv(&x.try_pad(&pads, mode, 0.0)?, w, b, &opts)
    }

    fn options(&self) -> ConvOptions {
        ConvOptions::new()
            .stride(self.stride.clone())
            .padding(self.padding.clone())
            .dilation(self.dilation.clone())
            .groups(self.groups)
            .output_padding(self.output_padding.clone())
    }

    /// The weight (`(out, in / groups, *kernel)`, transposed: `(in, out / groups, *kernel)`)
    /// and bias, registered and initialised.
    fn register(&self, core: &mut ModuleCore, bias: bool) {
        let g = self.groups as usize;
        let mut shape = if self.transposed {
            vec![self.in_channels, self.out_channels / g]
        } else {
            vec![self.out_channels, self.in_channels / g]
        };
        shape.extend_from_slice(&self.kernel_size);
        core.register_parameter("weight", Tensor::zeros(&shape));
        if bias {
            core.register_parameter("bias", Tensor::zeros(&[self.out_channels]));
        }
    }

    /// PyTorch's `reset_parameters`.
    fn reset(&self, core: &ModuleCore) {
        let w = core.param("weight").expect("registered");
        let _ = init::kaiming_uniform_(w, 5f64.sqrt(), "fan_in", "leaky_relu");
        if let Some(b) = core.param("bias") {
            let fan_in: usize = w.shape()[1..].iter().product();
            if fan_in != 0 {
                let bound = 1.0 / (fan_in as f64).sqrt();
                let _ = init::uniform_(b, -bound, bound);
            }
        }
    }

    fn extra_repr(&self, has_bias: bool) -> String {
        let ks: Vec<i64> = self.kernel_size.iter().map(|&v| v as i64).collect();
        let mut s = format!(
            "{}, {}, kernel_size={}, stride={}",
            self.in_channels,
            self.out_channels,
            super::py_tuple(&ks),
            super::py_tuple(&self.stride)
        );
        match &self.padding {
            Padding::Explicit(p) if p.iter().all(|&v| v == 0) => {}
            Padding::Explicit(p) => s += &format!(", padding={}", super::py_tuple(p)),
            Padding::Same => s += ", padding=same",
            Padding::Valid => s += ", padding=valid",
        }
        if self.dilation.iter().any(|&v| v != 1) {
            s += &format!(", dilation={}", super::py_tuple(&self.dilation));
        }
        if self.output_padding.iter().any(|&v| v != 0) {
            s += &format!(", output_padding={}", super::py_tuple(&self.output_padding));
        }
        if self.groups != 1 {
            s += &format!(", groups={}", self.groups);
        }
        if !has_bias {
            s += ", bias=False";
        }
        if let Some(m) = self.padding_mode {
            s += match m {
                PadMode::Reflect => ", padding_mode=reflect",
                PadMode::Replicate => ", padding_mode=replicate",
                _ => ", padding_mode=circular",
            };
        }
        s
    }
}

macro_rules! conv_module {
    ($name:ident, $k:expr, $transposed:expr, $method:ident, $doc:literal, $example:literal) => {
        #[doc = $doc]
        ///
        /// ```
        #[doc = $example]
        /// ```
        #[derive(Debug)]
        pub struct $name {
            core: ModuleCore,
            params: ConvParams,
        }

        impl $name {
            /// A module with PyTorch's defaults (stride 1, no padding, dilation 1, one group,
            /// a bias).
            ///
            /// ```
            #[doc = concat!("let m = ferrograd::nn::", stringify!($name), "::new(2, 4, 3);")]
            /// assert!(m.bias().is_some());
            /// ```
            #[track_caller]
            pub fn new(in_channels: i64, out_channels: i64, kernel_size: impl Into<IntList>) -> $name {
                crate::error::unwrap(Self::try_new(
                    in_channels,
                    out_channels,
                    kernel_size,
                    ConvOptions::new(),
                    true,
                ))
            }

            /// A module with the given options, with or without a bias; PyTorch's
            /// `ValueError`s for groups that do not divide the channels and `'same'`
            /// padding with a stride.
            ///
            /// ```
            /// use ferrograd::ops::ConvOptions;
            #[doc = concat!("let e = ferrograd::nn::", stringify!($name), "::try_new(4, 4, 3, ConvOptions::new().groups(3), true);")]
            /// assert_eq!(e.unwrap_err().to_string(), "in_channels must be divisible by groups");
            /// ```
            pub fn try_new(
                in_channels: i64,
                out_channels: i64,
                kernel_size: impl Into<IntList>,
                opts: ConvOptions,
                bias: bool,
            ) -> Result<$name> {
                let params = ConvParams::new(
                    $k,
                    in_channels,
                    out_channels,
                    kernel_size.into(),
                    opts,
                    $transposed,
                )?;
                let mut core = ModuleCore::new();
                params.register(&mut core, bias);
                params.reset(&core);
                Ok($name { core, params })
            }

            /// PyTorch's `reset_parameters`: Kaiming-uniform weight (`a = √5`), uniform bias.
            ///
            /// ```
            #[doc = concat!("ferrograd::nn::", stringify!($name), "::new(1, 1, 1).reset_parameters();")]
            /// ```
            pub fn reset_parameters(&self) {
                self.params.reset(&self.core);
            }

            /// The weight.
            ///
            /// ```
            #[doc = concat!("let m = ferrograd::nn::", stringify!($name), "::new(2, 4, 3);")]
            /// assert!(m.weight().requires_grad());
            /// ```
            pub fn weight(&self) -> &Tensor {
                self.core.param("weight").expect("registered in try_new")
            }

            /// The bias `(out_channels,)`, if any.
            ///
            /// ```
            #[doc = concat!("let m = ferrograd::nn::", stringify!($name), "::new(2, 4, 3);")]
            /// assert_eq!(m.bias().unwrap().shape(), &[4]);
            /// ```
            pub fn bias(&self) -> Option<&Tensor> {
                self.core.param("bias")
            }

            /// This module with PyTorch's `padding_mode` (`"zeros"`, `"reflect"`,
            /// `"replicate"` or `"circular"`): the input is padded with that mode, then
            /// convolved without padding. Transposed convolutions take only `"zeros"`.
            ///
            /// ```
            #[doc = concat!("let e = ferrograd::nn::", stringify!($name), "::new(2, 4, 3).try_padding_mode(\"bad\").unwrap_err();")]
            /// assert_eq!(e.kind().python_name(), "ValueError");
            /// ```
            pub fn try_padding_mode(mut self, mode: &str) -> Result<$name> {
                self.params.set_padding_mode(mode, stringify!($name))?;
                Ok(self)
            }

            /// The options the forward passes to the convolution.
            ///
            /// ```
            #[doc = concat!("let m = ferrograd::nn::", stringify!($name), "::new(2, 4, 3);")]
            /// assert_eq!(m.options().groups, 1);
            /// ```
            pub fn options(&self) -> ConvOptions {
                self.params.options()
            }
        }

        impl Module for $name {
            core_methods!();
            fn type_name(&self) -> &str {
                stringify!($name)
            }
            fn forward(&self, x: &Tensor) -> Result<Tensor> {
                self.params.forward(x, self.weight(), self.bias(), Tensor::$method)
            }
            fn extra_repr(&self) -> String {
                self.params.extra_repr(self.bias().is_some())
            }
        }
        module_boilerplate!($name);
    };
}

conv_module!(
    Conv1d,
    1,
    false,
    try_conv1d,
    "A 1-D convolution over `(N, C, L)` inputs (PyTorch's `nn.Conv1d`); the weight is `(out, in / groups, k)`.",
    "use ferrograd::nn::{Conv1d, Module};\nlet m = Conv1d::new(4, 4, 3);\nassert_eq!(m.to_string(), \"Conv1d(4, 4, kernel_size=(3,), stride=(1,))\");\nassert_eq!(m.forward(&ferrograd::Tensor::ones(&[2, 4, 7])).unwrap().shape(), &[2, 4, 5]);"
);
conv_module!(
    Conv2d,
    2,
    false,
    try_conv2d,
    "A 2-D convolution over `(N, C, H, W)` inputs (PyTorch's `nn.Conv2d`); the weight is `(out, in / groups, kh, kw)`.",
    "use ferrograd::nn::{Conv2d, Module};\nlet m = Conv2d::new(1, 6, 5);\nassert_eq!(m.to_string(), \"Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\");\nassert_eq!(m.forward(&ferrograd::Tensor::ones(&[2, 1, 8, 8])).unwrap().shape(), &[2, 6, 4, 4]);"
);
conv_module!(
    ConvTranspose2d,
    2,
    true,
    try_conv_transpose2d,
    "A 2-D transposed convolution (PyTorch's `nn.ConvTranspose2d`); the weight is `(in, out / groups, kh, kw)`.",
    "use ferrograd::nn::{ConvTranspose2d, Module};\nlet m = ConvTranspose2d::new(4, 2, 3);\nassert_eq!(m.to_string(), \"ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(1, 1))\");\nassert_eq!(m.forward(&ferrograd::Tensor::ones(&[1, 4, 5, 5])).unwrap().shape(), &[1, 2, 7, 7]);"
);
