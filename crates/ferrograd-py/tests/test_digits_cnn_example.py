"""examples/python/digits_cnn.py, run with ferrograd (``FERROGRAD=1``) for the first epochs,
prints what it printed on PyTorch with the same flags (recorded by
data/gen_digits_cnn_example.py into data/digits_cnn_example.out): the model, every epoch's mean
loss to 1e-4, the accuracies, and the final test accuracy."""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "..", "examples", "python", "digits_cnn.py")
RECORDED = os.path.join(HERE, "data", "digits_cnn_example.out")
EPOCHS = "5"  # as data/gen_digits_cnn_example.py
EPOCH = re.compile(
    r"epoch +(\d+)  loss ([0-9.]+)  train accuracy ([0-9.]+)  test accuracy ([0-9.]+)$"
)
FINAL = re.compile(r"test accuracy ([0-9.]+)% \((\d+)/(\d+)\) after (\d+) epochs$")


def epochs(lines):
    return [tuple(float(g) for g in m.groups()) for m in map(EPOCH.match, lines) if m]


def final(lines):
    found = [m.groups() for m in map(FINAL.match, lines) if m]
    assert len(found) == 1, lines[-5:]
    return found[0]


def run_with_ferrograd():
    env = dict(os.environ, FERROGRAD="1")
    p = subprocess.run([sys.executable, SCRIPT, "--epochs", EPOCHS], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


def test_digits_cnn_example_prints_pytorchs_losses_and_accuracy():
    with open(RECORDED) as f:
        want = [l for l in f.read().splitlines() if not l.startswith("#")]
    got = run_with_ferrograd()
    assert got[0].startswith("ferrograd: ") and want[0].startswith("torch: ")
    assert got[0].split(": ", 1)[1] == want[0].split(": ", 1)[1]
    # the printed model, line for line
    n_model = next(i for i, l in enumerate(want) if l == ")") + 1
    assert got[1:n_model] == want[1:n_model]

    got_epochs, want_epochs = epochs(got), epochs(want)
    assert len(want_epochs) == int(EPOCHS) and len(got_epochs) == len(want_epochs)
    for g, w in zip(got_epochs, want_epochs):
        assert g[0] == w[0]
        assert abs(g[1] - w[1]) <= 1e-4, (g, w)  # mean training loss of the epoch
        # accuracies are counts over 1,438 and 359 images: allow one image either way
        assert abs(g[2] - w[2]) <= 1.5 / 1438 and abs(g[3] - w[3]) <= 1.5 / 359, (g, w)

    g_pct, g_right, g_n, g_epochs = final(got)
    w_pct, w_right, w_n, w_epochs = final(want)
    assert (g_n, g_epochs) == (w_n, w_epochs)
    assert abs(int(g_right) - int(w_right)) <= 1
    assert abs(float(g_pct) - float(w_pct)) <= 100.5 / int(g_n)
