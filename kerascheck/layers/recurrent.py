"""Recurrent layers: SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D, and RNN over built-in cells.

A recurrent layer in a Sequential model must return one tensor:
``return_state=True`` makes it return several, which Keras cannot chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import dims
from ..interpreter.objects import LayerCall
from ..dims import Dim
from .geometry import AXES, BAD_RANK, defined_last_axis, join_channels, padding_of, window_output
from .registry import Args, Inference, InferFn, ShapeError, Undetermined, layer

_RNN_KEYWORDS = (
    "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
    "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
)
_KERAS1_POSITIONAL = ("units", "kernel_initializer", "recurrent_initializer", "activation")


def sequence_output(args: Args, x: tuple, step: tuple, states: int = 1) -> Any:
    """(batch, timesteps, *step) with ``return_sequences``, else (batch, *step);
    with ``return_state``, a list: that output, then one (batch, *step) per state."""
    out = (x[0], x[1], *step) if args.flag("return_sequences", False) else (x[0], *step)
    if args.flag("return_state", False):
        return [out, *[(x[0], *step)] * states]
    return out


def gru_biases(args: Args) -> int:
    """Bias vectors per gate: two when ``reset_after`` (Keras 3 and tf.keras 2 default), else one.

    A file written for Keras 1 (``keras_generation`` 1) gets Keras 1's GRU,
    which had no ``reset_after`` and one bias per gate.
    """
    if not args.flag("use_bias", True):
        return 0
    return 2 if args.flag("reset_after", args.keras_generation >= 2) else 1


@dataclass(frozen=True)
class Cell:
    """A recurrent cell: ``gates`` weight blocks of (features + units + biases) x units."""

    gates: int
    biases: Any  # Args -> int
    states: int = 1  # state tensors it carries (an LSTM: h and c)

    def weights(self, args: Args, features: Dim) -> Dim:
        units = args.dim("units")
        per_gate = dims.mul(units, dims.add(dims.add(features, units), self.biases(args)))
        return dims.mul(self.gates, per_gate)


def _one_bias(args: Args) -> int:
    return 1 if args.flag("use_bias", True) else 0


SIMPLE, LONG_SHORT, GATED = Cell(1, _one_bias), Cell(4, _one_bias, states=2), Cell(3, gru_biases)

#: Keras' built-in cells, for ``RNN(cell)``.
CELLS = {"SimpleRNNCell": SIMPLE, "LSTMCell": LONG_SHORT, "GRUCell": GATED}


def recurrent(name: str, cell: Cell, extra_keywords: tuple = ()) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        defined_last_axis(name, x)
        return Inference(sequence_output(args, x, (args.dim("units"),), cell.states), cell.weights(args, x[-1]))

    layer(name, "recurrent", ("units",), (*_RNN_KEYWORDS, *extra_keywords),
          legacy_positional=_KERAS1_POSITIONAL, rank=3, axes="(batch, timesteps, features)")(infer)
    return infer


simple_rnn = recurrent("SimpleRNN", SIMPLE)
lstm = recurrent("LSTM", LONG_SHORT, ("recurrent_activation", "unit_forget_bias", "use_cudnn"))
gru = recurrent("GRU", GATED, ("recurrent_activation", "reset_after", "use_cudnn"))


def _cell_args(call: Any, outer: Args) -> Args:
    """A cell's arguments (cells have no legacy spellings: positional ``units`` first)."""
    values = dict(zip(("units",), call.args))
    values.update(call.kwargs)
    return Args(call.type_name, values, data_format=outer.data_format, keras_generation=outer.keras_generation)


def _cells(value: Any) -> list:
    """The cells of ``RNN(cell)``: one cell, a list, or ``StackedRNNCells([...])``."""
    if isinstance(value, LayerCall) and value.type_name == "StackedRNNCells":
        value = value.args[0] if value.args else value.keyword("cells")
    items = value if isinstance(value, (list, tuple)) else [value]
    if not items or not all(isinstance(item, LayerCall) and item.type_name in CELLS for item in items):
        raise Undetermined("the RNN's cell is not one of Keras' built-in cells")
    return items


@layer("RNN", "recurrent", ("cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask"),
       rank=3, axes="(batch, timesteps, features)", needs="a built-in cell (SimpleRNNCell, LSTMCell, GRUCell, or a list of them)")
def rnn(args: Args, x: tuple) -> Inference:
    """Stacked cells feed each one's units to the next; the last one's units come out."""
    features, total, states = x[-1], 0, []
    for call in _cells(args.raw("cell")):
        cell_args = _cell_args(call, args)
        total = dims.add(total, CELLS[call.type_name].weights(cell_args, features))
        features = cell_args.dim("units")
        states += [(x[0], features)] * CELLS[call.type_name].states
    output = sequence_output(args, x, (features,))
    return Inference([output[0], *states] if isinstance(output, list) else output, total)


_CONV_LSTM_POSITIONAL = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate")


def conv_lstm(name: str, rank: int) -> InferFn:
    """An LSTM whose four gates are convolutions of the input and of the state."""

    def infer(args: Args, x: tuple) -> Inference:
        first = args.channels_first()
        spatial, channels = (x[3:], x[2]) if first else (x[2:-1], x[-1])
        if any(n is None for n in spatial):
            raise ShapeError(BAD_RANK, f"{name}: the spatial sizes of the input must be known, got {spatial}")
        kernel = args.dims("kernel_size", rank)
        out = window_output(name, spatial, kernel, args.dims("strides", rank, 1), padding_of(args), args.dims("dilation_rate", rank, 1))
        filters = args.dim("filters")
        size = dims.product(kernel)
        weights = dims.mul(dims.mul(4, filters), dims.add(dims.mul(size, channels), dims.mul(size, filters)))
        bias = dims.mul(4, filters) if args.flag("use_bias", True) else 0
        return Inference(sequence_output(args, x, join_channels(None, out, filters, first)[1:], states=2), dims.add(weights, bias))

    layer(name, "recurrent", _CONV_LSTM_POSITIONAL, rank=rank + 3,
          axes=AXES[rank].replace("(batch, ", "(batch, timesteps, "))(infer)
    return infer


conv_lstm1d = conv_lstm("ConvLSTM1D", 1)
conv_lstm2d = conv_lstm("ConvLSTM2D", 2)
conv_lstm3d = conv_lstm("ConvLSTM3D", 3)
