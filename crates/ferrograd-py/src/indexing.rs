//! Python indexing: `x[i]`, `x[a:b:c]`, `x[..., None]`, `x[mask]`, `x[index_tensor]`, and the
//! matching assignments `x[...] = value`.

use crate::convert::{self, type_name};
use crate::errors::{index_err, runtime, type_err, IntoPyResult};
use crate::tensor::PyTensor;
use ferrograd::{DType, Tensor};
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
    if raw.iter().filter(|i| i.is_advanced()).count() > 1 {
        return Err(index_err(
            "ferrograd supports one tensor (mask or index) per indexing expression",
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

/// Positions of the true elements of a mask over `t`'s dimensions `d..d+k`, with `t` reshaped
/// so those dimensions become one.
fn mask_to_index(t: &Tensor, d: usize, mask: &Tensor) -> PyResult<(Tensor, Tensor)> {
    let k = mask.dim();
    for j in 0..k {
        if mask.shape()[j] != t.shape()[d + j] {
            return Err(index_err(format!(
                "The shape of the mask {:?} at index {j} does not match the shape of the indexed tensor {:?} at index {}",
                mask.shape(),
                t.shape(),
                d + j
            )));
        }
    }
    let idx: Vec<i64> = mask
        .to_vec::<bool>()
        .iter()
        .enumerate()
        .filter(|(_, &b)| b)
        .map(|(i, _)| i as i64)
        .collect();
    let n = idx.len();
    let mut shape = t.shape()[..d].to_vec();
    shape.push(mask.numel());
    shape.extend_from_slice(&t.shape()[d + k..]);
    let flat = if k == 1 {
        t.clone()
    } else {
        t.try_reshape(&shape).py()?
    };
    Ok((flat, Tensor::try_from_vec(idx, &[n]).py()?))
}

fn index_at(t: &Tensor, d: usize, idx: &Tensor) -> PyResult<Tensor> {
    if d == 0 {
        return t.try_index_dim0(idx).py();
    }
    let nd = t.dim() as isize;
    let mut perm: Vec<isize> = vec![d as isize];
    perm.extend((0..nd).filter(|&i| i != d as isize));
    let r = t.try_permute(&perm).py()?.try_index_dim0(idx).py()?;
    let m = idx.dim() as isize;
    let mut back: Vec<isize> = (m..m + d as isize).collect();
    back.extend(0..m);
    back.extend(m + d as isize..r.dim() as isize);
    r.try_permute(&back).py()
}

fn apply(t: &Tensor, items: &[Item<'_>]) -> PyResult<Tensor> {
    let mut t = t.clone();
    let mut d = 0usize;
    // integers selected so far: PyTorch names a dimension by its place in the index
    let mut selected = 0usize;
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
                let (flat, idx) = mask_to_index(&t, d, m)?;
                t = index_at(&flat, d, &idx)?;
                d += 1;
            }
            Item::Index(idx) => {
                t = index_at(&t, d, idx)?;
                d += idx.dim();
            }
        }
    }
    Ok(t)
}

pub fn getitem(t: &Tensor, key: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    let items = parse(t, key)?;
    apply(t, &items)
}

fn value_tensor(t: &Tensor, value: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    if let Ok(v) = value.cast::<PyTensor>() {
        return Ok(v.get().t.clone());
    }
    if let Some(s) = convert::scalar(value)? {
        return Ok(Tensor::scalar_tensor(s.to_f64(), t.dtype()));
    }
    convert::tensor_from_data(value, Some(t.dtype()))
}

pub fn setitem(t: &Tensor, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let items = parse(t, key)?;
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
    let recording = grad_on && (t.requires_grad() || value.requires_grad());
    if let (true, [Item::Mask(m)]) = (recording, items.as_slice()) {
        if m.shape() == t.shape() {
            let v = value.try_to_dtype(t.dtype()).py()?;
            let src = Tensor::try_where(m, &v, t).py()?;
            t.try_copy_(&src).py()?;
            return Ok(());
        }
    }
    let (prefix, rest) = items.split_at(pos);
    if rest[1..].iter().any(|i| !matches!(i, Item::Full)) {
        return Err(index_err(
            "ferrograd supports assignment through a tensor index only when it is the last index",
        ));
    }
    let view = apply(t, prefix)?;
    let d = prefix
        .iter()
        .filter(|i| matches!(i, Item::Slice(_) | Item::Full | Item::NewAxis))
        .count();
    if d != 0 {
        return Err(index_err(
            "ferrograd supports assignment through a tensor index on the first indexed dimension only",
        ));
    }
    match &rest[0] {
        Item::Mask(m) => {
            let (flat, idx) = if m.dim() <= 1 {
                mask_to_index(&view, 0, m)?
            } else {
                for j in 0..m.dim() {
                    if m.shape()[j] != view.shape()[j] {
                        return Err(index_err(format!(
                            "The shape of the mask {:?} at index {j} does not match the shape of the indexed tensor {:?} at index {j}",
                            m.shape(),
                            view.shape()
                        )));
                    }
                }
                let mut shape = vec![m.numel()];
                shape.extend_from_slice(&view.shape()[m.dim()..]);
                let flat = view.try_view(&shape).map_err(|_| {
                    runtime("mask assignment over several dimensions needs a contiguous tensor in ferrograd")
                })?;
                let (_, idx) = mask_to_index(&flat, 0, &m.try_reshape(&[m.numel()]).py()?)?;
                (flat, idx)
            };
            flat.try_index_put_dim0_(&idx, &value).py()?;
        }
        Item::Index(idx) => {
            view.try_index_put_dim0_(idx, &value).py()?;
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
}
