"""``model.summary()`` as Keras 3 prints it, from predicted results.

The layout is the one Keras 3 prints through rich when its output is not a
wide terminal (the usual case in CI logs and pipes): a box-drawn table whose
width is pinned so that our output is stable, with cells word-wrapped as rich
wraps them, then the parameter totals with their float32 byte sizes.
"""

from __future__ import annotations

from typing import Optional

from .dims import Dim, Expr, format_shape, int_text
from .results import ModelResult

#: Cell widths (padding included) of Keras 3's tables at 80 columns: one chain
#: of layers, and a graph with the "Connected to" column.
SEQUENTIAL_WIDTHS = (33, 24, 15)
HEADERS = ("Layer (type)", "Output Shape", "Param #")
ALIGN = ("left", "left", "right")
GRAPH_WIDTHS = (21, 19, 12, 19)
GRAPH_HEADERS = (*HEADERS, "Connected to")
GRAPH_ALIGN = (*ALIGN, "left")


def format_count(count: Optional[Dim]) -> str:
    """``329,962``; a symbolic count as its expression; ``?`` when unknown."""
    if count is None:
        return "?"
    if isinstance(count, Expr):
        return count.render()
    text = int_text(count)  # an integer too long for str(): "<an integer of about N digits>"
    return text if text.startswith("<") else f"{count:,}"


def readable_size(params: int, bytes_per_param: int = 4) -> str:
    """Keras' ``readable_memory_size`` for float32 weights."""
    size = float(params * bytes_per_param)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _wrap(text: str, width: int) -> list:
    """Word-wrap like rich: break at spaces; a word longer than a line is cut with an ellipsis."""
    lines: list = []
    current = ""
    for word in text.split(" "):
        if len(word) > width:
            word = word[: width - 1] + "…"
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def render_table(headers: tuple, rows: list, widths: tuple, align: tuple) -> list:
    """A rich-style heavy-header box table, one separator line between rows."""

    def border(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * width for width in widths) + right

    def cells(values: tuple, bar: str) -> list:
        wrapped = [_wrap(value, width - 2) for value, width in zip(values, widths)]
        height = max(len(lines) for lines in wrapped)
        out = []
        for index in range(height):
            parts = []
            for lines, width, how in zip(wrapped, widths, align):
                text = lines[index] if index < len(lines) else ""
                parts.append(" " + (text.rjust(width - 2) if how == "right" else text.ljust(width - 2)) + " ")
            out.append(bar + bar.join(parts) + bar)
        return out

    lines = [border("┏", "━", "┳", "┓"), *cells(headers, "┃"), border("┡", "━", "╇", "┩")]
    for index, row in enumerate(rows):
        if index:
            lines.append(border("├", "─", "┼", "┤"))
        lines.extend(cells(row, "│"))
    lines.append(border("└", "─", "┴", "┘"))
    return lines


def format_total(count: Optional[Dim]) -> str:
    """``2,469 (9.64 KB)`` as Keras prints a total; symbolic or unknown totals without a size."""
    if isinstance(count, int):
        try:
            size = readable_size(count)
        except OverflowError:  # more bytes than a float holds: the count alone
            return format_count(count)
        return f"{format_count(count)} ({size})"
    return format_count(count)


def totals(model: ModelResult) -> tuple:
    """The ``(label, value)`` total lines under a summary table, shared by the text and Markdown summaries."""
    return (
        ("Total params", format_total(model.total_params)),
        ("Trainable params", format_total(model.trainable_params)),
        ("Non-trainable params", format_total(model.non_trainable_params)),
    )


def symbolic_heading(model: ModelResult) -> str:
    """The line above a model from a symbolic analysis, so that it is never taken for one the file builds
    when it runs (shared by the text and Markdown summaries); empty for a concrete model."""
    if not model.symbolic:
        return ""
    return f"Symbolic analysis of {model.symbolic}() (nothing in the file calls it; its parameters are symbols):"


def render_summary(model: ModelResult) -> str:
    """The text ``model.summary()`` would print, plus kerascheck's notes."""
    rows = [
        (layer.label, format_shape(layer.output_shape), format_count(layer.params))
        for layer in model.layers
    ]
    if model.sequential_like:
        table = render_table(HEADERS, rows, SEQUENTIAL_WIDTHS, ALIGN)
    else:
        rows = [(*row, ", ".join(layer.connected_to)) for row, layer in zip(rows, model.layers)]
        table = render_table(GRAPH_HEADERS, rows, GRAPH_WIDTHS, GRAPH_ALIGN)
    lines = [f'Model: "{model.name}"', *table]
    if model.symbolic:
        lines.insert(0, symbolic_heading(model))
    lines.extend(f" {label}: {value}" for label, value in totals(model))
    lines.extend(f" Note: {note}" for note in model.notes)
    return "\n".join(lines) + "\n"
