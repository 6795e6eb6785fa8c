"""KC5xx: Keras 1 spellings, each reported with its modern equivalent.

Keras 1 code is correct for Keras 1, so these rules are information for a
port, off unless selected (``extend-select = ["KC5"]``). In a file written
for Keras 2 or 3 the spellings Keras 3 rejects are errors of their own
(KC303, KC407).
"""

from __future__ import annotations

from typing import Iterator

from ..layers.registry import LEGACY_RENAMES
from . import Finding, check
from .arguments import show
from .compile import keras1_training_arguments
from .facts import FileFacts

#: Keras 1 ``dim_ordering`` values and the ``data_format`` they mean.
_ORDERINGS = {"th": "channels_first", "tf": "channels_last"}


@check("KC501")
def legacy_keyword(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        spec = facts.spec(call)
        if spec is None:
            continue
        for key, value in call.kwargs:
            modern = LEGACY_RENAMES.get(key)
            if modern is None or spec.accepts(key):
                continue
            value = _ORDERINGS.get(value, value) if key == "dim_ordering" and isinstance(value, str) else value
            yield Finding("KC501", f"{spec.name}: {key}= is the Keras 1 spelling; Keras 2+: {modern}={show(value)}", call.node)


@check("KC502")
def legacy_layer_call(facts: FileFacts) -> Iterator[Finding]:
    for call in facts.layers:
        spec = facts.spec(call)
        if spec is None or not call.written.startswith("Convolution"):
            continue
        arguments = [facts.source(arg.value) for arg in call.node.args if arg.keyword is None and not arg.star]
        rank = int(spec.name[-2])
        if call.legacy and len(arguments) >= 1 + rank and rank > 1:
            kernel = "(" + ", ".join(arguments[1:1 + rank]) + ")"
            modern = f"{spec.name}({', '.join([arguments[0], kernel, *arguments[1 + rank:]])})"
            yield Finding("KC502", f"{call.written}({', '.join(arguments)}) is the Keras 1 spelling; Keras 2+: {modern}", call.node)
        else:
            yield Finding("KC502", f"{call.written} is the Keras 1 name of {spec.name}; Keras 2+: {spec.name}", call.node)


@check("KC503")
def legacy_training_arguments(facts: FileFacts) -> Iterator[Finding]:
    if not facts.keras1:
        return  # KC407 reports them as errors outside Keras 1 files
    for node, message in keras1_training_arguments(facts):
        yield Finding("KC503", message, node)
