//! Random tensors made from scratch: `rand`, `randn`, `randint`, `randperm`, `normal`, and the
//! `_like` forms. Each is an empty tensor filled by the in-place kernel PyTorch uses
//! (`rand` is `empty(...).uniform_(0, 1)`, `randn` is `normal_(0, 1)`, `randint` is
//! `random_(low, high)`).

use super::fill::not_for_dtype;
use super::{or_default, Generator};
use crate::error::{runtime, unwrap, Result};
use crate::tensor::size::checked_storage_numel;
use crate::{DType, Tensor};

/// A zero-filled tensor to sample into (size-checked, allocated fallibly).
fn blank(shape: &[usize], dtype: DType) -> Result<Tensor> {
    checked_storage_numel(shape, dtype)?;
    Tensor::try_full_dtype(shape, 0.0, dtype)
}

impl Tensor {
    /// Uniform random numbers in `[0, 1)`, float32 (`torch.rand`), from the default generator:
    /// after [`manual_seed`](crate::manual_seed) the same values as PyTorch.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let r = ferrograd::Tensor::rand(&[2]);
    /// assert_eq!(r.to_string(), "tensor([0.4963, 0.7682])");
    /// ```
    pub fn rand(shape: &[usize]) -> Tensor {
        Self::rand_dtype(shape, crate::get_default_dtype())
    }
    /// [`Tensor::rand`] in the given floating dtype (float64 draws 53 bits per number).
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// let r = ferrograd::Tensor::rand_dtype(&[1], ferrograd::DType::Float64);
    /// assert_eq!(r.item(), 0.9700530018065531);
    /// ```
    #[track_caller]
    pub fn rand_dtype(shape: &[usize], dtype: DType) -> Tensor {
        unwrap(Self::try_rand_dtype(shape, dtype))
    }
    /// Fallible [`Tensor::rand_dtype`] (size-checked, allocated fallibly).
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// assert_eq!(Tensor::try_rand_dtype(&[2], DType::Float32).unwrap().numel(), 2);
    /// assert!(Tensor::try_rand_dtype(&[1 << 62], DType::Float32).is_err());
    /// ```
    pub fn try_rand_dtype(shape: &[usize], dtype: DType) -> Result<Tensor> {
        Self::try_rand_with(shape, dtype, None)
    }
    /// [`Tensor::rand_dtype`] from the given generator (`torch.rand(..., generator=g)`).
    ///
    /// ```
    /// use ferrograd::{DType, Generator, Tensor};
    /// let g = Generator::new();
    /// g.manual_seed(0);
    /// assert_eq!(Tensor::try_rand_with(&[1], DType::Float32, Some(&g)).unwrap().item(), 0.49625658988952637);
    /// let e = Tensor::try_rand_with(&[1], DType::Int64, None).unwrap_err();
    /// assert_eq!(e.to_string(), "\"check_uniform_bounds\" not implemented for 'Long'");
    /// ```
    pub fn try_rand_with(
        shape: &[usize],
        dtype: DType,
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        if !dtype.is_floating_point() {
            return Err(not_for_dtype("check_uniform_bounds", dtype));
        }
        let t = blank(shape, dtype)?;
        t.try_uniform_(0.0, 1.0, generator)?;
        Ok(t)
    }

    /// Standard normal random numbers, float32 (`torch.randn`), as PyTorch draws them.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// assert_eq!(ferrograd::Tensor::randn(&[3]).to_string(), "tensor([ 1.5410, -0.2934, -2.1788])");
    /// ```
    pub fn randn(shape: &[usize]) -> Tensor {
        Self::randn_dtype(shape, crate::get_default_dtype())
    }
    /// [`Tensor::randn`] in the given floating dtype.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::randn_dtype(&[3], ferrograd::DType::Float64).dtype(), ferrograd::DType::Float64);
    /// ```
    #[track_caller]
    pub fn randn_dtype(shape: &[usize], dtype: DType) -> Tensor {
        unwrap(Self::try_randn_dtype(shape, dtype))
    }
    /// Fallible [`Tensor::randn_dtype`] (size-checked, allocated fallibly).
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// assert!(Tensor::try_randn_dtype(&[1 << 40, 1 << 40], DType::Float32).is_err());
    /// ```
    pub fn try_randn_dtype(shape: &[usize], dtype: DType) -> Result<Tensor> {
        Self::try_randn_with(shape, dtype, None)
    }
    /// [`Tensor::randn_dtype`] from the given generator.
    ///
    /// ```
    /// use ferrograd::{DType, Generator, Tensor};
    /// let g = Generator::new();
    /// g.manual_seed(0);
    /// let x = Tensor::try_randn_with(&[16], DType::Float32, Some(&g)).unwrap();
    /// assert_eq!(x.numel(), 16);
    /// ```
    pub fn try_randn_with(
        shape: &[usize],
        dtype: DType,
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        if !dtype.is_floating_point() {
            return Err(not_for_dtype("normal_kernel_cpu", dtype));
        }
        let t = blank(shape, dtype)?;
        t.try_normal_(0.0, 1.0, generator)?;
        Ok(t)
    }

    /// Normal numbers with the given mean and standard deviation (`torch.normal(mean, std,
    /// size)`).
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// ferrograd::manual_seed(0);
    /// let x = Tensor::try_normal_sized(2.0, 0.5, &[2], DType::Float64, None).unwrap();
    /// assert_eq!(x.dtype(), DType::Float64);
    /// ```
    pub fn try_normal_sized(
        mean: f64,
        std: f64,
        shape: &[usize],
        dtype: DType,
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        if !dtype.is_floating_point() {
            return Err(not_for_dtype("normal_kernel_cpu", dtype));
        }
        let t = blank(shape, dtype)?;
        t.try_normal_(mean, std, generator)?;
        Ok(t)
    }

    /// Normal numbers with element-wise means and standard deviations (`torch.normal(mean,
    /// std)`, either a tensor, at least one a tensor): standard normals of the broadcast shape
    /// (in the dtype of the tensor argument, `mean` first), then `· std + mean`. The result is
    /// not part of a graph.
    ///
    /// ```
    /// use ferrograd::{Tensor, random::NormalArg};
    /// ferrograd::manual_seed(0);
    /// let mean = Tensor::new([0.0, 10.0, 100.0]);
    /// let x = Tensor::try_normal(NormalArg::Tensor(&mean), NormalArg::Scalar(0.1), None).unwrap();
    /// assert_eq!(x.to_string(), "tensor([ 0.1541,  9.9707, 99.7821])");
    /// ```
    pub fn try_normal(
        mean: super::NormalArg<'_>,
        std: super::NormalArg<'_>,
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        use super::NormalArg::{Scalar, Tensor as T};
        let _g = crate::no_grad();
        let check_std = |s: &Tensor| -> Result<()> {
            if s.to_f64_vec().iter().any(|&v| v.is_nan() || v < 0.0) {
                return Err(runtime("normal expects all elements of std >= 0.0"));
            }
            Ok(())
        };
        match (mean, std) {
            (T(m), T(s)) => {
                check_std(s)?;
                let shape = crate::ops::broadcast_shapes(m.shape(), s.shape())?;
                let out = Self::try_randn_with(&shape, m.dtype(), generator)?;
                out.try_mul_(s)?;
                out.try_add_(m)?;
                Ok(out)
            }
            (T(m), Scalar(s)) => {
                let out = Self::try_normal_sized(0.0, s, m.shape(), m.dtype(), generator)?;
                out.try_add_(m)?;
                Ok(out)
            }
            (Scalar(m), T(s)) => {
                check_std(s)?;
                let out = Self::try_randn_with(s.shape(), s.dtype(), generator)?;
                out.try_mul_(s)?;
                out.try_add_(m)?;
                Ok(out)
            }
            (Scalar(m), Scalar(s)) => Self::try_normal_sized(m, s, &[], DType::Float32, generator),
        }
    }

    /// Random integers in `[low, high)`, int64 (`torch.randint`), as PyTorch draws them.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// assert_eq!(ferrograd::Tensor::randint(0, 10, &[6]).to_vec::<i64>(), vec![4, 9, 3, 0, 3, 9]);
    /// ```
    #[track_caller]
    pub fn randint(low: i64, high: i64, shape: &[usize]) -> Tensor {
        unwrap(Self::try_randint(low, high, shape))
    }
    /// Fallible [`Tensor::randint`] (size-checked, allocated fallibly).
    ///
    /// ```
    /// let t = ferrograd::Tensor::try_randint(-3, 3, &[4]).unwrap();
    /// assert!(t.to_vec::<i64>().iter().all(|&v| (-3..3).contains(&v)));
    /// assert!(ferrograd::Tensor::try_randint(0, 2, &[1 << 62]).is_err());
    /// ```
    pub fn try_randint(low: i64, high: i64, shape: &[usize]) -> Result<Tensor> {
        Self::try_randint_with(low, high, shape, None)
    }
    /// [`Tensor::randint`] from the given generator: 32 bits per number when `high - low`
    /// fits in 32 bits, 64 bits otherwise.
    ///
    /// ```
    /// let e = ferrograd::Tensor::try_randint_with(5, 5, &[1], None).unwrap_err();
    /// assert_eq!(e.to_string(), "random_ expects 'from' to be less than 'to', but got from=5 >= to=5");
    /// ```
    pub fn try_randint_with(
        low: i64,
        high: i64,
        shape: &[usize],
        generator: Option<&Generator>,
    ) -> Result<Tensor> {
        let t = blank(shape, DType::Int64)?;
        t.try_random_(low, Some(high), generator)?;
        Ok(t)
    }

    /// A random permutation of `0..n`, int64 (`torch.randperm`), by PyTorch's CPU shuffle.
    ///
    /// ```
    /// ferrograd::manual_seed(0);
    /// assert_eq!(ferrograd::Tensor::randperm(6).to_vec::<i64>(), vec![2, 5, 3, 0, 1, 4]);
    /// ```
    #[track_caller]
    pub fn randperm(n: usize) -> Tensor {
        unwrap(Self::try_randperm_with(n, None))
    }
    /// [`Tensor::randperm`] from the given generator. Below `u32::MAX / 20` elements, a
    /// Fisher–Yates shuffle drawing `random() % (n - i)`; above, the "inside-out" shuffle with
    /// 64-bit draws (PyTorch's two regimes).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::try_randperm_with(0, None).unwrap().numel(), 0);
    /// ```
    pub fn try_randperm_with(n: usize, generator: Option<&Generator>) -> Result<Tensor> {
        checked_storage_numel(&[n], DType::Int64)?;
        let mut v: Vec<i64> = crate::tensor::storage::try_vec(n)?;
        let mut g = or_default(generator).lock();
        if n < (u32::MAX / 20) as usize {
            v.extend(0..n as i64);
            for i in 0..n.saturating_sub(1) {
                let z = g.random() as usize % (n - i);
                v.swap(i, i + z);
            }
        } else {
            v.resize(n, 0);
            for i in 0..n {
                let z = (g.random64() % (i as u64 + 1)) as usize;
                v[i] = v[z];
                v[z] = i as i64;
            }
        }
        drop(g);
        Ok(Tensor::from_vec(v, &[n]))
    }

    /// Uniform random numbers with this tensor's shape and (floating) dtype (`torch.rand_like`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2, 2]).rand_like().shape(), &[2, 2]);
    /// ```
    #[track_caller]
    pub fn rand_like(&self) -> Tensor {
        Self::rand_dtype(self.shape(), self.dtype())
    }
    /// Normal random numbers with this tensor's shape and (floating) dtype (`torch.randn_like`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[3]).randn_like().numel(), 3);
    /// ```
    #[track_caller]
    pub fn randn_like(&self) -> Tensor {
        Self::randn_dtype(self.shape(), self.dtype())
    }
}
