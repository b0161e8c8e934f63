"""Custom autograd Functions inside ``torch.func`` transforms, as PyTorch 2.15 behaves (the
messages were recorded from it): ``setup_context`` is required under every transform, vmap needs
``generate_vmap_rule = True`` or a ``vmap`` staticmethod (not both), and a ``vmap`` rule gets
``info``, ``in_dims`` and batched arguments and returns ``(output, out_dims)``."""

import pytest

import ferrograd as torch
from ferrograd.func import grad, jacrev, jvp, vjp, vmap

EXTENDING = "For more details, please see https://pytorch.org/docs/main/notes/extending.func.html"
NEEDS_SETUP_CONTEXT = (
    "In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, ...), "
    "it must override the setup_context staticmethod. " + EXTENDING
)


class OldStyle(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.sin()

    @staticmethod
    def backward(ctx, g):
        return g


class Sin(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x.sin()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, g):
        return g * ctx.saved_tensors[0].cos()


class GeneratedSin(Sin):
    generate_vmap_rule = True


class Both(Sin):
    generate_vmap_rule = True

    @staticmethod
    def vmap(info, in_dims, x):
        return x, 0


SEEN = []


class RuledScale(torch.autograd.Function):
    """x * k with its own vmap rule (which records what it was given)."""

    @staticmethod
    def forward(x, k):
        return x * k

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.k = inputs[1]

    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None

    @staticmethod
    def vmap(info, in_dims, x, k):
        SEEN.append((info.batch_size, info.randomness, in_dims, tuple(x.shape), k))
        return RuledScale.apply(x, k), in_dims[0]


def x23():
    return torch.arange(6.0, dtype=torch.float64).reshape(2, 3)


@pytest.mark.parametrize("transform", [
    lambda: grad(lambda v: OldStyle.apply(v).sum())(x23()[0]),
    lambda: jvp(OldStyle.apply, (x23(),), (x23(),)),
    lambda: vjp(OldStyle.apply, x23()),
    lambda: jacrev(OldStyle.apply)(x23()[0]),
    lambda: vmap(OldStyle.apply)(x23()),
], ids=["grad", "jvp", "vjp", "jacrev", "vmap"])
def test_transforms_need_setup_context(transform):
    with pytest.raises(RuntimeError) as e:
        transform()
    assert str(e.value) == NEEDS_SETUP_CONTEXT


def test_old_style_functions_still_work_outside_transforms():
    x = x23().requires_grad_()
    OldStyle.apply(x).sum().backward()
    assert torch.equal(x.grad, torch.ones(2, 3, dtype=torch.float64))


def test_vmap_needs_a_rule():
    with pytest.raises(RuntimeError) as e:
        vmap(Sin.apply)(x23())
    assert str(e.value) == (
        "You tried to vmap over Sin, but it does not have vmap support. Please override and "
        "implement the vmap staticmethod or set generate_vmap_rule=True. " + EXTENDING
    )
    with pytest.raises(RuntimeError) as e:
        vmap(Both.apply)(x23())
    assert str(e.value) == (
        "You tried to vmap over Both, but it has both generate_vmap_rule=True and an overridden "
        "vmap staticmethod. Please set generate_vmap_rule=False or delete the overridden vmap "
        "staticmethod to avoid ambiguity. " + EXTENDING
    )
    # grad alone does not need a vmap rule
    g = grad(lambda v: Sin.apply(v).sum())(x23()[1])
    assert torch.allclose(g, x23()[1].cos(), rtol=0, atol=1e-15)


def test_generated_rule_and_vmap_of_grad():
    x = x23()
    assert torch.allclose(vmap(GeneratedSin.apply)(x), x.sin(), rtol=0, atol=1e-15)
    g = vmap(grad(lambda v: GeneratedSin.apply(v).sum()))(x)
    assert torch.allclose(g, x.cos(), rtol=0, atol=1e-15)
    # in_dims=1: example b is column b
    assert torch.allclose(vmap(GeneratedSin.apply, in_dims=1)(x), x.t().sin(), rtol=0, atol=1e-15)


def test_a_vmap_staticmethod_is_the_rule():
    SEEN.clear()
    x = x23()
    y = vmap(RuledScale.apply, in_dims=(1, None), randomness="different")(x, 3.0)
    assert torch.equal(y, x.t() * 3.0)
    # the rule runs once on the whole batch (3 columns), moved to dimension 0, outside the level
    assert SEEN == [(3, "different", (0, None), (3, 2), 3.0)]
    # and under grad: the rule's output is differentiated through the Function's backward
    SEEN.clear()
    g = vmap(grad(lambda v: RuledScale.apply(v, 2.0).sum()))(x)
    assert torch.equal(g, torch.full((2, 3), 2.0, dtype=torch.float64))
    assert [s[:2] for s in SEEN] == [(2, "error")]


def test_a_rule_must_return_output_and_out_dims():
    class Bad(Sin):
        @staticmethod
        def vmap(info, in_dims, x):
            return x.sin()

    class BadDims(Sin):
        @staticmethod
        def vmap(info, in_dims, x):
            return x.sin(), (0, 1)

    with pytest.raises(RuntimeError) as e:
        vmap(Bad.apply)(x23())
    assert str(e.value) == (
        "Expected the vmap staticmethod to have two returns, an output and out_dims with pytree "
        "structure compatible with the output. Got a <class 'ferrograd.Tensor'> instead"
    )
    with pytest.raises(RuntimeError) as e:
        vmap(BadDims.apply)(x23())
    assert str(e.value) == (
        "The autograd.Function's vmap staticmethod returned an incompatible (output, out_dims) "
        "tuple. Expected out_dims=(0, 1) to be compatible with the structure of `output`. "
        "out_dims has structure TreeSpec(tuple, None, [*,\n  *]) but output has structure *. "
        + EXTENDING
    )
