//! The losses and nn functions behind `torch.nn.functional` (`l1_loss`, `smooth_l1_loss`,
//! `huber_loss`, `binary_cross_entropy` with and without logits, `kl_div`, `embedding`,
//! `bilinear`); argument handling and warnings are the Python layer's.

use super::*;
use ferrograd::Reduction;

fn pair<'a>(a: &'a Bound<'_, PyTensor>, b: &'a Bound<'_, PyTensor>) -> (&'a Tensor, &'a Tensor) {
    (&a.get().t, &b.get().t)
}

fn opt(t: Option<&Bound<'_, PyTensor>>) -> Option<Tensor> {
    t.map(|t| t.get().t.clone())
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_l1_loss", signature = (input, target, reduction = "mean"))]
pub(super) fn l1_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let r = Reduction::from_name(reduction).py()?;
    let (x, t) = pair(input, target);
    op(py, x.numel(), || x.try_l1_loss(t, r))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_smooth_l1_loss", signature = (input, target, reduction = "mean", beta = 1.0))]
pub(super) fn smooth_l1_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    beta: f64,
) -> PyResult<PyTensor> {
    let r = Reduction::from_name(reduction).py()?;
    let (x, t) = pair(input, target);
    op(py, x.numel(), || x.try_smooth_l1_loss(t, r, beta))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_huber_loss", signature = (input, target, reduction = "mean", delta = 1.0))]
pub(super) fn huber_loss(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    delta: f64,
) -> PyResult<PyTensor> {
    let r = Reduction::from_name(reduction).py()?;
    let (x, t) = pair(input, target);
    op(py, x.numel(), || x.try_huber_loss(t, r, delta))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_binary_cross_entropy", signature = (input, target, weight = None, reduction = "mean"))]
pub(super) fn binary_cross_entropy(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    weight: Option<&Bound<'_, PyTensor>>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let r = Reduction::from_name(reduction).py()?;
    let (x, t) = pair(input, target);
    let w = opt(weight);
    op(py, x.numel(), || {
        x.try_binary_cross_entropy(t, w.as_ref(), r)
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_binary_cross_entropy_with_logits", signature = (input, target, weight = None, pos_weight = None, reduction = "mean"))]
pub(super) fn binary_cross_entropy_with_logits(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    weight: Option<&Bound<'_, PyTensor>>,
    pos_weight: Option<&Bound<'_, PyTensor>>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let r = Reduction::from_name(reduction).py()?;
    let (x, t) = pair(input, target);
    let (w, pw) = (opt(weight), opt(pos_weight));
    op(py, x.numel(), || {
        x.try_binary_cross_entropy_with_logits(t, w.as_ref(), pw.as_ref(), r)
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_kl_div", signature = (input, target, reduction = "mean", log_target = false))]
pub(super) fn kl_div(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    log_target: bool,
) -> PyResult<PyTensor> {
    let (x, t) = pair(input, target);
    op(py, x.numel(), || x.try_kl_div(t, reduction, log_target))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_embedding", signature = (weight, indices, padding_idx = None))]
pub(super) fn embedding(
    py: Python<'_>,
    weight: &Bound<'_, PyTensor>,
    indices: &Bound<'_, PyTensor>,
    padding_idx: Option<i64>,
) -> PyResult<PyTensor> {
    let (w, i) = pair(weight, indices);
    op(py, i.numel(), || Tensor::try_embedding(w, i, padding_idx))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_bilinear", signature = (input1, input2, weight, bias = None))]
pub(super) fn bilinear(
    py: Python<'_>,
    input1: &Bound<'_, PyTensor>,
    input2: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    bias: Option<&Bound<'_, PyTensor>>,
) -> PyResult<PyTensor> {
    let (a, b) = pair(input1, input2);
    let w = &weight.get().t;
    let bias = opt(bias);
    op(py, a.numel(), || {
        Tensor::try_bilinear(a, b, w, bias.as_ref())
    })
}
