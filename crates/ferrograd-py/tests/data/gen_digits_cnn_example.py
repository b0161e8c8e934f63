"""Records examples/python/digits_cnn.py as PyTorch runs it (its default seed and split, and the
number of epochs test_digits_examples.py runs) into digits_cnn_example.out. The timing line
is left out.

usage: /path/to/torch-venv/bin/python gen_digits_cnn_example.py
"""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
script = os.path.join(here, "..", "..", "..", "..", "examples", "python", "digits_cnn.py")
EPOCHS = "5"  # as test_digits_examples.py
env = dict(os.environ, FERROGRAD="0")
out = subprocess.run([sys.executable, script, "--backend", "torch", "--epochs", EPOCHS], capture_output=True, text=True,
                     check=True, env=env).stdout
import torch  # noqa: E402  (only for the version recorded)

lines = [l for l in out.splitlines() if not l.startswith("time ")]
with open(os.path.join(here, "digits_cnn_example.out"), "w") as f:
    f.write(f"# examples/python/digits_cnn.py --epochs {EPOCHS} on PyTorch {torch.__version__}\n")
    f.write("\n".join(lines) + "\n")
print("\n".join(lines[-3:]))
