//! # ferrograd
//!
//! Tensors that record the operations applied to them, and reverse-mode automatic
//! differentiation that fills `.grad` by the chain rule — PyTorch's `torch.autograd`, natively in
//! Rust, with PyTorch's behaviour, names, error messages and printing.
//!
//! ## A short tour
//!
//! ```
//! use ferrograd::{autograd, PyRepr, Tensor};
//!
//! // A leaf that requires grad, printed as PyTorch prints it.
//! let x = Tensor::arange(4.0).requires_grad_(true);
//! assert_eq!(x.to_string(), "tensor([0., 1., 2., 3.], requires_grad=True)");
//! assert_eq!(x.grad().py().to_string(), "None");
//!
//! // y = x·x records a DotBackward0 node; backward() fills x.grad with dy/dx = 2x.
//! let y = x.dot(&x);
//! assert_eq!(y.to_string(), "tensor(14., grad_fn=<DotBackward0>)");
//! y.backward();
//! assert_eq!(x.grad().unwrap().to_string(), "tensor([0., 2., 4., 6.])");
//! assert_eq!(x.grad().unwrap().eq(&(2.0 * &x)).to_string(), "tensor([True, True, True, True])");
//!
//! // Gradients accumulate; zero them in place.
//! x.grad().unwrap().zero_();
//! x.sum().backward();
//! assert_eq!(x.grad().unwrap().to_string(), "tensor([1., 1., 1., 1.])");
//!
//! // A non-scalar output needs the vector of a vector-Jacobian product.
//! let a = Tensor::new([2.0, 3.0]).requires_grad_(true);
//! let b = Tensor::new([6.0, 4.0]).requires_grad_(true);
//! let q = 3.0 * a.pow(3) - b.pow(2);
//! q.backward_with(&Tensor::new([1, 1]));
//! assert_eq!(format!("{} {}", a.grad().unwrap(), b.grad().unwrap()), "tensor([36., 81.]) tensor([-12.,  -8.])");
//!
//! // Derivatives of any order: differentiate the derivative (create_graph).
//! let x = Tensor::new(5.0).requires_grad_(true);
//! let mut f = x.pow(2) + x.pow(3);
//! let opts = autograd::GradOptions::new().create_graph(true);
//! for _ in 0..2 {
//!     f = autograd::grad_with(&[f], &[x.clone()], &opts).unwrap()[0].clone().unwrap().sum();
//! }
//! assert_eq!(f.to_string(), "tensor(32., grad_fn=<SumBackward0>)");
//! ```
//!
//! ## Fitting a model
//!
//! ```
//! use ferrograd::data::{DataLoader, TensorDataset};
//! use ferrograd::nn::{Linear, Module, Sequential, Tanh};
//! use ferrograd::optim::{Adam, AdamOptions, Optimizer};
//! use ferrograd::Tensor;
//!
//! // PyTorch's generator: after the same seed, the same data, weights and batch order.
//! ferrograd::manual_seed(0);
//! let x = Tensor::linspace(-1.0, 1.0, 64).unsqueeze(1);
//! let y = &x * 3.0 - 0.5 + Tensor::randn(&[64, 1]) * 0.1;
//! let model = Sequential::new().add(Linear::new(1, 8)).add(Tanh::new()).add(Linear::new(8, 1));
//! let mut opt = Adam::new(model.parameters(), AdamOptions { lr: 0.05, ..Default::default() }).unwrap();
//! let data = TensorDataset::new(vec![x, y]).unwrap();
//! let loader = DataLoader::new(&data, 16).shuffle(true);
//! let mut loss = Tensor::new(0.0);
//! for _epoch in 0..20 {
//!     for batch in loader.iter() {
//!         let b = batch.unwrap();
//!         opt.zero_grad(true);
//!         loss = model.forward(&b[0]).unwrap().mse_loss(&b[1]);
//!         loss.backward();
//!         opt.step().unwrap();
//!     }
//! }
//! // PyTorch prints `final loss 0.0278` for the same program
//! assert_eq!(format!("{:.4}", loss.item()), "0.0278");
//! ```
//!
//! ## Beyond `backward()`
//!
//! ```
//! use ferrograd::autograd::{self, forward_ad, functional, taylor, GradcheckOptions};
//! use ferrograd::{DType, Tensor};
//!
//! let x = Tensor::new_with_dtype([0.5, -1.0, 2.0], DType::Float64);
//! let f = |v: &[Tensor]| Ok(vec![(v[0].sin() * v[0].exp()).sum()]);
//!
//! // Functional API (torch.autograd.functional): Jacobians, Hessians, vjp/jvp/hvp/vhp.
//! let h = functional::hessian(f, &[x.clone()], Default::default()).unwrap();
//! assert_eq!(h[0][0].shape(), &[3, 3]);
//! let (_, hv) = functional::hvp(f, &[x.clone()], &[x.ones_like()], Default::default()).unwrap();
//! assert!((hv[0].sum().item() - h[0][0].sum().item()).abs() < 1e-12);
//! // All rows at once: one batched backward pass instead of one pass per row.
//! let fast = functional::Options { vectorize: true, ..Default::default() };
//! let hv2 = functional::hessian(f, &[x.clone()], fast).unwrap();
//! assert!((&hv2[0][0] - &h[0][0]).abs().max().item() < 1e-12);
//!
//! // Forward mode: dual tensors carry tangents through every op.
//! {
//!     let _level = forward_ad::dual_level().unwrap();
//!     let d = forward_ad::make_dual(&x, &Tensor::new_with_dtype([1.0, 0.0, 0.0], DType::Float64)).unwrap();
//!     let y = d.sin();
//!     let (_, tangent) = forward_ad::unpack_dual(&y);
//!     assert_eq!(tangent.unwrap().to_vec::<f64>(), vec![0.5f64.cos(), 0.0, 0.0]);
//! }
//!
//! // Taylor mode: twenty derivatives in one pass.
//! let d = taylor::derivatives(|t| { use taylor::Real; t.sin() * t.exp() }, 0.0, 20);
//! assert_eq!(d[1], 1.0);
//!
//! // gradcheck: analytical gradients against central differences.
//! let xr = x.requires_grad_(true);
//! assert!(autograd::gradcheck(f, &[xr], GradcheckOptions::default()).unwrap());
//! ```
//!
//! Custom differentiable functions implement [`autograd::Function`]; anomaly mode
//! ([`autograd::set_detect_anomaly`]) makes a NaN-producing backward or an in-place conflict name
//! the op and the source line of its forward call.
//!
//! ## How it is built
//! - [`Tensor`] is a reference-counted handle over shared, versioned storage with shape, strides
//!   and offset; views share storage.
//! - Each differentiable op records a node whose backward rule is written with the same tensor
//!   ops, so `create_graph` yields derivatives of any order through every op.
//! - The engine ([`autograd`]) walks nodes iteratively in reverse creation order with dependency
//!   counts: million-node graphs neither overflow the stack in backward nor when dropped.
//! - Errors are values: each fallible op has a `try_` form returning [`Result`]; the plain form
//!   panics with the same message, which follows PyTorch's text.

#![warn(missing_docs)]

pub mod autograd;
pub mod data;
mod dtype;
mod error;
pub mod func;
mod kernels;
pub mod nn;
pub mod ops;
pub mod optim;
pub mod random;
pub mod serialize;
mod tensor;

pub use autograd::{
    enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
    set_grad_enabled, BackwardOptions, GradFn, GradModeGuard, InferenceModeGuard, NextFunction,
};
pub use dtype::{get_default_dtype, set_default_dtype, DType};
pub use error::{Error, ErrorKind, Result};
pub use ops::class_loss::ClassLossOptions;
pub use ops::inplace::Operand;
pub use ops::nn::Reduction;
pub use ops::normalization::BatchNormArgs;
pub use ops::pad::PadMode;
pub use ops::pool::Pool2d;
pub use ops::shape::TensorIndex;
pub use ops::Scalar;
pub use random::{
    default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state, Generator,
};
pub use tensor::create::TensorData;
pub use tensor::display::{PyDisplay, PyRepr};
pub use tensor::size::{checked_numel, checked_storage_numel};
pub use tensor::{Element, Size, Tensor};

/// Sets the number of threads the kernels split their work across (`torch.set_num_threads`),
/// for the whole process; PyTorch's error for 0. Unset, it is the size of the rayon pool the
/// caller runs under (the global pool's: `RAYON_NUM_THREADS`, else one per CPU).
///
/// ```
/// let before = ferrograd::get_num_threads();
/// ferrograd::set_num_threads(1).unwrap();
/// assert_eq!(ferrograd::get_num_threads(), 1);
/// assert_eq!(
///     ferrograd::set_num_threads(0).unwrap_err().to_string(),
///     "set_num_threads expects a positive integer"
/// );
/// ferrograd::set_num_threads(before).unwrap();
/// ```
pub fn set_num_threads(n: usize) -> Result<()> {
    if n == 0 {
        return Err(error::runtime("set_num_threads expects a positive integer"));
    }
    kernels::cpu::set_threads(n);
    Ok(())
}

/// The number of threads the kernels split their work across (`torch.get_num_threads`): the
/// count given to [`set_num_threads`], else the size of the caller's rayon pool.
///
/// ```
/// assert!(ferrograd::get_num_threads() >= 1);
/// ```
pub fn get_num_threads() -> usize {
    kernels::cpu::team_size()
}
