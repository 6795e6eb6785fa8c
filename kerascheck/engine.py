"""The one entry point that checks a file: parse once, interpret, check, report.

The CLI, the tests and the editor server all call :func:`check_bytes` or
:func:`check_source`, so they can never disagree about a file. Reading files
is not done here: :mod:`kerascheck.runner` reads each file once, safely
(:func:`kerascheck.files.read_regular`: no FIFO, device or endless file).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from .broken import dependent, within
from .checks import with_checks
from .interpreter.context import FileContext
from .interpreter.expressions import debugging
from .interpreter.guesses import hedged
from .interpreter.statements import interpret
from .interpreter.models import model_results
from .notebooks import NotANotebook, is_notebook, read as read_notebook
from .parsing import UnreadableSource, decode, parse
from .guard import size_problem
from .positions import Positions
from .prefilter import may_use_keras_text
from .results import Binding, Diagnostic, FileResult, Span
from .rules import severity
from .settings import Settings
from .suppression import finalize

if TYPE_CHECKING:
    from .chunks import ChunkCache  # the editor's pieces; the command line parses files whole


def check_bytes(data: bytes, path: str, settings: Settings = Settings()) -> FileResult:
    if is_notebook(path):
        return check_notebook(data, path, settings)
    try:
        text = decode(data)
    except UnreadableSource as error:
        return _file_problem(path, "KC002", f"cannot decode file: {error}", Span(error.line, error.column, error.line, error.column + 1))
    return check_source(text, path, settings)


def check_source(source: str, path: str = "<string>", settings: Settings = Settings(), pieces: Optional[ChunkCache] = None) -> FileResult:
    """Check Python source text; never raises for any input.

    ``pieces``: the parses of this document's earlier texts, which the editor server keeps (one
    cache per document), so that an edit re-parses only the statements it touched (:mod:`.chunks`).
    """
    if not may_use_keras_text(source):
        return FileResult(path)
    too_large = size_problem(len(source))
    if too_large is not None:
        return _file_problem(path, "KC002", too_large)
    try:
        return finalize(_check(source, path, settings, pieces), source, settings)
    except RecursionError as error:  # e.g. hundreds of implicitly concatenated strings, nested by libcst
        if debugging():  # the sweep and the property tests count it as ours
            return internal_error(path, f"RecursionError: {error}")
        return _file_problem(path, "KC001", "too deeply nested to analyse: skipped")
    except Exception as error:  # one bad construct must not stop the run
        import traceback  # only for an internal error

        where = traceback.extract_tb(error.__traceback__)[-1]
        return internal_error(path, f"{type(error).__name__}: {error} (at {Path(where.filename).name}:{where.lineno})")


def check_notebook(data: bytes, path: str, settings: Settings = Settings()) -> FileResult:
    """A Jupyter notebook: its code cells checked as one program (:mod:`.notebooks`);
    the result carries the map from the program's lines to the cells."""
    try:
        program = read_notebook(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return _file_problem(path, "KC002", f"cannot decode file: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})")
    except NotANotebook as error:
        return _file_problem(path, "KC002", str(error))
    if program is None or not program.cells.cells:  # another language's notebook, or no code cells
        return FileResult(path)
    return dataclasses.replace(check_source(program.source, path, settings), cells=program.cells)


def internal_error(path: str, what: str) -> FileResult:
    """KC003 for one file, asking for a report; the run goes on with the other files."""
    return _file_problem(path, "KC003", f"internal error: {what}; please report this at the kerascheck issue tracker with the file")


def _check(source: str, path: str, settings: Settings, pieces: Optional[ChunkCache]) -> FileResult:
    parsed = parse(source, pieces)
    diagnostics = [
        Diagnostic("KC001", severity("KC001"), problem.message, Span(problem.line, problem.column, problem.line, problem.column + 1))
        for problem in parsed.problems
    ]
    if parsed.module is None:
        return FileResult(path, (), tuple(diagnostics))
    positions = Positions(parsed.module, parsed.source, parsed.layout)
    context = FileContext.build(parsed.module, settings)
    interpretation = interpret(parsed.module, context, positions.locate)
    if interpretation.cut_short:
        message = (f"analysis cut short after {settings.time_budget:g} s: models and findings past that point "
                   "are not shown (the file is still checked in full by `kerascheck check`)")
        diagnostics.append(Diagnostic("KC005", severity("KC005"), message, Span(1, 1, 1, 1)))
    if not interpretation.models and not interpretation.applications:
        found = with_checks((), parsed.module, interpretation, (), positions.locate, settings, modelless=True)
        diagnostics += [Diagnostic(code, level, message, positions.locate(node)) for code, level, message, node in found]
        diagnostics.sort(key=lambda d: (d.span.line, d.span.column, d.code))
        return FileResult(path, (), tuple(diagnostics), context.target, notes=interpretation.notes)
    models, findings = model_results(interpretation)
    findings = with_checks(findings, parsed.module, interpretation, models, positions.locate, settings)
    findings = hedged(findings, context.imports, context.generation)
    seen = set()
    held = dependent(models, [problem.line for problem in parsed.problems])  # may be effects of a blanked line
    for code, level, message, node in findings:
        span = positions.locate(node)
        if (code, id(node)) in seen or within(span.line, held):
            continue
        seen.add((code, id(node)))
        diagnostics.append(Diagnostic(code, level, message, span, interpretation.runner.passes.get((code, id(node)))))
    diagnostics.sort(key=lambda d: (d.span.line, d.span.column, d.code))
    bindings = tuple(
        Binding(name, positions.assigned_name(node, element), *_bound(value, positions))
        for name, node, element, value in interpretation.bindings
    ) if settings.tensor_bindings else ()
    return FileResult(path, models, tuple(diagnostics), context.target, bindings, notes=interpretation.notes)


def _bound(value: Any, positions: Positions) -> tuple:
    """(shape, made) of a binding: a tensor's shape, or where a layer or model object was made."""
    return (None, positions.locate(value)) if isinstance(value, cst.Call) else (value, None)


def file_problem(path: str, code: str, message: str) -> FileResult:
    """A file-level finding at 1:1 (unreadable, too large, internal error)."""
    return _file_problem(path, code, message)


def _file_problem(path: str, code: str, message: str, span: Span = Span(1, 1, 1, 1)) -> FileResult:
    return FileResult(path, (), (Diagnostic(code, severity(code), message, span),))
