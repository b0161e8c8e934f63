//! `ferrograd grad`: the value and the partial derivatives at a point, the derivatives of higher
//! order, the Hessian, and vector-Jacobian products.

use crate::bindings::{nested_display, parse_value, tensor_of};
use crate::cli::GradArgs;
use crate::error::CliError;
use crate::format::{aligned, derivative_name, fmt_num, num_json, tensor_display, tensor_json};
use crate::problem::{check_growth, gradients, Problem};
use ferrograd::Tensor;
use serde_json::{json, Map, Value as Json};

/// The highest `--order` accepted (each order differentiates the previous derivative's graph).
pub const MAX_ORDER: usize = 32;

/// Everything `grad` computes.
#[derive(Debug)]
pub struct GradResult {
    /// The expression's value.
    pub value: Tensor,
    /// One gradient per variable, in the order given.
    pub grads: Vec<Tensor>,
    /// The vector of a vector-Jacobian product, if one was given.
    pub grad_output: Option<Tensor>,
    /// With `--order N`: the derivatives of order 1..N.
    pub derivatives: Option<Vec<f64>>,
    /// With `--hessian`: the matrix of second partial derivatives.
    pub hessian: Option<Vec<Vec<f64>>>,
}

/// Runs `grad`, returning what it prints.
pub fn run(args: &GradArgs) -> Result<String, CliError> {
    let src = crate::cli::expression(&args.expr, &args.file)?;
    let p = Problem::new(&src, &args.at, &[], args.dtype.into())?;
    let r = compute(&p, args)?;
    Ok(if args.json {
        to_json(&p, &r)
    } else {
        to_text(&p, &r)
    })
}

/// Checks the options against the problem and computes.
pub fn compute(p: &Problem, args: &GradArgs) -> Result<GradResult, CliError> {
    if let Some(n) = args.order {
        if n == 0 || n > MAX_ORDER {
            return Err(CliError::new(format!(
                "--order must be between 1 and {MAX_ORDER}, not {n}"
            )));
        }
        if p.bindings.len() != 1 || !p.bindings[0].is_scalar() {
            return Err(CliError::new(format!(
                "--order needs exactly one scalar variable, but {}",
                describe_vars(p)
            )));
        }
    }
    if args.hessian {
        if p.bindings.is_empty() {
            return Err(CliError::new(
                "--hessian needs at least one variable (give it with --at)",
            ));
        }
        if let Some(b) = p.bindings.iter().find(|b| !b.is_scalar()) {
            return Err(CliError::new(format!(
                "--hessian needs scalar variables, but '{}' has shape {:?}",
                b.name, b.shape
            )));
        }
    }
    let grad_output = match &args.grad_output {
        Some(text) => {
            let (shape, values) = parse_value("--grad-output", text)?;
            Some(tensor_of(&shape, &values, p.dtype)?)
        }
        None => None,
    };
    let leaves = p.leaves()?;
    let value = p.eval(&leaves)?;
    if value.numel() != 1 && grad_output.is_none() {
        return Err(CliError::new(format!(
            "the value has shape {:?}, not a scalar: give --grad-output VEC for the vector-Jacobian product (as y.backward(VEC)), or reduce it, e.g. sum(...)",
            value.shape()
        )));
    }
    let higher = args.order.is_some_and(|n| n > 1) || args.hessian;
    let grads = gradients(&value, &leaves, grad_output.clone(), higher)
        .map_err(|e| with_flag(e, grad_output.is_some()))?;

    let derivatives = match args.order {
        Some(n) => Some(nth_derivatives(
            &grads[0],
            &leaves[0],
            &p.bindings[0].name,
            n,
        )?),
        None => None,
    };
    let hessian = if args.hessian {
        let mut rows = Vec::with_capacity(leaves.len());
        for g in &grads {
            let row = gradients(g, &leaves, None, false)?;
            rows.push(
                row.iter()
                    .map(|t| t.try_item())
                    .collect::<Result<Vec<_>, _>>()?,
            );
        }
        Some(rows)
    } else {
        None
    };
    Ok(GradResult {
        value,
        grads,
        grad_output,
        derivatives,
        hessian,
    })
}

fn with_flag(e: ferrograd::Error, has_grad_output: bool) -> CliError {
    if has_grad_output {
        CliError::new(format!("--grad-output: {e}"))
    } else {
        CliError::from(e)
    }
}

fn describe_vars(p: &Problem) -> String {
    match p.bindings.len() {
        0 => "none was given".into(),
        1 => format!(
            "'{}' has shape {:?}",
            p.bindings[0].name, p.bindings[0].shape
        ),
        n => format!("{n} were given"),
    }
}

/// Derivatives of order 1..=n, from the first (`d1`, built with create_graph when n > 1) by
/// differentiating each again with `grad`.
fn nth_derivatives(d1: &Tensor, x: &Tensor, name: &str, n: usize) -> Result<Vec<f64>, CliError> {
    let mut out = Vec::with_capacity(n);
    let mut d = d1.clone();
    for k in 1..=n {
        out.push(d.try_item()?);
        if k < n {
            check_growth(&d, name, k)?;
            d = gradients(&d, std::slice::from_ref(x), None, k + 1 < n)?.remove(0);
        }
    }
    Ok(out)
}

fn grad_label(p: &Problem, name: &str, has_grad_output: bool) -> String {
    let f = if has_grad_output { "(u·f)" } else { "f" };
    if p.bindings.len() == 1 && !has_grad_output {
        format!("d{f}/d{name}")
    } else {
        format!("∂{f}/∂{name}")
    }
}

/// The human output.
pub fn to_text(p: &Problem, r: &GradResult) -> String {
    let mut out = p.header();
    let dtype = p.dtype;
    if let Some(u) = &r.grad_output {
        out.push_str(&format!(
            "  with u = {} (--grad-output)\n",
            nested_display(u.shape(), &u.to_vec::<f64>())
        ));
    }
    let mut rows = vec![("f".to_string(), tensor_display(&r.value))];
    match &r.derivatives {
        Some(ds) => {
            let x = &p.bindings[0].name;
            for (k, d) in ds.iter().enumerate() {
                rows.push((derivative_name(x, k + 1), fmt_num(*d, dtype)));
            }
        }
        None => {
            for (b, g) in p.bindings.iter().zip(&r.grads) {
                rows.push((
                    grad_label(p, &b.name, r.grad_output.is_some()),
                    tensor_display(g),
                ));
            }
        }
    }
    out.push_str(&aligned(&rows));
    if let Some(h) = &r.hessian {
        out.push_str("Hessian (∂²f/∂row∂column):\n");
        let names: Vec<&str> = p.bindings.iter().map(|b| b.name.as_str()).collect();
        let cells: Vec<Vec<String>> = h
            .iter()
            .map(|row| row.iter().map(|v| fmt_num(*v, dtype)).collect())
            .collect();
        let label_w = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        let col_w: Vec<usize> = (0..names.len())
            .map(|j| {
                cells
                    .iter()
                    .map(|r| r[j].chars().count())
                    .chain([names[j].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut line = format!("  {}", " ".repeat(label_w));
        for (j, n) in names.iter().enumerate() {
            line.push_str(&format!("  {n:>w$}", w = col_w[j]));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        for (i, row) in cells.iter().enumerate() {
            let mut line = format!("  {:<w$}", names[i], w = label_w);
            for (j, c) in row.iter().enumerate() {
                line.push_str(&format!("  {c:>w$}", w = col_w[j]));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The JSON output: exactly one object, on one line.
pub fn to_json(p: &Problem, r: &GradResult) -> String {
    let mut at = Map::new();
    for b in &p.bindings {
        at.insert(b.name.clone(), b.json());
    }
    let mut grad = Map::new();
    for (b, g) in p.bindings.iter().zip(&r.grads) {
        grad.insert(b.name.clone(), tensor_json(g));
    }
    let mut obj = Map::new();
    obj.insert("expr".into(), json!(p.expr.source));
    obj.insert("at".into(), Json::Object(at));
    obj.insert("value".into(), tensor_json(&r.value));
    obj.insert("grad".into(), Json::Object(grad));
    if let Some(ds) = &r.derivatives {
        obj.insert(
            "derivatives".into(),
            Json::Array(ds.iter().map(|d| num_json(*d, p.dtype)).collect()),
        );
    }
    if let Some(h) = &r.hessian {
        obj.insert(
            "hessian".into(),
            Json::Array(
                h.iter()
                    .map(|row| Json::Array(row.iter().map(|v| num_json(*v, p.dtype)).collect()))
                    .collect(),
            ),
        );
    }
    format!("{}\n", Json::Object(obj))
}
