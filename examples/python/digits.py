"""Trains a 64-64-10 MLP on the digits data set (scikit-learn's load_digits: 1,797 8x8 images).

The same program as `cargo run --release --example digits`, written for PyTorch. It runs
unchanged on PyTorch and on ferrograd, and with the same seed both print the same numbers:

    python examples/python/digits.py                        # import torch
    python examples/python/digits.py --backend ferrograd    # import ferrograd as torch
    FERROGRAD=1 python examples/python/digits.py            # the same

Only PyTorch's API is used; the split, the loader and the training loop are in
digits_training.py beside this file.

The defaults (seed 3, Adam with lr 2e-3, 40 epochs of batches of 32) reach 98.05% on the 359
test images. The seed also draws the 80/20 split, and the test accuracy depends on it: seeds 0
to 5 give between 96.1% and 98.3%.
"""
import digits_training as common

args = common.parse_args(__doc__, epochs=40, seed=3)
torch = common.backend(args)
nn = torch.nn  # attribute access, not `from torch import nn`: the module may be ferrograd
digits = common.Digits(torch, args)

model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
common.train(torch, model, digits, args)
