//! Named tensors (state dicts) in the safetensors format, the files `safetensors.torch`
//! writes and reads: a state dict saved here loads in PyTorch, and PyTorch's load here.
//!
//! float32, float64, int64 and bool are stored as they are; a file's int8/int16/int32/uint8
//! tensors load as int64 (ferrograd's one integer dtype); half-precision and 8-bit float
//! tensors are refused with the tensor's name.
//!
//! ```
//! use ferrograd::{serialize, Tensor};
//! let sd = vec![
//!     ("weight".to_string(), Tensor::new([[1.0f32, 2.0]])),
//!     ("steps".to_string(), Tensor::new([3i64])),
//! ];
//! let bytes = serialize::to_safetensors(&sd).unwrap();
//! let back = serialize::from_safetensors(&bytes).unwrap();
//! // the file's order: by dtype size, then name, as safetensors writes it
//! assert_eq!(back[0].0, "steps");
//! assert_eq!(back[0].1.to_vec::<i64>(), vec![3]);
//! assert_eq!(back[1].1.to_vec::<f32>(), vec![1.0, 2.0]);
//! ```

use crate::error::{runtime, Result};
use crate::{DType, Tensor};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use std::path::Path;

/// The little-endian bytes of a tensor's elements in row-major order.
fn tensor_bytes(t: &Tensor) -> (Dtype, Vec<u8>) {
    match t.dtype() {
        DType::Float32 => (
            Dtype::F32,
            t.to_vec::<f32>()
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        ),
        DType::Float64 => (
            Dtype::F64,
            t.to_vec::<f64>()
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        ),
        DType::Int64 => (
            Dtype::I64,
            t.to_vec::<i64>()
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        ),
        DType::Bool => (
            Dtype::BOOL,
            t.to_vec::<bool>().iter().map(|&v| u8::from(v)).collect(),
        ),
    }
}

/// The safetensors bytes of `tensors` (names must be distinct).
///
/// ```
/// let b = ferrograd::serialize::to_safetensors(&[("x".to_string(), ferrograd::Tensor::new(1.5))]).unwrap();
/// assert_eq!(&b[8..9], b"{");
/// ```
pub fn to_safetensors(tensors: &[(String, Tensor)]) -> Result<Vec<u8>> {
    let data: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = tensors
        .iter()
        .map(|(n, t)| {
            let (dt, bytes) = tensor_bytes(t);
            (n.clone(), dt, t.shape().to_vec(), bytes)
        })
        .collect();
    let mut views = Vec::with_capacity(data.len());
    for (n, dt, shape, bytes) in &data {
        if views.iter().any(|(m, _): &(&String, _)| *m == n) {
            return Err(runtime(format!("the name '{n}' is given twice")));
        }
        let v = TensorView::new(*dt, shape.clone(), bytes)
            .map_err(|e| runtime(format!("safetensors: {e:?}")))?;
        views.push((n, v));
    }
    safetensors::tensor::serialize(views.iter().map(|(n, v)| (n.as_str(), v)), &None)
        .map_err(|e| runtime(format!("safetensors: {e:?}")))
}

/// The named tensors of safetensors `bytes`, in the order of their data in the file.
///
/// ```
/// let e = ferrograd::serialize::from_safetensors(b"not a file").unwrap_err();
/// assert!(e.to_string().starts_with("safetensors: "));
/// ```
pub fn from_safetensors(bytes: &[u8]) -> Result<Vec<(String, Tensor)>> {
    let st = SafeTensors::deserialize(bytes).map_err(|e| runtime(format!("safetensors: {e:?}")))?;
    let mut items: Vec<(usize, String, Tensor)> = Vec::new();
    for (name, view) in st.tensors() {
        let raw = view.data();
        let at = raw.as_ptr() as usize - bytes.as_ptr() as usize;
        let shape = view.shape().to_vec();
        let ints = |size: usize, f: &dyn Fn(&[u8]) -> i64| -> Vec<i64> {
            raw.chunks_exact(size).map(f).collect()
        };
        let t = match view.dtype() {
            Dtype::F32 => Tensor::from_vec(
                raw.chunks_exact(4)
                    .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
                    .collect::<Vec<f32>>(),
                &shape,
            ),
            Dtype::F64 => Tensor::from_vec(
                raw.chunks_exact(8)
                    .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
                    .collect::<Vec<f64>>(),
                &shape,
            ),
            Dtype::I64 => Tensor::from_vec(
                ints(8, &|c| i64::from_le_bytes(c.try_into().expect("8 bytes"))),
                &shape,
            ),
            Dtype::I32 => Tensor::from_vec(
                ints(4, &|c| i32::from_le_bytes(c.try_into().expect("4 bytes")) as i64),
                &shape,
            ),
            Dtype::I16 => Tensor::from_vec(
                ints(2, &|c| i16::from_le_bytes(c.try_into().expect("2 bytes")) as i64),
                &shape,
            ),
            Dtype::I8 => Tensor::from_vec(ints(1, &|c| c[0] as i8 as i64), &shape),
            Dtype::U8 => Tensor::from_vec(ints(1, &|c| c[0] as i64), &shape),
            Dtype::BOOL => Tensor::from_vec(raw.iter().map(|&b| b != 0).collect::<Vec<bool>>(), &shape),
            other => {
                return Err(runtime(format!(
                    "tensor '{name}' has dtype {other:?}, which ferrograd cannot hold (float32, float64, int64 and bool; smaller integers load as int64)"
                )))
            }
        };
        items.push((at, name, t));
    }
    items.sort_by_key(|(at, _, _)| *at);
    Ok(items.into_iter().map(|(_, n, t)| (n, t)).collect())
}

/// Writes `tensors` to `path` in the safetensors format (`safetensors.torch.save_file`).
///
/// ```
/// let path = std::env::temp_dir().join("ferrograd_doc_save.safetensors");
/// ferrograd::serialize::save_safetensors(&[("w".to_string(), ferrograd::Tensor::new([1.0]))], &path).unwrap();
/// let back = ferrograd::serialize::load_safetensors(&path).unwrap();
/// assert_eq!(back[0].1.to_vec::<f32>(), vec![1.0]);
/// ```
pub fn save_safetensors(tensors: &[(String, Tensor)], path: impl AsRef<Path>) -> Result<()> {
    let bytes = to_safetensors(tensors)?;
    std::fs::write(path.as_ref(), bytes)
        .map_err(|e| runtime(format!("cannot write {}: {e}", path.as_ref().display())))
}

/// Reads the named tensors of a safetensors file (`safetensors.torch.load_file`).
///
/// ```
/// let e = ferrograd::serialize::load_safetensors("/nonexistent/file.safetensors").unwrap_err();
/// assert!(e.to_string().starts_with("cannot read /nonexistent/file.safetensors"));
/// ```
pub fn load_safetensors(path: impl AsRef<Path>) -> Result<Vec<(String, Tensor)>> {
    let bytes = std::fs::read(path.as_ref())
        .map_err(|e| runtime(format!("cannot read {}: {e}", path.as_ref().display())))?;
    from_safetensors(&bytes)
}
