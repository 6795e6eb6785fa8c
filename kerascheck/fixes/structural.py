"""Fixes that change a model's structure where the finding makes the change certain.

KC104 (a Dense on an N-D input): ``Flatten()`` inserted before the Dense, in
a ``Sequential([...])`` list, before ``model.add(Dense)``, or around the
tensor a functional Dense is called on.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ..interpreter.inputs import INPUT_KEYWORDS
from ..results import Diagnostic
from . import Fixer, Proposal
from .rewrite import import_change, insert_before, renamed, rewritten
from .tree import SourceTree


def insert_flatten(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """KC104: a ``Flatten()`` right before the Dense, spelled as the Dense is."""
    dense = tree.call_at(found.span)
    module = tree.module
    if module is None or dense is None or any(
        arg.keyword is not None and arg.keyword.value in INPUT_KEYWORDS for arg in dense.args
    ):
        return None
    flatten = cst.Call(func=renamed(dense.func, "Flatten"))
    argument = tree.parent(dense)
    container = tree.parent(argument) if argument is not None else None
    if isinstance(argument, cst.Element) and isinstance(container, (cst.List, cst.Tuple)):
        index = list(container.elements).index(argument)
        elements = insert_before(container.elements, index, cst.Element(flatten))
        changes = {container: container.with_changes(elements=elements)}
    elif isinstance(argument, cst.Arg) and isinstance(container, cst.Call) and _is_add(container):
        line = tree.parent(tree.parent(container))  # Call -> Expr -> SimpleStatementLine
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return None
        added = cst.SimpleStatementLine(
            [cst.Expr(cst.Call(func=container.func, args=[cst.Arg(flatten)]))], leading_lines=line.leading_lines
        )
        changes = {line: cst.FlattenSentinel([added, line.with_changes(leading_lines=())])}
    elif isinstance(argument, cst.Call) and argument.func is dense and len(argument.args) == 1 and argument.args[0].keyword is None:
        # functional: Dense(10)(x) -> Dense(10)(Flatten()(x))
        tensor = argument.args[0]
        changes = {tensor: tensor.with_changes(value=cst.Call(func=flatten, args=[cst.Arg(tensor.value)]))}
    else:
        return None
    if isinstance(dense.func, cst.Name):
        imported = import_change(tree, dense.func.value, "Flatten")
        if imported is None:
            return None
        changes.update(imported)
    return Proposal(f"Insert {module.code_for_node(flatten)} before this layer", rewritten(module, changes))


def _is_add(call: cst.Call) -> bool:
    return isinstance(call.func, cst.Attribute) and call.func.attr.value == "add" and len(call.args) == 1


STRUCTURAL_FIXERS = (
    Fixer(("KC104",), insert_flatten, False, "inserts `Flatten()` before the Dense (Sequential list, `model.add`, or the functional call)"),
)
