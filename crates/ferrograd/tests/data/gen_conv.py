#!/usr/bin/env python3
"""Generate conv.json: PyTorch's convolutions, for tests/conv.rs and the Python suite
(crates/ferrograd-py/tests/test_conv.py).

Requires PyTorch. Rerun from anywhere with

    python3 gen_conv.py        # writes conv.json next to this script

Tensors are written as {"shape": [...], "data": [...flat...]} (float64 values; a float32 case
stores its float32 results widened). Inputs are deterministic (sines of the element index).

- "cases": conv1d / conv2d / conv_transpose2d over odd sizes, strides, paddings ('same' and
  'valid' too), dilations, groups, with and without bias, unbatched inputs, float32 and float64:
  the arguments, inputs, the output, grad_fn name, the output gradient `gout` and the gradients
  of `(out * gout).sum()` with respect to input, weight and bias.
- "errors": exception types and messages of bad arguments.
- "modules": `manual_seed(0)` then a module: its repr and initial parameters.
- "reprs": module constructors (keyword arguments) and their reprs.
"""

import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv.json")


def det(shape, phase=0.0, dtype=torch.float64):
    n = math.prod(shape)
    return (torch.arange(n, dtype=torch.float64) * 0.7 + phase).sin().reshape(shape).to(dtype)


def enc(t):
    return {"shape": list(t.shape), "data": t.detach().double().flatten().tolist()}


# (fn, x shape, w shape, bias, kwargs, dtype)
CASES = [
    ("conv2d", [2, 3, 7, 6], [4, 3, 3, 3], True, {}, "float64"),
    ("conv2d", [2, 3, 7, 6], [4, 3, 3, 3], False, {"stride": 2, "padding": 1}, "float64"),
    ("conv2d", [1, 4, 9, 8], [6, 2, 3, 2], True, {"stride": [2, 1], "padding": [2, 1], "dilation": [1, 2], "groups": 2}, "float64"),
    ("conv2d", [2, 4, 5, 7], [4, 1, 3, 3], True, {"padding": "same", "groups": 4}, "float64"),
    ("conv2d", [1, 2, 6, 5], [3, 2, 2, 4], True, {"padding": "same", "dilation": [2, 1]}, "float64"),
    ("conv2d", [2, 2, 6, 5], [3, 2, 2, 3], False, {"padding": "valid"}, "float64"),
    ("conv2d", [3, 5, 5], [2, 3, 3, 1], True, {"stride": 3, "padding": [0, 2], "dilation": 2}, "float64"),
    ("conv2d", [2, 4, 4, 4], [4, 4, 1, 1], True, {}, "float64"),
    ("conv2d", [3, 6, 11, 10], [9, 2, 3, 3], True, {"stride": 2, "padding": 1, "groups": 3}, "float32"),
    ("conv2d", [2, 16, 12, 12], [8, 16, 3, 3], True, {"padding": 1}, "float32"),
    ("conv1d", [2, 3, 9], [4, 3, 3], True, {}, "float64"),
    ("conv1d", [1, 4, 10], [6, 2, 4], False, {"stride": 3, "padding": 2, "dilation": 2, "groups": 2}, "float64"),
    ("conv1d", [3, 8], [2, 3, 2], True, {"padding": "same"}, "float64"),
    ("conv1d", [2, 3, 7], [5, 3, 3], True, {"padding": "same", "dilation": 3}, "float32"),
    ("conv_transpose2d", [2, 3, 4, 5], [3, 2, 3, 3], True, {}, "float64"),
    ("conv_transpose2d", [1, 4, 3, 4], [4, 3, 3, 2], False, {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2}, "float64"),
    ("conv_transpose2d", [2, 2, 4, 3], [2, 3, 2, 3], True, {"stride": [2, 3], "padding": [1, 0], "dilation": [2, 1], "output_padding": [1, 2]}, "float64"),
    ("conv_transpose2d", [2, 5, 5], [2, 4, 3, 3], True, {"stride": 2, "dilation": 2, "output_padding": 1}, "float64"),
    ("conv_transpose2d", [2, 8, 6, 6], [8, 4, 4, 4], True, {"stride": 2, "padding": 1}, "float32"),
]


def case(fn, xs, ws, bias, kw, dtype):
    dt = getattr(torch, dtype)
    x = det(xs, 0.1, dt).requires_grad_()
    w = (det(ws, 0.4) * 0.5).to(dt).requires_grad_()
    cout = ws[1] * kw.get("groups", 1) if fn == "conv_transpose2d" else ws[0]
    b = (det([cout], 1.3) * 0.5).to(dt).requires_grad_() if bias else None
    y = getattr(F, fn)(x, w, b, **kw)
    gout = det(list(y.shape), 2.2, dt)
    grads = torch.autograd.grad((y * gout).sum(), [t for t in (x, w, b) if t is not None])
    out = {
        "fn": fn,
        "dtype": dtype,
        "kwargs": kw,
        "x": enc(x),
        "w": enc(w),
        "b": enc(b) if bias else None,
        "y": enc(y),
        "grad_fn": type(y.grad_fn).__name__,
        "gout": enc(gout),
        "gx": enc(grads[0]),
        "gw": enc(grads[1]),
        "gb": enc(grads[2]) if bias else None,
    }
    return out


# (fn, x shape, w shape, bias shape, kwargs, x dtype, w dtype)
ERRORS = [
    ("conv2d", [1, 3, 5, 5], [2, 4, 3, 3], None, {}),
    ("conv2d", [3, 5, 5, 5, 5], [2, 4, 3, 3], None, {}),
    ("conv2d", [5], [2, 4, 3, 3], None, {}),
    ("conv2d", [1, 3, 2, 2], [2, 3, 3, 3], None, {}),
    ("conv2d", [1, 3, 4, 4], [2, 3, 3, 3], None, {"dilation": 2}),
    ("conv2d", [1, 3, 5, 5], [2, 3, 3, 3], None, {"stride": 2, "padding": "same"}),
    ("conv2d", [1, 3, 5, 5], [2, 3, 3, 3], None, {"padding": "foo"}),
    ("conv2d", [1, 4, 5, 5], [3, 2, 3, 3], None, {"groups": 2}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"groups": 2}),
    ("conv2d", [1, 4, 5, 5], [0, 4, 3, 3], None, {}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], [3], {}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"stride": 0}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"padding": [1, -1]}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"dilation": [1, 0]}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"groups": 0}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"stride": [1, 1, 1]}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"padding": [1, 1, 1]}),
    ("conv2d", [1, 4, 5, 5], [4, 4, 3], None, {}),
    ("conv1d", [1, 4, 5, 5], [4, 4, 3], None, {}),
    ("conv1d", [1, 4, 2], [4, 4, 3], None, {}),
    ("conv1d", [1, 4, 5], [4, 4, 3], None, {"stride": 2, "padding": "same"}),
    ("conv_transpose2d", [1, 4, 5, 5], [3, 4, 3, 3], None, {}),
    ("conv_transpose2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"stride": 2, "output_padding": 2}),
    ("conv_transpose2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"output_padding": -1}),
    ("conv_transpose2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {"padding": 5}),
    ("conv_transpose2d", [4, 5, 5, 5, 5], [4, 4, 3, 3], None, {}),
    ("conv_transpose2d", [1, 4, 5, 5], [4, 4, 3, 3], [4], {"groups": 2}),
]


def error(fn, xs, ws, bs, kw, xdt="float32", wdt="float32"):
    x = torch.zeros(xs, dtype=getattr(torch, xdt))
    w = torch.zeros(ws, dtype=getattr(torch, wdt))
    b = torch.zeros(bs) if bs is not None else None
    try:
        getattr(F, fn)(x, w, b, **kw)
    except Exception as e:  # noqa: BLE001 (recording whatever PyTorch raises)
        return {"fn": fn, "x": xs, "w": ws, "b": bs, "kwargs": kw, "x_dtype": xdt, "w_dtype": wdt,
                "type": type(e).__name__, "message": str(e)}
    raise AssertionError(f"no error for {fn} {xs} {ws} {kw}")


MODULES = [
    ("Conv2d", [1, 4, 3], {}),
    ("Conv2d", [4, 6, [3, 2]], {"groups": 2, "stride": 2}),
    ("Conv1d", [2, 3, 3], {}),
    ("Conv1d", [4, 2, 5], {"bias": False, "padding": "same"}),
    ("ConvTranspose2d", [2, 3, 3], {}),
    ("ConvTranspose2d", [4, 6, 2], {"groups": 2, "stride": 2}),
]

REPRS = [
    ("Conv2d", [1, 6, 5], {}),
    ("Conv2d", [16, 33, [3, 5]], {"stride": [2, 1], "padding": [4, 2], "dilation": [3, 1]}),
    ("Conv2d", [4, 4, 3], {"bias": False, "groups": 2, "padding": "same"}),
    ("Conv2d", [4, 4, 3], {"padding": "valid"}),
    ("Conv2d", [4, 8, 1], {"padding": 0, "dilation": 1, "stride": 1}),
    ("Conv1d", [4, 4, 3], {"stride": 2, "padding": 1}),
    ("Conv1d", [2, 4, 3], {"dilation": 2, "groups": 2, "bias": False}),
    ("ConvTranspose2d", [4, 4, 3], {"stride": 2, "output_padding": 1, "groups": 2, "dilation": 2, "bias": False}),
    ("ConvTranspose2d", [4, 4, 3], {}),
    ("ConvTranspose2d", [3, 5, [2, 4]], {"padding": [1, 0]}),
]

MODULE_ERRORS = [
    ("Conv2d", [4, 4, 3], {"groups": 3}),
    ("Conv2d", [4, 6, 3], {"groups": 4}),
    ("Conv2d", [4, 4, 3], {"padding": "same", "stride": 2}),
    ("Conv2d", [4, 4, 3], {"padding": "foo"}),
    ("Conv1d", [4, 4, 3], {"groups": 0}),
]


def ctor(kind, args, kw):
    a = [tuple(v) if isinstance(v, list) else v for v in args]
    k = {n: tuple(v) if isinstance(v, list) else v for n, v in kw.items()}
    return getattr(nn, kind)(*a, **k)


def main():
    data = {"cases": [case(*c) for c in CASES], "errors": [error(*e) for e in ERRORS]}
    data["errors"].append(error("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {}, "float32", "float64"))
    data["errors"].append(error("conv2d", [1, 4, 5, 5], [4, 4, 3, 3], None, {}, "float64", "float32"))
    mods = []
    for kind, args, kw in MODULES:
        torch.manual_seed(0)
        m = ctor(kind, args, kw)
        mods.append({"kind": kind, "args": args, "kwargs": kw, "repr": repr(m),
                     "params": {n: enc(p) for n, p in m.named_parameters()}})
    data["modules"] = mods
    data["reprs"] = [{"kind": k, "args": a, "kwargs": kw, "repr": repr(ctor(k, a, kw))} for k, a, kw in REPRS]
    errs = []
    for kind, args, kw in MODULE_ERRORS:
        try:
            ctor(kind, args, kw)
        except Exception as e:  # noqa: BLE001
            errs.append({"kind": kind, "args": args, "kwargs": kw, "type": type(e).__name__, "message": str(e)})
        else:
            raise AssertionError(kind)
    data["module_errors"] = errs
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
