"""Python's lists and dicts, as model code collects tensors and layers in them.

``skips.append(x)`` in a U-Net's encoder, ``features.extend(...)``,
``outputs[name] = head(x)``, ``blocks.pop()``: each method changes the
interpreter's own list or dict (the value the names hold), as Python would,
and tells the interpreter through ``changed(container, known)``. Changed
inside an uncertain region (an undecided ``if``, a loop repeated an unknown
number of times) a container's contents differ from path to path, so the
interpreter makes the names holding it unknown afterwards; changed with a
value that is not known (``extend`` of an opaque sequence, a key that is not
static) its contents are unknown at once (``known`` False). A method not
modelled here is MISSING: the call's result is unknown, the container as it was.
"""

from __future__ import annotations

from typing import Any, Callable

from .. import expressions
from ..values import MISSING, BuiltinMethod, is_static

#: ``changed(container, known)``: the interpreter's hook, called after every change.
Changed = Callable[[Any, bool], None]

#: A method: (container, positional arguments, keyword arguments, changed) -> its result.
Method = Callable[[Any, list, dict, Changed], Any]


def _index(value: Any, length: int, insert: bool = False) -> Any:
    """A static position of a list of ``length`` (``insert`` may also name the end), or None."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    if insert:
        return value
    return value if -length <= value < length else None


def _append(items: list, args: list, kwargs: dict, changed: Changed) -> Any:
    if len(args) != 1 or kwargs or len(items) >= expressions.MAX_SEQUENCE:
        changed(items, False)
        return None
    items.append(args[0])
    changed(items, True)
    return None


def _extend(items: list, args: list, kwargs: dict, changed: Changed) -> Any:
    values = args[0] if len(args) == 1 and not kwargs else None
    if not isinstance(values, (list, tuple)) or len(items) + len(values) > expressions.MAX_SEQUENCE:
        changed(items, False)
        return None
    items.extend(values)
    changed(items, True)
    return None


def _insert(items: list, args: list, kwargs: dict, changed: Changed) -> Any:
    position = _index(args[0], len(items), insert=True) if len(args) == 2 and not kwargs else None
    if position is None:
        changed(items, False)
        return None
    items.insert(position, args[1])
    changed(items, True)
    return None


def _pop_list(items: list, args: list, kwargs: dict, changed: Changed) -> Any:
    position = _index(args[0], len(items)) if args else (-1 if items else None)
    if kwargs or len(args) > 1 or position is None:
        changed(items, False)
        return MISSING
    value = items.pop(position)
    changed(items, True)
    return value


def _reverse(items: list, args: list, kwargs: dict, changed: Changed) -> Any:
    items.reverse()
    changed(items, True)
    return None


def _clear(container: Any, args: list, kwargs: dict, changed: Changed) -> Any:
    container.clear()
    changed(container, True)
    return None


def _copy(container: Any, args: list, kwargs: dict, changed: Changed) -> Any:
    return container.copy()


def _static_key(args: list, kwargs: dict, count: int) -> bool:
    return not kwargs and len(args) in count and _hashable(args[0])


def _hashable(key: Any) -> bool:
    return is_static(key) and not isinstance(key, list)


def _get(mapping: dict, args: list, kwargs: dict, changed: Changed) -> Any:
    if not _static_key(args, kwargs, (1, 2)):
        return MISSING
    return mapping.get(args[0], args[1] if len(args) == 2 else None)


def _setdefault(mapping: dict, args: list, kwargs: dict, changed: Changed) -> Any:
    if not _static_key(args, kwargs, (1, 2)):
        changed(mapping, False)
        return MISSING
    value = mapping.setdefault(args[0], args[1] if len(args) == 2 else None)
    changed(mapping, True)
    return value


def _pop_dict(mapping: dict, args: list, kwargs: dict, changed: Changed) -> Any:
    if not _static_key(args, kwargs, (1, 2)) or (len(args) == 1 and args[0] not in mapping):
        changed(mapping, False)
        return MISSING
    value = mapping.pop(*args)
    changed(mapping, True)
    return value


def _update(mapping: dict, args: list, kwargs: dict, changed: Changed) -> Any:
    other = args[0] if len(args) == 1 else {} if not args else None
    if not isinstance(other, dict):
        changed(mapping, False)
        return None
    mapping.update(other)
    mapping.update(kwargs)
    changed(mapping, True)
    return None


def _view(kind: str) -> Method:
    """``keys()``, ``values()``, ``items()``: a list of them as they are now."""

    def view(mapping: dict, args: list, kwargs: dict, changed: Changed) -> Any:
        return list(getattr(mapping, kind)()) if not args and not kwargs else MISSING

    return view


LIST_METHODS: dict = {
    "append": _append,
    "extend": _extend,
    "insert": _insert,
    "pop": _pop_list,
    "reverse": _reverse,
    "clear": _clear,
    "copy": _copy,
}

DICT_METHODS: dict = {
    "get": _get,
    "setdefault": _setdefault,
    "pop": _pop_dict,
    "update": _update,
    "clear": _clear,
    "copy": _copy,
    "keys": _view("keys"),
    "values": _view("values"),
    "items": _view("items"),
}

_TABLES = ((list, LIST_METHODS), (dict, DICT_METHODS))


def method(container: Any, name: str, changed: Changed) -> Any:
    """``container.name`` as a callable, or MISSING when it is not a modelled method."""
    table = next((table for kind, table in _TABLES if isinstance(container, kind)), {})
    function = table.get(name)
    if function is None:
        return MISSING
    return BuiltinMethod(lambda args, kwargs: function(container, list(args), dict(kwargs), changed))


def set_item(container: Any, key: Any, value: Any, changed: Changed) -> None:
    """``container[key] = value``: a static position of a list or a static key of a dict."""
    if isinstance(container, list) and _index(key, len(container)) is not None:
        container[key] = value
        changed(container, True)
    elif isinstance(container, dict) and _hashable(key):
        container[key] = value
        changed(container, True)
    elif isinstance(container, (list, dict)):
        changed(container, False)


def get_item(container: dict, key: Any) -> Any:
    """``mapping[key]`` for a static key it holds; MISSING otherwise."""
    return container[key] if _hashable(key) and key in container else MISSING
