"""Anomaly detection: ``detect_anomaly`` and ``set_detect_anomaly``, as in PyTorch.

With anomaly detection on, a backward function that returns NaN raises
``RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.``, and the
error for a tensor saved for backward and then modified in place names the operation that saved
it. ferrograd's messages add where the operation was recorded: a location in ferrograd's
sources (PyTorch instead prints the Python traceback of the forward call in a warning).
Anomaly mode is process-wide, as in PyTorch.
"""

import functools
import warnings
from typing import Any, Callable, TypeVar

from .. import _ferrograd as _C

__all__ = ["detect_anomaly", "set_detect_anomaly"]

_F = TypeVar("_F", bound=Callable[..., Any])


def is_anomaly_enabled() -> bool:
    """is_anomaly_enabled() -> bool

    Returns True if anomaly detection is currently enabled.

    Example::

        >>> torch.is_anomaly_enabled()
        False
    """
    return _C.is_anomaly_enabled()


def is_anomaly_check_nan_enabled() -> bool:
    """is_anomaly_check_nan_enabled() -> bool

    Whether backward results are checked for NaN in anomaly mode: always ``True`` in ferrograd
    (its anomaly mode always checks).

    Example::

        >>> torch.is_anomaly_check_nan_enabled()
        True
    """
    return True


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """set_anomaly_enabled(enabled, check_nan=True) -> None

    Turns anomaly detection on or off (see :class:`torch.autograd.detect_anomaly`).

    Args:
        enabled (bool): whether anomaly detection is on.
        check_nan (bool): accepted for compatibility; ferrograd always checks for NaN.

    Example::

        >>> torch.set_anomaly_enabled(True)
        >>> torch.is_anomaly_enabled()
        True
        >>> torch.set_anomaly_enabled(False)
    """
    _C._set_anomaly_enabled(bool(enabled))


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

    def __init__(self, check_nan: bool = True) -> None:
        self.prev = _C.is_anomaly_enabled()
        self.check_nan = check_nan
        warnings.warn(
            "Anomaly Detection has been enabled. "
            "This mode will increase the runtime "
            "and should only be enabled for debugging.",
            stacklevel=2,
        )

    def __enter__(self) -> None:
        self.prev = _C._set_anomaly_enabled(True)

    def __exit__(self, *args: object) -> None:
        _C._set_anomaly_enabled(self.prev)

    def __new__(cls, check_nan: Any = True) -> Any:
        if callable(check_nan):
            # used bare, as @detect_anomaly
            return cls()(check_nan)
        return super().__new__(cls)

    def __call__(self, func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            prev = _C._set_anomaly_enabled(True)
            try:
                return func(*args, **kwargs)
            finally:
                _C._set_anomaly_enabled(prev)

        return wrapper  # type: ignore[return-value]


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

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev = _C._set_anomaly_enabled(bool(mode))
        self.check_nan = check_nan

    def __enter__(self) -> None:
        pass

    def __exit__(self, *args: object) -> None:
        _C._set_anomaly_enabled(self.prev)
