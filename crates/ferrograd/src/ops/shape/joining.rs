//! Joining tensors: `cat stack`.

use crate::autograd::record;
use crate::error::{runtime, unwrap, Result};
use crate::ops::{cast_raw, dispatch_any, result_type, wrap_dim};
use crate::tensor::{fmt_list, Element};
use crate::{DType, Tensor};

impl Tensor {
    /// Tensors joined along an existing dimension (`CatBackward0`); dtypes are promoted.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[1, 2]]);
    /// let b = Tensor::new([[3, 4], [5, 6]]);
    /// assert_eq!(Tensor::try_cat(&[a, b], 0).unwrap().shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn try_cat(tensors: &[Tensor], dim: isize) -> Result<Tensor> {
        if tensors.is_empty() {
            return Err(crate::error::value_err(
                "torch.cat(): expected a non-empty list of Tensors",
            ));
        }
        // Legacy rule: 1-D empty tensors are skipped.
        let parts: Vec<&Tensor> = tensors
            .iter()
            .filter(|t| !(t.dim() == 1 && t.numel() == 0))
            .collect();
        let first = match parts.first() {
            Some(f) => *f,
            None => return Ok(tensors[0].clone()),
        };
        if first.dim() == 0 {
            return Err(runtime(
                "zero-dimensional tensor (at position 0) cannot be concatenated",
            ));
        }
        let d = wrap_dim(dim, first.dim())?;
        let mut dt = first.dtype();
        for (i, t) in parts.iter().enumerate() {
            if t.dim() != first.dim() {
                return Err(runtime(format!(
                    "Tensors must have same number of dimensions: got {} and {}",
                    first.dim(),
                    t.dim()
                )));
            }
            for k in 0..first.dim() {
                if k != d && t.shape()[k] != first.shape()[k] {
                    return Err(runtime(format!(
                        "Sizes of tensors must match except in dimension {d}. Expected size {} but got size {} for tensor number {i} in the list.",
                        first.shape()[k],
                        t.shape()[k]
                    )));
                }
            }
            dt = result_type(&Tensor::scalar_like_dtype(dt, 1), t);
        }
        let mut shape = first.dims();
        shape[d] = parts
            .iter()
            .try_fold(0usize, |acc, t| acc.checked_add(t.shape()[d]))
            .ok_or_else(|| runtime("numel: integer multiplication overflow"))?;
        crate::tensor::size::checked_storage_numel(&shape, dt)?;
        let outer: usize = shape[..d].iter().product();
        let n: usize = shape.iter().product();
        let row: usize = shape[d..].iter().product();
        let buf = dispatch_any!(dt, T => {
            // each part read in place (contiguous ones without a copy), written straight to
            // its place in a pooled output buffer
            let mut out: Vec<T> = crate::tensor::storage::try_take_vec(n)?;
            if outer == 1 {
                for t in &parts {
                    cast_raw(t, dt).with_slice::<T, _>(|v| out.extend_from_slice(v));
                }
            } else {
                out.resize(n, T::from_f64(0.0));
                let mut start = 0;
                for t in &parts {
                    let chunk: usize = t.shape()[d..].iter().product();
                    cast_raw(t, dt).with_slice::<T, _>(|v| {
                        for o in 0..outer {
                            out[o * row + start..o * row + start + chunk]
                                .copy_from_slice(&v[o * chunk..(o + 1) * chunk]);
                        }
                    });
                    start += chunk;
                }
            }
            T::into_buffer(out)
        });
        let out = Tensor::from_buffer(buf, shape);
        let sizes: Vec<(usize, DType)> = parts.iter().map(|t| (t.shape()[d], t.dtype())).collect();
        record("CatBackward0", out, &parts, &[], false, move |c| {
            let mut start = 0;
            let mut grads = Vec::with_capacity(sizes.len());
            for (i, &(len, idt)) in sizes.iter().enumerate() {
                grads.push(if c.needs(i) {
                    let g = c.grad.try_narrow(
                        crate::autograd::batch::dim(d) as isize,
                        start as isize,
                        len,
                    )?;
                    Some(if g.dtype() != idt {
                        g.try_to_dtype(idt)?
                    } else {
                        g
                    })
                } else {
                    None
                });
                start += len;
            }
            Ok(grads)
        })
    }

    /// Panicking [`Tensor::try_cat`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let c = Tensor::cat(&[Tensor::new([1.0]), Tensor::new([2.0, 3.0])], 0);
    /// assert_eq!(c.to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn cat(tensors: &[Tensor], dim: isize) -> Tensor {
        unwrap(Tensor::try_cat(tensors, dim))
    }

    /// Tensors of equal shape joined along a new dimension (`StackBackward0`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let s = Tensor::try_stack(&[Tensor::new([1, 2]), Tensor::new([3, 4])], 1).unwrap();
    /// assert_eq!(s.to_vec::<i64>(), vec![1, 3, 2, 4]);
    /// ```
    #[track_caller]
    pub fn try_stack(tensors: &[Tensor], dim: isize) -> Result<Tensor> {
        if tensors.is_empty() {
            return Err(runtime("stack expects a non-empty TensorList"));
        }
        let shape0 = tensors[0].shape();
        for (i, t) in tensors.iter().enumerate() {
            if t.shape() != shape0 {
                return Err(runtime(format!(
                    "stack expects each tensor to be equal size, but got {} at entry 0 and {} at entry {i}",
                    fmt_list(shape0),
                    fmt_list(t.shape())
                )));
            }
        }
        let d = wrap_dim(dim, tensors[0].dim() + 1)?;
        let dt0 = tensors[0].dtype();
        let out = if tensors.iter().all(|t| t.dtype() == dt0) {
            // one dtype (a data loader's batch of samples): copied straight into the result
            stack_same_dtype(tensors, d)?
        } else {
            let _ng = crate::no_grad();
            let parts: Vec<Tensor> = tensors
                .iter()
                .map(|t| t.try_unsqueeze(d as isize))
                .collect::<Result<_>>()?;
            Tensor::try_cat(&parts, d as isize)?
        };
        let inputs: Vec<&Tensor> = tensors.iter().collect();
        let dts: Vec<DType> = tensors.iter().map(|t| t.dtype()).collect();
        record("StackBackward0", out, &inputs, &[], false, move |c| {
            (0..dts.len())
                .map(|i| {
                    if !c.needs(i) {
                        return Ok(None);
                    }
                    let g = c
                        .grad
                        .try_select(crate::autograd::batch::dim(d) as isize, i as isize)?;
                    Ok(Some(if g.dtype() != dts[i] {
                        g.try_to_dtype(dts[i])?
                    } else {
                        g
                    }))
                })
                .collect()
        })
    }

    /// Panicking [`Tensor::try_stack`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::stack(&[Tensor::new(1.0), Tensor::new(2.0)], 0).shape(), &[2]);
    /// ```
    #[track_caller]
    pub fn stack(tensors: &[Tensor], dim: isize) -> Tensor {
        unwrap(Tensor::try_stack(tensors, dim))
    }
}

/// `tensors` (of one shape and one dtype, at least one) stacked along the new dimension `d`,
/// without autograd: for each index of the dimensions before `d`, each tensor's block in turn.
fn stack_same_dtype(tensors: &[Tensor], d: usize) -> Result<Tensor> {
    let shape0 = tensors[0].shape();
    let mut shape = shape0.to_vec();
    shape.insert(d, tensors.len());
    let dt = tensors[0].dtype();
    crate::tensor::size::checked_storage_numel(&shape, dt)?;
    let outer: usize = shape0[..d].iter().product();
    let block: usize = shape0[d..].iter().product();
    let buf = dispatch_any!(dt, T => {
        let mut out: Vec<T> = crate::tensor::storage::try_take_vec(shape.iter().product())?;
        if outer == 1 {
            for t in tensors {
                t.with_slice::<T, _>(|s| out.extend_from_slice(s));
            }
        } else {
            let datas: Vec<Vec<T>> = tensors.iter().map(|t| t.to_vec::<T>()).collect();
            for o in 0..outer {
                for v in &datas {
                    out.extend_from_slice(&v[o * block..(o + 1) * block]);
                }
            }
        }
        T::into_buffer(out)
    });
    Ok(Tensor::from_buffer(buf, shape))
}
