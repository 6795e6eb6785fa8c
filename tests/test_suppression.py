"""Suppression comments, the unused-suppression rule, and --add-noqa."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerascheck.cli import main
from kerascheck.engine import check_source
from kerascheck.settings import Settings

HEAD = "from keras import layers, models\n"
LINE = "m = models.Sequential([layers.Dense(4, activation='rellu', input_shape=(3,)), layers.Dropout(1)])"


def codes(source: str, settings: Settings = Settings()) -> list:
    return sorted(d.code for d in check_source(source, "t.py", settings).diagnostics)


@pytest.mark.parametrize("comment, left", [
    ("# kerascheck: ignore[KC308]", ["KC307"]),
    ("# kerascheck: ignore[KC307, KC308]", []),
    ("# kerascheck: ignore", []),
    ("# noqa: KC308", ["KC307"]),
    ("# noqa: KC307,KC308", []),
    ("# NOQA", []),
    ("# noqa: E501", ["KC307", "KC308"]),  # another tool's code
    ("# some note  # kerascheck: ignore[KC307]", ["KC308"]),
])
def test_both_spellings_per_code_and_bare(comment: str, left: list) -> None:
    assert codes(HEAD + LINE + "  " + comment + "\n") == left


def test_multi_line_call_is_silenced_on_its_first_line() -> None:
    source = HEAD + "m = models.Sequential([\n    layers.Dense(  # noqa: KC308\n        4,\n        activation='rellu',\n        input_shape=(3,),\n    ),\n])\n"
    assert codes(source) == []


def test_unused_suppressions_are_opt_in() -> None:
    source = HEAD + "m = models.Sequential([layers.Dense(4, input_shape=(3,))])  # kerascheck: ignore[KC104]  # noqa: E501\n"
    assert codes(source) == []
    found = check_source(source, "t.py", Settings(extend_select=("KC901",))).diagnostics
    assert [(d.code, d.span.line) for d in found] == [("KC901", 2)]
    assert "KC104" in found[0].message


def test_add_noqa_silences_every_finding_and_keeps_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "model.py"
    original = HEAD + "text = '''\nnot code\n'''\r\n" + LINE + "  # kerascheck: ignore[KC307]\n" + LINE.replace("m =", "n =") + "\n"
    path.write_bytes(original.encode())
    assert main(["check", "--isolated", "--add-noqa", str(path)]) == 0
    updated = path.read_bytes().decode()
    assert updated.splitlines()[4].endswith("# kerascheck: ignore[KC307, KC308]")
    assert updated.splitlines()[5].endswith("  # kerascheck: ignore[KC307, KC308]")
    assert "\r\n" in updated and updated.startswith(HEAD + "text = '''\nnot code\n'''\r\n")
    capsys.readouterr()
    assert main(["check", "--isolated", str(path)]) == 0
