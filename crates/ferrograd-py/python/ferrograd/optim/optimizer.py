"""The ``Optimizer`` base class: PyTorch's param-group, state and state-dict handling."""

import copy
import functools
import warnings
from collections import OrderedDict, defaultdict
from itertools import chain

from .. import _ferrograd as _C
from .._grad_mode import enable_grad, no_grad

__all__ = ["Optimizer", "register_optimizer_step_pre_hook", "register_optimizer_step_post_hook"]

_global_optimizer_pre_hooks = OrderedDict()
_global_optimizer_post_hooks = OrderedDict()


def _handle(hooks, hook, prepend=False):
    from ..nn.modules.module import RemovableHandle

    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    if prepend:
        hooks.move_to_end(handle.id, last=False)
    return handle


def register_optimizer_step_pre_hook(hook):
    r"""Register a pre hook common to all optimizers, run before every ``step()`` with the
    signature ``hook(optimizer, args, kwargs) -> None or modified args and kwargs``.

    Returns:
        :class:`torch.utils.hooks.RemovableHandle`: a handle whose ``remove()`` removes the hook

    Example::

        >>> seen = []
        >>> h = torch.optim.optimizer.register_optimizer_step_pre_hook(lambda opt, a, k: seen.append(type(opt).__name__))
        >>> w = torch.zeros(1, requires_grad=True)
        >>> w.grad = torch.ones(1)
        >>> torch.optim.SGD([w], lr=0.1).step()
        >>> h.remove()
        >>> seen
        ['SGD']
    """
    return _handle(_global_optimizer_pre_hooks, hook)


def register_optimizer_step_post_hook(hook):
    r"""Register a post hook common to all optimizers, run after every ``step()`` with the
    signature ``hook(optimizer, args, kwargs) -> None``.

    Returns:
        :class:`torch.utils.hooks.RemovableHandle`: a handle whose ``remove()`` removes the hook

    Example::

        >>> h = torch.optim.optimizer.register_optimizer_step_post_hook(lambda opt, a, k: None)
        >>> h.remove()
    """
    return _handle(_global_optimizer_post_hooks, hook)


def _hooked_step(func):
    # Runs the global and the optimizer's step pre hooks, the step, then its post hooks, as
    # PyTorch's Optimizer.profile_hook_step.
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        self = args[0]
        for pre_hook in chain(_global_optimizer_pre_hooks.values(), self._hooks("_optimizer_step_pre_hooks").values()):
            result = pre_hook(self, args, kwargs)
            if result is not None:
                if isinstance(result, tuple) and len(result) == 2:
                    args, kwargs = result
                else:
                    raise RuntimeError(f"{func} must return None or a tuple of (new_args, new_kwargs), but got {result}.")
        out = func(*args, **kwargs)
        for post_hook in chain(self._hooks("_optimizer_step_post_hooks").values(), _global_optimizer_post_hooks.values()):
            post_hook(self, args, kwargs)
        return out

    wrapper._hooked = True
    return wrapper


class _RequiredParameter:
    """Singleton class representing a required parameter for an Optimizer."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj):
    if isinstance(obj, _C.Tensor):
        return "torch.FloatTensor" if obj.dtype == _C.float32 else obj.type()
    module = type(obj).__module__
    name = type(obj).__qualname__
    return name if module == "builtins" else f"{module}.{name}"


def _scalar_dtype():
    from .. import get_default_dtype

    return _C.float64 if get_default_dtype() == _C.float64 else _C.float32


class Optimizer:
    r"""Base class for all optimizers.

    .. warning::
        Parameters need to be specified as collections that have a deterministic
        ordering that is consistent between runs. Examples of objects that don't
        satisfy those properties are sets and iterators over values of dictionaries.

    Args:
        params (iterable): an iterable of :class:`torch.Tensor` s or
            :class:`dict` s. Specifies what Tensors should be optimized.
        defaults: (dict): a dict containing default values of optimization
            options (used when a parameter group doesn't specify them).
    """

    def __init__(self, params, defaults):
        self.defaults = defaults
        if isinstance(params, _C.Tensor):
            raise TypeError(
                "params argument given to the optimizer should be "
                "an iterable of Tensors or dicts, but got " + _typename(params)
            )
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "_hooked", False):
            cls.step = _hooked_step(step)

    def _hooks(self, name):
        hooks = self.__dict__.get(name)
        if hooks is None:
            hooks = self.__dict__[name] = OrderedDict()
        return hooks

    def register_step_pre_hook(self, hook):
        r"""Register an optimizer step pre hook, called before ``step()`` with the signature
        ``hook(optimizer, args, kwargs) -> None or modified args and kwargs``.

        Returns:
            :class:`torch.utils.hooks.RemovableHandle`: a handle whose ``remove()`` removes the hook

        Example::

            >>> w = torch.zeros(1, requires_grad=True)
            >>> w.grad = torch.ones(1)
            >>> opt = torch.optim.SGD([w], lr=0.1)
            >>> h = opt.register_step_pre_hook(lambda opt, args, kwargs: print("before"))
            >>> opt.step()
            before
        """
        return _handle(self._hooks("_optimizer_step_pre_hooks"), hook)

    def register_step_post_hook(self, hook):
        r"""Register an optimizer step post hook, called after ``step()`` with the signature
        ``hook(optimizer, args, kwargs) -> None``.

        Returns:
            :class:`torch.utils.hooks.RemovableHandle`: a handle whose ``remove()`` removes the hook

        Example::

            >>> w = torch.zeros(1, requires_grad=True)
            >>> w.grad = torch.ones(1)
            >>> opt = torch.optim.SGD([w], lr=0.1)
            >>> h = opt.register_step_post_hook(lambda opt, args, kwargs: print(w))
            >>> opt.step()
            tensor([-0.1000], requires_grad=True)
        """
        return _handle(self._hooks("_optimizer_step_post_hooks"), hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        r"""Register a hook ``hook(optimizer) -> None`` called before :meth:`state_dict` builds
        the state dict (first among them with ``prepend=True``).

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> h = opt.register_state_dict_pre_hook(lambda opt: print("saving"))
            >>> _ = opt.state_dict()
            saving
        """
        return _handle(self._hooks("_optimizer_state_dict_pre_hooks"), hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        r"""Register a hook ``hook(optimizer, state_dict) -> state_dict or None`` called after
        :meth:`state_dict` built the state dict; a returned dict replaces it.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> h = opt.register_state_dict_post_hook(lambda opt, sd: {**sd, "note": 1})
            >>> opt.state_dict()["note"]
            1
        """
        return _handle(self._hooks("_optimizer_state_dict_post_hooks"), hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        r"""Register a hook ``hook(optimizer, state_dict) -> state_dict or None`` called before
        :meth:`load_state_dict` loads; a returned dict is loaded instead.

        Example::

            >>> w = torch.zeros(1, requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1)
            >>> def halve(opt, sd):
            ...     sd["param_groups"][0]["lr"] /= 2
            ...     return sd
            >>> h = opt.register_load_state_dict_pre_hook(halve)
            >>> opt.load_state_dict(torch.optim.SGD([w], lr=0.5).state_dict())
            >>> opt.param_groups[0]["lr"]
            0.25
        """
        return _handle(self._hooks("_optimizer_load_state_dict_pre_hooks"), hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        r"""Register a hook ``hook(optimizer) -> None`` called after :meth:`load_state_dict`.

        Example::

            >>> w = torch.zeros(1, requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1)
            >>> h = opt.register_load_state_dict_post_hook(lambda opt: print("loaded"))
            >>> opt.load_state_dict(opt.state_dict())
            loaded
        """
        return _handle(self._hooks("_optimizer_load_state_dict_post_hooks"), hook, prepend)

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __repr__(self):
        format_string = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            format_string += "\n"
            format_string += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    format_string += f"    {key}: {group[key]}\n"
        format_string += ")"
        return format_string

    def state_dict(self):
        r"""Return the state of the optimizer as a :class:`dict`.

        It contains two entries:

        * ``state``: a Dict holding current optimization state. Its content
          differs between optimizer classes, but some common characteristics
          hold. For example, state is saved per parameter, and the parameter
          itself is NOT saved. ``state`` is a Dictionary mapping parameter ids
          to a Dict with state corresponding to each parameter.
        * ``param_groups``: a List containing all parameter groups where each
          parameter group is a Dict. Each parameter group contains metadata
          specific to the optimizer, such as learning rate and weight decay,
          as well as a List of parameter IDs of the parameters in the group.

        Example::

            >>> w = torch.zeros(2, requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
            >>> opt.state_dict()["param_groups"][0]["params"]
            [0]
        """
        for pre_hook in self._hooks("_optimizer_state_dict_pre_hooks").values():
            pre_hook(self)
        param_mappings = {}
        start_index = 0

        def pack_group(group):
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            param_mappings.update(
                {id(p): i for i, p in enumerate(group["params"], start_index) if id(p) not in param_mappings}
            )
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {
            (param_mappings[id(k)] if isinstance(k, _C.Tensor) else k): v for k, v in self.state.items()
        }
        state_dict = {"state": packed_state, "param_groups": param_groups}
        for post_hook in self._hooks("_optimizer_state_dict_post_hooks").values():
            result = post_hook(self, state_dict)
            if result is not None:
                state_dict = result
        return state_dict

    @staticmethod
    def _process_value_according_to_param_policy(param, value, key):
        if key == "step":
            return value
        if param.is_floating_point():
            return value.to(dtype=param.dtype)
        return value

    def load_state_dict(self, state_dict):
        r"""Load the optimizer state.

        Args:
            state_dict (dict): optimizer state. Should be an object returned
                from a call to :meth:`state_dict`.

        Example::

            >>> w = torch.zeros(2, requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1)
            >>> opt.load_state_dict(torch.optim.SGD([w], lr=0.5).state_dict())
            >>> opt.param_groups[0]["lr"]
            0.5
        """
        state_dict = state_dict.copy()
        for pre_hook in self._hooks("_optimizer_load_state_dict_pre_hooks").values():
            result = pre_hook(self, state_dict)
            if result is not None:
                state_dict = result
        groups = self.param_groups
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        param_lens = (len(g["params"]) for g in groups)
        saved_lens = (len(g["params"]) for g in saved_groups)
        if any(p_len != s_len for p_len, s_len in zip(param_lens, saved_lens)):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of optimizer's group"
            )
        id_map = dict(
            zip(
                chain.from_iterable(g["params"] for g in saved_groups),
                chain.from_iterable(g["params"] for g in groups),
            )
        )

        def _cast(param, value, key=None):
            if isinstance(value, _C.Tensor):
                return Optimizer._process_value_according_to_param_policy(param, value, key)
            if isinstance(value, dict):
                return {k: _cast(param, v, key=k) for k, v in value.items()}
            return value

        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                state[id_map[k]] = _cast(id_map[k], v)
            else:
                state[k] = v

        def update_group(group, new_group):
            new_group["params"] = group["params"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})
        for post_hook in self._hooks("_optimizer_load_state_dict_post_hooks").values():
            post_hook(self)

    def zero_grad(self, set_to_none=True):
        r"""Reset the gradients of all optimized :class:`torch.Tensor` s.

        Args:
            set_to_none (bool, optional): Instead of setting to zero, set the grads to None.
                Default: ``True``

        Example::

            >>> w = torch.ones(2, requires_grad=True)
            >>> w.sum().backward()
            >>> torch.optim.SGD([w]).zero_grad()
            >>> print(w.grad)
            None
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        with no_grad():
                            p.grad.zero_()

    def step(self, closure=None):
        r"""Perform a single optimization step to update parameter.

        Args:
            closure (Callable): A closure that reevaluates the model and
                returns the loss. Optional for most optimizers.
        """
        raise NotImplementedError

    def _closure_loss(self, closure):
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def add_param_group(self, param_group):
        r"""Add a param group to the :class:`Optimizer` s `param_groups`.

        This can be useful when fine tuning a pre-trained network as frozen layers can be made
        trainable and added to the :class:`Optimizer` as training progresses.

        Args:
            param_group (dict): Specifies what Tensors should be optimized along with group
                specific optimization options.

        Example::

            >>> a, b = torch.zeros(1, requires_grad=True), torch.zeros(2, requires_grad=True)
            >>> opt = torch.optim.SGD([a], lr=0.1)
            >>> opt.add_param_group({"params": [b], "lr": 0.01})
            >>> [g["lr"] for g in opt.param_groups]
            [0.1, 0.01]
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, _C.Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but "
                "the ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            param_group["params"] = list(params)
        for param in param_group["params"]:
            if not isinstance(param, _C.Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is " + _typename(param))
            if not self.defaults.get("differentiable", None) and not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter {name}")
            param_group.setdefault(name, default)
        params = param_group["params"]
        if len(params) != len({id(p) for p in params}):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; "
                "in future, this will cause an error; "
                "see github.com/pytorch/pytorch/issues/40967 for more information",
                stacklevel=3,
            )
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in param_group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def _with_grads(self, group):
        """The parameters of `group` that have a gradient, and the gradients."""
        params, grads = [], []
        for p in group["params"]:
            g = p.grad
            if g is not None:
                params.append(p)
                grads.append(g)
        return params, grads
