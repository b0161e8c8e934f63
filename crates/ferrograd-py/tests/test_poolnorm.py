"""Pooling, normalization, padding, interpolation and channel dropout from Python against
PyTorch's recorded results (``crates/ferrograd/tests/data/gen_poolnorm.py`` →
``poolnorm.json``): values, grad_fn names, gradients, running statistics, dropout2d draws,
module reprs, state-dict keys and messages; gradcheck and gradgradcheck."""

import builtins
import json
import os
import warnings

import pytest

import ferrograd as torch
import ferrograd.nn as nn
import ferrograd.nn.functional as F
from ferrograd.autograd import gradcheck, gradgradcheck

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "poolnorm.json")))
DTYPES = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64}


def dec(v):
    return torch.tensor(v["data"], dtype=DTYPES[v["dtype"]]).reshape(v["shape"])


def close(got, want, what, tol):
    assert list(got.shape) == list(want.shape), what
    for i, (a, b) in enumerate(zip(got.detach().reshape(-1).tolist(), want.reshape(-1).tolist())):
        assert abs(a - b) <= tol * (1 + abs(b)), f"{what}[{i}]: {a} vs {b}"


def call(op, kw, x, extra):
    """The case's ``torch.nn.functional`` call, as gen_poolnorm.py makes it."""
    kw = dict(kw)
    if op in ("batch_norm", "layer_norm", "group_norm"):
        affine = kw.pop("affine")
        w, b = (extra.get("w"), extra.get("b")) if affine else (None, None)
        if op == "batch_norm":
            return F.batch_norm(x, extra["rm"], extra["rv"], w, b, **kw)
        if op == "layer_norm":
            return F.layer_norm(x, kw["normalized_shape"], w, b, kw["eps"])
        return F.group_norm(x, kw["num_groups"], w, b, kw["eps"])
    if op in ("max_pool2d", "max_pool1d"):
        y, extra["indices"] = getattr(F, op)(x, return_indices=True, **kw)
        return y
    if op == "interpolate" and "scale_factor" in kw:
        kw["scale_factor"] = kw["scale_factor"][0]
    return getattr(F, op)(x, **kw)


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["op"] + json.dumps(c["kwargs"], sort_keys=True) + c["x"]["dtype"])
def test_against_pytorch(case):
    tol = 1e-5 if case["x"]["dtype"] == "float32" else 1e-10
    x = dec(case["x"]).requires_grad_()
    extra = {k: dec(case[k]).requires_grad_() for k in ("w", "b") if k in case}
    extra.update({k: dec(case[k]) for k in ("rm", "rv") if k in case})
    y = call(case["op"], case["kwargs"], x, extra)
    close(y, dec(case["out"]), "out", tol)
    assert y.grad_fn.name() == case["grad_fn"]
    if "indices" in case:
        assert extra["indices"].tolist() == dec(case["indices"]).tolist()
    if "rm" in case:
        close(extra["rm"], dec(case["rm_after"]), "running_mean", tol)
        close(extra["rv"], dec(case["rv_after"]), "running_var", tol)
    (y * dec(case["gout"])).sum().backward()
    close(x.grad, dec(case["gx"]), "grad x", tol)
    for k in ("w", "b"):
        if k in extra:
            close(extra[k].grad, dec(case["g" + k]), "grad " + k, tol)


GRAD_OPS = {
    "max_pool2d": lambda x: F.max_pool2d(x, (3, 2), (2, 1), 1, (1, 2), ceil_mode=True),
    "max_pool1d": lambda x: F.max_pool1d(x.flatten(2), 3, 2, 1, ceil_mode=True),
    "avg_pool2d": lambda x: F.avg_pool2d(x, 3, 2, 1, True, False),
    "avg_pool2d_divisor": lambda x: F.avg_pool2d(x, 2, 1, 1, divisor_override=3),
    "adaptive_avg_pool2d": lambda x: F.adaptive_avg_pool2d(x, (4, 5)),
    "pad_constant": lambda x: F.pad(x, (1, 2, -1, 1), value=0.5),
    "pad_reflect": lambda x: F.pad(x, (1, 2, 2, 1), mode="reflect"),
    "pad_replicate": lambda x: F.pad(x, (1, 2, 2, 1), mode="replicate"),
    "pad_circular": lambda x: F.pad(x, (1, 2, 2, 1), mode="circular"),
    "nearest": lambda x: F.interpolate(x, scale_factor=1.7),
    "bilinear": lambda x: F.interpolate(x, size=(5, 9), mode="bilinear", align_corners=False),
    "bilinear_corners": lambda x: F.interpolate(x, size=(5, 9), mode="bilinear", align_corners=True),
    "batch_norm": lambda x: F.batch_norm(x, None, None, training=True),
    "layer_norm": lambda x: F.layer_norm(x, (7, 6)),
    "group_norm": lambda x: F.group_norm(x, 3),
}


@pytest.mark.parametrize("name", list(GRAD_OPS))
def test_gradcheck_and_gradgradcheck(name):
    torch.manual_seed(0)
    x = torch.randn(2, 3, 7, 6, dtype=torch.float64, requires_grad=True)
    assert gradcheck(GRAD_OPS[name], (x,))
    assert gradgradcheck(GRAD_OPS[name], (x,))


def test_affine_norms_gradgradcheck():
    torch.manual_seed(1)
    x = torch.randn(3, 4, 3, 5, dtype=torch.float64, requires_grad=True)
    w = torch.randn(4, dtype=torch.float64, requires_grad=True)
    b = torch.randn(4, dtype=torch.float64, requires_grad=True)
    rm, rv = torch.zeros(4, dtype=torch.float64), torch.ones(4, dtype=torch.float64)
    for f in (
        lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
        lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=False),
        lambda x, w, b: F.group_norm(x, 2, w, b),
    ):
        assert gradcheck(f, (x, w, b))
        assert gradgradcheck(f, (x, w, b))


@pytest.mark.parametrize("rec", DATA["running_stats"], ids=lambda r: str(r["momentum"]))
def test_running_statistics_after_training_steps(rec):
    m = nn.BatchNorm2d(4, momentum=rec["momentum"])
    xs = [dec(x) for x in rec["xs"]]
    for x in xs:
        m(x)
    close(m.running_mean, dec(rec["running_mean"]), "running_mean", 1e-6)
    close(m.running_var, dec(rec["running_var"]), "running_var", 1e-6)
    assert int(m.num_batches_tracked) == rec["num_batches_tracked"]
    m.eval()
    close(m(xs[0]), dec(rec["eval_out"]), "eval", 1e-5)


@pytest.mark.parametrize("rec", DATA["dropout2d"], ids=lambda r: str(r["seed"]))
def test_dropout2d_draws_pytorch_channels(rec):
    torch.manual_seed(rec["seed"])
    x = torch.ones(rec["shape"], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = F.dropout2d(x, rec["p"])
    assert y.tolist() == dec(rec["out"]).tolist()
    assert y.grad_fn.name() == rec["grad_fn"]


def test_dropout2d_warns_on_3d_input_and_passes_through_in_eval():
    with pytest.warns(UserWarning, match="Received a 3D input to dropout2d"):
        F.dropout2d(torch.ones(2, 3, 4), 0.5)
    x = torch.ones(1, 2, 2, 2)
    m = nn.Dropout2d()
    m.eval()
    assert m(x) is x


@pytest.mark.parametrize("ctor", list(DATA["reprs"]))
def test_reprs(ctor):
    assert repr(eval("nn." + ctor)) == DATA["reprs"][ctor]


def test_state_dict_keys_and_buffers():
    seq = nn.Sequential(nn.BatchNorm2d(2), nn.LayerNorm(3), nn.GroupNorm(1, 2))
    assert list(seq.state_dict()) == DATA["state_dict_keys"]
    bn = seq[0]
    assert [n for n, _ in bn.named_buffers()] == ["running_mean", "running_var", "num_batches_tracked"]
    assert bn.num_batches_tracked.dtype == torch.int64
    assert [n for n, _ in bn.named_parameters()] == ["weight", "bias"]
    bn2 = nn.BatchNorm2d(2)
    bn(torch.randn(4, 2, 3, 3))
    bn2.load_state_dict({k[2:]: v for k, v in seq.state_dict().items() if k.startswith("0.")})
    assert bn2.running_var.tolist() == bn.running_var.tolist()
    assert int(bn2.num_batches_tracked) == 1


MESSAGES = {
    "max_pool2d_pad": lambda x: F.max_pool2d(x, 2, padding=2),
    "max_pool2d_small": lambda x: F.max_pool2d(x, 7),
    "max_pool2d_dim": lambda x: F.max_pool2d(x[0, 0], 2),
    "max_pool2d_stride0": lambda x: F.max_pool2d(x, 2, stride=(0, 0)),
    "max_pool2d_dilation0": lambda x: F.max_pool2d(x, 2, dilation=0),
    "avg_pool2d_pad": lambda x: F.avg_pool2d(x, 2, padding=2),
    "avg_pool2d_small": lambda x: F.avg_pool2d(x, 7),
    "avg_pool2d_divisor0": lambda x: F.avg_pool2d(x, 2, divisor_override=0),
    "adaptive_avg_pool2d_dim": lambda x: F.adaptive_avg_pool2d(x[0, 0], 2),
    "max_pool1d_small": lambda x: F.max_pool1d(x[0], 7),
    "max_pool1d_dim": lambda x: F.max_pool1d(x, 2),
    "pad_odd": lambda x: F.pad(x, (1, 2, 3)),
    "pad_reflect_size": lambda x: F.pad(x[0, 0, 0], (1, 1), mode="reflect"),
    "pad_reflect_too_big": lambda x: F.pad(x, (5, 5), mode="reflect"),
    "pad_mode": lambda x: F.pad(x, (1, 1), mode="foo"),
    "batch_norm_running": lambda x: F.batch_norm(x, torch.zeros(3), torch.ones(3), training=True),
    "batch_norm_one_value": lambda x: F.batch_norm(x[:1, :, :1, :1], None, None, training=True),
    "layer_norm_shape": lambda x: F.layer_norm(x, (4,)),
    "group_norm_groups": lambda x: F.group_norm(x, 3),
    "interpolate_bilinear_3d": lambda x: F.interpolate(x[0], scale_factor=2, mode="bilinear"),
    "interpolate_none": lambda x: F.interpolate(x, mode="nearest"),
    "interpolate_both": lambda x: F.interpolate(x, size=3, scale_factor=2, mode="nearest"),
    "interpolate_align": lambda x: F.interpolate(x, size=3, mode="nearest", align_corners=True),
    "dropout2d_p": lambda x: F.dropout2d(x, 1.5),
    "batchnorm2d_dim": lambda x: nn.BatchNorm2d(2)(x[0]),
    "batchnorm1d_dim": lambda x: nn.BatchNorm1d(2)(x),
    "groupnorm_module": lambda x: nn.GroupNorm(3, 4),
}


@pytest.mark.parametrize("key", list(MESSAGES))
def test_messages(key):
    kind, text = DATA["messages"][key]
    x = torch.randn(1, 2, 5, 5)
    with pytest.raises(getattr(builtins, kind)) as e:
        MESSAGES[key](x)
    assert str(e.value).split("\n")[0] == text
