//! `torch.nn`: modules holding parameters, containers, activations and losses.
//!
//! A [`Module`] owns its parameters and buffers (in registration order, under PyTorch's names)
//! and its children; everything else (`named_parameters`, `state_dict`, `train`, the printed
//! repr) is provided by the trait from those, as in PyTorch's `nn.Module`.
//!
//! ```
//! use ferrograd::nn::{Linear, Module, ReLU, Sequential};
//! let net = Sequential::new().add(Linear::new(3, 1)).add(ReLU::new());
//! assert_eq!(
//!     net.to_string(),
//!     "Sequential(\n  (0): Linear(in_features=3, out_features=1, bias=True)\n  (1): ReLU()\n)"
//! );
//! let names: Vec<String> = net.named_parameters().into_iter().map(|(n, _)| n).collect();
//! assert_eq!(names, ["0.weight", "0.bias"]);
//! ```

pub mod init;

mod activation;
mod basic;
mod container;
mod conv;
mod linear;
mod loss;
mod normalization;
mod pooling;

pub use activation::*;
pub use basic::{dropout, Dropout, Embedding, Flatten, Identity, LogSoftmax, Softmax, Unflatten};
pub use container::{ModuleDict, ModuleList, Sequential};
pub use conv::{conv_padding, Conv1d, Conv2d, ConvTranspose2d};
pub use linear::{Bilinear, Linear};
pub use loss::*;
pub use normalization::{BatchNorm1d, BatchNorm2d, BatchNormOptions, GroupNorm, LayerNorm};
pub use pooling::{
    AdaptiveAvgPool2d, AvgPool2d, Dropout2d, MaxPool2d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d,
};

use crate::error::{runtime, Result};
use crate::{no_grad, DType, Tensor};
use std::sync::atomic::{AtomicBool, Ordering};

/// The state every module keeps: its own parameters and buffers in registration order, and
/// whether it is in training mode.
#[derive(Debug)]
pub struct ModuleCore {
    params: Vec<(String, Tensor)>,
    buffers: Vec<(String, Tensor)>,
    training: AtomicBool,
}

impl Default for ModuleCore {
    fn default() -> Self {
        ModuleCore {
            params: Vec::new(),
            buffers: Vec::new(),
            training: AtomicBool::new(true),
        }
    }
}

impl ModuleCore {
    /// An empty core, in training mode.
    ///
    /// ```
    /// let c = ferrograd::nn::ModuleCore::new();
    /// assert!(c.param("weight").is_none());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a parameter under `name`, made a leaf that requires grad (if it is floating
    /// point: other dtypes cannot require grad).
    ///
    /// ```
    /// let mut c = ferrograd::nn::ModuleCore::new();
    /// c.register_parameter("w", ferrograd::Tensor::zeros(&[2]));
    /// assert!(c.param("w").unwrap().requires_grad());
    /// ```
    pub fn register_parameter(&mut self, name: &str, t: Tensor) {
        // only floating-point tensors can require grad; others are kept as they are
        let t = if t.dtype().is_floating_point() {
            t.detach().requires_grad_(true)
        } else {
            t.detach()
        };
        match self.params.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = t,
            None => self.params.push((name.to_string(), t)),
        }
    }

    /// Registers a buffer (state that is not trained, saved in the state dict) under `name`.
    ///
    /// ```
    /// let mut c = ferrograd::nn::ModuleCore::new();
    /// c.register_buffer("running_mean", ferrograd::Tensor::zeros(&[2]));
    /// ```
    pub fn register_buffer(&mut self, name: &str, t: Tensor) {
        match self.buffers.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = t,
            None => self.buffers.push((name.to_string(), t)),
        }
    }

    /// The parameter registered as `name`.
    ///
    /// ```
    /// assert!(ferrograd::nn::ModuleCore::new().param("bias").is_none());
    /// ```
    pub fn param(&self, name: &str) -> Option<&Tensor> {
        self.params.iter().find(|(n, _)| n == name).map(|p| &p.1)
    }
}

/// A neural-network module: PyTorch's `nn.Module`.
///
/// An implementation gives its [`ModuleCore`], its class name, its `forward` and, if it has
/// any, its children and `extra_repr`; the rest is provided.
///
/// ```
/// use ferrograd::nn::{Linear, Module};
/// let lin = Linear::new(2, 1);
/// let y = lin.forward(&ferrograd::Tensor::ones(&[4, 2])).unwrap();
/// assert_eq!(y.shape(), &[4, 1]);
/// ```
pub trait Module: Send + Sync {
    /// The module's own parameters, buffers and mode.
    fn core(&self) -> &ModuleCore;
    /// The same, mutably (for [`Module::to_dtype`]).
    fn core_mut(&mut self) -> &mut ModuleCore;
    /// PyTorch's class name (`"Linear"`).
    fn type_name(&self) -> &str;
    /// The module applied to one tensor.
    fn forward(&self, x: &Tensor) -> Result<Tensor>;
    /// What the repr shows between the parentheses (`in_features=3, ...`).
    fn extra_repr(&self) -> String {
        String::new()
    }
    /// The direct children, with their names, in registration order.
    fn named_children(&self) -> Vec<(String, &dyn Module)> {
        Vec::new()
    }
    /// The direct children, mutably, in the same order.
    fn children_mut(&mut self) -> Vec<&mut dyn Module> {
        Vec::new()
    }

    /// The direct children.
    fn children(&self) -> Vec<&dyn Module> {
        self.named_children().into_iter().map(|c| c.1).collect()
    }

    /// This module and every descendant, depth first, with dotted names (`""` for this one).
    fn named_modules(&self) -> Vec<(String, &dyn Module)> {
        let mut out = Vec::new();
        collect_modules(self.as_dyn(), String::new(), &mut out);
        out
    }

    /// This module and every descendant, depth first.
    fn modules(&self) -> Vec<&dyn Module> {
        self.named_modules().into_iter().map(|m| m.1).collect()
    }

    /// The parameters of this module and its descendants under dotted names (`0.weight`), in
    /// registration order, each once.
    fn named_parameters(&self) -> Vec<(String, Tensor)> {
        let mut out = Vec::new();
        collect_tensors(self.as_dyn(), "", &mut out, false);
        dedup(out)
    }

    /// The parameters, in the order of [`Module::named_parameters`].
    fn parameters(&self) -> Vec<Tensor> {
        self.named_parameters().into_iter().map(|p| p.1).collect()
    }

    /// The buffers of this module and its descendants under dotted names.
    fn named_buffers(&self) -> Vec<(String, Tensor)> {
        let mut out = Vec::new();
        collect_tensors(self.as_dyn(), "", &mut out, true);
        dedup(out)
    }

    /// This module as a trait object.
    fn as_dyn(&self) -> &dyn Module;

    /// Sets training mode (`true`) or evaluation mode here and in every descendant.
    fn train(&self, mode: bool) {
        self.core().training.store(mode, Ordering::Relaxed);
        for c in self.children() {
            c.train(mode);
        }
    }
    /// Evaluation mode: `train(false)`.
    fn eval(&self) {
        self.train(false)
    }
    /// Whether the module is in training mode.
    fn is_training(&self) -> bool {
        self.core().training.load(Ordering::Relaxed)
    }

    /// Resets every parameter's gradient to None (PyTorch's `set_to_none=True`).
    fn zero_grad(&self) {
        for p in self.parameters() {
            p.set_grad(None);
        }
    }

    /// Turns gradient tracking of every parameter on or off.
    fn requires_grad_(&self, flag: bool) -> Result<()> {
        for p in self.parameters() {
            p.try_requires_grad_(flag)?;
        }
        Ok(())
    }

    /// Parameters then buffers of each module, depth first, by dotted name: PyTorch's
    /// `state_dict()` (values detached).
    fn state_dict(&self) -> Vec<(String, Tensor)> {
        let mut out = Vec::new();
        collect_state(self.as_dyn(), "", &mut out);
        out
    }

    /// Copies the tensors of `state` into the parameters and buffers of the same names. With
    /// `strict`, keys missing from `state` or not in the module are an error with PyTorch's
    /// text; a shape mismatch is always an error. Returns the missing and unexpected keys.
    fn load_state_dict(
        &self,
        state: &[(String, Tensor)],
        strict: bool,
    ) -> Result<(Vec<String>, Vec<String>)> {
        load_state(self.as_dyn(), state, strict, self.type_name())
    }

    /// Casts every parameter and buffer to `dtype` (floating-point ones only, as PyTorch's
    /// `module.to(dtype)`), keeping parameters leaves that require grad.
    fn to_dtype(&mut self, dtype: DType) -> Result<()> {
        if !dtype.is_floating_point() {
            return Err(crate::error::type_err(format!(
                "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype={}",
                dtype.torch_name()
            )));
        }
        let core = self.core_mut();
        for (_, p) in core.params.iter_mut() {
            if p.dtype().is_floating_point() {
                let _ng = no_grad();
                *p = p
                    .try_to_dtype(dtype)?
                    .detach()
                    .requires_grad_(p.requires_grad());
            }
        }
        for (_, b) in core.buffers.iter_mut() {
            if b.dtype().is_floating_point() {
                *b = b.try_to_dtype(dtype)?.detach();
            }
        }
        for c in self.children_mut() {
            c.to_dtype(dtype)?;
        }
        Ok(())
    }

    /// PyTorch's repr: `Name(extra)` or, with children, one `(name): child` per line.
    fn repr(&self) -> String {
        let extra = self.extra_repr();
        let children = self.named_children();
        let mut lines: Vec<String> = if extra.is_empty() {
            Vec::new()
        } else {
            extra.split('\n').map(str::to_string).collect()
        };
        for (name, c) in &children {
            lines.push(format!("({name}): {}", indent(&c.repr())));
        }
        let mut s = format!("{}(", self.type_name());
        if !lines.is_empty() {
            if lines.len() == 1 && children.is_empty() {
                s.push_str(&lines[0]);
            } else {
                s.push_str("\n  ");
                s.push_str(&lines.join("\n  "));
                s.push('\n');
            }
        }
        s.push(')');
        s
    }
}

/// Indents every line after the first by two spaces (PyTorch's `_addindent`).
fn indent(s: &str) -> String {
    s.replace('\n', "\n  ")
}

fn collect_modules<'a>(m: &'a dyn Module, prefix: String, out: &mut Vec<(String, &'a dyn Module)>) {
    out.push((prefix.clone(), m));
    for (name, c) in m.named_children() {
        let p = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        collect_modules(c, p, out);
    }
}

fn collect_tensors(m: &dyn Module, prefix: &str, out: &mut Vec<(String, Tensor)>, buffers: bool) {
    let own = if buffers {
        &m.core().buffers
    } else {
        &m.core().params
    };
    for (n, t) in own {
        out.push((format!("{prefix}{n}"), t.clone()));
    }
    for (name, c) in m.named_children() {
        collect_tensors(c, &format!("{prefix}{name}."), out, buffers);
    }
}

fn collect_state(m: &dyn Module, prefix: &str, out: &mut Vec<(String, Tensor)>) {
    for (n, t) in m.core().params.iter().chain(&m.core().buffers) {
        out.push((format!("{prefix}{n}"), t.detach()));
    }
    for (name, c) in m.named_children() {
        collect_state(c, &format!("{prefix}{name}."), out);
    }
}

/// Drops later entries naming a tensor already listed (a parameter shared by two modules).
fn dedup(v: Vec<(String, Tensor)>) -> Vec<(String, Tensor)> {
    let mut seen: Vec<Tensor> = Vec::new();
    let mut out = Vec::new();
    for (n, t) in v {
        if !seen.iter().any(|s| s.is_same(&t)) {
            seen.push(t.clone());
            out.push((n, t));
        }
    }
    out
}

fn load_state(
    m: &dyn Module,
    state: &[(String, Tensor)],
    strict: bool,
    type_name: &str,
) -> Result<(Vec<String>, Vec<String>)> {
    let own = m.state_dict_targets();
    let mut errors = Vec::new();
    let mut missing = Vec::new();
    for (name, target) in &own {
        match state.iter().find(|(k, _)| k == name) {
            None => missing.push(name.clone()),
            Some((_, src)) if src.shape() != target.shape() => errors.push(format!(
                "size mismatch for {name}: copying a param with shape {} from checkpoint, the shape in current model is {}.",
                src.size(),
                target.size()
            )),
            Some(_) => {}
        }
    }
    let unexpected: Vec<String> = state
        .iter()
        .filter(|(k, _)| !own.iter().any(|(n, _)| n == k))
        .map(|(k, _)| k.clone())
        .collect();
    let mut head = Vec::new();
    if strict {
        if !missing.is_empty() {
            head.push(format!(
                "Missing key(s) in state_dict: {}. ",
                quoted(&missing)
            ));
        }
        if !unexpected.is_empty() {
            head.push(format!(
                "Unexpected key(s) in state_dict: {}. ",
                quoted(&unexpected)
            ));
        }
    }
    let all: Vec<String> = head.into_iter().chain(errors).collect();
    if !all.is_empty() {
        return Err(runtime(format!(
            "Error(s) in loading state_dict for {type_name}:\n\t{}",
            all.join("\n\t")
        )));
    }
    let _ng = no_grad();
    for (name, target) in &own {
        if let Some((_, src)) = state.iter().find(|(k, _)| k == name) {
            target.try_copy_(src)?;
        }
    }
    Ok((missing, unexpected))
}

fn quoted(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("\"{k}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl dyn Module + '_ {
    /// The live parameters and buffers under their state-dict names.
    fn state_dict_targets(&self) -> Vec<(String, Tensor)> {
        let mut out = Vec::new();
        collect_tensors(self, "", &mut out, false);
        let mut bufs = Vec::new();
        collect_tensors(self, "", &mut bufs, true);
        // PyTorch's order: each module's parameters then its buffers, depth first
        let order: Vec<String> = self.state_dict().into_iter().map(|(n, _)| n).collect();
        out.extend(bufs);
        order
            .into_iter()
            .filter_map(|n| out.iter().find(|(k, _)| *k == n).cloned())
            .collect()
    }
}

impl std::fmt::Display for dyn Module + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

impl std::fmt::Debug for dyn Module + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

/// Implements the boilerplate of [`Module`] (`core`, `core_mut`, `as_dyn`) and `Display` for
/// a struct with a `core: ModuleCore` field.
macro_rules! module_boilerplate {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::nn::Module::repr(self))
            }
        }
    };
}
pub(crate) use module_boilerplate;

/// The fields [`Module`] needs from a struct with a `core` field.
macro_rules! core_methods {
    () => {
        fn core(&self) -> &$crate::nn::ModuleCore {
            &self.core
        }
        fn core_mut(&mut self) -> &mut $crate::nn::ModuleCore {
            &mut self.core
        }
        fn as_dyn(&self) -> &dyn $crate::nn::Module {
            self
        }
    };
}
pub(crate) use core_methods;

/// A list as Python prints a tuple in a module's repr: `(2,)`, `(2, 2)`.
pub(super) fn py_tuple(v: &[impl std::fmt::Display]) -> String {
    let items: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}
