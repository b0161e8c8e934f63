"""Activation modules: one class per activation row of the elementwise op table (under
PyTorch's class name, with the row's parameters and defaults), and ``Softmax``/``LogSoftmax``."""

from ... import _batched
from ... import _ferrograd as _C
from .. import functional as F
from .module import Module

# PyTorch's class name -> (op-table row, whether the constructor takes ``inplace``)
_CLASSES = {
    "ReLU": ("relu", True),
    "LeakyReLU": ("leaky_relu", True),
    "Hardtanh": ("hardtanh", True),
    "Hardsigmoid": ("hardsigmoid", True),
    "Hardswish": ("hardswish", True),
    "Hardshrink": ("hardshrink", False),
    "Softshrink": ("softshrink", False),
    "ELU": ("elu", True),
    "SELU": ("selu", True),
    "CELU": ("celu", True),
    "Softplus": ("softplus", False),
    "SiLU": ("silu", True),
    "Mish": ("mish", True),
    "Sigmoid": ("sigmoid", False),
    "Tanh": ("tanh", False),
    "LogSigmoid": ("logsigmoid", False),
}
_ROWS = {name: params for name, _functional_only, params in _C._unary_ops}

__all__ = list(_CLASSES) + ["GELU", "Softmax", "LogSoftmax"]


def _shown_defaults(row, params):
    if row in ("hardshrink", "softshrink"):
        return str(params[0][1])
    return ", ".join(f"{p}={d}" for p, d in params)


def _activation_class(cls_name, row, takes_inplace):
    params = _ROWS[row]
    names = [p for p, _ in params]
    # entry points of vmap's batching rules (ferrograd._batched): elementwise rows
    impl = _batched.dispatching(getattr(_C, row), row)
    inplace_impl = _batched.dispatching(lambda t, ps: _C._unary_inplace(row, t, ps), row + "_")

    def __init__(self, *args, **kwargs):
        Module.__init__(self)
        allowed = names + (["inplace"] if takes_inplace else [])
        if len(args) > len(allowed):
            raise TypeError(
                f"{cls_name}.__init__() takes from 1 to {len(allowed) + 1} positional arguments but {len(args) + 1} were given"
            )
        values = dict(zip(allowed, args))
        for k, v in kwargs.items():
            if k not in allowed:
                raise TypeError(f"{cls_name}.__init__() got an unexpected keyword argument '{k}'")
            values[k] = v
        for p, default in params:
            setattr(self, p, values.get(p, default))
        if takes_inplace:
            self.inplace = values.get("inplace", False)

    def forward(self, input):
        """The module applied to its input(s)."""
        if getattr(self, "inplace", False):
            return inplace_impl(input, [float(getattr(self, p)) for p in names])
        if not names:
            return impl(input)
        return impl(input, **{p: float(getattr(self, p)) for p in names})

    def extra_repr(self):
        """The arguments shown in the repr."""
        if row in ("hardshrink", "softshrink"):
            # PyTorch shows the threshold alone: Softshrink(0.5)
            return str(self.lambd)
        parts = [f"{p}={getattr(self, p)}" for p in names]
        if getattr(self, "inplace", False):
            parts.append("inplace=True")
        return ", ".join(parts)

    sig = ", ".join([f"{p}={d}" for p, d in params] + (["inplace=False"] if takes_inplace else []))
    doc = f"""{cls_name}({sig})

    Applies ``torch.nn.functional.{row}`` element-wise (the op table's row ``{row}``).

    Example::

        >>> m = nn.{cls_name}()
        >>> m
        {cls_name}({_shown_defaults(row, params)})
    """
    return type(
        cls_name,
        (Module,),
        {"__init__": __init__, "forward": forward, "extra_repr": extra_repr, "__doc__": doc, "__module__": __name__},
    )


for _cls, (_row, _inplace) in _CLASSES.items():
    globals()[_cls] = _activation_class(_cls, _row, _inplace)


class GELU(Module):
    r"""Applies the Gaussian Error Linear Units function ``x * Φ(x)``; with
    ``approximate='tanh'``, its tanh approximation.

    Example::

        >>> nn.GELU(approximate="tanh")
        GELU(approximate='tanh')
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"approximate={repr(self.approximate)}"


class Softmax(Module):
    r"""Applies the Softmax function along ``dim`` (an implicit choice, deprecated, if None).

    Example::

        >>> nn.Softmax(dim=1)(torch.tensor([[0.0, 0.0]]))
        tensor([[0.5000, 0.5000]])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"dim={self.dim}"


class LogSoftmax(Module):
    r"""Applies ``log(softmax(x))`` along ``dim``, computed stably.

    Example::

        >>> nn.LogSoftmax(dim=0)(torch.tensor([0.0, 0.0]))
        tensor([-0.6931, -0.6931])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        """The module applied to its input(s)."""
        return F.log_softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        """The arguments shown in the repr."""
        return f"dim={self.dim}"
