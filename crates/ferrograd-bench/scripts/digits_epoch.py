"""The digits_mlp_epoch workload in Python: one epoch over the 1,797 digits (data/digits) of a
64-64-10 MLP, batches of 32 from a shuffling DataLoader, CrossEntropyLoss and Adam. The same
code runs on PyTorch (the anchor for `digits_mlp_epoch` and `python_digits_mlp_epoch`) and, with
`--backend ferrograd`, on ferrograd's Python bindings (`python_digits_mlp_epoch`).

usage: digits_epoch.py [--backend torch|ferrograd] [--threads N] [--reps N]

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
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
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
name = "digits_mlp_epoch" if a.backend == "torch" else "python_digits_mlp_epoch"
print(f"{name:40s} {t:.6f} s  {t / len(loader) * 1e3:.3f} ms/batch")
