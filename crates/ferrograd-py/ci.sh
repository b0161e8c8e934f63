#!/usr/bin/env bash
# Builds and tests the Python package from source in a fresh virtual environment:
# pip install (maturin comes from the package index as the PEP 517 build backend), the pytest
# suites, among them the five seed scripts against PyTorch's recorded output (the project's copy in
# crates/ferrograd/tests/golden). Needs nothing outside the repository but Python 3 and the
# package index.
# Usage: crates/ferrograd-py/ci.sh   (from anywhere; exits non-zero on any failure)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}

VENV=$(mktemp -d "${TMPDIR:-/tmp}/ferrograd-py-ci.XXXXXX")
trap 'rm -rf "$VENV"' EXIT

echo "== creating a virtual environment in $VENV"
"$PYTHON" -m venv "$VENV"
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --upgrade pip

echo "== pip install $HERE (builds the extension with maturin, release profile; a few minutes)"
# -v lets cargo's progress through (one line per crate); the whole log is shown on failure.
LOG="$VENV/pip-install.log"
if ! "$PY" -m pip install -v "$HERE" 2>&1 | tee "$LOG" | grep -E --line-buffered '^ *(Compiling|Finished|Successfully installed)'; then
  tail -n 60 "$LOG" >&2
  echo "pip install failed (the last 60 lines of its log are above)" >&2
  exit 1
fi
"$PY" -c "import ferrograd" || { echo "the package did not install" >&2; exit 1; }
"$PY" -m pip install --quiet pytest numpy hypothesis

echo "== pytest"
# run from the tests folder so the installed package, not the source tree, is imported
(cd "$HERE/tests" && "$PY" -m pytest -q -p no:cacheprovider)
