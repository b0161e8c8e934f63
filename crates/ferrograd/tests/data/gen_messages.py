#!/usr/bin/env python3
"""Generate torch_messages.json: the exact error and warning texts PyTorch produces.

Requires PyTorch. Rerun from this directory with

    python3 gen_messages.py               # writes torch_messages.json next to this script

The output is a JSON object mapping a short key to
    {"type": "<Python exception or warning class>", "message": "<str(exception) or warning text>"}
plus a top-level "_torch_version" key naming the PyTorch version that produced it.
Each key's producing code is the function of the same name below.
"""

import json
import os
import warnings

import torch
import torch.nn.functional as F
from torch.autograd.functional import hessian, jacobian, jvp, vjp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_messages.json")

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def leaf(*shape, dtype=torch.float32):
    return torch.ones(shape, dtype=dtype, requires_grad=True)


# --- autograd -------------------------------------------------------------------------------
@case
def backward_non_scalar():
    (leaf(2) * 2).backward()


@case
def backward_twice():
    x = leaf(2)
    s = x.exp().sum()
    s.backward()
    s.backward()


@case
def autograd_grad_twice():
    x = leaf(2)
    s = x.exp().sum()
    torch.autograd.grad(s, x)
    torch.autograd.grad(s, x)


@case
def requires_grad_int64():
    torch.ones(2, dtype=torch.int64).requires_grad_()


@case
def requires_grad_int64_attribute():
    t = torch.ones(2, dtype=torch.int64)
    t.requires_grad = True


@case
def requires_grad_int64_factory():
    torch.tensor([1, 2], requires_grad=True)


@case
def requires_grad_bool():
    torch.ones(2, dtype=torch.bool).requires_grad_()


@case
def grad_of_non_leaf_warning():
    y = leaf(2) * 2
    return y.grad


@case
def retain_grad_without_requires_grad():
    torch.ones(2).retain_grad()


@case
def requires_grad_false_on_non_leaf():
    y = leaf(2) * 2
    y.requires_grad = False


@case
def requires_grad_false_on_non_leaf_method():
    y = leaf(2) * 2
    y.requires_grad_(False)


@case
def inplace_on_leaf():
    leaf(2).add_(1)


@case
def inplace_on_leaf_scalar():
    leaf().mul_(2)


def _modified_output(*shape, dtype=torch.float32):
    x = leaf(*shape, dtype=dtype)
    y = x.exp()
    y.add_(1)
    y.sum().backward()


def _modified_input(*shape, dtype=torch.float32):
    a = leaf(*shape, dtype=dtype)
    b = torch.ones(shape, dtype=dtype)
    c = a * b
    b.add_(1)
    c.sum().backward()


@case
def inplace_modified_saved_output():
    _modified_output(2)


@case
def inplace_modified_saved_output_float64():
    _modified_output(2, dtype=torch.float64)


@case
def inplace_modified_saved_output_scalar():
    _modified_output()


@case
def inplace_modified_saved_output_float64_scalar():
    _modified_output(dtype=torch.float64)


@case
def inplace_modified_saved_output_2x3():
    _modified_output(2, 3)


@case
def inplace_modified_saved_input():
    _modified_input(2)


@case
def inplace_modified_saved_input_float64():
    _modified_input(2, dtype=torch.float64)


@case
def inplace_modified_saved_input_scalar():
    _modified_input()


@case
def inplace_modified_saved_input_float64_scalar():
    _modified_input(dtype=torch.float64)


@case
def inplace_modified_saved_input_twice():
    a = leaf(2)
    b = torch.ones(2)
    c = a * b
    b.add_(1)
    b.mul_(2)
    c.sum().backward()


@case
def inplace_modified_saved_output_of_sin():
    x = leaf(2)
    y = x.sin()
    z = y * y
    y.add_(1)
    z.sum().backward()


@case
def backward_without_graph():
    torch.ones(2).sum().backward()


@case
def backward_gradient_shape_mismatch():
    (leaf(2) * 2).backward(torch.ones(3))


@case
def autograd_grad_unused_input():
    x = leaf(2)
    w = leaf(2)
    torch.autograd.grad((x * 2).sum(), [x, w])


@case
def autograd_grad_input_without_grad():
    x = leaf(2)
    torch.autograd.grad((x * 2).sum(), [torch.ones(2)])


@case
def numpy_of_requires_grad():
    leaf(2).numpy()


# --- functional API -------------------------------------------------------------------------
@case
def hessian_non_scalar():
    hessian(lambda x: x * 2, torch.ones(2))


@case
def jacobian_strict_no_grad():
    jacobian(lambda x: torch.ones(2), torch.ones(2), strict=True)


@case
def jacobian_strict_independent():
    w = leaf(2)
    jacobian(lambda x: w * 2, torch.ones(2), strict=True)


@case
def jacobian_strict_vectorize():
    jacobian(lambda x: x * 2, torch.ones(2), strict=True, vectorize=True)


@case
def vjp_strict_no_grad():
    vjp(lambda x: torch.ones(2), torch.ones(2), torch.ones(2), strict=True)


@case
def vjp_strict_independent():
    w = leaf(2)
    vjp(lambda x: w * 2, torch.ones(2), torch.ones(2), strict=True)


@case
def vjp_v_shape_mismatch():
    vjp(lambda x: x * 2, torch.ones(2), torch.ones(3))


@case
def vjp_v_missing_non_scalar():
    vjp(lambda x: x * 2, torch.ones(2))


@case
def jvp_strict_no_grad():
    jvp(lambda x: torch.ones(2), torch.ones(2), torch.ones(2), strict=True)


# --- shapes -----------------------------------------------------------------------------------
@case
def broadcast_2_and_3():
    torch.ones(2) + torch.ones(3)


@case
def broadcast_2x3_and_4x3():
    torch.ones(2, 3) + torch.ones(4, 3)


@case
def broadcast_mul_2x3_and_2():
    torch.ones(2, 3) * torch.ones(2)


@case
def mm_1x2_and_1x2():
    torch.mm(torch.ones(1, 2), torch.ones(1, 2))


@case
def mm_of_1d():
    torch.mm(torch.ones(2), torch.ones(2, 2))


@case
def matmul_2x3_and_4x5():
    torch.matmul(torch.ones(2, 3), torch.ones(4, 5))


@case
def matmul_vector_3_and_4():
    torch.matmul(torch.ones(3), torch.ones(4))


@case
def matmul_0d():
    torch.matmul(torch.tensor(1.0), torch.ones(2))


@case
def mv_2x3_and_4():
    torch.mv(torch.ones(2, 3), torch.ones(4))


@case
def dot_2_and_3():
    torch.dot(torch.ones(2), torch.ones(3))


@case
def dot_2d():
    torch.dot(torch.ones(2, 2), torch.ones(2, 2))


@case
def cat_mismatched_shapes():
    torch.cat([torch.ones(2, 3), torch.ones(2, 4)])


@case
def cat_mismatched_ranks():
    torch.cat([torch.ones(2, 3), torch.ones(3)])


@case
def cat_empty_list():
    torch.cat([])


@case
def stack_mismatched_shapes():
    torch.stack([torch.ones(2), torch.ones(3)])


@case
def view_4_of_6():
    torch.ones(6).view(4)


@case
def reshape_minus1_4_of_6():
    torch.ones(6).reshape(-1, 4)


@case
def view_two_minus1():
    torch.ones(6).view(-1, -1)


@case
def view_non_contiguous():
    torch.ones(2, 3).t().view(6)


@case
def expand_3_to_2():
    torch.ones(3).expand(2)


@case
def sum_dim_out_of_range():
    torch.ones(2, 3).sum(dim=3)


@case
def transpose_dim_out_of_range():
    torch.ones(2, 3).transpose(0, 5)


@case
def squeeze_dim_out_of_range():
    torch.ones(2, 3).squeeze(3)


@case
def unsqueeze_dim_out_of_range():
    torch.ones(2, 3).unsqueeze(5)


@case
def select_index_out_of_range():
    torch.ones(3).select(0, 5)


@case
def index_out_of_range():
    torch.ones(3)[5]


@case
def index_0d():
    torch.tensor(1.0)[0]


@case
def permute_wrong_length():
    torch.ones(2, 3).permute(0)


@case
def item_of_many():
    torch.ones(2).item()


@case
def softmax_dim_out_of_range():
    torch.ones(2, 3).softmax(dim=2)


# --- losses -----------------------------------------------------------------------------------
@case
def cross_entropy_target_out_of_range():
    F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3]))


@case
def cross_entropy_negative_target():
    F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, -5]))


@case
def cross_entropy_batch_mismatch():
    F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1, 2]))


@case
def mse_loss_size_warning():
    F.mse_loss(torch.ones(2, 1), torch.ones(2))


# --- dtypes -----------------------------------------------------------------------------------
@case
def dot_float32_float64():
    torch.dot(torch.ones(2), torch.ones(2, dtype=torch.float64))


@case
def dot_float32_int64():
    torch.dot(torch.ones(2), torch.ones(2, dtype=torch.int64))


@case
def mm_float32_float64():
    torch.mm(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64))


@case
def matmul_float32_float64():
    torch.matmul(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64))


@case
def mv_float32_float64():
    torch.mv(torch.ones(2, 2), torch.ones(2, dtype=torch.float64))


@case
def inplace_add_float_into_int64():
    torch.ones(2, dtype=torch.int64).add_(torch.ones(2))


def run(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - every exception is recorded
            return {"type": type(e).__name__, "message": str(e)}
    relevant = [w for w in caught if "torch" in str(w.filename) or "gen_messages" in str(w.filename)]
    if caught:
        w = (relevant or caught)[0]
        return {"type": w.category.__name__, "message": str(w.message)}
    raise SystemExit("{} raised nothing and warned nothing".format(fn.__name__))


def main():
    out = {"_torch_version": torch.__version__.split("+")[0]}
    for name, fn in CASES.items():
        out[name] = run(fn)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote {} messages to {} (torch {})".format(len(CASES), OUT, torch.__version__))


if __name__ == "__main__":
    main()
