"""``vmap`` runs each operation once on the whole batch (``ferrograd._batched``).

Every case compares ``vmap(f)`` with ``f`` applied to each example and the results stacked,
and checks which ops ran through a batching rule (none of the per-example fallback) and which
fell back. Shapes and data are random (seeded): batched and unbatched operands of different
ranks, negative dims, in_dims other than 0. The printing and error messages are PyTorch 2.15's.
"""

import builtins
import itertools

import pytest

import ferrograd as torch
import ferrograd.nn.functional as F
from ferrograd import _batched
from ferrograd.func import grad, grad_and_value, hessian, jacfwd, jacrev, jvp, vjp, vmap

B = 3


def per_example(fn, args, in_dims):
    """``fn`` on each example, the results stacked (the meaning of vmap)."""
    outs = []
    for b in range(B):
        ex = [a if d is None else a.select(d, b) for a, d in zip(args, in_dims)]
        outs.append(fn(*ex))
    if isinstance(outs[0], tuple):
        return tuple(torch.stack([o[i] for o in outs]) for i in range(len(outs[0])))
    return torch.stack(outs)


def same(got, want, tol=1e-12):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w, tol)
        return
    assert tuple(got.shape) == tuple(want.shape), (got.shape, want.shape)
    assert got.dtype == want.dtype
    if want.is_floating_point():
        assert torch.allclose(got, want, rtol=tol, atol=tol, equal_nan=True), (got, want)
    else:
        assert torch.equal(got, want), (got, want)


def check(fn, *args, in_dims=0, batched=True, tol=1e-12):
    """vmap(fn) equals the per-example results; ``batched``: no op fell back."""
    dims = in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(args)
    try:
        want = per_example(fn, args, dims)
    except Exception as e:  # an example the op refuses: the batch is refused the same way
        with pytest.raises(type(e)):
            vmap(fn, in_dims=dims)(*args)
        return None
    before = _batched.fallback_count()
    got = vmap(fn, in_dims=dims)(*args)
    same(got, want, tol)
    if batched:
        assert _batched.fallback_count() == before, "an op ran once per example"
    return got


torch.manual_seed(0)


def r(*shape):
    return torch.randn(*shape, dtype=torch.float64)


UNARY = [name for name, functional_only, _ in torch._C._unary_ops if not functional_only]


@pytest.mark.parametrize("name", UNARY)
def test_every_unary_row_runs_once(name):
    x = r(B, 2, 3).abs() * 0.5 + 0.1  # inside every row's domain
    check(getattr(torch, name), x)
    check(lambda v: getattr(v, name)(), x, in_dims=2)


@pytest.mark.parametrize("name", sorted(torch._C._binary_ops))
def test_every_binary_row_broadcasts_against_the_batch(name):
    op = getattr(torch, name)
    a, b = r(B, 4).abs() + 0.5, r(B, 2, 4).abs() + 0.5
    check(op, a, b)  # examples of different ranks
    check(op, a, r(2, 4).abs() + 0.5, in_dims=(0, None))
    check(op, r(4).abs() + 0.5, b, in_dims=(None, 0))
    check(op, a, b.permute(1, 2, 0), in_dims=(0, 2))


OPERATORS = [
    lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b,
    lambda a, b: a ** 2 + b, lambda a, b: 2.0 - a * b, lambda a, b: 1.0 / (b.abs() + 1),
    lambda a, b: a @ b.t(), lambda a, b: -a + abs(b), lambda a, b: (a > b) | (a < 0),
    lambda a, b: torch.where(a > b, a, b), lambda a, b: a.clamp(-0.5, 0.5) * b.sigmoid(),
    lambda a, b: torch.maximum(a, b).exp(), lambda a, b: a.masked_fill(b > 0, 7.0),
]


@pytest.mark.parametrize("k", range(len(OPERATORS)))
def test_operators_and_elementwise_functions(k):
    fn = OPERATORS[k]
    check(fn, r(B, 2, 3), r(B, 2, 3))
    check(fn, r(B, 2, 3), r(2, 3), in_dims=(0, None))
    check(fn, r(2, 3), r(2, 3, B), in_dims=(None, 2))


REDUCTIONS = [
    lambda x: x.sum(), lambda x: x.sum(0), lambda x: x.sum(-1, keepdim=True),
    lambda x: x.sum((0, 2)), lambda x: x.mean(dim=1), lambda x: x.mean(),
    lambda x: x.amax(-2), lambda x: x.max(), lambda x: x.min(), lambda x: x.argmax(),
    lambda x: x.argmax(1), lambda x: x.std(), lambda x: x.var(0, unbiased=False),
    lambda x: x.logsumexp(-1), lambda x: x.softmax(-1), lambda x: x.log_softmax(0),
    lambda x: torch.softmax(x, 1), lambda x: F.softmax(x, dim=-1), lambda x: F.log_softmax(x, 2),
    lambda x: x.cumsum(1), lambda x: x.norm(), lambda x: x.norm(1, dim=-1),
    lambda x: x.prod(2), lambda x: torch.sum(x, dim=(1, -1)), lambda x: x.max(1).values,
    lambda x: x.max(-1)[1], lambda x: torch.linalg.vector_norm(x, 3, dim=0),
    lambda x: F.normalize(x), lambda x: (x > 0).all(), lambda x: (x > 0).any(-1),
]


@pytest.mark.parametrize("k", range(len(REDUCTIONS)))
def test_reductions_move_their_dims_past_the_batch(k):
    check(REDUCTIONS[k], r(B, 2, 3, 4))
    check(REDUCTIONS[k], r(2, 3, B, 4), in_dims=2)


VIEWS = [
    lambda x: x.view(6, 4), lambda x: x.reshape(-1), lambda x: x.view(2, -1, 2),
    lambda x: x.transpose(0, 2), lambda x: x.permute(2, 0, 1), lambda x: x.unsqueeze(-1),
    lambda x: x.unsqueeze(0).squeeze(0), lambda x: x.flatten(1), lambda x: x.flatten(),
    lambda x: x.movedim(0, -1), lambda x: x.select(1, 2), lambda x: x.narrow(2, 1, 2),
    lambda x: x[0], lambda x: x[:, 1:], lambda x: x[..., None, ::2], lambda x: x[1, :, -1],
    lambda x: x.mT, lambda x: x[0].t(), lambda x: x[0].T, lambda x: x.T,
    lambda x: x[:, :1].expand(2, 3, 4), lambda x: x[0].expand(5, 3, 4),
    lambda x: x.expand_as(torch.zeros(2, 3, 4)), lambda x: x.view_as(torch.zeros(4, 6)),
    lambda x: x.contiguous().clone(), lambda x: x.split(2, dim=-1)[1], lambda x: x.chunk(3, 1)[2],
    lambda x: x.unbind(1)[0], lambda x: x.swapaxes(0, 1), lambda x: x.squeeze(),
    lambda x: torch.cat([x, x * 2], 1), lambda x: torch.stack([x, torch.ones(2, 3, 4)], -1),
    lambda x: torch.cat([torch.zeros(2, 3, 1), x], dim=-1),
]


IDX = torch.tensor([2, 0, 2])
MASK = torch.tensor([True, False, True])
INDEXING = [
    # (function, runs once on the batch)
    (lambda x: x[IDX], True), (lambda x: x[:, IDX], True), (lambda x: x[..., [3, 0]], True),
    (lambda x: x[IDX, 1], True), (lambda x: x[1, IDX], True), (lambda x: x[MASK], True),
    (lambda x: x[:, MASK], True), (lambda x: x[None, IDX, :2], True),
    (lambda x: x[IDX.view(3, 1), torch.tensor([0, 1, 2])], True),
    (lambda x: x[x > 0], False),  # a batched mask: per example
    # advanced indices separated by a slice put their dimension first: per example
    (lambda x: x[IDX, :, torch.tensor([0, 1, 3])], False), (lambda x: x[IDX, :, 0], False),
]


@pytest.mark.parametrize("k", range(len(INDEXING)))
def test_indexing_with_unbatched_tensors_runs_once(k):
    fn, once = INDEXING[k]
    check(fn, r(B, 3, 3, 4) if k != 8 else r(B, 3, 3), batched=once)


def test_setitem_with_a_tensor_index_runs_per_example():
    def f(x):
        y = x.clone()
        y[IDX] = 0.0
        return y

    check(f, r(B, 3, 2), batched=False)


@pytest.mark.parametrize("k", range(len(VIEWS)))
def test_views_and_shape_ops(k):
    check(VIEWS[k], r(B, 2, 3, 4))
    check(VIEWS[k], r(2, B, 3, 4), in_dims=1)


RANKS = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 2), (2, 3), (1, 3), (3, 1), (3, 3)]


@pytest.mark.parametrize("ra,rb", RANKS)
def test_matmul_of_every_rank_pair(ra, rb):
    sa = {1: (4,), 2: (5, 4), 3: (2, 5, 4)}[ra]
    sb = {1: (4,), 2: (4, 6), 3: (2, 4, 6)}[rb]
    check(torch.matmul, r(B, *sa), r(B, *sb))
    check(torch.matmul, r(B, *sa), r(*sb), in_dims=(0, None))
    check(torch.matmul, r(*sa), r(B, *sb), in_dims=(None, 0))
    check(lambda a, b: a @ b, r(*sa), r(*sb, B), in_dims=(None, -1))


def test_named_products():
    check(torch.mm, r(B, 2, 3), r(3, 4), in_dims=(0, None))
    check(torch.mv, r(B, 2, 3), r(B, 3))
    check(torch.dot, r(B, 3), r(3), in_dims=(0, None))
    check(torch.bmm, r(B, 2, 2, 3), r(B, 2, 3, 4))
    w, bias = r(5, 3), r(5)
    check(lambda x: F.linear(x, w, bias), r(B, 2, 3))
    check(lambda x, w: F.linear(x, w), r(2, 3), r(B, 5, 3), in_dims=(None, 0))
    check(F.linear, r(B, 2, 3), r(B, 5, 3), r(B, 5))
    check(lambda x: torch.nn.functional.linear(x, w, bias).relu().sum(), r(B, 3))


def test_losses_reduce_per_example():
    logits, target = r(B, 4, 5), torch.randint(0, 5, (B, 4))
    target[1, 2] = -100
    for reduction in ("mean", "sum", "none"):
        check(lambda x, t: F.cross_entropy(x, t, reduction=reduction), logits, target)
        check(lambda x, t: F.nll_loss(x.log_softmax(-1), t, reduction=reduction), logits, target)
        check(lambda x, t: F.mse_loss(x, t, reduction=reduction), logits, r(B, 4, 5))
        check(lambda x, t: F.l1_loss(x, t, reduction=reduction), logits, r(4, 5), in_dims=(0, None))
    check(lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), logits, target)
    check(lambda x, t: F.cross_entropy(x, t, ignore_index=1), logits, target.clamp(min=0))
    check(lambda x, t: F.cross_entropy(x, t), r(B, 5), torch.randint(0, 5, (B,)))
    # class weights and probability targets run once per example
    check(lambda x, t: F.cross_entropy(x, t, weight=torch.ones(5)), logits, target, batched=False)
    check(lambda x, t: F.cross_entropy(x, t), logits, r(B, 4, 5).softmax(-1), batched=False)


def test_modules_run_once():
    torch.manual_seed(1)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2), torch.nn.ReLU())
    net = net.double()
    check(net, r(B, 3), tol=1e-12)
    check(net, r(B, 5, 3), tol=1e-12)


def test_ops_without_a_rule_run_once_per_example():
    x = r(B, 3, 3)
    check(lambda v: torch.linalg.inv(v + 3 * torch.eye(3, dtype=torch.float64)), x, batched=False)
    check(lambda v: v.diagonal(), x, batched=False)
    check(lambda v: v.sort(-1).values, x, batched=False)
    check(lambda v: v[v[:, 0].argmax()], x, batched=False)  # a batched index


def test_in_place_ops_on_batched_tensors():
    x = r(B, 2, 3)

    def f(v):
        v = v.clone()
        v.add_(1.0)
        v.mul_(torch.ones(3) * 2)
        v[0] = v[1]
        v[:, 0] = 5.0
        v += v
        return v

    check(f, x)


def _iadd(x, y):
    x += y
    return x


def _setitem(x, y):
    x[0] = y[1]
    return x


@pytest.mark.parametrize("call,message", [
    (lambda y: torch.zeros(3).mul_(y), "inplace"),
    (lambda y: torch.zeros(3).copy_(y), "inplace"),
    (lambda y: torch.zeros(3).add_(y), "output with shape [3] doesn't match the broadcast shape [2, 3]"),
    (lambda y: _iadd(torch.zeros(3), y), "output with shape [3] doesn't match the broadcast shape [2, 3]"),
    (lambda y: _setitem(torch.zeros(3), y), "inplace"),
])
def test_writing_a_batch_into_an_unbatched_tensor_raises_pytorchs_error(call, message):
    if message == "inplace":
        message = _batched._INPLACE
    with pytest.raises(RuntimeError) as info:
        vmap(call)(torch.ones(2, 3))
    assert str(info.value) == message


def test_printing_matches_pytorch():
    seen = []
    vmap(lambda x: seen.append(repr(x)) or x)(torch.ones(2, 2))
    vmap(vmap(lambda x: seen.append(str(x)) or x))(torch.ones(2, 2))
    assert seen[0] == "BatchedTensor(lvl=1, bdim=0, value=\n    tensor([[1., 1.],\n            [1., 1.]])\n)"
    assert seen[1] == (
        "BatchedTensor(lvl=2, bdim=0, value=\n    BatchedTensor(lvl=1, bdim=0, value=\n"
        "        tensor([[1., 1.],\n                [1., 1.]])\n    )\n)"
    )


def test_an_example_looks_like_a_tensor():
    def f(x):
        assert isinstance(x, torch.Tensor)
        assert x.shape == torch.Size([3]) and x.dim() == 1 and x.numel() == 3 and len(x) == 3
        assert x.size(0) == 3 and x.size() == (3,) and x.ndim == 1
        assert x.dtype == torch.float64 and x.is_floating_point() and not x.requires_grad
        assert [tuple(v.shape) for v in x] == [(), (), ()]
        return x

    vmap(f)(r(2, 3))


@pytest.mark.parametrize("call,kind", [
    (lambda x: x.sum().item(), "item"), (lambda x: float(x.sum()), "flow"),
    (lambda x: x if x.sum() > 0 else -x, "flow"), (lambda x: x.tolist(), "item"),
])
def test_data_dependent_python_raises(call, kind):
    with pytest.raises(RuntimeError) as info:
        vmap(call)(r(2, 3))
    assert str(info.value) == (_batched._ITEM if kind == "item" else _batched._CONTROL_FLOW)
    # an unbatched tensor's item() works inside vmap, as in PyTorch
    assert vmap(lambda x: x * torch.tensor(2.0).item())(torch.ones(2)).tolist() == [2.0, 2.0]


def test_unbatched_outputs_are_expanded_views():
    out = vmap(lambda x: torch.ones(2))(torch.ones(3, 1))
    assert tuple(out.shape) == (3, 2) and out.stride() == (0, 1)


def test_randomness():
    torch.manual_seed(0)
    d = vmap(lambda x: x + torch.randn(4), randomness="different")(torch.zeros(B, 4))
    assert not torch.equal(d[0], d[1])
    torch.manual_seed(0)
    assert torch.equal(d, torch.randn(B, 4))  # one draw of the whole batch, as PyTorch draws it
    s = vmap(lambda x: x + torch.randn(4), randomness="same")(torch.zeros(B, 4))
    assert torch.equal(s[0], s[2])
    p = vmap(lambda x: F.dropout(x, 0.5), randomness="same")(torch.ones(B, 50))
    assert torch.equal(p[0] == 0, p[1] == 0)
    p = vmap(lambda x: F.dropout(x, 0.5), randomness="different")(torch.ones(B, 50))
    assert not torch.equal(p[0] == 0, p[1] == 0)
    k = vmap(lambda x: torch.randint(0, 1000, (8,)) + x, randomness="different")(torch.zeros(B, 8, dtype=torch.int64))
    assert not torch.equal(k[0], k[1])
    for f in (lambda x: x + torch.randn(4), lambda x: F.dropout(x, 0.5), lambda x: torch.rand_like(x)):
        with pytest.raises(RuntimeError) as info:
            vmap(f)(torch.zeros(B, 4))
        assert str(info.value) == _batched.RANDOM_ERROR


def shared_loss(w, x, t):
    return ((x @ w).tanh() - t).pow(2).sum() + w.pow(2).sum() * 0.1


def test_per_example_gradients_of_shared_and_batched_inputs():
    w, xs, ts = r(3, 2), r(B, 4, 3), r(B, 4, 2)
    for argnums in (0, 1, (0, 1)):
        check(grad(shared_loss, argnums=argnums), w, xs, ts, in_dims=(None, 0, 0))
    check(lambda w, x, t: grad_and_value(shared_loss)(w, x, t)[1], w, xs, ts, in_dims=(None, 0, 0))
    ws = r(B, 3, 2)
    check(grad(shared_loss), ws, xs[0], ts[0], in_dims=(0, None, None))


def test_transforms_compose_with_the_batch():
    x = r(B, 3)

    def f(v):
        return v.sin() * v.sum() + v.pow(3)

    check(jacrev(f), x)
    check(jacfwd(f), x)
    check(hessian(lambda v: f(v).sum()), x)
    check(grad(grad(lambda v: (v.sin() * v).sum()) and (lambda v: grad(lambda u: (u.sin() * u).sum())(v).sum())), x)
    check(lambda v: jvp(f, (v,), (torch.ones(3, dtype=torch.float64),))[1], x)
    check(lambda v, c: vjp(f, v)[1](c)[0], x, r(B, 3))
    check(vmap(f), r(B, 2, 3))
    check(vmap(lambda a, b: a * b, in_dims=(None, 0)), r(B, 3), r(2, 3), in_dims=(0, None))
    # gradients through a vmap
    x = r(B, 3).requires_grad_()
    vmap(lambda v: f(v).sum())(x).sum().backward()
    w = x.detach().requires_grad_()
    per_example(lambda v: f(v).sum(), (w,), (0,)).sum().backward()
    same(x.grad, w.grad)


def test_per_sample_gradients_of_an_mlp_run_without_fallback():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3)).double()
    params = {k: v.detach() for k, v in model.named_parameters()}
    x, y = r(4, 6), torch.randint(0, 3, (4,))

    def loss(p, xi, yi):
        out = torch.func.functional_call(model, p, (xi.unsqueeze(0),))
        return F.cross_entropy(out, yi.unsqueeze(0))

    before = _batched.fallback_count()
    g = vmap(grad(loss), in_dims=(None, 0, 0))(params, x, y)
    assert _batched.fallback_count() == before
    for b in range(4):
        gb = grad(loss)(params, x[b], y[b])
        for k in params:
            same(g[k][b], gb[k])


# PyTorch 2.15, the neural tangent kernel tutorial's two methods on this CNN (float64, seed 0)
NTK_R1_0_1 = [[1.9799318579289187, 0.25900678106900765, 0.006999968189899097],
              [-0.004769276804343817, 0.9703536638139446, 0.2628094018832202],
              [-0.5089544144772322, 0.03522190693958746, 2.690867780865591]]
NTK_R2_3_0 = [[0.8867242954372481, -0.4744354190398965, 0.128935858438393],
              [-0.1994883957877917, 1.1092063681237496, 0.21876359484162558],
              [0.030854406216658366, 0.12566483072191334, 1.386258127700697]]
NTK_SUM = 51.07078533423875


def test_neural_tangent_kernels_as_pytorch_computes_them():
    from ferrograd.func import functional_call
    nn = torch.nn

    class CNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 4, (3, 3))
            self.fc = nn.Linear(4 * 2 * 2, 3)

        def forward(self, x):
            return self.fc(self.conv1(x).relu().flatten(1))

    torch.manual_seed(0)
    x_train = torch.randn(5, 3, 4, 4, dtype=torch.float64)
    x_test = torch.randn(2, 3, 4, 4, dtype=torch.float64)
    net = CNN().double()
    params = {k: v.detach() for k, v in net.named_parameters()}

    def fnet_single(params, x):
        return functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)

    # Jacobian contraction: vmap of jacrev, then einsum
    jac1 = [j.flatten(2) for j in vmap(jacrev(fnet_single), (None, 0))(params, x_train).values()]
    jac2 = [j.flatten(2) for j in vmap(jacrev(fnet_single), (None, 0))(params, x_test).values()]
    r1 = torch.stack([torch.einsum("Naf,Mbf->NMab", a, b) for a, b in zip(jac1, jac2)]).sum(0)

    # NTK-vector products: vjp of a batch of basis vectors, jvp back, under two nested vmaps
    def get_ntk(x1, x2):
        output, vjp_fn = vjp(lambda p: fnet_single(p, x1), params)

        def get_ntk_slice(vec):
            return jvp(lambda p: fnet_single(p, x2), (params,), vjp_fn(vec))[1]

        basis = torch.eye(output.numel(), dtype=output.dtype).view(output.numel(), -1)
        return vmap(get_ntk_slice)(basis)

    r2 = vmap(vmap(get_ntk, (None, 0)), (0, None))(x_train, x_test)
    assert tuple(r1.shape) == tuple(r2.shape) == (5, 2, 3, 3)
    same(r1[0, 1], torch.tensor(NTK_R1_0_1, dtype=torch.float64), 1e-12)
    same(r2[3, 0], torch.tensor(NTK_R2_3_0, dtype=torch.float64), 1e-12)
    assert abs(r1.sum().item() - NTK_SUM) < 1e-10 and abs(r2.sum().item() - NTK_SUM) < 1e-10


def test_gradients_of_a_function_closing_over_a_batched_tensor_are_per_example():
    # the vjp is taken outside the vmap of the cotangents; the outputs reach the batch only
    # through x, which the function closes over
    w, xs = r(3), r(B, 3)

    def f(x):
        out, fn = vjp(lambda w: (w * x).sin(), w)
        return fn(torch.ones(3, dtype=torch.float64))[0]

    check(f, xs)


def test_convolutions_run_as_one_convolution():
    x, w, b = r(B, 2, 4, 6, 6), r(5, 4, 3, 3), r(5)
    check(lambda x: F.conv2d(x, w, b, padding=1), x)
    check(lambda x: F.conv2d(x, w, stride=2), x[:, 0])  # one image without N
    check(F.conv2d, x, r(B, 5, 4, 3, 3), r(B, 5))  # per-example weights: a grouped convolution
    check(lambda w, b: F.conv2d(x[0], w, b, dilation=2), r(B, 5, 4, 3, 3), r(B, 5))
    check(lambda x, w: F.conv2d(x, w, groups=2), x, r(B, 6, 2, 3, 3))
    w1 = r(3, 4, 2)
    check(lambda x: F.conv1d(x, w1), r(B, 2, 4, 7))
    conv = torch.nn.Conv2d(4, 3, 3).double()
    check(conv, x)


def test_pooling_runs_once():
    x = r(B, 2, 3, 6, 6)
    check(lambda v: F.max_pool2d(v, 2), x)
    check(lambda v: F.max_pool2d(v, 3, stride=2, padding=1, return_indices=True), x)
    check(lambda v: F.avg_pool2d(v, 2), x[:, 0])
    check(lambda v: F.adaptive_avg_pool2d(v, (2, 3)), x)
    check(lambda v: F.max_pool1d(v, 2), r(B, 2, 3, 8))


def test_per_sample_gradients_of_a_cnn_run_without_fallback():
    # the torch.func tutorial's model, smaller
    torch.manual_seed(0)

    class CNN(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = torch.nn.Conv2d(1, 4, 3, 1)
            self.conv2 = torch.nn.Conv2d(4, 6, 3, 1)
            self.fc = torch.nn.Linear(6 * 2 * 2, 3)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)
            return F.log_softmax(self.fc(torch.flatten(x, 1)), dim=1)

    model = CNN().double()
    params = {k: v.detach() for k, v in model.named_parameters()}
    data, targets = r(5, 1, 8, 8), torch.randint(3, (5,))

    def compute_loss(params, sample, target):
        out = torch.func.functional_call(model, params, (sample.unsqueeze(0),))
        return F.nll_loss(out, target.unsqueeze(0))

    before = _batched.fallback_count()
    g = vmap(grad(compute_loss), in_dims=(None, 0, 0))(params, data, targets)
    assert _batched.fallback_count() == before
    for i in range(5):
        model.zero_grad()
        F.nll_loss(model(data[i].unsqueeze(0)), targets[i].unsqueeze(0)).backward()
        for k, p in model.named_parameters():
            same(g[k][i], p.grad)


def test_chunks_give_the_same_results():
    x, w = r(7, 3), r(3)
    for chunk in (1, 2, 3, 7, 10):
        got = vmap(lambda v: (v * w).sum(), chunk_size=chunk)(x)
        same(got, (x * w).sum(1))
        g = vmap(grad(lambda w, v: (v * w).sin().sum()), in_dims=(None, 0), chunk_size=chunk)(w, x)
        same(g, (x * w).cos() * x)
        out = vmap(lambda v: (v.t(), torch.ones(2)), in_dims=1, out_dims=(1, None), chunk_size=chunk)(x.t())
        same(out[0], x.t()) and same(out[1], torch.ones(2))
    assert torch.vmap is vmap


def test_einsum_gets_one_more_subscript():
    a, b = r(B, 2, 3), r(B, 3, 4)
    check(lambda x, y: torch.einsum("ij,jk->ik", x, y), a, b)
    check(lambda x, y: torch.einsum("ij,jk->ik", x, y), a, r(3, 4), in_dims=(0, None))
    check(lambda x, y: torch.einsum("ij,jk->ik", [x, y]), r(2, 3), b, in_dims=(None, 0))
    check(lambda x: torch.einsum("...ij->...ji", x), r(B, 5, 2, 3))
    check(lambda x, y: torch.einsum("i,i->", x, y), r(B, 3), r(B, 3))
    # an implicit output: the subscripts that occur once, alphabetically
    check(lambda x, y: torch.einsum("ij,jk", x, y), a, b)
    check(lambda x, y: torch.einsum("ba,cb", x, y), a, r(B, 4, 2))
    check(lambda x: torch.einsum("ii", x), r(B, 3, 3))
    check(lambda x: torch.einsum("ij", x), a, in_dims=0)
    check(lambda x: torch.einsum("ji", x), a)
    # with an ellipsis and no output it runs once per example
    check(lambda x: torch.einsum("...j", x), a, batched=False)


def test_sorting_moves_its_dim_past_the_batch():
    x = r(B, 4, 5)
    for fn in (lambda t: torch.sort(t), lambda t: t.sort(0, True), lambda t: torch.sort(t, dim=1, descending=True),
               lambda t: torch.argsort(t), lambda t: t.argsort(dim=0), lambda t: torch.topk(t, 2),
               lambda t: t.topk(3, dim=0, largest=False), lambda t: torch.kthvalue(t, 2),
               lambda t: t.kthvalue(1, 0)):
        check(fn, x)


def test_batch_norm_runs_once_in_evaluation_and_without_running_stats():
    x = r(B, 4, 5, 6, 6)
    rm, rv = r(5), r(5).abs() + 0.5
    w, b = r(5), r(5)
    check(lambda t: F.batch_norm(t, rm, rv, w, b, False), x)
    check(lambda t: F.batch_norm(t, None, None, w, b, True), x)
    check(lambda t: F.batch_norm(t, None, None, w, b, True), r(B, 4, 5))
    check(lambda t: F.batch_norm(t, rm, rv, None, None, False), r(B, 4, 5))
    # an ensemble's weights: per example after the normalisation
    check(lambda t, ww, bb: F.batch_norm(t, rm, rv, ww, bb, False), x, r(B, 5), r(B, 5))
    check(lambda t, ww: F.batch_norm(t, None, None, ww, None, True), x, r(B, 5))
    # training with unbatched running statistics: PyTorch 2.15's error
    with pytest.raises(RuntimeError) as info:
        vmap(lambda t: F.batch_norm(t, rm, rv, w, b, True))(x)
    assert str(info.value).startswith(
        "Batch norm got a batched tensor as input while the running_mean or running_var, which "
        "will be updated in place, were not batched.\nIf you are using a module and do not need "
        "eval mode, please set `track_running_stats` to be False."
    )
    # batched running statistics: once per example
    check(lambda t, m, v: F.batch_norm(t, m, v, w, b, True), x, r(B, 5), r(B, 5).abs() + 0.5,
          batched=False)


def test_per_sample_gradients_through_a_batch_norm_model():
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3), torch.nn.ReLU(),
                                torch.nn.Flatten(), torch.nn.Linear(12, 2)).double()
    torch.func.replace_all_batch_norm_modules_(model)
    params = {k: v.detach() for k, v in model.named_parameters()}
    x, y = r(B, 4, 2, 4, 4), torch.randint(0, 2, (B, 4))

    def loss(p, xb, yb):
        return F.cross_entropy(torch.func.functional_call(model, p, (xb,)), yb)

    before = _batched.fallback_count()
    got = vmap(torch.func.grad(loss), in_dims=(None, 0, 0))(params, x, y)
    assert _batched.fallback_count() == before
    for i in range(B):
        want = torch.func.grad(loss)(params, x[i], y[i])
        for k in params:
            assert torch.allclose(got[k][i], want[k], atol=1e-12)


def test_a_plain_tensor_with_a_batched_0_dim_operand_as_pytorch():
    # `torch.zeros(2) + t` under vmap, t with 0-dim examples: the batched operand is a tensor
    # (it used to be read as a number through its .item(), which vmap refuses)
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded(
        "vmap_plain_with_batched_scalar_script.py", "vmap_plain_with_batched_scalar.out"
    )
