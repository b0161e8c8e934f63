"""Tensors with NumPy arrays and scalars, against what PyTorch gives (data/numpy_interop.json,
written by record_numpy_interop.py); DLPack both ways; dtypes that tensors cannot hold."""

import json
import os
import warnings

import numpy as np
import pytest

import ferrograd as torch
from numpy_interop_cases import CASES, DEVIATIONS, run

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "numpy_interop.json")) as f:
    RECORDED = json.load(f)["results"]


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES)
    assert set(DEVIATIONS) <= set(CASES)


@pytest.mark.parametrize("snippet", CASES)
def test_numpy_operands_as_in_pytorch(snippet):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = run(torch, snippet)
    assert got == DEVIATIONS.get(snippet, RECORDED[snippet])


def test_deviations_are_where_pytorch_refuses():
    # each deliberate difference is a case PyTorch answers with a TypeError, or a bool result
    # it gives as uint8 (a dtype ferrograd's tensors do not hold)
    for snippet in DEVIATIONS:
        recorded = RECORDED[snippet]
        assert recorded.get("error") == "TypeError" or recorded.get("dtype") == "torch.uint8", snippet


def test_array_priority_and_array_protocol():
    assert torch.Tensor.__array_priority__ == 1000
    t = torch.tensor([1.0, 2.0])
    a = t.__array__()
    assert a.dtype == np.float32 and a.tolist() == [1.0, 2.0]
    assert np.shares_memory(a, t.numpy())
    b = t.__array__(np.float64)
    assert b.dtype == np.float64 and b.tolist() == [1.0, 2.0]
    c = t.__array__(copy=True)
    assert not np.shares_memory(c, t.numpy())
    with pytest.raises(RuntimeError) as e:
        np.asarray(torch.ones(2, requires_grad=True))
    assert str(e.value) == "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."


# ---- DLPack -----------------------------------------------------------------------------------


def test_numpy_from_dlpack_shares_memory():
    for dt, np_dt in ((torch.float32, np.float32), (torch.float64, np.float64), (torch.int64, np.int64)):
        t = torch.arange(6, dtype=dt).reshape(2, 3)
        a = np.from_dlpack(t)
        assert a.dtype == np_dt and a.shape == (2, 3)
        assert a.tolist() == [[0, 1, 2], [3, 4, 5]]
        t[0, 0] = 7
        assert a[0, 0] == 7


def test_numpy_from_dlpack_of_strided_and_bool_tensors():
    t = torch.arange(12.0).reshape(3, 4).t()[1:, ::2]
    assert np.from_dlpack(t).tolist() == t.tolist() == [[1.0, 9.0], [2.0, 10.0], [3.0, 11.0]]
    b = torch.tensor([True, False, True])
    a = np.from_dlpack(b)
    assert a.dtype == np.bool_ and a.tolist() == [True, False, True]


def test_dlpack_device_and_errors():
    t = torch.tensor([1.0])
    assert t.__dlpack_device__() == (1, 0)
    with pytest.raises(BufferError, match=r"Can't export tensors that require gradient, use tensor.detach\(\)"):
        torch.ones(1, requires_grad=True).__dlpack__()
    assert type(t.__dlpack__()).__name__ == "PyCapsule"
    assert type(t.__dlpack__(stream=None, max_version=(1, 0))).__name__ == "PyCapsule"


def test_from_dlpack_round_trip():
    a = np.arange(6.0).reshape(2, 3)
    t = torch.from_dlpack(a)
    assert t.dtype == torch.float64 and t.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    back = np.from_dlpack(t)
    assert back.tolist() == a.tolist() and back.dtype == np.float64
    # a capsule works as well as a producer
    t2 = torch.from_dlpack(np.array([1, 2, 3], dtype=np.int64).__dlpack__())
    assert t2.dtype == torch.int64 and t2.tolist() == [1, 2, 3]
    # a ferrograd tensor comes back detached, sharing memory
    x = torch.tensor([1.0, 2.0])
    y = torch.from_dlpack(x)
    assert y.data_ptr() == x.data_ptr() and not y.requires_grad
    with pytest.raises(BufferError):
        torch.from_dlpack(torch.ones(1, requires_grad=True))
    with pytest.raises(TypeError, match="does not support dtype torch.int32"):
        torch.from_dlpack(np.zeros(2, dtype=np.int32))
    with pytest.raises(TypeError):
        torch.from_dlpack([1, 2])


# ---- dtypes tensors cannot hold ---------------------------------------------------------------

UNSUPPORTED = ["int32", "int16", "int8", "uint8", "float16", "bfloat16"]


def _message(name):
    return (
        f"ferrograd does not support dtype torch.{name}: tensors hold only torch.bool, "
        "torch.int64, torch.float32 and torch.float64"
    )


def test_dtype_objects_print_as_in_pytorch():
    assert [repr(getattr(torch, n)) for n in UNSUPPORTED] == [f"torch.{n}" for n in UNSUPPORTED]
    assert torch.int is torch.int32 and torch.short is torch.int16 and torch.half is torch.float16
    assert torch.long is torch.int64 and torch.float is torch.float32 and torch.double is torch.float64
    # (is_floating_point, is_signed, itemsize) as PyTorch gives them
    props = {n: (d.is_floating_point, d.is_signed, d.itemsize) for n in UNSUPPORTED for d in [getattr(torch, n)]}
    assert props == {
        "int32": (False, True, 4),
        "int16": (False, True, 2),
        "int8": (False, True, 1),
        "uint8": (False, False, 1),
        "float16": (True, True, 2),
        "bfloat16": (True, True, 2),
    }
    assert isinstance(torch.int32, torch.dtype)
    assert torch.int32 != torch.int64
    import pickle

    assert pickle.loads(pickle.dumps(torch.int32)) is torch.int32


@pytest.mark.parametrize("name", UNSUPPORTED)
def test_creating_or_converting_to_an_unsupported_dtype_raises(name):
    d = getattr(torch, name)
    x = torch.tensor([1.5, 2.0])
    calls = [
        lambda: x.to(d),
        lambda: x.to(dtype=d),
        lambda: x.to("cpu", d),
        lambda: x.type(d),
        lambda: torch.zeros(2, dtype=d),
        lambda: torch.ones(2, dtype=d),
        lambda: torch.full((2,), 1, dtype=d),
        lambda: torch.arange(3, dtype=d),
        lambda: torch.tensor([1, 2], dtype=d),
        lambda: torch.as_tensor([1, 2], dtype=d),
        lambda: torch.zeros_like(x, dtype=d),
        lambda: x.sum(dtype=d),
    ]
    for call in calls:
        with pytest.raises(TypeError) as e:
            call()
        assert str(e.value) == _message(name)


def test_conversion_methods_to_unsupported_dtypes_raise():
    x = torch.tensor([1.5, -2.5])
    for method, name in [("int", "int32"), ("short", "int16"), ("char", "int8"), ("byte", "uint8"),
                         ("half", "float16"), ("bfloat16", "bfloat16")]:
        with pytest.raises(TypeError) as e:
            getattr(x, method)()
        assert str(e.value) == _message(name)
    # the supported ones still convert
    assert x.long().tolist() == [1, -2] and x.long().dtype == torch.int64
    assert x.double().dtype == torch.float64 and x.bool().tolist() == [True, True]


def test_numpy_data_of_an_unsupported_dtype_raises():
    for np_dt, name in [(np.int32, "int32"), (np.int16, "int16"), (np.int8, "int8"), (np.uint8, "uint8"),
                        (np.float16, "float16")]:
        a = np.array([1, 2], dtype=np_dt)
        for call in (lambda: torch.from_numpy(a), lambda: torch.tensor(a), lambda: torch.as_tensor(a)):
            with pytest.raises(TypeError, match=f"does not support dtype torch.{name}"):
                call()
        with pytest.raises(TypeError, match=f"does not support dtype torch.{name}"):
            torch.tensor(np_dt(3))
    # an explicit supported dtype says what to convert to
    assert torch.tensor(np.array([1, 2], dtype=np.int32), dtype=torch.int64).tolist() == [1, 2]
    assert torch.tensor([np.int32(1)], dtype=torch.float32).tolist() == [1.0]
    # as numbers in operations, NumPy scalars of any type are values, as in PyTorch
    assert (torch.tensor([1.0]) + np.int32(2)).tolist() == [3.0]


def test_array_copy_keyword_as_numpy_defines_it():
    t = torch.tensor([1.0, 2.0])
    a = np.asarray(t, copy=False)
    assert np.shares_memory(a, t.numpy())
    assert np.asarray(t, dtype=np.float32, copy=False).tolist() == [1.0, 2.0]
    for call in (lambda: np.asarray(t, dtype=np.float64, copy=False),
                 lambda: np.asarray(torch.tensor([True]), copy=False)):
        with pytest.raises(ValueError, match="Unable to avoid copy while creating an array as requested."):
            call()
    c = np.array(t, copy=True)
    assert not np.shares_memory(c, t.numpy()) and c.tolist() == [1.0, 2.0]


def test_operators_without_arrays_do_not_import_numpy():
    import subprocess
    import sys

    code = (
        "import sys, ferrograd as torch\n"
        "x = torch.ones(2)\n"
        "y = (x + 1, 2 * x, x == 1, x @ x, x != None, x - 1)\n"
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
