"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, Cropping, ZeroPadding, UpSampling."""

from __future__ import annotations

from .. import dims
from ..dims import format_dim, format_shape
from .geometry import AXES, AXIS_NAMES, NON_POSITIVE, RESHAPE_SIZE, join_channels, rank_error, split_channels
from .registry import Args, Inference, InferFn, ShapeError, Undetermined, as_dim, layer


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
        raise ShapeError("KC301", f"Reshape: at most one -1 is allowed in target_shape {format_shape(target)}")
    known = dims.product(d for d in target if d != -1)
    if unknown:
        if isinstance(size, int) and isinstance(known, int) and known > 0 and size % known:
            raise ShapeError(RESHAPE_SIZE, f"Reshape: cannot reshape {size} elements of {format_shape(x)} "
                             f"into {format_shape(target)}: {size} is not a multiple of {known}")
        fill = dims.floordiv(size, known) if size is not None else None
        target = tuple(fill if index in unknown else d for index, d in enumerate(target))
    elif isinstance(size, int) and isinstance(known, int) and size != known:
        raise ShapeError(RESHAPE_SIZE, f"Reshape: input {format_shape(x)} has {size} elements per sample "
                         f"but target_shape {format_shape(target)} has {known}")
    return Inference((x[0], *target))


def _pairs(args: Args, name: str, default: object, rank: int) -> tuple:
    """``padding``/``cropping``: int, per-axis ints, or per-axis (before, after);
    in 1D a pair is (before, after)."""
    value = args.raw(name, default)
    if rank == 1:
        return (tuple(args.dims(name, 2, default)),)
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, (tuple, list)) for v in value):
        if len(value) != rank or any(len(pair) != 2 for pair in value):
            raise ShapeError("KC301", f"{args.layer}: `{name}` must have {rank} (before, after) pairs")
        return tuple(tuple(as_dim(v, name) for v in pair) for pair in value)
    return tuple((d, d) for d in args.dims(name, rank, default))


def _spatial(args: Args, x: tuple, rank: int, has_format: bool) -> tuple:
    """(channels first?, spatial dims, channels) of a (batch, *spatial, channels) input."""
    first = has_format and args.channels_first()
    spatial, channels = split_channels(x, first)
    return first, spatial, channels


def zero_padding(name: str, rank: int) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        first, spatial, channels = _spatial(args, x, rank, True)
        pads = _pairs(args, "padding", 1, rank)
        out = tuple(dims.add(n, dims.add(before, after)) for n, (before, after) in zip(spatial, pads))
        return Inference(join_channels(x[0], out, channels, first))

    layer(name, "reshaping", ("padding", "data_format"), rank=rank + 2, axes=AXES[rank])(infer)
    return infer


#: Keras' default crop per side, by rank: (1, 1), ((0, 0), (0, 0)), ((1, 1),) * 3.
_CROP_DEFAULT = {1: 1, 2: 0, 3: 1}


def cropping(name: str, rank: int) -> InferFn:
    """Keras raises when the crop leaves nothing of an axis."""

    def infer(args: Args, x: tuple) -> Inference:
        first, spatial, channels = _spatial(args, x, rank, rank > 1)
        out = []
        for axis, n, (before, after) in zip(AXIS_NAMES[rank], spatial, _pairs(args, "cropping", _CROP_DEFAULT[rank], rank)):
            size = dims.sub(n, dims.add(before, after))
            if isinstance(size, int) and size <= 0:
                raise ShapeError(NON_POSITIVE, f"{name}: cropping {format_dim(before)} + {format_dim(after)} "
                                 f"leaves nothing of the input {axis} {format_dim(n)}")
            out.append(size)
        return Inference(join_channels(x[0], tuple(out), channels, first))

    positional = ("cropping",) if rank == 1 else ("cropping", "data_format")
    layer(name, "reshaping", positional, rank=rank + 2, axes=AXES[rank])(infer)
    return infer


def up_sampling(name: str, rank: int) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        first, spatial, channels = _spatial(args, x, rank, rank > 1)
        size = args.dims("size", rank, 2)
        return Inference(join_channels(x[0], tuple(dims.mul(n, s) for n, s in zip(spatial, size)), channels, first))

    positional = {1: ("size",), 2: ("size", "data_format", "interpolation"), 3: ("size", "data_format")}[rank]
    layer(name, "reshaping", positional, rank=rank + 2, axes=AXES[rank])(infer)
    return infer


zero_padding1d = zero_padding("ZeroPadding1D", 1)
zero_padding2d = zero_padding("ZeroPadding2D", 2)
zero_padding3d = zero_padding("ZeroPadding3D", 3)
cropping1d = cropping("Cropping1D", 1)
cropping2d = cropping("Cropping2D", 2)
cropping3d = cropping("Cropping3D", 3)
up_sampling1d = up_sampling("UpSampling1D", 1)
up_sampling2d = up_sampling("UpSampling2D", 2)
up_sampling3d = up_sampling("UpSampling3D", 3)


@layer("Permute", "reshaping", ("dims",), needs="`dims` (the input's rank must be len(dims) + 1)")
def permute(args: Args, x: tuple) -> Inference:
    order = args.raw("dims")
    if not isinstance(order, (tuple, list)) or not all(isinstance(d, int) for d in order):
        raise Undetermined("`dims` is not known statically")
    if len(x) != len(order) + 1:
        raise rank_error("Permute", f"a {len(order) + 1}D input for dims={tuple(order)}", x)
    return Inference((x[0], *(x[d] for d in order)))


@layer("RepeatVector", "reshaping", ("n",), rank=2, axes="(batch, features)")
def repeat_vector(args: Args, x: tuple) -> Inference:
    return Inference((x[0], args.dim("n"), x[1]))
