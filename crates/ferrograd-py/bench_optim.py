"""Time of one Adam step on a 784x256 float32 weight, from Python.

    python bench_optim.py            # ferrograd
    python bench_optim.py torch      # PyTorch (same script, `import torch`)

Prints the median of 200 steps after 5 warm-up steps, in microseconds.
"""

import importlib
import sys
import time

name = sys.argv[1] if len(sys.argv) > 1 else "ferrograd"
torch = importlib.import_module(name)
if name == "torch":
    torch.set_num_threads(2)

torch.manual_seed(0)
w = torch.randn(784, 256, requires_grad=True)
w.grad = torch.randn(784, 256)
opt = torch.optim.Adam([w], lr=1e-3)
for _ in range(5):
    opt.step()
ts = []
for _ in range(200):
    t = time.perf_counter()
    opt.step()
    ts.append(time.perf_counter() - t)
ts.sort()
print(f"{name} adam_step_784x256_f32 {ts[len(ts) // 2] * 1e6:.1f} us")
