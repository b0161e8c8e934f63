//! The `Tensor` class: construction, attributes, conversions to Python values, printing and the
//! Python protocols (truth value, length, iteration, hashing, formatting).

use crate::convert::{
    self, dims_arg, dtype_arg, element_to_py, int_list_args, make_size, opt_dtype, type_name,
    PyDType,
};
use crate::errors::{guard, runtime, type_err, value_err, IntoPyResult};
use ferrograd::{DType, Tensor};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};
use pyo3::IntoPyObjectExt;

/// Tensors of at least this many elements are computed with the interpreter released, so other
/// Python threads run meanwhile.
pub const DETACH_THRESHOLD: usize = 1 << 15;

/// A multi-dimensional array with autograd: PyTorch's `torch.Tensor`.
#[pyclass(name = "Tensor", module = "ferrograd", frozen, weakref)]
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

fn check_device(obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let s = if let Ok(s) = obj.cast::<PyString>() {
        s.to_string()
    } else if let Ok(ty) = obj.getattr("type") {
        ty.str()?.to_string()
    } else {
        return Err(type_err(format!(
            "to() received an invalid combination of arguments - got ({})",
            type_name(obj)
        )));
    };
    let base = s.split(':').next().unwrap_or("");
    if base == "cpu" {
        Ok(())
    } else {
        Err(runtime(format!(
            "ferrograd runs on the CPU only; device '{s}' is not available"
        )))
    }
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

#[pymethods]
impl PyTensor {
    /// `torch.Tensor(data)` (float32) or `torch.Tensor(*sizes)` (zeros).
    #[new]
    #[pyo3(signature = (*args))]
    fn py_new(args: &Bound<'_, PyTuple>) -> PyResult<Self> {
        if args.is_empty() {
            return Ok(Tensor::zeros(&[0]).into());
        }
        let first = args.get_item(0)?;
        if args.len() == 1 && !first.is_instance_of::<pyo3::types::PyInt>() {
            let t = convert::tensor_from_data(&first, Some(DType::Float32))?;
            return Ok(t.into());
        }
        let shape = convert::size_args(args, "Tensor")?;
        Ok(Tensor::zeros(&shape).into())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let t = &self.t;
        if t.numel() >= DETACH_THRESHOLD {
            py.detach(|| t.to_string())
        } else {
            t.to_string()
        }
    }

    fn __str__(&self, py: Python<'_>) -> String {
        self.__repr__(py)
    }

    fn __format__(&self, py: Python<'_>, spec: &str) -> PyResult<Py<PyAny>> {
        if self.t.dim() == 0 {
            let v = item(py, &self.t)?;
            return Ok(v.call_method1("__format__", (spec,))?.unbind());
        }
        if spec.is_empty() {
            return Ok(PyString::new(py, &self.__repr__(py)).into_any().unbind());
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

    fn __float__(&self) -> PyResult<f64> {
        if self.t.numel() != 1 {
            return Err(value_err(
                "only one element tensors can be converted to Python scalars",
            ));
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

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        make_size(py, self.t.shape())
    }

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

    #[getter]
    fn dtype(&self, py: Python<'_>) -> PyResult<Py<PyDType>> {
        convert::dtype_obj(py, self.t.dtype())
    }

    #[getter]
    fn ndim(&self) -> usize {
        self.t.dim()
    }

    fn dim(&self) -> usize {
        self.t.dim()
    }

    fn ndimension(&self) -> usize {
        self.t.dim()
    }

    fn numel(&self) -> usize {
        self.t.numel()
    }

    fn nelement(&self) -> usize {
        self.t.numel()
    }

    fn element_size(&self) -> usize {
        self.t.dtype().size_in_bytes()
    }

    #[getter]
    fn itemsize(&self) -> usize {
        self.t.dtype().size_in_bytes()
    }

    #[getter]
    fn nbytes(&self) -> usize {
        self.t.dtype().size_in_bytes() * self.t.numel()
    }

    fn storage_offset(&self) -> usize {
        self.t.storage_offset()
    }

    fn data_ptr(&self) -> usize {
        self.t.data_ptr()
    }

    fn is_contiguous(&self) -> bool {
        self.t.is_contiguous()
    }

    fn is_floating_point(&self) -> bool {
        self.t.dtype().is_floating_point()
    }

    fn is_complex(&self) -> bool {
        false
    }

    #[getter]
    fn device<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("ferrograd")?.getattr("device")?.call1(("cpu",))
    }

    #[getter]
    fn is_cuda(&self) -> bool {
        false
    }

    // ---- conversions ------------------------------------------------------------------------

    fn item<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        item(py, &self.t)
    }

    fn tolist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        nested_list(py, &self.t)
    }

    /// `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)`, with keywords `dtype`,
    /// `device`, `copy`.
    #[pyo3(signature = (*args, **kwargs))]
    fn to(
        &self,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyTensor> {
        let mut dtype: Option<DType> = None;
        let mut copy = false;
        for a in args.iter() {
            if a.is_none() {
                continue;
            }
            if let Ok(t) = a.cast::<PyTensor>() {
                dtype = Some(t.get().t.dtype());
            } else if let Ok(d) = dtype_arg(&a) {
                dtype = Some(d);
            } else if a.is_instance_of::<PyBool>() {
                // non_blocking
            } else {
                check_device(&a)?;
            }
        }
        if let Some(kw) = kwargs {
            for (k, v) in kw.iter() {
                let k: String = k.extract()?;
                match k.as_str() {
                    "dtype" => dtype = opt_dtype(Some(&v))?.or(dtype),
                    "device" => {
                        if !v.is_none() {
                            check_device(&v)?
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
        let t = match dtype {
            Some(d) if d != self.t.dtype() => self.t.try_to_dtype(d).py()?,
            _ => self.t.clone(),
        };
        if copy && t.is_same(&self.t) {
            return Ok(t.try_clone_op().py()?.into());
        }
        Ok(t.into())
    }

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

    fn float(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Float32).py()?.into())
    }

    fn double(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Float64).py()?.into())
    }

    fn long(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Int64).py()?.into())
    }

    fn int(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Int64).py()?.into())
    }

    fn bool(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_to_dtype(DType::Bool).py()?.into())
    }

    fn cpu<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

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

    fn clone(&self, py: Python<'_>) -> PyResult<PyTensor> {
        let t = &self.t;
        crate::tensor::op(py, t.numel(), || t.try_clone_op())
    }

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

    #[pyo3(signature = (*shape))]
    fn new_zeros(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let s = convert::size_args(shape, "new_zeros")?;
        Ok(Tensor::zeros_dtype(&s, self.t.dtype()).into())
    }

    #[pyo3(signature = (*shape))]
    fn new_ones(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let s = convert::size_args(shape, "new_ones")?;
        Ok(Tensor::ones_dtype(&s, self.t.dtype()).into())
    }

    fn new_tensor(&self, data: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(convert::tensor_from_data(data, Some(self.t.dtype()))?.into())
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

    /// `all()` / `all(dim)`: whether every element is non-zero.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn all(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        logical_reduce(&self.t, dims_arg(dim)?, keepdim, true)
    }

    /// `any()` / `any(dim)`: whether some element is non-zero.
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn any(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        logical_reduce(&self.t, dims_arg(dim)?, keepdim, false)
    }

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
