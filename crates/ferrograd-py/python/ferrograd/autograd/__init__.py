"""``torch.autograd``: ``grad``, ``backward``, grad mode, custom ``Function``, anomaly mode,
``forward_ad``, ``functional``, ``gradcheck``, and ferrograd's Taylor mode (``taylor``)."""

from .._ferrograd import grad, backward, Tensor as Variable
from .._grad_mode import no_grad, enable_grad, set_grad_enabled, inference_mode
from . import functional, forward_ad, graph, taylor
from .anomaly_mode import detect_anomaly, set_detect_anomaly, is_anomaly_enabled
from .function import Function, FunctionCtx, once_differentiable
from .gradcheck import gradcheck, gradgradcheck, GradcheckError

__all__ = [
    "grad",
    "backward",
    "Variable",
    "Function",
    "FunctionCtx",
    "once_differentiable",
    "no_grad",
    "enable_grad",
    "set_grad_enabled",
    "inference_mode",
    "detect_anomaly",
    "set_detect_anomaly",
    "is_anomaly_enabled",
    "forward_ad",
    "graph",
    "functional",
    "taylor",
    "gradcheck",
    "gradgradcheck",
    "GradcheckError",
]


def _install_batching():
    """``grad`` differentiates batched tensors inside ``vmap`` (``ferrograd._batched``); ``grad``
    and ``backward`` take meta tensors (``ferrograd._meta``)."""
    from .. import _batched

    _batched.install(globals(), ["grad", "backward"], prefix="autograd.")


_install_batching()
