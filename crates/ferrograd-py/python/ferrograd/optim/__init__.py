"""``torch.optim``: optimizers with PyTorch's object model (param groups as dicts, ``state``
keyed by tensor, ``state_dict`` in PyTorch's layout) whose per-parameter arithmetic runs in the
library's fused update loops, and the learning-rate schedulers of ``torch.optim.lr_scheduler``.
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adam_variants import Adamax, NAdam, RAdam
from .lbfgs import LBFGS
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "NAdam", "RAdam", "Adamax", "LBFGS", "lr_scheduler"]
