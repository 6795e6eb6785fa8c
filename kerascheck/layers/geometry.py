"""Shape arithmetic shared by the layer groups: windows, axes, ranks.

These are Keras' own formulas (``keras/src/ops/operation_utils.py``), written
over symbolic dimensions so that ``img_rows - 4`` flows through a model.
"""

from __future__ import annotations

from typing import Optional

from .. import dims
from ..dims import Dim, format_dim, format_shape
from .registry import Args, Inference, ShapeError

#: Names of the spatial axes by count, for messages.
AXIS_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}

#: What a channels-last input's axes are, per spatial rank, for messages.
AXES = {1: "(batch, steps, channels)", 2: "(batch, height, width, channels)", 3: "(batch, depth, height, width, channels)"}

#: Rule codes of the shape rules.
NON_POSITIVE = "KC101"
BAD_RANK = "KC102"
RESHAPE_SIZE = "KC103"
DENSE_ON_ND = "KC104"
UNDEFINED_AXIS = "KC106"


def defined_last_axis(layer: str, shape: tuple) -> None:
    """A layer whose weights are sized by its input's last axis needs that size before
    the model runs: both Keras generations raise when it is None (variable length)."""
    if shape and shape[-1] is None:
        raise ShapeError(UNDEFINED_AXIS, f"{layer}: the last axis of its input {format_shape(shape)} is not defined "
                                         "(None), but its weights are sized by it")


def defined_channels(layer: str, shape: tuple, channels: Dim) -> None:
    """The same for a convolution's channel axis (``The channel dimension of the inputs should
    be defined`` in tf.keras 2; Keras 3 fails on the None while sizing the kernel)."""
    if channels is None:
        raise ShapeError(UNDEFINED_AXIS, f"{layer}: the channel axis of its input {format_shape(shape)} is not defined "
                                         "(None), but its weights are sized by it")


def split_channels(shape: tuple, channels_first: bool) -> tuple:
    """(spatial dims, channel dim) of a ``(batch, ..., channels)`` shape."""
    if channels_first:
        return shape[2:], shape[1]
    return shape[1:-1], shape[-1]


def join_channels(batch: Dim, spatial: tuple, channels: Dim, channels_first: bool) -> tuple:
    if channels_first:
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def window_output(
    layer: str,
    spatial: tuple,
    window: tuple,
    strides: tuple,
    padding: str,
    dilation: Optional[tuple] = None,
    what: str = "kernel size",
) -> tuple:
    """Output sizes of a sliding window (convolution or pooling).

    ``valid``: ``(n - d*(k-1) - 1) // s + 1``; ``same``/``causal``:
    ``(n - 1) // s + 1``. A known size that would be zero or negative is a
    :class:`ShapeError`, as Keras raises for it.
    """
    dilation = dilation or (1,) * len(spatial)
    out = []
    names = AXIS_NAMES.get(len(spatial), tuple(f"axis {i + 1}" for i in range(len(spatial))))
    for axis, n, k, s, d in zip(names, spatial, window, strides, dilation):
        if padding == "valid":
            effective = dims.add(dims.mul(d, dims.sub(k, 1)), 1)
            size = dims.add(dims.floordiv(dims.sub(n, effective), s), 1)
            if isinstance(size, int) and size <= 0:
                dilated = "" if effective == k else f" (dilated to {format_dim(effective)})"
                raise ShapeError(
                    NON_POSITIVE,
                    f"{layer}: input {axis} {format_dim(n)} < {what} {format_dim(k)}{dilated}; "
                    f"the output {axis} would be {size}",
                )
        elif padding in ("same", "causal"):
            size = dims.ceildiv(n, s)
        else:
            raise ShapeError("KC302", f"{layer}: padding must be 'valid' or 'same', got {padding!r}")
        out.append(size)
    return tuple(out)


def window_formula(spatial: tuple, window: tuple, strides: tuple, padding: str, out: tuple) -> str:
    """``(26 - 3) // 1 + 1 = 24`` per axis, for hovers."""
    parts = []
    for n, k, s, o in zip(spatial, window, strides, out):
        if padding == "valid":
            parts.append(f"({format_dim(n)} - {format_dim(k)}) // {format_dim(s)} + 1 = {format_dim(o)}")
        else:
            parts.append(f"({format_dim(n)} - 1) // {format_dim(s)} + 1 = {format_dim(o)}")
    return "; ".join(parts)


def padding_of(args: Args, default: str = "valid") -> str:
    padding = args.text("padding", default) or default
    return padding


def total(*counts: Dim) -> Dim:
    result: Dim = 0
    for count in counts:
        result = dims.add(result, count)
    return result


def rank_error(layer: str, expected: str, shape: tuple) -> ShapeError:
    return ShapeError(BAD_RANK, f"{layer}: expects {expected}, got a {len(shape)}D input {format_shape(shape)}")


def same_shape(args: Args, x: tuple) -> Inference:
    """The shape function of layers that change values, never shapes, and own no weights."""
    return Inference(x)
