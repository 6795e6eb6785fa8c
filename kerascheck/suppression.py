"""What a run reports of a file's findings: selection, severities, suppression comments.

A finding is silenced by a comment on the first (or last) line of the code
it is reported at::

    model.add(Dense(10))  # kerascheck: ignore[KC104]
    model.add(Dense(10))  # kerascheck: ignore          (every code)
    model.add(Dense(10))  # noqa: KC104                 (flake8's habit)
    model.add(Dense(10))  # noqa                        (every code)

In a notebook the comment goes on the line in its cell, the same way.

``# noqa`` codes of other tools (``E501``) are left to them. A suppression
that silences nothing is reported by the opt-in rule KC901.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import stat
import tokenize
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from .results import Diagnostic, FileResult, Span
from .rules import RULES, is_enabled, severity, severity_override
from .settings import Settings

_CODE = r"[A-Z]{1,3}[0-9]{1,3}"
_DIRECTIVE = re.compile(
    rf"#\s*(?:(?P<ours>kerascheck:\s*ignore)(?:\[(?P<listed>[^\]]*)\])?|(?P<noqa>(?i:noqa))(?::\s*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*))?)"
)
#: Findings about the file as a whole: never silenced by a line comment.
_FILE_LEVEL = frozenset({"KC002", "KC003"})
UNUSED = "KC901"


@dataclass
class Directive:
    """One suppression comment; ``codes`` None silences every code."""

    line: int
    column: int
    end_column: int
    codes: Optional[frozenset]
    ours: bool  # ``# kerascheck: ignore`` rather than ``# noqa``
    used: set = dataclasses.field(default_factory=set)

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def comments(source: str) -> Iterator[tuple]:
    """(line, column, text) of every comment; a line scan when the file does not tokenize."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.start[1], token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        for number, line in enumerate(source.splitlines(), start=1):
            if "#" in line:
                yield number, line.index("#"), line[line.index("#"):]


def directives(source: str) -> list:
    found = []
    for line, column, text in comments(source):
        for match in _DIRECTIVE.finditer(text):
            listed = match.group("listed") if match.group("ours") else match.group("codes")
            codes = frozenset(re.findall(_CODE, listed)) if listed is not None else None
            found.append(Directive(line, column + match.start(), column + match.end(), codes, bool(match.group("ours"))))
    return found


def finalize(result: FileResult, source: str, settings: Settings) -> FileResult:
    """Keep the enabled findings, with the project's severities, minus the suppressed ones."""

    def enabled(code: str) -> bool:
        return code in _FILE_LEVEL or is_enabled(code, settings.select, settings.extend_select, settings.ignore)

    by_line: dict = {}
    table = directives(source) if "#" in source else []
    for directive in table:
        by_line.setdefault(directive.line, []).append(directive)
    kept = []
    for diagnostic in result.diagnostics:
        if not enabled(diagnostic.code) or _suppressed(diagnostic, by_line):
            continue
        level = severity_override(diagnostic.code, settings.severity) or diagnostic.severity
        kept.append(dataclasses.replace(diagnostic, severity=level))
    if enabled(UNUSED):
        kept.extend(_unused(table, enabled))
        kept.sort(key=lambda d: (d.span.line, d.span.column, d.code))
    return dataclasses.replace(result, diagnostics=tuple(kept))


def _suppressed(diagnostic: Diagnostic, by_line: dict) -> bool:
    if diagnostic.code in _FILE_LEVEL:
        return False
    for line in {diagnostic.span.line, diagnostic.span.end_line}:
        for directive in by_line.get(line, ()):
            if directive.covers(diagnostic.code):
                directive.used.add(diagnostic.code)
                return True
    return False


def _unused(table: Iterable[Directive], enabled: object) -> Iterator[Diagnostic]:
    level = severity(UNUSED)
    for directive in table:
        span = Span(directive.line, directive.column + 1, directive.line, directive.end_column + 1)
        if directive.codes is None:
            if directive.ours and not directive.used:
                yield Diagnostic(UNUSED, level, "unused suppression: `# kerascheck: ignore` silences nothing here; remove it", span)
            continue
        stale = sorted(code for code in directive.codes - directive.used if code in RULES and enabled(code))  # type: ignore[operator]
        if stale:
            yield Diagnostic(UNUSED, level, f"unused suppression of {', '.join(stale)}: nothing is reported here for it; remove it", span)


# -- --add-noqa ------------------------------------------------------------------


def add_suppressions(source: str, diagnostics: Iterable[Diagnostic]) -> tuple:
    """(new source, count): a ``# kerascheck: ignore[...]`` comment for each line with findings.

    Codes join an existing ``kerascheck: ignore[...]`` comment of the line; a line
    that cannot take a comment (inside a multi-line string, after a backslash)
    is left alone. Everything else in the file is kept byte for byte.
    """
    wanted: dict = {}
    for diagnostic in diagnostics:
        if diagnostic.code not in _FILE_LEVEL:
            wanted.setdefault(diagnostic.span.line, set()).add(diagnostic.code)
    lines = source.splitlines(keepends=True)
    blocked = _lines_inside_strings(source)
    existing = {d.line: d for d in directives(source) if d.ours and d.codes is not None}
    added = 0
    for number, codes in sorted(wanted.items()):
        if number > len(lines) or number in blocked:
            continue
        text = lines[number - 1]
        body = text.rstrip("\r\n")
        ending = text[len(body):]
        if body.rstrip().endswith("\\"):
            continue
        directive = existing.get(number)
        if directive is not None:
            merged = ", ".join(sorted(directive.codes | codes))
            body = body[: directive.column] + f"# kerascheck: ignore[{merged}]" + body[directive.end_column:]
        else:
            body = body.rstrip() + f"  # kerascheck: ignore[{', '.join(sorted(codes))}]"
        lines[number - 1] = body + ending
        added += 1
    return "".join(lines), added


def _lines_inside_strings(source: str) -> set:
    """Lines that end inside a multi-line string (a comment there would become text)."""
    blocked: set = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                blocked.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return blocked


def apply_suppressions(results: Iterable, sources: Optional[Mapping[str, bytes]], roots: Optional[Sequence[str]] = None) -> tuple:
    """``--add-noqa`` on disk: ``(comments added, files rewritten, messages)``.

    Only files the runner accepted and read are rewritten, from the very bytes
    it checked (``sources``, shown path -> bytes, as ``runner.check_paths(keep=...)``
    collects them): nothing else is opened for reading, so a FIFO or a link to
    a device is never read here. A file is rewritten only when its real
    location is inside one of ``roots`` (the paths named on the command line;
    default: the working directory), so a symbolic link never leads a write
    outside the checked tree; and only when it still holds the bytes that were
    checked. The new text replaces the file atomically (a hard link elsewhere
    keeps the old text), with the file's permissions. ``messages`` say why
    a file with findings was left alone.
    """
    sources = sources or {}
    trees = [tree_of(root) for root in (roots or ["."])]
    total, files, messages = 0, 0, []
    for result in results:
        if not result.diagnostics or result.path == "-" or result.path not in sources:
            continue
        data = sources[result.path]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            messages.append(f"{result.path}: not rewritten: not UTF-8 text")
            continue
        updated, added = _with_suppressions(result.path, text, result.diagnostics)
        if not added:
            continue
        target = os.path.realpath(result.path)
        if not inside_any(target, trees):
            messages.append(f"{result.path}: not rewritten: it leads to {target}, outside the checked tree")
            continue
        problem = replace_file(target, data, updated.encode("utf-8"))
        if problem is not None:
            messages.append(f"{result.path}: not rewritten: {problem}")
            continue
        total, files = total + added, files + 1
    return total, files, messages


def _with_suppressions(path: str, text: str, diagnostics: Iterable[Diagnostic]) -> tuple:
    """:func:`add_suppressions` on a file's text; in a notebook, on its program, written back into the cells."""
    from .notebooks import NotANotebook, is_notebook, read, rewrite

    if not is_notebook(path):
        return add_suppressions(text, diagnostics)
    try:
        program = read(text)
    except NotANotebook:
        return text, 0
    if program is None:
        return text, 0
    updated, _added = add_suppressions(program.source, diagnostics)
    return rewrite(text, program, updated)


def tree_of(root: str) -> str:
    """The real directory a named path stands for (a file's folder)."""
    real = os.path.realpath(root)
    return real if os.path.isdir(real) else os.path.dirname(real)


def inside_any(path: str, trees: Sequence[str]) -> bool:
    """Whether a real path lies in one of the real directories ``trees``."""
    return any(path == tree or path.startswith(tree.rstrip(os.sep) + os.sep) for tree in trees)


def replace_file(target: str, checked: bytes, new: bytes) -> Optional[str]:
    """Write ``new`` over ``target`` if it is still the regular file holding ``checked``; why not, else."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(target, flags)
    except OSError as error:
        return f"cannot open it: {error.strerror or error}"
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return "no longer a regular file"
        if info.st_size != len(checked) or os.read(descriptor, len(checked) + 1) != checked:
            return "it changed since it was checked"
    except OSError as error:
        return f"cannot read it: {error.strerror or error}"
    finally:
        os.close(descriptor)
    folder = os.path.dirname(target)
    try:
        import tempfile  # only when a file is rewritten

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".kerascheck-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(new)
            os.chmod(temporary, stat.S_IMODE(info.st_mode))
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        return f"cannot write it: {error.strerror or error}"
    return None
