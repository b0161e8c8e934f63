//! Loss modules: each holds its options (and, as PyTorch's, its `weight`/`pos_weight` as
//! buffers) and applies the loss function of `ops::loss`/`ops::nn` in [`Loss::loss`].

use super::{core_methods, module_boilerplate, Module, ModuleCore};
use crate::error::{runtime, Result};
use crate::{ClassLossOptions, Reduction, Tensor};

/// A module computing a loss from an input and a target.
///
/// ```
/// use ferrograd::nn::{Loss, MSELoss};
/// let l = MSELoss::new(ferrograd::Reduction::Mean);
/// let v = l.loss(&ferrograd::Tensor::new([1.0, 3.0]), &ferrograd::Tensor::new([0.0, 1.0])).unwrap();
/// assert_eq!(v.item(), 2.5);
/// ```
pub trait Loss: Module {
    /// The loss of `input` against `target`.
    fn loss(&self, input: &Tensor, target: &Tensor) -> Result<Tensor>;
}

fn two_inputs(name: &str) -> crate::Error {
    runtime(format!(
        "{name} takes an input and a target: call Loss::loss(input, target)"
    ))
}

macro_rules! loss_module {
    ($(#[$doc:meta])* $name:ident { $($field:ident : $ty:ty),* } |$s:ident, $x:ident, $t:ident| $body:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            core: ModuleCore,
            /// How the elements' losses combine.
            pub reduction: Reduction,
            $(
                #[allow(missing_docs)]
                pub $field: $ty,
            )*
        }

        impl Module for $name {
            core_methods!();
            fn type_name(&self) -> &str {
                stringify!($name)
            }
            fn forward(&self, _x: &Tensor) -> Result<Tensor> {
                Err(two_inputs(stringify!($name)))
            }
        }

        impl Loss for $name {
            fn loss(&self, $x: &Tensor, $t: &Tensor) -> Result<Tensor> {
                let $s = self;
                $body
            }
        }
        module_boilerplate!($name);
    };
}

loss_module!(
    /// Mean squared error (PyTorch's `nn.MSELoss`).
    MSELoss {} |s, x, t| x.try_mse_loss_with(t, s.reduction)
);
loss_module!(
    /// Mean absolute error (PyTorch's `nn.L1Loss`).
    L1Loss {} |s, x, t| x.try_l1_loss(t, s.reduction)
);
loss_module!(
    /// Smooth L1 loss with threshold `beta` (PyTorch's `nn.SmoothL1Loss`).
    SmoothL1Loss { beta: f64 } |s, x, t| x.try_smooth_l1_loss(t, s.reduction, s.beta)
);
loss_module!(
    /// Huber loss with threshold `delta` (PyTorch's `nn.HuberLoss`).
    HuberLoss { delta: f64 } |s, x, t| x.try_huber_loss(t, s.reduction, s.delta)
);
loss_module!(
    /// KL divergence (PyTorch's `nn.KLDivLoss`); `batchmean` divides the sum by the batch size.
    KLDivLoss { batchmean: bool, log_target: bool } |s, x, t| {
        let r = if s.batchmean {
            "batchmean"
        } else {
            match s.reduction {
                Reduction::None => "none",
                Reduction::Mean => "mean",
                Reduction::Sum => "sum",
            }
        };
        x.try_kl_div(t, r, s.log_target)
    }
);
loss_module!(
    /// Negative log-likelihood of class indices (PyTorch's `nn.NLLLoss`).
    NLLLoss { ignore_index: i64 } |s, x, t| x.try_nll_loss_opts(t, &s.options(0.0))
);
loss_module!(
    /// Cross-entropy of logits against class indices or probabilities (PyTorch's
    /// `nn.CrossEntropyLoss`).
    CrossEntropyLoss { ignore_index: i64, label_smoothing: f64 } |s, x, t| {
        x.try_cross_entropy_opts(t, &s.options(s.label_smoothing))
    }
);
loss_module!(
    /// Binary cross-entropy of probabilities (PyTorch's `nn.BCELoss`).
    BCELoss {} |s, x, t| x.try_binary_cross_entropy(t, s.core.buffer("weight"), s.reduction)
);
loss_module!(
    /// Binary cross-entropy of logits (PyTorch's `nn.BCEWithLogitsLoss`).
    BCEWithLogitsLoss {} |s, x, t| {
        x.try_binary_cross_entropy_with_logits(
            t,
            s.core.buffer("weight"),
            s.core.buffer("pos_weight"),
            s.reduction,
        )
    }
);

impl ModuleCore {
    /// The buffer registered as `name`.
    ///
    /// ```
    /// assert!(ferrograd::nn::ModuleCore::new().buffer("weight").is_none());
    /// ```
    pub fn buffer(&self, name: &str) -> Option<&Tensor> {
        self.buffers.iter().find(|(n, _)| n == name).map(|p| &p.1)
    }
}

fn with_weight(weight: Option<Tensor>) -> ModuleCore {
    let mut core = ModuleCore::new();
    if let Some(w) = weight {
        core.register_buffer("weight", w);
    }
    core
}

impl MSELoss {
    /// `MSELoss(reduction)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::MSELoss::new(ferrograd::Reduction::Sum).to_string(), "MSELoss()");
    /// ```
    pub fn new(reduction: Reduction) -> Self {
        MSELoss {
            core: ModuleCore::new(),
            reduction,
        }
    }
}

impl L1Loss {
    /// `L1Loss(reduction)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::L1Loss::new(ferrograd::Reduction::Mean).to_string(), "L1Loss()");
    /// ```
    pub fn new(reduction: Reduction) -> Self {
        L1Loss {
            core: ModuleCore::new(),
            reduction,
        }
    }
}

impl SmoothL1Loss {
    /// `SmoothL1Loss(reduction, beta)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::SmoothL1Loss::new(ferrograd::Reduction::Mean, 1.0).beta, 1.0);
    /// ```
    pub fn new(reduction: Reduction, beta: f64) -> Self {
        SmoothL1Loss {
            core: ModuleCore::new(),
            reduction,
            beta,
        }
    }
}

impl HuberLoss {
    /// `HuberLoss(reduction, delta)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::HuberLoss::new(ferrograd::Reduction::Mean, 1.0).delta, 1.0);
    /// ```
    pub fn new(reduction: Reduction, delta: f64) -> Self {
        HuberLoss {
            core: ModuleCore::new(),
            reduction,
            delta,
        }
    }
}

impl KLDivLoss {
    /// `KLDivLoss(reduction, log_target)`; `reduction` is a PyTorch name, `batchmean` included.
    ///
    /// ```
    /// let l = ferrograd::nn::KLDivLoss::new("batchmean", false).unwrap();
    /// assert!(l.batchmean);
    /// ```
    pub fn new(reduction: &str, log_target: bool) -> Result<Self> {
        let (reduction, batchmean) = match reduction {
            "batchmean" => (Reduction::Sum, true),
            r => (Reduction::from_name(r)?, false),
        };
        Ok(KLDivLoss {
            core: ModuleCore::new(),
            reduction,
            batchmean,
            log_target,
        })
    }
}

impl NLLLoss {
    /// `NLLLoss(weight, ignore_index, reduction)`; the weight is a buffer.
    ///
    /// ```
    /// let l = ferrograd::nn::NLLLoss::new(None, -100, ferrograd::Reduction::Mean);
    /// assert_eq!(l.ignore_index, -100);
    /// ```
    pub fn new(weight: Option<Tensor>, ignore_index: i64, reduction: Reduction) -> Self {
        NLLLoss {
            core: with_weight(weight),
            reduction,
            ignore_index,
        }
    }
    fn options(&self, _ls: f64) -> ClassLossOptions {
        options(&self.core, self.reduction, self.ignore_index, 0.0)
    }
}

impl CrossEntropyLoss {
    /// `CrossEntropyLoss(weight, ignore_index, reduction, label_smoothing)`.
    ///
    /// ```
    /// use ferrograd::nn::{CrossEntropyLoss, Module};
    /// let l = CrossEntropyLoss::new(Some(ferrograd::Tensor::ones(&[3])), -100, ferrograd::Reduction::Mean, 0.0);
    /// assert_eq!(l.state_dict()[0].0, "weight");
    /// ```
    pub fn new(
        weight: Option<Tensor>,
        ignore_index: i64,
        reduction: Reduction,
        label_smoothing: f64,
    ) -> Self {
        CrossEntropyLoss {
            core: with_weight(weight),
            reduction,
            ignore_index,
            label_smoothing,
        }
    }
    fn options(&self, ls: f64) -> ClassLossOptions {
        options(&self.core, self.reduction, self.ignore_index, ls)
    }
}

fn options(core: &ModuleCore, r: Reduction, ignore_index: i64, ls: f64) -> ClassLossOptions {
    ClassLossOptions {
        reduction: r,
        weight: core.buffer("weight").cloned(),
        ignore_index,
        label_smoothing: ls,
    }
}

impl BCELoss {
    /// `BCELoss(weight, reduction)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::BCELoss::new(None, ferrograd::Reduction::Mean).to_string(), "BCELoss()");
    /// ```
    pub fn new(weight: Option<Tensor>, reduction: Reduction) -> Self {
        BCELoss {
            core: with_weight(weight),
            reduction,
        }
    }
}

impl BCEWithLogitsLoss {
    /// `BCEWithLogitsLoss(weight, reduction, pos_weight)`; both weights are buffers.
    ///
    /// ```
    /// let l = ferrograd::nn::BCEWithLogitsLoss::new(None, ferrograd::Reduction::Mean, None);
    /// assert_eq!(l.to_string(), "BCEWithLogitsLoss()");
    /// ```
    pub fn new(weight: Option<Tensor>, reduction: Reduction, pos_weight: Option<Tensor>) -> Self {
        let mut core = with_weight(weight);
        if let Some(p) = pos_weight {
            core.register_buffer("pos_weight", p);
        }
        BCEWithLogitsLoss { core, reduction }
    }
}
