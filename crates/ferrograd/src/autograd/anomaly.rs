//! Anomaly detection (`torch.autograd.set_detect_anomaly`): when on, a backward rule that
//! produces NaN fails naming the op and the source line of its forward call, and a saved tensor
//! modified in place names the op that saved it, where it ran, and where the tensor was modified.

use std::sync::atomic::{AtomicBool, Ordering};

static ANOMALY: AtomicBool = AtomicBool::new(false);

/// Whether anomaly detection is on.
///
/// ```
/// assert!(!ferrograd::autograd::is_anomaly_enabled());
/// ```
pub fn is_anomaly_enabled() -> bool {
    ANOMALY.load(Ordering::Relaxed)
}

/// Restores the previous anomaly mode when dropped.
#[must_use = "anomaly mode is restored when the guard is dropped"]
pub struct AnomalyGuard {
    prev: bool,
}

impl Drop for AnomalyGuard {
    fn drop(&mut self) {
        ANOMALY.store(self.prev, Ordering::Relaxed);
    }
}

/// Turns anomaly detection on or off (process-wide) until the guard is dropped.
///
/// ```
/// use ferrograd::{autograd, Tensor};
/// let _a = autograd::set_detect_anomaly(true);
/// let x = Tensor::new(0.0).requires_grad_(true);
/// let y = x.sqrt() * 0.0; // d/dx sqrt(x) at 0 is inf, times 0 is nan
/// let err = y.try_backward().unwrap_err().to_string();
/// assert!(err.starts_with("Function 'SqrtBackward0' returned nan values in its 0th output."));
/// assert!(err.contains("forward call at"));
/// ```
pub fn set_detect_anomaly(enabled: bool) -> AnomalyGuard {
    AnomalyGuard {
        prev: ANOMALY.swap(enabled, Ordering::Relaxed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tensor;

    #[test]
    fn anomaly_mode_names_ops_and_source_lines() {
        let _a = set_detect_anomaly(true);
        // NaN from a backward rule, with the forward call's file and line.
        let x = Tensor::new([0.0, 1.0]).requires_grad_(true);
        let line = line!() + 1;
        let y = x.sqrt();
        let err = (y * 0.0).sum().try_backward().unwrap_err().to_string();
        assert!(
            err.starts_with("Function 'SqrtBackward0' returned nan values in its 0th output."),
            "{err}"
        );
        assert!(err.contains(&format!("anomaly.rs:{line}:")), "{err}");

        // A saved tensor modified in place: which op saved it, where, and where it was modified.
        let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
        let saved_line = line!() + 1;
        let y = x.exp();
        let modified_line = line!() + 1;
        y.add_(1.0);
        let err = y.sum().try_backward().unwrap_err().to_string();
        assert!(err.contains("which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: the backtrace further above"), "{err}");
        assert!(
            err.contains("saved by ExpBackward0 (forward call at ")
                && err.contains(&format!("anomaly.rs:{saved_line}:")),
            "{err}"
        );
        assert!(
            err.contains("last modified in place at ")
                && err.contains(&format!("anomaly.rs:{modified_line}:")),
            "{err}"
        );
        drop(_a);
        // Off again: PyTorch's plain hint.
        let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
        let y = x.exp();
        y.add_(1.0);
        let err = y.sum().try_backward().unwrap_err().to_string();
        assert!(err.ends_with("Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."), "{err}");
    }
}
