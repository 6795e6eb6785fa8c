"""The JSON contract that CI tools and editors build on (see README)."""

from __future__ import annotations


from .. import __version__
from ..dims import to_json
from .common import PLAIN, Context, json_text


def _shape(shape: object) -> object:
    """A shape as a list of dims; several outputs (a list of shapes) as a list of those."""
    if isinstance(shape, list):
        return [_shape(item) for item in shape]
    return None if shape is None else [to_json(d) for d in shape]  # type: ignore[union-attr]


def _count(count: object) -> object:
    return None if count is None else to_json(count)  # type: ignore[arg-type]


def _layer(layer: object) -> dict:
    return {
        "name": layer.name,
        "type": layer.type,
        "line": layer.span.line,
        "column": layer.span.column,
        "output_shape": _shape(layer.output_shape),
        "params": _count(layer.params),
        "trainable_params": _count(layer.trainable),
        "non_trainable_params": _count(layer.non_trainable),
    }


def _model(model: object) -> dict:
    return {
        "name": model.name,
        "type": model.type,
        "line": model.span.line,
        "column": model.span.column,
        "input_shape": _shape(model.input_shape),
        "layers": [_layer(layer) for layer in model.layers],
        "total_params": _count(model.total_params),
        "trainable_params": _count(model.trainable_params),
        "non_trainable_params": _count(model.non_trainable_params),
        "notes": list(model.notes),
        "symbolic": model.symbolic or None,
    }


def _diagnostic(d: object) -> dict:
    return {
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
    }


def document(results: list, context: Context = PLAIN) -> dict:
    return {
        "version": __version__,
        "files": [
            {
                "path": result.path,
                "target": context.target(result).as_json(),
                "models": [_model(model) for model in result.models],
                "diagnostics": [_diagnostic(d) for d in result.diagnostics],
            }
            for result in results
        ],
    }


def render(results: list, context: Context = PLAIN) -> str:
    return json_text(document(results, context))
