"""Every format says only what is known (issue 17, item 4), through the command line.

* a symbolic analysis (a function nothing calls, its parameters as symbols) is
  labelled as such in every format, its findings included;
* a layer's ``type`` is a Keras class name or nothing (``null`` in JSON, ``?``
  in the tables), never a sentence or source text;
* a total that cannot be known is unknown (``null``, ``?``), never 0;
* the ``full`` format shows the shapes of the pass the finding was made on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kerascheck.reporters import CHECK_FORMATS, SUMMARY_FORMATS

from .test_cli import run
from .test_reporters import validate_output

SYMBOLIC = """import keras
from keras import layers

def build(units):
    model = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(units), layers.LSTM(4)])
    return model
"""
SYMBOLIC_LABEL = "(in the symbolic analysis of build(): nothing in the file calls it; its parameters are symbols)"

#: Layers that are values kerascheck cannot see into: a call of an unknown helper, a loop of unknown length.
OPAQUE_LAYERS = """import keras
from keras import layers

m = keras.Sequential([keras.Input((8,)), helper.block(4), layers.Dense(3)])
grown = keras.Sequential([keras.Input((8,))])
for i in range(n):
    grown.add(layers.Dense(4))
"""

#: Functional models whose graph cannot be traced: the outputs come from an unknown call.
UNTRACED = """import keras
inputs = keras.Input((8,))
outputs = something(inputs)
model = keras.Model(inputs, outputs)
other = keras.Model(get_inputs(), get_outputs())
"""

#: 16 -> 14 -> ... -> 2: the eighth Conv2D(3) (Keras names it conv2d_7) gets a 2x2 input and fails;
#: the first seven passes are fine.
LOOP = """import keras
from keras import layers
inputs = keras.Input((16, 16, 3))
x = inputs
for i in range(8):
    x = layers.Conv2D(8, 3)(x)
model = keras.Model(inputs, x)
"""

MERGE = """import keras
from keras import layers
inputs = keras.Input((16,))
a = layers.Reshape((4, 1))(layers.Dense(4)(inputs))
b = layers.Reshape((5, 1))(layers.Dense(5)(inputs))
c = layers.concatenate([a, b], axis=2)
"""


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "model.py") -> str:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name

    return write


@pytest.mark.parametrize("name", sorted(CHECK_FORMATS))
def test_findings_of_a_symbolic_analysis_say_so_in_every_check_format(source, capsys: pytest.CaptureFixture, name: str) -> None:
    code, out, _ = run(capsys, "check", "--isolated", "--no-cache", "--output-format", name, source(SYMBOLIC))
    assert code == 1
    shown = json.dumps(json.loads(out)) if name in ("json", "sarif", "gitlab") else out
    # the LSTM's error, its message labelled once (JUnit writes each message twice: attribute and body)
    assert shown.count(SYMBOLIC_LABEL) == (2 if name == "junit" else 1)


@pytest.mark.parametrize(
    "name, label",
    [
        ("text", "Symbolic analysis of build() (nothing in the file calls it; its parameters are symbols):\nModel: \"sequential\""),
        ("markdown", "_Symbolic analysis of build() (nothing in the file calls it; its parameters are symbols):_\n\n**sequential**"),
        ("json", '"symbolic": "build"'),
    ],
)
def test_models_of_a_symbolic_analysis_are_labelled_in_every_summary_format(source, capsys: pytest.CaptureFixture,
                                                                            name: str, label: str) -> None:
    assert set(SUMMARY_FORMATS) == {"text", "markdown", "json"}  # a new format needs its row here
    _, out, _ = run(capsys, "summary", "--isolated", "--no-cache", "--output-format", name, source(SYMBOLIC))
    assert label in out


def test_a_layer_type_is_a_class_name_or_nothing(source, capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "summary", "--isolated", "--no-cache", "--output-format", "json", source(OPAQUE_LAYERS))
    document = json.loads(out)
    validate_output(document)  # the schema's pattern: a class name or null
    layers = [(layer["name"], layer["type"]) for model in document["files"][0]["models"] for layer in model["layers"]]
    assert layers == [("?", None), ("dense", "Dense"), ("?", None)]
    notes = [note for model in document["files"][0]["models"] for note in model["notes"]]
    assert notes == ["?: helper.block(4) is not a layer kerascheck knows; shapes after it are unknown",
                     "?: layers added in `for i in range(n)` (repeated an unknown number of times) is not a layer "
                     "kerascheck knows; shapes after it are unknown"]
    _, text, _ = run(capsys, "summary", "--isolated", "--no-cache", "model.py")
    assert text.count("│ ? (?)   ") == 2 and "helper.block(4))" not in text.replace("Note: ?: helper.block(4)", "")


@pytest.mark.parametrize(
    "name, unknown",
    [
        ("json", '"total_params": null'),
        ("text", " Total params: ?\n Trainable params: ?\n Non-trainable params: ?\n"),
        ("markdown", "Total params: **?**  \nTrainable params: **?**  \nNon-trainable params: **?**"),
    ],
)
def test_totals_of_a_graph_that_cannot_be_traced_are_unknown(source, capsys: pytest.CaptureFixture, name: str, unknown: str) -> None:
    _, out, _ = run(capsys, "summary", "--isolated", "--no-cache", "--output-format", name, source(UNTRACED))
    assert out.count(unknown) == 2  # both models, never "0"
    assert "Total params: 0" not in out and "Total params: **0" not in out and '"total_params": 0' not in out


@pytest.mark.parametrize(
    "text, shapes",
    [
        (LOOP, "= shapes: (None, 2, 2, 8) -> conv2d_7 (Conv2D) -> ?"),
        (MERGE, "= shapes: [(None, 4, 1), (None, 5, 1)] -> concatenate (Concatenate) -> ?"),
    ],
)
def test_full_shows_the_shapes_the_finding_was_made_on(source, capsys: pytest.CaptureFixture, text: str, shapes: str) -> None:
    code, out, _ = run(capsys, "check", "--isolated", "--no-cache", "--output-format", "full", source(text))
    assert code == 1
    assert [line.strip() for line in out.splitlines() if "= shapes:" in line] == [shapes]


def test_the_shapes_survive_the_cache(source, capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    name = source(LOOP)
    args = ("check", "--isolated", "--cache-dir", str(tmp_path / "cache"), "--output-format", "full", name)
    first, second = run(capsys, *args), run(capsys, *args)
    assert first == second and re.search(r"= shapes: \(None, 2, 2, 8\) -> conv2d_7", second[1])
