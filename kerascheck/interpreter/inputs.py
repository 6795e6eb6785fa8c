"""How a model's first layer declares the model's input, as each Keras reads it.

Keras 1 and 2 let any first layer say its input (``input_shape=``,
``input_dim=``, ``batch_input_shape=``, ``input_length=``); Keras 3 keeps
``input_shape``/``input_dim`` with a warning and ignores ``input_length``. The
same keyword can also be a layer's own argument: ``Embedding``'s ``input_dim``
is its vocabulary size, never an input declaration. And a recurrent layer
given ``input_dim`` in Keras 2 reads (timesteps, features) with any number of
timesteps, where Keras 3 makes it a 2D input.
"""

from __future__ import annotations

from typing import Any, Optional

from .objects import LayerCall
from ..dims import symbol
from ..layers.registry import LayerSpec, lookup
from .values import Opaque

#: Keywords by which a first layer may declare its model's input (all eras).
INPUT_KEYWORDS = ("input_shape", "input_dim", "batch_input_shape", "input_length")

#: Layer groups whose ``input_dim`` means features per timestep in Keras 1 and 2.
_SEQUENCE_GROUPS = frozenset({"recurrent"})


def input_keywords(call: Any, generation: int) -> tuple:
    """The keywords by which ``call`` declares its model's input, under the file's Keras."""
    if not isinstance(call, LayerCall):
        return ()
    spec = lookup(call.type_name) if call.known else None
    own = spec.keywords if spec is not None else frozenset()
    found = []
    for key in INPUT_KEYWORDS:
        if call.keyword(key) is None:
            continue
        if key == "input_dim" and key in own:
            continue  # the layer's own argument (Embedding's vocabulary size)
        if key == "input_length" and (generation >= 3 or call.keyword("input_dim") is not None and "input_dim" not in own):
            continue  # Keras 3 ignores it; with input_dim it is part of that declaration
        found.append(key)
    return tuple(found)


def declares_input(call: Any, generation: int) -> bool:
    return bool(input_keywords(call, generation))


def declared_input(call: LayerCall, generation: int) -> Any:
    """The input shape a first layer declares, batch axis included; None when not static."""
    keys = input_keywords(call, generation)
    batch_shape = call.keyword("batch_input_shape")
    if "batch_input_shape" in keys and isinstance(batch_shape, (tuple, list)):
        return tuple(batch_shape)
    batch = call.keyword("batch_size")
    batch = batch if isinstance(batch, int) and not isinstance(batch, bool) else None
    shape = call.keyword("input_shape")
    if isinstance(shape, (tuple, list)):
        return (batch, *shape)
    if isinstance(shape, Opaque):
        return _unpacked(shape, batch, lookup(call.type_name) if call.known else None)
    length = call.keyword("input_length") if generation <= 2 else None
    if "input_dim" in keys:
        spec = lookup(call.type_name) if call.known else None
        sequence = generation <= 2 and spec is not None and spec.group in _SEQUENCE_GROUPS
        dim = call.keyword("input_dim")
        return (batch, length, dim) if sequence or length is not None else (batch, dim)
    if "input_length" in keys:
        return (batch, length)
    return None


def _unpacked(value: Opaque, batch: Any, spec: Optional[LayerSpec]) -> Any:
    """``input_shape=input_shape`` from a parameter: one symbol per axis when
    the layer fixes the rank (a Conv2D input is always (rows, cols, channels))."""
    if spec is None or spec.rank is None:
        return None
    return (batch, *(symbol(f"{value.text}[{axis}]") for axis in range(spec.rank - 1)))
