"""Batched tensors: how ``torch.func.vmap`` runs each operation once on the whole batch.

Inside ``vmap``, the function sees ``BatchedTensor`` objects: a tensor of the whole batch (its
*value*, with the batch in dimension 0) that behaves as one example (its *logical* shape is the
value's shape without dimension 0). Every operation on one goes through :func:`dispatch`,
which looks up the operation's batching rule by name:

- the rows of the op table (``_C._unary_ops``, ``_C._binary_ops``) and the other elementwise
  functions broadcast their operands against the batch and run once on the values;
- reductions, softmaxes and cumulative ops move their ``dim`` past the batch dimension (a
  reduction over everything reduces each example's flattened values);
- views and shape ops (``view``, ``reshape``, ``transpose``, ``permute``, ``unsqueeze``,
  indexing with ints and slices, ``expand``, ``cat``, ``stack`` ...) are the same view of the
  value with the batch dimension kept in front;
- products (``matmul``, ``mm``, ``bmm``, ``mv``, ``dot``, ``F.linear``) become one batched
  product; ``F.cross_entropy``, ``F.nll_loss`` and the elementwise losses reduce per example;
- ``torch.autograd.grad`` differentiates the values: an example's output depends on that
  example's inputs only, so the gradient of the batch is the batch of gradients.

An operation without a rule runs once per example on the slices and the results are stacked
(the *fallback*), so every operation works; ``fallback_count()`` tells how often that happened.
Nested ``vmap`` levels nest the wrappers: a level's value may itself be batched at an outer
level. Random operations follow the vmap's ``randomness`` flag, and ``.item()``, truth tests
and in-place writes of a batched value into an unbatched tensor raise PyTorch's errors.
"""

import functools
import inspect
import itertools
import operator
import threading

from . import _ferrograd as _C
from ._ferrograd import Tensor as _Tensor
from ._size import Size as _Size

# ---------------------------------------------------------------------------------------------
# levels


class _Stack(threading.local):
    def __init__(self):
        self.levels = []  # (level, batch size, randomness), innermost last


_stack = _Stack()
# vmaps running on any thread: the one check every dispatching entry point makes
_active = [0]
_fallbacks = [0]


def enter(size, randomness):
    """Starts a vmap level of ``size`` examples; returns its number (1 for the outermost)."""
    level = len(_stack.levels) + 1
    _stack.levels.append((level, size, randomness))
    _active[0] += 1
    return level


def exit_level():
    """Ends the innermost vmap level of this thread."""
    _stack.levels.pop()
    _active[0] -= 1


def reenter(top):
    """Enters again the level ``top`` (as :func:`innermost` gave it) after :func:`exit_level`."""
    _stack.levels.append(top)
    _active[0] += 1


def levels():
    """``[(level, size)]`` of the vmaps running on this thread, outermost first."""
    return [(level, size) for level, size, _ in _stack.levels]


def innermost():
    """``(level, size, randomness)`` of the innermost vmap of this thread, or None."""
    levels = _stack.levels
    return levels[-1] if levels else None


def _randomness(level):
    for lv, _, r in reversed(_stack.levels):
        if lv == level:
            return r
    raise RuntimeError(
        "vmap: a batched tensor was used after the vmap that made it returned (it escaped "
        "the function being vmapped, for example through a global or a closure)"
    )


def fallback_count():
    """How many operations ran once per example because they have no batching rule."""
    return _fallbacks[0]


# ---------------------------------------------------------------------------------------------
# errors PyTorch raises under vmap

_ITEM = (
    "vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over calling "
    ".item() on a Tensor, please try to rewrite what you're doing with other operations. If error "
    "is occurring somewhere inside PyTorch internals, please file a bug report."
)
_CONTROL_FLOW = (
    "vmap: It looks like you're attempting to use a Tensor in some data-dependent control flow. "
    "We don't support that yet, please file an issue at https://github.com/pytorch/pytorch/issues ."
)
RANDOM_ERROR = (
    "vmap: called random operation while in randomness error mode. Please either use the 'same' "
    "or 'different' randomness flags on vmap or perform the randomness operation out of vmap"
)


_INPLACE = (
    "vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a Tensor "
    "`other` in extra_args that has more elements than `self`. This happened due to `other` "
    "being vmapped over but `self` not being vmapped over in a vmap. Please try to use "
    "out-of-place operators instead of inplace arithmetic. If said operator is being called "
    "inside the PyTorch framework, please file a bug report instead."
)


def _inplace_error(name, args, level):
    """PyTorch's error for writing batched values into a tensor that is not batched."""
    if name in ("add_", "sub_") and isinstance(args[0], _Tensor):
        shapes = [tuple(a._value.shape) if _is_batched(a, level) else tuple(a.shape)
                  for a in args if isinstance(a, _Tensor)]
        return RuntimeError(
            f"output with shape {list(args[0].shape)} doesn't match the broadcast shape "
            f"{list(_NS['broadcast_shapes'](*shapes))}"
        )
    return RuntimeError(_INPLACE)


# ---------------------------------------------------------------------------------------------
# the batched tensor


class _Wrapper:
    """What the tensors that stand for others have in common (the batched tensors of ``vmap``,
    the meta tensors of ``_meta``): operators and methods go through :func:`dispatch`."""

    __slots__ = ("__weakref__",)

    # what follows from the shape (each kind of wrapper says what its shape is)
    def numel(self):
        n = 1
        for s in self.shape:
            n *= s
        return n

    nelement = numel

    def __len__(self):
        if self.dim() == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self):
        if self.dim() == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter([self[i] for i in range(self.shape[0])])


class BatchedTensor(_Wrapper):
    """One example of a batch, inside ``vmap``: the tensor ``value`` holds every example along
    dimension 0. Operations run once on the whole value through the batching rules of this
    module; ``isinstance(t, torch.Tensor)`` holds, as for PyTorch's batched tensors."""

    __slots__ = ("_value", "_level")

    def __init__(self, value, level):
        self._value = value
        self._level = level

    @property
    def __class__(self):
        return _Tensor

    # what an example is
    @property
    def shape(self):
        return _Size(tuple(self._value.shape)[1:])

    def size(self, dim=None):
        if dim is None:
            return self.shape
        r = self._value.dim() - 1
        if not -max(r, 1) <= dim < max(r, 1):
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-max(r, 1)}, {max(r, 1) - 1}], but got {dim})"
            )
        return self.shape[dim] if r else 1

    def dim(self):
        return self._value.dim() - 1

    ndimension = dim

    @property
    def ndim(self):
        return self._value.dim() - 1

    @property
    def requires_grad(self):
        return self._value.requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self._value.requires_grad = flag

    @property
    def T(self):
        return self.permute(*reversed(range(self.dim())))

    @property
    def mT(self):
        return self.transpose(-2, -1)

    @property
    def data(self):
        return BatchedTensor(self._value.data, self._level)

    # what cannot be answered per example
    def item(self):
        raise RuntimeError(_ITEM)

    def __bool__(self):
        raise RuntimeError(_CONTROL_FLOW)

    __float__ = __int__ = __index__ = __complex__ = __bool__

    def tolist(self):
        raise RuntimeError(_ITEM)

    def numpy(self, *args, **kwargs):
        raise RuntimeError(_ITEM)

    __array__ = numpy

    def __repr__(self):
        inner = "\n".join(("    " + line).rstrip() for line in repr(self._value).split("\n"))
        return f"BatchedTensor(lvl={self._level}, bdim=0, value=\n{inner}\n)"

    __str__ = __repr__

    def __format__(self, spec):
        return repr(self)

    __hash__ = object.__hash__

    def __getattr__(self, name):
        attr = getattr(_Tensor, name)  # AttributeError for names a Tensor does not have
        if callable(attr):
            return functools.partial(_call_method, name, self)
        return _wrap(getattr(self._value, name), self._level)


def _method(name):
    fn = _METHODS.get(name)
    if fn is None:
        fn = _METHODS[name] = lambda self, *args, **kwargs: getattr(self, name)(*args, **kwargs)
        fn.__name__ = name
    return fn


_METHODS = {}


def _call_method(name, self, *args, **kwargs):
    return dispatch(name, _method(name), (self,) + args, kwargs)


def _operator(name, fn, reflected=False):
    if reflected:
        def dunder(self, other):
            return dispatch(name, fn, (other, self), {})
    else:
        def dunder(self, *args):
            return dispatch(name, fn, (self,) + args, {})
    return dunder


def _iop(method):
    return lambda a, b: getattr(a, method)(b)


for _dunder, _name, _fn in [
    ("add", "add", operator.add), ("sub", "sub", operator.sub), ("mul", "mul", operator.mul),
    ("truediv", "div", operator.truediv), ("floordiv", "floor_divide", operator.floordiv),
    ("mod", "remainder", operator.mod), ("pow", "pow", operator.pow),
    ("matmul", "matmul", operator.matmul), ("and", "bitwise_and", operator.and_),
    ("or", "bitwise_or", operator.or_), ("xor", "bitwise_xor", operator.xor),
    ("lshift", "bitwise_left_shift", operator.lshift),
    ("rshift", "bitwise_right_shift", operator.rshift),
]:
    setattr(_Wrapper, f"__{_dunder}__", _operator(_name, _fn))
    setattr(_Wrapper, f"__r{_dunder}__", _operator(_name, _fn, reflected=True))
    setattr(_Wrapper, f"__i{_dunder}__", _operator(_name + "_", _iop(f"__i{_dunder}__")))
for _dunder, _name, _fn in [
    ("eq", "eq", operator.eq), ("ne", "ne", operator.ne), ("lt", "lt", operator.lt),
    ("le", "le", operator.le), ("gt", "gt", operator.gt), ("ge", "ge", operator.ge),
    ("neg", "neg", operator.neg), ("pos", "positive", operator.pos), ("abs", "abs", operator.abs),
    ("invert", "bitwise_not", operator.invert), ("getitem", "getitem", operator.getitem),
    ("setitem", "setitem", operator.setitem),
]:
    setattr(_Wrapper, f"__{_dunder}__", _operator(_name, _fn))


# ---------------------------------------------------------------------------------------------
# dispatch


def _is_batched(a, level):
    return type(a) is BatchedTensor and a._level == level


def _find(args, kwargs):
    """``(level, size)``: the innermost level among the batched tensors of ``args`` and
    ``kwargs`` (looking one level into lists and tuples) and its batch size; ``(-1, 0)`` when
    there are none but there are meta tensors (``ferrograd._meta``), else ``(0, 0)``."""
    best = None
    meta = False
    for a in itertools.chain(args, kwargs.values()):
        t = type(a)
        if t is BatchedTensor:
            if best is None or a._level > best._level:
                best = a
        elif t is list or t is tuple:
            for b in a:
                if type(b) is BatchedTensor and (best is None or b._level > best._level):
                    best = b
                elif type(b) is _META[0]:
                    meta = True
        elif t is _META[0]:
            meta = True
    if best is None:
        return (-1, 0) if meta else (0, 0)
    return best._level, best._value.shape[0]


_META = [None, None]  # (MetaTensor, its dispatch), set by ferrograd._meta


def _set_meta(cls, call):
    """Registers ``ferrograd._meta``: operations with a meta tensor among their arguments (and
    no batched one) go to ``call(name, fn, args, kwargs)``."""
    _META[0], _META[1] = cls, call


def _wrap(out, level):
    if isinstance(out, _Tensor):
        return BatchedTensor(out, level)
    if isinstance(out, tuple):
        return _rebuild(out, [_wrap(o, level) for o in out])
    if isinstance(out, list):
        return [_wrap(o, level) for o in out]
    return out


def _rebuild(like, items):
    """A tuple of ``items`` of the type of ``like`` (a tuple, list or named tuple)."""
    return getattr(type(like), "_make", type(like))(items)


def dispatch(name, fn, args, kwargs):
    """Runs ``fn(*args, **kwargs)`` (the operation ``name``), some of whose arguments are
    batched tensors, through its batching rule or else once per example."""
    level, size = _find(args, kwargs)
    if not level:
        return fn(*args, **kwargs)
    if level < 0:
        return _META[1](name, fn, args, kwargs)
    if name in _RANDOM:
        mode = _randomness(level)
        if mode == "error":
            raise RuntimeError(RANDOM_ERROR)
        if mode == "same":
            return _fallback(name, fn, level, size, args, kwargs, same_randomness=True)
    rule = _RULES.get(name)
    if rule is not None:
        out = rule(fn, level, size, args, kwargs)
        if out is not NotImplemented:
            return out
    return _fallback(name, fn, level, size, args, kwargs)


def _fallback(name, fn, level, size, args, kwargs, same_randomness=False):
    """``fn`` once per example on the slices, the results stacked along a new dimension 0."""
    _fallbacks[0] += 1
    inplace = name.endswith("_") and not name.endswith("__") or name == "setitem"
    if inplace and args and not _is_batched(args[0], level):
        raise _inplace_error(name, args, level)

    def example(a, b):
        if _is_batched(a, level):
            return a._value.select(0, b)
        if type(a) in (list, tuple) and any(_is_batched(x, level) for x in a):
            return type(a)(example(x, b) for x in a)
        return a

    state = _C.get_rng_state() if same_randomness else None
    results = []
    for b in range(size):
        if state is not None:
            _C.set_rng_state(state)
        out = fn(*[example(a, b) for a in args], **{k: example(v, b) for k, v in kwargs.items()})
        results.append(out)
    if inplace:
        return args[0]
    return _stack_results(results, level)


def _stack_results(results, level):
    first = results[0]
    if isinstance(first, _Tensor):
        return BatchedTensor(_NS["stack"](results, 0), level)
    if isinstance(first, (tuple, list)):
        return _rebuild(first, [_stack_results([r[i] for r in results], level) for i in range(len(first))])
    return first


_NS = {}  # the dispatching functions of the torch namespace, by name


# ---------------------------------------------------------------------------------------------
# rules: each takes (fn, level, size, args, kwargs) and returns the result, or NotImplemented
# to run the operation once per example


def _value(a, level):
    return a._value if _is_batched(a, level) else a


def _rank(a, level):
    """The rank of an example of ``a`` (a tensor's own rank when it is not batched here)."""
    if _is_batched(a, level):
        return a._value.dim() - 1
    if isinstance(a, _Tensor):
        return a.dim()
    return 0


def _pad(v, size, rank, to):
    """The value ``v`` of a batched tensor of example rank ``rank`` with size-1 dimensions
    inserted after the batch dimension up to example rank ``to``."""
    if rank >= to:
        return v
    return v.reshape((size,) + (1,) * (to - rank) + tuple(v.shape)[1:])


def _padded(args, kwargs, level, size, to):
    """``(args, kwargs)`` with each batched tensor's value padded to example rank ``to``."""

    def conv(a):
        return _pad(a._value, size, a._value.dim() - 1, to) if _is_batched(a, level) else a

    return [conv(a) for a in args], {k: conv(v) for k, v in kwargs.items()}


def _pointwise(fn, level, size, args, kwargs, promote=False):
    """Elementwise ops: batched operands get size-1 dimensions after the batch dimension up to
    the broadcast rank of the examples, then the op runs once on the values. With ``promote``
    (the binary arithmetic ops, whose batching rules in PyTorch promote as the examples would),
    the result has the dtype the examples promote to."""
    to = max(_rank(a, level) for a in itertools.chain(args, kwargs.values()))
    want = _example_dtype(fn, level, args, kwargs) if promote else None
    args, kwargs = _padded(args, kwargs, level, size, to)
    out = fn(*args, **kwargs)
    if want is not None and isinstance(out, _Tensor) and out.dtype != want:
        # computed in the dtype the values' ranks promote to: again in the examples' one
        def cast(a):
            return a.to(want) if isinstance(a, _Tensor) else a

        out = fn(*[cast(a) for a in args], **{k: cast(v) for k, v in kwargs.items()})
    return _wrap(out, level)


def _example_dtype(fn, level, args, kwargs):
    """The dtype ``fn`` gives on the examples, when it can differ from the one it gives on the
    values: type promotion ranks a 0-dim tensor below a dimensioned one, and a batched tensor of
    0-dim examples has a dimension (the batch) that its examples do not. ``None`` when no
    batched operand has 0-dim examples beside another tensor operand."""
    ops = list(itertools.chain(args, kwargs.values()))
    tensors = [a for a in ops if isinstance(a, (_Tensor, BatchedTensor))]
    if len(tensors) < 2 or not any(_is_batched(a, level) and a._value.dim() == 1 for a in tensors):
        return None

    def standin(a):
        if _is_batched(a, level):
            return _C.zeros(*(1,) * (a._value.dim() - 1), dtype=a._value.dtype)
        if isinstance(a, (_Tensor, BatchedTensor)):
            return _C.zeros(*(1,) * a.dim(), dtype=a.dtype)
        return a

    # fresh stand-ins that do not require grad: nothing is recorded
    out = fn(*[standin(a) for a in args], **{k: standin(v) for k, v in kwargs.items()})
    return out.dtype if isinstance(out, _Tensor) else None


_promoting = functools.partial(_pointwise, promote=True)


def _pointwise_inplace(fn, level, size, args, kwargs):
    if not _is_batched(args[0], level):
        return NotImplemented  # the fallback raises PyTorch's error
    to = args[0]._value.dim() - 1
    if any(_rank(a, level) > to for a in args[1:]):
        return NotImplemented
    values, kwvalues = _padded(args, kwargs, level, size, to)
    fn(*values, **kwvalues)
    return args[0]


def _wrap_dim(d, rank):
    r = max(rank, 1)
    if not -r <= d < r:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {d})")
    return d % r


def _reduction(pos, default=None, full=None):
    """A rule for an op whose ``dim`` is argument ``pos`` (or keyword ``dim``), defaulting to
    ``default`` (None: every dimension). ``full`` names the op that reduces a flattened
    example along dimension 1 when no dimension is given (the op itself if None)."""

    def rule(fn, level, size, args, kwargs):
        self = args[0]
        if not _is_batched(self, level) or _find(args[1:], kwargs)[0]:
            return NotImplemented
        v = self._value
        rank = v.dim() - 1
        args = list(args)
        kwargs = dict(kwargs)
        if "dim" in kwargs:
            dim = kwargs.pop("dim")
        elif len(args) > pos:
            dim = args.pop(pos)
            if isinstance(dim, bool) or isinstance(dim, _Tensor):
                return NotImplemented  # another overload (std(unbiased), max(other))
        else:
            dim = default
        rest_pos = args[1:pos]
        rest = args[pos:]
        if dim is None:
            if kwargs.get("keepdim") or rest:
                return NotImplemented
            target = fn if full is None else _method(full)
            return _wrap(target(v.reshape(size, -1), *rest_pos, dim=1, **kwargs), level)
        if rank == 0:
            return NotImplemented
        new = tuple(_shift(d, rank) for d in dim) if isinstance(dim, (tuple, list)) else _shift(dim, rank)
        if rest:
            return _wrap(fn(v, *rest_pos, new, *rest, **kwargs), level)
        return _wrap(fn(v, *rest_pos, dim=new, **kwargs), level)

    return rule


def _shift(d, rank):
    return _wrap_dim(d, rank) + 1


def _dims_rule(positions, extra=0):
    """Ops whose arguments at ``positions`` are dimensions of the example (of rank + ``extra``
    for ops that add one, as ``unsqueeze``); other arguments pass through."""

    def rule(fn, level, size, args, kwargs):
        self = args[0]
        if not _is_batched(self, level) or _find(args[1:], kwargs)[0] or kwargs:
            return NotImplemented
        rank = self._value.dim() - 1 + extra
        if rank == 0:
            return NotImplemented
        new = list(args)
        new[0] = self._value
        for p in positions:
            if p < len(new):
                if not isinstance(new[p], int):
                    return NotImplemented
                new[p] = _shift(new[p], rank)
        return _wrap(fn(*new), level)

    return rule


def _shape_args(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return tuple(args)


def _shape_of_call(args, kwargs, level):
    """The shape of ``x.view(*shape)``-like calls on a batched ``x``, or None when the rule does
    not apply (tensors or non-int sizes among the arguments)."""
    if not _is_batched(args[0], level) or kwargs or _find(args[1:], {})[0]:
        return None
    shape = _shape_args(args[1:])
    return shape if all(isinstance(s, int) for s in shape) else None


def _view_rule(method):
    def rule(fn, level, size, args, kwargs):
        shape = _shape_of_call(args, kwargs, level)
        if shape is None:
            return NotImplemented
        return BatchedTensor(getattr(args[0]._value, method)((size,) + shape), level)

    return rule


def _expand(fn, level, size, args, kwargs):
    shape = _shape_of_call(args, kwargs, level)
    if shape is None:
        return NotImplemented
    v = args[0]._value
    return BatchedTensor(_pad(v, size, v.dim() - 1, len(shape)).expand((size,) + shape), level)


def _permute(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or kwargs:
        return NotImplemented
    dims = _shape_args(args[1:])
    rank = self._value.dim() - 1
    if len(dims) != rank or not all(isinstance(d, int) for d in dims):
        return NotImplemented
    return BatchedTensor(self._value.permute((0,) + tuple(_shift(d, rank) for d in dims)), level)


def _t(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or len(args) > 1 or kwargs:
        return NotImplemented
    rank = self._value.dim() - 1
    if rank > 2:
        return NotImplemented
    if rank < 2:
        return self
    return BatchedTensor(self._value.transpose(1, 2), level)


def _squeeze(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or kwargs or len(args) > 2:
        return NotImplemented
    v = self._value
    rank = v.dim() - 1
    if len(args) == 2:
        dims = args[1] if isinstance(args[1], (tuple, list)) else (args[1],)
        if rank == 0 or not all(isinstance(d, int) for d in dims):
            return NotImplemented
        dims = [_shift(d, rank) for d in dims]
    else:
        dims = [i + 1 for i, s in enumerate(tuple(v.shape)[1:]) if s == 1]
    for d in sorted(dims, reverse=True):
        v = v.squeeze(d)
    return BatchedTensor(v, level)


def _flatten(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or _find(args[1:], kwargs)[0]:
        return NotImplemented
    rank = self._value.dim() - 1
    start = kwargs.get("start_dim", args[1] if len(args) > 1 else 0)
    end = kwargs.get("end_dim", args[2] if len(args) > 2 else -1)
    if rank == 0:
        return BatchedTensor(self._value.reshape(size, 1), level)
    return BatchedTensor(self._value.flatten(_shift(start, rank), _shift(end, rank)), level)


def _movedim(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or kwargs or len(args) != 3:
        return NotImplemented
    rank = self._value.dim() - 1
    src, dst = args[1], args[2]
    if isinstance(src, int) and isinstance(dst, int):
        return BatchedTensor(self._value.movedim(_shift(src, rank), _shift(dst, rank)), level)
    return NotImplemented


def _value_key(key, advanced=False):
    """An index of an example as an index of the batch (the batch dimension kept whole, in
    front), or None for keys that run per example: booleans, batched index tensors and, unless
    ``advanced``, any tensor or list. With ``advanced``, unbatched index tensors and lists are
    kept when the advanced indices (they and the ints) sit next to each other, where the result's
    indexed dimensions stay in place behind the batch dimension (advanced indices separated by a
    slice put their dimensions first, in front of the batch)."""
    keys = key if isinstance(key, tuple) else (key,)
    kinds = []
    for k in keys:
        if k is None or k is Ellipsis or type(k) is slice:
            kinds.append("basic")
        elif type(k) is int:
            kinds.append("int")
        elif advanced and (type(k) is _Tensor or (
            type(k) is list and not any(isinstance(e, _Wrapper) for e in k)
        )):
            kinds.append("tensor")
        else:
            return None
    if "tensor" in kinds:
        at = [i for i, kind in enumerate(kinds) if kind != "basic"]
        if at[-1] - at[0] + 1 != len(at):
            return None
    return (slice(None),) + keys


def _getitem(fn, level, size, args, kwargs):
    self, key = args
    key = _value_key(key, advanced=True)
    if not _is_batched(self, level) or key is None:
        return NotImplemented
    return _wrap(self._value[key], level)


def _setitem(fn, level, size, args, kwargs):
    self, key, val = args
    key = _value_key(key)
    if not _is_batched(self, level) or key is None:
        return NotImplemented
    region = self._value[key]
    if _is_batched(val, level):
        region.copy_(_pad(val._value, size, val._value.dim() - 1, region.dim() - 1))
    else:
        region.copy_(val) if isinstance(val, _Tensor) else region.fill_(val)
    return None


def expanded(t, size, at=0):
    """``t`` repeated ``size`` times along a new dimension ``at`` (a stride-0 view)."""
    shape = tuple(t.shape)
    return t.unsqueeze(at).expand(shape[:at] + (size,) + shape[at:])


def _batched_all(tensors, level, size):
    """Every tensor of a list batched at ``level`` (unbatched ones expanded): the values."""
    return [t._value if _is_batched(t, level) else expanded(t, size) for t in tensors]


def _joining(extra):
    def rule(fn, level, size, args, kwargs):
        tensors = args[0] if args else kwargs.get("tensors")
        dim = args[1] if len(args) > 1 else kwargs.get("dim", 0)
        if not isinstance(tensors, (list, tuple)) or not tensors or not isinstance(dim, int):
            return NotImplemented
        if len(args) > 2 or set(kwargs) - {"tensors", "dim"}:
            return NotImplemented
        ranks = {_rank(t, level) for t in tensors}
        if len(ranks) != 1:
            return NotImplemented
        rank = ranks.pop() + extra
        if rank == 0:
            return NotImplemented
        return BatchedTensor(fn(_batched_all(tensors, level, size), _shift(dim, rank)), level)

    return rule


def _matmul_values(a, b, level, size):
    """The batched product of two operands (at least one batched at ``level``) as
    ``torch.matmul`` of their examples: vectors become matrices, the examples' own batch
    dimensions are aligned, and the product runs once."""
    ra, rb = _rank(a, level), _rank(b, level)
    if ra == 0 or rb == 0:
        return NotImplemented
    va, vb = _value(a, level), _value(b, level)
    ba, bb = _is_batched(a, level), _is_batched(b, level)
    a_vec, b_vec = ra == 1, rb == 1
    if a_vec:
        va = va.unsqueeze(-2)
        ra = 2
    if b_vec:
        vb = vb.unsqueeze(-1)
        rb = 2
    top = max(ra, rb)
    if ba:
        va = _pad(va, size, ra, top)
    if bb:
        vb = _pad(vb, size, rb, top)
    out = va @ vb
    if b_vec:
        out = out.squeeze(-1)
    if a_vec:
        out = out.squeeze(-1 if b_vec else -2)
    return BatchedTensor(out, level)


def _matmul(expect=None):
    def rule(fn, level, size, args, kwargs):
        if kwargs or len(args) != 2:
            return NotImplemented
        a, b = args
        if not all(isinstance(t, _Tensor) for t in (a, b)):
            return NotImplemented
        if expect is not None and (_rank(a, level), _rank(b, level)) != expect:
            return NotImplemented  # the per-example op raises PyTorch's message
        return _matmul_values(a, b, level, size)

    return rule


def _bind(names, args, kwargs):
    """The arguments by name (``names`` in order), or None for a call the rule does not read."""
    if len(args) > len(names) or set(kwargs) - set(names):
        return None
    return dict(zip(names, args), **kwargs)


def _linear(fn, level, size, args, kwargs):
    bound = _bind(("input", "weight", "bias"), args, kwargs)
    if bound is None:
        return NotImplemented
    x, w, b = bound.get("input"), bound.get("weight"), bound.get("bias")
    if not _is_batched(w, level) and not _is_batched(b, level):
        return _wrap(fn(_value(x, level), w, b), level)  # the input's batch is one more row dim
    if _rank(w, level) != 2:
        return NotImplemented
    out = x @ w.transpose(0, 1)
    return out if b is None else out + b


_BATCH_NORM = (
    "Batch norm got a batched tensor as input while the running_mean or running_var, which will "
    "be updated in place, were not batched.\nIf you are using a module and do not need eval mode, "
    "please set `track_running_stats` to be False.If you are using a prebuilt module and do not "
    "need eval mode, please see the functorch website for resources on how to patch your module "
    "to work with vmap"
)


def _batch_norm(fn, level, size, args, kwargs):
    """``F.batch_norm`` of a batched input: in evaluation (running statistics given, not
    batched) every example is normalised by the same statistics, so the batch joins N; in
    training without running statistics (``replace_all_batch_norm_modules_``) each example is
    normalised by its own, so the batch joins the channels. A batched weight or bias (an
    ensemble's) is applied per example after the normalisation. Training with unbatched running
    statistics raises PyTorch's error (each example would update them); batched running
    statistics run per example."""
    bound = _bind(("input", "running_mean", "running_var", "weight", "bias", "training",
                   "momentum", "eps"), args, kwargs)
    if bound is None or not _is_batched(bound["input"], level):
        return NotImplemented
    x = bound["input"]._value
    mean, var = bound.get("running_mean"), bound.get("running_var")
    training, eps = bound.get("training", False), bound.get("eps", 1e-5)
    w, b = bound.get("weight"), bound.get("bias")
    if training and not any(_find((t,), {})[0] for t in (mean, var)) and (
        mean is not None or var is not None
    ):
        raise RuntimeError(_BATCH_NORM)
    if x.dim() < 3 or any(_find((t,), {})[0] for t in (mean, var)):
        return NotImplemented
    n, c, rest = x.shape[1], x.shape[2], tuple(x.shape[3:])
    if not training and mean is not None and var is not None:
        y = fn(x.reshape((size * n, c) + rest), mean, var, None, None, False, 0.0, eps)
        y = y.reshape(x.shape)
    elif training and mean is None and var is None:
        moved = x.transpose(0, 1).reshape((n, size * c) + rest)
        y = fn(moved, None, None, None, None, True, 0.0, eps)
        y = y.reshape((n, size, c) + rest).transpose(0, 1)
    else:
        return NotImplemented
    out = BatchedTensor(y, level)
    tail = (1,) * len(rest)
    if w is not None:
        out = out * (w.reshape((c,) + tail) if not _is_batched(w, level) else
                     BatchedTensor(w._value.reshape((size, c) + tail), level))
    if b is not None:
        out = out + (b.reshape((c,) + tail) if not _is_batched(b, level) else
                     BatchedTensor(b._value.reshape((size, c) + tail), level))
    return out


def _nll_per_example(fn_name, level, size, input, target, kwargs):
    """``(losses, kept)``: per-element losses with the batch in front ([size, N]) and which
    targets count towards a mean, for class-index targets; None when the rule does not apply."""
    from .nn import functional as F

    if kwargs.get("weight") is not None or not isinstance(target, _Tensor) or target.is_floating_point():
        return None
    r = _rank(input, level)
    if r not in (1, 2) or _rank(target, level) != r - 1:
        return None
    vi = _batched_all([input], level, size)[0]
    vt = _batched_all([target], level, size)[0]
    classes = vi.shape[-1]
    extra = {k: v for k, v in kwargs.items() if k in ("ignore_index", "label_smoothing")}
    loss = getattr(F, fn_name)(vi.reshape(-1, classes), vt.reshape(-1), reduction="none", **extra)
    loss = loss.reshape(size, -1)
    kept = vt.reshape(size, -1) != kwargs.get("ignore_index", -100)
    return loss, kept


def _class_loss(fn_name, names):
    def rule(fn, level, size, args, kwargs):
        bound = _bind(names, args, kwargs)
        if bound is None or bound.get("size_average") is not None or bound.get("reduce") is not None:
            return NotImplemented
        reduction = bound.get("reduction", "mean")
        got = _nll_per_example(fn_name, level, size, bound["input"], bound["target"], bound)
        if got is None:
            return NotImplemented
        loss, kept = got
        if reduction == "none":
            return BatchedTensor(loss.reshape((size,) + tuple(bound["target"].shape)), level)
        total = loss.sum(1)
        if reduction == "sum":
            return BatchedTensor(total, level)
        return BatchedTensor(total / kept.sum(1).to(total.dtype), level)

    return rule


def _elementwise_loss(body):
    def rule(fn, level, size, args, kwargs):
        bound = _bind(("input", "target", "size_average", "reduce", "reduction"), args, kwargs)
        if bound is None or bound.get("size_average") is not None or bound.get("reduce") is not None:
            return NotImplemented
        if tuple(bound["input"].shape) != tuple(bound["target"].shape):
            return NotImplemented  # the broadcasting warning comes from the per-example op
        d = body(bound["input"], bound["target"])
        reduction = bound.get("reduction", "mean")
        if reduction == "none":
            return d
        return d.sum() if reduction == "sum" else d.mean()

    return rule


def _as_type(name):
    def rule(fn, level, size, args, kwargs):
        self, other = args[0], args[1] if len(args) > 1 else kwargs.get("other")
        if kwargs.keys() - {"other"} or other is None:
            return NotImplemented
        if name == "type_as":
            return self.to(other.dtype)
        if name == "expand_as":
            return self.expand(tuple(other.shape))
        return getattr(self, name[:-3])(tuple(other.shape))  # view_as, reshape_as

    return rule


def _split_rule(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or _find(args[1:], kwargs)[0]:
        return NotImplemented
    rank = self._value.dim() - 1
    if rank == 0:
        return NotImplemented
    args = list(args)
    kwargs = dict(kwargs)
    if "dim" in kwargs:
        kwargs["dim"] = _shift(kwargs["dim"], rank)
    elif len(args) > 2:
        args[2] = _shift(args[2], rank)
    else:
        kwargs["dim"] = 1
    args[0] = self._value
    return _wrap(fn(*args, **kwargs), level)


def _unbind(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level):
        return NotImplemented
    rank = self._value.dim() - 1
    dim = args[1] if len(args) > 1 else kwargs.get("dim", 0)
    if rank == 0:
        return NotImplemented
    return _wrap(self._value.unbind(_shift(dim, rank)), level)


def _select(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or kwargs or len(args) != 3:
        return NotImplemented
    rank = self._value.dim() - 1
    if rank == 0 or not isinstance(args[2], int):
        return NotImplemented
    return BatchedTensor(self._value.select(_shift(args[1], rank), args[2]), level)


def _narrow(fn, level, size, args, kwargs):
    self = args[0]
    if not _is_batched(self, level) or kwargs or len(args) != 4:
        return NotImplemented
    rank = self._value.dim() - 1
    if rank == 0:
        return NotImplemented
    return BatchedTensor(self._value.narrow(_shift(args[1], rank), args[2], args[3]), level)


def _autograd_grad(fn, level, size, args, kwargs):
    """``torch.autograd.grad`` of batched outputs: the values' gradient (each example's output
    depends on its own inputs only, so the gradient of the batch is the batch of gradients).
    With ``is_grads_batched``, the gradients' own batch dimension comes first in the values."""
    b = _bind(("outputs", "inputs", "grad_outputs", "retain_graph", "create_graph", "only_inputs",
               "allow_unused", "is_grads_batched", "materialize_grads"), args, kwargs)
    if b is None:
        return NotImplemented
    outputs, inputs = b["outputs"], b["inputs"]
    single_in = isinstance(inputs, _Tensor)
    outs = [outputs] if isinstance(outputs, _Tensor) else list(outputs)
    ins = [inputs] if single_in else list(inputs)
    gos = b.get("grad_outputs")
    gos = [None] * len(outs) if gos is None else ([gos] if isinstance(gos, _Tensor) else list(gos))
    batched_grads = b.get("is_grads_batched", False)
    rest = {k: v for k, v in b.items() if k not in ("outputs", "inputs", "grad_outputs")}
    if not any(_is_batched(o, level) for o in outs):
        # a batch of cotangents for outputs that are the same for every example (vjp_fn of a
        # vmapped batch of vectors): one backward pass with batched gradients
        if batched_grads or any(_is_batched(x, level) for x in ins):
            return _fallback("autograd.grad", fn, level, size, args, kwargs)
        gos = [
            g._value if _is_batched(g, level) else expanded(_NS["ones_like"](o) if g is None else g, size)
            for o, g in zip(outs, gos)
        ]
        rest["is_grads_batched"] = True
        grads = fn(outs, ins, gos, **rest)
        return tuple(None if g is None else BatchedTensor(g, level) for g in grads)
    new_outs, new_gos = [], []
    for o, g in zip(outs, gos):
        if _is_batched(o, level):
            v = o._value
            if g is None:
                if v.dim() != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                g = _NS["ones_like"](v)
            elif _is_batched(g, level):
                g = g._value.movedim(0, 1) if batched_grads else g._value
            else:
                g = expanded(g, size, 1 if batched_grads else 0)
            new_outs.append(v)
        else:
            if _is_batched(g, level):
                return _fallback("autograd.grad", fn, level, size, args, kwargs)
            new_outs.append(o)
        new_gos.append(g)
    new_ins = [_value(x, level) for x in ins]
    grads = fn(new_outs, new_ins, new_gos, **rest)
    out = []
    for x, g in zip(ins, grads):
        if g is not None and _is_batched(x, level):
            g = BatchedTensor(g.movedim(1, 0) if batched_grads else g, level)
        out.append(g)
    return tuple(out)


def _conv(spatial):
    """Convolutions: with shared weights the batch joins the input's N dimension; with
    per-example weights (the per-sample gradients of ``vmap(grad)``) the examples become the
    groups of one grouped convolution."""
    names = ("input", "weight", "bias", "stride", "padding", "dilation", "groups")

    def rule(fn, level, size, args, kwargs):
        b = _bind(names, args, kwargs)
        if b is None:
            return NotImplemented
        x, w, bias = b["input"], b["weight"], b.get("bias")
        groups = b.get("groups", 1)
        rest = {k: b[k] for k in ("stride", "padding", "dilation") if k in b}
        if _rank(w, level) != spatial + 2 or not isinstance(groups, int):
            return NotImplemented
        xr = _rank(x, level)
        if xr not in (spatial + 1, spatial + 2):
            return NotImplemented
        alone = xr == spatial + 1  # one image without its N dimension
        if alone:
            x = x.unsqueeze(0)
        if not _is_batched(w, level) and not _is_batched(bias, level):
            vx = x._value
            n = vx.shape[1]
            out = fn(vx.reshape((size * n,) + tuple(vx.shape)[2:]), w, bias, groups=groups, **rest)
            out = out.reshape((size, n) + tuple(out.shape)[1:])
        else:
            vx = _batched_all([x], level, size)[0]
            vw = _batched_all([w], level, size)[0]
            n, c, o = vx.shape[1], vx.shape[2], vw.shape[1]
            xin = vx.transpose(0, 1).reshape((n, size * c) + tuple(vx.shape)[3:])
            win = vw.reshape((size * o,) + tuple(vw.shape)[2:])
            bin_ = None if bias is None else _batched_all([bias], level, size)[0].reshape(size * o)
            out = fn(xin, win, bin_, groups=groups * size, **rest)
            out = out.reshape((n, size, o) + tuple(out.shape)[2:]).transpose(0, 1)
        out = BatchedTensor(out, level)
        return out.squeeze(0) if alone else out

    return rule


def _fold(spatial):
    """Pooling and other per-image ops of ``(N, C, *spatial)`` or ``(C, *spatial)`` inputs:
    the batch joins N (or is N), the op runs once."""

    def rule(fn, level, size, args, kwargs):
        x = args[0] if args else None
        if not _is_batched(x, level) or _find(args[1:], kwargs)[0]:
            return NotImplemented
        v = x._value
        r = v.dim() - 1
        if r == spatial + 1:
            return _wrap(fn(v, *args[1:], **kwargs), level)
        if r != spatial + 2:
            return NotImplemented
        lead = tuple(v.shape)[:2]
        out = fn(v.reshape((size * lead[1],) + tuple(v.shape)[2:]), *args[1:], **kwargs)

        def unfold(t):
            return BatchedTensor(t.reshape(lead + tuple(t.shape)[1:]), level)

        return tuple(unfold(t) for t in out) if isinstance(out, tuple) else unfold(out)

    return rule


def _einsum(fn, level, size, args, kwargs):
    """``einsum``: the batch is one more subscript (a letter the equation does not use) in front
    of each batched operand and of the output. An equation without ``->`` has its implicit
    output written out first (the subscripts that occur once, in alphabetical order)."""
    if kwargs or not args or not isinstance(args[0], str):
        return NotImplemented
    ops = list(args[1] if len(args) == 2 and isinstance(args[1], (list, tuple)) else args[1:])
    equation = args[0].replace(" ", "")
    if "->" not in equation:
        if "." in equation:
            return NotImplemented
        letters = equation.replace(",", "")
        equation += "->" + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    lhs, out = equation.split("->")
    subs = lhs.split(",")
    if len(subs) != len(ops):
        return NotImplemented
    free = [c for c in "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba" if c not in equation]
    if not free:
        return NotImplemented
    b = free[0]
    new_subs, values = [], []
    for sub, op in zip(subs, ops):
        if _is_batched(op, level):
            new_subs.append(b + sub)
            values.append(op._value)
        else:
            new_subs.append(sub)
            values.append(op)
    return BatchedTensor(fn(",".join(new_subs) + "->" + b + out, *values), level)


def _masked_fill(fn, level, size, args, kwargs):
    """``masked_fill(self, mask, value)`` with a batched 0-dim ``value``: each example filled
    with its own value, ``where(mask, value, self)`` in ``self``'s dtype. Otherwise the
    pointwise rule (a batched ``self`` or ``mask`` with an unbatched value)."""
    if len(args) != 3 or kwargs or not _is_batched(args[2], level) or args[2].dim() != 0:
        return _pointwise(fn, level, size, args, kwargs)
    self, mask, value = args
    return dispatch("where", _NS["where"], (mask, value.to(self.dtype), self), {})


def _fill_(fn, level, size, args, kwargs):
    """``fill_(self, value)`` with a batched 0-dim ``value``: each example filled with its own
    value, as a copy (PyTorch's ``CopyBackwards``). Otherwise the in-place pointwise rule."""
    if len(args) != 2 or kwargs or not _is_batched(args[1], level):
        return _pointwise_inplace(fn, level, size, args, kwargs)
    self, value = args
    rank = value._value.dim() - 1
    if rank != 0:
        raise RuntimeError(
            "vmap: fill_(self, value) expects `value` to be a tensor with logical rank 0, but "
            f"got logical rank {rank}."
        )
    if not _is_batched(self, level):
        raise RuntimeError(_INPLACE.replace("inplace arithmetic", "fill_"))
    v = self._value
    v.copy_(value._value.reshape((size,) + (1,) * (v.dim() - 1)).expand(v.shape))
    return self


def _same_for_all(fn, level, size, args, kwargs):
    """Questions whose answer is the same for every example (``is_floating_point``)."""
    if len(args) != 1 or kwargs:
        return NotImplemented
    return fn(args[0]._value)


def _logical(method):
    def rule(fn, level, size, args, kwargs):
        if len(args) != 1 or kwargs:
            return NotImplemented
        return getattr(args[0], method)()

    return rule


_RULES = {}
_RANDOM = {
    "rand_like", "randn_like", "randint_like", "bernoulli", "bernoulli_", "normal", "normal_",
    "uniform_", "random_", "exponential_", "geometric_", "cauchy_", "log_normal_", "dropout",
    "dropout_", "alpha_dropout", "feature_alpha_dropout", "dropout1d", "dropout2d", "dropout3d",
    "multinomial", "poisson", "rrelu", "rrelu_",
}

# binary ops whose batching rules in PyTorch promote dtypes as the examples' ranks would
_PROMOTING = {
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
    "remainder", "fmod", "pow", "atan2", "arctan2", "hypot", "maximum", "minimum", "fmax", "fmin",
    "copysign", "xlogy", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
    "bitwise_right_shift",
}

_POINTWISE = [
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
    "remainder", "fmod", "pow", "float_power", "atan2", "arctan2", "hypot", "maximum", "minimum",
    "fmax", "fmin", "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less",
    "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor", "logical_not",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
    "bitwise_right_shift", "where", "clamp", "clip", "clamp_min", "clamp_max", "lerp", "addcmul",
    "addcdiv", "masked_fill", "copysign", "xlogy", "ldexp", "isclose", "nan_to_num", "isnan",
    "isinf", "isfinite", "isposinf", "isneginf", "isreal", "signbit", "neg", "negative",
    "positive", "abs", "absolute", "square", "relu", "gelu", "silu", "sigmoid", "tanh", "softplus",
    "elu", "selu", "celu", "leaky_relu", "hardtanh", "relu6", "hardsigmoid", "hardswish", "mish",
    "logsigmoid", "softsign", "tanhshrink", "hardshrink", "softshrink", "threshold", "glu",
    "heaviside", "clone", "detach", "contiguous", "float", "double", "half", "bfloat16", "long",
    "int", "short", "char", "byte", "bool", "to", "type", "sign", "sgn", "round", "floor", "ceil",
    "trunc", "frac", "reciprocal", "rsqrt", "sqrt", "exp", "exp2", "expm1", "log", "log2",
    "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh",
    "acosh", "atanh", "erf", "erfc", "erfinv", "digamma", "lgamma", "sinc", "logit", "deg2rad",
    "rad2deg", "zeros_like", "ones_like", "empty_like", "full_like", "rand_like", "randn_like",
    "randint_like", "bernoulli", "dropout", "alpha_dropout", "feature_alpha_dropout",
]
# methods that change the tensor itself and return it
_RETURNS_SELF = ["requires_grad_", "retain_grad", "share_memory_"]
_REDUCTIONS = {
    "sum": (1, None, None), "nansum": (1, None, None), "mean": (1, None, None),
    "nanmean": (1, None, None), "prod": (1, None, None), "amax": (1, None, None),
    "amin": (1, None, None), "argmax": (1, None, None), "argmin": (1, None, None),
    "logsumexp": (1, None, None), "std": (1, None, None), "var": (1, None, None),
    "all": (1, None, None), "any": (1, None, None), "count_nonzero": (1, None, None),
    "max": (1, None, "amax"), "min": (1, None, "amin"), "softmax": (1, None, None),
    "log_softmax": (1, None, None), "cumsum": (1, None, None), "cumprod": (1, None, None),
    "logcumsumexp": (1, None, None), "norm": (2, None, None), "linalg.vector_norm": (2, None, None),
    "normalize": (2, 1, None), "std_mean": (1, None, None), "var_mean": (1, None, None),
    "aminmax": (1, None, None), "sort": (1, -1, None), "argsort": (1, -1, None),
    "topk": (2, -1, None), "kthvalue": (2, -1, None),
}


def _install_rules():
    for name in _POINTWISE:
        _RULES[name] = _promoting if name in _PROMOTING else _pointwise
        _RULES[name + "_"] = _pointwise_inplace
    _RULES["masked_fill"] = _masked_fill
    for name, _, _ in _C._unary_ops:
        _RULES.setdefault(name, _pointwise)
        _RULES.setdefault(name + "_", _pointwise_inplace)
    for name in _C._binary_ops:
        _RULES.setdefault(name, _promoting)
        _RULES.setdefault(name + "_", _pointwise_inplace)
    for name in ("add_", "sub_", "mul_", "div_", "pow_", "copy_", "fill_", "zero_", "clamp_",
                 "masked_fill_", "lerp_", "addcmul_", "addcdiv_", "relu_", "sigmoid_", "tanh_",
                 "floor_divide_", "remainder_", "fmod_"):
        _RULES[name] = _pointwise_inplace
    for name in _RETURNS_SELF:
        _RULES[name] = _pointwise_inplace
    _RULES["fill_"] = _fill_
    for name, (pos, default, full) in _REDUCTIONS.items():
        _RULES[name] = _reduction(pos, default, full)
    _RULES.update({
        "view": _view_rule("view"), "reshape": _view_rule("reshape"), "expand": _expand,
        "broadcast_to": _expand, "permute": _permute, "t": _t, "squeeze": _squeeze,
        "flatten": _flatten, "movedim": _movedim, "moveaxis": _movedim,
        "transpose": _dims_rule((1, 2)), "swapaxes": _dims_rule((1, 2)),
        "swapdims": _dims_rule((1, 2)), "unsqueeze": _dims_rule((1,), extra=1),
 "select": _select, "narrow": _narrow,
        "getitem": _getitem, "setitem": _setitem, "cat": _joining(0), "concat": _joining(0),
        "concatenate": _joining(0), "stack": _joining(1), "matmul": _matmul(),
        "mm": _matmul((2, 2)), "bmm": _matmul((3, 3)), "mv": _matmul((2, 1)),
        "dot": _matmul((1, 1)), "linear": _linear,
        "nll_loss": _class_loss("nll_loss", ("input", "target", "weight", "size_average",
                                             "ignore_index", "reduce", "reduction")),
        "cross_entropy": _class_loss("cross_entropy", ("input", "target", "weight",
                                                       "size_average", "ignore_index", "reduce",
                                                       "reduction", "label_smoothing")),
        "mse_loss": _elementwise_loss(lambda a, b: (a - b) ** 2),
        "l1_loss": _elementwise_loss(lambda a, b: (a - b).abs()),
        "type_as": _as_type("type_as"), "expand_as": _as_type("expand_as"),
        "view_as": _as_type("view_as"), "reshape_as": _as_type("reshape_as"),
        "split": _split_rule, "chunk": _split_rule, "tensor_split": _split_rule,
        "unbind": _unbind, "autograd.grad": _autograd_grad, "einsum": _einsum,
        "batch_norm": _batch_norm,
    })
    for name, spatial in (("conv1d", 1), ("conv2d", 2)):
        _RULES[name] = _conv(spatial)
    for name, spatial in (("max_pool1d", 1), ("max_pool2d", 2), ("avg_pool1d", 1),
                          ("avg_pool2d", 2), ("adaptive_avg_pool1d", 1),
                          ("adaptive_avg_pool2d", 2), ("adaptive_max_pool2d", 2),
                          ("max_pool1d_with_indices", 1), ("max_pool2d_with_indices", 2),
                          ("adaptive_max_pool2d_with_indices", 2)):
        _RULES[name] = _fold(spatial)
    for name in ("is_floating_point", "is_complex", "is_signed", "element_size", "get_device",
                 "is_tensor", "is_inference", "is_conj", "is_neg"):
        _RULES[name] = _same_for_all
    for name in ("numel", "dim", "nelement", "ndimension"):
        _RULES[name] = _logical(name)


_install_rules()

# ---------------------------------------------------------------------------------------------
# entry points: the namespace functions and the Tensor methods that take tensors


def dispatching(fn, name):
    """``fn`` as an entry point: called with a batched tensor among its arguments, it runs
    through :func:`dispatch`; otherwise it is ``fn`` itself."""

    def wrapper(*args, **kwargs):
        if _active[0]:
            level, _ = _find(args, kwargs)
            if level:
                return dispatch(name, wrapper, args, kwargs)
        return fn(*args, **kwargs)

    functools.update_wrapper(wrapper, fn)
    wrapper._dispatching = True
    return wrapper


def _different_draws():
    """For a random factory called inside vmap: ``(level, size)`` of the innermost vmap when it
    draws per example (``randomness='different'``), None when it draws once (``'same'``, or no
    vmap); ``'error'`` raises PyTorch's error."""
    top = innermost()
    if top is None or top[2] == "same":
        return None
    if top[2] == "error":
        raise RuntimeError(RANDOM_ERROR)
    return top[0], top[1]


def random_factory(fn, size_pos=0):
    """A random factory (``randn``, ``rand``): under a vmap with ``randomness='different'`` it
    draws one tensor per example (the batch in front, as PyTorch draws them); ``'error'``
    raises; ``'same'`` draws once for every example."""

    def wrapper(*args, **kwargs):
        if _active[0]:
            top = _different_draws()
            if top is not None:
                level, size = top
                if "size" in kwargs:
                    kwargs = dict(kwargs, size=(size,) + tuple(kwargs["size"]))
                    return BatchedTensor(fn(*args, **kwargs), level)
                head, shape = args[:size_pos], _shape_args(args[size_pos:])
                if not all(isinstance(s, int) for s in shape):
                    return fn(*args, **kwargs)  # the factory's own message
                return BatchedTensor(fn(*head, (size,) + shape, **kwargs), level)
        return fn(*args, **kwargs)

    functools.update_wrapper(wrapper, fn)
    wrapper._dispatching = True
    return wrapper


_FACTORIES = {"rand": 0, "randn": 0, "randint": None, "randperm": None, "normal": None}
_TENSOR_PARAMS = {
    "other", "tensor", "tensors", "mask", "index", "src", "source", "end", "weight", "mat",
    "mat1", "mat2", "vec", "vec1", "vec2", "tensor1", "tensor2", "min", "max", "exponent",
    "condition", "y", "indices", "values", "target", "batch1", "batch2", "input", "x", "self",
    "boundaries", "test_elements", "elements", "grad_outputs", "outputs", "inputs", "input2",
    "value",
}


_ROW_FUNCTIONS = {name for name, _, _ in _C._unary_ops}


def install(namespace, names, prefix="", register=False):
    """Replaces the functions ``names`` of ``namespace`` (a module's dict) by dispatching
    entry points (their rules are looked up as ``prefix + name``); random factories get their
    randomness rule. ``register``: the rules may call them (the torch namespace)."""
    for name in names:
        fn = namespace.get(name)
        if fn is None or not callable(fn) or isinstance(fn, type) or hasattr(fn, "_dispatching"):
            continue
        if name in _ROW_FUNCTIONS and fn is getattr(_C, name, None):
            # the op-table rows hand batched tensors to dispatch themselves (no wrapper to pay)
            if register:
                _NS[name] = fn
            continue
        if name in _FACTORIES and register:
            pos = _FACTORIES[name]
            if pos is None:
                namespace[name] = _per_example_factory(fn)
            else:
                namespace[name] = random_factory(fn, pos)
            continue
        wrapped = dispatching(fn, prefix + name)
        namespace[name] = wrapped
        if register:
            _NS[name] = wrapped


def _per_example_factory(fn):
    """Random factories with more arguments than a size (``randint``, ``normal``): under
    'different' randomness each example draws in turn; tensors among the arguments dispatch."""
    name = fn.__name__

    def wrapper(*args, **kwargs):
        if _active[0]:
            level, _ = _find(args, kwargs)
            if level:
                return dispatch(name, wrapper, args, kwargs)
            top = _different_draws()
            if top is not None:
                level, size = top
                return BatchedTensor(_C.stack([fn(*args, **kwargs) for _ in range(size)], 0), level)
        return fn(*args, **kwargs)

    functools.update_wrapper(wrapper, fn)
    wrapper._dispatching = True
    return wrapper


def install_methods(cls):
    """Makes the methods of ``cls`` (the Tensor type) that take tensor arguments entry points,
    so ``w.matmul(batched)`` and ``x.add_(batched)`` dispatch as ``batched`` requires."""
    for name in dir(cls):
        if name.startswith("__"):
            continue
        fn = getattr(cls, name, None)
        if not callable(fn) or hasattr(fn, "_dispatching") or isinstance(fn, type):
            continue
        if not _parameters(fn) & _TENSOR_PARAMS:
            continue
        setattr(cls, name, _method_entry(fn, name))
    # `x += batched` and `x[i] = batched` for an unbatched x: PyTorch's in-place errors
    for dunder, name in (("__iadd__", "add_"), ("__isub__", "sub_"), ("__imul__", "mul_"),
                         ("__itruediv__", "div_"), ("__ifloordiv__", "floor_divide_"),
                         ("__imod__", "remainder_"), ("__ipow__", "pow_"),
                         ("__setitem__", "setitem")):
        fn = cls.__dict__.get(dunder)
        if fn is not None and not hasattr(fn, "_dispatching"):
            setattr(cls, dunder, _method_entry(fn, name))


def _parameters(fn):
    """The names of ``fn``'s parameters after the first (empty when they cannot be read)."""
    sig = getattr(fn, "__text_signature__", None)
    if sig is not None:
        return {p.strip().split("=")[0].lstrip("*") for p in sig.strip("()").split(",")[1:]}
    try:
        return set(list(inspect.signature(fn).parameters)[1:])
    except (TypeError, ValueError):
        return set()


def _method_entry(fn, name):
    def method(self, *args, **kwargs):
        if _active[0]:
            level, _ = _find(args, kwargs)
            if level:
                return dispatch(name, _method(name), (self,) + args, kwargs)
        return fn(self, *args, **kwargs)

    functools.update_wrapper(method, fn)
    method._dispatching = True
    return method


def batch_along(x, dim, level):
    """``x`` mapped over its dimension ``dim`` at ``level``."""
    return BatchedTensor(x.movedim(dim, 0) if dim else x, level)


def physical(t):
    """The plain tensor under any number of batching levels (for a meta tensor, the zeros it
    stands for)."""
    while type(t) is BatchedTensor:
        t = t._value
    if type(t) is _META[0]:
        return t._materialize()
    return t


_C._set_batched_dispatch(_Wrapper, dispatch)
