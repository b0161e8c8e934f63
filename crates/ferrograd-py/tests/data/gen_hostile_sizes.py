"""Records what real PyTorch does with hostile sizes: writes hostile_sizes.json beside itself.

Run with a Python that has torch installed (not part of CI):
    /work/torchenv/bin/python crates/ferrograd-py/tests/data/gen_hostile_sizes.py

Each case is an expression over ``torch`` and ``nest(d)`` (a list nested ``d`` deep); the
record holds the exception type and message, or the ``repr`` of the result. PyTorch prefixes
allocator failures with the C++ source location (``[enforce fail at alloc_cpu.cpp:127] err ==
0. ``); that prefix is dropped.
"""

import json
import pathlib
import re

import torch

CASES = [
    "torch.zeros(10**12)",
    "torch.zeros(10**12, dtype=torch.float64)",
    "torch.ones(10**12)",
    "torch.empty(10**12)",
    "torch.zeros(2**60)",
    "torch.zeros(2**62)",
    "torch.zeros(2**61)",
    "torch.ones(2**31, 2**31)",
    "torch.zeros(2**40, 2**40)",
    "torch.ones(2**32 + 1, 2**32)",
    "torch.zeros(1, 2**62)",
    "torch.zeros(0, 2**62, 2**62)",
    "torch.empty(2**62)",
    "torch.full((2**62,), 1.0)",
    "torch.rand(2**62)",
    "torch.randn(2**40, 2**40)",
    "torch.randint(0, 5, (2**62,))",
    "torch.arange(2**62)",
    "torch.arange(0, 1e30, 1e-30)",
    "torch.linspace(0, 1, 2**62)",
    "torch.eye(2**40)",
    "torch.zeros(-1, 2)",
    "torch.zeros(2, -3)",
    "torch.ones(-1)",
    "torch.empty(-1)",
    "torch.rand(-1)",
    "torch.randn(-1, 2)",
    "torch.randint(0, 3, (-1,))",
    "torch.full((2, -1), 1.0)",
    "torch.zeros(1).new_zeros(-1)",
    "torch.zeros(1).new_ones(-2, 3)",
    "torch.Tensor(2, -3)",
    "torch.Tensor(2**62)",
    "torch.zeros(2).expand(2**40, 2**40, 2)",
    "torch.zeros(1).expand(2**62, 4)",
    "torch.zeros(2, 3).view(-1, 2**62)",
    "torch.zeros(2).reshape(2**62)",
    "torch.zeros(0).reshape(2**62, 2**62, 0)",
    "torch.tensor(0.0).expand(2**40, 2**40).sum()",
    "torch.zeros(1, 1).expand(2**40, 1) @ torch.zeros(1, 1).expand(1, 2**40)",
    "torch.zeros(1).expand(2**61) + torch.zeros(1).expand(2**61)",
    "torch.tensor(nest(129))",
    "torch.as_tensor(nest(30000))",
    "torch.tensor(2.5).unbind()",
    "torch.zeros([1] * 65).numpy()",
    "torch.zeros(0, 2**62).shape",
    "torch.zeros(2**31, 0).reshape(-1, 2**40).shape",
    "torch.zeros(0, 2**62).reshape(2**62, 0, 5).shape",
    "torch.eye(2**40, 0).shape",
    "torch.tensor(nest(128)).dim()",
]


def nest(d):
    x = [1.0]
    for _ in range(d - 1):
        x = [x]
    return x


def main():
    out = []
    for expr in CASES:
        try:
            r = eval(expr, {"torch": torch, "nest": nest})
            out.append({"expr": expr, "value": repr(r).replace("torch.Size", "Size")})
        except Exception as e:  # noqa: BLE001 - recording what is raised
            msg = re.sub(r"^\[enforce fail at [^\]]*\] err == 0\. ", "", str(e))
            out.append({"expr": expr, "type": type(e).__name__, "message": msg})
    path = pathlib.Path(__file__).with_name("hostile_sizes.json")
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
