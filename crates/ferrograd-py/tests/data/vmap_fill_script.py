"""``fill_`` under ``vmap`` with a batched value: each example filled with its own value (a
copy, PyTorch's ``CopyBackwards``), cast to the tensor's dtype; into a tensor that is not
batched, PyTorch's in-place vmap error; a value of logical rank 1, its rank error.

Run as ``python vmap_fill_script.py torch`` (PyTorch, to record vmap_fill.out) or
``python vmap_fill_script.py ferrograd`` (what test_func.py compares with the record)."""
import sys

if sys.argv[1:] == ["torch"]:
    import torch
else:
    import ferrograd as torch


def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, str(e).split('\n')[0][:300])
x = torch.zeros(3, 2)
v = torch.tensor([1., 2., 3.])
attempt(lambda: torch.vmap(lambda t, s: t.clone().fill_(s))(x, v))
attempt(lambda: torch.vmap(lambda s: torch.zeros(2).fill_(s))(v))
attempt(lambda: torch.vmap(lambda t: t.clone().fill_(5.0))(x))
attempt(lambda: torch.vmap(lambda t, s: t.clone().fill_(s), in_dims=(0, None))(x, torch.tensor(2.0)))
attempt(lambda: torch.vmap(lambda t, s: t.fill_(s))(x.clone(), v))
attempt(lambda: torch.vmap(lambda s: torch.full((2,), 1.0).copy_(s.expand(2)))(v))
xi = torch.zeros(3, 2, dtype=torch.int64)
attempt(lambda: torch.vmap(lambda t, s: t.clone().fill_(s))(xi, torch.tensor([1.5, 2.7, -3.2])))
vr = torch.tensor([1., 2., 3.], requires_grad=True)
out = torch.vmap(lambda t, s: t.clone().fill_(s))(torch.zeros(3, 2), vr)
print(out)
out.sum().backward()
print(vr.grad)
attempt(lambda: torch.vmap(lambda t, s: t.clone().fill_(s))(xi, torch.ones(3, 2)))
attempt(lambda: torch.vmap(lambda t, s: t.clone().fill_(s), in_dims=(1, 0))(torch.zeros(2, 3), v))
