"""Vector norms (``Tensor.norm``, ``torch.norm``, ``torch.linalg.vector_norm``) against values
and gradients recorded from PyTorch (``data/gen_norm.py``): zero vectors, ties of the infinity
norms, NaN, infinities, signed zeros, orders below 1, dims and keepdim."""

import json
import math
import os

import pytest

import ferrograd as torch

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "norm.json")) as f:
    CASES = json.load(f)["cases"]


def dec(v):
    if isinstance(v, list):
        return [dec(u) for u in v]
    if isinstance(v, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0.0": -0.0}[v]
    return float(v)


def flat(v):
    return [u for w in v for u in flat(w)] if isinstance(v, list) else [v]


def same(a, b, rel):
    if math.isnan(b):
        return math.isnan(a)
    if math.isinf(b) or b == 0:
        return a == b
    return abs(a - b) <= rel * abs(b)


@pytest.mark.parametrize("c", CASES, ids=lambda c: f"{c['dtype']}-ord{c['ord']}-{c['x']}-{c['dim']}")
def test_vector_norm_matches_pytorch(c):
    dtype = getattr(torch, c["dtype"])
    rel = 1e-6 if c["dtype"] == "float32" else 1e-13
    x = torch.tensor(dec(c["x"]), dtype=dtype, requires_grad=True)
    dim = tuple(c["dim"]) if isinstance(c["dim"], list) else c["dim"]
    y = torch.linalg.vector_norm(x, ord=dec(c["ord"]), dim=dim, keepdim=c["keepdim"])
    assert y.grad_fn.name() == c["grad_fn"]
    want = flat(dec(c["y"]))
    got = flat(y.tolist())
    assert len(got) == len(want)
    assert all(same(a, b, rel) for a, b in zip(got, want)), (got, want)
    w = torch.linspace(1.0, 2.0, y.numel(), dtype=dtype).reshape(y.shape)
    (y * w).sum().backward()
    if c["grad"] is None:
        assert x.grad is None
    else:
        got, want = flat(x.grad.tolist()), flat(dec(c["grad"]))
        assert all(same(a, b, rel) for a, b in zip(got, want)), (got, want)


def test_norm_spellings_and_errors():
    x = torch.tensor([[1.0, -2.0], [3.0, 0.0]])
    assert x.norm().item() == pytest.approx(math.sqrt(14))
    assert x.norm("fro").item() == pytest.approx(math.sqrt(14))
    assert torch.norm(x, p=1, dim=1).tolist() == [3.0, 3.0]
    assert x.norm(p=float("inf"), dim=0, keepdim=True).tolist() == [[3.0, 2.0]]
    with pytest.raises(NotImplementedError, match="^linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long$"):
        torch.tensor([1, 2]).norm()
    with pytest.raises(RuntimeError, match="^linalg.matrix_norm: Order abc not supported.$"):
        x.norm(p="abc")
    with pytest.raises(IndexError, match=r"^Dimension out of range \(expected to be in range of \[-2, 1\], but got 3\)$"):
        x.norm(dim=3)
    with pytest.raises(RuntimeError, match="^linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not have an identity$"):
        torch.linalg.vector_norm(torch.zeros(0), ord=float("inf"))
