"""Recurrent layers: SimpleRNN, LSTM, GRU over (batch, timesteps, features)."""

from __future__ import annotations

from .. import dims
from .registry import Args, Inference, InferFn, layer

_RNN_KEYWORDS = (
    "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
    "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
)
_KERAS1_POSITIONAL = ("units", "kernel_initializer", "recurrent_initializer", "activation")


def recurrent(name: str, gates: int, extra_keywords: tuple = ()) -> InferFn:
    """An RNN with ``gates`` weight blocks of (input + units + bias) x units."""

    def infer(args: Args, x: tuple) -> Inference:
        units = args.dim("units")
        biases = 1 if args.flag("use_bias", True) else 0
        if name == "GRU" and biases and args.flag("reset_after", args.keras_generation >= 2):
            biases = 2  # separate input and recurrent biases
        per_gate = dims.mul(units, dims.add(dims.add(x[-1], units), biases))
        shape = (x[0], x[1], units) if args.flag("return_sequences", False) else (x[0], units)
        return Inference(shape, dims.mul(gates, per_gate))

    layer(name, "recurrent", ("units",), (*_RNN_KEYWORDS, *extra_keywords),
          legacy_positional=_KERAS1_POSITIONAL, rank=3, axes="(batch, timesteps, features)")(infer)
    return infer


simple_rnn = recurrent("SimpleRNN", 1)
lstm = recurrent("LSTM", 4, ("recurrent_activation", "unit_forget_bias", "use_cudnn"))
gru = recurrent("GRU", 3, ("recurrent_activation", "reset_after", "use_cudnn"))
