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

``forward`` runs without recording the graph and returns a tensor or a tuple (tensors and
other values); ``backward`` receives one gradient per output (``None`` for non-tensor outputs)
and returns one gradient (or ``None``) per argument of ``apply``. Written with differentiable
tensor operations, ``backward`` gives higher derivatives too (``create_graph=True``). The
outputs' ``grad_fn`` is named ``<ClassName>Backward``. Exceptions raised in ``backward`` come
out of ``backward()`` / ``autograd.grad`` unchanged.

Under forward-mode AD the outputs' tangents come from ``jvp`` when the class defines it;
otherwise, for a function with one differentiable output, they are derived from ``backward``.
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

    def save_for_forward(self, *tensors: Optional[Tensor]) -> None:
        """Saves tensors for ``jvp``, which reads them back with ``ctx.saved_tensors``."""
        self.saved_for_forward = tensors

    def mark_non_differentiable(self, *args: Tensor) -> None:
        """Marks outputs as not differentiable: they are returned without ``grad_fn``, and
        ``backward`` receives a zero gradient for them (``None`` without materialization)."""
        self.non_differentiable = args

    def mark_dirty(self, *args: Tensor) -> None:
        """Marks inputs that ``forward`` modified in place; ``forward`` must return them. The
        output is then the input itself, its history now ending in this function."""
        self.dirty_tensors = args

    def set_materialize_grads(self, value: bool) -> None:
        """Whether outputs that received no gradient get a zero gradient in ``backward``
        (``True``, the default) or ``None``."""
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
        """The tangents of the outputs given one tangent per argument of ``apply`` (forward-mode
        AD). Without it, the tangent of a single differentiable output is derived from
        ``backward``."""
        raise NotImplementedError(
            "You must implement the jvp function for custom autograd.Function to use it with forward mode AD."
        )

    #: With ``True``, ``torch.func.vmap`` runs ``forward`` itself on every example (it must be
    #: written with ``setup_context`` and use only PyTorch operations).
    generate_vmap_rule = False

    @staticmethod
    def vmap(info: Any, in_dims: Tuple[Any, ...], *args: Any) -> Any:
        """The rule ``torch.func.vmap`` uses: given ``info`` (``batch_size``, ``randomness``),
        the batch dimension of each argument (``None`` where it has none) and the batched
        arguments, returns ``(output, out_dims)``. Here the examples of a vmap run one at a
        time, so the rule sees a batch of one in dimension 0. To be overridden (or set
        :attr:`generate_vmap_rule`)."""
        raise NotImplementedError(
            "To use autograd.Function with vmap, you must either override the vmap staticmethod "
            "or set generate_vmap_rule=True."
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
        from .. import func as _func

        under = _func._custom_function_under_transform(cls, args)
        if under is not None:
            return under()
        ctx = FunctionCtx()
        raw, tensors = _C._function_apply(cls, ctx, args, cls.jvp is not Function.jvp)
        # a tensor modified in place (mark_dirty) comes back as the caller's object
        originals = [a for a in args if isinstance(a, Tensor)]

        def restore(t: Tensor) -> Tensor:
            for a in originals:
                if _C._tensor_is_same(a, t):
                    return a
            return t

        it = iter(tensors)
        if isinstance(raw, tuple):
            return tuple(restore(next(it)) if isinstance(o, Tensor) else o for o in raw)
        return restore(next(it)) if isinstance(raw, Tensor) else raw

    @classmethod
    def _ferrograd_forward(cls, ctx: FunctionCtx, args: Tuple[Any, ...]) -> Any:
        if _is_setup_context_defined(cls.setup_context):
            out = cls.forward(*args)
            cls.setup_context(ctx, args, out)
            return out
        return cls.forward(ctx, *args)

    @classmethod
    def _ferrograd_backward(cls, ctx: FunctionCtx, grad_outputs: Tuple[Any, ...]) -> Any:
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

    @classmethod
    def _ferrograd_jvp(cls, ctx: FunctionCtx, tangents: Tuple[Any, ...]) -> Any:
        saved = ctx.__dict__.get("saved_for_forward")
        ctx._saved_tensors = () if saved is None else tuple(saved)
        try:
            return cls.jvp(ctx, *tangents)
        finally:
            ctx._saved_tensors = None


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
