"""Records the orders of PyTorch's ``torch.utils.data`` for seeds and configurations: shuffled
``DataLoader`` batches (default generator after ``manual_seed``, and an explicit generator, with
and without ``drop_last``, two epochs), ``RandomSampler`` with and without replacement, and
``random_split`` by lengths and by fractions; plus ``default_collate`` of mixed samples.

Run with a Python that has torch (never in CI):  python gen_data_loader.py > data_loader.json
"""

import json

import torch
from torch.utils.data import DataLoader, RandomSampler, TensorDataset, random_split

cases = []
for seed in (0, 1, 42, 2**32 + 7):
    for n, batch, drop_last in ((7, 3, False), (10, 4, True), (33, 5, False)):
        ds = TensorDataset(torch.arange(float(n)))
        torch.manual_seed(seed)
        loader = DataLoader(ds, batch_size=batch, shuffle=True, drop_last=drop_last)
        epochs = [[b[0].tolist() for b in loader] for _ in range(2)]
        after = torch.rand(2).tolist()
        cases.append({"kind": "loader_default", "seed": seed, "n": n, "batch": batch,
                      "drop_last": drop_last, "epochs": epochs, "after": after})
        g = torch.Generator().manual_seed(seed)
        loader = DataLoader(ds, batch_size=batch, shuffle=True, drop_last=drop_last, generator=g)
        epochs = [[b[0].tolist() for b in loader] for _ in range(2)]
        cases.append({"kind": "loader_generator", "seed": seed, "n": n, "batch": batch,
                      "drop_last": drop_last, "epochs": epochs})
    for n, replacement, num in ((5, False, None), (9, False, 20), (40, True, 70)):
        g = torch.Generator().manual_seed(seed)
        order = list(RandomSampler(range(n), replacement=replacement, num_samples=num, generator=g))
        cases.append({"kind": "sampler", "seed": seed, "n": n, "replacement": replacement,
                      "num_samples": num, "order": order})
    for n, lengths in ((10, [3, 7]), (30, [0.3, 0.3, 0.4]), (7, [0.5, 0.5])):
        g = torch.Generator().manual_seed(seed)
        parts = [list(s) for s in random_split(range(n), lengths, generator=g)]
        cases.append({"kind": "split", "seed": seed, "n": n, "lengths": lengths, "parts": parts})
print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0))
