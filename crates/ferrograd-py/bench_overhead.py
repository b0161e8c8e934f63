"""Per-operation overhead from Python: the scalar chain workload.

x = scalar 0.5 requiring grad; 33,333 times y = sin(y) * 1.0001 + 0.001; y.backward() — about
100k graph nodes built and differentiated one Python call at a time. Runs ferrograd and, when it
is importable, PyTorch in the same process, interleaved, and reports the median time per
iteration, the time per op and the ratio. The same chain is the named workload
`python_scalar_chain` of `crates/ferrograd-bench/scripts/python_workloads.py`, which
`compare.py` runs on each library in its own process.

Usage: python bench_overhead.py [--reps N] [--steps N] [--threads N]
"""

import argparse
import statistics
import time


def chain(lib, steps):
    x = lib.tensor(0.5, requires_grad=True)
    y = x
    for _ in range(steps):
        y = lib.sin(y) * 1.0001 + 0.001
    y.backward()
    return x.grad.item()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--steps", type=int, default=33_333)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import ferrograd

    libs = {"ferrograd": ferrograd}
    try:
        import torch

        torch.set_num_threads(args.threads)
        libs["torch"] = torch
    except ImportError:
        print("torch is not importable here: ferrograd only")

    grads = {name: chain(lib, 100) for name, lib in libs.items()}  # warm-up
    times = {name: [] for name in libs}
    for _ in range(args.reps):
        for name, lib in libs.items():
            t0 = time.perf_counter()
            grads[name] = chain(lib, args.steps)
            times[name].append(time.perf_counter() - t0)

    ops = 3 * args.steps
    for name in libs:
        med = statistics.median(times[name])
        print(
            f"{name:10s} scalar_chain_100k_nodes {med:.4f} s/iter  "
            f"{med / ops * 1e6:.2f} us/op (forward + backward)  x.grad={grads[name]:.6f}"
        )
    if "torch" in times:
        ratio = statistics.median(times["ferrograd"]) / statistics.median(times["torch"])
        print(f"ratio ferrograd/torch = {ratio:.2f}")


if __name__ == "__main__":
    main()
