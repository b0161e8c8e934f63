"""Records PyTorch's random streams for tests/random.rs and the Python test_random.py.

Run with a PyTorch install: `python gen_random.py` writes random.json next to this file.
Every case seeds a generator (the default one, or a torch.Generator), then runs a list of
calls on that one stream; each call's output is stored exactly (float32 and float64 as their
bit patterns, integers as they are).
"""

import json
import math
import os
import struct

import torch
import torch.nn.functional as F

SEEDS = [0, 1, 42, 2**32 + 7, 2**63 - 1]
SIZES = [1, 3, 15, 16, 17, 31, 100, 1000]
SMALL_SIZES = [1, 3, 16, 17, 100]
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def encode(t):
    t = t.detach().contiguous()
    if t.dtype == torch.float32:
        vals = [struct.unpack("<I", struct.pack("<f", v))[0] for v in t.flatten().tolist()]
    elif t.dtype == torch.float64:
        vals = [struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.flatten().tolist()]
    elif t.dtype == torch.bool:
        vals = [int(v) for v in t.flatten().tolist()]
    else:
        vals = t.flatten().tolist()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": vals}


def run(call, gen):
    """One call on the stream, as the Rust and Python tests interpret it."""
    op = call["op"]
    dt = DTYPES.get(call.get("dtype"), torch.float32)
    shape = call.get("shape")
    if op == "rand":
        return torch.rand(shape, dtype=dt, generator=gen)
    if op == "randn":
        return torch.randn(shape, dtype=dt, generator=gen)
    if op == "randint":
        return torch.randint(call["low"], call["high"], shape, generator=gen)
    if op == "randperm":
        return torch.randperm(call["n"], generator=gen)
    if op == "uniform_":
        return torch.zeros(shape, dtype=dt).uniform_(call["a"], call["b"], generator=gen)
    if op == "normal_":
        return torch.zeros(shape, dtype=dt).normal_(call["mean"], call["std"], generator=gen)
    if op == "normal_t":  # a transposed (strided) tensor: the scalar path, memory order
        t = torch.zeros(shape[::-1], dtype=dt).t()
        return t.normal_(call["mean"], call["std"], generator=gen)
    if op == "normal_tensor":
        mean = torch.tensor(call["mean"], dtype=dt)
        std = torch.tensor(call["std"], dtype=dt)
        return torch.normal(mean, std, generator=gen)
    if op == "bernoulli_":
        return torch.zeros(shape, dtype=dt).bernoulli_(call["p"], generator=gen)
    if op == "bernoulli":
        return torch.bernoulli(torch.tensor(call["p"], dtype=dt), generator=gen)
    if op == "exponential_":
        return torch.zeros(shape, dtype=dt).exponential_(call["lambd"], generator=gen)
    if op == "multinomial":
        w = torch.tensor(call["weights"], dtype=dt)
        return torch.multinomial(w, call["n"], call["replacement"], generator=gen)
    if op == "dropout":
        assert gen is None
        x = torch.linspace(-1, 1, math.prod(shape), dtype=dt).reshape(shape)
        return F.dropout(x, call["p"], training=True)
    if op == "init":
        assert gen is None
        w = torch.zeros(shape, dtype=dt)
        fn = getattr(torch.nn.init, call["fn"])
        fn(w, *call["args"])
        return w
    raise ValueError(op)


def case(name, seed, calls, generator=False):
    if generator:
        torch.manual_seed(12345)  # the default stream must not be the one used
        gen = torch.Generator().manual_seed(seed)
    else:
        torch.manual_seed(seed)
        gen = None
    for c in calls:
        c["out"] = encode(run(c, gen))
    return {"name": name, "seed": seed, "generator": generator, "calls": calls}


def main():
    cases = []
    for seed in SEEDS:
        # rand and randn interleaved on one stream, every size, both dtypes: the normal cache
        # (scalar path) and the vectorised path with its redrawn last block.
        calls = []
        for n in SIZES:
            for dt in DTYPES:
                calls.append({"op": "rand", "shape": [n], "dtype": dt})
                calls.append({"op": "randn", "shape": [n], "dtype": dt})
                calls.append({"op": "randint", "shape": [n], "low": -5, "high": 1000})
        cases.append(case(f"interleaved seed={seed}", seed, calls))
        calls = []
        for n in SMALL_SIZES:
            for dt in DTYPES:
                calls += [
                    {"op": "uniform_", "shape": [n], "dtype": dt, "a": -0.3, "b": 2.7},
                    {"op": "normal_", "shape": [n], "dtype": dt, "mean": 0.5, "std": 2.5},
                    {"op": "normal_t", "shape": [n, 2], "dtype": dt, "mean": -1.0, "std": 0.3},
                    {"op": "bernoulli_", "shape": [n], "dtype": dt, "p": 0.3},
                    {"op": "exponential_", "shape": [n], "dtype": dt, "lambd": 1.5},
                ]
            calls.append({"op": "randperm", "n": n})
            calls.append({"op": "randint", "shape": [n], "low": -(2**40), "high": 2**40})
        cases.append(case(f"in-place seed={seed}", seed, calls))
        cases.append(case(f"generator seed={seed}", seed, [
            {"op": "rand", "shape": [5], "dtype": "float32"},
            {"op": "randn", "shape": [3], "dtype": "float64"},
            {"op": "randn", "shape": [20], "dtype": "float32"},
            {"op": "randint", "shape": [4], "low": 0, "high": 7},
            {"op": "randperm", "n": 10},
        ], generator=True))
        calls = []
        for dt in DTYPES:
            calls += [
                {"op": "bernoulli", "dtype": dt, "p": [0.1, 0.5, 0.9, 0.7, 0.0, 1.0, 0.25] * 3},
                {"op": "multinomial", "dtype": dt, "weights": [0.1, 0.2, 0.3, 0.4], "n": 1, "replacement": False},
                {"op": "multinomial", "dtype": dt, "weights": [1.0, 2.0, 3.0, 4.0, 5.0], "n": 3, "replacement": False},
                {"op": "multinomial", "dtype": dt, "weights": [[0.1, 0.2, 0.7], [5.0, 1.0, 1.0]], "n": 2, "replacement": False},
                {"op": "multinomial", "dtype": dt, "weights": [0.1, 0.2, 0.3, 0.4], "n": 50, "replacement": True},
                {"op": "multinomial", "dtype": dt, "weights": [[1.0, 0.0, 3.0], [0.2, 0.2, 0.6]], "n": 7, "replacement": True},
                {"op": "multinomial", "dtype": dt, "weights": [0.3, 0.7], "n": 1, "replacement": True},
                {"op": "normal_tensor", "dtype": dt, "mean": [0.0, 10.0, 100.0], "std": [1.0, 0.5, 0.1]},
                {"op": "normal_tensor", "dtype": dt, "mean": [float(i) for i in range(20)], "std": [0.5] * 20},
                {"op": "dropout", "dtype": dt, "shape": [3, 7], "p": 0.5},
                {"op": "dropout", "dtype": dt, "shape": [40], "p": 0.2},
            ]
        cases.append(case(f"discrete seed={seed}", seed, calls))
        calls = []
        for dt in DTYPES:
            for shape in ([5, 3], [8, 4, 3, 3]):
                calls += [
                    {"op": "init", "fn": "kaiming_uniform_", "dtype": dt, "shape": shape, "args": [math.sqrt(5)]},
                    {"op": "init", "fn": "kaiming_uniform_", "dtype": dt, "shape": shape, "args": [0, "fan_out", "relu"]},
                    {"op": "init", "fn": "kaiming_normal_", "dtype": dt, "shape": shape, "args": [0, "fan_in", "relu"]},
                    {"op": "init", "fn": "xavier_uniform_", "dtype": dt, "shape": shape, "args": [1.0]},
                    {"op": "init", "fn": "xavier_normal_", "dtype": dt, "shape": shape, "args": [2.0]},
                    {"op": "init", "fn": "uniform_", "dtype": dt, "shape": shape, "args": [-0.1, 0.1]},
                    {"op": "init", "fn": "normal_", "dtype": dt, "shape": shape, "args": [0.0, 0.02]},
                    {"op": "init", "fn": "trunc_normal_", "dtype": dt, "shape": shape, "args": [0.0, 1.0, -2.0, 2.0]},
                    {"op": "init", "fn": "trunc_normal_", "dtype": dt, "shape": shape, "args": [0.0, 0.5, -0.3, 0.3]},
                    {"op": "init", "fn": "trunc_normal_", "dtype": dt, "shape": shape, "args": [0.0, 1.0, 2.0, 3.0]},
                ]
        cases.append(case(f"nn.init seed={seed}", seed, calls))

    # get_state / set_state: PyTorch's bytes after a few draws (one normal cached), and what the
    # stream gives after restoring them.
    torch.manual_seed(7)
    torch.randn(3, dtype=torch.float64)
    torch.rand(5)
    state = torch.get_rng_state()
    after = [encode(torch.randn(1, dtype=torch.float64)), encode(torch.rand(4)), encode(torch.randn(40))]
    torch.set_rng_state(state)
    assert encode(torch.randn(1, dtype=torch.float64)) == after[0]
    states = {
        "seed": 7,
        "calls": [{"op": "randn", "shape": [3], "dtype": "float64"}, {"op": "rand", "shape": [5], "dtype": "float32"}],
        "state": state.tolist(),
        "after": after,
        "fresh_generator_state": torch.Generator().get_state().tolist(),
    }

    out = {"cases": cases, "state": states, "torch": torch.__version__}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "random.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(path, sum(len(c["calls"]) for c in cases), "calls")


if __name__ == "__main__":
    main()
