"""What Keras calls build, as the interpreter's objects: layers, inputs,
models, tensor operations and each call of a layer on tensors.

Frozen records where they can be (a Sequential grows with ``model.add`` until
the file has been read). They keep the libcst node of each call only so that a
source position can be computed when, and if, it is reported; every result is
linked to the call that produced it (:attr:`Application.result`), never joined
by position afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst

from .values import MISSING


@dataclass(frozen=True, eq=False)
class LayerCall:
    """``Conv2D(32, (3, 3), activation='relu')`` as written, arguments folded."""

    type_name: str  # canonical Keras class name, or the written name if unknown
    written: str  # the callee's last name as written (``Convolution2D``); empty when no class is known
    name: str  # Keras' layer name, explicit or generated
    args: tuple  # folded positional arguments
    kwargs: tuple  # folded keyword arguments, as (keyword, value) pairs
    node: cst.Call = field(repr=False)
    known: bool = True  # False for custom or unrecognised layers
    legacy: bool = False  # written in the Keras 1 style (``Convolution2D(32, 5, 5)``)
    #: The global image data format when the layer was created (Keras reads it then).
    data_format: str = "channels_last"
    #: A subclass of Keras' Layer defined in the file: its instance (classes.Instance).
    instance: Any = None

    def keyword(self, name: str, default: Any = None) -> Any:
        for key, value in self.kwargs:
            if key == name:
                return value
        return default

    def attribute(self, name: str) -> Any:
        """A layer subclass of the file answers for its attributes (``self.dense`` set in ``__init__``)."""
        return self.instance.attribute(name) if self.instance is not None else MISSING




@dataclass(frozen=True, eq=False)
class InputCall:
    """``keras.Input(shape=...)`` or ``InputLayer(...)``: a model's declared input."""

    shape: Optional[tuple]  # including the batch axis; None when not static
    node: cst.Call = field(repr=False)
    name: str = "input_layer"


@dataclass(frozen=True, eq=False)
class OperationCall:
    """A tensor operation in a functional graph (``x * y``, ``keras.ops.mean(x)``):
    a node with no weights, named from the layers' counter, as Keras 3 does."""

    type_name: str  # the Keras 3 operation class (``Multiply``, ``GetItem``)
    name: str
    node: cst.CSTNode = field(repr=False)


@dataclass(frozen=True, eq=False)
class Application:
    """One call of a layer (or a model) on tensors: what Keras calls a node."""

    layer: Any  # LayerCall | ModelCall
    inputs: Any  # Tensor, a list/tuple of them, or Opaque when not known
    node: cst.Call = field(repr=False)
    node_index: int = 0  # this call's index among the layer's calls (Keras' node index)
    #: What the call computed (a LayerResult), at the moment the source makes it.
    result: Any = None
    #: Other tensors the call reads (``initial_state=[h, c]``): graph edges, not shape inputs.
    extra_inputs: tuple = ()


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


@dataclass(eq=False)
class ModelCall:
    """A model: a Sequential and its layers, or a functional graph.

    The walk builds a Sequential incrementally (``model.add``) and may flag it
    untrainable later, so this record is mutable during interpretation;
    :meth:`seal` turns its lists into tuples once the file has been read.
    """

    kind: str  # "Sequential" | "Functional"
    name: str
    node: cst.Call = field(repr=False)
    layers: Any = ()  # Sequential: LayerCall | InputCall | ModelCall | Branch, in order
    #: Calls made on the model, in order (compile, fit...).
    methods: Any = ()  # MethodCall
    trainable: bool = True  # False after ``model.trainable = False``
    #: Functional models: input and output tensors, as given to ``Model(...)``.
    inputs: tuple = ()  # Tensor | Opaque
    outputs: tuple = ()  # Tensor | Opaque
    #: Notes from the interpreter (parameters analysed as symbols...).
    notes: Any = ()
    #: Made while ``symbolic()`` was analysed with its parameters as symbols (empty: a concrete run).
    symbolic: str = ""
    #: A Sequential's layers made elsewhere: id(layer) -> the ``add``/``Sequential`` call that
    #: put it in the model, where Keras builds it (and raises).
    origins: dict = field(default_factory=dict)
    #: ``model.build(shape)``: the input shape (batch axis included) a Sequential was built with.
    built_shape: Any = None
    #: Started by ``model.add(...)`` on a name the file never assigns: made elsewhere, maybe
    #: with layers (and an input) of its own before the ones the file adds.
    started_unassigned: bool = False

    def seal(self) -> "ModelCall":
        self.layers, self.methods, self.notes = tuple(self.layers), tuple(self.methods), tuple(self.notes)
        return self


@dataclass(frozen=True, eq=False)
class Branch:
    """Layers added under an ``if`` not decided statically: one list per path."""

    condition: str  # source text of the condition
    line_node: cst.CSTNode = field(repr=False)
    paths: tuple  # (layers if true, layers if false)


def snake_case(class_name: str) -> str:
    """Keras' ``to_snake_case``: ``MaxPooling2D`` -> ``max_pooling2d``."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


class NameCounter:
    """Keras' automatic names: one counter per base name for the whole file.

    The generations differ where models and inputs are concerned: Keras 3
    names inputs ``input_layer``, functional models ``functional``, and a
    Sequential that gets an input builds a ``Functional`` (taking a name)
    each time it changes; tf.keras 2 names inputs ``input_1``, ``input_2``
    (counted from one), functional models ``model``, and builds nothing named.
    """

    def __init__(self, generation: int = 3) -> None:
        self.counts: dict = {}
        self.keras3 = generation >= 3

    def next(self, class_name: str) -> str:
        return self.unique(snake_case(class_name))

    def unique(self, base: str) -> str:
        """``base``, then ``base_1``, ``base_2``... (tf.keras 2's ``tf.math.multiply_1`` too)."""
        count = self.counts.get(base, 0)
        self.counts[base] = count + 1
        return base if count == 0 else f"{base}_{count}"

    def input(self) -> str:
        """An ``Input()`` or ``InputLayer()`` without a name."""
        if self.keras3:
            return self.next("InputLayer")
        count = self.counts.get("input", 0) + 1
        self.counts["input"] = count
        return f"input_{count}"

    def functional(self) -> str:
        """``Model(inputs, outputs)`` without a name."""
        return self.next("Functional" if self.keras3 else "Model")

    def sequential_built(self, with_input_layer: bool) -> None:
        """A Sequential built (Keras 3 makes an InputLayer, when it has none, and a Functional)."""
        if self.keras3:
            if with_input_layer:
                self.next("InputLayer")
            self.next("Functional")

    def implicit_input(self) -> None:
        """``input_shape=`` on a Sequential's first layer: Keras 3 makes a named InputLayer."""
        if self.keras3:
            self.next("InputLayer")
