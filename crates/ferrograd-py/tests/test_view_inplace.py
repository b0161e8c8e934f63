"""In-place operations on views from Python, as PyTorch 2.15 records them (values and messages
recorded from it): ``y[0] = 5`` and ``y[:, 1] *= 4`` on a tensor in a graph give it a
``CopySlices`` node, the view an ``AsStridedBackward0`` node, and gradients flow through the
written values; ``_base`` and ``_is_view``; PyTorch's errors."""

import pytest

import ferrograd as torch


def test_setitem_on_a_tensor_in_a_graph():
    x = torch.ones(2, 3, requires_grad=True)
    y = x * 2
    y[0] = 5
    assert repr(y) == "tensor([[5., 5., 5.],\n        [2., 2., 2.]], grad_fn=<CopySlices>)"
    y[:, 1] *= 4
    assert repr(y) == "tensor([[ 5., 20.,  5.],\n        [ 2.,  8.,  2.]], grad_fn=<CopySlices>)"
    assert y.grad_fn.name() == "torch::autograd::CopySlices"
    y.sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 0.0], [2.0, 8.0, 2.0]]


def test_a_slice_multiplied_in_place():
    x = torch.ones(4, requires_grad=True)
    y = x * 2
    v = y[0:2]
    v.mul_(3)
    assert repr(y) == "tensor([6., 6., 2., 2.], grad_fn=<CopySlices>)"
    assert repr(v.grad_fn).startswith("<AsStridedBackward0 object at 0x")
    assert v._is_view() and v._base.data_ptr() == y.data_ptr()
    y.sum().backward()
    assert x.grad.tolist() == [6.0, 6.0, 2.0, 2.0]


def test_written_values_carry_their_gradient():
    x = torch.arange(1.0, 7.0).reshape(2, 3).requires_grad_()
    y = x * 1
    y[:, 1:] *= x[:, :2]
    w = y[0]
    (y * torch.arange(6.0).reshape(2, 3)).sum().backward(retain_graph=True)
    assert x.grad.tolist() == [[2.0, 7.0, 4.0], [23.0, 46.0, 25.0]]
    x.grad = None
    w.sum().backward()
    assert x.grad.tolist() == [[3.0, 4.0, 2.0], [0.0, 0.0, 0.0]]


def test_base_and_is_view():
    y = torch.zeros(2, 3)
    assert y._base is None and not y._is_view()
    assert y.t()._is_view() and not y.t().detach()._is_view()
    assert tuple(y[0][1:]._base.shape) == (2, 3)


def test_pytorchs_errors():
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError) as e:
        x[0].mul_(2)
    assert str(e.value) == (
        "a view of a leaf Variable that requires grad is being used in an in-place operation."
    )
    with torch.no_grad():
        x[0].mul_(2)
    assert x.tolist() == [2.0, 1.0, 1.0]
    y = x * 1
    with torch.no_grad():
        z = y[0]
    with pytest.raises(RuntimeError, match="A view was created in no_grad mode and is being "
                                           "modified inplace with grad mode enabled"):
        z.mul_(2)
    with pytest.raises(RuntimeError) as e:
        y[0:1].expand(3, 3).mul_(2)
    assert str(e.value) == (
        "unsupported operation: more than one element of the written-to tensor refers to a "
        "single memory location. Please clone() the tensor before performing the operation."
    )


def test_data_has_a_version_counter_of_its_own_as_pytorch():
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("data_version_script.py", "data_version.out")
