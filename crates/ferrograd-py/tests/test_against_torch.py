"""Every snippet of cases.py run with ferrograd, compared with what PyTorch gave
(data/expected.json, written by generate_expected.py), and the Jacobian-vector products of
cases.JVP_CASES by ferrograd's forward_ad, compared with torch.func.jvp."""

import json
import math
import os

import numpy as np
import pytest

import ferrograd
import ferrograd.nn.functional as F
from cases import CASES, JVP_CASES
from normalize import run_case

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "expected.json")) as f:
    _DATA = json.load(f)
EXPECTED = _DATA["cases"]
EXPECTED_JVP = _DATA["jvp"]

RTOL, ATOL = 1e-5, 1e-6


def close(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        if math.isinf(a) or math.isinf(b):
            return a == b
        return abs(a - b) <= ATOL + RTOL * abs(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return a == b


def compare(got, want, flags, path="out"):
    if isinstance(want, dict) and want.get("type") == "tensor":
        assert isinstance(got, dict) and got.get("type") == "tensor", f"{path}: {got!r}"
        for key in ("dtype", "shape"):
            assert got[key] == want[key], f"{path}.{key}: {got[key]} != {want[key]}"
        if "random" in flags:
            return
        for key in ("requires_grad", "is_leaf"):
            assert got[key] == want[key], f"{path}.{key}: {got[key]} != {want[key]}"
        if "no_grad_fn" not in flags:
            assert got["grad_fn"] == want["grad_fn"], f"{path}.grad_fn: {got['grad_fn']} != {want['grad_fn']}"
        assert close(got["values"], want["values"]), f"{path}.values: {got['values']} != {want['values']}"
        if "approx" not in flags:
            assert got["repr"] == want["repr"], f"{path}.repr:\n{got['repr']}\n!=\n{want['repr']}"
        return
    if isinstance(want, dict) and want.get("type") == "seq":
        assert isinstance(got, dict) and got.get("type") == "seq", f"{path}: {got!r}"
        assert len(got["items"]) == len(want["items"]), f"{path}: length {len(got['items'])} != {len(want['items'])}"
        for i, (g, w) in enumerate(zip(got["items"], want["items"])):
            compare(g, w, flags, f"{path}[{i}]")
        return
    if isinstance(want, dict) and want.get("type") == "float":
        assert isinstance(got, dict) and got.get("type") == "float", f"{path}: {got!r}"
        if "approx" in flags or "random" in flags:
            assert close(got["value"], want["value"]), f"{path}: {got} != {want}"
        else:
            assert close(got["value"], want["value"]), f"{path}: {got} != {want}"
        return
    assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_case(case):
    name, code, flags = case[0], case[1], set(case[2:])
    want = EXPECTED[name]
    got = run_case(code, ferrograd, F, np)
    if "error" in want:
        assert "error" in got, f"expected {want['error']}: {want['message']}, got {got.get('out')!r}"
        assert got["error"] == want["error"], f"{got['error']}: {got['message']}"
        # Python names the operand types in operator errors by their type name, which for the
        # extension type includes its module ('ferrograd.Tensor'); PyTorch's says 'Tensor'.
        assert got["message"].replace("'torch.Tensor'", "'Tensor'") == want["message"]
    else:
        assert "error" not in got, f"unexpected {got.get('error')}: {got.get('message')}"
        compare(got["out"], want["out"], flags)
    assert got["warnings"] == want["warnings"]


@pytest.mark.parametrize("case", JVP_CASES, ids=[c[0] for c in JVP_CASES])
def test_jvp_against_torch_func(case):
    name, f_src, primals_src, tangents_src = case
    want = EXPECTED_JVP[name]
    env = {"torch": ferrograd, "F": F}
    f = eval(f_src, env)
    primals, tangents = eval(primals_src, env), eval(tangents_src, env)
    fwAD = ferrograd.autograd.forward_ad
    with fwAD.dual_level():
        outs = f(*[fwAD.make_dual(p, t) for p, t in zip(primals, tangents)])
        outs = outs if isinstance(outs, tuple) else (outs,)
        unpacked = [fwAD.unpack_dual(o) for o in outs]
    assert str(outs[0].dtype).replace("ferrograd.", "torch.") == want["dtype"]
    assert len(unpacked) == len(want["jvp"])
    for (primal, tangent), out_w, jvp_w in zip(unpacked, want["out"], want["jvp"]):
        assert tangent is not None
        assert close(primal.tolist(), out_w), f"{name} output: {primal.tolist()} != {out_w}"
        assert close(tangent.tolist(), jvp_w), f"{name} jvp: {tangent.tolist()} != {jvp_w}"
