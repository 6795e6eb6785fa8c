"""Parse a document again after an edit, re-parsing only the top-level statements the edit touched.

The editor server analyses the whole file after every keystroke, and
libcst's parse was most of that (0.6 s of 1.1 s on a 5,000-line file). So a
text is cut, from its characters alone, before lines that can start a
top-level statement (code in the first column that does not continue one:
not ``else:``, ``except``, a closing bracket, nor a line after a decorator;
one such line in :data:`SPACING`, chosen by its own text), and each piece is
parsed alone, by CPython and by libcst, and remembered by its text: an edit
re-parses only the piece it is in.

Why the pieces make exactly the whole file's parse: a piece that CPython
parses alone ends with no bracket, string or continuation line open, so in
the whole file the tokenizer is in the same state at its end, and the next
piece's first line, in the first column, closes every block. Each piece's
statements are therefore the whole file's. Only the blank and comment lines
after a piece's last statement are placed differently: alone they are its
module's footer; in the whole file they are the next statement's leading
lines (the lines an indented block owns are its own in both), which the
assembly moves back. libcst also records a file's default indentation and
line ending (``default_indent``, ``default_newline``: the first ones in it)
and spells only the others out in the tree; a text whose pieces do not all
agree with the whole file's is parsed whole. ``tests/test_chunks.py``
checks the equality (``deep_equals``, and the same code back) on every
sample, generated program and notebook, and on the edge cases.

A piece CPython cannot parse alone (a string whose lines start in the first
column, a bracket closed there) is joined with the pieces after it, one,
then two, four... (up to :data:`MAX_JOINED`); a text that still does not fit
(a syntax error, libcst refusing a statement CPython accepts, a lone ``\\r``
line ending) returns None: the caller parses it whole, which says why.

A piece is one node tree used in one place: a text that occurs twice in a
file gets a second parse, so no node is shared within a module (the
analysis keys its state by node identity). Across analyses the same nodes
are reused; nothing keeps state on them beyond an analysis.
"""

from __future__ import annotations

import ast
import re
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from . import walk
from .guard import parse_module, python_ast

#: Pieces a cache keeps beyond those of the latest text, so an undo finds its parse again.
SPARE = 500
#: A line that can start a piece starts one when its checksum is a multiple of this: pieces of a
#: few statements on average. Fewer, larger pieces parse faster the first time (each parse has a
#: cost of its own) and an edit still re-parses only a few statements; the line's own text decides,
#: so an edit moves no cut but its own line's.
SPACING = 4
#: Pieces joined at most to make one that CPython parses alone (a longer string in the first
#: column, or a syntax error, which no joining mends: then the text is parsed whole).
MAX_JOINED = 128

#: A line that starts with code in the first column...
_CODE = re.compile(r"[^\s#]")
#: ...but continues a statement rather than starting one.
_CONTINUES = re.compile(r"[)\]}]|(?:else|elif|except|finally)\b")

#: A line with no code (a piece's trailing lines).
_BLANK_OR_COMMENT = re.compile(r"[ \t\f]*(?:#.*)?\r?\Z")

#: What the cache holds for a text that CPython does not parse alone (joined with the next pieces).
_INCOMPLETE = "incomplete"
#: ...and for a text that does not fit at all (the whole file is parsed the ordinary way).
_UNFIT = "unfit"


@dataclass(eq=False)
class Piece:
    """One stretch of top-level statements parsed alone (its lines counted from its first)."""

    module: cst.Module
    tree: ast.Module  # CPython's parse: the positions of its calls (:mod:`.positions`)
    has_newline: bool
    calls: list  # :func:`.walk.calls` of it, in source order
    statements: list  # :func:`.walk.statements` of it
    #: Facts other modules compute once per piece (:mod:`.positions`' pairing of calls).
    derived: dict = field(default_factory=dict)

    @cached_property
    def indented(self) -> bool:
        """Whether it holds an indented block: the first such piece sets the file's ``default_indent``."""
        return any(
            isinstance(node, cst.IndentedBlock)
            for statement in self.module.body if isinstance(statement, cst.BaseCompoundStatement)
            for node in walk.every_node(statement)
        )


@dataclass(frozen=True)
class Layout:
    """A text's pieces, in order, each with the 0-based line it starts on."""

    pieces: tuple  # (Piece, first line)


class ChunkCache:
    """The pieces of one document's recent texts, by text (one thread at a time: the server
    analyses a document on one thread at a time). Bounded: the pieces of the latest text and
    :data:`SPARE` more, least recently used first out."""

    def __init__(self, spare: int = SPARE, spacing: int = SPACING) -> None:
        self.spare = spare
        self.spacing = spacing
        self._known: OrderedDict = OrderedDict()  # text -> [Piece, ...] (one per occurrence), or a marker
        self._latest = 0  # pieces of the latest text that fitted

    def parse(self, source: str) -> Optional[tuple]:
        """``(module, layout)``: ``source`` parsed as :func:`~kerascheck.guard.parse_module` parses
        it, from its pieces; None when it does not fit (then parse it whole)."""
        if source.count("\r") != source.count("\r\n"):
            return None  # a lone "\r" ends a line for Python, not for the cut
        pieces: list = []
        try:
            return self._parse(source, pieces)
        finally:
            while len(self._known) > max(len(pieces), self._latest) + self.spare:
                self._known.popitem(last=False)  # least recently used first

    def _parse(self, source: str, pieces: list) -> Optional[tuple]:
        """:meth:`parse`, appending to ``pieces`` each piece and its first line."""
        starts, offsets = _cut(source, self.spacing)
        used: dict = {}  # text -> occurrences so far in this text
        index = 0
        while index < len(starts):
            width = 1
            while True:
                end = min(index + width, len(starts))
                text = source[offsets[starts[index]]:offsets[starts[end]] if end < len(starts) else len(source)]
                found = self._piece(text, used.get(text, 0))
                if found is _UNFIT or (found is _INCOMPLETE and (end == len(starts) or width >= MAX_JOINED)):
                    return None
                if found is not _INCOMPLETE:
                    break
                width *= 2
            used[text] = used.get(text, 0) + 1
            pieces.append((found, starts[index]))
            index = end
        self._latest = len(pieces)
        module = _assemble([piece for piece, _ in pieces])
        return None if module is None else (module, Layout(tuple(pieces)))

    def _piece(self, text: str, occurrence: int) -> object:
        known = self._known.get(text)
        if known is not None:
            self._known.move_to_end(text)
            if not isinstance(known, list):
                return known
            if occurrence < len(known):
                return known[occurrence]
        found = _parse_piece(text)
        if isinstance(found, Piece):
            self._known.setdefault(text, []).append(found)
        else:
            self._known[text] = found
        return found


def _cut(source: str, spacing: int) -> tuple:
    """(the 0-based lines that start a piece, the first being 0; each line's offset in ``source``)."""
    lines = source.split("\n")
    offsets = [0] * (len(lines) + 1)
    starts = [0]
    code = decorated = False  # a code line seen in this piece; the last one in the first column is a decorator
    position = 0
    for number, line in enumerate(lines):
        offsets[number] = position
        position += len(line) + 1
        if not _CODE.match(line):
            continue
        if code and not decorated and not _CONTINUES.match(line) and zlib.crc32(line.encode("utf-8", "surrogatepass")) % spacing == 0:
            starts.append(number)
        code, decorated = True, line.startswith("@")
    offsets[len(lines)] = len(source)
    return starts, offsets


def _parse_piece(text: str) -> object:
    """A :class:`Piece`, or :data:`_INCOMPLETE` (CPython rejects it alone), or :data:`_UNFIT`."""
    try:
        tree = python_ast(text)
    except SyntaxError:
        return _INCOMPLETE
    except (ValueError, RecursionError, MemoryError):
        return _UNFIT
    try:
        module = parse_module(text)  # the guard's parse: it measures the nesting on the same tree
    except Exception:  # refused, or libcst's limits: the whole file's parse says which
        return _UNFIT
    tail = _trailing(text)
    if tail is not None and not module.code.endswith(tail):
        return _INCOMPLETE  # libcst lost some of its last lines: they will not be last once joined
    return Piece(module, tree, "\n" in text, walk.calls(module, remember=False), walk.statements(module, remember=False))


def _trailing(text: str) -> Optional[str]:
    """The text from its last line of code on, when indented blank or comment lines follow that
    line; else None. libcst drops some of those at the end of a file (``x = 1\\n  # a\\n  # b\\n``
    reads back without ``# a``; unindented ones, the usual blank lines and comments, never)."""
    lines = text.split("\n")
    last = len(lines) - 1
    indented = False
    while last > 0 and _BLANK_OR_COMMENT.match(lines[last]):
        indented = indented or lines[last][:1] in (" ", "\t", "\f")
        last -= 1
    return "\n".join(lines[last:]) if indented else None


def _assemble(pieces: list) -> Optional[cst.Module]:
    """The whole file's module from its pieces' ones; None when they do not agree on the
    indentation and line ending libcst leaves implicit."""
    first, last = pieces[0].module, pieces[-1].module
    newline = first.default_newline
    indents = {piece.module.default_indent for piece in pieces if piece.indented}
    if len(indents) > 1 or any(piece.has_newline and piece.module.default_newline != newline for piece in pieces):
        return None
    body: list = list(first.body)
    calls: list = list(pieces[0].calls)
    statements: list = list(pieces[0].statements)
    for before, piece in zip(pieces, pieces[1:]):
        if piece.module.header or not piece.module.body:
            return None
        lead = piece.module.body[0]
        if before.module.footer:  # the blank and comment lines between the pieces' statements
            lead = lead.with_changes(leading_lines=(*before.module.footer, *lead.leading_lines))
        body.append(lead)
        body.extend(piece.module.body[1:])
        calls += piece.calls
        statements.append(lead)  # the piece's first statement, as in this module
        statements += piece.statements[1:]
    module = cst.Module(
        body=body,
        header=first.header,
        footer=last.footer,
        encoding=first.encoding,
        default_indent=indents.pop() if indents else first.default_indent,
        default_newline=newline,
        has_trailing_newline=last.has_trailing_newline,
    )
    walk.known(module, calls, statements)  # the same walks, without walking again
    return module
