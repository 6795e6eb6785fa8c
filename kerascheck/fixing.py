"""``--fix``, ``--diff``, ``--fix-only``: apply the findings' fixes, re-checking after each pass.

ruff's conventions: ``--fix`` writes the safe fixes into the files,
``--unsafe-fixes`` adds the unsafe ones, ``--diff`` prints a unified diff
and writes nothing, ``--fix-only`` reports nothing that remains. A pass
applies every chosen fix whose edits do not overlap another's, then the
file is checked again (a fix may reveal or settle other findings); passes
stop when nothing changes, after at most :data:`MAX_PASSES`. A fixed text
that parses worse than the original is never written: the file is left as
it was, with a message. Files are rewritten as ``--add-noqa`` does
(:func:`kerascheck.suppression.replace_file`): atomically, only if unchanged
since read, never through a link leading outside the paths named.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass
from typing import Optional, Sequence

from .engine import check_bytes, check_source
from .fixes import with_fixes
from .fixes.edits import apply_edits, overlaps
from .parsing import UnreadableSource, decode, parse
from .results import FileResult
from .settings import Settings

#: Passes of fix-and-recheck at most: each removes at least one finding, and a file rarely needs more than a few.
MAX_PASSES = 20
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Fixed:
    """One file's fixing: its text before and after, how many fixes were applied, the last check."""

    path: str
    before: str
    after: str
    fixed: int
    result: FileResult
    #: Why the file was left as it was, or "".
    refused: str = ""


def _wanted(result: FileResult, unsafe: bool) -> list:
    """The fixes of one pass: in source order, each whose edits do not overlap an earlier one's."""
    chosen, taken = [], []
    for found in result.diagnostics:
        fix = found.fix
        if fix is None or not (fix.safe or unsafe):
            continue
        if any(overlaps(edit, other) for edit in fix.edits for other in taken):
            continue
        chosen.append(fix)
        taken.extend(fix.edits)
    return chosen


def _parse_problems(text: str) -> Optional[int]:
    parsed = parse(text)
    return None if parsed.module is None else len(parsed.problems)


def fix_text(source: str, path: str, settings: Settings, unsafe: bool = False, checked: Optional[FileResult] = None) -> Fixed:
    """Fix ``source`` as far as the fixes go, checking it again after each pass (``checked``: its check, if done)."""
    current, fixed = source, 0
    first = with_fixes(checked if checked is not None else check_source(source, path, settings), source)
    result = first
    baseline = _parse_problems(source)
    for _ in range(MAX_PASSES):
        chosen = _wanted(result, unsafe)
        if not chosen:
            break
        candidate = apply_edits(current, tuple(edit for fix in chosen for edit in fix.edits))
        problems = _parse_problems(candidate)
        if problems is None or (baseline is not None and problems > baseline):
            titles = "; ".join(fix.title for fix in chosen)
            return Fixed(path, source, source, 0, first, f"not fixed: the fixed text would not parse (fixes: {titles}); please report this")
        current, fixed = candidate, fixed + len(chosen)
        result = with_fixes(check_source(current, path, settings), current)
    return Fixed(path, source, current, fixed, result)


def unified_diff(fixed: Fixed) -> str:
    """The change as ``diff -u`` prints it, with the file's path on both sides."""
    return "".join(difflib.unified_diff(
        fixed.before.splitlines(keepends=True), fixed.after.splitlines(keepends=True),
        fromfile=_side("a", fixed.path), tofile=_side("b", fixed.path),
    ))


def _side(prefix: str, path: str) -> str:
    """``a/model.py`` for a relative path (as git writes it, for ``patch -p1``); an absolute path as it is."""
    return path if path.startswith("/") else f"{prefix}/{path}"


@dataclass(frozen=True)
class Request:
    """What the command line asked: write (``--fix``) or show (``--diff``), and whether unsafe fixes count."""

    write: bool
    unsafe: bool
    #: The paths named on the command line: no file outside them is written.
    roots: tuple
    #: Worker processes for the first check (``--jobs``).
    jobs: int = 0


def fix_files(tasks: Sequence[tuple], stdin: dict, request: Request) -> tuple:
    """Fix every ``(path, settings)`` of ``tasks`` and the stdin ``{name: (bytes, settings)}``.

    Returns ``(results after fixing, fixes applied, files that had something to fix)``;
    writes the files (``request.write``), or prints their diffs, and prints
    the fixed stdin text; messages go to stderr.
    """
    from .runner import check_paths
    from .suppression import inside_any, replace_file, tree_of

    roots = [tree_of(root) for root in (request.roots or (".",))]
    results, total, changed = [], 0, 0
    read: dict = {}  # what the runner read and checked: the only bytes fixed, and from what
    for (path, settings), checked in zip(tasks, check_paths(tasks, request.jobs, keep=read)):
        data = read.get(str(path))
        if data is None or not checked.diagnostics or checked.cells is not None:
            results.append(checked)  # nothing to fix, a file that could not be read (KC002 says why), a notebook
            if checked.cells is not None and checked.diagnostics:
                _note(f"{path}: not fixed: --fix does not rewrite notebooks")
            continue
        try:
            text = _utf8(data)
        except UnreadableSource as error:
            _note(f"{path}: not fixed: {error}")
            results.append(checked)
            continue
        fixed = fix_text(text, str(path), settings, request.unsafe, checked)
        results.append(fixed.result)
        if fixed.refused:
            _note(f"{path}: {fixed.refused}")
            continue
        if fixed.after == fixed.before:
            continue
        changed += 1
        total += fixed.fixed
        if not request.write:
            sys.stdout.write(unified_diff(fixed))
            continue
        target = os.path.realpath(path)
        problem = None if inside_any(target, roots) else f"it leads to {target}, outside the checked tree"
        problem = problem or replace_file(target, data, _encoded(fixed.after, data))
        if problem is not None:
            _note(f"{path}: not fixed: {problem}")
            total -= fixed.fixed
            changed -= 1
    for name, (data, settings) in stdin.items():
        try:
            text = _utf8(data)
        except UnreadableSource as error:
            _note(f"{name}: not fixed: {error}")
            if request.write:  # the source goes through unchanged, byte for byte
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
            results.append(check_bytes(data, name, settings))
            continue
        fixed = fix_text(text, name, settings, request.unsafe)
        results.append(fixed.result)
        if fixed.refused:
            _note(f"{name}: {fixed.refused}")
        total += fixed.fixed
        changed += fixed.after != fixed.before
        sys.stdout.write(fixed.after if request.write else unified_diff(fixed))
    return results, total, changed


def attach_fixes(results: list, read: dict) -> list:
    """Each result with its findings' fixes, computed on the bytes that were checked (``read``, by path)."""
    attached = []
    for result in results:
        data = read.get(result.path)
        try:
            text = decode(data) if data is not None and result.diagnostics and result.cells is None else None
        except UnreadableSource:
            text = None
        attached.append(result if text is None else with_fixes(result, text))
    return attached


def _utf8(data: bytes) -> str:
    """The text of a file that can be written back byte for byte: UTF-8 (a BOM kept aside)."""
    text = decode(data)
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if text.encode("utf-8") != data:
        raise UnreadableSource("not UTF-8 text: fixes are written only to UTF-8 files")
    return text


def _encoded(text: str, original: bytes) -> bytes:
    return (_BOM if original.startswith(_BOM) else b"") + text.encode("utf-8")


def _note(message: str) -> None:
    from .reporters.common import printable

    print(f"kerascheck: {printable(message)}", file=sys.stderr)


def summary(total: int, remaining: int) -> str:
    """``3 fixed, 1 remaining.``: the line ``--fix`` ends with."""
    return f"{total} fixed, {remaining} remaining."
