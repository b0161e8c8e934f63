"""``torch.nn`` from Python against PyTorch's recorded modules and losses
(``crates/ferrograd/tests/data/gen_nn.py`` → ``nn.json``), and ``nn.Module``'s object model."""

import copy
import json
import pickle
import math
import os
import warnings
from collections import OrderedDict

import pytest

import ferrograd as torch
import ferrograd.nn as nn
import ferrograd.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "nn.json")))
DTYPES = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64}


def dec(v):
    t = torch.tensor(v["data"], dtype=DTYPES[v["dtype"]])
    return t.reshape(v["shape"])


def close(got, want, what, tol=1e-10):
    assert list(got.shape) == list(want.shape), what
    for i, (a, b) in enumerate(zip(got.detach().reshape(-1).tolist(), want.reshape(-1).tolist())):
        assert abs(a - b) <= tol * (1 + abs(b)), f"{what}[{i}]: {a} vs {b}"


@pytest.mark.parametrize("case", DATA["modules"], ids=lambda c: c["name"])
def test_module_matches_pytorch(case):
    m = eval(case["ctor"]).double()
    assert repr(m) == case["repr"]
    state = OrderedDict((k, dec(v)) for k, v in case["state_dict"])
    assert list(m.state_dict().keys()) == list(state.keys())
    assert repr(m.load_state_dict(state)) == "<All keys matched successfully>"
    assert [k for k, _ in m.named_parameters()] == case["named_parameters"]
    inputs = [dec(v) for v in case["inputs"]]
    inputs = [x.requires_grad_() if x.is_floating_point() else x for x in inputs]
    out = m(*inputs)
    close(out, dec(case["output"]), case["name"])
    assert (out.grad_fn.name() if out.grad_fn is not None else None) == case["grad_fn"]
    if out.requires_grad:
        (out * dec(case["gout"])).sum().backward()
    grads = dict((k, v) for k, v in case["param_grads"])
    for k, p in m.named_parameters():
        assert isinstance(p, nn.Parameter) and isinstance(p, torch.Tensor)
        close(p.grad, dec(grads[k]), f"{case['name']} {k}.grad")
    for x, g in zip(inputs, case["input_grads"]):
        if g is not None:
            close(x.grad, dec(g), case["name"] + " input grad")


@pytest.mark.parametrize("case", DATA["activations"], ids=lambda c: c["ctor"])
def test_activation_module_matches_pytorch(case):
    m = eval(case["ctor"])
    assert repr(m) == case["repr"]
    x = dec(case["input"]).requires_grad_()
    y = m(x)
    close(y, dec(case["output"]), case["ctor"])
    assert y.grad_fn.name() == case["grad_fn"]
    (y * dec(case["gout"])).sum().backward()
    close(x.grad, dec(case["input_grad"]), case["ctor"] + " grad")


@pytest.mark.parametrize(
    "case", DATA["losses"], ids=lambda c: c["fn"] + json.dumps(c["kwargs"], sort_keys=True) + ",".join(c["tensors"])
)
def test_loss_matches_pytorch(case):
    x = dec(case["input"]).requires_grad_()
    t = dec(case["target"])
    if case["target_grad"] is not None:
        t.requires_grad_()
    kw = dict(case["kwargs"])
    kw.update({k: dec(v) for k, v in case["tensors"].items()})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loss = getattr(F, case["fn"])(x, t, **kw)
    close(loss, dec(case["value"]), case["fn"])
    assert loss.grad_fn.name() == case["grad_fn"]
    (loss * dec(case["gout"])).sum().backward()
    close(x.grad, dec(case["input_grad"]), case["fn"] + " input grad")
    if case["target_grad"] is not None:
        close(t.grad, dec(case["target_grad"]), case["fn"] + " target grad")


MODULE_OF = {
    "mse_loss": "MSELoss", "l1_loss": "L1Loss", "smooth_l1_loss": "SmoothL1Loss", "huber_loss": "HuberLoss",
    "binary_cross_entropy": "BCELoss", "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
    "kl_div": "KLDivLoss", "nll_loss": "NLLLoss", "cross_entropy": "CrossEntropyLoss",
}


@pytest.mark.parametrize("case", DATA["losses"][::3], ids=lambda c: c["fn"] + json.dumps(c["kwargs"], sort_keys=True))
def test_loss_module_agrees_with_function(case):
    kw = dict(case["kwargs"])
    kw.update({k: dec(v) for k, v in case["tensors"].items()})
    m = getattr(nn, MODULE_OF[case["fn"]])(**kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loss = m(dec(case["input"]), dec(case["target"]))
    close(loss, dec(case["value"]), case["fn"])
    assert repr(m) == MODULE_OF[case["fn"]] + "()"
    assert sorted(dict(m.state_dict())) == sorted(case["tensors"])


@pytest.mark.parametrize("ctor", list(DATA["reprs"]))
def test_repr_matches_pytorch(ctor):
    assert repr(eval(ctor)) == DATA["reprs"][ctor]


def err(key):
    e = DATA["errors"][key]
    return {"RuntimeError": RuntimeError, "ValueError": ValueError, "IndexError": IndexError,
            "NotImplementedError": NotImplementedError}[e["type"]], e["message"]


def raises(key, f):
    exc, msg = err(key)
    with pytest.raises(exc) as info:
        f()
    assert str(info.value) == msg


def test_errors_match_pytorch():
    lin = nn.Linear(3, 2)
    raises("linear_in_features", lambda: lin(torch.zeros(2, 4)))
    seq = lambda: nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))  # noqa: E731
    sd = seq().state_dict()
    missing = OrderedDict((k, v) for k, v in sd.items() if k != "2.bias")
    extra = OrderedDict(sd)
    extra["3.weight"] = torch.zeros(1)
    wrong = OrderedDict(sd)
    wrong["0.weight"] = torch.zeros(2, 4)
    both = OrderedDict(missing)
    both["x"] = torch.zeros(1)
    raises("missing_keys", lambda: seq().load_state_dict(missing))
    raises("unexpected_keys", lambda: seq().load_state_dict(extra))
    raises("missing_and_unexpected", lambda: seq().load_state_dict(both))
    raises("size_mismatch", lambda: seq().load_state_dict(wrong))
    raises("size_mismatch_not_strict", lambda: seq().load_state_dict(wrong, strict=False))
    r = seq().load_state_dict(both, strict=False)
    assert repr(r) == DATA["errors"]["non_strict_keys"]["message"]
    assert r.missing_keys == ["2.bias"] and r.unexpected_keys == ["x"]
    raises("dropout_p", lambda: nn.Dropout(1.5))
    raises("reduction", lambda: F.mse_loss(torch.zeros(2), torch.zeros(2), reduction="avg"))
    raises("bce_range", lambda: F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.0])))
    raises("bce_size", lambda: F.binary_cross_entropy(torch.zeros(3, 1), torch.zeros(3)))
    raises("bce_logits_size", lambda: F.binary_cross_entropy_with_logits(torch.zeros(3, 1), torch.zeros(3)))
    raises("nll_weight_size", lambda: F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1]), weight=torch.ones(2)))
    raises("label_smoothing_range",
           lambda: F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), label_smoothing=1.5))
    raises("probs_ignore_index", lambda: F.cross_entropy(torch.zeros(2, 3), torch.zeros(2, 3), ignore_index=1))
    raises("embedding_range", lambda: nn.Embedding(3, 2)(torch.tensor([3])))
    raises("smooth_l1_beta", lambda: F.smooth_l1_loss(torch.zeros(2), torch.zeros(2), beta=-1.0))
    raises("huber_delta", lambda: F.huber_loss(torch.zeros(2), torch.zeros(2), delta=0.0))
    raises("unflatten_sizes", lambda: nn.Unflatten(1, (2, 5))(torch.zeros(3, 12)))
    raises("module_list_forward", lambda: nn.ModuleList([nn.ReLU()])(torch.zeros(1)))


def test_parameter_is_a_tensor_sharing_storage():
    data = torch.tensor([1.0, 2.0])
    p = nn.Parameter(data)
    assert isinstance(p, torch.Tensor) and type(p) is nn.Parameter
    assert p.requires_grad and p.is_leaf
    assert repr(p) == "Parameter containing:\ntensor([1., 2.], requires_grad=True)"
    assert str(p) == f"{p}" == repr(p)
    q = pickle.loads(pickle.dumps(p))
    assert type(q) is nn.Parameter and q.tolist() == [1.0, 2.0] and q.requires_grad
    r = copy.deepcopy(p)
    assert type(r) is nn.Parameter and r is not p and r.tolist() == p.tolist()
    with torch.no_grad():
        p.mul_(3)
    assert data.tolist() == [3.0, 6.0]
    assert not nn.Parameter(torch.zeros(1), requires_grad=False).requires_grad
    assert type(p * 2) is torch.Tensor
    (p * p).sum().backward()
    assert p.grad.tolist() == [6.0, 12.0]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(4, 1)
        self.register_buffer("steps", torch.zeros(1))
        self.register_buffer("scratch", torch.zeros(2), persistent=False)
        self.scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x))) * self.scale


def test_module_object_model():
    net = Net()
    assert [k for k, _ in net.named_parameters()] == ["scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    assert [k for k, _ in net.named_parameters(prefix="net")][0] == "net.scale"
    assert [k for k, _ in net.named_parameters(recurse=False)] == ["scale"]
    assert [k for k, _ in net.named_buffers()] == ["steps", "scratch"]
    assert list(net.state_dict()) == ["scale", "steps", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    assert [k for k, _ in net.named_children()] == ["fc1", "act", "fc2"]
    assert [k for k, _ in net.named_modules()] == ["", "fc1", "act", "fc2"]
    assert len(list(net.modules())) == 4
    assert not net.state_dict()["scale"].requires_grad
    assert net.state_dict(keep_vars=True)["scale"] is net.scale
    assert repr(net) == (
        "Net(\n  (fc1): Linear(in_features=3, out_features=4, bias=True)\n  (act): ReLU()\n"
        "  (fc2): Linear(in_features=4, out_features=1, bias=True)\n)"
    )
    with pytest.raises(AttributeError, match="'Net' object has no attribute 'nope'"):
        net.nope
    with pytest.raises(TypeError, match=r"cannot assign 'ferrograd.FloatTensor' as parameter 'scale'|cannot assign '.*' as parameter 'scale' \(torch.nn.Parameter or None expected\)"):
        net.scale = torch.ones(1)
    with pytest.raises(KeyError, match="attribute 'fc1' already exists"):
        net.register_buffer("fc1", torch.zeros(1))
    del net.act
    assert [k for k, _ in net.named_children()] == ["fc1", "fc2"]
    net.act = nn.Tanh()
    assert list(net._modules) == ["fc1", "fc2", "act"]
    net.act = None
    assert net.act is None and "act" in net._modules


def test_modes_grads_hooks_and_dtype():
    net = Net()
    assert net.training and net.eval() is net and not net.fc1.training
    net.train()
    assert all(m.training for m in net.modules())
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        net.train("yes")
    x = torch.ones(2, 3)
    net(x).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(p.grad.abs().sum().item() == 0 for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    calls = []
    h1 = net.fc1.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
    h2 = net.register_forward_hook(lambda m, args, out: calls.append(out.shape) or out * 0)
    assert net(x).abs().sum().item() == 0 and calls == [torch.Size([2, 1])]
    h1.remove()
    h2.remove()
    assert net(x).abs().sum().item() != 0
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Linear", "Net"]
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    net.requires_grad_()
    net.double()
    assert all(p.dtype == torch.float64 and isinstance(p, nn.Parameter) for p in net.parameters())
    assert net.steps.dtype == torch.float64
    net.to(torch.float32)
    assert net.fc1.weight.dtype == torch.float32
    with pytest.raises(TypeError, match="nn.Module.to only accepts floating point or complex dtypes"):
        net.to(torch.int64)


def test_containers():
    s = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(s) == 3 and isinstance(s[-1], nn.Linear)
    assert repr(s[1:]) == "Sequential(\n  (1): ReLU()\n  (2): Linear(in_features=3, out_features=1, bias=True)\n)"
    s2 = nn.Sequential(OrderedDict([("a", nn.Identity()), ("b", nn.Tanh())]))
    assert [k for k, _ in s2.named_children()] == ["a", "b"]
    ml = nn.ModuleList([nn.Linear(1, 1)])
    ml.append(nn.Linear(1, 1))
    ml += [nn.ReLU()]
    assert len(ml) == 3 and len(list(ml.parameters())) == 4
    md = nn.ModuleDict({"x": nn.ReLU()})
    md["y"] = nn.Linear(1, 1)
    assert list(md.keys()) == ["x", "y"] and "y" in md
    assert [k for k, _ in md.named_parameters()] == ["y.weight", "y.bias"]


def test_dropout_and_embedding():
    d = nn.Dropout(0.5)
    x = torch.ones(1000)
    y = d(x)
    kept = (y != 0).sum().item()
    assert 350 < kept < 650 and set(y.tolist()) <= {0.0, 2.0}
    d.eval()
    assert d(x) is x
    e = nn.Embedding(4, 2, padding_idx=-1)
    assert e.padding_idx == 3 and e.weight[3].tolist() == [0.0, 0.0]
    assert repr(e) == "Embedding(4, 2, padding_idx=3)"
    out = e(torch.tensor([3, 0, 3]))
    assert out.grad_fn.name() == "EmbeddingBackward0"
    out.sum().backward()
    assert e.weight.grad[3].tolist() == [0.0, 0.0] and e.weight.grad[0].tolist() == [1.0, 1.0]


def test_init_functions():
    w = torch.empty(30, 40)
    nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    bound = math.sqrt(3.0) * math.sqrt(2.0 / 6.0) / math.sqrt(40)
    assert w.abs().max().item() <= bound + 1e-6
    assert nn.init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2.0 / 1.04)
    assert nn.init._calculate_fan_in_and_fan_out(w) == (40, 30)
    assert nn.init.eye_(torch.empty(2, 2)).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    lin = nn.Linear(3, 2)
    assert lin.weight.abs().max().item() <= 1 / math.sqrt(3) + 1e-6


def test_default_init_matches_pytorch():
    rec = DATA["default_init"]
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    for k, v in lin.state_dict().items():
        close(v, dec(rec["linear_3_2"][k]), k, 1e-7)
    torch.manual_seed(0)
    close(nn.Embedding(4, 3).weight, dec(rec["embedding_4_3"]["weight"]), "embedding", 1e-7)


def test_activation_modules_in_place():
    w = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    x = w * 1
    m = torch.nn.LeakyReLU(0.2, inplace=True)
    assert repr(m) == "LeakyReLU(negative_slope=0.2, inplace=True)"
    y = m(x)
    assert y is x and x.grad_fn.name() == "LeakyReluBackward1"
    assert x.tolist() == pytest.approx([-0.2, 0.5, 2.0])
    x.sum().backward()
    assert w.grad.tolist() == pytest.approx([0.2, 1.0, 1.0])
    r = torch.nn.ReLU(inplace=True)
    z = torch.tensor([-1.0, 3.0])
    assert r(z) is z and z.tolist() == [0.0, 3.0]
