"""Hostile arguments: sizes that overflow or cannot be allocated, negative and deeply nested
inputs, and a sweep of every public callable. Nothing may crash the interpreter or raise
pyo3's ``PanicException``; where PyTorch has an error, ferrograd raises the same type and
message (recorded by ``data/gen_hostile_sizes.py`` into ``data/hostile_sizes.json``)."""

import json
import pathlib
import subprocess
import sys

import pytest

import ferrograd as torch

HERE = pathlib.Path(__file__).parent
CASES = json.loads((HERE / "data" / "hostile_sizes.json").read_text())


def nest(d):
    x = [1.0]
    for _ in range(d - 1):
        x = [x]
    return x


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_hostile_sizes_match_pytorch(case):
    env = {"torch": torch, "nest": nest}
    if "value" in case:
        r = eval(case["expr"], env)
        assert repr(r).replace("torch.Size", "Size") == case["value"]
        return
    with pytest.raises(Exception) as info:
        eval(case["expr"], env)
    assert type(info.value).__name__ == case["type"]
    assert str(info.value) == case["message"]


def test_out_of_memory_is_an_ordinary_runtime_error():
    # 4 TB: refused when reserved (Linux overcommit still refuses a request beyond RAM + swap)
    with pytest.raises(RuntimeError, match="DefaultCPUAllocator: can't allocate memory"):
        torch.zeros(10**12)
    # the interpreter is intact and allocation works afterwards
    assert torch.zeros(3).sum().item() == 0.0


def test_huge_sizes_never_wrap():
    with pytest.raises(RuntimeError):
        torch.zeros(2**40, 2**40)
    x = torch.zeros(0, 2**62)
    assert x.numel() == 0
    assert x.shape == (0, 2**62)


def test_self_containing_list_is_a_value_error():
    x = []
    x.append(x)
    with pytest.raises(ValueError, match="too many dimensions 'list'"):
        torch.tensor(x)


def test_deep_tensors_print_and_convert_or_raise_recursion_error():
    deep = torch.ones([1] * 100)
    assert deep.tolist() == nest(100)
    assert repr(deep) == "tensor(" + "[" * 100 + "1." + "]" * 100 + ")"
    deeper = torch.zeros([1] * (sys.getrecursionlimit() + 1))
    for f in (repr, lambda t: t.tolist()):
        with pytest.raises(RecursionError):
            f(deeper)


def test_panics_become_runtime_errors_not_panic_exceptions():
    # the bindings' last line of defence (#[catch_panics]): a panic inside any binding is a
    # RuntimeError with the panic's message, which `except Exception` catches
    with pytest.raises(RuntimeError, match="^deliberate panic$") as info:
        torch._C._panic_for_tests("deliberate panic")
    assert type(info.value) is RuntimeError
    assert torch.zeros(1).item() == 0.0


def test_every_binding_is_guarded_against_panics():
    # each #[pyfunction] and #[pymethods] block carries #[catch_panics] on the line above
    src = HERE.parent / "src"
    unguarded = []
    for path in sorted(src.rglob("*.rs")):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if line.strip() in ("#[pyfunction]", "#[pymethods]"):
                if i == 0 or "catch_panics" not in lines[i - 1]:
                    unguarded.append(f"{path.name}:{i + 1}")
    assert unguarded == []


def test_unbind_of_a_scalar_is_an_index_error_not_a_panic():
    with pytest.raises(IndexError, match="^Dimension specified as 0 but tensor has no dimensions$"):
        torch.tensor(2.5).unbind()


def test_sweep_of_every_public_callable():
    proc = subprocess.run(
        [sys.executable, str(HERE / "hostile_sweep.py")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["problems"] == []
    # the sweep covers the module, Tensor methods, nn.functional and autograd
    assert report["callables"] >= 300
    assert report["calls"] >= 100_000
