"""Every keras.applications entry of kerascheck/layers/applications.json against real Keras.

The tests (tests/test_applications_keras.py) build a sample of the fast ones
per run; this builds all of them, under Keras 3 (JAX) with each variant (a
pooled feature extractor, the same frozen, the full classifier) and under
Keras 2 (tf_keras, the feature extractor), and prints each disagreement.

Run: ``KERAS_BACKEND=jax python benchmarks/applications.py [--generation 3] [NAMES...]``.
Exit status 1 when anything disagrees. Slow (the largest bases have hundreds
of millions of weights): 230 s on two shared cores (2026-11-30, 160 cases).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_applications_keras import TABLE, VARIANTS, XFAIL, program, run_all  # noqa: E402


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="applications to check (default: all of applications.json)")
    parser.add_argument("--generation", type=int, choices=(2, 3), action="append", help="Keras generation (default: both)")
    options = parser.parse_args(argv)
    names = options.names or sorted(TABLE)
    generations = options.generation or [3, 2]
    cases = [(generation, name, variant) for generation in generations for name in names
             for variant in (VARIANTS if generation == 3 else ("features",))]
    start = time.perf_counter()
    found = run_all(cases)
    failed = 0
    for case in cases:
        problems = found[case]
        known = XFAIL.get(case)
        status = "ok" if not problems else ("known" if known else "FAIL")
        failed += status == "FAIL"
        print(f"{status:5} keras{case[0]} {case[1]} {case[2]}" + (f"  ({known})" if known and problems else ""))
        if known and not problems:
            print(f"      fixed: remove it from XFAIL in tests/test_applications_keras.py")
            failed += 1
        for problem in problems:
            print(f"      {problem}")
        if status == "FAIL":
            print("      " + program(case[1], case[2]).replace("\n", "\n      "))
    print(f"{len(cases)} cases, {failed} disagreements, {time.perf_counter() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
