"""Custom autograd Functions, forward mode and saved-tensor hooks: each case takes the torch
module (PyTorch when recording with gen_customfn.py, ferrograd under test) and returns lines
of text; test_customfn.py compares them with what PyTorch printed (customfn.json)."""


def _err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the type and message are the data
        return f"{type(e).__name__}: {e}"
    return "no error"


def tutorial_double_backward(torch):
    out = []

    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**2

        @staticmethod
        def backward(ctx, grad_out):
            (x,) = ctx.saved_tensors
            return grad_out * 2 * x

    x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
    out.append(str(torch.autograd.gradcheck(Square.apply, x)))
    out.append(str(torch.autograd.gradgradcheck(Square.apply, x)))

    class Exp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            result = torch.exp(x)
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, grad_out):
            (result,) = ctx.saved_tensors
            return result * grad_out

    x = torch.tensor(1.0, requires_grad=True, dtype=torch.double).clone()
    out.append(str(torch.autograd.gradcheck(Exp.apply, x)))
    out.append(str(torch.autograd.gradgradcheck(Exp.apply, x)))

    class Sinh(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            expx = torch.exp(x)
            expnegx = torch.exp(-x)
            ctx.save_for_backward(expx, expnegx)
            return (expx - expnegx) / 2, expx, expnegx

        @staticmethod
        def backward(ctx, grad_out, _grad_out_exp, _grad_out_negexp):
            expx, expnegx = ctx.saved_tensors
            grad_input = grad_out * (expx + expnegx) / 2
            grad_input += _grad_out_exp * expx
            grad_input -= _grad_out_negexp * expnegx
            return grad_input

    def sinh(x):
        return Sinh.apply(x)[0]

    x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
    out.append(str(torch.autograd.gradcheck(sinh, x)))
    out.append(str(torch.autograd.gradgradcheck(sinh, x)))
    x = torch.tensor([0.5, -1.0], dtype=torch.double, requires_grad=True)
    y = Sinh.apply(x)
    out.append(repr(y))

    def cube_forward(x):
        return x**3

    def cube_backward(grad_out, x):
        return grad_out * 3 * x**2

    def cube_backward_backward(grad_out, sav_grad_out, x):
        return grad_out * sav_grad_out * 6 * x

    def cube_backward_backward_grad_out(grad_out, x):
        return grad_out * 3 * x**2

    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return cube_forward(x)

        @staticmethod
        def backward(ctx, grad_out):
            (x,) = ctx.saved_tensors
            return CubeBackward.apply(grad_out, x)

    class CubeBackward(torch.autograd.Function):
        @staticmethod
        def forward(ctx, grad_out, x):
            ctx.save_for_backward(x, grad_out)
            return cube_backward(grad_out, x)

        @staticmethod
        def backward(ctx, grad_out):
            x, sav_grad_out = ctx.saved_tensors
            dx = cube_backward_backward(grad_out, sav_grad_out, x)
            dgrad_out = cube_backward_backward_grad_out(grad_out, x)
            return dgrad_out, dx

    x = torch.tensor(2.0, requires_grad=True, dtype=torch.double)
    out.append(str(torch.autograd.gradcheck(Cube.apply, x)))
    out.append(str(torch.autograd.gradgradcheck(Cube.apply, x)))
    (g,) = torch.autograd.grad(Cube.apply(x), x, create_graph=True)
    out.append(repr(g))
    (gg,) = torch.autograd.grad(g, x)
    out.append(repr(gg))
    return out


class _Mixed:
    pass


def mixed_inputs_and_outputs(torch):
    class Scale(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k, w, tag):
            ctx.k = k
            ctx.save_for_backward(x, w)
            return x * k * w, tag, (x * w).sum(), 7

        @staticmethod
        def backward(ctx, g, gtag, gsum, g7):
            x, w = ctx.saved_tensors
            lines.append(f"grads {gtag} {g7} {gsum!r} needs {ctx.needs_input_grad}")
            return g * ctx.k * w + gsum * w, None, g * ctx.k * x + gsum * x, None

    lines = []
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, -1.0])
    y, tag, s, n = Scale.apply(x, 2.0, w, "t")
    lines.append(f"{y!r} {tag} {s!r} {n}")
    lines.append(str(y.grad_fn.name()))
    y.sum().backward()
    lines.append(repr(x.grad))
    x.grad = None
    w.requires_grad_(True)
    y, tag, s, n = Scale.apply(x, 2.0, w, "t")
    (y.sum() + 2 * s).backward()
    lines.append(f"{x.grad!r} {w.grad!r}")
    return lines


def non_differentiable_and_materialize(torch):
    lines = []

    class Sort(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            i = x.argmax()
            ctx.mark_non_differentiable(i)
            ctx.save_for_backward(i)
            return x * 2, i

        @staticmethod
        def backward(ctx, gv, gi):
            (i,) = ctx.saved_tensors
            lines.append(f"gi {gi!r} {i!r}")
            return gv * 2

    x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
    v, i = Sort.apply(x)
    lines.append(f"{v!r} {i!r} {i.requires_grad}")
    (v * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
    lines.append(repr(x.grad))

    class Two(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, materialize):
            ctx.set_materialize_grads(materialize)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, ga, gb):
            lines.append(f"ga {ga!r} gb {gb!r}")
            ga = 0 if ga is None else ga
            gb = 0 if gb is None else gb
            return ga * 2 + gb * 3, None

    for m in (True, False):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        a, b = Two.apply(x, m)
        a.sum().backward()
        lines.append(repr(x.grad))
    return lines


def dirty_setup_context_once(torch):
    lines = []

    class AddOne(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g

    a = torch.tensor([1.0, 2.0], requires_grad=True)
    x = a * 2
    y = AddOne.apply(x)
    lines.append(f"{y is x} {y!r} {x._version}")
    (y * y).sum().backward()
    lines.append(repr(a.grad))
    lines.append(_err(lambda: AddOne.apply(torch.tensor([1.0], requires_grad=True))))

    class Forgot(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x * 1

        @staticmethod
        def backward(ctx, g):
            return g

    lines.append(_err(lambda: Forgot.apply(torch.tensor([1.0], requires_grad=True) * 1)))

    class Mul(torch.autograd.Function):
        @staticmethod
        def forward(x, y):
            return x * y

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, y = inputs
            ctx.save_for_backward(x, y, output)

        @staticmethod
        def backward(ctx, g):
            x, y, out = ctx.saved_tensors
            lines.append(f"out {out!r}")
            return g * y, g * x

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = torch.tensor([3.0, 4.0], requires_grad=True)
    z = Mul.apply(x, y)
    lines.append(repr(z))
    z.sum().backward()
    lines.append(f"{x.grad!r} {y.grad!r}")

    class Once(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**2

        @staticmethod
        @torch.autograd.function.once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad(Once.apply(x).sum(), x, create_graph=True)
    lines.append(f"{g!r} {g.requires_grad}")
    return lines


def validation_messages(torch):
    lines = []

    def fn(grads):
        class Foo(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, w):
                return x * w

            @staticmethod
            def backward(ctx, g):
                return grads

        return Foo

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    for grads in [(torch.ones(2),), (torch.ones(3), None), (1, None), ("a", None)]:
        Foo = fn(grads)
        lines.append(_err(lambda: Foo.apply(x, w).sum().backward()))

    class Bar(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, g

    lines.append(_err(lambda: Bar.apply(x, 2).sum().backward()))
    return lines


def forward_mode_jvp_only(torch):
    fwAD = torch.autograd.forward_ad
    lines = []

    class MySquare(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            result = x**2
            ctx.x = x
            return result

        @staticmethod
        def jvp(ctx, x_t):
            return x_t * 2 * ctx.x

    x = torch.tensor([1.0, -2.0, 3.0], dtype=torch.double)
    tangent = torch.tensor([0.5, 1.0, 2.0], dtype=torch.double)
    with fwAD.dual_level():
        dual_input = fwAD.make_dual(x, tangent)
        dual_output = MySquare.apply(dual_input)
        lines.append(repr(fwAD.unpack_dual(dual_output).tangent))
    x = torch.randn(3, dtype=torch.double, requires_grad=True)
    lines.append(str(torch.autograd.gradcheck(MySquare.apply, (x,), check_forward_ad=True, check_backward_ad=False)))
    lines.append(_err(lambda: MySquare.apply(x).sum().backward()))

    class SinCos(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.save_for_forward(x)
            return x.sin() * k, x.cos(), k

        @staticmethod
        def jvp(ctx, xt, kt):
            (x,) = ctx.saved_tensors
            return xt * x.cos() * 2, -xt * x.sin(), None

        @staticmethod
        def backward(ctx, gs, gc, gk):
            raise RuntimeError("not used")

    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
        s, c, k = SinCos.apply(d, 2)
        lines.append(f"{fwAD.unpack_dual(s).tangent!r} {fwAD.unpack_dual(c).tangent!r} {k}")
    return lines


def make_dual_identity(torch):
    fwAD = torch.autograd.forward_ad
    lines = []
    p = torch.tensor([1.0, 2.0])
    t = torch.tensor([0.5, 0.25])
    with fwAD.dual_level():
        d = fwAD.make_dual(p, t)
        u = fwAD.unpack_dual(d)
        lines.append(f"{u.tangent is t} {u.primal is p} {type(u).__name__}")
        lines.append(repr(d))
        lines.append(_err(lambda: fwAD.make_dual(p, torch.ones(3))))
        lines.append(_err(lambda: fwAD.make_dual(p, torch.ones(2, dtype=torch.float64))))
        lines.append(_err(lambda: fwAD.make_dual(torch.tensor([1, 2]), torch.ones(2))))
    return lines


def functional_docstrings(torch):
    F = torch.autograd.functional
    lines = []

    def exp_reducer(x):
        return x.exp().sum(dim=1)

    inputs = torch.tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]])
    v = torch.ones(4, 2)
    lines.append(repr(F.jvp(exp_reducer, inputs, v)))
    lines.append(repr(F.jvp(exp_reducer, inputs, v, create_graph=True)))

    def adder(x, y):
        return 2 * x + 3 * y

    inputs = (torch.tensor([0.1, 0.2]), torch.tensor([0.3, 0.4]))
    v = (torch.ones(2), torch.ones(2))
    lines.append(repr(F.jvp(adder, inputs, v)))
    lines.append(repr(F.vjp(exp_reducer, torch.tensor([[0.1, 0.2], [0.3, 0.4]]), torch.ones(2), create_graph=True)))
    return lines


def saved_tensors_hooks_tutorial(torch):
    lines = []

    def pack_hook(x):
        lines.append(f"Packing {x!r}")
        return x

    def unpack_hook(x):
        lines.append(f"Unpacking {x!r}")
        return x

    a = torch.ones(5, requires_grad=True)
    b = torch.ones(5, requires_grad=True) * 2
    with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
        y = a.pow(2) + b.sin()
    y.sum().backward()
    lines.append(repr(a.grad))

    x = torch.tensor([0.5, 1.5], requires_grad=True)
    y = x.pow(2)
    lines.append(f"{y.grad_fn._saved_self.tolist() == x.tolist()}")
    y = x.exp()
    lines.append(f"{y.grad_fn._saved_result.tolist() == y.tolist()} {y.grad_fn._saved_result is y}")

    # what pack returns is kept; unpack gets it back and its tensor is used
    store = {}

    def pack(t):
        store[len(store)] = t * 2
        return len(store) - 1

    def unpack(k):
        lines.append(f"unpack {k}")
        return store[k]

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = x.sin()
        z = (x * x).sum()
    y.sum().backward()
    lines.append(repr(x.grad))
    x.grad = None
    z.backward()
    lines.append(repr(x.grad))

    class Sq(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * g * x

    x = torch.tensor([3.0], requires_grad=True)
    with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = Sq.apply(x)
    y.backward()
    lines.append(repr(x.grad))

    with torch.autograd.graph.save_on_cpu():
        y = (x * x).sum()
    x.grad = None
    y.backward()
    lines.append(repr(x.grad))

    def bad_unpack(k):
        return 1

    with torch.autograd.graph.saved_tensors_hooks(pack, bad_unpack):
        y = x.sin().sum()
    lines.append(_err(y.backward))

    def enter():
        with torch.autograd.graph.disable_saved_tensors_hooks("hooks are off here"):
            with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
                pass

    lines.append(_err(enter))
    y = x.exp()
    torch.autograd.graph.increment_version(x)
    lines.append(f"{x._version} {isinstance(y.grad_fn, torch.autograd.graph.Node)} {y.grad_fn.name()}")
    w = x.detach() * 1
    y = w.exp()
    torch.autograd.graph.increment_version(y)
    lines.append(_err(lambda: y.sum().backward()).split(" Hint")[0])
    return lines


CASES = [
    tutorial_double_backward,
    mixed_inputs_and_outputs,
    non_differentiable_and_materialize,
    dirty_setup_context_once,
    validation_messages,
    forward_mode_jvp_only,
    make_dual_identity,
    functional_docstrings,
    saved_tensors_hooks_tutorial,
]
