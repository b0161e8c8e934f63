//! Bitwise operators on integer and bool tensors: `&`, `|`, `^`, `<<`, `>>` and `~`, with
//! broadcasting and PyTorch's type promotion. They are not differentiable (PyTorch defines them
//! for integral and bool dtypes only), so nothing is recorded.

use super::{broadcast_dims, cast_cow, result_type, result_type_scalar, Scalar};
use crate::error::{not_implemented, runtime, unwrap, Result};
use crate::kernels::cpu;
use crate::tensor::{Data, Element};
use crate::{DType, Tensor};

/// A bitwise operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitOp {
    /// `a & b` (`bitwise_and`).
    And,
    /// `a | b` (`bitwise_or`).
    Or,
    /// `a ^ b` (`bitwise_xor`).
    Xor,
    /// `a << b` (`bitwise_left_shift`): 0 for a shift below 0 or above 63.
    LeftShift,
    /// `a >> b` (`bitwise_right_shift`), arithmetic: the sign fills a shift below 0 or above 63.
    RightShift,
}

impl BitOp {
    /// PyTorch's kernel name, as its dtype errors show it.
    fn kernel(self) -> &'static str {
        match self {
            BitOp::And => "bitwise_and_cpu",
            BitOp::Or => "bitwise_or_cpu",
            BitOp::Xor => "bitwise_xor_cpu",
            BitOp::LeftShift => "lshift_cpu",
            BitOp::RightShift => "rshift_cpu",
        }
    }

    fn is_shift(self) -> bool {
        matches!(self, BitOp::LeftShift | BitOp::RightShift)
    }

    /// The operator on two int64 values (shifts as PyTorch's CPU kernels: a left shift by
    /// 64 or more, or by a negative amount, is 0; a right shift so far is the sign).
    #[inline]
    fn int(self, a: i64, b: i64) -> i64 {
        match self {
            BitOp::And => a & b,
            BitOp::Or => a | b,
            BitOp::Xor => a ^ b,
            BitOp::LeftShift if (0..64).contains(&b) => ((a as u64) << b) as i64,
            BitOp::LeftShift => 0,
            BitOp::RightShift if (0..64).contains(&b) => a >> b,
            BitOp::RightShift => a >> 63,
        }
    }

    /// The dtype the operator computes `a op b` in, or PyTorch's error for a floating (or, for
    /// a shift, bool) one.
    fn dtype_for(self, dt: DType) -> Result<DType> {
        if dt.is_floating_point() || (dt == DType::Bool && self.is_shift()) {
            return Err(not_implemented(format!(
                "\"{}\" not implemented for '{}'",
                self.kernel(),
                dt.scalar_name()
            )));
        }
        Ok(dt)
    }
}

/// `a op b` with broadcasting, in the promoted dtype.
#[track_caller]
fn bitwise(a: &Tensor, b: &Tensor, op: BitOp) -> Result<Tensor> {
    // PyTorch checks the shapes before the dtypes
    let shape = broadcast_dims(a.shape(), b.shape())?;
    let dt = op.dtype_for(result_type(a, b))?;
    crate::tensor::size::checked_storage_numel(&shape, dt)?;
    let (ac, bc) = (cast_cow(a, dt), cast_cow(b, dt));
    let buf = if dt == DType::Bool {
        let v: Data<bool> = match op {
            BitOp::And => cpu::zip(&ac, &bc, &shape, |x: bool, y: bool| x & y),
            BitOp::Or => cpu::zip(&ac, &bc, &shape, |x: bool, y: bool| x | y),
            _ => cpu::zip(&ac, &bc, &shape, |x: bool, y: bool| x ^ y),
        };
        bool::into_buffer(v)
    } else {
        i64::into_buffer(cpu::zip(&ac, &bc, &shape, move |x: i64, y: i64| {
            op.int(x, y)
        }))
    };
    Ok(Tensor::from_buffer(buf, shape))
}

impl Tensor {
    /// `self op other` for a bitwise [`BitOp`], with broadcasting: bool with bool stays bool
    /// (but for shifts), anything with int64 is int64, and a floating operand is PyTorch's
    /// `NotImplementedError`. Nothing is recorded: the operators are not differentiable.
    ///
    /// ```
    /// use ferrograd::{ops::BitOp, Tensor};
    /// let a = Tensor::new([12i64, -8]);
    /// assert_eq!(a.try_bitwise(&Tensor::new([10i64, 3]), BitOp::And).unwrap().to_vec::<i64>(), vec![8, 0]);
    /// assert_eq!(a.try_bitwise(&Tensor::new(1i64), BitOp::RightShift).unwrap().to_vec::<i64>(), vec![6, -4]);
    /// let e = Tensor::new([1.0]).try_bitwise(&a, BitOp::Or).unwrap_err();
    /// assert_eq!(e.to_string(), "\"bitwise_or_cpu\" not implemented for 'Float'");
    /// ```
    #[track_caller]
    pub fn try_bitwise(&self, other: &Tensor, op: BitOp) -> Result<Tensor> {
        bitwise(self, other, op)
    }

    /// `self op s` for a number `s` (taken exactly: an int64 is not rounded through `f64`), in
    /// the dtype PyTorch promotes to (`bool_tensor & 3` is int64, `int_tensor & True` int64).
    ///
    /// ```
    /// use ferrograd::{ops::BitOp, Tensor};
    /// let a = Tensor::new([(1i64 << 62) + 1, 7]);
    /// let r = a.try_bitwise_scalar((1i64 << 62) + 3, BitOp::And).unwrap();
    /// assert_eq!(r.to_vec::<i64>(), vec![(1 << 62) + 1, 3]);
    /// assert_eq!(Tensor::new([true, false]).try_bitwise_scalar(3, BitOp::Or).unwrap().to_vec::<i64>(), vec![3, 3]);
    /// ```
    #[track_caller]
    pub fn try_bitwise_scalar(&self, s: impl Into<Scalar>, op: BitOp) -> Result<Tensor> {
        let s = s.into();
        bitwise(
            self,
            &Tensor::from_scalar(s, result_type_scalar(self, s)),
            op,
        )
    }

    /// `s op self` for a number `s` on the left (`1 << t`).
    ///
    /// ```
    /// use ferrograd::{ops::BitOp, Tensor};
    /// let r = Tensor::new([0i64, 3, 64]).try_rbitwise_scalar(1, BitOp::LeftShift).unwrap();
    /// assert_eq!(r.to_vec::<i64>(), vec![1, 8, 0]);
    /// ```
    #[track_caller]
    pub fn try_rbitwise_scalar(&self, s: impl Into<Scalar>, op: BitOp) -> Result<Tensor> {
        let s = s.into();
        bitwise(
            &Tensor::from_scalar(s, result_type_scalar(self, s)),
            self,
            op,
        )
    }

    /// In-place `self op= other`: the result must be castable to this tensor's dtype (an
    /// int64 result into a bool tensor is PyTorch's error).
    ///
    /// ```
    /// use ferrograd::{ops::BitOp, Tensor};
    /// let a = Tensor::new([5i64, 6]);
    /// a.try_bitwise_(&Tensor::new(3i64), BitOp::Xor).unwrap();
    /// assert_eq!(a.to_vec::<i64>(), vec![6, 5]);
    /// let b = Tensor::new([true]);
    /// assert_eq!(
    ///     b.try_bitwise_(&Tensor::new(3i64), BitOp::And).unwrap_err().to_string(),
    ///     "result type Long can't be cast to the desired output type Bool"
    /// );
    /// ```
    #[track_caller]
    pub fn try_bitwise_(&self, other: &Tensor, op: BitOp) -> Result<&Tensor> {
        let rt = op.dtype_for(result_type(self, other))?;
        if rt.category() > self.dtype().category() {
            return Err(runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                rt.scalar_name(),
                self.dtype().scalar_name()
            )));
        }
        let r = bitwise(self, other, op)?;
        self.try_copy_(&r)
    }

    /// In-place `self op= s` for a number `s` ([`Tensor::try_bitwise_`]).
    ///
    /// ```
    /// use ferrograd::{ops::BitOp, Tensor};
    /// let a = Tensor::new([1i64, 2]);
    /// a.try_bitwise_scalar_(3, BitOp::LeftShift).unwrap();
    /// assert_eq!(a.to_vec::<i64>(), vec![8, 16]);
    /// assert!(Tensor::new([true]).try_bitwise_scalar_(3, BitOp::And).is_err());
    /// ```
    #[track_caller]
    pub fn try_bitwise_scalar_(&self, s: impl Into<Scalar>, op: BitOp) -> Result<&Tensor> {
        let s = s.into();
        self.try_bitwise_(&Tensor::from_scalar(s, result_type_scalar(self, s)), op)
    }

    /// `~self` (`bitwise_not`): logical NOT of a bool tensor, the one's complement of an int64
    /// one; a floating tensor is PyTorch's `NotImplementedError`.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::new([0i64, -5]).try_bitwise_not().unwrap().to_vec::<i64>(), vec![-1, 4]);
    /// assert_eq!(Tensor::new([true, false]).try_bitwise_not().unwrap().to_vec::<bool>(), vec![false, true]);
    /// assert!(Tensor::new([1.0]).try_bitwise_not().is_err());
    /// ```
    #[track_caller]
    pub fn try_bitwise_not(&self) -> Result<Tensor> {
        let buf = match self.dtype() {
            DType::Bool => bool::into_buffer(cpu::map(self, |x: bool| !x)),
            DType::Int64 => i64::into_buffer(cpu::map(self, |x: i64| !x)),
            dt => {
                return Err(not_implemented(format!(
                    "\"bitwise_not_cpu\" not implemented for '{}'",
                    dt.scalar_name()
                )))
            }
        };
        Ok(Tensor::from_buffer(buf, self.dims()))
    }

    /// Panicking form of [`Tensor::try_bitwise_not`].
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::new([6i64]).bitwise_not().to_vec::<i64>(), vec![-7]);
    /// ```
    #[track_caller]
    pub fn bitwise_not(&self) -> Tensor {
        unwrap(self.try_bitwise_not())
    }
}

macro_rules! bitwise_methods {
    ($($name:ident, $op:ident, $sym:literal);*) => {
        impl Tensor {
            $(
                #[doc = concat!("`self ", $sym, " other` elementwise, with broadcasting; see [`Tensor::try_bitwise`]. Panics on error.")]
                ///
                /// ```
                /// let a = ferrograd::Tensor::new([6i64, 3]);
                #[doc = concat!("assert_eq!(a.", stringify!($name), "(&a).numel(), 2);")]
                /// ```
                #[track_caller]
                pub fn $name(&self, other: &Tensor) -> Tensor {
                    unwrap(self.try_bitwise(other, BitOp::$op))
                }
            )*
        }
    };
}
bitwise_methods!(
    bitwise_and, And, "&";
    bitwise_or, Or, "|";
    bitwise_xor, Xor, "^";
    bitwise_left_shift, LeftShift, "<<";
    bitwise_right_shift, RightShift, ">>"
);

#[cfg(test)]
mod tests {
    use super::BitOp;
    use crate::{DType, Tensor};

    /// The shift amounts at the edges, as PyTorch 2.15 computes them.
    #[test]
    fn shifts_past_the_width_and_negative_shifts() {
        let s = Tensor::new([0i64, 1, 63, 64, 65, -1, -64, 100]);
        let shl = |x: i64| Tensor::new(x).try_bitwise(&s, BitOp::LeftShift).unwrap();
        let shr = |x: i64| Tensor::new(x).try_bitwise(&s, BitOp::RightShift).unwrap();
        assert_eq!(shl(1).to_vec::<i64>(), vec![1, 2, i64::MIN, 0, 0, 0, 0, 0]);
        assert_eq!(
            shl(-1).to_vec::<i64>(),
            vec![-1, -2, i64::MIN, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            shr(-8).to_vec::<i64>(),
            vec![-8, -4, -1, -1, -1, -1, -1, -1]
        );
        assert_eq!(shr(8).to_vec::<i64>(), vec![8, 4, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn dtypes_promote_as_pytorch() {
        let b = Tensor::new([true, false, true]);
        let i = Tensor::new([4i64, -5, 7]);
        let and = b
            .try_bitwise(&Tensor::new([true, true, false]), BitOp::And)
            .unwrap();
        assert_eq!(and.dtype(), DType::Bool);
        assert_eq!(and.to_vec::<bool>(), vec![true, false, false]);
        assert_eq!(
            b.try_bitwise_scalar(false, BitOp::Xor).unwrap().dtype(),
            DType::Bool
        );
        let r = b.try_bitwise_scalar(1, BitOp::Xor).unwrap();
        assert_eq!(
            (r.dtype(), r.to_vec::<i64>()),
            (DType::Int64, vec![0, 1, 0])
        );
        assert_eq!(
            b.try_bitwise_scalar(1, BitOp::LeftShift)
                .unwrap()
                .to_vec::<i64>(),
            vec![2, 0, 2]
        );
        assert_eq!(
            i.try_bitwise_scalar(true, BitOp::And)
                .unwrap()
                .to_vec::<i64>(),
            vec![0, 1, 1]
        );
        assert_eq!(
            i.try_bitwise(&b, BitOp::Xor).unwrap().to_vec::<i64>(),
            vec![5, -5, 6]
        );
        let e = |r: crate::Result<Tensor>| r.unwrap_err().to_string();
        assert_eq!(
            e(b.try_bitwise(&b, BitOp::LeftShift)),
            "\"lshift_cpu\" not implemented for 'Bool'"
        );
        assert_eq!(
            e(i.try_bitwise_scalar(1.5, BitOp::LeftShift)),
            "\"lshift_cpu\" not implemented for 'Float'"
        );
        let f64s = Tensor::new_with_dtype([1.0], DType::Float64);
        assert_eq!(
            e(f64s.try_bitwise_scalar(1, BitOp::RightShift)),
            "\"rshift_cpu\" not implemented for 'Double'"
        );
        assert_eq!(e(i.try_bitwise(&Tensor::new([1i64, 2]), BitOp::And)), "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0");
        let kind = i.try_bitwise_scalar(1.5, BitOp::And).unwrap_err().kind();
        assert_eq!(kind, crate::ErrorKind::NotImplemented);
    }

    #[test]
    fn broadcasting_and_strided_operands() {
        let col = Tensor::new([[1i64], [2]]);
        let r = col
            .try_bitwise(&Tensor::new([3i64, 1]), BitOp::And)
            .unwrap();
        assert_eq!(
            (r.shape().to_vec(), r.to_vec::<i64>()),
            (vec![2, 2], vec![1, 1, 2, 0])
        );
        let m = Tensor::from_vec((0..6i64).collect(), &[2, 3]).t();
        let r = m.try_bitwise(&Tensor::new(1i64), BitOp::Or).unwrap();
        assert_eq!(r.to_vec::<i64>(), vec![1, 3, 1, 5, 3, 5]);
        let empty = Tensor::from_vec(Vec::<i64>::new(), &[0, 3]);
        assert_eq!(
            empty.try_bitwise_scalar(1, BitOp::And).unwrap().shape(),
            &[0, 3]
        );
    }

    #[test]
    fn in_place_forms_check_the_result_type() {
        let b = Tensor::new([true, false, true]);
        b.try_bitwise_(&Tensor::new([false, true, false]), BitOp::Or)
            .unwrap();
        assert_eq!(b.to_vec::<bool>(), vec![true, true, true]);
        assert_eq!(b.version(), 1);
        let i = Tensor::new([1i64, 2, 3]);
        i.try_bitwise_(&Tensor::new(2i64), BitOp::LeftShift)
            .unwrap();
        assert_eq!(i.to_vec::<i64>(), vec![4, 8, 12]);
        assert!(i.try_bitwise_(&Tensor::new(1.0), BitOp::And).is_err());
    }
}
