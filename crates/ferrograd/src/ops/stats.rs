//! Statistics over dimensions: `var`, `std`, `var_mean`, `std_mean`, `logsumexp` and `prod`.
//!
//! Each output is computed without recording, then recorded as one node with PyTorch's
//! grad_fn name and a backward rule written in tensor ops (so it differentiates again).

use super::reduce::{normalize_dims, reduced_shape, unsqueeze_reduced};
use super::{cast_raw, dispatch_float, wrap_dim};
use crate::autograd::batch;
use crate::autograd::{record, record_multi};
use crate::error::{not_implemented, unwrap, Result};
use crate::tensor::Element;
use crate::{DType, Tensor};

/// The reduced dimensions as flags (`None` or an empty list: all of them), and how many
/// elements each output reduces.
fn reduction(x: &Tensor, dims: Option<&[isize]>) -> Result<(Vec<bool>, usize)> {
    let flags = match dims {
        None | Some([]) => vec![true; x.dim()],
        Some(ds) => normalize_dims(ds, x.dim())?,
    };
    let n = x
        .shape()
        .iter()
        .zip(&flags)
        .filter(|p| *p.1)
        .map(|p| *p.0)
        .product();
    Ok((flags, n))
}

impl Spread {
    fn new(x: &Tensor, dims: Option<&[isize]>, correction: f64, keepdim: bool) -> Result<Self> {
        let (flags, n) = reduction(x, dims)?;
        Ok(Spread {
            flags,
            keepdim,
            n,
            correction,
            full: dims.is_none() || x.dim() == 0,
        })
    }
}

fn dim_list(flags: &[bool]) -> Vec<isize> {
    (0..flags.len())
        .filter(|&d| flags[d])
        .map(|d| d as isize)
        .collect()
}

/// What a `var`/`std` reduction reduces, as its backward needs it.
#[derive(Clone)]
struct Spread {
    flags: Vec<bool>,
    keepdim: bool,
    /// Elements per output.
    n: usize,
    correction: f64,
    /// No `dim` was given (or the input is 0-dim): PyTorch's backward then gives `inf`/NaN
    /// where `N − correction ≤ 0`, not the sign of `2 / (N − correction)`.
    full: bool,
}

/// The backward of `var` written in tensor ops: `grad · 2 (x − mean) / (N − correction)`.
fn var_backward(g: &Tensor, x: &Tensor, sp: &Spread) -> Result<Tensor> {
    let dl = dim_list(&sp.flags);
    let mean = x.try_mean_dims(&dl, true)?;
    let g = unsqueeze_reduced(g, &sp.flags, sp.keepdim)?;
    let dof = sp.n as f64 - sp.correction;
    if sp.full && dof <= 0.0 {
        // 2 / 0 times (x − mean): NaN where x is the mean, inf elsewhere, as PyTorch writes it
        let hit = x.try_eq(&mean)?;
        let nan = Tensor::scalar_tensor(f64::NAN, x.dtype());
        let inf = Tensor::scalar_tensor(f64::INFINITY, x.dtype());
        return g.try_mul(&Tensor::try_where(&hit, &nan, &inf)?);
    }
    g.try_mul(&x.try_sub(&mean)?)?.try_mul_scalar(2.0 / dof)
}

/// The backward of `std` through that of `var`: `grad / (2 std)`, 0 where `std` is 0.
fn std_backward(g: &Tensor, x: &Tensor, std: &Tensor, sp: &Spread) -> Result<Tensor> {
    let zero = std.eq_scalar(0.0);
    let g_var = g
        .try_div(&std.try_mul_scalar(2.0)?)?
        .try_masked_fill(&zero, 0.0)?;
    var_backward(&g_var, x, sp)
}

fn check_var_dtype(x: &Tensor) -> Result<()> {
    if x.dtype().is_floating_point() {
        Ok(())
    } else {
        Err(not_implemented(
            "std and var only support floating point and complex dtypes",
        ))
    }
}

/// The variance and the mean over the flagged dimensions, without recording.
fn var_and_mean(
    x: &Tensor,
    flags: &[bool],
    n: usize,
    correction: f64,
    keepdim: bool,
) -> Result<(Tensor, Tensor)> {
    let _ng = crate::no_grad();
    let x = x.detach();
    let dl = dim_list(flags);
    let mean = x.try_mean_dims(&dl, true)?;
    let centered = x.try_sub(&mean)?;
    let var = centered
        .try_mul(&centered)?
        .try_sum_dims(&dl, keepdim)?
        .try_div_scalar((n as f64 - correction).max(0.0))?;
    let mean = if keepdim {
        mean
    } else {
        mean.try_reshape(&reduced_shape(x.shape(), flags, false))?
    };
    Ok((var, mean))
}

impl Tensor {
    /// The variance over `dims` (`None`: all), `Σ (x − mean)² / max(0, N − correction)`
    /// (`VarBackward0`): `correction = 1.0` is the unbiased estimate, `0.0` the population
    /// variance. Where `N − correction ≤ 0` the result is infinite or NaN, as in PyTorch.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]]).requires_grad_(true);
    /// let v = x.try_var(Some(&[1]), 1.0, false).unwrap();
    /// assert_eq!(v.to_string(), "tensor([1., 0.], grad_fn=<VarBackward0>)");
    /// let e = ferrograd::Tensor::arange(3).try_var(None, 1.0, false).unwrap_err();
    /// assert_eq!(e.to_string(), "std and var only support floating point and complex dtypes");
    /// ```
    #[track_caller]
    pub fn try_var(
        &self,
        dims: Option<&[isize]>,
        correction: f64,
        keepdim: bool,
    ) -> Result<Tensor> {
        check_var_dtype(self)?;
        let sp = Spread::new(self, dims, correction, keepdim)?;
        let (var, _) = var_and_mean(self, &sp.flags, sp.n, correction, keepdim)?;
        record(
            "VarBackward0",
            var,
            &[self],
            &[("self", self)],
            false,
            move |c| Ok(vec![Some(var_backward(c.grad, &c.saved[0], &sp)?)]),
        )
    }

    /// The unbiased variance of all elements (panicking [`Tensor::try_var`]).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0, 2.0, 3.0]).var().item(), 1.0);
    /// ```
    #[track_caller]
    pub fn var(&self) -> Tensor {
        unwrap(self.try_var(None, 1.0, false))
    }

    /// The standard deviation over `dims`, the square root of [`Tensor::try_var`]
    /// (`StdBackward0`; its gradient is 0 where the deviation is 0, as PyTorch's).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
    /// assert_eq!(x.try_std(None, 0.0, false).unwrap().item(), 2.0);
    /// ```
    #[track_caller]
    pub fn try_std(
        &self,
        dims: Option<&[isize]>,
        correction: f64,
        keepdim: bool,
    ) -> Result<Tensor> {
        check_var_dtype(self)?;
        let sp = Spread::new(self, dims, correction, keepdim)?;
        let (var, _) = var_and_mean(self, &sp.flags, sp.n, correction, keepdim)?;
        let std = var.try_sqrt()?;
        record(
            "StdBackward0",
            std,
            &[self],
            &[("self", self)],
            true,
            move |c| {
                Ok(vec![Some(std_backward(
                    c.grad,
                    &c.saved[0],
                    &c.saved[1],
                    &sp,
                )?)])
            },
        )
    }

    /// The unbiased standard deviation of all elements (panicking [`Tensor::try_std`]).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([1.0, 3.0]).std().to_vec::<f32>(), vec![2.0f32.sqrt()]);
    /// ```
    #[track_caller]
    pub fn std(&self) -> Tensor {
        unwrap(self.try_std(None, 1.0, false))
    }

    /// The variance and the mean over `dims` in one pass (`VarMeanBackward0` on both).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    /// let (v, m) = x.try_var_mean(None, 1.0, false).unwrap();
    /// assert_eq!((v.item(), m.item()), (1.0, 2.0));
    /// assert_eq!(m.grad_fn().unwrap().name(), "VarMeanBackward0");
    /// ```
    #[track_caller]
    pub fn try_var_mean(
        &self,
        dims: Option<&[isize]>,
        correction: f64,
        keepdim: bool,
    ) -> Result<(Tensor, Tensor)> {
        self.var_or_std_mean(dims, correction, keepdim, false)
    }

    /// The standard deviation and the mean over `dims` (`StdMeanBackward0` on both).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 3.0]);
    /// let (s, m) = x.try_std_mean(None, 0.0, false).unwrap();
    /// assert_eq!((s.item(), m.item()), (1.0, 2.0));
    /// ```
    #[track_caller]
    pub fn try_std_mean(
        &self,
        dims: Option<&[isize]>,
        correction: f64,
        keepdim: bool,
    ) -> Result<(Tensor, Tensor)> {
        self.var_or_std_mean(dims, correction, keepdim, true)
    }

    #[track_caller]
    fn var_or_std_mean(
        &self,
        dims: Option<&[isize]>,
        correction: f64,
        keepdim: bool,
        std: bool,
    ) -> Result<(Tensor, Tensor)> {
        check_var_dtype(self)?;
        let sp = Spread::new(self, dims, correction, keepdim)?;
        let (var, mean) = var_and_mean(self, &sp.flags, sp.n, correction, keepdim)?;
        let (flags, n) = (sp.flags.clone(), sp.n);
        let name = if std {
            "StdMeanBackward0"
        } else {
            "VarMeanBackward0"
        };
        let spread = if std { var.try_sqrt()? } else { var };
        let shape = self.dims();
        let outs = record_multi(
            name,
            vec![spread, mean],
            &[self],
            &[("self", self)],
            if std { &[0] } else { &[] },
            move |c| {
                let x = &c.saved[0];
                let from_spread = match &c.grads[0] {
                    Some(g) if std => Some(std_backward(g, x, &c.saved[1], &sp)?),
                    Some(g) => Some(var_backward(g, x, &sp)?),
                    None => None,
                };
                let from_mean = match &c.grads[1] {
                    Some(g) => Some(
                        unsqueeze_reduced(g, &flags, keepdim)?
                            .try_expand(&batch::shape(&shape))?
                            .try_div_scalar(n as f64)?,
                    ),
                    None => None,
                };
                Ok(vec![match (from_spread, from_mean) {
                    (Some(a), Some(b)) => Some(a.try_add(&b)?),
                    (a, b) => a.or(b),
                }])
            },
        )?;
        let [spread, mean]: [Tensor; 2] = outs.try_into().expect("two outputs");
        Ok((spread, mean))
    }

    /// `log Σ exp(x)` over `dims`, computed stably (the maximum is taken out first; an
    /// infinite maximum is not), as `LogsumexpBackward0`. Integer inputs give float32 (the
    /// default dtype), as in PyTorch; an empty `dims` reduces every dimension.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[0.0, 0.0], [1000.0, 1000.0]]);
    /// let y = x.try_logsumexp(&[1], false).unwrap().to_vec::<f32>();
    /// assert!((y[0] - 2f32.ln()).abs() < 1e-6 && (y[1] - 1000.0 - 2f32.ln()).abs() < 1e-3);
    /// ```
    #[track_caller]
    pub fn try_logsumexp(&self, dims: &[isize], keepdim: bool) -> Result<Tensor> {
        if !self.dtype().is_floating_point() {
            let x = cast_raw(self, crate::get_default_dtype());
            return x.try_logsumexp(dims, keepdim);
        }
        let (flags, _) = reduction(self, Some(dims))?;
        let out = {
            let _ng = crate::no_grad();
            let x = self.detach();
            let rows = rows_of(&x, &flags)?;
            let (outer, inner) = (rows.shape()[0], rows.shape()[1]);
            let vals: Vec<f64> = dispatch_float!(x.dtype(), T => {
                let v = rows.to_vec::<T>();
                lse_rows::<T>(&v, outer, inner)
            });
            Tensor::from_f64_values(&vals, &reduced_shape(x.shape(), &flags, keepdim), x.dtype())
        };
        record(
            "LogsumexpBackward0",
            out,
            &[self],
            &[("self", self)],
            true,
            move |c| {
                let (x, y) = (&c.saved[0], &c.saved[1]);
                let g = unsqueeze_reduced(c.grad, &flags, keepdim)?;
                let y = unsqueeze_reduced_plain(y, &flags, keepdim)?;
                Ok(vec![Some(g.try_mul(&x.try_sub(&y)?.try_exp()?)?)])
            },
        )
    }

    /// `logsumexp` over one dimension (panicking [`Tensor::try_logsumexp`]).
    ///
    /// ```
    /// let y = ferrograd::Tensor::new([0.0, 0.0]).logsumexp(0);
    /// assert!((y.item() - 2f64.ln()).abs() < 1e-6);
    /// ```
    #[track_caller]
    pub fn logsumexp(&self, dim: isize) -> Tensor {
        unwrap(self.try_logsumexp(&[dim], false))
    }

    /// The product of all elements, a 0-dim tensor (`ProdBackward0`); integers and bools give
    /// int64 (not differentiable). The gradient is exact where elements are zero: the product
    /// of the other elements.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([2.0, 0.0, 3.0]).requires_grad_(true);
    /// let p = x.try_prod().unwrap();
    /// p.backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 6.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_prod(&self) -> Result<Tensor> {
        let flat = {
            let _ng = crate::no_grad();
            self.detach().try_reshape(&[self.numel()])?
        };
        let out = prod_raw(&flat, 0, false)?.try_reshape(&[])?;
        let shape = self.dims();
        record(
            "ProdBackward0",
            out,
            &[self],
            &[("self", self)],
            false,
            move |c| {
                let x = c.saved[0].try_reshape(&[shape.iter().product()])?;
                let others = others_product(&x, 0)?.try_reshape(&shape)?;
                // the gradient (0-dim, or one per batch element) against every element
                let g = c.grad.try_reshape(&batch::shape(&vec![1; shape.len()]))?;
                Ok(vec![Some(g.try_mul(&others)?)])
            },
        )
    }

    /// The product along `dim` (`ProdBackward1`), keeping it as size 1 with `keepdim`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.try_prod_dim(1, false).unwrap().to_vec::<f32>(), vec![2.0, 12.0]);
    /// ```
    #[track_caller]
    pub fn try_prod_dim(&self, dim: isize, keepdim: bool) -> Result<Tensor> {
        let d = wrap_dim(dim, self.dim())?;
        if self.dim() == 0 {
            let out = prod_raw(&self.detach().try_reshape(&[1])?, 0, false)?.try_reshape(&[])?;
            return record("ProdBackward1", out, &[self], &[], false, |c| {
                Ok(vec![Some(c.grad.clone())])
            });
        }
        let out = prod_raw(&self.detach(), d, keepdim)?;
        let mut flags = vec![false; self.dim()];
        flags[d] = true;
        record(
            "ProdBackward1",
            out,
            &[self],
            &[("self", self)],
            false,
            move |c| {
                let g = unsqueeze_reduced(c.grad, &flags, keepdim)?;
                Ok(vec![Some(g.try_mul(&others_product(&c.saved[0], d)?)?)])
            },
        )
    }

    /// The product of all elements (panicking [`Tensor::try_prod`]).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([2.0, 3.0]).prod().item(), 6.0);
    /// ```
    #[track_caller]
    pub fn prod(&self) -> Tensor {
        unwrap(self.try_prod())
    }
}

/// `y` (a reduction's output) with its reduced dimensions back as size 1, with no batch
/// dimension (a saved output).
fn unsqueeze_reduced_plain(y: &Tensor, flags: &[bool], keepdim: bool) -> Result<Tensor> {
    let _unbatched = batch::Scope::new(None);
    unsqueeze_reduced(y, flags, keepdim)
}

/// `x` permuted so that the flagged dimensions come last, as rows of `[outer, inner]`,
/// contiguous.
fn rows_of(x: &Tensor, flags: &[bool]) -> Result<Tensor> {
    let kept: Vec<usize> = (0..x.dim()).filter(|&d| !flags[d]).collect();
    let gone: Vec<usize> = (0..x.dim()).filter(|&d| flags[d]).collect();
    let order: Vec<isize> = kept.iter().chain(&gone).map(|&d| d as isize).collect();
    let inner: usize = gone.iter().map(|&d| x.shape()[d]).product();
    let outer: usize = kept.iter().map(|&d| x.shape()[d]).product();
    x.try_permute(&order)?
        .contiguous()
        .try_reshape(&[outer, inner])
}

/// `log Σ exp` of each row of `inner` values: the row maximum is taken out unless infinite;
/// NaN anywhere gives NaN, an empty row −∞.
fn lse_rows<T: Element>(v: &[T], outer: usize, inner: usize) -> Vec<f64> {
    if inner == 0 {
        return vec![f64::NEG_INFINITY; outer];
    }
    v.chunks(inner)
        .map(|row| {
            let mut m = f64::NEG_INFINITY;
            for &a in row {
                let a = a.to_f64();
                if a.is_nan() {
                    return f64::NAN;
                }
                m = m.max(a);
            }
            let shift = if m.is_infinite() { 0.0 } else { m };
            let s: f64 = row.iter().map(|&a| (a.to_f64() - shift).exp()).sum();
            s.ln() + shift
        })
        .collect()
}

/// The product along `d` without recording: floats in their own precision, integers and
/// bools as int64 (wrapping, as PyTorch's).
fn prod_raw(x: &Tensor, d: usize, keepdim: bool) -> Result<Tensor> {
    let mut flags = vec![false; x.dim()];
    flags[d] = true;
    let shape = reduced_shape(x.shape(), &flags, keepdim);
    let inner = x.shape()[d];
    if !x.dtype().is_floating_point() {
        let rows = rows_of(&cast_raw(x, DType::Int64), &flags)?;
        let v = rows.to_vec::<i64>();
        let n_out: usize = shape.iter().product();
        let vals: Vec<i64> = (0..n_out)
            .map(|r| {
                v[r * inner..(r + 1) * inner]
                    .iter()
                    .fold(1i64, |a, &b| a.wrapping_mul(b))
            })
            .collect();
        return Ok(Tensor::from_vec(vals, &shape));
    }
    let rows = rows_of(x, &flags)?;
    let n_out: usize = shape.iter().product();
    let out = dispatch_float!(x.dtype(), T => {
        let v = rows.to_vec::<T>();
        let vals: Vec<T> = (0..n_out)
            .map(|r| v[r * inner..(r + 1) * inner].iter().fold(T::from_f64(1.0), |a, &b| a * b))
            .collect();
        Tensor::from_vec(vals, &shape)
    });
    Ok(out)
}

/// For each element, the product of the other elements along `d` (the gradient of a product
/// is the output gradient times it), as the exclusive cumulative products from both sides:
/// exact with zeros, and differentiable.
fn others_product(x: &Tensor, d: usize) -> Result<Tensor> {
    let n = x.shape()[d];
    if n == 0 {
        return Ok(x.zeros_like());
    }
    let di = d as isize;
    let mut one_shape = x.dims();
    one_shape[d] = 1;
    let ones = Tensor::ones_dtype(&one_shape, x.dtype());
    let left =
        Tensor::try_cat(&[ones.clone(), x.try_narrow(di, 0, n - 1)?], di)?.try_cumprod(di, None)?;
    let right = Tensor::try_cat(&[x.try_narrow(di, 1, n - 1)?, ones], di)?
        .try_flip(&[di])?
        .try_cumprod(di, None)?
        .try_flip(&[di])?;
    left.try_mul(&right)
}

#[cfg(test)]
mod tests {
    use crate::Tensor;

    /// `x.grad` after `f(x).sum().backward()`.
    fn grad_of(x: &[f32], f: impl Fn(&Tensor) -> Tensor) -> Vec<f32> {
        let x = Tensor::new(x.to_vec()).requires_grad_(true);
        f(&x).sum().backward();
        x.grad().unwrap().to_vec::<f32>()
    }

    #[test]
    fn var_gradients_where_n_minus_correction_is_not_positive_are_pytorchs() {
        // recorded from PyTorch 2.15: without dim, inf (NaN at the mean); with a dim, the sign
        // of 2 / (N − correction)
        let x = [1.0, 2.0, 4.0];
        let inf = f32::INFINITY;
        assert_eq!(
            grad_of(&x, |x| x.try_var(None, 5.0, false).unwrap()),
            [inf; 3]
        );
        assert_eq!(
            grad_of(&[1.0, 3.0], |x| x.try_var(None, 2.0, false).unwrap()),
            [inf; 2]
        );
        assert!(grad_of(&[2.0; 3], |x| x.try_var(None, 3.0, false).unwrap())
            .iter()
            .all(|g| g.is_nan()));
        let g = grad_of(&x, |x| x.try_var(Some(&[0]), 5.0, false).unwrap());
        for (a, b) in g.iter().zip([4.0f32 / 3.0, 1.0 / 3.0, -5.0 / 3.0]) {
            assert!((a - b).abs() < 1e-6, "{g:?}");
        }
        let g = grad_of(&x, |x| x.try_var_mean(Some(&[0]), 5.0, false).unwrap().0);
        assert!((g[2] + 5.0 / 3.0).abs() < 1e-6, "{g:?}");
        assert_eq!(
            grad_of(&x, |x| x.try_var(Some(&[0]), 3.0, false).unwrap()),
            [-inf, -inf, inf]
        );
        // std: the infinite result makes grad / (2 std) zero
        let g = grad_of(&x, |x| x.try_std(Some(&[0]), 5.0, false).unwrap());
        assert_eq!(g, [0.0, 0.0, 0.0]);
        assert!(g[2].is_sign_negative());
    }

    #[test]
    fn var_and_std_match_pytorch_at_the_edges() {
        // recorded from PyTorch: N − correction ≤ 0 gives NaN for one element, inf for more
        let one = Tensor::new([3.0]).requires_grad_(true);
        let v = one.var();
        assert!(v.item().is_nan());
        v.backward();
        assert!(one.grad().unwrap().to_vec::<f32>()[0].is_nan());
        let c = Tensor::ones(&[3]).requires_grad_(true);
        let s = c.std();
        assert_eq!(s.item(), 0.0);
        s.backward();
        assert_eq!(c.grad().unwrap().to_vec::<f32>(), vec![0.0; 3]);
        let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
        x.std().backward();
        let g = x.grad().unwrap().to_vec::<f32>();
        let want = [-0.3873, -0.1291, 0.1291, 0.3873];
        for (a, b) in g.iter().zip(want) {
            assert!((a - b).abs() < 1e-4, "{g:?}");
        }
    }

    #[test]
    fn prod_gradients_with_zeros_are_the_products_of_the_others() {
        // recorded from PyTorch
        let x = Tensor::new([0.0, 0.0, 3.0]).requires_grad_(true);
        x.prod().backward();
        assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 0.0]);
        let ints = Tensor::new([1i64, 2, 3, 4]).prod();
        assert_eq!(
            (ints.dtype(), ints.to_vec::<i64>()),
            (crate::DType::Int64, vec![24])
        );
        let b = Tensor::ones_dtype(&[2], crate::DType::Bool).prod();
        assert_eq!(b.dtype(), crate::DType::Int64);
    }

    #[test]
    fn logsumexp_handles_infinities_nan_and_empty_rows() {
        let y = |v: Vec<f64>| {
            Tensor::new_with_dtype(v, crate::DType::Float64)
                .logsumexp(0)
                .item()
        };
        assert_eq!(y(vec![f64::INFINITY, 1.0]), f64::INFINITY);
        assert_eq!(
            y(vec![f64::NEG_INFINITY, f64::NEG_INFINITY]),
            f64::NEG_INFINITY
        );
        assert!(y(vec![f64::NAN, 1.0]).is_nan());
        assert_eq!(y(vec![]), f64::NEG_INFINITY);
        let i = Tensor::arange(3).logsumexp(0);
        assert_eq!(i.dtype(), crate::DType::Float32);
    }
}
