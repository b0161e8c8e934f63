//! The public face of reverse mode: `torch.autograd.grad` and its options, and the roots of a
//! pass (each output with its starting gradient). The pass itself is a [`GraphTask`].

use super::graph_task::{GraphTask, PassPurpose};
use crate::error::{runtime, Result};
use crate::tensor::Tensor;

/// Options of [`grad_with`], PyTorch's keyword arguments of `torch.autograd.grad`.
///
/// ```
/// use ferrograd::{autograd, Tensor};
/// let x = Tensor::new(2.0).requires_grad_(true);
/// let y = x.pow(3.0);
/// let opts = autograd::GradOptions::new().create_graph(true);
/// let dy = autograd::grad_with(&[y], &[x.clone()], &opts).unwrap()[0].clone().unwrap();
/// assert_eq!(dy.item(), 12.0);
/// let d2 = autograd::grad(&[dy], &[x]).unwrap();
/// assert_eq!(d2[0].item(), 12.0);
/// ```
#[derive(Clone, Default)]
pub struct GradOptions {
    /// The "vector" of the vector-Jacobian product, one per output (`None`: ones for scalars).
    pub grad_outputs: Option<Vec<Tensor>>,
    /// Keep the graph's saved tensors (defaults to `create_graph`).
    pub retain_graph: Option<bool>,
    /// Record the backward pass itself, so the results can be differentiated again.
    pub create_graph: bool,
    /// Return `None` for inputs the outputs do not depend on, instead of an error.
    pub allow_unused: bool,
    /// Return zeros for unused inputs (implies `allow_unused`).
    pub materialize_grads: bool,
    /// The first dimension of each grad_output is a batch: one vector-Jacobian product per
    /// element, all computed in one backward pass (results get the same batch dimension).
    pub is_grads_batched: bool,
}

impl GradOptions {
    /// Defaults: no grad_outputs, retain_graph = create_graph = false, unused inputs are an error.
    ///
    /// ```
    /// let o = ferrograd::autograd::GradOptions::new();
    /// assert!(!o.create_graph);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets `grad_outputs`.
    ///
    /// ```
    /// use ferrograd::{autograd, Tensor};
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = &x * &x;
    /// let o = autograd::GradOptions::new().grad_outputs(vec![Tensor::new([1.0, 0.0])]);
    /// let g = autograd::grad_with(&[y], &[x], &o).unwrap();
    /// assert_eq!(g[0].as_ref().unwrap().to_vec::<f32>(), vec![2.0, 0.0]);
    /// ```
    pub fn grad_outputs(mut self, g: Vec<Tensor>) -> Self {
        self.grad_outputs = Some(g);
        self
    }
    /// Sets `retain_graph`.
    ///
    /// ```
    /// let o = ferrograd::autograd::GradOptions::new().retain_graph(true);
    /// assert_eq!(o.retain_graph, Some(true));
    /// ```
    pub fn retain_graph(mut self, keep: bool) -> Self {
        self.retain_graph = Some(keep);
        self
    }
    /// Sets `create_graph`.
    ///
    /// ```
    /// let o = ferrograd::autograd::GradOptions::new().create_graph(true);
    /// assert!(o.create_graph);
    /// ```
    pub fn create_graph(mut self, create: bool) -> Self {
        self.create_graph = create;
        self
    }
    /// Sets `allow_unused`.
    ///
    /// ```
    /// use ferrograd::{autograd, Tensor};
    /// let x = Tensor::new(1.0).requires_grad_(true);
    /// let z = Tensor::new(1.0).requires_grad_(true);
    /// let o = autograd::GradOptions::new().allow_unused(true);
    /// let g = autograd::grad_with(&[x.exp()], &[x, z], &o).unwrap();
    /// assert!(g[1].is_none());
    /// ```
    pub fn allow_unused(mut self, allow: bool) -> Self {
        self.allow_unused = allow;
        self
    }
    /// Sets `materialize_grads`.
    ///
    /// ```
    /// use ferrograd::{autograd, Tensor};
    /// let x = Tensor::new(1.0).requires_grad_(true);
    /// let z = Tensor::new(1.0).requires_grad_(true);
    /// let o = autograd::GradOptions::new().materialize_grads(true);
    /// let g = autograd::grad_with(&[x.exp()], &[x, z], &o).unwrap();
    /// assert_eq!(g[1].as_ref().unwrap().item(), 0.0);
    /// ```
    pub fn materialize_grads(mut self, m: bool) -> Self {
        self.materialize_grads = m;
        self
    }
    /// Sets `is_grads_batched`: each grad_output has a leading batch dimension, and the pass
    /// computes one vector-Jacobian product per batch element, all at once.
    ///
    /// ```
    /// use ferrograd::{autograd, DType, Tensor};
    /// let x = Tensor::new_with_dtype([1.0, 2.0], DType::Float64).requires_grad_(true);
    /// let y = x.pow(2.0);
    /// // the rows of the identity give the whole Jacobian, diag(2x), in one pass
    /// let o = autograd::GradOptions::new()
    ///     .grad_outputs(vec![Tensor::eye_dtype(2, DType::Float64)])
    ///     .is_grads_batched(true);
    /// let j = autograd::grad_with(&[y], &[x], &o).unwrap()[0].clone().unwrap();
    /// assert_eq!(j.to_vec::<f64>(), vec![2.0, 0.0, 0.0, 4.0]);
    /// ```
    pub fn is_grads_batched(mut self, b: bool) -> Self {
        self.is_grads_batched = b;
        self
    }
}

/// `torch.autograd.grad(outputs, inputs)`: the gradients of the outputs' sum with respect to each
/// input, without touching any `.grad`. Unused inputs are an error; see [`grad_with`] for options.
///
/// ```
/// use ferrograd::{autograd, Tensor};
/// let x = Tensor::new(5.0).requires_grad_(true);
/// let y = x.pow(2.0) + x.pow(3.0);
/// let g = autograd::grad(&[y], &[x.clone()]).unwrap();
/// assert_eq!(g[0].item(), 85.0);
/// assert!(x.grad().is_none());
/// ```
pub fn grad(outputs: &[Tensor], inputs: &[Tensor]) -> Result<Vec<Tensor>> {
    let r = grad_with(outputs, inputs, &GradOptions::default())?;
    Ok(r.into_iter()
        .map(|g| g.expect("checked by allow_unused=false"))
        .collect())
}

/// `torch.autograd.grad` with all its options.
///
/// ```
/// use ferrograd::{autograd, autograd::GradOptions, Tensor};
/// let x = Tensor::new(3.0).requires_grad_(true);
/// let y = 3.0 * x.pow(2.0);
/// let g = autograd::grad_with(&[y], &[x], &GradOptions::new().create_graph(true)).unwrap();
/// let g = g[0].as_ref().unwrap();
/// assert_eq!(g.to_string(), "tensor(18., grad_fn=<MulBackward0>)");
/// ```
pub fn grad_with(
    outputs: &[Tensor],
    inputs: &[Tensor],
    opts: &GradOptions,
) -> Result<Vec<Option<Tensor>>> {
    if inputs.is_empty() {
        return Err(runtime("`inputs` argument to `grad()` cannot be empty."));
    }
    for t in inputs {
        if !t.requires_grad() {
            return Err(runtime(
                "One of the differentiated Tensors does not require grad",
            ));
        }
    }
    let batch = if opts.is_grads_batched {
        Some(batch_size(outputs, opts.grad_outputs.as_deref())?)
    } else {
        None
    };
    if batch == Some(0) {
        // an empty batch: no vector-Jacobian products to compute
        return Ok(inputs
            .iter()
            .map(|x| {
                let shape = super::batch::prepend(Some(0), x.shape());
                Some(Tensor::zeros_dtype(&shape, x.dtype()))
            })
            .collect());
    }
    let roots = make_roots_batched(
        outputs,
        opts.grad_outputs.as_deref(),
        "grad_outputs",
        batch.is_some(),
    )?;
    let keep = opts.retain_graph.unwrap_or(opts.create_graph);
    let res = GraphTask::new(PassPurpose::ReturnGrads, Some(inputs))
        .keep_graph(keep)
        .create_graph(opts.create_graph)
        .batch(batch)
        .run(roots)?;
    let mut out = Vec::with_capacity(res.len());
    for (i, g) in res.into_iter().enumerate() {
        match (g, batch) {
            // a gradient that does not vary over the batch (it never met the batched gradient)
            (Some(g), Some(b)) if g.dim() == inputs[i].dim() => {
                let shape = super::batch::prepend(Some(b), g.shape());
                out.push(Some(g.try_unsqueeze(0)?.try_expand(&shape)?.contiguous()));
            }
            (Some(g), _) => out.push(Some(g)),
            (None, _) if opts.materialize_grads => {
                let _ng = super::no_grad();
                let shape = super::batch::prepend(batch, inputs[i].shape());
                out.push(Some(Tensor::zeros_dtype(&shape, inputs[i].dtype())))
            }
            (None, _) if opts.allow_unused => out.push(None),
            (None, _) => {
                return Err(runtime(format!(
                    "The differentiated Tensor at index {i} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior."
                )))
            }
        }
    }
    Ok(out)
}

/// The batch size of batched grad_outputs: the first dimension, the same for all.
fn batch_size(outputs: &[Tensor], grads: Option<&[Tensor]>) -> Result<usize> {
    let Some(grads) = grads else {
        return Err(runtime(
            "If `is_grads_batched=True`, grad_outputs must be given, each with the batch as its first dimension.",
        ));
    };
    let mut size = None;
    for (i, (g, out)) in grads.iter().zip(outputs).enumerate() {
        if g.dim() != out.dim() + 1 {
            return Err(batched_shape_error(i, g, out));
        }
        let b = g.shape()[0];
        if *size.get_or_insert(b) != b {
            return Err(runtime(format!(
                "If `is_grads_batched=True`, every grad_output must have the same batch size (the first dimension): grad_output[0] has {} and grad_output[{i}] has {b}.",
                size.unwrap_or(0)
            )));
        }
    }
    Ok(size.unwrap_or(1))
}

fn batched_shape_error(i: usize, g: &Tensor, out: &Tensor) -> crate::Error {
    // PyTorch shows the shape of `grad_output[i][0]` without its first dimension, i.e. the
    // batched gradient's shape from its third dimension on; the text follows it.
    let per_sample = crate::tensor::Size(g.shape().get(2..).unwrap_or(&[]).to_vec());
    runtime(format!(
        "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: grad_output[{i}] has a shape of {per_sample} and output[{i}] has a shape of {}. If you only want some tensors in `grad_output` to be considered batched, consider using vmap.",
        out.size()
    ))
}

/// Pairs each output with its starting gradient, checking shapes and casting dtypes as PyTorch does.
pub(crate) fn make_roots(
    outputs: &[Tensor],
    grads: Option<&[Tensor]>,
    what: &str,
) -> Result<Vec<(Tensor, Tensor)>> {
    make_roots_batched(outputs, grads, what, false)
}

/// [`make_roots`], where each gradient may carry a leading batch dimension.
fn make_roots_batched(
    outputs: &[Tensor],
    grads: Option<&[Tensor]>,
    what: &str,
    batched: bool,
) -> Result<Vec<(Tensor, Tensor)>> {
    if let Some(g) = grads
        && g.len() != outputs.len()
    {
        return Err(runtime(format!(
            "{what} sequence length ({}) must equal outputs length ({})",
            g.len(),
            outputs.len()
        )));
    }
    let mut roots = Vec::with_capacity(outputs.len());
    for (i, out) in outputs.iter().enumerate() {
        if !out.requires_grad() {
            return Err(runtime(format!(
                "element {i} of tensors does not require grad and does not have a grad_fn"
            )));
        }
        let g = match grads {
            Some(g) => {
                let g = &g[i];
                if batched && g.shape().get(1..) != Some(out.shape()) {
                    return Err(batched_shape_error(i, g, out));
                }
                if !batched && g.shape() != out.shape() {
                    return Err(runtime(format!(
                        "Mismatch in shape: grad_output[{i}] has a shape of {} and output[{i}] has a shape of {}.",
                        g.size(),
                        out.size()
                    )));
                }
                if g.dtype() != out.dtype() {
                    let _ng = super::no_grad();
                    g.to_dtype(out.dtype())
                } else {
                    g.clone()
                }
            }
            None => {
                if out.numel() != 1 {
                    return Err(runtime(
                        "grad can be implicitly created only for scalar outputs",
                    ));
                }
                out.ones_like()
            }
        };
        roots.push((out.clone(), g));
    }
    Ok(roots)
}
