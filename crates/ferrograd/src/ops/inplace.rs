//! In-place operations: `add_ sub_ mul_ div_ zero_ fill_ copy_`, with PyTorch's leaf check and
//! version counting. Under autograd, an in-place op rebases the tensor's history onto a new node.

use super::binary::{is_one, maybe_multiply};
use super::{broadcast_shapes, cast_raw, dispatch_any, reduce_grad, result_type, Scalar};
use crate::autograd::{edge_for, is_grad_enabled, rebase_history, SavedTensor};
use crate::error::{runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::{fmt_list, for_each_offset, Element};
use crate::{DType, Tensor};

/// A right-hand operand of an in-place op: a tensor or a Rust number.
pub trait Operand {
    /// The operand as a tensor (numbers become 0-dim tensors of `like`'s dtype).
    #[track_caller]
    fn to_operand(&self, like: &Tensor) -> Tensor;
}
impl Operand for &Tensor {
    #[track_caller]
    fn to_operand(&self, _like: &Tensor) -> Tensor {
        (*self).clone()
    }
}
impl Operand for Tensor {
    #[track_caller]
    fn to_operand(&self, _like: &Tensor) -> Tensor {
        self.clone()
    }
}
macro_rules! scalar_operand {
    ($($t:ty),*) => {$(
        impl Operand for $t {
            #[track_caller]
            fn to_operand(&self, like: &Tensor) -> Tensor {
                let s = Scalar::from(*self);
                let dt = super::result_type_scalar(like, s);
                Tensor::from_scalar(s, dt)
            }
        }
    )*};
}
scalar_operand!(f64, f32, i64, i32);

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Add,
    Sub,
    Mul,
    Div,
}

impl Tensor {
    /// Writes `src` (broadcast to this shape, cast to this dtype) into this tensor's elements, with
    /// no autograd and no version bump.
    #[track_caller]
    pub(crate) fn copy_raw(&self, src: &Tensor) -> Result<()> {
        let shape = broadcast_shapes(self.shape(), src.shape())?;
        if shape != self.shape() {
            return Err(runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                fmt_list(self.shape()),
                fmt_list(&shape)
            )));
        }
        let dt = self.dtype();
        let src = cast_raw(src, dt).expand_raw(self.shape());
        dispatch_any!(dt, T => {
            if std::sync::Arc::ptr_eq(&src.0.storage, &self.0.storage) {
                // Source and destination share storage: read everything first.
                let vals: Vec<T> = src.to_vec::<T>();
                let mut buf = self.0.storage.write();
                let dst = T::slice_mut(&mut buf).expect("dtype");
                let mut it = vals.into_iter();
                for_each_offset(self.shape(), self.strides(), self.storage_offset(), |o| {
                    dst[o] = it.next().expect("length");
                });
            } else {
                let (sb, mut db) = lock_pair(&src, self);
                let s = T::slice(&sb).expect("dtype");
                let d = T::slice_mut(&mut db).expect("dtype");
                cpu::copy_into(d, self.shape(), self.strides(), self.storage_offset(), s, src.strides(), src.storage_offset());
            }
        });
        Ok(())
    }

    /// `self = self op other` written straight into this tensor's elements (no autograd, no
    /// version bump); `false` when the operands need the general path (shared storage, a dtype
    /// that computes in another type).
    #[track_caller]
    fn update_in_place(&self, other: &Tensor, kind: Kind, alpha: Scalar) -> Result<bool> {
        let dt = self.dtype();
        if !matches!(dt, DType::Float32 | DType::Float64)
            || std::sync::Arc::ptr_eq(&other.0.storage, &self.0.storage)
        {
            return Ok(false);
        }
        let shape = broadcast_shapes(self.shape(), other.shape())?;
        if shape != self.shape() {
            return Err(runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                fmt_list(self.shape()),
                fmt_list(&shape)
            )));
        }
        let src = cast_raw(other, dt).expand_raw(self.shape());
        let (sb, mut db) = lock_pair(&src, self);
        let (dl, sl) = (
            (self.shape(), self.strides(), self.storage_offset()),
            (src.strides(), src.storage_offset()),
        );
        match dt {
            DType::Float32 => update::<f32>(&mut db, &sb, dl, sl, kind, alpha),
            _ => update::<f64>(&mut db, &sb, dl, sl, kind, alpha),
        }
        Ok(true)
    }

    /// `self += g` on the raw data, no autograd (gradient accumulation).
    #[track_caller]
    pub(crate) fn try_add_inplace_raw(&self, g: &Tensor) -> Result<()> {
        let sum = {
            let _ng = crate::no_grad();
            self.try_add(g)?
        };
        self.copy_raw(&sum)?;
        self.0.counter().bump();
        Ok(())
    }

    #[track_caller]
    pub(crate) fn check_inplace(&self) -> Result<()> {
        if is_grad_enabled() && self.is_leaf() && self.requires_grad() {
            return Err(runtime(
                "a leaf Variable that requires grad is being used in an in-place operation.",
            ));
        }
        Ok(())
    }

    /// PyTorch's checks before writing to a view (or an expanded tensor) in place.
    #[track_caller]
    pub(crate) fn check_view_autograd(&self, other_requires: bool) -> Result<()> {
        crate::autograd::view_inplace::check(self, other_requires)
    }

    #[track_caller]
    fn arith_inplace(&self, other: &Tensor, kind: Kind, alpha: Scalar) -> Result<&Tensor> {
        self.check_inplace()?;
        if kind == Kind::Sub {
            super::binary::sub_check(self.dtype(), other.dtype())?;
        }
        let rt = result_type(self, other);
        let rt = if kind == Kind::Div && !rt.is_floating_point() {
            crate::get_default_dtype()
        } else {
            rt
        };
        if rt.category() > self.dtype().category() {
            return Err(runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                rt.scalar_name(),
                self.dtype().scalar_name()
            )));
        }
        if matches!(kind, Kind::Add | Kind::Sub) {
            super::binary::check_alpha(rt, alpha)?;
        }
        self.check_view_autograd(other.requires_grad())?;
        let record = is_grad_enabled() && (self.requires_grad() || other.requires_grad());
        if !record && rt == self.dtype() && self.update_in_place(other, kind, alpha)? {
            self.0.counter().bump();
            return Ok(self);
        }
        // The value of `self` before the update, for the backward of mul_/div_: a differentiable
        // clone (as PyTorch's `original_self`), so higher-order gradients flow through it.
        let old_self = if record && kind != Kind::Add && kind != Kind::Sub {
            Some(self.try_clone_op()?)
        } else {
            None
        };
        let new = {
            let _ng = crate::no_grad();
            match kind {
                Kind::Add if is_one(alpha) => self.try_add(other)?,
                Kind::Sub if is_one(alpha) => self.try_sub(other)?,
                Kind::Add => self.try_add_alpha(other, alpha)?,
                Kind::Sub => self.try_sub_alpha(other, alpha)?,
                Kind::Mul => self.try_mul(other)?,
                Kind::Div => self.try_div(other)?,
            }
        };
        self.copy_raw(&new)?;
        self.0.counter().bump();
        if record {
            let edges = vec![edge_for(self), edge_for(other)];
            let (sd, os, od) = (self.dtype(), other.dims(), other.dtype());
            match kind {
                Kind::Add | Kind::Sub => {
                    let neg = kind == Kind::Sub;
                    rebase_history(
                        self,
                        if neg { "SubBackward0" } else { "AddBackward0" },
                        edges,
                        vec![],
                        move |c| {
                            let go = if c.needs(1) {
                                let g = if neg {
                                    c.grad.try_neg()?
                                } else {
                                    c.grad.clone()
                                };
                                Some(reduce_grad(&maybe_multiply(g, alpha)?, &os, od)?)
                            } else {
                                None
                            };
                            Ok(vec![Some(c.grad.try_to_dtype(sd)?), go])
                        },
                    )?;
                    if !is_one(alpha) {
                        let node = if neg { "SubBackward0" } else { "AddBackward0" };
                        crate::autograd::keep_value(self, node, "alpha", alpha);
                    }
                }
                Kind::Mul | Kind::Div => {
                    let old = old_self.expect("saved");
                    let saved = vec![
                        SavedTensor::input("self", &old),
                        SavedTensor::input("other", other),
                    ];
                    let div = kind == Kind::Div;
                    rebase_history(
                        self,
                        if div { "DivBackward0" } else { "MulBackward0" },
                        edges,
                        saved,
                        move |c| {
                            let (a, b) = (&c.saved[0], &c.saved[1]);
                            let (ga, gb) = if div {
                                (
                                    c.grad.try_div(b)?,
                                    c.grad.try_neg()?.try_mul(a)?.try_div(&b.try_mul(b)?)?,
                                )
                            } else {
                                (c.grad.try_mul(b)?, c.grad.try_mul(a)?)
                            };
                            Ok(vec![
                                Some(ga.try_to_dtype(sd)?),
                                c.grad_if(1, || reduce_grad(&gb, &os, od))?,
                            ])
                        },
                    )?;
                }
            }
        }
        Ok(self)
    }

    /// In-place `self += other` (a tensor or a number); returns `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]);
    /// x.try_add_(&ferrograd::Tensor::new(1.0)).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![2.0, 3.0]);
    /// let w = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// assert_eq!(
    ///     w.try_add_(1.0).unwrap_err().to_string(),
    ///     "a leaf Variable that requires grad is being used in an in-place operation."
    /// );
    /// ```
    #[track_caller]
    pub fn try_add_(&self, other: impl Operand) -> Result<&Tensor> {
        self.arith_inplace(&other.to_operand(self), Kind::Add, Scalar::Int(1))
    }
    /// In-place `self -= other`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]);
    /// x.try_sub_(0.5).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.5, 1.5]);
    /// ```
    #[track_caller]
    pub fn try_sub_(&self, other: impl Operand) -> Result<&Tensor> {
        self.arith_inplace(&other.to_operand(self), Kind::Sub, Scalar::Int(1))
    }
    /// In-place `self += alpha * other` (PyTorch's `add_(other, alpha=alpha)`), rounded once
    /// for floats as [`Tensor::try_add_alpha`]; returns `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]);
    /// x.try_add_alpha_(&ferrograd::Tensor::new([2.0, 4.0]), -0.5).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn try_add_alpha_(&self, other: impl Operand, alpha: impl Into<Scalar>) -> Result<&Tensor> {
        self.arith_inplace(&other.to_operand(self), Kind::Add, alpha.into())
    }
    /// In-place `self -= alpha * other` (PyTorch's `sub_(other, alpha=alpha)`); returns `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2]);
    /// x.try_sub_alpha_(1, 3).unwrap();
    /// assert_eq!(x.to_vec::<i64>(), vec![-2, -1]);
    /// ```
    #[track_caller]
    pub fn try_sub_alpha_(&self, other: impl Operand, alpha: impl Into<Scalar>) -> Result<&Tensor> {
        self.arith_inplace(&other.to_operand(self), Kind::Sub, alpha.into())
    }
    /// In-place `self *= other`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]);
    /// x.try_mul_(&ferrograd::Tensor::new([3.0, 4.0])).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![3.0, 8.0]);
    /// ```
    #[track_caller]
    pub fn try_mul_(&self, other: impl Operand) -> Result<&Tensor> {
        self.arith_inplace(&other.to_operand(self), Kind::Mul, Scalar::Int(1))
    }
    /// In-place `self /= other`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]);
    /// x.try_div_(2).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn try_div_(&self, other: impl Operand) -> Result<&Tensor> {
        self.arith_inplace(&other.to_operand(self), Kind::Div, Scalar::Int(1))
    }

    /// Panicking [`Tensor::try_add_`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2]);
    /// x.add_(1.0).add_(1.0);
    /// assert_eq!(x.to_vec::<f32>(), vec![2.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn add_(&self, other: impl Operand) -> &Tensor {
        unwrap(self.try_add_(other))
    }
    /// Panicking [`Tensor::try_sub_`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[2]);
    /// x.sub_(1.0);
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn sub_(&self, other: impl Operand) -> &Tensor {
        unwrap(self.try_sub_(other))
    }
    /// Panicking [`Tensor::try_mul_`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[2]);
    /// x.mul_(3.0);
    /// assert_eq!(x.to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn mul_(&self, other: impl Operand) -> &Tensor {
        unwrap(self.try_mul_(other))
    }
    /// Panicking [`Tensor::try_div_`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::ones(&[2]);
    /// x.div_(4.0);
    /// assert_eq!(x.to_vec::<f32>(), vec![0.25, 0.25]);
    /// ```
    #[track_caller]
    pub fn div_(&self, other: impl Operand) -> &Tensor {
        unwrap(self.try_div_(other))
    }

    #[track_caller]
    fn overwrite(&self, src: &Tensor, name: &'static str, src_grad: bool) -> Result<&Tensor> {
        self.check_inplace()?;
        self.check_view_autograd(src_grad && src.requires_grad())?;
        self.copy_raw(src)?;
        self.0.counter().bump();
        let record =
            is_grad_enabled() && (self.requires_grad() || (src_grad && src.requires_grad()));
        if record {
            let edges = vec![edge_for(self), if src_grad { edge_for(src) } else { None }];
            let (os, od) = (src.dims(), src.dtype());
            rebase_history(self, name, edges, vec![], move |c| {
                let zero = c.grad.zeros_like();
                let gs = c.grad_if(1, || reduce_grad(c.grad, &os, od))?;
                Ok(vec![Some(zero), gs])
            })?;
        }
        Ok(self)
    }

    /// Sets every element to zero in place (`ZeroBackward0`); returns `self`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(4.0).requires_grad_(true);
    /// x.dot(&x).backward();
    /// let g = x.grad().unwrap();
    /// g.zero_();
    /// assert_eq!(x.grad().unwrap().to_string(), "tensor([0., 0., 0., 0.])");
    /// ```
    #[track_caller]
    pub fn zero_(&self) -> &Tensor {
        unwrap(self.overwrite(
            &Tensor::scalar_tensor(0.0, self.dtype()),
            "ZeroBackward0",
            false,
        ))
    }

    /// Sets every element to `value` in place (`FillBackward0`); a value the dtype cannot hold
    /// is PyTorch's error ([`Scalar::checked_to`]).
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2]);
    /// x.try_fill_(7.0).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![7.0, 7.0]);
    /// assert_eq!(
    ///     x.try_fill_(1e39).unwrap_err().to_string(),
    ///     "value cannot be converted to type float without overflow"
    /// );
    /// ```
    #[track_caller]
    pub fn try_fill_(&self, value: impl Into<Scalar>) -> Result<&Tensor> {
        let src = Tensor::try_full_scalar(&[], value, self.dtype())?;
        self.overwrite(&src, "FillBackward0", false)
    }

    /// Sets every element to the value of the 0-dim tensor `value` in place (`FillBackward3`):
    /// the value is cast as [`Tensor::copy_`] casts, and when it requires grad it receives the
    /// sum of the output gradient, as in PyTorch.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let v = Tensor::new(2.0).requires_grad_(true);
    /// let x = Tensor::zeros(&[3]);
    /// x.try_fill_tensor_(&v).unwrap();
    /// assert_eq!(x.grad_fn().unwrap().name(), "FillBackward3");
    /// x.sum().backward();
    /// assert_eq!(v.grad().unwrap().item(), 3.0);
    /// assert_eq!(
    ///     x.try_fill_tensor_(&Tensor::new([4.0])).unwrap_err().to_string(),
    ///     "fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions."
    /// );
    /// ```
    #[track_caller]
    pub fn try_fill_tensor_(&self, value: &Tensor) -> Result<&Tensor> {
        if value.dim() != 0 {
            return Err(runtime(format!(
                "fill_ only supports 0-dimension value tensor but got tensor with {} dimensions.",
                value.dim()
            )));
        }
        self.overwrite(value, "FillBackward3", true)
    }

    /// Panicking [`Tensor::try_fill_`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[1]);
    /// assert_eq!(x.fill_(2).item(), 2.0);
    /// ```
    #[track_caller]
    pub fn fill_(&self, value: impl Into<Scalar>) -> &Tensor {
        unwrap(self.try_fill_(value))
    }

    /// Copies `src` (broadcast, cast) into this tensor in place (`CopyBackwards`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2, 2]);
    /// x.try_copy_(&ferrograd::Tensor::new([1, 2])).unwrap();
    /// assert_eq!(x.to_vec::<f32>(), vec![1.0, 2.0, 1.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_copy_(&self, src: &Tensor) -> Result<&Tensor> {
        self.overwrite(src, "CopyBackwards", true)
    }

    /// Panicking [`Tensor::try_copy_`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::zeros(&[2]);
    /// x.copy_(&ferrograd::Tensor::new([3.0, 4.0]));
    /// assert_eq!(x.to_vec::<f32>(), vec![3.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn copy_(&self, src: &Tensor) -> &Tensor {
        unwrap(self.try_copy_(src))
    }
}

type Layout<'a> = (&'a [usize], &'a [usize], usize);

fn update<T: super::Float>(
    dst: &mut crate::tensor::Buffer,
    src: &crate::tensor::Buffer,
    (shape, dstr, doff): Layout<'_>,
    (sstr, soff): (&[usize], usize),
    kind: Kind,
    alpha: Scalar,
) {
    let d = T::slice_mut(dst).expect("dtype");
    let s = T::slice(src).expect("dtype");
    // `a + alpha * b` rounded once, as PyTorch's kernel (for `sub_`, alpha negated)
    let al = match kind {
        Kind::Add if !is_one(alpha) => Some(T::from_scalar(alpha)),
        Kind::Sub if !is_one(alpha) => Some(-T::from_scalar(alpha)),
        _ => None,
    };
    if let Some(al) = al {
        cpu::with_fma(|| {
            cpu::update(d, shape, dstr, doff, s, sstr, soff, move |a: T, b: T| {
                b.mul_add(al, a)
            })
        });
        return;
    }
    match kind {
        Kind::Add => cpu::update(d, shape, dstr, doff, s, sstr, soff, |a: T, b: T| a + b),
        Kind::Sub => cpu::update(d, shape, dstr, doff, s, sstr, soff, |a: T, b: T| a - b),
        Kind::Mul => cpu::update(d, shape, dstr, doff, s, sstr, soff, |a: T, b: T| a * b),
        Kind::Div => cpu::update(d, shape, dstr, doff, s, sstr, soff, |a: T, b: T| a / b),
    }
}

macro_rules! assign_ops {
    ($Trait:ident, $m:ident, $f:ident) => {
        impl std::ops::$Trait<&Tensor> for Tensor {
            #[track_caller]
            fn $m(&mut self, rhs: &Tensor) {
                self.$f(rhs);
            }
        }
        impl std::ops::$Trait<Tensor> for Tensor {
            #[track_caller]
            fn $m(&mut self, rhs: Tensor) {
                self.$f(&rhs);
            }
        }
        impl std::ops::$Trait<f64> for Tensor {
            #[track_caller]
            fn $m(&mut self, rhs: f64) {
                self.$f(rhs);
            }
        }
    };
}
assign_ops!(AddAssign, add_assign, add_);
assign_ops!(SubAssign, sub_assign, sub_);
assign_ops!(MulAssign, mul_assign, mul_);
assign_ops!(DivAssign, div_assign, div_);

/// Locks `src` for reading and `dst` for writing, in address order, so that a concurrent copy
/// the other way waits instead of deadlocking. The storages must differ.
fn lock_pair<'a>(
    src: &'a Tensor,
    dst: &'a Tensor,
) -> (
    crate::tensor::storage::BufferRead<'a>,
    crate::tensor::storage::BufferWrite<'a>,
) {
    if std::sync::Arc::as_ptr(&src.0.storage) < std::sync::Arc::as_ptr(&dst.0.storage) {
        let sb = src.0.storage.read();
        (sb, dst.0.storage.write())
    } else {
        let db = dst.0.storage.write();
        (src.0.storage.read(), db)
    }
}
