//! Shape operations: views, reshaping, indexing by dimension, and joining.

use super::*;

/// A shape with at most one `-1`, resolved against `numel` with PyTorch's error text.
fn infer_shape(shape: &[i64], numel: usize) -> PyResult<Vec<usize>> {
    let mut infer = None;
    let mut known = 1usize;
    for (i, &s) in shape.iter().enumerate() {
        if s == -1 {
            if infer.is_some() {
                return Err(runtime("only one dimension can be inferred"));
            }
            infer = Some(i);
        } else if s < 0 {
            return Err(runtime(format!(
                "invalid shape dimension {s} at index {i} of shape [{}]",
                shape
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        } else {
            known *= s as usize;
        }
    }
    let invalid = || {
        let parts: Vec<String> = shape.iter().map(|v| v.to_string()).collect();
        runtime(format!(
            "shape '[{}]' is invalid for input of size {numel}",
            parts.join(", ")
        ))
    };
    let mut out: Vec<usize> = shape.iter().map(|&s| s.max(0) as usize).collect();
    match infer {
        Some(i) => {
            if known == 0 || !numel.is_multiple_of(known) {
                return Err(invalid());
            }
            out[i] = numel / known;
        }
        None if known != numel => return Err(invalid()),
        None => {}
    }
    Ok(out)
}

fn flatten_range(t: &Tensor, start: isize, end: isize) -> PyResult<Tensor> {
    if t.dim() == 0 {
        return t.try_reshape(&[1]).py();
    }
    let s = wrap_dim(start, t.dim())?;
    let e = wrap_dim(end, t.dim())?;
    if s > e {
        return Err(runtime(
            "flatten() has invalid args: start_dim cannot come after end_dim",
        ));
    }
    let mut shape: Vec<usize> = t.shape()[..s].to_vec();
    shape.push(t.shape()[s..=e].iter().product());
    shape.extend_from_slice(&t.shape()[e + 1..]);
    t.try_reshape(&shape).py()
}

fn expand_sizes(t: &Tensor, sizes: &[i64]) -> PyResult<Vec<usize>> {
    let lead = sizes.len().saturating_sub(t.dim());
    sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            if s == -1 {
                if i < lead {
                    Err(runtime(format!(
                        "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension {i}"
                    )))
                } else {
                    Ok(t.shape()[i - lead])
                }
            } else {
                Ok(s.max(0) as usize)
            }
        })
        .collect()
}

fn tensors_of(seq: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Tensor>> {
    if seq.is_instance_of::<PyTensor>() {
        return Err(type_err(format!(
            "{what}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"
        )));
    }
    let mut v = Vec::new();
    for item in seq.try_iter()? {
        let item = item?;
        match item.cast::<PyTensor>() {
            Ok(t) => v.push(t.get().t.clone()),
            Err(_) => {
                return Err(type_err(format!(
                    "expected Tensor as element {} in argument 0, but got {}",
                    v.len(),
                    type_name(&item)
                )))
            }
        }
    }
    if v.is_empty() {
        return Err(if what == "stack" {
            runtime("stack expects a non-empty TensorList")
        } else {
            crate::errors::value_err(format!(
                "torch.{what}(): expected a non-empty list of Tensors"
            ))
        });
    }
    Ok(v)
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    // ---- shape ------------------------------------------------------------------------------

    /// reshape(*shape) -> Tensor
    ///
    /// The same elements in the given shape: a view when possible, else a copy.
    ///
    /// See :func:`torch.reshape`.
    #[pyo3(signature = (*shape))]
    fn reshape(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let s = int_list_args(shape)?;
        let s = infer_shape(&s, self.t.numel())?;
        Ok(self.t.try_reshape(&s).py()?.into())
    }
    /// view(*shape) -> Tensor
    ///
    /// Returns a new tensor with the same data as this tensor but of a different :attr:`shape`
    /// (one dimension may be ``-1``, inferred from the others). The tensor must be contiguous
    /// enough for a view; otherwise use :meth:`~Tensor.reshape`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.arange(6.0)
    ///     >>> x.view(2, 3)
    ///     tensor([[0., 1., 2.],
    ///             [3., 4., 5.]])
    ///     >>> x.view(-1, 2).shape
    ///     torch.Size([3, 2])
    #[pyo3(signature = (*shape))]
    fn view(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        // `view(dtype)`: only a dtype (or a Python type) is tried as one, so that the common
        // `view(n)` does not build and drop an error
        let item = match shape.len() {
            1 => Some(shape.get_item(0)?),
            _ => None,
        };
        if let Some(item) = item.filter(|i| !i.is_instance_of::<pyo3::types::PyInt>()) {
            if let Ok(d) = crate::convert::dtype_arg(&item) {
                if d == self.t.dtype() {
                    return Ok(self.t.try_reshape(self.t.shape()).py()?.into());
                }
                return Err(runtime("view(dtype) is not supported in ferrograd"));
            }
        }
        let s = int_list_args(shape)?;
        let s = infer_shape(&s, self.t.numel())?;
        Ok(self.t.try_view(&s).py()?.into())
    }
    /// view_as(other) -> Tensor
    ///
    /// View this tensor as the same size as :attr:`other`: ``self.view(other.size())``.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(4).view_as(torch.zeros(2, 2))
    ///     tensor([[0, 1],
    ///             [2, 3]])
    fn view_as(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        Ok(self.t.try_view(other.get().t.shape()).py()?.into())
    }
    /// reshape_as(other) -> Tensor
    ///
    /// Returns this tensor in the shape of :attr:`other`: ``self.reshape(other.size())``.
    ///
    /// Example::
    ///
    ///     >>> torch.arange(4).reshape_as(torch.zeros(2, 2)).shape
    ///     torch.Size([2, 2])
    fn reshape_as(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        Ok(self.t.try_reshape(other.get().t.shape()).py()?.into())
    }
    /// flatten(start_dim=0, end_dim=-1) -> Tensor
    ///
    /// Flattens the dimensions from :attr:`start_dim` to :attr:`end_dim` into one.
    ///
    /// See :func:`torch.flatten`.
    #[pyo3(signature = (start_dim=0, end_dim=-1))]
    fn flatten(&self, start_dim: isize, end_dim: isize) -> PyResult<PyTensor> {
        Ok(flatten_range(&self.t, start_dim, end_dim)?.into())
    }
    /// ravel() -> Tensor
    ///
    /// A contiguous flattened tensor.
    ///
    /// See :func:`torch.ravel`.
    fn ravel(&self) -> PyResult<PyTensor> {
        Ok(flatten_range(&self.t, 0, -1)?.into())
    }
    /// transpose(dim0, dim1) -> Tensor
    ///
    /// A view with dimensions :attr:`dim0` and :attr:`dim1` swapped.
    ///
    /// See :func:`torch.transpose`.
    fn transpose(&self, dim0: isize, dim1: isize) -> PyResult<PyTensor> {
        Ok(self.t.try_transpose(dim0, dim1).py()?.into())
    }
    /// swapaxes(axis0, axis1) -> Tensor
    ///
    /// Alias for :meth:`~Tensor.transpose`.
    ///
    /// See :func:`torch.swapaxes`.
    fn swapaxes(&self, axis0: isize, axis1: isize) -> PyResult<PyTensor> {
        self.transpose(axis0, axis1)
    }
    /// t() -> Tensor
    ///
    /// Transposes a tensor of at most 2 dimensions.
    ///
    /// See :func:`torch.t`.
    fn t(&self) -> PyResult<PyTensor> {
        Ok(self.t.try_t().py()?.into())
    }
    /// Returns a view of this tensor with its dimensions reversed (``x.permute(n-1, ..., 0)``);
    /// for a matrix, its transpose.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1, 2], [3, 4]]).T
    ///     tensor([[1, 3],
    ///             [2, 4]])
    #[getter(T)]
    fn big_t(&self) -> PyResult<PyTensor> {
        let d: Vec<isize> = (0..self.t.dim() as isize).rev().collect();
        Ok(self.t.try_permute(&d).py()?.into())
    }
    /// Returns a view of this tensor with the last two dimensions transposed (a batch of
    /// transposed matrices).
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(5, 2, 3).mT.shape
    ///     torch.Size([5, 3, 2])
    #[getter(mT)]
    fn m_t(&self) -> PyResult<PyTensor> {
        if self.t.dim() < 2 {
            return Err(runtime(
                "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.",
            ));
        }
        Ok(self.t.try_transpose(-2, -1).py()?.into())
    }
    /// expand(*sizes) -> Tensor
    ///
    /// Returns a new view of this tensor with singleton dimensions expanded to a larger size,
    /// without copying. Passing ``-1`` as the size of a dimension keeps it; new dimensions are
    /// added at the front.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([[1], [2], [3]])
    ///     >>> x.expand(3, 4)
    ///     tensor([[1, 1, 1, 1],
    ///             [2, 2, 2, 2],
    ///             [3, 3, 3, 3]])
    ///     >>> x.expand(-1, 2)
    ///     tensor([[1, 1],
    ///             [2, 2],
    ///             [3, 3]])
    #[pyo3(signature = (*sizes))]
    fn expand(&self, sizes: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let s = int_list_args(sizes)?;
        let s = expand_sizes(&self.t, &s)?;
        Ok(self.t.try_expand(&s).py()?.into())
    }
    /// expand_as(other) -> Tensor
    ///
    /// Expands this tensor to the size of :attr:`other`: ``self.expand(other.size())``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).expand_as(torch.zeros(2, 2))
    ///     tensor([[1, 2],
    ///             [1, 2]])
    fn expand_as(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        Ok(self.t.try_expand(other.get().t.shape()).py()?.into())
    }
    /// broadcast_to(shape) -> Tensor
    ///
    /// This tensor broadcast to :attr:`shape` (a view, as :meth:`expand`; -1 keeps a size).
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1, 2]).broadcast_to((2, 2))
    ///     tensor([[1, 2],
    ///             [1, 2]])
    fn broadcast_to(&self, shape: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let s = int_list_args(&PyTuple::new(shape.py(), [shape])?)?;
        let s = expand_sizes(&self.t, &s)?;
        Ok(self.t.try_expand(&s).py()?.into())
    }
    /// unsqueeze(dim) -> Tensor
    ///
    /// A view with a dimension of size one inserted at :attr:`dim`.
    ///
    /// See :func:`torch.unsqueeze`.
    fn unsqueeze(&self, dim: isize) -> PyResult<PyTensor> {
        Ok(self.t.try_unsqueeze(dim).py()?.into())
    }
    /// squeeze(dim=None) -> Tensor
    ///
    /// A view with the dimensions of size 1 removed (all of them, or those in :attr:`dim`).
    ///
    /// See :func:`torch.squeeze`.
    #[pyo3(signature = (dim=None))]
    fn squeeze(&self, dim: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        match dims_arg(dim)? {
            None => guard(|| self.t.squeeze().into()),
            Some(ds) => {
                let mut t = self.t.clone();
                let mut idx: Vec<usize> = ds
                    .iter()
                    .map(|&d| wrap_dim(d, self.t.dim()))
                    .collect::<PyResult<_>>()?;
                idx.sort_unstable();
                idx.dedup();
                for &d in idx.iter().rev() {
                    t = t.try_squeeze_dim(d as isize).py()?;
                }
                Ok(t.into())
            }
        }
    }
    /// select(dim, index) -> Tensor
    ///
    /// Slices this tensor along :attr:`dim` at :attr:`index`, removing that dimension.
    ///
    /// See :func:`torch.select`.
    fn select(&self, dim: isize, index: isize) -> PyResult<PyTensor> {
        if self.t.dim() > 0 {
            let d = wrap_dim(dim, self.t.dim())?;
            let size = self.t.shape()[d] as isize;
            if index < -size || index >= size {
                return Err(crate::errors::index_err(format!(
                    "select(): index {index} out of range for tensor of size {:?} at dimension {d}",
                    self.t.shape()
                )));
            }
        }
        Ok(self.t.try_select(dim, index).py()?.into())
    }
    /// narrow(dim, start, length) -> Tensor
    ///
    /// A view of :attr:`length` elements of :attr:`dim` from :attr:`start`.
    ///
    /// See :func:`torch.narrow`.
    fn narrow(&self, dim: isize, start: isize, length: usize) -> PyResult<PyTensor> {
        Ok(self.t.try_narrow(dim, start, length).py()?.into())
    }
    /// unbind(dim=0) -> tuple of Tensors
    ///
    /// Removes a dimension, returning the slices along it.
    ///
    /// See :func:`torch.unbind`.
    #[pyo3(signature = (dim=0))]
    fn unbind<'py>(&self, py: Python<'py>, dim: isize) -> PyResult<Bound<'py, PyTuple>> {
        let parts = self.t.try_unbind(dim).py()?;
        PyTuple::new(py, parts.into_iter().map(PyTensor::from))
    }
}

/// cat(tensors, dim=0) -> Tensor
///
/// Concatenates the given sequence of tensors in the given dimension. All tensors must have the
/// same shape except in the concatenating dimension. ``torch.concat`` and
/// ``torch.concatenate`` are aliases.
///
/// Args:
///     tensors (sequence of Tensors): the tensors to concatenate.
///     dim (int, optional): the dimension over which the tensors are concatenated.
///
/// Example::
///
///     >>> x = torch.tensor([[1.0, 2.0]])
///     >>> torch.cat((x, x, x), 0)
///     tensor([[1., 2.],
///             [1., 2.],
///             [1., 2.]])
///     >>> torch.cat((x, x), 1)
///     tensor([[1., 2., 1., 2.]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (tensors, dim=0))]
pub(super) fn cat(py: Python<'_>, tensors: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    let ts = tensors_of(tensors, "cat")?;
    let n = ts.iter().map(|t| t.numel()).sum();
    op(py, n, || Tensor::try_cat(&ts, dim))
}

/// stack(tensors, dim=0) -> Tensor
///
/// Concatenates a sequence of tensors along a new dimension. All tensors need to be of the same
/// size.
///
/// Args:
///     tensors (sequence of Tensors): sequence of tensors to concatenate.
///     dim (int, optional): dimension to insert. Has to be between 0 and the number of
///         dimensions of concatenated tensors (inclusive).
///
/// Example::
///
///     >>> a, b = torch.tensor([1, 2]), torch.tensor([3, 4])
///     >>> torch.stack((a, b))
///     tensor([[1, 2],
///             [3, 4]])
///     >>> torch.stack((a, b), dim=1)
///     tensor([[1, 3],
///             [2, 4]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (tensors, dim=0))]
pub(super) fn stack(py: Python<'_>, tensors: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    let ts = tensors_of(tensors, "stack")?;
    let n = ts.iter().map(|t| t.numel()).sum();
    op(py, n, || Tensor::try_stack(&ts, dim))
}
