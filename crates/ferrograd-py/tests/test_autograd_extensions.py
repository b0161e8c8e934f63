"""Forward-mode AD, custom autograd.Function, anomaly mode, gradcheck and Taylor mode: behaviour
that needs more than a value compared with PyTorch (threads, exceptions crossing the Rust
engine, messages that name ferrograd's sources, the stubs). Values and messages that PyTorch
has are compared in test_against_torch.py."""

import ast
import gc
import math
import os
import re
import threading
import warnings
import weakref

import pytest

import ferrograd as torch
import ferrograd.autograd.forward_ad as fwAD
from ferrograd.autograd import Function
from ferrograd.autograd.taylor import Jet, derivatives


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x ** 2


class Boom(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 2

    @staticmethod
    def backward(ctx, g):
        raise LookupError("raised in backward")


def f64(*values, requires_grad=False):
    return torch.tensor(list(values), dtype=torch.float64, requires_grad=requires_grad)


# ---- forward-mode AD --------------------------------------------------------------------------


def test_dual_levels_belong_to_their_thread():
    seen = {}

    def other():
        with fwAD.dual_level():
            y = fwAD.make_dual(torch.tensor(2.0), torch.tensor(5.0)) * 3
            seen["tangent"] = fwAD.unpack_dual(y).tangent.item()

    with fwAD.dual_level():
        x = fwAD.make_dual(torch.tensor(1.0), torch.tensor(1.0))
        t = threading.Thread(target=other)
        t.start()
        t.join()
        assert fwAD.unpack_dual(x.exp()).tangent.item() == pytest.approx(math.e)
    assert seen == {"tangent": 15.0}


def test_dual_level_exits_on_exception_and_as_decorator():
    with pytest.raises(KeyError):
        with fwAD.dual_level():
            x = fwAD.make_dual(torch.ones(2), torch.ones(2))
            raise KeyError
    assert fwAD.unpack_dual(x).tangent is None
    assert "tangent" not in repr(x)

    @fwAD.dual_level()
    def jvp_of_square(p, t):
        return fwAD.unpack_dual(fwAD.make_dual(p, t) ** 2).tangent

    assert jvp_of_square(torch.tensor([3.0]), torch.tensor([1.0])).tolist() == [6.0]
    with fwAD.dual_level():  # the decorator left no level behind
        pass


def test_dual_printing_and_unpacking():
    with fwAD.dual_level():
        x = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
        assert repr(x ** 2) == "tensor([1., 4.], tangent=tensor([2., 0.]))"
        s = fwAD.make_dual(torch.tensor(2.0, dtype=torch.float64), torch.tensor(1e-7, dtype=torch.float64))
        assert repr(s) == "tensor(2., dtype=torch.float64, tangent=1e-07)"
        assert repr(s * 1e20) == "tensor(2.0000e+20, dtype=torch.float64, tangent=10000000000000.0)"
        assert repr(s * 1e25).endswith("tangent=1e+18)")
        primal, tangent = fwAD.unpack_dual(x)
        assert "tangent" not in repr(primal) and tangent.tolist() == [1.0, 0.0]
        assert primal.data_ptr() == x.data_ptr()


def test_make_dual_of_a_primal_that_requires_grad():
    x0 = torch.tensor([1.0, 2.0], requires_grad=True)
    with fwAD.dual_level():
        x = fwAD.make_dual(x0, torch.tensor([1.0, 1.0]))
        # a view of the primal, recorded in the graph (ferrograd names the node AliasBackward0)
        assert x.grad_fn is not None and not x.is_leaf
        assert repr(x) == "tensor([1., 2.], grad_fn=<AliasBackward0>, tangent=tensor([1., 1.]))"
        (x * x).sum().backward()
    assert x0.grad.tolist() == [2.0, 4.0]


def test_forward_over_reverse_hessian_vector_product():
    x0, v = f64(0.3, -0.8, 1.7), f64(1.0, 2.0, -1.0)
    with fwAD.dual_level():
        x = fwAD.make_dual(x0, v).requires_grad_()
        (g,) = torch.autograd.grad((x ** 3 * x.sin()).sum(), x)
        hv = fwAD.unpack_dual(g).tangent
    _, want = torch.autograd.functional.hvp(lambda t: (t ** 3 * t.sin()).sum(), x0, v)
    assert torch.allclose(hv, want)


def test_custom_function_tangent_is_derived_from_backward():
    # PyTorch needs a jvp staticmethod; ferrograd derives J·t from backward
    with fwAD.dual_level():
        x = fwAD.make_dual(f64(1.0, 2.0), f64(1.0, -1.0))
        y = Cube.apply(x)
        assert fwAD.unpack_dual(y).tangent.tolist() == [3.0, -12.0]


def test_exception_in_backward_while_deriving_a_tangent():
    with fwAD.dual_level():
        x = fwAD.make_dual(f64(1.0), f64(1.0))
        with pytest.raises(LookupError, match="raised in backward"):
            Boom.apply(x)
        # nothing left behind: the next op works
        assert fwAD.unpack_dual(x * 2).tangent.item() == 2.0


def test_exit_dual_level_checks():
    with pytest.raises(RuntimeError, match="Dual level must be a positive number"):
        fwAD.exit_dual_level()
    lvl = fwAD.enter_dual_level()
    with pytest.raises(RuntimeError, match="not the last one that was created"):
        fwAD.exit_dual_level(level=lvl + 1)
    fwAD.exit_dual_level(level=lvl)
    assert fwAD.unpack_dual(torch.ones(1)).tangent is None


# ---- custom Function --------------------------------------------------------------------------


def test_function_output_and_node():
    x = torch.tensor(2.0, requires_grad=True)
    y = Cube.apply(x)
    assert repr(y) == "tensor(8., grad_fn=<CubeBackward>)"
    assert y.grad_fn.name() == "CubeBackward"
    assert re.fullmatch(r"<ferrograd\.autograd\.function\.CubeBackward object at 0x[0-9a-f]+>", repr(y.grad_fn))
    assert y.grad_fn.next_functions[0][0].variable is not None
    y.backward()
    assert x.grad.item() == 12.0


def test_function_exception_surfaces_everywhere():
    x = f64(1.0, 2.0, requires_grad=True)
    with pytest.raises(LookupError, match="raised in backward"):
        Boom.apply(x).sum().backward()
    with pytest.raises(LookupError, match="raised in backward"):
        torch.autograd.grad(Boom.apply(x).sum(), x)
    with pytest.raises(LookupError, match="raised in backward"):
        torch.autograd.backward([Boom.apply(x).sum()])
    with pytest.raises(LookupError, match="raised in backward"):
        torch.autograd.functional.jacobian(Boom.apply, x)
    with pytest.raises(LookupError, match="raised in backward"):
        torch.autograd.functional.hessian(lambda t: Boom.apply(t).sum(), x)
    with pytest.raises(LookupError, match="raised in backward"):
        torch.autograd.gradcheck(Boom.apply, (x,))
    with pytest.raises(LookupError, match="raised in backward"):
        torch.autograd.gradcheck(Boom.apply, (x,), fast_mode=True)
    # and leaves nothing behind for the next backward pass
    y = Cube.apply(x).sum()
    y.backward()
    assert x.grad.tolist() == [3.0, 12.0]


def test_hook_exception_survives_a_function_applied_inside_backward():
    class CubeViaCube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            # another custom Function inside backward
            return g * Cube.apply(x) * 3 / x

    def bad_hook(g):
        raise KeyError("from hook")

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    b = CubeViaCube.apply(x)
    a = x * 2  # recorded later, so its hook runs before CubeViaCube's backward
    a.register_hook(bad_hook)
    with pytest.raises(KeyError, match="from hook"):
        (a.sum() + b.sum()).backward()
    x.grad = None
    CubeViaCube.apply(x).sum().backward()
    assert x.grad.tolist() == [3.0, 12.0]


def test_function_save_for_backward_checks_types():
    class SaveNumber(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, 3)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.raises(TypeError, match="save_for_backward can only save variables, but argument 1 is of type int"):
        SaveNumber.apply(torch.ones(1, requires_grad=True))


def test_function_forward_sees_the_callers_tensors():
    seen = []

    class Id(Function):
        @staticmethod
        def forward(ctx, x, scale=1.0):
            seen.append((x, x.requires_grad, torch.is_grad_enabled(), scale))
            return x * scale

        @staticmethod
        def backward(ctx, g):
            return g * 1.0, None

    x = torch.ones(2, requires_grad=True)
    y = Id.apply(x, scale=4.0)
    assert seen[0][0] is x and seen[0][1:] == (True, False, 4.0)
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_function_context_keeps_no_saved_tensors_after_backward():
    ctxs = []

    class Keep(Function):
        @staticmethod
        def forward(ctx, x):
            ctxs.append(ctx)
            ctx.save_for_backward(x)
            return x.exp()

        @staticmethod
        def backward(ctx, g):
            assert len(ctx.saved_tensors) == 1
            return g * ctx.saved_tensors[0].exp()

    x = torch.ones(3, requires_grad=True)
    Keep.apply(x).sum().backward()
    assert ctxs[0].saved_tensors == ()
    assert not hasattr(ctxs[0], "to_save")


def test_function_context_is_freed_with_the_graph():
    ctxs = []

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)  # the output: saved without a reference cycle
            ctxs.append(weakref.ref(ctx))
            return y

        @staticmethod
        def backward(ctx, g):
            (y,) = ctx.saved_tensors
            return g * y

    x = torch.ones(3, requires_grad=True)
    y = Exp.apply(x)
    z = Exp.apply(y)
    assert ctxs[0]() is not None
    z.sum().backward()
    del y, z
    gc.collect()
    assert [r() for r in ctxs] == [None, None]
    assert x.grad.tolist() == pytest.approx([math.exp(1 + math.e)] * 3)


def test_function_backward_from_several_threads():
    w = f64(1.0, 2.0, requires_grad=True)
    errors = []

    def work():
        try:
            for _ in range(25):
                Cube.apply(w).sum().backward()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert w.grad.tolist() == [100 * 3.0, 100 * 12.0]


def test_function_higher_order_and_integer_output():
    x = f64(0.5, 1.5, requires_grad=True)
    assert torch.autograd.gradgradcheck(Cube.apply, (x,))
    h = torch.autograd.functional.hessian(lambda t: Cube.apply(t).sum(), x)
    assert h.tolist() == [[3.0, 0.0], [0.0, 9.0]]

    class Floor(Function):
        @staticmethod
        def forward(ctx, x):
            return x.long()

        @staticmethod
        def backward(ctx, g):
            return None

    y = Floor.apply(x)
    assert y.dtype == torch.int64 and not y.requires_grad


def test_once_differentiable_and_instantiation_warning():
    from ferrograd.autograd import once_differentiable

    class Sq(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = torch.tensor([3.0], requires_grad=True)
    (g,) = torch.autograd.grad(Sq.apply(x).sum(), x, create_graph=True)
    assert g.tolist() == [6.0] and not g.requires_grad
    with pytest.warns(DeprecationWarning, match="should not be instantiated"):
        Sq()


def test_hook_on_a_function_output():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x)
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    assert x.grad.tolist() == [30.0, 120.0]


# ---- anomaly mode -----------------------------------------------------------------------------

_LOCATION = r"\S+\.rs:\d+:\d+"


def test_anomaly_nan_message_names_op_and_location():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    y = (x.sqrt() * 0.0).sum()
    with torch.autograd.set_detect_anomaly(True):
        with pytest.raises(RuntimeError) as info:
            y.backward()
    msg = str(info.value)
    assert msg.startswith("Function 'SqrtBackward0' returned nan values in its 0th output.")
    assert re.search(r"The node was created by the forward call at " + _LOCATION + r"\.$", msg), msg
    assert not torch.is_anomaly_enabled()
    # the same graph is fine without anomaly mode: NaN is not checked
    x.grad = None
    ((x.sqrt() * 0.0).sum()).backward()
    assert math.isnan(x.grad[0].item())


def test_anomaly_inplace_message_names_saving_op():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.autograd.set_detect_anomaly(True):
        y = x.exp()
        y.add_(1)
        with pytest.raises(RuntimeError) as info:
            y.sum().backward()
    msg = str(info.value)
    assert "which is output 0 of Exp, is at version 1; expected version 0 instead." in msg
    assert re.search(r"The tensor was saved by ExpBackward0 \(forward call at " + _LOCATION + r"\)\.", msg), msg
    assert re.search(r"It was last modified in place at " + _LOCATION + r"\.$", msg), msg


def test_anomaly_custom_function_nan_and_errors():
    class NanGrad(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * float("nan")

    x = torch.ones(2, requires_grad=True)
    with torch.autograd.set_detect_anomaly(True):
        with pytest.raises(RuntimeError, match=r"^Function 'NanGradBackward' returned nan values in its 0th output\."):
            NanGrad.apply(x).sum().backward()
        # a Python exception is still the Python exception
        with pytest.raises(LookupError):
            Boom.apply(x).sum().backward()


def test_detect_anomaly_as_decorator_and_context():
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):

        @torch.autograd.detect_anomaly()
        def enabled():
            return torch.is_anomaly_enabled()

    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):

        @torch.autograd.detect_anomaly
        def enabled_bare():
            return torch.is_anomaly_enabled()

    assert enabled() and enabled_bare() and not torch.is_anomaly_enabled()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError):
            with torch.autograd.detect_anomaly():
                assert torch.autograd.is_anomaly_enabled()
                raise ValueError
    assert not torch.is_anomaly_enabled()
    torch.set_anomaly_enabled(True)
    assert torch.is_anomaly_enabled()
    torch.set_anomaly_enabled(False)
    assert not torch.is_anomaly_enabled()


# ---- gradcheck --------------------------------------------------------------------------------


def test_gradcheck_fast_mode_message_structure():
    class WrongSin(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.sin()

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * x.cos() * 1.01

    x = f64(0.5, 1.0, requires_grad=True)
    with pytest.raises(torch.autograd.GradcheckError) as info:
        torch.autograd.gradcheck(WrongSin.apply, (x,), fast_mode=True)
    msg = str(info.value)
    assert re.match(r"Jacobian mismatch for output 0 with respect to input 0,\nnumerical:-?\d+\.\d+\nanalytical:-?\d+\.\d+\n\n", msg), msg
    assert isinstance(info.value, RuntimeError)
    assert not torch.autograd.gradcheck(WrongSin.apply, (x,), fast_mode=True, raise_exception=False)


def test_gradcheck_leaves_the_random_state_alone():
    x = f64(0.2, 0.4, requires_grad=True)
    torch.manual_seed(5)
    want = torch.rand(3)
    torch.manual_seed(5)
    assert torch.autograd.gradcheck(lambda t: t.sin(), (x,), fast_mode=True, check_forward_ad=True)
    assert torch.equal(torch.rand(3), want)


def test_gradcheck_unsupported_options():
    x = f64(0.2, requires_grad=True)
    with pytest.raises(NotImplementedError, match="vmap"):
        torch.autograd.gradcheck(lambda t: t.sin(), (x,), check_batched_grad=True)


# ---- Taylor mode ------------------------------------------------------------------------------


def _nested(f, x, n):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = f(t)
    out = [y.item()]
    for _ in range(n):
        (y,) = torch.autograd.grad(y, t, create_graph=True)
        out.append(y.item())
    return out


@pytest.mark.parametrize(
    "f, x",
    [
        (lambda x: x.sin() * x.exp(), 0.7),
        (lambda x: x.cos() / (x * x + 1), 0.3),
        (lambda x: x.tan() - x.tanh(), 0.4),
        (lambda x: x.sigmoid() * x.log(), 1.7),
        (lambda x: x.log1p().sqrt(), 0.2),
        (lambda x: x ** 2.5 - 3 ** x + 2 / x, 1.3),
        (lambda x: (x * 3 - 1).tanh().exp() - x.sqrt() / 2, 0.25),
        (lambda x: -x.abs() * x.relu() + (1 - x) ** -1, 0.5),
    ],
)
def test_taylor_mode_agrees_with_nested_grad(f, x):
    got = derivatives(f, x, 6)
    want = _nested(f, x, 6)
    assert got == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_taylor_mode_high_orders_and_jets():
    d = derivatives(lambda x: (2 * x).exp(), 0.0, 20)
    assert d[20] == pytest.approx(2.0 ** 20, rel=1e-14)
    d = derivatives(lambda x: x.sin(), torch.tensor(0.0), 12)
    assert d == pytest.approx([0.0, 1.0, 0.0, -1.0] * 3 + [0.0], abs=1e-12)
    assert derivatives(lambda x: 3.0, 1.0, 2) == [3.0, 0.0, 0.0]
    j = Jet.variable(2.0, 3)
    assert (j * j).coefficients() == [4.0, 4.0, 1.0, 0.0]
    assert (j ** 2).derivatives() == [4.0, 4.0, 2.0, 0.0]
    assert (1 - j).derivatives() == [-1.0, -1.0, 0.0, 0.0]
    assert j.degree == 3 and j.value == 2.0 and repr(j) == "Jet([2.0, 1.0, 0.0, 0.0])"
    assert Jet.constant(5.0, 1).coefficients() == [5.0, 0.0]
    with pytest.raises(ValueError, match="different degrees"):
        Jet.variable(1.0, 2) + Jet.variable(1.0, 3)
    with pytest.raises(TypeError):
        j + "a"
    with pytest.raises(TypeError, match="must return a Jet or a number"):
        derivatives(lambda x: "a", 1.0, 2)
    with pytest.raises(ValueError, match="non-negative"):
        derivatives(lambda x: x, 1.0, -1)


# ---- stubs ------------------------------------------------------------------------------------


def _stub_names(path):
    tree = ast.parse(open(path).read())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name) and not t.id.startswith("_"))
        elif isinstance(node, ast.ImportFrom) and node.module != "typing":
            names.update(a.asname for a in node.names if a.asname)
    return tree, names


def test_autograd_stubs():
    import ferrograd.autograd as autograd
    import ferrograd.autograd.taylor as taylor

    here = os.path.dirname(autograd.__file__)
    _, names = _stub_names(os.path.join(here, "__init__.pyi"))
    assert not [n for n in names if not hasattr(autograd, n)]
    assert set(autograd.__all__) <= names
    tree, names = _stub_names(os.path.join(here, "taylor.pyi"))
    assert not [n for n in names if not hasattr(taylor, n)]
    jet = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Jet")
    methods = {n.name for n in jet.body if isinstance(n, ast.FunctionDef)}
    assert not [m for m in methods if not hasattr(Jet, m)]


def test_forward_ad_reports_a_custom_rule_that_cannot_give_a_tangent():
    # The tangent of a custom Function is derived from its backward: an error there, or a rule
    # that ignores the gradient, fails the call instead of leaving the output without tangent.
    class Broken(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            raise ValueError("backward is broken")

    class Constant(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return torch.ones_like(g)

    with fwAD.dual_level():
        x = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0]))
        with pytest.raises(ValueError, match="backward is broken"):
            Broken.apply(x)
        with pytest.raises(NotImplementedError, match="^Trying to use forward AD with Constant that does not support it"):
            Constant.apply(x)
    # outside a level nothing runs the rule early
    assert Broken.apply(torch.tensor([1.0])).tolist() == [2.0]
