"""Records PyTorch's vector norms (``Tensor.norm``, ``torch.linalg.vector_norm``): values,
grad_fn and gradients, at zero vectors, ties of the infinity norms, NaN, infinities, signed
zeros and orders below 1, over all dimensions and along some, in float32 and float64.

Run with a Python that has torch (never in CI):  python gen_norm.py > norm.json
"""

import json
import math

import torch

INF, NAN = float("inf"), float("nan")
VECTORS = [[3.0, -4.0], [0.0, 0.0], [-0.0, 0.0], [3.0, -3.0, 1.0], [1.0, 2.0, -2.0, 0.5],
           [NAN, 1.0], [INF, 1.0], [-INF, 2.0], [1e-30, 2e-30], [1e30, 1e30], [0.0, 2.0, 0.0]]
MATRIX = [[3.0, 0.0, -1.0], [1.0, 2.0, 2.0]]
ORDS = [2, 1, 3, 0.5, 1.5, 0, INF, -INF]


def enc(v):
    if isinstance(v, list):
        return [enc(u) for u in v]
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1, v) < 0:
        return "-0.0"
    return v


def case(data, ord, dim, keepdim, dtype):
    x = torch.tensor(data, dtype=dtype, requires_grad=True)
    y = torch.linalg.vector_norm(x, ord=ord, dim=dim, keepdim=keepdim)
    w = torch.linspace(1.0, 2.0, y.numel(), dtype=dtype).reshape(y.shape)
    (y * w).sum().backward()
    return {"x": enc(data), "ord": enc(float(ord)), "dim": dim, "keepdim": keepdim,
            "dtype": str(dtype).split(".")[1], "grad_fn": y.grad_fn.name(),
            "y": enc(y.detach().tolist() if y.dim() else y.item()),
            "grad": None if x.grad is None else enc(x.grad.tolist())}


cases = []
for dtype in (torch.float32, torch.float64):
    for ord in ORDS:
        for v in VECTORS:
            cases.append(case(v, ord, None, False, dtype))
        for dim, keepdim in ((None, False), (1, False), (0, True), ((0, 1), True), (-1, True)):
            cases.append(case(MATRIX, ord, dim, keepdim, dtype))
print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0))
