"""Generated programs: kerascheck and real Keras must agree on every one.

``tests/programs.py`` writes programs the way people do (every import
spelling, positional and keyword arguments, every input declaration,
Sequential lists and ``add``, functional graphs with branches, residuals,
several inputs and outputs, RNN states, nested and shared models, frozen
layers, TimeDistributed and Bidirectional), one in five or so with a
realistic shape mistake. A fixed batch of seeds per generation runs in CI:
all programs of one generation are built by real Keras in ONE harness
subprocess (Keras 3 on JAX; Keras 2 = ``tf_keras``), then each is compared
with kerascheck told that generation (``tests.programs.compare``):

* Keras built it: every model's whole layer list (count, names, types, output
  shapes, trainable and non-trainable parameters) and no error finding;
* Keras raised: an error finding in the statement that raised, none elsewhere.

Seeds that disagree today because of the engine (or, named so, the harness)
are listed in ``KNOWN`` as strict xfails (a fixed one fails until it is
removed from the list); each cause has a minimised case in
tests/conformance_cases/. ``python benchmarks/conformance.py --check-known``
lists the seeds to drop from or add to ``KNOWN`` after an engine change. Fresh seeds:
``python benchmarks/conformance.py --n 5000 --seed S``.
``KERASCHECK_GENERATED=N`` / ``KERASCHECK_GENERATED_KERAS2=N`` change the
batch sizes (KNOWN then only covers the default batches).
"""

from __future__ import annotations

import os

import pytest

from .programs import STYLES, compare, generate_many, judge, statement_lines

#: Programs per generation in CI, and the first seed of each batch.
COUNT = {3: int(os.environ.get("KERASCHECK_GENERATED", "200")), 2: int(os.environ.get("KERASCHECK_GENERATED_KERAS2", "120"))}
FIRST_SEED = {3: 0, 2: 50_000}

#: Disagreements of today's engine, by cause: {generation: {seed: reason}}.
KNOWN: dict = {3: {}, 2: {}}


def _known(generation: int, causes: dict) -> None:
    for reason, seeds in causes.items():
        for seed in seeds:
            KNOWN[generation][seed] = reason


_known(3, {
})
_known(2, {
})

#: Keras 2's batch is half programs with Keras 2's own spellings (batch_input_shape,
#: input_length, a recurrent first layer's input_dim, Keras 2-only layers), rare otherwise.
BATCH = {
    3: generate_many(FIRST_SEED[3], COUNT[3], 3),
    2: generate_many(FIRST_SEED[2], COUNT[2] - COUNT[2] // 2, 2) + generate_many(60_000, COUNT[2] // 2, 2, only=True),
}


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory):
    """Real Keras' result for each program of a generation: one harness run per generation."""
    cache: dict = {}
    folder = tmp_path_factory.mktemp("generated")

    def references(generation: int) -> dict:
        if generation not in cache:
            programs = BATCH[generation]
            results = judge([p.source for p in programs], generation, str(folder / f"keras{generation}"), chunk=10_000)
            cache[generation] = {p.seed: r for p, r in zip(programs, results)}
        return cache[generation]

    return references


def _params() -> list:
    params = []
    for generation in (3, 2):
        for program in BATCH[generation]:
            reason = KNOWN[generation].get(program.seed)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(generation, program.seed, marks=marks, id=f"keras{generation}-seed{program.seed}"))
    return params


PROGRAMS = {(g, p.seed): p for g in BATCH for p in BATCH[g]}


@pytest.mark.parametrize("generation, seed", _params())
def test_generated_program_agrees_with_keras(generation: int, seed: int, judged) -> None:
    program = PROGRAMS[generation, seed]
    problems = compare(program.source, judged(generation)[seed], generation)
    assert not problems, f"seed {seed} under Keras {generation}:\n{program.source}\n" + "\n".join(problems)


@pytest.mark.parametrize("generation", [3, 2])
def test_mistakes_are_where_keras_raises(generation: int, judged) -> None:
    """The generator's own check: a planted mistake makes Keras raise in its statement,
    and between one program in ten and two in five are rejected."""
    references = judged(generation)
    rejected = [p for p in BATCH[generation] if references[p.seed]["error"] is not None]
    assert 0.1 * len(BATCH[generation]) <= len(rejected) <= 0.4 * len(BATCH[generation]), len(rejected)
    for program in BATCH[generation]:
        if program.mistake_line is not None:
            reference = references[program.seed]
            assert reference["error"] is not None, f"seed {program.seed}: the planted {program.mistake} did not make Keras raise"
            assert program.mistake_line in statement_lines(program.source, reference["error_line"]), (
                f"seed {program.seed}: planted at line {program.mistake_line}, Keras raised at {reference['error_line']}")


def test_generator_covers_the_spellings_and_families() -> None:
    """Over 1,500 seeds (the CI batches hold the commoner ones); no Keras needed."""
    programs = generate_many(0, 1500)
    spellings = set().union(*(p.spellings for p in programs))
    families = set().union(*(p.families for p in programs))
    wanted_spellings = {style.tag for style in STYLES} | {
        "positional", "keyword", "Sequential([...])", "Sequential.add", "functional", "Embedding", "Bidirectional",
        "declare:Input", "declare:InputLayer", "declare:input_shape", "declare:input_dim", "declare:batch_input_shape",
        "declare:input_length", "structure:branches", "structure:residual", "structure:two_inputs", "structure:two_outputs",
        "structure:state", "structure:nested", "structure:shared", "structure:attention", "return_state", "frozen layer",
    }
    wanted_families = {"conv", "pooling", "recurrent", "attention", "normalization", "reshaping", "merging", "embedding",
                       "dense", "activation", "regularization", "wrapper"}
    assert wanted_spellings <= spellings, sorted(wanted_spellings - spellings)
    assert wanted_families <= families, sorted(wanted_families - families)


def test_batches_cover_the_import_styles() -> None:
    for generation in (3, 2):
        spellings = set().union(*(p.spellings for p in BATCH[generation]))
        missing = {style.tag for style in STYLES} - spellings
        assert not missing, (generation, sorted(missing))
