"""PyTorch's random streams through the bindings, bit for bit.

Replays every call recorded by ``crates/ferrograd/tests/data/gen_random.py`` (the same
recording the Rust tests use) with ``import ferrograd as torch``, and checks the generator and
``nn.init`` surfaces against PyTorch's behaviour.
"""

import json
import math
import os
import struct

import pytest

import ferrograd as torch
import ferrograd.nn.functional as F

DATA = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "ferrograd", "tests", "data", "random.json"
)
with open(DATA) as f:
    RECORD = json.load(f)

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def encode(t):
    vals = t.detach().flatten().tolist()
    if t.dtype == torch.float32:
        vals = [struct.unpack("<I", struct.pack("<f", v))[0] for v in vals]
    elif t.dtype == torch.float64:
        vals = [struct.unpack("<Q", struct.pack("<d", v))[0] for v in vals]
    elif t.dtype == torch.bool:
        vals = [int(v) for v in vals]
    return {"dtype": str(t.dtype).replace("torch.", "").replace("ferrograd.", ""), "shape": list(t.shape), "values": vals}


def run(call, gen):
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
    if op == "normal_t":
        return torch.zeros(shape[::-1], dtype=dt).t().normal_(call["mean"], call["std"], generator=gen)
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
        x = torch.linspace(-1, 1, math.prod(shape), dtype=dt).reshape(shape)
        return F.dropout(x, call["p"], training=True)
    if op == "init":
        w = torch.zeros(shape, dtype=dt)
        getattr(torch.nn.init, call["fn"])(w, *call["args"])
        return w
    raise ValueError(op)


@pytest.mark.parametrize("case", RECORD["cases"], ids=lambda c: c["name"])
def test_recorded_stream(case):
    if case["generator"]:
        torch.manual_seed(12345)
        gen = torch.Generator().manual_seed(case["seed"])
    else:
        torch.manual_seed(case["seed"])
        gen = None
    for i, call in enumerate(case["calls"]):
        got = encode(run(call, gen))
        assert got == call["out"], f"call {i}: {call['op']}"


def test_state_round_trips_with_pytorch_bytes():
    st = RECORD["state"]
    torch.manual_seed(st["seed"])
    for c in st["calls"]:
        run(c, None)
    assert torch.get_rng_state().tolist() == st["state"]
    torch.manual_seed(99)
    torch.set_rng_state(torch.tensor(st["state"]))
    assert encode(torch.randn(1, dtype=torch.float64)) == st["after"][0]
    assert encode(torch.rand(4)) == st["after"][1]
    assert encode(torch.randn(40)) == st["after"][2]
    assert torch.Generator().get_state().tolist() == st["fresh_generator_state"]


def test_generator_surface():
    g = torch.Generator()
    assert g.initial_seed() == 67280421310721
    assert g.manual_seed(3) is g
    assert g.initial_seed() == 3
    s = g.seed()
    assert g.initial_seed() == s
    state = g.get_state()
    a = torch.rand(5, generator=g)
    assert g.set_state(state) is g
    assert torch.equal(torch.rand(5, generator=g), a)
    assert torch.manual_seed(0) is torch.manual_seed(1) is torch.default_generator
    assert torch.manual_seed(-1).initial_seed() == 2**64 - 1
    assert torch.manual_seed(2.7).initial_seed() == 2
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        torch.manual_seed(2**64)
    with pytest.raises(RuntimeError, match="Expected a CPUGeneratorImplState of size 5056"):
        torch.set_rng_state(torch.tensor([1, 2, 3]))
    with pytest.raises(TypeError, match="generator must be a torch.Generator"):
        torch.rand(2, generator=3)
    assert torch.seed() == torch.initial_seed()


def test_messages_and_grad_fns():
    with pytest.raises(RuntimeError, match=r"uniform_ expects to return a \[from, to\) range, but found from=1 > to=0"):
        torch.zeros(2).uniform_(1, 0)
    with pytest.raises(RuntimeError, match="to is out of bounds for float"):
        torch.zeros(2).uniform_(0, float("inf"))
    with pytest.raises(RuntimeError, match="normal expects std >= 0.0, but found std -1"):
        torch.zeros(2).normal_(0, -1)
    with pytest.raises(RuntimeError, match=r"bernoulli_ expects p to be in \[0, 1\], but got p=1.5"):
        torch.zeros(2).bernoulli_(1.5)
    with pytest.raises(RuntimeError, match="cannot sample n_sample > prob_dist.size"):
        torch.multinomial(torch.tensor([0.5, 0.5]), 3)
    with pytest.raises(RuntimeError, match="random_ expects 'from' to be less than 'to', but got from=5 >= to=3"):
        torch.zeros(2).random_(5, 3)
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        F.dropout(torch.ones(2), 1.5)
    x = torch.ones(3, requires_grad=True)
    names = {
        "uniform_": lambda y: y.uniform_(),
        "normal_": lambda y: y.normal_(),
        "bernoulli_": lambda y: y.bernoulli_(0.5),
        "exponential_": lambda y: y.exponential_(),
        "random_": lambda y: y.random_(0, 5),
    }
    expected = {
        "uniform_": "UniformBackward0",
        "normal_": "NormalBackward0",
        "bernoulli_": "BernoulliBackward2",
        "exponential_": "ExponentialBackward0",
        "random_": "RandomBackward0",
    }
    for k, f in names.items():
        y = x.clone()
        f(y)
        assert y.grad_fn.name() == expected[k]
    assert torch.bernoulli(x * 0.5).grad_fn.name() == "BernoulliBackward0"
    assert F.dropout(x, 0.5).grad_fn.name() == "MulBackward0"
    assert F.dropout(x, 0.5, training=False) is x


def test_nn_init_surface():
    init = torch.nn.init
    assert init.calculate_gain("linear") == 1
    assert init.calculate_gain("tanh") == 5.0 / 3
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2.0 / (1 + 0.2**2))
    with pytest.raises(ValueError, match="Unsupported nonlinearity swish"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="negative_slope x not a valid number"):
        init.calculate_gain("leaky_relu", "x")
    with pytest.raises(ValueError, match="Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"):
        init.xavier_uniform_(torch.zeros(3))
    with pytest.raises(ValueError, match=r"Mode fan_avg not supported, please use one of \['fan_in', 'fan_out'\]"):
        init.kaiming_uniform_(torch.zeros(2, 3), mode="fan_avg")
    w = torch.zeros(2, 3, requires_grad=True)
    assert init.kaiming_uniform_(w, a=math.sqrt(5)) is w
    assert w.grad_fn is None and w.requires_grad
    assert init.eye_(torch.zeros(2, 3)).tolist() == [[1, 0, 0], [0, 1, 0]]
    assert init.constant_(torch.zeros(2), 0.5).tolist() == [0.5, 0.5]


def test_nn_init_generator_keyword_draws_from_that_generator():
    init = torch.nn.init
    torch.manual_seed(0)
    a = init.kaiming_uniform_(torch.zeros(4, 3), a=math.sqrt(5))
    torch.manual_seed(1)
    b = init.kaiming_uniform_(torch.zeros(4, 3), a=math.sqrt(5), generator=torch.Generator().manual_seed(0))
    assert torch.equal(a, b)
    torch.manual_seed(0)
    a = init.trunc_normal_(torch.zeros(20), std=0.5, a=-0.3, b=0.3)
    b = init.trunc_normal_(torch.zeros(20), std=0.5, a=-0.3, b=0.3, generator=torch.Generator().manual_seed(0))
    assert torch.equal(a, b)
