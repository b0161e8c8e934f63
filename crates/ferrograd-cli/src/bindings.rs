//! Values given on the command line: `--at x=1.5`, `--at v=[1,2,3]`, `--at x=1,y=2`,
//! `--grad-output [1,1,0]`, `--over x=-pi:pi`.
//!
//! A number may be written as any constant expression (`-2`, `1e-3`, `pi/4`, `sqrt(2)`); a tensor
//! is a bracketed list of them, nested for more dimensions (`[[1,2],[3,4]]`).

use crate::error::CliError;
use crate::eval::{eval_value, EvalOptions, Value};
use crate::format::fmt_num;
pub use crate::format::{nested_display, nested_json};
use crate::parse::{is_identifier, is_reserved, parse, Span, MAX_DEPTH};
use ferrograd::{DType, Tensor};

/// A variable and its value from `--at`.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    /// The variable's name.
    pub name: String,
    /// The value's shape (`[]` for a scalar).
    pub shape: Vec<usize>,
    /// The elements in row-major order.
    pub values: Vec<f64>,
}

impl Binding {
    /// Whether the value is a single number.
    pub fn is_scalar(&self) -> bool {
        self.shape.is_empty()
    }

    /// The value as a tensor of `dtype` (not requiring grad); a value too large for float32 is
    /// refused, as an infinite one is.
    pub fn tensor(&self, dtype: DType) -> Result<Tensor, CliError> {
        if dtype == DType::Float32 {
            if let Some(v) = self.values.iter().find(|v| (**v as f32).is_infinite()) {
                return Err(CliError::new(format!(
                    "--at {}: {} is not a finite float32 number (at most {:e} in magnitude)",
                    self.name,
                    fmt_num(*v, DType::Float64),
                    f32::MAX
                )));
            }
        }
        tensor_of(&self.shape, &self.values, dtype)
    }

    /// The value as a leaf tensor of `dtype` that requires grad.
    pub fn leaf(&self, dtype: DType) -> Result<Tensor, CliError> {
        Ok(self.tensor(dtype)?.try_requires_grad_(true)?)
    }

    /// The value as JSON: a number, or nested lists.
    pub fn json(&self) -> serde_json::Value {
        nested_json(&self.shape, &self.values, DType::Float64)
    }

    /// The value as written for people: `1.5`, `[1, 2, 3]`.
    pub fn display(&self) -> String {
        nested_display(&self.shape, &self.values)
    }
}

/// A tensor of `shape` and `dtype` holding `values`.
pub fn tensor_of(shape: &[usize], values: &[f64], dtype: DType) -> Result<Tensor, CliError> {
    Ok(match dtype {
        DType::Float32 => Tensor::try_from_vec(values.iter().map(|&v| v as f32).collect(), shape)?,
        _ => Tensor::try_from_vec(values.to_vec(), shape)?,
    })
}

/// Parses every `--at` argument (each `NAME=VALUE[,NAME=VALUE...]`), refusing malformed names,
/// reserved names and a name given twice.
///
/// ```
/// use ferrograd_cli::bindings::parse_at;
/// let b = parse_at(&["x=1,y=2".into(), "v=[1, 2, 3]".into()]).unwrap();
/// assert_eq!(b.len(), 3);
/// assert_eq!(b[2].shape, vec![3]);
/// ```
pub fn parse_at(args: &[String]) -> Result<Vec<Binding>, CliError> {
    let mut out: Vec<Binding> = Vec::new();
    for arg in args {
        for (start, piece) in split_top(arg, ',') {
            let (name, name_span, value, value_start) = split_assignment(start, &piece)
                .map_err(|(m, s)| CliError::in_option("--at", arg, m, s))?;
            if out.iter().any(|b| b.name == name) {
                return Err(CliError::in_option(
                    "--at",
                    arg,
                    format!("'{name}' is given more than once"),
                    name_span,
                ));
            }
            let (shape, values) = parse_data(&value, value_start)
                .map_err(|(m, s)| CliError::in_option("--at", arg, m, s))?;
            out.push(Binding {
                name,
                shape,
                values,
            });
        }
    }
    Ok(out)
}

/// Parses a whole option value as a number or a (nested) list: `(shape, row-major values)`.
///
/// ```
/// use ferrograd_cli::bindings::parse_value;
/// assert_eq!(parse_value("--grad-output", "[[1,2],[3,4]]").unwrap(), (vec![2, 2], vec![1.0, 2.0, 3.0, 4.0]));
/// assert_eq!(parse_value("--grad-output", "-2").unwrap(), (vec![], vec![-2.0]));
/// ```
pub fn parse_value(flag: &str, text: &str) -> Result<(Vec<usize>, Vec<f64>), CliError> {
    parse_data(text, 0).map_err(|(m, s)| CliError::in_option(flag, text, m, s))
}

/// Parses `--over NAME=LO:HI`, the ends being constant expressions with `LO < HI`.
///
/// ```
/// use ferrograd_cli::bindings::parse_range;
/// let (name, lo, hi) = parse_range("x=-pi:pi").unwrap();
/// assert_eq!((name.as_str(), lo, hi), ("x", -std::f64::consts::PI, std::f64::consts::PI));
/// ```
pub fn parse_range(text: &str) -> Result<(String, f64, f64), CliError> {
    let fail = |(m, s): (String, Span)| CliError::in_option("--over", text, m, s);
    let (name, _, value, value_start) = split_assignment(0, text).map_err(fail)?;
    let parts = split_top(&value, ':');
    if parts.len() != 2 {
        return Err(fail((
            "expected a range LO:HI".into(),
            Span {
                start: value_start,
                len: value.chars().count().max(1),
            },
        )));
    }
    let mut ends = [0.0; 2];
    for (k, (start, part)) in parts.iter().enumerate() {
        ends[k] = number(part, value_start + start).map_err(fail)?;
        if !ends[k].is_finite() {
            return Err(fail((
                "the range's ends must be finite".into(),
                span_of(part, value_start + start),
            )));
        }
    }
    if ends[0] >= ends[1] {
        return Err(fail((
            format!(
                "the range is empty: {} is not below {}",
                fmt_num(ends[0], DType::Float64),
                fmt_num(ends[1], DType::Float64)
            ),
            Span {
                start: value_start,
                len: value.chars().count().max(1),
            },
        )));
    }
    Ok((name, ends[0], ends[1]))
}

fn span_of(text: &str, start: usize) -> Span {
    Span {
        start,
        len: text.chars().count().max(1),
    }
}

/// Splits `NAME=VALUE` (found at character `start` of the option) into the checked name, its
/// span, the value text and the value's start.
fn split_assignment(
    start: usize,
    piece: &str,
) -> Result<(String, Span, String, usize), (String, Span)> {
    let Some(eq) = piece.find('=') else {
        return Err(("expected NAME=VALUE".into(), span_of(piece, start)));
    };
    let raw_name = &piece[..eq];
    let lead = raw_name.chars().take_while(|c| c.is_whitespace()).count();
    let name = raw_name.trim().to_string();
    let name_span = Span {
        start: start + lead,
        len: name.chars().count().max(1),
    };
    if !is_identifier(&name) {
        let what = if name.is_empty() {
            "a variable name is missing before '='".to_string()
        } else {
            format!("'{name}' is not a variable name (letters, digits and _, not starting with a digit)")
        };
        return Err((what, name_span));
    }
    if is_reserved(&name) {
        return Err((
            format!("'{name}' is a built-in function or constant, not a variable"),
            name_span,
        ));
    }
    let value_start = start + piece[..eq].chars().count() + 1;
    Ok((name, name_span, piece[eq + 1..].to_string(), value_start))
}

/// Splits at `sep` outside brackets and parentheses: `(start character, piece)`.
fn split_top(text: &str, sep: char) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut depth = 0i64;
    let mut cur = String::new();
    let mut cur_start = 0;
    for (i, c) in text.chars().enumerate() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            out.push((cur_start, std::mem::take(&mut cur)));
            cur_start = i + 1;
        } else {
            cur.push(c);
        }
    }
    out.push((cur_start, cur));
    out
}

/// A constant expression's value; errors carry spans shifted by `offset`.
/// A number or a constant expression (`2`, `-1e3`, `pi/4`), or `None` if `text` is not one.
///
/// ```
/// assert_eq!(ferrograd_cli::bindings::parse_number("-2*pi").map(|v| v < -6.28), Some(true));
/// assert_eq!(ferrograd_cli::bindings::parse_number("x"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    number(text, 0).ok()
}

fn number(text: &str, offset: usize) -> Result<f64, (String, Span)> {
    let shift = |s: Span| Span {
        start: s.start + offset,
        len: s.len,
    };
    if text.trim().is_empty() {
        return Err(("a number is missing".into(), span_of(text, offset)));
    }
    let expr = parse(text).map_err(|e| (e.message, shift(e.span)))?;
    if let Some((name, span)) = expr.variables().first() {
        return Err((
            format!(
                "'{name}' is not a number (a value is a number or a constant expression like pi/4)"
            ),
            shift(*span),
        ));
    }
    match eval_value(&expr, &[], &EvalOptions::new(DType::Float64)) {
        Ok(Value::Const(c)) => Ok(c),
        Ok(Value::Tensor(t)) => t
            .try_item()
            .map_err(|e| (e.to_string(), span_of(text, offset))),
        Err(e) => Err((e.message, shift(e.span))),
    }
}

enum Data {
    Num(f64),
    List(Vec<(Data, Span)>),
}

struct DataParser<'a> {
    chars: Vec<char>,
    text: &'a str,
    pos: usize,
    offset: usize,
}

impl DataParser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.offset + start,
            len: (end - start).max(1),
        }
    }
    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }
    fn value(&mut self, depth: usize) -> Result<(Data, Span), (String, Span)> {
        self.skip_ws();
        let start = self.pos;
        if self.chars.get(self.pos) == Some(&'[') {
            if depth >= MAX_DEPTH {
                return Err(("list nested too deeply".into(), self.span(start, start + 1)));
            }
            self.pos += 1;
            let mut items = Vec::new();
            self.skip_ws();
            if self.chars.get(self.pos) == Some(&']') {
                self.pos += 1;
                return Ok((Data::List(items), self.span(start, self.pos)));
            }
            loop {
                items.push(self.value(depth + 1)?);
                self.skip_ws();
                match self.chars.get(self.pos) {
                    Some(',') => self.pos += 1,
                    Some(']') => {
                        self.pos += 1;
                        return Ok((Data::List(items), self.span(start, self.pos)));
                    }
                    Some(c) => {
                        return Err((
                            format!("expected ',' or ']' but found '{c}'"),
                            self.span(self.pos, self.pos + 1),
                        ))
                    }
                    None => {
                        return Err(("'[' is never closed".into(), self.span(start, start + 1)))
                    }
                }
            }
        }
        // A number: up to ',' ']' or '[' outside parentheses.
        let mut depth_paren = 0i64;
        while let Some(&c) = self.chars.get(self.pos) {
            match c {
                '(' => depth_paren += 1,
                ')' => depth_paren -= 1,
                ',' | ']' | '[' if depth_paren <= 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let v = number(&text, self.offset + start)?;
        if !v.is_finite() {
            // As `inf` and `nan`, which are not numbers; 1e400 and 1/0 are no more.
            let lead = text.chars().take_while(|c| c.is_whitespace()).count();
            return Err((
                format!(
                    "'{}' is not a finite number (a value is a number or a constant expression like pi/4)",
                    text.trim()
                ),
                span_of(text.trim(), self.offset + start + lead),
            ));
        }
        Ok((Data::Num(v), self.span(start, self.pos)))
    }
}

fn parse_data(text: &str, offset: usize) -> Result<(Vec<usize>, Vec<f64>), (String, Span)> {
    let mut p = DataParser {
        chars: text.chars().collect(),
        text,
        pos: 0,
        offset,
    };
    if p.text.trim().is_empty() {
        return Err(("a value is missing".into(), span_of(text, offset)));
    }
    let (data, _) = p.value(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        let c = p.chars[p.pos];
        return Err((
            format!("unexpected '{c}' after the value"),
            p.span(p.pos, p.pos + 1),
        ));
    }
    let mut values = Vec::new();
    let shape = flatten(&data, &mut values)?;
    Ok((shape, values))
}

fn flatten(data: &Data, out: &mut Vec<f64>) -> Result<Vec<usize>, (String, Span)> {
    match data {
        Data::Num(v) => {
            out.push(*v);
            Ok(vec![])
        }
        Data::List(items) => {
            let mut first: Option<Vec<usize>> = None;
            for (item, s) in items {
                let shape = flatten(item, out)?;
                match &first {
                    None => first = Some(shape),
                    Some(f) if *f != shape => {
                        return Err((
                            format!(
                                "ragged list: this element has shape {shape:?} but the first has shape {f:?}"
                            ),
                            *s,
                        ))
                    }
                    _ => {}
                }
            }
            let mut shape = vec![items.len()];
            shape.extend(first.unwrap_or_default());
            Ok(shape)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(args: &[&str]) -> Result<Vec<Binding>, CliError> {
        parse_at(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn scalars_lists_and_constant_expressions() {
        let b = at(&[
            "x=1.5",
            "v=[1, 2,3]",
            "a=1,b=-2",
            "m=[[1,2],[3,4]]",
            "t=pi/4",
        ])
        .unwrap();
        let names: Vec<&str> = b.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["x", "v", "a", "b", "m", "t"]);
        assert_eq!(b[1].values, vec![1.0, 2.0, 3.0]);
        assert_eq!(b[3].values, vec![-2.0]);
        assert_eq!(b[4].shape, vec![2, 2]);
        assert_eq!(b[5].values, vec![std::f64::consts::FRAC_PI_4]);
        assert_eq!(b[1].display(), "[1, 2, 3]");
        assert_eq!(b[4].json().to_string(), "[[1.0,2.0],[3.0,4.0]]");
        let e = at(&["v=[]"]).unwrap();
        assert_eq!(e[0].shape, vec![0]);
    }

    #[test]
    fn errors_point_into_the_option() {
        let e = at(&["v=[1,,2]"]).unwrap_err();
        assert_eq!(e.message, "--at v=[1,,2]: a number is missing at column 6");
        assert_eq!(e.context.unwrap(), "  --at v=[1,,2]\n            ^");
        let e = at(&["x=1", "x=2"]).unwrap_err();
        assert!(e.message.contains("'x' is given more than once"));
        let e = at(&["pi=3"]).unwrap_err();
        assert!(e.message.contains("built-in"));
        let e = at(&["x"]).unwrap_err();
        assert!(e.message.contains("expected NAME=VALUE"));
        let e = at(&["v=[[1,2],[3]]"]).unwrap_err();
        assert!(e.message.contains("ragged list"), "{}", e.message);
        let e = at(&["x=y+1"]).unwrap_err();
        assert!(e.message.contains("'y' is not a number"));
        let e = at(&["v=[1,2"]).unwrap_err();
        assert!(e.message.contains("never closed"));
        let e = at(&["2x=1"]).unwrap_err();
        assert!(e.message.contains("not a variable name"));
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("x=-10:10").unwrap(), ("x".into(), -10.0, 10.0));
        assert!(parse_range("x=1:1").unwrap_err().message.contains("empty"));
        assert!(parse_range("x=1").unwrap_err().message.contains("LO:HI"));
        assert!(parse_range("x=0:1e999")
            .unwrap_err()
            .message
            .contains("finite"));
    }
}
