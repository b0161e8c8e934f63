"""Edges of the class losses: a class weight that requires grad (refused while recording, as
PyTorch's autograd refuses it; accepted under no_grad and with class probabilities), and label
smoothing of a single sample ``(C,)`` with a ``(1,)`` target (PyTorch's in-place broadcast error).

Run as ``python class_loss_edges_script.py torch`` (PyTorch, to record class_loss_edges.out) or
``python class_loss_edges_script.py ferrograd`` (what test_bad_inputs.py compares with the record)."""

import sys

from _show import show as _show

if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
    import ferrograd.nn.functional as F
else:
    import torch
    import torch.nn.functional as F


def show(text):
    _show(text, globals())


x = torch.tensor([1.0, 2.0, 0.5], requires_grad=True)
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
x2 = x.detach().unsqueeze(0).requires_grad_()
for c in [
    "F.cross_entropy(x, torch.tensor([1]), label_smoothing=0.1)",
    "F.cross_entropy(x, torch.tensor(1), label_smoothing=0.1)",
    "F.cross_entropy(x, torch.tensor([1]))",
    "F.nll_loss(x2.log_softmax(1), torch.tensor([1]), weight=w)",
    "F.cross_entropy(x2, torch.tensor([1]), weight=w)",
    "F.cross_entropy(x2, torch.tensor([1]), weight=w, label_smoothing=0.2)",
    "F.cross_entropy(x2, torch.tensor([[0.2, 0.3, 0.5]]), weight=w)",
    "F.nll_loss(torch.zeros(1, 3, 2, 2), torch.zeros(1, 2, 2, dtype=torch.long), weight=w)",
    "F.cross_entropy(x2, torch.tensor([1]), weight=w.detach())",
]:
    show(c)
with torch.no_grad():
    show("F.nll_loss(x2, torch.tensor([1]), weight=w)")
