"""``torch.nn``: the functional interface (``torch.nn.functional``)."""

from . import functional

__all__ = ["functional"]
