"""``torch.utils.data`` against orders recorded from PyTorch (``data/gen_data_loader.py``):
shuffled loaders on the default generator and on their own, samplers with and without
replacement, ``random_split``; and the loader's surface."""

import json
import os
import warnings

import pytest

import ferrograd as torch
from ferrograd.utils.data import (
    BatchSampler,
    DataLoader,
    Dataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    TensorDataset,
    default_collate,
    random_split,
)

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "data_loader.json")) as f:
    CASES = json.load(f)["cases"]


@pytest.mark.parametrize("c", CASES, ids=lambda c: f"{c['kind']}-{c['seed']}-{c['n']}")
def test_orders_match_pytorch(c):
    if c["kind"].startswith("loader"):
        ds = TensorDataset(torch.arange(float(c["n"])))
        if c["kind"] == "loader_default":
            torch.manual_seed(c["seed"])
            loader = DataLoader(ds, batch_size=c["batch"], shuffle=True, drop_last=c["drop_last"])
        else:
            g = torch.Generator().manual_seed(c["seed"])
            loader = DataLoader(ds, batch_size=c["batch"], shuffle=True, drop_last=c["drop_last"], generator=g)
        assert [[b[0].tolist() for b in loader] for _ in range(2)] == c["epochs"]
        if "after" in c:
            # the loader consumed exactly what PyTorch's consumes from the default stream
            assert torch.rand(2).tolist() == pytest.approx(c["after"], rel=0, abs=0)
    elif c["kind"] == "sampler":
        g = torch.Generator().manual_seed(c["seed"])
        s = RandomSampler(range(c["n"]), replacement=c["replacement"], num_samples=c["num_samples"], generator=g)
        assert list(s) == c["order"]
    else:
        g = torch.Generator().manual_seed(c["seed"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parts = random_split(range(c["n"]), c["lengths"], generator=g)
        assert [list(p) for p in parts] == c["parts"]


def test_loader_surface():
    ds = TensorDataset(torch.arange(5.0), torch.tensor([0, 1, 0, 1, 0]))
    loader = DataLoader(ds, batch_size=2)
    assert len(loader) == 3
    x, y = next(iter(loader))
    assert x.tolist() == [0.0, 1.0] and y.tolist() == [0, 1]
    assert len(DataLoader(ds, batch_size=2, drop_last=True)) == 2
    assert [b.tolist() for b in DataLoader([1.5, 2.5, 3.5], batch_size=2)] == [[1.5, 2.5], [3.5]]
    assert DataLoader([1.5], batch_size=1).__iter__().__next__().dtype == torch.float64
    assert list(BatchSampler(SequentialSampler(range(5)), 2, drop_last=True)) == [[0, 1], [2, 3]]
    assert Subset(ds, [4, 0])[0][0].item() == 4.0
    assert default_collate([{"a": torch.tensor(1.0)}, {"a": torch.tensor(2.0)}])["a"].tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="sampler option is mutually exclusive with shuffle"):
        DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True)
    with pytest.raises(ValueError, match="^Sum of input lengths does not equal the length of the input dataset!$"):
        random_split(range(5), [2, 2])
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(torch.zeros(2), torch.zeros(3))
    with pytest.raises(NotImplementedError):
        Dataset()[0]


def test_docstring_examples_run():
    import doctest

    import ferrograd.utils.data as data
    from ferrograd.utils.data import dataloader, dataset, sampler

    globs = {"torch": torch, **{name: getattr(data, name) for name in data.__all__}}
    for module in (dataset, sampler, dataloader):
        result = doctest.testmod(module, extraglobs=globs, verbose=False)
        assert result.failed == 0 and result.attempted > 0, module.__name__
