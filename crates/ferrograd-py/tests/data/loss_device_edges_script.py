"""Edges of nll_loss (zero classes, ignored targets, zero class weights), softmax over empty
dimensions, and factories and library code under a meta default device (the `*_like`
factories follow their input, the optimizers and unpickling make CPU tensors).

Run as ``python loss_device_edges_script.py torch`` (PyTorch, to record loss_device_edges.out) or
``python loss_device_edges_script.py ferrograd`` (what test_meta.py compares with the record)."""
import sys
if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch
F = torch.nn.functional
x = torch.zeros(2, 0, requires_grad=True)
t = torch.tensor([-100, -100])
for r in ["mean", "sum", "none"]:
    l = F.nll_loss(x, t, reduction=r)
    print(r, l)
    l.sum().backward(); print(x.grad.shape); x.grad = None
x = torch.tensor([[float('-inf'), -1.0], [-2.0, -3.0]], requires_grad=True)
w = torch.tensor([0.0, 1.0])
for r in ["mean", "sum", "none"]:
    l = F.nll_loss(x, torch.tensor([0, 1]), weight=w, reduction=r)
    print(r, l)
    l.sum().backward(); print(x.grad); x.grad = None
l = F.nll_loss(x, torch.tensor([0, 0]), weight=w)
l.backward(); print(l, x.grad); x.grad = None
print(F.softmax(torch.zeros(0, 3), 0).shape, F.log_softmax(torch.zeros(2, 0, 3), 1).shape)
y = torch.zeros(0, 3, requires_grad=True)
F.log_softmax(y, 0).sum().backward(); print(y.grad.shape)
print(torch.rand_like(torch.ones(2, 3), device='meta'), torch.randn_like(torch.ones(2), device='cpu').shape)
with torch.device('meta'):
    print(torch.zeros_like(torch.ones(2)), torch.full_like(torch.ones(1), 2))
try:
    torch.randn(2, device='meta', dtype=torch.int64)
except Exception as e:
    print(type(e).__name__, e)
import pickle
x = torch.ones(2)
m = torch.nn.Linear(2, 1)
opt = torch.optim.Adam(m.parameters())
m(torch.ones(1, 2)).sum().backward()
blob = pickle.dumps(torch.tensor([1.0, 2.0]))
with torch.device('meta'):
    print(torch.zeros_like(x).device, torch.rand_like(x).device, torch.full_like(x, 3).device)
    opt.step()
    print(pickle.loads(blob), torch.repeat_interleave(torch.tensor([1, 2], device='cpu'), torch.tensor([2, 1], device='cpu')))
print(opt.state_dict()["state"][0]["step"], m.bias.grad)
