"""Convolution layers: Conv1D/2D/3D and their Keras 1 spellings."""

from __future__ import annotations

from .. import dims
from .geometry import join_channels, padding_of, split_channels, window_formula, window_output
from .registry import Args, Inference, InferFn, ShapeError, layer

_CONV_KEYWORDS = (
    "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias",
    "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
    "kernel_constraint", "bias_constraint", "lora_rank", "lora_alpha",
)
_POSITIONAL = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias")
#: Keras 1 positional order after the kernel's own sizes.
_KERAS1_TAIL = ("kernel_initializer", "activation", "weights", "padding", "strides", "data_format")
#: Keras 1 names of the kernel sizes, per rank.
_KERAS1_KERNEL = {1: ("kernel_size",), 2: ("nb_row", "nb_col"), 3: ("kernel_dim1", "kernel_dim2", "kernel_dim3")}
_AXES = {1: "(batch, steps, channels)", 2: "(batch, height, width, channels)", 3: "(batch, depth, height, width, channels)"}


def kernel_size(args: Args, rank: int) -> tuple:
    """``kernel_size``, or Keras 1's ``nb_row``/``nb_col``/``kernel_dimN``."""
    legacy = _KERAS1_KERNEL[rank]
    if rank > 1 and legacy[0] in args:
        return tuple(args.dim(name) for name in legacy)
    return args.dims("kernel_size", rank)


def convolution(name: str, rank: int) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        first = args.channels_first()
        spatial, channels = split_channels(x, first)
        kernel = kernel_size(args, rank)
        strides = args.dims("strides", rank, 1)
        dilation = args.dims("dilation_rate", rank, 1)
        padding = padding_of(args)
        if padding == "causal" and rank != 1:
            raise ShapeError("KC302", f"{name}: padding='causal' is only for Conv1D")
        filters, groups = args.dim("filters"), args.dim("groups", 1)
        out = window_output(name, spatial, kernel, strides, padding, dilation)
        weights = dims.mul(dims.mul(dims.product(kernel), dims.floordiv(channels, groups)), filters)
        bias = filters if args.flag("use_bias", True) else 0
        return Inference(
            join_channels(x[0], out, filters, first),
            dims.add(weights, bias),
            formula=window_formula(spatial, kernel, strides, padding, out),
        )

    legacy = ("filters", *_KERAS1_KERNEL[rank], *_KERAS1_TAIL)
    keywords = (*_CONV_KEYWORDS, *_KERAS1_KERNEL[rank])
    aliases = (f"Convolution{rank}D",)
    layer(name, "convolutional", _POSITIONAL, keywords, aliases=aliases, legacy_positional=legacy,
          rank=rank + 2, axes=_AXES[rank])(infer)
    return infer


conv1d = convolution("Conv1D", 1)
conv2d = convolution("Conv2D", 2)
conv3d = convolution("Conv3D", 3)
