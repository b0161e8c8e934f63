"""Records, with PyTorch, the tensors each grad_fn saves for backward (`grad_fn._saved_<name>`)
and the names of its other saved values, for tests/test_saved_tensors.py.

    /path/to/torch-venv/bin/python crates/ferrograd-py/tests/data/gen_saved_tensors.py
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))

x = torch.tensor([[0.5, -1.5, 2.0], [0.25, 3.0, -0.75]], dtype=torch.float64, requires_grad=True)
p = torch.tensor([[0.5, 1.5, 2.0], [0.25, 3.0, 0.75]], dtype=torch.float64, requires_grad=True)
u = torch.tensor([[0.5, -0.5, 0.2], [0.25, 0.3, -0.75]], dtype=torch.float64, requires_grad=True)
y = torch.tensor([[1.5, 0.5, -2.0], [4.0, -1.0, 0.5]], dtype=torch.float64, requires_grad=True)
m = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=torch.float64, requires_grad=True)
v = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64, requires_grad=True)
t = torch.tensor([2, 0])
cases = {}
# the variables every expression may use
exprs = []
for name in ["abs","acos","acosh","asin","asinh","atan","atanh","ceil","cos","cosh","erf","erfc","erfinv","exp","exp2","expm1","floor","frac","log","log10","log1p","log2","neg","reciprocal","round","rsqrt","sigmoid","sign","sin","sinc","sinh","sqrt","tan","tanh","trunc","relu","square"]:
    arg = {"acosh": "p+1", "log": "p", "log10": "p", "log2": "p", "log1p": "p", "sqrt": "p", "rsqrt": "p", "asin": "u", "acos": "u", "atanh": "u", "erfinv": "u"}.get(name, "x")
    exprs.append(f"torch.{name}({arg})")
for name in ["celu","elu","gelu","hardsigmoid","hardtanh","leaky_relu","logsigmoid","mish","silu","softplus","selu"]:
    exprs.append(f"torch.nn.functional.{name}(x)")
exprs += ["torch.atan2(x, y)","torch.fmod(x, 2.0)","torch.remainder(x, 2)","x % y","x % 1.5","torch.copysign(x, -2.0)","torch.xlogy(x, 2.0)","torch.xlogy(2.0, p)","torch.hypot(x, y)","torch.maximum(x, y)","torch.minimum(x, y)","torch.fmax(x, y)","torch.fmin(x, y)","torch.fmod(x, y)","torch.remainder(x, y)","torch.copysign(x, y)","torch.xlogy(x, p)",
  "x + y","x - y","x * y","x / y","x ** 2","x ** 2.5","p ** y","2 ** x","x.pow(0.5)","x * 2","x / 2","2 - x","x.sum()","x.sum(1)","x.mean()","x.mean(0)","x.max()","x.min()","x.max(1).values","x.min(0).values",
  "x.clamp(-1, 1)","x.clamp(min=0)","x.mm(m)","x.mv(v)","v.dot(v)","x @ m","torch.softmax(x, 1)","torch.log_softmax(x, 1)","torch.nn.functional.mse_loss(x, y)",
  "torch.addmm(v[:2], x, m)","torch.where(x > 0, x, y)","torch.nn.functional.nll_loss(torch.log_softmax(x, 1), t)","torch.nn.functional.cross_entropy(x, t)",
  "x[0]","x[:, 1:]","x.t()","x.transpose(0, 1)","x.permute(1, 0)","x.reshape(3, 2)","x.view(6)","x.unsqueeze(0)","v.unsqueeze(1).squeeze()","x.expand(2, 2, 3)","torch.cat([x, y])","torch.stack([x, y])","x.clone()","x.to(torch.float32)"]
for e in exprs:
    out = eval(e)
    fn = out.grad_fn
    saved = {}
    for a in sorted(dir(fn)):
        if not a.startswith("_saved_") or a.startswith("_saved_tensors"):
            continue
        val = getattr(fn, a)
        if isinstance(val, torch.Tensor):
            saved[a[len("_saved_"):]] = {"tensor": val.detach().double().reshape(-1).tolist(), "shape": list(val.shape), "is_output": val.data_ptr() == out.data_ptr() and val.shape == out.shape}
        else:
            saved[a[len("_saved_"):]] = {"other": repr(val)}
    cases[e] = {"grad_fn": fn.name(), "saved": saved}
with open(os.path.join(HERE, "saved_tensors.json"), "w") as f:
    f.write('{"torch": %s, "cases": {\n' % json.dumps(torch.__version__))
    f.write(",\n".join(f"{json.dumps(e)}: {json.dumps(c)}" for e, c in cases.items()))
    f.write("\n}}\n")
