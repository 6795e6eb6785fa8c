"""Text edits: the smallest ones that turn one text into another, and applying them.

A fix is computed by rewriting the libcst tree (which reproduces every byte
it did not touch) or the text; what it carries is only the part that
changed: changed lines from difflib, trimmed to the characters that differ.
The user's spacing, comments and quotes elsewhere are never rewritten, and
an editor's undo step is as small as the fix.

Lines are split where Python and editors split them (``\\r\\n``, ``\\r``,
``\\n``), not at every character ``str.splitlines`` knows, so the positions
agree with the findings' spans.
"""

from __future__ import annotations

import difflib
import os
import re
from typing import Optional

from ..results import Edit, Span

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def lines(text: str) -> list:
    """``text`` split into lines, each with its line break."""
    return _LINE.findall(text)


def _advance(position: tuple, text: str) -> tuple:
    """The 1-based (line, column) after ``text`` written at ``position``."""
    broken = lines(text)
    if len(broken) <= 1 and not re.search(r"[\r\n]$", text):
        return position[0], position[1] + len(text)
    last = broken[-1]
    if re.search(r"[\r\n]$", last):
        return position[0] + len(broken), 1
    return position[0] + len(broken) - 1, len(last) + 1


def _is_name_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _trimmed(old: str, new: str) -> tuple:
    """(common prefix length, old middle, new middle).

    The prefix stops before a dotted name it would cut (``layers.`` of
    ``layers.Flatten(), layers.Dense``), so the edit reads as the fix does.
    """
    prefix = len(os.path.commonprefix([old, new]))
    if _is_name_char(new[prefix : prefix + 1]):
        while prefix and (_is_name_char(old[prefix - 1]) or old[prefix - 1] == "."):
            prefix -= 1
    old, new = old[prefix:], new[prefix:]
    suffix = len(os.path.commonprefix([old[::-1], new[::-1]]))
    return prefix, old[: len(old) - suffix], new[: len(new) - suffix]


def text_edits(before: str, after: str, untouchable: frozenset = frozenset()) -> Optional[tuple]:
    """Edits from ``before`` to ``after``; None if one would touch an ``untouchable`` line."""
    old_lines, new_lines = lines(before), lines(after)
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if untouchable.intersection(range(i1 + 1, i2 + 1)):
            return None
        prefix, old, new = _trimmed("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]))
        start = _advance((i1 + 1, 1), "".join(old_lines[i1:i2])[:prefix])
        end = _advance(start, old)
        edits.append(Edit(Span(start[0], start[1], end[0], end[1]), new))
    return tuple(edits)


def _offset(starts: list, line: int, column: int) -> int:
    return starts[line - 1] + column - 1 if line <= len(starts) else starts[-1]


def apply_edits(text: str, edits: tuple) -> str:
    """``text`` with non-overlapping ``edits`` applied (their spans are on ``text``)."""
    starts = [0]
    for line in lines(text):
        starts.append(starts[-1] + len(line))
    pieces, done = [], 0
    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.column)):
        start = _offset(starts, edit.span.line, edit.span.column)
        end = _offset(starts, edit.span.end_line, edit.span.end_column)
        pieces += [text[done:start], edit.text]
        done = end
    return "".join(pieces) + text[done:]


def overlaps(first: Edit, second: Edit) -> bool:
    """Whether two edits touch the same text (two insertions at one point do too)."""
    a = ((first.span.line, first.span.column), (first.span.end_line, first.span.end_column))
    b = ((second.span.line, second.span.column), (second.span.end_line, second.span.end_column))
    return a[0] <= b[1] and b[0] <= a[1]


def differing_lines(first: str, second: str) -> frozenset:
    """1-based numbers of the lines that differ between two texts of as many lines."""
    return frozenset(number for number, (a, b) in enumerate(zip(lines(first), lines(second)), start=1) if a.rstrip("\r\n") != b.rstrip("\r\n"))
