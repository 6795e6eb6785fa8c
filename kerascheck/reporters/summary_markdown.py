"""The predicted model summaries as Markdown, for a pull-request comment.

GitHub and GitLab render the tables; totals and findings follow each file's
models. Everything that came from the source (names, symbolic sizes such as
``800*channels + 32``, messages) is escaped or put in code spans, so that it
cannot break the table or turn into emphasis.
"""

from __future__ import annotations

import re

from ..summary import format_count, format_shape, symbolic_heading, totals
from .common import PLAIN, Context, in_cell, level, models_by_cell, printable

#: Characters that start emphasis, code, links, HTML or a table cell anywhere in a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ICONS = {"error": ":x:", "warning": ":warning:", "notice": ":information_source:"}


def escape(text: str) -> str:
    """Plain text safe in Markdown and in a table cell: specials backslash-escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(printable(text).split()))


def code(text: str) -> str:
    """A code span safe in a table cell (``|`` still has to be escaped there)."""
    text = " ".join(printable(text).split()).replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _costs(model: object, batch: int) -> list:
    """``summary --cost``: the model's FLOPs and output memory per layer, then the totals."""
    from ..cost_summary import CONVENTION, cells, cost_rows, cost_totals

    lines = ["| Layer (type) | FLOPs | Output memory |", "|:--|--:|--:|"]
    for row in cost_rows(model, batch):
        label, flops, memory = cells(row)
        lines.append(f"| {escape(label)} | {code(flops)} | {code(memory)} |")
    lines.append("")
    lines.append("  \n".join(f"{escape(label)}: **{escape(value)}**" for label, value in cost_totals(model, batch)))
    lines += ["", f"_{escape(CONVENTION)}._", ""]
    return lines


def _model(model: object, context: Context = PLAIN, models: tuple = ()) -> list:
    """One model's table; a graph that is not a chain gets Keras' "Connected to" column."""
    graph = not model.sequential_like
    lines = [
        *([f"_{escape(symbolic_heading(model))}_", ""] if model.symbolic else []),
        f"**{escape(model.name)}** ({escape(model.type)})",
        "",
        "| Layer (type) | Output Shape | Param # |" + (" Connected to |" if graph else ""),
        "|:--|:--|--:|" + (":--|" if graph else ""),
    ]
    for layer in model.layers:
        cells = [
            escape(layer.label),
            code(format_shape(layer.output_shape)),
            code(format_count(layer.params)),
        ]
        if graph:
            cells.append(", ".join(code(source) for source in layer.connected_to) or "-")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("  \n".join(f"{escape(label)}: **{escape(value)}**" for label, value in totals(model)))
    lines.extend(f"\n> Note: {escape(note)}" for note in model.notes)
    lines.append("")
    if context.cost_batch is not None:
        lines += _costs(model, context.cost_batch)
    if context.diagram:
        from ..diagrams.mermaid import fenced

        lines += [fenced(model, models), ""]
    return lines


def _finding(result: object, diagnostic: object) -> str:
    d = diagnostic
    icon = _ICONS[level(d.severity).github]
    cell, span = in_cell(result, d.span)
    where = f"line {span.line}, column {span.column}" if cell is None else f"cell {cell}, line {span.line}, column {span.column}"
    return f"- {icon} **{d.code}** {where}: {escape(d.message)}"


def render(results: list, context: Context = PLAIN) -> str:
    shown = [result for result in results if result.models or result.diagnostics]
    findings = sum(len(result.diagnostics) for result in shown)
    models = sum(len(result.models) for result in shown)
    lines = [
        "## kerascheck: predicted model summaries",
        "",
        f"{models} model(s), {findings} finding(s) in {len(shown)} file(s).",
        "",
    ]
    for result in shown:
        lines += [f"### {code(result.path)}", "", f"_Predicted for {escape(context.target(result).describe())}._", ""]
        lines += [f"> Note: {escape(note)}\n" for note in result.notes]
        for cell, models in models_by_cell(result):
            if cell is not None:
                lines += [f"#### Cell {cell}", ""]
            for model in models:
                lines += _model(model, context, result.models)
        if result.diagnostics:
            lines += ["**Findings**", "", *(_finding(result, d) for d in result.diagnostics), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
