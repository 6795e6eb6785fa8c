"""Files built to break a linter: each gets a clear finding or is skipped, quickly.

Every check runs in a subprocess where a crash (the C stack of a native
parser) would show as a signal instead of taking the test run down, with a
time limit and an address-space limit for "bounded time and memory".
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kerascheck.engine import check_bytes, check_source
from kerascheck.runner import check_paths

HEADER = b"import keras\n"
LIMIT_SECONDS = 60
LIMIT_BYTES = 3 * 1024**3


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m kerascheck`` with a time and memory limit; returns when done."""
    code = (
        "import resource, sys, runpy; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({LIMIT_BYTES}, {LIMIT_BYTES})); "
        "sys.argv = ['kerascheck', *sys.argv[1:]]; runpy.run_module('kerascheck', run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=LIMIT_SECONDS
    )


HOSTILE = {
    "deep_parens.py": HEADER + b"x = " + b"(" * 100_000 + b"1" + b")" * 100_000 + b"\n",
    "deep_brackets.py": HEADER + b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "deep_unclosed.py": HEADER + b"x = " + b"{" * 100_000 + b"\n",
    "deep_not.py": HEADER + b"x = " + b"not " * 100_000 + b"y\n",
    "deep_and.py": HEADER + b"x = a" + b" and a" * 100_000 + b"\n",
    "deep_minus.py": HEADER + b"x = " + b"-" * 100_000 + b"1\n",
    "deep_attribute.py": HEADER + b"x = a" + b".b" * 100_000 + b"\n",
    "deep_python2.py": HEADER + b"print 'x'\nx = (a\n" + b" and a\n" * 50_000 + b")\n",
    "long_line.py": HEADER + b"x = [" + b"1, " * 50_000 + b"]\nmodel = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])\n",
    "huge.py": HEADER + b"x = 1\n" * (50 * 1024 * 1024 // 6),
    "not_utf8.py": HEADER + b"name = '\xff\xfe'\n",
    "nul.py": HEADER + b"x = 1\x00\n",
    "bom.py": b"\xef\xbb\xbf" + HEADER + b"model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)), keras.layers.LSTM(2)])\n",
    "crlf.py": (HEADER + b"model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)),\n    keras.layers.LSTM(2)])\n").replace(b"\n", b"\r\n"),
    "lone_cr.py": HEADER.replace(b"\n", b"\r") + b"model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)),\r    keras.layers.LSTM(2)])\r",
    "tabs.py": HEADER + b"def build():\n\tmodel = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)),\n\t\tkeras.layers.LSTM(2)])\n\treturn model\n",
    "mixed_tabs.py": HEADER + b"if True:\n\tx = 1\n        y = 2\n",
}


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for name, data in HOSTILE.items():
        (root / name).write_bytes(data)
    (root / "dir.py").mkdir()
    (root / "dir.py" / "inner.py").write_bytes(HEADER)
    (root / "loop_a.py").symlink_to(root / "loop_b.py")
    (root / "loop_b.py").symlink_to(root / "loop_a.py")
    (root / "dangling.py").symlink_to(root / "nowhere.py")
    (root / "sub").mkdir()
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)  # a directory loop
    os.mkfifo(root / "fifo.py")
    return root


def test_hostile_tree_never_crashes_and_says_why(hostile_tree: Path) -> None:
    started = time.monotonic()
    done = run_cli("check", ".", cwd=hostile_tree)
    assert time.monotonic() - started < LIMIT_SECONDS
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "KC003" not in done.stdout
    found = {}
    for line in done.stdout.splitlines():
        path, _, rest = line.partition(":")
        found.setdefault(path, []).append(rest)
    for name in ("deep_parens.py", "deep_brackets.py", "deep_unclosed.py", "deep_not.py", "deep_and.py", "deep_minus.py", "deep_attribute.py", "deep_python2.py"):
        assert any("nested" in finding or "complex" in finding for finding in found[name]), (name, found.get(name))
    assert "file too large to analyse" in " ".join(found["huge.py"])
    assert "KC002 cannot decode file" in " ".join(found["not_utf8.py"])
    assert "NUL" in " ".join(found["nul.py"])
    for name in ("bom.py", "crlf.py", "lone_cr.py", "tabs.py"):
        assert any("KC102 LSTM" in finding for finding in found[name]), (name, found.get(name))
    assert "long_line.py" not in found  # a clean model after a 150 KB line
    assert "not a regular file (a FIFO)" in " ".join(found["fifo.py"])
    assert "symbolic links" in " ".join(found["loop_a.py"])
    assert "No such file" in " ".join(found["dangling.py"])
    assert "dir.py/inner.py" not in found  # a directory named x.py is searched, and its file is clean


def test_positions_on_every_line_ending() -> None:
    for name in ("crlf.py", "lone_cr.py", "bom.py"):
        result = check_bytes(HOSTILE[name], name)
        lstm = [d for d in result.diagnostics if d.code == "KC102"]
        assert lstm and (lstm[0].span.line, lstm[0].span.column) == ({"bom.py": (2, 68)}.get(name, (3, 5))), (name, result.diagnostics)


def test_unreadable_file_is_reported_and_the_others_still_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which chmod 000 does not stop: make opening fail instead.
    secret = tmp_path / "secret.py"
    secret.write_bytes(HEADER)
    good = tmp_path / "good.py"
    good.write_bytes(HEADER + b"model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)), keras.layers.LSTM(2)])\n")
    real = os.open

    def refuse(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    secret_result, good_result = check_paths([(secret, None), (good, None)], jobs=1)
    assert [d.message for d in secret_result.diagnostics] == ["cannot read file: Permission denied"]
    assert [d.code for d in good_result.diagnostics] == ["KC102"]


def test_internal_error_in_one_file_is_a_finding_for_that_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import kerascheck.engine as engine

    real = engine.interpret

    def explode(module, *rest):  # type: ignore[no-untyped-def]
        if "explode" in module.code:
            raise RuntimeError("boom")
        return real(module, *rest)

    monkeypatch.setattr(engine, "interpret", explode)
    bad = check_source("import keras\nexplode = 1\n", "bad.py")
    good = check_source("import keras\nmodel = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)), keras.layers.LSTM(2)])\n", "good.py")
    assert [d.code for d in bad.diagnostics] == ["KC003"]
    assert "RuntimeError: boom" in bad.diagnostics[0].message and "please report" in bad.diagnostics[0].message
    assert [d.code for d in good.diagnostics] == ["KC102"]


@pytest.mark.parametrize(
    "expression",
    [
        "(1,) * 10**9",
        "'x' * 10**12",
        "2 ** 10**10",
        "10**300 ** 10**300",
        "[0] * 4096 * 4096",
        "1e308 ** 64",
        "(1,) * 4000 + (1,) * 4000",
        "-(2 ** 63) * 2 ** 63",
    ],
)
def test_evaluator_bounds(expression: str) -> None:
    source = f"import keras\nn = {expression}\nmodel = keras.Sequential([keras.layers.Dense(n, input_shape=(3,))])\n"
    started = time.monotonic()
    result = check_source(source, "bounds.py")
    assert time.monotonic() - started < 5
    assert not [d for d in result.diagnostics if d.code == "KC003"]


def test_huge_loops_are_not_unrolled() -> None:
    source = (
        "import keras\nmodel = keras.Sequential()\nmodel.add(keras.Input((3,)))\n"
        "for i in range(10**12):\n    for j in range(10**12):\n        model.add(keras.layers.Dense(4))\n"
        "while True:\n    model.add(keras.layers.Dense(4))\n"
    )
    started = time.monotonic()
    result = check_source(source, "loops.py")
    assert time.monotonic() - started < 5
    assert not [d for d in result.diagnostics if d.code == "KC003"]


@pytest.mark.parametrize(
    "text",
    [
        "\U00031350\n",  # an identifier libcst's tokenizer accepts and its validation refuses (found by hypothesis)
        "x = ''.join(c for c in 'ab' if c)\nmodel = [keras.layers.Dense(n) for n in (1, 2) if n]\n",  # comprehension conditions (found by the sweep)
        "t = ('a'\n" + "     'b'\n" * 3000 + ")\n",  # libcst nests implicit concatenation: too deep for its code generator
    ],
)
def test_regressions_from_the_sweep_and_hypothesis(text: str) -> None:
    result = check_source("import keras\n" + text, "regression.py")
    assert not [d for d in result.diagnostics if d.code == "KC003"], result.diagnostics
