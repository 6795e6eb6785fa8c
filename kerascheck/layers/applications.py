"""Pretrained bases from ``keras.applications``: ResNet50, VGG16, EfficientNetB0...

Transfer learning puts one of these first in most image models. Their shapes
and parameter counts come from ``applications.json``, generated with real
Keras by ``scripts/generate_applications.py`` (see its docstring for the
fields): the spatial path from the input to the feature map, replayed on any
input size, and parameter counts linear in the input channels and classes.
Names are the generation's own: tf_keras calls ``MobileNetV3Small``'s model
``MobilenetV3small`` and counts the layers it builds differently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Optional

from .. import dims
from ..dims import Dim, format_dim
from .geometry import BAD_RANK, NON_POSITIVE, join_channels, split_channels, window_output
from .registry import Args, Inference, InferFn, ShapeError, Undetermined, keras_signatures, layer

TABLE: Mapping[str, Any] = json.loads(Path(__file__).with_name("applications.json").read_text(encoding="utf-8"))

#: Arguments that change neither shapes nor parameter counts (at these values).
_NEUTRAL = {
    "include_top", "weights", "input_shape", "pooling", "classes", "classifier_activation", "name",
    "dropout_rate", "drop_connect_rate", "dropout", "include_preprocessing", "input_tensor",
}
_DEFAULTS = {"alpha": 1.0, "depth_multiplier": 1, "minimalistic": False, "input_tensor": None}
#: Whose names (the table's ``name`` and ``auto_names``, measured per
#: generation) a file of each Keras generation gets: Keras 3's or tf_keras'.
#: Keras 1 is not measured (no Keras 1 to build with): its files get tf_keras'
#: names, as kerascheck names a Keras 1 file's other layers the Keras 2 way
#: too (``NameCounter``).
_MEASURED = {1: "2", 2: "2", 3: "3"}


def _axis(op: list, n: Dim, index: int) -> Dim:
    """One spatial axis through one recorded operation."""
    kind = op[0]
    if n is None:
        return None
    if kind == "window":
        _, window, strides, dilation, padding = op
        return window_output("feature map", (n,), (window[index],), (strides[index],), padding, (dilation[index],))[0]
    if kind == "pad":
        return dims.add(n, sum(op[1][index]))
    if kind == "crop":
        return dims.sub(n, sum(op[1][index]))
    if not isinstance(n, int):  # correct_pad: Keras pads by the parity of the size
        raise Undetermined("the feature map's size depends on the parity of a symbolic input size")
    half = op[1][index]
    return n + (half - (1 - n % 2)) + half


def feature_map(entry: Mapping, spatial: tuple) -> tuple:
    """The feature map's spatial sizes for an input of ``spatial`` sizes."""
    out = []
    for index, n in enumerate(spatial):
        for op in entry["chain"]:
            n = _axis(op, n, index)
        out.append(n)
    return tuple(out)


def _linear(coefficients: list, *values: Dim) -> Dim:
    total: Dim = coefficients[0]
    for coefficient, value in zip(coefficients[1:], values):
        total = dims.add(total, dims.mul(coefficient, value))
    return total


def _check_input(name: str, entry: Mapping, args: Args, spatial: tuple, channels: Dim, include_top: bool) -> None:
    """The errors ``imagenet_utils.obtain_input_shape`` raises for certain."""
    given = args.raw("input_shape")
    if not isinstance(given, (tuple, list)):
        return
    imagenet = args.raw("weights", "imagenet") == "imagenet"
    if imagenet and isinstance(channels, int) and channels != 3:
        raise ShapeError(BAD_RANK, f"{name}: imagenet weights need 3 input channels, got {channels}")
    size = entry["default_size"]
    if imagenet and include_top and not entry.get("any_size") and any(isinstance(n, int) and n != size for n in spatial):
        raise ShapeError(BAD_RANK, f"{name}: with include_top=True and imagenet weights the input must be "
                         f"{size}x{size}, got {'x'.join(format_dim(n) for n in spatial)}")
    least = entry["min_size"]
    if least and any(isinstance(n, int) and n < least for n in spatial):
        raise ShapeError(NON_POSITIVE, f"{name}: the input must be at least {least}x{least}, "
                         f"got {'x'.join(format_dim(n) for n in spatial)}")


def application(name: str, entry: Mapping) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        for keyword, value in args.values.items():
            if keyword not in _NEUTRAL and value != _DEFAULTS.get(keyword, value):
                raise Undetermined(f"{name}: `{keyword}={value!r}` is not in kerascheck's table")
        if args.raw("input_tensor") is not None:
            raise Undetermined(f"{name}: the shape of `input_tensor` is not known statically")
        first = args.channels_first()
        spatial, channels = split_channels(x, first)
        include_top = args.flag("include_top", True)
        _check_input(name, entry, args, spatial, channels, include_top)
        out = feature_map(entry, spatial)
        base = entry["base"]
        trainable = _linear(base["trainable"], channels)
        frozen = _linear(base["non_trainable"], channels)
        if include_top:
            classes = args.dim("classes", 1000)
            trainable = dims.add(trainable, _linear(entry["top"], classes, dims.product(out)))
            return Inference((x[0], classes), trainable, dims.add(frozen, entry["top_non_trainable"]))
        pooling = args.raw("pooling")
        if pooling in ("avg", "max"):
            return Inference((x[0], entry["channels"]), trainable, frozen)
        if pooling is not None:
            raise Undetermined("`pooling` is not known statically")
        return Inference(join_channels(x[0], out, entry["channels"], first), trainable, frozen)

    def default_name(args: Args) -> Optional[str]:
        shape = args.raw("input_shape")
        rows = shape[0] if isinstance(shape, (tuple, list)) and isinstance(shape[0], int) else entry["default_size"]
        return entry["name"][_MEASURED[args.keras_generation]].replace("{rows}", str(rows))

    def generated_names(args: Args) -> Mapping[str, int]:
        counters = entry["auto_names"][_MEASURED[args.keras_generation]]
        return counters["base" if args.raw("include_top", True) is False else "top"]

    positional = tuple(keras_signatures().get(name, {}).get("params", ()))
    layer(name, "applications", positional, rank=4, axes="(batch, height, width, channels)", keras_type="Functional",
          default_name=default_name, generated_names=generated_names, needs="input_shape (or the previous layer's output), include_top, pooling, classes")(infer)
    return infer


for _name, _entry in TABLE.items():
    application(_name, _entry)
