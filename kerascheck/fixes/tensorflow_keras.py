"""KC614's fix: a ``tensorflow.keras`` spelling written with ``keras`` (as ``checks/tensorflow_keras.py`` found it).

* ``from tensorflow.keras.layers import Dense`` -> ``from keras.layers import Dense``; the
  names that must stay (``backend as K`` where the file reads ``K.int_shape``) keep a
  ``from tensorflow.keras import ...`` of their own, on the next line;
* ``from tensorflow import keras`` -> ``import keras``; ``import tensorflow.keras.backend as K``
  -> ``import keras.backend as K``;
* ``tf.keras.layers.Dense`` -> ``keras.layers.Dense``, with ``import keras`` added on the line
  after the import of ``tensorflow`` when nothing binds ``keras`` there yet (none when a name
  ``keras`` is bound to something else: no fix then).

Safe: under Keras 3 with TensorFlow installed, each new spelling gives the very
object the old one gave, so the program does what it did. Nothing is removed:
the import of ``tensorflow`` stays even where its last ``tf.keras`` goes
(importing TensorFlow does things of its own; an unused-import fixer, such as
ruff's F401, removes it when that is wanted).
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ..checks.tensorflow_keras import FREE, TAKEN, Move, moves
from ..imports import dotted_name
from ..results import Diagnostic
from . import Proposal
from .rewrite import rewritten
from .tree import SourceTree


def _to_keras(node: cst.BaseExpression) -> cst.BaseExpression:
    """``tensorflow.keras.layers`` -> ``keras.layers``; ``tf.keras.Model`` -> ``keras.Model``."""
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        return cst.Name("keras")
    return node.with_changes(value=_to_keras(node.value))


def _closed(aliases: tuple, statement: cst.ImportFrom) -> list:
    """``aliases`` as a statement's whole list, ending as the statement's list ended (a trailing
    comma only inside parentheses), with the comment of the last one's own comma, if any."""
    last, end = aliases[-1], statement.names[-1].comma
    if last is statement.names[-1]:
        return list(aliases)
    own = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else None
    line = own.first_line if isinstance(own, cst.ParenthesizedWhitespace) else cst.TrailingWhitespace()
    closing = end.whitespace_after if isinstance(end, cst.Comma) else None
    if isinstance(closing, cst.ParenthesizedWhitespace):
        end = end.with_changes(whitespace_after=closing.with_changes(first_line=line))
    elif line.comment is not None:
        end = last.comma  # the list closes on the next line: keep the comment before it
    return [*aliases[:-1], last.with_changes(comma=end)]


def _import_changes(move: Move, tree: SourceTree) -> dict:
    statement = move.node
    if isinstance(statement, cst.Import):
        return {alias: alias.with_changes(name=_to_keras(alias.name)) for alias in move.moved}
    remaining = tuple(alias for alias in statement.names if alias not in move.moved)
    from_tensorflow = dotted_name(statement.module) == "tensorflow"  # ``from tensorflow import keras``
    if from_tensorflow:
        new = cst.Import(names=[cst.ImportAlias(cst.Name("keras"), asname=move.moved[0].asname)])
    else:
        new = statement.with_changes(module=_to_keras(statement.module), names=_closed(move.moved, statement))
    if not remaining:
        return {statement: new.with_changes(semicolon=statement.semicolon)} if from_tensorflow else {statement.module: new.module}
    kept = statement.with_changes(names=_closed(remaining, statement))
    line = tree.parent(statement)
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        return {line: cst.FlattenSentinel([line.with_changes(body=[new], trailing_whitespace=cst.TrailingWhitespace()),
                                           line.with_changes(body=[kept], leading_lines=())])}
    return {statement: cst.FlattenSentinel([new.with_changes(semicolon=cst.MaybeSentinel.DEFAULT), kept])}


def _chain_changes(move: Move, tree: SourceTree) -> Optional[dict]:
    if move.keras_name == TAKEN:
        return None
    changes: dict = {move.node: _to_keras(move.node)}
    if move.keras_name == FREE:
        line = tree.parent(move.anchor)
        if not isinstance(line, cst.SimpleStatementLine):
            return None  # ``if x: import tensorflow as tf``: no line of its own to follow
        added = cst.SimpleStatementLine([cst.Import([cst.ImportAlias(cst.Name("keras"))])])
        changes[line] = lambda updated: cst.FlattenSentinel([updated, added])
    return changes


def tensorflow_keras(found: Diagnostic, tree: SourceTree) -> Optional[Proposal]:
    """The KC614 finding's spelling, written with ``keras``."""
    if tree.module is None:
        return None
    move = next((move for move in moves(tree.module) if tree.span(move.node) == found.span), None)
    if move is None:
        return None
    if isinstance(move.node, (cst.Import, cst.ImportFrom)):
        return Proposal("Import from keras", rewritten(tree.module, _import_changes(move, tree)))
    changes = _chain_changes(move, tree)
    return Proposal(f"Use {move.modern}", rewritten(tree.module, changes)) if changes is not None else None
