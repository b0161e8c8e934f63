#!/usr/bin/env python3
"""Generate func.json: PyTorch's torch.func transforms on fixed functions and inputs, for
tests/func.rs and the Python suite (crates/ferrograd-py/tests/test_func.py).

Requires PyTorch. Run from anywhere: `python3 gen_func.py` writes func.json next to it.

Every tensor is float64, written as {"shape": [...], "data": [...flat...]}; inputs are sines of
the element index (`det`), so a consumer can rebuild them too. The functions (F1, F2, G, H, S,
the MLP) are written again, op for op, in the Rust and Python tests.
"""

import json
import math
import os

import torch
import torch.nn.functional as F
from torch.func import (functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp,
                        stack_module_state, vjp, vmap)

torch.set_default_dtype(torch.float64)


def det(shape, phase=0.0, scale=1.0):
    n = math.prod(shape)
    return torch.tensor([scale * math.sin(1.0 + phase + 0.7 * i) for i in range(n)]).reshape(shape)


def enc(t):
    if isinstance(t, (tuple, list)):
        return [enc(u) for u in t]
    if isinstance(t, dict):
        return {k: enc(v) for k, v in t.items()}
    t = t.detach()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


W = det([2, 3], 0.5)


def F1(x):
    return (x.sin() * x.exp()).sum()


def F2(x, y):
    return (x * y.tanh()).sum() + (x.pow(2) * y).sum()


def G(x):
    return W.matmul(x.tanh()) * x.sum()


def H(x, y):
    return x.sin() * y


def S(x):  # a scalar function of a scalar
    return x.sin() * x.pow(3)


x = det([3])
y = det([3], 1.0)
c = det([2], 2.0)
t = det([3], 3.0)
X = det([4, 3], 4.0)
Y = det([4, 3], 5.0)
s0 = torch.tensor(0.7)

out = {"inputs": enc({"W": W, "x": x, "y": y, "c": c, "t": t, "X": X, "Y": Y, "s0": s0})}
r = {}
r["grad_F1"] = enc(grad(F1)(x))
g, v = grad_and_value(F2, argnums=(0, 1))(x, y)
r["grad_and_value_F2"] = {"grads": enc(g), "value": enc(v)}
r["grad_F2_argnum1"] = enc(grad(F2, argnums=1)(x, y))
g, aux = grad(lambda x: (F1(x), x.cos()), has_aux=True)(x)
r["grad_aux"] = {"grad": enc(g), "aux": enc(aux)}
o, vjp_fn = vjp(G, x)
r["vjp_G"] = {"out": enc(o), "vjp": enc(vjp_fn(c)[0])}
o, vjp_fn = vjp(H, x, y)
r["vjp_H"] = {"out": enc(o), "vjp": enc(vjp_fn(t))}
o, jv = jvp(G, (x,), (t,))
r["jvp_G"] = {"out": enc(o), "jvp": enc(jv)}
o, jv = jvp(H, (x, y), (t, c.repeat(2)[:3]))
r["jvp_H"] = {"out": enc(o), "jvp": enc(jv), "tangent_y": enc(c.repeat(2)[:3])}
r["jacrev_G"] = enc(jacrev(G)(x))
r["jacfwd_G"] = enc(jacfwd(G)(x))
r["jacrev_H_01"] = enc(jacrev(H, argnums=(0, 1))(x, y))
r["jacfwd_H_01"] = enc(jacfwd(H, argnums=(0, 1))(x, y))
assert torch.equal(jacrev(G, chunk_size=1)(x), jacrev(G)(x))
r["hessian_F1"] = enc(hessian(F1)(x))
r["hessian_F2_01"] = enc(hessian(F2, argnums=(0, 1))(x, y))
r["jacrev_jacfwd_G"] = enc(jacrev(jacfwd(G))(x))
r["jacrev_jacrev_G"] = enc(jacrev(jacrev(G))(x))
r["jacfwd_jacrev_G"] = enc(jacfwd(jacrev(G))(x))
r["grad_grad_S"] = enc(grad(grad(S))(s0))
r["grad_grad_grad_S"] = enc(grad(grad(grad(S)))(s0))
r["vmap_grad_F1"] = enc(vmap(grad(F1))(X))
r["vmap_F2_in_dims_0_none"] = enc(vmap(F2, in_dims=(0, None))(X, y))
r["vmap_H_out_dims_1"] = enc(vmap(H, in_dims=(0, 0), out_dims=1)(X, Y))
r["vmap_H_in_dims_1"] = enc(vmap(H, in_dims=(1, None))(X.t().contiguous(), y))
r["vmap_vmap_outer"] = enc(vmap(vmap(lambda a, b: a * b, in_dims=(None, 0)), in_dims=(0, None))(X[:, 0], Y[0]))
r["vmap_jacrev_G"] = enc(vmap(jacrev(G))(X))
r["vmap_hessian_F1"] = enc(vmap(hessian(F1))(X))
r["grad_vmap_sum"] = enc(grad(lambda x: vmap(F1)(x).sum())(X))
out["results"] = r

# Per-sample gradients of a small MLP (4-5-3), as the torch.func tutorial does.
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
with torch.no_grad():
    for i, (k, p) in enumerate(model.named_parameters()):
        p.copy_(det(list(p.shape), 10.0 * i, 0.6))
params = {k: p.detach() for k, p in model.named_parameters()}
xb = det([6, 4], 20.0, 1.5)
yb = torch.tensor([0, 2, 1, 1, 0, 2])


def loss(p, xi, yi):
    o = functional_call(model, p, (xi.unsqueeze(0),))
    return F.cross_entropy(o, yi.unsqueeze(0))


psg = vmap(grad(loss), in_dims=(None, 0, 0))(params, xb, yb)
out["per_sample"] = {"params": enc(params), "x": enc(xb), "y": yb.tolist(),
                     "grads": enc(psg), "loss": enc(vmap(loss, in_dims=(None, 0, 0))(params, xb, yb))}

# Model ensembling: three MLPs with stacked parameters.
models = []
for m in range(3):
    mm = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
    with torch.no_grad():
        for i, (k, p) in enumerate(mm.named_parameters()):
            p.copy_(det(list(p.shape), 10.0 * i + 3.0 * m, 0.6))
    models.append(mm)
stacked, buffers = stack_module_state(models)


def fmodel(p, b, xi):
    return functional_call(model, (p, b), (xi,))


ens_same = vmap(fmodel, in_dims=(0, 0, None))(stacked, buffers, xb)
xs3 = det([3, 6, 4], 30.0)
ens_diff = vmap(fmodel, in_dims=(0, 0, 0))(stacked, buffers, xs3)
out["ensemble"] = {"stacked": enc(stacked), "x": enc(xb), "x3": enc(xs3),
                   "same": enc(ens_same), "different": enc(ens_diff)}


def err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("no error")


def f(x):
    return x


z = torch.zeros(3)
out["errors"] = {
    "grad_nonscalar": err(lambda: grad(lambda x: x * 2)(x)),
    "grad_nontensor": err(lambda: grad(lambda x: (x.sum(),))(x)),
    "grad_argnum_range": err(lambda: grad(F1, argnums=2)(x)),
    "grad_argnums_dup": err(lambda: grad(F2, argnums=(0, 0))(x, y)),
    "vmap_item": err(lambda: vmap(lambda x: x.sum().item())(X)),
    "vmap_control_flow": err(lambda: vmap(lambda x: x if x.sum() > 0 else -x)(X)),
    "vmap_inplace": err(lambda: vmap(lambda x: z.mul_(x))(X)),
    "vmap_in_dim_range": err(lambda: vmap(f, in_dims=(2,))(X)),
    "vmap_in_dims_structure": err(lambda: vmap(F2, in_dims=(0,))(X, Y)),
    "vmap_sizes": err(lambda: vmap(F2)(X, Y[:3])),
    "vmap_in_dims_none": err(lambda: vmap(f, in_dims=None)(X)),
    "vmap_no_batched": err(lambda: vmap(F2, in_dims=(None, None))(x, y)),
    "vmap_nontensor_in": err(lambda: vmap(lambda x, n: x * n, in_dims=(0, 0))(X, 3)),
    "vmap_nontensor_out": err(lambda: vmap(lambda x: 3)(X)),
    "vmap_out_dims_none": err(lambda: vmap(f, out_dims=None)(X)),
    "vmap_no_inputs": err(lambda: vmap(lambda: 1)()),
    "vmap_randomness_error": err(lambda: vmap(lambda x: x + torch.randn(3), randomness="error")(X)),
    "vmap_randomness_bad": err(lambda: vmap(f, randomness="foo")(X)),
    "jacrev_chunk_size": err(lambda: jacrev(G, chunk_size=0)(x)),
    "jvp_shape": err(lambda: jvp(G, (x,), (c,))),
    "jvp_not_tuple": err(lambda: jvp(G, x, t)),
    "vjp_shape": err(lambda: vjp(G, x)[1](t)),
}

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "func.json"), "w") as fh:
    json.dump(out, fh)
print("wrote func.json")
