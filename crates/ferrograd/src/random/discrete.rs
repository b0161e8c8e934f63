//! Sampling that picks rather than fills: `bernoulli` (a probability per element),
//! `multinomial` (indices from rows of weights) and the dropout mask.

use super::{or_default, Generator};
use crate::error::{runtime, unwrap, value_err, Result};
use crate::{DType, Tensor};

impl Tensor {
    /// 1 with the probability held in each element, else 0, in this tensor's dtype
    /// (`torch.bernoulli(p)`); the default generator.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let p = ferrograd::Tensor::new([0.0, 1.0, 0.5, 0.5]);
    /// assert_eq!(p.bernoulli().to_vec::<f32>(), vec![0.0, 1.0, 1.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn bernoulli(&self) -> Tensor {
        unwrap(self.try_bernoulli(None))
    }

    /// [`Tensor::bernoulli`] with an optional generator: `empty_like(p).bernoulli_(p)`, one
    /// 32-bit draw per element for float32 probabilities, 64 bits for float64. When `self`
    /// requires grad the result records `BernoulliBackward0` (a zero gradient), as PyTorch's.
    ///
    /// ```
    /// let e = ferrograd::Tensor::new([1, 0]).try_bernoulli(None).unwrap_err();
    /// assert_eq!(e.to_string(), "\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'");
    /// ```
    pub fn try_bernoulli(&self, generator: Option<&Generator>) -> Result<Tensor> {
        let out = {
            let _g = crate::no_grad();
            let out = Tensor::try_full_dtype(self.shape(), 0.0, self.dtype())?;
            out.try_bernoulli_tensor_(self, generator)?;
            out
        };
        crate::autograd::record("BernoulliBackward0", out, &[self], &[], false, |c| {
            Ok(vec![c.grad_if(0, || Ok(c.grad.zeros_like()))?])
        })
    }

    /// `num_samples` indices drawn from each row of weights (`torch.multinomial`); the default
    /// generator.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let w = ferrograd::Tensor::new([0.1, 0.2, 0.3, 0.4]);
    /// assert_eq!(w.multinomial(2, true).to_vec::<i64>(), vec![3, 3]);
    /// ```
    #[track_caller]
    pub fn multinomial(&self, num_samples: usize, replacement: bool) -> Tensor {
        unwrap(self.try_multinomial(num_samples, replacement, None))
    }

    /// [`Tensor::multinomial`] with an optional generator, PyTorch's CPU algorithm and
    /// messages. Without replacement (or for one sample), each weight is divided by an
    /// exponential draw and the largest quotients win (`topk`); with replacement, a 53-bit
    /// uniform per sample is looked up in the normalised cumulative weights.
    ///
    /// ```
    /// let w = ferrograd::Tensor::new([0.5, 0.5]);
    /// let e = w.try_multinomial(3, false, None).unwrap_err();
    /// assert_eq!(e.to_string(), "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
    /// ```
    pub fn try_multinomial(
        &self,
        num_samples: usize,
        replacement: bool,
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        if self.dim() == 0 || self.dim() > 2 {
            return Err(runtime("prob_dist must be 1 or 2 dim"));
        }
        let dt = self.dtype();
        if !dt.is_floating_point() {
            return Err(runtime(format!(
                "multinomial only supports floating-point dtypes for input, got: {}",
                dt.scalar_name()
            )));
        }
        if num_samples == 0 {
            return Err(runtime("cannot sample n_sample <= 0 samples"));
        }
        let n_cat = self.shape()[self.dim() - 1];
        if !replacement && num_samples > n_cat {
            return Err(runtime(
                "cannot sample n_sample > prob_dist.size(-1) samples without replacement",
            ));
        }
        if n_cat > 1 << 24 {
            return Err(runtime("number of categories cannot exceed 2^24"));
        }
        let rows = if self.dim() == 2 { self.shape()[0] } else { 1 };
        let out_shape: Vec<usize> = if self.dim() == 2 {
            vec![rows, num_samples]
        } else {
            vec![num_samples]
        };
        let p = self.to_f64_vec();
        let mut out: Vec<i64> = Vec::with_capacity(rows * num_samples);
        if !replacement || num_samples == 1 {
            if p.iter()
                .any(|&v| v.is_nan() || v < 0.0 || v == f64::INFINITY)
            {
                return Err(runtime(
                    "probability tensor contains either `inf`, `nan` or element < 0",
                ));
            }
            if p.chunks(n_cat.max(1)).any(|r| r.iter().all(|&v| v == 0.0)) {
                return Err(runtime(
                    "invalid multinomial distribution (sum of probabilities <= 0)",
                ));
            }
            // q ~ Exp(1) in the input's dtype, then p / q in that dtype.
            let q = Tensor::try_full_dtype(self.shape(), 0.0, dt)?;
            q.try_exponential_(1.0, generator)?;
            let q = q.to_f64_vec();
            let ratio: Vec<f64> = p
                .iter()
                .zip(&q)
                .map(|(&a, &b)| {
                    if dt == DType::Float32 {
                        (a as f32 / b as f32) as f64
                    } else {
                        a / b
                    }
                })
                .collect();
            for row in ratio.chunks(n_cat) {
                let mut idx: Vec<usize> = (0..n_cat).collect();
                // Largest first; NaN ranks above everything, as in PyTorch's topk.
                idx.sort_by(|&a, &b| {
                    let (x, y) = (row[a], row[b]);
                    match (x.is_nan(), y.is_nan()) {
                        (true, true) => std::cmp::Ordering::Equal,
                        (true, false) => std::cmp::Ordering::Less,
                        (false, true) => std::cmp::Ordering::Greater,
                        _ => y.partial_cmp(&x).expect("not NaN"),
                    }
                });
                out.extend(idx[..num_samples].iter().map(|&i| i as i64));
            }
        } else {
            let mut g = or_default(generator).lock();
            for row in p.chunks(n_cat) {
                let cum = cumulative(row, dt)?;
                for _ in 0..num_samples {
                    let u = g.uniform_f64();
                    let (mut lo, mut hi) = (0usize, n_cat);
                    while hi > lo {
                        let mid = lo + (hi - lo) / 2;
                        if cum[mid] < u {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    out.push(lo as i64);
                }
            }
        }
        Ok(Tensor::from_vec(out, &out_shape))
    }

    /// Dropout (`torch.nn.functional.dropout`): in training, each element is kept with
    /// probability `1 - p` and scaled by `1 / (1 - p)`, else zeroed; otherwise the input itself.
    /// The mask is `empty_like(x).bernoulli_(1 - p).div_(1 - p)` and the result `x * mask`
    /// (`MulBackward0`), as on PyTorch's CPU.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let x = ferrograd::Tensor::ones(&[4]).requires_grad_(true);
    /// let y = x.dropout(0.5, true);
    /// assert_eq!(y.to_string(), "tensor([0., 0., 2., 0.], grad_fn=<MulBackward0>)");
    /// ```
    #[track_caller]
    pub fn dropout(&self, p: f64, train: bool) -> Tensor {
        unwrap(self.try_dropout(p, train, None))
    }

    /// Fallible [`Tensor::dropout`] with an optional generator.
    ///
    /// ```
    /// let e = ferrograd::Tensor::ones(&[2]).try_dropout(1.5, true, None).unwrap_err();
    /// assert_eq!(e.to_string(), "dropout probability has to be between 0 and 1, but got 1.5");
    /// ```
    pub fn try_dropout(
        &self,
        p: f64,
        train: bool,
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        if !(0.0..=1.0).contains(&p) {
            return Err(value_err(format!(
                "dropout probability has to be between 0 and 1, but got {}",
                super::fill::cpp_double(p)
            )));
        }
        if p == 0.0 || !train || self.numel() == 0 {
            return Ok(self.clone());
        }
        if p == 1.0 {
            return self.try_mul(&Tensor::scalar_tensor(0.0, self.dtype()));
        }
        let noise = {
            let _g = crate::no_grad();
            let noise = Tensor::try_full_dtype(self.shape(), 0.0, self.dtype())?;
            noise.try_bernoulli_(1.0 - p, generator)?;
            noise.try_div_(1.0 - p)?;
            noise
        };
        self.try_mul(&noise)
    }
    /// Channel dropout (`torch.nn.functional.dropout2d`): in training, each channel (the
    /// slices along dimensions 0 and 1) is kept with probability `1 - p` and scaled by
    /// `1 / (1 - p)`, else zeroed. The mask is one draw per channel,
    /// `empty(N, C, 1, ...).bernoulli_(1 - p).div_(1 - p)`, and the result `x * mask`
    /// (`MulBackward0`), as PyTorch's `feature_dropout`.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let x = ferrograd::Tensor::ones(&[1, 4, 1, 2]);
    /// let y = x.try_dropout2d(0.5, true, None).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0, 0.0, 0.0, 2.0, 2.0, 0.0, 0.0]);
    /// ```
    pub fn try_dropout2d(
        &self,
        p: f64,
        train: bool,
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        if !(0.0..=1.0).contains(&p) {
            return Err(value_err(format!(
                "dropout probability has to be between 0 and 1, but got {}",
                super::fill::cpp_double(p)
            )));
        }
        if p == 0.0 || !train || self.numel() == 0 {
            return Ok(self.clone());
        }
        if p == 1.0 {
            return self.try_mul(&Tensor::scalar_tensor(0.0, self.dtype()));
        }
        if self.dim() < 2 {
            return Err(runtime(
                "Feature dropout requires at least 2 dimensions in the input",
            ));
        }
        let mut shape = vec![1usize; self.dim()];
        shape[0] = self.shape()[0];
        shape[1] = self.shape()[1];
        let noise = {
            let _g = crate::no_grad();
            let noise = Tensor::try_full_dtype(&shape, 0.0, self.dtype())?;
            noise.try_bernoulli_(1.0 - p, generator)?;
            noise.try_div_(1.0 - p)?;
            noise
        };
        self.try_mul(&noise)
    }
}

/// The cumulative weights of one row, normalised so that the last is 1, in the input's dtype
/// (the with-replacement kernel), with PyTorch's checks.
fn cumulative(row: &[f64], dt: DType) -> Result<Vec<f64>> {
    let f32_mode = dt == DType::Float32;
    let round = |v: f64| if f32_mode { v as f32 as f64 } else { v };
    let mut sum = 0.0;
    let mut cum = Vec::with_capacity(row.len());
    for &v in row {
        if v < 0.0 {
            return Err(runtime(
                "invalid multinomial distribution (encountering probability entry < 0)",
            ));
        }
        if !v.is_finite() {
            return Err(runtime(
                "invalid multinomial distribution (encountering probability entry = infinity or NaN)",
            ));
        }
        sum = round(sum + v);
        cum.push(sum);
    }
    if sum <= 0.0 {
        return Err(runtime(
            "invalid multinomial distribution (sum of probabilities <= 0)",
        ));
    }
    for c in cum.iter_mut() {
        *c = round(*c / sum);
    }
    if let Some(last) = cum.last_mut() {
        *last = 1.0;
    }
    Ok(cum)
}
