"""Start-up: one model file checked end to end, and what its imports cost (issue 17, item 5).

    python benchmarks/startup.py              # print the figures
    python benchmarks/run.py --startup        # rewrite only the "Start-up" section of docs/performance.md

Every figure is a fresh ``python -m kerascheck check FILE`` process, the
median of ``--repeat`` runs, in wall time (what a user waits) and in CPU time
(user + system of the process, from ``wait4``: what the run costs, much less
disturbed when other work shares the cores). Two runs are measured: *cold*
(``--no-cache``: the analysis runs, so libcst and the interpreter are
imported) and *cached* (the default: the second and later runs on an
unchanged file are served from the result cache, and import neither).

kerascheck's modules are byte-compiled first, as ``pip install`` does: an
environment with ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile
them on every run and time the compiler. Likewise the first analysed run
after installing compiles the methods of libcst's dataclasses and saves them
beside the package's bytecode (kerascheck/dataclass_code.py); that run is
timed once, on its own, with the table removed, and the medians are of the
runs after it.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # kerascheck from this checkout, as the runs measured use it
PYTHON = sys.executable
SAMPLE = ROOT / "samples" / "functional_mnist_mlp.py"
#: Seconds, process start to exit, for one model file (the issue's target).
TARGET = 0.2

#: ``python -X importtime`` budget, in milliseconds of cumulative import time on a quiet machine:
#: (what, top-level modules counted, budget). Written into docs/performance.md with the measured values.
BUDGET = (
    ("Python itself (site, encodings, the editable-install finder)", ("site", "encodings", "zipimport", "codecs", "io", "abc", "_frozen_importlib_external"), 25),
    ("the command line and everything a cached run needs (cli, runner, config, target, cache, reporters)", ("kerascheck",), 50),
    ("the analysis, libcst excluded (engine, interpreter, layers, checks)", ("kerascheck.engine",), 25),
    ("libcst (~200 dataclasses built at import, their methods read from the saved table)", ("libcst",), 60),
)
#: Modules the plain ``check`` path must never import (tests/test_startup.py enforces it).
HEAVY = ("pygls", "lsprotocol", "jsonschema", "hypothesis", "keras", "tensorflow", "tf_keras", "jax", "numpy", "yaml", "pytest")


def run_once(command: Sequence[str], env: Optional[dict] = None) -> tuple:
    """(wall seconds, CPU seconds) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def medians(command: Sequence[str], repeat: int) -> dict:
    runs = [run_once(command) for _ in range(repeat)]
    return {"wall": statistics.median(r[0] for r in runs), "cpu": statistics.median(r[1] for r in runs), "runs": repeat}


def import_times(command: Sequence[str], repeat: int) -> dict:
    """Cumulative ``-X importtime`` microseconds by budget line: the median over ``repeat`` runs of ``command``."""
    runs = [_import_times(command) for _ in range(repeat)]
    return {what: statistics.median(run[what] for run in runs) for what in runs[0]}


def _import_times(command: Sequence[str]) -> dict:
    done = subprocess.run([PYTHON, "-X", "importtime", *command[1:]], capture_output=True, text=True, cwd=ROOT)
    totals = {what: 0 for what, _, _ in BUDGET}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if not cumulative.strip().isdigit():
            continue  # the header line
        depth = (len(name) - len(name.lstrip())) // 2
        module = name.strip()
        owner = _budget_line(module, depth)
        if owner is not None:
            totals[owner] += int(cumulative)
    totals[BUDGET[2][0]] -= totals[BUDGET[3][0]]  # libcst is imported by the engine: its line excludes it
    return totals


def _budget_line(module: str, depth: int) -> object:
    """The budget line a module's cumulative time counts towards (each import counted once, at the top)."""
    if module == "libcst" or (module.startswith("libcst.") and depth == 0):
        return BUDGET[3][0]
    if depth == 0 and module == "kerascheck.engine":
        return BUDGET[2][0]
    if depth == 0 and (module == "kerascheck" or module.startswith("kerascheck.")):
        return BUDGET[1][0]
    if depth == 0 and module in BUDGET[0][1] or depth == 0 and module.startswith("__editable__"):
        return BUDGET[0][0]
    return None


def first_analysed_run(command: Sequence[str]) -> dict:
    """The first analysed run after installing: no table of dataclass methods yet; it writes one."""
    from kerascheck.dataclass_code import table_path

    table_path().unlink(missing_ok=True)
    writing = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    wall, cpu = run_once(command, env=writing)
    if not table_path().is_file():
        raise SystemExit(f"benchmarks/startup.py: the first run wrote no {table_path()}")
    return {"wall": wall, "cpu": cpu, "runs": 1}


def measure(repeat: int = 7) -> dict:
    compileall.compile_dir(str(ROOT / "kerascheck"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="kerascheck-startup-") as cache:
        cold = [PYTHON, "-m", "kerascheck", "check", "--no-cache", str(SAMPLE)]
        cached = [PYTHON, "-m", "kerascheck", "check", "--cache-dir", cache, str(SAMPLE)]
        first = first_analysed_run(cold)
        run_once(cached)  # fills the cache
        result = {
            "first": first,
            "python": medians([PYTHON, "-c", "pass"], repeat),
            "cold": medians(cold, repeat),
            "cached": medians(cached, repeat),
            "imports_cold": import_times(cold, repeat),
            "imports_cached": import_times(cached, repeat),
            "load": os.getloadavg(),
        }
    return result


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(result: dict) -> list:
    """The "Start-up" section of docs/performance.md."""
    sample = SAMPLE.relative_to(ROOT).as_posix()
    rows = []
    for key, label in (("cached", f"`kerascheck check {sample}` (the default: served from the cache)"),
                       ("cold", f"`kerascheck check --no-cache {sample}` (analysed: libcst imported)"),
                       ("first", "the same, the first time after installing (one run: compiles libcst's dataclass methods and saves them)"),
                       ("python", "`python -c pass` (the floor)")):
        figure = result[key]
        verdicts = ("", "") if key in ("python", "first") else tuple(_verdict(figure[kind] < TARGET) for kind in ("wall", "cpu"))
        rows.append(f"| {label} | {figure['wall']:.3f} s | {figure['cpu']:.3f} s | {verdicts[0]} | {verdicts[1]} |")
    one, five, _ = result["load"]
    lines = [
        "## Start-up",
        "",
        f"One model file end to end, process start to exit, median of {result['cold']['runs']} runs each",
        "after a first analysed run (timed alone below: it saves the compiled methods of libcst's dataclasses",
        "beside the package's bytecode, as Python saves a module's `.pyc`; kerascheck/dataclass_code.py)",
        f"(`python benchmarks/run.py --startup`; target < {TARGET} s). Wall time is what a user waits;",
        "CPU time (user + system, from `wait4`) is what the run costs, and what a quiet machine's wall",
        f"time comes close to. Load average while measuring: {one:.1f} (1 min), {five:.1f} (5 min) on",
        f"{os.cpu_count()} cores: where it exceeds the cores, wall times are inflated by waiting for a core.",
        "",
        "| run | wall | CPU | wall < target | CPU < target |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "### `python -X importtime` budget",
        "",
        "Cumulative import time of each part, as `python -X importtime -m kerascheck check FILE` reports it",
        f"(a top-level import counts with everything it imports; median of {result['cold']['runs']} runs). The budget is for a quiet",
        "machine; a part over budget is where start-up went. `-X importtime` measures wall time: under the",
        f"load above, waiting for a core inflates it about as much as the cached run's wall time exceeds its CPU time",
        f"({result['cached']['wall'] / result['cached']['cpu']:.1f}x). `tests/test_startup.py` fails when the plain `check`",
        f"path imports a heavy optional module ({', '.join(HEAVY)}), or when a cached run imports",
        "libcst or the analysis at all.",
        "",
        "| part | budget | cached run | cold run |",
        "|---|---|---|---|",
    ]
    for what, _, budget in BUDGET:
        cached, cold = result["imports_cached"][what] / 1000, result["imports_cold"][what] / 1000
        lines.append(f"| {what} | {budget} ms | {cached:.0f} ms | {cold:.0f} ms |")
    return lines


def main() -> int:
    result = measure()
    print("\n".join(render(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
