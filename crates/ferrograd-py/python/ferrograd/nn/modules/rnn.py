"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` (several layers, both directions,
``batch_first``, dropout between layers) and their cells, written with the tensor ops (so they
differentiate to any order), with PyTorch's parameters, names, initialisation and reprs."""

import math
import warnings

from ... import empty
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _empty(*shape, dtype=None):
    return empty(shape, dtype=dtype)


def _rnn_step(mode, x_proj, h, w_hh, b_hh):
    """One step of a plain RNN: ``act(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (the input part
    given)."""
    pre = x_proj + F.linear(h, w_hh, b_hh)
    return pre.tanh() if mode == "RNN_TANH" else pre.relu()


def _lstm_step(x_proj, h, c, w_hh, b_hh):
    gates = x_proj + F.linear(h, w_hh, b_hh)
    i, f, g, o = gates.chunk(4, -1)
    c = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c.tanh(), c


def _gru_step(x_proj, h, w_hh, b_hh):
    i_r, i_z, i_n = x_proj.chunk(3, -1)
    h_r, h_z, h_n = F.linear(h, w_hh, b_hh).chunk(3, -1)
    r = (i_r + h_r).sigmoid()
    z = (i_z + h_z).sigmoid()
    n = (i_n + r * h_n).tanh()
    return (1 - z) * n + z * h


class RNNBase(Module):
    """The parameters and the layer loop shared by :class:`RNN`, :class:`LSTM` and :class:`GRU`.

    Example::

        >>> nn.RNNBase("GRU", 3, 4).weight_ih_l0.shape
        torch.Size([12, 3])
    """

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if mode not in _GATES:
            raise ValueError(f"Unrecognized RNN mode: {mode}")
        if not isinstance(dropout, (int, float)) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the probability of an element being zeroed"
            )
        if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size != 0:
            raise NotImplementedError("ferrograd's LSTM has no proj_size")
        if dropout > 0 and num_layers == 1:
            warnings.warn(
                "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                f"num_layers greater than 1, but got dropout={dropout} and num_layers={num_layers}",
                stacklevel=2,
            )
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        gate_size = _GATES[mode] * hidden_size
        num_directions = 2 if bidirectional else 1
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input = input_size if layer == 0 else hidden_size * num_directions
                suffix = "_reverse" if direction == 1 else ""
                names = [f"weight_ih_l{layer}{suffix}", f"weight_hh_l{layer}{suffix}"]
                shapes = [(gate_size, layer_input), (gate_size, hidden_size)]
                if bias:
                    names += [f"bias_ih_l{layer}{suffix}", f"bias_hh_l{layer}{suffix}"]
                    shapes += [(gate_size,), (gate_size,)]
                for name, shape in zip(names, shapes):
                    setattr(self, name, Parameter(_empty(*shape, dtype=dtype)))
                self._flat_weights_names += names
        self.reset_parameters()

    def reset_parameters(self):
        """PyTorch's initialisation: every weight and bias uniform in ``±1/sqrt(hidden_size)``,
        in registration order."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    @property
    def all_weights(self):
        """The parameters per layer and direction, as lists ``[w_ih, w_hh, b_ih, b_hh]``."""
        per = 4 if self.bias else 2
        names = self._flat_weights_names
        return [[getattr(self, n) for n in names[i:i + per]] for i in range(0, len(names), per)]

    def _layer_params(self, layer, direction):
        suffix = "_reverse" if direction == 1 else ""
        get = lambda k: getattr(self, f"{k}_l{layer}{suffix}", None)  # noqa: E731
        return get("weight_ih"), get("weight_hh"), get("bias_ih") if self.bias else None, get("bias_hh") if self.bias else None

    def _run(self, input, hx, cx):
        """Runs every layer and direction over ``input`` (``(L, N, H_in)``) from the states
        ``hx`` (and ``cx`` for LSTM), each ``(layers * directions, N, H)``."""
        from ... import cat, stack

        num_directions = 2 if self.bidirectional else 1
        layer_input = input
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(num_directions):
                w_ih, w_hh, b_ih, b_hh = self._layer_params(layer, direction)
                k = layer * num_directions + direction
                h = hx[k]
                c = cx[k] if cx is not None else None
                # the input part of every step at once: one product for the whole sequence
                x_proj = F.linear(layer_input, w_ih, b_ih)
                steps = range(x_proj.shape[0])
                if direction == 1:
                    steps = reversed(steps)
                seq = [None] * x_proj.shape[0]
                for t in steps:
                    if self.mode == "LSTM":
                        h, c = _lstm_step(x_proj[t], h, c, w_hh, b_hh)
                    elif self.mode == "GRU":
                        h = _gru_step(x_proj[t], h, w_hh, b_hh)
                    else:
                        h = _rnn_step(self.mode, x_proj[t], h, w_hh, b_hh)
                    seq[t] = h
                outs.append(stack(seq, 0) if seq else x_proj.new_zeros(0, h.shape[0], self.hidden_size))
                h_n.append(h)
                if c is not None:
                    c_n.append(c)
            layer_input = outs[0] if num_directions == 1 else cat(outs, 2)
            if self.dropout > 0 and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        return layer_input, stack(h_n, 0), (stack(c_n, 0) if cx is not None else None)

    def _prepare(self, input, hx):
        """Checks the input, puts it time-first and batched; the initial states, zeros unless
        given. Returns ``(input, batched, h0, c0)``."""
        if input.dim() not in (2, 3):
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D instead"
            )
        batched = input.dim() == 3
        if not batched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        if input.shape[-1] != self.input_size:
            raise RuntimeError(
                f"input.size(-1) must be equal to input_size. Expected {self.input_size}, got {input.shape[-1]}"
            )
        if input.shape[0] == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        num_directions = 2 if self.bidirectional else 1
        shape = (self.num_layers * num_directions, input.shape[1], self.hidden_size)
        states = hx if isinstance(hx, tuple) else (hx,)
        prepared = []
        for s in states:
            if s is None:
                prepared.append(input.new_zeros(*shape))
                continue
            if not batched:
                if s.dim() != 2:
                    raise RuntimeError(
                        f"For unbatched 2-D input, hx should also be 2-D but got {s.dim()}-D tensor"
                    )
                s = s.unsqueeze(1)
            elif s.dim() != 3:
                raise RuntimeError(f"For batched 3-D input, hx should also be 3-D but got {s.dim()}-D tensor")
            if tuple(s.shape) != shape:
                raise RuntimeError(f"Expected hidden size {shape}, got {list(s.shape)}")
            prepared.append(s)
        return input, batched, prepared

    def _finish(self, out, batched):
        if not batched:
            return out.squeeze(1)
        return out.transpose(0, 1) if self.batch_first else out

    def extra_repr(self):
        """The arguments shown in the repr."""
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


class RNN(RNNBase):
    r"""A multi-layer Elman RNN, ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or
    ``relu`` with ``nonlinearity='relu'``), over a sequence ``(L, N, H_in)`` (``(N, L, H_in)``
    with ``batch_first``, or unbatched ``(L, H_in)``). Returns the last layer's states at every
    step and the final state of every layer and direction.

    Example::

        >>> rnn = nn.RNN(3, 4, num_layers=2)
        >>> out, h_n = rnn(torch.randn(5, 2, 3))
        >>> out.shape, h_n.shape
        (torch.Size([5, 2, 4]), torch.Size([2, 2, 4]))
    """

    def __init__(self, *args, **kwargs):
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        if nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__(mode, *args, **kwargs)

    def forward(self, input, hx=None):
        """The module applied to its input(s)."""
        x, batched, (h0,) = self._prepare(input, hx)
        out, h_n, _ = self._run(x, h0, None)
        return self._finish(out, batched), (h_n if batched else h_n.squeeze(1))


class LSTM(RNNBase):
    r"""A multi-layer long short-term memory RNN: per step ``i, f, g, o`` from
    ``x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh`` (in that order), ``c_t = σ(f) c_{t-1} +
    σ(i) tanh(g)``, ``h_t = σ(o) tanh(c_t)``. Returns ``(output, (h_n, c_n))``.

    Example::

        >>> lstm = nn.LSTM(3, 4, batch_first=True)
        >>> out, (h_n, c_n) = lstm(torch.randn(2, 5, 3))
        >>> out.shape, h_n.shape, c_n.shape
        (torch.Size([2, 5, 4]), torch.Size([1, 2, 4]), torch.Size([1, 2, 4]))
    """

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input, hx=None):
        """The module applied to its input(s)."""
        if hx is not None and not (isinstance(hx, tuple) and len(hx) == 2):
            raise RuntimeError("LSTM: Expected hx to be a tuple (h_0, c_0)")
        x, batched, states = self._prepare(input, hx if hx is not None else (None, None))
        out, h_n, c_n = self._run(x, states[0], states[1])
        if not batched:
            h_n, c_n = h_n.squeeze(1), c_n.squeeze(1)
        return self._finish(out, batched), (h_n, c_n)


class GRU(RNNBase):
    r"""A multi-layer gated recurrent unit RNN: per step ``r = σ(...)``, ``z = σ(...)``,
    ``n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))``, ``h_t = (1 - z) n + z h_{t-1}``.

    Example::

        >>> gru = nn.GRU(3, 4, bidirectional=True)
        >>> out, h_n = gru(torch.randn(5, 2, 3))
        >>> out.shape, h_n.shape
        (torch.Size([5, 2, 8]), torch.Size([2, 2, 4]))
    """

    def __init__(self, *args, **kwargs):
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input, hx=None):
        """The module applied to its input(s)."""
        x, batched, (h0,) = self._prepare(input, hx)
        out, h_n, _ = self._run(x, h0, None)
        return self._finish(out, batched), (h_n if batched else h_n.squeeze(1))


class RNNCellBase(Module):
    """The parameters shared by the cells.

    Example::

        >>> nn.RNNCellBase(3, 4, True, num_chunks=4).weight_hh.shape
        torch.Size([16, 4])
    """

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_empty(num_chunks * hidden_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(_empty(num_chunks * hidden_size, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(_empty(num_chunks * hidden_size, dtype=dtype))
            self.bias_hh = Parameter(_empty(num_chunks * hidden_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Every weight and bias uniform in ``±1/sqrt(hidden_size)``, in registration order."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        """The arguments shown in the repr."""
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _state(self, input, hx, name, label=0):
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if input.shape[1] != self.input_size:
            raise RuntimeError(
                f"input has inconsistent input_size: got {input.shape[1]} expected {self.input_size}"
            )
        if hx is None:
            return input, batched, input.new_zeros(input.shape[0], self.hidden_size)
        return input, batched, self._hidden(input, hx if batched else hx.unsqueeze(0), label)

    def _hidden(self, input, h, label):
        """PyTorch's checks of a (batched) hidden state against the (batched) input."""
        if h.dim() != 2:
            raise RuntimeError(f"Expected 2D hidden{label} (batch x hidden_size), but got {h.dim()}D tensor")
        if h.shape[0] != input.shape[0]:
            raise RuntimeError(
                f"Input batch size {input.shape[0]} doesn't match hidden{label} batch size {h.shape[0]}"
            )
        if h.shape[1] != self.hidden_size:
            raise RuntimeError(
                f"hidden{label} has inconsistent hidden_size: got {h.shape[1]}, expected {self.hidden_size}"
            )
        return h


class RNNCell(RNNCellBase):
    r"""One step of an Elman RNN: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Example::

        >>> nn.RNNCell(3, 4)(torch.randn(2, 3)).shape
        torch.Size([2, 4])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        super().__init__(input_size, hidden_size, bias, num_chunks=1, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        """The module applied to its input(s)."""
        x, batched, h = self._state(input, hx, "RNNCell")
        mode = "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU"
        h = _rnn_step(mode, F.linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh, self.bias_hh)
        return h if batched else h.squeeze(0)


class LSTMCell(RNNCellBase):
    r"""One step of an LSTM; returns ``(h', c')``.

    Example::

        >>> h, c = nn.LSTMCell(3, 4)(torch.randn(2, 3))
        >>> h.shape, c.shape
        (torch.Size([2, 4]), torch.Size([2, 4]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, dtype=dtype)

    def forward(self, input, hx=None):
        """The module applied to its input(s)."""
        if hx is None:
            x, batched, h = self._state(input, None, "LSTMCell")
            c = h
        else:
            x, batched, h = self._state(input, hx[0], "LSTMCell")
            c = self._hidden(x, hx[1] if batched else hx[1].unsqueeze(0), 1)
        h, c = _lstm_step(F.linear(x, self.weight_ih, self.bias_ih), h, c, self.weight_hh, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    r"""One step of a GRU.

    Example::

        >>> nn.GRUCell(3, 4)(torch.randn(3)).shape
        torch.Size([4])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, dtype=dtype)

    def forward(self, input, hx=None):
        """The module applied to its input(s)."""
        x, batched, h = self._state(input, hx, "GRUCell")
        h = _gru_step(F.linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh, self.bias_hh)
        return h if batched else h.squeeze(0)
