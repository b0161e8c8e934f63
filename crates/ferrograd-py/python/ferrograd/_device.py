"""``device``: ferrograd computes on the CPU, so ``device('cpu')`` is the one device that
holds data; ``device('meta')`` holds shapes only (``ferrograd._meta``)."""

from . import _meta
from ._ferrograd import _parse_device

_builtin_type = type


class device:
    """A :class:`torch.device` is an object representing the device on which a tensor is or will
    be allocated: a device type (``'cpu'``, ``'cuda'``, ...) and an optional index. ferrograd
    computes on the CPU only; other devices can be named but not used.

    Example::

        >>> torch.device("cpu")
        device(type='cpu')
        >>> torch.device("cuda:1")
        device(type='cuda', index=1)
        >>> torch.device("cuda", 0).index
        0
    """

    __slots__ = {
        "type": "The type of the device: ``'cpu'``, ``'cuda'``, ``'mps'`` or ``'meta'``.",
        "index": "The index of the device for its type (``None`` when not given).",
    }

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool):
            # an int names a CUDA device, as in PyTorch
            type, index = "cuda", type
        elif isinstance(type, str):
            text = type
            type, parsed = _parse_device(text)
            if parsed is not None:
                if index is not None:
                    raise RuntimeError(
                        "type (string) must not include an index because index was passed "
                        "explicitly: " + text
                    )
                index = parsed
        else:
            raise TypeError(
                "device() received an invalid combination of arguments - got "
                f"({_builtin_type(type).__name__}), but expected one of:\n"
                " * (torch.device device)\n"
                "      didn't match because some of the arguments have invalid types: "
                f"(!{_builtin_type(type).__name__}!)\n"
                " * (str type, int index = -1)\n"
            )
        if index is not None:
            if isinstance(index, bool) or not isinstance(index, int):
                raise TypeError(
                    "device(): argument 'index' (position 2) must be int, not "
                    + _builtin_type(index).__name__
                )
            if index < 0:
                raise RuntimeError("Device index must not be negative")
        self.type = type
        self.index = index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        # as PyTorch, a device equals only a device (not its string)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __enter__(self):
        """``with torch.device('meta'):`` makes the factories (and the modules built inside)
        create meta tensors when no device is given; ``'cpu'`` restores the CPU."""
        _check_usable(self, "use")
        _meta.push_default(self.type)
        return self

    def __exit__(self, *exc):
        _meta.pop_default()
        return False


_meta._device_type[0] = device


def _check_usable(d, verb):
    if d.type not in ("cpu", "meta"):
        raise RuntimeError(
            f"ferrograd computes on the CPU only; cannot {verb} {d} as the default device "
            "(torch.accelerator.is_available() is False)"
        )


def get_default_device():
    """get_default_device() -> torch.device

    The device factories create tensors on when they are given none: the CPU, or the meta
    device inside ``with torch.device('meta'):`` or after ``torch.set_default_device('meta')``.

    Example::

        >>> torch.get_default_device()
        device(type='cpu')
    """
    return device(_meta.default_device())


def set_default_device(device_):
    """set_default_device(device) -> None

    Sets the device factories create tensors on when they are given none. ferrograd computes on
    the CPU: ``'cpu'`` (or ``None``, which restores the default) and ``'meta'`` (tensors with a
    shape and no data) are accepted; another device raises ``RuntimeError``.

    Example::

        >>> torch.set_default_device("cpu")
        >>> torch.zeros(1).device
        device(type='cpu')
    """
    d = device("cpu" if device_ is None else device_)
    _check_usable(d, "make")
    _meta.set_default(d.type)
