"""Trains a small CNN on the digits data set (scikit-learn's load_digits: 1,797 8x8 images).

The same program as `cargo run --release --example digits_cnn`, written for PyTorch. It runs
unchanged on PyTorch and on ferrograd, and with the same seed both print the same numbers:

    python examples/python/digits_cnn.py                    # import torch
    python examples/python/digits_cnn.py --backend ferrograd # import ferrograd as torch
    FERROGRAD=1 python examples/python/digits_cnn.py        # the same

Only PyTorch's API is used (torch.nn, torch.optim, torch.utils.data, torch.manual_seed); the
data file (data/digits/digits.bin: 65 bytes per image, 64 pixels 0..16 then the label) is read
with numpy.

The defaults (seed 0, Adam with lr 2e-3, 20 epochs of batches of 32) reach 98.33% on the 359
test images. The seed also draws the 80/20 split, and the test accuracy depends on it.
"""
import argparse
import os
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "data", "digits", "digits.bin")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--backend", choices=["torch", "ferrograd"],
                    default="ferrograd" if os.environ.get("FERROGRAD", "0") not in ("", "0") else "torch")
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--lr", type=float, default=2e-3)
parser.add_argument("--data", default=DEFAULT_DATA)
args = parser.parse_args()

if args.backend == "ferrograd":
    import ferrograd as torch
else:
    import torch
nn = torch.nn  # attribute access, not `from torch import nn`: the module may be ferrograd
DataLoader, TensorDataset = torch.utils.data.DataLoader, torch.utils.data.TensorDataset
random_split = torch.utils.data.random_split

raw = np.fromfile(args.data, dtype=np.uint8).reshape(-1, 65)
images = torch.tensor(raw[:, :64].astype(np.float32) / 16)  # pixels 0..16 scaled to [0, 1]
labels = torch.tensor(raw[:, 64].astype(np.int64))

torch.manual_seed(args.seed)
train_set, test_set = random_split(TensorDataset(images, labels), [0.8, 0.2])
test_index = torch.tensor(test_set.indices)
x_test, y_test = images[test_index], labels[test_index]
loader = DataLoader(train_set, batch_size=32, shuffle=True)

# each row of 64 pixels becomes a 1x8x8 image; two 3x3 convolutions (padding 1 keeps 8x8),
# each followed by ReLU and 2x2 max pooling (8x8 -> 4x4 -> 2x2), then a linear layer
model = nn.Sequential(
    nn.Unflatten(1, (1, 8, 8)),
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
print(f"{args.backend}: {len(train_set)} training and {len(test_set)} test images")
print(model)

start = time.perf_counter()
for epoch in range(1, args.epochs + 1):
    model.train()
    total, correct = 0.0, 0
    for x, y in loader:
        optimizer.zero_grad()
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        correct += (logits.argmax(1) == y).sum().item()
    model.eval()
    with torch.no_grad():
        test_correct = (model(x_test).argmax(1) == y_test).sum().item()
    print(f"epoch {epoch:3d}  loss {total / len(train_set):.6f}  train accuracy "
          f"{correct / len(train_set):.4f}  test accuracy {test_correct / len(test_set):.4f}")
print(f"test accuracy {100 * test_correct / len(test_set):.2f}% ({test_correct}/{len(test_set)}) "
      f"after {args.epochs} epochs")
print(f"time {time.perf_counter() - start:.2f} s")
