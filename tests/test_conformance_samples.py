"""Every sample, built by real Keras, agrees with kerascheck exactly.

Correct samples: the whole layer list of every model Keras builds (names,
types, output shapes, trainable and non-trainable parameters) and the
totals, with no error finding; a model Keras builds that kerascheck does not
predict, or the reverse, fails. Samples written for Keras 2 are judged by
Keras 2 (tf_keras) as well as by Keras 3. Samples written for Keras 1 cannot
be built by any installed Keras; they are checked against the summaries
printed in the seed documents (test_seeds.py) instead.

Buggy samples: where Keras rejects the program, kerascheck's errors are all
within the expression Keras fails at (the lines of that call), and there is one; where Keras accepts it, kerascheck
reports it (a warning) without any error.
"""

from __future__ import annotations

import pytest

from kerascheck import dims
from kerascheck.engine import check_bytes
from kerascheck.settings import Settings
from kerascheck.target import Target

from .conftest import ROOT, SAMPLES, run_keras

#: Keras 1 code (``keras.layers.core``, ``WeightRegularizer``, ``Convolution2D(32, 5, 5)``).
KERAS1_SAMPLES = {
    "seed002_keras1_cnn_py2.py", "seed003_dense_regression_keras1.py", "seed003_mlp_theano.py", "keras1_merge_branches.py",
}

#: Judged by tf_keras too: written for Keras 2 (standalone keras 2.x or tf.keras 2), or in spellings
#: both accept where the two Keras differ (attention scores' shape, Keras 2's input and model names).
KERAS2_SAMPLES = {"mnist_cnn_keras2.py", "data_label_statistics.py", "seed001_speech_input_keras2.py",
                  "seed000_vgg_mnist_tfkeras.py", "interpreter_attention_scores.py", "interpreter_seq2seq_states.py",
                  "interpreter_static_data.py", "snippet_without_imports.py"}
#: Written for Keras 2 with an API Keras 3 removed (``keras.backend.int_shape``): judged by tf_keras only.
KERAS2_ONLY = {"interpreter_autoencoder_class.py"}

#: Models built inside functions: the call that builds them, with concrete arguments
#: that also give kerascheck's symbols their values.
CALLS = {
    "symbolic_image_size.py": ("make_classifier", {"img_rows": 64, "img_cols": 48, "channels": 3, "num_classes": 10}),
    "star_import_signal_models.py": ("Model1D().build", {}),
}

#: Snippets written without their imports: the judge runs the imports they leave out first
#: (``keras_harness``'s ``imports``), as kerascheck reads their names (issue 14).
IMPORTS = {
    "snippet_without_imports.py": "from keras.layers import *\nfrom keras.models import Sequential, Model\n",
}

#: (generation, sample) kerascheck does not predict exactly: strict xfails, reported to the lead.
XFAIL: dict = {
    (3, "custom_layer_unknown.py"): "by design: the custom Patches layer is unknown to kerascheck, and so is everything after it",
}

CORRECT = sorted(p.name for p in SAMPLES.glob("*.py") if p.name not in KERAS1_SAMPLES)
BUGGY = sorted(p.name for p in (SAMPLES / "buggy").glob("*.py"))
JUDGED = [(3, name) for name in CORRECT if name not in KERAS2_ONLY] + [
    (2, name) for name in CORRECT if name in KERAS2_SAMPLES | KERAS2_ONLY
]
JUDGED_BUGGY = [(3, name) for name in BUGGY]


def _job(relative: str) -> dict:
    name = relative.rsplit("/", 1)[-1]
    call, kwargs = CALLS.get(name, (None, {}))
    return {"path": f"samples/{relative}", "call": call, "kwargs": kwargs, "imports": IMPORTS.get(name)}


@pytest.fixture(autouse=True)
def debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the engine would swallow into an unknown value is an internal error (KC003) here,
    which the "no error finding" assertions catch: a bug of ours never passes as "unknown"."""
    monkeypatch.setenv("KERASCHECK_DEBUG", "1")


@pytest.fixture(scope="module")
def keras_results() -> dict:
    """(generation, relative path) -> what that Keras did with the sample."""
    results = {}
    for generation in (3, 2):
        relatives = [name for g, name in JUDGED if g == generation] + [f"buggy/{name}" for g, name in JUDGED_BUGGY if g == generation]
        for relative, result in zip(relatives, run_keras([_job(r) for r in relatives], generation=generation)):
            results[(generation, relative)] = result
    return results


def _judged_as(generation: int) -> Settings:
    """kerascheck told the Keras that judges: ``--target-keras 2`` for tf_keras."""
    return Settings(target=Target((generation,), f"from the conformance test (Keras {generation})"))


def _shape(shape: object, values: dict) -> object:
    """A predicted shape as the harness gives it (a list of shapes for several outputs)."""
    if isinstance(shape, list):
        return [_shape(item, values) for item in shape]
    return None if shape is None else [dims.substitute(d, values) for d in shape]


def _param(case: tuple):
    reason = XFAIL.get(case)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(*case, id=f"keras{case[0]}-{case[1]}", marks=marks)


@pytest.mark.parametrize(("generation", "name"), [_param(case) for case in JUDGED])
def test_sample_matches_keras(generation: int, name: str, keras_results: dict) -> None:
    reference = keras_results[(generation, name)]
    assert reference["error"] is None, reference["error"]
    assert reference["models"], "Keras built no model"
    ours = check_bytes((SAMPLES / name).read_bytes(), str(SAMPLES / name), _judged_as(generation))
    assert [f"{d.span.line}: {d.code} {d.message}" for d in ours.diagnostics if d.severity == "error"] == []
    values = CALLS.get(name, (None, {}))[1]
    by_line: dict = {}
    for model in ours.models:  # call-site analyses come before the symbolic ones
        by_line.setdefault(model.span.line, []).append(model)
    built_lines = sorted({built["line"] for built in reference["models"]})
    assert sorted(by_line) == built_lines, "kerascheck and Keras see models at different lines"
    for line in built_lines:
        built_here = [built for built in reference["models"] if built["line"] == line]
        predicted_here = by_line[line]
        assert len(predicted_here) == len(built_here), f"models at line {line}"
        for model, built in zip(predicted_here, built_here):
            predicted = [
                (layer.name, layer.type, _shape(layer.output_shape, values),
                 dims.substitute(layer.trainable, values), dims.substitute(layer.non_trainable, values))
                for layer in model.layers
            ]
            expected = [(l["name"], l["type"], l["output_shape"], l["trainable"], l["non_trainable"]) for l in built["layers"]]
            assert predicted == expected, f"model at line {line}"
            assert model.name == built["name"], f"model at line {line}"
            trainable = sum(l["trainable"] for l in built["layers"])
            non_trainable = sum(l["non_trainable"] for l in built["layers"])
            assert (dims.substitute(model.trainable_params, values), dims.substitute(model.non_trainable_params, values)) == (
                trainable, non_trainable), f"totals of the model at line {line}"


@pytest.mark.parametrize(("generation", "name"), [_param((g, f"buggy/{n}")) for g, n in JUDGED_BUGGY])
def test_buggy_sample_raises_exactly_where_reported(generation: int, name: str, keras_results: dict) -> None:
    reference = keras_results[(generation, name)]
    ours = check_bytes((SAMPLES / name).read_bytes(), str(SAMPLES / name))
    error_lines = sorted({d.span.line for d in ours.diagnostics if d.severity == "error"})
    assert ours.diagnostics, "a buggy sample must be reported"
    if reference["error"] is None:  # Keras builds it: a warning, never an error
        assert error_lines == []
    else:  # Keras fails in one expression (a multi-line Sequential([...]) as a whole): every error inside it
        assert reference["error_span"] is not None, reference["error"]
        first, last = reference["error_span"]
        assert error_lines, reference["error"]
        assert [line for line in error_lines if not first <= line <= last] == [], (reference["error_span"], reference["error"])


def test_every_sample_is_classified() -> None:
    listed = set(CORRECT) | KERAS1_SAMPLES
    assert listed == {p.name for p in SAMPLES.glob("*.py")}
    assert KERAS2_SAMPLES | KERAS2_ONLY | set(IMPORTS) <= set(CORRECT)
    assert set(XFAIL) <= set(JUDGED) | {(g, f"buggy/{n}") for g, n in JUDGED_BUGGY}
    assert ROOT.joinpath("samples", "buggy").is_dir()
