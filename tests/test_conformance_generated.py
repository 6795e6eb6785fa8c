"""Generated Sequential stacks: kerascheck and real Keras must agree on every one.

A hypothesis strategy draws plausible stacks from the catalogue (input ranks
and sizes, kernel sizes, strides, dilation, padding, data_format, units,
return_sequences...), rendered as source with one ``model.add`` per line.
The examples are drawn first (derandomized, so CI is reproducible), then all
of them are built by real Keras in ONE harness subprocess, then compared:

* when Keras builds the model: layer by layer, type, output shape, trainable
  and non-trainable parameter counts;
* when Keras raises: kerascheck reports an error at the line that raised;
* when kerascheck reports an error: Keras raises there.

Invalid draws are shape-invalid only (an input too small for a window, a
wrong rank, a reshape that loses elements); invalid argument values are
another rule's business. A disagreement becomes a sample in ``samples/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerascheck import dims
from kerascheck.engine import check_source

from .conftest import run_keras

#: Several hundred in CI; KERASCHECK_GENERATED=N to explore more locally.
EXAMPLES = int(os.environ.get("KERASCHECK_GENERATED", "400"))
HEADER = "import keras\nfrom keras import layers\n\nmodel = keras.Sequential()\n"

small = st.integers(1, 4)
units = st.integers(1, 6)


def _ints(draw, rank: int, values: st.SearchStrategy) -> str:
    items = [draw(values) for _ in range(rank)]
    if len(set(items)) == 1 and draw(st.booleans()):
        return str(items[0])
    return "(" + ", ".join(map(str, items)) + ("," if rank == 1 else "") + ")"


def _format(draw, rank: int) -> str:
    """channels_first sometimes, for the layers that take data_format."""
    return ', data_format="channels_first"' if rank > 1 and draw(st.integers(0, 5)) == 0 else ""


# -- one layer per function: (draw, spatial rank) -> source ----------------------------


def conv(draw, rank: int) -> str:
    padding = draw(st.sampled_from(["valid", "same"] + (["causal"] if rank == 1 else [])))
    strided = draw(st.booleans())
    strides = _ints(draw, rank, st.integers(1, 3)) if strided else "1"
    dilation = "" if strided or draw(st.booleans()) else f", dilation_rate={_ints(draw, rank, st.integers(1, 3))}"
    groups = f", groups={draw(st.sampled_from([1, 2]))}" if draw(st.integers(0, 4)) == 0 else ""
    filters = draw(units) * (2 if groups else 1)
    bias = ", use_bias=False" if draw(st.integers(0, 4)) == 0 else ""
    return (f"layers.Conv{rank}D({filters}, {_ints(draw, rank, st.integers(1, 5))}, strides={strides}, "
            f"padding={padding!r}{dilation}{groups}{bias}{_format(draw, rank)})")


def transpose(draw, rank: int) -> str:
    strides = draw(st.integers(1, 3))
    padding = draw(st.sampled_from(["valid", "same"]))
    extra = f", output_padding={draw(st.integers(0, strides - 1))}" if draw(st.booleans()) else ""
    return (f"layers.Conv{rank}DTranspose({draw(units)}, {draw(st.integers(1, 4))}, strides={strides}, "
            f"padding={padding!r}{extra}{_format(draw, rank)})")


def separable(draw, rank: int) -> str:
    return (f"layers.SeparableConv{rank}D({draw(units)}, {draw(st.integers(1, 4))}, strides={draw(st.integers(1, 2))}, "
            f"padding={draw(st.sampled_from(['valid', 'same']))!r}, depth_multiplier={draw(st.integers(1, 3))}{_format(draw, rank)})")


def depthwise(draw, rank: int) -> str:
    return (f"layers.DepthwiseConv{rank}D({draw(st.integers(1, 4))}, strides={draw(st.integers(1, 2))}, "
            f"padding={draw(st.sampled_from(['valid', 'same']))!r}, depth_multiplier={draw(st.integers(1, 3))}{_format(draw, rank)})")


def pooling(draw, rank: int) -> str:
    kind = draw(st.sampled_from(["MaxPooling", "AveragePooling", "MaxPool", "AvgPool"]))
    strides = f", strides={draw(st.integers(1, 3))}" if draw(st.booleans()) else ""
    return (f"layers.{kind}{rank}D({_ints(draw, rank, st.integers(1, 4))}{strides}, "
            f"padding={draw(st.sampled_from(['valid', 'same']))!r}{_format(draw, rank)})")


def global_pooling(draw, rank: int) -> str:
    kind = draw(st.sampled_from(["GlobalMaxPooling", "GlobalAveragePooling", "GlobalAvgPool"]))
    keep = "keepdims=True" if draw(st.integers(0, 3)) == 0 else ""
    options = [option for option in (keep, _format(draw, rank).lstrip(", ")) if option]
    return f"layers.{kind}{rank}D({', '.join(options)})"


def adaptive(draw, rank: int) -> str:
    kind = draw(st.sampled_from(["AdaptiveMaxPooling", "AdaptiveAveragePooling"]))
    return f"layers.{kind}{rank}D({_ints(draw, rank, st.integers(1, 4))}{_format(draw, rank)})"


def padding(draw, rank: int) -> str:
    return f"layers.ZeroPadding{rank}D({_ints(draw, rank, st.integers(0, 2)) if rank > 1 else draw(st.integers(0, 2))}{_format(draw, rank)})"


def cropping(draw, rank: int) -> str:
    pairs = ", ".join(f"({draw(st.integers(0, 2))}, {draw(st.integers(0, 2))})" for _ in range(rank))
    value = f"({draw(st.integers(0, 2))}, {draw(st.integers(0, 2))})" if rank == 1 else f"({pairs})"
    return f"layers.Cropping{rank}D({value}{_format(draw, rank) if rank > 1 else ''})"


def upsampling(draw, rank: int) -> str:
    size = draw(st.integers(1, 3)) if rank == 1 else _ints(draw, rank, st.integers(1, 3))
    return f"layers.UpSampling{rank}D({size}{_format(draw, rank) if rank > 1 else ''})"


def spatial_dropout(draw, rank: int) -> str:
    return f"layers.SpatialDropout{rank}D(0.2)"


def recurrent(draw, rank: int) -> str:
    kind = draw(st.sampled_from(["SimpleRNN", "LSTM", "GRU"]))
    extra = ", reset_after=False" if kind == "GRU" and draw(st.booleans()) else ""
    sequences = draw(st.booleans())
    inner = f"layers.{kind}({draw(units)}, return_sequences={sequences}{extra})"
    wrap = draw(st.integers(0, 3))
    if wrap == 0:
        merge = draw(st.sampled_from(["concat", "sum", "ave", "mul"]))
        return f"layers.Bidirectional({inner}, merge_mode={merge!r})"
    if wrap == 1:
        cells = [f"layers.{draw(st.sampled_from(['SimpleRNNCell', 'LSTMCell', 'GRUCell']))}({draw(units)})" for _ in range(draw(st.integers(1, 2)))]
        cell = cells[0] if len(cells) == 1 else "[" + ", ".join(cells) + "]"
        return f"layers.RNN({cell}, return_sequences={sequences})"
    return inner


def conv_lstm(draw, rank: int) -> str:
    """Its input is (timesteps, *spatial, channels): one spatial axis fewer."""
    return (f"layers.ConvLSTM{rank - 1}D({draw(units)}, {draw(st.integers(1, 3))}, padding={draw(st.sampled_from(['valid', 'same']))!r}, "
            f"return_sequences={draw(st.booleans())})")


def time_distributed(draw, rank: int) -> str:
    """The inner layer sees each timestep: one axis fewer."""
    inner = f"layers.Dense({draw(units)})" if rank == 1 else conv(draw, rank - 1).replace(', data_format="channels_first"', "")
    return f"layers.TimeDistributed({inner})"


def dense(draw, rank: int) -> str:
    return f"layers.Dense({draw(units)}{', use_bias=False' if draw(st.integers(0, 4)) == 0 else ''})"


def einsum(draw, rank: int) -> str:
    if rank == 0:
        return f'layers.EinsumDense("ab,bc->ac", output_shape={draw(units)}, bias_axes="c")'
    return f'layers.EinsumDense("...b,bc->...c", output_shape={draw(units)}{", bias_axes=" + repr("c") if draw(st.booleans()) else ""})'


def same_shape(draw, rank: int) -> str:
    return draw(st.sampled_from([
        "layers.Activation('relu')", "layers.ReLU()", "layers.LeakyReLU(0.1)", "layers.ELU()", "layers.Softmax()",
        "layers.Dropout(0.3)", "layers.GaussianNoise(0.1)", "layers.GaussianDropout(0.1)", "layers.AlphaDropout(0.1)",
        "layers.ActivityRegularization(l1=0.01)", "layers.Identity()", "layers.Masking()", "layers.UnitNormalization()",
        "layers.Rescaling(1 / 255)",
    ]))


def normalization(draw, rank: int) -> str:
    return draw(st.sampled_from([
        "layers.BatchNormalization()", "layers.LayerNormalization()", "layers.RMSNormalization()",
        f"layers.GroupNormalization(groups={draw(st.sampled_from([1, 2, 3]))})", "layers.Normalization()",
        "layers.LayerNormalization(center=False)", "layers.BatchNormalization(scale=False)",
    ]))


def prelu(draw, rank: int) -> str:
    shared = f"shared_axes={list(range(1, rank + 1))}" if rank and draw(st.booleans()) else ""
    return f"layers.PReLU({shared})"


def spectral(draw, rank: int) -> str:
    return f"layers.SpectralNormalization(layers.Dense({draw(units)}))"


def flatten(draw, rank: int) -> str:
    return "layers.Flatten()"


def repeat(draw, rank: int) -> str:
    return f"layers.RepeatVector({draw(small)})"


def image(draw, rank: int) -> str:
    size = f"{draw(st.integers(1, 8))}, {draw(st.integers(1, 8))}"
    return draw(st.sampled_from([
        f"layers.Resizing({size})", f"layers.CenterCrop({size})", f"layers.RandomCrop({size})",
        "layers.RandomFlip()", "layers.RandomRotation(0.1)", "layers.RandomZoom(0.1)", "layers.RandomTranslation(0.1, 0.1)",
        "layers.RandomContrast(0.1)", "layers.RandomBrightness(0.1)",
    ]))


#: Layers by the spatial rank they expect (0: a feature vector), with weights.
BY_RANK = {
    0: [dense] * 3 + [same_shape, normalization, prelu, spectral, repeat, einsum],
    1: [conv] * 3 + [transpose, separable, depthwise, pooling, pooling, global_pooling, adaptive, padding, cropping,
                     upsampling, spatial_dropout, recurrent, recurrent, time_distributed, flatten, dense, same_shape,
                     normalization, einsum],
    2: [conv] * 3 + [transpose, separable, depthwise, pooling, pooling, global_pooling, adaptive, padding, cropping,
                     upsampling, spatial_dropout, flatten, image, conv_lstm, time_distributed, normalization, same_shape],
    3: [conv, transpose, pooling, global_pooling, adaptive, padding, cropping, upsampling, spatial_dropout, flatten,
        conv_lstm, time_distributed],
    4: [conv_lstm, flatten],
}
def _shape_of(source: str) -> tuple | None:
    """kerascheck's output shape of the stack so far (the generator follows it)."""
    result = check_source(source)
    if not result.models or not result.models[0].layers:
        return None
    shape = result.models[0].layers[-1].output_shape
    return shape if shape is not None and all(isinstance(d, int) or d is None for d in shape) else None


@st.composite
def stacks(draw) -> str:
    spatial = draw(st.sampled_from([0, 1, 1, 2, 2, 2, 3, 4]))
    low = draw(st.sampled_from([1, 3, 6]))  # small inputs make invalid draws
    sizes = [draw(st.integers(low, 12 if spatial < 3 else 7)) for _ in range(spatial)] + [draw(st.integers(1, 6))]
    source = HEADER + f"model.add(keras.Input(shape={tuple(sizes)!r}))\n"
    shape: tuple | None = (None, *sizes)
    for _ in range(draw(st.integers(1, 5))):
        rank = len(shape) - 2
        if draw(st.integers(0, 9)) == 0:  # a wrong-rank draw now and then
            rank = draw(st.sampled_from([r for r in BY_RANK if r != rank]))
        kind = draw(st.sampled_from(BY_RANK[rank]))
        source += f"model.add({kind(draw, rank)})\n"
        shape = _shape_of(source)
        if shape is None or len(shape) - 2 not in BY_RANK:
            break
    return source


def draw_examples(count: int) -> list:
    found: list = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(stacks())
    def collect(source: str) -> None:
        found.append(source)

    collect()
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> list:
    folder = tmp_path_factory.mktemp("generated")
    sources = draw_examples(EXAMPLES)
    paths = []
    for index, source in enumerate(sources):
        path = folder / f"stack_{index:04d}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    results = run_keras([{"path": str(path)} for path in paths], fast_init=True)
    return list(zip(sources, results))


def _row(layer) -> tuple:
    shape = None if layer.output_shape is None else [dims.to_json(d) for d in layer.output_shape]
    return (layer.type, shape, dims.to_json(layer.trainable), dims.to_json(layer.non_trainable))


def disagreement(source: str, reference: dict) -> str:
    """What differs between kerascheck and Keras on one stack ('' when nothing)."""
    ours = check_source(source)
    errors = sorted({d.span.line for d in ours.diagnostics if d.severity == "error"})
    if reference["error"] is not None:
        if reference["error_line"] not in errors:
            return f"Keras raised at line {reference['error_line']} ({reference['error']}); kerascheck errors at {errors}"
        return ""
    if errors:
        return f"kerascheck reports errors at lines {errors} but Keras built the model"
    expected = [(l["type"], l["output_shape"], l["trainable"], l["non_trainable"]) for l in reference["models"][0]["layers"]]
    predicted = [_row(layer) for layer in ours.models[0].layers]
    if predicted != expected:
        return "\n".join(f"  ours {p}\n  keras {e}" for p, e in zip(predicted, expected) if p != e) or f"{predicted} != {expected}"
    return ""


def test_generated_stacks_agree_with_keras(examples: list) -> None:
    assert len(examples) >= min(EXAMPLES, 300) * 0.8, "too few distinct examples"
    failures = [(source, problem) for source, reference in examples if (problem := disagreement(source, reference))]
    shown = "\n\n".join(f"{source}{problem}" for source, problem in failures[:5])
    assert not failures, f"{len(failures)} of {len(examples)} stacks disagree; first ones:\n\n{shown}"


def test_generated_stacks_include_invalid_ones(examples: list) -> None:
    invalid = sum(1 for _, reference in examples if reference["error"] is not None)
    assert 0.05 * len(examples) < invalid < 0.6 * len(examples), invalid


if __name__ == "__main__":  # print a few drawn stacks
    for source in draw_examples(5):
        print(source)
    print(Path(__file__).name)
