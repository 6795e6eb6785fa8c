"""Write kerascheck/layers/applications.json: what each keras.applications model does.

Built with real Keras, ``weights=None`` (nothing is downloaded). For each
constructor the table records:

* ``default_size``, ``min_size``: Keras' defaults and the smallest input it accepts;
* ``chain``: the spatial operations on the path from the input to the feature
  map (convolution/pooling windows, paddings, crops), so that the feature
  map's size follows for any input size, symbolic ones included. A padding
  that Keras computes from the input's parity (``imagenet_utils.correct_pad``)
  is recorded as such: it differs between an even and an odd input;
* ``channels``: the feature map's channels;
* ``base``: trainable and non-trainable parameters without the top, as
  ``[constant, per input channel]`` (only the first layers see the channels);
* ``top``: the classifier's parameters as ``[constant, per class, per
  feature-map position]`` (the last is non-zero for Flatten tops: VGG);
* ``name``: the model's name, ``{rows}`` standing for the input's height, and
  ``auto_names``: the per-class name counters building it advances (as a
  feature extractor given the default input size, ``base``: NASNet builds
  fewer layers for an input of unknown size; with its top, ``top``). Both per
  Keras generation, as tf_keras names differently (``MobilenetV3small``,
  ``NASNet``; an input ``input_1``, an op on tensors ``tf.math.multiply``):
  ``"3"`` measured with Keras 3, ``"2"`` with tf_keras (in the same process).

Run: ``KERAS_BACKEND=jax python scripts/generate_applications.py [NAMES...]``.
``tests/test_applications_keras.py`` checks a sample against real Keras 3 and
Keras 2 on each run; ``benchmarks/applications.py`` checks all of them.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

TARGET = Path(__file__).resolve().parent.parent / "kerascheck" / "layers" / "applications.json"

#: Layers on the spatial path that never change the spatial size.
_WINDOWS = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D"}


def _count(weights: list) -> int:
    import numpy as np

    return int(sum(int(np.prod(w.shape)) for w in weights))


def params(model) -> tuple:
    return _count(model.trainable_weights), _count(model.non_trainable_weights)


def _ops(layer) -> list:
    """The spatial operations of a layer (a nested Sequential's, in order)."""
    if type(layer).__name__ == "Sequential":
        return [op for inner in layer.layers for op in _ops(inner)]
    op = _op(layer)
    return [] if op is None or _keeps_size(op) else [op]


def _op(layer) -> list | None:
    """One spatial operation as JSON, or None for a size-preserving layer."""
    kind = type(layer).__name__
    if kind in _WINDOWS:
        pooling = "Pooling" in kind
        window = layer.pool_size if pooling else layer.kernel_size
        dilation = (1, 1) if pooling else layer.dilation_rate
        return ["window", list(window), list(layer.strides), list(dilation), layer.padding]
    if kind == "ZeroPadding2D":
        return ["pad", [list(p) for p in layer.padding]]
    if kind == "Cropping2D":
        return ["crop", [list(p) for p in layer.cropping]]
    return None


def _keeps_size(op: list) -> bool:
    """A stride-1 window that keeps the size: 'same' padding, or a 1x1 kernel."""
    if op[0] != "window" or set(op[2]) != {1}:
        return False
    return op[4] == "same" or set(op[1]) == {1}


def spatial_chain(model) -> list:
    """The operations from the model's output back to its input, in input order."""
    ops = []
    tensor = model.outputs[0]
    while True:
        history = tensor._keras_history
        layer = history.operation
        node = layer._inbound_nodes[history.node_index]
        if not node.input_tensors:  # the InputLayer
            break
        source = node.input_tensors[0]
        found = _ops(layer)
        if found:
            ops.extend(found[::-1])
        elif list(source.shape[1:3]) != list(tensor.shape[1:3]):
            raise RuntimeError(f"{model.name}: {type(layer).__name__} changes the spatial size")
        tensor = source
    return ops[::-1]


def merge_parity(even: list, odd: list) -> list:
    """Paddings that differ between an even and an odd input come from ``correct_pad``."""
    if odd is None:
        return even
    if len(even) != len(odd):
        raise RuntimeError("the spatial path depends on the input size")
    merged = []
    for a, b in zip(even, odd):
        if a == b:
            merged.append(a)
        elif a[0] == "pad" and b[0] == "pad":
            merged.append(["correct_pad", [pair[1] for pair in b[1]]])
        else:
            raise RuntimeError(f"operations differ with the input size: {a} {b}")
    return merged


def auto_names() -> dict:
    """Layer names Keras generated while building (``rescaling``, ``input_layer``...):
    they advance the per-class counters that later layers of the file are named by."""
    from keras.src.backend.common import global_state

    counts = global_state.get_global_attribute("object_name_uids") or {}
    return {prefix: n for prefix, n in sorted(counts.items()) if prefix not in ("keras_tensor", "seed_generator")}


def keras2_auto_names() -> dict:
    """tf_keras' counters: the graph-wide layer names (keys ``("", name)``) and
    ``input``, counted by ``get_uid`` in the Keras graph."""
    from tf_keras.src import backend

    counts: dict = {}
    for uids in backend.PER_GRAPH_OBJECT_NAME_UIDS.values():
        for key, n in uids.items():
            if key == "input" or (isinstance(key, tuple) and key[0] == ""):
                name = key if key == "input" else key[1]
                counts[name] = counts.get(name, 0) + n
    return dict(sorted(counts.items()))


def keras2_names(name: str, size: int, odd_size: int) -> tuple:
    """(name template, {"base": counters, "top": counters}) as tf_keras builds ``name``."""
    import tf_keras

    build = getattr(tf_keras.applications, name)
    tf_keras.backend.clear_session()
    build(weights=None, include_top=True)
    top = keras2_auto_names()
    tf_keras.backend.clear_session()
    named = build(weights=None, include_top=False, input_shape=(size, size, 3)).name
    base = keras2_auto_names()
    try:
        odd_name = build(weights=None, include_top=False, input_shape=(odd_size, odd_size, 3)).name
    except ValueError:
        odd_name = named
    tf_keras.backend.clear_session()
    return _template(named, odd_name, size), {"base": base, "top": top}


def _template(name: str, odd_name: str, size: int) -> str:
    """A name that changes with the input size, with ``{rows}`` for the size."""
    return name if name == odd_name else name.replace(str(size), "{rows}")


def describe(name: str) -> dict:
    import keras

    build = getattr(keras.applications, name)
    keras.backend.clear_session()
    try:
        build(weights=None, include_top=False, input_shape=(1, 1, 3))
        min_size = None
    except ValueError as error:
        found = re.search(r"at least (\d+)x", str(error))
        min_size = int(found.group(1)) if found else None
    keras.backend.clear_session()
    top = build(weights=None, include_top=True)
    top_names = auto_names()
    # MobileNetV3 takes any size even with its top: 224 is the size its
    # published weights are for (the keys of its WEIGHTS_HASHES).
    any_size = top.input_shape[1] is None
    size = 224 if any_size else int(top.input_shape[1])
    keras.backend.clear_session()
    base = build(weights=None, include_top=False, input_shape=(size, size, 3))
    base_names = auto_names()
    chain = spatial_chain(base)
    odd_size = size + 1 if size % 2 == 0 else size + 2
    try:
        odd = build(weights=None, include_top=False, input_shape=(odd_size, odd_size, 1))
        odd_chain, odd_params = spatial_chain(odd), params(odd)
        odd_name = odd.name
    except ValueError:  # NASNet accepts only some sizes
        odd_chain, odd_params, odd_name = None, None, base.name
    base3 = params(base)
    if odd_params is None:
        grey = build(weights=None, include_top=False, input_shape=(size, size, 1))
        odd_params = params(grey)
    per_channel = [(a - b) // 2 for a, b in zip(base3, odd_params)]
    constant = [a - 3 * p for a, p in zip(base3, per_channel)]
    few = build(weights=None, include_top=True, classes=10, input_shape=(size, size, 3))
    top_many = params(top)[0] - base3[0]
    top_few = params(few)[0] - base3[0]
    per_class = (top_many - top_few) // (1000 - 10)
    positions = int(base.output.shape[1]) * int(base.output.shape[2])
    per_position = 0
    if any(type(layer).__name__ == "Flatten" for layer in top.layers):
        bigger = build(weights=None, include_top=True, classes=10, input_shape=(size + 32, size + 32, 3))
        bigger_base = build(weights=None, include_top=False, input_shape=(size + 32, size + 32, 3))
        grown = params(bigger)[0] - params(bigger_base)[0]
        bigger_positions = int(bigger_base.output.shape[1]) * int(bigger_base.output.shape[2])
        per_position = (grown - top_few) // (bigger_positions - positions)
    top_constant = top_few - 10 * per_class - per_position * positions
    keras2_template, keras2_counters = keras2_names(name, size, odd_size)
    return {
        "default_size": size,
        "any_size": any_size,
        "min_size": min_size,
        "chain": merge_parity(chain, odd_chain),
        "channels": int(base.output.shape[-1]),
        "base": {"trainable": [constant[0], per_channel[0]], "non_trainable": [constant[1], per_channel[1]]},
        "top": [top_constant, per_class, per_position],
        "top_non_trainable": params(top)[1] - base3[1],
        "name": {"2": keras2_template, "3": _template(base.name, odd_name, size)},
        "auto_names": {"2": keras2_counters, "3": {"base": base_names, "top": top_names}},
    }


def main(names: list) -> int:
    import keras

    table = json.loads(TARGET.read_text()) if TARGET.exists() else {}
    wanted = names or [n for n in dir(keras.applications) if n[:1].isupper()]
    for name in wanted:
        print(name, file=sys.stderr, flush=True)
        table[name] = describe(name)
        TARGET.write_text(render(table), encoding="utf-8")
    return 0


def render(table: dict) -> str:
    lines = [f"{json.dumps(name)}: {json.dumps(entry)}" for name, entry in sorted(table.items())]
    return "{\n" + ",\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
