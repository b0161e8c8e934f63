"""The model-ensembling tutorial of torch.func (pytorch.org/tutorials/intermediate/ensembling),
its code as written on a CPU, with a "stateless" meta copy of a model as the template of
``functional_call``, and a module built on the meta device then given storage.

Run as ``python ensembling_tutorial.py torch`` (PyTorch, to record ensembling_tutorial.out) or
``python ensembling_tutorial.py ferrograd`` (what test_meta.py compares with the record)."""

import sys

if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch
nn = torch.nn
F = torch.nn.functional
import copy
torch.manual_seed(0)

class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        x = self.fc3(x)
        return x

device = 'cpu'
num_models = 10
data = torch.randn(100, 64, 1, 28, 28, device=device)
targets = torch.randint(10, (6400,), device=device)
models = [SimpleMLP().to(device) for _ in range(num_models)]
minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch) for model, minibatch in zip(models, minibatches)]
minibatch = data[0]
predictions2 = [model(minibatch) for model in models]

stack_module_state = getattr(torch.func, "stack_module_state")
params, buffers = stack_module_state(models)

functional_call = getattr(torch.func, "functional_call")
base_model = copy.deepcopy(models[0])
base_model = base_model.to('meta')
print(base_model)
print(base_model.fc3.bias)

def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))

print([p.size(0) for p in params.values()])
assert minibatches.shape == (num_models, 64, 1, 28, 28)
vmap = torch.vmap
predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)
assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop), atol=1e-3, rtol=1e-5)
predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)
assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)
print(predictions1_vmap[0, :2])
print(predictions2_vmap[3, :2])
print(base_model.fc1.weight)
with torch.device("meta"):
    big = nn.Linear(100000, 100000)
print(big.weight)
m = nn.Sequential(nn.Linear(3, 4, device="meta"), nn.ReLU(), nn.Linear(4, 2, device="meta"))
print(m(torch.empty(5, 3, device="meta")))
m.to_empty(device="cpu")
print(m[0].weight.shape, m[0].weight.device, m[0].weight.is_meta)
for layer in m:
    if hasattr(layer, "reset_parameters"):
        layer.reset_parameters()
print(m(torch.ones(5, 3)).shape)
