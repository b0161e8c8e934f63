//! Padding (`torch.nn.functional.pad`: constant, reflect, replicate, circular), a
//! [`LinearMap`] over the trailing dimensions that reads at most one input per output, with
//! PyTorch's index rules (negative padding crops), checks, messages and grad_fn names.
//!
//! Floats go through the map (so it differentiates to every order) and keep the sign of a
//! `-0.0`; integers and booleans are gathered in their own type, so int64 values above 2^53
//! stay exact.

use std::sync::Arc;

use super::linear_map::{apply_filled, LinearMap, MapNames};
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::tensor::fmt_list;
use crate::{DType, Tensor};

/// How [`Tensor::try_pad`] fills the border.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PadMode {
    /// A constant value.
    Constant,
    /// The input mirrored at its edge, the edge itself not repeated.
    Reflect,
    /// The edge value repeated.
    Replicate,
    /// The input wrapped around.
    Circular,
}

impl PadMode {
    /// The mode named as PyTorch names it (`"constant"`, `"reflect"`, ...).
    ///
    /// ```
    /// use ferrograd::PadMode;
    /// assert_eq!(PadMode::parse("reflect").unwrap(), PadMode::Reflect);
    /// assert_eq!(PadMode::parse("foo").unwrap_err().to_string(), "Unrecognised padding mode foo");
    /// ```
    pub fn parse(s: &str) -> Result<PadMode> {
        Ok(match s {
            "constant" => PadMode::Constant,
            "reflect" => PadMode::Reflect,
            "replicate" => PadMode::Replicate,
            "circular" => PadMode::Circular,
            _ => return Err(not_implemented(format!("Unrecognised padding mode {s}"))),
        })
    }
}

/// The row-major index of `idx` in `dims`.
pub(crate) fn flat(idx: &[usize], dims: &[usize]) -> usize {
    idx.iter().zip(dims).fold(0, |a, (&i, &d)| a * d + i)
}

/// Every multi-index of `dims` in row-major order, with `f` called on each.
pub(crate) fn each_index(dims: &[usize], mut f: impl FnMut(&[usize])) {
    if dims.contains(&0) {
        return;
    }
    let mut idx = vec![0usize; dims.len()];
    loop {
        f(&idx);
        let mut d = dims.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < dims[d] {
                break;
            }
            idx[d] = 0;
        }
    }
}

/// One padded dimension: its input size and its `(before, after)` padding.
#[derive(Clone, Copy)]
struct Side {
    n: i64,
    l: i64,
    r: i64,
}

impl Side {
    fn out(self) -> i64 {
        self.n + self.l + self.r
    }
    /// What is left of the input after the negative paddings crop it.
    fn kept(self) -> i64 {
        self.n + self.l.min(0) + self.r.min(0)
    }
    /// The input index read by output `o` (`None`: the constant).
    fn source(self, mode: PadMode, o: i64) -> Option<i64> {
        let (n, i) = (self.n, o - self.l);
        Some(match mode {
            PadMode::Constant => return (0..n).contains(&i).then_some(i),
            // PyTorch's reflection index, negative padding included (the checks keep
            // `l, r < n`, so one reflection lands inside)
            PadMode::Reflect if i < 0 => -i,
            PadMode::Reflect if i >= n => 2 * (n - 1) - i,
            PadMode::Reflect => i,
            PadMode::Replicate => i.clamp(0, n - 1),
            // the wrap goes around what is left after cropping, as PyTorch's `_pad_circular`
            // copies from the cropped centre of its output
            // (nothing left: only in an empty output, which reads nothing)
            PadMode::Circular if self.kept() <= 0 => return None,
            PadMode::Circular => {
                let start = (-self.l).max(0);
                start + (o - self.l.max(0)).rem_euclid(self.kept())
            }
        })
    }
}

/// PyTorch's `check_valid_input` of reflection and replication padding over `k` dimensions.
fn check_batch_mode(shape: &[usize], k: usize) -> Result<()> {
    let batch = shape.len() == k + 2;
    let valid = shape[usize::from(batch)..].iter().all(|&d| d != 0);
    if !valid {
        return Err(runtime(format!(
            "Expected {}D or {}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: {}",
            k + 1,
            k + 2,
            fmt_list(shape)
        )));
    }
    Ok(())
}

/// Reflection and replication: every output size at least 1 (PyTorch's messages).
fn check_out_sizes(sides: &[Side]) -> Result<()> {
    if sides.iter().all(|s| s.out() >= 1) {
        return Ok(());
    }
    if let [s] = sides {
        return Err(runtime(format!(
            "input (W: {}) is too small. Calculated output W: {}",
            s.n,
            s.out()
        )));
    }
    let names = &["D", "H", "W"][3 - sides.len()..];
    let outs: Vec<String> = names
        .iter()
        .zip(sides)
        .map(|(d, s)| format!("{d}: {}", s.out()))
        .collect();
    let ins: Vec<String> = names
        .iter()
        .zip(sides)
        .map(|(d, s)| format!("{d}: {}", s.n))
        .collect();
    Err(runtime(format!(
        "Calculated output {} must be >= 1 in every dimension (input {})",
        outs.join(" "),
        ins.join(", ")
    )))
}

/// Circular padding wider than what is left after cropping: PyTorch's copies then overlap
/// (its error) or, with nothing left, read memory it never wrote; both are errors here.
fn check_circular_wrap(sides: &[Side]) -> Result<()> {
    let wraps = |s: &Side| (s.l > 0 && s.l > s.kept()) || (s.r > 0 && s.r > s.kept());
    if sides.iter().any(|s| wraps(s) && s.kept() > 0) {
        return Err(runtime(
            "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.",
        ));
    }
    if sides.iter().any(wraps) {
        return Err(runtime(
            "Padding value causes wrapping around more than once.",
        ));
    }
    Ok(())
}

/// The constant `value` in `dtype`, with PyTorch's overflow check (the value arrives as a
/// float: integers truncate it, booleans test it against zero).
fn check_fill(value: f64, dtype: DType) -> Result<()> {
    let fits = match dtype {
        DType::Bool | DType::Float64 => true,
        DType::Float32 => !value.is_finite() || value.abs() <= f32::MAX as f64,
        // [-2^63, 2^63): what truncates into an int64
        DType::Int64 => (i64::MIN as f64..-(i64::MIN as f64)).contains(&value),
    };
    if fits {
        return Ok(());
    }
    let name = match dtype {
        DType::Float32 => "float",
        _ => "int64_t",
    };
    Err(runtime(format!(
        "value cannot be converted to type {name} without overflow"
    )))
}

impl Tensor {
    /// Pads the trailing dimensions (`torch.nn.functional.pad`): `pad` holds `(before, after)`
    /// pairs from the last dimension backwards; negative values crop (circular padding then
    /// wraps around what is left). Recorded as `ConstantPadNdBackward0`,
    /// `ReflectionPad{1,2,3}DBackward0` or `ReplicationPad{1,2,3}DBackward0` as PyTorch records
    /// them. Integer and boolean tensors are padded exactly in their own type; the constant
    /// `value` is a float, as PyTorch's (so an int64 constant above 2^53 rounds, as there).
    /// Where PyTorch's circular padding wraps more than once around a cropped input and returns
    /// memory it never wrote, this is an error.
    ///
    /// ```
    /// use ferrograd::{PadMode, Tensor};
    /// let x = Tensor::new([[1.0, 2.0, 3.0]]).requires_grad_(true);
    /// let y = x.try_pad(&[2, 1], PadMode::Reflect, 0.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, 2.0, 1.0, 2.0, 3.0, 2.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "ReflectionPad1DBackward0");
    /// let y = x.try_pad(&[1, -1], PadMode::Constant, 9.0).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![9.0, 1.0, 2.0]);
    /// let big = Tensor::new([[5, (1i64 << 62) + 1, 7]]);
    /// let y = big.try_pad(&[-1, 1], PadMode::Circular, 0.0).unwrap();
    /// assert_eq!(y.to_vec::<i64>(), vec![(1 << 62) + 1, 7, (1 << 62) + 1]);
    /// ```
    #[track_caller]
    pub fn try_pad(&self, pad: &[i64], mode: PadMode, value: f64) -> Result<Tensor> {
        if !pad.len().is_multiple_of(2) {
            return Err(runtime("Padding length must be divisible by 2"));
        }
        let k = pad.len() / 2;
        let nd = self.dim();
        if k > nd {
            return Err(runtime(
                "Padding length should be less than or equal to two times the input dimension but got padding length "
                    .to_string()
                    + &pad.len().to_string()
                    + " and input of dimension "
                    + &nd.to_string(),
            ));
        }
        let shape = self.shape().to_vec();
        if mode != PadMode::Constant && (k == 0 || k > 3 || nd < k + 1 || nd > k + 2) {
            return Err(not_implemented(format!(
                "Padding size {} is not supported for {nd}D input tensor.",
                pad.len()
            )));
        }
        let in_dims = shape[nd - k..].to_vec();
        // each padded dimension, outermost first
        let sides: Vec<Side> = (0..k)
            .map(|i| Side {
                n: in_dims[i] as i64,
                l: pad[2 * (k - 1 - i)],
                r: pad[2 * (k - 1 - i) + 1],
            })
            .collect();
        if sides.iter().any(|s| {
            s.l.checked_add(s.r)
                .and_then(|p| p.checked_add(s.n))
                .is_none()
        }) {
            return Err(runtime("pad: padding size overflows int64"));
        }
        match mode {
            // PyTorch crops with `narrow` first
            PadMode::Constant if sides.iter().any(|s| s.kept() < 0) => {
                return Err(runtime("narrow(): length must be non-negative."))
            }
            PadMode::Constant => {}
            PadMode::Reflect | PadMode::Replicate => {
                check_batch_mode(&shape, k)?;
                if mode == PadMode::Reflect {
                    // the last dimension first, naming its argument (#4, then #6, #8)
                    for (j, s) in sides.iter().rev().enumerate() {
                        if s.l >= s.n || s.r >= s.n {
                            return Err(runtime(format!(
                                "Argument #{}: Padding size should be less than the corresponding input dimension, but got: padding ({}, {}) at dimension {} of input {}",
                                4 + 2 * j,
                                s.l,
                                s.r,
                                nd - 1 - j,
                                fmt_list(&shape)
                            )));
                        }
                    }
                }
                check_out_sizes(&sides)?;
            }
            PadMode::Circular => {
                for s in &sides {
                    if s.l > s.n || s.r > s.n {
                        return Err(runtime(
                            "Padding value causes wrapping around more than once.",
                        ));
                    }
                    if s.out() < 0 {
                        return Err(runtime(
                            "Negative padding value is resulting in an empty dimension",
                        ));
                    }
                }
            }
        }
        let out_dims: Vec<usize> = sides.iter().map(|s| s.out() as usize).collect();
        // a hostile size fails here, with the allocator's error, before any index is built
        let mut full = shape[..nd - k].to_vec();
        full.extend(&out_dims);
        let numel = crate::tensor::size::checked_storage_numel(&full, self.dtype())?;
        let item = self.dtype().size_in_bytes();
        drop(crate::tensor::storage::try_vec::<u8>(numel * item)?);
        if mode == PadMode::Circular && numel > 0 {
            check_circular_wrap(&sides)?;
        }
        // PyTorch fills (and so converts the value) only when something is padded
        if mode == PadMode::Constant && sides.iter().any(|s| s.l > 0 || s.r > 0) {
            check_fill(value, self.dtype())?;
        }
        let plane: usize = out_dims.iter().product();
        let mut map =
            LinearMap::try_with_capacity(in_dims.clone(), out_dims.clone(), plane, plane)?;
        let mut src = vec![0usize; k];
        each_index(&out_dims, |o| {
            let mut inside = true;
            for d in 0..k {
                match sides[d].source(mode, o[d] as i64) {
                    Some(i) => src[d] = i as usize,
                    None => inside = false,
                }
            }
            if inside {
                map.push(flat(&src, &in_dims), 1.0);
            }
            map.end_row();
        });
        let planes: usize = shape[..nd - k].iter().product();
        let gather = |map: &LinearMap| -> Tensor {
            match self.dtype() {
                DType::Bool => Tensor::from_vec(
                    self.with_slice::<bool, _>(|s| map.gather(s, planes, value != 0.0)),
                    &full,
                ),
                // in range: checked above (or nothing is filled)
                _ => Tensor::from_vec(
                    self.with_slice::<i64, _>(|s| map.gather(s, planes, value as i64)),
                    &full,
                ),
            }
        };
        if !self.dtype().is_floating_point() {
            if self.dtype() == DType::Bool && matches!(mode, PadMode::Reflect | PadMode::Replicate)
            {
                return Err(not_implemented(format!(
                    "\"{}_pad{k}d\" not implemented for 'Bool'",
                    if mode == PadMode::Reflect {
                        "reflection"
                    } else {
                        "replication"
                    }
                )));
            }
            return Ok(gather(&map));
        }
        let names = match (mode, k) {
            // the backward is a slice of the gradient: a copy, as the forward
            (PadMode::Constant, _) => MapNames {
                forward: "ConstantPadNdBackward0",
                transpose: "ConstantPadNdBackward0",
                copies: [true, true],
            },
            // PyTorch's circular padding is copies into slices, and its derivatives sums
            // into zeros: only the first forward copies
            (PadMode::Circular, _) => {
                MapNames::summing("torch::autograd::CopySlices", "SliceBackwardBackward0")
            }
            (PadMode::Reflect, 1) => pad_names("ReflectionPad1D"),
            (PadMode::Reflect, 2) => pad_names("ReflectionPad2D"),
            (PadMode::Reflect, _) => pad_names("ReflectionPad3D"),
            (PadMode::Replicate, 1) => pad_names("ReplicationPad1D"),
            (PadMode::Replicate, 2) => pad_names("ReplicationPad2D"),
            (PadMode::Replicate, _) => pad_names("ReplicationPad3D"),
        };
        apply_filled(self, &Arc::new(map), names, false, value, true)
    }

    /// Panicking [`Tensor::try_pad`].
    ///
    /// ```
    /// let y = ferrograd::Tensor::new([[1.0]]).pad(&[1, 1], ferrograd::PadMode::Replicate, 0.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 1.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn pad(&self, pad: &[i64], mode: PadMode, value: f64) -> Tensor {
        unwrap(self.try_pad(pad, mode, value))
    }
}

fn pad_names(stem: &str) -> MapNames {
    // the names are static: one per padding kind and dimension
    let (f, t): (&'static str, &'static str) = match stem {
        "ReflectionPad1D" => (
            "ReflectionPad1DBackward0",
            "ReflectionPad1DBackwardBackward0",
        ),
        "ReflectionPad2D" => (
            "ReflectionPad2DBackward0",
            "ReflectionPad2DBackwardBackward0",
        ),
        "ReflectionPad3D" => (
            "ReflectionPad3DBackward0",
            "ReflectionPad3DBackwardBackward0",
        ),
        "ReplicationPad1D" => (
            "ReplicationPad1DBackward0",
            "ReplicationPad1DBackwardBackward0",
        ),
        "ReplicationPad2D" => (
            "ReplicationPad2DBackward0",
            "ReplicationPad2DBackwardBackward0",
        ),
        _ => (
            "ReplicationPad3DBackward0",
            "ReplicationPad3DBackwardBackward0",
        ),
    };
    MapNames::gathering(f, t)
}
