"""Meta tensors: ``device='meta'``, tensors with a shape and a dtype but no data.

A meta tensor is made by a factory with ``device='meta'`` (``torch.empty(2, 3,
device='meta')``), under ``with torch.device('meta'):`` or ``torch.set_default_device('meta')``,
by ``t.to('meta')``, or by ``Module.to('meta')`` for every parameter and buffer of a module. It
holds no storage: a meta tensor of a billion elements costs a few hundred bytes, which is what
it is for (a module built on the meta device and given its data later with
``Module.to_empty``, a "stateless" copy of a module whose parameters ``functional_call``
replaces, shape checks of a model before it is allocated).

Operations on meta tensors give meta tensors with the shapes, dtypes and ``grad_fn`` PyTorch
gives, and the same errors (a mismatched shape, a meta tensor mixed with a CPU tensor that is
not a scalar). What needs values raises PyTorch's errors: ``.item()``, ``bool(t)``,
``.tolist()``, ``.numpy()``, ``.cpu()``, ``.to('cpu')``, and the ops whose output shape depends
on the values (``nonzero``, boolean masks, ``unique`` ...).

How it works: a meta tensor keeps its shape, dtype and ``requires_grad`` and nothing else. An
in-place initialiser (``uniform_``, ``normal_``, ``fill_``, ``zero_``, ``copy_``, the
``nn.init`` functions) only checks its arguments. Any other operation runs once on zeros of the
inputs' shapes (kept by the meta tensors that took part, so a graph recorded through them can
be differentiated, with meta gradients) and its results become meta tensors again. So an
operation on meta tensors costs what it costs on real ones, and the inputs it touched keep
their zeros while they live; meta tensors that no operation touches (a module's parameters
between ``to('meta')`` and ``to_empty``, a ``functional_call`` template) take no memory. The
random-number generator is left as it was.
"""

import functools
import threading

from . import _batched
from . import _ferrograd as _C
from ._batched import _Wrapper
from ._ferrograd import Tensor as _Tensor
from ._size import Size as _Size

NO_DATA = "Cannot copy out of meta tensor; no data!"
_ITEM = "Tensor.item() cannot be called on meta tensors"
_MODULE_NO_DATA = (
    NO_DATA + " Please use torch.nn.Module.to_empty() instead of torch.nn.Module.to() when moving "
    "module from meta to a different device."
)
_PARAMETER = [None]  # nn.Parameter, set by ferrograd.nn.parameter


def _data_dependent(name):
    if name == "nonzero":
        return NotImplementedError(
            "The register_meta function for torch.nonzero() raises unimplemented by default, as a "
            "correct data-independent implementation does not exist."
        )
    return NotImplementedError(
        f"aten::{name}: attempted to run this operator with Meta tensors, but there was no fake "
        "impl or Meta kernel registered (the shape or value of its result depends on the data)"
    )


def is_meta_device(d):
    """Whether ``d`` (a string, a :class:`torch.device` or None) names the meta device."""
    if d is None:
        return False
    if type(d) is str:
        return d == "meta" or d.startswith("meta:")
    return type(d) is _device_type[0] and d.type == "meta"


_device_type = [None]  # torch.device, set by ferrograd._device


def _contiguous_strides(shape):
    strides, acc = [], 1
    for s in reversed(shape):
        strides.append(acc)
        acc *= max(s, 1)
    return tuple(reversed(strides))


class MetaTensor(_Wrapper):
    """A tensor on the meta device: a shape and a dtype, no data. ``isinstance(t, torch.Tensor)``
    holds (and ``isinstance(t, nn.Parameter)`` for a meta parameter), as in PyTorch."""

    __slots__ = ("_shape", "_dtype", "_rg", "_value", "_param", "_grad", "_gptr", "_strides", "__dict__")

    def __init__(self, shape, dtype, requires_grad=False, value=None, param=False, strides=None):
        _batched._active[0] += 1  # operations look for meta tensors while one exists
        self._shape = tuple(shape)
        self._dtype = dtype
        self._rg = bool(requires_grad)
        self._value = value
        self._param = param
        self._grad = None
        self._gptr = None  # the data pointer of the gradient `_grad` stands for
        self._strides = tuple(strides) if strides is not None else _contiguous_strides(self._shape)

    def __del__(self):
        try:
            _batched._active[0] -= 1
        except (AttributeError, TypeError):  # the interpreter is shutting down
            pass

    @classmethod
    def of(cls, value, param=False):
        """The meta tensor standing for ``value`` (a real tensor an operation gave): it keeps
        ``value`` only when a graph runs through it (so backward reaches its inputs), else its
        shape, dtype and strides."""
        if value.requires_grad:
            return cls(value.shape, value.dtype, True, value, param)
        return cls(value.shape, value.dtype, False, None, param, tuple(value.stride()))

    @property
    def __class__(self):
        if self._param and _PARAMETER[0] is not None:
            return _PARAMETER[0]
        return _Tensor

    def _stand_in(self):
        """A real tensor of this shape and dtype holding one value (stride 0 everywhere), for
        what reads only the shape."""
        return _C.zeros((), dtype=self._dtype, device="cpu").expand(self._shape)

    def _materialize(self):
        """The zeros this meta tensor stands for in a computation (made once, then kept, so a
        graph recorded through them leads back to this tensor)."""
        if self._value is None:
            v = _C.zeros(self._shape, dtype=self._dtype, device="cpu")
            if self._rg:
                v.requires_grad_(True)
            self._value = v
        return self._value

    # what a meta tensor knows without data
    @property
    def shape(self):
        return _Size(self._shape)

    def size(self, dim=None):
        if dim is None:
            return self.shape
        return self._shape[_dim(dim, len(self._shape))]

    def dim(self):
        return len(self._shape)

    ndimension = dim

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        from ._device import device

        return device("meta")

    is_meta = True
    is_cpu = False
    is_cuda = False

    def get_device(self):
        return -1

    def stride(self, dim=None):
        strides = self._value.stride() if self._value is not None else self._strides
        if dim is None:
            return tuple(strides)
        return strides[_dim(dim, len(self._shape))]

    def is_contiguous(self, memory_format=None):
        if self._value is not None:
            return self._value.is_contiguous()
        want = _contiguous_strides(self._shape)
        return all(s == 1 or a == b for s, a, b in zip(self._shape, self._strides, want))

    def data_ptr(self):
        return 0

    def storage_offset(self):
        return 0

    @property
    def _version(self):
        return 0

    def element_size(self):
        return self._dtype.itemsize

    @property
    def itemsize(self):
        return self._dtype.itemsize

    @property
    def nbytes(self):
        return self.numel() * self._dtype.itemsize

    def is_floating_point(self):
        return self._dtype.is_floating_point

    def is_complex(self):
        return False

    @property
    def requires_grad(self):
        return self._value.requires_grad if self._value is not None else self._rg

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad=True):
        if self._value is not None:
            self._value.requires_grad_(requires_grad)
        elif requires_grad and not self._dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._rg = bool(requires_grad)
        return self

    @property
    def is_leaf(self):
        return self._value is None or self._value.is_leaf

    @property
    def grad_fn(self):
        return None if self._value is None else self._value.grad_fn

    @property
    def grad(self):
        if self._value is None or self._value.grad is None:
            return self._grad
        g = self._value.grad
        if self._grad is None or self._gptr != g.data_ptr():
            self._grad, self._gptr = MetaTensor.of(g), g.data_ptr()
        return self._grad

    @grad.setter
    def grad(self, g):
        if g is not None and not isinstance(g, MetaTensor):
            raise RuntimeError(
                "assigned grad has data of a different type: a meta tensor's gradient is a meta tensor"
            )
        if g is not None and tuple(g.shape) != self._shape:
            raise RuntimeError("assigned grad has data of a different size")
        if self._value is not None:
            self._value.grad = None if g is None else g._materialize()
        self._grad = g
        self._gptr = None if g is None else g._materialize().data_ptr()

    def detach(self):
        if self._value is None:
            return MetaTensor(self._shape, self._dtype)
        return MetaTensor.of(self._value.detach())

    @property
    def data(self):
        return self.detach()

    @data.setter
    def data(self, other):
        if not _is_meta(other):
            raise RuntimeError(
                "Attempted to call `variable.set_data(tensor)`, but `variable` and `tensor` have "
                "incompatible tensor type."
            )
        self._shape, self._dtype, self._strides = other._shape, other._dtype, other._strides
        self._value = None

    # what needs data
    def item(self):
        if self.numel() != 1:
            raise RuntimeError(f"a Tensor with {self.numel()} elements cannot be converted to Scalar")
        raise RuntimeError(_ITEM)

    def __bool__(self):
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        raise RuntimeError(_ITEM)

    def __float__(self):
        return self.item()

    __int__ = __index__ = __complex__ = __float__

    def tolist(self):
        raise NotImplementedError(NO_DATA)

    def numpy(self, *args, **kwargs):
        raise TypeError(
            "can't convert meta device type tensor to numpy. Use Tensor.cpu() to copy the tensor "
            "to host memory first."
        )

    __array__ = numpy

    def cpu(self, memory_format=None):
        raise NotImplementedError(NO_DATA)

    def to(self, *args, **kwargs):
        target, dtype, copy = _to_args(args, kwargs)
        if target is not None and not is_meta_device(target):
            raise NotImplementedError(NO_DATA)
        from ._ferrograd import is_grad_enabled

        if dtype is None or dtype == self._dtype:
            return MetaTensor(self._shape, self._dtype, self._rg) if copy else self
        if self.requires_grad and is_grad_enabled():
            return MetaTensor.of(self._materialize().to(dtype))  # ToCopyBackward0
        return MetaTensor(self._shape, dtype)

    def type(self, dtype=None, non_blocking=False):
        probe = _C.zeros(0, dtype=self._dtype, device="cpu")
        if dtype is None:
            return probe.type().replace("torch.", "torch.meta.", 1)
        return self.to(probe.type(dtype).dtype)

    # printing
    def __repr__(self):
        from ._functions import get_default_dtype

        parts = ["device='meta'", f"size={self._shape}"]
        if self._dtype != get_default_dtype():
            parts.append(f"dtype={self._dtype}")
        fn = self.grad_fn
        if fn is not None:
            parts.append(f"grad_fn=<{fn.name()}>")
        elif self.requires_grad:
            parts.append("requires_grad=True")
        # PyTorch's `_add_suffixes`: a suffix that would pass column 80 starts a new line
        text, width = "tensor(...", len("tensor(...") + 2
        for suffix in parts:
            if width + len(suffix) + 2 > 80:
                text += ",\n" + " " * 7 + suffix
                width = 7 + len(suffix)
            else:
                text += ", " + suffix
                width += len(suffix) + 2
        text += ")"
        return "Parameter containing:\n" + text if self._param else text

    __str__ = __repr__

    def __format__(self, spec):
        return repr(self)

    __hash__ = object.__hash__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        out = MetaTensor(self._shape, self._dtype, self.requires_grad, param=self._param)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, proto):
        return (_rebuild_meta, (self._shape, str(self._dtype), self.requires_grad, self._param))

    def __getattr__(self, name):
        attr = getattr(_Tensor, name)  # AttributeError for names a Tensor does not have
        if callable(attr):
            return functools.partial(_batched._call_method, name, self)
        return call(name, lambda t: getattr(t, name), (self,), {})


def _rebuild_meta(shape, dtype, requires_grad, param):
    import ferrograd

    return MetaTensor(shape, getattr(ferrograd, dtype.rsplit(".", 1)[-1]), requires_grad, param=param)


def _dim(d, rank):
    r = max(rank, 1)
    if not -r <= d < r:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {d})")
    return d % r if rank else 0


def _to_args(args, kwargs):
    """``(device, dtype, copy)`` of a ``Tensor.to`` call."""
    from ._device import device as device_type
    from . import dtype as dtype_type

    target = kwargs.get("device")
    dtype = kwargs.get("dtype")
    for a in args:
        if isinstance(a, dtype_type):
            dtype = a
        elif isinstance(a, (str, device_type)):
            target = a
        elif isinstance(a, _Tensor):
            dtype = a.dtype
            target = "meta" if type(a) is MetaTensor else a.device
    return target, dtype, bool(kwargs.get("copy", False))


# ---------------------------------------------------------------------------------------------
# operations


def _is_meta(a):
    return type(a) is MetaTensor


def _tensors(args, kwargs):
    for a in list(args) + list(kwargs.values()):
        if isinstance(a, (list, tuple)):
            yield from (b for b in a if isinstance(b, _Tensor))
        elif isinstance(a, _Tensor):
            yield a


_SHAPE_OF_OTHER = {"expand_as", "reshape_as", "view_as", "type_as", "setitem", "copy_"}


def _check_devices(name, args, kwargs):
    """PyTorch's error for a meta tensor and a CPU tensor in one op; 0-d CPU tensors, integer
    and boolean ones (indices, masks) and the operands an op reads only the shape or dtype of
    (``expand_as``, ``type_as`` ...) or writes nowhere (``meta[i] = cpu``) are allowed."""
    if name in _SHAPE_OF_OTHER:
        return
    expected = None
    for t in _tensors(args, kwargs):
        meta = _is_meta(t)
        if not meta and (t.dim() == 0 or not t.is_floating_point()):
            continue
        if expected is None:
            expected = meta
        elif meta != expected:
            here, want = ("meta", "cpu") if meta else ("cpu", "meta")
            raise RuntimeError(f"Tensor on device {here} is not on the expected device {want}!")


_DATA_DEPENDENT = {
    "nonzero", "argwhere", "masked_select", "unique", "unique_consecutive", "bincount",
    "nonzero_static", "repeat_interleave", "histc", "histogram", "equal", "allclose", "one_hot",
}
_IO = {"save", "save_file"}


def _depends_on_data(name, args, kwargs):
    """Whether this call of a data-dependent op needs values (``repeat_interleave`` with an int
    count or an ``output_size``, and ``one_hot`` with ``num_classes``, do not)."""
    if name == "repeat_interleave":
        repeats = args[1] if len(args) > 1 else kwargs.get("repeats")
        return isinstance(repeats, _Tensor) and kwargs.get("output_size") is None
    if name == "one_hot":
        n = args[1] if len(args) > 1 else kwargs.get("num_classes", -1)
        return n == -1
    return True


_WRITERS = {
    "uniform_", "normal_", "fill_", "zero_", "random_", "bernoulli_", "exponential_",
    "geometric_", "cauchy_", "log_normal_", "copy_",
}


def call(name, fn, args, kwargs):
    """``fn(*args, **kwargs)`` (the operation ``name``) with meta tensors among its arguments."""
    if name in _DATA_DEPENDENT and _depends_on_data(name, args, kwargs):
        if name in ("allclose", "one_hot"):
            raise RuntimeError(_ITEM)
        raise _data_dependent("nonzero" if name in ("argwhere", "masked_select") else name)
    if name in _IO:
        raise NotImplementedError(
            f"ferrograd.{name} does not write meta tensors (they have no data); save their "
            "shapes, or give them storage first (Module.to_empty)"
        )
    if name in ("getitem", "__getitem__") and _bool_index(args[1] if len(args) > 1 else None):
        raise _data_dependent("nonzero")
    if name in _WRITERS and args and _is_meta(args[0]) and args[0]._value is None:
        out = _write(name, args, kwargs)
        if out is not NotImplemented:
            return out
    if name == "copy_" and not _is_meta(args[0]):
        raise NotImplementedError(NO_DATA)
    _check_devices(name, args, kwargs)
    if name in _NEW and args and _is_meta(args[0]):
        return _new(name, args, kwargs)
    if name in ("clone", "contiguous") and _is_meta(args[0]) and args[0]._value is None and not args[0]._rg:
        return MetaTensor(args[0]._shape, args[0]._dtype)
    if name.endswith("_like") and args and _is_meta(args[0]):
        return _like(fn, args, kwargs)
    metas = {}
    fresh = []
    inplace = name.endswith("_") and not name.endswith("__") or name == "setitem"

    def unwrap(a):
        if _is_meta(a):
            if a._value is None:
                fresh.append(a)
            v = a._materialize()
            metas[id(v)] = a
            return v
        if type(a) in (list, tuple):
            return type(a)(unwrap(b) for b in a)
        return a

    real_args = [unwrap(a) for a in args]
    real_kwargs = {k: unwrap(v) for k, v in kwargs.items()}
    state = _C.get_rng_state() if name in _batched._RANDOM or name in _WRITERS else None
    try:
        out = fn(*real_args, **real_kwargs)
    finally:
        if state is not None:
            _C.set_rng_state(state)
        # zeros that no graph needs are given back (an in-place op's target keeps them)
        for m in fresh:
            if not m._value.requires_grad and not (inplace and args and m is args[0]):
                m._strides = tuple(m._value.stride())
                m._value = None
    return _wrap(out, metas)


def _wrap(out, metas):
    if isinstance(out, _Tensor) and not isinstance(out, _Wrapper):
        same = metas.get(id(out))
        return MetaTensor.of(out) if same is None else same
    if isinstance(out, tuple):
        return _batched._rebuild(out, [_wrap(o, metas) for o in out])
    if isinstance(out, list):
        return [_wrap(o, metas) for o in out]
    return out


def _bool_index(key):
    keys = key if isinstance(key, tuple) else (key,)
    return any(isinstance(k, _Tensor) and k.dtype == _C.bool for k in keys)


def _write(name, args, kwargs):
    """An initialiser on a meta tensor that no operation has touched: PyTorch's checks, no
    values to write."""
    from ._ferrograd import is_grad_enabled

    self = args[0]
    if self._rg and is_grad_enabled():
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    others = list(_tensors(args[1:], kwargs))
    if is_grad_enabled() and any(t.requires_grad for t in others):
        return NotImplemented  # recorded on zeros (CopyBackwards)
    for t in others:
        if name == "fill_" and t.dim() != 0:
            raise RuntimeError(
                f"fill_ only supports 0-dimension value tensor but got tensor with {t.dim()} dimensions."
            )
        _broadcast_to(tuple(t.shape), self._shape)
    return self


def _broadcast_to(shape, target):
    """PyTorch's error when ``shape`` does not broadcast to ``target``."""
    n = max(len(shape), len(target))
    a = (1,) * (n - len(target)) + tuple(target)
    b = (1,) * (n - len(shape)) + tuple(shape)
    for d, (x, y) in enumerate(zip(a, b)):
        if x != y and 1 not in (x, y):
            raise RuntimeError(
                f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                f"non-singleton dimension {d}"
            )
    full = tuple(max(x, y) for x, y in zip(a, b))
    if full != tuple(target):
        raise RuntimeError(
            f"output with shape {list(target)} doesn't match the broadcast shape {list(full)}"
        )


def _like(fn, args, kwargs):
    """``zeros_like(meta, ...)`` and the other ``*_like`` factories: a meta tensor of the same
    shape (its dtype, ``requires_grad`` and argument checks from the factory run on an empty
    tensor), or a real tensor when another device is asked for."""
    x = args[0]
    target = kwargs.get("device")
    probe_kwargs = {k: v for k, v in kwargs.items() if k != "device"}
    if target is not None and not is_meta_device(target):
        return fn(x._stand_in(), *args[1:], **probe_kwargs)
    probe = fn(_C.zeros(0, dtype=x._dtype, device="cpu"), *args[1:], **probe_kwargs)
    return MetaTensor(x._shape, probe.dtype, probe.requires_grad)


# ---------------------------------------------------------------------------------------------
# the default device


class _Stack(list):
    """A thread's default devices, innermost last. A thread that ends with the meta device as
    its default no longer counts among those that have it (its stack is freed with the thread's
    local data)."""

    __slots__ = ()

    def __del__(self):
        if self and self[-1] == "meta":
            try:
                _C._meta_default_threads(-1)
            except Exception:  # the interpreter is shutting down
                pass


class _Default(threading.local):
    """The default device of this thread: ``set_default_device``'s, then the innermost
    ``with torch.device(...)`` (PyTorch's default device is per thread too)."""

    def __init__(self):
        self.stack = _Stack(["cpu"])


_DEFAULT = _Default()


def default_device():
    """The type of this thread's default device: ``'cpu'`` or ``'meta'``."""
    return _DEFAULT.stack[-1]


def _count(delta):
    """Keeps the count of threads whose default device is meta (the factories ask this
    thread's default device only while it is not zero)."""
    if delta:
        _C._meta_default_threads(delta)


def push_default(kind):
    stack = _DEFAULT.stack
    _count((kind == "meta") - (stack[-1] == "meta"))
    stack.append(kind)


def pop_default():
    stack = _DEFAULT.stack
    kind = stack.pop()
    _count((stack[-1] == "meta") - (kind == "meta"))


def set_default(kind):
    stack = _DEFAULT.stack
    before = stack[-1]
    stack[0] = kind
    _count((stack[-1] == "meta") - (before == "meta"))


# ---------------------------------------------------------------------------------------------
# factories and Tensor.to: the bindings parse every device argument and call these for 'meta'


def _make(shape, dtype, requires_grad):
    """A factory's result for the meta device (the bindings have checked its arguments)."""
    return MetaTensor(shape, dtype, requires_grad)


def _to_meta(self, *args, **kwargs):
    """``t.to(...)`` for the meta device (the Rust method calls this when an argument names it):
    a meta tensor of ``t``'s shape, recorded (``ToCopyBackward0``-like) when ``t`` requires grad."""
    if type(self) is MetaTensor:  # torch.Tensor.to(meta, ...)
        return MetaTensor.to(self, *args, **kwargs)
    _, dtype, _ = _to_args(args, kwargs)
    from ._ferrograd import is_grad_enabled

    if self.requires_grad and is_grad_enabled():
        # recorded, so a backward pass reaches `self`
        return MetaTensor.of(self.to(dtype or self.dtype, copy=True))
    return MetaTensor(self.shape, dtype or self.dtype)


_NEW = {"new_zeros": "zeros", "new_ones": "ones", "new_empty": "empty", "new_full": "full",
        "new_tensor": "tensor"}


def _new(name, args, kwargs):
    """``t.new_zeros(...)`` and the other ``new_*`` methods of a meta tensor ``t``: the torch
    factory with ``t``'s dtype, on the meta device unless another is asked for."""
    self, args = args[0], args[1:]
    kwargs = dict(kwargs, dtype=kwargs.get("dtype") or self.dtype)
    if kwargs.get("device") is None:
        kwargs["device"] = "meta"
    return _batched._NS[_NEW[name]](*args, **kwargs)


def install_methods(cls):
    """``t.is_meta`` for real tensors, and the hooks through which the bindings' factories,
    ``new_*`` methods and ``Tensor.to`` make meta tensors."""
    cls.is_meta = property(lambda self: False, doc="Is ``True`` if the Tensor is a meta tensor.")
    _C._set_meta_hooks(_to_meta, _make, default_device)


_batched._set_meta(MetaTensor, call)
