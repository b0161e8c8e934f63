//! Tensor gradient hooks: a name for messages, the function, and an optional state object the
//! hook keeps alive (which bindings can enumerate, e.g. to show a garbage collector the objects
//! a hook holds), and the engine's check that a hook returns a gradient of the same type and
//! size, as PyTorch's `check_single_result`.

use crate::error::{runtime, Result};
use crate::Tensor;
use std::any::Any;
use std::sync::Arc;

type HookFn = dyn Fn(&Tensor) -> Result<Option<Tensor>> + Send + Sync;

/// A gradient hook to register with [`Tensor::try_register_tensor_hook`]: the function sees the
/// gradient flowing into the tensor and may return a replacement of the same dtype and shape.
///
/// ```
/// use ferrograd::{autograd::TensorHook, Tensor};
/// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
/// x.try_register_tensor_hook(TensorHook::new(|g| Some(g * 2.0)).named("double")).unwrap();
/// (&x * 3.0).sum().backward();
/// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![6.0, 6.0]);
/// ```
#[derive(Clone)]
pub struct TensorHook {
    name: Arc<str>,
    f: Arc<HookFn>,
    state: Option<Arc<dyn Any + Send + Sync>>,
}

impl TensorHook {
    /// A hook named `"hook"` running `f`.
    ///
    /// ```
    /// let h = ferrograd::autograd::TensorHook::new(|_| None);
    /// assert_eq!(h.name(), "hook");
    /// ```
    pub fn new(f: impl Fn(&Tensor) -> Option<Tensor> + Send + Sync + 'static) -> Self {
        Self::fallible(move |g| Ok(f(g)))
    }
    /// A hook that may fail: its error ends the backward pass.
    ///
    /// ```
    /// use ferrograd::{autograd::TensorHook, Error, ErrorKind, Tensor};
    /// let x = Tensor::new([1.0]).requires_grad_(true);
    /// x.register_tensor_hook(TensorHook::fallible(|_| Err(Error::new(ErrorKind::Value, "no"))));
    /// assert_eq!(x.exp().sum().try_backward().unwrap_err().to_string(), "no");
    /// assert!(x.grad().is_none());
    /// ```
    pub fn fallible(f: impl Fn(&Tensor) -> Result<Option<Tensor>> + Send + Sync + 'static) -> Self {
        TensorHook {
            name: Arc::from("hook"),
            f: Arc::new(f),
            state: None,
        }
    }
    /// The same hook under another name (used in error messages: `hook 'name' has changed the
    /// size of value`).
    ///
    /// ```
    /// let h = ferrograd::autograd::TensorHook::new(|_| None).named("scale");
    /// assert_eq!(h.name(), "scale");
    /// ```
    pub fn named(mut self, name: &str) -> Self {
        self.name = Arc::from(name);
        self
    }
    /// The same hook holding `state` (kept alive with the hook and listed by
    /// [`Tensor::exclusive_hook_states`]).
    ///
    /// ```
    /// use std::sync::Arc;
    /// let h = ferrograd::autograd::TensorHook::new(|_| None).with_state(Arc::new(7u8));
    /// assert_eq!(h.state().unwrap().downcast_ref::<u8>(), Some(&7));
    /// ```
    pub fn with_state(mut self, state: Arc<dyn Any + Send + Sync>) -> Self {
        self.state = Some(state);
        self
    }
    /// The name given with [`TensorHook::named`].
    ///
    /// ```
    /// assert_eq!(ferrograd::autograd::TensorHook::new(|_| None).name(), "hook");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The state given with [`TensorHook::with_state`].
    ///
    /// ```
    /// assert!(ferrograd::autograd::TensorHook::new(|_| None).state().is_none());
    /// ```
    pub fn state(&self) -> Option<&Arc<dyn Any + Send + Sync>> {
        self.state.as_ref()
    }

    /// Runs the hook on `g`: its replacement, checked to have `g`'s dtype and shape.
    pub(crate) fn run(&self, g: &Tensor) -> Result<Option<Tensor>> {
        let Some(r) = (self.f)(g)? else {
            return Ok(None);
        };
        check_same(&self.name, g, &r)?;
        Ok(Some(r))
    }
}

/// The gradients a node's rule computed, one per input (`None` where an input needs none).
pub type InputGrads = Vec<Option<Tensor>>;

type NodeHookFn =
    dyn Fn(&[Option<Tensor>], &[Option<Tensor>]) -> Result<Option<InputGrads>> + Send + Sync;

/// A hook on a graph node (`grad_fn.register_hook`): called after the node's backward rule with
/// the gradients of the node's inputs and those of its outputs (one per output, `None` for an
/// output that received none); it may return replacements for the inputs' gradients, one per
/// input, each of the same dtype and shape. Registered with
/// [`GradFn::register_outputs_prehook`](crate::GradFn::register_outputs_prehook), it runs before
/// the rule instead, on the outputs' gradients (and an empty second argument), and may replace
/// them.
///
/// ```
/// use ferrograd::{autograd::NodeHook, Tensor};
/// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
/// let y = x.exp();
/// let double = NodeHook::new(|gi, _go| Ok(Some(gi.iter().map(|g| g.as_ref().map(|g| g * 2.0)).collect())));
/// y.grad_fn().unwrap().register_hook(double);
/// y.sum().backward();
/// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0 * 1f32.exp(), 2.0 * 2f32.exp()]);
/// ```
#[derive(Clone)]
pub struct NodeHook {
    name: Arc<str>,
    f: Arc<NodeHookFn>,
    state: Option<Arc<dyn Any + Send + Sync>>,
}

impl NodeHook {
    /// A hook named `"hook"` running `f(grad_inputs, grad_outputs)`.
    ///
    /// ```
    /// assert_eq!(ferrograd::autograd::NodeHook::new(|_, _| Ok(None)).named("h").name(), "h");
    /// ```
    pub fn new(
        f: impl Fn(&[Option<Tensor>], &[Option<Tensor>]) -> Result<Option<InputGrads>>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        NodeHook {
            name: Arc::from("hook"),
            f: Arc::new(f),
            state: None,
        }
    }
    /// The same hook under another name (used in error messages).
    ///
    /// ```
    /// assert_eq!(ferrograd::autograd::NodeHook::new(|_, _| Ok(None)).name(), "hook");
    /// ```
    pub fn named(mut self, name: &str) -> Self {
        self.name = Arc::from(name);
        self
    }
    /// The same hook holding `state` (listed by [`Tensor::exclusive_hook_states`] for the
    /// node's output).
    ///
    /// ```
    /// use std::sync::Arc;
    /// let h = ferrograd::autograd::NodeHook::new(|_, _| Ok(None)).with_state(Arc::new(1u8));
    /// assert_eq!(h.name(), "hook");
    /// ```
    pub fn with_state(mut self, state: Arc<dyn Any + Send + Sync>) -> Self {
        self.state = Some(state);
        self
    }
    /// The hook's name.
    ///
    /// ```
    /// assert_eq!(ferrograd::autograd::NodeHook::new(|_, _| Ok(None)).name(), "hook");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs the hook: the gradients to pass on, checked as PyTorch does (as many as before, no
    /// gradient where there was none, same dtypes and shapes).
    pub(crate) fn run(
        &self,
        grads: InputGrads,
        grad_outputs: &[Option<Tensor>],
    ) -> Result<InputGrads> {
        let Some(new) = (self.f)(&grads, grad_outputs)? else {
            return Ok(grads);
        };
        if new.len() != grads.len() {
            return Err(runtime(format!(
                "hook '{}' has returned an incorrect number of values (got {}, but expected {})",
                self.name,
                new.len(),
                grads.len()
            )));
        }
        for (old, new) in grads.iter().zip(&new) {
            match (old, new) {
                (None, Some(_)) => {
                    return Err(runtime(
                        "can't replace a None gradient with a non-None value",
                    ))
                }
                (Some(o), Some(n)) => check_same(&self.name, o, n)?,
                _ => {}
            }
        }
        Ok(new)
    }
}

/// PyTorch's `check_single_result`: a hook's replacement keeps the dtype and the shape.
fn check_same(name: &str, original: &Tensor, result: &Tensor) -> Result<()> {
    if result.dtype() != original.dtype() {
        return Err(runtime(format!(
            "hook '{name}' has changed the type of value (was {} got {})",
            original.dtype().legacy_type_name(),
            result.dtype().legacy_type_name()
        )));
    }
    if result.shape() != original.shape() {
        return Err(runtime(format!(
            "hook '{name}' has changed the size of value"
        )));
    }
    Ok(())
}

impl crate::GradFn {
    /// Registers a hook run after this node's backward rule (`grad_fn.register_hook`).
    ///
    /// ```
    /// use ferrograd::{autograd::NodeHook, Tensor};
    /// let x = Tensor::new([1.0]).requires_grad_(true);
    /// let y = x.exp();
    /// y.grad_fn().unwrap().register_hook(NodeHook::new(|_, _| Ok(Some(vec![None, None]))).named("two"));
    /// assert_eq!(
    ///     y.sum().try_backward().unwrap_err().to_string(),
    ///     "hook 'two' has returned an incorrect number of values (got 2, but expected 1)"
    /// );
    /// ```
    pub fn register_hook(&self, hook: NodeHook) {
        self.0
            .extras()
            .post_hooks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(hook);
    }
    /// Registers a hook run on the gradient of this node's first output before its rule,
    /// checked as a tensor hook (for every output at once, see
    /// [`GradFn::register_outputs_prehook`]).
    ///
    /// ```
    /// use ferrograd::{autograd::TensorHook, Tensor};
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.exp();
    /// y.grad_fn().unwrap().register_prehook(TensorHook::new(|g| Some(g * 0.0)));
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    pub fn register_prehook(&self, hook: TensorHook) {
        self.0
            .extras()
            .pre_hooks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((0, hook));
    }

    /// Registers a hook run before this node's rule on the gradients of all its outputs
    /// (`grad_fn.register_prehook` of PyTorch: `f(grad_outputs, &[])`, one gradient per output,
    /// `None` where an output received none), after the outputs' own tensor hooks; it may
    /// return replacements, checked as [`GradFn::register_hook`]'s.
    ///
    /// ```
    /// use ferrograd::{autograd::NodeHook, Tensor};
    /// let x = Tensor::arange(4.0).requires_grad_(true);
    /// let p = x.try_split(2, 0).unwrap();
    /// let scale = NodeHook::new(|go, _| Ok(Some(vec![go[0].as_ref().map(|g| g * 10.0), go[1].clone()])));
    /// p[0].grad_fn().unwrap().register_outputs_prehook(scale);
    /// (&p[0].sum() + &(&p[1].sum() * 2.0)).backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![10.0, 10.0, 2.0, 2.0]);
    /// ```
    pub fn register_outputs_prehook(&self, hook: NodeHook) {
        self.0
            .extras()
            .outputs_pre_hooks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(hook);
    }
}

/// Runs `hooks` in order on `g`, each on the previous one's result.
pub(crate) fn run_all(hooks: &[TensorHook], mut g: Tensor) -> Result<Tensor> {
    for h in hooks {
        if let Some(r) = h.run(&g)? {
            g = r;
        }
    }
    Ok(g)
}

impl Tensor {
    /// Registers `hook` on this tensor (`register_hook`): it sees the gradient flowing into the
    /// tensor and may replace it; a replacement of another dtype or shape fails the backward
    /// pass with PyTorch's message.
    ///
    /// ```
    /// use ferrograd::{autograd::TensorHook, Tensor};
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// x.try_register_tensor_hook(TensorHook::new(|_| Some(Tensor::zeros(&[3]))).named("grow"))
    ///     .unwrap();
    /// let e = (&x * 2.0).sum().try_backward().unwrap_err();
    /// assert_eq!(e.to_string(), "hook 'grow' has changed the size of value");
    /// ```
    pub fn try_register_tensor_hook(&self, hook: TensorHook) -> Result<()> {
        let mut m = self.meta();
        if !m.requires_grad {
            return Err(runtime(
                "cannot register a hook on a tensor that doesn't require gradient",
            ));
        }
        match &m.grad_fn {
            Some(node) => node
                .extras()
                .pre_hooks
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((m.output_nr, hook)),
            None => m.hooks.push(hook),
        }
        Ok(())
    }

    /// The states ([`TensorHook::with_state`]) of this tensor's hooks, and for the output of a
    /// custom [`Function`](crate::autograd::Function) its [`state`](crate::autograd::Function::state),
    /// when this handle is the only way to reach them: the tensor has no other handle and, for
    /// a non-leaf, its grad_fn belongs to it alone. Otherwise (or while another thread holds the tensor's autograd
    /// state) nothing. A binding that owns the handle can report these as objects it holds.
    ///
    /// ```
    /// use ferrograd::{autograd::TensorHook, Tensor};
    /// use std::sync::Arc;
    /// let x = Tensor::new([1.0]).requires_grad_(true);
    /// x.register_tensor_hook(TensorHook::new(|_| None).with_state(Arc::new(1u8)));
    /// assert_eq!(x.exclusive_hook_states().len(), 1);
    /// let y = x.exp(); // y's node holds x too
    /// assert!(x.exclusive_hook_states().is_empty());
    /// drop(y);
    /// assert_eq!(x.exclusive_hook_states().len(), 1);
    /// ```
    pub fn exclusive_hook_states(&self) -> Vec<Arc<dyn Any + Send + Sync>> {
        if Arc::strong_count(&self.0) != 1 {
            return Vec::new();
        }
        let Ok(m) = self.0.meta.try_lock() else {
            return Vec::new();
        };
        let states = |hooks: &[TensorHook]| -> Vec<_> {
            hooks.iter().filter_map(|h| h.state.clone()).collect()
        };
        match &m.grad_fn {
            None => states(&m.hooks),
            Some(node) if Arc::strong_count(node) == 1 => {
                let Some(x) = node.extras_if_any() else {
                    return Vec::new();
                };
                let mut v: Vec<_> = match x.pre_hooks.try_lock() {
                    Some(hooks) => hooks.iter().filter_map(|(_, h)| h.state.clone()).collect(),
                    None => Vec::new(),
                };
                if let Some(post) = x.post_hooks.try_lock() {
                    v.extend(post.iter().filter_map(|h| h.state.clone()));
                }
                if let Some(pre) = x.outputs_pre_hooks.try_lock() {
                    v.extend(pre.iter().filter_map(|h| h.state.clone()));
                }
                v.extend(x.state.get().cloned());
                v
            }
            Some(_) => Vec::new(),
        }
    }

    /// Removes every hook of this tensor (its own, or its grad_fn's for a non-leaf), dropping
    /// their states.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// x.register_hook(|g| Some(g * 0.0));
    /// x.clear_hooks();
    /// x.exp().sum().backward();
    /// assert_eq!(x.grad().unwrap().item(), 1f64.exp() as f32 as f64);
    /// ```
    pub fn clear_hooks(&self) {
        let (hooks, node_hooks) = {
            let mut m = self.meta();
            let node_hooks = m.grad_fn.as_ref().and_then(|n| n.extras_if_any()).map(|x| {
                let mut post =
                    std::mem::take(&mut *x.post_hooks.lock().unwrap_or_else(|e| e.into_inner()));
                post.extend(std::mem::take(
                    &mut *x
                        .outputs_pre_hooks
                        .lock()
                        .unwrap_or_else(|e| e.into_inner()),
                ));
                // only this output's hooks (the node's other outputs keep theirs)
                let nr = m.output_nr;
                let mut all = x.pre_hooks.lock().unwrap_or_else(|e| e.into_inner());
                let (pre, others): (Vec<_>, Vec<_>) = std::mem::take(&mut *all)
                    .into_iter()
                    .partition(|(i, _)| *i == nr);
                *all = others;
                drop(all);
                (pre, post)
            });
            (std::mem::take(&mut m.hooks), node_hooks)
        };
        // dropped here, outside the lock: a state's destructor may reach this tensor again
        drop((hooks, node_hooks));
    }

    /// Panicking [`Tensor::try_register_tensor_hook`].
    ///
    /// ```
    /// use ferrograd::{autograd::TensorHook, Tensor};
    /// let x = Tensor::new(1.0).requires_grad_(true);
    /// x.register_tensor_hook(TensorHook::new(|g| Some(g * 2.0)));
    /// x.exp().backward();
    /// assert!((x.grad().unwrap().item() - 2.0 * 1f64.exp()).abs() < 1e-5);
    /// ```
    #[track_caller]
    pub fn register_tensor_hook(&self, hook: TensorHook) {
        crate::error::unwrap(self.try_register_tensor_hook(hook))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hook_changing_the_dtype_fails_backward() {
        let x = Tensor::new([1.0f32, 2.0]).requires_grad_(true);
        let y = &x * 2.0;
        y.register_hook(|g| Some(g.to_dtype(crate::DType::Float64)));
        let e = y.sum().try_backward().unwrap_err();
        assert_eq!(
            e.to_string(),
            "hook 'hook' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)"
        );
        assert!(x.grad().is_none());
    }

    #[test]
    fn a_leaf_hook_changing_the_size_fails_grad_too() {
        let x = Tensor::new([1.0f32, 2.0]).requires_grad_(true);
        x.register_tensor_hook(TensorHook::new(|_| Some(Tensor::zeros(&[1]))).named("f"));
        let y = (&x * 2.0).sum();
        let e = crate::autograd::grad(&[y], std::slice::from_ref(&x)).unwrap_err();
        assert_eq!(e.to_string(), "hook 'f' has changed the size of value");
    }

    #[test]
    fn hooks_run_in_order_and_keep_a_valid_replacement() {
        let x = Tensor::new([1.0f64, 2.0]).requires_grad_(true);
        x.register_hook(|g| Some(g + 1.0));
        x.register_hook(|g| Some(g * 10.0));
        (&x * 3.0).sum().backward();
        assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![40.0, 40.0]);
    }

    #[test]
    fn states_of_a_shared_node_are_not_exclusive() {
        let x = Tensor::new([1.0]).requires_grad_(true);
        let y = x.exp();
        y.register_tensor_hook(TensorHook::new(|_| None).with_state(Arc::new(())));
        assert_eq!(y.exclusive_hook_states().len(), 1);
        let z = y.sin(); // z's node holds y's node
        assert!(y.exclusive_hook_states().is_empty());
        drop(z);
        y.clear_hooks();
        assert!(y.exclusive_hook_states().is_empty());
    }
    #[test]
    fn node_hooks_are_checked_like_pytorchs() {
        let x = Tensor::new([1.0f32, 2.0]).requires_grad_(true);
        // y = x * c with a constant c: the node's second input needs no gradient
        let y = &x * &Tensor::new([3.0f32, 4.0]);
        let gf = y.grad_fn().unwrap();
        gf.register_hook(NodeHook::new(|gi, _| {
            Ok(Some(vec![gi[0].clone(), gi[0].clone()]))
        }));
        let e = y.sum().try_backward().unwrap_err();
        assert_eq!(
            e.to_string(),
            "can't replace a None gradient with a non-None value"
        );

        let y = x.exp();
        y.grad_fn().unwrap().register_hook(
            NodeHook::new(|_, _| Ok(Some(vec![Some(Tensor::zeros(&[3]))]))).named("z"),
        );
        let e = y.sum().try_backward().unwrap_err();
        assert_eq!(e.to_string(), "hook 'z' has changed the size of value");

        let y = x.exp();
        y.grad_fn()
            .unwrap()
            .register_prehook(TensorHook::new(|g| Some(g.to_dtype(crate::DType::Float64))));
        let e = y.sum().try_backward().unwrap_err();
        assert_eq!(
            e.to_string(),
            "hook 'hook' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)"
        );
        assert!(x.grad().is_none());
    }

    #[test]
    fn a_node_hook_sees_the_output_gradient_and_may_keep_the_inputs() {
        let x = Tensor::new([1.0f64, 2.0]).requires_grad_(true);
        let y = &x * 2.0;
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let s = seen.clone();
        y.grad_fn()
            .unwrap()
            .register_hook(NodeHook::new(move |gi, go| {
                assert_eq!(go.len(), 1);
                let go = go[0].as_ref().expect("the output's gradient");
                s.lock().unwrap().push((gi.len(), go.to_vec::<f64>()));
                Ok(None)
            }));
        (&y * 5.0).sum().backward();
        assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![10.0, 10.0]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].1, vec![5.0, 5.0]);
    }
}
