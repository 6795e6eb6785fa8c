"""The report flags of the command line: stdin, --output-file, --exit-zero,
--statistics, --quiet, --show-files, every --output-format, and color."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kerascheck.cli import main
from kerascheck.reporters import CHECK_FORMATS, SUMMARY_FORMATS
from kerascheck.reporters.ansi import wants_color
from kerascheck.reporters.output import Request, write_report

from .conftest import ROOT, SAMPLES
from .test_cli import BAD, GOOD, run
from .test_reporters import validate_output

BUGGY = SAMPLES / "buggy"
LSTM_LINE = "4:5: KC102 LSTM: expects a 3D input (batch, timesteps, features), got a 2D input (None, 4)"


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):
    """Feed ``text`` to the CLI's stdin (bytes, as a real pipe gives)."""

    def feed(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))

    return feed


def test_stdin_with_a_filename(capsys: pytest.CaptureFixture, stdin) -> None:
    stdin(BAD)
    assert run(capsys, "check", "-", "--stdin-filename", "pkg/model.py") == (1, f"pkg/model.py:{LSTM_LINE}\n", "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file\n")


def test_stdin_filename_alone_reads_stdin_and_dash_alone_is_named_dash(capsys: pytest.CaptureFixture, stdin) -> None:
    stdin(BAD)
    assert run(capsys, "check", "--stdin-filename", "m.py")[1] == f"m.py:{LSTM_LINE}\n"
    stdin(GOOD)
    assert run(capsys, "check", "-") == (0, "", "All checks passed!\n")


def test_stdin_with_paths_and_full_format_quotes_stdin(tmp_path: Path, capsys: pytest.CaptureFixture, stdin) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    stdin(BAD)
    code, out, _ = run(capsys, "check", "--output-format", "full", str(tmp_path), "-", "--stdin-filename", "in.py")
    assert code == 1
    assert out.count("4 |     keras.layers.LSTM(2),\n  |     ^^^^^^^^^^^^^^^^^^^^ KC102\n") == 2
    assert "= shapes: (None, 4) -> lstm (LSTM) -> ?" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "-", "-"], "- (stdin) can be given only once"),
        (["check", "x.py", "--stdin-filename", "m.py"], "--stdin-filename names the file read from stdin: add - to the paths"),
    ],
)
def test_stdin_usage_errors(capsys: pytest.CaptureFixture, args: list, message: str) -> None:
    assert run(capsys, *args) == (2, "", f"kerascheck: error: {message}\n")


def test_output_file_gets_the_report_and_stdout_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    target = tmp_path / "reports" / "kerascheck.sarif"
    monkeypatch.setenv("FORCE_COLOR", "1")  # a file is never colored, whatever the environment says
    code, out, err = run(capsys, "check", str(tmp_path), "--output-format", "sarif", "--output-file", str(target))
    assert (code, out, err) == (1, "", "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file\n")
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"][0]["ruleId"] == "KC102"
    run(capsys, "check", str(tmp_path), "-o", str(target))
    assert "\x1b" not in target.read_text(encoding="utf-8") and "KC102" in target.read_text(encoding="utf-8")


def test_unwritable_output_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "file").write_text("")
    code, out, err = run(capsys, "check", str(tmp_path / "good.py"), "--output-file", str(tmp_path / "file" / "report.txt"))
    assert code == 2 and out == "" and err.startswith(f"kerascheck: error: cannot write {tmp_path / 'file' / 'report.txt'}:")


def test_exit_zero_keeps_the_report(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    assert run(capsys, "check", "--exit-zero", str(tmp_path / "bad.py")) == (0, f"{tmp_path / 'bad.py'}:{LSTM_LINE}\n", "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file\n")


def test_exit_zero_does_not_hide_an_internal_error(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import kerascheck.engine

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(kerascheck.engine, "_check", explode)
    (tmp_path / "bad.py").write_text(BAD)
    code, out, _ = run(capsys, "check", "--exit-zero", str(tmp_path / "bad.py"))
    assert code == 2 and "KC003" in out


def test_statistics_counts_per_rule(capsys: pytest.CaptureFixture) -> None:
    from collections import Counter

    from kerascheck.rules import RULES

    _, findings, _ = run(capsys, "check", str(BUGGY))
    counted = Counter(line.split(": ", 1)[1].split()[0] for line in findings.splitlines())
    code, out, _ = run(capsys, "check", "--statistics", str(BUGGY))
    assert code == 1
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows == [[str(n), c, RULES[c].name] for c, n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))]
    assert len(rows) >= 4  # the buggy samples cover several rules
    _, out, _ = run(capsys, "check", "--statistics", "--output-format", "json", str(BUGGY))
    assert json.loads(out) == [{"code": c, "name": name, "count": int(n)} for n, c, name in rows]


def test_quiet_prints_nothing_but_keeps_the_status_and_the_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    assert run(capsys, "check", "-q", str(tmp_path)) == (1, "", "")
    assert run(capsys, "summary", "--quiet", str(tmp_path), "-o", str(tmp_path / "out.md"), "--output-format", "markdown")[0] == 1
    assert "| lstm (LSTM) |" in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_show_files_lists_and_checks_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "b.py").write_text(BAD)
    (tmp_path / "a.py").write_text(GOOD)
    (tmp_path / "notes.txt").write_text("")
    assert run(capsys, "check", "--show-files", str(tmp_path)) == (0, f"{tmp_path / 'a.py'}\n{tmp_path / 'b.py'}\n", "")


@pytest.mark.parametrize("name", sorted(CHECK_FORMATS))
def test_every_check_format_runs_on_the_buggy_samples(name: str, capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "check", "--output-format", name, str(BUGGY))
    assert code == 1 and out and err == "Found 11 findings (9 errors, 2 warnings, 0 info) in 11 files\n"
    if name == "json":
        validate_output(json.loads(out))


@pytest.mark.parametrize("name", sorted(SUMMARY_FORMATS))
def test_every_summary_format_runs_on_the_samples(name: str, capsys: pytest.CaptureFixture, stdin) -> None:
    stdin(BAD)
    code, out, _ = run(capsys, "summary", "--output-format", name, str(SAMPLES), "-", "--stdin-filename", "in.py")
    assert code == 1 and out
    if name == "json":
        validate_output(json.loads(out))


# --- color --------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "terminal, environ, expected",
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value counts
        (True, {"TERM": "dumb"}, False),
        (False, {"FORCE_COLOR": "1"}, True),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, True),
    ],
)
def test_wants_color(terminal: bool, environ: dict, expected: bool) -> None:
    assert wants_color(_Terminal() if terminal else io.StringIO(), environ) is expected


def test_concise_is_colored_on_a_terminal_only() -> None:
    from kerascheck.engine import check_source

    results = [check_source(BAD, "bad.py")]
    terminal, pipe = _Terminal(), io.StringIO()
    write_report(results, Request(), terminal, {})
    write_report(results, Request(), pipe, {})
    assert terminal.getvalue() == f"\x1b[1mbad.py\x1b[0m:4:5: \x1b[1;31mKC102\x1b[0m LSTM: expects a 3D input (batch, timesteps, features), got a 2D input (None, 4)\n"
    assert pipe.getvalue() == f"bad.py:{LSTM_LINE}\n"


@pytest.mark.parametrize("environ, colored", [({}, False), ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": ""}, True)])
def test_piped_process_color(tmp_path: Path, environ: dict, colored: bool) -> None:
    (tmp_path / "bad.py").write_text(BAD)
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    done = subprocess.run(
        [sys.executable, "-m", "kerascheck", "check", str(tmp_path)], capture_output=True, text=True, env={**env, **environ}, cwd=ROOT
    )
    assert done.returncode == 1 and ("\x1b[" in done.stdout) is colored
