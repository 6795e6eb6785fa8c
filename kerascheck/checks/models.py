"""KC2xx: models Keras builds but that are almost certainly not what was meant.

The checks read each Sequential along every path its undecided ``if``
branches allow (:attr:`ModelFacts.paths`), so two layers added in the two
branches of an ``if`` are never taken for consecutive ones.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from ..interpreter.objects import InputCall, LayerCall
from ..dims import format_shape
from ..interpreter.inputs import input_keywords
from . import Finding, check
from .arguments import show
from .facts import FileFacts
from .outputs import activation, is_application



def _sequences(facts: FileFacts) -> Iterator[tuple]:
    """(model, path) for every path of every Sequential."""
    for model in facts.models:
        for path in model.paths:
            yield model, path


def _type(item: Any) -> str:
    return item.type_name if isinstance(item, LayerCall) else getattr(item, "kind", type(item).__name__)


@check("KC201")
def softmax_on_one_unit(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        if activation(facts, call) != "softmax":
            continue
        result = facts.result(call)
        size = result.output_shape[-1] if result is not None and result.output_shape else None
        if size is None and call.type_name == "Dense":
            size = facts.args(call).raw("units")
        if size == 1:
            yield Finding(
                "KC201",
                f"{call.type_name}: softmax over a single unit always outputs 1.0; for a binary output use "
                "activation='sigmoid' (with binary_crossentropy), or give the layer one unit per class",
                call.node,
            )


@check("KC202")
def input_shape_not_first(facts: FileFacts) -> Iterator[Finding]:
    for _, path in _sequences(facts):
        for index, item in enumerate(path[1:], start=1):
            keys = input_keywords(item, facts.generation)
            if not keys:
                continue
            key = keys[0]
            first = path[0]
            declared = "keras.Input" if isinstance(first, InputCall) else getattr(first, "name", "the first layer")
            yield Finding(
                "KC202",
                f"{item.type_name}: {key}={show(item.keyword(key))} is ignored on layer {index + 1} of the model; "
                f"only the first layer declares the input (here {declared}): remove it",
                item.node,
            )


@check("KC203")
def batch_axis_in_inputformat_shape(facts: FileFacts) -> Iterator[Finding]:
    for _, path in _sequences(facts):
        first = path[0] if path else None
        spec = facts.spec(first)
        shape = first.keyword("input_shape") if spec is not None else None
        if not isinstance(shape, (tuple, list)) or spec.rank is None or len(shape) != spec.rank or shape[0] is not None:
            continue
        yield Finding(
            "KC203",
            f"{spec.name}: input_shape={show(shape)} includes the batch axis; input_shape excludes it, so "
            f"{spec.name} would get a {len(shape) + 1}D input: write input_shape={show(tuple(shape[1:]))}",
            first.node,
            replaces=("KC102",),
        )


@check("KC204")
def batch_norm_axis(facts: FileFacts) -> Iterator[Finding]:
    for model, path in _sequences(facts):
        channels_first = _channels_first(facts, path)
        if channels_first is None:
            continue
        for item in path:
            args = facts.args(item) if isinstance(item, LayerCall) else None
            axis = args.raw("axis") if args is not None and args.layer == "BatchNormalization" else None
            result = facts.result(item)
            shape = result.input_shape if result is not None else None
            if not isinstance(axis, int) or isinstance(axis, bool) or not shape or len(shape) < 4:
                continue
            channel = 1 if channels_first else len(shape) - 1
            if -len(shape) <= axis < len(shape) and axis % len(shape) not in (0, channel):
                fmt, fix = ("channels_first", "axis=1") if channels_first else ("channels_last", "axis=-1 (the default)")
                yield Finding(
                    "KC204",
                    f"BatchNormalization: axis={axis} normalizes axis {axis % len(shape)} of its input {format_shape(shape)}, "
                    f"not the channels ({fmt}, axis {channel}): use {fix}",
                    item.node,
                )


def _channels_first(facts: FileFacts, path: tuple) -> Optional[bool]:
    """The model's data format when certain: every explicit one agrees with the default."""
    formats = set()
    for item in path:
        args = facts.args(item) if isinstance(item, LayerCall) else None
        if args is not None and "data_format" in args:
            value = args.raw("data_format")
            formats.add(value if isinstance(value, str) else None)  # not static: uncertain
    if not formats and facts.keras1:
        return None  # Keras 1's default ordering depended on the backend's config
    if not formats:
        formats.add((getattr(path[0], "data_format", None) if path else None) or facts.settings.image_data_format)
    if len(formats) != 1 or not isinstance(next(iter(formats)), str):
        return None
    return next(iter(formats)) == "channels_first"


@check("KC205")
def flatten_on_pretrained_base(facts: FileFacts) -> Iterator[Finding]:
    for _, path in _sequences(facts):
        for before, item in zip(path, path[1:]):
            if not (isinstance(item, LayerCall) and item.type_name == "Flatten" and _is_feature_extractor(facts, before)):
                continue
            result = facts.result(before)
            shown = f" {format_shape(result.output_shape)}" if result is not None and result.output_shape else ""
            yield Finding(
                "KC205",
                f"Flatten: applied to {_type(before)}'s 4D feature map{shown}, it ties the classifier to the image size "
                "and multiplies its weights; use GlobalAveragePooling2D() instead (or pooling='avg' on the base)",
                item.node,
            )


def _is_feature_extractor(facts: FileFacts, item: Any) -> bool:
    """A pretrained ``keras.applications`` base without its top and without pooling."""
    if not is_application(item):
        return False
    given = item.keyword  # keywords are folded at interpretation: no second reading of the source
    return given("include_top", True) is False and given("pooling", None) is None and given("weights", "imagenet") is not None


@check("KC206")
def no_inputformat_shape(facts: FileFacts) -> Iterator[Finding]:
    for model in facts.models:
        if id(model.call) in facts.nested or not model.paths or model.call.built_shape is not None or model.call.started_unassigned:
            continue  # a model started on a name never assigned was made elsewhere, maybe with its input
        firsts = {id(path[0]): path[0] for path in model.paths if path}
        for first in firsts.values():
            if isinstance(first, LayerCall) and not input_keywords(first, facts.generation) and not is_application(first) and first.type_name != "Merge":
                yield Finding(
                    "KC206",
                    f"{model.call.kind} '{model.call.name}': its first layer {first.type_name} declares no input shape, "
                    "so shapes are unknown until the model is built; add keras.Input(shape=...) as the first layer",
                    first.node,
                )


@check("KC207")
def duplicate_names(facts: FileFacts) -> Iterator[Finding]:
    for model, path in _sequences(facts):
        seen: dict = {}
        for item in path:
            name = item.keyword("name") if isinstance(item, LayerCall) else None
            if not isinstance(name, str):
                continue
            earlier = seen.setdefault(name, item)
            if earlier.node is not item.node:
                line = facts.locate(earlier.node).line
                yield Finding(
                    "KC207",
                    f"{item.type_name}: name {name!r} is already the name of a layer of '{model.call.name}' "
                    f"(the {earlier.type_name} on line {line}); Keras requires unique layer names: rename one",
                    item.node,
                )


@check("KC208")
def consecutive_duplicates(facts: FileFacts) -> Iterator[Finding]:
    for _, path in _sequences(facts):
        for before, item in zip(path, path[1:]):
            if not (isinstance(before, LayerCall) and isinstance(item, LayerCall) and before.known and item.known):
                continue
            if before.type_name == item.type_name == "Flatten":
                yield Finding("KC208", "Flatten: directly after another Flatten, it does nothing: remove one", item.node)
            elif before.type_name == item.type_name == "Dropout":
                yield Finding("KC208", f"Dropout: directly after another Dropout{_compound(facts, before, item)}; use a single Dropout", item.node)


def _compound(facts: FileFacts, first: LayerCall, second: LayerCall) -> str:
    rates = [facts.args(call).raw("rate") for call in (first, second)]
    if all(isinstance(rate, (int, float)) and not isinstance(rate, bool) for rate in rates):
        total = 1 - (1 - rates[0]) * (1 - rates[1])
        return f", the rates {rates[0]!r} and {rates[1]!r} compound to {total:.3g}"
    return ", the two rates compound"
