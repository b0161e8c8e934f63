#!/usr/bin/env bash
# Runs the core library's unit tests under AddressSanitizer (nightly Rust), by default only
# the kernels' (the code with `unsafe`): heap overflows, use after free and leaks there are
# reported and fail the run. Results and figures: docs/robustness.md.
#
#   scripts/sanitizers.sh            # the `kernels` tests
#   scripts/sanitizers.sh ''         # every unit test of crates/ferrograd (slow on 2 cores)
#   scripts/sanitizers.sh FILTER     # the tests whose names contain FILTER
#
# It builds into target/asan (so the normal build is untouched) and needs the nightly
# toolchain (`rustup toolchain install nightly`). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1-kernels}
target=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Zsanitizer=address"
export RUSTDOCFLAGS="-Zsanitizer=address"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export CARGO_TARGET_DIR=target/asan
# --target keeps the sanitizer off build scripts and proc macros, which run on the host.
exec cargo +nightly test --target "$target" -p ferrograd --lib -- "$filter"
