"""Arbitrary programs, valid and invalid, never make the analysis raise.

hypothesmith generates syntactically valid Python from the grammar; plain
hypothesis text and token soup cover the invalid side; a Keras-flavoured
generator builds models from random layers and random (often absurd)
arguments so that interpretation, evaluation, inference and the checks all run.
The engine's debug switch is on: an error it would swallow fails the test.
"""

from __future__ import annotations

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerascheck.engine import check_bytes, check_source
from kerascheck.interpreter.expressions import Evaluator
from kerascheck.interpreter.values import Scope

import hypothesmith  # in the test extra: a missing one is an error, never a skip


@pytest.fixture(autouse=True)
def debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors the engine would turn into unknown values or KC001 are raised instead (kerascheck's own bugs)."""
    monkeypatch.setenv("KERASCHECK_DEBUG", "1")

FAST = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _no_internal_error(source: str) -> None:
    result = check_source("import keras\n" + source)
    assert not [d for d in result.diagnostics if d.code == "KC003"], result.diagnostics


@FAST
@given(hypothesmith.from_grammar())
def test_valid_programs(source: str) -> None:
    _no_internal_error(source)


@FAST
@given(st.text())
def test_any_text(source: str) -> None:
    _no_internal_error(source)


@FAST
@given(st.binary())
def test_any_bytes(data: bytes) -> None:
    result = check_bytes(b"import keras\n" + data, "x.py")
    assert not [d for d in result.diagnostics if d.code == "KC003"]


TOKENS = ["(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-", "*", "**", "/", "//", "%", "if", "else", "for", "in",
          "not", "and", "lambda", "\n", "    ", "x", "n", "1", "0", "-1", "10**9", "'same'", "None", "True", "model",
          "keras", ".", "layers", "Dense", "Conv2D", "Sequential", "add", "Input", "shape", "(3,)"]


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_token_soup(tokens: list) -> None:
    _no_internal_error(" ".join(tokens))


LAYERS = ["Dense", "Conv2D", "Conv1D", "MaxPooling2D", "Flatten", "Reshape", "LSTM", "Embedding", "Dropout",
          "BatchNormalization", "GlobalAveragePooling2D", "Concatenate", "Activation", "UpSampling2D", "Cropping2D",
          "ZeroPadding2D", "TimeDistributed", "Bidirectional", "Permute", "RepeatVector", "Lambda", "Custom"]
VALUES = ["0", "1", "-3", "7", "None", "(2, 2)", "(0,)", "(3, 3, 3)", "'same'", "'valid'", "'bogus'", "x", "n * 2",
          "10**30", "(1,) * 10**9", "[]", "()", "2 ** 10**10", "1.5", "True", "keras.layers.Dense(2)", "lambda t: t"]


@st.composite
def keras_programs(draw: st.DrawFn) -> str:
    lines = ["n = " + draw(st.sampled_from(VALUES))]
    layers = []
    for _ in range(draw(st.integers(1, 6))):
        args = ", ".join(draw(st.lists(st.sampled_from(VALUES), max_size=3)))
        keywords = ", ".join(f"{k}={draw(st.sampled_from(VALUES))}" for k in draw(st.lists(st.sampled_from(["input_shape", "padding", "strides", "units", "kernel_size", "target_shape", "axis", "layer"]), max_size=2, unique=True)))
        joined = ", ".join(part for part in (args, keywords) if part)
        layers.append(f"keras.layers.{draw(st.sampled_from(LAYERS))}({joined})")
    if draw(st.booleans()):
        lines.append("model = keras.Sequential([" + ", ".join(layers) + "])")
    else:
        lines.append("inputs = keras.Input(shape=" + draw(st.sampled_from(VALUES)) + ")")
        lines.append("x = inputs")
        lines.extend(f"x = {layer}(x)" for layer in layers)
        lines.append("model = keras.Model(inputs, x)")
    lines.append("model.compile(loss=" + draw(st.sampled_from(["'mse'", "'categorical_crossentropy'", "'bogus'", "x"])) + ", optimizer='adam')")
    return "\n".join(lines) + "\n"


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(keras_programs())
def test_random_models(source: str) -> None:
    _no_internal_error(source)


@FAST
@given(hypothesmith.from_grammar(start="eval_input"))
def test_evaluator_on_any_expression(source: str) -> None:
    try:
        expression = cst.parse_expression(source.strip())
    except (cst.ParserSyntaxError, RecursionError):
        return
    Evaluator(cst.parse_module("")).eval(expression, Scope())


#: Programs the standard-library sweep once broke the engine on, minimised (each raised inside kerascheck).
SWEEP_FINDS = {
    "a NumPy array sliced at a bound only the run knows": "import sys\nimport numpy as np\nx = np.zeros((10, 4))\ny = x[:len(sys.argv)]\n",
    "keras.ops.add, a function, not a model's add": "from keras import ops\ny = ops.ones(shape=(2,))\nloss = ops.add(y, y)\n",
    "len() of a 0-d array": "import numpy as np\nn = len(np.zeros(()))\n",
    "a lambda calling itself": "f = lambda f: f(f)\nf(f)\n",
    "a merge function given tensors outside a list": "from keras import layers, ops\ny = ops.ones(shape=(2,))\nz = layers.add(y, y)\n",
}


@pytest.mark.parametrize("source", SWEEP_FINDS.values(), ids=SWEEP_FINDS.keys())
def test_sweep_finds_stay_fixed(source: str) -> None:
    _no_internal_error(source)
