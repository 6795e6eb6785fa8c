"""Python's builtins and ``math``, as far as model sizes are computed with them.

``range(n)``, ``len(x)``, ``int(units / 2)``, ``max(8, filters // 4)``,
``sum(widths)``, ``zip(filters, strides)``, ``enumerate(blocks)``,
``math.prod(shape)``, ``np.prod(shape[1:])``: each folds static arguments to
a static result, bounded like every value (no huge sequences); anything else
is not modelled (MISSING), and the caller keeps the value opaque.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

from .. import expressions
from ..values import MISSING
from .datasets import ArrayValue, largest

Arguments = tuple  # (positional values, (keyword, value) pairs)


def _numbers(values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _sequence(value: Any) -> Optional[tuple]:
    return tuple(value) if isinstance(value, (tuple, list, range)) and len(value) <= expressions.MAX_SEQUENCE else None


def _range(arguments: Arguments) -> Any:
    args, kwargs = arguments
    if kwargs or not 1 <= len(args) <= 3 or not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        return MISSING
    span = range(*args)
    return tuple(span) if len(span) <= expressions.MAX_SEQUENCE else MISSING


def _len(arguments: Arguments) -> Any:
    args, kwargs = arguments
    if len(args) != 1 or kwargs:
        return MISSING
    if isinstance(args[0], (tuple, list, str, dict)):
        return len(args[0])
    if isinstance(args[0], ArrayValue) and args[0].shape:
        return args[0].shape[0]
    return MISSING  # an unknown value, or a 0-d array (Python raises)


def _extremum(pick: Callable) -> Callable[[Arguments], Any]:
    def fold(arguments: Arguments) -> Any:
        args, kwargs = arguments
        if pick is max and len(args) == 1 and not kwargs and isinstance(args[0], ArrayValue):
            return largest(args[0])  # ``max(y_train)``: a dataset's largest label
        values = _sequence(args[0]) if len(args) == 1 else tuple(args)
        return pick(values) if not kwargs and values and _numbers(values) else MISSING

    return fold


def _sum(arguments: Arguments) -> Any:
    args, kwargs = arguments
    values = _sequence(args[0]) if args else None
    start = args[1] if len(args) > 1 else 0
    return sum(values, start) if values is not None and not kwargs and _numbers((*values, start)) else MISSING


def _product(arguments: Arguments) -> Any:
    args, _ = arguments
    values = _sequence(args[0]) if args else None
    if values is None or not _numbers(values):
        return MISSING
    result = math.prod(values)
    return result if abs(result) <= expressions.MAX_INT else MISSING


def _number(kind: type) -> Callable[[Arguments], Any]:
    def fold(arguments: Arguments) -> Any:
        args, kwargs = arguments
        if len(args) != 1 or kwargs or not _numbers(args) or abs(args[0]) > expressions.MAX_INT:
            return MISSING
        return kind(args[0])

    return fold


def _unary(function: Callable) -> Callable[[Arguments], Any]:
    def fold(arguments: Arguments) -> Any:
        args, kwargs = arguments
        return function(*args) if len(args) == 1 and not kwargs and _numbers(args) else MISSING

    return fold


def _round(arguments: Arguments) -> Any:
    args, kwargs = arguments
    if kwargs or not 1 <= len(args) <= 2 or not _numbers(args):
        return MISSING
    return round(*args)


def _zip(arguments: Arguments) -> Any:
    args, kwargs = arguments
    sequences = [_sequence(a) for a in args]
    return tuple(zip(*sequences)) if args and not kwargs and all(s is not None for s in sequences) else MISSING


def _enumerate(arguments: Arguments) -> Any:
    args, kwargs = arguments
    values = _sequence(args[0]) if args else None
    start = args[1] if len(args) > 1 else kwargs[0][1] if kwargs and kwargs[0][0] == "start" else 0
    return tuple(enumerate(values, start)) if values is not None and isinstance(start, int) else MISSING


def _collection(kind: type) -> Callable[[Arguments], Any]:
    def fold(arguments: Arguments) -> Any:
        args, kwargs = arguments
        values = _sequence(args[0]) if len(args) == 1 and not kwargs else None
        return kind(values) if values is not None else MISSING

    return fold


#: Builtin name -> fold of its (evaluated) arguments; used when the file does not rebind the name.
BUILTINS: dict = {
    "range": _range,
    "len": _len,
    "max": _extremum(max),
    "min": _extremum(min),
    "sum": _sum,
    "int": _number(int),
    "float": _number(float),
    "abs": _unary(abs),
    "round": _round,
    "zip": _zip,
    "enumerate": _enumerate,
    "tuple": _collection(tuple),
    "list": _collection(list),
}

#: ``math.*`` and NumPy's scalar helpers, by qualified name.
MATH: dict = {
    "math.prod": _product,
    "numpy.prod": _product,
    "math.ceil": _unary(math.ceil),
    "math.floor": _unary(math.floor),
    "math.sqrt": _unary(math.sqrt),
    "numpy.sqrt": _unary(math.sqrt),
}
