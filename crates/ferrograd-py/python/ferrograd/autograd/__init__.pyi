from typing import Any, Callable, Optional, Sequence, Tuple, TypeVar, Union

from .. import Tensor
from .._grad_mode import enable_grad as enable_grad, inference_mode as inference_mode
from .._grad_mode import no_grad as no_grad, set_grad_enabled as set_grad_enabled
from . import forward_ad as forward_ad, functional as functional, graph as graph, taylor as taylor
from .function import (
    Function as Function,
    FunctionCtx as FunctionCtx,
    once_differentiable as once_differentiable,
)
from .gradcheck import GradcheckError as GradcheckError, gradcheck as gradcheck, gradgradcheck as gradgradcheck

_Tensors = Union[Tensor, Sequence[Tensor]]
_F = TypeVar("_F", bound=Callable[..., Any])

Variable = Tensor

def grad(
    outputs: _Tensors,
    inputs: _Tensors,
    grad_outputs: Optional[_Tensors] = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    only_inputs: bool = True,
    allow_unused: Optional[bool] = None,
    is_grads_batched: bool = False,
    materialize_grads: bool = False,
) -> Tuple[Optional[Tensor], ...]:
    """grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False) -> tuple of Tensors

    Computes and returns the sum of gradients of outputs with respect to the inputs, without
    accumulating them in the inputs' :attr:`grad`.

    :attr:`grad_outputs` should be a sequence of length matching :attr:`outputs` containing the
    "vector" in the vector-Jacobian product, usually the pre-computed gradients w.r.t. each of the
    outputs. If an output does not require grad (or has one element), its gradient can be
    ``None``.

    Args:
        outputs (sequence of Tensor or Tensor): outputs of the differentiated function.
        inputs (sequence of Tensor or Tensor): inputs w.r.t. which the gradient will be returned
            (and not accumulated into ``.grad``).
        grad_outputs (sequence of Tensor, optional): the "vector" in the vector-Jacobian product.
        retain_graph (bool, optional): if ``False``, the graph used to compute the grad will be
            freed. Defaults to the value of :attr:`create_graph`.
        create_graph (bool, optional): if ``True``, the graph of the derivative will be
            constructed, allowing to compute higher order derivative products.
        allow_unused (bool, optional): if ``False``, specifying inputs that were not used when
            computing outputs (and therefore their grad is always zero) is an error; if ``True``
            their gradient is ``None`` (or zeros with :attr:`materialize_grads`).
        is_grads_batched (bool, optional): if ``True``, the first dimension of each tensor in
            :attr:`grad_outputs` is a batch dimension.
        materialize_grads (bool, optional): if ``True``, set the gradient for unused inputs to
            zero instead of ``None``.

    Example::

        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x ** 3).sum()
        >>> (g,) = torch.autograd.grad(y, x, create_graph=True)
        >>> g
        tensor([ 3., 12.], grad_fn=<MulBackward0>)
        >>> torch.autograd.grad(g.sum(), x)
        (tensor([ 6., 12.]),)
    """
def backward(
    tensors: _Tensors,
    grad_tensors: Optional[_Tensors] = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    grad_variables: Optional[_Tensors] = None,
    inputs: Optional[_Tensors] = None,
) -> None:
    """backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None) -> None

    Computes the sum of gradients of given tensors with respect to graph leaves, accumulating
    them in the leaves' :attr:`grad`.

    The graph is differentiated using the chain rule. If any of :attr:`tensors` are non-scalar
    and require gradient, then the Jacobian-vector product is computed and :attr:`grad_tensors`
    must give the "vector" (a tensor of matching shape for each of them).

    Args:
        tensors (Sequence[Tensor] or Tensor): tensors of which the derivative will be computed.
        grad_tensors (Sequence[Tensor or None] or Tensor, optional): the "vector" in the
            Jacobian-vector product, usually gradients w.r.t. each element of corresponding
            tensors. ``None`` values can be specified for scalar tensors.
        retain_graph (bool, optional): if ``False``, the graph used to compute the grad will be
            freed. Defaults to the value of :attr:`create_graph`.
        create_graph (bool, optional): if ``True``, the graph of the derivative will be
            constructed, allowing to compute higher order derivative products.
        inputs (Sequence[Tensor] or Tensor, optional): inputs w.r.t. which the gradient will be
            accumulated into ``.grad``; all other tensors are ignored.

    Example::

        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> y = x * 3
        >>> torch.autograd.backward(y, torch.tensor([1.0, 0.5]))
        >>> x.grad
        tensor([3.0000, 1.5000])
    """

class detect_anomaly:
    """Context-manager that enables anomaly detection for the autograd engine.

    This does two things: running the forward pass with detection enabled allows the backward
    pass to print the traceback of the forward operation that created the failing backward
    function; and any backward computation that generates "nan" value raises an error. Also
    functions as a decorator. ``check_nan`` is accepted for compatibility (ferrograd always
    checks backward results for NaN in this mode).

    Example::

        >>> x = torch.tensor([0.0], requires_grad=True)
        >>> with torch.autograd.detect_anomaly():
        ...     y = x.sqrt() * 0
        ...     y.backward()
        Traceback (most recent call last):
            ...
        RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output....
    """
    def __init__(self, check_nan: bool = True) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(self, *args: object) -> None: ...
    def __call__(self, func: _F) -> _F: ...

class set_detect_anomaly:
    """Context-manager that sets the anomaly detection for the autograd engine on or off, according
    to :attr:`mode`. It can be used as a context manager or as a function (the mode is set at
    once; with ``with``, the previous mode comes back on exit).

    Args:
        mode (bool): flag whether to enable anomaly detection (``True``), or disable (``False``).
        check_nan (bool): accepted for compatibility (ferrograd always checks for NaN).

    Example::

        >>> with torch.autograd.set_detect_anomaly(True):
        ...     torch.is_anomaly_enabled()
        True
    """
    def __init__(self, mode: bool, check_nan: bool = True) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(self, *args: object) -> None: ...

def is_anomaly_enabled() -> bool:
    """is_anomaly_enabled() -> bool

    Returns True if anomaly detection is currently enabled.

    Example::

        >>> torch.is_anomaly_enabled()
        False
    """
