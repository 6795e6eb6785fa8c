"""Normalization layers."""

from __future__ import annotations

from .. import dims
from .registry import Args, Inference, ShapeError, layer

_BATCH_NORM_KEYWORDS = (
    "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
    "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
    "beta_constraint", "gamma_constraint", "renorm", "renorm_clipping", "renorm_momentum", "synchronized",
)


@layer("BatchNormalization", "normalization", ("axis",), (*_BATCH_NORM_KEYWORDS, "mode"))
def batch_normalization(args: Args, x: tuple) -> Inference:
    """gamma and beta are trained; the moving mean and variance are not."""
    axis = args.raw("axis", 1 if args.channels_first() else -1)
    if not isinstance(axis, int) or isinstance(axis, bool):
        axis = -1 if not args.channels_first() else 1
    if not -len(x) <= axis < len(x) or axis % len(x) == 0:
        raise ShapeError("KC102", f"BatchNormalization: axis {axis} is out of range for a {len(x)}D input")
    size = x[axis]
    learned = int(args.flag("center", True)) + int(args.flag("scale", True))
    return Inference(x, dims.mul(learned, size), dims.mul(2, size))
