"""Quick fixes, one function per kind, each from a finding to the fixed text.

A fixer returns a :class:`Fix` (the text before and after) or None when no
fix is certainly safe; :mod:`.actions` turns the two texts into the smallest
edits. Tree fixes rewrite the libcst tree, which prints back every untouched
byte, so the user's formatting is kept by construction.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import libcst as cst

from ..interpreter.inputs import INPUT_KEYWORDS
from ..layers.registry import LEGACY_RENAMES
from ..results import Diagnostic
from .source_tree import SourceTree


@dataclass(frozen=True)
class Fix:
    title: str
    before: str
    after: str
    preferred: bool = False


Fixer = Callable[[Diagnostic, SourceTree], Optional[Fix]]

#: Legacy keywords whose values changed too (``dim_ordering='th'``): renaming alone would be wrong.
_VALUE_CHANGED = frozenset({"dim_ordering"})


def _comma(previous: cst.Comma | cst.MaybeSentinel) -> cst.Comma:
    """A comma like ``previous`` (same line breaks and indentation) but without its comment."""
    if not isinstance(previous, cst.Comma):
        return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    after = previous.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace):
        after = after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return previous.with_changes(whitespace_after=after)


def _insert_before(items: Sequence, index: int, new: cst.CSTNode) -> list:
    """Insert into a comma-separated sequence, spaced as the items around it are."""
    comma = _comma(items[index - 1].comma) if index else _comma(cst.MaybeSentinel.DEFAULT)
    return [*items[:index], new.with_changes(comma=comma), *items[index:]]


def _renamed(func: cst.BaseExpression, name: str) -> cst.BaseExpression:
    """``layers.Dense`` -> ``layers.Flatten``; ``Dense`` -> ``Flatten``."""
    if isinstance(func, cst.Attribute):
        return func.with_changes(attr=cst.Name(name))
    return cst.Name(name)


def _import_change(tree: SourceTree, local: str, name: str) -> Optional[dict]:
    """The change that makes ``name`` importable next to ``local`` (``from keras.layers import Dense``)."""
    imports = tree.imports
    if imports is None:
        return None
    if imports.keras_member(cst.Name(name)) == name:
        return {}  # already imported, or star-imported from Keras
    for statement in tree.nodes(cst.ImportFrom):
        if isinstance(statement.names, cst.ImportStar):
            continue
        for index, alias in enumerate(statement.names):
            bound = alias.asname.name if alias.asname is not None else alias.name
            if isinstance(bound, cst.Name) and bound.value == local:
                names = _insert_before(statement.names, index, cst.ImportAlias(cst.Name(name)))
                return {statement: statement.with_changes(names=names)}
    return None


class _Replace(cst.CSTTransformer):
    """Replace nodes of the original tree, by identity, in one pass."""

    def __init__(self, changes: dict) -> None:
        super().__init__()
        self.changes = changes

    def on_leave(self, original_node, updated_node):  # type: ignore[no-untyped-def]
        return self.changes.get(original_node, updated_node)


def _rewritten(module: cst.Module, changes: dict) -> str:
    return module.visit(_Replace(changes)).code


def insert_flatten(found: Diagnostic, tree: SourceTree) -> Optional[Fix]:
    """KC104: a ``Flatten()`` right before the Dense, spelled as the Dense is."""
    dense = tree.call_at(found.span)
    module = tree.module
    if module is None or dense is None or any(
        arg.keyword is not None and arg.keyword.value in INPUT_KEYWORDS for arg in dense.args
    ):
        return None
    flatten = cst.Call(func=_renamed(dense.func, "Flatten"))
    argument = tree.parent(dense)
    container = tree.parent(argument) if argument is not None else None
    if isinstance(argument, cst.Element) and isinstance(container, (cst.List, cst.Tuple)):
        index = list(container.elements).index(argument)
        elements = _insert_before(container.elements, index, cst.Element(flatten))
        changes = {container: container.with_changes(elements=elements)}
    elif isinstance(argument, cst.Arg) and isinstance(container, cst.Call) and _is_add(container):
        line = tree.parent(tree.parent(container))  # Call -> Expr -> SimpleStatementLine
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return None
        added = cst.SimpleStatementLine(
            [cst.Expr(cst.Call(func=container.func, args=[cst.Arg(flatten)]))], leading_lines=line.leading_lines
        )
        changes = {line: cst.FlattenSentinel([added, line.with_changes(leading_lines=())])}
    else:
        return None
    if isinstance(dense.func, cst.Name):
        imported = _import_change(tree, dense.func.value, "Flatten")
        if imported is None:
            return None
        changes.update(imported)
    title = f"Insert {module.code_for_node(flatten)} before this layer"
    return Fix(title, tree.parsed_source, _rewritten(module, changes), True)


def _is_add(call: cst.Call) -> bool:
    return isinstance(call.func, cst.Attribute) and call.func.attr.value == "add" and len(call.args) == 1


def modern_keyword(found: Diagnostic, tree: SourceTree) -> Optional[Fix]:
    """A legacy keyword the finding names (KC501: ``border_mode=``), renamed to its Keras 2+ spelling."""
    call = tree.call_at(found.span)
    module = tree.module
    if call is None or module is None:
        return None
    mentioned = set(re.findall(r"\w+", found.message))
    given = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    for arg in call.args:
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword in LEGACY_RENAMES and keyword in mentioned and keyword not in _VALUE_CHANGED:
            modern = LEGACY_RENAMES[keyword]
            if modern in given:
                continue  # both spellings given: renaming would make a duplicate keyword
            fixed = _rewritten(module, {arg: arg.with_changes(keyword=cst.Name(modern))})
            return Fix(f"Use {modern}= instead of {keyword}=", tree.parsed_source, fixed, True)
    return None


IGNORE_COMMENT = re.compile(r"#\s*kerascheck:\s*ignore\[([^\]]*)\]")


def _line_is_code(source: str, line: int) -> bool:
    """True unless the line ends inside a string (where a comment would be text)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.start[0] > line:
                break
            if token.type == tokenize.STRING and token.start[0] <= line < token.end[0]:
                return False
    except (tokenize.TokenError, SyntaxError):
        pass  # the rest of a half-typed file does not matter to this line
    return True


def ignore_comment(found: Diagnostic, tree: SourceTree) -> Optional[Fix]:
    """``# kerascheck: ignore[CODE]`` on the finding's line, joining an existing one."""
    lines = tree.source.splitlines(keepends=True)
    number = found.span.line
    if not 0 < number <= len(lines) or not _line_is_code(tree.source, number):
        return None
    line = lines[number - 1]
    body = line.rstrip("\r\n")
    existing = IGNORE_COMMENT.search(body)
    if existing:
        codes = [code.strip() for code in existing.group(1).split(",") if code.strip()]
        if found.code in codes:
            return None
        body = body[: existing.start(1)] + ", ".join([*codes, found.code]) + body[existing.end(1):]
    else:
        body = body.rstrip() + f"  # kerascheck: ignore[{found.code}]"
    lines[number - 1] = body + line[len(line.rstrip("\r\n")):]
    return Fix(f"Ignore {found.code} on this line", tree.source, "".join(lines))


def _is_legacy(code: str) -> bool:
    return code.startswith("KC5")


#: (which findings, fixer), in the order the fixes are offered.
FIXERS: tuple = (
    (lambda code: code == "KC104", insert_flatten),
    (_is_legacy, modern_keyword),
    (lambda code: code not in ("KC002", "KC003"), ignore_comment),
)


def fixes_for(found: Diagnostic, tree: SourceTree) -> list:
    return [fix for applies, fixer in FIXERS if applies(found.code) for fix in [fixer(found, tree)] if fix is not None]
