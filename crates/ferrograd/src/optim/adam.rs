//! Adam and AdamW (`torch.optim.Adam`, `torch.optim.AdamW`).

use super::sgd::{check, get_b, get_f};
use super::{kernels, optimizer_accessors, Base, GroupOptions, Optimizer, OptionValue, ParamGroup};
use crate::error::{value_err, Result};
use crate::Tensor;
use std::collections::BTreeMap;

/// The options of [`Adam`] and [`AdamW`], with Adam's defaults ([`AdamOptions::adamw`] gives
/// AdamW's).
#[derive(Clone, Debug, PartialEq)]
pub struct AdamOptions {
    /// Learning rate (default 1e-3).
    pub lr: f64,
    /// Decay rates of the first and second moment averages (default (0.9, 0.999)).
    pub betas: (f64, f64),
    /// Added to the denominator (default 1e-8).
    pub eps: f64,
    /// Weight decay: an L2 penalty for Adam, decoupled for AdamW (default 0, AdamW 1e-2).
    pub weight_decay: f64,
    /// Use the maximum of the past second moments (AMSGrad; default false).
    pub amsgrad: bool,
    /// Maximise the objective instead (default false).
    pub maximize: bool,
    /// Decay the weights directly (AdamW) rather than through the gradient (default false).
    pub decoupled_weight_decay: bool,
}

impl Default for AdamOptions {
    fn default() -> Self {
        AdamOptions {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            maximize: false,
            decoupled_weight_decay: false,
        }
    }
}

impl AdamOptions {
    /// AdamW's defaults: weight decay 1e-2, decoupled.
    ///
    /// ```
    /// let o = ferrograd::optim::AdamOptions::adamw();
    /// assert_eq!((o.weight_decay, o.decoupled_weight_decay), (1e-2, true));
    /// ```
    pub fn adamw() -> Self {
        AdamOptions {
            weight_decay: 1e-2,
            decoupled_weight_decay: true,
            ..Default::default()
        }
    }
}

impl GroupOptions for AdamOptions {
    fn lr(&self) -> f64 {
        self.lr
    }
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr
    }
    fn validate(&self) -> Result<()> {
        check(self.lr >= 0.0, "learning rate", self.lr)?;
        check(self.eps >= 0.0, "epsilon value", self.eps)?;
        let (b0, b1) = self.betas;
        check((0.0..1.0).contains(&b0), "beta parameter at index 0", b0)?;
        check((0.0..1.0).contains(&b1), "beta parameter at index 1", b1)?;
        check(
            self.weight_decay >= 0.0,
            "weight_decay value",
            self.weight_decay,
        )
    }
    fn to_map(&self) -> Vec<(&'static str, OptionValue)> {
        use OptionValue::{Bool, Float, Pair};
        vec![
            ("lr", Float(self.lr)),
            ("betas", Pair(self.betas.0, self.betas.1)),
            ("eps", Float(self.eps)),
            ("weight_decay", Float(self.weight_decay)),
            ("amsgrad", Bool(self.amsgrad)),
            ("maximize", Bool(self.maximize)),
            ("decoupled_weight_decay", Bool(self.decoupled_weight_decay)),
        ]
    }
    fn with_map(&self, m: &BTreeMap<String, OptionValue>) -> Result<Self> {
        let betas = match m.get("betas") {
            None => self.betas,
            Some(OptionValue::Pair(a, b)) => (*a, *b),
            Some(_) => return Err(value_err("param group option 'betas' must be a pair")),
        };
        Ok(AdamOptions {
            lr: get_f(m, "lr", self.lr)?,
            betas,
            eps: get_f(m, "eps", self.eps)?,
            weight_decay: get_f(m, "weight_decay", self.weight_decay)?,
            amsgrad: get_b(m, "amsgrad", self.amsgrad)?,
            maximize: get_b(m, "maximize", self.maximize)?,
            decoupled_weight_decay: get_b(
                m,
                "decoupled_weight_decay",
                self.decoupled_weight_decay,
            )?,
        })
    }
}

/// Adam (`torch.optim.Adam`): g ← ∇ + λθ; m ← lerp(m, g, 1 − β₁); v ← β₂v + (1 − β₂)g²;
/// θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε), with v̂ = v, or its running maximum
/// under AMSGrad. With `decoupled_weight_decay` it is AdamW.
///
/// ```
/// use ferrograd::optim::{Adam, AdamOptions, Optimizer};
/// let w = ferrograd::Tensor::from_vec(vec![3.0f64], &[1]).requires_grad_(true);
/// let mut opt = Adam::new(vec![w.clone()], AdamOptions { lr: 0.1, ..Default::default() }).unwrap();
/// (&w * &w).sum().backward();
/// opt.step().unwrap();
/// assert!((w.item() - 2.9).abs() < 1e-8);
/// assert_eq!(opt.state()[0].step, Some(1.0));
/// ```
#[derive(Clone)]
pub struct Adam {
    base: Base<AdamOptions>,
}

impl Adam {
    /// An optimizer over `params` with `options`.
    ///
    /// ```
    /// use ferrograd::optim::{Adam, AdamOptions};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let e = Adam::new(vec![w], AdamOptions { betas: (1.0, 0.999), ..Default::default() }).err().unwrap();
    /// assert_eq!(e.to_string(), "Invalid beta parameter at index 0: 1.0");
    /// ```
    pub fn new(params: Vec<Tensor>, options: AdamOptions) -> Result<Self> {
        Self::with_groups(vec![ParamGroup::new(params, options)])
    }

    /// An optimizer over several parameter groups.
    ///
    /// ```
    /// use ferrograd::optim::{Adam, AdamOptions, Optimizer, ParamGroup};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let opt = Adam::with_groups(vec![ParamGroup::new(vec![w], AdamOptions::default())]).unwrap();
    /// assert_eq!(opt.param_groups()[0].options.betas, (0.9, 0.999));
    /// ```
    pub fn with_groups(groups: Vec<ParamGroup<AdamOptions>>) -> Result<Self> {
        Ok(Adam {
            base: Base::new(groups)?,
        })
    }
}

impl Optimizer for Adam {
    type Options = AdamOptions;
    optimizer_accessors!();

    fn step(&mut self) -> Result<()> {
        self.base.for_each(|o, p, g, s| {
            if s.is_empty() {
                s.step = Some(0.0);
                s.insert("exp_avg", p.zeros_like());
                s.insert("exp_avg_sq", p.zeros_like());
                if o.amsgrad {
                    s.insert("max_exp_avg_sq", p.zeros_like());
                }
            }
            let step = s.step.unwrap_or(0.0) + 1.0;
            s.step = Some(step);
            let (m, v) = (
                s.get("exp_avg").expect("exp_avg"),
                s.get("exp_avg_sq").expect("exp_avg_sq"),
            );
            kernels::adam(p, g, m, v, s.get("max_exp_avg_sq"), step, o)
        })
    }
}

/// AdamW (`torch.optim.AdamW`): Adam with decoupled weight decay, θ ← θ(1 − γλ) before the
/// Adam update; weight decay 1e-2 by default.
///
/// ```
/// use ferrograd::optim::{AdamOptions, AdamW, Optimizer};
/// let w = ferrograd::Tensor::from_vec(vec![1.0f64], &[1]).requires_grad_(true);
/// let mut opt = AdamW::new(vec![w.clone()], AdamOptions { lr: 0.1, ..AdamOptions::adamw() }).unwrap();
/// w.sum().backward();
/// opt.step().unwrap();
/// assert!((w.item() - (1.0 * (1.0 - 0.1 * 0.01) - 0.1)).abs() < 1e-8);
/// ```
#[derive(Clone)]
pub struct AdamW(Adam);

impl AdamW {
    /// An optimizer over `params`; `options.decoupled_weight_decay` is set.
    ///
    /// ```
    /// use ferrograd::optim::{AdamOptions, AdamW, Optimizer};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let opt = AdamW::new(vec![w], AdamOptions::default()).unwrap();
    /// assert!(opt.param_groups()[0].options.decoupled_weight_decay);
    /// ```
    pub fn new(params: Vec<Tensor>, options: AdamOptions) -> Result<Self> {
        Self::with_groups(vec![ParamGroup::new(params, options)])
    }

    /// An optimizer over several parameter groups (each made decoupled).
    ///
    /// ```
    /// use ferrograd::optim::{AdamOptions, AdamW, Optimizer, ParamGroup};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let opt = AdamW::with_groups(vec![ParamGroup::new(vec![w], AdamOptions::adamw())]).unwrap();
    /// assert_eq!(opt.param_groups()[0].options.weight_decay, 1e-2);
    /// ```
    pub fn with_groups(mut groups: Vec<ParamGroup<AdamOptions>>) -> Result<Self> {
        for g in &mut groups {
            g.options.decoupled_weight_decay = true;
        }
        Ok(AdamW(Adam::with_groups(groups)?))
    }
}

impl Optimizer for AdamW {
    type Options = AdamOptions;
    fn step(&mut self) -> Result<()> {
        self.0.step()
    }
    fn param_groups(&self) -> &[ParamGroup<AdamOptions>] {
        self.0.param_groups()
    }
    fn param_groups_mut(&mut self) -> &mut [ParamGroup<AdamOptions>] {
        self.0.param_groups_mut()
    }
    fn state(&self) -> &[super::ParamState] {
        self.0.state()
    }
    fn state_mut(&mut self) -> &mut Vec<super::ParamState> {
        self.0.state_mut()
    }
    fn add_param_group(&mut self, mut group: ParamGroup<AdamOptions>) -> Result<()> {
        group.options.decoupled_weight_decay = true;
        self.0.add_param_group(group)
    }
}
