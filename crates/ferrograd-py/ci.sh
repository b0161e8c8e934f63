#!/usr/bin/env bash
# Builds and tests the Python package from source in a fresh virtual environment:
# pip install (maturin comes from the package index as the PEP 517 build backend), the pytest
# suites, and the seed scripts against PyTorch's recorded output (../shared beside the repo).
# Usage: crates/ferrograd-py/ci.sh   (from anywhere; exits non-zero on any failure)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${FERROGRAD_SHARED:-$ROOT/../shared}
PYTHON=${PYTHON:-python3}

VENV=$(mktemp -d "${TMPDIR:-/tmp}/ferrograd-py-ci.XXXXXX")
trap 'rm -rf "$VENV"' EXIT

echo "== creating a virtual environment in $VENV"
"$PYTHON" -m venv "$VENV"
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --upgrade pip

echo "== pip install $HERE (builds the extension with maturin)"
"$PY" -m pip install "$HERE"
"$PY" -m pip install --quiet pytest numpy

echo "== pytest"
# run from the tests folder so the installed package, not the source tree, is imported
(cd "$HERE/tests" && "$PY" -m pytest -q -p no:cacheprovider)

echo "== seed scripts"
if [ ! -x "$SHARED/tools/check-python-seeds" ]; then
  echo "missing $SHARED/tools/check-python-seeds (shared/ must sit beside the repository)" >&2
  exit 1
fi
"$SHARED/tools/check-python-seeds" "$PY"
