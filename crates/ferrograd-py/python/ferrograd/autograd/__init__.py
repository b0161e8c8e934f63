"""``torch.autograd``: ``grad``, ``backward``, grad mode, ``functional`` and ``gradcheck``."""

from .._ferrograd import grad, backward, Tensor as Variable
from .._grad_mode import no_grad, enable_grad, set_grad_enabled, inference_mode
from . import functional
from .gradcheck import gradcheck, gradgradcheck, GradcheckError

__all__ = [
    "grad",
    "backward",
    "Variable",
    "no_grad",
    "enable_grad",
    "set_grad_enabled",
    "inference_mode",
    "functional",
    "gradcheck",
    "gradgradcheck",
    "GradcheckError",
]
