"""Gradients of softmax's and log-softmax's gradient: with ``create_graph`` the gradient is the
output of a node of its own (``SoftmaxBackwardDataBackward0``,
``LogSoftmaxBackwardDataBackward0``) over the output gradient and the saved output; second
and third derivatives, with respect to the input and to the output gradient.

Run as ``python softmax_double_backward_script.py torch`` (PyTorch, to record
softmax_double_backward.out) or ``python softmax_double_backward_script.py ferrograd`` (what
test_loss_reductions.py compares with the record)."""

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


def r(t):
    # rounded, and -0.0 read as 0.0 (the sign of a zero sum depends on the order of its terms)
    return [round(v, 10) + 0.0 for v in t.detach().reshape(-1).tolist()]


x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], dtype=torch.float64, requires_grad=True)
c = torch.tensor([[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]], dtype=torch.float64)
for name in ["softmax", "log_softmax"]:
    for dim in [0, 1, -1]:
        y = getattr(torch, name)(x, dim)
        g, = torch.autograd.grad((y * c).sum(), x, create_graph=True)
        print(name, dim, g.grad_fn.name(), names(g.grad_fn))
        print(r(g))
        g2, = torch.autograd.grad((g * g).sum(), x, create_graph=True)
        print(g2.grad_fn.name(), r(g2))
        g3, = torch.autograd.grad(g2.sum(), x)
        print(r(g3))
        # with respect to the output gradient
        v = c.clone().requires_grad_()
        y = getattr(torch, name)(x, dim)
        g, = torch.autograd.grad(y, x, v, create_graph=True)
        gv, = torch.autograd.grad((g * x).sum(), v, create_graph=True)
        print(r(gv), gv.requires_grad)
        print(r(torch.autograd.grad(gv.sum(), x)[0]))
t = torch.tensor([2, 0])
g, = torch.autograd.grad(F.cross_entropy(x, t), x, create_graph=True)
print(g.grad_fn.name(), names(g.grad_fn))
h, = torch.autograd.grad(g[:, 0].sum(), x)
print(r(h))
s = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
for name in ["softmax", "log_softmax"]:
    y = getattr(torch, name)(s * 2, 0)
    g, = torch.autograd.grad(y, s, create_graph=True)
    print(name, r(g), g.grad_fn.name())
    print(torch.autograd.grad(g, s, allow_unused=True))
x3 = torch.randn(2, 3, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(0)).requires_grad_()
w3 = torch.arange(24.0, dtype=torch.float64).reshape(2, 3, 4).cos()
for name in ["softmax", "log_softmax"]:
    g, = torch.autograd.grad((getattr(torch, name)(x3, 1) * w3).sum(), x3, create_graph=True)
    hv, = torch.autograd.grad((g * w3).sum(), x3)
    print(name, round(hv.abs().sum().item(), 10), g.grad_fn.name())
