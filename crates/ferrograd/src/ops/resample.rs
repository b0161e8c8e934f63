//! Interpolation (`torch.nn.functional.interpolate`: nearest, bilinear), a [`LinearMap`] over
//! the trailing dimensions, with PyTorch's index rules and grad_fn names.

use std::sync::Arc;

use super::linear_map::{apply, LinearMap, MapNames};
use super::pad::{each_index, flat};
use crate::error::{not_implemented, runtime, value_err, Result};
use crate::{DType, Tensor};

impl Tensor {
    /// Resizes the spatial dimensions (all after the first two) by `torch.nn.functional.interpolate`
    /// in `"nearest"` mode (1 to 3 spatial dimensions) or `"bilinear"` mode (4-d input, with
    /// `align_corners`), to `size` or by `scale_factor` (one value for every dimension, or one each).
    /// Recorded as `UpsampleNearest{1,2,3}DBackward0` or `UpsampleBilinear2DBackward0`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[[[1.0, 2.0]]]]);
    /// let y = x.try_interpolate(None, Some(&[2.0]), "nearest", None).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 1.0, 2.0, 2.0, 1.0, 1.0, 2.0, 2.0]);
    /// let y = x.try_interpolate(Some(&[1, 3]), None, "bilinear", Some(true)).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 1.5, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_interpolate(
        &self,
        size: Option<&[usize]>,
        scale_factor: Option<&[f64]>,
        mode: &str,
        align_corners: Option<bool>,
    ) -> Result<Tensor> {
        let nd = self.dim();
        if nd < 3 {
            return Err(value_err(format!(
                "Input Error: Only 3D, 4D and 5D input Tensors supported (got {nd}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got {mode})"
            )));
        }
        let k = nd - 2;
        let linear = match mode {
            "nearest" => false,
            "bilinear" => true,
            _ => {
                return Err(not_implemented(format!(
                    "interpolate: mode {mode} is not supported here (nearest and bilinear are)"
                )))
            }
        };
        if align_corners.is_some() && !linear {
            return Err(value_err(
                "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
            ));
        }
        if linear && k != 2 {
            return Err(not_implemented(format!(
                "Got {nd}D input, but bilinear mode needs 4D input"
            )));
        }
        let in_dims = self.shape()[2..].to_vec();
        let (out_dims, scales): (Vec<i64>, Vec<Option<f64>>) = match (size, scale_factor) {
            (Some(_), Some(_)) => {
                return Err(value_err(
                    "only one of size or scale_factor should be defined",
                ))
            }
            (None, None) => return Err(value_err("either size or scale_factor should be defined")),
            (Some(s), None) => {
                let s = expand_arg(s, k, "size")?;
                let s = s
                    .iter()
                    .map(|&v| i64::try_from(v).map_err(|_| int64_overflow()))
                    .collect::<Result<_>>()?;
                (s, vec![None; k])
            }
            (None, Some(f)) => {
                let f = expand_arg(f, k, "scale_factor")?;
                let dims = in_dims
                    .iter()
                    .zip(&f)
                    .map(|(&n, &s)| scaled_size(n, s))
                    .collect::<Result<_>>()?;
                (dims, f.into_iter().map(Some).collect())
            }
        };
        if out_dims.iter().any(|&d| d <= 0) || in_dims.contains(&0) {
            return Err(runtime(format!(
                "Input and output sizes should be greater than 0, but got input ({}) {}output ({})",
                dims_text(&in_dims.iter().map(|&d| d as i64).collect::<Vec<_>>()),
                if k == 1 { "and " } else { "" },
                dims_text(&out_dims)
            )));
        }
        let out_dims: Vec<usize> = out_dims.iter().map(|&d| d as usize).collect();
        // a hostile size fails here, as PyTorch's allocation of the output does, before the
        // map (whose entries are a few per output element) is built
        let mut full = self.shape()[..2].to_vec();
        full.extend(&out_dims);
        let numel = crate::tensor::size::checked_storage_numel(&full, self.dtype())?;
        let item = self.dtype().size_in_bytes();
        drop(crate::tensor::storage::try_vec::<u8>(numel * item)?);
        let f32_math = self.dtype() != DType::Float64;
        let plane: usize = out_dims.iter().product();
        let per_output = if linear { 4 } else { 1 };
        let mut map = LinearMap::try_with_capacity(
            in_dims.clone(),
            out_dims.clone(),
            plane,
            plane * per_output,
        )?;
        if linear && in_dims == out_dims {
            // PyTorch copies an input of the output's size (so a -0.0 stays -0.0)
            for i in 0..in_dims.iter().product() {
                map.push(i, 1.0);
                map.end_row();
            }
        } else if linear {
            let ac = align_corners.unwrap_or(false);
            let hw: Vec<Vec<(usize, usize, f64, f64)>> = (0..2)
                .map(|d| linear_weights(in_dims[d], out_dims[d], scales[d], ac, f32_math))
                .collect();
            let w = in_dims[1];
            for &(h0, h1, hl0, hl1) in &hw[0] {
                for &(w0, w1, wl0, wl1) in &hw[1] {
                    map.push(h0 * w + w0, hl0 * wl0);
                    map.push(h0 * w + w1, hl0 * wl1);
                    map.push(h1 * w + w0, hl1 * wl0);
                    map.push(h1 * w + w1, hl1 * wl1);
                    map.end_row();
                }
            }
        } else {
            let idx: Vec<Vec<usize>> = (0..k)
                .map(|d| {
                    (0..out_dims[d])
                        .map(|o| nearest_idx(o, in_dims[d], out_dims[d], scales[d]))
                        .collect()
                })
                .collect();
            let mut src = vec![0usize; k];
            each_index(&out_dims, |o| {
                for d in 0..k {
                    src[d] = idx[d][o[d]];
                }
                map.push(flat(&src, &in_dims), 1.0);
                map.end_row();
            });
        }
        let names = match (linear, k) {
            (true, _) => interp_names("UpsampleBilinear2D"),
            (false, 1) => interp_names("UpsampleNearest1D"),
            (false, 2) => interp_names("UpsampleNearest2D"),
            _ => interp_names("UpsampleNearest3D"),
        };
        if !self.dtype().is_floating_point() {
            return Err(not_implemented(format!(
                "\"upsample_{}\" not implemented for '{}'",
                if linear {
                    "bilinear2d_channels_last"
                } else {
                    "nearest"
                },
                self.dtype().scalar_name()
            )));
        }
        apply(self, &Arc::new(map), names, false)
    }
}

/// PyTorch's output size for `n` scaled by `s`: `n·s` truncated, which must fit in `int64`.
fn scaled_size(n: usize, s: f64) -> Result<i64> {
    let v = n as f64 * s;
    // [-2^63, 2^63): 2^63 itself does not fit; NaN is in no range
    const LIMIT: f64 = (1u64 << 63) as f64;
    if !(-LIMIT..LIMIT).contains(&v) {
        return Err(int64_overflow());
    }
    Ok(v as i64)
}

fn int64_overflow() -> crate::Error {
    runtime("value cannot be converted to type int64_t without overflow")
}

fn dims_text(d: &[i64]) -> String {
    let names: &[&str] = match d.len() {
        1 => &["W"],
        2 => &["H", "W"],
        _ => &["D", "H", "W"],
    };
    names
        .iter()
        .zip(d)
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn expand_arg<T: Copy>(v: &[T], k: usize, name: &str) -> Result<Vec<T>> {
    match v.len() {
        1 => Ok(vec![v[0]; k]),
        n if n == k => Ok(v.to_vec()),
        n => Err(value_err(format!(
            "Input and {name} must have the same number of spatial dimensions, but got input with spatial dimensions of [{}] and output size of {n}.",
            k
        ))),
    }
}

fn interp_names(stem: &str) -> MapNames {
    let (f, t): (&'static str, &'static str) = match stem {
        "UpsampleBilinear2D" => (
            "UpsampleBilinear2DBackward0",
            "UpsampleBilinear2DBackwardBackward0",
        ),
        "UpsampleNearest1D" => (
            "UpsampleNearest1DBackward0",
            "UpsampleNearest1DBackwardBackward0",
        ),
        "UpsampleNearest2D" => (
            "UpsampleNearest2DBackward0",
            "UpsampleNearest2DBackwardBackward0",
        ),
        _ => (
            "UpsampleNearest3DBackward0",
            "UpsampleNearest3DBackwardBackward0",
        ),
    };
    MapNames::gathering(f, t)
}

/// PyTorch's `compute_scales_value` in float: `1 / scale_factor` when given, else `in / out`.
fn scale_f32(input: usize, output: usize, scale: Option<f64>) -> f32 {
    match scale {
        Some(s) if s > 0.0 => (1.0 / s) as f32,
        _ => input as f32 / output as f32,
    }
}

/// PyTorch's `nearest_idx`.
fn nearest_idx(o: usize, input: usize, output: usize, scale: Option<f64>) -> usize {
    if output == input {
        o
    } else if output == 2 * input {
        o >> 1
    } else {
        let s = scale_f32(input, output, scale);
        ((o as f32 * s).floor() as usize).min(input - 1)
    }
}

/// For each output position of a linear resampling: the two source indices and their weights
/// (PyTorch's `area_pixel_compute_source_index` and `compute_indices_weights_linear`, in the
/// input's precision).
fn linear_weights(
    input: usize,
    output: usize,
    scale: Option<f64>,
    align_corners: bool,
    f32_math: bool,
) -> Vec<(usize, usize, f64, f64)> {
    (0..output)
        .map(|o| {
            let real = if f32_math {
                let s = if align_corners {
                    if output > 1 {
                        (input as f32 - 1.0) / (output as f32 - 1.0)
                    } else {
                        0.0
                    }
                } else {
                    scale_f32(input, output, scale)
                };
                let r = if align_corners {
                    s * o as f32
                } else {
                    (s * (o as f32 + 0.5) - 0.5).max(0.0)
                };
                r as f64
            } else {
                let s = if align_corners {
                    if output > 1 {
                        (input as f64 - 1.0) / (output as f64 - 1.0)
                    } else {
                        0.0
                    }
                } else {
                    match scale {
                        Some(s) if s > 0.0 => 1.0 / s,
                        _ => input as f64 / output as f64,
                    }
                };
                if align_corners {
                    s * o as f64
                } else {
                    (s * (o as f64 + 0.5) - 0.5).max(0.0)
                }
            };
            let i0 = real as usize;
            let i1 = i0 + usize::from(i0 < input - 1);
            let l1 = real - i0 as f64;
            let l1 = if f32_math { l1 as f32 as f64 } else { l1 };
            let l0 = if f32_math {
                (1.0f32 - l1 as f32) as f64
            } else {
                1.0 - l1
            };
            (i0, i1, l0, l1)
        })
        .collect()
}
