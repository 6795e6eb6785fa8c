"""Core layers: Dense, Activation, Embedding."""

from __future__ import annotations

from .. import dims
from ..dims import format_dim
from .geometry import DENSE_ON_ND
from .registry import Args, Inference, layer

_DENSE_KEYWORDS = (
    "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
    "kernel_constraint", "bias_constraint", "lora_rank", "lora_alpha", "quantization_config",
)


@layer("Dense", "core", ("units", "activation", "use_bias"), _DENSE_KEYWORDS,
       legacy_positional=("units", "kernel_initializer", "activation"), min_rank=2)
def dense(args: Args, x: tuple) -> Inference:
    units = args.dim("units")
    bias = units if args.flag("use_bias", True) else 0
    out = (*x[:-1], units)
    findings = ()
    if len(x) > 2:
        shown = "(" + ", ".join(format_dim(d) for d in out) + ")"
        findings = ((DENSE_ON_ND, f"Dense: applied to a {len(x)}D input, it acts on the last axis only "
                     f"and outputs {shown}; a Flatten() or global pooling layer is probably missing"),)
    params = dims.add(dims.mul(x[-1], units), bias)
    return Inference(out, params, findings=findings, formula=f"{format_dim(x[-1])} * {format_dim(units)} + {format_dim(bias)} = {format_dim(params)}")


@layer("Activation", "core", ("activation",))
def activation(args: Args, x: tuple) -> Inference:
    return Inference(x)


@layer(
    "Embedding", "core", ("input_dim", "output_dim"),
    ("embeddings_initializer", "embeddings_regularizer", "embeddings_constraint", "mask_zero", "weights",
     "lora_rank", "lora_alpha", "quantization_config", "input_length"),
)
def embedding(args: Args, x: tuple) -> Inference:
    vocabulary, width = args.dim("input_dim"), args.dim("output_dim")
    return Inference((*x, width), dims.mul(vocabulary, width))
