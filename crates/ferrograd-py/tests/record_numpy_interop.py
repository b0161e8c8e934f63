"""Writes data/numpy_interop.json: what PyTorch gives for each snippet of
numpy_interop_cases.py. Run with a Python that has PyTorch and NumPy (the file is committed):
    ~/torch-venv/bin/python crates/ferrograd-py/tests/record_numpy_interop.py
"""

import json
import os
import sys
import warnings

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from numpy_interop_cases import CASES, run  # noqa: E402

if __name__ == "__main__":
    warnings.simplefilter("ignore")
    out = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "results": {snippet: run(torch, snippet) for snippet in CASES},
    }
    with open(os.path.join(HERE, "data", "numpy_interop.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
