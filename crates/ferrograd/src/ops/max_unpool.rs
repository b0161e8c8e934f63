//! Max unpooling (`max_unpool2d`, `max_unpool1d`): the partial inverse of max pooling with
//! `return_indices`, each value written back at its index in a zero plane of the output size.
//! Recorded as `MaxUnpool2DBackward0`, whose rule reads the gradient at the indices
//! (PyTorch's `max_pool_double_backward`: `view`, `gather`, `view`), so every order
//! differentiates.

use super::max_pool::{batched, gather_at};
use crate::autograd::record;
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::{fmt_list, Element};
use crate::{DType, Tensor};

/// The kernel in `T`: `x` and `indices` (same shape) into planes of `out_hw`.
fn unpool<T: Element>(x: &Tensor, indices: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let nd = shape.len();
    let n = crate::tensor::size::checked_storage_numel(shape, T::DTYPE)?;
    let mut out = crate::tensor::storage::try_take_vec::<T>(n)?;
    out.resize(n, T::from_f64(0.0));
    let xs = x.shape();
    let in_plane = xs[nd - 2] * xs[nd - 1];
    let planes = xs[..nd - 2].iter().product();
    let out_plane = shape[nd - 2] * shape[nd - 1];
    let r = x.with_slice::<T, _>(|s| {
        indices.with_slice::<i64, _>(|is| {
            cpu::max_unpool2d(planes, in_plane, out_plane, s, is, &mut out)
        })
    });
    if let Err(i) = r {
        return Err(runtime(format!(
            "Found an invalid max index: {i} (output volumes are of size {}x{})",
            shape[nd - 2],
            shape[nd - 1]
        )));
    }
    Ok(Tensor::from_vec(out, shape))
}

impl Tensor {
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
        if indices.dtype() != DType::Int64 {
            return Err(runtime(format!(
                "elements in indices should be type int64 but got: {}",
                indices.dtype().scalar_name()
            )));
        }
        let nd = self.dim();
        if nd != 3 && nd != 4 {
            return Err(runtime(format!(
                "Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with {nd} dimensions."
            )));
        }
        if self.shape() != indices.shape() {
            return Err(runtime(format!(
                "Expected shape of indices to be same as that of the input tensor ({}) but got indices tensor with shape: {}",
                fmt_list(self.shape()),
                fmt_list(indices.shape())
            )));
        }
        if let Some(d) = (1..nd).find(|&d| self.shape()[d] == 0) {
            return Err(runtime(format!(
                "max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but input has sizes {} with dimension {d} being empty",
                fmt_list(self.shape())
            )));
        }
        let mut shape = self.shape()[..nd - 2].to_vec();
        shape.extend(output_size);
        crate::tensor::size::checked_numel(&shape)?;
        let x = self.detach();
        let out = match self.dtype() {
            DType::Float32 => unpool::<f32>(&x, indices, &shape)?,
            DType::Float64 => unpool::<f64>(&x, indices, &shape)?,
            d => {
                return Err(not_implemented(format!(
                    "\"max_unpool2d\" not implemented for '{}'",
                    d.scalar_name()
                )))
            }
        };
        record(
            "MaxUnpool2DBackward0",
            out,
            &[self],
            &[("indices", indices)],
            false,
            |c| {
                let idx = batched(&c.saved[0], c.grad)?;
                Ok(vec![c.grad_if(0, || gather_at(c.grad, &idx))?])
            },
        )
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
