"""Same-session comparison of ferrograd-bench and PyTorch, workload by workload, interleaved.

usage: compare.py [--rounds N] [--bench PATH] [--python PATH] [--ferrograd-python PATH] [--only A,B]

Each round runs, for every workload, `ferrograd-bench --workload NAME` and then the same workload
on PyTorch (torch_one.py), each in its own process under /usr/bin/time -v for the peak RSS. The
table gives the median over rounds of each side's median time, the ratio, and the peak RSS.
`python_digits_mlp_epoch` is digits_epoch.py run with `--backend ferrograd` by the Python given
as --ferrograd-python (one with the ferrograd package installed), against the same script on
PyTorch; `python_scalar_chain` and `python_mlp_train_step` are python_workloads.py the same way.
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
    a = ap.parse_args()
    names = a.only.split(",") if a.only else NAMES
    res = {n: {"f": [], "t": [], "frss": 0, "trss": 0} for n in names}
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
    with open("/proc/loadavg") as f:
        load1 = f.read().split()[0]
    print(f"load average (1 min) before/after: {load0} / {load1}\n")
    print("| workload | ferrograd | PyTorch | ratio | target | met | peak RSS ferrograd | peak RSS PyTorch |")
    print("|---|---:|---:|---:|---:|:-:|---:|---:|")
    for n in names:
        f = statistics.median(res[n]["f"]); t = statistics.median(res[n]["t"])
        r = f / t
        ok = "yes" if r <= TARGETS[n] else "no"
        print(f"| {n} | {fmt_t(f)} | {fmt_t(t)} | {r:.3f} | ≤ {TARGETS[n]} | {ok} | {res[n]['frss']/1024:.0f} MiB | {res[n]['trss']/1024:.0f} MiB |")


if __name__ == "__main__":
    main()
