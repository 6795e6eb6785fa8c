"""Start-up: what the plain ``check`` path imports (issue 17, item 5).

Start-up time is mostly imports, so the guard is on what is imported, read
from ``python -X importtime`` of the real command line (timings themselves
are measured by ``benchmarks/startup.py``, never asserted in a test):

* no run of ``check`` or ``summary`` imports a heavy optional module (the
  language server's, the tests', Keras...);
* a run served from the result cache imports neither libcst nor the analysis.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.startup import HEAVY

from .conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "functional_mnist_mlp.py"
#: What a run served from the cache must not need: the parser and every part of the analysis.
ANALYSIS = ("libcst", "kerascheck.engine", "kerascheck.interpreter", "kerascheck.checks", "kerascheck.layers", "kerascheck.parsing")


def imported(*args: str, cwd: Path) -> set:
    """The modules ``python -m kerascheck ARGS`` imports, as ``-X importtime`` lists them."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kerascheck", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def offenders(modules: set, forbidden: tuple) -> list:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in forbidden))


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-cache"],
        ["check", "--no-cache", "--output-format", "full"],
        ["check", "--no-cache", "--output-format", "json"],
        ["check", "--no-cache", "--output-format", "sarif"],
        ["check", "--no-cache", "--statistics"],
        ["summary", "--no-cache"],
    ],
)
def test_no_heavy_optional_module_on_the_check_path(tmp_path: Path, args: list) -> None:
    modules = imported(*args, str(SAMPLE), cwd=tmp_path)
    assert "libcst" in modules  # the file was analysed: the listing is real
    assert offenders(modules, HEAVY) == []


def test_a_cached_run_imports_no_analysis(tmp_path: Path) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = imported("check", *cache, str(SAMPLE), cwd=tmp_path)
    assert {"kerascheck.engine", "libcst"} <= first  # analysed once
    second = imported("check", *cache, str(SAMPLE), cwd=tmp_path)
    assert "kerascheck.cache" in second and offenders(second, ANALYSIS + HEAVY) == []
