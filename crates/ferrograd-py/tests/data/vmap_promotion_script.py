"""Type promotion under ``vmap``: a batched tensor of 0-dim examples promotes as a 0-dim tensor
in the binary arithmetic ops (PyTorch's batching rules promote as the examples would), but not
in ``where`` or ``stack``, whose rules promote the batched values; ``masked_fill`` with a
batched 0-dim value fills each example with its own.

Run as ``python vmap_promotion_script.py torch`` (PyTorch, to record vmap_promotion.out) or
``python vmap_promotion_script.py ferrograd`` (what test_func.py compares with the record)."""

import sys

from _show import show as _show

if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
    from ferrograd.func import vmap
else:
    import torch
    from torch.func import vmap


def show(text):
    _show(text, globals(), lambda r: (r.dtype, r.tolist()))


a = torch.tensor([1.0, 2.0])
d = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
i = torch.tensor([1, 2, 3])
for c in [
    "vmap(lambda t: a + t)(d)", "vmap(lambda t: t + a)(d)", "vmap(lambda t: a * t)(i)",
    "vmap(lambda t: torch.ones(2) + t)(d)", "vmap(lambda t: t - torch.ones(2))(d)",
    "vmap(lambda t: torch.ones(2, dtype=torch.int64) + t)(torch.tensor([1.5, 2.5]))",
    "vmap(lambda t: torch.maximum(a, t))(d)", "vmap(lambda t: torch.atan2(a, t))(d)",
    "vmap(lambda t: torch.where(a > 1, a, t))(d)", "vmap(lambda t, u: t + u)(d, torch.ones(3, 2))",
    "vmap(lambda t: a.add(t))(d)", "vmap(lambda t: torch.stack([a, t.expand(2)]))(d)",
    "vmap(lambda t: torch.tensor(1.0, dtype=torch.float64) + t)(torch.ones(3))",
    "vmap(lambda t: t * 2.5)(i)", "vmap(lambda t: a / t)(i)", "vmap(lambda t: a ** t)(d)",
    "vmap(lambda t: torch.tensor([3, 4]) & t)(i)", "vmap(lambda t: a == t)(d)",
    "vmap(lambda t, s: t.masked_fill(a > 1, s))(torch.zeros(3, 2), d)",
    "vmap(lambda t, s: torch.masked_fill(t, a > 1, s))(torch.zeros(3, 2), i)",
    "vmap(lambda s: a.masked_fill(a > 1, s))(d)", "vmap(lambda t: t.masked_fill(a > 1, 5.0))(d)",
]:
    show(c)
