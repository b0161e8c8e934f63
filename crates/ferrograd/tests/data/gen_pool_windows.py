"""Records PyTorch's windowed pooling (average, adaptive average and max), max unpooling and
the errors of hostile resampling and pooling sizes, for tests/pool_windows.rs and
crates/ferrograd-py/tests/test_pool_windows.py.

    python crates/ferrograd/tests/data/gen_pool_windows.py > crates/ferrograd/tests/data/pool_windows.json

Each case: a ``torch.nn.functional`` op with its keyword arguments, run in float32 and float64
on the same values; recorded are the output, its grad_fn, the gradient ``gx`` of
``(out * gout).sum()`` with ``create_graph`` (and ``gx``'s grad_fn), and the gradient of
``(gx * v).sum()`` with respect to ``gout`` (the backward's backward). Unpooling cases start
from ``max_pool{1,2,3}d(..., return_indices=True)`` of the same input (the 3-d ones draw from
their own generator, so the other cases keep their values). Errors: a name, the exception
type and its message.
"""

import json

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(12)


def enc(t):
    # NaN is written as null (JSON has no NaN)
    t = t.detach()
    data = [None if v != v else v for v in t.flatten().tolist()]
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": data}


def randn(*shape, gen=None):
    return torch.tensor((gen or rng).standard_normal(shape), dtype=torch.float64)


CASES = [
    ("avg_pool2d", dict(kernel_size=[3, 2], stride=[2, 3], padding=[1, 1], ceil_mode=True, count_include_pad=True), (2, 3, 7, 8)),
    ("avg_pool2d", dict(kernel_size=[3, 2], stride=[2, 3], padding=[1, 1], ceil_mode=True, count_include_pad=False), (2, 3, 7, 8)),
    ("avg_pool2d", dict(kernel_size=[5, 3], stride=[1, 2], padding=[2, 1], divisor_override=-7), (3, 9, 5)),
    ("avg_pool2d", dict(kernel_size=[4, 4], stride=[3, 3], padding=[2, 1], ceil_mode=True, count_include_pad=False), (1, 1, 11, 10)),
    # the window as large as the image (a sum of every element)
    ("avg_pool2d", dict(kernel_size=[13, 17]), (1, 2, 13, 17)),
    ("avg_pool1d", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), (2, 3, 10)),
    ("avg_pool1d", dict(kernel_size=4, stride=1, padding=2), (3, 9)),
    ("adaptive_avg_pool2d", dict(output_size=[3, 5]), (2, 2, 7, 11)),
    ("adaptive_avg_pool2d", dict(output_size=[9, 4]), (1, 3, 5, 7)),
    ("adaptive_avg_pool1d", dict(output_size=4), (2, 3, 11)),
    ("adaptive_avg_pool1d", dict(output_size=7), (3, 5)),
    ("adaptive_max_pool2d", dict(output_size=[3, 4]), (2, 2, 7, 9)),
    ("adaptive_max_pool2d", dict(output_size=[6, 5]), (3, 4, 3)),
]


def run(op, kw, x, gout, v):
    out = getattr(F, op)(x, **kw)
    gx, = torch.autograd.grad(out, x, gout, create_graph=True)
    ggo, = torch.autograd.grad((gx * v).sum(), gout)
    return out, gx, ggo


cases = []
for op, kw, shape in CASES:
    base = randn(*shape)
    if op == "adaptive_max_pool2d":
        # ties and NaNs: two NaNs in a window, the later one is kept
        flat = base.view(-1)
        flat[::5] = 0.5
        flat[3] = float("nan")
        flat[4] = float("nan")
    case = {"op": op, "kwargs": kw, "x": enc(base), "runs": {}}
    for dtype in (torch.float32, torch.float64):
        x = base.to(dtype).requires_grad_(True)
        out0 = getattr(F, op)(x.detach(), **kw)
        gout = randn(*out0.shape).to(dtype).requires_grad_(True)
        v = randn(*shape).to(dtype)
        out, gx, ggo = run(op, kw, x, gout, v)
        case["runs"][str(dtype).replace("torch.", "")] = {
            "gout": enc(gout), "v": enc(v), "out": enc(out), "grad_fn": out.grad_fn.name(),
            "gx": enc(gx), "gx_grad_fn": gx.grad_fn.name() if gx.grad_fn else None, "ggo": enc(ggo),
        }
        if op == "adaptive_max_pool2d":
            case["runs"][str(dtype).replace("torch.", "")]["indices"] = enc(F.adaptive_max_pool2d(x, return_indices=True, **kw)[1])
    cases.append(case)

UNPOOL = [
    # (dims, pool kwargs, unpool kwargs, input shape)
    (2, dict(kernel_size=2), dict(kernel_size=2), (2, 3, 6, 6)),
    (2, dict(kernel_size=2), dict(kernel_size=2, output_size=[6, 7]), (2, 3, 6, 7)),
    (2, dict(kernel_size=[3, 2], stride=[2, 1], padding=[1, 1]), dict(kernel_size=[3, 2], stride=[2, 1], padding=[1, 1], output_size=[8, 5]), (1, 2, 7, 5)),
    (2, dict(kernel_size=3, stride=2), dict(kernel_size=3, stride=2, output_size=[1, 2, 10, 8]), (2, 9, 7)),
    (1, dict(kernel_size=3, stride=2, padding=1), dict(kernel_size=3, stride=2, padding=1), (2, 3, 9)),
    (1, dict(kernel_size=2), dict(kernel_size=2, output_size=[9]), (3, 9)),
]
UNPOOL3 = [
    (3, dict(kernel_size=2), dict(kernel_size=2), (2, 2, 4, 4, 6)),
    # overlapping windows along the height: repeated indices, the last write wins
    (3, dict(kernel_size=[3, 2, 2], stride=[2, 1, 2], padding=[1, 0, 1]), dict(kernel_size=[3, 2, 2], stride=[2, 1, 2], padding=[1, 0, 1], output_size=[5, 4, 5]), (1, 2, 5, 4, 5)),
    (3, dict(kernel_size=[2, 3, 2], stride=[2, 3, 2]), dict(kernel_size=[2, 3, 2], stride=[2, 3, 2], output_size=[5, 7, 5]), (3, 4, 6, 5)),
    (3, dict(kernel_size=2), dict(kernel_size=2, stride=2, output_size=[1, 2, 5, 5, 4]), (1, 2, 5, 5, 4)),
]
rng3 = np.random.default_rng(13)
POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
UNPOOL_OPS = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}
unpool = []
for dims, pkw, ukw, shape in UNPOOL + UNPOOL3:
    gen = rng3 if dims == 3 else None
    base = randn(*shape, gen=gen)
    pool, unp = POOL[dims], UNPOOL_OPS[dims]
    y0, idx = pool(base, return_indices=True, **pkw)
    rec = {"dims": dims, "kwargs": ukw, "y": enc(y0), "indices": enc(idx), "runs": {}}
    for dtype in (torch.float32, torch.float64):
        y = y0.to(dtype).requires_grad_(True)
        out = unp(y, idx, **ukw)
        gout = randn(*out.shape, gen=gen).to(dtype).requires_grad_(True)
        gy, = torch.autograd.grad(out, y, gout, create_graph=True)
        v = randn(*y.shape, gen=gen).to(dtype)
        ggo, = torch.autograd.grad((gy * v).sum(), gout)
        rec["runs"][str(dtype).replace("torch.", "")] = {
            "out": enc(out), "grad_fn": out.grad_fn.name(), "gout": enc(gout), "gy": enc(gy),
            "gy_grad_fn": gy.grad_fn.name(), "v": enc(v), "ggo": enc(ggo),
        }
    unpool.append(rec)

# repeated indices: every repeat reads the gradient back (which of them PyTorch writes depends
# on its threads, so only the gradient is recorded)
dup_x = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]], requires_grad=True)
dup_i = torch.tensor([[[[5, 5], [0, 5]]]])
dup = F.max_unpool2d(dup_x, dup_i, 2)
dup_g, = torch.autograd.grad(dup, dup_x, torch.arange(16.0).view(1, 1, 4, 4))
duplicates = {"x": enc(dup_x), "indices": enc(dup_i), "gx": enc(dup_g)}

# empty batches unpool to empty batches; an empty output volume names no index, even a bad one
edge_i = torch.tensor([0, 3, 12, 15, 48, 51, 60, 63]).view(1, 1, 2, 2, 2)
edge_y = torch.arange(1.0, 9.0).view(1, 1, 2, 2, 2)
edge_y.requires_grad_(True)
edge_out = torch._C._nn.max_unpool3d(edge_y, edge_i, (0, 4, 4), (2, 2, 2), (0, 0, 0))
unpool_edges = {
    "zero_batch": list(F.max_unpool3d(edge_y[:0], edge_i[:0], 2).shape),
    "zero_output": list(edge_out.shape),
}
# but its backward gathers at those indices
try:
    edge_out.sum().backward()
    raise SystemExit("the backward of an empty volume did not fail")
except RuntimeError as e:
    unpool_edges["zero_output_backward"] = str(e)

# integers average in their own dtype, the division truncating toward zero
xi = torch.tensor(rng.integers(-20, 20, size=(2, 5, 7)))
INT_CASES = [
    ("avg_pool2d", dict(kernel_size=[2, 3], stride=[1, 2], padding=[1, 1], ceil_mode=True, count_include_pad=True)),
    ("avg_pool2d", dict(kernel_size=[2, 3], stride=[1, 2], padding=[1, 1], ceil_mode=True, count_include_pad=False)),
    ("avg_pool2d", dict(kernel_size=[3, 2], divisor_override=-3)),
    ("avg_pool1d", dict(kernel_size=3, stride=2, padding=1, count_include_pad=False)),
]
int_cases = [
    {"op": op, "kwargs": kw, "x": enc(xi), "out": enc(getattr(F, op)(xi, **kw))} for op, kw in INT_CASES
]

img = torch.ones(1, 1, 4, 4)
y2, i2 = F.max_pool2d(torch.arange(16.0).view(1, 1, 4, 4), 2, return_indices=True)
y1, i1 = F.max_pool1d(torch.arange(8.0).view(1, 1, 8), 2, return_indices=True)
y3, i3 = F.max_pool3d(torch.arange(64.0).view(1, 1, 4, 4, 4), 2, return_indices=True)
one3 = (torch.arange(8) == 5).view(1, 1, 2, 2, 2).long()
ERRORS = {
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
    # one bad index each: with several, which one PyTorch names depends on its threads
    "max_unpool2d_index_high": lambda: F.max_unpool2d(y2, i2 + torch.tensor([0, 0, 0, 100]).view(1, 1, 2, 2), 2),
    "max_unpool2d_index_negative": lambda: F.max_unpool2d(y2, i2 - torch.tensor([0, 100, 0, 0]).view(1, 1, 2, 2), 2),
    "max_unpool2d_float_indices": lambda: F.max_unpool2d(y2, i2.float(), 2),
    "max_unpool2d_indices_shape": lambda: F.max_unpool2d(y2, i2[..., :1], 2),
    "max_unpool2d_2d_input": lambda: F.max_unpool2d(y2[0, 0], i2[0, 0], 2),
    "max_unpool2d_int64_input": lambda: F.max_unpool2d(y2.long(), i2, 2),
    "max_unpool2d_empty_channels": lambda: F.max_unpool2d(y2[:, :0], i2[:, :0], 2),
    "max_unpool2d_huge_output": lambda: F.max_unpool2d(y2, i2, 2, output_size=(2 ** 40, 2 ** 40)),
    # the op itself, past the Python layer's checks of the output size
    "max_unpool2d_raw_huge_output": lambda: torch._C._nn.max_unpool2d(y2, i2, (2 ** 40, 2 ** 40)),
    "max_unpool2d_raw_large_output": lambda: torch._C._nn.max_unpool2d(y2, i2, (10 ** 9, 10 ** 9)),
    "max_unpool2d_output_size_range": lambda: F.max_unpool2d(y2, i2, 2, output_size=(6, 6)),
    "max_unpool2d_output_size_length": lambda: F.max_unpool2d(y2, i2, 2, output_size=(1, 5, 5)),
    "max_unpool2d_negative_size": lambda: F.max_unpool2d(torch.ones(1, 1, 1, 1), torch.zeros(1, 1, 1, 1, dtype=torch.long), 1, padding=2),
    "max_unpool1d_index_high": lambda: F.max_unpool1d(y1, i1 + torch.tensor([0, 0, 100, 0]).view(1, 1, 4), 2),
    "max_unpool1d_1d_input": lambda: F.max_unpool1d(y1[0, 0], i1[0, 0], 2),
    "max_unpool1d_output_size_range": lambda: F.max_unpool1d(y1, i1, 2, output_size=(12,)),
    # one element (PyTorch splits even eight elements between its threads)
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
    "max_unpool3d_raw_huge_output": lambda: torch._C._nn.max_unpool3d(y3, i3, (2 ** 40, 2 ** 40, 2 ** 40), (2, 2, 2), (0, 0, 0)),
    "max_unpool3d_raw_large_output": lambda: torch._C._nn.max_unpool3d(y3, i3, (10 ** 6, 10 ** 6, 10 ** 6), (2, 2, 2), (0, 0, 0)),
    "max_unpool3d_raw_huge_int64_input": lambda: torch._C._nn.max_unpool3d(y3.long(), i3, (2 ** 40, 2 ** 40, 2 ** 40), (2, 2, 2), (0, 0, 0)),
    "max_unpool3d_raw_negative_stride": lambda: torch._C._nn.max_unpool3d(y3, i3, (4, 4, 4), (2, -1, 2), (0, 0, 0)),
    "max_unpool3d_raw_negative_output": lambda: torch._C._nn.max_unpool3d(y3, i3, (4, -1, 4), (2, 2, 2), (0, 0, 0)),
    "max_unpool3d_raw_negative_output_stride_zero": lambda: torch._C._nn.max_unpool3d(y3, i3, (4, -1, 4), (0, 2, 2), (0, 0, 0)),
    "max_unpool3d_raw_output_size_length": lambda: torch._C._nn.max_unpool3d(y3, i3, (4, 4), (2, 2, 2), (0, 0, 0)),
    "max_unpool3d_raw_stride_length": lambda: torch._C._nn.max_unpool3d(y3, i3, (4, 4, 4), (2, 2), (0, 0, 0)),
    "max_unpool3d_raw_padding_length": lambda: torch._C._nn.max_unpool3d(y3, i3, (4, 4, 4), (2, 2, 2), (0, 0)),
    "max_unpool3d_raw_output_size_length_float_indices": lambda: torch._C._nn.max_unpool3d(y3, i3.float(), (4, 4), (2, 2, 2), (0, 0, 0)),
    "max_unpool3d_kernel_pair": lambda: F.max_unpool3d(y3, i3, (2, 2)),
    "max_unpool3d_output_size_range": lambda: F.max_unpool3d(y3, i3, 2, output_size=(6, 4, 4)),
    "max_unpool3d_output_size_length": lambda: F.max_unpool3d(y3, i3, 2, output_size=(1, 4, 4, 4)),
    "max_unpool3d_negative_size": lambda: F.max_unpool3d(torch.ones(1, 1, 1, 1, 1), torch.zeros(1, 1, 1, 1, 1, dtype=torch.long), 1, padding=(0, 2, 0)),
}
errors = {}
for name, f in ERRORS.items():
    try:
        f()
        raise SystemExit(f"{name} did not fail")
    except (RuntimeError, ValueError, NotImplementedError) as e:
        msg = str(e)
        # PyTorch's allocator prefixes its own source position
        msg = msg.replace("[enforce fail at alloc_cpu.cpp:127] err == 0. ", "")
        errors[name] = {"type": type(e).__name__, "message": msg}

reprs = {
    "MaxUnpool1d(2)": repr(torch.nn.MaxUnpool1d(2)),
    "MaxUnpool1d(3, 2, 1)": repr(torch.nn.MaxUnpool1d(3, 2, 1)),
    "MaxUnpool2d(2)": repr(torch.nn.MaxUnpool2d(2)),
    "MaxUnpool2d((2, 3), stride=1, padding=(1, 0))": repr(torch.nn.MaxUnpool2d((2, 3), stride=1, padding=(1, 0))),
    "MaxUnpool3d(2)": repr(torch.nn.MaxUnpool3d(2)),
    "MaxUnpool3d((1, 2, 3), stride=1, padding=(1, 0, 1))": repr(torch.nn.MaxUnpool3d((1, 2, 3), stride=1, padding=(1, 0, 1))),
}

print(json.dumps({
    "torch": torch.__version__, "cases": cases, "int_cases": int_cases, "unpool": unpool, "duplicates": duplicates,
    "unpool_edges": unpool_edges,
    "errors": errors, "reprs": reprs,
}))
