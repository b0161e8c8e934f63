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
