//! Replays the fuzz target's inputs on stable: the seed corpus (`fuzz/seeds/`) and every input
//! the coverage-guided fuzzer found (`fuzz/regressions/`), one file each, through every command
//! as `fuzz/fuzz_targets/expr.rs` runs them. None may panic.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn replay(dir: &str, at_least: usize) {
    let all = inputs(dir);
    assert!(all.len() >= at_least, "{dir}: only {} inputs", all.len());
    let mut panics = Vec::new();
    for (name, bytes) in &all {
        // As the fuzz target: UTF-8 inputs only.
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        if catch_unwind(AssertUnwindSafe(|| common::exercise(text))).is_err() {
            panics.push(name.clone());
        }
    }
    assert!(panics.is_empty(), "panics:\n{}", panics.join("\n"));
}

#[test]
fn fuzz_seeds_replay_without_panics() {
    replay("seeds", 100);
}

#[test]
fn fuzz_findings_replay_without_panics() {
    replay("regressions", 1);
}
