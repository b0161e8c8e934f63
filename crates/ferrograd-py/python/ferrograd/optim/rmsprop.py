"""``torch.optim.RMSprop``."""

from .. import _ferrograd as _C
from .optimizer import Optimizer, _scalar_dtype

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""Implements RMSprop algorithm.

    .. math::
        v_t \leftarrow \alpha v_{t-1} + (1-\alpha) g_t^2; \quad
        \theta_t \leftarrow \theta_{t-1} - \gamma \frac{g_t}{\sqrt{v_t} + \epsilon}

    (with ``centered``, :math:`v_t - \bar g_t^2` replaces :math:`v_t`; with momentum, the
    step goes through a buffer :math:`b_t = \mu b_{t-1} + g_t / (\sqrt{v_t} + \epsilon)`).

    Args:
        params (iterable): iterable of parameters or named_parameters to optimize
            or iterable of dicts defining parameter groups.
        lr (float, optional): learning rate (default: 1e-2)
        alpha (float, optional): smoothing constant (default: 0.99)
        eps (float, optional): term added to the denominator to improve
            numerical stability (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        momentum (float, optional): momentum factor (default: 0)
        centered (bool, optional): if ``True``, compute the centered RMSProp,
            the gradient is normalized by an estimation of its variance
        maximize (bool, optional): maximize the objective with respect to the
            params, instead of minimizing (default: False)

    Example::

        >>> w = torch.tensor([1.0], requires_grad=True)
        >>> opt = torch.optim.RMSprop([w], lr=0.01)
        >>> w.sum().backward()
        >>> opt.step()
        >>> w
        tensor([0.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model
                and returns the loss.
        """
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            params, grads = self._with_grads(group)
            if not params:
                continue
            momentum, centered = float(group["momentum"]), bool(group["centered"])
            square_avgs, grad_avgs, bufs, steps = [], [], [], []
            for p in params:
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = _C.tensor(0.0, dtype=_scalar_dtype(), device="cpu")
                    state["square_avg"] = _C.zeros_like(p)
                    if momentum > 0:
                        state["momentum_buffer"] = _C.zeros_like(p)
                    if centered:
                        state["grad_avg"] = _C.zeros_like(p)
                square_avgs.append(state["square_avg"])
                grad_avgs.append(state.get("grad_avg"))
                bufs.append(state.get("momentum_buffer"))
                steps.append(state["step"])
            _C._rmsprop_step(
                params, grads, square_avgs, grad_avgs, bufs, steps, float(group["lr"]), float(group["alpha"]),
                float(group["eps"]), float(group["weight_decay"]), momentum, centered, bool(group["maximize"]),
            )
        return loss
