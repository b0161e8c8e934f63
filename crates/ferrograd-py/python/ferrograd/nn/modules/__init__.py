"""The module classes of ``torch.nn``."""

from .module import Module
from .linear import Identity, Linear, Bilinear
from .conv import Conv1d, Conv2d, ConvTranspose2d
from .container import Sequential, ModuleList, ModuleDict
from .activation import *  # noqa: F401,F403
from .activation import __all__ as _activation_all
from .misc import Flatten, Unflatten, Dropout, Embedding
from .loss import *  # noqa: F401,F403
from .loss import __all__ as _loss_all
from .pooling import MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, Dropout2d
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm
from .normalization import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LocalResponseNorm
from .extra import *  # noqa: F401,F403
from .rnn import *  # noqa: F401,F403
from .rnn import __all__ as _rnn_all
from .transformer import *  # noqa: F401,F403
from .transformer import __all__ as _transformer_all
from .extra import __all__ as _extra_all

__all__ = [
    "Module", "Identity", "Linear", "Bilinear", "Conv1d", "Conv2d", "ConvTranspose2d", "Sequential", "ModuleList", "ModuleDict",
    "Flatten", "Unflatten", "Dropout", "Embedding",
    "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "Dropout2d",
    "BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm",
    "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm",
] + _activation_all + _loss_all + _extra_all + _rnn_all + _transformer_all
