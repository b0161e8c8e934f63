"""Writes data/expected.json: what PyTorch gives for each snippet of cases.py.

Run once with a Python that has PyTorch and NumPy (the file is committed):
    ~/torch-venv/bin/python crates/ferrograd-py/tests/generate_expected.py
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import CASES  # noqa: E402
from normalize import run_case  # noqa: E402


def main():
    torch.set_num_threads(1)
    out = {"torch_version": torch.__version__, "cases": {}}
    for case in CASES:
        name, code = case[0], case[1]
        out["cases"][name] = run_case(code, torch, F, np)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "expected.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main()
