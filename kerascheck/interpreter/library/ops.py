"""Tensor operations between layers: ``keras.ops``, ``keras.backend``, ``tf`` and
Python's operators, each as a shape function.

Keras 3 records an operation on symbolic tensors as a node of the functional
graph, named from the same counter as layers (``x * y`` is ``multiply``, then a
``Multiply()`` layer is ``multiply_1``) and listed in the summary with no
weights. Inside a layer's own ``call`` it is only computed. Each entry gives
the Keras 3 operation class and how the output shape follows from the
arguments, read from ``keras/src/ops/*.py``'s ``compute_output_spec``.
A shape function returns None when the output is not known statically: never
a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from ... import dims
from ..values import Tensor

Shape = Optional[tuple]


@dataclass(frozen=True)
class Operation:
    """One modelled function: its Keras 3 class (the summary's type and the
    name it counts under) and its shape function over evaluated arguments."""

    keras_class: str
    infer: Callable[[list, dict], Shape]
    #: Makes a tensor from plain values (``arange``, ``zeros``): a constant, never a graph node.
    creates: bool = False


def shape_of(value: Any) -> Shape:
    """The shape of a tensor argument; a Python number is a scalar, ``()``."""
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    return None


def broadcast(first: Shape, second: Shape) -> Shape:
    """NumPy broadcasting as Keras' ``broadcast_shapes`` does it, ``None`` axes included."""
    if first is None or second is None:
        return None
    rank = max(len(first), len(second))
    a = (1,) * (rank - len(first)) + tuple(first)
    b = (1,) * (rank - len(second)) + tuple(second)
    out = []
    for left, right in zip(a, b):
        if left == 1:
            out.append(right)
        elif left is None:
            out.append(None if right == 1 else right)
        elif right == 1 or right is None or right == left:
            out.append(left)
        else:
            return None  # two different sizes (or symbols not known to be equal)
    return tuple(out)


def _axis(axis: Any, rank: int) -> Optional[int]:
    if isinstance(axis, int) and not isinstance(axis, bool) and -rank <= axis < rank:
        return axis % rank
    return None


def _argument(args: list, kwargs: dict, index: int, name: str, default: Any = None) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _same(args: list, kwargs: dict) -> Shape:
    return shape_of(_argument(args, kwargs, 0, "x"))


def _binary(args: list, kwargs: dict) -> Shape:
    return broadcast(shape_of(_argument(args, kwargs, 0, "x1")), shape_of(_argument(args, kwargs, 1, "x2")))


def _matmul(args: list, kwargs: dict) -> Shape:
    a, b = shape_of(_argument(args, kwargs, 0, "x1")), shape_of(_argument(args, kwargs, 1, "x2"))
    if a is None or b is None or len(a) < 2 or len(b) < 2:
        return None
    batch = broadcast(a[:-2], b[:-2])
    return None if batch is None else (*batch, a[-2], b[-1])


def _reduction(default_keepdims: bool = False) -> Callable[[list, dict], Shape]:
    def infer(args: list, kwargs: dict) -> Shape:
        shape = shape_of(_argument(args, kwargs, 0, "x"))
        axis = _argument(args, kwargs, 1, "axis")
        keepdims = _argument(args, kwargs, 2, "keepdims", default_keepdims)
        if shape is None or not isinstance(keepdims, bool):
            return None
        if axis is None:
            return (1,) * len(shape) if keepdims else ()
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        reduced = {_axis(a, len(shape)) for a in axes}
        if None in reduced:
            return None
        return tuple(1 if i in reduced else d for i, d in enumerate(shape) if keepdims or i not in reduced)

    return infer


def _joined(default_axis: int, stack: bool = False) -> Callable[[list, dict], Shape]:
    """``concatenate``/``stack`` of a list of tensors along ``axis``."""

    def infer(args: list, kwargs: dict) -> Shape:
        tensors = _argument(args, kwargs, 0, "xs", kwargs.get("values", kwargs.get("tensors")))
        axis = _argument(args, kwargs, 1, "axis", default_axis)
        if not isinstance(tensors, (list, tuple)) or not tensors:
            return None
        shapes = [shape_of(t) for t in tensors]
        if any(s is None for s in shapes) or len({len(s) for s in shapes}) != 1:
            return None
        rank = len(shapes[0]) + (1 if stack else 0)
        position = _axis(axis, rank)
        if position is None:
            return None
        if stack:
            first = shapes[0]
            return (*first[:position], len(shapes), *first[position:])
        sizes = [s[position] for s in shapes]
        total = None if any(size is None for size in sizes) else _sum(sizes)
        return (*shapes[0][:position], total, *shapes[0][position + 1:])

    return infer


def _sum(sizes: list) -> Any:
    total: Any = 0
    for size in sizes:
        total = dims.add(total, size)
    return total


def _reshape(args: list, kwargs: dict) -> Shape:
    shape = shape_of(_argument(args, kwargs, 0, "x", kwargs.get("tensor")))
    target = _argument(args, kwargs, 1, "newshape", kwargs.get("shape"))
    if shape is None or not isinstance(target, (tuple, list)) or not all(isinstance(d, int) or d is None for d in target):
        return None
    if -1 not in target:
        return tuple(target)
    known = [d for d in target if d != -1]
    if list(target).count(-1) > 1 or None in shape or None in known:
        return tuple(None if d == -1 else d for d in target)
    return tuple(dims.floordiv(dims.product(shape), dims.product(known)) if d == -1 else d for d in target)


def _transpose(args: list, kwargs: dict) -> Shape:
    shape = shape_of(_argument(args, kwargs, 0, "x", kwargs.get("a")))
    axes = _argument(args, kwargs, 1, "axes", kwargs.get("perm"))
    if shape is None:
        return None
    if axes is None:
        return tuple(reversed(shape))
    if not isinstance(axes, (tuple, list)) or sorted(_axis(a, len(shape)) or 0 for a in axes) != list(range(len(shape))):
        return None
    return tuple(shape[a] for a in axes)


def _expand_dims(default_axis: Any = None) -> Callable[[list, dict], Shape]:
    def infer(args: list, kwargs: dict) -> Shape:
        shape = shape_of(_argument(args, kwargs, 0, "x", kwargs.get("input")))
        position = None if shape is None else _axis(_argument(args, kwargs, 1, "axis", default_axis), len(shape) + 1)
        return None if position is None else (*shape[:position], 1, *shape[position:])

    return infer


def _squeeze(args: list, kwargs: dict) -> Shape:
    shape = shape_of(_argument(args, kwargs, 0, "x", kwargs.get("input")))
    axis = _argument(args, kwargs, 1, "axis")
    if shape is None:
        return None
    if axis is None:
        return None if None in shape else tuple(d for d in shape if d != 1)
    axes = {_axis(a, len(shape)) for a in (axis if isinstance(axis, (tuple, list)) else (axis,))}
    if None in axes or any(shape[a] != 1 for a in axes):
        return None
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _tile(args: list, kwargs: dict) -> Shape:
    """``ops.tile(x, repeats)``: each axis times its repeat (keras/src/ops/numpy.py ``Tile``)."""
    shape = shape_of(_argument(args, kwargs, 0, "x"))
    repeats = _argument(args, kwargs, 1, "repeats")
    repeats = [repeats] if isinstance(repeats, int) else list(repeats) if isinstance(repeats, (tuple, list)) else None
    if shape is None or repeats is None or not all(isinstance(r, int) for r in repeats):
        return None
    size = max(len(shape), len(repeats))
    full = (1,) * (size - len(shape)) + tuple(shape)
    repeats = [1] * (size - len(repeats)) + repeats
    return tuple(dims.mul(d, r) if d is not None else None for d, r in zip(full, repeats))


def _repeat(args: list, kwargs: dict) -> Shape:
    """``ops.repeat(x, repeats, axis)`` with one repeat count (keras/src/ops/numpy.py ``Repeat``)."""
    shape = shape_of(_argument(args, kwargs, 0, "x"))
    repeats, axis = _argument(args, kwargs, 1, "repeats"), _argument(args, kwargs, 2, "axis")
    if shape is None or not isinstance(repeats, int) or isinstance(repeats, bool):
        return None
    if axis is None:
        return None if None in shape else (dims.mul(dims.product(shape), repeats),)
    position = _axis(axis, len(shape))
    if position is None:
        return None
    return tuple(dims.mul(d, repeats) if i == position and d is not None else d for i, d in enumerate(shape))


def _split(args: list, kwargs: dict) -> Any:
    """``ops.split(x, n, axis=0)``: ``n`` equal parts, a list of shapes (keras/src/ops/numpy.py)."""
    shape = shape_of(_argument(args, kwargs, 0, "x"))
    sections = _argument(args, kwargs, 1, "indices_or_sections", kwargs.get("num_or_size_splits"))
    axis = _argument(args, kwargs, 2, "axis", 0)
    position = None if shape is None else _axis(axis, len(shape))
    if position is None or not isinstance(sections, int) or isinstance(sections, bool) or sections < 1:
        return None
    size = shape[position]
    if isinstance(size, int) and size % sections:
        return None  # Keras raises; no finding is made from an operation's arguments
    part = None if size is None else dims.floordiv(size, sections)
    return [tuple(part if i == position else d for i, d in enumerate(shape))] * sections


def _ranged(start_name: str, stop_name: str, step_name: str) -> Callable[[list, dict], Shape]:
    """``ops.arange(stop)``, ``ops.arange(start, stop, step)`` (``tf.range(start, limit, delta)``):
    one axis of the range's length; None where only the run knows the bound (``ops.shape(x)[1]``
    of a variable-length axis)."""

    def infer(args: list, kwargs: dict) -> Shape:
        start = _argument(args, kwargs, 0, start_name, 0)
        stop, step = _argument(args, kwargs, 1, stop_name), _argument(args, kwargs, 2, step_name, 1)
        if stop is None and stop_name not in kwargs:
            start, stop = 0, start
        if stop is None:
            return (None,)
        bounds = (start, stop, step)
        if all(isinstance(b, int) and not isinstance(b, bool) for b in bounds) and step != 0:
            return (len(range(start, stop, step)),)
        return (stop,) if start == 0 and step == 1 and isinstance(stop, dims.Expr) else None

    return infer


def _filled(args: list, kwargs: dict) -> Shape:
    """``ops.zeros(shape)``, ``ops.ones(shape)``, ``ops.full(shape, value)``."""
    shape = _argument(args, kwargs, 0, "shape")
    shape = (shape,) if isinstance(shape, int) else shape
    if isinstance(shape, (tuple, list)) and all(isinstance(d, int) and not isinstance(d, bool) or d is None for d in shape):
        return tuple(shape)
    return None


def _softmax(args: list, kwargs: dict) -> Shape:
    return shape_of(_argument(args, kwargs, 0, "x"))


_UNARY = ("relu", "sigmoid", "tanh", "exp", "log", "sqrt", "square", "abs", "negative", "gelu", "silu", "swish",
          "softplus", "elu", "selu", "leaky_relu", "hard_sigmoid", "relu6", "sign", "floor", "ceil", "round",
          "rsqrt", "log_softmax", "erf", "sin", "cos", "stop_gradient", "clip")

def _named(name: str, infer: Callable[[list, dict], Shape]) -> Operation:
    """The Operation of ``keras.ops.<name>``, whose Keras 3 class is the name in CamelCase."""
    return Operation("".join(part.title() for part in name.split("_")), infer)


#: keras.ops function -> Operation (the class names are Keras 3's).
KERAS_OPS: dict = {
    **{name: _named(name, _same) for name in _UNARY},
    "softmax": Operation("Softmax", _softmax),
    "add": Operation("Add", _binary),
    "subtract": Operation("Subtract", _binary),
    "multiply": Operation("Multiply", _binary),
    "divide": Operation("Divide", _binary),
    "true_divide": Operation("TrueDivide", _binary),
    "power": Operation("Power", _binary),
    "maximum": Operation("Maximum", _binary),
    "minimum": Operation("Minimum", _binary),
    "matmul": Operation("Matmul", _matmul),
    "mean": Operation("Mean", _reduction()),
    "sum": Operation("Sum", _reduction()),
    "max": Operation("Max", _reduction()),
    "min": Operation("Min", _reduction()),
    "prod": Operation("Prod", _reduction()),
    "std": Operation("Std", _reduction()),
    "var": Operation("Var", _reduction()),
    "concatenate": Operation("Concatenate", _joined(0)),
    "stack": Operation("Stack", _joined(0, stack=True)),
    "reshape": Operation("Reshape", _reshape),
    "transpose": Operation("Transpose", _transpose),
    "expand_dims": Operation("ExpandDims", _expand_dims()),
    "squeeze": Operation("Squeeze", _squeeze),
    "tile": Operation("Tile", _tile),
    "repeat": Operation("Repeat", _repeat),
    "split": Operation("Split", _split),
    "range": Operation("Range", _ranged("start", "limit", "delta"), creates=True),
}
KERAS_OPS["cast"] = Operation("Cast", _same)
KERAS_OPS["arange"] = Operation("Arange", _ranged("start", "stop", "step"), creates=True)
for _name in ("zeros", "ones", "full"):
    KERAS_OPS[_name] = Operation(_name.title(), _filled, creates=True)
# Comparisons and logic: what Keras 3's masks are computed with (see masks.py).
for _name in ("equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and", "logical_or", "logical_xor"):
    KERAS_OPS[_name] = _named(_name, _binary)
for _name in ("logical_not", "zeros_like", "ones_like", "convert_to_tensor"):
    KERAS_OPS[_name] = _named(_name, _same)
KERAS_OPS["any"] = _named("any", _reduction())
KERAS_OPS["all"] = _named("all", _reduction())

#: ``tf.*`` and ``keras.backend.*`` spellings of the same shape functions
#: (their defaults differ: ``K.concatenate`` joins on the last axis).
TENSORFLOW_OPS: dict = {
    "reduce_mean": KERAS_OPS["mean"],
    "reduce_sum": KERAS_OPS["sum"],
    "reduce_max": KERAS_OPS["max"],
    "reduce_min": KERAS_OPS["min"],
    "reduce_prod": KERAS_OPS["prod"],
    "concat": Operation("Concatenate", _joined(0)),
    "split": Operation("Split", _split),
}
BACKEND_OPS: dict = {
    "concatenate": Operation("Concatenate", _joined(-1)),
    "expand_dims": Operation("ExpandDims", _expand_dims(-1)),
}

#: tf.keras 2 wraps a TensorFlow function called on symbolic tensors in a ``TFOpLambda``
#: layer named after the function's canonical TensorFlow name (``tf.reduce_mean`` and
#: ``K.mean`` are both ``tf.math.reduce_mean``), counted like layer names; a slice is a
#: ``SlicingOpLambda``. By the name the code calls (``tf.*``/``K.*``'s last part, or the
#: Python operator); tests/conformance_cases/tf_keras_operation_layers.py checks each with tf_keras.
TF_KERAS_OPERATIONS: dict = {
    "add": "tf.__operators__.add", "sub": "tf.math.subtract", "mul": "tf.math.multiply",
    "truediv": "tf.math.truediv", "getitem": "tf.__operators__.getitem",
    "reduce_mean": "tf.math.reduce_mean", "reduce_sum": "tf.math.reduce_sum", "reduce_max": "tf.math.reduce_max",
    "reduce_min": "tf.math.reduce_min", "concat": "tf.concat", "expand_dims": "tf.expand_dims",
    "reshape": "tf.reshape", "transpose": "tf.compat.v1.transpose", "squeeze": "tf.compat.v1.squeeze",
    "stack": "tf.stack", "tile": "tf.tile", "split": "tf.split", "cast": "tf.cast", "matmul": "tf.linalg.matmul",
    "relu": "tf.nn.relu", "softmax": "tf.nn.softmax", "sigmoid": "tf.math.sigmoid", "tanh": "tf.math.tanh",
}
#: ``keras.backend`` functions of tf.keras 2, by the TensorFlow function they call.
TF_KERAS_BACKEND: dict = {
    "mean": "tf.math.reduce_mean", "sum": "tf.math.reduce_sum", "max": "tf.math.reduce_max",
    "concatenate": "tf.concat", "expand_dims": "tf.expand_dims", "reshape": "tf.reshape",
}


def tf_keras_layer(qualified: str) -> Optional[str]:
    """The TFOpLambda name tf.keras 2 gives a call of ``qualified`` (``tensorflow.nn.relu``,
    ``keras.backend.mean``), or None when it is not known."""
    parts = qualified.split(".")
    table = TF_KERAS_BACKEND if "backend" in parts else TF_KERAS_OPERATIONS if parts[0] == "tensorflow" else {}
    return table.get(parts[-1])


#: Python operators on tensors -> the keras.ops function they call.
OPERATORS = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide", "pow": "power", "matmul": "matmul"}


def _item(shape: tuple, keys: tuple) -> Shape:
    """``x[:, 0]``, ``x[..., None]``, ``x[:, 1:3]``: Keras' ``GetItem``."""
    if sum(1 for key in keys if key is Ellipsis) > 1:
        return None
    used = sum(1 for key in keys if key is not None and key is not Ellipsis)
    if used > len(shape):
        return None
    expanded: list = []
    for key in keys:
        expanded.extend([slice(None)] * (len(shape) - used) if key is Ellipsis else [key])
    expanded.extend([slice(None)] * (len(shape) - sum(1 for key in expanded if key is not None)))
    out: list = []
    axis = 0
    for key in expanded:
        if key is None:
            out.append(1)
            continue
        size = shape[axis]
        axis += 1
        if isinstance(key, int) and not isinstance(key, bool):
            if isinstance(size, int) and not -size <= key < size:
                return None
            continue
        if not isinstance(key, slice) or not all(part is None or isinstance(part, int) for part in (key.start, key.stop, key.step)):
            return None
        if key == slice(None):
            out.append(size)
        elif isinstance(size, int):
            out.append(len(range(size)[key]))
        else:
            out.append(None)
    return tuple(out)


def get_item(value: Any, keys: tuple) -> Shape:
    shape = shape_of(value)
    return None if shape is None else _item(tuple(shape), keys)


GET_ITEM = Operation("GetItem", lambda args, kwargs: get_item(args[0], args[1]))


def lookup(qualified: str) -> Optional[Operation]:
    """The operation a qualified name calls (``keras.ops.mean``, ``tf.reduce_mean``, ``K.mean``...)."""
    parts = qualified.split(".")
    name = parts[-1]
    if "backend" in parts and name in BACKEND_OPS:
        return BACKEND_OPS[name]
    if parts[0] in ("tensorflow", "tf") and "keras" not in parts:
        return TENSORFLOW_OPS.get(name) or KERAS_OPS.get(name)
    return KERAS_OPS.get(name)
