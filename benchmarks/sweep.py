"""Run kerascheck over every ``.py`` file of the standard library and site-packages.

    python benchmarks/sweep.py            # every file (tens of thousands)
    python benchmarks/sweep.py --limit 600 --jobs 2

Each file is analysed twice: as it is (most are settled by the pre-filter),
and with ``# keras`` appended so the pre-filter lets it through and the whole
analysis (parser guard, extraction, evaluation, inference, checks) runs on
real code it was not written for. Any internal error (KC003) is printed and
makes the exit status 1. ``tests/test_sweep.py`` runs a bounded sample in CI.
"""

from __future__ import annotations

import argparse
import collections
import site
import sys
import sysconfig
import time
from pathlib import Path
from typing import Iterable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kerascheck.runner import check_blobs  # noqa: E402
from kerascheck.settings import Settings  # noqa: E402

#: Appended to defeat the pre-filter: a comment changes nothing else.
FORCE = b"\n# keras\n"


def roots() -> list:
    """The standard library and every site-packages directory of this Python."""
    found = [Path(sysconfig.get_paths()["stdlib"]), Path(sysconfig.get_paths()["purelib"])]
    found += [Path(p) for p in site.getsitepackages() if Path(p).is_dir()]
    unique = []
    for root in found:
        if root.is_dir() and all(root != other and root not in other.parents for other in unique):
            unique = [other for other in unique if root not in other.parents] + [root]
    return unique


def python_files(folders: Iterable[Path]) -> list:
    files = []
    for folder in folders:
        files.extend(path for path in folder.rglob("*.py") if path.is_file())
    return sorted(set(files))


def sample(files: list, limit: Optional[int]) -> list:
    """Evenly spaced, so the same files every run (deterministic, spread over all packages)."""
    if not limit or limit >= len(files):
        return files
    step = len(files) / limit
    return [files[int(index * step)] for index in range(limit)]


def sweep(files: list, jobs: int = 0) -> dict:
    """Counts of findings by code, and the KC003 messages, over ``files`` as-is and forced."""
    blobs = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        blobs.append((data, str(path), Settings()))
        blobs.append((data + FORCE, f"{path} (forced)", Settings()))
    started = time.perf_counter()
    results = check_blobs(blobs, jobs)
    codes: collections.Counter = collections.Counter()
    internal = []
    for result in results:
        for diagnostic in result.diagnostics:
            codes[diagnostic.code] += 1
            if diagnostic.code == "KC003":
                internal.append(f"{result.path}: {diagnostic.message}")
    return {"files": len(blobs) // 2, "seconds": time.perf_counter() - started, "codes": codes, "internal": internal}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="check only this many files, evenly spaced (default: all)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: the available cores)")
    options = parser.parse_args()
    files = sample(python_files(roots()), options.limit)
    report = sweep(files, options.jobs)
    print(f"{report['files']} files (each also forced through the analysis) in {report['seconds']:.1f} s")
    print("findings by code:", dict(sorted(report["codes"].items())))
    for line in report["internal"]:
        print(line)
    print(f"internal errors: {len(report['internal'])}")
    return 1 if report["internal"] else 0


if __name__ == "__main__":
    sys.exit(main())
