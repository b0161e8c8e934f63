"""``torch.accelerator``: ferrograd has no accelerator, so code written for any device, such as

    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"

runs on the CPU."""

__all__ = ["current_accelerator", "is_available", "device_count", "current_device_index", "set_device_index", "synchronize"]


def _none():
    return RuntimeError("ferrograd has no accelerator (torch.accelerator.is_available() is False)")


def current_accelerator(check_available=False):
    """current_accelerator(check_available=False) -> torch.device or None

    The accelerator device: ``None``, since ferrograd computes on the CPU only.

    Example::

        >>> torch.accelerator.current_accelerator() is None
        True
    """
    return None


def is_available():
    """is_available() -> bool

    Whether an accelerator is available: always ``False``.

    Example::

        >>> torch.accelerator.is_available()
        False
    """
    return False


def device_count():
    """device_count() -> int

    The number of accelerator devices: always ``0``.

    Example::

        >>> torch.accelerator.device_count()
        0
    """
    return 0


def current_device_index():
    """current_device_index() -> int

    Raises ``RuntimeError``: there is no accelerator device.

    Example::

        >>> torch.accelerator.current_device_index()
        Traceback (most recent call last):
        ...
        RuntimeError: ferrograd has no accelerator (torch.accelerator.is_available() is False)
    """
    raise _none()


current_device_idx = current_device_index


def set_device_index(device):
    """set_device_index(device) -> None

    Raises ``RuntimeError``: there is no accelerator device.

    Example::

        >>> torch.accelerator.set_device_index(0)
        Traceback (most recent call last):
        ...
        RuntimeError: ferrograd has no accelerator (torch.accelerator.is_available() is False)
    """
    raise _none()


set_device_idx = set_device_index


def synchronize(device=None):
    """synchronize(device=None) -> None

    Raises ``RuntimeError``: there is no accelerator device to wait for.

    Example::

        >>> torch.accelerator.synchronize()
        Traceback (most recent call last):
        ...
        RuntimeError: ferrograd has no accelerator (torch.accelerator.is_available() is False)
    """
    raise _none()
