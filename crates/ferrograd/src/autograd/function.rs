//! Custom differentiable functions (`torch.autograd.Function`): implement [`Function`] (one
//! output) or [`MultiFunction`] (several outputs, non-differentiable ones, a `jvp` for forward
//! mode) with a forward and a backward, then [`apply`] / [`apply_multi`] it inside any graph.

mod apply;

pub use apply::{apply, apply_multi};

use crate::error::{runtime, Result};
use crate::Tensor;
use std::any::Any;
use std::sync::Arc;

/// What `forward` hands to `backward`: tensors saved with [`FunctionCtx::save_for_backward`]
/// (version-checked like any saved tensor), which inputs need a gradient, and what `forward`
/// marked (non-differentiable outputs, inputs modified in place, whether missing output
/// gradients are materialized as zeros).
pub struct FunctionCtx {
    pub(crate) saved: Vec<Tensor>,
    pub(crate) needs: Vec<bool>,
    pub(crate) non_differentiable: Vec<Tensor>,
    pub(crate) dirty: Vec<Tensor>,
    pub(crate) materialize_grads: bool,
}

impl Default for FunctionCtx {
    fn default() -> Self {
        FunctionCtx {
            saved: Vec::new(),
            needs: Vec::new(),
            non_differentiable: Vec::new(),
            dirty: Vec::new(),
            materialize_grads: true,
        }
    }
}

impl FunctionCtx {
    /// Saves tensors (inputs or outputs) for `backward` (`ctx.save_for_backward`).
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
    /// Marks outputs as not differentiable (`ctx.mark_non_differentiable`): they are returned
    /// without `grad_fn`, and `backward` receives a zero gradient (or `None`) for them.
    ///
    /// ```
    /// let mut ctx = ferrograd::autograd::FunctionCtx::default();
    /// ctx.mark_non_differentiable(&[ferrograd::Tensor::new(1.0)]);
    /// ```
    pub fn mark_non_differentiable(&mut self, outputs: &[Tensor]) {
        self.non_differentiable.extend(outputs.iter().cloned());
    }
    /// Marks inputs that `forward` modified in place and returns (`ctx.mark_dirty`): the
    /// returned output is the input itself, its history now ending in this function.
    ///
    /// ```
    /// let mut ctx = ferrograd::autograd::FunctionCtx::default();
    /// ctx.mark_dirty(&[ferrograd::Tensor::new(1.0)]);
    /// ```
    pub fn mark_dirty(&mut self, inputs: &[Tensor]) {
        self.dirty.extend(inputs.iter().cloned());
    }
    /// Whether gradients of outputs that received none are given to `backward` as zeros
    /// (`true`, the default) or as `None` (`ctx.set_materialize_grads(False)`).
    ///
    /// ```
    /// let mut ctx = ferrograd::autograd::FunctionCtx::default();
    /// ctx.set_materialize_grads(false);
    /// ```
    pub fn set_materialize_grads(&mut self, value: bool) {
        self.materialize_grads = value;
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

/// A custom function with any number of outputs (`torch.autograd.Function` in general).
///
/// `backward` receives one gradient per output (`None` for an output that received none, when
/// the context does not materialize them) and returns one per input. `jvp`, when
/// [`MultiFunction::has_jvp`] says so, gives the output tangents in forward mode; otherwise
/// forward mode derives them from `backward` (one differentiable output only).
///
/// ```
/// use ferrograd::autograd::{apply_multi, FunctionCtx, MultiFunction};
/// use ferrograd::{Result, Tensor};
///
/// /// `(sin x, cos x)`
/// struct SinCos;
/// impl MultiFunction for SinCos {
///     fn name(&self) -> &'static str { "SinCosBackward" }
///     fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> Result<Vec<Tensor>> {
///         ctx.save_for_backward(&x[..1]);
///         Ok(vec![x[0].try_sin()?, x[0].try_cos()?])
///     }
///     fn backward(&self, ctx: &FunctionCtx, g: &[Option<Tensor>]) -> Result<Vec<Option<Tensor>>> {
///         let x = &ctx.saved_tensors()[0];
///         let (gs, gc) = (g[0].as_ref().unwrap(), g[1].as_ref().unwrap());
///         Ok(vec![Some(gs.try_mul(&x.try_cos()?)?.try_sub(&gc.try_mul(&x.try_sin()?)?)?)])
///     }
/// }
///
/// let x = Tensor::new(0.5f64).requires_grad_(true);
/// let y = apply_multi(SinCos, &[x.clone()]).unwrap();
/// assert_eq!(y[1].grad_fn().unwrap().name(), "SinCosBackward");
/// (&y[0] + &y[1]).backward();
/// assert!((x.grad().unwrap().item() - (0.5f64.cos() - 0.5f64.sin())).abs() < 1e-6); // float32
/// ```
pub trait MultiFunction: Send + Sync {
    /// The grad_fn name shown when printing the outputs.
    fn name(&self) -> &'static str {
        "CustomFunctionBackward"
    }
    /// See [`Function::state`].
    fn state(&self) -> Option<Arc<dyn Any + Send + Sync>> {
        None
    }
    /// Computes the outputs (not recorded).
    fn forward(&self, ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>>;
    /// The gradients of the inputs, given one gradient per output.
    fn backward(
        &self,
        ctx: &FunctionCtx,
        grad_outputs: &[Option<Tensor>],
    ) -> Result<Vec<Option<Tensor>>>;
    /// Whether [`MultiFunction::jvp`] is defined.
    fn has_jvp(&self) -> bool {
        false
    }
    /// The output tangents given the input tangents (`None` for inputs without one), when
    /// [`MultiFunction::has_jvp`].
    fn jvp(&self, _ctx: &FunctionCtx, _tangents: &[Option<Tensor>]) -> Result<Vec<Option<Tensor>>> {
        Err(crate::error::not_implemented(
            "You must implement the jvp function for custom autograd.Function to use it with forward mode AD.",
        ))
    }
}

/// A one-output [`Function`] seen as a [`MultiFunction`].
pub(crate) struct Single<F>(pub(crate) F);

impl<F: Function> MultiFunction for Single<F> {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn state(&self) -> Option<Arc<dyn Any + Send + Sync>> {
        self.0.state()
    }
    fn forward(&self, ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>> {
        Ok(vec![self.0.forward(ctx, inputs)?])
    }
    fn backward(&self, ctx: &FunctionCtx, g: &[Option<Tensor>]) -> Result<Vec<Option<Tensor>>> {
        match &g[0] {
            Some(g) => self.0.backward(ctx, g),
            None => Ok(vec![None; ctx.needs.len()]),
        }
    }
}

/// PyTorch's `validate_outputs` for a custom backward's gradient of input `i`: summed down to
/// the input's shape when that broadcasts to it, else an error; cast to the input's dtype.
pub(crate) fn validate(
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

    /// `(sinh x, exp x, exp -x)` saving its two last outputs, as the double-backward tutorial:
    /// the saved outputs carry the function's graph, so the second derivative is right.
    struct Sinh {
        materialize: bool,
        seen: Arc<std::sync::Mutex<Vec<bool>>>,
    }
    impl MultiFunction for Sinh {
        fn name(&self) -> &'static str {
            "SinhBackward"
        }
        fn forward(&self, ctx: &mut FunctionCtx, x: &[Tensor]) -> Result<Vec<Tensor>> {
            let e = x[0].try_exp()?;
            let n = x[0].try_neg()?.try_exp()?;
            ctx.save_for_backward(&[e.clone(), n.clone()]);
            ctx.set_materialize_grads(self.materialize);
            Ok(vec![e.try_sub(&n)?.try_div_scalar(2.0)?, e, n])
        }
        fn backward(&self, ctx: &FunctionCtx, g: &[Option<Tensor>]) -> Result<Vec<Option<Tensor>>> {
            *self.seen.lock().unwrap() = g.iter().map(|g| g.is_some()).collect();
            let (e, n) = (&ctx.saved_tensors()[0], &ctx.saved_tensors()[1]);
            let mut gi = g[0]
                .as_ref()
                .unwrap()
                .try_mul(&e.try_add(n)?)?
                .try_div_scalar(2.0)?;
            if let Some(ge) = &g[1] {
                gi = gi.try_add(&ge.try_mul(e)?)?;
            }
            if let Some(gn) = &g[2] {
                gi = gi.try_sub(&gn.try_mul(n)?)?;
            }
            Ok(vec![Some(gi)])
        }
    }

    #[test]
    fn saved_outputs_of_a_multi_output_function_differentiate_again() {
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let x = Tensor::new_with_dtype([0.5, -1.0], crate::DType::Float64).requires_grad_(true);
        let f = Sinh {
            materialize: true,
            seen: seen.clone(),
        };
        let y = apply_multi(f, std::slice::from_ref(&x)).unwrap().remove(0);
        let opts = crate::autograd::GradOptions::new().create_graph(true);
        let g = crate::autograd::grad_with(&[y.sum()], std::slice::from_ref(&x), &opts).unwrap();
        let g = g[0].clone().unwrap();
        assert_eq!(*seen.lock().unwrap(), vec![true, true, true]);
        let gg = crate::autograd::grad(&[g.sum()], std::slice::from_ref(&x)).unwrap();
        let want: Vec<f64> = [0.5f64, -1.0].iter().map(|v| v.sinh()).collect();
        for (a, b) in gg[0].to_vec::<f64>().iter().zip(&want) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
    }

    #[test]
    fn without_materialization_missing_output_gradients_are_none() {
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let x = Tensor::new_with_dtype([0.5], crate::DType::Float64).requires_grad_(true);
        let f = Sinh {
            materialize: false,
            seen: seen.clone(),
        };
        let y = apply_multi(f, std::slice::from_ref(&x)).unwrap();
        y[0].try_add(&y[2]).unwrap().sum().backward();
        assert_eq!(*seen.lock().unwrap(), vec![true, false, true]);
        let want = 0.5f64.cosh() - (-0.5f64).exp();
        assert!((x.grad().unwrap().item() - want).abs() < 1e-12);
    }
}
