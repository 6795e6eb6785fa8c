"""Finding models: every import spelling, models in functions, names as Keras gives them."""

from __future__ import annotations

import pytest

from kerascheck.engine import check_source
from kerascheck.settings import Settings

SPELLINGS = {
    "keras.Sequential": "import keras\nm = keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])\n",
    "keras.models.Sequential": "import keras\nm = keras.models.Sequential([keras.layers.Dense(4, input_shape=(3,))])\n",
    "tf.keras.Sequential": "import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,))])\n",
    "tf.keras.models.Sequential": "import tensorflow as tf\nm = tf.keras.models.Sequential()\nm.add(tf.keras.layers.Dense(4, input_shape=(3,)))\n",
    "from tensorflow.keras import layers": "from tensorflow.keras import layers, Sequential\nm = Sequential([layers.Dense(4, input_shape=(3,))])\n",
    "from keras import layers as L": "from keras import layers as L\nfrom keras.models import Sequential\nm = Sequential([L.Dense(4, input_shape=(3,))])\n",
    "import keras.layers as kl": "import keras.layers as kl\nimport keras.models\nm = keras.models.Sequential([kl.Dense(4, input_shape=(3,))])\n",
    "star import": "from keras.layers import *\nfrom keras.models import *\nm = Sequential([Dense(4, input_shape=(3,))])\n",
    "Keras 1 core module": "from keras.layers.core import Dense\nfrom keras.models import Sequential\nm = Sequential()\nm.add(Dense(output_dim=4, input_dim=3))\n",
    "inside a function": "from keras import Sequential\nfrom keras.layers import Dense\ndef build():\n    m = Sequential()\n    m.add(Dense(4, input_shape=(3,)))\n    return m\n",
    "inside a method": "import keras\nclass Net:\n    def model(self):\n        return keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])\n",
    "tuple of layers": "import keras\nm = keras.Sequential((keras.layers.Dense(4, input_shape=(3,)),))\n",
    "layers= keyword": "import keras\nm = keras.Sequential(layers=[keras.layers.Dense(4, input_shape=(3,))], name='net')\n",
}


@pytest.mark.parametrize("source", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_every_spelling_is_found(source: str) -> None:
    (model,) = check_source(source).models
    (dense,) = model.layers
    assert (dense.type, dense.output_shape, dense.params) == ("Dense", (None, 4), 16)


def test_a_dense_that_is_not_keras_is_ignored() -> None:
    source = "from mylib import Dense, Sequential\nimport keras\nm = Sequential([Dense(4, input_shape=(3,))])\n"
    assert check_source(source).models == ()


def test_a_local_class_named_like_a_keras_layer_is_not_keras() -> None:
    source = (
        "from keras.layers import *\nfrom keras.models import Sequential\n"
        "class Dense:\n    pass\nm = Sequential([Conv1D(2, 3, input_shape=(8, 1)), Dense(4)])\n"
    )
    (model,) = check_source(source).models
    assert [layer.type for layer in model.layers] == ["Conv1D", "Dense"]
    assert model.layers[1].output_shape is None  # the local class: unknown, not an error


def test_names_follow_keras_counters_across_models() -> None:
    source = (
        "import keras\nfrom keras import layers\n"
        "a = keras.Sequential([layers.Dense(2, input_shape=(3,)), layers.Dense(2, name='head')])\n"
        "b = keras.Sequential([layers.Dense(2, input_shape=(3,)), layers.MaxPool1D() if False else layers.Dense(1)])\n"
    )
    first, second = check_source(source).models
    assert (first.name, second.name) == ("sequential", "sequential_1")
    assert [layer.name for layer in first.layers + second.layers] == ["dense", "head", "dense_1", "dense_2"]


def test_static_values_resolve_through_assignments_and_branches() -> None:
    source = (
        "from keras import backend as K\nfrom keras.models import Sequential\nfrom keras.layers import Conv2D\n"
        "img_rows, img_cols = 28, 28\nfilters = 8\nfilters *= 2\n"
        "if K.image_data_format() == 'channels_first':\n    input_shape = (1, img_rows, img_cols)\n"
        "else:\n    input_shape = (img_rows, img_cols, 1)\n"
        "m = Sequential([Conv2D(filters, 3, input_shape=input_shape)])\n"
    )
    (model,) = check_source(source).models
    assert model.layers[0].output_shape == (None, 26, 26, 16)


def test_unknown_values_become_symbols_not_errors() -> None:
    source = "import keras\ndef f(n, width):\n    return keras.Sequential([keras.layers.Dense(width, input_shape=(n,))])\n"
    result = check_source(source)
    (layer,) = result.models[0].layers
    assert [str(d) for d in layer.output_shape] == ["None", "width"]
    assert str(layer.params) == "n*width + width"
    assert result.diagnostics == ()


def test_undecided_condition_makes_a_value_opaque() -> None:
    source = (
        "import sys, keras\nif sys.argv:\n    units = 4\nelse:\n    units = 8\n"
        "m = keras.Sequential([keras.layers.Dense(units, input_shape=(2,))])\n"
    )
    (layer,) = check_source(source).models[0].layers
    assert str(layer.output_shape[1]) == "units"


def test_compile_and_fit_calls_and_frozen_layers_are_recorded() -> None:
    from kerascheck.interpreter.statements import interpret
    import libcst as cst

    source = (
        "import keras\nhead = keras.layers.Dense(2)\nhead.trainable = False\n"
        "m = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), head])\n"
        "m.compile(loss='mse', optimizer='adam')\nm.fit(x, y, nb_epoch=3)\n"
    )
    from kerascheck.interpreter.context import FileContext
    from kerascheck.positions import Positions

    module = cst.parse_module(source)
    interpretation = interpret(module, FileContext.build(module, Settings()), Positions(module, source).locate)
    (model,) = interpretation.models
    assert [call.method for call in model.methods] == ["compile", "fit"]
    assert model.methods[0].keyword("loss") == "mse" and model.methods[1].keyword("nb_epoch") == 3
    assert [interpretation.runner.is_frozen(layer) for layer in model.layers] == [False, True]


SYMBOLIC_ONLY = """import keras
from keras import layers


def make_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(32, 3, strides=2, padding="same")(inputs)
    x = layers.Reshape((-1, 32))(x)
    x = layers.LSTM(16)(x)
    return keras.Model(inputs, layers.Dense(num_classes)(x))
"""


def test_a_function_nothing_calls_is_analysed_symbolically_without_guessing_a_rank() -> None:
    """An unknown shape is a shape of unknown rank: no finding depends on the parameters' values."""
    result = check_source(SYMBOLIC_ONLY)
    assert result.diagnostics == ()
    (model,) = result.models
    assert model.symbolic == "make_model"
    assert model.input_shape is None and model.layers[0].output_shape is None


def test_the_same_function_called_with_values_is_concrete_and_not_analysed_again() -> None:
    result = check_source(SYMBOLIC_ONLY + "model = make_model(input_shape=(180, 180, 3), num_classes=5)\n")
    assert result.diagnostics == ()
    (model,) = result.models
    assert model.symbolic == "" and model.input_shape == (None, 180, 180, 3)


def test_a_call_is_run_once_even_when_its_result_is_called_on() -> None:
    """``make().fit(...)`` runs ``make`` once, whatever it returns."""
    source = (
        "import keras\nfrom keras import layers\n"
        "def make():\n    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n    return model.layers[0]\n"
        "make().fit(x, y, epochs=1)\n"
    )
    assert [[layer.name for layer in model.layers] for model in check_source(source).models] == [["dense"]]


def test_an_operation_on_values_that_are_not_tensors_runs_its_arguments_once() -> None:
    source = (
        "import keras\nfrom keras import layers\n"
        "def branch():\n    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n    return model.predict(data)\n"
        "joined = keras.ops.concatenate([branch(), branch()])\n"
    )
    assert len(check_source(source).models) == 2
