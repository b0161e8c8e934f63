//! Convolutions (`conv1d`, `conv2d`, `conv_transpose2d`); argument spelling (an int for every
//! dimension, tuples) is the Python layer's, the checks and messages the core's.

use super::*;
use ferrograd::ops::{ConvOptions, Padding};

/// `_convolution(name, input, weight, bias, stride, padding, dilation, groups,
/// output_padding)`, `padding` a list of ints or PyTorch's string.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_convolution")]
#[allow(clippy::too_many_arguments)]
pub(super) fn convolution(
    py: Python<'_>,
    name: &str,
    input: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    bias: Option<&Bound<'_, PyTensor>>,
    stride: Vec<i64>,
    padding: &Bound<'_, PyAny>,
    dilation: Vec<i64>,
    groups: i64,
    output_padding: Vec<i64>,
) -> PyResult<PyTensor> {
    let padding = match padding.extract::<String>() {
        Ok(s) => Padding::parse(&s).py()?,
        Err(_) => Padding::Explicit(padding.extract::<Vec<i64>>()?),
    };
    let opts = ConvOptions::new()
        .stride(stride)
        .padding(padding)
        .dilation(dilation)
        .groups(groups)
        .output_padding(output_padding);
    let (x, w) = (&input.get().t, &weight.get().t);
    let b = bias.map(|b| b.get().t.clone());
    let size = x.numel().max(w.numel());
    match name {
        "conv1d" => op(py, size, || x.try_conv1d(w, b.as_ref(), &opts)),
        "conv2d" => op(py, size, || x.try_conv2d(w, b.as_ref(), &opts)),
        "conv_transpose2d" => op(py, size, || x.try_conv_transpose2d(w, b.as_ref(), &opts)),
        _ => Err(runtime(format!("unknown convolution {name}"))),
    }
}
