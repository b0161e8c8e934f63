"""``parameters_to_vector`` and ``vector_to_parameters``."""

from ... import _ferrograd as _C

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters):
    r"""Flatten an iterable of parameters into a single vector (a differentiable ``cat`` of their
    flattened views).

    Example::

        >>> lin = torch.nn.Linear(2, 1)
        >>> torch.nn.utils.parameters_to_vector(lin.parameters()).shape
        torch.Size([3])
    """
    from ... import cat

    return cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    r"""Copy slices of a vector into an iterable of parameters (in place, outside autograd: each
    parameter's ``data`` becomes the next ``numel()`` elements of :attr:`vec`).

    Example::

        >>> lin = torch.nn.Linear(2, 1)
        >>> torch.nn.utils.vector_to_parameters(torch.tensor([1.0, 2.0, 3.0]), lin.parameters())
        >>> lin.weight, lin.bias
        (Parameter containing:
        tensor([[1., 2.]], requires_grad=True), Parameter containing:
        tensor([3.], requires_grad=True))
    """
    if not isinstance(vec, _C.Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    pointer = 0
    for param in parameters:
        num_param = param.numel()
        param.data = vec[pointer : pointer + num_param].view_as(param).data
        pointer += num_param
