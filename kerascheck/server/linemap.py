"""Carry results computed for an older text over to the current one, line by line.

While a file is half-typed the editor keeps showing the last results computed
on text that parsed. Their positions refer to that older text, so every span is
moved through a line map of the two texts (difflib's matching blocks): results
on unchanged lines follow their line, results on edited lines are dropped
rather than shown at a wrong place.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Mapping, Optional

from ..results import FileResult, ModelResult, Span

LineMap = Mapping[int, int]  # 1-based line of the old text -> line in the new text


def line_map(old: str, new: str) -> LineMap:
    """Where each unchanged line of ``old`` is in ``new`` (1-based)."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    mapping = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            mapping[block.a + offset + 1] = block.b + offset + 1
    return mapping


def move_span(span: Span, lines: LineMap) -> Optional[Span]:
    """The span on the new text, or None when one of its lines was edited."""
    start, end = lines.get(span.line), lines.get(span.end_line)
    if start is None or end is None or end - start != span.end_line - span.line:
        return None
    return Span(start, span.column, end, span.end_column)


def _move_model(model: ModelResult, lines: LineMap) -> Optional[ModelResult]:
    """A model moves whole or not at all: its totals depend on every layer."""
    span = move_span(model.span, lines)
    moved = [(layer, move_span(layer.span, lines)) for layer in model.layers]
    if span is None or any(new is None for _, new in moved):
        return None
    layers = tuple(dataclasses.replace(layer, span=new) for layer, new in moved)
    return dataclasses.replace(model, span=span, layers=layers)


def relocate(result: FileResult, lines: LineMap) -> FileResult:
    """``result`` with every position moved to the new text; what cannot move is dropped."""
    models = tuple(m for m in (_move_model(model, lines) for model in result.models) if m is not None)
    diagnostics = tuple(
        dataclasses.replace(d, span=span)
        for d, span in ((d, move_span(d.span, lines)) for d in result.diagnostics)
        if span is not None
    )
    return dataclasses.replace(result, models=models, diagnostics=diagnostics)
