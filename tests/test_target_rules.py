"""Every rule obeys the target (issue 13): errors only where the target rejects, a migration family.

The acceptance case of issue 13: a Keras 2 project (``tensorflow==2.12``)
using ``Adam(lr=...)``, ``LSTM(32, input_dim=8)`` and
``SeparableConv2D(..., kernel_regularizer=...)`` gets no error, nor does a
``keras==2.2.4`` one using ``fit(nb_epoch=)``; with ``--target-keras 3`` each
is an error, and with the migration codes each is a migration warning with its
replacement. Where tf_keras is the judge, the Keras 2 claims are checked by
building the same calls with real tf_keras in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kerascheck.checks import versions
from kerascheck.target.lines import points
from kerascheck.engine import check_source
from kerascheck.settings import Settings
from kerascheck.target import Target, requested

ROOT = Path(__file__).resolve().parent.parent

TF_PROGRAM = """\
from tensorflow.keras import layers, models, optimizers, regularizers

model = models.Sequential([
    layers.LSTM(32, input_dim=8),
    layers.Dense(1),
])
model.compile(optimizer=optimizers.Adam(lr=0.001), loss='mse')
conv = models.Sequential([
    layers.SeparableConv2D(8, 3, kernel_regularizer=regularizers.l2(0.01), input_shape=(28, 28, 1)),
])
"""
LSTM_LINE, ADAM_LINE, SEPARABLE_LINE = 4, 7, 9

KERAS22_PROGRAM = """\
from keras.models import Sequential
from keras.layers import Dense

model = Sequential([Dense(1, input_shape=(8,))])
model.compile(optimizer='sgd', loss='mse')
model.fit(x, y, nb_epoch=10)
"""
FIT_LINE = 6

MIGRATION = "KC6"


def _project(tmp_path: Path, requirement: str, source: str) -> Path:
    (tmp_path / "requirements.txt").write_text(requirement + "\n", encoding="utf-8")
    (tmp_path / "model.py").write_text(source, encoding="utf-8")
    return tmp_path


def _check(project: Path, *arguments: str) -> list:
    """(code, severity, line, message) of every finding of ``kerascheck check`` on the project's model.py."""
    env = {**os.environ, "KERAS_BACKEND": "jax", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "kerascheck", "check", "--no-cache", "--output-format", "json", *arguments, "model.py"],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    (found,) = json.loads(done.stdout)["files"]
    return [(d["code"], d["severity"], d["line"], d["message"]) for d in found["diagnostics"]]


def _errors(findings: list) -> list:
    return [item for item in findings if item[1] == "error"]


# -- the acceptance case ---------------------------------------------------------


def test_keras2_project_gets_no_error(tmp_path) -> None:
    project = _project(tmp_path, "tensorflow==2.12", TF_PROGRAM)
    assert _errors(_check(project)) == []


def test_keras22_project_with_nb_epoch_gets_no_error(tmp_path) -> None:
    project = _project(tmp_path, "keras==2.2.4", KERAS22_PROGRAM)
    assert _check(project) == []


def test_the_same_project_targeting_keras3_gets_each_as_an_error(tmp_path) -> None:
    project = _project(tmp_path, "tensorflow==2.12", TF_PROGRAM)
    errors = {(code, line) for code, _, line, _ in _errors(_check(project, "--target-keras", "3"))}
    assert errors == {("KC102", LSTM_LINE), ("KC407", ADAM_LINE), ("KC303", SEPARABLE_LINE)}


def test_keras22_project_targeting_keras3_gets_nb_epoch_as_an_error(tmp_path) -> None:
    project = _project(tmp_path, "keras==2.2.4", KERAS22_PROGRAM)
    assert [(code, line) for code, _, line, _ in _errors(_check(project, "--target-keras", "3"))] == [("KC407", FIT_LINE)]


def test_migration_codes_report_each_with_its_replacement(tmp_path) -> None:
    project = _project(tmp_path, "tensorflow==2.12", TF_PROGRAM)
    found = _check(project, "--select", MIGRATION)
    assert sorted((code, severity, line) for code, severity, line, _ in found) == [
        ("KC601", "warning", ADAM_LINE), ("KC606", "warning", LSTM_LINE), ("KC608", "warning", SEPARABLE_LINE),
        ("KC614", "warning", 1),
    ]
    by_code = {code: message for code, _, _, message in found}
    assert by_code["KC601"] == "Adam(): lr= → learning_rate=: removed in Keras 3"
    assert by_code["KC614"] == ("from tensorflow.keras import layers, models, optimizers, regularizers → "
                                "from keras import layers, models, optimizers, regularizers: the same objects in Keras 3")
    assert by_code["KC606"] == "LSTM: input_dim= → input_shape=(timesteps, features): read as input_shape=(input_dim,), a 2D input the layer rejects, in Keras 3"
    assert by_code["KC608"] == "SeparableConv2D: kernel_regularizer= → the layer's own keyword, or remove it: removed in Keras 3"


def test_migration_report_of_keras22_project(tmp_path) -> None:
    project = _project(tmp_path, "keras==2.2.4", KERAS22_PROGRAM)
    assert [(code, severity, line, message) for code, severity, line, message in _check(project, "--select", MIGRATION)] == [
        ("KC603", "warning", FIT_LINE, "fit(): nb_epoch= → epochs=: removed in Keras 3"),
    ]


def test_migration_rules_are_opt_in(tmp_path) -> None:
    project = _project(tmp_path, "tensorflow==2.12", TF_PROGRAM)
    assert [code for code, *_ in _check(project) if code.startswith("KC6")] == []


def test_migrate_to_3_reports_nothing_on_a_keras3_target(tmp_path) -> None:
    """Nothing but KC614's `tensorflow.keras` import, which still works on Keras 3 (it reports only what `keras` can replace)."""
    project = _project(tmp_path, "tensorflow==2.12", TF_PROGRAM)
    assert [code for code, *_ in _check(project, "--target-keras", "3", "--select", MIGRATION)] == ["KC614"]


def test_migrate_to_2_from_keras1(tmp_path) -> None:
    source = ("from keras.models import Sequential\nfrom keras.layers import Dense\n"
              "model = Sequential([Dense(1, input_dim=8, init='normal')])\n"
              "model.fit_generator(batches, samples_per_epoch=1000, nb_epoch=10)\n")
    project = _project(tmp_path, "keras==1.2.2", source)
    to3 = sorted(code for code, *_ in _check(project, "--select", MIGRATION))
    to2 = sorted(code for code, *_ in _check(project, "--select", MIGRATION, "--migrate-to", "2"))
    # Keras 3 has no fit_generator and rejects both arguments; tf.keras 2 (tf_keras) keeps fit_generator, deprecated.
    assert to3 == ["KC603", "KC604", "KC605"]
    assert to2 == ["KC603", "KC604"]


# -- versions within Keras 2 ----------------------------------------------------


def _codes(source: str, target: str, select: tuple = ()) -> list:
    settings = Settings(select=select, target=requested(target, f"--target-keras {target}"))
    return sorted((d.code, d.span.line) for d in check_source(source, "t.py", settings).diagnostics)


DECAY = ("from tensorflow.keras import layers, models, optimizers\n"
         "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
         "model.compile(optimizer=optimizers.SGD(learning_rate=0.1, decay=1e-6), loss='mse')\n")


def test_decay_is_an_error_from_tf_keras_2_11_only() -> None:
    assert _codes(DECAY, "2.10") == []
    assert _codes(DECAY, "2.11") == [("KC407", 3)]
    assert _codes(DECAY, "2.2") == []
    assert _codes(DECAY, "3") == [("KC409", 3)]  # Keras 3 ignores it with a warning
    assert _codes(DECAY.replace("optimizers.SGD", "optimizers.legacy.SGD"), "2.12") == []


def test_lr_is_ignored_by_the_new_optimizers_and_honoured_before() -> None:
    source = DECAY.replace("learning_rate=0.1, decay=1e-6", "lr=0.1")
    assert _codes(source, "2.10") == []
    assert _codes(source, "2.12") == [("KC409", 3)]
    assert _codes(source, "2") == []  # any tf.keras 2: honoured before 2.11, ignored after: not certain
    assert _codes(source, "3") == [("KC407", 3)]


def test_nb_epoch_on_tf_keras_versions() -> None:
    source = ("from tensorflow.keras import layers, models\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
              "model.fit(x, y, nb_epoch=3)\n")
    assert _codes(source, "2.2") == []
    assert _codes(source, "2.12") == []  # tf.keras 2.0-2.15 bundled: no source judged, never an error
    assert _codes(source, "2.16") == [("KC407", 3)]  # tf_keras, judged by the installed one


def test_fit_generator_removed_in_keras3_only() -> None:
    source = ("from tensorflow.keras import layers, models\nmodel = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
              "model.fit_generator(batches, steps_per_epoch=3)\n")
    assert _codes(source, "2.12") == []
    assert _codes(source, "3") == [("KC408", 3)]


def test_image_dim_ordering() -> None:
    source = ("from keras import backend as K, layers, models\nordering = K.image_dim_ordering()\n"
              "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n")
    assert _codes(source, "2.2") == []
    assert _codes(source, "3") == [("KC408", 2)]


def test_keras2_keyword_table_is_used_for_tf_keras_targets_only() -> None:
    source = ("from tensorflow.keras import layers, models\n"
              "model = models.Sequential([layers.BatchNormalization(fused=True, input_shape=(8,))])\n")
    assert _codes(source, "2.12") == []
    assert _codes(source, "3") == [("KC303", 2)]
    typo = source.replace("fused=True", "fusd=True")
    assert _codes(typo, "2.12") == [("KC303", 2)]


# -- the Keras it assumed --------------------------------------------------------


def test_assumed_target_says_which_keras_and_how_to_set_it() -> None:
    source = ("from tensorflow.keras import layers, models, optimizers\n"
              "model = models.Sequential([layers.Dense(1, input_shape=(8,))])\n"
              "model.compile(optimizer=optimizers.Adam(lr=0.01), loss='mse')\n")
    (finding,) = [d for d in check_source(source, "t.py", Settings()).diagnostics if d.code == "KC004"]
    assert finding.severity == "info"
    assert "checked as Keras 3 (the default)" in finding.message
    assert "--target-keras 2" in finding.message
    decided = Settings(target=Target((3,), "from the test"))
    assert [d.code for d in check_source(source, "t.py", decided).diagnostics if d.code == "KC004"] == []


def test_keras1_file_with_keras2_spellings_gets_the_note() -> None:
    source = ("from keras.models import Sequential\nfrom keras.layers import Dense\n"
              "model = Sequential([Dense(output_dim=4, input_dim=8), Dense(units=1)])\n")
    (finding,) = [d for d in check_source(source, "t.py", Settings()).diagnostics if d.code == "KC004"]
    assert "checked as Keras 1 (from Dense(output_dim=...))" in finding.message
    assert "Dense(units=...)" in finding.message


# -- the facts, against their sources -----------------------------------------------


def test_points_of_targets() -> None:
    assert points(requested("2.12", "t")) == (("tf", 12),)
    assert points(Target((2, 2), "t", "keras")) == (("k2", 2),)
    assert points(Target((2, 12), "t", "keras")) == (("tf", 12),)  # keras 2.4+ re-exports tf.keras
    assert points(requested("3", "t")) == (("k3", None),)
    assert len(points(requested("2", "t"))) == 16  # tf.keras bundled with TensorFlow 2.0 to 2.15


TF_KERAS_PROBE = r"""
import json, warnings
import numpy as np
import tf_keras as k
out = {}
out["lstm_input_dim"] = list(k.Sequential([k.layers.LSTM(32, input_dim=8)]).input_shape)
k.layers.SeparableConv2D(8, 3, kernel_regularizer=k.regularizers.l2(0.01))
out["separable_kernel_regularizer"] = "accepted"
out["adam_lr"] = float(k.optimizers.Adam(lr=0.5).learning_rate.numpy())
out["legacy_adam_lr"] = float(k.optimizers.legacy.Adam(lr=0.5).learning_rate.numpy())
try:
    k.optimizers.SGD(decay=0.1)
    out["decay"] = "accepted"
except ValueError:
    out["decay"] = "rejected"
m = k.Sequential([k.layers.Dense(1, input_shape=(2,))])
m.compile("sgd", "mse")
try:
    m.fit(np.zeros((2, 2)), np.zeros((2, 1)), nb_epoch=1, verbose=0)
    out["nb_epoch"] = "accepted"
except TypeError:
    out["nb_epoch"] = "rejected"
out["fit_generator"] = hasattr(m, "fit_generator")
out["image_dim_ordering"] = hasattr(k.backend, "image_dim_ordering")
try:
    k.layers.Dense(3, kernal_size=3)
    out["typo"] = "accepted"
except TypeError:
    out["typo"] = "rejected"
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def tf_keras_facts() -> dict:
    """What real tf_keras does with the Keras 2 spellings the rules judge (a subprocess: TensorFlow stays out of this one)."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_USE_LEGACY_KERAS": "1"}
    done = subprocess.run([sys.executable, "-c", TF_KERAS_PROBE], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_tf_keras_accepts_what_the_keras2_rules_accept(tf_keras_facts) -> None:
    assert tf_keras_facts["lstm_input_dim"] == [None, None, 8]
    assert tf_keras_facts["separable_kernel_regularizer"] == "accepted"
    assert tf_keras_facts["fit_generator"] is True
    assert tf_keras_facts["typo"] == "rejected"


def test_tf_keras_fates_match_the_table(tf_keras_facts) -> None:
    tf_keras = Target((2, 21), "t", "tf-keras")
    # lr= on the new optimizers: accepted, and the learning rate stays the default
    assert tf_keras_facts["adam_lr"] != 0.5
    assert tf_keras_facts["legacy_adam_lr"] == 0.5
    assert versions.certainly(versions.CHANGES["optimizer-lr"], tf_keras, versions.IGNORED)
    assert versions.certainly(versions.CHANGES["optimizer-lr"], tf_keras, versions.DEPRECATED, legacy=True)
    assert tf_keras_facts["decay"] == "rejected"
    assert versions.certainly(versions.CHANGES["optimizer-decay"], tf_keras)
    assert tf_keras_facts["nb_epoch"] == "rejected"
    assert versions.certainly(versions.CHANGES["fit-nb-epoch"], tf_keras)
    assert tf_keras_facts["image_dim_ordering"] is False
    assert versions.certainly(versions.CHANGES["image-dim-ordering"], tf_keras)


def test_keras2_signatures_are_rederived_from_tf_keras() -> None:
    """kerascheck/target/keras2_signatures.json is what scripts/generate_signatures.py --keras2 writes today."""
    code = ("import sys; sys.path.insert(0, 'scripts'); import generate_signatures as g; "
            "sys.stdout.write(g.render(g.keras2_signatures()))")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_USE_LEGACY_KERAS": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == (ROOT / "kerascheck" / "target" / "keras2_signatures.json").read_text(encoding="utf-8")
