"""Records PyTorch's in-place forms of the elementwise op table's rows: for each entry point
PyTorch has (``Tensor.<name>_``, ``torch.<name>_``, ``F.<name>_``, ``F.<name>(x, inplace=True)``),
the grad_fn it records on a non-leaf updated in place, the values, and the gradient reaching
the leaf, in float64 at three points of the row's domain.

The rows are read from the library's bindings (build them first with ``maturin develop``).
Run with a Python that has torch (never in CI):  python gen_inplace_ops.py > inplace_ops.json
"""

import inspect
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from ferrograd import _C  # noqa: E402


def entry_points(name):
    out = []
    if hasattr(torch.Tensor, name + "_"):
        out.append(("method", lambda x: getattr(x, name + "_")()))
    if hasattr(torch, name + "_"):
        out.append(("torch", lambda x: getattr(torch, name + "_")(x)))
    if hasattr(F, name + "_"):
        out.append(("functional_", lambda x: getattr(F, name + "_")(x)))
    fn = getattr(F, name, None)
    if fn is not None:
        try:
            takes = "inplace" in inspect.signature(fn).parameters
        except ValueError:
            takes = False
        if takes:
            out.append(("inplace=True", lambda x: fn(x, inplace=True)))
    return out


records = []
for name, _functional_only, _params in _C._unary_ops:
    lo, hi = _C._unary_domains[name]
    xs = [lo + 0.2 * (hi - lo), lo + 0.5 * (hi - lo), lo + 0.9 * (hi - lo)]
    for how, call in entry_points(name):
        w = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
        x = w * 1
        r = call(x)
        assert r is x
        name_fn = x.grad_fn.name()
        rec = {"op": name, "how": how, "x": xs, "grad_fn": name_fn, "y": x.detach().tolist()}
        try:
            (x * torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)).sum().backward()
            rec["grad"] = w.grad.tolist()
        except Exception as e:  # PyTorch has no derivative for a few in-place forms
            rec["error"] = [type(e).__name__, str(e)]
        records.append(rec)

print(json.dumps({"torch": torch.__version__, "records": records}, indent=0))
