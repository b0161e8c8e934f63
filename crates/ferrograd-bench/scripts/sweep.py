"""The PyTorch and JAX side of `ferrograd-bench --sweep`: one family of the sweep on one library.

usage: sweep.py --lib torch|jax --family NAME --sizes N,N,... [--budget S] [--max-single S]
                [--mem-limit-gib G] [--threads N]

Prints one tab-separated line per point, as `ferrograd-bench --sweep-family` does:
`point FAMILY SERIES SIZE WALL_SECONDS CPU_SECONDS PAGE_FAULTS REPS PEAK_RSS_MIB` (the median
wall-clock time of the timed runs, their mean CPU time over every thread of the process,
time.process_time, and their mean count of minor page faults),
or `skip FAMILY SERIES SIZE REASON`.
The workloads are those of ferrograd-bench (and of shared/bench/torch_anchor.py and
jax_anchor.py) at each size. Measurement: one untimed warm-up run (for JAX's jit: compilation
and one run), a second one if it was shorter than the budget, more if they are short, then as
many timed runs as fit in the budget (1 to 200). A point is skipped when the previous points of
its line predict a single run (or, for the derivative orders, its compilation) longer than
--max-single CPU seconds or a peak resident memory above --mem-limit-gib.
"""
import argparse
import math
import resource
import statistics
import sys
import time

WORK = {"chain": 1.0, "elementwise": 1.0, "matmul": 3.0, "hessian": 2.0, "order": None}
MEM = {"chain": 1.0, "elementwise": 1.0, "matmul": 2.0, "hessian": 2.0, "order": 0.0}


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(fn, budget, sync, compiled):
    c = time.process_time()
    if compiled:
        sync(fn())  # the first call of a jit-compiled function compiles it
    t = time.perf_counter(); sync(fn()); first = time.perf_counter() - t
    setup_cpu = time.process_time() - c
    if first < budget:
        # the first call may pay for one-time set-up: time a second one to choose the count
        t = time.perf_counter(); sync(fn()); first = time.perf_counter() - t
    if first * 12 < budget:
        for _ in range(3):
            sync(fn())
    reps = max(1, min(200, int(budget / max(first, 1e-9))))
    ts = []
    cpu0, faults0 = time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(reps):
        t = time.perf_counter(); sync(fn()); ts.append(time.perf_counter() - t)
    cpu = (time.process_time() - cpu0) / reps
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults0) / reps
    ts.sort()
    return ts[len(ts) // 2], cpu, faults, reps, setup_cpu


class History:
    def __init__(self, family):
        self.family, self.points = family, []

    def skip_reason(self, x, base, a):
        if not self.points:
            return None
        x1, t1, m1 = self.points[-1]
        p = WORK[self.family]
        if p is None:
            growth = max(t1 / self.points[-2][1], 1.0) if len(self.points) >= 2 else 1.0
            t = t1 * growth ** (x - x1)
        else:
            t = t1 * (x / x1) ** p
        if t > a.max_single:
            return f"predicted {t:.1f} CPU s per run"
        m = m1 + max(m1 - base, 0.0) * ((x / x1) ** MEM[self.family] - 1.0)
        if m > a.mem_limit_gib * 1024:
            return f"predicted {m / 1024:.1f} GiB peak"
        return None


def rosenbrock(x):
    return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def torch_series(family, threads):
    import torch

    torch.set_num_threads(threads)

    def chain(nodes):
        def run():
            x = torch.tensor(0.5, requires_grad=True)
            y = x
            for _ in range(nodes // 3):
                y = torch.sin(y) * 1.0001 + 0.001
            y.backward()
            return x.grad
        return run

    def elementwise(n):
        g = torch.Generator().manual_seed(0)
        a = torch.rand(n, generator=g, requires_grad=True)
        b = torch.rand(n, generator=g); c = torch.rand(n, generator=g)
        def run():
            (torch.exp(a) * b + c).sum().backward(); a.grad = None
        return run

    def matmul(n):
        torch.manual_seed(0)
        a = torch.randn(n, n, requires_grad=True); b = torch.randn(n, n, requires_grad=True)
        def run():
            torch.tanh(a @ b).sum().backward(); a.grad = None; b.grad = None
        return run

    def hessian(vectorize):
        def make(n):
            torch.manual_seed(0)
            x = torch.randn(n, dtype=torch.float64)
            return lambda: torch.autograd.functional.hessian(rosenbrock, x, vectorize=vectorize)
        return make

    def nested(order):
        def run():
            x = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
            y = torch.sin(x) * torch.exp(x)
            for _ in range(order):
                (y,) = torch.autograd.grad(y, x, create_graph=True)
            return y
        return run

    return {
        "chain": [("PyTorch", chain)],
        "elementwise": [("PyTorch", elementwise)],
        "matmul": [("PyTorch", matmul)],
        "hessian": [("PyTorch", hessian(False)), ("PyTorch vectorized", hessian(True))],
        "order": [("PyTorch nested", nested)],
    }[family], (lambda r: r)


def jax_series(family, threads):
    import os

    if threads == 1:
        # XLA's CPU client otherwise computes on every core
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                                   " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
    import jax
    import jax.numpy as jnp
    from jax.experimental.jet import jet

    jax.config.update("jax_enable_x64", True)

    def chain(nodes):
        # eager: jax.grad of a Python loop, traced at every call (as jax_anchor.py)
        def f(x):
            y = x
            for _ in range(nodes // 3):
                y = jnp.sin(y) * 1.0001 + 0.001
            return y
        g = jax.grad(f)
        return lambda: g(0.5)

    def elementwise(n):
        a = jax.random.uniform(jax.random.PRNGKey(0), (n,), dtype=jnp.float32)
        b = a * 0.5; c = a * 0.25
        f = jax.jit(jax.grad(lambda a: (jnp.exp(a) * b + c).sum()))
        return lambda: f(a)

    def matmul(n):
        k = jax.random.split(jax.random.PRNGKey(0), 2)
        A = jax.random.normal(k[0], (n, n), jnp.float32); B = jax.random.normal(k[1], (n, n), jnp.float32)
        f = jax.jit(jax.grad(lambda A, B: jnp.tanh(A @ B).sum(), argnums=(0, 1)))
        return lambda: f(A, B)

    def hessian(n):
        x = jax.random.normal(jax.random.PRNGKey(0), (n,), jnp.float64)
        h = jax.jit(jax.hessian(rosenbrock))
        return lambda: h(x)

    fn = lambda x: jnp.sin(x) * jnp.exp(x)

    def nested(order):
        d = fn
        for _ in range(order):
            d = jax.grad(d)
        d = jax.jit(d)
        x = jnp.float64(0.7)
        return lambda: d(x)

    def taylor(order):
        # Taylor mode (jax.experimental.jet): every coefficient up to `order` in one pass
        series = ([jnp.float64(1.0)] + [jnp.float64(0.0)] * (order - 1),)
        f = jax.jit(lambda x: jet(fn, (x,), series))
        x = jnp.float64(0.7)
        return lambda: f(x)

    return {
        "chain": [("JAX eager", chain)],
        "elementwise": [("JAX jit", elementwise)],
        "matmul": [("JAX jit", matmul)],
        "hessian": [("JAX jit", hessian)],
        "order": [("JAX jit jet", taylor), ("JAX jit nested", nested)],
    }[family], jax.block_until_ready


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", choices=["torch", "jax"], required=True)
    ap.add_argument("--family", choices=list(WORK), required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--budget", type=float, default=0.3)
    ap.add_argument("--max-single", type=float, default=10.0)
    ap.add_argument("--mem-limit-gib", type=float, default=8.0)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    make = torch_series if a.lib == "torch" else jax_series
    series, sync = make(a.family, a.threads)
    base = peak_mib()
    for name, build in series:
        hist = History(a.family)
        for x in sizes:
            why = hist.skip_reason(x, base, a)
            if why:
                print(f"skip\t{a.family}\t{name}\t{x}\t{why}", flush=True)
                continue
            fn = build(x)
            wall, cpu, faults, reps, setup_cpu = measure(fn, a.budget, sync, a.lib == "jax" and a.family != "chain")
            del fn
            m = peak_mib()
            # the compilation of a jit of nested grads grows faster than its run: it counts too
            hist.points.append((x, max(cpu, setup_cpu) if a.family == "order" else cpu, m))
            print(f"point\t{a.family}\t{name}\t{x}\t{wall:.9f}\t{cpu:.9f}\t{faults:.1f}\t{reps}\t{m:.0f}", flush=True)


if __name__ == "__main__":
    sys.setrecursionlimit(100_000)
    main()
