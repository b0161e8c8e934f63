//! Checked sizes: element counts and byte sizes of shapes that come from user input.
//!
//! Every constructor that allocates from a shape, and every view or broadcast that makes a new
//! shape, goes through [`checked_numel`] or [`checked_storage_numel`], so an element count never
//! wraps around and a byte size never exceeds `i64::MAX` (as in PyTorch).

use crate::error::{runtime, Result};
use crate::tensor::fmt_list;
use crate::DType;

/// The number of elements of `shape`, or PyTorch's `numel: integer multiplication overflow`
/// when it exceeds `i64::MAX`.
///
/// ```
/// use ferrograd::checked_numel;
/// assert_eq!(checked_numel(&[2, 3, 4]).unwrap(), 24);
/// assert_eq!(checked_numel(&[]).unwrap(), 1);
/// assert_eq!(
///     checked_numel(&[1 << 40, 1 << 40]).unwrap_err().to_string(),
///     "numel: integer multiplication overflow"
/// );
/// ```
pub fn checked_numel(shape: &[usize]) -> Result<usize> {
    // As PyTorch's `safe_multiplies`: an overflow of the running product is an error even if a
    // later dimension is zero.
    let mut n: usize = 1;
    for &d in shape {
        n = n
            .checked_mul(d)
            .filter(|&m| m <= i64::MAX as usize)
            .ok_or_else(|| runtime("numel: integer multiplication overflow"))?;
    }
    Ok(n)
}

/// The number of elements of a new contiguous `dtype` tensor of `shape`, checked as PyTorch
/// checks a storage: the byte size must fit in `i64` (`Storage size calculation overflowed
/// with sizes=[...]`).
///
/// ```
/// use ferrograd::{checked_storage_numel, DType};
/// assert_eq!(checked_storage_numel(&[2, 3], DType::Float64).unwrap(), 6);
/// assert_eq!(checked_storage_numel(&[0, 1 << 62], DType::Float32).unwrap(), 0);
/// assert_eq!(
///     checked_storage_numel(&[1 << 62], DType::Float32).unwrap_err().to_string(),
///     "Storage size calculation overflowed with sizes=[4611686018427387904]"
/// );
/// ```
pub fn checked_storage_numel(shape: &[usize], dtype: DType) -> Result<usize> {
    if shape.contains(&0) {
        strides_fit(shape)?;
        return Ok(0);
    }
    let item = dtype.size_in_bytes();
    let mut bytes: usize = item;
    for &d in shape {
        bytes = match bytes.checked_mul(d) {
            Some(b) if b <= i64::MAX as usize => b,
            _ => {
                return Err(runtime(format!(
                    "Storage size calculation overflowed with sizes={}",
                    fmt_list(shape)
                )))
            }
        };
    }
    Ok(bytes / item)
}

/// PyTorch's check of a shape with a zero dimension: the contiguous strides of the other
/// dimensions must still fit (`Stride calculation overflowed`).
fn strides_fit(shape: &[usize]) -> Result<()> {
    let mut acc: usize = 1;
    for &d in shape.iter().skip(1).rev() {
        acc = acc
            .checked_mul(d.max(1))
            .filter(|&a| a <= i64::MAX as usize)
            .ok_or_else(|| runtime("Stride calculation overflowed"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numel_counts_and_overflows() {
        assert_eq!(checked_numel(&[3, 0, 5]).unwrap(), 0);
        assert_eq!(checked_numel(&[1 << 31, 1 << 31]).unwrap(), 1 << 62);
        assert!(checked_numel(&[1 << 32, 1 << 31]).is_err());
        assert!(checked_numel(&[(1 << 32) + 1, 1 << 32]).is_err());
        assert!(checked_numel(&[usize::MAX]).is_err());
        assert_eq!(checked_numel(&[1 << 62, 0]).unwrap(), 0);
        assert_eq!(checked_numel(&[0, 1 << 62, 1 << 62]).unwrap(), 0);
        assert!(checked_numel(&[1 << 62, 1 << 62, 0]).is_err());
    }

    #[test]
    fn storage_bytes_fit_in_i64() {
        assert_eq!(checked_storage_numel(&[], DType::Int64).unwrap(), 1);
        assert_eq!(
            checked_storage_numel(&[1 << 60], DType::Float64)
                .unwrap_err()
                .to_string(),
            "Storage size calculation overflowed with sizes=[1152921504606846976]"
        );
        assert_eq!(
            checked_storage_numel(&[1 << 60], DType::Float32).unwrap(),
            1 << 60
        );
        assert_eq!(
            checked_storage_numel(&[1 << 62], DType::Bool).unwrap(),
            1 << 62
        );
        assert_eq!(
            checked_storage_numel(&[(1 << 32) + 1, 1 << 32], DType::Float32)
                .unwrap_err()
                .to_string(),
            "Storage size calculation overflowed with sizes=[4294967297, 4294967296]"
        );
        assert_eq!(
            checked_storage_numel(&[0, 1 << 62, 1 << 62], DType::Float32)
                .unwrap_err()
                .to_string(),
            "Stride calculation overflowed"
        );
    }
}
