"""``gradcheck`` and ``gradgradcheck``: analytical derivatives against central finite
differences ``(f(x + eps) - f(x - eps)) / 2eps``, with PyTorch's defaults, modes and messages.

- backward mode, slow (the default): whole Jacobians, by the ferrograd library's ``gradcheck``;
- backward mode, ``fast_mode=True``: ``vᵀ·J·u`` for random unit vectors ``u``, ``v``;
- forward mode, ``check_forward_ad=True``: Jacobians (or ``J·u``) from dual tensors.

The numerics (finite differences, Jacobians by reverse and forward mode, fast mode's
projections) are the library's (``ferrograd::autograd::{numerical_jacobian,
analytical_jacobian, forward_jacobian, fast_mismatch}``); this module handles the arguments,
the validation and PyTorch's messages.

Inputs and outputs are numbered among those that are differentiable (tensors that require
grad), as PyTorch numbers them in its messages.
"""

import warnings

from .. import _ferrograd as _C
from .._ferrograd import Tensor

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Error raised by :func:`gradcheck` and :func:`gradgradcheck` when the analytical and
    numerical derivatives do not match (a subclass of ``RuntimeError``).
    """


FAST_FAIL_SLOW_OK_MSG = """
Fast gradcheck failed but element-wise differences are small. This means that the
test might've passed in slow_mode!

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck:

If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `fast_mode=False` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_fast_mode=False`
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_fast_mode=False`
""".strip()


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _differentiable_outputs(x):
    return tuple(o for o in _as_tuple(x) if isinstance(o, Tensor) and o.requires_grad)


def _check_inputs(tupled_inputs):
    any_input_requiring_grad = False
    for idx, inp in enumerate(tupled_inputs):
        if isinstance(inp, Tensor) and inp.requires_grad:
            if inp.dtype != _C.float64:
                warnings.warn(
                    f"Input #{idx} requires gradient and "
                    "is not a double precision floating point or complex. "
                    "This check will likely fail if all the inputs are "
                    "not of double precision floating point or complex. ",
                    stacklevel=3,
                )
            if not all(st > 0 or sz <= 1 for st, sz in zip(inp.stride(), inp.shape)):
                raise RuntimeError(
                    f"The {idx}th input has a dimension with stride 0. gradcheck only "
                    "supports inputs that are non-overlapping to be able to "
                    "compute the numerical gradients correctly. You should call "
                    ".contiguous on the input before passing it to gradcheck."
                )
            any_input_requiring_grad = True
    if not any_input_requiring_grad:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, "
            "but none of them have requires_grad=True."
        )


class _Problem:
    """``func`` at ``inputs``: which inputs and outputs are differentiable, and evaluation with
    some inputs replaced."""

    def __init__(self, func, tupled_inputs, func_out):
        self.func = func
        self.inputs = tupled_inputs
        self.diff_idx = [i for i, x in enumerate(tupled_inputs) if isinstance(x, Tensor) and x.requires_grad]
        outs = _as_tuple(func_out)
        self.out_pos = [p for p, o in enumerate(outs) if isinstance(o, Tensor) and o.requires_grad]
        # every floating output, differentiable or not (for the zero-gradient check)
        self.float_pos = [p for p, o in enumerate(outs) if isinstance(o, Tensor) and o.is_floating_point()]
        self.outputs = tuple(outs[p] for p in self.out_pos)

    def diff_inputs(self):
        return [self.inputs[i] for i in self.diff_idx]

    def call(self, replaced, positions=None):
        """The outputs at ``positions`` (the differentiable ones by default), with input
        ``diff_idx[k]`` replaced by ``replaced[k]`` (``None`` keeps it)."""
        args = list(self.inputs)
        for k, t in enumerate(replaced):
            if t is not None:
                args[self.diff_idx[k]] = t
        outs = _as_tuple(self.func(*args))
        return tuple(outs[p] for p in (self.out_pos if positions is None else positions))

    def call_diff(self, *diff_tensors):
        return self.call(diff_tensors)


def _flat(t):
    return t.detach().double().reshape(-1).tolist()


def _numerical_jacobians(p, eps, positions=None):
    """Central differences: ``jac[o][jj]`` (numel_in × numel_out, in the output's dtype) for
    every differentiable input ``jj`` and output ``o`` (the differentiable outputs, or those at
    ``positions``)."""
    return _C._numerical_jacobian(lambda *d: p.call(d, positions), p.diff_inputs(), eps)


def _analytical_jacobians(p, is_forward_ad):
    """Reverse mode (in the input's dtype) or forward mode (in the output's dtype) Jacobians,
    laid out as :func:`_numerical_jacobians`'s."""
    return _C._analytical_jacobian(p.call_diff, p.diff_inputs(), is_forward_ad)


def _allclose(a, n, rtol, atol):
    return _C.allclose(a.double(), n.double(), rtol, atol)


def _notallclose_msg(analytical, numerical, output_idx, input_idx, is_forward_ad=False):
    mode = "computed with forward mode " if is_forward_ad else ""
    return (
        f"Jacobian {mode}mismatch for output {output_idx:d} with respect to input {input_idx:d},\n"
        f"numerical:{numerical}\nanalytical:{analytical}\n"
    )


def _check_no_differentiable_outputs(p, eps):
    for per_input in _numerical_jacobians(p, eps, p.float_pos):
        for jac in per_input:
            if any(v != 0 for v in _flat(jac)):
                raise GradcheckError("Numerical gradient for function expected to be zero")


def _slow_backward(p, eps, rtol, atol):
    msg = _C._gradcheck(p.call_diff, p.diff_inputs(), eps, atol, rtol)
    if msg is not None:
        raise GradcheckError(msg)


def _slow_forward(p, eps, rtol, atol):
    numerical = _numerical_jacobians(p, eps)
    analytical = _analytical_jacobians(p, is_forward_ad=True)
    for jj in range(len(p.diff_idx)):
        for o in range(len(p.outputs)):
            a, n = analytical[o][jj], numerical[o][jj]
            if not _allclose(a, n, rtol, atol):
                raise GradcheckError(_notallclose_msg(a, n, o, jj, is_forward_ad=True))


def _slow_mode_text(p, jj, o, eps, rtol, atol, is_forward_ad):
    numerical = _numerical_jacobians(p, eps)[o][jj]
    analytical = _analytical_jacobians(p, is_forward_ad)[o][jj]
    a, n = _flat(analytical), _flat(numerical)
    max_diff = max((abs(x - y) for x, y in zip(n, a)), default=0.0)
    msg = (
        "\nThe above quantities relating the numerical and analytical jacobians are computed \n"
        "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n"
        "about fast mode. Below, we recompute numerical and analytical jacobians in slow mode:\n\n"
        f"Numerical:\n {numerical}\n"
        f"Analytical:\n{analytical}\n\n"
        f"The max per-element difference (slow mode) is: {max_diff}.\n"
    )
    if _allclose(analytical, numerical, rtol, atol):
        msg += FAST_FAIL_SLOW_OK_MSG
    return msg


def _fast(p, eps, rtol, atol, is_forward_ad):
    # the library draws u and v from a generator of its own: the user's random state is left
    # alone (as PyTorch does)
    found = _C._fast_mismatch(p.call_diff, p.diff_inputs(), eps, atol, rtol, is_forward_ad)
    if found is not None:
        o, jj, n, a = found
        if not is_forward_ad:
            n, a = n.item(), a.item()
        raise GradcheckError(
            _notallclose_msg(a, n, o, jj, is_forward_ad) + _slow_mode_text(p, jj, o, eps, rtol, atol, is_forward_ad)
        )


def gradcheck(
    func,
    inputs,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_batched_forward_grad=False,
    check_forward_ad=False,
    check_backward_ad=True,
    fast_mode=False,
    masked=None,
):
    """gradcheck(func, inputs, *, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False, check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None) -> bool

    Check gradients computed via small finite differences against analytical gradients w.r.t.
    tensors in :attr:`inputs` that are of floating point type and with ``requires_grad=True``.

    The check between numerical and analytical gradients uses :func:`torch.allclose`: every
    Jacobian entry must satisfy ``|analytical - numerical| <= atol + rtol * |numerical|``.
    ``check_backward_ad`` checks reverse mode (``backward``), ``check_forward_ad`` forward mode
    (dual tensors); ``fast_mode`` compares ``v^T J u`` for random ``u``, ``v`` instead of whole
    Jacobians. Use float64 inputs: float32 is too coarse for the default tolerances.

    Args:
        func (function): a Python function that takes Tensor inputs and returns a Tensor or a
            tuple of Tensors.
        inputs (tuple of Tensor or Tensor): inputs to the function.
        eps (float, optional): perturbation for finite differences.
        atol (float, optional): absolute tolerance.
        rtol (float, optional): relative tolerance.
        raise_exception (bool, optional): indicating whether to raise an exception if the check
            fails (:class:`GradcheckError`), or to return ``False``.

    Returns:
        ``True`` if all differences satisfy the allclose condition.

    Example::

        >>> x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
        >>> torch.autograd.gradcheck(lambda x: (x.sin() * x).sum(), (x,))
        True
    """
    if not (check_forward_ad or check_backward_ad):
        raise AssertionError("Expected at least one of check_forward_ad or check_backward_ad to be True")
    if check_batched_grad and not check_backward_ad:
        raise AssertionError("Setting check_batched_grad=True requires check_backward_ad to be True")
    if check_batched_forward_grad and not check_forward_ad:
        raise AssertionError("Setting check_batched_forward_grad=True requires check_forward_ad to be True")
    if check_batched_grad or check_batched_forward_grad:
        raise NotImplementedError("ferrograd has no vmap: batched gradient checks are not supported")
    try:
        tupled = _as_tuple(inputs)
        _check_inputs(tupled)
        func_out = func(*tupled)
        p = _Problem(func, tupled, func_out)
        if not p.outputs:
            _check_no_differentiable_outputs(p, eps)
            return True
        if check_backward_ad:
            if fast_mode:
                _fast(p, eps, rtol, atol, is_forward_ad=False)
            else:
                _slow_backward(p, eps, rtol, atol)
        if check_forward_ad:
            if fast_mode:
                _fast(p, eps, rtol, atol, is_forward_ad=True)
            else:
                _slow_forward(p, eps, rtol, atol)
        return True
    except GradcheckError:
        if raise_exception:
            raise
        return False


def gradgradcheck(
    func,
    inputs,
    grad_outputs=None,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    gen_non_contig_grad_outputs=False,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_fwd_over_rev=False,
    check_rev_over_rev=True,
    fast_mode=False,
    masked=False,
):
    """gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-06, atol=1e-05, rtol=0.001, gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False, check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False, masked=False) -> bool

    Check gradients of gradients computed via small finite differences against analytical
    gradients w.r.t. tensors in :attr:`inputs` and :attr:`grad_outputs` that are of floating
    point type and with ``requires_grad=True``: it checks that backpropagating through the
    gradients computed to the given :attr:`grad_outputs` is correct (random ones when not given).

    Args:
        func (function): a Python function that takes Tensor inputs and returns a Tensor or a
            tuple of Tensors.
        inputs (tuple of Tensor or Tensor): inputs to the function.
        grad_outputs (tuple of Tensor or Tensor, optional): the gradients with respect to the
            function's outputs.
        eps, atol, rtol, raise_exception: as in :func:`gradcheck`.

    Example::

        >>> x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
        >>> torch.autograd.gradgradcheck(lambda x: x ** 3, (x,))
        True
    """
    if not (check_fwd_over_rev or check_rev_over_rev):
        raise AssertionError("Expected at least one of check_fwd_over_rev or check_rev_over_rev to be True")
    if check_undefined_grad and not check_rev_over_rev:
        raise AssertionError("Setting check_undefined_grad=True requires check_rev_over_rev to be True")
    if check_batched_grad and not check_rev_over_rev:
        raise AssertionError("Setting check_batched_grad=True requires check_rev_over_rev to be True")
    tupled_inputs = _as_tuple(inputs)
    if grad_outputs is None:
        outputs = _differentiable_outputs(func(*tupled_inputs))
        tupled_grad_outputs = tuple(
            (_C.rand_like(o) * 2 - 1).requires_grad_(True) for o in outputs
        )
    else:
        tupled_grad_outputs = _as_tuple(grad_outputs)
    num_outputs = len(tupled_grad_outputs)
    diff_input_idx = {i for i, x in enumerate(tupled_inputs) if isinstance(x, Tensor) and x.requires_grad}
    diff_grad_output_idx = {i for i, x in enumerate(tupled_grad_outputs) if x.requires_grad}

    def _restore(x, flag):
        return x.requires_grad_() if flag and not x.requires_grad else x

    def new_func(*args):
        input_args = tuple(_restore(x, i in diff_input_idx) for i, x in enumerate(args[: len(args) - num_outputs]))
        outputs = _differentiable_outputs(func(*input_args))
        gos = tuple(_restore(x, i in diff_grad_output_idx) for i, x in enumerate(args[len(args) - num_outputs :]))
        diff_input_args = [x for i, x in enumerate(input_args) if i in diff_input_idx]
        grad_inputs = _C.grad(list(outputs), diff_input_args, grad_outputs=list(gos), create_graph=True, allow_unused=True)
        return tuple(g for g in grad_inputs if g is not None)

    return gradcheck(
        new_func,
        tupled_inputs + tupled_grad_outputs,
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
        nondet_tol=nondet_tol,
        check_undefined_grad=check_undefined_grad,
        check_grad_dtypes=check_grad_dtypes,
        check_batched_grad=check_batched_grad,
        fast_mode=fast_mode,
        check_forward_ad=check_fwd_over_rev,
        check_backward_ad=check_rev_over_rev,
        masked=masked,
    )
