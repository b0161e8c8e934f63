"""``torch.nn.Parameter``: a tensor that a module registers as one of its parameters."""

from .. import _meta
from .._ferrograd import Tensor


class Parameter(Tensor):
    r"""A kind of Tensor that is to be considered a module parameter.

    Parameters are :class:`~torch.Tensor` subclasses that have a very special property when
    used with :class:`Module` s: when they're assigned as Module attributes they are
    automatically added to the list of its parameters, and will appear e.g. in
    :meth:`~Module.parameters` iterator. The parameter shares the storage of ``data``.

    Args:
        data (Tensor): parameter tensor.
        requires_grad (bool, optional): if the parameter requires gradient. Default: `True`

    Example::

        >>> p = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
        >>> p
        Parameter containing:
        tensor([1., 2.], requires_grad=True)
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = Tensor(0)
        if type(data) is _meta.MetaTensor:
            # a parameter on the meta device: a meta tensor that says it is a Parameter
            return _meta.MetaTensor(data.shape, data.dtype, requires_grad, param=True)
        self = Tensor.__new__(cls, _alias=data)
        self.requires_grad_(requires_grad)
        return self

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __format__(self, spec):
        if self.dim() == 0 or spec:
            return super().__format__(spec)
        return repr(self)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.detach().clone(), self.requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, proto):
        return (Parameter, (self.detach().clone(), self.requires_grad))


_meta._PARAMETER[0] = Parameter
