"""``gradcheck`` and ``gradgradcheck``: analytical gradients (from backward) against central
finite differences, as ``torch.autograd.gradcheck`` does (its slow mode)."""

import warnings

from .. import _ferrograd as _C
from .._ferrograd import Tensor, float64

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by ``gradcheck`` when the gradients do not match."""


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _outputs(func, inputs):
    out = func(*inputs)
    return tuple(o for o in _as_tuple(out) if isinstance(o, Tensor))


def _numerical_jacobian(func, inputs, diff_idx, outputs, eps):
    """jac[j][o]: a (numel of input j) × (numel of output o) float64 tensor of central differences."""
    jac = []
    for j in diff_idx:
        x = inputs[j]
        flat = x.detach().reshape(-1).tolist()
        cols = [[] for _ in outputs]
        for k in range(len(flat)):
            def run(delta):
                vals = list(flat)
                vals[k] = flat[k] + delta
                xk = _C.tensor(vals, dtype=x.dtype).reshape(x.shape)
                xk.requires_grad_(x.requires_grad)
                args = list(inputs)
                args[j] = xk
                return _outputs(func, args)

            plus = run(eps)
            minus = run(-eps)
            for o in range(len(outputs)):
                p = plus[o].detach().double().reshape(-1).tolist()
                m = minus[o].detach().double().reshape(-1).tolist()
                cols[o].append([(a - b) / (2 * eps) for a, b in zip(p, m)])
        jac.append(
            [
                _C.tensor(c, dtype=float64).reshape(len(flat), outputs[o].numel())
                for o, c in enumerate(cols)
            ]
        )
    return jac


def _analytical_jacobian(inputs, diff_idx, outputs):
    """jac[j][o] like the numerical one, one backward pass per output element."""
    jac = [[None] * len(outputs) for _ in diff_idx]
    diff_inputs = [inputs[j] for j in diff_idx]
    for o, out in enumerate(outputs):
        n = out.numel()
        rows = [[[0.0] * n for _ in range(inputs[j].numel())] for j in diff_idx]
        if out.requires_grad:
            for m in range(n):
                onehot = [0.0] * n
                onehot[m] = 1.0
                g = _C.tensor(onehot, dtype=out.dtype).reshape(out.shape)
                grads = _C.grad(out, diff_inputs, grad_outputs=g, retain_graph=True, allow_unused=True)
                for jj, gr in enumerate(grads):
                    if gr is None:
                        continue
                    for k, v in enumerate(gr.detach().double().reshape(-1).tolist()):
                        rows[jj][k][m] = v
        for jj, j in enumerate(diff_idx):
            jac[jj][o] = _C.tensor(rows[jj], dtype=float64).reshape(inputs[j].numel(), n)
    return jac


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
    """Checks the gradients of ``func`` at ``inputs`` against central differences
    ``(f(x + eps) - f(x - eps)) / 2eps``: True when every Jacobian entry satisfies
    ``|analytical - numerical| <= atol + rtol * |numerical|``; otherwise raises
    ``GradcheckError`` (or returns False with ``raise_exception=False``)."""
    if check_forward_ad:
        raise NotImplementedError("ferrograd has no forward-mode AD: check_forward_ad=True is not supported")
    tupled = _as_tuple(inputs)
    diff_idx = [i for i, x in enumerate(tupled) if isinstance(x, Tensor) and x.requires_grad]
    if not diff_idx:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, but none of the them "
            "have requires_grad=True."
        )
    for i in diff_idx:
        if tupled[i].dtype != float64:
            warnings.warn(
                f"Input #{i} requires gradient and is not a double precision floating point or "
                "complex. This check will likely fail if all the inputs are not of double precision "
                "floating point or complex. "
            )
    outputs = _outputs(func, tupled)
    numerical = _numerical_jacobian(func, tupled, diff_idx, outputs, eps)
    analytical = _analytical_jacobian(tupled, diff_idx, outputs)
    for jj, j in enumerate(diff_idx):
        for o in range(len(outputs)):
            a, n = analytical[jj][o], numerical[jj][o]
            if not _C.allclose(a, n, rtol, atol):
                if not raise_exception:
                    return False
                raise GradcheckError(
                    f"Jacobian mismatch for output {o} with respect to input {j},\n"
                    f"numerical:{n}\nanalytical:{a}\n"
                )
    return True


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
    """Checks second derivatives: ``gradcheck`` of the map from ``(inputs, grad_outputs)`` to
    the gradients of ``func`` (computed with ``create_graph=True``)."""
    tupled = _as_tuple(inputs)
    outputs = _outputs(func, tupled)
    if grad_outputs is None:
        grad_outputs = tuple(
            _C.randn_like(o, dtype=o.dtype).requires_grad_(True) for o in outputs if o.requires_grad
        )
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_in = len(tupled)
    diff_idx = [i for i, x in enumerate(tupled) if isinstance(x, Tensor) and x.requires_grad]

    def new_func(*args):
        inp = args[:n_in]
        gos = args[n_in:]
        outs = [o for o in _outputs(func, inp) if o.requires_grad]
        diff = [inp[i] for i in diff_idx]
        grads = _C.grad(outs, diff, grad_outputs=list(gos), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(
        new_func,
        tupled + tuple(grad_outputs),
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
    )
