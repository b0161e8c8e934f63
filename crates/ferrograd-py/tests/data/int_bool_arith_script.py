"""Integer and bool arithmetic as PyTorch computes it: bool ``+``/``*`` stay bool, a bool
operand refuses ``-`` and ``%``, bitwise operators and shifts on int64 (with PyTorch's edge
shifts and dtype errors), and int64 numbers that are not rounded through a float (arithmetic,
comparisons, ``where``, ``clamp``, ``masked_fill``, ``index_fill``, ``alpha``).

Run as ``python int_bool_arith_script.py torch`` (PyTorch, to record int_bool_arith.out) or
``python int_bool_arith_script.py ferrograd`` (what test_bad_inputs.py compares with the record)."""

import sys

from _show import show as _show

if sys.argv[1:] == ["ferrograd"]:
    import ferrograd as torch
else:
    import torch


def show(text):
    _show(text, globals())


b = torch.tensor([True, False, True])
i = torch.tensor([2**62 + 1, -5, 7])
for c in [
 "b + True", "b + False", "True + b", "b - True", "True - b", "b - b", "b * True", "b * 3", "b * 2.5", "b & 3", "b & True", "3 & b", "b | 2", "b ^ True",
 "b % b", "b % True", "b // b", "b / True", "b ** 2", "b ** True", "2 ** b", "b + b", "b * b", "-b", "~b", "b < True", "b == 1",
 "i + 1", "i + 2**62", "i * 3", "i - (2**62)", "i + 2**63", "i // 2", "i % 3", "i & 3", "i | 2**40", "i ^ 1", "i << 1", "i >> 1", "i * 2**62",
 "torch.tensor(2**62+1) + 0", "torch.tensor([2**62+1]).sum()",
 "i.masked_fill(torch.tensor([True,False,False]), 2**62+3)", "i.index_fill(0, torch.tensor([1]), 2**62+3)",
 "i.masked_fill(torch.tensor([True,False,False]), 2**63)", "i.clamp(max=2**62)", "i.clamp(min=2**62+5)",
 "torch.full((2,), 2**62+1) + 1", "i.add(1, alpha=2**40)", "i.sub(3, alpha=2)", "i.mul(2**61)", "torch.where(b, i, 2**62+9)",
 "i.eq(2**62+1)", "i == 2**62", "i > 2**62", "i.fill_(2**62+11)",
    "i + (2**62 + 1)", "i * (2**53 + 1)", "i - (2**62 + 3)", "i.add(2**62 + 1)", "i // (2**62 + 1)",
    "i.ne(2**62 + 1)", "i.index_fill(0, torch.tensor([0]), 2.7)", "i.masked_fill(i > 8, float('nan'))",
    "b.add(b, alpha=0)", "b.add(b, alpha=2)", "b.add(1, alpha=0)", "torch.tensor([1, 2]).add(b[:2], alpha=True)",
    "b.pow(b)", "b.pow(torch.tensor(2))", "torch.tensor(2).pow(b)", "torch.fmod(b, b)", "torch.hypot(b, b)",
    "torch.remainder(b, True)", "torch.maximum(b, b)", "torch.ones(2) - True", "True - torch.ones(2)",
    "i.add(1, alpha=2**40 + 1)", "torch.ones(2).__isub__(True)", "torch.ones(2).__iadd__(True)",
    "torch.tensor([1, 2]).__iadd__(True)", "torch.tensor([True, False]).__iadd__(True)",
    "torch.ones(2).__ifloordiv__(True)", "torch.ones(2).__imul__(False)", "torch.tensor([3]) // True",
    "torch.tensor([1, 2]).__isub__(False)", "torch.tensor([True, False]).__imul__(2)",
]:
    show(c)

b = torch.tensor([True, False, True])
i = torch.tensor([2**62 + 1, -5, 7])
f = torch.tensor([1.0, 2.0])
s = torch.tensor([0, 1, 63, 64, 65, -1, -64, 100])
for c in [
 "i << s[:3]", "torch.tensor(1) << s", "torch.tensor(-8) >> s", "torch.tensor(8) >> s", "torch.tensor(-1) << s",
 "b << 1", "b >> 1", "b << b", "1 << i", "2 >> torch.tensor([1,2])", "1 << b",
 "f << 1", "f >> 1", "f & 1", "f | f", "i & f", "b ^ f", "i.__lshift__(1.5)", "i << 1.5", "f << 1.5",
 "torch.bitwise_and(i, 3)", "torch.bitwise_or(b, b)", "torch.bitwise_xor(i, i)", "torch.bitwise_left_shift(i, 2)", "torch.bitwise_right_shift(i, 2)",
 "i.bitwise_and(2)", "i.bitwise_or(torch.tensor([1,2,4]))", "i.bitwise_xor(b)", "i.bitwise_left_shift(3)", "i.bitwise_right_shift(1)",
 "torch.bitwise_and(3, i)", "torch.bitwise_left_shift(3, i[1:])", "torch.bitwise_not(i)", "i.bitwise_not()", "torch.bitwise_not(b)",
 "i & True", "True & i", "b & False", "b | 0", "b ^ 1", "i.bitwise_and(True)",
 "torch.tensor([[1],[2]]) & torch.tensor([3, 1])", "torch.tensor([1,2]) & torch.tensor([1,2,3])",
 "i.bitwise_and_(3)", "b.bitwise_or_(torch.tensor([False, True, False]))", "b.bitwise_and_(3)", "i.__ilshift__(1)", "i.bitwise_left_shift_(1)",
 "torch.tensor([1.,2.], requires_grad=True) & 1", "torch.tensor(5) & 3", "torch.bitwise_and(i, 2**62+1)", "torch.bitwise_and(i, 2**64)", "i & 2**63",
    "~i", "~b", "~f", "f.bitwise_not()", "torch.bitwise_and(1, 2)", "i.bitwise_and('a')",
    "(2 ** 62 + 1) & torch.tensor([2 ** 62 + 3])",
]:
    show(c)
