"""Property-based fuzzing of the Python API with hypothesis.

Random tensors (bool, int64, float32, float64; shapes with 0-size and 0-dim; values with NaN,
±inf, ±0, subnormals, huge and tiny numbers) and random arguments (dims in and out of range,
negative and huge sizes, floats, None, strings, tuples, tensors) go to every public callable
(module functions, Tensor methods, nn.functional, autograd), to the operators, to indexing and
to in-place ops, and random small graphs are built and differentiated. Properties:

- every call returns or raises an ordinary ``Exception``: never pyo3's ``PanicException`` or
  another ``BaseException``, never a Rust panic turned into a ``RuntimeError`` by the bindings'
  last line of defence, never a crash of the interpreter;
- differentiable float ops give outputs of the right shape, gradients of their inputs' shapes,
  and for a few smooth ops gradients equal to central finite differences where they are finite.

In CI (the default profile ``ci``) each property runs a fixed number of derandomized examples
(about 30 s in all). A longer run: ``FERROGRAD_FUZZ_MINUTES=20 python test_fuzz_api.py`` runs
the properties with fresh random seeds until the time is up and prints its figures (examples
tried per property, time, findings); docs/robustness.md has the last run's.
"""

import math
import os
import sys
import time
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ferrograd as torch
import hostile_sweep

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("FERROGRAD_FUZZ_EXAMPLES", "150")),
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "long",
    max_examples=2000,
    derandomize=False,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
# the profile is fixed when the properties are decorated: the long run (this file run as a
# script) loads its own before them
settings.load_profile(os.environ.get("FERROGRAD_FUZZ_PROFILE", "long" if __name__ == "__main__" else "ci"))

DTYPES = [torch.bool, torch.int64, torch.float32, torch.float64]
EDGE_FLOATS = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1e-40, 5e-324, 1e-310, 1e308, -1e308,
               3e38, -3e38, 1.0, -1.0, 0.5, 2.0]
# ints that are plainly impossible sizes (refused, never allocated) or small; nothing in
# between, so that no call allocates gigabytes
HUGE_INTS = [2**62, -(2**62), 2**63, -(2**63) - 1, 2**64, 2**40]

# counts of the examples each property tried (the long run reports them)
TRIED = {}


def count(name):
    TRIED[name] = TRIED.get(name, 0) + 1


@st.composite
def shapes(draw, max_dims=3):
    return tuple(draw(st.lists(st.integers(0, 4), max_size=max_dims)))


def float_values():
    return st.one_of(st.sampled_from(EDGE_FLOATS),
                     st.floats(allow_nan=True, allow_infinity=True, width=64),
                     st.floats(-10, 10))


def values_for(dtype):
    if dtype == torch.bool:
        return st.booleans()
    if dtype == torch.int64:
        return st.one_of(st.integers(-5, 5), st.integers(-(2**63), 2**63 - 1))
    return float_values()


@st.composite
def tensors(draw, dtypes=DTYPES, shape=None, requires_grad=None):
    dtype = draw(st.sampled_from(dtypes))
    sh = draw(shapes()) if shape is None else shape
    n = math.prod(sh)
    vals = draw(st.lists(values_for(dtype), min_size=n, max_size=n))
    t = torch.tensor(vals, dtype=dtype).reshape(sh)
    rg = draw(st.booleans()) if requires_grad is None else requires_grad
    if rg and dtype.is_floating_point:
        t.requires_grad_(True)
    return t


def arguments():
    """Any argument: dims in and out of range, huge ints, floats, None, wrong types, tensors."""
    return st.one_of(
        st.integers(-4, 4),
        st.sampled_from(HUGE_INTS),
        float_values(),
        st.none(),
        st.booleans(),
        st.sampled_from(["abc", "", "sum", "mean", "none", "floor", "trunc", "tanh"]),
        st.lists(st.integers(-3, 4), max_size=3).map(tuple),
        st.lists(st.integers(-3, 4), max_size=3),
        st.sampled_from([torch.float32, torch.float64, torch.int64, torch.bool, object(), [[1, 2], [3]]]),
        st.builds(slice, st.one_of(st.none(), st.integers(-4, 4)), st.one_of(st.none(), st.integers(-4, 4)),
                  st.sampled_from([None, 1, 2, 3, 0, -1])),
        tensors(),
    )


def check_outcome(where, call):
    """Runs ``call``; fails the property on anything but a return or an ordinary Exception."""
    grad_mode = torch.is_grad_enabled()
    try:
        r = call()
        if isinstance(r, torch.Tensor):
            repr(r)  # printing walks every element
        return r
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - the property is about what escapes
        reason = hostile_sweep.classify(e)
        assert reason == "ok", f"{where}: {reason}: {type(e).__name__}: {str(e)[:300]}"
        return None
    finally:
        if torch.is_grad_enabled() != grad_mode:
            torch.set_grad_enabled(grad_mode)


CALLABLES = [c for c in hostile_sweep.public_callables()
             if c[0].split(".")[-1] not in {"register_hook", "register_post_accumulate_grad_hook"}]
OPERATORS = [
    ("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
    ("/", lambda a, b: a / b), ("//", lambda a, b: a // b), ("%", lambda a, b: a % b),
    ("**", lambda a, b: a ** b), ("@", lambda a, b: a @ b), ("<", lambda a, b: a < b),
    ("==", lambda a, b: a == b), ("&", lambda a, b: a & b), ("|", lambda a, b: a | b),
    ("^", lambda a, b: a ^ b), ("r+", lambda a, b: b + a), ("r/", lambda a, b: b / a),
    ("r**", lambda a, b: b ** a), ("r%", lambda a, b: b % a),
]
UNARY_OPERATORS = [("-", lambda a: -a), ("~", lambda a: ~a), ("abs", abs), ("bool", bool),
                   ("float", float), ("int", int), ("len", len), ("list", list), ("index", lambda a: a.__index__())]
INPLACE = ["add_", "sub_", "mul_", "div_", "zero_", "fill_", "floor_divide_", "copy_", "clamp_",
           "requires_grad_", "detach_", "relu_", "abs_", "exp_", "neg_", "pow_", "masked_fill_"]


@given(t=tensors(), args=st.lists(arguments(), max_size=3), k=st.integers(0, len(CALLABLES) - 1),
       tensor_first=st.booleans())
def test_every_callable_returns_or_raises_an_exception(t, args, k, tensor_first):
    count("callables")
    label, fn, is_method = CALLABLES[k]
    if is_method:
        target = getattr(t, fn, None)
        if target is None:
            return
        check_outcome(f"{label}{tuple(args)!r:.200}", lambda: target(*args))
    else:
        full = [t, *args] if tensor_first else args
        check_outcome(f"{label}{tuple(full)!r:.200}", lambda: fn(*full))


@given(a=tensors(), b=st.one_of(tensors(), arguments()), k=st.integers(0, len(OPERATORS) - 1),
       u=st.integers(0, len(UNARY_OPERATORS) - 1))
def test_operators_return_or_raise_an_exception(a, b, k, u):
    count("operators")
    name, op = OPERATORS[k]
    check_outcome(f"a {name} b", lambda: op(a, b))
    uname, uop = UNARY_OPERATORS[u]
    check_outcome(f"{uname}(a)", lambda: uop(a))


@given(t=tensors(), index=st.one_of(arguments(), st.lists(arguments(), max_size=3).map(tuple),
                                    st.just(Ellipsis), st.just((Ellipsis, None))),
       value=st.one_of(arguments(), tensors()), op=st.sampled_from(INPLACE), args=st.lists(arguments(), max_size=2))
def test_indexing_and_in_place_ops_return_or_raise_an_exception(t, index, value, op, args):
    count("indexing")
    check_outcome(f"t[{index!r:.100}]", lambda: t[index])
    leaf = t.detach().clone()
    check_outcome(f"t[{index!r:.100}] = {value!r:.100}", lambda: leaf.__setitem__(index, value))
    f = getattr(leaf, op, None)
    if f is not None:
        check_outcome(f"t.{op}{tuple(args)!r:.200}", lambda: f(*args))


UNARY_SMOOTH = ["exp", "sin", "cos", "tanh", "sigmoid", "atan", "sinh", "softplus_", "square", "neg"]
UNARY_ANY = ["exp", "log", "sqrt", "abs", "relu", "sin", "tanh", "sigmoid", "sign", "floor", "clamp01",
             "reciprocal", "square", "pow3", "pow_half", "neg", "erf", "log1p", "expm1", "atan", "asinh"]
BINARY_ANY = ["add", "sub", "mul", "div", "maximum", "minimum", "atan2", "hypot", "pow", "fmod",
              "remainder", "copysign", "xlogy", "fmax", "fmin"]
REDUCE_ANY = ["sum", "mean", "max", "min", "softmax", "log_softmax", "amax", "sum0", "mean_last"]


def unary(name, x):
    if name == "clamp01":
        return x.clamp(0.0, 1.0)
    if name == "pow3":
        return x ** 3
    if name == "pow_half":
        return x ** 0.5
    if name == "softplus_":
        return torch.nn.functional.softplus(x)
    return getattr(torch, name)(x)


def reduce_op(name, x):
    if name in ("softmax", "log_softmax"):
        return getattr(torch, name)(x, dim=-1) if x.dim() > 0 else getattr(torch, name)(x, dim=0)
    if name == "sum0":
        return x.sum(0) if x.dim() > 0 else x.sum()
    if name == "mean_last":
        return x.mean(-1) if x.dim() > 0 else x.mean()
    return getattr(x, name)()


@given(data=st.data(), shape=shapes(max_dims=2), n_ops=st.integers(1, 6),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_random_graphs_differentiate_with_the_right_shapes(data, shape, n_ops, dtype):
    count("graphs")
    leaves = [data.draw(tensors(dtypes=[dtype], shape=shape, requires_grad=True)) for _ in range(2)]
    nodes = list(leaves)
    for _ in range(n_ops):
        kind = data.draw(st.sampled_from(["unary", "binary", "broadcast"]))
        if kind == "unary":
            x = data.draw(st.sampled_from(nodes))
            y = unary(data.draw(st.sampled_from(UNARY_ANY)), x)
            assert y.shape == x.shape
        elif kind == "binary":
            a, b = data.draw(st.sampled_from(nodes)), data.draw(st.sampled_from(nodes))
            name = data.draw(st.sampled_from(BINARY_ANY))
            y = getattr(torch, name)(a, b)
            assert y.shape == a.shape
        else:
            a = data.draw(st.sampled_from(nodes))
            y = a * data.draw(tensors(dtypes=[dtype], shape=(), requires_grad=True))
            assert y.shape == a.shape
        assert y.dtype == dtype and y.requires_grad
        nodes.append(y)
    out = nodes[-1]
    r = data.draw(st.sampled_from(REDUCE_ANY))
    z = check_outcome(f"{r}", lambda: reduce_op(r, out))
    if z is None:  # max/min/amax of an empty tensor: an ordinary error, as in PyTorch
        assert out.numel() == 0
        return
    if z.dim() > 0:
        z = z.sum()
    grads = check_outcome("backward", lambda: torch.autograd.grad([z], leaves, allow_unused=True))
    assert grads is not None, "backward raised"
    for leaf, g in zip(leaves, grads):
        assert g is None or (g.shape == leaf.shape and g.dtype == leaf.dtype)


@given(data=st.data(), shape=shapes(max_dims=2), name=st.sampled_from(UNARY_SMOOTH + ["sum_sq", "mul_pair", "div_pair"]))
def test_gradients_of_smooth_ops_match_finite_differences(data, shape, name):
    count("gradients")
    vals = st.floats(-3, 3).filter(lambda v: abs(v) > 0.1)
    n = math.prod(shape)
    x0 = data.draw(st.lists(vals, min_size=n, max_size=n))
    y0 = data.draw(st.lists(vals, min_size=n, max_size=n))

    def f(xs):
        x = torch.tensor(xs, dtype=torch.float64).reshape(shape)
        y = torch.tensor(y0, dtype=torch.float64).reshape(shape)
        if name == "sum_sq":
            return (x * x).sum() * 0.5
        if name == "mul_pair":
            return (x * y).sum()
        if name == "div_pair":
            return (x / y).sum()
        return unary(name, x).sum()

    x = torch.tensor(x0, dtype=torch.float64).reshape(shape).requires_grad_(True)
    if name == "sum_sq":
        z = (x * x).sum() * 0.5
    elif name in ("mul_pair", "div_pair"):
        y = torch.tensor(y0, dtype=torch.float64).reshape(shape)
        z = (x * y).sum() if name == "mul_pair" else (x / y).sum()
    else:
        z = unary(name, x).sum()
    assert z.shape == ()
    z.backward()
    g = x.grad.reshape(-1).tolist() if n else []
    assert x.grad.shape == x.shape
    eps = 1e-6
    for i in range(n):
        up, down = list(x0), list(x0)
        up[i] += eps
        down[i] -= eps
        fd = (f(up).item() - f(down).item()) / (2 * eps)
        if math.isfinite(fd) and math.isfinite(g[i]):
            assert abs(fd - g[i]) <= 1e-5 * (1 + abs(fd)), (name, x0[i], g[i], fd)


PROPERTIES = [
    test_every_callable_returns_or_raises_an_exception,
    test_operators_return_or_raise_an_exception,
    test_indexing_and_in_place_ops_return_or_raise_an_exception,
    test_random_graphs_differentiate_with_the_right_shapes,
    test_gradients_of_smooth_ops_match_finite_differences,
]


def long_run(minutes):
    """Runs every property with fresh seeds until ``minutes`` are up; prints the figures."""
    warnings.simplefilter("ignore")
    assert settings.default.max_examples == 2000 and not settings.default.derandomize
    start, findings, rounds = time.time(), [], 0
    while time.time() - start < minutes * 60:
        rounds += 1
        for prop in PROPERTIES:
            try:
                prop()
            except Exception as e:  # noqa: BLE001 - a finding, recorded and reported
                findings.append(f"{prop.__name__}: {type(e).__name__}: {str(e)[:500]}")
                print(findings[-1], file=sys.stderr, flush=True)
            print(f"{time.time() - start:.0f}s {TRIED}", file=sys.stderr, flush=True)
    print({"seconds": round(time.time() - start), "rounds": rounds, "examples": dict(TRIED),
           "total": sum(TRIED.values()), "findings": findings})


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    long_run(float(os.environ.get("FERROGRAD_FUZZ_MINUTES", "20")))
