"""``torch.set_num_threads`` / ``torch.get_num_threads``: PyTorch's errors (recorded from
PyTorch 2.15) and the same values whatever the thread count."""

import numpy as np
import pytest

import ferrograd as torch

# (argument, exception type, message) as PyTorch 2.15 raises them
RECORDED_ERRORS = [
    (0, RuntimeError, "set_num_threads expects a positive integer"),
    (-1, RuntimeError, "set_num_threads expects a positive integer"),
    (2.5, RuntimeError, "set_num_threads expects an int, but got float"),
    ("a", RuntimeError, "set_num_threads expects an int, but got str"),
    (True, RuntimeError, "set_num_threads expects an int, but got bool"),
]


@pytest.fixture
def restore_threads():
    n = torch.get_num_threads()
    yield
    torch.set_num_threads(n)


@pytest.mark.parametrize("arg,exc,msg", RECORDED_ERRORS)
def test_errors_are_pytorchs(arg, exc, msg, restore_threads):
    before = torch.get_num_threads()
    with pytest.raises(exc) as e:
        torch.set_num_threads(arg)
    assert str(e.value) == msg
    assert torch.get_num_threads() == before


def test_the_count_is_kept_and_numpy_ints_are_taken(restore_threads):
    torch.set_num_threads(1)
    assert torch.get_num_threads() == 1
    torch.set_num_threads(np.int64(3))
    assert torch.get_num_threads() == 3


def test_values_do_not_depend_on_the_thread_count(restore_threads):
    torch.manual_seed(0)
    x = torch.randn(600, 700)
    w = torch.randn(700, 300)
    outs = []
    for n in (1, 2, 3):
        torch.set_num_threads(n)
        outs.append(((x @ w).tanh().sum(0), x.exp().sum(), (x * 2 + 1).sum(1)))
    for got in outs[1:]:
        for a, b in zip(outs[0], got):
            assert torch.equal(a, b)
