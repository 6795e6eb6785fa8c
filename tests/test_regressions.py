"""The regression set: named programs in tests/conformance_cases/, judged by real Keras.

Each case is one program with a header comment saying which Keras generations
judge it (``# generations: 2, 3``) and, while the engine gets it wrong,
``# xfail 3: engine: <what differs>`` per generation (strict: the test fails
when the engine is fixed, so that the line is removed). All cases of one
generation are built by real Keras in ONE harness subprocess, then each is
compared with kerascheck told that generation (``tests.programs.compare``:
the whole layer list of every model, or an error at the statement Keras
raised in and nowhere else). Every disagreement the generator or the
benchmark finds becomes a case here, minimised.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .programs import compare, judge

CASES = Path(__file__).resolve().parent / "conformance_cases"
GENERATIONS = re.compile(r"^# generations:\s*([\d,\s]+)$", re.M)
XFAIL = re.compile(r"^# xfail (\d):\s*(.+)$", re.M)


def _header(path: Path) -> tuple:
    text = path.read_text(encoding="utf-8")
    found = GENERATIONS.search(text)
    assert found, f"{path.name}: no '# generations: ...' line"
    generations = tuple(int(g) for g in re.findall(r"\d", found.group(1)))
    return generations, {int(g): reason for g, reason in XFAIL.findall(text)}


def _params() -> list:
    params = []
    for path in sorted(CASES.glob("*.py")):
        generations, xfails = _header(path)
        for generation in generations:
            marks = [pytest.mark.xfail(strict=True, reason=xfails[generation])] if generation in xfails else []
            params.append(pytest.param(path.stem, generation, marks=marks, id=f"keras{generation}-{path.stem}"))
    return params


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory):
    """Real Keras' result for every case, one harness run per generation (lazily)."""
    cache: dict = {}
    folder = tmp_path_factory.mktemp("regressions")

    def reference(name: str, generation: int) -> dict:
        if generation not in cache:
            names = [path.stem for path in sorted(CASES.glob("*.py")) if generation in _header(path)[0]]
            sources = [(CASES / f"{n}.py").read_text(encoding="utf-8") for n in names]
            cache[generation] = dict(zip(names, judge(sources, generation, str(folder / f"keras{generation}"))))
        return cache[generation][name]

    return reference


@pytest.mark.parametrize("name, generation", _params())
def test_case_agrees_with_keras(name: str, generation: int, judged) -> None:
    source = (CASES / f"{name}.py").read_text(encoding="utf-8")
    reference = judged(name, generation)
    problems = compare(source, reference, generation)
    assert not problems, f"{name} under Keras {generation}:\n" + "\n".join(problems)


def test_every_case_names_its_generations() -> None:
    for path in CASES.glob("*.py"):
        generations, xfails = _header(path)
        assert generations and set(generations) <= {2, 3}, path.name
        assert set(xfails) <= set(generations), path.name
