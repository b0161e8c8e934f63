//! Per-parameter optimizer state and the plain-data state dict (PyTorch's layout).

use super::{GroupOptions, ParamGroup};
use crate::error::{value_err, Result};
use crate::{DType, Tensor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One parameter's optimizer state: the step count (if the optimizer keeps one) and named
/// buffers (`exp_avg`, `momentum_buffer`, …, PyTorch's names).
#[derive(Clone, Default)]
pub struct ParamState {
    /// `state["step"]`, for the optimizers that count steps.
    pub step: Option<f64>,
    /// The state tensors, in the order PyTorch creates them.
    pub buffers: Vec<(String, Tensor)>,
}

impl ParamState {
    /// Whether nothing has been stored yet (the parameter never had a step).
    ///
    /// ```
    /// assert!(ferrograd::optim::ParamState::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.step.is_none() && self.buffers.is_empty()
    }

    /// The buffer called `name`.
    ///
    /// ```
    /// let mut s = ferrograd::optim::ParamState::default();
    /// s.insert("sum", ferrograd::Tensor::zeros(&[1]));
    /// assert!(s.get("sum").is_some() && s.get("exp_avg").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&Tensor> {
        self.buffers.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    /// Stores (or replaces) the buffer called `name`.
    ///
    /// ```
    /// let mut s = ferrograd::optim::ParamState::default();
    /// s.insert("sum", ferrograd::Tensor::zeros(&[1]));
    /// s.insert("sum", ferrograd::Tensor::ones(&[1]));
    /// assert_eq!(s.buffers.len(), 1);
    /// ```
    pub fn insert(&mut self, name: &str, t: Tensor) {
        match self.buffers.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = t,
            None => self.buffers.push((name.to_string(), t)),
        }
    }
}

/// A value in a state dict's `state`: the step count or a tensor's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StateValue {
    /// `state["step"]`.
    Step(f64),
    /// A state tensor: its dtype name (`"float32"`, `"float64"`), shape and elements.
    Tensor {
        /// `"float32"` or `"float64"`.
        dtype: String,
        /// The shape.
        shape: Vec<usize>,
        /// The elements in row-major order.
        data: Vec<f64>,
    },
}

/// A value in a param group of a state dict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OptionValue {
    /// A number (`lr`, `momentum`, …).
    Float(f64),
    /// A flag (`nesterov`, `amsgrad`, …).
    Bool(bool),
    /// A pair (`betas`).
    Pair(f64, f64),
    /// `params`: indices of the group's parameters across all groups.
    Params(Vec<usize>),
}

impl OptionValue {
    /// The number, if this is one.
    ///
    /// ```
    /// assert_eq!(ferrograd::optim::OptionValue::Float(0.5).as_f64(), Some(0.5));
    /// ```
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            OptionValue::Float(v) => Some(*v),
            _ => None,
        }
    }
}

/// An optimizer's state as plain data (serde-serialisable), in PyTorch's layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateDict {
    /// Per-parameter state, keyed by the parameter's index across groups.
    pub state: BTreeMap<usize, BTreeMap<String, StateValue>>,
    /// Each group's options, with `params` as indices.
    pub param_groups: Vec<BTreeMap<String, OptionValue>>,
}

fn dtype_name(d: DType) -> &'static str {
    if d == DType::Float64 {
        "float64"
    } else {
        "float32"
    }
}

pub(crate) fn state_dict<O: GroupOptions>(
    groups: &[ParamGroup<O>],
    states: &[ParamState],
) -> StateDict {
    let mut sd = StateDict::default();
    let mut idx = 0;
    for g in groups {
        let mut m: BTreeMap<String, OptionValue> = g
            .options
            .to_map()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let ids: Vec<usize> = (idx..idx + g.params.len()).collect();
        for &i in &ids {
            let Some(s) = states.get(i).filter(|s| !s.is_empty()) else {
                continue;
            };
            let mut e = BTreeMap::new();
            if let Some(step) = s.step {
                e.insert("step".to_string(), StateValue::Step(step));
            }
            for (name, t) in &s.buffers {
                let v = StateValue::Tensor {
                    dtype: dtype_name(t.dtype()).to_string(),
                    shape: t.shape().to_vec(),
                    data: t.to_f64_vec(),
                };
                e.insert(name.clone(), v);
            }
            sd.state.insert(i, e);
        }
        idx += g.params.len();
        m.insert("params".to_string(), OptionValue::Params(ids));
        sd.param_groups.push(m);
    }
    sd
}

type Loaded<O> = (Vec<O>, Vec<ParamState>);

pub(crate) fn load<O: GroupOptions>(groups: &[ParamGroup<O>], sd: &StateDict) -> Result<Loaded<O>> {
    if groups.len() != sd.param_groups.len() {
        return Err(value_err(
            "loaded state dict has a different number of parameter groups",
        ));
    }
    let mut options = Vec::new();
    let mut params: Vec<(usize, &Tensor)> = Vec::new();
    for (g, m) in groups.iter().zip(&sd.param_groups) {
        let ids = match m.get("params") {
            Some(OptionValue::Params(ids)) => ids,
            _ => {
                return Err(value_err(
                    "loaded state dict has a param group without params",
                ))
            }
        };
        if ids.len() != g.params.len() {
            return Err(value_err(
                "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
            ));
        }
        options.push(g.options.with_map(m)?);
        params.extend(ids.iter().copied().zip(&g.params));
    }
    let mut states = vec![ParamState::default(); params.len()];
    for (pos, (id, p)) in params.iter().enumerate() {
        let Some(entries) = sd.state.get(id) else {
            continue;
        };
        let s = &mut states[pos];
        for (name, v) in entries {
            match v {
                StateValue::Step(step) => s.step = Some(*step),
                StateValue::Tensor { shape, data, .. } => {
                    let t = Tensor::try_from_vec(data.clone(), shape)?.to_dtype(p.dtype());
                    s.buffers.push((name.clone(), t));
                }
            }
        }
        // PyTorch's order of creation, whatever the map's order.
        let order = [
            "momentum_buffer",
            "exp_avg",
            "exp_avg_sq",
            "max_exp_avg_sq",
            "square_avg",
            "grad_avg",
            "sum",
        ];
        s.buffers
            .sort_by_key(|(n, _)| order.iter().position(|o| o == n).unwrap_or(order.len()));
    }
    Ok((options, states))
}
