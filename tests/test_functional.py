"""The functional API and dynamic construction: graphs, merges, loops, helpers, branches."""

from __future__ import annotations

from kerascheck.engine import check_source

HEADER = "import keras\nfrom keras import layers\n"


def layers_of(source: str, index: int = 0) -> list:
    result = check_source(HEADER + source)
    return [(layer.name, layer.type, layer.output_shape, layer.params) for layer in result.models[index].layers]


def codes(source: str) -> list:
    return [(d.code, d.severity, d.span.line) for d in check_source(HEADER + source).diagnostics]


def test_shared_layer_counts_its_weights_once_and_lists_every_call() -> None:
    source = (
        "a = keras.Input(shape=(8,))\nb = keras.Input(shape=(8,))\nshared = layers.Dense(4)\n"
        "out = layers.add([shared(a), shared(b)])\nm = keras.Model([a, b], out)\n"
    )
    (model,) = check_source(HEADER + source).models
    dense = next(layer for layer in model.layers if layer.type == "Dense")
    assert dense.params == 36 and model.total_params == 36
    assert dense.connected_to == ("input_layer[0][0]", "input_layer_1[0][0]")
    assert not model.sequential_like


def test_merge_mismatch_is_reported_at_the_merge_call_even_outside_a_model() -> None:
    source = "a = keras.Input(shape=(32,))\nb = keras.Input(shape=(16,))\nc = layers.add([a, b])\n"
    assert codes(source) == [("KC105", "error", 5)]


def test_valid_merges_are_not_reported() -> None:
    source = (
        "a = keras.Input(shape=(4, 32))\nb = keras.Input(shape=(4, 16))\n"
        "c = layers.concatenate([a, b])\nd = layers.Concatenate(axis=1)([a, a])\n"
        "e = layers.multiply([a, layers.Dense(32)(b)])\nf = layers.dot([a, a], axes=2)\n"
        "m = keras.Model([a, b], [c, d, e, f])\n"
    )
    assert codes(source) == []
    shapes = {name: shape for name, _, shape, _ in layers_of(source)}
    assert shapes["concatenate"] == (None, 4, 48) and shapes["concatenate_1"] == (None, 8, 32)
    assert shapes["multiply"] == (None, 4, 32) and shapes["dot"] == (None, 4, 4)


def test_static_loops_are_unrolled_and_comprehensions_expanded() -> None:
    source = (
        "m = keras.Sequential([keras.Input(shape=(4,))] + [layers.Dense(n) for n in (8, 6)])\n"
        "for _ in range(2):\n    m.add(layers.Dense(3))\n"
    )
    assert [shape for _, _, shape, _ in layers_of(source)] == [(None, 8), (None, 6), (None, 3), (None, 3)]


def test_a_loop_of_unknown_length_degrades_instead_of_guessing() -> None:
    source = (
        "import sys\nm = keras.Sequential([keras.Input(shape=(4, 4, 1))])\n"
        "for size in sys.argv:\n    m.add(layers.MaxPooling2D(2))\nm.add(layers.Conv2D(2, 3))\n"
    )
    result = check_source(HEADER + source)
    assert result.diagnostics == ()
    assert result.models[0].layers[-1].output_shape is None
    assert any("repeated an unknown number of times" in note for note in result.models[0].notes)


def test_helper_functions_are_followed_with_the_arguments_of_each_call() -> None:
    source = (
        "def block(x, filters):\n    x = layers.Conv2D(filters, 3, padding='same')(x)\n    return layers.MaxPooling2D(2)(x)\n"
        "inputs = keras.Input(shape=(32, 32, 3))\nx = block(inputs, 8)\nx = block(x, 16)\n"
        "m = keras.Model(inputs, layers.Flatten()(x))\n"
    )
    shapes = [shape for _, _, shape, _ in layers_of(source)]
    assert shapes == [(None, 32, 32, 3), (None, 32, 32, 8), (None, 16, 16, 8), (None, 16, 16, 16), (None, 8, 8, 16), (None, 1024)]


def test_model_building_functions_are_followed_at_call_sites_and_unreached_ones_with_symbols() -> None:
    build = "def build(num_classes=10):\n    return keras.Sequential([keras.Input(shape=(3,)), layers.Dense(num_classes)])\n"
    (concrete,) = check_source(HEADER + build + "model = build(num_classes=5)\n").models
    assert concrete.layers[0].output_shape == (None, 5)
    (symbolic,) = check_source(HEADER + build).models
    assert str(symbolic.layers[0].output_shape[1]) == "num_classes"
    assert any("defaults: num_classes=10" in note for note in symbolic.notes)


def test_an_error_on_every_path_is_an_error_and_on_one_path_a_warning() -> None:
    every = (
        "import sys\nm = keras.Sequential([keras.Input(shape=(5, 5, 3))])\n"
        "if sys.argv:\n    m.add(layers.Conv2D(8, 3))\nelse:\n    m.add(layers.MaxPooling2D(2))\n"
        "m.add(layers.Conv2D(8, 5))\n"
    )
    assert codes(every) == [("KC101", "error", 9)]
    some = every.replace("layers.MaxPooling2D(2)", "layers.Dropout(0.1)").replace("layers.Conv2D(8, 5)", "layers.Conv2D(8, 4)")
    ((code, level, line),) = codes(some)
    assert (code, level, line) == ("KC101", "warning", 9)
    assert "only on the path where `sys.argv`" in check_source(HEADER + some).diagnostics[0].message


def test_global_image_data_format_is_honoured_from_where_it_is_set() -> None:
    source = (
        "from keras import backend as K\nK.set_image_data_format('channels_first')\n"
        "m = keras.Sequential([keras.Input(shape=(3, 32, 32)), layers.Conv2D(4, 3)])\n"
        "K.set_image_data_format('channels_last')\n"
        "n = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Conv2D(4, 3)])\n"
    )
    assert layers_of(source, 0)[0][2] == (None, 4, 30, 30)
    assert layers_of(source, 1)[0][2] == (None, 30, 30, 4)


def test_subclassed_models_and_tensor_ops_never_cause_false_errors() -> None:
    source = (
        "class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
        "        self.dense = layers.Dense(4)\n    def call(self, x):\n        return self.dense(x)\n"
        "inputs = keras.Input(shape=(8, 8))\nx = keras.ops.reshape(inputs, (-1, 8, 8, 1))\n"
        "x = layers.Conv2D(3, 3)(x)\nx = keras.ops.custom_thing(x)\nx = layers.Conv2D(3, 3)(x)\nm = keras.Model(inputs, x)\n"
    )
    result = check_source(HEADER + source)
    assert result.diagnostics == ()
    assert result.models[-1].layers[-1].output_shape is None


def test_declared_custom_layers_keep_models_predictable(tmp_path) -> None:
    from kerascheck.cli import main

    (tmp_path / "pyproject.toml").write_text(
        "[tool.kerascheck.layers.PositionalEmbedding]\noutput = 'input'\n\n"
        "[tool.kerascheck.layers.MyDense]\narguments = ['units']\noutput = '(batch, units)'\n"
        "params = 'input[-1] * units + units'\n"
    )
    (tmp_path / "model.py").write_text(
        HEADER + "from mylayers import MyDense, PositionalEmbedding\n"
        "m = keras.Sequential([keras.Input(shape=(10, 8)), PositionalEmbedding(), layers.Flatten(), MyDense(4)])\n"
    )
    import json
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary", "--output-format", "json", str(tmp_path / "model.py")]) == 0
    (model,) = json.loads(out.getvalue())["files"][0]["models"]
    assert [(l["type"], l["output_shape"], l["params"]) for l in model["layers"]] == [
        ("PositionalEmbedding", [None, 10, 8], 0), ("Flatten", [None, 80], 0), ("MyDense", [None, 4], 324),
    ]


def test_a_bad_custom_layer_declaration_is_a_clear_config_error(tmp_path, capsys) -> None:
    from kerascheck.cli import main

    (tmp_path / "pyproject.toml").write_text("[tool.kerascheck.layers.MyDense]\noutput = '(batch,'\n")
    (tmp_path / "model.py").write_text(HEADER)
    assert main(["check", str(tmp_path / "model.py")]) == 2
    assert "layers.MyDense.output` is not a valid expression" in capsys.readouterr().err


def test_keras1_merge_of_sequential_branches() -> None:
    from kerascheck.engine import check_bytes

    from .conftest import SAMPLES

    result = check_bytes((SAMPLES / "keras1_merge_branches.py").read_bytes(), str(SAMPLES / "keras1_merge_branches.py"))
    left, right, final = result.models
    merge, dense = final.layers
    assert merge.output_shape == (None, left.layers[-1].output_shape[1] + right.layers[-1].output_shape[1])
    assert merge.params == left.total_params + right.total_params
    assert dense.output_shape == (None, 10)
