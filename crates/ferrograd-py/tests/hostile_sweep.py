"""Calls every public callable of ferrograd with hostile arguments; run as a script.

Used by ``test_hostile_inputs.py`` in a subprocess (so that a crash of the interpreter is a
test failure, not the end of the test run). Every call must return or raise an ordinary
``Exception`` that is not pyo3's ``PanicException``; a ``RuntimeError`` carrying a Rust panic
message (a panic caught by the bindings' last line of defence) is reported separately, as a
bug to fix at its source. Prints one JSON object: the figures and the offending calls.
"""

import inspect
import json
import math
import sys
import warnings

import ferrograd as torch
import ferrograd.autograd as autograd
import ferrograd.autograd.functional as autograd_functional
import ferrograd.nn.functional as F

# Callables that touch files, the process or global state in ways a sweep must not.
SKIP = {
    "save", "load",  # file system
    "manual_seed", "set_grad_enabled", "set_detect_anomaly", "set_anomaly_enabled",
    "set_printoptions", "set_default_dtype", "set_num_threads", "use_deterministic_algorithms",
}
# Text of Rust panics that the bindings turned into RuntimeError (bugs at their source).
PANIC_MARKERS = (
    "index out of bounds", "called `Option::unwrap()`", "called `Result::unwrap()`",
    "attempt to", "capacity overflow", "overflow", "slice index", "unreachable",
    "internal error", "assertion", "panicked", "divide by zero", "out of range for slice",
)
ORDINARY_OVERFLOW = (
    "numel: integer multiplication overflow", "Storage size calculation overflowed",
    "Stride calculation overflowed", "Overflow when unpacking long", "possible overflow",
    "value cannot be converted to type", "overflow in",
    # PyTorch's own text for an output size of the wrong length (adaptive_max_pool2d)
    "internal error: output_size.size() must be",
)


def self_containing_list():
    l = []
    l.append(l)
    return l


def nested(depth):
    l = [1.0]
    for _ in range(depth):
        l = [l]
    return l


def hostile_values():
    return [
        2**62, -(2**62), 2**40, 2**63, -1, 0, math.nan, math.inf, -math.inf, None, "abc", "",
        (), [], [2**40, 2**40], (-1, 2), [[1, 2], [3]], nested(300), self_containing_list(),
        torch.float64, object(),
    ]


def tensors():
    return [
        torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True),
        torch.tensor(2.5),
        torch.tensor([1, 2, 3]),
        torch.zeros(0, 3),
    ]


def public_callables():
    out = []
    for owner, prefix in (
        (torch, "torch"),
        (F, "torch.nn.functional"),
        (autograd, "torch.autograd"),
        (autograd_functional, "torch.autograd.functional"),
    ):
        for name in sorted(dir(owner)):
            if name.startswith("_") or name in SKIP:
                continue
            obj = getattr(owner, name)
            if inspect.ismodule(obj) or inspect.isclass(obj) or not callable(obj):
                continue
            out.append((f"{prefix}.{name}", obj, False))
    for name in sorted(dir(torch.Tensor)):
        if name.startswith("__") and name not in {
            "__getitem__", "__setitem__", "__add__", "__matmul__", "__pow__", "__truediv__",
            "__floordiv__", "__mod__", "__lt__", "__eq__", "__and__", "__lshift__", "__len__",
            "__index__", "__int__", "__float__", "__bool__", "__iter__", "__format__",
            "__reduce_ex__", "__array__", "__dlpack__", "__deepcopy__",
        }:
            continue
        if name.startswith("_") and not name.startswith("__"):
            continue
        if name in SKIP:
            continue
        obj = getattr(torch.Tensor, name, None)
        if obj is None or not callable(obj) or inspect.isclass(obj):
            continue
        out.append((f"Tensor.{name}", name, True))
    return out


def classify(exc):
    """'ok' for an ordinary exception, else a short reason."""
    if type(exc).__name__ == "PanicException" or not isinstance(exc, Exception):
        return f"escaped {type(exc).__module__}.{type(exc).__name__}"
    msg = str(exc)
    if isinstance(exc, RuntimeError) and any(m in msg for m in PANIC_MARKERS):
        if not any(m in msg for m in ORDINARY_OVERFLOW):
            return "caught panic"
    return "ok"


def main():
    warnings.simplefilter("ignore")
    grad_mode = torch.is_grad_enabled()
    values = hostile_values()
    ints = [v for v in values if type(v) is int] + [1, 2]
    calls = 0
    outcomes = {}
    problems = []
    callables = public_callables()
    for label, fn, is_method in callables:
        for t in tensors():
            if is_method:
                target = getattr(t, fn, None)
                if target is None:
                    continue
                argsets = [()] + [(v,) for v in values] + [(v, v) for v in values]
                argsets += [(t,)] + [(v, t) for v in values] + [(t, v) for v in values]
                argsets += [(v, w, -1) for v in ints for w in ints]
            else:
                target = fn
                argsets = [()] + [(v,) for v in values] + [(t, v) for v in values]
                argsets += [(v, t) for v in values] + [(t, t, v) for v in values]
                argsets += [(t, v, w) for v in values for w in ints]
            for args in argsets:
                calls += 1
                try:
                    r = target(*args)
                    if inspect.isgenerator(r) or hasattr(r, "__next__"):
                        next(iter(r), None)
                    outcomes["returned"] = outcomes.get("returned", 0) + 1
                except BaseException as e:  # noqa: BLE001 - the point of the sweep
                    reason = classify(e)
                    k = type(e).__name__
                    outcomes[k] = outcomes.get(k, 0) + 1
                    if reason != "ok":
                        problems.append(
                            {
                                "call": f"{label}{tuple(map(short, args))}",
                                "reason": reason,
                                "error": f"{type(e).__name__}: {str(e)[:200]}",
                            }
                        )
                finally:
                    if torch.is_grad_enabled() != grad_mode:
                        torch.set_grad_enabled(grad_mode)
            if not is_method:
                break  # module functions: the tensor only varies the first argument once
    seen = {}
    for p in problems:
        seen.setdefault((p["call"].split("(")[0], p["reason"], p["error"][:80]), p)
    print(
        json.dumps(
            {
                "callables": len(callables),
                "calls": calls,
                "outcomes": outcomes,
                "problems": list(seen.values()),
            }
        )
    )


def short(v):
    r = repr(v) if not isinstance(v, list) or len(repr(v)) < 40 else "<nested list>"
    return r if len(r) < 60 else r[:57] + "..."


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main()
