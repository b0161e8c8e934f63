"""``torch.nn.functional``: activations and losses."""

import warnings

from .. import _ferrograd as _C
from .._ferrograd import Tensor

__all__ = [
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "log_softmax",
    "linear",
    "cross_entropy",
    "nll_loss",
    "mse_loss",
    "l1_loss",
]


def _check_reduction(reduction, size_average=None, reduce=None):
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = ("mean" if size_average else "sum") if reduce else "none"
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def relu(input, inplace=False):
    """``max(input, 0)``."""
    if inplace:
        raise RuntimeError("ferrograd has no in-place relu_; use relu(input)")
    return input.relu()


def sigmoid(input):
    """``1 / (1 + exp(-input))``."""
    return input.sigmoid()


def tanh(input):
    """Hyperbolic tangent."""
    return input.tanh()


def _softmax_dim(ndim, name):
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as an argument.",
        stacklevel=3,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Softmax along ``dim``."""
    if dim is None:
        dim = _softmax_dim(input.dim(), "softmax")
    return input.softmax(dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Log of softmax along ``dim``."""
    if dim is None:
        dim = _softmax_dim(input.dim(), "log_softmax")
    return input.log_softmax(dim, dtype)


def linear(input, weight, bias=None):
    """``input @ weight.T + bias``."""
    return _C.linear(input, weight, bias)


def _per_sample_nll(logp, target):
    # -logp[n, target[n]] for each sample n, through a one-hot mask
    classes = _C.arange(logp.shape[-1])
    onehot = (target.unsqueeze(-1) == classes).to(logp.dtype)
    return -(logp * onehot).sum(-1)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """Negative log-likelihood of class indices under log-probabilities ``input``."""
    if weight is not None:
        raise NotImplementedError("nll_loss(weight=...) is not supported in ferrograd")
    reduction = _check_reduction(reduction, size_average, reduce)
    if reduction == "mean":
        return _C._nll_loss(input, target)
    losses = _per_sample_nll(input, target)
    return losses.sum() if reduction == "sum" else losses


def cross_entropy(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index=-100,
    reduce=None,
    reduction="mean",
    label_smoothing=0.0,
):
    """Cross-entropy of logits ``input`` (``(N, C)`` or ``(C,)``) against class indices."""
    if weight is not None:
        raise NotImplementedError("cross_entropy(weight=...) is not supported in ferrograd")
    if label_smoothing != 0.0:
        raise NotImplementedError("cross_entropy(label_smoothing=...) is not supported in ferrograd")
    reduction = _check_reduction(reduction, size_average, reduce)
    if reduction == "mean":
        return _C._cross_entropy(input, target)
    losses = _per_sample_nll(input.log_softmax(-1 if input.dim() == 1 else 1), target)
    return losses.sum() if reduction == "sum" else losses


def _warn_target_size(input, target):
    """PyTorch's warning when the target broadcasts against the input instead of matching it."""
    if target.size() != input.size():
        warnings.warn(
            f"Using a target size ({target.size()}) that is different to the input size "
            f"({input.size()}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            stacklevel=3,
        )


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error."""
    _warn_target_size(input, target)
    reduction = _check_reduction(reduction, size_average, reduce)
    if reduction == "mean":
        return _C._mse_loss(input, target)
    sq = (input - target) ** 2
    return sq.sum() if reduction == "sum" else sq


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Mean absolute error."""
    _warn_target_size(input, target)
    reduction = _check_reduction(reduction, size_average, reduce)
    d = (input - target).abs()
    if reduction == "mean":
        return d.mean()
    return d.sum() if reduction == "sum" else d
