"""The neural-network functions PyTorch also exposes as ``torch.<name>``, with the argument
lists of ``torch`` (which differ from ``torch.nn.functional``'s: ``torch.batch_norm`` takes the
weight and bias before the running statistics, ``torch.max_pool2d`` returns no indices)."""

from .nn import _pooling as _F

__all__ = [
    "batch_norm", "layer_norm", "group_norm", "max_pool1d", "max_pool2d", "avg_pool1d",
    "adaptive_avg_pool1d",
]


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled):
    """batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled) -> Tensor

    :func:`torch.nn.functional.batch_norm` with ``torch``'s argument order and without its
    argument checks: one value per channel in training normalises to zeros, and ``eps`` is
    not checked (``cudnn_enabled`` is accepted and has no effect).

    Example::

        >>> x = torch.tensor([[1., 3.], [3., 5.]])
        >>> torch.batch_norm(x, None, None, None, None, True, 0.1, 0.0, False)
        tensor([[-1., -1.],
                [ 1.,  1.]])
    """
    # torch.batch_norm checks neither the batch size nor eps (torch.nn.functional does): one
    # value per channel normalises to zeros, a negative eps gives NaN
    return _F._C._batch_norm(
        input, running_mean, running_var, weight, bias, bool(training), float(momentum), float(eps),
        check_batch=False,
    )


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    """layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True) -> Tensor

    :func:`torch.nn.functional.layer_norm` (``cudnn_enable`` has no effect).

    Example::

        >>> torch.layer_norm(torch.tensor([[1., 3.]]), [2], eps=0.0)
        tensor([[-1.,  1.]])
    """
    return _F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    """group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True) -> Tensor

    :func:`torch.nn.functional.group_norm` (``cudnn_enabled`` has no effect).

    Example::

        >>> torch.group_norm(torch.tensor([[1., 3., 5., 7.]]), 2, eps=0.0)
        tensor([[-1.,  1., -1.,  1.]])
    """
    return _F.group_norm(input, num_groups, weight, bias, eps)


def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False) -> Tensor

    :func:`torch.nn.functional.max_pool1d`, without indices.

    Example::

        >>> torch.max_pool1d(torch.tensor([[1., 5., 2., 4., 3.]]), 2)
        tensor([[5., 4.]])
    """
    return _F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False) -> Tensor

    :func:`torch.nn.functional.max_pool2d`, without indices.

    Example::

        >>> torch.max_pool2d(torch.arange(16.).reshape(1, 4, 4), 2)
        tensor([[[ 5.,  7.],
                 [13., 15.]]])
    """
    return _F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)


def avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True):
    """avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True) -> Tensor

    :func:`torch.nn.functional.avg_pool1d`.

    Example::

        >>> torch.avg_pool1d(torch.tensor([[1., 2., 3., 5.]]), 2)
        tensor([[1.5000, 4.0000]])
    """
    return _F.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def adaptive_avg_pool1d(input, output_size):
    """adaptive_avg_pool1d(input, output_size) -> Tensor

    :func:`torch.nn.functional.adaptive_avg_pool1d`.

    Example::

        >>> torch.adaptive_avg_pool1d(torch.tensor([[1., 2., 3., 5., 7.]]), 2)
        tensor([[2., 5.]])
    """
    return _F.adaptive_avg_pool1d(input, output_size)
