"""Pooling, normalization, padding, interpolation and channel dropout of
``torch.nn.functional``: PyTorch's argument handling in front of the Rust ops."""

import warnings

from .. import _ferrograd as _C

__all__ = [
    "max_pool1d", "max_pool2d", "max_pool1d_with_indices", "max_pool2d_with_indices",
    "max_unpool1d", "max_unpool2d", "max_unpool3d",
    "avg_pool2d", "adaptive_avg_pool2d", "avg_pool1d", "adaptive_avg_pool1d",
    "adaptive_max_pool2d", "adaptive_max_pool2d_with_indices", "batch_norm", "layer_norm", "group_norm",
    "pad", "interpolate", "dropout2d",
]


def _pair(v, name="kernel_size"):
    if isinstance(v, int):
        return [v, v]
    v = list(v)
    if len(v) == 1:
        return [v[0], v[0]]
    if len(v) != 2:
        raise RuntimeError(f"{name} must either be a single int, or a tuple of two ints")
    return v


def _single(v):
    if isinstance(v, (list, tuple)):
        return v[0]
    return v


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)

    :func:`max_pool2d` returning ``(output, indices)``.

    Example::

        >>> y, i = F.max_pool2d_with_indices(torch.tensor([[[1., 3.], [2., 0.]]]), 2)
        >>> i
        tensor([[[1]]])
    """
    stride = None if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else _pair(stride, "stride")
    return _C._max_pool2d(
        input, _pair(kernel_size), stride, _pair(padding, "padding"), _pair(dilation, "dilation"), bool(ceil_mode)
    )


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)

    2-d max pooling over the last two dimensions of a 3-d or 4-d input: the largest element
    of each window (the first one on ties, NaN counting as largest). ``stride`` defaults to
    ``kernel_size``; ``padding`` adds negative infinity on both sides; ``dilation`` spaces the
    window's elements; ``ceil_mode`` rounds the output size up. With ``return_indices`` also
    the index (``h * W + w``) of each chosen element.

    Example::

        >>> x = torch.arange(16.).reshape(1, 1, 4, 4)
        >>> F.max_pool2d(x, 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    y, i = max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    return (y, i) if return_indices else y


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)

    :func:`max_pool1d` returning ``(output, indices)``.

    Example::

        >>> F.max_pool1d_with_indices(torch.tensor([[1., 5., 2.]]), 3)[1]
        tensor([[1]])
    """
    if stride is not None and isinstance(stride, (list, tuple)) and len(stride) == 0:
        stride = None
    return _C._max_pool1d(
        input, _single(kernel_size), None if stride is None else _single(stride), _single(padding),
        _single(dilation), bool(ceil_mode), True
    )


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)

    1-d max pooling over the last dimension of a 2-d or 3-d input (the options of
    :func:`max_pool2d`, one value each). Without ``return_indices`` only floating inputs
    pool, as in PyTorch.

    Example::

        >>> F.max_pool1d(torch.tensor([[1., 5., 2., 4., 3.]]), 2)
        tensor([[5., 4.]])
    """
    if return_indices:
        return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    if stride is not None and isinstance(stride, (list, tuple)) and len(stride) == 0:
        stride = None
    return _C._max_pool1d(
        input, _single(kernel_size), None if stride is None else _single(stride), _single(padding),
        _single(dilation), bool(ceil_mode), False
    )[0]


def _unpool_output_size(input, kernel_size, stride, padding, output_size):
    # PyTorch's: the default size inverts the pooling's; a given one (optionally with the
    # batch and channel sizes in front) must lie within one stride of it
    n = len(kernel_size)
    default_size = [
        (input.size()[-n + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d] for d in range(n)
    ]
    if output_size is None:
        return default_size
    if len(output_size) == n + 2:
        output_size = output_size[2:]
    if len(output_size) != n:
        raise ValueError(
            "output_size should be a sequence containing "
            f"{n} or {n + 2} elements, but it has a length of '{len(output_size)}'"
        )
    for d in range(n):
        min_size = default_size[d] - stride[d]
        max_size = default_size[d] + stride[d]
        if not (min_size < output_size[d] < max_size):
            raise ValueError(
                f'invalid output_size "{output_size}" (dim {d} must be between {min_size} and {max_size})'
            )
    return list(output_size)


def _unpool_sizes(size, n):
    for d in range(n):
        if size[d] < 0:
            raise ValueError(
                "max_unpooling: output_size must contain non-negative spatial "
                f"dimensions, but got output_size[{d}]={size[d]}"
            )
    return list(size)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor

    A partial inverse of :func:`max_pool1d`: each element of ``input`` goes to its index
    (from ``max_pool1d(..., return_indices=True)``) in a zero output, the rest stays zero.
    The output's length is ``(L - 1) * stride + kernel_size - 2 * padding`` unless
    ``output_size`` gives it (within one stride of that).

    Example::

        >>> y, i = F.max_pool1d(torch.tensor([[1., 5., 2., 4.]]), 2, return_indices=True)
        >>> F.max_unpool1d(y, i, 2)
        tensor([[0., 5., 0., 4.]])
    """
    kernel_size = [_single(kernel_size)]
    stride = kernel_size if stride is None else [_single(stride)]
    padding = [_single(padding)]
    size = _unpool_output_size(input, kernel_size, stride, padding, output_size)
    size = _unpool_sizes(size, 1)
    x = input.unsqueeze(-1)
    return _C._max_unpool2d(x, indices.unsqueeze(-1), [size[0], 1]).squeeze(-1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor

    A partial inverse of :func:`max_pool2d`: each element of ``input`` goes to its index
    (``h * W + w``, from ``max_pool2d(..., return_indices=True)``) in a zero plane, where
    indices repeat the last one wins. The planes are ``(H - 1) * stride + kernel_size -
    2 * padding`` high (and as wide) unless ``output_size`` gives their size.

    Example::

        >>> y, i = F.max_pool2d(torch.arange(16.).reshape(1, 4, 4), 2, return_indices=True)
        >>> F.max_unpool2d(y, i, 2)
        tensor([[[ 0.,  0.,  0.,  0.],
                 [ 0.,  5.,  0.,  7.],
                 [ 0.,  0.,  0.,  0.],
                 [ 0., 13.,  0., 15.]]])
    """
    kernel_size = _pair(kernel_size)
    stride = kernel_size if stride is None else _pair(stride, "stride")
    padding = _pair(padding, "padding")
    size = _unpool_output_size(input, kernel_size, stride, padding, output_size)
    return _C._max_unpool2d(input, indices, _unpool_sizes(size, 2))


def _triple(v):
    # PyTorch's _triple: a sequence kept as it is, a number repeated
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v, v, v]


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor

    A partial inverse of 3-d max pooling: each element of a 4-d or 5-d ``input`` goes to its
    index (``(d * H + h) * W + w``, as ``max_pool3d(..., return_indices=True)`` gives it) in a
    zero volume, where indices repeat the last one wins. The volumes are ``(D - 1) * stride +
    kernel_size - 2 * padding`` deep (and likewise high and wide) unless ``output_size`` gives
    their size.

    Example::

        >>> y = torch.tensor([[[[[4.]]]]])
        >>> F.max_unpool3d(y, torch.tensor([[[[[7]]]]]), 2).flatten()
        tensor([0., 0., 0., 0., 0., 0., 0., 4.])
    """
    kernel_size = _triple(kernel_size)
    stride = kernel_size if stride is None else _triple(stride)
    padding = _triple(padding)
    size = _unpool_output_size(input, kernel_size, stride, padding, output_size)
    size = _unpool_sizes(size, len(size))
    return _C._max_unpool3d(input, indices, size, stride, padding)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
    """avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None) -> Tensor

    2-d average pooling over the last two dimensions of a 3-d or 4-d input. Each window's sum
    is divided by ``divisor_override`` if given, else by the window's size, counting the zero
    padding when ``count_include_pad``.

    Example::

        >>> F.avg_pool2d(torch.ones(1, 2, 2), 2, stride=1, padding=1, count_include_pad=False)
        tensor([[[1., 1., 1.],
                 [1., 1., 1.],
                 [1., 1., 1.]]])
    """
    stride = None if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else _pair(stride, "stride")
    return _C._avg_pool2d(
        input, _pair(kernel_size), stride, _pair(padding, "padding"), bool(ceil_mode), bool(count_include_pad),
        None if divisor_override is None else int(divisor_override),
    )


def adaptive_avg_pool2d(input, output_size):
    """adaptive_avg_pool2d(input, output_size) -> Tensor

    Average pooling of the last two dimensions to ``output_size`` (an int, or a pair whose
    ``None`` entries keep the input's size): output ``i`` averages the inputs from
    ``floor(i * H / h)`` to ``ceil((i + 1) * H / h)``.

    Example::

        >>> F.adaptive_avg_pool2d(torch.arange(6.).reshape(1, 2, 3), (1, 2))
        tensor([[[2., 3.]]])
    """
    if isinstance(output_size, int):
        size = [output_size, output_size]
    else:
        size = list(output_size)
        if len(size) != 2:
            raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
        size = [input.shape[-2 + k] if s is None else s for k, s in enumerate(size)]
    return _C._adaptive_avg_pool2d(input, size)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) -> Tensor

    1-d average pooling over the last dimension of a 2-d or 3-d input (the options of
    :func:`avg_pool2d`, one value each).

    Example::

        >>> F.avg_pool1d(torch.tensor([[1., 2., 3., 5.]]), 2)
        tensor([[1.5000, 4.0000]])
    """
    if stride is not None and isinstance(stride, (list, tuple)) and len(stride) == 0:
        stride = None
    return _C._avg_pool1d(
        input, _single(kernel_size), None if stride is None else _single(stride), _single(padding),
        bool(ceil_mode), bool(count_include_pad)
    )


def adaptive_avg_pool1d(input, output_size):
    """adaptive_avg_pool1d(input, output_size) -> Tensor

    Average pooling of the last dimension of a 2-d or 3-d input to ``output_size``: output
    ``i`` averages the inputs from ``floor(i * L / l)`` to ``ceil((i + 1) * L / l)``.

    Example::

        >>> F.adaptive_avg_pool1d(torch.tensor([[1., 2., 3., 5., 7.]]), 2)
        tensor([[2., 5.]])
    """
    if isinstance(output_size, (list, tuple)):
        if len(output_size) != 1:
            raise RuntimeError(
                f"adaptive_avg_pool1d() argument 'output_size' should contain one int (got {len(output_size)})"
            )
        output_size = output_size[0]
    return _C._adaptive_avg_pool1d(input, output_size)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """adaptive_max_pool2d_with_indices(input, output_size, return_indices=False)

    :func:`adaptive_max_pool2d` returning ``(output, indices)``.

    Example::

        >>> F.adaptive_max_pool2d_with_indices(torch.arange(12.).reshape(1, 3, 4), 2)[1]
        tensor([[[ 5,  7],
                 [ 9, 11]]])
    """
    if isinstance(output_size, int):
        size = [output_size, output_size]
    else:
        size = list(output_size)
        if input.dim() <= len(size):
            raise ValueError(f"Input dimension should be at least {len(size) + 1}")
        if len(size) != 2:
            raise RuntimeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2")
        size = [input.shape[-2 + k] if s is None else s for k, s in enumerate(size)]
    return _C._adaptive_max_pool2d(input, size)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """adaptive_max_pool2d(input, output_size, return_indices=False)

    Max pooling of the last two dimensions of a 3-d or 4-d input to ``output_size`` (an int,
    or a pair whose ``None`` entries keep the input's size): output ``i`` is the largest input
    from ``floor(i * H / h)`` to ``ceil((i + 1) * H / h)``. With ``return_indices`` also the
    index (``h * W + w``) of each chosen element.

    Example::

        >>> F.adaptive_max_pool2d(torch.arange(12.).reshape(1, 3, 4), (2, 3))
        tensor([[[ 5.,  6.,  7.],
                 [ 9., 10., 11.]]])
    """
    y, i = adaptive_max_pool2d_with_indices(input, output_size)
    return (y, i) if return_indices else y


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05):
    """batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05) -> Tensor

    Normalizes each channel (dimension 1) of ``input``: by the batch's mean and biased
    variance in training, updating ``running_mean``/``running_var`` in place to
    ``(1 - momentum) * running + momentum * batch`` (the variance unbiased); by the running
    statistics otherwise. Then ``weight * x + bias`` per channel.

    Example::

        >>> rm, rv = torch.zeros(1), torch.ones(1)
        >>> F.batch_norm(torch.tensor([[1.], [3.]]), rm, rv, training=True)
        tensor([[-1.0000],
                [ 1.0000]])
        >>> rm, rv
        (tensor([0.2000]), tensor([1.1000]))
    """
    if training:
        size = input.shape
        n = 1
        for i, s in enumerate(size):
            if i != 1:
                n *= s
        if n == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    elif eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    return _C._batch_norm(input, running_mean, running_var, weight, bias, bool(training), float(momentum), float(eps))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    """layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05) -> Tensor

    Normalizes over the trailing dimensions ``normalized_shape`` (mean and biased variance of
    each), then ``weight * x + bias`` element-wise.

    Example::

        >>> F.layer_norm(torch.tensor([[1., 3.], [4., 2.]]), (2,), eps=0.0)
        tensor([[-1.,  1.],
                [ 1., -1.]])
    """
    if isinstance(normalized_shape, int):
        normalized_shape = [normalized_shape]
    return _C._layer_norm(input, list(normalized_shape), weight, bias, float(eps))


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    """group_norm(input, num_groups, weight=None, bias=None, eps=1e-05) -> Tensor

    Normalizes groups of ``C / num_groups`` channels of an ``(N, C, ...)`` input (mean and
    biased variance of each sample's group), then ``weight * x + bias`` per channel.

    Example::

        >>> F.group_norm(torch.tensor([[1., 3., 7., 5.]]), 2, eps=0.0)
        tensor([[-1.,  1.,  1., -1.]])
    """
    if input.dim() < 2:
        raise RuntimeError(
            f"Expected at least 2 dimensions for input tensor but received {input.dim()}"
        )
    return _C._group_norm(input, int(num_groups), weight, bias, float(eps))


def pad(input, pad, mode="constant", value=None):
    """pad(input, pad, mode="constant", value=None) -> Tensor

    Pads the trailing dimensions: ``pad`` holds ``(before, after)`` pairs from the last
    dimension backwards. ``mode`` is ``"constant"`` (``value``, default 0; negative pads
    crop), ``"reflect"``, ``"replicate"`` or ``"circular"``.

    Example::

        >>> F.pad(torch.tensor([[1., 2., 3.]]), (2, 1), mode="reflect")
        tensor([[3., 2., 1., 2., 3., 2.]])
    """
    if mode != "constant" and value is not None and value != 0:
        raise AssertionError(f'Padding mode "{mode}" doesn\'t take in value argument')
    return _C._pad(input, [int(p) for p in pad], mode, 0.0 if value is None else float(value))


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None, antialias=False):
    """interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None, antialias=False) -> Tensor

    Resizes the spatial dimensions (those after batch and channel) to ``size`` or by
    ``scale_factor``: ``"nearest"`` (1 to 3 spatial dimensions) or ``"bilinear"`` (4-d input;
    ``align_corners`` maps the corner pixels' centres onto each other).

    Example::

        >>> F.interpolate(torch.tensor([[[[1., 2.]]]]), size=(1, 3), mode="bilinear", align_corners=True)
        tensor([[[[1.0000, 1.5000, 2.0000]]]])
    """
    if antialias:
        raise NotImplementedError("interpolate: antialias is not supported")
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if align_corners is not None and mode not in ("linear", "bilinear", "bicubic", "trilinear"):
        raise ValueError(
            "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"
        )
    if size is not None:
        size = [int(size)] if isinstance(size, int) else [int(s) for s in size]
    sf = None
    if scale_factor is not None:
        sf = [float(scale_factor)] if isinstance(scale_factor, (int, float)) else [float(s) for s in scale_factor]
        if recompute_scale_factor:
            size = [int(n * s) for n, s in zip(input.shape[2:], sf * (input.dim() - 2) if len(sf) == 1 else sf)]
            sf = None
    return _C._interpolate(input, size, sf, mode, align_corners)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """dropout2d(input, p=0.5, training=True, inplace=False) -> Tensor

    During training, zeroes each whole channel (``input[n, c]``) with probability :attr:`p`
    and scales the rest by ``1 / (1 - p)``. The mask is one draw per channel, as PyTorch
    draws it (``empty(N, C, 1, 1).bernoulli_(1 - p)``), so after :func:`torch.manual_seed`
    the zeroed channels are PyTorch's.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> F.dropout2d(torch.ones(1, 4, 1, 1), 0.5).flatten()
        tensor([0., 0., 2., 0.])
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    inp_dim = input.dim()
    if inp_dim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {inp_dim}-D input to dropout2d, which is deprecated "
            "and will result in an error in a future release. To retain the behavior "
            "and silence this warning, please use dropout instead. Note that dropout2d "
            "exists to provide channel-wise dropout on inputs with 2 spatial dimensions, "
            "a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).",
            stacklevel=2,
        )
    if inp_dim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise "
            "1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C "
            "is the channel dim. This behavior will change in a future release to interpret the "
            "input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D "
            "channel-wise dropout behavior, please switch to using dropout1d instead.",
            stacklevel=2,
        )
    if inplace:
        raise RuntimeError("ferrograd has no in-place dropout2d_; use dropout2d(input)")
    if not training:
        return input
    return _C._dropout2d(input, float(p), True)
