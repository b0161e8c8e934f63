"""Device strings, ``torch.device`` arguments and the storage-size check of meta factories:
what each call prints or raises (first line of the message).

Run as ``python device_strings_script.py torch`` (PyTorch, to record device_strings.out) or
``python device_strings_script.py ferrograd`` (what test_meta.py compares with the record)."""

import sys

from _show import show as _show

if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch


def brief(r):
    if isinstance(r, torch.Tensor):
        return (tuple(r.shape), r.dtype, r.device, r.requires_grad)
    return r


def show(text):
    _show(text, globals(), brief)


for d in ["'cpu'", "'cpu:0'", "'cpu:7'", "'meta:0'", "'cuda:1'", "'xla'", "'privateuseone:2'",
          "'cpu:abc'", "'cpu:-1'", "'cpu:01'", "'cpu: 0'", "'cpu:0:0'", "'CPU'", "'cpu '",
          "''", "':0'", "'meta:abc'", "'gpu'", "'cpu:99999999999999999999'", "0", "3", "-1",
          "1.5", "True", "None", "torch.device('cpu', 1)"]:
    show(f"torch.device({d})")
    if d not in ("0", "3", "'cuda:1'", "'xla'", "'privateuseone:2'", "1.5", "True"):
        show(f"torch.zeros(2, device={d})")
show("torch.device('cpu', 0)")
show("torch.device('cpu', -1)")
show("torch.device('cpu', None)")
show("torch.device('cpu:0', 0)")
show("torch.device('cpu', 'x')")
show("torch.device(torch.device('meta'))")
show("torch.zeros(2).to(-1)")
show("torch.zeros(2).to('cpu:abc')")
show("torch.zeros(2).to('meta:1')")
show("torch.zeros(2, device=torch.device('cpu', 0))")
show("torch.zeros(2, device=torch.device('cpu', 0)).device")
show("torch.device('cpu:3') == torch.device('cpu', 3)")
show("str(torch.device('meta', 2))")
show("torch.device('cpu') == 'cpu'")
show("torch.device('cpu') != 'cpu'")
show("torch.device('meta', 0) == torch.device('meta:0')")

# a meta tensor describes a storage that must be addressable, as one with data
for call in [
    "torch.zeros(2**62, 4, device='meta')",
    "torch.zeros(2**61, 4, device='meta')",
    "torch.zeros(2**60, 4, dtype=torch.float64, device='meta')",
    "torch.zeros(2**60, 2, dtype=torch.float32, device='meta')",
    "torch.ones(2**31, 2**31, 2, device='meta')",
    "torch.empty(2**62, 2, dtype=torch.bool, device='meta')",
    "torch.empty(2**62, dtype=torch.bool, device='meta')",
    "torch.empty(0, 2**62, 4, device='meta')",
    "torch.full((2**62, 4), 1.0, device='meta')",
    "torch.arange(3 * 10**8, device='meta')",
    "torch.arange(0, 2**62, device='meta')",
    "torch.arange(0, 2**62, dtype=torch.float32, device='meta')",
    "torch.arange(0.0, 1.0, 0.25, dtype=torch.float64, device='meta')",
    "torch.arange(0, 1, 0, device='meta')",
    "torch.arange(5, 1, device='meta')",
    "torch.arange(0, float('inf'), device='meta')",
    "torch.arange(0, float('nan'), device='meta')",
    "torch.arange(10, device='meta', requires_grad=True)",
    "torch.arange(10.0, device='meta', requires_grad=True)",
    "torch.rand(2**62, 4, device='meta')",
    "torch.randn(2**62, 4, device='meta')",
    "torch.randint(0, 3, (2**62, 4), device='meta')",
    "torch.eye(2**32, 2**32, device='meta')",
    "torch.eye(2**31, device='meta')",
    "torch.randn(2**62, device='meta')",
    "torch.randn(2**61, 2, dtype=torch.float64, device='meta')",
    "torch.zeros(3, device='meta').new_zeros(2**62, 4)",
    "torch.zeros(3, device='meta').new_empty((2**40, 2**30))",
    "torch.zeros_like(torch.zeros(3), device='meta')",
    "torch.zeros(2, device=3.5)",
    "torch.ones(2, device=[1])",
    "torch.full((2,), 1.0, device=object())",
    "torch.tensor([1.0], device=2.5)",
    "torch.as_tensor([1.0], device=2.5)",
    "torch.zeros_like(torch.zeros(2), device=1.5)",
    "torch.ones_like(torch.zeros(2), device=1.5)",
    "torch.full_like(torch.zeros(2), 3, device=1.5)",
    "torch.zeros(2).new_zeros(2, device=1.5)",
    "torch.zeros(2).new_tensor([1], device=1.5)",
    "torch.Generator(device=1.5)",
]:
    show(call)
