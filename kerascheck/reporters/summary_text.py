"""The predicted ``model.summary()`` of every model, then the file's findings."""

from __future__ import annotations

from ..summary import render_summary
from . import concise
from .common import PLAIN, Context


def render(results: list, context: Context = PLAIN) -> str:
    out = []
    for result in results:
        if not result.models and not result.diagnostics:
            continue
        out.append(f"== {result.path}\n")
        out.extend(render_summary(model) + "\n" for model in result.models)
        out.append(concise.render([result], context))
    return "".join(out)
