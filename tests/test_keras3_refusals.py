"""What Keras 3 refuses that tf.keras 2 accepted, found by the interpreter (KC314, KC315).

Each program is judged by real Keras too: tests/conformance_samples judges
samples/buggy/numpy_integer_units.py and tensorflow_function_on_keras3_tensor.py
(Keras 3 raises at the reported line); here the table checks where the
findings are and are not made, for both targets.
"""

from __future__ import annotations

import pytest

from kerascheck.engine import check_source
from kerascheck.settings import Settings
from kerascheck.target import Target

TF_FUNCTION = """\
import tensorflow as tf
inputs = tf.keras.Input(shape=(20, 8))
pooled = tf.reduce_mean(inputs, axis=1)
model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(pooled))
"""

TF_FUNCTION_IN_LAYER = """\
import tensorflow as tf
class Pool(tf.keras.layers.Layer):
    def call(self, x):
        return tf.reduce_mean(x, axis=1)
inputs = tf.keras.Input(shape=(20, 8))
model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(Pool()(inputs)))
"""

TF_FUNCTION_ON_DATA = """\
import numpy as np
import tensorflow as tf
data = tf.reduce_mean(np.zeros((4, 3)), axis=1)
"""

KERAS_OPS = """\
import keras
inputs = keras.Input(shape=(20, 8))
pooled = keras.ops.mean(inputs, axis=1)
model = keras.Model(inputs, keras.layers.Dense(1)(pooled))
"""

NUMPY_UNITS = """\
import numpy as np
import keras
from keras.datasets import reuters
(x, y), _ = reuters.load_data(num_words=100)
model = keras.Sequential([keras.Input(shape=(100,)), keras.layers.Dense(np.max(y) + 1)])
converted = keras.Sequential([keras.Input(shape=(100,)), keras.layers.Dense(int(np.max(y)) + 1)])
embedded = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Embedding(y.max() + 1, 8)])
counted = keras.Sequential([keras.Input(shape=(100,)), keras.layers.Dense(len(np.unique(y)))])
"""

CASES = [
    # (program, Keras generation judged, [(code, line)] expected)
    (TF_FUNCTION, 3, [("KC315", 3)]),
    (TF_FUNCTION, 2, []),
    (TF_FUNCTION_IN_LAYER, 3, []),
    (TF_FUNCTION_ON_DATA, 3, []),
    (KERAS_OPS, 3, []),
    (NUMPY_UNITS, 3, [("KC314", 5), ("KC314", 7)]),
    (NUMPY_UNITS, 2, []),
]


@pytest.mark.parametrize("source, generation, expected", CASES)
def test_keras3_refusals(source: str, generation: int, expected: list) -> None:
    result = check_source(source, settings=Settings(target=Target((generation,), "the test")))
    found = sorted((d.code, d.span.line) for d in result.diagnostics if d.code in ("KC314", "KC315"))
    assert found == expected
    assert all(d.severity != "error" for d in result.diagnostics if d.code not in ("KC314", "KC315"))
