"""``torch.utils.data``: datasets, samplers, ``DataLoader`` and ``default_collate``, drawing
their random orders from PyTorch's generator streams (a seeded loader yields PyTorch's order)."""

from .dataset import Dataset, Subset, TensorDataset, random_split
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler
from .dataloader import DataLoader, default_collate

__all__ = [
    "BatchSampler",
    "DataLoader",
    "Dataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "Subset",
    "TensorDataset",
    "default_collate",
    "random_split",
]
