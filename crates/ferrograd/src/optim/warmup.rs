//! Warm-up and restart schedulers (`LinearLR`, `ConstantLR`, `PolynomialLR`,
//! `CosineAnnealingWarmRestarts`), in PyTorch's recursive forms: like the other schedulers of
//! [`lr_scheduler`](super::lr_scheduler), made from an optimizer and stepped with it after
//! `opt.step()`. Their rates agree bit for bit with PyTorch's (the Python tests compare them).

use super::LrGroups;
use crate::error::{value_err, Result};
use std::f64::consts::PI;

/// The bookkeeping of a recursive scheduler: the last epoch and the rates it set.
#[derive(Clone, Debug)]
struct Track {
    base_lrs: Vec<f64>,
    last_epoch: i64,
    last_lr: Vec<f64>,
}

impl Track {
    /// The initial step (epoch 0): `first` maps the current rates.
    fn start(opt: &mut impl LrGroups, first: impl Fn(f64) -> f64) -> Track {
        let base_lrs = opt.lrs();
        let mut t = Track {
            base_lrs,
            last_epoch: -1,
            last_lr: Vec::new(),
        };
        t.advance(opt, |_, lr| first(lr));
        t
    }

    /// One step: each group's new rate from the new epoch and its current rate.
    fn advance(&mut self, opt: &mut impl LrGroups, rule: impl Fn(i64, f64) -> f64) {
        self.last_epoch += 1;
        for (i, lr) in opt.lrs().into_iter().enumerate() {
            opt.set_lr(i, rule(self.last_epoch, lr));
        }
        self.last_lr = opt.lrs();
    }
}

macro_rules! accessors {
    () => {
        /// The learning rates set by the last step (`get_last_lr()`).
        ///
        /// ```
        /// use ferrograd::optim::{ConstantLR, SGD, SgdOptions};
        /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
        /// assert_eq!(ConstantLR::new(&mut opt, 0.5, 2).unwrap().get_last_lr(), &[5e-4]);
        /// ```
        pub fn get_last_lr(&self) -> &[f64] {
            &self.t.last_lr
        }
        /// The number of steps taken (`last_epoch`; 0 right after construction).
        ///
        /// ```
        /// use ferrograd::optim::{PolynomialLR, SGD, SgdOptions};
        /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
        /// let mut s = PolynomialLR::new(&mut opt, 3, 1.0);
        /// s.step(&mut opt);
        /// assert_eq!(s.last_epoch(), 1);
        /// ```
        pub fn last_epoch(&self) -> i64 {
            self.t.last_epoch
        }
    };
}

/// Multiplies each group's learning rate by a factor moving linearly from `start_factor` to
/// `end_factor` over `total_iters` steps, then held (a warm-up).
///
/// ```
/// use ferrograd::optim::{LinearLR, LrGroups, SGD, SgdOptions};
/// let w = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
/// let mut opt = SGD::new(vec![w], SgdOptions { lr: 0.1, ..Default::default() }).unwrap();
/// let mut s = LinearLR::new(&mut opt, 0.5, 1.0, 2).unwrap();
/// assert_eq!(s.get_last_lr(), &[0.05]);
/// s.step(&mut opt);
/// s.step(&mut opt);
/// assert!((opt.lrs()[0] - 0.1).abs() < 1e-15);
/// assert_eq!(s.last_epoch(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct LinearLR {
    t: Track,
    start_factor: f64,
    end_factor: f64,
    total_iters: i64,
}

impl LinearLR {
    /// A scheduler for `opt`; `start_factor` in `(0, 1]` and `end_factor` in `[0, 1]`, with
    /// PyTorch's errors otherwise.
    ///
    /// ```
    /// use ferrograd::optim::{LinearLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// let e = LinearLR::new(&mut opt, 0.0, 1.0, 5).unwrap_err();
    /// assert_eq!(e.to_string(), "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
    /// ```
    pub fn new(
        opt: &mut impl LrGroups,
        start_factor: f64,
        end_factor: f64,
        total_iters: usize,
    ) -> Result<Self> {
        if start_factor > 1.0 || start_factor <= 0.0 {
            return Err(value_err(
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.",
            ));
        }
        if !(0.0..=1.0).contains(&end_factor) {
            return Err(value_err(
                "Ending multiplicative factor expected to be between 0 and 1.",
            ));
        }
        let t = Track::start(opt, |lr| lr * start_factor);
        Ok(LinearLR {
            t,
            start_factor,
            end_factor,
            total_iters: total_iters as i64,
        })
    }

    /// One step: the rate times the ratio of this step's factor to the last one's.
    ///
    /// ```
    /// use ferrograd::optim::{LinearLR, LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = LinearLR::new(&mut opt, 0.25, 1.0, 4).unwrap();
    /// s.step(&mut opt);
    /// assert_eq!(opt.lrs(), vec![0.4375]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let (a, b, n) = (self.start_factor, self.end_factor, self.total_iters);
        self.t.advance(opt, |epoch, lr| {
            if epoch == 0 {
                lr * a
            } else if epoch > n {
                lr
            } else {
                lr * (1.0 + (b - a) / (n as f64 * a + (epoch - 1) as f64 * (b - a)))
            }
        });
    }
    accessors!();
}

/// Multiplies each group's learning rate by `factor` for the first `total_iters` steps.
///
/// ```
/// use ferrograd::optim::{ConstantLR, LrGroups, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 0.1, ..Default::default() }).unwrap();
/// let mut s = ConstantLR::new(&mut opt, 0.5, 1).unwrap();
/// assert_eq!(opt.lrs(), vec![0.05]);
/// s.step(&mut opt);
/// assert_eq!(opt.lrs(), vec![0.1]);
/// ```
#[derive(Clone, Debug)]
pub struct ConstantLR {
    t: Track,
    factor: f64,
    total_iters: i64,
}

impl ConstantLR {
    /// A scheduler for `opt`; `factor` in `[0, 1]`.
    ///
    /// ```
    /// use ferrograd::optim::{ConstantLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// let e = ConstantLR::new(&mut opt, 2.0, 5).unwrap_err();
    /// assert_eq!(e.to_string(), "Constant multiplicative factor expected to be between 0 and 1.");
    /// ```
    pub fn new(opt: &mut impl LrGroups, factor: f64, total_iters: usize) -> Result<Self> {
        if !(0.0..=1.0).contains(&factor) {
            return Err(value_err(
                "Constant multiplicative factor expected to be between 0 and 1.",
            ));
        }
        let t = Track::start(opt, |lr| lr * factor);
        Ok(ConstantLR {
            t,
            factor,
            total_iters: total_iters as i64,
        })
    }

    /// One step (the factor is divided out at `total_iters`).
    ///
    /// ```
    /// use ferrograd::optim::{ConstantLR, LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = ConstantLR::new(&mut opt, 0.25, 2).unwrap();
    /// s.step(&mut opt);
    /// assert_eq!(opt.lrs(), vec![0.25]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let (f, n) = (self.factor, self.total_iters);
        self.t.advance(opt, |epoch, lr| {
            if epoch == 0 {
                lr * f
            } else if epoch != n {
                lr
            } else {
                lr * (1.0 / f)
            }
        });
    }
    accessors!();
}

/// Decays each group's learning rate to 0 over `total_iters` steps as
/// `(1 - epoch / total_iters)^power` of its initial value.
///
/// ```
/// use ferrograd::optim::{LrGroups, PolynomialLR, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = PolynomialLR::new(&mut opt, 4, 2.0);
/// s.step(&mut opt);
/// assert_eq!(opt.lrs(), vec![0.5625]);
/// ```
#[derive(Clone, Debug)]
pub struct PolynomialLR {
    t: Track,
    total_iters: i64,
    power: f64,
}

impl PolynomialLR {
    /// A scheduler for `opt` (the rates are unchanged at epoch 0).
    ///
    /// ```
    /// use ferrograd::optim::{PolynomialLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(PolynomialLR::new(&mut opt, 5, 1.0).get_last_lr(), &[1e-3]);
    /// ```
    pub fn new(opt: &mut impl LrGroups, total_iters: usize, power: f64) -> Self {
        let t = Track::start(opt, |lr| lr);
        PolynomialLR {
            t,
            total_iters: total_iters as i64,
            power,
        }
    }

    /// One step: the rate times `((1 - e/n) / (1 - (e-1)/n))^power`, held after `n`.
    ///
    /// ```
    /// use ferrograd::optim::{LrGroups, PolynomialLR, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = PolynomialLR::new(&mut opt, 1, 1.0);
    /// s.step(&mut opt);
    /// assert_eq!(opt.lrs(), vec![0.0]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        let (n, p) = (self.total_iters, self.power);
        self.t.advance(opt, |epoch, lr| {
            if epoch > n {
                return lr;
            }
            let nf = n as f64;
            let now = 1.0 - epoch as f64 / nf;
            let before = 1.0 - (epoch - 1) as f64 / nf;
            lr * (now / before).powf(p)
        });
    }
    accessors!();
}

/// Cosine annealing from each group's initial rate to `eta_min` over periods that restart:
/// the first `t_0` steps long, each next one `t_mult` times longer (SGDR).
///
/// ```
/// use ferrograd::optim::{CosineAnnealingWarmRestarts, LrGroups, SGD, SgdOptions};
/// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
/// let mut s = CosineAnnealingWarmRestarts::new(&mut opt, 2, 1, 0.0).unwrap();
/// let mut lrs = vec![];
/// for _ in 0..4 {
///     lrs.push((opt.lrs()[0] * 1e6).round() / 1e6);
///     s.step(&mut opt);
/// }
/// assert_eq!(lrs, vec![1.0, 0.5, 1.0, 0.5]);
/// ```
#[derive(Clone, Debug)]
pub struct CosineAnnealingWarmRestarts {
    t: Track,
    t_i: i64,
    t_cur: i64,
    t_mult: i64,
    eta_min: f64,
}

impl CosineAnnealingWarmRestarts {
    /// A scheduler for `opt`; `t_0 ≥ 1` and `t_mult ≥ 1`, with PyTorch's errors otherwise.
    ///
    /// ```
    /// use ferrograd::optim::{CosineAnnealingWarmRestarts, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// let e = CosineAnnealingWarmRestarts::new(&mut opt, 0, 1, 0.0).unwrap_err();
    /// assert_eq!(e.to_string(), "Expected positive integer T_0, but got 0");
    /// ```
    pub fn new(opt: &mut impl LrGroups, t_0: i64, t_mult: i64, eta_min: f64) -> Result<Self> {
        if t_0 <= 0 {
            return Err(value_err(format!(
                "Expected positive integer T_0, but got {t_0}"
            )));
        }
        if t_mult < 1 {
            return Err(value_err(format!(
                "Expected integer T_mult >= 1, but got {t_mult}"
            )));
        }
        let mut s = CosineAnnealingWarmRestarts {
            t: Track {
                base_lrs: opt.lrs(),
                last_epoch: -1,
                last_lr: Vec::new(),
            },
            t_i: t_0,
            t_cur: -1,
            t_mult,
            eta_min,
        };
        s.step(opt);
        Ok(s)
    }

    /// One step: the position in the period advances, restarting (and lengthening the
    /// period) at its end.
    ///
    /// ```
    /// use ferrograd::optim::{CosineAnnealingWarmRestarts, LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 1.0, ..Default::default() }).unwrap();
    /// let mut s = CosineAnnealingWarmRestarts::new(&mut opt, 1, 2, 0.25).unwrap();
    /// s.step(&mut opt); // a new period of 2 steps starts
    /// assert_eq!(opt.lrs(), vec![1.0]);
    /// ```
    pub fn step(&mut self, opt: &mut impl LrGroups) {
        if self.t.last_epoch >= 0 {
            self.t_cur += 1;
            if self.t_cur >= self.t_i {
                self.t_cur -= self.t_i;
                self.t_i *= self.t_mult;
            }
        } else {
            self.t_cur = 0;
        }
        self.t.last_epoch += 1;
        let (eta, cur, period) = (self.eta_min, self.t_cur as f64, self.t_i as f64);
        for (i, base) in self.t.base_lrs.iter().enumerate() {
            opt.set_lr(
                i,
                eta + (base - eta) * (1.0 + (PI * cur / period).cos()) / 2.0,
            );
        }
        self.t.last_lr = opt.lrs();
    }
    accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::{Optimizer, ParamGroup, SgdOptions, SGD};
    use crate::Tensor;

    fn opt(lrs: &[f64]) -> SGD {
        let mut o = SGD::new(
            vec![Tensor::zeros(&[1]).requires_grad_(true)],
            SgdOptions {
                lr: lrs[0],
                ..Default::default()
            },
        )
        .unwrap();
        for (i, &lr) in lrs.iter().enumerate().skip(1) {
            let group = ParamGroup::new(
                vec![Tensor::zeros(&[1]).requires_grad_(true)],
                SgdOptions {
                    lr,
                    ..Default::default()
                },
            );
            o.add_param_group(group).unwrap();
            assert_eq!(o.lrs()[i], lr);
        }
        o
    }

    /// The rates of the first `n` epochs (before each step), for group 0.
    fn run(o: &mut SGD, mut step: impl FnMut(&mut SGD), n: usize) -> Vec<f64> {
        (0..n)
            .map(|_| {
                let lr = o.lrs()[0];
                step(o);
                lr
            })
            .collect()
    }

    #[test]
    fn schedules_agree_bit_for_bit_with_pytorch() {
        // recorded from PyTorch 2.15 (repr of get_last_lr() before each step)
        let mut o = opt(&[0.1, 0.2]);
        let mut s = LinearLR::new(&mut o, 0.25, 1.0, 4).unwrap();
        let got = run(&mut o, |o| s.step(o), 6);
        let want = [
            0.025,
            0.043750000000000004,
            0.06250000000000001,
            0.08125000000000002,
            0.10000000000000002,
            0.10000000000000002,
        ];
        assert_eq!(got, want);
        assert_eq!(s.get_last_lr()[1], 0.20000000000000004);

        let mut o = opt(&[0.1]);
        let mut s = LinearLR::new(&mut o, 1.0, 0.1, 5).unwrap();
        let got = run(&mut o, |o| s.step(o), 7);
        let want = [
            0.1,
            0.08200000000000002,
            0.06400000000000002,
            0.04600000000000001,
            0.02800000000000001,
            0.010000000000000002,
            0.010000000000000002,
        ];
        assert_eq!(got, want);

        let mut o = opt(&[0.1]);
        let mut s = CosineAnnealingWarmRestarts::new(&mut o, 2, 2, 0.0).unwrap();
        let got = run(&mut o, |o| s.step(o), 8);
        let c = |k: f64, n: f64| 0.1 * (1.0 + (PI * k / n).cos()) / 2.0;
        let want = [
            c(0.0, 2.0),
            c(1.0, 2.0),
            c(0.0, 4.0),
            c(1.0, 4.0),
            c(2.0, 4.0),
            c(3.0, 4.0),
            c(0.0, 8.0),
            c(1.0, 8.0),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn constant_and_polynomial_hold_after_their_iterations() {
        let mut o = opt(&[1.0]);
        let mut s = ConstantLR::new(&mut o, 0.3, 3).unwrap();
        let got = run(&mut o, |o| s.step(o), 5);
        assert_eq!(got, [0.3, 0.3, 0.3, 1.0, 1.0]);
        let mut o = opt(&[1.0]);
        let mut s = PolynomialLR::new(&mut o, 2, 1.0);
        let got = run(&mut o, |o| s.step(o), 4);
        assert_eq!(got, [1.0, 0.5, 0.0, 0.0]);
        assert_eq!(s.last_epoch(), 4);
    }
}
