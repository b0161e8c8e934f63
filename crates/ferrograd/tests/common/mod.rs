//! Shared helpers of the integration tests: random inputs, and a gradient checker comparing
//! autograd's Jacobians (first and second order) with central finite differences.

#![allow(dead_code)]

use ferrograd::autograd::{grad_with, GradOptions};
use ferrograd::{DType, Tensor};
use std::sync::Mutex;

/// Tolerances of a check: step of the central differences, absolute and relative tolerance.
#[derive(Clone, Copy, Debug)]
pub struct Tol {
    /// Step of the central differences.
    pub eps: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// Relative tolerance (relative to the numerical value).
    pub rtol: f64,
}

/// PyTorch's `gradcheck` defaults: eps 1e-6, atol 1e-5, rtol 1e-3.
pub const TOL: Tol = Tol {
    eps: 1e-6,
    atol: 1e-5,
    rtol: 1e-3,
};

static RNG_LOCK: Mutex<()> = Mutex::new(());

/// Runs `f` with the library's global generator seeded with `seed`, holding a lock so that tests
/// running on other threads cannot draw from the generator in between: the values are the same
/// on every run, whatever the scheduling.
pub fn seeded<R>(seed: u64, f: impl FnOnce() -> R) -> R {
    let _guard = RNG_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    ferrograd::manual_seed(seed);
    f()
}

/// A seed derived from a name (FNV-1a), so each check draws its own fixed values.
pub fn seed_of(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A plain float64 tensor of `shape` from row-major values.
pub fn t64(vals: Vec<f64>, shape: &[usize]) -> Tensor {
    Tensor::from_vec(vals, shape)
}

/// Uniform float64 values in `[lo, hi)` from the library's seeded generator.
pub fn uniform(shape: &[usize], lo: f64, hi: f64) -> Tensor {
    let u = Tensor::rand_dtype(shape, DType::Float64).to_vec::<f64>();
    t64(u.into_iter().map(|v| lo + (hi - lo) * v).collect(), shape)
}

/// Values of magnitude in `[0.3, 1.5)` with random signs: away from the kinks at zero.
pub fn away_from_zero(shape: &[usize]) -> Tensor {
    let m = uniform(shape, 0.3, 1.5).to_vec::<f64>();
    let s = uniform(shape, 0.0, 1.0).to_vec::<f64>();
    let v = m
        .into_iter()
        .zip(s)
        .map(|(m, s)| if s < 0.5 { -m } else { m })
        .collect();
    t64(v, shape)
}

/// Pairwise distinct values (at least 0.2 apart), in a random order: no ties for max/min.
pub fn distinct(shape: &[usize]) -> Tensor {
    let n: usize = shape.iter().product();
    let keys = uniform(&[n], 0.0, 1.0).to_vec::<f64>();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
    let noise = uniform(&[n], 0.0, 0.05).to_vec::<f64>();
    let v = order
        .iter()
        .zip(noise)
        .map(|(&r, e)| -1.0 + 0.25 * r as f64 + e)
        .collect();
    t64(v, shape)
}

/// A fresh leaf holding `t`'s values that requires grad.
pub fn leaf(t: &Tensor) -> Tensor {
    t.detach().clone_tensor().requires_grad_(true)
}

fn leaves(inputs: &[Tensor]) -> Vec<Tensor> {
    inputs.iter().map(leaf).collect()
}

fn perturbed(inputs: &[Tensor], i: usize, k: usize, delta: f64) -> Vec<Tensor> {
    inputs
        .iter()
        .enumerate()
        .map(|(j, t)| {
            let mut v = t.to_vec::<f64>();
            if j == i {
                v[k] += delta;
            }
            t64(v, t.shape())
        })
        .collect()
}

/// The worst disagreement of a comparison, for the failure message.
struct Worst {
    excess: f64,
    at: usize,
    analytical: f64,
    numerical: f64,
}

fn compare(analytical: &[f64], numerical: &[f64], tol: Tol) -> Option<Worst> {
    assert_eq!(analytical.len(), numerical.len());
    let mut worst: Option<Worst> = None;
    for (at, (&a, &n)) in analytical.iter().zip(numerical).enumerate() {
        let bound = tol.atol + tol.rtol * n.abs();
        let err = (a - n).abs();
        let excess = if err.is_nan() {
            f64::INFINITY
        } else {
            err - bound
        };
        let better = match &worst {
            None => true,
            Some(w) => excess > w.excess,
        };
        if excess > 0.0 && better {
            worst = Some(Worst {
                excess,
                at,
                analytical: a,
                numerical: n,
            });
        }
    }
    worst
}

fn fail(
    what: &str,
    name: &str,
    input: usize,
    shape: &[usize],
    outputs: Option<usize>,
    w: &Worst,
) -> ! {
    let place = match outputs {
        Some(m) => format!("input element {}, output element {}", w.at / m, w.at % m),
        None => format!("input element {}", w.at),
    };
    panic!(
        "{what} mismatch for `{name}` with respect to input {input} (shape {shape:?}): worst at \
         {place}: analytical {:e} vs numerical {:e} (exceeds the tolerance by {:e})",
        w.analytical, w.numerical, w.excess
    );
}

/// Checks the full Jacobian of `f` at `inputs` (float64) with the default tolerances.
#[track_caller]
pub fn check_first_order(name: &str, f: impl Fn(&[Tensor]) -> Tensor, inputs: &[Tensor]) {
    check_first_order_tol(name, f, inputs, TOL)
}

/// The analytical Jacobian of `f`: one vector-Jacobian product per output element (one-hot
/// `grad_outputs`), laid out `[input][input element][output element]`.
pub fn analytical_jacobian(f: &impl Fn(&[Tensor]) -> Tensor, inputs: &[Tensor]) -> Vec<Vec<f64>> {
    let xs = leaves(inputs);
    let y = f(&xs);
    let m = y.numel();
    let mut jac: Vec<Vec<f64>> = inputs.iter().map(|t| vec![0.0; t.numel() * m]).collect();
    if !y.requires_grad() {
        return jac;
    }
    for j in 0..m {
        let mut onehot = vec![0.0; m];
        onehot[j] = 1.0;
        let go = t64(onehot, y.shape()).to_dtype(y.dtype());
        let opts = GradOptions::new()
            .grad_outputs(vec![go])
            .retain_graph(true)
            .materialize_grads(true);
        let gs = grad_with(std::slice::from_ref(&y), &xs, &opts).expect("vector-Jacobian product");
        for (i, g) in gs.into_iter().enumerate() {
            let g = g.expect("materialized");
            assert_eq!(g.shape(), inputs[i].shape(), "gradient shape of input {i}");
            assert_eq!(g.dtype(), inputs[i].dtype(), "gradient dtype of input {i}");
            for (k, v) in g.to_vec::<f64>().into_iter().enumerate() {
                jac[i][k * m + j] = v;
            }
        }
    }
    jac
}

/// The numerical Jacobian of `f` by central differences, laid out as [`analytical_jacobian`].
pub fn numerical_jacobian(
    f: &impl Fn(&[Tensor]) -> Tensor,
    inputs: &[Tensor],
    eps: f64,
) -> Vec<Vec<f64>> {
    let _ng = ferrograd::no_grad();
    let m = f(inputs).numel();
    inputs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut col = vec![0.0; t.numel() * m];
            for k in 0..t.numel() {
                let hi = f(&perturbed(inputs, i, k, eps)).to_vec::<f64>();
                let lo = f(&perturbed(inputs, i, k, -eps)).to_vec::<f64>();
                for j in 0..m {
                    col[k * m + j] = (hi[j] - lo[j]) / (2.0 * eps);
                }
            }
            col
        })
        .collect()
}

/// [`check_first_order`] with explicit tolerances.
#[track_caller]
pub fn check_first_order_tol(
    name: &str,
    f: impl Fn(&[Tensor]) -> Tensor,
    inputs: &[Tensor],
    tol: Tol,
) {
    let m = {
        let _ng = ferrograd::no_grad();
        f(inputs).numel()
    };
    let a = analytical_jacobian(&f, inputs);
    let n = numerical_jacobian(&f, inputs, tol.eps);
    for i in 0..inputs.len() {
        if let Some(w) = compare(&a[i], &n[i], tol) {
            fail("Jacobian", name, i, inputs[i].shape(), Some(m), &w);
        }
    }
}

/// `sum_i sum(grad_i * w_i)` where `grad_i` is the gradient of `sum(f(xs) * v)` w.r.t. input i,
/// with the graph of the gradients recorded when `create_graph`.
fn weighted_gradient(
    f: &impl Fn(&[Tensor]) -> Tensor,
    xs: &[Tensor],
    v: &Tensor,
    w: &[Tensor],
    create_graph: bool,
) -> Option<Tensor> {
    let y = f(xs);
    if !y.requires_grad() {
        return None;
    }
    let opts = GradOptions::new()
        .grad_outputs(vec![v.to_dtype(y.dtype())])
        .create_graph(create_graph)
        .materialize_grads(true);
    let gs = grad_with(&[y], xs, &opts).expect("first-order gradient");
    let mut total: Option<Tensor> = None;
    for (g, wi) in gs.into_iter().zip(w) {
        let term = (g.expect("materialized") * wi).sum();
        total = Some(match total {
            None => term,
            Some(t) => t + term,
        });
    }
    total
}

/// Checks second derivatives: the gradient (w.r.t. every input) of `sum_i sum(grad_i * w_i)`,
/// where `grad_i` comes from `autograd::grad(f(xs), xs, grad_outputs = v, create_graph = true)`
/// and `v`, `w_i` are random, against central differences of that first-order quantity.
#[track_caller]
pub fn check_second_order(name: &str, f: impl Fn(&[Tensor]) -> Tensor, inputs: &[Tensor]) {
    check_second_order_tol(name, f, inputs, TOL)
}

/// [`check_second_order`] with explicit tolerances.
#[track_caller]
pub fn check_second_order_tol(
    name: &str,
    f: impl Fn(&[Tensor]) -> Tensor,
    inputs: &[Tensor],
    tol: Tol,
) {
    let out_shape = {
        let _ng = ferrograd::no_grad();
        f(inputs).shape().to_vec()
    };
    let (v, w) = seeded(seed_of(name), || {
        let v = uniform(&out_shape, -1.0, 1.0);
        let w: Vec<Tensor> = inputs
            .iter()
            .map(|t| uniform(t.shape(), -1.0, 1.0))
            .collect();
        (v, w)
    });

    // Analytical: differentiate the recorded first-order gradient.
    let xs = leaves(inputs);
    let analytical: Vec<Vec<f64>> = match weighted_gradient(&f, &xs, &v, &w, true) {
        Some(s) if s.requires_grad() => {
            let opts = GradOptions::new().materialize_grads(true);
            grad_with(&[s], &xs, &opts)
                .expect("second-order gradient")
                .into_iter()
                .map(|g| g.expect("materialized").to_vec::<f64>())
                .collect()
        }
        _ => inputs.iter().map(|t| vec![0.0; t.numel()]).collect(),
    };

    // Numerical: central differences of the first-order quantity.
    let eval = |xs: Vec<Tensor>| -> f64 {
        let xs: Vec<Tensor> = xs.iter().map(leaf).collect();
        weighted_gradient(&f, &xs, &v, &w, false).map_or(0.0, |s| s.item())
    };
    for (i, t) in inputs.iter().enumerate() {
        let numerical: Vec<f64> = (0..t.numel())
            .map(|k| {
                let hi = eval(perturbed(inputs, i, k, tol.eps));
                let lo = eval(perturbed(inputs, i, k, -tol.eps));
                (hi - lo) / (2.0 * tol.eps)
            })
            .collect();
        if let Some(w) = compare(&analytical[i], &numerical, tol) {
            fail("second-order gradient", name, i, t.shape(), None, &w);
        }
    }
}

/// Checks first and second order.
#[track_caller]
pub fn check_both(name: &str, f: impl Fn(&[Tensor]) -> Tensor, inputs: &[Tensor]) {
    check_first_order(name, &f, inputs);
    check_second_order(name, &f, inputs);
}

/// Asserts two float slices agree elementwise within `tol` (absolute).
#[track_caller]
pub fn assert_close(actual: &[f64], expected: &[f64], tol: f64) {
    assert_eq!(actual.len(), expected.len(), "lengths differ");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tol,
            "element {i}: {a} vs expected {e} (tolerance {tol})\nactual:   {actual:?}\nexpected: {expected:?}"
        );
    }
}

/// A float recorded from PyTorch as JSON: a number, or `"nan"`, `"inf"`, `"-inf"`, `"-0.0"`
/// for what JSON cannot hold.
pub fn recorded_f64(v: &serde_json::Value) -> f64 {
    match v {
        serde_json::Value::String(s) => match s.as_str() {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            "-0.0" => -0.0,
            other => panic!("unexpected {other}"),
        },
        v => v.as_f64().expect("a number"),
    }
}

/// Whether `got` is PyTorch's `want`: NaN for NaN, the same infinity, the same signed zero,
/// else within `rel` relative plus `abs` absolute.
pub fn same_as_recorded(got: f64, want: f64, rel: f64, abs: f64) -> bool {
    if want.is_nan() || got.is_nan() {
        return want.is_nan() && got.is_nan();
    }
    if want.is_infinite() || got.is_infinite() {
        return want == got;
    }
    if want == 0.0 && got == 0.0 {
        return want.is_sign_negative() == got.is_sign_negative();
    }
    (got - want).abs() <= rel * want.abs() + abs
}
