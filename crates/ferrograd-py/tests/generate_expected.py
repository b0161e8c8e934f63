"""Writes data/expected.json: what PyTorch gives for each snippet of cases.py, and the
Jacobian-vector products of cases.JVP_CASES by torch.func.jvp (checked against PyTorch's
forward_ad dual tensors).

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
from cases import CASES, JVP_CASES  # noqa: E402
from normalize import run_case  # noqa: E402


def _tuple(x):
    return x if isinstance(x, tuple) else (x,)


def jvp_expected():
    """For each JVP case: the outputs and J·v by torch.func.jvp, as nested lists."""
    import torch.autograd.forward_ad as fwAD

    result = {}
    for name, f_src, primals_src, tangents_src in JVP_CASES:
        env = {"torch": torch, "F": F}
        f = eval(f_src, env)
        primals, tangents = eval(primals_src, env), eval(tangents_src, env)
        outs, jvps = torch.func.jvp(f, primals, tangents)
        outs, jvps = _tuple(outs), _tuple(jvps)
        with fwAD.dual_level():
            duals = [fwAD.make_dual(p, t) for p, t in zip(primals, tangents)]
            fw = [fwAD.unpack_dual(o).tangent for o in _tuple(f(*duals))]
        for a, b in zip(jvps, fw):
            if not torch.allclose(a, b, rtol=1e-6, atol=1e-9):
                raise AssertionError(f"{name}: torch.func.jvp and forward_ad disagree")
        result[name] = {
            "dtype": str(outs[0].dtype),
            "out": [o.tolist() for o in outs],
            "jvp": [j.tolist() for j in jvps],
        }
    return result


def main():
    torch.set_num_threads(1)
    out = {"torch_version": torch.__version__, "cases": {}}
    for case in CASES:
        name, code = case[0], case[1]
        torch.manual_seed(0)  # the recorded random values do not depend on the order of cases
        out["cases"][name] = run_case(code, torch, F, np)
    out["jvp"] = jvp_expected()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "expected.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(CASES)} cases and {len(JVP_CASES)} jvp cases to {path}")


if __name__ == "__main__":
    main()
