"""Smallest text edits that turn one text into another, so fixes keep formatting.

A quick fix is computed by rewriting the libcst tree (which reproduces every
byte it did not touch) or the text; the edit sent to the editor is then only
the part that changed: changed lines from difflib, trimmed to the characters
that differ. The user's spacing, comments and quotes elsewhere are never
rewritten, and the undo step is as small as the fix.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Edit:
    """Replace 1-based [start, end) (line, column) positions, in characters, with ``text``."""

    start: tuple
    end: tuple
    text: str


def _advance(position: tuple, text: str) -> tuple:
    """The position after ``text`` written at ``position``."""
    newlines = text.count("\n")
    if not newlines:
        return position[0], position[1] + len(text)
    return position[0] + newlines, len(text) - text.rindex("\n")


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


def text_edits(before: str, after: str, untouchable: frozenset = frozenset()) -> Optional[list]:
    """Edits from ``before`` to ``after``; None if one would touch an ``untouchable`` line."""
    old_lines = before.splitlines(keepends=True)
    new_lines = after.splitlines(keepends=True)
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if untouchable.intersection(range(i1 + 1, i2 + 1)):
            return None
        prefix, old, new = _trimmed("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]))
        start = _advance((i1 + 1, 1), "".join(old_lines[i1:i2])[:prefix])
        edits.append(Edit(start, _advance(start, old), new))
    return edits


def differing_lines(first: str, second: str) -> frozenset:
    """1-based numbers of the lines that differ between two texts of as many lines."""
    return frozenset(
        number for number, (a, b) in enumerate(zip(first.splitlines(), second.splitlines()), start=1) if a != b
    )
