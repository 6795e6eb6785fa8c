"""Pooling layers: windowed Max/Average 1D-3D, their global and adaptive forms."""

from __future__ import annotations

from .geometry import AXES, join_channels, padding_of, split_channels, window_formula, window_output
from .registry import KERAS3_ONLY, Args, Inference, InferFn, layer



def windowed(name: str, alias: str, rank: int) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        first = args.channels_first()
        spatial, channels = split_channels(x, first)
        pool = args.dims("pool_size", rank, 2)
        strides = args.dims("strides", rank, None) if args.raw("strides") is not None else pool
        padding = padding_of(args)
        out = window_output(name, spatial, pool, strides, padding, what="pool size")
        return Inference(join_channels(x[0], out, channels, first), formula=window_formula(spatial, pool, strides, padding, out))

    layer(name, "pooling", ("pool_size", "strides", "padding", "data_format"), aliases=(alias,), rank=rank + 2, axes=AXES[rank])(infer)
    return infer


def global_pooling(name: str, alias: str, rank: int) -> InferFn:
    def infer(args: Args, x: tuple) -> Inference:
        first = args.channels_first()
        spatial, channels = split_channels(x, first)
        if args.flag("keepdims", False):
            return Inference(join_channels(x[0], (1,) * len(spatial), channels, first))
        return Inference((x[0], channels))

    layer(name, "pooling", ("data_format", "keepdims"), aliases=(alias,), rank=rank + 2, axes=AXES[rank])(infer)
    return infer


def adaptive(name: str, rank: int) -> InferFn:
    """Pools to a fixed ``output_size`` whatever the input's spatial size."""

    def infer(args: Args, x: tuple) -> Inference:
        first = args.channels_first()
        _, channels = split_channels(x, first)
        return Inference(join_channels(x[0], args.dims("output_size", rank), channels, first))

    layer(name, "pooling", ("output_size", "data_format"), rank=rank + 2, axes=AXES[rank], generations=KERAS3_ONLY)(infer)
    return infer


max_pooling1d = windowed("MaxPooling1D", "MaxPool1D", 1)
max_pooling2d = windowed("MaxPooling2D", "MaxPool2D", 2)
max_pooling3d = windowed("MaxPooling3D", "MaxPool3D", 3)
average_pooling1d = windowed("AveragePooling1D", "AvgPool1D", 1)
average_pooling2d = windowed("AveragePooling2D", "AvgPool2D", 2)
average_pooling3d = windowed("AveragePooling3D", "AvgPool3D", 3)
global_max_pooling1d = global_pooling("GlobalMaxPooling1D", "GlobalMaxPool1D", 1)
global_max_pooling2d = global_pooling("GlobalMaxPooling2D", "GlobalMaxPool2D", 2)
global_max_pooling3d = global_pooling("GlobalMaxPooling3D", "GlobalMaxPool3D", 3)
global_average_pooling1d = global_pooling("GlobalAveragePooling1D", "GlobalAvgPool1D", 1)
global_average_pooling2d = global_pooling("GlobalAveragePooling2D", "GlobalAvgPool2D", 2)
global_average_pooling3d = global_pooling("GlobalAveragePooling3D", "GlobalAvgPool3D", 3)
adaptive_average_pooling1d = adaptive("AdaptiveAveragePooling1D", 1)
adaptive_average_pooling2d = adaptive("AdaptiveAveragePooling2D", 2)
adaptive_average_pooling3d = adaptive("AdaptiveAveragePooling3D", 3)
adaptive_max_pooling1d = adaptive("AdaptiveMaxPooling1D", 1)
adaptive_max_pooling2d = adaptive("AdaptiveMaxPooling2D", 2)
adaptive_max_pooling3d = adaptive("AdaptiveMaxPooling3D", 3)
