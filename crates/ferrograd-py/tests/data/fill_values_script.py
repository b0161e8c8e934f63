"""Values that fill a tensor (``full``, ``full_like``, ``new_full``, ``fill_``): integers kept
exactly, and PyTorch's overflow error for a value the dtype cannot hold.

Run as ``python fill_values_script.py torch`` (PyTorch, to record fill_values.out) or
``python fill_values_script.py ferrograd`` (what test_bad_inputs.py compares with the record)."""

import sys

from _show import show as _show

if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch


def show(text):
    _show(text, globals())

for c in ["torch.full((2,), 1e30, dtype=torch.int64)",
          "torch.full((2,), float('inf'), dtype=torch.int64)",
          "torch.full((2,), float('nan'), dtype=torch.int64)",
          "torch.full((2,), 2**63, dtype=torch.int64)",
          "torch.full((2,), 2**63 - 1, dtype=torch.int64)",
          "torch.full((2,), -2**63, dtype=torch.int64)",
          "torch.full((2,), 9.3e18, dtype=torch.int64)",
          "torch.full((2,), 9.2e18, dtype=torch.int64)",
          "torch.full((2,), 2.7, dtype=torch.int64)",
          "torch.full((2,), -2.7, dtype=torch.int64)",
          "torch.full((2,), 1e300, dtype=torch.float32)",
          "torch.full((2,), 1e39)",
          "torch.full((2,), 2**70)",
          "torch.full((2,), 2**70, dtype=torch.float64)",
          "torch.full((2,), 2**64)",
          "torch.full((2,), 1e30, dtype=torch.bool)",
          "torch.full((2,), float('nan'), dtype=torch.bool)",
          "torch.full_like(torch.zeros(2, dtype=torch.int64), 1e30)",
          "torch.full_like(torch.zeros(2, dtype=torch.int64), 2.5)",
          "torch.full_like(torch.zeros(2), 1e39)",
          "torch.zeros(2, dtype=torch.int64).new_full((2,), 1e30)",
          "torch.zeros(2, dtype=torch.int64).new_full((2,), float('inf'))",
          "torch.zeros(2, dtype=torch.int64).fill_(1e30)",
          "torch.zeros(2, dtype=torch.int64).fill_(2.5)",
          "torch.zeros(2, dtype=torch.int64) + 1e30",
          "torch.zeros(2, dtype=torch.int64).add_(1e30)",
          "torch.full((2,), 1e30, dtype=torch.int64, device='meta')",
          ]:
    show(c)
for c in ["torch.full((1,), 2**53 + 1).item()",
          "torch.full((2,), 2**63)",
          "torch.full((2,), 2**63, dtype=torch.float32)",
          "torch.zeros(1, dtype=torch.int64).fill_(2**63)",
          "torch.zeros(1).fill_(2**63)",
          "torch.zeros(1, dtype=torch.int64).new_full((1,), 2**63)",
          "torch.full_like(torch.zeros(1, dtype=torch.int64), 2**63)",
          "torch.zeros(1, dtype=torch.int64).fill_(torch.tensor(2**53 + 1)).item()",
          "torch.full((1,), torch.tensor(2**53 + 1)).item()",
          "torch.zeros(2).fill_(torch.tensor(1e30, dtype=torch.float64))",
          "torch.full((1,), 2**53 + 1, dtype=torch.int64).item()",
          "torch.zeros(1, dtype=torch.int64).new_full((1,), 2**53 + 1).item()",
          "torch.full_like(torch.zeros(1, dtype=torch.int64), 2**53 + 1).item()",
          "torch.zeros(1, dtype=torch.int64).fill_(2**53 + 1).item()",
          "torch.zeros(1, dtype=torch.int64).fill_(float('nan'))",
          "torch.zeros(1).fill_(1e39)",
          "torch.zeros(1).fill_(float('-inf'))",
          "torch.full((2,), -1e39)",
          "torch.full((2,), 3.5e38)",
          "torch.full((2,), True, dtype=torch.int64)",
          "torch.full((2,), -9.3e18, dtype=torch.int64)",
          "torch.full((2,), -9.223372036854775808e18, dtype=torch.int64)",
          ]:
    show(c)

# a 0-dim tensor as the value: FillBackward3, and its gradient is the sum of the output's
v = torch.tensor(2.0, requires_grad=True)
x = torch.zeros(3).fill_(v)
print(x, x.grad_fn.name())
x.sum().backward()
print(v.grad)
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = w * 1
y.fill_(v)
y.sum().backward()
print(w.grad, v.grad)
for c in ["torch.zeros(2).fill_(torch.tensor([4.0]))",
          "torch.zeros(2).fill_(torch.tensor([[4.0]]))",
          "torch.zeros(2, dtype=torch.int64).fill_(torch.tensor(2.75))",
          "torch.zeros(2).fill_(torch.tensor(3, dtype=torch.int64))",
          "torch.zeros(2, dtype=torch.int64).fill_(torch.tensor(2**53 + 1))"]:
    show(c)
# 0-dim tensors as values: their dtype names the result's in full, new_full reads them as numbers
for c in ["torch.full((2,), torch.tensor(True))",
          "torch.zeros(2).new_full((2,), torch.tensor(5))",
          "torch.zeros(2).new_full((2,), torch.tensor([5]))",
          "torch.zeros(2).new_full((2,), torch.tensor(2.5, requires_grad=True))",
          "torch.zeros(2, dtype=torch.int64).new_full((2,), torch.tensor(True))",
          "torch.zeros(1, dtype=torch.int64).new_full((1,), torch.tensor(2**53 + 1)).item()",
          "torch.full_like(torch.zeros(2), torch.tensor(True))",
          "torch.full((2,), torch.tensor(False), dtype=torch.float32)"]:
    show(c)
# floats cast to int64 as PyTorch's CPU casts give them on x86-64: NaN and out-of-range values
# are INT64_MIN; a NumPy integer beyond int64 is refused as a fill value
import numpy as np

for c in ["torch.zeros(2, dtype=torch.int64).fill_(torch.tensor(float('nan')))",
          "torch.zeros(2, dtype=torch.int64).fill_(torch.tensor(1e30))",
          "torch.zeros(2, dtype=torch.int64).fill_(torch.tensor(-2.7))",
          "torch.zeros(2, dtype=torch.int64).fill_(torch.tensor(float('inf')))",
          "torch.tensor([1e30, -1e30, float('nan'), float('inf'), -2.7, 9.3e18]).long()",
          "torch.tensor([1e30, float('nan'), -9.3e18], dtype=torch.float64).to(torch.int64)",
          "torch.zeros(2, dtype=torch.int64).fill_(np.uint64(2**63))",
          "torch.full((2,), np.uint64(2**63))",
          "torch.zeros(2, dtype=torch.int64).fill_(np.int64(-5))",
          "torch.zeros(2, dtype=torch.int64).masked_fill(torch.tensor([True, False]), torch.tensor(float('nan')))",
          "torch.zeros(2, dtype=torch.int64).index_fill(0, torch.tensor([0]), torch.tensor(float('nan')))",
          "torch.zeros(2).masked_fill(torch.tensor([True, False]), np.uint64(2**63))"]:
    show(c)
