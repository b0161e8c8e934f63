//! Indexing, gathering, sorting and scanning: `gather`, `scatter`, `index_select`,
//! `index_add`, `masked_select`, `take_along_dim`, `topk`, `sort`, `cumsum`, `einsum` ...

use super::*;
use crate::errors::value_err;

fn tensor_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Tensor> {
    match obj.cast::<PyTensor>() {
        Ok(t) => Ok(t.get().t.clone()),
        Err(_) => Err(type_err(format!(
            "{what} must be Tensor, not {}",
            type_name(obj)
        ))),
    }
}

fn no_reduce(reduce: Option<&str>) -> PyResult<()> {
    match reduce {
        None => Ok(()),
        Some(r) => Err(runtime(format!(
            "scatter(): reduce='{r}' is not available in ferrograd; use scatter_add or scatter_reduce"
        ))),
    }
}

/// `src` of `scatter`: a tensor, or a number written everywhere.
fn scatter_value(
    t: &Tensor,
    dim: isize,
    index: &Tensor,
    src: &Bound<'_, PyAny>,
) -> PyResult<Tensor> {
    match arg(src)? {
        Some(Arg::T(s)) => t.try_scatter(dim, index, &s).py(),
        Some(Arg::S(s)) => t.try_scatter_value(dim, index, s.to_f64()).py(),
        None => Err(type_err(format!(
            "scatter(): argument 'src' must be Tensor or Number, not {}",
            type_name(src)
        ))),
    }
}

/// A fill value: a number, or a one-element tensor.
fn fill_value(v: &Bound<'_, PyAny>, op: &str) -> PyResult<Scalar> {
    if let Some(s) = crate::convert::fill_scalar(v)? {
        return Ok(s);
    }
    match arg(v)? {
        Some(Arg::S(s)) => Ok(s),
        Some(Arg::T(t)) if t.dim() == 0 => crate::convert::tensor_scalar(&t),
        Some(Arg::T(t)) => Err(runtime(format!(
            "{op} only supports a 0-dimensional value tensor, but got tensor with {} dimension(s).",
            t.dim()
        ))),
        None => Err(type_err(format!(
            "{op}(): argument 'value' must be Number, not {}",
            type_name(v)
        ))),
    }
}

fn masked_fill_impl(t: &Tensor, mask: &Tensor, value: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    if let Some(s) = crate::convert::fill_scalar(value)? {
        return t.try_masked_fill(mask, s).py();
    }
    match arg(value)? {
        Some(Arg::T(v)) => t.try_masked_fill_tensor(mask, &v).py(),
        Some(Arg::S(s)) => t.try_masked_fill(mask, s).py(),
        None => Err(type_err(format!(
            "masked_fill(): argument 'value' must be Number, not {}",
            type_name(value)
        ))),
    }
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    /// gather(dim, index) -> Tensor
    ///
    /// Gathers values along :attr:`dim` at the positions of the int64 tensor :attr:`index`:
    /// ``out[i][j] = self[index[i][j]][j]`` for ``dim=0``. ``index`` has as many dimensions as
    /// this tensor; the result has its shape.
    ///
    /// Example::
    ///
    ///     >>> t = torch.tensor([[1., 2.], [3., 4.]])
    ///     >>> t.gather(1, torch.tensor([[0, 0], [1, 0]]))
    ///     tensor([[1., 1.],
    ///             [4., 3.]])
    #[pyo3(signature = (dim, index, *, sparse_grad=false))]
    fn gather(
        &self,
        dim: isize,
        index: &Bound<'_, PyAny>,
        sparse_grad: bool,
    ) -> PyResult<PyTensor> {
        let _ = sparse_grad;
        let i = tensor_arg(index, "gather(): argument 'index'")?;
        Ok(self.t.try_gather(dim, &i).py()?.into())
    }
    /// scatter(dim, index, src) -> Tensor
    ///
    /// A copy of this tensor with the values of :attr:`src` (a tensor, or one number) written
    /// at the positions :attr:`index` names along :attr:`dim`:
    /// ``out[index[i][j]][j] = src[i][j]`` for ``dim=0``.
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(2, 3).scatter(1, torch.tensor([[2], [0]]), torch.tensor([[5.], [6.]]))
    ///     tensor([[0., 0., 5.],
    ///             [6., 0., 0.]])
    ///     >>> torch.zeros(3).scatter(0, torch.tensor([1]), 7.0)
    ///     tensor([0., 7., 0.])
    #[pyo3(signature = (dim, index, src=None, *, value=None, reduce=None))]
    fn scatter(
        &self,
        dim: isize,
        index: &Bound<'_, PyAny>,
        src: Option<&Bound<'_, PyAny>>,
        value: Option<&Bound<'_, PyAny>>,
        reduce: Option<&str>,
    ) -> PyResult<PyTensor> {
        no_reduce(reduce)?;
        let i = tensor_arg(index, "scatter(): argument 'index'")?;
        let s = src
            .or(value)
            .ok_or_else(|| type_err("scatter() missing required argument 'src' or 'value'"))?;
        Ok(scatter_value(&self.t, dim, &i, s)?.into())
    }
    /// scatter_(dim, index, src) -> Tensor
    ///
    /// In-place :meth:`scatter`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.zeros(3)
    ///     >>> x.scatter_(0, torch.tensor([2]), torch.tensor([1.]))
    ///     tensor([0., 0., 1.])
    #[pyo3(signature = (dim, index, src=None, *, value=None, reduce=None))]
    fn scatter_<'py>(
        slf: &Bound<'py, Self>,
        dim: isize,
        index: &Bound<'py, PyAny>,
        src: Option<&Bound<'py, PyAny>>,
        value: Option<&Bound<'py, PyAny>>,
        reduce: Option<&str>,
    ) -> PyResult<Bound<'py, Self>> {
        no_reduce(reduce)?;
        let t = &slf.get().t;
        let i = tensor_arg(index, "scatter_(): argument 'index'")?;
        let s = src
            .or(value)
            .ok_or_else(|| type_err("scatter_() missing required argument 'src' or 'value'"))?;
        match arg(s)? {
            Some(Arg::T(s)) => t.try_scatter_(dim, &i, &s).py()?,
            Some(Arg::S(v)) => t.try_scatter_value_(dim, &i, v.to_f64()).py()?,
            None => {
                return Err(type_err(
                    "scatter_(): argument 'src' must be Tensor or Number",
                ))
            }
        };
        Ok(slf.clone())
    }
    /// scatter_add(dim, index, src) -> Tensor
    ///
    /// A copy of this tensor with the values of :attr:`src` added at the positions
    /// :attr:`index` names along :attr:`dim` (repeated positions accumulate).
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(3).scatter_add(0, torch.tensor([2, 0, 2]), torch.tensor([1., 2., 4.]))
    ///     tensor([2., 0., 5.])
    fn scatter_add(
        &self,
        dim: isize,
        index: &Bound<'_, PyAny>,
        src: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        let i = tensor_arg(index, "scatter_add(): argument 'index'")?;
        let s = tensor_arg(src, "scatter_add(): argument 'src'")?;
        Ok(self.t.try_scatter_add(dim, &i, &s).py()?.into())
    }
    /// scatter_add_(dim, index, src) -> Tensor
    ///
    /// In-place :meth:`scatter_add`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.ones(2)
    ///     >>> x.scatter_add_(0, torch.tensor([0, 0]), torch.tensor([1., 1.]))
    ///     tensor([3., 1.])
    fn scatter_add_<'py>(
        slf: &Bound<'py, Self>,
        dim: isize,
        index: &Bound<'py, PyAny>,
        src: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let i = tensor_arg(index, "scatter_add_(): argument 'index'")?;
        let s = tensor_arg(src, "scatter_add_(): argument 'src'")?;
        slf.get().t.try_scatter_add_(dim, &i, &s).py()?;
        Ok(slf.clone())
    }
    /// index_select(dim, index) -> Tensor
    ///
    /// The slices of this tensor along :attr:`dim` at the positions of the 1-D int64 tensor
    /// :attr:`index`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1., 2., 3.], [4., 5., 6.]]).index_select(1, torch.tensor([2, 0]))
    ///     tensor([[3., 1.],
    ///             [6., 4.]])
    fn index_select(&self, dim: isize, index: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let i = tensor_arg(index, "index_select(): argument 'index'")?;
        Ok(self.t.try_index_select(dim, &i).py()?.into())
    }
    /// index_add(dim, index, source, *, alpha=1) -> Tensor
    ///
    /// A copy of this tensor with ``alpha * source`` added to the slices :attr:`index` names
    /// along :attr:`dim` (repeated indices accumulate).
    ///
    /// Example::
    ///
    ///     >>> torch.zeros(3).index_add(0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]))
    ///     tensor([3., 0., 3.])
    #[pyo3(signature = (dim, index, source, *, alpha=None))]
    fn index_add(
        &self,
        dim: isize,
        index: &Bound<'_, PyAny>,
        source: &Bound<'_, PyAny>,
        alpha: Option<f64>,
    ) -> PyResult<PyTensor> {
        let i = tensor_arg(index, "index_add(): argument 'index'")?;
        let s = tensor_arg(source, "index_add(): argument 'source'")?;
        Ok(self
            .t
            .try_index_add(dim, &i, &s, alpha.unwrap_or(1.0))
            .py()?
            .into())
    }
    /// index_add_(dim, index, source, *, alpha=1) -> Tensor
    ///
    /// In-place :meth:`index_add`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.ones(2)
    ///     >>> x.index_add_(0, torch.tensor([1]), torch.tensor([5.]), alpha=2)
    ///     tensor([ 1., 11.])
    #[pyo3(signature = (dim, index, source, *, alpha=None))]
    fn index_add_<'py>(
        slf: &Bound<'py, Self>,
        dim: isize,
        index: &Bound<'py, PyAny>,
        source: &Bound<'py, PyAny>,
        alpha: Option<f64>,
    ) -> PyResult<Bound<'py, Self>> {
        let i = tensor_arg(index, "index_add_(): argument 'index'")?;
        let s = tensor_arg(source, "index_add_(): argument 'source'")?;
        slf.get()
            .t
            .try_index_add_(dim, &i, &s, alpha.unwrap_or(1.0))
            .py()?;
        Ok(slf.clone())
    }
    /// index_fill(dim, index, value) -> Tensor
    ///
    /// A copy of this tensor with :attr:`value` in the slices :attr:`index` names along
    /// :attr:`dim`.
    ///
    /// Example::
    ///
    ///     >>> torch.ones(2, 2).index_fill(1, torch.tensor([1]), -1.0)
    ///     tensor([[ 1., -1.],
    ///             [ 1., -1.]])
    fn index_fill(
        &self,
        dim: isize,
        index: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        let i = tensor_arg(index, "index_fill(): argument 'index'")?;
        let v = fill_value(value, "index_fill_")?;
        Ok(self.t.try_index_fill(dim, &i, v).py()?.into())
    }
    /// index_fill_(dim, index, value) -> Tensor
    ///
    /// In-place :meth:`index_fill`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.zeros(3)
    ///     >>> x.index_fill_(0, torch.tensor([0, 2]), 1.0)
    ///     tensor([1., 0., 1.])
    fn index_fill_<'py>(
        slf: &Bound<'py, Self>,
        dim: isize,
        index: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let i = tensor_arg(index, "index_fill_(): argument 'index'")?;
        let v = fill_value(value, "index_fill_")?;
        slf.get().t.try_index_fill_(dim, &i, v).py()?;
        Ok(slf.clone())
    }
    /// masked_select(mask) -> Tensor
    ///
    /// The elements where the bool tensor :attr:`mask` (broadcast with this tensor) is
    /// ``True``, as a 1-D tensor.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([[1., -2.], [-3., 4.]])
    ///     >>> x.masked_select(x > 0)
    ///     tensor([1., 4.])
    fn masked_select(&self, mask: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let m = tensor_arg(mask, "masked_select(): argument 'mask'")?;
        Ok(self.t.try_masked_select(&m).py()?.into())
    }
    /// masked_fill(mask, value) -> Tensor
    ///
    /// A copy of this tensor with :attr:`value` (a number or a 0-dim tensor) where the bool
    /// tensor :attr:`mask` (broadcast to this tensor's shape) is ``True``.
    ///
    /// See :func:`torch.masked_fill`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, 2.0, 3.0])
    ///     >>> x.masked_fill(x > 1.5, 0.0)
    ///     tensor([1., 0., 0.])
    fn masked_fill(&self, mask: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let m = tensor_arg(mask, "masked_fill(): argument 'mask'")?;
        Ok(masked_fill_impl(&self.t, &m, value)?.into())
    }
    /// masked_fill_(mask, value) -> Tensor
    ///
    /// In-place :meth:`masked_fill`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([1.0, -1.0])
    ///     >>> x.masked_fill_(x < 0, 0.0)
    ///     tensor([1., 0.])
    fn masked_fill_<'py>(
        slf: &Bound<'py, Self>,
        mask: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().t;
        let m = tensor_arg(mask, "masked_fill_(): argument 'mask'")?;
        match arg(value)? {
            Some(Arg::T(v)) => t.try_masked_fill_tensor_(&m, &v).py()?,
            Some(Arg::S(s)) => t.try_masked_fill_(&m, s.to_f64()).py()?,
            None => {
                return Err(type_err(format!(
                    "masked_fill_(): argument 'value' must be Number, not {}",
                    type_name(value)
                )))
            }
        };
        Ok(slf.clone())
    }
    /// take_along_dim(indices, dim=None) -> Tensor
    ///
    /// The values at :attr:`indices` along :attr:`dim` (``indices`` broadcasts with this tensor
    /// in the other dimensions), as the indices of :meth:`argsort` or :meth:`topk` give them;
    /// with ``dim=None`` both are flattened first.
    ///
    /// Example::
    ///
    ///     >>> x = torch.tensor([[10., 30., 20.], [60., 40., 50.]])
    ///     >>> x.take_along_dim(x.argsort(dim=1), dim=1)
    ///     tensor([[10., 20., 30.],
    ///             [40., 50., 60.]])
    #[pyo3(signature = (indices, dim=None))]
    fn take_along_dim(&self, indices: &Bound<'_, PyAny>, dim: Option<isize>) -> PyResult<PyTensor> {
        let i = tensor_arg(indices, "take_along_dim(): argument 'indices'")?;
        Ok(self.t.try_take_along_dim(&i, dim).py()?.into())
    }
    /// topk(k, dim=-1, largest=True, sorted=True) -> (Tensor, LongTensor)
    ///
    /// The :attr:`k` largest (or, with ``largest=False``, smallest) elements along :attr:`dim`
    /// and their indices, as the named tuple ``(values, indices)``.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1., 4., 2., 3.]).topk(2)
    ///     torch.return_types.topk(
    ///     values=tensor([4., 3.]),
    ///     indices=tensor([1, 3]))
    #[pyo3(signature = (k, dim=-1, largest=true, sorted=true))]
    fn topk(
        &self,
        py: Python<'_>,
        k: i64,
        dim: isize,
        largest: bool,
        sorted: bool,
    ) -> PyResult<Py<PyAny>> {
        if k < 0 {
            return Err(runtime("selected index k out of range"));
        }
        let (v, i) = self.t.try_topk(k as usize, dim, largest, sorted).py()?;
        reductions::return_type(py, "topk", v, i)
    }
    /// sort(dim=-1, descending=False, stable=False) -> (Tensor, LongTensor)
    ///
    /// The elements sorted along :attr:`dim` and the indices they came from, as the named tuple
    /// ``(values, indices)``. NaN sorts as the largest value; ``stable=True`` keeps equal
    /// elements in their order.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([3., 1., 2.]).sort()
    ///     torch.return_types.sort(
    ///     values=tensor([1., 2., 3.]),
    ///     indices=tensor([1, 2, 0]))
    #[pyo3(signature = (dim=-1, descending=false, *, stable=None))]
    fn sort(
        &self,
        py: Python<'_>,
        dim: isize,
        descending: bool,
        stable: Option<bool>,
    ) -> PyResult<Py<PyAny>> {
        let (v, i) = self.t.try_sort(dim, descending, stable).py()?;
        reductions::return_type(py, "sort", v, i)
    }
    /// argsort(dim=-1, descending=False, stable=False) -> LongTensor
    ///
    /// The indices that sort this tensor along :attr:`dim` (those of :meth:`sort`).
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([3., 1., 2.]).argsort()
    ///     tensor([1, 2, 0])
    #[pyo3(signature = (dim=-1, descending=false, *, stable=false))]
    fn argsort(&self, dim: isize, descending: bool, stable: bool) -> PyResult<PyTensor> {
        let _ng = ferrograd::no_grad();
        Ok(self
            .t
            .try_sort(dim, descending, Some(stable))
            .py()?
            .1
            .into())
    }
    /// cumsum(dim, *, dtype=None) -> Tensor
    ///
    /// The cumulative sum along :attr:`dim` (integers and bools sum as int64).
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1., 2., 3.]).cumsum(0)
    ///     tensor([1., 3., 6.])
    #[pyo3(signature = (dim, *, dtype=None))]
    fn cumsum(&self, dim: isize, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        Ok(self.t.try_cumsum(dim, opt_dtype(dtype)?).py()?.into())
    }
    /// cumprod(dim, *, dtype=None) -> Tensor
    ///
    /// The cumulative product along :attr:`dim`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1., 2., 3.]).cumprod(0)
    ///     tensor([1., 2., 6.])
    #[pyo3(signature = (dim, *, dtype=None))]
    fn cumprod(&self, dim: isize, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        Ok(self.t.try_cumprod(dim, opt_dtype(dtype)?).py()?.into())
    }
    /// cumsum_(dim, *, dtype=None) -> Tensor
    ///
    /// In-place :meth:`cumsum`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([1., 2.]).cumsum_(0)
    ///     tensor([1., 3.])
    #[pyo3(signature = (dim, *, dtype=None))]
    fn cumsum_<'py>(
        slf: &Bound<'py, Self>,
        dim: isize,
        dtype: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().t;
        t.try_cumsum_(dim, opt_dtype(dtype)?).py()?;
        Ok(slf.clone())
    }
    /// cumprod_(dim, *, dtype=None) -> Tensor
    ///
    /// In-place :meth:`cumprod`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([2., 3.]).cumprod_(0)
    ///     tensor([2., 6.])
    #[pyo3(signature = (dim, *, dtype=None))]
    fn cumprod_<'py>(
        slf: &Bound<'py, Self>,
        dim: isize,
        dtype: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().t;
        t.try_cumprod_(dim, opt_dtype(dtype)?).py()?;
        Ok(slf.clone())
    }
    /// flip(dims) -> Tensor
    ///
    /// This tensor with the order of its elements reversed along each of :attr:`dims`.
    ///
    /// Example::
    ///
    ///     >>> torch.tensor([[1, 2], [3, 4]]).flip(1)
    ///     tensor([[2, 1],
    ///             [4, 3]])
    #[pyo3(signature = (*dims))]
    fn flip(&self, dims: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let ds: Vec<isize> = int_list_args(dims)?
            .into_iter()
            .map(|d| d as isize)
            .collect();
        Ok(self.t.try_flip(&ds).py()?.into())
    }
}

/// einsum(equation, *operands) -> Tensor
///
/// Sums the product of the elements of the :attr:`operands` along the dimensions the
/// Einstein-summation :attr:`equation` names: ``'ij,jk->ik'`` is a matrix product,
/// ``'ii->i'`` a diagonal, ``'bij->bji'`` a batched transpose; ``...`` stands for broadcast
/// dimensions. Without ``->``, the output has the labels that appear once, in alphabetical
/// order. The operands may also be given as one list.
///
/// Args:
///     equation (str): the subscripts for the Einstein summation.
///     operands (Tensor): the tensors to compute the Einstein summation of.
///
/// Example::
///
///     >>> a = torch.tensor([[1., 2.], [3., 4.]])
///     >>> torch.einsum('ij,jk->ik', a, a)
///     tensor([[ 7., 10.],
///             [15., 22.]])
///     >>> torch.einsum('ii', a)
///     tensor(5.)
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (equation, *operands))]
pub(super) fn einsum(
    equation: &Bound<'_, PyAny>,
    operands: &Bound<'_, PyTuple>,
) -> PyResult<PyTensor> {
    let eq: String = equation.extract().map_err(|_| {
        type_err(format!(
            "einsum(): argument 'equation' (position 1) must be str, not {}",
            type_name(equation)
        ))
    })?;
    let items: Vec<Bound<'_, PyAny>> = if operands.len() == 1
        && (operands
            .get_item(0)?
            .is_instance_of::<pyo3::types::PyList>()
            || operands.get_item(0)?.is_instance_of::<PyTuple>())
    {
        operands.get_item(0)?.try_iter()?.collect::<PyResult<_>>()?
    } else {
        operands.iter().collect()
    };
    let ts = items
        .iter()
        .map(|o| tensor_arg(o, "einsum(): operands"))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Tensor::try_einsum(&eq, &ts).py()?.into())
}

/// one_hot(tensor, num_classes=-1) -> LongTensor
///
/// The one-hot encoding of an int64 tensor of class indices: shape ``tensor.shape +
/// (num_classes,)``, with a 1 at each index. ``num_classes=-1`` takes one more than the largest
/// index.
///
/// Example::
///
///     >>> F.one_hot(torch.tensor([0, 2, 1]))
///     tensor([[1, 0, 0],
///             [0, 0, 1],
///             [0, 1, 0]])
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[pyo3(signature = (tensor, num_classes=-1))]
pub(super) fn one_hot(tensor: &Bound<'_, PyAny>, num_classes: i64) -> PyResult<PyTensor> {
    let t = tensor_arg(tensor, "one_hot(): argument 'input' (position 1)")?;
    let n = match num_classes {
        -1 => None,
        n if n < 0 => return Err(value_err("num_classes should be -1 or non-negative")),
        n => Some(n as usize),
    };
    Ok(t.try_one_hot(n).py()?.into())
}
