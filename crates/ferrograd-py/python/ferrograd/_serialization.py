"""Pickling support: tensors are rebuilt from their values, dtype and ``requires_grad``."""


def _rebuild(data, dtype, requires_grad):
    from . import tensor

    return tensor(data, dtype=dtype, device="cpu", requires_grad=requires_grad)
