//! The `Tensor` class: construction, attributes, conversions to Python values, printing and the
//! Python protocols (truth value, length, iteration, hashing, formatting).

use crate::convert::{
    self, dims_arg, dtype_arg, element_to_py, int_list_args, make_size, opt_dtype, type_name,
    PyDType,
};
use crate::device::{Device, Made};
use crate::errors::{guard, runtime, type_err, value_err, IntoPyResult};
use ferrograd::{DType, Tensor};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use std::sync::atomic::Ordering;

/// Tensors of at least this many elements are computed with the interpreter released, so other
/// Python threads run meanwhile.
pub const DETACH_THRESHOLD: usize = 1 << 15;

/// A :class:`torch.Tensor` is a multi-dimensional matrix containing elements of a single data
/// type (``torch.bool``, ``torch.int64``, ``torch.float32`` or ``torch.float64``), with
/// autograd: operations on tensors that require grad are recorded, and :meth:`backward`
/// computes gradients.
///
/// Create tensors with :func:`torch.tensor`, the factories (:func:`torch.zeros`,
/// :func:`torch.arange`, ...) or :func:`torch.from_numpy`. ``torch.Tensor(data)`` makes a
/// float32 tensor and ``torch.Tensor(*sizes)`` a float32 tensor of zeros.
///
/// Example::
///
///     >>> torch.tensor([[1.0, -1.0], [1.0, -1.0]])
///     tensor([[ 1., -1.],
///             [ 1., -1.]])
///     >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
///     >>> out = x.pow(2).sum()
///     >>> out.backward()
///     >>> x.grad
///     tensor([[2., 4.],
///             [6., 8.]])
#[pyclass(name = "Tensor", module = "ferrograd", frozen, weakref, subclass)]
#[derive(Clone)]
pub struct PyTensor {
    pub t: Tensor,
}

impl From<Tensor> for PyTensor {
    #[inline]
    fn from(t: Tensor) -> Self {
        PyTensor { t }
    }
}

/// Runs `f`, releasing the interpreter when the tensors involved are large.
#[inline]
pub fn compute<R: Send>(
    py: Python<'_>,
    size: usize,
    f: impl FnOnce() -> ferrograd::Result<R> + Send,
) -> PyResult<R> {
    if size >= DETACH_THRESHOLD {
        py.detach(f).py()
    } else {
        f().py()
    }
}

/// `compute` returning a new tensor object.
#[inline]
pub fn op(
    py: Python<'_>,
    size: usize,
    f: impl FnOnce() -> ferrograd::Result<Tensor> + Send,
) -> PyResult<PyTensor> {
    compute(py, size, f).map(PyTensor::from)
}

/// Printing a tensor and `tolist` recurse once per dimension (in Rust, on the thread's stack):
/// a tensor with more dimensions than Python's recursion limit is a `RecursionError` there,
/// as PyTorch's recursive printing gives, instead of a stack overflow.
fn check_nesting(py: Python<'_>, ndim: usize) -> PyResult<()> {
    let limit: usize = py
        .import("sys")?
        .getattr("getrecursionlimit")?
        .call0()?
        .extract()?;
    if ndim > limit {
        return Err(pyo3::exceptions::PyRecursionError::new_err(
            "maximum recursion depth exceeded while calling a Python object",
        ));
    }
    Ok(())
}

pub fn wrap_dim(d: isize, ndim: usize) -> PyResult<usize> {
    let n = ndim.max(1) as isize;
    if d < -n || d >= n {
        return Err(crate::errors::index_err(format!(
            "Dimension out of range (expected to be in range of [{}, {}], but got {d})",
            -n,
            n - 1
        )));
    }
    Ok(if d < 0 { (d + n) as usize } else { d as usize })
}

fn nested_list<'py>(py: Python<'py>, t: &Tensor) -> PyResult<Bound<'py, PyAny>> {
    fn build<'py, T: Copy + IntoPyObject<'py>>(
        py: Python<'py>,
        shape: &[usize],
        data: &[T],
    ) -> PyResult<Bound<'py, PyAny>> {
        if shape.is_empty() {
            return data[0].into_bound_py_any(py);
        }
        let step: usize = shape[1..].iter().product();
        let mut items = Vec::with_capacity(shape[0]);
        for i in 0..shape[0] {
            if shape.len() == 1 {
                items.push(data[i].into_bound_py_any(py)?);
            } else {
                items.push(build(py, &shape[1..], &data[i * step..(i + 1) * step])?);
            }
        }
        Ok(PyList::new(py, items)?.into_any())
    }
    match t.dtype() {
        DType::Bool => build(py, t.shape(), &t.to_vec::<bool>()),
        DType::Int64 => build(py, t.shape(), &t.to_vec::<i64>()),
        _ => build(py, t.shape(), &t.to_vec::<f64>()),
    }
}

pub fn item<'py>(py: Python<'py>, t: &Tensor) -> PyResult<Bound<'py, PyAny>> {
    t.try_item().py()?;
    element_to_py(py, t, 0)
}

/// The device a `Tensor.to` argument names: a device, or a tensor (whose device the result
/// takes: a meta tensor's is meta).
fn to_device(obj: &Bound<'_, PyAny>) -> PyResult<Device> {
    if let Some(d) = crate::device::parse_device(obj)? {
        return Ok(d);
    }
    if obj
        .getattr("is_meta")
        .is_ok_and(|m| m.is_truthy().unwrap_or(false))
    {
        return Ok(Device::Meta);
    }
    Err(type_err(format!(
        "to() received an invalid combination of arguments - got ({})",
        type_name(obj)
    )))
}

pub fn requires_grad_checked(t: &Tensor, flag: bool) -> PyResult<()> {
    if flag && !t.dtype().is_floating_point() {
        return Err(runtime(
            "Only Tensors of floating point and complex dtype can require gradients",
        ));
    }
    if flag {
        t.try_set_requires_grad(true).py()?;
    }
    Ok(())
}

impl PyTensor {
    /// The `new_*` factories: `shape` in this tensor's dtype (or `dtype`), filled with `value`
    /// (`None`: unspecified values, as `new_empty`).
    fn new_filled(
        &self,
        shape: &Bound<'_, PyTuple>,
        what: &str,
        value: Option<ferrograd::Scalar>,
        dtype: Option<&Bound<'_, PyAny>>,
        device: Option<&Bound<'_, PyAny>>,
        requires_grad: bool,
    ) -> PyResult<Made> {
        let dev = crate::device::named_device(device, what)?;
        let s = convert::size_args(shape, what)?;
        let dt = convert::opt_dtype(dtype)?.unwrap_or(self.t.dtype());
        if dev == Device::Meta {
            let m = crate::device::meta_tensor(shape.py(), &s, dt, requires_grad)?;
            return Ok(Made::Meta(m));
        }
        let t = match value {
            Some(v) => Tensor::try_full_scalar(&s, v, dt),
            None => Tensor::try_empty_dtype(&s, dt),
        }
        .py()?;
        requires_grad_checked(&t, requires_grad)?;
        Ok(Made::Cpu(t.into()))
    }
}

/// Whether `float()` of a tensor that requires grad has warned (PyTorch warns once).
static SCALAR_WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// `torch.Tensor(data)` (float32) or `torch.Tensor(*sizes)` (zeros). A subclass (such as
    /// `nn.Parameter`) passes `_alias=t` to wrap a tensor sharing `t`'s storage, detached.
    #[new]
    #[pyo3(signature = (*args, _alias=None))]
    fn py_new(args: &Bound<'_, PyTuple>, _alias: Option<&Bound<'_, PyTensor>>) -> PyResult<Self> {
        if let Some(t) = _alias {
            return Ok(t.get().t.detach().into());
        }
        if args.is_empty() {
            return Ok(Tensor::zeros(&[0]).into());
        }
        let first = args.get_item(0)?;
        if args.len() == 1 && !first.is_instance_of::<pyo3::types::PyInt>() {
            let t = convert::tensor_from_data(&first, Some(ferrograd::get_default_dtype()))?;
            return Ok(t.into());
        }
        let shape = convert::size_args(args, "Tensor")?;
        Ok(Tensor::try_zeros(&shape).py()?.into())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let t = &self.t;
        check_nesting(py, t.dim())?;
        Ok(if t.numel() >= DETACH_THRESHOLD {
            py.detach(|| t.to_string())
        } else {
            t.to_string()
        })
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        self.__repr__(py)
    }

    fn __format__(&self, py: Python<'_>, spec: &str) -> PyResult<Py<PyAny>> {
        if self.t.dim() == 0 {
            let v = item(py, &self.t)?;
            return Ok(v.call_method1("__format__", (spec,))?.unbind());
        }
        if spec.is_empty() {
            return Ok(PyString::new(py, &self.__repr__(py)?).into_any().unbind());
        }
        Err(type_err(
            "unsupported format string passed to Tensor.__format__",
        ))
    }

    fn __hash__(&self) -> isize {
        self.t.id() as isize
    }

    fn __len__(&self) -> PyResult<usize> {
        if self.t.dim() == 0 {
            return Err(type_err("len() of a 0-d tensor"));
        }
        Ok(self.t.shape()[0])
    }

    fn __iter__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let t = &slf.get().t;
        if t.dim() == 0 {
            return Err(type_err("iteration over a 0-d tensor"));
        }
        let py = slf.py();
        let mut items = Vec::with_capacity(t.shape()[0]);
        for i in 0..t.shape()[0] {
            items.push(PyTensor::from(t.try_select(0, i as isize).py()?));
        }
        Ok(PyList::new(py, items)?.try_iter()?.into_any().unbind())
    }

    fn __bool__(&self) -> PyResult<bool> {
        match self.t.numel() {
            0 => Err(runtime(
                "Boolean value of Tensor with no values is ambiguous",
            )),
            1 => Ok(self.t.item() != 0.0),
            _ => Err(runtime(
                "Boolean value of Tensor with more than one value is ambiguous",
            )),
        }
    }

    fn __float__(&self, py: Python<'_>) -> PyResult<f64> {
        if self.t.numel() != 1 {
            return Err(value_err(
                "only one element tensors can be converted to Python scalars",
            ));
        }
        if self.t.requires_grad() && !SCALAR_WARNED.swap(true, Ordering::Relaxed) {
            // PyTorch warns once per process (`int()` and `.item()` do not warn)
            PyErr::warn(
                py,
                &py.get_type::<pyo3::exceptions::PyUserWarning>(),
                c"Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\nConsider using tensor.detach() first.",
                1,
            )?;
        }
        Ok(self.t.item())
    }

    fn __int__(&self) -> PyResult<i64> {
        if self.t.numel() != 1 {
            return Err(value_err(
                "only one element tensors can be converted to Python scalars",
            ));
        }
        Ok(match self.t.dtype() {
            DType::Int64 => self.t.to_vec::<i64>()[0],
            _ => self.t.item().trunc() as i64,
        })
    }

    fn __index__(&self) -> PyResult<i64> {
        if self.t.numel() != 1 || self.t.dtype().is_floating_point() {
            return Err(type_err(
                "only integer tensors of a single element can be converted to an index",
            ));
        }
        Ok(self.t.to_vec::<i64>()[0])
    }

    fn __contains__(&self, element: &Bound<'_, PyAny>) -> PyResult<bool> {
        let other = convert::tensor_like(element, "element")?;
        let eq = self.t.try_eq(&other).py()?;
        Ok(eq.to_vec::<bool>().into_iter().any(|b| b))
    }

    // ---- attributes -------------------------------------------------------------------------

    /// The size of this tensor, a :class:`torch.Size` (a tuple of ints). Same as
    /// :meth:`~Tensor.size`.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 3).shape
    ///     torch.Size([2, 3])
    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        make_size(py, self.t.shape())
    }

    /// size(dim=None) -> torch.Size or int
    ///
    /// Returns the size of this tensor: a :class:`torch.Size` (a subclass of ``tuple``), or the
    /// size of dimension :attr:`dim` as an int.
    ///
    /// Example::
    ///
    ///     >>> t = torch.zeros(4, 5, 6)
    ///     >>> t.size()
    ///     torch.Size([4, 5, 6])
    ///     >>> t.size(dim=1)
    ///     5
    #[pyo3(signature = (dim=None))]
    fn size<'py>(&self, py: Python<'py>, dim: Option<isize>) -> PyResult<Bound<'py, PyAny>> {
        match dim {
            None => make_size(py, self.t.shape()),
            Some(d) => {
                let d = wrap_dim(d, self.t.dim())?;
                Ok(self
                    .t
                    .shape()
                    .get(d)
                    .copied()
                    .unwrap_or(1)
                    .into_pyobject(py)?
                    .into_any())
            }
        }
    }

    /// stride(dim=None) -> tuple or int
    ///
    /// Returns the stride of this tensor: the jump in storage elements from one element to the
    /// next in each dimension (a tuple), or in dimension :attr:`dim` (an int).
    ///
    /// Example::
    ///
    ///     >>> x = torch.zeros(3, 5)
    ///     >>> x.stride()
    ///     (5, 1)
    ///     >>> x.t().stride(0)
    ///     1
    #[pyo3(signature = (dim=None))]
    fn stride<'py>(&self, py: Python<'py>, dim: Option<isize>) -> PyResult<Bound<'py, PyAny>> {
        match dim {
            None => Ok(PyTuple::new(py, self.t.strides())?.into_any()),
            Some(d) => {
                let d = wrap_dim(d, self.t.dim())?;
                Ok(self
                    .t
                    .strides()
                    .get(d)
                    .copied()
                    .unwrap_or(1)
                    .into_pyobject(py)?
                    .into_any())
            }
        }
    }

    /// The :class:`torch.dtype` of this tensor's elements.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0]).dtype
    ///     torch.float32
    #[getter]
    fn dtype(&self, py: Python<'_>) -> PyResult<Py<PyDType>> {
        convert::dtype_obj(py, self.t.dtype())
    }

    /// The number of dimensions: alias for :meth:`~Tensor.dim`.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 3).ndim
    ///     2
    #[getter]
    fn ndim(&self) -> usize {
        self.t.dim()
    }

    /// dim() -> int
    ///
    /// Returns the number of dimensions of this tensor.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 3, 4).dim()
    ///     3
    fn dim(&self) -> usize {
        self.t.dim()
    }

    /// ndimension() -> int
    ///
    /// Alias for :meth:`~Tensor.dim`.
    fn ndimension(&self) -> usize {
        self.t.dim()
    }

    /// numel() -> int
    ///
    /// The number of elements of this tensor.
    ///
    /// See :func:`torch.numel`.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 3).numel()
    ///     6
    fn numel(&self) -> usize {
        self.t.numel()
    }

    /// nelement() -> int
    ///
    /// Alias for :meth:`~Tensor.numel`.
    fn nelement(&self) -> usize {
        self.t.numel()
    }

    /// element_size() -> int
    ///
    /// Returns the size in bytes of an individual element.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0]).element_size()
    ///     4
    fn element_size(&self) -> usize {
        self.t.dtype().size_in_bytes()
    }

    /// The size in bytes of an individual element: alias for :meth:`~Tensor.element_size`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1], dtype=torch.int64).itemsize
    ///     8
    #[getter]
    fn itemsize(&self) -> usize {
        self.t.dtype().size_in_bytes()
    }

    /// The number of bytes the elements of this tensor take: ``numel() * element_size()``.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(3).nbytes
    ///     12
    #[getter]
    fn nbytes(&self) -> usize {
        self.t.dtype().size_in_bytes() * self.t.numel()
    }

    /// storage_offset() -> int
    ///
    /// Returns this tensor's offset in the underlying storage in terms of number of storage
    /// elements.
    ///
    /// Example::
    ///
    ///     >>> x = torch.arange(5)
    ///     >>> x[3:].storage_offset()
    ///     3
    fn storage_offset(&self) -> usize {
        self.t.storage_offset()
    }

    /// data_ptr() -> int
    ///
    /// Returns the address of the first element of this tensor.
    fn data_ptr(&self) -> usize {
        self.t.data_ptr()
    }

    /// is_contiguous() -> bool
    ///
    /// Returns True if this tensor is contiguous in memory in row-major order.
    ///
    /// Example::
    ///
    ///     >>> x = torch.zeros(2, 3)
    ///     >>> x.is_contiguous(), x.t().is_contiguous()
    ///     (True, False)
    fn is_contiguous(&self) -> bool {
        self.t.is_contiguous()
    }

    /// is_floating_point() -> bool
    ///
    /// Returns True if the data type of this tensor is a floating point data type.
    ///
    /// See :func:`torch.is_floating_point`.
    fn is_floating_point(&self) -> bool {
        self.t.dtype().is_floating_point()
    }

    /// is_complex() -> bool
    ///
    /// Returns True if the data type of this tensor is a complex data type: always False in
    /// ferrograd.
    fn is_complex(&self) -> bool {
        false
    }

    /// The :class:`torch.device` where this tensor is: always the CPU.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(1).device
    ///     device(type='cpu')
    #[getter]
    fn device<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("ferrograd")?.getattr("device")?.call1(("cpu",))
    }

    /// Is ``True`` if the tensor is stored on the GPU: always ``False`` in ferrograd.
    #[getter]
    fn is_cuda(&self) -> bool {
        false
    }

    // ---- conversions ------------------------------------------------------------------------

    /// item() -> number
    ///
    /// Returns the value of this tensor as a standard Python number (``float``, ``int`` or
    /// ``bool``). This only works for tensors with one element.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0]).item()
    ///     1.0
    ///     >>> torch.tensor(7).item()
    ///     7
    fn item<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        item(py, &self.t)
    }

    /// tolist() -> list or number
    ///
    /// Returns the tensor as a (nested) list of Python numbers; a scalar for a 0-dim tensor.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1, 2], [3, 4]]).tolist()
    ///     [[1, 2], [3, 4]]
    ///     >>> torch.tensor(0.5).tolist()
    ///     0.5
    fn tolist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        check_nesting(py, self.t.dim())?;
        nested_list(py, &self.t)
    }

    /// to(*args, **kwargs) -> Tensor
    ///
    /// Performs tensor dtype and/or device conversion: ``to(dtype)``, ``to(device=None,
    /// dtype=None, copy=False)``, ``to(other)`` (the dtype of tensor :attr:`other`). When the
    /// tensor already has the requested dtype the result shares its memory (unless
    /// ``copy=True``). Only the CPU device exists; a dtype tensors cannot hold
    /// (``torch.int32``, ``torch.float16``, ...) raises ``TypeError``.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.5, 2.5])
    ///     >>> x.to(torch.float64)
    ///     tensor([1.5000, 2.5000], dtype=torch.float64)
    ///     >>> x.to("cpu", torch.int64)
    ///     tensor([1, 2])
    ///     >>> x.to(torch.float32).data_ptr() == x.data_ptr()
    ///     True
    #[pyo3(signature = (*args, **kwargs))]
    fn to(
        slf: &Bound<'_, Self>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        match slf.get().to_impl(args, kwargs)? {
            Some(t) => Ok(Py::new(slf.py(), t)?.into_any()),
            // the meta device (`'meta'`, `torch.device('meta')`, a meta tensor's device) is
            // `ferrograd._meta`'s
            None => crate::device::meta_to(slf, args, kwargs),
        }
    }

    /// type(dtype=None) -> str or Tensor
    ///
    /// Returns the type name (``'torch.FloatTensor'``) if :attr:`dtype` is not given, else
    /// casts this tensor to :attr:`dtype`.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(1).type()
    ///     'torch.FloatTensor'
    ///     >>> torch.zeros(1).type(torch.int64)
    ///     tensor([0])
    #[pyo3(signature = (dtype=None))]
    fn r#type(&self, py: Python<'_>, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        match dtype {
            None => Ok(PyString::new(py, self.t.dtype().legacy_type_name())
                .into_any()
                .unbind()),
            Some(d) => {
                let d = dtype_arg(d)?;
                Ok(Py::new(py, PyTensor::from(self.t.try_to_dtype(d).py()?))?.into_any())
            }
        }
    }

    /// float() -> Tensor
    ///
    /// ``self.float()`` is equivalent to ``self.to(torch.float32)``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).float()
    ///     tensor([1., 2.])
    fn float(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Float32).py()?.into())
    }

    /// double() -> Tensor
    ///
    /// ``self.double()`` is equivalent to ``self.to(torch.float64)``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).double()
    ///     tensor([1., 2.], dtype=torch.float64)
    fn double(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Float64).py()?.into())
    }

    /// long() -> Tensor
    ///
    /// ``self.long()`` is equivalent to ``self.to(torch.int64)``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.7, -1.7]).long()
    ///     tensor([ 1, -1])
    fn long(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Int64).py()?.into())
    }

    /// int() -> Tensor
    ///
    /// ``self.int()`` is ``self.to(torch.int32)`` in PyTorch. ferrograd tensors cannot hold
    /// ``torch.int32``, so this raises ``TypeError``; use :meth:`~Tensor.long` for
    /// ``torch.int64``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.5]).int()
    ///     Traceback (most recent call last):
    ///         ...
    ///     TypeError: ferrograd does not support dtype torch.int32: tensors hold only torch.bool, torch.int64, torch.float32 and torch.float64
    fn int(&self) -> PyResult<PyTensor> {
        Err(convert::unsupported_dtype("int32"))
    }

    /// short() -> Tensor
    ///
    /// ``self.short()`` is ``self.to(torch.int16)`` in PyTorch; ferrograd tensors cannot hold
    /// ``torch.int16``, so this raises ``TypeError``.
    fn short(&self) -> PyResult<PyTensor> {
        Err(convert::unsupported_dtype("int16"))
    }

    /// char() -> Tensor
    ///
    /// ``self.char()`` is ``self.to(torch.int8)`` in PyTorch; ferrograd tensors cannot hold
    /// ``torch.int8``, so this raises ``TypeError``.
    fn char(&self) -> PyResult<PyTensor> {
        Err(convert::unsupported_dtype("int8"))
    }

    /// byte() -> Tensor
    ///
    /// ``self.byte()`` is ``self.to(torch.uint8)`` in PyTorch; ferrograd tensors cannot hold
    /// ``torch.uint8``, so this raises ``TypeError``.
    fn byte(&self) -> PyResult<PyTensor> {
        Err(convert::unsupported_dtype("uint8"))
    }

    /// half() -> Tensor
    ///
    /// ``self.half()`` is ``self.to(torch.float16)`` in PyTorch; ferrograd tensors cannot hold
    /// ``torch.float16``, so this raises ``TypeError``.
    fn half(&self) -> PyResult<PyTensor> {
        Err(convert::unsupported_dtype("float16"))
    }

    /// bfloat16() -> Tensor
    ///
    /// ``self.bfloat16()`` is ``self.to(torch.bfloat16)`` in PyTorch; ferrograd tensors cannot
    /// hold ``torch.bfloat16``, so this raises ``TypeError``.
    fn bfloat16(&self) -> PyResult<PyTensor> {
        Err(convert::unsupported_dtype("bfloat16"))
    }

    /// bool() -> Tensor
    ///
    /// ``self.bool()`` is equivalent to ``self.to(torch.bool)``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([0.0, 2.0]).bool()
    ///     tensor([False,  True])
    fn bool(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Bool).py()?.into())
    }

    /// cpu() -> Tensor
    ///
    /// Returns this tensor: ferrograd tensors are always in CPU memory.
    fn cpu<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    /// cuda(device=None, non_blocking=False) -> Tensor
    ///
    /// Raises ``RuntimeError``: ferrograd runs on the CPU only.
    #[pyo3(signature = (*_args, **_kwargs))]
    fn cuda(
        &self,
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyTensor> {
        Err(runtime(
            "ferrograd runs on the CPU only; CUDA is not available",
        ))
    }

    /// clone() -> Tensor
    ///
    /// Returns a copy of this tensor. The copy is recorded in the autograd graph: gradients
    /// flowing to the clone flow to this tensor.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, 2.0])
    ///     >>> y = x.clone()
    ///     >>> y[0] = 5.0
    ///     >>> x
    ///     tensor([1., 2.])
    fn clone(&self, py: Python<'_>) -> PyResult<PyTensor> {
        let t = &self.t;
        crate::tensor::op(py, t.numel(), || t.try_clone_op())
    }

    /// contiguous() -> Tensor
    ///
    /// Returns a tensor contiguous in memory containing the same data as this tensor (``self``
    /// if it is already contiguous).
    ///
    /// Example::
    ///
    ///     >>> x = torch.zeros(2, 3).t()
    ///     >>> x.is_contiguous(), x.contiguous().is_contiguous()
    ///     (False, True)
    fn contiguous(&self) -> PyResult<PyTensor> {
        guard(|| self.t.contiguous().into())
    }

    fn __copy__(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_clone_op().py()?.into())
    }

    #[pyo3(signature = (_memo=None))]
    fn __deepcopy__(&self, _memo: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        if !self.t.is_leaf() {
            return Err(runtime("Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001"));
        }
        let c = self.t.detach().try_clone_op().py()?;
        if self.t.requires_grad() {
            c.try_set_requires_grad(true).py()?;
        }
        Ok(c.into())
    }

    /// new_zeros(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor
    ///
    /// Returns a tensor of size :attr:`size` filled with ``0``, of this tensor's dtype (or
    /// :attr:`dtype`).
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1], dtype=torch.int64).new_zeros(2)
    ///     tensor([0, 0])
    #[pyo3(signature = (*shape, dtype=None, device=None, requires_grad=false))]
    fn new_zeros(
        &self,
        shape: &Bound<'_, PyTuple>,
        dtype: Option<&Bound<'_, PyAny>>,
        device: Option<&Bound<'_, PyAny>>,
        requires_grad: bool,
    ) -> PyResult<Made> {
        self.new_filled(
            shape,
            "new_zeros",
            Some(0.into()),
            dtype,
            device,
            requires_grad,
        )
    }

    /// new_ones(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor
    ///
    /// Returns a tensor of size :attr:`size` filled with ``1``, of this tensor's dtype (or
    /// :attr:`dtype`).
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0], dtype=torch.float64).new_ones(2)
    ///     tensor([1., 1.], dtype=torch.float64)
    #[pyo3(signature = (*shape, dtype=None, device=None, requires_grad=false))]
    fn new_ones(
        &self,
        shape: &Bound<'_, PyTuple>,
        dtype: Option<&Bound<'_, PyAny>>,
        device: Option<&Bound<'_, PyAny>>,
        requires_grad: bool,
    ) -> PyResult<Made> {
        self.new_filled(
            shape,
            "new_ones",
            Some(1.into()),
            dtype,
            device,
            requires_grad,
        )
    }

    /// new_empty(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor
    ///
    /// Returns a tensor of size :attr:`size` with unspecified values, of this tensor's dtype
    /// (or :attr:`dtype`).
    ///
    /// Example::
    ///
    ///     >>> torch.ones(1, dtype=torch.float64).new_empty(2, 3).shape
    ///     torch.Size([2, 3])
    #[pyo3(signature = (*shape, dtype=None, device=None, requires_grad=false))]
    fn new_empty(
        &self,
        shape: &Bound<'_, PyTuple>,
        dtype: Option<&Bound<'_, PyAny>>,
        device: Option<&Bound<'_, PyAny>>,
        requires_grad: bool,
    ) -> PyResult<Made> {
        self.new_filled(shape, "new_empty", None, dtype, device, requires_grad)
    }

    /// new_full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor
    ///
    /// Returns a tensor of size :attr:`size` filled with :attr:`fill_value`, of this tensor's
    /// dtype (or :attr:`dtype`).
    ///
    /// Example::
    ///
    ///     >>> torch.ones(1, dtype=torch.float64).new_full((2,), 3.5)
    ///     tensor([3.5000, 3.5000], dtype=torch.float64)
    #[pyo3(signature = (size, fill_value, *, dtype=None, device=None, requires_grad=false))]
    fn new_full(
        &self,
        py: Python<'_>,
        size: &Bound<'_, PyAny>,
        fill_value: &Bound<'_, PyAny>,
        dtype: Option<&Bound<'_, PyAny>>,
        device: Option<&Bound<'_, PyAny>>,
        requires_grad: bool,
    ) -> PyResult<Made> {
        let tensor = fill_value
            .cast::<PyTensor>()
            .ok()
            // as PyTorch: a 0-dim tensor that does not require grad is read as its number
            .filter(|v| v.get().t.dim() == 0 && !v.get().t.requires_grad());
        let v = match tensor {
            Some(v) => convert::tensor_scalar(&v.get().t)?,
            None => convert::fill_scalar(fill_value)?.ok_or_else(|| {
                type_err(format!(
                    "new_full(): argument 'fill_value' (position 2) must be Number, not {}",
                    convert::type_name(fill_value)
                ))
            })?,
        };
        let shape = PyTuple::new(py, [size])?;
        self.new_filled(&shape, "new_full", Some(v), dtype, device, requires_grad)
    }

    /// type_as(tensor) -> Tensor
    ///
    /// This tensor cast to the dtype of :attr:`tensor` (itself if it has it already).
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).type_as(torch.zeros(1))
    ///     tensor([1., 2.])
    fn type_as<'py>(
        slf: &Bound<'py, Self>,
        tensor: &Bound<'_, PyTensor>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dt = tensor.get().t.dtype();
        let t = &slf.get().t;
        if dt == t.dtype() {
            return Ok(slf.clone().into_any());
        }
        Ok(Bound::new(slf.py(), PyTensor::from(t.try_to_dtype(dt).py()?))?.into_any())
    }

    /// new_tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor
    ///
    /// Returns a new tensor with :attr:`data` (copied), of this tensor's dtype (or
    /// :attr:`dtype`).
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(1, dtype=torch.float64).new_tensor([1, 2])
    ///     tensor([1., 2.], dtype=torch.float64)
    #[pyo3(signature = (data, *, dtype=None, device=None, requires_grad=false))]
    fn new_tensor(
        &self,
        data: &Bound<'_, PyAny>,
        dtype: Option<&Bound<'_, PyAny>>,
        device: Option<&Bound<'_, PyAny>>,
        requires_grad: bool,
    ) -> PyResult<Made> {
        let dev = crate::device::named_device(device, "new_tensor")?;
        let dt = convert::opt_dtype(dtype)?.unwrap_or(self.t.dtype());
        let t = match data.cast::<PyTensor>() {
            Ok(src) => {
                PyErr::warn(
                    data.py(),
                    &data.py().get_type::<pyo3::exceptions::PyUserWarning>(),
                    c"To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).",
                    1,
                )?;
                let t = src.get().t.detach();
                if t.dtype() == dt {
                    t.try_clone_op()
                } else {
                    t.try_to_dtype(dt)
                }
                .py()?
            }
            Err(_) => convert::tensor_from_data(data, Some(dt))?,
        };
        if dev == Device::Meta {
            let m = crate::device::meta_tensor(data.py(), t.shape(), dt, requires_grad)?;
            return Ok(Made::Meta(m));
        }
        requires_grad_checked(&t, requires_grad)?;
        Ok(Made::Cpu(t.into()))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let f = py.import("ferrograd._serialization")?.getattr("_rebuild")?;
        let args = (
            nested_list(py, &self.t)?,
            convert::dtype_obj(py, self.t.dtype())?,
            self.t.requires_grad() && self.t.is_leaf(),
        );
        Ok(PyTuple::new(py, [f, args.into_pyobject(py)?.into_any()])?.into_any())
    }

    /// all(dim=None, keepdim=False) -> Tensor
    ///
    /// Tests if all elements evaluate to ``True`` (over all elements, or along :attr:`dim`).
    ///
    /// See :func:`torch.all`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn all(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        logical_reduce(&self.t, dims_arg(dim)?, keepdim, true)
    }

    /// any(dim=None, keepdim=False) -> Tensor
    ///
    /// Tests if any element evaluates to ``True`` (over all elements, or along :attr:`dim`).
    ///
    /// See :func:`torch.any`.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn any(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        logical_reduce(&self.t, dims_arg(dim)?, keepdim, false)
    }

    /// permute(*dims) -> Tensor
    ///
    /// Returns a view of this tensor with its dimensions permuted.
    ///
    /// See :func:`torch.permute`.
    #[pyo3(signature = (*dims))]
    fn permute(&self, dims: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let d: Vec<isize> = int_list_args(dims)?
            .into_iter()
            .map(|v| v as isize)
            .collect();
        Ok(self.t.try_permute(&d).py()?.into())
    }
}

/// `all`/`any` over all elements or along dimensions, as a bool tensor (never differentiated).
pub fn logical_reduce(
    t: &Tensor,
    dims: Option<Vec<isize>>,
    keepdim: bool,
    all: bool,
) -> PyResult<PyTensor> {
    let b = t.try_ne(&Tensor::scalar_tensor(0.0, t.dtype())).py()?;
    match dims {
        None => {
            let v = b.to_vec::<bool>();
            let r = if all {
                v.iter().all(|&x| x)
            } else {
                v.iter().any(|&x| x)
            };
            Ok(Tensor::new(r).into())
        }
        Some(d) => {
            let ints = b.try_to_dtype(DType::Int64).py()?;
            let s = ints.try_sum_dims(&d, keepdim).py()?;
            let r = if all {
                // all: count equals the reduced size
                let n: i64 = (b.numel() / s.numel().max(1)) as i64;
                s.try_eq(&Tensor::scalar_tensor(n as f64, DType::Int64))
                    .py()?
            } else {
                s.try_gt(&Tensor::scalar_tensor(0.0, DType::Int64)).py()?
            };
            Ok(r.into())
        }
    }
}

impl PyTensor {
    /// `Tensor.to` for the CPU: a dtype cast (or the tensor itself), `copy=True` a copy.
    fn to_impl(
        &self,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Option<PyTensor>> {
        let mut dtype: Option<DType> = None;
        let mut copy = false;
        let mut meta = false;
        for a in args.iter() {
            if a.is_none() {
                continue;
            }
            if let Ok(t) = a.cast::<PyTensor>() {
                dtype = Some(t.get().t.dtype());
            } else if a.is_instance_of::<PyDType>() {
                dtype = Some(dtype_arg(&a)?);
            } else if let Some(d) = a
                .is_instance_of::<pyo3::types::PyType>()
                .then(|| dtype_arg(&a).ok())
                .flatten()
            {
                // a Python type (`float`, `int`, `bool`) names a dtype
                dtype = Some(d);
            } else if a.is_instance_of::<PyBool>() {
                // non_blocking
            } else {
                meta |= to_device(&a)? == Device::Meta;
            }
        }
        if let Some(kw) = kwargs {
            for (k, v) in kw.iter() {
                let k: String = k.extract()?;
                match k.as_str() {
                    "dtype" => dtype = opt_dtype(Some(&v))?.or(dtype),
                    "device" => {
                        if !v.is_none() {
                            meta |= to_device(&v)? == Device::Meta;
                        }
                    }
                    "copy" => copy = v.is_truthy()?,
                    "non_blocking" | "memory_format" => {}
                    other => {
                        return Err(type_err(format!(
                            "to() got an unexpected keyword argument '{other}'"
                        )))
                    }
                }
            }
        }
        if meta {
            return Ok(None);
        }
        let t = match dtype {
            Some(d) if d != self.t.dtype() => self.t.try_to_dtype(d).py()?,
            _ => self.t.clone(),
        };
        if copy && t.is_same(&self.t) {
            return Ok(Some(t.try_clone_op().py()?.into()));
        }
        Ok(Some(t.into()))
    }
}
