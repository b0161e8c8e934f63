//! Creating tensors: `tensor`, `arange`, `linspace`, `zeros`, `ones`, `full`, `eye`, the
//! `*_like` forms and random numbers.

use crate::convert::{self, opt_dtype, size_args, size_obj, type_name};
use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::{requires_grad_checked, PyTensor};
use ferrograd::{DType, Scalar, Tensor};
use pyo3::exceptions::PyUserWarning;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

fn finish(t: Tensor, requires_grad: bool) -> PyResult<PyTensor> {
    requires_grad_checked(&t, requires_grad)?;
    Ok(t.into())
}

fn cast(t: Tensor, dtype: Option<DType>) -> PyResult<Tensor> {
    match dtype {
        Some(d) if d != t.dtype() => t.try_to_dtype(d).py(),
        _ => Ok(t),
    }
}

fn check_device(device: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    if let Some(d) = device.filter(|d| !d.is_none()) {
        let s = if let Ok(s) = d.extract::<String>() {
            s
        } else {
            d.getattr("type")?.extract::<String>()?
        };
        if s.split(':').next() != Some("cpu") {
            return Err(runtime(format!(
                "ferrograd runs on the CPU only; device '{s}' is not available"
            )));
        }
    }
    Ok(())
}

/// `torch.tensor(data, dtype=None, device=None, requires_grad=False)`.
#[pyfunction]
#[pyo3(signature = (data, *, dtype=None, device=None, requires_grad=false, pin_memory=false))]
fn tensor(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    pin_memory: bool,
) -> PyResult<PyTensor> {
    let _ = pin_memory;
    check_device(device)?;
    let dt = opt_dtype(dtype)?;
    if let Ok(src) = data.cast::<PyTensor>() {
        PyErr::warn(
            py,
            &py.get_type::<PyUserWarning>(),
            c"To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            1,
        )?;
        let t = src.get().t.detach().try_clone_op().py()?;
        return finish(cast(t, dt)?, requires_grad);
    }
    let t = convert::tensor_from_data(data, dt)?;
    finish(t, requires_grad)
}

/// `torch.as_tensor(data, dtype=None)`: the same tensor when no conversion is needed.
#[pyfunction]
#[pyo3(signature = (data, dtype=None, device=None))]
fn as_tensor(
    data: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    check_device(device)?;
    let dt = opt_dtype(dtype)?;
    if let Ok(src) = data.cast::<PyTensor>() {
        return Ok(cast(src.get().t.clone(), dt)?.into());
    }
    Ok(convert::tensor_from_data(data, dt)?.into())
}

fn num(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Scalar> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        let t = &t.get().t;
        return Ok(match t.dtype() {
            DType::Int64 | DType::Bool => Scalar::Int(t.try_item().py()? as i64),
            _ => Scalar::Float(t.try_item().py()?),
        });
    }
    convert::scalar(obj)?.ok_or_else(|| {
        type_err(format!(
            "{what}(): argument must be a number, not {}",
            type_name(obj)
        ))
    })
}

/// `torch.arange(end)`, `arange(start, end, step=1)`.
#[pyfunction]
#[pyo3(signature = (start, end=None, step=None, *, dtype=None, device=None, requires_grad=false))]
fn arange(
    start: &Bound<'_, PyAny>,
    end: Option<&Bound<'_, PyAny>>,
    step: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    check_device(device)?;
    let (s, e) = match end.filter(|e| !e.is_none()) {
        Some(e) => (num(start, "arange")?, num(e, "arange")?),
        None => (Scalar::Int(0), num(start, "arange")?),
    };
    let st = match step.filter(|s| !s.is_none()) {
        Some(s) => num(s, "arange")?,
        None => Scalar::Int(1),
    };
    let t = Tensor::try_arange_step(s, e, st).py()?;
    let dt = opt_dtype(dtype)?;
    let t = if dt == Some(DType::Float64) {
        // computed in double precision, as PyTorch does for a float64 range
        let (a, c) = (s.to_f64(), st.to_f64());
        let v: Vec<f64> = (0..t.numel()).map(|i| a + i as f64 * c).collect();
        Tensor::try_from_vec(v, &[t.numel()]).py()?
    } else {
        cast(t, dt)?
    };
    finish(t, requires_grad)
}

/// `torch.linspace(start, end, steps)`.
#[pyfunction]
#[pyo3(signature = (start, end, steps, *, dtype=None, device=None, requires_grad=false))]
fn linspace(
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    steps: i64,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    check_device(device)?;
    if steps < 0 {
        return Err(runtime("number of steps must be non-negative"));
    }
    let (a, b) = (
        num(start, "linspace")?.to_f64(),
        num(end, "linspace")?.to_f64(),
    );
    let dt = opt_dtype(dtype)?.unwrap_or(DType::Float32);
    let t = if dt.is_floating_point() {
        Tensor::linspace_dtype(a, b, steps as usize, dt)
    } else {
        Tensor::linspace_dtype(a, b, steps as usize, DType::Float64)
            .try_to_dtype(dt)
            .py()?
    };
    finish(t, requires_grad)
}

fn shape_of(
    size: &Bound<'_, PyTuple>,
    kw: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Vec<usize>> {
    match kw {
        Some(k) if size.is_empty() => size_obj(k, what),
        _ => size_args(size, what),
    }
}

macro_rules! filled {
    ($name:ident, $value:expr) => {
        #[pyfunction]
        #[pyo3(signature = (*size, out=None, dtype=None, layout=None, device=None, requires_grad=false, **_kw))]
        #[allow(clippy::too_many_arguments)]
        fn $name(
            size: &Bound<'_, PyTuple>,
            out: Option<&Bound<'_, PyAny>>,
            dtype: Option<&Bound<'_, PyAny>>,
            layout: Option<&Bound<'_, PyAny>>,
            device: Option<&Bound<'_, PyAny>>,
            requires_grad: bool,
            _kw: Option<&Bound<'_, pyo3::types::PyDict>>,
        ) -> PyResult<PyTensor> {
            let _ = (out, layout);
            check_device(device)?;
            let kwsize = _kw.and_then(|k| k.get_item("size").ok().flatten());
            let shape = shape_of(size, kwsize.as_ref(), stringify!($name))?;
            let dt = opt_dtype(dtype)?.unwrap_or(DType::Float32);
            let t = Tensor::full_dtype(&shape, $value, dt);
            finish(t, requires_grad)
        }
    };
}
filled!(zeros, 0.0);
filled!(ones, 1.0);
filled!(empty, 0.0);

/// `torch.full(size, fill_value)`: the dtype follows the value (bool, int64 or float32).
#[pyfunction]
#[pyo3(signature = (size, fill_value, *, dtype=None, device=None, requires_grad=false))]
fn full(
    size: &Bound<'_, PyAny>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    check_device(device)?;
    let shape = size_obj(size, "full")?;
    let v = num(fill_value, "full")?;
    let dt = opt_dtype(dtype)?.unwrap_or(match v {
        Scalar::Bool(_) => DType::Bool,
        Scalar::Int(_) => DType::Int64,
        Scalar::Float(_) => DType::Float32,
    });
    finish(Tensor::full_dtype(&shape, v.to_f64(), dt), requires_grad)
}

/// `torch.eye(n, m=None)`.
#[pyfunction]
#[pyo3(signature = (n, m=None, *, dtype=None, device=None, requires_grad=false))]
fn eye(
    n: i64,
    m: Option<i64>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    check_device(device)?;
    let m = m.unwrap_or(n);
    if n < 0 {
        return Err(runtime(format!("n must be greater or equal to 0, got {n}")));
    }
    if m < 0 {
        return Err(runtime(format!("m must be greater or equal to 0, got {m}")));
    }
    let (n, m) = (n as usize, m as usize);
    let mut v = vec![0.0f64; n * m];
    for i in 0..n.min(m) {
        v[i * m + i] = 1.0;
    }
    let dt = opt_dtype(dtype)?.unwrap_or(DType::Float32);
    let t = Tensor::try_from_vec(v, &[n, m])
        .py()?
        .try_to_dtype(dt)
        .py()?;
    finish(t, requires_grad)
}

fn like_dtype(input: &Tensor, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<DType> {
    Ok(opt_dtype(dtype)?.unwrap_or(input.dtype()))
}

#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false, memory_format=None))]
fn zeros_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    memory_format: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let _ = memory_format;
    check_device(device)?;
    let t = &input.get().t;
    finish(
        Tensor::zeros_dtype(t.shape(), like_dtype(t, dtype)?),
        requires_grad,
    )
}

#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false, memory_format=None))]
fn empty_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    memory_format: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    zeros_like(input, dtype, device, requires_grad, memory_format)
}

#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false, memory_format=None))]
fn ones_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    memory_format: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTensor> {
    let _ = memory_format;
    check_device(device)?;
    let t = &input.get().t;
    finish(
        Tensor::ones_dtype(t.shape(), like_dtype(t, dtype)?),
        requires_grad,
    )
}

#[pyfunction]
#[pyo3(signature = (input, fill_value, *, dtype=None, device=None, requires_grad=false))]
fn full_like(
    input: &Bound<'_, PyTensor>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    check_device(device)?;
    let t = &input.get().t;
    let v = num(fill_value, "full_like")?.to_f64();
    finish(
        Tensor::full_dtype(t.shape(), v, like_dtype(t, dtype)?),
        requires_grad,
    )
}

fn float_dtype(dtype: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<DType> {
    let dt = opt_dtype(dtype)?.unwrap_or(DType::Float32);
    if !dt.is_floating_point() {
        return Err(runtime(format!(
            "\"{what}\" not implemented for '{}'",
            dt.scalar_name()
        )));
    }
    Ok(dt)
}

#[pyfunction]
#[pyo3(signature = (*size, generator=None, dtype=None, device=None, requires_grad=false))]
fn rand(
    size: &Bound<'_, PyTuple>,
    generator: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let _ = generator;
    check_device(device)?;
    let shape = size_args(size, "rand")?;
    finish(
        Tensor::rand_dtype(&shape, float_dtype(dtype, "check_uniform_bounds")?),
        requires_grad,
    )
}

#[pyfunction]
#[pyo3(signature = (*size, generator=None, dtype=None, device=None, requires_grad=false))]
fn randn(
    size: &Bound<'_, PyTuple>,
    generator: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let _ = generator;
    check_device(device)?;
    let shape = size_args(size, "randn")?;
    finish(
        Tensor::randn_dtype(&shape, float_dtype(dtype, "normal_kernel_cpu")?),
        requires_grad,
    )
}

#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, requires_grad=false))]
fn rand_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let t = &input.get().t;
    let dt = opt_dtype(dtype)?.unwrap_or(t.dtype());
    if !dt.is_floating_point() {
        return Err(runtime(format!(
            "\"check_uniform_bounds\" not implemented for '{}'",
            dt.scalar_name()
        )));
    }
    finish(Tensor::rand_dtype(t.shape(), dt), requires_grad)
}

#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, requires_grad=false))]
fn randn_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let t = &input.get().t;
    let dt = opt_dtype(dtype)?.unwrap_or(t.dtype());
    if !dt.is_floating_point() {
        return Err(runtime(format!(
            "\"normal_kernel_cpu\" not implemented for '{}'",
            dt.scalar_name()
        )));
    }
    finish(Tensor::randn_dtype(t.shape(), dt), requires_grad)
}

/// `torch.randint(high, size)` or `randint(low, high, size)`.
#[pyfunction]
#[pyo3(signature = (*args, size=None, generator=None, dtype=None, device=None, requires_grad=false))]
#[allow(clippy::too_many_arguments)]
fn randint(
    args: &Bound<'_, PyTuple>,
    size: Option<&Bound<'_, PyAny>>,
    generator: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let _ = generator;
    check_device(device)?;
    let mut ints: Vec<i64> = Vec::new();
    let mut shape_obj = size.cloned();
    for a in args.iter() {
        if shape_obj.is_none()
            && (a.is_instance_of::<PyTuple>() || a.is_instance_of::<pyo3::types::PyList>())
        {
            shape_obj = Some(a);
        } else {
            ints.push(a.extract()?);
        }
    }
    let Some(shape_obj) = shape_obj else {
        return Err(type_err(
            "randint() missing 1 required positional arguments: \"size\"",
        ));
    };
    let (low, high) = match ints.as_slice() {
        [h] => (0, *h),
        [l, h] => (*l, *h),
        _ => {
            return Err(type_err(
                "randint() expects (high, size) or (low, high, size)",
            ))
        }
    };
    if high <= low {
        return Err(runtime(format!(
            "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )));
    }
    let shape = size_obj(&shape_obj, "randint")?;
    let t = Tensor::randint(low, high, &shape);
    finish(cast(t, opt_dtype(dtype)?)?, requires_grad)
}

/// `torch.manual_seed(seed)`: seeds the generator of `rand`, `randn` and `randint`. Sequences
/// are reproducible for a seed but differ from PyTorch's.
#[pyfunction]
fn manual_seed(seed: &Bound<'_, PyAny>) -> PyResult<()> {
    let s: i128 = seed.extract()?;
    ferrograd::manual_seed(s as u64);
    Ok(())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(tensor, m)?)?;
    m.add_function(wrap_pyfunction!(as_tensor, m)?)?;
    m.add_function(wrap_pyfunction!(arange, m)?)?;
    m.add_function(wrap_pyfunction!(linspace, m)?)?;
    m.add_function(wrap_pyfunction!(zeros, m)?)?;
    m.add_function(wrap_pyfunction!(ones, m)?)?;
    m.add_function(wrap_pyfunction!(empty, m)?)?;
    m.add_function(wrap_pyfunction!(full, m)?)?;
    m.add_function(wrap_pyfunction!(eye, m)?)?;
    m.add_function(wrap_pyfunction!(zeros_like, m)?)?;
    m.add_function(wrap_pyfunction!(ones_like, m)?)?;
    m.add_function(wrap_pyfunction!(empty_like, m)?)?;
    m.add_function(wrap_pyfunction!(full_like, m)?)?;
    m.add_function(wrap_pyfunction!(rand, m)?)?;
    m.add_function(wrap_pyfunction!(randn, m)?)?;
    m.add_function(wrap_pyfunction!(rand_like, m)?)?;
    m.add_function(wrap_pyfunction!(randn_like, m)?)?;
    m.add_function(wrap_pyfunction!(randint, m)?)?;
    m.add_function(wrap_pyfunction!(manual_seed, m)?)?;
    Ok(())
}
