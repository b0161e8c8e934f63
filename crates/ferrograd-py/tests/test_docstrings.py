"""Every public function, class, method and property of the package has a docstring, and every
``>>>`` example in them runs and prints what it shows (checked with ``doctest``)."""

import builtins
import doctest
import inspect
import types
import warnings

import numpy as np
import pytest

import ferrograd as torch
import ferrograd.autograd
import ferrograd.autograd.forward_ad
import ferrograd.autograd.functional
import ferrograd.autograd.taylor
import ferrograd.cuda
import ferrograd.func
import ferrograd.nn
import ferrograd.nn.functional as F
import ferrograd.nn.init
import ferrograd.return_types

# The namespaces whose public names must all be documented.
NAMESPACES = {
    "torch": torch,
    "torch.autograd": torch.autograd,
    "torch.autograd.functional": torch.autograd.functional,
    "torch.autograd.forward_ad": torch.autograd.forward_ad,
    "torch.autograd.taylor": torch.autograd.taylor,
    "torch.nn": torch.nn,
    "torch.nn.functional": F,
    "torch.nn.init": torch.nn.init,
    "torch.cuda": torch.cuda,
    "torch.func": torch.func,
    "torch.return_types": torch.return_types,
}

# Attributes every class has from `object`/`type` or from Python's own machinery.
_INHERITED = set(dir(object)) | {"__dict__", "__weakref__", "__module__", "__annotations__"}


def _is_dunder(name):
    return name.startswith("__") and name.endswith("__")


def _public_members(cls):
    """Public methods and properties a class defines or inherits from the package (not from
    Python's builtins such as ``tuple``)."""
    out = []
    for name in dir(cls):
        if name.startswith("_") and name not in ("__dlpack__", "__dlpack_device__", "__array__"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        if owner is None or owner.__module__ == "builtins" or owner in (tuple, int, float):
            continue
        value = vars(owner)[name]
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, property, classmethod, staticmethod)) or (
            callable(getattr(cls, name, None)) or inspect.isdatadescriptor(value) or inspect.ismethoddescriptor(value)
        ):
            out.append((name, getattr(cls, name)))
    return out


def _documented_objects():
    """``(qualified name, object)`` for every public callable and class of the namespaces, the
    public methods and properties of their classes, and the dtype class."""
    seen = {}
    classes = set()
    for prefix, ns in NAMESPACES.items():
        names = [n for n in dir(ns) if not n.startswith("_")]
        for name in names:
            obj = getattr(ns, name)
            if isinstance(obj, types.ModuleType) or isinstance(obj, torch.dtype):
                continue
            if not callable(obj):
                continue
            if getattr(obj, "__module__", "").startswith("typing"):
                continue
            if inspect.isclass(obj) and obj in classes:
                continue
            seen.setdefault(f"{prefix}.{name}", obj)
            if inspect.isclass(obj) and (obj.__module__ or "").startswith("ferrograd") and obj not in classes:
                classes.add(obj)
                for mname, m in _public_members(obj):
                    seen.setdefault(f"{prefix}.{name}.{mname}", m)
    return seen


OBJECTS = _documented_objects()


def _doc(obj):
    if isinstance(obj, property):
        return obj.__doc__
    return inspect.getdoc(obj)


def test_there_is_much_to_document():
    # the enumeration reaches the whole surface: functions, Tensor's methods and properties
    assert len([k for k in OBJECTS if k.startswith("torch.Tensor.")]) > 130
    assert len([k for k in OBJECTS if k.count(".") == 1]) > 120
    for name in ("torch.sin", "torch.Tensor.sin", "torch.Tensor.grad", "torch.Tensor.shape",
                 "torch.autograd.grad", "torch.autograd.functional.jacobian", "torch.nn.functional.relu",
                 "torch.from_dlpack", "torch.Tensor.__dlpack__", "torch.dtype.is_floating_point"):
        assert name in OBJECTS, name


def test_every_public_object_has_a_docstring():
    missing = sorted(name for name, obj in OBJECTS.items() if not (_doc(obj) or "").strip())
    assert missing == [], f"{len(missing)} public objects without a docstring: {missing}"


def test_module_functions_show_an_example():
    # every function of the namespaces (not the classes' methods) shows how it is called
    lacking = []
    for name, obj in OBJECTS.items():
        prefix = name.rsplit(".", 1)[0]
        if prefix not in NAMESPACES:
            continue
        if inspect.isclass(obj):
            continue
        if ">>>" not in (_doc(obj) or ""):
            lacking.append(name)
    assert sorted(lacking) == [], lacking


def _examples():
    parser = doctest.DocTestParser()
    seen = set()
    for name, obj in sorted(OBJECTS.items()):
        doc = _doc(obj) or ""
        if ">>>" not in doc or doc in seen:
            continue
        seen.add(doc)
        yield name, doc


EXAMPLES = list(_examples())


@pytest.mark.parametrize("name,doc", EXAMPLES, ids=[n for n, _ in EXAMPLES])
def test_docstring_examples_print_what_they_show(name, doc):
    globs = {"torch": torch, "np": np, "F": F, "numpy": np, "nn": torch.nn}
    test = doctest.DocTestParser().get_doctest(doc, globs, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    out = []
    torch.manual_seed(0)
    with warnings.catch_warnings():
        # (detect_anomaly's example warns that anomaly detection is on, as PyTorch does)
        warnings.simplefilter("ignore", UserWarning)
        runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


def test_examples_cover_many_functions():
    assert len(EXAMPLES) >= 100


def test_type_stubs_carry_the_docstrings():
    # editors read the .pyi stubs; crates/ferrograd-py/stub_docs.py copies the docstrings there
    import importlib.util
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("stub_docs", os.path.join(here, "..", "stub_docs.py"))
    stub_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stub_docs)
    pkg = os.path.dirname(torch.__file__)
    checked = 0
    for modname, rel in stub_docs.STUBS.items():
        path = os.path.join(pkg, os.path.relpath(rel, "python/ferrograd"))
        with open(path) as f:
            source = f.read()
        module = __import__(modname, fromlist=["_"])
        assert stub_docs.with_docs(source, module) == source, f"run stub_docs.py: {rel} is out of date"
        checked += source.count('"""')
    assert checked > 400
