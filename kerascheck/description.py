"""What extraction finds in a file: models and the layer calls they are built from.

These frozen records are the boundary between reading source (``extract``)
and predicting shapes (``inference``). They keep the libcst node of each call
only so that a source position can be computed when, and if, it is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst


@dataclass(frozen=True, eq=False)
class LayerCall:
    """``Conv2D(32, (3, 3), activation='relu')`` as written, arguments folded."""

    type_name: str  # canonical Keras class name, or the written name if unknown
    written: str  # the callee's last name as written (``Convolution2D``)
    name: str  # Keras' layer name, explicit or generated
    args: tuple  # folded positional arguments
    kwargs: tuple  # folded keyword arguments, as (keyword, value) pairs
    node: cst.Call = field(repr=False)
    known: bool = True  # False for custom or unrecognised layers
    legacy: bool = False  # written in the Keras 1 style (``Convolution2D(32, 5, 5)``)
    trainable: bool = True  # False after ``layer.trainable = False`` (or ``trainable=False``)

    def keyword(self, name: str, default: Any = None) -> Any:
        for key, value in self.kwargs:
            if key == name:
                return value
        return default


@dataclass(frozen=True, eq=False)
class InputCall:
    """``keras.Input(shape=...)`` or ``InputLayer(...)``: a model's declared input."""

    shape: Optional[tuple]  # including the batch axis; None when not static
    node: cst.Call = field(repr=False)
    name: str = "input_layer"


@dataclass(frozen=True, eq=False)
class MethodCall:
    """``model.compile(...)`` or ``model.fit(...)``, arguments folded."""

    method: str
    args: tuple
    kwargs: tuple  # (keyword, value) pairs
    node: cst.Call = field(repr=False)

    def keyword(self, name: str, default: Any = None) -> Any:
        for key, value in self.kwargs:
            if key == name:
                return value
        return default


@dataclass(frozen=True, eq=False)
class ModelCall:
    """A Sequential model and the layers added to it, in order."""

    kind: str
    name: str
    node: cst.Call = field(repr=False)
    layers: tuple = ()  # LayerCall | InputCall | ModelCall
    #: Calls made on the model after it is built, in order (compile, fit...).
    methods: tuple = ()  # MethodCall
    trainable: bool = True  # ``model.trainable = False`` was seen


def snake_case(class_name: str) -> str:
    """Keras' ``to_snake_case``: ``MaxPooling2D`` -> ``max_pooling2d``."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


class NameCounter:
    """Keras' automatic names: one counter per base name for the whole file."""

    def __init__(self) -> None:
        self.counts: dict = {}

    def next(self, class_name: str) -> str:
        base = snake_case(class_name)
        count = self.counts.get(base, 0)
        self.counts[base] = count + 1
        return base if count == 0 else f"{base}_{count}"
