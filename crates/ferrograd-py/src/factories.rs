//! Creating tensors: `tensor`, `arange`, `linspace`, `zeros`, `ones`, `full`, `eye`, the
//! `*_like` forms and random numbers.

use crate::convert::{self, opt_dtype, size_args, size_obj, type_name};
use crate::device::{check_device, meta_tensor, named_device, Device, Made};
use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::{requires_grad_checked, PyTensor};
use ferrograd::{DType, Scalar, Tensor};
use pyo3::exceptions::PyUserWarning;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

fn finish(t: Tensor, requires_grad: bool) -> PyResult<Made> {
    requires_grad_checked(&t, requires_grad)?;
    Ok(Made::Cpu(t.into()))
}

fn cast(t: Tensor, dtype: Option<DType>) -> PyResult<Tensor> {
    match dtype {
        Some(d) if d != t.dtype() => t.try_to_dtype(d).py(),
        _ => Ok(t),
    }
}

/// A CPU tensor as a factory's result, or, for the meta device, a meta tensor of its shape and
/// dtype (the data factories compute their values on the CPU first, for the shape).
fn on(device: Device, t: Tensor, requires_grad: bool) -> PyResult<Made> {
    match device {
        Device::Cpu => finish(t, requires_grad),
        Device::Meta => Python::attach(|py| {
            meta_tensor(py, t.shape(), t.dtype(), requires_grad).map(Made::Meta)
        }),
    }
}

/// `shape` and `dtype` on `device`, made by `make` for the CPU (not called for the meta device,
/// which holds no data and draws no random numbers).
fn made(
    device: Device,
    shape: &[usize],
    dtype: DType,
    requires_grad: bool,
    make: impl FnOnce() -> ferrograd::Result<Tensor>,
) -> PyResult<Made> {
    match device {
        Device::Cpu => finish(make().py()?, requires_grad),
        Device::Meta => {
            Python::attach(|py| meta_tensor(py, shape, dtype, requires_grad).map(Made::Meta))
        }
    }
}

/// tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Constructs a tensor with no autograd history by copying :attr:`data`.
///
/// The dtype is inferred from the data: Python floats give ``torch.float32``, integers
/// ``torch.int64``, booleans ``torch.bool``; a NumPy array keeps its dtype (which must be one
/// ferrograd stores: bool, int64, float32 or float64).
///
/// Args:
///     data (array_like): initial data for the tensor: a number, a list, a tuple, a NumPy
///         ``ndarray`` or a tensor.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> torch.tensor([[0.1, 1.2], [2.2, 3.1]])
///     tensor([[0.1000, 1.2000],
///             [2.2000, 3.1000]])
///     >>> torch.tensor([0, 1])
///     tensor([0, 1])
///     >>> torch.tensor(3.14159)
///     tensor(3.1416)
///     >>> torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
///     tensor([1., 2.], dtype=torch.float64, requires_grad=True)
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (data, *, dtype=None, device=None, requires_grad=false, pin_memory=false))]
fn tensor(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    pin_memory: bool,
) -> PyResult<Made> {
    let _ = pin_memory;
    let dev = check_device(device, "tensor")?;
    let dt = opt_dtype(dtype)?;
    if let Ok(src) = data.cast::<PyTensor>() {
        PyErr::warn(
            py,
            &py.get_type::<PyUserWarning>(),
            c"To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            1,
        )?;
        let t = src.get().t.detach().try_clone_op().py()?;
        return on(dev, cast(t, dt)?, requires_grad);
    }
    let t = convert::tensor_from_data(data, dt)?;
    on(dev, t, requires_grad)
}

/// as_tensor(data, dtype=None, device=None) -> Tensor
///
/// Converts :attr:`data` into a tensor, sharing data and preserving autograd history if
/// :attr:`data` is already a tensor of the requested dtype.
///
/// Args:
///     data (array_like): initial data for the tensor: a number, a list, a tuple, a NumPy
///         ``ndarray`` (copied) or a tensor.
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///
/// Example::
///
///     >>> a = torch.tensor([1.0, 2.0])
///     >>> torch.as_tensor(a).data_ptr() == a.data_ptr()
///     True
///     >>> torch.as_tensor([1, 2, 3])
///     tensor([1, 2, 3])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (data, dtype=None, device=None))]
fn as_tensor(
    data: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<Made> {
    let dev = check_device(device, "as_tensor")?;
    let dt = opt_dtype(dtype)?;
    if let Ok(src) = data.cast::<PyTensor>() {
        return on(dev, cast(src.get().t.clone(), dt)?, false);
    }
    on(dev, convert::tensor_from_data(data, dt)?, false)
}

fn num(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Scalar> {
    read_num(obj, what, convert::scalar)
}

/// [`num`] for a fill value ([`convert::fill_scalar`]).
fn fill_num(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Scalar> {
    read_num(obj, what, convert::fill_scalar)
}

fn read_num(
    obj: &Bound<'_, PyAny>,
    what: &str,
    read: fn(&Bound<'_, PyAny>) -> PyResult<Option<Scalar>>,
) -> PyResult<Scalar> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        return convert::tensor_scalar(&t.get().t);
    }
    read(obj)?.ok_or_else(|| {
        type_err(format!(
            "{what}(): argument must be a number, not {}",
            type_name(obj)
        ))
    })
}

/// arange(start=0, end, step=1, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a 1-D tensor of size ``ceil((end - start) / step)`` with values from the interval
/// ``[start, end)`` taken with common difference :attr:`step` beginning from :attr:`start`.
///
/// The dtype is ``torch.int64`` when all of :attr:`start`, :attr:`end` and :attr:`step` are
/// integers and ``torch.float32`` otherwise.
///
/// Args:
///     start (Number): the starting value for the set of points (default: ``0``).
///     end (Number): the ending value for the set of points.
///     step (Number): the gap between each pair of adjacent points (default: ``1``).
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> torch.arange(5)
///     tensor([0, 1, 2, 3, 4])
///     >>> torch.arange(1, 4)
///     tensor([1, 2, 3])
///     >>> torch.arange(1, 2.5, 0.5)
///     tensor([1.0000, 1.5000, 2.0000])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (start, end=None, step=None, *, dtype=None, device=None, requires_grad=false))]
fn arange(
    start: &Bound<'_, PyAny>,
    end: Option<&Bound<'_, PyAny>>,
    step: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let dev = check_device(device, "arange")?;
    let (s, e) = match end.filter(|e| !e.is_none()) {
        Some(e) => (num(start, "arange")?, num(e, "arange")?),
        None => (Scalar::Int(0), num(start, "arange")?),
    };
    let st = match step.filter(|s| !s.is_none()) {
        Some(s) => num(s, "arange")?,
        None => Scalar::Int(1),
    };
    let dt = opt_dtype(dtype)?;
    if dev == Device::Meta {
        let (n, inferred) = Tensor::arange_len(s, e, st).py()?;
        let dt = dt.unwrap_or(inferred);
        return Python::attach(|py| meta_tensor(py, &[n], dt, requires_grad).map(Made::Meta));
    }
    let t = Tensor::try_arange_step(s, e, st).py()?;
    let t = if dt == Some(DType::Float64) {
        // computed in double precision, as PyTorch does for a float64 range
        let (a, c) = (s.to_f64(), st.to_f64());
        let v: Vec<f64> = (0..t.numel()).map(|i| a + i as f64 * c).collect();
        Tensor::try_from_vec(v, &[t.numel()]).py()?
    } else {
        cast(t, dt)?
    };
    on(dev, t, requires_grad)
}

/// linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Creates a one-dimensional tensor of size :attr:`steps` whose values are evenly spaced from
/// :attr:`start` to :attr:`end`, inclusive.
///
/// Args:
///     start (float): the starting value for the set of points.
///     end (float): the ending value for the set of points.
///     steps (int): size of the constructed tensor.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> torch.linspace(3, 10, steps=5)
///     tensor([ 3.0000,  4.7500,  6.5000,  8.2500, 10.0000])
///     >>> torch.linspace(-10, 10, steps=5)
///     tensor([-10.,  -5.,   0.,   5.,  10.])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (start, end, steps, *, dtype=None, device=None, requires_grad=false))]
fn linspace(
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    steps: i64,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let dev = check_device(device, "linspace")?;
    if steps < 0 {
        return Err(runtime("number of steps must be non-negative"));
    }
    let (a, b) = (
        num(start, "linspace")?.to_f64(),
        num(end, "linspace")?.to_f64(),
    );
    let dt = opt_dtype(dtype)?.unwrap_or(ferrograd::get_default_dtype());
    let n = steps as usize;
    made(dev, &[n], dt, requires_grad, || {
        if dt.is_floating_point() {
            Tensor::try_linspace_dtype(a, b, n, dt)
        } else {
            Tensor::try_linspace_dtype(a, b, n, DType::Float64)?.try_to_dtype(dt)
        }
    })
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

/// `zeros`, `ones` and `empty`: a tensor of a size filled with one value, documented by the
/// entry's docstring.
macro_rules! filled {
    ($name:ident, $value:expr, $doc:literal) => {
        filled!($name, make: |shape: &[usize], dt| Tensor::try_full_dtype(shape, $value, dt), $doc);
    };
    ($name:ident, make: $make:expr, $doc:literal) => {
        #[ferrograd_py_macros::catch_panics]
        #[pyfunction]
        #[doc = $doc]
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
        ) -> PyResult<Made> {
            let _ = (out, layout);
            let dev = check_device(device, stringify!($name))?;
            let kwsize = _kw.and_then(|k| k.get_item("size").ok().flatten());
            let shape = shape_of(size, kwsize.as_ref(), stringify!($name))?;
            let dt = opt_dtype(dtype)?.unwrap_or(ferrograd::get_default_dtype());
            made(dev, &shape, dt, requires_grad, || ($make)(&shape, dt))
        }
    };
}
filled!(
    zeros,
    0.0,
    r#"zeros(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

Returns a tensor filled with the scalar value ``0``, with the shape defined by the
variable argument :attr:`size`.

Args:
    size (int...): a sequence of integers defining the shape of the output tensor. Can be a
        variable number of arguments or a collection like a list or tuple.

Keyword args:
    dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor
        (default: ``torch.float32``).
    device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
        shape and no data (default: the default device, :func:`torch.set_default_device`).
    requires_grad (bool, optional): if autograd should record operations on the returned
        tensor (default: ``False``).

Example::

    >>> torch.zeros(2, 3)
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    >>> torch.zeros(2, dtype=torch.int64)
    tensor([0, 0])"#
);
filled!(
    ones,
    1.0,
    r#"ones(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

Returns a tensor filled with the scalar value ``1``, with the shape defined by the
variable argument :attr:`size`.

Args:
    size (int...): a sequence of integers defining the shape of the output tensor. Can be a
        variable number of arguments or a collection like a list or tuple.

Keyword args:
    dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor
        (default: ``torch.float32``).
    device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
        shape and no data (default: the default device, :func:`torch.set_default_device`).
    requires_grad (bool, optional): if autograd should record operations on the returned
        tensor (default: ``False``).

Example::

    >>> torch.ones(2, 3)
    tensor([[1., 1., 1.],
            [1., 1., 1.]])
    >>> torch.ones((2,), dtype=torch.bool)
    tensor([True, True])"#
);
filled!(
    empty,
    make: Tensor::try_empty_dtype,
    r#"empty(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

Returns a tensor of the shape defined by the variable argument :attr:`size`, whose elements
are to be overwritten: their values are unspecified. A large tensor reuses a freed tensor's
memory as it is (without a pass that fills it); a small one holds zeros.

Args:
    size (int...): a sequence of integers defining the shape of the output tensor. Can be a
        variable number of arguments or a collection like a list or tuple.

Keyword args:
    dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor
        (default: ``torch.float32``).
    device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
        shape and no data (default: the default device, :func:`torch.set_default_device`).
    requires_grad (bool, optional): if autograd should record operations on the returned
        tensor (default: ``False``).

Example::

    >>> torch.empty(2, 3).shape
    torch.Size([2, 3])"#
);

/// full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Creates a tensor of size :attr:`size` filled with :attr:`fill_value`. The tensor's dtype is
/// inferred from :attr:`fill_value` (bool, int64 or float32) unless :attr:`dtype` is given.
///
/// Args:
///     size (int...): a list, tuple, or :class:`torch.Size` of integers defining the shape of
///         the output tensor.
///     fill_value (Scalar): the value to fill the output tensor with.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> torch.full((2, 3), 3.141592)
///     tensor([[3.1416, 3.1416, 3.1416],
///             [3.1416, 3.1416, 3.1416]])
///     >>> torch.full((2,), 7)
///     tensor([7, 7])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (size, fill_value, *, dtype=None, device=None, requires_grad=false))]
fn full(
    size: &Bound<'_, PyAny>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let dev = check_device(device, "full")?;
    let shape = size_obj(size, "full")?;
    let v = fill_num(fill_value, "full")?;
    // the Python type names the dtype (an int too large for int64 still asks for int64)
    let int = fill_value.is_instance_of::<pyo3::types::PyInt>()
        && !fill_value.is_instance_of::<pyo3::types::PyBool>();
    let dt = opt_dtype(dtype)?.unwrap_or(match v {
        Scalar::Bool(_) => DType::Bool,
        Scalar::Int(_) => DType::Int64,
        Scalar::Float(_) if int => DType::Int64,
        Scalar::Float(_) => ferrograd::get_default_dtype(),
    });
    made(dev, &shape, dt, requires_grad, || {
        Tensor::try_full_scalar(&shape, v, dt)
    })
}

/// eye(n, m=None, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a 2-D tensor with ones on the diagonal and zeros elsewhere.
///
/// Args:
///     n (int): the number of rows.
///     m (int, optional): the number of columns, with default being :attr:`n`.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> torch.eye(3)
///     tensor([[1., 0., 0.],
///             [0., 1., 0.],
///             [0., 0., 1.]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (n, m=None, *, dtype=None, device=None, requires_grad=false))]
fn eye(
    n: i64,
    m: Option<i64>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let dev = check_device(device, "eye")?;
    let m = m.unwrap_or(n);
    if n < 0 {
        return Err(runtime(format!("n must be greater or equal to 0, got {n}")));
    }
    if m < 0 {
        return Err(runtime(format!("m must be greater or equal to 0, got {m}")));
    }
    let (n, m) = (n as usize, m as usize);
    if n.checked_mul(m).is_none_or(|nm| nm > i64::MAX as usize) {
        return Err(runtime("numel: integer multiplication overflow"));
    }
    let dt = opt_dtype(dtype)?.unwrap_or(ferrograd::get_default_dtype());
    if dev == Device::Meta {
        // as PyTorch's meta `eye`: the elements are counted (above), no storage size checked
        return Python::attach(|py| {
            crate::device::meta_tensor_unchecked(py, &[n, m], dt, requires_grad).map(Made::Meta)
        });
    }
    made(dev, &[n, m], dt, requires_grad, || {
        Tensor::try_eye(n, m, dt)
    })
}

fn like_dtype(input: &Tensor, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<DType> {
    Ok(opt_dtype(dtype)?.unwrap_or(input.dtype()))
}

/// zeros_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor filled with the scalar value ``0``, with the same size as :attr:`input` (and
/// its dtype unless :attr:`dtype` is given).
///
/// Args:
///     input (Tensor): the size of :attr:`input` will determine size of the output tensor.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     requires_grad (bool, optional): if autograd should record operations on the returned tensor.
///
/// Example::
///
///     >>> torch.zeros_like(torch.ones(2, 3))
///     tensor([[0., 0., 0.],
///             [0., 0., 0.]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false, memory_format=None))]
fn zeros_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    memory_format: Option<&Bound<'_, PyAny>>,
) -> PyResult<Made> {
    let _ = memory_format;
    made_like(
        "zeros_like",
        input,
        dtype,
        device,
        requires_grad,
        |shape, dt| Tensor::try_full_dtype(shape, 0.0, dt),
    )
}

/// `zeros_like`, `ones_like` and `empty_like`: `make(shape, dtype)` with `input`'s shape and
/// dtype (unless `dtype` is given), on the CPU.
fn made_like(
    name: &str,
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    make: impl FnOnce(&[usize], DType) -> ferrograd::Result<Tensor>,
) -> PyResult<Made> {
    // a `*_like` result is on the input's device unless another is named
    let dev = named_device(device, name)?;
    let t = &input.get().t;
    let dt = like_dtype(t, dtype)?;
    made(dev, t.shape(), dt, requires_grad, || make(t.shape(), dt))
}

/// empty_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor of the same size as :attr:`input` (and its dtype unless :attr:`dtype` is
/// given), whose elements are to be overwritten: their values are unspecified (see
/// :func:`torch.empty`).
///
/// Args:
///     input (Tensor): the size of :attr:`input` will determine size of the output tensor.
///
/// Example::
///
///     >>> torch.empty_like(torch.ones(2, 3)).shape
///     torch.Size([2, 3])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false, memory_format=None))]
fn empty_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    memory_format: Option<&Bound<'_, PyAny>>,
) -> PyResult<Made> {
    let _ = memory_format;
    made_like(
        "empty_like",
        input,
        dtype,
        device,
        requires_grad,
        Tensor::try_empty_dtype,
    )
}

/// ones_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor filled with the scalar value ``1``, with the same size as :attr:`input` (and
/// its dtype unless :attr:`dtype` is given).
///
/// Args:
///     input (Tensor): the size of :attr:`input` will determine size of the output tensor.
///
/// Example::
///
///     >>> torch.ones_like(torch.zeros(2, 3))
///     tensor([[1., 1., 1.],
///             [1., 1., 1.]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false, memory_format=None))]
fn ones_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    memory_format: Option<&Bound<'_, PyAny>>,
) -> PyResult<Made> {
    let _ = memory_format;
    made_like(
        "ones_like",
        input,
        dtype,
        device,
        requires_grad,
        |shape, dt| Tensor::try_full_dtype(shape, 1.0, dt),
    )
}

/// full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor with the same size as :attr:`input` filled with :attr:`fill_value`, of the
/// dtype of :attr:`input` unless :attr:`dtype` is given.
///
/// Args:
///     input (Tensor): the size of :attr:`input` will determine size of the output tensor.
///     fill_value: the number to fill the output tensor with.
///
/// Example::
///
///     >>> torch.full_like(torch.zeros(2), 7.5)
///     tensor([7.5000, 7.5000])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, fill_value, *, dtype=None, device=None, requires_grad=false))]
fn full_like(
    input: &Bound<'_, PyTensor>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let dev = named_device(device, "full_like")?;
    let t = &input.get().t;
    let v = fill_num(fill_value, "full_like")?;
    let dt = like_dtype(t, dtype)?;
    made(dev, t.shape(), dt, requires_grad, || {
        Tensor::try_full_scalar(t.shape(), v, dt)
    })
}

/// Sets the process-wide default floating dtype from a dtype object (float32 or float64).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_default_dtype(d: &Bound<'_, PyAny>) -> PyResult<()> {
    let floating: bool = d.getattr("is_floating_point")?.extract()?;
    if !floating {
        return Err(type_err(
            "only floating-point types are supported as the default type",
        ));
    }
    let dt = opt_dtype(Some(d))?.ok_or_else(|| type_err("expected a dtype"))?;
    ferrograd::set_default_dtype(dt).py()
}

/// Sets the number of threads the kernels use (`torch.set_num_threads`).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _set_num_threads(n: usize) -> PyResult<()> {
    ferrograd::set_num_threads(n).py()
}

/// The number of threads the kernels use (`torch.get_num_threads`).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn get_num_threads() -> usize {
    ferrograd::get_num_threads()
}

/// The default floating dtype object.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _get_default_dtype(py: Python<'_>) -> PyResult<Py<convert::PyDType>> {
    convert::dtype_obj(py, ferrograd::get_default_dtype())
}

fn float_dtype(dtype: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<DType> {
    let dt = opt_dtype(dtype)?.unwrap_or(ferrograd::get_default_dtype());
    if !dt.is_floating_point() {
        return Err(pyo3::exceptions::PyNotImplementedError::new_err(format!(
            "\"{what}\" not implemented for '{}'",
            dt.scalar_name()
        )));
    }
    Ok(dt)
}

/// The dtype of a meta `randn`: floating, with PyTorch's meta message otherwise.
fn meta_float_dtype(dt: DType) -> PyResult<DType> {
    if !dt.is_floating_point() {
        return Err(runtime(format!(
            "expected a floating-point or complex dtype, but got dtype={}",
            dt.torch_name()
        )));
    }
    Ok(dt)
}

/// rand(*size, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor filled with random numbers from a uniform distribution on the interval
/// ``[0, 1)``. After :func:`torch.manual_seed` (or with a seeded :attr:`generator`) the values
/// are PyTorch's.
///
/// Args:
///     size (int...): a sequence of integers defining the shape of the output tensor.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> x = torch.rand(2, 3)
///     >>> x.shape, bool(((x >= 0) & (x < 1)).all())
///     (torch.Size([2, 3]), True)
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (*size, generator=None, dtype=None, device=None, requires_grad=false))]
fn rand(
    size: &Bound<'_, PyTuple>,
    generator: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let g = crate::random::gen_arg(generator)?;
    let dev = check_device(device, "rand")?;
    let shape = size_args(size, "rand")?;
    let dt = match dev {
        Device::Cpu => float_dtype(dtype, "check_uniform_bounds")?,
        // PyTorch's meta kernel for `rand` checks no dtype
        Device::Meta => opt_dtype(dtype)?.unwrap_or(ferrograd::get_default_dtype()),
    };
    made(dev, &shape, dt, requires_grad, || {
        Tensor::try_rand_with(&shape, dt, g.as_ref())
    })
}

/// randn(*size, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor filled with random numbers from a normal distribution with mean ``0`` and
/// variance ``1``. After :func:`torch.manual_seed` (or with a seeded :attr:`generator`) the values
/// are PyTorch's, including the vectorised path PyTorch takes for 16 or more elements.
///
/// Args:
///     size (int...): a sequence of integers defining the shape of the output tensor.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> torch.randn(2, 3).shape
///     torch.Size([2, 3])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (*size, generator=None, dtype=None, device=None, requires_grad=false))]
fn randn(
    size: &Bound<'_, PyTuple>,
    generator: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let g = crate::random::gen_arg(generator)?;
    let dev = check_device(device, "randn")?;
    let shape = size_args(size, "randn")?;
    let dt = match dev {
        Device::Cpu => float_dtype(dtype, "normal_kernel_cpu")?,
        Device::Meta => {
            // PyTorch's meta `randn` counts the elements and checks no storage size
            ferrograd::checked_numel(&shape).py()?;
            let dt = meta_float_dtype(opt_dtype(dtype)?.unwrap_or(ferrograd::get_default_dtype()))?;
            return Python::attach(|py| {
                crate::device::meta_tensor_unchecked(py, &shape, dt, requires_grad).map(Made::Meta)
            });
        }
    };
    made(dev, &shape, dt, requires_grad, || {
        Tensor::try_randn_with(&shape, dt, g.as_ref())
    })
}

/// rand_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor with the same size as :attr:`input` filled with random numbers from a uniform
/// distribution on the interval ``[0, 1)``.
///
/// Args:
///     input (Tensor): the size of :attr:`input` will determine size of the output tensor.
///
/// Example::
///
///     >>> torch.rand_like(torch.zeros(2, 2)).shape
///     torch.Size([2, 2])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false))]
fn rand_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let dev = named_device(device, "rand_like")?;
    let t = &input.get().t;
    let dt = opt_dtype(dtype)?.unwrap_or(t.dtype());
    if dev == Device::Cpu && !dt.is_floating_point() {
        return Err(runtime(format!(
            "\"check_uniform_bounds\" not implemented for '{}'",
            dt.scalar_name()
        )));
    }
    made(dev, t.shape(), dt, requires_grad, || {
        Tensor::try_rand_dtype(t.shape(), dt)
    })
}

/// randn_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor with the same size as :attr:`input` filled with random numbers from a normal
/// distribution with mean 0 and variance 1.
///
/// Args:
///     input (Tensor): the size of :attr:`input` will determine size of the output tensor.
///
/// Example::
///
///     >>> torch.randn_like(torch.zeros(2, 2)).shape
///     torch.Size([2, 2])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, *, dtype=None, device=None, requires_grad=false))]
fn randn_like(
    input: &Bound<'_, PyTensor>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<Made> {
    let dev = named_device(device, "randn_like")?;
    let t = &input.get().t;
    let dt = opt_dtype(dtype)?.unwrap_or(t.dtype());
    if dev == Device::Meta {
        meta_float_dtype(dt)?;
    } else if !dt.is_floating_point() {
        return Err(pyo3::exceptions::PyNotImplementedError::new_err(format!(
            "\"normal_kernel_cpu\" not implemented for '{}'",
            dt.scalar_name()
        )));
    }
    made(dev, t.shape(), dt, requires_grad, || {
        Tensor::try_randn_dtype(t.shape(), dt)
    })
}

/// randint(low=0, high, size, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor
///
/// Returns a tensor filled with random integers generated uniformly between :attr:`low`
/// (inclusive) and :attr:`high` (exclusive), of dtype ``torch.int64`` by default.
///
/// Args:
///     low (int, optional): lowest integer to be drawn from the distribution (default: ``0``).
///     high (int): one above the highest integer to be drawn from the distribution.
///     size (tuple): a tuple defining the shape of the output tensor.
///
/// Keyword args:
///     dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
///     device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
///         shape and no data (default: the default device, :func:`torch.set_default_device`).
///     requires_grad (bool, optional): if autograd should record operations on the returned
///         tensor (default: ``False``).
///
/// Example::
///
///     >>> x = torch.randint(3, 10, (2, 2))
///     >>> x.dtype, bool(((x >= 3) & (x < 10)).all())
///     (torch.int64, True)
#[ferrograd_py_macros::catch_panics]
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
) -> PyResult<Made> {
    let g = crate::random::gen_arg(generator)?;
    let dev = check_device(device, "randint")?;
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
    let dt = opt_dtype(dtype)?.unwrap_or(DType::Int64);
    made(dev, &shape, dt, requires_grad, || {
        let t = Tensor::try_randint_with(low, high, &shape, g.as_ref())?;
        if dt == DType::Int64 {
            Ok(t)
        } else {
            t.try_to_dtype(dt)
        }
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(tensor, m)?)?;
    m.add_function(wrap_pyfunction!(_set_default_dtype, m)?)?;
    m.add_function(wrap_pyfunction!(_set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(_get_default_dtype, m)?)?;
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
    Ok(())
}
