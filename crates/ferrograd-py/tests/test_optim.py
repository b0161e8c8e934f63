"""torch.optim, torch.optim.lr_scheduler, torch.nn.utils.clip_grad_* and the grad modes against
PyTorch's recorded values (crates/ferrograd/tests/data/optim.json, from gen_optim.py)."""

import copy
import json
import math
import os
import warnings

import pytest

import ferrograd as torch

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "optim.json")) as f:
    DATA = json.load(f)

OPTIMS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
}


def init_params():
    w = torch.tensor([-1.2, 1.0, 0.5], dtype=torch.float64, requires_grad=True)
    m = torch.tensor([[0.3, -0.7], [1.1, 0.2]], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.8, dtype=torch.float64, requires_grad=True)
    return [w, m, b]


def loss(w, m, b):
    rosen = (100 * (w[1:] - w[:-1] ** 2) ** 2 + (1 - w[:-1]) ** 2).sum()
    quartic = 0.1 * ((m - 0.5) ** 4).sum() + (m * m).sum()
    coupling = (m.sum() * b - 1) ** 2 + 0.5 * b * b
    return rosen * 0.01 + quartic + coupling


def flat(params):
    return [v for p in params for v in p.detach().reshape(-1).tolist()]


def opts(o):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in (o or {}).items()}


def make(name, o, group2):
    params = init_params()
    if group2 is None:
        return params, OPTIMS[name](params, **opts(o))
    return params, OPTIMS[name]([{"params": params[:2]}, {"params": params[2:], **opts(group2)}], **opts(o))


def step_once(params, opt):
    opt.zero_grad()
    l = loss(*params)
    l.backward()
    opt.step()
    return l.item()


def rel_dev(got, want):
    return max(abs(g - w) / max(abs(w), 1e-3) for g, w in zip(got, want))


CASES = DATA["trajectories"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['optimizer']}-{i}" for i, c in enumerate(CASES)])
def test_trajectory(case):
    params, opt = make(case["optimizer"], case["options"], case["group2"])
    for i, (want, want_loss) in enumerate(zip(case["params"], case["losses"])):
        l = step_once(params, opt)
        assert abs(l - want_loss) <= 1e-10 * abs(want_loss), i
        assert rel_dev(flat(params), want) < 1e-10, i


def test_adam_with_step_lr():
    params = init_params()
    opt = torch.optim.Adam(params, lr=0.05)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    for want in DATA["adam_steplr"]["params"]:
        step_once(params, opt)
        sched.step()
        assert rel_dev(flat(params), want) < 1e-10


def lambda_fn(epoch):
    return 1.0 / (1.0 + 0.3 * epoch)


@pytest.mark.parametrize("rec", DATA["schedulers"], ids=[s["scheduler"] for s in DATA["schedulers"]])
def test_scheduler(rec):
    p1 = torch.zeros(2, requires_grad=True)
    p2 = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [p1]}, {"params": [p2], "lr": 0.02}], lr=0.1)
    kw = dict(rec["kwargs"])
    if kw.get("lr_lambda") == "epoch_decay":
        kw["lr_lambda"] = lambda_fn
    name = rec["scheduler"]
    sched = getattr(torch.optim.lr_scheduler, name)(opt, **kw)
    lrs = [[g["lr"] for g in opt.param_groups]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for epoch in range(40):
            opt.step()
            sched.step(DATA["metrics"][epoch]) if name == "ReduceLROnPlateau" else sched.step()
            lrs.append([g["lr"] for g in opt.param_groups])
    assert lrs == rec["lrs"]
    assert sched.get_last_lr() == rec["last_lr"]


def test_scheduler_order_warning():
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, 1)
    with pytest.warns(UserWarning, match="Detected call of `lr_scheduler.step\\(\\)` before `optimizer.step\\(\\)`"):
        sched.step()
    assert opt.param_groups[0]["initial_lr"] == 1.0
    assert sched.state_dict()["base_lrs"] == [1.0]


def grads_params():
    shapes = [(3,), (2, 2), ()]
    grads = [[3.0, -4.0, 0.5], [[1.0, 2.0], [-2.0, 0.25]], -6.0]
    ps = []
    for s, g in zip(shapes, grads):
        p = torch.zeros(s, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(g, dtype=torch.float64)
        ps.append(p)
    return ps


@pytest.mark.parametrize("rec", DATA["clip_grad_norm"], ids=[str(c["norm_type"]) + "-" + str(c["max_norm"]) for c in DATA["clip_grad_norm"]])
def test_clip_grad_norm(rec):
    ps = grads_params()
    total = torch.nn.utils.clip_grad_norm_(ps, rec["max_norm"], rec["norm_type"])
    assert total.dim() == 0 and total.dtype == torch.float64
    assert abs(total.item() - rec["total"]) <= 1e-14 * rec["total"]
    for p, want in zip(ps, rec["grads"]):
        assert rel_dev(p.grad.reshape(-1).tolist(), want) < 1e-14


def test_clip_grad_value_and_errors():
    ps = grads_params()
    torch.nn.utils.clip_grad_value_(ps, 1.5)
    assert [p.grad.reshape(-1).tolist() for p in ps] == DATA["clip_grad_value"]["grads"]
    q = torch.zeros(2, requires_grad=True)
    q.grad = torch.tensor([float("nan"), 1.0])
    rec = DATA["messages"]["clip_nonfinite"]
    with pytest.raises(RuntimeError) as e:
        torch.nn.utils.clip_grad_norm_([q], 1.0, error_if_nonfinite=True)
    assert str(e.value) == rec["message"]
    assert torch.nn.utils.clip_grad_norm_([torch.zeros(1, requires_grad=True)], 1.0).item() == 0.0


def test_messages():
    m = DATA["messages"]
    x = torch.zeros(2, requires_grad=True)
    p = torch.zeros(2, requires_grad=True)
    cases = {
        "non_leaf": lambda: torch.optim.SGD([x * 2], lr=0.1),
        "empty": lambda: torch.optim.Adam([], lr=0.1),
        "sgd_lr": lambda: torch.optim.SGD([p], lr=-0.1),
        "sgd_momentum": lambda: torch.optim.SGD([p], lr=0.1, momentum=-0.5),
        "sgd_weight_decay": lambda: torch.optim.SGD([p], lr=0.1, weight_decay=-1.0),
        "sgd_nesterov": lambda: torch.optim.SGD([p], lr=0.1, nesterov=True),
        "adam_lr": lambda: torch.optim.Adam([p], lr=-0.1),
        "adam_eps": lambda: torch.optim.Adam([p], eps=-1.0),
        "adam_beta0": lambda: torch.optim.Adam([p], betas=(1.0, 0.999)),
        "adam_beta1": lambda: torch.optim.Adam([p], betas=(0.9, -0.1)),
        "adam_weight_decay": lambda: torch.optim.Adam([p], weight_decay=-0.1),
        "rmsprop_alpha": lambda: torch.optim.RMSprop([p], alpha=-0.1),
        "rmsprop_momentum": lambda: torch.optim.RMSprop([p], momentum=-0.1),
        "adagrad_lr_decay": lambda: torch.optim.Adagrad([p], lr_decay=-0.1),
        "adagrad_initial_accumulator_value": lambda: torch.optim.Adagrad([p], initial_accumulator_value=-0.1),
        "two_groups": lambda: torch.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1),
        "plateau_factor": lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([p], lr=0.1), factor=1.0),
        "plateau_mode": lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([p], lr=0.1), mode="up"),
    }
    for key, f in cases.items():
        with pytest.raises(Exception) as e:
            f()
        assert (type(e.value).__name__, str(e.value)) == (m[key]["type"], m[key]["message"]), key


def test_reprs():
    p = torch.zeros(2, requires_grad=True)
    q = torch.zeros(1, requires_grad=True)
    for name, cls in OPTIMS.items():
        opt = cls([p], lr=0.1) if name != "adam" else cls([{"params": [p]}, {"params": [q], "lr": 0.5}])
        assert repr(opt) == DATA["reprs"][name]


@pytest.mark.parametrize("name", sorted(DATA["state_dicts"]))
def test_state_dict_layout_and_round_trip(name):
    rec = DATA["state_dicts"][name]
    params, opt = make(name, rec["options"], {"lr": 0.001})
    for _ in range(3):
        step_once(params, opt)
    sd = opt.state_dict()
    groups = [{k: list(v) if isinstance(v, tuple) else v for k, v in g.items()} for g in sd["param_groups"]]
    assert groups == rec["param_groups"]
    assert [list(g) for g in sd["param_groups"]] == [list(g) for g in rec["param_groups"]]
    assert sorted(sd["state"]) == [int(k) for k in sorted(rec["state"])]
    for k, entries in rec["state"].items():
        got = sd["state"][int(k)]
        assert list(got) == list(entries)
        for key, want in entries.items():
            v = got[key]
            # recorded under default dtype float64: "step" follows the default dtype
            want_dtype = torch.get_default_dtype() if key == "step" else torch.float64
            assert rec["state_dtypes"][k][key] == "torch.float64" and v.dtype == want_dtype
            vals = v.reshape(-1).tolist() if v.dim() else [v.item()]
            assert rel_dev(vals, want if isinstance(want, list) else [want]) < 1e-12, (k, key)
    # a copy of the parameters, a fresh optimizer, the saved state: the same next steps
    copies = [p.detach().clone().requires_grad_(True) for p in params]
    other = OPTIMS[name]([{"params": copies[:2]}, {"params": copies[2:], "lr": 0.5}], **opts(rec["options"]))
    other.load_state_dict(copy.deepcopy(sd))
    assert other.param_groups[1]["lr"] == 0.001
    assert other.param_groups[0]["params"][0] is copies[0]
    for _ in range(5):
        step_once(params, opt)
        step_once(copies, other)
    assert flat(params) == flat(copies)


def test_state_keyed_by_tensor_and_step_dtype():
    w = torch.zeros(3, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.1)
    w.sum().backward()
    opt.step()
    st = opt.state[w]
    assert list(st) == ["step", "exp_avg", "exp_avg_sq"]
    assert st["step"].dtype == torch.float32 and st["step"].item() == 1.0
    assert w.tolist() == pytest.approx([-0.1, -0.1, -0.1], rel=1e-6)


def test_zero_grad_and_versions():
    w = torch.ones(2, requires_grad=True)
    idle = torch.ones(1, requires_grad=True)
    opt = torch.optim.AdamW([w, idle], lr=0.1)
    (w * w).sum().backward()
    v = w._version
    opt.step()
    assert w._version == v + 2
    assert idle._version == 0 and len(opt.state[idle]) == 0
    opt.zero_grad(set_to_none=False)
    assert w.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert w.grad is None


def test_closure_and_subclass():
    w = torch.tensor([2.0], requires_grad=True)

    class Halve(torch.optim.Optimizer):
        def __init__(self, params, factor=0.5):
            super().__init__(params, {"factor": factor})

        @torch.no_grad()
        def step(self, closure=None):
            loss = None
            if closure is not None:
                with torch.enable_grad():
                    loss = closure()
            for group in self.param_groups:
                for p in group["params"]:
                    self.state[p]["n"] = self.state[p].get("n", 0) + 1
                    p.mul_(group["factor"])
            return loss

    opt = Halve([w])
    assert opt.defaults == {"factor": 0.5}
    opt.step()
    assert w.tolist() == [1.0] and opt.state[w]["n"] == 1
    assert opt.state_dict()["state"] == {0: {"n": 1}}

    sgd = torch.optim.SGD([w], lr=0.25)

    def closure():
        sgd.zero_grad()
        l = (w * w).sum()
        l.backward()
        return l

    assert sgd.step(closure).item() == 1.0
    assert w.tolist() == [0.5]


def test_add_param_group():
    a, b = torch.zeros(1, requires_grad=True), torch.zeros(2, requires_grad=True)
    opt = torch.optim.Adam([a], lr=0.1)
    opt.add_param_group({"params": b, "betas": (0.5, 0.6)})
    assert opt.param_groups[1]["params"] == [b] or opt.param_groups[1]["params"][0] is b
    assert opt.param_groups[1]["lr"] == 0.1 and opt.param_groups[1]["betas"] == (0.5, 0.6)
    with pytest.raises(TypeError, match="optimizer parameters need to be organized in ordered collections"):
        opt.add_param_group({"params": {b}})


def test_float32_adam_step_matches_float64_closely():
    w = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.01)
    for _ in range(10):
        opt.zero_grad()
        (w ** 2).sum().backward()
        opt.step()
    assert w.dtype == torch.float32
    # each Adam step of a sign-stable gradient moves about lr
    assert w.tolist() == pytest.approx([0.4, -1.4, 1.9], abs=2e-3)


# ---- grad modes as context managers and decorators ----


def test_grad_modes_context_and_decorators():
    x = torch.ones(1, requires_grad=True)

    @torch.no_grad()
    def f1(t):
        return t * 2

    @torch.no_grad
    def f2(t):
        return t * 2

    @torch.enable_grad()
    def g1(t):
        return t * 2

    @torch.set_grad_enabled(False)
    def h1(t):
        return t * 2

    @torch.inference_mode()
    def i1(t):
        return t * 2

    @torch.inference_mode
    def i2(t):
        return t * 2

    assert not f1(x).requires_grad and not f2(x).requires_grad
    assert not h1(x).requires_grad and torch.is_grad_enabled()
    assert not i1(x).requires_grad and not i2(x).requires_grad
    with torch.no_grad():
        assert g1(x).requires_grad
        assert not torch.is_grad_enabled()
    with torch.inference_mode(False):
        assert (x * 2).requires_grad
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    assert not torch.is_grad_enabled()
    torch.set_grad_enabled(True)

    @torch.no_grad()
    def gen():
        yield (x * 2).requires_grad
        yield (x * 2).requires_grad

    assert list(gen()) == [False, False]
    assert (x * 2).requires_grad


def test_scheduler_and_lbfgs_docstring_examples_run():
    """Every example in the schedulers' and LBFGS's docstrings prints what it shows."""
    import doctest

    import ferrograd.optim._schedules as schedules
    import ferrograd.optim.adam_variants as adam_variants
    import ferrograd.optim.lbfgs as lbfgs
    import ferrograd.optim.lr_scheduler as lr_scheduler

    for module in (lr_scheduler, schedules, lbfgs, adam_variants):
        result = doctest.testmod(module, extraglobs={"torch": torch}, report=False)
        assert result.failed == 0 and result.attempted > 0, module.__name__
