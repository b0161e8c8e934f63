//! Creating tensors: from Rust data (`Tensor::new`, [`tensor!`](crate::tensor!)), ranges,
//! constants and identity. Random tensors are in [`crate::random`].

use super::size::checked_storage_numel;
use super::storage::try_vec;
use super::{Buffer, Tensor};
use crate::error::{runtime, unwrap, value_err, Result};
use crate::ops::Scalar;
use crate::DType;

/// Flattened literal data with its kind.
#[doc(hidden)]
pub enum Flat {
    /// Floating literals.
    Float(Vec<f64>),
    /// Integer literals.
    Int(Vec<i64>),
    /// Boolean literals.
    Bool(Vec<bool>),
}

/// Rust data a tensor can be built from: numbers, booleans and (nested) arrays, `Vec`s and slices
/// of them. Floats make float32 tensors and integers int64 tensors, as Python literals do in
/// `torch.tensor`.
pub trait TensorData {
    #[doc(hidden)]
    fn kind() -> u8;
    #[doc(hidden)]
    fn flatten_into(&self, depth: usize, shape: &mut Vec<usize>, out: &mut Flat) -> Result<()>;
}

macro_rules! leaf_data {
    ($($t:ty => $var:ident, $kind:expr, $conv:expr);*) => {$(
        impl TensorData for $t {
            fn kind() -> u8 { $kind }
            fn flatten_into(&self, depth: usize, shape: &mut Vec<usize>, out: &mut Flat) -> Result<()> {
                if shape.len() > depth {
                    return Err(value_err(format!(
                        "expected sequence of length {} at dim {} (got a number)", shape[depth], depth
                    )));
                }
                if let Flat::$var(v) = out {
                    let conv: fn($t) -> _ = $conv;
                    v.push(conv(*self));
                }
                Ok(())
            }
        }
    )*};
}
leaf_data!(
    f64 => Float, 2, |x| x;
    f32 => Float, 2, |x| x as f64;
    i64 => Int, 1, |x| x;
    i32 => Int, 1, |x| x as i64;
    bool => Bool, 0, |x| x
);

fn flatten_seq<T: TensorData>(
    items: &[T],
    depth: usize,
    shape: &mut Vec<usize>,
    out: &mut Flat,
) -> Result<()> {
    if shape.len() == depth {
        shape.push(items.len());
    } else if shape.len() < depth || shape[depth] != items.len() {
        return Err(value_err(format!(
            "expected sequence of length {} at dim {} (got {})",
            shape.get(depth).copied().unwrap_or(0),
            depth,
            items.len()
        )));
    }
    for it in items {
        it.flatten_into(depth + 1, shape, out)?;
    }
    Ok(())
}

impl<T: TensorData, const N: usize> TensorData for [T; N] {
    fn kind() -> u8 {
        T::kind()
    }
    fn flatten_into(&self, depth: usize, shape: &mut Vec<usize>, out: &mut Flat) -> Result<()> {
        flatten_seq(self, depth, shape, out)
    }
}
impl<T: TensorData> TensorData for Vec<T> {
    fn kind() -> u8 {
        T::kind()
    }
    fn flatten_into(&self, depth: usize, shape: &mut Vec<usize>, out: &mut Flat) -> Result<()> {
        flatten_seq(self, depth, shape, out)
    }
}
impl<T: TensorData> TensorData for &[T] {
    fn kind() -> u8 {
        T::kind()
    }
    fn flatten_into(&self, depth: usize, shape: &mut Vec<usize>, out: &mut Flat) -> Result<()> {
        flatten_seq(self, depth, shape, out)
    }
}

fn flatten<D: TensorData>(data: &D) -> Result<(Vec<usize>, Flat)> {
    let mut flat = match D::kind() {
        2 => Flat::Float(Vec::new()),
        1 => Flat::Int(Vec::new()),
        _ => Flat::Bool(Vec::new()),
    };
    let mut shape = Vec::new();
    data.flatten_into(0, &mut shape, &mut flat)?;
    // A trailing empty dimension leaves deeper dims unknown: PyTorch gives shape (.., 0).
    Ok((shape, flat))
}

/// Builds a tensor from Rust literals, like `torch.tensor(...)`.
///
/// ```
/// use ferrograd::{tensor, DType};
/// let a = tensor!([2.0, 3.0], requires_grad = true);
/// assert_eq!(a.to_string(), "tensor([2., 3.], requires_grad=True)");
/// let b = tensor!([[1, 2], [3, 4]]);
/// assert_eq!(b.dtype(), DType::Int64);
/// let c = tensor!(0.1, dtype = DType::Float64);
/// assert_eq!(c.item(), 0.1);
/// ```
#[macro_export]
macro_rules! tensor {
    ($data:expr) => {
        $crate::Tensor::new($data)
    };
    ($data:expr, requires_grad = $rg:expr) => {
        $crate::Tensor::new($data).__factory_requires_grad($rg)
    };
    ($data:expr, dtype = $dt:expr) => {
        $crate::Tensor::new_with_dtype($data, $dt)
    };
    ($data:expr, dtype = $dt:expr, requires_grad = $rg:expr) => {
        $crate::Tensor::new_with_dtype($data, $dt).__factory_requires_grad($rg)
    };
}

impl Tensor {
    /// A tensor from Rust data: floats give float32, integers int64, booleans bool
    /// (`torch.tensor`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::new(9.0).to_string(), "tensor(9.)");
    /// assert_eq!(Tensor::new([[1, 2], [3, 4]]).shape(), &[2, 2]);
    /// ```
    ///
    /// # Panics
    /// On ragged nesting; see [`Tensor::try_new`].
    #[track_caller]
    pub fn new<D: TensorData>(data: D) -> Tensor {
        unwrap(Self::try_new(data))
    }

    /// Fallible [`Tensor::new`].
    ///
    /// ```
    /// let e = ferrograd::Tensor::try_new(vec![vec![1.0, 2.0], vec![3.0]]).unwrap_err();
    /// assert_eq!(e.to_string(), "expected sequence of length 2 at dim 1 (got 1)");
    /// ```
    pub fn try_new<D: TensorData>(data: D) -> Result<Tensor> {
        let (shape, flat) = flatten(&data)?;
        let buf = match flat {
            Flat::Float(v) if crate::get_default_dtype() == DType::Float64 => Buffer::F64(v.into()),
            Flat::Float(v) => Buffer::F32(v.into_iter().map(|x| x as f32).collect()),
            Flat::Int(v) => Buffer::I64(v.into()),
            Flat::Bool(v) => Buffer::Bool(v.into()),
        };
        Ok(Tensor::from_buffer(buf, shape))
    }

    /// A tensor from Rust data in the given dtype (`torch.tensor(data, dtype=...)`).
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let t = Tensor::new_with_dtype([1.5, 2.5], DType::Float64);
    /// assert_eq!(t.to_string(), "tensor([1.5000, 2.5000], dtype=torch.float64)");
    /// ```
    #[track_caller]
    pub fn new_with_dtype<D: TensorData>(data: D, dtype: DType) -> Tensor {
        let (shape, flat) = unwrap(flatten(&data));
        let vals: Vec<f64> = match flat {
            Flat::Float(v) => v,
            Flat::Int(v) => v.into_iter().map(|x| x as f64).collect(),
            Flat::Bool(v) => v.into_iter().map(|x| x as u8 as f64).collect(),
        };
        let t = Tensor::from_vec(vals, &shape);
        crate::ops::cast_raw(&t, dtype)
    }

    /// A 0-dim tensor holding `v` in `dtype`.
    ///
    /// ```
    /// let t = ferrograd::Tensor::scalar_tensor(2.0, ferrograd::DType::Int64);
    /// assert_eq!(t.to_string(), "tensor(2)");
    /// ```
    pub fn scalar_tensor(v: f64, dtype: DType) -> Tensor {
        Tensor::from_scalar(v, dtype)
    }

    /// A 0-dim tensor holding the number `s` in `dtype`, converted as a C cast would (an
    /// integer into int64 exactly, not rounded through `f64`; a float into int64 truncated).
    /// [`Scalar::checked_to`] first refuses values that do not fit, where PyTorch does.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let big = (1i64 << 62) + 1;
    /// assert_eq!(Tensor::from_scalar(big, DType::Int64).to_vec::<i64>(), vec![big]);
    /// assert_eq!(Tensor::from_scalar(2.5, DType::Int64).to_string(), "tensor(2)");
    /// assert_eq!(Tensor::from_scalar(true, DType::Float32).to_string(), "tensor(1.)");
    /// ```
    pub fn from_scalar(s: impl Into<Scalar>, dtype: DType) -> Tensor {
        Tensor::from_buffer(unwrap(Buffer::try_full_scalar(dtype, 1, s.into())), vec![])
    }

    /// Zeros of the given shape, float32 (`torch.zeros`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2]).to_string(), "tensor([0., 0.])");
    /// ```
    ///
    /// # Panics
    /// If the size overflows or the memory cannot be allocated; see [`Tensor::try_zeros`].
    #[track_caller]
    pub fn zeros(shape: &[usize]) -> Tensor {
        Self::zeros_dtype(shape, crate::get_default_dtype())
    }
    /// Fallible [`Tensor::zeros`]: a size whose byte count overflows, or memory the system
    /// refuses, is an error (PyTorch's message), never an abort.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::try_zeros(&[2, 3]).unwrap().shape(), &[2, 3]);
    /// assert_eq!(
    ///     Tensor::try_zeros(&[1 << 40, 1 << 40]).unwrap_err().to_string(),
    ///     "Storage size calculation overflowed with sizes=[1099511627776, 1099511627776]"
    /// );
    /// ```
    pub fn try_zeros(shape: &[usize]) -> Result<Tensor> {
        Self::try_full_dtype(shape, 0.0, crate::get_default_dtype())
    }
    /// A tensor of the given shape and dtype whose elements are to be overwritten
    /// (`torch.empty`): their values are unspecified. A large tensor takes a recycled buffer
    /// as it is, without the pass that would fill it (PyTorch's memory is uninitialised; here
    /// it holds values a freed tensor left, always valid ones of the dtype); a small one, or
    /// one for which no buffer is free, is zeros. The size is checked as
    /// [`Tensor::try_zeros`]'s.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let t = Tensor::try_empty_dtype(&[2, 3], DType::Float64).unwrap();
    /// assert_eq!(t.shape(), &[2, 3]);
    /// t.fill_(1.5);
    /// assert_eq!(t.to_vec::<f64>(), vec![1.5; 6]);
    /// assert!(Tensor::try_empty_dtype(&[1 << 40, 1 << 40], DType::Float32).is_err());
    /// ```
    pub fn try_empty_dtype(shape: &[usize], dtype: DType) -> Result<Tensor> {
        let n = checked_storage_numel(shape, dtype)?;
        Ok(Tensor::from_buffer(
            Buffer::try_unspecified(dtype, n)?,
            shape.to_vec(),
        ))
    }
    /// [`Tensor::try_empty_dtype`] in the default dtype.
    ///
    /// # Panics
    /// If the size overflows or the memory cannot be allocated.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::empty(&[4]).numel(), 4);
    /// ```
    #[track_caller]
    pub fn empty(shape: &[usize]) -> Tensor {
        unwrap(Self::try_empty_dtype(shape, crate::get_default_dtype()))
    }
    /// Zeros of the given shape and dtype.
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros_dtype(&[2], ferrograd::DType::Int64);
    /// assert_eq!(t.to_string(), "tensor([0, 0])");
    /// ```
    #[track_caller]
    pub fn zeros_dtype(shape: &[usize], dtype: DType) -> Tensor {
        unwrap(Self::try_full_dtype(shape, 0.0, dtype))
    }
    /// Ones of the given shape, float32 (`torch.ones`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::ones(&[2]).to_string(), "tensor([1., 1.])");
    /// ```
    pub fn ones(shape: &[usize]) -> Tensor {
        Self::full_dtype(shape, 1.0, crate::get_default_dtype())
    }
    /// Ones of the given shape and dtype.
    ///
    /// ```
    /// let t = ferrograd::Tensor::ones_dtype(&[1], ferrograd::DType::Bool);
    /// assert_eq!(t.to_string(), "tensor([True])");
    /// ```
    pub fn ones_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Self::full_dtype(shape, 1.0, dtype)
    }
    /// `value` everywhere; the dtype follows the value (float32 for floats, int64 for integers).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::full(&[2], 7).to_string(), "tensor([7, 7])");
    /// ```
    #[track_caller]
    pub fn full(shape: &[usize], value: impl Into<Scalar>) -> Tensor {
        let v = value.into();
        unwrap(Self::try_full_scalar(shape, v, v.default_dtype()))
    }
    /// `value` everywhere in the given dtype.
    ///
    /// ```
    /// let t = ferrograd::Tensor::full_dtype(&[1], 0.5, ferrograd::DType::Float64);
    /// assert_eq!(t.item(), 0.5);
    /// ```
    #[track_caller]
    pub fn full_dtype(shape: &[usize], value: f64, dtype: DType) -> Tensor {
        unwrap(Self::try_full_dtype(shape, value, dtype))
    }
    /// Fallible [`Tensor::full_dtype`]: the size is checked ([`crate::checked_storage_numel`])
    /// and the buffer allocated fallibly.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// assert_eq!(Tensor::try_full_dtype(&[2], 1.5, DType::Float64).unwrap().to_vec::<f64>(), vec![1.5, 1.5]);
    /// // 4 TB: refused by the allocator, reported as PyTorch reports it
    /// assert_eq!(
    ///     Tensor::try_full_dtype(&[1_000_000_000_000], 0.0, DType::Float32).unwrap_err().to_string(),
    ///     "DefaultCPUAllocator: can't allocate memory: you tried to allocate 4000000000000 bytes. Error code 12 (Cannot allocate memory)"
    /// );
    /// ```
    pub fn try_full_dtype(shape: &[usize], value: f64, dtype: DType) -> Result<Tensor> {
        let n = checked_storage_numel(shape, dtype)?;
        Ok(Tensor::from_buffer(
            Buffer::try_full(dtype, n, value)?,
            shape.to_vec(),
        ))
    }
    /// `value` everywhere in `dtype`, as `torch.full` makes it: an integer is stored exactly,
    /// and a value that does not fit the dtype is PyTorch's error ([`Scalar::checked_to`]).
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// let t = Tensor::try_full_scalar(&[1], (1i64 << 53) + 1, DType::Int64).unwrap();
    /// assert_eq!(t.to_vec::<i64>(), vec![(1 << 53) + 1]);
    /// assert_eq!(
    ///     Tensor::try_full_scalar(&[2], 1e30, DType::Int64).unwrap_err().to_string(),
    ///     "value cannot be converted to type int64_t without overflow"
    /// );
    /// ```
    pub fn try_full_scalar(
        shape: &[usize],
        value: impl Into<Scalar>,
        dtype: DType,
    ) -> Result<Tensor> {
        let n = checked_storage_numel(shape, dtype)?;
        let v = value.into().checked_to(dtype)?;
        Ok(Tensor::from_buffer(
            Buffer::try_full_scalar(dtype, n, v)?,
            shape.to_vec(),
        ))
    }
    /// The `n × n` identity, float32 (`torch.eye`).
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::eye(2).to_vec::<f32>(), vec![1.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn eye(n: usize) -> Tensor {
        Self::eye_dtype(n, crate::get_default_dtype())
    }
    /// The `n × n` identity in the given dtype.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::eye_dtype(2, ferrograd::DType::Int64).sum().item(), 2.0);
    /// ```
    #[track_caller]
    pub fn eye_dtype(n: usize, dtype: DType) -> Tensor {
        unwrap(Self::try_eye(n, n, dtype))
    }
    /// The `n × m` matrix with ones on the diagonal (`torch.eye(n, m)`), size-checked.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// assert_eq!(Tensor::try_eye(2, 3, DType::Int64).unwrap().to_vec::<i64>(), vec![1, 0, 0, 0, 1, 0]);
    /// assert!(Tensor::try_eye(1 << 40, 1 << 40, DType::Float32).is_err());
    /// ```
    pub fn try_eye(n: usize, m: usize, dtype: DType) -> Result<Tensor> {
        let t = Self::try_full_dtype(&[n, m], 0.0, dtype)?;
        {
            let mut buf = t.0.storage.write();
            let one = Buffer::full(dtype, 1, 1.0);
            for i in 0..n.min(m) {
                match (&mut *buf, &one) {
                    (Buffer::Bool(v), Buffer::Bool(o)) => v[i * m + i] = o[0],
                    (Buffer::I64(v), Buffer::I64(o)) => v[i * m + i] = o[0],
                    (Buffer::F32(v), Buffer::F32(o)) => v[i * m + i] = o[0],
                    (Buffer::F64(v), Buffer::F64(o)) => v[i * m + i] = o[0],
                    _ => unreachable!("one dtype"),
                }
            }
        }
        Ok(t)
    }

    /// `0, 1, ..., end-1`; float32 for a float `end`, int64 for an integer (`torch.arange(end)`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::arange(4.0).to_string(), "tensor([0., 1., 2., 3.])");
    /// assert_eq!(Tensor::arange(3).to_string(), "tensor([0, 1, 2])");
    /// ```
    #[track_caller]
    pub fn arange(end: impl Into<Scalar>) -> Tensor {
        let e = end.into();
        unwrap(Self::try_arange_step(Scalar::Int(0), e, Scalar::Int(1)))
    }

    /// `start, start+step, ...` up to (excluding) `end` (`torch.arange(start, end, step)`); the
    /// dtype is float32 if any argument is a float, else int64.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// assert_eq!(Tensor::try_arange_step(1, 2.0, 0.25).unwrap().to_vec::<f32>(), vec![1.0, 1.25, 1.5, 1.75]);
    /// assert!(Tensor::try_arange_step(0, 1, 0).is_err());
    /// ```
    pub fn try_arange_step(
        start: impl Into<Scalar>,
        end: impl Into<Scalar>,
        step: impl Into<Scalar>,
    ) -> Result<Tensor> {
        let (s, st) = (start.into(), step.into());
        let (n, dtype) = Self::arange_len(s, end, st)?;
        checked_storage_numel(&[n], dtype)?;
        let (a, c) = (s.to_f64(), st.to_f64());
        let mut vals: Vec<f64> = try_vec(n)?;
        vals.extend((0..n).map(|i| a + i as f64 * c));
        let t = Tensor::from_vec(vals, &[n]);
        Ok(crate::ops::cast_raw(&t, dtype))
    }

    /// The length and dtype of [`Tensor::try_arange_step`]'s result, with its errors, without
    /// making it (for a tensor that holds no data, such as a meta tensor).
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// assert_eq!(Tensor::arange_len(0, 300_000_000_000i64, 1).unwrap(), (300_000_000_000, DType::Int64));
    /// assert_eq!(Tensor::arange_len(1, 2.0, 0.25).unwrap(), (4, DType::Float32));
    /// assert_eq!(
    ///     Tensor::arange_len(0, 1, -1).unwrap_err().to_string(),
    ///     "upper bound and lower bound inconsistent with step sign"
    /// );
    /// ```
    pub fn arange_len(
        start: impl Into<Scalar>,
        end: impl Into<Scalar>,
        step: impl Into<Scalar>,
    ) -> Result<(usize, DType)> {
        let (s, e, st) = (start.into(), end.into(), step.into());
        let float = [s, e, st].iter().any(|x| matches!(x, Scalar::Float(_)));
        let (a, b, c) = (s.to_f64(), e.to_f64(), st.to_f64());
        if c == 0.0 {
            return Err(runtime("step must be nonzero"));
        }
        if !a.is_finite() || !b.is_finite() {
            let show = |v: f64| {
                if v.is_nan() {
                    "nan".to_string()
                } else if v.is_infinite() {
                    if v > 0.0 { "inf" } else { "-inf" }.to_string()
                } else {
                    v.to_string()
                }
            };
            return Err(runtime(format!(
                "unsupported range: {} -> {}",
                show(a),
                show(b)
            )));
        }
        if (c > 0.0 && b < a) || (c < 0.0 && b > a) {
            return Err(runtime(
                "upper bound and lower bound inconsistent with step sign",
            ));
        }
        let size = ((b - a) / c).ceil();
        if !(0.0..=i64::MAX as f64).contains(&size) {
            return Err(runtime("invalid size, possible overflow?"));
        }
        let dtype = if float {
            crate::get_default_dtype()
        } else {
            DType::Int64
        };
        Ok((size as usize, dtype))
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive, float32 (`torch.linspace`),
    /// computed as PyTorch does (from both ends towards the middle).
    ///
    /// ```
    /// let x = ferrograd::Tensor::linspace(-10.0, 10.0, 5);
    /// assert_eq!(x.to_string(), "tensor([-10.,  -5.,   0.,   5.,  10.])");
    /// ```
    pub fn linspace(start: f64, end: f64, steps: usize) -> Tensor {
        Self::linspace_dtype(start, end, steps, crate::get_default_dtype())
    }

    /// [`Tensor::linspace`] in the given floating dtype.
    ///
    /// ```
    /// let x = ferrograd::Tensor::linspace_dtype(0.0, 1.0, 3, ferrograd::DType::Float64);
    /// assert_eq!(x.to_vec::<f64>(), vec![0.0, 0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn linspace_dtype(start: f64, end: f64, steps: usize, dtype: DType) -> Tensor {
        unwrap(Self::try_linspace_dtype(start, end, steps, dtype))
    }

    /// Fallible [`Tensor::linspace_dtype`]: `steps` is size-checked and allocated fallibly.
    ///
    /// ```
    /// use ferrograd::{DType, Tensor};
    /// assert_eq!(Tensor::try_linspace_dtype(0.0, 1.0, 2, DType::Float64).unwrap().to_vec::<f64>(), vec![0.0, 1.0]);
    /// assert!(Tensor::try_linspace_dtype(0.0, 1.0, 1 << 62, DType::Float32).is_err());
    /// ```
    pub fn try_linspace_dtype(start: f64, end: f64, steps: usize, dtype: DType) -> Result<Tensor> {
        // As PyTorch's CPU kernel (compiled with fused multiply-add): from each end to the middle.
        fn lin<T: crate::ops::Float>(start: T, end: T, steps: usize) -> Result<Vec<T>> {
            let mut out = try_vec(steps)?;
            if steps == 1 {
                out.push(start);
            }
            if steps <= 1 {
                return Ok(out);
            }
            let step = (end - start) / T::from_f64((steps - 1) as f64);
            let half = steps / 2;
            out.extend((0..steps).map(|i| {
                if i < half {
                    step.mul_add(T::from_f64(i as f64), start)
                } else {
                    (-step).mul_add(T::from_f64((steps - i - 1) as f64), end)
                }
            }));
            Ok(out)
        }
        use crate::tensor::Element;
        checked_storage_numel(&[steps], dtype)?;
        let buf = match dtype {
            DType::Float64 => f64::into_buffer(lin(start, end, steps)?),
            _ => f32::into_buffer(lin(start as f32, end as f32, steps)?),
        };
        let t = Tensor::from_buffer(buf, vec![steps]);
        Ok(crate::ops::cast_raw(&t, dtype))
    }

    /// Zeros with this tensor's shape and dtype.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1, 2]);
    /// assert_eq!(x.zeros_like().to_string(), "tensor([0, 0])");
    /// ```
    pub fn zeros_like(&self) -> Tensor {
        Self::zeros_dtype(self.shape(), self.dtype())
    }
    /// Ones with this tensor's shape and dtype.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[2]).ones_like().sum().item(), 2.0);
    /// ```
    pub fn ones_like(&self) -> Tensor {
        Self::full_dtype(self.shape(), 1.0, self.dtype())
    }
    /// `value` with this tensor's shape and dtype.
    ///
    /// ```
    /// assert_eq!(ferrograd::Tensor::zeros(&[1]).full_like(3.0).item(), 3.0);
    /// ```
    pub fn full_like(&self, value: f64) -> Tensor {
        Self::full_dtype(self.shape(), value, self.dtype())
    }
}
