"""``torch.linalg``: vector norms (``vector_norm``)."""

from ._ferrograd import vector_norm

__all__ = ["vector_norm"]
