from typing import Any, Callable, Optional, Sequence, Tuple, TypeVar, Union

from .. import Tensor
from .._grad_mode import enable_grad as enable_grad, inference_mode as inference_mode
from .._grad_mode import no_grad as no_grad, set_grad_enabled as set_grad_enabled
from . import forward_ad as forward_ad, functional as functional, taylor as taylor
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
) -> Tuple[Optional[Tensor], ...]: ...
def backward(
    tensors: _Tensors,
    grad_tensors: Optional[_Tensors] = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    grad_variables: Optional[_Tensors] = None,
    inputs: Optional[_Tensors] = None,
) -> None: ...

class detect_anomaly:
    def __init__(self, check_nan: bool = True) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(self, *args: object) -> None: ...
    def __call__(self, func: _F) -> _F: ...

class set_detect_anomaly:
    def __init__(self, mode: bool, check_nan: bool = True) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(self, *args: object) -> None: ...

def is_anomaly_enabled() -> bool: ...
