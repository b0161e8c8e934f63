//! Parameter initialisation, as `torch.nn.init`: the same formulas, the same draws from the
//! default generator in the same order, the same messages. Every function writes into its
//! tensor in place with gradient recording off, and returns it.
//!
//! ```
//! use ferrograd::{nn::init, Tensor};
//! ferrograd::manual_seed(0);
//! let w = Tensor::zeros(&[2, 3]);
//! init::kaiming_uniform_(&w, 5f64.sqrt(), "fan_in", "leaky_relu").unwrap();
//! // torch.manual_seed(0); nn.Linear(3, 2).weight
//! assert_eq!(w.to_vec::<f32>()[0], -0.0043225177);
//! ```

use crate::error::{value_err, Result};
use crate::{DType, Generator, Tensor};

/// The recommended gain for a nonlinearity (`torch.nn.init.calculate_gain`): 1 for linear
/// and convolution functions and sigmoid, 5/3 for tanh, √2 for relu,
/// `√(2 / (1 + slope²))` for leaky_relu (slope `param`, default 0.01), 3/4 for selu.
///
/// ```
/// use ferrograd::nn::init::calculate_gain;
/// assert_eq!(calculate_gain("relu", None).unwrap(), 2f64.sqrt());
/// assert_eq!(calculate_gain("leaky_relu", Some(5f64.sqrt())).unwrap(), (2.0 / 6.000000000000001f64).sqrt());
/// assert_eq!(calculate_gain("swish", None).unwrap_err().to_string(), "Unsupported nonlinearity swish");
/// ```
pub fn calculate_gain(nonlinearity: &str, param: Option<f64>) -> Result<f64> {
    const LINEAR: [&str; 7] = [
        "linear",
        "conv1d",
        "conv2d",
        "conv3d",
        "conv_transpose1d",
        "conv_transpose2d",
        "conv_transpose3d",
    ];
    Ok(match nonlinearity {
        n if LINEAR.contains(&n) || n == "sigmoid" => 1.0,
        "tanh" => 5.0 / 3.0,
        "relu" => 2f64.sqrt(),
        "leaky_relu" => {
            let slope = param.unwrap_or(0.01);
            (2.0 / (1.0 + slope.powi(2))).sqrt()
        }
        "selu" => 3.0 / 4.0,
        other => return Err(value_err(format!("Unsupported nonlinearity {other}"))),
    })
}

/// `(fan_in, fan_out)` of a weight: `size(1)` and `size(0)`, each times the product of the
/// remaining dimensions (`torch.nn.init._calculate_fan_in_and_fan_out`).
///
/// ```
/// use ferrograd::{nn::init::calculate_fan_in_and_fan_out, Tensor};
/// assert_eq!(calculate_fan_in_and_fan_out(&Tensor::zeros(&[8, 3, 5, 5])).unwrap(), (75, 200));
/// assert_eq!(
///     calculate_fan_in_and_fan_out(&Tensor::zeros(&[4])).unwrap_err().to_string(),
///     "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
/// );
/// ```
pub fn calculate_fan_in_and_fan_out(t: &Tensor) -> Result<(usize, usize)> {
    if t.dim() < 2 {
        return Err(value_err(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
        ));
    }
    let receptive: usize = t.shape()[2..].iter().product();
    Ok((t.shape()[1] * receptive, t.shape()[0] * receptive))
}

fn correct_fan(t: &Tensor, mode: &str) -> Result<usize> {
    let mode = mode.to_lowercase();
    if mode != "fan_in" && mode != "fan_out" {
        return Err(value_err(format!(
            "Mode {mode} not supported, please use one of ['fan_in', 'fan_out']"
        )));
    }
    let (fan_in, fan_out) = calculate_fan_in_and_fan_out(t)?;
    Ok(if mode == "fan_in" { fan_in } else { fan_out })
}

/// Uniform values in `[a, b)` (`torch.nn.init.uniform_`).
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[3]);
/// ferrograd::nn::init::uniform_(&w, -1.0, 1.0).unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| (-1.0..1.0).contains(v)));
/// ```
pub fn uniform_(t: &Tensor, a: f64, b: f64) -> Result<&Tensor> {
    uniform_with(t, a, b, None)
}

/// [`uniform_`] drawing from `generator` (`generator=` in PyTorch).
///
/// ```
/// let g = ferrograd::Generator::new();
/// let w = ferrograd::Tensor::zeros(&[2]);
/// ferrograd::nn::init::uniform_with(&w, 0.0, 1.0, Some(g.manual_seed(0))).unwrap();
/// assert_eq!(w.to_vec::<f32>(), vec![0.49625659, 0.7682218]);
/// ```
pub fn uniform_with<'a>(
    t: &'a Tensor,
    a: f64,
    b: f64,
    generator: Option<&Generator>,
) -> Result<&'a Tensor> {
    let _g = crate::no_grad();
    t.try_uniform_(a, b, generator)
}

/// Normal values (`torch.nn.init.normal_`).
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[100]);
/// ferrograd::nn::init::normal_(&w, 5.0, 0.1).unwrap();
/// assert!((w.mean().item() - 5.0).abs() < 0.1);
/// ```
pub fn normal_(t: &Tensor, mean: f64, std: f64) -> Result<&Tensor> {
    normal_with(t, mean, std, None)
}

/// [`normal_`] drawing from `generator`.
///
/// ```
/// let g = ferrograd::Generator::new();
/// let w = ferrograd::Tensor::zeros(&[2]);
/// ferrograd::nn::init::normal_with(&w, 0.0, 1.0, Some(g.manual_seed(0))).unwrap();
/// assert_eq!(w.to_vec::<f32>(), vec![1.5409961, -0.2934289]);
/// ```
pub fn normal_with<'a>(
    t: &'a Tensor,
    mean: f64,
    std: f64,
    generator: Option<&Generator>,
) -> Result<&'a Tensor> {
    let _g = crate::no_grad();
    t.try_normal_(mean, std, generator)
}

/// `val` everywhere (`torch.nn.init.constant_`).
///
/// ```
/// let b = ferrograd::Tensor::zeros(&[2]);
/// ferrograd::nn::init::constant_(&b, 0.5).unwrap();
/// assert_eq!(b.to_vec::<f32>(), vec![0.5, 0.5]);
/// ```
pub fn constant_(t: &Tensor, val: f64) -> Result<&Tensor> {
    let _g = crate::no_grad();
    t.try_fill_(val)
}

/// Zeros (`torch.nn.init.zeros_`).
///
/// ```
/// let b = ferrograd::Tensor::ones(&[2]);
/// assert_eq!(ferrograd::nn::init::zeros_(&b).unwrap().to_vec::<f32>(), vec![0.0, 0.0]);
/// ```
pub fn zeros_(t: &Tensor) -> Result<&Tensor> {
    constant_(t, 0.0)
}

/// Ones (`torch.nn.init.ones_`).
///
/// ```
/// let b = ferrograd::Tensor::zeros(&[2]);
/// assert_eq!(ferrograd::nn::init::ones_(&b).unwrap().to_vec::<f32>(), vec![1.0, 1.0]);
/// ```
pub fn ones_(t: &Tensor) -> Result<&Tensor> {
    constant_(t, 1.0)
}

/// The identity in a 2-D tensor (`torch.nn.init.eye_`).
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2, 3]);
/// ferrograd::nn::init::eye_(&w).unwrap();
/// assert_eq!(w.to_vec::<f32>(), vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
/// assert_eq!(
///     ferrograd::nn::init::eye_(&ferrograd::Tensor::zeros(&[2])).unwrap_err().to_string(),
///     "Only tensors with 2 dimensions are supported"
/// );
/// ```
pub fn eye_(t: &Tensor) -> Result<&Tensor> {
    if t.dim() != 2 {
        return Err(value_err("Only tensors with 2 dimensions are supported"));
    }
    let _g = crate::no_grad();
    let eye = Tensor::try_eye(t.shape()[0], t.shape()[1], t.dtype())?;
    t.try_copy_(&eye)
}

/// He/Kaiming uniform values: `U(-bound, bound)`, `bound = gain · √(3 / fan)`
/// (`torch.nn.init.kaiming_uniform_`; `a` is leaky_relu's slope, `mode` `"fan_in"` or
/// `"fan_out"`). A tensor with a zero dimension is left as it is.
///
/// ```
/// use ferrograd::{nn::init, Tensor};
/// let w = Tensor::zeros(&[2, 3]);
/// let e = init::kaiming_uniform_(&w, 0.0, "fan_avg", "relu").unwrap_err();
/// assert_eq!(e.to_string(), "Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']");
/// ```
pub fn kaiming_uniform_<'a>(
    t: &'a Tensor,
    a: f64,
    mode: &str,
    nonlinearity: &str,
) -> Result<&'a Tensor> {
    kaiming_uniform_with(t, a, mode, nonlinearity, None)
}

/// [`kaiming_uniform_`] drawing from `generator`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2, 2]);
/// let g = ferrograd::Generator::new();
/// ferrograd::nn::init::kaiming_uniform_with(&w, 0.0, "fan_in", "relu", Some(&g)).unwrap();
/// ```
pub fn kaiming_uniform_with<'a>(
    t: &'a Tensor,
    a: f64,
    mode: &str,
    nonlinearity: &str,
    generator: Option<&Generator>,
) -> Result<&'a Tensor> {
    match kaiming_std(t, a, mode, nonlinearity)? {
        Some(std) => {
            let bound = 3f64.sqrt() * std;
            uniform_with(t, -bound, bound, generator)
        }
        None => Ok(t),
    }
}

/// The standard deviation of He/Kaiming initialisation, `gain / √fan`; `None` for an empty
/// tensor (left as it is, as PyTorch does).
fn kaiming_std(t: &Tensor, a: f64, mode: &str, nonlinearity: &str) -> Result<Option<f64>> {
    if t.shape().contains(&0) {
        return Ok(None);
    }
    let fan = correct_fan(t, mode)?;
    let gain = calculate_gain(nonlinearity, Some(a))?;
    Ok(Some(gain / (fan as f64).sqrt()))
}

/// He/Kaiming normal values: `N(0, std²)`, `std = gain / √fan`
/// (`torch.nn.init.kaiming_normal_`).
///
/// ```
/// use ferrograd::{nn::init, Tensor};
/// let w = Tensor::zeros(&[64, 32]);
/// init::kaiming_normal_(&w, 0.0, "fan_out", "relu").unwrap();
/// let var = w.pow(2.0).mean().item();
/// assert!((var - 2.0 / 64.0).abs() < 0.005);
/// ```
pub fn kaiming_normal_<'a>(
    t: &'a Tensor,
    a: f64,
    mode: &str,
    nonlinearity: &str,
) -> Result<&'a Tensor> {
    kaiming_normal_with(t, a, mode, nonlinearity, None)
}

/// [`kaiming_normal_`] drawing from `generator`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2, 2]);
/// let g = ferrograd::Generator::new();
/// ferrograd::nn::init::kaiming_normal_with(&w, 0.0, "fan_in", "relu", Some(&g)).unwrap();
/// ```
pub fn kaiming_normal_with<'a>(
    t: &'a Tensor,
    a: f64,
    mode: &str,
    nonlinearity: &str,
    generator: Option<&Generator>,
) -> Result<&'a Tensor> {
    match kaiming_std(t, a, mode, nonlinearity)? {
        Some(std) => normal_with(t, 0.0, std, generator),
        None => Ok(t),
    }
}

/// Glorot/Xavier uniform values: `U(-a, a)`, `a = gain · √(6 / (fan_in + fan_out))`
/// (`torch.nn.init.xavier_uniform_`).
///
/// ```
/// use ferrograd::{nn::init, Tensor};
/// let w = Tensor::zeros(&[3, 5]);
/// init::xavier_uniform_(&w, 1.0).unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| v.abs() < (6.0f32 / 8.0).sqrt()));
/// ```
pub fn xavier_uniform_(t: &Tensor, gain: f64) -> Result<&Tensor> {
    xavier_uniform_with(t, gain, None)
}

/// [`xavier_uniform_`] drawing from `generator`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2, 2]);
/// ferrograd::nn::init::xavier_uniform_with(&w, 1.0, Some(&ferrograd::Generator::new())).unwrap();
/// ```
pub fn xavier_uniform_with<'a>(
    t: &'a Tensor,
    gain: f64,
    generator: Option<&Generator>,
) -> Result<&'a Tensor> {
    let (fan_in, fan_out) = calculate_fan_in_and_fan_out(t)?;
    let std = gain * (2.0 / (fan_in + fan_out) as f64).sqrt();
    let a = 3f64.sqrt() * std;
    uniform_with(t, -a, a, generator)
}

/// Glorot/Xavier normal values: `N(0, std²)`, `std = gain · √(2 / (fan_in + fan_out))`
/// (`torch.nn.init.xavier_normal_`).
///
/// ```
/// use ferrograd::{nn::init, Tensor};
/// let w = Tensor::zeros(&[3, 5]);
/// assert_eq!(init::xavier_normal_(&w, 1.0).unwrap().shape(), &[3, 5]);
/// ```
pub fn xavier_normal_(t: &Tensor, gain: f64) -> Result<&Tensor> {
    xavier_normal_with(t, gain, None)
}

/// [`xavier_normal_`] drawing from `generator`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[2, 2]);
/// ferrograd::nn::init::xavier_normal_with(&w, 1.0, Some(&ferrograd::Generator::new())).unwrap();
/// ```
pub fn xavier_normal_with<'a>(
    t: &'a Tensor,
    gain: f64,
    generator: Option<&Generator>,
) -> Result<&'a Tensor> {
    let (fan_in, fan_out) = calculate_fan_in_and_fan_out(t)?;
    let std = gain * (2.0 / (fan_in + fan_out) as f64).sqrt();
    normal_with(t, 0.0, std, generator)
}

/// Normal values truncated to `[a, b]` (`torch.nn.init.trunc_normal_`), by PyTorch's
/// rejection sampling: when `[a, b]` holds more than 30% of the mass, whole tensors of normals
/// are drawn and out-of-range elements replaced until none is left; otherwise uniform
/// candidates in `[a, b]` are accepted with probability `pdf / pdf(mode)`.
///
/// ```
/// use ferrograd::{nn::init, Tensor};
/// let w = Tensor::zeros(&[1000]);
/// init::trunc_normal_(&w, 0.0, 1.0, -0.5, 0.5).unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| v.abs() <= 0.5));
/// ```
pub fn trunc_normal_(t: &Tensor, mean: f64, std: f64, a: f64, b: f64) -> Result<&Tensor> {
    trunc_normal_with(t, mean, std, a, b, None)
}

/// [`trunc_normal_`] drawing from `generator`.
///
/// ```
/// let w = ferrograd::Tensor::zeros(&[4]);
/// ferrograd::nn::init::trunc_normal_with(&w, 0.0, 1.0, -2.0, 2.0, Some(&ferrograd::Generator::new())).unwrap();
/// assert!(w.to_vec::<f32>().iter().all(|v| v.abs() <= 2.0));
/// ```
pub fn trunc_normal_with<'a>(
    t: &'a Tensor,
    mean: f64,
    std: f64,
    a: f64,
    b: f64,
    generator: Option<&Generator>,
) -> Result<&'a Tensor> {
    let _g = crate::no_grad();
    let norm_cdf = |x: f64| (1.0 + libm::erf(x / 2f64.sqrt())) / 2.0;
    let p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std);
    let (lo, hi) = if t.dtype() == DType::Float32 {
        (a as f32 as f64, b as f32 as f64)
    } else {
        (a, b)
    };
    if p > 0.3 {
        t.try_normal_(mean, std, generator)?;
        let mut result = t.to_f64_vec();
        loop {
            let mask: Vec<bool> = result.iter().map(|&v| v < lo || v > hi).collect();
            if !mask.contains(&true) {
                break;
            }
            let fresh = Tensor::try_full_dtype(t.shape(), 0.0, t.dtype())?;
            fresh.try_normal_(mean, std, generator)?;
            for ((r, m), f) in result.iter_mut().zip(&mask).zip(fresh.to_f64_vec()) {
                if *m {
                    *r = f;
                }
            }
        }
        return t.try_copy_(&Tensor::from_vec(result, t.shape()));
    }
    // The uniform-candidate sampler, with the tensor ops PyTorch uses.
    let mode = a.max(mean.min(b));
    let log_peak = -0.5 * ((mode - mean) / std).powi(2);
    let log_pdf = |c: &Tensor| -> Result<Tensor> {
        c.try_sub_scalar(mean)?
            .try_div_scalar(std)?
            .try_pow(2.0)?
            .try_mul_scalar(-0.5)?
            .try_sub_scalar(log_peak)
    };
    let like = || Tensor::try_full_dtype(t.shape(), 0.0, t.dtype());
    t.try_uniform_(a, b, generator)?;
    let accept_buf = like()?;
    accept_buf.try_uniform_(0.0, 1.0, generator)?;
    let mut pending = accept_buf.log().try_gt(&log_pdf(t)?)?;
    if !pending.to_vec::<bool>().contains(&true) {
        return Ok(t);
    }
    let mut result = t.clone_tensor();
    loop {
        let candidates = like()?;
        candidates.try_uniform_(a, b, generator)?;
        result = Tensor::try_where(&pending, &candidates, &result)?;
        accept_buf.try_uniform_(0.0, 1.0, generator)?;
        let again = accept_buf.log().try_gt(&log_pdf(&candidates)?)?;
        pending = Tensor::try_where(&pending, &again, &pending)?;
        if !pending.to_vec::<bool>().contains(&true) {
            break;
        }
    }
    t.try_copy_(&result)
}
