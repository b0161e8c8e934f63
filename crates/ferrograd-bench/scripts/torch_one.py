"""Runs one workload of shared/bench/torch_anchor.py on PyTorch, printing the anchor's line for it.

usage: torch_one.py NAME [THREADS] [ANCHOR]

`digits_mlp_epoch` and `python_digits_mlp_epoch` are not in the anchor script: both run
digits_epoch.py (the same epoch, written for PyTorch) on PyTorch; `digits_cnn_epoch` runs
digits_cnn_epoch.py on PyTorch; `python_scalar_chain` and `python_mlp_train_step` run
python_workloads.py on PyTorch.

The workload definitions are taken from the anchor script itself (everything before its timing
section), so both sides stay identical.
"""
import os
import sys

name = sys.argv[1]
threads = sys.argv[2] if len(sys.argv) > 2 else "2"
here = os.path.dirname(os.path.abspath(__file__))
if name in ("digits_mlp_epoch", "python_digits_mlp_epoch"):
    # not in the anchor script: the PyTorch side of both is digits_epoch.py on PyTorch
    import runpy

    sys.argv = [os.path.join(here, "digits_epoch.py"), "--threads", threads]
    runpy.run_path(sys.argv[0], run_name="__main__")
    sys.exit(0)
if name in ("python_scalar_chain", "python_mlp_train_step"):
    import runpy

    sys.argv = [os.path.join(here, "python_workloads.py"), name, "--threads", threads]
    runpy.run_path(sys.argv[0], run_name="__main__")
    sys.exit(0)
if name == "digits_cnn_epoch":
    import runpy

    sys.argv = [os.path.join(here, "digits_cnn_epoch.py"), "--threads", threads]
    runpy.run_path(sys.argv[0], run_name="__main__")
    sys.exit(0)
anchor = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "../../../../shared/bench/torch_anchor.py")
src = open(anchor).read()
defs = src[: src.index("rows = []")]
sys.argv = [anchor, threads]
ns = {"__name__": "torch_anchor"}
exec(compile(defs, anchor, "exec"), ns)
bench = ns["bench"]
if name == "scalar_chain_100k_nodes":
    t = bench(ns["scalar_chain"], reps=3); unit = f"{t/100_000*1e9:.0f} ns/node"
elif name == "elementwise_exp_mul_add_10M_fwd_bwd":
    t = bench(ns["elementwise"]()); unit = f"{t*1e3:.1f} ms"
elif name == "mlp_784_256_10_b64_train_step":
    t = bench(ns["mlp"](), reps=50, warm=5); unit = f"{t*1e6:.0f} us"
elif name == "matmul_1024_fwd_bwd":
    t = bench(ns["matmul"](), reps=5); unit = f"{3*2*1024**3/t/1e9:.1f} GFLOP/s"
elif name == "hessian_rosenbrock_n100_f64":
    t = bench(ns["hessian"](), reps=3); unit = f"{t*1e3:.1f} ms"
elif name == "hessian_rosenbrock_n100_f64_vectorized":
    # the same Hessian with torch.autograd.functional.hessian(..., vectorize=True) (vmap)
    torch = ns["torch"]
    x = torch.randn(100, dtype=torch.float64)
    f = lambda x: (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()
    t = bench(lambda: torch.autograd.functional.hessian(f, x, vectorize=True), reps=20); unit = f"{t*1e3:.2f} ms"
elif name == "nth_derivative_order6_f64":
    t = bench(ns["nth"](), reps=5); unit = f"{t*1e3:.2f} ms"
elif name == "conv2d_b32_c16_32x32_fwd_bwd":
    # x 32x16x32x32, w 32x16x3x3, padding 1: conv2d -> sum -> backward (input and weight)
    torch = ns["torch"]
    torch.manual_seed(0)
    x = torch.randn(32, 16, 32, 32, requires_grad=True)
    w = torch.randn(32, 16, 3, 3, requires_grad=True)

    def conv_step():
        torch.nn.functional.conv2d(x, w, padding=1).sum().backward()
        x.grad = None
        w.grad = None

    t = bench(conv_step, reps=20, warm=2); unit = f"{3*2*32*32*1024*16*9/t/1e9:.1f} GFLOP/s"
elif name == "batchnorm2d_b32_c32_32x32_fwd_bwd":
    # training-mode batch norm (affine, running statistics) on 32x32x32x32 float32, sum, backward
    torch = ns["torch"]
    torch.manual_seed(0)
    x = torch.randn(32, 32, 32, 32, requires_grad=True)
    w = torch.ones(32, requires_grad=True); b = torch.zeros(32, requires_grad=True)
    rm, rv = torch.zeros(32), torch.ones(32)
    def step():
        torch.nn.functional.batch_norm(x, rm, rv, w, b, training=True).sum().backward()
        x.grad = w.grad = b.grad = None
    t = bench(step, reps=50, warm=5); unit = f"{t*1e3:.2f} ms"
else:
    sys.exit(f"unknown workload {name}")
print(f"{name:40s} {t:.6f} s  {unit}")
