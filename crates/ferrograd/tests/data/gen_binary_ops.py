"""Records PyTorch's values and gradients for every row of ferrograd's binary op table.

Run with a Python that has torch (never in CI):  python gen_binary_ops.py > binary_ops.json
For each op and dtype: pairs (a, b) from a grid over the op's smooth domain, ties and signed
zeros, then every pair of the dtype's IEEE edges (NaN, ±inf, ±0, subnormals: float32 1e-40,
float64 5e-324 and 1e-310; near the largest finite value: float32 ±3e38, float64 ±1e308; ±1),
with f(a, b) and the gradients of f(a, b).sum() with respect to a and b. Floats JSON cannot hold
are written "nan", "inf", "-inf", "-0.0".
"""

import json
import math

import torch

OPS = {
    "atan2": ((-2, 2), (0.5, 2)), "hypot": ((0.5, 2), (-2, -0.5)),
    "maximum": ((0.2, 0.8), (1.2, 1.8)), "minimum": ((0.2, 0.8), (1.2, 1.8)),
    "fmax": ((0.2, 0.8), (1.2, 1.8)), "fmin": ((0.2, 0.8), (1.2, 1.8)),
    "fmod": ((2.1, 2.9), (0.9, 1.0)), "remainder": ((2.1, 2.9), (0.9, 1.0)),
    "copysign": ((0.5, 2), (-2, -0.5)), "xlogy": ((0.5, 2), (0.5, 2)),
}
NAN, INF = float("nan"), float("inf")
EDGES = [(1.0, 1.0), (2.0, -2.0), (-1.5, 1.5), (0.0, 0.0), (0.0, 2.0), (2.0, 0.0), (-3.5, 2.0),
         (3.5, -2.0), (0.0, -1.0), (-INF, 2.0)]
# every pair of these, per dtype
IEEE = {
    "float32": [NAN, INF, -INF, 0.0, -0.0, 1e-40, 3e38, -3e38, 1.0, -1.0],
    "float64": [NAN, INF, -INF, 0.0, -0.0, 5e-324, 1e-310, 1e308, -1e308, 1.0, -1.0],
}


def enc(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1, v) < 0:
        return "-0.0"
    return v


out = {"torch": torch.__version__, "ops": {}}
for name, ((alo, ahi), (blo, bhi)) in OPS.items():
    fn = getattr(torch, name)
    pairs = [(alo + (ahi - alo) * (i + 0.5) / 4, blo + (bhi - blo) * (j + 0.5) / 4) for i in range(4) for j in range(4)]
    entry = {}
    for dtname, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        rows = []
        for a0, b0 in pairs + EDGES + [(a, b) for a in IEEE[dtname] for b in IEEE[dtname]]:
            a = torch.tensor([a0], dtype=dtype, requires_grad=True)
            b = torch.tensor([b0], dtype=dtype, requires_grad=True)
            y = fn(a, b)
            y.sum().backward()
            rows.append([enc(float(a.detach())), enc(float(b.detach())), enc(y.item()), enc(a.grad.item()), enc(b.grad.item())])
        entry[dtname] = rows
    out["ops"][name] = entry
print(json.dumps(out, indent=0))
