"""Core layers: Dense, EinsumDense, Embedding, Masking, Identity, Lambda."""

from __future__ import annotations

from .. import dims
from ..dims import format_dim, format_shape
from .geometry import DENSE_ON_ND, defined_last_axis, same_shape
from .einsum import einsum_dense_weights
from .registry import Args, Inference, Undetermined, layer

_DENSE_KEYWORDS = (
    "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
    "kernel_constraint", "bias_constraint", "lora_rank", "lora_alpha", "quantization_config",
)


@layer("Dense", "core", ("units", "activation", "use_bias"), _DENSE_KEYWORDS,
       legacy_positional=("units", "kernel_initializer", "activation"), min_rank=2)
def dense(args: Args, x: tuple) -> Inference:
    defined_last_axis("Dense", x)
    units = args.dim("units")
    bias = units if args.flag("use_bias", True) else 0
    out = (*x[:-1], units)
    findings = ()
    if len(x) > 3:  # on (batch, steps, features) a per-step Dense is usual
        shown = format_shape(out)
        findings = ((DENSE_ON_ND, f"Dense: applied to a {len(x)}D input, it acts on the last axis only "
                     f"and outputs {shown}; a Flatten() or global pooling layer is probably missing"),)
    params = dims.add(dims.mul(x[-1], units), bias)
    return Inference(out, params, findings=findings, formula=f"{format_dim(x[-1])} * {format_dim(units)} + {format_dim(bias)} = {format_dim(params)}")


@layer(
    "Embedding", "core", ("input_dim", "output_dim"),
    ("embeddings_initializer", "embeddings_regularizer", "embeddings_constraint", "mask_zero", "weights",
     "lora_rank", "lora_alpha", "quantization_config", "input_length"),
)
def embedding(args: Args, x: tuple) -> Inference:
    vocabulary, width = args.dim("input_dim"), args.dim("output_dim")
    return Inference((*x, width), dims.mul(vocabulary, width))


@layer("EinsumDense", "core", ("equation", "output_shape", "activation", "bias_axes"),
       needs="the equation, output_shape and the input's axes")
def einsum_dense(args: Args, x: tuple) -> Inference:
    equation, bias_axes = args.text("equation"), args.raw("bias_axes")
    output = args.raw("output_shape")
    if not isinstance(equation, str) or not (bias_axes is None or isinstance(bias_axes, str)):
        raise Undetermined("`equation` or `bias_axes` is not known statically")
    partial = tuple(args.dims("output_shape", len(output))) if isinstance(output, (tuple, list)) else (args.dim("output_shape"),)
    shape, kernel, bias = einsum_dense_weights(args.raw("equation"), bias_axes, x, partial, fill=args.keras_generation <= 2)
    return Inference(shape, dims.add(dims.product(kernel), dims.product(bias) if bias is not None else 0))


layer("Masking", "core", ("mask_value",))(same_shape)
layer("Identity", "core", ())(same_shape)


@layer("Lambda", "core", ("function", "output_shape", "mask", "arguments"),
       needs="`output_shape=` as a tuple (the function is never run)")
def lambda_layer(args: Args, x: tuple) -> Inference:
    """Keras prepends the batch axis to a given ``output_shape``."""
    output = args.raw("output_shape")
    if not isinstance(output, (tuple, list)):
        raise Undetermined("a Lambda's output shape is unknown without a static `output_shape=` tuple")
    return Inference((x[0], *args.dims("output_shape", len(output))))
