"""Normalization layers: Batch, Layer, Group, Unit, RMS and Spectral normalization."""

from __future__ import annotations

from .. import dims
from ..dims import Dim
from .nesting import apply_inner, bind_inner
from .registry import KERAS3_ONLY, Args, Inference, ShapeError, Undetermined, layer

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


def _axes(args: Args, x: tuple, default: object = -1) -> tuple:
    """``axis`` as a tuple of ints, checked against the input's rank as Keras indexes it."""
    axis = args.raw("axis", default)
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
        raise Undetermined("`axis` is not known statically")
    for a in axes:
        if not -len(x) <= a < len(x):
            raise ShapeError("KC102", f"{args.layer}: axis {a} is out of range for a {len(x)}D input")
    return axes


def _axes_size(args: Args, x: tuple) -> Dim:
    return dims.product(x[a] for a in _axes(args, x))


@layer("LayerNormalization", "normalization", ("axis", "epsilon", "center", "scale"), ("rms_scaling",))
def layer_normalization(args: Args, x: tuple) -> Inference:
    """gamma (``scale``) and beta (``center``), each shaped like the normalized axes."""
    learned = int(args.flag("center", True)) + int(args.flag("scale", True))
    return Inference(x, dims.mul(learned, _axes_size(args, x)))


@layer("RMSNormalization", "normalization", ("axis", "epsilon"), generations=KERAS3_ONLY)
def rms_normalization(args: Args, x: tuple) -> Inference:
    return Inference(x, _axes_size(args, x))


@layer("UnitNormalization", "normalization", ("axis",))
def unit_normalization(args: Args, x: tuple) -> Inference:
    _axes(args, x)
    return Inference(x)


@layer("GroupNormalization", "normalization", ("groups", "axis", "epsilon", "center", "scale"),
       needs="the channel count and `groups`")
def group_normalization(args: Args, x: tuple) -> Inference:
    """Keras requires a known channel count that ``groups`` divides."""
    (axis,) = _axes(args, x)
    size, groups = x[axis], args.dim("groups", 32)
    if size is None:
        raise ShapeError("KC102", f"GroupNormalization: axis {axis} of the input must have a known size")
    if isinstance(size, int) and isinstance(groups, int):
        groups = size if groups == -1 else groups
        if size < groups or size % groups:
            raise ShapeError("KC102", f"GroupNormalization: {size} channels cannot be split into {groups} groups")
    learned = int(args.flag("center", True)) + int(args.flag("scale", True))
    return Inference(x, dims.mul(learned, size))


#: The argument that sets the last axis of a layer's kernel (``SpectralNormalization``'s ``u``).
_KERNEL_OUTPUTS = {
    "Dense": "units", "Embedding": "output_dim",
    **{f"Conv{r}D": "filters" for r in (1, 2, 3)},
    **{f"Conv{r}DTranspose": "filters" for r in (1, 2, 3)},
}


@layer("SpectralNormalization", "normalization", ("layer", "power_iterations"),
       needs="the wrapped Dense, Conv or Embedding layer")
def spectral_normalization(args: Args, x: tuple) -> Inference:
    """The wrapped layer's weights plus a non-trainable vector ``u`` (1, kernel's last axis)."""
    inner = apply_inner(args, args.raw("layer"), x)
    _, spec, inner_args = bind_inner(args, args.raw("layer"))
    if spec.name not in _KERNEL_OUTPUTS:
        raise Undetermined(f"SpectralNormalization of {spec.name} is not modelled")
    return Inference(inner.shape, inner.trainable, dims.add(inner.non_trainable, inner_args.dim(_KERNEL_OUTPUTS[spec.name])),
                     inner.findings)
