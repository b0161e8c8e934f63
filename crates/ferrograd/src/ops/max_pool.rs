//! Max pooling: `max_pool2d` (with indices, dilation and `ceil_mode`) and `max_pool1d`, on the
//! input's own dtype (floats and integers, as ATen's CPU kernel), as ATen computes them: the
//! forward keeps the index of each window's maximum (`return_indices`), the backward
//! (`max_pool2d_with_indices_backward`, `MaxPool2DWithIndicesBackwardBackward0`) adds each
//! gradient at its index, and the backward of that gathers at the indices (PyTorch's
//! `max_pool_double_backward`: `view`, `gather`, `view`), so every order differentiates.

use super::pool::{output_size, Pool2d};
use crate::autograd::{batch, record};
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::kernels::cpu::{self, PoolGeom};
use crate::tensor::Element;
use crate::{DType, Tensor};

/// The forward kernel on `x` (any layout) in its dtype `T`: the values and the indices.
fn forward<T: Element>(g: &PoolGeom, x: &Tensor, shape: &[usize]) -> (Tensor, Tensor) {
    let n = g.planes * g.oh * g.ow;
    let mut out = crate::tensor::take_vec::<T>(n);
    out.resize(n, T::from_f64(0.0));
    let mut idx = crate::tensor::take_vec::<i64>(n);
    idx.resize(n, 0);
    x.with_slice::<T, _>(|s| cpu::max_pool2d(g, s, &mut out, &mut idx));
    (Tensor::from_vec(out, shape), Tensor::from_vec(idx, shape))
}

/// The backward kernel: `gy` added at `idx` into zeros of `in_shape`.
fn scatter<T: Element + std::ops::Add<Output = T>>(
    gy: &Tensor,
    idx: &Tensor,
    in_shape: &[usize],
) -> Result<Tensor> {
    let nd = in_shape.len();
    let in_plane = in_shape[nd - 2] * in_shape[nd - 1];
    let is = idx.shape();
    let out_plane = is[is.len() - 2] * is[is.len() - 1];
    let planes = idx.numel().checked_div(out_plane).unwrap_or(0);
    let n = in_shape.iter().product();
    let mut gx = crate::tensor::take_vec::<T>(n);
    gx.resize(n, T::from_f64(0.0));
    gy.with_slice::<T, _>(|gs| {
        idx.with_slice::<i64, _>(|is| {
            cpu::max_pool2d_backward(planes, in_plane, out_plane, gs, is, &mut gx)
        })
    });
    Ok(Tensor::from_vec(gx, in_shape))
}

/// PyTorch's `max_pool2d_with_indices_backward`: the gradient `grad` of a max pooling of
/// `input` (whose maxima are at `indices`) with respect to that input, recorded as
/// `name` (`MaxPool2DWithIndicesBackwardBackward0`, `AdaptiveMaxPool2DBackwardBackward0`:
/// differentiable in `grad`; `input` gets zeros).
pub(super) fn max_pool2d_backward(
    name: &'static str,
    grad: &Tensor,
    input: &Tensor,
    indices: &Tensor,
) -> Result<Tensor> {
    let in_shape = input.shape().to_vec();
    if grad.shape() != indices.shape() {
        return Err(runtime(format!(
            "max_pool2d_with_indices_backward: grad_output of shape {} does not match the indices' shape {}",
            crate::tensor::fmt_list(grad.shape()),
            crate::tensor::fmt_list(indices.shape())
        )));
    }
    let gy = grad.detach();
    let out = match grad.dtype() {
        DType::Float64 => scatter::<f64>(&gy, indices, &in_shape)?,
        _ => scatter::<f32>(&gy.float_input_f32(), indices, &in_shape)?,
    };
    let dtype = input.dtype();
    record(
        name,
        out,
        &[grad, input],
        &[("indices", indices)],
        false,
        move |c| {
            let idx = batched(&c.saved[0], c.grad)?;
            Ok(vec![
                c.grad_if(0, || gather_at(c.grad, &idx, 2))?,
                c.grad_if(1, || Ok(Tensor::zeros_dtype(c.grad.shape(), dtype)))?,
            ])
        },
    )
}

/// `t` with the batch of a batched backward pass in front when `grad` carries one (the planes
/// of the pooling kernels are all leading dimensions, so a batch is more planes).
pub(super) fn batched(t: &Tensor, grad: &Tensor) -> Result<Tensor> {
    match batch::size() {
        Some(_) if grad.dim() == t.dim() + 1 => {
            Ok(t.try_expand(&batch::shape(t.shape()))?.contiguous())
        }
        _ => Ok(t.clone()),
    }
}

/// PyTorch's `max_pool_double_backward`: `g` (of the input's shape) read at the indices of each
/// plane of the last `spatial` dimensions,
/// `g.view(lead, -1).gather(-1, indices.view(lead, -1)).view(indices.shape)`.
pub(super) fn gather_at(g: &Tensor, indices: &Tensor, spatial: usize) -> Result<Tensor> {
    let is = indices.shape().to_vec();
    let flat = |t: &Tensor, dims: &[usize]| {
        let lead = dims.len() - spatial;
        let mut s = dims[..lead].to_vec();
        s.push(dims[lead..].iter().product());
        t.try_reshape(&s)
    };
    let gs = g.shape().to_vec();
    flat(g, &gs)?
        .try_gather(-1, &flat(indices, &is)?)?
        .try_reshape(&is)
}

/// Records a max pooling of `x` whose values `y` came from the positions `idx` of each plane
/// (`names`: the node and the node of its backward): the gradient is scattered to the indices,
/// and its own gradient gathered back from them.
pub(crate) fn record_indexed_max(
    x: &Tensor,
    y: Tensor,
    idx: Tensor,
    names: [&'static str; 2],
) -> Result<(Tensor, Tensor)> {
    let [name, backward_name] = names;
    let y = record(
        name,
        y,
        &[x],
        &[("self", x), ("result1", &idx)],
        false,
        move |c| {
            let (x, idx) = (&c.saved[0], &c.saved[1]);
            Ok(vec![c.grad_if(0, || {
                max_pool2d_backward(
                    backward_name,
                    c.grad,
                    &batched(x, c.grad)?,
                    &batched(idx, c.grad)?,
                )
            })?])
        },
    )?;
    Ok((y, idx))
}

impl Tensor {
    /// 2-d max pooling over the last two dimensions of a 3-d or 4-d tensor
    /// (`torch.nn.functional.max_pool2d`), recorded as `MaxPool2DWithIndicesBackward0`: the
    /// gradient goes to the first largest element of each window (NaN counts as largest).
    /// Integer tensors pool in their own dtype, as in PyTorch.
    ///
    /// ```
    /// use ferrograd::{Pool2d, Tensor};
    /// let x = Tensor::arange(9.0).reshape(&[1, 3, 3]).requires_grad_(true);
    /// let y = x.try_max_pool2d(&Pool2d::new([2, 2]).stride([1, 1])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![4.0, 5.0, 7.0, 8.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "MaxPool2DWithIndicesBackward0");
    /// let n = Tensor::new([[[3, -1], [7, 2]]]).max_pool2d(&Pool2d::new([2, 2]));
    /// assert_eq!(n.to_vec::<i64>(), vec![7]);
    /// ```
    #[track_caller]
    pub fn try_max_pool2d(&self, opts: &Pool2d) -> Result<Tensor> {
        Ok(self.try_max_pool2d_with_indices(opts)?.0)
    }

    /// Panicking [`Tensor::try_max_pool2d`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[1, 2, 2]);
    /// assert_eq!(x.max_pool2d(&ferrograd::Pool2d::new([2, 2])).shape(), &[1, 1, 1]);
    /// ```
    #[track_caller]
    pub fn max_pool2d(&self, opts: &Pool2d) -> Tensor {
        unwrap(self.try_max_pool2d(opts))
    }

    /// [`Tensor::try_max_pool2d`] and the indices of the chosen elements in each plane
    /// (`h * W + w`, int64), PyTorch's `return_indices=True`. The node saves the input and the
    /// indices (`self`, `result1`); its gradient scatters into the input's shape at the indices.
    ///
    /// ```
    /// use ferrograd::{Pool2d, Tensor};
    /// let x = Tensor::new([[[1.0, 3.0], [2.0, 0.0]]]).requires_grad_(true);
    /// let (y, i) = x.try_max_pool2d_with_indices(&Pool2d::new([2, 2])).unwrap();
    /// assert_eq!((y.item(), i.to_vec::<i64>()), (3.0, vec![1]));
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_max_pool2d_with_indices(&self, opts: &Pool2d) -> Result<(Tensor, Tensor)> {
        let shape = self.shape().to_vec();
        let [oh, ow] = opts.plan(&shape, true)?;
        if self.dtype() == DType::Bool {
            return Err(not_implemented("\"max_pool2d\" not implemented for 'Bool'"));
        }
        let nd = shape.len();
        let [sh, sw] = opts.strides();
        let g = PoolGeom {
            planes: shape[..nd - 2].iter().product(),
            h: shape[nd - 2],
            w: shape[nd - 1],
            oh,
            ow,
            kh: opts.kernel[0],
            kw: opts.kernel[1],
            sh,
            sw,
            ph: opts.padding[0],
            pw: opts.padding[1],
            dh: opts.dilation[0],
            dw: opts.dilation[1],
        };
        let mut out_shape = shape;
        out_shape[nd - 2] = oh;
        out_shape[nd - 1] = ow;
        let x = self.detach();
        let (y, idx) = match self.dtype() {
            DType::Float32 => forward::<f32>(&g, &x, &out_shape),
            DType::Float64 => forward::<f64>(&g, &x, &out_shape),
            _ => forward::<i64>(&g, &x, &out_shape),
        };
        record_indexed_max(
            self,
            y,
            idx,
            [
                "MaxPool2DWithIndicesBackward0",
                "MaxPool2DWithIndicesBackwardBackward0",
            ],
        )
    }

    /// 1-d max pooling over the last dimension of a 2-d or 3-d tensor
    /// (`torch.nn.functional.max_pool1d`): `max_pool2d` on a height-1 view, squeezed
    /// (`SqueezeBackward1`, as PyTorch records it). Floating tensors only, as PyTorch's
    /// `max_pool1d` without indices (with indices, integers pool too).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 5.0, 2.0, 4.0, 3.0]]);
    /// let y = x.try_max_pool1d(2, None, 0, 1, false).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![5.0, 4.0]);
    /// let e = ferrograd::Tensor::new([[1, 5]]).try_max_pool1d(2, None, 0, 1, false);
    /// assert_eq!(e.unwrap_err().to_string(), "\"max_pool1d_impl\" not implemented for 'Long'");
    /// ```
    #[track_caller]
    pub fn try_max_pool1d(
        &self,
        kernel: usize,
        stride: Option<usize>,
        padding: usize,
        dilation: usize,
        ceil_mode: bool,
    ) -> Result<Tensor> {
        self.pool1d_options(kernel, stride, padding, dilation, ceil_mode)?;
        if !self.dtype().is_floating_point() {
            return Err(not_implemented(format!(
                "\"max_pool1d_impl\" not implemented for '{}'",
                self.dtype().scalar_name()
            )));
        }
        Ok(self
            .try_max_pool1d_with_indices(kernel, stride, padding, dilation, ceil_mode)?
            .0)
    }

    /// [`Tensor::try_max_pool1d`] and the indices of the chosen elements.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 5.0, 2.0]]);
    /// let (_, i) = x.try_max_pool1d_with_indices(3, None, 0, 1, false).unwrap();
    /// assert_eq!(i.to_vec::<i64>(), vec![1]);
    /// ```
    #[track_caller]
    pub fn try_max_pool1d_with_indices(
        &self,
        kernel: usize,
        stride: Option<usize>,
        padding: usize,
        dilation: usize,
        ceil_mode: bool,
    ) -> Result<(Tensor, Tensor)> {
        let o = self.pool1d_options(kernel, stride, padding, dilation, ceil_mode)?;
        let (y, i) = self.try_unsqueeze(-2)?.try_max_pool2d_with_indices(&o)?;
        Ok((y.try_squeeze_dim(-2)?, i.try_squeeze_dim(-2)?))
    }

    /// `max_pool1d`'s checks (PyTorch's messages), and its options as a 2-d pooling of height 1.
    fn pool1d_options(
        &self,
        kernel: usize,
        stride: Option<usize>,
        padding: usize,
        dilation: usize,
        ceil_mode: bool,
    ) -> Result<Pool2d> {
        if self.dim() != 2 && self.dim() != 3 {
            return Err(runtime(format!(
                "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:{}",
                crate::tensor::fmt_list(self.shape())
            )));
        }
        for (what, v) in [
            ("kernel_size", Some(kernel)),
            ("stride", stride),
            ("dilation", Some(dilation)),
        ] {
            if v == Some(0) {
                return Err(runtime(format!(
                    "max_pool1d() {what} must be greater than zero, but got 0"
                )));
            }
        }
        if padding > kernel / 2 {
            return Err(runtime(format!(
                "max_pool1d() padding should be at most half of kernel size, but got padding={padding} and kernel_size={kernel}"
            )));
        }
        let mut o = Pool2d::new([1, kernel])
            .padding([0, padding])
            .dilation([1, dilation])
            .ceil_mode(ceil_mode);
        o.stride = Some([1, stride.unwrap_or(kernel)]);
        let l = self.shape()[self.dim() - 1] as i64;
        let s = o.strides()[1] as i64;
        let out = output_size(
            l,
            kernel as i64,
            padding as i64,
            s,
            dilation as i64,
            ceil_mode,
        );
        if out < 1 {
            return Err(runtime(format!(
                "max_pool1d() Invalid computed output size: {out}"
            )));
        }
        Ok(o)
    }
}
