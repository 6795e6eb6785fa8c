"""EinsumDense's weight shapes from its equation (``keras/src/layers/core/einsum_dense.py``).

A port of Keras' ``_analyze_split_string`` over symbolic dimensions: the
kernel takes each weight axis from the output (``output_shape``) or, when the
axis is not in the output, from the input; the bias covers the output axes
from the first ``bias_axes`` letter on.
"""

from __future__ import annotations

import re
from typing import Optional

from .registry import ShapeError, Undetermined

#: Keras' three accepted forms, with ``...`` replaced by ``0``.
_FORMS = (
    (re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), False),
    (re.compile(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)"), True),
    (re.compile(r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0"), False),
)


def einsum_dense_weights(equation: str, bias_axes: Optional[str], x: tuple, partial: tuple, fill: bool = False) -> tuple:
    """(output shape, kernel shape, bias shape or None) for input shape ``x``.

    ``fill``: an output axis given as ``None`` that the input shares takes the
    input's size, as tf.keras 2 computes it (its output comes from running the
    einsum); Keras 3 reports the ``None`` given in ``output_shape``.
    """
    text = re.sub(r"\.\.\.", "0", equation)
    for pattern, left_elided in _FORMS:
        match = pattern.match(text)
        if match:
            return _analyze(match.group(1), match.group(2), match.group(3), bias_axes, x, partial, left_elided, fill)
    raise Undetermined(f"EinsumDense equation {equation!r} is not in a form kerascheck reads")


def _analyze(
    inputs: str, weights: str, outputs: str, bias_axes: Optional[str], x: tuple, partial: tuple, left_elided: bool, fill: bool
) -> tuple:
    elided = len(x) - len(inputs)
    output = [x[0], *partial]
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output.insert(1, x[i])
    elif elided > 0:
        output.extend(x[len(x) - elided:])
    if left_elided:
        input_map = {d: (i + elided) - len(x) for i, d in enumerate(inputs)}
        output_map = {d: i + elided for i, d in enumerate(outputs)}
    else:
        input_map = {d: i for i, d in enumerate(inputs)}
        output_map = {d: i for i, d in enumerate(outputs)}
    if len(output) != len(outputs) + max(elided, 0) or elided < 0:
        raise Undetermined("EinsumDense: the equation does not match the input's rank")
    for d in inputs:
        if d in output_map:
            given, actual = output[output_map[d]], x[input_map[d]]
            if isinstance(given, int) and isinstance(actual, int) and given != actual:
                raise ShapeError("KC102", f"EinsumDense: input and output_shape differ at shared axis {d!r}: {actual} != {given}")
            if fill and given is None:
                output[output_map[d]] = actual
    kernel = []
    for d in weights:
        if d in output_map:
            kernel.append(output[output_map[d]])
        elif d in input_map:
            kernel.append(x[input_map[d]])
        else:
            raise Undetermined(f"EinsumDense: weight axis {d!r} is in neither the input nor the output")
    bias = None
    if bias_axes is not None:
        offset = elided if left_elided else 0
        sizes = {d: output[i + offset] for i, d in enumerate(outputs)}
        if any(d not in outputs for d in bias_axes):
            raise Undetermined("EinsumDense: a bias axis is not an output axis")
        first = min(outputs.find(d) for d in bias_axes)
        bias = [sizes[d] if d in bias_axes else 1 for d in outputs[first:]]
    return tuple(output), tuple(kernel), bias
