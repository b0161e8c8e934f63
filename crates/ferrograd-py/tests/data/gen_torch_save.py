"""Records a checkpoint written by PyTorch's torch.save, and what it holds, for test_serialization.py.

Run with PyTorch installed (never in CI): python gen_torch_save.py
Writes torch_checkpoint.pt and torch_checkpoint.json next to this script.
"""

import collections
import json
import os
import pickletools
import zipfile

import torch

from checkpoint_describe import describe

HERE = os.path.dirname(os.path.abspath(__file__))


def globals_of(pickled):
    """The GLOBAL names and persistent-id storage types a pickle stream uses, in order of first use."""
    names = []
    for op, arg, _ in pickletools.genops(pickled):
        if op.name == "GLOBAL" and arg not in names:
            names.append(arg)
    return names


def main():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.randn(5, 3)).pow(2).sum().backward()
    opt.step()
    base = torch.arange(12, dtype=torch.float64).reshape(3, 4)
    checkpoint = {
        "model": model.state_dict(),
        "optimizer": opt.state_dict(),
        "epoch": 7,
        "losses": [0.5, 0.25],
        "param": torch.nn.Parameter(torch.tensor([1.5, -2.0])),
        "size": torch.Size([2, 3]),
        "dtype": torch.float64,
        "transposed": base.t(),
        "row": base[1],
        "strided": base[:, ::2],
        "scalar": torch.tensor(3.25),
        "empty": torch.zeros(0, 2),
        "int32": torch.tensor([1, -2, 3], dtype=torch.int32),
        "uint8": torch.tensor([0, 255], dtype=torch.uint8),
        "half": torch.tensor([0.5, -1.25], dtype=torch.float16),
        "bfloat16": torch.tensor([1.0, 3.0], dtype=torch.bfloat16),
        "mask": torch.tensor([True, False, True]),
        "grad_leaf": torch.tensor([1.0, 2.0], requires_grad=True),
    }
    path = os.path.join(HERE, "torch_checkpoint.pt")
    torch.save(checkpoint, path)
    with zipfile.ZipFile(path) as z:
        pickled = z.read("torch_checkpoint/data.pkl")
    # A plain state dict, to compare the pickle stream ferrograd writes for the same dict.
    plain = collections.OrderedDict([("weight", torch.tensor([[1.0, 2.0]])), ("bias", torch.tensor([0.5])), ("steps", torch.tensor(3))])
    import io

    buffer = io.BytesIO()
    torch.save(plain, buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        plain_pickled = z.read("archive/data.pkl")
        plain_names = sorted(z.namelist())
    record = {
        "torch": torch.__version__,
        "loaded": describe(torch.load(path), torch),
        "globals": globals_of(pickled),
        "plain_globals": globals_of(plain_pickled),
        "plain_opcodes": [op.name for op, _, _ in pickletools.genops(plain_pickled) if op.name not in ("BINPUT", "LONG_BINPUT")],
        "plain_records": [n for n in plain_names if not n.endswith("serialization_id")],
    }
    with open(os.path.join(HERE, "torch_checkpoint.json"), "w") as f:
        json.dump(record, f, indent=1)


if __name__ == "__main__":
    main()
