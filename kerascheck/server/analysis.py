"""What the editor shows for a text: fresh results, or the last good ones.

A file in the middle of an edit often does not parse. kerascheck still reads
it (a statement that does not parse is blanked out), but the blanked layer
would shift every shape after it and the editor would flash wrong findings at
each keystroke. So a result that has *more* unreadable statements than the
last good one is treated as half-typed: its syntax errors are shown, and only
what depends on a broken line is held back. A model whose lines hold no
broken line is shown as it is now; a model with one keeps its last good
result, moved to its lines in the current text, when that moves whole (the
broken line was inserted, not edited); otherwise its layers before the broken
line are shown as they are now and the ones from it on, with the totals, are
unknown until it parses again (the engine already reports no finding there:
:mod:`kerascheck.broken`). Findings follow their model. Counting rather
than demanding zero keeps Python 2 files (whose ``print`` statements never
parse) usable.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..broken import extent, first_break, within
from ..results import Diagnostic, FileResult, LayerResult, ModelResult, Span
from ..settings import Settings
from .linemap import line_map, relocate

if TYPE_CHECKING:  # the engine is imported by the first analysis, not when the server starts
    from ..chunks import ChunkCache

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


def analyse(text: str, version: Optional[int], path: str, settings: Settings, pieces: Optional[ChunkCache] = None) -> tuple:
    """``(snapshot, pieces)``: run the engine in-process; a crash becomes a KC003 finding, never an exception.

    ``pieces`` is the document's :class:`~kerascheck.chunks.ChunkCache` (a new one when None),
    returned for its next analysis: an edit re-parses only the statements it touched.
    The engine (and libcst) is imported by the first analysis, not when the server starts.
    """
    from ..chunks import ChunkCache
    from ..dataclass_code import reused_dataclass_code

    with reused_dataclass_code():  # saves the code the first analysis compiled
        from ..engine import check_source

    pieces = ChunkCache() if pieces is None else pieces
    try:
        result = check_source(text, path, settings, pieces)
    except Exception as error:  # the engine promises not to raise; the server must not die if it does
        problem = Diagnostic("KC003", "error", f"internal error: {type(error).__name__}: {error}", Span(1, 1, 1, 1))
        result = FileResult(path, (), (problem,))
    return Snapshot(text, version, result), pieces


def _unreadable(result: FileResult) -> int:
    return sum(d.code in UNREADABLE for d in result.diagnostics)


def _unknown_from(model: ModelResult, broken: Diagnostic) -> ModelResult:
    """The model with the broken line as a layer of unknown shape and parameters (it is most likely
    a layer being typed) and every layer after it unknown: the totals become unknown too."""
    line = broken.span.line
    note = f"not known while line {line} does not parse"
    typed = LayerResult(f"does not parse: line {line}", "", broken.span, None, None, None, None, note=note)
    layers = [
        layer if layer.span.line < line else dataclasses.replace(
            layer, input_shape=None, output_shape=None, trainable=None, non_trainable=None, formula="", note=note)
        for layer in model.layers
    ]
    layers.insert(sum(layer.span.line < line for layer in model.layers), typed)
    return dataclasses.replace(model, layers=tuple(layers))


def choose(fresh: Snapshot, good: Optional[Snapshot]) -> tuple:
    """(the view to show, the new last good snapshot)."""
    if good is None or _unreadable(fresh.result) <= _unreadable(good.result):
        return View(fresh.text, fresh.version, fresh.result), fresh
    breaks = {d.span.line: d for d in fresh.result.diagnostics if d.code in UNREADABLE}
    kept = relocate(good.result, line_map(good.text, fresh.text))
    last_good = {model.span: model for model in kept.models}
    models, held, restored = [], [], []  # held: line ranges whose fresh findings depend on a broken line
    for model in fresh.result.models:
        first, last = extent(model)
        broken = first_break(model, list(breaks))
        if broken is None:
            models.append(model)
        elif model.span in last_good:
            models.append(last_good[model.span])
            held.append((first, last))
            restored.append(extent(last_good[model.span]))
        else:
            models.append(_unknown_from(model, breaks[broken]))
            held.append((broken, last))
    findings = [d for d in fresh.result.diagnostics if d.code in UNREADABLE or not within(d.span.line, held)]
    findings += [d for d in kept.diagnostics if d.code not in UNREADABLE and within(d.span.line, restored)]
    diagnostics = tuple(sorted(findings, key=lambda d: (d.span.line, d.span.column, d.code)))
    bindings = tuple(b for b in fresh.result.bindings if not within(b.span.line, held))
    shown = dataclasses.replace(fresh.result, models=tuple(models), diagnostics=diagnostics, bindings=bindings)
    return View(fresh.text, fresh.version, shown, stale=True), good
