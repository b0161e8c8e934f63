"""Trains a small CNN on the digits data set (scikit-learn's load_digits: 1,797 8x8 images).

The same program as `cargo run --release --example digits_cnn`, written for PyTorch. It runs
unchanged on PyTorch and on ferrograd, and with the same seed both print the same numbers:

    python examples/python/digits_cnn.py                    # import torch
    python examples/python/digits_cnn.py --backend ferrograd # import ferrograd as torch
    FERROGRAD=1 python examples/python/digits_cnn.py        # the same

Only PyTorch's API is used; the split, the loader and the training loop are in
digits_training.py beside this file.

The defaults (seed 0, Adam with lr 2e-3, 20 epochs of batches of 32) reach 98.33% on the 359
test images. The seed also draws the 80/20 split, and the test accuracy depends on it.
"""
import digits_training as common

args = common.parse_args(__doc__, epochs=20, seed=0)
torch = common.backend(args)
nn = torch.nn  # attribute access, not `from torch import nn`: the module may be ferrograd
digits = common.Digits(torch, args)

# each row of 64 pixels becomes a 1x8x8 image; two 3x3 convolutions (padding 1 keeps 8x8),
# each followed by ReLU and 2x2 max pooling (8x8 -> 4x4 -> 2x2), then a linear layer
model = nn.Sequential(
    nn.Unflatten(1, (1, 8, 8)),
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
)
common.train(torch, model, digits, args)
