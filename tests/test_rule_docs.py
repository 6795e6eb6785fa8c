"""docs/rules.md and `kerascheck rule` come from the same catalogue."""

from __future__ import annotations

import pytest

from kerascheck.cli import main
from kerascheck.rules import RULES, catalogue_markdown, render

from .conftest import ROOT


def test_committed_docs_equal_the_generated_ones() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == catalogue_markdown(), "regenerate: python -m kerascheck.rules > docs/rules.md"


def test_rule_prints_the_doc(capsys: pytest.CaptureFixture) -> None:
    assert main(["rule", "KC303"]) == 0
    assert capsys.readouterr().out == render(RULES["KC303"])


def test_rule_all_lists_one_per_line(capsys: pytest.CaptureFixture) -> None:
    assert main(["rule", "--all"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(RULES)
    assert lines[0].split()[:3] == ["KC001", "error", "syntax-error"]


def test_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    assert main(["rule", "KC999"]) == 2
    assert "unknown rule" in capsys.readouterr().err
