"""Module-level forms of tensor methods (``torch.sum(x, 0)`` is ``x.sum(0)``)."""

from ._ferrograd import Tensor, float32


def _method(name):
    method = getattr(Tensor, name)

    def fn(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(
                f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}"
            )
        return method(input, *args, **kwargs)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = method.__doc__
    return fn


sum = _method("sum")
mean = _method("mean")
max = _method("max")
min = _method("min")
amax = _method("amax")
amin = _method("amin")
argmax = _method("argmax")
argmin = _method("argmin")
reshape = _method("reshape")
flatten = _method("flatten")
ravel = _method("ravel")
transpose = _method("transpose")
swapaxes = _method("swapaxes")
t = _method("t")
permute = _method("permute")
squeeze = _method("squeeze")
unsqueeze = _method("unsqueeze")
select = _method("select")
narrow = _method("narrow")
unbind = _method("unbind")
eq = _method("eq")
ne = _method("ne")
lt = _method("lt")
le = _method("le")
gt = _method("gt")
ge = _method("ge")
greater = gt
greater_equal = ge
less = lt
less_equal = le
not_equal = ne
logical_not = _method("logical_not")
logical_and = _method("logical_and")
logical_or = _method("logical_or")
logical_xor = _method("logical_xor")
clone = _method("clone")
detach = _method("detach")
masked_fill = _method("masked_fill")
multiply = _method("multiply")
subtract = _method("subtract")
divide = _method("divide")
true_divide = _method("true_divide")
clamp_min = _method("clamp_min")
clamp_max = _method("clamp_max")


def softmax(input, dim, dtype=None):
    """Softmax along ``dim``."""
    return input.softmax(dim, dtype)


def log_softmax(input, dim, dtype=None):
    """Log of softmax along ``dim``."""
    return input.log_softmax(dim, dtype)


def get_default_dtype():
    """The default floating dtype: always ``float32``."""
    return float32


def set_default_dtype(d):
    """Only ``float32`` is supported as the default floating dtype."""
    if d is not float32:
        raise RuntimeError(
            f"ferrograd's default floating dtype is float32; set_default_dtype({d}) is not supported"
        )


_last_seed = [0]


def seed():
    """Seeds the generator from the clock and returns the seed."""
    import time

    from ._ferrograd import manual_seed

    s = time.time_ns() & 0xFFFF_FFFF_FFFF
    manual_seed(s)
    _last_seed[0] = s
    return s


def initial_seed():
    """The last seed set through ``seed()``."""
    return _last_seed[0]
