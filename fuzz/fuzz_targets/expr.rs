//! Coverage-guided fuzzing of the expression parser and evaluator: any input that is UTF-8 goes
//! through parsing and every command (`grad` in its variants, `check`, `graph`, the computation
//! of `plot`), exactly as the stable replay test `crates/ferrograd-cli/tests/regressions.rs`
//! does. Errors are expected; a panic (or a sanitizer report) is a finding.
//!
//! `cargo +nightly fuzz run expr fuzz/seeds -- -max_len=256` from the repository root; see
//! `docs/robustness.md`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/ferrograd-cli/tests/common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if data.len() > 256 {
        return;
    }
    if let Ok(text) = std::str::from_utf8(data) {
        common::exercise(text);
    }
});
