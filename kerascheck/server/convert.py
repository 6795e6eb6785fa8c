"""kerascheck's records as LSP types: positions, ranges, diagnostics.

kerascheck counts 1-based lines and columns in characters (code points); LSP
counts 0-based lines and columns in the client's position encoding (UTF-16
unless negotiated), so every conversion goes through pygls' position codec and
the text the positions refer to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

from ..results import Diagnostic, Span
from ..rule_links import rule_url
from ..rules import rule

SOURCE = "kerascheck"

SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class Text:
    """A text's lines and the client's position encoding: what a position needs."""

    lines: Sequence[str]
    codec: PositionCodec

    @classmethod
    def of(cls, source: str, codec: PositionCodec) -> "Text":
        return cls(source.splitlines(keepends=True), codec)

    def position(self, line: int, column: int) -> types.Position:
        """1-based line and column (characters) -> LSP position."""
        return self.codec.position_to_client_units(self.lines, ServerTextPosition(line - 1, column - 1))

    def range(self, span: Span) -> types.Range:
        return types.Range(self.position(span.line, span.column), self.position(span.end_line, span.end_column))

    def location(self, position: types.Position) -> tuple:
        """LSP position -> 1-based (line, column) in characters."""
        found = self.codec.position_from_client_units(self.lines, types.Position(position.line, position.character))
        return found.line + 1, found.character + 1

    def line_end(self, line: int) -> types.Position:
        """The end of a 1-based line's text, before trailing blanks and the newline."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return self.position(line, len(text.rstrip()) + 1)


def diagnostic(found: Diagnostic, text: Text, docs: Optional[str] = None) -> types.Diagnostic:
    """An LSP diagnostic: linked to the rule's documentation only when a ``rule-docs-url`` (or the
    package metadata) names it, and carrying the rule's one-line summary in ``data`` for editors
    that show it (``{"rule": name, "summary": what it reports}``)."""
    url = rule_url(found.code, docs)
    described = rule(found.code)
    return types.Diagnostic(
        range=text.range(found.span),
        message=found.message,
        severity=SEVERITIES.get(found.severity, types.DiagnosticSeverity.Error),
        code=found.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        data={"rule": described.name, "summary": described.what} if described else None,
    )


def diagnostics(found: Sequence[Diagnostic], text: Text, docs: Optional[str] = None) -> list:
    return [diagnostic(d, text, docs) for d in found]


def contains(span: Span, line: int, column: int) -> bool:
    """Is the 1-based (line, column) inside the span (its end included, as a cursor after it)?"""
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def overlaps(span: Span, start: tuple, end: tuple) -> bool:
    """Does the span meet the 1-based range [start, end]?"""
    return (span.line, span.column) <= end and start <= (span.end_line, span.end_column)


def span_size(span: Span) -> tuple:
    """An ordering of spans by size, to pick the innermost of nested ones."""
    return (span.end_line - span.line, span.end_column - span.column)
