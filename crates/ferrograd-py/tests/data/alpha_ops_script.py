"""add, sub and rsub with alpha: one node that keeps alpha, values rounded once (a fused
multiply-add), in place and out of place, on numbers and tensors, and their errors."""
import sys

if sys.argv[1:] == ["torch"]:
    import torch
else:
    import ferrograd as torch


def attempt(f):
    try:
        r = f()
        print(r)
    except Exception as e:  # noqa: BLE001
        print(type(e).__name__, e)


torch.manual_seed(0)
for n in [3, 9, 40]:
    for dt in [torch.float32, torch.float64]:
        a = torch.tensor([((i * 37) % 17 - 8) / 7 for i in range(n)], dtype=dt)
        b = torch.tensor([((i * 11) % 13 - 6) / 9 for i in range(n)], dtype=dt)
        print(n, dt, torch.add(a, b, alpha=0.3).tolist())
        print(torch.sub(a, b, alpha=0.3).tolist())
        print(torch.rsub(a, b, alpha=0.3).tolist())
        print(torch.rsub(a, 0.7, alpha=0.3).tolist(), torch.sub(0.7, a, alpha=0.3).tolist())
        c = a.clone()
        c.add_(b, alpha=0.3)
        print(c.tolist())
        c = a.clone()
        c.sub_(b, alpha=0.3)
        print(c.tolist())
# A tensor and a number: PyTorch's vector loop rounds once, its scalar loop (the last elements,
# up to twice the vector width) twice; sizes that are a multiple of 32 take the vector loop only
# on AVX2 and AVX-512 hosts alike.
for n in [32, 64]:
    for dt in [torch.float32, torch.float64]:
        a = torch.tensor([((i * 37) % 17 - 8) / 7 for i in range(n)], dtype=dt)
        print(n, dt, a.add(0.7, alpha=0.3).tolist(), a.sub(0.7, alpha=-1.3).tolist())
        c = a.clone()
        c.add_(0.7, alpha=0.3)
        print(c.tolist())

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 5.0], requires_grad=True)
for r in [torch.add(a, b, alpha=3), torch.sub(a, b, alpha=3), torch.rsub(a, b, alpha=3),
          torch.rsub(a, b), torch.add(a, 2, alpha=3), torch.sub(a, 2, alpha=3),
          torch.rsub(a, 2, alpha=3), torch.rsub(a, 2), torch.add(a, b, alpha=2.5),
          a + b, a - 2, 2 - a, torch.sub(2, a, alpha=2)]:
    gf = r.grad_fn
    print(r, gf.name(), gf._saved_alpha, type(gf._saved_alpha).__name__,
          [type(f[0]).__name__ if f[0] is not None else None for f in gf.next_functions])
    print([n for n in dir(gf) if n.startswith("_saved")])
r = torch.rsub(a, b, alpha=3)
r.sum().backward()
print(a.grad, b.grad)
a.grad = None
b.grad = None
r = torch.sub(a, b, alpha=0.5) * torch.add(a, b, alpha=2)
ga, gb = torch.autograd.grad(r.sum(), (a, b), create_graph=True)
print(ga, gb)
print(torch.autograd.grad(ga.sum(), (a, b)))
c = a * 1
c.sub_(b, alpha=2)
print(c, c.grad_fn._saved_alpha)
c.sum().backward()
print(a.grad, b.grad)

i = torch.tensor([1, 2])
attempt(lambda: torch.add(i, i, alpha=3))
attempt(lambda: torch.rsub(i, 5, alpha=2))
attempt(lambda: torch.rsub(i, 2.5))
attempt(lambda: torch.add(i, i, alpha=0.5))
attempt(lambda: torch.add(i, 2, alpha=1.5))
attempt(lambda: torch.add(i, i, alpha=True))
attempt(lambda: i.add_(i, alpha=0.5))
attempt(lambda: torch.add(torch.tensor([True, False]), torch.tensor([False, True]), alpha=0))
attempt(lambda: torch.add(torch.tensor([True, False]), torch.tensor([False, True]), alpha=True))
attempt(lambda: torch.rsub(torch.tensor([True]), torch.tensor([False])))
attempt(lambda: torch.rsub(torch.tensor([True]), 1))
attempt(lambda: torch.rsub(torch.tensor([1.0, 2.0]), torch.ones(3)))
attempt(lambda: torch.rsub(2, torch.tensor([1.0])))
attempt(lambda: torch.rsub(torch.tensor([1.0]), 3, 2))
attempt(lambda: torch.add(torch.tensor([1.0]), 1, alpha="x"))
attempt(lambda: torch.tensor([1.0]).sub(1, alpha=[1]))
attempt(lambda: torch.rsub(torch.tensor([2.0]), torch.tensor([1.0], dtype=torch.float64), alpha=2))

# under vmap, the function transforms and forward mode
a = torch.tensor([[1., 2.], [3., 4.]])
b = torch.tensor([0.5, -1.])
print(torch.vmap(lambda x, y: torch.add(x, y, alpha=2))(a, b))
print(torch.vmap(lambda x: torch.rsub(x, b, alpha=3))(a))
print(torch.vmap(lambda x: torch.rsub(x, 2))(a))
print(torch.vmap(lambda x: x.sub(1.5, alpha=2))(a))


def add_in_place(x):
    y = x.clone()
    y.add_(b, alpha=-2)
    return y


print(torch.vmap(add_in_place)(a))
print(torch.func.grad(lambda x: torch.rsub(x, b, alpha=3).sum())(a[0]))
print(torch.func.jacrev(lambda x: torch.sub(x, x * x, alpha=0.5))(a[0]))
print(torch.func.jacfwd(lambda x: torch.add(x, x * x, alpha=0.5))(a[0]))
with torch.autograd.forward_ad.dual_level():
    x = torch.autograd.forward_ad.make_dual(a[0], torch.ones(2))
    print(torch.autograd.forward_ad.unpack_dual(torch.rsub(x, b, alpha=3)).tangent)

# in place on a view: the view shows its own node, the base PyTorch's CopySlices
a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = torch.tensor([1., 1.], requires_grad=True)
base = a * 1
v = base[0]
v.add_(y, alpha=2)
print(v, v.grad_fn.name(), hasattr(v.grad_fn, "_saved_alpha"), base.grad_fn.name())
base.sum().backward()
print(a.grad, y.grad)
