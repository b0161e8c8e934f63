//! Custom differentiable functions (`torch.autograd.Function`): implement [`Function`] with a
//! forward and a backward, then [`apply`] it inside any graph.

use super::record_unbatched;
use crate::error::{runtime, Result};
use crate::{no_grad, Tensor};

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
    let f = function;
    record_unbatched(f.name(), out, &refs, &srefs, save_output, move |c| {
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
        Ok(g)
    })
}
