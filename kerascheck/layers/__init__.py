"""The layer catalogue, grouped as Keras groups its layers."""

from .registry import Args, Inference, LayerSpec, ShapeError, Undetermined, all_specs, lookup

__all__ = ["Args", "Inference", "LayerSpec", "ShapeError", "Undetermined", "all_specs", "lookup"]
