"""The interpreter's values besides plain Python data: unknowns, scopes, tensors.

Like jedi's values apart from the contexts they live in: a value is what an
expression evaluates to (a folded constant, an :class:`Opaque` unknown named
after its source, a symbolic :class:`Tensor` whose shape is known from the call
that made it), a :class:`Scope` is where names are bound. The objects that
Keras calls build (layers, models) are in :mod:`.objects`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Opaque:
    """A value not known statically, named after its source text."""

    text: str


MISSING = object()


class Scope:
    """Names bound so far, with a parent for enclosing scopes."""

    def __init__(self, parent: Optional["Scope"] = None) -> None:
        self.names: dict = {}
        self.parent = parent

    def lookup(self, name: str) -> Any:
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return MISSING

    def bind(self, name: str, value: Any) -> None:
        self.names[name] = value


def is_static(value: Any) -> bool:
    """Plain Python data (no Opaque, no symbols) that comparisons may use."""
    if isinstance(value, (tuple, list)):
        return all(is_static(item) for item in value)
    return isinstance(value, (int, float, str, bool, bytes)) or value is None


@dataclass(frozen=True, eq=False)
class Tensor:
    """A symbolic tensor of the functional API: output ``index`` of its producer.

    Like Keras' ``KerasTensor``, it knows its shape from the moment the call
    that makes it is read, so code that follows can use ``x.shape``.
    """

    producer: Any  # InputCall | Application
    index: int = 0
    #: Batch axis first; ``None`` when not even the rank is known.
    shape: Optional[tuple] = None

    def attribute(self, name: str) -> Any:
        """``x.shape``, ``x.ndim``, ``x.get_shape()``; anything else is not modelled."""
        if self.shape is None:
            return MISSING
        if name == "shape":
            return TensorShape(self.shape)
        if name == "ndim":
            return len(self.shape)
        if name == "get_shape":
            return BuiltinMethod(lambda args, kwargs: TensorShape(self.shape))
        return MISSING


class TensorShape(tuple):
    """``x.shape``: a tuple, with TensorFlow's ``as_list()`` for tf.keras code."""

    def attribute(self, name: str) -> Any:
        if name == "as_list":
            return BuiltinMethod(lambda args, kwargs: list(self))
        if name == "rank":
            return len(self)
        return MISSING


@dataclass(frozen=True)
class KerasReference:
    """A Keras class or function named but not called: ``RNN = layers.LSTM``,
    ``def block(x, conv=layers.Conv2D)``, ``getattr(layers, "Dense")``."""

    member: str  # its last name, as ``ImportTable.keras_member`` gives it


@dataclass(frozen=True)
class Partial:
    """``functools.partial(layers.Conv2D, padding="same")``: a callable with arguments bound."""

    function: Any
    args: tuple
    kwargs: tuple  # (keyword, value) pairs


@dataclass(frozen=True)
class BuiltinMethod:
    """A method of a modelled object, looked up but not called yet (``x.get_shape``)."""

    function: Any  # (args, kwargs) -> value

    def call(self, args: list, kwargs: dict) -> Any:
        return self.function(args, kwargs)


def detached(shape: Any) -> Any:
    """Tensor(s) of ``shape`` (a list of shapes gives a list) that no graph node produced: a
    weight, or what an operation returns inside a layer's own ``call``."""
    if isinstance(shape, list):
        return [Tensor(None, 0, item) for item in shape]
    return Tensor(None, 0, shape)
