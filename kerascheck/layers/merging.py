"""Merging layers: called on a list of tensors (``keras/src/layers/merging``).

Each ``infer`` receives the list of input shapes. A mismatch is reported only
between sizes that are both known integers, the way Keras' ``build`` checks
them; symbolic sizes are assumed compatible.
"""

from __future__ import annotations

from .. import dims
from ..dims import Dim, format_shape
from .registry import Args, Inference, InferFn, ShapeError, layer

MERGE_MISMATCH = "KC105"


def _shown(shapes: list) -> str:
    return ", ".join(format_shape(shape) for shape in shapes)


def _broadcast(name: str, a: Dim, b: Dim, shapes: list) -> Dim:
    """One axis of an element-wise merge: equal sizes, or 1 against any size."""
    if a is None or b is None:
        return None
    if a == 1:
        return b
    if b == 1 or a == b:
        return a
    if isinstance(a, int) and isinstance(b, int):
        raise ShapeError(MERGE_MISMATCH, f"{name}: inputs have incompatible shapes {_shown(shapes)}: {a} vs {b}")
    return a if isinstance(a, int) else b


def elementwise(name: str, exactly: int = 0) -> InferFn:
    """Add, Subtract, Multiply, Average, Maximum, Minimum: broadcast the inputs."""

    def infer(args: Args, shapes: list) -> Inference:
        if exactly and len(shapes) != exactly:
            raise ShapeError(MERGE_MISMATCH, f"{name}: must be called on exactly {exactly} inputs, got {len(shapes)}")
        out = list(shapes[0][1:])
        for shape in shapes[1:]:
            tail = list(shape[1:])
            longer, shorter = (out, tail) if len(out) >= len(tail) else (tail, out)
            prefix = longer[: len(longer) - len(shorter)]
            out = prefix + [_broadcast(name, a, b, shapes) for a, b in zip(longer[len(prefix):], shorter)]
        return Inference((shapes[0][0], *out))

    layer(name, "merging", (), multi_input=True)(infer)
    return infer


add = elementwise("Add")
subtract = elementwise("Subtract", exactly=2)
multiply = elementwise("Multiply")
average = elementwise("Average")
maximum = elementwise("Maximum")
minimum = elementwise("Minimum")


@layer("Concatenate", "merging", ("axis",), multi_input=True)
def concatenate(args: Args, shapes: list) -> Inference:
    """All axes but ``axis`` must agree; the ``axis`` sizes add up."""
    axis = args.raw("axis", -1)
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise ShapeError("KC301", f"Concatenate: axis must be an integer, got {axis!r}")
    ranks = {len(shape) for shape in shapes}
    if len(ranks) != 1:
        raise ShapeError(MERGE_MISMATCH, f"Concatenate: inputs of different ranks cannot be concatenated: {_shown(shapes)}")
    rank = ranks.pop()
    if not -rank <= axis < rank:
        raise ShapeError(MERGE_MISMATCH, f"Concatenate: axis {axis} is out of range for {rank}D inputs")
    position = axis % rank
    for index in range(1, rank):
        if index == position:
            continue
        known = {shape[index] for shape in shapes if isinstance(shape[index], int)}
        if len(known) > 1:
            raise ShapeError(
                MERGE_MISMATCH,
                f"Concatenate: inputs must match on every axis but axis {axis}; "
                f"axis {index} differs: {_shown(shapes)}",
            )
    out = list(shapes[0])
    total: Dim = 0
    for shape in shapes:
        total = dims.add(total, shape[position])
    out[position] = total
    return Inference(tuple(out))


@layer("Dot", "merging", ("axes", "normalize"), multi_input=True)
def dot(args: Args, shapes: list) -> Inference:
    """The two inputs' ``axes`` are contracted; they must have the same size."""
    if len(shapes) != 2:
        raise ShapeError(MERGE_MISMATCH, f"Dot: must be called on exactly 2 inputs, got {len(shapes)}")
    first, second = shapes
    axes = args.raw("axes")
    if isinstance(axes, int) and not isinstance(axes, bool):
        pair = (axes % len(first), axes % len(second)) if axes < 0 else (axes, axes)
    elif isinstance(axes, (tuple, list)) and len(axes) == 2 and all(isinstance(a, int) for a in axes):
        pair = (axes[0] % len(first), axes[1] % len(second))
    else:
        raise ShapeError("KC301", f"Dot: axes must be an integer or a pair of integers, got {axes!r}")
    a, b = first[pair[0]], second[pair[1]]
    if isinstance(a, int) and isinstance(b, int) and a != b:
        raise ShapeError(
            MERGE_MISMATCH,
            f"Dot: axis {pair[0]} of the first input ({a}) != axis {pair[1]} of the second ({b}): {_shown(shapes)}",
        )
    left = [d for index, d in enumerate(first) if index != pair[0]]
    right = [d for index, d in enumerate(second) if index != pair[1]][1:]
    out = left + right
    return Inference(tuple(out + [1] if len(out) == 1 else out))
