"""A JSON description of a loaded checkpoint (tensors as dtype, shape, values), the same under
PyTorch (gen_torch_save.py) and ferrograd (test_serialization.py): ``describe(obj, torch)``."""

import collections


def describe(obj, torch):
    if isinstance(obj, torch.nn.Parameter):
        return {"parameter": describe(obj.detach(), torch), "requires_grad": obj.requires_grad}
    if isinstance(obj, torch.Tensor):
        # 16-bit floats are listed through float32 (ferrograd loads them as float32)
        values = obj.float().tolist() if str(obj.dtype) in ("torch.float16", "torch.bfloat16") else obj.tolist()
        return {"dtype": str(obj.dtype), "shape": list(obj.shape), "values": values, "requires_grad": obj.requires_grad}
    if isinstance(obj, torch.Size):
        return {"size": list(obj)}
    if isinstance(obj, torch.dtype):
        return {"torch_dtype": str(obj)}
    if isinstance(obj, collections.OrderedDict):
        return {"ordered": [[k, describe(v, torch)] for k, v in obj.items()]}
    if isinstance(obj, dict):
        return {"dict": [[k, describe(v, torch)] for k, v in obj.items()]}
    if isinstance(obj, tuple):
        return {"tuple": [describe(v, torch) for v in obj]}
    if isinstance(obj, list):
        return {"list": [describe(v, torch) for v in obj]}
    return {"value": obj}
