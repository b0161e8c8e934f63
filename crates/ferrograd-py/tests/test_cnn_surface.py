"""Three parts of the CNN surface against PyTorch's recorded results
(``data/surface_cases.json``, from ``data/gen_surface_cases.py``):

- batched backward (``is_grads_batched=True``) through convolutions and their double backward,
  pooling, normalization, padding, interpolation, gathering, sorting, scans and einsum: equal to
  PyTorch's, and to the per-row passes stacked;
- advanced indexing with several index tensors (broadcast, placed by NumPy's rule), masks,
  ``None`` and ``...``, assignment through them and ``index_put``: values, grad_fn, gradients
  and PyTorch's errors;
- ``torch.batch_norm`` & co., the 1-d and adaptive pools, and the convolution modules'
  ``padding_mode``.
"""

import json
import math
import os

import pytest

import ferrograd as torch
import ferrograd.nn as nn
import ferrograd.nn.functional as F

HERE = os.path.dirname(__file__)
DATA = json.load(open(os.path.join(HERE, "data", "surface_cases.json")))


def dec(v):
    data = [float(x) if isinstance(x, str) else x for x in v["data"]]
    return torch.tensor(data, dtype=getattr(torch, v["dtype"])).reshape(v["shape"])


def put(y, key, value):
    y[key] = value
    return y


def iadd(y, key, value):
    y[key] += value
    return y


ENV = {"torch": torch, "F": F, "nn": nn, "put": put, "iadd": iadd}


def same(got, want, what, tol=1e-10):
    assert tuple(got.shape) == tuple(want.shape), (what, got.shape, want.shape)
    assert got.dtype == want.dtype, what
    g, w = got.detach().flatten().tolist(), want.flatten().tolist()
    for a, b in zip(g, w):
        if isinstance(b, float) and math.isnan(b):
            assert math.isnan(a), what
        else:
            assert abs(a - b) <= tol * (1 + abs(b)), (what, a, b)


@pytest.mark.parametrize("case", DATA["batched"], ids=lambda c: c["name"])
def test_batched_backward_matches_pytorch_and_the_rows(case):
    xs = [dec(x).requires_grad_(True) for x in case["x"]]
    y = eval(case["expr"], ENV, {"x": xs})
    v = dec(case["v"])
    got = torch.autograd.grad(y, xs, v, retain_graph=True, is_grads_batched=True, allow_unused=True)
    for k, (g, w) in enumerate(zip(got, case["grads"])):
        if w is None:
            assert g is None, f"{case['name']}: input {k} is not used"
        else:
            same(g, dec(w), f"{case['name']}: input {k} against PyTorch")
    for i in range(v.shape[0]):
        rows = torch.autograd.grad(y, xs, v[i], retain_graph=True, allow_unused=True)
        for k, (g, r) in enumerate(zip(got, rows)):
            if g is not None:
                same(g[i], r, f"{case['name']}: row {i} input {k}", tol=1e-12)


def run(case):
    env = dict(ENV)
    for k, v in case["args"].items():
        t = dec(v) if isinstance(v, dict) else v
        if k in case["grad"] and t.dtype.is_floating_point:
            t.requires_grad_(True)
        env[k] = t
    torch.manual_seed(0)
    what = case["expr"]
    if "error" in case:
        with pytest.raises(Exception) as e:
            eval(what, env)
        assert type(e.value).__name__ == case["error"]["type"], (what, e.value)
        assert str(e.value).split("\n")[0] == case["error"]["message"], what
        return
    out = eval(what, env)
    if "repr" in case:
        assert out == case["repr"], what
        return
    if isinstance(out, tuple):
        out, indices = out
        same(indices, dec(case["indices"]), what + " indices")
    same(out, dec(case["out"]), what)
    assert (out.grad_fn.name() if out.grad_fn is not None else None) == case["grad_fn"], what
    if "grads" in case:
        names = list(case["grads"])
        grads = torch.autograd.grad(out, [env[k] for k in names], dec(case["upstream"]), allow_unused=True)
        for k, g in zip(names, grads):
            if case["grads"][k] is None:
                assert g is None, what
            else:
                same(g, dec(case["grads"][k]), f"{what} d{k}")


@pytest.mark.parametrize("case", DATA["index"], ids=lambda c: c["expr"][:50])
def test_advanced_indexing_matches_pytorch(case):
    run(case)


@pytest.mark.parametrize("case", DATA["aliases"], ids=lambda c: c["expr"][:50])
def test_pools_norms_and_padding_modes_match_pytorch(case):
    run(case)


def test_vectorized_jacobian_and_hessian_through_a_cnn():
    torch.manual_seed(3)
    w = torch.randn(3, 2, 3, 3, dtype=torch.float64)
    lin = torch.randn(2, 12, dtype=torch.float64)

    def net(x):
        y = F.conv2d(x, w, padding=1)
        y = F.max_pool2d(F.batch_norm(y, None, None, training=True).tanh(), 2)
        return F.group_norm(y, 3).reshape(2, 12) @ lin.T

    x = torch.randn(2, 2, 4, 4, dtype=torch.float64)
    j0 = torch.autograd.functional.jacobian(net, x)
    j1 = torch.autograd.functional.jacobian(net, x, vectorize=True)
    same(j1, j0, "jacobian", tol=1e-12)
    h0 = torch.autograd.functional.hessian(lambda x: net(x).sin().sum(), x)
    h1 = torch.autograd.functional.hessian(lambda x: net(x).sin().sum(), x, vectorize=True)
    same(h1, h0, "hessian", tol=1e-12)


def test_index_put_accumulates_and_assignment_does_not():
    x = torch.zeros(2, 3)
    i = (torch.tensor([0, 0, 1]), torch.tensor([2, 2, 0]))
    assert x.index_put(i, torch.tensor([1.0, 2.0, 4.0]), accumulate=True).tolist() == [[0, 0, 3], [4, 0, 0]]
    x[i] = torch.tensor([1.0, 2.0, 4.0])
    assert x.tolist() == [[0, 0, 2], [4, 0, 0]]
