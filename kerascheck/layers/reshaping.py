"""Reshaping layers: Flatten, Reshape, ZeroPadding2D, UpSampling2D."""

from __future__ import annotations

from .. import dims
from ..dims import format_dim
from .geometry import RESHAPE_SIZE, join_channels, split_channels
from .registry import Args, Inference, ShapeError, Undetermined, as_dim, layer


def _shown(shape: tuple) -> str:
    return "(" + ", ".join(format_dim(d) for d in shape) + ")"


@layer("Flatten", "reshaping", ("data_format",))
def flatten(args: Args, x: tuple) -> Inference:
    return Inference((x[0], dims.product(x[1:])))


@layer("Reshape", "reshaping", ("target_shape",), ("dims",))
def reshape(args: Args, x: tuple) -> Inference:
    target = args.raw("target_shape", args.raw("dims"))
    if not isinstance(target, (tuple, list)):
        raise Undetermined("`target_shape` is not known statically")
    target = tuple(args.dims("target_shape" if "target_shape" in args else "dims", len(target)))
    size = dims.product(x[1:])
    unknown = [index for index, d in enumerate(target) if d == -1]
    if len(unknown) > 1:
        raise ShapeError("KC301", f"Reshape: at most one -1 is allowed in target_shape {_shown(target)}")
    known = dims.product(d for d in target if d != -1)
    if unknown:
        if isinstance(size, int) and isinstance(known, int) and known > 0 and size % known:
            raise ShapeError(RESHAPE_SIZE, f"Reshape: cannot reshape {size} elements of {_shown(x)} "
                             f"into {_shown(target)}: {size} is not a multiple of {known}")
        fill = dims.floordiv(size, known) if size is not None else None
        target = tuple(fill if index in unknown else d for index, d in enumerate(target))
    elif isinstance(size, int) and isinstance(known, int) and size != known:
        raise ShapeError(RESHAPE_SIZE, f"Reshape: input {_shown(x)} has {size} elements per sample "
                         f"but target_shape {_shown(target)} has {known}")
    return Inference((x[0], *target))


def _pairs(args: Args, name: str, default: object, rank: int) -> tuple:
    """``padding``/``cropping``: int, per-axis ints, or per-axis (before, after)."""
    value = args.raw(name, default)
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, (tuple, list)) for v in value):
        return tuple(tuple(as_dim(v, name) for v in pair) for pair in value)
    return tuple((d, d) for d in args.dims(name, rank, default))


@layer("ZeroPadding2D", "reshaping", ("padding", "data_format"), rank=4, axes="(batch, height, width, channels)")
def zero_padding2d(args: Args, x: tuple) -> Inference:
    first = args.channels_first()
    spatial, channels = split_channels(x, first)
    pads = _pairs(args, "padding", 1, 2)
    out = tuple(dims.add(n, dims.add(before, after)) for n, (before, after) in zip(spatial, pads))
    return Inference(join_channels(x[0], out, channels, first))


@layer("UpSampling2D", "reshaping", ("size", "data_format", "interpolation"), rank=4, axes="(batch, height, width, channels)")
def up_sampling2d(args: Args, x: tuple) -> Inference:
    first = args.channels_first()
    spatial, channels = split_channels(x, first)
    size = args.dims("size", 2, 2)
    return Inference(join_channels(x[0], tuple(dims.mul(n, s) for n, s in zip(spatial, size)), channels, first))
