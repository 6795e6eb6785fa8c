"""Drawing a :class:`kerascheck.diagram.Graph`: one module per format, each ``render(graph) -> str``."""

from __future__ import annotations

from typing import Callable

#: ``graph --format`` names.
FORMATS = ("mermaid", "dot", "svg")


def renderer(name: str) -> Callable:
    """The ``render(graph) -> str`` of format ``name`` (the modules are imported only when a diagram is drawn)."""
    from . import dot, mermaid, svg

    return {"mermaid": mermaid.render, "dot": dot.render, "svg": svg.render}[name]
