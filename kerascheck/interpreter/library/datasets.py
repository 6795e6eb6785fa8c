"""Arrays whose shape the source determines: Keras' datasets and their usual
transformations, so that ``input_shape=x_train.shape[1:]`` is known.

``keras.datasets.<name>.load_data()`` returns arrays of documented shapes; the
common NumPy/Keras steps before a model (``reshape`` with -1,
``np.expand_dims``, ``astype``, arithmetic, slicing, ``to_categorical``,
``pad_sequences``) keep or change those shapes predictably. Nothing is
loaded: an :class:`ArrayValue` is only a shape. A count the documentation
does not give stays a symbol named after its source.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ... import dims
from ...dims import symbol
from ..values import MISSING, Opaque

#: (x_train, y_train), (x_test, y_test) shapes, as Keras documents them
#: (``keras/src/datasets/<name>.py``; a test reads them back from there).
_MNIST = (((60000, 28, 28), (60000,)), ((10000, 28, 28), (10000,)))
_CIFAR = (((50000, 32, 32, 3), (50000, 1)), ((10000, 32, 32, 3), (10000, 1)))
DATASETS = {
    "mnist": _MNIST,
    "fashion_mnist": _MNIST,
    "cifar10": _CIFAR,
    "cifar100": _CIFAR,
    # Sequences of word indices (one Python list per sample), or feature tables:
    # their sample counts depend on arguments, so they stay symbolic.
    "imdb": (((None,), (None,)), ((None,), (None,))),
    "reuters": (((None,), (None,)), ((None,), (None,))),
    "boston_housing": (((None, 13), (None,)), ((None, 13), (None,))),
    "california_housing": (((None, 8), (None,)), ((None, 8), (None,))),
}

#: The largest label of each classification dataset, as Keras documents it ("integers
#: in range 0-9"; reuters: its 46 ``get_label_names()``), with the default arguments
#: of ``load_data`` (a test reads them back from keras/src/datasets/). Every label
#: occurs, so ``np.max(y_train) + 1`` and ``len(np.unique(y_train))`` are the class count.
LABEL_MAX = {"mnist": 9, "fashion_mnist": 9, "cifar10": 9, "cifar100": 99, "imdb": 1, "reuters": 45}

#: ``load_data`` arguments that change the labels (``cifar100.load_data(label_mode="coarse")``).
_LABEL_ARGUMENTS = {"cifar100": "label_mode"}

_SPLITS = ("train", "test")


def load_data(dataset: str, arguments: dict) -> Any:
    """The value ``keras.datasets.<dataset>.load_data(**arguments)`` returns, as shapes."""
    table = DATASETS.get(dataset)
    if table is None:
        return MISSING
    largest = None if _LABEL_ARGUMENTS.get(dataset) in arguments else LABEL_MAX.get(dataset)
    out = []
    for split, (x_shape, y_shape) in zip(_SPLITS, table):
        samples = symbol(f"{dataset}_{split}_samples")
        x, y = (tuple(samples if d is None and axis == 0 else d for axis, d in enumerate(shape)) for shape in (x_shape, y_shape))
        out.append((ArrayValue(x), ArrayValue(y, largest)))
    return tuple(out)


@dataclass(frozen=True)
class ArrayValue:
    """An array of known (possibly symbolic) shape; its contents are unknown but
    for a dataset's labels, whose largest value is known."""

    shape: tuple
    largest: Optional[int] = None

    def attribute(self, name: str) -> Any:
        """``x.shape``, ``x.ndim``, ``x.T``, or a method to call later."""
        if name == "shape":
            return self.shape
        if name == "ndim":
            return len(self.shape)
        if name == "size":
            return dims.product(self.shape)
        if name == "T":
            return ArrayValue(tuple(reversed(self.shape)))
        if name in _METHODS:
            return ArrayMethod(self, name)
        return MISSING

    def combine(self, other: Any) -> Any:
        """``x / 255.0``, ``x - mean``: element-wise with a number keeps the shape (not the values)."""
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return ArrayValue(self.shape)
        if isinstance(other, ArrayValue) and other.shape == self.shape:
            return ArrayValue(self.shape)
        return MISSING

    def subscript(self, keys: tuple) -> Any:
        """``x[:1000]``, ``x[..., None]``, ``x[:, :, :, np.newaxis]``."""
        if keys and keys[0] is Ellipsis and all(key is None for key in keys[1:]):
            return ArrayValue(self.shape + (1,) * (len(keys) - 1))
        if len(keys) == 1 and isinstance(keys[0], slice):
            length = _sliced_length(self.shape[0], keys[0])
            return MISSING if length is MISSING else ArrayValue((length, *self.shape[1:]))
        if keys and all(isinstance(key, slice) and key == slice(None) for key in keys[:-1]) and keys[-1] is None:
            return ArrayValue(self.shape[: len(keys) - 1] + (1,) + self.shape[len(keys) - 1:])
        return MISSING


@dataclass(frozen=True)
class ArrayMethod:
    """``x.reshape`` before it is called."""

    array: ArrayValue
    name: str

    def call(self, args: list, kwargs: dict) -> Any:
        return _METHODS[self.name](self.array, args, kwargs)


def _sliced_length(length: Any, key: slice) -> Any:
    bounds = (key.start, key.stop)
    if key.step not in (None, 1) or not all(b is None or isinstance(b, int) and not isinstance(b, bool) for b in bounds):
        return MISSING
    if isinstance(length, int):
        return len(range(length)[key])
    start, stop = key.start or 0, key.stop
    if isinstance(start, int) and start >= 0 and isinstance(stop, int) and stop >= 0:
        return symbol(f"min({stop}, samples) - {start}") if start else symbol(f"min({stop}, samples)")
    return MISSING


def reshape(array: ArrayValue, target: Any) -> Any:
    """``reshape`` with at most one -1, which takes what is left."""
    if not isinstance(target, (tuple, list)):
        target = (target,)
    if not all(isinstance(d, int) or isinstance(d, (dims.Expr, Opaque)) for d in target):
        return MISSING
    target = tuple(symbol(d.text) if isinstance(d, Opaque) else d for d in target)
    if sum(1 for d in target if d == -1) > 1:
        return MISSING
    if -1 not in target:
        return ArrayValue(target)
    rest = dims.product(d for d in target if d != -1)
    fill = dims.floordiv(dims.product(array.shape), rest)
    return ArrayValue(tuple(fill if d == -1 else d for d in target))


def _reshape_method(array: ArrayValue, args: list, kwargs: dict) -> Any:
    target = args[0] if len(args) == 1 else tuple(args)
    return reshape(array, kwargs.get("newshape", kwargs.get("shape", target)))


def _same(array: ArrayValue, args: list, kwargs: dict) -> Any:
    return array


def _flatten(array: ArrayValue, args: list, kwargs: dict) -> Any:
    return ArrayValue((dims.product(array.shape),))


class NumpyInteger(int):
    """A NumPy integer scalar (``np.max(y_train)``): an int to arithmetic, but not a
    Python ``int`` to Keras 3, whose ``Dense`` and ``Embedding`` reject it (KC314).
    Arithmetic with Python ints keeps the NumPy type, as NumPy does (the operators
    are set below, from one table)."""

    def __repr__(self) -> str:
        return repr(int(self))


def _keeping_numpy(operation: Callable[[int, int], int], reflected: bool) -> Callable[[NumpyInteger, Any], Any]:
    def method(self: NumpyInteger, other: Any) -> Any:
        if not isinstance(other, int):
            return NotImplemented
        result = operation(other, int(self)) if reflected else operation(int(self), other)
        return NumpyInteger(result) if isinstance(result, int) and not isinstance(result, bool) else result

    return method


for _name, _operation in (("add", operator.add), ("sub", operator.sub), ("mul", operator.mul), ("floordiv", operator.floordiv)):
    setattr(NumpyInteger, f"__{_name}__", _keeping_numpy(_operation, reflected=False))
    setattr(NumpyInteger, f"__r{_name}__", _keeping_numpy(_operation, reflected=True))


def largest(array: Any) -> Any:
    """``y.max()``, ``np.max(y)``, ``max(y)``: a dataset's largest label (a NumPy integer), when known."""
    return NumpyInteger(array.largest) if isinstance(array, ArrayValue) and array.largest is not None else MISSING


def unique(array: Any) -> Any:
    """``np.unique(y)`` of a dataset's labels: every label once."""
    if not isinstance(array, ArrayValue) or array.largest is None:
        return MISSING
    return ArrayValue((array.largest + 1,), array.largest)


def _largest_method(array: ArrayValue, args: list, kwargs: dict) -> Any:
    return largest(array) if not args and not kwargs else MISSING


_METHODS = {
    "reshape": _reshape_method, "astype": _same, "copy": _same, "flatten": _flatten, "ravel": _flatten,
    "max": _largest_method,
}


def expand_dims(array: Any, axis: Any) -> Any:
    if not isinstance(array, ArrayValue) or not isinstance(axis, int):
        return MISSING
    rank = len(array.shape) + 1
    if not -rank <= axis < rank:
        return MISSING
    position = axis % rank
    return ArrayValue(array.shape[:position] + (1,) + array.shape[position:])


def _size(value: Any, unknown: str) -> Any:
    """A size argument: given (a symbol if not static), or named ``unknown`` when absent."""
    if value is None:
        return symbol(unknown)
    return symbol(value.text) if isinstance(value, Opaque) else value


def to_categorical(labels: Any, num_classes: Any, source: str) -> Any:
    """One-hot labels: ``(samples, num_classes)``."""
    if not isinstance(labels, ArrayValue):
        return MISSING
    shape = labels.shape[:-1] if labels.shape and labels.shape[-1] == 1 and len(labels.shape) > 1 else labels.shape
    if num_classes is None and labels.largest is not None:
        num_classes = labels.largest + 1
    return ArrayValue((*shape, _size(num_classes, f"{source}.max() + 1")))


def pad_sequences(sequences: Any, maxlen: Any, source: str) -> Any:
    """``(samples, maxlen)``; without ``maxlen``, the longest sequence's length."""
    if not isinstance(sequences, ArrayValue):
        return MISSING
    return ArrayValue((sequences.shape[0], _size(maxlen, f"longest sequence in {source}")))
