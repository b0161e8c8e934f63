//! Function transforms, PyTorch's `torch.func` (from JAX): [`grad`], [`grad_and_value`],
//! [`vjp`], [`jvp`], [`jacrev`], [`jacfwd`], [`hessian`] and [`vmap`], over closures.
//!
//! A transform takes a function and returns a function; transforms compose
//! (`grad(grad(f))`, `jacrev(jacrev(f))`, `jacfwd(jacrev(f))`, `vmap(grad(f))`).
//!
//! ```
//! use ferrograd::{func, DType, Tensor};
//! let d = func::grad(|x: &Tensor| Ok(x.sin()));
//! let dd = func::grad(move |x: &Tensor| d(x));
//! let x = Tensor::new_with_dtype(0.5, DType::Float64);
//! assert!((dd(&x).unwrap().item() + 0.5f64.sin()).abs() < 1e-12);
//! ```
//!
//! # How the transforms work
//!
//! The reverse transforms (`grad`, `vjp`, `jacrev`) run the function on aliases of its inputs
//! that require grad and differentiate with the autograd engine. Inside another transform (or
//! when an input already requires grad) the backward pass records its own graph
//! (`create_graph`), so the next transform out differentiates the result again; at the top
//! level the results are plain tensors, as PyTorch's. Differentiating with respect to a fresh
//! alias, never the caller's tensor, keeps nested levels apart: in
//! `grad(|y| grad(|x| x * y)(y))` the inner derivative is `y`, not `2y`.
//!
//! `jvp` and `jacfwd` use the double-vjp construction: the vjp `u ↦ Jᵀu` is linear in `u`, so its
//! derivative with respect to `u` along `v` is `J·v`. Unlike dual tensors (whose levels do not
//! nest), this is itself differentiable, so `jacfwd(jacrev(f))` (the [`hessian`]) and
//! `jacrev(jacfwd(f))` work to any depth.
//!
//! `jacrev` and `jacfwd` compute every row (or column) of a Jacobian in one backward pass
//! whose gradients carry a batch dimension (`is_grads_batched`): each op's backward rule runs
//! once on the whole batch (custom Functions run once per row), and `chunk_size` bounds the
//! batch.
//!
//! [`vmap`] maps a function over a dimension of its inputs by running it once per example on
//! the selected slices and stacking the results, so every op and every transform inside it
//! works, with PyTorch's `in_dims`/`out_dims` and errors.

mod transforms;
mod vmap;

pub use transforms::{
    captures_grad, grad, grad_and_value, grad_and_value_aux, grad_argnums, hessian, jacfwd, jacrev,
    jvp, vjp, GradValueAux, VjpFn,
};
pub use vmap::{in_vmap, vmap, VmapLevel};
