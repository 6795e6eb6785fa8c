"""Attention layers: MultiHeadAttention, GroupedQueryAttention, Attention, AdditiveAttention.

They take several tensors (query, value and optionally key), so Keras refuses
them as layers of a Sequential model. Called with the functional API, their
shape function receives the list of input shapes ``[query, value(, key)]``.
"""

from __future__ import annotations

from .. import dims
from ..dims import Dim
from .geometry import BAD_RANK
from .registry import KERAS3_ONLY, Args, Inference, ShapeError, Undetermined, layer


def _inputs(args: Args, x: tuple) -> tuple:
    """(query, value, key) shapes; a single tensor is Keras' Sequential error."""
    if not x or not isinstance(x[0], (tuple, list)):
        raise ShapeError(BAD_RANK, f"{args.layer} takes a query and a value tensor, so it cannot be a layer of a "
                         "Sequential model; call it with the functional API")
    if len(x) not in (2, 3):
        raise ShapeError(BAD_RANK, f"{args.layer} takes [query, value] or [query, value, key], got {len(x)} tensors")
    query, value = tuple(x[0]), tuple(x[1])
    return query, value, tuple(x[2]) if len(x) == 3 else value


def _same_width(args: Args, query: tuple, key: tuple, broadcast: bool) -> None:
    """Scores compare query and key along their last axis: the widths must match
    (a dot product), or broadcast (a sum, where 1 stretches)."""
    a, b = query[-1], key[-1]
    if isinstance(a, int) and isinstance(b, int) and a != b and not (broadcast and 1 in (a, b)):
        raise ShapeError(BAD_RANK, f"{args.layer}: the query's last axis ({a}) and the key's ({b}) must match")


def _projection(features: Dim, heads: Dim, size: Dim, bias: bool) -> Dim:
    """An EinsumDense from ``features`` to (heads, size), with a bias per output."""
    width = dims.mul(heads, size)
    return dims.add(dims.mul(features, width), width if bias else 0)


@layer("MultiHeadAttention", "attention", ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape", "attention_axes"), multi_input=True,
       needs="num_heads, key_dim (value_dim, output_shape) and the inputs' last axes")
def multi_head_attention(args: Args, x: tuple) -> Inference:
    query, value, key = _inputs(args, x)
    heads, key_dim = args.dim("num_heads"), args.dim("key_dim")
    value_dim = args.dim("value_dim") if args.raw("value_dim") is not None else key_dim
    bias = args.flag("use_bias", True)
    output = args.raw("output_shape")
    if output is None:
        out = (query[-1],)
    elif isinstance(output, (tuple, list)):
        out = args.dims("output_shape", len(output))
    else:
        out = (args.dim("output_shape"),)
    weights = [
        _projection(query[-1], heads, key_dim, bias),
        _projection(key[-1], heads, key_dim, bias),
        _projection(value[-1], heads, value_dim, bias),
        dims.add(dims.mul(dims.mul(heads, value_dim), dims.product(out)), dims.product(out) if bias else 0),
    ]
    if args.flag("use_gate", False):
        weights.append(_projection(query[-1], heads, value_dim, bias))
    total: Dim = 0
    for count in weights:
        total = dims.add(total, count)
    return Inference((*query[:-1], *out), total)


@layer("GroupedQueryAttention", "attention", ("head_dim", "num_query_heads", "num_key_value_heads", "dropout", "use_bias"), multi_input=True,
       aliases=("GroupQueryAttention",), generations=KERAS3_ONLY, needs="head_dim, num_query_heads, num_key_value_heads and the inputs' last axes")
def grouped_query_attention(args: Args, x: tuple) -> Inference:
    query, value, key = _inputs(args, x)
    size, query_heads, kv_heads = args.dim("head_dim"), args.dim("num_query_heads"), args.dim("num_key_value_heads")
    bias = args.flag("use_bias", True)
    total = dims.add(_projection(query[-1], query_heads, size, bias), _projection(key[-1], kv_heads, size, bias))
    total = dims.add(total, _projection(value[-1], kv_heads, size, bias))
    total = dims.add(total, dims.add(dims.mul(dims.mul(query_heads, size), query[-1]), query[-1] if bias else 0))
    if args.flag("use_gate", False):
        total = dims.add(total, _projection(query[-1], query_heads, size, bias))
    return Inference(query, total)


@layer("Attention", "attention", ("use_scale", "score_mode", "dropout", "seed"), multi_input=True, needs="the inputs' shapes")
def dot_product_attention(args: Args, x: tuple) -> Inference:
    """A scalar ``scale`` (use_scale) and a scalar concat weight (score_mode='concat')."""
    query, value, key = _inputs(args, x)
    _same_width(args, query, key, broadcast=False)
    mode = args.text("score_mode", "dot")
    if mode not in ("dot", "concat"):
        raise Undetermined("`score_mode` is not known statically")
    return Inference((*query[:-1], value[-1]), int(args.flag("use_scale", False)) + int(mode == "concat"))


@layer("AdditiveAttention", "attention", ("use_scale", "dropout"), multi_input=True, needs="the inputs' shapes")
def additive_attention(args: Args, x: tuple) -> Inference:
    """A ``scale`` vector as long as the query's last axis (use_scale, on by default)."""
    query, value, key = _inputs(args, x)
    _same_width(args, query, key, broadcast=True)
    return Inference((*query[:-1], value[-1]), query[-1] if args.flag("use_scale", True) else 0)
