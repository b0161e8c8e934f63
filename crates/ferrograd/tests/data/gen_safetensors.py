"""Writes a state dict with PyTorch and safetensors.torch (``torch_state.safetensors``) and the
values it holds (``torch_state.json``), for the tests that ferrograd reads PyTorch's files and
writes the same bytes. Run with a Python that has torch and safetensors (never in CI):

    python gen_safetensors.py
"""

import json
import os

import torch
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
lin = torch.nn.Linear(3, 2)
state = {
    "0.weight": lin.weight.detach(),
    "0.bias": lin.bias.detach(),
    "steps": torch.tensor([3, -4], dtype=torch.int64),
    "mask": torch.tensor([[True, False], [False, True]]),
    "scale": torch.tensor(2.5, dtype=torch.float64),
    "small_ints": torch.tensor([1, -2, 3], dtype=torch.int32),
    "bytes": torch.tensor([0, 255], dtype=torch.uint8),
}
save_file(state, os.path.join(HERE, "torch_state.safetensors"))
# the dtypes ferrograd holds as they are: its own file of them must be these bytes
core = {k: v for k, v in state.items() if k not in ("small_ints", "bytes")}
save_file(core, os.path.join(HERE, "torch_state_core.safetensors"))
values = {k: {"dtype": str(v.dtype).split(".")[1], "shape": list(v.shape), "values": v.flatten().tolist()}
          for k, v in state.items()}
with open(os.path.join(HERE, "torch_state.json"), "w") as f:
    json.dump(values, f, indent=0)
