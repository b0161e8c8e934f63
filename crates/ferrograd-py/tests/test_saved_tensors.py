"""grad_fn._saved_<name>: the tensors each node saves for backward, under PyTorch's names and
with PyTorch's values (recorded by data/gen_saved_tensors.py)."""

import json
import math
import os

import pytest

import ferrograd as torch

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "saved_tensors.json")) as f:
    CASES = json.load(f)["cases"]


def variables():
    f64 = torch.float64
    return {
        "torch": torch,
        "x": torch.tensor([[0.5, -1.5, 2.0], [0.25, 3.0, -0.75]], dtype=f64, requires_grad=True),
        "p": torch.tensor([[0.5, 1.5, 2.0], [0.25, 3.0, 0.75]], dtype=f64, requires_grad=True),
        "u": torch.tensor([[0.5, -0.5, 0.2], [0.25, 0.3, -0.75]], dtype=f64, requires_grad=True),
        "y": torch.tensor([[1.5, 0.5, -2.0], [4.0, -1.0, 0.5]], dtype=f64, requires_grad=True),
        "m": torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=f64, requires_grad=True),
        "v": torch.tensor([1.0, -2.0, 0.5], dtype=f64, requires_grad=True),
        "t": torch.tensor([2, 0]),
    }


# Nodes (by grad_fn, or by expression) whose rule is written from other saved tensors than
# PyTorch's (same gradients): each name is one that only ferrograd saves, or only PyTorch.
DIFFERENT_FORMULA = {
    # the inverse is saved instead of recomputed from `self`
    "ErfinvBackward0": ("result", "self"),
    # the generic row's rule (grad · 1) reads its input; PyTorch's passes grad through
    "FracBackward0": ("self",),
    "FmodBackward0": ("self",),
    "RemainderBackward0": ("self",),
    # formulas from the inputs alone, without the result
    "HypotBackward0": ("result",),
    "CopysignBackward0": ("result", "other"),
    "CopysignBackward1": ("result",),
    "PowBackward2": ("exponent",),
    # softplus-style formula without PyTorch's intermediate buffer
    "LogSigmoidBackward0": ("buffer",),
    # a Python number is kept in the rule, not saved as a wrapped tensor
    "x * 2": ("other",),
    "x / 2": ("other",),
    # the target and weights are captured by the rule, which reads no saved input
    "NllLossBackward0": ("self", "target", "total_weight"),
}


def saved_names(fn):
    return {a[len("_saved_"):] for a in dir(fn) if a.startswith("_saved_")}


@pytest.mark.parametrize("expr", list(CASES))
def test_saved_tensors_as_pytorch(expr):
    case = CASES[expr]
    out = eval(expr, variables())
    fn = out.grad_fn
    assert fn.name() == case["grad_fn"]
    ours = saved_names(fn)
    different = DIFFERENT_FORMULA.get(expr, DIFFERENT_FORMULA.get(case["grad_fn"], ()))
    theirs = {n for n, s in case["saved"].items() if "tensor" in s}
    for name in ours:
        rec = case["saved"].get(name, {})
        if "other" in rec:
            # a number PyTorch keeps (`_saved_alpha`): the same value and type
            assert repr(getattr(fn, "_saved_" + name)) == rec["other"], name
            continue
        assert name in theirs or name in different, (
            f"{case['grad_fn']} saves '{name}', which PyTorch's does not"
        )
        if name in theirs:
            rec = case["saved"][name]
            t = getattr(fn, "_saved_" + name)
            assert list(t.shape) == rec["shape"]
            got = t.detach().double().reshape(-1).tolist()
            for a, b in zip(got, rec["tensor"]):
                assert a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) < 1e-12
    missing = theirs - ours - set(different)
    assert not missing, f"{case['grad_fn']} does not expose {sorted(missing)}"


def test_saved_tensors_are_freed_by_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    fn = y.grad_fn
    assert torch.equal(fn._saved_result, y)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="after they have already been freed"):
        fn._saved_result
    with pytest.raises(AttributeError, match="'ExpBackward0' object has no attribute '_saved_self'"):
        x.exp().grad_fn._saved_self


def test_saved_tensors_are_version_checked():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a = x * 1
    fn = a.sin().grad_fn
    a.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        fn._saved_self
