"""Decode and parse a source file, tolerating statements that do not parse.

Legacy Keras code is often Python 2 (``print model.summary()``) and editors
hand us half-typed files. A statement that does not parse is reported once
and blanked out (replaced by ``pass`` at the same indentation, so line
numbers stay put; a broken block header becomes ``if True:`` so its block
still parses), then the file is parsed again, a bounded number of times.
CPython's own parser (``ast.parse``: parsing only, nothing runs) locates the
error precisely and words it the way Python users know.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import libcst as cst

from .guard import Refused, parse_module

if TYPE_CHECKING:
    from .chunks import ChunkCache, Layout

MAX_REPAIRS = 50


class UnreadableSource(Exception):
    """Bytes that are not text in the encoding the file declares; ``line`` and ``column`` (1-based) say where."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based
    column: int  # 1-based
    message: str


@dataclass(frozen=True)
class Parsed:
    module: Optional[cst.Module]  # None when the file could not be repaired
    source: str  # the text that was parsed (after blanking)
    problems: tuple  # SyntaxProblem, one per blanked statement
    layout: Optional[Layout] = None  # the pieces it was assembled from (:mod:`.chunks`), if it was


def decode(data: bytes) -> str:
    """Text of a Python file: PEP 263 cookie or UTF-8 (BOM allowed)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _undecodable(error) from None
    except (SyntaxError, LookupError) as error:
        try:  # detect_encoding reads the first lines as UTF-8: where they are not, say where
            data.decode("utf-8")
        except UnicodeDecodeError as undecodable:
            raise _undecodable(undecodable) from None
        raise UnreadableSource(str(error)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise UnreadableSource("the file contains NUL bytes")
    return text


def _undecodable(error: UnicodeDecodeError) -> UnreadableSource:
    """Where the first undecodable byte is, as an editor counts: its line, and its column in characters."""
    data = error.object
    line_start = data.rfind(b"\n", 0, error.start) + 1
    line = data.count(b"\n", 0, error.start) + 1
    column = len(data[line_start:error.start].decode(error.encoding, errors="replace")) + 1
    message = f"not valid {error.encoding} text (byte 0x{data[error.start]:02x} at line {line}, column {column})"
    return UnreadableSource(message, line, column)


def parse(source: str, pieces: Optional[ChunkCache] = None) -> Parsed:
    """Parse ``source``, blanking out statements that do not parse.

    Every attempt goes through the guard (:func:`kerascheck.guard.parse_module`),
    so a text libcst would crash or stall on is refused, never parsed. With
    ``pieces`` (the editor server's, per document), a text is parsed from the
    top-level statements it shares with the texts before it (:mod:`.chunks`):
    the same module, made faster.
    """
    problems: list = []
    text = source
    emptied: set = set()  # lines already emptied (a blanked ``pass`` that still fails)
    for _ in range(MAX_REPAIRS + 1):
        try:
            chunked = pieces.parse(text) if pieces is not None else None
            if chunked is not None:
                return Parsed(chunked[0], text, tuple(problems), chunked[1])
            return Parsed(parse_module(text), text, tuple(problems))
        except Refused as refused:
            return Parsed(None, text, tuple(problems) + (SyntaxProblem(1, 1, str(refused)),))
        except (cst.ParserSyntaxError, cst.CSTValidationError) as error:  # validation: an identifier libcst rejects
            problem, statement = _locate(text, error)
        if statement is not None:  # valid Python that libcst cannot read: skip the whole statement
            repaired = _blank_statement(text, statement)
        elif problem.message.endswith(_NEVER_CLOSED) or _MISMATCH.search(problem.message):
            problem = _unclosed(text, problem)
            repaired = _blank_unclosed(text, problem.line)
        elif any(p.line == problem.line for p in problems):
            # The blanked line still fails (``pass`` at an inconsistent
            # indentation): empty it instead, once, and never report it twice.
            repaired = None if problem.line in emptied else _empty_line(text, problem.line)
            emptied.add(problem.line)
            if repaired is None:
                return Parsed(None, text, tuple(problems))
            text = repaired
            continue
        else:
            repaired = _blank_line(text, problem.line, header=problem.message.endswith(_EXPECTED_COLON))
        if repaired is None or any(p.line == problem.line for p in problems):
            return Parsed(None, text, tuple(problems) + (problem,))
        problems.append(problem)
        text = repaired
    return Parsed(None, text, tuple(problems))


_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+)")


#: libcst refuses some valid Python (thousands of implicitly concatenated
#: strings exceed its parser's limits; syntax newer than it knows).
_LIBCST_LIMIT = ("valid Python that kerascheck's parser (libcst) cannot read "
                 "(too long or complex a statement, or syntax newer than it knows): skipped")


def _locate(text: str, error: Exception) -> tuple:
    """``(problem, statement)``: where and why; ``statement`` is the ``ast`` statement to skip
    when CPython accepts the text (libcst's limit, not a syntax error), else None."""
    message = getattr(error, "message", str(error))
    found = _LIBCST_POSITION.search(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (getattr(error, "raw_line", 1), getattr(error, "raw_column", 0) + 1)
    try:
        tree = ast.parse(text)
    except SyntaxError as python_error:
        line = python_error.lineno or 1
        column = python_error.offset or 1
        return SyntaxProblem(line, max(column, 1), f"SyntaxError: {python_error.msg}"), None
    except (ValueError, RecursionError, MemoryError):
        pass
    else:
        statement = _statement_at(tree, max(line, 1))
        if statement is not None:
            return SyntaxProblem(statement.lineno, statement.col_offset + 1, _LIBCST_LIMIT), statement
    return SyntaxProblem(max(line, 1), max(column, 1), "SyntaxError: " + message.replace("parser error: ", "")), None


def _statement_at(tree: ast.AST, line: int) -> Optional[ast.stmt]:
    """The innermost statement whose lines contain ``line`` (or the last one before it)."""
    best = None
    body = getattr(tree, "body", [])
    while body:
        chosen = None
        for node in body:
            if isinstance(node, ast.stmt) and node.lineno <= line:
                chosen = node
        if chosen is None:
            break
        best = chosen
        if not (chosen.lineno <= line <= (chosen.end_lineno or chosen.lineno)):
            break
        inner = [child for field in ("body", "orelse", "finalbody", "handlers", "cases") for child in getattr(chosen, field, []) or []]
        flat = []
        for child in inner:
            if isinstance(child, ast.stmt):
                flat.append(child)
            else:  # an except clause or a match case: its statements
                flat.extend(getattr(child, "body", []))
        body = [child for child in flat if child.lineno <= line <= (child.end_lineno or child.lineno)]
    return best


def _blank_statement(text: str, statement: ast.stmt) -> Optional[str]:
    """``statement`` (on lines of its own) replaced by ``pass`` and empty lines, keeping line numbers."""
    lines = text.splitlines(keepends=True)
    first, last = statement.lineno, statement.end_lineno or statement.lineno
    if not 1 <= first <= last <= len(lines):
        return None
    head = lines[first - 1]
    if head[: statement.col_offset].strip() or lines[last - 1].rstrip("\r\n")[statement.end_col_offset or 0:].split("#", 1)[0].strip():
        return None  # shares a line with another statement (``a; b``)
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.While, ast.With, ast.Try)):
        return None  # a block whose body did not contain the problem: give up rather than guess
    for number in range(first, last + 1):
        original = lines[number - 1]
        ending = original[len(original.rstrip("\r\n")):]
        lines[number - 1] = (head[: statement.col_offset] + "pass" if number == first else "") + ending
    return "".join(lines)


def _empty_line(text: str, line: int) -> Optional[str]:
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return None
    original = lines[line - 1]
    lines[line - 1] = original[len(original.rstrip("\r\n")):]
    return "".join(lines)


_NEVER_CLOSED = "was never closed"
_EXPECTED_COLON = "expected ':'"
_MISMATCH = re.compile(r"closing parenthesis '.' does not match opening parenthesis '(.)' on line (\d+)")


def _open_brackets(text: str, lines: int) -> list:
    """The brackets still open after the first ``lines`` lines: ``(char, line, column)``, outermost first."""
    head = iter(text.splitlines(keepends=True)[:lines])
    stack: list = []
    try:
        for token in tokenize.generate_tokens(lambda: next(head, "")):
            if token.type == tokenize.OP and token.string in "([{":
                stack.append((token.string, token.start[0], token.start[1] + 1))
            elif token.type == tokenize.OP and token.string in ")]}" and stack:
                stack.pop()
    except (tokenize.TokenError, SyntaxError):  # the end of an unfinished statement, or a bad indentation
        pass
    return stack


def _unclosed(text: str, problem: SyntaxProblem) -> SyntaxProblem:
    """A bracket never closed, reported where it was opened: a closing bracket that does not match
    (``])`` after a half-typed ``layers.Dense(3``) means the opening one on the line Python names."""
    found = _MISMATCH.search(problem.message)
    if found is None:
        return problem
    char, line = found.group(1), int(found.group(2))
    columns = [column for opened, at, column in _open_brackets(text, line) if opened == char and at == line]
    return SyntaxProblem(line, columns[-1] if columns else 1, f"SyntaxError: '{char}' was never closed")


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _blank_unclosed(text: str, line: int) -> Optional[str]:
    """The line of a bracket never closed blanked with its continuation lines (the lines below
    indented deeper), as one statement: one finding, not one more per line that follows it.

    Inside the brackets of a longer statement (a layer of ``Sequential([...])``, an
    argument on its own line) the lines are emptied, so the rest of that statement
    still parses and only what depends on the broken line is lost.
    """
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return None
    depth = len(_open_brackets(text, line - 1))
    end = line
    while end < len(lines) and (not lines[end].strip() or _indentation(lines[end]) > _indentation(lines[line - 1])):
        end += 1
    for number in range(line + 1 if not depth else line, end + 1):
        original = lines[number - 1]
        lines[number - 1] = original[len(original.rstrip("\r\n")):]
    emptied = "".join(lines)
    return emptied if depth else _blank_line(emptied, line)


def _blank_line(text: str, line: int, header: bool = False) -> Optional[str]:
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return None
    original = lines[line - 1]
    stripped = original.lstrip(" \t")
    body = original.rstrip("\r\n")
    if not stripped.strip() or body.strip() == "pass":
        return None
    indent = original[: len(original) - len(stripped)]
    # A broken block header keeps its block: ``def f(:`` (or ``for x in y`` without its colon) becomes ``if True:``.
    replacement = "if True:" if header or body.split("#", 1)[0].rstrip().endswith(":") else "pass"
    lines[line - 1] = indent + replacement + original[len(body):]
    return "".join(lines)
