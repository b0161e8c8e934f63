"""ferrograd: tensors with PyTorch's autograd, for ``import ferrograd as torch``.

The tensor type, the operations and the autograd engine are the ferrograd Rust library; this
package gives them PyTorch's Python face: names, keyword arguments, operators, printing, errors
and warnings.
"""

from . import _ferrograd as _C
from ._ferrograd import (
    Tensor,
    dtype,
    float32,
    float64,
    int64,
    int32,
    int16,
    int8,
    uint8,
    float16,
    bfloat16,
    bool,
    # creation
    tensor,
    as_tensor,
    from_numpy,
    arange,
    linspace,
    zeros,
    ones,
    empty,
    full,
    eye,
    zeros_like,
    ones_like,
    empty_like,
    full_like,
    rand,
    randn,
    rand_like,
    randn_like,
    randint,
    randperm,
    normal,
    bernoulli,
    multinomial,
    manual_seed,
    initial_seed,
    seed,
    get_rng_state,
    set_rng_state,
    Generator,
    default_generator,
    # elementwise (the rows of the op table are added below)
    absolute,
    neg,
    negative,
    clamp,
    clip,
    add,
    sub,
    rsub,
    mul,
    div,
    floor_divide,
    pow,
    where,
    # linear algebra
    matmul,
    mm,
    mv,
    dot,
    outer,
    addmm,
    einsum,
    # joining
    cat,
    concat,
    concatenate,
    stack,
    # comparison and tests
    isclose,
    allclose,
    equal,
    all,
    any,
    var_mean,
    std_mean,
    norm,
    numel,
    is_tensor,
    is_floating_point,
    is_grad_enabled,
    is_inference_mode_enabled,
)
from ._size import Size
from ._device import device, get_default_device, set_default_device
from ._grad_mode import no_grad, enable_grad, set_grad_enabled, inference_mode
from ._functions import (
    promote_types,
    can_cast,
    sum,
    mean,
    max,
    min,
    amax,
    amin,
    argmax,
    argmin,
    reshape,
    flatten,
    ravel,
    transpose,
    swapaxes,
    t,
    permute,
    squeeze,
    unsqueeze,
    select,
    narrow,
    unbind,
    softmax,
    log_softmax,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    greater,
    greater_equal,
    less,
    less_equal,
    not_equal,
    logical_not,
    logical_and,
    logical_or,
    logical_xor,
    bitwise_and,
    bitwise_or,
    bitwise_xor,
    bitwise_left_shift,
    bitwise_right_shift,
    bitwise_not,
    clone,
    detach,
    masked_fill,
    multiply,
    subtract,
    divide,
    true_divide,
    clamp_min,
    clamp_max,
    gather,
    scatter,
    scatter_add,
    index_select,
    index_add,
    index_fill,
    index_put,
    index_put_,
    masked_select,
    take_along_dim,
    topk,
    sort,
    argsort,
    cumsum,
    cumprod,
    var,
    std,
    prod,
    logsumexp,
    split,
    split_with_sizes,
    chunk,
    tensor_split,
    hsplit,
    vsplit,
    dsplit,
    tril,
    triu,
    tile,
    movedim,
    moveaxis,
    unflatten,
    bmm,
    isnan,
    isinf,
    isposinf,
    isneginf,
    isfinite,
    nan_to_num,
    broadcast_to,
    diagonal,
    diag,
    diag_embed,
    trace,
    roll,
    nonzero,
    argwhere,
    count_nonzero,
    lerp,
    addcmul,
    addcdiv,
    clamp_,
    clip_,
    clamp_min_,
    clamp_max_,
    broadcast_shapes,
    broadcast_tensors,
    flip,
    get_default_dtype,
    set_default_dtype,
    set_num_threads,
    get_num_threads,
)
from ._composites import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    hstack,
    vstack,
    row_stack,
    dstack,
    column_stack,
    meshgrid,
    cartesian_prod,
    repeat_interleave,
    fliplr,
    flipud,
    diff,
    swapdims,
    inverse,
    det,
    slogdet,
    logdet,
)
from ._composites import TENSOR_METHODS as _TENSOR_METHODS

for _name, _fn in _TENSOR_METHODS.items():
    setattr(Tensor, _name, _fn)
from .autograd.anomaly_mode import is_anomaly_enabled, is_anomaly_check_nan_enabled, set_anomaly_enabled
from ._dlpack import from_dlpack


def _install_meta():
    """Factories with ``device='meta'`` and ``Tensor.to('meta')`` make meta tensors
    (``ferrograd._meta``); installed before ``nn`` is imported, whose modules call them."""
    from . import _meta

    _meta.install_methods(Tensor)


_install_meta()
from . import return_types, autograd, nn, cuda, accelerator, linalg, optim, utils, serialization, func
from .func import vmap
from .serialization import save, load
from .nn.functional import conv1d, conv2d, conv_transpose2d
from ._nn_functions import (
    batch_norm, layer_norm, group_norm, max_pool1d, max_pool2d, avg_pool1d, adaptive_avg_pool1d,
)

float = float32
double = float64
long = int64
int = int32
short = int16
half = float16

__version__ = "0.1.0"

# Every row of the core's elementwise op table is ``torch.<name>``, unless PyTorch has it in
# ``torch.nn.functional`` only (then it is there): one mechanism for all of them.
for _name, _functional_only, _params in _C._unary_ops:
    if not _functional_only:
        globals()[_name] = getattr(_C, _name)
for _name in _C._binary_ops:
    globals()[_name] = getattr(_C, _name)


def _inplace_function(name, params):
    """``torch.<name>_(input, *params)``: the row's in-place form, returning ``input``."""
    defaults = [d for _, d in params]

    def f(input, *args):
        if len(args) > len(defaults):
            raise TypeError(f"{name}_() takes from 1 to {len(defaults) + 1} positional arguments but {len(args) + 1} were given")
        return _C._unary_inplace(name, input, [float(a) for a in args] + defaults[len(args):])

    f.__name__ = f.__qualname__ = name + "_"
    f.__module__ = __name__
    f.__doc__ = (
        f"{name}_(input) -> Tensor\n\nIn-place version of :func:`torch.{name}`: writes into and "
        f"returns :attr:`input`.\n\nExample::\n\n    >>> x = torch.tensor([0.5, 0.75])\n"
        f"    >>> torch.{name}_(x) is x\n    True\n"
    )
    return f


# PyTorch has ``torch.<name>_`` for the rows in its namespace, except these two.
_NO_TORCH_INPLACE = {"erfinv", "sign"}
for _name, _functional_only, _params in _C._unary_ops:
    if not _functional_only and _name not in _NO_TORCH_INPLACE:
        globals()[_name + "_"] = _inplace_function(_name, _params)


def _public_names():
    """The names ``from ferrograd import *`` binds: the public functions, classes and dtypes,
    without submodules and without the dtype aliases and functions named like Python builtins
    (``int``, ``float``, ``bool``, ``abs``, ``all``, ``any``, ``max``, ``min``, ``pow``,
    ``sum``), so a star import never replaces a builtin."""
    import builtins
    import types

    return sorted(
        name
        for name, value in globals().items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and not hasattr(builtins, name)
    )


__all__ = _public_names()


def _set_module():
    """Public functions say they belong to ``ferrograd`` (as PyTorch's say ``torch``), so
    ``help(torch.sum)`` reads "in module ferrograd" rather than naming a private module."""
    import types

    for name, value in list(globals().items()):
        if name.startswith("_") or not isinstance(value, (types.FunctionType, types.BuiltinFunctionType)):
            continue
        if getattr(value, "__module__", "").startswith("ferrograd.") and value.__name__ == name:
            try:
                value.__module__ = "ferrograd"
            except (AttributeError, TypeError):
                pass


_set_module()


def _install_batching():
    """The functions of the namespace and the Tensor methods that take tensors become entry
    points of ``vmap``'s batching rules (``ferrograd._batched``): called with a batched tensor
    they dispatch, otherwise they are the functions themselves."""
    import types

    from . import _batched

    names = [
        name
        for name, value in globals().items()
        if not name.startswith("_") and isinstance(value, (types.FunctionType, types.BuiltinFunctionType))
        and name != "vmap"
    ]
    _batched.install(globals(), names, register=True)
    _batched.install_methods(Tensor)


_install_batching()

