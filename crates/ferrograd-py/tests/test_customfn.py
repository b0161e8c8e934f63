"""Custom autograd Functions (several outputs, non-tensors, mark_non_differentiable,
mark_dirty, set_materialize_grads, setup_context, once_differentiable, jvp), forward mode's
make_dual and the functional API's grad_fn names: every case of customfn_cases.py prints what
PyTorch printed (data/customfn.json, written by data/gen_customfn.py)."""

import json
import os

import pytest

import ferrograd as torch
import customfn_cases

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "customfn.json")) as f:
    EXPECTED = json.load(f)["cases"]


@pytest.mark.parametrize("case", customfn_cases.CASES, ids=lambda c: c.__name__)
def test_prints_what_pytorch_prints(case):
    torch.manual_seed(0)
    assert case(torch) == EXPECTED[case.__name__]


def test_every_case_is_recorded():
    assert sorted(EXPECTED) == sorted(c.__name__ for c in customfn_cases.CASES)


def test_a_saved_output_is_version_checked():
    class Exp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            r = x.exp()
            ctx.save_for_backward(r)
            return r, x * 2

        @staticmethod
        def backward(ctx, g, g2):
            (r,) = ctx.saved_tensors
            return g * r + g2 * 2

    x = torch.tensor([0.0, 1.0], requires_grad=True)
    r, d = Exp.apply(x)
    r.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        (r + d).sum().backward()


def test_a_second_backward_through_a_freed_function_fails():
    class Two(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, a, b):
            (x,) = ctx.saved_tensors
            return a * 2 + b * 3

    x = torch.tensor([1.0], requires_grad=True)
    a, b = Two.apply(x)
    (a + b).sum().backward()
    assert x.grad.tolist() == [5.0]
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        b.sum().backward()


def test_batched_gradients_run_backward_once_per_element():
    class Two(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, a, b):
            assert a.shape == (2,)
            return a * 2 + b * 3

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a, b = Two.apply(x)
    (g,) = torch.autograd.grad(a + b, x, torch.eye(2), is_grads_batched=True)
    assert g.tolist() == [[5.0, 0.0], [0.0, 5.0]]
