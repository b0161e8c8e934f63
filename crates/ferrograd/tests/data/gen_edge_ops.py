"""Records PyTorch's values, gradients and errors at IEEE edges for the hand-written ops (the ones
outside the elementwise op tables, whose rows gen_unary_ops.py and gen_binary_ops.py record).

Run with a Python that has torch (never in CI):  python gen_edge_ops.py > edge_ops.json

Each case names an op of tests/ieee_edges.rs (``op`` and its parameters ``p``), its inputs (dtype,
shape, row-major values) and the same call as a Python expression over ``x0``, ``x1`` (``py``,
evaluated by crates/ferrograd-py/tests/test_ieee_edges.py with ``torch`` and ``F`` bound to
ferrograd). Recorded: the outputs (dtype, shape, values), and for float inputs the gradient of
every input after ``out[0].backward(gw)`` (``gw`` is ones unless the case gives weights), or the
exception PyTorch raises (type and message; ``backward_error`` when the backward pass raises). Floats JSON cannot hold are written "nan", "inf",
"-inf", and -0.0 as "-0.0".
"""

import json
import math

import torch
import torch.nn.functional as F

NAN, INF = float("nan"), float("inf")
# the IEEE edges of each float dtype: NaN, ±inf, ±0, subnormals, near the largest finite, ±1
EDGES = {
    "float32": [NAN, INF, -INF, 0.0, -0.0, 1e-40, 3e38, -3e38, 1.0, -1.0],
    "float64": [NAN, INF, -INF, 0.0, -0.0, 5e-324, 1e-310, 1e308, -1e308, 1.0, -1.0],
}
# a few ordinary values besides, so that the smooth part of each op is there too
PLAIN = [2.0, -2.0, 0.5, -0.5, 3.0]
INTS = [0, 1, -1, 2, -2, 7, -7, 3, 2**62, -(2**62)]
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}


def enc(v):
    if isinstance(v, bool) or isinstance(v, int):
        return v
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1, v) < 0:
        return "-0.0"
    return v


def lit(v):
    """A Python literal of a parameter."""
    if v is None or isinstance(v, (bool, int)):
        return repr(v)
    if math.isnan(v):
        return "float('nan')"
    if math.isinf(v):
        return "float('inf')" if v > 0 else "float('-inf')"
    return repr(v)


def as_tensor(t):
    return {"dtype": str(t.dtype).removeprefix("torch."), "shape": list(t.shape),
            "data": [enc(v) for v in t.detach().reshape(-1).tolist()]}


# op name: (parameters -> Python expression, number of tensor inputs)
EXPR = {
    "pow_scalar": lambda p: f"torch.pow(x0, {lit(p['exponent'])})",
    "pow_tensor": lambda p: "torch.pow(x0, x1)",
    "clamp": lambda p: f"torch.clamp(x0, min={lit(p['min'])}, max={lit(p['max'])})",
    "clamp_min": lambda p: f"x0.clamp_min({lit(p['min'])})",
    "clamp_max": lambda p: f"x0.clamp_max({lit(p['max'])})",
    "max": lambda p: "x0.max()",
    "min": lambda p: "x0.min()",
    "max_dim": lambda p: f"tuple(x0.max(dim={p['dim']}, keepdim={p['keepdim']}))",
    "min_dim": lambda p: f"tuple(x0.min(dim={p['dim']}, keepdim={p['keepdim']}))",
    "amax": lambda p: f"x0.amax({'' if p['dim'] is None else 'dim=%d' % p['dim']})",
    "amin": lambda p: f"x0.amin({'' if p['dim'] is None else 'dim=%d' % p['dim']})",
    "argmax": lambda p: f"x0.argmax({'' if p['dim'] is None else 'dim=%d' % p['dim']})",
    "argmin": lambda p: f"x0.argmin({'' if p['dim'] is None else 'dim=%d' % p['dim']})",
    "maximum": lambda p: "torch.maximum(x0, x1)",
    "minimum": lambda p: "torch.minimum(x0, x1)",
    "fmax": lambda p: "torch.fmax(x0, x1)",
    "fmin": lambda p: "torch.fmin(x0, x1)",
    "sum": lambda p: "x0.sum()" if p["dim"] is None else f"x0.sum(dim={p['dim']})",
    "mean": lambda p: "x0.mean()" if p["dim"] is None else f"x0.mean(dim={p['dim']})",
    "softmax": lambda p: f"torch.softmax(x0, dim={p['dim']})",
    "log_softmax": lambda p: f"torch.log_softmax(x0, dim={p['dim']})",
    "div": lambda p: "torch.div(x0, x1)",
    "floor_divide": lambda p: "torch.floor_divide(x0, x1)",
    "remainder": lambda p: "torch.remainder(x0, x1)",
    "fmod": lambda p: "torch.fmod(x0, x1)",
    "mse_loss": lambda p: "F.mse_loss(x0, x1)",
    "cross_entropy": lambda p: "F.cross_entropy(x0, x1)",
}

# elementwise ops: each element is computed alone (a 1-element call), as the op tables record
# theirs. PyTorch's vectorised inner loops may differ from its scalar one in corner cases
# (maximum(0.0, -0.0) is 0.0 alone but -0.0 inside a long vector, from _mm256_max_ps), so a
# long tensor would record an artefact of where an element falls, not the op's value.
ELEMENTWISE = {"pow_scalar", "pow_tensor", "clamp", "clamp_min", "clamp_max", "maximum", "minimum",
               "fmax", "fmin", "div", "floor_divide", "remainder", "fmod"}
cases = []


def elementwise(op, p, inputs):
    """The case recorded element by element; the first error raised is the case's."""
    n = len(inputs[0][2])
    parts = []
    for k in range(n):
        before = len(cases)
        case(op, p, [(dt, [1], [vals[k]]) for dt, _, vals in inputs], split=False)
        parts.append(cases.pop())
        assert len(cases) == before
    rec = dict(parts[0])
    rec["inputs"] = [{"dtype": dt, "shape": list(shape),
                      "data": [v for part in parts for v in part["inputs"][i]["data"]]}
                     for i, (dt, shape, _) in enumerate(inputs)]
    errors = [part for part in parts if "error" in part or "backward_error" in part]
    if errors:
        rec.pop("out", None)
        rec.pop("grads", None)
        key = "error" if "error" in errors[0] else "backward_error"
        rec.pop("error", None)
        rec.pop("backward_error", None)
        rec[key] = errors[0][key]
        if key == "backward_error":
            rec["out"] = [{"dtype": parts[0]["out"][0]["dtype"], "shape": [n],
                           "data": [part["out"][0]["data"][0] for part in parts]}]
    else:
        rec["out"] = [{"dtype": parts[0]["out"][0]["dtype"], "shape": [n],
                       "data": [part["out"][0]["data"][0] for part in parts]}]
        if "grads" in parts[0]:
            rec["grads"] = [None if parts[0]["grads"][i] is None else
                            [part["grads"][i][0] for part in parts] for i in range(len(inputs))]
    cases.append(rec)


def case(op, p, inputs, gw=None, split=True):
    """inputs: (dtype name, shape, values) per tensor input."""
    if split and op in ELEMENTWISE:
        return elementwise(op, p, inputs)
    expr = EXPR[op](p)
    xs = []
    for dt, shape, vals in inputs:
        t = torch.tensor(vals, dtype=DTYPES[dt]).reshape(shape)
        if t.is_floating_point():
            t.requires_grad_(True)
        xs.append(t)
    rec = {"op": op, "p": {k: v if v is None or isinstance(v, (bool, int)) else enc(v) for k, v in p.items()},
           "py": expr,
           "inputs": [{"dtype": dt, "shape": list(shape),
                       "data": [enc(float(v) if dt != "int64" else int(v)) for v in
                                torch.tensor(vals, dtype=DTYPES[dt]).reshape(-1).tolist()]}
                      for dt, shape, vals in inputs]}
    if gw is not None:
        rec["gw"] = [enc(v) for v in gw]
    try:
        out = eval(expr, {"torch": torch, "F": F, "x0": xs[0], "x1": xs[1] if len(xs) > 1 else None})
    except Exception as e:  # noqa: BLE001 - the exception is the recorded answer
        rec["error"] = {"type": type(e).__name__, "msg": str(e)}
        cases.append(rec)
        return
    outs = list(out) if isinstance(out, tuple) else [out]
    rec["out"] = [as_tensor(o) for o in outs]
    if outs[0].requires_grad:
        g = torch.ones_like(outs[0]) if gw is None else torch.tensor(gw, dtype=outs[0].dtype).reshape(outs[0].shape)
        try:
            outs[0].backward(g)
        except Exception as e:  # noqa: BLE001
            rec["backward_error"] = {"type": type(e).__name__, "msg": str(e)}
            cases.append(rec)
            return
        rec["grads"] = [None if x.grad is None else as_tensor(x.grad)["data"] for x in xs]
    cases.append(rec)


for dt in ("float32", "float64"):
    edges = EDGES[dt] + PLAIN
    n = len(edges)
    pairs = [(a, b) for a in EDGES[dt] for b in EDGES[dt]]
    pa, pb = [a for a, _ in pairs], [b for _, b in pairs]
    # pow with a scalar exponent, and with a tensor exponent at every pair of edges
    for e in (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 2.5, -3.0, 1e-40, INF, -INF, NAN):
        case("pow_scalar", {"exponent": e}, [(dt, [n], edges)])
    for e in (-2, -1, 0, 1, 2, 3):
        case("pow_scalar", {"exponent": e}, [(dt, [n], edges)])
    case("pow_tensor", {}, [(dt, [len(pairs)], pa), (dt, [len(pairs)], pb)])
    # clamp: one bound, both, min > max, bounds at the edges, NaN bounds
    for lo, hi in ((0.0, None), (None, 0.0), (-1.0, 1.0), (2.0, 1.0), (-0.0, 0.0), (0.0, -0.0),
                   (NAN, None), (None, NAN), (NAN, 1.0), (-1.0, NAN), (-INF, INF), (INF, None),
                   (None, -INF), (1.0, 1.0)):
        case("clamp", {"min": lo, "max": hi}, [(dt, [n], edges)])
    for b in (0.0, -0.0, 1.0, NAN, INF, -INF):
        case("clamp_min", {"min": b}, [(dt, [n], edges)])
        case("clamp_max", {"max": b}, [(dt, [n], edges)])
    # maximum and friends on many pairs at once (ties, signed zeros, NaN on either side)
    for op in ("maximum", "minimum", "fmax", "fmin", "div", "floor_divide", "remainder", "fmod"):
        case(op, {}, [(dt, [len(pairs)], pa), (dt, [len(pairs)], pb)])
    # reductions: whole, along each dim, with NaN, infinities and ties
    mats = {
        "ties": [[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]],
        "nan": [[1.0, NAN, 3.0], [NAN, 2.0, NAN]],
        "inf": [[INF, 1.0, INF], [-INF, -INF, 0.0]],
        "mixed": [[INF, -INF, 1.0], [NAN, INF, 0.0]],
        "zeros": [[0.0, -0.0, 0.0], [-0.0, -0.0, -1.0]],
        "huge": [[EDGES[dt][7], EDGES[dt][7], 1.0], [-EDGES[dt][7], EDGES[dt][5], -0.0]],
    }
    for m in mats.values():
        flat = [v for row in m for v in row]
        for op in ("max", "min"):
            case(op, {}, [(dt, [2, 3], flat)])
        for op in ("max_dim", "min_dim"):
            for d in (0, 1, -1):
                for keep in (False, True):
                    case(op, {"dim": d, "keepdim": keep}, [(dt, [2, 3], flat)])
        for op in ("amax", "amin", "argmax", "argmin", "sum", "mean"):
            for d in (None, 0, 1):
                case(op, {"dim": d}, [(dt, [2, 3], flat)])
        for op in ("softmax", "log_softmax"):
            for d in (0, 1):
                case(op, {"dim": d}, [(dt, [2, 3], flat)], gw=[1.0, -2.0, 3.0, 0.5, 2.0, -1.0])
    # softmax rows of each kind
    rows = [[-INF, 0.0, 1.0], [INF, 0.0, 1.0], [NAN, 0.0, 1.0], [-INF, -INF, -INF], [INF, INF, 0.0],
            [EDGES[dt][7], 0.0, EDGES[dt][8]], [0.0, -0.0, 0.0]]
    flat = [v for r in rows for v in r]
    for op in ("softmax", "log_softmax"):
        case(op, {"dim": 1}, [(dt, [len(rows), 3], flat)], gw=[1.0, -2.0, 3.0] * len(rows))
    # losses
    for pred, target in (([INF, 1.0], [INF, 0.0]), ([INF, 1.0], [1.0, 1.0]), ([NAN, 1.0], [0.0, 0.0]),
                         ([-INF, 2.0], [INF, 2.0]), ([EDGES[dt][7], 0.0], [-EDGES[dt][7], 0.0])):
        case("mse_loss", {}, [(dt, [2], pred), (dt, [2], target)])
    for logits, target in (([INF, 0.0, 0.0], 0), ([INF, 0.0, 0.0], 1), ([-INF, 0.0, 0.0], 0),
                           ([-INF, 0.0, 0.0], 1), ([NAN, 0.0, 0.0], 1), ([INF, INF, 0.0], 2),
                           ([EDGES[dt][7], 0.0, -EDGES[dt][7]], 2)):
        case("cross_entropy", {}, [(dt, [1, 3], logits), ("int64", [1], [target])])

# integers: division by zero, modulo signs, powers
ipairs = [(a, b) for a in INTS for b in INTS if b != 0]
ia, ib = [a for a, _ in ipairs], [b for _, b in ipairs]
for op in ("div", "floor_divide", "remainder", "fmod"):
    case(op, {}, [("int64", [len(ipairs)], ia), ("int64", [len(ipairs)], ib)])
    case(op, {}, [("int64", [3], [1, 0, -1]), ("int64", [3], [2, 0, 3])])
    case(op, {}, [("int64", [2], [5, -5]), ("int64", [2], [0, 1])])
small = [0, 1, -1, 2, -2, 3]
for e in (0, 1, 2, 3, -1, -2, 0.5, 2.0):
    case("pow_scalar", {"exponent": e}, [("int64", [len(small)], small)])
case("pow_tensor", {}, [("int64", [4], [2, 3, -2, 0]), ("int64", [4], [3, 0, 3, 2])])
case("pow_tensor", {}, [("int64", [2], [2, 3]), ("int64", [2], [-1, 2])])
case("clamp", {"min": 0, "max": 5}, [("int64", [4], [-3, 0, 7, 2])])
case("clamp", {"min": 5, "max": 0}, [("int64", [4], [-3, 0, 7, 2])])
for op in ("max", "min"):
    case(op, {}, [("int64", [4], [3, -1, 3, 2])])
for op in ("argmax", "argmin"):
    case(op, {"dim": None}, [("int64", [4], [3, -1, 3, -1])])
case("sum", {"dim": None}, [("int64", [2], [2**62, 2**62])])

print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0, allow_nan=False))
