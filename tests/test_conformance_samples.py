"""Every correct sample, built by real Keras, agrees with kerascheck exactly.

Samples written for Keras 1 cannot be built by Keras 3; they are checked
against the summaries printed in the seed documents (test_seeds.py) instead.
Buggy samples: Keras must raise exactly where kerascheck reports an error.
"""

from __future__ import annotations

import pytest

from kerascheck import dims
from kerascheck.engine import check_file

from .conftest import ROOT, SAMPLES, run_keras

#: Keras 1 code (``keras.layers.core``, ``WeightRegularizer``, ``Convolution2D(32, 5, 5)``).
KERAS1_SAMPLES = {
    "seed002_keras1_cnn_py2.py", "seed003_dense_regression_keras1.py", "seed003_mlp_theano.py", "keras1_merge_branches.py",
}

#: Models built inside functions: the call that builds them, with concrete arguments
#: that also give kerascheck's symbols their values.
CALLS = {
    "symbolic_image_size.py": ("make_classifier", {"img_rows": 64, "img_cols": 48, "channels": 3, "num_classes": 10}),
    "star_import_signal_models.py": ("Model1D().build", {}),
}

CORRECT = sorted(p.name for p in SAMPLES.glob("*.py") if p.name not in KERAS1_SAMPLES)
BUGGY = sorted(p.name for p in (SAMPLES / "buggy").glob("*.py"))


def _job(relative: str) -> dict:
    call, kwargs = CALLS.get(relative.rsplit("/", 1)[-1], (None, {}))
    return {"path": f"samples/{relative}", "call": call, "kwargs": kwargs}


@pytest.fixture(scope="module")
def keras_results() -> dict:
    jobs = [_job(name) for name in CORRECT] + [_job(f"buggy/{name}") for name in BUGGY]
    return {result["path"]: result for result in run_keras(jobs)}


def _shape(shape: object, values: dict) -> object:
    return None if shape is None else [dims.substitute(d, values) for d in shape]


def _known_prefix(rows: list) -> int:
    for index, row in enumerate(rows):
        if row[1] is None:
            return index
    return len(rows)


@pytest.mark.parametrize("name", CORRECT)
def test_sample_matches_keras(name: str, keras_results: dict) -> None:
    reference = keras_results[f"samples/{name}"]
    assert reference["error"] is None, reference["error"]
    ours = check_file(SAMPLES / name)
    assert not [d for d in ours.diagnostics if d.severity == "error"]
    values = CALLS.get(name, (None, {}))[1]
    by_line: dict = {}
    for model in ours.models:  # call-site analyses come before the symbolic ones
        by_line.setdefault(model.span.line, []).append(model)
    assert reference["models"], "Keras built no model"
    for built in reference["models"]:
        model = by_line[built["line"]].pop(0)
        predicted = [
            (layer.type, _shape(layer.output_shape, values), dims.substitute(layer.trainable, values), dims.substitute(layer.non_trainable, values))
            for layer in model.layers
        ]
        expected = [(l["type"], l["output_shape"], l["trainable"], l["non_trainable"]) for l in built["layers"]]
        known = _known_prefix(predicted)
        assert predicted[:known] == expected[:known], f"model at line {built['line']}"
        if known < len(predicted):  # degraded visibly after a layer kerascheck cannot see into
            assert model.notes and all(row[1] is None for row in predicted[known:])
        if name not in CALLS:
            assert model.name == built["name"]
            assert [layer.name for layer in model.layers] == [l["name"] for l in built["layers"]]


@pytest.mark.parametrize("name", BUGGY)
def test_buggy_sample_raises_exactly_when_reported(name: str, keras_results: dict) -> None:
    reference = keras_results[f"samples/buggy/{name}"]
    ours = check_file(SAMPLES / "buggy" / name)
    errors = [d for d in ours.diagnostics if d.severity == "error"]
    assert ours.diagnostics, "a buggy sample must be reported"
    assert bool(errors) == (reference["error"] is not None), reference["error"]


def test_every_sample_is_classified() -> None:
    listed = set(CORRECT) | KERAS1_SAMPLES
    assert listed == {p.name for p in SAMPLES.glob("*.py")}
    assert ROOT.joinpath("samples", "buggy").is_dir()
