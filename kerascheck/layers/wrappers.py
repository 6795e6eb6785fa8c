"""The recurrent wrappers: Bidirectional and TimeDistributed (Keras' ``layers/rnn``)."""

from __future__ import annotations

from .. import dims
from .geometry import rank_error
from .nesting import apply_inner
from .registry import Args, Inference, Undetermined, layer

#: merge_mode -> how the forward and backward outputs' last axis combine.
_MERGED_WIDTH = {"concat": 2, "sum": 1, "ave": 1, "mul": 1}


@layer("Bidirectional", "recurrent", ("layer", "merge_mode", "weights", "backward_layer"), min_rank=3,
       needs="the wrapped recurrent layer; merge_mode")
def bidirectional(args: Args, x: tuple) -> Inference:
    """A forward copy and a backward copy of the layer (or ``backward_layer``), merged."""
    forward = apply_inner(args, args.raw("layer"), x)
    backward = apply_inner(args, args.raw("backward_layer"), x) if args.raw("backward_layer") is not None else forward
    mode = args.raw("merge_mode", "concat")
    if forward.shape is None or backward.shape is None or not (mode is None or mode in _MERGED_WIDTH):
        raise Undetermined("merge_mode is not known statically")
    # With ``return_state``, each direction returns [output, *states]: Keras returns
    # the merged output (or both outputs), then the forward states, then the backward ones.
    forward_out, forward_states = _split(forward.shape)
    backward_out, backward_states = _split(backward.shape)
    outputs = [forward_out, backward_out] if mode is None else [
        (*forward_out[:-1], dims.mul(forward_out[-1], _MERGED_WIDTH[mode]))
    ]
    outputs += forward_states + backward_states
    return Inference(
        outputs[0] if len(outputs) == 1 else outputs,
        dims.add(forward.trainable, backward.trainable),
        dims.add(forward.non_trainable, backward.non_trainable),
    )


def _split(shape: object) -> tuple:
    """(output, states) of a wrapped layer that may return ``[output, *states]``."""
    return (shape[0], list(shape[1:])) if isinstance(shape, list) else (shape, [])


@layer("TimeDistributed", "recurrent", ("layer",), needs="the wrapped layer")
def time_distributed(args: Args, x: tuple) -> Inference:
    """The layer applied to every timestep: (batch, steps, ...) -> (batch, steps, ...')."""
    if len(x) < 3:
        raise rank_error("TimeDistributed", "an input of rank 3 or more (batch, timesteps, ...)", x)
    inner = apply_inner(args, args.raw("layer"), (x[0], *x[2:]))
    if inner.shape is None:
        raise Undetermined("the wrapped layer's output is unknown")
    return Inference((inner.shape[0], x[1], *inner.shape[1:]), inner.trainable, inner.non_trainable, inner.findings)
