"""libcst rewriting helpers shared by the fixers: replace nodes, insert into lists, rename.

Every rewrite replaces nodes of the original tree by identity and prints the
module back: what is not replaced is printed byte for byte as it was.
"""

from __future__ import annotations

from typing import Optional, Sequence

import libcst as cst

from .tree import SourceTree


def comma(previous: cst.Comma | cst.MaybeSentinel) -> cst.Comma:
    """A comma like ``previous`` (same line breaks and indentation) but without its comment."""
    if not isinstance(previous, cst.Comma):
        return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    after = previous.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace):
        after = after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return previous.with_changes(whitespace_after=after)


def insert_before(items: Sequence, index: int, new: cst.CSTNode) -> list:
    """Insert into a comma-separated sequence, spaced as the items around it are."""
    separator = comma(items[index - 1].comma) if index else comma(cst.MaybeSentinel.DEFAULT)
    return [*items[:index], new.with_changes(comma=separator), *items[index:]]


def append(items: Sequence, new: cst.CSTNode) -> list:
    """Add at the end of a comma-separated sequence (keeping a trailing comma where there was one)."""
    if not items:
        return [new]
    last = items[-1]
    if isinstance(last.comma, cst.Comma):
        return [*items, new.with_changes(comma=last.comma)]
    return [*items[:-1], last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), new]


def renamed(func: cst.BaseExpression, name: str) -> cst.BaseExpression:
    """``layers.Dense`` -> ``layers.Flatten``; ``Dense`` -> ``Flatten``."""
    if isinstance(func, cst.Attribute):
        return func.with_changes(attr=cst.Name(name))
    return cst.Name(name)


def import_change(tree: SourceTree, local: str, name: str, replacing: bool = False) -> Optional[dict]:
    """The change that makes ``name`` importable next to ``local`` (``from keras.layers import Dense``).

    ``replacing``: the call being fixed stops using ``local``; when it was
    its only use, the import of ``local`` is renamed (or dropped, ``name``
    being imported already) rather than left unused.
    """
    imports = tree.imports
    if imports is None:
        return None
    present = imports.keras_member(cst.Name(name)) == name  # already imported, or star-imported from Keras
    sole = replacing and sum(1 for node in tree.nodes(cst.Name) if node.value == local) == 2  # the import and this call
    for statement in tree.nodes(cst.ImportFrom):
        if isinstance(statement.names, cst.ImportStar):
            continue
        for index, alias in enumerate(statement.names):
            bound = alias.asname.name if alias.asname is not None else alias.name
            if not (isinstance(bound, cst.Name) and bound.value == local):
                continue
            if sole and alias.asname is None and not present:
                names = [*statement.names[:index], alias.with_changes(name=cst.Name(name)), *statement.names[index + 1:]]
            elif sole and alias.asname is None and len(statement.names) > 1:
                names = [item for item in statement.names if item is not alias]
                names[-1] = names[-1].with_changes(comma=statement.names[-1].comma)
            elif present:
                return {}
            else:
                names = insert_before(statement.names, index, cst.ImportAlias(cst.Name(name)))
            return {statement: statement.with_changes(names=names)}
    return {} if present else None


class _Replace(cst.CSTTransformer):
    """Replace nodes of the original tree, by identity, in one pass."""

    def __init__(self, changes: dict) -> None:
        super().__init__()
        self.changes = changes

    def on_leave(self, original_node, updated_node):  # type: ignore[no-untyped-def]
        change = self.changes.get(original_node, updated_node)
        return change(updated_node) if callable(change) else change


def rewritten(module: cst.Module, changes: dict) -> str:
    """The module's text with ``changes`` made: original node -> new node (or a ``cst.FlattenSentinel``
    of nodes, in a statement list), or -> a function of the node as rewritten inside it (a statement
    that gets a neighbour while something in it changes too)."""
    return module.visit(_Replace(changes)).code


def keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    """The argument ``name=`` of a call, if given."""
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)
