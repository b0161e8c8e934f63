"""Per-sample gradients of a 784-256-10 MLP for a batch of 64 with ``vmap(grad(...))`` and
``functional_call`` (the torch.func tutorial's recipe), ferrograd against PyTorch.

    python bench_func.py              # both, interleaved in the same run (needs torch importable
                                      # by --torch-python, default /work/torchenv/bin/python)
    python bench_func.py ferrograd    # one side only, in this interpreter
    python bench_func.py torch

Each side runs in its own process: 5 warm-up calls, then the median of 30 timed calls; the
default mode alternates the two sides for --rounds rounds and prints the median of each side's
medians and their ratio (ferrograd / PyTorch).
"""

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import time


def one(name):
    torch = importlib.import_module(name)
    func = importlib.import_module(name + ".func")
    F = importlib.import_module(name + ".nn.functional")
    if name == "torch":
        torch.set_num_threads(2)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    params = {k: v.detach() for k, v in model.named_parameters()}
    x = torch.randn(64, 784)
    y = torch.randint(0, 10, (64,))

    def loss(p, xi, yi):
        out = func.functional_call(model, p, (xi.unsqueeze(0),))
        return F.cross_entropy(out, yi.unsqueeze(0))

    per_sample = func.vmap(func.grad(loss), in_dims=(None, 0, 0))
    for _ in range(5):
        g = per_sample(params, x, y)
    assert tuple(g["0.weight"].shape) == (64, 256, 784)
    ts = []
    for _ in range(30):
        t = time.perf_counter()
        per_sample(params, x, y)
        ts.append(time.perf_counter() - t)
    ts.sort()
    print(f"{name} per_sample_grads_mlp_784_256_10_b64 {ts[len(ts) // 2] * 1e3:.3f} ms")


def run_side(python, name):
    out = subprocess.run([python, os.path.abspath(__file__), name], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-2])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("side", nargs="?", choices=["ferrograd", "torch"])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--torch-python", default="/work/torchenv/bin/python")
    a = ap.parse_args()
    if a.side:
        one(a.side)
        return
    with open("/proc/loadavg") as f:
        load0 = f.read().split()[0]
    fg, pt = [], []
    for _ in range(a.rounds):
        fg.append(run_side(sys.executable, "ferrograd"))
        pt.append(run_side(a.torch_python, "torch"))
    with open("/proc/loadavg") as f:
        load1 = f.read().split()[0]
    f_ms, t_ms = statistics.median(fg), statistics.median(pt)
    print(f"per_sample_grads_mlp_784_256_10_b64: ferrograd {f_ms:.2f} ms, PyTorch {t_ms:.2f} ms, "
          f"ratio {f_ms / t_ms:.3f} (target <= 0.5); rounds {a.rounds}, load {load0} -> {load1}")
    print("  ferrograd:", ", ".join(f"{v:.2f}" for v in fg))
    print("  PyTorch:  ", ", ".join(f"{v:.2f}" for v in pt))


if __name__ == "__main__":
    main()
