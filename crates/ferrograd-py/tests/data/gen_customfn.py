"""Records what PyTorch prints for the cases of ../customfn_cases.py (custom autograd Functions,
forward mode, the tutorials' code) into customfn.json, read by ../test_customfn.py.

Run with a Python that has torch:  python gen_customfn.py > customfn.json
"""

import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import customfn_cases  # noqa: E402

warnings.simplefilter("ignore")
out = {"torch_version": torch.__version__, "cases": {}}
for case in customfn_cases.CASES:
    torch.manual_seed(0)
    out["cases"][case.__name__] = case(torch)
json.dump(out, sys.stdout, indent=1)
print()
