"""Writes digits.bin from scikit-learn's copy of the UCI optical digits test set
(sklearn/datasets/data/digits.csv.gz, the file behind sklearn.datasets.load_digits), and the
figures the loader's test checks (crates/ferrograd/tests/data/digits.json).

digits.bin: 1,797 rows of 65 bytes, the 64 pixels of an 8x8 image (row by row, 0..16) then
its label (0..9), in scikit-learn's order.

usage: python gen_digits.py   (with scikit-learn installed; run from anywhere)
"""
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_digits

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data", "digits.csv.gz")
with gzip.open(src, "rt") as f:
    rows = np.loadtxt(f, delimiter=",", dtype=np.int64)
assert rows.shape == (1797, 65)
assert rows.min() >= 0 and rows[:, :64].max() <= 16 and rows[:, 64].max() <= 9
rows.astype(np.uint8).tofile(os.path.join(here, "digits.bin"))

# the figures are taken from scikit-learn's own loader, not from the file written above
d = load_digits()
data = d.data.astype(np.int64)
target = d.target.astype(np.int64)
assert (data == rows[:, :64]).all() and (target == rows[:, 64]).all()
flat = np.concatenate([data, target[:, None]], axis=1).reshape(-1)
weights = np.arange(1, flat.size + 1, dtype=np.int64)
out = {
    "sklearn_version": sklearn.__version__,
    "n_samples": int(data.shape[0]),
    "n_features": int(data.shape[1]),
    "class_counts": np.bincount(target, minlength=10).tolist(),
    "pixel_sum": int(data.sum()),
    # sum over the flattened rows (pixels then label) of (position + 1) * value
    "weighted_sum": int((weights * flat).sum()),
    "pixel_value_counts": np.bincount(data.reshape(-1), minlength=17).tolist(),
    "known": {
        str(i): {"image": data[i].tolist(), "label": int(target[i])}
        for i in [0, 1, 2, 100, 1000, 1796]
    },
}
path = os.path.join(here, "..", "..", "crates", "ferrograd", "tests", "data", "digits.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote digits.bin and", os.path.normpath(path))
