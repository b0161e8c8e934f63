"""In-place dropout, ``Embedding(max_norm=)``, optimizer hooks and ``parameters_to_vector``:
``data/nn_extras_script.py`` prints under ferrograd exactly what it printed under PyTorch
(``data/nn_extras.out``)."""

import doctest
import os
import subprocess
import sys

import ferrograd.nn.utils.convert_parameters
import ferrograd.optim.optimizer

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def test_script_prints_what_pytorch_printed():
    run = subprocess.run(
        [sys.executable, os.path.join(DATA, "nn_extras_script.py"), "ferrograd"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stderr == ""
    with open(os.path.join(DATA, "nn_extras.out")) as f:
        assert run.stdout.splitlines() == f.read().splitlines()


def test_docstrings():
    import ferrograd as torch

    for module in (ferrograd.optim.optimizer, ferrograd.nn.utils.convert_parameters):
        failures, tried = doctest.testmod(module, extraglobs={"torch": torch}, optionflags=doctest.ELLIPSIS)
        assert tried > 0 and failures == 0
