//! `ferrograd check`: seed 000's numerical-limit table, `(f(x + h) - f(x)) / h` for
//! h = 0.1 … 1e-6, beside the derivative autograd gives, and the gap between them.

use crate::cli::CheckArgs;
use crate::error::CliError;
use crate::format::{derivative_name, fmt_num};
use crate::problem::{gradients, Problem};
use ferrograd::Tensor;

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    /// The step.
    pub h: f64,
    /// The forward difference with that step.
    pub numerical: f64,
}

/// The table for one variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The variable.
    pub name: String,
    /// What autograd gives.
    pub autograd: f64,
    /// Forward differences for h = 0.1, 0.01, …, 1e-6.
    pub rows: Vec<Row>,
}

/// Runs `check`, returning what it prints.
pub fn run(args: &CheckArgs) -> Result<String, CliError> {
    let src = crate::cli::expression(&args.expr, &args.file)?;
    let p = Problem::new(&src, &args.at, &[], args.dtype.into())?;
    let tables = compute(&p)?;
    let mut out = p.header();
    for t in &tables {
        let label = if tables.len() == 1 {
            derivative_name(&t.name, 1)
        } else {
            format!("∂f/∂{}", t.name)
        };
        out.push_str(&format!(
            "{label} = {} by autograd; forward differences:\n",
            fmt_num(t.autograd, p.dtype)
        ));
        for r in &t.rows {
            out.push_str(&format!(
                "h={:.6}, numerical limit={:.6}   autograd={:.6}   gap={:+.3e}\n",
                r.h,
                r.numerical,
                t.autograd,
                r.numerical - t.autograd
            ));
        }
    }
    Ok(out)
}

/// The autograd derivative and the forward differences, for each variable.
pub fn compute(p: &Problem) -> Result<Vec<Table>, CliError> {
    if p.bindings.is_empty() {
        return Err(CliError::new(
            "check needs a variable to differentiate: give it with --at NAME=VALUE",
        ));
    }
    if let Some(b) = p.bindings.iter().find(|b| !b.is_scalar()) {
        return Err(CliError::new(format!(
            "check needs scalar variables, but '{}' has shape {:?}",
            b.name, b.shape
        )));
    }
    let leaves = p.leaves()?;
    let y = p.eval(&leaves)?;
    if y.numel() != 1 {
        return Err(CliError::new(format!(
            "check needs a scalar value, but the expression has shape {:?}",
            y.shape()
        )));
    }
    let grads = gradients(&y, &leaves, None, false)?;

    let point: Vec<f64> = p.bindings.iter().map(|b| b.values[0]).collect();
    let f = |at: &[f64]| -> Result<f64, CliError> {
        let ts: Vec<Tensor> = at
            .iter()
            .map(|&v| Tensor::scalar_tensor(v, p.dtype))
            .collect();
        Ok(p.eval(&ts)?.try_item()?)
    };
    let fx = f(&point)?;
    let mut tables = Vec::new();
    for (i, b) in p.bindings.iter().enumerate() {
        let mut rows = Vec::new();
        let mut h = 0.1;
        for _ in 0..6 {
            let mut moved = point.clone();
            moved[i] += h;
            rows.push(Row {
                h,
                numerical: (f(&moved)? - fx) / h,
            });
            h *= 0.1;
        }
        tables.push(Table {
            name: b.name.clone(),
            autograd: grads[i].try_item()?,
            rows,
        });
    }
    Ok(tables)
}
