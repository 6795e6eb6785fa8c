"""Source positions of the few calls a file reports, without libcst's position pass.

libcst's ``PositionProvider`` regenerates the whole module while recording a
range for every node: about twice the cost of parsing it, paid by every file
that builds a model, for the handful of layer calls we report. CPython's own
parser (``ast.parse``: parsing only, nothing runs) is about ten times faster
than libcst's and records where every call starts and ends. So the k-th
``Call`` of the libcst tree, in source order (:mod:`.walk`), is located by the k-th call of
the ``ast`` tree, in source order.

The correspondence is checked (same number of calls, same callee name and
argument count for every call located) and falls back to ``PositionProvider``
whenever it does not hold (syntax ``ast`` of this Python rejects, a parser
difference), so a position is never wrong, only occasionally slower.
Both are computed lazily, once per file, on the first ``locate``. A module
assembled from pieces (:mod:`.chunks`, the editor server) is paired piece by
piece, on each piece's own ``ast`` tree, once per piece: its lines counted
from the piece's first line.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from typing import TYPE_CHECKING, Any, Callable, Optional

import libcst as cst

from .guard import python_ast
from .results import Span
from .walk import calls as libcst_calls, statements

if TYPE_CHECKING:
    from .chunks import Layout

#: Where nothing better is known (a call made up by the interpreter).
NOWHERE = Span(1, 1, 1, 1)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Positions:
    """``locate(node)``: the 1-based span of a ``Call`` (or any node) of ``module``."""

    def __init__(self, module: cst.Module, source: Optional[str] = None, layout: Optional[Layout] = None) -> None:
        self.module = module
        self.source = module.code if source is None else source
        self.layout = layout
        self._paired = False
        self._pairs: Optional[dict] = None  # id(libcst Call) -> (ast Call, lines before its tree's first)
        self._table: Optional[dict] = None  # PositionProvider's, when pairing failed
        self._lines: Optional[list] = None
        self._ascii: Optional[bool] = None  # bytes are characters: the usual case, checked once
        self._assignments: Optional[dict] = None  # id(libcst Assign) -> (ast Assign, lines before its tree's first)

    def assigned_name(self, assign: cst.Assign, element: Optional[int] = None) -> Span:
        """Where ``x`` (or element ``element`` of ``a, b``) is written in ``x = ...``, by the same
        pairing with ``ast`` as calls; NOWHERE when the pairing does not hold."""
        if self._assignments is None:
            self._assignments = self._paired_by(_pair_assignments, statements, "statements") or {}
        twin, offset = self._assignments.get(id(assign), (None, 0))
        target = twin.targets[0] if twin is not None and twin.targets else None
        if element is not None:
            target = target.elts[element] if isinstance(target, (ast.Tuple, ast.List)) and element < len(target.elts) else None
        if not isinstance(target, ast.Name):
            return NOWHERE
        return self._span(target, offset)

    def locate(self, node: cst.CSTNode) -> Span:
        if not self._paired:
            self._paired = True
            self._pairs = self._paired_by(_pair_calls, libcst_calls, "calls")
        if self._pairs is not None and isinstance(node, cst.Call):
            pair = self._pairs.get(id(node))
            if pair is None:
                return NOWHERE  # made up by the interpreter, not in this module
            if _same_call(node, pair[0]):
                return self._span(*pair)
            self._pairs = None  # the ranks disagree: trust nothing from them
        if self._table is None:
            self._table = _position_table(self.module)
        found = self._table.get(node)
        if found is None:
            return NOWHERE
        return Span(found.start.line, found.start.column + 1, found.end.line, found.end.column + 1)

    def _paired_by(self, pair: Callable, walk: Callable, kind: str) -> Optional[dict]:
        """``id(libcst node) -> (ast node, lines before its tree's first)``: ``pair`` (:func:`_pair_calls`
        or :func:`_pair_assignments`) of the nodes ``walk`` finds (the piece's ``kind`` list) and the
        ``ast`` tree, for the whole file or piece by piece (each piece's pairs kept with it); None
        when a pairing fails."""
        if self.layout is None:
            try:
                tree = python_ast(self.source)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
            pairs = pair(walk(self.module), tree)
            return None if pairs is None else {id(node): (twin, 0) for node, twin in pairs}
        found: dict = {}
        for piece, first_line in self.layout.pieces:
            if kind not in piece.derived:
                piece.derived[kind] = pair(getattr(piece, kind), piece.tree)
            pairs = piece.derived[kind]
            if pairs is None:
                return None
            found.update((id(node), (twin, first_line)) for node, twin in pairs)
        return found

    def _span(self, node: Any, offset: int = 0) -> Span:
        line = node.lineno + offset
        end_line = (node.end_lineno or node.lineno) + offset
        return Span(
            line,
            self._column(line, node.col_offset) + 1,
            end_line,
            self._column(end_line, node.end_col_offset or 0) + 1,
        )

    def _column(self, line: int, byte_offset: int) -> int:
        """``ast`` counts UTF-8 bytes; editors and libcst count characters."""
        if self._ascii is None:
            self._ascii = self.source.isascii()
        if self._ascii:
            return byte_offset
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.source)
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _pair_calls(calls: list, tree: ast.AST) -> Optional[list]:
    """Each libcst call (in source order) with the ``ast`` call at the same rank; None when they disagree."""
    found = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    found.sort(key=lambda c: (c.lineno, c.col_offset, -(c.end_lineno or 0), -(c.end_col_offset or 0)))
    if len(calls) != len(found):
        return None
    return list(zip(calls, found))


def _pair_assignments(statements: list, tree: ast.AST) -> Optional[list]:
    """Each libcst ``x = ...`` (of the statements, in source order) with the ``ast`` one at the same
    rank (single-target ones only, on both sides); None when they disagree."""
    found = sorted((node for node in ast.walk(tree) if isinstance(node, ast.Assign)), key=lambda a: (a.lineno, a.col_offset))
    mine = [node for node in statements if isinstance(node, cst.Assign)]
    if len(mine) != len(found) or any(len(a.targets) != len(b.targets) for a, b in zip(mine, found)):
        return None
    return list(zip(mine, found))


def _same_call(node: cst.Call, twin: ast.Call) -> bool:
    """A cheap check that the pairing by rank paired the same call."""
    if len(node.args) != len(twin.args) + len(twin.keywords):
        return False
    name = _callee(node.func)
    if not name.isascii():
        name = unicodedata.normalize("NFKC", name)
    return name == _callee(twin.func)


def _callee(func: Any) -> str:
    if isinstance(func, (cst.Name, cst.Attribute)):
        return func.value if isinstance(func, cst.Name) else func.attr.value
    if isinstance(func, (ast.Name, ast.Attribute)):
        return func.id if isinstance(func, ast.Name) else func.attr  # NFKC-normalised by CPython
    return "?"


def _position_table(module: cst.Module) -> dict:
    from libcst.metadata import MetadataWrapper, PositionProvider

    return dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
