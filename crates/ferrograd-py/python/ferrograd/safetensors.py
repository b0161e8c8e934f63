"""State dicts in the safetensors format, with the API of ``safetensors.torch``: files written
here load with ``safetensors.torch.load_file`` in PyTorch, and PyTorch's load here (float32,
float64, int64 and bool as they are; smaller integers as int64)."""

from . import _ferrograd as _C

__all__ = ["save", "load", "save_file", "load_file"]


def save(tensors, metadata=None):
    """save(tensors) -> bytes

    The safetensors bytes of a dict of name -> tensor.

    Example::

        >>> import ferrograd as torch
        >>> from ferrograd.safetensors import save, load
        >>> load(save({"w": torch.tensor([1.0, 2.0])}))
        {'w': tensor([1., 2.])}
    """
    if metadata:
        raise NotImplementedError("ferrograd.safetensors does not write metadata")
    names = list(tensors)
    return _C._safetensors_dumps(names, [tensors[n] for n in names])


def load(data):
    """load(data) -> dict

    The dict of name -> tensor held by safetensors bytes, in the file's order.

    Example::

        >>> import ferrograd as torch
        >>> from ferrograd.safetensors import save, load
        >>> load(save({"n": torch.tensor([3])}))["n"]
        tensor([3])
    """
    return dict(_C._safetensors_loads(bytes(data)))


def save_file(tensors, filename, metadata=None):
    """save_file(tensors, filename) -> None

    Writes a dict of name -> tensor (a ``state_dict()``) to a safetensors file.

    Example::

        >>> import os, tempfile, ferrograd as torch
        >>> from ferrograd.safetensors import save_file, load_file
        >>> path = os.path.join(tempfile.mkdtemp(), "m.safetensors")
        >>> save_file({"b": torch.zeros(2)}, path)
        >>> load_file(path)
        {'b': tensor([0., 0.])}
    """
    data = save(tensors, metadata)
    with open(filename, "wb") as f:
        f.write(data)


def load_file(filename, device="cpu"):
    """load_file(filename, device="cpu") -> dict

    The dict of name -> tensor of a safetensors file (for ``load_state_dict``).
    """
    if str(device) != "cpu":
        raise RuntimeError(f"ferrograd tensors live on the CPU; cannot load to {device}")
    with open(filename, "rb") as f:
        return load(f.read())
