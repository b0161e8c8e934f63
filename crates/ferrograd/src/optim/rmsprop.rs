//! RMSprop (`torch.optim.RMSprop`).

use super::sgd::{check, get_b, get_f};
use super::{kernels, optimizer_accessors, Base, GroupOptions, Optimizer, OptionValue, ParamGroup};
use crate::error::Result;
use crate::Tensor;
use std::collections::BTreeMap;

/// The options of [`RMSprop`], with PyTorch's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct RMSpropOptions {
    /// Learning rate (default 1e-2).
    pub lr: f64,
    /// Smoothing constant of the squared-gradient average (default 0.99).
    pub alpha: f64,
    /// Added to the denominator (default 1e-8).
    pub eps: f64,
    /// L2 penalty (default 0).
    pub weight_decay: f64,
    /// Momentum factor (default 0).
    pub momentum: f64,
    /// Normalise by the estimated variance of the gradient (default false).
    pub centered: bool,
    /// Maximise the objective instead (default false).
    pub maximize: bool,
}

impl Default for RMSpropOptions {
    fn default() -> Self {
        RMSpropOptions {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            maximize: false,
        }
    }
}

impl GroupOptions for RMSpropOptions {
    fn lr(&self) -> f64 {
        self.lr
    }
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr
    }
    fn validate(&self) -> Result<()> {
        check(self.lr >= 0.0, "learning rate", self.lr)?;
        check(self.eps >= 0.0, "epsilon value", self.eps)?;
        check(self.momentum >= 0.0, "momentum value", self.momentum)?;
        check(
            self.weight_decay >= 0.0,
            "weight_decay value",
            self.weight_decay,
        )?;
        check(self.alpha >= 0.0, "alpha value", self.alpha)
    }
    fn to_map(&self) -> Vec<(&'static str, OptionValue)> {
        use OptionValue::{Bool, Float};
        vec![
            ("lr", Float(self.lr)),
            ("momentum", Float(self.momentum)),
            ("alpha", Float(self.alpha)),
            ("eps", Float(self.eps)),
            ("centered", Bool(self.centered)),
            ("weight_decay", Float(self.weight_decay)),
            ("maximize", Bool(self.maximize)),
        ]
    }
    fn with_map(&self, m: &BTreeMap<String, OptionValue>) -> Result<Self> {
        Ok(RMSpropOptions {
            lr: get_f(m, "lr", self.lr)?,
            alpha: get_f(m, "alpha", self.alpha)?,
            eps: get_f(m, "eps", self.eps)?,
            weight_decay: get_f(m, "weight_decay", self.weight_decay)?,
            momentum: get_f(m, "momentum", self.momentum)?,
            centered: get_b(m, "centered", self.centered)?,
            maximize: get_b(m, "maximize", self.maximize)?,
        })
    }
}

/// RMSprop (`torch.optim.RMSprop`): g ← ∇ + λθ; v ← αv + (1 − α)g²; with `centered`,
/// ḡ ← lerp(ḡ, g, 1 − α) and v − ḡ² replaces v; d = √v + ε; with momentum
/// b ← μb + g/d, θ ← θ − γb, else θ ← θ − γg/d.
///
/// ```
/// use ferrograd::optim::{Optimizer, RMSprop, RMSpropOptions};
/// let w = ferrograd::Tensor::from_vec(vec![1.0f64], &[1]).requires_grad_(true);
/// let mut opt = RMSprop::new(vec![w.clone()], RMSpropOptions { lr: 0.01, ..Default::default() }).unwrap();
/// w.sum().backward();
/// opt.step().unwrap();
/// // v = 0.01, so the first step is lr / 0.1
/// assert!((w.item() - 0.9).abs() < 1e-6);
/// ```
#[derive(Clone)]
pub struct RMSprop {
    base: Base<RMSpropOptions>,
}

impl RMSprop {
    /// An optimizer over `params` with `options`.
    ///
    /// ```
    /// use ferrograd::optim::{RMSprop, RMSpropOptions};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let e = RMSprop::new(vec![w], RMSpropOptions { alpha: -0.1, ..Default::default() }).err().unwrap();
    /// assert_eq!(e.to_string(), "Invalid alpha value: -0.1");
    /// ```
    pub fn new(params: Vec<Tensor>, options: RMSpropOptions) -> Result<Self> {
        Self::with_groups(vec![ParamGroup::new(params, options)])
    }

    /// An optimizer over several parameter groups.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, ParamGroup, RMSprop, RMSpropOptions};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let opt = RMSprop::with_groups(vec![ParamGroup::new(vec![w], RMSpropOptions::default())]).unwrap();
    /// assert_eq!(opt.param_groups()[0].options.alpha, 0.99);
    /// ```
    pub fn with_groups(groups: Vec<ParamGroup<RMSpropOptions>>) -> Result<Self> {
        Ok(RMSprop {
            base: Base::new(groups)?,
        })
    }
}

impl Optimizer for RMSprop {
    type Options = RMSpropOptions;
    optimizer_accessors!();

    fn step(&mut self) -> Result<()> {
        self.base.for_each(|o, p, g, s| {
            if s.is_empty() {
                s.step = Some(0.0);
                s.insert("square_avg", p.zeros_like());
                if o.momentum > 0.0 {
                    s.insert("momentum_buffer", p.zeros_like());
                }
                if o.centered {
                    s.insert("grad_avg", p.zeros_like());
                }
            }
            s.step = Some(s.step.unwrap_or(0.0) + 1.0);
            let sq = s.get("square_avg").expect("square_avg");
            kernels::rmsprop(p, g, sq, s.get("grad_avg"), s.get("momentum_buffer"), o)
        })
    }
}
