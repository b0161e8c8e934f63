//! The rest of PyTorch's pooling surface, built on the 2-D pools: 1-D average pooling
//! (`avg_pool1d`, `adaptive_avg_pool1d`, as a height-1 2-D pool, squeezed: `SqueezeBackward1`,
//! as PyTorch records them) and adaptive max pooling with indices (`adaptive_max_pool2d`,
//! `AdaptiveMaxPool2DBackward0`, whose backward scatters at the indices as max pooling's).

use super::max_pool::record_indexed_max;
use super::pool::float_only;
use crate::error::{runtime, Result};
use crate::kernels::cpu;
use crate::tensor::storage::try_unspecified;
use crate::tensor::{fmt_list, Element};
use crate::{DType, Pool2d, Tensor};

/// PyTorch's check of a 1-D pool's input: 2-D or 3-D.
fn check_1d(x: &Tensor, op: &str) -> Result<()> {
    if x.dim() != 2 && x.dim() != 3 {
        return Err(runtime(format!(
            "Expected 2 to 3 dimensions, but got {}-dimensional tensor for argument #1 'self' (while checking arguments for {op})",
            x.dim()
        )));
    }
    Ok(())
}

impl Tensor {
    /// 1-d average pooling over the last dimension of a 2-d or 3-d tensor
    /// (`torch.avg_pool1d`): [`Tensor::try_avg_pool2d`] on a height-1 view, squeezed.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0, 3.0, 5.0]]).requires_grad_(true);
    /// let y = x.try_avg_pool1d(2, None, 0, false, true).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.5, 4.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "SqueezeBackward1");
    /// ```
    #[track_caller]
    pub fn try_avg_pool1d(
        &self,
        kernel: usize,
        stride: Option<usize>,
        padding: usize,
        ceil_mode: bool,
        count_include_pad: bool,
    ) -> Result<Tensor> {
        check_1d(self, "avg_pool1d")?;
        if padding > kernel / 2 {
            return Err(runtime(format!(
                "pad should be at most half of effective kernel size, but got pad={padding}, kernel_size={kernel} and dilation=1"
            )));
        }
        let mut o = Pool2d::new([1, kernel])
            .padding([0, padding])
            .ceil_mode(ceil_mode)
            .count_include_pad(count_include_pad);
        o.stride = Some([1, stride.unwrap_or(kernel)]);
        self.try_unsqueeze(-2)?
            .try_avg_pool2d(&o)?
            .try_squeeze_dim(-2)
    }

    /// Adaptive 1-d average pooling of the last dimension of a 2-d or 3-d tensor to `size`
    /// (`torch.adaptive_avg_pool1d`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([[1.0, 2.0, 3.0, 5.0, 7.0]]);
    /// let y = x.try_adaptive_avg_pool1d(2).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 5.0]);
    /// ```
    #[track_caller]
    pub fn try_adaptive_avg_pool1d(&self, size: usize) -> Result<Tensor> {
        check_1d(self, "adaptive_avg_pool1d")?;
        self.try_unsqueeze(-2)?
            .try_adaptive_avg_pool2d([1, size])?
            .try_squeeze_dim(-2)
    }

    /// Adaptive max pooling of the last two dimensions of a 3-d or 4-d tensor to `size`
    /// (`torch.nn.functional.adaptive_max_pool2d`): output `i` is the largest input from
    /// `floor(i·H/h)` to `ceil((i+1)·H/h)` (the first on ties, NaN counting as largest), with
    /// its index `y·W + x` (int64). Recorded as `AdaptiveMaxPool2DBackward0`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::arange(12.0).reshape(&[1, 3, 4]);
    /// let (y, i) = x.try_adaptive_max_pool2d([2, 2]).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![5.0, 7.0, 9.0, 11.0]);
    /// assert_eq!(i.to_vec::<i64>(), vec![5, 7, 9, 11]);
    /// ```
    #[track_caller]
    pub fn try_adaptive_max_pool2d(&self, size: [usize; 2]) -> Result<(Tensor, Tensor)> {
        let shape = self.shape().to_vec();
        let nd = shape.len();
        if (nd != 3 && nd != 4) || shape[nd - 2..].contains(&0) {
            return Err(runtime(format!(
                "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: {}",
                fmt_list(&shape)
            )));
        }
        float_only(self, "adaptive_max_pool2d")?;
        let mut out_shape = shape.clone();
        out_shape[nd - 2] = size[0];
        out_shape[nd - 1] = size[1];
        let hw = [shape[nd - 2], shape[nd - 1]];
        let planes: usize = shape[..nd - 2].iter().product();
        let x = self.detach();
        let (y, idx) = match self.dtype() {
            DType::Float64 => adaptive_max::<f64>(&x, planes, hw, size, &out_shape)?,
            _ => adaptive_max::<f32>(&x, planes, hw, size, &out_shape)?,
        };
        record_indexed_max(
            self,
            y,
            idx,
            [
                "AdaptiveMaxPool2DBackward0",
                "AdaptiveMaxPool2DBackwardBackward0",
            ],
        )
    }
}

/// The adaptive max kernel on `x` in `T`: values and indices, allocated fallibly (a hostile
/// size is PyTorch's storage or allocation error).
fn adaptive_max<T: Element>(
    x: &Tensor,
    planes: usize,
    hw: [usize; 2],
    size: [usize; 2],
    shape: &[usize],
) -> Result<(Tensor, Tensor)> {
    let n = crate::tensor::size::checked_storage_numel(shape, T::DTYPE)?;
    // the kernel writes every value and index
    let mut out = try_unspecified::<T>(n)?.into_vec();
    let mut idx = try_unspecified::<i64>(n)?.into_vec();
    x.with_slice::<T, _>(|s| cpu::adaptive_max_pool2d(planes, hw, size, s, &mut out, &mut idx));
    Ok((Tensor::from_vec(out, shape), Tensor::from_vec(idx, shape)))
}
