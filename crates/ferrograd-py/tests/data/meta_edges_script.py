"""Meta tensors at the edges: what data-free tensors allow (attributes, .data, CPU indices,
shape-only reads), and where their results keep a graph.

Run as ``python meta_edges_script.py torch`` (PyTorch, to record meta_edges.out) or
``python meta_edges_script.py ferrograd`` (what test_meta.py compares with the record)."""

import sys
if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch
nn = torch.nn
def show(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "!!", type(e).__name__, str(e).split("\n")[0])
x = torch.empty(2, 4, 8, 16, device="meta")
show("repeat_interleave int", lambda: x.repeat_interleave(2, dim=1).shape)
show("nbytes", lambda: (torch.empty(8192, 8192, device="meta").nbytes, x.itemsize, x.storage_offset(), x._version))
w = nn.Linear(3, 2, device="meta").weight
w._tag = True
show("attribute", lambda: w._tag)
w.data = torch.empty(2, 3, device="meta")
show("data set", lambda: w)
show("index with cpu tensor", lambda: torch.empty(4, 3, device="meta")[torch.tensor([0, 1])])
show("index_select cpu idx", lambda: torch.empty(4, 3, device="meta").index_select(0, torch.tensor([0, 2])))
show("embedding cpu idx", lambda: nn.Embedding(5, 3, device="meta")(torch.tensor([1, 2])))
m = torch.empty(4, 3, device="meta")
def setit():
    m[0] = torch.ones(3)
    return m
show("setitem cpu value", setit)
show("expand_as cpu", lambda: torch.empty(1, 3, device="meta").expand_as(torch.ones(2, 3)))
show("cpu.to(meta tensor)", lambda: torch.ones(2).to(torch.empty(1, device="meta", dtype=torch.float64)))
show("one_hot no classes", lambda: torch.nn.functional.one_hot(torch.empty(4, device="meta", dtype=torch.int64)))
show("one_hot 5 classes", lambda: torch.nn.functional.one_hot(torch.empty(4, device="meta", dtype=torch.int64), 5))
a = torch.empty(2, 3, device="meta")
b = torch.ones(2, 3, requires_grad=True)
show("copy_ from rg", lambda: a.copy_(b))
l = torch.empty(2, device="meta", requires_grad=True)
show("to float64 keeps graph", lambda: l.to(torch.float64))
show("transpose strides", lambda: (torch.empty(2, 3, device="meta").t().stride(), torch.empty(2, 3, device="meta").t().is_contiguous()))
inorm = nn.InstanceNorm1d(2, track_running_stats=True)
torch.func.replace_all_batch_norm_modules_(nn.Sequential(inorm))
show("instance norm kept", lambda: (inorm.running_mean, inorm.track_running_stats))
seen = []
show("debug_unwrap meta", lambda: torch.func.vmap(lambda t: (seen.append(torch.func.debug_unwrap(t)), t)[1])(torch.empty(2, 3, device="meta")) is not None and seen[0])
class M(nn.Module):
    def __init__(self, n, device=None):
        super().__init__()
        self.lin = nn.Linear(n, n, device=device)
        self.register_buffer("scale", torch.tensor(2.))
        self.k = int((torch.arange(n * 1.) > 0).sum())
mm = M(3, device="meta")
show("user module device", lambda: (mm.lin.weight.is_meta, mm.scale.is_meta, mm.k))
with torch.device("meta"):
    lc = nn.Linear(3, 2, device="cpu")
show("explicit cpu inside meta", lambda: lc.weight.device)
yy = torch.empty(3, device="meta", requires_grad=True)
torch.autograd.backward([yy * 2], [torch.empty(3, device="meta")])
show("autograd.backward", lambda: yy.grad)
