"""Regularization layers: they change values, never shapes or weights."""

from __future__ import annotations

from .registry import Args, Inference, layer


@layer("Dropout", "regularization", ("rate", "noise_shape", "seed"))
def dropout(args: Args, x: tuple) -> Inference:
    return Inference(x)
