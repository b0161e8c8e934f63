//! Grad mode: whether operations record a graph. Thread-local, as in PyTorch.

use std::cell::Cell;

thread_local! {
    static GRAD_ENABLED: Cell<bool> = const { Cell::new(true) };
}

/// Whether operations on this thread currently record the graph.
///
/// ```
/// assert!(ferrograd::is_grad_enabled());
/// let _g = ferrograd::no_grad();
/// assert!(!ferrograd::is_grad_enabled());
/// ```
#[inline]
pub fn is_grad_enabled() -> bool {
    GRAD_ENABLED.with(|g| g.get())
}

/// Restores the previous grad mode when dropped.
#[must_use = "grad mode is restored when the guard is dropped"]
pub struct GradModeGuard {
    prev: bool,
}

impl Drop for GradModeGuard {
    fn drop(&mut self) {
        GRAD_ENABLED.with(|g| g.set(self.prev));
    }
}

/// Sets grad mode on this thread until the guard is dropped (`torch.set_grad_enabled`).
///
/// ```
/// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
/// {
///     let _g = ferrograd::set_grad_enabled(false);
///     assert!(!x.exp().requires_grad());
/// }
/// assert!(x.exp().requires_grad());
/// ```
pub fn set_grad_enabled(enabled: bool) -> GradModeGuard {
    let prev = GRAD_ENABLED.with(|g| g.replace(enabled));
    GradModeGuard { prev }
}

/// Turns recording off until the guard is dropped (`with torch.no_grad():`).
///
/// ```
/// let w = ferrograd::Tensor::new([1.0, 2.0]).requires_grad_(true);
/// let _g = ferrograd::no_grad();
/// let y = &w * 2.0;
/// assert!(!y.requires_grad());
/// ```
pub fn no_grad() -> GradModeGuard {
    set_grad_enabled(false)
}

/// Turns recording back on until the guard is dropped (`with torch.enable_grad():`).
///
/// ```
/// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
/// let _off = ferrograd::no_grad();
/// {
///     let _on = ferrograd::enable_grad();
///     assert!(x.exp().requires_grad());
/// }
/// assert!(!x.exp().requires_grad());
/// ```
pub fn enable_grad() -> GradModeGuard {
    set_grad_enabled(true)
}
