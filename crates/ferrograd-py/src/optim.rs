//! The per-parameter arithmetic of `torch.optim` and `torch.nn.utils.clip_grad_*`: the Python
//! classes (`python/ferrograd/optim`) keep PyTorch's object model and hand each param group's
//! tensors to these functions, which run the library's fused update loops.

use crate::errors::IntoPyResult;
use crate::tensor::PyTensor;
use ferrograd::optim::{self, kernels, AdagradOptions, AdamOptions, RMSpropOptions, SgdOptions};
use ferrograd::Tensor;
use pyo3::prelude::*;

type Ts<'py> = Vec<PyRef<'py, PyTensor>>;
type OptTs<'py> = Vec<Option<PyRef<'py, PyTensor>>>;

fn opt(v: &OptTs<'_>, i: usize) -> Option<Tensor> {
    v.get(i).and_then(|t| t.as_ref().map(|t| t.t.clone()))
}

/// Adds one to a 0-dim step tensor in place and returns the new count.
fn bump_step(t: &Tensor) -> PyResult<f64> {
    let _ng = ferrograd::no_grad();
    t.try_add_(1.0).py()?;
    t.try_item().py()
}

/// SGD over a param group; returns the momentum buffers (new ones where there were none).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn _sgd_step(
    params: Ts<'_>,
    grads: Ts<'_>,
    bufs: OptTs<'_>,
    lr: f64,
    momentum: f64,
    dampening: f64,
    weight_decay: f64,
    nesterov: bool,
    maximize: bool,
) -> PyResult<Vec<Option<PyTensor>>> {
    let o = SgdOptions {
        lr,
        momentum,
        dampening,
        weight_decay,
        nesterov,
        maximize,
    };
    let _ng = ferrograd::no_grad();
    let mut out = Vec::with_capacity(params.len());
    for (i, (p, g)) in params.iter().zip(&grads).enumerate() {
        let old = opt(&bufs, i);
        let created = kernels::sgd(&p.t, &g.t, old.as_ref(), &o).py()?;
        out.push(created.or(old).map(PyTensor::from));
    }
    Ok(out)
}

/// Adam/AdamW over a param group (state tensors updated in place, steps incremented).
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn _adam_step(
    params: Ts<'_>,
    grads: Ts<'_>,
    exp_avgs: Ts<'_>,
    exp_avg_sqs: Ts<'_>,
    max_exp_avg_sqs: OptTs<'_>,
    steps: Ts<'_>,
    lr: f64,
    beta1: f64,
    beta2: f64,
    weight_decay: f64,
    eps: f64,
    amsgrad: bool,
    maximize: bool,
    decoupled_weight_decay: bool,
) -> PyResult<()> {
    let o = AdamOptions {
        lr,
        betas: (beta1, beta2),
        eps,
        weight_decay,
        amsgrad,
        maximize,
        decoupled_weight_decay,
    };
    let _ng = ferrograd::no_grad();
    for (i, p) in params.iter().enumerate() {
        let step = bump_step(&steps[i].t)?;
        let vmax = opt(&max_exp_avg_sqs, i);
        kernels::adam(
            &p.t,
            &grads[i].t,
            &exp_avgs[i].t,
            &exp_avg_sqs[i].t,
            vmax.as_ref(),
            step,
            &o,
        )
        .py()?;
    }
    Ok(())
}

/// RMSprop over a param group.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn _rmsprop_step(
    params: Ts<'_>,
    grads: Ts<'_>,
    square_avgs: Ts<'_>,
    grad_avgs: OptTs<'_>,
    momentum_buffers: OptTs<'_>,
    steps: Ts<'_>,
    lr: f64,
    alpha: f64,
    eps: f64,
    weight_decay: f64,
    momentum: f64,
    centered: bool,
    maximize: bool,
) -> PyResult<()> {
    let o = RMSpropOptions {
        lr,
        alpha,
        eps,
        weight_decay,
        momentum,
        centered,
        maximize,
    };
    let _ng = ferrograd::no_grad();
    for (i, p) in params.iter().enumerate() {
        bump_step(&steps[i].t)?;
        let (ga, mb) = (opt(&grad_avgs, i), opt(&momentum_buffers, i));
        kernels::rmsprop(
            &p.t,
            &grads[i].t,
            &square_avgs[i].t,
            ga.as_ref(),
            mb.as_ref(),
            &o,
        )
        .py()?;
    }
    Ok(())
}

/// Adagrad over a param group.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn _adagrad_step(
    params: Ts<'_>,
    grads: Ts<'_>,
    sums: Ts<'_>,
    steps: Ts<'_>,
    lr: f64,
    lr_decay: f64,
    weight_decay: f64,
    eps: f64,
    maximize: bool,
) -> PyResult<()> {
    let o = AdagradOptions {
        lr,
        lr_decay,
        weight_decay,
        initial_accumulator_value: 0.0,
        eps,
        maximize,
    };
    let _ng = ferrograd::no_grad();
    for (i, p) in params.iter().enumerate() {
        let step = bump_step(&steps[i].t)?;
        kernels::adagrad(&p.t, &grads[i].t, &sums[i].t, step, &o).py()?;
    }
    Ok(())
}

/// `clip_grad_norm_` over the parameters' gradients; returns the total norm.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _clip_grad_norm(
    params: Ts<'_>,
    max_norm: f64,
    norm_type: f64,
    error_if_nonfinite: bool,
) -> PyResult<PyTensor> {
    let ps: Vec<Tensor> = params.iter().map(|p| p.t.clone()).collect();
    let o = optim::ClipGradNormOptions {
        norm_type,
        error_if_nonfinite,
    };
    optim::try_clip_grad_norm_(&ps, max_norm, o)
        .py()
        .map(PyTensor::from)
}

/// `clip_grad_value_` over the parameters' gradients.
#[ferrograd_py_macros::catch_panics]
#[pyfunction]
fn _clip_grad_value(params: Ts<'_>, clip_value: f64) {
    let ps: Vec<Tensor> = params.iter().map(|p| p.t.clone()).collect();
    optim::clip_grad_value_(&ps, clip_value)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_sgd_step, m)?)?;
    m.add_function(wrap_pyfunction!(_adam_step, m)?)?;
    m.add_function(wrap_pyfunction!(_rmsprop_step, m)?)?;
    m.add_function(wrap_pyfunction!(_adagrad_step, m)?)?;
    m.add_function(wrap_pyfunction!(_clip_grad_norm, m)?)?;
    m.add_function(wrap_pyfunction!(_clip_grad_value, m)?)?;
    Ok(())
}
