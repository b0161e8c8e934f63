//! The lexer of expressions: characters into tokens, each with its [`Span`] in characters.

use crate::span::{ParseError, Span};

/// A token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A number.
    Num(f64),
    /// A name.
    Name(String),
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `^` or `**`
    Pow,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,`
    Comma,
    /// The end of the text.
    End,
}

impl Tok {
    /// How the token is named in messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Num(_) => "a number".into(),
            Tok::Name(n) => format!("'{n}'"),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Star => "'*'".into(),
            Tok::Slash => "'/'".into(),
            Tok::Pow => "'^'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
            Tok::End => "the end of the expression".into(),
        }
    }

    /// Whether this token can start an operand (used to explain juxtaposition).
    pub(crate) fn starts_operand(&self) -> bool {
        matches!(self, Tok::Num(_) | Tok::Name(_) | Tok::LParen)
    }
}

pub(crate) fn err(message: impl Into<String>, span: Span) -> ParseError {
    ParseError {
        message: message.into(),
        span,
    }
}

/// The tokens of `src`, ending with [`Tok::End`].
pub(crate) fn lex(src: &str) -> Result<Vec<(Tok, Span)>, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let single = |t: Tok| (t, Span { start, len: 1 });
        match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '+' => toks.push(single(Tok::Plus)),
            '-' => toks.push(single(Tok::Minus)),
            '/' => toks.push(single(Tok::Slash)),
            '^' => toks.push(single(Tok::Pow)),
            '(' => toks.push(single(Tok::LParen)),
            ')' => toks.push(single(Tok::RParen)),
            ',' => toks.push(single(Tok::Comma)),
            '*' => {
                if chars.get(i + 1) == Some(&'*') {
                    toks.push((Tok::Pow, Span { start, len: 2 }));
                    i += 1;
                } else {
                    toks.push(single(Tok::Star));
                }
            }
            c if c.is_ascii_digit() || c == '.' => {
                let end = scan_number(&chars, i);
                let text: String = chars[i..end].iter().collect();
                let span = Span {
                    start,
                    len: end - start,
                };
                let v: f64 = text
                    .parse()
                    .map_err(|_| err(format!("malformed number '{text}'"), span))?;
                toks.push((Tok::Num(v), span));
                i = end;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = i;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                let name: String = chars[i..end].iter().collect();
                toks.push((
                    Tok::Name(name),
                    Span {
                        start,
                        len: end - start,
                    },
                ));
                i = end;
                continue;
            }
            other => {
                let shown = if other.is_control() {
                    format!("{:?}", other)
                } else {
                    format!("'{other}'")
                };
                return Err(err(
                    format!("unexpected character {shown}"),
                    Span { start, len: 1 },
                ));
            }
        }
        i += 1;
    }
    toks.push((
        Tok::End,
        Span {
            start: chars.len(),
            len: 1,
        },
    ));
    Ok(toks)
}

/// The end of the number starting at `i`: digits, an optional fraction, and an exponent only when
/// digits follow the `e` (so `2e` is the number 2 followed by the name `e`).
fn scan_number(chars: &[char], mut i: usize) -> usize {
    let digits = |mut j: usize| {
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    i = digits(i);
    if chars.get(i) == Some(&'.') {
        i = digits(i + 1);
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            i = digits(j);
        }
    }
    i
}
