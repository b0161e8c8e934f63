//! Comparing a tensor with PyTorch's recorded one, shared by the integration tests that include
//! this file (`#[path = "support/close.rs"] mod close;`).

#![allow(dead_code)]

use ferrograd::Tensor;

/// `got` has `want`'s shape and each element is within `tol · (floor + |want|)` of PyTorch's (a
/// NaN where PyTorch has NaN): `floor` 1 makes small values absolute, a tiny one purely relative.
pub fn close_within(what: &str, got: &Tensor, want: &Tensor, tol: f64, floor: f64) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    for (i, (a, b)) in got
        .to_vec::<f64>()
        .iter()
        .zip(want.to_vec::<f64>())
        .enumerate()
    {
        let ok = if b.is_nan() {
            a.is_nan()
        } else {
            (a - b).abs() <= tol * (floor + b.abs())
        };
        assert!(ok, "{what}[{i}]: {a} vs {b}");
    }
}

/// [`close_within`] with `tol` absolute near zero and relative elsewhere, and the same dtype.
pub fn close(what: &str, got: &Tensor, want: &Tensor, tol: f64) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    close_within(what, got, want, tol, 1.0);
}
