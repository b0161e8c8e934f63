//! Learning-rate schedulers (`torch.optim.lr_scheduler`), in PyTorch's recursive (chainable)
//! forms: each step computes the new rates from the optimizer's current ones.
//!
//! A scheduler does not hold its optimizer (Rust's borrows would then lock the optimizer
//! away); it is made from it and stepped with it: `sched.step(&mut opt)` after `opt.step()`.

use super::LrGroups;
use crate::error::{value_err, Result};
use std::f64::consts::PI;

/// Epoch bookkeeping shared by the epoch-based schedulers.
#[derive(Clone, Debug)]
struct Epochs {
    base_lrs: Vec<f64>,
    last_epoch: i64,
    step_count: u64,
    last_lr: Vec<f64>,
}

impl Epochs {
    fn start(
        opt: &mut impl LrGroups,
        rule: impl FnOnce(&Epochs, &[f64], bool) -> Vec<f64>,
    ) -> Epochs {
        let lrs = opt.lrs();
        let mut e = Epochs {
            base_lrs: lrs.clone(),
            last_epoch: -1,
            step_count: 0,
            last_lr: lrs,
        };
        e.advance(opt, |e, cur| rule(e, cur, true));
        e
    }
    fn advance(&mut self, opt: &mut impl LrGroups, rule: impl FnOnce(&Epochs, &[f64]) -> Vec<f64>) {
        self.step_count += 1;
        self.last_epoch += 1;
        let new = rule(self, &opt.lrs());
        for (i, lr) in new.into_iter().enumerate() {
            opt.set_lr(i, lr);
        }
        self.last_lr = opt.lrs();
    }
}

macro_rules! epoch_accessors {
    () => {
        /// The learning rates set by the last step (`get_last_lr()`).
        ///
        /// ```
        /// use ferrograd::optim::{ExponentialLR, SGD, SgdOptions};
        /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
        /// let s = ExponentialLR::new(&mut opt, 0.5);
        /// assert_eq!(s.get_last_lr(), &[1.0]);
        /// ```
        pub fn get_last_lr(&self) -> &[f64] {
            &self.e.last_lr
        }
        /// The number of steps taken (`last_epoch`; 0 right after construction).
        ///
        /// ```
        /// use ferrograd::optim::{ExponentialLR, SGD, SgdOptions};
        /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
        /// let mut s = ExponentialLR::new(&mut opt, 0.5);
        /// s.step(&mut opt);
        /// assert_eq!(s.last_epoch(), 1);
        /// ```
        pub fn last_epoch(&self) -> i64 {
            self.e.last_epoch
        }
    };
}

/// Multiplies each group's learning rate by `gamma` every `step_size` epochs.
///
/// ```
/// use ferrograd::optim::{LrGroups, SGD, SgdOptions, StepLR};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = StepLR::new(&mut opt, 2, 0.5);
/// let lrs: Vec<f64> = (0..4).map(|_| { s.step(&mut opt); opt.lrs()[0] }).collect();
/// assert_eq!(lrs, vec![1.0, 0.5, 0.5, 0.25]);
/// ```
#[derive(Clone, Debug)]
pub struct StepLR {
    e: Epochs,
    step_size: i64,
    gamma: f64,
}

impl StepLR {
    /// A scheduler for `opt` (sets its rates to their initial values, as PyTorch's first step).
    ///
    /// ```
    /// use ferrograd::optim::{SGD, SgdOptions, StepLR};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(StepLR::new(&mut opt, 3, 0.1).last_epoch(), 0);
    /// ```
    pub fn new(opt: &mut impl LrGroups, step_size: usize, gamma: f64) -> Self {
        let step_size = step_size as i64;
        let e = Epochs::start(opt, |_, cur, _| cur.to_vec());
        StepLR {
            e,
            step_size,
            gamma,
        }
    }
    /// One epoch.
    ///
    /// ```
    /// use ferrograd::optim::{LrGroups, SGD, SgdOptions, StepLR};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = StepLR::new(&mut opt, 1, 0.5);
    /// s.step(&mut opt);
    /// assert_eq!(opt.lrs(), vec![0.5]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let (n, g) = (self.step_size, self.gamma);
        self.e.advance(opt, |e, cur| {
            if e.last_epoch == 0 || n == 0 || e.last_epoch % n != 0 {
                cur.to_vec()
            } else {
                cur.iter().map(|lr| lr * g).collect()
            }
        });
    }
    epoch_accessors!();
}

/// Multiplies each group's learning rate by `gamma` at each milestone epoch (by `gamma^k` at
/// one listed `k` times).
///
/// ```
/// use ferrograd::optim::{LrGroups, MultiStepLR, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = MultiStepLR::new(&mut opt, &[1, 3], 0.5);
/// let lrs: Vec<f64> = (0..3).map(|_| { s.step(&mut opt); opt.lrs()[0] }).collect();
/// assert_eq!(lrs, vec![0.5, 0.5, 0.25]);
/// ```
#[derive(Clone, Debug)]
pub struct MultiStepLR {
    e: Epochs,
    milestones: Vec<i64>,
    gamma: f64,
}

impl MultiStepLR {
    /// A scheduler for `opt`.
    ///
    /// ```
    /// use ferrograd::optim::{MultiStepLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(MultiStepLR::new(&mut opt, &[10], 0.1).get_last_lr(), &[1e-3]);
    /// ```
    pub fn new(opt: &mut impl LrGroups, milestones: &[usize], gamma: f64) -> Self {
        let milestones: Vec<i64> = milestones.iter().map(|&m| m as i64).collect();
        let e = Epochs::start(opt, |_, cur, _| {
            let k = milestones.iter().filter(|&&m| m == 0).count();
            cur.iter()
                .map(|lr| {
                    if k == 0 {
                        *lr
                    } else {
                        lr * gamma.powf(k as f64)
                    }
                })
                .collect()
        });
        MultiStepLR {
            e,
            milestones,
            gamma,
        }
    }
    /// One epoch.
    ///
    /// ```
    /// use ferrograd::optim::{LrGroups, MultiStepLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = MultiStepLR::new(&mut opt, &[1, 1], 0.5);
    /// s.step(&mut opt);
    /// assert_eq!(opt.lrs(), vec![0.25]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let (ms, g) = (&self.milestones, self.gamma);
        self.e.advance(opt, |e, cur| {
            let k = ms.iter().filter(|&&m| m == e.last_epoch).count();
            if k == 0 {
                cur.to_vec()
            } else {
                cur.iter().map(|lr| lr * g.powf(k as f64)).collect()
            }
        });
    }
    epoch_accessors!();
}

/// Multiplies each group's learning rate by `gamma` every epoch.
///
/// ```
/// use ferrograd::optim::{ExponentialLR, LrGroups, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = ExponentialLR::new(&mut opt, 0.5);
/// s.step(&mut opt);
/// s.step(&mut opt);
/// assert_eq!(opt.lrs(), vec![0.25]);
/// ```
#[derive(Clone, Debug)]
pub struct ExponentialLR {
    e: Epochs,
    gamma: f64,
}

impl ExponentialLR {
    /// A scheduler for `opt`.
    ///
    /// ```
    /// use ferrograd::optim::{ExponentialLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(ExponentialLR::new(&mut opt, 0.9).last_epoch(), 0);
    /// ```
    pub fn new(opt: &mut impl LrGroups, gamma: f64) -> Self {
        let e = Epochs::start(opt, |_, cur, _| cur.to_vec());
        ExponentialLR { e, gamma }
    }
    /// One epoch.
    ///
    /// ```
    /// use ferrograd::optim::{ExponentialLR, LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = ExponentialLR::new(&mut opt, 0.1);
    /// s.step(&mut opt);
    /// assert_eq!(opt.lrs(), vec![0.1]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let g = self.gamma;
        self.e
            .advance(opt, |_, cur| cur.iter().map(|lr| lr * g).collect());
    }
    epoch_accessors!();
}

/// Cosine annealing from each group's initial rate down to `eta_min` over `t_max` epochs and
/// back, in PyTorch's recursive form.
///
/// ```
/// use ferrograd::optim::{CosineAnnealingLR, LrGroups, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = CosineAnnealingLR::new(&mut opt, 2, 0.0);
/// s.step(&mut opt);
/// assert!((opt.lrs()[0] - 0.5).abs() < 1e-15);
/// s.step(&mut opt);
/// assert!(opt.lrs()[0].abs() < 1e-15);
/// ```
#[derive(Clone, Debug)]
pub struct CosineAnnealingLR {
    e: Epochs,
    t_max: i64,
    eta_min: f64,
}

impl CosineAnnealingLR {
    /// A scheduler for `opt`.
    ///
    /// ```
    /// use ferrograd::optim::{CosineAnnealingLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(CosineAnnealingLR::new(&mut opt, 10, 0.0).get_last_lr(), &[1e-3]);
    /// ```
    pub fn new(opt: &mut impl LrGroups, t_max: usize, eta_min: f64) -> Self {
        let e = Epochs::start(opt, |_, cur, _| cur.to_vec());
        CosineAnnealingLR {
            e,
            t_max: t_max as i64,
            eta_min,
        }
    }
    /// One epoch.
    ///
    /// ```
    /// use ferrograd::optim::{CosineAnnealingLR, LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = CosineAnnealingLR::new(&mut opt, 1, 0.1);
    /// s.step(&mut opt);
    /// assert!((opt.lrs()[0] - 0.1).abs() < 1e-15);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let (t, eta) = (self.t_max, self.eta_min);
        let tf = t as f64;
        self.e.advance(opt, |e, cur| {
            let le = e.last_epoch;
            if (le - 1 - t).rem_euclid(2 * t) == 0 {
                cur.iter()
                    .zip(&e.base_lrs)
                    .map(|(lr, base)| lr + (base - eta) * (1.0 - (PI / tf).cos()) / 2.0)
                    .collect()
            } else {
                cur.iter()
                    .map(|lr| {
                        (1.0 + (PI * le as f64 / tf).cos())
                            / (1.0 + (PI * (le - 1) as f64 / tf).cos())
                            * (lr - eta)
                            + eta
                    })
                    .collect()
            }
        });
    }
    epoch_accessors!();
}

/// Sets each group's rate to its initial rate times `lr_lambda(epoch)`.
///
/// ```
/// use ferrograd::optim::{LambdaLR, LrGroups, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = LambdaLR::new(&mut opt, |e| 1.0 / (e as f64 + 1.0));
/// s.step(&mut opt);
/// assert_eq!(opt.lrs(), vec![0.5]);
/// ```
pub struct LambdaLR {
    e: Epochs,
    lr_lambda: Box<dyn Fn(i64) -> f64 + Send>,
}

impl LambdaLR {
    /// A scheduler for `opt` (one function for every group).
    ///
    /// ```
    /// use ferrograd::optim::{LambdaLR, LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// LambdaLR::new(&mut opt, |_| 0.3);
    /// assert_eq!(opt.lrs(), vec![0.3]);
    /// ```
    pub fn new(opt: &mut impl LrGroups, lr_lambda: impl Fn(i64) -> f64 + Send + 'static) -> Self {
        let e = Epochs::start(opt, |e, _, _| {
            e.base_lrs.iter().map(|b| b * lr_lambda(0)).collect()
        });
        LambdaLR {
            e,
            lr_lambda: Box::new(lr_lambda),
        }
    }
    /// One epoch.
    ///
    /// ```
    /// use ferrograd::optim::{LambdaLR, LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = LambdaLR::new(&mut opt, |e| e as f64);
    /// s.step(&mut opt);
    /// s.step(&mut opt);
    /// assert_eq!(opt.lrs(), vec![2.0]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let f = &self.lr_lambda;
        self.e.advance(opt, |e, _| {
            e.base_lrs.iter().map(|b| b * f(e.last_epoch)).collect()
        });
    }
    epoch_accessors!();
}

/// Whether [`ReduceLROnPlateau`] watches for a metric that should go down or up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlateauMode {
    /// Lower is better (a loss).
    Min,
    /// Higher is better (an accuracy).
    Max,
}

/// How [`ReduceLROnPlateau`] compares a metric with the best one so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdMode {
    /// Better by a factor: `best·(1 ∓ threshold)`.
    Rel,
    /// Better by an amount: `best ∓ threshold`.
    Abs,
}

/// Divides the learning rates by `1/factor` when a metric has stopped improving for more than
/// `patience` epochs (`torch.optim.lr_scheduler.ReduceLROnPlateau`). The options are public
/// fields with PyTorch's defaults; build with [`ReduceLROnPlateau::new`] and set them.
///
/// ```
/// use ferrograd::optim::{LrGroups, ReduceLROnPlateau, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = ReduceLROnPlateau::new(&opt);
/// s.patience = 1;
/// for loss in [1.0, 1.0, 1.0] {
///     s.step(&mut opt, loss);
/// }
/// assert_eq!(opt.lrs(), vec![0.1]);
/// ```
#[derive(Clone, Debug)]
pub struct ReduceLROnPlateau {
    /// `Min` (default) or `Max`.
    pub mode: PlateauMode,
    /// The factor applied to the rates (default 0.1; must be below 1).
    pub factor: f64,
    /// Epochs without improvement tolerated (default 10).
    pub patience: u64,
    /// The least change that counts as an improvement (default 1e-4).
    pub threshold: f64,
    /// `Rel` (default) or `Abs`.
    pub threshold_mode: ThresholdMode,
    /// Epochs to wait after a reduction before counting again (default 0).
    pub cooldown: u64,
    /// Each group's lowest rate (default 0).
    pub min_lrs: Vec<f64>,
    /// Smaller changes of a rate are skipped (default 1e-8).
    pub eps: f64,
    /// The best metric so far.
    pub best: f64,
    /// Epochs without improvement.
    pub num_bad_epochs: u64,
    /// Epochs of cooldown left.
    pub cooldown_counter: u64,
    /// Epochs stepped.
    pub last_epoch: i64,
    last_lr: Vec<f64>,
}

impl ReduceLROnPlateau {
    /// A scheduler for `opt` with PyTorch's defaults.
    ///
    /// ```
    /// use ferrograd::optim::{ReduceLROnPlateau, SGD, SgdOptions};
    /// let opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(ReduceLROnPlateau::new(&opt).patience, 10);
    /// ```
    pub fn new(opt: &impl LrGroups) -> Self {
        let lrs = opt.lrs();
        ReduceLROnPlateau {
            mode: PlateauMode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: ThresholdMode::Rel,
            cooldown: 0,
            min_lrs: vec![0.0; lrs.len()],
            eps: 1e-8,
            best: f64::INFINITY,
            num_bad_epochs: 0,
            cooldown_counter: 0,
            last_epoch: 0,
            last_lr: lrs,
        }
    }

    /// Checks the options as PyTorch's constructor does and resets the best value for the mode.
    ///
    /// ```
    /// use ferrograd::optim::{ReduceLROnPlateau, SGD, SgdOptions};
    /// let opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// let mut s = ReduceLROnPlateau::new(&opt);
    /// s.factor = 1.0;
    /// assert_eq!(s.validate().unwrap_err().to_string(), "Factor should be < 1.0.");
    /// ```
    pub fn validate(&mut self) -> Result<()> {
        if self.factor >= 1.0 {
            return Err(value_err("Factor should be < 1.0."));
        }
        if self.min_lrs.len() != self.last_lr.len() {
            return Err(value_err(format!(
                "expected {} min_lrs, got {}",
                self.last_lr.len(),
                self.min_lrs.len()
            )));
        }
        self.best = match self.mode {
            PlateauMode::Min => f64::INFINITY,
            PlateauMode::Max => f64::NEG_INFINITY,
        };
        Ok(())
    }

    fn is_better(&self, a: f64) -> bool {
        match (self.mode, self.threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => a < self.best * (1.0 - self.threshold),
            (PlateauMode::Min, ThresholdMode::Abs) => a < self.best - self.threshold,
            (PlateauMode::Max, ThresholdMode::Rel) => a > self.best * (self.threshold + 1.0),
            (PlateauMode::Max, ThresholdMode::Abs) => a > self.best + self.threshold,
        }
    }

    /// One epoch with its metric.
    ///
    /// ```
    /// use ferrograd::optim::{LrGroups, PlateauMode, ReduceLROnPlateau, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = ReduceLROnPlateau::new(&opt);
    /// s.mode = PlateauMode::Max;
    /// s.patience = 0;
    /// s.validate().unwrap();
    /// s.step(&mut opt, 0.5);
    /// s.step(&mut opt, 0.4);
    /// assert_eq!(opt.lrs(), vec![0.1]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups, metric: f64) {
        self.last_epoch += 1;
        if self.is_better(metric) {
            self.best = metric;
            self.num_bad_epochs = 0;
        } else {
            self.num_bad_epochs += 1;
        }
        if self.cooldown_counter > 0 {
            self.cooldown_counter -= 1;
            self.num_bad_epochs = 0;
        }
        if self.num_bad_epochs > self.patience {
            for (i, old) in opt.lrs().into_iter().enumerate() {
                let min = self.min_lrs.get(i).copied().unwrap_or(0.0);
                let new = (old * self.factor).max(min);
                if old - new > self.eps {
                    opt.set_lr(i, new);
                }
            }
            self.cooldown_counter = self.cooldown;
            self.num_bad_epochs = 0;
        }
        self.last_lr = opt.lrs();
    }

    /// The learning rates after the last step.
    ///
    /// ```
    /// use ferrograd::optim::{ReduceLROnPlateau, SGD, SgdOptions};
    /// let opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(ReduceLROnPlateau::new(&opt).get_last_lr(), &[1e-3]);
    /// ```
    pub fn get_last_lr(&self) -> &[f64] {
        &self.last_lr
    }
}

/// `mode up is unknown!` and its kin, for the Python surface's string options.
///
/// ```
/// use ferrograd::optim::{PlateauMode, ThresholdMode};
/// assert_eq!(PlateauMode::parse("max").unwrap(), PlateauMode::Max);
/// assert_eq!(PlateauMode::parse("up").unwrap_err().to_string(), "mode up is unknown!");
/// assert_eq!(ThresholdMode::parse("abs").unwrap(), ThresholdMode::Abs);
/// ```
impl PlateauMode {
    /// Parses `"min"` or `"max"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "min" => Ok(PlateauMode::Min),
            "max" => Ok(PlateauMode::Max),
            _ => Err(value_err(format!("mode {s} is unknown!"))),
        }
    }
}

impl ThresholdMode {
    /// Parses `"rel"` or `"abs"`.
    ///
    /// ```
    /// let e = ferrograd::optim::ThresholdMode::parse("x").unwrap_err();
    /// assert_eq!(e.to_string(), "threshold mode x is unknown!");
    /// ```
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "rel" => Ok(ThresholdMode::Rel),
            "abs" => Ok(ThresholdMode::Abs),
            _ => Err(value_err(format!("threshold mode {s} is unknown!"))),
        }
    }
}
