"""``cross_entropy`` and ``nll_loss`` reductions are the Rust ops' own (one home for the
algorithm): the values, gradients and grad_fn names recorded from PyTorch for (3, 3, 3),
(2, 3, 4), (4, 3) and (3,) inputs with ``reduction`` none, sum and mean. (3, 3, 3) with
``"none"`` used to come back with its rows permuted, and (2, 3, 4) with ``"sum"``/``"none"``
used to raise a size mismatch."""

import json
import math
import os

import pytest

import ferrograd as torch
import ferrograd.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = json.load(open(os.path.join(HERE, "..", "..", "ferrograd", "tests", "data", "cross_entropy_reductions.json")))


def _flat(v):
    return [y for x in v for y in _flat(x)] if isinstance(v, list) else [v]


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_cross_entropy_reduction_matches_pytorch(key):
    shape_text, reduction = key.rsplit("-", 1)
    shape = tuple(int(s) for s in shape_text.strip("()").split(",") if s.strip())
    rec = RECORDED[key]
    n = math.prod(shape)
    x = (torch.arange(n, dtype=torch.float64).sin() * 2).reshape(shape).requires_grad_(True)
    t = torch.tensor(rec["t"])
    loss = F.cross_entropy(x, t, reduction=reduction)
    assert loss.grad_fn.name() == rec["grad_fn"]
    assert _flat(loss.tolist()) == pytest.approx(_flat(rec["loss"]), abs=1e-12)
    (loss.sum() if reduction == "none" else loss).backward()
    assert _flat(x.grad.tolist()) == pytest.approx(rec["grad"], abs=1e-12)
    logp = x.detach().log_softmax(1 if len(shape) > 1 else 0)
    assert _flat(F.nll_loss(logp, t, reduction=reduction).tolist()) == pytest.approx(_flat(rec["loss"]), abs=1e-12)


def test_a_bad_reduction_is_pytorchs_value_error():
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), reduction="avg")


def test_gradients_of_the_nll_loss_gradient_as_pytorch():
    # with create_graph the gradient is NllLossBackwardBackward0's output (over the output
    # gradient and the saved input): zero second derivative in the input, linear in the output
    # gradient; a single sample against a (1,)-shaped target is refused in backward as PyTorch
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("nll_double_backward_script.py", "nll_double_backward.out")


def test_gradients_of_the_softmax_gradient_as_pytorch():
    # with create_graph the gradient of softmax and log_softmax is the output of
    # SoftmaxBackwardDataBackward0 / LogSoftmaxBackwardDataBackward0 (PyTorch's double-backward
    # formulas); second and third derivatives in the input and in the output gradient
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("softmax_double_backward_script.py", "softmax_double_backward.out")
