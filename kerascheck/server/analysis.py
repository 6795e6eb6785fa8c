"""What the editor shows for a text: fresh results, or the last good ones.

A file in the middle of an edit often does not parse. kerascheck still reads
it (a statement that does not parse is blanked out), but the blanked layer
would shift every shape after it and the editor would flash wrong findings at
each keystroke. So a result that has *more* unreadable statements than the
last good one is treated as half-typed: its syntax errors are shown, and the
models and findings of the last good text are kept, moved to their lines in
the current text. Counting rather than demanding zero keeps Python 2 files
(whose ``print`` statements never parse) usable.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Optional

from ..results import Diagnostic, FileResult, Span
from ..settings import Settings
from .linemap import line_map, relocate

#: Findings that say the text could not be read, rather than something about a model.
UNREADABLE = frozenset({"KC001", "KC003"})


@dataclass(frozen=True)
class Snapshot:
    """One version of a document's text and the engine's result for it."""

    text: str
    version: Optional[int]
    result: FileResult


@dataclass(frozen=True)
class View:
    """What is shown for the current text: positions are in ``text``."""

    text: str
    version: Optional[int]
    result: FileResult
    stale: bool = False  # models and findings carried over from an older text


def analyse(text: str, version: Optional[int], path: str, settings: Settings) -> Snapshot:
    """Run the engine in-process; a crash becomes a KC003 finding, never an exception.

    The engine (and libcst) is imported by the first analysis, not when the server starts.
    """
    from ..engine import check_source

    try:
        result = check_source(text, path, settings)
    except Exception as error:  # the engine promises not to raise; the server must not die if it does
        problem = Diagnostic("KC003", "error", f"internal error: {type(error).__name__}: {error}", Span(1, 1, 1, 1))
        result = FileResult(path, (), (problem,))
    return Snapshot(text, version, result)


def _unreadable(result: FileResult) -> int:
    return sum(d.code in UNREADABLE for d in result.diagnostics)


def choose(fresh: Snapshot, good: Optional[Snapshot]) -> tuple:
    """(the view to show, the new last good snapshot)."""
    if good is None or _unreadable(fresh.result) <= _unreadable(good.result):
        return View(fresh.text, fresh.version, fresh.result), fresh
    kept = relocate(good.result, line_map(good.text, fresh.text))
    errors = tuple(d for d in fresh.result.diagnostics if d.code in UNREADABLE)
    findings = tuple(d for d in kept.diagnostics if d.code not in UNREADABLE)
    diagnostics = tuple(sorted(errors + findings, key=lambda d: (d.span.line, d.span.column, d.code)))
    shown = dataclasses.replace(kept, diagnostics=diagnostics)
    return View(fresh.text, fresh.version, shown, stale=True), good
