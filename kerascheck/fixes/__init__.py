"""The one fix engine: which findings can be fixed, and the fix of each.

A fixer reads a finding and the file's tree and proposes the whole fixed
text (a libcst rewrite prints every untouched byte back, so formatting and
comments are kept by construction); the engine turns it into the smallest
edits (:mod:`.edits`) and attaches them to the finding as a
:class:`~kerascheck.results.Fix`. The command line (``--fix``, ``--diff``,
:mod:`kerascheck.fixing`), SARIF and the language server's code actions all
read those, so they can never disagree.

Fixes are computed only when asked for (:func:`with_fixes`): a plain check
never pays for them. :data:`FIXERS` is also what ``kerascheck rule CODE`` and
docs/rules.md say about a rule's fix (:func:`fixability`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Optional

from ..results import Diagnostic, FileResult, Fix
from .edits import text_edits
from .tree import SourceTree


@dataclass(frozen=True)
class Proposal:
    """What a fixer proposes: a title for editors and the whole fixed text."""

    title: str
    after: str
    #: True when ``after`` is the source as written, edited (a fix of a statement that does not parse);
    #: else it is the parsed tree printed back, whose blanked statements no edit may touch.
    on_source: bool = False


@dataclass(frozen=True)
class Fixer:
    """Fixes for the findings of ``codes``; ``safe``: they keep the program's behaviour on its target."""

    codes: tuple
    propose: Callable[[Diagnostic, SourceTree], Optional[Proposal]]
    safe: bool
    #: What the fix does, for the rule's documentation.
    does: str


def _fixers() -> tuple:
    from .migration import MIGRATION_FIXERS
    from .structural import STRUCTURAL_FIXERS

    return (*STRUCTURAL_FIXERS, *MIGRATION_FIXERS)


def fixers_for(code: str) -> list:
    """The fixers that may fix a finding of ``code``, in the order they are tried."""
    return [fixer for fixer in _fixers() if code in fixer.codes]


def fixability(code: str) -> list:
    """``(safe, what it does)`` of each fix a rule's findings may get: what its documentation says."""
    return [(fixer.safe, fixer.does) for fixer in fixers_for(code)]


def fix_for(found: Diagnostic, tree: SourceTree) -> Optional[Fix]:
    """The first fix a fixer of the finding's code proposes, as edits on the source; None if none is certain."""
    if tree.module is None:
        return None
    for fixer in fixers_for(found.code):
        proposal = fixer.propose(found, tree)
        before, untouchable = (tree.source, frozenset()) if proposal is not None and proposal.on_source else (tree.parsed_source, tree.blanked)
        if proposal is None or proposal.after == before:
            continue
        edits = text_edits(before, proposal.after, untouchable)
        if edits:
            return Fix(proposal.title, edits, fixer.safe)
    return None


def with_fixes(result: FileResult, source: str) -> FileResult:
    """``result`` with a fix on each finding that can be fixed (``source``: the text that was checked)."""
    if not any(fixers_for(found.code) for found in result.diagnostics):
        return result
    tree = SourceTree(source, result.target)
    diagnostics = tuple(
        dataclasses.replace(found, fix=fix_for(found, tree)) if fixers_for(found.code) else found for found in result.diagnostics
    )
    return dataclasses.replace(result, diagnostics=diagnostics)
