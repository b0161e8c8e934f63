"""Windowed pooling and unpooling, forward and backward, ferrograd against PyTorch: time per
call and the process's peak resident memory.

    python bench_pool.py              # both, interleaved (needs torch importable by
                                      # --torch-python, default /work/torchenv/bin/python)
    python bench_pool.py ferrograd    # one side only, in this interpreter
    python bench_pool.py torch

Each side runs each workload in its own process (so the peak memory is that workload's):
3 warm-up calls, then the median of the timed calls; the default mode alternates the two
sides for --rounds rounds and prints the median of each side's medians, their ratio
(ferrograd / PyTorch) and the peak memory.
"""

import argparse
import importlib
import os
import resource
import statistics
import subprocess
import sys
import time

WORKLOADS = {
    # one window as large as the image (a map with an entry per window element: 40,000)
    "avg 1x1x200x200 k200": lambda t, F: (t.rand(1, 1, 200, 200), lambda x: F.avg_pool2d(x, 200)),
    # 100² windows of 100² elements (a map with an entry per window element: 10^8)
    "avg 1x1x199x199 k100 s1": lambda t, F: (t.rand(1, 1, 199, 199), lambda x: F.avg_pool2d(x, 100, stride=1)),
    # a CNN's pooling
    "avg 32x64x56x56 k3 s2 p1": lambda t, F: (t.rand(32, 64, 56, 56), lambda x: F.avg_pool2d(x, 3, 2, 1)),
    "adaptive avg 32x64x56x56 to 7x7": lambda t, F: (t.rand(32, 64, 56, 56), lambda x: F.adaptive_avg_pool2d(x, 7)),
    "adaptive max 32x64x56x56 to 7x7": lambda t, F: (t.rand(32, 64, 56, 56), lambda x: F.adaptive_max_pool2d(x, 7)),
    "max_unpool2d 32x64x28x28 to 56x56": lambda t, F: (
        t.rand(32, 64, 56, 56),
        lambda x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2),
    ),
}


def one(name, workload, reps):
    torch = importlib.import_module(name)
    F = importlib.import_module(name + ".nn.functional")
    if name == "torch":
        torch.set_num_threads(2)
    torch.manual_seed(0)
    x, f = WORKLOADS[workload](torch, F)
    x.requires_grad_(True)

    def step():
        y = f(x)
        y.backward(torch.ones_like(y))
        x.grad = None

    for _ in range(3):
        step()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return statistics.median(times), peak_mb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("side", nargs="?", choices=["ferrograd", "torch"])
    ap.add_argument("--workload", default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--torch-python", default="/work/torchenv/bin/python")
    a = ap.parse_args()
    if a.side:
        for w in [a.workload] if a.workload else WORKLOADS:
            t, mb = one(a.side, w, a.reps)
            print(f"{w}\t{t * 1e3:.3f}\t{mb:.0f}")
        return
    print(f"load average: {os.getloadavg()}")
    print(f"{'workload':36} {'ferrograd ms':>12} {'torch ms':>10} {'ratio':>6} {'MB fg':>6} {'MB torch':>8}")
    for w in WORKLOADS:
        res = {"ferrograd": [], "torch": []}
        mem = {}
        for _ in range(a.rounds):
            for side, py in (("ferrograd", sys.executable), ("torch", a.torch_python)):
                out = subprocess.run(
                    [py, __file__, side, "--workload", w, "--reps", str(a.reps)],
                    capture_output=True, text=True, check=True,
                ).stdout.strip().split("\t")
                res[side].append(float(out[1]))
                mem[side] = max(mem.get(side, 0.0), float(out[2]))
        fg, th = statistics.median(res["ferrograd"]), statistics.median(res["torch"])
        print(f"{w:36} {fg:12.3f} {th:10.3f} {fg / th:6.2f} {mem['ferrograd']:6.0f} {mem['torch']:8.0f}")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
