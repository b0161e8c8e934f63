"""Snippets mixing tensors with NumPy arrays and scalars. Each is an expression evaluated with
``torch``, ``np``, ``t = torch.tensor([1.0, 2.0, 3.0])``, ``tg`` (the same, requiring grad) and
``arr = np.array([10.0, 20.0, 30.0])`` in scope. data/numpy_interop.json holds what PyTorch
gives for each (written by record_numpy_interop.py); test_numpy_interop.py compares."""

import numpy as np

CASES = [
    # operators with a NumPy array on either side
    "t + arr",
    "arr + t",
    "arr - t",
    "t - arr",
    "arr * t",
    "arr / t",
    "t / arr",
    "arr == t",
    "t == arr",
    "t @ arr",
    "arr @ t",
    "np.array([1, 2, 3]) + t",
    "np.array(2.0, dtype=np.float32) + t",
    "arr + tg",
    # NumPy scalars on either side
    "np.float32(2) * t",
    "t * np.float32(2)",
    "np.float64(2) * t",
    "np.int64(3) + t",
    "np.bool_(True) * t",
    "np.float32(1) - t",
    "np.float32(1) / t",
    "np.int64(2) ** t",
    "t ** np.int64(2)",
    "np.float32(2) * tg",
    "tg * np.float32(2)",
    "np.int64(2) * tg",
    "np.float64(0.5) + tg",
    "torch.tensor([1, 2]) * np.float64(2.5)",
    "torch.tensor([1, 2]) + np.array([0.5, 1.0])",
    # NumPy scalars where PyTorch takes Python numbers
    "torch.tensor(np.float64(1.5))",
    "torch.tensor([np.float64(1.5)])",
    "torch.tensor(np.float32(1.5))",
    "torch.tensor(np.int64(3))",
    "torch.tensor(np.bool_(True))",
    "torch.full((2,), np.float64(1.5))",
    "torch.zeros(np.int64(2))",
    "t[np.int64(1)]",
    "torch.ones(2, 2).sum(dim=np.int64(0))",
    "torch.arange(np.int64(3))",
    "torch.arange(np.float32(1.5))",
    "t.clamp(min=np.float32(1.5))",
    "t.pow(np.float32(2))",
    "t + np.bool_(True)",
    "torch.add(t, t, alpha=np.float64(2))",
    "torch.where(t > 1, t, np.float64(0))",
    "t.clone().fill_(np.float32(7))",
    "t.masked_fill(t > 1, np.float32(0))",
    "torch.linspace(np.float32(0), np.int64(1), np.int64(3))",
    "t.view(np.int64(3), np.int64(1))",
    "t == np.float32(2)",
    "t.eq(np.float32(2))",
    # NumPy functions on tensors (__array__ and __array_wrap__)
    "np.sin(t)",
    "np.add(t, 1)",
    "np.exp(torch.tensor([0.0], dtype=torch.float64))",
    "np.greater(t, 1.5)",
    "np.asarray(t)",
    "np.asarray(t, dtype=np.float64)",
    "np.asarray(tg)",
    "np.asarray(torch.tensor([True, False]))",
]

# Where ferrograd deliberately differs from the PyTorch it was recorded with, and what it gives
# instead. PyTorch's Tensor.__radd__/__rsub__/__rmul__/__rmatmul__ refuse an ndarray on the left
# (a TypeError, whose text for + even speaks of concatenation) although `t + arr` and `arr / t` work;
# ferrograd takes the array as a tensor on both sides. NumPy ufuncs that give bool arrays give
# uint8 tensors in PyTorch (a workaround from before it had bool tensors); ferrograd keeps bool.
DEVIATIONS = {
    "arr + t": {"type": "Tensor", "dtype": "torch.float64", "value": [11.0, 22.0, 33.0], "requires_grad": False},
    "arr - t": {"type": "Tensor", "dtype": "torch.float64", "value": [9.0, 18.0, 27.0], "requires_grad": False},
    "arr * t": {"type": "Tensor", "dtype": "torch.float64", "value": [10.0, 40.0, 90.0], "requires_grad": False},
    "arr @ t": {"type": "Tensor", "dtype": "torch.float64", "value": 140.0, "requires_grad": False},
    "np.array([1, 2, 3]) + t": {"type": "Tensor", "dtype": "torch.float32", "value": [2.0, 4.0, 6.0], "requires_grad": False},
    "np.array(2.0, dtype=np.float32) + t": {"type": "Tensor", "dtype": "torch.float32", "value": [3.0, 4.0, 5.0], "requires_grad": False},
    "np.greater(t, 1.5)": {"type": "Tensor", "dtype": "torch.bool", "value": [False, True, True], "requires_grad": False},
    "arr + tg": {"type": "Tensor", "dtype": "torch.float64", "value": [11.0, 22.0, 33.0], "requires_grad": True},
}


def namespace(torch):
    """The names the snippets use."""
    return {
        "torch": torch,
        "np": np,
        "t": torch.tensor([1.0, 2.0, 3.0]),
        "tg": torch.tensor([1.0, 2.0, 3.0], requires_grad=True),
        "arr": np.array([10.0, 20.0, 30.0]),
    }


def describe(value):
    """A JSON-able account of a result: its type, dtype, values and whether it requires grad."""
    if isinstance(value, np.ndarray):
        return {"type": "ndarray", "dtype": str(value.dtype), "value": value.tolist()}
    return {
        "type": type(value).__name__,
        "dtype": str(value.dtype),
        "value": value.tolist(),
        "requires_grad": bool(value.requires_grad),
    }


def run(torch, snippet):
    try:
        return describe(eval(snippet, namespace(torch)))
    except Exception as e:  # noqa: BLE001 - the error is the result
        return {"error": type(e).__name__, "message": str(e)}
