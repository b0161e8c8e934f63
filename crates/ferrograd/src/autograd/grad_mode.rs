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

thread_local! {
    static INFERENCE_MODE: Cell<bool> = const { Cell::new(false) };
}

/// Whether inference mode is on for this thread (`torch.is_inference_mode_enabled()`).
///
/// ```
/// assert!(!ferrograd::is_inference_mode_enabled());
/// let _g = ferrograd::inference_mode(true);
/// assert!(ferrograd::is_inference_mode_enabled());
/// ```
pub fn is_inference_mode_enabled() -> bool {
    INFERENCE_MODE.with(|m| m.get())
}

/// Restores the previous inference mode and grad mode when dropped.
#[must_use = "inference mode is restored when the guard is dropped"]
pub struct InferenceModeGuard {
    prev_inference: bool,
    _grad: Option<GradModeGuard>,
}

impl Drop for InferenceModeGuard {
    fn drop(&mut self) {
        INFERENCE_MODE.with(|m| m.set(self.prev_inference));
    }
}

/// Inference mode until the guard is dropped (`with torch.inference_mode(mode):`).
///
/// With `mode` true, operations record no graph, as under [`no_grad`]; ferrograd has no
/// separate inference tensors, so what is computed inside stays usable outside. With `mode`
/// false the guard turns inference mode off inside an outer one and leaves grad mode as it is,
/// as PyTorch's `inference_mode(False)` does.
///
/// ```
/// use ferrograd::Tensor;
/// let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
/// {
///     let _g = ferrograd::inference_mode(true);
///     assert!(!(&w * 2.0).requires_grad());
///     {
///         let _off = ferrograd::inference_mode(false);
///         assert!(!ferrograd::is_inference_mode_enabled());
///         assert!(!ferrograd::is_grad_enabled()); // grad mode is unchanged
///     }
/// }
/// assert!((&w * 2.0).requires_grad());
/// ```
pub fn inference_mode(mode: bool) -> InferenceModeGuard {
    let prev_inference = INFERENCE_MODE.with(|m| m.replace(mode));
    InferenceModeGuard {
        prev_inference,
        _grad: mode.then(no_grad),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inference_mode_nests_and_restores_both_modes() {
        assert!(is_grad_enabled() && !is_inference_mode_enabled());
        {
            let _outer = inference_mode(true);
            assert!(!is_grad_enabled() && is_inference_mode_enabled());
            {
                let _on = enable_grad();
                let _inner = inference_mode(false);
                assert!(is_grad_enabled() && !is_inference_mode_enabled());
            }
            assert!(!is_grad_enabled() && is_inference_mode_enabled());
        }
        assert!(is_grad_enabled() && !is_inference_mode_enabled());
        let _off = inference_mode(false);
        assert!(is_grad_enabled() && !is_inference_mode_enabled());
    }
}
