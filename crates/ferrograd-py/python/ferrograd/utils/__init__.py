"""``torch.utils``: ``data`` (datasets, samplers and the data loader)."""

from . import data

__all__ = ["data"]
