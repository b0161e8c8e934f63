"""``.data`` shares the storage but not the version counter (``detach()`` shares both): an
in-place change through it is not an error for a backward pass that saved the tensor, and
assigning ``x.data`` leaves ``x._version`` as it was.

Run as ``python data_version_script.py torch`` (PyTorch, to record data_version.out) or
``python data_version_script.py ferrograd`` (what test_view_inplace.py compares with the record)."""

import sys
if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x * x).sum()
print(x._version, x.data._version)
x.data.add_(1)
print(x._version)
d = x.data
d.mul_(2)
print(x._version, d._version)
v = d[0:1]
v.add_(1)
print(x._version, d._version, v._version, d.detach()._version)
y.backward()
print(x.grad)
z = x.detach()
z.add_(1)
print(x._version, z._version, x.data._version)
x.data = torch.tensor([5.0, 6.0])
print(x._version, x)
w = torch.tensor([1.0, 2.0], requires_grad=True)
h = w.exp()
h.data.mul_(0)
try:
    h.sum().backward()
    print(w.grad)
except RuntimeError as e:
    print(str(e)[:60])
