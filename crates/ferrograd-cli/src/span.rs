//! Where things are in an expression's source ([`Span`]), and the syntax error that points there
//! ([`ParseError`]): shared by the lexer and the parser.

use std::fmt;

/// A range of characters of the source: `start` counts characters from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Index of the first character.
    pub start: usize,
    /// Number of characters (at least 1 where something is pointed at).
    pub len: usize,
}

impl Span {
    /// The 1-based column of the first character.
    pub fn column(&self) -> usize {
        self.start + 1
    }
}

/// A syntax error: what is wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong (without the column, which `Display` adds).
    pub message: String,
    /// Where.
    pub span: Span,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.span.column())
    }
}

impl std::error::Error for ParseError {}
