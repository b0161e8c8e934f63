"""Records PyTorch's indexing, gathering, sorting and scanning ops for tests/gather.rs and the
Python suite's test_gather.py: values, index outputs, grad_fn names, gradients for a fixed
upstream gradient, and error types and messages.

    python crates/ferrograd/tests/data/gen_gather.py > crates/ferrograd/tests/data/gather.json

Each case names an op and its arguments in a form both tests read (`op`, `args`); tensors are
`{"shape", "dtype", "data"}`. `expr` is the same call in Python, evaluated by test_gather.py
with `torch` bound to ferrograd.
"""

import json
import math

import torch


def enc(t):
    t = t.detach()
    data = t.flatten().tolist()
    if t.dtype.is_floating_point:
        data = [v if math.isfinite(v) else repr(v) for v in data]
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": data}


def floats(shape, seed, dtype=torch.float64, ties=False):
    g = torch.Generator().manual_seed(seed)
    if ties:
        return torch.randint(0, 4, shape, generator=g).to(dtype)
    return (torch.rand(shape, generator=g, dtype=torch.float64) * 4 - 2).round(decimals=3).to(dtype)


def ints(shape, lo, hi, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(lo, hi, shape, generator=g)


def upstream(shape, dtype):
    n = 1
    for s in shape:
        n *= s
    return torch.tensor([math.cos(1.0 + k) for k in range(n)], dtype=torch.float64).reshape(shape).to(dtype)


CASES = []


def put(y, key, value):
    """``y[key] = value``, returning ``y`` (an assignment as an expression)."""
    y[key] = value
    return y


def case(op, expr, args, grad_args=()):
    """Runs `expr` with `args` (tensors and numbers) in PyTorch and records the result."""
    env = {k: (v.clone().requires_grad_(k in grad_args) if isinstance(v, torch.Tensor) else v) for k, v in args.items()}
    c = {"op": op, "expr": expr, "args": {k: enc(v) if isinstance(v, torch.Tensor) else v for k, v in args.items()}, "grad": list(grad_args)}
    try:
        out = eval(expr, {"torch": torch, "F": torch.nn.functional, "put": put}, env)
    except Exception as e:  # noqa: BLE001 - the message is the data
        c["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
        CASES.append(c)
        return
    if isinstance(out, tuple):
        values, indices = out
        c["indices"] = enc(indices)
    else:
        values = out
    c["out"] = enc(values)
    c["grad_fn"] = type(values.grad_fn).__name__ if values.grad_fn is not None else None
    if grad_args and values.requires_grad:
        g = upstream(values.shape, values.dtype)
        c["upstream"] = enc(g)
        ins = [env[k] for k in grad_args]
        grads = torch.autograd.grad(values, ins, g, allow_unused=True)
        c["grads"] = {k: (enc(gr) if gr is not None else None) for k, gr in zip(grad_args, grads)}
    CASES.append(c)


def main():
    f64 = torch.float64
    # gather / take_along_dim
    for shape, dim, ishape, seed in [((3, 4), 0, (2, 4), 1), ((3, 4), 1, (3, 6), 2), ((2, 3, 5), -1, (2, 2, 3), 3),
                                     ((2, 3, 5), 1, (1, 4, 2), 4), ((5,), 0, (7,), 5), ((), 0, (), 6), ((3, 0), 1, (3, 0), 7)]:
        d = dim % max(len(shape), 1)
        size = shape[d] if shape else 1
        x = floats(shape, seed)
        i = ints(ishape, 0, max(size, 1), seed + 100) if size else torch.zeros(ishape, dtype=torch.long)
        case("gather", "x.gather(dim, i)", {"x": x, "dim": dim, "i": i}, ["x"])
    x = floats((3, 4), 8)
    case("gather", "x.gather(dim, i)", {"x": x, "dim": 1, "i": torch.tensor([[5]])}, ["x"])
    case("gather", "x.gather(dim, i)", {"x": x, "dim": 1, "i": torch.tensor([[-1]])}, ["x"])
    case("gather", "x.gather(dim, i)", {"x": x, "dim": 0, "i": torch.zeros(2, 5, dtype=torch.long)}, ["x"])
    case("gather", "x.gather(dim, i)", {"x": x, "dim": 0, "i": torch.tensor([0, 1])}, ["x"])
    case("gather", "x.gather(dim, i)", {"x": x, "dim": 2, "i": torch.tensor([[0]])}, ["x"])
    case("gather", "x.gather(dim, i)", {"x": x, "dim": 0, "i": torch.tensor([[0.0]])}, ["x"])
    for shape, ishape, dim, seed in [((3, 4), (3, 2), 1, 10), ((3, 4), (1, 4), 0, 11), ((2, 3), (2, 1, 3), None, 12),
                                     ((4, 1, 3), (4, 2, 1), 1, 13)]:
        x = floats(shape, seed)
        n = x.numel() if dim is None else shape[dim]
        i = ints(ishape, 0, n, seed)
        case("take_along_dim", "torch.take_along_dim(x, i, dim)", {"x": x, "i": i, "dim": dim}, ["x"])
    case("take_along_dim", "torch.take_along_dim(x, i, dim)", {"x": floats((3, 4), 14), "i": torch.tensor([0, 1]), "dim": 0}, ["x"])
    case("take_along_dim", "torch.take_along_dim(x, i, dim)", {"x": floats((3, 4), 14), "i": torch.tensor([[0.0]]), "dim": 0}, ["x"])

    # scatter (src and value), scatter_add
    for shape, dim, ishape, sshape, seed in [((3, 4), 0, (2, 4), (2, 4), 20), ((3, 5), 1, (3, 2), (3, 2), 21),
                                             ((2, 3, 4), -2, (2, 2, 4), (2, 2, 4), 22), ((4,), 0, (6,), (6,), 23),
                                             ((), 0, (), (), 24)]:
        d = dim % max(len(shape), 1)
        size = shape[d] if shape else 1
        x, src = floats(shape, seed), floats(sshape, seed + 1)
        i = ints(ishape, 0, size, seed + 2)
        # distinct positions per slice for scatter (repeats make the winner unspecified)
        if shape == (3, 4):
            i = torch.tensor([[2, 0, 1, 2], [0, 2, 0, 1]])
        if shape == (3, 5):
            i = torch.tensor([[4, 0], [1, 2], [3, 1]])
        if shape == (2, 3, 4):
            i = torch.tensor([[[2, 0, 1, 1], [0, 2, 2, 0]], [[1, 1, 0, 2], [0, 0, 2, 1]]])
        if shape == (4,):
            i = torch.tensor([3, 1])
            src = floats((2,), seed + 1)
        case("scatter", "x.scatter(dim, i, src)", {"x": x, "dim": dim, "i": i, "src": src}, ["x", "src"])
        case("scatter_value", "x.scatter(dim, i, value)", {"x": x, "dim": dim, "i": i, "value": -1.25}, ["x"])
        j = ints(ishape, 0, size, seed + 3)
        src2 = floats(sshape, seed + 4)
        case("scatter_add", "x.scatter_add(dim, i, src)", {"x": x, "dim": dim, "i": j, "src": src2}, ["x", "src"])
    # a source larger than the index: PyTorch reads its leading part (and has no gradient for it)
    case("scatter", "x.scatter(dim, i, src)", {"x": floats((3, 5), 26), "dim": 1, "i": torch.tensor([[4, 0], [1, 2], [3, 1]]), "src": floats((4, 3), 27)}, ["x"])
    case("scatter_add", "x.scatter_add(dim, i, src)", {"x": floats((3, 5), 26), "dim": 1, "i": torch.tensor([[4, 4], [1, 2], [3, 1]]), "src": floats((4, 3), 27)}, ["x"])
    x = floats((3, 4), 25)
    for i, src in [(torch.tensor([[0.0]]), x), (torch.tensor([0, 1]), x), (torch.zeros(2, 5, dtype=torch.long), x),
                   (torch.tensor([[0, 1, 2, 0], [2, 2, 1, 0]]), x[:1, :2]), (torch.tensor([[0, 1]]), x.float()),
                   (torch.tensor([[3]]), x)]:
        case("scatter", "x.scatter(dim, i, src)", {"x": x, "dim": 0, "i": i, "src": src}, ["x"])
        case("scatter_add", "x.scatter_add(dim, i, src)", {"x": x, "dim": 0, "i": i, "src": src}, ["x"])

    # index_select, index_add, index_fill
    for shape, dim, idx, seed in [((4, 3), 0, [3, 0, 3], 30), ((4, 3), -1, [2, 2], 31), ((2, 5, 3), 1, [4, 0, 1, 4], 32),
                                  ((5,), 0, [-1, 0], 33), ((3, 2), 0, [], 34)]:
        x = floats(shape, seed)
        i = torch.tensor(idx, dtype=torch.long)
        case("index_select", "x.index_select(dim, i)", {"x": x, "dim": dim, "i": i}, ["x"])
        if all(v >= 0 for v in idx):
            sshape = list(shape)
            sshape[dim % len(shape)] = len(idx)
            src = floats(tuple(sshape), seed + 1)
            case("index_add", "x.index_add(dim, i, src, alpha=alpha)", {"x": x, "dim": dim, "i": i, "src": src, "alpha": 1.0}, ["x", "src"])
            case("index_add", "x.index_add(dim, i, src, alpha=alpha)", {"x": x, "dim": dim, "i": i, "src": src, "alpha": -2.5}, ["x", "src"])
        case("index_fill", "x.index_fill(dim, i, value)", {"x": x, "dim": dim, "i": i, "value": 0.5}, ["x"])
    x = floats((3, 4), 35)
    for i in [torch.tensor([[0]]), torch.tensor([3]), torch.tensor([-4]), torch.tensor([0.0])]:
        case("index_select", "x.index_select(dim, i)", {"x": x, "dim": 0, "i": i}, ["x"])
    for i, src in [(torch.tensor([0]), torch.ones(2, 4, dtype=f64)), (torch.tensor([3]), torch.ones(1, 4, dtype=f64)),
                   (torch.tensor([0]), torch.ones(1, 3, dtype=f64)), (torch.tensor([[0]]), torch.ones(1, 4, dtype=f64)),
                   (torch.tensor([0.0]), torch.ones(1, 4, dtype=f64)), (torch.tensor([0]), torch.ones(1, 4))]:
        case("index_add", "x.index_add(dim, i, src, alpha=alpha)", {"x": x, "dim": 0, "i": i, "src": src, "alpha": 1.0}, ["x"])

    # masked_select, masked_fill
    for shape, mshape, seed in [((3, 4), (3, 4), 40), ((3, 4), (4,), 41), ((4,), (3, 4), 42), ((2, 1, 3), (1, 4, 1), 43), ((), (), 44)]:
        x = floats(shape, seed)
        m = floats(mshape, seed + 1) > 0
        case("masked_select", "x.masked_select(m)", {"x": x, "m": m}, ["x"])
        if len(mshape) <= len(shape) and all(a == b or b == 1 for a, b in zip(shape[::-1], mshape[::-1])):
            case("masked_fill", "x.masked_fill(m, value)", {"x": x, "m": m, "value": 2.5}, ["x"])
            case("masked_fill_tensor", "x.masked_fill(m, v)", {"x": x, "m": m, "v": torch.tensor(-0.75, dtype=f64)}, ["x", "v"])
    case("masked_select", "x.masked_select(m)", {"x": floats((3, 4), 45), "m": torch.tensor([1, 0, 1, 0])}, ["x"])
    case("masked_select", "x.masked_select(m)", {"x": floats((3, 4), 45), "m": torch.tensor([True, False])}, ["x"])
    case("masked_fill", "x.masked_fill(m, value)", {"x": floats((3,), 46), "m": torch.tensor([1, 0, 1]), "value": 0.0}, ["x"])
    case("masked_fill_tensor", "x.masked_fill(m, v)", {"x": floats((3,), 46), "m": torch.tensor([True, False, True]), "v": torch.ones(2, dtype=f64)}, ["x"])

    # one_hot
    for idx, n in [([0, 2, 1], -1), ([[1], [3]], 5), ([], 3), ([4], -1)]:
        case("one_hot", "F.one_hot(i, n)", {"i": torch.tensor(idx, dtype=torch.long), "n": n})
    for idx, n in [([0.0], -1), ([-1], -1), ([3], 3), ([], -1)]:
        dt = torch.float32 if isinstance(idx[0] if idx else 0, float) else torch.long
        case("one_hot", "F.one_hot(i, n)", {"i": torch.tensor(idx, dtype=dt), "n": n})

    # sort and topk: ties (small integers as floats) and NaN, every size regime of the kernels
    nan = float("nan")
    special = torch.tensor([1.0, 3.0, 3.0, 2.0, 3.0, 1.0, nan, 2.0, 1.0], dtype=f64)
    for x, seed in [(special, 0), (floats((50,), 50, ties=True), 0), (floats((3, 40), 51, ties=True), 0),
                    (floats((200,), 52, ties=True), 0), (floats((4, 5, 6), 53), 0), (floats((), 54), 0),
                    (floats((0, 3), 55), 0), (floats((17,), 56, ties=True), 0)]:
        for dim in ([-1, 0] if x.dim() > 1 else [-1]):
            for descending in (False, True):
                for stable in (False, True):
                    case("sort", "x.sort(dim=dim, descending=descending, stable=stable)",
                         {"x": x, "dim": dim, "descending": descending, "stable": stable}, ["x"])
            n = x.shape[dim] if x.dim() else 1
            for k in sorted({0, 1, min(2, n), n // 3, n}):
                for largest in (True, False):
                    for sorted_ in (True, False):
                        case("topk", "x.topk(k, dim=dim, largest=largest, sorted=sorted_)",
                             {"x": x, "k": k, "dim": dim, "largest": largest, "sorted_": sorted_}, ["x"])
    special32 = special.float()
    case("sort", "x.sort(dim=dim, descending=descending, stable=stable)", {"x": special32, "dim": 0, "descending": True, "stable": False}, ["x"])
    case("topk", "x.topk(k, dim=dim, largest=largest, sorted=sorted_)", {"x": special32, "k": 3, "dim": 0, "largest": True, "sorted_": True}, ["x"])
    ints_ties = torch.tensor([1, 3, 3, 1, 2, 2, 3])
    case("sort", "x.sort(dim=dim, descending=descending, stable=stable)", {"x": ints_ties, "dim": 0, "descending": True, "stable": False})
    case("topk", "x.topk(k, dim=dim, largest=largest, sorted=sorted_)", {"x": ints_ties, "k": 2, "dim": 0, "largest": False, "sorted_": True})
    case("topk", "x.topk(k, dim=dim, largest=largest, sorted=sorted_)", {"x": floats((3, 4), 57), "k": 5, "dim": -1, "largest": True, "sorted_": True}, ["x"])
    case("topk", "x.topk(k, dim=dim, largest=largest, sorted=sorted_)", {"x": floats((3, 4), 57), "k": 2, "dim": 2, "largest": True, "sorted_": True}, ["x"])
    case("sort", "x.sort(dim=dim, descending=descending, stable=stable)", {"x": floats((3, 4), 57), "dim": 2, "descending": False, "stable": False}, ["x"])
    # argmax / argmin ties and NaN
    for data in [[1.0, 3.0, 3.0], [1.0, nan, 3.0, nan], [3.0, 1.0, 1.0], [[3.0, 1.0], [2.0, 3.0]]]:
        x = torch.tensor(data, dtype=f64)
        case("argmax", "x.argmax()", {"x": x})
        case("argmin", "x.argmin()", {"x": x})
        if x.dim() == 2:
            case("argmax_dim", "x.argmax(dim)", {"x": x, "dim": 0})

    # cumsum and cumprod, with zeros for cumprod's backward
    for shape, dim, seed in [((5,), 0, 60), ((3, 4), 1, 61), ((3, 4), -2, 62), ((2, 3, 4), 1, 63), ((), 0, 64), ((0, 3), 1, 65), ((4, 1), 1, 66)]:
        x = floats(shape, seed)
        case("cumsum", "x.cumsum(dim)", {"x": x, "dim": dim}, ["x"])
        case("cumprod", "x.cumprod(dim)", {"x": x, "dim": dim}, ["x"])
    for data in [[2.0, 0.0, 3.0, 4.0], [0.0, 2.0, 0.0, 5.0], [1.5, -2.0, 0.5, 0.0], [[0.0, 1.0, 2.0], [3.0, 0.0, 0.0]]]:
        x = torch.tensor(data, dtype=f64)
        case("cumprod", "x.cumprod(dim)", {"x": x, "dim": -1}, ["x"])
    case("cumsum", "x.cumsum(dim)", {"x": torch.tensor([True, False, True]), "dim": 0})
    case("cumsum", "x.cumsum(dim)", {"x": torch.tensor([3, -1, 4]), "dim": 0})
    case("cumprod", "x.cumprod(dim)", {"x": torch.tensor([3, -1, 4]), "dim": 0})
    case("cumsum_dtype", "x.cumsum(dim, dtype=torch.float64)", {"x": torch.tensor([1, 2, 3]), "dim": 0})
    case("cumsum", "x.cumsum(dim)", {"x": floats((3, 4), 67, dtype=torch.float32), "dim": 1}, ["x"])
    case("cumsum", "x.cumsum(dim)", {"x": floats((3, 4), 67), "dim": 2}, ["x"])

    # einsum
    a, b = floats((3, 4), 70), floats((4, 5), 71)
    c3, d3 = floats((2, 3, 4), 72), floats((2, 4, 5), 73)
    v, w = floats((4,), 74), floats((3,), 75)
    sq = floats((3, 3), 76)
    for eq, ops in [("ij,jk->ik", [a, b]), ("ij,jk", [a, b]), ("ij->ji", [a]), ("ij->", [a]), ("ij->j", [a]), ("ij", [a]),
                    ("ji", [a]), ("ii->i", [sq]), ("ii", [sq]), ("i,i->", [v, v]), ("i,j->ij", [w, v]), ("bij,bjk->bik", [c3, d3]),
                    ("...ij,...jk->...ik", [c3, d3]), ("b...,b...->b", [c3, c3]), ("...ij->...ji", [c3]), ("i...->...", [a]),
                    ("ij,ij->ij", [a, a]), ("ij,kj->ik", [a, a]), ("bij,jk,bkl->bil", [c3, b, floats((2, 5, 2), 77)]),
                    ("ij,j->i", [a, v]), ("iij->ij", [floats((3, 3, 2), 78)]), ("i,i,i->", [v, v, v]), ("ij,ik->", [a, floats((3, 2), 79)]),
                    ("ab,ab->", [a, a]), ("BA,ab->Bb", [floats((2, 3), 80), floats((3, 4), 81)]), ("ij,jk->ik", [floats((3, 1), 82), floats((4, 2), 83)]),
                    ("...,ba", [floats((5,), 84), a])]:
        names = [f"t{k}" for k in range(len(ops))]
        case("einsum", f"torch.einsum(eq, {', '.join(names)})", {"eq": eq, **dict(zip(names, ops))}, names)
    for eq, ops in [("ij,jk->ik", [a]), ("ij->ik", [a]), ("ij", [a, a]), ("i", [a]), ("ijk", [a]), ("i1", [a]), ("ij->ii", [a]),
                    ("ij,ij->", [a, a.t()]), ("ii->i", [a]), ("...ij,...jk->...ik", [floats((2, 3, 4), 85), floats((3, 4, 5), 86)]),
                    ("i.j", [a]), ("ij-", [a])]:
        names = [f"t{k}" for k in range(len(ops))]
        case("einsum", f"torch.einsum(eq, {', '.join(names)})", {"eq": eq, **dict(zip(names, ops))}, names)

    # Python indexing and assignment (read by test_gather.py only)
    x = floats((3, 4), 90)
    m = x > 0
    for expr in ["x[i]", "x[:, i]", "x[m]", "x[m2]", "x[..., i]", "x[i2]", "x[1:, i]", "x[i, 1:]"]:
        case("py_index", expr, {"x": x, "i": torch.tensor([2, 0, 2]), "m": m, "m2": m[:, 0], "i2": torch.tensor([[0, 1], [2, 2]])}, ["x"])
    for key, val in [("i", "0.5"), ("(slice(None), i)", "-1.0"), ("m", "0.0"), ("m", "v.sum()"), ("i", "v[:4]"), ("m2", "2.0"),
                     ("(slice(None), i)", "v[:3, None]"), ("i2", "1.5"), ("m2", "v[:4]"), ("i", "v[:3]")]:
        expr = f"put(x * 1, {key}, {val})"
        case("py_setitem", expr, {"x": x, "i": torch.tensor([2, 0]), "m": m, "m2": m[:, 0], "i2": torch.tensor([[0], [2]]),
                                  "v": floats((4,), 91)}, ["x", "v"])

    print(json.dumps({"torch": torch.__version__, "cases": CASES}, indent=None, separators=(",", ":")))


if __name__ == "__main__":
    main()
