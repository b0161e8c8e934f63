"""Meta tensors (``device='meta'``): shapes, dtypes and grad_fns without data.

The expected strings were printed by PyTorch 2.15 running the same expressions.
"""

import copy
import gc
import pickle

import pytest
from _recorded import assert_prints_as_recorded

import ferrograd as torch
import ferrograd.nn as nn
import ferrograd.nn.functional as F

# (expression, what PyTorch 2.15 printed for its repr)
REPRS = [
    ("torch.empty(2, 3, device='meta')", "tensor(..., device='meta', size=(2, 3))"),
    ("torch.zeros(2, 3, device='meta', dtype=torch.float64)",
     "tensor(..., device='meta', size=(2, 3), dtype=torch.float64)"),
    ("torch.zeros((), device='meta')", "tensor(..., device='meta', size=())"),
    ("torch.zeros(0, 3, device='meta')", "tensor(..., device='meta', size=(0, 3))"),
    ("torch.randn(2, device='meta', requires_grad=True)",
     "tensor(..., device='meta', size=(2,), requires_grad=True)"),
    ("x + 1", "tensor(..., device='meta', size=(2, 3))"),
    ("x.sum()", "tensor(..., device='meta', size=())"),
    ("x @ torch.empty(3, 4, device='meta')", "tensor(..., device='meta', size=(2, 4))"),
    ("x + torch.ones(())", "tensor(..., device='meta', size=(2, 3))"),
    ("x.view(3, 2)", "tensor(..., device='meta', size=(3, 2))"),
    ("x.t()", "tensor(..., device='meta', size=(3, 2))"),
    ("x[0]", "tensor(..., device='meta', size=(3,))"),
    ("x.to(torch.float64)", "tensor(..., device='meta', size=(2, 3), dtype=torch.float64)"),
    ("x.double()", "tensor(..., device='meta', size=(2, 3), dtype=torch.float64)"),
    ("torch.ones(2).to('meta')", "tensor(..., device='meta', size=(2,))"),
    ("torch.empty_like(x)", "tensor(..., device='meta', size=(2, 3))"),
    ("torch.zeros_like(x)", "tensor(..., device='meta', size=(2, 3))"),
    ("torch.zeros_like(x, device='cpu')", "tensor([[0., 0., 0.],\n        [0., 0., 0.]])"),
    ("x.clone()", "tensor(..., device='meta', size=(2, 3))"),
    ("x.requires_grad_()", "tensor(..., device='meta', size=(2, 3), requires_grad=True)"),
    ("nn.Parameter(torch.empty(2, device='meta'))",
     "Parameter containing:\ntensor(..., device='meta', size=(2,), requires_grad=True)"),
    ("torch.tensor([1., 2.], device='meta')", "tensor(..., device='meta', size=(2,))"),
    ("torch.arange(5, device='meta')", "tensor(..., device='meta', size=(5,), dtype=torch.int64)"),
    ("x.new_zeros(2)", "tensor(..., device='meta', size=(2,))"),
    ("x.new_tensor([1., 2.])", "tensor(..., device='meta', size=(2,))"),
    ("x.argmax()", "tensor(..., device='meta', size=(), dtype=torch.int64)"),
    ("x == x", "tensor(..., device='meta', size=(2, 3), dtype=torch.bool)"),
    ("torch.sin(x)", "tensor(..., device='meta', size=(2, 3))"),
    ("y.max()", "tensor(..., device='meta', size=(), grad_fn=<MaxBackward1>)"),
    ("y.max(0)", "torch.return_types.max(\nvalues=tensor(..., device='meta', size=(3,), grad_fn=<MaxBackward0>),\n"
                 "indices=tensor(..., device='meta', size=(3,), dtype=torch.int64))"),
    ("torch.stack([y, y])", "tensor(..., device='meta', size=(2, 2, 3), grad_fn=<StackBackward0>)"),
    ("y.expand(4, 2, 3)", "tensor(..., device='meta', size=(4, 2, 3), grad_fn=<ExpandBackward0>)"),
    ("y.contiguous()", "tensor(..., device='meta', size=(2, 3), requires_grad=True)"),
    ("F.relu(y)", "tensor(..., device='meta', size=(2, 3), grad_fn=<ReluBackward0>)"),
    ("torch.where(y > 0, y, 0.)", "tensor(..., device='meta', size=(2, 3), grad_fn=<WhereBackward0>)"),
    ("torch.full((2,), 7, device='meta')", "tensor(..., device='meta', size=(2,), dtype=torch.int64)"),
    ("torch.randint(10, (3,), device='meta')", "tensor(..., device='meta', size=(3,), dtype=torch.int64)"),
    ("x.new_ones(2, device='cpu')", "tensor([1., 1.])"),
]

# (expression, exception type, PyTorch 2.15's message or its first sentence)
ERRORS = [
    ("x + torch.ones(3)", RuntimeError, "Tensor on device cpu is not on the expected device meta!"),
    ("torch.ones(3) + x", RuntimeError, "Tensor on device meta is not on the expected device cpu!"),
    ("torch.cat([x, torch.ones(2, 3)])", RuntimeError, "Tensor on device cpu is not on the expected device meta!"),
    ("x.to('cpu')", NotImplementedError, "Cannot copy out of meta tensor; no data!"),
    ("x.cpu()", NotImplementedError, "Cannot copy out of meta tensor; no data!"),
    ("x.tolist()", NotImplementedError, "Cannot copy out of meta tensor; no data!"),
    ("torch.ones(2, 3).copy_(x)", NotImplementedError, "Cannot copy out of meta tensor; no data!"),
    ("x.item()", RuntimeError, "a Tensor with 6 elements cannot be converted to Scalar"),
    ("x.sum().item()", RuntimeError, "Tensor.item() cannot be called on meta tensors"),
    ("bool(torch.empty(1, device='meta'))", RuntimeError, "Tensor.item() cannot be called on meta tensors"),
    ("float(torch.empty(1, device='meta'))", RuntimeError, "Tensor.item() cannot be called on meta tensors"),
    ("torch.allclose(x, x)", RuntimeError, "Tensor.item() cannot be called on meta tensors"),
    ("x.numpy()", TypeError, "can't convert meta device type tensor to numpy. Use Tensor.cpu() to copy the "
     "tensor to host memory first."),
    ("x.nonzero()", NotImplementedError, "The register_meta function for torch.nonzero() raises "
     "unimplemented by default, as a correct data-independent implementation does not exist."),
    ("x[x > 0]", NotImplementedError, "The register_meta function for torch.nonzero() raises "
     "unimplemented by default, as a correct data-independent implementation does not exist."),
    ("torch.equal(x, x)", NotImplementedError, "aten::equal: attempted to run this operator with Meta tensors"),
    ("y.fill_(1)", RuntimeError, "a leaf Variable that requires grad is being used in an in-place operation."),
    ("y.copy_(torch.ones(2, 3))", RuntimeError, "a leaf Variable that requires grad is being used in an in-place operation."),
    ("y.add_(torch.ones(3, 3, device='meta'))", RuntimeError,
     "a leaf Variable that requires grad is being used in an in-place operation."),
    # the CPU kernels' message (PyTorch's meta kernels word it differently)
    ("x + torch.empty(4, device='meta')", RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"),
    ("torch.empty(2, device='meta', dtype=torch.int64).requires_grad_()", RuntimeError,
     "only Tensors of floating point dtype can require gradients"),
]


def _env():
    return {
        "torch": torch, "nn": nn, "F": F,
        "x": torch.empty(2, 3, device="meta"),
        "y": torch.empty(2, 3, device="meta", requires_grad=True),
    }


@pytest.mark.parametrize("expr,expected", REPRS, ids=[e for e, _ in REPRS])
def test_meta_results_print_as_pytorch(expr, expected):
    assert repr(eval(expr, _env())) == expected


@pytest.mark.parametrize("expr,exc,message", ERRORS, ids=[e for e, _, _ in ERRORS])
def test_meta_errors_are_pytorchs(expr, exc, message):
    with pytest.raises(exc) as info:
        eval(expr, _env())
    assert str(info.value).startswith(message)


def test_metadata_without_data():
    x = torch.empty(2, 3, device="meta")
    assert x.is_meta and not torch.ones(1).is_meta
    assert x.device == torch.device("meta") and repr(x.device) == "device(type='meta')"
    assert x.shape == (2, 3) and x.size(1) == 3 and x.size(-2) == 2 and x.dim() == 2 and x.numel() == 6
    assert x.stride() == (3, 1) and x.t().stride() == (1, 3) and x.is_contiguous()
    assert x.data_ptr() == 0 and x.element_size() == 4 and x.is_floating_point()
    assert isinstance(x, torch.Tensor) and not isinstance(x, nn.Parameter)
    assert x.grad_fn is None and x.is_leaf and x.grad is None
    with pytest.raises(IndexError, match="Dimension out of range"):
        x.size(2)
    assert len(x) == 2 and [tuple(r.shape) for r in x] == [(3,), (3,)]


def test_a_huge_meta_tensor_takes_no_memory():
    # 10^12 float32 elements: 4 TB if it were allocated
    x = torch.empty(10**6, 10**6, device="meta")
    assert x.numel() == 10**12 and x.stride() == (10**6, 1)
    assert repr(copy.deepcopy(x)) == "tensor(..., device='meta', size=(1000000, 1000000))"
    assert torch.empty_like(x).shape == x.shape and x.new_empty(10**7).numel() == 10**7
    w = nn.Linear(10**5, 10**5, device="meta")
    assert tuple(w.weight.shape) == (10**5, 10**5) and w.weight.is_meta
    m = torch.empty(10**9, device="meta").to(torch.float64)
    assert m.dtype == torch.float64 and m.is_meta


def test_meta_work_leaves_the_generator_where_it_was():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    torch.randn(5, device="meta")
    torch.empty(4, device="meta").normal_()
    torch.empty(4, device="meta").uniform_()
    nn.Linear(3, 2, device="meta")
    torch.randperm(5, device="meta")
    torch.nn.functional.dropout(torch.empty(3, device="meta"), 0.5)
    assert torch.equal(torch.rand(3), expected)


def test_gradients_of_meta_tensors_are_meta():
    y = torch.empty(2, device="meta", requires_grad=True)
    z = (y * 2).sum()
    assert repr(z) == "tensor(..., device='meta', size=(), grad_fn=<SumBackward0>)"
    z.backward()
    assert repr(y.grad) == "tensor(..., device='meta', size=(2,))"
    assert y.grad is y.grad
    (g,) = torch.autograd.grad((y * y).sum(), y)
    assert repr(g) == "tensor(..., device='meta', size=(2,))"
    y.grad = None
    assert y.grad is None


def test_in_place_ops_return_the_meta_tensor():
    x = torch.empty(2, 3, device="meta")
    assert x.uniform_() is x and x.fill_(1) is x and x.zero_() is x
    assert x.add_(1) is x and x.mul_(torch.ones(3, device="meta")) is x
    assert x.copy_(torch.ones(2, 3)) is x
    # PyTorch 2.15's messages for the same calls on meta tensors
    for call, message in [
        (lambda: torch.empty(2, 3, device="meta").fill_(torch.ones(4)),
         "fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions."),
        (lambda: torch.empty(3, device="meta").copy_(torch.ones(2, 3)),
         "output with shape [3] doesn't match the broadcast shape [2, 3]"),
        (lambda: torch.empty(2, 3, device="meta").copy_(torch.ones(4)),
         "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"),
    ]:
        with pytest.raises(RuntimeError) as info:
            call()
        assert str(info.value) == message


def test_default_device_meta():
    with torch.device("meta"):
        a = torch.zeros(3)
        lin = nn.Linear(4, 2)
        assert torch.get_default_device() == torch.device("meta")
    assert a.is_meta and lin.weight.is_meta and lin.bias.is_meta
    assert not torch.zeros(1).is_meta
    torch.set_default_device("meta")
    try:
        assert torch.ones(2).is_meta and torch.tensor([1.0]).is_meta
    finally:
        torch.set_default_device(None)
    assert not torch.ones(2).is_meta and torch.get_default_device() == torch.device("cpu")
    with pytest.raises(RuntimeError, match="CPU only"):
        with torch.device("cuda"):
            pass


def test_modules_to_meta_and_back():
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    assert lin.to("meta") is lin
    assert repr(lin.weight) == (
        "Parameter containing:\ntensor(..., device='meta', size=(2, 3), requires_grad=True)"
    )
    assert isinstance(lin.weight, nn.Parameter) and [n for n, _ in lin.named_parameters()] == ["weight", "bias"]
    with pytest.raises(RuntimeError, match="^Tensor on device meta is not on the expected device cpu!$"):
        lin(torch.ones(4, 3))
    assert repr(lin(torch.ones(4, 3, device="meta"))) == (
        "tensor(..., device='meta', size=(4, 2), grad_fn=<AddmmBackward0>)"
    )
    with pytest.raises(NotImplementedError, match="Please use torch.nn.Module.to_empty"):
        lin.to("cpu")
    with pytest.raises(NotImplementedError, match="no data"):
        lin.cpu()
    assert repr(copy.deepcopy(lin).weight) == repr(lin.weight)
    lin.to_empty(device="cpu")
    assert not lin.weight.is_meta and lin.weight.shape == (2, 3) and lin.weight.requires_grad
    lin.reset_parameters()
    assert lin(torch.ones(4, 3)).shape == (4, 2)
    # buffers too, and dtype with device
    bn = nn.BatchNorm1d(3).to("meta", torch.float64)
    assert bn.running_mean.is_meta and bn.running_mean.dtype == torch.float64
    assert bn.num_batches_tracked.dtype == torch.int64
    seq = nn.Sequential(nn.Linear(3, 4, device="meta"), nn.ReLU(), nn.Linear(4, 2, device="meta"))
    assert repr(seq(torch.empty(5, 3, device="meta"))) == (
        "tensor(..., device='meta', size=(5, 2), grad_fn=<AddmmBackward0>)"
    )
    seq.to_empty(device="cpu", recurse=True)
    assert all(not p.is_meta for p in seq.parameters())


def test_meta_parameters_pickle_and_copy():
    p = nn.Parameter(torch.empty(2, 3, device="meta"))
    q = pickle.loads(pickle.dumps(p))
    assert repr(q) == repr(p) and isinstance(q, nn.Parameter)
    c = copy.copy(torch.empty(4, device="meta", dtype=torch.float64))
    assert c.is_meta and c.dtype == torch.float64


def test_the_model_ensembling_tutorial_runs_with_a_meta_base_model():
    torch.manual_seed(0)

    class SimpleMLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(20, 8)
            self.fc2 = nn.Linear(8, 3)

        def forward(self, x):
            return self.fc2(F.relu(self.fc1(x.flatten(1))))

    models = [SimpleMLP() for _ in range(4)]
    minibatches = torch.randn(4, 5, 20)
    loop = torch.stack([m(b) for m, b in zip(models, minibatches)])
    params, buffers = torch.func.stack_module_state(models)
    base = copy.deepcopy(models[0]).to("meta")

    def fmodel(params, buffers, x):
        return torch.func.functional_call(base, (params, buffers), (x,))

    out = torch.vmap(fmodel)(params, buffers, minibatches)
    assert torch.allclose(out, loop, atol=1e-6)
    same = torch.vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatches[0])
    assert torch.allclose(same, torch.stack([m(minibatches[0]) for m in models]), atol=1e-6)
    # the template kept no data
    assert all(p.is_meta for p in base.parameters())


def test_transforms_of_functions_of_meta_tensors():
    # PyTorch 2.15 printed each of these as tensor(..., device='meta', size=(3, 3))
    a = torch.empty(3, device="meta")
    expected = "tensor(..., device='meta', size=(3, 3))"
    assert repr(torch.func.jacrev(lambda t: t.sin())(a)) == expected
    assert repr(torch.func.jacfwd(lambda t: t.sin())(a)) == expected
    assert repr(torch.func.hessian(lambda t: t.sin().sum())(a)) == expected
    assert repr(torch.autograd.functional.jacobian(lambda t: t.sin(), a)) == expected
    assert repr(torch.autograd.functional.hessian(lambda t: t.sin().sum(), a)) == expected
    assert repr(torch.func.grad(lambda t: (t * t).sum())(a)) == "tensor(..., device='meta', size=(3,))"
    assert repr(torch.vmap(lambda t: t * 2)(torch.empty(4, 2, device="meta"))) == (
        "tensor(..., device='meta', size=(4, 2))"
    )
    x = torch.empty(2, device="meta")
    assert x.type() == "torch.meta.FloatTensor" and x.to("meta") is x and x.to(x) is x
    assert torch.ones(2).to(x).is_meta and torch.ones(2).to(device=torch.device("meta")).is_meta


def test_autograd_functional_maps_over_a_batch():
    # no batching rule: once per example, stacked
    out = torch.vmap(lambda x: torch.autograd.functional.jacobian(lambda a: a.sin(), x))(torch.zeros(2, 3))
    assert torch.equal(out, torch.eye(3).expand(2, 3, 3))


def test_the_ensembling_tutorial_prints_what_pytorch_printed():
    assert_prints_as_recorded("ensembling_tutorial.py", "ensembling_tutorial.out")


def test_loading_a_state_dict_into_a_meta_module():
    torch.manual_seed(0)
    src = nn.Linear(3, 2)
    m = nn.Linear(3, 2, device="meta")
    # PyTorch 2.15: a no-op with this warning per parameter; assign=True takes the tensors
    with pytest.warns(UserWarning) as record:
        assert str(m.load_state_dict(src.state_dict())) == "<All keys matched successfully>"
    assert [str(w.message) for w in record] == [
        f"for {k}: copying from a non-meta parameter in the checkpoint to a meta parameter in the "
        "current model, which is a no-op. (Did you mean to pass `assign=True` to assign items in the "
        "state dictionary to their corresponding key in the module instead of copying them in place?)"
        for k in ("weight", "bias")
    ]
    assert m.weight.is_meta
    m.load_state_dict(src.state_dict(), assign=True)
    assert not m.weight.is_meta and torch.equal(m.weight, src.weight)
    assert isinstance(m.weight, nn.Parameter) and m.weight.requires_grad
    assert repr(nn.Linear(3, 2, device="meta").state_dict()) == (
        "OrderedDict([('weight', tensor(..., device='meta', size=(2, 3))), "
        "('bias', tensor(..., device='meta', size=(2,)))])"
    )


def test_meta_edges_print_what_pytorch_printed():
    assert_prints_as_recorded("meta_edges_script.py", "meta_edges.out")


def test_inputs_give_their_zeros_back_unless_a_graph_needs_them():
    import gc

    from ferrograd import _batched

    gc.collect()  # meta tensors other tests left to the collector
    before = _batched._active[0]
    x = torch.empty(64, 64, device="meta")
    y = x @ x + 1
    assert x._value is None and y._value is None and y.stride() == (64, 1)
    w = torch.empty(64, 64, device="meta", requires_grad=True)
    z = (x @ w).sum()
    assert w._value is not None and z.grad_fn is not None  # kept: backward reaches w
    assert x._value is None
    x.add_(1)
    assert x._value is not None  # an in-place op's target keeps its zeros
    del x, y, w, z
    gc.collect()
    assert _batched._active[0] == before


def test_the_default_device_is_per_thread():
    import threading

    entered, leave = threading.Event(), threading.Event()
    seen = []

    def other():
        with torch.device("meta"):
            seen.append(torch.zeros(1).is_meta)
            entered.set()
            leave.wait()

    t = threading.Thread(target=other)
    t.start()
    entered.wait()
    try:
        assert not torch.zeros(1).is_meta and torch.get_default_device() == torch.device("cpu")
    finally:
        leave.set()
        t.join()
    assert seen == [True]


def test_a_thread_that_ends_with_a_meta_default_is_no_longer_counted():
    # while the count is above zero every factory asks Python for its thread's default device
    import threading

    from ferrograd import _ferrograd as _C

    before = _C._meta_default_threads(0)
    during = []

    def other():
        torch.set_default_device("meta")
        during.append(_C._meta_default_threads(0))
        with torch.device("cpu"):
            with torch.device("meta"):
                during.append(_C._meta_default_threads(0))
            during.append(_C._meta_default_threads(0))

    t = threading.Thread(target=other)
    t.start()
    t.join()
    gc.collect()
    assert during == [before + 1, before + 1, before]
    assert _C._meta_default_threads(0) == before
    assert not torch.zeros(1).is_meta


def test_only_random_meta_ops_touch_the_generator():
    torch.manual_seed(3)
    want = torch.rand(2)
    torch.manual_seed(3)
    x = torch.empty(3, device="meta")
    (x + 1).sum()
    F.dropout(x, 0.5)
    x.bernoulli_(0.5)
    assert torch.equal(torch.rand(2), want)


def test_every_factory_makes_meta_tensors_as_pytorch():
    # the bindings parse every device argument: 'meta' asks no data and draws no numbers
    assert_prints_as_recorded("meta_factories_script.py", "meta_factories.out")


def test_device_arguments_name_devices():
    with pytest.raises(RuntimeError, match="device 'cuda:1' is not available"):
        torch.zeros(1, device="cuda:1")
    with pytest.raises(RuntimeError, match="device 'mps' is not available"):
        torch.ones(1).new_zeros(1, device=torch.device("mps"))
    with pytest.raises(TypeError, match="argument 'device' must be torch.device, not list"):
        torch.zeros(1, device=[1])
    with pytest.raises(TypeError, match=r"to\(\) received an invalid combination of arguments - got \(list\)"):
        torch.zeros(1).to([1])
    with pytest.raises(RuntimeError, match="device 'meta' is not available"):
        torch.Generator(device="meta")
    # new_* follow the tensor's device, not the default one
    with torch.device("meta"):
        x = torch.ones(2, device="cpu")
        assert not x.new_zeros(3).is_meta and not x.new_tensor([1.0]).is_meta
        assert x.new_ones(1, device="meta").is_meta
    assert not torch.zeros(1).is_meta


def test_loss_softmax_and_meta_default_edges_print_what_pytorch_printed():
    assert_prints_as_recorded("loss_device_edges_script.py", "loss_device_edges.out")


def test_device_strings_and_meta_storage_sizes_as_pytorch():
    # one parser for device strings (torch.device and every device= argument), PyTorch's
    # messages; a meta factory checks the storage its shape describes, and a meta arange
    # computes no values
    assert_prints_as_recorded("device_strings_script.py", "device_strings.out")
