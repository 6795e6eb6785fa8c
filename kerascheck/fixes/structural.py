"""Fixes that change a model's structure where the finding makes the change certain.

* KC104 (a Dense on an N-D input): ``Flatten()`` inserted before the Dense, in
  a ``Sequential([...])`` list, before ``model.add(Dense)``, or around the
  tensor a functional Dense is called on.
* KC102 (a recurrent layer fed the 2D output of another): ``return_sequences=True``
  on the recurrent layer right before it.
* KC402 (a cross-entropy on logits): the loss class with ``from_logits=True``.

Each changes what the model computes (to what was almost certainly meant):
all are unsafe, applied with ``--unsafe-fixes`` only.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ..imports import dotted_name
from ..interpreter.inputs import INPUT_KEYWORDS
from ..results import Diagnostic
from . import Fixer, Proposal
from .rewrite import append, import_change, insert_before, keyword, renamed, rewritten
from .tree import SourceTree

#: Recurrent layers that take ``return_sequences``, and the wrappers that pass a layer's output through.
RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"})
WRAPPERS = frozenset({"Bidirectional"})
#: Loss names and the class that takes ``from_logits``.
LOSS_CLASSES = {
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "binary_crossentropy": "BinaryCrossentropy",
}


def insert_flatten(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """KC104: a ``Flatten()`` right before the Dense, spelled as the Dense is."""
    dense = tree.call_at(found.span)
    module = tree.module
    applied = None  # functional: the call of the Dense on its tensor, ``Dense(10)(x)``
    if dense is not None and isinstance(dense.func, cst.Call):
        dense, applied = dense.func, dense
    if module is None or dense is None or any(
        arg.keyword is not None and arg.keyword.value in INPUT_KEYWORDS for arg in dense.args
    ):
        return None
    flatten = cst.Call(func=renamed(dense.func, "Flatten"))
    argument = tree.parent(dense)
    container = tree.parent(argument) if argument is not None else None
    if applied is not None:
        if len(applied.args) != 1 or applied.args[0].keyword is not None or applied.args[0].star:
            return None
        tensor = applied.args[0]
        changes = {tensor: tensor.with_changes(value=cst.Call(func=flatten, args=[cst.Arg(tensor.value)]))}
    elif isinstance(argument, cst.Element) and isinstance(container, (cst.List, cst.Tuple)):
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


def _name(call: cst.BaseExpression) -> str:
    """``LSTM`` for ``LSTM(...)``, ``layers.LSTM(...)``; "" for anything else."""
    if not isinstance(call, cst.Call):
        return ""
    dotted = dotted_name(call.func) or ""
    return dotted.rsplit(".", 1)[-1]


def _previous_layer(tree: SourceTree, call: cst.Call) -> cst.BaseExpression | None:
    """The layer right before ``call`` in a ``Sequential([...])`` list or a run of ``model.add(...)`` lines."""
    argument = tree.parent(call)
    container = tree.parent(argument) if argument is not None else None
    if isinstance(argument, cst.Element) and isinstance(container, (cst.List, cst.Tuple)):
        index = list(container.elements).index(argument)
        return container.elements[index - 1].value if index else None
    if isinstance(argument, cst.Arg) and isinstance(container, cst.Call) and _is_add(container):
        line = tree.parent(tree.parent(container))
        block = tree.parent(line) if line is not None else None
        body = list(getattr(block, "body", ()))
        index = body.index(line) if line in body else 0
        before = body[index - 1] if index else None
        if isinstance(before, cst.SimpleStatementLine) and len(before.body) == 1 and isinstance(before.body[0], cst.Expr):
            added = before.body[0].value
            if isinstance(added, cst.Call) and _is_add(added) and added.func.value.deep_equals(container.func.value):
                return added.args[0].value
    return None


def return_sequences(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """KC102 on a recurrent layer fed a 2D tensor by the recurrent layer before it: ``return_sequences=True`` there."""
    call = tree.call_at(found.span)
    if call is None or tree.module is None or _name(call) not in RECURRENT or "got a 2D input" not in found.message:
        return None
    previous = _previous_layer(tree, call)
    if _name(previous) in WRAPPERS and previous.args and previous.args[0].keyword is None:
        previous = previous.args[0].value
    if _name(previous) not in RECURRENT:
        return None
    given = keyword(previous, "return_sequences")
    if given is None:
        fixed = previous.with_changes(args=append(previous.args, cst.Arg(cst.Name("True"), keyword=cst.Name("return_sequences"),
                                                                           equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))))
    elif isinstance(given.value, cst.Name) and given.value.value == "False":
        fixed = previous.with_changes(args=[arg.with_changes(value=cst.Name("True")) if arg is given else arg for arg in previous.args])
    else:
        return None
    return Proposal("Return the whole sequence from the recurrent layer before", rewritten(tree.module, {previous: fixed}))


def _losses(tree: SourceTree) -> Optional[tuple]:
    """(how the file can name ``keras.losses``, the import change that makes it so), or None."""
    imports = tree.imports
    if imports is None:
        return None
    for local, qualified in imports.aliases.items():
        if qualified in ("keras.losses", "tensorflow.keras.losses"):
            return cst.Name(local), {}
    for local, qualified in imports.aliases.items():
        if qualified in ("keras", "tensorflow.keras"):
            return cst.Attribute(cst.Name(local), cst.Name("losses")), {}
    for statement in tree.nodes(cst.ImportFrom):
        module = dotted_name(statement.module) if statement.module is not None and not statement.relative else None
        if module in ("keras", "tensorflow.keras") and not isinstance(statement.names, cst.ImportStar) and "losses" not in imports.aliases:
            names = list(statement.names)
            return cst.Name("losses"), {statement: statement.with_changes(names=append(names, cst.ImportAlias(cst.Name("losses"))))}
    return None


def from_logits(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """KC402: ``loss='categorical_crossentropy'`` -> ``loss=losses.CategoricalCrossentropy(from_logits=True)``."""
    call = tree.call_at(found.span)
    loss = keyword(call, "loss") if call is not None else None
    if loss is None or tree.module is None:
        return None
    flag = cst.Arg(cst.Name("True"), keyword=cst.Name("from_logits"),
                   equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
    value = loss.value
    if isinstance(value, cst.SimpleString) and value.evaluated_value in LOSS_CLASSES:
        reference = _losses(tree)
        if reference is None:
            return None
        module, changes = reference
        changes[loss] = loss.with_changes(value=cst.Call(cst.Attribute(module, cst.Name(LOSS_CLASSES[value.evaluated_value])), args=[flag]))
    elif _name(value) in LOSS_CLASSES.values() and keyword(value, "from_logits") is None:
        changes = {value: value.with_changes(args=append(value.args, flag))}
    else:
        return None
    return Proposal("Compute the loss from logits (from_logits=True)", rewritten(tree.module, changes))


STRUCTURAL_FIXERS = (
    Fixer(("KC104",), insert_flatten, False, "inserts `Flatten()` before the Dense (Sequential list, `model.add`, or the functional call)"),
    Fixer(("KC102",), return_sequences, False,
          "adds `return_sequences=True` to the recurrent layer that feeds a 2D tensor to another recurrent layer"),
    Fixer(("KC402",), from_logits, False, "computes the loss from logits: `losses.CategoricalCrossentropy(from_logits=True)` for the loss name"),
)
