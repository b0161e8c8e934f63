"""Every factory (and ``new_*``, ``Tensor.to``) asked for the meta device: the result's shape,
dtype and flags, and the argument errors the factories raise for it; no random numbers drawn.

Run as ``python meta_factories_script.py torch`` (PyTorch, to record meta_factories.out) or
``python meta_factories_script.py ferrograd`` (what test_meta.py compares with the record)."""

import sys
import warnings
if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch
warnings.simplefilter("ignore")
cases = [
    "torch.arange(5, device='meta')",
    "torch.arange(0, 1, 0.25, device='meta')",
    "torch.linspace(0, 1, 7, device='meta')",
    "torch.eye(2, 3, device='meta', dtype=torch.float64)",
    "torch.full((2,), 7, device='meta')",
    "torch.full((2, 1), True, device=torch.device('meta'))",
    "torch.randint(3, 10, (2, 2), device='meta')",
    "torch.randint(10, (3,), device='meta', dtype=torch.float32)",
    "torch.randperm(4, device='meta')",
    "torch.rand(2, 3, device='meta', requires_grad=True)",
    "torch.rand(2, dtype=torch.int64, device='meta')",
    "torch.randn((4,), device='meta', dtype=torch.float64)",
    "torch.tensor([[1, 2]], device='meta')",
    "torch.as_tensor([1.5], device='meta')",
    "torch.ones(size=(2,), device='meta:0')",
    "torch.empty(0, 3, device='meta')",
    "torch.zeros_like(torch.ones(2, dtype=torch.int64), device='meta')",
    "torch.full_like(torch.ones(2), 3, device='meta', dtype=torch.float64)",
    "torch.ones(1).new_tensor([1, 2], device='meta')",
    "torch.ones(1).new_full((3,), 2.0, device='meta', requires_grad=True)",
    "torch.ones(1).new_empty((2, 2), device=torch.device('meta'))",
    "torch.ones(1, dtype=torch.float64).new_tensor([1, 2])",
    "torch.ones(1).new_tensor([1, 2], dtype=torch.int64)",
    "torch.ones(1).new_tensor(torch.tensor([1, 2]), requires_grad=True)",
    "torch.ones(2).to(torch.empty(1, device='meta'))",
    "torch.ones(2).to('meta', torch.float64)",
    "torch.ones(2).to(device=torch.device('meta'), dtype=torch.int64)",
    "torch.zeros(2, dtype=torch.int64, device='meta', requires_grad=True)",
    "torch.randperm(-1, device='meta')",
    "torch.linspace(0, 1, -2, device='meta')",
    "torch.eye(-1, device='meta')",
    "torch.eye(2, -3, device='meta')",
    "torch.randint(5, 2, (2,), device='meta')",
    "torch.zeros(-1, device='meta')",
    "torch.ones(1).new_zeros(2, dtype=torch.int64, device='meta', requires_grad=True)",
]
torch.manual_seed(0)
for c in cases:
    try:
        print(c, "->", repr(eval(c)))
    except Exception as e:
        print(c, "!!", type(e).__name__, str(e).splitlines()[0])
print("first draws after the meta factories:", torch.rand(2).tolist())
with torch.device("meta"):
    print([repr(f()) for f in (lambda: torch.arange(3), lambda: torch.randperm(2),
                               lambda: torch.full((1,), 2.5), lambda: torch.eye(2),
                               lambda: torch.ones(2, device="cpu"), lambda: torch.ones(1).new_zeros(2))])
