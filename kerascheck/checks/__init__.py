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
    #: It reads the file's statements, not its models: it runs on a file that builds none too.
    modelless: bool = False


CHECKS: list = []


def check(*codes: str, modelless: bool = False) -> Callable[[CheckFn], CheckFn]:
    """Register a check that reports ``codes`` (``modelless``: on files that build no model too)."""

    def register(run: CheckFn) -> CheckFn:
        CHECKS.append(Check(codes, run, modelless))
        return run

    return register


def run_checks(facts: FileFacts, enabled: Callable[[str], bool], modelless: bool = False) -> list:
    """Every finding of every registered check whose codes are enabled (``modelless``: of those
    that run on a file without models only), once per (code, node)."""
    _load()
    found: dict = {}
    for registered in CHECKS:
        if not any(enabled(code) for code in registered.codes) or (modelless and not registered.modelless):
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


def with_checks(shape_findings: tuple, module: cst.Module, interpretation: Any, results: tuple, locate: Any, settings: Any,
                modelless: bool = False) -> list:
    """The engine's entry point: shape findings plus every enabled check's, as ``(code, severity, message, node)``;
    ``modelless``: for a file that builds no model, where only the checks of its statements run.

    Severities here are the rules' defaults; :func:`kerascheck.suppression.finalize`
    applies the project's overrides, selection and suppressions to all of them.
    """
    from ..rules import is_enabled, severity

    def enabled(code: str) -> bool:
        return is_enabled(code, settings.select, settings.extend_select, settings.ignore)

    _load()
    if modelless and not any(registered.modelless and any(map(enabled, registered.codes)) for registered in CHECKS):
        return list(shape_findings)  # no facts to build for nothing
    facts = FileFacts.build(module, interpretation, results, settings, locate)
    findings = run_checks(facts, enabled, modelless)
    kept = without_replaced(shape_findings, findings)
    return kept + [(f.code, severity(f.code), f.message, f.node) for f in findings]
