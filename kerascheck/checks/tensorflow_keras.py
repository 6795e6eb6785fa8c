"""KC614's reading of a file: the ``tensorflow.keras`` spellings that can be written with ``keras``.

The check reports them (``legacy.py``) and the fix rewrites them
(``fixes/tensorflow_keras.py``), both from :func:`moves`, so that what is
reported is what is fixed. A spelling moves only where Keras 3's ``keras``
gives the very object ``tensorflow.keras`` gives (``target/tensorflow_keras.py``):

* a name imported from ``tensorflow.keras`` (``from tensorflow.keras.layers import
  Dense``, ``from tensorflow import keras``, ``import tensorflow.keras.backend as K``)
  moves when it is the same object in ``keras``, or is a module of which the file
  reads only members that are: every use of the name is looked at, through
  libcst's scope analysis (``K.int_shape`` keeps ``K`` on ``tensorflow.keras``:
  Keras 3's ``keras.backend`` has no ``int_shape``). The other names of the
  statement stay where they are;
* an attribute chain through ``tensorflow`` itself (``tf.keras.layers.Dense``,
  ``tensorflow.keras.Model``) moves when it ends on the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst
from libcst.metadata import ImportAssignment, MetadataWrapper, ParentNodeProvider, ScopeProvider

from .. import walk
from ..imports import dotted_name
from ..target.tensorflow_keras import differing_module, same_in_keras

#: How the name ``keras`` is bound where a chain is: to ``keras`` (or ``tensorflow.keras``) by an
#: import before it; not at all (``import keras`` can be added); to something else (no fix).
IMPORTED, FREE, TAKEN = "imported", "free", "taken"


@dataclass(frozen=True)
class Move:
    """One ``tensorflow.keras`` spelling that ``keras`` can replace."""

    #: The import statement, or the attribute chain (``tf.keras.layers.Dense``).
    node: cst.CSTNode
    written: str
    modern: str
    #: An import's aliases that move to ``keras`` (the statement's others stay).
    moved: tuple = ()
    #: The names of the import that stay on ``tensorflow.keras``: not the same in Keras 3's ``keras``.
    kept: tuple = ()
    #: A chain's import of ``tensorflow``, after which ``import keras`` goes when it is needed.
    anchor: Optional[cst.CSTNode] = None
    #: How ``keras`` is bound where a chain is (:data:`IMPORTED`, :data:`FREE`, :data:`TAKEN`).
    keras_name: str = IMPORTED

    @property
    def message(self) -> str:
        kept = f" (kept: {', '.join(self.kept)}; Keras 3's keras differs there)" if self.kept else ""
        return f"{self.written} → {self.modern}: the same {'objects' if len(self.moved) > 1 else 'object'} in Keras 3{kept}"


@walk.keeps_last
def moves(module: cst.Module) -> list:
    """Every :class:`Move` of the module, imports first, each in source order.

    The last answer is kept: the fix of each finding asks it of the same tree.
    """
    return _moves(module) if _mentions_tensorflow_keras(module) else []


def _mentions_tensorflow_keras(module: cst.Module) -> bool:
    """Whether the module imports from ``tensorflow.keras`` or writes ``tf.keras`` (``tf`` imported as
    ``tensorflow``): a cheap look before libcst's scope analysis, which costs about a second on a
    4,500-line module (TensorFlow's own modules import ``tensorflow`` without using ``tf.keras``)."""
    roots = set()
    for statement in walk.statements(module):
        if isinstance(statement, cst.ImportFrom) and not statement.relative and statement.module is not None:
            name = dotted_name(statement.module)
            if _under(name, "tensorflow.keras") or (name == "tensorflow" and not isinstance(statement.names, cst.ImportStar)
                                                     and any(alias.evaluated_name == "keras" for alias in statement.names)):
                return True
        elif isinstance(statement, cst.Import):
            for alias in statement.names:
                if alias.asname is not None and _under(alias.evaluated_name, "tensorflow.keras"):
                    return True
                if alias.asname is not None and alias.evaluated_name == "tensorflow":
                    roots.add(alias.evaluated_alias)
                elif alias.asname is None and _under(alias.evaluated_name, "tensorflow"):
                    roots.add("tensorflow")
    return bool(roots) and any(isinstance(node, cst.Attribute) and node.attr.value == "keras" and isinstance(node.value, cst.Name)
                               and node.value.value in roots for node in walk.every_node(module))


def _under(dotted: Optional[str], root: str) -> bool:
    return dotted is not None and (dotted == root or dotted.startswith(root + "."))


def _keras_parts(qualified: str) -> Optional[list]:
    """``["layers", "Dense"]`` for ``tensorflow.keras.layers.Dense``, ``[]`` for ``tensorflow.keras``; None elsewhere."""
    return qualified.split(".")[2:] if _under(qualified, "tensorflow.keras") else None


class _File:
    """The module with libcst's scopes and parents, and its statements' source order."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.scopes = wrapper.resolve(ScopeProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.order = {id(statement): index for index, statement in enumerate(walk.statements(module))}

    def imports(self) -> list:
        """Every name bound by an import, in any scope, in source order."""
        scopes = {scope for scope in self.scopes.values() if scope is not None}
        found = [assignment for scope in scopes for assignment in scope.assignments if isinstance(assignment, ImportAssignment)]
        return sorted(found, key=lambda assignment: (self.order.get(id(assignment.node), 0), assignment.name))

    def chain(self, node: cst.CSTNode) -> cst.CSTNode:
        """The whole attribute chain ``node`` starts (``tf`` -> ``tf.keras.layers.Dense``)."""
        parent = self.parents.get(node)
        while isinstance(parent, cst.Attribute) and parent.value is node:
            node, parent = parent, self.parents.get(parent)
        return node

    def statement(self, node: cst.CSTNode) -> int:
        """The source rank of the statement ``node`` is in."""
        while node is not None and id(node) not in self.order:
            node = self.parents.get(node)
        return self.order.get(id(node), 0)


def _alias(assignment: ImportAssignment) -> Optional[cst.ImportAlias]:
    """The alias of the import statement that binds ``assignment`` (``import a.b`` binds ``a`` and ``a.b``)."""
    statement = assignment.node
    if isinstance(statement.names, cst.ImportStar):
        return None
    for alias in statement.names:
        if alias.asname is not None or isinstance(statement, cst.ImportFrom):
            if (alias.evaluated_alias or alias.evaluated_name) == assignment.name:
                return alias
        elif _under(alias.evaluated_name, assignment.name):
            return alias
    return None


def bound(assignment: ImportAssignment) -> Optional[str]:
    """What an import binds, qualified: ``tensorflow.keras.layers`` for ``from tensorflow.keras import layers``,
    ``tensorflow`` for ``import tensorflow.keras`` (Python binds the top package)."""
    alias = _alias(assignment)
    if alias is None:
        return None
    statement = assignment.node
    if isinstance(statement, cst.ImportFrom):
        module = dotted_name(statement.module) if statement.module is not None and not statement.relative else None
        return f"{module}.{alias.evaluated_name}" if module else None
    return alias.evaluated_name if alias.asname is not None else assignment.name.split(".", 1)[0]


def _moves(module: cst.Module) -> list:
    file = _File(module)
    statements: dict = {}  # id(import statement) -> (statement, [(alias, moves?)])
    chains: dict = {}
    for assignment in file.imports():
        qualified = bound(assignment)
        if qualified is None:
            continue
        if qualified == "tensorflow" and isinstance(assignment.node, cst.Import):
            for access in assignment.references:
                move = _chain_move(file, access)
                if move is not None:
                    chains.setdefault(id(move.node), move)
            continue
        parts = _keras_parts(qualified)
        if parts is not None:
            moving = same_in_keras(parts) or (differing_module(parts) is not None and all(
                _reads_same(file, parts, access.node) for access in assignment.references))
            statements.setdefault(id(assignment.node), (assignment.node, []))[1].append((_alias(assignment), moving))
    found = [move for statement, aliases in statements.values() for move in [_import_move(statement, aliases)] if move]
    return found + sorted(chains.values(), key=lambda move: file.statement(move.node))


def _reads_same(file: _File, parts: list, use: cst.CSTNode) -> bool:
    """Whether a use of a name bound to the module ``tensorflow.keras.<parts>`` reads a member that is the same in ``keras``."""
    dotted = dotted_name(file.chain(use)) if isinstance(use, cst.Name) else None
    return dotted is not None and same_in_keras([*parts, *dotted.split(".")[1:]])


def _alias_text(alias: cst.ImportAlias) -> str:
    return alias.evaluated_name + (f" as {alias.evaluated_alias}" if alias.evaluated_alias else "")


def _import_move(statement: cst.CSTNode, aliases: list) -> Optional[Move]:
    moved = tuple(alias for alias, moving in aliases if moving)
    if not moved:
        return None
    kept = tuple(_alias_text(alias) for alias, moving in aliases if not moving)
    names = ", ".join(_alias_text(alias) for alias in moved)
    if isinstance(statement, cst.Import):  # ``import tensorflow.keras.backend as K``
        written, modern = f"import {names}", "import " + ", ".join(_alias_text(alias)[len("tensorflow."):] for alias in moved)
    else:
        module = dotted_name(statement.module)
        written = f"from {module} import {names}"
        modern = f"import {names}" if module == "tensorflow" else f"from keras{module[len('tensorflow.keras'):]} import {names}"
    return Move(statement, written, modern, moved, kept)


def _binds_tensorflow(assignment: object) -> bool:
    return isinstance(assignment, ImportAssignment) and isinstance(assignment.node, cst.Import) and bound(assignment) == "tensorflow"


def _chain_move(file: _File, access: object) -> Optional[Move]:
    """The move of ``tf.keras.<...>`` started by one use of ``tensorflow``'s name, if it ends on the same object."""
    if not all(_binds_tensorflow(referent) for referent in access.referents):
        return None  # ``tf`` may also be bound to something else there
    chain = file.chain(access.node)
    dotted = dotted_name(chain)
    if dotted is None or "." not in dotted:
        return None
    parts = _keras_parts("tensorflow." + dotted.split(".", 1)[1])
    if not parts or not same_in_keras(parts):
        return None
    anchor = min((referent.node for referent in access.referents), key=lambda node: file.order.get(id(node), 0))
    return Move(chain, dotted, "keras." + ".".join(parts), anchor=anchor, keras_name=_keras_name(file, access.node))


def _keras_name(file: _File, use: cst.CSTNode) -> str:
    """How ``keras`` is bound where ``use`` is: :data:`IMPORTED` (``keras`` or ``tensorflow.keras``, imported before), :data:`FREE`, :data:`TAKEN`."""
    scope = file.scopes.get(use)
    if scope is None:
        return TAKEN
    visible = scope["keras"]
    if not visible:
        return FREE
    here = file.statement(use)
    for assignment in visible:
        if not isinstance(assignment, ImportAssignment) or bound(assignment) not in ("keras", "tensorflow.keras"):
            return TAKEN
        if assignment.scope is scope and file.order.get(id(assignment.node), 0) > here:
            return TAKEN  # imported after the use, in the same scope: not bound yet when it runs
    return IMPORTED
