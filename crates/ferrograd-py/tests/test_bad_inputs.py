"""Every bad input of data/bad_inputs.json (written by data/gen_bad_inputs.py with PyTorch) run
with ferrograd: the same exception type and the same message as PyTorch, or the same result.

Messages are compared after ``normalize.mask`` (addresses hidden, ``ferrograd.`` read as
``torch.``) and with ``(Triggered internally at ...)`` / ``Exception raised from ...`` C++
source locations removed. Where the text cannot match for a good reason, ``DIFFERENT_TEXT``
below names the case with ferrograd's own message and the reason; the type must still match."""

import json
import os
import re

import numpy as np
import pytest

import ferrograd
import ferrograd.nn.functional as F
from normalize import run_case
from test_against_torch import compare

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "bad_inputs.json")) as f:
    _DATA = json.load(f)
PRELUDE = _DATA["meta"]["prelude"]
CASES = _DATA["cases"]

_PYO3_MISSING = "pyo3's argument parser words a missing argument in Python's own way"
_OVERLOADS = "PyTorch lists its C++ overloads; ferrograd has one signature per function"

# case name -> (ferrograd's message, why it differs from PyTorch's). The type still matches.
DIFFERENT_TEXT = {
    "tensor_no_args": ("tensor() missing 1 required positional argument: 'data'", _PYO3_MISSING),
    "full_no_value": ("full() missing 1 required positional argument: 'fill_value'", _PYO3_MISSING),
    "softmax_no_dim": ("Tensor.softmax() missing 1 required positional argument: 'dim'", _PYO3_MISSING),
    # the class is ferrograd.Tensor, not a TensorBase C base class
    "tolist_arg": ("Tensor.tolist() takes no arguments (1 given)", "no TensorBase class"),
    # the dtype converter is shared by every function and does not know the caller's name
    "tensor_dtype_string": ("dtype must be torch.dtype, not str", "shared dtype converter"),
    "ones_bad_dtype": ("dtype must be torch.dtype, not int", "shared dtype converter"),
    "full_string_value": ("full(): argument must be a number, not str", "shared number converter"),
    "view_float_size": ("'float' object cannot be interpreted as an integer", _OVERLOADS),
    "sum_dim_string": ("'str' object cannot be interpreted as an integer", _OVERLOADS),
    "clamp_string": (
        "clamp(): argument 'min' and 'max' must be Number or Tensor, not str",
        _OVERLOADS,
    ),
    # ferrograd has no `decimals` (round to integers only)
    "round_decimals_string": ("round() got an unexpected keyword argument 'decimals'", "no decimals"),
}

# case name -> why ferrograd does not give PyTorch's warning
NO_WARNING = {
    # PyTorch's deprecation of its own reading of a string index as a sequence
    "index_string": "PyTorch-internal deprecation",
}

# case name -> (ferrograd's exception type or None for a result, why): ferrograd deliberately
# differs in the type too. These count as mismatches in ``summary()``.
DIFFERENT_TYPE = {
    # ferrograd's tensors hold bool, int64, float32 and float64 only
    "tensor_uint8_overflow": ("TypeError", "no uint8 dtype"),
    "tensor_int8_overflow": ("TypeError", "no int8 dtype"),
    # a list of tensors is read as nested data (their elements), as NumPy does
    "tensor_of_tensors": (None, "nested tensors are accepted as data"),
    # PyTorch accepts `x[..., ...]` (undocumented); ferrograd refuses a second ellipsis as NumPy
    "index_two_ellipsis": ("IndexError", "one ellipsis per index, as NumPy"),
}


def _text(msg):
    msg = re.sub(r"\nException raised from .*", "", msg, flags=re.S)
    msg = re.sub(r" \(Triggered internally at .*\)$", "", msg)
    # Python names the operand types in operator errors by their type name, which for the
    # extension type includes its module ('ferrograd.Tensor'); PyTorch's says 'Tensor'.
    return msg.replace("'torch.Tensor'", "'Tensor'").replace('"torch.Tensor"', '"Tensor"')


def outcome(case):
    """Runs one case with ferrograd: (same type, same text) for an error case."""
    got = run_case(PRELUDE + case["code"], ferrograd, F, np)
    return got


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case):
    got = outcome(case)
    if case["name"] in DIFFERENT_TYPE:
        want_type = DIFFERENT_TYPE[case["name"]][0]
        assert got.get("error") == want_type, f"{got.get('error')}: {got.get('message')}"
        return
    if "error" in case:
        assert "error" in got, f"expected {case['error']}: {case['message']}, got {got.get('out')!r}"
        assert got["error"] == case["error"], f"{got['error']}: {got['message']}"
        want = _text(case["message"])
        if case["name"] in DIFFERENT_TEXT:
            want = DIFFERENT_TEXT[case["name"]][0]
        assert _text(got["message"]) == want
    else:
        assert "error" not in got, f"unexpected {got.get('error')}: {got.get('message')}"
        compare(got["out"], case["out"], set())
    if case["name"] not in NO_WARNING:
        assert got["warnings"] == case["warnings"]


def summary():
    """(tried, same type, same text) over all error cases; run as a script to print it."""
    tried = same_type = same_text = 0
    for case in CASES:
        got = outcome(case)
        tried += 1
        if "error" in case:
            if got.get("error") == case["error"]:
                same_type += 1
                if _text(got["message"]) == _text(case["message"]):
                    same_text += 1
        elif "error" not in got:
            try:
                compare(got["out"], case["out"], set())
                same_type += 1
                same_text += 1
            except AssertionError:
                pass
    return tried, same_type, same_text


if __name__ == "__main__":
    import sys

    t, ty, tx = summary()
    print(f"tried {t}, same type/result {ty}, same text {tx}")
    if "-v" in sys.argv:
        for case in CASES:
            got = outcome(case)
            if "error" in case:
                ok = got.get("error") == case["error"] and _text(got["message"]) == _text(case["message"])
            else:
                ok = "error" not in got
            if not ok:
                print(f"--- {case['name']}: {case['code']!r}\n  torch: {case.get('error')}: {case.get('message', case.get('out'))}\n  ferro: {got.get('error')}: {got.get('message', got.get('out'))}")


def test_fill_values_are_exact_or_refused_as_pytorch():
    # full, full_like, new_full and fill_ keep an int64 value exactly and raise PyTorch's
    # overflow error for a value the dtype cannot hold (NaN or 1e30 into int64, 1e39 into float32)
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("fill_values_script.py", "fill_values.out")


def test_integer_and_bool_arithmetic_as_pytorch():
    # bool + and * stay bool, a bool operand refuses - and %, bitwise operators and shifts on
    # int64, and int64 numbers kept exact (not rounded through a float)
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("int_bool_arith_script.py", "int_bool_arith.out")


def test_class_loss_weights_and_single_sample_smoothing_as_pytorch():
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("class_loss_edges_script.py", "class_loss_edges.out")


def test_alpha_arithmetic_and_rsub_as_pytorch():
    # add, sub and rsub with alpha: one node that keeps alpha (`_saved_alpha`), values rounded
    # once as PyTorch's kernels (bit for bit, through .tolist()), a number given first wrapped
    # as PyTorch wraps it, and the alpha and dtype errors
    from _recorded import assert_prints_as_recorded

    assert_prints_as_recorded("alpha_ops_script.py", "alpha_ops.out")


def test_rsub_takes_alpha_by_position_only_beside_a_number():
    # PyTorch's overloads: (Tensor input, Tensor other, *, Number alpha) and
    # (Tensor input, Number other, Number alpha); its message also marks the mismatching
    # arguments, which is not reproduced here
    t = ferrograd.tensor([1.0])
    assert ferrograd.rsub(t, 3, 2).tolist() == [1.0]
    for args in [(t, t, 2), (t, 3, 2, 1)]:
        with pytest.raises(TypeError, match=r"^rsub\(\) received an invalid combination of arguments - got \(Tensor, "):
            ferrograd.rsub(*args)
