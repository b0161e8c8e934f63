"""torch.linalg's square solvers: docstring examples, the LinAlgError class, and gradients
checked against finite differences to second order (values against PyTorch are in
cases.py)."""

import doctest

import pytest

import ferrograd as torch
import ferrograd.linalg


def test_docstring_examples_run():
    result = doctest.testmod(ferrograd.linalg, extraglobs={"torch": torch}, report=False)
    assert result.failed == 0 and result.attempted > 0


def test_singular_matrices_raise_linalg_error_a_runtime_error():
    with pytest.raises(torch.linalg.LinAlgError, match="the input matrix is singular"):
        torch.linalg.inv(torch.ones(3, 3))
    assert issubclass(torch.linalg.LinAlgError, RuntimeError)
    with pytest.raises(RuntimeError, match="The solver failed"):
        torch.linalg.solve(torch.zeros(2, 2), torch.ones(2))


@pytest.mark.parametrize(
    "f",
    [
        lambda a, b: torch.linalg.solve(a, b),
        lambda a, b: torch.linalg.inv(a) @ b.unsqueeze(-1),
        lambda a, b: torch.linalg.det(a).unsqueeze(-1) * b,
        lambda a, b: torch.linalg.slogdet(a).logabsdet.unsqueeze(-1) * b,
        lambda a, b: torch.logdet(a @ a.mT).unsqueeze(-1) * b,
    ],
)
def test_gradients_match_finite_differences_twice(f):
    torch.manual_seed(0)
    a = (torch.randn(2, 3, 3, dtype=torch.float64) + 3 * torch.eye(3, dtype=torch.float64)).requires_grad_()
    b = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(f, (a, b))
    assert torch.autograd.gradgradcheck(f, (a, b))
