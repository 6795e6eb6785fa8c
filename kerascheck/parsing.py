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
from typing import Optional

import libcst as cst

from .guard import nesting_problem

MAX_REPAIRS = 50


class UnreadableSource(Exception):
    """Bytes that are not text in the encoding the file declares."""


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


def decode(data: bytes) -> str:
    """Text of a Python file: PEP 263 cookie or UTF-8 (BOM allowed)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise UnreadableSource(_describe_decode_error(error)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise UnreadableSource("the file contains NUL bytes")
    return text


def _describe_decode_error(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"not valid {error.encoding} text (byte 0x{error.object[error.start]:02x} at offset {error.start})"
    return str(error)


def parse(source: str) -> Parsed:
    """Parse ``source``, blanking out statements that do not parse."""
    refused = nesting_problem(source)  # libcst would crash or stall on it
    if refused is not None:
        return Parsed(None, source, (SyntaxProblem(1, 1, refused),))
    problems = []
    text = source
    for _ in range(MAX_REPAIRS + 1):
        try:
            return Parsed(cst.parse_module(text), text, tuple(problems))
        except (cst.ParserSyntaxError, cst.CSTValidationError) as error:  # validation: an identifier libcst rejects
            problem = _locate(text, error)
        except RecursionError:
            problem = SyntaxProblem(1, 1, "too deeply nested to parse")
            return Parsed(None, text, tuple(problems) + (problem,))
        repaired = _blank_line(text, problem.line)
        if repaired is None or any(p.line == problem.line for p in problems):
            return Parsed(None, text, tuple(problems) + (problem,))
        problems.append(problem)
        text = repaired
    return Parsed(None, text, tuple(problems))


_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+)")


def _locate(text: str, error: Exception) -> SyntaxProblem:
    try:
        ast.parse(text)
    except SyntaxError as python_error:
        line = python_error.lineno or 1
        column = python_error.offset or 1
        return SyntaxProblem(line, max(column, 1), f"SyntaxError: {python_error.msg}")
    except (ValueError, RecursionError, MemoryError):
        pass
    message = getattr(error, "message", str(error))
    found = _LIBCST_POSITION.search(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (getattr(error, "raw_line", 1), getattr(error, "raw_column", 0) + 1)
    return SyntaxProblem(max(line, 1), max(column, 1), "SyntaxError: " + message.replace("parser error: ", ""))


def _blank_line(text: str, line: int) -> Optional[str]:
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        return None
    original = lines[line - 1]
    stripped = original.lstrip(" \t")
    body = original.rstrip("\r\n")
    if not stripped.strip() or body.strip() == "pass":
        return None
    indent = original[: len(original) - len(stripped)]
    # A broken block header keeps its block: ``def f(:`` becomes ``if True:``.
    replacement = "if True:" if body.split("#", 1)[0].rstrip().endswith(":") else "pass"
    lines[line - 1] = indent + replacement + original[len(body):]
    return "".join(lines)
