//! Max unpooling (`max_unpool3d`, `max_unpool2d`, `max_unpool1d`): the partial inverse of max
//! pooling with `return_indices`, each value written back at its index in a zero volume (or
//! plane) of the output size. Recorded as `MaxUnpool3DBackward0` / `MaxUnpool2DBackward0`,
//! whose rule reads the gradient at the indices (PyTorch's `max_pool_double_backward`: `view`,
//! `gather`, `view`), so every order differentiates.

use super::max_pool::{batched, gather_at};
use crate::autograd::record;
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::{fmt_list, Element};
use crate::{DType, Tensor};

/// The kernel in `T`: `x` and `indices` (same shape) into zero volumes of the last `spatial`
/// sizes of `shape`.
fn unpool<T: Element>(
    x: &Tensor,
    indices: &Tensor,
    shape: &[usize],
    spatial: usize,
) -> Result<Tensor> {
    let nd = shape.len();
    let n = crate::tensor::size::checked_storage_numel(shape, T::DTYPE)?;
    // the kernel writes every element (zeros where no index points)
    let mut out = crate::tensor::storage::try_unspecified::<T>(n)?.into_vec();
    let xs = x.shape();
    let in_plane = xs[nd - spatial..].iter().product();
    let planes = xs[..nd - spatial].iter().product();
    let out_plane = shape[nd - spatial..].iter().product();
    let r = x.with_slice::<T, _>(|s| {
        indices.with_slice::<i64, _>(|is| {
            cpu::max_unpool2d(planes, in_plane, out_plane, s, is, &mut out)
        })
    });
    if let Err(i) = r {
        let sizes: Vec<String> = shape[nd - spatial..]
            .iter()
            .map(|d| d.to_string())
            .collect();
        return Err(runtime(format!(
            "Found an invalid max index: {i} (output volumes are of size {})",
            sizes.join("x")
        )));
    }
    Ok(Tensor::from_vec(out, shape))
}

/// `max_unpool{2,3}d` (`output_size.len()` spatial dimensions): ATen's checks in ATen's order
/// (the stride, which only 3-d unpooling takes, after the shapes), the kernel and the record.
fn unpool_nd(
    x: &Tensor,
    indices: &Tensor,
    output_size: &[usize],
    stride: Option<&[usize]>,
) -> Result<Tensor> {
    let k = output_size.len();
    if indices.dtype() != DType::Int64 {
        return Err(runtime(format!(
            "elements in indices should be type int64 but got: {}",
            indices.dtype().scalar_name()
        )));
    }
    let nd = x.dim();
    if nd != k + 1 && nd != k + 2 {
        return Err(runtime(format!(
            "Input to max_unpooling{k}d should be a {}d or {}d Tensor, but got a tensor with {nd} dimensions.",
            k + 1,
            k + 2
        )));
    }
    if x.shape() != indices.shape() {
        return Err(runtime(format!(
            "Expected shape of indices to be same as that of the input tensor ({}) but got indices tensor with shape: {}",
            fmt_list(x.shape()),
            fmt_list(indices.shape())
        )));
    }
    if let Some(d) = (1..nd).find(|&d| x.shape()[d] == 0) {
        return Err(runtime(format!(
            "max_unpooling{k}d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but input has sizes {} with dimension {d} being empty",
            fmt_list(x.shape())
        )));
    }
    if let Some(s) = stride.filter(|s| s.contains(&0)) {
        return Err(runtime(format!(
            "strides should be greater than zero, but got stride: {}",
            fmt_list(s)
        )));
    }
    let mut shape = x.shape()[..nd - k].to_vec();
    shape.extend(output_size);
    crate::tensor::size::checked_numel(&shape)?;
    let d = x.detach();
    let out = match x.dtype() {
        DType::Float32 => unpool::<f32>(&d, indices, &shape, k)?,
        DType::Float64 => unpool::<f64>(&d, indices, &shape, k)?,
        t => {
            return Err(not_implemented(format!(
                "\"max_unpool{k}d\" not implemented for '{}'",
                t.scalar_name()
            )))
        }
    };
    let name = if k == 3 {
        "MaxUnpool3DBackward0"
    } else {
        "MaxUnpool2DBackward0"
    };
    record(name, out, &[x], &[("indices", indices)], false, move |c| {
        let idx = batched(&c.saved[0], c.grad)?;
        Ok(vec![c.grad_if(0, || gather_at(c.grad, &idx, k))?])
    })
}

impl Tensor {
    /// 3-d max unpooling of a 4-d or 5-d tensor (`torch.nn.functional.max_unpool3d` with its
    /// output size worked out): each element is written at its index (`(d * H + h) * W + w`,
    /// int64, as PyTorch's `max_pool3d` returns them) in a zero volume of `output_size`; where
    /// indices repeat, the last write wins (PyTorch's serial order: its threads may pick
    /// another, and name another of several bad indices). `stride` is only checked (every
    /// entry positive), as PyTorch's op checks it. Recorded as `MaxUnpool3DBackward0`: the
    /// gradient is read back at the indices.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[[[[1.0, 2.0]]]]]).requires_grad_(true);
    /// let i = Tensor::new([[[[[7i64, 0]]]]]);
    /// let u = x.try_max_unpool3d(&i, [2, 2, 2], [2, 2, 2]).unwrap();
    /// assert_eq!(u.to_vec::<f32>(), vec![2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    /// assert_eq!(u.grad_fn().unwrap().name(), "MaxUnpool3DBackward0");
    /// let e = x.try_max_unpool3d(&i, [1, 2, 2], [2, 2, 2]).unwrap_err();
    /// assert_eq!(e.to_string(), "Found an invalid max index: 7 (output volumes are of size 1x2x2)");
    /// let e = x.try_max_unpool3d(&i, [2, 2, 2], [0, 2, 2]).unwrap_err();
    /// assert_eq!(e.to_string(), "strides should be greater than zero, but got stride: [0, 2, 2]");
    /// ```
    #[track_caller]
    pub fn try_max_unpool3d(
        &self,
        indices: &Tensor,
        output_size: [usize; 3],
        stride: [usize; 3],
    ) -> Result<Tensor> {
        unpool_nd(self, indices, &output_size, Some(&stride))
    }

    /// Panicking [`Tensor::try_max_unpool3d`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[[[3.0]]]]);
    /// let i = ferrograd::Tensor::new([[[[5i64]]]]);
    /// let u = x.max_unpool3d(&i, [1, 2, 3], [1, 2, 3]);
    /// assert_eq!(u.to_vec::<f32>(), vec![0.0, 0.0, 0.0, 0.0, 0.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn max_unpool3d(
        &self,
        indices: &Tensor,
        output_size: [usize; 3],
        stride: [usize; 3],
    ) -> Tensor {
        unwrap(self.try_max_unpool3d(indices, output_size, stride))
    }

    /// 2-d max unpooling of a 3-d or 4-d tensor (`torch.nn.functional.max_unpool2d` with its
    /// output size worked out): each element is written at its index (`h * W + w`, int64, as
    /// [`Tensor::try_max_pool2d_with_indices`] returns them) in a zero plane of
    /// `output_size`; where indices repeat, the last write wins. Recorded as
    /// `MaxUnpool2DBackward0`: the gradient is read back at the indices.
    ///
    /// ```
    /// use ferrograd::{Pool2d, Tensor};
    /// let x = Tensor::arange(16.0).reshape(&[1, 1, 4, 4]).requires_grad_(true);
    /// let (y, i) = x.try_max_pool2d_with_indices(&Pool2d::new([2, 2])).unwrap();
    /// let u = y.try_max_unpool2d(&i, [4, 4]).unwrap();
    /// assert_eq!(u.to_vec::<f32>()[..8], [0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 0.0, 7.0]);
    /// assert_eq!(u.grad_fn().unwrap().name(), "MaxUnpool2DBackward0");
    /// let e = y.try_max_unpool2d(&i, [3, 3]).unwrap_err();
    /// assert_eq!(e.to_string(), "Found an invalid max index: 15 (output volumes are of size 3x3)");
    /// ```
    #[track_caller]
    pub fn try_max_unpool2d(&self, indices: &Tensor, output_size: [usize; 2]) -> Result<Tensor> {
        unpool_nd(self, indices, &output_size, None)
    }

    /// Panicking [`Tensor::try_max_unpool2d`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[[[1.0]]]]);
    /// let i = ferrograd::Tensor::new([[[[3i64]]]]);
    /// assert_eq!(x.max_unpool2d(&i, [2, 2]).to_vec::<f32>(), vec![0.0, 0.0, 0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn max_unpool2d(&self, indices: &Tensor, output_size: [usize; 2]) -> Tensor {
        unwrap(self.try_max_unpool2d(indices, output_size))
    }

    /// 1-d max unpooling of the last dimension of a 2-d or 3-d tensor
    /// (`torch.nn.functional.max_unpool1d`): [`Tensor::try_max_unpool2d`] on a width-1 view to
    /// `[output_size, 1]`, squeezed (`SqueezeBackward1`, as PyTorch records it).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 5.0, 2.0, 4.0]]);
    /// let (y, i) = x.try_max_pool1d_with_indices(2, None, 0, 1, false).unwrap();
    /// let u = y.try_max_unpool1d(&i, 4).unwrap();
    /// assert_eq!(u.to_vec::<f32>(), vec![0.0, 5.0, 0.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn try_max_unpool1d(&self, indices: &Tensor, output_size: usize) -> Result<Tensor> {
        self.try_unsqueeze(-1)?
            .try_max_unpool2d(&indices.try_unsqueeze(-1)?, [output_size, 1])?
            .try_squeeze_dim(-1)
    }

    /// Panicking [`Tensor::try_max_unpool1d`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[2.0]]);
    /// let i = ferrograd::Tensor::new([[1i64]]);
    /// assert_eq!(x.max_unpool1d(&i, 3).to_vec::<f32>(), vec![0.0, 2.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn max_unpool1d(&self, indices: &Tensor, output_size: usize) -> Tensor {
        unwrap(self.try_max_unpool1d(indices, output_size))
    }
}
