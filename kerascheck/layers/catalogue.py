"""Import every layer group so that each registers its layers."""

from . import (  # noqa: F401
    activations,
    applications,
    attention,
    convolutional,
    core,
    locally_connected,
    merging,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
    wrappers,
)
