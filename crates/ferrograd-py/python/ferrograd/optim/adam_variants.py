"""``torch.optim.NAdam``, ``RAdam`` and ``Adamax``: Adam's variants, written with tensor ops
in the order of PyTorch's single-tensor updates (the CPU path), with PyTorch's state layout
(``step`` a 0-dim tensor; ``exp_avg``, ``exp_avg_sq``, ``mu_product``, ``exp_inf``)."""

from .. import _ferrograd as _C
from .._grad_mode import no_grad
from .adam import check_adam_args
from .optimizer import Optimizer, _scalar_dtype

__all__ = ["NAdam", "RAdam", "Adamax"]


class _AdamVariant(Optimizer):
    """The loop shared by the variants: each parameter with a gradient, its state made on
    first use, its step counted, the gradient negated when maximising."""

    _moments = ()

    def _new_state(self, p):
        state = {"step": _C.tensor(0.0, dtype=_scalar_dtype(), device="cpu")}
        for name in self._moments:
            state[name] = _C.zeros_like(p)
        return state

    def step(self, closure=None):
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model
                and returns the loss.
        """
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                params, grads = self._with_grads(group)
                for p, g in zip(params, grads):
                    state = self.state[p]
                    if len(state) == 0:
                        state.update(self._new_state(p))
                    state["step"].add_(1)
                    self._update(p, -g if group["maximize"] else g, state, group, state["step"].item())
        return loss


class NAdam(_AdamVariant):
    r"""Implements NAdam: Adam with Nesterov momentum, the momentum's weight decaying as
    ``mu_t = beta1 (1 - 0.5 * 0.96^(t psi))`` (``psi``: :attr:`momentum_decay`).

    Args:
        params (iterable): iterable of parameters to optimize or dicts defining parameter groups
        lr (float, optional): learning rate (default: 2e-3)
        betas (Tuple[float, float], optional): coefficients of the running averages of the
            gradient and its square (default: (0.9, 0.999))
        eps (float, optional): term added to the denominator (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        momentum_decay (float, optional): momentum decay ``psi`` (default: 4e-3)
        decoupled_weight_decay (bool, optional): AdamW-style decay (NAdamW) (default: False)
        maximize (bool, optional): maximize the objective (default: False)

    Example::

        >>> w = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
        >>> opt = torch.optim.NAdam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> round(w.item(), 6)
        0.894355
    """

    _moments = ("exp_avg", "exp_avg_sq")

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_adam_args(lr, eps, betas, weight_decay)
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = {
            "lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
            "momentum_decay": momentum_decay, "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize, "foreach": foreach, "capturable": capturable,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def _new_state(self, p):
        state = super()._new_state(p)
        state["mu_product"] = _C.tensor(1.0, dtype=_scalar_dtype(), device="cpu")
        return state

    def _update(self, p, g, state, group, step):
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        wd, psi = group["weight_decay"], group["momentum_decay"]
        m, v, mu_product = state["exp_avg"], state["exp_avg_sq"], state["mu_product"]
        bias_correction2 = 1 - beta2**step
        if wd != 0:
            if group["decoupled_weight_decay"]:
                p.mul_(1 - lr * wd)
            else:
                g = g.add(p, alpha=wd)
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
        mu_product.mul_(mu)
        m.lerp_(g, 1 - beta1)
        v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
        denom = v.div(bias_correction2).sqrt().add_(eps)
        prod = mu_product.item()
        p.addcdiv_(g, denom, value=(-lr * (1.0 - mu) / (1.0 - prod)))
        p.addcdiv_(m, denom, value=(-lr * mu_next) / (1.0 - prod * mu_next))


class RAdam(_AdamVariant):
    r"""Implements RAdam: Adam whose adaptive step is rectified by the variance of its
    estimate, and plain momentum SGD while that variance is intractable (``rho_t <= 5``).

    Args:
        params (iterable): iterable of parameters to optimize or dicts defining parameter groups
        lr (float, optional): learning rate (default: 1e-3)
        betas (Tuple[float, float], optional): coefficients of the running averages of the
            gradient and its square (default: (0.9, 0.999))
        eps (float, optional): term added to the denominator (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        decoupled_weight_decay (bool, optional): AdamW-style decay (default: False)
        maximize (bool, optional): maximize the objective (default: False)

    Example::

        >>> w = torch.tensor([1.0], requires_grad=True)
        >>> opt = torch.optim.RAdam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([0.8000], requires_grad=True)
    """

    _moments = ("exp_avg", "exp_avg_sq")

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_adam_args(lr, eps, betas, weight_decay)
        defaults = {
            "lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
            "maximize": maximize, "foreach": foreach, "capturable": capturable,
            "decoupled_weight_decay": decoupled_weight_decay, "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def _update(self, p, g, state, group, step):
        lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
        m, v = state["exp_avg"], state["exp_avg_sq"]
        if wd != 0:
            if group["decoupled_weight_decay"]:
                p.mul_(1 - lr * wd)
            else:
                g = g.add(p, alpha=wd)
        m.lerp_(g, 1 - beta1)
        v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        corrected = m / bias_correction1
        # the length of the approximated simple moving average, and its limit
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive = (bias_correction2**0.5) / v.sqrt().add_(eps)
            p.add_(corrected * lr * adaptive * rect, alpha=-1.0)
        else:
            p.add_(corrected * lr, alpha=-1.0)


class Adamax(_AdamVariant):
    r"""Implements Adamax: Adam with the infinity norm, ``u_t = max(beta2 u_{t-1}, |g_t| + eps)``
    in place of the second moment.

    Args:
        params (iterable): iterable of parameters to optimize or dicts defining parameter groups
        lr (float, optional): learning rate (default: 2e-3)
        betas (Tuple[float, float], optional): coefficients of the running average of the
            gradient and of the infinity norm (default: (0.9, 0.999))
        eps (float, optional): term added to the norm (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        maximize (bool, optional): maximize the objective (default: False)

    Example::

        >>> w = torch.tensor([1.0], requires_grad=True)
        >>> opt = torch.optim.Adamax([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([0.9000], requires_grad=True)
    """

    _moments = ("exp_avg", "exp_inf")

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        check_adam_args(lr, eps, betas, weight_decay)
        defaults = {
            "lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
            "foreach": foreach, "maximize": maximize, "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def _update(self, p, g, state, group, step):
        lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
        m, u = state["exp_avg"], state["exp_inf"]
        if wd != 0:
            g = g.add(p, alpha=wd)
        m.lerp_(g, 1 - beta1)
        u.copy_(_C.maximum(u.mul_(beta2), g.abs().add_(eps)))
        p.addcdiv_(m, u, value=-(lr / (1 - beta1**step)))
