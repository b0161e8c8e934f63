//! Optimizers, learning-rate schedulers and gradient clipping: PyTorch's `torch.optim`,
//! `torch.optim.lr_scheduler` and `torch.nn.utils.clip_grad_norm_`.
//!
//! Each optimizer updates its parameters in place, with no graph recorded, by PyTorch's
//! formulas in PyTorch's order of floating-point operations (its default, single-tensor path on
//! the CPU): one fused loop per parameter over the contiguous `f32`/`f64` buffers of the
//! parameter, its gradient and its state ([`kernels`]). A step bumps each parameter's version
//! counter as PyTorch's in-place updates do.
//!
//! ```
//! use ferrograd::optim::{Adam, AdamOptions, Optimizer};
//! use ferrograd::{DType, Tensor};
//!
//! let w = Tensor::new_with_dtype([1.0, -2.0], DType::Float64).requires_grad_(true);
//! let mut opt = Adam::new(vec![w.clone()], AdamOptions { lr: 0.1, ..Default::default() }).unwrap();
//! for _ in 0..3 {
//!     opt.zero_grad(true);
//!     (&w * &w).sum().backward();
//!     opt.step().unwrap();
//! }
//! // Adam's first steps move each coordinate by about lr against the gradient's sign.
//! let v = w.to_vec::<f64>();
//! assert!((v[0] - 0.7).abs() < 1e-2 && (v[1] + 1.7).abs() < 1e-2);
//! ```

mod adagrad;
mod adam;
mod clip_grad;
pub mod kernels;
mod lr_scheduler;
mod pyfmt;
mod rmsprop;
mod sgd;
mod state;
mod warmup;

pub use adagrad::{Adagrad, AdagradOptions};
pub use adam::{Adam, AdamOptions, AdamW};
pub use clip_grad::{clip_grad_norm_, clip_grad_value_, try_clip_grad_norm_, ClipGradNormOptions};
pub use lr_scheduler::{
    CosineAnnealingLR, ExponentialLR, LambdaLR, MultiStepLR, PlateauMode, ReduceLROnPlateau,
    StepLR, ThresholdMode,
};
pub use pyfmt::py_float;
pub use rmsprop::{RMSprop, RMSpropOptions};
pub use sgd::{SgdOptions, SGD};
pub use state::{OptionValue, ParamState, StateDict, StateValue};
pub use warmup::{ConstantLR, CosineAnnealingWarmRestarts, LinearLR, PolynomialLR};

use crate::error::{value_err, Result};
use crate::Tensor;
use std::collections::BTreeMap;

/// The options of one parameter group (the `lr`, `momentum`, … of a PyTorch param group).
pub trait GroupOptions: Clone {
    /// The learning rate.
    ///
    /// ```
    /// use ferrograd::optim::{GroupOptions, SgdOptions};
    /// assert_eq!(SgdOptions { lr: 0.5, ..Default::default() }.lr(), 0.5);
    /// ```
    fn lr(&self) -> f64;
    /// Sets the learning rate (what schedulers do).
    ///
    /// ```
    /// use ferrograd::optim::{GroupOptions, SgdOptions};
    /// let mut o = SgdOptions::default();
    /// o.set_lr(0.25);
    /// assert_eq!(o.lr, 0.25);
    /// ```
    fn set_lr(&mut self, lr: f64);
    /// Checks the values as the optimizer's constructor does, with PyTorch's messages.
    ///
    /// ```
    /// use ferrograd::optim::{GroupOptions, SgdOptions};
    /// let e = SgdOptions { lr: -0.1, ..Default::default() }.validate().unwrap_err();
    /// assert_eq!(e.to_string(), "Invalid learning rate: -0.1");
    /// ```
    fn validate(&self) -> Result<()>;
    /// The options under PyTorch's names, in PyTorch's order (as `state_dict()["param_groups"]`).
    ///
    /// ```
    /// use ferrograd::optim::{GroupOptions, SgdOptions};
    /// let m = SgdOptions::default().to_map();
    /// assert_eq!(m[0].0, "lr");
    /// ```
    fn to_map(&self) -> Vec<(&'static str, OptionValue)>;
    /// Reads options back from [`to_map`](GroupOptions::to_map)'s form; missing keys keep `self`'s.
    ///
    /// ```
    /// use ferrograd::optim::{GroupOptions, OptionValue, SgdOptions};
    /// let mut m = std::collections::BTreeMap::new();
    /// m.insert("momentum".to_string(), OptionValue::Float(0.9));
    /// assert_eq!(SgdOptions::default().with_map(&m).unwrap().momentum, 0.9);
    /// ```
    fn with_map(&self, map: &BTreeMap<String, OptionValue>) -> Result<Self>;
}

/// A list of parameters sharing one set of options (PyTorch's param group dict).
#[derive(Clone)]
pub struct ParamGroup<O> {
    /// The parameters (leaf tensors).
    pub params: Vec<Tensor>,
    /// Their options.
    pub options: O,
}

impl<O> ParamGroup<O> {
    /// A group of `params` with `options`.
    ///
    /// ```
    /// use ferrograd::optim::{ParamGroup, SgdOptions};
    /// let g = ParamGroup::new(vec![ferrograd::Tensor::zeros(&[2]).requires_grad_(true)], SgdOptions::default());
    /// assert_eq!(g.params.len(), 1);
    /// ```
    pub fn new(params: Vec<Tensor>, options: O) -> Self {
        ParamGroup { params, options }
    }
}

/// What every optimizer does: PyTorch's `torch.optim.Optimizer` interface.
pub trait Optimizer {
    /// The options type of a parameter group.
    type Options: GroupOptions;

    /// One update of every parameter that has a gradient (`optimizer.step()`), in place and
    /// without recording a graph.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
    /// let w = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// let mut opt = SGD::new(vec![w.clone()], SgdOptions { lr: 0.5, ..Default::default() }).unwrap();
    /// (&w * 2.0).sum().backward();
    /// opt.step().unwrap();
    /// assert_eq!(w.to_vec::<f32>(), vec![0.0]);
    /// ```
    fn step(&mut self) -> Result<()>;

    /// The parameter groups.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
    /// let opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(opt.param_groups()[0].options.lr, 1e-3);
    /// ```
    fn param_groups(&self) -> &[ParamGroup<Self::Options>];

    /// The parameter groups, mutably (to change a learning rate or other option).
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// opt.param_groups_mut()[0].options.lr = 0.1;
    /// assert_eq!(opt.param_groups()[0].options.lr, 0.1);
    /// ```
    fn param_groups_mut(&mut self) -> &mut [ParamGroup<Self::Options>];

    /// The per-parameter state, in the order of the parameters across groups.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
    /// let opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert!(opt.state()[0].is_empty());
    /// ```
    fn state(&self) -> &[ParamState];

    /// The per-parameter state, mutably.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// assert_eq!(opt.state_mut().len(), 1);
    /// ```
    fn state_mut(&mut self) -> &mut Vec<ParamState>;

    /// Adds a group (its parameters must be leaves not already in a group).
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, ParamGroup, SGD, SgdOptions};
    /// let a = ferrograd::Tensor::zeros(&[1]).requires_grad_(true);
    /// let mut opt = SGD::new(vec![a.clone()], SgdOptions::default()).unwrap();
    /// let e = opt.add_param_group(ParamGroup::new(vec![a], SgdOptions::default())).unwrap_err();
    /// assert_eq!(e.to_string(), "some parameters appear in more than one parameter group");
    /// ```
    fn add_param_group(&mut self, group: ParamGroup<Self::Options>) -> Result<()>;

    /// Sets every gradient to `None` (`set_to_none`) or to zeros.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
    /// let w = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// let mut opt = SGD::new(vec![w.clone()], SgdOptions::default()).unwrap();
    /// w.sum().backward();
    /// opt.zero_grad(false);
    /// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![0.0]);
    /// opt.zero_grad(true);
    /// assert!(w.grad().is_none());
    /// ```
    fn zero_grad(&mut self, set_to_none: bool) {
        for g in self.param_groups() {
            zero_grads(&g.params, set_to_none);
        }
    }

    /// The optimizer's state as plain data, in PyTorch's layout: `state` keyed by the index of
    /// the parameter across groups, `param_groups` with `params` as those indices.
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions, OptionValue};
    /// let w = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// let mut opt = SGD::new(vec![w.clone()], SgdOptions { momentum: 0.9, ..Default::default() }).unwrap();
    /// w.sum().backward();
    /// opt.step().unwrap();
    /// let sd = opt.state_dict();
    /// assert!(sd.state[&0].contains_key("momentum_buffer"));
    /// assert_eq!(sd.param_groups[0]["params"], OptionValue::Params(vec![0]));
    /// ```
    fn state_dict(&self) -> StateDict {
        state::state_dict(self.param_groups(), self.state())
    }

    /// Restores a [`state_dict`](Optimizer::state_dict): group options and per-parameter state
    /// (tensors copied, cast to each parameter's dtype).
    ///
    /// ```
    /// use ferrograd::optim::{Optimizer, SGD, SgdOptions};
    /// let w = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// let mut a = SGD::new(vec![w.clone()], SgdOptions { lr: 0.3, ..Default::default() }).unwrap();
    /// let mut b = SGD::new(vec![w.clone()], SgdOptions::default()).unwrap();
    /// b.load_state_dict(&a.state_dict()).unwrap();
    /// assert_eq!(b.param_groups()[0].options.lr, 0.3);
    /// ```
    fn load_state_dict(&mut self, sd: &StateDict) -> Result<()> {
        let (options, states) = state::load(self.param_groups(), sd)?;
        for (g, o) in self.param_groups_mut().iter_mut().zip(options) {
            g.options = o;
        }
        *self.state_mut() = states;
        Ok(())
    }
}

/// The learning rates of an optimizer's groups, read and written by schedulers.
pub trait LrGroups {
    /// Each group's learning rate.
    ///
    /// ```
    /// use ferrograd::optim::{LrGroups, SGD, SgdOptions};
    /// let opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions { lr: 0.2, ..Default::default() }).unwrap();
    /// assert_eq!(opt.lrs(), vec![0.2]);
    /// ```
    fn lrs(&self) -> Vec<f64>;
    /// Sets group `i`'s learning rate.
    ///
    /// ```
    /// use ferrograd::optim::{LrGroups, SGD, SgdOptions};
    /// let mut opt = SGD::new(vec![ferrograd::Tensor::zeros(&[1]).requires_grad_(true)], SgdOptions::default()).unwrap();
    /// opt.set_lr(0, 0.7);
    /// assert_eq!(opt.lrs(), vec![0.7]);
    /// ```
    fn set_lr(&mut self, i: usize, lr: f64);
}

impl<T: Optimizer> LrGroups for T {
    fn lrs(&self) -> Vec<f64> {
        self.param_groups().iter().map(|g| g.options.lr()).collect()
    }
    fn set_lr(&mut self, i: usize, lr: f64) {
        self.param_groups_mut()[i].options.set_lr(lr)
    }
}

/// Clears or zeroes the gradients of `params` (`Optimizer.zero_grad`, `Module.zero_grad`).
///
/// ```
/// let w = ferrograd::Tensor::new([1.0]).requires_grad_(true);
/// w.sum().backward();
/// ferrograd::optim::zero_grads(&[w.clone()], true);
/// assert!(w.grad().is_none());
/// ```
pub fn zero_grads(params: &[Tensor], set_to_none: bool) {
    for p in params {
        if set_to_none {
            p.meta().grad = None;
        } else if let Some(g) = p.grad() {
            let _ng = crate::no_grad();
            g.zero_();
        }
    }
}

/// Checks a new group's parameters against PyTorch's rules (leaves, none seen before).
pub(crate) fn check_group(existing: &[Tensor], params: &[Tensor]) -> Result<()> {
    for p in params {
        if !p.is_leaf() {
            return Err(value_err("can't optimize a non-leaf Tensor"));
        }
    }
    for (i, p) in params.iter().enumerate() {
        if existing.iter().chain(&params[..i]).any(|q| q.is_same(p)) {
            return Err(value_err(
                "some parameters appear in more than one parameter group",
            ));
        }
    }
    Ok(())
}

/// The state shared by the optimizers: groups and per-parameter state.
#[derive(Clone)]
pub(crate) struct Base<O> {
    pub(crate) groups: Vec<ParamGroup<O>>,
    pub(crate) state: Vec<ParamState>,
}

impl<O: GroupOptions> Base<O> {
    pub(crate) fn new(groups: Vec<ParamGroup<O>>) -> Result<Self> {
        if groups.iter().all(|g| g.params.is_empty()) {
            return Err(value_err("optimizer got an empty parameter list"));
        }
        let mut b = Base {
            groups: Vec::new(),
            state: Vec::new(),
        };
        for g in groups {
            b.add(g)?;
        }
        Ok(b)
    }

    pub(crate) fn add(&mut self, group: ParamGroup<O>) -> Result<()> {
        group.options.validate()?;
        let existing: Vec<Tensor> = self
            .groups
            .iter()
            .flat_map(|g| g.params.iter().cloned())
            .collect();
        check_group(&existing, &group.params)?;
        self.state
            .extend(group.params.iter().map(|_| ParamState::default()));
        self.groups.push(group);
        Ok(())
    }

    /// Calls `f(options, param, grad, state)` for every parameter that has a gradient.
    pub(crate) fn for_each(
        &mut self,
        mut f: impl FnMut(&O, &Tensor, &Tensor, &mut ParamState) -> Result<()>,
    ) -> Result<()> {
        let n: usize = self.groups.iter().map(|g| g.params.len()).sum();
        self.state.resize_with(n, ParamState::default);
        let _ng = crate::no_grad();
        let mut i = 0;
        for g in &self.groups {
            for p in &g.params {
                if let Some(grad) = p.grad() {
                    f(&g.options, p, &grad, &mut self.state[i])?;
                }
                i += 1;
            }
        }
        Ok(())
    }
}

/// Implements [`Optimizer`]'s accessors for a struct with a `base: Base<Options>` field.
macro_rules! optimizer_accessors {
    () => {
        $crate::optim::optimizer_accessors!(no_add);
        fn add_param_group(
            &mut self,
            group: $crate::optim::ParamGroup<Self::Options>,
        ) -> $crate::Result<()> {
            self.base.add(group)
        }
    };
    (no_add) => {
        fn param_groups(&self) -> &[$crate::optim::ParamGroup<Self::Options>] {
            &self.base.groups
        }
        fn param_groups_mut(&mut self) -> &mut [$crate::optim::ParamGroup<Self::Options>] {
            &mut self.base.groups
        }
        fn state(&self) -> &[$crate::optim::ParamState] {
            &self.base.state
        }
        fn state_mut(&mut self) -> &mut Vec<$crate::optim::ParamState> {
            &mut self.base.state
        }
    };
}
pub(crate) use optimizer_accessors;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_non_leaf() {
        let e = SGD::new(vec![], SgdOptions::default()).err().unwrap();
        assert_eq!(e.to_string(), "optimizer got an empty parameter list");
        let x = Tensor::zeros(&[2]).requires_grad_(true);
        let e = SGD::new(vec![&x * 2.0], SgdOptions::default())
            .err()
            .unwrap();
        assert_eq!(e.to_string(), "can't optimize a non-leaf Tensor");
        assert_eq!(e.kind(), crate::ErrorKind::Value);
    }
}
