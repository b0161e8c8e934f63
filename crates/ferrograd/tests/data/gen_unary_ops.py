"""Records PyTorch's values and gradients for every row of ferrograd's elementwise op table.

Run with a Python that has torch (never in CI):  python gen_unary_ops.py > unary_ops.json
For each op and dtype: inputs x (a grid over the op's smooth domain, then kinks and IEEE edge
values: ±0, ±1, NaN, ±inf, ±1e30, subnormals of the dtype (float32: ±1e-40; float64: ±5e-324,
±1e-310) and values near its largest (float32: ±3e38; float64: ±1e308)), the outputs f(x) and the gradient of
f(x).sum() (each element alone, so a NaN elsewhere cannot leak in). Floats that JSON cannot
hold are written as the strings "nan", "inf", "-inf"; -0.0 is written "-0.0".
"""

import json
import math

import torch
import torch.nn.functional as F

# name: (torch call, domain)
OPS = {
    "exp": (torch.exp, (-2, 2)), "log": (torch.log, (0.2, 3)), "log1p": (torch.log1p, (-0.5, 3)),
    "log2": (torch.log2, (0.2, 3)), "log10": (torch.log10, (0.2, 3)),
    "expm1": (torch.expm1, (-2, 2)), "exp2": (torch.exp2, (-2, 2)), "sqrt": (torch.sqrt, (0.2, 3)),
    "rsqrt": (torch.rsqrt, (0.2, 3)), "reciprocal": (torch.reciprocal, (0.3, 3)),
    "square": (torch.square, (-2, 2)), "sin": (torch.sin, (-3, 3)), "cos": (torch.cos, (-3, 3)),
    "tan": (torch.tan, (-1.2, 1.2)), "asin": (torch.asin, (-0.9, 0.9)),
    "acos": (torch.acos, (-0.9, 0.9)), "atan": (torch.atan, (-3, 3)),
    "sinh": (torch.sinh, (-2, 2)), "cosh": (torch.cosh, (-2, 2)), "tanh": (torch.tanh, (-2, 2)),
    "asinh": (torch.asinh, (-2, 2)), "acosh": (torch.acosh, (1.2, 3)),
    "atanh": (torch.atanh, (-0.9, 0.9)), "sigmoid": (torch.sigmoid, (-3, 3)),
    "logsigmoid": (F.logsigmoid, (-3, 3)), "erf": (torch.erf, (-2, 2)),
    "erfc": (torch.erfc, (-2, 2)), "erfinv": (torch.erfinv, (-0.9, 0.9)),
    "sinc": (torch.sinc, (0.2, 2.5)), "abs": (torch.abs, (-3, 3)), "sign": (torch.sign, (-3, 3)),
    "floor": (torch.floor, (-2.7, 2.7)), "ceil": (torch.ceil, (-2.7, 2.7)),
    "round": (torch.round, (-2.7, 2.7)), "trunc": (torch.trunc, (-2.7, 2.7)),
    "frac": (torch.frac, (-2.7, 2.7)), "relu": (torch.relu, (-3, 3)),
    "leaky_relu": (F.leaky_relu, (-3, 3)), "hardsigmoid": (F.hardsigmoid, (-4, 4)), "hardtanh": (F.hardtanh, (-2, 2)),
    "elu": (F.elu, (-3, 3)), "selu": (F.selu, (-3, 3)), "celu": (F.celu, (-3, 3)),
    "softplus": (F.softplus, (-3, 3)), "silu": (F.silu, (-3, 3)), "mish": (F.mish, (-3, 3)),
    "gelu": (F.gelu, (-3, 3)), "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), (-3, 3)),
}

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
    entry = {}
    for dtname, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        xs = [float(torch.tensor(v, dtype=dtype)) for v in grid + EDGES + DTYPE_EDGES[dtname]]
        ys, gs = record(fn, xs, dtype)
        entry[dtname] = {"x": [enc(v) for v in xs], "y": ys, "grad": gs}
    out["ops"][name] = entry

print(json.dumps(out, indent=0))
