"""Migration verified by real Keras: ``--fix --unsafe-fixes --migrate-to 3`` on every Keras 1 and 2 program.

The programs: the Keras 1 and Keras 2 samples, and the regression set
(tests/conformance_cases/, all judged by Keras 2). Each is copied to a
temporary directory and migrated by the command line, as a user would; then:

* real Keras 3 builds the migrated file, with the same models, layers (type,
  output shape, trainable and non-trainable parameters) as kerascheck
  predicts for the original under its own target (``--target-keras 2`` for
  the regression set, written for Keras 2; each sample's own spellings);
* for a Keras 2 program, the same layers as tf_keras builds the original;
* every comment of the original is still there, and no line changed but
  those of a finding, or an import.

The programs that cannot be migrated completely are :data:`INCOMPLETE`, with
what remains, and docs/migration.md lists the same: a listed program that
now migrates completely fails the test, so the list cannot rot.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from kerascheck import dims
from kerascheck.engine import check_bytes
from kerascheck.settings import Settings
from kerascheck.target import requested

from .conftest import ROOT, SAMPLES, run_keras
from .test_conformance_samples import KERAS1_SAMPLES, KERAS2_ONLY, KERAS2_SAMPLES, _job
from .test_regressions import _header

CASES = ROOT / "tests" / "conformance_cases"
#: (group, file name, Keras generation it is written for).
PROGRAMS = sorted(
    [("samples", name, 1) for name in KERAS1_SAMPLES]
    + [("samples", name, 2) for name in KERAS2_SAMPLES | KERAS2_ONLY]
    + [("cases", path.name, 2) for path in CASES.glob("*.py") if 2 in _header(path)[0]]  # Keras 2 programs only
)
#: The command line's target for each group: the samples' project says nothing (each file's own spellings).
TARGET_FLAGS = {"samples": [], "cases": ["--target-keras", "2"]}
SOURCES = {"samples": SAMPLES, "cases": CASES}

_MISTAKE = "a mistake kept as a regression case: tf_keras raises on the original too"
_SOFTMAX_MASK = ("migrated; tf_keras' Softmax adds its input's mask to it (the output broadcast to (None, 10, 10)), "
                 "Keras 3's does not, so the program means something else there")
_MASK_OPS = ("migrated; Keras 3's summary also lists the mask operations of the Masking layer (NotEqual, Any...) "
             "as layers, which tf_keras and kerascheck do not")
#: Programs kerascheck cannot migrate completely, and what remains (docs/migration.md lists them too).
INCOMPLETE = {
    "branch_layer_order_no_rnn.py": _MASK_OPS,
    "masking_functional_mask_ops.py": _MASK_OPS,
    "frozen_layer_variable_then_rnn_on_vector.py": _MISTAKE,
    "layer_in_variable_added_later_mistake.py": _MISTAKE,
    "undefined_last_axis_dense.py": _MISTAKE,
    "undefined_last_axis_gru.py": _MISTAKE,
    "softmax_on_masked_sequence_keras2.py": _MISTAKE,
    "softmax_broadcasts_masking_mask_keras2.py": _MISTAKE,
    "convolution_on_undefined_channels.py": _MISTAKE,
    "softmax_output_widened_by_its_mask_keras2.py": _SOFTMAX_MASK,
    "positional_embedding_with_tf_range_keras2.py": "`tf.shape`/`tf.range` inside a layer's `call`: Keras 3 on JAX traces the call with its own symbolic tensors, which TensorFlow refuses; not rewritten to `keras.ops`",
    "star_import_layer_in_variable_then_mistake.py": _MISTAKE,
    "locally_connected1d_keras2.py": "`LocallyConnected1D`: Keras 3 has no such layer",
    "masks_through_merges_and_wrappers.py": _MASK_OPS,
    "tf_keras_operation_layers.py": "TensorFlow functions on symbolic tensors (tf.keras 2's TFOpLambda layers): Keras 3 "
                                    "refuses them (KC315); not rewritten to `keras.ops`",
    "prelu_variable_length.py": "`PReLU` on a variable-length axis: Keras 3 needs a fixed length or `shared_axes`; not rewritten",
    "spatial_dropout3d_input_shape.py": "`SpatialDropout3D(input_shape=...)`: Keras 3's takes no `input_shape`; "
                                        "`keras.Input(shape=...)` first is not written for it",
    "interpreter_attention_scores.py": "migrated; MultiHeadAttention's attention scores have another layout in Keras 3 "
                                       "than in tf_keras, so the program means something else there",
    "attention_scores_with_key.py": "migrated; MultiHeadAttention's attention scores have another layout in Keras 3 "
                                    "than in tf_keras, so the program means something else there",
    "interpreter_autoencoder_class.py": "`keras.backend.int_shape()`: Keras 3 has none; not rewritten",
    "keras1_merge_branches.py": "`Merge([model_a, model_b], mode='concat')` of two Sequential models: Keras 3 has no "
                                "equivalent; the program has to be rewritten with the functional API",
    "seed002_keras1_cnn_py2.py": "migrated (`print x` becomes `print(x)`), not verified: the model is built in "
                                 "`build_model(input_shape)`, which the file never calls, so Keras builds none to compare",
}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """(group, name) -> (original text, migrated text, path of the migrated file): one CLI run per group."""
    root = tmp_path_factory.mktemp("migration")
    found = {}
    for group, source in SOURCES.items():
        folder = root / group
        folder.mkdir()
        names = [name for g, name, _ in PROGRAMS if g == group]
        for name in names:
            shutil.copyfile(source / name, folder / name)
        if (source / "pyproject.toml").exists():
            shutil.copyfile(source / "pyproject.toml", folder / "pyproject.toml")
        done = subprocess.run([sys.executable, "-m", "kerascheck", "check", "--fix", "--unsafe-fixes", "--migrate-to", "3",
                               "--no-cache", *TARGET_FLAGS[group], *names], cwd=folder, capture_output=True, text=True, timeout=600)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
        for name in names:
            found[(group, name)] = ((source / name).read_text(encoding="utf-8"), (folder / name).read_text(encoding="utf-8"), folder / name)
    return found


@pytest.fixture(scope="module")
def built(migrated: dict) -> dict:
    """(generation, group, name) -> what real Keras did: Keras 3 with the migrated file, tf_keras with the original."""
    results = {}
    keys = sorted(migrated)
    for key, result in zip(keys, run_keras([_original(*key) | {"path": str(migrated[key][2])} for key in keys], generation=3, fast_init=True)):
        results[(3, *key)] = result
    keras2 = [(g, name) for g, name, generation in PROGRAMS if generation == 2]
    for key, result in zip(keras2, run_keras([_original(*key) for key in keras2], generation=2, fast_init=True)):
        results[(2, *key)] = result
    return results


def _original(group: str, name: str) -> dict:
    """The harness job of the original program (a sample's call and the imports a snippet leaves out, too)."""
    return _job(name) if group == "samples" else {"path": str(CASES / name)}


def _settings(group: str) -> Settings:
    return Settings(target=requested("2", "--target-keras 2")) if group == "cases" else Settings()


def _shape(shape: object) -> object:
    if isinstance(shape, list):
        return [_shape(item) for item in shape]
    return None if shape is None else [dims.to_json(d) for d in shape]


def _predicted(group: str, name: str) -> list:
    """kerascheck's models of the original under its own target: per model, its layers' (type, shape, params)."""
    result = check_bytes((SOURCES[group] / name).read_bytes(), name, _settings(group))
    return [[(layer.type, _shape(layer.output_shape), dims.to_json(layer.trainable), dims.to_json(layer.non_trainable))
             for layer in model.layers] for model in result.models if not model.symbolic]


def _built(reference: dict) -> list:
    return [[(layer["type"], layer["output_shape"], layer["trainable"], layer["non_trainable"]) for layer in model["layers"]]
            for model in reference["models"]]


def _comments(text: str) -> list:
    try:
        return [token.string for token in tokenize.generate_tokens(io.StringIO(text).readline) if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return re.findall(r"#.*", text)


def problems(key: tuple, migrated: dict, built: dict, generation: int) -> list:
    """What keeps a program from being migrated completely ([] when it is)."""
    group, name = key
    original, fixed, _ = migrated[key]
    found = []
    keras3 = built[(3, group, name)]
    if keras3["error"] is not None:
        found.append(f"Keras 3 fails on the migrated file: {keras3['error'][:300]}")
    elif not keras3["models"]:
        found.append("Keras 3 builds no model from the migrated file: nothing to compare")
    elif _built(keras3) != _predicted(group, name):
        found.append(f"Keras 3 builds {_built(keras3)}, kerascheck predicted {_predicted(group, name)} for the original")
    if generation == 2 and keras3["error"] is None and _built(keras3) != _built(built[(2, group, name)]):
        found.append(f"tf_keras builds the original as {_built(built[(2, group, name)])}")
    return found


@pytest.mark.parametrize(("group", "name", "generation"), PROGRAMS, ids=lambda value: str(value))
def test_migrated_program_builds_as_predicted(group: str, name: str, generation: int, migrated: dict, built: dict) -> None:
    found = problems((group, name), migrated, built, generation)
    if INCOMPLETE.get(name) == _MISTAKE:
        assert built[(2, group, name)]["error"] is not None, f"{name} builds in tf_keras: it is not a mistake"
    if name in INCOMPLETE:
        assert found, f"{name} now migrates completely: remove it from INCOMPLETE and docs/migration.md"
    else:
        assert not found, "; ".join(found)


@pytest.mark.parametrize(("group", "name", "generation"), PROGRAMS, ids=lambda value: str(value))
def test_migration_keeps_comments_and_other_lines(group: str, name: str, generation: int, migrated: dict) -> None:
    original, fixed, _ = migrated[(group, name)]
    assert _comments(fixed) == _comments(original)
    lines = original.splitlines()
    reported = {line for d in check_bytes(original.encode(), name, Settings(select=("ALL",), target=_settings(group).target)).diagnostics
                for line in range(d.span.line, d.span.end_line + 1)}
    matcher = difflib.SequenceMatcher(None, lines, fixed.splitlines(), autojunk=False)
    changed = [number for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("replace", "delete") for number in range(i1 + 1, i2 + 1)]
    assert [n for n in changed if n not in reported and not lines[n - 1].startswith(("from ", "import "))] == []


def test_the_documented_list_is_the_tested_one() -> None:
    documented = set(re.findall(r"^\| `([\w./]+\.py)` \|", (ROOT / "docs" / "migration.md").read_text(encoding="utf-8"), re.M))
    assert documented == set(INCOMPLETE)
