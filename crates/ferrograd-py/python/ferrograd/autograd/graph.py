"""``torch.autograd.graph``: the nodes of the graph (``Node``) and hooks on the tensors saved
for backward (``saved_tensors_hooks``, ``save_on_cpu``, ``disable_saved_tensors_hooks``).

While a ``saved_tensors_hooks(pack_hook, unpack_hook)`` block is active, every tensor that an
operation or a custom ``Function`` saves for backward is given to ``pack_hook``; what it returns
is kept, and ``unpack_hook`` turns it back into a tensor when backward reads it::

    >>> import ferrograd as torch
    >>> def pack_hook(x):
    ...     print("Packing", x)
    ...     return x
    >>> def unpack_hook(x):
    ...     print("Unpacking", x)
    ...     return x
    >>> a = torch.ones(2, requires_grad=True)
    >>> b = torch.ones(2, requires_grad=True) * 2
    >>> with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    ...     y = a * b
    Packing tensor([1., 1.], requires_grad=True)
    Packing tensor([2., 2.], grad_fn=<MulBackward0>)
    >>> y.sum().backward()
    Unpacking tensor([1., 1.], requires_grad=True)
    Unpacking tensor([2., 2.], grad_fn=<MulBackward0>)
"""

import contextlib
from typing import Any, Callable, Iterator

from .. import _ferrograd as _C
from .._ferrograd import Tensor

Node = _C.Node

__all__ = [
    "Node",
    "saved_tensors_hooks",
    "save_on_cpu",
    "disable_saved_tensors_hooks",
    "increment_version",
]


class saved_tensors_hooks:
    """Context-manager that sets a pair of pack / unpack hooks for saved tensors.

    ``pack_hook(tensor) -> Any`` is called every time an operation saves a tensor for
    backward; ``unpack_hook(packed) -> Tensor`` is called when backward reads it, with what
    ``pack_hook`` returned, and must return a tensor with the same content. Hooks apply on the
    thread that entered the block; the innermost block wins.

    Example::

        >>> def pack(x):
        ...     return x * 1
        >>> def unpack(x):
        ...     return x
        >>> a = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        ...     y = a.pow(2)
        >>> y.sum().backward()
        >>> a.grad
        tensor([2., 4.])
    """

    def __init__(self, pack_hook: Callable[[Tensor], Any], unpack_hook: Callable[[Any], Tensor]) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> None:
        _C._push_saved_tensors_hooks(self.pack_hook, self.unpack_hook)

    def __exit__(self, *args: object) -> None:
        _C._pop_saved_tensors_hooks()


class save_on_cpu(saved_tensors_hooks):
    """Context-manager under which tensors saved for backward are moved to CPU memory, and
    copied back to their device when backward reads them. ferrograd's tensors live on the
    CPU, so the tensors are kept as they are.

    Example::

        >>> a = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> with torch.autograd.graph.save_on_cpu():
        ...     y = (a * a).sum()
        >>> y.backward()
        >>> a.grad
        tensor([2., 4.])
    """

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        def pack_to_cpu(tensor: Tensor) -> Any:
            return (tensor.device, tensor)

        def unpack_from_cpu(packed: Any) -> Tensor:
            _device, tensor = packed
            return tensor

        super().__init__(pack_to_cpu, unpack_from_cpu)


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message: str) -> Iterator[None]:
    """Context-manager that disables the saved tensors default hooks feature: entering a
    ``saved_tensors_hooks`` block inside it raises ``RuntimeError(error_message)``.

    Example::

        >>> message = "saved tensors default hooks are disabled"
        >>> with torch.autograd.graph.disable_saved_tensors_hooks(message):
        ...     try:
        ...         with torch.autograd.graph.save_on_cpu():
        ...             pass
        ...     except RuntimeError as e:
        ...         print(e)
        saved tensors default hooks are disabled
    """
    _C._disable_saved_tensors_hooks(error_message)
    try:
        yield
    finally:
        _C._pop_saved_tensors_hooks()


def increment_version(tensor: Tensor) -> None:
    """Update autograd metadata tracking whether the given tensor was modified in place: its
    version counter (``tensor._version``) goes up by one, so that backward through a graph
    that saved it raises PyTorch's in-place error.

    Example::

        >>> x = torch.tensor([1.0, 2.0])
        >>> torch.autograd.graph.increment_version(x)
        >>> x._version
        1
    """
    _C._increment_version(tensor)
