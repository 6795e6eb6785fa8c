"""Activation layers: Activation, ReLU, LeakyReLU, ELU, Softmax, Keras 2's ThresholdedReLU keep the shape; PReLU learns alphas."""

from __future__ import annotations

from .. import dims
from .geometry import same_shape
from .registry import UNTIL_KERAS2, Args, Inference, ShapeError, Undetermined, layer

layer("Activation", "activations", ("activation",))(same_shape)
layer("ReLU", "activations", ("max_value", "negative_slope", "threshold"))(same_shape)
layer("LeakyReLU", "activations", ("negative_slope",), ("alpha",))(same_shape)
layer("ELU", "activations", ("alpha",))(same_shape)
layer("Softmax", "activations", ("axis",))(same_shape)


@layer("ThresholdedReLU", "activations", ("theta",), generations=UNTIL_KERAS2)
def thresholded_relu(args: Args, x: tuple) -> Inference:
    """``x if x > theta else 0``: the input's shape, no weights
    (``tf_keras/src/layers/activation/thresholded_relu.py``; Keras 3 removed the class).
    Its constructor rejects a ``theta`` of None or below 0."""
    theta = args.raw("theta", 1.0)
    if theta is None or (isinstance(theta, (int, float)) and not isinstance(theta, bool) and theta < 0):
        raise ShapeError("KC301", f"ThresholdedReLU: theta must be a float >= 0, got {theta!r}")
    return Inference(x)


@layer("PReLU", "activations", ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"),
       min_rank=2, needs="the input shape; `shared_axes` as ints")
def prelu(args: Args, x: tuple) -> Inference:
    """One alpha per input element (batch excluded), 1 along ``shared_axes``."""
    shared = args.raw("shared_axes")
    if shared is None:
        shared = ()
    elif isinstance(shared, int) and not isinstance(shared, bool):
        shared = (shared,)
    if not isinstance(shared, (tuple, list)) or not all(isinstance(a, int) for a in shared):
        raise Undetermined("`shared_axes` is not known statically")
    alpha = list(x[1:])
    for axis in shared:
        if not -len(alpha) <= axis - 1 < len(alpha):
            raise ShapeError("KC102", f"PReLU: shared axis {axis} is out of range for a {len(x)}D input")
        alpha[axis - 1] = 1
    if None in alpha:  # Keras makes one weight per element: it cannot make one of unknown size
        axis = alpha.index(None) + 1
        raise ShapeError("KC102", f"PReLU: input axis {axis} has no fixed size ({dims.format_shape(x)}), and PReLU learns one alpha "
                         f"per element; share that axis (shared_axes=[{axis}]) or give it a size")
    return Inference(x, dims.product(alpha))
