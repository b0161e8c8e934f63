//! Devices. ferrograd computes on the CPU; the meta device (tensors with a shape and no data)
//! lives in `ferrograd._meta`, which the factories and `Tensor.to` reach from here once the
//! package has registered its hooks ([`_set_meta_hooks`]). Every device argument is parsed by
//! [`device_of`], so `'meta'` is recognised in one place.

use crate::errors::{runtime, type_err, IntoPyResult};
use ferrograd::DType;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyTuple};
use std::sync::atomic::{AtomicIsize, Ordering};

/// Where a factory's result goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Device {
    Cpu,
    Meta,
}

/// `ferrograd._meta`'s entry points.
struct MetaHooks {
    /// `to(tensor, *args, **kwargs)`: `Tensor.to` for the meta device.
    to: Py<PyAny>,
    /// `make(shape, dtype, requires_grad)`: a meta tensor.
    make: Py<PyAny>,
    /// `default_device()`: this thread's default device type, `'cpu'` or `'meta'`.
    default_device: Py<PyAny>,
}

static HOOKS: PyOnceLock<MetaHooks> = PyOnceLock::new();

/// How many threads have the meta device as their default (when none has, a factory given no
/// device makes a CPU tensor without asking Python).
static META_DEFAULT: AtomicIsize = AtomicIsize::new(0);

/// Registers `ferrograd._meta`'s `to`, `make` and `default_device`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_meta_hooks(py: Python<'_>, to: Py<PyAny>, make: Py<PyAny>, default_device: Py<PyAny>) {
    let _ = HOOKS.set(
        py,
        MetaHooks {
            to,
            make,
            default_device,
        },
    );
}

/// Adds `delta` to the count of threads whose default device is meta; returns the new count.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _meta_default_threads(delta: isize) -> isize {
    META_DEFAULT.fetch_add(delta, Ordering::Relaxed) + delta
}

fn unavailable(name: &str) -> PyErr {
    runtime(format!(
        "ferrograd runs on the CPU only; device '{name}' is not available"
    ))
}

/// The device types PyTorch knows, in the order its error message lists them.
const DEVICE_TYPES: [&str; 20] = [
    "cpu",
    "cuda",
    "ipu",
    "xpu",
    "mkldnn",
    "opengl",
    "opencl",
    "ideep",
    "hip",
    "ve",
    "fpga",
    "maia",
    "xla",
    "lazy",
    "vulkan",
    "mps",
    "meta",
    "hpu",
    "mtia",
    "privateuseone",
];

/// The type and index a device string names (`'cpu'`, `'cuda:1'`), with PyTorch's errors: a
/// type of letters and underscores among the known ones, and an index without sign or leading
/// zero.
fn split_device(s: &str) -> PyResult<(&str, Option<i64>)> {
    if s.is_empty() {
        return Err(runtime("Device string must not be empty"));
    }
    let invalid = || runtime(format!("Invalid device string: '{s}'"));
    let (ty, index) = match s.split_once(':') {
        Some((t, i)) => (t, Some(i)),
        None => (s, None),
    };
    if ty.is_empty() || !ty.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
        return Err(invalid());
    }
    let index = match index {
        None => None,
        Some(i) => {
            let digits = !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit());
            if !digits || (i.len() > 1 && i.starts_with('0')) {
                return Err(invalid());
            }
            Some(i.parse::<i64>().map_err(|_| {
                runtime(format!(
                    "Could not parse device index '{i}' in device string '{s}'"
                ))
            })?)
        }
    };
    if !DEVICE_TYPES.contains(&ty) {
        return Err(runtime(format!(
            "Expected one of {} device type at start of device string: {s}",
            DEVICE_TYPES.join(", ")
        )));
    }
    Ok((ty, index))
}

/// `torch.device`'s parse of a device string: `(type, index)`.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _parse_device(s: &str) -> PyResult<(String, Option<i64>)> {
    split_device(s).map(|(t, i)| (t.to_string(), i))
}

/// What a device of type `ty` and index `index` is here: the CPU, the meta device, or an error
/// naming a device that is not available.
fn kind(py: Python<'_>, ty: &str, index: Option<i64>) -> PyResult<Device> {
    if index.is_some_and(|i| i < 0) {
        return Err(runtime("Device index must not be negative"));
    }
    match ty {
        "cpu" => Ok(Device::Cpu),
        "meta" if HOOKS.get(py).is_some() => Ok(Device::Meta),
        _ => Err(unavailable(&match index {
            Some(i) => format!("{ty}:{i}"),
            None => ty.to_string(),
        })),
    }
}

/// The device `d` names: a string such as `'cpu'` or `'meta:0'`, a `torch.device`, or an int
/// (a CUDA device's index, as in PyTorch); `None` when `d` is none of these. Another device
/// type is a `RuntimeError`.
pub(crate) fn parse_device(d: &Bound<'_, PyAny>) -> PyResult<Option<Device>> {
    let py = d.py();
    if let Ok(s) = d.cast::<PyString>() {
        let text = s.to_cow()?;
        let (ty, index) = split_device(&text)?;
        return kind(py, ty, index).map(Some);
    }
    if d.is_instance_of::<pyo3::types::PyInt>() && !d.is_instance_of::<pyo3::types::PyBool>() {
        let index: i64 = d.extract()?;
        return kind(py, "cuda", Some(index)).map(Some);
    }
    let Ok(t) = d.getattr("type") else {
        return Ok(None);
    };
    let Ok(t) = t.cast::<PyString>() else {
        return Ok(None);
    };
    let index: Option<i64> = d.getattr("index").ok().and_then(|i| i.extract().ok());
    kind(py, &t.to_cow()?, index).map(Some)
}

/// [`parse_device`] of the `device=` argument of the function `name`, PyTorch's `TypeError`
/// when it names no device.
fn device_of(d: &Bound<'_, PyAny>, name: &str) -> PyResult<Device> {
    parse_device(d)?.ok_or_else(|| {
        type_err(format!(
            "{name}(): argument 'device' must be torch.device, not {}",
            crate::convert::type_name(d)
        ))
    })
}

/// The device a factory's `device=` argument asks for; none (or `None`) is this thread's
/// default device.
pub(crate) fn check_device(device: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Device> {
    match device {
        Some(d) if !d.is_none() => device_of(d, name),
        Some(d) => default_device(d.py()),
        None if META_DEFAULT.load(Ordering::Relaxed) > 0 => Python::attach(default_device),
        None => Ok(Device::Cpu),
    }
}

/// The device a `new_*` method's `device=` argument asks for: none is the tensor's own (the CPU).
pub(crate) fn named_device(device: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Device> {
    match device {
        Some(d) if !d.is_none() => device_of(d, name),
        _ => Ok(Device::Cpu),
    }
}

/// A device argument for something that holds data on the CPU only (a generator).
pub(crate) fn cpu_only(device: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    match device {
        Some(d) if !d.is_none() && device_of(d, "Generator")? == Device::Meta => {
            Err(unavailable("meta"))
        }
        _ => Ok(()),
    }
}

fn default_device(py: Python<'_>) -> PyResult<Device> {
    if META_DEFAULT.load(Ordering::Relaxed) <= 0 {
        return Ok(Device::Cpu);
    }
    let Some(h) = HOOKS.get(py) else {
        return Ok(Device::Cpu);
    };
    let kind = h.default_device.bind(py).call0()?;
    Ok(if kind.cast::<PyString>()?.to_cow()? == "meta" {
        Device::Meta
    } else {
        Device::Cpu
    })
}

/// A meta tensor of `shape` and `dtype` (requiring grad when asked: floating dtypes only, as for
/// any tensor), with PyTorch's error when the storage it describes could not be addressed.
pub(crate) fn meta_tensor(
    py: Python<'_>,
    shape: &[usize],
    dtype: DType,
    requires_grad: bool,
) -> PyResult<Py<PyAny>> {
    // the storage it would need must be addressable, as for a tensor with data
    ferrograd::checked_storage_numel(shape, dtype).py()?;
    meta_tensor_unchecked(py, shape, dtype, requires_grad)
}

/// [`meta_tensor`] without the storage-size check (PyTorch's meta `randn` and `eye` count only
/// the elements, which their callers do).
pub(crate) fn meta_tensor_unchecked(
    py: Python<'_>,
    shape: &[usize],
    dtype: DType,
    requires_grad: bool,
) -> PyResult<Py<PyAny>> {
    if requires_grad && !dtype.is_floating_point() {
        return Err(runtime(
            "Only Tensors of floating point and complex dtype can require gradients",
        ));
    }
    let h = HOOKS.get(py).ok_or_else(|| unavailable("meta"))?;
    let shape = PyTuple::new(py, shape)?;
    let dtype = crate::convert::dtype_obj(py, dtype)?;
    Ok(h.make
        .bind(py)
        .call1((shape, dtype, requires_grad))?
        .unbind())
}

/// `tensor.to(*args, **kwargs)` for the meta device, through `ferrograd._meta`.
pub(crate) fn meta_to(
    slf: &Bound<'_, crate::tensor::PyTensor>,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    let h = HOOKS.get(py).ok_or_else(|| unavailable("meta"))?;
    let mut all = vec![slf.clone().into_any()];
    all.extend(args.iter());
    Ok(h.to.bind(py).call(PyTuple::new(py, all)?, kwargs)?.unbind())
}

/// A factory's result: a CPU tensor, or a meta tensor made by `ferrograd._meta`.
pub(crate) enum Made {
    Cpu(crate::tensor::PyTensor),
    Meta(Py<PyAny>),
}

impl From<crate::tensor::PyTensor> for Made {
    fn from(t: crate::tensor::PyTensor) -> Self {
        Made::Cpu(t)
    }
}

impl<'py> IntoPyObject<'py> for Made {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Made::Cpu(t) => Ok(Bound::new(py, t)?.into_any()),
            Made::Meta(m) => Ok(m.into_bound(py)),
        }
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_set_meta_hooks, m)?)?;
    m.add_function(wrap_pyfunction!(_meta_default_threads, m)?)?;
    m.add_function(wrap_pyfunction!(_parse_device, m)?)?;
    Ok(())
}
