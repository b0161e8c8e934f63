"""``torch.save`` / ``torch.load`` in PyTorch's zip format, against a checkpoint written by PyTorch
(``data/gen_torch_save.py``): what it holds loads with PyTorch's values, and what ferrograd writes
has PyTorch's records and pickle stream."""

import collections
import doctest
import io
import json
import os
import pickle
import pickletools
import sys
import zipfile

import pytest

import ferrograd as torch
import ferrograd.serialization

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
sys.path.insert(0, DATA)
import checkpoint_describe  # noqa: E402
with open(os.path.join(DATA, "torch_checkpoint.json")) as _f:
    RECORD = json.load(_f)


def describe(obj):
    return checkpoint_describe.describe(obj, torch)


# dtypes ferrograd does not hold load converted: smaller integers as int64, 16-bit floats as float32
CONVERTED = {"torch.int32": "torch.int64", "torch.uint8": "torch.int64", "torch.float16": "torch.float32", "torch.bfloat16": "torch.float32"}


def expected(desc):
    if isinstance(desc, dict):
        out = {k: expected(v) for k, v in desc.items()}
        if "dtype" in out and out["dtype"] in CONVERTED:
            out["dtype"] = CONVERTED[out["dtype"]]
        return out
    if isinstance(desc, list):
        return [expected(v) for v in desc]
    return desc


def jsonish(obj):
    return json.loads(json.dumps(obj))


def test_pytorchs_checkpoint_loads_with_its_values():
    loaded = torch.load(os.path.join(DATA, "torch_checkpoint.pt"))
    assert jsonish(describe(loaded)) == expected(RECORD["loaded"])
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    assert str(model.load_state_dict(loaded["model"])) == "<All keys matched successfully>"
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    opt.load_state_dict(loaded["optimizer"])
    assert opt.state_dict()["state"][0]["exp_avg"].tolist() == loaded["optimizer"]["state"][0]["exp_avg"].tolist()
    assert isinstance(loaded["param"], torch.nn.Parameter)
    assert loaded["grad_leaf"].requires_grad and loaded["grad_leaf"].is_leaf


def round_trip(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue(), torch.load(io.BytesIO(buffer.getvalue()))


def test_pytorchs_checkpoint_saved_again_loads_the_same():
    loaded = torch.load(os.path.join(DATA, "torch_checkpoint.pt"))
    _, again = round_trip(loaded)
    assert describe(again) == describe(loaded)


def test_written_archive_has_pytorchs_records_and_pickle_stream():
    plain = collections.OrderedDict([("weight", torch.tensor([[1.0, 2.0]])), ("bias", torch.tensor([0.5])), ("steps", torch.tensor(3))])
    data, back = round_trip(plain)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == RECORD["plain_records"]
        pickled = z.read("archive/data.pkl")
        for info in z.infolist():
            if "/data/" in info.filename:
                start = info.header_offset + 30 + len(info.filename) + len(info.extra)
                assert start % 64 == 0, info.filename
        assert z.read("archive/data/0") == b"\x00\x00\x80?\x00\x00\x00@"
        assert z.read("archive/version") == b"3\n"
    ops = [op.name for op, _, _ in pickletools.genops(pickled) if op.name not in ("BINPUT", "LONG_BINPUT")]
    assert ops == RECORD["plain_opcodes"]
    names = []
    for op, arg, _ in pickletools.genops(pickled):
        if op.name == "GLOBAL" and arg not in names:
            names.append(arg)
    assert names == RECORD["plain_globals"]
    assert describe(back) == describe(plain)


def test_round_trip_of_training_state(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.randn(5, 3)).sum().backward()
    opt.step()
    state = {"model": model.state_dict(), "opt": opt.state_dict(), "epoch": 3, "dtype": torch.float64, "size": torch.Size([2]), "p": torch.nn.Parameter(torch.ones(2, dtype=torch.float64)), "view": torch.arange(6.0).reshape(2, 3).t(), "s": torch.tensor(5), "e": torch.zeros(0, 3, dtype=torch.int64), "b": torch.tensor([True, False])}
    path = tmp_path / "ckpt.pt"
    torch.save(state, path)
    back = torch.load(path)
    assert describe(back) == describe(state)
    assert back["s"].dim() == 0 and back["view"].is_contiguous()
    twin = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    twin.load_state_dict(back["model"])
    assert twin[0].weight.tolist() == model[0].weight.tolist()
    # the same tensor object twice is one record
    t = torch.ones(3)
    data, again = round_trip([t, t])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert [n for n in z.namelist() if "/data/" in n] == ["archive/data/0"]
    assert again[0].tolist() == again[1].tolist() == [1.0, 1.0, 1.0]


class Custom:
    pass


def test_weights_only_refuses_other_globals_with_pytorchs_message():
    buffer = io.BytesIO()
    torch.save({"a": Custom()}, buffer)
    with pytest.raises(pickle.UnpicklingError) as e:
        torch.load(io.BytesIO(buffer.getvalue()))
    text = str(e.value)
    assert text.startswith("Weights only load failed. This file can still be loaded")
    assert f"Unsupported global: GLOBAL {__name__}.Custom was not an allowed global by default." in text
    loaded = torch.load(io.BytesIO(buffer.getvalue()), weights_only=False)
    assert isinstance(loaded["a"], Custom)
    with torch.serialization.safe_globals([Custom]):
        assert isinstance(torch.load(io.BytesIO(buffer.getvalue()))["a"], Custom)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(io.BytesIO(buffer.getvalue()))


def test_what_cannot_load_says_so(tmp_path):
    bad = tmp_path / "garbage.pt"
    bad.write_bytes(b"hello world garbage")
    with pytest.raises(RuntimeError, match="is not a file written by torch.save"):
        torch.load(bad)
    st = tmp_path / "m.safetensors"
    import ferrograd.safetensors as safetensors

    safetensors.save_file({"w": torch.ones(2)}, str(st))
    with pytest.raises(RuntimeError, match="is a safetensors file; read it with ferrograd.safetensors.load_file"):
        torch.load(st)
    legacy = io.BytesIO()
    pickle.dump(0x1950A86A20F9469CFC6C, legacy, protocol=2)
    pickle.dump(1001, legacy, protocol=2)
    with pytest.raises(RuntimeError, match="legacy format"):
        torch.load(io.BytesIO(legacy.getvalue()))
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a/other.txt", b"x")
    with pytest.raises(RuntimeError, match="without the data.pkl record"):
        torch.load(io.BytesIO(z.getvalue()))
    with pytest.raises(RuntimeError, match="cannot map storages to cuda"):
        torch.load(os.path.join(DATA, "torch_checkpoint.pt"), map_location="cuda")
    assert torch.load(os.path.join(DATA, "torch_checkpoint.pt"), map_location="cpu")["epoch"] == 7
    with pytest.raises(FileNotFoundError):
        torch.load(tmp_path / "missing.pt")
    # a whole module is refused with weights_only=False too (its classes are PyTorch's)
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w") as zf:
        zf.writestr("archive/data.pkl", b"\x80\x02ctorch.nn.modules.linear\nLinear\nq\x00.")
    with pytest.raises(pickle.UnpicklingError, match="save the model's state_dict"):
        torch.load(io.BytesIO(whole.getvalue()), weights_only=False)
    # a record that lies outside its storage
    forged = io.BytesIO()
    torch.save({"w": torch.ones(2)}, forged)
    raw = bytearray(forged.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zin:
        pkl = zin.read("archive/data.pkl")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for n in zin.namelist():
                zout.writestr(n, pkl.replace(b"K\x02\x85", b"K\x09\x85") if n.endswith("data.pkl") else zin.read(n))
    with pytest.raises(RuntimeError, match="outside its storage"):
        torch.load(io.BytesIO(out.getvalue()))


def test_docstrings():
    failures, tried = doctest.testmod(ferrograd.serialization, optionflags=doctest.ELLIPSIS)
    assert tried >= 7 and failures == 0
