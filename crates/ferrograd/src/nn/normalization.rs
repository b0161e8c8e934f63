//! Normalization modules: `BatchNorm1d`, `BatchNorm2d` (running statistics as buffers),
//! `LayerNorm` and `GroupNorm`, initialised as PyTorch does (weight 1, bias 0).

use super::activation::py_float;
use super::{core_methods, module_boilerplate, Module, ModuleCore};
use crate::error::{value_err, Result};
use crate::{no_grad, BatchNormArgs, DType, Tensor};

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// The options shared by the batch-norm modules: `eps`, `momentum` (`None`: a cumulative
/// average), `affine`, `track_running_stats` and `bias`, PyTorch's defaults in
/// [`BatchNormOptions::default`].
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormOptions {
    /// Added to the variance.
    pub eps: f64,
    /// The weight of each batch in the running averages (`None`: equal weights).
    pub momentum: Option<f64>,
    /// Learnable per-channel weight (and bias).
    pub affine: bool,
    /// Keeps running statistics (used in evaluation mode).
    pub track_running_stats: bool,
    /// A learnable bias (with `affine`).
    pub bias: bool,
}

impl Default for BatchNormOptions {
    fn default() -> Self {
        BatchNormOptions {
            eps: 1e-5,
            momentum: Some(0.1),
            affine: true,
            track_running_stats: true,
            bias: true,
        }
    }
}

macro_rules! batch_norm_module {
    ($name:ident, $dims:expr, $expect:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug)]
        pub struct $name {
            core: ModuleCore,
            /// The number of channels `C`.
            pub num_features: usize,
            /// The options.
            pub opts: BatchNormOptions,
        }

        impl $name {
            /// The module for `num_features` channels with PyTorch's defaults.
            ///
            /// ```
            #[doc = concat!("let m = ferrograd::nn::", stringify!($name), "::new(3);")]
            /// assert_eq!(m.core().buffer("running_var").unwrap().to_vec::<f32>(), vec![1.0; 3]);
            /// # use ferrograd::nn::Module;
            /// ```
            pub fn new(num_features: usize) -> Self {
                Self::with_options(num_features, BatchNormOptions::default())
            }

            /// The module with `opts`.
            ///
            /// ```
            /// use ferrograd::nn::{BatchNormOptions, Module};
            /// let o = BatchNormOptions { affine: false, momentum: None, ..Default::default() };
            #[doc = concat!("let m = ferrograd::nn::", stringify!($name), "::with_options(2, o);")]
            /// assert!(m.parameters().is_empty());
            /// ```
            pub fn with_options(num_features: usize, opts: BatchNormOptions) -> Self {
                let mut core = ModuleCore::new();
                if opts.affine {
                    core.register_parameter("weight", Tensor::ones(&[num_features]));
                    if opts.bias {
                        core.register_parameter("bias", Tensor::zeros(&[num_features]));
                    }
                }
                if opts.track_running_stats {
                    core.register_buffer("running_mean", Tensor::zeros(&[num_features]));
                    core.register_buffer("running_var", Tensor::ones(&[num_features]));
                    core.register_buffer(
                        "num_batches_tracked",
                        Tensor::scalar_tensor(0.0, DType::Int64),
                    );
                }
                $name {
                    core,
                    num_features,
                    opts,
                }
            }
        }

        impl Module for $name {
            core_methods!();
            fn type_name(&self) -> &str {
                stringify!($name)
            }
            fn forward(&self, x: &Tensor) -> Result<Tensor> {
                if !$dims.contains(&x.dim()) {
                    return Err(value_err(format!(
                        "expected {} input (got {}D input)",
                        $expect,
                        x.dim()
                    )));
                }
                batch_norm_forward(self, &self.opts, x)
            }
            fn extra_repr(&self) -> String {
                format!(
                    "{}, eps={}, momentum={}, affine={}, bias={}, track_running_stats={}",
                    self.num_features,
                    py_float(self.opts.eps),
                    self.opts.momentum.map_or("None".to_string(), py_float),
                    py_bool(self.opts.affine),
                    py_bool(self.core.param("bias").is_some()),
                    py_bool(self.opts.track_running_stats)
                )
            }
        }
        module_boilerplate!($name);
    };
}

batch_norm_module!(
    BatchNorm1d,
    [2usize, 3],
    "2D or 3D",
    "Batch normalization of `(N, C)` or `(N, C, L)` input (PyTorch's `nn.BatchNorm1d`).\n\n```\nuse ferrograd::nn::{BatchNorm1d, Module};\nlet m = BatchNorm1d::new(3);\nassert_eq!(m.to_string(), \"BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)\");\n```"
);
batch_norm_module!(
    BatchNorm2d,
    [4usize],
    "4D",
    "Batch normalization of `(N, C, H, W)` input (PyTorch's `nn.BatchNorm2d`): batch statistics \
     in training (the running ones updated, `num_batches_tracked` counted), running statistics \
     in evaluation.\n\n```\nuse ferrograd::nn::{BatchNorm2d, Module};\nlet m = BatchNorm2d::new(6);\nassert_eq!(m.to_string(), \"BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)\");\nlet keys: Vec<String> = m.state_dict().into_iter().map(|(k, _)| k).collect();\nassert_eq!(keys, [\"weight\", \"bias\", \"running_mean\", \"running_var\", \"num_batches_tracked\"]);\n```"
);

/// PyTorch's `_BatchNorm.forward`.
fn batch_norm_forward(m: &dyn Module, o: &BatchNormOptions, x: &Tensor) -> Result<Tensor> {
    let core = m.core();
    let training = m.is_training();
    let mut factor = o.momentum.unwrap_or(0.0);
    if training
        && o.track_running_stats
        && let Some(n) = core.buffer("num_batches_tracked")
    {
        let _ng = no_grad();
        n.try_add_(Tensor::scalar_tensor(1.0, DType::Int64))?;
        if o.momentum.is_none() {
            factor = 1.0 / n.item();
        }
    }
    let (rm, rv) = (core.buffer("running_mean"), core.buffer("running_var"));
    let bn_training = training || (rm.is_none() && rv.is_none());
    let use_stats = !training || o.track_running_stats;
    let mut args = BatchNormArgs::new()
        .affine(core.param("weight"), core.param("bias"))
        .training(bn_training)
        .momentum(factor)
        .eps(o.eps);
    if use_stats {
        args.running_mean = rm;
        args.running_var = rv;
    }
    x.try_batch_norm(&args)
}

/// Layer normalization over the trailing `normalized_shape` (PyTorch's `nn.LayerNorm`), with
/// an element-wise affine weight (ones) and bias (zeros).
///
/// ```
/// use ferrograd::nn::{LayerNorm, Module};
/// let m = LayerNorm::new(&[3, 4]);
/// assert_eq!(m.to_string(), "LayerNorm((3, 4), eps=1e-05, elementwise_affine=True, bias=True)");
/// assert_eq!(m.forward(&ferrograd::Tensor::ones(&[2, 3, 4])).unwrap().shape(), &[2, 3, 4]);
/// ```
#[derive(Debug)]
pub struct LayerNorm {
    core: ModuleCore,
    /// The normalized trailing shape.
    pub normalized_shape: Vec<usize>,
    /// Added to the variance.
    pub eps: f64,
    /// Whether there is a learnable weight (and bias).
    pub elementwise_affine: bool,
}

impl LayerNorm {
    /// With PyTorch's defaults (`eps=1e-5`, affine with bias).
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::LayerNorm::new(&[5]).eps, 1e-5);
    /// ```
    pub fn new(normalized_shape: &[usize]) -> Self {
        Self::with_options(normalized_shape, 1e-5, true, true)
    }

    /// With `eps`, `elementwise_affine` and `bias`.
    ///
    /// ```
    /// use ferrograd::nn::{LayerNorm, Module};
    /// let m = LayerNorm::with_options(&[5], 1e-5, false, false);
    /// assert_eq!(m.to_string(), "LayerNorm((5,), eps=1e-05, elementwise_affine=False, bias=False)");
    /// ```
    pub fn with_options(
        normalized_shape: &[usize],
        eps: f64,
        elementwise_affine: bool,
        bias: bool,
    ) -> Self {
        let mut core = ModuleCore::new();
        if elementwise_affine {
            core.register_parameter("weight", Tensor::ones(normalized_shape));
            if bias {
                core.register_parameter("bias", Tensor::zeros(normalized_shape));
            }
        }
        LayerNorm {
            core,
            normalized_shape: normalized_shape.to_vec(),
            eps,
            elementwise_affine,
        }
    }
}

impl Module for LayerNorm {
    core_methods!();
    fn type_name(&self) -> &str {
        "LayerNorm"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_layer_norm(
            &self.normalized_shape,
            self.core.param("weight"),
            self.core.param("bias"),
            self.eps,
        )
    }
    fn extra_repr(&self) -> String {
        format!(
            "{}, eps={}, elementwise_affine={}, bias={}",
            super::py_tuple(&self.normalized_shape),
            py_float(self.eps),
            py_bool(self.elementwise_affine),
            py_bool(self.core.param("bias").is_some())
        )
    }
}
module_boilerplate!(LayerNorm);

/// Group normalization of `(N, C, ...)` input over `num_groups` groups of channels (PyTorch's
/// `nn.GroupNorm`), with a per-channel affine weight (ones) and bias (zeros).
///
/// ```
/// use ferrograd::nn::{GroupNorm, Module};
/// let m = GroupNorm::new(2, 4).unwrap();
/// assert_eq!(m.to_string(), "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)");
/// assert_eq!(GroupNorm::new(3, 4).unwrap_err().to_string(), "num_channels (4) must be divisible by num_groups (3)");
/// ```
#[derive(Debug)]
pub struct GroupNorm {
    core: ModuleCore,
    /// The number of groups.
    pub num_groups: usize,
    /// The number of channels.
    pub num_channels: usize,
    /// Added to the variance.
    pub eps: f64,
    /// Whether there is a learnable weight and bias.
    pub affine: bool,
}

impl GroupNorm {
    /// With PyTorch's defaults (`eps=1e-5`, affine).
    ///
    /// ```
    /// assert!(ferrograd::nn::GroupNorm::new(1, 3).unwrap().affine);
    /// ```
    pub fn new(num_groups: usize, num_channels: usize) -> Result<Self> {
        Self::with_options(num_groups, num_channels, 1e-5, true)
    }

    /// With `eps` and `affine`.
    ///
    /// ```
    /// use ferrograd::nn::Module;
    /// let m = ferrograd::nn::GroupNorm::with_options(1, 3, 1e-3, false).unwrap();
    /// assert!(m.parameters().is_empty());
    /// ```
    pub fn with_options(
        num_groups: usize,
        num_channels: usize,
        eps: f64,
        affine: bool,
    ) -> Result<Self> {
        if num_groups == 0 || !num_channels.is_multiple_of(num_groups) {
            return Err(value_err(format!(
                "num_channels ({num_channels}) must be divisible by num_groups ({num_groups})"
            )));
        }
        let mut core = ModuleCore::new();
        if affine {
            core.register_parameter("weight", Tensor::ones(&[num_channels]));
            core.register_parameter("bias", Tensor::zeros(&[num_channels]));
        }
        Ok(GroupNorm {
            core,
            num_groups,
            num_channels,
            eps,
            affine,
        })
    }
}

impl Module for GroupNorm {
    core_methods!();
    fn type_name(&self) -> &str {
        "GroupNorm"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_group_norm(
            self.num_groups,
            self.core.param("weight"),
            self.core.param("bias"),
            self.eps,
        )
    }
    fn extra_repr(&self) -> String {
        format!(
            "{}, {}, eps={}, affine={}, bias={}",
            self.num_groups,
            self.num_channels,
            py_float(self.eps),
            py_bool(self.affine),
            py_bool(self.core.param("bias").is_some())
        )
    }
}
module_boilerplate!(GroupNorm);
