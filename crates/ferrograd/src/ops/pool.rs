//! Pooling: the options of a pooling window ([`Pool2d`]), `avg_pool2d` (`count_include_pad`,
//! `divisor_override`) and `adaptive_avg_pool2d`, as PyTorch's CPU kernels compute them
//! (windows, divisors). Each average is a windowed kernel over the last two dimensions
//! (`kernels/cpu/avg_pool.rs`, memory that of the input and the output), whose backward (and the
//! backward of that) is its transpose. Max pooling, which keeps the indices of its maxima, is
//! in [`super::max_pool`].

use crate::autograd::record;
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::kernels::cpu::{self, AvgFloat, AvgGeom, AvgWindows};
use crate::{DType, Tensor};

/// The options of a 2-d pooling window: PyTorch's `kernel_size`, `stride` (the kernel's size
/// when `None`), `padding`, `dilation` (max pooling only) and `ceil_mode`, with
/// `count_include_pad` and `divisor_override` for average pooling.
///
/// ```
/// use ferrograd::{Pool2d, Tensor};
/// let x = Tensor::arange(16.0).reshape(&[1, 1, 4, 4]);
/// let y = x.try_max_pool2d(&Pool2d::new([2, 2])).unwrap();
/// assert_eq!(y.to_vec::<f32>(), vec![5.0, 7.0, 13.0, 15.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Pool2d {
    /// The window's height and width.
    pub kernel: [usize; 2],
    /// The step between windows (`None`: the kernel's size).
    pub stride: Option<[usize; 2]>,
    /// Implicit padding on both sides (negative infinity for max, zero for average pooling).
    pub padding: [usize; 2],
    /// The spacing of the window's elements (max pooling).
    pub dilation: [usize; 2],
    /// Rounds the output size up instead of down.
    pub ceil_mode: bool,
    /// Average pooling counts padded elements in the divisor.
    pub count_include_pad: bool,
    /// Average pooling divides by this instead.
    pub divisor_override: Option<i64>,
}

impl Pool2d {
    /// A window of `kernel`, stride equal to it, no padding, PyTorch's defaults otherwise.
    ///
    /// ```
    /// let p = ferrograd::Pool2d::new([3, 3]).stride([1, 1]).padding([1, 1]).ceil_mode(true);
    /// assert_eq!(p.stride, Some([1, 1]));
    /// ```
    pub fn new(kernel: [usize; 2]) -> Self {
        Pool2d {
            kernel,
            stride: None,
            padding: [0, 0],
            dilation: [1, 1],
            ceil_mode: false,
            count_include_pad: true,
            divisor_override: None,
        }
    }
    /// Sets the stride.
    ///
    /// ```
    /// assert_eq!(ferrograd::Pool2d::new([2, 2]).stride([1, 2]).stride, Some([1, 2]));
    /// ```
    pub fn stride(mut self, s: [usize; 2]) -> Self {
        self.stride = Some(s);
        self
    }
    /// Sets the padding.
    ///
    /// ```
    /// assert_eq!(ferrograd::Pool2d::new([2, 2]).padding([1, 0]).padding, [1, 0]);
    /// ```
    pub fn padding(mut self, p: [usize; 2]) -> Self {
        self.padding = p;
        self
    }
    /// Sets the dilation.
    ///
    /// ```
    /// assert_eq!(ferrograd::Pool2d::new([2, 2]).dilation([2, 2]).dilation, [2, 2]);
    /// ```
    pub fn dilation(mut self, d: [usize; 2]) -> Self {
        self.dilation = d;
        self
    }
    /// Sets `ceil_mode`.
    ///
    /// ```
    /// assert!(ferrograd::Pool2d::new([2, 2]).ceil_mode(true).ceil_mode);
    /// ```
    pub fn ceil_mode(mut self, c: bool) -> Self {
        self.ceil_mode = c;
        self
    }
    /// Sets `count_include_pad`.
    ///
    /// ```
    /// assert!(!ferrograd::Pool2d::new([2, 2]).count_include_pad(false).count_include_pad);
    /// ```
    pub fn count_include_pad(mut self, c: bool) -> Self {
        self.count_include_pad = c;
        self
    }
    /// Sets `divisor_override`.
    ///
    /// ```
    /// assert_eq!(ferrograd::Pool2d::new([2, 2]).divisor_override(3).divisor_override, Some(3));
    /// ```
    pub fn divisor_override(mut self, d: i64) -> Self {
        self.divisor_override = Some(d);
        self
    }
    pub(super) fn strides(&self) -> [usize; 2] {
        self.stride.unwrap_or(self.kernel)
    }

    /// PyTorch's checks and output sizes for input of shape `shape` (3-d or 4-d).
    pub(super) fn plan(&self, shape: &[usize], dilated: bool) -> Result<[usize; 2]> {
        let s = self.strides();
        let d = if dilated { self.dilation } else { [1, 1] };
        if shape.len() != 3 && shape.len() != 4 || shape[shape.len() - 2..].contains(&0) {
            return Err(runtime(
                "non-empty 3D or 4D (batch mode) tensor expected for input",
            ));
        }
        if s.contains(&0) {
            return Err(runtime("stride should not be zero"));
        }
        if self.kernel.contains(&0) {
            return Err(runtime(format!(
                "kernel size should be greater than zero, but got kH: {} kW: {}",
                self.kernel[0], self.kernel[1]
            )));
        }
        let mut out = [0usize; 2];
        const LIMIT: usize = 1 << 31;
        for i in 0..2 {
            if s[i] == 0 {
                return Err(runtime("stride should not be zero"));
            }
            if [s[i], self.kernel[i], self.padding[i], d[i]]
                .iter()
                .any(|&v| v >= LIMIT)
            {
                return Err(runtime(format!(
                    "pooling: kernel_size, stride, padding and dilation must be below 2^31, but got kernel_size={}, stride={}, padding={} and dilation={}",
                    self.kernel[i], s[i], self.padding[i], d[i]
                )));
            }
            let (k, p) = (self.kernel[i] as i64, self.padding[i] as i64);
            if d[i] == 0 {
                return Err(runtime(format!(
                    "dilation should be greater than zero, but got dilationH: {} dilationW: {}",
                    d[0], d[1]
                )));
            }
            let dl = d[i] as i64;
            if p > ((k - 1) * dl + 1) / 2 {
                return Err(runtime(format!(
                    "pad should be at most half of effective kernel size, but got pad={p}, kernel_size={k} and dilation={dl}"
                )));
            }
            out[i] = output_size(
                shape[shape.len() - 2 + i] as i64,
                k,
                p,
                s[i] as i64,
                dl,
                self.ceil_mode,
            )
            .max(0) as usize;
        }
        let c = shape[shape.len() - 3];
        if out.contains(&0) {
            let (h, w) = (shape[shape.len() - 2], shape[shape.len() - 1]);
            return Err(runtime(format!(
                "Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{}x{}). Output size is too small",
                out[0], out[1]
            )));
        }
        Ok(out)
    }
}

/// PyTorch's `pooling_output_shape`.
pub(super) fn output_size(input: i64, k: i64, pad: i64, stride: i64, dil: i64, ceil: bool) -> i64 {
    let num = input + 2 * pad - dil * (k - 1) - 1 + if ceil { stride - 1 } else { 0 };
    let mut out = num.div_euclid(stride) + 1;
    if ceil && (out - 1) * stride >= input + pad {
        out -= 1;
    }
    out
}

pub(crate) fn float_only(x: &Tensor, op: &str) -> Result<()> {
    if x.dtype().is_floating_point() {
        Ok(())
    } else {
        Err(not_implemented(format!(
            "\"{op}\" not implemented for '{}'",
            x.dtype().scalar_name()
        )))
    }
}

impl Tensor {
    /// 2-d average pooling over the last two dimensions of a 3-d or 4-d tensor
    /// (`torch.nn.functional.avg_pool2d`), recorded as `AvgPool2DBackward0`. The divisor is
    /// `divisor_override`, or the window's size counting padding (`count_include_pad`) or not.
    /// Integer tensors average in their own dtype, the division truncating, as in PyTorch.
    ///
    /// ```
    /// use ferrograd::{Pool2d, Tensor};
    /// let x = Tensor::ones(&[1, 2, 2]).requires_grad_(true);
    /// let p = Pool2d::new([2, 2]).stride([1, 1]).padding([1, 1]);
    /// let y = x.try_avg_pool2d(&p).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.25, 0.5, 0.25, 0.5, 1.0, 0.5, 0.25, 0.5, 0.25]);
    /// let y = x.try_avg_pool2d(&p.count_include_pad(false)).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0; 9]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "AvgPool2DBackward0");
    /// let n = Tensor::new([[[-10, 3], [2, 5]]]).avg_pool2d(&Pool2d::new([1, 2]));
    /// assert_eq!(n.to_vec::<i64>(), vec![-3, 3]);
    /// ```
    #[track_caller]
    pub fn try_avg_pool2d(&self, opts: &Pool2d) -> Result<Tensor> {
        if opts.divisor_override == Some(0) {
            return Err(runtime("divisor must be not zero"));
        }
        let shape = self.shape().to_vec();
        let [oh, ow] = opts.plan(&shape, false)?;
        if self.dtype() == DType::Bool {
            return Err(not_implemented("\"avg_pool2d\" not implemented for 'Bool'"));
        }
        let nd = shape.len();
        let windows = AvgWindows::Fixed {
            kernel: opts.kernel,
            stride: opts.strides(),
            padding: opts.padding,
            count_include_pad: opts.count_include_pad,
            divisor_override: opts.divisor_override,
        };
        let plan = AvgPlan {
            in_hw: [shape[nd - 2], shape[nd - 1]],
            out_hw: [oh, ow],
            windows,
            names: ("AvgPool2DBackward0", "AvgPool2DBackwardBackward0"),
        };
        avg_apply(self, &plan, false)
    }

    /// Panicking [`Tensor::try_avg_pool2d`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[1, 4, 4]);
    /// assert_eq!(x.avg_pool2d(&ferrograd::Pool2d::new([2, 2])).shape(), &[1, 2, 2]);
    /// ```
    #[track_caller]
    pub fn avg_pool2d(&self, opts: &Pool2d) -> Tensor {
        unwrap(self.try_avg_pool2d(opts))
    }

    /// Average pooling to an output of `size` over the last two dimensions of a 3-d or 4-d
    /// tensor (`torch.nn.functional.adaptive_avg_pool2d`): output `i` averages inputs
    /// `floor(i·H/h)` to `ceil((i+1)·H/h)`. Recorded as `AdaptiveAvgPool2DBackward0`, or, for a
    /// `1×1` output, as the mean PyTorch takes (`MeanBackward1`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(6.0).reshape(&[1, 2, 3]);
    /// let y = x.try_adaptive_avg_pool2d([1, 2]).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn try_adaptive_avg_pool2d(&self, size: [usize; 2]) -> Result<Tensor> {
        let shape = self.shape().to_vec();
        let nd = shape.len();
        if (nd != 3 && nd != 4) || shape[nd - 2..].contains(&0) {
            return Err(runtime(format!(
                "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {}",
                crate::tensor::fmt_list(&shape)
            )));
        }
        float_only(self, "adaptive_avg_pool2d")?;
        if size == [1, 1] {
            return self.try_mean_dims(&[-1, -2], true);
        }
        let mut out_shape = shape[..nd - 2].to_vec();
        out_shape.extend(size);
        // PyTorch checks the element count, then the byte size, then allocates
        crate::tensor::size::checked_numel(&out_shape)?;
        let plan = AvgPlan {
            in_hw: [shape[nd - 2], shape[nd - 1]],
            out_hw: size,
            windows: AvgWindows::Adaptive,
            names: (
                "AdaptiveAvgPool2DBackward0",
                "AdaptiveAvgPool2DBackwardBackward0",
            ),
        };
        avg_apply(self, &plan, false)
    }
}

/// An average pooling of the last two dimensions (every dimension before them is a plane):
/// its windows, and the names of its node and of its gradient's node.
#[derive(Clone, Copy, Debug)]
struct AvgPlan {
    in_hw: [usize; 2],
    out_hw: [usize; 2],
    windows: AvgWindows,
    names: (&'static str, &'static str),
}

/// Applies the pooling `plan` to `x` (or, `transposed`, its gradient: `x` is then a gradient
/// of the output's shape, scattered back into windows), recording the node whose rule is the
/// other direction, so every order of derivative is an average pooling or its transpose.
/// Everything before the last two dimensions is planes, so the batch of a batched backward is
/// more planes.
#[track_caller]
fn avg_apply(x: &Tensor, plan: &AvgPlan, transposed: bool) -> Result<Tensor> {
    let (from, to) = if transposed {
        (plan.out_hw, plan.in_hw)
    } else {
        (plan.in_hw, plan.out_hw)
    };
    let nd = x.dim();
    debug_assert_eq!(&x.shape()[nd - 2..], &from[..]);
    let mut shape = x.shape()[..nd - 2].to_vec();
    shape.extend(to);
    let g = AvgGeom {
        planes: x.shape()[..nd - 2].iter().product(),
        h: plan.in_hw[0],
        w: plan.in_hw[1],
        oh: plan.out_hw[0],
        ow: plan.out_hw[1],
        windows: plan.windows,
    };
    let out = match x.dtype() {
        DType::Float64 => avg_run::<f64>(&g, x, &shape, transposed)?,
        // integers average in their own dtype, truncating (they take no gradient)
        DType::Int64 => return avg_run::<i64>(&g, x, &shape, transposed),
        _ => avg_run::<f32>(&g, &x.float_input_f32(), &shape, transposed)?,
    };
    let plan = *plan;
    let name = if transposed {
        plan.names.1
    } else {
        plan.names.0
    };
    record(name, out, &[x], &[], false, move |c| {
        Ok(vec![c.grad_if(0, || avg_apply(c.grad, &plan, !transposed))?])
    })
}

/// The kernel on `x` in `T`, into a new tensor of `shape` (allocated fallibly: a hostile size
/// is the allocator's error).
fn avg_run<T: AvgFloat>(
    g: &AvgGeom,
    x: &Tensor,
    shape: &[usize],
    transposed: bool,
) -> Result<Tensor> {
    let n = crate::tensor::size::checked_storage_numel(shape, T::DTYPE)?;
    let mut out = crate::tensor::storage::try_take_vec::<T>(n)?;
    out.resize(n, T::from_f64(0.0));
    x.with_slice::<T, _>(|s| {
        if transposed {
            cpu::avg_pool2d_backward(g, s, &mut out)
        } else {
            cpu::avg_pool2d(g, s, &mut out)
        }
    });
    Ok(Tensor::from_vec(out, shape))
}
