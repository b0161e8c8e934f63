"""Reference cycles through hooks and custom Function contexts are visible to Python's garbage
collector: a tensor whose hook (or whose Function's ctx) refers back to it is freed by
``gc.collect()``, as in PyTorch, and a loop creating such cycles keeps its memory flat."""

import gc
import os
import weakref

import pytest

import ferrograd as torch


def _collected(make):
    """Whether the object ``make()`` returns a weak reference to is freed by gc.collect()."""
    gc.collect()
    ref = make()
    gc.collect()
    return ref() is None


def test_leaf_whose_hook_captures_it_is_collected():
    def make():
        x = torch.ones(3, requires_grad=True)
        x.register_hook(lambda g: g + x.detach() * 0)
        return weakref.ref(x)

    assert _collected(make)


def test_hook_still_runs_while_the_tensor_is_alive():
    x = torch.ones(2, requires_grad=True)
    x.register_hook(lambda g: g * 3 + x.detach() * 0)
    gc.collect()  # the cycle is alive (x is referenced here): nothing may be cleared
    (x * 2).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]


def test_non_leaf_whose_hook_captures_it_is_collected():
    def make():
        x = torch.ones(3, requires_grad=True)
        y = x * 2
        y.register_hook(lambda g: g + y.detach() * 0)
        return weakref.ref(y)

    assert _collected(make)


def test_custom_function_ctx_holding_its_output_is_collected():
    # a ctx attribute pointing at the output, set through the forward
    class KeepOut(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            out = x * 2
            ctx.box = []
            KeepOut.last_ctx = ctx
            return out

        @staticmethod
        def backward(ctx, g):
            return g * 2

    def make_cycle():
        x = torch.ones(3, requires_grad=True)
        y = KeepOut.apply(x)
        KeepOut.last_ctx.box.append(y)
        KeepOut.last_ctx = None
        return weakref.ref(y)

    assert _collected(make_cycle)


def test_hook_of_a_tensor_the_graph_holds_survives_collection():
    # x's object is part of a cycle (x -> hook -> box -> x), but the graph of y holds x's
    # tensor too: its hook must not be reported (that would undercount the references and let
    # the collector clear a live hook). Once y goes, the cycle is collected.
    calls = []

    def make():
        x = torch.ones(2, requires_grad=True)
        box = [x]
        x.register_hook(lambda g: calls.append(len(box)) or g * 3)
        return x * 2, weakref.ref(x)

    y, ref = make()
    gc.collect()
    assert ref() is not None
    y.sum().backward()
    assert calls == [1]
    del y
    gc.collect()
    assert ref() is None


def _rss_pages():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1])


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_memory_stays_flat_over_hook_cycles():
    def step():
        x = torch.ones(256, requires_grad=True)
        x.register_hook(lambda g: g + x.detach() * 0)
        (x * 2).sum().backward()

    for _ in range(200):  # warm up allocator pools
        step()
    gc.collect()
    before = _rss_pages()
    for _ in range(5):
        for _ in range(2000):
            step()
        gc.collect()
    after = _rss_pages()
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    grown_kb = (after - before) * page_kb
    print(f"RSS before {before * page_kb} KB, after 10000 iterations {after * page_kb} KB")
    # a leak of one leaf per iteration would be > 10 MB here (256 floats + hook per step)
    assert grown_kb < 1024, f"RSS grew by {grown_kb} KB over 10000 hook cycles"
