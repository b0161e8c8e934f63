"""Gradients of ``nll_loss``'s gradient: with ``create_graph`` the gradient is the output of a
node of its own (``NllLossBackwardBackward0``), linear in the output gradient and with a zero
derivative with respect to the input.

Run as ``python nll_double_backward_script.py torch`` (PyTorch, to record
nll_double_backward.out) or ``python nll_double_backward_script.py ferrograd`` (what
test_losses compares with the record)."""

import re
import sys
if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
    import ferrograd.nn.functional as F
else:
    import torch
    import torch.nn.functional as F


def names(fn):
    return re.sub(r" object at 0x[0-9a-f]+", "", str(fn.next_functions))


x = torch.tensor([[-1.0, -2.0, -3.0], [-0.5, -1.5, -2.5]], requires_grad=True)
t = torch.tensor([2, 0])
w = torch.tensor([0.5, 2.0, 3.0])
for red in ["mean", "sum", "none"]:
    for kw in [{}, {"weight": w}, {"ignore_index": 0}]:
        l = F.nll_loss(x, t, reduction=red, **kw)
        g, = torch.autograd.grad(l.sum(), x, create_graph=True)
        print(red, sorted(kw), g.requires_grad, g.grad_fn.name(), names(g.grad_fn))
        print(g)
        g2, = torch.autograd.grad((g * g).sum(), x, allow_unused=True)
        print(g2)
# the gradient with respect to the output gradient, and its second order
v = torch.tensor([1.0, 2.0], requires_grad=True)
for kw in [{}, {"weight": w}]:
    l = F.nll_loss(x, t, reduction="none", **kw)
    g, = torch.autograd.grad(l, x, v, create_graph=True)
    print(g)
    gv, = torch.autograd.grad((g * torch.arange(6.0).view(2, 3)).sum(), v, create_graph=True)
    print(gv)
s = torch.tensor(3.0, requires_grad=True)
for red in ["mean", "sum"]:
    g, = torch.autograd.grad(F.nll_loss(x, t, reduction=red) * s, x, create_graph=True)
    print(g)
    print(torch.autograd.grad(g.sum(), s))
# a 1-D input, and more dimensions (NllLoss2DBackwardBackward0)
x1 = torch.tensor([-1.0, -2.0, -3.0], requires_grad=True)
for target in [torch.tensor(1), torch.tensor([1])]:
    l = F.nll_loss(x1, target)
    print(l)
    try:
        g, = torch.autograd.grad(l, x1, create_graph=True)
        print(g, torch.autograd.grad(g.sum(), x1))
        l = F.nll_loss(x1, target)
        l.backward()
        print(x1.grad)
    except RuntimeError as e:
        print(e)
x3 = torch.arange(24.0).view(2, 3, 4).mul(-0.1).requires_grad_()
t3 = torch.tensor([[0, 1, 2, 0], [2, 2, 1, 0]])
for red in ["mean", "none"]:
    g, = torch.autograd.grad(F.nll_loss(x3, t3, reduction=red).sum(), x3, create_graph=True)
    print(red, g.grad_fn.name(), names(g.grad_fn))
    print(g)
    print(torch.autograd.grad(g.sum(), x3)[0].abs().sum())
# the input is saved: changed in place before backward, backward refuses
x4 = torch.tensor([[-1.0, -2.0, -3.0], [-0.5, -1.5, -2.5]], requires_grad=True)
l = F.nll_loss(x4, t)
with torch.no_grad():
    x4.add_(1)
try:
    l.backward()
except RuntimeError as e:
    print(str(e).split(":")[0])
# cross_entropy of a single sample against a target of shape (1,): a 0-dim loss, refused backward
l = F.cross_entropy(x1, torch.tensor([1]), reduction="none")
print(l)
try:
    l.backward()
except RuntimeError as e:
    print(e)
