//! `torch.nn.init`: fills a tensor in place, without recording, from the global generator.
//!
//! The fan and gain computations are PyTorch's; the draws come from the crate's generator.

use crate::error::{runtime, value_err, Result};
use crate::{no_grad, Tensor};

/// Fills `t` with `src` (same shape) in place, outside autograd.
fn fill_from<'a>(t: &'a Tensor, src: &Tensor) -> Result<&'a Tensor> {
    let _ng = no_grad();
    t.try_copy_(&src.try_to_dtype(t.dtype())?)
}

/// Fills `t` with draws from `U(a, b)`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[100]);
/// ferrograd::nn::init::uniform_(&w, -1.0, 1.0).unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| (-1.0..=1.0).contains(v)));
/// ```
pub fn uniform_(t: &Tensor, a: f64, b: f64) -> Result<&Tensor> {
    let r = Tensor::try_rand_dtype(t.shape(), crate::DType::Float64)?;
    fill_from(t, &r.try_mul_scalar(b - a)?.try_add_scalar(a)?)
}

/// Fills `t` with draws from `N(mean, std²)`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[3]);
/// ferrograd::nn::init::normal_(&w, 5.0, 0.0).unwrap();
/// assert_eq!(w.to_vec::<f32>(), vec![5.0; 3]);
/// ```
pub fn normal_(t: &Tensor, mean: f64, std: f64) -> Result<&Tensor> {
    let r = Tensor::try_randn_dtype(t.shape(), crate::DType::Float64)?;
    fill_from(t, &r.try_mul_scalar(std)?.try_add_scalar(mean)?)
}

/// Fills `t` with `val`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2]);
/// ferrograd::nn::init::constant_(&w, 0.5).unwrap();
/// assert_eq!(w.to_vec::<f32>(), vec![0.5, 0.5]);
/// ```
pub fn constant_(t: &Tensor, val: f64) -> Result<&Tensor> {
    let _ng = no_grad();
    t.try_fill_(val)
}

/// Fills `t` with zeros.
///
/// ```
/// let w = ferrograd::Tensor::ones(&[2]);
/// assert_eq!(ferrograd::nn::init::zeros_(&w).unwrap().to_vec::<f32>(), vec![0.0, 0.0]);
/// ```
pub fn zeros_(t: &Tensor) -> Result<&Tensor> {
    constant_(t, 0.0)
}

/// Fills `t` with ones.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2]);
/// assert_eq!(ferrograd::nn::init::ones_(&w).unwrap().to_vec::<f32>(), vec![1.0, 1.0]);
/// ```
pub fn ones_(t: &Tensor) -> Result<&Tensor> {
    constant_(t, 1.0)
}

/// Fills the matrix `t` with the identity.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2, 2]);
/// assert_eq!(ferrograd::nn::init::eye_(&w).unwrap().to_vec::<f32>(), vec![1.0, 0.0, 0.0, 1.0]);
/// ```
pub fn eye_(t: &Tensor) -> Result<&Tensor> {
    if t.dim() != 2 {
        return Err(value_err("Only tensors with 2 dimensions are supported"));
    }
    let (r, c) = (t.shape()[0], t.shape()[1]);
    let v: Vec<f64> = (0..r * c)
        .map(|k| if k / c == k % c { 1.0 } else { 0.0 })
        .collect();
    fill_from(t, &Tensor::from_vec(v, &[r, c]))
}

/// The recommended gain for a nonlinearity (PyTorch's table).
///
/// ```
/// let g = ferrograd::nn::init::calculate_gain("leaky_relu", Some(5f64.sqrt())).unwrap();
/// assert!((g - (2.0f64 / 6.0).sqrt()).abs() < 1e-12);
/// ```
pub fn calculate_gain(nonlinearity: &str, param: Option<f64>) -> Result<f64> {
    match nonlinearity {
        "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d"
        | "conv_transpose3d" | "sigmoid" => Ok(1.0),
        "tanh" => Ok(5.0 / 3.0),
        "relu" => Ok(2f64.sqrt()),
        "leaky_relu" => {
            let slope = param.unwrap_or(0.01);
            Ok((2.0 / (1.0 + slope * slope)).sqrt())
        }
        "selu" => Ok(3.0 / 4.0),
        other => Err(value_err(format!("Unsupported nonlinearity {other}"))),
    }
}

/// `(fan_in, fan_out)` of a weight: its second and first dimensions times the receptive field.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2, 3]);
/// assert_eq!(ferrograd::nn::init::calculate_fan_in_and_fan_out(&w).unwrap(), (3, 2));
/// ```
pub fn calculate_fan_in_and_fan_out(t: &Tensor) -> Result<(usize, usize)> {
    if t.dim() < 2 {
        return Err(value_err(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
        ));
    }
    let field: usize = t.shape()[2..].iter().product();
    Ok((t.shape()[1] * field, t.shape()[0] * field))
}

fn fan(t: &Tensor, mode: &str) -> Result<usize> {
    let (fi, fo) = calculate_fan_in_and_fan_out(t)?;
    match mode {
        "fan_in" => Ok(fi),
        "fan_out" => Ok(fo),
        other => Err(value_err(format!(
            "Mode {other} not supported, please use one of fan_in, fan_out"
        ))),
    }
}

/// Kaiming (He) uniform: `U(-b, b)` with `b = gain · sqrt(3 / fan)`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[4, 3]);
/// ferrograd::nn::init::kaiming_uniform_(&w, 5f64.sqrt(), "fan_in", "leaky_relu").unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| v.abs() <= (1.0f32 / 3.0).sqrt()));
/// ```
pub fn kaiming_uniform_<'a>(
    t: &'a Tensor,
    a: f64,
    mode: &str,
    nonlinearity: &str,
) -> Result<&'a Tensor> {
    let std = calculate_gain(nonlinearity, Some(a))? / (fan(t, mode)? as f64).sqrt();
    let bound = 3f64.sqrt() * std;
    uniform_(t, -bound, bound)
}

/// Kaiming (He) normal: `N(0, std²)` with `std = gain / sqrt(fan)`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[4, 3]);
/// ferrograd::nn::init::kaiming_normal_(&w, 0.0, "fan_in", "relu").unwrap();
/// ```
pub fn kaiming_normal_<'a>(
    t: &'a Tensor,
    a: f64,
    mode: &str,
    nonlinearity: &str,
) -> Result<&'a Tensor> {
    let std = calculate_gain(nonlinearity, Some(a))? / (fan(t, mode)? as f64).sqrt();
    normal_(t, 0.0, std)
}

/// Xavier (Glorot) uniform: `U(-b, b)` with `b = gain · sqrt(6 / (fan_in + fan_out))`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[3, 3]);
/// ferrograd::nn::init::xavier_uniform_(&w, 1.0).unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| v.abs() <= 1.0));
/// ```
pub fn xavier_uniform_(t: &Tensor, gain: f64) -> Result<&Tensor> {
    let (fi, fo) = calculate_fan_in_and_fan_out(t)?;
    let b = gain * (6.0 / (fi + fo) as f64).sqrt();
    uniform_(t, -b, b)
}

/// Xavier (Glorot) normal: `N(0, std²)` with `std = gain · sqrt(2 / (fan_in + fan_out))`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[3, 3]);
/// ferrograd::nn::init::xavier_normal_(&w, 1.0).unwrap();
/// ```
pub fn xavier_normal_(t: &Tensor, gain: f64) -> Result<&Tensor> {
    let (fi, fo) = calculate_fan_in_and_fan_out(t)?;
    normal_(t, 0.0, gain * (2.0 / (fi + fo) as f64).sqrt())
}

/// A normal `N(mean, std²)` truncated to `[a, b]` (redrawn until inside).
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[50]);
/// ferrograd::nn::init::trunc_normal_(&w, 0.0, 1.0, -0.5, 0.5).unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| v.abs() <= 0.5));
/// ```
pub fn trunc_normal_(t: &Tensor, mean: f64, std: f64, a: f64, b: f64) -> Result<&Tensor> {
    if a >= b {
        return Err(runtime("trunc_normal_: a must be smaller than b"));
    }
    let n = t.numel();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        for v in Tensor::try_randn_dtype(&[n], crate::DType::Float64)?.to_vec::<f64>() {
            let v = mean + std * v;
            if (a..=b).contains(&v) && out.len() < n {
                out.push(v);
            }
        }
    }
    fill_from(t, &Tensor::from_vec(out, t.shape()))
}
