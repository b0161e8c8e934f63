"""Records PyTorch's values and gradients for every row of ferrograd's elementwise op table.

The rows are read from the library itself (its Python bindings, built from this checkout with
``maturin develop`` in crates/ferrograd-py), so a row added to the table is recorded without
touching this script. Run with a Python that has torch (never in CI):

    python gen_unary_ops.py > unary_ops.json

For each op and dtype: inputs x (a grid over the row's smooth domain, a grid over [-3, 3] that
crosses the kinks of the activations, then kinks and IEEE edge values: ±0, ±1, NaN, ±inf, ±1e30,
subnormals of the dtype (float32: ±1e-40; float64: ±5e-324, ±1e-310) and values near its largest
(float32: ±3e38; float64: ±1e308)), the outputs f(x) and the gradient of f(x).sum() (each element
alone, so a NaN elsewhere cannot leak in). Floats that JSON cannot hold are written as the strings
"nan", "inf", "-inf"; -0.0 is written "-0.0".
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "ferrograd-py", "python"))
from ferrograd import _C  # noqa: E402  (the op table, as the bindings expose it)

# rows whose PyTorch call is not torch.<name> / F.<name> with the row's parameters
SPECIAL = {"gelu_tanh": lambda x: F.gelu(x, approximate="tanh")}


def torch_call(name, functional_only):
    if name in SPECIAL:
        return SPECIAL[name]
    if not functional_only and hasattr(torch, name):
        return getattr(torch, name)
    return getattr(F, name)


OPS = {name: (torch_call(name, functional_only), _C._unary_domains[name])
       for name, functional_only, _params in _C._unary_ops}

EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -2.5, float("nan"), float("inf"), float("-inf"),
         30.0, -30.0, 1e30, -1e30]
# the IEEE edges of each dtype: subnormals and values near the largest finite one
DTYPE_EDGES = {
    "float32": [1e-40, -1e-40, 3e38, -3e38],
    "float64": [5e-324, -5e-324, 1e-310, -1e-310, 1e308, -1e308],
}


def enc(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1, v) < 0:
        return "-0.0"
    return v


def record(fn, xs, dtype):
    ys, gs = [], []
    for v in xs:
        x = torch.tensor([v], dtype=dtype, requires_grad=True)
        y = fn(x)
        y.sum().backward()
        ys.append(enc(y.item()))
        gs.append(enc(x.grad.item()))
    return ys, gs


out = {"torch": torch.__version__, "ops": {}}
for name, (fn, (lo, hi)) in OPS.items():
    grid = [lo + (hi - lo) * (k + 0.5) / 9 for k in range(9)]
    grid += [-3.0 + 0.5 * k for k in range(13)]
    entry = {}
    for dtname, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        xs = [float(torch.tensor(v, dtype=dtype)) for v in grid + EDGES + DTYPE_EDGES[dtname]]
        ys, gs = record(fn, xs, dtype)
        entry[dtname] = {"x": [enc(v) for v in xs], "y": ys, "grad": gs}
    out["ops"][name] = entry

print(json.dumps(out, indent=0))
