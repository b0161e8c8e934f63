//! What the computing subcommands share: an expression with its variables' values
//! ([`Problem`]), its gradients to any order, and the bound on how large their graphs may grow.

use crate::bindings::{parse_at, Binding};
use crate::error::CliError;
use crate::eval::{eval, EvalOptions};
use crate::parse::{parse, Expr};
use ferrograd::autograd::{grad_with, GradOptions};
use ferrograd::{DType, NextFunction, Tensor};

/// An expression and the values of its variables, checked against each other.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The parsed expression.
    pub expr: Expr,
    /// The variables' values, in the order given.
    pub bindings: Vec<Binding>,
    /// The dtype of the computation.
    pub dtype: DType,
}

impl Problem {
    /// Parses the expression and the `--at` values; every variable of the expression must have a
    /// value (or be one of `others`, bound elsewhere), and every value must be used.
    pub fn new(
        src: &str,
        at: &[String],
        others: &[&str],
        dtype: DType,
    ) -> Result<Problem, CliError> {
        let expr = parse(src).map_err(|e| CliError::parse(&e, src))?;
        let bindings = parse_at(at)?;
        for (name, span) in expr.variables() {
            if !others.contains(&name) && !bindings.iter().any(|b| b.name == name) {
                return Err(CliError::about(
                    format!("no value: give it with --at {name}=VALUE"),
                    src,
                    span,
                ));
            }
        }
        let used = expr.variables();
        for b in &bindings {
            if others.contains(&b.name.as_str()) {
                return Err(CliError::new(format!(
                    "'{}' is given both with --at and with --over",
                    b.name
                )));
            }
            if !used.iter().any(|(n, _)| *n == b.name) {
                return Err(CliError::new(format!(
                    "--at {}=...: '{}' does not appear in the expression '{}'",
                    b.name, b.name, src
                )));
            }
        }
        Ok(Problem {
            expr,
            bindings,
            dtype,
        })
    }

    /// Leaf tensors requiring grad, one per variable.
    pub fn leaves(&self) -> Result<Vec<Tensor>, CliError> {
        self.bindings.iter().map(|b| b.leaf(self.dtype)).collect()
    }

    /// Evaluates with the variables bound to `tensors` (in the order of the bindings).
    pub fn eval(&self, tensors: &[Tensor]) -> Result<Tensor, CliError> {
        let vars: Vec<(String, Tensor)> = self
            .bindings
            .iter()
            .zip(tensors)
            .map(|(b, t)| (b.name.clone(), t.clone()))
            .collect();
        eval(&self.expr, &vars, &EvalOptions::new(self.dtype))
            .map_err(|e| CliError::eval(&e, &self.expr.source))
    }

    /// The expression on one line, as headings show it: trimmed, and with the line breaks of
    /// one read from a file (and the spaces around them) turned into single spaces.
    pub fn one_line(&self) -> String {
        let src = self.expr.source.trim();
        if src.contains('\n') {
            src.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            src.to_string()
        }
    }

    /// `f(x, y) = EXPR` and `  at x = 1, y = 2`, the heading of the text outputs.
    pub fn header(&self) -> String {
        let names: Vec<&str> = self.bindings.iter().map(|b| b.name.as_str()).collect();
        let mut out = if names.is_empty() {
            format!("f = {}\n", self.one_line())
        } else {
            format!("f({}) = {}\n", names.join(", "), self.one_line())
        };
        if !self.bindings.is_empty() {
            let at: Vec<String> = self
                .bindings
                .iter()
                .map(|b| format!("{} = {}", b.name, b.display()))
                .collect();
            out.push_str(&format!("  at {}\n", at.join(", ")));
        }
        out
    }
}

/// The most backward nodes a derivative's graph may have before it is differentiated again:
/// graphs of repeated derivatives can grow exponentially with the order (tanh's 13th has about
/// 290,000 nodes, its 14th 840,000).
pub const GRAPH_LIMIT: usize = 200_000;

/// Refuses to differentiate `d`, the derivative of order `k` of `f` with respect to `x`, again
/// when its graph is larger than [`GRAPH_LIMIT`].
pub fn check_growth(d: &Tensor, x: &str, k: usize) -> Result<(), CliError> {
    let n = count_nodes(d, GRAPH_LIMIT);
    if n > GRAPH_LIMIT {
        return Err(CliError::new(format!(
            "the graph of {} has more than {GRAPH_LIMIT} nodes: differentiating it again would take too long; use --order {k} or less",
            crate::format::derivative_name(x, k)
        )));
    }
    Ok(())
}

/// The gradients of `output` (weighted by `grad_output`) with respect to `inputs`, zeros for an
/// input it does not depend on; with `create_graph` they can be differentiated again.
pub fn gradients(
    output: &Tensor,
    inputs: &[Tensor],
    grad_output: Option<Tensor>,
    create_graph: bool,
) -> Result<Vec<Tensor>, ferrograd::Error> {
    if inputs.is_empty() {
        return Ok(vec![]);
    }
    if !output.requires_grad() {
        return Ok(inputs.iter().map(|t| t.zeros_like()).collect());
    }
    let mut opts = GradOptions::new()
        .create_graph(create_graph)
        .retain_graph(true)
        .materialize_grads(true);
    if let Some(g) = grad_output {
        opts = opts.grad_outputs(vec![g]);
    }
    let gs = grad_with(std::slice::from_ref(output), inputs, &opts)?;
    Ok(gs
        .into_iter()
        .zip(inputs)
        .map(|(g, t)| g.unwrap_or_else(|| t.zeros_like()))
        .collect())
}

/// The number of backward nodes behind `t` (its `grad_fn` and everything it reaches), counting
/// no further than `limit + 1`.
///
/// ```
/// use ferrograd::Tensor;
/// let x = Tensor::new(1.0).requires_grad_(true);
/// assert_eq!(ferrograd_cli::problem::count_nodes(&x.sin().exp(), 100), 2);
/// assert_eq!(ferrograd_cli::problem::count_nodes(&x, 100), 0);
/// ```
pub fn count_nodes(t: &Tensor, limit: usize) -> usize {
    let Some(root) = t.grad_fn() else {
        return 0;
    };
    let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
    seen.insert(root.address());
    let mut stack = vec![root];
    let mut keep = Vec::new();
    while let Some(f) = stack.pop() {
        if seen.len() > limit {
            break;
        }
        for next in f.next_functions().into_iter().flatten() {
            if let NextFunction::Backward(n) = next {
                if seen.insert(n.address()) {
                    stack.push(n);
                }
            }
        }
        keep.push(f);
    }
    seen.len()
}
