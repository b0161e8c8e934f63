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

/// A tensor holding a copy of a NumPy array's elements, keeping its dtype (other integer types
/// become int64).
pub fn from_numpy(arr: &Bound<'_, PyAny>) -> PyResult<Tensor> {
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
    macro_rules! ints {
        ($($t:ty),*) => {$(
            if let Some((v, s)) = collect::<$t>(arr)? {
                let v: Vec<i64> = v.into_iter().map(|x| x as i64).collect();
                return Tensor::try_from_vec(v, &s).py();
            }
        )*};
    }
    ints!(i32, i16, i8, u8, u16, u32, u64);
    let name = untyped.dtype().str()?.to_string();
    Err(type_err(format!(
        "can't convert np.ndarray of type numpy.{name}. The only supported types are: float64, float32, int64, int32, int16, int8, uint64, uint32, uint16, uint8, and bool."
    )))
}

#[pymethods]
impl PyTensor {
    #[pyo3(signature = (*, force=false))]
    fn numpy<'py>(slf: &Bound<'py, Self>, force: bool) -> PyResult<Bound<'py, PyAny>> {
        if force {
            let d = Bound::new(slf.py(), PyTensor::from(slf.get().t.detach()))?;
            return to_numpy(&d, true);
        }
        to_numpy(slf, false)
    }

    #[pyo3(signature = (dtype=None, copy=None))]
    fn __array__<'py>(
        slf: &Bound<'py, Self>,
        dtype: Option<&Bound<'py, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let a = to_numpy(slf, false)?;
        let a = match dtype.filter(|d| !d.is_none()) {
            Some(d) => a.call_method1("astype", (d,))?,
            None => a,
        };
        if copy == Some(true) {
            return a.call_method0("copy");
        }
        Ok(a)
    }
}

#[pyfunction]
#[pyo3(name = "from_numpy")]
fn from_numpy_fn(ndarray: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    if !is_ndarray(ndarray) {
        return Err(type_err(format!(
            "expected np.ndarray (got {})",
            crate::convert::type_name(ndarray)
        )));
    }
    Ok(self::from_numpy(ndarray)?.into())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(from_numpy_fn, m)?)?;
    Ok(())
}
