"""Drawing a :class:`kerascheck.diagram.Graph`: one module per format, each ``render(graph) -> str``."""

from __future__ import annotations

import importlib
from typing import Callable

#: ``graph --format`` name -> module under ``kerascheck.diagrams``.
FORMATS = {"mermaid": "mermaid", "dot": "dot", "svg": "svg"}


def renderer(name: str) -> Callable:
    """The ``render(graph) -> str`` of format ``name`` (imported only when asked for)."""
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").render
