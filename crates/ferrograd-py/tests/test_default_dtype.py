"""``torch.set_default_dtype(torch.float64)``: factories, promotions, modules, random numbers and
printing as PyTorch's, recorded by ``data/gen_default_dtype.py``."""

import json
import os

import pytest

import ferrograd as torch

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "default_dtype.json")) as _f:
    CASES = json.load(_f)["cases"]


@pytest.fixture
def float64_default():
    torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        torch.set_default_dtype(torch.float32)


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_expression_prints_as_pytorch(case, float64_default):
    value = eval(case["expr"])
    assert repr(value) == case["repr"]
    assert str(getattr(value, "dtype", "")) == case["dtype"]


def test_default_restored_and_errors():
    assert torch.get_default_dtype() is torch.float32
    assert repr(torch.tensor([1.5])) == "tensor([1.5000])"
    with pytest.raises(TypeError, match="^only floating-point types are supported as the default type$"):
        torch.set_default_dtype(torch.int64)
    with pytest.raises(TypeError, match="must be torch.dtype, not int"):
        torch.set_default_dtype(3)
    with pytest.raises(TypeError, match="ferrograd does not support dtype torch.float16"):
        torch.set_default_dtype(torch.float16)
    assert torch.get_default_dtype() is torch.float32


def test_default_device_and_accelerator():
    assert torch.accelerator.is_available() is False
    assert torch.accelerator.current_accelerator() is None
    assert torch.accelerator.device_count() == 0
    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    torch.set_default_device(device)
    torch.set_default_device(None)
    assert torch.get_default_device() == torch.device("cpu")
    with pytest.raises(RuntimeError, match="CPU only"):
        torch.set_default_device("cuda")
    with pytest.raises(RuntimeError, match="^Expected one of cpu"):
        torch.set_default_device("foo")
    with pytest.raises(RuntimeError, match="no accelerator"):
        torch.accelerator.current_device_index()
