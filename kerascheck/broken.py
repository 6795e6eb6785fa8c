"""What depends on a line that does not parse.

The parser blanks a statement (or one element of a list) that does not parse,
and the rest of the file is read without it. Inside a model, every layer after
the broken line then gets an input it would not have had (a Flatten() being
typed is missing, so the next Dense sees a 4D tensor): what is found there may
be an effect of the blanking, not of the code. Such a region runs from the
broken line to the last line of the model that holds it; the engine reports no
finding in it (the syntax error is reported, and the file is checked again once
it parses), and the editor shows the layers there as unknown.
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

from .results import ModelResult


def extent(model: ModelResult) -> tuple:
    """The first and last line of a model's creation and layers."""
    spans = [model.span, *(layer.span for layer in model.layers)]
    return min(span.line for span in spans), max(span.end_line for span in spans)


def first_break(model: ModelResult, broken: Sequence[int]) -> Optional[int]:
    """The first broken line among the model's lines, if any."""
    first, last = extent(model)
    return next((line for line in sorted(broken) if first <= line <= last), None)


def dependent(models: Iterable[ModelResult], broken: Sequence[int]) -> list:
    """``(first, last)`` line ranges that depend on a broken line: from it to the end of its model."""
    regions = []
    for model in models:
        line = first_break(model, broken)
        if line is not None:
            regions.append((line, extent(model)[1]))
    return regions


def within(line: int, regions: Iterable[tuple]) -> bool:
    return any(first <= line <= last for first, last in regions)
