"""``torch.optim.LBFGS``: limited-memory BFGS over all parameters as one flat vector, with an
optional strong-Wolfe line search. Each ``step(closure)`` runs up to ``max_iter`` iterations,
re-evaluating the closure; the curvature pairs carry over between steps, as in PyTorch."""

import math

from .. import _ferrograd as _C
from .._grad_mode import enable_grad, no_grad
from .optimizer import Optimizer

__all__ = ["LBFGS"]


def _num(t):
    """A 0-dim tensor or a number as a Python float."""
    return t.item() if isinstance(t, _C.Tensor) else float(t)


def _div(a, b):
    """``a / b`` with IEEE semantics (inf or NaN for a zero divisor, as tensor arithmetic
    gives), not Python's ZeroDivisionError."""
    if b != 0:
        return a / b
    if a != a or a == 0:
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _cubic_min(a, fa, ga, b, fb, gb, lo=None, hi=None):
    """The minimiser of the cubic through ``(a, fa)`` and ``(b, fb)`` with slopes ``ga``,
    ``gb``, kept within ``[lo, hi]`` (default: between ``a`` and ``b``); the middle of that
    interval when the cubic has no minimum (or the data are not finite)."""
    if lo is None:
        lo, hi = (a, b) if a <= b else (b, a)
    d1 = ga + gb - 3 * _div(fa - fb, a - b)
    disc = d1**2 - ga * gb
    if not disc >= 0:
        return (lo + hi) / 2.0
    d2 = disc**0.5
    if a <= b:
        t = b - (b - a) * _div(gb + d2 - d1, gb - ga + 2 * d2)
    else:
        t = a - (a - b) * _div(ga + d2 - d1, ga - gb + 2 * d2)
    return min(max(t, lo), hi)


def _strong_wolfe(evaluate, t, d, f0, g0, slope0, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """A step ``t`` along ``d`` meeting the strong Wolfe conditions (sufficient decrease
    ``f(t) <= f0 + c1 t slope0`` and curvature ``|f'(t)| <= c2 |slope0|``): the interval is
    first widened until it brackets such a step, then narrowed by safeguarded cubic
    interpolation ("zoom", Nocedal & Wright 3.5-3.6). ``evaluate(t)`` gives the loss and
    flat gradient at ``x + t d``. Returns ``(loss, grad, t, evaluations)``."""
    d_scale = _num(d.abs().max())
    f, g = evaluate(t)
    evals = 1
    slope = _num(g.dot(d))
    # the previous trial point (0: where the search starts)
    tp, fp, gp, sp = 0.0, f0, g0.clone(), slope0
    found = False
    it = 0
    # widening: stop at a bracket [tp, t] or at an acceptable t
    while it < max_ls:
        if f > f0 + c1 * t * slope0 or (it > 1 and f >= fp):
            pts, fs, gs, ss = [tp, t], [fp, f], [gp, g.clone()], [sp, slope]
            break
        if abs(slope) <= -c2 * slope0:
            pts, fs, gs, ss = [t], [f], [g], [slope]
            found = True
            break
        if slope >= 0:
            pts, fs, gs, ss = [tp, t], [fp, f], [gp, g.clone()], [sp, slope]
            break
        nxt = _cubic_min(tp, fp, sp, t, f, slope, lo=t + 0.01 * (t - tp), hi=t * 10)
        tp, fp, gp, sp = t, f, g.clone(), slope
        t = nxt
        f, g = evaluate(t)
        evals += 1
        slope = _num(g.dot(d))
        it += 1
    if it == max_ls:
        pts, fs, gs, ss = [0.0, t], [f0, f], [g0, g], [slope0, slope]
    # zoom: shrink the bracket keeping its low end the best point so far
    stalled = False
    low, high = (0, 1) if fs[0] <= fs[-1] else (1, 0)
    while not found and it < max_ls:
        if abs(pts[1] - pts[0]) * d_scale < tolerance_change:
            break
        t = _cubic_min(pts[0], fs[0], ss[0], pts[1], fs[1], ss[1])
        left, right = min(pts), max(pts)
        margin = 0.1 * (right - left)
        if min(right - t, t - left) < margin:
            # too close to an end: after a stall (or outside), move a tenth inside
            if stalled or t >= right or t <= left:
                t = right - margin if abs(t - right) < abs(t - left) else left + margin
                stalled = False
            else:
                stalled = True
        else:
            stalled = False
        f, g = evaluate(t)
        evals += 1
        slope = _num(g.dot(d))
        it += 1
        if f > f0 + c1 * t * slope0 or f >= fs[low]:
            pts[high], fs[high], gs[high], ss[high] = t, f, g.clone(), slope
            low, high = (0, 1) if fs[0] <= fs[1] else (1, 0)
        else:
            if abs(slope) <= -c2 * slope0:
                found = True
            elif slope * (pts[high] - pts[low]) >= 0:
                pts[high], fs[high], gs[high], ss[high] = pts[low], fs[low], gs[low], ss[low]
            pts[low], fs[low], gs[low], ss[low] = t, f, g.clone(), slope
    return fs[low], gs[low], pts[low], evals


class LBFGS(Optimizer):
    r"""Implements the L-BFGS algorithm. All parameters form one vector (one param group,
    no per-parameter options); :meth:`step` needs a closure that clears the gradients,
    computes the loss, calls ``backward()`` and returns the loss.

    Args:
        params (iterable): iterable of parameters to optimize.
        lr (float): learning rate (default: 1)
        max_iter (int): maximal number of iterations per optimization step (default: 20)
        max_eval (int): maximal number of function evaluations per optimization step
            (default: max_iter * 1.25).
        tolerance_grad (float): termination tolerance on first order optimality (default: 1e-7).
        tolerance_change (float): termination tolerance on function value/parameter changes
            (default: 1e-9).
        history_size (int): update history size (default: 100).
        line_search_fn (str): either 'strong_wolfe' or None (default: None).
        maximize (bool): maximize the objective instead of minimizing (default: False).

    Example::

        >>> x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
        >>> opt = torch.optim.LBFGS([x], line_search_fn="strong_wolfe")
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
        ...     loss.backward()
        ...     return loss
        >>> for _ in range(5):
        ...     _ = opt.step(closure)
        >>> [round(v, 4) for v in x.tolist()]
        [1.0, 1.0]
    """

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None, *, maximize=False):
        if isinstance(lr, _C.Tensor):
            if lr.numel() != 1:
                raise ValueError("Tensor lr must be 1-element")
            lr = lr.item()
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = {
            "lr": lr,
            "max_iter": max_iter,
            "max_eval": max_eval,
            "tolerance_grad": tolerance_grad,
            "tolerance_change": tolerance_change,
            "history_size": history_size,
            "line_search_fn": line_search_fn,
            "maximize": maximize,
        }
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _flat_grad(self):
        parts = [
            p.new_zeros(p.numel()) if p.grad is None else p.grad.reshape(-1) for p in self._params
        ]
        flat = _C.cat(parts, 0)
        # maximising: L-BFGS minimises the negated loss
        return flat.neg() if self.param_groups[0].get("maximize", False) else flat

    def _signed(self, loss):
        """The loss as a float, negated when maximising."""
        return -float(loss) if self.param_groups[0].get("maximize", False) else float(loss)

    def _move(self, t, d):
        """Adds ``t * d`` (a flat vector) to the parameters, in place."""
        offset = 0
        for p in self._params:
            n = p.numel()
            # A separate product, then the sum: with this library's dot products (which round
            # differently from PyTorch's BLAS), this reproduces PyTorch's recorded runs step
            # for step; `add_(..., alpha=t)` rounds once, as PyTorch's kernel, and would take
            # another path through the line search on some problems.
            p.add_(d[offset:offset + n].view_as(p) * t)
            offset += n

    def _evaluate_at(self, closure, start, t, d):
        """The loss and flat gradient at ``start + t d``; the parameters are put back."""
        self._move(t, d)
        with enable_grad():
            loss = self._signed(closure())
        g = self._flat_grad()
        for p, v in zip(self._params, start):
            p.copy_(v)
        return loss, g

    def step(self, closure):
        """Perform a single optimization step (up to ``max_iter`` L-BFGS iterations).

        Args:
            closure (Callable): A closure that reevaluates the model and returns the loss.
        """
        if closure is None:
            raise TypeError("'NoneType' object is not callable")
        with no_grad():
            return self._step(closure)

    def _step(self, closure):
        group = self.param_groups[0]
        lr = group["lr"]
        max_iter, max_eval = group["max_iter"], group["max_eval"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        line_search, history = group["line_search_fn"], group["history_size"]
        # the whole state lives with the first parameter, as in PyTorch
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        with enable_grad():
            orig_loss = closure()
        loss = self._signed(orig_loss)
        evals = 1
        state["func_evals"] += 1
        g = self._flat_grad()
        if _num(g.abs().max()) <= tol_grad:
            return orig_loss

        d, t = state.get("d"), state.get("t")
        dirs, steps, rho = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        h_diag = state.get("H_diag")
        g_prev, loss_prev = state.get("prev_flat_grad"), state.get("prev_loss")

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d = g.neg()
                dirs, steps, rho = [], [], []
                h_diag = 1
            else:
                # a new curvature pair, kept when it keeps the Hessian estimate positive; the
                # scalars stay 0-dim tensors of the parameters' dtype, as PyTorch computes them
                y = g.sub(g_prev)
                s = d.mul(t)
                ys = y.dot(s)
                if _num(ys) > 1e-10:
                    if len(dirs) == history:
                        dirs.pop(0)
                        steps.pop(0)
                        rho.pop(0)
                    dirs.append(y)
                    steps.append(s)
                    rho.append(1.0 / ys)
                    h_diag = ys / y.dot(y)
                # two-loop recursion: d = -H g
                alpha = state.setdefault("al", [None] * history)
                q = g.neg()
                for i in range(len(dirs) - 1, -1, -1):
                    alpha[i] = steps[i].dot(q) * rho[i]
                    q.add_(dirs[i] * -_num(alpha[i]))  # a separate product, as in _move
                d = r = q.mul(h_diag)
                for i in range(len(dirs)):
                    beta = dirs[i].dot(r) * rho[i]
                    r.add_(steps[i] * _num(alpha[i] - beta))
            if g_prev is None:
                g_prev = g.clone()
            else:
                g_prev.copy_(g)
            loss_prev = loss

            # the first step is scaled by the gradient's size, later ones are lr
            if state["n_iter"] == 1:
                # 1 / |g|_1 in the parameters' dtype, as PyTorch
                t = min(1.0, _num(1.0 / g.abs().sum())) * lr
            else:
                t = lr
            slope = _num(g.dot(d))
            if slope > -tol_change:
                break

            used = 0
            if line_search is not None:
                if line_search != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                start = [p.clone() for p in self._params]
                # the search may use what is left of the evaluation budget
                loss, g, t, used = _strong_wolfe(
                    lambda step: self._evaluate_at(closure, start, step, d), t, d, loss, g, slope,
                    max_ls=max_eval - evals,
                )
                self._move(t, d)
                optimal = _num(g.abs().max()) <= tol_grad
            else:
                self._move(t, d)
                optimal = False
                if n_iter != max_iter:
                    with enable_grad():
                        loss = self._signed(closure())
                    g = self._flat_grad()
                    optimal = _num(g.abs().max()) <= tol_grad
                    used = 1
            evals += used
            state["func_evals"] += used

            if n_iter == max_iter or evals >= max_eval or optimal:
                break
            if _num(d.mul(t).abs().max()) <= tol_change:
                break
            if abs(loss - loss_prev) < tol_change:
                break

        state.update({
            "d": d, "t": t, "old_dirs": dirs, "old_stps": steps, "ro": rho, "H_diag": h_diag,
            "prev_flat_grad": g_prev, "prev_loss": loss_prev,
        })
        return orig_loss
