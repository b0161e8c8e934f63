"""Records PyTorch's pooling, normalization, padding, interpolation and channel-dropout
results for tests/poolnorm.rs and crates/ferrograd-py/tests/test_poolnorm.py.

    python crates/ferrograd/tests/data/gen_poolnorm.py > crates/ferrograd/tests/data/poolnorm.json

Each case: the op (a ``torch.nn.functional`` name) with its keyword arguments, a float64 input
(and weight, bias, running statistics for the norms), an output gradient ``gout``; recorded
are the output, its grad_fn name, the gradients of ``(out * gout).sum()`` and the running
statistics after the call. Then: running statistics of ``nn.BatchNorm2d`` after several
training steps, ``F.dropout2d`` after ``manual_seed``, the messages of bad arguments, and
integer max pooling with the nodes of max pooling's second and third derivatives.
"""

import json

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(0)
rng = np.random.default_rng(0)


def enc(t):
    t = t.detach()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": t.flatten().tolist()}


def randn(*shape, dtype=torch.float64):
    return torch.tensor(rng.standard_normal(shape), dtype=dtype)


CASES = [
    ("max_pool2d", dict(kernel_size=[2, 2]), (2, 3, 6, 6)),
    ("max_pool2d", dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], dilation=[2, 2], ceil_mode=True), (2, 3, 9, 8)),
    ("max_pool2d", dict(kernel_size=[2, 3], stride=[1, 2], padding=[1, 1], ceil_mode=False), (3, 7, 6)),
    ("max_pool2d", dict(kernel_size=[3, 2], stride=[2, 3], ceil_mode=True), (1, 2, 7, 8)),
    ("max_pool1d", dict(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True), (2, 3, 9)),
    ("max_pool1d", dict(kernel_size=2, stride=1, dilation=2), (3, 7)),
    ("avg_pool2d", dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], ceil_mode=True, count_include_pad=False), (2, 3, 9, 8)),
    ("avg_pool2d", dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], ceil_mode=True, count_include_pad=True), (2, 3, 9, 8)),
    ("avg_pool2d", dict(kernel_size=[2, 3], stride=[1, 1], padding=[1, 0], divisor_override=5), (2, 3, 5, 7)),
    ("avg_pool2d", dict(kernel_size=[2, 2]), (3, 5, 5)),
    ("adaptive_avg_pool2d", dict(output_size=[4, 3]), (2, 3, 9, 7)),
    ("adaptive_avg_pool2d", dict(output_size=[5, 5]), (1, 2, 3, 4)),
    ("adaptive_avg_pool2d", dict(output_size=[1, 1]), (2, 3, 5, 5)),
    ("pad", dict(pad=[1, 2, 2, 1], mode="constant", value=0.0), (2, 3, 4, 5)),
    ("pad", dict(pad=[1, -2, 0, 3], mode="constant", value=2.5), (2, 3, 4, 5)),
    ("pad", dict(pad=[1, 1, 1, 1, 1, 1], mode="constant", value=-1.0), (2, 3, 4)),
    ("pad", dict(pad=[1, 2, 2, 1], mode="reflect"), (2, 3, 4, 5)),
    ("pad", dict(pad=[2, 1], mode="reflect"), (2, 3, 4)),
    ("pad", dict(pad=[1, 2, 2, 1], mode="replicate"), (2, 3, 4, 5)),
    ("pad", dict(pad=[3, 1], mode="replicate"), (3, 4)),
    ("pad", dict(pad=[1, 1, 0, 2, 2, 1], mode="replicate"), (1, 2, 3, 4, 3)),
    ("pad", dict(pad=[1, 2, 2, 1], mode="circular"), (2, 3, 4, 5)),
    ("interpolate", dict(scale_factor=[2.0], mode="nearest"), (2, 3, 4, 5)),
    ("interpolate", dict(size=[7, 3], mode="nearest"), (2, 3, 4, 5)),
    ("interpolate", dict(scale_factor=[1.7], mode="nearest"), (2, 3, 4, 5)),
    ("interpolate", dict(size=[7], mode="nearest"), (2, 3, 5)),
    ("interpolate", dict(size=[7, 3], mode="bilinear", align_corners=True), (2, 3, 4, 5)),
    ("interpolate", dict(size=[7, 3], mode="bilinear", align_corners=False), (2, 3, 4, 5)),
    ("interpolate", dict(scale_factor=[1.5], mode="bilinear", align_corners=False), (1, 2, 4, 5)),
    ("interpolate", dict(size=[1, 4], mode="bilinear", align_corners=True), (1, 2, 3, 5)),
    ("batch_norm", dict(training=True, momentum=0.1, eps=1e-5, affine=True), (4, 3, 5, 6)),
    ("batch_norm", dict(training=True, momentum=0.3, eps=1e-3, affine=False), (4, 3, 5)),
    ("batch_norm", dict(training=True, momentum=0.1, eps=1e-5, affine=True), (5, 3)),
    ("batch_norm", dict(training=False, momentum=0.1, eps=1e-5, affine=True), (4, 3, 5, 6)),
    ("batch_norm", dict(training=False, momentum=0.1, eps=1e-5, affine=False), (2, 3)),
    ("layer_norm", dict(normalized_shape=[5, 6], eps=1e-5, affine=True), (4, 3, 5, 6)),
    ("layer_norm", dict(normalized_shape=[7], eps=1e-3, affine=False), (3, 7)),
    ("layer_norm", dict(normalized_shape=[2, 3], eps=1e-5, affine=True), (2, 3)),
    ("group_norm", dict(num_groups=3, eps=1e-5, affine=True), (2, 6, 5, 4)),
    ("group_norm", dict(num_groups=1, eps=1e-5, affine=False), (3, 4, 5)),
    ("group_norm", dict(num_groups=4, eps=1e-2, affine=True), (2, 4)),
]


def call(op, kw, x, extra):
    kw = dict(kw)
    if op == "batch_norm":
        affine = kw.pop("affine")
        return F.batch_norm(x, extra["rm"], extra["rv"], extra.get("w") if affine else None,
                            extra.get("b") if affine else None, **kw)
    if op == "layer_norm":
        affine = kw.pop("affine")
        return F.layer_norm(x, kw["normalized_shape"], extra.get("w") if affine else None,
                            extra.get("b") if affine else None, kw["eps"])
    if op == "group_norm":
        affine = kw.pop("affine")
        return F.group_norm(x, kw["num_groups"], extra.get("w") if affine else None,
                            extra.get("b") if affine else None, kw["eps"])
    if op == "max_pool2d":
        y, i = F.max_pool2d(x, return_indices=True, **kw)
        extra["indices"] = i
        return y
    if op == "max_pool1d":
        y, i = F.max_pool1d(x, return_indices=True, **kw)
        extra["indices"] = i
        return y
    if op == "interpolate" and "scale_factor" in kw:
        kw["scale_factor"] = kw["scale_factor"][0]
    return getattr(F, op)(x, **kw)


def case(op, kw, shape, dtype=torch.float64):
    x = randn(*shape, dtype=dtype).requires_grad_()
    extra, rec = {}, {"op": op, "kwargs": kw, "x": enc(x)}
    if op in ("batch_norm", "layer_norm", "group_norm"):
        pshape = {"batch_norm": [shape[1]], "group_norm": [shape[1]]}.get(op, kw.get("normalized_shape"))
        if kw.get("affine"):
            extra["w"] = randn(*pshape, dtype=dtype).requires_grad_()
            extra["b"] = randn(*pshape, dtype=dtype).requires_grad_()
            rec["w"], rec["b"] = enc(extra["w"]), enc(extra["b"])
        if op == "batch_norm":
            extra["rm"] = randn(shape[1], dtype=dtype)
            extra["rv"] = randn(shape[1], dtype=dtype).abs() + 0.5
            rec["rm"], rec["rv"] = enc(extra["rm"]), enc(extra["rv"])
    y = call(op, kw, x, extra)
    gout = randn(*y.shape, dtype=dtype)
    rec["gout"] = enc(gout)
    rec["out"] = enc(y)
    rec["grad_fn"] = y.grad_fn.name()
    (y * gout).sum().backward()
    rec["gx"] = enc(x.grad)
    for k in ("w", "b"):
        if k in extra:
            rec["g" + k] = enc(extra[k].grad)
    if "rm" in extra:
        rec["rm_after"], rec["rv_after"] = enc(extra["rm"]), enc(extra["rv"])
    if "indices" in extra:
        rec["indices"] = enc(extra["indices"])
    return rec


def running_stats():
    """nn.BatchNorm2d(4) trained on three batches, with momentum 0.1 and None."""
    out = []
    for momentum in (0.1, None):
        m = torch.nn.BatchNorm2d(4, momentum=momentum)
        xs = [randn(5, 4, 3, 3, dtype=torch.float32) * (i + 1) + i for i in range(3)]
        for x in xs:
            m(x)
        m.eval()
        y = m(xs[0])
        out.append({
            "momentum": momentum, "xs": [enc(x) for x in xs],
            "running_mean": enc(m.running_mean), "running_var": enc(m.running_var),
            "num_batches_tracked": int(m.num_batches_tracked), "eval_out": enc(y),
        })
    return out


def dropout2d():
    out = []
    for seed, p, shape in [(0, 0.5, (2, 4, 2, 3)), (3, 0.3, (3, 5, 2)), (7, 0.8, (1, 6, 1, 1))]:
        torch.manual_seed(seed)
        x = torch.ones(shape, requires_grad=True)
        y = F.dropout2d(x, p)
        out.append({"seed": seed, "p": p, "shape": list(shape), "out": enc(y), "grad_fn": y.grad_fn.name()})
    return out


def message(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, str(e).split("\n")[0]]
    raise AssertionError("no error")


x4 = torch.randn(1, 2, 5, 5)
MESSAGES = {
    "max_pool2d_pad": message(lambda: F.max_pool2d(x4, 2, padding=2)),
    "max_pool2d_small": message(lambda: F.max_pool2d(x4, 7)),
    "max_pool2d_dim": message(lambda: F.max_pool2d(x4[0, 0], 2)),
    "max_pool2d_stride0": message(lambda: F.max_pool2d(x4, 2, stride=(0, 0))),
    "max_pool2d_dilation0": message(lambda: F.max_pool2d(x4, 2, dilation=0)),
    "avg_pool2d_pad": message(lambda: F.avg_pool2d(x4, 2, padding=2)),
    "avg_pool2d_small": message(lambda: F.avg_pool2d(x4, 7)),
    "avg_pool2d_divisor0": message(lambda: F.avg_pool2d(x4, 2, divisor_override=0)),
    "adaptive_avg_pool2d_dim": message(lambda: F.adaptive_avg_pool2d(x4[0, 0], 2)),
    "max_pool1d_small": message(lambda: F.max_pool1d(x4[0], 7)),
    "max_pool1d_dim": message(lambda: F.max_pool1d(x4, 2)),
    "pad_odd": message(lambda: F.pad(x4, (1, 2, 3))),
    "pad_reflect_size": message(lambda: F.pad(x4[0, 0, 0], (1, 1), mode="reflect")),
    "pad_reflect_too_big": message(lambda: F.pad(x4, (5, 5), mode="reflect")),
    "pad_mode": message(lambda: F.pad(x4, (1, 1), mode="foo")),
    "batch_norm_running": message(lambda: F.batch_norm(x4, torch.zeros(3), torch.ones(3), training=True)),
    "batch_norm_one_value": message(lambda: F.batch_norm(x4[:1, :, :1, :1], None, None, training=True)),
    "layer_norm_shape": message(lambda: F.layer_norm(x4, (4,))),
    "group_norm_groups": message(lambda: F.group_norm(x4, 3)),
    "interpolate_bilinear_3d": message(lambda: F.interpolate(x4[0], scale_factor=2, mode="bilinear")),
    "interpolate_none": message(lambda: F.interpolate(x4, mode="nearest")),
    "interpolate_both": message(lambda: F.interpolate(x4, size=3, scale_factor=2, mode="nearest")),
    "interpolate_align": message(lambda: F.interpolate(x4, size=3, mode="nearest", align_corners=True)),
    "dropout2d_p": message(lambda: F.dropout2d(x4, 1.5)),
    "batchnorm2d_dim": message(lambda: torch.nn.BatchNorm2d(2)(x4[0])),
    "batchnorm1d_dim": message(lambda: torch.nn.BatchNorm1d(2)(x4)),
    "groupnorm_module": message(lambda: torch.nn.GroupNorm(3, 4)),
}

REPRS = {
    "BatchNorm2d(6)": repr(torch.nn.BatchNorm2d(6)),
    "BatchNorm1d(3, affine=False, momentum=None)": repr(torch.nn.BatchNorm1d(3, affine=False, momentum=None)),
    "BatchNorm2d(3, bias=False, track_running_stats=False)": repr(torch.nn.BatchNorm2d(3, bias=False, track_running_stats=False)),
    "LayerNorm((3, 4))": repr(torch.nn.LayerNorm((3, 4))),
    "LayerNorm(5, elementwise_affine=False, bias=False)": repr(torch.nn.LayerNorm(5, elementwise_affine=False, bias=False)),
    "GroupNorm(2, 4)": repr(torch.nn.GroupNorm(2, 4)),
    "MaxPool2d(2)": repr(torch.nn.MaxPool2d(2)),
    "MaxPool2d((2, 3), stride=1, padding=1, dilation=2, ceil_mode=True)": repr(torch.nn.MaxPool2d((2, 3), stride=1, padding=1, dilation=2, ceil_mode=True)),
    "AvgPool2d(3)": repr(torch.nn.AvgPool2d(3)),
    "AdaptiveAvgPool2d((5, 7))": repr(torch.nn.AdaptiveAvgPool2d((5, 7))),
    "AdaptiveAvgPool2d(5)": repr(torch.nn.AdaptiveAvgPool2d(5)),
    "Dropout2d()": repr(torch.nn.Dropout2d()),
    "Dropout2d(0.3)": repr(torch.nn.Dropout2d(0.3)),
}

STATE_DICT_KEYS = list(torch.nn.Sequential(torch.nn.BatchNorm2d(2), torch.nn.LayerNorm(3), torch.nn.GroupNorm(1, 2)).state_dict())



def max_pool_more():
    """Integer max pooling (values and indices) and the second and third derivatives' nodes."""
    xi = torch.tensor(rng.integers(-4, 5, (2, 3, 5, 6)), dtype=torch.int64)
    ints = []
    for kw in [dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], ceil_mode=True), dict(kernel_size=[2, 2], dilation=[2, 2])]:
        y, i = F.max_pool2d(xi, return_indices=True, **kw)
        ints.append({"kwargs": kw, "x": enc(xi), "out": enc(y), "indices": enc(i)})
    x = randn(2, 2, 5, 4).requires_grad_()
    u = randn(2, 2, 4, 3).requires_grad_()
    v = randn(2, 2, 5, 4).requires_grad_()
    y = F.max_pool2d(x, 2, stride=1)
    (g,) = torch.autograd.grad(y, x, u, create_graph=True)
    (gu, gx) = torch.autograd.grad(g, (u, x), v, create_graph=True)
    return {
        "ints": ints,
        "x": enc(x), "u": enc(u), "v": enc(v),
        "g": enc(g), "g_grad_fn": g.grad_fn.name(),
        "gu": enc(gu), "gu_grad_fns": [gu.grad_fn.name(), gu.grad_fn.next_functions[0][0].name()],
        "gx": enc(gx),
        "messages": {
            "max_pool2d_bool": message(lambda: F.max_pool2d(xi.bool(), 2)),
            "max_pool1d_long": message(lambda: F.max_pool1d(xi[0], 2)),
        },
    }


out = {
    "cases": [case(*c) for c in CASES] + [case("batch_norm", dict(training=True, momentum=0.1, eps=1e-5, affine=True), (4, 3, 5, 6), torch.float32)],
    "running_stats": running_stats(),
    "dropout2d": dropout2d(),
    "messages": MESSAGES,
    "reprs": REPRS,
    "state_dict_keys": STATE_DICT_KEYS,
}
out["max_pool_more"] = max_pool_more()
print(json.dumps(out))
