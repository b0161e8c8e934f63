//! Adagrad (`torch.optim.Adagrad`).

use super::sgd::{check, get_b, get_f};
use super::{kernels, optimizer_accessors, Base, GroupOptions, Optimizer, OptionValue, ParamGroup};
use crate::error::Result;
use crate::Tensor;
use std::collections::BTreeMap;

/// The options of [`Adagrad`], with PyTorch's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct AdagradOptions {
    /// Learning rate (default 1e-2).
    pub lr: f64,
    /// Learning-rate decay: step `t` uses `lr / (1 + (t − 1)·lr_decay)` (default 0).
    pub lr_decay: f64,
    /// L2 penalty (default 0).
    pub weight_decay: f64,
    /// The starting value of the sum of squared gradients (default 0).
    pub initial_accumulator_value: f64,
    /// Added to the denominator (default 1e-10).
    pub eps: f64,
    /// Maximise the objective instead (default false).
    pub maximize: bool,
}

impl Default for AdagradOptions {
    fn default() -> Self {
        AdagradOptions {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
            maximize: false,
        }
    }
}

impl GroupOptions for AdagradOptions {
    fn lr(&self) -> f64 {
        self.lr
    }
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr
    }
    fn validate(&self) -> Result<()> {
        check(self.lr >= 0.0, "learning rate", self.lr)?;
        check(self.lr_decay >= 0.0, "lr_decay value", self.lr_decay)?;
        check(
            self.weight_decay >= 0.0,
            "weight_decay value",
            self.weight_decay,
        )?;
        check(
            self.initial_accumulator_value >= 0.0,
            "initial_accumulator_value value",
            self.initial_accumulator_value,
        )?;
        check(self.eps >= 0.0, "epsilon value", self.eps)
    }
    fn to_map(&self) -> Vec<(&'static str, OptionValue)> {
        use OptionValue::{Bool, Float};
        vec![
            ("lr", Float(self.lr)),
            ("lr_decay", Float(self.lr_decay)),
            ("eps", Float(self.eps)),
            ("weight_decay", Float(self.weight_decay)),
            (
                "initial_accumulator_value",
                Float(self.initial_accumulator_value),
            ),
            ("maximize", Bool(self.maximize)),
        ]
    }
    fn with_map(&self, m: &BTreeMap<String, OptionValue>) -> Result<Self> {
        Ok(AdagradOptions {
            lr: get_f(m, "lr", self.lr)?,
            lr_decay: get_f(m, "lr_decay", self.lr_decay)?,
            weight_decay: get_f(m, "weight_decay", self.weight_decay)?,
            initial_accumulator_value: get_f(
                m,
                "initial_accumulator_value",
                self.initial_accumulator_value,
            )?,
            eps: get_f(m, "eps", self.eps)?,
            maximize: get_b(m, "maximize", self.maximize)?,
        })
    }
}

/// Adagrad (`torch.optim.Adagrad`): g ← ∇ + λθ; s ← s + g²; θ ← θ − γ̃ g / (√s + ε) with
/// γ̃ = γ / (1 + (t − 1)η). The sums start at `initial_accumulator_value` when the optimizer is
/// made, as in PyTorch.
///
/// ```
/// use ferrograd::optim::{Adagrad, AdagradOptions, Optimizer};
/// let w = ferrograd::Tensor::from_vec(vec![2.0f64], &[1]).requires_grad_(true);
/// let mut opt = Adagrad::new(vec![w.clone()], AdagradOptions { lr: 0.5, ..Default::default() }).unwrap();
/// (&w * &w).sum().backward();
/// opt.step().unwrap();
/// assert!((w.item() - 1.5).abs() < 1e-9);
/// ```
#[derive(Clone)]
pub struct Adagrad {
    base: Base<AdagradOptions>,
}

impl Adagrad {
    /// An optimizer over `params` with `options`.
    ///
    /// ```
    /// use ferrograd::optim::{Adagrad, AdagradOptions, Optimizer};
    /// let w = ferrograd::Tensor::zeros(&[2]).requires_grad_(true);
    /// let opt = Adagrad::new(vec![w], AdagradOptions { initial_accumulator_value: 0.1, ..Default::default() }).unwrap();
    /// assert_eq!(opt.state()[0].get("sum").unwrap().to_vec::<f32>(), vec![0.1, 0.1]);
    /// ```
    pub fn new(params: Vec<Tensor>, options: AdagradOptions) -> Result<Self> {
        Self::with_groups(vec![ParamGroup::new(params, options)])
    }

    /// An optimizer over several parameter groups.
    ///
    /// ```
    /// use ferrograd::optim::{Adagrad, AdagradOptions, Optimizer, ParamGroup};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let opt = Adagrad::with_groups(vec![ParamGroup::new(vec![w], AdagradOptions::default())]).unwrap();
    /// assert_eq!(opt.param_groups().len(), 1);
    /// ```
    pub fn with_groups(groups: Vec<ParamGroup<AdagradOptions>>) -> Result<Self> {
        let mut opt = Adagrad {
            base: Base::new(groups)?,
        };
        opt.init_state();
        Ok(opt)
    }

    fn init_state(&mut self) {
        let mut i = 0;
        for g in &self.base.groups {
            for p in &g.params {
                let s = &mut self.base.state[i];
                if s.is_empty() {
                    s.step = Some(0.0);
                    s.insert("sum", p.full_like(g.options.initial_accumulator_value));
                }
                i += 1;
            }
        }
    }
}

impl Optimizer for Adagrad {
    type Options = AdagradOptions;
    optimizer_accessors!(no_add);

    fn add_param_group(&mut self, group: ParamGroup<AdagradOptions>) -> Result<()> {
        self.base.add(group)?;
        self.init_state();
        Ok(())
    }

    fn step(&mut self) -> Result<()> {
        self.base.for_each(|o, p, g, s| {
            if s.get("sum").is_none() {
                s.insert("sum", p.full_like(o.initial_accumulator_value));
            }
            let step = s.step.unwrap_or(0.0) + 1.0;
            s.step = Some(step);
            kernels::adagrad(p, g, s.get("sum").expect("sum"), step, o)
        })
    }
}
