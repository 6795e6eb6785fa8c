"""Inlay hints: each layer's predicted output shape, each model's total parameters.

The strings are those of ``kerascheck summary`` (the same formatting functions
make them): ``→ (None, 24, 24, 32)`` at the end of a layer's line, and
``Total params: 2,469 (9.64 KB)`` at the end of the line that creates the model.
"""

from __future__ import annotations

from collections import Counter

from lsprotocol import types

from ..results import FileResult, Span
from ..summary import format_shape, totals
from .convert import Text, overlaps

ARROW = "→ "


def inlay_hints(result: FileResult, text: Text, visible: types.Range) -> list:
    start, end = text.location(visible.start), text.location(visible.end)
    layers = [layer for model in result.models for layer in model.layers]
    crowded = Counter(layer.span.end_line for layer in layers) + Counter(model.span.line for model in result.models)
    hints = []
    for layer in layers:
        if overlaps(layer.span, start, end):
            line = layer.span.end_line
            # Several hints on one line: each shape goes right after its own call.
            where = text.position(line, layer.span.end_column) if crowded[line] > 1 else text.line_end(line)
            hints.append(types.InlayHint(
                where, ARROW + format_shape(layer.output_shape), kind=types.InlayHintKind.Type, padding_left=True
            ))
    for model in result.models:
        line = model.span.line
        if overlaps(Span(line, 1, line, 1), start, end):
            label = "{}: {}".format(*totals(model)[0])  # " Total params: 2,469 (9.64 KB)" in the summary
            hints.append(types.InlayHint(text.line_end(line), label, padding_left=True))
    return sorted(hints, key=lambda hint: (hint.position.line, hint.position.character))
