"""The rows of the core's elementwise op table reach Python through one mechanism: each row is
``torch.<name>`` and a Tensor method (or ``torch.nn.functional.<name>`` for activations PyTorch
keeps there), with PyTorch's parameters and defaults, and computes PyTorch's values and
gradients (the values recorded from PyTorch for the Rust tests, read from the project's copy).
The type stubs list exactly the module's functions, in both directions."""

import ast
import inspect
import json
import math
import os

import pytest

import ferrograd as torch
import ferrograd.nn.functional as F
from ferrograd import _ferrograd as _C

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "unary_ops.json")
STUB = os.path.join(HERE, "..", "python", "ferrograd", "__init__.pyi")

ROWS = {name: (functional_only, params) for name, functional_only, params in _C._unary_ops}
# activations PyTorch has in torch.nn.functional (some also in torch)
FUNCTIONAL = {"relu", "sigmoid", "tanh", "leaky_relu", "hardtanh", "elu", "selu", "celu", "softplus",
              "silu", "mish", "logsigmoid"}



def _row(fn):
    """The op-table function behind a namespace function (which is an entry point of vmap's
    batching rules wrapping it)."""
    return getattr(fn, "__wrapped__", fn)

def call(name, x):
    """The row ``name`` through its public Python entry point, with default parameters."""
    if name == "gelu_tanh":
        return F.gelu(x, approximate="tanh")
    if name == "gelu":
        return F.gelu(x)
    functional_only, _ = ROWS[name]
    if functional_only:
        return getattr(F, name)(x)
    return getattr(torch, name)(x)


def test_every_row_is_in_its_namespace_and_nowhere_else():
    assert len(ROWS) >= 46
    for name, (functional_only, params) in ROWS.items():
        if name == "gelu_tanh":
            assert not hasattr(torch, name) and not hasattr(F, name)
            continue
        if functional_only:
            assert name in F.__all__ and not hasattr(torch, name), name
            assert not hasattr(torch.Tensor, name), name
        else:
            assert _row(getattr(torch, name)) is getattr(_C, name), name
            assert name in torch.__all__ or name in ("abs", "round"), name
            assert callable(getattr(torch.Tensor, name)), name
        if name in FUNCTIONAL:
            assert callable(getattr(F, name)), name


def test_parameters_and_defaults_are_pytorchs():
    sig = inspect.signature(F.leaky_relu)
    assert list(sig.parameters) == ["input", "negative_slope", "inplace"]
    assert sig.parameters["negative_slope"].default == 0.01
    assert list(inspect.signature(F.hardtanh).parameters) == ["input", "min_val", "max_val", "inplace"]
    assert list(inspect.signature(F.softplus).parameters) == ["input", "beta", "threshold"]
    x = torch.tensor([-1.0, 0.5, 3.0])
    assert F.leaky_relu(x, 0.2).tolist() == pytest.approx([-0.2, 0.5, 3.0])
    assert F.leaky_relu(x, negative_slope=0.2).tolist() == pytest.approx([-0.2, 0.5, 3.0])
    assert F.hardtanh(x, -0.5, 0.5).tolist() == [-0.5, 0.5, 0.5]
    assert F.elu(x, alpha=2.0).tolist() == pytest.approx([2.0 * (math.exp(-1) - 1), 0.5, 3.0])
    y = x.clone()
    assert F.elu(y, 2.0, inplace=True) is y
    assert y.tolist() == pytest.approx([2.0 * (math.exp(-1) - 1), 0.5, 3.0])
    with pytest.raises(RuntimeError, match="approximate argument must be either none or tanh."):
        F.gelu(x, approximate="fast")
    with pytest.raises(TypeError):
        F.leaky_relu(x, 0.1, False, 3)


def test_grad_fn_names_come_from_the_rows():
    x = torch.tensor([0.5], requires_grad=True)
    assert torch.atan(x).grad_fn.name() == "AtanBackward0"
    assert x.erfinv().grad_fn.name() == "ErfinvBackward0"
    assert torch.square(x).grad_fn.name() == "PowBackward0"
    assert F.celu(x).grad_fn.name() == "CeluBackward0"
    assert F.selu(x).grad_fn.name() == "EluBackward0"
    assert F.gelu(x, approximate="tanh").grad_fn.name() == "GeluBackward0"


def _dec(v):
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0.0": -0.0}.get(v, v)


def _same(got, want):
    if math.isnan(want) or math.isnan(got):
        return math.isnan(want) and math.isnan(got)
    if math.isinf(want) or math.isinf(got):
        return want == got
    if want == 0 and got == 0:
        return math.copysign(1, want) == math.copysign(1, got)
    return abs(got - want) <= 4e-13 * abs(want) + 1e-15


@pytest.mark.parametrize("name", sorted(json.load(open(RECORDED))["ops"]))
def test_values_and_gradients_match_pytorch(name):
    rec = json.load(open(RECORDED))["ops"][name]["float64"]
    for x0, y0, g0 in zip(rec["x"], rec["y"], rec["grad"]):
        x = torch.tensor([_dec(x0)], dtype=torch.float64, requires_grad=True)
        y = call(name, x)
        y.sum().backward()
        assert _same(y.item(), _dec(y0)), (name, x0, y.item(), y0)
        assert _same(x.grad.item(), _dec(g0)), (name, x0, x.grad.item(), g0)


def test_every_recorded_op_is_a_row_and_every_row_is_recorded():
    assert set(json.load(open(RECORDED))["ops"]) == set(ROWS)


def test_stub_and_module_agree_in_both_directions():
    with open(STUB) as f:
        tree = ast.parse(f.read())
    stub_functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    stub_names = stub_functions | {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            stub_names |= {t.id for t in targets if isinstance(t, ast.Name)}
        if isinstance(node, ast.ImportFrom):
            stub_names |= {a.asname or a.name for a in node.names}
    runtime = {n for n in dir(torch) if not n.startswith("_") and callable(getattr(torch, n))}
    runtime = {n for n in runtime if not inspect.ismodule(getattr(torch, n))}
    missing_in_stub = sorted(runtime - stub_names)
    assert not missing_in_stub, f"in the module, not in __init__.pyi: {missing_in_stub}"
    missing_at_runtime = sorted(n for n in stub_functions if not hasattr(torch, n))
    assert not missing_at_runtime, f"in __init__.pyi, not in the module: {missing_at_runtime}"
    tensor = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Tensor")
    stub_methods = {n.name for n in tensor.body if isinstance(n, ast.FunctionDef)}
    for name, (functional_only, _) in ROWS.items():
        assert (name in stub_methods) != functional_only, name
        assert (name in stub_functions) != functional_only, name


BINARY_RECORDED = os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "binary_ops.json")


@pytest.mark.parametrize("name", sorted(json.load(open(BINARY_RECORDED))["ops"]))
def test_binary_rows_match_pytorch(name):
    assert name in _C._binary_ops and _row(getattr(torch, name)) is getattr(_C, name)
    for row in json.load(open(BINARY_RECORDED))["ops"][name]["float64"]:
        a0, b0, y0, ga0, gb0 = (_dec(v) for v in row)
        a = torch.tensor([a0], dtype=torch.float64, requires_grad=True)
        b = torch.tensor([b0], dtype=torch.float64, requires_grad=True)
        y = getattr(a, name)(b)
        y.sum().backward()
        assert _same(y.item(), y0), (name, a0, b0, y.item(), y0)
        assert _same(a.grad.item(), ga0), (name, a0, b0, a.grad.item(), ga0)
        assert _same(b.grad.item(), gb0), (name, a0, b0, b.grad.item(), gb0)


def test_remainder_is_the_modulo_operator():
    # values recorded from PyTorch: torch.tensor([7, -7, 5]) % 3, and float operands
    assert (torch.tensor([7, -7, 5]) % 3).tolist() == [1, 2, 2]
    assert (torch.tensor([5.5, -5.5]) % torch.tensor([-2.0, 2.0])).tolist() == [-0.5, 0.5]
    assert (7 % torch.tensor([3, -3])).tolist() == [1, -2]
    assert torch.fmod(torch.tensor([-7]), 3).tolist() == [-1]
    x = torch.tensor([2.5], requires_grad=True)
    assert (x % 1.0).grad_fn.name() == "RemainderBackward0"


def test_binary_rows_take_numbers_where_pytorch_has_a_scalar_overload():
    # grad_fn names, values and errors recorded from PyTorch 2.15
    x = torch.tensor([1.5, 2.0], requires_grad=True)
    y = torch.tensor([1.0, 3.0])
    assert torch.fmod(x, y).grad_fn.name() == "FmodBackward1"
    assert torch.fmod(x, 2.0).grad_fn.name() == "FmodBackward0"
    assert torch.fmod(x, torch.tensor(2.0)).grad_fn.name() == "FmodBackward1"
    assert (x % y).grad_fn.name() == "RemainderBackward1"
    assert torch.remainder(x, 2).grad_fn.name() == "RemainderBackward0"
    c = torch.copysign(x, -2.0)
    assert c.grad_fn.name() == "CopysignBackward1" and c.tolist() == [-1.5, -2.0]
    z = torch.xlogy(x, 2.0)
    assert z.grad_fn.name() == "XlogyBackward2"
    w = torch.xlogy(2.0, x)
    assert w.grad_fn.name() == "XlogyBackward1"
    assert len(w.grad_fn.next_functions) == 1 and len(z.grad_fn.next_functions) == 1
    w.sum().backward()
    assert torch.allclose(x.grad, torch.tensor([2.0 / 1.5, 1.0]))
    assert torch.fmod(torch.tensor([7, -7]), 3).dtype == torch.int64
    assert torch.fmod(torch.tensor([7, -7]), 3.0).dtype == torch.float32
    for name in ("atan2", "hypot", "maximum", "minimum", "fmax", "fmin"):
        with pytest.raises(TypeError) as e:
            getattr(torch, name)(x, 2.0)
        assert str(e.value) == f"{name}(): argument 'other' (position 2) must be Tensor, not float"
        with pytest.raises(TypeError) as e:
            getattr(x, name)(2)
        assert str(e.value) == f"{name}(): argument 'other' (position 1) must be Tensor, not int"
        with pytest.raises(TypeError) as e:
            getattr(torch, name)(2.0, x)
        assert str(e.value) == f"{name}(): argument 'input' (position 1) must be Tensor, not float"


INPLACE = os.path.join(HERE, "data", "inplace_ops.json")


def _inplace_call(name, how):
    F = torch.nn.functional
    return {
        "method": lambda x: getattr(x, name + "_")(),
        "torch": lambda x: getattr(torch, name + "_")(x),
        "functional_": lambda x: getattr(F, name + "_")(x),
        "inplace=True": lambda x: getattr(F, name)(x, inplace=True),
    }[how]


def test_in_place_forms_match_pytorch():
    # every in-place entry point PyTorch has for a row: same object returned, PyTorch's grad_fn,
    # values and gradient (recorded by data/gen_inplace_ops.py)
    with open(INPLACE) as f:
        records = json.load(f)["records"]
    assert len(records) >= 80
    for r in records:
        w = torch.tensor(r["x"], dtype=torch.float64, requires_grad=True)
        x = w * 1
        out = _inplace_call(r["op"], r["how"])(x)
        where = f"{r['how']} {r['op']}"
        assert out is x, where
        assert x.grad_fn.name() == r["grad_fn"], where
        assert x.detach().tolist() == pytest.approx(r["y"], rel=1e-12, abs=1e-15), where
        (x * torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)).sum().backward()
        if "error" in r:
            # PyTorch has no derivative for in-place asinh_/acosh_/atanh_; ours is the
            # out-of-place one (a documented departure)
            assert r["error"][0] == "NotImplementedError", where
            expected = torch.tensor(r["x"], dtype=torch.float64, requires_grad=True)
            (getattr(torch, r["op"])(expected) * torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)).sum().backward()
            assert w.grad.tolist() == pytest.approx(expected.grad.tolist(), rel=1e-12), where
        else:
            assert w.grad.tolist() == pytest.approx(r["grad"], rel=1e-12, abs=1e-15), where


def test_in_place_forms_refuse_leaves_and_integer_results():
    w = torch.tensor([0.5], requires_grad=True)
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being used in an in-place operation.$"):
        w.exp_()
    with pytest.raises(RuntimeError, match="^result type Float can't be cast to the desired output type Long$"):
        torch.tensor([1, 2]).cos_()
    t = torch.tensor([-1, 2])
    assert t.abs_() is t and t.tolist() == [1, 2]
