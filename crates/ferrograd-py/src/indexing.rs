//! Python indexing: `x[i]`, `x[a:b:c]`, `x[..., None]`, `x[mask]`, `x[index_tensor]`, and the
//! matching assignments `x[...] = value`.

use crate::convert::{self, type_name};
use crate::errors::{index_err, runtime, type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::{DType, Tensor, TensorIndex};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyEllipsis, PyList, PyNone, PySlice, PyTuple};

enum Item<'py> {
    Int(isize),
    Slice(Bound<'py, PySlice>),
    Full,
    NewAxis,
    Ellipsis,
    Mask(Tensor),
    Index(Tensor),
}

impl Item<'_> {
    fn consumed(&self) -> usize {
        match self {
            Item::Int(_) | Item::Slice(_) | Item::Full | Item::Index(_) => 1,
            Item::Mask(m) => m.dim(),
            Item::NewAxis | Item::Ellipsis => 0,
        }
    }
    fn is_advanced(&self) -> bool {
        matches!(self, Item::Mask(_) | Item::Index(_))
    }
}

fn item<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Item<'py>> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        let t = t.get().t.clone();
        return match t.dtype() {
            DType::Bool => Ok(Item::Mask(t)),
            DType::Int64 if t.dim() == 0 => Ok(Item::Int(t.to_vec::<i64>()[0] as isize)),
            DType::Int64 => Ok(Item::Index(t)),
            _ => Err(index_err(
                "tensors used as indices must be long, int, byte or bool tensors",
            )),
        };
    }
    if let Ok(s) = obj.cast::<PySlice>() {
        return Ok(Item::Slice(s.clone()));
    }
    if obj.is_instance_of::<PyNone>() {
        return Ok(Item::NewAxis);
    }
    if obj.is_instance_of::<PyEllipsis>() {
        return Ok(Item::Ellipsis);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let t = convert::tensor_from_data(obj, None)?;
        return item(&Bound::new(obj.py(), PyTensor::from(t))?.into_any());
    }
    if !obj.is_instance_of::<PyBool>() {
        if let Ok(i) = obj.extract::<isize>() {
            return Ok(Item::Int(i));
        }
    }
    if obj.is_instance_of::<pyo3::types::PyString>() {
        // PyTorch reads a string as a sequence to make an index tensor of
        return Err(type_err(format!(
            "new(): invalid data type '{}'",
            type_name(obj)
        )));
    }
    Err(index_err(format!(
        "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got {})",
        type_name(obj)
    )))
}

fn parse<'py>(t: &Tensor, key: &Bound<'py, PyAny>) -> PyResult<Vec<Item<'py>>> {
    let raw: Vec<Item<'py>> = match key.cast::<PyTuple>() {
        Ok(tup) => tup.iter().map(|k| item(&k)).collect::<PyResult<_>>()?,
        Err(_) => vec![item(key)?],
    };
    let consumed: usize = raw.iter().map(Item::consumed).sum();
    if t.dim() == 0 && consumed > 0 && raw.iter().any(|i| matches!(i, Item::Int(_))) {
        return Err(index_err(
            "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
        ));
    }
    if consumed > t.dim() {
        return Err(index_err(format!(
            "too many indices for tensor of dimension {}",
            t.dim()
        )));
    }
    if raw.iter().filter(|i| matches!(i, Item::Ellipsis)).count() > 1 {
        return Err(index_err(
            "an index can only have a single ellipsis ('...')",
        ));
    }
    let mut out = Vec::with_capacity(raw.len() + t.dim());
    for it in raw {
        if matches!(it, Item::Ellipsis) {
            for _ in 0..t.dim() - consumed {
                out.push(Item::Full);
            }
        } else {
            out.push(it);
        }
    }
    Ok(out)
}

fn apply(t: &Tensor, items: &[Item<'_>]) -> PyResult<Tensor> {
    let mut t = t.clone();
    let mut d = 0usize;
    // integers selected so far: PyTorch names a dimension by its place in the index
    let mut selected = 0usize;
    // as PyTorch, the basic indices apply first and the tensor index last, at its dimension
    let mut advanced: Option<(&Item<'_>, usize)> = None;
    for it in items {
        match it {
            Item::Int(i) => {
                if t.dim() == 0 {
                    return Err(index_err(
                        "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
                    ));
                }
                let size = t.shape()[d] as isize;
                if *i < -size || *i >= size {
                    return Err(index_err(format!(
                        "index {i} is out of bounds for dimension {} with size {size}",
                        d + selected
                    )));
                }
                t = t.try_select(d as isize, *i).py()?;
                selected += 1;
            }
            Item::Slice(s) => {
                let size = t.shape()[d];
                let ind = s.indices(size as isize)?;
                if ind.step <= 0 {
                    return Err(crate::errors::value_err("step must be greater than zero"));
                }
                let end = ind.stop.max(ind.start);
                t = t
                    .try_slice(d as isize, ind.start, end, ind.step as usize)
                    .py()?;
                d += 1;
            }
            Item::Full => d += 1,
            Item::NewAxis => {
                t = t.try_unsqueeze(d as isize).py()?;
                d += 1;
            }
            Item::Ellipsis => unreachable!("expanded by parse"),
            Item::Mask(m) => {
                advanced = Some((it, d));
                d += m.dim();
            }
            Item::Index(_) => {
                advanced = Some((it, d));
                d += 1;
            }
        }
    }
    match advanced {
        Some((Item::Mask(m), at)) => t.try_index_mask(at, m).py(),
        Some((Item::Index(idx), at)) => t.try_index_along(at, idx).py(),
        _ => Ok(t),
    }
}

pub fn getitem(t: &Tensor, key: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    let items = parse(t, key)?;
    if items.iter().filter(|i| i.is_advanced()).count() > 1 {
        // several tensor indices: broadcast together, placed by NumPy's rule
        return t.try_index(&tensor_indices(&items)?).py();
    }
    apply(t, &items)
}

/// The items as the library's indexing entries.
fn tensor_indices(items: &[Item<'_>]) -> PyResult<Vec<TensorIndex>> {
    items
        .iter()
        .map(|it| {
            Ok(match it {
                Item::Int(i) => TensorIndex::Int(*i as i64),
                Item::Slice(s) => {
                    let get = |name: &str| -> PyResult<Option<i64>> {
                        let v = s.getattr(name)?;
                        if v.is_none() {
                            Ok(None)
                        } else {
                            v.extract::<i64>().map(Some)
                        }
                    };
                    let step = get("step")?.unwrap_or(1);
                    if step <= 0 {
                        return Err(crate::errors::value_err("step must be greater than zero"));
                    }
                    TensorIndex::Slice {
                        start: get("start")?,
                        stop: get("stop")?,
                        step,
                    }
                }
                Item::Full => TensorIndex::FULL,
                Item::NewAxis => TensorIndex::NewAxis,
                Item::Ellipsis => TensorIndex::Ellipsis,
                Item::Mask(m) | Item::Index(m) => TensorIndex::Tensor(m.clone()),
            })
        })
        .collect()
}

fn value_tensor(t: &Tensor, value: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    if let Ok(v) = value.cast::<PyTensor>() {
        return Ok(v.get().t.clone());
    }
    if let Some(s) = convert::scalar(value)? {
        return Ok(Tensor::from_scalar(s, t.dtype()));
    }
    convert::tensor_from_data(value, Some(t.dtype()))
}

pub fn setitem(t: &Tensor, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let items = parse(t, key)?;
    // a Python number (not a tensor) takes PyTorch's fill paths
    let number = !value.is_instance_of::<PyTensor>() && convert::scalar(value)?.is_some();
    let value = value_tensor(t, value)?;
    let grad_on = ferrograd::is_grad_enabled();
    if grad_on && t.is_leaf() && t.requires_grad() {
        return Err(runtime(
            "a view of a leaf Variable that requires grad is being used in an in-place operation.",
        ));
    }
    let Some(pos) = items.iter().position(Item::is_advanced) else {
        let view = apply(t, &items)?;
        if value.shape() != view.shape() {
            // PyTorch expands the value to the indexed shape (its message on a mismatch)
            let _g = ferrograd::no_grad();
            value.try_expand(view.shape()).py()?;
        }
        view.try_copy_(&value).py()?;
        return Ok(());
    };
    let (prefix, rest) = items.split_at(pos);
    if rest[1..].iter().any(|i| !matches!(i, Item::Full)) {
        // several tensor indices, or basic ones after the tensor: index_put_ on the view the
        // basic ones give (IndexPutBackward0)
        return t.try_index_assign(&tensor_indices(&items)?, &value).py();
    }
    // `x[:, idx] = v` works on `x` itself (recorded as PyTorch records it); other basic
    // indices before the tensor index give a view, written in place
    let full = |k: usize, i: &Item<'_>| match i {
        Item::Full => true,
        Item::Slice(s) => {
            let n = t.shape().get(k).copied().unwrap_or(0) as isize;
            s.indices(n)
                .map(|x| x.start == 0 && x.stop == n && x.step == 1)
                .unwrap_or(false)
        }
        _ => false,
    };
    let (target, d) = if prefix.iter().enumerate().all(|(k, i)| full(k, i)) {
        (t.clone(), prefix.len())
    } else {
        let view = apply(t, prefix)?;
        let d = prefix
            .iter()
            .filter(|i| matches!(i, Item::Slice(_) | Item::Full | Item::NewAxis))
            .count();
        (view, d)
    };
    match &rest[0] {
        Item::Mask(m) if number => {
            // PyTorch's `x[mask] = 0.5` is masked_fill_ (MaskedFillBackward0)
            if d + m.dim() > target.dim() {
                return Err(index_err(format!(
                    "too many indices for tensor of dimension {}",
                    target.dim()
                )));
            }
            let _ = {
                let _ng = ferrograd::no_grad();
                target.try_index_mask(d, m).py()?
            };
            let mut shape = m.shape().to_vec();
            shape.extend(std::iter::repeat_n(1, target.dim() - d - m.dim()));
            let full = m.try_reshape(&shape).py()?;
            target.try_masked_fill_(&full, value.item()).py()?;
        }
        Item::Mask(m) => {
            target.try_index_put_mask_(d, m, &value).py()?;
        }
        Item::Index(idx) if number => {
            // PyTorch's `x[idx] = 0.5` is index_fill_ (IndexFillBackward0)
            if d >= target.dim() {
                return Err(index_err(format!(
                    "too many indices for tensor of dimension {}",
                    target.dim()
                )));
            }
            let flat = idx.try_reshape(&[idx.numel()]).py()?;
            target
                .try_index_fill_(d as isize, &flat, value.item())
                .py()?;
        }
        Item::Index(idx) => {
            target.try_index_put_along_(d, idx, &value, false).py()?;
        }
        _ => unreachable!("advanced item"),
    }
    Ok(())
}

#[ferrograd_py_macros::catch_panics]
#[pymethods]
impl PyTensor {
    fn __getitem__(&self, key: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        Ok(getitem(&self.t, key)?.into())
    }

    fn __setitem__(&self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        setitem(&self.t, key, value)
    }

    /// index_put(indices, values, accumulate=False) -> Tensor
    ///
    /// A copy of this tensor with :attr:`values` written at the elements that the tuple of
    /// index tensors :attr:`indices` names (``x[indices] = values`` out of place); with
    /// :attr:`accumulate`, added to them, repeated indices adding up.
    ///
    /// Example::
    ///
    ///     >>> i = (torch.tensor([0, 0]), torch.tensor([1, 1]))
    ///     >>> torch.zeros(2, 2).index_put(i, torch.tensor([1., 2.]), accumulate=True)
    ///     tensor([[0., 3.],
    ///             [0., 0.]])
    #[pyo3(signature = (indices, values, accumulate=false))]
    fn index_put(
        &self,
        indices: &Bound<'_, PyAny>,
        values: &Bound<'_, PyAny>,
        accumulate: bool,
    ) -> PyResult<PyTensor> {
        let (i, v) = index_put_args("index_put", indices, values)?;
        Ok(self.t.try_index_put(&i, &v, accumulate).py()?.into())
    }

    /// index_put_(indices, values, accumulate=False) -> Tensor
    ///
    /// In-place :meth:`index_put`.
    ///
    /// Example::
    ///
    ///     >>> x = torch.zeros(3)
    ///     >>> x.index_put_((torch.tensor([0, 0]),), torch.tensor(1.), accumulate=True)
    ///     tensor([2., 0., 0.])
    #[pyo3(signature = (indices, values, accumulate=false))]
    fn index_put_<'py>(
        slf: &Bound<'py, Self>,
        indices: &Bound<'py, PyAny>,
        values: &Bound<'py, PyAny>,
        accumulate: bool,
    ) -> PyResult<Bound<'py, Self>> {
        let (i, v) = index_put_args("index_put_", indices, values)?;
        slf.get().t.try_index_put_(&i, &v, accumulate).py()?;
        Ok(slf.clone())
    }
}

/// The `indices` (a tuple or list of tensors) and `values` (a tensor) of
/// `index_put`, with PyTorch's argument errors.
fn index_put_args(
    op: &str,
    indices: &Bound<'_, PyAny>,
    values: &Bound<'_, PyAny>,
) -> PyResult<(Vec<Option<Tensor>>, Tensor)> {
    let seq_err = || {
        type_err(format!(
            "{op}(): argument 'indices' (position 1) must be tuple of Tensors, not {}",
            type_name(indices)
        ))
    };
    if !(indices.is_instance_of::<PyTuple>() || indices.is_instance_of::<PyList>()) {
        return Err(seq_err());
    }
    let mut out = Vec::new();
    for (k, it) in indices.try_iter()?.enumerate() {
        let it = it?;
        if let Ok(t) = it.cast::<PyTensor>() {
            out.push(Some(t.get().t.clone()));
        } else {
            return Err(type_err(format!(
                "expected Tensor as element {k} in argument 0, but got {}",
                type_name(&it)
            )));
        }
    }
    let v = values.cast::<PyTensor>().map_err(|_| {
        type_err(format!(
            "{op}(): argument 'values' (position 2) must be Tensor, not {}",
            type_name(values)
        ))
    })?;
    Ok((out, v.get().t.clone()))
}
