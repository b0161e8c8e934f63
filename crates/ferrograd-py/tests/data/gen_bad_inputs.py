"""Writes bad_inputs.json: what PyTorch raises (exception type and message) or returns for a
broad list of bad inputs, and a few floor-division values. ``test_bad_inputs.py`` runs every
case with ferrograd and asserts the same exception type and text.

Run with a Python that has PyTorch (the JSON is committed):
    /work/torchenv/bin/python crates/ferrograd-py/tests/data/gen_bad_inputs.py
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

# Every snippet runs after this prelude; it sees ``torch``, ``F`` and ``np`` and leaves its
# result, if it has one, in ``out``.
PRELUDE = """a = torch.ones(2, 3)
b = torch.ones(3, 4)
c = torch.ones(4)
i = torch.tensor([1, 2, 3])
x = torch.ones(2, requires_grad=True)
"""

CUSTOM = """class Foo(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, v):
        return u * v
    @staticmethod
    def backward(ctx, g):
        return {ret}
y = Foo.apply(x, torch.ones(2, requires_grad=True))
y.sum().backward()
"""

BINARY = ["add", "sub", "mul", "div", "pow", "atan2", "maximum", "minimum", "eq", "lt", "ge",
          "fmod", "remainder", "hypot", "copysign", "xlogy", "fmax", "fmin", "logical_and",
          "floor_divide"]
OPERATORS = ["+", "-", "*", "/", "**", "==", "<", ">=", "//", "%"]

CASES = [
    # ---- creation ----------------------------------------------------------------------
    ("tensor_none_in_list", "torch.tensor([1, None])"),
    ("tensor_none", "torch.tensor(None)"),
    ("tensor_none_nested", "torch.tensor([[1.0], [None]])"),
    ("tensor_ragged", "torch.tensor([[1, 2], [3]])"),
    ("tensor_ragged_scalar", "torch.tensor([[1, 2], 3])"),
    ("tensor_ragged_first_scalar", "torch.tensor([1, [2, 3]])"),
    ("tensor_string", "torch.tensor('abc')"),
    ("tensor_string_in_list", "torch.tensor([1, 'a'])"),
    ("tensor_dict", "torch.tensor({1: 2})"),
    ("tensor_object", "torch.tensor(object())"),
    ("tensor_int_overflow", "torch.tensor([2**63])"),
    ("tensor_int_overflow_neg", "torch.tensor(-2**63 - 1)"),
    ("tensor_int_huge", "torch.tensor(2**70)"),
    ("tensor_uint8_overflow", "torch.tensor(300, dtype=torch.uint8)"),
    ("tensor_int8_overflow", "torch.tensor([1000], dtype=torch.int8)"),
    ("tensor_dtype_string", "torch.tensor([1], dtype='float32')"),
    ("tensor_bad_keyword", "torch.tensor([1], foo=1)"),
    ("tensor_no_args", "torch.tensor()"),
    ("tensor_of_tensors", "torch.tensor([torch.ones(2), torch.ones(2)])"),
    ("tensor_requires_grad_int", "torch.tensor([1, 2], requires_grad=True)"),
    ("tensor_requires_grad_bool", "torch.tensor([True], requires_grad=True)"),
    ("zeros_requires_grad_long", "torch.zeros(2, dtype=torch.long, requires_grad=True)"),
    ("requires_grad_method_int", "i.requires_grad_()"),
    ("requires_grad_attr_int", "i.requires_grad = True"),
    ("zeros_negative", "torch.zeros(-1)"),
    ("zeros_negative_2d", "torch.zeros(2, -3)"),
    ("ones_float_size", "torch.ones(2.5)"),
    ("ones_string_size", "torch.ones('a')"),
    ("ones_none_size", "torch.ones(None)"),
    ("empty_negative", "torch.empty(-2)"),
    ("rand_negative", "torch.rand(-2)"),
    ("randn_int_dtype", "torch.randn(2, dtype=torch.long)"),
    ("full_no_value", "torch.full((2,))"),
    ("full_string_value", "torch.full((2,), 'x')"),
    ("full_overflow", "torch.full((2,), 2**70)"),
    ("arange_zero_step", "torch.arange(0, 5, 0)"),
    ("arange_wrong_sign", "torch.arange(0, 5, -1)"),
    ("arange_nan", "torch.arange(float('nan'))"),
    ("arange_inf", "torch.arange(float('inf'))"),
    ("linspace_negative_steps", "torch.linspace(0, 1, -1)"),
    ("eye_negative", "torch.eye(-1)"),
    ("randint_empty_range", "torch.randint(5, 3, (2,))"),
    ("ones_bad_device", "torch.ones(2, device='xyz')"),
    ("ones_bad_dtype", "torch.ones(2, dtype=5)"),
    # ---- binary ops: shapes, types -----------------------------------------------------
    *[(f"{op}_shape_mismatch", f"torch.{op}(torch.ones(2), torch.ones(3))") for op in BINARY],
    *[(f"operator_{k}_shape_mismatch", f"a {op} c")
      for k, op in enumerate(OPERATORS)],
    ("add_string", "a + 'x'"),
    ("radd_string", "'x' + a"),
    ("mul_string", "a * 'x'"),
    ("add_none", "a + None"),
    ("torch_add_string", "torch.add(a, 'x')"),
    ("torch_add_none", "torch.add(a, None)"),
    ("add_list", "out = a + [1, 2, 3]"),
    ("add_alpha_float_int", "torch.add(i, i, alpha=0.5)"),
    ("add_inplace_broadcast", "torch.ones(3).add_(torch.ones(2, 3))"),
    ("mul_inplace_broadcast", "c.mul_(a)"),
    ("add_inplace_int_float", "i.add_(1.5)"),
    ("iadd_int_float", "i += 1.5"),
    ("itruediv_int", "i /= 2"),
    ("bitand_float", "a & a"),
    ("bitor_float", "a | a"),
    ("xor_float", "a ^ a"),
    ("invert_float", "~a"),
    ("where_float_cond", "torch.where(a, a, a)"),
    ("where_shape", "torch.where(a > 0, a, c)"),
    ("masked_fill_float_mask", "a.masked_fill(a, 1.0)"),
    ("masked_fill_tensor_value", "a.masked_fill(a > 0, a)"),
    ("masked_fill_shape", "a.masked_fill(c > 0, 1.0)"),
    ("clamp_no_bounds", "torch.clamp(a)"),
    ("clamp_string", "torch.clamp(a, min='x')"),
    # ---- overflowing scalars -----------------------------------------------------------
    ("pow_huge_exponent", "a ** 2**70"),
    ("add_huge_int", "a + 2**70"),
    ("mul_huge_int", "i * 2**64"),
    ("int_add_2_63", "i + 2**63"),
    ("fill_huge", "a.fill_(2**70)"),
    ("masked_fill_huge", "i.masked_fill(i > 1, 2**70)"),
    ("int_times_huge_float", "out = i * 1e300"),
    # ---- matmul ------------------------------------------------------------------------
    ("matmul_mismatch", "a @ a"),
    ("matmul_0d", "torch.matmul(torch.tensor(1.0), c)"),
    ("matmul_1d_mismatch", "torch.ones(2) @ torch.ones(3)"),
    ("matmul_2d_1d_mismatch", "a @ c"),
    ("mm_mismatch", "torch.mm(a, a)"),
    ("mm_1d", "torch.mm(c, c)"),
    ("mm_dtype", "torch.mm(a, b.double())"),
    ("mv_mismatch", "torch.mv(a, torch.ones(2))"),
    ("mv_2d_vector", "torch.mv(a, a)"),
    ("dot_mismatch", "torch.dot(torch.ones(2), torch.ones(3))"),
    ("dot_2d", "torch.dot(a, a)"),
    ("dot_dtype", "torch.dot(torch.ones(3), i)"),
    ("addmm_mismatch", "torch.addmm(torch.ones(2, 4), a, a)"),
    ("outer_2d", "out = torch.outer(a, c)"),
    # ---- cat / stack -------------------------------------------------------------------
    ("cat_empty", "torch.cat([])"),
    ("cat_rank_mismatch", "torch.cat([a, c])"),
    ("cat_size_mismatch", "torch.cat([a, b])"),
    ("cat_dim_out_of_range", "torch.cat([a, a], dim=2)"),
    ("cat_tensor_not_list", "torch.cat(a)"),
    ("cat_int_in_list", "torch.cat([a, 1])"),
    ("cat_none_in_list", "torch.cat([a, None])"),
    ("cat_zero_dim", "torch.cat([torch.tensor(1.0), torch.tensor(2.0)])"),
    ("stack_empty", "torch.stack([])"),
    ("stack_shape_mismatch", "torch.stack([a, b])"),
    ("stack_dim_out_of_range", "torch.stack([a, a], dim=3)"),
    ("stack_negative_dim", "torch.stack([a, a], dim=-4)"),
    # ---- view / reshape / expand -------------------------------------------------------
    ("view_bad_size", "a.view(4)"),
    ("view_two_inferred", "a.view(-1, -1)"),
    ("view_inferred_not_divisible", "a.view(-1, 4)"),
    ("view_non_contiguous", "a.t().view(6)"),
    ("view_negative", "a.view(-2, 3)"),
    ("view_float_size", "a.view(2.0, 3)"),
    ("reshape_bad_size", "a.reshape(4)"),
    ("reshape_two_inferred", "a.reshape(-1, -1)"),
    ("reshape_not_divisible", "a.reshape(5, -1)"),
    ("reshape_zero_inferred", "a.reshape(0, -1)"),
    ("expand_mismatch", "a.expand(4, 3)"),
    ("expand_fewer_dims", "a.expand(3)"),
    ("expand_negative_leading", "a.expand(-1, 2, 3)"),
    ("flatten_bad_range", "a.flatten(1, 0)"),
    # ---- dimensions --------------------------------------------------------------------
    ("sum_dim", "a.sum(2)"),
    ("sum_negative_dim", "a.sum(-3)"),
    ("sum_dim_string", "a.sum(dim='x')"),
    ("mean_dim", "a.mean(5)"),
    ("mean_int", "i.mean()"),
    ("softmax_dim", "a.softmax(2)"),
    ("softmax_no_dim", "a.softmax()"),
    ("log_softmax_int", "i.log_softmax(0)"),
    ("transpose_dim", "a.transpose(0, 2)"),
    ("t_3d", "torch.ones(2, 2, 2).t()"),
    ("permute_too_few", "a.permute(0)"),
    ("permute_repeated", "a.permute(0, 0)"),
    ("squeeze_dim", "a.squeeze(3)"),
    ("unsqueeze_dim", "a.unsqueeze(3)"),
    ("unsqueeze_negative_dim", "a.unsqueeze(-4)"),
    ("select_dim", "a.select(2, 0)"),
    ("select_index", "a.select(0, 5)"),
    ("narrow_too_long", "a.narrow(0, 1, 5)"),
    ("narrow_dim", "a.narrow(2, 0, 1)"),
    ("argmax_dim", "a.argmax(3)"),
    ("max_dim", "a.max(2)"),
    ("amax_dim", "a.amax(3)"),
    ("unbind_dim", "a.unbind(2)"),
    ("size_dim", "a.size(2)"),
    ("stride_dim", "a.stride(3)"),
    ("swapaxes_dim", "torch.swapaxes(a, 0, 5)"),
    ("sum_0d_dim", "torch.tensor(1.0).sum(1)"),
    ("div_bad_rounding", "torch.div(a, a, rounding_mode='bad')"),
    ("round_decimals_string", "torch.round(a, decimals='x')"),
    ("to_bad_string", "a.to('bad')"),
    # ---- indexing ----------------------------------------------------------------------
    ("index_dim0", "a[2]"),
    ("index_dim1", "a[0, 3]"),
    ("index_slice_dim1", "a[:, 3]"),
    ("index_negative", "a[-3]"),
    ("index_too_many", "a[0, 0, 0]"),
    ("index_none_then_int", "a[None, 5]"),
    ("index_tensor_oob", "c[torch.tensor([5])]"),
    ("index_tensor_oob_dim1", "a[:, torch.tensor([4])]"),
    ("index_float", "a[1.5]"),
    ("index_string", "a['x']"),
    ("index_float_tensor", "c[torch.tensor([0.5])]"),
    ("index_mask_shape", "c[torch.tensor([True, False])]"),
    ("index_two_ellipsis", "a[..., ...]"),
    ("index_0d", "torch.tensor(1.0)[0]"),
    ("setitem_oob", "a[5] = 1"),
    ("setitem_shape", "a[0] = torch.ones(4)"),
    ("setitem_tensor_oob", "c[torch.tensor([9])] = 1.0"),
    # ---- conversions -------------------------------------------------------------------
    ("item_many", "a.item()"),
    ("float_many", "float(a)"),
    ("int_many", "int(a)"),
    ("bool_many", "bool(a)"),
    ("len_0d", "len(torch.tensor(1.0))"),
    ("iter_0d", "iter(torch.tensor(1.0))"),
    ("index_float_tensor_range", "range(torch.tensor(2.0))"),
    ("numpy_requires_grad", "x.numpy()"),
    ("tolist_arg", "a.tolist(1)"),
    # ---- division by zero, floor division ----------------------------------------------
    ("int_floordiv_zero", "torch.tensor([1, -1]) // 0"),
    ("int_floordiv_zero_tensor", "torch.tensor([1, 2]) // torch.tensor([1, 0])"),
    ("int_remainder_zero", "torch.tensor([5]) % 0"),
    ("int_fmod_zero", "torch.fmod(torch.tensor([5]), 0)"),
    ("int_div_trunc_zero", "torch.div(torch.tensor([5]), 0, rounding_mode='trunc')"),
    ("int_div_floor_zero", "torch.div(torch.tensor([5]), 0, rounding_mode='floor')"),
    ("int_floordiv_values", "out = torch.tensor([7, -7, 7, -7, 0]) // torch.tensor([2, 2, -2, -2, 3])"),
    ("int_floordiv_scalar", "out = torch.tensor([5, -5, 0]) // 2"),
    ("int_rfloordiv", "out = 7 // torch.tensor([2, -3, 7])"),
    ("float_floordiv_values", "out = torch.tensor([5.5, -5.5, 7.0, -7.0]) // torch.tensor([2.0, 2.0, -2.0, -2.0])"),
    ("float_floordiv_zero", "out = torch.tensor([1.0, -1.0, 0.0]) // 0"),
    ("float_floordiv_inf", "out = torch.tensor([1.0, -1.0, float('inf'), float('nan')]) // float('inf')"),
    ("float_rfloordiv", "out = 7.5 // torch.tensor([2.0, -2.0, 0.0])"),
    ("mixed_floordiv", "out = torch.tensor([7, -7]) // 2.5"),
    ("ifloordiv_int", "t = torch.tensor([7, -7]); t //= 2; out = t"),
    ("ifloordiv_float_into_int", "t = torch.tensor([7, -7]); t //= 2.5"),
    ("floor_divide_fn", "out = torch.floor_divide(torch.tensor([7.0, -7.0]), 2)"),
    ("floor_divide_method", "out = torch.tensor([7, -7]).floor_divide(torch.tensor([-2, 2]))"),
    ("div_floor_float", "out = torch.div(torch.tensor([7.0, -7.0]), 2, rounding_mode='floor')"),
    ("div_trunc_float", "out = torch.div(torch.tensor([7.0, -7.0]), 2, rounding_mode='trunc')"),
    ("div_trunc_int", "out = torch.div(torch.tensor([7, -7]), 2, rounding_mode='trunc')"),
    ("div_floor_int", "out = torch.tensor([7, -7]).div(2, rounding_mode='floor')"),
    ("floordiv_requires_grad", "out = x // 2"),
    ("floordiv_backward", "(x // 2).sum().backward()"),
    ("div_floor_backward", "torch.div(x, 2, rounding_mode='floor').sum().backward(); out = x.grad"),
    ("floordiv_bool", "out = torch.tensor([True, False]) // torch.tensor([True, True])"),
    # ---- autograd ----------------------------------------------------------------------
    ("backward_twice", "y = (x * x).sum(); y.backward(); y.backward()"),
    ("backward_non_scalar", "(x * 2).backward()"),
    ("grad_non_scalar", "torch.autograd.grad(x * 2, x)"),
    ("backward_no_grad", "torch.ones(2).sum().backward()"),
    ("grad_unused", "z = torch.ones(2, requires_grad=True); torch.autograd.grad((x * 2).sum(), [x, z])"),
    ("grad_outputs_shape", "torch.autograd.grad(x * 2, x, torch.ones(3))"),
    ("backward_gradient_shape", "(x * 2).backward(torch.ones(3))"),
    ("grad_of_leaf_no_grad", "torch.autograd.grad(torch.ones(2).sum(), torch.ones(2))"),
    ("inplace_leaf_add", "x.add_(1)"),
    ("inplace_leaf_setitem", "x[0] = 1.0"),
    ("inplace_leaf_zero", "x.zero_()"),
    ("inplace_leaf_iadd", "x += 1"),
    ("inplace_saved_modified", "y = x.exp(); y.add_(1); y.sum().backward()"),
    ("grad_assign_shape", "x.grad = torch.ones(3)"),
    ("grad_assign_dtype", "x.grad = torch.ones(2, dtype=torch.float64)"),
    ("grad_assign_int", "x.grad = 5"),
    ("requires_grad_nonleaf_off", "(x * 2).requires_grad_(False)"),
    ("hook_no_grad", "torch.ones(2).register_hook(lambda g: g)"),
    ("hook_not_callable", "x.register_hook(5); (x * 2).sum().backward()"),
    ("hook_changes_size", "x.register_hook(lambda g: torch.ones(3)); (x * 2).sum().backward()"),
    ("hook_changes_size_nonleaf", "y = x * 2; y.register_hook(lambda g: torch.ones(3)); y.sum().backward()"),
    ("hook_changes_dtype", "x.register_hook(lambda g: g.double()); (x * 2).sum().backward()"),
    ("hook_returns_int", "x.register_hook(lambda g: 5); (x * 2).sum().backward()"),
    ("hook_named_changes_size", "def myhook(g):\n    return torch.ones(1)\ny = x * 2\ny.register_hook(myhook)\ny.sum().backward()"),
    ("grad_fn_hook_wrong_arity", "y = x.exp(); y.grad_fn.register_hook(lambda gi, go: (gi[0], gi[0])); y.sum().backward()"),
    ("grad_fn_hook_shape", "y = x.exp(); y.grad_fn.register_hook(lambda gi, go: (torch.ones(3),)); y.sum().backward()"),
    ("grad_fn_hook_not_tuple", "y = x.exp(); y.grad_fn.register_hook(lambda gi, go: 5); y.sum().backward()"),
    ("grad_fn_hook_none_ok", "y = x.exp(); y.grad_fn.register_hook(lambda gi, go: None); y.sum().backward(); out = x.grad"),
    ("grad_fn_prehook_wrong_arity", "y = x.exp(); y.grad_fn.register_prehook(lambda go: (go[0], go[0])); y.sum().backward()"),
    ("grad_fn_prehook_shape", "y = x.exp(); y.grad_fn.register_prehook(lambda go: (torch.ones(3),)); y.sum().backward()"),
    ("grad_fn_prehook_dtype", "y = x.exp(); y.grad_fn.register_prehook(lambda go: (go[0].double(),)); y.sum().backward()"),
    ("custom_too_few_grads", CUSTOM.format(ret="g")),
    ("custom_too_many_grads", CUSTOM.format(ret="g, g, g")),
    ("custom_wrong_shape", CUSTOM.format(ret="torch.ones(3), g")),
    ("custom_wrong_type", CUSTOM.format(ret="g, 5")),
    ("custom_none_ok", CUSTOM.format(ret="g, None") + "out = x.grad"),
]

CASES = [(name, code if "out =" in code or "\n" in code or "=" in code.split("(")[0]
          else f"out = {code}") for name, code in CASES]


def main():
    import numpy as np
    import torch
    import torch.nn.functional as F

    from normalize import run_case

    names = [n for n, _ in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    records = []
    for name, code in CASES:
        torch.manual_seed(0)
        rec = run_case(PRELUDE + code, torch, F, np)
        records.append({"name": name, "code": code, **rec})
    meta = {"torch": torch.__version__, "prelude": PRELUDE}
    with open(os.path.join(HERE, "bad_inputs.json"), "w") as f:
        json.dump({"meta": meta, "cases": records}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(records)} cases, {sum('error' in r for r in records)} raise")


if __name__ == "__main__":
    main()
