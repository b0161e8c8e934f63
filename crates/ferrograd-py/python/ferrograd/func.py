"""``torch.func``: function transforms (from JAX) with PyTorch's signatures.

``grad``, ``grad_and_value``, ``vjp``, ``jvp``, ``jacrev``, ``jacfwd``, ``hessian``, ``vmap``,
``functional_call`` and ``stack_module_state``. Inputs and outputs may be pytrees (nested
tuples, lists and dicts of tensors). The transforms compose (``vmap(grad(f))``,
``jacrev(jacfwd(f))``, ``grad(grad(f))``).

The derivatives are the autograd engine's (``torch.autograd.grad``, with batched gradients for
whole Jacobians); this module arranges the pytrees, the levels and PyTorch's messages, as
``ferrograd::func`` does in Rust:

- the reverse transforms differentiate with respect to fresh aliases of their inputs, and
  record the graph of their own backward pass only when another transform (or ordinary
  autograd) is differentiating around them;
- ``jvp`` and ``jacfwd`` use the double-vjp construction (``u -> J^T u`` is linear in ``u``;
  its vjp with ``v`` is ``J v``), which nests inside the reverse transforms;
- ``jacrev`` and ``jacfwd`` compute all rows (or columns) of a Jacobian in one batched backward
  pass (``chunk_size`` at a time);
- ``vmap`` calls the function once, on batched tensors (``ferrograd._batched``): each
  operation runs once on the whole batch through its batching rule (elementwise ops,
  reductions, views, products, losses, ``autograd.grad`` ...), and an operation without one
  runs once per example. Inside vmap, ``.item()`` and a batched tensor used as a condition
  raise PyTorch's errors.
"""

import functools as _functools
import threading as _threading

from . import _batched
from . import _meta
from . import _ferrograd as _C
from ._ferrograd import Tensor as _Tensor
from ._grad_mode import enable_grad as _enable_grad

__all__ = [
    "grad",
    "grad_and_value",
    "vjp",
    "jvp",
    "jacrev",
    "jacfwd",
    "hessian",
    "vmap",
    "functional_call",
    "stack_module_state",
    "linearize",
    "debug_unwrap",
    "replace_all_batch_norm_modules_",
]

_state = _threading.local()


def _depth():
    return getattr(_state, "depth", 0)


class _Level:
    """A differentiating transform running on this thread."""

    def __enter__(self):
        _state.depth = _depth() + 1

    def __exit__(self, *exc):
        _state.depth -= 1


# ---------------------------------------------------------------------------------------------
# pytrees: nested tuples, lists and dicts; everything else is a leaf


class _Spec:
    __slots__ = ("kind", "context", "children")

    def __init__(self, kind, context, children):
        self.kind = kind  # None for a leaf
        self.context = context
        self.children = children

    def __repr__(self, indent=0):
        if self.kind is None:
            return "*"
        prefix = f"TreeSpec({self.kind.__name__}, {self.context}, ["
        body = ""
        if self.children:
            indent += 2
            body += self.children[0].__repr__(indent)
            body += "," if len(self.children) > 1 else ""
            body += ",".join("\n" + " " * indent + c.__repr__(indent) for c in self.children[1:])
        return prefix + body + "])"

    def num_leaves(self):
        return 1 if self.kind is None else sum(c.num_leaves() for c in self.children)


_LEAF = _Spec(None, None, [])


def _is_node(obj):
    return type(obj) in (tuple, list, dict) or (isinstance(obj, tuple) and hasattr(obj, "_fields"))


def _children(obj):
    if isinstance(obj, dict):
        return list(obj.keys()), list(obj.values())
    return None, list(obj)


def _tree_flatten(obj):
    """``(leaves, spec)`` of a pytree."""
    leaves = []

    def go(o):
        if not _is_node(o):
            leaves.append(o)
            return _LEAF
        context, kids = _children(o)
        return _Spec(type(o), context, [go(k) for k in kids])

    return leaves, go(obj)


def _tree_unflatten(leaves, spec):
    """The pytree of ``spec`` with ``leaves``."""
    it = iter(leaves)

    def go(s):
        if s.kind is None:
            return next(it)
        kids = [go(c) for c in s.children]
        if s.kind is dict:
            return dict(zip(s.context, kids))
        if s.kind in (tuple, list):
            return s.kind(kids)
        make = getattr(s.kind, "_make", None)  # a namedtuple (torch.return_types take the sequence)
        return make(kids) if make is not None else s.kind(kids)

    return go(spec)


def _tree_map(fn, obj):
    leaves, spec = _tree_flatten(obj)
    return _tree_unflatten([fn(x) for x in leaves], spec)


def _broadcast_prefix(prefix, spec, fail):
    """The leaves of ``prefix`` (a pytree prefix of the tree ``spec``) repeated over ``spec``'s
    leaves; ``fail()`` raises when it is not a prefix."""
    if not _is_node(prefix):
        return [prefix] * spec.num_leaves()
    if spec.kind is None:
        fail()
    context, kids = _children(prefix)
    if type(prefix) is not spec.kind and not (isinstance(prefix, tuple) and spec.kind is tuple):
        if not (isinstance(prefix, (list, tuple)) and spec.kind in (list, tuple)):
            fail()
    if len(kids) != len(spec.children):
        fail()
    if spec.kind is dict and set(context) != set(spec.context):
        fail()
    if spec.kind is dict:
        kids = [prefix[k] for k in spec.context]
    out = []
    for k, s in zip(kids, spec.children):
        out.extend(_broadcast_prefix(k, s, fail))
    return out


# ---------------------------------------------------------------------------------------------
# the differentiating transforms


def _must_record(tensors):
    return _depth() > 0 or any(isinstance(t, _Tensor) and t.requires_grad for t in tensors)


def _captured(out, aliases):
    """Whether ``out`` depends on a tensor that requires grad other than this level's inputs
    (a tensor the function closes over, such as a module's parameter), with grad mode on
    outside: the results then stay differentiable, as PyTorch's."""
    leaves = [_batched.physical(t) for t in _tree_flatten(out)[0] if isinstance(t, _Tensor)]
    return _C._captures_grad(leaves, [_batched.physical(a) for a in aliases])


def _level_input(x):
    if not isinstance(x, _Tensor):
        raise RuntimeError(f"Expected all inputs to be differentiable Tensors, got {type(x)}")
    if x.requires_grad:
        return x.view_as(x)
    return x.detach().requires_grad_(True)


def _op(name):
    """The dispatching ``torch.<name>`` (it takes batched tensors)."""
    return _batched._NS[name]


def _batch_inputs(chosen):
    """``chosen`` (the inputs a transform differentiates) batched at every running vmap level
    (expanded along the levels they are not batched at): each example then gets its own
    gradient even where the function reaches the batch only through a tensor it closes over,
    as PyTorch's transforms give per-example gradients of shared inputs."""
    levels = _batched.levels()
    if not levels:
        return chosen

    def at_all(x, levels):
        if not levels:
            return x
        (level, size), inner = levels[-1], levels[:-1]
        if _batched._is_batched(x, level):
            return _batched.BatchedTensor(at_all(x._value, inner), level)
        return _batched.BatchedTensor(_batched.expanded(at_all(x, inner), size), level)

    return [at_all(x, levels) if isinstance(x, _Tensor) else x for x in chosen]


def _finish(obj, record):
    if record:
        return obj
    return _tree_map(lambda t: t.detach() if isinstance(t, _Tensor) else t, obj)


def _vjp_or_zeros(outs, weights, inputs, record, batch=None):
    """``d sum(outs * weights) / d inputs``, zeros for inputs the outputs do not depend on;
    with ``batch``, the weights carry a leading batch dimension."""
    from .autograd import grad as _grad

    def zeros(x):
        shape = ([batch] if batch is not None else []) + list(x.shape)
        return _zeros(shape, x)

    pairs = [(o, w) for o, w in zip(outs, weights) if o.requires_grad]
    if not pairs or not inputs:
        return [zeros(x) for x in inputs]
    grads = _grad(
        [o for o, _ in pairs],
        inputs,
        [w for _, w in pairs],
        retain_graph=True,
        create_graph=record,
        allow_unused=True,
        is_grads_batched=batch is not None,
    )
    return [g if g is not None else zeros(x) for g, x in zip(grads, inputs)]


def _check_argnums(argnums, nargs):
    if isinstance(argnums, int):
        nums = (argnums,)
    elif isinstance(argnums, tuple) and argnums and all(isinstance(a, int) for a in argnums):
        nums = argnums
        if len(set(argnums)) != len(argnums):
            raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    else:
        raise RuntimeError(
            f"argnums must be int or Tuple[int, ...], got: {type(argnums)}"
        )
    for a in nums:
        if not -nargs <= a < nargs:
            raise RuntimeError(f"Got argnum={a}, but only {nargs} positional inputs")
    return [a % nargs for a in nums]


def _diff_args(args, argnums):
    """The arguments with those of ``argnums`` replaced by this level's aliases: ``(new_args,
    aliases (flat), rebuild)`` where ``rebuild(flat)`` gives the structure of argnums."""
    nums = _check_argnums(argnums, len(args))
    chosen = tuple(args[a] for a in nums)
    flat, spec = _tree_flatten(chosen)
    flat = _batch_inputs(flat)
    aliases = [_level_input(x) for x in flat]
    new_chosen = _tree_unflatten(aliases, spec)
    new_args = list(args)
    for a, v in zip(nums, new_chosen):
        new_args[a] = v

    def rebuild(flat_values):
        tree = _tree_unflatten(flat_values, spec)
        return tree[0] if isinstance(argnums, int) else tree

    return tuple(new_args), aliases, rebuild


def grad_and_value(func, argnums=0, has_aux=False):
    """Returns a function computing ``(gradient, value)`` of ``func``, which must return a
    scalar tensor (or ``(scalar, aux)`` with ``has_aux``, giving ``(gradient, (value, aux))``).

    Example::

        >>> x = torch.tensor([1.0, 2.0])
        >>> torch.func.grad_and_value(lambda x: (x ** 2).sum())(x)
        (tensor([2., 4.]), tensor(5.))
    """

    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        new_args, aliases, rebuild = _diff_args(args, argnums)
        record = _must_record([x for x in _tree_flatten(args)[0] if isinstance(x, _Tensor)])
        with _Level(), _enable_grad():
            out = func(*new_args, **kwargs)
        aux = None
        if has_aux:
            if not (isinstance(out, tuple) and len(out) == 2):
                raise RuntimeError(
                    "grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) "
                    "if has_aux is True"
                )
            out, aux = out
        if not isinstance(out, _Tensor):
            raise RuntimeError(
                f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got {type(out)}"
            )
        if out.dim() != 0:
            raise RuntimeError(
                "grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor "
                f"with {out.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs instead?"
            )
        record = record or _captured(out, aliases)
        grads = _vjp_or_zeros([out], [_op("ones_like")(out)], aliases, record)
        grads = _finish(rebuild(grads), record)
        value = _finish(out, record)
        if has_aux:
            return grads, (value, _finish(aux, record))
        return grads, value

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """Returns a function computing the gradient of ``func`` (which returns a scalar tensor)
    with respect to the arguments ``argnums``; with ``has_aux``, ``(gradient, aux)``.

    Example::

        >>> x = torch.tensor([0.0, 1.0])
        >>> torch.func.grad(lambda x: x.sin().sum())(x)
        tensor([1.0000, 0.5403])
    """
    gv = grad_and_value(func, argnums, has_aux)

    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        g, value = gv(*args, **kwargs)
        if has_aux:
            return g, value[1]
        return g

    return wrapper


def vjp(func, *primals, has_aux=False):
    """``(func(*primals), vjp_fn)``: ``vjp_fn(cotangents)`` returns the vector-Jacobian
    products, one per primal (a tuple). With ``has_aux``, ``func`` returns ``(output, aux)``
    and ``vjp`` returns ``(output, vjp_fn, aux)``.

    Example::

        >>> out, vjp_fn = torch.func.vjp(lambda x: x ** 2, torch.tensor([1.0, 3.0]))
        >>> vjp_fn(torch.tensor([1.0, 0.5]))
        (tensor([2., 3.]),)
    """
    flat, spec = _tree_flatten(primals)
    aliases = [_level_input(x) for x in _batch_inputs(flat)]
    record = _must_record(flat)
    with _Level(), _enable_grad():
        out = func(*_tree_unflatten(aliases, spec))
    record = record or _captured(out, aliases)
    aux = None
    if has_aux:
        if not (isinstance(out, tuple) and len(out) == 2):
            raise RuntimeError(
                "vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux is True"
            )
        out, aux = out
    out_flat, out_spec = _tree_flatten(out)
    for o in out_flat:
        if not isinstance(o, _Tensor):
            raise RuntimeError(
                f"vjp(f, *primals): Expected f(*primals) to return only tensors, got unsupported type {type(o)}"
            )

    def vjp_fn(cotangents, *, retain_graph=True, create_graph=None):
        c_flat, c_spec = _tree_flatten(cotangents)
        if c_spec.__repr__() != out_spec.__repr__():
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure of "
                f"outputs to the function. cotangents: {c_spec}, primal output: {out_spec}"
            )
        for i, (c, o) in enumerate(zip(c_flat, out_flat)):
            if tuple(c.shape) != tuple(o.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {c.shape} and "
                    f"output[{i}] has a shape of {o.shape}."
                )
        rec = record or bool(create_graph) or _must_record(c_flat)
        grads = _vjp_or_zeros(out_flat, c_flat, aliases, rec)
        return _finish(_tree_unflatten(grads, spec), rec)

    shown = _finish(out, record)
    if has_aux:
        return shown, vjp_fn, _finish(aux, record)
    return shown, vjp_fn


def _forward_products(out_flat, aliases, tangents, record, batch=None):
    """``J v`` for every output, by double vjp (see the module's docstring)."""
    us = [_op("zeros_like")(o).requires_grad_(True) for o in out_flat]
    g = _vjp_or_zeros(out_flat, us, aliases, True)
    pairs = [(gi, t) for gi, t in zip(g, tangents) if gi.requires_grad]
    return _vjp_or_zeros([p for p, _ in pairs], [t for _, t in pairs], us, record, batch)


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``(func(*primals), J·tangents)``: the Jacobian-vector product.

    Example::

        >>> torch.func.jvp(lambda x: x ** 3, (torch.tensor([1.0, 2.0]),), (torch.tensor([1.0, 1.0]),))
        (tensor([1., 8.]), tensor([ 3., 12.]))
    """
    if not isinstance(primals, tuple):
        raise RuntimeError(
            "jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to call f(*primals)."
        )
    if not isinstance(tangents, tuple):
        raise RuntimeError(
            "jvp(f, primals, tangents): Expected tangents to be a tuple. E.g. it should be valid to call f(*tangents)."
        )
    p_flat, p_spec = _tree_flatten(primals)
    t_flat, t_spec = _tree_flatten(tangents)
    if repr(p_spec) != repr(t_spec):
        raise RuntimeError(
            "jvp(f, primals, tangents): Expected primals and tangents to have the same python "
            f"structure. For example, if primals is a tuple of 3 tensors, tangents also must be. "
            f"Got primals with structure {p_spec} and tangents with structure {t_spec}"
        )
    for p, t in zip(p_flat, t_flat):
        if tuple(p.shape) != tuple(t.shape):
            raise RuntimeError(
                "Trying to set a forward gradient that has a different size than that of the original "
                f"Tensor, this is not supported. Tensor is of size {list(p.shape)} while the given "
                f"forward gradient is of size {list(t.shape)}."
            )
    record = _must_record(p_flat) or _must_record(t_flat)
    outer = _C.is_grad_enabled()
    aliases = [_level_input(x) for x in _batch_inputs(p_flat)]
    with _Level(), _enable_grad():
        out = func(*_tree_unflatten(aliases, p_spec))
        aux = None
        if has_aux:
            out, aux = out
        out_flat, out_spec = _tree_flatten(out)
        record = record or (outer and _captured(out_flat, aliases))
        jv = _forward_products(out_flat, aliases, t_flat, record)
    result = (_finish(out, record), _finish(_tree_unflatten(jv, out_spec), record))
    if has_aux:
        return result + (_finish(aux, record),)
    return result


def linearize(func, *primals):
    """``(func(*primals), jvp_fn)``: ``jvp_fn(*tangents)`` is the Jacobian-vector product of
    ``func`` at ``primals`` with ``tangents`` (their structure, shapes and dtypes those of
    ``primals``, with PyTorch's errors otherwise). PyTorch traces ``func`` once and replays the
    linear part; here each call of ``jvp_fn`` differentiates ``func`` at ``primals`` again
    (same values; a ``func`` that draws random numbers draws again).

    Example::

        >>> out, jvp_fn = torch.func.linearize(torch.sin, torch.tensor([0.0, 1.0]))
        >>> jvp_fn(torch.tensor([1.0, 1.0]))
        tensor([1.0000, 0.5403])
    """
    p_flat, p_spec = _tree_flatten(primals)
    out = func(*primals)

    def jvp_fn(*tangents):
        t_flat, t_spec = _tree_flatten(tangents)
        if repr(t_spec) != repr(p_spec):
            raise RuntimeError(
                f"Expected the tangents {t_spec} to have the same argspec as the primals {p_spec}"
            )
        for i, (p, t) in enumerate(zip(p_flat, t_flat)):
            if tuple(t.shape) != tuple(p.shape):
                raise RuntimeError(
                    f"tangent:{i} with shape {t.shape} in flattened pytree doesn't match the shape "
                    f"{p.shape} of the corresponding primal."
                )
            if t.dtype != p.dtype:
                raise RuntimeError(
                    f"tangent:{i} with dtype {t.dtype} in flattened pytree doesn't match the dtype "
                    f"{p.dtype} of the corresponding primal."
                )
        return jvp(func, primals, tangents)[1]

    return out, jvp_fn


def debug_unwrap(tensor, *, recurse=True):
    """The tensor under a ``vmap`` batched tensor (the whole batch, batch dimension in front:
    PyTorch keeps a mapped input's batch dimension where ``in_dims`` found it, ferrograd moves
    it to the front), for debugging; with ``recurse``, under every level. Other tensors are
    returned as they are.

    Example::

        >>> seen = []
        >>> _ = torch.func.vmap(lambda t: seen.append(torch.func.debug_unwrap(t).shape) or t)(torch.ones(2, 3))
        >>> seen  # the whole batch, where the function sees one example of shape (3,)
        [torch.Size([2, 3])]
    """
    if type(tensor) is not _batched.BatchedTensor:
        return tensor
    tensor = tensor._value
    while recurse and type(tensor) is _batched.BatchedTensor:
        tensor = tensor._value
    return tensor


def replace_all_batch_norm_modules_(root):
    """Makes every batch-norm module in ``root`` stop tracking running statistics (its
    ``running_mean``, ``running_var`` and ``num_batches_tracked`` become None, and it
    normalises with the batch's statistics), as ``vmap`` over a model in training mode needs.
    Returns ``root``.

    Example::

        >>> m = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
        >>> torch.func.replace_all_batch_norm_modules_(m)[1].running_mean is None
        True
    """
    from .nn.modules.normalization import _BatchNorm, _InstanceNorm

    for module in root.modules():
        if isinstance(module, _BatchNorm) and not isinstance(module, _InstanceNorm):
            module.running_mean = None
            module.running_var = None
            module.num_batches_tracked = None
            module.track_running_stats = False
    return root


def _chunks(n, chunk_size):
    c = max(chunk_size or n, 1)
    return [(s, min(s + c, n)) for s in range(0, n, c)]


def _check_chunk_size(name, chunk_size):
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size <= 0):
        raise ValueError(f"{name}: `chunk_size` should be greater than 0.")


def _zeros(shape, like):
    """Zeros of ``shape`` with ``like``'s dtype, on ``like``'s device (the CPU or meta)."""
    if type(like) is _meta.MetaTensor:
        return _meta.MetaTensor(shape, like.dtype)
    return _C.zeros(shape, dtype=like.dtype, device="cpu")


def _identity_rows(n, start, end, like):
    """Rows ``start:end`` of the ``n × n`` identity, each row shaped as ``like``, with its dtype
    and device."""
    shape = [end - start] + list(like.shape)
    if type(like) is _meta.MetaTensor:
        return _meta.MetaTensor(shape, like.dtype)
    return _C.eye(n, dtype=like.dtype, device="cpu").narrow(0, start, end - start).reshape(shape)


def _assemble(out_flat, out_spec, blocks, rebuild):
    """blocks[i][j]: the Jacobian of output leaf i w.r.t. input leaf j, into PyTorch's structure
    (the outputs' tree, each leaf the tree of the differentiated arguments)."""
    return _tree_unflatten([rebuild(row) for row in blocks], out_spec)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """Returns a function computing the Jacobian of ``func`` with respect to the arguments
    ``argnums`` by reverse mode: every row in one batched backward pass (``chunk_size`` rows
    at a time if given). A block has shape ``output.shape + input.shape``.

    Example::

        >>> torch.func.jacrev(lambda x: x ** 2)(torch.tensor([1.0, 2.0]))
        tensor([[2., 0.],
                [0., 4.]])
    """
    _check_chunk_size("jacrev", chunk_size)

    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        new_args, aliases, rebuild = _diff_args(args, argnums)
        record = _must_record([x for x in _tree_flatten(args)[0] if isinstance(x, _Tensor)])
        with _Level(), _enable_grad():
            out = func(*new_args, **kwargs)
        aux = None
        if has_aux:
            out, aux = out
        out_flat, out_spec = _tree_flatten(out)
        record = record or _captured(out_flat, aliases)
        blocks = []
        for o in out_flat:
            n = o.numel()
            parts = [[] for _ in aliases]
            for s, e in _chunks(n, chunk_size):
                rows = _identity_rows(n, s, e, o)
                for p, g in zip(parts, _vjp_or_zeros([o], [rows], aliases, record, e - s)):
                    p.append(g)
            row = []
            for p, x in zip(parts, aliases):
                shape = list(o.shape) + list(x.shape)
                row.append(_op("cat")(p, 0).reshape(shape) if p else _zeros(shape, x))
            blocks.append(row)
        result = _finish(_assemble(out_flat, out_spec, blocks, rebuild), record)
        if has_aux:
            return result, _finish(aux, record)
        return result

    return wrapper


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error", chunk_size=None):
    """Returns a function computing the Jacobian of ``func`` with respect to the arguments
    ``argnums`` by forward products: every column in one batched pass (``chunk_size`` columns
    at a time if given). Same layout as :func:`jacrev`.

    Example::

        >>> torch.func.jacfwd(lambda x: x.sin())(torch.tensor([0.0, 0.0]))
        tensor([[1., 0.],
                [0., 1.]])
    """
    _check_chunk_size("jacfwd", chunk_size)
    _check_randomness(randomness)

    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        new_args, aliases, rebuild = _diff_args(args, argnums)
        record = _must_record([x for x in _tree_flatten(args)[0] if isinstance(x, _Tensor)])
        outer = _C.is_grad_enabled()
        with _Level(), _enable_grad():
            out = func(*new_args, **kwargs)
            aux = None
            if has_aux:
                out, aux = out
            out_flat, out_spec = _tree_flatten(out)
            record = record or (outer and _captured(out_flat, aliases))
            us = [_op("zeros_like")(o).requires_grad_(True) for o in out_flat]
            g = _vjp_or_zeros(out_flat, us, aliases, True)
            blocks = [[None] * len(aliases) for _ in out_flat]
            for j, (gj, x) in enumerate(zip(g, aliases)):
                m = x.numel()
                parts = [[] for _ in out_flat]
                for s, e in _chunks(m, chunk_size):
                    cols = _identity_rows(m, s, e, x)
                    if gj.requires_grad:
                        jv = _vjp_or_zeros([gj], [cols], us, record, e - s)
                    else:
                        jv = [_zeros([e - s] + list(u.shape), u) for u in us]
                    for p, t in zip(parts, jv):
                        p.append(t)
                for i, (p, o) in enumerate(zip(parts, out_flat)):
                    shape = list(o.shape) + list(x.shape)
                    if not p:
                        blocks[i][j] = _zeros(shape, x)
                    else:
                        blocks[i][j] = _op("cat")(p, 0).reshape([m, o.numel()]).t().reshape(shape)
        result = _finish(_assemble(out_flat, out_spec, blocks, rebuild), record)
        if has_aux:
            return result, _finish(aux, record)
        return result

    return wrapper


def hessian(func, argnums=0):
    """The Hessian of ``func`` with respect to the arguments ``argnums``:
    ``jacfwd(jacrev(func, argnums), argnums)``, as PyTorch computes it.

    Example::

        >>> torch.func.hessian(lambda x: (x ** 3).sum())(torch.tensor([1.0, 2.0]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    return jacfwd(jacrev(func, argnums), argnums)


# ---------------------------------------------------------------------------------------------
# vmap


def _check_randomness(randomness):
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(
            f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}"
        )


def _name(func):
    return getattr(func, "__name__", repr(func))


_EXTENDING = "For more details, please see https://pytorch.org/docs/main/notes/extending.func.html"


class VmapInfo:
    """What a custom Function's ``vmap`` staticmethod is told: ``batch_size`` and the
    ``randomness`` flag of the vmap."""

    def __init__(self, batch_size, randomness):
        self.batch_size = batch_size
        self.randomness = randomness

    def __repr__(self):
        return f"VmapInfo(batch_size={self.batch_size}, randomness='{self.randomness}')"


class _Outside:
    """Leaves the innermost vmap level for a while (a custom Function's vmap rule runs there,
    on the values)."""

    def __enter__(self):
        self.top = _batched.innermost()
        _batched.exit_level()
        return self

    def __exit__(self, *exc):
        _batched.reenter(self.top)


def _custom_function_under_transform(cls, args):
    """How ``cls.apply(*args)`` runs inside the transforms of this module: ``None`` to run as
    usual, else a thunk giving the result. With batched arguments the Function's ``vmap``
    staticmethod runs once on the batch (told the batch size and where each argument's batch
    dimension is), or, with ``generate_vmap_rule = True``, ``apply`` runs once per example.
    Raises PyTorch's errors for Functions the transforms cannot use: without
    ``setup_context``, and under vmap without either."""
    from .autograd.function import Function

    if _depth() == 0 and _batched.innermost() is None:
        return None
    if cls.setup_context is Function.setup_context:
        raise RuntimeError(
            "In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, "
            "jacrev, ...), it must override the setup_context staticmethod. " + _EXTENDING
        )
    level, size = _batched._find(args, {})
    if not level:
        return None
    rule = cls.vmap is not Function.vmap
    generate = bool(getattr(cls, "generate_vmap_rule", False))
    if rule and generate:
        raise RuntimeError(
            f"You tried to vmap over {cls.__name__}, but it has both generate_vmap_rule=True and "
            "an overridden vmap staticmethod. Please set generate_vmap_rule=False or delete the "
            "overridden vmap staticmethod to avoid ambiguity. " + _EXTENDING
        )
    if generate:
        return lambda: _batched._fallback(cls.__name__, cls.apply, level, size, args, {})
    if not rule:
        raise RuntimeError(
            f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please "
            "override and implement the vmap staticmethod or set generate_vmap_rule=True. "
            + _EXTENDING
        )

    def run():
        in_dims = tuple(0 if _batched._is_batched(a, level) else None for a in args)
        values = [_batched._value(a, level) for a in args]
        randomness = _batched._randomness(level)
        with _Outside():
            result = cls.vmap(VmapInfo(size, randomness), in_dims, *values)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise RuntimeError(
                "Expected the vmap staticmethod to have two returns, an output and out_dims with "
                f"pytree structure compatible with the output. Got a {type(result)} instead"
            )
        out, out_dims = result
        leaves, spec = _tree_flatten(out)

        def structure_error():
            _, dims_spec = _tree_flatten(out_dims)
            raise RuntimeError(
                "The autograd.Function's vmap staticmethod returned an incompatible (output, "
                f"out_dims) tuple. Expected out_dims={out_dims} to be compatible with the "
                f"structure of `output`. out_dims has structure {dims_spec} but output has "
                f"structure {spec}. " + _EXTENDING
            )

        dims = _broadcast_prefix(out_dims, spec, structure_error)
        rows = []
        for leaf, d in zip(leaves, dims):
            if d is None or not isinstance(leaf, _Tensor):
                rows.append(leaf)
            else:
                rows.append(_batched.batch_along(leaf, d, level))
        return _tree_unflatten(rows, spec)

    return run


_RANDOM_ERROR = _batched.RANDOM_ERROR


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """Maps ``func`` (written for one example) over dimension ``in_dims`` of its inputs
    (``None``: shared by every example; a pytree prefix of the inputs), returning outputs with
    the batch at ``out_dims``. ``randomness`` is ``'error'`` (random operations inside raise),
    ``'different'`` (each example draws its own numbers) or ``'same'`` (every example draws the
    same numbers).

    ``func`` runs once, on batched tensors: each operation runs once on the whole batch through
    its batching rule, and an operation without a rule runs once per example
    (``ferrograd._batched``). With ``chunk_size``, ``func`` runs once per chunk of that many
    examples (less memory at once) and the chunks' outputs are joined.

    Example::

        >>> torch.func.vmap(torch.dot)(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[1.0, 1.0], [0.0, 1.0]]))
        tensor([3., 4.])
    """
    _check_randomness(randomness)
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size <= 0):
        raise ValueError(
            f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})"
        )
    name = _name(func)

    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not isinstance(in_dims, (int, tuple)):
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): expected `in_dims` to be int or a "
                f"(potentially nested) tuple matching the structure of inputs, got: {type(in_dims)}."
            )
        if not args:
            raise ValueError(
                f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are "
                "trying to vmap over a function with no inputs. The latter is unsupported."
            )
        flat, spec = _tree_flatten(args)
        head = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
        dims = _broadcast_prefix(in_dims, spec, _mismatch(head, "in_dims", in_dims, "inputs", spec))
        sizes = []
        wrapped_dims = []
        for x, d in zip(flat, dims):
            if d is None:
                wrapped_dims.append(None)
                continue
            if not isinstance(d, int):
                raise ValueError(
                    f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims must be int or None "
                    f"at every leaf, got {type(d)}"
                )
            if not isinstance(x, _Tensor):
                raise ValueError(
                    f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={d} for an input but "
                    f"the input is of type {type(x)}. We cannot vmap over non-Tensor arguments, please "
                    "use None as the respective in_dim"
                )
            r = x.dim()
            if not -r <= d < r:
                raise ValueError(
                    f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={d} for some input, "
                    f"but that input is a Tensor of dimensionality {r} so expected in_dim to satisfy "
                    f"-{r} <= in_dim < {r}."
                )
            d %= r
            sizes.append(x.shape[d])
            wrapped_dims.append(d)
        if not sizes:
            raise ValueError("vmap: Expected at least one Tensor to vmap over")
        size = sizes[0]
        if any(s != size for s in sizes):
            raise ValueError(
                "vmap: Expected all tensors to have the same size in the mapped dimension, got "
                f"sizes {sizes} for the mapped dimension"
            )

        if size == 0:
            return _empty_batch(func, flat, spec, wrapped_dims, kwargs, name, out_dims, randomness)
        if chunk_size is not None and chunk_size < size:
            return _in_chunks(func, flat, spec, wrapped_dims, kwargs, name, out_dims, randomness, size,
                              chunk_size)
        return _batched_call(func, flat, spec, wrapped_dims, kwargs, name, out_dims, randomness, size)

    return wrapper


def _in_chunks(func, flat, spec, dims, kwargs, name, out_dims, randomness, size, chunk_size):
    """vmap with ``chunk_size``: the batch runs ``chunk_size`` examples at a time and the
    chunks' outputs are joined along their out_dims (an output with out_dim None is the first
    chunk's)."""
    parts = []
    for start in range(0, size, chunk_size):
        n = min(chunk_size, size - start)
        chunk = [x if d is None else x.narrow(d, start, n) for x, d in zip(flat, dims)]
        parts.append(_batched_call(func, chunk, spec, dims, kwargs, name, out_dims, randomness, n))
    leaves = [_tree_flatten(p)[0] for p in parts]
    out_spec = _tree_flatten(parts[0])[1]
    od = _broadcast_prefix(out_dims, out_spec, lambda: None)
    joined = []
    for k, d in enumerate(od):
        if d is None:
            joined.append(leaves[0][k])
        else:
            rank = leaves[0][k].dim()
            joined.append(_op("cat")([lv[k] for lv in leaves], d % rank))
    return _tree_unflatten(joined, out_spec)


def _batched_call(func, flat, spec, wrapped_dims, kwargs, name, out_dims, randomness, size):
    """One call of ``func`` on batched tensors of ``size`` examples, its outputs unbatched."""
    start_state = _C.get_rng_state() if randomness == "error" else None
    level = _batched.enter(size, randomness)
    try:
        example = [x if d is None else _batched.batch_along(x, d, level) for x, d in zip(flat, wrapped_dims)]
        out = func(*_tree_unflatten(example, spec), **kwargs)
    finally:
        _batched.exit_level()
    # a random operation the rules did not see drew from the generator: its state moved
    if start_state is not None and not _C.get_rng_state().equal(start_state):
        raise RuntimeError(_RANDOM_ERROR)
    return _unbatch(out, level, size, name, out_dims)


def _mismatch(head, what, dims, things, spec):
    """PyTorch's error for ``in_dims``/``out_dims`` that do not fit the inputs/outputs, as a
    function raising it."""

    def fail():
        _, dims_spec = _tree_flatten(dims)
        raise ValueError(
            f"{head}: {what} is not compatible with the structure of `{things}`. {what} has "
            f"structure {dims_spec} but {things} has structure {spec}."
        )

    return fail


def _unbatch(out, level, size, name, out_dims):
    """The outputs of a vmapped function with their batch at ``out_dims``: a batched output's
    value with its batch dimension moved there, an unbatched one expanded along it."""
    flat_out, out_spec = _tree_flatten(out)
    head = f"vmap({name}, ..., out_dims={out_dims})(<inputs>)"
    dims = _broadcast_prefix(out_dims, out_spec, _mismatch(head, "out_dims", out_dims, "outputs", out_spec))
    results = []
    for v, d in zip(flat_out, dims):
        here = _batched._is_batched(v, level)
        if d is None:
            if here:
                raise ValueError(
                    f"vmap({name}, ...): `{name}` can not return a BatchedTensor when out_dim is None"
                )
            results.append(v)
            continue
        if not isinstance(v, _Tensor):
            raise _not_a_tensor(name, v)
        value = v._value if here else _batched.expanded(v, size)
        rank = value.dim()
        if not -rank <= d < rank:
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {d})"
            )
        d %= rank
        results.append(value.movedim(0, d) if d else value)
    return _tree_unflatten(results, out_spec)


def _empty_batch(func, flat, spec, wrapped_dims, kwargs, name, out_dims, randomness):
    """vmap over a mapped dimension of size 0: ``func`` runs once on zero-filled examples (for
    the shapes of its outputs, as PyTorch's batched rules see them; a floating example is the
    sum over the empty dimension, so the outputs stay connected to the inputs' graph), and every
    mapped output is empty along its out_dim. An output with out_dim None is returned as
    ``func`` gave it. Random draws follow ``randomness``: an error for ``'error'``, the
    generator left where it was for ``'different'``, advanced once for ``'same'``."""
    example = []
    for x, d in zip(flat, wrapped_dims):
        if d is None:
            example.append(x)
        elif x.is_floating_point():
            example.append(x.sum(d))
        else:
            shape = list(x.shape)
            del shape[d]
            example.append(_C.zeros(shape, dtype=x.dtype, device="cpu"))
    start_state = _C.get_rng_state()
    try:
        out = func(*_tree_unflatten(example, spec), **kwargs)
    finally:
        moved = not _C.get_rng_state().equal(start_state)
        if randomness != "same":
            _C.set_rng_state(start_state)
    if randomness == "error" and moved:
        raise RuntimeError(_RANDOM_ERROR)
    return _unbatch(out, 0, 0, name, out_dims)


def _not_a_tensor(name, v):
    """PyTorch's error for a mapped output that is not a tensor."""
    return ValueError(
        f"vmap({name}, ...): `{name}` must only return Tensors, got type {type(v)}. "
        "Did you mean to set out_dims= to None for output?"
    )


# ---------------------------------------------------------------------------------------------
# modules as functions


def _swap(module, name, value):
    """Sets the parameter or buffer ``name`` (dotted) of ``module`` to ``value`` and returns
    the previous one."""
    *path, leaf = name.split(".")
    m = module
    for p in path:
        m = getattr(m, p)
    if leaf in m._parameters:
        old = m._parameters[leaf]
        m._parameters[leaf] = value
    elif leaf in m._buffers:
        old = m._buffers[leaf]
        m._buffers[leaf] = value
    else:
        old = m.__dict__.get(leaf, _MISSING)
        m.__dict__[leaf] = value
    return m, leaf, old


_MISSING = object()


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """Calls ``module`` with its parameters and buffers replaced by those of
    ``parameter_and_buffer_dicts`` (a dict, or a tuple of dicts), leaving the module unchanged.

    Example::

        >>> lin = torch.nn.Linear(2, 1)
        >>> torch.func.functional_call(lin, {"weight": torch.ones(1, 2), "bias": torch.zeros(1)}, (torch.tensor([1.0, 2.0]),))
        tensor([3.])
    """
    if isinstance(parameter_and_buffer_dicts, dict):
        merged = dict(parameter_and_buffer_dicts)
    elif isinstance(parameter_and_buffer_dicts, (tuple, list)):
        merged = {}
        for d in parameter_and_buffer_dicts:
            for k, v in d.items():
                if k in merged:
                    raise ValueError(
                        f"{k} appeared in multiple dictionaries; behavior of functional call is ambiguous"
                    )
                merged[k] = v
    else:
        raise ValueError(
            "Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got "
            f"{type(parameter_and_buffer_dicts)}"
        )
    if strict:
        expected = set(k for k, _ in module.named_parameters()) | set(k for k, _ in module.named_buffers())
        missing = sorted(expected - set(merged))
        unexpected = sorted(set(merged) - expected)
        if missing or unexpected:
            parts = []
            if unexpected:
                parts.append("Unexpected key(s): " + ", ".join(f"'{k}'" for k in unexpected) + ".")
            if missing:
                parts.append("Missing key(s): " + ", ".join(f"'{k}'" for k in missing) + ".")
            raise RuntimeError(
                f"Error(s) in reparametrizing for {type(module).__name__}:\n\t" + "\n\t".join(parts)
            )
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    kwargs = {} if kwargs is None else kwargs
    swapped = []
    try:
        for k, v in merged.items():
            swapped.append(_swap(module, k, v))
        return module(*args, **kwargs)
    finally:
        for m, leaf, old in reversed(swapped):
            if leaf in m._parameters:
                m._parameters[leaf] = old
            elif leaf in m._buffers:
                m._buffers[leaf] = old
            elif old is _MISSING:
                del m.__dict__[leaf]
            else:
                m.__dict__[leaf] = old


def stack_module_state(models):
    """``(params, buffers)``: each parameter and buffer of the same-shaped ``models`` stacked
    along a new leading dimension, for ``vmap`` over an ensemble.

    Example::

        >>> models = [torch.nn.Linear(2, 1) for _ in range(3)]
        >>> params, buffers = torch.func.stack_module_state(models)
        >>> params["weight"].shape
        torch.Size([3, 1, 2])
    """
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise RuntimeError(
            "stack_module_state: Expected all models to have the same training/eval mode."
        )
    model0_typ = type(models[0])
    if not all(type(m) is model0_typ for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")

    def stacked(named):
        names = [k for k, _ in named(models[0])]
        out = {}
        for k in names:
            ts = [dict(named(m))[k] for m in models]
            s = _C.stack([t.detach() for t in ts], 0)
            if all(t.requires_grad for t in ts):
                s = s.detach().requires_grad_(True)
            out[k] = s
        return out

    return (
        stacked(lambda m: list(m.named_parameters())),
        stacked(lambda m: list(m.named_buffers())),
    )
