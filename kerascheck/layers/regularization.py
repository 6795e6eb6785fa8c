"""Regularization layers: they change values, never shapes, and own no weights."""

from __future__ import annotations

from .geometry import AXES, same_shape
from .registry import layer

layer("Dropout", "regularization", ("rate", "noise_shape", "seed"))(same_shape)
layer("AlphaDropout", "regularization", ("rate", "noise_shape", "seed"))(same_shape)
layer("GaussianDropout", "regularization", ("rate", "seed"))(same_shape)
layer("GaussianNoise", "regularization", ("stddev", "seed"), ("sigma",))(same_shape)
layer("ActivityRegularization", "regularization", ("l1", "l2"))(same_shape)
layer("SpatialDropout1D", "regularization", ("rate", "seed"), rank=3, axes=AXES[1])(same_shape)
layer("SpatialDropout2D", "regularization", ("rate", "data_format", "seed"), rank=4, axes=AXES[2])(same_shape)
layer("SpatialDropout3D", "regularization", ("rate", "data_format", "seed"), rank=5, axes=AXES[3])(same_shape)
