"""Behaviour that needs more than a value to compare with PyTorch: memory sharing with NumPy,
threads and the interpreter lock, grad mode per thread, decorators, pickling, warnings, the
absence of crashes, and the type stubs."""

import ast
import copy
import os
import pickle
import threading
import time
import warnings

import numpy as np
import pytest

import ferrograd as torch
import ferrograd.nn.functional as F


# ---- NumPy ------------------------------------------------------------------------------------


def test_numpy_is_zero_copy_for_float_and_int():
    for dt in (torch.float32, torch.float64, torch.int64):
        t = torch.arange(6, dtype=dt).reshape(2, 3)
        a = t.numpy()
        assert a.ctypes.data == t.data_ptr()
        a[0, 0] = 42
        assert t[0, 0].item() == 42
        t[1, 2] = -1
        assert a[1, 2] == -1


def test_numpy_of_a_strided_view_shares_memory():
    t = torch.arange(12.0).reshape(3, 4)
    v = t.t()[1:, ::2]
    a = v.numpy()
    assert a.tolist() == v.tolist()
    assert np.shares_memory(a, t.numpy())
    assert a.strides == tuple(s * 4 for s in v.stride())


def test_numpy_keeps_the_tensor_alive():
    a = torch.arange(1000.0).numpy()
    import gc

    gc.collect()
    assert a[999] == 999.0


def test_numpy_requires_grad_error_and_force():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Use tensor.detach\(\).numpy\(\) instead"):
        x.numpy()
    assert x.numpy(force=True).tolist() == [1.0, 1.0]


def test_from_numpy_dtypes():
    assert torch.from_numpy(np.zeros(2, dtype=np.float32)).dtype == torch.float32
    assert torch.from_numpy(np.zeros(2, dtype=np.float64)).dtype == torch.float64
    with pytest.raises(TypeError, match="does not support dtype torch.int32"):
        torch.from_numpy(np.zeros(2, dtype=np.int32))
    assert torch.from_numpy(np.zeros(2, dtype=bool)).dtype == torch.bool
    with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy"):
        torch.from_numpy(np.zeros(2, dtype=np.complex64))
    with pytest.raises(TypeError):
        torch.from_numpy([1, 2])


def test_numpy_scalars_as_operands():
    x = torch.tensor([1.0, 2.0])
    assert (x * np.float64(2.0)).tolist() == [2.0, 4.0]
    assert (x + np.int64(1)).tolist() == [2.0, 3.0]
    assert torch.tensor([np.float32(1.5), np.int64(2)]).tolist() == [1.5, 2.0]


def test_matplotlib_style_conversion():
    x = torch.linspace(-1, 1, 5, requires_grad=True)
    y = x ** 2
    assert np.asarray(y.detach()).shape == (5,)
    assert np.allclose(y.detach().numpy(), np.linspace(-1, 1, 5) ** 2)


# ---- threads and the interpreter lock ---------------------------------------------------------


def test_tensors_shared_between_threads():
    w = torch.ones(100, requires_grad=True)
    errors = []

    def work(seed):
        try:
            for _ in range(50):
                (w * seed).sin().sum().backward()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    expected = sum(50 * i * np.cos(i) for i in range(4))
    assert np.allclose(w.grad.numpy(), expected, rtol=1e-4)


def test_large_kernels_release_the_interpreter():
    a = torch.rand(2_000_000)
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        start = time.perf_counter()
        for _ in range(20):
            a = (a.exp() * 0.5).sin()
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if start < x < end]
    # the ticker thread kept running while the kernels ran
    assert len(during) >= 3


def test_grad_mode_is_per_thread():
    x = torch.ones(1, requires_grad=True)
    seen = {}

    def other():
        seen["enabled"] = torch.is_grad_enabled()
        seen["rg"] = (x * 2).requires_grad

    with torch.no_grad():
        t = threading.Thread(target=other)
        t.start()
        t.join()
        assert not (x * 2).requires_grad
    assert seen == {"enabled": True, "rg": True}


# ---- grad mode helpers ------------------------------------------------------------------------


def test_no_grad_bare_decorator_and_restoring_on_error():
    x = torch.ones(1, requires_grad=True)

    @torch.no_grad
    def f():
        return x * 2

    assert not f().requires_grad
    with pytest.raises(ValueError):
        with torch.no_grad():
            raise ValueError
    assert torch.is_grad_enabled()


def test_enable_grad_decorator_and_inference_mode():
    x = torch.ones(1, requires_grad=True)

    @torch.enable_grad()
    def g():
        return x * 2

    with torch.no_grad():
        assert g().requires_grad
    with torch.inference_mode():
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad
    # as PyTorch: inference_mode(False) inside turns inference mode off and leaves grad mode
    seen = []
    with torch.inference_mode():
        seen.append((torch.is_inference_mode_enabled(), torch.is_grad_enabled()))
        with torch.inference_mode(False):
            seen.append((torch.is_inference_mode_enabled(), torch.is_grad_enabled()))
        seen.append((torch.is_inference_mode_enabled(), torch.is_grad_enabled()))
    seen.append((torch.is_inference_mode_enabled(), torch.is_grad_enabled()))
    assert seen == [(True, False), (False, False), (True, False), (False, True)]

    @torch.inference_mode
    def h():
        return torch.is_inference_mode_enabled(), (x * 2).requires_grad

    assert h() == (True, False) and not torch.is_inference_mode_enabled()


def test_no_grad_on_generator():
    x = torch.ones(1, requires_grad=True)

    @torch.no_grad()
    def gen():
        yield (x * 2).requires_grad
        yield (x * 3).requires_grad

    assert list(gen()) == [False, False]


# ---- autograd extras --------------------------------------------------------------------------


def test_hook_exception_propagates():
    x = torch.ones(2, requires_grad=True)

    def bad(g):
        raise KeyError("from hook")

    x.register_hook(bad)
    with pytest.raises(KeyError, match="from hook"):
        (x * 2).sum().backward()


def test_hook_returning_wrong_type():
    x = torch.ones(2, requires_grad=True)
    x.register_hook(lambda g: 3)
    with pytest.raises(TypeError, match="expected Variable, but hook returned 'int'"):
        (x * 2).sum().backward()


def test_error_in_functional_user_function():
    def f(x):
        raise ZeroDivisionError("inside")

    with pytest.raises(ZeroDivisionError, match="inside"):
        torch.autograd.functional.jacobian(f, torch.ones(2))


def test_grad_fn_identity_and_accumulate_grad():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    assert y.grad_fn == y.grad_fn
    assert hash(y.grad_fn) == hash(y.grad_fn)
    acc = y.grad_fn.next_functions[0][0]
    assert acc.name() == "torch::autograd::AccumulateGrad"
    assert repr(acc).startswith("<AccumulateGrad object at 0x")
    assert acc.variable.requires_grad


def test_nonleaf_grad_warning_is_a_user_warning():
    x = torch.ones(1, requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning, match="is not a leaf Tensor"):
        assert y.grad is None
    y.retain_grad()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad is None


def test_detach_inplace():
    x = torch.ones(1, requires_grad=True)
    y = x * 2
    assert y.detach_() is y
    assert y.is_leaf and not y.requires_grad


# ---- Python protocols -------------------------------------------------------------------------


def test_pickle_and_copy():
    x = torch.tensor([[1.5, 2.0]], dtype=torch.float64, requires_grad=True)
    y = pickle.loads(pickle.dumps(x))
    assert repr(y) == repr(x)
    assert pickle.loads(pickle.dumps(torch.float64)) is torch.float64
    assert pickle.loads(pickle.dumps(x.shape)) == x.shape
    z = copy.deepcopy(x)
    assert z.requires_grad and z.tolist() == x.tolist() and z.data_ptr() != x.data_ptr()


def test_hash_and_identity():
    x = torch.ones(2)
    d = {x: 1}
    assert d[x] == 1
    assert x.shape == torch.Size([2])
    assert repr(torch.Size([2, 3])) == "torch.Size([2, 3])"
    assert isinstance(x.shape[0:1], torch.Size)


def test_no_panics_reach_python():
    # odd inputs give Python exceptions, never a crash or a PanicException
    for f in (
        lambda: torch.ones(2, 3).squeeze(5),
        lambda: torch.outer(torch.ones(2, 2), torch.ones(2)),
        lambda: torch.ones(2).narrow(0, 1, 5),
        lambda: torch.arange(0, 1, 0),
        lambda: torch.ones(2) & torch.ones(3, dtype=torch.bool),
        lambda: torch.ones(0).argmax(),
        lambda: torch.ones(2).permute(0, 0),
        lambda: torch.linspace(0, 1, -1),
        lambda: torch.ones(2)[torch.tensor([1.5])],
        lambda: torch.cat([]),
        lambda: F.cross_entropy(torch.ones(2, 3), torch.tensor([5, 0])),
    ):
        with pytest.raises((RuntimeError, IndexError, ValueError, TypeError)):
            f()


def test_device_and_cuda():
    assert str(torch.ones(1).device) == "cpu"
    assert repr(torch.device("cpu")) == "device(type='cpu')"
    assert not torch.cuda.is_available()
    assert torch.ones(1, device="cpu").to(torch.device("cpu")).tolist() == [1.0]
    with pytest.raises(RuntimeError):
        torch.ones(1).to("cuda")


# ---- stubs ------------------------------------------------------------------------------------


def test_stub_names_exist():
    import ferrograd

    stub = os.path.join(os.path.dirname(ferrograd.__file__), "__init__.pyi")
    tree = ast.parse(open(stub).read())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom) and node.module != "typing":
            names.update(a.asname for a in node.names if a.asname)
    missing = [n for n in names if not hasattr(ferrograd, n)]
    assert not missing, missing
    tensor_cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Tensor")
    methods = {n.name for n in tensor_cls.body if isinstance(n, ast.FunctionDef)}
    missing = [m for m in methods if not hasattr(ferrograd.Tensor, m)]
    assert not missing, missing
    public = {n for n in ferrograd.__all__ if not n.startswith("_")}
    assert public - names - {"autograd", "nn", "cuda", "return_types"} == set()


def test_comparison_methods_mirror_the_functions():
    a = torch.tensor([1.0, 2.0, float("nan")])
    b = torch.tensor([1.0, 2.0 + 1e-9, float("nan")])
    assert a.equal(a.clone()) is False  # NaN != NaN, as torch.equal
    assert torch.tensor([1, 2]).equal(torch.tensor([1, 2])) is True
    assert torch.tensor([1, 2]).equal(torch.tensor([1])) is False
    assert a.allclose(b) is False and a.allclose(b, equal_nan=True) is True
    assert a.isclose(b).tolist() == [True, True, False]
    assert a.isclose(b, equal_nan=True).tolist() == [True, True, True]


def test_empty_reuses_freed_memory_without_filling_it():
    # large empty tensors take a freed buffer as it is (PyTorch's uninitialised memory); the
    # values are unspecified but valid for the dtype, and every write lands
    for dtype, fill in [(torch.float32, 2.5), (torch.float64, -1.0), (torch.int64, 7), (torch.bool, True)]:
        n = 1 << 17
        a = torch.full((n,), fill, dtype=dtype)
        del a
        e = torch.empty(n, dtype=dtype)
        assert e.shape == (n,) and e.dtype == dtype and not e.requires_grad
        if dtype == torch.bool:
            assert set(e.tolist()) <= {False, True}
        e.fill_(0)
        assert not e.any()
        like = torch.empty_like(e, dtype=torch.float64, requires_grad=True)
        assert like.shape == (n,) and like.dtype == torch.float64 and like.requires_grad
    # small ones are zeros, sizes are checked as zeros' are
    assert torch.empty(2, 3).tolist() == [[0.0] * 3] * 2
    with pytest.raises(RuntimeError, match="Storage size calculation overflowed"):
        torch.empty(1 << 40, 1 << 40)


def test_float_of_a_tensor_that_requires_grad_warns_once_per_process():
    # PyTorch 2.15: the first float() (or '%f' formatting) of such a tensor warns, once per
    # process; int() and .item() do not warn
    import subprocess
    import sys

    code = (
        "import warnings\n"
        "warnings.simplefilter('always')\n"
        "import ferrograd as torch\n"
        "x = torch.tensor(1.5, requires_grad=True)\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        "    int(x); x.item(); n0 = len(w)\n"
        "    float(x); float(x); '%.1f' % (x * 2); float(torch.tensor(2.0))\n"
        "print(n0, len(w), str(w[0].message).replace(chr(10), '|'), w[0].category.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == (
        "0 1 Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
        "behavior.|Consider using tensor.detach() first. UserWarning"
    )
