"""``--statistics``: how many findings of each rule, most frequent first.

It replaces the list of findings (as ruff's does), to see at a glance what a
legacy code base needs before cleaning it up rule by rule.
"""

from __future__ import annotations

import json
from collections import Counter

from .ansi import paint
from .common import PLAIN, Context, findings, level, rule_for


def counts(results: list) -> list:
    """``(code, count)`` pairs, most frequent first, then by code."""
    counted = Counter(d.code for _, d in findings(results))
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def render(results: list, context: Context = PLAIN) -> str:
    rows = counts(results)
    width = max((len(str(count)) for _, count in rows), default=1)
    lines = []
    for code, count in rows:
        rule = rule_for(code)
        lines.append(f"{count:>{width}}\t{paint(code, level(rule.severity).color, context.color)}\t{rule.name}\n")
    return "".join(lines)


def render_json(results: list, context: Context = PLAIN) -> str:
    rows = [{"code": code, "name": rule_for(code).name, "count": count} for code, count in counts(results)]
    return json.dumps(rows, indent=2) + "\n"
