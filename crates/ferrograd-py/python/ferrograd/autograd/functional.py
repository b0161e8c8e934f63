"""``torch.autograd.functional``: ``vjp``, ``jvp``, ``jacobian``, ``hessian``, ``hvp`` and
``vhp`` of Python functions of tensors. Inputs and results are a Tensor or a tuple of Tensors,
as in PyTorch; the function is called as ``func(*inputs)``."""

from .. import _ferrograd as _C
from .._ferrograd import Tensor, ones_like

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]


def _as_tuple(inp, arg_name, fn_name):
    is_tuple = True
    if not isinstance(inp, tuple):
        inp = (inp,)
        is_tuple = False
    for i, el in enumerate(inp):
        if not isinstance(el, Tensor):
            if is_tuple:
                raise TypeError(
                    f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of "
                    f"Tensors but the value at index {i} has type {type(el)}."
                )
            raise TypeError(
                f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors "
                f"but the given {arg_name} has type {type(el)}."
            )
    return is_tuple, inp


def _shape(results, is_tuple):
    return tuple(results) if is_tuple else results[0]


def _v_or_ones(v, inputs, fn_name):
    if v is not None:
        _, v = _as_tuple(v, "v", fn_name)
        return list(v)
    if len(inputs) != 1 or inputs[0].numel() != 1:
        raise RuntimeError(
            "The vector v can only be None if the input to the user-provided function is a "
            "single Tensor with a single element."
        )
    return [ones_like(inputs[0])]


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """vjp(func, inputs, v=None, create_graph=False, strict=False) -> (Tensor or tuple, Tensor or tuple)

    Compute the dot product between a vector ``v`` and the Jacobian of the given function at the
    point given by the inputs. Returns ``(func_output, vjp)``.

    Args:
        func (function): a Python function that takes Tensor inputs and returns a Tensor or a
            tuple of Tensors.
        inputs (tuple of Tensors or Tensor): inputs to the function ``func``.
        v (tuple of Tensors or Tensor): the vector for which the vector Jacobian product is
            computed. Must be the same size as the output of ``func``. This argument is optional
            when the output of ``func`` contains a single element.
        create_graph (bool, optional): if ``True``, both the output and result will be computed
            in a differentiable way.
        strict (bool, optional): if ``True``, an error will be raised when we detect that there
            exists an input such that all the outputs are independent of it.

    Example::

        >>> def exp_reducer(x):
        ...     return x.exp().sum(dim=1)
        >>> inputs = torch.zeros(2, 2)
        >>> torch.autograd.functional.vjp(exp_reducer, inputs, torch.ones(2))
        (tensor([2., 2.]), tensor([[1., 1.],
                [1., 1.]]))
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
    vv = None if v is None else list(_as_tuple(v, "v", "vjp")[1])
    outs, out_tuple, g = _C._vjp(func, list(inputs), vv, create_graph, strict)
    return _shape(outs, out_tuple), _shape(g, is_inputs_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """jvp(func, inputs, v=None, create_graph=False, strict=False) -> (Tensor or tuple, Tensor or tuple)

    Compute the dot product between the Jacobian of the given function at the point given by
    the inputs and a vector ``v``. Returns ``(func_output, jvp)``.

    Args:
        func (function): a Python function that takes Tensor inputs and returns a Tensor or a
            tuple of Tensors.
        inputs (tuple of Tensors or Tensor): inputs to the function ``func``.
        v (tuple of Tensors or Tensor): the vector for which the Jacobian vector product is
            computed. Must be the same size as the input of ``func``. This argument is optional
            when the input to ``func`` contains a single element.
        create_graph (bool, optional): if ``True``, both the output and result will be computed
            in a differentiable way.
        strict (bool, optional): if ``True``, an error will be raised when we detect that there
            exists an input such that all the outputs are independent of it.

    Example::

        >>> def exp_reducer(x):
        ...     return x.exp().sum(dim=1)
        >>> torch.autograd.functional.jvp(exp_reducer, torch.zeros(2, 2), torch.ones(2, 2))
        (tensor([2., 2.]), tensor([2., 2.]))
    """
    _, inputs = _as_tuple(inputs, "inputs", "jvp")
    vv = None if v is None else list(_as_tuple(v, "v", "jvp")[1])
    outs, out_tuple, jv = _C._jvp(func, list(inputs), vv, create_graph, strict)
    return _shape(outs, out_tuple), _shape(jv, out_tuple)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode") -> Tensor or nested tuple of Tensors

    Compute the Jacobian of a given function. For output ``i`` and input ``j`` the block
    ``Jacobian[i][j]`` has shape ``outputs[i].shape + inputs[j].shape``; with a single input and
    output it is a single tensor.

    Args:
        func (function): a Python function that takes Tensor inputs and returns a tuple of
            Tensors or a Tensor.
        inputs (tuple of Tensors or Tensor): inputs to the function ``func``.
        create_graph (bool, optional): if ``True``, the Jacobian will be computed in a
            differentiable manner.
        strict (bool, optional): if ``True``, an error will be raised when we detect that there
            exists an input such that all the outputs are independent of it.
        vectorize, strategy: accepted as in PyTorch.

    Example::

        >>> def exp_reducer(x):
        ...     return x.exp().sum(dim=1)
        >>> torch.autograd.functional.jacobian(exp_reducer, torch.zeros(2, 2))
        tensor([[[1., 1.],
                 [0., 0.]],
        <BLANKLINE>
                [[0., 0.],
                 [1., 1.]]])
        >>> torch.autograd.functional.jacobian(lambda x, y: x * y, (torch.tensor([2.0]), torch.tensor([3.0])))
        (tensor([[3.]]), tensor([[2.]]))
    """
    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError(
            'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".'
        )
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    J, out_tuple = _C._jacobian(func, list(inputs), create_graph, strict, vectorize, strategy == "forward-mode")
    if out_tuple and is_inputs_tuple:
        return tuple(tuple(row) for row in J)
    if out_tuple:
        return tuple(row[0] for row in J)
    if is_inputs_tuple:
        return tuple(J[0])
    return J[0][0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode") -> Tensor or tuple of tuple of Tensors

    Compute the Hessian of a given scalar function. Block ``Hessian[i][j]`` has shape
    ``inputs[i].shape + inputs[j].shape``; with a single input it is a single tensor.

    Args:
        func (function): a Python function that takes Tensor inputs and returns a Tensor with a
            single element.
        inputs (tuple of Tensors or Tensor): inputs to the function ``func``.
        create_graph (bool, optional): if ``True``, the Hessian will be computed in a
            differentiable manner.
        strict (bool, optional): if ``True``, an error will be raised when we detect that there
            exists an input such that all the outputs are independent of it.

    Example::

        >>> def pow_reducer(x):
        ...     return x.pow(3).sum()
        >>> torch.autograd.functional.hessian(pow_reducer, torch.tensor([1.0, 2.0]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    assert outer_jacobian_strategy in (
        "forward-mode",
        "reverse-mode",
    ), 'Expected strategy to be either "forward-mode" or "reverse-mode".'
    H = _C._hessian(func, list(inputs), create_graph, strict, vectorize, outer_jacobian_strategy == "forward-mode")
    if is_inputs_tuple:
        return tuple(tuple(row) for row in H)
    return H[0][0]


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """vhp(func, inputs, v=None, create_graph=False, strict=False) -> (Tensor or tuple, Tensor or tuple)

    Compute the dot product between vector ``v`` and Hessian of a given scalar function at a
    specified point. Returns ``(func_output, vhp)``.

    Args:
        func (function): a Python function that takes Tensor inputs and returns a Tensor with a
            single element.
        inputs (tuple of Tensors or Tensor): inputs to the function ``func``.
        v (tuple of Tensors or Tensor): the vector for which the vector Hessian product is
            computed. Must be the same size as the input of ``func``.
        create_graph (bool, optional): if ``True``, both the output and result will be computed
            in a differentiable way.
        strict (bool, optional): if ``True``, an error will be raised when we detect that there
            exists an input such that all the outputs are independent of it.

    Example::

        >>> def pow_reducer(x):
        ...     return x.pow(3).sum()
        >>> torch.autograd.functional.vhp(pow_reducer, torch.tensor([1.0, 2.0]), torch.ones(2))
        (tensor(9.), tensor([ 6., 12.]))
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vhp")
    vv = _v_or_ones(v, inputs, "vhp")
    outs, _, r = _C._vhp(func, list(inputs), vv, create_graph, strict)
    return outs[0], _shape(r, is_inputs_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """hvp(func, inputs, v=None, create_graph=False, strict=False) -> (Tensor or tuple, Tensor or tuple)

    Compute the dot product between the scalar function's Hessian and a vector ``v`` at a
    specified point. Returns ``(func_output, hvp)``.

    Args:
        func (function): a Python function that takes Tensor inputs and returns a Tensor with a
            single element.
        inputs (tuple of Tensors or Tensor): inputs to the function ``func``.
        v (tuple of Tensors or Tensor): the vector for which the Hessian vector product is
            computed. Must be the same size as the input of ``func``.
        create_graph (bool, optional): if ``True``, both the output and result will be computed
            in a differentiable way.
        strict (bool, optional): if ``True``, an error will be raised when we detect that there
            exists an input such that all the outputs are independent of it.

    Example::

        >>> def pow_reducer(x):
        ...     return x.pow(3).sum()
        >>> torch.autograd.functional.hvp(pow_reducer, torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
        (tensor(9.), tensor([6., 0.]))
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hvp")
    vv = _v_or_ones(v, inputs, "hvp")
    outs, _, r = _C._hvp(func, list(inputs), vv, create_graph, strict)
    return outs[0], _shape(r, is_inputs_tuple)


def _install_dispatch():
    """The functions take meta tensors (they run on zeros and give meta results) and batched
    tensors of ``vmap`` (once per example) through ``ferrograd._batched``'s dispatch."""
    from .. import _batched

    _batched.install(globals(), __all__, prefix="autograd.functional.")


_install_dispatch()
