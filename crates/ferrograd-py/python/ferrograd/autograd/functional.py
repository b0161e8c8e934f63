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
    """``(func(*inputs), vᵀ·J)``."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
    vv = None if v is None else list(_as_tuple(v, "v", "vjp")[1])
    outs, out_tuple, g = _C._vjp(func, list(inputs), vv, create_graph, strict)
    return _shape(outs, out_tuple), _shape(g, is_inputs_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(*inputs), J·v)``."""
    _, inputs = _as_tuple(inputs, "inputs", "jvp")
    vv = None if v is None else list(_as_tuple(v, "v", "jvp")[1])
    outs, out_tuple, jv = _C._jvp(func, list(inputs), vv, create_graph, strict)
    return _shape(outs, out_tuple), _shape(jv, out_tuple)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``: for output ``i`` and input ``j`` a block of shape
    ``outputs[i].shape + inputs[j].shape``."""
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
    """The Hessian of a scalar function: block ``[i][j]`` of shape
    ``inputs[i].shape + inputs[j].shape``."""
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
    """``(func(*inputs), vᵀ·H)`` for a scalar function."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vhp")
    vv = _v_or_ones(v, inputs, "vhp")
    outs, _, r = _C._vhp(func, list(inputs), vv, create_graph, strict)
    return outs[0], _shape(r, is_inputs_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(*inputs), H·v)`` for a scalar function."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hvp")
    vv = _v_or_ones(v, inputs, "hvp")
    outs, _, r = _C._hvp(func, list(inputs), vv, create_graph, strict)
    return outs[0], _shape(r, is_inputs_tuple)
