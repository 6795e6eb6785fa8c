"""``path:line:col: CODE message``, one line per finding."""

from __future__ import annotations


def render(results: list) -> str:
    lines = [
        f"{result.path}:{d.span.line}:{d.span.column}: {d.code} {d.message}"
        for result in results
        for d in result.diagnostics
    ]
    return "".join(line + "\n" for line in lines)
