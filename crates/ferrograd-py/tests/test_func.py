"""``torch.func`` against PyTorch's recorded values and messages
(``crates/ferrograd/tests/data/gen_func.py`` → ``func.json``): each transform, compositions,
per-sample gradients of an MLP through ``functional_call`` + ``vmap(grad)``, model ensembling
with ``stack_module_state``, pytrees, randomness and the errors."""

import builtins
import json
import os

import pytest

import ferrograd as torch
import ferrograd.nn.functional as F
from ferrograd.func import (functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp,
                            stack_module_state, vjp, vmap)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "func.json")))
R = DATA["results"]


def dec(v):
    if isinstance(v, list):
        return tuple(dec(u) for u in v)
    if "shape" not in v:
        return {k: dec(u) for k, u in v.items()}
    return torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"])


def close(got, want):
    if isinstance(want, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(want)
        for g, w in zip(got, want):
            close(g, w)
        return
    if isinstance(want, dict):
        assert isinstance(got, dict) and list(got) == list(want)
        for k in want:
            close(got[k], want[k])
        return
    assert tuple(got.shape) == tuple(want.shape)
    assert torch.allclose(got, want, rtol=1e-10, atol=1e-12), (got, want)


I = {k: dec(v) for k, v in DATA["inputs"].items()}
W, x, y, c, t, X, Y, s0 = (I[k] for k in ("W", "x", "y", "c", "t", "X", "Y", "s0"))


def F1(x):
    return (x.sin() * x.exp()).sum()


def F2(x, y):
    return (x * y.tanh()).sum() + (x.pow(2) * y).sum()


def G(x):
    return W.matmul(x.tanh()) * x.sum()


def H(x, y):
    return x.sin() * y


def S(x):
    return x.sin() * x.pow(3)


def want(name):
    return dec(R[name])


def test_grad_and_grad_and_value():
    close(grad(F1)(x), want("grad_F1"))
    g, v = grad_and_value(F2, argnums=(0, 1))(x, y)
    close(g, dec(R["grad_and_value_F2"]["grads"]))
    close(v, dec(R["grad_and_value_F2"]["value"]))
    close(grad(F2, argnums=1)(x, y), want("grad_F2_argnum1"))
    g, aux = grad(lambda x: (F1(x), x.cos()), has_aux=True)(x)
    close(g, dec(R["grad_aux"]["grad"]))
    close(aux, dec(R["grad_aux"]["aux"]))
    # plain tensors at the top level; differentiable when the input requires grad
    assert g.grad_fn is None and not g.requires_grad
    xr = x.clone().requires_grad_(True)
    assert grad(F1)(xr).requires_grad


def test_grad_over_pytrees():
    g = grad(lambda p: (p["a"] * p["b"][0]).sum() + p["b"][1].sum())({"a": x, "b": (y, t)})
    assert list(g) == ["a", "b"] and isinstance(g["b"], tuple)
    close(g["a"], y)
    close(g["b"][0], x)
    close(g["b"][1], torch.ones(3, dtype=torch.float64))


def test_vjp_and_jvp():
    out, vjp_fn = vjp(G, x)
    close(out, dec(R["vjp_G"]["out"]))
    (g,) = vjp_fn(c)
    close(g, dec(R["vjp_G"]["vjp"]))
    close(vjp_fn(c)[0], dec(R["vjp_G"]["vjp"]))
    out, vjp_fn = vjp(H, x, y)
    close(out, dec(R["vjp_H"]["out"]))
    close(vjp_fn(t), dec(R["vjp_H"]["vjp"]))
    out, jv = jvp(G, (x,), (t,))
    close(out, dec(R["jvp_G"]["out"]))
    close(jv, dec(R["jvp_G"]["jvp"]))
    ty = dec(R["jvp_H"]["tangent_y"])
    out, jv = jvp(H, (x, y), (t, ty))
    close(jv, dec(R["jvp_H"]["jvp"]))


@pytest.mark.parametrize("chunk_size", [None, 1, 2, 5])
def test_jacobians(chunk_size):
    close(jacrev(G, chunk_size=chunk_size)(x), want("jacrev_G"))
    close(jacfwd(G, chunk_size=chunk_size)(x), want("jacfwd_G"))
    close(jacrev(H, argnums=(0, 1), chunk_size=chunk_size)(x, y), want("jacrev_H_01"))
    close(jacfwd(H, argnums=(0, 1), chunk_size=chunk_size)(x, y), want("jacfwd_H_01"))


def test_hessians_and_compositions():
    close(hessian(F1)(x), want("hessian_F1"))
    close(hessian(F2, argnums=(0, 1))(x, y), want("hessian_F2_01"))
    close(jacrev(jacfwd(G))(x), want("jacrev_jacfwd_G"))
    close(jacrev(jacrev(G))(x), want("jacrev_jacrev_G"))
    close(jacfwd(jacrev(G))(x), want("jacfwd_jacrev_G"))
    close(grad(grad(S))(s0), want("grad_grad_S"))
    close(grad(grad(grad(S)))(s0), want("grad_grad_grad_S"))
    # the inner level differentiates its own input only: d/dy [d/dx (x*y)] = d/dy y = 1
    assert grad(lambda y: grad(lambda x: x * y)(y))(torch.tensor(3.0)).item() == 1.0


def test_vmap_and_its_compositions():
    close(vmap(grad(F1))(X), want("vmap_grad_F1"))
    close(vmap(F2, in_dims=(0, None))(X, y), want("vmap_F2_in_dims_0_none"))
    close(vmap(H, in_dims=(0, 0), out_dims=1)(X, Y), want("vmap_H_out_dims_1"))
    close(vmap(H, in_dims=(1, None))(X.t().contiguous(), y), want("vmap_H_in_dims_1"))
    outer = vmap(vmap(lambda a, b: a * b, in_dims=(None, 0)), in_dims=(0, None))
    close(outer(X[:, 0], Y[0]), want("vmap_vmap_outer"))
    close(vmap(jacrev(G))(X), want("vmap_jacrev_G"))
    close(vmap(hessian(F1))(X), want("vmap_hessian_F1"))
    close(grad(lambda x: vmap(F1)(x).sum())(X), want("grad_vmap_sum"))


def test_vmap_pytrees_in_and_out():
    def f(d, s):
        return {"sum": d["a"] + d["b"] * s, "pair": (d["a"].sum(), s)}

    out = vmap(f, in_dims=({"a": 0, "b": None}, None), out_dims={"sum": 1, "pair": (0, None)})(
        {"a": X, "b": y}, 2.0)
    close(out["sum"], (X + y * 2.0).t())
    close(out["pair"][0], X.sum(1))
    assert out["pair"][1] == 2.0


def test_vmap_randomness():
    torch.manual_seed(0)
    same = vmap(lambda x: x + torch.randn(3), randomness="same")(torch.zeros(4, 3))
    assert torch.equal(same[0], same[3])
    different = vmap(lambda x: x + torch.randn(3), randomness="different")(torch.zeros(4, 3))
    assert not torch.equal(different[0], different[1])


def _model(width_in=4, hidden=5, out=3):
    return torch.nn.Sequential(torch.nn.Linear(width_in, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, out))


def test_per_sample_gradients_of_an_mlp():
    ps = DATA["per_sample"]
    model = _model().double()
    params = dec(ps["params"])
    xb = dec(ps["x"])
    yb = torch.tensor(ps["y"])

    def loss(p, xi, yi):
        o = functional_call(model, p, (xi.unsqueeze(0),))
        return F.cross_entropy(o, yi.unsqueeze(0))

    g = vmap(grad(loss), in_dims=(None, 0, 0))(params, xb, yb)
    close(g, dec(ps["grads"]))
    close(vmap(loss, in_dims=(None, 0, 0))(params, xb, yb), dec(ps["loss"]))
    # the module keeps its own parameters
    assert model[0].weight.shape == (5, 4) and not torch.equal(model[0].weight.detach(), params["0.weight"])


def test_model_ensembling():
    e = DATA["ensemble"]
    stacked = dec(e["stacked"])
    model = _model().double()

    def fmodel(p, b, xi):
        return functional_call(model, (p, b), (xi,))

    close(vmap(fmodel, in_dims=(0, 0, None))(stacked, {}, dec(e["x"])), dec(e["same"]))
    close(vmap(fmodel, in_dims=(0, 0, 0))(stacked, {}, dec(e["x3"])), dec(e["different"]))
    models = [_model() for _ in range(3)]
    params, buffers = stack_module_state(models)
    assert params["0.weight"].shape == (3, 5, 4) and params["0.weight"].requires_grad
    assert buffers == {}
    close(params["2.bias"][1], models[1][2].bias.detach())


ERRORS = DATA["errors"]


def f(x):
    return x


@pytest.mark.parametrize("name,call", [
    ("grad_nonscalar", lambda: grad(lambda x: x * 2)(x)),
    ("grad_nontensor", lambda: grad(lambda x: (x.sum(),))(x)),
    ("grad_argnum_range", lambda: grad(F1, argnums=2)(x)),
    ("grad_argnums_dup", lambda: grad(F2, argnums=(0, 0))(x, y)),
    ("vmap_item", lambda: vmap(lambda x: x.sum().item())(X)),
    ("vmap_control_flow", lambda: vmap(lambda x: x if x.sum() > 0 else -x)(X)),
    ("vmap_in_dim_range", lambda: vmap(f, in_dims=(2,))(X)),
    ("vmap_in_dims_structure", lambda: vmap(F2, in_dims=(0,))(X, Y)),
    ("vmap_sizes", lambda: vmap(F2)(X, Y[:3])),
    ("vmap_in_dims_none", lambda: vmap(f, in_dims=None)(X)),
    ("vmap_no_batched", lambda: vmap(F2, in_dims=(None, None))(x, y)),
    ("vmap_nontensor_in", lambda: vmap(lambda x, n: x * n, in_dims=(0, 0))(X, 3)),
    ("vmap_nontensor_out", lambda: vmap(lambda x: 3)(X)),
    ("vmap_out_dims_none", lambda: vmap(f, out_dims=None)(X)),
    ("vmap_no_inputs", lambda: vmap(lambda: 1)()),
    ("vmap_randomness_error", lambda: vmap(lambda x: x + torch.randn(3), randomness="error")(X)),
    ("vmap_randomness_bad", lambda: vmap(f, randomness="foo")(X)),
    ("jacrev_chunk_size", lambda: jacrev(G, chunk_size=0)(x)),
    ("jvp_shape", lambda: jvp(G, (x,), (c,))),
    ("jvp_not_tuple", lambda: jvp(G, x, t)),
    ("vjp_shape", lambda: vjp(G, x)[1](t)),
])
def test_pytorch_messages(name, call):
    e = ERRORS[name]
    with pytest.raises(getattr(builtins, e["type"])) as info:
        call()
    assert str(info.value) == e["message"]
    # the vmap level is left on errors: .item() works again
    assert torch.tensor(1.5).item() == 1.5


def test_item_outside_vmap_and_unbatched_results():
    # out_dims=None for an output that is the same for every example
    out = vmap(lambda x: (x * 2, torch.ones(2)), out_dims=(0, None))(X)
    close(out[1], torch.ones(2))
    assert bool(torch.tensor(1.0))


def test_vmap_calls_the_function_once_on_the_whole_batch():
    from ferrograd import _batched

    calls = []

    def f(x):
        calls.append(tuple(x.shape))
        return (x * 2).sum()

    before = _batched.fallback_count()
    close(vmap(f)(X), (X * 2).sum(1))
    assert calls == [tuple(X.shape[1:])]
    assert _batched.fallback_count() == before


def test_results_stay_differentiable_with_respect_to_captured_tensors():
    # recorded from PyTorch 2.15: grad is 12 with a grad_fn, and w.grad becomes 6
    w = torch.tensor([2.0], requires_grad=True)
    x = torch.tensor([3.0])
    g = grad(lambda x: (x * x * w).sum())(x)
    assert g.tolist() == [12.0] and g.requires_grad
    g.sum().backward()
    assert w.grad.tolist() == [6.0]
    w.grad = None
    j = jacrev(lambda x: x * x * w)(x)
    assert j.tolist() == [[12.0]] and j.requires_grad
    j.sum().backward()
    assert w.grad.tolist() == [6.0]
    w.grad = None
    o, t = jvp(lambda x: x * x * w, (x,), (torch.ones(1),))
    assert o.requires_grad and t.requires_grad
    t.sum().backward()
    assert w.grad.tolist() == [6.0]
    out, fn = vjp(lambda x: x * x * w, x)
    assert out.requires_grad and fn(torch.ones(1))[0].requires_grad
    assert jacfwd(lambda x: x * x * w)(x).requires_grad
    assert not grad(lambda x: (x * x * 2).sum())(x).requires_grad
    with torch.no_grad():
        assert not grad(lambda x: (x * x * w).sum())(x).requires_grad


def test_vmap_over_an_empty_dimension():
    # PyTorch 2.15: vmap(torch.sin)(randn(0, 3)) is [0, 3], vmap(sum) is [0], and a pytree of
    # outputs keeps its structure; out_dims=None returns the value as the function gave it
    x = torch.zeros(0, 3)
    assert tuple(vmap(torch.sin)(x).shape) == (0, 3)
    assert tuple(vmap(lambda v: v.sum())(x).shape) == (0,)
    assert tuple(vmap(lambda v, y: v + y, in_dims=(0, None))(x, torch.ones(3)).shape) == (0, 3)
    out = vmap(lambda v: {"a": v * 2, "b": (v.unsqueeze(0),)}, in_dims=1, out_dims=1)(torch.zeros(2, 0))
    assert tuple(out["a"].shape) == (2, 0)
    assert tuple(out["b"][0].shape) == (1, 0, 2)
    state = torch.get_rng_state()
    assert tuple(vmap(lambda v: v + torch.randn(3), randomness="different")(x).shape) == (0, 3)
    assert torch.get_rng_state().equal(state)


def test_vmap_over_an_empty_dimension_keeps_the_graph_and_the_randomness_rules():
    # PyTorch 2.15: the empty output is in x's graph (x.grad has x's shape), a random draw under
    # randomness='error' raises, and 'same' draws once (the generator moves)
    x = torch.zeros(0, 3, requires_grad=True)
    vmap(lambda v: v * 2)(x).sum().backward()
    assert tuple(x.grad.shape) == (0, 3)
    with pytest.raises(RuntimeError):
        vmap(lambda v: v + torch.randn(3))(torch.zeros(0, 3))
    state = torch.get_rng_state()
    vmap(lambda v: v + torch.randn(3), randomness="same")(torch.zeros(0, 3))
    assert not torch.get_rng_state().equal(state)


def test_linearize_debug_unwrap_and_batch_norm_replacement_print_as_pytorch():
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("func_extras_script.py", "func_extras.out")


def test_linearize_matches_jvp_on_nested_inputs():
    x = torch.randn(3, dtype=torch.float64)
    y = torch.randn(3, dtype=torch.float64)
    f = lambda a, b: (a.sin() * b, {"s": (a * b).sum()})  # noqa: E731
    out, jvp_fn = torch.func.linearize(f, x, y)
    tx, ty = torch.randn(3, dtype=torch.float64), torch.randn(3, dtype=torch.float64)
    want_out, want = jvp(f, (x, y), (tx, ty))
    got = jvp_fn(tx, ty)
    assert torch.equal(out[0], want_out[0]) and torch.equal(got[0], want[0])
    assert torch.equal(got[1]["s"], want[1]["s"])


def test_vmap_promotes_zero_dim_examples_as_pytorch():
    # a batched tensor of 0-dim examples promotes as a 0-dim tensor in the binary arithmetic
    # ops, as PyTorch's batching rules do (float32 + batched float64 scalars is float32), and
    # not in where or stack
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("vmap_promotion_script.py", "vmap_promotion.out")


def test_fill_under_vmap_as_pytorch():
    # a batched value fills each example with its own (a copy, cast to the tensor's dtype);
    # into an unbatched tensor, PyTorch's in-place vmap error
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("vmap_fill_script.py", "vmap_fill.out")
