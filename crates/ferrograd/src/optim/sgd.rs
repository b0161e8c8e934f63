//! Stochastic gradient descent with momentum (`torch.optim.SGD`).

use super::{
    kernels, optimizer_accessors, py_float, Base, GroupOptions, Optimizer, OptionValue, ParamGroup,
};
use crate::error::{value_err, Result};
use crate::Tensor;
use std::collections::BTreeMap;

/// The options of [`SGD`], with PyTorch's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct SgdOptions {
    /// Learning rate (default 1e-3).
    pub lr: f64,
    /// Momentum factor (default 0).
    pub momentum: f64,
    /// Dampening of the momentum (default 0).
    pub dampening: f64,
    /// L2 penalty (default 0).
    pub weight_decay: f64,
    /// Nesterov momentum (default false).
    pub nesterov: bool,
    /// Maximise the objective instead (default false).
    pub maximize: bool,
}

impl Default for SgdOptions {
    fn default() -> Self {
        SgdOptions {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
            maximize: false,
        }
    }
}

pub(crate) fn get_f(map: &BTreeMap<String, OptionValue>, key: &str, default: f64) -> Result<f64> {
    match map.get(key) {
        None => Ok(default),
        Some(OptionValue::Float(v)) => Ok(*v),
        Some(_) => Err(value_err(format!(
            "param group option '{key}' must be a number"
        ))),
    }
}

pub(crate) fn get_b(map: &BTreeMap<String, OptionValue>, key: &str, default: bool) -> Result<bool> {
    match map.get(key) {
        None => Ok(default),
        Some(OptionValue::Bool(v)) => Ok(*v),
        Some(_) => Err(value_err(format!(
            "param group option '{key}' must be a bool"
        ))),
    }
}

/// `Invalid {what}: {value}` unless `ok`.
pub(crate) fn check(ok: bool, what: &str, v: f64) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(value_err(format!("Invalid {what}: {}", py_float(v))))
    }
}

impl GroupOptions for SgdOptions {
    fn lr(&self) -> f64 {
        self.lr
    }
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr
    }
    fn validate(&self) -> Result<()> {
        check(self.lr >= 0.0, "learning rate", self.lr)?;
        check(self.momentum >= 0.0, "momentum value", self.momentum)?;
        check(
            self.weight_decay >= 0.0,
            "weight_decay value",
            self.weight_decay,
        )?;
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Err(value_err(
                "Nesterov momentum requires a momentum and zero dampening",
            ));
        }
        Ok(())
    }
    fn to_map(&self) -> Vec<(&'static str, OptionValue)> {
        use OptionValue::{Bool, Float};
        vec![
            ("lr", Float(self.lr)),
            ("momentum", Float(self.momentum)),
            ("dampening", Float(self.dampening)),
            ("weight_decay", Float(self.weight_decay)),
            ("nesterov", Bool(self.nesterov)),
            ("maximize", Bool(self.maximize)),
        ]
    }
    fn with_map(&self, m: &BTreeMap<String, OptionValue>) -> Result<Self> {
        Ok(SgdOptions {
            lr: get_f(m, "lr", self.lr)?,
            momentum: get_f(m, "momentum", self.momentum)?,
            dampening: get_f(m, "dampening", self.dampening)?,
            weight_decay: get_f(m, "weight_decay", self.weight_decay)?,
            nesterov: get_b(m, "nesterov", self.nesterov)?,
            maximize: get_b(m, "maximize", self.maximize)?,
        })
    }
}

/// Stochastic gradient descent, optionally with momentum, Nesterov momentum and weight decay
/// (`torch.optim.SGD`):
///
/// g ← ∇ + λθ; b ← μb + (1 − τ)g (b = g on the first step); g ← g + μb (Nesterov) or b;
/// θ ← θ − γg.
///
/// ```
/// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
/// let w = ferrograd::Tensor::from_vec(vec![1.0f64, -1.0], &[2]).requires_grad_(true);
/// let mut opt = SGD::new(vec![w.clone()], SgdOptions { lr: 0.1, momentum: 0.9, ..Default::default() }).unwrap();
/// for _ in 0..2 {
///     opt.zero_grad(true);
///     (&w * &w).sum().backward();
///     opt.step().unwrap();
/// }
/// // step 1: b = 2w = [2, -2], w = [0.8, -0.8]; step 2: b = 0.9·2 + 1.6 = 3.4, w = 0.8 − 0.34
/// let v = w.to_vec::<f64>();
/// assert!((v[0] - 0.46).abs() < 1e-12 && (v[1] + 0.46).abs() < 1e-12);
/// ```
#[derive(Clone)]
pub struct SGD {
    base: Base<SgdOptions>,
}

impl SGD {
    /// An optimizer over `params` with `options`; PyTorch's errors for bad values, non-leaf
    /// parameters and an empty list.
    ///
    /// ```
    /// use ferrograd::optim::{SGD, SgdOptions};
    /// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let e = SGD::new(vec![w], SgdOptions { nesterov: true, ..Default::default() }).err().unwrap();
    /// assert_eq!(e.to_string(), "Nesterov momentum requires a momentum and zero dampening");
    /// ```
    pub fn new(params: Vec<Tensor>, options: SgdOptions) -> Result<Self> {
        Self::with_groups(vec![ParamGroup::new(params, options)])
    }

    /// An optimizer over several parameter groups, each with its own options.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, ParamGroup, SGD, SgdOptions};
    /// let (a, b) = (ferrograd::Tensor::zeros(&[1]).requires_grad_(true), ferrograd::Tensor::zeros(&[2]).requires_grad_(true));
    /// let opt = SGD::with_groups(vec![
    ///     ParamGroup::new(vec![a], SgdOptions::default()),
    ///     ParamGroup::new(vec![b], SgdOptions { lr: 0.5, ..Default::default() }),
    /// ]).unwrap();
    /// assert_eq!(opt.param_groups()[1].options.lr, 0.5);
    /// ```
    pub fn with_groups(groups: Vec<ParamGroup<SgdOptions>>) -> Result<Self> {
        Ok(SGD {
            base: Base::new(groups)?,
        })
    }
}

impl Optimizer for SGD {
    type Options = SgdOptions;
    optimizer_accessors!();

    fn step(&mut self) -> Result<()> {
        self.base.for_each(|o, p, g, s| {
            let buf = s.get("momentum_buffer").cloned();
            if let Some(created) = kernels::sgd(p, g, buf.as_ref(), o)? {
                s.insert("momentum_buffer", created);
            }
            Ok(())
        })
    }
}
