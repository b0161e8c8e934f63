"""Records PyTorch's optimizer trajectories, scheduler learning rates, clip_grad_norm_ totals,
reprs, state_dict layouts and error messages for tests/optim.rs and the Python suite.

    /work/torchenv/bin/python crates/ferrograd/tests/data/gen_optim.py > crates/ferrograd/tests/data/optim.json

Every trajectory runs 100 steps in float64 on three parameters of different shapes
(w: [3], m: [2, 2], b: []) and the loss of `loss` below (Rosenbrock in w, a quartic in m,
a coupling through b); each step records every parameter, flattened, in order.
"""

import json
import math

import torch

torch.set_default_dtype(torch.float64)
STEPS = 100


def init_params():
    w = torch.tensor([-1.2, 1.0, 0.5], requires_grad=True)
    m = torch.tensor([[0.3, -0.7], [1.1, 0.2]], requires_grad=True)
    b = torch.tensor(0.8, requires_grad=True)
    return [w, m, b]


def loss(w, m, b):
    rosen = (100 * (w[1:] - w[:-1] ** 2) ** 2 + (1 - w[:-1]) ** 2).sum()
    quartic = 0.1 * ((m - 0.5) ** 4).sum() + (m * m).sum()
    coupling = (m.sum() * b - 1) ** 2 + 0.5 * b * b
    return rosen * 0.01 + quartic + coupling


def flat(params):
    return [v for p in params for v in p.detach().reshape(-1).tolist()]


OPTIMS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
}

# (optimizer, options, second group's options or None)
CASES = [
    ("sgd", {"lr": 0.01}, None),
    ("sgd", {"lr": 0.01, "momentum": 0.9}, None),
    ("sgd", {"lr": 0.01, "momentum": 0.9, "dampening": 0.3}, None),
    ("sgd", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, None),
    ("sgd", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.1}, None),
    ("sgd", {"lr": 0.0003, "maximize": True}, None),
    ("sgd", {"lr": 0.01, "momentum": 0.9}, {"lr": 0.003, "momentum": 0.0}),
    ("adam", {"lr": 0.01}, None),
    ("adam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6}, None),
    ("adam", {"lr": 0.01, "weight_decay": 0.1}, None),
    ("adam", {"lr": 0.01, "amsgrad": True}, None),
    ("adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05, "maximize": True}, None),
    ("adam", {"lr": 0.01}, {"lr": 0.05, "betas": (0.5, 0.9)}),
    ("adamw", {"lr": 0.01}, None),
    ("adamw", {"lr": 0.01, "weight_decay": 0.3, "amsgrad": True}, None),
    ("adamw", {"lr": 0.01, "maximize": True}, None),
    ("rmsprop", {"lr": 0.01}, None),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6}, None),
    ("rmsprop", {"lr": 0.005, "momentum": 0.9}, None),
    ("rmsprop", {"lr": 0.01, "centered": True}, None),
    ("rmsprop", {"lr": 0.005, "centered": True, "momentum": 0.5, "weight_decay": 0.1}, None),
    ("rmsprop", {"lr": 0.005, "maximize": True}, None),
    ("adagrad", {"lr": 0.1}, None),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01}, None),
    ("adagrad", {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.5}, None),
    ("adagrad", {"lr": 0.1, "eps": 1e-3, "maximize": True}, None),
]


def make(name, opts, group2):
    params = init_params()
    if group2 is None:
        opt = OPTIMS[name](params, **opts)
    else:
        opt = OPTIMS[name]([{"params": params[:2]}, {"params": params[2:], **group2}], **opts)
    return params, opt


def step_once(params, opt):
    opt.zero_grad()
    l = loss(*params)
    l.backward()
    opt.step()
    return l.item()


def trajectory(name, opts, group2):
    params, opt = make(name, opts, group2)
    traj, losses = [], []
    for _ in range(STEPS):
        losses.append(step_once(params, opt))
        traj.append(flat(params))
    return {"optimizer": name, "options": jsonable(opts), "group2": jsonable(group2),
            "losses": losses, "params": traj}


def jsonable(o):
    if o is None:
        return None
    return {k: list(v) if isinstance(v, tuple) else v for k, v in o.items()}


# Schedulers: each drives SGD(lr=0.1) (two groups, lr 0.1 and 0.02) for 40 epochs; recorded:
# the lr of each group after construction and after every scheduler.step().
METRICS = [1.0, 0.9, 0.95, 0.94, 0.96, 0.97, 0.93, 0.99, 1.0, 1.01, 0.8, 0.8, 0.81, 0.82, 0.83,
           0.84, 0.85, 0.79, 0.79, 0.79, 0.80, 0.81, 0.6, 0.61, 0.62, 0.63, 0.64, 0.65, 0.66, 0.67,
           0.68, 0.69, 0.70, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77]
SCHEDS = [
    ("StepLR", {"step_size": 7, "gamma": 0.5}),
    ("MultiStepLR", {"milestones": [3, 10, 10, 25], "gamma": 0.3}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 12, "eta_min": 0.001}),
    ("CosineAnnealingLR", {"T_max": 10}),
    ("LambdaLR", {"lr_lambda": "epoch_decay"}),
    ("ReduceLROnPlateau", {}),
    ("ReduceLROnPlateau", {"mode": "max", "factor": 0.5, "patience": 2, "threshold": 0.01,
                           "threshold_mode": "abs", "cooldown": 2, "min_lr": 0.004}),
    ("ReduceLROnPlateau", {"mode": "min", "factor": 0.5, "patience": 1, "threshold": 0.05,
                           "threshold_mode": "rel", "cooldown": 1, "min_lr": [0.01, 0.0], "eps": 1e-3}),
]


def lambda_fn(epoch):
    return 1.0 / (1.0 + 0.3 * epoch)


def schedule(name, kwargs):
    p1 = torch.zeros(2, requires_grad=True)
    p2 = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [p1]}, {"params": [p2], "lr": 0.02}], lr=0.1)
    kw = dict(kwargs)
    if kw.get("lr_lambda") == "epoch_decay":
        kw["lr_lambda"] = lambda_fn
    sched = getattr(torch.optim.lr_scheduler, name)(opt, **kw)
    lrs = [[g["lr"] for g in opt.param_groups]]
    for epoch in range(40):
        opt.step()
        if name == "ReduceLROnPlateau":
            sched.step(METRICS[epoch])
        else:
            sched.step()
        lrs.append([g["lr"] for g in opt.param_groups])
    return {"scheduler": name, "kwargs": kwargs, "lrs": lrs, "last_lr": sched.get_last_lr()}


def adam_with_steplr():
    params = init_params()
    opt = torch.optim.Adam(params, lr=0.05)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    traj = []
    for _ in range(STEPS):
        step_once(params, opt)
        sched.step()
        traj.append(flat(params))
    return {"params": traj}


def clip_cases():
    out = []
    grads = [[3.0, -4.0, 0.5], [[1.0, 2.0], [-2.0, 0.25]], -6.0]
    for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (2.5, 1.0), (0.5, float("inf")),
                                (3.0, 3.0), (1.0, 0.5)]:
        ps = [torch.zeros(torch.tensor(g).shape, requires_grad=True) for g in grads]
        for p, g in zip(ps, grads):
            p.grad = torch.tensor(g)
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        out.append({"max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type,
                    "total": total.item(), "grads": [p.grad.reshape(-1).tolist() for p in ps]})
    ps = [torch.zeros(torch.tensor(g).shape, requires_grad=True) for g in grads]
    for p, g in zip(ps, grads):
        p.grad = torch.tensor(g)
    torch.nn.utils.clip_grad_value_(ps, 1.5)
    value = {"clip_value": 1.5, "grads": [p.grad.reshape(-1).tolist() for p in ps]}
    return out, value


def messages():
    def err(f):
        try:
            f()
        except Exception as e:  # noqa: BLE001
            return {"type": type(e).__name__, "message": str(e)}
        raise AssertionError("no error")

    x = torch.zeros(2, requires_grad=True)
    y = x * 2
    p = torch.zeros(2, requires_grad=True)
    out = {
        "non_leaf": err(lambda: torch.optim.SGD([y], lr=0.1)),
        "empty": err(lambda: torch.optim.Adam([], lr=0.1)),
        "sgd_lr": err(lambda: torch.optim.SGD([p], lr=-0.1)),
        "sgd_momentum": err(lambda: torch.optim.SGD([p], lr=0.1, momentum=-0.5)),
        "sgd_weight_decay": err(lambda: torch.optim.SGD([p], lr=0.1, weight_decay=-1.0)),
        "sgd_nesterov": err(lambda: torch.optim.SGD([p], lr=0.1, nesterov=True)),
        "adam_lr": err(lambda: torch.optim.Adam([p], lr=-0.1)),
        "adam_eps": err(lambda: torch.optim.Adam([p], eps=-1.0)),
        "adam_beta0": err(lambda: torch.optim.Adam([p], betas=(1.0, 0.999))),
        "adam_beta1": err(lambda: torch.optim.Adam([p], betas=(0.9, -0.1))),
        "adam_weight_decay": err(lambda: torch.optim.Adam([p], weight_decay=-0.1)),
        "rmsprop_alpha": err(lambda: torch.optim.RMSprop([p], alpha=-0.1)),
        "rmsprop_momentum": err(lambda: torch.optim.RMSprop([p], momentum=-0.1)),
        "adagrad_lr_decay": err(lambda: torch.optim.Adagrad([p], lr_decay=-0.1)),
        "adagrad_initial_accumulator_value": err(
            lambda: torch.optim.Adagrad([p], initial_accumulator_value=-0.1)),
        "two_groups": err(lambda: torch.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)),
        "plateau_factor": err(lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(
            torch.optim.SGD([p], lr=0.1), factor=1.0)),
        "plateau_mode": err(lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(
            torch.optim.SGD([p], lr=0.1), mode="up")),
    }
    q = torch.zeros(2, requires_grad=True)
    q.grad = torch.tensor([float("nan"), 1.0])
    out["clip_nonfinite"] = err(lambda: torch.nn.utils.clip_grad_norm_([q], 1.0, error_if_nonfinite=True))
    return out


def reprs():
    p = torch.zeros(2, requires_grad=True)
    q = torch.zeros(1, requires_grad=True)
    out = {}
    for name, cls in OPTIMS.items():
        out[name] = repr(cls([p], lr=0.1) if name != "adam" else cls([{"params": [p]}, {"params": [q], "lr": 0.5}]))
    return out


def state_dicts():
    out = {}
    for name, opts in [("sgd", {"lr": 0.01, "momentum": 0.9}), ("adam", {"lr": 0.01, "amsgrad": True}),
                       ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
                       ("adagrad", {"lr": 0.1})]:
        params, opt = make(name, opts, {"lr": 0.001})
        for _ in range(3):
            step_once(params, opt)
        sd = opt.state_dict()
        state = {str(k): {sk: (sv.reshape(-1).tolist() if sv.dim() else sv.item()) if torch.is_tensor(sv) else sv
                          for sk, sv in v.items()} for k, v in sd["state"].items()}
        dtypes = {str(k): {sk: str(sv.dtype) for sk, sv in v.items() if torch.is_tensor(sv)}
                  for k, v in sd["state"].items()}
        groups = [{k: list(v) if isinstance(v, tuple) else v for k, v in g.items()} for g in sd["param_groups"]]
        out[name] = {"options": opts, "state": state, "state_dtypes": dtypes, "param_groups": groups}
    return out


def main():
    clip, clip_value = clip_cases()
    data = {
        "steps": STEPS,
        "trajectories": [trajectory(*c) for c in CASES],
        "schedulers": [schedule(*s) for s in SCHEDS],
        "metrics": METRICS,
        "adam_steplr": adam_with_steplr(),
        "clip_grad_norm": clip,
        "clip_grad_value": clip_value,
        "messages": messages(),
        "reprs": reprs(),
        "state_dicts": state_dicts(),
    }
    print(json.dumps(data, indent=None, allow_nan=False))


if __name__ == "__main__":
    main()
