//! In-place sampling: `uniform_`, `normal_`, `bernoulli_`, `exponential_`, `random_`. Each
//! draws its values in the tensor's memory order, as ATen's serial CPU kernels do, and
//! records a node whose gradient is zero when the tensor is part of a graph.

use super::boxmuller::{normal_block_f32, normal_block_f64};
use super::{or_default, GenState, Generator};
use crate::autograd::{edge_for, is_grad_enabled, rebase_history};
use crate::error::{not_implemented, runtime, Result};
use crate::tensor::{for_each_offset, Element};
use crate::{DType, Tensor};

/// A double as C++'s `ostream` prints it (`%g`): PyTorch's messages show numbers this way.
pub(crate) fn cpp_double(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let sci = format!("{:.5e}", v);
    let (mant, exp) = sci.split_once('e').expect("exponent");
    let exp: i32 = exp.parse().expect("exponent digits");
    let strip = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", strip(mant.to_string()), exp.abs())
    } else {
        strip(format!("{:.*}", (5 - exp) as usize, v))
    }
}

/// `"name" not implemented for 'Long'`: ATen's dispatch error for an unsupported dtype.
pub(crate) fn not_for_dtype(kernel: &str, dtype: DType) -> crate::Error {
    not_implemented(format!(
        "\"{kernel}\" not implemented for '{}'",
        dtype.scalar_name()
    ))
}

/// The dimensions reordered by decreasing stride: walking them row-major visits the
/// elements in memory order (as ATen's TensorIterator does for a fill).
fn memory_order(shape: &[usize], strides: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut dims: Vec<usize> = (0..shape.len()).filter(|&d| shape[d] != 1).collect();
    dims.sort_by(|&a, &b| strides[b].cmp(&strides[a]));
    (
        dims.iter().map(|&d| shape[d]).collect(),
        dims.iter().map(|&d| strides[d]).collect(),
    )
}

/// Writes `f()` into every element of `t`, in memory order.
pub(crate) fn fill_serial<T: Element>(t: &Tensor, mut f: impl FnMut() -> T) {
    let (shape, strides) = memory_order(t.shape(), t.strides());
    let mut buf = t.0.storage.write();
    let d = T::slice_mut(&mut buf).expect("dtype");
    for_each_offset(&shape, &strides, t.storage_offset(), |o| d[o] = f());
}

/// Writes `f(p)` into every element of `t`, `p` the matching element of `p` (already
/// expanded to `t`'s shape), in `t`'s memory order.
fn fill_serial_with<T: Element>(t: &Tensor, p: &Tensor, mut f: impl FnMut(f64) -> T) {
    let perm: Vec<usize> = {
        let mut dims: Vec<usize> = (0..t.dim()).filter(|&d| t.shape()[d] != 1).collect();
        dims.sort_by(|&a, &b| t.strides()[b].cmp(&t.strides()[a]));
        dims
    };
    let shape: Vec<usize> = perm.iter().map(|&d| t.shape()[d]).collect();
    let pstrides: Vec<usize> = perm.iter().map(|&d| p.strides()[d]).collect();
    let tstrides: Vec<usize> = perm.iter().map(|&d| t.strides()[d]).collect();
    let mut pv = Vec::with_capacity(t.numel());
    {
        let pb = p.0.storage.read();
        for_each_offset(&shape, &pstrides, p.storage_offset(), |o| {
            pv.push(pb.get_f64(o))
        });
    }
    let mut buf = t.0.storage.write();
    let d = T::slice_mut(&mut buf).expect("dtype");
    let mut it = pv.into_iter();
    for_each_offset(&shape, &tstrides, t.storage_offset(), |o| {
        d[o] = f(it.next().expect("length"))
    });
}

impl Tensor {
    /// The frame of every random in-place op: PyTorch's leaf and view checks, the fill under
    /// the generator's lock, the version bump, and a node with a zero gradient.
    pub(crate) fn random_inplace(
        &self,
        name: &'static str,
        generator: Option<&Generator>,
        fill: impl FnOnce(&Tensor, &mut GenState) -> Result<()>,
    ) -> Result<&Tensor> {
        self.check_inplace()?;
        self.check_view_autograd(false)?;
        {
            let mut g = or_default(generator).lock();
            fill(self, &mut g)?;
        }
        self.0.counter().bump();
        if is_grad_enabled() && self.requires_grad() {
            rebase_history(self, name, vec![edge_for(self)], vec![], |c| {
                Ok(vec![Some(c.grad.zeros_like())])
            })?;
        }
        Ok(self)
    }

    /// Fills with uniform numbers in `[from, to)`, in place (`Tensor.uniform_`); the default
    /// generator.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let w = ferrograd::Tensor::zeros(&[2]);
    /// w.uniform_(-1.0, 1.0);
    /// assert_eq!(w.to_vec::<f32>(), vec![-0.00748682, 0.5364436]);
    /// ```
    #[track_caller]
    pub fn uniform_(&self, from: f64, to: f64) -> &Tensor {
        crate::error::unwrap(self.try_uniform_(from, to, None))
    }

    /// [`Tensor::uniform_`] with an optional generator, and PyTorch's errors for a bad range
    /// or a non-floating dtype.
    ///
    /// ```
    /// let w = ferrograd::Tensor::zeros(&[2]);
    /// let e = w.try_uniform_(1.0, 0.0, None).unwrap_err();
    /// assert_eq!(e.to_string(), "uniform_ expects to return a [from, to) range, but found from=1 > to=0");
    /// ```
    pub fn try_uniform_(
        &self,
        from: f64,
        to: f64,
        generator: Option<&Generator>,
    ) -> Result<&Tensor> {
        let dt = self.dtype();
        if !dt.is_floating_point() {
            return Err(not_for_dtype("check_uniform_bounds", dt));
        }
        let tname = if dt == DType::Float32 {
            "float"
        } else {
            "double"
        };
        for (v, name) in [(from, "from"), (to, "to")] {
            let limit = if dt == DType::Float32 {
                f32::MAX as f64
            } else {
                f64::MAX
            };
            if v.is_nan() || v.abs() > limit {
                return Err(runtime(format!("{name} is out of bounds for {tname}")));
            }
        }
        if from > to {
            return Err(runtime(format!(
                "uniform_ expects to return a [from, to) range, but found from={} > to={}",
                cpp_double(from),
                cpp_double(to)
            )));
        }
        let limit = if dt == DType::Float32 {
            f32::MAX as f64
        } else {
            f64::MAX
        };
        if to - from > limit {
            return Err(runtime(format!(
                "uniform_ expects to-from <= std::numeric_limits<{}>::max(), but found to={} and from={} which result in to-from to exceed the limit",
                dt.scalar_name(),
                cpp_double(to),
                cpp_double(from)
            )));
        }
        self.random_inplace("UniformBackward0", generator, |t, g| {
            if dt == DType::Float32 {
                let (a, b) = (from as f32, to as f32);
                fill_serial::<f32>(t, || g.uniform_f32().mul_add(b - a, a));
            } else {
                fill_serial::<f64>(t, || g.uniform_f64().mul_add(to - from, from));
            }
            Ok(())
        })
    }

    /// Fills with normal numbers of the given mean and standard deviation, in place
    /// (`Tensor.normal_`); the default generator.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let w = ferrograd::Tensor::zeros(&[2]);
    /// w.normal_(0.0, 1.0);
    /// assert_eq!(w.to_vec::<f32>(), vec![1.5409961, -0.2934289]);
    /// ```
    #[track_caller]
    pub fn normal_(&self, mean: f64, std: f64) -> &Tensor {
        crate::error::unwrap(self.try_normal_(mean, std, None))
    }

    /// [`Tensor::normal_`] with an optional generator. A contiguous tensor of 16 elements or
    /// more is filled as PyTorch's vectorised kernel fills it (uniforms first, Box–Muller in
    /// blocks of 16, the last block redrawn); smaller or strided tensors draw pairs and cache
    /// the second value in the generator.
    ///
    /// ```
    /// let w = ferrograd::Tensor::zeros(&[2]);
    /// let e = w.try_normal_(0.0, -1.0, None).unwrap_err();
    /// assert_eq!(e.to_string(), "normal expects std >= 0.0, but found std -1");
    /// ```
    pub fn try_normal_(
        &self,
        mean: f64,
        std: f64,
        generator: Option<&Generator>,
    ) -> Result<&Tensor> {
        let dt = self.dtype();
        if !dt.is_floating_point() {
            return Err(not_for_dtype("normal_kernel_cpu", dt));
        }
        if std.is_nan() || std < 0.0 {
            return Err(runtime(format!(
                "normal expects std >= 0.0, but found std {}",
                cpp_double(std)
            )));
        }
        self.random_inplace("NormalBackward0", generator, |t, g| {
            let n = t.numel();
            if n >= 16 && t.is_contiguous() {
                let off = t.storage_offset();
                let mut buf = t.0.storage.write();
                if dt == DType::Float32 {
                    let d = &mut f32::slice_mut(&mut buf).expect("dtype")[off..off + n];
                    crate::kernels::cpu::with_fma(|| {
                        vector_fill(d, g, GenState::uniform_f32, |b| {
                            normal_block_f32(b, mean as f32, std as f32)
                        })
                    });
                } else {
                    let d = &mut f64::slice_mut(&mut buf).expect("dtype")[off..off + n];
                    crate::kernels::cpu::with_fma(|| {
                        vector_fill(d, g, GenState::uniform_f64, |b| {
                            normal_block_f64(b, mean, std)
                        })
                    });
                }
            } else if dt == DType::Float32 {
                fill_serial::<f32>(t, || g.normal_f64().mul_add(std, mean) as f32);
            } else {
                fill_serial::<f64>(t, || g.normal_f64().mul_add(std, mean));
            }
            Ok(())
        })
    }

    /// Fills with 1 with probability `p`, else 0, in place (`Tensor.bernoulli_(p)`); any dtype.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let m = ferrograd::Tensor::zeros(&[4]);
    /// m.bernoulli_(0.5);
    /// assert_eq!(m.to_vec::<f32>(), vec![0.0, 0.0, 1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn bernoulli_(&self, p: f64) -> &Tensor {
        crate::error::unwrap(self.try_bernoulli_(p, None))
    }

    /// [`Tensor::bernoulli_`] with an optional generator: one 64-bit draw per element.
    ///
    /// ```
    /// let m = ferrograd::Tensor::zeros(&[4]);
    /// let e = m.try_bernoulli_(1.5, None).unwrap_err();
    /// assert_eq!(e.to_string(), "bernoulli_ expects p to be in [0, 1], but got p=1.5");
    /// ```
    pub fn try_bernoulli_(&self, p: f64, generator: Option<&Generator>) -> Result<&Tensor> {
        if !(0.0..=1.0).contains(&p) {
            return Err(runtime(format!(
                "bernoulli_ expects p to be in [0, 1], but got p={}",
                cpp_double(p)
            )));
        }
        self.random_inplace("BernoulliBackward2", generator, |t, g| {
            let mut draw = || g.uniform_f64() < p;
            crate::ops::dispatch_any!(t.dtype(), T => fill_serial::<T>(t, || T::from_f64(draw() as u8 as f64)));
            Ok(())
        })
    }

    /// Fills each element with 1 with the probability in the matching element of `p`
    /// (broadcast to this shape), in place (`Tensor.bernoulli_(p_tensor)`). A float64 `p` draws
    /// 64 bits per element, a float32 `p` 32 bits.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let m = ferrograd::Tensor::zeros(&[3]);
    /// m.try_bernoulli_tensor_(&ferrograd::Tensor::new([0.0, 1.0, 0.5]), None).unwrap();
    /// assert_eq!(m.to_vec::<f32>(), vec![0.0, 1.0, 1.0]);
    /// ```
    pub fn try_bernoulli_tensor_(
        &self,
        p: &Tensor,
        generator: Option<&Generator>,
    ) -> Result<&Tensor> {
        let pd = p.dtype();
        if !pd.is_floating_point() {
            return Err(not_for_dtype("bernoulli_tensor_cpu_p_", pd));
        }
        let pe = p.try_expand(self.shape())?;
        self.random_inplace("BernoulliBackward1", generator, |t, g| {
            crate::ops::dispatch_any!(t.dtype(), T => {
                if pd == DType::Float64 {
                    fill_serial_with::<T>(t, &pe, |pv| T::from_f64((g.uniform_f64() < pv) as u8 as f64));
                } else {
                    fill_serial_with::<T>(t, &pe, |pv| T::from_f64((g.uniform_f32() < pv as f32) as u8 as f64));
                }
            });
            Ok(())
        })
    }

    /// Fills with exponential numbers of rate `lambd`, in place (`Tensor.exponential_`).
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let q = ferrograd::Tensor::zeros_dtype(&[2], ferrograd::DType::Float64);
    /// q.exponential_(1.0);
    /// assert_eq!(q.to_vec::<f64>(), vec![3.508326186707642, 1.2303847641796768]);
    /// ```
    #[track_caller]
    pub fn exponential_(&self, lambd: f64) -> &Tensor {
        crate::error::unwrap(self.try_exponential_(lambd, None))
    }

    /// [`Tensor::exponential_`] with an optional generator: `-1/λ · log(1 - u)` in double
    /// precision (`log1p(-u)`), `u` a 53-bit uniform.
    ///
    /// ```
    /// let q = ferrograd::Tensor::zeros(&[2]);
    /// let e = q.try_exponential_(0.0, None).unwrap_err();
    /// assert_eq!(e.to_string(), "exponential_ expects lambda > 0.0, but found lambda=0");
    /// ```
    pub fn try_exponential_(&self, lambd: f64, generator: Option<&Generator>) -> Result<&Tensor> {
        let dt = self.dtype();
        if !dt.is_floating_point() {
            return Err(not_for_dtype("exponential_cpu", dt));
        }
        if lambd.is_nan() || lambd <= 0.0 {
            return Err(runtime(format!(
                "exponential_ expects lambda > 0.0, but found lambda={}",
                cpp_double(lambd)
            )));
        }
        self.random_inplace("ExponentialBackward0", generator, |t, g| {
            let mut draw = || -1.0 / lambd * (-g.uniform_f64()).ln_1p();
            if dt == DType::Float32 {
                fill_serial::<f32>(t, || draw() as f32);
            } else {
                fill_serial::<f64>(t, draw);
            }
            Ok(())
        })
    }

    /// Fills with integers drawn uniformly from `[from, to)`, in place (`Tensor.random_(from,
    /// to)`, `RandomBackward0`): one 32-bit draw per element when the range fits in 32 bits,
    /// else a 64-bit draw. With `to = None`, up to the largest integer the dtype holds exactly
    /// (`2^63 - 1` for int64, `2^24` for float32, `2^53` for float64).
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let t = ferrograd::Tensor::zeros_dtype(&[4], ferrograd::DType::Int64);
    /// t.try_random_(0, Some(10), None).unwrap();
    /// assert_eq!(t.to_vec::<i64>(), vec![4, 9, 3, 0]);
    /// ```
    pub fn try_random_(
        &self,
        from: i64,
        to: Option<i64>,
        generator: Option<&Generator>,
    ) -> Result<&Tensor> {
        self.random_from_to(from, to, "RandomBackward0", generator)
    }

    /// Integers in `[0, to)`, in place (`Tensor.random_(to)`, `RandomBackward1`).
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros(&[3]);
    /// t.try_random_to_(4, None).unwrap();
    /// assert!(t.to_vec::<f32>().iter().all(|v| (0.0..4.0).contains(v)));
    /// ```
    pub fn try_random_to_(&self, to: i64, generator: Option<&Generator>) -> Result<&Tensor> {
        self.random_from_to(0, Some(to), "RandomBackward1", generator)
    }

    /// Integers from 0 to the largest the dtype holds exactly, in place (`Tensor.random_()`,
    /// `RandomBackward2`); 0 or 1 for bool.
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros_dtype(&[3], ferrograd::DType::Bool);
    /// assert_eq!(t.try_random_default_(None).unwrap().numel(), 3);
    /// ```
    pub fn try_random_default_(&self, generator: Option<&Generator>) -> Result<&Tensor> {
        let dt = self.dtype();
        self.random_inplace("RandomBackward2", generator, |t, g| {
            match dt {
                DType::Bool => fill_serial::<bool>(t, || g.random() & 1 == 1),
                DType::Int64 => fill_serial::<i64>(t, || (g.random64() & i64::MAX as u64) as i64),
                DType::Float32 => fill_serial::<f32>(t, || (g.random() % ((1 << 24) + 1)) as f32),
                DType::Float64 => fill_serial::<f64>(t, || (g.random64() % ((1 << 53) + 1)) as f64),
            }
            Ok(())
        })
    }

    fn random_from_to(
        &self,
        from: i64,
        to: Option<i64>,
        name: &'static str,
        generator: Option<&Generator>,
    ) -> Result<&Tensor> {
        let dt = self.dtype();
        // The largest value the dtype holds exactly: the inclusive top of `random_(from)`.
        let top: i128 = match dt {
            DType::Bool => 1,
            DType::Int64 => i64::MAX as i128,
            DType::Float32 => 1 << 24,
            DType::Float64 => 1 << 53,
        };
        let range: u64 = match to {
            Some(to) if from >= to => {
                return Err(runtime(format!(
                    "random_ expects 'from' to be less than 'to', but got from={from} >= to={to}"
                )));
            }
            Some(to) => (to as i128 - from as i128) as u64,
            None if from == i64::MIN && dt == DType::Int64 => {
                return self.random_inplace(name, generator, |t, g| {
                    fill_serial::<i64>(t, || g.random64() as i64);
                    Ok(())
                });
            }
            None if (from as i128) > top => {
                return Err(runtime(format!(
                    "random_ expects 'from' to be less than 'to', but got from={from} >= to={}",
                    top + 1
                )));
            }
            None => (top - from as i128 + 1) as u64,
        };
        let wide = range >= 1 << 32 && dt != DType::Bool;
        self.random_inplace(name, generator, |t, g| {
            let mut draw = || {
                let v = if wide {
                    g.random64()
                } else {
                    g.random() as u64
                };
                (v % range).wrapping_add(from as u64) as i64
            };
            crate::ops::dispatch_any!(dt, T => fill_serial::<T>(t, || T::from_f64(draw() as f64)));
            Ok(())
        })
    }
}

/// The vectorised normal fill: uniforms for every element, Box–Muller on each full block of 16,
/// and, when the size is not a multiple of 16, 16 fresh uniforms for the last 16 elements.
#[inline(always)]
fn vector_fill<T: Copy>(
    d: &mut [T],
    g: &mut GenState,
    uniform: fn(&mut GenState) -> T,
    block: impl Fn(&mut [T]),
) {
    let n = d.len();
    for x in d.iter_mut() {
        *x = uniform(g);
    }
    let mut i = 0;
    while i + 16 <= n {
        block(&mut d[i..i + 16]);
        i += 16;
    }
    if !n.is_multiple_of(16) {
        let tail = &mut d[n - 16..];
        for x in tail.iter_mut() {
            *x = uniform(g);
        }
        block(tail);
    }
}

#[cfg(test)]
mod tests {
    use super::cpp_double;

    #[test]
    fn doubles_print_as_cpp_streams_print_them() {
        for (v, s) in [
            (1.0, "1"),
            (-1.0, "-1"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1e-5, "1e-05"),
            (123456.0, "123456"),
            (1234567.0, "1.23457e+06"),
            (0.333333333, "0.333333"),
            (2.5e300, "2.5e+300"),
        ] {
            assert_eq!(cpp_double(v), s);
        }
    }
}
