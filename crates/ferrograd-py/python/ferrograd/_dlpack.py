"""``torch.from_dlpack``: tensors from any DLPack producer (NumPy arrays, other libraries'
tensors, or a DLPack capsule)."""

from ._ferrograd import Tensor, from_numpy


class _Capsule:
    """A bare DLPack capsule given the producer protocol, so NumPy can read it."""

    def __init__(self, capsule):
        self._capsule = capsule

    def __dlpack__(self, stream=None, **kwargs):
        return self._capsule

    def __dlpack_device__(self):
        return (1, 0)


def from_dlpack(ext_tensor):
    """from_dlpack(ext_tensor) -> Tensor

    Converts a tensor from an external library into a ``torch.Tensor``.

    ``ext_tensor`` is an object with the ``__dlpack__`` protocol (a NumPy array, a tensor of
    another library on the CPU) or a DLPack capsule. A ferrograd tensor is returned as a
    detached tensor sharing its memory; the elements of any other producer are copied (PyTorch
    shares them). As with :func:`torch.from_numpy`, the dtype must be one ferrograd stores
    (``bool``, ``int64``, ``float32``, ``float64``); another one raises ``TypeError``.

    Args:
        ext_tensor (object with ``__dlpack__`` attribute, or a DLPack capsule): the tensor or
            DLPack capsule to convert.

    Example::

        >>> import numpy as np
        >>> torch.from_dlpack(np.arange(3.0))
        tensor([0., 1., 2.], dtype=torch.float64)
        >>> t = torch.tensor([1.0, 2.0])
        >>> np.from_dlpack(t)
        array([1., 2.], dtype=float32)
    """
    if isinstance(ext_tensor, Tensor):
        if ext_tensor.requires_grad:
            raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
        return ext_tensor.detach()
    import numpy as np

    if not hasattr(ext_tensor, "__dlpack__"):
        if type(ext_tensor).__name__ != "PyCapsule":
            raise TypeError(
                f"from_dlpack(): expected an object with __dlpack__ or a DLPack capsule, not {type(ext_tensor).__name__}"
            )
        ext_tensor = _Capsule(ext_tensor)
    return from_numpy(np.from_dlpack(ext_tensor))
