"""Every rule's documented examples, run: the trigger is flagged at its line, the fix is not."""

from __future__ import annotations

import re

import pytest

from kerascheck.engine import check_source
from kerascheck.rules import RULES, SELECTOR, ordered
from kerascheck.settings import Settings
from kerascheck.target import requested

EVERY_RULE = Settings(select=("ALL",))
WITH_EXAMPLES = [rule for rule in ordered() if rule.example]


def settings_for(rule) -> Settings:
    """Every rule selected, and the rule's ``--target-keras`` when its examples name one."""
    if not rule.target:
        return EVERY_RULE
    target = requested(rule.target, f"--target-keras {rule.target}")
    return Settings(select=("ALL",), target=target)


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda rule: rule.code)
def test_example_is_flagged_at_its_line(rule) -> None:
    result = check_source(rule.example, "example.py", settings_for(rule))
    lines = [d.span.line for d in result.diagnostics if d.code == rule.code]
    assert rule.example_line in lines, [(d.code, d.span.line, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("rule", [rule for rule in WITH_EXAMPLES if rule.fix], ids=lambda rule: rule.code)
def test_fixed_example_is_not_flagged(rule) -> None:
    result = check_source(rule.fix, "fixed.py", settings_for(rule))
    assert [d.message for d in result.diagnostics if d.code == rule.code] == []


@pytest.mark.parametrize("rule", ordered(), ids=lambda rule: rule.code)
def test_rule_is_documented(rule) -> None:
    assert SELECTOR.match(rule.code) and rule.code != "ALL"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.severity in ("error", "warning", "info")
    assert rule.what and rule.why and rule.how_to_fix


def test_codes_and_names_are_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))
    assert all(code == rule.code for code, rule in RULES.items())
