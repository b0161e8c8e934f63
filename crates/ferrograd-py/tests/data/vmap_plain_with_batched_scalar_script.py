"""Under ``vmap``, a plain tensor on the left of an operator whose right operand is batched with
0-dim examples (``torch.zeros(2) + t``): the batched operand is a tensor, never read as a
number.

Run as ``python vmap_plain_with_batched_scalar_script.py torch`` (PyTorch, to record
vmap_plain_with_batched_scalar.out) or ``... ferrograd`` (what test_vmap_batched.py compares
with the record)."""

import sys
if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch

t = torch.tensor([1.0, 2.0, -0.5])
m = torch.arange(6.0).reshape(3, 2)
b = torch.tensor([3.0, -4.0])
for expr in ["b + t", "b - t", "b * t", "b / t", "b ** t", "b % t", "b // t", "b + t.sum()",
             "b == t", "b < t", "b >= t", "b & (t > 0)", "b.add(t)", "torch.add(b, t)",
             "torch.maximum(b, t)", "b @ r", "torch.tensor(2.0) * t"]:
    f = eval("lambda t, r: " + expr)
    try:
        print(expr, "->", torch.vmap(f)(t, m))
    except Exception as e:
        print(expr, "->", type(e).__name__, str(e).splitlines()[0])
