"""Fresh random Keras programs, judged by real Keras: how often does kerascheck disagree?

    python benchmarks/conformance.py --n 5000 --seed 1000 [--generation 2|3] [--chunk 400]

Draws ``--n`` programs per generation from ``tests/programs.py`` (seeds
``--seed``, ``--seed + 1``...; a program whose spellings one generation lacks
is judged by the other only), builds them with real Keras in harness
subprocesses of ``--chunk`` programs each (Keras 3 on JAX, Keras 2 =
``tf_keras``), compares every one with kerascheck (``tests.programs.compare``:
the whole layer list, or the error line), and writes the disagreement rate
per generation, layer family and spelling to ``docs/conformance.md``
(``--output`` to write elsewhere), with the disagreeing seeds and what differs.
Each disagreement belongs in the regression set (tests/conformance_cases/).

    python benchmarks/conformance.py --check-known [--write]

checks the CI's expected disagreements against today's engine instead: the
regression cases whose ``# xfail N:`` no longer holds (``--write`` removes the
line) or that newly disagree, and the seeds of the fixed CI batch to add to or
drop from ``KNOWN`` in tests/test_conformance_generated.py.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.programs import compare, generate, judge  # noqa: E402


def cause(problem: str) -> str:
    """A disagreement's rough cause: its first problem with numbers, names and lines blanked."""
    text = problem.split(";")[0]
    text = re.sub(r"\(kerascheck, keras\) \{'(\w+)'.*", r"differs in \1", text)
    text = re.sub(r"'[\w./]+'", "'…'", text)
    text = re.sub(r"\d+", "N", text)
    return text[:160]


def run(n: int, seed: int, generations: list, chunk: int, folder: str) -> dict:
    programs = {}
    for s in range(seed, seed + n):
        program = generate(s)
        for generation in generations:
            if generation in program.generations:
                programs.setdefault(generation, []).append(program)
    report = {}
    for generation in generations:
        batch = programs.get(generation, [])
        started = time.perf_counter()
        references = judge([p.source for p in batch], generation, os.path.join(folder, f"keras{generation}"), chunk=chunk)
        judged = time.perf_counter() - started
        outcomes = []
        for program, reference in zip(batch, references):
            outcomes.append((program, reference, compare(program.source, reference, generation)))
        report[generation] = {"outcomes": outcomes, "seconds": judged}
        bad = sum(1 for *_, problems in outcomes if problems)
        print(f"Keras {generation}: {bad} of {len(batch)} programs disagree ({judged:.0f} s with Keras)", file=sys.stderr)
    return report


def _table(title: str, counts: dict) -> list:
    lines = [f"| {title} | programs | disagree | rate |", "|---|---:|---:|---:|"]
    for key in sorted(counts, key=lambda k: (-counts[k][1] / max(counts[k][0], 1), k)):
        total, bad = counts[key]
        lines.append(f"| {key} | {total} | {bad} | {100 * bad / total:.1f}% |")
    return lines


def markdown(report: dict, n: int, seed: int) -> str:
    out = [
        "# Conformance: random programs against real Keras",
        "",
        "Written by `python benchmarks/conformance.py "
        f"--n {n} --seed {seed}`: {n} fresh programs from `tests/programs.py` (seeds {seed}..{seed + n - 1}),",
        "each judged by the real Keras of every generation its spellings exist in (Keras 3 on JAX;",
        "Keras 2 = `tf_keras`), then compared with kerascheck told that generation",
        "(`Settings(target=...)`, as `--target-keras` does): every model's whole layer list (names, types, output shapes,",
        "trainable and non-trainable parameters), or, when Keras raises, an error at the statement",
        "that raised and nowhere else. Target: 0 disagreements.",
        "",
        "In CI, `tests/test_conformance_generated.py` runs a fixed batch of seeds (200 under Keras 3,",
        "120 under Keras 2, half of them with Keras 2's own spellings) and `tests/test_regressions.py`",
        "the named cases of `tests/conformance_cases/` (one program per file; its header says which",
        "generations judge it and, while the engine disagrees, why: `# xfail N: engine: ...`, a",
        "strict xfail). Every disagreement found here belongs there as a minimised case.",
        "A program's families and spellings are the tags `tests/programs.py` gives it; one program",
        "counts under each of its tags.",
        "",
        "| generation | programs | Keras rejects | disagree | rate | seconds with Keras |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for generation, data in sorted(report.items(), reverse=True):
        outcomes = data["outcomes"]
        bad = sum(1 for *_, p in outcomes if p)
        rejected = sum(1 for _, r, _ in outcomes if r.get("error"))
        rate = 100 * bad / len(outcomes) if outcomes else 0
        out.append(f"| Keras {generation} | {len(outcomes)} | {rejected} | {bad} | {rate:.1f}% | {data['seconds']:.0f} |")
    for generation, data in sorted(report.items(), reverse=True):
        families: dict = collections.defaultdict(lambda: [0, 0])
        spellings: dict = collections.defaultdict(lambda: [0, 0])
        causes: dict = collections.defaultdict(list)
        for program, reference, problems in data["outcomes"]:
            for tag in program.families:
                families[tag][0] += 1
                families[tag][1] += bool(problems)
            for tag in program.spellings:
                spellings[tag][0] += 1
                spellings[tag][1] += bool(problems)
            for text in dict.fromkeys(cause(problem) for problem in problems):
                causes[text].append(program.seed)
        out += ["", f"## Keras {generation}", "", "### By layer family", ""] + _table("family", families)
        out += ["", "### By spelling", ""] + _table("spelling", spellings)
        out += ["", "### Disagreements by rough cause", "",
                "Each difference, numbers and names blanked (a program counts under each of its differences);",
                "regenerate a program with",
                "`python -c 'from tests.programs import generate; print(generate(SEED).source)'`.", "",
                "| cause | programs | seeds (first 8) |", "|---|---:|---|"]
        for text, seeds in sorted(causes.items(), key=lambda item: -len(item[1])):
            out.append(f"| {text.replace('|', '/')} | {len(seeds)} | {', '.join(map(str, seeds[:8]))} |")
    return "\n".join(out) + "\n"


def check_known(write: bool, folder: str) -> int:
    """Compare the CI's expectations with today's engine: regression cases whose
    ``# xfail N:`` line no longer holds (removed with ``--write``) or that newly
    disagree, and seeds of the fixed CI batch to add to or drop from ``KNOWN``."""
    from tests import test_conformance_generated as generated
    from tests.test_regressions import CASES, _header

    changes = 0
    cases = sorted(CASES.glob("*.py"))
    for generation in (3, 2):
        chosen = [path for path in cases if generation in _header(path)[0]]
        references = judge([path.read_text(encoding="utf-8") for path in chosen], generation,
                           os.path.join(folder, f"cases{generation}"))
        for path, reference in zip(chosen, references):
            text = path.read_text(encoding="utf-8")
            problems = compare(text, reference, generation)
            expected = generation in _header(path)[1]
            if expected and not problems:
                changes += 1
                print(f"agrees now: Keras {generation} {path.name}" + (" (xfail line removed)" if write else ""))
                if write:
                    path.write_text(re.sub(rf"^# xfail {generation}:.*\n", "", text, flags=re.M), encoding="utf-8")
            elif problems and not expected:
                changes += 1
                print(f"disagrees: Keras {generation} {path.name}\n  " + "\n  ".join(problems))
        batch = generated.BATCH[generation]
        references = judge([p.source for p in batch], generation, os.path.join(folder, f"batch{generation}"), chunk=10_000)
        for program, reference in zip(batch, references):
            problems = compare(program.source, reference, generation)
            known = program.seed in generated.KNOWN[generation]
            if known and not problems:
                changes += 1
                print(f"agrees now: Keras {generation} seed {program.seed}: drop it from KNOWN")
            elif problems and not known:
                changes += 1
                print(f"disagrees: Keras {generation} seed {program.seed}: add it to KNOWN\n  " + "\n  ".join(problems))
    return 1 if changes else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="programs to draw (per generation they are valid for)")
    parser.add_argument("--seed", type=int, default=100_000, help="first seed")
    parser.add_argument("--generation", type=int, choices=[2, 3], action="append",
                        help="judge with this Keras generation only (repeatable; default both)")
    parser.add_argument("--chunk", type=int, default=400, help="programs per harness subprocess")
    parser.add_argument("--output", default=str(ROOT / "docs" / "conformance.md"))
    parser.add_argument("--show", type=int, default=0, help="print this many disagreeing programs to stderr")
    parser.add_argument("--save", metavar="DIR", help="write each disagreeing program to DIR/keras<G>_seed<S>.py, "
                        "with what differs as comments (material for tests/conformance_cases/)")
    parser.add_argument("--check-known", action="store_true",
                        help="instead: check the CI's expected disagreements (regression xfails, KNOWN seeds) against today's engine")
    parser.add_argument("--write", action="store_true", help="with --check-known: remove xfail lines of cases that agree now")
    args = parser.parse_args(argv)
    if args.check_known:
        with tempfile.TemporaryDirectory(prefix="kerascheck-conformance-") as folder:
            return check_known(args.write, folder)
    generations = args.generation or [3, 2]
    with tempfile.TemporaryDirectory(prefix="kerascheck-conformance-") as folder:
        report = run(args.n, args.seed, generations, args.chunk, folder)
    Path(args.output).write_text(markdown(report, args.n, args.seed), encoding="utf-8")
    shown = 0
    for generation, data in report.items():
        for program, reference, problems in data["outcomes"]:
            if problems and shown < args.show:
                shown += 1
                print(f"==== Keras {generation} seed {program.seed}\n{program.source}" + "\n".join(problems), file=sys.stderr)
    if args.save:
        folder = Path(args.save)
        folder.mkdir(parents=True, exist_ok=True)
        for generation, data in report.items():
            for program, reference, problems in data["outcomes"]:
                if problems:
                    notes = "".join(f"# {line}\n" for problem in problems for line in problem.splitlines())
                    header = f"# seed {program.seed}, judged by Keras {generation}\n# generations: {generation}\n{notes}"
                    (folder / f"keras{generation}_seed{program.seed}.py").write_text(header + program.source, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
