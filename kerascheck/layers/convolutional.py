"""Convolution layers: Conv, ConvTranspose, SeparableConv, DepthwiseConv, 1D-3D, with legacy spellings."""

from __future__ import annotations

from dataclasses import dataclass

from .. import dims
from ..dims import Dim, format_dim
from .geometry import AXES, defined_channels, join_channels, padding_of, split_channels, window_formula, window_output
from .registry import Args, Inference, InferFn, ShapeError, Undetermined, layer

_CONV_KEYWORDS = (
    "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias",
    "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
    "kernel_constraint", "bias_constraint", "lora_rank", "lora_alpha",
)
_POSITIONAL = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias")
_TRANSPOSE_POSITIONAL = ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate", "activation", "use_bias")
#: Conv3DTranspose puts data_format before output_padding.
_TRANSPOSE3D_POSITIONAL = ("filters", "kernel_size", "strides", "padding", "data_format", "output_padding", "dilation_rate", "activation", "use_bias")
_SEPARABLE_POSITIONAL = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier", "activation", "use_bias")
_DEPTHWISE_POSITIONAL = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate", "activation", "use_bias")
#: Keras 1 positional order after the kernel's own sizes.
_KERAS1_TAIL = ("kernel_initializer", "activation", "weights", "padding", "strides", "data_format")
#: Keras 1 names of the kernel sizes, per rank.
_KERAS1_KERNEL = {1: ("kernel_size",), 2: ("nb_row", "nb_col"), 3: ("kernel_dim1", "kernel_dim2", "kernel_dim3")}


def kernel_size(args: Args, rank: int) -> tuple:
    """``kernel_size``, or Keras 1's ``nb_row``/``nb_col``/``kernel_dimN``."""
    legacy = _KERAS1_KERNEL[rank]
    if rank > 1 and legacy[0] in args:
        return tuple(args.dim(name) for name in legacy)
    return args.dims("kernel_size", rank)


@dataclass(frozen=True)
class Window:
    """A convolution's reading of its input and arguments, shared by every kind."""

    channels_first: bool
    batch: Dim
    spatial: tuple
    channels: Dim
    kernel: tuple
    strides: tuple
    dilation: tuple
    padding: str

    def output(self, name: str) -> tuple:
        return window_output(name, self.spatial, self.kernel, self.strides, self.padding, self.dilation)

    def join(self, spatial: tuple, channels: Dim) -> tuple:
        return join_channels(self.batch, spatial, channels, self.channels_first)

    def formula(self, out: tuple) -> str:
        return window_formula(self.spatial, self.kernel, self.strides, self.padding, out)


def read_window(name: str, args: Args, x: tuple, rank: int, causal: bool = True) -> Window:
    first = args.channels_first()
    spatial, channels = split_channels(x, first)
    defined_channels(name, x, channels)
    padding = padding_of(args)
    if padding == "causal" and not (causal and rank == 1):
        raise ShapeError("KC302", f"{name}: padding='causal' is only for Conv1D")
    return Window(first, x[0], spatial, channels, kernel_size(args, rank), args.dims("strides", rank, 1),
                  args.dims("dilation_rate", rank, 1), padding)


def _bias(args: Args, size: Dim) -> Dim:
    return size if args.flag("use_bias", True) else 0


def convolution(name: str, rank: int) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        window = read_window(name, args, x, rank)
        filters, groups = args.dim("filters"), args.dim("groups", 1)
        if isinstance(window.channels, int) and isinstance(groups, int) and groups > 0 and window.channels % groups:
            raise ShapeError("KC102", f"{name}: the input's {window.channels} channels are not divisible by groups={groups}")
        out = window.output(name)
        weights = dims.mul(dims.mul(dims.product(window.kernel), dims.floordiv(window.channels, groups)), filters)
        return Inference(window.join(out, filters), dims.add(weights, _bias(args, filters)), formula=window.formula(out))

    legacy = ("filters", *_KERAS1_KERNEL[rank], *_KERAS1_TAIL)
    keywords = (*_CONV_KEYWORDS, *_KERAS1_KERNEL[rank])
    aliases = (f"Convolution{rank}D",)
    layer(name, "convolutional", _POSITIONAL, keywords, aliases=aliases, legacy_positional=legacy,
          rank=rank + 2, axes=AXES[rank])(infer)
    return infer


def _transposed_size(n: Dim, k: Dim, s: Dim, d: Dim, padding: str, extra: Dim) -> Dim:
    """Keras' ``_get_output_shape_given_tf_padding`` for one axis."""
    effective = dims.add(dims.mul(dims.sub(k, 1), d), 1)
    if padding == "valid":
        if extra is None:
            if not (isinstance(effective, int) and isinstance(s, int)):
                raise Undetermined("the kernel size and strides must be known")
            extra = max(effective, s) - effective
        return dims.add(dims.add(dims.mul(dims.sub(n, 1), s), effective), extra)
    if padding != "same":
        raise ShapeError("KC302", f"padding must be 'valid' or 'same', got {padding!r}")
    if extra is None:
        return dims.mul(n, s)
    if not isinstance(effective, int):
        raise Undetermined("the kernel size must be known")
    return dims.add(dims.add(dims.mul(dims.sub(n, 1), s), effective % 2), extra)


def transpose(name: str, rank: int, positional: tuple) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        window = read_window(name, args, x, rank, causal=False)
        filters = args.dim("filters")
        extra = args.dims("output_padding", rank) if args.raw("output_padding") is not None else (None,) * rank
        out = tuple(
            None if n is None else _transposed_size(n, k, s, d, window.padding, e)
            for n, k, s, d, e in zip(window.spatial, window.kernel, window.strides, window.dilation, extra)
        )
        weights = dims.mul(dims.mul(dims.product(window.kernel), window.channels), filters)
        shown = "; ".join(f"{format_dim(n)} -> {format_dim(o)}" for n, o in zip(window.spatial, out))
        return Inference(window.join(out, filters), dims.add(weights, _bias(args, filters)), formula=shown)

    aliases = (f"Convolution{rank}DTranspose",) + ((f"Deconvolution{rank}D", f"Deconv{rank}D") if rank > 1 else ())
    layer(name, "convolutional", positional, aliases=aliases, rank=rank + 2, axes=AXES[rank])(infer)
    return infer


def depthwise(name: str, rank: int) -> InferFn:
    """Each input channel convolved with ``depth_multiplier`` kernels of its own."""

    def infer(args: Args, x: tuple) -> Inference:
        window = read_window(name, args, x, rank, causal=False)
        channels = dims.mul(window.channels, args.dim("depth_multiplier", 1))
        out = window.output(name)
        weights = dims.mul(dims.product(window.kernel), channels)
        return Inference(window.join(out, channels), dims.add(weights, _bias(args, channels)), formula=window.formula(out))

    layer(name, "convolutional", _DEPTHWISE_POSITIONAL, rank=rank + 2, axes=AXES[rank])(infer)
    return infer


def separable(name: str, rank: int) -> InferFn:
    """A depthwise convolution followed by a 1x1 convolution to ``filters``."""

    def infer(args: Args, x: tuple) -> Inference:
        window = read_window(name, args, x, rank, causal=False)
        filters = args.dim("filters")
        middle = dims.mul(window.channels, args.dim("depth_multiplier", 1))
        out = window.output(name)
        weights = dims.add(dims.mul(dims.product(window.kernel), middle), dims.mul(middle, filters))
        return Inference(window.join(out, filters), dims.add(weights, _bias(args, filters)), formula=window.formula(out))

    layer(name, "convolutional", _SEPARABLE_POSITIONAL, aliases=(f"SeparableConvolution{rank}D",),
          rank=rank + 2, axes=AXES[rank])(infer)
    return infer


conv1d = convolution("Conv1D", 1)
conv2d = convolution("Conv2D", 2)
conv3d = convolution("Conv3D", 3)
conv1d_transpose = transpose("Conv1DTranspose", 1, _TRANSPOSE_POSITIONAL)
conv2d_transpose = transpose("Conv2DTranspose", 2, _TRANSPOSE_POSITIONAL)
conv3d_transpose = transpose("Conv3DTranspose", 3, _TRANSPOSE3D_POSITIONAL)
depthwise_conv1d = depthwise("DepthwiseConv1D", 1)
depthwise_conv2d = depthwise("DepthwiseConv2D", 2)
separable_conv1d = separable("SeparableConv1D", 1)
separable_conv2d = separable("SeparableConv2D", 2)
