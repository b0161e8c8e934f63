"""Records PyTorch's results for three parts of the CNN surface, read by the Python suite:

- ``batched``: batched backward (``torch.autograd.grad(..., is_grads_batched=True)``) through
  convolutions (and their double backward), pooling, normalization, padding, interpolation,
  gathering, sorting, scans and einsum (``test_batched_rules.py``);
- ``index``: advanced indexing with several index tensors, masks, ``None`` and ``...``, its
  assignments and ``index_put``, with grad_fn names, gradients and error messages
  (``test_advanced_index.py``);
- ``aliases``: ``torch.batch_norm`` & co., the 1-d and adaptive pools and the convolution
  modules' ``padding_mode`` (``test_pool_aliases.py``).

    /work/torchenv/bin/python crates/ferrograd-py/tests/data/gen_surface_cases.py \
        > crates/ferrograd-py/tests/data/surface_cases.json

Each case is a Python expression evaluated by the tests with ``torch`` bound to ferrograd;
tensors are ``{"shape", "dtype", "data"}``.
"""

import json
import math

import torch
import torch.nn.functional as F


def enc(t):
    t = t.detach()
    data = t.flatten().tolist()
    if t.dtype.is_floating_point:
        data = [v if math.isfinite(v) else repr(v) for v in data]
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": data}


def floats(shape, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(shape, generator=g, dtype=torch.float64) * 4 - 2).round(decimals=3)


def put(y, key, value):
    """``y[key] = value``, returning ``y`` (an assignment as an expression)."""
    y[key] = value
    return y


def iadd(y, key, value):
    """``y[key] += value``, returning ``y``."""
    y[key] += value
    return y


ENV = {"torch": torch, "F": F, "nn": torch.nn, "put": put, "iadd": iadd}
OUT = {"batched": [], "index": [], "aliases": []}


def batched(name, expr, shapes, batch=3):
    """`expr` over inputs `x` (float64 of `shapes`): its batched gradients for a batch of
    grad_outputs `v`."""
    seed = 100 + len(OUT["batched"])
    xs = [floats(s, seed + k).requires_grad_(True) for k, s in enumerate(shapes)]
    y = eval(expr, ENV, {"x": xs})
    v = floats((batch, *y.shape), seed + 50)
    gs = torch.autograd.grad(y, xs, v, is_grads_batched=True, allow_unused=True)
    OUT["batched"].append({
        "name": name, "expr": expr, "x": [enc(x) for x in xs], "v": enc(v),
        "grads": [None if g is None else enc(g) for g in gs],
    })


def case(group, expr, args, grad_args=()):
    """Runs `expr` with `args` in PyTorch: its value, grad_fn, gradients or error."""
    grad_args = tuple(k for k in grad_args if k in args)
    env = {k: (v.clone().requires_grad_(k in grad_args) if isinstance(v, torch.Tensor) else v) for k, v in args.items()}
    env = {**ENV, **env}
    c = {"expr": expr, "args": {k: enc(v) if isinstance(v, torch.Tensor) else v for k, v in args.items()},
         "grad": list(grad_args)}
    torch.manual_seed(0)
    try:
        out = eval(expr, env)
    except Exception as e:  # noqa: BLE001 - the message is the data
        c["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
        OUT[group].append(c)
        return
    if isinstance(out, str):
        c["repr"] = out
        OUT[group].append(c)
        return
    if isinstance(out, tuple):
        out, indices = out
        c["indices"] = enc(indices)
    c["out"] = enc(out)
    c["grad_fn"] = out.grad_fn.name() if out.grad_fn is not None else None
    if grad_args and out.requires_grad:
        g = floats(out.shape, 7)
        c["upstream"] = enc(g)
        grads = torch.autograd.grad(out, [env[k] for k in grad_args], g, allow_unused=True)
        c["grads"] = {k: (enc(gr) if gr is not None else None) for k, gr in zip(grad_args, grads)}
    OUT[group].append(c)


def batched_cases():
    b = batched
    b("conv2d", "F.conv2d(x[0], x[1], x[2], stride=2, padding=1)", [(2, 3, 5, 6), (4, 3, 3, 2), (4,)])
    b("conv2d groups dilation", "F.conv2d(x[0], x[1], groups=2, dilation=2)", [(2, 4, 6, 5), (6, 2, 2, 2)])
    b("conv1d", "F.conv1d(x[0], x[1], x[2], stride=2, groups=3)", [(2, 3, 9), (6, 1, 3), (6,)])
    b("conv_transpose2d", "F.conv_transpose2d(x[0], x[1], x[2], stride=2, groups=2, output_padding=1)",
      [(2, 4, 3, 3), (4, 3, 2, 3), (6,)])
    b("conv2d double backward",
      "torch.autograd.grad((F.conv2d(x[0], x[1], padding=1) * x[2]).sum(), [x[0], x[1]], create_graph=True)[0]",
      [(2, 2, 4, 4), (3, 2, 3, 3), (2, 3, 4, 4)])
    b("conv2d double backward, weight",
      "torch.autograd.grad((F.conv2d(x[0], x[1], groups=2) * x[2]).sum(), [x[0], x[1]], create_graph=True)[1]",
      [(2, 4, 4, 4), (4, 2, 3, 3), (2, 4, 2, 2)])
    b("max_pool2d", "F.max_pool2d(x[0], (3, 2), stride=2, padding=1, ceil_mode=True)", [(2, 3, 7, 6)])
    b("avg_pool2d", "F.avg_pool2d(x[0], (2, 3), padding=1, count_include_pad=False)", [(2, 3, 7, 6)])
    b("adaptive_avg_pool2d", "F.adaptive_avg_pool2d(x[0], (3, 4))", [(2, 3, 7, 6)])
    b("adaptive_max_pool2d", "F.adaptive_max_pool2d(x[0], (3, 4))", [(2, 3, 7, 6)])
    b("max_pool1d", "F.max_pool1d(x[0], 3, 2, 1)", [(2, 3, 9)])
    b("avg_pool1d", "F.avg_pool1d(x[0], 3, 2, 1)", [(2, 3, 9)])
    b("batch_norm training", "F.batch_norm(x[0], None, None, x[1], x[2], training=True)", [(3, 4, 5), (4,), (4,)])
    b("batch_norm eval", "F.batch_norm(x[0], torch.zeros(4, dtype=torch.float64), torch.ones(4, dtype=torch.float64), x[1], x[2])",
      [(3, 4, 5), (4,), (4,)])
    b("layer_norm", "F.layer_norm(x[0], [5], x[1], x[2])", [(3, 4, 5), (5,), (5,)])
    b("group_norm", "F.group_norm(x[0], 2, x[1], x[2])", [(3, 4, 5), (4,), (4,)])
    b("batch_norm double backward",
      "torch.autograd.grad((F.batch_norm(x[0], None, None, training=True) * x[1]).sum(), x[0], create_graph=True)[0]",
      [(3, 4, 5), (3, 4, 5)])
    b("pad reflect", "F.pad(x[0], (1, 2, 2, 1), mode='reflect')", [(2, 3, 5, 6)])
    b("pad replicate", "F.pad(x[0], (1, 2), mode='replicate')", [(2, 3, 5)])
    b("pad circular", "F.pad(x[0], (1, 2, 2, 1), mode='circular')", [(2, 3, 5, 6)])
    b("pad constant", "F.pad(x[0], (1, 2, 0, 1), value=0.5)", [(2, 3, 5, 6)])
    b("interpolate nearest", "F.interpolate(x[0], size=(9, 4))", [(2, 3, 5, 6)])
    b("interpolate bilinear", "F.interpolate(x[0], scale_factor=(1.5, 2.0), mode='bilinear')", [(2, 3, 5, 6)])
    b("gather", "x[0].gather(1, torch.tensor([[2, 0, 1, 1], [0, 3, 3, 2]]))", [(3, 4)])
    b("scatter", "x[0].scatter(0, torch.tensor([[2, 0, 1, 1], [0, 2, 1, 2]]), x[1])", [(3, 4), (2, 4)])
    b("scatter_add", "x[0].scatter_add(1, torch.tensor([[2, 0, 1, 1], [0, 3, 3, 2]]), x[1])", [(3, 4), (2, 4)])
    b("index_select", "x[0].index_select(1, torch.tensor([2, 0, 2]))", [(3, 4)])
    b("index_add", "x[0].index_add(1, torch.tensor([2, 0, 2]), x[1], alpha=0.5)", [(3, 4), (3, 3)])
    b("masked_fill", "x[0].masked_fill(x[0].detach() > 0.2, 3.0)", [(3, 4)])
    b("masked_fill tensor", "x[0].masked_fill(x[0].detach() > 0.2, x[1])", [(3, 4), ()])
    b("masked_select", "x[0].masked_select(x[0].detach() > 0.2)", [(3, 4)])
    b("take_along_dim", "torch.take_along_dim(x[0], torch.tensor([[2, 0, 1, 1], [0, 3, 3, 2]]), 1)", [(2, 4)])
    b("sort", "x[0].sort(1, descending=True).values", [(3, 4)])
    b("topk", "x[0].topk(2, 0).values", [(3, 4)])
    b("cumsum", "x[0].cumsum(1)", [(3, 4)])
    b("cumprod", "x[0].cumprod(0)", [(3, 4)])
    b("flip", "x[0].flip(0, -1)", [(3, 4)])
    b("einsum", "torch.einsum('ii,ij->j', x[0], x[1])", [(3, 3), (3, 4)])
    b("advanced index", "x[0][torch.tensor([0, 2, 0]), :, torch.tensor([1, 1, 0])]", [(3, 2, 4)])


def index_cases():
    x = floats((3, 4, 5), 1)
    i1, i2 = torch.tensor([0, 2, 2]), torch.tensor([[1], [2]])
    y = floats((2, 3, 4, 5), 2)
    m = x[:, :, 0] > 0
    c = lambda e, **kw: case("index", e, {"x": x, **kw}, ("x", "y"))  # noqa: E731
    c("x[[0, 1], [1, 2]]")
    c("x[i1, :, i1]", i1=i1)
    c("x[:, i2, i1]", i1=i1, i2=i2)
    c("x[i2, i1]", i1=i1, i2=i2)
    c("x[i1, 1:4:2, i2]", i1=i1, i2=i2)
    c("x[..., [3, 0], [1, 2]]")
    c("x[None, i1, ..., [0, 1, 2]]", i1=i1)
    c("y[0, :, [0, 1], [1, 2]]", y=y)
    c("y[[0, 1], :, 0, [1, 2]]", y=y)
    c("y[:, [0, 1], 0, [1, 2]]", y=y)
    c("x[[0, 1], 0, [1, 2]]")
    c("x[m, 0]", m=m)
    c("x[m, [1, 2, 3, 0, 0, 1, 2][:int(m.sum())]]", m=m)
    c("x[torch.tensor(1), [0, 1]]")
    c("x[[-1, 0], [-4, 3]]")
    c("x[x > 0.5]")
    c("x[:, x[0] > 0]")
    c("x[[0, 1], [1, 5]]")
    c("x[[0, 1], [1, 2, 0]]")
    c("x[[0, 3], [1, 2]]")
    c("x[[0, 1], [1, 2], [0, 1], [0]]")
    c("x[torch.ones(3, 3, dtype=torch.bool), 0]")
    c("x[[0, 1], [-5, 1]]")
    v = floats((2, 5), 2)
    p = lambda e, **kw: case("index", e, {"x": x, "v": v, **kw}, ("x", "v"))  # noqa: E731
    p("put(x * 1, ([0, 1], [1, 2]), v)")
    p("put(x * 1, ([0, 0], [1, 1]), v)")
    p("put(x * 1, (i1, slice(None), [0, 1, 4]), v[0, :4])", i1=i1)
    p("put(x * 1, ([0, 1], [1, 2]), 2.5)")
    p("put(x * 1, ([0, 1], [1, 2]), v[:, :3])")
    p("iadd(x * 1, ([0, 0], [1, 1]), v)")
    p("iadd(x * 1, ([2, 0], slice(None), [3, 3]), v[:, :4])")
    p("(x * 1).index_put((torch.tensor([0, 0]), torch.tensor([1, 1])), v, accumulate=True)")
    p("torch.index_put(x * 1, (torch.tensor([0, 2]), torch.tensor([1, 3])), v)")
    p("(x * 1).index_put_((torch.tensor([0, 0]),), v[0], accumulate=True)")
    p("(x * 1).index_put([torch.tensor([1])], v[0, 0])")
    p("(x * 1).index_put((torch.tensor([0, 1]), torch.tensor([1, 2])), v.sum())")
    p("(x * 1).index_put((torch.tensor([0, 1]), 1), v)")
    p("(x * 1).index_put(5, v)")
    p("(x * 1).index_put((torch.tensor([0, 1]),), 1.0)")


def alias_cases():
    x4 = floats((2, 4, 5, 6), 3)
    x3 = floats((2, 4, 9), 4)
    w, b = floats((4,), 5), floats((4,), 6)
    a = lambda e, **kw: case("aliases", e, kw, tuple(k for k, v in kw.items() if isinstance(v, torch.Tensor) and v.dtype.is_floating_point))  # noqa: E731
    a("torch.batch_norm(x, w, b, None, None, True, 0.1, 1e-5, False)", x=x3, w=w, b=b)
    a("torch.batch_norm(x, w, b, torch.zeros(4, dtype=torch.float64) + 0.5, torch.ones(4, dtype=torch.float64) * 2, False, 0.1, 1e-5, False)", x=x3, w=w, b=b)
    a("torch.layer_norm(x, [9], None, None, 1e-5, True)", x=x3)
    a("torch.layer_norm(x, (4, 9))", x=x3)
    a("torch.group_norm(x, 2, w, b)", x=x3, w=w, b=b)
    a("torch.group_norm(x, 2, eps=0.1)", x=x4)
    a("torch.max_pool2d(x, 2)", x=x4)
    a("torch.max_pool2d(x, (3, 2), (1, 2), 1, 1, True)", x=x4)
    a("torch.max_pool1d(x, 3)", x=x3)
    a("torch.max_pool1d(x, 2, 1, 1)", x=x3)
    a("torch.avg_pool1d(x, 3)", x=x3)
    a("torch.avg_pool1d(x, 4, 2, 2, True, False)", x=x3)
    a("F.avg_pool1d(x, 3, stride=2, padding=1, ceil_mode=True)", x=x3)
    a("F.avg_pool1d(x[0], 2)", x=x3)
    a("torch.adaptive_avg_pool1d(x, 4)", x=x3)
    a("F.adaptive_avg_pool1d(x, (5,))", x=x3)
    a("F.adaptive_avg_pool1d(x[0], 9)", x=x3)
    a("F.adaptive_max_pool2d(x, (2, 4))", x=x4)
    a("F.adaptive_max_pool2d(x, 3, return_indices=True)", x=x4)
    a("F.adaptive_max_pool2d(x[0], (None, 4), return_indices=True)", x=x4)
    a("F.adaptive_max_pool2d(x.flip(-1) * 0, (2, 3))", x=x4)
    a("torch.conv1d(x, w, None, 2)", x=x3, w=floats((3, 4, 2), 8))
    a("torch.conv2d(x, w, b, 1, 'same')", x=x4, w=floats((3, 4, 3, 2), 9), b=floats((3,), 10))
    a("torch.conv_transpose2d(x, w, None, 2, 1, 1)", x=x4, w=floats((4, 2, 3, 3), 11))
    # errors
    a("torch.avg_pool1d(x[0, 0], 2)", x=x3)
    a("torch.adaptive_avg_pool1d(x.unsqueeze(0), 2)", x=x3)
    a("torch.avg_pool1d(x, 2, 1, 2)", x=x3)
    a("F.adaptive_avg_pool1d(x, (2, 3))", x=x3)
    a("F.adaptive_max_pool2d(x, (2, 2, 3))", x=x4)
    a("F.adaptive_max_pool2d(x[0, 0], (2, 2))", x=x4)
    a("F.adaptive_max_pool2d(x, (2,))", x=x4)
    a("F.adaptive_max_pool2d(x.unsqueeze(0), 2)", x=x4)
    # padding_mode
    for mode in ["reflect", "replicate", "circular"]:
        a(f"(lambda m: (m.weight.data.copy_(w), m.bias.data.copy_(b3), m(x))[-1])(nn.Conv2d(4, 3, (3, 2), padding=(2, 1), padding_mode='{mode}', dtype=torch.float64))",
          x=x4, w=floats((3, 4, 3, 2), 12), b3=floats((3,), 13))
        a(f"(lambda m: (m.weight.data.copy_(w), m(x))[-1])(nn.Conv1d(4, 3, 3, padding='same', dilation=2, bias=False, padding_mode='{mode}', dtype=torch.float64))",
          x=x3, w=floats((3, 4, 3), 14))
        a(f"repr(nn.Conv2d(4, 3, 3, padding=1, padding_mode='{mode}'))")
    a("repr(nn.Conv1d(2, 3, 3, padding='same', padding_mode='circular', dilation=2))")
    a("nn.ConvTranspose2d(2, 3, 3, padding_mode='reflect')")
    a("nn.Conv2d(2, 3, 3, padding=5, padding_mode='reflect')(x)", x=floats((1, 2, 4, 4), 15))
    a("(lambda m: (m.weight.data.copy_(w), m.bias.data.copy_(b3), m(x))[-1])(nn.Conv2d(4, 3, 3, stride=2, padding='valid', padding_mode='reflect', dtype=torch.float64))",
      x=x4, w=floats((3, 4, 3, 3), 16), b3=floats((3,), 17))


if __name__ == "__main__":
    torch.set_default_dtype(torch.float32)
    batched_cases()
    index_cases()
    alias_cases()
    print(json.dumps(OUT))
