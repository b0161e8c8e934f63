"""The scripts of ``data/`` that print under ferrograd what they printed under PyTorch: each is
run as ``python data/SCRIPT ferrograd`` and its output compared, line by line, with the record
PyTorch 2.15 printed (``data/RECORD``, written by ``python data/SCRIPT torch``)."""

import os
import subprocess
import sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def assert_prints_as_recorded(script, record, timeout=300):
    run = subprocess.run(
        [sys.executable, os.path.join(DATA, script), "ferrograd"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.stderr == ""
    with open(os.path.join(DATA, record)) as f:
        assert run.stdout.splitlines() == f.read().splitlines()
