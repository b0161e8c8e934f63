"""``torch.nn.functional``: activations and losses."""

import warnings

from .. import _ferrograd as _C
from .._ferrograd import Tensor, one_hot

__all__ = [
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "log_softmax",
    "linear",
    "conv1d",
    "conv2d",
    "conv_transpose2d",
    "cross_entropy",
    "nll_loss",
    "mse_loss",
    "l1_loss",
    "smooth_l1_loss",
    "huber_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "kl_div",
    "embedding",
    "bilinear",
    "dropout",
    "one_hot",
]


def _table_functional(name, params, takes_inplace=True):
    """``F.<name>`` for a row of the core op table: its parameters with PyTorch's defaults, and
    ``inplace=False`` where PyTorch's activation takes it (``inplace=True`` writes into the input
    and returns it). A call with the input alone goes straight to the binding, whose defaults
    are the row's."""
    import inspect

    impl = getattr(_C, name)
    extra = [p for p, _ in params] + (["inplace"] if takes_inplace else [])
    P = inspect.Parameter
    sig = inspect.Signature(
        [P("input", P.POSITIONAL_OR_KEYWORD)]
        + [P(p, P.POSITIONAL_OR_KEYWORD, default=d) for p, d in params]
        + ([P("inplace", P.POSITIONAL_OR_KEYWORD, default=False)] if takes_inplace else [])
    )

    def f(input, *args, **kwargs):
        if not args and not kwargs:
            return impl(input)
        if len(args) > len(extra):
            raise TypeError(
                f"{name}() takes from 1 to {len(extra) + 1} positional arguments but {len(args) + 1} were given"
            )
        given = dict(zip(extra, args))
        for k, v in kwargs.items():
            if k not in extra:
                raise TypeError(f"{name}() got an unexpected keyword argument '{k}'")
            if k in given:
                raise TypeError(f"{name}() got multiple values for argument '{k}'")
            given[k] = v
        if given.pop("inplace", False):
            values = [float(given.get(p, d)) for p, d in params]
            return _C._unary_inplace(name, input, values)
        return impl(input, **{k: float(v) for k, v in given.items()})

    f.__name__ = f.__qualname__ = name
    f.__module__ = __name__
    f.__signature__ = sig
    head, _, rest = impl.__doc__.partition("\n")
    if takes_inplace:
        head = head.replace(") -> Tensor", ", inplace=False) -> Tensor")
    f.__doc__ = head + "\n" + rest
    return f


# Every ``py: functional`` row of the op table is an activation here, and so are the rows PyTorch
# has in both namespaces (``torch.selu`` and ``F.selu``); ``gelu`` is written below, since its
# ``approximate`` argument picks one of two rows (``gelu_tanh`` is no PyTorch name). PyTorch's
# softplus and logsigmoid take no ``inplace``.
_ALSO_FUNCTIONAL = {"selu", "celu", "hardshrink"}
_NO_INPLACE = {"softplus", "logsigmoid", "hardshrink", "softshrink"}
for _name, _functional_only, _params in _C._unary_ops:
    if (_functional_only or _name in _ALSO_FUNCTIONAL) and not _name.startswith("gelu"):
        globals()[_name] = _table_functional(_name, _params, _name not in _NO_INPLACE)
        __all__.append(_name)


def _functional_inplace(name, params):
    """``F.<name>_(input, *params)``: the row's in-place form, returning ``input``."""
    names = [p for p, _ in params]
    defaults = dict(params)

    def f(input, *args, **kwargs):
        given = dict(zip(names, args))
        given.update(kwargs)
        return _C._unary_inplace(name, input, [float(given.get(p, defaults[p])) for p in names])

    f.__name__ = f.__qualname__ = name + "_"
    f.__module__ = __name__
    f.__doc__ = (
        f"{name}_(input) -> Tensor\n\nIn-place version of :func:`{name}`: writes into and "
        f"returns :attr:`input`.\n\nExample::\n\n    >>> x = torch.tensor([-0.5, 0.75])\n"
        f"    >>> F.{name}_(x) is x\n    True\n"
    )
    return f


# PyTorch's in-place activations in torch.nn.functional
for _name, _functional_only, _params in _C._unary_ops:
    if _name in ("relu", "leaky_relu", "hardtanh", "elu", "selu", "celu"):
        globals()[_name + "_"] = _functional_inplace(_name, _params)
        __all__.append(_name + "_")


def gelu(input, approximate="none"):
    """gelu(input, approximate='none') -> Tensor

    The Gaussian error linear unit ``x * Φ(x)``, elementwise; with ``approximate='tanh'``, its
    tanh approximation. Records ``GeluBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.
        approximate (str): ``'none'`` or ``'tanh'``.

    Example::

        >>> import ferrograd.nn.functional as F
        >>> F.gelu(torch.tensor([1.0])), F.gelu(torch.tensor([1.0]), approximate="tanh")
        (tensor([0.8413]), tensor([0.8412]))
    """
    if approximate == "none":
        return _C.gelu(input)
    if approximate == "tanh":
        return _C.gelu_tanh(input)
    raise RuntimeError("approximate argument must be either none or tanh.")


__all__.append("gelu")


def _check_reduction(reduction, size_average=None, reduce=None):
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = ("mean" if size_average else "sum") if reduce else "none"
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def relu(input, inplace=False):
    """relu(input, inplace=False) -> Tensor

    Applies the rectified linear unit function element-wise: ``max(0, x)``; with
    ``inplace=True`` it writes into :attr:`input` and returns it.

    Example::

        >>> F.relu(torch.tensor([-1.0, 0.5, 2.0]))
        tensor([0.0000, 0.5000, 2.0000])
    """
    if inplace:
        return input.relu_()
    return input.relu()


def sigmoid(input):
    """sigmoid(input) -> Tensor

    Applies the element-wise function ``1 / (1 + exp(-x))``.

    Example::

        >>> F.sigmoid(torch.tensor([0.0]))
        tensor([0.5000])
    """
    return input.sigmoid()


def tanh(input):
    """tanh(input) -> Tensor

    Applies element-wise the hyperbolic tangent ``(exp(x) - exp(-x)) / (exp(x) + exp(-x))``.

    Example::

        >>> F.tanh(torch.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7616])
    """
    return input.tanh()


def _softmax_dim(ndim, name):
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as an argument.",
        stacklevel=3,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(input, dim=None, _stacklevel=3, dtype=None) -> Tensor

    Applies a softmax function: ``exp(x_i) / sum_j exp(x_j)``, along :attr:`dim`, so every
    slice along :attr:`dim` sums to 1. Without :attr:`dim` a deprecated implicit choice is made,
    with PyTorch's warning.

    Args:
        input (Tensor): input.
        dim (int): a dimension along which softmax will be computed.
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> F.softmax(torch.tensor([[1.0, 2.0], [1.0, 1.0]]), dim=1)
        tensor([[0.2689, 0.7311],
                [0.5000, 0.5000]])
    """
    if dim is None:
        dim = _softmax_dim(input.dim(), "softmax")
    return input.softmax(dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log_softmax(input, dim=None, _stacklevel=3, dtype=None) -> Tensor

    Applies a softmax followed by a logarithm along :attr:`dim`. While mathematically equivalent
    to ``log(softmax(x))``, doing these two operations separately is slower and numerically
    unstable; this function computes ``x_i - log(sum_j exp(x_j))``.

    Args:
        input (Tensor): input.
        dim (int): a dimension along which log_softmax will be computed.
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> F.log_softmax(torch.tensor([0.0, 0.0]), dim=0)
        tensor([-0.6931, -0.6931])
    """
    if dim is None:
        dim = _softmax_dim(input.dim(), "log_softmax")
    return input.log_softmax(dim, dtype)


def linear(input, weight, bias=None):
    """linear(input, weight, bias=None) -> Tensor

    Applies a linear transformation to the incoming data: ``y = x A^T + b``.

    Shape:
        - Input: ``(*, in_features)`` where ``*`` means any number of additional dimensions.
        - Weight: ``(out_features, in_features)`` or ``(in_features)``.
        - Bias: ``(out_features)`` or ``()``.
        - Output: ``(*, out_features)`` or ``(*)``, based on the shape of the weight.

    Example::

        >>> x = torch.tensor([[1.0, 2.0]])
        >>> w = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> F.linear(x, w, torch.tensor([0.0, 0.0, 0.5]))
        tensor([[1.0000, 2.0000, 3.5000]])
    """
    return _C.linear(input, weight, bias)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean") -> Tensor

    Computes the negative log likelihood loss: ``-weight[c] * input[n, c]`` for each sample with
    target class ``c``, averaged over the weights of the targets (``reduction="mean"``), summed
    (``"sum"``) or per sample (``"none"``); targets equal to :attr:`ignore_index` add nothing.

    Args:
        input (Tensor): log-probabilities, ``(N, C)`` or ``(C,)``, or ``(N, C, d1, ..., dk)``.
        target (Tensor): class indices in ``[0, C)``, ``(N,)`` or ``()``, or
            ``(N, d1, ..., dk)``.
        weight (Tensor, optional): a weight per class, ``(C,)``.
        ignore_index (int, optional): a target value that is ignored. Default: -100
        reduction (str, optional): ``"none"`` | ``"mean"`` | ``"sum"``.

    Example::

        >>> logp = F.log_softmax(torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]), dim=1)
        >>> F.nll_loss(logp, torch.tensor([2, 0]))
        tensor(0.7531)
    """
    reduction = _check_reduction(reduction, size_average, reduce)
    return _C._nll_loss(input, target, reduction, weight, ignore_index)


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
    """cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean", label_smoothing=0.0) -> Tensor

    Computes the cross entropy loss between input logits and target: class indices
    (``nll_loss(log_softmax(input, 1), target)``) or, for a floating target of the input's
    shape, class probabilities. :attr:`label_smoothing` mixes the target with the uniform
    distribution.

    Args:
        input (Tensor): predicted unnormalized logits, ``(N, C)`` or ``(C,)``, or
            ``(N, C, d1, ..., dk)``.
        target (Tensor): class indices in ``[0, C)``, or class probabilities.
        weight (Tensor, optional): a weight per class, ``(C,)``.
        ignore_index (int, optional): a target value that is ignored (class indices only).
        reduction (str, optional): ``"none"`` | ``"mean"`` | ``"sum"``.
        label_smoothing (float, optional): in ``[0.0, 1.0]``. Default: 0.0

    Example::

        >>> logits = torch.tensor([[2.0, 0.0], [0.0, 2.0]], requires_grad=True)
        >>> loss = F.cross_entropy(logits, torch.tensor([0, 0]))
        >>> loss
        tensor(1.1269, grad_fn=<NllLossBackward0>)
        >>> loss.backward()
        >>> logits.grad
        tensor([[-0.0596,  0.0596],
                [-0.4404,  0.4404]])
    """
    reduction = _check_reduction(reduction, size_average, reduce)
    return _C._cross_entropy(input, target, reduction, weight, ignore_index, float(label_smoothing))


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
    """mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None) -> Tensor

    Measures the element-wise mean squared error ``(input - target) ** 2``, averaged
    (``reduction="mean"``), summed (``"sum"``) or not (``"none"``). A target of another size
    than the input broadcasts, with PyTorch's warning.

    Example::

        >>> F.mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0]))
        tensor(2.5000)
    """
    _warn_target_size(input, target)
    reduction = _check_reduction(reduction, size_average, reduce)
    if weight is not None:
        raise NotImplementedError("mse_loss(weight=...) is not supported in ferrograd")
    return _C._mse_loss(input, target, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """l1_loss(input, target, size_average=None, reduce=None, reduction="mean") -> Tensor

    Measures the element-wise mean absolute error ``|input - target|``, averaged
    (``reduction="mean"``), summed (``"sum"``) or not (``"none"``).

    Example::

        >>> F.l1_loss(torch.tensor([1.0, -2.0]), torch.tensor([0.0, 0.0]), reduction="sum")
        tensor(3.)
    """
    _warn_target_size(input, target)
    reduction = _check_reduction(reduction, size_average, reduce)
    return _C._l1_loss(input, target, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0) -> Tensor

    ``0.5 * d ** 2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 * beta``, for
    ``d = input - target``; with ``beta=0`` the L1 loss.

    Example::

        >>> F.smooth_l1_loss(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0]), reduction="none")
        tensor([0.1250, 2.5000])
    """
    _warn_target_size(input, target)
    reduction = _check_reduction(reduction, size_average, reduce)
    return _C._smooth_l1_loss(input, target, reduction, float(beta))


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """huber_loss(input, target, reduction="mean", delta=1.0, weight=None) -> Tensor

    ``0.5 * d ** 2`` where ``|d| < delta``, else ``delta * (|d| - 0.5 * delta)``, for
    ``d = input - target``.

    Example::

        >>> F.huber_loss(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0]), reduction="none", delta=2.0)
        tensor([0.1250, 4.0000])
    """
    _warn_target_size(input, target)
    if weight is not None:
        raise NotImplementedError("huber_loss(weight=...) is not supported in ferrograd")
    reduction = _check_reduction(reduction)
    return _C._huber_loss(input, target, reduction, float(delta))


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean") -> Tensor

    The binary cross entropy between probabilities :attr:`input` and :attr:`target` (same
    size): ``-weight * (t * log(x) + (1 - t) * log(1 - x))``, each log clamped at -100.

    Example::

        >>> F.binary_cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([1.0, 0.0]))
        tensor(0.6931)
    """
    reduction = _check_reduction(reduction, size_average, reduce)
    return _C._binary_cross_entropy(input, target, weight, reduction)


def binary_cross_entropy_with_logits(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None
):
    """binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None) -> Tensor

    The binary cross entropy of ``sigmoid(input)`` against :attr:`target`, computed stably from
    the logits; :attr:`pos_weight` weighs the positive term per class.

    Example::

        >>> F.binary_cross_entropy_with_logits(torch.tensor([0.0]), torch.tensor([1.0]))
        tensor(0.6931)
    """
    reduction = _check_reduction(reduction, size_average, reduce)
    return _C._binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False) -> Tensor

    The Kullback-Leibler divergence of log-probabilities :attr:`input` from :attr:`target`
    (probabilities, or log-probabilities with :attr:`log_target`); ``reduction="batchmean"``
    divides the sum by the batch size (``"mean"`` divides by every element, with PyTorch's
    warning).

    Example::

        >>> F.kl_div(torch.tensor([[0.0, -1.0]]), torch.tensor([[0.5, 0.5]]), reduction="batchmean")
        tensor(-0.1931)
    """
    if size_average is not None or reduce is not None:
        reduction = _check_reduction(reduction, size_average, reduce)
    elif reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support size."
            "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
            "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
            stacklevel=2,
        )
    elif reduction != "batchmean":
        reduction = _check_reduction(reduction)
    return _C._kl_div(input, target, reduction, bool(log_target))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
    """embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False) -> Tensor

    The rows of :attr:`weight` at the indices :attr:`input`; the row at :attr:`padding_idx`
    receives no gradient.

    Example::

        >>> F.embedding(torch.tensor([1, 0]), torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor([[3., 4.],
                [1., 2.]])
    """
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < weight.size(0), "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -weight.size(0), "Padding_idx must be within num_embeddings"
            padding_idx = weight.size(0) + padding_idx
    if scale_grad_by_freq or sparse:
        raise NotImplementedError("embedding(scale_grad_by_freq=, sparse=) is not supported in ferrograd")
    if max_norm is not None:
        _embedding_renorm_(weight, input, max_norm, norm_type)
    return _C._embedding(weight, input, padding_idx)


def _embedding_renorm_(weight, input, max_norm, norm_type):
    # PyTorch's embedding_renorm_: each row looked up whose norm exceeds max_norm is scaled in
    # place (outside autograd) by max_norm / (norm + 1e-7).
    import ferrograd as torch

    with torch.no_grad():
        rows = torch.tensor(sorted(set(input.flatten().tolist())), dtype=torch.int64)
        if rows.numel() == 0:
            return weight
        selected = weight[rows]
        norms = selected.norm(p=norm_type, dim=1)
        scale = torch.where(norms > max_norm, max_norm / (norms + 1e-7), torch.ones_like(norms))
        weight[rows] = selected * scale.unsqueeze(1)
    return weight


def bilinear(input1, input2, weight, bias=None):
    """bilinear(input1, input2, weight, bias=None) -> Tensor

    ``y = x1^T A x2 + b`` over the last dimension of each input.

    Example::

        >>> F.bilinear(torch.ones(1, 2), torch.ones(1, 2), torch.ones(1, 2, 2))
        tensor([[4.]])
    """
    return _C._bilinear(input1, input2, weight, bias)


def dropout(input, p=0.5, training=True, inplace=False):
    """dropout(input, p=0.5, training=True, inplace=False) -> Tensor

    During training, zeroes each element with probability :attr:`p` and scales the rest by
    ``1 / (1 - p)``; returns :attr:`input` itself otherwise. The mask is drawn as PyTorch draws
    it on the CPU (``empty_like(input).bernoulli_(1 - p)``), so after :func:`torch.manual_seed`
    the zeroed elements are PyTorch's.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> F.dropout(torch.ones(4), 0.5)
        tensor([0., 0., 2., 0.])
        >>> x = torch.ones(3)
        >>> F.dropout(x, 0.5, training=False) is x
        True
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not inplace:
        if not training:
            return input
        return _C._dropout(input, float(p), True)
    # in place, as ATen's dropout<inplace>: input.mul_(noise), noise = bernoulli(1 - p) / (1 - p)
    import ferrograd as torch

    if p == 0.0 or not training or input.numel() == 0:
        return input
    if p == 1.0:
        return input.mul_(torch.zeros((), dtype=input.dtype))
    noise = torch.empty_like(input).bernoulli_(1.0 - p)
    noise.div_(1.0 - p)
    return input.mul_(noise)


def _int_list(v):
    """An int (for every spatial dimension) or a sequence of ints, as a list."""
    if isinstance(v, (list, tuple)):
        return [int(x) for x in v]
    return [int(v)]


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

    Applies a 1D convolution (a cross-correlation, as PyTorch's) over an input of shape
    ``(N, C_in, L)`` or ``(C_in, L)`` with a weight of shape ``(C_out, C_in / groups, kL)``.
    :attr:`padding` is an int, a 1-tuple, ``'valid'`` or ``'same'``.

    Example::

        >>> F.conv1d(torch.tensor([[[1.0, 2.0, 3.0, 4.0]]]), torch.tensor([[[1.0, -1.0]]]))
        tensor([[[-1., -1., -1.]]])
    """
    pad = padding if isinstance(padding, str) else _int_list(padding)
    return _C._convolution("conv1d", input, weight, bias, _int_list(stride), pad, _int_list(dilation), groups, [0])


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

    Applies a 2D convolution over an input of shape ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    with a weight of shape ``(C_out, C_in / groups, kH, kW)``. :attr:`stride`,
    :attr:`padding` and :attr:`dilation` are ints or pairs; :attr:`padding` may also be
    ``'valid'`` or ``'same'`` (stride 1 only).

    Example::

        >>> F.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), padding=1)
        tensor([[[[1., 2., 2., 1.],
                  [2., 4., 4., 2.],
                  [2., 4., 4., 2.],
                  [1., 2., 2., 1.]]]])
    """
    pad = padding if isinstance(padding, str) else _int_list(padding)
    return _C._convolution("conv2d", input, weight, bias, _int_list(stride), pad, _int_list(dilation), groups, [0])


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) -> Tensor

    Applies a 2D transposed convolution (the gradient of :func:`conv2d` with respect to its
    input) over an input of shape ``(N, C_in, H, W)`` with a weight of shape
    ``(C_in, C_out / groups, kH, kW)``; :attr:`output_padding` adds to one side of the output.

    Example::

        >>> F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), stride=2)
        tensor([[[[1., 1., 1., 1.],
                  [1., 1., 1., 1.],
                  [1., 1., 1., 1.],
                  [1., 1., 1., 1.]]]])
    """
    if isinstance(padding, str):
        raise TypeError("conv_transpose2d(): argument 'padding' must be tuple of ints, not str")
    return _C._convolution(
        "conv_transpose2d", input, weight, bias, _int_list(stride), _int_list(padding),
        _int_list(dilation), groups, _int_list(output_padding),
    )


def relu6(input, inplace=False):
    """relu6(input, inplace=False) -> Tensor

    Applies ``min(max(0, x), 6)`` element-wise: :func:`hardtanh` with bounds 0 and 6 (and so
    recorded as ``HardtanhBackward0``).

    Example::

        >>> F.relu6(torch.tensor([-1.0, 3.0, 8.0]))
        tensor([0., 3., 6.])
    """
    if inplace:
        return hardtanh_(input, 0.0, 6.0)
    return hardtanh(input, 0.0, 6.0)


def softsign(input):
    """softsign(input) -> Tensor

    Applies ``x / (1 + |x|)`` element-wise.

    Example::

        >>> F.softsign(torch.tensor([-1.0, 0.0, 3.0]))
        tensor([-0.5000,  0.0000,  0.7500])
    """
    return input / (input.abs() + 1)


def tanhshrink(input):
    """tanhshrink(input) -> Tensor

    Applies ``x - tanh(x)`` element-wise.

    Example::

        >>> F.tanhshrink(torch.tensor([0.0, 1.0]))
        tensor([0.0000, 0.2384])
    """
    return input - input.tanh()


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmin(input, dim=None, _stacklevel=3, dtype=None) -> Tensor

    Applies a softmin function, ``softmax(-x)``, along :attr:`dim`: the elements along it lie in
    ``[0, 1]`` and sum to 1, the smallest getting the largest share.

    Example::

        >>> F.softmin(torch.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.6652, 0.2447, 0.0900])
    """
    if dim is None:
        dim = _softmax_dim(input.dim(), "softmin")
    return (-input).softmax(dim, dtype)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """normalize(input, p=2.0, dim=1, eps=1e-12, out=None) -> Tensor

    Divides :attr:`input` by its :attr:`p`-norm along :attr:`dim`, at least :attr:`eps`:
    ``x / max(||x||_p, eps)``.

    Example::

        >>> F.normalize(torch.tensor([[3.0, 4.0], [0.0, 0.0]]))
        tensor([[0.6000, 0.8000],
                [0.0000, 0.0000]])
    """
    if out is not None:
        raise TypeError("normalize(): out= is not supported in ferrograd")
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """cosine_similarity(x1, x2, dim=1, eps=1e-8) -> Tensor

    The cosine of the angle between :attr:`x1` and :attr:`x2` along :attr:`dim` (broadcast
    against each other): ``Σ (x1 / max(||x1||, eps)) * (x2 / max(||x2||, eps))``.

    Example::

        >>> F.cosine_similarity(torch.tensor([[1.0, 0.0], [1.0, 1.0]]), torch.tensor([[1.0, 1.0]]))
        tensor([0.7071, 1.0000])
    """
    from .. import broadcast_tensors, promote_types
    from .._functions import _scalar_type_name

    common = promote_types(x1.dtype, x2.dtype)
    if not common.is_floating_point:
        raise RuntimeError(
            f"expected common dtype to be floating point, yet common dtype is {_scalar_type_name(common)}"
        )
    x1, x2 = x1.to(common), x2.to(common)

    x1, x2 = broadcast_tensors(x1, x2)
    # the norms are kept at least eps as values, while their gradient is the norm's (PyTorch
    # clamps them in place without recording)
    n1 = x1.norm(2, dim, keepdim=True)
    n2 = x2.norm(2, dim, keepdim=True)
    n1 = n1 + (n1.clamp_min(eps) - n1).detach()
    n2 = n2 + (n2.clamp_min(eps) - n2).detach()
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False) -> Tensor

    The :attr:`p`-norm distance between the rows of :attr:`x1` and :attr:`x2` along the last
    dimension, computed as ``||x1 - x2 + eps||_p``.

    Example::

        >>> F.pairwise_distance(torch.tensor([[0.0, 0.0]]), torch.tensor([[3.0, 4.0]]))
        tensor([5.0000])
    """
    dim = max(x1.dim(), x2.dim()) - 1
    return (x1 - x2 + eps).norm(p, dim, keepdim=keepdim)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False):
    """scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False) -> Tensor

    Attention ``softmax(Q K^T · scale + bias) V`` over the last two dimensions (``(..., L, E)``
    queries, ``(..., S, E)`` keys, ``(..., S, Ev)`` values), with ``scale`` ``1/sqrt(E)`` by
    default. A bool :attr:`attn_mask` says which positions take part (False ones get
    ``-inf``), a float one is added; :attr:`is_causal` masks the positions above the diagonal.
    Computed as PyTorch's reference (math) implementation, so it records that graph rather than
    PyTorch's fused ``ScaledDotProductFlashAttentionForCpuBackward0`` node; the values agree.

    Example::

        >>> q = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])
        >>> F.scaled_dot_product_attention(q, q, torch.tensor([[[1.0], [3.0]]]), is_causal=True)
        tensor([[[1.0000],
                 [2.3395]]])
    """
    import math

    from .. import bool as _bool, ones

    if query.dim() < 2 or key.dim() < 2 or value.dim() < 2:
        raise RuntimeError("scaled_dot_product_attention: query, key and value need at least 2 dimensions")
    if enable_gqa and query.dim() >= 3 and query.shape[-3] != key.shape[-3]:
        rep = query.shape[-3] // key.shape[-3]
        key = key.repeat_interleave(rep, dim=-3)
        value = value.repeat_interleave(rep, dim=-3)
    L, S = query.shape[-2], key.shape[-2]
    scale_factor = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    weight = query @ key.transpose(-2, -1) * scale_factor
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
        allowed = ones(L, S).tril(0) > 0
        weight = weight.masked_fill(allowed.logical_not(), float("-inf"))
    elif attn_mask is not None:
        if attn_mask.dtype == _bool:
            weight = weight.masked_fill(attn_mask.logical_not(), float("-inf"))
        elif attn_mask.dtype != query.dtype:
            raise RuntimeError(
                "Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: "
                f"{_cpp_type_name(attn_mask.dtype)} and  query.dtype: {_cpp_type_name(query.dtype)} instead."
            )
        else:
            weight = weight + attn_mask
    # PyTorch's safe softmax: a row with every position masked gives zeros, not NaN, and a zero
    # gradient (the softmax reads 0s there instead of -inf)
    fully_masked = (weight == float("-inf")).all(-1, keepdim=True)
    weight = weight.masked_fill(fully_masked, 0.0).softmax(-1).masked_fill(fully_masked, 0.0)
    if dropout_p > 0.0:
        weight = dropout(weight, dropout_p, True)
    return weight @ value


def _cpp_type_name(dtype):
    """The C++ type name of a dtype (``float``, ``long int``…), as some of PyTorch's messages print it."""
    return {"float32": "float", "float64": "double", "int64": "long int", "bool": "bool"}[str(dtype).split(".")[-1]]


def _reduce_loss(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def margin_ranking_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"):
    """margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean") -> Tensor

    ``max(0, -target * (input1 - input2) + margin)``: a target of 1 asks :attr:`input1` to rank
    higher, -1 lower.

    Example::

        >>> F.margin_ranking_loss(torch.tensor([1.0, 0.2]), torch.tensor([0.5, 0.4]), torch.tensor([1.0, 1.0]), margin=0.1)
        tensor(0.1500)
    """
    reduction = _check_reduction(reduction, size_average, reduce)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} "
        )
    return _reduce_loss((-target * (input1 - input2) + margin).clamp_min(0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean") -> Tensor

    :attr:`input` where the target is 1, ``max(0, margin - input)`` where it is -1.

    Example::

        >>> F.hinge_embedding_loss(torch.tensor([0.3, 2.0]), torch.tensor([1.0, -1.0]))
        tensor(0.1500)
    """
    from .. import where

    reduction = _check_reduction(reduction, size_average, reduce)
    zeros = input.new_zeros(*input.shape) if input.dim() else input * 0
    margin_clamp = (margin - input).clamp_min(0)
    output_margin = where(target != 1, margin_clamp, zeros)
    output_self = where(target != -1, input, zeros)
    return _reduce_loss(output_margin + output_self, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"):
    """cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean") -> Tensor

    ``1 - cos(x1, x2)`` where the target is 1, ``max(0, cos(x1, x2) - margin)`` where it is -1
    (the cosine along the last dimension).

    Example::

        >>> F.cosine_embedding_loss(torch.tensor([[1.0, 0.0]]), torch.tensor([[1.0, 1.0]]), torch.tensor([1.0]))
        tensor(0.2929)
    """
    from .. import where

    reduction = _check_reduction(reduction, size_average, reduce)
    if target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    want = target.dim() + 1
    if input1.dim() != want or input2.dim() != want:
        raise RuntimeError(
            f"{target.dim()}D target tensor expects {want}D input tensors, but found inputs with sizes "
            f"{list(input1.shape)} and {list(input2.shape)}."
        )
    d = target.dim()
    eps = 1e-12
    prod_sum = (input1 * input2).sum(d)
    mag1 = (input1 * input1).sum(d) + eps
    mag2 = (input2 * input2).sum(d) + eps
    cos = prod_sum / (mag1 * mag2).sqrt()
    zeros = cos.detach().new_zeros(cos.shape)
    pos = 1 - cos
    neg = (cos - margin).clamp_min(0)
    output = where(target == 1, pos, zeros) + where(target == -1, neg, zeros)
    return _reduce_loss(output, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, size_average=None, reduce=None, reduction="mean") -> Tensor

    ``max(0, margin + d(anchor, positive) - d(anchor, negative))`` with the pairwise
    distance ``d`` (:func:`pairwise_distance`); ``swap`` takes the smaller of the negative's
    distances to the anchor and to the positive.

    Example::

        >>> a = torch.tensor([[0.0, 0.0]])
        >>> F.triplet_margin_loss(a, torch.tensor([[0.0, 1.0]]), torch.tensor([[0.0, 1.5]]))
        tensor(0.5000)
    """
    from .. import minimum

    reduction = _check_reduction(reduction, size_average, reduce)
    if not anchor.dim() == positive.dim() == negative.dim():
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: "
            f"anchor {anchor.dim()}D, positive {positive.dim()}D, and negative {negative.dim()}D inputs"
        )
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = minimum(dist_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce_loss((margin + dist_pos - dist_neg).clamp_min(0), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean") -> Tensor

    The mean over classes of the binary cross entropy of each class's logit against a 0/1
    target, ``-(y log σ(x) + (1 - y) log σ(-x))``.

    Example::

        >>> F.multilabel_soft_margin_loss(torch.tensor([[2.0, -1.0]]), torch.tensor([[1.0, 0.0]]))
        tensor(0.2201)
    """
    reduction = _check_reduction(reduction, size_average, reduce)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    return _reduce_loss(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction="mean") -> Tensor

    The negative log likelihood of :attr:`target` under a Poisson distribution of rate
    ``exp(input)`` (``log_input``) or :attr:`input`, with Stirling's term for targets above 1
    when ``full``.

    Example::

        >>> F.poisson_nll_loss(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
        tensor(0.8591)
    """
    import math

    reduction = _check_reduction(reduction, size_average, reduce)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce_loss(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """gaussian_nll_loss(input, target, var, full=False, eps=1e-06, reduction="mean") -> Tensor

    The negative log likelihood of :attr:`target` under a Gaussian of mean :attr:`input` and
    variance :attr:`var` (at least :attr:`eps`), ``0.5 (log var + (input - target)^2 / var)``,
    plus ``0.5 log 2π`` when ``full``.

    Example::

        >>> F.gaussian_nll_loss(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 1.0]), torch.tensor([1.0, 2.0]))
        tensor(0.4233)
    """
    import math

    from .. import no_grad

    if isinstance(var, (int, float)):
        var = input.new_full(tuple(input.shape), float(var))
    if var.size() != input.size():
        if input.size()[:-1] == var.size():
            var = var.unsqueeze(-1)
        elif input.size()[:-1] == var.size()[:-1] and var.size(-1) == 1:
            pass
        else:
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    if (var < 0).any():
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce_loss(loss, reduction)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05) -> Tensor

    Normalises each channel of each sample over its spatial positions: :func:`batch_norm` of
    the input seen as one sample of ``N * C`` channels (as ATen computes it), the running
    statistics (if given) updated with the mean over the samples.

    Example::

        >>> F.instance_norm(torch.tensor([[[1.0, 3.0], [2.0, 2.0]]]))
        tensor([[[-1.0000,  1.0000],
                 [ 0.0000,  0.0000]]])
    """
    from .. import no_grad

    if use_input_stats:
        spatial = 1
        for s in input.shape[2:]:
            spatial *= s
        if spatial == 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.size()}")
    b, c = input.shape[0], input.shape[1]
    x = input.contiguous().view(1, b * c, *input.shape[2:])
    rep = lambda t: t.repeat(b) if t is not None else None  # noqa: E731
    rm, rv = rep(running_mean), rep(running_var)
    out = batch_norm(x, rm, rv, rep(weight), rep(bias), use_input_stats, momentum, eps)
    with no_grad():
        if running_mean is not None:
            running_mean.copy_(rm.view(b, c).mean(0))
        if running_var is not None:
            running_var.copy_(rv.view(b, c).mean(0))
    return out.view(input.shape)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """local_response_norm(input, size, alpha=0.0001, beta=0.75, k=1.0) -> Tensor

    Divides each element by ``(k + alpha * mean of the squares over size neighbouring
    channels) ** beta``.

    Example::

        >>> F.local_response_norm(torch.ones(1, 3, 1), 2, alpha=1.0, beta=1.0)
        tensor([[[0.6667],
                 [0.5000],
                 [0.5000]]])
    """
    dim = input.dim()
    if dim < 3:
        # PyTorch's message, with the run of spaces its source leaves in it
        raise ValueError(f"Expected 3D or higher dimensionality {' ' * 24} input (got {dim} dimensions)")
    if input.numel() == 0:
        return input
    div = input.mul(input)
    sizes = input.size()
    # the mean over neighbouring channels: a (size, 1) average pool over (channels, the rest)
    div = div.reshape(sizes[0], 1, sizes[1], -1)
    div = pad(div, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(div, (size, 1), stride=1).squeeze(1).reshape(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


def prelu(input, weight):
    """prelu(input, weight) -> Tensor

    ``x`` where positive, ``weight * x`` elsewhere, with one weight for all channels or one per
    channel (dimension 1). Composed of ``where`` and a product, so it records those nodes
    (PyTorch records one ``PreluKernelBackward0``); the values and gradients are PyTorch's.

    Example::

        >>> F.prelu(torch.tensor([-1.0, 2.0]), torch.tensor([0.25]))
        tensor([-0.2500,  2.0000])
    """
    from .. import where

    if weight.dim() > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.dim()}")
    if weight.numel() == 1:
        # one weight for all: the output keeps the input's shape
        weight = weight.reshape(())
    else:
        channels = input.shape[1] if input.dim() >= 2 else 1
        if weight.numel() != channels:
            raise RuntimeError(
                f"Mismatch of parameter numbers and input channel size. Found parameter numbers = {weight.numel()} "
                f"and channel size = {channels}."
            )
        if input.dim() >= 2:
            weight = weight.reshape(-1, *([1] * (input.dim() - 2)))
    return where(input > 0, input, weight * input)


def threshold(input, threshold, value, inplace=False):
    """threshold(input, threshold, value, inplace=False) -> Tensor

    ``x`` where ``x > threshold``, else :attr:`value` (composed of ``where``).

    Example::

        >>> F.threshold(torch.tensor([0.2, 0.7]), 0.5, -1.0)
        tensor([-1.0000,  0.7000])
    """
    from .. import where

    # `x <= threshold` picks the value, so NaN passes through, as in PyTorch
    out = where(input <= threshold, input.new_full((), float(value)), input)
    if inplace:
        return input.copy_(out)
    return out


def glu(input, dim=-1):
    """glu(input, dim=-1) -> Tensor

    The gated linear unit: the first half of :attr:`input` along :attr:`dim` times the
    sigmoid of the second half (composed of ``chunk``, ``sigmoid`` and a product).

    Example::

        >>> F.glu(torch.tensor([1.0, 2.0, 0.0, 100.0]))
        tensor([0.5000, 2.0000])
    """
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if not -input.dim() <= dim < input.dim():
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-input.dim()}, {input.dim() - 1}], but got {dim})"
        )
    d = dim + input.dim() if dim < 0 else dim
    if input.shape[d] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {input.shape[d]}")
    a, b = input.chunk(2, dim)
    return a * b.sigmoid()


def pixel_shuffle(input, upscale_factor):
    """pixel_shuffle(input, upscale_factor) -> Tensor

    Rearranges ``(*, C r^2, H, W)`` into ``(*, C, H r, W r)`` (composed of a view, a permutation
    and a reshape).

    Example::

        >>> F.pixel_shuffle(torch.arange(4.0).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
    r = upscale_factor
    if input.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with {input.dim()} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError(
            "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, "
            f"but input.size(-3)={c} is not divisible by {r * r}"
        )
    oc = c // (r * r)
    x = input.reshape(*lead, oc, r, r, h, w)
    n = len(lead)
    x = x.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return x.reshape(*lead, oc, h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    """pixel_unshuffle(input, downscale_factor) -> Tensor

    The inverse of :func:`pixel_shuffle`: ``(*, C, H r, W r)`` into ``(*, C r^2, H, W)``.

    Example::

        >>> F.pixel_unshuffle(torch.tensor([[[[0.0, 1.0], [2.0, 3.0]]]]), 2).flatten()
        tensor([0., 1., 2., 3.])
    """
    r = downscale_factor
    if input.dim() < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with {input.dim()} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    *lead, c, h, w = input.shape
    if h % r or w % r:
        raise RuntimeError(
            f"pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)={h} is not divisible by {r}"
            if h % r else
            f"pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)={w} is not divisible by {r}"
        )
    n = len(lead)
    x = input.reshape(*lead, c, h // r, r, w // r, r)
    x = x.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return x.reshape(*lead, c * r * r, h // r, w // r)


from ._pooling import *  # noqa: E402,F401,F403
from ._pooling import __all__ as _pooling_all  # noqa: E402

__all__ += _pooling_all
__all__ += ["prelu", "threshold", "glu", "pixel_shuffle", "pixel_unshuffle", "instance_norm", "local_response_norm", "margin_ranking_loss", "hinge_embedding_loss", "cosine_embedding_loss", "triplet_margin_loss", "multilabel_soft_margin_loss", "poisson_nll_loss", "gaussian_nll_loss", "scaled_dot_product_attention", "relu6", "softsign", "tanhshrink", "softmin", "normalize", "cosine_similarity", "pairwise_distance"]


def _install_batching():
    """The functions become entry points of ``vmap``'s batching rules (``ferrograd._batched``)."""
    from .. import _batched

    _batched.install(globals(), list(__all__))


_install_batching()
