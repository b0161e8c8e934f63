//! The seed examples print exactly what their PyTorch scripts print.
//!
//! `tests/golden/seed_00N.py` is each seed as a PyTorch script and `seed_00N.out` its stdout on
//! PyTorch, with object addresses written `0x…`. Each test runs the example `seed_00N` that
//! `cargo test` built beside this test (or, when this test runs alone and they are missing or
//! stale, builds them once with the same cargo, profile and target directory) in a scratch
//! directory, masks addresses the same way and compares the bytes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// `0x` followed by hex digits becomes `0x…`, as in the golden files.
fn mask_addresses(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0' && b.get(i + 1) == Some(&b'x') {
            let digits = b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if digits > 0 {
                out.push_str("0x…");
                i += 2 + digits;
                continue;
            }
        }
        let ch = s[i..].chars().next().expect("in bounds");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[test]
fn masking_addresses() {
    assert_eq!(
        mask_addresses("<MulBackward0 object at 0x7f3a9c0b1e20>"),
        "<MulBackward0 object at 0x…>"
    );
    assert_eq!(mask_addresses("0x 0xg 10xAB é"), "0x 0xg 10x… é");
}

/// The directory of this test binary's profile (`<target>/<profile>`), and the profile's name.
fn profile_dir() -> (PathBuf, String) {
    let exe = std::env::current_exe().expect("current_exe");
    let deps = exe.parent().expect("deps directory");
    let dir = deps.parent().expect("profile directory").to_path_buf();
    let name = match dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => "dev".to_string(),
        Some(other) => other.to_string(),
        None => "dev".to_string(),
    };
    (dir, name)
}

/// The seed examples that this test runs.
const SEEDS: [&str; 5] = ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004"];

/// The newest modification time of any file under `dir`.
fn newest_source(dir: &Path) -> Option<std::time::SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let t = if path.is_dir() {
            newest_source(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).ok()
        };
        newest = newest.max(t);
    }
    newest
}

/// The example executables that `cargo test` builds beside the test binaries
/// (`<target>/<profile>/examples/seed_00N`), when all of them exist and are newer than every
/// source file of the crate, so that a full `cargo test` runs no nested cargo.
fn prebuilt_examples() -> Option<HashMap<String, PathBuf>> {
    let (dir, _) = profile_dir();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources =
        newest_source(&crate_dir.join("src"))?.max(newest_source(&crate_dir.join("examples"))?);
    let mut found = HashMap::new();
    for name in SEEDS {
        let exe = dir
            .join("examples")
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        let built = std::fs::metadata(&exe).and_then(|m| m.modified()).ok()?;
        if built < sources {
            return None;
        }
        found.insert(name.to_string(), exe);
    }
    Some(found)
}

/// The path of each seed example's executable by name: the ones `cargo test` already built, or,
/// when a test target was run alone (`cargo test --test golden`), built here once.
fn examples() -> &'static HashMap<String, PathBuf> {
    static EXAMPLES: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        if let Some(found) = prebuilt_examples() {
            return found;
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        let (_, profile) = profile_dir();
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "--examples", "--message-format=json", "--profile"])
            .arg(&profile)
            .arg("--manifest-path")
            .arg(&manifest)
            .args(["-p", "ferrograd"]);
        if std::env::var_os("CARGO_TARGET_DIR").is_none() {
            // the target directory this test was built in (`<target>/tmp` is its scratch space)
            let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .parent()
                .expect("target directory");
            cmd.env("CARGO_TARGET_DIR", root);
        }
        let out = cmd.output().expect("cargo runs");
        assert!(
            out.status.success(),
            "building the examples failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut found = HashMap::new();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let is_example = msg["target"]["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "example"));
            if msg["reason"] == "compiler-artifact"
                && is_example
                && let (Some(name), Some(exe)) =
                    (msg["target"]["name"].as_str(), msg["executable"].as_str())
            {
                found.insert(name.to_string(), PathBuf::from(exe));
            }
        }
        found
    })
}

/// A fresh scratch directory for one run.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ferrograd-golden-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Runs example `name` in `dir` and returns its stdout with addresses masked.
fn run_example(name: &str, dir: &Path) -> String {
    let exe = examples()
        .get(name)
        .unwrap_or_else(|| panic!("example {name} was not built"));
    let out = Command::new(exe)
        .current_dir(dir)
        .output()
        .expect("the example runs");
    assert!(
        out.status.success(),
        "{name} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    mask_addresses(&String::from_utf8(out.stdout).expect("UTF-8 output"))
}

#[track_caller]
fn assert_golden(name: &str, expected: &str) {
    let dir = scratch_dir(name);
    let actual = run_example(name, &dir);
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "{name} differs from its golden output from line {}:\n--- actual\n{actual}\n--- expected\n{expected}",
            line + 1
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn seed_000() {
    assert_golden("seed_000", include_str!("golden/seed_000.out"));
}

#[test]
fn seed_001() {
    assert_golden("seed_001", include_str!("golden/seed_001.out"));
}

#[test]
fn seed_002() {
    assert_golden("seed_002", include_str!("golden/seed_002.out"));
}

#[test]
fn seed_004() {
    assert_golden("seed_004", include_str!("golden/seed_004.out"));
}

#[test]
fn seed_003_and_its_plot() {
    let dir = scratch_dir("seed_003");
    let actual = run_example("seed_003", &dir);
    assert_eq!(actual, include_str!("golden/seed_003.out"));
    let png = std::fs::read(dir.join("seed_003.png")).expect("seed_003 writes seed_003.png");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR", "first chunk");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    assert_eq!((be(&png[16..20]), be(&png[20..24])), (640, 480), "size");
    assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND", "last chunk");
    // Two curves, axes, labels and a legend on white compress to far more than a blank image.
    assert!(png.len() > 15_000, "only {} bytes", png.len());
}
