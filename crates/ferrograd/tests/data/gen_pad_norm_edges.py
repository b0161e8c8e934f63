"""Records PyTorch's edge cases of padding, pooling, resampling and normalization for
tests/pad_norm_edges.rs and crates/ferrograd-py/tests/test_pad_norm_edges.py.

    python crates/ferrograd/tests/data/gen_pad_norm_edges.py > crates/ferrograd/tests/data/pad_norm_edges.json

- ``pad``: every mode with negative (cropping) and mixed paddings in 1, 2 and 3 dimensions,
  the output and the gradient of ``(out * gout).sum()`` (or the error); int64 values above
  2^53 and boolean tensors in every mode; the constant's conversion to each dtype.
- ``signed_zero``: ``-0.0`` through padding, max pooling, nearest and bilinear resampling and
  average pooling: the output, the first gradient for an all ``-0.0`` output gradient and the
  second (the gradient of that gradient with respect to the output gradient).
- ``norm``: batch, layer and group norm on inputs with a large mean (1e6 + noise), with
  ``eps=0`` on constant input, and on empty inputs: outputs, gradients, running statistics,
  grad_fn names.
- ``messages``: mixed dtypes in convolution, linear and the norms, and the norms' argument
  checks.

Floats are written as numbers, non-finite ones as the strings "nan", "inf", "-inf".
"""

import json
import math

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(12)
DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}


def num(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def enc(t):
    t = t.detach()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "data": [num(v) for v in t.flatten().tolist()]}


def err(e):
    return {"error": [type(e).__name__, str(e).split("\n")[0]]}


def run(f):
    try:
        return f()
    except Exception as e:  # noqa: BLE001
        return err(e)


# ---------------------------------------------------------------- pad

PAD_1D = [[-1, 2], [2, -1], [-2, -1], [-4, 4], [-4, 5], [-6, 2], [5, -1], [3, -2], [-2, 3],
          [-3, -2], [-5, 0], [-1, 5], [5, -5], [1, -5], [-3, 3], [-7, 4], [-8, 4], [4, -7], [0, 0]]
PAD_ND = [((1, 3, 4), [1, -1, -2, 1]), ((2, 3, 4), [-1, 2, 1, -2]), ((1, 1, 3, 4, 3), [1, -1, -2, 1, 2, -1]),
          ((1, 2, 3, 4, 3), [-1, 1, 2, -2, -1, 1]), ((2, 3, 5), [-1, -1]), ((1, 3, 4), [-4, 0, 0, 0]),
          ((1, 3, 4), [0, 0, -3, 0]), ((1, 3, 4), [-5, 0, -4, 0]), ((1, 3, 4), [1, 0, -4, 0]),
          ((1, 3, 4), [-4, 1, -3, 0]), ((1, 2, 3, 4), [0, 0, 0, 0, -2, 0]), ((1, 2, 3, 4), [-5, 0, -4, 0, -3, 0]),
          ((1, 2, 5), [1, 1, -3, -2]), ((1, 2, 5), [-3, -2, 0, 0]), ((1, 2, 5), [-6, 1, 0, 0]),
          ((1, 2, 5), [1, 0, -2, 0]), ((1, 2, 5), [-5, 0, 1, 0]), ((0, 2, 5), [-1, -1]), ((1, 0, 4), [1, 1]),
          ((1, 3, 0), [1, 1]), ((3, 0), [0, 0]), ((0, 3, 4), [1, 1]), ((0, 4), [1, 1]), ((2, 0, 3, 4), [1, 1, 1, 1]),
          ((1, 3, 4), [4, 0]), ((1, 3, 4), [4, 0, 3, 0]), ((2, 3), [-1, 1])]


def pad_case(shape, pad, mode, value=None):
    n = math.prod(shape)
    x = torch.arange(1, n + 1, dtype=torch.float64).reshape(shape).requires_grad_()
    rec = {"shape": list(shape), "pad": pad, "mode": mode}
    if value is not None:
        rec["value"] = value

    def f():
        y = F.pad(x, pad, mode=mode, value=value) if mode == "constant" else F.pad(x, pad, mode=mode)
        g = torch.arange(y.numel(), dtype=torch.float64).reshape(y.shape)
        (gx,) = torch.autograd.grad(y, x, g, allow_unused=True)
        return {"out": enc(y), "gx": enc(gx if gx is not None else torch.zeros_like(x)), "grad_fn": y.grad_fn.name()}

    rec.update(run(f))
    return rec


def pad_cases():
    out = []
    for mode in ("constant", "reflect", "replicate", "circular"):
        for p in PAD_1D:
            out.append(pad_case((1, 1, 5), p, mode, 2.5 if mode == "constant" else None))
        for shape, p in PAD_ND:
            out.append(pad_case(shape, p, mode))
    return out


BIG = [2**62 + 1, -(2**62) - 3, 5, 2**53 + 1, -(2**63), 2**63 - 1]


def exact_cases():
    """int64 (values above 2^53) and bool tensors in every mode; the constant's conversion."""
    out = []
    xi = torch.tensor(BIG, dtype=torch.int64).reshape(1, 2, 3)
    xb = torch.tensor([True, False, True, True, False, False]).reshape(1, 2, 3)
    for x in (xi, xb):
        for mode in ("constant", "reflect", "replicate", "circular"):
            for p in ([2, 1], [-1, 2], [1, 1, 1, -1], [-1, 1, 1, 0]):
                out.append({"x": enc(x), "pad": p, "mode": mode,
                            **run(lambda: {"out": enc(F.pad(x, p, mode=mode))})})
    values = [2**62 + 7, 2.0**63 - 1024, 2.0**63, -(2.0**63), -(2.0**63) - 4096, -1.5, 1.9999, -0.0,
              "nan", "inf", "-inf", 0.1, 3.4028234663852886e38, 3.4028235e38, -3.5e38, 1e-50, 1e300]
    for dt in ("int64", "bool", "float32", "float64"):
        x = torch.tensor(BIG[:3], dtype=torch.int64).reshape(1, 3).to(DT[dt])
        for v in values:
            fv = float(v)
            out.append({"x": enc(x), "pad": [1, 0], "mode": "constant", "value": v,
                        **run(lambda: {"out": enc(F.pad(x, [1, 0], value=fv))})})
        # nothing padded: PyTorch converts no value
        out.append({"x": enc(x), "pad": [-1, 0], "mode": "constant", "value": "nan",
                    **run(lambda: {"out": enc(F.pad(x, [-1, 0], value=float("nan")))})})
    return out


# ---------------------------------------------------------------- signed zeros

ZX = [-0.0, 0.0, -0.0, -1.0, -0.0, -0.0]
SIGNED = {
    "pad_constant": (lambda x: F.pad(x.view(1, 1, 6), [2, 1], value=-0.0)),
    "pad_constant_pos": (lambda x: F.pad(x.view(1, 1, 6), [2, 1], value=0.0)),
    "pad_constant_crop": (lambda x: F.pad(x.view(1, 1, 6), [-1, 1])),
    "pad_reflect": (lambda x: F.pad(x.view(1, 1, 6), [2, 1], mode="reflect")),
    "pad_replicate": (lambda x: F.pad(x.view(1, 2, 3), [1, 2, 1, 0], mode="replicate")),
    "pad_circular": (lambda x: F.pad(x.view(1, 1, 6), [2, -1], mode="circular")),
    "max_pool1d": (lambda x: F.max_pool1d(x.view(1, 1, 6), 2, 1)),
    "max_pool2d": (lambda x: F.max_pool2d(x.view(1, 1, 2, 3), [1, 3], 1, [0, 1])),
    "max_pool2d_zeros": (lambda x: F.max_pool2d((x * 0).view(1, 1, 2, 3), 2, 1, 1)),
    "adaptive_max_pool2d": (lambda x: F.adaptive_max_pool2d(x.view(1, 1, 2, 3), [2, 2])),
    "nearest1d": (lambda x: F.interpolate(x.view(1, 1, 6), scale_factor=2.0, mode="nearest")),
    "nearest2d": (lambda x: F.interpolate(x.view(1, 1, 2, 3), size=[3, 7], mode="nearest")),
    "bilinear": (lambda x: F.interpolate(x.view(1, 1, 2, 3), size=[3, 5], mode="bilinear", align_corners=False)),
    "bilinear_same": (lambda x: F.interpolate(x.view(1, 1, 2, 3), size=[2, 3], mode="bilinear", align_corners=True)),
    "avg_pool2d": (lambda x: F.avg_pool2d(x.view(1, 1, 2, 3), 1)),
    "adaptive_avg_pool2d": (lambda x: F.adaptive_avg_pool2d(x.view(1, 1, 2, 3), [2, 2])),
}


def signed_zero_cases():
    out = {}
    for name, f in SIGNED.items():
        x = torch.tensor(ZX, dtype=torch.float64, requires_grad=True)
        y = f(x)
        g = (-torch.zeros_like(y)).requires_grad_()
        (gx,) = torch.autograd.grad(y, x, g, create_graph=True)
        (gg,) = torch.autograd.grad(gx, g, -torch.zeros_like(gx))
        out[name] = {"out": enc(y), "gx": enc(gx), "gg": enc(gg)}
    return out


# ---------------------------------------------------------------- norms


def randn(*shape, dtype=torch.float64):
    return torch.tensor(rng.standard_normal(shape), dtype=dtype)


def norm_call(op, x, w, b, rm, rv, kw):
    if op == "batch_norm":
        return F.batch_norm(x, rm, rv, w, b, training=kw["training"], momentum=0.1, eps=kw["eps"])
    if op == "layer_norm":
        return F.layer_norm(x, kw["normalized_shape"], w, b, kw["eps"])
    return F.group_norm(x, kw["num_groups"], w, b, kw["eps"])


def norm_case(op, kw, x, affine=True, running=True, pshape=None):
    dtype = x.dtype
    x = x.clone().requires_grad_()
    if pshape is None:
        pshape = [x.shape[1]] if op != "layer_norm" else list(kw["normalized_shape"])
    w = (randn(*pshape, dtype=dtype) + 1.5).requires_grad_() if affine else None
    b = randn(*pshape, dtype=dtype).requires_grad_() if affine else None
    rm = randn(*pshape, dtype=dtype) if op == "batch_norm" and running else None
    rv = randn(*pshape, dtype=dtype).abs() + 0.5 if op == "batch_norm" and running else None
    rec = {"op": op, "kwargs": kw, "x": enc(x)}
    for k, t in (("w", w), ("b", b), ("rm", rm), ("rv", rv)):
        if t is not None:
            rec[k] = enc(t)

    def f():
        y = norm_call(op, x, w, b, rm, rv, kw)
        gout = randn(*y.shape, dtype=dtype)
        res = {"gout": enc(gout), "out": enc(y), "grad_fn": y.grad_fn.name()}
        (y * gout).sum().backward()
        res["gx"] = enc(x.grad)
        for k, t in (("gw", w), ("gb", b)):
            if t is not None:
                res[k] = enc(t.grad)
        if rm is not None:
            res["rm_after"], res["rv_after"] = enc(rm), enc(rv)
        if dtype == torch.float32 and op != "batch_norm" and x.numel() and x.abs().max() > 1e5:
            # PyTorch's float32 layer and group norm statistics are off by ~0.3 here: the same
            # float32 values normalized in float64 are the reference
            c = [None if t is None else t.detach().double().requires_grad_() for t in (x, w, b)]
            y64 = norm_call(op, c[0], c[1], c[2], None, None, kw)
            (y64 * gout.double()).sum().backward()
            res["ref64"] = {"out": enc(y64), "gx": enc(c[0].grad), "gw": enc(c[1].grad), "gb": enc(c[2].grad)}
        return res

    rec.update(run(f))
    return rec


def norm_cases():
    out = []
    for dt in (torch.float32, torch.float64):
        big = 1e6 + randn(4, 3, 5, dtype=dt)
        for training in (True, False):
            out.append(norm_case("batch_norm", {"training": training, "eps": 1e-5}, big))
        out.append(norm_case("batch_norm", {"training": True, "eps": 1e-5}, big, affine=False))
        out.append(norm_case("layer_norm", {"normalized_shape": [3, 5], "eps": 1e-5}, big))
        out.append(norm_case("group_norm", {"num_groups": 3, "eps": 1e-5}, big))
        const = torch.full((3, 2, 4), 2.5, dtype=dt)
        for training in (True, False):
            out.append(norm_case("batch_norm", {"training": training, "eps": 0.0}, const))
        out.append(norm_case("layer_norm", {"normalized_shape": [4], "eps": 0.0}, const))
        out.append(norm_case("group_norm", {"num_groups": 1, "eps": 0.0}, const))
        for shape in ((0, 3, 4), (0, 3), (2, 3, 0)):
            for training in (True, False):
                for affine in (True, False):
                    out.append(norm_case("batch_norm", {"training": training, "eps": 1e-5},
                                         torch.zeros(shape, dtype=dt), affine=affine))
            out.append(norm_case("batch_norm", {"training": True, "eps": 1e-5}, torch.zeros(shape, dtype=dt),
                                 running=False))
        out.append(norm_case("batch_norm", {"training": False, "eps": 1e-5}, torch.zeros(0, 3, dtype=dt),
                             running=False))
        out.append(norm_case("batch_norm", {"training": True, "eps": 1e-5}, torch.zeros(0, 3, dtype=dt),
                             pshape=[2]))
        out.append(norm_case("batch_norm", {"training": True, "eps": 1e-5}, torch.zeros(0, 3, dtype=dt),
                             pshape=[0]))
        out.append(norm_case("layer_norm", {"normalized_shape": [5], "eps": 1e-5}, torch.zeros(0, 5, dtype=dt)))
        out.append(norm_case("layer_norm", {"normalized_shape": [0], "eps": 1e-5}, torch.zeros(2, 0, dtype=dt)))
        out.append(norm_case("group_norm", {"num_groups": 2, "eps": 1e-5}, torch.zeros(0, 4, 3, dtype=dt)))
        out.append(norm_case("group_norm", {"num_groups": 2, "eps": 1e-5}, torch.zeros(2, 4, 0, dtype=dt)))
        out.append(norm_case("group_norm", {"num_groups": 1, "eps": 1e-5}, torch.zeros(2, 0, 3, dtype=dt),
                             affine=False))
        for shape in ((1, 2), (1, 3), (1, 2, 1), (1, 4)):
            out.append(norm_case("group_norm", {"num_groups": 2, "eps": 1e-5}, randn(*shape, dtype=dt),
                                 affine=False))
    return out


# ---------------------------------------------------------------- messages

D, S, L = torch.float64, torch.float32, torch.int64


def ones(shape, dt):
    return None if dt is None else torch.ones(shape, dtype=dt)


def mixed_cases():
    out = []

    def add(op, dts, f):
        out.append({"op": op, "dtypes": [None if d is None else str(d).replace("torch.", "") for d in dts],
                    **run(lambda: {"out_dtype": str(f().dtype).replace("torch.", "")})})

    combos = [(xd, wd, bd) for xd, wd in ((D, S), (S, D), (D, D), (L, S), (S, L)) for bd in (None, xd, wd)]
    combos += [(D, D, S), (S, S, D), (D, D, L)]
    for xd, wd, bd in combos:
        add("conv1d", (xd, wd, bd), lambda: F.conv1d(ones((1, 2, 4), xd), ones((3, 2, 2), wd), ones(3, bd)))
        add("conv2d", (xd, wd, bd), lambda: F.conv2d(ones((1, 2, 4, 4), xd), ones((3, 2, 2, 2), wd), ones(3, bd)))
        add("conv_transpose2d", (xd, wd, bd),
            lambda: F.conv_transpose2d(ones((1, 2, 4, 4), xd), ones((2, 3, 2, 2), wd), ones(3, bd)))
        for shape in ((3,), (2, 3), (2, 2, 3)):
            add(f"linear{len(shape)}d", (xd, wd, bd), lambda: F.linear(ones(shape, xd), ones((4, 3), wd), ones(4, bd)))
    for xd, pd in ((D, S), (S, D)):
        for training in (True, False):
            for which in ("w", "b", "rm", "rv", "wb", "all", "w_only"):
                def f():
                    ps = {k: (pd if (k in which and which != "w_only") or which == "all" else xd)
                          for k in ("w", "b", "rm", "rv")}
                    if which == "w_only":
                        return F.batch_norm(torch.randn(4, 3, 2, dtype=xd), None if training else torch.zeros(3, dtype=xd),
                                            None if training else torch.ones(3, dtype=xd), torch.ones(3, dtype=pd), None,
                                            training=training)
                    return F.batch_norm(torch.randn(4, 3, 2, dtype=xd), torch.zeros(3, dtype=ps["rm"]),
                                        torch.ones(3, dtype=ps["rv"]), torch.ones(3, dtype=ps["w"]),
                                        torch.zeros(3, dtype=ps["b"]), training=training)
                add(f"batch_norm_{'train' if training else 'eval'}_{which}", (xd, pd), f)
        for which in ("w", "b", "wb", "w_only", "b_only"):
            wd = pd if which in ("w", "wb", "w_only") else xd
            bd = pd if which in ("b", "wb", "b_only") else xd
            w, b = (None if which == "b_only" else wd), (None if which == "w_only" else bd)
            add(f"layer_norm_{which}", (xd, pd),
                lambda: F.layer_norm(torch.randn(2, 3, dtype=xd), [3], ones(3, w), ones(3, b)))
            add(f"group_norm_{which}", (xd, pd),
                lambda: F.group_norm(torch.randn(2, 4, 3, dtype=xd), 2, ones(4, w), ones(4, b)))
    return out


def message_cases():
    def m(f):
        r = run(lambda: (f(), {})[1])
        assert "error" in r, "no error"
        return r["error"]

    x = torch.ones(4, 3, dtype=D)
    return {
        "bn_eval_no_mean": m(lambda: F.batch_norm(x, None, torch.ones(3, dtype=D), training=False)),
        "bn_eval_no_var": m(lambda: F.batch_norm(x, torch.zeros(3, dtype=D), None, training=False)),
        "bn_eval_none": m(lambda: F.batch_norm(x, None, None, training=False)),
        "bn_eval_none_mixed": m(lambda: F.batch_norm(x, None, None, torch.ones(3), training=False)),
        "bn_size_mixed": m(lambda: F.batch_norm(x, torch.zeros(2), torch.ones(3), training=False)),
        "ln_shape_mixed": m(lambda: F.layer_norm(x, [3], torch.ones(2))),
        "gn_groups_mixed": m(lambda: F.group_norm(x, 2, torch.ones(3))),
        "linear_shape_mixed": m(lambda: F.linear(x, torch.ones(4, 5))),
        "linear_shape_mixed_bias": m(lambda: F.linear(x, torch.ones(4, 5), torch.ones(4))),
        "linear_bias_shape_mixed": m(lambda: F.linear(x, torch.ones(4, 3), torch.ones(5))),
    }


out = {
    "pad": pad_cases(),
    "pad_exact": exact_cases(),
    "signed_zero": signed_zero_cases(),
    "norm": norm_cases(),
    "mixed": mixed_cases(),
    "messages": message_cases(),
}
print(json.dumps(out))
