"""``torch.autograd.Function``: custom differentiable operations defined by a forward and a
backward written in Python.

Subclass :class:`Function` with ``@staticmethod forward(ctx, *args)`` and
``@staticmethod backward(ctx, grad_output)``, then call ``MyFn.apply(*args)``::

    >>> import ferrograd as torch
    >>> class Cube(torch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         (x,) = ctx.saved_tensors
    ...         return grad_output * 3 * x ** 2
    >>> x = torch.tensor(2.0, requires_grad=True)
    >>> y = Cube.apply(x)
    >>> y
    tensor(8., grad_fn=<CubeBackward>)
    >>> y.backward()
    >>> x.grad
    tensor(12.)

``forward`` runs without recording the graph; ``backward`` returns one gradient (or ``None``)
per argument of ``apply``. Written with differentiable tensor operations, ``backward`` gives
higher derivatives too (``create_graph=True``). The output's ``grad_fn`` is named
``<ClassName>Backward``. Exceptions raised in ``backward`` come out of ``backward()`` /
``autograd.grad`` unchanged.

As in ferrograd's Rust API, ``forward`` returns one tensor. Under forward-mode AD the output's
tangent is derived from ``backward`` (no ``jvp`` is needed).
"""

import inspect
import warnings
from typing import Any, Optional, Tuple

from .. import _ferrograd as _C
from .._ferrograd import Tensor

__all__ = ["FunctionCtx", "Function", "once_differentiable"]


class FunctionCtx:
    """The ``ctx`` object handed to ``forward`` and ``backward``: tensors saved for backward,
    ``needs_input_grad``, and any attribute ``forward`` sets on it."""

    needs_input_grad: Tuple[bool, ...]

    def save_for_backward(self, *tensors: Optional[Tensor]) -> None:
        """Saves tensors (inputs or the output, or ``None``) for ``backward``; read them back
        with ``ctx.saved_tensors``. Call at most once, from ``forward`` (or ``setup_context``).
        Saved tensors are checked for in-place modification when backward runs."""
        self.to_save = tensors

    @property
    def saved_tensors(self) -> Tuple[Optional[Tensor], ...]:
        """The tensors given to ``save_for_backward``, in order (inside ``backward``)."""
        saved = self.__dict__.get("_saved_tensors")
        return () if saved is None else saved

    def mark_non_differentiable(self, *args: Tensor) -> None:
        """Marks the output as not differentiable: it is returned without ``grad_fn``."""
        self.non_differentiable = args

    def set_materialize_grads(self, value: bool) -> None:
        """Accepted for compatibility: the gradient of the single output is always a tensor."""
        self.materialize_grads = bool(value)


def _is_setup_context_defined(fn: Any) -> bool:
    return fn is not Function.setup_context


class Function:
    """Base class to create custom autograd functions.

    To create a custom autograd function, subclass this class and implement the ``forward`` and
    ``backward`` static methods. Then, to use your custom op in the forward pass, call the class
    method ``apply``. Do not call ``forward`` directly. ``forward`` runs without recording the
    graph; ``backward`` returns one gradient (or ``None``) per argument of ``apply``. The
    output's ``grad_fn`` is named ``<ClassName>Backward``.

    Example::

        >>> class Exp(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, i):
        ...         result = i.exp()
        ...         ctx.save_for_backward(result)
        ...         return result
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         (result,) = ctx.saved_tensors
        ...         return grad_output * result
        >>> x = torch.tensor([0.0, 1.0], requires_grad=True)
        >>> y = Exp.apply(x)
        >>> y.sum().backward()
        >>> x.grad
        tensor([1.0000, 2.7183])
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(
            f"{self.__class__} should not be instantiated. Methods on autograd functions "
            "are all static, so you should invoke them on the class itself. "
            "Instantiating an autograd function will raise an "
            "error in a future version of PyTorch.",
            DeprecationWarning,
            stacklevel=2,
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. "
            "Please use new-style autograd function with static forward method. "
            "(Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)"
        )

    @staticmethod
    def forward(*args: Any, **kwargs: Any) -> Any:
        """Computes the output: ``forward(ctx, *args)``, or ``forward(*args)`` together with a
        ``setup_context(ctx, inputs, output)``. To be overridden."""
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx: Any, inputs: Tuple[Any, ...], output: Any) -> Any:
        """Saves what backward needs, when ``forward`` does not take ``ctx``."""
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        """The gradients of the inputs (one per argument of ``apply``, ``None`` for
        non-tensors) given the gradient of the output. To be overridden."""
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    vjp = backward

    @staticmethod
    def jvp(ctx: Any, *grad_inputs: Any) -> Any:
        """Not used: under forward-mode AD ferrograd derives the tangent from ``backward``."""
        raise NotImplementedError(
            "You must implement the jvp function for custom autograd.Function to use it with forward mode AD."
        )

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Runs ``forward`` on ``args`` and records the operation in the graph."""
        if kwargs:
            fwd = cls.forward
            params = list(inspect.signature(fwd).parameters.values())
            if not _is_setup_context_defined(cls.setup_context) and params:
                params = params[1:]  # ctx
            bound = inspect.Signature(params).bind(*args, **kwargs)
            bound.apply_defaults()
            args = bound.args
        ctx = FunctionCtx()
        out = _C._function_apply(cls, ctx, args)
        marked = ctx.__dict__.pop("non_differentiable", ())
        if any(isinstance(t, Tensor) and t.data_ptr() == out.data_ptr() and t.shape == out.shape for t in marked):
            out = out.detach()
        return out

    @classmethod
    def _ferrograd_forward(cls, ctx: FunctionCtx, args: Tuple[Any, ...]) -> Any:
        if _is_setup_context_defined(cls.setup_context):
            out = cls.forward(*args)
            cls.setup_context(ctx, args, out)
            return out
        return cls.forward(ctx, *args)

    @classmethod
    def _ferrograd_backward(cls, ctx: FunctionCtx, *grad_outputs: Tensor) -> Any:
        backward_fn = cls.backward
        vjp_fn = cls.vjp
        if backward_fn is not Function.backward and vjp_fn is not Function.vjp:
            raise RuntimeError(
                "Implementing both 'backward' and 'vjp' for a custom "
                "Function is not allowed. You should only implement one "
                "of them."
            )
        user_fn = vjp_fn if vjp_fn is not Function.vjp else backward_fn
        return user_fn(ctx, *grad_outputs)


def once_differentiable(fn: Any) -> Any:
    """Decorator for the ``backward`` of a custom :class:`Function`: runs it without recording the
    graph, so the gradients it returns cannot be differentiated again (they do not require grad).

    Example::

        >>> class Double(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         return x * 2
        ...     @staticmethod
        ...     @torch.autograd.function.once_differentiable
        ...     def backward(ctx, grad):
        ...         return grad * 2
        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> (g,) = torch.autograd.grad(Double.apply(x).sum(), x, create_graph=True)
        >>> g.requires_grad
        False
    """
    import functools

    from .._grad_mode import no_grad

    @functools.wraps(fn)
    def wrapper(ctx: Any, *args: Any) -> Any:
        with no_grad():
            return fn(ctx, *args)

    return wrapper
