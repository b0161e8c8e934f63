"""examples/python/digits.py and digits_cnn.py, run with ferrograd (``FERROGRAD=1``), print what
they printed on PyTorch with the same flags (recorded by data/gen_digits_example.py and
data/gen_digits_cnn_example.py into data/digits_example.out and data/digits_cnn_example.out):
the model, every epoch's mean loss to 1e-4, the accuracies, and the final test accuracy. The MLP
runs its whole default 40 epochs (and must reach 97%), the CNN its first 5."""

import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "..", "examples", "python")
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


def run_with_ferrograd(script, flags):
    env = dict(os.environ, FERROGRAD="1")
    p = subprocess.run([sys.executable, os.path.join(EXAMPLES, script), *flags],
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


# script, its flags (as the gen_*.py script ran it), the record, the least final accuracy in %
CASES = [
    ("digits.py", [], "digits_example.out", 97.0),
    ("digits_cnn.py", ["--epochs", "5"], "digits_cnn_example.out", None),
]


@pytest.mark.parametrize("script,flags,recorded,least", CASES, ids=[c[0] for c in CASES])
def test_example_prints_pytorchs_losses_and_accuracy(script, flags, recorded, least):
    with open(os.path.join(HERE, "data", recorded)) as f:
        want = [l for l in f.read().splitlines() if not l.startswith("#")]
    got = run_with_ferrograd(script, flags)
    assert got[0].startswith("ferrograd: ") and want[0].startswith("torch: ")
    assert got[0].split(": ", 1)[1] == want[0].split(": ", 1)[1]
    # the printed model, line for line
    n_model = next(i for i, l in enumerate(want) if l == ")") + 1
    assert got[1:n_model] == want[1:n_model]

    got_epochs, want_epochs = epochs(got), epochs(want)
    assert len(want_epochs) >= 5 and len(got_epochs) == len(want_epochs)
    for g, w in zip(got_epochs, want_epochs):
        assert g[0] == w[0]
        assert abs(g[1] - w[1]) <= 1e-4, (g, w)  # mean training loss of the epoch
        # accuracies are counts over 1,438 and 359 images: allow one image either way
        assert abs(g[2] - w[2]) <= 1.5 / 1438 and abs(g[3] - w[3]) <= 1.5 / 359, (g, w)

    g_pct, g_right, g_n, g_epochs = final(got)
    w_pct, w_right, w_n, w_epochs = final(want)
    assert (g_n, g_epochs) == (w_n, w_epochs)
    assert abs(int(g_right) - int(w_right)) <= 1
    if least is not None:
        assert float(g_pct) >= least and float(w_pct) >= least
