//! The autograd face of [`Tensor`]: `requires_grad`, `grad`, `grad_fn`, `backward`, hooks.

use super::graph_task::{GraphTask, PassPurpose};
use super::{engine, GradFn, Hook, Node};
use crate::error::{runtime, unwrap, Result};
use crate::Tensor;
use std::sync::{Arc, Once};

/// Options of [`Tensor::try_backward_opts`], PyTorch's keyword arguments of `backward`.
///
/// ```
/// use ferrograd::{BackwardOptions, Tensor};
/// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
/// let y = &x * &x;
/// y.try_backward_opts(&BackwardOptions::new().gradient(Tensor::new([1.0, 1.0])).retain_graph(true)).unwrap();
/// y.try_backward_opts(&BackwardOptions::new().gradient(Tensor::new([1.0, 1.0]))).unwrap();
/// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![4.0, 8.0]);
/// ```
#[derive(Clone, Default)]
pub struct BackwardOptions {
    /// The vector of the vector-Jacobian product (`None`: 1 for a one-element output).
    pub gradient: Option<Tensor>,
    /// Keep saved tensors for another backward (defaults to `create_graph`).
    pub retain_graph: Option<bool>,
    /// Record the backward pass, for higher derivatives.
    pub create_graph: bool,
    /// Accumulate only into these tensors' `.grad`.
    pub inputs: Option<Vec<Tensor>>,
}

impl BackwardOptions {
    /// All defaults.
    ///
    /// ```
    /// assert!(ferrograd::BackwardOptions::new().gradient.is_none());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets `gradient`.
    ///
    /// ```
    /// let o = ferrograd::BackwardOptions::new().gradient(ferrograd::Tensor::new(1.0));
    /// assert!(o.gradient.is_some());
    /// ```
    pub fn gradient(mut self, g: Tensor) -> Self {
        self.gradient = Some(g);
        self
    }
    /// Sets `retain_graph`.
    ///
    /// ```
    /// assert_eq!(ferrograd::BackwardOptions::new().retain_graph(true).retain_graph, Some(true));
    /// ```
    pub fn retain_graph(mut self, keep: bool) -> Self {
        self.retain_graph = Some(keep);
        self
    }
    /// Sets `create_graph`.
    ///
    /// ```
    /// assert!(ferrograd::BackwardOptions::new().create_graph(true).create_graph);
    /// ```
    pub fn create_graph(mut self, c: bool) -> Self {
        self.create_graph = c;
        self
    }
    /// Sets `inputs`.
    ///
    /// ```
    /// use ferrograd::{BackwardOptions, Tensor};
    /// let a = Tensor::new(1.0).requires_grad_(true);
    /// let b = Tensor::new(2.0).requires_grad_(true);
    /// (&a * &b).try_backward_opts(&BackwardOptions::new().inputs(vec![a.clone()])).unwrap();
    /// assert_eq!(a.grad().unwrap().item(), 2.0);
    /// assert!(b.grad().is_none());
    /// ```
    pub fn inputs(mut self, inputs: Vec<Tensor>) -> Self {
        self.inputs = Some(inputs);
        self
    }
}

static NONLEAF_WARNING: Once = Once::new();

/// PyTorch's warning text for reading `.grad` of a non-leaf tensor.
pub const NONLEAF_GRAD_WARNING: &str = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.";

impl Tensor {
    /// Whether gradients are computed for this tensor.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0);
    /// assert!(!x.requires_grad());
    /// assert!(x.requires_grad_(true).requires_grad());
    /// ```
    #[inline]
    pub fn requires_grad(&self) -> bool {
        self.meta_if_any().is_some_and(|m| m.requires_grad)
    }

    fn set_requires_grad_checked(&self, flag: bool, float_msg: &str) -> Result<Tensor> {
        if flag && !self.dtype().is_floating_point() {
            return Err(runtime(float_msg));
        }
        let mut m = self.meta();
        if m.grad_fn.is_some() {
            if !flag {
                return Err(runtime("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."));
            }
            return Ok(self.clone());
        }
        m.requires_grad = flag;
        Ok(self.clone())
    }

    /// Sets `requires_grad` in place and returns the tensor (`requires_grad_()`), so creation
    /// reads like PyTorch: `Tensor::arange(4.0).requires_grad_(true)`.
    ///
    /// ```
    /// let e = ferrograd::Tensor::new([1, 2]).try_requires_grad_(true).unwrap_err();
    /// assert_eq!(e.to_string(), "only Tensors of floating point dtype can require gradients");
    /// ```
    pub fn try_requires_grad_(&self, flag: bool) -> Result<Tensor> {
        self.set_requires_grad_checked(
            flag,
            "only Tensors of floating point dtype can require gradients",
        )
    }

    /// Panicking [`Tensor::try_requires_grad_`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(2.0).requires_grad_(true);
    /// assert_eq!(x.to_string(), "tensor(2., requires_grad=True)");
    /// ```
    #[track_caller]
    pub fn requires_grad_(&self, flag: bool) -> Tensor {
        unwrap(self.try_requires_grad_(flag))
    }

    /// Sets the `requires_grad` attribute (`x.requires_grad = flag` in Python).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0);
    /// x.try_set_requires_grad(true).unwrap();
    /// assert!(x.requires_grad());
    /// let e = ferrograd::Tensor::new(1).try_set_requires_grad(true).unwrap_err();
    /// assert_eq!(e.to_string(), "only Tensors of floating point and complex dtype can require gradients");
    /// ```
    pub fn try_set_requires_grad(&self, flag: bool) -> Result<()> {
        self.set_requires_grad_checked(
            flag,
            "only Tensors of floating point and complex dtype can require gradients",
        )
        .map(|_| ())
    }

    #[doc(hidden)]
    #[track_caller]
    pub fn __factory_requires_grad(self, flag: bool) -> Tensor {
        unwrap(self.set_requires_grad_checked(
            flag,
            "Only Tensors of floating point and complex dtype can require gradients",
        ))
    }

    /// The tensor this view was made from (PyTorch's `_base`), `None` when this is not a view
    /// (`detach()` gives a tensor that shares storage but is not a view). A view of a view has
    /// the first view's base.
    ///
    /// ```
    /// let y = ferrograd::Tensor::zeros(&[2, 3]);
    /// let v = y.select(0, 1).narrow(0, 1, 2);
    /// assert!(v.base().unwrap().is_same(&y));
    /// assert!(y.base().is_none() && y.detach().base().is_none());
    /// ```
    pub fn base(&self) -> Option<Tensor> {
        self.0.base.clone()
    }

    /// Whether this tensor is a view with a [`base`](Tensor::base) (PyTorch's `_is_view()`).
    ///
    /// ```
    /// let y = ferrograd::Tensor::zeros(&[2, 3]);
    /// assert!(y.t().is_view() && !y.is_view() && !y.t().detach().is_view());
    /// ```
    pub fn is_view(&self) -> bool {
        self.0.base.is_some()
    }

    /// Which output of its `grad_fn` this tensor is (PyTorch's `output_nr`): 0 but for the
    /// pieces of an op with several outputs (`split`, `unbind`, `var_mean`, ...).
    ///
    /// ```
    /// let x = ferrograd::Tensor::arange(3.0).requires_grad_(true);
    /// let u = x.try_unbind(0).unwrap();
    /// assert_eq!((u[0].output_nr(), u[2].output_nr()), (0, 2));
    /// assert!(u[0].grad_fn().unwrap().ptr_eq(&u[2].grad_fn().unwrap()));
    /// ```
    pub fn output_nr(&self) -> usize {
        super::view_inplace::refresh(self);
        self.meta_if_any().map_or(0, |m| m.output_nr as usize)
    }

    /// Whether this is a leaf of the graph: every tensor that does not require grad, and every
    /// tensor that requires grad but was not produced by a recorded operation.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// assert!(x.is_leaf());
    /// assert!(!x.exp().is_leaf());
    /// ```
    pub fn is_leaf(&self) -> bool {
        self.meta_if_any().is_none_or(|m| m.grad_fn.is_none())
    }

    /// The accumulated gradient: `Some` on a leaf after backward (or on a non-leaf that
    /// [retains](Tensor::retain_grad) its grad). Reading it on a non-leaf prints PyTorch's warning
    /// once and gives `None`.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(9.0).requires_grad_(true);
    /// assert!(x.grad().is_none());
    /// x.pow(2.0).backward();
    /// assert_eq!(x.grad().unwrap().to_string(), "tensor(18.)");
    /// ```
    pub fn grad(&self) -> Option<Tensor> {
        let m = self.meta_if_any()?;
        if m.grad_fn.is_some() && !m.retains_grad && m.grad.is_none() {
            drop(m);
            NONLEAF_WARNING.call_once(|| eprintln!("UserWarning: {NONLEAF_GRAD_WARNING}"));
            return None;
        }
        m.grad.clone()
    }

    /// Whether reading `.grad` here is PyTorch's non-leaf warning case.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// assert!(x.exp().grad_access_warns());
    /// ```
    pub fn grad_access_warns(&self) -> bool {
        self.meta_if_any()
            .is_some_and(|m| m.grad_fn.is_some() && !m.retains_grad && m.grad.is_none())
    }

    /// Replaces `.grad` (`x.grad = g` or `x.grad = None`), checking shape and dtype.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// x.pow(2.0).sum().backward();
    /// x.try_set_grad(None).unwrap();
    /// assert!(x.grad().is_none());
    /// ```
    pub fn try_set_grad(&self, grad: Option<Tensor>) -> Result<()> {
        if let Some(g) = &grad {
            if g.dtype() != self.dtype() {
                let c_name = match g.dtype() {
                    crate::DType::Float32 => "float",
                    crate::DType::Float64 => "double",
                    crate::DType::Int64 => "long int",
                    crate::DType::Bool => "bool",
                };
                return Err(runtime(format!(
                    "attempting to assign a gradient with dtype '{c_name}' to a tensor with grad_dtype '{}'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match.",
                    self.dtype().scalar_name()
                )));
            }
            if g.shape() != self.shape() {
                return Err(runtime(format!(
                    "attempting to assign a gradient of size '{}' to a tensor of size '{}'. Please ensure that the gradient and the tensor are the same size",
                    crate::tensor::fmt_list(g.shape()),
                    crate::tensor::fmt_list(self.shape())
                )));
            }
        }
        self.meta().grad = grad;
        Ok(())
    }

    /// Panicking [`Tensor::try_set_grad`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// x.set_grad(Some(ferrograd::Tensor::new([5.0])));
    /// assert_eq!(x.grad().unwrap().item(), 5.0);
    /// ```
    #[track_caller]
    pub fn set_grad(&self, grad: Option<Tensor>) {
        unwrap(self.try_set_grad(grad))
    }

    /// The node that produced this tensor, `None` for leaves.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(3.0).requires_grad_(true);
    /// assert!(x.grad_fn().is_none());
    /// assert_eq!((&x * 3.0).grad_fn().unwrap().name(), "MulBackward0");
    /// ```
    pub fn grad_fn(&self) -> Option<GradFn> {
        super::view_inplace::refresh(self);
        self.meta_if_any()?.grad_fn.clone().map(GradFn)
    }

    /// [`Tensor::grad_fn`], or PyTorch's error for a history that became invalid: an output
    /// view of a node with several outputs (`split`, `unbind`, ...) whose base was modified in
    /// place has none (its `grad_fn` prints as `<Invalid>`).
    ///
    /// ```
    /// let a = ferrograd::Tensor::new([1.0, 2.0, 3.0, 4.0]).requires_grad_(true).try_mul_scalar(1.0).unwrap();
    /// let pieces = a.try_split(2, 0).unwrap();
    /// assert_eq!(pieces[0].try_grad_fn().unwrap().unwrap().name(), "SplitBackward0");
    /// a.try_mul_(2.0).unwrap();
    /// let e = pieces[0].try_grad_fn().unwrap_err().to_string();
    /// assert!(e.starts_with("Output 0 of Split is a view and its base or another view of its base has been modified inplace."));
    /// ```
    pub fn try_grad_fn(&self) -> Result<Option<GradFn>> {
        let f = self.grad_fn();
        if let Some(why) = f
            .as_ref()
            .filter(|g| g.name() == "Invalid")
            .and_then(|g| g.0.extras().state.get())
            .and_then(|s| s.downcast_ref::<super::view_inplace::InvalidHistory>())
        {
            return Err(crate::error::runtime(why.0.clone()));
        }
        Ok(f)
    }

    pub(crate) fn grad_fn_arc(&self) -> Option<Arc<Node>> {
        super::view_inplace::refresh(self);
        self.meta_if_any()?.grad_fn.clone()
    }

    /// Makes this non-leaf keep its `.grad` during backward (a no-op on leaves).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(2.0).requires_grad_(true);
    /// let y = &x * 3.0;
    /// y.retain_grad();
    /// (&y * &y).backward();
    /// assert_eq!(y.grad().unwrap().item(), 12.0);
    /// ```
    pub fn try_retain_grad(&self) -> Result<()> {
        let mut m = self.meta();
        if !m.requires_grad {
            return Err(runtime(
                "can't retain_grad on Tensor that has requires_grad=False",
            ));
        }
        if let Some(node) = m.grad_fn.clone() {
            let nr = m.output_nr;
            let mut retained = node
                .extras()
                .retained
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            retained.retain(|(i, _)| *i != nr);
            retained.push((nr, Arc::downgrade(&self.0)));
            m.retains_grad = true;
        }
        Ok(())
    }

    /// Panicking [`Tensor::try_retain_grad`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// x.retain_grad();
    /// assert!(!x.retains_grad());
    /// ```
    #[track_caller]
    pub fn retain_grad(&self) {
        unwrap(self.try_retain_grad())
    }

    /// Whether this non-leaf retains its grad.
    ///
    /// ```
    /// let y = ferrograd::Tensor::new(1.0).requires_grad_(true).exp();
    /// y.retain_grad();
    /// assert!(y.retains_grad());
    /// ```
    pub fn retains_grad(&self) -> bool {
        self.meta_if_any().is_some_and(|m| m.retains_grad)
    }

    /// Registers a hook that sees the gradient flowing into this tensor and may replace it by
    /// returning `Some` (`register_hook`).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 1.0]).requires_grad_(true);
    /// let y = &x * 3.0;
    /// y.register_hook(|g| Some(g * 10.0));
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![30.0, 30.0]);
    /// ```
    pub fn try_register_hook(
        &self,
        hook: impl Fn(&Tensor) -> Option<Tensor> + Send + Sync + 'static,
    ) -> Result<()> {
        self.try_register_tensor_hook(Hook::new(hook))
    }

    /// Panicking [`Tensor::try_register_hook`].
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// x.register_hook(|g| Some(g * 2.0));
    /// x.exp().backward();
    /// assert!((x.grad().unwrap().item() - 2.0 * 1f64.exp()).abs() < 1e-5);
    /// ```
    #[track_caller]
    pub fn register_hook(&self, hook: impl Fn(&Tensor) -> Option<Tensor> + Send + Sync + 'static) {
        unwrap(self.try_register_hook(hook))
    }

    /// Computes the gradient of this one-element tensor with respect to the graph's leaves and
    /// accumulates it into their `.grad` (`backward()`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let e = (&x * &x).try_backward().unwrap_err();
    /// assert_eq!(e.to_string(), "grad can be implicitly created only for scalar outputs");
    /// ```
    pub fn try_backward(&self) -> Result<()> {
        self.try_backward_opts(&BackwardOptions::default())
    }

    /// Panicking [`Tensor::try_backward`].
    ///
    /// ```
    /// let u = ferrograd::Tensor::new(2.0).requires_grad_(true);
    /// let v = ferrograd::Tensor::new(4.0).requires_grad_(true);
    /// (u.pow(2.0) + v.pow(3.0) + &u * &v).backward();
    /// assert_eq!((u.grad().unwrap().item(), v.grad().unwrap().item()), (8.0, 50.0));
    /// ```
    #[track_caller]
    pub fn backward(&self) {
        unwrap(self.try_backward())
    }

    /// Backward with an explicit `gradient` (the vector of a vector-Jacobian product); its shape
    /// must match, and its dtype is cast to this tensor's.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::arange(3.0).requires_grad_(true);
    /// let y = &x * &x;
    /// y.backward_with(&Tensor::new([1.0, 1.0, 0.0]));
    /// assert_eq!(x.grad().unwrap().to_string(), "tensor([0., 2., 0.])");
    /// ```
    #[track_caller]
    pub fn backward_with(&self, gradient: &Tensor) {
        unwrap(self.try_backward_opts(&BackwardOptions::new().gradient(gradient.clone())))
    }

    /// Backward with all of PyTorch's options.
    ///
    /// ```
    /// use ferrograd::{BackwardOptions, Tensor};
    /// let x = Tensor::new(1.0).requires_grad_(true);
    /// let y = x.exp();
    /// y.try_backward().unwrap();
    /// assert!(y.try_backward().unwrap_err().to_string().starts_with("Trying to backward through the graph a second time"));
    /// ```
    pub fn try_backward_opts(&self, opts: &BackwardOptions) -> Result<()> {
        let g = opts.gradient.as_ref().map(std::slice::from_ref);
        let roots = engine::make_roots(std::slice::from_ref(self), g, "gradient")?;
        let keep = opts.retain_graph.unwrap_or(opts.create_graph);
        if let Some(inputs) = &opts.inputs {
            if inputs.is_empty() {
                return Err(runtime(
                    "`inputs` argument to `backward()` cannot be empty.",
                ));
            }
            for t in inputs {
                if !t.requires_grad() {
                    // PyTorch's text for this case (its backward retains the inputs' grads).
                    return Err(runtime(
                        "can't retain_grad on Tensor that has requires_grad=False",
                    ));
                }
            }
        }
        GraphTask::new(PassPurpose::Accumulate, opts.inputs.as_deref())
            .keep_graph(keep)
            .create_graph(opts.create_graph)
            .run(roots)?;
        Ok(())
    }

    /// A new leaf sharing this tensor's storage, outside the graph (`detach()`).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0]).requires_grad_(true);
    /// let d = (&x * 2.0).detach();
    /// assert!(!d.requires_grad() && d.is_leaf());
    /// ```
    pub fn detach(&self) -> Tensor {
        self.alias_same_layout()
    }

    /// The data without autograd (`.data`): a detached alias sharing storage but not the
    /// version counter, as in PyTorch: changing it in place does not make a backward pass
    /// through this tensor's saved values an error (where [`Tensor::detach`]'s alias does).
    ///
    /// ```
    /// let x = ferrograd::Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = (&x * &x).sum();
    /// x.data().add_(&ferrograd::Tensor::new(1.0));
    /// assert_eq!(x.version(), 0);
    /// y.backward(); // 2·x at its current values
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![4.0, 6.0]);
    /// ```
    pub fn data(&self) -> Tensor {
        self.alias_own_version()
    }
}

impl Tensor {
    /// Detaches this tensor from the graph in place (`detach_()`): it becomes a leaf that does not
    /// require grad.
    ///
    /// ```
    /// let x = ferrograd::Tensor::new(1.0).requires_grad_(true);
    /// let y = x.exp();
    /// y.detach_();
    /// assert!(y.is_leaf() && !y.requires_grad());
    /// ```
    pub fn detach_(&self) -> &Tensor {
        let old = {
            let mut m = self.meta();
            m.requires_grad = false;
            m.retains_grad = false;
            m.output_nr = 0;
            m.grad_fn.take()
        };
        if let Some(node) = old {
            super::release_node(node);
        }
        self
    }

    /// `torch.autograd.backward(tensors, grad_tensors, ...)`: backward from several roots at
    /// once, accumulating into the leaves' `.grad` (only those in `inputs`, when given).
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new(2.0).requires_grad_(true);
    /// let (a, b) = (x.pow(2), &x * 3.0);
    /// Tensor::backward_many(&[a, b], None, None, false, None).unwrap();
    /// assert_eq!(x.grad().unwrap().item(), 7.0);
    /// ```
    pub fn backward_many(
        tensors: &[Tensor],
        grad_tensors: Option<&[Tensor]>,
        retain_graph: Option<bool>,
        create_graph: bool,
        inputs: Option<&[Tensor]>,
    ) -> Result<()> {
        let roots = engine::make_roots(tensors, grad_tensors, "grad_tensors")?;
        if let Some(inputs) = inputs {
            if inputs.is_empty() {
                return Err(runtime("'inputs' argument to backward() cannot be empty."));
            }
            for t in inputs {
                if !t.requires_grad() {
                    return Err(runtime(
                        "One of the differentiated Tensors does not require grad",
                    ));
                }
            }
        }
        let keep = retain_graph.unwrap_or(create_graph);
        GraphTask::new(PassPurpose::Accumulate, inputs)
            .keep_graph(keep)
            .create_graph(create_graph)
            .run(roots)?;
        Ok(())
    }
}
