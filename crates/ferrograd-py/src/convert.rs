//! Conversions between Python values and the library's: dtypes, scalars, nested data, shapes,
//! dimension lists and the `Size` objects shapes are returned as.

use crate::errors::{runtime, to_py, type_err, value_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::{DType, Scalar, Tensor};
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PySequence, PyString, PyTuple, PyType};

/// A :class:`torch.dtype` is an object that represents the data type of a tensor's elements,
/// printed as PyTorch prints it (``torch.float32``). Every dtype of PyTorch's common set exists
/// (``float32``, ``float64``, ``float16``, ``bfloat16``, ``int64``, ``int32``, ``int16``,
/// ``int8``, ``uint8``, ``bool`` and the aliases ``float``, ``double``, ``half``, ``long``,
/// ``int``, ``short``), but ferrograd tensors hold only ``torch.bool``, ``torch.int64``,
/// ``torch.float32`` and ``torch.float64``: creating or converting to another one raises
/// ``TypeError``.
///
/// Example::
///
///     >>> torch.tensor([1.0]).dtype
///     torch.float32
///     >>> torch.int, torch.int.itemsize, torch.float16.is_floating_point
///     (torch.int32, 4, True)
///     >>> torch.zeros(2, dtype=torch.int)
///     Traceback (most recent call last):
///         ...
///     TypeError: ferrograd does not support dtype torch.int32: tensors hold only torch.bool, torch.int64, torch.float32 and torch.float64
#[pyclass(name = "dtype", module = "ferrograd", frozen, eq, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyDType {
    /// The name after `torch.` (`"int32"`).
    name: &'static str,
    /// The library's dtype, for the ones tensors can hold.
    pub core: Option<DType>,
    itemsize: usize,
    floating: bool,
    signed: bool,
}

/// Every dtype object: name, stored dtype, size in bytes, floating point, signed.
const DTYPE_TABLE: [(&str, Option<DType>, usize, bool, bool); 10] = [
    ("bool", Some(DType::Bool), 1, false, false),
    ("uint8", None, 1, false, false),
    ("int8", None, 1, false, true),
    ("int16", None, 2, false, true),
    ("int32", None, 4, false, true),
    ("int64", Some(DType::Int64), 8, false, true),
    ("float16", None, 2, true, true),
    ("bfloat16", None, 2, true, true),
    ("float32", Some(DType::Float32), 4, true, true),
    ("float64", Some(DType::Float64), 8, true, true),
];

/// The names of every dtype object, for the module to export.
pub fn dtype_names() -> impl Iterator<Item = &'static str> {
    DTYPE_TABLE.iter().map(|e| e.0)
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyDType {
    fn __repr__(&self) -> String {
        format!("torch.{}", self.name)
    }
    /// Whether this is a floating point dtype (``float16``, ``bfloat16``, ``float32``,
    /// ``float64``).
    #[getter]
    fn is_floating_point(&self) -> bool {
        self.floating
    }
    /// Whether this is a complex dtype: always ``False`` (ferrograd has none).
    #[getter]
    fn is_complex(&self) -> bool {
        false
    }
    /// Whether this dtype can hold negative values.
    #[getter]
    fn is_signed(&self) -> bool {
        self.signed
    }
    /// The size of one element in bytes.
    #[getter]
    fn itemsize(&self) -> usize {
        self.itemsize
    }
    fn __reduce__(&self) -> &'static str {
        self.name
    }
}

static DTYPES: PyOnceLock<Vec<Py<PyDType>>> = PyOnceLock::new();

fn all_dtypes(py: Python<'_>) -> PyResult<&Vec<Py<PyDType>>> {
    DTYPES.get_or_try_init(py, || {
        DTYPE_TABLE
            .iter()
            .map(|&(name, core, itemsize, floating, signed)| {
                Py::new(
                    py,
                    PyDType {
                        name,
                        core,
                        itemsize,
                        floating,
                        signed,
                    },
                )
            })
            .collect()
    })
}

/// The one Python object of each dtype (`x.dtype is ferrograd.float32`, as in PyTorch).
pub fn dtype_obj(py: Python<'_>, d: DType) -> PyResult<Py<PyDType>> {
    let all = all_dtypes(py)?;
    let i = DTYPE_TABLE
        .iter()
        .position(|e| e.1 == Some(d))
        .expect("every stored dtype is in the table");
    Ok(all[i].clone_ref(py))
}

/// The dtype object named `name` (`"int32"`).
pub fn dtype_by_name(py: Python<'_>, name: &str) -> PyResult<Py<PyDType>> {
    let all = all_dtypes(py)?;
    let i = DTYPE_TABLE
        .iter()
        .position(|e| e.0 == name)
        .ok_or_else(|| value_err(format!("no dtype named {name}")))?;
    Ok(all[i].clone_ref(py))
}

/// The `TypeError` for a dtype that tensors cannot hold (`torch.int32`, `torch.float16`, ...).
pub fn unsupported_dtype(name: &str) -> PyErr {
    type_err(format!(
        "ferrograd does not support dtype torch.{name}: tensors hold only torch.bool, torch.int64, torch.float32 and torch.float64"
    ))
}

/// A dtype argument: a `ferrograd.dtype`, or the Python types `float`, `int` and `bool`.
pub fn dtype_arg(obj: &Bound<'_, PyAny>) -> PyResult<DType> {
    if let Ok(d) = obj.cast::<PyDType>() {
        let d = d.get();
        return d.core.ok_or_else(|| unsupported_dtype(d.name));
    }
    if let Ok(t) = obj.cast::<PyType>() {
        let py = obj.py();
        if t.is(py.get_type::<PyFloat>()) {
            return Ok(DType::Float64);
        }
        if t.is(py.get_type::<PyBool>()) {
            return Ok(DType::Bool);
        }
        if t.is(py.get_type::<PyInt>()) {
            return Ok(DType::Int64);
        }
    }
    Err(type_err(format!(
        "dtype must be ferrograd.dtype, not {}",
        type_name(obj)
    )))
}

pub fn opt_dtype(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<DType>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => dtype_arg(o).map(Some),
    }
}

pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// The value of a one-element tensor as a scalar of its kind (bool, int or float), an int64
/// exactly (not through `f64`); PyTorch's `item()` error for another size.
pub fn tensor_scalar(t: &Tensor) -> PyResult<Scalar> {
    t.try_item_scalar().py()
}

/// [`scalar`] for a value that fills a tensor (`full`, `new_full`, `fill_`): an int in
/// `[2^63, 2^64)`, which PyTorch reads as uint64, does not fit int64 but is that (positive)
/// number in a floating dtype, so it is kept as a float (its int64 conversion is then PyTorch's
/// overflow error, [`Scalar::checked_to`]).
/// A NumPy integer beyond int64 (`np.uint64(2**63)`) is PyTorch's "an integer is required".
pub fn fill_scalar(obj: &Bound<'_, PyAny>) -> PyResult<Option<Scalar>> {
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        if let (Err(_), Ok(v)) = (obj.extract::<i64>(), obj.extract::<u64>()) {
            return Ok(Some(Scalar::Float(v as f64)));
        }
    } else if !obj.is_instance_of::<PyFloat>()
        && !obj.is_instance_of::<PyBool>()
        && !obj.is_instance_of::<PyTensor>()
        && !crate::func::is_wrapped_tensor(obj)
        && obj.hasattr("dtype").unwrap_or(false)
        && obj.hasattr("item").unwrap_or(false)
        && obj.getattr("ndim").and_then(|n| n.extract::<usize>()).ok() == Some(0)
    {
        let v = obj.call_method0("item")?;
        if v.is_instance_of::<PyInt>()
            && !v.is_instance_of::<PyBool>()
            && v.extract::<i64>().is_err()
        {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "an integer is required",
            ));
        }
        // the Python number it holds, read once
        if !v.is(obj) {
            return scalar(&v);
        }
    }
    scalar(obj)
}

/// A Python number as a library scalar (bool before int: Python's bool is an int), or `None`
/// for anything else. NumPy scalars convert through `__index__` / `__float__`.
pub fn scalar(obj: &Bound<'_, PyAny>) -> PyResult<Option<Scalar>> {
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Some(Scalar::Bool(b.is_true())));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(v) = obj.extract::<i64>() {
            return Ok(Some(Scalar::Int(v)));
        }
        // PyTorch reads a number in [2^63, 2^64) as uint64 and wraps it to int64
        return obj
            .extract::<u64>()
            .map(|v| Some(Scalar::Int(v as i64)))
            .map_err(|_| PyOverflowError::new_err("int too big to convert"));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Some(Scalar::Float(f.value())));
    }
    if obj.is_instance_of::<PyTensor>()
        || obj.is_instance_of::<PyString>()
        || crate::func::is_wrapped_tensor(obj)
    {
        return Ok(None);
    }
    // NumPy and other numeric scalars.
    if obj.hasattr("dtype").unwrap_or(false) && obj.hasattr("item").unwrap_or(false) {
        let ndim: usize = obj.getattr("ndim").and_then(|n| n.extract()).unwrap_or(1);
        if ndim == 0 {
            let v = obj.call_method0("item")?;
            if !v.is(obj) {
                return scalar(&v);
            }
        }
        return Ok(None);
    }
    Ok(None)
}

/// The right-hand side of an arithmetic operator or op argument.
pub enum Arg {
    T(Tensor),
    S(Scalar),
}

/// A tensor or Python number, or `None` for other values (an operator then returns
/// `NotImplemented`).
pub fn arg(obj: &Bound<'_, PyAny>) -> PyResult<Option<Arg>> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        return Ok(Some(Arg::T(t.get().t.clone())));
    }
    Ok(scalar(obj)?.map(Arg::S))
}

/// A tensor argument given as a tensor or as a Python number (a 0-dim tensor of its default
/// dtype).
pub fn tensor_like(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Tensor> {
    match arg(obj)? {
        Some(Arg::T(t)) => Ok(t),
        Some(Arg::S(s)) => Ok(scalar_tensor(s)),
        None => Err(type_err(format!(
            "{what} must be Tensor, not {}",
            type_name(obj)
        ))),
    }
}

pub fn scalar_tensor(s: Scalar) -> Tensor {
    let dt = match s {
        Scalar::Bool(_) => DType::Bool,
        Scalar::Int(_) => DType::Int64,
        Scalar::Float(_) => ferrograd::get_default_dtype(),
    };
    Tensor::from_scalar(s, dt)
}

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Kind {
    Bool,
    Int,
    Float,
    /// A NumPy float64 scalar among the data: the tensor is float64, as in PyTorch.
    Double,
}

enum Val {
    B(bool),
    I(i64),
    F(f64),
}

fn is_seq(obj: &Bound<'_, PyAny>) -> bool {
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return true;
    }
    // an int (the common case: `zeros(2, 3)`, `reshape(2, -1)`) answers before the abstract
    // `Sequence` check, which costs an `isinstance` against `collections.abc`
    if obj.is_instance_of::<pyo3::types::PyInt>()
        || obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyTensor>()
    {
        return false;
    }
    obj.cast::<PySequence>().is_ok() && obj.hasattr("__len__").unwrap_or(false)
}

/// The most dimensions nested data may have (PyTorch's `MAX_DIMS` in `torch.tensor`); it also
/// bounds the recursion of [`fill`], so deeply nested (or self-containing) lists are a
/// `ValueError`, not a stack overflow.
const MAX_DIMS: usize = 128;

/// PyTorch's shape inference for nested data: follow the first element of each level.
fn infer_shape(obj: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    let mut shape = Vec::new();
    let mut cur = obj.clone();
    loop {
        if !is_seq(&cur) {
            if let Ok(t) = cur.cast::<PyTensor>() {
                shape.extend_from_slice(t.get().t.shape());
            }
            return Ok(shape);
        }
        if shape.len() == MAX_DIMS {
            return Err(value_err(format!(
                "too many dimensions '{}'",
                type_name(&cur)
            )));
        }
        let n = cur.len()?;
        shape.push(n);
        if n == 0 {
            return Ok(shape);
        }
        cur = cur.get_item(0)?;
    }
}

/// The dtype name of a NumPy scalar (`np.float64(1)` → `"float64"`), `None` for anything else.
fn numpy_scalar_dtype(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if obj.is_exact_instance_of::<PyFloat>()
        || obj.is_instance_of::<PyInt>()
        || obj.is_instance_of::<PyBool>()
        || obj.is_instance_of::<PyTensor>()
        || !obj.hasattr("dtype")?
        || obj.getattr("ndim").and_then(|n| n.extract::<usize>()).ok() != Some(0)
    {
        return Ok(None);
    }
    Ok(obj
        .getattr("dtype")?
        .getattr("name")
        .and_then(|n| n.extract::<String>())
        .ok())
}

fn fill(
    obj: &Bound<'_, PyAny>,
    shape: &[usize],
    dim: usize,
    out: &mut Vec<Val>,
    kind: &mut Kind,
    strict: bool,
) -> PyResult<()> {
    if dim == shape.len() {
        // NumPy scalars keep their dtype, as in PyTorch: float64 makes the tensor float64, and
        // a dtype tensors cannot hold is refused unless `dtype=` says what to convert to.
        if let Some(name) = numpy_scalar_dtype(obj)? {
            match name.as_str() {
                "float64" => {
                    push(Val::F(obj.extract::<f64>()?), out, kind);
                    *kind = Kind::Double;
                    return Ok(());
                }
                "float32" | "int64" | "bool" => {}
                other if strict => return Err(unsupported_dtype(other)),
                _ => {}
            }
        }
        if let Ok(t) = obj.cast::<PyTensor>() {
            let t = &t.get().t;
            if t.numel() != 1 {
                return Err(value_err(
                    "only one element tensors can be converted to Python scalars",
                ));
            }
            let v = match t.dtype() {
                DType::Bool => Val::B(t.to_vec::<bool>()[0]),
                DType::Int64 => Val::I(t.to_vec::<i64>()[0]),
                _ => Val::F(t.item()),
            };
            push(v, out, kind);
            return Ok(());
        }
        if is_seq(obj) {
            return Err(type_err(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(obj)
            )));
        }
        if obj.is_instance_of::<PyInt>() && obj.extract::<i64>().is_err() {
            return Err(value_err("Overflow when unpacking long long"));
        }
        return match scalar(obj) {
            Ok(Some(s)) => {
                push(
                    match s {
                        Scalar::Bool(b) => Val::B(b),
                        Scalar::Int(i) => Val::I(i),
                        Scalar::Float(f) => Val::F(f),
                    },
                    out,
                    kind,
                );
                Ok(())
            }
            Ok(None) if obj.is_instance_of::<PyString>() => Err(type_err(format!(
                "new(): invalid data type '{}'",
                type_name(obj)
            ))),
            Ok(None) => Err(runtime(format!(
                "Could not infer dtype of {}",
                type_name(obj)
            ))),
            Err(_) => Err(value_err("Overflow when unpacking long long")),
        };
    }
    if obj.is_instance_of::<PyTensor>() {
        // a tensor inside nested data stands for its elements
        let t = obj.cast::<PyTensor>()?.get().t.clone();
        if t.shape() != &shape[dim..] {
            return Err(value_err(format!(
                "expected sequence of length {} at dim {} (got {})",
                shape[dim],
                dim,
                t.shape().first().copied().unwrap_or(0)
            )));
        }
        match t.dtype() {
            DType::Bool => t
                .to_vec::<bool>()
                .into_iter()
                .for_each(|b| push(Val::B(b), out, kind)),
            DType::Int64 => t
                .to_vec::<i64>()
                .into_iter()
                .for_each(|i| push(Val::I(i), out, kind)),
            _ => t
                .to_vec::<f64>()
                .into_iter()
                .for_each(|f| push(Val::F(f), out, kind)),
        }
        return Ok(());
    }
    if !is_seq(obj) {
        return Err(type_err("not a sequence"));
    }
    let n = obj.len()?;
    if n != shape[dim] {
        return Err(value_err(format!(
            "expected sequence of length {} at dim {} (got {})",
            shape[dim], dim, n
        )));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        for item in l.iter() {
            fill(&item, shape, dim + 1, out, kind, strict)?;
        }
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        for item in t.iter() {
            fill(&item, shape, dim + 1, out, kind, strict)?;
        }
    } else {
        for i in 0..n {
            fill(&obj.get_item(i)?, shape, dim + 1, out, kind, strict)?;
        }
    }
    Ok(())
}

fn push(v: Val, out: &mut Vec<Val>, kind: &mut Kind) {
    let k = match v {
        Val::B(_) => Kind::Bool,
        Val::I(_) => Kind::Int,
        Val::F(_) => Kind::Float,
    };
    if k > *kind {
        *kind = k;
    }
    out.push(v);
}

/// `torch.tensor(data)` for Python data: numbers, booleans and nested sequences of them (floats
/// give float32, integers int64, booleans bool), or NumPy arrays (their own dtype).
pub fn tensor_from_data(obj: &Bound<'_, PyAny>, dtype: Option<DType>) -> PyResult<Tensor> {
    if crate::numpy_interop::is_ndarray(obj) {
        let t = crate::numpy_interop::from_numpy(obj, dtype)?;
        return Ok(match dtype {
            Some(d) => t.try_to_dtype(d).py()?,
            None => t,
        });
    }
    let shape = infer_shape(obj)?;
    let numel = ferrograd::checked_numel(&shape).py()?;
    let mut vals: Vec<Val> = Vec::new();
    vals.try_reserve_exact(numel).map_err(|_| {
        runtime(format!(
            "DefaultCPUAllocator: can't allocate memory: you tried to allocate {} bytes. Error code 12 (Cannot allocate memory)",
            numel.saturating_mul(std::mem::size_of::<Val>())
        ))
    })?;
    let mut kind = Kind::Bool;
    if shape.is_empty() || shape.iter().product::<usize>() > 0 {
        fill(obj, &shape, 0, &mut vals, &mut kind, dtype.is_none())?;
    } else {
        kind = Kind::Float;
    }
    let dt = dtype.unwrap_or(match kind {
        Kind::Bool => DType::Bool,
        Kind::Int => DType::Int64,
        Kind::Float => ferrograd::get_default_dtype(),
        Kind::Double => DType::Float64,
    });
    let t = match dt {
        DType::Bool => Tensor::try_from_vec(
            vals.iter()
                .map(|v| match *v {
                    Val::B(b) => b,
                    Val::I(i) => i != 0,
                    Val::F(f) => f != 0.0,
                })
                .collect::<Vec<bool>>(),
            &shape,
        ),
        DType::Int64 => Tensor::try_from_vec(
            vals.iter()
                .map(|v| match *v {
                    Val::B(b) => b as i64,
                    Val::I(i) => i,
                    Val::F(f) => f as i64,
                })
                .collect::<Vec<i64>>(),
            &shape,
        ),
        DType::Float32 => Tensor::try_from_vec(
            vals.iter()
                .map(|v| match *v {
                    Val::B(b) => b as u8 as f32,
                    Val::I(i) => i as f32,
                    Val::F(f) => f as f32,
                })
                .collect::<Vec<f32>>(),
            &shape,
        ),
        DType::Float64 => Tensor::try_from_vec(
            vals.iter()
                .map(|v| match *v {
                    Val::B(b) => b as u8 as f64,
                    Val::I(i) => i as f64,
                    Val::F(f) => f,
                })
                .collect::<Vec<f64>>(),
            &shape,
        ),
    };
    t.map_err(to_py)
}

/// A size given as separate integers (`zeros(2, 3)`) or as one sequence (`zeros((2, 3))`,
/// `zeros(x.shape)`), checked non-negative with `what`'s message.
pub fn size_args(args: &Bound<'_, PyTuple>, what: &str) -> PyResult<Vec<usize>> {
    let one_seq = args.len() == 1 && is_seq(&args.get_item(0)?);
    let items: Vec<Bound<'_, PyAny>> = if one_seq {
        let s = args.get_item(0)?;
        let mut v = Vec::new();
        for i in 0..s.len()? {
            v.push(s.get_item(i)?);
        }
        v
    } else {
        args.iter().collect()
    };
    let single = args.len() == 1 && !one_seq;
    let mut out = Vec::with_capacity(items.len());
    for (pos, it) in items.iter().enumerate() {
        // a float is not read as a size (its __index__ is refused)
        let v: i64 = (if it.is_instance_of::<PyFloat>() {
            Err(())
        } else {
            it.extract().map_err(|_| ())
        })
        .map_err(|_| {
            type_err(if single {
                format!(
                    "{what}(): argument 'size' (position 1) must be tuple of ints, not {}",
                    type_name(it)
                )
            } else {
                format!(
                    "{what}(): argument 'size' must be tuple of ints, but found element of type {} at pos {}",
                    type_name(it),
                    pos + 1
                )
            })
        })?;
        out.push(v);
    }
    if let Some(&neg) = out.iter().find(|&&v| v < 0) {
        // PyTorch's `zeros` checks the sizes itself; the other factories leave it to the
        // tensor constructor
        return Err(runtime(if what == "zeros" {
            format!("{what}: Dimension size must be non-negative.")
        } else {
            format!(
                "Trying to create tensor with negative dimension {neg}: [{}]",
                out.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }));
    }
    Ok(out.into_iter().map(|v| v as usize).collect())
}

/// A size given as one sequence or int (keyword `size=`).
pub fn size_obj(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<usize>> {
    let t = PyTuple::new(obj.py(), [obj])?;
    size_args(&t, what)
}

/// Integers given separately or as one sequence (`permute(1, 0)`, `reshape((2, -1))`).
pub fn int_list_args(args: &Bound<'_, PyTuple>) -> PyResult<Vec<i64>> {
    if args.len() == 1 {
        let a = args.get_item(0)?;
        if is_seq(&a) {
            let mut v = Vec::new();
            for i in 0..a.len()? {
                v.push(a.get_item(i)?.extract::<i64>()?);
            }
            return Ok(v);
        }
    }
    args.iter().map(|a| a.extract::<i64>()).collect()
}

/// `dim=` given as an int or a sequence of ints; `None` for all dimensions.
pub fn dims_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<isize>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => {
            if is_seq(o) {
                let mut v = Vec::new();
                for i in 0..o.len()? {
                    v.push(o.get_item(i)?.extract::<isize>()?);
                }
                Ok(Some(v))
            } else {
                Ok(Some(vec![o.extract::<isize>()?]))
            }
        }
    }
}

/// `ferrograd._size.Size` and `tuple.__new__`, looked up once.
static SIZE_CLASS: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();

/// A `ferrograd.Size` (a tuple subclass printed as `torch.Size([2, 3])`). Made with
/// `tuple.__new__(Size, sizes)`: the sizes are ints already, so `Size.__new__`'s conversion of
/// each (a Python generator, about ten times the cost of the rest) is skipped; `tensor.shape`
/// is read often enough in Python code for that to matter.
pub fn make_size<'py>(py: Python<'py>, shape: &[usize]) -> PyResult<Bound<'py, PyAny>> {
    let (cls, new) = SIZE_CLASS.get_or_try_init(py, || -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        Ok((
            py.import("ferrograd._size")?.getattr("Size")?.unbind(),
            py.get_type::<PyTuple>().getattr("__new__")?.unbind(),
        ))
    })?;
    new.bind(py).call1((cls.bind(py), PyTuple::new(py, shape)?))
}

/// The Python value of one element: `float`, `int` or `bool` by dtype.
pub fn element_to_py<'py>(py: Python<'py>, t: &Tensor, i: usize) -> PyResult<Bound<'py, PyAny>> {
    Ok(match t.dtype() {
        DType::Bool => PyBool::new(py, t.to_vec::<bool>()[i]).to_owned().into_any(),
        DType::Int64 => t.to_vec::<i64>()[i].into_pyobject(py)?.into_any(),
        _ => t.to_vec::<f64>()[i].into_pyobject(py)?.into_any(),
    })
}
