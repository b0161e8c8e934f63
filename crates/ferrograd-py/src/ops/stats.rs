//! Statistics (`var std prod logsumexp`, `var_mean std_mean`), pieces (`split chunk
//! tensor_split`), rearrangements (`tril triu repeat tile movedim unflatten`), `bmm`, the
//! special-value tests (`isnan isinf isfinite nan_to_num`) and the three-operand ops (`lerp
//! addcmul addcdiv` and their in-place forms).

use super::*;
use pyo3::exceptions::PyUserWarning;
use pyo3::types::PyBool;

/// The correction of `var`/`std` from PyTorch's overloads: `x.var(False)` (a bool where the
/// dimension goes is `unbiased`), `unbiased=`, or `correction=` (not both).
fn correction_of(
    name: &str,
    dim: &mut Option<&Bound<'_, PyAny>>,
    unbiased: Option<bool>,
    correction: Option<f64>,
) -> PyResult<f64> {
    let mut unbiased = unbiased;
    if let Some(d) = *dim {
        if d.is_instance_of::<PyBool>() {
            if unbiased.is_some() {
                return Err(type_err(format!(
                    "{name}() received an invalid combination of arguments - got (bool, unbiased=bool)"
                )));
            }
            unbiased = Some(d.extract()?);
            *dim = None;
        }
    }
    match (unbiased, correction) {
        (Some(_), Some(_)) => Err(type_err(format!(
            "{name}() received an invalid combination of arguments - got (correction=Number, unbiased=bool): give one of them"
        ))),
        (Some(u), None) => Ok(if u { 1.0 } else { 0.0 }),
        (None, Some(c)) => Ok(c),
        (None, None) => Ok(1.0),
    }
}

/// PyTorch's warning when a variance divides by zero or less (given after the computation,
/// which checks the arguments).
fn warn_dof(
    py: Python<'_>,
    name: &str,
    t: &Tensor,
    dims: &Option<Vec<isize>>,
    c: f64,
) -> PyResult<()> {
    let n: usize = match dims {
        None => t.numel(),
        Some(ds) if ds.is_empty() => t.numel(),
        Some(ds) => ds
            .iter()
            .filter_map(|&d| wrap_dim(d, t.dim()).ok())
            .map(|d| t.shape().get(d).copied().unwrap_or(1))
            .product(),
    };
    if n as f64 - c <= 0.0 {
        let msg = std::ffi::CString::new(format!(
            "{name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel)."
        ))
        .expect("no NUL");
        PyErr::warn(py, &py.get_type::<PyUserWarning>(), &msg, 1)?;
    }
    Ok(())
}

/// The reduction of `var`/`std` and their `_mean` forms: dimensions, correction, keepdim.
struct Spread {
    dims: Option<Vec<isize>>,
    correction: f64,
    keepdim: bool,
}

impl Spread {
    fn parse(
        name: &str,
        mut dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<bool>,
        keepdim: bool,
        correction: Option<f64>,
    ) -> PyResult<Spread> {
        let correction = correction_of(name, &mut dim, unbiased, correction)?;
        Ok(Spread {
            dims: dims_arg(dim)?,
            correction,
            keepdim,
        })
    }

    /// The variance or the standard deviation, then PyTorch's warning if it divided by ≤ 0.
    fn of(&self, py: Python<'_>, name: &str, t: &Tensor, std: bool) -> PyResult<PyTensor> {
        let (d, c, k) = (self.dims.as_deref(), self.correction, self.keepdim);
        let r = if std {
            t.try_std(d, c, k)
        } else {
            t.try_var(d, c, k)
        }
        .py()?;
        warn_dof(py, name, t, &self.dims, c)?;
        Ok(r.into())
    }

    /// `(var or std, mean)`, then the warning.
    fn with_mean<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        t: &Tensor,
        std: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let (d, c, k) = (self.dims.as_deref(), self.correction, self.keepdim);
        let (a, m) = if std {
            t.try_std_mean(d, c, k)
        } else {
            t.try_var_mean(d, c, k)
        }
        .py()?;
        warn_dof(py, name, t, &self.dims, c)?;
        tensors(py, vec![a, m])
    }
}

/// `lerp`'s weight: a number or a tensor.
fn weight_arg(w: &Bound<'_, PyAny>) -> PyResult<ferrograd::ops::Weight> {
    if let Ok(t) = w.cast::<PyTensor>() {
        return Ok(ferrograd::ops::Weight::Tensor(t.get().t.clone()));
    }
    match convert::scalar(w)? {
        Some(s) => Ok(ferrograd::ops::Weight::Scalar(s.to_f64())),
        None => Err(type_err(format!(
            "lerp(): argument 'weight' must be Number or Tensor, not {}",
            convert::type_name(w)
        ))),
    }
}

/// `addcmul`/`addcdiv`'s `value=`: a number.
fn value_arg(v: Option<&Bound<'_, PyAny>>) -> PyResult<Scalar> {
    match v {
        None => Ok(Scalar::from(1i64)),
        Some(v) => convert::scalar(v)?.ok_or_else(|| {
            type_err(format!(
                "argument 'value' must be Number, not {}",
                convert::type_name(v)
            ))
        }),
    }
}

fn tensors<'py>(py: Python<'py>, parts: Vec<Tensor>) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, parts.into_iter().map(PyTensor::from))
}

/// Non-negative sizes, or PyTorch's message naming the list.
fn sizes_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<usize>> {
    let v: Vec<i64> = int_list_args(&PyTuple::new(obj.py(), [obj])?)?;
    if v.iter().any(|&s| s < 0) {
        return Err(runtime(format!(
            "{what} expects split_sizes have only non-negative entries, but got split_sizes={v:?}"
        )));
    }
    Ok(v.into_iter().map(|s| s as usize).collect())
}

/// `repeat`/`tile` counts; a negative one is PyTorch's negative-dimension error on the result.
fn repeat_counts(t: &Tensor, reps: &[i64], tile: bool) -> PyResult<Vec<usize>> {
    if reps.iter().any(|&r| r < 0) {
        let n = reps.len().max(t.dim());
        let pad = |v: &[i64], k: usize| -> Vec<i64> {
            std::iter::repeat_n(1, k - v.len())
                .chain(v.iter().copied())
                .collect()
        };
        let shape: Vec<i64> = t.shape().iter().map(|&s| s as i64).collect();
        let (s, r) = if tile {
            (pad(&shape, n), pad(reps, n))
        } else {
            (pad(&shape, reps.len().max(shape.len())), reps.to_vec())
        };
        let out: Vec<i64> = s.iter().zip(&r).map(|(a, b)| a * b).collect();
        let neg = out.iter().find(|&&v| v < 0).copied().unwrap_or(-1);
        return Err(runtime(format!(
            "Trying to create tensor with negative dimension {neg}: {out:?}"
        )));
    }
    Ok(reps.iter().map(|&r| r as usize).collect())
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// var(dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor
    ///
    /// The variance over :attr:`dim` (all dimensions by default), dividing by
    /// ``N - correction``; ``unbiased=False`` is ``correction=0``.
    ///
    /// See :func:`torch.var`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])
    ///     >>> x.var(1)
    ///     tensor([1., 4.])
    ///     >>> x.var(1, correction=0)
    ///     tensor([0.6667, 2.6667])
    #[pyo3(signature = (dim=None, unbiased=None, keepdim=false, *, correction=None))]
    fn var(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<bool>,
        keepdim: bool,
        correction: Option<f64>,
    ) -> PyResult<PyTensor> {
        Spread::parse("var", dim, unbiased, keepdim, correction)?.of(py, "var", &self.t, false)
    }
    /// std(dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor
    ///
    /// The standard deviation over :attr:`dim`, the square root of :meth:`var`.
    ///
    /// See :func:`torch.std`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, 3.0]).std()
    ///     tensor(1.4142)
    #[pyo3(signature = (dim=None, unbiased=None, keepdim=false, *, correction=None))]
    fn std(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<bool>,
        keepdim: bool,
        correction: Option<f64>,
    ) -> PyResult<PyTensor> {
        Spread::parse("std", dim, unbiased, keepdim, correction)?.of(py, "std", &self.t, true)
    }
    /// prod(dim=None, keepdim=False, *, dtype=None) -> Tensor
    ///
    /// The product of the elements, of all of them or along :attr:`dim`.
    ///
    /// See :func:`torch.prod`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    ///     >>> x.prod(), x.prod(1)
    ///     (tensor(24.), tensor([ 2., 12.]))
    #[pyo3(signature = (dim=None, keepdim=false, *, dtype=None))]
    fn prod(
        &self,
        dim: Option<isize>,
        keepdim: bool,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let src = match opt_dtype(dtype)? {
            Some(d) => self.t.try_to_dtype(d).py()?,
            None => self.t.clone(),
        };
        Ok(match dim {
            None => src.try_prod(),
            Some(d) => src.try_prod_dim(d, keepdim),
        }
        .py()?
        .into())
    }
    /// logsumexp(dim, keepdim=False) -> Tensor
    ///
    /// ``log(sum(exp(self)))`` over :attr:`dim`, computed stably.
    ///
    /// See :func:`torch.logsumexp`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[0.0, 0.0], [10.0, 10.0]]).logsumexp(1)
    ///     tensor([ 0.6931, 10.6931])
    #[pyo3(signature = (dim=None, keepdim=false))]
    fn logsumexp(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        let Some(dim) = dim else {
            return Err(type_err(
                "logsumexp() missing 1 required positional arguments: \"dim\"",
            ));
        };
        let dims = dims_arg(Some(dim))?.unwrap_or_default();
        Ok(self.t.try_logsumexp(&dims, keepdim).py()?.into())
    }
    /// split(split_size, dim=0) -> tuple of Tensors
    ///
    /// Pieces of :attr:`split_size` along :attr:`dim` (the last one smaller), or of the sizes
    /// in a list; views of this tensor.
    ///
    /// See :func:`torch.split`.
    #[pyo3(signature = (split_size, dim=0))]
    fn split<'py>(
        &self,
        py: Python<'py>,
        split_size: &Bound<'_, PyAny>,
        dim: isize,
    ) -> PyResult<Bound<'py, PyTuple>> {
        if split_size.is_instance_of::<pyo3::types::PyInt>() {
            let s: i64 = split_size.extract()?;
            if s < 0 {
                return Err(runtime(format!(
                    "split expects split_size be non-negative, but got split_size={s}"
                )));
            }
            return tensors(py, self.t.try_split(s as usize, dim).py()?);
        }
        let sizes = sizes_of(split_size, "split_with_sizes")?;
        tensors(py, self.t.try_split_with_sizes(&sizes, dim).py()?)
    }
    /// split_with_sizes(split_sizes, dim=0) -> tuple of Tensors
    ///
    /// Pieces of the given sizes along :attr:`dim`, which must add up to its size.
    ///
    /// See :func:`torch.split`.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(5).split_with_sizes([2, 3])
    ///     (tensor([0, 1]), tensor([2, 3, 4]))
    #[pyo3(signature = (split_sizes, dim=0))]
    fn split_with_sizes<'py>(
        &self,
        py: Python<'py>,
        split_sizes: &Bound<'_, PyAny>,
        dim: isize,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let sizes = sizes_of(split_sizes, "split_with_sizes")?;
        tensors(py, self.t.try_split_with_sizes(&sizes, dim).py()?)
    }
    /// chunk(chunks, dim=0) -> tuple of Tensors
    ///
    /// At most :attr:`chunks` pieces of equal size along :attr:`dim` (the last one smaller).
    ///
    /// See :func:`torch.chunk`.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(5).chunk(3)
    ///     (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    #[pyo3(signature = (chunks, dim=0))]
    fn chunk<'py>(
        &self,
        py: Python<'py>,
        chunks: i64,
        dim: isize,
    ) -> PyResult<Bound<'py, PyTuple>> {
        if chunks <= 0 {
            return Err(runtime(format!(
                "chunk expects `chunks` to be greater than 0, got: {chunks}"
            )));
        }
        tensors(py, self.t.try_chunk(chunks as usize, dim).py()?)
    }
    /// tensor_split(indices_or_sections, dim=0) -> tuple of Tensors
    ///
    /// :attr:`indices_or_sections` pieces of sizes differing by at most one (an int), or the
    /// pieces between the given indices (a list or tensor of ints), along :attr:`dim`.
    ///
    /// See :func:`torch.tensor_split`.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(5).tensor_split(3)
    ///     (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    ///     >>> torch.arange(5).tensor_split([1, 4])
    ///     (tensor([0]), tensor([1, 2, 3]), tensor([4]))
    #[pyo3(signature = (indices_or_sections=None, dim=0, *, sections=None, indices=None))]
    fn tensor_split<'py>(
        &self,
        py: Python<'py>,
        indices_or_sections: Option<&Bound<'_, PyAny>>,
        dim: isize,
        sections: Option<i64>,
        indices: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let what = indices_or_sections.or(indices);
        let sections = match (what, sections) {
            (Some(w), None) if w.is_instance_of::<pyo3::types::PyInt>() => w.extract::<i64>()?,
            (None, Some(s)) => s,
            (Some(w), None) => {
                let list: Vec<isize> = if let Ok(t) = w.cast::<PyTensor>() {
                    let t = &t.get().t;
                    if t.dtype() != DType::Int64 || t.dim() > 1 {
                        return Err(runtime(
                            "tensor_split expected tensor_indices_or_sections to have integer dtype and to be a 0-D or 1-D tensor",
                        ));
                    }
                    if t.dim() == 0 {
                        return tensors(py, self.t.try_tensor_split(t.to_vec::<i64>()[0].max(0) as usize, dim).py()?);
                    }
                    t.to_vec::<i64>().into_iter().map(|v| v as isize).collect()
                } else {
                    int_list_args(&PyTuple::new(py, [w])?)?
                        .into_iter()
                        .map(|v| v as isize)
                        .collect()
                };
                return tensors(py, self.t.try_tensor_split_indices(&list, dim).py()?);
            }
            _ => {
                return Err(type_err(
                    "tensor_split() received an invalid combination of arguments: give one of indices_or_sections, sections or indices",
                ))
            }
        };
        if sections <= 0 {
            return Err(runtime(format!(
                "number of sections must be larger than 0, got {sections}"
            )));
        }
        tensors(py, self.t.try_tensor_split(sections as usize, dim).py()?)
    }
    /// tril(diagonal=0) -> Tensor
    ///
    /// The lower triangle of the last two dimensions, the other elements 0.
    ///
    /// See :func:`torch.tril`.
    ///
    /// Example::
    ///
    ///     >>> torch.ones(2, 3).tril()
    ///     tensor([[1., 0., 0.],
    ///             [1., 1., 0.]])
    #[pyo3(signature = (diagonal=0))]
    fn tril(&self, diagonal: i64) -> PyResult<PyTensor> {
        Ok(self.t.try_tril(diagonal).py()?.into())
    }
    /// triu(diagonal=0) -> Tensor
    ///
    /// The upper triangle of the last two dimensions, the other elements 0.
    ///
    /// See :func:`torch.triu`.
    ///
    /// Example::
    ///
    ///     >>> torch.ones(2, 3).triu(1)
    ///     tensor([[0., 1., 1.],
    ///             [0., 0., 1.]])
    #[pyo3(signature = (diagonal=0))]
    fn triu(&self, diagonal: i64) -> PyResult<PyTensor> {
        Ok(self.t.try_triu(diagonal).py()?.into())
    }
    /// repeat(*repeats) -> Tensor
    ///
    /// This tensor repeated along each dimension (``repeats`` may add leading dimensions).
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).repeat(2, 2)
    ///     tensor([[1, 2, 1, 2],
    ///             [1, 2, 1, 2]])
    #[pyo3(signature = (*repeats))]
    fn repeat(&self, repeats: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        if repeats.is_empty() {
            return Err(type_err(
                "repeat() missing 1 required positional arguments: \"repeats\"",
            ));
        }
        let reps = repeat_counts(&self.t, &int_list_args(repeats)?, false)?;
        Ok(self.t.try_repeat(&reps).py()?.into())
    }
    /// tile(dims) -> Tensor
    ///
    /// This tensor repeated along each dimension; fewer counts than dimensions repeat the
    /// last dimensions.
    ///
    /// See :func:`torch.tile`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1, 2]]).tile(2)
    ///     tensor([[1, 2, 1, 2]])
    #[pyo3(signature = (*dims))]
    fn tile(&self, dims: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let reps = repeat_counts(&self.t, &int_list_args(dims)?, true)?;
        Ok(self.t.try_tile(&reps).py()?.into())
    }
    /// movedim(source, destination) -> Tensor
    ///
    /// A view with the dimension(s) :attr:`source` moved to :attr:`destination`.
    ///
    /// See :func:`torch.movedim`.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 3, 4).movedim(0, -1).shape
    ///     torch.Size([3, 4, 2])
    fn movedim(
        &self,
        source: &Bound<'_, PyAny>,
        destination: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        let s = dims_arg(Some(source))?.unwrap_or_default();
        let d = dims_arg(Some(destination))?.unwrap_or_default();
        Ok(self.t.try_movedim(&s, &d).py()?.into())
    }
    /// moveaxis(source, destination) -> Tensor
    ///
    /// Alias for :meth:`movedim`.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 3, 4).moveaxis((0, 1), (1, 2)).shape
    ///     torch.Size([4, 2, 3])
    fn moveaxis(
        &self,
        source: &Bound<'_, PyAny>,
        destination: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        self.movedim(source, destination)
    }
    /// unflatten(dim, sizes) -> Tensor
    ///
    /// Dimension :attr:`dim` expanded into :attr:`sizes` (one may be -1).
    ///
    /// See :func:`torch.unflatten`.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(3, 4).unflatten(1, (2, -1)).shape
    ///     torch.Size([3, 2, 2])
    fn unflatten(&self, dim: isize, sizes: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let s: Vec<isize> = int_list_args(&PyTuple::new(sizes.py(), [sizes])?)?
            .into_iter()
            .map(|v| v as isize)
            .collect();
        Ok(self.t.try_unflatten(dim, &s).py()?.into())
    }
    /// bmm(mat2) -> Tensor
    ///
    /// Batched matrix product with :attr:`mat2`.
    ///
    /// See :func:`torch.bmm`.
    ///
    /// Example::
    ///
    ///     >>> torch.ones(2, 3, 4).bmm(torch.ones(2, 4, 5)).shape
    ///     torch.Size([2, 3, 5])
    fn bmm(&self, py: Python<'_>, mat2: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        let b = &mat2.get().t;
        op(py, self.t.numel().max(b.numel()), || self.t.try_bmm(b))
    }
    /// isnan() -> Tensor
    ///
    /// Where the elements are NaN, as a bool tensor.
    ///
    /// See :func:`torch.isnan`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, float('nan')]).isnan()
    ///     tensor([False,  True])
    fn isnan(&self) -> PyTensor {
        self.t.isnan().into()
    }
    /// isinf() -> Tensor
    ///
    /// Where the elements are positive or negative infinity.
    ///
    /// See :func:`torch.isinf`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, float('-inf')]).isinf()
    ///     tensor([False,  True])
    fn isinf(&self) -> PyTensor {
        self.t.isinf().into()
    }
    /// isposinf() -> Tensor
    ///
    /// Where the elements are positive infinity.
    ///
    /// See :func:`torch.isposinf`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([float('inf'), float('-inf')]).isposinf()
    ///     tensor([ True, False])
    fn isposinf(&self) -> PyTensor {
        self.t.isposinf().into()
    }
    /// isneginf() -> Tensor
    ///
    /// Where the elements are negative infinity.
    ///
    /// See :func:`torch.isneginf`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([float('inf'), float('-inf')]).isneginf()
    ///     tensor([False,  True])
    fn isneginf(&self) -> PyTensor {
        self.t.isneginf().into()
    }
    /// isfinite() -> Tensor
    ///
    /// Where the elements are finite (not NaN, not infinite).
    ///
    /// See :func:`torch.isfinite`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, float('nan'), float('inf')]).isfinite()
    ///     tensor([ True, False, False])
    fn isfinite(&self) -> PyTensor {
        self.t.isfinite().into()
    }
    /// lerp(end, weight) -> Tensor
    ///
    /// Linear interpolation ``self + weight * (end - self)`` (:attr:`weight` a number or a
    /// tensor), broadcasting.
    ///
    /// See :func:`torch.lerp`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([0.0, 10.0]).lerp(torch.tensor([10.0, 20.0]), 0.25)
    ///     tensor([ 2.5000, 12.5000])
    fn lerp(&self, end: &Bound<'_, PyTensor>, weight: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(self
            .t
            .try_lerp(&end.get().t, weight_arg(weight)?)
            .py()?
            .into())
    }
    /// lerp_(end, weight) -> Tensor
    ///
    /// In-place :meth:`lerp`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([0.0, 10.0]).lerp_(torch.tensor([10.0, 20.0]), 0.5)
    ///     tensor([ 5., 15.])
    fn lerp_<'py>(
        slf: &Bound<'py, Self>,
        end: &Bound<'_, PyTensor>,
        weight: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        slf.get()
            .t
            .try_lerp_(&end.get().t, weight_arg(weight)?)
            .py()?;
        Ok(slf.clone())
    }
    /// addcmul(tensor1, tensor2, *, value=1) -> Tensor
    ///
    /// ``self + value * tensor1 * tensor2``, broadcasting.
    ///
    /// See :func:`torch.addcmul`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, 2.0]).addcmul(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]), value=2)
    ///     tensor([ 4., 22.])
    #[pyo3(signature = (tensor1, tensor2, *, value=None))]
    fn addcmul(
        &self,
        tensor1: &Bound<'_, PyTensor>,
        tensor2: &Bound<'_, PyTensor>,
        value: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let v = value_arg(value)?;
        Ok(self
            .t
            .try_addcmul(&tensor1.get().t, &tensor2.get().t, v)
            .py()?
            .into())
    }
    /// addcmul_(tensor1, tensor2, *, value=1) -> Tensor
    ///
    /// In-place :meth:`addcmul`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, 2.0]).addcmul_(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]))
    ///     tensor([ 2.5000, 12.0000])
    #[pyo3(signature = (tensor1, tensor2, *, value=None))]
    fn addcmul_<'py>(
        slf: &Bound<'py, Self>,
        tensor1: &Bound<'_, PyTensor>,
        tensor2: &Bound<'_, PyTensor>,
        value: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let v = value_arg(value)?;
        slf.get()
            .t
            .try_addcmul_(&tensor1.get().t, &tensor2.get().t, v)
            .py()?;
        Ok(slf.clone())
    }
    /// addcdiv(tensor1, tensor2, *, value=1) -> Tensor
    ///
    /// ``self + value * tensor1 / tensor2``, broadcasting.
    ///
    /// See :func:`torch.addcdiv`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, 2.0]).addcdiv(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]), value=2)
    ///     tensor([13.,  7.])
    #[pyo3(signature = (tensor1, tensor2, *, value=None))]
    fn addcdiv(
        &self,
        tensor1: &Bound<'_, PyTensor>,
        tensor2: &Bound<'_, PyTensor>,
        value: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let v = value_arg(value)?;
        Ok(self
            .t
            .try_addcdiv(&tensor1.get().t, &tensor2.get().t, v)
            .py()?
            .into())
    }
    /// addcdiv_(tensor1, tensor2, *, value=1) -> Tensor
    ///
    /// In-place :meth:`addcdiv`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, 2.0]).addcdiv_(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]))
    ///     tensor([7.0000, 4.5000])
    #[pyo3(signature = (tensor1, tensor2, *, value=None))]
    fn addcdiv_<'py>(
        slf: &Bound<'py, Self>,
        tensor1: &Bound<'_, PyTensor>,
        tensor2: &Bound<'_, PyTensor>,
        value: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let v = value_arg(value)?;
        slf.get()
            .t
            .try_addcdiv_(&tensor1.get().t, &tensor2.get().t, v)
            .py()?;
        Ok(slf.clone())
    }
    /// diagonal(offset=0, dim1=0, dim2=1) -> Tensor
    ///
    /// A view of the diagonal :attr:`offset` of dimensions :attr:`dim1` and :attr:`dim2`,
    /// which become one last dimension.
    ///
    /// See :func:`torch.diagonal`.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(12).reshape(3, 4).diagonal(1)
    ///     tensor([ 1,  6, 11])
    #[pyo3(signature = (offset=0, dim1=0, dim2=1))]
    fn diagonal(&self, offset: i64, dim1: isize, dim2: isize) -> PyResult<PyTensor> {
        Ok(self.t.try_diagonal(offset, dim1, dim2).py()?.into())
    }
    /// diag(diagonal=0) -> Tensor
    ///
    /// Of a vector, the square matrix with it on diagonal :attr:`diagonal`; of a matrix, a copy
    /// of that diagonal.
    ///
    /// See :func:`torch.diag`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).diag()
    ///     tensor([[1, 0],
    ///             [0, 2]])
    #[pyo3(signature = (diagonal=0))]
    fn diag(&self, diagonal: i64) -> PyResult<PyTensor> {
        Ok(self.t.try_diag(diagonal).py()?.into())
    }
    /// diag_embed(offset=0, dim1=-2, dim2=-1) -> Tensor
    ///
    /// Each vector along the last dimension on diagonal :attr:`offset` of a matrix in
    /// dimensions :attr:`dim1` and :attr:`dim2` of the result.
    ///
    /// See :func:`torch.diag_embed`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1, 2]]).diag_embed()
    ///     tensor([[[1, 0],
    ///              [0, 2]]])
    #[pyo3(signature = (offset=0, dim1=-2, dim2=-1))]
    fn diag_embed(&self, offset: i64, dim1: isize, dim2: isize) -> PyResult<PyTensor> {
        Ok(self.t.try_diag_embed_dims(offset, dim1, dim2).py()?.into())
    }
    /// trace() -> Tensor
    ///
    /// The sum of the main diagonal of a matrix.
    ///
    /// See :func:`torch.trace`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1.0, 2.0], [3.0, 4.0]]).trace()
    ///     tensor(5.)
    fn trace(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_trace().py()?.into())
    }
    /// roll(shifts, dims=None) -> Tensor
    ///
    /// The elements shifted along :attr:`dims` (with no dims: over the flattened tensor), those
    /// pushed past the end coming back at the start.
    ///
    /// See :func:`torch.roll`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2, 3, 4]).roll(1)
    ///     tensor([4, 1, 2, 3])
    #[pyo3(signature = (shifts, dims=None))]
    fn roll(
        &self,
        shifts: &Bound<'_, PyAny>,
        dims: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let s: Vec<i64> = dims_arg(Some(shifts))?
            .unwrap_or_default()
            .into_iter()
            .map(|v| v as i64)
            .collect();
        let d = dims_arg(dims)?.unwrap_or_default();
        Ok(self.t.try_roll(&s, &d).py()?.into())
    }
    /// nonzero(*, as_tuple=False) -> LongTensor or tuple of LongTensors
    ///
    /// The indices of the nonzero elements: one row per element, or (``as_tuple=True``) one
    /// tensor per dimension.
    ///
    /// See :func:`torch.nonzero`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[0, 1], [2, 0]]).nonzero()
    ///     tensor([[0, 1],
    ///             [1, 0]])
    #[pyo3(signature = (*, as_tuple=false))]
    fn nonzero(&self, py: Python<'_>, as_tuple: bool) -> PyResult<Py<PyAny>> {
        let nz = self.t.try_nonzero().py()?;
        if !as_tuple {
            return Ok(Py::new(py, PyTensor::from(nz))?.into_any());
        }
        let cols: Vec<Tensor> = if self.t.dim() == 0 {
            vec![Tensor::zeros_dtype(&[nz.shape()[0]], DType::Int64)]
        } else {
            (0..self.t.dim())
                .map(|d| nz.try_select(1, d as isize).map(|c| c.contiguous()))
                .collect::<ferrograd::Result<_>>()
                .py()?
        };
        Ok(tensors(py, cols)?.into_any().unbind())
    }
    /// argwhere() -> LongTensor
    ///
    /// The indices of the nonzero elements, one row per element (:meth:`nonzero`).
    ///
    /// See :func:`torch.argwhere`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([0, 3, 0, 4]).argwhere()
    ///     tensor([[1],
    ///             [3]])
    fn argwhere(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_nonzero().py()?.into())
    }
    /// count_nonzero(dim=None) -> LongTensor
    ///
    /// How many elements are nonzero, over all of them or along :attr:`dim`.
    ///
    /// See :func:`torch.count_nonzero`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[0, 1], [2, 0]]).count_nonzero(dim=0)
    ///     tensor([1, 1])
    #[pyo3(signature = (dim=None))]
    fn count_nonzero(&self, dim: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        let d = dims_arg(dim)?.unwrap_or_default();
        Ok(self.t.try_count_nonzero(&d).py()?.into())
    }
    /// nan_to_num(nan=0.0, posinf=None, neginf=None) -> Tensor
    ///
    /// NaN, positive and negative infinity replaced by :attr:`nan`, :attr:`posinf` and
    /// :attr:`neginf` (by default 0, the largest and the lowest finite value of the dtype).
    ///
    /// See :func:`torch.nan_to_num`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1.0, float('nan'), float('inf')]).nan_to_num(posinf=9.0)
    ///     tensor([1., 0., 9.])
    #[pyo3(signature = (nan=0.0, posinf=None, neginf=None))]
    fn nan_to_num(&self, nan: f64, posinf: Option<f64>, neginf: Option<f64>) -> PyResult<PyTensor> {
        Ok(self.t.try_nan_to_num(nan, posinf, neginf).py()?.into())
    }
}

/// var_mean(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> (Tensor, Tensor)
///
/// The variance and the mean of :attr:`input` over :attr:`dim`, in one call.
///
/// Example::
///
///     >>> torch.var_mean(torch.tensor([1.0, 2.0, 3.0]))
///     (tensor(1.), tensor(2.))
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, dim=None, unbiased=None, keepdim=false, *, correction=None))]
pub(super) fn var_mean<'py>(
    py: Python<'py>,
    input: &Bound<'_, PyTensor>,
    dim: Option<&Bound<'_, PyAny>>,
    unbiased: Option<bool>,
    keepdim: bool,
    correction: Option<f64>,
) -> PyResult<Bound<'py, PyTuple>> {
    Spread::parse("var_mean", dim, unbiased, keepdim, correction)?.with_mean(
        py,
        "var_mean",
        &input.get().t,
        false,
    )
}

/// std_mean(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> (Tensor, Tensor)
///
/// The standard deviation and the mean of :attr:`input` over :attr:`dim`, in one call.
///
/// Example::
///
///     >>> torch.std_mean(torch.tensor([1.0, 3.0]), correction=0)
///     (tensor(1.), tensor(2.))
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (input, dim=None, unbiased=None, keepdim=false, *, correction=None))]
pub(super) fn std_mean<'py>(
    py: Python<'py>,
    input: &Bound<'_, PyTensor>,
    dim: Option<&Bound<'_, PyAny>>,
    unbiased: Option<bool>,
    keepdim: bool,
    correction: Option<f64>,
) -> PyResult<Bound<'py, PyTuple>> {
    Spread::parse("std_mean", dim, unbiased, keepdim, correction)?.with_mean(
        py,
        "std_mean",
        &input.get().t,
        true,
    )
}
