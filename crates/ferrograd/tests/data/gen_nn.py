#!/usr/bin/env python3
"""Generate nn.json: PyTorch's modules and losses with fixed weights, for tests/nn_modules.rs,
tests/nn_losses.rs and the Python suite (crates/ferrograd-py/tests/test_nn.py).

Requires PyTorch. Rerun from anywhere with

    python3 gen_nn.py        # writes nn.json next to this script

Every tensor is float64, written as {"shape": [...], "data": [...flat...]}. Inputs and weights
are deterministic (sines of the element index), so the consumer can rebuild them exactly too.

- "modules": for each case, the constructor (Python source, also read by the Rust test through
  its "kind" and "args"), repr, state_dict keys/shapes/values (loaded into ours before the
  forward), the input, the output, the output gradient used (`(out * gout).sum().backward()`),
  the input gradient and every parameter's gradient, and the output's grad_fn.
- "losses": for each function, options and reduction: input, target, weight tensors, the value,
  grad_fn name and gradients of `(loss * gout).sum()` with respect to input (and target where
  it is floating and differentiable).
- "reprs": modules' reprs (activations, containers, losses).
- "errors": exception types and messages.
- "default_init": `manual_seed(0); Linear(3, 2)` and `Embedding(4, 3)` initial weights.
"""

import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn.json")
torch.set_default_dtype(torch.float64)


def det(shape, phase=0.0, scale=1.0):
    """sin(0.7 i + phase) * scale over the flat index i, shaped."""
    n = math.prod(shape)
    return (torch.arange(n, dtype=torch.float64) * 0.7 + phase).sin().mul(scale).reshape(shape)


def enc(t):
    if t is None:
        return None
    t = t.detach()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist(), "dtype": str(t.dtype).replace("torch.", "")}


def gfn(t):
    return None if t.grad_fn is None else t.grad_fn.name()


# (name, kind, args, python constructor, input shape or index tensor)
MODULES = [
    ("linear", "Linear", [3, 2, True], "nn.Linear(3, 2)", [4, 3]),
    ("linear_nobias", "Linear", [3, 2, False], "nn.Linear(3, 2, bias=False)", [4, 3]),
    ("linear_3d", "Linear", [3, 2, True], "nn.Linear(3, 2)", [2, 4, 3]),
    ("bilinear", "Bilinear", [3, 2, 4, True], "nn.Bilinear(3, 2, 4)", None),
    ("mlp", "MLP", [3, 5, 2], "nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2))", [4, 3]),
    ("flatten", "Flatten", [1, -1], "nn.Flatten()", [2, 3, 4]),
    ("flatten_0_1", "Flatten", [0, 1], "nn.Flatten(0, 1)", [2, 3, 4]),
    ("unflatten", "Unflatten", [1, [2, 6]], "nn.Unflatten(1, (2, 6))", [3, 12]),
    ("identity", "Identity", [], "nn.Identity()", [2, 3]),
    ("softmax", "Softmax", [1], "nn.Softmax(dim=1)", [3, 4]),
    ("log_softmax", "LogSoftmax", [0], "nn.LogSoftmax(dim=0)", [3, 4]),
    ("embedding", "Embedding", [5, 3, None], "nn.Embedding(5, 3)", "idx"),
    ("embedding_pad", "Embedding", [5, 3, 1], "nn.Embedding(5, 3, padding_idx=1)", "idx"),
    ("dropout_eval", "Dropout", [0.5], "nn.Dropout(0.5).eval()", [2, 3]),
]
ACTIVATIONS = [
    ("ReLU", [], "nn.ReLU()"),
    ("LeakyReLU", [0.2], "nn.LeakyReLU(0.2)"),
    ("Hardtanh", [-0.5, 0.75], "nn.Hardtanh(-0.5, 0.75)"),
    ("Hardsigmoid", [], "nn.Hardsigmoid()"),
    ("ELU", [0.5], "nn.ELU(0.5)"),
    ("SELU", [], "nn.SELU()"),
    ("CELU", [2.0], "nn.CELU(2.0)"),
    ("Softplus", [2.0, 1.0], "nn.Softplus(2.0, 1.0)"),
    ("SiLU", [], "nn.SiLU()"),
    ("Mish", [], "nn.Mish()"),
    ("GELU", ["none"], "nn.GELU()"),
    ("GELU", ["tanh"], "nn.GELU('tanh')"),
    ("Sigmoid", [], "nn.Sigmoid()"),
    ("Tanh", [], "nn.Tanh()"),
    ("LogSigmoid", [], "nn.LogSigmoid()"),
]


def module_case(name, kind, args, ctor, shape):
    torch.manual_seed(0)
    m = eval(ctor)
    # fixed weights: each parameter from det() with its own phase
    with torch.no_grad():
        for i, (k, p) in enumerate(m.named_parameters()):
            p.copy_(det(list(p.shape), phase=1.0 + i, scale=0.5))
    if kind == "Bilinear":
        x1 = det([4, 3], 0.3).requires_grad_()
        x2 = det([4, 2], 0.9).requires_grad_()
        out = m(x1, x2)
        inputs = [x1, x2]
    elif shape == "idx":
        x = torch.tensor([[0, 1, 4], [1, 1, 2]])
        out = m(x)
        inputs = [x]
    else:
        x = det(shape, 0.3, 2.0).requires_grad_()
        out = m(x)
        inputs = [x]
    gout = det(list(out.shape), 2.1)
    (out * gout).sum().backward()
    return {
        "name": name,
        "kind": kind,
        "args": args,
        "ctor": ctor,
        "repr": repr(m),
        "state_dict": [[k, enc(v)] for k, v in m.state_dict().items()],
        "inputs": [enc(x) for x in inputs],
        "output": enc(out),
        "grad_fn": gfn(out),
        "gout": enc(gout),
        "input_grads": [enc(x.grad) if x.dtype.is_floating_point else None for x in inputs],
        "param_grads": [[k, enc(p.grad)] for k, p in m.named_parameters()],
        "named_parameters": [k for k, _ in m.named_parameters()],
    }


def loss_cases():
    out = []
    R = ["none", "mean", "sum"]

    def add(fn, kwargs, inp, target, extra=None, target_grad=False):
        f = getattr(F, fn)
        x = inp.clone().requires_grad_()
        t = target.clone()
        if target_grad:
            t.requires_grad_()
        kw = dict(kwargs)
        for k, v in (extra or {}).items():
            kw[k] = v
        loss = f(x, t, **kw)
        gout = det(list(loss.shape), 0.4) + 1.5
        (loss * gout).sum().backward()
        out.append({
            "fn": fn,
            "kwargs": {k: v for k, v in kwargs.items()},
            "tensors": {k: enc(v) for k, v in (extra or {}).items()},
            "input": enc(inp),
            "target": enc(target),
            "value": enc(loss),
            "grad_fn": gfn(loss),
            "gout": enc(gout),
            "input_grad": enc(x.grad),
            "target_grad": enc(t.grad) if target_grad else None,
        })

    x = det([3, 4], 0.2, 2.0)
    y = det([3, 4], 1.3, 1.5)
    for r in R:
        add("mse_loss", {"reduction": r}, x, y, target_grad=True)
        add("l1_loss", {"reduction": r}, x, y, target_grad=True)
        for beta in [1.0, 0.5, 0.0]:
            add("smooth_l1_loss", {"reduction": r, "beta": beta}, x, y, target_grad=True)
        for delta in [1.0, 0.3]:
            add("huber_loss", {"reduction": r, "delta": delta}, x, y, target_grad=True)
    p = det([3, 4], 0.5).mul(0.45).add(0.5)
    q = det([3, 4], 2.5).mul(0.5).add(0.5)
    w4 = det([4], 0.8).abs().add(0.2)
    for r in R:
        add("binary_cross_entropy", {"reduction": r}, p, q, target_grad=True)
        add("binary_cross_entropy", {"reduction": r}, p, q, {"weight": w4})
        add("binary_cross_entropy_with_logits", {"reduction": r}, x, q, target_grad=True)
        add("binary_cross_entropy_with_logits", {"reduction": r}, x, q, {"weight": w4, "pos_weight": w4 * 2})
        add("binary_cross_entropy_with_logits", {"reduction": r}, x, q, {"pos_weight": w4 * 3}, target_grad=True)
    logp = F.log_softmax(det([3, 4], 0.1, 2.0), 1).detach()
    probs = F.softmax(det([3, 4], 1.7), 1).detach()
    for r in R + ["batchmean"]:
        add("kl_div", {"reduction": r}, logp, probs, target_grad=True)
        add("kl_div", {"reduction": r, "log_target": True}, logp, probs.log(), target_grad=True)
    t = torch.tensor([0, 3, 1])
    t_ign = torch.tensor([0, 2, 2])
    t4 = torch.tensor([[0, 2, 1, 1, 0], [2, 2, 0, 1, 1]])
    x4 = det([2, 3, 5], 0.6, 2.0)
    w3 = torch.tensor([0.2, 1.0, 2.5])
    for r in R:
        add("nll_loss", {"reduction": r}, logp, t)
        add("nll_loss", {"reduction": r}, logp, t, {"weight": w4})
        add("nll_loss", {"reduction": r, "ignore_index": 2}, logp, t_ign)
        add("nll_loss", {"reduction": r, "ignore_index": 2}, logp, t_ign, {"weight": w4})
        add("cross_entropy", {"reduction": r}, x, t)
        add("cross_entropy", {"reduction": r}, x, t, {"weight": w4})
        add("cross_entropy", {"reduction": r, "ignore_index": 2}, x, t_ign)
        add("cross_entropy", {"reduction": r, "label_smoothing": 0.1}, x, t)
        add("cross_entropy", {"reduction": r, "label_smoothing": 0.25, "ignore_index": 2}, x, t_ign, {"weight": w4})
        add("cross_entropy", {"reduction": r}, x, probs, target_grad=True)
        add("cross_entropy", {"reduction": r, "label_smoothing": 0.2}, x, probs, {"weight": w4})
        add("cross_entropy", {"reduction": r}, x4, t4, {"weight": w3})
        add("cross_entropy", {"reduction": r, "label_smoothing": 0.3}, x4, t4)
    return out


def err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("no error")


def errors():
    lin = nn.Linear(3, 2)
    seq = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    sd = seq.state_dict()
    missing = {k: v for k, v in sd.items() if k != "2.bias"}
    extra = dict(sd)
    extra["3.weight"] = torch.zeros(1)
    wrong = dict(sd)
    wrong["0.weight"] = torch.zeros(2, 4)
    both = dict(missing)
    both["x"] = torch.zeros(1)
    return {
        "linear_in_features": err(lambda: lin(torch.zeros(2, 4))),
        "missing_keys": err(lambda: seq.load_state_dict(missing)),
        "unexpected_keys": err(lambda: seq.load_state_dict(extra)),
        "missing_and_unexpected": err(lambda: seq.load_state_dict(both)),
        "size_mismatch": err(lambda: seq.load_state_dict(wrong)),
        "size_mismatch_not_strict": err(lambda: seq.load_state_dict(wrong, strict=False)),
        "non_strict_keys": {"type": "result", "message": repr(seq.load_state_dict(both, strict=False))},
        "dropout_p": err(lambda: nn.Dropout(1.5)),
        "reduction": err(lambda: F.mse_loss(torch.zeros(2), torch.zeros(2), reduction="avg")),
        "bce_range": err(lambda: F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.0]))),
        "bce_size": err(lambda: F.binary_cross_entropy(torch.zeros(3, 1), torch.zeros(3))),
        "bce_logits_size": err(lambda: F.binary_cross_entropy_with_logits(torch.zeros(3, 1), torch.zeros(3))),
        "nll_weight_size": err(lambda: F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1]), weight=torch.ones(2))),
        "label_smoothing_range": err(lambda: F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), label_smoothing=1.5)),
        "probs_ignore_index": err(lambda: F.cross_entropy(torch.zeros(2, 3), torch.zeros(2, 3), ignore_index=1)),
        "embedding_range": err(lambda: nn.Embedding(3, 2)(torch.tensor([3]))),
        "smooth_l1_beta": err(lambda: F.smooth_l1_loss(torch.zeros(2), torch.zeros(2), beta=-1.0)),
        "huber_delta": err(lambda: F.huber_loss(torch.zeros(2), torch.zeros(2), delta=0.0)),
        "unflatten_sizes": err(lambda: nn.Unflatten(1, (2, 5))(torch.zeros(3, 12))),
        "module_list_forward": err(lambda: nn.ModuleList([nn.ReLU()])(torch.zeros(1))),
    }


def reprs():
    out = {}
    for kind, args, ctor in ACTIVATIONS:
        out[ctor] = repr(eval(ctor))
    for ctor in [
        "nn.Sequential(nn.Linear(3, 1), nn.ReLU())",
        "nn.Sequential(nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.25)), nn.Flatten(0, -1))",
        "nn.ModuleList([nn.ReLU(), nn.Linear(1, 2)])",
        "nn.ModuleDict({'act': nn.ReLU(), 'fc': nn.Linear(1, 2, bias=False)})",
        "nn.Sequential()",
        "nn.Embedding(10, 3)",
        "nn.Softmax()",
        "nn.MSELoss()",
        "nn.CrossEntropyLoss(label_smoothing=0.1)",
        "nn.BCEWithLogitsLoss(pos_weight=torch.ones(2))",
        "nn.KLDivLoss(reduction='batchmean')",
    ]:
        out[ctor] = repr(eval(ctor))
    return out


def activation_cases():
    out = []
    x = det([2, 5], 0.3, 3.0)
    for kind, args, ctor in ACTIVATIONS:
        m = eval(ctor)
        xi = x.clone().requires_grad_()
        y = m(xi)
        gout = det(list(y.shape), 2.1)
        (y * gout).sum().backward()
        out.append({"kind": kind, "args": args, "ctor": ctor, "repr": repr(m), "input": enc(x),
                    "output": enc(y), "grad_fn": gfn(y), "gout": enc(gout), "input_grad": enc(xi.grad)})
    return out


def default_init():
    torch.set_default_dtype(torch.float32)
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    torch.manual_seed(0)
    emb = nn.Embedding(4, 3)
    torch.set_default_dtype(torch.float64)
    return {"linear_3_2": {k: enc(v) for k, v in lin.state_dict().items()},
            "embedding_4_3": {k: enc(v) for k, v in emb.state_dict().items()}}


def main():
    data = {
        "_torch_version": torch.__version__,
        "modules": [module_case(*c) for c in MODULES],
        "activations": activation_cases(),
        "losses": loss_cases(),
        "errors": errors(),
        "reprs": reprs(),
        "default_init": default_init(),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
