"""Import every layer group so that each registers its layers."""

from . import (  # noqa: F401
    convolutional,
    core,
    normalization,
    pooling,
    recurrent,
    regularization,
    reshaping,
)
