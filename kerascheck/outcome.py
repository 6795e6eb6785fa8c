"""What a run says when it ends, and whether it fails.

Like ruff, a run always says what it did, on stderr so that the report on
stdout stays machine-readable: "All checks passed!", or how many findings of
each severity in how many files. Whether the findings fail the run (exit
status 1) is a threshold, ``--fail-on`` / ``fail-on``: by default an error or
a warning fails it, an info finding (a note such as KC206) never does.
"""

from __future__ import annotations

from typing import Iterable

#: Severities from the mildest; a threshold fails the run on its level and every level above.
SEVERITY_ORDER = ("info", "warning", "error")
#: The threshold when neither ``--fail-on`` nor ``fail-on`` says.
DEFAULT_FAIL_ON = "warning"


def fails(results: Iterable, fail_on: str = DEFAULT_FAIL_ON) -> bool:
    """Whether a finding at ``fail_on`` or above is among the results (an unknown severity counts as an error)."""
    threshold = SEVERITY_ORDER.index(fail_on)
    return any(
        SEVERITY_ORDER.index(d.severity) >= threshold if d.severity in SEVERITY_ORDER else True
        for result in results for d in result.diagnostics
    )


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def tally(results: list) -> str:
    """``All checks passed!`` or ``Found 3 findings (1 error, 1 warning, 1 info) in 2 files``."""
    found = [d for result in results for d in result.diagnostics]
    if not found:
        return "All checks passed!"
    by_severity = {severity: sum(d.severity == severity for d in found) for severity in SEVERITY_ORDER}
    files = sum(bool(result.diagnostics) for result in results)
    return (f"Found {_count(len(found), 'finding')} ({_count(by_severity['error'], 'error')}, "
            f"{_count(by_severity['warning'], 'warning')}, {_count(by_severity['info'], 'info', 'info')}) "
            f"in {_count(files, 'file')}")


def models_found(results: list) -> str:
    """What ``summary`` says when no file built a model (it would print nothing else); empty otherwise."""
    if any(result.models for result in results):
        return ""
    return f"no models found in {_count(len(results), 'file')} checked"
