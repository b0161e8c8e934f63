//! Pooling modules (`MaxPool2d`, `AvgPool2d`, `AdaptiveAvgPool2d`) and channel dropout
//! (`Dropout2d`), with PyTorch's reprs.

use super::activation::py_float;
use super::{core_methods, module_boilerplate, Module, ModuleCore};
use crate::error::{value_err, Result};
use crate::{Pool2d, Tensor};

/// A pair as PyTorch prints a size given as one int (`2`) or two (`(2, 3)`).
fn pair_text(p: [usize; 2]) -> String {
    if p[0] == p[1] {
        p[0].to_string()
    } else {
        format!("({}, {})", p[0], p[1])
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// 2-d max pooling (PyTorch's `nn.MaxPool2d`): [`Tensor::try_max_pool2d`] with the options.
///
/// ```
/// use ferrograd::nn::{MaxPool2d, Module};
/// let m = MaxPool2d::new(2);
/// assert_eq!(m.to_string(), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
/// let y = m.forward(&ferrograd::Tensor::ones(&[1, 1, 4, 4])).unwrap();
/// assert_eq!(y.shape(), &[1, 1, 2, 2]);
/// ```
#[derive(Debug)]
pub struct MaxPool2d {
    core: ModuleCore,
    /// The window.
    pub opts: Pool2d,
}

impl MaxPool2d {
    /// A square window of `kernel`, stride equal to it.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::MaxPool2d::new(3).opts.kernel, [3, 3]);
    /// ```
    pub fn new(kernel: usize) -> Self {
        Self::with_options(Pool2d::new([kernel, kernel]))
    }
    /// Pooling with `opts`.
    ///
    /// ```
    /// use ferrograd::{nn::MaxPool2d, Pool2d};
    /// let m = MaxPool2d::with_options(Pool2d::new([2, 3]).stride([1, 1]).ceil_mode(true));
    /// assert_eq!(m.to_string(), "MaxPool2d(kernel_size=(2, 3), stride=1, padding=0, dilation=1, ceil_mode=True)");
    /// ```
    pub fn with_options(opts: Pool2d) -> Self {
        MaxPool2d {
            core: ModuleCore::new(),
            opts,
        }
    }
}

impl Module for MaxPool2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "MaxPool2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_max_pool2d(&self.opts)
    }
    fn extra_repr(&self) -> String {
        let o = &self.opts;
        format!(
            "kernel_size={}, stride={}, padding={}, dilation={}, ceil_mode={}",
            pair_text(o.kernel),
            pair_text(o.stride.unwrap_or(o.kernel)),
            pair_text(o.padding),
            pair_text(o.dilation),
            py_bool(o.ceil_mode)
        )
    }
}
module_boilerplate!(MaxPool2d);

/// 2-d average pooling (PyTorch's `nn.AvgPool2d`): [`Tensor::try_avg_pool2d`] with the options.
///
/// ```
/// use ferrograd::nn::{AvgPool2d, Module};
/// let m = AvgPool2d::new(3);
/// assert_eq!(m.to_string(), "AvgPool2d(kernel_size=3, stride=3, padding=0)");
/// ```
#[derive(Debug)]
pub struct AvgPool2d {
    core: ModuleCore,
    /// The window.
    pub opts: Pool2d,
}

impl AvgPool2d {
    /// A square window of `kernel`, stride equal to it.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::AvgPool2d::new(2).opts.kernel, [2, 2]);
    /// ```
    pub fn new(kernel: usize) -> Self {
        Self::with_options(Pool2d::new([kernel, kernel]))
    }
    /// Pooling with `opts`.
    ///
    /// ```
    /// use ferrograd::{nn::{AvgPool2d, Module}, Pool2d, Tensor};
    /// let m = AvgPool2d::with_options(Pool2d::new([2, 2]).divisor_override(1));
    /// assert_eq!(m.forward(&Tensor::ones(&[1, 2, 2])).unwrap().item(), 4.0);
    /// ```
    pub fn with_options(opts: Pool2d) -> Self {
        AvgPool2d {
            core: ModuleCore::new(),
            opts,
        }
    }
}

impl Module for AvgPool2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "AvgPool2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_avg_pool2d(&self.opts)
    }
    fn extra_repr(&self) -> String {
        let o = &self.opts;
        format!(
            "kernel_size={}, stride={}, padding={}",
            pair_text(o.kernel),
            pair_text(o.stride.unwrap_or(o.kernel)),
            pair_text(o.padding)
        )
    }
}
module_boilerplate!(AvgPool2d);

/// Average pooling to a fixed output size (PyTorch's `nn.AdaptiveAvgPool2d`).
///
/// ```
/// use ferrograd::nn::{AdaptiveAvgPool2d, Module};
/// let m = AdaptiveAvgPool2d::new([5, 7]);
/// assert_eq!(m.to_string(), "AdaptiveAvgPool2d(output_size=(5, 7))");
/// assert_eq!(AdaptiveAvgPool2d::new([1, 1]).to_string(), "AdaptiveAvgPool2d(output_size=1)");
/// ```
#[derive(Debug)]
pub struct AdaptiveAvgPool2d {
    core: ModuleCore,
    /// The output's height and width.
    pub output_size: [usize; 2],
}

impl AdaptiveAvgPool2d {
    /// Pooling to `output_size`.
    ///
    /// ```
    /// use ferrograd::nn::{AdaptiveAvgPool2d, Module};
    /// let y = AdaptiveAvgPool2d::new([1, 1]).forward(&ferrograd::Tensor::ones(&[1, 3, 3])).unwrap();
    /// assert_eq!(y.shape(), &[1, 1, 1]);
    /// ```
    pub fn new(output_size: [usize; 2]) -> Self {
        AdaptiveAvgPool2d {
            core: ModuleCore::new(),
            output_size,
        }
    }
}

impl Module for AdaptiveAvgPool2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "AdaptiveAvgPool2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_adaptive_avg_pool2d(self.output_size)
    }
    fn extra_repr(&self) -> String {
        format!("output_size={}", pair_text(self.output_size))
    }
}
module_boilerplate!(AdaptiveAvgPool2d);

/// Zeroes whole channels with probability `p` in training mode, scaling the rest by
/// `1 / (1 - p)` (PyTorch's `nn.Dropout2d`, [`Tensor::try_dropout2d`]); the identity in
/// evaluation mode.
///
/// ```
/// use ferrograd::nn::{Dropout2d, Module};
/// let d = Dropout2d::new(0.5).unwrap();
/// assert_eq!(d.to_string(), "Dropout2d(p=0.5, inplace=False)");
/// d.eval();
/// let x = ferrograd::Tensor::ones(&[1, 2, 2, 2]);
/// assert!(d.forward(&x).unwrap().is_same(&x));
/// ```
#[derive(Debug)]
pub struct Dropout2d {
    core: ModuleCore,
    /// The probability of zeroing a channel.
    pub p: f64,
}

impl Dropout2d {
    /// Channel dropout with probability `p` in `[0, 1]`.
    ///
    /// ```
    /// let e = ferrograd::nn::Dropout2d::new(-0.5).unwrap_err();
    /// assert_eq!(e.to_string(), "dropout probability has to be between 0 and 1, but got -0.5");
    /// ```
    pub fn new(p: f64) -> Result<Self> {
        if !(0.0..=1.0).contains(&p) {
            return Err(value_err(format!(
                "dropout probability has to be between 0 and 1, but got {p}"
            )));
        }
        Ok(Dropout2d {
            core: ModuleCore::new(),
            p,
        })
    }
}

impl Module for Dropout2d {
    core_methods!();
    fn type_name(&self) -> &str {
        "Dropout2d"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_dropout2d(self.p, self.is_training(), None)
    }
    fn extra_repr(&self) -> String {
        format!("p={}, inplace=False", py_float(self.p))
    }
}
module_boilerplate!(Dropout2d);
