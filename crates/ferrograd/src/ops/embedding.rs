//! `embedding`: rows of a weight matrix picked by integer indices (`EmbeddingBackward0`).

use crate::autograd::record_unbatched;
use crate::error::{index_err, runtime, Result};
use crate::{no_grad, DType, Tensor};

impl Tensor {
    /// The rows of `weight` (`(num_embeddings, embedding_dim)`) at the int64 `indices`, shaped
    /// `indices.shape + [embedding_dim]` (`EmbeddingBackward0`). Rows picked at `padding_idx`
    /// receive no gradient.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let w = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let e = Tensor::try_embedding(&w, &Tensor::new([1, 1, 0]), Some(0)).unwrap();
    /// assert_eq!(e.grad_fn().unwrap().name(), "EmbeddingBackward0");
    /// e.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 2.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn try_embedding(
        weight: &Tensor,
        indices: &Tensor,
        padding_idx: Option<i64>,
    ) -> Result<Tensor> {
        if weight.dim() != 2 {
            return Err(runtime("'weight' must be 2-D"));
        }
        if indices.dtype() != DType::Int64 {
            return Err(runtime(format!(
                "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.{}Tensor instead (while checking arguments for embedding)",
                indices.dtype().scalar_name()
            )));
        }
        let n = weight.shape()[0] as i64;
        let idx = indices.to_vec::<i64>();
        if idx.iter().any(|&i| i < 0 || i >= n) {
            return Err(index_err("index out of range in self"));
        }
        let out = {
            let _ng = no_grad();
            weight.try_index_dim0(indices)?.detach()
        };
        // 1 for the rows whose gradient flows, 0 at padding_idx
        let keep: Vec<f64> = idx
            .iter()
            .map(|&i| if Some(i) == padding_idx { 0.0 } else { 1.0 })
            .collect();
        let mut kshape = indices.dims();
        kshape.push(1);
        let keep = Tensor::from_vec(keep, &kshape);
        let (wshape, idx_t) = (weight.dims(), indices.detach());
        record_unbatched(
            "EmbeddingBackward0",
            out,
            &[weight],
            &[("indices", indices)],
            false,
            move |c| {
                let g = c.grad.try_mul(&keep.try_to_dtype(c.grad.dtype())?)?;
                Ok(vec![Some(
                    Tensor::zeros_dtype(&wshape, c.grad.dtype()).try_index_add_dim0(&idx_t, &g)?,
                )])
            },
        )
    }
}
