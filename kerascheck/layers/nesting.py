"""Layers that take another layer as an argument: the inner layer goes through the registry.

``Bidirectional(LSTM(8))``, ``TimeDistributed(Conv2D(...))`` and
``SpectralNormalization(Dense(4))`` receive the inner layer as an
interpreter's :class:`LayerCall`; its shape and weights are inferred
exactly as if it were a layer of the model.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from .. import dims
from ..interpreter.objects import LayerCall
from .registry import Args, Inference, Undetermined, lookup


def inner_spec(value: Any, outer: str, generation: Optional[int] = None) -> tuple:
    """(call, spec) of the layer an outer layer wraps, or Undetermined (also when
    Keras ``generation`` has no such class)."""
    spec = lookup(value.type_name, generation) if isinstance(value, LayerCall) and value.known else None
    if spec is None:
        shown = value.type_name if isinstance(value, LayerCall) else "its argument"
        raise Undetermined(f"{outer} wraps {shown}, which is not a layer kerascheck knows")
    return value, spec


def bind_inner(outer: Args, value: Any) -> tuple:
    """(call, spec, arguments) of the wrapped layer, bound as the model's own layers are."""
    from ..interpreter.models import bind_arguments  # the interpreter imports the catalogue

    call, spec = inner_spec(value, outer.layer, outer.keras_generation)
    return call, spec, bind_arguments(spec, call, outer.keras_generation)


def apply_inner(outer: Args, value: Any, shape: tuple) -> Inference:
    """The wrapped layer's inference on ``shape``, its rank checked as Keras checks it."""
    call, spec, args = bind_inner(outer, value)
    spec.check_rank(shape)
    inferred = spec.infer(args, shape)
    if getattr(call, "trainable", True) is False:  # ``inner.trainable = False``
        return dataclasses.replace(inferred, trainable=0, non_trainable=dims.add(inferred.trainable, inferred.non_trainable))
    return inferred
