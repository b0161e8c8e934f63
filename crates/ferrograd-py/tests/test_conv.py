"""Convolutions from Python against PyTorch's recorded values
(``crates/ferrograd/tests/data/gen_conv.py`` → ``conv.json``): ``F.conv1d``/``conv2d``/
``conv_transpose2d`` and ``torch.conv*`` values, grad_fns and gradients, PyTorch's exceptions,
gradcheck/gradgradcheck, and the modules' initial weights and reprs."""
import json
import os

import numpy as np
import pytest

import ferrograd as torch
import ferrograd.nn as nn
import ferrograd.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "conv.json")))


def dec(v, dtype=torch.float64):
    return torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]).to(dtype)


def py(v):
    """JSON lists as the tuples PyTorch's callers write."""
    return tuple(v) if isinstance(v, list) else v


def close(got, want, tol):
    assert tuple(got.shape) == tuple(want["shape"])
    np.testing.assert_allclose(got.detach().double().numpy().ravel(), np.array(want["data"]), rtol=tol, atol=tol)


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["fn"] + json.dumps(c["kwargs"]) + c["dtype"])
def test_values_and_gradients_match_pytorch(case):
    dt = getattr(torch, case["dtype"])
    tol = 2e-5 if case["dtype"] == "float32" else 1e-12
    x = dec(case["x"], dt).requires_grad_()
    w = dec(case["w"], dt).requires_grad_()
    b = dec(case["b"], dt).requires_grad_() if case["b"] else None
    kw = {k: py(v) for k, v in case["kwargs"].items()}
    y = getattr(F, case["fn"])(x, w, b, **kw)
    close(y, case["y"], tol)
    assert y.grad_fn.name() == case["grad_fn"]
    assert torch.equal(getattr(torch, case["fn"])(x, w, b, **kw), y)
    (y * dec(case["gout"], dt)).sum().backward()
    close(x.grad, case["gx"], tol)
    close(w.grad, case["gw"], tol)
    if b is not None:
        close(b.grad, case["gb"], tol)


@pytest.mark.parametrize("err", DATA["errors"], ids=lambda e: e["message"][:60])
def test_bad_arguments_raise_pytorch_exceptions(err):
    x = torch.zeros(err["x"], dtype=getattr(torch, err["x_dtype"]))
    w = torch.zeros(err["w"], dtype=getattr(torch, err["w_dtype"]))
    b = torch.zeros(err["b"]) if err["b"] is not None else None
    kw = {k: py(v) for k, v in err["kwargs"].items()}
    with pytest.raises(Exception) as info:
        getattr(F, err["fn"])(x, w, b, **kw)
    assert type(info.value).__name__ == err["type"]
    assert str(info.value) == err["message"]


def test_transposed_padding_strings_are_type_errors():
    with pytest.raises(TypeError, match="must be tuple of ints, not str"):
        F.conv_transpose2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), padding="same")


@pytest.mark.parametrize(
    "fn,xs,ws,bias,kw",
    [
        ("conv2d", (2, 2, 5, 4), (3, 2, 2, 3), True, {}),
        ("conv2d", (1, 4, 5, 6), (2, 2, 3, 2), True, {"stride": (2, 1), "padding": (1, 2), "dilation": (1, 2), "groups": 2}),
        ("conv2d", (2, 3, 4), (2, 2, 2, 2), False, {"padding": "same"}),
        ("conv1d", (2, 2, 7), (4, 1, 3), True, {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}),
        ("conv_transpose2d", (1, 2, 3, 3), (2, 2, 3, 2), True, {"stride": 2, "padding": 1, "output_padding": 1}),
    ],
)
def test_gradcheck_and_gradgradcheck(fn, xs, ws, bias, kw):
    torch.manual_seed(0)
    x = torch.randn(*xs, dtype=torch.float64, requires_grad=True)
    w = torch.randn(*ws, dtype=torch.float64, requires_grad=True)
    cout = ws[1] * kw.get("groups", 1) if fn == "conv_transpose2d" else ws[0]
    inputs = (x, w) + ((torch.randn(cout, dtype=torch.float64, requires_grad=True),) if bias else ())
    f = lambda *a: getattr(F, fn)(*a, **kw)  # noqa: E731
    assert torch.autograd.gradcheck(f, inputs)
    assert torch.autograd.gradgradcheck(f, inputs)


def build(m):
    args = [py(a) for a in m["args"]]
    kw = {k: py(v) for k, v in m["kwargs"].items()}
    return getattr(nn, m["kind"])(*args, **kw)


@pytest.mark.parametrize("m", DATA["modules"], ids=lambda m: m["repr"])
def test_modules_start_with_pytorch_weights_after_manual_seed(m):
    torch.manual_seed(0)
    mod = build(m)
    assert repr(mod) == m["repr"]
    params = dict(mod.named_parameters())
    assert list(params) == list(m["params"])
    for name, want in m["params"].items():
        close(params[name], want, 1e-7)


@pytest.mark.parametrize("r", DATA["reprs"], ids=lambda r: r["repr"])
def test_module_reprs(r):
    assert repr(build(r)) == r["repr"]


@pytest.mark.parametrize("e", DATA["module_errors"], ids=lambda e: e["message"][:40])
def test_module_errors(e):
    with pytest.raises(Exception) as info:
        build(e)
    assert type(info.value).__name__ == e["type"]
    if e["message"].startswith("Invalid padding string"):
        # a Python set in the message: its order varies between runs
        assert str(info.value).startswith("Invalid padding string 'foo', should be one of {")
    else:
        assert str(info.value) == e["message"]


def test_a_conv_net_trains_a_step():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3))
    x, t = torch.randn(5, 1, 6, 6), torch.tensor([0, 1, 2, 1, 0])
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = F.cross_entropy(net(x), t)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    assert net[0].weight.grad.shape == (4, 1, 3, 3)


def test_conv_transpose_output_size_picks_the_output_padding():
    m = nn.ConvTranspose2d(2, 3, 3, stride=2)
    x = torch.randn(1, 2, 4, 4)
    assert m(x).shape == (1, 3, 9, 9)
    assert m(x, output_size=(10, 10)).shape == (1, 3, 10, 10)
