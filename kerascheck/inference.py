"""Shape inference over a Sequential model: each layer's output and weights.

Layers are applied in order to the model's input shape. A layer kerascheck
does not know, or whose arguments are not static, makes the shape unknown from
there on (with a note), and nothing downstream is reported: findings are only
made on facts.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import libcst as cst

from .description import InputCall, LayerCall, ModelCall
from . import dims
from .dims import format_dim, symbol
from .layers.geometry import rank_error
from .layers.registry import LEGACY_RENAMES, Args, LayerSpec, ShapeError, Undetermined, as_dim, lookup
from .results import LayerResult, ModelResult, Shape, Span
from .rules import severity
from .values import Opaque

Locate = Callable[[cst.CSTNode], Span]
Finding = tuple  # (code, message, node)

#: Keras 1 ``dim_ordering`` values and their Keras 2+ ``data_format`` names.
_DIM_ORDERING = {"th": "channels_first", "tf": "channels_last", "default": None}


def bind_arguments(spec: LayerSpec, call: LayerCall, data_format: str, keras1: bool) -> Args:
    """Map a call's positional and legacy keyword arguments to Keras 3 names."""
    positional = spec.positional
    if call.legacy and spec.legacy_positional and _looks_keras1(call):
        positional = spec.legacy_positional
    values: dict = dict(zip(positional, call.args))
    for keyword, value in call.kwargs:
        modern = LEGACY_RENAMES.get(keyword, keyword) if not spec.accepts(keyword) else keyword
        if modern == "data_format" and isinstance(value, str):
            value = _DIM_ORDERING.get(value, value)
        values[modern] = value
    if "data_format" in values and values["data_format"] is None:
        del values["data_format"]
    return Args(spec.name, values, data_format=data_format, keras_generation=1 if keras1 else 3)


def _looks_keras1(call: LayerCall) -> bool:
    """``Convolution2D(32, 5, 5)``: a bare number where Keras 2+ puts a tuple or a keyword."""
    return len(call.args) >= 2 and not isinstance(call.args[1], (tuple, list))


def declared_input(call: LayerCall) -> Shape:
    """The input shape a first layer declares, batch axis included."""
    batch_shape = call.keyword("batch_input_shape")
    if isinstance(batch_shape, (tuple, list)):
        return tuple(batch_shape)
    batch = call.keyword("batch_size")
    batch = batch if isinstance(batch, int) else None
    shape = call.keyword("input_shape")
    if isinstance(shape, (tuple, list)):
        return (batch, *shape)
    if isinstance(shape, Opaque):
        return _unpacked(shape, batch, lookup(call.type_name) if call.known else None)
    input_dim = call.keyword("input_dim")
    length = call.keyword("input_length")
    if input_dim is not None:
        return (batch, input_dim) if length is None else (batch, length, input_dim)
    if length is not None and call.type_name == "Embedding":
        return (batch, length)
    return None


def _unpacked(value: Opaque, batch: Any, spec: Optional[LayerSpec]) -> Shape:
    """``input_shape=input_shape`` from a parameter: one symbol per axis when
    the layer fixes the rank (a Conv2D input is always (rows, cols, channels))."""
    if spec is None or spec.rank is None:
        return None
    return (batch, *(symbol(f"{value.text}[{axis}]") for axis in range(spec.rank - 1)))


def _declares_input(call: LayerCall) -> bool:
    return any(call.keyword(key) is not None for key in ("input_shape", "input_dim", "batch_input_shape", "input_length"))


def _as_shape(shape: Any) -> Shape:
    if shape is None:
        return None
    try:
        return tuple(as_dim(d) for d in shape)
    except Undetermined:
        return None


class ModelInference:
    """Runs one model's layers; collects results and findings."""

    def __init__(self, locate: Locate, data_format: str = "channels_last", keras1: bool = False) -> None:
        self.locate = locate
        self.data_format = data_format
        self.keras1 = keras1
        self.findings: list = []
        self.model_input: Shape = None

    def model(self, model: ModelCall, input_shape: Shape = None, declared: bool = False) -> ModelResult:
        layers = list(model.layers)
        notes = []
        if layers and isinstance(layers[0], InputCall):
            input_shape, declared = _as_shape(layers[0].shape), True
            if input_shape is None:
                notes.append("the input shape is not known statically")
        elif layers and isinstance(layers[0], LayerCall) and _declares_input(layers[0]):
            input_shape, declared = _as_shape(declared_input(layers[0])), True
            if input_shape is None:
                notes.append(f"the input shape of {layers[0].name} is not known statically")
        if not declared and input_shape is None:
            notes.append("the model declares no input shape, so its shapes cannot be predicted")
        shape = input_shape
        self.model_input = input_shape
        results = []
        for item in layers:
            if isinstance(item, InputCall):
                continue
            result = self.model_as_layer(item, shape) if isinstance(item, ModelCall) else self.layer(item, shape)
            results.append(result)
            shape = result.output_shape
            if result.note:
                notes.append(f"{result.name}: {result.note}")
        return ModelResult(model.name, model.kind, self.locate(model.node), tuple(results), input_shape, tuple(notes))

    def model_as_layer(self, model: ModelCall, shape: Shape) -> LayerResult:
        inner = self.model(model, shape, declared=shape is not None)
        last = inner.layers[-1].output_shape if inner.layers else shape
        return LayerResult(
            inner.name, inner.type, inner.span, shape, last, inner.trainable_params, inner.non_trainable_params
        )

    def layer(self, call: LayerCall, shape: Shape) -> LayerResult:
        span = self.locate(call.node)
        spec = lookup(call.type_name) if call.known else None
        if spec is None:
            note = f"{call.type_name} is not a layer kerascheck knows; shapes after it are unknown"
            return LayerResult(call.name, call.type_name, span, shape, None, None, None, note=note)
        if shape is None:
            return LayerResult(call.name, spec.name, span, None, None, None, None)
        try:
            self.check_rank(spec, shape)
            args = bind_arguments(spec, call, self.data_format, self.keras1)
            inferred = spec.infer(args, shape)
        except ShapeError as error:
            self.findings.append((error.code, self.explain(error), call.node))
            return LayerResult(call.name, spec.name, span, shape, None, None, None, note="invalid: " + error.message)
        except Undetermined as unknown:
            return LayerResult(call.name, spec.name, span, shape, None, None, None, note=str(unknown))
        for code, message in inferred.findings:
            self.findings.append((code, message, call.node))
        trainable, frozen = inferred.trainable, inferred.non_trainable
        if not call.trainable:  # ``layer.trainable = False``: every weight is frozen
            trainable, frozen = 0, dims.add(trainable, frozen)
        return LayerResult(call.name, spec.name, span, shape, inferred.shape, trainable, frozen, inferred.formula)

    def check_rank(self, spec: LayerSpec, shape: tuple) -> None:
        if spec.rank is not None and len(shape) != spec.rank:
            raise rank_error(spec.name, f"a {spec.rank}D input {spec.axes}".rstrip(), shape)
        if len(shape) < spec.min_rank:
            raise rank_error(spec.name, f"an input of rank {spec.min_rank} or more", shape)

    def explain(self, error: ShapeError) -> str:
        """Add the classic cause of a negative size: a channels-first input."""
        model_input = self.model_input
        if error.code == "KC101" and self.data_format == "channels_last" and model_input and _looks_channels_first(model_input):
            return error.message + (
                f"; the model's input {_shape_text(model_input)} looks channels-first (channels on axis 1) "
                "but the layers read channels_last"
            )
        return error.message


def _looks_channels_first(shape: tuple) -> bool:
    if len(shape) < 4:
        return False
    channels_axis, last = shape[1], shape[-1]
    return isinstance(channels_axis, int) and channels_axis in (1, 3, 4) and (
        not isinstance(last, int) or last > channels_axis
    )


def _shape_text(shape: tuple) -> str:
    return "(" + ", ".join(format_dim(d) for d in shape) + ")"


def infer_models(models: tuple, locate: Locate, data_format: str, keras1: bool) -> tuple:
    """(model results, findings as (code, severity, message, node))."""
    runner = ModelInference(locate, data_format, keras1)
    results = tuple(runner.model(model) for model in models)
    findings = tuple((code, severity(code), message, node) for code, message, node in runner.findings)
    return results, findings

