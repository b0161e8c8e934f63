//! Pooling, normalization, padding, interpolation and channel dropout behind
//! `torch.nn.functional`; argument normalisation (ints or pairs, defaults) is the Python
//! layer's.

use super::*;
use ferrograd::{BatchNormArgs, PadMode, Pool2d};

fn opt(t: Option<&Bound<'_, PyTensor>>) -> Option<Tensor> {
    t.map(|t| t.get().t.clone())
}

fn pair(v: &[usize]) -> [usize; 2] {
    [v[0], v[v.len() - 1]]
}

#[allow(clippy::too_many_arguments)]
fn pool_opts(
    kernel: Vec<usize>,
    stride: Option<Vec<usize>>,
    padding: Vec<usize>,
    dilation: Vec<usize>,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: Option<i64>,
) -> Pool2d {
    let mut p = Pool2d::new(pair(&kernel))
        .padding(pair(&padding))
        .dilation(pair(&dilation))
        .ceil_mode(ceil_mode)
        .count_include_pad(count_include_pad);
    p.stride = stride.filter(|s| !s.is_empty()).map(|s| pair(&s));
    p.divisor_override = divisor_override;
    p
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_max_pool2d", signature = (input, kernel_size, stride, padding, dilation, ceil_mode))]
pub(super) fn max_pool2d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    kernel_size: Vec<usize>,
    stride: Option<Vec<usize>>,
    padding: Vec<usize>,
    dilation: Vec<usize>,
    ceil_mode: bool,
) -> PyResult<(PyTensor, PyTensor)> {
    let x = &input.get().t;
    let o = pool_opts(
        kernel_size,
        stride,
        padding,
        dilation,
        ceil_mode,
        true,
        None,
    );
    let _ = py;
    let (y, i) = x.try_max_pool2d_with_indices(&o).py()?;
    Ok((y.into(), i.into()))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_max_pool1d", signature = (input, kernel_size, stride, padding, dilation, ceil_mode, return_indices))]
#[allow(clippy::too_many_arguments)]
pub(super) fn max_pool1d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    kernel_size: usize,
    stride: Option<usize>,
    padding: usize,
    dilation: usize,
    ceil_mode: bool,
    return_indices: bool,
) -> PyResult<(PyTensor, Option<PyTensor>)> {
    let x = &input.get().t;
    let _ = py;
    if !return_indices {
        // PyTorch's values-only path, which pools floating tensors only
        let y = x
            .try_max_pool1d(kernel_size, stride, padding, dilation, ceil_mode)
            .py()?;
        return Ok((y.into(), None));
    }
    let (y, i) = x
        .try_max_pool1d_with_indices(kernel_size, stride, padding, dilation, ceil_mode)
        .py()?;
    Ok((y.into(), Some(i.into())))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_max_unpool2d", signature = (input, indices, output_size))]
pub(super) fn max_unpool2d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    indices: &Bound<'_, PyTensor>,
    output_size: Vec<usize>,
) -> PyResult<PyTensor> {
    let (x, i) = (&input.get().t, &indices.get().t);
    op(py, x.numel(), || x.try_max_unpool2d(i, pair(&output_size)))
}

/// `torch._C._nn.max_unpool3d(input, indices, output_size, stride, padding)`: the sizes as
/// ATen takes them (any count, any sign), checked in ATen's order around the Rust op, which
/// takes three sizes of each kind (`padding` only counted, as ATen's forward only counts it).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_max_unpool3d", signature = (input, indices, output_size, stride, padding))]
pub(super) fn max_unpool3d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    indices: &Bound<'_, PyTensor>,
    output_size: Vec<i64>,
    stride: Vec<i64>,
    padding: Vec<i64>,
) -> PyResult<PyTensor> {
    use ferrograd::{Error, ErrorKind};
    let (x, i) = (&input.get().t, &indices.get().t);
    op(py, x.numel(), || {
        let runtime = |m: String| Error::new(ErrorKind::Runtime, m);
        // the counts come after the indices' dtype and the input's rank, which the op checks
        // first (on an empty output, nothing else can fail before them)
        for (what, v, colon) in [
            ("output_size", &output_size, ""),
            ("stride", &stride, ":"),
            ("padding", &padding, ":"),
        ] {
            if v.len() != 3 {
                if i.dtype() != DType::Int64 || !(4..=5).contains(&x.dim()) {
                    x.try_max_unpool3d(i, [0; 3], [1; 3])?;
                }
                return Err(runtime(format!(
                    "There should be exactly three elements (depth, height, width) in {what}, but got{colon} {} elements.",
                    v.len()
                )));
            }
        }
        let three = |v: &[i64]| [0, 1, 2].map(|d| v[d].max(0) as usize);
        let (size, s) = (three(&output_size), three(&stride));
        if stride.iter().any(|&v| v <= 0) {
            // the op's stride check (after the shapes') names the stride as given
            let r = x.try_max_unpool3d(i, [0; 3], s);
            return match r {
                Err(e) if !e.to_string().starts_with("strides should be") => Err(e),
                _ => Err(runtime(format!(
                    "strides should be greater than zero, but got stride: {stride:?}"
                ))),
            };
        }
        if output_size.iter().any(|&v| v < 0) {
            // after every check of the op but its dtype's
            match x.try_max_unpool3d(i, [0; 3], s) {
                Err(e) if e.kind() != ErrorKind::NotImplemented => return Err(e),
                _ => {
                    return Err(runtime(format!(
                        "max_unpooling3d(): output_size must contain non-negative spatial dimensions, but got output_size={output_size:?}"
                    )))
                }
            }
        }
        x.try_max_unpool3d(i, size, s)
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_avg_pool2d", signature = (input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override))]
#[allow(clippy::too_many_arguments)]
pub(super) fn avg_pool2d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    kernel_size: Vec<usize>,
    stride: Option<Vec<usize>>,
    padding: Vec<usize>,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: Option<i64>,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    let o = pool_opts(
        kernel_size,
        stride,
        padding,
        vec![1],
        ceil_mode,
        count_include_pad,
        divisor_override,
    );
    op(py, x.numel(), || x.try_avg_pool2d(&o))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_adaptive_avg_pool2d", signature = (input, output_size))]
pub(super) fn adaptive_avg_pool2d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    output_size: Vec<usize>,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    op(py, x.numel(), || {
        x.try_adaptive_avg_pool2d(pair(&output_size))
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_avg_pool1d", signature = (input, kernel_size, stride, padding, ceil_mode, count_include_pad))]
pub(super) fn avg_pool1d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    kernel_size: usize,
    stride: Option<usize>,
    padding: usize,
    ceil_mode: bool,
    count_include_pad: bool,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    op(py, x.numel(), || {
        x.try_avg_pool1d(kernel_size, stride, padding, ceil_mode, count_include_pad)
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_adaptive_avg_pool1d", signature = (input, output_size))]
pub(super) fn adaptive_avg_pool1d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    output_size: usize,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    op(py, x.numel(), || x.try_adaptive_avg_pool1d(output_size))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_adaptive_max_pool2d", signature = (input, output_size))]
pub(super) fn adaptive_max_pool2d(
    input: &Bound<'_, PyTensor>,
    output_size: Vec<usize>,
) -> PyResult<(PyTensor, PyTensor)> {
    let x = &input.get().t;
    let (y, i) = x.try_adaptive_max_pool2d(pair(&output_size)).py()?;
    Ok((y.into(), i.into()))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_batch_norm", signature = (input, running_mean, running_var, weight, bias, training, momentum, eps, check_batch=true))]
#[allow(clippy::too_many_arguments)]
pub(super) fn batch_norm(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    running_mean: Option<&Bound<'_, PyTensor>>,
    running_var: Option<&Bound<'_, PyTensor>>,
    weight: Option<&Bound<'_, PyTensor>>,
    bias: Option<&Bound<'_, PyTensor>>,
    training: bool,
    momentum: f64,
    eps: f64,
    check_batch: bool,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    let (rm, rv, w, b) = (opt(running_mean), opt(running_var), opt(weight), opt(bias));
    op(py, x.numel(), || {
        let mut a = BatchNormArgs::new()
            .affine(w.as_ref(), b.as_ref())
            .training(training)
            .momentum(momentum)
            .eps(eps);
        a.running_mean = rm.as_ref();
        a.running_var = rv.as_ref();
        if check_batch {
            x.try_batch_norm(&a)
        } else {
            x.try_native_batch_norm(&a)
        }
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_layer_norm", signature = (input, normalized_shape, weight, bias, eps))]
pub(super) fn layer_norm(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    normalized_shape: Vec<usize>,
    weight: Option<&Bound<'_, PyTensor>>,
    bias: Option<&Bound<'_, PyTensor>>,
    eps: f64,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    let (w, b) = (opt(weight), opt(bias));
    op(py, x.numel(), || {
        x.try_layer_norm(&normalized_shape, w.as_ref(), b.as_ref(), eps)
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_group_norm", signature = (input, num_groups, weight, bias, eps))]
pub(super) fn group_norm(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    num_groups: usize,
    weight: Option<&Bound<'_, PyTensor>>,
    bias: Option<&Bound<'_, PyTensor>>,
    eps: f64,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    let (w, b) = (opt(weight), opt(bias));
    op(py, x.numel(), || {
        x.try_group_norm(num_groups, w.as_ref(), b.as_ref(), eps)
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_pad", signature = (input, pad, mode, value))]
pub(super) fn pad(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    pad: Vec<i64>,
    mode: &str,
    value: f64,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    let m = PadMode::parse(mode).py()?;
    op(py, x.numel(), || x.try_pad(&pad, m, value))
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_interpolate", signature = (input, size, scale_factor, mode, align_corners))]
pub(super) fn interpolate(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    size: Option<Vec<usize>>,
    scale_factor: Option<Vec<f64>>,
    mode: &str,
    align_corners: Option<bool>,
) -> PyResult<PyTensor> {
    let x = &input.get().t;
    op(py, x.numel(), || {
        x.try_interpolate(
            size.as_deref(),
            scale_factor.as_deref(),
            mode,
            align_corners,
        )
    })
}

#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "_dropout2d", signature = (input, p, train))]
pub(super) fn dropout2d(
    py: Python<'_>,
    input: &Bound<'_, PyTensor>,
    p: f64,
    train: bool,
) -> PyResult<Py<PyAny>> {
    let t = &input.get().t;
    let out = t.try_dropout2d(p, train, None).py()?;
    if out.is_same(t) {
        return Ok(input.clone().into_any().unbind());
    }
    Ok(Py::new(py, PyTensor::from(out))?.into_any())
}

/// Registers the functions.
pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(max_pool2d, m)?)?;
    m.add_function(wrap_pyfunction!(max_pool1d, m)?)?;
    m.add_function(wrap_pyfunction!(max_unpool2d, m)?)?;
    m.add_function(wrap_pyfunction!(max_unpool3d, m)?)?;
    m.add_function(wrap_pyfunction!(avg_pool2d, m)?)?;
    m.add_function(wrap_pyfunction!(adaptive_avg_pool2d, m)?)?;
    m.add_function(wrap_pyfunction!(avg_pool1d, m)?)?;
    m.add_function(wrap_pyfunction!(adaptive_avg_pool1d, m)?)?;
    m.add_function(wrap_pyfunction!(adaptive_max_pool2d, m)?)?;
    m.add_function(wrap_pyfunction!(batch_norm, m)?)?;
    m.add_function(wrap_pyfunction!(layer_norm, m)?)?;
    m.add_function(wrap_pyfunction!(group_norm, m)?)?;
    m.add_function(wrap_pyfunction!(pad, m)?)?;
    m.add_function(wrap_pyfunction!(interpolate, m)?)?;
    m.add_function(wrap_pyfunction!(dropout2d, m)?)?;
    Ok(())
}
