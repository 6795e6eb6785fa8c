"""SARIF 2.1.0, the format GitHub code scanning (and most security dashboards) import.

Every rule of the catalogue is listed in ``tool.driver.rules`` with its
documentation from ``rules.py`` as help text, so the code-scanning page can
explain a finding without a link; a rule links to its documentation
(``helpUri``) only when the run's configuration names a ``rule-docs-url``
or the package metadata does (:mod:`kerascheck.rule_links`). Locations are relative to the repository
root (``%SRCROOT%``), as GitHub requires; columns count code points, as
kerascheck's do. In a notebook, a region is where the line is written in the
``.ipynb`` file; the result's ``properties`` add ``cell`` (counted from 1,
markdown cells included), ``cellLine`` and ``cellColumn``.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote

from .. import __version__
from ..rule_links import rule_url
from ..rules import RULES
from .common import PLAIN, Context, file_span, findings, in_cell, json_text, level, relative_path, rule_for, rule_help

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(code: str, docs: Optional[str]) -> dict:
    rule = rule_for(code)
    text, markdown = rule_help(rule)
    url = rule_url(code, docs)
    return {
        **({"helpUri": url} if url else {}),
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.what},
        "fullDescription": {"text": f"{rule.what} {rule.why}".strip()},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(rule.severity).sarif},
        "properties": {"tags": ["keras", "shape"], "problem.severity": rule.severity},
    }


def _uri(path: str) -> str:
    """A URI reference for a relative or absolute POSIX path (spaces, non-ASCII percent-encoded)."""
    encoded = quote(path, safe="/")
    return f"file://{encoded}" if path.startswith("/") else encoded


def _region(span: object) -> dict:
    """A SARIF region; on one line the end is never before the start."""
    end = max(span.end_column, span.column) if span.end_line == span.line else span.end_column
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": end}


def _fixes(fix: object, location: dict) -> list:
    """The finding's fix as SARIF ``fixes`` (one change of this file's text), or none."""
    if fix is None:
        return []
    replacements = [{"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.text}} for edit in fix.edits]
    title = fix.title if fix.safe else f"{fix.title} (unsafe: changes behaviour)"
    return [{"description": {"text": title}, "artifactChanges": [{"artifactLocation": location, "replacements": replacements}]}]


def _result(path: str, result: object, diagnostic: object, index: int) -> dict:
    d = diagnostic
    uri = _uri(path)
    location = {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "%SRCROOT%"}
    span = file_span(result, d.span)
    cell, inner = in_cell(result, d.span)
    fixes = _fixes(d.fix, location)
    extra = {} if cell is None else {"properties": {"cell": cell, "cellLine": inner.line, "cellColumn": inner.column}}
    return {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": level(d.severity).sarif,
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": _region(span),
                }
            }
        ],
        **extra,
        **({"fixes": fixes} if fixes else {}),
    }


def document(results: list, context: Context = PLAIN) -> dict:
    root = context.repository_root()
    codes = list(RULES)
    codes += sorted({d.code for _, d in findings(results)} - set(codes))
    index = {code: position for position, code in enumerate(codes)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kerascheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(code, context.rule_docs) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(relative_path(result.path, root), result, d, index[d.code]) for result, d in findings(results)
                ],
            }
        ],
    }


def render(results: list, context: Context = PLAIN) -> str:
    return json_text(document(results, context))
