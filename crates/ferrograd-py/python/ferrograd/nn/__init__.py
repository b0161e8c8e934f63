"""``torch.nn``: the functional interface (``torch.nn.functional``)."""

from . import functional
from . import utils

__all__ = ["functional"]
