"""Code actions: the fix engine's fixes for the findings in the requested range, and fix-all.

Every fix comes from :mod:`kerascheck.fixes` (what ``--fix`` applies);
``source.fixAll.kerascheck`` applies every safe fix of the file, re-checking
between passes, as ``kerascheck check --fix`` does (:func:`kerascheck.fixing.fix_text`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional, Sequence

from lsprotocol import types

from ..fixes import with_fixes
from ..fixes.edits import text_edits
from ..fixes.suppress import ignore_comment
from ..results import Diagnostic, Fix, FileResult
from ..settings import Settings
from ..target import Target
from .convert import Text, diagnostic, overlaps

#: The kind of the action that applies every safe fix (ruff's server offers ``source.fixAll.ruff``).
FIX_ALL = "source.fixAll.kerascheck"


@lru_cache(maxsize=4)
def _with_fixes(source: str, found: tuple, target: Optional[Target]) -> tuple:
    """Editors ask for code actions at every cursor move: the fixes of one text are computed once."""
    return with_fixes(FileResult("", (), found, target), source).diagnostics


def _workspace_edit(uri: str, edits: Sequence, text: Text) -> types.WorkspaceEdit:
    changes = [types.TextEdit(text.range(edit.span), edit.text) for edit in edits]
    return types.WorkspaceEdit(changes={uri: changes})


def _wanted(only: Optional[Sequence[str]], kind: str) -> bool:
    """Whether the client's ``only`` filter (None: everything) asks for actions of ``kind``."""
    return only is None or any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in only)


def code_actions(uri: str, source: str, result: FileResult, text: Text, wanted: types.Range,
                 only: Optional[Sequence[str]] = None, settings: Optional[Callable[[], Settings]] = None) -> list:
    """The actions for ``result``'s findings (of ``source``) in the ``wanted`` range, and fix-all."""
    found = _with_fixes(source, tuple(result.diagnostics), result.target)
    actions = []
    if _wanted(only, types.CodeActionKind.QuickFix):
        start, end = text.location(wanted.start), text.location(wanted.end)
        for finding in found:
            if overlaps(finding.span, start, end):
                actions += [_quick_fix(uri, finding, fix, text) for fix in (finding.fix, ignore_comment(finding, source)) if fix is not None]
    if settings is not None and _wanted(only, FIX_ALL) and any(finding.fix is not None and finding.fix.safe for finding in found):
        fixed = _fix_all(uri, source, settings(), text)
        actions += [fixed] if fixed is not None else []
    return actions


def _quick_fix(uri: str, finding: Diagnostic, fix: Fix, text: Text) -> types.CodeAction:
    return types.CodeAction(
        title=fix.title if fix.safe else f"{fix.title} (unsafe)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(finding, text)],
        edit=_workspace_edit(uri, fix.edits, text),
        is_preferred=(fix.safe and not fix.title.startswith("Ignore ")) or None,
    )


def _fix_all(uri: str, source: str, settings: Settings, text: Text) -> Optional[types.CodeAction]:
    from ..fixing import fix_text

    fixed = fix_text(source, uri, settings)
    edits = text_edits(source, fixed.after) if not fixed.refused else None
    if not edits:
        return None
    return types.CodeAction(title="kerascheck: fix all safe fixes", kind=FIX_ALL, edit=_workspace_edit(uri, edits, text))
