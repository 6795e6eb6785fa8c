"""Source positions, computed only when a position is actually needed.

libcst's PositionProvider costs several bare parses, so a file pays for it
only once something in it is reported or summarised, and then only once.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .results import Span


class Positions:
    """``locate(node)``: the 1-based span of a node of ``module``."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._table: Optional[dict] = None

    def locate(self, node: cst.CSTNode) -> Span:
        if self._table is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._table = dict(wrapper.resolve(PositionProvider))
        found = self._table.get(node)
        if found is None:
            return Span(1, 1, 1, 1)
        return Span(found.start.line, found.start.column + 1, found.end.line, found.end.column + 1)
