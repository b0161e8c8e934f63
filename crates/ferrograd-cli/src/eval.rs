//! Evaluates parsed expressions with the library's tensors, recording autograd graphs.
//!
//! Numbers in the expression behave as Python numbers do in a PyTorch program: arithmetic between
//! two numbers stays a number, and a number meets a tensor through the library's scalar operations
//! (`x * 3` is `MulBackward0` with one input, `2 - x` is `RsubBackward1`, `x^2` is
//! `PowBackward0`, `2^x` is `PowBackward2`). Everything involving a variable is a tensor
//! operation, so the library's autograd alone gives every derivative.

use crate::parse::{BinOp, Expr, Func, Op, Span};
use ferrograd::ops::{BinaryOp, UnaryOp};
use ferrograd::{DType, Tensor};

/// A value on the evaluation stack: a plain number or a tensor.
#[derive(Clone, Debug)]
pub enum Value {
    /// A number not depending on any variable (a Python number).
    Const(f64),
    /// A tensor (a variable, or computed from one).
    Tensor(Tensor),
}

impl Value {
    /// The value as a tensor: numbers become 0-dim tensors of `dtype`.
    pub fn into_tensor(self, dtype: DType) -> Tensor {
        match self {
            Value::Const(c) => Tensor::scalar_tensor(c, dtype),
            Value::Tensor(t) => t,
        }
    }
}

/// An evaluation error: the message (the library's own for tensor errors) and the part of the
/// expression that raised it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// What went wrong.
    pub message: String,
    /// The operator, function or name that failed.
    pub span: Span,
}

/// How to evaluate.
#[derive(Clone, Copy, Debug)]
pub struct EvalOptions {
    /// The dtype numbers take when they must become tensors.
    pub dtype: DType,
    /// Refuse `sum`, `mean` and `dot` of anything that requires grad: used where the expression
    /// must be elementwise in its differentiated variable (plots).
    pub elementwise: bool,
}

impl EvalOptions {
    /// Plain evaluation in `dtype`.
    pub fn new(dtype: DType) -> Self {
        EvalOptions {
            dtype,
            elementwise: false,
        }
    }
}

/// Evaluates `expr` with the variables bound to `vars` (name, tensor), returning the result as a
/// tensor of the expression's dtype (a number becomes a 0-dim tensor).
///
/// ```
/// use ferrograd::{DType, Tensor};
/// use ferrograd_cli::{eval::{eval, EvalOptions}, parse::parse};
/// let x = Tensor::scalar_tensor(3.0, DType::Float64).requires_grad_(true);
/// let y = eval(&parse("x^2 + 1").unwrap(), &[("x".into(), x)], &EvalOptions::new(DType::Float64)).unwrap();
/// assert_eq!(y.to_string(), "tensor(10., dtype=torch.float64, grad_fn=<AddBackward0>)");
/// ```
pub fn eval(
    expr: &Expr,
    vars: &[(String, Tensor)],
    opts: &EvalOptions,
) -> Result<Tensor, EvalError> {
    Ok(eval_value(expr, vars, opts)?.into_tensor(opts.dtype))
}

/// Like [`eval`], but keeps a result that depends on no variable as a plain number.
pub fn eval_value(
    expr: &Expr,
    vars: &[(String, Tensor)],
    opts: &EvalOptions,
) -> Result<Value, EvalError> {
    eval_traced(expr, vars, opts, &mut Vec::new())
}

/// Like [`eval_value`], also pushing onto `trace` every tensor computed on the way (the result
/// of each operation on a tensor, in order), so that the values of a graph's nodes can be shown.
pub fn eval_traced(
    expr: &Expr,
    vars: &[(String, Tensor)],
    opts: &EvalOptions,
    trace: &mut Vec<Tensor>,
) -> Result<Value, EvalError> {
    let mut stack: Vec<Value> = Vec::new();
    let malformed = |span| EvalError {
        message: "internal error: malformed expression code".into(),
        span,
    };
    for instr in &expr.code {
        let span = instr.span;
        let lib = |e: ferrograd::Error| EvalError {
            message: e.to_string(),
            span,
        };
        let v = match &instr.op {
            Op::Num(v) => Value::Const(*v),
            Op::Var(name) => match vars.iter().find(|(n, _)| n == name) {
                Some((_, t)) => Value::Tensor(t.clone()),
                None => {
                    return Err(EvalError {
                        message: format!("no value: give it with --at {name}=VALUE"),
                        span,
                    })
                }
            },
            Op::Neg => match stack.pop().ok_or_else(|| malformed(span))? {
                Value::Const(c) => Value::Const(-c),
                Value::Tensor(t) => Value::Tensor(t.try_neg().map_err(lib)?),
            },
            Op::Bin(op) => {
                let b = stack.pop().ok_or_else(|| malformed(span))?;
                let a = stack.pop().ok_or_else(|| malformed(span))?;
                binary(*op, a, b).map_err(lib)?
            }
            Op::Call(f, args) => {
                if stack.len() < *args {
                    return Err(malformed(span));
                }
                let mut a = stack.split_off(stack.len() - args);
                match *f {
                    Func::Dot => {
                        let b = a.pop().ok_or_else(|| malformed(span))?;
                        let a = a.pop().ok_or_else(|| malformed(span))?;
                        if opts.elementwise && (requires_grad(&a) || requires_grad(&b)) {
                            return Err(not_elementwise(*f, span));
                        }
                        let (a, b) = (a.into_tensor(opts.dtype), b.into_tensor(opts.dtype));
                        Value::Tensor(a.try_dot(&b).map_err(lib)?)
                    }
                    Func::Sum | Func::Mean => {
                        let a = a.pop().ok_or_else(|| malformed(span))?;
                        if opts.elementwise && requires_grad(&a) {
                            return Err(not_elementwise(*f, span));
                        }
                        reduce(*f, a).map_err(lib)?
                    }
                    Func::Binary(op) => {
                        let b = a.pop().ok_or_else(|| malformed(span))?;
                        let a = a.pop().ok_or_else(|| malformed(span))?;
                        binary_fn(op, a, b, opts.dtype).map_err(lib)?
                    }
                    Func::Unary(op) => {
                        let mut params = op.default_params();
                        for (k, p) in a.drain(1..).enumerate() {
                            match p {
                                Value::Const(c) if k < params.len() => params[k] = c,
                                // The parser lets only constants through as parameters.
                                _ => return Err(malformed(span)),
                            }
                        }
                        let x = a.pop().ok_or_else(|| malformed(span))?;
                        unary(op, x, &params).map_err(lib)?
                    }
                }
            }
        };
        if let (Value::Tensor(t), false) = (&v, matches!(instr.op, Op::Var(_))) {
            trace.push(t.clone());
        }
        stack.push(v);
    }
    match (stack.pop(), stack.is_empty()) {
        (Some(v), true) => Ok(v),
        _ => Err(malformed(Span { start: 0, len: 1 })),
    }
}

fn requires_grad(v: &Value) -> bool {
    matches!(v, Value::Tensor(t) if t.requires_grad())
}

fn not_elementwise(f: Func, span: Span) -> EvalError {
    EvalError {
        message: format!(
            "{}() reduces over the plotted variable; a plot needs an expression elementwise in it",
            f.name()
        ),
        span,
    }
}

fn binary(op: BinOp, a: Value, b: Value) -> ferrograd::Result<Value> {
    use Value::{Const, Tensor as T};
    Ok(match (a, b) {
        (Const(x), Const(y)) => Const(match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => x / y,
            BinOp::Pow => x.powf(y),
        }),
        (T(t), Const(c)) => T(match op {
            BinOp::Add => t.try_add_scalar(c)?,
            BinOp::Sub => t.try_sub_scalar(c)?,
            BinOp::Mul => t.try_mul_scalar(c)?,
            BinOp::Div => t.try_div_scalar(c)?,
            BinOp::Pow => t.try_pow(c)?,
        }),
        (Const(c), T(t)) => T(match op {
            BinOp::Add => t.try_add_scalar(c)?,
            BinOp::Sub => t.try_rsub_scalar(c)?,
            BinOp::Mul => t.try_mul_scalar(c)?,
            BinOp::Div => t.try_rdiv_scalar(c)?,
            BinOp::Pow => t.try_rpow(c)?,
        }),
        (T(a), T(b)) => T(match op {
            BinOp::Add => a.try_add(&b)?,
            BinOp::Sub => a.try_sub(&b)?,
            BinOp::Mul => a.try_mul(&b)?,
            BinOp::Div => a.try_div(&b)?,
            BinOp::Pow => a.try_pow_tensor(&b)?,
        }),
    })
}

/// An elementwise function of the op table, with its parameters. A number goes through a
/// float64 tensor and comes back a number.
fn unary(op: &'static UnaryOp, a: Value, params: &[f64]) -> ferrograd::Result<Value> {
    match a {
        Value::Tensor(t) => Ok(Value::Tensor(op.apply(&t, params)?)),
        Value::Const(c) => {
            let t = Tensor::scalar_tensor(c, DType::Float64);
            Ok(Value::Const(op.apply(&t, params)?.try_item()?))
        }
    }
}

/// A binary function of the op table; two numbers give a number.
fn binary_fn(op: &'static BinaryOp, a: Value, b: Value, dtype: DType) -> ferrograd::Result<Value> {
    if let (Value::Const(x), Value::Const(y)) = (&a, &b) {
        let (x, y) = (
            Tensor::scalar_tensor(*x, DType::Float64),
            Tensor::scalar_tensor(*y, DType::Float64),
        );
        return Ok(Value::Const(op.apply(&x, &y)?.try_item()?));
    }
    Ok(Value::Tensor(
        op.apply(&a.into_tensor(dtype), &b.into_tensor(dtype))?,
    ))
}

/// `sum` or `mean` of all elements. A number stays a number.
fn reduce(f: Func, a: Value) -> ferrograd::Result<Value> {
    let t = match a {
        Value::Tensor(t) => t,
        Value::Const(c) => {
            let t = Tensor::scalar_tensor(c, DType::Float64);
            let r = if f == Func::Sum {
                t.try_sum()?
            } else {
                t.try_mean()?
            };
            return Ok(Value::Const(r.try_item()?));
        }
    };
    Ok(Value::Tensor(if f == Func::Sum {
        t.try_sum()?
    } else {
        t.try_mean()?
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn leaf(v: f64) -> Tensor {
        Tensor::scalar_tensor(v, DType::Float64)
            .try_requires_grad_(true)
            .unwrap()
    }

    fn run(src: &str, vars: &[(&str, Tensor)]) -> Result<Tensor, EvalError> {
        let vars: Vec<(String, Tensor)> = vars
            .iter()
            .map(|(n, t)| (n.to_string(), t.clone()))
            .collect();
        eval(
            &parse(src).unwrap(),
            &vars,
            &EvalOptions::new(DType::Float64),
        )
    }

    #[test]
    fn nodes_are_named_as_in_pytorch() {
        let x = leaf(2.0);
        let name = |src: &str| {
            run(src, &[("x", x.clone())])
                .unwrap()
                .grad_fn()
                .unwrap()
                .name()
        };
        assert_eq!(name("3*x"), "MulBackward0");
        assert_eq!(name("2 - x"), "RsubBackward1");
        assert_eq!(name("x - 2"), "SubBackward0");
        assert_eq!(name("x^2"), "PowBackward0");
        assert_eq!(name("2^x"), "PowBackward2");
        assert_eq!(name("x^x"), "PowBackward1");
        assert_eq!(name("1/x"), "MulBackward0");
        assert_eq!(name("-x"), "NegBackward0");
        assert_eq!(name("log1p(x)"), "Log1PBackward0");
    }

    #[test]
    fn numbers_fold_as_python_numbers() {
        let y = run("2^10 + sin(0) - pi*0", &[]).unwrap();
        assert_eq!(y.item(), 1024.0);
        assert!(!y.requires_grad());
    }

    #[test]
    fn errors_name_the_place() {
        let e = run("x + y", &[("x", leaf(1.0))]).unwrap_err();
        assert_eq!(e.span.column(), 5);
        assert!(e.message.contains("no value: give it with --at y=VALUE"));
        let v = Tensor::new_with_dtype([1.0, 2.0], DType::Float64);
        let w = Tensor::new_with_dtype([1.0, 2.0, 3.0], DType::Float64);
        let e = run("v * w", &[("v", v), ("w", w)]).unwrap_err();
        assert_eq!(e.span.column(), 3);
        assert_eq!(
            e.message,
            "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"
        );
        let e = run("dot(2, 3)", &[]).unwrap_err();
        assert_eq!(e.message, "1D tensors expected, but got 0D and 0D tensors");
    }

    #[test]
    fn elementwise_mode_refuses_reductions_of_the_variable() {
        let x = leaf(1.0);
        let opts = EvalOptions {
            dtype: DType::Float64,
            elementwise: true,
        };
        let vars = vec![("x".to_string(), x)];
        let e = eval(&parse("x * sum(x)").unwrap(), &vars, &opts).unwrap_err();
        assert_eq!(e.span.column(), 5);
        assert!(eval(&parse("x * sum(2)").unwrap(), &vars, &opts).is_ok());
    }
}
