"""The predicted ``model.summary()`` of every model, then the file's findings.

Each file's header says which Keras the numbers are for and why
(``== model.py (Keras 2, from requirements.txt: tensorflow==2.12)``):
parameter counts and accepted arguments differ between Keras versions. A
notebook's models are shown under the cell that creates each (``-- cell 3``).
"""

from __future__ import annotations

from ..summary import render_summary
from . import concise
from .common import PLAIN, Context, models_by_cell, printable, printable_model


def render(results: list, context: Context = PLAIN) -> str:
    out = []
    for result in results:
        if not result.models and not result.diagnostics:
            continue
        out.append(f"== {printable(result.path)} ({printable(context.target(result).describe())})\n")
        out.extend(f" Note: {printable(note)}\n" for note in result.notes)
        for cell, models in models_by_cell(result):
            if cell is not None:
                out.append(f"-- cell {cell}\n")
            for model in map(printable_model, models):
                out.append(render_summary(model) + "\n")
                if context.cost_batch is not None:
                    from ..cost_summary import render_costs

                    out.append(render_costs(model, context.cost_batch) + "\n")
        out.append(concise.render([result], context))
    return "".join(out)
