"""Random Keras programs written the way people write them.

``generate(seed)`` returns one :class:`Program`: Python source that builds one
or more models, plus what it is meant to exercise (layer families, spellings)
and which Keras generations (2: tf_keras, 3: Keras 3) accept its spellings.
It is driven by ``random.Random(seed)`` only, so a seed names a program for
ever (on one version of this file).

The generator keeps its own rough account of tensor shapes so that most
programs are valid; that account is never an expected value: real Keras is
the judge of every program (tests/test_conformance_generated.py,
benchmarks/conformance.py). About one program in five carries one realistic,
shape-invalid mistake (a kernel bigger than what is left of an image, a
second LSTM without ``return_sequences=True`` before it, a residual add with
no projection, a Reshape that loses elements...), on one line that is
recorded in ``mistake_line``.

Also here: :func:`compare`, the comparison of kerascheck's result with what
the harness reports real Keras did, shared by the tests and the benchmark.
"""

from __future__ import annotations

import ast
import math
import random
from dataclasses import dataclass, field

#: Layer classes that exist in only one generation (checked against the
#: installed keras/src and tf_keras/src layer exports).
ONLY_KERAS3 = {
    "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D",
    "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D",
    "RMSNormalization", "GroupQueryAttention",
}
ONLY_KERAS2 = {"LocallyConnected1D", "LocallyConnected2D", "ThresholdedReLU"}


@dataclass
class Program:
    seed: int
    source: str
    generations: tuple
    families: tuple
    spellings: tuple
    #: The line of the injected mistake (None: the program is meant to build).
    mistake_line: int | None = None
    mistake: str = ""

    @property
    def name(self) -> str:
        return f"seed{self.seed}"


# -- import spellings -----------------------------------------------------------------


@dataclass
class Style:
    """How the program names Keras: its imports and the prefix of each kind of name."""

    tag: str
    layer: str  # "{}" is the class name
    input: str
    sequential: str
    model: str
    #: ``from ... import names``: the module names are imported from (None: no name list).
    names_from: str | None = None
    header: str = ""
    models_from: str | None = None


STYLES = [
    Style("import keras", "keras.layers.{}", "keras.Input", "keras.Sequential", "keras.Model", header="import keras\n"),
    Style("import keras (models)", "keras.layers.{}", "keras.layers.Input", "keras.models.Sequential", "keras.models.Model",
          header="import keras\n"),
    Style("from keras import layers", "layers.{}", "keras.Input", "keras.Sequential", "keras.Model",
          header="import keras\nfrom keras import layers\n"),
    Style("from keras.layers import names", "{}", "Input", "Sequential", "Model", names_from="keras.layers",
          models_from="keras.models"),
    Style("from keras.layers import *", "{}", "Input", "Sequential", "Model",
          header="from keras.layers import *\nfrom keras.models import Sequential, Model\n"),
    Style("import keras.layers as L", "L.{}", "L.Input", "keras.Sequential", "keras.Model",
          header="import keras\nimport keras.layers as L\n"),
    Style("from keras import layers as kl", "kl.{}", "kl.Input", "models.Sequential", "models.Model",
          header="from keras import layers as kl\nfrom keras import models\n"),
    Style("from tensorflow import keras", "keras.layers.{}", "keras.Input", "keras.Sequential", "keras.Model",
          header="from tensorflow import keras\n"),
    Style("import tensorflow as tf", "tf.keras.layers.{}", "tf.keras.Input", "tf.keras.Sequential", "tf.keras.Model",
          header="import tensorflow as tf\n"),
    Style("import tensorflow as tf (models)", "tf.keras.layers.{}", "tf.keras.layers.Input", "tf.keras.models.Sequential",
          "tf.keras.models.Model", header="import tensorflow as tf\n"),
    Style("from tensorflow.keras import layers", "layers.{}", "keras.Input", "keras.Sequential", "keras.Model",
          header="from tensorflow import keras\nfrom tensorflow.keras import layers\n"),
    Style("from tensorflow.keras.layers import names", "{}", "Input", "Sequential", "Model",
          names_from="tensorflow.keras.layers", models_from="tensorflow.keras.models"),
    Style("from tensorflow.keras.layers import *", "{}", "Input", "Sequential", "Model",
          header="from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import Sequential, Model\n"),
]


# -- arguments ------------------------------------------------------------------------


@dataclass
class Arg:
    name: str
    value: str
    positional: bool = False  # may be written positionally (and every one before it is)
    only_positional: bool = False


@dataclass
class Call:
    """One layer (or merge function) call: class name, arguments, families, generations."""

    cls: str
    args: list = field(default_factory=list)
    family: str = ""
    generations: tuple = (2, 3)
    inner: "Call | None" = None  # for wrappers: rendered as the first positional argument


def _t(values) -> str:
    values = list(values)
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"


class Writer:
    """Renders calls in one import style and remembers the names it used."""

    def __init__(self, rng: random.Random, style: Style):
        self.rng, self.style = rng, style
        self.names: set = set()
        self.spellings: set = {style.tag}
        self.generations = {2, 3}
        self.families: set = set()
        self.names_given = 0

    def ref(self, cls: str) -> str:
        if self.style.names_from:
            self.names.add(cls)
        return self.style.layer.format(cls)

    def input_ref(self) -> str:
        if self.style.names_from:
            self.names.add("Input")
        return self.style.input

    def render(self, call: Call) -> str:
        self.generations &= set(call.generations)
        if call.family:
            self.families.add(call.family)
        parts = []
        positional = True
        if isinstance(call.inner, str):
            parts.append(call.inner)
        elif call.inner is not None:
            parts.append(self.render(call.inner))
        for arg in call.args:
            if positional and arg.positional and (arg.only_positional or self.rng.random() < 0.6):
                parts.append(arg.value)
                self.spellings.add("positional")
                continue
            positional = False
            parts.append(f"{arg.name}={arg.value}")
            if arg.positional:
                self.spellings.add("keyword")
        return f"{self.ref(call.cls)}({', '.join(parts)})"

    def header(self) -> str:
        style = self.style
        if not style.names_from:
            return style.header
        layer_names = sorted(self.names)
        lines = [f"from {style.names_from} import {', '.join(layer_names)}"] if layer_names else []
        lines.append(f"from {style.models_from} import Sequential, Model")
        return "\n".join(lines) + "\n"


# -- the generator's own rough shape account -------------------------------------------


def _conv_out(n, kernel, stride, padding, dilation=1):
    if n is None:
        return None
    if padding == "same":
        return -(-n // stride)
    return (n - (kernel - 1) * dilation - 1) // stride + 1


class Gen:
    """Draws layers for a tensor of a given shape (no batch axis)."""

    def __init__(self, rng: random.Random, writer: Writer, functional: bool):
        self.rng, self.w, self.functional = rng, writer, functional

    # small helpers
    def pick(self, *options):
        return self.rng.choice(options)

    def units(self):
        return self.pick(8, 16, 32, 64, 64, 128, 256, 512)

    def filters(self):
        return self.pick(8, 16, 32, 32, 64, 128)

    def activation(self, args: list):
        if self.rng.random() < 0.5:
            args.append(Arg("activation", repr(self.pick("relu", "tanh", "sigmoid", "elu", "softmax", "gelu", "swish"))))

    # one layer: returns (Call, new shape)
    def layer(self, shape: tuple):
        rank = len(shape)
        if rank == 1:
            return self.vector(shape)
        if rank == 2:
            return self.sequence(shape)
        if rank == 3:
            return self.image(shape)
        return self.volume(shape)

    def vector(self, shape):
        (n,) = shape
        r = self.rng.random()
        if r < 0.45:
            args = [Arg("units", str(self.units()), True)]
            self.activation(args)
            if self.rng.random() < 0.15:
                args.append(Arg("use_bias", "False"))
            if self.rng.random() < 0.15:
                args.append(self.pick(Arg("kernel_regularizer", "'l2'"), Arg("kernel_initializer", "'he_normal'"),
                                      Arg("bias_initializer", "'zeros'")))
            if self.rng.random() < 0.1:
                self.w.names_given += 1
                args.append(Arg("name", repr(f"fc{self.w.names_given}")))
                self.w.spellings.add("name=")
            return Call("Dense", args, "dense"), (int(args[0].value),)
        if r < 0.55:
            return Call("Dropout", [Arg("rate", str(self.pick(0.1, 0.25, 0.5)), True)], "regularization"), shape
        if r < 0.65:
            kind = self.pick("BatchNormalization", "LayerNormalization", "UnitNormalization", "RMSNormalization")
            gens = (3,) if kind in ONLY_KERAS3 else (2, 3)
            args = [Arg("center", "False")] if kind == "BatchNormalization" and self.rng.random() < 0.2 else []
            return Call(kind, args, "normalization", gens), shape
        if r < 0.75:
            return self.activation_layer(shape)
        if r < 0.8 and n is not None and n <= 512:
            times = self.pick(3, 10, 20)
            return Call("RepeatVector", [Arg("n", str(times), True)], "reshaping"), (times, n)
        if r < 0.85 and n is not None:
            divisors = [d for d in (2, 4, 8, 16) if n % d == 0 and n // d > 1]
            if divisors:
                d = self.pick(*divisors)
                target = _t((d, n // d)) if self.rng.random() < 0.7 else _t((-1, n // d))
                return Call("Reshape", [Arg("target_shape", target, True)], "reshaping"), (d, n // d)
        if r < 0.9:
            kind = self.pick("GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization")
            args = {"GaussianNoise": [Arg("stddev", "0.1", True)], "GaussianDropout": [Arg("rate", "0.2", True)],
                    "AlphaDropout": [Arg("rate", "0.1", True)], "ActivityRegularization": [Arg("l1", "0.01", True)]}[kind]
            return Call(kind, args, "regularization"), shape
        units = self.units()
        return Call("EinsumDense", [Arg("equation", '"ab,bc->ac"', True), Arg("output_shape", str(units), True),
                                    Arg("bias_axes", '"c"')], "dense"), (units,)

    def activation_layer(self, shape):
        kind = self.pick("Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax", "ThresholdedReLU")
        args = []
        if kind == "Activation":
            args = [Arg("activation", repr(self.pick("relu", "tanh", "softmax", "sigmoid")), True)]
        elif kind == "LeakyReLU" and self.rng.random() < 0.5:
            args = [Arg("", "0.2", True, only_positional=True)]  # negative_slope (3) / alpha (2)
        gens = (2,) if kind in ONLY_KERAS2 else (2, 3)
        return Call(kind, args, "activation", gens), shape

    def recurrent(self, shape, sequences=None):
        kind = self.pick("LSTM", "GRU", "SimpleRNN", "LSTM", "GRU")
        units = self.pick(16, 32, 64, 128, 256)
        seqs = self.rng.random() < 0.5 if sequences is None else sequences
        if sequences is None and self.rng.random() < 0.12:  # the generic RNN over cells
            cells = [f"{self.w.ref(self.pick('LSTMCell', 'GRUCell', 'SimpleRNNCell'))}({self.pick(8, 16, 32)})"
                     for _ in range(self.pick(1, 1, 2))]
            last = int(cells[-1].rsplit("(", 1)[1].rstrip(")"))
            cell = cells[0] if len(cells) == 1 else "[" + ", ".join(cells) + "]"
            args = [Arg("cell", cell, True)] + ([Arg("return_sequences", "True", True)] if seqs else [])
            self.w.spellings.add("RNN(cell)")
            return Call("RNN", args, "recurrent"), ((shape[0], last) if seqs else (last,))
        args = [Arg("units", str(units), True)]
        if seqs:
            args.append(Arg("return_sequences", "True"))
        if kind == "GRU" and self.rng.random() < 0.2:
            args.append(Arg("reset_after", "False"))
            self.w.spellings.add("reset_after=False")
        if self.rng.random() < 0.2:
            args.append(Arg("dropout", "0.2"))
        call = Call(kind, args, "recurrent")
        out = (shape[0], units) if seqs else (units,)
        if self.rng.random() < 0.25:
            merge = self.pick("concat", "concat", "sum", "ave", "mul")
            wargs = [] if merge == "concat" and self.rng.random() < 0.5 else [Arg("merge_mode", repr(merge))]
            self.w.spellings.add("Bidirectional")
            width = units * 2 if merge == "concat" else units
            out = (shape[0], width) if seqs else (width,)
            return Call("Bidirectional", wargs, "recurrent", inner=call), out
        return call, out

    def sequence(self, shape):
        steps, feat = shape
        r = self.rng.random()
        if r < 0.25 and (steps is None or steps >= 3):
            padding = self.pick("valid", "same", "causal")
            kernel = self.pick(2, 3, 3, 5, 7)
            if steps is not None and kernel > steps:
                kernel = 2
            stride = self.pick(1, 1, 2)
            dilation = 2 if stride == 1 and self.rng.random() < 0.2 else 1
            if steps is not None and (kernel - 1) * dilation + 1 > steps:
                dilation = 1
            kind = self.pick("Conv1D", "Conv1D", "Conv1D", "SeparableConv1D", "Conv1DTranspose", "DepthwiseConv1D")
            if kind == "Conv1DTranspose":
                padding = self.pick("valid", "same")
                f = self.filters()
                args = [Arg("filters", str(f), True), Arg("kernel_size", str(kernel), True), Arg("strides", str(stride), True),
                        Arg("padding", repr(padding), True)]
                if steps is None:
                    out = None
                elif padding == "same":
                    out = steps * stride
                else:
                    out = steps * stride + max(kernel - stride, 0)
                return Call(kind, args, "conv"), (out, f)
            if kind == "DepthwiseConv1D":
                padding = self.pick("valid", "same")
                mult = self.pick(1, 2)
                args = [Arg("kernel_size", str(kernel), True), Arg("strides", str(stride), True), Arg("padding", repr(padding), True),
                        Arg("depth_multiplier", str(mult), True)]
                return Call(kind, args, "conv"), (_conv_out(steps, kernel, stride, padding), feat * mult)
            if kind == "SeparableConv1D" and padding == "causal":
                padding = "same"
            f = self.filters()
            args = [Arg("filters", str(f), True), Arg("kernel_size", str(kernel), True), Arg("strides", str(stride), True),
                    Arg("padding", repr(padding), True)]
            if dilation > 1:
                args.append(Arg("dilation_rate", str(dilation)))
            self.activation(args)
            return Call(kind, args, "conv"), (_conv_out(steps, kernel, stride, "same" if padding == "causal" else padding, dilation), f)
        if r < 0.35 and (steps is None or steps >= 2):
            kind = self.pick("MaxPooling1D", "AveragePooling1D", "MaxPool1D", "AvgPool1D")
            size = self.pick(2, 2, 3)
            if steps is not None and size > steps:
                size = 2
            padding = self.pick("valid", "same")
            args = [Arg("pool_size", str(size), True)]
            stride = size
            if self.rng.random() < 0.3:
                stride = self.pick(1, 2)
                args.append(Arg("strides", str(stride), True))
            args.append(Arg("padding", repr(padding), len(args) == 2))
            return Call(kind, args, "pooling"), (_conv_out(steps, size, stride, padding), feat)
        if r < 0.55:
            return self.recurrent(shape)
        if r < 0.62:
            kind = self.pick("GlobalMaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPool1D", "GlobalAvgPool1D")
            if self.rng.random() < 0.15:
                return Call(kind, [Arg("keepdims", "True")], "pooling"), (1, feat)
            return Call(kind, [], "pooling"), (feat,)
        if r < 0.67:
            units = self.units()
            if self.rng.random() < 0.5:
                return Call("TimeDistributed", [], "wrapper", inner=Call("Dense", [Arg("units", str(units), True)], "dense")), (steps, units)
            return Call("Dense", [Arg("units", str(units), True)], "dense"), (steps, units)
        if r < 0.72 and steps is not None and steps * feat <= 50000:
            return Call("Flatten", [], "reshaping"), (steps * feat,)
        if r < 0.77:
            kind = self.pick("ZeroPadding1D", "Cropping1D", "UpSampling1D")
            if kind == "ZeroPadding1D":
                p = self.pick(1, 2)
                return Call(kind, [Arg("padding", str(p), True)], "reshaping"), (None if steps is None else steps + 2 * p, feat)
            if kind == "Cropping1D" and steps is not None and steps > 4:
                a, b = self.pick(0, 1, 2), self.pick(1, 2)
                return Call(kind, [Arg("cropping", _t((a, b)), True)], "reshaping"), (steps - a - b, feat)
            s = self.pick(2, 3)
            return Call("UpSampling1D", [Arg("size", str(s), True)], "reshaping"), (None if steps is None else steps * s, feat)
        if r < 0.8:
            return Call(self.pick("SpatialDropout1D", "Dropout"), [Arg("rate", "0.2", True)], "regularization"), shape
        if r < 0.84:
            return Call(self.pick("LayerNormalization", "BatchNormalization"), [], "normalization"), shape
        if r < 0.87 and steps is not None:
            return Call("Permute", [Arg("dims", "(2, 1)", True)], "reshaping"), (feat, steps)
        if r < 0.9:
            kind = self.pick("AdaptiveAveragePooling1D", "AdaptiveMaxPooling1D", "LocallyConnected1D")
            if kind == "LocallyConnected1D":
                if steps is None or steps < 3 or steps * feat > 20000:
                    return Call("Masking", [], "masking"), shape
                f = self.pick(4, 8)
                return Call(kind, [Arg("filters", str(f), True), Arg("kernel_size", "3", True)], "conv", (2,)), (steps - 2, f)
            size = self.pick(1, 4, 8)
            return Call(kind, [Arg("output_size", str(size), True)], "pooling", (3,)), (size, feat)
        if r < 0.93 and steps is not None and steps >= 2:
            # ConvLSTM1D wants (time, steps, channels): reshape first is another layer; use Conv1D instead
            return Call("Masking", [Arg("mask_value", "0.0", True)], "masking"), shape
        return self.activation_layer(shape)

    def image(self, shape):
        h, w, c = shape
        small = min(h, w)
        r = self.rng.random()
        if r < 0.33 and small >= 3:
            kind = self.pick("Conv2D", "Conv2D", "Conv2D", "Convolution2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose")
            kernel = self.pick(1, 3, 3, 3, 5, 7)
            if kernel > small:
                kernel = 3
            stride = self.pick(1, 1, 1, 2)
            padding = self.pick("valid", "same", "same")
            ks = str(kernel) if self.rng.random() < 0.7 else _t((kernel, kernel))
            ss = str(stride) if self.rng.random() < 0.7 else _t((stride, stride))
            if kind == "DepthwiseConv2D":
                mult = self.pick(1, 1, 2)
                args = [Arg("kernel_size", ks, True), Arg("strides", ss, True), Arg("padding", repr(padding), True),
                        Arg("depth_multiplier", str(mult), True)]
                return Call(kind, args, "conv"), (_conv_out(h, kernel, stride, padding), _conv_out(w, kernel, stride, padding), c * mult)
            f = self.filters()
            args = [Arg("filters", str(f), True), Arg("kernel_size", ks, True), Arg("strides", ss, True),
                    Arg("padding", repr(padding), True)]
            if kind == "Conv2DTranspose":
                def up(n):
                    return n * stride if padding == "same" else n * stride + max(kernel - stride, 0)
                return Call(kind, args, "conv"), (up(h), up(w), f)
            self.activation(args)
            if kind == "Conv2D" and stride == 1 and padding == "same" and self.rng.random() < 0.15:
                args.append(Arg("dilation_rate", self.pick("2", "(2, 2)")))
            elif kind == "Conv2D" and c % 2 == 0 and f % 2 == 0 and self.rng.random() < 0.1:
                args.append(Arg("groups", "2"))
            if kind == "Convolution2D":
                self.w.spellings.add("Convolution2D")
            return Call(kind, args, "conv"), (_conv_out(h, kernel, stride, padding), _conv_out(w, kernel, stride, padding), f)
        if r < 0.45 and small >= 2:
            kind = self.pick("MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D")
            size = self.pick(2, 2, 3)
            if size > small:
                size = 2
            padding = self.pick("valid", "valid", "same")
            args = [Arg("pool_size", str(size) if self.rng.random() < 0.6 else _t((size, size)), True)]
            stride = size
            if self.rng.random() < 0.25:
                stride = self.pick(1, 2)
                args.append(Arg("strides", str(stride), True))
            args.append(Arg("padding", repr(padding), len(args) == 2))
            return Call(kind, args, "pooling"), (_conv_out(h, size, stride, padding), _conv_out(w, size, stride, padding), c)
        if r < 0.55:
            kind = self.pick("BatchNormalization", "BatchNormalization", "LayerNormalization", "GroupNormalization")
            if kind == "GroupNormalization":
                groups = max(g for g in (1, 2, 4, 8) if c % g == 0)
                return Call(kind, [Arg("groups", str(groups), True)], "normalization"), shape
            return Call(kind, [], "normalization"), shape
        if r < 0.62:
            kind = self.pick("GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAvgPool2D", "GlobalMaxPool2D")
            return Call(kind, [], "pooling"), (c,)
        if r < 0.67 and h * w * c <= 40000:
            return Call("Flatten", [], "reshaping"), (h * w * c,)
        if r < 0.74:
            kind = self.pick("ZeroPadding2D", "Cropping2D", "UpSampling2D")
            if kind == "ZeroPadding2D":
                p = self.pick(1, 2, 3)
                value = str(p) if self.rng.random() < 0.6 else _t((p, p))
                return Call(kind, [Arg("padding", value, True)], "reshaping"), (h + 2 * p, w + 2 * p, c)
            if kind == "Cropping2D" and small > 6:
                a = self.pick(1, 2)
                if self.rng.random() < 0.3:
                    top, bottom, left, right = self.pick(0, 1, 2), self.pick(0, 1), self.pick(0, 2), self.pick(1, 3)
                    value = f"(({top}, {bottom}), ({left}, {right}))"
                    return Call(kind, [Arg("cropping", value, True)], "reshaping"), (h - top - bottom, w - left - right, c)
                value = str(a) if self.rng.random() < 0.5 else f"(({a}, {a}), ({a}, {a}))"
                return Call(kind, [Arg("cropping", value, True)], "reshaping"), (h - 2 * a, w - 2 * a, c)
            if h * w * c * 4 > 3_000_000:
                return Call("Dropout", [Arg("rate", "0.25", True)], "regularization"), shape
            return Call("UpSampling2D", [Arg("size", str(2) if self.rng.random() < 0.5 else "(2, 2)", True)], "reshaping"), (h * 2, w * 2, c)
        if r < 0.78:
            return Call(self.pick("SpatialDropout2D", "Dropout"), [Arg("rate", "0.25", True)], "regularization"), shape
        if r < 0.82:
            kind = self.pick("AdaptiveAveragePooling2D", "AdaptiveMaxPooling2D", "LocallyConnected2D")
            if kind == "LocallyConnected2D":
                if small < 3 or h * w * c > 5000:
                    return Call("Activation", [Arg("activation", "'relu'", True)], "activation"), shape
                return Call(kind, [Arg("filters", "4", True), Arg("kernel_size", "3", True)], "conv", (2,)), (h - 2, w - 2, 4)
            size = self.pick(1, 2, 4)
            return Call(kind, [Arg("output_size", str(size), True)], "pooling", (3,)), (size, size, c)
        if r < 0.86 and h * w * c <= 1_000_000:
            return Call("Reshape", [Arg("target_shape", _t((h * w, c)), True)], "reshaping"), (h * w, c)
        if r < 0.9:
            units = self.pick(8, 16, 32)
            return Call("Dense", [Arg("units", str(units), True)], "dense"), (h, w, units)
        if r < 0.93:
            return Call("Rescaling", [Arg("scale", "1.0 / 255", True)], "preprocessing"), shape
        return self.activation_layer(shape)

    def volume(self, shape):
        d, h, w, c = shape
        small = min(d, h, w)
        r = self.rng.random()
        if r < 0.4 and small >= 3:
            kind = self.pick("Conv3D", "Conv3D", "Conv3DTranspose")
            k = self.pick(1, 3, 3)
            s = self.pick(1, 1, 2)
            padding = self.pick("valid", "same")
            f = self.pick(4, 8, 16, 32)
            args = [Arg("filters", str(f), True), Arg("kernel_size", str(k), True), Arg("strides", str(s), True),
                    Arg("padding", repr(padding), True)]
            if kind == "Conv3DTranspose":
                def up(n):
                    return n * s if padding == "same" else n * s + max(k - s, 0)
                if d * h * w * s ** 3 * f > 2_000_000:
                    args[2].value = "1"
                    s = 1
                return Call(kind, args, "conv"), (up(d), up(h), up(w), f)
            return Call(kind, args, "conv"), tuple(_conv_out(n, k, s, padding) for n in (d, h, w)) + (f,)
        if r < 0.55 and small >= 2:
            kind = self.pick("MaxPooling3D", "AveragePooling3D", "MaxPool3D", "AvgPool3D")
            return Call(kind, [Arg("pool_size", "2", True)], "pooling"), tuple(n // 2 for n in (d, h, w)) + (c,)
        if r < 0.65:
            kind = self.pick("GlobalAveragePooling3D", "GlobalMaxPooling3D")
            return Call(kind, [], "pooling"), (c,)
        if r < 0.72 and d * h * w * c <= 40000:
            return Call("Flatten", [], "reshaping"), (d * h * w * c,)
        if r < 0.78:
            kind = self.pick("ZeroPadding3D", "Cropping3D", "UpSampling3D")
            if kind == "ZeroPadding3D":
                return Call(kind, [Arg("padding", "1", True)], "reshaping"), (d + 2, h + 2, w + 2, c)
            if kind == "Cropping3D" and small > 4:
                return Call(kind, [Arg("cropping", "1", True)], "reshaping"), (d - 2, h - 2, w - 2, c)
            if d * h * w * c * 8 > 2_000_000:
                return Call("SpatialDropout3D", [Arg("rate", "0.2", True)], "regularization"), shape
            return Call("UpSampling3D", [Arg("size", "2", True)], "reshaping"), (d * 2, h * 2, w * 2, c)
        if r < 0.84:
            return Call("SpatialDropout3D", [Arg("rate", "0.2", True)], "regularization"), shape
        if r < 0.9 and min(h, w) >= 3:
            # read as (time, height, width, channels)
            f = self.pick(8, 16)
            seqs = self.rng.random() < 0.5
            args = [Arg("filters", str(f), True), Arg("kernel_size", "3", True), Arg("padding", repr("same"))]
            if seqs:
                args.append(Arg("return_sequences", "True"))
            return Call("ConvLSTM2D", args, "recurrent"), ((d, h, w, f) if seqs else (h, w, f))
        if r < 0.95 and min(h, w) >= 3:
            f = self.pick(8, 16)
            inner = Call("Conv2D", [Arg("filters", str(f), True), Arg("kernel_size", "3", True)], "conv")
            self.w.spellings.add("TimeDistributed")
            return Call("TimeDistributed", [], "wrapper", inner=inner), (d, h - 2, w - 2, f)
        return Call("BatchNormalization", [], "normalization"), shape


# -- mistakes ---------------------------------------------------------------------------


def mistake_for(gen: Gen, shape: tuple):
    """A realistic shape-invalid layer for a tensor of ``shape``, or None."""
    rng = gen.rng
    rank = len(shape)
    options = []
    if rank == 3 and shape[0] is not None:
        h, w, c = shape
        options += ["kernel", "pool", "rnn_on_image", "reshape"]
    if rank == 2 and shape[0] is not None:
        options += ["kernel1d", "conv2d_on_sequence", "reshape"]
    if rank == 1:
        options += ["rnn_on_vector", "conv_on_vector", "pool_on_vector"]
    if not options:
        return None
    kind = rng.choice(options)
    if kind == "kernel":
        k = max(shape[0], shape[1]) + rng.choice([1, 2])
        return Call("Conv2D", [Arg("filters", "32", True), Arg("kernel_size", str(k), True)], "conv"), kind
    if kind == "pool":
        k = max(shape[0], shape[1]) + 1
        return Call("MaxPooling2D", [Arg("pool_size", str(k), True)], "pooling"), kind
    if kind == "kernel1d":
        k = shape[0] + rng.choice([1, 3])
        return Call("Conv1D", [Arg("filters", "64", True), Arg("kernel_size", str(k), True)], "conv"), kind
    if kind in ("rnn_on_image", "rnn_on_vector"):
        return Call(rng.choice(["LSTM", "GRU", "SimpleRNN"]), [Arg("units", "32", True)], "recurrent"), kind
    if kind == "conv2d_on_sequence":
        return Call("Conv2D", [Arg("filters", "16", True), Arg("kernel_size", "3", True)], "conv"), kind
    if kind == "conv_on_vector":
        return Call("Conv1D", [Arg("filters", "16", True), Arg("kernel_size", "3", True)], "conv"), kind
    if kind == "pool_on_vector":
        return Call("MaxPooling1D", [Arg("pool_size", "2", True)], "pooling"), kind
    total = math.prod(shape)
    return Call("Reshape", [Arg("target_shape", _t((total // 2 + 1, 2)), True)], "reshaping"), kind


# -- inputs -----------------------------------------------------------------------------


def draw_input(rng: random.Random):
    """(kind, shape without batch, extra) for the program's first tensor."""
    kind = rng.choice(["image", "image", "sequence", "tokens", "tokens", "vector", "volume"])
    if kind == "image":
        size = rng.choice([28, 32, 32, 64, 96, 128, 224])
        if rng.random() < 0.15:
            return kind, (size, rng.choice([size, size // 2]), rng.choice([1, 3])), None
        return kind, (size, size, rng.choice([1, 3, 3])), None
    if kind == "sequence":
        return kind, (rng.choice([None, 10, 20, 50, 100, 128]), rng.choice([1, 3, 8, 16, 40])), None
    if kind == "tokens":
        return kind, (rng.choice([None, 10, 50, 100, 200, 500]),), rng.choice([1000, 5000, 10000, 20000])
    if kind == "vector":
        return kind, (rng.choice([4, 8, 13, 20, 100, 784]),), None
    return kind, (rng.choice([8, 10, 16]), rng.choice([16, 32]), rng.choice([16, 32]), rng.choice([1, 3])), None


def _shape_src(shape) -> str:
    return _t("None" if d is None else d for d in shape)


# -- programs ---------------------------------------------------------------------------


class Builder:
    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.style = self.rng.choice(STYLES)
        self.w = Writer(self.rng, self.style)
        self.lines: list = []  # body lines (the header is prepended at the end)
        self.mistake_index: int | None = None
        self.mistake = ""
        self.want_mistake = self.rng.random() < 0.27
        #: Lines to write before the next statement (a frozen layer's variable).
        self.pending: list = []

    def emit(self, line: str, mistake: bool = False) -> None:
        self.lines.extend(self.pending)
        self.pending.clear()
        if mistake:
            self.mistake_index = len(self.lines)
        self.lines.append(line)

    def finish(self) -> Program:
        header = self.w.header()
        body = "\n".join(self.lines) + "\n"
        source = header + "\n" + body
        line = None
        if self.mistake_index is not None:
            line = header.count("\n") + 2 + self.mistake_index
        return Program(self.seed, source, tuple(sorted(self.w.generations)), tuple(sorted(self.w.families)),
                       tuple(sorted(self.w.spellings)), line, self.mistake)

    # the tokens front end: an Embedding (its own input_dim/output_dim keywords)
    def embedding(self, vocab: int, length, first_in_sequential: bool) -> tuple:
        dim = self.rng.choice([16, 32, 64, 100, 128])
        args = [Arg("input_dim", str(vocab), True), Arg("output_dim", str(dim), True)]
        if self.rng.random() < 0.2:
            args.append(Arg("mask_zero", "True"))
        self.w.spellings.add("Embedding")
        call = Call("Embedding", args, "embedding")
        return call, (length, dim)


def frozen(b: Builder, call: Call) -> tuple:
    """``(lines before, expression)`` for a layer, now and then held in a variable and
    frozen (``layer.trainable = False``), the wrapped layer of a wrapper included."""
    if b.rng.random() >= 0.1:
        return [], b.w.render(call)
    name = f"frozen_{len(b.lines) + len(b.pending)}"
    if isinstance(call.inner, Call):
        b.w.spellings.add("frozen wrapped layer")
        pre = [f"{name} = {b.w.render(call.inner)}", f"{name}.trainable = False"]
        return pre, b.w.render(Call(call.cls, call.args, call.family, call.generations, inner=name))
    b.w.spellings.add("frozen layer")
    return [f"{name} = {b.w.render(call)}", f"{name}.trainable = False"], name


def _body_layers(b: Builder, gen: Gen, shape: tuple, count: int, add_line, allow_mistake: bool):
    """Draws ``count`` layers after ``shape``, calling ``add_line(call_source, is_mistake)``;
    frozen layers' own lines go through ``b.pending``."""
    mistake_at = b.rng.randrange(count) if allow_mistake and b.want_mistake and count else -1
    for index in range(count):
        if index == mistake_at:
            drawn = mistake_for(gen, shape)
            if drawn is not None:
                call, kind = drawn
                b.mistake = kind
                add_line(b.w.render(call), True)
                return shape, True
        call, shape = gen.layer(shape)
        if any(d is not None and d <= 0 for d in shape):
            break
        pre, expression = frozen(b, call)
        b.pending.extend(pre)
        add_line(expression, False)
        if any(d is None for d in shape[1:]) and len(shape) > 1:
            break
    return shape, False


def _head(b: Builder, gen: Gen, shape: tuple):
    """A classifier head: make the tensor a vector, then Dense(classes)."""
    calls = []
    if len(shape) == 2:
        if b.rng.random() < 0.5:
            calls.append(Call(b.rng.choice(["LSTM", "GRU"]), [Arg("units", str(b.rng.choice([32, 64])), True)], "recurrent"))
        else:
            calls.append(Call("GlobalAveragePooling1D", [], "pooling"))
    elif len(shape) == 3:
        calls.append(Call(b.rng.choice(["GlobalAveragePooling2D", "GlobalMaxPooling2D"]) if math.prod(shape) > 40000 or b.rng.random() < 0.5 else "Flatten", [], "pooling"))
    elif len(shape) == 4:
        calls.append(Call("GlobalAveragePooling3D", [], "pooling"))
    classes = b.rng.choice([1, 2, 10, 100])
    calls.append(Call("Dense", [Arg("units", str(classes), True), Arg("activation", repr("softmax" if classes > 1 else "sigmoid"))], "dense"))
    return calls


def _sequential(b: Builder) -> None:
    gen = Gen(b.rng, b.w, functional=False)
    kind, shape, vocab = draw_input(b.rng)
    listed = b.rng.random() < 0.5
    seq = b.style.sequential
    calls: list = []  # (source, is_mistake)

    # the input declaration
    declaration = b.rng.choice(["Input", "Input", "InputLayer", "input_shape", "input_shape", "input_dim", "batch_input_shape"])
    if kind == "tokens":
        emb, shape = b.embedding(vocab, shape[0], True)
        declaration = b.rng.choice(["Input", "input_length", "input_shape", "InputLayer"])
        if declaration == "input_length" and shape[0] is not None:
            emb.args.append(Arg("input_length", str(shape[0])))
            b.w.generations &= {2}
        elif declaration == "input_shape":
            emb.args.append(Arg("input_shape", _shape_src((shape[0],))))
        else:
            if declaration == "input_length":
                declaration = "Input"
            calls.append((_input_layer(b, declaration, (shape[0],)), False))
        calls.append((b.w.render(emb), False))
        b.w.spellings.add(f"declare:{declaration}")
    else:
        if declaration == "input_dim" and len(shape) == 2:
            # Keras 2's recurrent first layer: input_dim= features per step, input_length= steps
            call, new_shape = gen.recurrent(shape)
            target = call.inner if call.inner is not None else call
            target.args.append(Arg("input_dim", str(shape[1])))
            if shape[0] is not None and b.rng.random() < 0.5:
                target.args.append(Arg("input_length", str(shape[0])))
            b.w.generations &= {2}
            b.w.spellings.add("declare:input_dim (recurrent)")
            calls.append((b.w.render(call), False))
            shape = new_shape
            declaration = "done"
        elif declaration == "input_dim" and len(shape) != 1:
            declaration = "input_shape"
        if declaration == "done":
            pass
        elif declaration in ("Input", "InputLayer"):
            calls.append((_input_layer(b, declaration, shape), False))
            b.w.spellings.add(f"declare:{declaration}")
        else:
            # the first layer carries the declaration
            call, new_shape = gen.layer(shape)
            while call.inner is not None or call.cls in ("RepeatVector",):
                call, new_shape = gen.layer(shape)
            if declaration == "input_dim":
                call.args.append(Arg("input_dim", str(shape[0])))
            elif declaration == "batch_input_shape":
                call.args.append(Arg("batch_input_shape", _t(["None"] + ["None" if d is None else d for d in shape])))
                b.w.generations &= {2}
            else:
                call.args.append(Arg("input_shape", _shape_src(shape)))
            b.w.spellings.add(f"declare:{declaration}")
            calls.append((b.w.render(call), False))
            shape = new_shape
    shape, mistaken = _body_layers(b, gen, shape, b.rng.randint(1, 6), lambda src, m: calls.append((src, m)), True)
    if not mistaken:
        for call in _head(b, gen, shape):
            calls.append((b.w.render(call), False))
    if listed:
        b.w.spellings.add("Sequential([...])")
        b.emit(f"model = {seq}([")
        for src, is_mistake in calls:
            b.emit(f"    {src},", is_mistake)
        b.emit("])")
    else:
        b.w.spellings.add("Sequential.add")
        b.emit(f"model = {seq}()")
        for src, is_mistake in calls:
            b.emit(f"model.add({src})", is_mistake)


def _input_layer(b: Builder, declaration: str, shape: tuple) -> str:
    if declaration == "InputLayer":
        keyword = b.rng.choice(["input_shape", "shape", "batch_input_shape"])
        if keyword == "shape":
            b.w.generations &= {3}
        if keyword == "batch_input_shape":
            return f"{b.w.ref('InputLayer')}(batch_input_shape={_t(['None'] + ['None' if d is None else d for d in shape])})"
        return f"{b.w.ref('InputLayer')}({keyword}={_shape_src(shape)})"
    if b.rng.random() < 0.3:
        return f"{b.w.input_ref()}({_shape_src(shape)})"
    return f"{b.w.input_ref()}(shape={_shape_src(shape)})"


class Functional:
    """Functional programs: ``x = Layer(...)(x)`` chains, with the structures people build."""

    def __init__(self, b: Builder):
        self.b, self.rng = b, b.rng
        self.gen = Gen(b.rng, b.w, functional=True)
        self.counter = 0

    def var(self, stem="x") -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def apply(self, call: Call, x: str, stem="x", mistake=False) -> str:
        out = self.var(stem)
        self.b.emit(f"{out} = {self.b.w.render(call)}({x})", mistake)
        return out

    def input(self, shape, name=None) -> str:
        v = self.var("inputs")
        named = f", name={name!r}" if name else ""
        if self.rng.random() < 0.1:
            self.b.w.spellings.add("Input(batch_shape=)")
            self.b.emit(f"{v} = {self.b.w.input_ref()}(batch_shape={_t(['None'] + ['None' if d is None else d for d in shape])}{named})")
        else:
            self.b.emit(f"{v} = {self.b.w.input_ref()}(shape={_shape_src(shape)}{named})")
        return v

    def chain(self, x, shape, count, allow_mistake=True):
        def add(src, is_mistake):
            nonlocal x
            out = self.var()
            self.b.emit(f"{out} = {src}({x})", is_mistake)
            x = out
        shape, mistaken = _body_layers(self.b, self.gen, shape, count, add, allow_mistake)
        return x, shape, mistaken

    def merge(self, kind: str, tensors: list, mistake=False) -> str:
        b = self.b
        function = self.rng.random() < 0.4 and kind in ("Concatenate", "Add", "Multiply", "Average", "Subtract", "Maximum", "Minimum")
        b.w.families.add("merging")
        out = self.var()
        if function:
            name = kind.lower()
            b.w.spellings.add("merge function")
            b.emit(f"{out} = {b.w.ref(name)}([{', '.join(tensors)}])", mistake)
        else:
            args = ""
            if kind == "Dot":
                args = "axes=1"
            b.emit(f"{out} = {b.w.ref(kind)}({args})([{', '.join(tensors)}])", mistake)
        return out

    def branches(self, x, shape):
        """Two branches that keep the spatial size, then a merge."""
        b = self.b
        b.w.spellings.add("branches")
        if len(shape) == 3:
            f1, f2 = self.gen.filters(), self.gen.filters()
            k = self.rng.choice([1, 3, 5])
            a = self.apply(Call("Conv2D", [Arg("filters", str(f1), True), Arg("kernel_size", "1", True), Arg("padding", "'same'")], "conv"), x)
            c = self.apply(Call("Conv2D", [Arg("filters", str(f2), True), Arg("kernel_size", str(k), True), Arg("padding", "'same'")], "conv"), x)
            mistake = b.want_mistake and b.mistake_index is None and self.rng.random() < 0.5
            if mistake:  # a valid convolution on one branch only: the sizes no longer match
                c = self.apply(Call("Conv2D", [Arg("filters", str(f2), True), Arg("kernel_size", "3", True)], "conv"), c)
                b.mistake = "concat_mismatch"
                return self.merge("Concatenate", [a, c], mistake=True), shape, True
            return self.merge("Concatenate", [a, c]), (shape[0], shape[1], f1 + f2), False
        if len(shape) == 2:
            u1, u2 = self.rng.choice([16, 32]), self.rng.choice([16, 32])
            a = self.apply(Call("Conv1D", [Arg("filters", str(u1), True), Arg("kernel_size", "3", True), Arg("padding", "'same'")], "conv"), x)
            c = self.apply(Call("Dense", [Arg("units", str(u2), True)], "dense"), x)
            return self.merge("Concatenate", [a, c]), (shape[0], u1 + u2), False
        u = self.gen.units()
        a = self.apply(Call("Dense", [Arg("units", str(u), True)], "dense"), x)
        c = self.apply(Call("Dense", [Arg("units", str(u), True)], "dense"), x)
        kind = self.rng.choice(["Add", "Multiply", "Average", "Subtract", "Maximum", "Minimum", "Concatenate", "Dot"])
        out_shape = (2 * u,) if kind == "Concatenate" else (1,) if kind == "Dot" else (u,)
        return self.merge(kind, [a, c]), out_shape, False

    def residual(self, x, shape):
        """A residual block; a projection shortcut when the channels change."""
        b = self.b
        b.w.spellings.add("residual")
        c = shape[-1]
        f = self.rng.choice([c, c, self.gen.filters()])
        conv = "Conv2D" if len(shape) == 3 else "Conv1D"
        y = self.apply(Call(conv, [Arg("filters", str(f), True), Arg("kernel_size", "3", True), Arg("padding", "'same'"),
                                   Arg("activation", "'relu'")], "conv"), x)
        y = self.apply(Call("BatchNormalization", [], "normalization"), y)
        shortcut = x
        mistake = False
        if f != c:
            if b.want_mistake and b.mistake_index is None and self.rng.random() < 0.5:
                mistake = True  # forgot the projection
                b.mistake = "residual_without_projection"
            else:
                shortcut = self.apply(Call(conv, [Arg("filters", str(f), True), Arg("kernel_size", "1", True)], "conv"), x, stem="shortcut")
        out = self.merge("Add", [y, shortcut], mistake=mistake)
        return out, shape[:-1] + (f,), mistake


def _functional(b: Builder) -> None:
    fb = Functional(b)
    gen = fb.gen
    kind, shape, vocab = draw_input(b.rng)
    b.w.spellings.add("functional")
    inputs = [fb.input(shape)]
    x = inputs[0]
    if kind == "tokens":
        emb, shape = b.embedding(vocab, shape[0], False)
        x = fb.apply(emb, x)
    outputs = []
    mistaken = False
    structure = b.rng.choice(["chain", "branches", "residual", "two_inputs", "two_outputs", "state", "nested", "shared", "attention"])
    b.w.spellings.add(f"structure:{structure}")
    x, shape, mistaken = fb.chain(x, shape, b.rng.randint(0, 3), allow_mistake=structure == "chain")
    if not mistaken and any(d is not None and d <= 0 for d in shape):
        mistaken = True
    if mistaken:
        outputs = [x]
    elif structure == "branches" and len(shape) in (1, 2, 3) and all(d is not None for d in shape):
        x, shape, mistaken = fb.branches(x, shape)
    elif structure == "residual" and len(shape) in (2, 3) and all(d is not None for d in shape):
        x, shape, mistaken = fb.residual(x, shape)
    elif structure == "state" and len(shape) == 2:
        cell = b.rng.choice(["LSTM", "GRU"])
        units = b.rng.choice([32, 64, 128])
        seqs = b.rng.random() < 0.5
        args = [Arg("units", str(units), True), Arg("return_state", "True")]
        if seqs:
            args.insert(1, Arg("return_sequences", "True"))
        names = ["seq" if seqs else "last", "state_h"] + (["state_c"] if cell == "LSTM" else [])
        b.emit(f"{', '.join(names)} = {b.w.render(Call(cell, args, 'recurrent'))}({x})")
        b.w.spellings.add("return_state")
        states = names[1:]
        if len(states) == 2 and b.rng.random() < 0.5:
            x = fb.merge("Concatenate", states)
            shape = (2 * units,)
        else:
            x, shape = states[0], (units,)
        if seqs and b.rng.random() < 0.5:
            extra = fb.apply(Call("GlobalAveragePooling1D", [], "pooling"), names[0])
            x = fb.merge("Concatenate", [x, extra])
            shape = (shape[0] + units,)
    elif structure == "two_inputs":
        n = b.rng.choice([4, 10, 16])
        second = fb.input((n,), name="meta")
        inputs.append(second)
        head_calls = _head(b, gen, shape)[:-1] if len(shape) > 1 else []
        for call in head_calls:
            x = fb.apply(call, x)
        if len(shape) == 2 and head_calls and head_calls[0].cls in ("LSTM", "GRU"):
            shape = (int(head_calls[0].args[0].value),)
        elif len(shape) > 1:
            shape = (shape[-1],) if head_calls[0].cls != "Flatten" else (math.prod(shape),)
        m = fb.apply(Call("Dense", [Arg("units", "16", True), Arg("activation", "'relu'")], "dense"), second)
        x = fb.merge("Concatenate", [x, m])
        shape = (shape[0] + 16,)
    elif structure == "nested":
        b.w.spellings.add("nested model")
        units = b.rng.choice([32, 64])
        head = _head(b, gen, shape)[:-1]
        inner = [b.w.render(c) for c in head] + [b.w.render(Call("Dense", [Arg("units", str(units), True), Arg("activation", "'relu'")], "dense"))]
        # the nested model is defined before the outer graph; insert it after the imports
        b.lines.insert(0, "")
        b.lines.insert(0, f"encoder = {b.style.sequential}([{', '.join(inner)}], name='encoder')")
        previous, x = x, fb.var()
        b.emit(f"{x} = encoder({previous})")
        shape = (units,)
    elif structure == "shared" and len(shape) == 1:
        b.w.spellings.add("shared layer")
        second = fb.input(shape)
        inputs.append(second)
        units = gen.units()
        b.emit(f"shared = {b.w.render(Call('Dense', [Arg('units', str(units), True), Arg('activation', repr('relu'))], 'dense'))}")
        left, right = fb.var(), fb.var()
        b.emit(f"{left} = shared({x})")
        b.emit(f"{right} = shared({second})")
        x = fb.merge(b.rng.choice(["Concatenate", "Subtract", "Multiply"]), [left, right])
        shape = (units * 2,) if b.lines[-1].find("oncatenate") >= 0 else (units,)
    elif structure == "attention" and len(shape) == 2 and all(d is not None for d in shape):
        b.w.spellings.add("attention")
        b.w.families.add("attention")
        if b.rng.random() < 0.6:
            heads, key = b.rng.choice([2, 4, 8]), b.rng.choice([16, 32, 64])
            mha = Call("MultiHeadAttention", [Arg("num_heads", str(heads), True), Arg("key_dim", str(key), True)], "attention")
            out = fb.var()
            b.emit(f"{out} = {b.w.render(mha)}({x}, {x})")
            if b.rng.random() < 0.6:
                out = fb.merge("Add", [x, out])
                out = fb.apply(Call("LayerNormalization", [], "normalization"), out)
            x = out
        elif b.rng.random() < 0.3:
            heads = b.rng.choice([4, 8])
            gqa = Call("GroupQueryAttention", [Arg("head_dim", str(b.rng.choice([16, 32])), True), Arg("num_query_heads", str(heads), True),
                                               Arg("num_key_value_heads", str(heads // 2), True)], "attention", (3,))
            out = fb.var()
            b.emit(f"{out} = {b.w.render(gqa)}({x}, {x})")
            x = out
        else:
            kind_ = b.rng.choice(["Attention", "AdditiveAttention"])
            out = fb.var()
            b.emit(f"{out} = {b.w.ref(kind_)}()([{x}, {x}])")
            x = out
    if not mistaken:
        x2, shape, mistaken = fb.chain(x, shape, b.rng.randint(0, 2), allow_mistake=b.mistake_index is None)
        x = x2
    if mistaken:
        outputs = [x]
    else:
        head = _head(b, gen, shape)
        for call in head[:-1]:
            x = fb.apply(call, x)
        if structure == "two_outputs":
            b.w.spellings.add("two outputs")
            first = fb.apply(head[-1], x, stem="out")
            second = fb.apply(Call("Dense", [Arg("units", "1", True), Arg("name", "'score'")], "dense"), x, stem="out")
            outputs = [first, second]
        else:
            outputs = [fb.apply(head[-1], x, stem="out")]
    model = b.style.model
    ins = inputs[0] if len(inputs) == 1 else "[" + ", ".join(inputs) + "]"
    outs = outputs[0] if len(outputs) == 1 else "[" + ", ".join(outputs) + "]"
    if b.rng.random() < 0.5:
        b.emit(f"model = {model}(inputs={ins}, outputs={outs})")
    else:
        b.emit(f"model = {model}({ins}, {outs})")


def generate(seed: int) -> Program:
    b = Builder(seed)
    if b.rng.random() < 0.45:
        _sequential(b)
    else:
        _functional(b)
    return b.finish()


def generate_many(seed: int, count: int, generation: int | None = None, only: bool = False) -> list:
    """``count`` programs from consecutive seeds, those valid for ``generation`` (all
    when None); with ``only``, those valid for that generation only (its own spellings)."""
    out, s = [], seed
    while len(out) < count:
        p = generate(s)
        s += 1
        if generation is None or (p.generations == (generation,) if only else generation in p.generations):
            out.append(p)
    return out


# -- comparing kerascheck with real Keras ----------------------------------------------


def statement_lines(source: str, line: int) -> range:
    """The lines of the innermost statement that contains ``line``."""
    best = None
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno):
            if best is None or (node.end_lineno - node.lineno) <= (best.end_lineno - best.lineno):
                best = node
    if best is None:
        return range(line, line + 1)
    return range(best.lineno, best.end_lineno + 1)


def _row(layer) -> dict:
    from kerascheck import dims

    def as_json(shape):  # one shape, or a list of them for several outputs, as the harness gives them
        if isinstance(shape, list):
            return [as_json(item) for item in shape]
        return None if shape is None else [dims.to_json(d) for d in shape]

    return {"name": layer.name, "type": layer.type, "output_shape": as_json(layer.output_shape),
            "trainable": dims.to_json(layer.trainable), "non_trainable": dims.to_json(layer.non_trainable)}


def compare(source: str, reference: dict, generation: int) -> list:
    """Every disagreement between kerascheck and real Keras on one program ([] when none).

    * Keras raised: kerascheck reports at least one error, every error inside
      the statement Keras raised in (one line for ``model.add(...)`` or
      ``x = Layer(...)(x)``; the whole ``Sequential([...])`` call for a list).
    * Keras built every model: no error from kerascheck, and for each model
      Keras created, a model of kerascheck's at the same line with the same
      layers (count, names, types, output shapes, trainable and non-trainable
      parameters, and so the totals); no model of kerascheck's that Keras
      did not create.
    """
    from kerascheck.engine import check_source
    from kerascheck.settings import Settings
    from kerascheck.target import Target

    ours = check_source(source, settings=Settings(target=Target((generation,), f"the judge: Keras {generation}")))
    problems = []
    errors = sorted({d.span.line for d in ours.diagnostics if d.severity == "error"})
    if reference.get("error") is not None:
        where = reference.get("error_line")
        if where is None:
            return [f"Keras raised outside the program ({reference['error']})"]
        lines = statement_lines(source, where)
        if not errors:
            problems.append(f"Keras raised at line {where} ({reference['error'][:300]}); kerascheck reports no error")
        stray = [line for line in errors if line not in lines]
        if stray:
            problems.append(f"kerascheck errors at lines {stray}, outside the statement at lines "
                            f"{lines.start}-{lines.stop - 1} where Keras raised ({reference['error'][:300]})")
        return problems
    if errors:
        detail = "; ".join(f"{d.span.line}: {d.code} {d.message[:160]}" for d in ours.diagnostics if d.severity == "error")
        problems.append(f"Keras built the program but kerascheck reports errors: {detail}")
    predicted = {model.span.line: model for model in ours.models}
    seen = set()
    for model in reference["models"]:
        line = model["line"]
        seen.add(line)
        mine = predicted.get(line)
        if mine is None:
            problems.append(f"Keras built model {model['name']!r} at line {line}; kerascheck found no model there "
                            f"(it has models at lines {sorted(predicted)})")
            continue
        expected = model["layers"]
        got = [_row(layer) for layer in mine.layers]
        if len(got) != len(expected):
            problems.append(f"model at line {line}: Keras has {len(expected)} layers {[l['name'] for l in expected]}, "
                            f"kerascheck {len(got)} {[l['name'] for l in got]}")
        for mine_row, keras_row in zip(got, expected):
            if mine_row != keras_row:
                diff = {k: (mine_row[k], keras_row[k]) for k in keras_row if mine_row.get(k) != keras_row[k]}
                problems.append(f"model at line {line}, layer {keras_row['name']}: (kerascheck, keras) {diff}")
    for line in sorted(set(predicted) - seen):
        problems.append(f"kerascheck predicts a model at line {line} that Keras never created")
    return problems


# -- judging with real Keras -------------------------------------------------------------


def judge(sources: list, generation: int, folder: str, chunk: int = 400) -> list:
    """What real Keras of ``generation`` does with each source: one harness
    subprocess per ``chunk`` programs (weights initialised as zeros)."""
    import inspect
    from pathlib import Path

    from tests.conftest import run_keras

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    takes_generation = "generation" in inspect.signature(run_keras).parameters
    if generation != 3 and not takes_generation:
        raise RuntimeError("tests/conftest.run_keras has no generation= yet: no Keras 2 judge")
    results = []
    for start in range(0, len(sources), chunk):
        jobs = []
        for index, source in enumerate(sources[start:start + chunk], start):
            path = folder / f"program_{generation}_{index:05d}.py"
            path.write_text(source, encoding="utf-8")
            jobs.append({"path": str(path)})
        kwargs = {"generation": generation} if takes_generation else {}
        results.extend(run_keras(jobs, fast_init=True, **kwargs))
    return results
