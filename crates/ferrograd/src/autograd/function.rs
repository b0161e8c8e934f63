//! Custom differentiable functions (`torch.autograd.Function`): implement [`Function`] with a
//! forward and a backward, then [`apply`] it inside any graph.

use super::record_unbatched;
use crate::error::{runtime, Result};
use crate::{no_grad, Tensor};
use std::any::Any;
use std::sync::Arc;

/// What `forward` hands to `backward`: tensors saved with [`FunctionCtx::save_for_backward`]
/// (version-checked like any saved tensor) and which inputs need a gradient.
#[derive(Default)]
pub struct FunctionCtx {
    saved: Vec<Tensor>,
    needs: Vec<bool>,
}

impl FunctionCtx {
    /// Saves tensors (inputs or the output) for `backward` (`ctx.save_for_backward`).
    ///
    /// ```
    /// let mut ctx = ferrograd::autograd::FunctionCtx::default();
    /// ctx.save_for_backward(&[ferrograd::Tensor::new(1.0)]);
    /// assert_eq!(ctx.saved_tensors().len(), 1);
    /// ```
    pub fn save_for_backward(&mut self, tensors: &[Tensor]) {
        self.saved.extend(tensors.iter().cloned());
    }
    /// The saved tensors, in the order saved (`ctx.saved_tensors`).
    ///
    /// ```
    /// let ctx = ferrograd::autograd::FunctionCtx::default();
    /// assert!(ctx.saved_tensors().is_empty());
    /// ```
    pub fn saved_tensors(&self) -> &[Tensor] {
        &self.saved
    }
    /// Whether input `i` needs a gradient (`ctx.needs_input_grad[i]`).
    ///
    /// ```
    /// let ctx = ferrograd::autograd::FunctionCtx::default();
    /// assert!(!ctx.needs_input_grad(0));
    /// ```
    pub fn needs_input_grad(&self, i: usize) -> bool {
        self.needs.get(i).copied().unwrap_or(false)
    }
}

/// A differentiable function defined by its forward computation and its backward rule.
///
/// `forward` runs without recording; `backward` receives the output's gradient and returns one
/// gradient (or `None`) per input. Write `backward` with tensor operations and the function is
/// differentiable to any order (`create_graph`).
///
/// ```
/// use ferrograd::autograd::{apply, Function, FunctionCtx};
/// use ferrograd::{Result, Tensor};
///
/// struct Cube;
/// impl Function for Cube {
///     fn name(&self) -> &'static str { "CubeBackward" }
///     fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> Result<Tensor> {
///         ctx.save_for_backward(&x[..1]);
///         x[0].try_pow(3)
///     }
///     fn backward(&self, ctx: &FunctionCtx, g: &Tensor) -> Result<Vec<Option<Tensor>>> {
///         let x = &ctx.saved_tensors()[0];
///         Ok(vec![Some(g.try_mul(&x.try_pow(2)?.try_mul_scalar(3.0)?)?)])
///     }
/// }
///
/// let x = Tensor::new(2.0).requires_grad_(true);
/// let y = apply(Cube, &[x.clone()]).unwrap();
/// assert_eq!(y.to_string(), "tensor(8., grad_fn=<CubeBackward>)");
/// y.backward();
/// assert_eq!(x.grad().unwrap().item(), 12.0);
/// ```
pub trait Function: Send + Sync {
    /// The grad_fn name shown when printing the output (PyTorch: the class name + `Backward`).
    fn name(&self) -> &'static str {
        "CustomFunctionBackward"
    }
    /// An object the function holds that a binding wants listed by
    /// [`Tensor::exclusive_hook_states`] for the output (e.g. Python objects, for a garbage
    /// collector); `None` by default.
    fn state(&self) -> Option<Arc<dyn Any + Send + Sync>> {
        None
    }
    /// Computes the output (not recorded).
    fn forward(&self, ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Tensor>;
    /// The gradients of the inputs, given the output's gradient.
    fn backward(&self, ctx: &FunctionCtx, grad_output: &Tensor) -> Result<Vec<Option<Tensor>>>;
}

/// Runs a custom [`Function`] on `inputs` and records it in the graph (`MyFn.apply(...)`).
///
/// ```
/// # use ferrograd::autograd::{apply, Function, FunctionCtx};
/// # use ferrograd::{Result, Tensor};
/// struct Double;
/// impl Function for Double {
///     fn forward(&self, _: &mut FunctionCtx, x: &[Tensor]) -> Result<Tensor> { x[0].try_mul_scalar(2.0) }
///     fn backward(&self, _: &FunctionCtx, g: &Tensor) -> Result<Vec<Option<Tensor>>> { Ok(vec![Some(g.try_mul_scalar(2.0)?)]) }
/// }
/// let y = apply(Double, &[Tensor::new(1.0)]).unwrap();
/// assert!(!y.requires_grad());
/// ```
pub fn apply<F: Function + 'static>(function: F, inputs: &[Tensor]) -> Result<Tensor> {
    let mut ctx = FunctionCtx {
        saved: Vec::new(),
        needs: inputs.iter().map(|t| t.requires_grad()).collect(),
    };
    let out = {
        let _g = no_grad();
        let detached: Vec<Tensor> = inputs.iter().map(|t| t.detach()).collect();
        let out = function.forward(&mut ctx, &detached)?;
        // Saved inputs must be the caller's tensors (with their graphs) for higher derivatives.
        ctx.saved = ctx
            .saved
            .iter()
            .map(|s| {
                detached
                    .iter()
                    .position(|d| d.is_same(s))
                    .map(|i| inputs[i].clone())
                    .unwrap_or_else(|| s.clone())
            })
            .collect();
        // A fresh handle on the output, so that saving it creates no reference cycle.
        out.detach()
    };
    let is_out: Vec<bool> = ctx
        .saved
        .iter()
        .map(|s| s.shares_storage(&out) && s.shape() == out.shape())
        .collect();
    let saved_inputs: Vec<Tensor> = ctx
        .saved
        .iter()
        .zip(&is_out)
        .filter(|(_, o)| !**o)
        .map(|(s, _)| s.clone())
        .collect();
    let save_output = is_out.iter().any(|&o| o);
    let refs: Vec<&Tensor> = inputs.iter().collect();
    // ctx.saved_tensors, under the name PyTorch gives them in its error messages
    let srefs: Vec<(&str, &Tensor)> = saved_inputs.iter().map(|t| ("saved_tensors", t)).collect();
    let n_inputs = inputs.len();
    let metas: Vec<(Vec<usize>, crate::DType)> = inputs
        .iter()
        .map(|t| (t.shape().to_vec(), t.dtype()))
        .collect();
    let f = function;
    let state = f.state();
    let out = record_unbatched(f.name(), out, &refs, &srefs, save_output, move |c| {
        let mut it = c.saved.iter();
        let output = if save_output {
            c.saved.last().cloned()
        } else {
            None
        };
        let mut saved = Vec::with_capacity(is_out.len());
        for &o in &is_out {
            saved.push(if o {
                output.clone().expect("saved output")
            } else {
                it.next().expect("saved input").clone()
            });
        }
        let ctx = FunctionCtx {
            saved,
            needs: (0..n_inputs).map(|i| c.needs(i)).collect(),
        };
        let g = f.backward(&ctx, c.grad)?;
        if g.len() != n_inputs {
            return Err(runtime(format!(
                "function {} returned an incorrect number of gradients (expected {n_inputs}, got {})",
                f.name(),
                g.len()
            )));
        }
        g.into_iter()
            .enumerate()
            .map(|(i, g)| g.map(|g| validate(f.name(), i, g, &metas[i])).transpose())
            .collect()
    })?;
    if let (Some(state), Some(node)) = (state, out.meta().grad_fn.as_ref()) {
        let _ = node.state.set(state);
    }
    Ok(out)
}

/// PyTorch's `validate_outputs` for a custom backward's gradient of input `i`: summed down to
/// the input's shape when that broadcasts to it, else an error; cast to the input's dtype.
fn validate(
    name: &str,
    i: usize,
    g: Tensor,
    (shape, dtype): &(Vec<usize>, crate::DType),
) -> Result<Tensor> {
    let g = if g.shape() == shape.as_slice() {
        g
    } else if crate::ops::broadcast_shapes(shape, g.shape()).is_ok_and(|s| s == g.shape()) {
        crate::ops::reduce_grad(&g, shape, g.dtype())?
    } else {
        return Err(runtime(format!(
            "Function {name} returned an invalid gradient at index {i} - got {:?} but expected shape compatible with {:?}",
            g.shape(),
            shape
        )));
    };
    if g.dtype() == *dtype {
        Ok(g)
    } else {
        g.try_to_dtype(*dtype)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the given gradients whatever the output's gradient.
    struct Fixed(Vec<Option<Tensor>>);
    impl Function for Fixed {
        fn name(&self) -> &'static str {
            "FooBackward"
        }
        fn forward(&self, _: &mut FunctionCtx, x: &[Tensor]) -> Result<Tensor> {
            x[0].try_mul(&x[1])
        }
        fn backward(&self, _: &FunctionCtx, _: &Tensor) -> Result<Vec<Option<Tensor>>> {
            Ok(self.0.clone())
        }
    }

    fn run(grads: Vec<Option<Tensor>>) -> (Result<()>, Tensor, Tensor) {
        let x = Tensor::new([1.0f32, 2.0]).requires_grad_(true);
        let w = Tensor::new([3.0f32, 4.0]).requires_grad_(true);
        let y = apply(Fixed(grads), &[x.clone(), w.clone()]).unwrap();
        (y.sum().try_backward(), x, w)
    }

    #[test]
    fn wrong_number_of_gradients_is_pytorchs_error() {
        let (r, _, _) = run(vec![Some(Tensor::ones(&[2]))]);
        assert_eq!(
            r.unwrap_err().to_string(),
            "function FooBackward returned an incorrect number of gradients (expected 2, got 1)"
        );
    }

    #[test]
    fn a_gradient_of_an_incompatible_shape_is_refused() {
        let (r, x, _) = run(vec![Some(Tensor::ones(&[3])), None]);
        assert_eq!(
            r.unwrap_err().to_string(),
            "Function FooBackward returned an invalid gradient at index 0 - got [3] but expected shape compatible with [2]"
        );
        assert!(x.grad().is_none());
    }

    #[test]
    fn a_broadcast_gradient_is_summed_and_cast_to_the_input() {
        let g = Tensor::new_with_dtype([[1.0, 2.0], [3.0, 4.0]], crate::DType::Float64);
        let (r, x, w) = run(vec![Some(g), None]);
        r.unwrap();
        let gx = x.grad().unwrap();
        assert_eq!(gx.dtype(), crate::DType::Float32);
        assert_eq!(gx.to_vec::<f32>(), vec![4.0, 6.0]);
        assert!(w.grad().is_none());
    }
}
