//! Replays the regression corpus: every line of `tests/corpus/*.txt` (but blank lines and
//! `#` comments) is an expression that once failed or is tricky; each must go through every
//! command without a panic.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

#[test]
fn corpus_replays_without_panics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut lines = 0;
    let mut failures = Vec::new();
    for f in &files {
        for (i, line) in std::fs::read_to_string(f).unwrap().lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let input = unescape(line);
            lines += 1;
            if catch_unwind(AssertUnwindSafe(|| common::exercise(&input))).is_err() {
                failures.push(format!("{}:{}: {line}", f.display(), i + 1));
            }
        }
    }
    assert!(failures.is_empty(), "panics:\n{}", failures.join("\n"));
    assert!(lines >= 50, "only {lines} corpus lines");
}

/// `\t`, `\n`, `\\` and `\u{…}` escapes, so that any input fits on one line.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                if let Some(ch) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
