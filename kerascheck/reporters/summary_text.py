"""The predicted ``model.summary()`` of every model, then the file's findings."""

from __future__ import annotations

from ..summary import render_summary
from . import concise


def render(results: list) -> str:
    out = []
    for result in results:
        if not result.models and not result.diagnostics:
            continue
        out.append(f"== {result.path}\n")
        out.extend(render_summary(model) + "\n" for model in result.models)
        out.append(concise.render([result]))
    return "".join(out)
