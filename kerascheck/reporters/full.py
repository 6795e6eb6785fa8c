"""Each finding with its source: the line(s), a caret under the offending call,
and the shapes kerascheck predicted around it, so the reader sees *why*::

    model.py:9:11: KC104 Dense: applied to a 4D input, ...
      |
    9 |     model.add(Dense(133))
      |               ^^^^^^^^^^ KC104
      |
      = shapes: (None, 111, 111, 16) -> dense (Dense) -> (None, 111, 111, 133)
      = help: Add `Flatten()` or `GlobalAveragePooling2D()` before the Dense layer.
"""

from __future__ import annotations

from typing import Callable, Optional

from ..summary import format_shape
from . import concise
from .ansi import CYAN, paint
from ..results import Span
from .common import PLAIN, Context, findings, in_cell, level, printable, rule_for

#: Lines of a long span that are quoted; the rest is elided.
MAX_QUOTED_LINES = 6


def layer_at(result: object, span: object) -> Optional[object]:
    """The predicted layer a finding is about: the one at its span, else the one whose call contains it."""
    layers = [layer for model in result.models for layer in model.layers]
    for layer in layers:
        if layer.span == span:
            return layer
    start = (span.line, span.column)
    containing = [
        layer for layer in layers
        if (layer.span.line, layer.span.column) <= start < (layer.span.end_line, layer.span.end_column)
    ]
    return containing[-1] if containing else None


def _underline(text: str, start: int, end: int) -> str:
    """Spaces up to ``start`` (keeping tabs, so the caret lines up) then carets to ``end`` (0-based, exclusive)."""
    prefix = "".join(c if c == "\t" else " " for c in text[:start])
    return prefix + "^" * max(1, end - start)


def _snippet(source_lines: list, diagnostic: object, color: bool, shown: Callable[[int], int]) -> list:
    """The quoted lines, numbered by ``shown`` (in a notebook: the line within the cell)."""
    span = diagnostic.span
    last = min(span.end_line, len(source_lines), span.line + MAX_QUOTED_LINES - 1)
    width = len(str(shown(last)))
    gutter = paint(" " * width + " |", CYAN, color)
    out = [gutter]
    for number in range(span.line, last + 1):
        raw = source_lines[number - 1].rstrip("\r\n")
        start = span.column - 1 if number == span.line else len(raw) - len(raw.lstrip())
        end = span.end_column - 1 if number == span.end_line else len(raw)
        # Quoted source is escaped like the rest (tabs kept, for the caret);
        # the caret columns follow the escaped text.
        text = printable(raw, keep="\t")
        start, end = len(printable(raw[:max(start, 0)], keep="\t")), len(printable(raw[:max(end, 0)], keep="\t"))
        carets = _underline(text, start, end)
        if number == last:
            carets += " " + diagnostic.code
        out.append(paint(f"{shown(number):>{width}} |", CYAN, color) + f" {text}")
        out.append(f"{gutter} " + paint(carets, level(diagnostic.severity).color, color))
    if last < span.end_line:
        out.append(paint(" " * width + " ...", CYAN, color))
    out.append(gutter)
    return out


def _notes(result: object, diagnostic: object, indent: str, color: bool) -> list:
    out = []
    layer = diagnostic.layer or layer_at(result, diagnostic.span)  # the shapes of the pass the finding was made on
    if layer is not None:
        shapes = f"{format_shape(layer.input_shape)} -> {layer.label} -> {format_shape(layer.output_shape)}"
        out.append(f"{indent}{paint('= shapes:', CYAN, color)} {printable(shapes)}")
    how = rule_for(diagnostic.code).how_to_fix
    if how:
        out.append(f"{indent}{paint('= help:', CYAN, color)} {how}")
    return out


def _finding(result: object, diagnostic: object, source: Optional[str], color: bool) -> str:
    out = [concise.line(result, diagnostic, color)]
    source_lines = source.splitlines() if source is not None else []
    quoted = 1 <= diagnostic.span.line <= len(source_lines)

    def shown(line: int) -> int:
        return in_cell(result, Span(line, 1, line, 1))[1].line

    if quoted:
        out.extend(_snippet(source_lines, diagnostic, color, shown))
    width = len(str(shown(min(diagnostic.span.end_line, len(source_lines))))) if quoted else 0
    out.extend(_notes(result, diagnostic, " " * (width + 1), color))
    return "\n".join(out) + "\n"


def render(results: list, context: Context = PLAIN) -> str:
    sources: dict = {}
    blocks = []
    for result, d in findings(results):
        if result.path not in sources:
            sources[result.path] = context.source(result.path)
        blocks.append(_finding(result, d, sources[result.path], context.color))
    return "\n".join(blocks)
