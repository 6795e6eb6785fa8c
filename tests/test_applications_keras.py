"""``keras.applications`` bases (kerascheck/layers/applications.json) against real Keras.

Each entry is built by real Keras (``weights=None``: nothing is downloaded) as
the layer of a small model, and kerascheck, checking the program for that
Keras, must agree on the whole layer list, names included. A
run checks a sample of the fast ones (chosen per day, or named by
``KERASCHECK_APPLICATIONS=ResNet50,VGG16`` / ``all``), under Keras 3 and
Keras 2; ``python benchmarks/applications.py`` checks all of them.
"""

from __future__ import annotations

import datetime
import json
import os
import random

import pytest

from kerascheck.engine import check_source

from .conftest import ROOT, judged_by, run_keras

TABLE = json.loads((ROOT / "kerascheck" / "layers" / "applications.json").read_text(encoding="utf-8"))

#: Small enough to build in a few seconds each.
FAST = ("MobileNet", "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large", "EfficientNetB0", "EfficientNetV2B0",
        "DenseNet121", "ResNet50", "ResNet50V2", "NASNetMobile", "InceptionV3", "Xception")
PER_RUN = 3

#: Ways a base is used: (variant, what the program does with it).
VARIANTS = ("features", "frozen", "top")

#: After a feature extractor, an input and unnamed layers of the classes whose
#: name counters the bases advance (tf_keras' ops on tensors included): their
#: names show whether kerascheck counts what building the base counted.
COUNTER_PROBES = (
    "x = layers.Dense(3)(base(inputs))",
    "x = layers.ReLU()(layers.Activation('relu')(x))",
    "x = layers.Dropout(0.1)(layers.Rescaling(1.0)(x))",
    "x = layers.BatchNormalization()(layers.LayerNormalization()(layers.Flatten()(x)))",
    "x = x * x + x",
    "x = layers.Add()([x, layers.Multiply()([x, x])])",
    "x = layers.Concatenate()([x, x])",
)

#: (generation, name, variant) kerascheck is known to get wrong, with the reason.
XFAIL: dict = {}


def _size(name: str) -> int:
    entry = TABLE[name]
    if name.startswith("NASNet"):  # NASNet takes only its default size without weights
        return entry["default_size"]
    return max(entry.get("min_size") or 32, 75) + 1  # odd: the parity-dependent paddings are exercised


def program(name: str, variant: str) -> str:
    """A model using ``name`` as a layer: a pooled feature extractor (a functional
    model, followed by the counter probes), the same frozen (a Sequential), or the
    full classifier."""
    size = _size(name)
    lines = ["import keras", "from keras import layers"]
    if variant == "top":
        size = TABLE[name]["default_size"]
        lines.append(f"base = keras.applications.{name}(weights=None, classes=7, input_shape=({size}, {size}, 3))")
        lines.append("model = keras.Sequential([keras.Input(shape=" f"({size}, {size}, 3)), base], name='m')")
        return "\n".join(lines) + "\n"
    lines.append(f"base = keras.applications.{name}(weights=None, include_top=False, input_shape=({size}, {size}, 3), pooling='avg')")
    if variant == "frozen":
        lines.append("base.trainable = False")
        lines.append("model = keras.Sequential([base, layers.Dense(3)], name='m')")
    else:
        lines.append(f"inputs = keras.Input(shape=({size}, {size}, 3))")
        lines.extend(COUNTER_PROBES)
        lines.append("model = keras.Model(inputs, x, name='m')")
    return "\n".join(lines) + "\n"


def compare(source: str, built: dict, generation: int) -> list:
    """The differences between kerascheck's prediction for ``source``, checked for
    Keras ``generation``, and what that Keras built (empty: they agree)."""
    if built["error"] is not None:
        return [f"Keras rejects the program: {built['error']}"]
    ours = check_source(source, "application.py", judged_by(generation))
    problems = [f"kerascheck error: {d.code} {d.message}" for d in ours.diagnostics if d.severity == "error"]
    if len(ours.models) != 1 or len(built["models"]) != 1:
        return problems + [f"models: kerascheck {len(ours.models)}, Keras {len(built['models'])}"]
    model, reference = ours.models[0], built["models"][0]
    predicted = [(l.name, l.type, None if l.output_shape is None else list(l.output_shape), l.trainable, l.non_trainable)
                 for l in model.layers]
    expected = [(l["name"], l["type"], l["output_shape"], l["trainable"], l["non_trainable"]) for l in reference["layers"]]
    if predicted != expected:
        problems.append(f"layers: kerascheck {predicted} != Keras {expected}")
    totals = (sum(l["trainable"] for l in reference["layers"]), sum(l["non_trainable"] for l in reference["layers"]))
    if (model.trainable_params, model.non_trainable_params) != totals:
        problems.append(f"totals: kerascheck {(model.trainable_params, model.non_trainable_params)} != Keras {totals}")
    if model.name != reference["name"]:
        problems.append(f"model name: kerascheck {model.name!r} != Keras {reference['name']!r}")
    return problems


def run_all(cases: list) -> dict:
    """(generation, name, variant) -> differences, each generation's programs in one Keras process."""
    found = {}
    for generation in sorted({case[0] for case in cases}):
        mine = [case for case in cases if case[0] == generation]
        jobs = [{"path": f"{name}_{variant}.py", "source": program(name, variant)} for _, name, variant in mine]
        for case, built in zip(mine, run_keras(jobs, generation=generation, fast_init=True)):
            found[case] = compare(program(*case[1:]), built, generation)
    return found


def sample() -> list:
    wanted = os.environ.get("KERASCHECK_APPLICATIONS", "")
    if wanted == "all":
        return sorted(TABLE)
    if wanted:
        return [name.strip() for name in wanted.split(",") if name.strip()]
    rng = random.Random(datetime.date.today().toordinal())
    return sorted(rng.sample([name for name in FAST if name in TABLE], PER_RUN))


SAMPLE = sample()
CASES = [(generation, name, variant) for generation in (3, 2) for name in SAMPLE
         for variant in (VARIANTS if generation == 3 else ("features",))]


@pytest.fixture(scope="module")
def differences() -> dict:
    return run_all(CASES)


def _param(case: tuple):
    reason = XFAIL.get(case)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(*case, id="keras{}-{}-{}".format(*case), marks=marks)


@pytest.mark.parametrize(("generation", "name", "variant"), [_param(case) for case in CASES])
def test_application_matches_keras(generation: int, name: str, variant: str, differences: dict) -> None:
    assert differences[(generation, name, variant)] == [], program(name, variant)


def test_table_covers_the_catalogue_applications() -> None:
    from kerascheck.layers import all_specs

    catalogue = {spec.name for spec in all_specs() if spec.group == "applications"}
    assert catalogue == set(TABLE)
    assert set(FAST) <= set(TABLE)
