"""The JSON contract that CI tools and editors build on (see README).

Positions are in the file as stored; a notebook's records add ``cell``: the
cell and the position within it (see :mod:`kerascheck.notebooks`).
"""

from __future__ import annotations


from .. import __version__
from ..dims import to_json
from .common import PLAIN, Context, file_span, in_cell, json_text


def _shape(shape: object) -> object:
    """A shape as a list of dims; several outputs (a list of shapes) as a list of those."""
    if isinstance(shape, list):
        return [_shape(item) for item in shape]
    return None if shape is None else [to_json(d) for d in shape]  # type: ignore[union-attr]


def _count(count: object) -> object:
    return None if count is None else to_json(count)  # type: ignore[arg-type]


def _where(result: object, span: object, end: bool = False) -> dict:
    """``line``/``column`` (and the ends) in the file as stored; in a notebook, where the line is
    written in the ``.ipynb`` text, plus ``cell``: the cell (from 1, markdown cells included) and
    the position within it."""
    stored = file_span(result, span)
    where = {"line": stored.line, "column": stored.column}
    if end:
        where.update(end_line=stored.end_line, end_column=stored.end_column)
    number, inner = in_cell(result, span)
    if number is not None:
        where["cell"] = {"index": number, "line": inner.line, "column": inner.column}
        if end:
            where["cell"].update(end_line=inner.end_line, end_column=inner.end_column)
    return where


def _layer(result: object, layer: object) -> dict:
    return {
        "name": layer.name,
        "type": layer.type or None,  # a class name, or null when no class is known (the notes say what it is)
        **_where(result, layer.span),
        "output_shape": _shape(layer.output_shape),
        "params": _count(layer.params),
        "trainable_params": _count(layer.trainable),
        "non_trainable_params": _count(layer.non_trainable),
    }


def _model(result: object, model: object) -> dict:
    return {
        "name": model.name,
        "type": model.type,
        **_where(result, model.span),
        "input_shape": _shape(model.input_shape),
        "layers": [_layer(result, layer) for layer in model.layers],
        "total_params": _count(model.total_params),
        "trainable_params": _count(model.trainable_params),
        "non_trainable_params": _count(model.non_trainable_params),
        "notes": list(model.notes),
        "symbolic": model.symbolic or None,
    }


def _diagnostic(result: object, d: object) -> dict:
    return {
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        **_where(result, d.span, end=True),
    }


def document(results: list, context: Context = PLAIN) -> dict:
    return {
        "version": __version__,
        "files": [
            {
                "path": result.path,
                "target": context.target(result).as_json(),
                "models": [_model(result, model) for model in result.models],
                "diagnostics": [_diagnostic(result, d) for d in result.diagnostics],
                "notes": list(result.notes),
            }
            for result in results
        ],
    }


def render(results: list, context: Context = PLAIN) -> str:
    return json_text(document(results, context))
