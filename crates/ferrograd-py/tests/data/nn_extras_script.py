"""In-place dropout, Embedding(max_norm=), optimizer hooks and parameters_to_vector, printed.

Run as ``python nn_extras_script.py torch`` (PyTorch, to record nn_extras.out) or
``python nn_extras_script.py ferrograd`` (what test_nn_extras.py compares with the record)."""

import sys

if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch
import importlib
import re

F = torch.nn.functional
optimizer_module = importlib.import_module(torch.__name__ + ".optim.optimizer")


def show(label, f):
    try:
        print(label, f())
    except Exception as e:  # the exception type and message are part of the record
        print(label, type(e).__name__, re.sub("0x[0-9a-f]+", "0x...", str(e)))


torch.manual_seed(0)
x = torch.ones(6, requires_grad=True).clone()
y = F.dropout(x, 0.5, inplace=True)
print("dropout_", y, y is x, x._version)
torch.manual_seed(0)
x = torch.ones(3, 4, dtype=torch.float64)
F.dropout(x, 0.3, inplace=True)
print(x)
show("leaf", lambda: F.dropout(torch.ones(4, requires_grad=True), 0.5, inplace=True))
print(F.dropout(torch.ones(2), 1.0, inplace=True), F.dropout(torch.ones(2), 0.0, inplace=True))
torch.manual_seed(0)
d = torch.nn.Dropout(0.5, inplace=True)
print(d, d(torch.ones(5)), d.eval()(torch.ones(2)))

torch.manual_seed(0)
e = torch.nn.Embedding(5, 3, max_norm=1.0)
o = e(torch.tensor([1, 1, 3]))
print(o, e.weight.norm(dim=1))
o.sum().backward()
print(e.weight.grad)
torch.manual_seed(0)
e = torch.nn.Embedding(5, 3, max_norm=0.5, norm_type=1.0, padding_idx=2)
print(e, e(torch.tensor([[0, 4], [2, 0]])), e.weight)
print(torch.nn.Embedding.from_pretrained(torch.ones(2, 2) * 3, max_norm=2.0)(torch.tensor([0])))
print(F.embedding(torch.tensor([0, 1]), torch.tensor([[3.0, 4.0], [0.1, 0.1]]), max_norm=1.0))

w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
log = []
h1 = opt.register_step_pre_hook(lambda o, a, k: log.append(("pre", len(a), sorted(k))))
h2 = opt.register_step_post_hook(lambda o, a, k: log.append(("post", w.tolist())))
g1 = optimizer_module.register_optimizer_step_pre_hook(lambda o, a, k: log.append(("global pre", type(o).__name__)))
g2 = optimizer_module.register_optimizer_step_post_hook(lambda o, a, k: log.append(("global post",)))
w.grad = torch.tensor([1.0, -1.0])
opt.step()
h1.remove()
g1.remove()
g2.remove()
opt.step()
h2.remove()
opt.step()
print(log, w)
h = opt.register_step_pre_hook(lambda o, a, k: 3)
show("bad pre hook", lambda: opt.step())
h.remove()


def closure():
    log.append("closure")
    return torch.tensor(1.5)


h = opt.register_step_pre_hook(lambda o, a, k: ((o,), {"closure": closure}))
print(opt.step(), log[-1])
h.remove()
order = []
opt.register_state_dict_pre_hook(lambda o: order.append("pre A"))
opt.register_state_dict_pre_hook(lambda o: order.append("pre B"), prepend=True)
opt.register_state_dict_post_hook(lambda o, sd: {**sd, "extra": 1})
sd = opt.state_dict()
print(order, sorted(sd))
opt.register_load_state_dict_pre_hook(lambda o, sd: order.append(("load pre", sorted(sd))))
opt.register_load_state_dict_post_hook(lambda o: order.append("load post"))
sd.pop("extra")
opt.load_state_dict(sd)
print(order)

lin = torch.nn.Linear(3, 2)
v = torch.nn.utils.parameters_to_vector(lin.parameters())
print(v.shape, v.grad_fn.name())
torch.nn.utils.vector_to_parameters(torch.arange(8.0), lin.parameters())
print(lin.weight, lin.bias)
show("not a tensor", lambda: torch.nn.utils.vector_to_parameters([1.0], lin.parameters()))
print(torch.nn.utils.parameters_to_vector([torch.ones(1), torch.ones(2, dtype=torch.float64)]))
