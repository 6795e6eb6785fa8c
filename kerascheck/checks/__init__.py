"""Rule checks beyond shapes: arguments, models, compile/fit, legacy API.

Like pyflakes' checker, each check is a small function over facts computed
once per file (:class:`~kerascheck.checks.facts.FileFacts`, in the LibCST
"compute once, consume everywhere" style): the interpreted models, their
results, the layers' bound arguments. A check yields
:class:`Finding` records and is registered with the codes it can report, so a
run where all of them are disabled does not even call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

import libcst as cst

from .facts import FileFacts


@dataclass(frozen=True)
class Finding:
    """One problem at one node; ``replaces`` names shape findings it explains better."""

    code: str
    message: str
    node: cst.CSTNode
    replaces: tuple = ()


CheckFn = Callable[[FileFacts], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    codes: tuple
    run: CheckFn


CHECKS: list = []


def check(*codes: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check that reports ``codes``."""

    def register(run: CheckFn) -> CheckFn:
        CHECKS.append(Check(codes, run))
        return run

    return register


def run_checks(facts: FileFacts, enabled: Callable[[str], bool]) -> list:
    """Every finding of every registered check whose codes are enabled, once per (code, node)."""
    _load()
    found: dict = {}
    for registered in CHECKS:
        if not any(enabled(code) for code in registered.codes):
            continue
        for finding in registered.run(facts):
            found.setdefault((finding.code, id(finding.node)), finding)
    return list(found.values())


def without_replaced(shape_findings: Iterable[tuple], findings: list) -> list:
    """Shape findings ``(code, severity, message, node)`` not explained better by a check."""
    replaced = {(code, id(finding.node)) for finding in findings for code in finding.replaces}
    return [item for item in shape_findings if (item[0], id(item[3])) not in replaced]


def _load() -> None:
    if not CHECKS:
        from . import arguments, compile, legacy, models  # noqa: F401  (each registers its checks)


def with_checks(shape_findings: tuple, module: cst.Module, interpretation: Any, results: tuple, locate: Any, settings: Any) -> list:
    """The engine's entry point: shape findings plus every enabled check's, as ``(code, severity, message, node)``.

    Severities here are the rules' defaults; :func:`kerascheck.suppression.finalize`
    applies the project's overrides, selection and suppressions to all of them.
    """
    from ..rules import is_enabled, severity

    facts = FileFacts.build(module, interpretation, results, settings, locate)
    findings = run_checks(facts, lambda code: is_enabled(code, settings.select, settings.extend_select, settings.ignore))
    kept = without_replaced(shape_findings, findings)
    return kept + [(f.code, severity(f.code), f.message, f.node) for f in findings]
