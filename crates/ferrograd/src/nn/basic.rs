//! Shape and lookup modules: `Identity`, `Flatten`, `Unflatten`, `Dropout`, `Embedding`,
//! `Softmax`, `LogSoftmax`.

use super::{core_methods, init, module_boilerplate, Module, ModuleCore};
use crate::error::{runtime, value_err, Result};
use crate::ops::wrap_dim;
use crate::Tensor;

/// Returns its input (PyTorch's `nn.Identity`).
///
/// ```
/// use ferrograd::nn::{Identity, Module};
/// let x = ferrograd::Tensor::ones(&[2]);
/// assert!(Identity::new().forward(&x).unwrap().is_same(&x));
/// ```
#[derive(Debug, Default)]
pub struct Identity {
    core: ModuleCore,
}

impl Identity {
    /// The identity module.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Identity::new().to_string(), "Identity()");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
}

impl Module for Identity {
    core_methods!();
    fn type_name(&self) -> &str {
        "Identity"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(x.clone())
    }
}
module_boilerplate!(Identity);

/// Flattens dimensions `start_dim..=end_dim` into one (PyTorch's `nn.Flatten`, default 1..=-1).
///
/// ```
/// use ferrograd::nn::{Flatten, Module};
/// let y = Flatten::new().forward(&ferrograd::Tensor::zeros(&[2, 3, 4])).unwrap();
/// assert_eq!(y.shape(), &[2, 12]);
/// ```
#[derive(Debug)]
pub struct Flatten {
    core: ModuleCore,
    /// First dimension flattened.
    pub start_dim: isize,
    /// Last dimension flattened.
    pub end_dim: isize,
}

impl Flatten {
    /// `Flatten(start_dim=1, end_dim=-1)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Flatten::new().to_string(), "Flatten(start_dim=1, end_dim=-1)");
    /// ```
    pub fn new() -> Self {
        Self::with_dims(1, -1)
    }
    /// Flattens `start_dim..=end_dim`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Flatten::with_dims(0, 1).start_dim, 0);
    /// ```
    pub fn with_dims(start_dim: isize, end_dim: isize) -> Self {
        Flatten {
            core: ModuleCore::new(),
            start_dim,
            end_dim,
        }
    }
}

impl Default for Flatten {
    fn default() -> Self {
        Self::new()
    }
}

impl Tensor {
    /// Flattens dimensions `start_dim..=end_dim` into one (`ViewBackward0`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 3, 4]);
    /// assert_eq!(x.try_flatten_dims(0, 1).unwrap().shape(), &[6, 4]);
    /// ```
    pub fn try_flatten_dims(&self, start_dim: isize, end_dim: isize) -> Result<Tensor> {
        let n = self.dim().max(1);
        let (s, e) = (wrap_dim(start_dim, n)?, wrap_dim(end_dim, n)?);
        if s > e {
            return Err(runtime(
                "flatten() has invalid args: start_dim cannot come after end_dim",
            ));
        }
        if self.dim() == 0 {
            return self.try_reshape(&[1]);
        }
        if s == e {
            return Ok(self.clone());
        }
        let mut shape = self.shape()[..s].to_vec();
        shape.push(self.shape()[s..=e].iter().product());
        shape.extend_from_slice(&self.shape()[e + 1..]);
        self.try_reshape(&shape)
    }
}

impl Module for Flatten {
    core_methods!();
    fn type_name(&self) -> &str {
        "Flatten"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_flatten_dims(self.start_dim, self.end_dim)
    }
    fn extra_repr(&self) -> String {
        format!("start_dim={}, end_dim={}", self.start_dim, self.end_dim)
    }
}
module_boilerplate!(Flatten);

/// Splits dimension `dim` into `sizes` (PyTorch's `nn.Unflatten`).
///
/// ```
/// use ferrograd::nn::{Module, Unflatten};
/// let u = Unflatten::new(1, &[2, 5]);
/// assert_eq!(u.to_string(), "Unflatten(dim=1, unflattened_size=(2, 5))");
/// assert_eq!(u.forward(&ferrograd::Tensor::zeros(&[3, 10])).unwrap().shape(), &[3, 2, 5]);
/// ```
#[derive(Debug)]
pub struct Unflatten {
    core: ModuleCore,
    /// The dimension split.
    pub dim: isize,
    /// The sizes it is split into.
    pub unflattened_size: Vec<usize>,
}

impl Unflatten {
    /// Splits `dim` into `sizes`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Unflatten::new(0, &[1]).dim, 0);
    /// ```
    pub fn new(dim: isize, sizes: &[usize]) -> Self {
        Unflatten {
            core: ModuleCore::new(),
            dim,
            unflattened_size: sizes.to_vec(),
        }
    }
}

impl Module for Unflatten {
    core_methods!();
    fn type_name(&self) -> &str {
        "Unflatten"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let d = wrap_dim(self.dim, x.dim())?;
        let n: usize = self.unflattened_size.iter().product();
        if n != x.shape()[d] {
            return Err(runtime(format!(
                "unflatten: Provided sizes {} don't multiply up to the size of dim {} ({}) in the input tensor",
                crate::tensor::fmt_list(&self.unflattened_size),
                self.dim,
                x.shape()[d]
            )));
        }
        let mut shape = x.shape()[..d].to_vec();
        shape.extend_from_slice(&self.unflattened_size);
        shape.extend_from_slice(&x.shape()[d + 1..]);
        x.try_reshape(&shape)
    }
    fn extra_repr(&self) -> String {
        format!(
            "dim={}, unflattened_size={}",
            self.dim,
            super::py_tuple(&self.unflattened_size)
        )
    }
}
module_boilerplate!(Unflatten);

/// Zeroes each element with probability `p` in training mode and scales the rest by
/// `1 / (1 - p)`; the identity in evaluation mode (PyTorch's `nn.Dropout`).
///
/// ```
/// use ferrograd::nn::{Dropout, Module};
/// let d = Dropout::new(0.5).unwrap();
/// assert_eq!(d.to_string(), "Dropout(p=0.5, inplace=False)");
/// d.eval();
/// let x = ferrograd::Tensor::ones(&[4]);
/// assert_eq!(d.forward(&x).unwrap().to_vec::<f32>(), vec![1.0; 4]);
/// ```
#[derive(Debug)]
pub struct Dropout {
    core: ModuleCore,
    /// The probability of zeroing an element.
    pub p: f64,
}

impl Dropout {
    /// Dropout with probability `p` in `[0, 1]`.
    ///
    /// ```
    /// let e = ferrograd::nn::Dropout::new(1.5).unwrap_err();
    /// assert_eq!(e.to_string(), "dropout probability has to be between 0 and 1, but got 1.5");
    /// ```
    pub fn new(p: f64) -> Result<Self> {
        if !(0.0..=1.0).contains(&p) {
            return Err(value_err(format!(
                "dropout probability has to be between 0 and 1, but got {p}"
            )));
        }
        Ok(Dropout {
            core: ModuleCore::new(),
            p,
        })
    }
}

/// `x` times a mask of draws kept with probability `1 - p`, scaled by `1 / (1 - p)`
/// (`MulBackward0`); `x` itself when not training: [`Tensor::try_dropout`] on the default
/// generator, PyTorch's stream.
///
/// ```
/// let x = ferrograd::Tensor::ones(&[3]);
/// assert!(ferrograd::nn::dropout(&x, 0.3, false).unwrap().is_same(&x));
/// assert_eq!(ferrograd::nn::dropout(&x, 1.0, true).unwrap().to_vec::<f32>(), vec![0.0; 3]);
/// ```
pub fn dropout(x: &Tensor, p: f64, train: bool) -> Result<Tensor> {
    x.try_dropout(p, train, None)
}

impl Module for Dropout {
    core_methods!();
    fn type_name(&self) -> &str {
        "Dropout"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        dropout(x, self.p, self.is_training())
    }
    fn extra_repr(&self) -> String {
        format!(
            "p={}, inplace=False",
            crate::nn::activation::py_float(self.p)
        )
    }
}
module_boilerplate!(Dropout);

/// A lookup table of `num_embeddings` vectors of size `embedding_dim` (PyTorch's
/// `nn.Embedding`), initialised `N(0, 1)` with the `padding_idx` row zeroed.
///
/// ```
/// use ferrograd::nn::{Embedding, Module};
/// let e = Embedding::new(10, 3, Some(0)).unwrap();
/// assert_eq!(e.to_string(), "Embedding(10, 3, padding_idx=0)");
/// let y = e.forward(&ferrograd::Tensor::new([[0, 2], [4, 9]])).unwrap();
/// assert_eq!(y.shape(), &[2, 2, 3]);
/// assert_eq!(y.grad_fn().unwrap().name(), "EmbeddingBackward0");
/// ```
#[derive(Debug)]
pub struct Embedding {
    core: ModuleCore,
    /// The number of vectors.
    pub num_embeddings: usize,
    /// Their size.
    pub embedding_dim: usize,
    /// The row that receives no gradient (non-negative).
    pub padding_idx: Option<i64>,
}

impl Embedding {
    /// A table of `n` vectors of size `dim`; a negative `padding_idx` counts from the end.
    ///
    /// ```
    /// let e = ferrograd::nn::Embedding::new(3, 2, Some(3)).unwrap_err();
    /// assert_eq!(e.to_string(), "Padding_idx must be within num_embeddings");
    /// ```
    pub fn new(n: usize, dim: usize, padding_idx: Option<i64>) -> Result<Self> {
        let padding_idx = match padding_idx {
            Some(p) if p >= 0 && p as usize >= n => {
                return Err(value_err("Padding_idx must be within num_embeddings"))
            }
            Some(p) if p < 0 && (-p) as usize > n => {
                return Err(value_err("Padding_idx must be within num_embeddings"))
            }
            Some(p) if p < 0 => Some(p + n as i64),
            other => other,
        };
        let mut core = ModuleCore::new();
        core.register_parameter("weight", Tensor::zeros(&[n, dim]));
        let e = Embedding {
            core,
            num_embeddings: n,
            embedding_dim: dim,
            padding_idx,
        };
        init::normal_(e.weight(), 0.0, 1.0)?;
        if let Some(p) = padding_idx {
            let _ng = crate::no_grad();
            e.weight().select(0, p as isize).try_fill_(0.0)?;
        }
        Ok(e)
    }

    /// The table `(num_embeddings, embedding_dim)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Embedding::new(4, 2, None).unwrap().weight().shape(), &[4, 2]);
    /// ```
    pub fn weight(&self) -> &Tensor {
        self.core.param("weight").expect("registered in new")
    }
}

impl Module for Embedding {
    core_methods!();
    fn type_name(&self) -> &str {
        "Embedding"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Tensor::try_embedding(self.weight(), x, self.padding_idx)
    }
    fn extra_repr(&self) -> String {
        let mut s = format!("{}, {}", self.num_embeddings, self.embedding_dim);
        if let Some(p) = self.padding_idx {
            s.push_str(&format!(", padding_idx={p}"));
        }
        s
    }
}
module_boilerplate!(Embedding);

/// PyTorch's implicit softmax dimension (deprecated there): 0 for 0-, 1- and 3-dimensional
/// inputs, else 1.
fn implicit_dim(ndim: usize) -> isize {
    if matches!(ndim, 0 | 1 | 3) {
        0
    } else {
        1
    }
}

macro_rules! softmax_module {
    ($(#[$doc:meta])* $name:ident, $method:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            core: ModuleCore,
            /// The dimension normalised (`None`: PyTorch's implicit choice).
            pub dim: Option<isize>,
        }

        impl $name {
            #[doc = concat!("`", $label, "(dim=...)`.")]
            ///
            /// ```
            #[doc = concat!("assert_eq!(ferrograd::nn::", $label, "::new(Some(1)).to_string(), \"", $label, "(dim=1)\");")]
            /// ```
            pub fn new(dim: Option<isize>) -> Self {
                $name { core: ModuleCore::new(), dim }
            }
        }

        impl Module for $name {
            core_methods!();
            fn type_name(&self) -> &str {
                $label
            }
            fn forward(&self, x: &Tensor) -> Result<Tensor> {
                x.$method(self.dim.unwrap_or_else(|| implicit_dim(x.dim())))
            }
            fn extra_repr(&self) -> String {
                match self.dim {
                    Some(d) => format!("dim={d}"),
                    None => "dim=None".to_string(),
                }
            }
        }
        module_boilerplate!($name);
    };
}

softmax_module!(
    /// Softmax along `dim` (PyTorch's `nn.Softmax`).
    ///
    /// ```
    /// use ferrograd::nn::{Module, Softmax};
    /// let y = Softmax::new(Some(0)).forward(&ferrograd::Tensor::zeros(&[2])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.5, 0.5]);
    /// ```
    Softmax, try_softmax, "Softmax"
);
softmax_module!(
    /// Log-softmax along `dim` (PyTorch's `nn.LogSoftmax`).
    ///
    /// ```
    /// use ferrograd::nn::{LogSoftmax, Module};
    /// let y = LogSoftmax::new(Some(0)).forward(&ferrograd::Tensor::zeros(&[1])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0]);
    /// ```
    LogSoftmax, try_log_softmax, "LogSoftmax"
);
