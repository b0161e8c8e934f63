"""Grad mode: ``no_grad``, ``enable_grad``, ``set_grad_enabled`` and ``inference_mode``, as
context managers and as decorators. Grad mode is per thread, as in PyTorch."""

import functools
import inspect

from . import _ferrograd as _C


class _GradModeBase:
    """A context manager that is also a decorator (``@no_grad()`` and ``@no_grad``)."""

    def __new__(cls, orig_func=None, *args, **kwargs):
        if orig_func is not None and callable(orig_func) and cls in (no_grad, enable_grad):
            return cls()(orig_func)
        return super().__new__(cls)

    def clone(self):
        """A new context manager of the same kind and mode (each ``with`` block and each call of a
        decorated function uses a fresh one).
        """
        return self.__class__()

    def __call__(self, func):
        if inspect.isgeneratorfunction(func):

            @functools.wraps(func)
            def gen_wrapper(*args, **kwargs):
                gen = func(*args, **kwargs)
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException as e:
                        with self.clone():
                            response = gen.throw(e)
                    else:
                        try:
                            with self.clone():
                                response = gen.send(request)
                        except StopIteration as e:
                            return e.value

            return gen_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradModeBase):
    """Context-manager that disables gradient calculation.

    Disabling gradient calculation is useful for inference, when you are sure that you will not
    call :meth:`Tensor.backward()`. In this mode, the result of every computation will have
    ``requires_grad=False``, even when the inputs have ``requires_grad=True``. Grad mode is
    thread local. Also functions as a decorator (``@torch.no_grad()`` or ``@torch.no_grad``).

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> with torch.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> @torch.no_grad()
        ... def doubler(x):
        ...     return x * 2
        >>> doubler(x).requires_grad
        False
    """

    def __init__(self, orig_func=None):
        self.prev = True

    def __enter__(self):
        self.prev = _C._set_grad_enabled(False)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)


class enable_grad(_GradModeBase):
    """Context-manager that enables gradient calculation, inside :class:`no_grad` too. Thread local;
    also functions as a decorator.

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> with torch.no_grad():
        ...     with torch.enable_grad():
        ...         y = x * 2
        >>> y.requires_grad
        True
    """

    def __init__(self, orig_func=None):
        self.prev = True

    def __enter__(self):
        self.prev = _C._set_grad_enabled(True)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)


class set_grad_enabled(_GradModeBase):
    """Context-manager that sets gradient calculation on or off, according to :attr:`mode`. It can
    be used as a context manager or as a function (the mode is set at once; used with ``with``,
    the previous mode comes back on exit).

    Args:
        mode (bool): flag whether to enable grad (``True``), or disable (``False``).

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> with torch.set_grad_enabled(False):
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> _ = torch.set_grad_enabled(True)
        >>> (x * 2).requires_grad
        True
    """

    def __init__(self, mode):
        self.mode = bool(mode)
        self.prev = _C._set_grad_enabled(self.mode)

    def __enter__(self):
        _C._set_grad_enabled(self.mode)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)

    def clone(self):
        prev = _C.is_grad_enabled()
        c = self.__class__(self.mode)
        _C._set_grad_enabled(prev)
        c.prev = prev
        return c

    def __call__(self, func):
        _C._set_grad_enabled(self.prev)
        return super().__call__(func)


class inference_mode(_GradModeBase):
    """Context-manager that enables or disables inference mode: like :class:`no_grad` when
    :attr:`mode` is ``True`` (ferrograd has no separate inference tensors). Also a decorator.

    Args:
        mode (bool): flag whether to enable inference mode or not. Default: ``True``.

    Example::

        >>> x = torch.ones(1, 2, 3, requires_grad=True)
        >>> with torch.inference_mode():
        ...     y = x * x
        >>> y.requires_grad
        False
    """

    def __init__(self, mode=True):
        self.mode = bool(mode)
        self.prev = (False, True)

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):
            return cls()(mode)
        return object.__new__(cls)

    def __enter__(self):
        self.prev = _C._set_inference_mode(self.mode)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._restore_inference_mode(*self.prev)

    def clone(self):
        return self.__class__(self.mode)
