"""Turns results of the snippets in cases.py into JSON-able data, the same way for PyTorch and
for ferrograd, so they can be compared."""

import math
import re
import warnings


def mask(text):
    """Hides addresses and reads ``ferrograd.`` as ``torch.``."""
    return re.sub(r"0x[0-9a-fA-F]+", "0x…", text).replace("ferrograd.", "torch.")


def norm(v, lib):
    if isinstance(v, lib.Tensor):
        return {
            "type": "tensor",
            "repr": mask(repr(v)),
            "dtype": str(v.dtype).replace("ferrograd.", "torch."),
            "shape": list(v.shape),
            "requires_grad": v.requires_grad,
            "is_leaf": v.is_leaf,
            "grad_fn": None if v.grad_fn is None else v.grad_fn.name(),
            "values": v.detach().tolist(),
        }
    if isinstance(v, lib.Size):
        return {"type": "size", "repr": mask(repr(v)), "values": list(v)}
    if isinstance(v, lib.dtype):
        return {"type": "dtype", "repr": mask(repr(v))}
    if isinstance(v, str):
        return mask(v)
    if isinstance(v, (bool, int)) or v is None:
        return v
    if isinstance(v, float):
        return {"type": "float", "value": v if math.isfinite(v) else repr(v)}
    if isinstance(v, (tuple, list)):
        return {"type": "seq", "items": [norm(x, lib) for x in v]}
    return {"type": "other", "repr": mask(repr(v))}


def run_case(code, lib, F, np):
    """Runs one snippet; returns its normalized result or error, and its UserWarnings."""
    env = {"torch": lib, "F": F, "np": np}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, env)
            result = {"out": norm(env.get("out"), lib)}
        except Exception as e:  # noqa: BLE001 - errors are part of the expected behaviour
            result = {"error": type(e).__name__, "message": mask(str(e))}
    # PyTorch appends where in its C++ sources a warning was raised
    result["warnings"] = [
        re.sub(r" \(Triggered internally at .*\)$", "", mask(str(w.message)))
        for w in caught
        if issubclass(w.category, UserWarning)
    ]
    return result
