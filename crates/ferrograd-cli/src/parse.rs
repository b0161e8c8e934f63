//! A hand-written recursive-descent parser for the calculator's expressions.
//!
//! Grammar (Python's precedence: `-x^2` is `-(x^2)`, `2^-1` is `2^(-1)`, `^` is right
//! associative, and `^` and `**` are the same operator):
//!
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := ('-' | '+') unary | power
//! power   := primary (('^' | '**') unary)?
//! primary := NUMBER | NAME | NAME '(' expr (',' expr)* ')' | '(' expr ')'
//! ```
//!
//! The parser emits postfix code ([`Instr`]) rather than a tree, so evaluating and dropping a
//! very long expression never recurses; nesting (parentheses, unary signs, powers) is limited to
//! [`MAX_DEPTH`] levels. Every instruction and every error carries the [`Span`] of the source text
//! it comes from, in characters.

use crate::lex::{err, lex, Tok};
pub use crate::span::{ParseError, Span};
use ferrograd::ops::{BinaryOp, UnaryOp, BINARY_OPS, UNARY_OPS};

/// How deeply parentheses, signs, powers and calls may nest.
pub const MAX_DEPTH: usize = 200;

/// A built-in function: a row of the library's elementwise op table, or a reduction.
///
/// The elementwise functions are exactly the rows of [`UNARY_OPS`], under PyTorch's names; a
/// row added to the table is a function here with no other change.
#[derive(Clone, Copy, Debug)]
pub enum Func {
    /// An elementwise function of the op table (`sin`, `leaky_relu`, …), with the parameters
    /// of its row as optional trailing arguments.
    Unary(&'static UnaryOp),
    /// A binary elementwise function of the op table (`atan2(y, x)`, `hypot(a, b)`, …), with
    /// PyTorch's argument order and broadcasting.
    Binary(&'static BinaryOp),
    /// `sum` of all elements
    Sum,
    /// `mean` of all elements
    Mean,
    /// `dot(a, b)` of two vectors
    Dot,
}

impl PartialEq for Func {
    fn eq(&self, other: &Func) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Func {}

impl Func {
    /// The reductions, after the elementwise functions in the documentation.
    pub const REDUCTIONS: [Func; 3] = [Func::Sum, Func::Mean, Func::Dot];

    /// All functions, in the order they are documented: the op table's rows, then `sum`,
    /// `mean` and `dot`.
    pub fn all() -> impl Iterator<Item = Func> {
        UNARY_OPS
            .iter()
            .map(|op| Func::Unary(op))
            .chain(BINARY_OPS.iter().map(|op| Func::Binary(op)))
            .chain(Func::REDUCTIONS)
    }

    /// The name written in expressions.
    pub fn name(self) -> &'static str {
        match self {
            Func::Unary(op) => op.name,
            Func::Binary(op) => op.name,
            Func::Sum => "sum",
            Func::Mean => "mean",
            Func::Dot => "dot",
        }
    }

    /// The function of that name, if any.
    pub fn from_name(name: &str) -> Option<Func> {
        if let Some(op) = UnaryOp::find(name) {
            return Some(Func::Unary(op));
        }
        if let Some(op) = BinaryOp::find(name) {
            return Some(Func::Binary(op));
        }
        Func::REDUCTIONS.into_iter().find(|f| f.name() == name)
    }

    /// How many arguments it takes: the least and the most (an elementwise function takes its
    /// input, then optionally its parameters in the order of its row).
    pub fn arity(self) -> (usize, usize) {
        match self {
            Func::Unary(op) => (1, 1 + op.params.len()),
            Func::Dot | Func::Binary(_) => (2, 2),
            Func::Sum | Func::Mean => (1, 1),
        }
    }

    /// The parameters (name, PyTorch's default) that follow the input, if any.
    pub fn params(self) -> &'static [(&'static str, f64)] {
        match self {
            Func::Unary(op) => op.params,
            _ => &[],
        }
    }

    /// Whether it reduces its argument(s) to a scalar (`sum`, `mean`, `dot`).
    pub fn is_reduction(self) -> bool {
        matches!(self, Func::Sum | Func::Mean | Func::Dot)
    }

    /// How it is called, with its parameters and their defaults:
    /// `sin(x)`, `leaky_relu(x, negative_slope=0.01)`, `dot(a, b)`.
    ///
    /// ```
    /// use ferrograd_cli::parse::Func;
    /// let f = Func::from_name("hardtanh").unwrap();
    /// assert_eq!(f.signature(), "hardtanh(x, min_val=-1, max_val=1)");
    /// assert_eq!(Func::Dot.signature(), "dot(a, b)");
    /// ```
    pub fn signature(self) -> String {
        format!("{}({})", self.name(), self.arguments())
    }

    /// Its arguments as in [`Func::signature`]: `x, negative_slope=0.01`.
    pub fn arguments(self) -> String {
        let mut args = vec![match self {
            Func::Sum | Func::Mean => "v".to_string(),
            Func::Dot => "a, b".to_string(),
            Func::Unary(_) => "x".to_string(),
            Func::Binary(op) if op.name == "atan2" => "y, x".to_string(),
            Func::Binary(_) => "a, b".to_string(),
        }];
        for (name, default) in self.params() {
            args.push(format!("{name}={}", number(*default)));
        }
        args.join(", ")
    }

    /// One sentence on what it computes.
    pub fn doc(self) -> String {
        match self {
            Func::Unary(op) if op.name == "gelu_tanh" => format!(
                "{}; PyTorch's gelu(x, approximate='tanh')",
                op.doc.replace('`', "")
            ),
            Func::Unary(op) => op.doc.replace('`', ""),
            Func::Binary(op) => op.doc.replace('`', ""),
            Func::Sum => "The sum of all elements".into(),
            Func::Mean => "The mean of all elements".into(),
            Func::Dot => "The dot product of two vectors".into(),
        }
    }
}

/// A parameter's default as it is written in help texts: `0.01`, `-1`, `20`.
fn number(v: f64) -> String {
    format!("{v}")
}

/// The functions as listed in an error for an unknown name: the names, with the parameters and
/// their defaults where there are some (`leaky_relu(x, negative_slope=0.01)`).
pub fn known_functions() -> String {
    Func::all()
        .map(|f| {
            if f.params().is_empty() {
                f.name().to_string()
            } else {
                f.signature()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The named constants, `pi` and `e`.
pub fn constant(name: &str) -> Option<f64> {
    match name {
        "pi" => Some(std::f64::consts::PI),
        "e" => Some(std::f64::consts::E),
        _ => None,
    }
}

/// Whether `name` is taken by a function or a constant, so cannot name a variable.
pub fn is_reserved(name: &str) -> bool {
    constant(name).is_some() || Func::from_name(name).is_some()
}

/// Whether `name` is a well-formed identifier (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^` or `**`
    Pow,
}

/// One postfix instruction.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Push a number (a literal or a named constant).
    Num(f64),
    /// Push the value of a variable.
    Var(String),
    /// Negate the top of the stack.
    Neg,
    /// Pop two values, push `a op b`.
    Bin(BinOp),
    /// Pop the function's arguments (as many as the number given: for an elementwise function,
    /// the input and then the parameters written, all constants), push its result.
    Call(Func, usize),
}

/// An instruction and the source it came from (the operator, the function name, the literal).
#[derive(Clone, Debug, PartialEq)]
pub struct Instr {
    /// What to do.
    pub op: Op,
    /// Where it is written.
    pub span: Span,
}

/// A parsed expression: its source and its postfix code.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// The text as given.
    pub source: String,
    /// Postfix code; evaluating it leaves exactly one value.
    pub code: Vec<Instr>,
}

impl Expr {
    /// The variables in order of first appearance, each with the span of that appearance.
    pub fn variables(&self) -> Vec<(&str, Span)> {
        let mut out: Vec<(&str, Span)> = Vec::new();
        for i in &self.code {
            if let Op::Var(name) = &i.op {
                if !out.iter().any(|(n, _)| n == name) {
                    out.push((name, i.span));
                }
            }
        }
        out
    }
}

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
    code: Vec<Instr>,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn span(&self) -> Span {
        self.toks[self.pos].1
    }
    fn bump(&mut self) -> (Tok, Span) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn emit(&mut self, op: Op, span: Span) {
        self.code.push(Instr { op, span });
    }
    fn nest(&self, depth: usize) -> Result<usize, ParseError> {
        if depth >= MAX_DEPTH {
            Err(err(
                format!("expression nested too deeply (more than {MAX_DEPTH} levels)"),
                self.span(),
            ))
        } else {
            Ok(depth + 1)
        }
    }

    fn expr(&mut self, depth: usize) -> Result<(), ParseError> {
        self.term(depth)?;
        loop {
            let op = match self.peek() {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => return Ok(()),
            };
            let (_, span) = self.bump();
            self.term(depth)?;
            self.emit(Op::Bin(op), span);
        }
    }

    fn term(&mut self, depth: usize) -> Result<(), ParseError> {
        self.unary(depth)?;
        loop {
            let op = match self.peek() {
                Tok::Star => BinOp::Mul,
                Tok::Slash => BinOp::Div,
                _ => return Ok(()),
            };
            let (_, span) = self.bump();
            self.unary(depth)?;
            self.emit(Op::Bin(op), span);
        }
    }

    fn unary(&mut self, depth: usize) -> Result<(), ParseError> {
        match self.peek() {
            Tok::Minus => {
                let d = self.nest(depth)?;
                let (_, span) = self.bump();
                self.unary(d)?;
                self.emit(Op::Neg, span);
                Ok(())
            }
            Tok::Plus => {
                let d = self.nest(depth)?;
                self.bump();
                self.unary(d)
            }
            _ => self.power(depth),
        }
    }

    fn power(&mut self, depth: usize) -> Result<(), ParseError> {
        self.primary(depth)?;
        if *self.peek() == Tok::Pow {
            let d = self.nest(depth)?;
            let (_, span) = self.bump();
            self.unary(d)?;
            self.emit(Op::Bin(BinOp::Pow), span);
        }
        Ok(())
    }

    fn primary(&mut self, depth: usize) -> Result<(), ParseError> {
        let (tok, span) = self.bump();
        match tok {
            Tok::Num(v) => {
                self.emit(Op::Num(v), span);
                Ok(())
            }
            Tok::Name(name) => {
                if *self.peek() == Tok::LParen {
                    return self.call(name, span, depth);
                }
                if let Some(v) = constant(&name) {
                    self.emit(Op::Num(v), span);
                } else if Func::from_name(&name).is_some() {
                    return Err(err(
                        format!("'{name}' is a function: write {name}(...)"),
                        span,
                    ));
                } else {
                    self.emit(Op::Var(name), span);
                }
                Ok(())
            }
            Tok::LParen => {
                let d = self.nest(depth)?;
                self.expr(d)?;
                match self.peek() {
                    Tok::RParen => {
                        self.bump();
                        Ok(())
                    }
                    Tok::End => Err(err("'(' is never closed", span)),
                    other => Err(err(
                        format!("expected ')' but found {}", other.describe()),
                        self.span(),
                    )),
                }
            }
            Tok::End => Err(err("unexpected end of expression: expected a value", span)),
            other => Err(err(
                format!(
                    "expected a number, a name or '(' but found {}",
                    other.describe()
                ),
                span,
            )),
        }
    }

    fn call(&mut self, name: String, name_span: Span, depth: usize) -> Result<(), ParseError> {
        let Some(func) = Func::from_name(&name) else {
            return Err(err(
                format!("unknown function '{name}' (known: {})", known_functions()),
                name_span,
            ));
        };
        let d = self.nest(depth)?;
        let (_, open) = self.bump(); // '('
        let mut args = 0;
        if *self.peek() == Tok::RParen {
            self.bump();
        } else {
            loop {
                let first = self.code.len();
                self.expr(d)?;
                if args >= 1 {
                    if let Some(&(param, _)) = func.params().get(args - 1) {
                        self.constant_parameter(func, param, first)?;
                    }
                }
                args += 1;
                match self.peek() {
                    Tok::Comma => {
                        self.bump();
                    }
                    Tok::RParen => {
                        self.bump();
                        break;
                    }
                    Tok::End => return Err(err("'(' is never closed", open)),
                    other => {
                        return Err(err(
                            format!("expected ',' or ')' but found {}", other.describe()),
                            self.span(),
                        ))
                    }
                }
            }
        }
        let (least, most) = func.arity();
        if args < least || args > most {
            let want = match (least, most) {
                (1, 1) => "1 argument".to_string(),
                (n, m) if n == m => format!("{n} arguments"),
                (n, m) => format!("{n} to {m} arguments"),
            };
            let shown = if most > least {
                format!(" ({})", func.arguments())
            } else {
                String::new()
            };
            return Err(err(
                format!("{name}() takes {want}{shown}, but {args} were given"),
                name_span,
            ));
        }
        self.emit(Op::Call(func, args), name_span);
        Ok(())
    }

    /// Checks that the code emitted since `first` (a parameter `param` of `func`) depends on no
    /// variable: parameters are numbers, as in PyTorch.
    fn constant_parameter(&self, func: Func, param: &str, first: usize) -> Result<(), ParseError> {
        for i in &self.code[first..] {
            if let Op::Var(var) = &i.op {
                return Err(err(
                    format!(
                        "the parameter {param} of {}() must be a constant (numbers, pi, e and arithmetic of them), but it depends on the variable '{var}'",
                        func.name()
                    ),
                    i.span,
                ));
            }
        }
        Ok(())
    }
}

/// Parses `src` into postfix code, or says what is wrong and where.
///
/// ```
/// use ferrograd_cli::parse::{parse, Op, BinOp};
/// let e = parse("x^2").unwrap();
/// assert_eq!(e.code.last().unwrap().op, Op::Bin(BinOp::Pow));
/// let err = parse("x + )").unwrap_err();
/// assert_eq!(err.span.column(), 5);
/// ```
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let toks = lex(src)?;
    if toks.len() == 1 {
        return Err(err("empty expression", Span { start: 0, len: 1 }));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        code: Vec::new(),
    };
    p.expr(0)?;
    let (tok, span) = (p.peek().clone(), p.span());
    match tok {
        Tok::End => Ok(Expr {
            source: src.to_string(),
            code: p.code,
        }),
        Tok::RParen => Err(err("unmatched ')'", span)),
        t if t.starts_operand() => Err(err(
            format!(
                "unexpected {} after a complete value (write '*' to multiply)",
                t.describe()
            ),
            span,
        )),
        t => Err(err(format!("unexpected {}", t.describe()), span)),
    }
}

/// The source line and a caret line under `span`, each indented by two spaces, for error output.
///
/// ```
/// use ferrograd_cli::parse::{caret, Span};
/// assert_eq!(caret("x + )", Span { start: 4, len: 1 }), "  x + )\n      ^");
/// ```
pub fn caret(source: &str, span: Span) -> String {
    let shown: String = source
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let width = span.len.max(1);
    format!(
        "  {}\n  {}{}",
        shown.trim_end(),
        " ".repeat(span.start),
        "^".repeat(width)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &str) -> Vec<Op> {
        parse(src).unwrap().code.into_iter().map(|i| i.op).collect()
    }

    #[test]
    fn precedence_follows_python() {
        use BinOp::*;
        // -x^2 is -(x^2)
        assert_eq!(
            ops("-x^2"),
            vec![Op::Var("x".into()), Op::Num(2.0), Op::Bin(Pow), Op::Neg]
        );
        // 2^-1 is 2^(-1); ** is ^
        assert_eq!(
            ops("2**-1"),
            vec![Op::Num(2.0), Op::Num(1.0), Op::Neg, Op::Bin(Pow)]
        );
        // right associative
        assert_eq!(
            ops("a^b^c"),
            vec![
                Op::Var("a".into()),
                Op::Var("b".into()),
                Op::Var("c".into()),
                Op::Bin(Pow),
                Op::Bin(Pow)
            ]
        );
        // left associative, * before +
        assert_eq!(
            ops("a-b-c*d"),
            vec![
                Op::Var("a".into()),
                Op::Var("b".into()),
                Op::Bin(Sub),
                Op::Var("c".into()),
                Op::Var("d".into()),
                Op::Bin(Mul),
                Op::Bin(Sub)
            ]
        );
    }

    #[test]
    fn numbers_and_constants() {
        assert_eq!(ops("1e-3"), vec![Op::Num(1e-3)]);
        assert_eq!(ops(".5"), vec![Op::Num(0.5)]);
        assert_eq!(ops("5."), vec![Op::Num(5.0)]);
        assert_eq!(ops("2E+2"), vec![Op::Num(200.0)]);
        assert_eq!(ops("pi"), vec![Op::Num(std::f64::consts::PI)]);
        assert_eq!(ops("e"), vec![Op::Num(std::f64::consts::E)]);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("x + )").unwrap_err();
        assert_eq!(
            (e.span.column(), e.message.as_str()),
            (5, "expected a number, a name or '(' but found ')'")
        );
        let e = parse("2x").unwrap_err();
        assert_eq!(e.span.column(), 2);
        assert!(e.message.contains("'*' to multiply"));
        let e = parse("foo(x)").unwrap_err();
        assert!(e.message.starts_with("unknown function 'foo'"));
        let e = parse("(x").unwrap_err();
        assert_eq!(
            (e.span.column(), e.message.as_str()),
            (1, "'(' is never closed")
        );
        let e = parse("dot(x)").unwrap_err();
        assert_eq!(e.message, "dot() takes 2 arguments, but 1 were given");
        let e = parse("x # 2").unwrap_err();
        assert_eq!(
            (e.span.column(), e.message.as_str()),
            (3, "unexpected character '#'")
        );
        let e = parse("   ").unwrap_err();
        assert_eq!(e.message, "empty expression");
        let e = parse("sin + 1").unwrap_err();
        assert_eq!(e.message, "'sin' is a function: write sin(...)");
        let e = parse("1..2").unwrap_err();
        assert_eq!(e.span.column(), 3);
        assert!(e.message.contains("after a complete value"), "{e}");
        let e = parse("x + .").unwrap_err();
        assert_eq!(
            (e.span.column(), e.message.as_str()),
            (5, "malformed number '.'")
        );
    }

    #[test]
    fn nesting_is_limited_not_overflowing() {
        let deep = "(".repeat(10_000) + "x" + &")".repeat(10_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nested too deeply"));
        let signs = "-".repeat(100_000) + "x";
        assert!(parse(&signs).is_err());
        // long flat chains are fine
        let long = vec!["x"; 100_000].join("+");
        assert_eq!(parse(&long).unwrap().code.len(), 199_999);
    }

    #[test]
    fn columns_count_characters() {
        let e = parse("é + )").unwrap_err();
        assert_eq!(e.span.column(), 1);
        let e = parse("x + ∂").unwrap_err();
        assert_eq!(e.span.column(), 5);
        assert_eq!(caret("x + ∂", e.span), "  x + ∂\n      ^");
    }
}
