"""Refuse, with a reason, the sources that would crash or stall the parser.

libcst's native parser recurses once per nesting level on the C stack: about
3,000 nested parentheses, ``not``s or ``and``s kill the process with a
segmentation fault (no exception to catch), and long chains take minutes.
CPython's parser (``ast.parse``: parsing only, nothing runs) has hard limits
and fails fast on them, so it vouches for a source before libcst sees it: a
source it parses is measured on its tree; a source it rejects for being too
nested is refused; a source it rejects for an ordinary syntax error (Python 2)
gets a conservative textual scan instead. Real code nests about 20 deep and
never more than about 100, so refusing beyond ``MAX_DEPTH`` costs nothing.

Every libcst parse of kerascheck goes through :func:`parse_module` or
:func:`parse_expression` here (source files and the expressions of
``[tool.kerascheck.layers]`` alike), so no text reaches libcst unmeasured.
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # libcst is imported by the functions that parse: the size limits cost nothing to import
    import libcst as cst

#: Deeper trees are refused (the deepest module of the standard library and
#: of a few thousand installed packages measures about 100; our recursive
#: passes stay well inside Python's recursion limit at this depth).
MAX_DEPTH = 200
#: Larger sources are refused: a model file is a few kilobytes, and analysing
#: tens of megabytes would take minutes and gigabytes.
MAX_SOURCE_CHARS = 1_000_000
#: Longer expressions in the configuration (``[tool.kerascheck.layers]``) are
#: refused: a declaration is a line of arithmetic over a shape.
MAX_EXPRESSION_CHARS = 10_000
#: CPython's own limit on nested brackets (``too many nested parentheses``).
MAX_BRACKETS = 200
#: For sources CPython cannot parse: operators in one bracketed statement
#: beyond which a chain could nest deep enough to crash libcst.
MAX_OPERATORS_PER_STATEMENT = 2_000

_NESTING_ERRORS = ("too many nested parentheses", "too many levels of indentation", "too complex", "too many statically nested blocks")
_TOKEN = re.compile(r"[()\[\]{}]|\n|\band\b|\bor\b|\bnot\b|\blambda\b|\bif\b|[-+~*/%@|&^<>.]")


class Refused(Exception):
    """A text the parser must not see; ``str(error)`` says why."""


def parse_module(source: str) -> cst.Module:
    """``libcst.parse_module`` behind the guard: :class:`Refused` instead of a crash or a stall.

    libcst's own ``ParserSyntaxError`` passes through (the caller locates it).
    """
    import libcst

    refused = nesting_problem(source)
    if refused is not None:
        raise Refused(refused)
    try:
        return libcst.parse_module(source)
    except (RecursionError, MemoryError):
        raise Refused("too deeply nested to parse") from None


def parse_expression(text: str) -> cst.BaseExpression:
    """``libcst.parse_expression`` behind the guard (length, then nesting as CPython measures it)."""
    import libcst

    refused = expression_problem(text)
    if refused is not None:
        raise Refused(refused)
    try:
        return libcst.parse_expression(text)
    except (RecursionError, MemoryError):
        raise Refused("too deeply nested to parse") from None


def expression_problem(text: str) -> Optional[str]:
    """Why the expression ``text`` is not parsed, or None."""
    if len(text) > MAX_EXPRESSION_CHARS:
        return f"too long to analyse ({len(text):,} characters; the limit is {MAX_EXPRESSION_CHARS:,})"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except (RecursionError, MemoryError):
        return "too deeply nested to parse"
    except SyntaxError as error:
        if any(message in str(error.msg) for message in _NESTING_ERRORS):
            return "too deeply nested to parse"
        return _scan(text)  # an ordinary mistake: libcst reports it
    except ValueError:
        return _scan(text)
    depth = _depth(tree)
    if depth > MAX_DEPTH:
        return f"too deeply nested to analyse ({depth} levels deep; the limit is {MAX_DEPTH})"
    return None


def size_problem(length: int) -> Optional[str]:
    """Why a source of ``length`` characters is not analysed, or None."""
    if length > MAX_SOURCE_CHARS:
        return f"file too large to analyse ({length / 1e6:.1f} MB; the limit is {MAX_SOURCE_CHARS / 1e6:.0f} MB): skipped"
    return None


_last_tree: tuple = (None, None)


def python_ast(source: str) -> ast.AST:
    """CPython's parse of ``source`` (parsing only: nothing runs), kept for the next caller:
    the guard, then the positions of calls and names, all ask it of the same text."""
    global _last_tree
    last = _last_tree  # read once: the editor server analyses documents on several threads
    if last[0] is source:
        return last[1]
    with warnings.catch_warnings():  # "SyntaxWarning: invalid escape sequence" is not ours to print
        warnings.simplefilter("ignore")
        tree = ast.parse(source)
    _last_tree = (source, tree)
    return tree


def nesting_problem(source: str) -> Optional[str]:
    """Why ``source`` is too deeply nested to parse safely, or None."""
    try:
        tree = python_ast(source)
    except (RecursionError, MemoryError):
        return "too deeply nested to parse"
    except SyntaxError as error:
        if any(text in str(error.msg) for text in _NESTING_ERRORS):
            return "too deeply nested to parse"
        return _scan(source)
    except ValueError:  # NUL bytes: decode refuses them before we get here
        return _scan(source)
    depth = _depth(tree)
    if depth > MAX_DEPTH:
        return f"too deeply nested to analyse (expressions {depth} levels deep; the limit is {MAX_DEPTH})"
    return None


def _depth(tree: ast.AST) -> int:
    """Nesting as libcst builds it: ``a and b and c`` nests once per operator."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        step = len(node.values) - 1 if isinstance(node, ast.BoolOp) else 1
        stack.extend((child, depth + step) for child in ast.iter_child_nodes(node))
    return deepest


def _scan(source: str) -> Optional[str]:
    """A conservative textual measure for sources CPython cannot parse.

    Strings and comments are not told apart from code, so this over-counts:
    at worst an unparseable file with an enormous expression is skipped.
    """
    brackets = operators = 0
    for match in _TOKEN.finditer(source):
        token = match.group()
        if token in "([{":
            brackets += 1
            if brackets > MAX_BRACKETS:
                return "too many nested brackets to parse"
        elif token in ")]}":
            brackets = max(brackets - 1, 0)
        elif token == "\n":
            if brackets == 0:
                operators = 0
        else:
            operators += 1
            if operators > MAX_OPERATORS_PER_STATEMENT:
                return "a statement too long and complex to parse safely"
    return None
