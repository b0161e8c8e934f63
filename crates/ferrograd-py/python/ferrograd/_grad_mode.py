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
    """Operations inside do not record the graph (``with torch.no_grad():`` or ``@torch.no_grad()``)."""

    def __init__(self, orig_func=None):
        self.prev = True

    def __enter__(self):
        self.prev = _C._set_grad_enabled(False)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)


class enable_grad(_GradModeBase):
    """Recording is on inside, even within ``no_grad``."""

    def __init__(self, orig_func=None):
        self.prev = True

    def __enter__(self):
        self.prev = _C._set_grad_enabled(True)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)


class set_grad_enabled(_GradModeBase):
    """Sets grad mode at once; used with ``with``, the previous mode comes back on exit."""

    def __init__(self, mode):
        self.mode = bool(mode)
        self.prev = _C._set_grad_enabled(self.mode)

    def __enter__(self):
        pass

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
    """Like ``no_grad`` (ferrograd has no separate inference tensors)."""

    def __init__(self, mode=True):
        self.mode = bool(mode)
        self.prev = True

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):
            return cls()(mode)
        return object.__new__(cls)

    def __enter__(self):
        self.prev = _C._set_grad_enabled(not self.mode and _C.is_grad_enabled())

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)

    def clone(self):
        return self.__class__(self.mode)
