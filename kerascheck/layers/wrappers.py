"""The recurrent wrappers: Bidirectional and TimeDistributed (Keras' ``layers/rnn``)."""

from __future__ import annotations

from .. import dims
from .geometry import BAD_RANK, rank_error
from .nesting import apply_inner
from .registry import Args, Inference, ShapeError, Undetermined, layer

#: merge_mode -> how the forward and backward outputs' last axis combine.
_MERGED_WIDTH = {"concat": 2, "sum": 1, "ave": 1, "mul": 1}


@layer("Bidirectional", "recurrent", ("layer", "merge_mode", "weights", "backward_layer"), min_rank=3,
       needs="the wrapped recurrent layer; merge_mode")
def bidirectional(args: Args, x: tuple) -> Inference:
    """A forward copy and a backward copy of the layer (or ``backward_layer``), merged."""
    forward = apply_inner(args, args.raw("layer"), x)
    backward = apply_inner(args, args.raw("backward_layer"), x) if args.raw("backward_layer") is not None else forward
    mode = args.raw("merge_mode", "concat")
    if mode is None:
        raise ShapeError(BAD_RANK, "Bidirectional: merge_mode=None returns two tensors, which a Sequential model "
                         "cannot pass to the next layer; use the functional API")
    if not isinstance(mode, str) or mode not in _MERGED_WIDTH or forward.shape is None:
        raise Undetermined("merge_mode is not known statically")
    shape = (*forward.shape[:-1], dims.mul(forward.shape[-1], _MERGED_WIDTH[mode]))
    return Inference(
        shape,
        dims.add(forward.trainable, backward.trainable),
        dims.add(forward.non_trainable, backward.non_trainable),
    )


@layer("TimeDistributed", "recurrent", ("layer",), needs="the wrapped layer")
def time_distributed(args: Args, x: tuple) -> Inference:
    """The layer applied to every timestep: (batch, steps, ...) -> (batch, steps, ...')."""
    if len(x) < 3:
        raise rank_error("TimeDistributed", "an input of rank 3 or more (batch, timesteps, ...)", x)
    inner = apply_inner(args, args.raw("layer"), (x[0], *x[2:]))
    if inner.shape is None:
        raise Undetermined("the wrapped layer's output is unknown")
    return Inference((inner.shape[0], x[1], *inner.shape[1:]), inner.trainable, inner.non_trainable, inner.findings)
