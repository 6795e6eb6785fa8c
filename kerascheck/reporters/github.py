"""GitHub Actions workflow commands: each finding becomes an annotation on the
pull request's diff (``::error``, ``::warning`` or ``::notice``).

Escaping follows ``@actions/core`` (``toolkit/packages/core/src/command.ts``):
``%``, CR and LF in the message; those and ``:`` and ``,`` in property values,
which would otherwise end the value early. Paths are relative to the
repository root, which is what GitHub resolves them against. In a notebook,
the position is where the line is written in the ``.ipynb`` file (what the
diff shows), and the title names the cell and the line in it.
"""

from __future__ import annotations

from .common import PLAIN, Context, file_span, findings, in_cell, level, printable, relative_path

#: Kept for GitHub's own escaping (``%0A``): a multi-line annotation is legitimate.
_NEWLINES = "\r\n"
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def escape_data(text: str) -> str:
    return text.translate(_DATA)


def escape_property(text: str) -> str:
    return text.translate(_PROPERTY)


def command(name: str, properties: dict, message: str) -> str:
    """``::name key=value,...::message`` with both parts escaped."""
    joined = ",".join(f"{key}={escape_property(printable(str(value), keep=_NEWLINES))}" for key, value in properties.items())
    return f"::{name} {joined}::{escape_data(printable(message, keep=_NEWLINES))}"


def render(results: list, context: Context = PLAIN) -> str:
    root = context.repository_root()
    lines = []
    for result, d in findings(results):
        span = file_span(result, d.span)
        cell, inner = in_cell(result, d.span)
        properties = {
            "file": relative_path(result.path, root),
            "line": span.line,
            "col": span.column,
            "endLine": span.end_line,
            "endColumn": span.end_column,
            "title": d.code if cell is None else f"{d.code} (cell {cell}, line {inner.line})",
        }
        lines.append(command(level(d.severity).github, properties, d.message) + "\n")
    return "".join(lines)
