"""The digits_cnn_epoch workload in Python: one epoch over the 1,797 digits (data/digits) of the
CNN of examples/python/digits_cnn.py (Conv2d(1,16,3,padding=1)-ReLU-MaxPool2d(2)-Conv2d(16,32,3,
padding=1)-ReLU-MaxPool2d(2)-Flatten-Linear(128,10)), batches of 32 from a shuffling DataLoader,
CrossEntropyLoss and Adam. On PyTorch it is the anchor for `digits_cnn_epoch`; with
`--backend ferrograd` it runs on ferrograd's Python bindings (`python_digits_cnn_epoch`).

usage: digits_cnn_epoch.py [--backend torch|ferrograd] [--threads N] [--reps N]

Prints the anchor's line: name, median seconds per epoch over the timed epochs, ms per batch.
"""
import argparse
import os
import statistics
import time

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--backend", choices=["torch", "ferrograd"], default="torch")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--reps", type=int, default=20)
ap.add_argument("--warm", type=int, default=2)
a = ap.parse_args()
if a.backend == "ferrograd":
    import ferrograd as torch
else:
    import torch
if a.backend == "torch":  # ferrograd: rayon's pool, one thread per core (2 here)
    torch.set_num_threads(a.threads)

here = os.path.dirname(os.path.abspath(__file__))
raw = np.fromfile(os.path.join(here, "..", "..", "..", "data", "digits", "digits.bin"), dtype=np.uint8)
raw = raw.reshape(-1, 65)
images = torch.tensor(raw[:, :64].astype(np.float32) / 16)
labels = torch.tensor(raw[:, 64].astype(np.int64))

torch.manual_seed(0)
nn = torch.nn
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(images, labels), batch_size=32, shuffle=True)
model = nn.Sequential(
    nn.Unflatten(1, (1, 8, 8)),
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
)
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)


def epoch():
    for x, y in loader:
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()


for _ in range(a.warm):
    epoch()
ts = []
for _ in range(a.reps):
    t = time.perf_counter()
    epoch()
    ts.append(time.perf_counter() - t)
t = statistics.median(ts)
name = "digits_cnn_epoch" if a.backend == "torch" else "python_digits_cnn_epoch"
print(f"{name:40s} {t:.6f} s  {t / len(loader) * 1e3:.3f} ms/batch")
