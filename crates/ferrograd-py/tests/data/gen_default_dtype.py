"""Records what PyTorch prints for expressions under set_default_dtype(torch.float64), for
test_default_dtype.py. Run with PyTorch installed (never in CI): python gen_default_dtype.py"""

import json
import os

import torch

CASES = [
    "torch.tensor([1.5, 2.0])",
    "torch.tensor(2.5)",
    "torch.tensor([1.5], dtype=torch.float32)",
    "torch.tensor([])",
    "torch.zeros(0, dtype=torch.float32)",
    "torch.zeros(2, 0)",
    "torch.tensor([1, 2]).sin()",
    "torch.tensor([3]) / 2",
    "torch.tensor([3]) / torch.tensor([2])",
    "torch.tensor([3]) * 1.5",
    "torch.tensor([True]) + 0.5",
    "torch.tensor([2]) ** 0.5",
    "torch.sqrt(torch.tensor(4))",
    "torch.arange(3.0)",
    "torch.arange(0, 1, 0.25)",
    "torch.linspace(0, 1, 3)",
    "torch.full((2,), 1.5)",
    "torch.eye(2)",
    "torch.ones(2)",
    "torch.empty(0)",
    "torch.Tensor([1, 2])",
    "torch.as_tensor([1.0, 2.0])",
    "torch.tensor([1, 2]).float()",
    "torch.tensor([1.0], dtype=torch.float32) + torch.tensor([1.0])",
    "torch.tensor([1.0], dtype=torch.float32) * 2.5",
    "torch.tensor([1.0], dtype=torch.float32, requires_grad=True) * 2",
    "torch.tensor([1.0, 2.0], requires_grad=True).exp()",
    "(torch.manual_seed(0), torch.rand(3))[1]",
    "(torch.manual_seed(0), torch.randn(3))[1]",
    "(torch.manual_seed(0), torch.randn(20))[1]",
    "(torch.manual_seed(0), torch.nn.Linear(3, 2).weight)[1]",
    "(torch.manual_seed(0), torch.nn.Linear(3, 2).bias)[1]",
    "torch.get_default_dtype()",
    "torch.tensor([1, 2]).mean(dtype=torch.get_default_dtype())",
    "torch.nn.functional.softmax(torch.tensor([1.0, 2.0]), dim=0)",
    "torch.autograd.functional.jacobian(lambda x: x ** 2, torch.tensor([1.0, 2.0]))",
]


def main():
    torch.set_default_dtype(torch.float64)
    out = []
    for expr in CASES:
        value = eval(expr)
        out.append({"expr": expr, "repr": repr(value), "dtype": str(getattr(value, "dtype", ""))})
    torch.set_default_dtype(torch.float32)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "default_dtype.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": out}, f, indent=1)


if __name__ == "__main__":
    main()
