//! What language bindings need beyond the Rust-facing API: the raw address of the first element
//! (zero-copy array export) and the identity of a tensor object.

use super::{Buffer, Tensor};

impl Tensor {
    /// The address of this tensor's first element (PyTorch's `data_ptr()`).
    ///
    /// The buffer behind a storage is allocated once and never moves, so the address stays valid
    /// for as long as any tensor sharing the storage is alive; in-place operations write through
    /// it.
    ///
    /// ```
    /// let t = ferrograd::Tensor::arange(4.0);
    /// let v = t.slice(0, 1, 4, 1);
    /// assert_eq!(v.data_ptr() - t.data_ptr(), 4);
    /// ```
    pub fn data_ptr(&self) -> usize {
        let buf = self.0.storage.read();
        let base = match &*buf {
            Buffer::Bool(v) => v.as_ptr() as usize,
            Buffer::I64(v) => v.as_ptr() as usize,
            Buffer::F32(v) => v.as_ptr() as usize,
            Buffer::F64(v) => v.as_ptr() as usize,
        };
        base + self.0.offset * self.dtype().size_in_bytes()
    }

    /// An identity for this tensor object (equal for handles on the same tensor, Python's `id`).
    ///
    /// ```
    /// let t = ferrograd::Tensor::zeros(&[1]);
    /// assert_eq!(t.id(), t.clone().id());
    /// assert_ne!(t.id(), t.detach().id());
    /// ```
    pub fn id(&self) -> usize {
        std::sync::Arc::as_ptr(&self.0) as usize
    }
}
