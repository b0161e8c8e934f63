"""Same-session comparison of ferrograd-bench and PyTorch, workload by workload, interleaved.

usage: compare.py [--rounds N] [--bench PATH] [--python PATH] [--ferrograd-python PATH]
                  [--jax-python PATH] [--threads N] [--only NAME,NAME,...]

Each round runs, for every workload, `ferrograd-bench --workload NAME` and then the same workload
on PyTorch (torch_one.py), each in its own process under /usr/bin/time -v for the peak RSS. The
table gives the median over rounds of each side's median time, the ratio, and the peak RSS.
`python_digits_mlp_epoch` is digits_epoch.py run with `--backend ferrograd` by the Python given
as --ferrograd-python (one with the ferrograd package installed), against the same script on
PyTorch; `python_scalar_chain` and `python_mlp_train_step` are python_workloads.py the same way.

With --jax-python (a Python with jax installed), every round also runs shared/bench/jax_anchor.py
once (all its workloads in one process, jit-compiled where JAX users would), and the table gains
a JAX column and the ratio ferrograd ÷ JAX. jax_anchor.py's scalar chain has 10k nodes, eager:
its time is scaled to 100k nodes (its cost per node), marked with *. With --threads 1, XLA is
held to one thread too.
"""
import argparse
import os
import re
import statistics
import subprocess

NAMES = [
    "scalar_chain_100k_nodes",
    "elementwise_exp_mul_add_10M_fwd_bwd",
    "mlp_784_256_10_b64_train_step",
    "matmul_1024_fwd_bwd",
    "hessian_rosenbrock_n100_f64",
    "nth_derivative_order6_f64",
    "digits_mlp_epoch",
    "python_digits_mlp_epoch",
    "conv2d_b32_c16_32x32_fwd_bwd",
    "batchnorm2d_b32_c32_32x32_fwd_bwd",
    "digits_cnn_epoch",
    "python_scalar_chain",
    "python_mlp_train_step",
]
# Python scripts run on both backends (ferrograd's side with `--backend ferrograd`).
PY_SCRIPTS = {
    "python_digits_mlp_epoch": ["digits_epoch.py"],
    "python_scalar_chain": ["python_workloads.py", "python_scalar_chain"],
    "python_mlp_train_step": ["python_workloads.py", "python_mlp_train_step"],
}
TARGETS = {
    "scalar_chain_100k_nodes": 0.01,
    "elementwise_exp_mul_add_10M_fwd_bwd": 0.5,
    "mlp_784_256_10_b64_train_step": 0.5,
    "matmul_1024_fwd_bwd": 0.7,
    "hessian_rosenbrock_n100_f64": 0.1,
    "nth_derivative_order6_f64": 0.5,
    "digits_mlp_epoch": 0.3,
    "python_digits_mlp_epoch": 0.5,
    "conv2d_b32_c16_32x32_fwd_bwd": 0.7,
    "batchnorm2d_b32_c32_32x32_fwd_bwd": 0.5,
    "digits_cnn_epoch": 0.5,
    "python_scalar_chain": 0.08,
    "python_mlp_train_step": 0.5,
}


def timed(cmd):
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, check=True)
    line = [l for l in p.stdout.splitlines() if l.strip()][-1]
    secs = float(line.split()[1])
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return secs, rss


# workload -> (jax_anchor.py row, factor to the workload's size)
JAX_ROWS = {
    "scalar_chain_100k_nodes": ("scalar_chain_10k_nodes_eager_grad", 10.0),
    "elementwise_exp_mul_add_10M_fwd_bwd": ("elementwise_exp_mul_add_10M_fwd_bwd_jit", 1.0),
    "mlp_784_256_10_b64_train_step": ("mlp_784_256_10_b64_train_step_jit", 1.0),
    "matmul_1024_fwd_bwd": ("matmul_1024_fwd_bwd_jit", 1.0),
    "hessian_rosenbrock_n100_f64": ("hessian_rosenbrock_n100_f64_jit", 1.0),
    "nth_derivative_order6_f64": ("nth_derivative_order6_f64_jit", 1.0),
}


def jax_round(python, anchor, threads):
    env = dict(os.environ)
    if threads == "1":
        env["XLA_FLAGS"] = env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    p = subprocess.run(["/usr/bin/time", "-v", python, anchor], capture_output=True, text=True, check=True, env=env)
    rows = {}
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) >= 2:
            rows[f[0]] = float(f[1])
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return rows, rss


def fmt_t(s):
    return f"{s*1e3:.2f} ms" if s >= 1e-3 else f"{s*1e6:.0f} µs"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bench", default=os.environ.get("FERROGRAD_BENCH", "target/release/ferrograd-bench"))
    ap.add_argument("--python", default=os.path.expanduser("~/torch-venv/bin/python"))
    ap.add_argument("--ferrograd-python", default=os.environ.get("FERROGRAD_PYTHON", "python3"))
    ap.add_argument("--threads", default="2")
    ap.add_argument("--only", default=None)
    ap.add_argument("--jax-python", default=os.environ.get("FERROGRAD_JAX_PYTHON"))
    ap.add_argument("--jax-anchor", default=os.path.join(here, "../../../../shared/bench/jax_anchor.py"))
    a = ap.parse_args()
    names = a.only.split(",") if a.only else NAMES
    res = {n: {"f": [], "t": [], "j": [], "frss": 0, "trss": 0} for n in names}
    jax_rss = 0
    with open("/proc/loadavg") as f:
        load0 = f.read().split()[0]
    for _ in range(a.rounds):
        for n in names:
            if n in PY_SCRIPTS:
                script, *args = PY_SCRIPTS[n]
                cmd = [a.ferrograd_python, os.path.join(here, script), *args, "--backend", "ferrograd"]
            else:
                cmd = [a.bench, "--workload", n, "--threads", a.threads]
            s, r = timed(cmd)
            res[n]["f"].append(s); res[n]["frss"] = max(res[n]["frss"], r)
            s, r = timed([a.python, os.path.join(here, "torch_one.py"), n, a.threads])
            res[n]["t"].append(s); res[n]["trss"] = max(res[n]["trss"], r)
        if a.jax_python and any(n in JAX_ROWS for n in names):
            rows, r = jax_round(a.jax_python, a.jax_anchor, a.threads)
            jax_rss = max(jax_rss, r)
            for n in names:
                if n in JAX_ROWS and JAX_ROWS[n][0] in rows:
                    res[n]["j"].append(rows[JAX_ROWS[n][0]] * JAX_ROWS[n][1])
    with open("/proc/loadavg") as f:
        load1 = f.read().split()[0]
    print(f"load average (1 min) before/after: {load0} / {load1}\n")
    jax = bool(a.jax_python)
    print("| workload | ferrograd | PyTorch | ratio | target | met |"
          + (" JAX | ratio to JAX |" if jax else "") + " peak RSS ferrograd | peak RSS PyTorch |")
    print("|---|---:|---:|---:|---:|:-:|" + ("---:|---:|" if jax else "") + "---:|---:|")
    for n in names:
        f = statistics.median(res[n]["f"]); t = statistics.median(res[n]["t"])
        r = f / t
        ok = "yes" if r <= TARGETS[n] else "no"
        jcols = ""
        if jax:
            if res[n]["j"]:
                j = statistics.median(res[n]["j"])
                star = "*" if JAX_ROWS[n][1] != 1.0 else ""
                jcols = f" {fmt_t(j)}{star} | {f / j:.3f} |"
            else:
                jcols = " | |"
        print(f"| {n} | {fmt_t(f)} | {fmt_t(t)} | {r:.3f} | ≤ {TARGETS[n]} | {ok} |{jcols} {res[n]['frss']/1024:.0f} MiB | {res[n]['trss']/1024:.0f} MiB |")
    if jax:
        print(f"\npeak RSS of jax_anchor.py (all its workloads in one process): {jax_rss/1024:.0f} MiB")


if __name__ == "__main__":
    main()
