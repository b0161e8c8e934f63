"""Two workloads of shared/bench/WORKLOADS.md written in Python, for the per-call cost of the
bindings: the same code runs on PyTorch and, with `--backend ferrograd`, on ferrograd's Python
bindings (`import ferrograd as torch`).

- `python_scalar_chain`: x = scalar 0.5 requiring grad; 33,333 times y = sin(y) * 1.0001 +
  0.001; y.backward() (the scalar_chain_100k_nodes workload, one Python call per op);
- `python_mlp_train_step`: x 64×784, 64 targets of 10 classes; relu(x @ w1 + b1) @ w2 + b2,
  cross-entropy (mean), backward, SGD lr 0.01 in no_grad, grads reset (the
  mlp_784_256_10_b64_train_step workload).

usage: python_workloads.py NAME [--backend torch|ferrograd] [--threads N] [--reps N]

Prints the anchor's line: name, median seconds per iteration, and a derived unit.
`compare.py` runs it on both backends, interleaved, for the same-run ratio.
"""
import argparse
import statistics
import time

NAMES = ["python_scalar_chain", "python_mlp_train_step"]

ap = argparse.ArgumentParser()
ap.add_argument("name", choices=NAMES)
ap.add_argument("--backend", choices=["torch", "ferrograd"], default="torch")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--reps", type=int, default=None)
a = ap.parse_args()
if a.backend == "ferrograd":
    import ferrograd as torch
else:
    import torch

    torch.set_num_threads(a.threads)  # ferrograd: rayon's pool, one thread per core (2 here)


def bench(fn, reps, warm=1):
    for _ in range(warm):
        fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def scalar_chain(n=100_000):
    x = torch.tensor(0.5, requires_grad=True)
    y = x
    for _ in range(n // 3):
        y = torch.sin(y) * 1.0001 + 0.001
    y.backward()
    return x.grad


def mlp(batch=64):
    torch.manual_seed(0)
    w1 = (torch.randn(784, 256) * 0.05).requires_grad_()
    b1 = torch.zeros(256, requires_grad=True)
    w2 = (torch.randn(256, 10) * 0.05).requires_grad_()
    b2 = torch.zeros(10, requires_grad=True)
    x = torch.randn(batch, 784)
    t = torch.randint(0, 10, (batch,))
    params = [w1, b1, w2, b2]

    def step():
        h = torch.relu(x @ w1 + b1)
        logits = h @ w2 + b2
        loss = torch.nn.functional.cross_entropy(logits, t)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None

    return step


if a.name == "python_scalar_chain":
    t = bench(scalar_chain, a.reps or 3)
    unit = f"{t / 100_000 * 1e9:.0f} ns/node"
else:
    t = bench(mlp(), a.reps or 50, warm=5)
    unit = f"{t * 1e6:.0f} us"
print(f"{a.name:40s} {t:.6f} s  {unit}")
