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

    /// An error about the part `span` of `text`: the message says the column, and a caret
    /// points at it.
    pub fn at(message: impl fmt::Display, text: &str, span: Span) -> Self {
        CliError {
            message: format!("{message} at column {}", span.column()),
            context: Some(caret(text, span)),
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
        CliError {
            message: format!("'{fragment}' at column {}: {message}", span.column()),
            context: Some(caret(text, span)),
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
