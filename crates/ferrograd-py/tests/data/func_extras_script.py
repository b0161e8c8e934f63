"""torch.func.linearize, debug_unwrap and replace_all_batch_norm_modules_, printed.

Run as ``python func_extras_script.py torch`` (PyTorch, to record func_extras.out) or
``python func_extras_script.py ferrograd`` (what test_func.py compares with the record)."""

import sys
if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch
from_ = torch.func
x = torch.tensor([1., 2., 3.])
out, jvp_fn = from_.linearize(torch.sin, x)
print(out, jvp_fn(torch.ones(3)))
out, jvp_fn = from_.linearize(lambda a, b: (a*b, a+b), x, x*2)
print(out, jvp_fn(torch.ones(3), torch.zeros(3)))
for args in [(torch.ones(2), torch.zeros(3)), (torch.ones(3),), (torch.ones(3, dtype=torch.float64), torch.zeros(3))]:
    try: jvp_fn(*args)
    except Exception as e: print(type(e).__name__, e)
print(torch.vmap(lambda t: from_.debug_unwrap(t))(torch.ones(2,3)))
m = torch.nn.Sequential(torch.nn.Linear(2,2), torch.nn.BatchNorm1d(2))
print(from_.replace_all_batch_norm_modules_(m) is m, m[1].running_mean, m[1].running_var, m[1].track_running_stats, m[1].num_batches_tracked)
print(m(torch.tensor([[1., 2.], [3., 5.]])).shape)
print(sorted(m[1].state_dict()))
