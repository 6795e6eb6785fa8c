"""The project's own layers, declared in ``pyproject.toml`` so their models stay predictable.

.. code-block:: toml

    [tool.kerascheck.layers.PositionalEmbedding]   # keeps its input shape
    output = "input"

    [tool.kerascheck.layers.MyDense]               # (batch, units), from an argument
    arguments = ["units"]                          # positional parameters, in order
    output = "(batch, units)"
    params = "input[-1] * units + units"

``output`` and ``params`` (and ``non_trainable``) are Python expressions over
``input`` (the input shape, batch axis first), ``batch`` and the layer's
arguments by name. They are folded by kerascheck's own safe evaluator: never
executed, and an argument that is not static becomes a symbol. They are
parsed through the same guard as source files (:mod:`kerascheck.guard`): a
declaration nested or long enough to crash or stall the parser is refused as
a configuration mistake, never parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

import libcst as cst

from .guard import Refused, parse_expression
from .layers.registry import Args, Inference, LayerSpec, Undetermined, as_dim
from .interpreter.expressions import Evaluator
from .interpreter.values import Opaque, Scope

_KEYS = {"arguments", "output", "params", "non_trainable"}


@dataclass(frozen=True)
class CustomLayer:
    name: str
    arguments: tuple = ()
    output: str = "input"
    params: str = "0"
    non_trainable: str = "0"

    def spec(self) -> LayerSpec:
        return LayerSpec(
            name=self.name,
            group="custom",
            positional=self.arguments,
            keywords=frozenset(self.arguments),
            infer=self.infer,
            needs="its declaration in [tool.kerascheck.layers]",
        )

    def infer(self, args: Args, shape: tuple) -> Inference:
        scope = Scope()
        scope.bind("input", shape)
        scope.bind("batch", shape[0])
        for name in self.arguments:
            scope.bind(name, args.values.get(name, Opaque(name)))
        for name, value in args.values.items():
            scope.bind(name, value)
        out = _evaluate(self.output, scope)
        if not isinstance(out, (tuple, list)):
            raise Undetermined(f"the declared output of {self.name} ({self.output}) is not a shape here")
        return Inference(
            tuple(as_dim(d) for d in out),
            as_dim(_evaluate(self.params, scope)),
            as_dim(_evaluate(self.non_trainable, scope)),
        )


@lru_cache(maxsize=256)
def _parsed(text: str) -> cst.BaseExpression:
    return parse_expression(text)


_EVALUATOR = Evaluator(cst.Module(body=[]))


def _evaluate(text: str, scope: Scope) -> Any:
    return _EVALUATOR.eval(_parsed(text), scope)


def specs(declarations: tuple) -> dict:
    """name -> LayerSpec, as the interpreter looks them up."""
    return {layer.name: layer.spec() for layer in declarations}


def parse_declarations(table: Any, where: str) -> tuple:
    """Validate ``[tool.kerascheck.layers]``; a mistake raises ValueError naming the key."""
    if not isinstance(table, Mapping):
        raise ValueError(f"{where}: `layers` must be a table of layer declarations")
    declared = []
    for name, entry in table.items():
        key = f"layers.{name}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: `{key}` must be a table with keys {sorted(_KEYS)}")
        unknown = set(entry) - _KEYS
        if unknown:
            raise ValueError(f"{where}: unknown key `{key}.{sorted(unknown)[0]}`; allowed: {', '.join(sorted(_KEYS))}")
        arguments = entry.get("arguments", [])
        if not isinstance(arguments, list) or not all(isinstance(a, str) and a.isidentifier() for a in arguments):
            raise ValueError(f"{where}: `{key}.arguments` must be a list of parameter names")
        texts = {field: entry.get(field, default) for field, default in (("output", "input"), ("params", "0"), ("non_trainable", "0"))}
        for field, text in texts.items():
            if not isinstance(text, str):
                raise ValueError(f"{where}: `{key}.{field}` must be a string expression")
            try:
                _parsed(text)
            except cst.ParserSyntaxError:
                raise ValueError(f"{where}: `{key}.{field}` is not a valid expression: {_shorten(text)!r}") from None
            except Refused as refused:
                raise ValueError(f"{where}: `{key}.{field}` is refused: {refused}") from None
        declared.append(CustomLayer(name, tuple(arguments), texts["output"], texts["params"], texts["non_trainable"]))
    return tuple(declared)


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"
