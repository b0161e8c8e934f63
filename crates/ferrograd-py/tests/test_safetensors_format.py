"""``ferrograd.safetensors`` against a file written by PyTorch's ``safetensors.torch``
(``crates/ferrograd/tests/data/gen_safetensors.py``): values, and PyTorch's bytes on writing."""

import doctest
import json
import os

import pytest

import ferrograd as torch
import ferrograd.safetensors as st

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ferrograd", "tests", "data")


def test_pytorchs_file_loads_and_round_trips_to_its_bytes(tmp_path):
    with open(os.path.join(DATA, "torch_state.json")) as f:
        want = json.load(f)
    sd = st.load_file(os.path.join(DATA, "torch_state.safetensors"))
    assert set(sd) == set(want)
    for name, t in sd.items():
        assert list(t.shape) == want[name]["shape"]
        assert t.flatten().tolist() == want[name]["values"]
    core = {k: v for k, v in sd.items() if k not in ("small_ints", "bytes")}
    with open(os.path.join(DATA, "torch_state_core.safetensors"), "rb") as f:
        assert st.save(core) == f.read()
    # a module's state dict through a file
    torch.manual_seed(0)
    lin = torch.nn.Linear(3, 2)
    path = tmp_path / "lin.safetensors"
    st.save_file(lin.state_dict(), str(path))
    other = torch.nn.Linear(3, 2)
    other.load_state_dict(st.load_file(str(path)))
    assert other.weight.tolist() == lin.weight.tolist()
    assert lin.weight.tolist() == sd["0.weight"].tolist()  # manual_seed(0): PyTorch's weights


def test_errors_and_docstrings():
    with pytest.raises(ValueError, match="^safetensors: "):
        st.load(b"nope")
    with pytest.raises(RuntimeError, match="cannot load to cuda"):
        st.load_file("x", device="cuda")
    result = doctest.testmod(st, verbose=False)
    assert result.failed == 0 and result.attempted > 0
