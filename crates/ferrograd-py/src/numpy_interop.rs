//! NumPy interoperability: `Tensor.numpy()` (zero-copy for float32, float64 and int64; the array
//! shares the tensor's memory), `__array__`, and `from_numpy` (a copy).

use crate::errors::{runtime, type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::{DType, Tensor};
use numpy::ndarray::{ArrayViewD, IxDyn, ShapeBuilder};
use numpy::{PyArray, PyArrayDyn, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;

pub fn is_ndarray(obj: &Bound<'_, PyAny>) -> bool {
    obj.cast::<PyUntypedArray>().is_ok()
}

/// A NumPy array over the tensor's own memory; `owner` (the Python tensor) is kept alive by the
/// array.
fn borrowed<'py, T: numpy::Element>(owner: &Bound<'py, PyTensor>) -> Bound<'py, PyAny> {
    let t = &owner.get().t;
    let shape = IxDyn(t.shape());
    let strides = IxDyn(t.strides());
    let ptr = t.data_ptr() as *const T;
    // SAFETY: the pointer addresses the tensor's first element inside a storage buffer that is
    // allocated once and never reallocated; every element reachable through shape and strides
    // lies inside it (the tensor's own layout). The buffer lives as long as `owner`, which the
    // array holds as its base object.
    unsafe {
        let view: ArrayViewD<'_, T> = ArrayViewD::from_shape_ptr(shape.strides(strides), ptr);
        PyArray::<T, IxDyn>::borrow_from_array(&view, owner.clone().into_any()).into_any()
    }
}

pub fn to_numpy<'py>(owner: &Bound<'py, PyTensor>, force: bool) -> PyResult<Bound<'py, PyAny>> {
    let t = &owner.get().t;
    if t.requires_grad() && !force {
        return Err(runtime(
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
        ));
    }
    if t.dim() > 64 {
        // NumPy's limit, checked here as PyTorch does
        return Err(crate::errors::value_err(
            "number of dimensions must be within [0, 64]",
        ));
    }
    let py = owner.py();
    Ok(match t.dtype() {
        DType::Float32 => borrowed::<f32>(owner),
        DType::Float64 => borrowed::<f64>(owner),
        DType::Int64 => borrowed::<i64>(owner),
        DType::Bool => {
            let v = PyArray::from_vec(py, t.to_vec::<bool>());
            v.reshape(t.shape().to_vec())?.into_any()
        }
    })
}

fn collect<T: numpy::Element + Copy>(
    arr: &Bound<'_, PyAny>,
) -> PyResult<Option<(Vec<T>, Vec<usize>)>> {
    match arr.cast::<PyArrayDyn<T>>() {
        Ok(a) => {
            let ro = a.readonly();
            let view = ro.as_array();
            Ok(Some((
                view.iter().copied().collect(),
                view.shape().to_vec(),
            )))
        }
        Err(_) => Ok(None),
    }
}

/// A tensor holding a copy of a NumPy array's elements. The array's dtype must be one tensors
/// hold (bool, int64, float32, float64): other integer arrays are converted only when `cast_to`
/// (an explicit `dtype=`) says what to, and raise a `TypeError` otherwise, never silently
/// becoming another dtype.
pub fn from_numpy(arr: &Bound<'_, PyAny>, cast_to: Option<DType>) -> PyResult<Tensor> {
    let untyped = arr.cast::<PyUntypedArray>().map_err(|_| {
        type_err(format!(
            "expected np.ndarray (got {})",
            crate::convert::type_name(arr)
        ))
    })?;
    if let Some((v, s)) = collect::<f32>(arr)? {
        return Tensor::try_from_vec(v, &s).py();
    }
    if let Some((v, s)) = collect::<f64>(arr)? {
        return Tensor::try_from_vec(v, &s).py();
    }
    if let Some((v, s)) = collect::<i64>(arr)? {
        return Tensor::try_from_vec(v, &s).py();
    }
    if let Some((v, s)) = collect::<bool>(arr)? {
        return Tensor::try_from_vec(v, &s).py();
    }
    let name = untyped.dtype().str()?.to_string();
    if cast_to.is_some() {
        macro_rules! ints {
            ($($t:ty),*) => {$(
                if let Some((v, s)) = collect::<$t>(arr)? {
                    let v: Vec<i64> = v.into_iter().map(|x| x as i64).collect();
                    return Tensor::try_from_vec(v, &s).py();
                }
            )*};
        }
        ints!(i32, i16, i8, u8, u16, u32);
    }
    let torch_name = match name.as_str() {
        "int32" | "int16" | "int8" | "uint8" | "uint16" | "uint32" | "uint64" | "float16" => {
            Some(name.as_str())
        }
        _ => None,
    };
    Err(match torch_name {
        Some(t) => type_err(format!(
            "can't convert np.ndarray of type numpy.{name}: ferrograd does not support dtype torch.{t}: tensors hold only torch.bool, torch.int64, torch.float32 and torch.float64 (convert the array first, e.g. with .astype(numpy.int64))"
        )),
        None => type_err(format!(
            "can't convert np.ndarray of type numpy.{name}. The only supported types are: float64, float32, int64 and bool."
        )),
    })
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// numpy(*, force=False) -> numpy.ndarray
    ///
    /// Returns the tensor as a NumPy ``ndarray`` sharing its memory (a copy for bool tensors):
    /// changes to one are seen in the other. A tensor that requires grad raises
    /// ``RuntimeError`` unless :attr:`force` is ``True`` (then the result is
    /// ``self.detach().numpy()``).
    ///
    /// Example::
    ///
    ///     >>> t = torch.tensor([0.4, 0.1])
    ///     >>> t.numpy()
    ///     array([0.4, 0.1], dtype=float32)
    ///     >>> torch.ones(2, requires_grad=True).numpy(force=True)
    ///     array([1., 1.], dtype=float32)
    #[pyo3(signature = (*, force=false))]
    fn numpy<'py>(slf: &Bound<'py, Self>, force: bool) -> PyResult<Bound<'py, PyAny>> {
        if force {
            let d = Bound::new(slf.py(), PyTensor::from(slf.get().t.detach()))?;
            return to_numpy(&d, true);
        }
        to_numpy(slf, false)
    }

    /// __array__(dtype=None, copy=None) -> numpy.ndarray
    ///
    /// The NumPy array protocol, used by ``np.asarray(t)`` and ``np.array(t)``: the tensor's
    /// elements as an array sharing its memory (see :meth:`~Tensor.numpy`), converted to
    /// :attr:`dtype` if given, copied if :attr:`copy` is ``True``. A tensor that requires grad
    /// raises ``RuntimeError``, as :meth:`~Tensor.numpy` does.
    ///
    /// Example::
    ///
    ///     >>> import numpy as np
    ///     >>> np.asarray(torch.tensor([1.0, 2.0]), dtype=np.float64)
    ///     array([1., 2.])
    #[pyo3(signature = (dtype=None, copy=None))]
    fn __array__<'py>(
        slf: &Bound<'py, Self>,
        dtype: Option<&Bound<'py, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let a = to_numpy(slf, false)?;
        // `numpy()` gives a copy for a bool tensor
        let mut copied = slf.get().t.dtype() == DType::Bool;
        let mut a = a;
        if let Some(d) = dtype.filter(|d| !d.is_none()) {
            let kwargs = pyo3::types::PyDict::new(slf.py());
            kwargs.set_item("copy", false)?;
            let converted = a.call_method("astype", (d,), Some(&kwargs))?;
            copied |= !converted.is(&a);
            a = converted;
        }
        match copy {
            // NumPy's `copy=False`: never copy, and say so when a copy is needed
            Some(false) if copied => Err(crate::errors::value_err(
                "Unable to avoid copy while creating an array as requested.",
            )),
            Some(true) if !copied => a.call_method0("copy"),
            _ => Ok(a),
        }
    }

    /// NumPy defers binary operators with a tensor operand to the tensor (``ndarray + t`` and
    /// ``np.float32(2) * t`` return a Tensor), as PyTorch sets it.
    #[classattr]
    fn __array_priority__() -> i32 {
        1000
    }

    /// Exports the tensor as a DLPack capsule sharing its memory (a copy for bool tensors), for
    /// ``numpy.from_dlpack(t)`` and other DLPack consumers.
    ///
    /// A tensor that requires grad raises ``BufferError``, as in PyTorch.
    ///
    /// Args:
    ///     stream: ``None`` or ``-1`` (ferrograd tensors live on the CPU).
    ///     max_version, dl_device, copy: the DLPack 2023 keywords, handed on to NumPy's
    ///         exporter.
    ///     read_only: accepted for PyTorch's signature.
    ///
    /// Example::
    ///
    ///     >>> import numpy as np
    ///     >>> np.from_dlpack(torch.tensor([1.0, 2.0]))
    ///     array([1., 2.], dtype=float32)
    #[pyo3(signature = (*, stream=None, max_version=None, dl_device=None, copy=None, read_only=false))]
    fn __dlpack__<'py>(
        slf: &Bound<'py, Self>,
        stream: Option<&Bound<'py, PyAny>>,
        max_version: Option<&Bound<'py, PyAny>>,
        dl_device: Option<&Bound<'py, PyAny>>,
        copy: Option<&Bound<'py, PyAny>>,
        read_only: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _ = read_only;
        if slf.get().t.requires_grad() {
            return Err(pyo3::exceptions::PyBufferError::new_err(
                "Can't export tensors that require gradient, use tensor.detach()",
            ));
        }
        if let Some(s) = stream.filter(|s| !s.is_none()) {
            if s.extract::<i64>().ok() != Some(-1) {
                return Err(crate::errors::value_err(
                    "stream must be None or -1 for a tensor on the CPU",
                ));
            }
        }
        let a = to_numpy(slf, false)?;
        let kwargs = pyo3::types::PyDict::new(slf.py());
        for (k, v) in [
            ("max_version", max_version),
            ("dl_device", dl_device),
            ("copy", copy),
        ] {
            if let Some(v) = v.filter(|v| !v.is_none()) {
                kwargs.set_item(k, v)?;
            }
        }
        a.call_method("__dlpack__", (), Some(&kwargs))
    }

    /// Wraps the result of a NumPy function called on tensors (``np.sin(t)``) back into a
    /// tensor, as PyTorch does (a copy of the array; a bool result stays bool, where PyTorch
    /// gives uint8).
    #[pyo3(signature = (array, context=None, return_scalar=false))]
    fn __array_wrap__<'py>(
        &self,
        array: &Bound<'py, PyAny>,
        context: Option<&Bound<'py, PyAny>>,
        return_scalar: bool,
    ) -> PyResult<PyTensor> {
        let _ = (context, return_scalar);
        Ok(from_numpy(array, None)?.into())
    }

    /// The DLPack device of the tensor: ``(1, 0)``, the CPU.
    fn __dlpack_device__(&self) -> (i32, i32) {
        (1, 0)
    }
}

/// from_numpy(ndarray) -> Tensor
///
/// Creates a :class:`Tensor` from a :class:`numpy.ndarray`, keeping its dtype. PyTorch's
/// tensor shares the array's memory; ferrograd's is a copy.
///
/// The array's dtype must be one ferrograd tensors hold: ``numpy.float64``, ``numpy.float32``,
/// ``numpy.int64`` or ``numpy.bool_``. Another one (``int32``, ``uint8``, ``float16``, ...)
/// raises ``TypeError`` naming it; convert the array first (``a.astype(np.int64)``).
///
/// Args:
///     ndarray (numpy.ndarray): the array to convert.
///
/// Example::
///
///     >>> import numpy as np
///     >>> torch.from_numpy(np.array([1, 2, 3]))
///     tensor([1, 2, 3])
///     >>> torch.from_numpy(np.array([0.5, 1.5], dtype=np.float32))
///     tensor([0.5000, 1.5000])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(name = "from_numpy")]
fn from_numpy_fn(ndarray: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    if !is_ndarray(ndarray) {
        return Err(type_err(format!(
            "expected np.ndarray (got {})",
            crate::convert::type_name(ndarray)
        )));
    }
    Ok(self::from_numpy(ndarray, None)?.into())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(from_numpy_fn, m)?)?;
    Ok(())
}
