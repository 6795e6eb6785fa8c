"""Layer calls against the catalogue, and each model's summary.

:meth:`ModelResults.call` computes one call's result (output shape, weights,
findings) when the interpreter meets it, from the catalogue entry
(``kerascheck/layers``) and the input tensors' shapes. At the end of the file,
:meth:`ModelResults.model` gives each model's summary: a Sequential applies its
layers in order to its input (layers added under an undecided ``if`` are
followed on both paths; a finding made on every path is reported as it is, one
made on some paths only becomes a warning that says so); a functional model
lists the calls of its graph (ordered by :mod:`.graph`) with what each computed.
Trainability is judged here once, as of the file's end. A layer kerascheck does
not know makes the shape unknown from there on, with a note, and nothing
downstream is reported: findings are only made on facts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Optional

import libcst as cst

from .. import dims
from .objects import Application, Branch, InputCall, LayerCall, ModelCall
from .values import Tensor, detached
from ..dims import format_shape
from .library.keras import KERAS1_MERGE_MODES
from .library.masks import TABLES, mask_shape, masked_result, output_mask, refusal
from .inputs import declared_input, declares_input
from .library.datasets import ArrayValue
from .graph import connections, map_graph
from ..layers.geometry import BAD_RANK
from ..layers.registry import LEGACY_RENAMES, Args, LayerSpec, ShapeError, Undetermined, as_shape, lookup
from ..costs import layer_flops
from ..results import LayerResult, ModelResult, Shape, Span
from ..rules import severity

Locate = Callable[[cst.CSTNode], Span]

#: Keras 1 ``dim_ordering`` values and their Keras 2+ ``data_format`` names.
_DIM_ORDERING = {"th": "channels_first", "tf": "channels_last", "default": None}

#: Paths followed through undecided branches of one model before giving up.
MAX_PATHS = 32


def bind_arguments(spec: LayerSpec, call: LayerCall, generation: int) -> Args:
    """Map a call's positional and legacy keyword arguments to Keras 3 names
    (positional arguments as the file's Keras reads them: ``Convolution2D(32, 5, 5)``
    is 5x5 in Keras 1, strides 5 in Keras 2)."""
    positional = spec.positional
    if generation == 1 and spec.legacy_positional and _looks_keras1(call):
        positional = spec.legacy_positional
    values: dict = dict(zip(positional, call.args))
    unpacked = [keyword for keyword, _ in call.kwargs if keyword in ("*", "**")]
    if unpacked:  # ``Conv2D(**cfg)`` with ``cfg`` unknown: any argument may be in it
        raise Undetermined(f"`{unpacked[0]}` unpacks arguments that are not known statically")
    for keyword, value in call.kwargs:
        modern = LEGACY_RENAMES.get(keyword, keyword) if not spec.accepts(keyword) else keyword
        if modern == "data_format" and isinstance(value, str):
            value = _DIM_ORDERING.get(value, value)
        values[modern] = value
    if "data_format" in values and values["data_format"] is None:
        del values["data_format"]
    return Args(spec.name, values, data_format=call.data_format, keras_generation=generation)


#: Characters of one argument's text, and of all of them, at most (a source can be hostile).
_ARGUMENT_CHARS, _ARGUMENTS_CHARS = 60, 300


def arguments_text(values: dict) -> str:
    """``units=64, activation='relu'``: bound arguments as text, for ``kerascheck diff``."""
    parts = [f"{key}={_argument(value)}" for key, value in values.items() if key != "name"]
    text = ", ".join(parts)
    return text if len(text) <= _ARGUMENTS_CHARS else text[: _ARGUMENTS_CHARS - 1] + "…"


def _argument(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        text = dims.int_text(value)  # a 5,000-digit literal: no str() of it
    elif value is None or isinstance(value, (bool, float, str)):
        text = repr(value)
    elif isinstance(value, (tuple, list)):
        inner = ", ".join(_argument(item) for item in value[:8]) + (", …" if len(value) > 8 else "")
        text = f"({inner}{',' if len(value) == 1 else ''})" if isinstance(value, tuple) else f"[{inner}]"
    elif isinstance(value, LayerCall):
        text = f"{value.type_name}(…)"
    else:
        text = getattr(value, "text", None) or getattr(value, "member", None) or f"<{type(value).__name__}>"
    return text if len(text) <= _ARGUMENT_CHARS else text[: _ARGUMENT_CHARS - 1] + "…"


def _looks_keras1(call: LayerCall) -> bool:
    """``Convolution2D(32, 5, 5)``: a bare number where Keras 2+ puts a tuple or a keyword."""
    return len(call.args) >= 2 and not isinstance(call.args[1], (tuple, list))


def _looks_channels_first(shape: tuple) -> bool:
    if len(shape) < 4:
        return False
    channels_axis, last = shape[1], shape[-1]
    return isinstance(channels_axis, int) and channels_axis in (1, 3, 4) and (
        not isinstance(last, int) or last > channels_axis
    )


class ModelResults:
    """Runs models' layers; collects results and findings."""

    def __init__(
        self, locate: Locate, generation: int = 3, untrainable: frozenset = frozenset(),
        inbound: Optional[dict] = None, custom: Optional[dict] = None, costs: bool = False,
        rejected_keywords: Callable[[LayerSpec, Any], list] = lambda spec, keys: [],
    ) -> None:
        self.locate = locate
        #: (spec, keywords) -> those the file's Keras rejects in the constructor: such a layer is never created.
        self.rejected_keywords = rejected_keywords
        self.costs = costs  # compute each layer's FLOPs (summary --cost)
        self.custom = custom or {}
        self.generation = generation
        #: The masks that can make a layer of this Keras raise, followed along Sequential models (None: no such layer).
        tables = TABLES.get(generation)
        self.mask_tables = tables if tables is not None and tables.refusals else None
        self.untrainable = untrainable
        self.inbound = inbound if inbound is not None else {}
        self.findings: list = []  # (code, severity, message, node)
        self.model_input: Shape = None
        #: The interpreter's hook for layers defined by the file's own source (Layer subclasses,
        #: Lambda functions): (call, input shape) -> LayerResult, or None for other layers.
        self.source_layer: Optional[Callable[[LayerCall, Any], Optional[LayerResult]]] = None
        self.origins: dict = {}  # the Sequential being summarised: where its layers were added
        self.nesting: set = set()  # ids of the models being summarised as layers of others, innermost last
        self.paths = 0
        self.cut = False  # the model being summarised had too many undecided branches: part of it is not listed
        #: ``(code, id(node))`` -> the layer's result on the pass that made the finding (the first,
        #: as the engine keeps the first finding), with the input shapes the layer was given.
        self.passes: dict = {}

    # -- Sequential ------------------------------------------------------------

    def model(self, model: ModelCall, input_shape: Shape = None) -> ModelResult:
        if model.kind == "Functional":
            return self.functional(model)
        layers = list(model.layers)
        notes = list(model.notes)
        declared = input_shape is not None
        if layers and isinstance(layers[0], InputCall):
            input_shape, declared = as_shape(layers[0].shape), True
            if input_shape is None:
                notes.append("the input shape is not known statically")
        elif layers and _is_keras1_merge(layers[0]):
            declared = True
        elif layers and declares_input(layers[0], self.generation):
            input_shape, declared = as_shape(declared_input(layers[0], self.generation)), True
            if input_shape is None:
                notes.append(f"the input shape of {layers[0].name} is not known statically")
        if not declared:
            calls = [call for call in self.inbound.get(id(model), ()) if isinstance(call.inputs, (Tensor, ArrayValue))]
            if model.built_shape is not None:  # ``model.build((None, 13))``
                input_shape, declared = as_shape(model.built_shape), True
            elif calls:  # Keras builds it on its first call, from that tensor's (or array's) shape
                input_shape, declared = calls[0].inputs.shape, True
            else:
                notes.append("the model declares no input shape, so its shapes cannot be predicted")
        self.model_input = input_shape
        self.paths = 0
        saved_origins, self.origins = self.origins, model.origins
        saved_cut, self.cut = self.cut, False
        found = len(self.findings)
        try:
            results = self.run(layers, input_shape, notes)
            complete = not self.cut
        finally:
            self.origins, self.cut = saved_origins, saved_cut
        if model.symbolic:
            label_symbolic(self.findings, found, model.symbolic)
        result = ModelResult(
            model.name, model.kind, self.locate(model.node), tuple(results), input_shape, tuple(notes),
            symbolic=model.symbolic, complete=complete,
        )
        return result if model.trainable else _frozen_model(result)

    def run(self, items: list, shape: Shape, notes: list, mask: Any = None) -> list:
        """Layers in order from ``shape`` (whose mask is ``mask``); a Branch forks the rest of the model."""
        results = []
        for index, item in enumerate(items):
            if isinstance(item, InputCall):
                continue
            if isinstance(item, Branch):
                return results + self.branch(item, items[index + 1:], shape, notes, mask)
            result = self.sequential_item(item, shape, mask)
            results.append(result)
            if self.mask_tables is not None:
                mask = output_mask(self.mask_tables, item, detached(shape), mask, mask_shape)
            shape = result.output_shape
            if result.note:
                notes.append(f"{result.name}: {result.note}")
        return results

    def sequential_item(self, item: Any, shape: Shape, mask: Any = None) -> LayerResult:
        if isinstance(item, ModelCall):
            return self.frozen(item, self.model_as_layer(item, shape))
        if _is_keras1_merge(item):
            return self.keras1_merge(item)
        at = self.origins.get(id(item), item.node)
        refused = refusal(self.mask_tables, item, detached(shape), mask) if self.mask_tables is not None else None
        if refused:  # Keras raises while building (KC107): nothing after it is built
            self.findings.append(("KC107", severity("KC107"), refused, at))
            return LayerResult(item.name, item.type_name, self.locate(item.node), shape, None, None, None, note="invalid: " + refused)
        result = self.frozen(item, self.layer(item, shape, at))
        if self.mask_tables is not None:
            result = masked_result(self.mask_tables, item, result, mask)
        if isinstance(result.output_shape, list):
            message = (f"{result.type}: returns {len(result.output_shape)} tensors (return_state=True or merge_mode=None), "
                       "which a Sequential model cannot pass to the next layer; use the functional API")
            self.findings.append((BAD_RANK, severity(BAD_RANK), message, at))
            return replace(result, output_shape=None, note="invalid: " + message)
        return result

    def keras1_merge(self, call: LayerCall) -> LayerResult:
        """Keras 1's ``Merge([left, right], mode='concat')``: the branches' outputs, merged."""
        branches = [self.model_as_layer(model, None) for model in call.args[0]]
        mode = call.keyword("mode", "sum")
        type_name = KERAS1_MERGE_MODES.get(mode) if isinstance(mode, str) else None
        axis = call.keyword("concat_axis", -1) if type_name == "Concatenate" else call.keyword("dot_axes", -1)
        options = (("axis" if type_name == "Concatenate" else "axes", axis),) if type_name in ("Concatenate", "Dot") else ()
        merge = LayerCall(type_name or "Merge", "Merge", call.name, (), options, call.node, type_name is not None, True, call.data_format)
        shapes = [branch.output_shape for branch in branches]
        merged = self.layer(merge, shapes if type_name else None, call.node)
        weights = [branch.trainable for branch in branches] + [branch.non_trainable for branch in branches]
        known = all(weight is not None for weight in weights)
        trainable = _sum(branch.trainable for branch in branches) if known else None
        frozen = _sum(branch.non_trainable for branch in branches) if known else None
        return replace(merged, type="Merge", trainable=trainable, non_trainable=frozen)

    def branch(self, branch: Branch, rest: list, shape: Shape, notes: list, mask: Any = None) -> list:
        self.paths += len(branch.paths)
        line = self.locate(branch.line_node).line
        if self.paths > MAX_PATHS:
            notes.append(f"too many undecided branches to follow; shapes after line {line} are unknown")
            self.cut = True
            return []
        outcomes = []
        saved = self.findings
        for path in branch.paths:
            self.findings = []
            path_notes: list = []
            outcomes.append((self.run(list(path) + rest, shape, path_notes, mask), self.findings, path_notes))
        self.findings = saved
        self.merge_path_findings(branch, [found for _, found, _ in outcomes], line)
        notes.append(f"`if {branch.condition}` (line {line}) is not decided statically; the summary follows the path where it is true")
        notes.extend(outcomes[0][2])
        return outcomes[0][0]

    def merge_path_findings(self, branch: Branch, per_path: list, line: int) -> None:
        keys = [{(code, id(node)) for code, _, _, node in found} for found in per_path]
        everywhere = set.intersection(*keys)
        seen = set()
        for index, found in enumerate(per_path):
            for code, level, message, node in found:
                key = (code, id(node))
                if key in seen:
                    continue
                seen.add(key)
                if key in everywhere:
                    self.findings.append((code, level, message, node))
                else:
                    where = "true" if index == 0 else "false"
                    suffix = f" (only on the path where `{branch.condition}` at line {line} is {where})"
                    self.findings.append((code, "warning", message + suffix, node))

    def model_as_layer(self, model: ModelCall, shape: Shape) -> LayerResult:
        if id(model) in self.nesting:  # ``m2 = Sequential([m]); m.add(m2)``: Keras cannot build it either
            note = f"{model.name} contains itself; its shapes are not followed"
            return LayerResult(model.name, model.kind, self.locate(model.node), shape, None, None, None, note=note)
        saved = self.model_input
        self.nesting.add(id(model))
        try:
            inner = self.model(model, shape)
        finally:
            self.nesting.discard(id(model))
        self.model_input = saved
        last = inner.layers[-1].output_shape if inner.layers else shape
        if model.kind == "Functional":
            last = shape and self.functional_output(model, [shape])
        return LayerResult(inner.name, inner.type, inner.span, shape, last, inner.trainable_params, inner.non_trainable_params,
                           flops=inner.total_flops)

    # -- one layer ---------------------------------------------------------------

    def layer(self, call: LayerCall, shape: Any, node: cst.CSTNode) -> LayerResult:
        """Apply ``call`` to ``shape`` (a list of shapes for merges); findings at ``node``."""
        found = len(self.findings)
        result = self.apply(call, shape, node)
        for code, _level, _message, at in self.findings[found:]:
            self.passes.setdefault((code, id(at)), replace(result, input_shape=shape))
        return result

    def apply(self, call: LayerCall, shape: Any, node: cst.CSTNode) -> LayerResult:
        """:meth:`layer`'s computation: the catalogue entry (or the file's source) on ``shape``."""
        if self.source_layer is not None and shape is not None:
            followed = self.source_layer(call, shape)  # a layer whose shape function is the file's source
            if followed is not None:
                return followed
        span = self.locate(call.node)
        spec = (self.custom.get(call.type_name) or lookup(call.type_name)) if call.known else None
        if spec is None:
            note = f"{call.type_name} is not a layer kerascheck knows; shapes after it are unknown"
            # ``type`` is a class name or nothing: a value kerascheck cannot see into is named in the note only
            return LayerResult(call.name, call.type_name if call.written else "", span, None, None, None, None, note=note)
        reported = getattr(spec, "reported_type", spec.name)
        single = shape if not spec.multi_input else None
        rejected = self.rejected_keywords(spec, (key for key, _ in call.kwargs if key not in ("*", "**")))
        if rejected:  # Keras raises when the layer is created (KC303): nothing after it is built
            note = f"Keras rejects its constructor (unknown keyword `{rejected[0]}`); shapes after it are unknown"
            return LayerResult(call.name, reported, span, single, None, None, None, note=note)
        if shape is None or (spec.multi_input and any(s is None for s in shape)):
            return LayerResult(call.name, reported, span, single, None, None, None)
        try:
            if not spec.multi_input:
                spec.check_rank(shape)
            args = bind_arguments(spec, call, self.generation)
            inferred = spec.infer(args, shape)
        except ShapeError as error:
            self.findings.append((error.code, severity(error.code), self.explain(error, call), node))
            return LayerResult(call.name, reported, span, single, None, None, None, note="invalid: " + error.message)
        except Undetermined as unknown:
            return LayerResult(call.name, reported, span, single, None, None, None, note=str(unknown))
        for code, message in inferred.findings:
            self.findings.append((code, severity(code), message, node))
        flops = layer_flops(spec.name, args, shape, inferred.shape) if self.costs else None
        return LayerResult(call.name, reported, span, single, inferred.shape, inferred.trainable, inferred.non_trainable,
                           inferred.formula, flops=flops, arguments=arguments_text(args.values))

    def explain(self, error: ShapeError, call: LayerCall) -> str:
        """Add the classic cause of a negative size: a channels-first input."""
        model_input = self.model_input
        if error.code == "KC101" and call.data_format == "channels_last" and model_input and _looks_channels_first(model_input):
            return error.message + (
                f"; the model's input {format_shape(model_input)} looks channels-first (channels on axis 1) "
                "but the layers read channels_last"
            )
        return error.message

    # -- functional ----------------------------------------------------------------

    def functional(self, model: ModelCall) -> ModelResult:
        """A functional model's summary, from what each of its calls computed when it was made."""
        notes = list(model.notes)
        graph = map_graph(model.inputs, model.outputs)
        if any(not isinstance(t, Tensor) for t in (*model.inputs, *model.outputs)):
            notes.append("some inputs or outputs of the model are not known statically")
        if any(isinstance(node, Application) and _has_unknown_input(node.inputs) for node in graph.nodes):
            notes.append("part of the graph between the inputs and the outputs is not known statically")
        complete = len(notes) == len(model.notes)  # a graph not traced in full lists only part of its layers
        results = []
        for op in graph.operations:
            calls = [node for node in self.inbound.get(id(op), [op]) if node in graph.depths]
            results.append(self.operation_result(op, calls, graph.depths))
            if results[-1].note:
                notes.append(f"{results[-1].name}: {results[-1].note}")
        inputs = tuple(t.shape if isinstance(t, Tensor) else None for t in model.inputs)
        result = ModelResult(
            model.name, model.kind, self.locate(model.node), tuple(results),
            inputs[0] if len(inputs) == 1 else None, tuple(notes), graph.sequential_like, model.symbolic, complete,
        )
        return result if model.trainable else _frozen_model(result)

    def call(self, layer: Any, inputs: Any, node: cst.Call) -> LayerResult:
        """``layer(inputs)`` at the moment the source makes the call (tensors carry their shapes)."""
        shapes = input_shapes(inputs)
        if isinstance(layer, ModelCall):
            return self.model_as_layer(layer, shapes if not isinstance(shapes, list) else None)
        return self.layer(layer, shapes, node)

    def functional_output(self, model: ModelCall, given: list) -> Shape:
        """A functional model called on tensors of the ``given`` shapes: its graph re-run from them."""
        graph = map_graph(model.inputs, model.outputs)
        shapes: dict = {id(t.producer): s for t, s in zip(model.inputs, given) if isinstance(t, Tensor)}
        for node in graph.nodes:
            if id(node) in shapes:
                continue
            if isinstance(node, InputCall):
                shapes[id(node)] = as_shape(node.shape)
                continue
            inputs = input_shapes(node.inputs, shapes)
            if isinstance(node.layer, ModelCall):
                shapes[id(node)] = self.model_as_layer(node.layer, inputs if not isinstance(inputs, list) else None).output_shape
            else:
                shapes[id(node)] = self.layer(node.layer, inputs, node.node).output_shape
        outputs = [_pick(shapes.get(id(t.producer)), t.index) if isinstance(t, Tensor) else None for t in model.outputs]
        return outputs[0] if len(outputs) == 1 else None

    def operation_result(self, op: Any, calls: list, depths: dict) -> LayerResult:
        link = connections(op, calls, depths) or ("-",)
        if isinstance(op, InputCall):
            shape = as_shape(op.shape)
            return LayerResult(op.name, "InputLayer", self.locate(op.node), shape, shape, 0, 0, connected_to=link, flops=0)
        results = [call.result for call in calls if call.result is not None]
        if not results:
            return LayerResult(op.name, op.type_name if isinstance(op, LayerCall) else op.kind, self.locate(op.node), None, None, None, None)
        first, last = results[0], results[-1]
        flops = _sum(result.flops for result in results)  # a shared layer runs once per call
        return self.frozen(op, replace(first, output_shape=last.output_shape, connected_to=link, flops=flops))

    def is_frozen(self, item: Any) -> bool:
        """``layer.trainable = False``, ``trainable=False``, ``model.trainable = False``, or a frozen wrapped layer."""
        if isinstance(item, ModelCall):
            return not item.trainable
        if not isinstance(item, LayerCall):
            return False
        if id(item) in self.untrainable or item.keyword("trainable") is False:
            return True
        wrapped = item.keyword("layer", item.args[0] if item.args else None)
        spec = lookup(item.type_name) if item.known else None
        is_wrapper = spec is not None and spec.positional[:1] == ("layer",)  # Bidirectional, TimeDistributed...
        return is_wrapper and isinstance(wrapped, LayerCall) and self.is_frozen(wrapped)

    def frozen(self, item: Any, result: LayerResult) -> LayerResult:
        """The result with its weights counted as non-trainable when ``item`` is frozen (as of the file's end)."""
        if not self.is_frozen(item) or result.trainable is None or result.non_trainable is None:
            return result
        return replace(result, trainable=0, non_trainable=dims.add(result.trainable, result.non_trainable))


def label_symbolic(findings: list, start: int, function: str) -> None:
    """Say, in each finding from ``start`` on, that it comes from the symbolic analysis of ``function``
    (nothing calls it; its parameters are symbols), once, whatever the format shows."""
    label = f" (in the symbolic analysis of {function}(): nothing in the file calls it; its parameters are symbols)"
    findings[start:] = [
        (code, level, message if message.endswith(label) else message + label, at)
        for code, level, message, at in findings[start:]
    ]


def _is_keras1_merge(item: Any) -> bool:
    return (
        isinstance(item, LayerCall) and item.type_name == "Merge" and bool(item.args)
        and isinstance(item.args[0], (list, tuple)) and all(isinstance(m, ModelCall) for m in item.args[0])
    )


def _sum(counts: Any) -> Any:
    total: Any = 0
    for count in counts:
        total = dims.add(total, count)
    return total


def _has_unknown_input(inputs: Any) -> bool:
    if isinstance(inputs, (list, tuple)):
        return any(_has_unknown_input(item) for item in inputs)
    return not isinstance(inputs, Tensor)


def input_shapes(inputs: Any, shapes: Optional[dict] = None) -> Any:
    """The shapes of the tensors a call reads (``shapes`` overrides, by producer, when re-running a graph)."""
    if isinstance(inputs, Tensor):
        if shapes is not None and id(inputs.producer) in shapes:
            return _pick(shapes[id(inputs.producer)], inputs.index)
        return inputs.shape
    if isinstance(inputs, ArrayValue):  # ``model(x_train[:2])``: called on data, batch axis included
        return tuple(inputs.shape)
    if isinstance(inputs, (list, tuple)):
        return [input_shapes(item, shapes) for item in inputs]
    return None


def _pick(output: Any, index: int) -> Shape:
    """Output ``index`` of a call that returned one shape or a list of them."""
    if isinstance(output, list):
        return output[index] if index < len(output) else None
    return output if index == 0 else None


def _frozen_model(result: ModelResult) -> ModelResult:
    """``model.trainable = False``: every weight counts as non-trainable."""
    layers = tuple(
        replace(layer, trainable=0, non_trainable=layer.params) if layer.params is not None else layer
        for layer in result.layers
    )
    return replace(result, layers=layers)


def model_results(interpretation: Any) -> tuple:
    """(model results, findings as (code, severity, message, node)), once the file has been read.

    Layer calls on tensors were checked where they were made, even outside any
    model: Keras computes their shapes (and raises) at the call itself.
    """
    runner = interpretation.runner
    results = tuple(runner.model(model) for model in interpretation.models)
    return results, tuple(runner.findings)
