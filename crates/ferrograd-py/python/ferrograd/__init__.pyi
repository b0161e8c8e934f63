# Type stubs of the ferrograd package (PyTorch's names and signatures).
from typing import Any, Callable, Iterator, Optional, Sequence, Tuple, TypeVar, Union, overload

import numpy as np

from . import accelerator as accelerator, autograd as autograd, cuda as cuda, func as func, nn as nn, return_types as return_types, serialization as serialization
from ._device import device as device, get_default_device as get_default_device, set_default_device as set_default_device
from ._grad_mode import (
    enable_grad as enable_grad,
    inference_mode as inference_mode,
    no_grad as no_grad,
    set_grad_enabled as set_grad_enabled,
)
from ._size import Size as Size
from .serialization import load as load, save as save
from .func import vmap as vmap

_Number = Union[int, float, bool]
_TensorOrNumber = Union["Tensor", int, float, bool]
_Size = Union[int, Sequence[int]]
_Dims = Optional[Union[int, Sequence[int]]]
_DType = Union["dtype", type]
_Device = Union[str, device, None]
_T = TypeVar("_T")

class dtype:
    """A :class:`torch.dtype` is an object that represents the data type of a tensor's elements,
    printed as PyTorch prints it (``torch.float32``). Every dtype of PyTorch's common set exists
    (``float32``, ``float64``, ``float16``, ``bfloat16``, ``int64``, ``int32``, ``int16``,
    ``int8``, ``uint8``, ``bool`` and the aliases ``float``, ``double``, ``half``, ``long``,
    ``int``, ``short``), but ferrograd tensors hold only ``torch.bool``, ``torch.int64``,
    ``torch.float32`` and ``torch.float64``: creating or converting to another one raises
    ``TypeError``.

    Example::

        >>> torch.tensor([1.0]).dtype
        torch.float32
        >>> torch.int, torch.int.itemsize, torch.float16.is_floating_point
        (torch.int32, 4, True)
        >>> torch.zeros(2, dtype=torch.int)
        Traceback (most recent call last):
            ...
        TypeError: ferrograd does not support dtype torch.int32: tensors hold only torch.bool, torch.int64, torch.float32 and torch.float64
    """
    @property
    def is_floating_point(self) -> bool:
        """Whether this is a floating point dtype (``float16``, ``bfloat16``, ``float32``,
        ``float64``).
        """
    @property
    def is_complex(self) -> bool:
        """Whether this is a complex dtype: always ``False`` (ferrograd has none)."""
    @property
    def is_signed(self) -> bool:
        """Whether this dtype can hold negative values."""
    @property
    def itemsize(self) -> int:
        """The size of one element in bytes."""

float32: dtype
float64: dtype
int64: dtype
int32: dtype
int16: dtype
int8: dtype
uint8: dtype
float16: dtype
bfloat16: dtype
bool: dtype
float: dtype
double: dtype
long: dtype
int: dtype
short: dtype
half: dtype
__version__: str

class Tensor:
    """A :class:`torch.Tensor` is a multi-dimensional matrix containing elements of a single data
    type (``torch.bool``, ``torch.int64``, ``torch.float32`` or ``torch.float64``), with
    autograd: operations on tensors that require grad are recorded, and :meth:`backward`
    computes gradients.

    Create tensors with :func:`torch.tensor`, the factories (:func:`torch.zeros`,
    :func:`torch.arange`, ...) or :func:`torch.from_numpy`. ``torch.Tensor(data)`` makes a
    float32 tensor and ``torch.Tensor(*sizes)`` a float32 tensor of zeros.

    Example::

        >>> torch.tensor([[1.0, -1.0], [1.0, -1.0]])
        tensor([[ 1., -1.],
                [ 1., -1.]])
        >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> out = x.pow(2).sum()
        >>> out.backward()
        >>> x.grad
        tensor([[2., 4.],
                [6., 8.]])
    """
    def __init__(self, *args: Any) -> None: ...
    # attributes
    @property
    def shape(self) -> Size:
        """The size of this tensor, a :class:`torch.Size` (a tuple of ints). Same as
        :meth:`~Tensor.size`.

        Example::

            >>> torch.zeros(2, 3).shape
            torch.Size([2, 3])
        """
    @property
    def dtype(self) -> dtype:
        """The :class:`torch.dtype` of this tensor's elements.

        Example::

            >>> torch.tensor([1.0]).dtype
            torch.float32
        """
    @property
    def ndim(self) -> int:
        """The number of dimensions: alias for :meth:`~Tensor.dim`.

        Example::

            >>> torch.zeros(2, 3).ndim
            2
        """
    @property
    def device(self) -> device:
        """The :class:`torch.device` where this tensor is: always the CPU.

        Example::

            >>> torch.zeros(1).device
            device(type='cpu')
        """
    @property
    def is_cuda(self) -> bool:
        """Is ``True`` if the tensor is stored on the GPU: always ``False`` in ferrograd."""
    @property
    def itemsize(self) -> int:
        """The size in bytes of an individual element: alias for :meth:`~Tensor.element_size`.

        Example::

            >>> torch.tensor([1], dtype=torch.int64).itemsize
            8
        """
    @property
    def nbytes(self) -> int:
        """The number of bytes the elements of this tensor take: ``numel() * element_size()``.

        Example::

            >>> torch.zeros(3).nbytes
            12
        """
    @property
    def T(self) -> Tensor:
        """Returns a view of this tensor with its dimensions reversed (``x.permute(n-1, ..., 0)``);
        for a matrix, its transpose.

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).T
            tensor([[1, 3],
                    [2, 4]])
        """
    @property
    def mT(self) -> Tensor:
        """Returns a view of this tensor with the last two dimensions transposed (a batch of
        transposed matrices).

        Example::

            >>> torch.zeros(5, 2, 3).mT.shape
            torch.Size([5, 3, 2])
        """
    requires_grad: bool
    grad: Optional[Tensor]
    data: Tensor
    @property
    def grad_fn(self) -> Optional[Any]:
        """The autograd node that created this tensor (``None`` for leaves and for tensors that do
        not require grad).

        Example::

            >>> x = torch.tensor([1.0], requires_grad=True)
            >>> (x * 2).grad_fn
            <MulBackward0 object at 0x...>
        """
    @property
    def is_leaf(self) -> bool:
        """All tensors that have :attr:`requires_grad` which is ``False`` are leaf tensors by
        convention; tensors that require grad are leaves if they were created by the user rather
        than by an operation (their ``grad_fn`` is ``None``). Only leaves get their :attr:`grad`
        populated by :meth:`backward`.

        Example::

            >>> a = torch.rand(2, requires_grad=True)
            >>> a.is_leaf, (a * 2).is_leaf
            (True, False)
        """
    @property
    def retains_grad(self) -> bool:
        """Is ``True`` if this tensor is non-leaf and its :attr:`grad` is enabled to be populated
        during :meth:`backward`.
        """
    @property
    def output_nr(self) -> int:
        """The index of this tensor among the outputs of the operation that created it."""
    @property
    def _version(self) -> int: ...
    @overload
    def size(self) -> Size:
        """size(dim=None) -> torch.Size or int

        Returns the size of this tensor: a :class:`torch.Size` (a subclass of ``tuple``), or the
        size of dimension :attr:`dim` as an int.

        Example::

            >>> t = torch.zeros(4, 5, 6)
            >>> t.size()
            torch.Size([4, 5, 6])
            >>> t.size(dim=1)
            5
        """
    @overload
    def size(self, dim: int) -> int:
        """size(dim=None) -> torch.Size or int

        Returns the size of this tensor: a :class:`torch.Size` (a subclass of ``tuple``), or the
        size of dimension :attr:`dim` as an int.

        Example::

            >>> t = torch.zeros(4, 5, 6)
            >>> t.size()
            torch.Size([4, 5, 6])
            >>> t.size(dim=1)
            5
        """
    @overload
    def stride(self) -> Tuple[int, ...]:
        """stride(dim=None) -> tuple or int

        Returns the stride of this tensor: the jump in storage elements from one element to the
        next in each dimension (a tuple), or in dimension :attr:`dim` (an int).

        Example::

            >>> x = torch.zeros(3, 5)
            >>> x.stride()
            (5, 1)
            >>> x.t().stride(0)
            1
        """
    @overload
    def stride(self, dim: int) -> int:
        """stride(dim=None) -> tuple or int

        Returns the stride of this tensor: the jump in storage elements from one element to the
        next in each dimension (a tuple), or in dimension :attr:`dim` (an int).

        Example::

            >>> x = torch.zeros(3, 5)
            >>> x.stride()
            (5, 1)
            >>> x.t().stride(0)
            1
        """
    def dim(self) -> int:
        """dim() -> int

        Returns the number of dimensions of this tensor.

        Example::

            >>> torch.zeros(2, 3, 4).dim()
            3
        """
    def ndimension(self) -> int:
        """ndimension() -> int

        Alias for :meth:`~Tensor.dim`.
        """
    def numel(self) -> int:
        """numel() -> int

        The number of elements of this tensor.

        See :func:`torch.numel`.

        Example::

            >>> torch.zeros(2, 3).numel()
            6
        """
    def nelement(self) -> int:
        """nelement() -> int

        Alias for :meth:`~Tensor.numel`.
        """
    def element_size(self) -> int:
        """element_size() -> int

        Returns the size in bytes of an individual element.

        Example::

            >>> torch.tensor([1.0]).element_size()
            4
        """
    def storage_offset(self) -> int:
        """storage_offset() -> int

        Returns this tensor's offset in the underlying storage in terms of number of storage
        elements.

        Example::

            >>> x = torch.arange(5)
            >>> x[3:].storage_offset()
            3
        """
    def data_ptr(self) -> int:
        """data_ptr() -> int

        Returns the address of the first element of this tensor.
        """
    def is_contiguous(self) -> bool:
        """is_contiguous() -> bool

        Returns True if this tensor is contiguous in memory in row-major order.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x.is_contiguous(), x.t().is_contiguous()
            (True, False)
        """
    def is_floating_point(self) -> bool:
        """is_floating_point() -> bool

        Returns True if the data type of this tensor is a floating point data type.

        See :func:`torch.is_floating_point`.
        """
    def is_complex(self) -> bool:
        """is_complex() -> bool

        Returns True if the data type of this tensor is a complex data type: always False in
        ferrograd.
        """
    # conversions
    def item(self) -> _Number:
        """item() -> number

        Returns the value of this tensor as a standard Python number (``float``, ``int`` or
        ``bool``). This only works for tensors with one element.

        Example::

            >>> torch.tensor([1.0]).item()
            1.0
            >>> torch.tensor(7).item()
            7
        """
    def tolist(self) -> Any:
        """tolist() -> list or number

        Returns the tensor as a (nested) list of Python numbers; a scalar for a 0-dim tensor.

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).tolist()
            [[1, 2], [3, 4]]
            >>> torch.tensor(0.5).tolist()
            0.5
        """
    def numpy(self, *, force: bool = False) -> np.ndarray:
        """numpy(*, force=False) -> numpy.ndarray

        Returns the tensor as a NumPy ``ndarray`` sharing its memory (a copy for bool tensors):
        changes to one are seen in the other. A tensor that requires grad raises
        ``RuntimeError`` unless :attr:`force` is ``True`` (then the result is
        ``self.detach().numpy()``).

        Example::

            >>> t = torch.tensor([0.4, 0.1])
            >>> t.numpy()
            array([0.4, 0.1], dtype=float32)
            >>> torch.ones(2, requires_grad=True).numpy(force=True)
            array([1., 1.], dtype=float32)
        """
    def __array__(self, dtype: Any = None, copy: Optional[bool] = None) -> np.ndarray:
        """__array__(dtype=None, copy=None) -> numpy.ndarray

        The NumPy array protocol, used by ``np.asarray(t)`` and ``np.array(t)``: the tensor's
        elements as an array sharing its memory (see :meth:`~Tensor.numpy`), converted to
        :attr:`dtype` if given, copied if :attr:`copy` is ``True``. A tensor that requires grad
        raises ``RuntimeError``, as :meth:`~Tensor.numpy` does.

        Example::

            >>> import numpy as np
            >>> np.asarray(torch.tensor([1.0, 2.0]), dtype=np.float64)
            array([1., 2.])
        """
    __array_priority__: int
    def __dlpack__(self, stream: Any = None, *, max_version: Optional[Tuple[int, int]] = None, dl_device: Any = None, copy: Optional[bool] = None) -> Any:
        """Exports the tensor as a DLPack capsule sharing its memory (a copy for bool tensors), for
        ``numpy.from_dlpack(t)`` and other DLPack consumers.

        A tensor that requires grad raises ``BufferError``, as in PyTorch.

        Args:
            stream: ``None`` or ``-1`` (ferrograd tensors live on the CPU).
            max_version, dl_device, copy: the DLPack 2023 keywords, handed on to NumPy's
                exporter.
            read_only: accepted for PyTorch's signature.

        Example::

            >>> import numpy as np
            >>> np.from_dlpack(torch.tensor([1.0, 2.0]))
            array([1., 2.], dtype=float32)
        """
    def __dlpack_device__(self) -> Tuple[int, int]:
        """The DLPack device of the tensor: ``(1, 0)``, the CPU."""
    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """to(*args, **kwargs) -> Tensor

        Performs tensor dtype and/or device conversion: ``to(dtype)``, ``to(device=None,
        dtype=None, copy=False)``, ``to(other)`` (the dtype of tensor :attr:`other`). When the
        tensor already has the requested dtype the result shares its memory (unless
        ``copy=True``). Only the CPU device exists; a dtype tensors cannot hold
        (``torch.int32``, ``torch.float16``, ...) raises ``TypeError``.

        Example::

            >>> x = torch.tensor([1.5, 2.5])
            >>> x.to(torch.float64)
            tensor([1.5000, 2.5000], dtype=torch.float64)
            >>> x.to("cpu", torch.int64)
            tensor([1, 2])
            >>> x.to(torch.float32).data_ptr() == x.data_ptr()
            True
        """
    def type(self, dtype: Optional[_DType] = None) -> Union[str, Tensor]:
        """type(dtype=None) -> str or Tensor

        Returns the type name (``'torch.FloatTensor'``) if :attr:`dtype` is not given, else
        casts this tensor to :attr:`dtype`.

        Example::

            >>> torch.zeros(1).type()
            'torch.FloatTensor'
            >>> torch.zeros(1).type(torch.int64)
            tensor([0])
        """
    def float(self) -> Tensor:
        """float() -> Tensor

        ``self.float()`` is equivalent to ``self.to(torch.float32)``.

        Example::

            >>> torch.tensor([1, 2]).float()
            tensor([1., 2.])
        """
    def double(self) -> Tensor:
        """double() -> Tensor

        ``self.double()`` is equivalent to ``self.to(torch.float64)``.

        Example::

            >>> torch.tensor([1, 2]).double()
            tensor([1., 2.], dtype=torch.float64)
        """
    def long(self) -> Tensor:
        """long() -> Tensor

        ``self.long()`` is equivalent to ``self.to(torch.int64)``.

        Example::

            >>> torch.tensor([1.7, -1.7]).long()
            tensor([ 1, -1])
        """
    def int(self) -> Tensor:
        """int() -> Tensor

        ``self.int()`` is ``self.to(torch.int32)`` in PyTorch. ferrograd tensors cannot hold
        ``torch.int32``, so this raises ``TypeError``; use :meth:`~Tensor.long` for
        ``torch.int64``.

        Example::

            >>> torch.tensor([1.5]).int()
            Traceback (most recent call last):
                ...
            TypeError: ferrograd does not support dtype torch.int32: tensors hold only torch.bool, torch.int64, torch.float32 and torch.float64
        """
    def short(self) -> Tensor:
        """short() -> Tensor

        ``self.short()`` is ``self.to(torch.int16)`` in PyTorch; ferrograd tensors cannot hold
        ``torch.int16``, so this raises ``TypeError``.
        """
    def char(self) -> Tensor:
        """char() -> Tensor

        ``self.char()`` is ``self.to(torch.int8)`` in PyTorch; ferrograd tensors cannot hold
        ``torch.int8``, so this raises ``TypeError``.
        """
    def byte(self) -> Tensor:
        """byte() -> Tensor

        ``self.byte()`` is ``self.to(torch.uint8)`` in PyTorch; ferrograd tensors cannot hold
        ``torch.uint8``, so this raises ``TypeError``.
        """
    def half(self) -> Tensor:
        """half() -> Tensor

        ``self.half()`` is ``self.to(torch.float16)`` in PyTorch; ferrograd tensors cannot hold
        ``torch.float16``, so this raises ``TypeError``.
        """
    def bfloat16(self) -> Tensor:
        """bfloat16() -> Tensor

        ``self.bfloat16()`` is ``self.to(torch.bfloat16)`` in PyTorch; ferrograd tensors cannot
        hold ``torch.bfloat16``, so this raises ``TypeError``.
        """
    def bool(self) -> Tensor:
        """bool() -> Tensor

        ``self.bool()`` is equivalent to ``self.to(torch.bool)``.

        Example::

            >>> torch.tensor([0.0, 2.0]).bool()
            tensor([False,  True])
        """
    def cpu(self) -> Tensor:
        """cpu() -> Tensor

        Returns this tensor: ferrograd tensors are always in CPU memory.
        """
    def cuda(self, *args: Any, **kwargs: Any) -> Tensor:
        """cuda(device=None, non_blocking=False) -> Tensor

        Raises ``RuntimeError``: ferrograd runs on the CPU only.
        """
    def clone(self) -> Tensor:
        """clone() -> Tensor

        Returns a copy of this tensor. The copy is recorded in the autograd graph: gradients
        flowing to the clone flow to this tensor.

        Example::

            >>> x = torch.tensor([1.0, 2.0])
            >>> y = x.clone()
            >>> y[0] = 5.0
            >>> x
            tensor([1., 2.])
        """
    def contiguous(self) -> Tensor:
        """contiguous() -> Tensor

        Returns a tensor contiguous in memory containing the same data as this tensor (``self``
        if it is already contiguous).

        Example::

            >>> x = torch.zeros(2, 3).t()
            >>> x.is_contiguous(), x.contiguous().is_contiguous()
            (False, True)
        """
    def new_zeros(self, *size: Any, dtype: Optional[_DType] = None, device: Any = None, requires_grad: bool = False) -> Tensor:
        """new_zeros(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

        Returns a tensor of size :attr:`size` filled with ``0``, of this tensor's dtype (or
        :attr:`dtype`).

        Example::

            >>> torch.tensor([1], dtype=torch.int64).new_zeros(2)
            tensor([0, 0])
        """
    def new_ones(self, *size: Any, dtype: Optional[_DType] = None, device: Any = None, requires_grad: bool = False) -> Tensor:
        """new_ones(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

        Returns a tensor of size :attr:`size` filled with ``1``, of this tensor's dtype (or
        :attr:`dtype`).

        Example::

            >>> torch.tensor([1.0], dtype=torch.float64).new_ones(2)
            tensor([1., 1.], dtype=torch.float64)
        """
    def new_tensor(self, data: Any, *, dtype: Optional[_DType] = None, device: Any = None, requires_grad: bool = False) -> Tensor:
        """new_tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor

        Returns a new tensor with :attr:`data` (copied), of this tensor's dtype (or
        :attr:`dtype`).

        Example::

            >>> torch.zeros(1, dtype=torch.float64).new_tensor([1, 2])
            tensor([1., 2.], dtype=torch.float64)
        """
    # autograd
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """requires_grad_(requires_grad=True) -> Tensor

        Sets whether autograd should record operations on this tensor, in place, and returns it.

        Example::

            >>> torch.tensor([1.0]).requires_grad_()
            tensor([1.], requires_grad=True)
        """
    def retain_grad(self) -> None:
        """retain_grad() -> None

        Enables this non-leaf tensor to have its :attr:`grad` populated during :meth:`backward`.

        Example::

            >>> x = torch.tensor([1.0], requires_grad=True)
            >>> y = x * 3
            >>> y.retain_grad()
            >>> (y * y).sum().backward()
            >>> y.grad
            tensor([6.])
        """
    def detach(self) -> Tensor:
        """detach() -> Tensor

        Returns a new tensor, detached from the current graph: it shares this tensor's memory
        and never requires grad.

        Example::

            >>> x = torch.tensor([1.0], requires_grad=True)
            >>> x.detach()
            tensor([1.])
        """
    def detach_(self) -> Tensor:
        """detach_() -> Tensor

        Detaches this tensor from the graph that created it, making it a leaf, in place.
        """
    def backward(
        self,
        gradient: Optional[_TensorOrNumber] = None,
        retain_graph: Optional[bool] = None,
        create_graph: bool = False,
        inputs: Optional[Union[Tensor, Sequence[Tensor]]] = None,
    ) -> None:
        """backward(gradient=None, retain_graph=None, create_graph=False, inputs=None) -> None

        Computes the gradient of this tensor with respect to the graph leaves and accumulates it
        in their :attr:`grad`. For a tensor with more than one element, :attr:`gradient` (of the
        same shape) must be given.

        See :func:`torch.autograd.backward`.

        Example::

            >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
            >>> y = (x ** 2).sum()
            >>> y.backward()
            >>> x.grad
            tensor([2., 4.])
        """
    def register_hook(self, hook: Callable[[Tensor], Optional[Tensor]]) -> Any:
        """register_hook(hook) -> RemovableHandle

        Registers a backward hook, called with the gradient of this tensor each time it is
        computed: ``hook(grad) -> Tensor or None``. A returned tensor replaces the gradient.
        Returns a handle whose ``remove()`` removes the hook.

        Example::

            >>> v = torch.tensor([0.0, 0.0, 0.0], requires_grad=True)
            >>> h = v.register_hook(lambda grad: grad * 2)
            >>> v.backward(torch.tensor([1.0, 2.0, 3.0]))
            >>> v.grad
            tensor([2., 4., 6.])
            >>> h.remove()
        """
    # arithmetic
    def add(self, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
        """add(other, *, alpha=1) -> Tensor

        Adds :attr:`other` (a tensor or a number), scaled by :attr:`alpha`, to this tensor.

        See :func:`torch.add`.
        """
    def sub(self, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
        """sub(other, *, alpha=1) -> Tensor

        Subtracts :attr:`other`, scaled by :attr:`alpha`, from this tensor.

        See :func:`torch.sub`.
        """
    def subtract(self, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
        """subtract(other, *, alpha=1) -> Tensor

        Alias for :meth:`~Tensor.sub`.

        See :func:`torch.subtract`.
        """
    def mul(self, other: _TensorOrNumber) -> Tensor:
        """mul(other) -> Tensor

        Multiplies this tensor by :attr:`other` (a tensor or a number).

        See :func:`torch.mul`.
        """
    def multiply(self, other: _TensorOrNumber) -> Tensor:
        """multiply(other) -> Tensor

        Alias for :meth:`~Tensor.mul`.

        See :func:`torch.multiply`.
        """
    def div(self, other: _TensorOrNumber, *, rounding_mode: Optional[str] = None) -> Tensor:
        """div(other, *, rounding_mode=None) -> Tensor

        Divides this tensor by :attr:`other` (a tensor or a number).

        See :func:`torch.div`.
        """
    def divide(self, other: _TensorOrNumber) -> Tensor:
        """divide(other) -> Tensor

        Alias for :meth:`~Tensor.div`.

        See :func:`torch.divide`.
        """
    def true_divide(self, other: _TensorOrNumber) -> Tensor:
        """true_divide(other) -> Tensor

        Alias for :meth:`~Tensor.div` without rounding.

        See :func:`torch.true_divide`.
        """
    def floor_divide(self, other: _TensorOrNumber) -> Tensor:
        """floor_divide(other) -> Tensor

        Divides this tensor by :attr:`other` and rounds the quotient toward minus infinity.

        See :func:`torch.floor_divide`.
        """
    def floor_divide_(self, other: _TensorOrNumber) -> Tensor:
        """floor_divide_(other) -> Tensor

        In-place version of :meth:`~Tensor.floor_divide`.
        """
    def pow(self, exponent: _TensorOrNumber) -> Tensor:
        """pow(exponent) -> Tensor

        Raises each element to :attr:`exponent` (a tensor or a number).

        See :func:`torch.pow`.
        """
    def matmul(self, other: Tensor) -> Tensor:
        """matmul(other) -> Tensor

        Matrix product with :attr:`other` (``self @ other``).

        See :func:`torch.matmul`.
        """
    def mm(self, mat2: Tensor) -> Tensor:
        """mm(mat2) -> Tensor

        Matrix product of this matrix with :attr:`mat2`.

        See :func:`torch.mm`.
        """
    def mv(self, vec: Tensor) -> Tensor:
        """mv(vec) -> Tensor

        Product of this matrix with the vector :attr:`vec`.

        See :func:`torch.mv`.
        """
    def dot(self, other: Tensor) -> Tensor:
        """dot(other) -> Tensor

        Dot product of this 1-D tensor with :attr:`other`.

        See :func:`torch.dot`.
        """
    def outer(self, vec2: Tensor) -> Tensor:
        """outer(vec2) -> Tensor

        Outer product of this 1-D tensor with :attr:`vec2`.

        See :func:`torch.outer`.
        """
    def add_(self, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
        """add_(other, *, alpha=1) -> Tensor

        In-place version of :meth:`~Tensor.add`: adds ``alpha * other`` to this tensor and
        returns it.

        Example::

            >>> x = torch.ones(2)
            >>> x.add_(torch.tensor([1.0, 2.0]), alpha=2)
            tensor([3., 5.])
        """
    def sub_(self, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
        """sub_(other, *, alpha=1) -> Tensor

        In-place version of :meth:`~Tensor.sub`.
        """
    def mul_(self, other: _TensorOrNumber) -> Tensor:
        """mul_(other) -> Tensor

        In-place version of :meth:`~Tensor.mul`.
        """
    def div_(self, other: _TensorOrNumber) -> Tensor:
        """div_(other) -> Tensor

        In-place version of :meth:`~Tensor.div`.
        """
    def uniform_(self, from_: float = 0.0, to: float = 1.0, *, generator: Optional[Generator] = None) -> Tensor:
        """uniform_(from=0, to=1, *, generator=None) -> Tensor

        Fills this tensor with numbers sampled from the continuous uniform distribution on
        ``[from, to)``.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> torch.zeros(2).uniform_(-1, 1)
            tensor([-0.0075,  0.5364])
        """
    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Optional[Generator] = None) -> Tensor:
        """normal_(mean=0, std=1, *, generator=None) -> Tensor

        Fills this tensor with numbers sampled from the normal distribution of the given mean
        and standard deviation.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> torch.zeros(2).normal_()
            tensor([ 1.5410, -0.2934])
        """
    def bernoulli_(self, p: Union[float, Tensor, None] = None, *, generator: Optional[Generator] = None) -> Tensor:
        """bernoulli_(p=0.5, *, generator=None) -> Tensor

        Fills each element with 1 with probability :attr:`p` (a number, or a tensor of
        probabilities broadcast to this shape), else 0.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> torch.zeros(4).bernoulli_(0.5)
            tensor([0., 0., 1., 0.])
        """
    def bernoulli(self, p: Optional[float] = None, *, generator: Optional[Generator] = None) -> Tensor:
        """bernoulli(p=None, *, generator=None) -> Tensor

        See :func:`torch.bernoulli`.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> torch.tensor([0.0, 1.0]).bernoulli()
            tensor([0., 1.])
        """
    def exponential_(self, lambd: float = 1.0, *, generator: Optional[Generator] = None) -> Tensor:
        """exponential_(lambd=1, *, generator=None) -> Tensor

        Fills this tensor with numbers drawn from the exponential distribution of rate
        :attr:`lambd`.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> torch.zeros(2, dtype=torch.float64).exponential_()
            tensor([3.5083, 1.2304], dtype=torch.float64)
        """
    def random_(self, *args: int, generator: Optional[Generator] = None, **kwargs: Optional[int]) -> Tensor:
        """random_(from=0, to=None, *, generator=None) -> Tensor

        Fills this tensor with integers drawn uniformly from ``[from, to - 1]``; ``random_(to)``
        draws from ``[0, to - 1]`` and ``random_()`` from every integer the dtype holds exactly.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> torch.zeros(4, dtype=torch.int64).random_(0, 10)
            tensor([4, 9, 3, 0])
        """
    def multinomial(self, num_samples: int, replacement: bool = False, *, generator: Optional[Generator] = None) -> Tensor:
        """multinomial(num_samples, replacement=False, *, generator=None) -> Tensor

        See :func:`torch.multinomial`.

        Example::

            >>> _ = torch.manual_seed(0)
            >>> torch.tensor([0.0, 1.0]).multinomial(1)
            tensor([1])
        """
    def zero_(self) -> Tensor:
        """zero_() -> Tensor

        Fills this tensor with zeros and returns it.

        Example::

            >>> torch.ones(2).zero_()
            tensor([0., 0.])
        """
    def fill_(self, value: _TensorOrNumber) -> Tensor:
        """fill_(value) -> Tensor

        Fills this tensor with :attr:`value` (a number or a one-element tensor) and returns it.

        Example::

            >>> torch.zeros(2).fill_(1.5)
            tensor([1.5000, 1.5000])
        """
    def copy_(self, src: _TensorOrNumber, non_blocking: bool = False) -> Tensor:
        """copy_(src, non_blocking=False) -> Tensor

        Copies the elements from :attr:`src` (broadcast to this tensor's shape, converted to its
        dtype) into this tensor and returns it.

        Example::

            >>> torch.zeros(2, 2).copy_(torch.tensor([1.0, 2.0]))
            tensor([[1., 2.],
                    [1., 2.]])
        """
    # elementwise
    def absolute(self) -> Tensor:
        """absolute() -> Tensor

        Alias for :func:`torch.abs`: the absolute value of each element in :attr:`input`.

        See :func:`torch.absolute`.
        """
    def neg(self) -> Tensor:
        """neg() -> Tensor

        The negative of each element.

        See :func:`torch.neg`.
        """
    def negative(self) -> Tensor:
        """negative() -> Tensor

        Alias for :func:`torch.neg`: returns a new tensor with the negative of the elements of :attr:`input`.

        See :func:`torch.negative`.
        """
    def clamp(self, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
        """clamp(min=None, max=None) -> Tensor

        Clamps all elements into the range ``[min, max]``.

        See :func:`torch.clamp`.
        """
    def clip(self, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
        """clip(min=None, max=None) -> Tensor

        Alias for :meth:`~Tensor.clamp`.

        See :func:`torch.clamp`.
        """
    def clamp_min(self, min: Union[_Number, Tensor]) -> Tensor:
        """clamp_min(min) -> Tensor

        Clamps all elements to be at least :attr:`min`.

        See :func:`torch.clamp`.
        """
    def clamp_max(self, max: Union[_Number, Tensor]) -> Tensor:
        """clamp_max(max) -> Tensor

        Clamps all elements to be at most :attr:`max`.

        See :func:`torch.clamp`.
        """
    def eq(self, other: _TensorOrNumber) -> Tensor:
        """eq(other) -> Tensor

        Elementwise ``self == other`` as a bool tensor.

        See :func:`torch.eq`.
        """
    def ne(self, other: _TensorOrNumber) -> Tensor:
        """ne(other) -> Tensor

        Elementwise ``self != other`` as a bool tensor.

        See :func:`torch.ne`.
        """
    def lt(self, other: _TensorOrNumber) -> Tensor:
        """lt(other) -> Tensor

        Elementwise ``self < other`` as a bool tensor.

        See :func:`torch.lt`.
        """
    def le(self, other: _TensorOrNumber) -> Tensor:
        """le(other) -> Tensor

        Elementwise ``self <= other`` as a bool tensor.

        See :func:`torch.le`.
        """
    def gt(self, other: _TensorOrNumber) -> Tensor:
        """gt(other) -> Tensor

        Elementwise ``self > other`` as a bool tensor.

        See :func:`torch.gt`.
        """
    def ge(self, other: _TensorOrNumber) -> Tensor:
        """ge(other) -> Tensor

        Elementwise ``self >= other`` as a bool tensor.

        See :func:`torch.ge`.
        """
    def logical_not(self) -> Tensor:
        """logical_not() -> Tensor

        Elementwise logical NOT as a bool tensor.

        See :func:`torch.logical_not`.
        """
    def logical_and(self, other: _TensorOrNumber) -> Tensor:
        """logical_and(other) -> Tensor

        Elementwise logical AND as a bool tensor.

        See :func:`torch.logical_and`.
        """
    def logical_or(self, other: _TensorOrNumber) -> Tensor:
        """logical_or(other) -> Tensor

        Elementwise logical OR as a bool tensor.

        See :func:`torch.logical_or`.
        """
    def logical_xor(self, other: _TensorOrNumber) -> Tensor:
        """logical_xor(other) -> Tensor

        Elementwise logical XOR as a bool tensor.

        See :func:`torch.logical_xor`.
        """
    def bitwise_and(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_and(other) -> Tensor

        The bitwise AND of this integer or bool tensor with :attr:`other` (a tensor or a
        number), with broadcasting: logical AND for two bool operands.

        See :func:`torch.bitwise_and`.
        """
    def bitwise_and_(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_and_(other) -> Tensor

        In-place :meth:`bitwise_and`.
        """
    def bitwise_or(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_or(other) -> Tensor

        The bitwise OR of this integer or bool tensor with :attr:`other`.

        See :func:`torch.bitwise_or`.
        """
    def bitwise_or_(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_or_(other) -> Tensor

        In-place :meth:`bitwise_or`.
        """
    def bitwise_xor(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_xor(other) -> Tensor

        The bitwise XOR of this integer or bool tensor with :attr:`other`.

        See :func:`torch.bitwise_xor`.
        """
    def bitwise_xor_(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_xor_(other) -> Tensor

        In-place :meth:`bitwise_xor`.
        """
    def bitwise_left_shift(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_left_shift(other) -> Tensor

        This integer tensor shifted left by :attr:`other` bits (0 for a shift below 0 or
        above 63).

        See :func:`torch.bitwise_left_shift`.
        """
    def bitwise_left_shift_(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_left_shift_(other) -> Tensor

        In-place :meth:`bitwise_left_shift`.
        """
    def bitwise_right_shift(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_right_shift(other) -> Tensor

        This integer tensor shifted right (arithmetically) by :attr:`other` bits.

        See :func:`torch.bitwise_right_shift`.
        """
    def bitwise_right_shift_(self, other: _TensorOrNumber) -> Tensor:
        """bitwise_right_shift_(other) -> Tensor

        In-place :meth:`bitwise_right_shift`.
        """
    def bitwise_not(self) -> Tensor:
        """bitwise_not() -> Tensor

        The one's complement of this integer tensor, or the logical NOT of a bool one.

        See :func:`torch.bitwise_not`.
        """
    def bitwise_not_(self) -> Tensor:
        """bitwise_not_() -> Tensor

        In-place :meth:`bitwise_not`.
        """
    def where(self, condition: Tensor, other: _TensorOrNumber) -> Tensor:
        """where(condition, y) -> Tensor

        ``self.where(condition, y)`` is ``torch.where(condition, self, y)``.

        See :func:`torch.where`.

        Example::

            >>> x = torch.tensor([1.0, -1.0])
            >>> x.where(x > 0, 0.0)
            tensor([1., 0.])
        """
    def gather(self, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
        """gather(dim, index) -> Tensor

        Gathers values along :attr:`dim` at the positions of the int64 tensor :attr:`index`:
        ``out[i][j] = self[index[i][j]][j]`` for ``dim=0``. ``index`` has as many dimensions as
        this tensor; the result has its shape.

        Example::

            >>> t = torch.tensor([[1., 2.], [3., 4.]])
            >>> t.gather(1, torch.tensor([[0, 0], [1, 0]]))
            tensor([[1., 1.],
                    [4., 3.]])
        """
    def scatter(self, dim: int, index: Tensor, src: Optional[_TensorOrNumber] = None, *, value: Optional[_Number] = None, reduce: Optional[str] = None) -> Tensor:
        """scatter(dim, index, src) -> Tensor

        A copy of this tensor with the values of :attr:`src` (a tensor, or one number) written
        at the positions :attr:`index` names along :attr:`dim`:
        ``out[index[i][j]][j] = src[i][j]`` for ``dim=0``.

        Example::

            >>> torch.zeros(2, 3).scatter(1, torch.tensor([[2], [0]]), torch.tensor([[5.], [6.]]))
            tensor([[0., 0., 5.],
                    [6., 0., 0.]])
            >>> torch.zeros(3).scatter(0, torch.tensor([1]), 7.0)
            tensor([0., 7., 0.])
        """
    def scatter_(self, dim: int, index: Tensor, src: Optional[_TensorOrNumber] = None, *, value: Optional[_Number] = None, reduce: Optional[str] = None) -> Tensor:
        """scatter_(dim, index, src) -> Tensor

        In-place :meth:`scatter`.

        Example::

            >>> x = torch.zeros(3)
            >>> x.scatter_(0, torch.tensor([2]), torch.tensor([1.]))
            tensor([0., 0., 1.])
        """
    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """scatter_add(dim, index, src) -> Tensor

        A copy of this tensor with the values of :attr:`src` added at the positions
        :attr:`index` names along :attr:`dim` (repeated positions accumulate).

        Example::

            >>> torch.zeros(3).scatter_add(0, torch.tensor([2, 0, 2]), torch.tensor([1., 2., 4.]))
            tensor([2., 0., 5.])
        """
    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """scatter_add_(dim, index, src) -> Tensor

        In-place :meth:`scatter_add`.

        Example::

            >>> x = torch.ones(2)
            >>> x.scatter_add_(0, torch.tensor([0, 0]), torch.tensor([1., 1.]))
            tensor([3., 1.])
        """
    def index_select(self, dim: int, index: Tensor) -> Tensor:
        """index_select(dim, index) -> Tensor

        The slices of this tensor along :attr:`dim` at the positions of the 1-D int64 tensor
        :attr:`index`.

        Example::

            >>> torch.tensor([[1., 2., 3.], [4., 5., 6.]]).index_select(1, torch.tensor([2, 0]))
            tensor([[3., 1.],
                    [6., 4.]])
        """
    def index_add(self, dim: int, index: Tensor, source: Tensor, *, alpha: Optional[_Number] = None) -> Tensor:
        """index_add(dim, index, source, *, alpha=1) -> Tensor

        A copy of this tensor with ``alpha * source`` added to the slices :attr:`index` names
        along :attr:`dim` (repeated indices accumulate).

        Example::

            >>> torch.zeros(3).index_add(0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]))
            tensor([3., 0., 3.])
        """
    def index_add_(self, dim: int, index: Tensor, source: Tensor, *, alpha: Optional[_Number] = None) -> Tensor:
        """index_add_(dim, index, source, *, alpha=1) -> Tensor

        In-place :meth:`index_add`.

        Example::

            >>> x = torch.ones(2)
            >>> x.index_add_(0, torch.tensor([1]), torch.tensor([5.]), alpha=2)
            tensor([ 1., 11.])
        """
    def index_put(self, indices: Sequence[Tensor], values: Tensor, accumulate: bool = False) -> Tensor:
        """index_put(indices, values, accumulate=False) -> Tensor

        A copy of this tensor with :attr:`values` written at the elements that the tuple of
        index tensors :attr:`indices` names (``x[indices] = values`` out of place); with
        :attr:`accumulate`, added to them, repeated indices adding up.

        Example::

            >>> i = (torch.tensor([0, 0]), torch.tensor([1, 1]))
            >>> torch.zeros(2, 2).index_put(i, torch.tensor([1., 2.]), accumulate=True)
            tensor([[0., 3.],
                    [0., 0.]])
        """
    def index_put_(self, indices: Sequence[Tensor], values: Tensor, accumulate: bool = False) -> Tensor:
        """index_put_(indices, values, accumulate=False) -> Tensor

        In-place :meth:`index_put`.

        Example::

            >>> x = torch.zeros(3)
            >>> x.index_put_((torch.tensor([0, 0]),), torch.tensor(1.), accumulate=True)
            tensor([2., 0., 0.])
        """
    def index_fill(self, dim: int, index: Tensor, value: _TensorOrNumber) -> Tensor:
        """index_fill(dim, index, value) -> Tensor

        A copy of this tensor with :attr:`value` in the slices :attr:`index` names along
        :attr:`dim`.

        Example::

            >>> torch.ones(2, 2).index_fill(1, torch.tensor([1]), -1.0)
            tensor([[ 1., -1.],
                    [ 1., -1.]])
        """
    def index_fill_(self, dim: int, index: Tensor, value: _TensorOrNumber) -> Tensor:
        """index_fill_(dim, index, value) -> Tensor

        In-place :meth:`index_fill`.

        Example::

            >>> x = torch.zeros(3)
            >>> x.index_fill_(0, torch.tensor([0, 2]), 1.0)
            tensor([1., 0., 1.])
        """
    def masked_select(self, mask: Tensor) -> Tensor:
        """masked_select(mask) -> Tensor

        The elements where the bool tensor :attr:`mask` (broadcast with this tensor) is
        ``True``, as a 1-D tensor.

        Example::

            >>> x = torch.tensor([[1., -2.], [-3., 4.]])
            >>> x.masked_select(x > 0)
            tensor([1., 4.])
        """
    def masked_fill_(self, mask: Tensor, value: _TensorOrNumber) -> Tensor:
        """masked_fill_(mask, value) -> Tensor

        In-place :meth:`masked_fill`.

        Example::

            >>> x = torch.tensor([1.0, -1.0])
            >>> x.masked_fill_(x < 0, 0.0)
            tensor([1., 0.])
        """
    def take_along_dim(self, indices: Tensor, dim: Optional[int] = None) -> Tensor:
        """take_along_dim(indices, dim=None) -> Tensor

        The values at :attr:`indices` along :attr:`dim` (``indices`` broadcasts with this tensor
        in the other dimensions), as the indices of :meth:`argsort` or :meth:`topk` give them;
        with ``dim=None`` both are flattened first.

        Example::

            >>> x = torch.tensor([[10., 30., 20.], [60., 40., 50.]])
            >>> x.take_along_dim(x.argsort(dim=1), dim=1)
            tensor([[10., 20., 30.],
                    [40., 50., 60.]])
        """
    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
        """topk(k, dim=-1, largest=True, sorted=True) -> (Tensor, LongTensor)

        The :attr:`k` largest (or, with ``largest=False``, smallest) elements along :attr:`dim`
        and their indices, as the named tuple ``(values, indices)``.

        Example::

            >>> torch.tensor([1., 4., 2., 3.]).topk(2)
            torch.return_types.topk(
            values=tensor([4., 3.]),
            indices=tensor([1, 3]))
        """
    def sort(self, dim: int = -1, descending: bool = False, *, stable: Optional[bool] = None) -> Any:
        """sort(dim=-1, descending=False, stable=False) -> (Tensor, LongTensor)

        The elements sorted along :attr:`dim` and the indices they came from, as the named tuple
        ``(values, indices)``. NaN sorts as the largest value; ``stable=True`` keeps equal
        elements in their order.

        Example::

            >>> torch.tensor([3., 1., 2.]).sort()
            torch.return_types.sort(
            values=tensor([1., 2., 3.]),
            indices=tensor([1, 2, 0]))
        """
    def argsort(self, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
        """argsort(dim=-1, descending=False, stable=False) -> LongTensor

        The indices that sort this tensor along :attr:`dim` (those of :meth:`sort`).

        Example::

            >>> torch.tensor([3., 1., 2.]).argsort()
            tensor([1, 2, 0])
        """
    def cumsum(self, dim: int, *, dtype: Optional[_DType] = None) -> Tensor:
        """cumsum(dim, *, dtype=None) -> Tensor

        The cumulative sum along :attr:`dim` (integers and bools sum as int64).

        Example::

            >>> torch.tensor([1., 2., 3.]).cumsum(0)
            tensor([1., 3., 6.])
        """
    def cumsum_(self, dim: int, *, dtype: Optional[_DType] = None) -> Tensor:
        """cumsum_(dim, *, dtype=None) -> Tensor

        In-place :meth:`cumsum`.

        Example::

            >>> torch.tensor([1., 2.]).cumsum_(0)
            tensor([1., 3.])
        """
    def var(self, dim: _Dims = None, unbiased: Optional[bool] = None, keepdim: bool = False, *, correction: Optional[float] = None) -> Tensor:
        """var(dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor

        The variance over :attr:`dim` (all dimensions by default), dividing by
        ``N - correction``; ``unbiased=False`` is ``correction=0``.

        See :func:`torch.var`.

        Example::

            >>> x = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])
            >>> x.var(1)
            tensor([1., 4.])
            >>> x.var(1, correction=0)
            tensor([0.6667, 2.6667])
        """
    def std(self, dim: _Dims = None, unbiased: Optional[bool] = None, keepdim: bool = False, *, correction: Optional[float] = None) -> Tensor:
        """std(dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor

        The standard deviation over :attr:`dim`, the square root of :meth:`var`.

        See :func:`torch.std`.

        Example::

            >>> torch.tensor([1.0, 3.0]).std()
            tensor(1.4142)
        """
    def prod(self, dim: Optional[int] = None, keepdim: bool = False, *, dtype: Optional[_DType] = None) -> Tensor:
        """prod(dim=None, keepdim=False, *, dtype=None) -> Tensor

        The product of the elements, of all of them or along :attr:`dim`.

        See :func:`torch.prod`.

        Example::

            >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
            >>> x.prod(), x.prod(1)
            (tensor(24.), tensor([ 2., 12.]))
        """
    def logsumexp(self, dim: _Dims, keepdim: bool = False) -> Tensor:
        """logsumexp(dim, keepdim=False) -> Tensor

        ``log(sum(exp(self)))`` over :attr:`dim`, computed stably.

        See :func:`torch.logsumexp`.

        Example::

            >>> torch.tensor([[0.0, 0.0], [10.0, 10.0]]).logsumexp(1)
            tensor([ 0.6931, 10.6931])
        """
    def split(self, split_size: Union[int, Sequence[int]], dim: int = 0) -> tuple[Tensor, ...]:
        """split(split_size, dim=0) -> tuple of Tensors

        Pieces of :attr:`split_size` along :attr:`dim` (the last one smaller), or of the sizes
        in a list; views of this tensor.

        See :func:`torch.split`.
        """
    def split_with_sizes(self, split_sizes: Sequence[int], dim: int = 0) -> tuple[Tensor, ...]:
        """split_with_sizes(split_sizes, dim=0) -> tuple of Tensors

        Pieces of the given sizes along :attr:`dim`, which must add up to its size.

        See :func:`torch.split`.

        Example::

            >>> torch.arange(5).split_with_sizes([2, 3])
            (tensor([0, 1]), tensor([2, 3, 4]))
        """
    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """chunk(chunks, dim=0) -> tuple of Tensors

        At most :attr:`chunks` pieces of equal size along :attr:`dim` (the last one smaller).

        See :func:`torch.chunk`.

        Example::

            >>> torch.arange(5).chunk(3)
            (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        """
    def tensor_split(self, indices_or_sections: Any = None, dim: int = 0, *, sections: Optional[int] = None, indices: Any = None) -> tuple[Tensor, ...]:
        """tensor_split(indices_or_sections, dim=0) -> tuple of Tensors

        :attr:`indices_or_sections` pieces of sizes differing by at most one (an int), or the
        pieces between the given indices (a list or tensor of ints), along :attr:`dim`.

        See :func:`torch.tensor_split`.

        Example::

            >>> torch.arange(5).tensor_split(3)
            (tensor([0, 1]), tensor([2, 3]), tensor([4]))
            >>> torch.arange(5).tensor_split([1, 4])
            (tensor([0]), tensor([1, 2, 3]), tensor([4]))
        """
    def tril(self, diagonal: int = 0) -> Tensor:
        """tril(diagonal=0) -> Tensor

        The lower triangle of the last two dimensions, the other elements 0.

        See :func:`torch.tril`.

        Example::

            >>> torch.ones(2, 3).tril()
            tensor([[1., 0., 0.],
                    [1., 1., 0.]])
        """
    def triu(self, diagonal: int = 0) -> Tensor:
        """triu(diagonal=0) -> Tensor

        The upper triangle of the last two dimensions, the other elements 0.

        See :func:`torch.triu`.

        Example::

            >>> torch.ones(2, 3).triu(1)
            tensor([[0., 1., 1.],
                    [0., 0., 1.]])
        """
    def repeat(self, *repeats: Any) -> Tensor:
        """repeat(*repeats) -> Tensor

        This tensor repeated along each dimension (``repeats`` may add leading dimensions).

        Example::

            >>> torch.tensor([1, 2]).repeat(2, 2)
            tensor([[1, 2, 1, 2],
                    [1, 2, 1, 2]])
        """
    def tile(self, *dims: Any) -> Tensor:
        """tile(dims) -> Tensor

        This tensor repeated along each dimension; fewer counts than dimensions repeat the
        last dimensions.

        See :func:`torch.tile`.

        Example::

            >>> torch.tensor([[1, 2]]).tile(2)
            tensor([[1, 2, 1, 2]])
        """
    def movedim(self, source: _Dims, destination: _Dims) -> Tensor:
        """movedim(source, destination) -> Tensor

        A view with the dimension(s) :attr:`source` moved to :attr:`destination`.

        See :func:`torch.movedim`.

        Example::

            >>> torch.zeros(2, 3, 4).movedim(0, -1).shape
            torch.Size([3, 4, 2])
        """
    def moveaxis(self, source: _Dims, destination: _Dims) -> Tensor:
        """moveaxis(source, destination) -> Tensor

        Alias for :meth:`movedim`.

        Example::

            >>> torch.zeros(2, 3, 4).moveaxis((0, 1), (1, 2)).shape
            torch.Size([4, 2, 3])
        """
    def unflatten(self, dim: int, sizes: Sequence[int]) -> Tensor:
        """unflatten(dim, sizes) -> Tensor

        Dimension :attr:`dim` expanded into :attr:`sizes` (one may be -1).

        See :func:`torch.unflatten`.

        Example::

            >>> torch.zeros(3, 4).unflatten(1, (2, -1)).shape
            torch.Size([3, 2, 2])
        """
    def bmm(self, mat2: Tensor) -> Tensor:
        """bmm(mat2) -> Tensor

        Batched matrix product with :attr:`mat2`.

        See :func:`torch.bmm`.

        Example::

            >>> torch.ones(2, 3, 4).bmm(torch.ones(2, 4, 5)).shape
            torch.Size([2, 3, 5])
        """
    def isnan(self) -> Tensor:
        """isnan() -> Tensor

        Where the elements are NaN, as a bool tensor.

        See :func:`torch.isnan`.

        Example::

            >>> torch.tensor([1.0, float('nan')]).isnan()
            tensor([False,  True])
        """
    def isinf(self) -> Tensor:
        """isinf() -> Tensor

        Where the elements are positive or negative infinity.

        See :func:`torch.isinf`.

        Example::

            >>> torch.tensor([1.0, float('-inf')]).isinf()
            tensor([False,  True])
        """
    def isposinf(self) -> Tensor:
        """isposinf() -> Tensor

        Where the elements are positive infinity.

        See :func:`torch.isposinf`.

        Example::

            >>> torch.tensor([float('inf'), float('-inf')]).isposinf()
            tensor([ True, False])
        """
    def isneginf(self) -> Tensor:
        """isneginf() -> Tensor

        Where the elements are negative infinity.

        See :func:`torch.isneginf`.

        Example::

            >>> torch.tensor([float('inf'), float('-inf')]).isneginf()
            tensor([False,  True])
        """
    def isfinite(self) -> Tensor:
        """isfinite() -> Tensor

        Where the elements are finite (not NaN, not infinite).

        See :func:`torch.isfinite`.

        Example::

            >>> torch.tensor([1.0, float('nan'), float('inf')]).isfinite()
            tensor([ True, False, False])
        """
    def nan_to_num(self, nan: float = 0.0, posinf: Optional[float] = None, neginf: Optional[float] = None) -> Tensor:
        """nan_to_num(nan=0.0, posinf=None, neginf=None) -> Tensor

        NaN, positive and negative infinity replaced by :attr:`nan`, :attr:`posinf` and
        :attr:`neginf` (by default 0, the largest and the lowest finite value of the dtype).

        See :func:`torch.nan_to_num`.

        Example::

            >>> torch.tensor([1.0, float('nan'), float('inf')]).nan_to_num(posinf=9.0)
            tensor([1., 0., 9.])
        """
    def new_full(self, size: _Size, fill_value: _Number, *, dtype: Optional[_DType] = None, device: Any = None, requires_grad: bool = False) -> Tensor:
        """new_full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor

        Returns a tensor of size :attr:`size` filled with :attr:`fill_value`, of this tensor's
        dtype (or :attr:`dtype`).

        Example::

            >>> torch.ones(1, dtype=torch.float64).new_full((2,), 3.5)
            tensor([3.5000, 3.5000], dtype=torch.float64)
        """
    def new_empty(self, *size: Any, dtype: Optional[_DType] = None, device: Any = None, requires_grad: bool = False) -> Tensor:
        """new_empty(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

        Returns a tensor of size :attr:`size` with unspecified values, of this tensor's dtype
        (or :attr:`dtype`).

        Example::

            >>> torch.ones(1, dtype=torch.float64).new_empty(2, 3).shape
            torch.Size([2, 3])
        """
    def type_as(self, tensor: Tensor) -> Tensor:
        """type_as(tensor) -> Tensor

        This tensor cast to the dtype of :attr:`tensor` (itself if it has it already).

        Example::

            >>> torch.tensor([1, 2]).type_as(torch.zeros(1))
            tensor([1., 2.])
        """
    def broadcast_to(self, shape: _Size) -> Tensor:
        """broadcast_to(shape) -> Tensor

        This tensor broadcast to :attr:`shape` (a view, as :meth:`expand`; -1 keeps a size).

        Example::

            >>> torch.tensor([1, 2]).broadcast_to((2, 2))
            tensor([[1, 2],
                    [1, 2]])
        """
    def clamp_(self, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
        """clamp_(min=None, max=None) -> Tensor

        In-place :meth:`clamp`.

        Example::

            >>> x = torch.tensor([-2.0, 0.5, 3.0])
            >>> x.clamp_(-1, 1)
            tensor([-1.0000,  0.5000,  1.0000])
        """
    def clip_(self, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
        """clip_(min=None, max=None) -> Tensor

        Alias for :meth:`clamp_`.

        Example::

            >>> torch.tensor([5.0]).clip_(max=1)
            tensor([1.])
        """
    def clamp_min_(self, min: Union[_Number, Tensor]) -> Tensor:
        """clamp_min_(min) -> Tensor

        In-place :meth:`clamp_min`.

        Example::

            >>> torch.tensor([-2.0, 0.5]).clamp_min_(0)
            tensor([0.0000, 0.5000])
        """
    def clamp_max_(self, max: Union[_Number, Tensor]) -> Tensor:
        """clamp_max_(max) -> Tensor

        In-place :meth:`clamp_max`.

        Example::

            >>> torch.tensor([-2.0, 0.5]).clamp_max_(0)
            tensor([-2.,  0.])
        """
    def lerp(self, end: Tensor, weight: Union[_Number, Tensor]) -> Tensor:
        """lerp(end, weight) -> Tensor

        Linear interpolation ``self + weight * (end - self)`` (:attr:`weight` a number or a
        tensor), broadcasting.

        See :func:`torch.lerp`.

        Example::

            >>> torch.tensor([0.0, 10.0]).lerp(torch.tensor([10.0, 20.0]), 0.25)
            tensor([ 2.5000, 12.5000])
        """
    def lerp_(self, end: Tensor, weight: Union[_Number, Tensor]) -> Tensor:
        """lerp_(end, weight) -> Tensor

        In-place :meth:`lerp`.

        Example::

            >>> torch.tensor([0.0, 10.0]).lerp_(torch.tensor([10.0, 20.0]), 0.5)
            tensor([ 5., 15.])
        """
    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: _Number = 1) -> Tensor:
        """addcmul(tensor1, tensor2, *, value=1) -> Tensor

        ``self + value * tensor1 * tensor2``, broadcasting.

        See :func:`torch.addcmul`.

        Example::

            >>> torch.tensor([1.0, 2.0]).addcmul(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]), value=2)
            tensor([ 4., 22.])
        """
    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: _Number = 1) -> Tensor:
        """addcmul_(tensor1, tensor2, *, value=1) -> Tensor

        In-place :meth:`addcmul`.

        Example::

            >>> torch.tensor([1.0, 2.0]).addcmul_(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]))
            tensor([ 2.5000, 12.0000])
        """
    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: _Number = 1) -> Tensor:
        """addcdiv(tensor1, tensor2, *, value=1) -> Tensor

        ``self + value * tensor1 / tensor2``, broadcasting.

        See :func:`torch.addcdiv`.

        Example::

            >>> torch.tensor([1.0, 2.0]).addcdiv(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]), value=2)
            tensor([13.,  7.])
        """
    def addcdiv_(self, tensor1: Tensor, tensor2: Tensor, *, value: _Number = 1) -> Tensor:
        """addcdiv_(tensor1, tensor2, *, value=1) -> Tensor

        In-place :meth:`addcdiv`.

        Example::

            >>> torch.tensor([1.0, 2.0]).addcdiv_(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]))
            tensor([7.0000, 4.5000])
        """
    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """diagonal(offset=0, dim1=0, dim2=1) -> Tensor

        A view of the diagonal :attr:`offset` of dimensions :attr:`dim1` and :attr:`dim2`,
        which become one last dimension.

        See :func:`torch.diagonal`.

        Example::

            >>> torch.arange(12).reshape(3, 4).diagonal(1)
            tensor([ 1,  6, 11])
        """
    def diag(self, diagonal: int = 0) -> Tensor:
        """diag(diagonal=0) -> Tensor

        Of a vector, the square matrix with it on diagonal :attr:`diagonal`; of a matrix, a copy
        of that diagonal.

        See :func:`torch.diag`.

        Example::

            >>> torch.tensor([1, 2]).diag()
            tensor([[1, 0],
                    [0, 2]])
        """
    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        """diag_embed(offset=0, dim1=-2, dim2=-1) -> Tensor

        Each vector along the last dimension on diagonal :attr:`offset` of a matrix in
        dimensions :attr:`dim1` and :attr:`dim2` of the result.

        See :func:`torch.diag_embed`.

        Example::

            >>> torch.tensor([[1, 2]]).diag_embed()
            tensor([[[1, 0],
                     [0, 2]]])
        """
    def trace(self) -> Tensor:
        """trace() -> Tensor

        The sum of the main diagonal of a matrix.

        See :func:`torch.trace`.

        Example::

            >>> torch.tensor([[1.0, 2.0], [3.0, 4.0]]).trace()
            tensor(5.)
        """
    def roll(self, shifts: _Dims, dims: _Dims = None) -> Tensor:
        """roll(shifts, dims=None) -> Tensor

        The elements shifted along :attr:`dims` (with no dims: over the flattened tensor), those
        pushed past the end coming back at the start.

        See :func:`torch.roll`.

        Example::

            >>> torch.tensor([1, 2, 3, 4]).roll(1)
            tensor([4, 1, 2, 3])
        """
    def nonzero(self, *, as_tuple: bool = False) -> Any:
        """nonzero(*, as_tuple=False) -> LongTensor or tuple of LongTensors

        The indices of the nonzero elements: one row per element, or (``as_tuple=True``) one
        tensor per dimension.

        See :func:`torch.nonzero`.

        Example::

            >>> torch.tensor([[0, 1], [2, 0]]).nonzero()
            tensor([[0, 1],
                    [1, 0]])
        """
    def argwhere(self) -> Tensor:
        """argwhere() -> LongTensor

        The indices of the nonzero elements, one row per element (:meth:`nonzero`).

        See :func:`torch.argwhere`.

        Example::

            >>> torch.tensor([0, 3, 0, 4]).argwhere()
            tensor([[1],
                    [3]])
        """
    def count_nonzero(self, dim: _Dims = None) -> Tensor:
        """count_nonzero(dim=None) -> LongTensor

        How many elements are nonzero, over all of them or along :attr:`dim`.

        See :func:`torch.count_nonzero`.

        Example::

            >>> torch.tensor([[0, 1], [2, 0]]).count_nonzero(dim=0)
            tensor([1, 1])
        """
    def repeat_interleave(self, repeats: Any = None, dim: Optional[int] = None, *, output_size: Optional[int] = None) -> Tensor:
        """repeat_interleave(input, repeats, dim=None, *, output_size=None) -> Tensor

        Repeats each element (or each slice along :attr:`dim`) :attr:`repeats` times in place,
        ``[a, b] -> [a, a, b, b]``; :attr:`repeats` may be a tensor giving a count per element.
        Without :attr:`dim` the input is flattened first. ``repeat_interleave(counts)`` alone gives
        the indices ``0, 1, …`` each repeated its count.

        Example::

            >>> torch.repeat_interleave(torch.tensor([1, 2]), 2)
            tensor([1, 1, 2, 2])
            >>> torch.repeat_interleave(torch.tensor([1, 2]))
            tensor([0, 1, 1])
        """
    def fliplr(self) -> Tensor:
        """fliplr(input) -> Tensor

        Reverses the order of the columns (dimension 1); the input has at least two dimensions.

        Example::

            >>> torch.fliplr(torch.tensor([[1, 2], [3, 4]]))
            tensor([[2, 1],
                    [4, 3]])
        """
    def flipud(self) -> Tensor:
        """flipud(input) -> Tensor

        Reverses the order of the rows (dimension 0); the input has at least one dimension.

        Example::

            >>> torch.flipud(torch.tensor([[1, 2], [3, 4]]))
            tensor([[3, 4],
                    [1, 2]])
        """
    def diff(self, n: int = 1, dim: int = -1, prepend: Optional[Tensor] = None, append: Optional[Tensor] = None) -> Tensor:
        """diff(input, n=1, dim=-1, prepend=None, append=None) -> Tensor

        The :attr:`n`-th forward difference along :attr:`dim`, ``x[i + 1] - x[i]`` applied
        :attr:`n` times, after joining :attr:`prepend` and :attr:`append` to the input.

        Example::

            >>> torch.diff(torch.tensor([1, 3, 6, 10]))
            tensor([2, 3, 4])
            >>> torch.diff(torch.tensor([1, 3, 6, 10]), n=2)
            tensor([1, 1])
        """
    def swapdims(self, dim0: int, dim1: int) -> Tensor:
        """swapdims(input, dim0, dim1) -> Tensor

        Alias for :func:`transpose`.

        Example::

            >>> torch.swapdims(torch.zeros(2, 3), 0, 1).shape
            torch.Size([3, 2])
        """
    def inverse(self) -> Tensor:
        """inverse(input) -> Tensor

        Alias for :func:`torch.linalg.inv`.

        Example::

            >>> torch.inverse(torch.tensor([[2.0, 0.0], [0.0, 4.0]]))
            tensor([[0.5000, 0.0000],
                    [0.0000, 0.2500]])
        """
    def det(self) -> Tensor:
        """det(input) -> Tensor

        Alias for :func:`torch.linalg.det`.

        Example::

            >>> torch.det(torch.tensor([[2.0, 1.0], [1.0, 3.0]]))
            tensor(5.)
        """
    def slogdet(self) -> Any:
        """slogdet(input) -> (Tensor, Tensor)

        Alias for :func:`torch.linalg.slogdet`, as the named tuple ``torch.return_types.slogdet``.

        Example::

            >>> torch.slogdet(torch.tensor([[2.0, 0.0], [0.0, 2.0]])).logabsdet
            tensor(1.3863)
        """
    def logdet(self) -> Tensor:
        """logdet(input) -> Tensor

        The natural log of the determinant of each square matrix: NaN where the determinant is
        negative, ``-inf`` where it is zero (composed of ``slogdet`` and ``where``).

        Example::

            >>> torch.logdet(torch.tensor([[2.0, 0.0], [0.0, 2.0]]))
            tensor(1.3863)
        """
    def neg_(self) -> Tensor:
        """neg_() -> Tensor

        In-place version of :meth:`~Tensor.neg`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.neg_() is x
            True
        """
    def negative_(self) -> Tensor:
        """negative_() -> Tensor

        In-place version of :meth:`~Tensor.negative`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.negative_() is x
            True
        """
    def pow_(self, exponent: _TensorOrNumber) -> Tensor:
        """pow_(exponent) -> Tensor

        In-place version of :meth:`~Tensor.pow`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.pow_(2) is x
            True
        """
    def fmod_(self, other: _TensorOrNumber) -> Tensor:
        """fmod_(other) -> Tensor

        In-place version of :meth:`~Tensor.fmod`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.fmod_(1.5) is x
            True
        """
    def remainder_(self, other: _TensorOrNumber) -> Tensor:
        """remainder_(other) -> Tensor

        In-place version of :meth:`~Tensor.remainder`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.remainder_(1.5) is x
            True
        """
    def atan2_(self, other: Tensor) -> Tensor:
        """atan2_(other) -> Tensor

        In-place version of :meth:`~Tensor.atan2`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.atan2_(torch.tensor([1.0, 1.0])) is x
            True
        """
    def hypot_(self, other: Tensor) -> Tensor:
        """hypot_(other) -> Tensor

        In-place version of :meth:`~Tensor.hypot`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.hypot_(torch.tensor([1.0, 1.0])) is x
            True
        """
    def xlogy_(self, other: _TensorOrNumber) -> Tensor:
        """xlogy_(other) -> Tensor

        In-place version of :meth:`~Tensor.xlogy`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.xlogy_(torch.tensor([2.0, 2.0])) is x
            True
        """
    def true_divide_(self, other: _TensorOrNumber) -> Tensor:
        """true_divide_(other) -> Tensor

        In-place version of :meth:`~Tensor.true_divide`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.true_divide_(2.0) is x
            True
        """
    def nan_to_num_(self, nan: float = 0.0, posinf: Optional[float] = None, neginf: Optional[float] = None) -> Tensor:
        """nan_to_num_(nan=0.0, posinf=None, neginf=None) -> Tensor

        In-place version of :meth:`~Tensor.nan_to_num`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.nan_to_num_() is x
            True
        """
    def logical_not_(self) -> Tensor:
        """logical_not_() -> Tensor

        In-place version of :meth:`~Tensor.logical_not`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.logical_not_() is x
            True
        """
    def logical_and_(self, other: Tensor) -> Tensor:
        """logical_and_(other) -> Tensor

        In-place version of :meth:`~Tensor.logical_and`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.logical_and_(torch.tensor([True, False])) is x
            True
        """
    def logical_or_(self, other: Tensor) -> Tensor:
        """logical_or_(other) -> Tensor

        In-place version of :meth:`~Tensor.logical_or`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.logical_or_(torch.tensor([True, False])) is x
            True
        """
    def logical_xor_(self, other: Tensor) -> Tensor:
        """logical_xor_(other) -> Tensor

        In-place version of :meth:`~Tensor.logical_xor`.

        Example::

            >>> x = torch.tensor([1.0, -2.0])
            >>> x.logical_xor_(torch.tensor([True, False])) is x
            True
        """
    def tril_(self, diagonal: int = 0) -> Tensor:
        """tril_(diagonal=0) -> Tensor

        In-place version of :meth:`~Tensor.tril`.

        Example::

            >>> x = torch.ones(2, 2)
            >>> x.tril_() is x
            True
        """
    def triu_(self, diagonal: int = 0) -> Tensor:
        """triu_(diagonal=0) -> Tensor

        In-place version of :meth:`~Tensor.triu`.

        Example::

            >>> x = torch.ones(2, 2)
            >>> x.triu_() is x
            True
        """
    def cumprod(self, dim: int, *, dtype: Optional[_DType] = None) -> Tensor:
        """cumprod(dim, *, dtype=None) -> Tensor

        The cumulative product along :attr:`dim`.

        Example::

            >>> torch.tensor([1., 2., 3.]).cumprod(0)
            tensor([1., 2., 6.])
        """
    def cumprod_(self, dim: int, *, dtype: Optional[_DType] = None) -> Tensor:
        """cumprod_(dim, *, dtype=None) -> Tensor

        In-place :meth:`cumprod`.

        Example::

            >>> torch.tensor([2., 3.]).cumprod_(0)
            tensor([2., 6.])
        """
    def flip(self, *dims: Any) -> Tensor:
        """flip(dims) -> Tensor

        This tensor with the order of its elements reversed along each of :attr:`dims`.

        Example::

            >>> torch.tensor([[1, 2], [3, 4]]).flip(1)
            tensor([[2, 1],
                    [4, 3]])
        """
    def masked_fill(self, mask: Tensor, value: _TensorOrNumber) -> Tensor:
        """masked_fill(mask, value) -> Tensor

        A copy of this tensor with :attr:`value` (a number or a 0-dim tensor) where the bool
        tensor :attr:`mask` (broadcast to this tensor's shape) is ``True``.

        See :func:`torch.masked_fill`.

        Example::

            >>> x = torch.tensor([1.0, 2.0, 3.0])
            >>> x.masked_fill(x > 1.5, 0.0)
            tensor([1., 0., 0.])
        """
    # reductions
    def sum(self, dim: _Dims = None, keepdim: bool = False, *, dtype: Optional[_DType] = None) -> Tensor:
        """sum(dim=None, keepdim=False, *, dtype=None) -> Tensor

        Sum of the elements, over all of them or along :attr:`dim`.

        See :func:`torch.sum`.
        """
    def mean(self, dim: _Dims = None, keepdim: bool = False, *, dtype: Optional[_DType] = None) -> Tensor:
        """mean(dim=None, keepdim=False, *, dtype=None) -> Tensor

        Mean of the elements, over all of them or along :attr:`dim`.

        See :func:`torch.mean`.
        """
    def max(self, dim: Optional[int] = None, keepdim: bool = False, *, other: Optional[Tensor] = None) -> Any:
        """max(dim=None, keepdim=False, *, other=None) -> Tensor or (Tensor, Tensor)

        The largest element, or ``(values, indices)`` along :attr:`dim`; with a tensor
        (as :attr:`dim` or :attr:`other`), the elementwise maximum.

        See :func:`torch.max`.
        """
    def min(self, dim: Optional[int] = None, keepdim: bool = False, *, other: Optional[Tensor] = None) -> Any:
        """min(dim=None, keepdim=False, *, other=None) -> Tensor or (Tensor, Tensor)

        The smallest element, or ``(values, indices)`` along :attr:`dim`; with a tensor
        (as :attr:`dim` or :attr:`other`), the elementwise minimum.

        See :func:`torch.min`.
        """
    def amax(self, dim: _Dims = None, keepdim: bool = False) -> Tensor:
        """amax(dim=None, keepdim=False) -> Tensor

        The largest elements along :attr:`dim` (or over all).

        See :func:`torch.amax`.
        """
    def amin(self, dim: _Dims = None, keepdim: bool = False) -> Tensor:
        """amin(dim=None, keepdim=False) -> Tensor

        The smallest elements along :attr:`dim` (or over all).

        See :func:`torch.amin`.
        """
    def argmax(self, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
        """argmax(dim=None, keepdim=False) -> LongTensor

        The indices of the largest elements.

        See :func:`torch.argmax`.
        """
    def argmin(self, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
        """argmin(dim=None, keepdim=False) -> LongTensor

        The indices of the smallest elements.

        See :func:`torch.argmin`.
        """
    def all(self, dim: _Dims = None, keepdim: bool = False) -> Tensor:
        """all(dim=None, keepdim=False) -> Tensor

        Tests if all elements evaluate to ``True`` (over all elements, or along :attr:`dim`).

        See :func:`torch.all`.
        """
    def any(self, dim: _Dims = None, keepdim: bool = False) -> Tensor:
        """any(dim=None, keepdim=False) -> Tensor

        Tests if any element evaluates to ``True`` (over all elements, or along :attr:`dim`).

        See :func:`torch.any`.
        """
    def equal(self, other: Tensor) -> bool:
        """equal(other) -> bool

        ``True`` if :attr:`other` has the same size and elements. See :func:`torch.equal`.
        """
    def allclose(self, other: _TensorOrNumber, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
        """allclose(other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool

        Whether every element is close to :attr:`other`'s. See :func:`torch.allclose`.
        """
    def isclose(self, other: _TensorOrNumber, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
        """isclose(other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor

        Elementwise closeness to :attr:`other`. See :func:`torch.isclose`.
        """
    def norm(self, p: float | str | None = None, dim: _Dims = None, keepdim: bool = False, dtype: dtype | None = None) -> Tensor:
        """norm(p='fro', dim=None, keepdim=False, dtype=None) -> Tensor

        The vector ``p``-norm of the elements, over all of them or along :attr:`dim`
        (``LinalgVectorNormBackward0``); ``p='nuc'`` is the nuclear norm of the matrices in
        the two dimensions :attr:`dim` (the sum of their singular values). See
        :func:`torch.norm`.
        """
    # shape
    def reshape(self, *shape: Any) -> Tensor:
        """reshape(*shape) -> Tensor

        The same elements in the given shape: a view when possible, else a copy.

        See :func:`torch.reshape`.
        """
    def view(self, *shape: Any) -> Tensor:
        """view(*shape) -> Tensor

        Returns a new tensor with the same data as this tensor but of a different :attr:`shape`
        (one dimension may be ``-1``, inferred from the others). The tensor must be contiguous
        enough for a view; otherwise use :meth:`~Tensor.reshape`.

        Example::

            >>> x = torch.arange(6.0)
            >>> x.view(2, 3)
            tensor([[0., 1., 2.],
                    [3., 4., 5.]])
            >>> x.view(-1, 2).shape
            torch.Size([3, 2])
        """
    def view_as(self, other: Tensor) -> Tensor:
        """view_as(other) -> Tensor

        View this tensor as the same size as :attr:`other`: ``self.view(other.size())``.

        Example::

            >>> torch.arange(4).view_as(torch.zeros(2, 2))
            tensor([[0, 1],
                    [2, 3]])
        """
    def reshape_as(self, other: Tensor) -> Tensor:
        """reshape_as(other) -> Tensor

        Returns this tensor in the shape of :attr:`other`: ``self.reshape(other.size())``.

        Example::

            >>> torch.arange(4).reshape_as(torch.zeros(2, 2)).shape
            torch.Size([2, 2])
        """
    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """flatten(start_dim=0, end_dim=-1) -> Tensor

        Flattens the dimensions from :attr:`start_dim` to :attr:`end_dim` into one.

        See :func:`torch.flatten`.
        """
    def ravel(self) -> Tensor:
        """ravel() -> Tensor

        A contiguous flattened tensor.

        See :func:`torch.ravel`.
        """
    def permute(self, *dims: Any) -> Tensor:
        """permute(*dims) -> Tensor

        Returns a view of this tensor with its dimensions permuted.

        See :func:`torch.permute`.
        """
    def transpose(self, dim0: int, dim1: int) -> Tensor:
        """transpose(dim0, dim1) -> Tensor

        A view with dimensions :attr:`dim0` and :attr:`dim1` swapped.

        See :func:`torch.transpose`.
        """
    def swapaxes(self, axis0: int, axis1: int) -> Tensor:
        """swapaxes(axis0, axis1) -> Tensor

        Alias for :meth:`~Tensor.transpose`.

        See :func:`torch.swapaxes`.
        """
    def t(self) -> Tensor:
        """t() -> Tensor

        Transposes a tensor of at most 2 dimensions.

        See :func:`torch.t`.
        """
    def expand(self, *sizes: Any) -> Tensor:
        """expand(*sizes) -> Tensor

        Returns a new view of this tensor with singleton dimensions expanded to a larger size,
        without copying. Passing ``-1`` as the size of a dimension keeps it; new dimensions are
        added at the front.

        Example::

            >>> x = torch.tensor([[1], [2], [3]])
            >>> x.expand(3, 4)
            tensor([[1, 1, 1, 1],
                    [2, 2, 2, 2],
                    [3, 3, 3, 3]])
            >>> x.expand(-1, 2)
            tensor([[1, 1],
                    [2, 2],
                    [3, 3]])
        """
    def expand_as(self, other: Tensor) -> Tensor:
        """expand_as(other) -> Tensor

        Expands this tensor to the size of :attr:`other`: ``self.expand(other.size())``.

        Example::

            >>> torch.tensor([1, 2]).expand_as(torch.zeros(2, 2))
            tensor([[1, 2],
                    [1, 2]])
        """
    def unsqueeze(self, dim: int) -> Tensor:
        """unsqueeze(dim) -> Tensor

        A view with a dimension of size one inserted at :attr:`dim`.

        See :func:`torch.unsqueeze`.
        """
    def squeeze(self, dim: _Dims = None) -> Tensor:
        """squeeze(dim=None) -> Tensor

        A view with the dimensions of size 1 removed (all of them, or those in :attr:`dim`).

        See :func:`torch.squeeze`.
        """
    def select(self, dim: int, index: int) -> Tensor:
        """select(dim, index) -> Tensor

        Slices this tensor along :attr:`dim` at :attr:`index`, removing that dimension.

        See :func:`torch.select`.
        """
    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        """narrow(dim, start, length) -> Tensor

        A view of :attr:`length` elements of :attr:`dim` from :attr:`start`.

        See :func:`torch.narrow`.
        """
    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        """unbind(dim=0) -> tuple of Tensors

        Removes a dimension, returning the slices along it.

        See :func:`torch.unbind`.
        """
    def softmax(self, dim: int, dtype: Optional[_DType] = None) -> Tensor:
        """softmax(dim, dtype=None) -> Tensor

        Softmax along :attr:`dim`.

        See :func:`torch.softmax`.
        """
    def log_softmax(self, dim: int, dtype: Optional[_DType] = None) -> Tensor:
        """log_softmax(dim, dtype=None) -> Tensor

        Logarithm of the softmax along :attr:`dim`.

        See :func:`torch.log_softmax`.
        """
    # protocols
    def __getitem__(self, key: Any) -> Tensor: ...
    def __setitem__(self, key: Any, value: Any) -> None: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Tensor]: ...
    def __bool__(self) -> bool: ...
    def __float__(self) -> float: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __add__(self, other: _TensorOrNumber) -> Tensor: ...
    def __radd__(self, other: _TensorOrNumber) -> Tensor: ...
    def __sub__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rsub__(self, other: _TensorOrNumber) -> Tensor: ...
    def __mul__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rmul__(self, other: _TensorOrNumber) -> Tensor: ...
    def __truediv__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rtruediv__(self, other: _TensorOrNumber) -> Tensor: ...
    def __floordiv__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rfloordiv__(self, other: _TensorOrNumber) -> Tensor: ...
    def __pow__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rpow__(self, other: _TensorOrNumber) -> Tensor: ...
    def __matmul__(self, other: Tensor) -> Tensor: ...
    def __neg__(self) -> Tensor: ...
    def __pos__(self) -> Tensor: ...
    def __abs__(self) -> Tensor: ...
    def __invert__(self) -> Tensor: ...
    def __and__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rand__(self, other: _TensorOrNumber) -> Tensor: ...
    def __or__(self, other: _TensorOrNumber) -> Tensor: ...
    def __ror__(self, other: _TensorOrNumber) -> Tensor: ...
    def __xor__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rxor__(self, other: _TensorOrNumber) -> Tensor: ...
    def __lshift__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rlshift__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rshift__(self, other: _TensorOrNumber) -> Tensor: ...
    def __rrshift__(self, other: _TensorOrNumber) -> Tensor: ...
    def __iand__(self, other: _TensorOrNumber) -> Tensor: ...
    def __ior__(self, other: _TensorOrNumber) -> Tensor: ...
    def __ixor__(self, other: _TensorOrNumber) -> Tensor: ...
    def __ilshift__(self, other: _TensorOrNumber) -> Tensor: ...
    def __irshift__(self, other: _TensorOrNumber) -> Tensor: ...
    def __iadd__(self, other: _TensorOrNumber) -> Tensor: ...
    def __isub__(self, other: _TensorOrNumber) -> Tensor: ...
    def __imul__(self, other: _TensorOrNumber) -> Tensor: ...
    def __itruediv__(self, other: _TensorOrNumber) -> Tensor: ...
    def __ifloordiv__(self, other: _TensorOrNumber) -> Tensor: ...
    def __eq__(self, other: Any) -> Tensor: ...  # type: ignore[override]
    def __ne__(self, other: Any) -> Tensor: ...  # type: ignore[override]
    def __lt__(self, other: _TensorOrNumber) -> Tensor: ...
    def __le__(self, other: _TensorOrNumber) -> Tensor: ...
    def __gt__(self, other: _TensorOrNumber) -> Tensor: ...
    def __ge__(self, other: _TensorOrNumber) -> Tensor: ...
    def __hash__(self) -> int: ...

    # the rows of the op table (generated by stub_docs.py)
    def exp(self) -> Tensor:
        """exp() -> Tensor

        The exponential `e^x`, elementwise (``ExpBackward0``). See :func:`torch.exp`.
        """
    def log(self) -> Tensor:
        """log() -> Tensor

        The natural logarithm, elementwise (``LogBackward0``). See :func:`torch.log`.
        """
    def log1p(self) -> Tensor:
        """log1p() -> Tensor

        `ln(1 + x)`, accurate for small `x`, elementwise (``Log1PBackward0``). See :func:`torch.log1p`.
        """
    def log2(self) -> Tensor:
        """log2() -> Tensor

        The base-2 logarithm, elementwise (``Log2Backward0``). See :func:`torch.log2`.
        """
    def log10(self) -> Tensor:
        """log10() -> Tensor

        The base-10 logarithm, elementwise (``Log10Backward0``). See :func:`torch.log10`.
        """
    def expm1(self) -> Tensor:
        """expm1() -> Tensor

        `e^x - 1`, accurate for small `x`, elementwise (``Expm1Backward0``). See :func:`torch.expm1`.
        """
    def exp2(self) -> Tensor:
        """exp2() -> Tensor

        The base-2 exponential `2^x`, elementwise (``Exp2Backward0``). See :func:`torch.exp2`.
        """
    def sqrt(self) -> Tensor:
        """sqrt() -> Tensor

        The square root, elementwise (``SqrtBackward0``). See :func:`torch.sqrt`.
        """
    def rsqrt(self) -> Tensor:
        """rsqrt() -> Tensor

        The reciprocal of the square root, `1 / sqrt(x)`, elementwise (``RsqrtBackward0``). See :func:`torch.rsqrt`.
        """
    def reciprocal(self) -> Tensor:
        """reciprocal() -> Tensor

        The reciprocal `1 / x`, elementwise (``ReciprocalBackward0``). See :func:`torch.reciprocal`.
        """
    def square(self) -> Tensor:
        """square() -> Tensor

        The square `x * x` (recorded as `pow(x, 2)`, as in PyTorch), elementwise (``PowBackward0``). See :func:`torch.square`.
        """
    def sin(self) -> Tensor:
        """sin() -> Tensor

        The sine, elementwise (``SinBackward0``). See :func:`torch.sin`.
        """
    def cos(self) -> Tensor:
        """cos() -> Tensor

        The cosine, elementwise (``CosBackward0``). See :func:`torch.cos`.
        """
    def tan(self) -> Tensor:
        """tan() -> Tensor

        The tangent, elementwise (``TanBackward0``). See :func:`torch.tan`.
        """
    def asin(self) -> Tensor:
        """asin() -> Tensor

        The arcsine, elementwise (``AsinBackward0``). See :func:`torch.asin`.
        """
    def acos(self) -> Tensor:
        """acos() -> Tensor

        The arccosine, elementwise (``AcosBackward0``). See :func:`torch.acos`.
        """
    def atan(self) -> Tensor:
        """atan() -> Tensor

        The arctangent, elementwise (``AtanBackward0``). See :func:`torch.atan`.
        """
    def sinh(self) -> Tensor:
        """sinh() -> Tensor

        The hyperbolic sine, elementwise (``SinhBackward0``). See :func:`torch.sinh`.
        """
    def cosh(self) -> Tensor:
        """cosh() -> Tensor

        The hyperbolic cosine, elementwise (``CoshBackward0``). See :func:`torch.cosh`.
        """
    def tanh(self) -> Tensor:
        """tanh() -> Tensor

        The hyperbolic tangent, elementwise (``TanhBackward0``). See :func:`torch.tanh`.
        """
    def asinh(self) -> Tensor:
        """asinh() -> Tensor

        The inverse hyperbolic sine, elementwise (``AsinhBackward0``). See :func:`torch.asinh`.
        """
    def acosh(self) -> Tensor:
        """acosh() -> Tensor

        The inverse hyperbolic cosine, elementwise (``AcoshBackward0``). See :func:`torch.acosh`.
        """
    def atanh(self) -> Tensor:
        """atanh() -> Tensor

        The inverse hyperbolic tangent, elementwise (``AtanhBackward0``). See :func:`torch.atanh`.
        """
    def sigmoid(self) -> Tensor:
        """sigmoid() -> Tensor

        The logistic sigmoid `1 / (1 + e^-x)`, elementwise (``SigmoidBackward0``). See :func:`torch.sigmoid`.
        """
    def erf(self) -> Tensor:
        """erf() -> Tensor

        The error function, elementwise (``ErfBackward0``). See :func:`torch.erf`.
        """
    def erfc(self) -> Tensor:
        """erfc() -> Tensor

        The complementary error function `1 - erf(x)`, elementwise (``ErfcBackward0``). See :func:`torch.erfc`.
        """
    def erfinv(self) -> Tensor:
        """erfinv() -> Tensor

        The inverse of the error function, elementwise (``ErfinvBackward0``). See :func:`torch.erfinv`.
        """
    def sinc(self) -> Tensor:
        """sinc() -> Tensor

        The normalized sinc function `sin(pi x) / (pi x)` (1 at 0), elementwise (``SincBackward0``). See :func:`torch.sinc`.
        """
    def abs(self) -> Tensor:
        """abs() -> Tensor

        The absolute value (the gradient at 0 is 0), elementwise (``AbsBackward0``). See :func:`torch.abs`.
        """
    def sign(self) -> Tensor:
        """sign() -> Tensor

        The sign: -1, 0 or 1 (the gradient is 0), elementwise (``SignBackward0``). See :func:`torch.sign`.
        """
    def floor(self) -> Tensor:
        """floor() -> Tensor

        The largest integer not greater than `x` (the gradient is 0), elementwise (``FloorBackward0``). See :func:`torch.floor`.
        """
    def ceil(self) -> Tensor:
        """ceil() -> Tensor

        The smallest integer not less than `x` (the gradient is 0), elementwise (``CeilBackward0``). See :func:`torch.ceil`.
        """
    def round(self) -> Tensor:
        """round() -> Tensor

        The nearest integer, halves to even (the gradient is 0), elementwise (``RoundBackward0``). See :func:`torch.round`.
        """
    def trunc(self) -> Tensor:
        """trunc() -> Tensor

        The integer part, rounded toward zero (the gradient is 0), elementwise (``TruncBackward0``). See :func:`torch.trunc`.
        """
    def frac(self) -> Tensor:
        """frac() -> Tensor

        The fractional part `x - trunc(x)`, elementwise (``FracBackward0``). See :func:`torch.frac`.
        """
    def relu(self) -> Tensor:
        """relu() -> Tensor

        The rectified linear unit `max(x, 0)` (the gradient at 0 is 0; NaN and -0 pass through), elementwise (``ReluBackward0``). See :func:`torch.relu`.
        """
    def hardshrink(self, lambd: float = 0.5) -> Tensor:
        """hardshrink(lambd=0.5, ) -> Tensor

        `x` where `|x| > lambd`, else 0 (NaN passes through), elementwise (``HardshrinkBackward0``). See :func:`torch.hardshrink`.
        """
    def selu(self) -> Tensor:
        """selu() -> Tensor

        `scale * elu(x, alpha)` with PyTorch's self-normalising constants, elementwise (``EluBackward0``). See :func:`torch.selu`.
        """
    def celu(self, alpha: float = 1.0) -> Tensor:
        """celu(alpha=1.0, ) -> Tensor

        `x` for positive `x`, else `alpha * (e^(x / alpha) - 1)`, elementwise (``CeluBackward0``). See :func:`torch.celu`.
        """
    def exp_(self) -> Tensor:
        """exp_() -> Tensor

        In-place version of :meth:`~Tensor.exp`.
        """
    def log_(self) -> Tensor:
        """log_() -> Tensor

        In-place version of :meth:`~Tensor.log`.
        """
    def log1p_(self) -> Tensor:
        """log1p_() -> Tensor

        In-place version of :meth:`~Tensor.log1p`.
        """
    def log2_(self) -> Tensor:
        """log2_() -> Tensor

        In-place version of :meth:`~Tensor.log2`.
        """
    def log10_(self) -> Tensor:
        """log10_() -> Tensor

        In-place version of :meth:`~Tensor.log10`.
        """
    def expm1_(self) -> Tensor:
        """expm1_() -> Tensor

        In-place version of :meth:`~Tensor.expm1`.
        """
    def exp2_(self) -> Tensor:
        """exp2_() -> Tensor

        In-place version of :meth:`~Tensor.exp2`.
        """
    def sqrt_(self) -> Tensor:
        """sqrt_() -> Tensor

        In-place version of :meth:`~Tensor.sqrt`.
        """
    def rsqrt_(self) -> Tensor:
        """rsqrt_() -> Tensor

        In-place version of :meth:`~Tensor.rsqrt`.
        """
    def reciprocal_(self) -> Tensor:
        """reciprocal_() -> Tensor

        In-place version of :meth:`~Tensor.reciprocal`.
        """
    def square_(self) -> Tensor:
        """square_() -> Tensor

        In-place version of :meth:`~Tensor.square`.
        """
    def sin_(self) -> Tensor:
        """sin_() -> Tensor

        In-place version of :meth:`~Tensor.sin`.
        """
    def cos_(self) -> Tensor:
        """cos_() -> Tensor

        In-place version of :meth:`~Tensor.cos`.
        """
    def tan_(self) -> Tensor:
        """tan_() -> Tensor

        In-place version of :meth:`~Tensor.tan`.
        """
    def asin_(self) -> Tensor:
        """asin_() -> Tensor

        In-place version of :meth:`~Tensor.asin`.
        """
    def acos_(self) -> Tensor:
        """acos_() -> Tensor

        In-place version of :meth:`~Tensor.acos`.
        """
    def atan_(self) -> Tensor:
        """atan_() -> Tensor

        In-place version of :meth:`~Tensor.atan`.
        """
    def sinh_(self) -> Tensor:
        """sinh_() -> Tensor

        In-place version of :meth:`~Tensor.sinh`.
        """
    def cosh_(self) -> Tensor:
        """cosh_() -> Tensor

        In-place version of :meth:`~Tensor.cosh`.
        """
    def tanh_(self) -> Tensor:
        """tanh_() -> Tensor

        In-place version of :meth:`~Tensor.tanh`.
        """
    def asinh_(self) -> Tensor:
        """asinh_() -> Tensor

        In-place version of :meth:`~Tensor.asinh`.
        """
    def acosh_(self) -> Tensor:
        """acosh_() -> Tensor

        In-place version of :meth:`~Tensor.acosh`.
        """
    def atanh_(self) -> Tensor:
        """atanh_() -> Tensor

        In-place version of :meth:`~Tensor.atanh`.
        """
    def sigmoid_(self) -> Tensor:
        """sigmoid_() -> Tensor

        In-place version of :meth:`~Tensor.sigmoid`.
        """
    def erf_(self) -> Tensor:
        """erf_() -> Tensor

        In-place version of :meth:`~Tensor.erf`.
        """
    def erfc_(self) -> Tensor:
        """erfc_() -> Tensor

        In-place version of :meth:`~Tensor.erfc`.
        """
    def erfinv_(self) -> Tensor:
        """erfinv_() -> Tensor

        In-place version of :meth:`~Tensor.erfinv`.
        """
    def sinc_(self) -> Tensor:
        """sinc_() -> Tensor

        In-place version of :meth:`~Tensor.sinc`.
        """
    def abs_(self) -> Tensor:
        """abs_() -> Tensor

        In-place version of :meth:`~Tensor.abs`.
        """
    def sign_(self) -> Tensor:
        """sign_() -> Tensor

        In-place version of :meth:`~Tensor.sign`.
        """
    def floor_(self) -> Tensor:
        """floor_() -> Tensor

        In-place version of :meth:`~Tensor.floor`.
        """
    def ceil_(self) -> Tensor:
        """ceil_() -> Tensor

        In-place version of :meth:`~Tensor.ceil`.
        """
    def round_(self) -> Tensor:
        """round_() -> Tensor

        In-place version of :meth:`~Tensor.round`.
        """
    def trunc_(self) -> Tensor:
        """trunc_() -> Tensor

        In-place version of :meth:`~Tensor.trunc`.
        """
    def frac_(self) -> Tensor:
        """frac_() -> Tensor

        In-place version of :meth:`~Tensor.frac`.
        """
    def relu_(self) -> Tensor:
        """relu_() -> Tensor

        In-place version of :meth:`~Tensor.relu`.
        """
    def hardshrink_(self, lambd: float = 0.5) -> Tensor:
        """hardshrink_(lambd=0.5, ) -> Tensor

        In-place version of :meth:`~Tensor.hardshrink`.
        """
    def selu_(self) -> Tensor:
        """selu_() -> Tensor

        In-place version of :meth:`~Tensor.selu`.
        """
    def celu_(self, alpha: float = 1.0) -> Tensor:
        """celu_(alpha=1.0, ) -> Tensor

        In-place version of :meth:`~Tensor.celu`.
        """
    def atan2(self, other: Tensor) -> Tensor:
        """atan2(other) -> Tensor

        The arctangent of `input / other`, in the quadrant of the point (`other`, `input`), elementwise (``Atan2Backward0``). See :func:`torch.atan2`.
        """
    def hypot(self, other: Tensor) -> Tensor:
        """hypot(other) -> Tensor

        The hypotenuse `sqrt(input² + other²)`, elementwise (``HypotBackward0``). See :func:`torch.hypot`.
        """
    def maximum(self, other: Tensor) -> Tensor:
        """maximum(other) -> Tensor

        The larger of `input` and `other` (NaN if either is NaN; a tie splits the gradient), elementwise (``MaximumBackward0``). See :func:`torch.maximum`.
        """
    def minimum(self, other: Tensor) -> Tensor:
        """minimum(other) -> Tensor

        The smaller of `input` and `other` (NaN if either is NaN; a tie splits the gradient), elementwise (``MinimumBackward0``). See :func:`torch.minimum`.
        """
    def fmax(self, other: Tensor) -> Tensor:
        """fmax(other) -> Tensor

        The larger of `input` and `other`, ignoring a NaN (a tie splits the gradient), elementwise (``FmaxBackward0``). See :func:`torch.fmax`.
        """
    def fmin(self, other: Tensor) -> Tensor:
        """fmin(other) -> Tensor

        The smaller of `input` and `other`, ignoring a NaN (a tie splits the gradient), elementwise (``FminBackward0``). See :func:`torch.fmin`.
        """
    def fmod(self, other: Tensor | float) -> Tensor:
        """fmod(other) -> Tensor

        The remainder of `input / other` with the sign of `input` (C's `fmod`), elementwise (``FmodBackward1``). See :func:`torch.fmod`.
        """
    def remainder(self, other: Tensor | float) -> Tensor:
        """remainder(other) -> Tensor

        The remainder of `input / other` with the sign of `other` (Python's `%`), elementwise (``RemainderBackward1``). See :func:`torch.remainder`.
        """
    def copysign(self, other: Tensor | float) -> Tensor:
        """copysign(other) -> Tensor

        The magnitude of `input` with the sign of `other`, elementwise (``CopysignBackward0``). See :func:`torch.copysign`.
        """
    def xlogy(self, other: Tensor | float) -> Tensor:
        """xlogy(other) -> Tensor

        `input * log(other)`, and 0 where `input` is 0 (unless `other` is NaN), elementwise (``XlogyBackward0``). See :func:`torch.xlogy`.
        """

# creation
def tensor(data: Any, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Constructs a tensor with no autograd history by copying :attr:`data`.

    The dtype is inferred from the data: Python floats give ``torch.float32``, integers
    ``torch.int64``, booleans ``torch.bool``; a NumPy array keeps its dtype (which must be one
    ferrograd stores: bool, int64, float32 or float64).

    Args:
        data (array_like): initial data for the tensor: a number, a list, a tuple, a NumPy
            ``ndarray`` or a tensor.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.tensor([[0.1, 1.2], [2.2, 3.1]])
        tensor([[0.1000, 1.2000],
                [2.2000, 3.1000]])
        >>> torch.tensor([0, 1])
        tensor([0, 1])
        >>> torch.tensor(3.14159)
        tensor(3.1416)
        >>> torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
        tensor([1., 2.], dtype=torch.float64, requires_grad=True)
    """
def as_tensor(data: Any, dtype: Optional[_DType] = None, device: _Device = None) -> Tensor:
    """as_tensor(data, dtype=None, device=None) -> Tensor

    Converts :attr:`data` into a tensor, sharing data and preserving autograd history if
    :attr:`data` is already a tensor of the requested dtype.

    Args:
        data (array_like): initial data for the tensor: a number, a list, a tuple, a NumPy
            ``ndarray`` (copied) or a tensor.
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).

    Example::

        >>> a = torch.tensor([1.0, 2.0])
        >>> torch.as_tensor(a).data_ptr() == a.data_ptr()
        True
        >>> torch.as_tensor([1, 2, 3])
        tensor([1, 2, 3])
    """
def from_numpy(ndarray: np.ndarray) -> Tensor:
    """from_numpy(ndarray) -> Tensor

    Creates a :class:`Tensor` from a :class:`numpy.ndarray`, keeping its dtype. PyTorch's
    tensor shares the array's memory; ferrograd's is a copy.

    The array's dtype must be one ferrograd tensors hold: ``numpy.float64``, ``numpy.float32``,
    ``numpy.int64`` or ``numpy.bool_``. Another one (``int32``, ``uint8``, ``float16``, ...)
    raises ``TypeError`` naming it; convert the array first (``a.astype(np.int64)``).

    Args:
        ndarray (numpy.ndarray): the array to convert.

    Example::

        >>> import numpy as np
        >>> torch.from_numpy(np.array([1, 2, 3]))
        tensor([1, 2, 3])
        >>> torch.from_numpy(np.array([0.5, 1.5], dtype=np.float32))
        tensor([0.5000, 1.5000])
    """
def from_dlpack(ext_tensor: Any) -> Tensor:
    """from_dlpack(ext_tensor) -> Tensor

    Converts a tensor from an external library into a ``torch.Tensor``.

    ``ext_tensor`` is an object with the ``__dlpack__`` protocol (a NumPy array, a tensor of
    another library on the CPU) or a DLPack capsule. A ferrograd tensor is returned as a
    detached tensor sharing its memory; the elements of any other producer are copied (PyTorch
    shares them). As with :func:`torch.from_numpy`, the dtype must be one ferrograd stores
    (``bool``, ``int64``, ``float32``, ``float64``); another one raises ``TypeError``.

    Args:
        ext_tensor (object with ``__dlpack__`` attribute, or a DLPack capsule): the tensor or
            DLPack capsule to convert.

    Example::

        >>> import numpy as np
        >>> torch.from_dlpack(np.arange(3.0))
        tensor([0., 1., 2.], dtype=torch.float64)
        >>> t = torch.tensor([1.0, 2.0])
        >>> np.from_dlpack(t)
        array([1., 2.], dtype=float32)
    """
def arange(start: _Number, end: Optional[_Number] = None, step: Optional[_Number] = None, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """arange(start=0, end, step=1, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a 1-D tensor of size ``ceil((end - start) / step)`` with values from the interval
    ``[start, end)`` taken with common difference :attr:`step` beginning from :attr:`start`.

    The dtype is ``torch.int64`` when all of :attr:`start`, :attr:`end` and :attr:`step` are
    integers and ``torch.float32`` otherwise.

    Args:
        start (Number): the starting value for the set of points (default: ``0``).
        end (Number): the ending value for the set of points.
        step (Number): the gap between each pair of adjacent points (default: ``1``).

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.arange(5)
        tensor([0, 1, 2, 3, 4])
        >>> torch.arange(1, 4)
        tensor([1, 2, 3])
        >>> torch.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
def linspace(start: _Number, end: _Number, steps: int, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Creates a one-dimensional tensor of size :attr:`steps` whose values are evenly spaced from
    :attr:`start` to :attr:`end`, inclusive.

    Args:
        start (float): the starting value for the set of points.
        end (float): the ending value for the set of points.
        steps (int): size of the constructed tensor.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.linspace(3, 10, steps=5)
        tensor([ 3.0000,  4.7500,  6.5000,  8.2500, 10.0000])
        >>> torch.linspace(-10, 10, steps=5)
        tensor([-10.,  -5.,   0.,   5.,  10.])
    """
def zeros(*size: Any, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False, **kwargs: Any) -> Tensor:
    """zeros(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor filled with the scalar value ``0``, with the shape defined by the
    variable argument :attr:`size`.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor. Can be a
            variable number of arguments or a collection like a list or tuple.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor
            (default: ``torch.float32``).
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.zeros(2, 3)
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
        >>> torch.zeros(2, dtype=torch.int64)
        tensor([0, 0])
    """
def ones(*size: Any, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False, **kwargs: Any) -> Tensor:
    """ones(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor filled with the scalar value ``1``, with the shape defined by the
    variable argument :attr:`size`.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor. Can be a
            variable number of arguments or a collection like a list or tuple.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor
            (default: ``torch.float32``).
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.ones(2, 3)
        tensor([[1., 1., 1.],
                [1., 1., 1.]])
        >>> torch.ones((2,), dtype=torch.bool)
        tensor([True, True])
    """
def empty(*size: Any, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False, **kwargs: Any) -> Tensor:
    """empty(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor of the shape defined by the variable argument :attr:`size`, whose elements
    are to be overwritten: their values are unspecified. A large tensor reuses a freed tensor's
    memory as it is (without a pass that fills it); a small one holds zeros.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor. Can be a
            variable number of arguments or a collection like a list or tuple.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor
            (default: ``torch.float32``).
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.empty(2, 3).shape
        torch.Size([2, 3])
    """
def full(size: _Size, fill_value: _Number, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Creates a tensor of size :attr:`size` filled with :attr:`fill_value`. The tensor's dtype is
    inferred from :attr:`fill_value` (bool, int64 or float32) unless :attr:`dtype` is given.

    Args:
        size (int...): a list, tuple, or :class:`torch.Size` of integers defining the shape of
            the output tensor.
        fill_value (Scalar): the value to fill the output tensor with.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.full((2, 3), 3.141592)
        tensor([[3.1416, 3.1416, 3.1416],
                [3.1416, 3.1416, 3.1416]])
        >>> torch.full((2,), 7)
        tensor([7, 7])
    """
def eye(n: int, m: Optional[int] = None, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """eye(n, m=None, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a 2-D tensor with ones on the diagonal and zeros elsewhere.

    Args:
        n (int): the number of rows.
        m (int, optional): the number of columns, with default being :attr:`n`.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.eye(3)
        tensor([[1., 0., 0.],
                [0., 1., 0.],
                [0., 0., 1.]])
    """
def zeros_like(input: Tensor, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False, memory_format: Any = None) -> Tensor:
    """zeros_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor filled with the scalar value ``0``, with the same size as :attr:`input` (and
    its dtype unless :attr:`dtype` is given).

    Args:
        input (Tensor): the size of :attr:`input` will determine size of the output tensor.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.

    Example::

        >>> torch.zeros_like(torch.ones(2, 3))
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
    """
def ones_like(input: Tensor, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False, memory_format: Any = None) -> Tensor:
    """ones_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor filled with the scalar value ``1``, with the same size as :attr:`input` (and
    its dtype unless :attr:`dtype` is given).

    Args:
        input (Tensor): the size of :attr:`input` will determine size of the output tensor.

    Example::

        >>> torch.ones_like(torch.zeros(2, 3))
        tensor([[1., 1., 1.],
                [1., 1., 1.]])
    """
def empty_like(input: Tensor, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False, memory_format: Any = None) -> Tensor:
    """empty_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor of the same size as :attr:`input` (and its dtype unless :attr:`dtype` is
    given), whose elements are to be overwritten: their values are unspecified (see
    :func:`torch.empty`).

    Args:
        input (Tensor): the size of :attr:`input` will determine size of the output tensor.

    Example::

        >>> torch.empty_like(torch.ones(2, 3)).shape
        torch.Size([2, 3])
    """
def full_like(input: Tensor, fill_value: _Number, *, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor with the same size as :attr:`input` filled with :attr:`fill_value`, of the
    dtype of :attr:`input` unless :attr:`dtype` is given.

    Args:
        input (Tensor): the size of :attr:`input` will determine size of the output tensor.
        fill_value: the number to fill the output tensor with.

    Example::

        >>> torch.full_like(torch.zeros(2), 7.5)
        tensor([7.5000, 7.5000])
    """
def rand(*size: Any, generator: Any = None, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """rand(*size, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor filled with random numbers from a uniform distribution on the interval
    ``[0, 1)``. After :func:`torch.manual_seed` (or with a seeded :attr:`generator`) the values
    are PyTorch's.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> x = torch.rand(2, 3)
        >>> x.shape, bool(((x >= 0) & (x < 1)).all())
        (torch.Size([2, 3]), True)
    """
def randn(*size: Any, generator: Any = None, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """randn(*size, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor filled with random numbers from a normal distribution with mean ``0`` and
    variance ``1``. After :func:`torch.manual_seed` (or with a seeded :attr:`generator`) the values
    are PyTorch's, including the vectorised path PyTorch takes for 16 or more elements.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> torch.randn(2, 3).shape
        torch.Size([2, 3])
    """
def rand_like(input: Tensor, *, dtype: Optional[_DType] = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """rand_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor with the same size as :attr:`input` filled with random numbers from a uniform
    distribution on the interval ``[0, 1)``.

    Args:
        input (Tensor): the size of :attr:`input` will determine size of the output tensor.

    Example::

        >>> torch.rand_like(torch.zeros(2, 2)).shape
        torch.Size([2, 2])
    """
def randn_like(input: Tensor, *, dtype: Optional[_DType] = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """randn_like(input, *, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor with the same size as :attr:`input` filled with random numbers from a normal
    distribution with mean 0 and variance 1.

    Args:
        input (Tensor): the size of :attr:`input` will determine size of the output tensor.

    Example::

        >>> torch.randn_like(torch.zeros(2, 2)).shape
        torch.Size([2, 2])
    """
def randint(*args: Any, size: Optional[_Size] = None, generator: Any = None, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """randint(low=0, high, size, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor

    Returns a tensor filled with random integers generated uniformly between :attr:`low`
    (inclusive) and :attr:`high` (exclusive), of dtype ``torch.int64`` by default.

    Args:
        low (int, optional): lowest integer to be drawn from the distribution (default: ``0``).
        high (int): one above the highest integer to be drawn from the distribution.
        size (tuple): a tuple defining the shape of the output tensor.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the desired data type of the returned tensor.
        device (:class:`torch.device`, optional): ``"cpu"``, or ``"meta"`` for a tensor with a
            shape and no data (default: the default device, :func:`torch.set_default_device`).
        requires_grad (bool, optional): if autograd should record operations on the returned
            tensor (default: ``False``).

    Example::

        >>> x = torch.randint(3, 10, (2, 2))
        >>> x.dtype, bool(((x >= 3) & (x < 10)).all())
        (torch.int64, True)
    """
class Generator:
    """Generator(device='cpu') -> Generator

    Creates and returns a generator object that manages the state of the algorithm which
    produces pseudo random numbers (PyTorch's CPU algorithm, a Mersenne Twister). Used as a
    keyword argument in many in-place random sampling functions.

    Example::

        >>> g = torch.Generator()
        >>> g.initial_seed()
        67280421310721
        >>> torch.rand(2, generator=g.manual_seed(0))
        tensor([0.4963, 0.7682])
    """
    def __init__(self, device: _Device = None) -> None: ...
    def manual_seed(self, seed: int) -> Generator:
        """manual_seed(seed) -> Generator

        Sets the seed for generating random numbers and returns this generator.

        Example::

            >>> g = torch.Generator().manual_seed(3)
            >>> g.initial_seed()
            3
        """
    def initial_seed(self) -> int:
        """initial_seed() -> int

        Returns the initial seed for generating random numbers.

        Example::

            >>> torch.Generator().initial_seed()
            67280421310721
        """
    def seed(self) -> int:
        """seed() -> int

        Gets a non-deterministic random number from the operating system, seeds the generator
        with it and returns it.

        Example::

            >>> g = torch.Generator()
            >>> g.seed() == g.initial_seed()
            True
        """
    def get_state(self) -> Tensor:
        """get_state() -> Tensor

        Returns the generator state: PyTorch's 5056 bytes (held as an int64 tensor, since
        ferrograd has no uint8 dtype).

        Example::

            >>> torch.Generator().get_state().shape
            torch.Size([5056])
        """
    def set_state(self, new_state: Tensor) -> Generator:
        """set_state(new_state) -> Generator

        Sets the generator state from :meth:`get_state` (or from PyTorch's bytes) and returns
        this generator.

        Example::

            >>> g = torch.Generator()
            >>> s = g.get_state()
            >>> a = torch.rand(2, generator=g)
            >>> torch.equal(torch.rand(2, generator=g.set_state(s)), a)
            True
        """
    @property
    def device(self) -> device:
        """The device of the generator (always ``cpu``)."""
default_generator: Generator
def get_rng_state() -> Tensor:
    """get_rng_state() -> Tensor

    Returns the state of the default generator (see :meth:`Generator.get_state`).

    Example::

        >>> s = torch.get_rng_state()
        >>> a = torch.rand(2)
        >>> torch.set_rng_state(s)
        >>> torch.equal(torch.rand(2), a)
        True
    """
def set_rng_state(new_state: Tensor) -> None:
    """set_rng_state(new_state) -> None

    Sets the state of the default generator (see :meth:`Generator.set_state`).

    Example::

        >>> torch.set_rng_state(torch.get_rng_state())
    """
def randperm(n: int, *, generator: Optional[Generator] = None, dtype: Optional[_DType] = None, device: _Device = None, requires_grad: bool = False) -> Tensor:
    """randperm(n, *, generator=None, dtype=torch.int64, device=None, requires_grad=False) -> Tensor

    Returns a random permutation of integers from ``0`` to ``n - 1``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.randperm(4)
        tensor([0, 1, 3, 2])
    """
def normal(mean: Union[Tensor, float], std: Union[Tensor, float, None] = None, size: Optional[_Size] = None, *, generator: Optional[Generator] = None, dtype: Optional[_DType] = None, requires_grad: bool = False) -> Tensor:
    """normal(mean, std, size=None, *, generator=None) -> Tensor

    Returns a tensor of random numbers drawn from separate normal distributions whose means and
    standard deviations are given (tensors, or numbers with ``size``).

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.normal(torch.tensor([0.0, 10.0, 100.0]), 0.1)
        tensor([ 0.1541,  9.9707, 99.7821])
    """
def bernoulli(input: Tensor, p: Optional[float] = None, *, generator: Optional[Generator] = None) -> Tensor:
    """bernoulli(input, p=None, *, generator=None) -> Tensor

    Draws binary random numbers (0 or 1): element ``i`` is 1 with probability ``input[i]`` (or
    with probability ``p`` when given).

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.bernoulli(torch.tensor([0.0, 1.0, 0.5, 0.5]))
        tensor([0., 1., 1., 1.])
    """
def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *, generator: Optional[Generator] = None) -> Tensor:
    """multinomial(input, num_samples, replacement=False, *, generator=None) -> LongTensor

    Returns a tensor where each row contains :attr:`num_samples` indices sampled from the
    multinomial distribution located in the corresponding row of :attr:`input`.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 2, replacement=True)
        tensor([3, 3])
    """
def manual_seed(seed: int) -> Generator:
    """manual_seed(seed) -> Generator

    Sets the seed for generating random numbers and returns the default generator. After the
    same seed, :func:`torch.rand`, :func:`torch.randn`, :func:`torch.randint`,
    :func:`torch.randperm`, the in-place samplers, ``nn.init`` and dropout give PyTorch's values.

    Args:
        seed (int): the desired seed, in ``[-0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff]``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.rand(3)
        tensor([0.4963, 0.7682, 0.0885])
    """
def seed() -> int:
    """seed() -> int

    Sets the seed of the default generator to a non-deterministic random number and returns it.

    Example::

        >>> s = torch.seed()
        >>> torch.initial_seed() == s
        True
    """
def initial_seed() -> int:
    """initial_seed() -> int

    Returns the initial seed of the default generator.

    Example::

        >>> _ = torch.manual_seed(5)
        >>> torch.initial_seed()
        5
    """
def get_default_dtype() -> dtype:
    """get_default_dtype() -> torch.dtype

    Gets the current default floating point :class:`torch.dtype` (``torch.float32`` unless
    :func:`set_default_dtype` changed it).

    Example::

        >>> torch.get_default_dtype()
        torch.float32
    """
def set_default_dtype(d: dtype) -> None:
    """set_default_dtype(d) -> None

    Sets the default floating point dtype to :attr:`d`, ``torch.float32`` or ``torch.float64``
    (ferrograd holds no 16-bit floats). It is the dtype of Python floats turned into tensors,
    of float factories (``zeros``, ``rand``, ``linspace`` …), of modules' parameters, and of
    integer-to-float promotions (``torch.tensor([3]) / 2``); tensors of the other floating dtype
    print a ``dtype=`` suffix.

    Args:
        d (:class:`torch.dtype`): the floating point dtype to make the default.

    Example::

        >>> torch.set_default_dtype(torch.float64)
        >>> torch.tensor([1.2])
        tensor([1.2000])
        >>> torch.tensor([1.2], dtype=torch.float32)
        tensor([1.2000], dtype=torch.float32)
        >>> torch.set_default_dtype(torch.float32)
    """
def set_num_threads(n: int) -> None:
    """set_num_threads(int)

    Sets the number of threads used for intraop parallelism on CPU: the threads a large
    elementwise op, reduction, matrix product or convolution is split across (the calling
    thread and a team of workers). Unset, it is the number of CPUs (or ``RAYON_NUM_THREADS``).

    Example::

        >>> n = torch.get_num_threads()
        >>> torch.set_num_threads(1)
        >>> torch.get_num_threads()
        1
        >>> torch.set_num_threads(n)
    """
def get_num_threads() -> int:
    """get_num_threads() -> int

    Returns the number of threads used for parallelizing CPU operations
    (:func:`set_num_threads`).

    Example::

        >>> torch.get_num_threads() >= 1
        True
    """
# elementwise
def absolute(input: Tensor) -> Tensor:
    """Alias for :func:`torch.abs`: the absolute value of each element in :attr:`input`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.absolute(torch.tensor([-1.5, 2.0]))
        tensor([1.5000, 2.0000])
    """
def neg(input: Tensor) -> Tensor:
    """neg(input) -> Tensor

    Returns a new tensor with the negative of the elements of :attr:`input`: ``out = -1 * input``.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.neg(torch.tensor([1.5, -2.0, 0.0]))
        tensor([-1.5000,  2.0000, -0.0000])
    """
def negative(input: Tensor) -> Tensor:
    """Alias for :func:`torch.neg`: returns a new tensor with the negative of the elements of :attr:`input`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.negative(torch.tensor([1.0, -2.0]))
        tensor([-1.,  2.])
    """
def clamp(input: Tensor, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
    """clamp(input, min=None, max=None) -> Tensor

    Clamps all elements in :attr:`input` into the range ``[min, max]``:
    ``out_i = min(max(input_i, min), max)``. If :attr:`min` is ``None`` there is no lower bound,
    if :attr:`max` is ``None`` no upper bound. ``torch.clip`` is an alias.

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor, optional): lower-bound of the range to be clamped to.
        max (Number or Tensor, optional): upper-bound of the range to be clamped to.

    With tensor bounds (broadcast against :attr:`input`) the bounds are differentiated too
    (``ClampBackward0``).

    Example::

        >>> torch.clamp(torch.tensor([-1.5, 0.2, 0.9]), min=-0.5, max=0.5)
        tensor([-0.5000,  0.2000,  0.5000])
        >>> torch.clamp(torch.tensor([-2.0, 2.0]), min=0.0)
        tensor([0., 2.])
    """
def clip(input: Tensor, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
    """clamp(input, min=None, max=None) -> Tensor

    Clamps all elements in :attr:`input` into the range ``[min, max]``:
    ``out_i = min(max(input_i, min), max)``. If :attr:`min` is ``None`` there is no lower bound,
    if :attr:`max` is ``None`` no upper bound. ``torch.clip`` is an alias.

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor, optional): lower-bound of the range to be clamped to.
        max (Number or Tensor, optional): upper-bound of the range to be clamped to.

    With tensor bounds (broadcast against :attr:`input`) the bounds are differentiated too
    (``ClampBackward0``).

    Example::

        >>> torch.clamp(torch.tensor([-1.5, 0.2, 0.9]), min=-0.5, max=0.5)
        tensor([-0.5000,  0.2000,  0.5000])
        >>> torch.clamp(torch.tensor([-2.0, 2.0]), min=0.0)
        tensor([0., 2.])
    """
def clamp_min(input: Tensor, min: _Number) -> Tensor:
    """clamp_min(input, min) -> Tensor

    Clamps all elements in :attr:`input` to be at least :attr:`min`: ``torch.clamp(input, min=min)``.

    Args:
        input (Tensor): the input tensor.
        min (Number): lower bound.

    Example::

        >>> torch.clamp_min(torch.tensor([-1.0, 2.0]), 0.5)
        tensor([0.5000, 2.0000])
    """
def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """gather(input, dim, index) -> Tensor

    Gathers values along :attr:`dim` at the positions of the int64 tensor :attr:`index`:
    ``out[i][j] = self[index[i][j]][j]`` for ``dim=0``. ``index`` has as many dimensions as
    this tensor; the result has its shape.

    Example::

        >>> t = torch.tensor([[1., 2.], [3., 4.]])
        >>> t.gather(1, torch.tensor([[0, 0], [1, 0]]))
        tensor([[1., 1.],
                [4., 3.]])
    """
def scatter(input: Tensor, dim: int, index: Tensor, src: Optional[_TensorOrNumber] = None, *, value: Optional[_Number] = None, reduce: Optional[str] = None) -> Tensor:
    """scatter(input, dim, index, src) -> Tensor

    A copy of this tensor with the values of :attr:`src` (a tensor, or one number) written
    at the positions :attr:`index` names along :attr:`dim`:
    ``out[index[i][j]][j] = src[i][j]`` for ``dim=0``.

    Example::

        >>> torch.zeros(2, 3).scatter(1, torch.tensor([[2], [0]]), torch.tensor([[5.], [6.]]))
        tensor([[0., 0., 5.],
                [6., 0., 0.]])
        >>> torch.zeros(3).scatter(0, torch.tensor([1]), 7.0)
        tensor([0., 7., 0.])
    """
def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """scatter_add(input, dim, index, src) -> Tensor

    A copy of this tensor with the values of :attr:`src` added at the positions
    :attr:`index` names along :attr:`dim` (repeated positions accumulate).

    Example::

        >>> torch.zeros(3).scatter_add(0, torch.tensor([2, 0, 2]), torch.tensor([1., 2., 4.]))
        tensor([2., 0., 5.])
    """
def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """index_select(input, dim, index) -> Tensor

    The slices of this tensor along :attr:`dim` at the positions of the 1-D int64 tensor
    :attr:`index`.

    Example::

        >>> torch.tensor([[1., 2., 3.], [4., 5., 6.]]).index_select(1, torch.tensor([2, 0]))
        tensor([[3., 1.],
                [6., 4.]])
    """
def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Optional[_Number] = None) -> Tensor:
    """index_add(input, dim, index, source, *, alpha=1) -> Tensor

    A copy of this tensor with ``alpha * source`` added to the slices :attr:`index` names
    along :attr:`dim` (repeated indices accumulate).

    Example::

        >>> torch.zeros(3).index_add(0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]))
        tensor([3., 0., 3.])
    """
def index_put(input: Tensor, indices: Sequence[Tensor], values: Tensor, accumulate: bool = False) -> Tensor:
    """index_put(input, indices, values, accumulate=False) -> Tensor

    A copy of this tensor with :attr:`values` written at the elements that the tuple of
    index tensors :attr:`indices` names (``x[indices] = values`` out of place); with
    :attr:`accumulate`, added to them, repeated indices adding up.

    Example::

        >>> i = (torch.tensor([0, 0]), torch.tensor([1, 1]))
        >>> torch.zeros(2, 2).index_put(i, torch.tensor([1., 2.]), accumulate=True)
        tensor([[0., 3.],
                [0., 0.]])
    """
def index_put_(input: Tensor, indices: Sequence[Tensor], values: Tensor, accumulate: bool = False) -> Tensor:
    """index_put_(input, indices, values, accumulate=False) -> Tensor

    In-place :meth:`index_put`.

    Example::

        >>> x = torch.zeros(3)
        >>> x.index_put_((torch.tensor([0, 0]),), torch.tensor(1.), accumulate=True)
        tensor([2., 0., 0.])
    """
def index_fill(input: Tensor, dim: int, index: Tensor, value: _TensorOrNumber) -> Tensor:
    """index_fill(input, dim, index, value) -> Tensor

    A copy of this tensor with :attr:`value` in the slices :attr:`index` names along
    :attr:`dim`.

    Example::

        >>> torch.ones(2, 2).index_fill(1, torch.tensor([1]), -1.0)
        tensor([[ 1., -1.],
                [ 1., -1.]])
    """
def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """masked_select(input, mask) -> Tensor

    The elements where the bool tensor :attr:`mask` (broadcast with this tensor) is
    ``True``, as a 1-D tensor.

    Example::

        >>> x = torch.tensor([[1., -2.], [-3., 4.]])
        >>> x.masked_select(x > 0)
        tensor([1., 4.])
    """
def take_along_dim(input: Tensor, indices: Tensor, dim: Optional[int] = None) -> Tensor:
    """take_along_dim(input, indices, dim=None) -> Tensor

    The values at :attr:`indices` along :attr:`dim` (``indices`` broadcasts with this tensor
    in the other dimensions), as the indices of :meth:`argsort` or :meth:`topk` give them;
    with ``dim=None`` both are flattened first.

    Example::

        >>> x = torch.tensor([[10., 30., 20.], [60., 40., 50.]])
        >>> x.take_along_dim(x.argsort(dim=1), dim=1)
        tensor([[10., 20., 30.],
                [40., 50., 60.]])
    """
def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
    """topk(input, k, dim=-1, largest=True, sorted=True) -> (Tensor, LongTensor)

    The :attr:`k` largest (or, with ``largest=False``, smallest) elements along :attr:`dim`
    and their indices, as the named tuple ``(values, indices)``.

    Example::

        >>> torch.tensor([1., 4., 2., 3.]).topk(2)
        torch.return_types.topk(
        values=tensor([4., 3.]),
        indices=tensor([1, 3]))
    """
def sort(input: Tensor, dim: int = -1, descending: bool = False, *, stable: Optional[bool] = None) -> Any:
    """sort(input, dim=-1, descending=False, stable=False) -> (Tensor, LongTensor)

    The elements sorted along :attr:`dim` and the indices they came from, as the named tuple
    ``(values, indices)``. NaN sorts as the largest value; ``stable=True`` keeps equal
    elements in their order.

    Example::

        >>> torch.tensor([3., 1., 2.]).sort()
        torch.return_types.sort(
        values=tensor([1., 2., 3.]),
        indices=tensor([1, 2, 0]))
    """
def argsort(input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
    """argsort(input, dim=-1, descending=False, stable=False) -> LongTensor

    The indices that sort this tensor along :attr:`dim` (those of :meth:`sort`).

    Example::

        >>> torch.tensor([3., 1., 2.]).argsort()
        tensor([1, 2, 0])
    """
def cumsum(input: Tensor, dim: int, *, dtype: Optional[_DType] = None) -> Tensor:
    """cumsum(input, dim, *, dtype=None) -> Tensor

    The cumulative sum along :attr:`dim` (integers and bools sum as int64).

    Example::

        >>> torch.tensor([1., 2., 3.]).cumsum(0)
        tensor([1., 3., 6.])
    """
def cumprod(input: Tensor, dim: int, *, dtype: Optional[_DType] = None) -> Tensor:
    """cumprod(input, dim, *, dtype=None) -> Tensor

    The cumulative product along :attr:`dim`.

    Example::

        >>> torch.tensor([1., 2., 3.]).cumprod(0)
        tensor([1., 2., 6.])
    """
def var(input: Tensor, dim: _Dims = None, unbiased: Optional[bool] = None, keepdim: bool = False, *, correction: Optional[float] = None) -> Tensor:
    """var(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor

    The variance over :attr:`dim` (all dimensions by default), dividing by
    ``N - correction``; ``unbiased=False`` is ``correction=0``.

    See :func:`torch.var`.

    Example::

        >>> x = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])
        >>> x.var(1)
        tensor([1., 4.])
        >>> x.var(1, correction=0)
        tensor([0.6667, 2.6667])
    """
def std(input: Tensor, dim: _Dims = None, unbiased: Optional[bool] = None, keepdim: bool = False, *, correction: Optional[float] = None) -> Tensor:
    """std(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> Tensor

    The standard deviation over :attr:`dim`, the square root of :meth:`var`.

    See :func:`torch.std`.

    Example::

        >>> torch.tensor([1.0, 3.0]).std()
        tensor(1.4142)
    """
def var_mean(input: Tensor, dim: _Dims = None, unbiased: Optional[bool] = None, keepdim: bool = False, *, correction: Optional[float] = None) -> tuple[Tensor, Tensor]:
    """var_mean(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> (Tensor, Tensor)

    The variance and the mean of :attr:`input` over :attr:`dim`, in one call.

    Example::

        >>> torch.var_mean(torch.tensor([1.0, 2.0, 3.0]))
        (tensor(1.), tensor(2.))
    """
def std_mean(input: Tensor, dim: _Dims = None, unbiased: Optional[bool] = None, keepdim: bool = False, *, correction: Optional[float] = None) -> tuple[Tensor, Tensor]:
    """std_mean(input, dim=None, unbiased=True, keepdim=False, *, correction=1) -> (Tensor, Tensor)

    The standard deviation and the mean of :attr:`input` over :attr:`dim`, in one call.

    Example::

        >>> torch.std_mean(torch.tensor([1.0, 3.0]), correction=0)
        (tensor(1.), tensor(2.))
    """
def prod(input: Tensor, dim: Optional[int] = None, keepdim: bool = False, *, dtype: Optional[_DType] = None) -> Tensor:
    """prod(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

    The product of the elements, of all of them or along :attr:`dim`.

    See :func:`torch.prod`.

    Example::

        >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> x.prod(), x.prod(1)
        (tensor(24.), tensor([ 2., 12.]))
    """
def logsumexp(input: Tensor, dim: _Dims, keepdim: bool = False) -> Tensor:
    """logsumexp(input, dim, keepdim=False) -> Tensor

    ``log(sum(exp(self)))`` over :attr:`dim`, computed stably.

    See :func:`torch.logsumexp`.

    Example::

        >>> torch.tensor([[0.0, 0.0], [10.0, 10.0]]).logsumexp(1)
        tensor([ 0.6931, 10.6931])
    """
def split(tensor: Tensor, split_size_or_sections: Union[int, Sequence[int]], dim: int = 0) -> tuple[Tensor, ...]:
    """split(tensor, split_size_or_sections, dim=0) -> tuple of Tensors

    Splits :attr:`tensor` into pieces along :attr:`dim`: of size
    :attr:`split_size_or_sections` (an int; the last piece smaller if the size does not
    divide), or of the sizes in a list. The pieces are views of :attr:`tensor`.

    Example::

        >>> torch.split(torch.arange(5), 2)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        >>> torch.split(torch.arange(5), [1, 4])
        (tensor([0]), tensor([1, 2, 3, 4]))
    """
def split_with_sizes(input: Tensor, split_sizes: Sequence[int], dim: int = 0) -> tuple[Tensor, ...]:
    """split_with_sizes(input, split_sizes, dim=0) -> tuple of Tensors

    Pieces of the given sizes along :attr:`dim`, which must add up to its size.

    See :func:`torch.split`.

    Example::

        >>> torch.arange(5).split_with_sizes([2, 3])
        (tensor([0, 1]), tensor([2, 3, 4]))
    """
def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """chunk(input, chunks, dim=0) -> tuple of Tensors

    At most :attr:`chunks` pieces of equal size along :attr:`dim` (the last one smaller).

    See :func:`torch.chunk`.

    Example::

        >>> torch.arange(5).chunk(3)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
def tensor_split(input: Tensor, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """tensor_split(input, indices_or_sections, dim=0) -> tuple of Tensors

    :attr:`indices_or_sections` pieces of sizes differing by at most one (an int), or the
    pieces between the given indices (a list or tensor of ints), along :attr:`dim`.

    See :func:`torch.tensor_split`.

    Example::

        >>> torch.arange(5).tensor_split(3)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        >>> torch.arange(5).tensor_split([1, 4])
        (tensor([0]), tensor([1, 2, 3]), tensor([4]))
    """
def hsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """hsplit(input, indices_or_sections) -> tuple of Tensors

    Splits :attr:`input` horizontally (along dimension 1, or 0 for a 1-D input) with
    :func:`tensor_split`; an int must divide the size.

    Example::

        >>> torch.hsplit(torch.arange(8).reshape(2, 4), 2)
        (tensor([[0, 1],
                [4, 5]]), tensor([[2, 3],
                [6, 7]]))
    """
def vsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """vsplit(input, indices_or_sections) -> tuple of Tensors

    Splits :attr:`input` vertically (along dimension 0) with :func:`tensor_split`; the input has
    at least two dimensions and an int must divide the size.

    Example::

        >>> torch.vsplit(torch.arange(8).reshape(4, 2), [3])
        (tensor([[0, 1],
                [2, 3],
                [4, 5]]), tensor([[6, 7]]))
    """
def dsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """dsplit(input, indices_or_sections) -> tuple of Tensors

    Splits :attr:`input` depthwise (along dimension 2) with :func:`tensor_split`; the input has at
    least three dimensions and an int must divide the size.

    Example::

        >>> [p.shape for p in torch.dsplit(torch.zeros(2, 2, 4), 2)]
        [torch.Size([2, 2, 2]), torch.Size([2, 2, 2])]
    """
def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """tril(input, diagonal=0) -> Tensor

    The lower triangle of the last two dimensions, the other elements 0.

    See :func:`torch.tril`.

    Example::

        >>> torch.ones(2, 3).tril()
        tensor([[1., 0., 0.],
                [1., 1., 0.]])
    """
def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """triu(input, diagonal=0) -> Tensor

    The upper triangle of the last two dimensions, the other elements 0.

    See :func:`torch.triu`.

    Example::

        >>> torch.ones(2, 3).triu(1)
        tensor([[0., 1., 1.],
                [0., 0., 1.]])
    """
def tile(input: Tensor, dims: Sequence[int]) -> Tensor:
    """tile(input, dims) -> Tensor

    Repeats :attr:`input` along each dimension the number of times in :attr:`dims`; with
    fewer counts than dimensions the leading ones are taken as 1, with more the input gains
    leading dimensions.

    Example::

        >>> torch.tile(torch.tensor([1, 2]), (2, 2))
        tensor([[1, 2, 1, 2],
                [1, 2, 1, 2]])
    """
def movedim(input: Tensor, source: _Dims, destination: _Dims) -> Tensor:
    """movedim(input, source, destination) -> Tensor

    A view with the dimension(s) :attr:`source` moved to :attr:`destination`.

    See :func:`torch.movedim`.

    Example::

        >>> torch.zeros(2, 3, 4).movedim(0, -1).shape
        torch.Size([3, 4, 2])
    """
def moveaxis(input: Tensor, source: _Dims, destination: _Dims) -> Tensor:
    """moveaxis(input, source, destination) -> Tensor

    Alias for :meth:`movedim`.

    Example::

        >>> torch.zeros(2, 3, 4).moveaxis((0, 1), (1, 2)).shape
        torch.Size([4, 2, 3])
    """
def unflatten(input: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:
    """unflatten(input, dim, sizes) -> Tensor

    Dimension :attr:`dim` expanded into :attr:`sizes` (one may be -1).

    See :func:`torch.unflatten`.

    Example::

        >>> torch.zeros(3, 4).unflatten(1, (2, -1)).shape
        torch.Size([3, 2, 2])
    """
def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """bmm(input, mat2) -> Tensor

    Batched matrix product with :attr:`mat2`.

    See :func:`torch.bmm`.

    Example::

        >>> torch.ones(2, 3, 4).bmm(torch.ones(2, 4, 5)).shape
        torch.Size([2, 3, 5])
    """
def isnan(input: Tensor) -> Tensor:
    """isnan(input) -> Tensor

    Where the elements are NaN, as a bool tensor.

    See :func:`torch.isnan`.

    Example::

        >>> torch.tensor([1.0, float('nan')]).isnan()
        tensor([False,  True])
    """
def isinf(input: Tensor) -> Tensor:
    """isinf(input) -> Tensor

    Where the elements are positive or negative infinity.

    See :func:`torch.isinf`.

    Example::

        >>> torch.tensor([1.0, float('-inf')]).isinf()
        tensor([False,  True])
    """
def isposinf(input: Tensor) -> Tensor:
    """isposinf(input) -> Tensor

    Where the elements are positive infinity.

    See :func:`torch.isposinf`.

    Example::

        >>> torch.tensor([float('inf'), float('-inf')]).isposinf()
        tensor([ True, False])
    """
def isneginf(input: Tensor) -> Tensor:
    """isneginf(input) -> Tensor

    Where the elements are negative infinity.

    See :func:`torch.isneginf`.

    Example::

        >>> torch.tensor([float('inf'), float('-inf')]).isneginf()
        tensor([False,  True])
    """
def isfinite(input: Tensor) -> Tensor:
    """isfinite(input) -> Tensor

    Where the elements are finite (not NaN, not infinite).

    See :func:`torch.isfinite`.

    Example::

        >>> torch.tensor([1.0, float('nan'), float('inf')]).isfinite()
        tensor([ True, False, False])
    """
def nan_to_num(input: Tensor, nan: float = 0.0, posinf: Optional[float] = None, neginf: Optional[float] = None) -> Tensor:
    """nan_to_num(input, nan=0.0, posinf=None, neginf=None) -> Tensor

    NaN, positive and negative infinity replaced by :attr:`nan`, :attr:`posinf` and
    :attr:`neginf` (by default 0, the largest and the lowest finite value of the dtype).

    See :func:`torch.nan_to_num`.

    Example::

        >>> torch.tensor([1.0, float('nan'), float('inf')]).nan_to_num(posinf=9.0)
        tensor([1., 0., 9.])
    """
def broadcast_to(input: Tensor, shape: _Size) -> Tensor:
    """broadcast_to(input, shape) -> Tensor

    This tensor broadcast to :attr:`shape` (a view, as :meth:`expand`; -1 keeps a size).

    Example::

        >>> torch.tensor([1, 2]).broadcast_to((2, 2))
        tensor([[1, 2],
                [1, 2]])
    """
def broadcast_shapes(*shapes: Any) -> Size:
    """broadcast_shapes(*shapes) -> Size

    The shape that tensors of the given shapes broadcast to, without making any tensor.

    Example::

        >>> torch.broadcast_shapes((2,), (3, 1), (1, 1, 1))
        torch.Size([1, 3, 2])
    """
def inverse(input: Tensor) -> Tensor:
    """inverse(input) -> Tensor

    Alias for :func:`torch.linalg.inv`.

    Example::

        >>> torch.inverse(torch.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
def det(input: Tensor) -> Tensor:
    """det(input) -> Tensor

    Alias for :func:`torch.linalg.det`.

    Example::

        >>> torch.det(torch.tensor([[2.0, 1.0], [1.0, 3.0]]))
        tensor(5.)
    """
def slogdet(input: Tensor) -> Any:
    """slogdet(input) -> (Tensor, Tensor)

    Alias for :func:`torch.linalg.slogdet`, as the named tuple ``torch.return_types.slogdet``.

    Example::

        >>> torch.slogdet(torch.tensor([[2.0, 0.0], [0.0, 2.0]])).logabsdet
        tensor(1.3863)
    """
def logdet(input: Tensor) -> Tensor:
    """logdet(input) -> Tensor

    The natural log of the determinant of each square matrix: NaN where the determinant is
    negative, ``-inf`` where it is zero (composed of ``slogdet`` and ``where``).

    Example::

        >>> torch.logdet(torch.tensor([[2.0, 0.0], [0.0, 2.0]]))
        tensor(1.3863)
    """
def promote_types(type1: dtype, type2: dtype) -> dtype:
    """promote_types(type1, type2) -> dtype

    The smallest dtype that both :attr:`type1` and :attr:`type2` convert to without losing
    their kind (bool < int64 < float32 < float64).

    Example::

        >>> torch.promote_types(torch.int64, torch.float32)
        torch.float32
        >>> torch.promote_types(torch.bool, torch.int64)
        torch.int64
    """
def can_cast(from_: dtype, to: dtype) -> bool:
    """can_cast(from_, to) -> bool

    Whether PyTorch's casting rules allow writing :attr:`from_` into :attr:`to` (no floating
    into integral, no non-bool into bool).

    Example::

        >>> torch.can_cast(torch.float64, torch.float32)
        True
        >>> torch.can_cast(torch.float32, torch.int64)
        False
    """
def broadcast_tensors(*tensors: Tensor) -> tuple[Tensor, ...]:
    """broadcast_tensors(*tensors) -> tuple of Tensors

    The tensors broadcast to one shape (views, as :meth:`Tensor.expand`).

    Example::

        >>> a, b = torch.broadcast_tensors(torch.tensor([1, 2]), torch.tensor([[0], [10]]))
        >>> a
        tensor([[1, 2],
                [1, 2]])
        >>> b
        tensor([[ 0,  0],
                [10, 10]])
    """
def clamp_(input: Tensor, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
    """clamp_(input, min=None, max=None) -> Tensor

    In-place :meth:`clamp`.

    Example::

        >>> x = torch.tensor([-2.0, 0.5, 3.0])
        >>> x.clamp_(-1, 1)
        tensor([-1.0000,  0.5000,  1.0000])
    """
def clip_(input: Tensor, min: Optional[Union[_Number, Tensor]] = None, max: Optional[Union[_Number, Tensor]] = None) -> Tensor:
    """clip_(input, min=None, max=None) -> Tensor

    Alias for :meth:`clamp_`.

    Example::

        >>> torch.tensor([5.0]).clip_(max=1)
        tensor([1.])
    """
def clamp_min_(input: Tensor, min: _Number) -> Tensor:
    """clamp_min_(input, min) -> Tensor

    In-place :meth:`clamp_min`.

    Example::

        >>> torch.tensor([-2.0, 0.5]).clamp_min_(0)
        tensor([0.0000, 0.5000])
    """
def clamp_max_(input: Tensor, max: _Number) -> Tensor:
    """clamp_max_(input, max) -> Tensor

    In-place :meth:`clamp_max`.

    Example::

        >>> torch.tensor([-2.0, 0.5]).clamp_max_(0)
        tensor([-2.,  0.])
    """
def lerp(input: Tensor, end: Tensor, weight: Union[_Number, Tensor]) -> Tensor:
    """lerp(input, end, weight) -> Tensor

    Linear interpolation ``self + weight * (end - self)`` (:attr:`weight` a number or a
    tensor), broadcasting.

    See :func:`torch.lerp`.

    Example::

        >>> torch.tensor([0.0, 10.0]).lerp(torch.tensor([10.0, 20.0]), 0.25)
        tensor([ 2.5000, 12.5000])
    """
def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: _Number = 1) -> Tensor:
    """addcmul(input, tensor1, tensor2, *, value=1) -> Tensor

    ``self + value * tensor1 * tensor2``, broadcasting.

    See :func:`torch.addcmul`.

    Example::

        >>> torch.tensor([1.0, 2.0]).addcmul(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]), value=2)
        tensor([ 4., 22.])
    """
def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: _Number = 1) -> Tensor:
    """addcdiv(input, tensor1, tensor2, *, value=1) -> Tensor

    ``self + value * tensor1 / tensor2``, broadcasting.

    See :func:`torch.addcdiv`.

    Example::

        >>> torch.tensor([1.0, 2.0]).addcdiv(torch.tensor([3.0, 5.0]), torch.tensor([0.5, 2.0]), value=2)
        tensor([13.,  7.])
    """
def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """diagonal(input, offset=0, dim1=0, dim2=1) -> Tensor

    A view of the diagonal :attr:`offset` of dimensions :attr:`dim1` and :attr:`dim2`,
    which become one last dimension.

    See :func:`torch.diagonal`.

    Example::

        >>> torch.arange(12).reshape(3, 4).diagonal(1)
        tensor([ 1,  6, 11])
    """
def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """diag(input, diagonal=0) -> Tensor

    Of a vector, the square matrix with it on diagonal :attr:`diagonal`; of a matrix, a copy
    of that diagonal.

    See :func:`torch.diag`.

    Example::

        >>> torch.tensor([1, 2]).diag()
        tensor([[1, 0],
                [0, 2]])
    """
def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """diag_embed(input, offset=0, dim1=-2, dim2=-1) -> Tensor

    Each vector along the last dimension on diagonal :attr:`offset` of a matrix in
    dimensions :attr:`dim1` and :attr:`dim2` of the result.

    See :func:`torch.diag_embed`.

    Example::

        >>> torch.tensor([[1, 2]]).diag_embed()
        tensor([[[1, 0],
                 [0, 2]]])
    """
def trace(input: Tensor) -> Tensor:
    """trace(input) -> Tensor

    The sum of the main diagonal of a matrix.

    See :func:`torch.trace`.

    Example::

        >>> torch.tensor([[1.0, 2.0], [3.0, 4.0]]).trace()
        tensor(5.)
    """
def roll(input: Tensor, shifts: _Dims, dims: _Dims = None) -> Tensor:
    """roll(input, shifts, dims=None) -> Tensor

    The elements shifted along :attr:`dims` (with no dims: over the flattened tensor), those
    pushed past the end coming back at the start.

    See :func:`torch.roll`.

    Example::

        >>> torch.tensor([1, 2, 3, 4]).roll(1)
        tensor([4, 1, 2, 3])
    """
def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """nonzero(input, *, as_tuple=False) -> LongTensor or tuple of LongTensors

    The indices of the nonzero elements: one row per element, or (``as_tuple=True``) one
    tensor per dimension.

    See :func:`torch.nonzero`.

    Example::

        >>> torch.tensor([[0, 1], [2, 0]]).nonzero()
        tensor([[0, 1],
                [1, 0]])
    """
def argwhere(input: Tensor) -> Tensor:
    """argwhere(input) -> LongTensor

    The indices of the nonzero elements, one row per element (:meth:`nonzero`).

    See :func:`torch.argwhere`.

    Example::

        >>> torch.tensor([0, 3, 0, 4]).argwhere()
        tensor([[1],
                [3]])
    """
def count_nonzero(input: Tensor, dim: _Dims = None) -> Tensor:
    """count_nonzero(input, dim=None) -> LongTensor

    How many elements are nonzero, over all of them or along :attr:`dim`.

    See :func:`torch.count_nonzero`.

    Example::

        >>> torch.tensor([[0, 1], [2, 0]]).count_nonzero(dim=0)
        tensor([1, 1])
    """
def atleast_1d(*tensors: Any) -> Any:
    """atleast_1d(*tensors) -> Tensor or tuple of Tensors

    Each tensor with at least one dimension (a 0-dim tensor becomes one element).

    Example::

        >>> torch.atleast_1d(torch.tensor(1.0))
        tensor([1.])
    """
def atleast_2d(*tensors: Any) -> Any:
    """atleast_2d(*tensors) -> Tensor or tuple of Tensors

    Each tensor with at least two dimensions (a vector becomes one row).

    Example::

        >>> torch.atleast_2d(torch.tensor([1.0, 2.0]))
        tensor([[1., 2.]])
    """
def atleast_3d(*tensors: Any) -> Any:
    """atleast_3d(*tensors) -> Tensor or tuple of Tensors

    Each tensor with at least three dimensions (a vector ``(n,)`` becomes ``(1, n, 1)``, a
    matrix ``(m, n)`` becomes ``(m, n, 1)``).

    Example::

        >>> torch.atleast_3d(torch.ones(2, 3)).shape
        torch.Size([2, 3, 1])
    """
def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """hstack(tensors) -> Tensor

    Stacks tensors horizontally: along dimension 1, or 0 for vectors.

    Example::

        >>> torch.hstack([torch.tensor([1, 2]), torch.tensor([3])])
        tensor([1, 2, 3])
    """
def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """vstack(tensors) -> Tensor

    Stacks tensors vertically: along dimension 0, after making vectors rows.

    Example::

        >>> torch.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])])
        tensor([[1, 2],
                [3, 4]])
    """
def row_stack(tensors: Sequence[Tensor]) -> Tensor:
    """row_stack(tensors) -> Tensor

    Alias for :func:`vstack`.

    Example::

        >>> torch.row_stack([torch.tensor([1]), torch.tensor([2])])
        tensor([[1],
                [2]])
    """
def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """dstack(tensors) -> Tensor

    Stacks tensors depthwise: along dimension 2, after making them at least 3-dimensional.

    Example::

        >>> torch.dstack([torch.ones(2, 3), torch.zeros(2, 3)]).shape
        torch.Size([2, 3, 2])
    """
def column_stack(tensors: Sequence[Tensor]) -> Tensor:
    """column_stack(tensors) -> Tensor

    Stacks tensors as columns: vectors (and 0-dim tensors) become columns, then everything is
    joined along dimension 1.

    Example::

        >>> torch.column_stack([torch.tensor([1, 2]), torch.tensor([3, 4])])
        tensor([[1, 3],
                [2, 4]])
    """
def meshgrid(*tensors: Any, indexing: Optional[str] = None) -> tuple[Tensor, ...]:
    """meshgrid(*tensors, indexing=None) -> tuple of Tensors

    Coordinate grids of 1-D tensors: output ``i`` holds ``tensors[i]`` along dimension ``i``
    (``indexing='ij'``, the default, with PyTorch's warning when not given), or with the first
    two dimensions swapped (``'xy'``). The outputs are expanded views.

    Example::

        >>> a, b = torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]), indexing='ij')
        >>> a
        tensor([[1, 1, 1],
                [2, 2, 2]])
        >>> b
        tensor([[3, 4, 5],
                [3, 4, 5]])
    """
def cartesian_prod(*tensors: Tensor) -> Tensor:
    """cartesian_prod(*tensors) -> Tensor

    The Cartesian product of 1-D tensors: one row per combination (a single tensor is
    returned as it is).

    Example::

        >>> torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
        tensor([[1, 3],
                [1, 4],
                [2, 3],
                [2, 4]])
    """
def repeat_interleave(input: Tensor, repeats: Any = None, dim: Optional[int] = None, *, output_size: Optional[int] = None) -> Tensor:
    """repeat_interleave(input, repeats, dim=None, *, output_size=None) -> Tensor

    Repeats each element (or each slice along :attr:`dim`) :attr:`repeats` times in place,
    ``[a, b] -> [a, a, b, b]``; :attr:`repeats` may be a tensor giving a count per element.
    Without :attr:`dim` the input is flattened first. ``repeat_interleave(counts)`` alone gives
    the indices ``0, 1, …`` each repeated its count.

    Example::

        >>> torch.repeat_interleave(torch.tensor([1, 2]), 2)
        tensor([1, 1, 2, 2])
        >>> torch.repeat_interleave(torch.tensor([1, 2]))
        tensor([0, 1, 1])
    """
def fliplr(input: Tensor) -> Tensor:
    """fliplr(input) -> Tensor

    Reverses the order of the columns (dimension 1); the input has at least two dimensions.

    Example::

        >>> torch.fliplr(torch.tensor([[1, 2], [3, 4]]))
        tensor([[2, 1],
                [4, 3]])
    """
def flipud(input: Tensor) -> Tensor:
    """flipud(input) -> Tensor

    Reverses the order of the rows (dimension 0); the input has at least one dimension.

    Example::

        >>> torch.flipud(torch.tensor([[1, 2], [3, 4]]))
        tensor([[3, 4],
                [1, 2]])
    """
def diff(input: Tensor, n: int = 1, dim: int = -1, prepend: Optional[Tensor] = None, append: Optional[Tensor] = None) -> Tensor:
    """diff(input, n=1, dim=-1, prepend=None, append=None) -> Tensor

    The :attr:`n`-th forward difference along :attr:`dim`, ``x[i + 1] - x[i]`` applied
    :attr:`n` times, after joining :attr:`prepend` and :attr:`append` to the input.

    Example::

        >>> torch.diff(torch.tensor([1, 3, 6, 10]))
        tensor([2, 3, 4])
        >>> torch.diff(torch.tensor([1, 3, 6, 10]), n=2)
        tensor([1, 1])
    """
def swapdims(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """swapdims(input, dim0, dim1) -> Tensor

    Alias for :func:`transpose`.

    Example::

        >>> torch.swapdims(torch.zeros(2, 3), 0, 1).shape
        torch.Size([3, 2])
    """
def flip(input: Tensor, dims: Sequence[int]) -> Tensor:
    """flip(input, dims) -> Tensor

    :attr:`input` with the order of its elements reversed along each of :attr:`dims`.

    Example::

        >>> torch.flip(torch.tensor([[1, 2], [3, 4]]), [0, 1])
        tensor([[4, 3],
                [2, 1]])
    """
def einsum(equation: str, *operands: Any) -> Tensor:
    """einsum(equation, *operands) -> Tensor

    Sums the product of the elements of the :attr:`operands` along the dimensions the
    Einstein-summation :attr:`equation` names: ``'ij,jk->ik'`` is a matrix product,
    ``'ii->i'`` a diagonal, ``'bij->bji'`` a batched transpose; ``...`` stands for broadcast
    dimensions. Without ``->``, the output has the labels that appear once, in alphabetical
    order. The operands may also be given as one list.

    Args:
        equation (str): the subscripts for the Einstein summation.
        operands (Tensor): the tensors to compute the Einstein summation of.

    Example::

        >>> a = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.einsum('ij,jk->ik', a, a)
        tensor([[ 7., 10.],
                [15., 22.]])
        >>> torch.einsum('ii', a)
        tensor(5.)
    """
def clamp_max(input: Tensor, max: _Number) -> Tensor:
    """clamp_max(input, max) -> Tensor

    Clamps all elements in :attr:`input` to be at most :attr:`max`: ``torch.clamp(input, max=max)``.

    Args:
        input (Tensor): the input tensor.
        max (Number): upper bound.

    Example::

        >>> torch.clamp_max(torch.tensor([-1.0, 2.0]), 0.5)
        tensor([-1.0000,  0.5000])
    """
def add(input: _TensorOrNumber, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
    """add(input, other, *, alpha=1) -> Tensor

    Adds :attr:`other`, scaled by :attr:`alpha`, to :attr:`input`: ``out = input + alpha * other``.

    Supports broadcasting to a common shape and type promotion.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to add to :attr:`input`.

    Keyword args:
        alpha (Number): the multiplier for :attr:`other`.

    Example::

        >>> a = torch.tensor([1.0, 2.0])
        >>> torch.add(a, 20)
        tensor([21., 22.])
        >>> torch.add(a, torch.tensor([[1.0], [2.0]]), alpha=10)
        tensor([[11., 12.],
                [21., 22.]])
    """
def sub(input: _TensorOrNumber, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
    """sub(input, other, *, alpha=1) -> Tensor

    Subtracts :attr:`other`, scaled by :attr:`alpha`, from :attr:`input`:
    ``out = input - alpha * other``. Supports broadcasting and type promotion.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to subtract from :attr:`input`.

    Keyword args:
        alpha (Number): the multiplier for :attr:`other`.

    Example::

        >>> a = torch.tensor((1, 2))
        >>> b = torch.tensor((0, 1))
        >>> torch.sub(a, b, alpha=2)
        tensor([1, 0])
    """
def rsub(input: Tensor, other: _TensorOrNumber, alpha: _Number = 1) -> Tensor:
    """rsub(input, other, *, alpha=1) -> Tensor

    Subtracts :attr:`input`, scaled by :attr:`alpha`, from :attr:`other`:
    ``out = other - alpha * input``. Supports broadcasting and type promotion.

    Args:
        input (Tensor): the tensor to subtract.
        other (Tensor or Number): the tensor or number to subtract from.

    Keyword args:
        alpha (Number): the multiplier for :attr:`input`.

    Example::

        >>> a = torch.tensor([1.0, 2.0])
        >>> torch.rsub(a, torch.tensor([3.0, 5.0]), alpha=2)
        tensor([1., 1.])
        >>> torch.rsub(a, 1)
        tensor([ 0., -1.])
    """
def subtract(input: Tensor, other: _TensorOrNumber, *, alpha: _Number = 1) -> Tensor:
    """subtract(input, other, *, alpha=1) -> Tensor

    Alias for :func:`torch.sub`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to subtract from :attr:`input`.

    Example::

        >>> torch.subtract(torch.tensor([5.0, 2.0]), 1)
        tensor([4., 1.])
    """
def mul(input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """mul(input, other) -> Tensor

    Multiplies :attr:`input` by :attr:`other`: ``out_i = input_i * other_i``. Supports
    broadcasting and type promotion.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to multiply input by.

    Example::

        >>> torch.mul(torch.tensor([0.5, -1.0, 2.0]), 100)
        tensor([  50., -100.,  200.])
        >>> torch.mul(torch.tensor([[1.0], [2.0]]), torch.tensor([1.0, 2.0, 3.0]))
        tensor([[1., 2., 3.],
                [2., 4., 6.]])
    """
def multiply(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """multiply(input, other) -> Tensor

    Alias for :func:`torch.mul`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to multiply input by.

    Example::

        >>> torch.multiply(torch.tensor([1.0, 2.0]), 3)
        tensor([3., 6.])
    """
def div(input: _TensorOrNumber, other: _TensorOrNumber, *, rounding_mode: Optional[str] = None) -> Tensor:
    """div(input, other, *, rounding_mode=None) -> Tensor

    Divides each element of :attr:`input` by the corresponding element of :attr:`other`
    (true division: integer inputs give a floating point result). Supports broadcasting and type
    promotion.

    Args:
        input (Tensor): the dividend.
        other (Tensor or Number): the divisor.

    Keyword args:
        rounding_mode (str, optional): ``None`` (true division), ``"trunc"`` (rounded toward
            zero) or ``"floor"`` (rounded toward minus infinity; integers stay integers).

    Example::

        >>> torch.div(torch.tensor([1.0, -3.0, 5.0]), 2)
        tensor([ 0.5000, -1.5000,  2.5000])
        >>> torch.div(torch.tensor([7, -7]), 2)
        tensor([ 3.5000, -3.5000])
    """
def divide(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """divide(input, other, *, rounding_mode=None) -> Tensor

    Alias for :func:`torch.div`.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the divisor.

    Example::

        >>> torch.divide(torch.tensor([1, 2]), 4)
        tensor([0.2500, 0.5000])
    """
def floor_divide(input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """floor_divide(input, other) -> Tensor

    Divides :attr:`input` by :attr:`other` elementwise and rounds the quotient toward minus
    infinity (Python's ``//``). Supports broadcasting and type promotion: integer inputs give
    integers, and an integer division by zero raises ``RuntimeError: ZeroDivisionError``.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Example::

        >>> torch.floor_divide(torch.tensor([4.0, -3.0]), 2)
        tensor([ 2., -2.])
        >>> torch.floor_divide(torch.tensor([7, -7]), torch.tensor([2, 2]))
        tensor([ 3, -4])
    """
def true_divide(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """true_divide(dividend, divisor) -> Tensor

    Alias for :func:`torch.div` with ``rounding_mode=None``.

    Example::

        >>> torch.true_divide(torch.tensor([3]), 2)
        tensor([1.5000])
    """
def pow(input: _TensorOrNumber, exponent: _TensorOrNumber) -> Tensor:
    """pow(input, exponent) -> Tensor

    Takes the power of each element in :attr:`input` with :attr:`exponent` and returns a tensor
    with the result. :attr:`exponent` can be a number or a tensor broadcastable with
    :attr:`input`; :attr:`input` can be a number when :attr:`exponent` is a tensor.

    Args:
        input (Tensor or Number): the base.
        exponent (Tensor or Number): the exponent value.

    Example::

        >>> torch.pow(torch.tensor([1.0, 2.0, 3.0]), 2)
        tensor([1., 4., 9.])
        >>> torch.pow(2, torch.tensor([1.0, 2.0, 3.0]))
        tensor([2., 4., 8.])
    """
def where(condition: Tensor, input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """where(condition, input, other) -> Tensor

    Returns a tensor of elements selected from either :attr:`input` or :attr:`other`, depending
    on :attr:`condition`: ``out_i = input_i if condition_i else other_i``. The three broadcast to
    a common shape. ``torch.where(condition)`` is ``condition.nonzero(as_tuple=True)``.

    Args:
        condition (BoolTensor): when True (nonzero), yield input, otherwise yield other.
        input (Tensor or Scalar): value(s) at indices where :attr:`condition` is ``True``.
        other (Tensor or Scalar): value(s) at indices where :attr:`condition` is ``False``.

    Example::

        >>> x = torch.tensor([-1.0, 2.0, -3.0])
        >>> torch.where(x > 0, x, torch.zeros(3))
        tensor([0., 2., 0.])
        >>> torch.where(x > 0, x, 0.0)
        tensor([0., 2., 0.])
    """
def masked_fill(input: Tensor, mask: Tensor, value: _TensorOrNumber) -> Tensor:
    """masked_fill(input, mask, value) -> Tensor

    Returns a copy of :attr:`input` with :attr:`value` where :attr:`mask` is ``True``. The shape
    of :attr:`mask` must be broadcastable with the shape of :attr:`input`.

    Args:
        input (Tensor): the input tensor.
        mask (BoolTensor): the boolean mask.
        value (float): the value to fill in with.

    Example::

        >>> x = torch.tensor([1.0, -2.0, 3.0])
        >>> torch.masked_fill(x, x < 0, 0.0)
        tensor([1., 0., 3.])
    """
def eq(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """eq(input, other) -> Tensor

    Computes ``input == other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.eq(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[ True, False],
                [False,  True]])
    """
def ne(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """ne(input, other) -> Tensor

    Computes ``input != other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.ne(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[False,  True],
                [ True, False]])
    """
def lt(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """lt(input, other) -> Tensor

    Computes ``input < other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.lt(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[False, False],
                [ True, False]])
    """
def le(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """le(input, other) -> Tensor

    Computes ``input <= other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.le(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[ True, False],
                [ True,  True]])
    """
def gt(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """gt(input, other) -> Tensor

    Computes ``input > other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.gt(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[False,  True],
                [False, False]])
    """
def ge(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """ge(input, other) -> Tensor

    Computes ``input >= other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.ge(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[ True,  True],
                [False,  True]])
    """
def greater(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """greater(input, other) -> Tensor

    Alias for :func:`torch.gt`.

    Computes ``input > other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.gt(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[False,  True],
                [False, False]])
    """
def greater_equal(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """greater_equal(input, other) -> Tensor

    Alias for :func:`torch.ge`.

    Computes ``input >= other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.ge(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[ True,  True],
                [False,  True]])
    """
def less(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """less(input, other) -> Tensor

    Alias for :func:`torch.lt`.

    Computes ``input < other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.lt(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[False, False],
                [ True, False]])
    """
def less_equal(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """less_equal(input, other) -> Tensor

    Alias for :func:`torch.le`.

    Computes ``input <= other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.le(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[ True, False],
                [ True,  True]])
    """
def not_equal(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """not_equal(input, other) -> Tensor

    Alias for :func:`torch.ne`.

    Computes ``input != other`` element-wise, as a bool tensor. The second argument can be a
    number or a tensor whose shape is broadcastable with the first argument.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or float): the tensor or value to compare.

    Example::

        >>> torch.ne(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 1], [4, 4]]))
        tensor([[False,  True],
                [ True, False]])
    """
def logical_not(input: Tensor) -> Tensor:
    """logical_not(input) -> Tensor

    Computes the element-wise logical NOT of the given input tensor (zeros are ``False``), as a
    bool tensor.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.logical_not(torch.tensor([True, False]))
        tensor([False,  True])
        >>> torch.logical_not(torch.tensor([0.0, 1.5, -10.0]))
        tensor([ True, False, False])
    """
def bitwise_and(input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """bitwise_and(input, other) -> Tensor

    Computes the bitwise AND of ``input`` and ``other`` (``input & other``), with
    broadcasting. The input tensor must be of integral or Boolean types; for bool tensors it
    computes the logical AND. ``input`` may be a number when ``other`` is a tensor.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the second input.

    Example::

        >>> torch.bitwise_and(torch.tensor([-1, -2, 3]), torch.tensor([1, 0, 3]))
        tensor([1, 0, 3])
    """
def bitwise_or(input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """bitwise_or(input, other) -> Tensor

    Computes the bitwise OR of ``input`` and ``other`` (``input | other``), with
    broadcasting. The input tensor must be of integral or Boolean types; for bool tensors it
    computes the logical OR. ``input`` may be a number when ``other`` is a tensor.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the second input.

    Example::

        >>> torch.bitwise_or(torch.tensor([-1, -2, 3]), torch.tensor([1, 0, 3]))
        tensor([-1, -2,  3])
    """
def bitwise_xor(input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """bitwise_xor(input, other) -> Tensor

    Computes the bitwise XOR of ``input`` and ``other`` (``input ^ other``), with
    broadcasting. The input tensor must be of integral or Boolean types; for bool tensors it
    computes the logical XOR. ``input`` may be a number when ``other`` is a tensor.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the second input.

    Example::

        >>> torch.bitwise_xor(torch.tensor([-1, -2, 3]), torch.tensor([1, 0, 3]))
        tensor([-2, -2,  0])
    """
def bitwise_left_shift(input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """bitwise_left_shift(input, other) -> Tensor

    Computes the left shift of ``input`` by ``other`` bits (``input << other``),
    elementwise with broadcasting, for integer tensors (0 for a shift below 0 or above 63).

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the number of bits to shift by.

    Example::

        >>> torch.bitwise_left_shift(torch.tensor([-1, -2, 3]), torch.tensor([2, 2, 3]))
        tensor([-4, -8, 24])
    """
def bitwise_right_shift(input: _TensorOrNumber, other: _TensorOrNumber) -> Tensor:
    """bitwise_right_shift(input, other) -> Tensor

    Computes the right (arithmetically) shift of ``input`` by ``other`` bits (``input >> other``),
    elementwise with broadcasting, for integer tensors (the sign for a shift below 0 or above 63).

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the number of bits to shift by.

    Example::

        >>> torch.bitwise_right_shift(torch.tensor([-1, -2, 3]), torch.tensor([2, 2, 3]))
        tensor([-1, -1,  0])
    """
def bitwise_not(input: Tensor) -> Tensor:
    """bitwise_not(input) -> Tensor

    Computes the bitwise NOT of the given input tensor: the one's complement of an integer tensor,
    the logical NOT of a bool one. A floating tensor is an error.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.bitwise_not(torch.tensor([-1, -2, 3]))
        tensor([ 0,  1, -4])
    """
def logical_and(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """logical_and(input, other) -> Tensor

    Computes the element-wise logical AND of the given input tensors (zeros are treated as
    ``False`` and nonzeros as ``True``), as a bool tensor.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor to compute AND with.

    Example::

        >>> torch.logical_and(torch.tensor([True, False, True]), torch.tensor([True, False, False]))
        tensor([ True, False, False])
    """
def logical_or(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """logical_or(input, other) -> Tensor

    Computes the element-wise logical OR of the given input tensors (zeros are treated as
    ``False`` and nonzeros as ``True``), as a bool tensor.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor to compute OR with.

    Example::

        >>> torch.logical_or(torch.tensor([True, False, True]), torch.tensor([True, False, False]))
        tensor([ True, False,  True])
    """
def logical_xor(input: Tensor, other: _TensorOrNumber) -> Tensor:
    """logical_xor(input, other) -> Tensor

    Computes the element-wise logical XOR of the given input tensors (zeros are treated as
    ``False`` and nonzeros as ``True``), as a bool tensor.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor to compute XOR with.

    Example::

        >>> torch.logical_xor(torch.tensor([True, False, True]), torch.tensor([True, False, False]))
        tensor([False, False,  True])
    """
def isclose(input: Tensor, other: _TensorOrNumber, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor

    Returns a new bool tensor telling where each element of :attr:`input` is "close" to the
    corresponding element of :attr:`other`: ``|input - other| <= atol + rtol * |other|``.

    Args:
        input (Tensor): first tensor to compare.
        other (Tensor): second tensor to compare.
        rtol (float, optional): relative tolerance. Default: 1e-05.
        atol (float, optional): absolute tolerance. Default: 1e-08.
        equal_nan (bool, optional): if ``True``, two ``NaN`` s are considered equal.

    Example::

        >>> torch.isclose(torch.tensor((1.0, 2, 3)), torch.tensor((1.0 + 1e-10, 3, 4)))
        tensor([ True, False, False])
    """
def allclose(input: Tensor, other: _TensorOrNumber, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool

    Whether all elements of :attr:`input` and :attr:`other` are close:
    ``|input - other| <= atol + rtol * |other|`` elementwise (see :func:`torch.isclose`).

    Args:
        input (Tensor): first tensor to compare.
        other (Tensor): second tensor to compare.
        rtol (float, optional): relative tolerance. Default: 1e-05.
        atol (float, optional): absolute tolerance. Default: 1e-08.
        equal_nan (bool, optional): if ``True``, two ``NaN`` s are considered equal.

    Example::

        >>> torch.allclose(torch.tensor([10000.0, 1e-07]), torch.tensor([10000.1, 1e-08]))
        False
        >>> torch.allclose(torch.tensor([10000.0, 1e-08]), torch.tensor([10000.1, 1e-09]))
        True
    """
def equal(input: Tensor, other: Tensor) -> bool:
    """equal(input, other) -> bool

    ``True`` if two tensors have the same size and elements, ``False`` otherwise.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.

    Example::

        >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))
        True
        >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1]))
        False
    """
def all(input: Tensor, dim: _Dims = None, keepdim: bool = False) -> Tensor:
    """all(input, dim=None, keepdim=False) -> Tensor

    Tests if all elements in :attr:`input` evaluate to ``True`` (over all elements, or along
    :attr:`dim`), returning a bool tensor.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> a = torch.tensor([[True, False], [True, True]])
        >>> torch.all(a)
        tensor(False)
        >>> torch.all(a, dim=0)
        tensor([ True, False])
    """
def any(input: Tensor, dim: _Dims = None, keepdim: bool = False) -> Tensor:
    """any(input, dim=None, keepdim=False) -> Tensor

    Tests if any element in :attr:`input` evaluates to ``True`` (over all elements, or along
    :attr:`dim`), returning a bool tensor.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> a = torch.tensor([[0.0, 0.0], [0.0, 1.5]])
        >>> torch.any(a)
        tensor(True)
        >>> torch.any(a, dim=1)
        tensor([False,  True])
    """
def norm(input: Tensor, p: float | str | None = None, dim: _Dims = None, keepdim: bool = False, dtype: dtype | None = None) -> Tensor:
    """norm(input, p='fro', dim=None, keepdim=False, dtype=None) -> Tensor

    The vector ``p``-norm of :attr:`input` over all elements or along :attr:`dim`: ``p`` is a
    number, ``inf``, ``-inf`` or ``'fro'`` (the 2-norm). Recorded as
    ``LinalgVectorNormBackward0``, with PyTorch's gradient (0 at a zero vector, shared among
    ties of the infinity norms). ``p='nuc'`` is the nuclear norm of the matrices in the two
    dimensions :attr:`dim` (``linalg.matrix_norm``).

    Args:
        input (Tensor): a floating point tensor.
        p (float or str, optional): the order of the norm (``'nuc'``: nuclear). Default: ``'fro'``.
        dim (int or tuple of ints, optional): the dimensions to reduce. Default: all.
        keepdim (bool, optional): whether the reduced dimensions are kept with size 1.
        dtype (torch.dtype, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> torch.norm(torch.tensor([3.0, 4.0]))
        tensor(5.)
        >>> torch.norm(torch.tensor([[1.0, -2.0], [3.0, 0.0]]), p=1, dim=1)
        tensor([3., 3.])
    """
def numel(input: Tensor) -> int:
    """numel(input) -> int

    Returns the total number of elements in the :attr:`input` tensor.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.numel(torch.zeros(4, 4))
        16
    """
def is_tensor(obj: Any) -> bool:
    """is_tensor(obj) -> bool

    Returns True if :attr:`obj` is a ferrograd tensor.

    Args:
        obj (object): object to test.

    Example::

        >>> torch.is_tensor(torch.tensor([1, 2, 3]))
        True
        >>> torch.is_tensor([1, 2, 3])
        False
    """
def is_floating_point(input: Tensor) -> bool:
    """is_floating_point(input) -> bool

    Returns True if the data type of :attr:`input` is a floating point data type
    (``torch.float32`` or ``torch.float64``).

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.is_floating_point(torch.tensor([1.0]))
        True
        >>> torch.is_floating_point(torch.tensor([1]))
        False
    """
def is_inference_mode_enabled() -> bool:
    """is_inference_mode_enabled() -> bool

    Returns True if inference mode is currently enabled (in this thread).

    Example::

        >>> torch.is_inference_mode_enabled()
        False
        >>> with torch.inference_mode():
        ...     torch.is_inference_mode_enabled()
        True
    """
    ...

def is_grad_enabled() -> bool:
    """is_grad_enabled() -> bool

    Returns True if grad mode is currently enabled (in this thread).

    Example::

        >>> torch.is_grad_enabled()
        True
        >>> with torch.no_grad():
        ...     torch.is_grad_enabled()
        False
    """
def is_anomaly_enabled() -> bool:
    """is_anomaly_enabled() -> bool

    Returns True if anomaly detection is currently enabled.

    Example::

        >>> torch.is_anomaly_enabled()
        False
    """
def is_anomaly_check_nan_enabled() -> bool:
    """is_anomaly_check_nan_enabled() -> bool

    Whether backward results are checked for NaN in anomaly mode: always ``True`` in ferrograd
    (its anomaly mode always checks).

    Example::

        >>> torch.is_anomaly_check_nan_enabled()
        True
    """
def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """set_anomaly_enabled(enabled, check_nan=True) -> None

    Turns anomaly detection on or off (see :class:`torch.autograd.detect_anomaly`).

    Args:
        enabled (bool): whether anomaly detection is on.
        check_nan (bool): accepted for compatibility; ferrograd always checks for NaN.

    Example::

        >>> torch.set_anomaly_enabled(True)
        >>> torch.is_anomaly_enabled()
        True
        >>> torch.set_anomaly_enabled(False)
    """
# reductions
def sum(input: Tensor, dim: _Dims = None, keepdim: bool = False, *, dtype: Optional[_DType] = None) -> Tensor:
    """sum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

    Returns the sum of all elements in :attr:`input`, or of each row of :attr:`input` in the
    given dimension(s) :attr:`dim`. With :attr:`keepdim` the reduced dimensions are retained with
    size 1.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> torch.sum(a)
        tensor(10.)
        >>> torch.sum(a, 1)
        tensor([3., 7.])
        >>> torch.sum(a, dim=0, keepdim=True)
        tensor([[4., 6.]])
    """
def mean(input: Tensor, dim: _Dims = None, keepdim: bool = False, *, dtype: Optional[_DType] = None) -> Tensor:
    """mean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor

    Returns the mean value of all elements in :attr:`input`, or of each row in the given
    dimension(s) :attr:`dim`. :attr:`input` must be floating point (or :attr:`dtype` given).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Keyword args:
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> a = torch.tensor([[1.0, 2.0], [3.0, 5.0]])
        >>> torch.mean(a)
        tensor(2.7500)
        >>> torch.mean(a, 1)
        tensor([1.5000, 4.0000])
    """
def max(input: Tensor, dim: Optional[int] = None, keepdim: bool = False, *, other: Optional[Tensor] = None) -> Any:
    """max(input, dim=None, keepdim=False) -> Tensor or (Tensor, LongTensor)

    Returns the maximum value of all elements in :attr:`input`; with :attr:`dim`, a namedtuple
    ``(values, indices)`` where ``values`` is the maximum of each row of :attr:`input` in
    dimension :attr:`dim` and ``indices`` the index location of each maximum value found.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> a = torch.tensor([[1.0, 5.0], [4.0, 2.0]])
        >>> torch.max(a)
        tensor(5.)
        >>> torch.max(a, 1)
        torch.return_types.max(
        values=tensor([5., 4.]),
        indices=tensor([1, 0]))
    """
def min(input: Tensor, dim: Optional[int] = None, keepdim: bool = False, *, other: Optional[Tensor] = None) -> Any:
    """min(input, dim=None, keepdim=False) -> Tensor or (Tensor, LongTensor)

    Returns the minimum value of all elements in :attr:`input`; with :attr:`dim`, a namedtuple
    ``(values, indices)`` where ``values`` is the minimum of each row of :attr:`input` in
    dimension :attr:`dim` and ``indices`` the index location of each minimum value found.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> a = torch.tensor([[1.0, 5.0], [4.0, 2.0]])
        >>> torch.min(a)
        tensor(1.)
        >>> torch.min(a, 0).indices
        tensor([0, 1])
    """
def amax(input: Tensor, dim: _Dims = None, keepdim: bool = False) -> Tensor:
    """amax(input, dim=None, keepdim=False) -> Tensor

    Returns the maximum value of each slice of the :attr:`input` tensor in the given dimension
    :attr:`dim` (or of all elements). Unlike :func:`torch.max`, it returns no indices.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> torch.amax(torch.tensor([[1.0, 5.0], [4.0, 2.0]]), 1)
        tensor([5., 4.])
    """
def amin(input: Tensor, dim: _Dims = None, keepdim: bool = False) -> Tensor:
    """amin(input, dim=None, keepdim=False) -> Tensor

    Returns the minimum value of each slice of the :attr:`input` tensor in the given dimension
    :attr:`dim` (or of all elements). Unlike :func:`torch.min`, it returns no indices.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> torch.amin(torch.tensor([[1.0, 5.0], [4.0, 2.0]]), 1)
        tensor([1., 2.])
    """
def argmax(input: Tensor, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
    """argmax(input, dim=None, keepdim=False) -> LongTensor

    Returns the indices of the maximum value of all elements in the :attr:`input` tensor (into
    the flattened tensor), or along dimension :attr:`dim`.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. If ``None``, the argmax of the flattened
            input is returned.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> a = torch.tensor([[1.0, 5.0], [4.0, 2.0]])
        >>> torch.argmax(a)
        tensor(1)
        >>> torch.argmax(a, dim=0)
        tensor([1, 0])
    """
def argmin(input: Tensor, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
    """argmin(input, dim=None, keepdim=False) -> LongTensor

    Returns the indices of the minimum value(s) of the flattened tensor or along a dimension.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. If ``None``, the argmin of the flattened
            input is returned.
        keepdim (bool, optional): whether the output tensor has :attr:`dim` retained or not.

    Example::

        >>> torch.argmin(torch.tensor([[1.0, 5.0], [4.0, 0.5]]), dim=1)
        tensor([0, 1])
    """
# linear algebra
def matmul(input: Tensor, other: Tensor) -> Tensor:
    """matmul(input, other) -> Tensor

    Matrix product of two tensors: the dot product of two 1-D tensors, the matrix-matrix product
    of two 2-D tensors, a matrix-vector product, or a batched matrix product (with broadcast
    batch dimensions) when either argument has more than two dimensions.

    Args:
        input (Tensor): the first tensor to be multiplied.
        other (Tensor): the second tensor to be multiplied.

    Example::

        >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> torch.matmul(a, torch.tensor([1.0, 1.0]))
        tensor([3., 7.])
        >>> torch.matmul(torch.ones(5, 2, 3), torch.ones(3, 4)).shape
        torch.Size([5, 2, 4])
    """
def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """mm(input, mat2) -> Tensor

    Performs a matrix multiplication of the matrices :attr:`input` (n x m) and :attr:`mat2`
    (m x p), giving an (n x p) tensor. It does not broadcast; see :func:`torch.matmul`.

    Args:
        input (Tensor): the first matrix to be multiplied.
        mat2 (Tensor): the second matrix to be multiplied.

    Example::

        >>> torch.mm(torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0], [4.0]]))
        tensor([[11.]])
    """
def mv(input: Tensor, vec: Tensor) -> Tensor:
    """mv(input, vec) -> Tensor

    Performs a matrix-vector product of the matrix :attr:`input` (n x m) and the vector
    :attr:`vec` (size m), giving a vector of size n.

    Args:
        input (Tensor): matrix to be multiplied.
        vec (Tensor): vector to be multiplied.

    Example::

        >>> torch.mv(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([1.0, -1.0]))
        tensor([-1., -1.])
    """
def dot(input: Tensor, other: Tensor) -> Tensor:
    """dot(input, tensor) -> Tensor

    Computes the dot product of two 1-D tensors with the same number of elements.

    Args:
        input (Tensor): first tensor in the dot product, must be 1D.
        tensor (Tensor): second tensor in the dot product, must be 1D.

    Example::

        >>> torch.dot(torch.tensor([2.0, 3.0]), torch.tensor([2.0, 1.0]))
        tensor(7.)
    """
def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """outer(input, vec2) -> Tensor

    Outer product of :attr:`input` (size n) and :attr:`vec2` (size m): an (n x m) matrix.

    Args:
        input (Tensor): 1-D input vector.
        vec2 (Tensor): 1-D input vector.

    Example::

        >>> torch.outer(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 10.0, 100.0]))
        tensor([[  1.,  10., 100.],
                [  2.,  20., 200.]])
    """
def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: float = 1.0, alpha: float = 1.0) -> Tensor:
    """addmm(input, mat1, mat2, *, beta=1, alpha=1) -> Tensor

    Performs a matrix multiplication of the matrices :attr:`mat1` and :attr:`mat2` and adds
    :attr:`input` (broadcast to the result's shape): ``out = input + mat1 @ mat2`` (PyTorch's
    ``beta * input + alpha * (mat1 @ mat2)`` with ``beta = alpha = 1``).

    Args:
        input (Tensor): matrix to be added.
        mat1 (Tensor): the first matrix to be matrix multiplied.
        mat2 (Tensor): the second matrix to be matrix multiplied.

    Keyword args:
        beta (Number, optional): multiplier for :attr:`input`; only ``1`` is supported in
            ferrograd (another value raises ``RuntimeError``).
        alpha (Number, optional): multiplier for ``mat1 @ mat2``; only ``1`` is supported.

    Example::

        >>> torch.addmm(torch.ones(2, 2), torch.eye(2), torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor([[2., 3.],
                [4., 5.]])
    """
# shape
def reshape(input: Tensor, *shape: Any) -> Tensor:
    """reshape(input, shape) -> Tensor

    Returns a tensor with the same data and number of elements as :attr:`input`, but with the
    specified shape. When possible, the returned tensor will be a view of :attr:`input`; otherwise
    it is a copy. A single dimension may be ``-1``, inferred from the remaining dimensions.

    Args:
        input (Tensor): the input tensor.
        shape (tuple of int): the new shape.

    Example::

        >>> torch.reshape(torch.arange(4.0), (2, 2))
        tensor([[0., 1.],
                [2., 3.]])
        >>> torch.reshape(torch.tensor([[0, 1], [2, 3]]), (-1,))
        tensor([0, 1, 2, 3])
    """
def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """flatten(input, start_dim=0, end_dim=-1) -> Tensor

    Flattens :attr:`input` by reshaping it into a one-dimensional tensor. If :attr:`start_dim` or
    :attr:`end_dim` are passed, only dimensions starting with :attr:`start_dim` and ending with
    :attr:`end_dim` are flattened.

    Args:
        input (Tensor): the input tensor.
        start_dim (int): the first dim to flatten.
        end_dim (int): the last dim to flatten.

    Example::

        >>> t = torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
        >>> torch.flatten(t)
        tensor([1, 2, 3, 4, 5, 6, 7, 8])
        >>> torch.flatten(t, start_dim=1)
        tensor([[1, 2, 3, 4],
                [5, 6, 7, 8]])
    """
def ravel(input: Tensor) -> Tensor:
    """ravel(input) -> Tensor

    Return a contiguous flattened tensor. A copy is made only if needed.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.ravel(torch.tensor([[1, 2], [3, 4]]))
        tensor([1, 2, 3, 4])
    """
def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """transpose(input, dim0, dim1) -> Tensor

    Returns a tensor that is a transposed version of :attr:`input`: the given dimensions
    :attr:`dim0` and :attr:`dim1` are swapped. The result shares memory with :attr:`input`.

    Args:
        input (Tensor): the input tensor.
        dim0 (int): the first dimension to be transposed.
        dim1 (int): the second dimension to be transposed.

    Example::

        >>> torch.transpose(torch.tensor([[1, 2, 3], [4, 5, 6]]), 0, 1)
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
    """
def swapaxes(input: Tensor, axis0: int, axis1: int) -> Tensor:
    """swapaxes(input, axis0, axis1) -> Tensor

    Alias for :func:`torch.transpose`.

    Args:
        input (Tensor): the input tensor.
        axis0 (int): the first dimension to be swapped.
        axis1 (int): the second dimension to be swapped.

    Example::

        >>> torch.swapaxes(torch.zeros(2, 3, 4), 0, 2).shape
        torch.Size([4, 3, 2])
    """
def t(input: Tensor) -> Tensor:
    """t(input) -> Tensor

    Expects :attr:`input` to be <= 2-D tensor and transposes dimensions 0 and 1. 0-D and 1-D
    tensors are returned as is.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.t(torch.tensor([[1, 2], [3, 4]]))
        tensor([[1, 3],
                [2, 4]])
    """
def permute(input: Tensor, *dims: Any) -> Tensor:
    """permute(input, dims) -> Tensor

    Returns a view of the original tensor :attr:`input` with its dimensions permuted.

    Args:
        input (Tensor): the input tensor.
        dims (tuple of int): the desired ordering of dimensions.

    Example::

        >>> torch.permute(torch.zeros(2, 3, 5), (2, 0, 1)).size()
        torch.Size([5, 2, 3])
    """
def squeeze(input: Tensor, dim: _Dims = None) -> Tensor:
    """squeeze(input, dim=None) -> Tensor

    Returns a tensor with all specified dimensions of :attr:`input` of size 1 removed (all of
    them when :attr:`dim` is not given). The result shares memory with :attr:`input`.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): if given, the input will be squeezed only in the
            specified dimensions.

    Example::

        >>> x = torch.zeros(2, 1, 2, 1)
        >>> torch.squeeze(x).size()
        torch.Size([2, 2])
        >>> torch.squeeze(x, 1).size()
        torch.Size([2, 2, 1])
    """
def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """unsqueeze(input, dim) -> Tensor

    Returns a new tensor with a dimension of size one inserted at the specified position. The
    result shares memory with :attr:`input`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the index at which to insert the singleton dimension.

    Example::

        >>> x = torch.tensor([1, 2, 3])
        >>> torch.unsqueeze(x, 0)
        tensor([[1, 2, 3]])
        >>> torch.unsqueeze(x, 1)
        tensor([[1],
                [2],
                [3]])
    """
def select(input: Tensor, dim: int, index: int) -> Tensor:
    """select(input, dim, index) -> Tensor

    Slices the :attr:`input` tensor along the selected dimension at the given index, removing
    that dimension: ``torch.select(x, 0, i)`` is ``x[i]``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to slice.
        index (int): the index to select with.

    Example::

        >>> torch.select(torch.tensor([[1, 2], [3, 4]]), 1, 0)
        tensor([1, 3])
    """
def narrow(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    """narrow(input, dim, start, length) -> Tensor

    Returns a new tensor that is a narrowed version of :attr:`input` tensor: dimension
    :attr:`dim` is input from :attr:`start` to ``start + length``. The result shares memory.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to narrow.
        start (int): index of the element to start the narrowed dimension from.
        length (int): length of the narrowed dimension.

    Example::

        >>> x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        >>> torch.narrow(x, 0, 0, 2)
        tensor([[1, 2, 3],
                [4, 5, 6]])
    """
def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """unbind(input, dim=0) -> seq

    Removes a tensor dimension, returning a tuple of all slices along a given dimension.

    Args:
        input (Tensor): the input tensor.
        dim (int): dimension to remove.

    Example::

        >>> torch.unbind(torch.tensor([[1, 2], [3, 4]]))
        (tensor([1, 2]), tensor([3, 4]))
    """
def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """cat(tensors, dim=0) -> Tensor

    Concatenates the given sequence of tensors in the given dimension. All tensors must have the
    same shape except in the concatenating dimension. ``torch.concat`` and
    ``torch.concatenate`` are aliases.

    Args:
        tensors (sequence of Tensors): the tensors to concatenate.
        dim (int, optional): the dimension over which the tensors are concatenated.

    Example::

        >>> x = torch.tensor([[1.0, 2.0]])
        >>> torch.cat((x, x, x), 0)
        tensor([[1., 2.],
                [1., 2.],
                [1., 2.]])
        >>> torch.cat((x, x), 1)
        tensor([[1., 2., 1., 2.]])
    """
def concat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """cat(tensors, dim=0) -> Tensor

    Concatenates the given sequence of tensors in the given dimension. All tensors must have the
    same shape except in the concatenating dimension. ``torch.concat`` and
    ``torch.concatenate`` are aliases.

    Args:
        tensors (sequence of Tensors): the tensors to concatenate.
        dim (int, optional): the dimension over which the tensors are concatenated.

    Example::

        >>> x = torch.tensor([[1.0, 2.0]])
        >>> torch.cat((x, x, x), 0)
        tensor([[1., 2.],
                [1., 2.],
                [1., 2.]])
        >>> torch.cat((x, x), 1)
        tensor([[1., 2., 1., 2.]])
    """
def concatenate(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """cat(tensors, dim=0) -> Tensor

    Concatenates the given sequence of tensors in the given dimension. All tensors must have the
    same shape except in the concatenating dimension. ``torch.concat`` and
    ``torch.concatenate`` are aliases.

    Args:
        tensors (sequence of Tensors): the tensors to concatenate.
        dim (int, optional): the dimension over which the tensors are concatenated.

    Example::

        >>> x = torch.tensor([[1.0, 2.0]])
        >>> torch.cat((x, x, x), 0)
        tensor([[1., 2.],
                [1., 2.],
                [1., 2.]])
        >>> torch.cat((x, x), 1)
        tensor([[1., 2., 1., 2.]])
    """
def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """stack(tensors, dim=0) -> Tensor

    Concatenates a sequence of tensors along a new dimension. All tensors need to be of the same
    size.

    Args:
        tensors (sequence of Tensors): sequence of tensors to concatenate.
        dim (int, optional): dimension to insert. Has to be between 0 and the number of
            dimensions of concatenated tensors (inclusive).

    Example::

        >>> a, b = torch.tensor([1, 2]), torch.tensor([3, 4])
        >>> torch.stack((a, b))
        tensor([[1, 2],
                [3, 4]])
        >>> torch.stack((a, b), dim=1)
        tensor([[1, 3],
                [2, 4]])
    """
def clone(input: Tensor) -> Tensor:
    """clone(input) -> Tensor

    Returns a copy of :attr:`input`. This function is differentiable: gradients flowing to the
    result flow back to :attr:`input`. To create a tensor without an autograd relationship to
    :attr:`input` see :meth:`~Tensor.detach`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([1.0, 2.0])
        >>> torch.clone(x)
        tensor([1., 2.])
    """
def detach(input: Tensor) -> Tensor:
    """detach(input) -> Tensor

    Returns a new tensor, detached from the current graph: it shares :attr:`input`'s memory and
    never requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> torch.detach(x).requires_grad
        False
    """

def batch_norm(input: Tensor, weight: Optional[Tensor], bias: Optional[Tensor], running_mean: Optional[Tensor], running_var: Optional[Tensor], training: bool, momentum: float, eps: float, cudnn_enabled: bool) -> Tensor:
    """batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled) -> Tensor

    :func:`torch.nn.functional.batch_norm` with ``torch``'s argument order and without its
    argument checks: one value per channel in training normalises to zeros, and ``eps`` is
    not checked (``cudnn_enabled`` is accepted and has no effect).

    Example::

        >>> x = torch.tensor([[1., 3.], [3., 5.]])
        >>> torch.batch_norm(x, None, None, None, None, True, 0.1, 0.0, False)
        tensor([[-1., -1.],
                [ 1.,  1.]])
    """
def layer_norm(input: Tensor, normalized_shape: _Size, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None, eps: float = 1e-05, cudnn_enable: bool = True) -> Tensor:
    """layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True) -> Tensor

    :func:`torch.nn.functional.layer_norm` (``cudnn_enable`` has no effect).

    Example::

        >>> torch.layer_norm(torch.tensor([[1., 3.]]), [2], eps=0.0)
        tensor([[-1.,  1.]])
    """
def group_norm(input: Tensor, num_groups: int, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None, eps: float = 1e-05, cudnn_enabled: bool = True) -> Tensor:
    """group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True) -> Tensor

    :func:`torch.nn.functional.group_norm` (``cudnn_enabled`` has no effect).

    Example::

        >>> torch.group_norm(torch.tensor([[1., 3., 5., 7.]]), 2, eps=0.0)
        tensor([[-1.,  1., -1.,  1.]])
    """
def max_pool1d(input: Tensor, kernel_size: _Size, stride: _Size = (), padding: _Size = 0, dilation: _Size = 1, ceil_mode: bool = False) -> Tensor:
    """max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False) -> Tensor

    :func:`torch.nn.functional.max_pool1d`, without indices.

    Example::

        >>> torch.max_pool1d(torch.tensor([[1., 5., 2., 4., 3.]]), 2)
        tensor([[5., 4.]])
    """
def max_pool2d(input: Tensor, kernel_size: _Size, stride: _Size = (), padding: _Size = 0, dilation: _Size = 1, ceil_mode: bool = False) -> Tensor:
    """max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False) -> Tensor

    :func:`torch.nn.functional.max_pool2d`, without indices.

    Example::

        >>> torch.max_pool2d(torch.arange(16.).reshape(1, 4, 4), 2)
        tensor([[[ 5.,  7.],
                 [13., 15.]]])
    """
def avg_pool1d(input: Tensor, kernel_size: _Size, stride: _Size = (), padding: _Size = 0, ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True) -> Tensor

    :func:`torch.nn.functional.avg_pool1d`.

    Example::

        >>> torch.avg_pool1d(torch.tensor([[1., 2., 3., 5.]]), 2)
        tensor([[1.5000, 4.0000]])
    """
def adaptive_avg_pool1d(input: Tensor, output_size: _Size) -> Tensor:
    """adaptive_avg_pool1d(input, output_size) -> Tensor

    :func:`torch.nn.functional.adaptive_avg_pool1d`.

    Example::

        >>> torch.adaptive_avg_pool1d(torch.tensor([[1., 2., 3., 5., 7.]]), 2)
        tensor([[2., 5.]])
    """
def conv1d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride: _Size = 1, padding: Union[str, _Size] = 0, dilation: _Size = 1, groups: int = 1) -> Tensor:
    """conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

    Applies a 1D convolution (a cross-correlation, as PyTorch's) over an input of shape
    ``(N, C_in, L)`` or ``(C_in, L)`` with a weight of shape ``(C_out, C_in / groups, kL)``.
    :attr:`padding` is an int, a 1-tuple, ``'valid'`` or ``'same'``.

    Example::

        >>> F.conv1d(torch.tensor([[[1.0, 2.0, 3.0, 4.0]]]), torch.tensor([[[1.0, -1.0]]]))
        tensor([[[-1., -1., -1.]]])
    """
    ...

def conv2d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride: _Size = 1, padding: Union[str, _Size] = 0, dilation: _Size = 1, groups: int = 1) -> Tensor:
    """conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

    Applies a 2D convolution over an input of shape ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    with a weight of shape ``(C_out, C_in / groups, kH, kW)``. :attr:`stride`,
    :attr:`padding` and :attr:`dilation` are ints or pairs; :attr:`padding` may also be
    ``'valid'`` or ``'same'`` (stride 1 only).

    Example::

        >>> F.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), padding=1)
        tensor([[[[1., 2., 2., 1.],
                  [2., 4., 4., 2.],
                  [2., 4., 4., 2.],
                  [1., 2., 2., 1.]]]])
    """
    ...

def conv_transpose2d(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride: _Size = 1, padding: _Size = 0, output_padding: _Size = 0, groups: int = 1, dilation: _Size = 1) -> Tensor:
    """conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) -> Tensor

    Applies a 2D transposed convolution (the gradient of :func:`conv2d` with respect to its
    input) over an input of shape ``(N, C_in, H, W)`` with a weight of shape
    ``(C_in, C_out / groups, kH, kW)``; :attr:`output_padding` adds to one side of the output.

    Example::

        >>> F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), stride=2)
        tensor([[[[1., 1., 1., 1.],
                  [1., 1., 1., 1.],
                  [1., 1., 1., 1.],
                  [1., 1., 1., 1.]]]])
    """
    ...

def softmax(input: Tensor, dim: int, dtype: Optional[_DType] = None) -> Tensor:
    """softmax(input, dim, dtype=None) -> Tensor

    Applies the softmax function along :attr:`dim`: ``exp(x_i) / sum_j exp(x_j)``, so the
    elements along :attr:`dim` lie in ``[0, 1]`` and sum to 1.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which softmax is computed.
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> torch.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.0900, 0.2447, 0.6652])
    """
def log_softmax(input: Tensor, dim: int, dtype: Optional[_DType] = None) -> Tensor:
    """log_softmax(input, dim, dtype=None) -> Tensor

    Applies the softmax function followed by a logarithm along :attr:`dim`, computed in a
    numerically stable way: ``x_i - log(sum_j exp(x_j))``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which log_softmax is computed.
        dtype (:class:`torch.dtype`, optional): the dtype :attr:`input` is cast to first.

    Example::

        >>> torch.log_softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """


# the rows of the op table (generated by stub_docs.py)
def exp(input: Tensor) -> Tensor:
    """exp(input) -> Tensor

    The exponential `e^x`, elementwise. Records ``ExpBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.exp(x).grad_fn.name()
        'ExpBackward0'
    """
def log(input: Tensor) -> Tensor:
    """log(input) -> Tensor

    The natural logarithm, elementwise. Records ``LogBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.log(x).grad_fn.name()
        'LogBackward0'
    """
def log1p(input: Tensor) -> Tensor:
    """log1p(input) -> Tensor

    `ln(1 + x)`, accurate for small `x`, elementwise. Records ``Log1PBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 0.5 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.log1p(x).grad_fn.name()
        'Log1PBackward0'
    """
def log2(input: Tensor) -> Tensor:
    """log2(input) -> Tensor

    The base-2 logarithm, elementwise. Records ``Log2Backward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.log2(x).grad_fn.name()
        'Log2Backward0'
    """
def log10(input: Tensor) -> Tensor:
    """log10(input) -> Tensor

    The base-10 logarithm, elementwise. Records ``Log10Backward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.log10(x).grad_fn.name()
        'Log10Backward0'
    """
def expm1(input: Tensor) -> Tensor:
    """expm1(input) -> Tensor

    `e^x - 1`, accurate for small `x`, elementwise. Records ``Expm1Backward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.expm1(x).grad_fn.name()
        'Expm1Backward0'
    """
def exp2(input: Tensor) -> Tensor:
    """exp2(input) -> Tensor

    The base-2 exponential `2^x`, elementwise. Records ``Exp2Backward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.exp2(x).grad_fn.name()
        'Exp2Backward0'
    """
def sqrt(input: Tensor) -> Tensor:
    """sqrt(input) -> Tensor

    The square root, elementwise. Records ``SqrtBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.sqrt(x).grad_fn.name()
        'SqrtBackward0'
    """
def rsqrt(input: Tensor) -> Tensor:
    """rsqrt(input) -> Tensor

    The reciprocal of the square root, `1 / sqrt(x)`, elementwise. Records ``RsqrtBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.rsqrt(x).grad_fn.name()
        'RsqrtBackward0'
    """
def reciprocal(input: Tensor) -> Tensor:
    """reciprocal(input) -> Tensor

    The reciprocal `1 / x`, elementwise. Records ``ReciprocalBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.3 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.reciprocal(x).grad_fn.name()
        'ReciprocalBackward0'
    """
def square(input: Tensor) -> Tensor:
    """square(input) -> Tensor

    The square `x * x` (recorded as `pow(x, 2)`, as in PyTorch), elementwise. Records ``PowBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.square(x).grad_fn.name()
        'PowBackward0'
    """
def sin(input: Tensor) -> Tensor:
    """sin(input) -> Tensor

    The sine, elementwise. Records ``SinBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 3.0 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.sin(x).grad_fn.name()
        'SinBackward0'
    """
def cos(input: Tensor) -> Tensor:
    """cos(input) -> Tensor

    The cosine, elementwise. Records ``CosBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 3.0 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.cos(x).grad_fn.name()
        'CosBackward0'
    """
def tan(input: Tensor) -> Tensor:
    """tan(input) -> Tensor

    The tangent, elementwise. Records ``TanBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 1.2 * 0.5 + 1.2 * 0.5], requires_grad=True)
        >>> torch.tan(x).grad_fn.name()
        'TanBackward0'
    """
def asin(input: Tensor) -> Tensor:
    """asin(input) -> Tensor

    The arcsine, elementwise. Records ``AsinBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 0.9 * 0.5 + 0.9 * 0.5], requires_grad=True)
        >>> torch.asin(x).grad_fn.name()
        'AsinBackward0'
    """
def acos(input: Tensor) -> Tensor:
    """acos(input) -> Tensor

    The arccosine, elementwise. Records ``AcosBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 0.9 * 0.5 + 0.9 * 0.5], requires_grad=True)
        >>> torch.acos(x).grad_fn.name()
        'AcosBackward0'
    """
def atan(input: Tensor) -> Tensor:
    """atan(input) -> Tensor

    The arctangent, elementwise. Records ``AtanBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 3.0 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.atan(x).grad_fn.name()
        'AtanBackward0'
    """
def sinh(input: Tensor) -> Tensor:
    """sinh(input) -> Tensor

    The hyperbolic sine, elementwise. Records ``SinhBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.sinh(x).grad_fn.name()
        'SinhBackward0'
    """
def cosh(input: Tensor) -> Tensor:
    """cosh(input) -> Tensor

    The hyperbolic cosine, elementwise. Records ``CoshBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.cosh(x).grad_fn.name()
        'CoshBackward0'
    """
def tanh(input: Tensor) -> Tensor:
    """tanh(input) -> Tensor

    The hyperbolic tangent, elementwise. Records ``TanhBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.tanh(x).grad_fn.name()
        'TanhBackward0'
    """
def asinh(input: Tensor) -> Tensor:
    """asinh(input) -> Tensor

    The inverse hyperbolic sine, elementwise. Records ``AsinhBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.asinh(x).grad_fn.name()
        'AsinhBackward0'
    """
def acosh(input: Tensor) -> Tensor:
    """acosh(input) -> Tensor

    The inverse hyperbolic cosine, elementwise. Records ``AcoshBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([1.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.acosh(x).grad_fn.name()
        'AcoshBackward0'
    """
def atanh(input: Tensor) -> Tensor:
    """atanh(input) -> Tensor

    The inverse hyperbolic tangent, elementwise. Records ``AtanhBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 0.9 * 0.5 + 0.9 * 0.5], requires_grad=True)
        >>> torch.atanh(x).grad_fn.name()
        'AtanhBackward0'
    """
def sigmoid(input: Tensor) -> Tensor:
    """sigmoid(input) -> Tensor

    The logistic sigmoid `1 / (1 + e^-x)`, elementwise. Records ``SigmoidBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 3.0 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.sigmoid(x).grad_fn.name()
        'SigmoidBackward0'
    """
def erf(input: Tensor) -> Tensor:
    """erf(input) -> Tensor

    The error function, elementwise. Records ``ErfBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.erf(x).grad_fn.name()
        'ErfBackward0'
    """
def erfc(input: Tensor) -> Tensor:
    """erfc(input) -> Tensor

    The complementary error function `1 - erf(x)`, elementwise. Records ``ErfcBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 2.0 * 0.5 + 2.0 * 0.5], requires_grad=True)
        >>> torch.erfc(x).grad_fn.name()
        'ErfcBackward0'
    """
def erfinv(input: Tensor) -> Tensor:
    """erfinv(input) -> Tensor

    The inverse of the error function, elementwise. Records ``ErfinvBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([- 0.9 * 0.5 + 0.9 * 0.5], requires_grad=True)
        >>> torch.erfinv(x).grad_fn.name()
        'ErfinvBackward0'
    """
def sinc(input: Tensor) -> Tensor:
    """sinc(input) -> Tensor

    The normalized sinc function `sin(pi x) / (pi x)` (1 at 0), elementwise. Records ``SincBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 2.5 * 0.5], requires_grad=True)
        >>> torch.sinc(x).grad_fn.name()
        'SincBackward0'
    """
def abs(input: Tensor) -> Tensor:
    """abs(input) -> Tensor

    The absolute value (the gradient at 0 is 0), elementwise. Records ``AbsBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.abs(x).grad_fn.name()
        'AbsBackward0'
    """
def sign(input: Tensor) -> Tensor:
    """sign(input) -> Tensor

    The sign: -1, 0 or 1 (the gradient is 0), elementwise. Records ``SignBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.sign(x).grad_fn.name()
        'SignBackward0'
    """
def floor(input: Tensor) -> Tensor:
    """floor(input) -> Tensor

    The largest integer not greater than `x` (the gradient is 0), elementwise. Records ``FloorBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 0.8 * 0.5], requires_grad=True)
        >>> torch.floor(x).grad_fn.name()
        'FloorBackward0'
    """
def ceil(input: Tensor) -> Tensor:
    """ceil(input) -> Tensor

    The smallest integer not less than `x` (the gradient is 0), elementwise. Records ``CeilBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 0.8 * 0.5], requires_grad=True)
        >>> torch.ceil(x).grad_fn.name()
        'CeilBackward0'
    """
def round(input: Tensor) -> Tensor:
    """round(input) -> Tensor

    The nearest integer, halves to even (the gradient is 0), elementwise. Records ``RoundBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.1 * 0.5 + 0.4 * 0.5], requires_grad=True)
        >>> torch.round(x).grad_fn.name()
        'RoundBackward0'
    """
def trunc(input: Tensor) -> Tensor:
    """trunc(input) -> Tensor

    The integer part, rounded toward zero (the gradient is 0), elementwise. Records ``TruncBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 0.8 * 0.5], requires_grad=True)
        >>> torch.trunc(x).grad_fn.name()
        'TruncBackward0'
    """
def frac(input: Tensor) -> Tensor:
    """frac(input) -> Tensor

    The fractional part `x - trunc(x)`, elementwise. Records ``FracBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 0.8 * 0.5], requires_grad=True)
        >>> torch.frac(x).grad_fn.name()
        'FracBackward0'
    """
def relu(input: Tensor) -> Tensor:
    """relu(input) -> Tensor

    The rectified linear unit `max(x, 0)` (the gradient at 0 is 0; NaN and -0 pass through), elementwise. Records ``ReluBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.relu(x).grad_fn.name()
        'ReluBackward0'
    """
def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """hardshrink(input, lambd=0.5) -> Tensor

    `x` where `|x| > lambd`, else 0 (NaN passes through), elementwise. Records ``HardshrinkBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.
        lambd (float): default ``0.5``.

    Example::

        >>> x = torch.tensor([0.6 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.hardshrink(x).grad_fn.name()
        'HardshrinkBackward0'
    """
def selu(input: Tensor) -> Tensor:
    """selu(input) -> Tensor

    `scale * elu(x, alpha)` with PyTorch's self-normalising constants, elementwise. Records ``EluBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.selu(x).grad_fn.name()
        'EluBackward0'
    """
def celu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """celu(input, alpha=1.0) -> Tensor

    `x` for positive `x`, else `alpha * (e^(x / alpha) - 1)`, elementwise. Records ``CeluBackward0`` when :attr:`input` requires grad.

    Args:
        input (Tensor): the input tensor.
        alpha (float): default ``1.0``.

    Example::

        >>> x = torch.tensor([0.2 * 0.5 + 3.0 * 0.5], requires_grad=True)
        >>> torch.celu(x).grad_fn.name()
        'CeluBackward0'
    """
def exp_(input: Tensor) -> Tensor:
    """exp_(input) -> Tensor

    In-place version of :func:`torch.exp`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.exp_(x) is x
        True
    """
def log_(input: Tensor) -> Tensor:
    """log_(input) -> Tensor

    In-place version of :func:`torch.log`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.log_(x) is x
        True
    """
def log1p_(input: Tensor) -> Tensor:
    """log1p_(input) -> Tensor

    In-place version of :func:`torch.log1p`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.log1p_(x) is x
        True
    """
def log2_(input: Tensor) -> Tensor:
    """log2_(input) -> Tensor

    In-place version of :func:`torch.log2`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.log2_(x) is x
        True
    """
def log10_(input: Tensor) -> Tensor:
    """log10_(input) -> Tensor

    In-place version of :func:`torch.log10`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.log10_(x) is x
        True
    """
def expm1_(input: Tensor) -> Tensor:
    """expm1_(input) -> Tensor

    In-place version of :func:`torch.expm1`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.expm1_(x) is x
        True
    """
def exp2_(input: Tensor) -> Tensor:
    """exp2_(input) -> Tensor

    In-place version of :func:`torch.exp2`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.exp2_(x) is x
        True
    """
def sqrt_(input: Tensor) -> Tensor:
    """sqrt_(input) -> Tensor

    In-place version of :func:`torch.sqrt`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.sqrt_(x) is x
        True
    """
def rsqrt_(input: Tensor) -> Tensor:
    """rsqrt_(input) -> Tensor

    In-place version of :func:`torch.rsqrt`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.rsqrt_(x) is x
        True
    """
def reciprocal_(input: Tensor) -> Tensor:
    """reciprocal_(input) -> Tensor

    In-place version of :func:`torch.reciprocal`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.reciprocal_(x) is x
        True
    """
def square_(input: Tensor) -> Tensor:
    """square_(input) -> Tensor

    In-place version of :func:`torch.square`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.square_(x) is x
        True
    """
def sin_(input: Tensor) -> Tensor:
    """sin_(input) -> Tensor

    In-place version of :func:`torch.sin`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.sin_(x) is x
        True
    """
def cos_(input: Tensor) -> Tensor:
    """cos_(input) -> Tensor

    In-place version of :func:`torch.cos`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.cos_(x) is x
        True
    """
def tan_(input: Tensor) -> Tensor:
    """tan_(input) -> Tensor

    In-place version of :func:`torch.tan`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.tan_(x) is x
        True
    """
def asin_(input: Tensor) -> Tensor:
    """asin_(input) -> Tensor

    In-place version of :func:`torch.asin`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.asin_(x) is x
        True
    """
def acos_(input: Tensor) -> Tensor:
    """acos_(input) -> Tensor

    In-place version of :func:`torch.acos`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.acos_(x) is x
        True
    """
def atan_(input: Tensor) -> Tensor:
    """atan_(input) -> Tensor

    In-place version of :func:`torch.atan`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.atan_(x) is x
        True
    """
def sinh_(input: Tensor) -> Tensor:
    """sinh_(input) -> Tensor

    In-place version of :func:`torch.sinh`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.sinh_(x) is x
        True
    """
def cosh_(input: Tensor) -> Tensor:
    """cosh_(input) -> Tensor

    In-place version of :func:`torch.cosh`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.cosh_(x) is x
        True
    """
def tanh_(input: Tensor) -> Tensor:
    """tanh_(input) -> Tensor

    In-place version of :func:`torch.tanh`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.tanh_(x) is x
        True
    """
def asinh_(input: Tensor) -> Tensor:
    """asinh_(input) -> Tensor

    In-place version of :func:`torch.asinh`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.asinh_(x) is x
        True
    """
def acosh_(input: Tensor) -> Tensor:
    """acosh_(input) -> Tensor

    In-place version of :func:`torch.acosh`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.acosh_(x) is x
        True
    """
def atanh_(input: Tensor) -> Tensor:
    """atanh_(input) -> Tensor

    In-place version of :func:`torch.atanh`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.atanh_(x) is x
        True
    """
def sigmoid_(input: Tensor) -> Tensor:
    """sigmoid_(input) -> Tensor

    In-place version of :func:`torch.sigmoid`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.sigmoid_(x) is x
        True
    """
def erf_(input: Tensor) -> Tensor:
    """erf_(input) -> Tensor

    In-place version of :func:`torch.erf`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.erf_(x) is x
        True
    """
def erfc_(input: Tensor) -> Tensor:
    """erfc_(input) -> Tensor

    In-place version of :func:`torch.erfc`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.erfc_(x) is x
        True
    """
def sinc_(input: Tensor) -> Tensor:
    """sinc_(input) -> Tensor

    In-place version of :func:`torch.sinc`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.sinc_(x) is x
        True
    """
def abs_(input: Tensor) -> Tensor:
    """abs_(input) -> Tensor

    In-place version of :func:`torch.abs`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.abs_(x) is x
        True
    """
def floor_(input: Tensor) -> Tensor:
    """floor_(input) -> Tensor

    In-place version of :func:`torch.floor`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.floor_(x) is x
        True
    """
def ceil_(input: Tensor) -> Tensor:
    """ceil_(input) -> Tensor

    In-place version of :func:`torch.ceil`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.ceil_(x) is x
        True
    """
def round_(input: Tensor) -> Tensor:
    """round_(input) -> Tensor

    In-place version of :func:`torch.round`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.round_(x) is x
        True
    """
def trunc_(input: Tensor) -> Tensor:
    """trunc_(input) -> Tensor

    In-place version of :func:`torch.trunc`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.trunc_(x) is x
        True
    """
def frac_(input: Tensor) -> Tensor:
    """frac_(input) -> Tensor

    In-place version of :func:`torch.frac`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.frac_(x) is x
        True
    """
def relu_(input: Tensor) -> Tensor:
    """relu_(input) -> Tensor

    In-place version of :func:`torch.relu`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.relu_(x) is x
        True
    """
def hardshrink_(input: Tensor, lambd: float = 0.5) -> Tensor:
    """hardshrink_(input) -> Tensor

    In-place version of :func:`torch.hardshrink`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.hardshrink_(x) is x
        True
    """
def selu_(input: Tensor) -> Tensor:
    """selu_(input) -> Tensor

    In-place version of :func:`torch.selu`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.selu_(x) is x
        True
    """
def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """celu_(input) -> Tensor

    In-place version of :func:`torch.celu`: writes into and returns :attr:`input`.

    Example::

        >>> x = torch.tensor([0.5, 0.75])
        >>> torch.celu_(x) is x
        True
    """
def atan2(input: Tensor, other: Tensor) -> Tensor:
    """atan2(input, other) -> Tensor

    The arctangent of `input / other`, in the quadrant of the point (`other`, `input`), elementwise with broadcasting. Records ``Atan2Backward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.atan2(a, torch.tensor([0.75])).grad_fn.name()
        'Atan2Backward0'
    """
def hypot(input: Tensor, other: Tensor) -> Tensor:
    """hypot(input, other) -> Tensor

    The hypotenuse `sqrt(input² + other²)`, elementwise with broadcasting. Records ``HypotBackward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.hypot(a, torch.tensor([0.75])).grad_fn.name()
        'HypotBackward0'
    """
def maximum(input: Tensor, other: Tensor) -> Tensor:
    """maximum(input, other) -> Tensor

    The larger of `input` and `other` (NaN if either is NaN; a tie splits the gradient), elementwise with broadcasting. Records ``MaximumBackward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.maximum(a, torch.tensor([0.75])).grad_fn.name()
        'MaximumBackward0'
    """
def minimum(input: Tensor, other: Tensor) -> Tensor:
    """minimum(input, other) -> Tensor

    The smaller of `input` and `other` (NaN if either is NaN; a tie splits the gradient), elementwise with broadcasting. Records ``MinimumBackward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.minimum(a, torch.tensor([0.75])).grad_fn.name()
        'MinimumBackward0'
    """
def fmax(input: Tensor, other: Tensor) -> Tensor:
    """fmax(input, other) -> Tensor

    The larger of `input` and `other`, ignoring a NaN (a tie splits the gradient), elementwise with broadcasting. Records ``FmaxBackward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.fmax(a, torch.tensor([0.75])).grad_fn.name()
        'FmaxBackward0'
    """
def fmin(input: Tensor, other: Tensor) -> Tensor:
    """fmin(input, other) -> Tensor

    The smaller of `input` and `other`, ignoring a NaN (a tie splits the gradient), elementwise with broadcasting. Records ``FminBackward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.fmin(a, torch.tensor([0.75])).grad_fn.name()
        'FminBackward0'
    """
def fmod(input: Tensor, other: Tensor | float) -> Tensor:
    """fmod(input, other) -> Tensor

    The remainder of `input / other` with the sign of `input` (C's `fmod`), elementwise with broadcasting. Records ``FmodBackward1`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.fmod(a, torch.tensor([0.75])).grad_fn.name()
        'FmodBackward1'
    """
def remainder(input: Tensor, other: Tensor | float) -> Tensor:
    """remainder(input, other) -> Tensor

    The remainder of `input / other` with the sign of `other` (Python's `%`), elementwise with broadcasting. Records ``RemainderBackward1`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.remainder(a, torch.tensor([0.75])).grad_fn.name()
        'RemainderBackward1'
    """
def copysign(input: Tensor, other: Tensor | float) -> Tensor:
    """copysign(input, other) -> Tensor

    The magnitude of `input` with the sign of `other`, elementwise with broadcasting. Records ``CopysignBackward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.copysign(a, torch.tensor([0.75])).grad_fn.name()
        'CopysignBackward0'
    """
def xlogy(input: Tensor | float, other: Tensor | float) -> Tensor:
    """xlogy(input, other) -> Tensor

    `input * log(other)`, and 0 where `input` is 0 (unless `other` is NaN), elementwise with broadcasting. Records ``XlogyBackward0`` when an argument requires grad.

    Args:
        input (Tensor): the first argument.
        other (Tensor or Number): the second argument.

    Example::

        >>> a = torch.tensor([1.5, 2.5], requires_grad=True)
        >>> torch.xlogy(a, torch.tensor([0.75])).grad_fn.name()
        'XlogyBackward0'
    """
