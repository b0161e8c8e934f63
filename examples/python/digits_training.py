"""What examples/python/digits.py and digits_cnn.py share: the command line, the backend
(``import torch`` or ``import ferrograd as torch``), the seeded 80/20 split of the digits, and
the training loop. Only PyTorch's API is used (torch.nn, torch.optim, torch.utils.data,
torch.manual_seed); the data file (data/digits/digits.bin: 65 bytes per image, 64 pixels 0..16
then the label) is read with numpy.
"""
import argparse
import os
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "data", "digits", "digits.bin")


def parse_args(doc, epochs, seed):
    """The command line, with this example's default epochs and seed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--backend", choices=["torch", "ferrograd"],
                        default="ferrograd" if os.environ.get("FERROGRAD", "0") not in ("", "0") else "torch")
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--data", default=DEFAULT_DATA)
    return parser.parse_args()


def backend(args):
    """The torch module the flags ask for."""
    if args.backend == "ferrograd":
        import ferrograd as torch
    else:
        import torch
    return torch


class Digits:
    """The digits, seeded with ``args.seed`` and split 80/20 (the model is built after this, so
    its initial weights continue the same random stream), and a shuffling loader of batches of 32."""

    def __init__(self, torch, args):
        raw = np.fromfile(args.data, dtype=np.uint8).reshape(-1, 65)
        images = torch.tensor(raw[:, :64].astype(np.float32) / 16)  # pixels 0..16 scaled to [0, 1]
        labels = torch.tensor(raw[:, 64].astype(np.int64))
        torch.manual_seed(args.seed)
        data = torch.utils.data
        self.train_set, self.test_set = data.random_split(data.TensorDataset(images, labels), [0.8, 0.2])
        test_index = torch.tensor(self.test_set.indices)
        self.x_test, self.y_test = images[test_index], labels[test_index]
        self.loader = data.DataLoader(self.train_set, batch_size=32, shuffle=True)


def train(torch, model, digits, args):
    """Cross-entropy and Adam for ``args.epochs`` epochs, one line per epoch, then the test accuracy."""
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    n_train, n_test = len(digits.train_set), len(digits.test_set)
    print(f"{args.backend}: {n_train} training and {n_test} test images")
    print(model)

    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        total, correct = 0.0, 0
        for x, y in digits.loader:
            optimizer.zero_grad()
            logits = model(x)
            loss = loss_fn(logits, y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
        model.eval()
        with torch.no_grad():
            test_correct = (model(digits.x_test).argmax(1) == digits.y_test).sum().item()
        print(f"epoch {epoch:3d}  loss {total / n_train:.6f}  train accuracy "
              f"{correct / n_train:.4f}  test accuracy {test_correct / n_test:.4f}")
    print(f"test accuracy {100 * test_correct / n_test:.2f}% ({test_correct}/{n_test}) "
          f"after {args.epochs} epochs")
    print(f"time {time.perf_counter() - start:.2f} s")
