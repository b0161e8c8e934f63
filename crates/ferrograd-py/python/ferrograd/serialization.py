"""``torch.save`` and ``torch.load`` in PyTorch's own file format.

:func:`save` writes the zip archive that ``torch.save`` writes (``data.pkl`` with PyTorch's pickle
opcodes, one ``data/<key>`` record per tensor, 64-byte aligned), so ``torch.load`` in PyTorch reads a
ferrograd checkpoint, and :func:`load` reads the checkpoints PyTorch writes, without PyTorch
installed. What goes through: state dicts of modules and optimizers, and any nesting of dicts,
``OrderedDict``, lists, tuples, numbers, strings, tensors, ``nn.Parameter``, ``torch.Size`` and dtypes.
With ``weights_only=True`` (the default, as in PyTorch) nothing else is unpickled. Both use
numpy for the tensors' bytes (imported on first use).

What does not: tensors of a dtype ferrograd does not hold load converted (int8/int16/int32/uint8
as int64, float16/bfloat16 as float32); tensors that shared a storage load as separate tensors;
whole pickled modules (``torch.save(model)``) and PyTorch's legacy pre-1.6 format are refused with a
message that says so.
"""

import collections
import contextlib
import io
import os
import pickle
import zipfile

from . import _ferrograd as _C

__all__ = ["save", "load", "add_safe_globals", "get_safe_globals", "clear_safe_globals", "safe_globals"]

# PyTorch's typed storage classes: (numpy dtype of the bytes, ferrograd dtype name it loads as).
_STORAGES = {
    "FloatStorage": ("<f4", "float32"),
    "DoubleStorage": ("<f8", "float64"),
    "LongStorage": ("<i8", "int64"),
    "BoolStorage": ("?", "bool"),
    "IntStorage": ("<i4", "int64"),
    "ShortStorage": ("<i2", "int64"),
    "CharStorage": ("i1", "int64"),
    "ByteStorage": ("u1", "int64"),
    "HalfStorage": ("<f2", "float32"),
    "BFloat16Storage": ("<u2", "float32"),
}
_STORAGE_OF_DTYPE = {"float32": "FloatStorage", "float64": "DoubleStorage", "int64": "LongStorage", "bool": "BoolStorage"}
_DTYPE_NAMES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64")
_ALIGNMENT = 64
_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

_user_safe_globals = []


def add_safe_globals(safe_globals):
    """add_safe_globals(safe_globals) -> None

    Marks these classes or functions as safe for :func:`load` with ``weights_only=True``.

    Example::

        >>> import collections, ferrograd as torch
        >>> torch.serialization.add_safe_globals([collections.Counter])
        >>> collections.Counter in torch.serialization.get_safe_globals()
        True
        >>> torch.serialization.clear_safe_globals()
    """
    _user_safe_globals.extend(safe_globals)


def get_safe_globals():
    """get_safe_globals() -> list

    The classes and functions added with :func:`add_safe_globals`.

    Example::

        >>> import ferrograd as torch
        >>> torch.serialization.get_safe_globals()
        []
    """
    return list(_user_safe_globals)


def clear_safe_globals():
    """clear_safe_globals() -> None

    Forgets every class and function added with :func:`add_safe_globals`.

    Example::

        >>> import ferrograd as torch
        >>> torch.serialization.clear_safe_globals()
        >>> torch.serialization.get_safe_globals()
        []
    """
    _user_safe_globals.clear()


@contextlib.contextmanager
def safe_globals(safe_globals):
    """safe_globals(safe_globals)

    Context manager: :func:`add_safe_globals` for the ``with`` block only.

    Example::

        >>> import collections, ferrograd as torch
        >>> with torch.serialization.safe_globals([collections.Counter]):
        ...     print(len(torch.serialization.get_safe_globals()))
        1
    """
    before = list(_user_safe_globals)
    _user_safe_globals.extend(safe_globals)
    try:
        yield
    finally:
        _user_safe_globals[:] = before


# ---------------------------------------------------------------------------------------------
# Writing


class _Global:
    """A name written as a pickle GLOBAL (``torch._utils _rebuild_tensor_v2``) without importing it."""

    __slots__ = ("module", "name")

    def __init__(self, module, name):
        self.module = module
        self.name = name

    def __call__(self, *args):  # pickle asks a reduce function to be callable; it is never called
        raise TypeError(f"{self.module}.{self.name} is a name for the pickle stream only")


class _Storage:
    __slots__ = ("data", "storage", "numel")

    def __init__(self, data, storage, numel):
        self.data = data
        self.storage = storage
        self.numel = numel


class _Writer(pickle._Pickler):
    dispatch = pickle._Pickler.dispatch.copy()

    def __init__(self, file):
        super().__init__(file, protocol=2)
        self.records = []
        self.globals = {}

    def _global(self, module, name):
        # One object per name, so that the pickle memo writes each GLOBAL once.
        return self.globals.setdefault((module, name), _Global(module, name))

    def _save_global_name(self, obj):
        self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode("utf-8"))
        self.memoize(obj)

    dispatch[_Global] = _save_global_name

    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            key = str(len(self.records))
            self.records.append(obj.data)
            return ("storage", self._global("torch", obj.storage), key, "cpu", obj.numel)
        return None

    def reducer_override(self, obj):
        from . import Tensor, Size
        from .nn import Parameter

        if isinstance(obj, Parameter):
            return (self._global("torch._utils", "_rebuild_parameter"), (obj.detach(), obj.requires_grad, collections.OrderedDict()))
        if isinstance(obj, Tensor):
            name = str(obj.dtype).removeprefix("torch.")
            values = obj.detach().contiguous().numpy()
            shape = tuple(obj.shape)
            stride = tuple(s // values.itemsize for s in values.strides) if values.ndim else ()
            storage = _Storage(values.astype(values.dtype.newbyteorder("<"), copy=False).tobytes(), _STORAGE_OF_DTYPE[name], obj.numel())
            requires_grad = obj.requires_grad and obj.is_leaf
            return (self._global("torch._utils", "_rebuild_tensor_v2"), (storage, 0, shape, stride, requires_grad, collections.OrderedDict()))
        if isinstance(obj, Size):
            return (self._global("torch", "Size"), (tuple(obj),))
        return NotImplemented

    def _save_dtype(self, obj):
        # A dtype is the bare global ``torch.<name>``, as PyTorch pickles it.
        self.write(pickle.GLOBAL + f"torch\n{str(obj).removeprefix('torch.')}\n".encode("utf-8"))
        self.memoize(obj)

    dispatch[_C.dtype] = _save_dtype


def _zip_bytes(archive, records, pickled):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:

        def put(name, data, align=False):
            info = zipfile.ZipInfo(f"{archive}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            if align:
                start = buf.tell() + 30 + len(info.filename.encode("utf-8")) + 4
                pad = (-start) % _ALIGNMENT
                # An extra field of id "FB" (as PyTorch's writer) pads the record's data to the alignment.
                info.extra = b"FB" + pad.to_bytes(2, "little") + b"Z" * pad
            zf.writestr(info, data)

        put("data.pkl", pickled)
        put(".format_version", b"1")
        put(".storage_alignment", str(_ALIGNMENT).encode())
        put("byteorder", b"little")
        for key, data in enumerate(records):
            put(f"data/{key}", data, align=True)
        put("version", b"3\n")
    return buf.getvalue()


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """save(obj, f) -> None

    Saves an object (a ``state_dict()``, an optimizer's ``state_dict()``, any nesting of dicts,
    lists and tensors) to a file path or a binary file object, in PyTorch's format: ``torch.load``
    in PyTorch reads it.

    Example::

        >>> import io, ferrograd as torch
        >>> buffer = io.BytesIO()
        >>> torch.save({"w": torch.tensor([1.0, 2.0]), "step": 3}, buffer)
        >>> _ = buffer.seek(0)
        >>> torch.load(buffer)
        {'w': tensor([1., 2.]), 'step': 3}
    """
    if pickle_module is not None and pickle_module is not pickle:
        raise NotImplementedError("ferrograd.save writes with the standard pickle module only")
    if pickle_protocol != 2:
        raise NotImplementedError("ferrograd.save writes pickle protocol 2, as torch.save does")
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("ferrograd.save writes only the zip format (PyTorch 1.6 and later)")
    pickled = io.BytesIO()
    writer = _Writer(pickled)
    writer.dump(obj)
    if isinstance(f, (str, os.PathLike)):
        archive = os.path.splitext(os.path.basename(os.fspath(f)))[0] or "archive"
        data = _zip_bytes(archive, writer.records, pickled.getvalue())
        with open(f, "wb") as out:
            out.write(data)
    else:
        f.write(_zip_bytes("archive", writer.records, pickled.getvalue()))


# ---------------------------------------------------------------------------------------------
# Reading


def _tensor_from_storage(storage, offset, size, stride):
    import numpy as _np

    from . import tensor

    values, dtype_name = storage
    size = tuple(size)
    if any(n == 0 for n in size):
        return tensor(_np.zeros(size), dtype=getattr(_C, dtype_name), device="cpu")
    if size:
        last = offset + sum((n - 1) * s for n, s in zip(size, stride))
        if offset < 0 or min(stride) < 0 or last >= values.size:
            raise RuntimeError(f"a tensor of size {list(size)} and stride {list(stride)} at offset {offset} lies outside its storage of {values.size} elements")
    elif offset >= values.size:
        raise RuntimeError(f"a scalar at offset {offset} lies outside its storage of {values.size} elements")
    view = _np.lib.stride_tricks.as_strided(values[offset:], shape=size, strides=[s * values.itemsize for s in stride])
    array = view.copy()
    if values.dtype == _np.dtype("<u2") and dtype_name == "float32":
        array = (array.astype(_np.uint32) << 16).view(_np.float32)
    if dtype_name == "int64":
        array = array.astype(_np.int64)
    elif dtype_name == "float32":
        array = array.astype(_np.float32)
    return tensor(array, device="cpu")


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None, metadata=None):
    t = _tensor_from_storage(storage, storage_offset, size, stride)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_tensor(storage, storage_offset, size, stride):
    return _tensor_from_storage(storage, storage_offset, size, stride)


def _rebuild_parameter(data, requires_grad, backward_hooks=None):
    from .nn import Parameter

    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    return _rebuild_parameter(data, requires_grad, backward_hooks)


class _StorageType:
    def __init__(self, name):
        self.name = name


def _torch_globals():
    from . import Size, device, _ferrograd

    table = {
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
        ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
        ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
        ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter_with_state,
        ("torch", "Size"): Size,
        ("torch", "device"): device,
        ("collections", "OrderedDict"): collections.OrderedDict,
        ("builtins", "set"): set,
        ("builtins", "frozenset"): frozenset,
        ("builtins", "complex"): complex,
        ("builtins", "slice"): slice,
    }
    for name in _STORAGES:
        table[("torch", name)] = _StorageType(name)
    for name in _DTYPE_NAMES:
        table[("torch", name)] = getattr(_ferrograd, name)
    return table


_WEIGHTS_ONLY_FAILED = (
    "Weights only load failed. This file can still be loaded, to do so you have two options, "
    "\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n"
    "\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely "
    "succeed, but it can result in arbitrary code execution. Do it only if you got the file from a "
    "trusted source.\n"
    "\t(2) Alternatively, to load with `weights_only=True` please check the recommended steps in the "
    "following error message.\n"
    "\tWeightsUnpickler error: Unsupported global: GLOBAL {name} was not an allowed global by default. "
    "Please use `torch.serialization.add_safe_globals([{name}])` or the "
    "`torch.serialization.safe_globals([{name}])` context manager to allowlist this global if you "
    "trust this class/function.\n\n"
    "Check the documentation of torch.load to learn more about types accepted by default with "
    "weights_only https://pytorch.org/docs/stable/generated/torch.load.html."
)


class _Reader(pickle.Unpickler):
    def __init__(self, file, archive, prefix, weights_only):
        super().__init__(file)
        self.archive = archive
        self.prefix = prefix
        self.weights_only = weights_only
        self.storages = {}
        self.table = _torch_globals()

    def find_class(self, module, name):
        found = self.table.get((module, name))
        if found is not None:
            return found
        for obj in _user_safe_globals:
            if getattr(obj, "__module__", None) == module and getattr(obj, "__qualname__", None) == name:
                return obj
        if self.weights_only:
            raise pickle.UnpicklingError(_WEIGHTS_ONLY_FAILED.format(name=f"{module}.{name}"))
        if module == "torch" or module.startswith("torch."):
            raise pickle.UnpicklingError(
                f"ferrograd.load cannot rebuild {module}.{name}: only tensors, parameters and plain "
                "containers load (save the model's state_dict() instead of the model)"
            )
        return super().find_class(module, name)

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"ferrograd.load: unknown persistent id {pid!r}")
        _, storage_type, key, location, numel = pid
        if not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(
                f"ferrograd.load: untyped storages ({storage_type!r}) are not supported; tensors of "
                "PyTorch's typed storages (torch.FloatStorage, ...) load"
            )
        if key not in self.storages:
            import numpy as _np

            raw, dtype_name = _STORAGES[storage_type.name]
            try:
                data = self.archive.read(f"{self.prefix}data/{key}")
            except KeyError:
                raise pickle.UnpicklingError(f"ferrograd.load: the archive has no record data/{key}") from None
            itemsize = _np.dtype(raw).itemsize
            if len(data) < numel * itemsize:
                raise pickle.UnpicklingError(f"ferrograd.load: record data/{key} holds {len(data)} bytes, fewer than {numel} elements")
            values = _np.frombuffer(data, dtype=raw, count=numel)
            self.storages[key] = (values, dtype_name)
        return self.storages[key]


def _check_map_location(map_location):
    if map_location is None or callable(map_location) and not isinstance(map_location, str):
        return
    if isinstance(map_location, dict):
        targets = map_location.values()
    else:
        targets = [map_location]
    for target in targets:
        if str(target).split(":")[0] != "cpu":
            raise RuntimeError(f"ferrograd tensors live on the CPU; cannot map storages to {target}")


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None, **pickle_load_args):
    """load(f, map_location=None, *, weights_only=True) -> object

    Loads an object saved with :func:`save` or with ``torch.save`` in PyTorch (zip format) from a
    path or a binary file object. With ``weights_only=True`` (the default) only tensors,
    parameters, numbers, strings and containers are rebuilt. Tensors of dtypes ferrograd does not
    hold load converted (smaller integers as int64, float16/bfloat16 as float32).

    Example::

        >>> import io, ferrograd as torch
        >>> buffer = io.BytesIO()
        >>> torch.save(torch.nn.Linear(2, 1).state_dict(), buffer)
        >>> _ = buffer.seek(0)
        >>> list(torch.load(buffer))
        ['weight', 'bias']
    """
    if pickle_module is not None and pickle_module is not pickle:
        raise NotImplementedError("ferrograd.load reads with the standard pickle module only")
    if weights_only is None:
        weights_only = True
    _check_map_location(map_location)
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as file:
            data = file.read()
        where = repr(os.fspath(f))
    else:
        data = f.read()
        where = "the file"
    return _load_bytes(data, where, weights_only)


def _load_bytes(data, where, weights_only):
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        _refuse(data, where)
    try:
        archive = zipfile.ZipFile(buffer)
    except zipfile.BadZipFile as e:
        raise RuntimeError(f"ferrograd.load: {where} is not a readable zip archive ({e})") from None
    with archive:
        pickles = [n for n in archive.namelist() if n.endswith("data.pkl") and n.count("/") == 1]
        if not pickles:
            raise RuntimeError(f"ferrograd.load: {where} is a zip archive without the data.pkl record that torch.save writes")
        prefix = pickles[0][: -len("data.pkl")]
        pickled = archive.read(pickles[0])
        reader = _Reader(io.BytesIO(pickled), archive, prefix, weights_only)
        return reader.load()


def _refuse(data, where):
    if len(data) >= 8:
        header = int.from_bytes(data[:8], "little")
        if 0 < header < len(data) and data[8:9] == b"{":
            raise RuntimeError(
                f"ferrograd.load: {where} is a safetensors file; read it with "
                "ferrograd.safetensors.load_file"
            )
    try:
        magic = pickle.loads(data[:64]) if data[:1] == b"\x80" else None
    except Exception:
        magic = None
    if magic == _LEGACY_MAGIC:
        raise RuntimeError(
            f"ferrograd.load: {where} is in PyTorch's legacy format (before PyTorch 1.6), which "
            "ferrograd does not read; load it in PyTorch and save it again with torch.save"
        )
    raise RuntimeError(f"ferrograd.load: {where} is not a file written by torch.save (it is not a zip archive)")
