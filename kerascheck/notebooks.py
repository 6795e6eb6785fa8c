"""Jupyter notebooks (``.ipynb``, nbformat 4) as one Python program, and the map back to their cells.

A notebook's code cells run one after the other in one namespace, so they are
checked as one program: each code cell's source, in order, with IPython's own
syntax blanked (``%matplotlib``, ``!pip ...``, ``x = !ls``, ``obj?``; a
``%%bash`` or ``%%writefile`` cell entirely, only the ``%%time`` line of a
``%%time`` cell, whose body is Python). Blanking keeps every line, so a line
of the program is a line of a cell. Markdown and raw cells and every output are
never parsed as code.

:class:`CellMap` is the one translation between the program and the notebook,
used by the engine, the reporters, the suppression comments and the language
server alike: a program line is a line of a cell (``cell 4, line 3``, cells
counted from 1, markdown cells included, as the notebook lists them), and,
when the notebook was read from its file, a position in the ``.ipynb`` text
itself (where the JSON string holding that line is written), for the tools
that know files but not notebooks (SARIF, GitHub, GitLab).

The JSON is read with the standard library; nothing in the notebook runs.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from .results import Span

SUFFIX = ".ipynb"
#: Bytes read at most from a notebook: outputs (images) make them far larger
#: than a source file, and they are skipped, never parsed as code.
MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024

#: Cell magics whose body is Python run in the notebook's namespace: only
#: their first line is blanked. Any other cell magic (``%%bash``,
#: ``%%writefile``, ``%%timeit``, which runs in a scope of its own...) blanks the cell.
PYTHON_CELL_MAGICS = frozenset({"time", "capture"})

#: IPython syntax that is not Python, on one line: a line magic or a shell
#: escape (``%matplotlib inline``, ``!pip install keras``), the same assigned
#: (``files = !ls``), or help (``Dense?``, ``??Dense``).
_IPYTHON_LINE = re.compile(
    r"\s*(?:[%!]"
    r"|[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[%!]"
    r"|\?{1,2}[A-Za-z_][\w.]*\s*$"
    r"|[A-Za-z_][\w.]*\?{1,2}\s*$)"
)
_CELL_MAGIC = re.compile(r"\s*%%(\w+)")


class NotANotebook(ValueError):
    """A file named ``.ipynb`` that kerascheck cannot read as a notebook; the message says why."""


@dataclass(frozen=True)
class StoredLine:
    """Where one line of a cell is written in the ``.ipynb`` text: inside JSON strings.

    ``anchors`` holds ``(index, line, column)`` triples, flattened: from the line's
    character at 0-based ``index`` on, the text is written from 1-based ``line``,
    ``column`` of the file. A new anchor follows each escape sequence (``\\"`` is
    one character written as two) and starts each further string of a line
    split over several strings.
    """

    anchors: tuple

    def position(self, index: int) -> tuple:
        """``(line, column)`` in the file of the line's character at 0-based ``index``."""
        best = self.anchors[0:3]
        for k in range(3, len(self.anchors), 3):
            if self.anchors[k] > index:
                break
            best = self.anchors[k:k + 3]
        return best[1], best[2] + index - best[0]


@dataclass(frozen=True)
class CodeCell:
    """A code cell of the notebook, as the program holds it."""

    index: int  # 0-based position among all the notebook's cells
    first_line: int  # 1-based program line of the cell's first line
    lines: int  # the cell's line count (at least 1)
    #: Each line's :class:`StoredLine`, when the notebook was read from its file; else empty.
    stored: tuple = ()


@dataclass(frozen=True)
class CellMap:
    """Program lines to cells (and to the ``.ipynb`` text); ``cells`` in program order."""

    cells: tuple = ()

    def cell_at(self, line: int) -> CodeCell:
        """The code cell holding program line ``line`` (the nearest one for a line outside every cell)."""
        starts = [cell.first_line for cell in self.cells]
        return self.cells[max(0, bisect_right(starts, line) - 1)]

    def in_cell(self, span: Span) -> tuple:
        """``(cell number, span within the cell)``: cells counted from 1, markdown ones included.

        A span that runs past its cell (a bracket a cell leaves open) is cut at the cell's end.
        """
        cell = self.cell_at(span.line)
        line = _clamp(span.line - cell.first_line + 1, cell.lines)
        end_line = span.end_line - cell.first_line + 1
        end_column = span.end_column
        if end_line > cell.lines or end_line < line:
            end_line, end_column = line, span.column
        return cell.index + 1, Span(line, span.column, end_line, max(end_column, 1))

    def program_line(self, cell_index: int, line: int) -> Optional[int]:
        """The program line of 1-based ``line`` of the cell at 0-based ``cell_index``; None for a cell not in the program."""
        for cell in self.cells:
            if cell.index == cell_index:
                return cell.first_line + _clamp(line, cell.lines) - 1
        return None

    def in_file(self, span: Span) -> Span:
        """``span`` as a position in the ``.ipynb`` text (1:1 when the notebook was not read from a file)."""
        return Span(*self._stored(span.line, span.column), *self._stored(span.end_line, span.end_column))

    def _stored(self, line: int, column: int) -> tuple:
        cell = self.cell_at(line)
        if not cell.stored:
            return 1, 1
        stored = cell.stored[_clamp(line - cell.first_line + 1, len(cell.stored)) - 1]
        return stored.position(max(column, 1) - 1)


@dataclass(frozen=True)
class Program:
    """A notebook's code cells as one Python source, and the map back."""

    source: str
    cells: CellMap


def is_notebook(path: str) -> bool:
    return path.lower().endswith(SUFFIX)


def read(text: str) -> Optional[Program]:
    """The program of a notebook's JSON text; None for a notebook of another language (R, Julia).

    Raises :class:`NotANotebook` with a clear message for anything that is not an nbformat 4 notebook.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotANotebook(f"not a notebook: invalid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise NotANotebook("not a notebook: JSON nested too deeply") from None
    if not isinstance(document, dict) or not isinstance(document.get("cells", document.get("worksheets")), list):
        raise NotANotebook("not a notebook: the JSON has no list of cells")
    version = document.get("nbformat")
    if not isinstance(version, int) or isinstance(version, bool):
        raise NotANotebook("not a notebook: no nbformat version in the JSON")
    if version != 4 or "worksheets" in document:
        raise NotANotebook(f"a notebook in nbformat {version}: kerascheck reads nbformat 4; "
                           "convert it with `jupyter nbconvert --to notebook --nbformat 4`")
    if not _is_python(document.get("metadata")):
        return None
    sources = []
    for index, cell in enumerate(document["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotANotebook(f"cell {index + 1}: its source is not text (nbformat allows a string or a list of strings)")
        sources.append((index, source))
    return program(sources, _stored_lines(text, _sources(text)))


def program(sources: Iterable[tuple], stored: Optional[dict] = None) -> Program:
    """The program of code cells given as ``(0-based cell index, source)``, in order.

    ``stored``: each cell's :class:`StoredLine` tuple by index, when read from the file.
    """
    parts, cells, line = [], [], 1
    for index, source in sources:
        lines = _LINE_BREAK.split(_LONE_SURROGATE.sub("\ufffd", source))
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()  # the text ended with a line break
        lines = blank_ipython(lines)
        parts.append("\n".join(lines) + "\n")
        cells.append(CodeCell(index, line, len(lines), tuple((stored or {}).get(index, ()))))
        line += len(lines)
    return Program("".join(parts), CellMap(tuple(cells)))


def blank_ipython(lines: Sequence[str]) -> list:
    """The lines of a cell with IPython's syntax blanked, one for one.

    An indented one becomes ``pass`` so that the block around it still parses.
    """
    first = next((k for k, text in enumerate(lines) if text.strip()), None)
    if first is not None:
        magic = _CELL_MAGIC.match(lines[first])
        if magic is not None:
            if magic.group(1) not in PYTHON_CELL_MAGICS:
                return [""] * len(lines)
            lines = [*lines[:first], "", *lines[first + 1:]]
    starts = _statement_starts(lines)
    out = []
    for number, text in enumerate(lines, start=1):
        if (starts is None or number in starts) and _IPYTHON_LINE.match(text):
            indent = text[: len(text) - len(text.lstrip())]
            out.append(indent + "pass" if indent else "")
        else:
            out.append(text)
    return out


def _statement_starts(lines: Sequence[str]) -> Optional[set]:
    """The 1-based lines where a statement starts (not inside brackets, a string, or after a
    backslash), where IPython's syntax can be; None when the cell does not tokenize."""
    starts: set = set()
    fresh = True
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if token.type in (tokenize.NEWLINE, tokenize.NL):
                fresh = fresh or token.type == tokenize.NEWLINE
            elif token.type not in (tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT, tokenize.ENDMARKER):
                if fresh:
                    starts.add(token.start[0])
                fresh = False
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return starts


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: JSON may escape half a UTF-16 pair (``"\\ud800"``): no text has it, no parser takes it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_python(described: object) -> bool:
    """Unless the notebook's metadata (``described``) names another language, it is Python."""
    if not isinstance(described, dict):
        return True
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        value = described.get(key)
        if isinstance(value, dict) and isinstance(value.get(field), str):
            return value[field].lower() in ("python", "python3", "ipython", "python2")
    return True


def _clamp(value: int, top: int) -> int:
    return min(max(value, 1), max(top, 1))


# -- writing lines back into the cells (``--add-noqa``) ----------------------------------


def rewrite(text: str, checked: Program, updated: str) -> tuple:
    """``(new JSON text, lines changed)``: the notebook ``text`` whose program was ``checked``,
    with the lines ``updated`` changed written back into their cells.

    Only the JSON strings of the changed lines are replaced (when the cell's source
    is a list of one string per line, as nbformat writes it), so the rest of the
    file keeps its bytes; another layout gets that cell's whole source rewritten.
    A line that was blanked (IPython syntax) is never written back.
    """
    before, after = checked.source.split("\n"), updated.split("\n")
    if len(before) != len(after):
        return text, 0
    changes: dict = {}  # cell index -> {0-based line in the cell: (old text, new text)}
    for number, (old, new) in enumerate(zip(before, after), start=1):
        if old != new:
            cell = checked.cells.cell_at(number)
            changes.setdefault(cell.index, {})[number - cell.first_line] = (old, new)
    if not changes:
        return text, 0
    cells = json.loads(text)["cells"]
    layout = _sources(text)
    edits, changed = [], 0
    for index, wanted in changes.items():
        source, where = cells[index]["source"], layout.get(index)
        parts = source if isinstance(source, list) else [source]
        lines = _with_endings("".join(parts))
        done = {}
        for k, (old, new) in wanted.items():
            body, ending = _ending(lines[k]) if k < len(lines) else (None, "")
            if body == old:
                done[k] = new + ending
        if not done or where is None:
            continue
        changed += len(done)
        if isinstance(source, list) and parts == lines and len(where.strings) == len(parts):
            edits += [(*where.strings[k], json.dumps(line, ensure_ascii=False)) for k, line in done.items()]
        else:
            lines = [done.get(k, line) for k, line in enumerate(lines)]
            edits.append((*where.value, _serialized(lines, isinstance(source, list), text[where.value[0]:where.value[1]])))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, changed


def _with_endings(text: str) -> list:
    """The lines of ``text``, each with its line break."""
    pieces = _LINE_BREAK_KEPT.split(text)
    lines = [pieces[k] + pieces[k + 1] for k in range(0, len(pieces) - 1, 2)]
    return lines + ([pieces[-1]] if pieces[-1] else [])


def _ending(line: str) -> tuple:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def _serialized(lines: list, as_list: bool, written: str) -> str:
    """A cell's source as JSON, a list laid out as ``written`` was (its first and last whitespace)."""
    if not as_list:
        return json.dumps("".join(lines), ensure_ascii=False)
    inner = written[1:-1]
    opening = inner[: len(inner) - len(inner.lstrip())] or "\n"
    closing = inner[len(inner.rstrip()):]
    return "[" + opening + ("," + opening).join(json.dumps(line, ensure_ascii=False) for line in lines) + closing + "]"


_LINE_BREAK_KEPT = re.compile(r"(\r\n|\r|\n)")


# -- where each line of a cell is written in the file -------------------------------------

_TOKEN = re.compile(r'\s*(?:([{}\[\]:,])|("[^"\\]*(?:\\.[^"\\]*)*")|([^\s{}\[\]:,"]+))')
_ESCAPE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL)


@dataclass
class _Source:
    """Where a cell's ``source`` is written in the file: the whole value, and each of its strings."""

    value: tuple = (0, 0)  # (start, end) offsets of the value (a list or a string)
    strings: list = field(default_factory=list)  # (start, end) offsets of each string, quotes included
    is_list: bool = False


def _sources(text: str) -> dict:
    """``{cell index: _Source}``, found by walking the JSON tokens of ``text``.

    The text already parsed as JSON; this pass only records where each
    ``cells[i].source`` is written (the standard parser does not say). Iterative:
    any nesting depth the parser accepted is fine here.
    """
    found: dict = {}
    stack: list = []  # each open container: [is_object, key or index, expecting a key, start offset]
    position = 0
    while True:
        token = _TOKEN.match(text, position)
        if token is None or token.end() == position:
            break
        position = token.end()
        mark, string = token.group(1), token.group(2)
        if mark in ("{", "["):
            stack.append([mark == "{", None if mark == "{" else 0, mark == "{", token.start(1)])
        elif mark in ("}", "]"):
            if stack:
                opened = stack.pop()
                if _is_source([frame[1] for frame in stack]) and len(stack) == 3:
                    source = found.setdefault(stack[1][1], _Source())
                    source.value, source.is_list = (opened[3], token.end()), True
        elif mark == ":":
            if stack:
                stack[-1][2] = False
        elif mark == ",":
            if stack and stack[-1][0]:
                stack[-1][2] = True
            elif stack:
                stack[-1][1] += 1
        elif string is not None:
            if stack and stack[-1][0] and stack[-1][2]:
                stack[-1][1] = json.loads(string)
                continue
            path = [frame[1] for frame in stack]
            if _is_source(path):
                source = found.setdefault(path[1], _Source())
                source.strings.append((token.start(2), token.end(2)))
                if len(path) == 3:
                    source.value = (token.start(2), token.end(2))
    return found


def _stored_lines(text: str, sources: dict) -> dict:
    """``{cell index: (StoredLine, ...)}``: where each line of each cell's source is written."""
    counted, line = 0, 1  # newlines counted up to offset ``counted``
    stored: dict = {}
    for index, source in sorted(sources.items(), key=lambda item: item[1].value):
        lines: list = []
        for start, end in source.strings:
            line += text.count("\n", counted, start)
            counted = start
            column = start - text.rfind("\n", 0, start) + 1  # 1-based, after the quote
            _split_string(text[start + 1:end - 1], line, column, lines)
        stored[index] = tuple(_joined(lines))
    return stored


def _is_source(path: list) -> bool:
    """``cells[i].source`` (or one of its strings)."""
    return len(path) in (3, 4) and path[0] == "cells" and isinstance(path[1], int) and path[2] == "source"


def _split_string(raw: str, line: int, column: int, lines: list) -> None:
    """Add the lines of the JSON string body ``raw`` (written from ``line``, ``column``) to ``lines``.

    Each entry is ``[anchors, length, open]``: a string that does not end with a
    line break leaves its last line open, for the next string of the list to
    continue (nbformat splits after each ``\\n``; other writers may not).
    """
    if lines and lines[-1][2]:
        anchors, length, _open = lines.pop()
    else:
        anchors, length = [], 0
    anchors += [length, line, column]
    at = 0  # offset in ``raw`` of what is not counted yet
    broke = False  # the last thing read was a line break
    for escape in _ESCAPE.finditer(raw):
        length += escape.start() - at
        value = json.loads(f'"{escape.group()}"')
        at, broke = escape.end(), False
        if value == "\r" and raw.startswith("\\n", at):
            continue  # \r\n: one line break, at the \n
        if value in ("\n", "\r"):
            lines.append([anchors, length, False])
            anchors, length, broke = [0, line, column + at], 0, True
            continue
        length += len(value)
        anchors += [length, line, column + at]
    if at < len(raw) or not broke:
        lines.append([anchors, length + len(raw) - at, True])


def _joined(lines: list) -> list:
    return [StoredLine(tuple(anchors)) for anchors, _length, _open in lines]
