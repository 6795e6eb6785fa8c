"""Code actions: the quick fixes for the findings in the requested range, as workspace edits."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from lsprotocol import types

from ..results import Diagnostic
from .convert import Text, diagnostic, overlaps
from .edits import text_edits
from .fixes import Fix, fixes_for
from .source_tree import SourceTree


#: Editors ask for code actions at every cursor move: parse each text once.
_tree = lru_cache(maxsize=4)(SourceTree)


def _workspace_edit(uri: str, fix: Fix, tree: SourceTree, text: Text) -> types.WorkspaceEdit | None:
    untouchable = tree.blanked if fix.before != tree.source else frozenset()
    edits = text_edits(fix.before, fix.after, untouchable)
    if not edits:
        return None
    changes = [
        types.TextEdit(types.Range(text.position(*edit.start), text.position(*edit.end)), edit.text) for edit in edits
    ]
    return types.WorkspaceEdit(changes={uri: changes})


def code_actions(uri: str, source: str, found: Sequence[Diagnostic], text: Text, wanted: types.Range) -> list:
    start, end = text.location(wanted.start), text.location(wanted.end)
    tree = _tree(source)
    actions = []
    for finding in found:
        if not overlaps(finding.span, start, end):
            continue
        for fix in fixes_for(finding, tree):
            edit = _workspace_edit(uri, fix, tree, text)
            if edit is not None:
                actions.append(types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic(finding, text)],
                    edit=edit,
                    is_preferred=fix.preferred or None,
                ))
    return actions
