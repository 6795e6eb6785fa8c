"""The checks beyond the documented examples: messages, and silence where Keras would not fail."""

from __future__ import annotations

import pytest

from kerascheck.engine import check_source
from kerascheck.settings import Settings
from kerascheck.target import Target

from .conftest import SAMPLES

HEAD = "from keras import layers, models\n"


def codes(source: str, settings: Settings = Settings()) -> list:
    return sorted((d.code, d.span.line) for d in check_source(source, "t.py", settings).diagnostics)


def messages(source: str, code: str) -> list:
    return [d.message for d in check_source(source, "t.py", Settings(select=("ALL",))).diagnostics if d.code == code]


CORRECT = sorted(SAMPLES.glob("*.py"))


@pytest.mark.parametrize("path", CORRECT, ids=lambda path: path.name)
def test_no_rule_fires_on_a_correct_sample(path) -> None:
    """Default rules plus unused suppressions; the only finding allowed is Python 2 syntax in a Python 2 sample.

    A Keras 1 sample is checked as Keras 1 (``from keras.layers.core import`` fails on the default Keras 3)."""
    from .test_conformance_samples import KERAS1_SAMPLES

    keras1 = Target((1,), "written for Keras 1") if path.name in KERAS1_SAMPLES else None
    result = check_source(path.read_text(encoding="utf-8"), str(path), Settings(extend_select=("KC9",), target=keras1))
    assert [(d.code, d.message) for d in result.diagnostics if d.code != "KC001"] == []


def test_unknown_keyword_suggests_and_lists() -> None:
    (message,) = messages(HEAD + "m = models.Sequential([layers.Dense(4, kernal_initializer='zeros', input_shape=(3,))])\n", "KC303")
    assert message == "Dense: unknown keyword argument `kernal_initializer`; did you mean 'kernel_initializer'?"
    (listing,) = messages(HEAD + "m = models.Sequential([layers.Flatten(zzz=1, input_shape=(3, 3))])\n", "KC303")
    assert "Flatten accepts: " in listing and "data_format" in listing


@pytest.mark.parametrize("source", [
    "m = models.Sequential([layers.Dense(units, activation=act, input_shape=(3,))])\n",  # opaque values
    "m = models.Sequential([layers.Dense(4, **options)])\n",
    "m = models.Sequential([layers.Dropout(rate)])\n",
    "m = models.Sequential([MyLayer(0, kernal_size=3)])\n",  # unknown layers are never judged
    "m = models.Sequential([layers.Conv2D(8, 3, strides=s, dilation_rate=2, input_shape=(9, 9, 1))])\n",
])
def test_uncertain_values_are_never_reported(source: str) -> None:
    found = codes(HEAD + source, Settings(select=("ALL",)))
    assert [code for code, _ in found if code not in ("KC206",)] == []


def test_keras1_files_are_judged_as_keras1() -> None:
    source = ("from keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n"
              "m = Sequential([Dense(4, input_dim=3, init='normal', W_regularizer=None), Dropout(p=0.5)])\n"
              "m.fit(x, y, nb_epoch=3)\n")
    assert codes(source) == []
    assert {code for code, _ in codes(source, Settings(extend_select=("KC5",)))} == {"KC501", "KC503"}


def test_keras_version_1_makes_training_arguments_legacy() -> None:
    source = HEAD + "m = models.Sequential([layers.Dense(1, input_shape=(3,))])\nm.fit(x, y, nb_epoch=3)\n"
    # Keras 3 by default, and the file's Keras 2 spelling says so (KC004)
    assert codes(source) == [("KC004", 3), ("KC407", 3)]
    assert codes(source, Settings(target=Target((3,), "from the test"))) == [("KC407", 3)]
    assert codes(source, Settings(target=Target((1,), "from the test"))) == []


def test_branches_are_not_consecutive() -> None:
    source = HEAD + ("m = models.Sequential()\nm.add(layers.Dense(4, input_shape=(3,)))\n"
                     "if flag:\n    m.add(layers.Dropout(0.5))\nelse:\n    m.add(layers.Dropout(0.2))\n")
    assert [code for code, _ in codes(source)] == []


def test_selection_and_severity_overrides() -> None:
    source = HEAD + "m = models.Sequential([layers.Dense(4, activation='rellu', input_shape=(3,)), layers.Dropout(1)])\n"
    assert codes(source) == [("KC307", 2), ("KC308", 2)]
    assert codes(source, Settings(ignore=("KC30",))) == []
    assert codes(source, Settings(ignore=("KC3",), select=("KC308",))) == [("KC308", 2)]
    assert codes(source, Settings(select=("KC307",))) == [("KC307", 2)]
    (d,) = [d for d in check_source(source, "t.py", Settings(severity=(("KC3", "info"), ("KC308", "warning")))).diagnostics if d.code == "KC308"]
    assert d.severity == "warning"
