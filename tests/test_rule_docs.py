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


class _Metadata:
    def __init__(self, urls: list) -> None:
        self.urls = urls

    def get_all(self, name: str) -> list:
        return self.urls if name == "Project-URL" else []


@pytest.mark.parametrize("urls, configured, expected", [
    ([], None, None),  # no home: no link
    (["Homepage, https://example.com"], None, None),  # a home page is not the rules' documentation
    (["Rule documentation, https://docs.example.com/{code}"], None, "https://docs.example.com/KC104"),
    (["Rule documentation, https://docs.example.com/rules"], None, None),  # no placeholder: unusable, ignored
    (["Rule documentation, https://docs.example.com/{code}"], "https://mine.example.com/{name}",
     "https://mine.example.com/dense-on-nd-input"),  # the project's own wins
])
def test_rule_links_come_from_the_configuration_or_the_package_metadata(
    monkeypatch: pytest.MonkeyPatch, urls: list, configured: object, expected: object
) -> None:
    from importlib import metadata

    from kerascheck import rule_links

    monkeypatch.setattr(metadata, "metadata", lambda name: _Metadata(urls))
    rule_links.package_template.cache_clear()
    try:
        assert rule_links.rule_url("KC104", configured) == expected
    finally:
        rule_links.package_template.cache_clear()
