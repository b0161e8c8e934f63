#!/usr/bin/env python3
"""Generate print_cases.json: tensors and the exact text PyTorch prints for them.

Requires PyTorch (and numpy). Rerun from this directory with

    python3 gen_print_cases.py            # writes print_cases.json next to this script

The output is deterministic for a given PyTorch version (fixed random seeds).

Each case is an object:

    {"shape": [2, 3],
     "dtype": "float32" | "float64" | "int64" | "bool",
     "values": [...],          # flat, row-major
     "suffixes": [...],        # extra suffixes after the dtype one, as the Rust caller passes them
     "expected": "tensor(...)"} # exactly repr(t)

Float values are stored as strings, each `repr(float(v))` (an exact round trip of the double,
and for float32 tensors the double equals the float32 value), so that "nan", "inf", "-inf"
and "-0.0" survive JSON. Ints are JSON numbers and bools are true/false.
"""

import json
import math
import os
import random

import torch
import torch.autograd.forward_ad as fwAD

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "print_cases.json")

DTYPES = {
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "bool": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}

cases = []


def grad_suffixes(t):
    """The grad-related suffix PyTorch appends, in the form the Rust caller passes it."""
    if t.grad_fn is not None:
        return ["grad_fn=<{}>".format(type(t.grad_fn).__name__)]
    if t.requires_grad:
        return ["requires_grad=True"]
    return []


def store_values(t):
    flat = t.detach().reshape(-1).tolist()
    if t.dtype.is_floating_point:
        return [repr(float(v)) for v in flat]
    if t.dtype == torch.bool:
        return [bool(v) for v in flat]
    return [int(v) for v in flat]


def add(t, extra=None):
    """Record tensor `t`; `extra` lists suffixes beyond the grad ones (e.g. a tangent)."""
    suffixes = grad_suffixes(t) + (extra or [])
    cases.append(
        {
            "shape": list(t.shape),
            "dtype": NAMES[t.dtype],
            "values": store_values(t),
            "suffixes": suffixes,
            "expected": repr(t),
        }
    )


def make(values, dtype, shape=None, grad=None):
    """Build a tensor; grad is None, "leaf" (requires_grad=True) or "mul" (x * 1, MulBackward0)."""
    t = torch.tensor(values, dtype=dtype)
    if shape is not None:
        t = t.reshape(shape)
    if grad is None:
        return t
    t = t.clone().requires_grad_(True)
    if grad == "leaf":
        return t
    if grad == "mul":
        return t * 1
    raise ValueError(grad)


def add_all_grad(values, dtype, shape=None):
    """Record the tensor plain and, for floating dtypes, as a leaf and with a grad_fn."""
    add(make(values, dtype, shape))
    if dtype.is_floating_point:
        add(make(values, dtype, shape, "leaf"))
        add(make(values, dtype, shape, "mul"))


nan, inf = math.nan, math.inf

# --- The conformance checklist's examples and the golden scripts' tensors -------------------
f32, f64 = torch.float32, torch.float64
add(torch.tensor([0.0, 2.0, 4.0, 6.0]))
add(torch.tensor([1.001e3, 1.0]))
add(torch.tensor(-0.7158))
add(torch.tensor(100.0).sin())
add(torch.tensor([0.0, 0.0]))
add(torch.tensor(-0.0))
add(torch.tensor([inf]))
add(torch.tensor([1.0, -0.0]))
add(torch.tensor([0.0, -0.0, 1.5]))
add(torch.tensor([-12.0, -8.0]))
add(torch.tensor([36.0, 81.0]))
add(torch.tensor([True, False]))
add(torch.tensor([True, True, True, True]))
add(torch.tensor([1, 2, -30]))
add(torch.tensor(True))
add(torch.tensor(False))
add(torch.tensor(7))
add(torch.tensor(3.0))
add(torch.tensor([], dtype=torch.int64))
add(torch.zeros(0, 3))
add(torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True))
x = torch.tensor([0.0, 1.0, 2.0, 3.0], requires_grad=True)
add(x)
add(x.dot(x))
x = torch.tensor(9.0, requires_grad=True)
add(x)
add(x**2)
x = torch.tensor(100.0, requires_grad=True)
add(x.sin())
x = torch.tensor(3.0, requires_grad=True)
add(3 * x**2)
add(6 * x**2 + 2 * x + 4)
x = torch.linspace(-10, 10, 100, requires_grad=True)
y = 10 * x**3
y.sum().backward()
add(x)
add(y)
add(x.grad)
add(torch.linspace(-10, 10, 100, dtype=f64))
add(torch.linspace(-10, 10, 100, dtype=f64) * 1000)

# --- Specials: nan, inf, zero, negative zero ---------------------------------------------
specials = [
    [nan],
    [inf],
    [-inf],
    [nan, inf, -inf],
    [0.0, nan],
    [-0.0, 0.0],
    [-0.0, -0.0, -0.0],
    [1.5, nan],
    [-inf, 1.5],
    [2.0, nan, -inf, -0.0],
    [1e-5, nan, inf, 0.0],
    [12345.0, -0.0, nan],
    [1e9, -inf, 0.0],
    [0.1, -0.0, 0.0, 100.0],
    [-1.0, 0.0, 1.0],
    [nan, 1e-7],
    [0.5, -0.5, -0.0],
    [123456789.0, 0.0],
    [-100.0, inf, nan, -0.0, 0.25],
]
for vals in specials:
    for dt in (f32, f64):
        add(torch.tensor(vals, dtype=dt))
for v in (nan, inf, -inf, 0.0, -0.0, 1.0, -1.0, 0.5, 1e-5, 1e9, 123456.75, -3.14159265):
    for dt in (f32, f64):
        add(torch.tensor(v, dtype=dt))
        add(torch.tensor(v, dtype=dt, requires_grad=True))
        add(torch.tensor(v, dtype=dt, requires_grad=True) * 1)

# --- Exact ties at the fifth significant / decimal digit --------------------------------
ties = [0.03125, 0.09375, 1.03125, 2.00005, 0.15625, 1.5, 2.5, 100005.0, 100015.0, 0.00390625]
for dt in (f32, f64):
    add(torch.tensor(ties, dtype=dt))
    add(torch.tensor(ties[:5], dtype=dt))
    add(torch.tensor([0.03125, 0.09375, 0.15625, 0.21875, 0.28125, 0.34375], dtype=dt))
    add(torch.tensor([100005.0, 100015.0, 100025.0, 1.0], dtype=dt))
    add(torch.tensor([1.03125e-5, 3.0517578125e-05], dtype=dt))

# --- Random values at many magnitudes ----------------------------------------------------
gen = torch.Generator().manual_seed(1234)
rng = random.Random(1234)


def random_shape(rank, max_numel=60):
    while True:
        shape = [rng.randint(1, 6) for _ in range(rank)]
        if math.prod(shape) <= max_numel:
            return shape


def sprinkle(t, p=0.15):
    """Replace some elements by nan, inf, -inf, 0 or -0."""
    flat = t.reshape(-1).clone()
    for i in range(flat.numel()):
        if rng.random() < p:
            flat[i] = rng.choice([nan, inf, -inf, 0.0, -0.0])
    return flat.reshape(t.shape)


grad_kinds = [None, None, "leaf", "mul"]
for dt in (f32, f64):
    for exp10 in range(-8, 13):
        for rank in range(0, 5):
            shape = random_shape(rank)
            t = torch.randn(shape, generator=gen, dtype=f64) * 10.0**exp10
            kind = rng.choice(grad_kinds)
            add(make(t.tolist(), dt, shape, kind))
    # mixed magnitudes, log-uniform across 1e-8..1e12, mixed signs
    for _ in range(25):
        rank = rng.randint(0, 4)
        shape = random_shape(rank)
        n = math.prod(shape)
        vals = [rng.choice([-1, 1]) * 10 ** rng.uniform(-8, 12) for _ in range(n)]
        kind = rng.choice(grad_kinds)
        add(make(vals, dt, shape, kind))
    # narrow ranges spanning the fixed/scientific boundaries
    for lo, hi in [(1e-4, 0.1), (9e-5, 1e-3), (0.001, 1.0), (1.0, 999.0), (1.0, 1001.0),
                   (1e5, 9.9e7), (1e6, 1.2e8), (0.1, 99.0), (5e-5, 0.04)]:
        for _ in range(2):
            shape = random_shape(rng.randint(1, 3), 30)
            n = math.prod(shape)
            vals = [rng.choice([-1, 1]) * math.exp(rng.uniform(math.log(lo), math.log(hi)))
                    for _ in range(n)]
            add(make(vals, dt, shape, rng.choice(grad_kinds)))
    # boundary pairs for the mode decision
    for vals in ([1.0, 1000.0], [1.0, 1001.0], [1.5, 1500.0], [1.5, 1501.0], [1e8, 1.0],
                 [1e8 + 1, 1e6], [0.0001, 0.05], [0.00009999, 0.05], [99999999.0, 1e6],
                 [1e8, 2e8], [0.5, 400.0], [0.5, 501.0]):
        add(torch.tensor(vals, dtype=dt))
    # whole numbers
    for bound in (3, 100, 999, 10**4, 10**7, 10**9):
        for rank in range(0, 5):
            shape = random_shape(rank)
            t = torch.randint(-bound, bound + 1, shape, generator=gen).to(dt)
            add(make(t.tolist(), dt, shape, rng.choice(grad_kinds)))
    # with specials sprinkled in
    for exp10 in (-6, -2, 0, 3, 9):
        for rank in range(1, 5):
            shape = random_shape(rank)
            t = sprinkle(torch.randn(shape, generator=gen, dtype=f64) * 10.0**exp10)
            add(make(t.tolist(), dt, shape, rng.choice(grad_kinds)))
    for rank in range(1, 4):
        shape = random_shape(rank)
        t = sprinkle(torch.randint(-50, 50, shape, generator=gen).to(f64), 0.3)
        add(make(t.tolist(), dt, shape, rng.choice(grad_kinds)))
    # all zeros / all special
    add(torch.zeros(2, 3, dtype=dt))
    add(-torch.zeros(3, dtype=dt))
    add(torch.full((2, 2), nan, dtype=dt))
    add(torch.tensor([[inf, -inf], [nan, -0.0]], dtype=dt))
    # extreme magnitudes
    big = 3.0e38 if dt == f32 else 1.7976931348623157e308
    tiny = 1.401298464324817e-45 if dt == f32 else 5e-324
    add(torch.tensor([big, -big, tiny, 1.0], dtype=dt))
    add(torch.tensor([tiny, -tiny], dtype=dt))
    add(torch.tensor(tiny, dtype=dt))

# --- int64 --------------------------------------------------------------------------------
for bound in (1, 9, 10, 100, 12345, 10**9, 2**62):
    for rank in range(0, 5):
        shape = random_shape(rank)
        vals = [rng.randint(-bound, bound) for _ in range(math.prod(shape))]
        add(torch.tensor(vals, dtype=torch.int64).reshape(shape))
add(torch.tensor([2**63 - 1, -(2**63)], dtype=torch.int64))
add(torch.tensor(-(2**63), dtype=torch.int64))
add(torch.tensor([0, 0, 0], dtype=torch.int64))
add(torch.arange(100))
add(torch.arange(-50, 50).reshape(10, 10))
add(torch.arange(24).reshape(2, 3, 4))
add(torch.arange(120).reshape(2, 3, 4, 5) * 1000)

# --- bool ---------------------------------------------------------------------------------
for rank in range(0, 5):
    for _ in range(3):
        shape = random_shape(rank)
        vals = [rng.random() < 0.5 for _ in range(math.prod(shape))]
        add(torch.tensor(vals, dtype=torch.bool).reshape(shape))
add(torch.ones(5, dtype=torch.bool))
add(torch.zeros(3, 2, dtype=torch.bool))
add(torch.ones(40, dtype=torch.bool))
add(torch.tensor([rng.random() < 0.5 for _ in range(37)]))

# --- Empty tensors --------------------------------------------------------------------------
for shape in ((0,), (0, 3), (2, 0, 3), (3, 0), (0, 0), (1, 1, 0, 2)):
    for name, dt in DTYPES.items():
        add(torch.zeros(shape, dtype=dt))
    for dt in (f32, f64):
        add(torch.zeros(shape, dtype=dt, requires_grad=True))
        add(torch.zeros(shape, dtype=dt, requires_grad=True) * 1)

# --- Line wrapping and suffix wrapping ------------------------------------------------------
# 1-D tensors of many lengths and element widths: the last line ends at many columns, so the
# suffixes land on both sides of the wrapping threshold.
widths = {
    "int": lambda i: float(i % 10),  # "1." width 2
    "int3": lambda i: float((i * 37) % 900 + 100),  # width 4
    "fixed": lambda i: 1.25 + i,  # width 6..7
    "sci": lambda i: (1 + i) * 1.5e5 + 0.5,  # scientific
    "neg": lambda i: -0.125 * (i + 1),
}
for label, f in widths.items():
    for n in range(1, 41):
        vals = [f(i) for i in range(n)]
        add(make(vals, f32, None, None))
        add(make(vals, f32, None, "leaf"))
        add(make(vals, f32, None, "mul"))
        add(make(vals, f64, None, "mul"))
for n in range(1, 30):
    add(torch.arange(n, dtype=torch.int64) * 7919)
    add(torch.tensor([i % 3 == 0 for i in range(n)]))
# 2-D and 3-D rows that wrap
for shape in ((3, 30), (2, 17), (2, 2, 25), (4, 13), (1, 1, 1, 40)):
    n = math.prod(shape)
    t = torch.randn(n, generator=gen, dtype=f64)
    for dt in (f32, f64):
        add(make(t.tolist(), dt, shape, "mul"))
    add(torch.arange(n).reshape(shape) * 101)
# deep nesting
add(torch.arange(64, dtype=f32).reshape(2, 2, 2, 2, 2, 2))
add(torch.arange(6, dtype=f64).reshape(1, 1, 1, 1, 1, 6) / 7)
add(torch.tensor([[[[[[[1.5]]]]]]], requires_grad=True))

# --- Other grad_fn names -------------------------------------------------------------------
x = torch.linspace(-2, 2, 7, requires_grad=True)
for y in (x.sin(), x.exp(), x + 1, x - 1, 1 - x, x / 2, 2 / x, x**2, -x, x.tanh(), x.sum(),
          x.mean(), x.max(), x.reshape(7, 1), x.unsqueeze(0), x[0], x[1:], x.clone(),
          x.double(), torch.stack([x, x]), torch.cat([x, x]), x.abs(), x.sigmoid(), x.relu()):
    add(y)
xd = torch.linspace(-2, 2, 5, dtype=f64, requires_grad=True)
for y in (xd * 3, xd.exp(), xd.sum(), xd.float(), xd.reshape(5, 1).t(), xd @ xd):
    add(y)

# --- Forward-mode dual tensors (tangent suffix) ------------------------------------------
with fwAD.dual_level():
    for p, tg in (
        (torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0])),
        (torch.tensor(3.0), torch.tensor(1.0)),
        (torch.linspace(0, 1, 12), torch.linspace(1, 2, 12)),
        (torch.linspace(0, 1, 30, dtype=f64), torch.linspace(-5, 5, 30, dtype=f64)),
        (torch.arange(6.0).reshape(2, 3), torch.ones(2, 3)),
    ):
        d = fwAD.make_dual(p, tg)
        tangent = fwAD.unpack_dual(d).tangent
        add(d, ["tangent={}".format(tangent)])
        d2 = d * 2
        add(d2, ["tangent={}".format(fwAD.unpack_dual(d2).tangent)])

# --- Summarised tensors (more than 1000 elements) --------------------------------------------
for shape, dt, scale, kind in (
    ((1001,), f32, 1.0, None),
    ((2000,), f64, 1.0, "mul"),
    ((1500,), f32, 1e6, "leaf"),
    ((40, 30), f32, 100.0, "mul"),
    ((11, 10, 11), f32, 1e-3, None),
    ((2, 3, 200), f64, 1.0, None),
    ((7, 7, 7, 7), f32, 1.0, None),
    ((1001, 1), f32, 1.0, None),
    ((3, 400), f32, 1.0, "mul"),
):
    t = torch.randn(shape, generator=gen, dtype=f64) * scale
    if shape == (11, 10, 11):
        t = sprinkle(t, 0.05)
    add(make(t.tolist(), dt, shape, kind))
add(torch.arange(1200).reshape(30, 40))
add(torch.arange(1001) * 1.0)
add(torch.arange(1500).reshape(10, 150) % 7 == 0)
# the shown part decides widths and modes: huge values hidden in the middle do not count
t = torch.ones(1100)
t[500] = 1e30
t[3] = 0.5
add(t)

with open(OUT, "w") as f:
    f.write("[\n")
    f.write(",\n".join(json.dumps(c) for c in cases))
    f.write("\n]\n")
print("wrote {} cases to {} (torch {})".format(len(cases), OUT, torch.__version__))
