//! The command's error: a message for stderr, optionally with the offending text and a caret.

use crate::eval::EvalError;
use crate::parse::{caret, ParseError, Span};
use std::fmt;

/// Everything that makes the command fail (exit status 2, nothing on stdout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError {
    /// What is wrong.
    pub message: String,
    /// The text it is wrong in, with a caret line under the place, if there is one.
    pub context: Option<String>,
}

impl CliError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            context: None,
        }
    }

    /// An error about the part `span` of `text`: the message says the column (and the line,
    /// if `text` has more than one, as an expression read from a file may), and a caret points
    /// at it.
    ///
    /// ```
    /// use ferrograd_cli::{parse::Span, CliError};
    /// let e = CliError::at("unexpected ')'", "x +\n  y)", Span { start: 7, len: 1 });
    /// assert_eq!(e.message, "unexpected ')' at line 2, column 4");
    /// assert_eq!(e.context.unwrap(), "    y)\n     ^");
    /// ```
    pub fn at(message: impl fmt::Display, text: &str, span: Span) -> Self {
        let (place, line, span) = locate(text, span);
        CliError {
            message: format!("{message} at {place}"),
            context: Some(caret(line, span)),
        }
    }

    /// A parse error in `text`.
    pub fn parse(e: &ParseError, text: &str) -> Self {
        CliError::at(&e.message, text, e.span)
    }

    /// An error about one part of the expression `text` (a name, an operator, a function):
    /// `'y' at column 5: has no value ...`, `'*' at column 2: The size of tensor a ...`.
    pub fn about(message: impl fmt::Display, text: &str, span: Span) -> Self {
        let fragment: String = text.chars().skip(span.start).take(span.len).collect();
        let (place, line, span) = locate(text, span);
        CliError {
            message: format!("'{fragment}' at {place}: {message}"),
            context: Some(caret(line, span)),
        }
    }

    /// An evaluation error in the expression `text`.
    pub fn eval(e: &EvalError, text: &str) -> Self {
        CliError::about(&e.message, text, e.span)
    }

    /// An error about a command-line value such as `--at v=[1,,2]`: the caret points into the
    /// value as written after `flag`.
    pub fn in_option(flag: &str, value: &str, message: impl fmt::Display, span: Span) -> Self {
        let line = format!("{flag} {value}");
        let shifted = Span {
            start: span.start + flag.chars().count() + 1,
            len: span.len,
        };
        CliError {
            message: format!("{flag} {value}: {message} at column {}", span.column()),
            context: Some(caret(&line, shifted)),
        }
    }
}

/// Where `span` is in `text`: `column C` (or `line L, column C` when `text` has several lines),
/// the line it is on, and the span within that line.
fn locate(text: &str, span: Span) -> (String, &str, Span) {
    if !text.contains('\n') {
        return (format!("column {}", span.column()), text, span);
    }
    // What points past the end (a missing operand) points just past the last line's text.
    let end = text.trim_end().chars().count();
    let span = Span {
        start: span.start.min(end),
        len: span.len,
    };
    let mut line_start = 0; // in characters
    let mut byte_start = 0;
    let mut number = 1;
    for (i, (b, c)) in text.char_indices().enumerate() {
        if i >= span.start {
            break;
        }
        if c == '\n' {
            line_start = i + 1;
            byte_start = b + 1;
            number += 1;
        }
    }
    let line = text[byte_start..].split('\n').next().unwrap_or_default();
    let within = Span {
        start: span.start - line_start,
        len: span.len,
    };
    (
        format!("line {number}, column {}", within.column()),
        line,
        within,
    )
}

impl From<ferrograd::Error> for CliError {
    fn from(e: ferrograd::Error) -> Self {
        CliError::new(e.to_string())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(c) = &self.context {
            write!(f, "\n{c}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}
