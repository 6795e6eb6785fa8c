"""Every class of the layer catalogue, built by real Keras under each generation that has it.

Each row is a small program (one layer, its constructor call and its input
shape) that real Keras builds (Keras 3 on JAX, Keras 3 on TensorFlow for the
preprocessing layers that need it, Keras 2 = tf_keras) and kerascheck
predicts; the whole layer list must agree exactly: names, types, output
shapes, trainable and non-trainable parameters, and the model's totals.
All the programs of one judge run in one Keras subprocess.

A catalogue class without a row fails ``test_every_catalogue_class_is_built``;
a generation without the class (its spec's ``generations`` leave it out:
Keras 2's LocallyConnected2D, Keras 3's RMSNormalization) is an exemption
whose reason (the class is absent there) is itself checked against that Keras. ``keras.applications``
bases are checked by test_applications_keras.py (a sample per run) and
``benchmarks/applications.py`` (all of them).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from kerascheck.engine import check_source
from kerascheck.layers import all_specs

from .conftest import judged_by, run_keras

GENERATIONS = (3, 2)


@dataclass(frozen=True)
class Row:
    """One program: ``layer`` (a ``layers.`` expression) on inputs of ``shapes``.

    One shape: ``Sequential([Input(shape), layer])``. Several (a list): a
    functional model whose inputs are ``a``, ``b``, ``c``, and whose output is
    ``call`` (``"{layer}([a, b])"`` by default).
    """

    cls: str
    layer: str
    shapes: object
    call: str = ""
    dtype: str = ""
    after: str = ""  # statements run after the layer is made (it is named ``layer``)
    backend: str = "jax"  # Keras 3's backend for this row
    xfail: dict = field(default_factory=dict)  # generation -> "engine: ..." reason

    def source(self) -> str:
        lines = ["import keras", "from keras import layers"]
        dtype = f", dtype={self.dtype!r}" if self.dtype else ""
        if isinstance(self.shapes, list):
            names = "abcdef"[: len(self.shapes)]
            for name, shape in zip(names, self.shapes):
                lines.append(f"{name} = keras.Input(shape={shape!r}, name={name!r}{dtype})")
            lines.append(f"layer = {self.layer}")
            lines.extend(self.after.splitlines())
            call = self.call or ("layer(a)" if len(names) == 1 else f"layer([{', '.join(names)}])")
            lines.append(f"out = {call}")
            inputs = names[0] if len(names) == 1 else f"[{', '.join(names)}]"
            lines.append(f"model = keras.Model({inputs}, out, name='m')")
        else:
            lines.append(f"layer = {self.layer}")
            lines.extend(self.after.splitlines())
            lines.append(f"model = keras.Sequential([keras.Input(shape={self.shapes!r}{dtype}), layer], name='m')")
        return "\n".join(lines) + "\n"


def _rows() -> list:
    img = (8, 8, 3)
    seq = (5, 6)
    vol = (6, 6, 6, 2)
    rows = [
        # activations
        Row("Activation", "layers.Activation('relu')", seq),
        Row("ELU", "layers.ELU()", seq),
        Row("LeakyReLU", "layers.LeakyReLU()", seq),
        Row("PReLU", "layers.PReLU()", seq),
        Row("PReLU", "layers.PReLU(shared_axes=[1])", seq),
        Row("ReLU", "layers.ReLU(max_value=6.0)", seq),
        Row("Softmax", "layers.Softmax()", seq),
        Row("ThresholdedReLU", "layers.ThresholdedReLU()", seq),
        Row("ThresholdedReLU", "layers.ThresholdedReLU(theta=0.5)", seq),
        # attention
        Row("AdditiveAttention", "layers.AdditiveAttention()", [(4, 6), (5, 6)]),
        Row("Attention", "layers.Attention()", [(4, 6), (5, 6)]),
        Row("Attention", "layers.Attention(use_scale=True)", [(4, 6), (5, 6), (5, 6)]),
        Row("MultiHeadAttention", "layers.MultiHeadAttention(num_heads=2, key_dim=3)", [(4, 6), (5, 7)], "layer(a, b)"),
        Row("MultiHeadAttention", "layers.MultiHeadAttention(2, 3, value_dim=5, output_shape=9)", [(4, 6)], "layer(a, a)"),
        # exported as keras.layers.GroupQueryAttention, class GroupedQueryAttention
        Row("GroupedQueryAttention", "layers.GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)",
            [(4, 6), (5, 6)], "layer(a, b)"),
        # convolutional
        Row("Conv1D", "layers.Conv1D(4, 3)", (9, 3)),
        Row("Conv1D", "layers.Conv1D(4, 3, strides=2, padding='same', use_bias=False)", (9, 3)),
        Row("Conv1D", "layers.Conv1D(4, 3, dilation_rate=2, padding='causal')", (9, 3)),
        Row("Conv2D", "layers.Conv2D(4, 3)", img),
        Row("Conv2D", "layers.Conv2D(filters=4, kernel_size=(3, 2), strides=2, padding='same')", (9, 9, 3)),
        Row("Conv2D", "layers.Conv2D(6, 3, groups=3)", (9, 9, 3)),
        Row("Conv2D", "layers.Convolution2D(16, 3, padding='same')", img),
        Row("Conv2D", "layers.Conv2D(4, 3, data_format='channels_first')", (3, 8, 8)),
        Row("Conv3D", "layers.Conv3D(4, 3)", vol),
        Row("Conv1DTranspose", "layers.Conv1DTranspose(4, 3, strides=2)", (7, 3)),
        Row("Conv2DTranspose", "layers.Conv2DTranspose(4, 3, strides=2)", img),
        Row("Conv2DTranspose", "layers.Conv2DTranspose(4, 3, strides=2, padding='same')", img),
        Row("Conv3DTranspose", "layers.Conv3DTranspose(4, 3)", vol),
        Row("DepthwiseConv1D", "layers.DepthwiseConv1D(3, depth_multiplier=2)", (9, 3)),
        Row("DepthwiseConv2D", "layers.DepthwiseConv2D(3)", img),
        Row("DepthwiseConv2D", "layers.DepthwiseConv2D((3, 3), strides=2, padding='same', depth_multiplier=2)", img),
        Row("SeparableConv1D", "layers.SeparableConv1D(4, 3)", (9, 3)),
        Row("SeparableConv2D", "layers.SeparableConv2D(4, 3, depth_multiplier=2)", img),
        # core
        Row("Dense", "layers.Dense(3)", (6,)),
        Row("Dense", "layers.Dense(3, use_bias=False)", seq),
        Row("Dense", "layers.Dense(3, trainable=False)", (6,)),
        Row("Dense", "layers.Dense(3)", (6,), after="layer.trainable = False"),
        Row("EinsumDense", "layers.EinsumDense('ab,bc->ac', output_shape=5, bias_axes='c')", (6,)),
        Row("EinsumDense", "layers.EinsumDense('abc,cd->abd', output_shape=(None, 5))", seq),
        Row("Embedding", "layers.Embedding(100, 8)", (10,)),
        Row("Embedding", "layers.Embedding(input_dim=1000, output_dim=64)", (10,)),
        Row("Identity", "layers.Identity()", seq),
        Row("Lambda", "layers.Lambda(lambda t: t * 2, output_shape=(5, 6))", seq),
        Row("Masking", "layers.Masking(mask_value=0.0)", seq),
        # locally connected (Keras 2 only): implementation 1 (default), 2 (dense masked), 3 (sparse)
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 3)", (9, 3)),
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 3, strides=2, use_bias=False)", (9, 3)),
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 3, implementation=2)", (9, 3)),
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 3, implementation=3)", (9, 3)),
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 3, strides=2, padding='same', implementation=2)", (9, 3)),
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 3, strides=2, padding='same', implementation=3)", (9, 3)),
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 4, padding='same', implementation=3)", (9, 3)),
        Row("LocallyConnected1D", "layers.LocallyConnected1D(4, 3, data_format='channels_first')", (9, 3)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, 3)", (7, 9, 3)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, (3, 2), strides=2)", (7, 9, 3)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, 3, implementation=2)", (7, 9, 3)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, 3, padding='same', implementation=2)", (7, 9, 3)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, 3, implementation=3)", (7, 9, 3)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, 3, strides=(2, 1), padding='same', implementation=3)", (7, 9, 3)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, (2, 4), strides=(1, 3), padding='same', implementation=3, use_bias=False)",
            (6, 10, 2)),
        Row("LocallyConnected2D", "layers.LocallyConnected2D(4, 3, data_format='channels_first', implementation=2)", (3, 7, 9)),
        # merging
        Row("Add", "layers.Add()", [(4, 6), (4, 6)]),
        Row("Add", "layers.Add()", [(4, 6), (4, 6), (4, 6)]),
        Row("Average", "layers.Average()", [(4, 6), (4, 6)]),
        Row("Concatenate", "layers.Concatenate()", [(4, 6), (4, 2)]),
        Row("Concatenate", "layers.Concatenate(axis=1)", [(4, 6), (3, 6)]),
        Row("Dot", "layers.Dot(axes=-1)", [(4, 6), (5, 6)]),
        Row("Dot", "layers.Dot(axes=1, normalize=True)", [(6,), (6,)]),
        Row("Maximum", "layers.Maximum()", [(4, 6), (4, 6)]),
        Row("Minimum", "layers.Minimum()", [(4, 6), (4, 6)]),
        Row("Multiply", "layers.Multiply()", [(4, 6), (4, 6)]),
        Row("Subtract", "layers.Subtract()", [(4, 6), (4, 6)]),
        # normalization
        Row("BatchNormalization", "layers.BatchNormalization()", img),
        Row("BatchNormalization", "layers.BatchNormalization(axis=1, center=False)", img),
        Row("GroupNormalization", "layers.GroupNormalization(groups=3)", (8, 8, 6)),
        Row("LayerNormalization", "layers.LayerNormalization()", seq),
        Row("LayerNormalization", "layers.LayerNormalization(axis=[1, 2], scale=False)", seq),
        Row("RMSNormalization", "layers.RMSNormalization()", seq),
        Row("SpectralNormalization", "layers.SpectralNormalization(layers.Dense(3))", (6,)),
        Row("SpectralNormalization", "layers.SpectralNormalization(layers.Conv2D(4, 3))", img),
        Row("UnitNormalization", "layers.UnitNormalization()", seq),
        # pooling
        Row("AdaptiveAveragePooling1D", "layers.AdaptiveAveragePooling1D(3)", (9, 4)),
        Row("AdaptiveAveragePooling2D", "layers.AdaptiveAveragePooling2D((2, 3))", (9, 9, 4)),
        Row("AdaptiveAveragePooling3D", "layers.AdaptiveAveragePooling3D(2)", vol),
        Row("AdaptiveMaxPooling1D", "layers.AdaptiveMaxPooling1D(3)", (9, 4)),
        Row("AdaptiveMaxPooling2D", "layers.AdaptiveMaxPooling2D(2)", (9, 9, 4)),
        Row("AdaptiveMaxPooling3D", "layers.AdaptiveMaxPooling3D((2, 3, 1))", vol),
        Row("AveragePooling1D", "layers.AveragePooling1D(2)", (9, 4)),
        Row("AveragePooling1D", "layers.AveragePooling1D(pool_size=3, strides=1, padding='same')", (9, 4)),
        Row("AveragePooling2D", "layers.AveragePooling2D(2)", (9, 9, 4)),
        Row("AveragePooling3D", "layers.AveragePooling3D(pool_size=2)", vol),
        Row("MaxPooling1D", "layers.MaxPooling1D(3)", (9, 4)),
        Row("MaxPooling2D", "layers.MaxPooling2D()", (9, 9, 4)),
        Row("MaxPooling2D", "layers.MaxPooling2D((3, 3), strides=(2, 2), padding='same')", (9, 9, 4)),
        Row("MaxPooling3D", "layers.MaxPooling3D(2)", vol),
        Row("GlobalAveragePooling1D", "layers.GlobalAveragePooling1D()", (9, 4)),
        Row("GlobalAveragePooling2D", "layers.GlobalAveragePooling2D()", img),
        Row("GlobalAveragePooling2D", "layers.GlobalAveragePooling2D(keepdims=True)", img),
        Row("GlobalAveragePooling3D", "layers.GlobalAveragePooling3D()", vol),
        Row("GlobalMaxPooling1D", "layers.GlobalMaxPooling1D()", (9, 4)),
        Row("GlobalMaxPooling2D", "layers.GlobalMaxPooling2D()", img),
        Row("GlobalMaxPooling3D", "layers.GlobalMaxPooling3D()", vol),
        # preprocessing (images)
        Row("AugMix", "layers.AugMix()", img),
        Row("AutoContrast", "layers.AutoContrast()", img),
        Row("CenterCrop", "layers.CenterCrop(4, 5)", img),
        Row("ContrastLimitedAdaptiveHistogramEqualization", "layers.ContrastLimitedAdaptiveHistogramEqualization()", img),
        Row("CutMix", "layers.CutMix()", img),
        Row("MixUp", "layers.MixUp()", img),
        Row("RandAugment", "layers.RandAugment()", img),
        Row("RandomBrightness", "layers.RandomBrightness(0.2)", img),
        Row("RandomColorDegeneration", "layers.RandomColorDegeneration(0.2)", img),
        Row("RandomColorJitter", "layers.RandomColorJitter(brightness_factor=0.2)", img),
        Row("RandomContrast", "layers.RandomContrast(0.2)", img),
        Row("RandomCrop", "layers.RandomCrop(4, 5)", img),
        Row("RandomElasticTransform", "layers.RandomElasticTransform()", img),
        Row("RandomErasing", "layers.RandomErasing()", img),
        Row("RandomFlip", "layers.RandomFlip('horizontal')", img),
        Row("RandomHeight", "layers.RandomHeight(0.2)", img),
        Row("RandomWidth", "layers.RandomWidth((-0.1, 0.3))", img),
        Row("RandomGaussianBlur", "layers.RandomGaussianBlur()", img),
        Row("RandomGrayscale", "layers.RandomGrayscale()", img),
        Row("RandomHue", "layers.RandomHue(0.2)", img),
        Row("RandomInvert", "layers.RandomInvert()", img),
        Row("RandomPerspective", "layers.RandomPerspective()", img),
        Row("RandomPosterization", "layers.RandomPosterization(factor=4)", img),
        Row("RandomRotation", "layers.RandomRotation(0.1)", img),
        Row("RandomSaturation", "layers.RandomSaturation(0.2)", img),
        Row("RandomSharpness", "layers.RandomSharpness(0.2)", img),
        Row("RandomShear", "layers.RandomShear(x_factor=0.1)", img),
        Row("RandomTranslation", "layers.RandomTranslation(0.1, 0.1)", img),
        Row("RandomZoom", "layers.RandomZoom(0.1)", img),
        Row("Rescaling", "layers.Rescaling(1.0 / 255)", img),
        Row("Resizing", "layers.Resizing(4, 5)", img),
        Row("Solarization", "layers.Solarization()", img),
        # preprocessing (numbers, categories, text)
        Row("Normalization", "layers.Normalization()", seq),
        Row("Normalization", "layers.Normalization(mean=0.5, variance=2.0)", seq),
        Row("CategoryEncoding", "layers.CategoryEncoding(num_tokens=10, output_mode='multi_hot')", (3,)),
        Row("CategoryEncoding", "layers.CategoryEncoding(num_tokens=10, output_mode='one_hot')", (1,)),
        Row("Hashing", "layers.Hashing(num_bins=8)", (3,), dtype="string", backend="tensorflow"),
        Row("Hashing", "layers.Hashing(num_bins=8, output_mode='one_hot')", (1,), dtype="int64", backend="tensorflow"),
        Row("IntegerLookup", "layers.IntegerLookup(vocabulary=[1, 2, 3])", (3,), dtype="int64", backend="tensorflow"),
        Row("StringLookup", "layers.StringLookup(vocabulary=['a', 'b'])", (3,), dtype="string", backend="tensorflow"),
        Row("StringLookup", "layers.StringLookup(max_tokens=5, pad_to_max_tokens=True, output_mode='multi_hot')", (4,), dtype="string",
            backend="tensorflow"),
        Row("TextVectorization", "layers.TextVectorization(max_tokens=20, output_sequence_length=5)", (1,), dtype="string",
            backend="tensorflow"),
        # recurrent
        Row("SimpleRNN", "layers.SimpleRNN(4)", seq),
        Row("LSTM", "layers.LSTM(4)", seq),
        Row("LSTM", "layers.LSTM(4, return_sequences=True)", seq),
        Row("GRU", "layers.GRU(4)", seq),
        Row("GRU", "layers.GRU(4, reset_after=False, return_sequences=True)", seq),
        Row("RNN", "layers.RNN(layers.LSTMCell(4))", seq),
        Row("RNN", "layers.RNN([layers.GRUCell(4), layers.SimpleRNNCell(3)], return_sequences=True)", seq),
        Row("Bidirectional", "layers.Bidirectional(layers.LSTM(4))", seq),
        Row("Bidirectional", "layers.Bidirectional(layers.GRU(4, return_sequences=True), merge_mode='sum')", seq),
        Row("Bidirectional", "layers.Bidirectional(layers.LSTM(4))", seq, after="layer.trainable = False"),
        Row("Bidirectional", "layers.Bidirectional(layers.LSTM(4, trainable=False))", seq),
        Row("TimeDistributed", "layers.TimeDistributed(layers.Dense(3, trainable=False))", seq),
        Row("TimeDistributed", "layers.TimeDistributed(layers.Dense(3))", seq),
        Row("TimeDistributed", "layers.TimeDistributed(layers.Conv2D(4, 3))", (2, 8, 8, 3)),
        Row("ConvLSTM1D", "layers.ConvLSTM1D(2, 3)", (5, 8, 3)),
        Row("ConvLSTM2D", "layers.ConvLSTM2D(2, 3, padding='same', return_sequences=True)", (3, 8, 8, 3)),
        Row("ConvLSTM3D", "layers.ConvLSTM3D(2, 3)", (2, 6, 6, 6, 2)),
        # regularization
        Row("ActivityRegularization", "layers.ActivityRegularization(l1=0.01)", seq),
        Row("AlphaDropout", "layers.AlphaDropout(0.1)", seq),
        Row("Dropout", "layers.Dropout(0.5)", seq),
        Row("GaussianDropout", "layers.GaussianDropout(0.1)", seq),
        Row("GaussianNoise", "layers.GaussianNoise(0.1)", seq),
        Row("SpatialDropout1D", "layers.SpatialDropout1D(0.1)", seq),
        Row("SpatialDropout2D", "layers.SpatialDropout2D(0.1)", img),
        Row("SpatialDropout3D", "layers.SpatialDropout3D(0.1)", vol),
        # reshaping
        Row("Cropping1D", "layers.Cropping1D(1)", (9, 4)),
        Row("Cropping2D", "layers.Cropping2D(((1, 2), (0, 1)))", img),
        Row("Cropping3D", "layers.Cropping3D(1)", vol),
        Row("Flatten", "layers.Flatten()", img),
        Row("Permute", "layers.Permute((2, 1))", seq),
        Row("RepeatVector", "layers.RepeatVector(3)", (6,)),
        Row("Reshape", "layers.Reshape((3, 10))", seq),
        Row("Reshape", "layers.Reshape((-1, 2))", seq),
        Row("UpSampling1D", "layers.UpSampling1D(2)", (9, 4)),
        Row("UpSampling2D", "layers.UpSampling2D((2, 3))", img),
        Row("UpSampling3D", "layers.UpSampling3D(2)", vol),
        Row("ZeroPadding1D", "layers.ZeroPadding1D(2)", (9, 4)),
        Row("ZeroPadding2D", "layers.ZeroPadding2D(((1, 0), (2, 1)))", img),
        Row("ZeroPadding3D", "layers.ZeroPadding3D(1)", vol),
    ]
    return rows


ROWS = _rows()

#: Where each generation's Keras exports its layer classes, for the reasons below.
LAYERS_MODULE = {2: "tf_keras.layers", 3: "keras.layers"}

#: Catalogue classes a generation does not have (their spec's ``generations``
#: leave it out): the reason, checked by ``test_exempted_classes_are_absent``
#: against that generation's Keras.
ABSENT = {
    generation: {
        spec.name: f"absent from Keras {generation} ({LAYERS_MODULE[generation]})"
        for spec in all_specs()
        if spec.group != "applications" and not spec.exists_in(generation)
    }
    for generation in GENERATIONS
}


def _is_application(name: str) -> bool:
    return _spec(name).group == "applications"


def _spec(name: str):
    return next(spec for spec in all_specs() if spec.name == name)


def _keras_paths(name: str) -> list:
    """Where Keras exports a class: its name and its aliases."""
    module = "applications" if _is_application(name) else "layers"
    return [f"{module}.{alias}" for alias in (name, *_spec(name).aliases)]


def _present(present: dict, name: str) -> bool:
    return any(present[path] for path in _keras_paths(name))


CASES = [(generation, index) for generation in GENERATIONS for index, row in enumerate(ROWS)
         if row.cls not in ABSENT[generation]]


def _judge(generation: int, backend: str) -> tuple:
    return (generation, "tensorflow" if generation == 2 else backend)


@pytest.fixture(scope="module")
def keras_results() -> dict:
    """(generation, row index) -> what Keras built; ("probe", generation) -> which classes it has."""
    batches: dict = {}
    for generation, index in CASES:
        batches.setdefault(_judge(generation, ROWS[index].backend), []).append(index)
    names = [path for spec in all_specs() for path in _keras_paths(spec.name)]

    def judge(key: tuple) -> list:
        generation, backend = key
        jobs = [{"path": f"row{index}.py", "source": ROWS[index].source()} for index in batches.get(key, [])]
        if backend != "tensorflow" or generation == 2:
            jobs.append({"probe": names})
        return run_keras(jobs, generation=generation, backend=backend if generation == 3 else "jax", fast_init=True)

    keys = sorted(set(batches) | {(g, "jax" if g == 3 else "tensorflow") for g in GENERATIONS})
    with ThreadPoolExecutor(len(keys)) as pool:
        answers = dict(zip(keys, pool.map(judge, keys)))
    results: dict = {}
    for key, answer in answers.items():
        indexes = batches.get(key, [])
        for index, result in zip(indexes, answer):
            results[(key[0], index)] = result
        if len(answer) > len(indexes):
            results[("probe", key[0])] = answer[-1]["present"]
    return results


def _layers_of_keras(model: dict) -> list:
    return [(l["name"], l["type"], l["output_shape"], l["trainable"], l["non_trainable"]) for l in model["layers"]]


def _layers_of_kerascheck(model) -> list:
    return [
        (l.name, l.type, None if l.output_shape is None else list(l.output_shape), l.trainable, l.non_trainable)
        for l in model.layers
    ]


def _params(case: tuple):
    generation, index = case
    row = ROWS[index]
    reason = row.xfail.get(generation)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(generation, index, id=f"keras{generation}-{row.cls}-{index}", marks=marks)


@pytest.mark.parametrize(("generation", "index"), [_params(case) for case in CASES])
def test_row_matches_keras(generation: int, index: int, keras_results: dict) -> None:
    row = ROWS[index]
    built = keras_results[(generation, index)]
    assert built["error"] is None, f"the table's program is wrong: Keras {generation} rejects it:\n{row.source()}{built['error']}"
    ours = check_source(row.source(), f"row{index}.py", judged_by(generation))
    errors = [f"{d.span.line}: {d.code} {d.message}" for d in ours.diagnostics if d.severity == "error"]
    assert errors == [], row.source()
    assert len(ours.models) == len(built["models"]) == 1, row.source()
    model, reference = ours.models[0], built["models"][0]
    assert model.name == reference["name"]
    assert _layers_of_kerascheck(model) == _layers_of_keras(reference), row.source()
    trainable = sum(l["trainable"] for l in reference["layers"])
    non_trainable = sum(l["non_trainable"] for l in reference["layers"])
    assert (model.trainable_params, model.non_trainable_params) == (trainable, non_trainable)
    assert model.total_params == trainable + non_trainable


def test_every_catalogue_class_is_built() -> None:
    """A class added to the catalogue fails here until a row (or, for an
    application, an applications.json entry) covers it."""
    import json

    from .conftest import ROOT

    applications = json.loads((ROOT / "kerascheck" / "layers" / "applications.json").read_text(encoding="utf-8"))
    with_rows = {row.cls for row in ROWS}
    uncovered = [spec.name for spec in all_specs()
                 if spec.name not in with_rows and not (spec.group == "applications" and spec.name in applications)]
    assert uncovered == []
    assert not with_rows - {spec.name for spec in all_specs()}, "rows for classes the catalogue does not have"
    for generation in GENERATIONS:  # each generation builds every class it has
        built = {ROWS[index].cls for g, index in CASES if g == generation}
        assert built | set(ABSENT[generation]) >= with_rows


@pytest.mark.parametrize("generation", GENERATIONS)
def test_exempted_classes_are_absent(generation: int, keras_results: dict) -> None:
    """The reason of each exemption still holds, and nothing else is exempted:
    every other catalogue class exists in that generation."""
    present = keras_results[("probe", generation)]
    layer_classes = {spec.name for spec in all_specs() if spec.group != "applications"}
    still_there = sorted(name for name in ABSENT[generation] if _present(present, name))
    assert still_there == [], f"Keras {generation} has these now: give them rows"
    missing = sorted(name for name in layer_classes - set(ABSENT[generation]) if not _present(present, name))
    assert missing == [], f"Keras {generation} lacks these: exempt them with that reason"
