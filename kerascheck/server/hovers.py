"""Hover on a layer call: its predicted shapes, parameters and the formula behind them;
on a variable holding a tensor: its shape; on a name holding a layer or a model (``dense``
in ``x = dense(inputs)``, ``encoder(features)``, ``model``): that layer's or model's hover.

Every shape and count is rendered by :mod:`kerascheck.summary`, so the hover
says exactly what ``kerascheck summary`` prints for the same layer. Hovering
the model's creation (outside any layer) shows the whole predicted summary, and the
file's notes (``Conv2D`` never imported, read as ``keras.layers.Conv2D``).
"""

from __future__ import annotations

from typing import Optional

from lsprotocol import types

from ..results import FileResult, LayerResult, ModelResult, Span
from ..summary import format_count, format_shape, render_summary
from .convert import Text, contains, span_size


def _layer_markdown(layer: LayerResult) -> str:
    rows = [
        ("input", format_shape(layer.input_shape)),
        ("output", format_shape(layer.output_shape)),
        ("params", format_count(layer.params)),
    ]
    if layer.non_trainable not in (None, 0):
        rows += [("trainable", format_count(layer.trainable)), ("non-trainable", format_count(layer.non_trainable))]
    if layer.formula:
        rows.append(("formula", layer.formula))
    width = max(len(label) for label, _ in rows) + 1
    body = "\n".join(f"{label + ':':<{width}} {value}" for label, value in rows)
    note = f"\n\n{layer.note}" if layer.note else ""
    return f"**{layer.name}** ({layer.type or '?'})\n```text\n{body}\n```{note}"


def _model_markdown(model: ModelResult, file_notes: tuple = ()) -> str:
    """The model's summary, then how the file was read (a name never imported read as Keras')."""
    return f"```text\n{render_summary(model)}```" + "".join(f"\n\nNote: {note}" for note in file_notes)


def _innermost(result: FileResult, line: int, column: int) -> Optional[tuple]:
    """(span, markdown) of the smallest layer or model under the cursor."""
    candidates = [(layer.span, layer, _layer_markdown) for model in result.models for layer in model.layers]
    candidates += [(model.span, model, lambda model: _model_markdown(model, result.notes)) for model in result.models]
    under = [c for c in candidates if contains(c[0], line, column)]
    if not under:
        return None
    span, item, render = min(under, key=lambda c: span_size(c[0]))
    return span, render(item)


def _name_at(text: Text, line: int, column: int) -> Optional[tuple]:
    """(name, span) of the identifier under the 1-based cursor."""
    source = text.lines[line - 1] if 0 < line <= len(text.lines) else ""
    start = column - 1
    while start > 0 and (source[start - 1].isalnum() or source[start - 1] == "_"):
        start -= 1
    end = column - 1
    while end < len(source) and (source[end].isalnum() or source[end] == "_"):
        end += 1
    return (source[start:end], Span(line, start + 1, line, end + 1)) if end > start else None


def _object_markdown(result: FileResult, made: Span) -> Optional[str]:
    """The hover of the layer or model object made at ``made``."""
    model = next((model for model in result.models if model.span == made), None)
    if model is not None:  # a model, also where another model uses it as a layer: its whole summary
        return _model_markdown(model)
    layer = next((layer for model in result.models for layer in model.layers if layer.span == made), None)
    return _layer_markdown(layer) if layer is not None else None


def _variable(result: FileResult, text: Text, line: int, column: int) -> Optional[tuple]:
    """(span, markdown) for a name under the cursor, as it was last bound before this point: a
    tensor's shape (every shape, when that line ran more than once), or the layer or model object
    it holds (``dense`` in ``x = dense(inputs)``, ``encoder(features)``, ``model.summary()``)."""
    found = _name_at(text, line, column)
    if found is None:
        return None
    name, span = found
    earlier = [b for b in result.bindings if b.name == name and (b.span.line, b.span.column) <= (line, column)]
    if not earlier:
        return None
    latest = max((b.span.line, b.span.column) for b in earlier)
    bound = [b for b in earlier if (b.span.line, b.span.column) == latest]
    if bound[-1].made is not None:
        markdown = _object_markdown(result, bound[-1].made)
        return (span, markdown) if markdown is not None else None
    shapes = list(dict.fromkeys(format_shape(b.shape) for b in bound if b.made is None))
    body = "\n".join(f"{name}: {shape}" for shape in shapes)
    return span, f"```text\n{body}\n```"


def hover(result: FileResult, text: Text, position: types.Position) -> Optional[types.Hover]:
    line, column = text.location(position)
    found = _variable(result, text, line, column) or _innermost(result, line, column)
    if found is None:
        return None
    span, markdown = found
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, markdown), text.range(span))
