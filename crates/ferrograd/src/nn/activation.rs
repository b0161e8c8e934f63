//! Activation modules, one per activation row of the elementwise op table, under PyTorch's
//! class names; their parameters and defaults are the row's.

use super::{core_methods, module_boilerplate, Module, ModuleCore};
use crate::error::{type_err, value_err, Result};
use crate::ops::UnaryOp;
use crate::Tensor;

/// PyTorch's activation classes and the op-table row each applies (`GELU` picks `gelu` or
/// `gelu_tanh` by its `approximate` argument).
pub const ACTIVATIONS: &[(&str, &str)] = &[
    ("ReLU", "relu"),
    ("LeakyReLU", "leaky_relu"),
    ("Hardtanh", "hardtanh"),
    ("Hardsigmoid", "hardsigmoid"),
    ("ELU", "elu"),
    ("SELU", "selu"),
    ("CELU", "celu"),
    ("Softplus", "softplus"),
    ("SiLU", "silu"),
    ("Mish", "mish"),
    ("GELU", "gelu"),
    ("Sigmoid", "sigmoid"),
    ("Tanh", "tanh"),
    ("LogSigmoid", "logsigmoid"),
];

/// A number as Python prints a float (`1.0`, `0.01`, `-1.0`).
pub(crate) fn py_float(v: f64) -> String {
    let s = format!("{v:?}");
    // Rust writes 1e-5 where Python writes 1e-05
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ("-", d),
                None => ("+", e),
            };
            format!("{m}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

/// An activation module: a row of the op table with its parameters, printed under PyTorch's
/// class name.
///
/// ```
/// use ferrograd::nn::{Activation, Module};
/// let a = Activation::new("LeakyReLU", &[0.2]).unwrap();
/// assert_eq!(a.to_string(), "LeakyReLU(negative_slope=0.2)");
/// let y = a.forward(&ferrograd::Tensor::new([-1.0, 1.0])).unwrap();
/// assert_eq!(y.to_vec::<f32>(), vec![-0.2, 1.0]);
/// ```
#[derive(Debug)]
pub struct Activation {
    core: ModuleCore,
    class: &'static str,
    op: &'static UnaryOp,
    params: Vec<f64>,
}

impl Activation {
    /// The activation class `class` (PyTorch's name) with parameters `params` in the row's
    /// order; none for the row's defaults.
    ///
    /// ```
    /// let e = ferrograd::nn::Activation::new("Swish", &[]).unwrap_err();
    /// assert_eq!(e.to_string(), "no activation module named Swish");
    /// ```
    pub fn new(class: &str, params: &[f64]) -> Result<Self> {
        let &(class, row) = ACTIVATIONS
            .iter()
            .find(|(c, _)| *c == class)
            .ok_or_else(|| value_err(format!("no activation module named {class}")))?;
        Self::from_row(class, row, params)
    }

    fn from_row(class: &'static str, row: &str, params: &[f64]) -> Result<Self> {
        let op = UnaryOp::find(row).expect("every activation names a row of the table");
        let params = if params.is_empty() {
            op.default_params().to_vec()
        } else if params.len() == op.params.len() {
            params.to_vec()
        } else {
            return Err(type_err(format!(
                "{class}() takes {} parameter(s) but {} were given",
                op.params.len(),
                params.len()
            )));
        };
        Ok(Activation {
            core: ModuleCore::new(),
            class,
            op,
            params,
        })
    }

    /// PyTorch's `GELU(approximate=...)`: `"none"` or `"tanh"`.
    ///
    /// ```
    /// let g = ferrograd::nn::Activation::gelu("tanh").unwrap();
    /// assert_eq!(g.to_string(), "GELU(approximate='tanh')");
    /// ```
    pub fn gelu(approximate: &str) -> Result<Self> {
        match approximate {
            "none" => Self::from_row("GELU", "gelu", &[]),
            "tanh" => Self::from_row("GELU", "gelu_tanh", &[]),
            _ => Err(crate::error::runtime(
                "approximate argument must be either none or tanh.",
            )),
        }
    }

    /// The op-table row applied.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::ReLU::new().op().grad_fn, "ReluBackward0");
    /// ```
    pub fn op(&self) -> &'static UnaryOp {
        self.op
    }
}

impl Module for Activation {
    core_methods!();
    fn type_name(&self) -> &str {
        self.class
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.op.apply(x, &self.params)
    }
    fn extra_repr(&self) -> String {
        if self.class == "GELU" {
            let a = if self.op.name == "gelu" {
                "none"
            } else {
                "tanh"
            };
            return format!("approximate='{a}'");
        }
        self.op
            .params
            .iter()
            .zip(&self.params)
            .map(|((name, _), v)| format!("{name}={}", py_float(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
module_boilerplate!(Activation);

macro_rules! activation_constructors {
    ($($class:ident),*) => {
        $(
            #[doc = concat!("PyTorch's `nn.", stringify!($class), "`: an [`Activation`] of its op-table row.")]
            ///
            /// ```
            #[doc = concat!("let m = ferrograd::nn::", stringify!($class), "::new();")]
            #[doc = concat!("assert!(m.to_string().starts_with(\"", stringify!($class), "(\"));")]
            /// ```
            #[allow(non_snake_case)]
            pub mod $class {
                /// The module with the row's default parameters.
                ///
                /// ```
                #[doc = concat!("let _ = ferrograd::nn::", stringify!($class), "::new();")]
                /// ```
                pub fn new() -> super::Activation {
                    super::Activation::new(stringify!($class), &[]).expect("a listed class")
                }
                /// The module with parameters `p`, in the row's order.
                ///
                /// ```
                #[doc = concat!("let _ = ferrograd::nn::", stringify!($class), "::with_params(&[]);")]
                /// ```
                pub fn with_params(p: &[f64]) -> crate::Result<super::Activation> {
                    super::Activation::new(stringify!($class), p)
                }
            }
        )*
    };
}
activation_constructors!(
    ReLU,
    LeakyReLU,
    Hardtanh,
    Hardsigmoid,
    ELU,
    SELU,
    CELU,
    Softplus,
    SiLU,
    Mish,
    GELU,
    Sigmoid,
    Tanh,
    LogSigmoid
);
