"""Edge cases of padding, pooling, resampling and normalization from Python against PyTorch's
recorded results (``crates/ferrograd/tests/data/gen_pad_norm_edges.py`` →
``pad_norm_edges.json``): exception types and messages, exact int64 padding, the sign of
``-0.0``, empty batches, mixed dtypes."""

import builtins
import json
import math
import os

import pytest

import ferrograd as torch
import ferrograd.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "pad_norm_edges.json")))
DTYPES = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64, "bool": torch.bool}


def num(v):
    return float(v) if isinstance(v, str) else v


def dec(v):
    return torch.tensor([num(x) for x in v["data"]], dtype=DTYPES[v["dtype"]]).reshape(v["shape"])


def same(got, want, what):
    """Equal shape, dtype and elements; floats with the sign of zero, NaN matching NaN."""
    assert list(got.shape) == want["shape"], what
    assert got.dtype == DTYPES[want["dtype"]], what
    for i, (a, b) in enumerate(zip(got.reshape(-1).tolist(), [num(x) for x in want["data"]])):
        if isinstance(b, float) and math.isnan(b):
            assert math.isnan(a), f"{what}[{i}]"
        else:
            assert a == b and math.copysign(1, a) == math.copysign(1, b), f"{what}[{i}]: {a!r} vs {b!r}"


def raises(case, f, what):
    kind, msg = case["error"]
    with pytest.raises(getattr(builtins, kind)) as e:
        f()
    assert str(e.value) == msg, what


def circular_unwritten(shape, pad):
    """Circular padding whose PyTorch result is memory it never wrote (an error here)."""
    k = len(pad) // 2
    sides = [(shape[len(shape) - k + i], pad[2 * (k - 1 - i)], pad[2 * (k - 1 - i) + 1]) for i in range(k)]
    if any(l > n or r > n or n + l + r < 0 for n, l, r in sides):
        return False
    if math.prod(shape[: len(shape) - k]) * math.prod(n + l + r for n, l, r in sides) == 0:
        return False

    def bad(n, l, r, empty):
        kept = n + min(l, 0) + min(r, 0)
        return ((l > 0 and l > kept) or (r > 0 and r > kept)) and (kept <= 0) == empty

    return any(bad(*s, True) for s in sides) and not any(bad(*s, False) for s in sides)


@pytest.mark.parametrize("case", DATA["pad"], ids=lambda c: f"{c['mode']}{c['shape']}{c['pad']}")
def test_pad(case):
    shape, pad, mode = case["shape"], case["pad"], case["mode"]
    x = torch.arange(1, math.prod(shape) + 1, dtype=torch.float64).reshape(shape).requires_grad_()
    kw = {"value": case["value"]} if "value" in case else {}
    if mode == "circular" and circular_unwritten(shape, pad):
        with pytest.raises(RuntimeError, match="wrapping around more than once"):
            F.pad(x, pad, mode=mode)
        return
    if "error" in case:
        raises(case, lambda: F.pad(x, pad, mode=mode, **kw), "pad")
        return
    y = F.pad(x, pad, mode=mode, **kw)
    same(y.detach(), case["out"], "out")
    assert y.grad_fn.name() == case["grad_fn"]
    g = torch.arange(y.numel(), dtype=torch.float64).reshape(y.shape)
    (gx,) = torch.autograd.grad(y, x, g, allow_unused=True, materialize_grads=True)
    same(gx, case["gx"], "gx")


@pytest.mark.parametrize("case", DATA["pad_exact"], ids=lambda c: f"{c['x']['dtype']}-{c['mode']}{c['pad']}-{c.get('value')}")
def test_pad_exact(case):
    x = dec(case["x"])
    kw = {"value": num(case["value"])} if "value" in case else {}
    if "error" in case:
        raises(case, lambda: F.pad(x, case["pad"], mode=case["mode"], **kw), "pad")
    else:
        same(F.pad(x, case["pad"], mode=case["mode"], **kw), case["out"], "out")


def test_int64_constant_above_2_53_rounds_as_pytorch():
    x = torch.tensor([[2**62 + 1]])
    assert F.pad(x, [1, 1], value=2**62 + 7).tolist() == [[2**62, 2**62 + 1, 2**62]]


SIGNED = {
    "pad_constant": lambda x: F.pad(x.view(1, 1, 6), [2, 1], value=-0.0),
    "pad_reflect": lambda x: F.pad(x.view(1, 1, 6), [2, 1], mode="reflect"),
    "pad_replicate": lambda x: F.pad(x.view(1, 2, 3), [1, 2, 1, 0], mode="replicate"),
    "max_pool1d": lambda x: F.max_pool1d(x.view(1, 1, 6), 2, 1),
    "nearest1d": lambda x: F.interpolate(x.view(1, 1, 6), scale_factor=2.0, mode="nearest"),
    "nearest2d": lambda x: F.interpolate(x.view(1, 1, 2, 3), size=[3, 7], mode="nearest"),
    "bilinear_same": lambda x: F.interpolate(x.view(1, 1, 2, 3), size=[2, 3], mode="bilinear", align_corners=True),
    "avg_pool2d": lambda x: F.avg_pool2d(x.view(1, 1, 2, 3), 1),
}


@pytest.mark.parametrize("name", sorted(SIGNED))
def test_signed_zeros(name):
    case = DATA["signed_zero"][name]
    x = torch.tensor([-0.0, 0.0, -0.0, -1.0, -0.0, -0.0], dtype=torch.float64, requires_grad=True)
    y = SIGNED[name](x)
    same(y.detach(), case["out"], "out")
    g = (-torch.zeros_like(y)).requires_grad_()
    (gx,) = torch.autograd.grad(y, x, g, create_graph=True)
    same(gx.detach(), case["gx"], "gx")
    (gg,) = torch.autograd.grad(gx, g, -torch.zeros_like(gx))
    same(gg, case["gg"], "gg")


def ones(shape, d):
    return None if d is None else torch.ones(shape, dtype=DTYPES[d])


def mixed_call(case):
    op = case["op"]
    d = case["dtypes"]
    xd, pd = d[0], d[1]
    bd = d[2] if len(d) > 2 else None
    if op == "conv1d":
        return F.conv1d(ones((1, 2, 4), xd), ones((3, 2, 2), pd), ones(3, bd))
    if op == "conv2d":
        return F.conv2d(ones((1, 2, 4, 4), xd), ones((3, 2, 2, 2), pd), ones(3, bd))
    if op == "conv_transpose2d":
        return F.conv_transpose2d(ones((1, 2, 4, 4), xd), ones((2, 3, 2, 2), pd), ones(3, bd))
    if op.startswith("linear"):
        shape = {"linear1d": (3,), "linear2d": (2, 3), "linear3d": (2, 2, 3)}[op]
        return F.linear(ones(shape, xd), ones((4, 3), pd), ones(4, bd))
    x = torch.randn(4, 3, 2, dtype=DTYPES[xd])
    if op.startswith("batch_norm"):
        training = "train" in op
        which = "w_only" if op.endswith("w_only") else op.rsplit("_", 1)[1]
        if which == "w_only":
            rm, rv = (None, None) if training else (ones(3, xd), ones(3, xd))
            return F.batch_norm(x, rm, rv, ones(3, pd), None, training=training)
        p = {k: ones(3, pd if which == "all" or k in which else xd) for k in ("w", "b", "rm", "rv")}
        return F.batch_norm(x, p["rm"], p["rv"], p["w"], p["b"], training=training)
    which = op.split("_norm_", 1)[1]
    n = 3 if op.startswith("layer") else 4
    w = None if which == "b_only" else ones(n, pd if which in ("w", "wb", "w_only") else xd)
    b = None if which == "w_only" else ones(n, pd if which in ("b", "wb", "b_only") else xd)
    if op.startswith("layer"):
        return F.layer_norm(torch.randn(2, 3, dtype=DTYPES[xd]), [3], w, b)
    return F.group_norm(torch.randn(2, 4, 3, dtype=DTYPES[xd]), 2, w, b)


@pytest.mark.parametrize("case", DATA["mixed"], ids=lambda c: c["op"] + "-" + "-".join(str(d) for d in c["dtypes"]))
def test_mixed_dtypes(case):
    if "error" in case:
        raises(case, lambda: mixed_call(case), case["op"])
    else:
        assert mixed_call(case).dtype == DTYPES[case["out_dtype"]]


NORM_ERRORS = [c for c in DATA["norm"] if "error" in c]


@pytest.mark.parametrize("case", NORM_ERRORS, ids=lambda c: f"{c['op']}{c['x']['shape']}{c['x']['dtype']}")
def test_norm_errors(case):
    x = dec(case["x"])
    w, b = (dec(case[k]) if k in case else None for k in ("w", "b"))
    rm, rv = (dec(case[k]) if k in case else None for k in ("rm", "rv"))
    kw = case["kwargs"]
    if case["op"] == "batch_norm":
        f = lambda: F.batch_norm(x, rm, rv, w, b, training=kw["training"], eps=kw["eps"])  # noqa: E731
    elif case["op"] == "layer_norm":
        f = lambda: F.layer_norm(x, kw["normalized_shape"], w, b, kw["eps"])  # noqa: E731
    else:
        f = lambda: F.group_norm(x, kw["num_groups"], w, b, kw["eps"])  # noqa: E731
    raises(case, f, case["op"])


def test_empty_batch_norm_keeps_the_graph_and_the_running_statistics():
    x = torch.zeros(0, 3, 4, dtype=torch.float64, requires_grad=True)
    w = torch.ones(3, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    rm, rv = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([4.0, 5.0, 6.0])
    y = F.batch_norm(x, rm, rv, w, b, training=True)
    assert y.shape == (0, 3, 4) and y.grad_fn.name() == "AddBackward0"
    y.sum().backward()
    assert w.grad.tolist() == [0.0, 0.0, 0.0] and b.grad.tolist() == [0.0, 0.0, 0.0]
    assert rm.tolist() == [1.0, 2.0, 3.0] and rv.tolist() == [4.0, 5.0, 6.0]
    assert F.batch_norm(x, None, None, training=False).grad_fn.name() == "CloneBackward0"


def test_torch_batch_norm_skips_the_functional_checks_as_pytorch_does():
    # recorded from PyTorch 2.15: torch.batch_norm (not F.batch_norm) takes one value per
    # channel in training (running_var becomes NaN: 0·n/(n−1) with n = 1); PyTorch's output
    # there carries float noise (3.0518e-05), ferrograd's exact mean gives 0
    x = torch.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    rm, rv = torch.zeros(3), torch.ones(3)
    y = torch.batch_norm(x, None, None, rm, rv, True, 0.1, 1e-5, False)
    assert y.grad_fn.name() == "NativeBatchNormBackward0"
    assert torch.allclose(y, torch.zeros(1, 3), atol=1e-4)
    assert rm.tolist() == pytest.approx([0.1, 0.2, 0.3])
    assert all(math.isnan(v) for v in rv.tolist())
    y.backward(torch.tensor([[1.0, 2.0, 3.0]]))
    assert x.grad.tolist() == [[0.0, 0.0, 0.0]]
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        F.batch_norm(x, None, None, training=True)
    # zero variance with eps = 0: PyTorch's invstd is 0 there, so the channel is zeros, not NaN
    for dtype in (torch.float64, torch.float32):
        x = torch.tensor([[1.0, 3.0], [1.0, 5.0]], dtype=dtype, requires_grad=True)
        y = torch.batch_norm(x, None, None, None, None, True, 0.1, 0.0, False)
        assert y.tolist() == [[0.0, -1.0], [0.0, 1.0]]
        y.backward(torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=dtype))
        assert x.grad.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    # and under create_graph (the gradient recomputed with tensor ops): zeros to second order
    # (values recorded from PyTorch; its gx is one NativeBatchNormBackwardBackward0 node,
    # ferrograd's a chain of ops)
    x = torch.tensor([[1.0, 3.0], [1.0, 5.0]], dtype=torch.float64, requires_grad=True)
    g = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
    y = torch.batch_norm(x, None, None, None, None, True, 0.1, 0.0, False)
    (gx,) = torch.autograd.grad(y, x, g, create_graph=True)
    assert gx.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    w = torch.tensor([[1.0, 2.0], [3.0, 5.0]], dtype=torch.float64)
    gxx, gg = torch.autograd.grad((gx * gx).sum() + (gx * w).sum(), [x, g])
    assert gxx.tolist() == [[0.0, 0.0], [0.0, 0.0]] and gg.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    # a negative eps is not refused either: NaN
    y = torch.batch_norm(torch.tensor([[1.0, 2.0]]), None, None, None, None, True, 0.1, -1.0, False)
    assert all(math.isnan(v) for v in y.flatten().tolist())
