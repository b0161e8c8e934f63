//! Hooks on the tensors saved for backward (`torch.autograd.graph.saved_tensors_hooks`): while
//! a guard is alive, every tensor an op or a custom function saves is given to `pack`, and
//! what `pack` returned is given to `unpack` when backward (or `grad_fn._saved_*`) reads it.

use crate::error::{runtime, Result};
use crate::Tensor;
use std::any::Any;
use std::cell::RefCell;
use std::sync::Arc;

/// What `pack` returns: anything, kept by the graph until backward unpacks it.
pub type Packed = Box<dyn Any + Send + Sync>;

/// A pair of saved-tensor hooks.
///
/// ```
/// use ferrograd::autograd::{saved_tensors_hooks, Packed, SavedTensorHooks};
/// use ferrograd::{Result, Tensor};
/// use std::sync::Arc;
///
/// /// Saves a copy, and doubles it when backward reads it.
/// struct Doubling;
/// impl SavedTensorHooks for Doubling {
///     fn pack(&self, t: &Tensor) -> Result<Packed> { Ok(Box::new(t.detach())) }
///     fn unpack(&self, p: &Packed) -> Result<Tensor> {
///         p.downcast_ref::<Tensor>().unwrap().try_mul_scalar(2.0)
///     }
/// }
///
/// let x = Tensor::new(3.0).requires_grad_(true);
/// let y = {
///     let _hooks = saved_tensors_hooks(Arc::new(Doubling)).unwrap();
///     &x * &x
/// };
/// y.backward();
/// // d(x·x)/dx = other + self, each saved x read back as 6 (without the hooks: 3 + 3)
/// assert_eq!(x.grad().unwrap().item(), 12.0);
/// ```
pub trait SavedTensorHooks: Send + Sync {
    /// Called when a tensor is saved; what it returns is kept instead.
    fn pack(&self, t: &Tensor) -> Result<Packed>;
    /// Called when backward reads the saved tensor: the tensor to use.
    fn unpack(&self, packed: &Packed) -> Result<Tensor>;
}

enum Entry {
    Hooks(Arc<dyn SavedTensorHooks>),
    Disabled(String),
}

thread_local! {
    static STACK: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Keeps hooks (or their disabling) in force on this thread until dropped.
#[must_use = "the hooks apply until this guard is dropped"]
pub struct SavedTensorHooksGuard {
    _private: (),
}

impl Drop for SavedTensorHooksGuard {
    fn drop(&mut self) {
        STACK.with(|s| s.borrow_mut().pop());
    }
}

fn disabled_message() -> Option<String> {
    STACK.with(|s| {
        s.borrow().iter().rev().find_map(|e| match e {
            Entry::Disabled(m) => Some(m.clone()),
            Entry::Hooks(_) => None,
        })
    })
}

/// Applies `hooks` to every tensor saved for backward on this thread while the guard lives
/// (the innermost hooks win). PyTorch's error if hooks are disabled (see
/// [`disable_saved_tensors_hooks`]).
///
/// See [`SavedTensorHooks`] for an example.
pub fn saved_tensors_hooks(hooks: Arc<dyn SavedTensorHooks>) -> Result<SavedTensorHooksGuard> {
    if let Some(m) = disabled_message() {
        return Err(runtime(m));
    }
    STACK.with(|s| s.borrow_mut().push(Entry::Hooks(hooks)));
    Ok(SavedTensorHooksGuard { _private: () })
}

/// Refuses saved-tensor hooks with `message` while the guard lives
/// (`torch.autograd.graph.disable_saved_tensors_hooks`).
///
/// ```
/// use ferrograd::autograd::{disable_saved_tensors_hooks, saved_tensors_hooks, Packed, SavedTensorHooks};
/// # use ferrograd::{Result, Tensor};
/// # struct Id;
/// # impl SavedTensorHooks for Id {
/// #     fn pack(&self, t: &Tensor) -> Result<Packed> { Ok(Box::new(t.clone())) }
/// #     fn unpack(&self, p: &Packed) -> Result<Tensor> { Ok(p.downcast_ref::<Tensor>().unwrap().clone()) }
/// # }
/// let _off = disable_saved_tensors_hooks("no hooks here");
/// let err = saved_tensors_hooks(std::sync::Arc::new(Id)).err().unwrap();
/// assert_eq!(err.to_string(), "no hooks here");
/// ```
pub fn disable_saved_tensors_hooks(message: &str) -> SavedTensorHooksGuard {
    STACK.with(|s| s.borrow_mut().push(Entry::Disabled(message.to_string())));
    SavedTensorHooksGuard { _private: () }
}

/// The hooks in force on this thread, if any.
#[inline]
pub(crate) fn current() -> Option<Arc<dyn SavedTensorHooks>> {
    STACK.with(|s| match s.borrow().last() {
        Some(Entry::Hooks(h)) => Some(h.clone()),
        _ => None,
    })
}

/// A saved tensor packed by hooks, with the hooks that unpack it.
pub(crate) struct PackedTensor {
    pub(crate) hooks: Arc<dyn SavedTensorHooks>,
    pub(crate) packed: Packed,
}

/// Counts an in-place modification of `t` that the library did not see (PyTorch's
/// `torch.autograd.graph.increment_version`): backward through a graph that saved `t` then
/// fails as after an in-place op.
///
/// ```
/// let x = ferrograd::Tensor::new([1.0, 2.0]);
/// ferrograd::autograd::increment_version(&x);
/// assert_eq!(x.version(), 1);
/// ```
pub fn increment_version(t: &Tensor) {
    t.0.counter().bump();
}
