"""kerascheck's performance, measured side by side in one run, written to docs/performance.md.

    python benchmarks/run.py                 # everything (about 10-20 minutes on 2 cores)
    python benchmarks/run.py --quick         # fewer files and repeats, to try it out
    python benchmarks/run.py --sweep         # also the full stdlib + site-packages sweep
    python benchmarks/run.py --startup       # only the single-file start-up figures (benchmarks/startup.py),
                                             # rewriting that section of docs/performance.md

Every timing is a fresh process (start-up included, as a user or CI sees it)
repeated ``--repeat`` times; the median is reported. Peak memory is the
largest resident set of the process and its workers (``wait4``).

(a) kerascheck versus real Keras building the same models (import, build,
    summary) on the samples; (b) kerascheck versus flake8, ruff and pylint
    on the same large tree: generated files, most without Keras, plus an
    installed package's real sources; (c) cold versus warm cache; (d) one
    versus N jobs; (e) peak memory; and in-process, the cost of checking a
    Keras file relative to libcst's bare parse of it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import startup  # noqa: E402 (after the checkout is on the path)

PYTHON = sys.executable
SAMPLES = ROOT / "samples"
OUTPUT = ROOT / "docs" / "performance.md"
TARGETS = {
    "one_file": 0.2,  # seconds, process start to exit
    "big_file": 1.0,  # seconds to analyse a 5,000-line file with 200 models from scratch, in process (an editor's first analysis)
    "parse_ratio": 1.5,  # per-file cost on Keras files / libcst bare parse
    "warm_speedup": 10.0,  # cold / warm on the large tree
    "flake8_ratio": 1.0,  # kerascheck / flake8 on the same tree: below 1 is faster
}


def timed(command: Sequence[str], cwd: Optional[Path] = None, stdin: Optional[bytes] = None) -> tuple:
    """(seconds, peak RSS in MB) of one run of ``command`` and its workers."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stdin is not None and process.stdin is not None:
        process.stdin.write(stdin)
        process.stdin.close()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def median_run(command: Sequence[str], repeat: int, **kwargs: object) -> tuple:
    runs = [timed(command, **kwargs) for _ in range(repeat)]  # type: ignore[arg-type]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def kerascheck(*arguments: str) -> list:
    return [PYTHON, "-m", "kerascheck", *arguments]


# -- the large tree --------------------------------------------------------------


def build_tree(root: Path, generated: int, keras_share: float) -> dict:
    """``generated`` files copied from the standard library (a ``keras_share`` of them Keras
    samples), plus ``keras/src`` from site-packages as a real library tree."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    plain = sorted(p for p in stdlib.glob("*.py") if p.stat().st_size < 200_000) + sorted(stdlib.glob("*/*.py"))
    plain = [p for p in plain if "test" not in p.parts[-2]]
    models = sorted(p for p in SAMPLES.rglob("*.py"))
    keras_files = int(generated * keras_share)
    for index in range(generated):
        folder = root / "generated" / f"pkg{index // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        source = models[index % len(models)] if index < keras_files else plain[index % len(plain)]
        shutil.copyfile(source, folder / f"m{index:05d}.py")
    library = Path(sysconfig.get_paths()["purelib"]) / "keras" / "src"
    copied = 0
    if library.is_dir():
        shutil.copytree(library, root / "keras_src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        copied = len(list((root / "keras_src").rglob("*.py")))
    return {"generated": generated, "keras_generated": keras_files, "library": "keras/src", "library_files": copied, "total": generated + copied}


# -- measurements ----------------------------------------------------------------


def bench_keras(repeat: int) -> list:
    """(a) each sample: kerascheck summary versus real Keras importing, building and summarising it."""
    rows = []
    for sample in sorted(SAMPLES.glob("*.py")):
        if "keras1" in sample.name or "py2" in sample.name or "theano" in sample.name:
            continue  # Keras 1 / Python 2 code: real Keras 3 cannot build it at all
        ours, _ = median_run(kerascheck("summary", str(sample), "--no-cache"), repeat)
        job = json.dumps([{"path": str(sample)}]).encode()
        theirs, _ = median_run([PYTHON, str(ROOT / "tests" / "keras_harness.py")], repeat, stdin=job)
        rows.append((sample.name, ours, theirs))
    return rows


def bench_parse_ratio() -> dict:
    """In process: checking each Keras file versus libcst's bare parse of it (best of 3 each)."""
    import libcst as cst

    from kerascheck.engine import check_source

    library = Path(sysconfig.get_paths()["purelib"]) / "keras" / "src" / "applications"
    files = sorted(SAMPLES.rglob("*.py")) + sorted(library.glob("*.py"))
    ratios, parse_total, check_total = [], 0.0, 0.0
    for path in files:
        source = path.read_text(encoding="utf-8", errors="replace")
        try:
            cst.parse_module(source)
        except Exception:  # Python 2 samples: libcst alone cannot parse them
            continue
        check_source(source, str(path))  # warm the catalogue and caches once
        parse = min(_clock(lambda: cst.parse_module(source)) for _ in range(3))
        check = min(_clock(lambda: check_source(source, str(path))) for _ in range(3))
        ratios.append(check / parse)
        parse_total += parse
        check_total += check
    return {"files": len(ratios), "median": statistics.median(ratios), "total": check_total / parse_total, "max": max(ratios)}


#: A 5,000-line model file with 200 models: Sequential ones built with ``add`` and functional
#: residual blocks whose shortcut depends on the tensor's width (what an editor re-analyses).
_BIG_SEQUENTIAL = """model{n} = keras.Sequential(name="model{n}")
model{n}.add(keras.Input((64, 64, 3)))
model{n}.add(layers.Conv2D(32, 3, padding="same", activation="relu"))
model{n}.add(layers.BatchNormalization())
model{n}.add(layers.Conv2D(32, 3, padding="same", activation="relu"))
model{n}.add(layers.MaxPooling2D(2))
model{n}.add(layers.Dropout(0.25))
model{n}.add(layers.Conv2D(64, 3, padding="same", activation="relu"))
model{n}.add(layers.MaxPooling2D(2))
model{n}.add(layers.Flatten())
model{n}.add(layers.Dense(128, activation="relu"))
model{n}.add(layers.Dense(10, activation="softmax"))
"""
_BIG_FUNCTIONAL = """inputs{n} = keras.Input((32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs{n})
shortcut = x
x = layers.Conv2D(16, 3, padding="same")(x)
x = layers.BatchNormalization()(x)
if shortcut.shape[-1] != 16:
    shortcut = layers.Conv2D(16, 1)(shortcut)
x = layers.add([x, shortcut])
x = layers.MaxPooling2D(2)(x)
x = layers.GlobalAveragePooling2D()(x)
outputs{n} = layers.Dense(10)(x)
net{n} = keras.Model(inputs{n}, outputs{n}, name="net{n}")
"""


def big_file(models: int = 200) -> str:
    parts = ["import keras\nfrom keras import layers\n\n\n"]
    for n in range(models):
        parts.append((_BIG_SEQUENTIAL if n % 2 else _BIG_FUNCTIONAL).format(n=n) + "\n" * 13)
    return "".join(parts)


def bench_big_file(repeat: int) -> dict:
    """In process, from scratch (the editor server's first analysis of a document; after an edit it re-parses
    only the statements the edit touched, measured by ``benchmarks/lsp_editor.py``): the 5,000-line file,
    median of ``repeat``."""
    from kerascheck.engine import check_source

    source = big_file()
    models = len(check_source(source).models)  # warm the catalogue once
    seconds = statistics.median(_clock(lambda: check_source(source)) for _ in range(max(repeat, 5)))
    return {"lines": source.count("\n"), "models": models, "seconds": seconds}


def _clock(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def bench_import(repeat: int) -> dict:
    """Start-up: ``python -c pass`` versus importing what ``kerascheck check`` imports."""
    bare, _ = median_run([PYTHON, "-c", "pass"], repeat)
    imported, _ = median_run([PYTHON, "-c", "import kerascheck.cli, kerascheck.runner, kerascheck.engine"], repeat)
    return {"python": bare, "imports": imported}


def bench_tree(tree: Path, jobs: int, repeat: int, pylint_share: float) -> dict:
    out = {}
    cache = tree.parent / "cache"
    out["kerascheck_jobs_n"] = median_run(kerascheck("check", str(tree), "--no-cache", "-j", str(jobs)), repeat)
    out["kerascheck_jobs_1"] = median_run(kerascheck("check", str(tree), "--no-cache", "-j", "1"), repeat)
    colds, warms, peak = [], [], 0.0
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        cold = timed(kerascheck("check", str(tree), "--cache-dir", str(cache), "-j", str(jobs)))
        warm = timed(kerascheck("check", str(tree), "--cache-dir", str(cache), "-j", str(jobs)))
        colds.append(cold[0])
        warms.append(warm[0])
        peak = max(peak, cold[1], warm[1])
    out["kerascheck_cold"] = (statistics.median(colds), peak)
    out["kerascheck_warm"] = (statistics.median(warms), peak)
    out["flake8"] = median_run([PYTHON, "-m", "flake8", "--jobs", str(jobs), str(tree)], repeat)
    ruff = shutil.which("ruff", path=str(Path(PYTHON).parent)) or shutil.which("ruff")
    if ruff:
        out["ruff"] = median_run([ruff, "check", "--no-cache", "--select", "ALL", "--quiet", str(tree)], repeat)
    out["pylint"] = _pylint(tree, jobs, pylint_share)
    return out


def _pylint(tree: Path, jobs: int, share: float) -> tuple:
    """pylint over every ``1/share``-th file, scaled to the whole tree (it takes too long otherwise)."""
    files = sorted(tree.rglob("*.py"))
    step = max(1, round(1 / share))
    subset = files[::step]
    listing = tree.parent / "pylint-files.txt"
    listing.write_text("\n".join(map(str, subset)))
    seconds, peak = timed([PYTHON, "-m", "pylint", "--jobs", str(jobs), "--recursive=n", *map(str, subset)])
    return seconds * len(files) / len(subset), peak, len(subset)


# -- the report --------------------------------------------------------------------


def machine() -> list:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
        memory = f", {total:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    from kerascheck.runner import available_cores

    versions = []
    for name in ("kerascheck", "libcst", "flake8", "ruff", "pylint", "keras", "jax"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return [
        f"* {platform.system()} {platform.release()} on {platform.machine()}: {cpu}, {available_cores()} cores available{memory}",
        f"* Python {platform.python_version()} ({platform.python_implementation()}); " + ", ".join(versions),
        f"* measured {time.strftime('%Y-%m-%d %H:%M %Z')}",
    ]


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def startup_row(figures: dict) -> str:
    """The Targets row of the single-file figure: the default run (cached), then a cold one."""
    cached, cold = figures["cached"], figures["cold"]
    return (f"| `kerascheck check` on one model file, end to end, < {startup.TARGET} s (median of {cached['runs']}) | "
            f"{cached['wall']:.3f} s wall, {cached['cpu']:.3f} s CPU from the cache; {cold['wall']:.3f} s wall, "
            f"{cold['cpu']:.3f} s CPU with `--no-cache` | {verdict(cached['wall'] < startup.TARGET)} (cached), "
            f"{verdict(cold['wall'] < startup.TARGET)} (cold) |")


def rewrite_startup_section(path: Path, figures: dict) -> None:
    """Replace the "Start-up" section (and the Targets row) of an existing docs/performance.md."""
    text = path.read_text(encoding="utf-8")
    section = "\n".join(startup.render(figures)) + "\n\n"
    start = text.find("## Start-up\n")
    if start < 0:
        start = end = text.index("## Notes\n")
    else:
        end = text.index("\n## ", text.index("### ", start)) + 1
    text = text[:start] + section + text[end:]
    notes = text.index("## Notes\n")  # the notes are the script's own text: kept in step with the code
    after = text.find("\n## ", notes + 1)
    text = text[:notes] + "\n".join(["## Notes", "", *NOTES]) + "\n" + (text[after:] if after >= 0 else "")
    lines = [line for line in text.splitlines() if not line.startswith("| `kerascheck check` on one model file")]
    at = lines.index("|---|---|---|", lines.index("## Targets")) + 1
    while at < len(lines) and lines[at].startswith("|"):
        at += 1
    lines.insert(at, startup_row(figures))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def render(results: dict, options: argparse.Namespace) -> str:
    tree, speed, keras_rows, ratio, start = results["tree"], results["speed"], results["keras"], results["parse"], results["import"]
    one_file = statistics.median(row[1] for row in keras_rows)
    cold, warm = speed["kerascheck_cold"][0], speed["kerascheck_warm"][0]
    ours = speed["kerascheck_jobs_n"][0]
    flake8 = speed["flake8"][0]
    lines = [
        "# Performance",
        "",
        "Produced by `python benchmarks/run.py` (do not edit by hand; rerun it). Every time is",
        f"the median of {options.repeat} fresh processes, start-up included; memory is the peak",
        "resident set of the process and its workers.",
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| one model file, end to end, < {TARGETS['one_file']} s | {one_file:.3f} s (median over the samples, `kerascheck summary`) | {verdict(one_file < TARGETS['one_file'])} |",
        f"| per-file cost on Keras files within {TARGETS['parse_ratio']}x of libcst's bare parse | {ratio['median']:.2f}x median, {ratio['total']:.2f}x in total, {ratio['max']:.1f}x worst ({ratio['files']} files) | {verdict(ratio['median'] <= TARGETS['parse_ratio'])} |",
        f"| a {results['big']['lines']:,}-line file with {results['big']['models']} models analysed in < {TARGETS['big_file']:.0f} s (in process, from scratch: the editor's first analysis) | {results['big']['seconds']:.3f} s | {verdict(results['big']['seconds'] < TARGETS['big_file'])} |",
        f"| warm-cache rerun of the large tree >= {TARGETS['warm_speedup']:.0f}x faster than cold | {cold:.2f} s cold, {warm:.2f} s warm: {cold / warm:.1f}x | {verdict(cold / warm >= TARGETS['warm_speedup'])} |",
        f"| faster than flake8 on the same tree | {ours:.2f} s versus {flake8:.2f} s: {flake8 / ours:.1f}x faster | {verdict(ours < flake8)} |",
        *([startup_row(results["startup"])] if "startup" in results else []),
        "",
        "## (a) kerascheck versus building the models with real Keras",
        "",
        "Real Keras: a fresh process imports Keras (JAX backend, CPU), runs the sample and prints",
        "each model's summary (`tests/keras_harness.py`). kerascheck: `kerascheck summary FILE --no-cache`.",
        "",
        "| sample | kerascheck | real Keras | ratio |",
        "|---|---|---|---|",
        *[f"| {name} | {a:.3f} s | {b:.3f} s | {b / a:.0f}x |" for name, a, b in keras_rows],
        f"| **median** | {one_file:.3f} s | {statistics.median(r[2] for r in keras_rows):.3f} s | {statistics.median(r[2] / r[1] for r in keras_rows):.0f}x |",
        "",
        f"Start-up: `python -c pass` takes {start['python']:.3f} s; importing what `kerascheck check` needs takes {start['imports']:.3f} s in all.",
        "",
        "## (b) kerascheck versus flake8, ruff and pylint on one large tree",
        "",
        f"{tree['total']} files: {tree['generated']} generated ({tree['generated'] - tree['keras_generated']} copies of standard-library",
        f"modules without Keras, {tree['keras_generated']} copies of the Keras samples) plus the {tree['library_files']} files of",
        f"the installed `{tree['library']}` (real library code that mentions Keras everywhere, so every one of them is",
        f"fully analysed). Each tool with its defaults and {options.jobs} jobs; ruff with `--select ALL --no-cache`.",
        "",
        "| tool | time | files/s | peak memory | kerascheck is |",
        "|---|---|---|---|---|",
    ]
    for name in ("kerascheck_jobs_n", "flake8", "ruff", "pylint"):
        if name not in speed:
            continue
        seconds, peak = speed[name][0], speed[name][1]
        label = {"kerascheck_jobs_n": f"kerascheck (`-j {options.jobs}`, no cache)", "pylint": f"pylint (extrapolated from {speed['pylint'][2]} files)"}.get(name, name)
        relation = "" if name == "kerascheck_jobs_n" else (f"{seconds / ours:.1f}x faster" if seconds > ours else f"{ours / seconds:.1f}x slower")
        lines.append(f"| {label} | {seconds:.2f} s | {tree['total'] / seconds:.0f} | {peak:.0f} MB | {relation} |")
    lines += [
        "",
        "## (c) cold versus warm cache, (d) 1 versus N jobs, (e) peak memory",
        "",
        "| run | time | peak memory |",
        "|---|---|---|",
        f"| no cache, `-j 1` | {speed['kerascheck_jobs_1'][0]:.2f} s | {speed['kerascheck_jobs_1'][1]:.0f} MB |",
        f"| no cache, `-j {options.jobs}` | {ours:.2f} s ({speed['kerascheck_jobs_1'][0] / ours:.2f}x) | {speed['kerascheck_jobs_n'][1]:.0f} MB |",
        f"| cold cache (`-j {options.jobs}`, writes every entry) | {cold:.2f} s | {speed['kerascheck_cold'][1]:.0f} MB |",
        f"| warm cache (`-j {options.jobs}`) | {warm:.2f} s ({cold / warm:.1f}x faster than cold) | |",
        "",
        *([*startup.render(results["startup"]), ""] if "startup" in results else []),
        "## Notes",
        "",
        *NOTES,
    ]
    if "sweep" in results:
        sweep = results["sweep"]
        lines += ["", "## Standard library and site-packages sweep", "",
                  f"{sweep['files']} files, each analysed as is and again forced past the pre-filter, in {sweep['seconds']:.0f} s:",
                  f"**{len(sweep['internal'])} internal errors**. Findings by code: {dict(sorted(sweep['codes'].items()))}."]
    return "\n".join(lines) + "\n"


NOTES = [
    "* The pre-filter settles most files of a tree by a regular-expression search of their bytes",
    "  (no decoding, no parsing); the cache is only consulted for files that pass it, since reading",
    "  an entry costs more than the search.",
    "* Positions come from CPython's own parser (about a tenth of libcst's parse), paired with libcst's",
    "  calls by rank; libcst's `PositionProvider` (about twice a parse) is only a fallback.",
    "* The same CPython parse first vouches that the source cannot crash libcst's native parser",
    "  (deep nesting segfaults it), so every analysed file pays for one `ast.parse`.",
    "* The editor server parses a document again from the pieces (a few top-level statements each)",
    "  it shares with the document's earlier texts (`kerascheck/chunks.py`): an edit re-parses a few",
    "  statements, not the file (docs/editors.md, Response time). The command line parses each file whole.",
    "* A run served from the result cache imports neither libcst nor the analysis (the runner, the",
    "  guard and the configuration import them only when a file is analysed or layers are declared).",
    "* A cold run (`--no-cache`, or a changed file) imports libcst, whose ~200 dataclasses used to",
    "  compile their generated methods on every run (about 80 ms); the compiled code is now kept",
    "  beside the package's bytecode after the first run (`kerascheck/dataclass_code.py`). A project's",
    "  declared dependencies are read on every run without `packaging`'s PEP 508 parser unless one",
    "  needs it (`kerascheck/target/requirements.py`; its imports alone were 25 ms).",
    "* The machine is shared with other work: absolute times vary by about 20% between runs.",
    "* Where the per-file ratio is missed, the time goes to the analysis itself (the interpreter",
    "  running the file with loops unrolled and the file's own functions and classes followed, every",
    "  layer call computed as it is met, then the rule checks) on library files that build dozens of",
    "  models, not to parsing or positions.",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3000, help="generated files in the large tree (default 3000)")
    parser.add_argument("--keras-share", type=float, default=0.05, help="share of generated files that build Keras models")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--jobs", type=int, default=0, help="jobs for every tool (default: the available cores)")
    parser.add_argument("--pylint-share", type=float, default=0.03, help="share of the tree pylint is timed on")
    parser.add_argument("--quick", action="store_true", help="300 files, one run each")
    parser.add_argument("--sweep", action="store_true", help="also sweep every stdlib and site-packages file")
    parser.add_argument("--startup", action="store_true", help="only the single-file start-up figures, into their section of --output")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    if options.startup:
        rewrite_startup_section(options.output, startup.measure(max(options.repeat, 7)))
        print(f"wrote the start-up section of {options.output}")
        return 0
    from kerascheck.runner import available_cores

    options.jobs = options.jobs or available_cores()
    if options.quick:
        options.files, options.repeat = 300, 1
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="kerascheck-bench-") as scratch:
        tree = Path(scratch) / "tree"
        results["tree"] = build_tree(tree, options.files, options.keras_share)
        print(f"tree: {results['tree']}", flush=True)
        results["parse"] = bench_parse_ratio()
        print(f"parse ratio: {results['parse']}", flush=True)
        results["import"] = bench_import(max(options.repeat, 5))
        results["startup"] = startup.measure(max(options.repeat, 7))
        results["big"] = bench_big_file(options.repeat)
        print(f"big file: {results['big']}", flush=True)
        results["keras"] = bench_keras(options.repeat)
        print(f"keras: {results['keras']}", flush=True)
        results["speed"] = bench_tree(tree, options.jobs, options.repeat, options.pylint_share)
        print(f"tree timings: {results['speed']}", flush=True)
    if options.sweep:
        from benchmarks.sweep import python_files, roots, sweep

        results["sweep"] = sweep(python_files(roots()), options.jobs)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(render(results, options), encoding="utf-8")
    print(f"wrote {options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
