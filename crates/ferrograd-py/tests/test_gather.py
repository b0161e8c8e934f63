"""Indexing, gathering, sorting and scanning through the bindings against PyTorch's recorded
results (``crates/ferrograd/tests/data/gather.json``, from ``gen_gather.py``): each case's
Python expression runs with ``torch`` bound to ferrograd, and its values, indices (ties and NaN
included), grad_fn, gradients and error messages are PyTorch's. Python's ``x[idx]``,
``x[mask]`` and their assignments are among the cases."""

import json
import math
import os

import numpy as np
import pytest

import ferrograd as torch
import ferrograd.nn.functional as F

HERE = os.path.dirname(__file__)
CASES = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "gather.json")))["cases"]


def dec(v):
    data = [float(x) if isinstance(x, str) else x for x in v["data"]]
    dtype = getattr(torch, v["dtype"])
    return torch.tensor(data, dtype=dtype).reshape(v["shape"])


def put(y, key, value):
    y[key] = value
    return y


def same(got, want, what):
    want = dec(want)
    assert tuple(got.shape) == tuple(want.shape), what
    assert got.dtype == want.dtype, what
    g, w = got.detach().flatten().tolist(), want.flatten().tolist()
    tol = 1e-6 if want.dtype == torch.float32 else 1e-12
    for a, b in zip(g, w):
        if isinstance(b, float) and math.isnan(b):
            assert math.isnan(a), what
        else:
            assert abs(a - b) <= tol * (1 + abs(b)), (what, g, w)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['op']}:{c['expr'][:40]}")
def test_matches_pytorch(case):
    env = {}
    for k, v in case["args"].items():
        if isinstance(v, dict):
            t = dec(v)
            if k in case["grad"] and t.dtype.is_floating_point:
                t.requires_grad_(True)
            env[k] = t
        else:
            env[k] = v
    what = case["expr"]
    if "error" in case:
        with pytest.raises(Exception) as e:
            eval(case["expr"], {"torch": torch, "F": F, "put": put}, env)
        assert type(e.value).__name__ == case["error"]["type"], what
        assert str(e.value).split("\n")[0] == case["error"]["message"], what
        return
    out = eval(case["expr"], {"torch": torch, "F": F, "put": put}, env)
    if isinstance(out, tuple):
        assert type(out).__name__ == case["op"], what
        values, indices = out
        same(indices, case["indices"], what + " indices")
    else:
        values = out
    same(values, case["out"], what)
    if case["op"] != "einsum":
        name = type(values.grad_fn).__name__ if values.grad_fn is not None else None
        if values.grad_fn is not None:
            name = values.grad_fn.name()
        assert name == case["grad_fn"], what
    if "grads" in case:
        names = [k for k in case["grad"] if env[k].requires_grad]
        grads = torch.autograd.grad(values, [env[k] for k in names], dec(case["upstream"]), allow_unused=True)
        for k, g in zip(names, grads):
            if case["grads"][k] is None:
                assert g is None or not g.detach().abs().sum().item(), what
            else:
                same(g, case["grads"][k], f"{what} d{k}")


def test_return_types_print_as_pytorch():
    r = torch.tensor([1.0, 4.0, 2.0]).topk(2)
    assert repr(r) == "torch.return_types.topk(\nvalues=tensor([4., 2.]),\nindices=tensor([1, 2]))"
    v, i = torch.sort(torch.tensor([3.0, 1.0]), descending=True)
    assert i.tolist() == [0, 1] and r.values.tolist() == [4.0, 2.0]


def test_gradcheck_and_gradgradcheck_through_the_bindings():
    x = torch.tensor(np.linspace(-1.0, 1.3, 12).reshape(3, 4), dtype=torch.float64, requires_grad=True)
    i = torch.tensor([[0, 2], [1, 1], [3, 0]])
    for f in [
        lambda x: x.gather(1, i),
        lambda x: x.topk(2, dim=0).values,
        lambda x: x.sort(dim=1, descending=True).values,
        lambda x: x.cumprod(1),
        lambda x: x.cumsum(-2),
        lambda x: torch.einsum("ij,kj->ik", x, x),
        lambda x: x[:, torch.tensor([2, 2])],
        lambda x: x.masked_select(x > 0),
        lambda x: x.index_add(1, torch.tensor([0, 0]), x[:, :2] * 2),
    ]:
        assert torch.autograd.gradcheck(f, (x,))
        assert torch.autograd.gradgradcheck(f, (x,))


def test_in_place_forms_return_self():
    x = torch.zeros(3)
    assert x.scatter_(0, torch.tensor([1]), 2.0) is x
    assert x.index_add_(0, torch.tensor([0]), torch.tensor([1.0])) is x
    assert x.masked_fill_(x > 1.5, -1.0) is x
    assert x.cumsum_(0) is x
    assert x.tolist() == [1.0, 0.0, 0.0]
