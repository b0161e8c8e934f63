"""``torch.nn``: the functional interface (``torch.nn.functional``)."""

from . import functional
from . import init

__all__ = ["functional"]
