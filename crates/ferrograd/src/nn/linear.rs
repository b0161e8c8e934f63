//! `Linear` and `Bilinear`.

use super::{core_methods, init, module_boilerplate, Module, ModuleCore};
use crate::error::Result;
use crate::Tensor;

/// `y = x Wᵀ + b` (PyTorch's `nn.Linear`); `W` is `(out_features, in_features)`, initialised
/// as PyTorch does: `kaiming_uniform_(W, a=√5)`, `b ~ U(-1/√fan_in, 1/√fan_in)`.
///
/// ```
/// use ferrograd::nn::{Linear, Module};
/// let lin = Linear::new(3, 2);
/// assert_eq!(lin.to_string(), "Linear(in_features=3, out_features=2, bias=True)");
/// assert_eq!(lin.weight().shape(), &[2, 3]);
/// ```
#[derive(Debug)]
pub struct Linear {
    core: ModuleCore,
    /// Input size.
    pub in_features: usize,
    /// Output size.
    pub out_features: usize,
}

impl Linear {
    /// A linear layer with a bias.
    ///
    /// ```
    /// assert!(ferrograd::nn::Linear::new(2, 2).bias().is_some());
    /// ```
    pub fn new(in_features: usize, out_features: usize) -> Linear {
        Self::with_bias(in_features, out_features, true)
    }

    /// A linear layer, with or without a bias.
    ///
    /// ```
    /// assert!(ferrograd::nn::Linear::with_bias(2, 2, false).bias().is_none());
    /// ```
    pub fn with_bias(in_features: usize, out_features: usize, bias: bool) -> Linear {
        let mut core = ModuleCore::new();
        core.register_parameter("weight", Tensor::zeros(&[out_features, in_features]));
        if bias {
            core.register_parameter("bias", Tensor::zeros(&[out_features]));
        }
        let lin = Linear {
            core,
            in_features,
            out_features,
        };
        lin.reset_parameters();
        lin
    }

    /// PyTorch's `reset_parameters`: Kaiming-uniform weight, uniform bias.
    ///
    /// ```
    /// ferrograd::nn::Linear::new(1, 1).reset_parameters();
    /// ```
    pub fn reset_parameters(&self) {
        let w = self.weight();
        // the draws cannot fail on a freshly made 2-D weight
        let _ = init::kaiming_uniform_(w, 5f64.sqrt(), "fan_in", "leaky_relu");
        if let Some(b) = self.bias() {
            let fan_in = self.in_features;
            let bound = if fan_in > 0 {
                1.0 / (fan_in as f64).sqrt()
            } else {
                0.0
            };
            let _ = init::uniform_(b, -bound, bound);
        }
    }

    /// The weight `(out_features, in_features)`.
    ///
    /// ```
    /// assert!(ferrograd::nn::Linear::new(1, 1).weight().requires_grad());
    /// ```
    pub fn weight(&self) -> &Tensor {
        self.core.param("weight").expect("registered in new")
    }

    /// The bias `(out_features,)`, if any.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Linear::new(1, 4).bias().unwrap().shape(), &[4]);
    /// ```
    pub fn bias(&self) -> Option<&Tensor> {
        self.core.param("bias")
    }
}

impl Module for Linear {
    core_methods!();
    fn type_name(&self) -> &str {
        "Linear"
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_linear(self.weight(), self.bias())
    }
    fn extra_repr(&self) -> String {
        format!(
            "in_features={}, out_features={}, bias={}",
            self.in_features,
            self.out_features,
            if self.bias().is_some() {
                "True"
            } else {
                "False"
            }
        )
    }
}
module_boilerplate!(Linear);

/// `y = x1ᵀ A x2 + b` (PyTorch's `nn.Bilinear`); `A` is `(out, in1, in2)`, initialised
/// `U(-1/√in1, 1/√in1)` as PyTorch does, the bias too.
///
/// ```
/// use ferrograd::nn::{Bilinear, Module};
/// let b = Bilinear::new(2, 3, 4);
/// assert_eq!(b.to_string(), "Bilinear(in1_features=2, in2_features=3, out_features=4, bias=True)");
/// let y = b.forward2(&ferrograd::Tensor::ones(&[5, 2]), &ferrograd::Tensor::ones(&[5, 3])).unwrap();
/// assert_eq!(y.shape(), &[5, 4]);
/// ```
#[derive(Debug)]
pub struct Bilinear {
    core: ModuleCore,
    /// First input's size.
    pub in1_features: usize,
    /// Second input's size.
    pub in2_features: usize,
    /// Output size.
    pub out_features: usize,
}

impl Bilinear {
    /// A bilinear layer with a bias.
    ///
    /// ```
    /// assert_eq!(ferrograd::nn::Bilinear::new(1, 2, 3).weight().shape(), &[3, 1, 2]);
    /// ```
    pub fn new(in1: usize, in2: usize, out: usize) -> Bilinear {
        Self::with_bias(in1, in2, out, true)
    }

    /// A bilinear layer, with or without a bias.
    ///
    /// ```
    /// assert!(ferrograd::nn::Bilinear::with_bias(1, 2, 3, false).bias().is_none());
    /// ```
    pub fn with_bias(in1: usize, in2: usize, out: usize, bias: bool) -> Bilinear {
        let mut core = ModuleCore::new();
        core.register_parameter("weight", Tensor::zeros(&[out, in1, in2]));
        if bias {
            core.register_parameter("bias", Tensor::zeros(&[out]));
        }
        let m = Bilinear {
            core,
            in1_features: in1,
            in2_features: in2,
            out_features: out,
        };
        let bound = if in1 > 0 {
            1.0 / (in1 as f64).sqrt()
        } else {
            0.0
        };
        let _ = init::uniform_(m.weight(), -bound, bound);
        if let Some(b) = m.bias() {
            let _ = init::uniform_(b, -bound, bound);
        }
        m
    }

    /// The weight `(out, in1, in2)`.
    ///
    /// ```
    /// assert!(ferrograd::nn::Bilinear::new(1, 1, 1).weight().requires_grad());
    /// ```
    pub fn weight(&self) -> &Tensor {
        self.core.param("weight").expect("registered in new")
    }

    /// The bias, if any.
    ///
    /// ```
    /// assert!(ferrograd::nn::Bilinear::new(1, 1, 1).bias().is_some());
    /// ```
    pub fn bias(&self) -> Option<&Tensor> {
        self.core.param("bias")
    }

    /// The layer applied to `(N, in1)` and `(N, in2)` inputs.
    ///
    /// ```
    /// let b = ferrograd::nn::Bilinear::new(1, 1, 1);
    /// assert!(b.forward2(&ferrograd::Tensor::ones(&[2, 2]), &ferrograd::Tensor::ones(&[2, 1])).is_err());
    /// ```
    pub fn forward2(&self, x1: &Tensor, x2: &Tensor) -> Result<Tensor> {
        Tensor::try_bilinear(x1, x2, self.weight(), self.bias())
    }
}

impl Tensor {
    /// `x1ᵀ A x2 + b` over the last dimension of `x1` (`in1`) and `x2` (`in2`), with `A`
    /// `(out, in1, in2)`: PyTorch's `F.bilinear`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::ones(&[1, 2, 2]);
    /// let y = Tensor::try_bilinear(&Tensor::ones(&[1, 2]), &Tensor::ones(&[1, 2]), &a, None).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![4.0]);
    /// ```
    pub fn try_bilinear(
        x1: &Tensor,
        x2: &Tensor,
        weight: &Tensor,
        bias: Option<&Tensor>,
    ) -> Result<Tensor> {
        let (o, i1, i2) = match weight.shape() {
            &[o, i1, i2] => (o, i1, i2),
            _ => {
                return Err(crate::error::runtime(
                    "bilinear(): weight must be three-dimensional",
                ))
            }
        };
        let d1 = x1.dim();
        if d1 == 0 || x1.shape()[d1 - 1] != i1 {
            return Err(crate::error::runtime(format!(
                "bilinear(): input1 size does not match weight size: got {} but expected {}",
                x1.shape().last().copied().unwrap_or(0),
                i1
            )));
        }
        if x2.dim() == 0 || x2.shape()[x2.dim() - 1] != i2 {
            return Err(crate::error::runtime(format!(
                "bilinear(): input2 size does not match weight size: got {} but expected {}",
                x2.shape().last().copied().unwrap_or(0),
                i2
            )));
        }
        // (.., in1) @ (in1, out·in2) → (.., out, in2), times x2 along in2
        let a = weight.try_permute(&[1, 0, 2])?.try_reshape(&[i1, o * i2])?;
        let t = x1.try_matmul(&a)?;
        let mut shape = x1.shape()[..d1 - 1].to_vec();
        shape.extend([o, i2]);
        let t = t.try_reshape(&shape)?;
        let y = t
            .try_mul(&x2.try_unsqueeze(-2)?)?
            .try_sum_dims(&[-1], false)?;
        match bias {
            Some(b) => y.try_add(b),
            None => Ok(y),
        }
    }
}

impl Module for Bilinear {
    core_methods!();
    fn type_name(&self) -> &str {
        "Bilinear"
    }
    /// A bilinear layer takes two inputs: this applies it to `(x, x)`; see
    /// [`Bilinear::forward2`].
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.forward2(x, x)
    }
    fn extra_repr(&self) -> String {
        format!(
            "in1_features={}, in2_features={}, out_features={}, bias={}",
            self.in1_features,
            self.in2_features,
            self.out_features,
            if self.bias().is_some() {
                "True"
            } else {
                "False"
            }
        )
    }
}
module_boilerplate!(Bilinear);
