"""``__all__``: ``from ferrograd import *`` binds the public API and never a name of Python's
builtins. (PyTorch 2.15's own ``__all__`` does list ``int``, ``float``, ``bool``, ``abs``,
``all``, ``any``, ``max``, ``min``, ``pow``, ``round``, ``sum``, ``range``, ``complex`` and
``compile``, so ``from torch import *`` there makes ``int`` the dtype ``torch.int32``;
ferrograd leaves them out.)"""

import builtins
import subprocess
import sys
import types

import ferrograd as torch
import ferrograd.autograd
import ferrograd.nn


def test_all_names_exist_and_are_public():
    for ns in (torch, torch.autograd, torch.nn):
        for name in ns.__all__:
            assert hasattr(ns, name), f"{ns.__name__}.{name}"
    assert not [n for n in torch.__all__ if n.startswith("_")]
    assert len(torch.__all__) == len(set(torch.__all__))


def test_no_builtin_is_shadowed():
    shadowing = [n for n in torch.__all__ if hasattr(builtins, n)]
    assert shadowing == []
    for name in ("int", "float", "bool", "abs", "all", "any", "max", "min", "sum", "pow"):
        assert name not in torch.__all__
        assert hasattr(torch, name)  # still reachable as torch.<name>


def test_all_lists_the_public_api():
    public = set(torch.__all__)
    for name in ("Tensor", "tensor", "zeros", "float32", "int64", "int32", "float16", "no_grad", "Size",
                 "device", "dtype", "from_numpy", "from_dlpack", "sin", "matmul", "where", "cat",
                 "long", "double", "half", "short", "manual_seed", "is_grad_enabled"):
        assert name in public, name
    # submodules are not star-exported; they stay attributes
    assert not [n for n in torch.__all__ if isinstance(getattr(torch, n), types.ModuleType)]


def test_star_import_keeps_builtins_working():
    ns = {}
    exec("from ferrograd import *", ns)
    exec(
        "r = (int('3'), float('1.5'), bool(0), abs(-2), all([1, 1]), any([0]), max(1, 2), min(1, 2),"
        " sum([1, 2]), pow(2, 3), round(2.6))",
        ns,
    )
    assert ns["r"] == (3, 1.5, False, 2, True, False, 2, 1, 3, 8, 3)
    assert ns["tensor"] is torch.tensor and ns["float32"] is torch.float32


def test_star_import_in_a_fresh_interpreter():
    code = "from ferrograd import *\nprint(int('3') == 3, float('2') == 2.0, type(zeros(1)).__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "Tensor"]
