"""Windowed pooling, adaptive max pooling, max unpooling and the errors of hostile sizes from
Python against PyTorch's recorded results (``crates/ferrograd/tests/data/gen_pool_windows.py``
→ ``pool_windows.json``): values, grad_fn names, first and second derivatives in float32 and
float64, module reprs, exception types and messages; gradcheck and gradgradcheck of the
unpooling modules (1-d to 3-d)."""

import json
import math
import os

import pytest

import ferrograd as torch
import ferrograd.nn as nn
import ferrograd.nn.functional as F
from ferrograd import _ferrograd as _C
from ferrograd.autograd import gradcheck, gradgradcheck

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "pool_windows.json")))
DTYPES = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64}
TOL = {"float32": 4e-7, "float64": 1e-14}


def dec(v):
    # NaN is recorded as null
    data = [math.nan if d is None else d for d in v["data"]]
    return torch.tensor(data, dtype=DTYPES[v["dtype"]]).reshape(v["shape"])


def close(got, want, what, tol):
    assert list(got.shape) == list(want.shape), what
    assert got.dtype == want.dtype, what
    for i, (a, b) in enumerate(zip(got.detach().reshape(-1).tolist(), want.reshape(-1).tolist())):
        ok = math.isnan(a) if math.isnan(b) else abs(a - b) <= tol * (1e-30 + abs(b))
        assert ok, f"{what}[{i}]: {a} vs {b}"


def second_order(x, out, gout, v):
    gx, = torch.autograd.grad(out, x, gout, create_graph=True)
    ggo, = torch.autograd.grad((gx * v).sum(), gout)
    return gx, ggo


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["op"] + json.dumps(c["kwargs"], sort_keys=True))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_windowed_pools_against_pytorch(case, dtype):
    run = case["runs"][dtype]
    x = dec(case["x"]).to(DTYPES[dtype]).requires_grad_()
    out = getattr(F, case["op"])(x, **case["kwargs"])
    close(out, dec(run["out"]), "out", TOL[dtype])
    assert out.grad_fn.name() == run["grad_fn"]
    gout = dec(run["gout"]).requires_grad_()
    gx, ggo = second_order(x, out, gout, dec(run["v"]))
    close(gx, dec(run["gx"]), "gx", TOL[dtype])
    assert gx.grad_fn.name() == run["gx_grad_fn"]
    close(ggo, dec(run["ggo"]), "ggo", TOL[dtype])
    if case["op"] == "adaptive_max_pool2d":
        _, idx = F.adaptive_max_pool2d(x, return_indices=True, **case["kwargs"])
        assert idx.tolist() == dec(run["indices"]).tolist()


@pytest.mark.parametrize("case", DATA["int_cases"], ids=lambda c: c["op"] + json.dumps(c["kwargs"], sort_keys=True))
def test_integers_average_truncating(case):
    out = getattr(F, case["op"])(dec(case["x"]), **case["kwargs"])
    assert out.dtype == torch.int64
    assert out.tolist() == dec(case["out"]).tolist()


@pytest.mark.parametrize("case", DATA["unpool"], ids=lambda c: f"{c['dims']}d" + json.dumps(c["kwargs"], sort_keys=True))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_unpooling_against_pytorch(case, dtype):
    run = case["runs"][dtype]
    y = dec(case["y"]).to(DTYPES[dtype]).requires_grad_()
    idx = dec(case["indices"])
    unpool = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}[case["dims"]]
    out = unpool(y, idx, **case["kwargs"])
    close(out, dec(run["out"]), "out", 0.0)
    assert out.grad_fn.name() == run["grad_fn"]
    gout = dec(run["gout"]).requires_grad_()
    gy, ggo = second_order(y, out, gout, dec(run["v"]))
    close(gy, dec(run["gy"]), "gy", 0.0)
    assert gy.grad_fn.name() == run["gy_grad_fn"]
    close(ggo, dec(run["ggo"]), "ggo", 0.0)
    # the module gives the same
    kw = dict(case["kwargs"])
    size = kw.pop("output_size", None)
    m = {1: nn.MaxUnpool1d, 2: nn.MaxUnpool2d, 3: nn.MaxUnpool3d}[case["dims"]](**kw)
    close(m(y, idx, output_size=size), dec(run["out"]), "module out", 0.0)


def test_repeated_indices_read_the_gradient_back():
    dup = DATA["duplicates"]
    x = dec(dup["x"]).requires_grad_()
    out = F.max_unpool2d(x, dec(dup["indices"]), 2)
    # the last write wins (PyTorch's serial order)
    assert out.reshape(-1).tolist() == [3.0] + [0.0] * 4 + [4.0] + [0.0] * 10
    out.backward(torch.arange(16.0).reshape(1, 1, 4, 4))
    close(x.grad, dec(dup["gx"]), "gx", 0.0)


img = torch.ones(1, 1, 4, 4)
y2, i2 = F.max_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2, return_indices=True)
y1, i1 = F.max_pool1d(torch.arange(8.0).reshape(1, 1, 8), 2, return_indices=True)
# max_pool3d(arange(64).view(1, 1, 4, 4, 4), 2, return_indices=True)
i3 = torch.tensor([21, 23, 29, 31, 53, 55, 61, 63]).reshape(1, 1, 2, 2, 2)
y3 = i3.float()
one3 = (torch.arange(8) == 5).reshape(1, 1, 2, 2, 2).long()
CALLS = {
    "interpolate_scale_1e30": lambda: F.interpolate(img, scale_factor=1e30),
    "interpolate_scale_nan": lambda: F.interpolate(img, scale_factor=float("nan")),
    "interpolate_scale_2p61": lambda: F.interpolate(img, scale_factor=2.0 ** 61),
    "interpolate_scale_1e10": lambda: F.interpolate(img, scale_factor=1e10),
    "interpolate_scale_1e5": lambda: F.interpolate(img, scale_factor=1e5),
    "interpolate_scale_1e5_bilinear": lambda: F.interpolate(img, scale_factor=1e5, mode="bilinear"),
    "interpolate_size_1e9_bilinear": lambda: F.interpolate(img, size=(10 ** 9, 10 ** 9), mode="bilinear"),
    "interpolate_size_2p62": lambda: F.interpolate(img, size=(2 ** 62, 2 ** 62)),
    "interpolate_1d_scale_negative": lambda: F.interpolate(img[0], scale_factor=-0.3),
    "interpolate_2d_scale_small": lambda: F.interpolate(img, scale_factor=0.1),
    "pad_huge": lambda: F.pad(torch.ones(1, 4), (0, 10 ** 11)),
    "adaptive_avg_pool2d_1e9": lambda: F.adaptive_avg_pool2d(img, (10 ** 9, 10 ** 9)),
    "adaptive_avg_pool2d_2p62": lambda: F.adaptive_avg_pool2d(img, (2 ** 62, 2 ** 62)),
    "adaptive_avg_pool2d_2p31": lambda: F.adaptive_avg_pool2d(img, (2 ** 31, 2 ** 30)),
    "adaptive_avg_pool1d_1e12": lambda: F.adaptive_avg_pool1d(img[0], 10 ** 12),
    "adaptive_max_pool2d_1e9": lambda: F.adaptive_max_pool2d(img, (10 ** 9, 10 ** 9)),
    "adaptive_max_pool2d_2p62": lambda: F.adaptive_max_pool2d(img, (2 ** 62, 2 ** 62)),
    "max_pool1d_int64": lambda: F.max_pool1d(torch.tensor([[1, 5, 2, 4, 3]]), 2),
    "max_pool1d_bool": lambda: F.max_pool1d(torch.tensor([[True, False]]), 2),
    "avg_pool2d_bool": lambda: F.avg_pool2d(torch.ones(1, 2, 2, dtype=torch.bool), 2),
    "max_unpool2d_small_output": lambda: F.max_unpool2d(y2, i2, 2, output_size=(3, 3)),
    "max_unpool2d_index_high": lambda: F.max_unpool2d(y2, i2 + torch.tensor([0, 0, 0, 100]).view(1, 1, 2, 2), 2),
    "max_unpool2d_index_negative": lambda: F.max_unpool2d(y2, i2 - torch.tensor([0, 100, 0, 0]).view(1, 1, 2, 2), 2),
    "max_unpool2d_float_indices": lambda: F.max_unpool2d(y2, i2.float(), 2),
    "max_unpool2d_indices_shape": lambda: F.max_unpool2d(y2, i2[..., :1], 2),
    "max_unpool2d_2d_input": lambda: F.max_unpool2d(y2[0, 0], i2[0, 0], 2),
    "max_unpool2d_int64_input": lambda: F.max_unpool2d(y2.long(), i2, 2),
    "max_unpool2d_empty_channels": lambda: F.max_unpool2d(y2[:, :0], i2[:, :0], 2),
    "max_unpool2d_huge_output": lambda: F.max_unpool2d(y2, i2, 2, output_size=(2 ** 40, 2 ** 40)),
    "max_unpool2d_raw_huge_output": lambda: _C._max_unpool2d(y2, i2, [2 ** 40, 2 ** 40]),
    "max_unpool2d_raw_large_output": lambda: _C._max_unpool2d(y2, i2, [10 ** 9, 10 ** 9]),
    "max_unpool2d_output_size_range": lambda: F.max_unpool2d(y2, i2, 2, output_size=(6, 6)),
    "max_unpool2d_output_size_length": lambda: F.max_unpool2d(y2, i2, 2, output_size=(1, 5, 5)),
    "max_unpool2d_negative_size": lambda: F.max_unpool2d(torch.ones(1, 1, 1, 1), torch.zeros(1, 1, 1, 1, dtype=torch.long), 1, padding=2),
    "max_unpool1d_index_high": lambda: F.max_unpool1d(y1, i1 + torch.tensor([0, 0, 100, 0]).view(1, 1, 4), 2),
    "max_unpool1d_1d_input": lambda: F.max_unpool1d(y1[0, 0], i1[0, 0], 2),
    "max_unpool1d_output_size_range": lambda: F.max_unpool1d(y1, i1, 2, output_size=(12,)),
    "max_unpool3d_small_output": lambda: F.max_unpool3d(y3[..., :1, :1, :1], i3[..., :1, :1, :1], 2, output_size=(2, 3, 1)),
    "max_unpool3d_index_high": lambda: F.max_unpool3d(y3, i3 + 100 * one3, 2),
    "max_unpool3d_index_negative": lambda: F.max_unpool3d(y3, i3 - 100 * one3, 2),
    "max_unpool3d_float_indices": lambda: F.max_unpool3d(y3, i3.float(), 2),
    "max_unpool3d_bool_indices": lambda: F.max_unpool3d(y3, i3.bool(), 2),
    "max_unpool3d_indices_shape": lambda: F.max_unpool3d(y3, i3[..., :1], 2),
    "max_unpool3d_3d_input": lambda: F.max_unpool3d(y3[0, 0], i3[0, 0], 2),
    "max_unpool3d_6d_input": lambda: F.max_unpool3d(y3[None], i3[None], 2),
    "max_unpool3d_int64_input": lambda: F.max_unpool3d(y3.long(), i3, 2),
    "max_unpool3d_empty_channels": lambda: F.max_unpool3d(y3[:, :0], i3[:, :0], 2),
    "max_unpool3d_empty_depth_stride_zero": lambda: F.max_unpool3d(y3[..., :0, :, :], i3[..., :0, :, :], 2, stride=0),
    "max_unpool3d_stride_zero": lambda: F.max_unpool3d(y3, i3, 2, stride=(2, 0, 2)),
    "max_unpool3d_huge_output": lambda: F.max_unpool3d(y3, i3, 2, output_size=(2 ** 40, 2 ** 40, 2 ** 40)),
    "max_unpool3d_raw_huge_output": lambda: _C._max_unpool3d(y3, i3, [2 ** 40] * 3, [2, 2, 2], [0, 0, 0]),
    "max_unpool3d_raw_large_output": lambda: _C._max_unpool3d(y3, i3, [10 ** 6] * 3, [2, 2, 2], [0, 0, 0]),
    "max_unpool3d_raw_huge_int64_input": lambda: _C._max_unpool3d(y3.long(), i3, [2 ** 40] * 3, [2, 2, 2], [0, 0, 0]),
    "max_unpool3d_raw_negative_stride": lambda: _C._max_unpool3d(y3, i3, [4, 4, 4], [2, -1, 2], [0, 0, 0]),
    "max_unpool3d_raw_negative_output": lambda: _C._max_unpool3d(y3, i3, [4, -1, 4], [2, 2, 2], [0, 0, 0]),
    "max_unpool3d_raw_negative_output_stride_zero": lambda: _C._max_unpool3d(y3, i3, [4, -1, 4], [0, 2, 2], [0, 0, 0]),
    "max_unpool3d_raw_output_size_length": lambda: _C._max_unpool3d(y3, i3, [4, 4], [2, 2, 2], [0, 0, 0]),
    "max_unpool3d_raw_stride_length": lambda: _C._max_unpool3d(y3, i3, [4, 4, 4], [2, 2], [0, 0, 0]),
    "max_unpool3d_raw_padding_length": lambda: _C._max_unpool3d(y3, i3, [4, 4, 4], [2, 2, 2], [0, 0]),
    "max_unpool3d_raw_output_size_length_float_indices": lambda: _C._max_unpool3d(y3, i3.float(), [4, 4], [2, 2, 2], [0, 0, 0]),
    "max_unpool3d_kernel_pair": lambda: F.max_unpool3d(y3, i3, (2, 2)),
    "max_unpool3d_output_size_range": lambda: F.max_unpool3d(y3, i3, 2, output_size=(6, 4, 4)),
    "max_unpool3d_output_size_length": lambda: F.max_unpool3d(y3, i3, 2, output_size=(1, 4, 4, 4)),
    "max_unpool3d_negative_size": lambda: F.max_unpool3d(torch.ones(1, 1, 1, 1, 1), torch.zeros(1, 1, 1, 1, 1, dtype=torch.long), 1, padding=(0, 2, 0)),
}


def test_every_recorded_error_is_called():
    assert set(CALLS) == set(DATA["errors"])


@pytest.mark.parametrize("name", sorted(DATA["errors"]))
def test_errors_against_pytorch(name):
    want = DATA["errors"][name]
    with pytest.raises(Exception) as e:
        CALLS[name]()
    assert type(e.value).__name__ == want["type"], name
    assert str(e.value) == want["message"]


@pytest.mark.parametrize("ctor", sorted(DATA["reprs"]))
def test_reprs(ctor):
    assert repr(eval("nn." + ctor)) == DATA["reprs"][ctor]


def test_max_pool1d_pools_integers_only_with_indices():
    x = torch.tensor([[1, 5, 2, 4, 3]])
    y, i = F.max_pool1d(x, 2, return_indices=True)
    assert (y.tolist(), i.tolist(), y.dtype) == ([[5, 4]], [[1, 3]], torch.int64)
    with pytest.raises(NotImplementedError):
        torch.max_pool1d(x, 2)
    # floating inputs keep the squeeze node of the indexed path
    z = F.max_pool1d(x.double().requires_grad_(), 2)
    assert z.grad_fn.name() == "SqueezeBackward1"


def test_unpooling_modules_pass_gradcheck_and_gradgradcheck():
    torch.manual_seed(12)
    x = torch.randn(2, 5, 7, dtype=torch.float64)
    # disjoint windows: distinct indices
    y, idx = F.max_pool2d(x, (2, 3), stride=(2, 3), return_indices=True)
    m = nn.MaxUnpool2d((2, 3), stride=(2, 3))
    y = y.detach().requires_grad_()
    f = lambda t: m(t, idx, output_size=(5, 7))  # noqa: E731
    assert gradcheck(f, (y,)) and gradgradcheck(f, (y,))
    y, idx = F.max_pool1d(x, 3, stride=3, padding=1, return_indices=True)
    m = nn.MaxUnpool1d(3, stride=3, padding=1)
    y = y.detach().requires_grad_()
    f = lambda t: m(t, idx, output_size=[8])  # noqa: E731
    assert gradcheck(f, (y,)) and gradgradcheck(f, (y,))
    # 3-d: distinct indices in each volume of 3 x 5 x 4 (7 is invertible modulo 60), odd
    # kernel, stride and padding; with and without the batch dimension
    m = nn.MaxUnpool3d((2, 3, 2), stride=(1, 2, 3), padding=(0, 1, 1))
    for shape in [(3, 2, 3, 2), (2, 1, 2, 3, 2)]:
        y = torch.randn(*shape, dtype=torch.float64).requires_grad_()
        j = torch.arange(y.numel()).reshape(-1, 12)
        idx = ((j % 12) * 7 + (j // 12) * 3).remainder(60).reshape(shape)
        f = lambda t: m(t, idx, output_size=(3, 5, 4))  # noqa: E731
        assert gradcheck(f, (y,)) and gradgradcheck(f, (y,))


def test_a_window_as_large_as_the_image():
    x = torch.arange(40000.0, dtype=torch.float64).reshape(1, 1, 200, 200).requires_grad_()
    y = F.avg_pool2d(x, 200)
    assert y.item() == 19999.5
    y.backward()
    assert x.grad.eq(1 / 40000).all().item()
