"""GitLab Code Quality report (``artifacts:reports:codequality``).

GitLab compares the report of a merge request with its target branch's by
``fingerprint``, so the fingerprint must stay the same when unrelated edits
move a finding to another line: it hashes the path, the code and the message,
plus a counter that tells identical findings in one file apart. In a notebook,
the lines are those of the ``.ipynb`` file where the cell's line is written,
and the description names the cell and the line in it.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from .common import PLAIN, Context, file_span, findings, in_cell, json_text, level, relative_path


def fingerprint(path: str, code: str, message: str, occurrence: int) -> str:
    key = "\0".join((path, code, message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def issues(results: list, context: Context = PLAIN) -> list:
    root = context.repository_root()
    seen: Counter = Counter()
    out = []
    for result, d in findings(results):
        path = relative_path(result.path, root)
        seen[(path, d.code, d.message)] += 1
        span = file_span(result, d.span)
        cell, inner = in_cell(result, d.span)
        where = "" if cell is None else f" (cell {cell}, line {inner.line})"
        out.append(
            {
                "type": "issue",
                "check_name": d.code,
                "description": f"{d.code} {d.message}{where}",
                "severity": level(d.severity).gitlab,
                "fingerprint": fingerprint(path, d.code, d.message, seen[(path, d.code, d.message)]),
                "location": {"path": path, "lines": {"begin": span.line, "end": span.end_line}},
            }
        )
    return out


def render(results: list, context: Context = PLAIN) -> str:
    return json_text(issues(results, context))
