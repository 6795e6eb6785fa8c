"""The source's libcst tree with what fixers need: positions, parents, imports.

Built once per file whose findings get fixes, only then. The text
is parsed the way the engine parses it (statements that do not parse are
blanked out), so a fix can still be offered elsewhere in a half-typed file;
the blanked lines are remembered so that no edit ever touches them.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, Optional

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, ParentNodeProvider, PositionProvider

from ..imports import ImportTable
from ..parsing import parse
from ..results import Span
from ..target import Target
from .edits import differing_lines


class SourceTree:
    def __init__(self, source: str, target: Optional[Target] = None) -> None:
        self.source = source
        #: The Keras the file was checked against (a fix that keeps behaviour may depend on it); None if not known.
        self.target = target

    @cached_property
    def _parsed(self):
        return parse(self.source)

    @property
    def parsed_source(self) -> str:
        """The text the tree prints back to when untouched (blanked lines included)."""
        return self._parsed.source

    @cached_property
    def blanked(self) -> frozenset:
        """Lines the parser had to blank out: fixes must leave them alone."""
        return differing_lines(self.source, self._parsed.source)

    @cached_property
    def _metadata(self) -> Optional[tuple]:
        if self._parsed.module is None:
            return None
        wrapper = MetadataWrapper(self._parsed.module, unsafe_skip_copy=True)
        return wrapper.resolve(PositionProvider), wrapper.resolve(ParentNodeProvider)

    @property
    def module(self) -> Optional[cst.Module]:
        return self._parsed.module

    @cached_property
    def imports(self) -> Optional[ImportTable]:
        return ImportTable(self.module) if self.module is not None else None

    def span(self, node: cst.CSTNode) -> Optional[Span]:
        if self._metadata is None or node not in self._metadata[0]:
            return None
        return _as_span(self._metadata[0][node])

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self._metadata[1].get(node) if self._metadata is not None else None

    def _located(self, kind: type) -> Iterator[tuple]:
        if self._metadata is not None:
            for node, where in self._metadata[0].items():
                if isinstance(node, kind):
                    yield node, _as_span(where)

    def nodes(self, kind: type) -> list:
        """Every node of a type, in source order."""
        return [node for node, _ in self._located(kind)]

    def call_at(self, span: Span) -> Optional[cst.Call]:
        """The call whose source is exactly ``span`` (how the engine reports a layer)."""
        return self.node_at(span, cst.Call)

    def node_at(self, span: Span, kind: type) -> Optional[cst.CSTNode]:
        """The node of type ``kind`` whose source is exactly ``span``."""
        return next((node for node, where in self._located(kind) if where == span), None)


def _as_span(where: CodeRange) -> Span:
    return Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)
