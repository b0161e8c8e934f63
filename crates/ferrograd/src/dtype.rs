//! Element types: `float32` (the default), `float64`, `int64` and `bool`.

/// The element type of a tensor.
///
/// ```
/// use ferrograd::{DType, Tensor};
/// assert_eq!(Tensor::new([1.0, 2.0]).dtype(), DType::Float32);
/// assert_eq!(Tensor::new([1, 2]).dtype(), DType::Int64);
/// assert_eq!(DType::Float64.to_string(), "torch.float64");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    /// `torch.bool`.
    Bool,
    /// `torch.int64`.
    Int64,
    /// `torch.float32`, the default floating type.
    Float32,
    /// `torch.float64`.
    Float64,
}

impl DType {
    /// Whether this is a floating-point type (only those can require gradients).
    ///
    /// ```
    /// assert!(ferrograd::DType::Float64.is_floating_point());
    /// assert!(!ferrograd::DType::Int64.is_floating_point());
    /// ```
    pub fn is_floating_point(self) -> bool {
        matches!(self, DType::Float32 | DType::Float64)
    }

    /// PyTorch's name, as printed in a `dtype=` suffix.
    ///
    /// ```
    /// assert_eq!(ferrograd::DType::Int64.torch_name(), "torch.int64");
    /// ```
    pub fn torch_name(self) -> &'static str {
        match self {
            DType::Bool => "torch.bool",
            DType::Int64 => "torch.int64",
            DType::Float32 => "torch.float32",
            DType::Float64 => "torch.float64",
        }
    }

    /// The legacy tensor type name used in some messages (`torch.FloatTensor`).
    ///
    /// ```
    /// assert_eq!(ferrograd::DType::Float64.legacy_type_name(), "torch.DoubleTensor");
    /// ```
    pub fn legacy_type_name(self) -> &'static str {
        match self {
            DType::Bool => "torch.BoolTensor",
            DType::Int64 => "torch.LongTensor",
            DType::Float32 => "torch.FloatTensor",
            DType::Float64 => "torch.DoubleTensor",
        }
    }

    /// The short scalar-type name PyTorch uses in messages (`Float`, `Double`, `Long`, `Bool`).
    ///
    /// ```
    /// assert_eq!(ferrograd::DType::Float32.scalar_name(), "Float");
    /// ```
    pub fn scalar_name(self) -> &'static str {
        match self {
            DType::Bool => "Bool",
            DType::Int64 => "Long",
            DType::Float32 => "Float",
            DType::Float64 => "Double",
        }
    }

    /// The C++ type name PyTorch prints in some messages (`float`, `double`, `long int`, `bool`).
    ///
    /// ```
    /// assert_eq!(ferrograd::DType::Int64.cpp_name(), "long int");
    /// ```
    pub fn cpp_name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int64 => "long int",
            DType::Float32 => "float",
            DType::Float64 => "double",
        }
    }

    /// Size of one element in bytes.
    ///
    /// ```
    /// assert_eq!(ferrograd::DType::Float64.size_in_bytes(), 8);
    /// ```
    pub fn size_in_bytes(self) -> usize {
        match self {
            DType::Bool => 1,
            DType::Int64 | DType::Float64 => 8,
            DType::Float32 => 4,
        }
    }

    pub(crate) fn category(self) -> u8 {
        match self {
            DType::Bool => 0,
            DType::Int64 => 1,
            DType::Float32 | DType::Float64 => 2,
        }
    }

    /// The type both operands are promoted to (`promote_types`).
    ///
    /// ```
    /// use ferrograd::DType;
    /// assert_eq!(DType::promote(DType::Int64, DType::Float32), DType::Float32);
    /// assert_eq!(DType::promote(DType::Float32, DType::Float64), DType::Float64);
    /// ```
    pub fn promote(a: DType, b: DType) -> DType {
        a.max(b)
    }
}

impl std::fmt::Display for DType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.torch_name())
    }
}

/// Whether the default floating dtype is float64 (process-wide, as PyTorch's).
static DEFAULT_IS_F64: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The default floating dtype (`torch.get_default_dtype()`): what floating-point data, float
/// factories (`zeros`, `rand`, `linspace` …) and integer-to-float promotions produce.
///
/// ```
/// assert_eq!(ferrograd::get_default_dtype(), ferrograd::DType::Float32);
/// ```
pub fn get_default_dtype() -> DType {
    if DEFAULT_IS_F64.load(std::sync::atomic::Ordering::Relaxed) {
        DType::Float64
    } else {
        DType::Float32
    }
}

/// Sets the default floating dtype for the whole process (`torch.set_default_dtype`): float32
/// or float64; any other dtype is PyTorch's `TypeError`. Tensors print a `dtype=` suffix when
/// their floating dtype differs from the default.
///
/// The default is process-wide: set it once, at the start of a program (the example keeps
/// float32, since examples and tests may run side by side in one process;
/// `tests/default_dtype.rs` shows float64).
///
/// ```
/// use ferrograd::DType;
/// ferrograd::set_default_dtype(DType::Float32).unwrap();
/// assert_eq!(ferrograd::get_default_dtype(), DType::Float32);
/// assert_eq!(
///     ferrograd::set_default_dtype(DType::Int64).unwrap_err().to_string(),
///     "only floating-point types are supported as the default type"
/// );
/// ```
pub fn set_default_dtype(dtype: DType) -> crate::Result<()> {
    if !dtype.is_floating_point() {
        return Err(crate::error::type_err(
            "only floating-point types are supported as the default type",
        ));
    }
    DEFAULT_IS_F64.store(
        dtype == DType::Float64,
        std::sync::atomic::Ordering::Relaxed,
    );
    Ok(())
}

/// The floating dtype an integer or boolean `dtype` computes in (the default one), and a
/// floating `dtype` itself.
pub(crate) fn float_or_default(dtype: DType) -> DType {
    if dtype.is_floating_point() {
        dtype
    } else {
        get_default_dtype()
    }
}
